// Issue #7, manual 002 (the Tianjin branch, med-tj) in the browser: a member who registered with
// the national association signs in to the branch with the same mobile and password, fills the
// branch's own 注册会员 form (its committees, 籍贯 as province / city / district, 学位), picks an
// employer the national registry holds, submits and hands in the stamped form; the branch's own
// admin reviews first in the branch's queue, then the national association's admin; the member
// holds a branch membership, and the one profile now fills the national application too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  becomeAdmin,
  cookieValue,
  kDesktop,
  launchBrowser,
  newContext,
  registerMember,
  signInThroughApi,
  startServer,
} from './harness.mjs';
import { assertFits, formDriver, pngOf } from './form-driver.mjs';

const kPassword = 'Branch-Test-2026';
const kMobile = '13700000901';
const kBranchAdminMobile = '13700000902';
const kIdNumber = '120101200103150024';

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

async function approveInConsole(page, slug, applicant, step) {
  await page.goto(`/t/${slug}/admin/reviews`);
  const row = page.locator('.el-table__row').filter({ hasText: applicant }).filter({ hasText: step });
  await row.waitFor();
  await row.getByTestId('review-open').click();
  await page.getByTestId('review-drawer').locator('[data-field="name"] input').waitFor();
  await page.getByTestId('review-approve').click();
  await page.getByText('已通过').first().waitFor();
}

describe('the Tianjin branch', () => {
  test('same account, its own form, its own queue before the national one, one profile for both', async () => {
    const national = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(national, server, 'med');
    // The employer is in the national registry; the branch's applicants find it too.
    const hospital = await national.request.post(`${server.baseUrl}/api/v1/t/med/admin/organisations`, {
      data: { name: '华夏分会示例医院', credit_code: '' },
      headers: await csrfHeaders(national),
    });
    assert.equal(hospital.status(), 201, await hospital.text());

    // The branch's own admin: an account of the realm the platform made admin of med-tj.
    const branch = await newContext(browser, kDesktop, server.baseUrl);
    await registerMember(branch, server, 'med', { mobile: kBranchAdminMobile, password: kPassword });
    const appointed = await national.request.post(`${server.baseUrl}/api/v1/platform/tenants/med-tj/admins`, {
      data: { mobile: kBranchAdminMobile },
      headers: await csrfHeaders(national),
    });
    assert.equal(appointed.status(), 201, await appointed.text());
    await signInThroughApi(branch, server.baseUrl, 'med-tj', { mobile: kBranchAdminMobile, password: kPassword });

    // Registered with the national association; signs in to the branch with the same account.
    const member = await newContext(browser, kDesktop, server.baseUrl);
    await registerMember(member, server, 'med', { mobile: kMobile, password: kPassword });
    await member.clearCookies();
    const page = await member.newPage();
    await page.goto('/t/med-tj/login');
    await page.getByTestId('login-page').waitFor();
    await page.getByLabel('手机号').fill(kMobile);
    await page.getByLabel('密码', { exact: true }).fill(kPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/t\/med-tj\/$/);

    await page.goto('/t/med-tj/applications');
    await page.getByTestId('start-join').click();
    await page.getByTestId('application-page').waitFor();
    const form = formDriver(page);
    await form.field('name').locator('input').waitFor();
    assert.equal(await form.field('provincial_associations').count(), 0, "the branch's form has no 省市协会");

    await form.upload('photo', { name: 'photo.png', mimeType: 'image/png', buffer: await pngOf(page) });
    await form.field('photo').locator('img').first().waitFor();
    await form.chooseMany('committees', ['肿瘤内科专业委员会', '肿瘤护理专业委员会']);
    await form.radio('member_type', '普通会员');
    await form.text('name', '分会会员');
    await form.text('mobile', kMobile);
    await form.choose('ethnicity', '汉族');
    await form.choose('party', '群众');
    await form.choose('id_type', '居民身份证');
    await form.text('id_number', kIdNumber);
    // 学位 is required here: the browser says so before the server is asked.
    await page.getByTestId('submit-application').click();
    await form.errorOf('degree').filter({ hasText: '此项为必填项' }).waitFor();
    await form.errorOf('native_place').filter({ hasText: '此项为必填项' }).waitFor();
    await form.region('native_place', ['天津市', '市辖区', '河西区']);
    await form.choose('education', '大学本科');
    await form.text('major', '护理学');
    await form.choose('degree', '学士');
    await form.text('email', 'branch@example.org');
    await form.text('address', '天津市河西区示例道 2 号');
    await form.organisation('employer', '分会示例', '华夏分会示例医院');
    await form.text('department', '无');

    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.locator('.el-message-box').filter({ hasText: '会员申请提交成功，请返回并提交盖章文件' }).waitFor();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    // 提交盖章文件: the stamped form, scanned.
    const stamp = page.getByTestId('stamp-card');
    await stamp.waitFor();
    await stamp.locator('input[type=file]').setInputFiles({ name: 'stamped.png', mimeType: 'image/png', buffer: await pngOf(page) });
    await stamp.getByTestId('upload-file').first().waitFor();
    await page.getByTestId('submit-stamp-file').click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();

    // The branch's queue first; the national admin does not act on the branch's step.
    const branchConsole = await branch.newPage();
    await approveInConsole(branchConsole, 'med-tj', '分会会员', '分会审核');
    // The national step is the national admins' alone: the branch admin may not take it.
    const waiting = (await (await national.request.get(`${server.baseUrl}/api/v1/t/med/review/queue`)).json()).items;
    const atNational = waiting.find((item) => item.applicantName === '分会会员');
    assert.equal(atNational?.step, 'national', JSON.stringify(waiting));
    const taken = await branch.request.post(`${server.baseUrl}/api/v1/t/med-tj/applications/${atNational.id}/decisions`, {
      data: { action: 'approve', version: atNational.version },
      headers: await csrfHeaders(branch),
    });
    assert.equal(taken.status(), 403, await taken.text());
    assert.equal((await (await branch.request.get(`${server.baseUrl}/api/v1/t/med-tj/review/queue`)).json()).total, 0);
    const nationalConsole = await national.newPage();
    await approveInConsole(nationalConsole, 'med', '分会会员', '总会审核');

    // The member holds the branch's membership, with the branch's number.
    await page.goto('/t/med-tj/applications');
    const year = String(new Date().getUTCFullYear());
    await page.getByTestId('membership-table').getByTestId('member-number').first().waitFor();
    const numbers = await page.getByTestId('membership-table').getByTestId('member-number').allTextContents();
    assert.ok(numbers.some((n) => new RegExp(`^HX${year}TJ\\d{5}$`).test(n)), numbers.join(', '));
    // The branch's committees then review the member in the branch's queue.
    await branchConsole.goto('/t/med-tj/admin/reviews');
    await branchConsole.getByTestId('review-tenant').filter({ hasText: '肿瘤内科专业委员会' }).waitFor();

    // One profile: the national application starts from what the branch's form said.
    await page.goto('/t/med/applications');
    await page.getByTestId('start-join').click();
    await page.getByTestId('application-page').waitFor();
    await form.field('name').locator('input').waitFor();
    assert.equal(await form.field('name').locator('input').inputValue(), '分会会员');
    assert.equal(await form.field('native_place').locator('input').inputValue(), '天津市 / 市辖区 / 河西区');
    await assertFits(page, assert, 'the national form');

    assert.deepEqual(member.errors, []);
    assert.deepEqual(branch.errors, []);
    for (const context of [member, branch, national]) await context.close();
  });
});
