import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  expectedName,
  kDemoSlugs,
  kDesktop,
  kPhone,
  launchBrowser,
  newContext,
  readAllTenants,
  readTenant,
  rgb,
  screenshotDir,
  startServer,
} from './harness.mjs';

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

async function desktop() {
  return newContext(browser, kDesktop, server.baseUrl);
}

describe('platform', () => {
  test('the landing page names the platform and lists no tenants', async () => {
    const context = await desktop();
    const page = await context.newPage();
    await page.goto('/');
    await assert.doesNotReject(page.getByTestId('platform-name').waitFor());
    assert.equal(await page.getByTestId('platform-name').textContent(), 'Guildhall');
    assert.equal(await page.locator('a[href^="/t/"]').count(), 0);
    assert.deepEqual(context.errors, []);
    await context.close();
  });

  test('hashed assets are cached for long, pages fall back to the app', async () => {
    const context = await desktop();
    const page = await context.newPage();
    const assets = [];
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/assets/')) assets.push(response);
    });
    const response = await page.goto('/t/med/admin');
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /text\/html/);
    // The console asks a visitor to sign in: the app ran from its hashed scripts.
    await page.getByTestId('login-page').waitFor();
    assert.ok(assets.length > 0, 'the page loaded scripts from /assets/');
    for (const asset of assets) {
      assert.match(asset.headers()['cache-control'] ?? '', /max-age=\d{6,}/, asset.url());
    }
    await context.close();
  });
});

describe('tenant home pages', () => {
  const all = readAllTenants();

  for (const slug of kDemoSlugs) {
    test(`${slug}: Chinese name, branding, member types, branches, English switch`, async () => {
      const tenant = readTenant(slug);
      const context = await desktop();
      const page = await context.newPage();
      await page.goto(`/t/${slug}/`);
      const name = page.getByTestId('tenant-name');
      await name.waitFor();
      assert.equal(await name.textContent(), expectedName(tenant, 'zh-CN'));
      assert.equal(await page.title(), expectedName(tenant, 'zh-CN'));

      const color = tenant.branding.primary_color.toLowerCase();
      const primary = await page.evaluate(() =>
        getComputedStyle(document.documentElement).getPropertyValue('--el-color-primary').trim(),
      );
      assert.equal(primary.toLowerCase(), color);
      const badge = page.getByTestId('tenant-badge');
      assert.equal(await badge.evaluate((el) => getComputedStyle(el).backgroundColor), rgb(color));
      assert.equal((await badge.textContent()).trim(), tenant.branding.logo_text);
      const adminLink = page.getByTestId('admin-link');
      assert.equal(await adminLink.evaluate((el) => getComputedStyle(el).backgroundColor), rgb(color));

      const types = tenant.member_types ?? [];
      assert.deepEqual(
        await page.getByTestId('member-type').locator('h3').allTextContents(),
        types.map((type) => type.name['zh-CN']),
      );
      const children = all.filter((other) => other.parent === slug);
      assert.deepEqual(
        (await page.getByTestId('child-link').allTextContents()).sort(),
        children.map((child) => child.name['zh-CN']).sort(),
      );
      if (tenant.parent) {
        assert.equal(await page.getByTestId('parent-link').getAttribute('href'), `/t/${tenant.parent}/`);
      }

      await page.screenshot({ path: path.join(await screenshotDir(), `${slug}.png`), fullPage: true, animations: 'disabled' });

      await page.getByTestId('language-switch').click();
      await assert.doesNotReject(
        page.getByTestId('tenant-name').filter({ hasText: expectedName(tenant, 'en') }).waitFor(),
      );
      assert.equal(await page.getByTestId('admin-link').textContent().then((s) => s.trim()), 'Admin console');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      // The choice is remembered across visits.
      await page.reload();
      await page.getByTestId('tenant-name').waitFor();
      assert.equal(await page.getByTestId('tenant-name').textContent(), expectedName(tenant, 'en'));

      assert.deepEqual(context.errors, []);
      await context.close();
    });
  }

  test('a branch link leads to the branch home page', async () => {
    const parent = all.find((tenant) => all.some((other) => other.parent === tenant.slug));
    assert.ok(parent, 'some demo tenant has branches');
    const child = all.find((other) => other.parent === parent.slug);
    const context = await desktop();
    const page = await context.newPage();
    await page.goto(`/t/${parent.slug}/`);
    await page.getByTestId('child-link').filter({ hasText: child.name['zh-CN'] }).click();
    await page.waitForURL(`**/t/${child.slug}/`);
    await assert.doesNotReject(page.getByTestId('tenant-name').filter({ hasText: child.name['zh-CN'] }).waitFor());
    const primary = await page.evaluate(() =>
      getComputedStyle(document.documentElement).getPropertyValue('--el-color-primary').trim(),
    );
    assert.equal(primary.toLowerCase(), child.branding.primary_color.toLowerCase());
    await context.close();
  });

  test('an unknown tenant shows the not-found page', async () => {
    const context = await desktop();
    const page = await context.newPage();
    const api = page.waitForResponse((r) => r.url().includes('/api/v1/t/no-such-tenant/tenant'));
    await page.goto('/t/no-such-tenant/');
    const answer = await api;
    assert.equal(answer.status(), 404);
    assert.match(answer.headers()['content-type'], /application\/problem\+json/);
    const state = page.getByTestId('state-page');
    await state.waitFor();
    assert.equal(await state.getAttribute('data-state'), 'not-found');
    assert.match(await state.textContent(), /找不到该机构/);
    assert.equal(await page.getByTestId('tenant-name').count(), 0);
    await page.getByTestId('language-switch').click();
    await assert.doesNotReject(state.filter({ hasText: 'Organisation not found' }).waitFor());
    assert.deepEqual(context.errors, []);
    await context.close();
  });
});

describe('on a phone', () => {
  test('the home page is one column without sideways scrolling', async () => {
    const parent = readAllTenants().find((tenant) => !tenant.parent && readAllTenants().some((o) => o.parent === tenant.slug));
    const context = await newContext(browser, kPhone, server.baseUrl);
    const page = await context.newPage();
    await page.goto(`/t/${parent.slug}/`);
    await page.getByTestId('tenant-name').waitFor();
    const boxes = await page.getByTestId('member-type').evaluateAll((cards) =>
      cards.map((card) => card.getBoundingClientRect().toJSON()),
    );
    assert.ok(boxes.length >= 2, 'the tenant has at least two member types to lay out');
    const lefts = new Set(boxes.map((box) => Math.round(box.left)));
    assert.equal(lefts.size, 1, `member types share one column: ${[...lefts]}`);
    for (let i = 1; i < boxes.length; ++i) assert.ok(boxes[i].top >= boxes[i - 1].bottom);
    const lastCard = boxes.at(-1);
    const branches = await page.getByTestId('children-card').boundingBox();
    assert.ok(branches.y >= lastCard.bottom, 'the branches come below the member types');
    assert.ok(Math.abs(branches.x - lastCard.left) < 1, 'the branches are in the same column');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scroll (${overflow}px too wide)`);
    await page.screenshot({ path: path.join(await screenshotDir(), `${parent.slug}-phone.png`), fullPage: true, animations: 'disabled' });
    assert.deepEqual(context.errors, []);
    await context.close();
  });
});

after(async () => {
  console.log(`screenshots: ${await screenshotDir()}`);
});
