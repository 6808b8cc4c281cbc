// 原会员导入: the association's admin imports the old membership system's roster in the console.
// The template comes from the columns the server reads; a roster of 20 000 rows, read in the
// browser and sent in parts of 500, imports with its progress shown, and the report names the
// rows refused (no mobile, an unknown member type, a member number the file has twice) and the
// cell left out (an ID number with a wrong check digit) with their row numbers; the report
// downloads as CSV; the list finds an imported member. An .xlsx written by openpyxl proves that
// Excel files import too (a title row, a date cell, a number as text with its leading zeros).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { becomeAdmin, kDesktop, launchBrowser, newContext, screenshotDir, startServer } from './harness.mjs';

const kSlug = 'med';
const kRows = 20_000;
// Data row i is row i + 2 of the file (the header is row 1).
const kNoMobile = 100;
const kHonorary = 7_000;
const kRepeats = { row: 15_000, of: 3 };
const kBadId = 12_345;
const kFound = { row: 4_321, name: '欧阳思远' };

const kSurnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const kGiven = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平'];

let server;
let browser;
let tmp;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'guildhall-e2e-legacy-import-'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A resident ID number (GB 11643) of a Tianjin Heping person born 1980-01-01, with its check digit. */
function residentId(sequence) {
  const body = `12010119800101${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

const kValidId = residentId(7);
const kWrongCheckDigit = kValidId.slice(0, 17) + (kValidId.endsWith('0') ? '1' : '0');

const memberNumber = (i) => `ZK2019${String(i).padStart(6, '0')}`;

/** The roster as CSV, its header the template's plus a column the import does not know. */
function rosterCsv(templateHeader, rows) {
  const header = [...templateHeader, '备注'];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i += 1) {
    const cells = {
      姓名: i === kFound.row ? kFound.name : `${kSurnames[i % 20]}${kGiven[Math.floor(i / 20) % 20]}${kGiven[Math.floor(i / 400) % 20]}`,
      手机号: i === kNoMobile ? '' : `139${String(i).padStart(8, '0')}`,
      会员编号: memberNumber(i === kRepeats.row ? kRepeats.of : i),
      会员类型: i === kHonorary ? '荣誉会员' : i % 10 === 0 ? '学生会员' : '普通会员',
      证书编号: `M1650${String(i).padStart(6, '0')}`,
      入会日期: '2019/3/1',
      有效期至: '2027-12-31',
      性别: i % 2 === 0 ? '男' : '女',
      // A wrong check digit: the row is imported without the ID number.
      证件号码: i === kBadId ? kWrongCheckDigit : '',
      备注: '旧系统导出',
    };
    lines.push(header.map((name) => cells[name] ?? '').join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A real .xlsx written by openpyxl, as an admin's Excel would save it: rows of cells, where
 * {"date": "YYYY-MM-DD"} is a date cell and {"text": "…"} a cell stored as text.
 */
async function writeXlsx(file, rows) {
  const script = [
    'import datetime, json, sys',
    'from openpyxl import Workbook',
    'book = Workbook()',
    'sheet = book.active',
    'def cell(value):',
    '    if isinstance(value, dict) and "date" in value:',
    '        return datetime.date.fromisoformat(value["date"])',
    '    return value',
    'for row in json.loads(sys.argv[2]):',
    '    sheet.append([cell(v) for v in row])',
    'for row in sheet.iter_rows():',
    '    for c in row:',
    '        if isinstance(c.value, datetime.datetime):',
    '            c.number_format = "yyyy-mm-dd"',
    'book.save(sys.argv[1])',
  ].join('\n');
  const python = process.env.GUILDHALL_PYTHON ?? '/usr/bin/python3';
  await promisify(execFile)(python, ['-c', script, file, JSON.stringify(rows)]);
}

/** The CSV a download saved, as rows (the byte-order mark checked and removed). */
async function downloadedCsv(download) {
  const text = await readFile(await download.path(), 'utf8');
  assert.ok(text.startsWith('\ufeff'), 'a CSV for Excel starts with a UTF-8 byte-order mark');
  return text
    .slice(1)
    .split('\r\n')
    .filter(Boolean)
    .map((line) => line.split(','));
}

async function issueRows(page) {
  return page.locator('[data-testid="legacy-issues"] .el-table__body tr').evaluateAll((rows) =>
    rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent.trim())),
  );
}

async function chooseFile(page, file) {
  await page.getByTestId('legacy-file').setInputFiles(file);
  await page.getByTestId('legacy-file-rows').waitFor();
}

describe('原会员导入 in the console', () => {
  test('the template, a roster of 20 000 rows with its report, the list, and an .xlsx', async (t) => {
    const context = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(context, server, kSlug);
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/admin`);
    await page.getByTestId('menu-legacy-members').click();
    await page.getByTestId('legacy-page').waitFor();
    assert.equal((await page.locator('[data-testid="admin-tabs"] .el-tabs__item.is-active').textContent()).trim(), '原会员导入');

    // The template: the columns the server reads, the required ones first.
    const [templateDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('legacy-template').click()]);
    assert.equal(templateDownload.suggestedFilename(), '原会员导入模板.csv');
    const [templateHeader] = await downloadedCsv(templateDownload);
    assert.deepEqual(templateHeader.slice(0, 4), ['姓名', '手机号', '会员编号', '会员类型']);
    for (const column of ['证书编号', '入会日期', '有效期至', '性别', '证件号码', '工作单位']) {
      assert.ok(templateHeader.includes(column), `the template has ${column}`);
    }

    await page.getByTestId('legacy-import').click();
    const dialog = page.getByTestId('legacy-import-dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /\.xlsx 和 \.csv/);
    assert.equal((await page.getByTestId('legacy-required').textContent()).replace(/\s+/g, ''), '必填列：姓名手机号会员编号会员类型');

    // A roster of 50 000 rows is read in the browser in a few seconds (and not sent).
    const big = path.join(tmp, 'roster-50000.csv');
    await writeFile(big, rosterCsv(templateHeader, 50_000));
    let started = Date.now();
    await chooseFile(page, big);
    const parse50k = Date.now() - started;
    assert.equal((await page.getByTestId('legacy-file-rows').textContent()).trim(), 'roster-50000.csv：共 50000 行');
    assert.ok(parse50k < 5_000, `50 000 rows read in ${parse50k} ms`);
    t.diagnostic(`50 000-row CSV read in the browser in ${parse50k} ms`);

    // The roster to import.
    const file = path.join(tmp, 'roster.csv');
    await writeFile(file, rosterCsv(templateHeader, kRows));
    started = Date.now();
    await chooseFile(page, file);
    t.diagnostic(`${kRows}-row CSV read in ${Date.now() - started} ms`);
    assert.equal((await page.getByTestId('legacy-file-rows').textContent()).trim(), `roster.csv：共 ${kRows} 行`);
    assert.match(await page.getByTestId('legacy-duplicates').textContent(), /有 1 行的会员编号与前面的行重复/);

    started = Date.now();
    await page.getByTestId('legacy-run').click();
    await page.getByTestId('legacy-cancel').waitFor();
    await page.getByTestId('legacy-outcome').waitFor({ timeout: 120_000 });
    const importMs = Date.now() - started;
    t.diagnostic(`${kRows}-row import took ${importMs} ms`);
    assert.equal((await page.getByTestId('legacy-progress-text').textContent()).trim(), `已处理 ${kRows - 1} / ${kRows - 1} 行`);
    assert.match(await page.getByTestId('legacy-outcome').textContent(), /导入完成/);
    assert.equal((await page.getByTestId('legacy-created').textContent()).trim(), `新增 ${kRows - 3}`);
    assert.equal((await page.getByTestId('legacy-updated').textContent()).trim(), '更新 0');
    assert.equal((await page.getByTestId('legacy-unchanged').textContent()).trim(), '未变 0');
    assert.equal((await page.getByTestId('legacy-skipped').textContent()).trim(), '未导入 3');
    assert.match(await page.getByTestId('legacy-ignored').textContent(), /备注/);
    await page.screenshot({ path: path.join(await screenshotDir(), `${kSlug}-legacy-import-report.png`), animations: 'disabled' });

    // The report: the refused rows and the cell left out, by their row in the file.
    await page.getByTestId('legacy-filter-errors').click();
    const errors = await issueRows(page);
    assert.deepEqual(
      errors.map(([row, column, , kind]) => [row, column, kind]),
      [
        [String(kNoMobile + 2), '手机号', '错误'],
        [String(kHonorary + 2), '会员类型', '错误'],
        [String(kRepeats.row + 2), '会员编号', '错误'],
      ],
    );
    assert.match(errors[0][2], /缺少手机号/);
    assert.match(errors[1][2], /荣誉会员/);
    assert.equal(errors[2][2], `会员编号“${memberNumber(kRepeats.of)}”与第 ${kRepeats.of + 2} 行重复，未导入`);
    await page.getByTestId('legacy-filter-warnings').click();
    const warnings = await issueRows(page);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.deepEqual(warnings[0].slice(0, 2), [String(kBadId + 2), '证件号码']);
    assert.match(warnings[0][2], /校验/);
    assert.equal(warnings[0][3], '提示');
    // Errors in red, notes in orange.
    await page.getByTestId('legacy-issue-filter').getByText('全部').click();
    const colours = await page.evaluate(() => ({
      error: getComputedStyle(document.querySelector('[data-testid="legacy-issues"] .issue-error')).color,
      warning: getComputedStyle(document.querySelector('[data-testid="legacy-issues"] .issue-warning')).color,
    }));
    assert.notEqual(colours.error, colours.warning);

    const [reportDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('legacy-report-download').click()]);
    assert.equal(reportDownload.suggestedFilename(), '原会员导入报告-roster.csv');
    const report = await downloadedCsv(reportDownload);
    assert.deepEqual(report[0], ['行号', '列', '类型', '问题']);
    assert.deepEqual(
      report.slice(1).map(([row, column, kind]) => [row, column, kind]),
      [
        [String(kNoMobile + 2), '手机号', '错误'],
        [String(kHonorary + 2), '会员类型', '错误'],
        [String(kBadId + 2), '证件号码', '提示'],
        [String(kRepeats.row + 2), '会员编号', '错误'],
      ],
    );

    // The list finds an imported member by name.
    await page.getByTestId('legacy-close').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('legacy-search-q').fill(kFound.name);
    await page.getByTestId('legacy-search-submit').click();
    await page.waitForFunction(
      (name) => [...document.querySelectorAll('[data-testid="legacy-name"]')].map((e) => e.textContent).join() === name,
      kFound.name,
    );
    const found = (await page.locator('[data-testid="legacy-table"] .el-table__body tr').first().locator('td').allTextContents()).map((s) => s.trim());
    assert.deepEqual(found.slice(0, 9), [
      memberNumber(kFound.row),
      `M1650${String(kFound.row).padStart(6, '0')}`,
      kFound.name,
      `139****${String(kFound.row).padStart(8, '0').slice(-4)}`,
      '普通会员',
      '2019-03-01',
      '2027-12-31',
      '待激活',
      '—',
    ]);

    // An .xlsx: a title row above the header, a date cell, a number stored as text.
    const xlsx = path.join(tmp, 'roster.xlsx');
    await writeXlsx(xlsx, [
      ['华夏医学会原会员名单（旧系统导出）'],
      ['会员编号', '姓名', '手机号', '会员类型', '入会日期', '有效期至'],
      ['000123', '表格会员', 13912340000, '普通会员', { date: '2018-05-20' }, { date: '2028-05-19' }],
    ]);
    await page.getByTestId('legacy-import').click();
    await dialog.waitFor();
    await chooseFile(page, xlsx);
    assert.equal((await page.getByTestId('legacy-file-rows').textContent()).trim(), 'roster.xlsx：共 1 行');
    await page.getByTestId('legacy-dry-run').click();
    await page.getByTestId('legacy-report').getByText('预检结果（前 1 行，尚未写入）').waitFor();
    assert.equal((await page.getByTestId('legacy-created').textContent()).trim(), '新增 1');
    await page.getByTestId('legacy-run').click();
    await page.getByTestId('legacy-outcome').waitFor();
    assert.match(await page.getByTestId('legacy-outcome').textContent(), /导入完成：新增 1/);
    assert.equal(await page.getByTestId('legacy-no-issues').count(), 1);
    await page.getByTestId('legacy-close').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByTestId('legacy-search-q').fill('000123');
    await page.getByTestId('legacy-search-submit').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="legacy-name"]')].map((e) => e.textContent).join() === '表格会员');
    const excelRow = (await page.locator('[data-testid="legacy-table"] .el-table__body tr').first().locator('td').allTextContents()).map((s) => s.trim());
    assert.deepEqual([excelRow[0], excelRow[3], excelRow[5], excelRow[6]], ['000123', '139****0000', '2018-05-20', '2028-05-19']);

    assert.deepEqual(context.errors, []);
    await context.close();
  });
});
