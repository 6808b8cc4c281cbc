import { describe, expect, it } from 'vitest';
import { kMaxImportRows, rowsFromSheet } from './organisationSheet';

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
