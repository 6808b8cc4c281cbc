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
import type { LegacyRecord } from '@/api/legacy';
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
  memberTypes: [
    { key: 'professional', name: { 'zh-CN': '专业会员', en: 'Professional member' } },
    { key: 'general', name: { 'zh-CN': '普通会员', en: 'General member' } },
  ],
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
  { key: 'upgrade', title: { 'zh-CN': '会员升级申请', en: 'Upgrade' }, form: 'upgrade', effect: 'change_member_type' },
];

// Every effect the member centre knows, each in the manual's words.
const allKinds = [
  ...kinds,
  { key: 'change', title: { 'zh-CN': '个人资料变更', en: 'Change of details' }, form: 'change', effect: 'apply_profile_changes' },
  { key: 'activate', title: { 'zh-CN': '原会员激活', en: 'Activation' }, form: 'activate', effect: 'activate_membership' },
  { key: 'institution', title: { 'zh-CN': '专委会/省市协会入会审核', en: 'Admission' }, form: 'join', effect: 'join_institution' },
];

type Reply = { status: number; body?: unknown };
let handler: (method: string, url: string) => Reply | undefined;
let calls: { method: string; url: string; body: unknown }[];
let wrapper: VueWrapper | null = null;
let router: Router;

beforeEach(() => {
  calls = [];
  handler = () => undefined;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
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

// 原会员: the old roster's record of the signed-in account.
function legacyRecord(overrides: Partial<LegacyRecord> = {}): LegacyRecord {
  return {
    id: 'l1',
    tenant: 'med',
    memberNumber: 'ZK2019000101',
    certificateNumber: 'M16500002054A',
    name: '示例专家',
    memberType: 'professional',
    memberTypeName: '专业会员',
    joinedOn: '2019-03-17',
    validUntil: '2027-03-16',
    status: 'pending',
    applicationId: null,
    activatedAt: null,
    importedAt: '2026-11-01T02:00:00Z',
    ...overrides,
  };
}

function serve(lists: { applications: Application[]; memberships: Membership[]; kinds: unknown[]; legacy?: LegacyRecord[] }) {
  handler = (method, url) => {
    if (url === '/api/v1/auth/csrf') {
      document.cookie = 'gh_csrf=token-1; path=/';
      return { status: 204 };
    }
    if (method === 'POST' && url === '/api/v1/t/med/applications') {
      return { status: 201, body: application('a-new', { kind: 'activate', values: { name: '示例专家' } }) };
    }
    if (method !== 'GET') return undefined;
    if (url === '/api/v1/t/med/legacy/me') return { status: 200, body: { items: lists.legacy ?? [] } };
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
      { path: '/t/:slug/certificates', name: 'certificates', component: blank },
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
  it('lists the membership applications with their status in the manuals words, the reason and the due date', async () => {
    serve({ applications, memberships, kinds });
    const page = await open();
    const rows = page.get('[data-testid="application-table"]').findAll('[data-testid="application-row"]');
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
      '查看记录',
      '继续填写',
      '查看记录',
    ]);
    // Another tenant of the realm is named by what /auth/me says of it; its kind, unknown here, by its key.
    expect(rows[0]!.text()).toContain('医护会员入会申请');
    expect(rows[4]!.text()).toContain('津门医学会');
    expect(rows[4]!.text()).toContain('branch');
    expect(page.get('[data-record="membership"]').text()).toContain('会员申请');
    expect(page.text()).toContain('审核不通过原因');
    expect(page.get('[data-testid="upgrade-records-empty"]').text()).toContain('暂无数据');
    expect(page.get('[data-testid="change-records-empty"]').text()).toContain('暂无数据');
  });

  it('splits the records: upgrades with the member type asked for, changes and activations, no institution reviews', async () => {
    serve({
      applications: [
        application('a-join', { status: 'approved', submittedAt: '2026-03-01T02:00:00Z' }),
        application('a-upgrade', {
          kind: 'upgrade',
          status: 'rejected',
          reason: '证件模糊',
          values: { member_type: 'professional' },
          submittedAt: '2026-11-15T01:24:22Z',
        }),
        application('a-change', { kind: 'change', status: 'approved', submittedAt: '2026-03-14T06:59:28Z', changes: [] }),
        application('a-activate', { kind: 'activate', status: 'under_review', submittedAt: '2026-11-10T02:00:00Z' }),
        // The lung committee's own review of the join application: InstitutionsCard shows it.
        application('a-lung', {
          tenant: 'med-lung',
          kind: 'institution',
          status: 'under_review',
          parentId: 'a-join',
          institution: 'med-lung',
          institutionName: { 'zh-CN': '肺癌专业委员会', en: 'Lung Cancer Committee' },
          submittedAt: '2026-03-02T02:00:00Z',
        }),
        // A change request of another tenant, whose kind this one does not list.
        application('a-tj-change', {
          tenant: 'med-tj',
          kind: 'tj_change',
          status: 'approved',
          changes: [],
          submittedAt: '2026-05-01T02:00:00Z',
        }),
      ],
      memberships,
      kinds: allKinds,
    });
    const page = await open();
    expect(page.findAll('[data-testid="application-row"]')).toHaveLength(5);

    const joins = page.get('[data-testid="application-table"]').findAll('[data-testid="application-row"]');
    expect(joins).toHaveLength(1);
    expect(joins[0]!.text()).toContain('医护会员入会申请');

    const upgrades = page.get('[data-testid="upgrade-records"]').findAll('[data-testid="application-row"]');
    expect(page.get('[data-record="upgrade"]').text()).toContain('会员申请升级记录');
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]!.get('[data-testid="application-member-type"]').text()).toBe('专业会员');
    expect(upgrades[0]!.get('[data-testid="application-status"]').text()).toBe('审批不通过');
    expect(upgrades[0]!.get('[data-testid="application-reason"]').text()).toBe('证件模糊');
    expect(upgrades[0]!.get('[data-testid="open-application"]').text()).toBe('修改后重新提交');
    expect(page.get('[data-record="upgrade"]').text()).toContain('申请会员类型');

    const changes = page.get('[data-testid="change-records"]').findAll('[data-testid="application-row"]');
    expect(page.get('[data-record="change"]').text()).toContain('资料申请变更记录');
    expect(changes.map((row) => row.get('[data-testid="application-status"]').text())).toEqual(['审批通过', '申请中', '审批通过']);
    expect(changes.map((row) => row.text())).toEqual([
      expect.stringContaining('个人资料变更'),
      expect.stringContaining('原会员激活'),
      expect.stringContaining('津门医学会'),
    ]);
    expect(page.get('[data-record="change"]').text()).not.toContain('申请会员类型');
    expect(page.text()).not.toContain('专委会/省市协会入会审核');

    await changes[1]!.get('[data-testid="open-application"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/a-activate');
  });

  it('asks for the stamped form of an application waiting for it', async () => {
    serve({
      applications: [application('a-stamp', { status: 'awaiting_stamp', submittedAt: '2026-11-20T02:00:00Z' })],
      memberships: [],
      kinds,
    });
    const page = await open();
    const row = page.get('[data-testid="application-table"]').get('[data-testid="application-row"]');
    expect(row.get('[data-testid="application-status"]').text()).toBe('待提交盖章文件');
    expect(row.find('[data-testid="open-application"]').exists()).toBe(false);
    expect(row.get('[data-testid="submit-stamp"]').text()).toBe('提交盖章文件');
    await row.get('[data-testid="submit-stamp"]').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/a-stamp');
  });

  it('offers a member the manuals actions: upgrade, change of details, the certificate', async () => {
    // Even on the old roster: a member here has nothing to activate (the server refuses it too).
    serve({ applications: [], memberships, kinds: allKinds, legacy: [legacyRecord()] });
    const page = await open();
    const actions = page.get('[data-testid="member-actions"]');
    expect(actions.findAll('.el-button').map((button) => button.text())).toEqual(['升级专业会员', '申请资料变更', '下载会员证书']);
    expect(page.find('[data-testid="start-join"]').exists()).toBe(false);
    expect(page.find('[data-testid="start-activate"]').exists()).toBe(false);
    expect(page.find('[data-testid="start-institution"]').exists()).toBe(false);
    expect(page.get('[data-testid="open-certificates"]').attributes('href')).toBe('/t/med/certificates');
  });

  it('offers one not yet a member 申请会员, and 完善会员信息 only to one pending on this tenants old roster', async () => {
    serve({ applications: [], memberships: [], kinds: allKinds });
    let page = await open();
    expect(page.get('[data-testid="member-actions"]').findAll('.el-button').map((button) => button.text())).toEqual(['申请会员']);
    expect(page.find('[data-testid="open-certificates"]').exists()).toBe(false);
    expect(page.find('[data-testid="kinds-empty"]').exists()).toBe(false);

    for (const legacy of [[legacyRecord({ tenant: 'med-tj' })], [legacyRecord({ status: 'activated' })]]) {
      wrapper?.unmount();
      serve({ applications: [], memberships: [], kinds: allKinds, legacy });
      page = await open();
      expect(page.find('[data-testid="start-activate"]').exists()).toBe(false);
    }

    wrapper?.unmount();
    serve({ applications: [], memberships: [], kinds: allKinds, legacy: [legacyRecord()] });
    page = await open();
    expect(page.get('[data-testid="member-actions"]').findAll('.el-button').map((button) => button.text())).toEqual([
      '申请会员',
      '完善会员信息',
    ]);
  });

  it('starts the activation from the old roster: created with no values, then opened', async () => {
    serve({ applications: [], memberships: [], kinds: allKinds, legacy: [legacyRecord()] });
    const page = await open();
    await page.get('[data-testid="start-activate"]').trigger('click');
    await flushPromises();
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.body)).toEqual([{ kind: 'activate', values: {} }]);
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/a-new');
  });

  it('continues the activation there is, and offers none while one is under review', async () => {
    const draft = application('a-act', { kind: 'activate', status: 'draft' });
    serve({ applications: [draft], memberships: [], kinds: allKinds, legacy: [legacyRecord()] });
    let page = await open();
    await page.get('[data-testid="start-activate"]').trigger('click');
    await flushPromises();
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/a-act');

    wrapper?.unmount();
    serve({ applications: [{ ...draft, status: 'under_review' }], memberships: [], kinds: allKinds, legacy: [legacyRecord()] });
    page = await open();
    expect(page.find('[data-testid="start-activate"]').exists()).toBe(false);
    expect(page.get('[data-testid="change-records"]').text()).toContain('申请中');
  });

  it('says why an activation cannot start, and stays', async () => {
    serve({ applications: [], memberships: [], kinds: allKinds, legacy: [legacyRecord()] });
    const served = handler;
    handler = (method, url) =>
      method === 'POST'
        ? { status: 409, body: { status: 409, code: 'legacy_member_unknown', detail: '原会员名单中没有与您的手机号对应的会员，或已激活。' } }
        : served(method, url);
    const page = await open();
    await page.get('[data-testid="start-activate"]').trigger('click');
    await flushPromises();
    expect(page.get('[data-testid="form-error"]').text()).toContain('原会员名单中没有与您的手机号对应的会员');
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications');
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
    expect(page.get('[data-testid="applications-empty"]').text()).toContain('暂无数据');
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

  it('have the same keys for the applications, the certificates, the reviews and the errors', () => {
    for (const section of ['applications', 'certificates', 'reviews', 'errors'] as const) {
      expect(keysOf(en[section]).sort(), section).toEqual(keysOf(zhCN[section]).sort());
    }
  });
});
