import { describe, expect, it } from 'vitest';
import { cellText, csvText, decodeCsv, headerKey, parseCsv } from './sheet';

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, CRLF and a byte-order mark', () => {
    expect(parseCsv('\ufeff单位名称,统一社会信用代码\r\n"华夏, 医院","say ""hi"""\r\n')).toEqual([
      ['单位名称', '统一社会信用代码'],
      ['华夏, 医院', 'say "hi"'],
    ]);
  });

  it('keeps line breaks inside quotes and a last line without a newline', () => {
    expect(parseCsv('a,b\n"x\ny",z')).toEqual([
      ['a', 'b'],
      ['x\ny', 'z'],
    ]);
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8, and GB 18030 when the bytes are not UTF-8', () => {
    expect(decodeCsv(new TextEncoder().encode('华夏医院').buffer as ArrayBuffer)).toBe('华夏医院');
    // "华夏医院" in GBK, which is not valid UTF-8.
    const gbk = new Uint8Array([0xbb, 0xaa, 0xcf, 0xc4, 0xd2, 0xbd, 0xd4, 0xba]);
    expect(decodeCsv(gbk.buffer)).toBe('华夏医院');
  });
});

describe('cellText', () => {
  it('writes numbers as their digits and trims text', () => {
    expect(cellText(120000)).toBe('120000');
    expect(cellText(' 华夏 ')).toBe('华夏');
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
  });

  it('writes date cells as YYYY-MM-DD, keeps leading zeros of text and drops no digits', () => {
    // read-excel-file gives a date cell at UTC midnight of its day.
    expect(cellText(new Date(Date.UTC(1984, 8, 30)))).toBe('1984-09-30');
    expect(cellText(new Date(Number.NaN))).toBe('');
    expect(cellText('007215')).toBe('007215');
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('true');
  });
});

describe('headerKey', () => {
  it('ignores spaces, required marks, colons and case', () => {
    expect(headerKey(' 会员编号＊ ')).toBe('会员编号');
    expect(headerKey('姓名：')).toBe('姓名');
    expect(headerKey('Member Number*')).toBe('membernumber');
  });
});

describe('csvText', () => {
  it('writes a byte-order mark, CRLF, quotes where needed and defuses formulas', () => {
    expect(csvText([['行号', '问题'], ['3', 'a, b'], ['4', 'say "hi"'], ['5', '=1+1']])).toBe(
      '\ufeff行号,问题\r\n3,"a, b"\r\n4,"say ""hi"""\r\n5,\'=1+1\r\n',
    );
  });

  it('reads back what it wrote', () => {
    const rows = [['姓名', '地址'], ['张三', '天津市, 和平区\n某路 1 号']];
    expect(parseCsv(csvText(rows))).toEqual(rows);
  });
});

