/**
 * An old system's roster, read in the browser and sent in parts (the server takes one part per
 * request and checks every row of it). What only the whole file shows is found here: a member
 * number that repeats a row of an earlier part, which the server would take as an update of
 * that row. Everything else the server's report decides.
 */
import type { RosterIssue, RosterReport, RosterRow } from '@/api/legacy';
import { cellText, headerKey, type SheetCell } from './sheet';

/** Rows per request: a part takes the server well under a second. */
export const kPartRows = 500;
/** What the browser reads at most; the server's limits are per request. */
export const kMaxFileRows = 100_000;
// The server refuses bodies over 1 MiB; what a part may hold besides its header.
const kPartBytes = 900 * 1024;
// A title row or two may stand above the header.
const kHeaderSearchRows = 20;

// The names the server reads as the member number (the first such column wins) and the name.
const kNumberHeaders = ['会员编号', '原会员编号', '会员号', 'member_number'];
const kNameHeaders = ['姓名', 'name'];

export type RosterProblem = { kind: 'no-header' } | { kind: 'no-rows' } | { kind: 'too-many'; count: number };

export interface Roster {
  header: string[];
  rows: RosterRow[];
  problem: RosterProblem | null;
}

/**
 * The header (the first row with a 会员编号 or 姓名 column) and every later non-empty row, as
 * text, numbered as in the file.
 */
export function rosterFromSheet(data: SheetCell[][]): Roster {
  const headerIndex = data
    .slice(0, kHeaderSearchRows)
    .findIndex((row) => row.some((cell) => [...kNumberHeaders, ...kNameHeaders].includes(headerKey(cell))));
  if (headerIndex < 0) return { header: [], rows: [], problem: { kind: 'no-header' } };
  const header = (data[headerIndex] ?? []).map(cellText);
  const rows: RosterRow[] = [];
  for (let index = headerIndex + 1; index < data.length; index += 1) {
    const cells = (data[index] ?? []).slice(0, header.length).map(cellText);
    if (cells.some((cell) => cell !== '')) rows.push({ row: index + 1, cells });
  }
  if (rows.length === 0) return { header, rows, problem: { kind: 'no-rows' } };
  if (rows.length > kMaxFileRows) return { header, rows: [], problem: { kind: 'too-many', count: rows.length } };
  return { header, rows, problem: null };
}

/** A row whose member number an earlier row of the file has. */
export interface DuplicateRow {
  row: number;
  column: string;
  number: string;
  firstRow: number;
}

/** The rows to send, and those left out for repeating an earlier row's member number. */
export function withoutDuplicates(roster: Pick<Roster, 'header' | 'rows'>): { rows: RosterRow[]; duplicates: DuplicateRow[] } {
  const column = roster.header.findIndex((cell) => kNumberHeaders.includes(headerKey(cell)));
  if (column < 0) return { rows: roster.rows, duplicates: [] };
  const seen = new Map<string, number>();
  const rows: RosterRow[] = [];
  const duplicates: DuplicateRow[] = [];
  for (const item of roster.rows) {
    const number = item.cells[column] ?? '';
    const firstRow = number === '' ? undefined : seen.get(number);
    if (firstRow === undefined) {
      if (number !== '') seen.set(number, item.row);
      rows.push(item);
    } else {
      duplicates.push({ row: item.row, column: roster.header[column] ?? '', number, firstRow });
    }
  }
  return { rows, duplicates };
}

const encoder = new TextEncoder();

/** Parts of at most `size` rows, and smaller where wide rows would make the body too large. */
export function partsOf(rows: readonly RosterRow[], size = kPartRows, maxBytes = kPartBytes): RosterRow[][] {
  const parts: RosterRow[][] = [];
  let part: RosterRow[] = [];
  let bytes = 0;
  for (const item of rows) {
    const length = encoder.encode(JSON.stringify(item)).length + 1;
    if (part.length > 0 && (part.length >= size || bytes + length > maxBytes)) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(item);
    bytes += length;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/** The totals of an import, before its first part. */
export function emptyReport(): RosterReport {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0, errors: [], warnings: [], ignoredColumns: [], dryRun: false };
}

/** Adds one part's report to the totals (every part has the same header, so the same ignored columns). */
export function addReport(total: RosterReport, part: RosterReport): void {
  total.created += part.created;
  total.updated += part.updated;
  total.unchanged += part.unchanged;
  total.skipped += part.skipped;
  for (const issue of part.errors) total.errors.push(issue);
  for (const issue of part.warnings) total.warnings.push(issue);
  if (total.ignoredColumns.length === 0) total.ignoredColumns = [...part.ignoredColumns];
}

/** Adds the rows left out in the browser as refused rows. */
export function addDuplicates(total: RosterReport, duplicates: readonly DuplicateRow[], message: (d: DuplicateRow) => string): void {
  total.skipped += duplicates.length;
  for (const d of duplicates) total.errors.push({ row: d.row, column: d.column, code: 'duplicate_in_file', message: message(d) });
}

export type ImportOutcome =
  | { kind: 'done' }
  | { kind: 'cancelled' }
  /** `rows` are the file's row numbers of the part that failed; earlier parts stay imported. */
  | { kind: 'failed'; error: unknown; rows: { from: number; to: number } };

/**
 * Sends the parts one after another (the server writes each in one transaction, so a part is
 * imported whole or not at all), adding each report to `total` as it comes. `stop` is asked
 * between parts; `progress` hears the rows sent so far.
 */
export async function sendParts(
  parts: readonly RosterRow[][],
  send: (part: RosterRow[]) => Promise<RosterReport>,
  total: RosterReport,
  hooks: { progress: (done: number) => void; stop: () => boolean },
): Promise<ImportOutcome> {
  let done = 0;
  for (const part of parts) {
    if (hooks.stop()) return { kind: 'cancelled' };
    try {
      addReport(total, await send(part));
    } catch (error) {
      return { kind: 'failed', error, rows: { from: part[0]?.row ?? 0, to: part.at(-1)?.row ?? 0 } };
    }
    done += part.length;
    hooks.progress(done);
  }
  return { kind: 'done' };
}

/** One line of the report's table: a refused row's reason or a left-out cell's. */
export interface ReportLine extends RosterIssue {
  kind: 'error' | 'warning';
}

/** Errors and warnings in the file's order; at one row, the errors first. */
export function reportLines(report: Pick<RosterReport, 'errors' | 'warnings'>): ReportLine[] {
  const lines: ReportLine[] = [
    ...report.errors.map((issue) => ({ ...issue, kind: 'error' as const })),
    ...report.warnings.map((issue) => ({ ...issue, kind: 'warning' as const })),
  ];
  // Stable: within a kind, a row's issues keep the server's order.
  return lines.sort((a, b) => a.row - b.row || (a.kind === b.kind ? 0 : a.kind === 'error' ? -1 : 1));
}
