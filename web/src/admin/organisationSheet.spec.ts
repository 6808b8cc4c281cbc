import { describe, expect, it } from 'vitest';
import { cellText, decodeCsv, kMaxImportRows, parseCsv, rowsFromSheet } from './organisationSheet';

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
});

describe('rowsFromSheet', () => {
  it('finds the columns by their Chinese or English headers and numbers rows as the sheet does', () => {
    const result = rowsFromSheet([
      ['华夏医学会单位名录'],
      ['所在地区', '统一社会信用代码', '单位名称 *'],
      ['120000/120100', '12120103179908776C', '天津华夏医院'],
      [null, null, null],
      ['', '', '津门大学'],
    ]);
    expect(result.problem).toBeNull();
    expect(result.rows).toEqual([
      { row: 3, name: '天津华夏医院', credit_code: '12120103179908776C', region: '120000/120100' },
      { row: 5, name: '津门大学', credit_code: '', region: '' },
    ]);
    expect(rowsFromSheet([['Name', 'Credit code'], ['Huaxia', 'X']]).rows).toEqual([
      { row: 2, name: 'Huaxia', credit_code: 'X', region: '' },
    ]);
  });

  it('says what is wrong with a sheet it cannot use', () => {
    expect(rowsFromSheet([['a', 'b'], ['1', '2']]).problem).toEqual({ kind: 'no-name-column' });
    expect(rowsFromSheet([['单位名称']]).problem).toEqual({ kind: 'no-rows' });
    const many = [['单位名称'], ...Array.from({ length: kMaxImportRows + 1 }, (_, i) => [`单位${i}`])];
    expect(rowsFromSheet(many).problem).toEqual({ kind: 'too-many', count: kMaxImportRows + 1 });
  });
});
