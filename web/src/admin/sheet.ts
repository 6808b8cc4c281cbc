/**
 * Spreadsheets in the browser, for the console's imports and the files it offers: .xlsx through
 * read-excel-file (its "universal" build, which starts no Web Workers, so the page's
 * Content-Security-Policy need not allow blob: workers), .csv through a small RFC 4180 reader,
 * and CSV files written for Excel.
 */

export type SheetCell = string | number | boolean | Date | null | undefined;

/** A header as admins write it, compared without spaces, asterisks, colons and case. */
export function headerKey(cell: SheetCell): string {
  return String(cell ?? '')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();
}

/**
 * A cell as text: a date cell as YYYY-MM-DD (read-excel-file gives them at UTC midnight),
 * whole numbers without ".0", text trimmed but otherwise as typed (leading zeros kept).
 */
export function cellText(cell: SheetCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  return String(cell).trim();
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

// Excel runs a cell that starts like a formula; a leading apostrophe shows it as text.
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * CSV as Excel opens it without asking: a UTF-8 byte order mark (else Chinese Excel reads
 * GBK) and CRLF line ends.
 */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\ufeff${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Hands text built in the page to the browser as a download. */
export function saveText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.style.display = 'none';
    document.body.appendChild(link);
    link.click();
    link.remove();
  } finally {
    // After the click has handed the file over.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
