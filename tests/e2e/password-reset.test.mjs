// Issue #3: a forgotten password, reset through a link e-mailed over real SMTP. The harness
// gives the server a loopback SMTP server (aiosmtpd) that writes what it receives to a folder;
// this test reads the message from there, as a member would read it in a mail client.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  cookieValue,
  kDesktop,
  kMailFrom,
  launchBrowser,
  newContext,
  receivedMail,
  screenshotDir,
  smsCodeFor,
  startServer,
  until,
} from './harness.mjs';

const kSlug = 'med';
// The delivery worker polls every half second and retries with backoff; 15 s leaves room for
// a retry on a loaded machine without hiding a message that never comes.
const kMailTimeoutMs = 15_000;
// The mock server sends no mail: there is nothing to follow.
const kMock = process.env.GUILDHALL_E2E_MOCK === '1';

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

function newMobile() {
  return `136${String(Date.now() % 1e8).padStart(8, '0')}`;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(await screenshotDir(), `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Registers an account with an e-mail address through the API; the context is signed in after. */
async function registerThroughApi(context, { mobile, email, password }) {
  const base = server.baseUrl;
  const csrf = async () => ({ 'X-CSRF-Token': (await cookieValue(context, base, 'gh_csrf')) ?? '' });
  await context.request.get(`${base}/api/v1/auth/csrf`);
  const sent = await context.request.post(`${base}/api/v1/t/${kSlug}/auth/sms-codes`, {
    data: { mobile, purpose: 'register' },
    headers: await csrf(),
  });
  assert.equal(sent.status(), 202, await sent.text());
  const code = await smsCodeFor(server, mobile);
  const created = await context.request.post(`${base}/api/v1/t/${kSlug}/auth/register`, {
    data: { mobile, code, password, email },
    headers: await csrf(),
  });
  assert.equal(created.status(), 201, await created.text());
}

/** Whether the account signs in with the password, asked of the API from a fresh context. */
async function signsIn(mobile, password) {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  try {
    await context.request.get('/api/v1/auth/csrf');
    const response = await context.request.post(`/api/v1/t/${kSlug}/auth/sign-in`, {
      data: { mobile, password },
      headers: { 'X-CSRF-Token': (await cookieValue(context, server.baseUrl, 'gh_csrf')) ?? '' },
    });
    return response.status() === 200;
  } finally {
    await context.close();
  }
}

function mailTo(messages, email) {
  return messages.filter((message) => message.recipients.includes(email));
}

async function signInOnPage(page, mobile, password) {
  await page.goto(`/t/${kSlug}/login`);
  await page.getByTestId('login-page').waitFor();
  await page.getByLabel('手机号').fill(mobile);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByTestId('login-submit').click();
}

describe('password reset by e-mail', () => {
  test('the e-mailed link sets a new password once, and the new password signs in', { skip: kMock && 'the mock server sends no mail' }, async () => {
    const mobile = newMobile();
    const email = `reset-${mobile}@example.org`;
    const context = await newContext(browser, kDesktop, server.baseUrl);
    await registerThroughApi(context, { mobile, email, password: 'before-reset-1' });
    const page = await context.newPage();

    // Signed in after registering; sign out the way a member does.
    await page.goto(`/t/${kSlug}/`);
    await page.getByTestId('user-menu-trigger').click();
    await page.getByTestId('menu-sign-out').click();
    await page.waitForURL(`**/t/${kSlug}/login`);
    assert.equal(await cookieValue(context, server.baseUrl, 'gh_session'), null, 'signed out');

    await page.getByTestId('login-page').waitFor();
    await page.getByTestId('to-forgot').filter({ hasText: '忘记密码' }).click();
    await page.waitForURL(`**/t/${kSlug}/forgot-password`);
    await page.getByTestId('forgot-page').waitFor();
    assert.deepEqual(mailTo(await receivedMail(server), email), [], 'no mail before the request');
    await page.getByTestId('login-input').fill(email);
    await page.getByTestId('forgot-submit').click();
    await page.getByTestId('reset-sent').waitFor();

    const [message] = await until(
      `the reset e-mail to ${email} in ${server.mailDir}`,
      async () => {
        const found = mailTo(await receivedMail(server), email);
        return found.length > 0 && found;
      },
      { timeoutMs: kMailTimeoutMs },
    );
    assert.match(message.subject, /重置密码/);
    assert.match(message.headers.get('from'), new RegExp(`<${kMailFrom.replace(/\./g, '\\.')}>`));
    assert.match(message.headers.get('to'), new RegExp(`<${email.replace(/\./g, '\\.')}>`));
    assert.match(message.headers.get('content-type'), /charset="?utf-8/i);
    assert.match(message.text, /30 分钟/, 'the body decodes to the Chinese template');
    const links = message.text.match(/https?:\/\/\S+\/reset-password\?token=\S+/g) ?? [];
    assert.equal(links.length, 1, `one reset link in:\n${message.text}`);
    const link = new URL(links[0]);
    assert.equal(link.origin, server.baseUrl, 'the link points at the server (public_url)');
    assert.equal(link.pathname, `/t/${kSlug}/reset-password`);
    assert.match(link.searchParams.get('token'), /^[0-9a-f]{32,}$/);

    await page.goto(link.href);
    await page.getByTestId('reset-page').waitFor();
    await page.getByTestId('password-input').fill('after-reset-22');
    await page.getByTestId('confirm-input').fill('after-reset-22');
    await shot(page, 'reset-password-form');
    await page.getByTestId('reset-submit').click();
    await page.locator('.el-message--success').filter({ hasText: '密码已重置' }).waitFor();
    await page.waitForURL(`**/t/${kSlug}/login`);

    await signInOnPage(page, mobile, 'before-reset-1');
    await page.getByTestId('form-error').filter({ hasText: '手机号或密码错误' }).waitFor();
    await signInOnPage(page, mobile, 'after-reset-22');
    await page.waitForURL(`**/t/${kSlug}/`);
    await page.getByTestId('user-menu-trigger').waitFor();

    // A second visit: the form still shows (the token is only checked on submit), but the
    // server refuses it and the page says so.
    await context.clearCookies();
    await page.goto(link.href);
    await page.getByTestId('reset-page').waitFor();
    await page.getByTestId('password-input').fill('third-choice-333');
    await page.getByTestId('confirm-input').fill('third-choice-333');
    await page.getByTestId('reset-submit').click();
    const invalid = page.getByTestId('reset-invalid');
    await invalid.waitFor();
    assert.match(await invalid.textContent(), /该链接无效或已使用/);
    assert.match(page.url(), /\/reset-password\?token=/, 'the page stays on the link');
    await shot(page, 'reset-password-link-used');

    assert.equal(await signsIn(mobile, 'third-choice-333'), false, 'the used link set no password');
    assert.equal(await signsIn(mobile, 'after-reset-22'), true, 'the reset password still works');
    assert.equal(mailTo(await receivedMail(server), email).length, 1, 'the reset e-mail was sent once');
    assert.deepEqual(context.errors, []);
    await context.close();
  });
});

after(async () => {
  console.log(`screenshots: ${await screenshotDir()}`);
});
