// Manual 001 "原会员激活流程", on a phone: the association imports a member of its old system's
// roster; they sign in with the old mobile number and an SMS code (the account opens without a
// password), the member centre asks 请完善您的会员信息, 确定 opens the activation filled in from
// the roster; they choose 专业会员, add the qualification scans and submit; 资料申请变更记录 shows
// 申请中; the association approves in its console; the member sees 审批通过 and the new member
// number, the old certificate number answers superseded, and the member sets a sign-in password
// (设置登录密码) and signs in with it.
import assert from 'node:assert/strict';
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
  screenshotDir,
  smsCodeFor,
  startServer,
} from './harness.mjs';

const kSlug = 'med';
const kMobile = '18086660101';
const kName = '原会员甲';
const kOldMemberNumber = 'ZK2019000101';
const kOldCertificate = 'M16500002054A';
const kEmployer = '华夏示例肿瘤医院';
const kPassword = 'Legacy-Member-2026';

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

// The narrowest phone the member portal is drawn for.
const kSmallPhone = { ...kPhone, viewport: { width: 375, height: 812 } };

async function noSidewaysScrolling(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= kSmallPhone.viewport.width, `${what}: no sideways scrolling on a phone (${width}px)`);
}

describe('a legacy member activates (原会员激活)', () => {
  test('SMS sign-in, 请完善您的会员信息, the roster data checked and completed, approved with a new number, a password set', async () => {
    // The association: the employer in its registry, then the old roster's row.
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const employer = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: kEmployer, credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(employer.status(), 201, await employer.text());
    const imported = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/legacy-members/import`, {
      data: {
        header: ['会员编号', '证书编号', '姓名', '手机号', '会员类型', '证件类型', '证件号码', '性别', '出生日期', '工作单位', '科室', '职务', '职称', '邮箱', '省份/城市', '联系地址'],
        rows: [
          {
            row: 2,
            cells: [
              kOldMemberNumber,
              kOldCertificate,
              kName,
              kMobile,
              '普通会员',
              '身份证',
              '120101198409301235',
              '男',
              '1984-09-30',
              kEmployer,
              '肿瘤科',
              '科主任',
              '中级/主管药师',
              'legacy@example.org',
              '天津/天津市/和平区',
              '天津市河西区体院北环湖西路1号',
            ],
          },
        ],
      },
      headers: await csrfHeaders(admin),
    });
    assert.equal(imported.status(), 200, await imported.text());
    const report = await imported.json();
    assert.equal(report.created, 1, JSON.stringify(report));
    assert.deepEqual(report.errors, []);

    // The member signs in on the SMS-code tab with the old number: the account opens.
    const member = await newContext(browser, kSmallPhone, server.baseUrl);
    const page = await member.newPage();
    await page.goto(`/t/${kSlug}/login`);
    await page.getByRole('tab', { name: '验证码登录' }).click();
    await page.getByTestId('mobile-input').fill(kMobile);
    await page.getByTestId('send-code').click();
    await page.getByTestId('code-input').fill(await smsCodeFor(server, kMobile));
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tenant-home').waitFor();

    // 会员中心: the manual's prompt; 确定 opens the activation.
    await page.getByTestId('user-menu-trigger').click();
    await page.getByTestId('menu-applications').click();
    const prompt = page.locator('.el-message-box').filter({ hasText: '请完善您的会员信息' });
    await prompt.waitFor();
    assert.equal((await prompt.locator('.el-message-box__title').textContent()).trim(), '提示');
    await prompt.getByRole('button', { name: '确定' }).click();
    await page.getByTestId('activation-intro').waitFor();
    assert.match(
      await page.getByTestId('activation-intro').textContent(),
      /系统已识别您为原会员，请仔细核对历史档案信息，如有变更请及时更新；激活专业会员身份，工作单位只可在系统中的单位中选择。/,
    );
    await page.getByText('原会员激活申请').first().waitFor();
    await noSidewaysScrolling(page, 'the activation');
    if (process.env.GUILDHALL_E2E_SHOTS) {
      await page.screenshot({ path: path.join(await screenshotDir(), 'medical-activation.png'), animations: 'disabled' });
    }

    // The old roster's data, filled in: to check, and to complete.
    const field = (key) => page.getByTestId('application-page').locator(`[data-field="${key}"]`);
    await field('name').locator('input').waitFor();
    assert.equal(await field('name').locator('input').inputValue(), kName);
    assert.equal(await field('department').locator('input').inputValue(), '肿瘤科');
    assert.equal(await field('position').locator('input').inputValue(), '科主任');
    assert.equal(await field('id_number').getByTestId('masked-value').textContent(), '120101********1235');
    assert.equal(await field('mobile').getByTestId('masked-value').textContent(), '180****0101');
    await field('employer').getByText(kEmployer).first().waitFor();
    assert.ok(await field('member_type').locator('label.el-radio', { hasText: '普通会员' }).locator('input').isChecked());

    // Each select's options live in its own listbox (the input's aria-controls).
    const choose = async (key, option) => {
      await field(key).locator('.el-select__wrapper').click();
      const listbox = page.locator(`[id="${await field(key).locator('input').first().getAttribute('aria-controls')}"]`);
      await listbox.locator('.el-select-dropdown__item').filter({ hasText: new RegExp(`^\\s*${option}\\s*$`) }).first().click();
      await listbox.waitFor({ state: 'hidden' });
    };
    const upload = async (key, name) => {
      await field(key).locator('input.el-upload__input').setInputFiles({ name, mimeType: 'image/png', buffer: await canvasPng(page) });
      await field(key).getByTestId('upload-file').filter({ hasText: name }).waitFor();
    };
    await field('member_type').locator('label.el-radio', { hasText: '专业会员' }).click();
    await field('qualification_type').waitFor();
    await upload('photo', 'photo.png');
    await choose('ethnicity', '汉族');
    await choose('party', '群众');
    await choose('education', '硕士研究生');
    await choose('qualification_type', '医师执业证书');
    await field('qualification_code').locator('input').fill('110120190001010');
    await upload('qualification_front', 'front.png');
    await upload('qualification_info', 'info.png');

    await page.getByTestId('submit-application').click();
    const confirm = page.locator('.el-message-box').filter({ hasText: '请确认您提交的信息准确无误' });
    await confirm.getByRole('button', { name: '提交审核' }).click();
    const done = page.locator('.el-message-box').filter({ hasText: '会员激活申请提交成功，进入审核阶段' });
    await done.getByRole('button', { name: '确定' }).click();
    await page.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    await page.getByTestId('application-review-banner').waitFor();

    // 资料申请变更记录: 申请中; nothing more to activate meanwhile.
    await page.getByTestId('back-to-applications').click();
    const record = page.getByTestId('change-records').getByTestId('application-row').first();
    await record.getByTestId('application-status').filter({ hasText: '申请中' }).waitFor();
    assert.match(await record.textContent(), /原会员激活申请/);
    assert.equal(await page.getByTestId('start-activate').count(), 0);
    await noSidewaysScrolling(page, 'the member centre');

    // The association approves in its console.
    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin/reviews`);
    await console.getByTestId('review-table').getByTestId('review-applicant').filter({ hasText: kName }).waitFor();
    await console.getByTestId('review-open').first().click();
    await console.getByTestId('review-drawer').locator('[data-field="name"] input').waitFor();
    await console.getByTestId('review-approve').click();
    await console.getByText('已通过').first().waitFor();

    // 审批通过, with a new member number; the old certificate and member number no longer hold.
    await page.reload();
    await record.getByTestId('application-status').filter({ hasText: '审批通过' }).waitFor();
    const number = (await page.getByTestId('membership-table').getByTestId('member-number').first().textContent()).trim();
    assert.match(number, /^HX/);
    assert.notEqual(number, kOldMemberNumber);
    await record.getByTestId('open-application').click();
    await page.getByTestId('application-approved-banner').filter({ hasText: `审批通过，会员编号 ${number}` }).waitFor();
    for (const old of [kOldCertificate, kOldMemberNumber]) {
      const verified = await fetch(`${server.baseUrl}/api/v1/verify/${kSlug}/${old}`);
      assert.equal(verified.status, 200, old);
      const answer = await verified.json();
      assert.equal(answer.status, 'superseded', `${old}: ${JSON.stringify(answer)}`);
      assert.equal(answer.legacy, true);
    }

    // 设置登录密码, from the avatar's menu, with no current password to give.
    assert.ok(await page.getByTestId('set-password-dot').locator('.el-badge__content').isVisible());
    await page.getByTestId('user-menu-trigger').click();
    await page.getByTestId('menu-set-password').click();
    const card = page.getByTestId('change-password');
    await card.locator('.el-card__header').filter({ hasText: '设置登录密码' }).waitFor();
    assert.equal(await card.getByTestId('current-password').count(), 0);
    await card.getByTestId('new-password').fill(kPassword);
    await card.getByTestId('confirm-password').fill(kPassword);
    if (process.env.GUILDHALL_E2E_SHOTS) {
      await page.screenshot({ path: path.join(await screenshotDir(), 'medical-activation-password.png'), animations: 'disabled' });
    }
    await card.getByTestId('save-password').click();
    await page.getByText('登录密码已设置').waitFor();
    await card.locator('.el-card__header').filter({ hasText: '修改密码' }).waitFor();
    await card.getByTestId('current-password').waitFor();
    await page.getByTestId('set-password-dot').locator('.el-badge__content').waitFor({ state: 'hidden' });

    // Signed out, the member signs in with the mobile number and that password.
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-submit').waitFor();
    await page.getByTestId('mobile-input').fill(kMobile);
    await page.getByTestId('password-input').fill(kPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('tenant-home').waitFor();
    const me = await (await member.request.get(`${server.baseUrl}/api/v1/auth/me`)).json();
    assert.equal(me.account.hasPassword, true);

    assert.deepEqual(member.errors, []);
    assert.deepEqual(admin.errors, []);
    await member.close();
    await admin.close();
  });
});
