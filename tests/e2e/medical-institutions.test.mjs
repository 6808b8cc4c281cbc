// Issue #7, manual 001 "已申请的专委会/省市抗癌协会": a member of the medical association applies to
// two committees (one the platform hosts, one it does not), the Tianjin branch and the youth
// council. Until the association decides each shows 申请中; once the association's admin approves
// in the console, each institution reviews in its own queue: the lung committee's own admin rejects
// with a reason, the member reads it on a phone, opens 重新提交, submits again, and the committee
// admits them; the member centre then shows 审批通过 and the term of the committee membership.
import assert from 'node:assert/strict';
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
  signInThroughApi,
  startServer,
} from './harness.mjs';

const kSlug = 'med';
const kPassword = 'Institutions-Test-2026';
const kMobile = '13700000701';
const kCommitteeAdminMobile = '13700000702';
// Born in 1990: young enough for the youth council.
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

async function upload(context, page, form, field) {
  const response = await context.request.post(
    `${server.baseUrl}/api/v1/t/${kSlug}/uploads?form=${form}&field=${field}&name=${field}.png`,
    { data: await canvasPng(page), headers: { ...(await csrfHeaders(context)), 'Content-Type': 'image/png' } },
  );
  assert.equal(response.status(), 201, await response.text());
  return [await response.json()];
}

// The join application as the registration page sends it (that page has its own tests), submitted.
async function applyToInstitutions(context, page, employer) {
  const profile = {
    photo: await upload(context, page, 'profile', 'photo'),
    name: '机构会员',
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
    address: '天津市和平区示例路 7 号',
  };
  const saved = await context.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/profile`, {
    data: { values: profile },
    headers: await csrfHeaders(context),
  });
  assert.equal(saved.status(), 200, await saved.text());
  const created = await context.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/applications`, {
    data: {
      kind: 'join',
      values: {
        ...profile,
        committees: ['med-lung', 'med-digestive'],
        provincial_associations: ['med-tj'],
        youth_council: true,
        member_type: 'general',
        recommend_method: 'admin',
        stamped_form: await upload(context, page, 'join', 'stamped_form'),
      },
    },
    headers: await csrfHeaders(context),
  });
  assert.equal(created.status(), 201, await created.text());
  const draft = await created.json();
  const submitted = await context.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/applications/${draft.id}/submit`, {
    data: { version: draft.version },
    headers: await csrfHeaders(context),
  });
  assert.equal(submitted.status(), 200, await submitted.text());
}

async function institutionStates(page) {
  const rows = page.getByTestId('institutions-card').getByTestId('institution-row');
  await rows.first().waitFor();
  const out = {};
  for (const row of await rows.all()) {
    out[await row.getByTestId('institution-name').textContent()] = await row.getAttribute('data-status');
  }
  return out;
}

describe('institutions named in a membership application', () => {
  test('申请中 until the association approves; each institution then decides in its own queue; 重新提交 after a rejection', async () => {
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const employer = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: '津门机构示例医院', credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(employer.status(), 201, await employer.text());

    // The lung committee's own admin: an account of the realm given the committee to administer.
    const committee = await newContext(browser, kDesktop, server.baseUrl);
    await registerMember(committee, server, kSlug, { mobile: kCommitteeAdminMobile, password: kPassword });
    const committeeId = (await (await committee.request.get(`${server.baseUrl}/api/v1/auth/me`)).json()).account.id;
    const granted = await admin.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/admin/accounts/${committeeId}/roles`, {
      data: { roles: [{ tenant: 'med-lung', role: 'tenant_admin' }] },
      headers: await csrfHeaders(admin),
    });
    assert.equal(granted.status(), 204, await granted.text());
    await signInThroughApi(committee, server.baseUrl, 'med-lung', { mobile: kCommitteeAdminMobile, password: kPassword });

    // The member, on a phone.
    const member = await newContext(browser, kPhone, server.baseUrl);
    await registerMember(member, server, kSlug, { mobile: kMobile, password: kPassword });
    const page = await member.newPage();
    await page.goto(`/t/${kSlug}/`);
    await applyToInstitutions(member, page, (await employer.json()).id);

    await page.goto(`/t/${kSlug}/applications`);
    assert.deepEqual(await institutionStates(page), {
      华夏肿瘤防治医学会肺癌专业委员会: 'under_review',
      '消化道肿瘤专业委员会': 'under_review',
      华夏肿瘤防治医学会天津分会: 'under_review',
      华夏肿瘤防治医学会青年理事会: 'under_review',
    });
    assert.equal(await page.getByTestId('institutions-card').getByText('申请中').count(), 4);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);

    // The association approves in its console.
    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin/reviews`);
    await console.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: '机构会员' }).waitFor();
    await console.getByTestId('review-open').first().click();
    await console.getByTestId('review-drawer').locator('[data-field="name"] input').waitFor();
    await console.getByTestId('review-approve').click();
    await console.getByText('已通过').first().waitFor();
    // The association's queue now holds the institutions' reviews, each named.
    await console.reload();
    await console.getByTestId('review-tenant').filter({ hasText: '消化道肿瘤专业委员会' }).waitFor();
    assert.equal(await console.getByTestId('review-applicant').filter({ hasText: '机构会员' }).count(), 4);

    // The committee's admin sees only the committee's review, and rejects it with a reason.
    const queue = await committee.newPage();
    await queue.goto('/t/med-lung/admin/reviews');
    await queue.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: '机构会员' }).waitFor();
    assert.equal(await queue.getByTestId('review-applicant').count(), 1);
    await queue.getByTestId('review-open').first().click();
    await queue.getByTestId('review-drawer').locator('[data-field="name"] input').waitFor();
    await queue.getByTestId('review-reject').click();
    await queue.getByTestId('review-reason').fill('盖章不清晰，请重新上传');
    await queue.getByTestId('review-confirm').click();
    await queue.getByText('已标记为不通过').waitFor();

    // The member reads the reason and submits again.
    await page.goto(`/t/${kSlug}/applications`);
    const lung = page.getByTestId('institution-row').filter({ hasText: '肺癌专业委员会' });
    await lung.getByText('审批不通过').waitFor();
    assert.equal(await lung.getByTestId('institution-reason').textContent(), '审核不通过原因：盖章不清晰，请重新上传');
    assert.equal(await page.getByTestId('institution-row').filter({ hasText: '审批不通过' }).count(), 1);
    await lung.getByTestId('institution-resubmit').click();
    await page.getByTestId('application-page').waitFor();
    await page.getByTestId('application-reason-banner').waitFor();
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();

    // The committee admits the member; the member centre shows it with the term.
    await queue.reload();
    await queue.getByTestId('review-open').first().click();
    await queue.getByTestId('review-drawer').locator('[data-field="name"] input').waitFor();
    await queue.getByTestId('review-approve').click();
    await queue.getByText('已通过').first().waitFor();
    await page.goto(`/t/${kSlug}/applications`);
    await lung.getByText('审批通过').waitFor();
    assert.match(await lung.getByTestId('institution-term').textContent(), /^会员有效期：\d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}$/);
    const year = String(new Date().getUTCFullYear());
    const numbers = await page.getByTestId('membership-table').getByTestId('member-number').allTextContents();
    assert.ok(numbers.includes(`HX${year}LUNG000001`), numbers.join(', '));

    assert.deepEqual(member.errors, []);
    assert.deepEqual(admin.errors, []);
    assert.deepEqual(committee.errors, []);
    await member.close();
    await committee.close();
    await admin.close();
  });
});
