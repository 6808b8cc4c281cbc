// Issue #7, manual 001 "申请会员升级" in the browser: a general member (approved through the API
// here; joining has its own tests) opens 升级专业会员, fills in the title and the qualification,
// downloads the application form, uploads it stamped, and submits; 会员申请升级记录 shows the
// request as 申请中 with the member type asked for; the association approves in its console; the
// record says 审批通过 and the member holds a professional membership with a new number, the old
// one superseded.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { becomeAdmin, cookieValue, kDesktop, kPhone, launchBrowser, newContext, registerMember, startServer } from './harness.mjs';
import { assertFits, formDriver, pngOf } from './form-driver.mjs';

const kSlug = 'med';
const kPassword = 'Upgrade-Test-2026';
const kMobile = '13700001001';
const kIdNumber = '120103197605122347';

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

async function upload(context, page, form, field) {
  const response = await context.request.post(
    `${server.baseUrl}/api/v1/t/${kSlug}/uploads?form=${form}&field=${field}&name=${field}.png`,
    { data: await pngOf(page), headers: { ...(await csrfHeaders(context)), 'Content-Type': 'image/png' } },
  );
  assert.equal(response.status(), 201, await response.text());
  return [await response.json()];
}

// A general member of med: the join application, as the registration page sends it, approved.
async function generalMember(member, page, admin, employer) {
  const values = {
    photo: await upload(member, page, 'join', 'photo'),
    name: '升级会员',
    ethnicity: 'han',
    party: 'none',
    id_type: 'resident_id',
    id_number: kIdNumber,
    mobile: kMobile,
    email: 'upgrade@example.org',
    education: 'masters',
    employer,
    department: '肿瘤内科',
    position: '医师',
    title: 'junior_medical',
    region: ['120000', '120100', '120103'],
    address: '天津市河西区示例路 9 号',
    committees: ['med-nursing'],
    member_type: 'general',
    recommend_method: 'admin',
    stamped_form: await upload(member, page, 'join', 'stamped_form'),
  };
  const created = await member.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/applications`, {
    data: { kind: 'join', values },
    headers: await csrfHeaders(member),
  });
  assert.equal(created.status(), 201, await created.text());
  const draft = await created.json();
  const submitted = await member.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/applications/${draft.id}/submit`, {
    data: { version: draft.version },
    headers: await csrfHeaders(member),
  });
  assert.equal(submitted.status(), 200, await submitted.text());
  const review = await submitted.json();
  const approved = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/applications/${review.id}/decisions`, {
    data: { action: 'approve', version: review.version },
    headers: await csrfHeaders(admin),
  });
  assert.equal(approved.status(), 200, await approved.text());
  return (await approved.json()).membership.memberNumber;
}

describe('升级专业会员', () => {
  test('a general member asks for the upgrade with the stamped form; approved, a new professional number', async () => {
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const hospital = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: '华夏升级示例医院', credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(hospital.status(), 201, await hospital.text());

    const member = await newContext(browser, kPhone, server.baseUrl);
    await registerMember(member, server, kSlug, { mobile: kMobile, password: kPassword });
    const page = await member.newPage();
    await page.goto(`/t/${kSlug}/`);
    const oldNumber = await generalMember(member, page, admin, (await hospital.json()).id);

    await page.goto(`/t/${kSlug}/applications`);
    await page.getByTestId('upgrade-records-empty').getByText('暂无数据').waitFor();
    await page.getByTestId('start-upgrade').click();
    await page.getByTestId('application-page').waitFor();
    const form = formDriver(page);
    await form.field('member_type').waitFor();
    await form.radio('member_type', '专业会员');
    await form.choose('title', '中级（主治医师、主管药师等）');
    await form.choose('qualification_type', '护士执业证书');
    await form.text('qualification_code', '120120000000002');
    for (const key of ['qualification_front', 'qualification_info']) {
      await form.upload(key, { name: `${key}.png`, mimeType: 'image/png', buffer: await pngOf(page) });
      await form.field(key).getByTestId('upload-file').first().waitFor();
    }
    // 下载申请表格: the saved request prints as the form to stamp.
    await page.getByTestId('save-draft').click();
    const formLink = page.getByTestId('download-application-form');
    await formLink.waitFor();
    const printed = await member.request.get(new URL(await formLink.getAttribute('href'), server.baseUrl).toString());
    assert.equal(printed.status(), 200);
    assert.equal((await printed.body()).subarray(0, 5).toString(), '%PDF-');
    await form.upload('stamped_form', { name: 'stamped.png', mimeType: 'image/png', buffer: await pngOf(page) });
    await form.field('stamped_form').getByTestId('upload-file').first().waitFor();
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();

    // 会员申请升级记录: 申请时间, the member type asked for, 申请中.
    await page.goto(`/t/${kSlug}/applications`);
    const record = page.getByTestId('upgrade-records').getByTestId('application-row');
    await record.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    assert.match(await record.textContent(), /专业会员/);
    await assertFits(page, assert, 'the member centre');

    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin/reviews`);
    const row = console.locator('.el-table__row').filter({ hasText: '升级会员' }).filter({ hasText: '会员升级申请' });
    await row.getByTestId('review-open').click();
    await console.getByTestId('review-drawer').locator('[data-field="qualification_code"] input').waitFor();
    await console.getByTestId('review-approve').click();
    await console.getByText('已通过').first().waitFor();

    await page.reload();
    await record.getByTestId('application-status').filter({ hasText: '审批通过' }).waitFor();
    const rows = page.getByTestId('membership-row');
    const active = rows.filter({ has: page.locator('[data-status="active"]') }).or(rows.and(page.locator('[data-status="active"]')));
    await active.first().waitFor();
    assert.equal(await active.first().getByTestId('membership-type').textContent(), '专业会员');
    const newNumber = await active.first().getByTestId('member-number').textContent();
    assert.notEqual(newNumber, oldNumber);
    const superseded = page.locator('[data-testid="membership-row"][data-status="superseded"]');
    assert.equal(await superseded.getByTestId('member-number').textContent(), oldNumber);

    assert.deepEqual(member.errors, []);
    await member.close();
    await admin.close();
  });
});
