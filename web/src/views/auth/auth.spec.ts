import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { ElFormItem } from 'element-plus';
import { createMemoryHistory, type Router } from 'vue-router';
import App from '@/App.vue';
import { createAppI18n } from '@/i18n';
import { createAppRouter } from '@/router';

const med = {
  slug: 'med',
  realm: 'med',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '华夏医学会', en: 'Cathay Medical Association' },
  branding: { primaryColor: '#b71c1c', logoText: '华医' },
};
const me = {
  account: { id: 'a1', mobile: '138****8000', email: null, realm: 'med', mustCompleteProfile: false, mustChangePassword: false },
  tenants: [{ slug: 'med', name: med.name, roles: ['member'] }],
};

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
let handler: (method: string, url: string, body: unknown) => Reply | undefined;
let calls: { method: string; url: string; body: unknown; csrf: string | null }[];
let signedIn: boolean;
let wrapper: VueWrapper | null = null;

function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

beforeEach(() => {
  calls = [];
  signedIn = false;
  clearCookies();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body, csrf: new Headers(init?.headers).get('X-CSRF-Token') });
      const reply: Reply = handler(method, url, body) ?? defaults(url);
      const type = reply.status < 400 ? 'application/json' : 'application/problem+json';
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': type, ...reply.headers },
      });
    }),
  );
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.unstubAllGlobals();
  localStorage.clear();
  document.body.innerHTML = '';
});

function defaults(url: string): Reply {
  if (url === '/api/v1/t/med/tenant') return { status: 200, body: med };
  if (url === '/api/v1/auth/csrf') {
    document.cookie = 'gh_csrf=token-1; path=/';
    return { status: 204 };
  }
  if (url === '/api/v1/auth/me') {
    return signedIn ? { status: 200, body: me } : { status: 401, body: { status: 401, code: 'unauthenticated' } };
  }
  if (url === '/api/v1/me/messages/unread-count') return { status: 200, body: { unread: 3 } };
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

async function open(path: string): Promise<{ page: VueWrapper; router: Router }> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  await router.isReady();
  wrapper = mount(App, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  await vi.dynamicImportSettled();
  await flushPromises();
  return { page: wrapper, router };
}

async function type(page: VueWrapper, testid: string, value: string) {
  await page.get(`[data-testid="${testid}"]`).setValue(value);
}

// Client-side rules are covered in utils/validation.spec.ts: Element Plus's form validation
// does not finish under happy-dom, so these tests only submit forms the rules accept.
async function settle() {
  for (let i = 0; i < 5; ++i) {
    await vi.dynamicImportSettled();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

describe('sign-in page', () => {
  it('signs in with the CSRF token and goes where the user was headed', async () => {
    handler = (method, url) => {
      if (method === 'POST' && url === '/api/v1/t/med/auth/sign-in') {
        signedIn = true;
        return { status: 200, body: me };
      }
      return undefined;
    };
    const { page, router } = await open('/t/med/login?redirect=/t/med/account');
    await type(page, 'mobile-input', '+86 138 0013 8000');
    await type(page, 'password-input', 'old-password');
    await page.get('form').trigger('submit');
    await settle();
    const signIn = calls.find((call) => call.url === '/api/v1/t/med/auth/sign-in');
    expect(signIn?.body).toEqual({ mobile: '13800138000', password: 'old-password' });
    expect(signIn?.csrf).toBe('token-1');
    expect(router.currentRoute.value.fullPath).toBe('/t/med/account');
  });

  it('says that a frozen account is frozen', async () => {
    handler = (method, url) =>
      method === 'POST' && url.endsWith('/sign-in')
        ? { status: 403, body: { status: 403, code: 'account_frozen', detail: '请联系机构管理员。' } }
        : undefined;
    const { page } = await open('/t/med/login');
    await type(page, 'mobile-input', '13800138000');
    await type(page, 'password-input', 'whatever-1');
    await page.get('form').trigger('submit');
    await settle();
    const alert = page.get('[data-testid="form-error"]');
    expect(alert.text()).toContain('账号已冻结');
    expect(alert.text()).toContain('请联系机构管理员。');
  });

  it('tells a locked account when to retry', async () => {
    handler = (method, url) =>
      method === 'POST' && url.endsWith('/sign-in')
        ? { status: 429, body: { status: 429, code: 'too_many_requests' }, headers: { 'Retry-After': '300' } }
        : undefined;
    const { page } = await open('/t/med/login');
    await type(page, 'mobile-input', '13800138000');
    await type(page, 'password-input', 'whatever-1');
    await page.get('form').trigger('submit');
    await settle();
    expect(page.get('[data-testid="form-error"]').text()).toContain('请在 5 分钟后重试');
  });
});

describe('register page', () => {
  it('shows the server field errors on their fields', async () => {
    handler = (method, url) =>
      method === 'POST' && url.endsWith('/register')
        ? {
            status: 422,
            body: {
              status: 422,
              code: 'validation_failed',
              errors: [{ field: 'mobile', code: 'mobile_taken', message: '该手机号已注册' }],
            },
          }
        : undefined;
    const { page } = await open('/t/med/register');
    await type(page, 'mobile-input', '13800138000');
    await type(page, 'code-input', '123456');
    await type(page, 'password-input', 'long-enough-1');
    await type(page, 'confirm-input', 'long-enough-1');
    await page.get('form').trigger('submit');
    await settle();
    const items = page.findAllComponents(ElFormItem);
    const mobileItem = items.find((item) => item.props('prop') === 'mobile');
    expect(mobileItem?.classes()).toContain('is-error');
    expect(mobileItem?.props('error')).toBe('该手机号已注册');
    expect(items.find((item) => item.props('prop') === 'password')?.props('error')).toBeFalsy();
    expect(page.find('[data-testid="form-error"]').exists()).toBe(false);
  });
});

describe('signed-in pages', () => {
  it('send a visitor to the sign-in page and back', async () => {
    handler = () => undefined;
    const { router } = await open('/t/med/admin');
    expect(router.currentRoute.value.name).toBe('login');
    expect(router.currentRoute.value.query.redirect).toBe('/t/med/admin');
  });

  it('show the unread count in the header', async () => {
    signedIn = true;
    handler = (_method, url) =>
      url.startsWith('/api/v1/auth/sessions') ? { status: 200, body: { items: [] } } : undefined;
    const { page } = await open('/t/med/account');
    await settle();
    expect(page.find('[data-testid="account-page"]').exists()).toBe(true);
    expect(page.get('[data-testid="unread-badge"]').text()).toContain('3');
    // A member who administers nothing sees no admin console entry on the home page.
    expect(page.find('[data-testid="menu-accounts"]').exists()).toBe(false);
  });
});
