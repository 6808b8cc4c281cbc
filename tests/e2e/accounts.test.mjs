// Issue #3 in the browser: registration with an SMS code, password change, sign-out and
// sign-in; an admin freezing an account.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  adminCredentials,
  cookieValue,
  kDesktop,
  kPhone,
  launchBrowser,
  newContext,
  screenshotDir,
  startServer,
  smsCodeFor,
} from './harness.mjs';

const kSlug = 'med';

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

/** A fresh mainland mobile number, so that reruns against one database do not collide. */
function newMobile() {
  return `137${String(Date.now() % 1e8).padStart(8, '0')}`;
}

/** The newest SMS code the development provider recorded for the number. */
// Texts go out through the outbox, a moment after the request that caused them.
function smsCode(mobile) {
  return smsCodeFor(server, mobile);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(await screenshotDir(), `${name}.png`), fullPage: true, animations: 'disabled' });
}

async function signInOnPage(page, mobile, password) {
  await page.goto(`/t/${kSlug}/login`);
  await page.getByTestId('login-page').waitFor();
  await page.getByLabel('手机号').fill(mobile);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByTestId('login-submit').click();
}

/** Registers an account through the API, as the register page does. */
async function registerThroughApi(context, mobile, password) {
  const base = server.baseUrl;
  await context.request.get(`${base}/api/v1/auth/csrf`);
  const headers = { 'X-CSRF-Token': (await cookieValue(context, base, 'gh_csrf')) ?? '' };
  const sent = await context.request.post(`${base}/api/v1/t/${kSlug}/auth/sms-codes`, {
    data: { mobile, purpose: 'register' },
    headers,
  });
  assert.equal(sent.status(), 202, await sent.text());
  const code = await smsCode(mobile);
  const created = await context.request.post(`${base}/api/v1/t/${kSlug}/auth/register`, {
    data: { mobile, code, password },
    headers: { 'X-CSRF-Token': (await cookieValue(context, base, 'gh_csrf')) ?? '' },
  });
  assert.equal(created.status(), 201, await created.text());
}

describe('accounts', () => {
  test('register with an SMS code, change the password, sign out, sign in with the new one', async (t) => {
    const mobile = newMobile();
    const context = await newContext(browser, kPhone, server.baseUrl);
    const page = await context.newPage();

    await page.goto(`/t/${kSlug}/register`);
    await page.getByTestId('register-page').waitFor();
    await page.getByLabel('手机号').fill(mobile);
    await page.getByTestId('send-code').click();
    await page.getByTestId('send-code').filter({ hasText: /秒后重新获取/ }).waitFor();
    await page.getByTestId('code-input').fill(await smsCode(mobile));
    // The length rule is checked on the field before anything is sent.
    await page.getByLabel('密码', { exact: true }).fill('short');
    await page.getByLabel('确认密码').fill('short');
    await page.getByTestId('register-submit').click();
    await page.locator('.el-form-item__error').filter({ hasText: '密码长度为 8–128 个字符' }).waitFor();
    await page.getByLabel('密码', { exact: true }).fill('first-pass-123');
    await page.getByLabel('确认密码').fill('first-pass-123');
    await page.getByLabel('电子邮箱（选填）').fill(`m${mobile}@example.org`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the register page fits the phone (${overflow}px too wide)`);
    await shot(page, 'register-phone');
    await page.getByTestId('register-submit').click();

    // Signed in, back on the member home with the user menu in the header.
    await page.waitForURL(`**/t/${kSlug}/`);
    await page.getByTestId('user-menu-trigger').waitFor();

    await page.goto(`/t/${kSlug}/account`);
    await page.getByTestId('account-page').waitFor();
    await page.locator('[data-testid="session-row"][data-current="true"]').waitFor();
    await page.getByTestId('current-password').fill('wrong-pass-000');
    await page.getByTestId('new-password').fill('second-pass-456');
    await page.getByTestId('confirm-password').fill('second-pass-456');
    await page.getByTestId('save-password').click();
    // The server's field error lands on the current-password field.
    await page.getByTestId('change-password').locator('.el-form-item.is-error').first().waitFor();
    await page.getByTestId('current-password').fill('first-pass-123');
    await page.getByTestId('save-password').click();
    await page.locator('.el-message--success').filter({ hasText: '密码已修改' }).waitFor();
    await shot(page, 'account-phone');

    await page.getByTestId('sign-out').click();
    await page.waitForURL(`**/t/${kSlug}/login`);
    assert.equal((await context.cookies()).some((c) => c.name === 'gh_session' && c.value), false, 'the session cookie is gone');

    await signInOnPage(page, mobile, 'first-pass-123');
    await page.getByTestId('form-error').filter({ hasText: '手机号或密码错误' }).waitFor();
    await shot(page, 'login-wrong-password-phone');

    await signInOnPage(page, mobile, 'second-pass-456');
    await page.waitForURL(`**/t/${kSlug}/`);
    await page.getByTestId('user-menu-trigger').waitFor();
    assert.deepEqual(context.errors, []);
    await context.close();
  });

  test('an admin freezes an account, which then cannot sign in', async (t) => {
    const admin = adminCredentials(server);

    const mobile = newMobile();
    const member = await newContext(browser, kDesktop, server.baseUrl);
    await registerThroughApi(member, mobile, 'member-pass-789');
    await member.clearCookies();

    const context = await newContext(browser, kDesktop, server.baseUrl);
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/admin/accounts`);
    // The console sends the admin through the sign-in page and back.
    await page.getByTestId('login-page').waitFor();
    await page.getByLabel('手机号').fill(admin.mobile);
    await page.getByLabel('密码', { exact: true }).fill(admin.password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(`**/t/${kSlug}/admin/accounts`);
    await page.getByTestId('menu-accounts').waitFor();

    await page.getByTestId('search-q').fill(mobile);
    await page.getByTestId('search-submit').click();
    const masked = `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
    const row = page.locator('[data-testid="account-table"] .el-table__body tr').filter({ hasText: masked });
    await row.waitFor();
    assert.equal((await row.getByTestId('account-status').textContent()).trim(), '正常');

    await row.getByTestId('freeze').click();
    const dialog = page.getByTestId('freeze-dialog');
    await dialog.waitFor();
    await page.getByTestId('freeze-confirm').click();
    await dialog.locator('.el-form-item__error').filter({ hasText: '此项必填' }).waitFor();
    await page.getByTestId('freeze-reason').fill('违反会员守则');
    await page.getByTestId('freeze-confirm').click();
    await page.locator('.el-message--success').filter({ hasText: '账号已冻结' }).waitFor();
    await row.getByTestId('account-status').filter({ hasText: '已冻结' }).waitFor();
    await page.locator('[data-testid="account-table"] .el-loading-mask').waitFor({ state: 'detached' });
    await shot(page, 'admin-accounts-frozen');

    // The list shows the number masked; 查看 fetches it in full through the audited endpoint.
    assert.ok(!(await page.getByTestId('account-table').textContent()).includes(mobile));
    await row.getByTestId('reveal-mobile').click();
    await page.getByTestId('account-table').getByTestId('account-mobile').filter({ hasText: mobile }).waitFor();
    await shot(page, 'admin-accounts-revealed');

    await page.getByTestId('menu-audit').click();
    await page.getByTestId('audit-table').waitFor();
    await shot(page, 'admin-audit');

    const memberPage = await member.newPage();
    await signInOnPage(memberPage, mobile, 'member-pass-789');
    await memberPage.getByTestId('form-error').filter({ hasText: '账号已冻结' }).waitFor();
    assert.match(memberPage.url(), /\/login$/);
    await shot(memberPage, 'login-frozen');

    assert.deepEqual(context.errors, []);
    assert.deepEqual(member.errors, []);
    await context.close();
    await member.close();
  });
});

after(async () => {
  console.log(`screenshots: ${await screenshotDir()}`);
});
