// Issue #6's certificates in the browser, on the workflow fixture tenant (tests/fixtures/
// tenants_workflow/wf, loaded beside the demo tenants; it prints name, gender and employer). A
// member with an approved membership opens 我的证书, sees the preview drawn, confirms the printed
// values, downloads the PDF and is told the printed fields are locked; the profile then refuses a
// new name. The tenant's admin opens 证书管理, re-issues the certificate (the old one shows
// 已失效), revokes the new one with a reason (required), and runs 批量生成证书 to the end, with
// the member whose gender is missing listed as a failure. On a 375 px phone 我的证书 does not
// scroll sideways. Runs on SQLite, and on MariaDB when GUILDHALL_E2E_DB=mysql (ctest registers both).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  becomeAdmin,
  cookieValue,
  kDesktop,
  kPhone,
  launchBrowser,
  newContext,
  registerMember,
  screenshotDir,
  signInThroughApi,
  sourceDir,
  startServer,
  until,
} from './harness.mjs';

const kSlug = 'wf';
const kPassword = 'Certificates-Test-2026';
const kAdminMobile = '13700000801';
const kMemberMobile = '13700000802';
const kIncompleteMobile = '13700000803';
const kFixtures = path.join(sourceDir, 'tests', 'fixtures', 'tenants_workflow');

let server;
let browser;

// The fixture tenants join the demo ones the harness loaded: `tenant load` stores them and the
// running server picks them up at its next reload.
async function loadFixtureTenants() {
  const config = path.join(path.dirname(server.logFile), 'guildhall.yaml');
  await promisify(execFile)(
    process.env.GUILDHALL_BIN,
    ['tenant', 'load', '--config', config, '--db', server.databaseUrl, path.join(kFixtures, 'wf'), path.join(kFixtures, 'wf-branch')],
    { cwd: sourceDir, timeout: 60_000 },
  );
  await until(
    'the fixture tenant wf is served',
    async () => (await fetch(`${server.baseUrl}/api/v1/t/${kSlug}/tenant`)).status === 200,
    { timeoutMs: 20_000, intervalMs: 200 },
  );
}

before(async () => {
  server = await startServer();
  await loadFixtureTenants();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (rest) => `${server.baseUrl}/api/v1/t/${kSlug}${rest}`;

async function csrfHeaders(context) {
  await context.request.get(`${server.baseUrl}/api/v1/auth/csrf`);
  return { 'X-CSRF-Token': (await cookieValue(context, server.baseUrl, 'gh_csrf')) ?? '' };
}

// The tenant's own admin: an account of the realm the platform admin appoints.
async function makeTenantAdmin() {
  const platform = await newContext(browser, kDesktop, server.baseUrl);
  await becomeAdmin(platform, server, server.admin.realm);
  const admin = await newContext(browser, kDesktop, server.baseUrl);
  await registerMember(admin, server, kSlug, { mobile: kAdminMobile, password: kPassword });
  const appointed = await platform.request.post(`${server.baseUrl}/api/v1/platform/tenants/${kSlug}/admins`, {
    data: { mobile: kAdminMobile },
    headers: await csrfHeaders(platform),
  });
  assert.equal(appointed.status(), 201, await appointed.text());
  // A change of roles ends the account's sessions.
  await signInThroughApi(admin, server.baseUrl, kSlug, { mobile: kAdminMobile, password: kPassword });
  assert.deepEqual(platform.errors, []);
  await platform.close();
  return admin;
}

// A member of wf: registered, the profile given, a join application approved by `admin`.
async function makeMember(admin, mobile, profile) {
  const context = await newContext(browser, kDesktop, server.baseUrl);
  await registerMember(context, server, kSlug, { mobile, password: kPassword });
  const saved = await context.request.put(api('/profile'), { data: { values: profile }, headers: await csrfHeaders(context) });
  assert.equal(saved.status(), 200, await saved.text());
  const created = await context.request.post(api('/applications'), {
    data: { kind: 'join', values: { name: profile.name, member_type: 'student' } },
    headers: await csrfHeaders(context),
  });
  assert.equal(created.status(), 201, await created.text());
  const draft = await created.json();
  const submitted = await context.request.post(api(`/applications/${draft.id}/submit`), {
    data: { version: draft.version },
    headers: await csrfHeaders(context),
  });
  assert.equal(submitted.status(), 200, await submitted.text());
  const approved = await admin.request.post(api(`/applications/${draft.id}/decisions`), {
    data: { action: 'approve', reason: '', version: (await submitted.json()).version },
    headers: await csrfHeaders(admin),
  });
  assert.equal(approved.status(), 200, await approved.text());
  return context;
}

// The page is no wider than the screen.
async function assertNoSideways(page, what) {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
  assert.ok(widths.page <= widths.view, `${what}: the page is ${widths.page}px wide on a ${widths.view}px screen`);
}

describe('certificates', () => {
  test('confirm, download, locked; re-issue, revoke, batch; the phone layout', async () => {
    const admin = await makeTenantAdmin();
    const employer = await admin.request.post(api('/admin/organisations'), {
      data: { name: '津门证书示例医院', region: [], credit_code: null },
      headers: await csrfHeaders(admin),
    });
    assert.equal(employer.status(), 201, await employer.text());
    const employerId = (await employer.json()).id;
    const member = await makeMember(admin, kMemberMobile, { name: '证书会员', gender: 'male', employer: employerId });
    // No gender: the batch cannot issue this one.
    const incomplete = await makeMember(admin, kIncompleteMobile, { name: '缺项会员', employer: employerId });

    // 我的证书: the printed values and the preview, with the warning before confirming.
    const page = await member.newPage();
    await page.goto(`/t/${kSlug}/applications`);
    await page.getByTestId('nav-certificates').click();
    const card = page.getByTestId('certificate-card');
    await card.waitFor();
    assert.equal(await card.getByTestId('certificate-member-type').textContent(), '学生会员');
    assert.match(await card.getByTestId('certificate-member-number').textContent(), /^WF\d{4}00\d{4}$/);
    await card.getByTestId('printed-value').first().waitFor();
    assert.deepEqual(await card.getByTestId('printed-value').allTextContents(), ['证书会员', '男', '津门证书示例医院']);
    await page.waitForFunction(() => {
      const image = document.querySelector('[data-testid="certificate-preview"]');
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    const preview = await page.getByTestId('certificate-preview').evaluate((image) => ({
      src: image.getAttribute('src'),
      width: image.naturalWidth,
      height: image.naturalHeight,
    }));
    assert.match(preview.src, /^blob:/);
    assert.ok(preview.width > preview.height, `a landscape certificate, ${preview.width}×${preview.height}`);
    assert.equal(
      (await card.getByTestId('certificate-lock-warning').textContent()).trim(),
      '证书下载后，证书上的信息将被锁定，如需修改须提交资料变更申请并经审核通过。',
    );
    // The manual's 请注意 before 确认.
    assert.deepEqual(await card.getByTestId('certificate-warnings').locator('li').allTextContents(), [
      '1.证书一经下载，个人信息将无法修改。',
      '2.如发现信息有误，请及时联系协会进行更正。',
      '3.确保证书仅用于合法用途',
    ]);

    // Confirmed: the certificate's number and date, and the download.
    await card.getByTestId('certificate-confirm').click();
    await card.getByTestId('certificate-number').waitFor();
    const number = await card.getByTestId('certificate-number').textContent();
    assert.match(number, /^ZSWF\d{4}\d{6}$/);
    assert.match(await card.getByTestId('certificate-issued-on').textContent(), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(await card.getByTestId('certificate-confirm').count(), 0, 'nothing left to confirm');
    assert.equal(await card.getByTestId('certificate-locked').count(), 0, 'not locked before the download');
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('certificate-download').click()]);
    assert.equal(download.suggestedFilename(), `会员证书-${number}.pdf`);
    const pdf = await readFile(await download.path());
    if (process.env.GUILDHALL_E2E_SHOTS) await page.screenshot({ path: path.join(await screenshotDir(), 'certificates-member.png'), fullPage: true });
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    await card.getByTestId('certificate-locked').waitFor();
    assert.match(await card.getByTestId('certificate-locked').textContent(), /已锁定/);

    // The profile: the printed name cannot change now, and the server says why.
    await page.goto(`/t/${kSlug}/profile`);
    const name = page.locator('[data-field="name"]');
    await name.locator('input').waitFor();
    assert.equal(await name.locator('input').inputValue(), '证书会员');
    const refused = await page.evaluate(async ({ slug, employerId: employer }) => {
      const token = document.cookie.split('; ').find((c) => c.startsWith('gh_csrf='))?.slice('gh_csrf='.length) ?? '';
      const response = await fetch(`/api/v1/t/${slug}/profile`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(token), 'Accept-Language': 'zh-CN' },
        body: JSON.stringify({ values: { name: '改名会员', gender: 'male', employer } }),
      });
      return { status: response.status, body: await response.json() };
    }, { slug: kSlug, employerId });
    assert.equal(refused.status, 409, JSON.stringify(refused.body));
    assert.equal(refused.body.code, 'field_locked');
    if (process.env.GUILDHALL_E2E_SHOTS) await page.screenshot({ path: path.join(await screenshotDir(), 'certificates-profile.png'), fullPage: true });
    if (await name.locator('input').isDisabled()) {
      // The page marks the field locked, with the reason, so it cannot be typed into.
      await name.getByTestId('field-locked').filter({ hasText: '证书已下载，该项已锁定；如需修改，请提交资料变更申请' }).waitFor();
      assert.ok(await page.locator('[data-field="gender"] input').first().isDisabled(), 'the gender is printed too');
      assert.ok(!(await page.locator('[data-field="email"] input').isDisabled()), 'the e-mail is not printed');
    } else {
      // Otherwise the server's refusal shows under the field.
      await name.locator('input').fill('改名会员');
      await page.getByTestId('profile-save').click();
      await name.getByText('证书已下载，该项已锁定；如需修改，请提交资料变更申请。').waitFor();
    }

    // 证书管理: the certificate, re-issued (the old one superseded), the new one revoked.
    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin`);
    await console.getByTestId('menu-certificates').click();
    await console.getByTestId('certificates-admin-page').waitFor();
    const rows = console.locator('[data-testid="certificates-table"] .el-table__body tr');
    const rowOf = (certificateNumber) => rows.filter({ has: console.getByTestId('certificate-row-number').filter({ hasText: certificateNumber }) });
    const statusOf = async (certificateNumber) => (await rowOf(certificateNumber).getByTestId('certificate-row-status').textContent()).trim();
    await rowOf(number).waitFor();
    assert.equal(await rowOf(number).getByTestId('certificate-row-holder').textContent(), '证书会员');
    assert.equal(await statusOf(number), '有效');

    await rowOf(number).getByTestId('certificate-row-reissue').click();
    await console.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await until('the re-issued certificate is listed', async () => (await rows.count()) === 2);
    await until('the old certificate is superseded', async () => (await statusOf(number)) === '已失效');
    const numbers = await console.getByTestId('certificate-row-number').allTextContents();
    const renewed = numbers.find((n) => n !== number);
    assert.ok(renewed && renewed > number, `a new number after ${number}: ${numbers}`);
    assert.equal(await statusOf(renewed), '有效');

    await rowOf(renewed).getByTestId('certificate-row-revoke').click();
    const dialog = console.getByTestId('revoke-dialog');
    await dialog.getByTestId('revoke-confirm').click();
    await dialog.getByText('请填写撤销原因。').waitFor();
    await dialog.getByTestId('revoke-reason').fill('资料核实有误');
    await dialog.getByTestId('revoke-confirm').click();
    await until('the new certificate is revoked', async () => (await statusOf(renewed)) === '已撤销');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await rowOf(renewed).getByTestId('certificate-row-revoke').count(), 0);

    // The filter by status, then 重置.
    await console.getByTestId('certificates-status').locator('.el-select__wrapper').click();
    const statuses = console.locator(`[id="${await console.getByTestId('certificates-status').locator('input').getAttribute('aria-controls')}"]`);
    await statuses.locator('.el-select-dropdown__item', { hasText: '已撤销' }).click();
    await until('only the revoked one is listed', async () => (await rows.count()) === 1 && (await statusOf(renewed)) === '已撤销');
    await console.getByTestId('certificates-reset').click();
    await until('both are listed again', async () => (await rows.count()) === 2);

    // 批量生成证书: the member whose certificate was revoked gets one; the one without a
    // gender is listed with the reason.
    await console.getByTestId('certificates-batch').click();
    await console.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    const batch = console.getByTestId('batch-dialog');
    const count = batch.getByTestId('batch-count');
    await count.filter({ hasText: '已完成' }).waitFor({ timeout: 30_000 });
    assert.equal(await count.getAttribute('data-done'), await count.getAttribute('data-total'));
    assert.equal((await count.textContent()).trim(), '已完成：共 2 位，成功生成 1 张证书');
    assert.equal(await batch.getByTestId('batch-progress').getAttribute('aria-valuenow'), '100');
    const failures = await batch.getByTestId('batch-failure').allTextContents();
    assert.equal(failures.length, 1, failures.join('\n'));
    assert.match(failures[0], /^缺项会员：/);
    if (process.env.GUILDHALL_E2E_SHOTS) await console.screenshot({ path: path.join(await screenshotDir(), 'certificates-batch.png') });
    await batch.getByTestId('batch-close').click();
    await until('the batch certificate is listed', async () => (await rows.count()) === 3);
    assert.deepEqual((await console.getByTestId('certificate-row-status').allTextContents()).map((s) => s.trim()).sort(), ['已失效', '已撤销', '有效'].sort());

    // 我的证书 on a 375 px phone: a certificate, and a confirmation with the preview and what is
    // missing; nothing runs off the side.
    const phoneOptions = { ...kPhone, viewport: { width: 375, height: 812 } };
    for (const [mobile, what] of [
      [kMemberMobile, 'a member with a certificate'],
      [kIncompleteMobile, 'a member with a value missing'],
    ]) {
      const phone = await newContext(browser, phoneOptions, server.baseUrl);
      await signInThroughApi(phone, server.baseUrl, kSlug, { mobile, password: kPassword });
      const small = await phone.newPage();
      await small.goto(`/t/${kSlug}/certificates`);
      await small.getByTestId('certificate-card').waitFor();
      if (mobile === kIncompleteMobile) {
        await small.getByTestId('certificate-missing-field').filter({ hasText: '性别' }).waitFor();
        assert.ok(await small.getByTestId('certificate-confirm').isDisabled(), 'nothing to confirm with a value missing');
        await small.waitForFunction(() => document.querySelector('[data-testid="certificate-preview"]')?.naturalWidth > 0);
      } else {
        await small.getByTestId('certificate-download').waitFor();
      }
      await assertNoSideways(small, what);
      if (process.env.GUILDHALL_E2E_SHOTS) await small.screenshot({ path: path.join(await screenshotDir(), `certificates-phone-${mobile}.png`), fullPage: true });
      assert.deepEqual(phone.errors, []);
      await phone.close();
    }

    assert.deepEqual(member.errors, []);
    assert.deepEqual(incomplete.errors, []);
    assert.deepEqual(admin.errors, []);
    await member.close();
    await incomplete.close();
    await admin.close();
  });
});
