// Issue #7, manual 001 "新会员入会" on a phone: a new member fills 医护会员注册 from nothing, the
// way the manual walks through it, and makes the mistakes people make — an ID number with a wrong
// check digit, a student without a student card, a scan over the limit, a sixth committee, the
// youth council at 46, a professional member's employer typed instead of picked from the registry.
// Each one is told on its own field, in Chinese, and nothing typed is lost; corrected, the
// application is in with the manual's 会员申请提交成功，请返回并提交盖章文件.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { becomeAdmin, cookieValue, kDesktop, kPhone, launchBrowser, newContext, registerMember, startServer } from './harness.mjs';
import { assertFits, formDriver, oversizedPng, pngOf } from './form-driver.mjs';

const kSlug = 'med';
const kPassword = 'Join-Test-2026';
const kMobile = '13700000801';
// Born on 1980-01-01: 46, too old for the youth council. The same number with the last digit
// changed fails the GB 11643 check.
const kIdNumber = '120101198001010012';
const kBadIdNumber = '120101198001010013';

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

describe('医护会员注册 on a phone, with the mistakes people make', () => {
  test('every wrong input is told on its field and nothing is lost; corrected, the application is in', async () => {
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const hospital = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: '华夏注册示例医院', credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(hospital.status(), 201, await hospital.text());

    const member = await newContext(browser, kPhone, server.baseUrl);
    await registerMember(member, server, kSlug, { mobile: kMobile, password: kPassword });
    const page = await member.newPage();
    await page.goto(`/t/${kSlug}/applications`);
    await page.getByTestId('start-join').click();
    await page.getByTestId('application-page').waitFor();
    const form = formDriver(page);
    await form.field('name').locator('input').waitFor();
    await assertFits(page, assert, 'the empty form');

    // 申请机构: six committees, the Tianjin association and the youth council.
    for (let i = 0; i < 6; i += 1) await form.field('committees').locator('.el-checkbox').nth(i).click();
    await form.check('provincial_associations', '津门肿瘤防治学会');
    await form.check('youth_council');
    await form.radio('member_type', '学生会员');

    await form.upload('photo', { name: 'photo.png', mimeType: 'image/png', buffer: await pngOf(page) });
    await form.field('photo').locator('img').first().waitFor();
    await form.text('name', '注册会员');
    await form.choose('ethnicity', '汉族');
    await form.choose('party', '群众');
    await form.choose('id_type', '居民身份证');
    // The wrong check digit is caught as it is typed.
    await form.text('id_number', kBadIdNumber);
    await form.errorOf('id_number').filter({ hasText: '校验位' }).waitFor();
    await form.text('id_number', kIdNumber);
    await form.errorOf('id_number').waitFor({ state: 'detached' });
    assert.equal(await form.field('birth_date').locator('input').inputValue(), '1980-01-01', 'the ID number fills the birth date');
    await form.text('mobile', kMobile);
    await form.text('email', 'join@example.org');
    await form.choose('education', '硕士研究生');
    // A student may type a school the registry lacks.
    await form.typedOrganisation('employer', '华夏医科大学研究生院');
    await form.text('department', '肿瘤学院');
    await form.text('position', '研究生');
    await form.choose('title', '无职称');
    await form.region('region', ['天津市', '市辖区', '和平区']);
    await form.text('address', '天津市和平区示例路 8 号');
    await form.radio('recommend_method', '管理员');
    await assertFits(page, assert, 'the filled form');

    // A student without the student card: the browser says so on the card's fields.
    await page.getByTestId('submit-application').click();
    await form.errorOf('student_card').filter({ hasText: '此项为必填项' }).waitFor();
    await form.errorOf('student_card_valid_until').filter({ hasText: '此项为必填项' }).waitFor();
    // A scan over the field's 5 MB is refused before it is sent, on its field.
    await form.upload('student_card', { name: 'card.png', mimeType: 'image/png', buffer: oversizedPng(6) });
    await form.errorOf('student_card').filter({ hasText: '文件不能超过5MB' }).waitFor();
    assert.equal(await form.field('name').locator('input').inputValue(), '注册会员', 'nothing typed is lost');
    await form.upload('student_card', { name: 'card.png', mimeType: 'image/png', buffer: await pngOf(page) });
    await form.field('student_card').getByTestId('upload-file').first().waitFor();
    await form.date('student_card_valid_until', '2029-07-01');

    // Now the server's rules: at most five committees, and the youth council under 45.
    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await form.errorOf('committees').filter({ hasText: '专委会（含海外分会）至多选择 5 个' }).waitFor();
    await form.errorOf('youth_council').filter({ hasText: '青年理事会会员年龄需低于 45 周岁' }).waitFor();
    assert.equal(await form.field('name').locator('input').inputValue(), '注册会员', 'nothing typed is lost');
    assert.equal(await form.field('committees').locator('.el-checkbox.is-checked').count(), 6);
    await form.field('committees').locator('.el-checkbox').nth(5).click();
    await form.check('youth_council');

    // A professional member's employer comes from the registry only.
    await form.radio('member_type', '专业会员');
    await form.errorOf('employer').filter({ hasText: '工作单位只可在系统中的单位中选择' }).waitFor();
    await form.organisation('employer', '注册示例', '华夏注册示例医院');
    await form.errorOf('employer').waitFor({ state: 'detached' });
    await form.choose('title', '中级（主治医师、主管药师等）');
    await form.choose('qualification_type', '医师执业证书');
    await form.text('qualification_code', '110120000000001');
    await form.upload('qualification_front', { name: 'front.png', mimeType: 'image/png', buffer: await pngOf(page) });
    await form.field('qualification_front').getByTestId('upload-file').first().waitFor();
    await form.upload('qualification_info', { name: 'info.png', mimeType: 'image/png', buffer: await pngOf(page) });
    await form.field('qualification_info').getByTestId('upload-file').first().waitFor();

    await page.getByTestId('submit-application').click();
    await page.locator('.el-message-box').getByRole('button', { name: '提交审核' }).click();
    await page.locator('.el-message-box').filter({ hasText: '会员申请提交成功，请返回并提交盖章文件' }).waitFor();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await page.getByTestId('application-status').filter({ hasText: '待提交盖章文件' }).waitFor();
    await assertFits(page, assert, 'the submitted application');

    // What the application said of the person is the profile now.
    const profile = await (await member.request.get(`${server.baseUrl}/api/v1/t/${kSlug}/profile`)).json();
    assert.equal(profile.values.name, '注册会员');
    assert.equal(profile.values.employer, (await hospital.json()).id);
    assert.equal(profile.masked.id_number, '120101********0012');

    assert.deepEqual(member.errors, []);
    await member.close();
    await admin.close();
  });
});
