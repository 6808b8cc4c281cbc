import { getJson, query, sendJson, type RequestOptions } from './http';

/** One record of an old system's roster (原会员) that names the signed-in account's mobile. */
export interface LegacyRecord {
  id: string;
  tenant: string;
  memberNumber: string;
  certificateNumber: string | null;
  name: string;
  memberType: string;
  memberTypeName: string;
  joinedOn: string | null;
  validUntil: string | null;
  /** `activated` once an activation application of it was approved. */
  status: 'pending' | 'activated';
  applicationId: string | null;
  activatedAt: string | null;
  importedAt: string;
}

/** The signed-in account's records on the old rosters of the tenant's realm. */
export async function listMyLegacyRecords(slug: string, options: RequestOptions): Promise<LegacyRecord[]> {
  return (await getJson<{ items?: LegacyRecord[] }>(`/api/v1/t/${encodeURIComponent(slug)}/legacy/me`, options)).items ?? [];
}

// The admins' side: the roster's columns, importing it in parts, and its list.
const legacyAdminPath = (slug: string, rest = '') => `/api/v1/t/${encodeURIComponent(slug)}/admin/legacy-members${rest}`;

/** A column an import reads: the template's header, and where it goes. */
export interface RosterColumn {
  header: string;
  /** A roster column (member_number, …) or a profile field key. */
  target: string;
  required: boolean;
}

export interface RosterColumns {
  /** Required ones first. */
  items: RosterColumn[];
  /** Rows the server takes in one request. */
  maxRows: number;
}

/** One row of the file as sent: its cells as text, `row` its number in the file (header = 1). */
export interface RosterRow {
  row: number;
  cells: string[];
}

export interface RosterIssue {
  row: number;
  /** The file's header of the cell; empty for the row as a whole. */
  column: string;
  code: string;
  message: string;
}

export interface RosterReport {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Rows refused. */
  errors: RosterIssue[];
  /** Rows imported with a cell left out. */
  warnings: RosterIssue[];
  ignoredColumns: string[];
  dryRun: boolean;
}

/** A record of the roster as admins list it: the mobile masked. */
export interface LegacyEntry extends LegacyRecord {
  mobile: string;
}

export interface LegacyFilter {
  q: string;
  status: '' | LegacyRecord['status'];
  page: number;
  pageSize: number;
}

export interface LegacyPage {
  items: LegacyEntry[];
  total: number;
}

export function rosterColumns(slug: string, options: RequestOptions): Promise<RosterColumns> {
  return getJson<RosterColumns>(legacyAdminPath(slug, '/columns'), options);
}

export function importRosterPart(
  slug: string,
  part: { header: string[]; rows: RosterRow[]; dryRun: boolean },
  options: RequestOptions,
): Promise<RosterReport> {
  return sendJson<RosterReport>('POST', legacyAdminPath(slug, '/import'), part, options);
}

export async function listLegacyMembers(slug: string, filter: LegacyFilter, options: RequestOptions): Promise<LegacyPage> {
  const answer = await getJson<Partial<LegacyPage>>(
    legacyAdminPath(slug, query({ q: filter.q, status: filter.status, page: filter.page, pageSize: filter.pageSize })),
    options,
  );
  return { items: Array.isArray(answer.items) ? answer.items : [], total: answer.total ?? 0 };
}
