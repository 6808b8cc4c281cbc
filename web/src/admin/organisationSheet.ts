/**
 * Turning an admin's spreadsheet into import rows, in the browser: .xlsx through
 * read-excel-file (its "universal" build, which starts no Web Workers, so the page's
 * Content-Security-Policy need not allow blob: workers) and .csv through a small RFC 4180
 * reader. The server validates every row; this only finds the columns and numbers the rows as
 * the sheet does (the header is row 1), leaving out empty rows.
 */
import type { ImportRow } from '@/api/organisations';

export const kMaxImportRows = 5000;

type Column = 'name' | 'credit_code' | 'region';

// Header texts admins write, compared without spaces, asterisks and case.
const kHeaders: Record<Column, string[]> = {
  name: ['单位名称', '名称', '单位', '机构名称', '工作单位', 'name', 'organisation', 'organization'],
  credit_code: ['统一社会信用代码', '社会信用代码', '信用代码', 'credit_code', 'creditcode', 'unifiedsocialcreditcode'],
  region: ['所在地区', '地区', '所在地', '行政区划', '地区代码', 'region'],
};

export type SheetCell = string | number | boolean | Date | null | undefined;

export type SheetProblem = { kind: 'no-name-column' } | { kind: 'no-rows' } | { kind: 'too-many'; count: number };

export interface SheetRows {
  rows: ImportRow[];
  problem: SheetProblem | null;
}

function headerKey(cell: SheetCell): string {
  return String(cell ?? '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

export function cellText(cell: SheetCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell).trim();
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

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < body.length; i += 1) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** CSV files from Excel on Chinese Windows are GB 18030 (GBK); others are UTF-8. */
export function decodeCsv(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** The cells of the first sheet of an .xlsx file or of a .csv file. */
export async function readSheetFile(file: File): Promise<SheetCell[][]> {
  if (/\.csv$/i.test(file.name)) return parseCsv(decodeCsv(await file.arrayBuffer()));
  const { readSheet } = await import('read-excel-file/universal');
  return (await readSheet(file)) as SheetCell[][];
}
