import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { becomeAdmin, kDesktop, launchBrowser, newContext, screenshotDir, startServer } from './harness.mjs';

const kSlug = 'med';
// Fictional GB 32100 codes: two valid ones, and the first with a wrong check character.
const kValidCode = '12120103179908776C';
const kOtherCode = '12120104644058466U';
const kBadCheck = '12120103179908776D';

let server;
let browser;
let tmp;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'guildhall-e2e-orgs-'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/**
 * A real .xlsx written by openpyxl (Debian's python3-openpyxl), as an admin's Excel would save
 * it: the cells are given as rows, the first being the header.
 */
async function writeXlsx(file, rows) {
  const script = [
    'import json, sys',
    'from openpyxl import Workbook',
    'book = Workbook()',
    'sheet = book.active',
    'for row in json.loads(sys.argv[2]):',
    '    sheet.append(row)',
    'book.save(sys.argv[1])',
  ].join('\n');
  const python = process.env.GUILDHALL_PYTHON ?? '/usr/bin/python3';
  await promisify(execFile)(python, ['-c', script, file, JSON.stringify(rows)]);
}

async function tableNames(page) {
  return (await page.locator('[data-testid="org-table"] .el-table__body tr td:first-child').allTextContents()).map((s) =>
    s.trim(),
  );
}

describe('organisation registry', () => {
  test('the admin adds one, sees the server refuse a bad credit code, imports an xlsx with a row error and merges a duplicate', async () => {
    const context = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(context, server, kSlug);
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/admin/organisations`);
    await page.getByTestId('organisations-page').waitFor();
    assert.equal(
      (await page.locator('[data-testid="admin-tabs"] .el-tabs__item.is-active').textContent()).trim(),
      '单位库',
    );

    // Add one: the credit code's check character is wrong, and only the server says so.
    await page.getByTestId('org-add').click();
    const dialog = page.getByTestId('org-dialog');
    await dialog.waitFor();
    await page.getByTestId('org-name').fill('华夏浏览器测试医院');
    await page.getByTestId('org-credit-code').fill(kBadCheck);
    await page.getByTestId('org-save').click();
    const codeError = dialog
      .locator('.el-form-item')
      .filter({ has: page.getByTestId('org-credit-code') })
      .locator('.el-form-item__error');
    await codeError.waitFor();
    assert.match(await codeError.textContent(), /校验位/);
    await page.screenshot({ path: path.join(await screenshotDir(), `${kSlug}-organisation-field-error.png`), animations: 'disabled' });

    await page.getByTestId('org-credit-code').fill(kValidCode);
    await page.getByTestId('org-save').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid="org-table"]').getByText('华夏浏览器测试医院').waitFor();

    // Import a sheet whose second data row (row 3 of the sheet) has a bad credit code.
    const file = path.join(tmp, 'organisations.xlsx');
    await writeXlsx(file, [
      ['单位名称', '统一社会信用代码', '所在地区'],
      ['华夏浏览器导入医院', kOtherCode, '120000/120100/120104'],
      ['华夏浏览器坏代码医院', kBadCheck, ''],
      ['华夏浏览器导入大学', '', '120000'],
    ]);
    await page.getByTestId('org-import').click();
    await page.getByTestId('import-dialog').waitFor();
    await page.getByTestId('import-file').setInputFiles(file);
    const report = page.getByTestId('import-report');
    await report.waitFor();
    const summary = await page.getByTestId('import-summary').textContent();
    assert.match(summary, /新增 2 个/);
    assert.match(summary, /跳过 1 行/);
    const errorRows = page.locator('[data-testid="import-errors"] .el-table__body tr');
    assert.equal(await errorRows.count(), 1);
    const cells = (await errorRows.first().locator('td').allTextContents()).map((s) => s.trim());
    assert.equal(cells[0], '3');
    assert.equal(cells[1], '统一社会信用代码');
    assert.match(cells[2], /校验位/);
    assert.match(await report.textContent(), /尚未写入/);
    await page.screenshot({ path: path.join(await screenshotDir(), `${kSlug}-organisation-import-report.png`), animations: 'disabled' });
    // The dry run wrote nothing.
    assert.deepEqual(await tableNames(page), ['华夏浏览器测试医院']);

    await page.getByTestId('import-run').click();
    await report.getByText('导入结果').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('import-dialog').waitFor({ state: 'hidden' });
    await page.locator('[data-testid="org-table"]').getByText('华夏浏览器导入大学').waitFor();
    assert.deepEqual(
      new Set(await tableNames(page)),
      new Set(['华夏浏览器测试医院', '华夏浏览器导入医院', '华夏浏览器导入大学']),
    );

    // Search narrows the list.
    await page.getByTestId('org-search-q').fill('导入');
    await page.getByTestId('org-search-submit').click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="org-table"] .el-table__body tr').length === 2,
    );
    assert.deepEqual(new Set(await tableNames(page)), new Set(['华夏浏览器导入医院', '华夏浏览器导入大学']));

    // Merge the university into the hospital: the list no longer shows it.
    const university = page.locator('[data-testid="org-table"] .el-table__body tr').filter({ hasText: '华夏浏览器导入大学' });
    await university.getByTestId('org-merge').click();
    const mergeDialog = page.getByTestId('merge-dialog');
    await mergeDialog.waitFor();
    await mergeDialog.locator('.el-select').click();
    await page.keyboard.type('导入医院');
    const option = page.locator('.el-select-dropdown__item').filter({ hasText: '华夏浏览器导入医院' });
    await option.waitFor();
    await option.click();
    await page.getByTestId('merge-confirm').click();
    await mergeDialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="org-table"] .el-table__body tr').length === 1,
    );
    assert.deepEqual(await tableNames(page), ['华夏浏览器导入医院']);

    assert.deepEqual(context.errors, []);
    await context.close();
  });
});
