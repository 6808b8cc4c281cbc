import type { Problem } from './types';

/**
 * What went wrong, in the terms the pages act on: a missing thing and an unavailable one
 * get their own pages, everything else is offered a retry.
 */
export type ApiErrorKind = 'not-found' | 'unavailable' | 'network' | 'server' | 'client';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly problem: Problem | null;

  constructor(kind: ApiErrorKind, status: number, problem: Problem | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.problem = problem;
  }

  /** The server's explanation in the requested language, when it gave one. */
  get detail(): string | null {
    return this.problem?.detail ?? this.problem?.title ?? null;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  /** Sent as Accept-Language so that problem details come back in the user's language. */
  locale: string;
  fetchImpl?: FetchLike;
  signal?: AbortSignal;
}

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 404) return 'not-found';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'server';
  return 'client';
}

function isJson(response: Response): boolean {
  const type = response.headers.get('Content-Type') ?? '';
  return /^application\/(problem\+)?json\b/i.test(type);
}

async function readProblem(response: Response): Promise<Problem | null> {
  if (!isJson(response)) return null;
  try {
    const body: unknown = await response.json();
    return body !== null && typeof body === 'object' ? (body as Problem) : null;
  } catch {
    return null;
  }
}

export async function getJson<T>(path: string, options: RequestOptions): Promise<T> {
  const fetchImpl = options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method: 'GET',
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': options.locale,
      },
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('network', 0, null, `GET ${path}: ${String(error)}`);
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    throw new ApiError(
      kindForStatus(response.status),
      response.status,
      problem,
      `GET ${path}: HTTP ${response.status}`,
    );
  }
  if (!isJson(response)) {
    throw new ApiError('server', response.status, null, `GET ${path}: not JSON`);
  }
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError('server', response.status, null, `GET ${path}: malformed JSON`);
  }
}
