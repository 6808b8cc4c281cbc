import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/i18n';
import { useTenantStore } from '@/stores/tenant';
import type { MemberEntry, MemberRecord } from '@/api/members';
import type { Tenant } from '@/api/types';
import MembersPage from './MembersPage.vue';

const med: Tenant = {
  slug: 'med',
  realm: 'med',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '华夏医学会', en: 'Cathay Medical Association' },
  shortName: { 'zh-CN': '华医', en: 'CMA' },
  defaultLocale: 'zh-CN',
  branding: { primaryColor: '#b71c1c', logoText: '华医' },
  memberTypes: [{ key: 'student', name: { 'zh-CN': '学生会员', en: 'Student' } }],
  children: [],
};

const entry: MemberEntry = {
  membershipId: 'm1',
  accountId: 'a1',
  tenant: 'med',
  tenantName: '华夏医学会',
  name: '吴九',
  gender: 'male',
  memberType: 'student',
  memberTypeName: '学生会员',
  memberNumber: 'HX202600000001',
  status: 'active',
  accountStatus: 'active',
  region: ['120000'],
  regionText: '天津市',
  employer: '',
  employerName: '',
  validFrom: '2026-11-22T02:00:00Z',
  validUntil: null,
};

const record: MemberRecord = { accountId: 'a1', name: '吴九', accountStatus: 'active', memberships: [entry], applications: [], violations: [] };

type Reply = { status: number; body?: unknown };
let handler: (method: string, url: string, body: unknown) => Reply | undefined;
let calls: { method: string; url: string; body: unknown }[];
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  calls = [];
  handler = () => undefined;
  document.cookie = 'gh_csrf=token-1; path=/';
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      const reply = handler(method, url, body) ?? defaults(method, url);
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': reply.status < 400 ? 'application/json' : 'application/problem+json' },
      });
    }),
  );
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function defaults(method: string, url: string): Reply {
  if (url === '/api/v1/auth/csrf') return { status: 204 };
  if (method === 'GET' && url.startsWith('/api/v1/t/med/admin/members?')) return { status: 200, body: { items: [entry], total: 1 } };
  if (method === 'GET' && url === '/api/v1/t/med/admin/members/a1') return { status: 200, body: record };
  if (method === 'GET' && url === '/api/v1/t/med/application-kinds') return { status: 200, body: { items: [] } };
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

async function open(): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/t/:slug/admin/members', component: MembersPage }] });
  await router.push('/t/med/admin/members');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  useTenantStore().tenant = med;
  wrapper = mount(MembersPage, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector);

async function click(selector: string) {
  const element = $(selector);
  if (!element) throw new Error(`no ${selector}`);
  element.click();
  await flushPromises();
}

describe('the member list', () => {
  it('lists members and exports with the same filters', async () => {
    const page = await open();
    expect($('[data-testid="member-name"]')?.textContent).toBe('吴九');
    expect($('[data-testid="member-number"]')?.textContent).toBe('HX202600000001');
    const search = page.get('[data-testid="members-q"]');
    await search.setValue('吴');
    await search.trigger('keyup', { key: 'Enter' });
    await flushPromises();
    expect(calls.some((call) => call.url === `/api/v1/t/med/admin/members?q=${encodeURIComponent('吴')}&page=1&page_size=20`)).toBe(true);
    expect($('[data-testid="members-export"]')?.getAttribute('href')).toBe(
      `/api/v1/t/med/admin/members.xlsx?q=${encodeURIComponent('吴')}`,
    );
  });

  it('resets every filter and lists again', async () => {
    const page = await open();
    const search = page.get('[data-testid="members-q"]');
    await search.setValue('吴');
    await search.trigger('keyup', { key: 'Enter' });
    await flushPromises();
    calls = [];
    await click('[data-testid="members-reset"]');
    expect(calls.map((call) => call.url)).toEqual(['/api/v1/t/med/admin/members?page=1&page_size=20']);
    expect((search.element as HTMLInputElement).value).toBe('');
    expect($('[data-testid="members-export"]')?.getAttribute('href')).toBe('/api/v1/t/med/admin/members.xlsx');
  });

  it('says when the account is frozen while the membership is not, and offers no second freeze', async () => {
    const frozenAccount = { ...entry, accountStatus: 'frozen' as const, status: 'expired' as const };
    handler = (method, url) => {
      if (method === 'GET' && url.startsWith('/api/v1/t/med/admin/members?')) return { status: 200, body: { items: [frozenAccount], total: 1 } };
      if (method === 'GET' && url === '/api/v1/t/med/admin/members/a1') {
        return { status: 200, body: { ...record, accountStatus: 'frozen', memberships: [frozenAccount] } };
      }
      return undefined;
    };
    await open();
    expect($('[data-testid="member-status"]')?.textContent).toBe('已过期');
    expect($('[data-testid="member-account-frozen"]')?.textContent?.trim()).toBe('账号已冻结');
    await click('[data-testid="member-open"]');
    expect($('[data-testid="drawer-account-status"]')?.textContent?.trim()).toBe('账号已冻结');
    expect(($('[data-testid="member-freeze"]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the field error of a bad filter', async () => {
    handler = (method, url) =>
      method === 'GET' && url.startsWith('/api/v1/t/med/admin/members?')
        ? {
            status: 422,
            body: {
              status: 422,
              code: 'form_invalid',
              detail: '请检查标出的内容。',
              errors: [{ field: 'joined_from', code: 'invalid_value', message: '请输入有效日期，格式如 2026-11-22。' }],
            },
          }
        : undefined;
    await open();
    expect($('[data-testid="members-page"] .el-alert')?.textContent).toContain('请输入有效日期，格式如 2026-11-22。');
  });

  it('will not freeze without the violation, then freezes with it', async () => {
    handler = (method, url) =>
      method === 'POST' && url === '/api/v1/t/med/admin/members/a1/freeze'
        ? {
            status: 200,
            body: {
              ...record,
              memberships: [{ ...entry, status: 'frozen' }],
              violations: [{ tenant: 'med', reason: '学历造假', recordedBy: 'x', recordedAt: '2026-11-22T03:00:00Z' }],
            },
          }
        : undefined;
    await open();
    await click('[data-testid="member-open"]');
    await click('[data-testid="member-freeze"]');
    await click('[data-testid="freeze-confirm"]');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    const reason = $('[data-testid="freeze-reason"]') as HTMLTextAreaElement;
    reason.value = '学历造假';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    await click('[data-testid="freeze-confirm"]');
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([{ reason: '学历造假' }]);
    expect($('[data-testid="member-violation"]')?.textContent).toContain('学历造假');
    expect($('[data-testid="drawer-member-status"]')?.textContent).toBe('已冻结');
  });
  it('issues certificates for the selected members in the background', async () => {
    handler = (method, url, body) => {
      if (method === 'POST' && url === '/api/v1/t/med/admin/certificate-batches') {
        expect(body).toEqual({ membershipIds: ['m1'] });
        return { status: 202, body: { id: 'b1', total: 1, done: 1, issued: 1, failures: [], finished: true } };
      }
      return undefined;
    };
    await open();
    expect(($('[data-testid="members-certificates"]') as HTMLButtonElement).disabled).toBe(true);
    await click('.el-table__body .el-checkbox__original');
    expect(($('[data-testid="members-certificates"]') as HTMLButtonElement).disabled).toBe(false);
    await click('[data-testid="members-certificates"]');
    await click('.el-message-box .el-button--primary');
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual(['/api/v1/t/med/admin/certificate-batches']);
    expect($('[data-testid="batch-count"]')?.textContent?.trim()).toBe('已完成：共 1 位，成功生成 1 张证书');
  });
});
