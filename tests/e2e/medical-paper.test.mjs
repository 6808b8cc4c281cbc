// Manual 001 "下载申请表并回传盖章文件", on a phone: a member fills the join form without the stamped
// scan and submits; the site answers 会员申请提交成功，请返回并提交盖章文件 and the application waits
// (待提交盖章文件) with the 提交盖章文件 card: the PDF downloads from it, a scan over the field's
// 20 MB is refused on the upload before anything is sent (and nothing already there is lost),
// a real scan goes up, 提交盖章文件 puts the application under review (申请中), and it is in the
// association's queue.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  becomeAdmin,
  canvasPng,
  cookieValue,
  kDesktop,
  kPhone,
  launchBrowser,
  newContext,
  registerMember,
  screenshotDir,
  startServer,
} from './harness.mjs';

const kSlug = 'med';
const kPassword = 'Paper-Test-2026';
const kMobile = '13700000801';
const kName = '盖章会员';
const kIdNumber = '120101199003070013';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function csrfHeaders(context) {
  await context.request.get(`${server.baseUrl}/api/v1/auth/csrf`);
  return { 'X-CSRF-Token': (await cookieValue(context, server.baseUrl, 'gh_csrf')) ?? '' };
}

// The profile as the profile page saves it (that page has its own tests).
async function saveProfile(context, page, employer) {
  const photo = await context.request.post(
    `${server.baseUrl}/api/v1/t/${kSlug}/uploads?form=profile&field=photo&name=photo.png`,
    { data: await canvasPng(page), headers: { ...(await csrfHeaders(context)), 'Content-Type': 'image/png' } },
  );
  assert.equal(photo.status(), 201, await photo.text());
  const saved = await context.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/profile`, {
    data: {
      values: {
        photo: [await photo.json()],
        name: kName,
        gender: 'male',
        ethnicity: 'han',
        party: 'none',
        birth_date: '1990-03-07',
        id_type: 'resident_id',
        id_number: kIdNumber,
        mobile: kMobile,
        email: `${kMobile}@example.org`,
        education: 'masters',
        employer,
        department: '肿瘤内科',
        position: '医师',
        title: 'junior_medical',
        region: ['120000', '120100', '120101'],
        address: '天津市和平区示例路 8 号',
      },
    },
    headers: await csrfHeaders(context),
  });
  assert.equal(saved.status(), 200, await saved.text());
}

// The narrowest phone the member portal is drawn for.
const kSmallPhone = { ...kPhone, viewport: { width: 375, height: 812 } };

async function noSidewaysScrolling(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= kSmallPhone.viewport.width, `${what}: no sideways scrolling on a phone (${width}px)`);
}

describe('the paper step (提交盖章文件)', () => {
  test('submitted without the stamped form, it waits; the scan uploaded from the card puts it under review', async () => {
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const employer = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: '津门盖章示例医院', credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(employer.status(), 201, await employer.text());

    const member = await newContext(browser, kSmallPhone, server.baseUrl);
    await registerMember(member, server, kSlug, { mobile: kMobile, password: kPassword });
    const page = await member.newPage();
    await page.goto(`/t/${kSlug}/`);
    await saveProfile(member, page, (await employer.json()).id);

    // The join form, filled in the browser; the profile fills the personal part.
    await page.goto(`/t/${kSlug}/applications`);
    await page.getByTestId('start-join').click();
    await page.getByTestId('application-page').waitFor();
    const field = (key) => page.getByTestId('application-page').locator(`[data-field="${key}"]`);
    await field('name').locator('input').waitFor();
    assert.equal(await field('name').locator('input').inputValue(), kName);
    await field('committees').locator('.el-checkbox').first().click();
    await field('member_type').locator('label.el-radio', { hasText: '普通会员' }).click();
    await field('recommend_method').locator('label.el-radio', { hasText: '管理员' }).click();
    assert.equal(await field('stamped_form').getByTestId('upload-file').count(), 0, 'no stamped scan before submitting');
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();

    // The manual's prompt box, then the application waiting for the paper.
    const box = page.locator('.el-message-box').filter({ hasText: '会员申请提交成功，请返回并提交盖章文件' });
    await box.waitFor();
    assert.equal((await box.locator('.el-message-box__title').textContent()).trim(), '提示');
    await box.getByRole('button', { name: '确定' }).click();
    await box.waitFor({ state: 'hidden' });
    await page.getByTestId('application-status').filter({ hasText: '待提交盖章文件' }).waitFor();
    const card = page.getByTestId('stamp-card');
    await card.waitFor();
    for (const words of ['打印/下载申请表格', '由工作单位盖章（学生会员由就读院校），确保盖章清晰可辨，不可使用电子章', '扫描后上传，审核周期一般为15个工作日']) {
      await card.getByText(words).waitFor();
    }
    assert.ok(await field('name').locator('input').isDisabled(), 'the form is read-only while the paper is awaited');
    await noSidewaysScrolling(page, 'the stamp card');

    // The PDF, downloaded from the card.
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('download-application-form').click()]);
    const pdf = await readFile(await download.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', 'the application form is a PDF');

    // Too large: refused on the upload with the field's limit, before anything is sent.
    const upload = card.getByTestId('stamp-upload');
    assert.match(await upload.textContent(), /支持 JPG \/ PNG \/ PDF 格式，单个文件不超过 20MB/);
    const uploads = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/uploads?')) uploads.push(request.url());
    });
    const oversized = { name: 'stamped-scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(20 * 1024 * 1024 + 1, 0x25) };
    await upload.locator('input.el-upload__input').setInputFiles(oversized);
    await upload.locator('.el-form-item__error').filter({ hasText: '文件不能超过20MB' }).waitFor();
    assert.deepEqual(uploads, []);
    assert.equal(await upload.getByTestId('upload-file').count(), 0);
    await page.getByTestId('application-status').filter({ hasText: '待提交盖章文件' }).waitFor();
    assert.equal(await field('name').locator('input').inputValue(), kName, 'the application is as it was');

    // A real scan goes up; a second oversized one leaves it in place.
    await upload.locator('input.el-upload__input').setInputFiles({ name: 'stamped.png', mimeType: 'image/png', buffer: await canvasPng(page) });
    await upload.getByTestId('upload-file').filter({ hasText: 'stamped.png' }).waitFor();
    // The refusal is gone once a scan is in.
    await upload.locator('.el-form-item__error').waitFor({ state: 'detached' });
    await upload.locator('input.el-upload__input').setInputFiles(oversized);
    await upload.locator('.el-form-item__error').filter({ hasText: '文件不能超过20MB' }).waitFor();
    assert.equal(await upload.getByTestId('upload-file').count(), 1, 'the scan uploaded before stays');
    assert.equal(uploads.length, 1);
    if (process.env.GUILDHALL_E2E_SHOTS) {
      await card.screenshot({ path: path.join(await screenshotDir(), 'medical-paper-stamp-card.png'), animations: 'disabled' });
    }

    // 提交盖章文件: under review, with the usual banner; the scan is on the application.
    await card.getByTestId('submit-stamp-file').click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    await page.getByTestId('application-review-banner').waitFor();
    await card.waitFor({ state: 'detached' });
    await field('stamped_form').getByTestId('upload-file').filter({ hasText: 'stamped.png' }).waitFor();
    await page.getByTestId('history-entry').filter({ hasText: '提交盖章文件' }).waitFor();

    await page.goto(`/t/${kSlug}/applications`);
    const row = page.getByTestId('application-table').getByTestId('application-row').first();
    await row.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    assert.equal(await row.getByTestId('submit-stamp').count(), 0);
    await noSidewaysScrolling(page, 'the member centre');

    // In the association's queue.
    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin/reviews`);
    await console.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: kName }).waitFor();

    assert.deepEqual(member.errors, []);
    assert.deepEqual(admin.errors, []);
    await member.close();
    await admin.close();
  });
});
