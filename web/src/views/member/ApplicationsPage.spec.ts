import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { defineComponent } from 'vue';
import { createAppI18n } from '@/i18n';
import zhCN from '@/i18n/zh-CN';
import en from '@/i18n/en';
import { useSessionStore } from '@/stores/session';
import { useTenantStore } from '@/stores/tenant';
import type { Application, Membership } from '@/api/applications';
import type { Tenant } from '@/api/types';
import ApplicationsPage from './ApplicationsPage.vue';

const med: Tenant = {
  slug: 'med',
  realm: 'med',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '华夏医学会', en: 'Cathay Medical Association' },
  shortName: { 'zh-CN': '华医', en: 'CMA' },
  defaultLocale: 'zh-CN',
  branding: { primaryColor: '#b71c1c', logoText: '华医' },
  memberTypes: [{ key: 'professional', name: { 'zh-CN': '专业会员', en: 'Professional member' } }],
  children: [],
};

function application(id: string, overrides: Partial<Application>): Application {
  return {
    id,
    tenant: 'med',
    kind: 'join',
    status: 'draft',
    step: null,
    stepTitle: null,
    reason: null,
    version: 1,
    values: { name: '流程会员' },
    masked: {},
    createdAt: '2026-11-02T02:00:00Z',
    submittedAt: null,
    dueAt: null,
    decidedAt: null,
    events: [],
    membership: null,
    changes: null,
    comments: [],
    ...overrides,
  };
}

const applications: Application[] = [
  application('a-returned', {
    status: 'returned',
    reason: '请补充其他学会任职情况',
    submittedAt: '2026-11-20T02:00:00Z',
  }),
  application('a-rejected', { status: 'rejected', reason: '盖章不清晰', submittedAt: '2026-11-18T02:00:00Z' }),
  application('a-review', {
    status: 'under_review',
    step: 'admin',
    submittedAt: '2026-11-16T02:00:00Z',
    dueAt: '2026-12-07T12:00:00Z',
  }),
  application('a-draft', { status: 'draft' }),
  application('a-approved', { tenant: 'med-tj', kind: 'branch', status: 'approved', submittedAt: '2026-10-01T02:00:00Z' }),
];

const memberships: Membership[] = [
  {
    id: 'm1',
    tenant: 'med',
    memberType: 'professional',
    memberNumber: 'HX202600000001',
    status: 'active',
    applicationId: 'a0',
    validFrom: '2026-03-01T04:00:00Z',
    validUntil: null,
  },
];

const kinds = [
  { key: 'join', title: { 'zh-CN': '医护会员入会申请', en: 'Membership application' }, form: 'join', effect: 'create_membership' },
  { key: 'upgrade', title: { 'zh-CN': '升级专业会员', en: 'Upgrade' }, form: 'upgrade', effect: 'change_member_type' },
];

type Reply = { status: number; body?: unknown };
let handler: (method: string, url: string) => Reply | undefined;
let calls: { method: string; url: string }[];
let wrapper: VueWrapper | null = null;
let router: Router;

beforeEach(() => {
  calls = [];
  handler = () => undefined;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url });
      const reply = handler(method, url) ?? { status: 404, body: { status: 404, code: 'not_found' } };
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

function serve(lists: { applications: Application[]; memberships: Membership[]; kinds: unknown[] }) {
  handler = (method, url) => {
    if (method !== 'GET') return undefined;
    if (url === '/api/v1/t/med/applications') return { status: 200, body: { items: lists.applications, total: lists.applications.length } };
    if (url === '/api/v1/t/med/memberships') return { status: 200, body: { items: lists.memberships } };
    if (url === '/api/v1/t/med/application-kinds') return { status: 200, body: { items: lists.kinds } };
    return undefined;
  };
}

async function open(): Promise<VueWrapper> {
  const blank = defineComponent({ render: () => null });
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/t/:slug/applications', name: 'applications', component: ApplicationsPage },
      { path: '/t/:slug/applications/:id', name: 'application', component: blank },
      { path: '/t/:slug/apply/:kind', name: 'apply', component: blank },
      { path: '/t/:slug/login', name: 'login', component: blank },
    ],
  });
  await router.push('/t/med/applications');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  useTenantStore().tenant = med;
  useSessionStore().me = {
    account: { id: 'a1', mobile: '137****0501', email: null, realm: 'med', mustCompleteProfile: false, mustChangePassword: false },
    tenants: [{ slug: 'med-tj', name: { 'zh-CN': '津门医学会', en: 'Jinmen Medical' }, roles: ['member'] }],
  };
  wrapper = mount(ApplicationsPage, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('my applications', () => {
  it('lists every application with its status in the manuals words, the reason and the due date', async () => {
    serve({ applications, memberships, kinds });
    const page = await open();
    const rows = page.findAll('[data-testid="application-row"]');
    expect(rows).toHaveLength(5);
    expect(rows.map((row) => row.get('[data-testid="application-status"]').text())).toEqual([
      '已退回修改',
      '审批不通过',
      '申请中',
      '草稿',
      '审批通过',
    ]);
    expect(rows.map((row) => row.get('[data-testid="application-reason"]').text())).toEqual([
      '请补充其他学会任职情况',
      '盖章不清晰',
      '',
      '',
      '',
    ]);
    expect(rows.map((row) => row.get('[data-testid="application-due"]').text())).toEqual(['', '', '2026-12-07', '', '']);
    expect(rows.map((row) => row.get('[data-testid="open-application"]').text())).toEqual([
      '修改后重新提交',
      '修改后重新提交',
      '查看',
      '继续填写',
      '查看',
    ]);
    // Another tenant of the realm is named by what /auth/me says of it.
    expect(rows[0]!.text()).toContain('医护会员入会申请');
    expect(rows[4]!.text()).toContain('津门医学会');
    expect(page.text()).toContain('审核不通过原因 / 退回原因');
  });

  it('opens an application where it belongs, and starts the kinds a member may apply for', async () => {
    serve({ applications, memberships, kinds });
    const page = await open();
    expect(page.find('[data-testid="start-join"]').exists()).toBe(false);
    expect(page.get('[data-testid="start-upgrade"]').text()).toBe('升级专业会员');
    await page.get('[data-testid="start-upgrade"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med/apply/upgrade');

    await page.findAll('[data-testid="open-application"]')[4]!.trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med-tj/applications/a-approved');
  });

  it('offers joining to those not yet members, continuing the draft there is', async () => {
    serve({ applications, memberships: [], kinds });
    const page = await open();
    expect(page.find('[data-testid="start-upgrade"]').exists()).toBe(false);
    await page.get('[data-testid="start-join"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/a-draft');
  });

  it('shows the memberships with tenant, member type, number and status', async () => {
    serve({ applications, memberships, kinds });
    const page = await open();
    const row = page.get('[data-testid="membership-table"]').get('[data-testid="membership-row"]');
    expect(row.get('[data-testid="membership-tenant"]').text()).toBe('华夏医学会');
    expect(row.get('[data-testid="membership-type"]').text()).toBe('专业会员');
    expect(row.get('[data-testid="member-number"]').text()).toBe('HX202600000001');
    expect(row.get('[data-testid="membership-status"]').text()).toBe('有效');
    expect(row.text()).toContain('长期');
  });

  it('explains the empty lists', async () => {
    serve({ applications: [], memberships: [], kinds: [] });
    const page = await open();
    expect(page.find('[data-testid="application-row"]').exists()).toBe(false);
    expect(page.get('[data-testid="applications-empty"]').text()).toContain('还没有申请');
    expect(page.get('[data-testid="memberships-empty"]').text()).toContain('审批通过后');
    expect(page.get('[data-testid="kinds-empty"]').text()).toContain('暂未开放在线申请');
  });

  it('says what went wrong when the lists cannot be loaded', async () => {
    handler = () => ({ status: 500, body: { status: 500, detail: '数据库不可用' } });
    const page = await open();
    expect(page.find('[data-testid="application-row"]').exists()).toBe(false);
    expect(page.text()).toContain('数据库不可用');
    expect(calls.every((call) => call.method === 'GET')).toBe(true);
  });
});

describe('the two languages', () => {
  const keysOf = (tree: object, prefix = ''): string[] =>
    Object.entries(tree).flatMap(([key, value]) =>
      value !== null && typeof value === 'object' ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
    );

  it('have the same keys for the applications, the reviews and the errors', () => {
    for (const section of ['applications', 'reviews', 'errors'] as const) {
      expect(keysOf(en[section]).sort(), section).toEqual(keysOf(zhCN[section]).sort());
    }
  });
});
