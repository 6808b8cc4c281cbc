/**
 * The requests the form renderer makes itself (notes: /work/notes/forms-api.md): the region tree,
 * the tenant's organisation registry, and file uploads. Loading and checking a form, the profile
 * and submitting are the pages' business.
 */
import { ApiError, csrfToken, getJson, kCsrfHeader, kindForStatus, query, type RequestOptions } from '@/api/http';
import type { Problem } from '@/api/types';
import type { CommitteeMember, Organisation, OrganisationPage, Region, UploadReceipt } from './types';
import { uploadExtension } from './validate';

function tenantPath(slug: string): string {
  return `/api/v1/t/${encodeURIComponent(slug)}`;
}

let regions: Promise<Region[]> | null = null;

/** The province / city / district tree, fetched once per page load and shared by every field. */
export function fetchRegions(options: RequestOptions): Promise<Region[]> {
  if (!regions) {
    regions = getJson<Region[]>('/api/v1/regions', options).catch((error: unknown) => {
      // A failed load is not kept, so that "retry" asks again.
      regions = null;
      throw error;
    });
  }
  return regions;
}

/** Forgets the cached region tree (tests start each case afresh). */
export function forgetRegions(): void {
  regions = null;
}

/** Organisations whose name or credit code contains `q` (at least 2 characters). */
export function searchOrganisations(
  slug: string,
  q: string,
  options: RequestOptions,
  pageSize = 20,
): Promise<OrganisationPage> {
  return getJson<OrganisationPage>(
    `${tenantPath(slug)}/organisations${query({ q, page: 1, page_size: pageSize })}`,
    options,
  );
}

/** One organisation; a merged one answers with the item it was merged into. */
export function getOrganisation(slug: string, id: string, options: RequestOptions): Promise<Organisation> {
  return getJson<Organisation>(`${tenantPath(slug)}/organisations/${encodeURIComponent(id)}`, options);
}

/** Committee members of the tenant's realm whose name contains `q`. */
export async function searchCommitteeMembers(
  slug: string,
  q: string,
  options: RequestOptions,
): Promise<CommitteeMember[]> {
  return (await getJson<{ items: CommitteeMember[] }>(`${tenantPath(slug)}/committee-members${query({ q })}`, options))
    .items;
}

/** One committee member of the tenant's realm. */
export function getCommitteeMember(slug: string, id: string, options: RequestOptions): Promise<CommitteeMember> {
  return getJson<CommitteeMember>(`${tenantPath(slug)}/committee-members/${encodeURIComponent(id)}`, options);
}

/** Where an uploaded file can be seen again, by whoever may see it. */
export function uploadUrl(slug: string, id: string): string {
  return `${tenantPath(slug)}/uploads/${encodeURIComponent(id)}`;
}

const kMediaTypes: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** The type the upload declares; the server matches it against the file's magic bytes. */
export function declaredType(name: string): string {
  return kMediaTypes[uploadExtension(name)] ?? 'application/octet-stream';
}

async function problemOf(response: Response): Promise<Problem | null> {
  if (!/^application\/(problem\+)?json\b/i.test(response.headers.get('Content-Type') ?? '')) return null;
  try {
    const body: unknown = await response.json();
    return body !== null && typeof body === 'object' ? (body as Problem) : null;
  } catch {
    return null;
  }
}

/**
 * Sends one file as the raw request body (not multipart), as the upload endpoint of
 * `form`'s field `field` takes it, with the CSRF header and one retry with a fresh token when
 * the server says the token went stale.
 */
export async function uploadFile(
  slug: string,
  form: string,
  field: string,
  file: File,
  options: RequestOptions,
): Promise<UploadReceipt> {
  const path = `${tenantPath(slug)}/uploads${query({ form, field, name: file.name })}`;
  const fetcher = options.fetchImpl ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const post = async (token: string) => {
    try {
      return await fetcher(path, {
        method: 'POST',
        headers: {
          Accept: 'application/json, application/problem+json',
          'Accept-Language': options.locale,
          'Content-Type': declaredType(file.name),
          [kCsrfHeader]: token,
        },
        body: file,
        credentials: 'same-origin',
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError('network', 0, null, `POST ${path}: ${String(error)}`);
    }
  };
  let response = await post(await csrfToken(options));
  if (response.status === 403) {
    const problem = await problemOf(response.clone());
    if (problem?.code === 'csrf_failed') response = await post(await csrfToken(options, true));
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    throw new ApiError(kindForStatus(response.status), response.status, problem, `POST ${path}: HTTP ${response.status}`);
  }
  try {
    return (await response.json()) as UploadReceipt;
  } catch {
    throw new ApiError('server', response.status, null, `POST ${path}: malformed JSON`);
  }
}
