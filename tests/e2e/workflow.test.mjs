// Issue #5 in the browser on the medical demo tenant: a member starts the join application from
// the member centre (the profile fills in what it can) and names a committee member found in the
// directory as recommender; the recommender approves on their 推荐会员 page; the association's
// admin rejects it with a reason in the console; the member sees the reason, corrects and
// resubmits; it goes round again and is approved; the member sees the membership with its member
// number. Runs on SQLite, and on MariaDB when GUILDHALL_E2E_DB=mysql (ctest registers both).
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
  signInThroughApi,
  startServer,
} from './harness.mjs';

const kSlug = 'med';
const kPassword = 'Workflow-Test-2026';
const kIdNumber = '120102197506150039';
const kMobile = '13700000501';
const kRecommenderMobile = '13700000502';
const kRecommenderIdNumber = '11010519491231002X';

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

// A complete personal profile for the member signed in on `context`, through the API.
async function completeProfile(context, page, { name, idNumber, mobile, employer }) {
  const photo = await context.request.post(
    `${server.baseUrl}/api/v1/t/${kSlug}/uploads?form=profile&field=photo&name=me.png`,
    { data: await canvasPng(page), headers: { ...(await csrfHeaders(context)), 'Content-Type': 'image/png' } },
  );
  assert.equal(photo.status(), 201, await photo.text());
  const profile = await context.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/profile`, {
    data: {
      values: {
        photo: [await photo.json()],
        name,
        ethnicity: 'han',
        party: 'none',
        id_type: 'resident_id',
        id_number: idNumber,
        mobile,
        email: `${mobile}@example.org`,
        education: 'masters',
        employer,
        department: '肿瘤内科',
        position: '医师',
        title: 'junior_medical',
        region: ['120000', '120100', '120101'],
        address: '天津市和平区示例路 5 号',
      },
    },
    headers: await csrfHeaders(context),
  });
  assert.equal(profile.status(), 200, await profile.text());
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
    const employerId = (await employer.json()).id;

    // A committee member: a member of the realm with the reviewer role on a committee.
    const recommender = await newContext(browser, kDesktop, server.baseUrl);
    await registerMember(recommender, server, kSlug, { mobile: kRecommenderMobile, password: kPassword });
    const recommending = await recommender.newPage();
    await recommending.goto(`/t/${kSlug}/`);
    await completeProfile(recommender, recommending, {
      name: '李推荐',
      idNumber: kRecommenderIdNumber,
      mobile: kRecommenderMobile,
      employer: employerId,
    });
    const recommenderId = (await (await recommender.request.get(`${server.baseUrl}/api/v1/auth/me`)).json()).account.id;
    const granted = await admin.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/admin/accounts/${recommenderId}/roles`, {
      data: { roles: [{ tenant: 'med-lung', role: 'reviewer' }] },
      headers: await csrfHeaders(admin),
    });
    assert.equal(granted.status(), 204, await granted.text());
    // A change of roles ends the account's sessions.
    await signInThroughApi(recommender, server.baseUrl, kSlug, { mobile: kRecommenderMobile, password: kPassword });

    // A member whose profile is complete: the application starts from it.
    const applicant = await newContext(browser, kDesktop, server.baseUrl);
    await registerMember(applicant, server, kSlug, { mobile: kMobile, password: kPassword });
    const page = await applicant.newPage();
    await page.goto(`/t/${kSlug}/`);
    await completeProfile(applicant, page, { name: '流程会员', idNumber: kIdNumber, mobile: kMobile, employer: employerId });

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
    // Recommended by a committee member: searched by name in the directory and linked.
    await field('recommend_method').locator('.el-radio', { hasText: '委员推荐' }).click();
    await field('committee_recommender').locator('input').fill('李推荐');
    const option = page.getByTestId('committee-member-option').filter({ hasText: '李推荐' });
    await option.waitFor();
    assert.match(await option.textContent(), /肺癌专业委员会/);
    await option.click();
    // The paper step: the saved draft prints as the application form, which comes back stamped.
    await page.getByTestId('save-draft').click();
    const formLink = page.getByTestId('download-application-form');
    await formLink.waitFor();
    const printed = await applicant.request.get(new URL(await formLink.getAttribute('href'), server.baseUrl).toString());
    assert.equal(printed.status(), 200);
    assert.equal((await printed.body()).subarray(0, 5).toString(), '%PDF-');
    await field('stamped_form').locator('input[type=file]').setInputFiles({
      name: 'stamped.png',
      mimeType: 'image/png',
      buffer: await canvasPng(page),
    });
    await field('stamped_form').getByTestId('upload-file').first().waitFor();
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    assert.ok(await field('name').locator('input').isDisabled(), 'read-only under review');

    // The recommender's 推荐会员 page: the applicant who named them, with the data; approve.
    async function recommenderApproves() {
      await recommending.goto(`/t/${kSlug}/applications`);
      await recommending.getByTestId('nav-recommendations').click();
      await recommending.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: '流程会员' }).waitFor();
      assert.equal(await recommending.getByTestId('review-step').first().textContent(), '推荐委员审核');
      await recommending.getByTestId('review-open').first().click();
      await recommending.getByTestId('review-drawer').locator('[data-field="name"] input').waitFor();
      await recommending.getByTestId('review-approve').click();
      await recommending.getByText('已通过').first().waitFor();
      await recommending.getByTestId('review-empty').waitFor();
    }
    await recommenderApproves();

    // The admin's console: the queue at the association's step, the application read-only;
    // 不通过 needs a reason.
    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin/reviews`);
    await console.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: '流程会员' }).waitFor();
    assert.equal(await console.getByTestId('review-step').first().textContent(), '协会审核');
    await console.getByTestId('review-open').first().click();
    const drawer = console.getByTestId('review-drawer');
    await drawer.locator('[data-field="name"] input').waitFor();
    assert.equal(await drawer.locator('[data-field="name"] input').inputValue(), '流程会员');
    assert.equal(
      await drawer.locator('[data-field="id_number"]').getByTestId('masked-value').textContent(),
      '120102********0039',
    );
    // The reviewer may read it in full; the server writes the audit entry first.
    await drawer.locator('[data-field="id_number"]').getByTestId('masked-reveal').click();
    await drawer.locator('[data-field="id_number"]').getByTestId('masked-value').filter({ hasText: kIdNumber }).waitFor();
    await console.getByTestId('review-reject').click();
    await console.getByTestId('review-confirm').click();
    await console.getByTestId('reason-dialog').getByText('请填写原因').waitFor();
    await console.getByTestId('review-reason').fill('请补充其他学会任职情况');
    await console.getByTestId('review-confirm').click();
    await console.getByText('已标记为不通过').waitFor();

    // The member sees the reason, corrects and resubmits.
    await page.goto(`/t/${kSlug}/applications`);
    const row = page.locator('.application-row').first();
    await row.getByTestId('application-status').filter({ hasText: '审批不通过' }).waitFor();
    assert.equal(await row.getByTestId('application-reason').textContent(), '请补充其他学会任职情况');
    await row.getByTestId('open-application').click();
    await page.getByTestId('application-reason-banner').waitFor();
    await field('society_positions').locator('textarea').fill('华夏医学会青年委员');
    assert.equal(await field('id_number').getByTestId('masked-value').textContent(), '120102********0039');
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();

    // Round again: the recommender, then the admin approves; a member number from the tenant's
    // format, shown to the member.
    await recommenderApproves();
    await console.reload();
    await console.getByTestId('review-open').first().click();
    await console.getByTestId('review-approve').click();
    await console.getByText('已通过').first().waitFor();
    await page.goto(`/t/${kSlug}/applications`);
    const year = String(new Date().getUTCFullYear());
    const number = page.getByTestId('membership-table').getByTestId('member-number');
    await number.first().waitFor();
    assert.match(await number.first().textContent(), new RegExp(`^HX${year}00\\d{6}$`));
    // Approval opened the chosen committee's own review: the join application is the one approved.
    const joinRow = page.locator('.application-row').filter({ hasText: '医护会员入会申请' });
    await joinRow.getByTestId('application-status').filter({ hasText: '审批通过' }).waitFor();
    await joinRow.getByTestId('open-application').click();
    await page.getByTestId('application-approved-banner').waitFor();
    const history = await page.getByTestId('history-entry').allTextContents();
    assert.deepEqual(history, ['提交申请', '审核通过', '审批不通过', '提交申请', '审核通过', '审核通过']);

    // A change request (个人资料变更): the member renames themself; the admin sees the diff and
    // approves; the profile has the new name.
    await page.goto(`/t/${kSlug}/applications`);
    await page.getByTestId('start-change').click();
    await page.getByTestId('application-page').waitFor();
    await field('name').locator('input').waitFor();
    assert.equal(await field('name').locator('input').inputValue(), '流程会员', 'the change starts from the profile');
    await field('name').locator('input').fill('流程会员甲');
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    const mine = page.getByTestId('application-changes').getByTestId('change-row');
    assert.deepEqual(await mine.allTextContents(), ['姓名流程会员流程会员甲']);

    await console.reload();
    await console.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: '流程会员甲' }).waitFor();
    // The committees the join application named review it in the same queue.
    await console.locator('.el-table__row').filter({ hasText: '个人资料变更' }).getByTestId('review-open').click();
    const diff = console.getByTestId('review-changes').getByTestId('change-row');
    await diff.first().waitFor();
    assert.equal(await diff.getByTestId('change-before').textContent(), '流程会员');
    assert.equal(await diff.getByTestId('change-after').textContent(), '流程会员甲');
    await console.getByTestId('review-note-input').fill('已电话核实改名');
    await console.getByTestId('review-note-add').click();
    await console.getByTestId('review-note').filter({ hasText: '已电话核实改名' }).waitFor();
    await console.getByTestId('review-approve').click();
    await console.getByText('已通过').first().waitFor();
    const profileAfter = await (await applicant.request.get(`${server.baseUrl}/api/v1/t/${kSlug}/profile`)).json();
    assert.equal(profileAfter.values.name, '流程会员甲');
    const changeApp = (await (await applicant.request.get(`${server.baseUrl}/api/v1/t/${kSlug}/applications`)).json()).items[0];
    assert.equal(changeApp.kind, 'change');
    assert.equal(changeApp.status, 'approved');
    assert.deepEqual(changeApp.comments, [], 'reviewers\' notes never reach the applicant');
    // The member centre lists it under 资料申请变更记录, apart from the membership applications.
    await page.goto(`/t/${kSlug}/applications`);
    const changeRows = page.getByTestId('change-records').getByTestId('application-row');
    await changeRows.getByTestId('application-status').filter({ hasText: '审批通过' }).waitFor();
    assert.equal(await changeRows.count(), 1);
    assert.match(await changeRows.textContent(), /个人资料变更/);
    const joinRows = page.getByTestId('application-table').getByTestId('application-row');
    assert.equal(await joinRows.filter({ hasText: '个人资料变更' }).count(), 0);

    assert.deepEqual(applicant.errors, []);
    assert.deepEqual(admin.errors, []);
    assert.deepEqual(recommender.errors, []);
    await recommender.close();
    await applicant.close();
    await admin.close();
  });
});
