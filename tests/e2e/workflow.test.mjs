// Issue #5 in the browser on the medical demo tenant: a member starts the join application from
// the member centre (the profile fills in what it can), submits it; the association's admin
// returns it with a reason in the console; the member sees the reason, corrects and resubmits;
// the admin approves; the member sees the membership with its member number. Runs on SQLite, and
// on MariaDB when GUILDHALL_E2E_DB=mysql (ctest registers both).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  becomeAdmin,
  canvasPng,
  cookieValue,
  kDesktop,
  launchBrowser,
  newContext,
  registerMember,
  startServer,
} from './harness.mjs';

const kSlug = 'med';
const kPassword = 'Workflow-Test-2026';
const kIdNumber = '120102197506150039';
const kMobile = '13700000501';

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

describe('join application', () => {
  test('apply, returned with a reason, correct and resubmit, approved, member number shown', async () => {
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const employer = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: '津门流程示例医院', credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(employer.status(), 201, await employer.text());

    // A member whose profile is complete: the application starts from it.
    const applicant = await newContext(browser, kDesktop, server.baseUrl);
    await registerMember(applicant, server, kSlug, { mobile: kMobile, password: kPassword });
    const page = await applicant.newPage();
    await page.goto(`/t/${kSlug}/`);
    const photo = await applicant.request.post(
      `${server.baseUrl}/api/v1/t/${kSlug}/uploads?form=profile&field=photo&name=me.png`,
      { data: await canvasPng(page), headers: { ...(await csrfHeaders(applicant)), 'Content-Type': 'image/png' } },
    );
    assert.equal(photo.status(), 201, await photo.text());
    const profile = await applicant.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/profile`, {
      data: {
        values: {
          photo: [await photo.json()],
          name: '流程会员',
          ethnicity: 'han',
          party: 'none',
          id_type: 'resident_id',
          id_number: kIdNumber,
          mobile: kMobile,
          email: 'flow@example.org',
          education: 'masters',
          employer: (await employer.json()).id,
          department: '肿瘤内科',
          position: '医师',
          title: 'junior_medical',
          region: ['120000', '120100', '120101'],
          address: '天津市和平区示例路 5 号',
        },
      },
      headers: await csrfHeaders(applicant),
    });
    assert.equal(profile.status(), 200, await profile.text());

    await page.goto(`/t/${kSlug}/applications`);
    await page.getByTestId('applications-page').waitFor();
    await page.getByTestId('start-join').click();
    await page.getByTestId('application-page').waitFor();
    const field = (key) => page.locator(`[data-field="${key}"]`);
    await field('name').locator('input').waitFor();
    assert.equal(await field('name').locator('input').inputValue(), '流程会员', 'the profile fills the form');

    // Only the server decides; a submission with nothing chosen is refused on its fields.
    await field('committees').locator('.el-checkbox').first().click();
    await field('member_type').locator('.el-radio', { hasText: '普通会员' }).click();
    // The ID number and mobile come from the profile too, shown masked only.
    assert.equal(await field('id_number').getByTestId('masked-value').textContent(), '120102********0039');
    assert.equal(await field('mobile').getByTestId('masked-value').textContent(), '137****0501');
    await field('recommend_method').locator('.el-radio', { hasText: '管理员' }).click();
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    assert.ok(await field('name').locator('input').isDisabled(), 'read-only under review');

    // The admin's console: the queue, the application read-only, 退回修改 needs a reason.
    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin/reviews`);
    await console.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: '流程会员' }).waitFor();
    await console.getByTestId('review-open').first().click();
    const drawer = console.getByTestId('review-drawer');
    await drawer.locator('[data-field="name"] input').waitFor();
    assert.equal(await drawer.locator('[data-field="name"] input').inputValue(), '流程会员');
    assert.equal(
      await drawer.locator('[data-field="id_number"]').getByTestId('masked-value').textContent(),
      '120102********0039',
    );
    await console.getByTestId('review-return').click();
    await console.getByTestId('review-confirm').click();
    await console.getByTestId('reason-dialog').getByText('请填写原因').waitFor();
    await console.getByTestId('review-reason').fill('请补充其他学会任职情况');
    await console.getByTestId('review-confirm').click();
    await console.getByText('已退回申请人修改').waitFor();

    // The member sees the reason, corrects and resubmits.
    await page.goto(`/t/${kSlug}/applications`);
    const row = page.locator('.application-row').first();
    await row.getByTestId('application-status').filter({ hasText: '退回修改' }).waitFor();
    assert.equal(await row.getByTestId('application-reason').textContent(), '请补充其他学会任职情况');
    await row.getByTestId('open-application').click();
    await page.getByTestId('application-reason-banner').waitFor();
    await field('society_positions').locator('textarea').fill('华夏医学会青年委员');
    assert.equal(await field('id_number').getByTestId('masked-value').textContent(), '120102********0039');
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();

    // Approved: a member number from the tenant's format, shown to the member.
    await console.reload();
    await console.getByTestId('review-open').first().click();
    await console.getByTestId('review-approve').click();
    await console.getByText('已通过').first().waitFor();
    await page.goto(`/t/${kSlug}/applications`);
    const year = String(new Date().getUTCFullYear());
    const number = page.getByTestId('membership-table').getByTestId('member-number');
    await number.first().waitFor();
    assert.match(await number.first().textContent(), new RegExp(`^HX${year}00\\d{6}$`));
    await page.locator('.application-row').first().getByTestId('application-status').filter({ hasText: '审批通过' }).waitFor();
    await page.locator('.application-row').first().getByTestId('open-application').click();
    await page.getByTestId('application-approved-banner').waitFor();
    const history = await page.getByTestId('history-entry').allTextContents();
    assert.deepEqual(history, ['提交申请', '退回修改', '提交申请', '审核通过']);

    assert.deepEqual(applicant.errors, []);
    assert.deepEqual(admin.errors, []);
    await applicant.close();
    await admin.close();
  });
});
