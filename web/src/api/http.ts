import type { FieldError, Problem } from './types';

/**
 * What went wrong, in the terms the pages act on: a missing thing and an unavailable one
 * get their own pages, everything else is offered a retry.
 */
export type ApiErrorKind = 'not-found' | 'unavailable' | 'network' | 'server' | 'client';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly problem: Problem | null;
  /** Seconds from a Retry-After header (429, 503), when the server sent one. */
  readonly retryAfter: number | null;

  constructor(
    kind: ApiErrorKind,
    status: number,
    problem: Problem | null,
    message: string,
    retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** The server's explanation in the requested language, when it gave one. */
  get detail(): string | null {
    return this.problem?.detail ?? this.problem?.title ?? null;
  }

  /** The stable machine code of the problem ("invalid_credentials", …), or null. */
  get code(): string | null {
    return typeof this.problem?.code === 'string' ? this.problem.code : null;
  }

  /** Field errors of a 422, keeping only well-formed entries. */
  get fieldErrors(): FieldError[] {
    const errors = this.problem?.errors;
    if (!Array.isArray(errors)) return [];
    return errors.filter(
      (error): error is FieldError =>
        error !== null && typeof error === 'object' && typeof error.field === 'string',
    );
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RequestOptions {
  /** Sent as Accept-Language so that problem details come back in the user's language. */
  locale: string;
  fetchImpl?: FetchLike;
  signal?: AbortSignal;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export const kCsrfCookie = 'gh_csrf';
export const kCsrfHeader = 'X-CSRF-Token';
export const kCsrfPath = '/api/v1/auth/csrf';

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 404) return 'not-found';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'server';
  return 'client';
}

export function readCookie(name: string, cookies: string = globalThis.document?.cookie ?? ''): string | null {
  for (const part of cookies.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    try {
      return value ? decodeURIComponent(value) : null;
    } catch {
      return value;
    }
  }
  return null;
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

function retryAfterSeconds(response: Response): number | null {
  const header = response.headers.get('Retry-After');
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function fetcher(options: RequestOptions): FetchLike {
  return options.fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
}

async function send(
  method: Method,
  path: string,
  options: RequestOptions,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Response> {
  try {
    return await fetcher(options)(path, {
      method,
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': options.locale,
        ...headers,
      },
      body,
      // The session and CSRF cookies belong to this origin only.
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError('network', 0, null, `${method} ${path}: ${String(error)}`);
  }
}

async function failure(method: Method, path: string, response: Response): Promise<ApiError> {
  const problem = await readProblem(response);
  return new ApiError(
    kindForStatus(response.status),
    response.status,
    problem,
    `${method} ${path}: HTTP ${response.status}`,
    retryAfterSeconds(response),
  );
}

async function readBody<T>(method: Method, path: string, response: Response): Promise<T> {
  if (!isJson(response)) {
    throw new ApiError('server', response.status, null, `${method} ${path}: not JSON`);
  }
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError('server', response.status, null, `${method} ${path}: malformed JSON`);
  }
}

export async function getJson<T>(path: string, options: RequestOptions): Promise<T> {
  const response = await send('GET', path, options, {}, undefined);
  if (!response.ok) throw await failure('GET', path, response);
  return readBody<T>('GET', path, response);
}

/**
 * A binary answer (an image, a PDF) fetched with the session cookie, for pages that show or
 * save it themselves; a refusal becomes an ApiError like any other.
 */
export async function getBlob(path: string, options: RequestOptions): Promise<Blob> {
  const response = await send('GET', path, options, { Accept: '*/*' }, undefined);
  if (!response.ok) throw await failure('GET', path, response);
  return response.blob();
}

/**
 * The CSRF token to send: the `gh_csrf` cookie, fetched first when the browser has none
 * (`fresh` asks for a new one after the server refused the old one).
 */
export async function csrfToken(options: RequestOptions, fresh = false): Promise<string> {
  const existing = fresh ? null : readCookie(kCsrfCookie);
  if (existing) return existing;
  const response = await send('GET', kCsrfPath, options, {}, undefined);
  if (!response.ok) throw await failure('GET', kCsrfPath, response);
  const token = readCookie(kCsrfCookie);
  if (!token) throw new ApiError('server', response.status, null, `GET ${kCsrfPath}: no ${kCsrfCookie} cookie`);
  return token;
}

/**
 * A state-changing request: JSON body, the CSRF header, and one retry with a fresh token
 * when the server says the token went stale (it rotates at sign-in and sign-out). Returns
 * the JSON body, or null for an empty answer (204, 202 without body).
 */
export async function sendJson<T = null>(
  method: Exclude<Method, 'GET'>,
  path: string,
  body: unknown,
  options: RequestOptions,
): Promise<T> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = (token: string): Record<string, string> => ({
    [kCsrfHeader]: token,
    ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
  });
  let response = await send(method, path, options, headers(await csrfToken(options)), payload);
  if (response.status === 403) {
    const refused = await failure(method, path, response.clone());
    if (refused.code !== 'csrf_failed') throw refused;
    response = await send(method, path, options, headers(await csrfToken(options, true)), payload);
  }
  if (!response.ok) throw await failure(method, path, response);
  if (response.status === 204 || !isJson(response)) return null as T;
  const text = await response.text();
  if (!text) return null as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError('server', response.status, null, `${method} ${path}: malformed JSON`);
  }
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
