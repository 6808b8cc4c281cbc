/**
 * The tenant's organisation registry as the admin console uses it (notes: forms-api.md,
 * "Organisations"): search, add, edit, merge and the spreadsheet import. The form renderer's
 * organisation picker has its own read-only calls in @/forms/api.
 */
import { getJson, query, sendJson, type RequestOptions } from './http';

export interface RegistryEntry {
  id: string;
  name: string;
  credit_code: string | null;
  region: string[];
  merged_into?: string;
}

export interface RegistryPage {
  items: RegistryEntry[];
  total: number;
}

export interface RegistryInput {
  name: string;
  credit_code: string | null;
  region: string[];
}

/** One spreadsheet row as posted: cells as text, `row` as numbered in the sheet. */
export interface ImportRow {
  row: number;
  name: string;
  credit_code: string;
  region: string;
}

export interface ImportError {
  row: number;
  field: string;
  code: string;
  message: string;
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  errors: ImportError[];
}

const tenantPath = (slug: string) => `/api/v1/t/${encodeURIComponent(slug)}`;
const adminPath = (slug: string, rest = '') => `${tenantPath(slug)}/admin/organisations${rest}`;

export async function searchRegistry(
  slug: string,
  filter: { q: string; page: number; pageSize: number },
  options: RequestOptions,
): Promise<RegistryPage> {
  const answer = await getJson<Partial<RegistryPage>>(
    `${tenantPath(slug)}/organisations${query({ q: filter.q, page: filter.page, page_size: filter.pageSize })}`,
    options,
  );
  return { items: Array.isArray(answer.items) ? answer.items : [], total: answer.total ?? 0 };
}

export function createEntry(slug: string, input: RegistryInput, options: RequestOptions) {
  return sendJson<RegistryEntry>('POST', adminPath(slug), input, options);
}

export function updateEntry(slug: string, id: string, input: RegistryInput, options: RequestOptions) {
  return sendJson<RegistryEntry>('PUT', adminPath(slug, `/${encodeURIComponent(id)}`), input, options);
}

export function mergeEntry(slug: string, id: string, into: string, options: RequestOptions) {
  return sendJson<RegistryEntry>('POST', adminPath(slug, `/${encodeURIComponent(id)}/merge`), { into }, options);
}

export function importRows(slug: string, rows: ImportRow[], dryRun: boolean, options: RequestOptions) {
  return sendJson<ImportReport>('POST', adminPath(slug, '/import'), { rows, dry_run: dryRun }, options);
}
