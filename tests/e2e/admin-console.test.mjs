import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  becomeAdmin,
  expectedName,
  kDesktop,
  kPhone,
  launchBrowser,
  newContext,
  readTenant,
  screenshotDir,
  startServer,
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

async function tabTitles(page) {
  return (await page.locator('[data-testid="admin-tabs"] .el-tabs__item').allTextContents()).map((s) => s.trim());
}

async function crumbs(page) {
  return (await page.locator('[data-testid="breadcrumb"] .el-breadcrumb__inner').allTextContents()).map((s) => s.trim());
}

describe('admin console', () => {
  test('asks a visitor to sign in first and comes back afterwards', async () => {
    const context = await newContext(browser, kDesktop, server.baseUrl);
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/admin/member-types/x`);
    await page.getByTestId('login-page').waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, `/t/${kSlug}/login`);
    assert.equal(url.searchParams.get('redirect'), `/t/${kSlug}/admin/member-types/x`);
    assert.deepEqual(context.errors, []);
    await context.close();
  });

  test('renders the sidebar, breadcrumb and dashboard tab; tabs open and close', async (t) => {
    const tenant = readTenant(kSlug);
    const types = tenant.member_types ?? [];
    assert.ok(types.length > 0, `${kSlug} has member types`);
    const context = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(context, server, kSlug);
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/admin`);

    const sidebar = page.getByTestId('admin-sidebar');
    await sidebar.waitFor();
    assert.ok(await sidebar.isVisible());
    assert.equal((await page.getByTestId('menu-dashboard').textContent()).trim(), '概览');
    assert.deepEqual(await crumbs(page), ['概览']);
    assert.deepEqual(await tabTitles(page), ['概览']);
    assert.equal(await page.locator('[data-testid="admin-tabs"] .el-tabs__item .is-icon-close').count(), 0, 'the dashboard tab cannot be closed');
    assert.match(await page.getByTestId('dashboard-title').textContent(), new RegExp(expectedName(tenant, 'zh-CN')));
    const rows = page.locator('[data-testid="member-type-table"] .el-table__body tr');
    assert.equal(await rows.count(), types.length);
    await page.screenshot({ path: path.join(await screenshotDir(), `${kSlug}-admin.png`), animations: 'disabled' });

    // Open a member type: a new closable tab and a deeper breadcrumb.
    const first = types[0];
    await page.getByTestId('open-member-type').first().click();
    await page.waitForURL(`**/t/${kSlug}/admin/member-types/${first.key}`);
    await page.getByTestId('member-type-page').waitFor();
    assert.deepEqual(await tabTitles(page), ['概览', first.name['zh-CN']]);
    assert.deepEqual(await crumbs(page), ['概览', '会员类型', first.name['zh-CN']]);
    const active = page.locator('[data-testid="admin-tabs"] .el-tabs__item.is-active');
    assert.equal((await active.textContent()).trim(), first.name['zh-CN']);

    // Back to the dashboard through its tab; the other tab stays open.
    await page.locator('[data-testid="admin-tabs"] .el-tabs__item').filter({ hasText: '概览' }).click();
    await page.waitForURL(`**/t/${kSlug}/admin`);
    await page.getByTestId('dashboard').waitFor();
    assert.deepEqual(await tabTitles(page), ['概览', first.name['zh-CN']]);

    // Reopen it and close it from its tab: the console returns to the dashboard.
    await page.locator('[data-testid="admin-tabs"] .el-tabs__item').filter({ hasText: first.name['zh-CN'] }).click();
    await page.getByTestId('member-type-page').waitFor();
    await page.locator('[data-testid="admin-tabs"] .el-tabs__item.is-active .is-icon-close').click();
    await page.waitForURL(`**/t/${kSlug}/admin`);
    await page.getByTestId('dashboard').waitFor();
    assert.deepEqual(await tabTitles(page), ['概览']);

    assert.deepEqual(context.errors, []);
    await context.close();
  });

  test('switches language and dark mode, and remembers both', async (t) => {
    const tenant = readTenant(kSlug);
    const context = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(context, server, kSlug);
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/admin`);
    await page.getByTestId('dashboard').waitFor();

    await page.getByTestId('language-switch').click();
    await assert.doesNotReject(page.getByTestId('menu-dashboard').filter({ hasText: 'Dashboard' }).waitFor());
    assert.deepEqual(await tabTitles(page), ['Dashboard']);
    assert.match(await page.getByTestId('dashboard-title').textContent(), new RegExp(expectedName(tenant, 'en')));

    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), false);
    await page.getByTestId('dark-toggle').click();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
    const background = await page.locator('.header').evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(background, 'rgb(255, 255, 255)', 'the header turned dark');
    await page.screenshot({ path: path.join(await screenshotDir(), `${kSlug}-admin-dark-en.png`), animations: 'disabled' });

    await page.reload();
    await page.getByTestId('dashboard').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
    assert.deepEqual(await tabTitles(page), ['Dashboard']);
    assert.deepEqual(context.errors, []);
    await context.close();
  });

  test('on a phone the sidebar is a drawer opened from the header', async (t) => {
    const context = await newContext(browser, kPhone, server.baseUrl);
    await becomeAdmin(context, server, kSlug);
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/admin`);
    await page.getByTestId('dashboard').waitFor();
    const sidebar = page.getByTestId('admin-sidebar');
    const hidden = await sidebar.boundingBox();
    assert.ok(hidden.x + hidden.width <= 0, 'the menu starts off screen');
    await page.getByTestId('sidebar-toggle').click();
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-testid="admin-sidebar"]').getBoundingClientRect();
      return box.left >= 0;
    });
    await page.screenshot({ path: path.join(await screenshotDir(), `${kSlug}-admin-phone-menu.png`), animations: 'disabled' });
    await page.getByTestId('menu-dashboard').click();
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-testid="admin-sidebar"]').getBoundingClientRect();
      return box.right <= 0;
    });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px too wide)`);
    assert.deepEqual(context.errors, []);
    await context.close();
  });
});
