import { describe, expect, it, vi } from 'vitest';
import type { RosterReport, RosterRow } from '@/api/legacy';
import {
  addDuplicates,
  emptyReport,
  kMaxFileRows,
  kPartRows,
  partsOf,
  reportLines,
  rosterFromSheet,
  sendParts,
  withoutDuplicates,
} from './legacyRoster';
import { parseCsv } from './sheet';

const kHeader = ['姓名', '手机号', '会员编号', '会员类型', '入会日期'];

function rowsOf(n: number, first = 2): RosterRow[] {
  return Array.from({ length: n }, (_, i) => ({ row: first + i, cells: [`会员${i}`, '13800138000', `ZK${i}`, '普通会员', ''] }));
}

function partReport(part: RosterRow[], extra: Partial<RosterReport> = {}): RosterReport {
  return { ...emptyReport(), created: part.length, ...extra };
}

describe('rosterFromSheet', () => {
  it('takes the first row with a 会员编号 or 姓名 column as the header, below a title row', () => {
    const roster = rosterFromSheet([
      ['华夏医学会会员名单（2019）'],
      [null, null],
      ['姓名 *', '手机号', '会员编号', '会员类型', '入会日期', '备注'],
      ['张三', 13800138000, '007215', '普通会员', new Date(Date.UTC(2019, 0, 5)), '说明'],
      [null, '', '   ', null, null, null],
      ['李四', '13900139000', 8, '学生会员', '2019/1/5', null],
    ]);
    expect(roster.problem).toBeNull();
    expect(roster.header).toEqual(['姓名 *', '手机号', '会员编号', '会员类型', '入会日期', '备注']);
    // Numbered as in the file (the title is row 1); the empty row 5 is left out.
    expect(roster.rows).toEqual([
      { row: 4, cells: ['张三', '13800138000', '007215', '普通会员', '2019-01-05', '说明'] },
      { row: 6, cells: ['李四', '13900139000', '8', '学生会员', '2019/1/5', ''] },
    ]);
  });

  it('finds the header by 会员编号 alone, and cuts cells beyond it', () => {
    const roster = rosterFromSheet([['原会员编号', '会员类型'], ['A1', '普通会员', '多余']]);
    expect(roster.rows).toEqual([{ row: 2, cells: ['A1', '普通会员'] }]);
  });

  it('says what is wrong with a sheet it cannot use', () => {
    expect(rosterFromSheet([['单位名称'], ['华夏医院']]).problem).toEqual({ kind: 'no-header' });
    expect(rosterFromSheet([['姓名', '会员编号'], [null, '']]).problem).toEqual({ kind: 'no-rows' });
    const many = [['会员编号'], ...Array.from({ length: kMaxFileRows + 1 }, (_, i) => [`N${i}`])];
    expect(rosterFromSheet(many).problem).toEqual({ kind: 'too-many', count: kMaxFileRows + 1 });
  });

  it('reads a CSV of 50 000 rows in a few seconds', () => {
    const lines = [kHeader.join(',')];
    for (let i = 0; i < 50_000; i += 1) {
      lines.push(`会员${i},139${String(i).padStart(8, '0')},ZK${String(i).padStart(8, '0')},普通会员,2019-01-05`);
    }
    const started = performance.now();
    const roster = rosterFromSheet(parseCsv(`\ufeff${lines.join('\r\n')}\r\n`));
    const { rows, duplicates } = withoutDuplicates(roster);
    const parts = partsOf(rows);
    const elapsed = performance.now() - started;
    expect(roster.rows).toHaveLength(50_000);
    expect(duplicates).toEqual([]);
    expect(parts).toHaveLength(100);
    expect(roster.rows.at(-1)).toEqual({ row: 50_001, cells: ['会员49999', '13900049999', 'ZK00049999', '普通会员', '2019-01-05'] });
    expect(elapsed).toBeLessThan(5_000);
  });
});

describe('withoutDuplicates', () => {
  it('leaves out a later row with the member number of an earlier one, across the whole file', () => {
    const rows = rowsOf(1200);
    rows[1100] = { row: rows[1100]!.row, cells: ['王五', '13700137000', 'ZK3', '普通会员', ''] };
    rows[1150] = { row: rows[1150]!.row, cells: ['赵六', '13600136000', 'ZK3', '普通会员', ''] };
    rows[10] = { row: rows[10]!.row, cells: ['无编号', '13500135000', '', '普通会员', ''] };
    rows[11] = { row: rows[11]!.row, cells: ['无编号', '13500135001', '', '普通会员', ''] };
    const result = withoutDuplicates({ header: kHeader, rows });
    expect(result.duplicates).toEqual([
      { row: 1102, column: '会员编号', number: 'ZK3', firstRow: 5 },
      { row: 1152, column: '会员编号', number: 'ZK3', firstRow: 5 },
    ]);
    // Rows without a number go on: the server refuses them with its own message.
    expect(result.rows).toHaveLength(1198);
    expect(result.rows.some((row) => row.row === 12 || row.row === 13)).toBe(true);
  });

  it('finds nothing without a member number column (the server refuses the header)', () => {
    expect(withoutDuplicates({ header: ['姓名'], rows: [{ row: 2, cells: ['a'] }, { row: 3, cells: ['a'] }] }).duplicates).toEqual([]);
  });
});

describe('partsOf', () => {
  it('cuts parts of 500 rows', () => {
    const parts = partsOf(rowsOf(1234));
    expect(parts.map((part) => part.length)).toEqual([kPartRows, kPartRows, 234]);
    expect(parts[1]?.[0]?.row).toBe(502);
  });

  it('makes parts smaller where wide rows would exceed the body limit', () => {
    const wide = Array.from({ length: 10 }, (_, i) => ({ row: i + 2, cells: ['字'.repeat(100)] }));
    // A row is about 330 bytes of JSON: three fit in 1 000 bytes.
    expect(partsOf(wide, 500, 1_000).map((part) => part.length)).toEqual([3, 3, 3, 1]);
  });
});

describe('sendParts', () => {
  it('sends the parts one after another, adding up the reports and telling the progress', async () => {
    const parts = partsOf(rowsOf(1200));
    const progress: number[] = [];
    let inFlight = 0;
    const send = vi.fn(async (part: RosterRow[]) => {
      inFlight += 1;
      expect(inFlight).toBe(1);
      await Promise.resolve();
      inFlight -= 1;
      return partReport(part, {
        created: part.length - 1,
        skipped: 1,
        errors: [{ row: part[0]!.row, column: '手机号', code: 'required', message: '缺少手机号' }],
        ignoredColumns: ['备注'],
      });
    });
    const total = emptyReport();
    const outcome = await sendParts(parts, send, total, { progress: (done) => progress.push(done), stop: () => false });
    expect(outcome).toEqual({ kind: 'done' });
    expect(send).toHaveBeenCalledTimes(3);
    expect(progress).toEqual([500, 1000, 1200]);
    expect(total.created).toBe(1197);
    expect(total.skipped).toBe(3);
    expect(total.errors.map((e) => e.row)).toEqual([2, 502, 1002]);
    expect(total.ignoredColumns).toEqual(['备注']);
  });

  it('stops after the part under way when asked', async () => {
    let stop = false;
    const send = vi.fn(async (part: RosterRow[]) => {
      stop = true;
      return partReport(part);
    });
    const total = emptyReport();
    const outcome = await sendParts(partsOf(rowsOf(1200)), send, total, { progress: () => {}, stop: () => stop });
    expect(outcome).toEqual({ kind: 'cancelled' });
    expect(send).toHaveBeenCalledTimes(1);
    expect(total.created).toBe(500);
  });

  it('keeps what earlier parts imported and names the part that failed', async () => {
    const failure = new Error('offline');
    const send = vi.fn(async (part: RosterRow[]) => {
      if (part[0]!.row > 2) throw failure;
      return partReport(part);
    });
    const total = emptyReport();
    const outcome = await sendParts(partsOf(rowsOf(1200)), send, total, { progress: () => {}, stop: () => false });
    expect(outcome).toEqual({ kind: 'failed', error: failure, rows: { from: 502, to: 1001 } });
    expect(total.created).toBe(500);
  });
});

describe('the report', () => {
  it('lists errors and warnings in the file order, the errors of a row first, with the duplicates', () => {
    const total = emptyReport();
    total.errors.push({ row: 9, column: '手机号', code: 'required', message: '缺少手机号' });
    total.warnings.push(
      { row: 3, column: '证件号码', code: 'id_checksum', message: '校验位不正确' },
      { row: 9, column: '邮箱', code: 'invalid_email', message: '邮箱格式不正确' },
    );
    addDuplicates(total, [{ row: 7, column: '会员编号', number: 'ZK3', firstRow: 5 }], (d) => `与第 ${d.firstRow} 行重复`);
    expect(total.skipped).toBe(1);
    expect(reportLines(total).map((line) => [line.row, line.kind, line.message])).toEqual([
      [3, 'warning', '校验位不正确'],
      [7, 'error', '与第 5 行重复'],
      [9, 'error', '缺少手机号'],
      [9, 'warning', '邮箱格式不正确'],
    ]);
  });
});
