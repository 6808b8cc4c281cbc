import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { defineComponent } from 'vue';
import { ElMessage } from 'element-plus';
import { createAppI18n } from '@/i18n';
import type { Me } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import AccountPage from './AccountPage.vue';

const account = (hasPassword: boolean): Me => ({
  account: {
    id: 'acc-1',
    mobile: '180****6886',
    email: null,
    realm: 'med',
    mustCompleteProfile: false,
    mustChangePassword: false,
    hasPassword,
  },
  tenants: [],
});

let me: Me;
let calls: { method: string; url: string; body: unknown }[];
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  calls = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const json = (status: number, body?: unknown) =>
        new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
      if (url === '/api/v1/auth/csrf') {
        document.cookie = 'gh_csrf=token-1; path=/';
        return json(204);
      }
      if (url === '/api/v1/auth/sessions') return json(200, { items: [] });
      if (url === '/api/v1/auth/me') return json(200, me);
      if (url === '/api/v1/me/messages/unread-count') return json(200, { unread: 0 });
      if (method === 'POST' && url === '/api/v1/auth/password') {
        // Set once, the account has a password like any other.
        me = account(true);
        return json(204);
      }
      return json(404, { status: 404, code: 'not_found' });
    }),
  );
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function open(hasPassword: boolean): Promise<VueWrapper> {
  me = account(hasPassword);
  const blank = defineComponent({ render: () => null });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/t/:slug/account', name: 'account', component: AccountPage },
      { path: '/t/:slug/login', name: 'login', component: blank },
    ],
  });
  await router.push('/t/med/account');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  const session = useSessionStore();
  session.me = me;
  session.status = 'signed-in';
  wrapper = mount(AccountPage, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

async function fill(page: VueWrapper, testid: string, value: string) {
  await page.get(`input[data-testid="${testid}"]`).setValue(value);
}

async function save(page: VueWrapper) {
  await page.get('[data-testid="change-password"] form').trigger('submit');
  await flushPromises();
  await flushPromises();
}

describe('the password card', () => {
  it('lets an account opened by an SMS code set its first password without a current one', async () => {
    const toast = vi.spyOn(ElMessage, 'success');
    const page = await open(false);
    const card = page.get('[data-testid="change-password"]');
    expect(card.find('.el-card__header').text()).toBe('设置登录密码');
    expect(card.get('[data-testid="set-password-hint"]').text()).toContain('尚未设置登录密码');
    expect(card.find('[data-testid="current-password"]').exists()).toBe(false);
    expect(card.get('[data-testid="save-password"]').text()).toBe('设置密码');

    await fill(page, 'new-password', 'Legacy-pass-2026');
    await fill(page, 'confirm-password', 'Legacy-pass-2026');
    await save(page);
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([{ newPassword: 'Legacy-pass-2026' }]);
    expect(toast).toHaveBeenCalledWith('登录密码已设置，下次可使用手机号和密码登录');

    // From now on it is changed as any other: with the current one.
    expect(card.find('.el-card__header').text()).toBe('修改密码');
    expect(card.find('[data-testid="current-password"]').exists()).toBe(true);
    expect(card.find('[data-testid="set-password-hint"]').exists()).toBe(false);
  });

  it('asks for the current password of an account that has one', async () => {
    const page = await open(true);
    const card = page.get('[data-testid="change-password"]');
    expect(card.find('.el-card__header').text()).toBe('修改密码');
    expect(card.find('[data-testid="set-password-hint"]').exists()).toBe(false);
    await fill(page, 'current-password', 'First-pass-2026');
    await fill(page, 'new-password', 'Second-pass-2026');
    await fill(page, 'confirm-password', 'Second-pass-2026');
    await save(page);
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([
      { currentPassword: 'First-pass-2026', newPassword: 'Second-pass-2026' },
    ]);
  });
});
