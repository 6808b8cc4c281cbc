import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { defineComponent } from 'vue';
import { createAppI18n } from '@/i18n';
import type { Me } from '@/api/types';
import { useSessionStore } from '@/stores/session';
import UserMenu from './UserMenu.vue';

let wrapper: VueWrapper | null = null;
let router: Router;

beforeEach(() => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify({ unread: 0 }), { status: 200, headers: { 'Content-Type': 'application/json' } })),
  );
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function open(hasPassword: boolean): Promise<VueWrapper> {
  const blank = defineComponent({ render: () => null });
  router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/t/:slug/:page?', component: blank }],
  });
  await router.push('/t/med/applications');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  const me: Me = {
    account: { id: 'acc-1', mobile: '180****6886', email: null, realm: 'med', mustCompleteProfile: false, mustChangePassword: false, hasPassword },
    tenants: [],
  };
  const session = useSessionStore();
  session.me = me;
  session.status = 'signed-in';
  wrapper = mount(UserMenu, { props: { slug: 'med' }, global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

async function openMenu(page: VueWrapper) {
  await page.get('[data-testid="user-menu-trigger"]').trigger('click');
  await flushPromises();
}

describe('the user menu', () => {
  it('marks the avatar of an account without a password and offers 设置登录密码, which opens the account page', async () => {
    const page = await open(false);
    expect(page.get('[data-testid="set-password-dot"] .el-badge__content').isVisible()).toBe(true);
    expect(page.get('[data-testid="user-menu-trigger"]').attributes('title')).toBe('设置登录密码');
    await openMenu(page);
    const item = document.querySelector<HTMLElement>('[data-testid="menu-set-password"]');
    expect(item?.textContent).toContain('设置登录密码');
    item!.click();
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med/account');
  });

  it('shows neither to an account with a password', async () => {
    const page = await open(true);
    expect(page.find('[data-testid="set-password-dot"] .el-badge__content').exists()).toBe(false);
    expect(page.get('[data-testid="user-menu-trigger"]').attributes('title')).toBeUndefined();
    await openMenu(page);
    expect(document.querySelector('[data-testid="menu-account"]')).not.toBeNull();
    expect(document.querySelector('[data-testid="menu-set-password"]')).toBeNull();
  });

  it('leads to the member centre (会员中心), which the home page has no other link to', async () => {
    const page = await open(true);
    await openMenu(page);
    const item = document.querySelector<HTMLElement>('[data-testid="menu-applications"]');
    expect(item?.textContent).toContain('会员中心');
    item!.click();
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications');
  });
});
