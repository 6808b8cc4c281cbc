import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import App from '@/App.vue';
import { createAppI18n, LOCALE_STORAGE_KEY } from '@/i18n';
import { createAppRouter } from '@/router';

const med = {
  slug: 'med',
  realm: 'med',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '华夏医学会', en: 'Cathay Medical Association' },
  shortName: { 'zh-CN': '华医', en: 'CMA' },
  defaultLocale: 'zh-CN',
  branding: { primaryColor: '#b71c1c', logoText: '华医' },
  memberTypes: [
    {
      key: 'professional',
      name: { 'zh-CN': '专业会员', en: 'Professional member' },
      description: { 'zh-CN': '具有中级以上职称', en: 'Intermediate title or above' },
    },
    { key: 'student', name: { 'zh-CN': '学生会员', en: 'Student member' } },
  ],
  children: [
    { slug: 'med-tj', kind: 'provincial', name: { 'zh-CN': '津门医学会', en: 'Jinmen Medical' } },
  ],
};

type Reply = { status: number; body: unknown };
let reply: (url: string, language: string | null) => Reply;
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const { status, body } = reply(url, new Headers(init?.headers).get('Accept-Language'));
      const type = status === 200 ? 'application/json' : 'application/problem+json';
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
    }),
  );
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.unstubAllGlobals();
  localStorage.clear();
  document.documentElement.removeAttribute('style');
});

async function open(path: string): Promise<VueWrapper> {
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  await router.isReady();
  wrapper = mount(App, {
    global: { plugins: [createPinia(), createAppI18n(), router] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

describe('tenant home page', () => {
  it('shows the tenant in Chinese with its branding, member types and branches', async () => {
    reply = (url) => (url === '/api/v1/t/med/tenant' ? { status: 200, body: med } : { status: 404, body: {} });
    const page = await open('/t/med/');
    expect(page.get('[data-testid="tenant-name"]').text()).toBe('华夏医学会');
    expect(page.get('[data-testid="tenant-short-name"]').text()).toBe('华医');
    expect(page.get('[data-testid="tenant-badge"]').text()).toBe('华医');
    const types = page.findAll('[data-testid="member-type"]');
    expect(types.map((type) => type.get('h3').text())).toEqual(['专业会员', '学生会员']);
    expect(types[0]!.text()).toContain('具有中级以上职称');
    const child = page.get('[data-testid="child-link"]');
    expect(child.text()).toBe('津门医学会');
    expect(child.attributes('href')).toBe('/t/med-tj/');
    expect(page.get('[data-testid="admin-link"]').attributes('href')).toBe('/t/med/admin');
    expect(document.documentElement.style.getPropertyValue('--el-color-primary')).toBe('#b71c1c');
    expect(document.title).toBe('华夏医学会');
  });

  it('names the parent organisation with a link to it', async () => {
    const branch = { ...med, slug: 'med-tj', realm: 'med', parent: 'med', children: [] };
    reply = (url) => ({ status: 200, body: url === '/api/v1/t/med/tenant' ? med : branch });
    const page = await open('/t/med-tj/');
    const parent = page.get('[data-testid="parent-link"]');
    expect(parent.text()).toBe('华夏医学会');
    expect(parent.attributes('href')).toBe('/t/med/');
    expect(page.find('[data-testid="children-card"]').exists()).toBe(false);
  });

  it('switches to English and remembers the choice', async () => {
    reply = () => ({ status: 200, body: med });
    const page = await open('/t/med/');
    await page.get('[data-testid="language-switch"]').trigger('click');
    await flushPromises();
    expect(page.get('[data-testid="tenant-name"]').text()).toBe('Cathay Medical Association');
    expect(page.get('[data-testid="member-type"] h3').text()).toBe('Professional member');
    expect(page.get('[data-testid="admin-link"]').text()).toBe('Admin console');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('shows the not-found page for an unknown tenant', async () => {
    reply = () => ({ status: 404, body: { status: 404, code: 'tenant_not_found', detail: '找不到该机构。' } });
    const page = await open('/t/nope/');
    const state = page.get('[data-testid="state-page"]');
    expect(state.attributes('data-state')).toBe('not-found');
    expect(state.text()).toContain('找不到该机构');
    expect(state.text()).toContain('nope');
    expect(page.find('[data-testid="tenant-name"]').exists()).toBe(false);
  });

  it('shows the unavailable page with the detail in the current language', async () => {
    reply = (_url, language) => ({
      status: 503,
      body: {
        status: 503,
        code: 'tenant_unavailable',
        detail: language === 'en' ? 'Plugin failed to load.' : '插件加载失败。',
      },
    });
    const page = await open('/t/broken/');
    const state = page.get('[data-testid="state-page"]');
    expect(state.attributes('data-state')).toBe('unavailable');
    expect(state.text()).toContain('该机构暂时不可用');
    expect(page.get('[data-testid="problem-detail"]').text()).toBe('插件加载失败。');
    await page.get('[data-testid="language-switch"]').trigger('click');
    await flushPromises();
    expect(page.get('[data-testid="state-page"]').text()).toContain('temporarily unavailable');
    expect(page.get('[data-testid="problem-detail"]').text()).toBe('Plugin failed to load.');
  });

  it('uses the tenant default language unless the user chose one', async () => {
    const english = { ...med, defaultLocale: 'en' };
    reply = () => ({ status: 200, body: english });
    const page = await open('/t/med/');
    expect(page.get('[data-testid="tenant-name"]').text()).toBe('Cathay Medical Association');
    page.unmount();
    wrapper = null;
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN');
    const chosen = await open('/t/med/');
    expect(chosen.get('[data-testid="tenant-name"]').text()).toBe('华夏医学会');
  });
});
