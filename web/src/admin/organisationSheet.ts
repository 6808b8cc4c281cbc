/**
 * Turning an admin's spreadsheet (read by ./sheet) into organisation import rows. The server
 * validates every row; this only finds the columns and numbers the rows as the sheet does (the
 * header is row 1), leaving out empty rows.
 */
import type { ImportRow } from '@/api/organisations';
import { cellText, headerKey, type SheetCell } from './sheet';

export const kMaxImportRows = 5000;

type Column = 'name' | 'credit_code' | 'region';

// Header texts admins write, compared without spaces, asterisks and case.
const kHeaders: Record<Column, string[]> = {
  name: ['单位名称', '名称', '单位', '机构名称', '工作单位', 'name', 'organisation', 'organization'],
  credit_code: ['统一社会信用代码', '社会信用代码', '信用代码', 'credit_code', 'creditcode', 'unifiedsocialcreditcode'],
  region: ['所在地区', '地区', '所在地', '行政区划', '地区代码', 'region'],
};

export type SheetProblem = { kind: 'no-name-column' } | { kind: 'no-rows' } | { kind: 'too-many'; count: number };

export interface SheetRows {
  rows: ImportRow[];
  problem: SheetProblem | null;
}

/** The columns of a header row, or null when it names no organisation column. */
function columnsOf(header: SheetCell[]): Partial<Record<Column, number>> | null {
  const found: Partial<Record<Column, number>> = {};
  header.forEach((cell, index) => {
    const key = headerKey(cell);
    for (const column of Object.keys(kHeaders) as Column[]) {
      if (found[column] === undefined && kHeaders[column].includes(key)) found[column] = index;
    }
  });
  return found.name === undefined ? null : found;
}

/**
 * The import rows of a sheet. The header is the first row that names an organisation column
 * (a title row above it is allowed); every later non-empty row becomes one import row.
 */
export function rowsFromSheet(data: SheetCell[][]): SheetRows {
  const headerIndex = data.slice(0, 10).findIndex((row) => columnsOf(row) !== null);
  if (headerIndex < 0) return { rows: [], problem: { kind: 'no-name-column' } };
  const columns = columnsOf(data[headerIndex] ?? []) as Partial<Record<Column, number>>;
  const take = (row: SheetCell[], column: Column) => {
    const index = columns[column];
    return index === undefined ? '' : cellText(row[index]);
  };
  const rows: ImportRow[] = [];
  data.slice(headerIndex + 1).forEach((row, offset) => {
    const item: ImportRow = {
      row: headerIndex + offset + 2,
      name: take(row, 'name'),
      credit_code: take(row, 'credit_code'),
      region: take(row, 'region'),
    };
    if (item.name || item.credit_code || item.region) rows.push(item);
  });
  if (rows.length === 0) return { rows, problem: { kind: 'no-rows' } };
  if (rows.length > kMaxImportRows) return { rows: [], problem: { kind: 'too-many', count: rows.length } };
  return { rows, problem: null };
}
