import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router';
import { defineComponent, h } from 'vue';
import { ElMessageBox } from 'element-plus';
import { createAppI18n } from '@/i18n';
import type { Application, Membership } from '@/api/applications';
import type { LegacyRecord } from '@/api/legacy';
import type { Me } from '@/api/types';
import MemberLayout from './MemberLayout.vue';

const me: Me = {
  account: {
    id: 'acc-1',
    mobile: '180****6886',
    email: null,
    realm: 'med',
    mustCompleteProfile: false,
    mustChangePassword: false,
    hasPassword: false,
  },
  tenants: [],
};

const kinds = [
  { key: 'join', title: { 'zh-CN': '医护会员入会申请', en: 'Join' }, form: 'join', effect: 'create_membership', stamp: 'stamped_form' },
  { key: 'activate', title: { 'zh-CN': '原会员激活申请', en: 'Activation' }, form: 'activate', effect: 'activate_membership' },
];

function record(overrides: Partial<LegacyRecord> = {}): LegacyRecord {
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

function activation(id: string, status: Application['status']): Application {
  return {
    id,
    tenant: 'med',
    kind: 'activate',
    status,
    step: null,
    stepTitle: null,
    reason: null,
    version: 1,
    values: {},
    masked: {},
    createdAt: '2026-11-02T02:00:00Z',
    submittedAt: null,
    dueAt: null,
    decidedAt: null,
    events: [],
    membership: null,
    changes: null,
    comments: [],
  };
}

interface Served {
  legacy: LegacyRecord[];
  applications?: Application[];
  memberships?: Membership[];
}

type Reply = { status: number; body?: unknown };
let served: Served;
let calls: { method: string; url: string; body: unknown }[];
let wrapper: VueWrapper | null = null;
let router: Router;

function reply(method: string, url: string): Reply {
  if (url === '/api/v1/auth/csrf') {
    document.cookie = 'gh_csrf=token-1; path=/';
    return { status: 204 };
  }
  if (url === '/api/v1/auth/me') return { status: 200, body: me };
  if (url === '/api/v1/me/messages/unread-count') return { status: 200, body: { unread: 0 } };
  if (url === '/api/v1/t/med/legacy/me') return { status: 200, body: { items: served.legacy } };
  if (url === '/api/v1/t/med/application-kinds') return { status: 200, body: { items: kinds } };
  if (url === '/api/v1/t/med/applications' && method === 'GET') return { status: 200, body: { items: served.applications ?? [] } };
  if (url === '/api/v1/t/med/applications' && method === 'POST') return { status: 201, body: activation('a-new', 'draft') };
  if (url === '/api/v1/t/med/memberships') return { status: 200, body: { items: served.memberships ?? [] } };
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

beforeEach(() => {
  calls = [];
  sessionStorage.clear();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const answer = reply(method, url);
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': answer.status < 400 ? 'application/json' : 'application/problem+json' },
      });
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

async function open(path = '/t/med/applications'): Promise<VueWrapper> {
  const blank = defineComponent({ render: () => null });
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      {
        path: '/t/:slug',
        component: MemberLayout,
        children: [
          { path: 'applications', component: blank },
          { path: 'applications/:id', component: blank },
          { path: 'profile', component: blank },
          { path: 'account', component: blank },
          { path: 'messages', component: blank },
          { path: 'certificates', component: blank },
          { path: 'recommendations', component: blank },
        ],
      },
      { path: '/t/:slug/login', name: 'login', component: blank },
      { path: '/t/:slug/', component: blank },
    ],
  });
  await router.push(path);
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(defineComponent({ render: () => h(RouterView) }), { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  await flushPromises();
  return wrapper;
}

const posts = () => calls.filter((call) => call.method === 'POST' && call.url === '/api/v1/t/med/applications');

describe('the legacy members prompt (请完善您的会员信息)', () => {
  it('asks one pending on this tenants old roster, and 确定 creates the activation from the roster and opens it', async () => {
    served = { legacy: [record()] };
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    await open();
    expect(confirm).toHaveBeenCalledOnce();
    expect(confirm.mock.calls[0]!.slice(0, 2)).toEqual(['请完善您的会员信息', '提示']);
    expect(confirm.mock.calls[0]![2]).toMatchObject({ confirmButtonText: '确定', cancelButtonText: '取消' });
    expect(posts().map((call) => call.body)).toEqual([{ kind: 'activate', values: {} }]);
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/a-new');
  });

  it('continues the draft there is instead of starting another', async () => {
    served = { legacy: [record()], applications: [activation('a-draft', 'draft')] };
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    await open('/t/med/profile');
    expect(posts()).toEqual([]);
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/a-draft');
  });

  it('asks once per session, and not at all after 取消 until the next one', async () => {
    served = { legacy: [record()] };
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    await open();
    expect(confirm).toHaveBeenCalledOnce();
    expect(posts()).toEqual([]);
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications');

    wrapper?.unmount();
    await open();
    expect(confirm).toHaveBeenCalledOnce();
  });

  it('does not ask one whose activation is under way or done, one activated, a member, or one on no roster here', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    const membership: Membership = {
      id: 'm1',
      tenant: 'med',
      memberType: 'general',
      memberNumber: 'HX202600000001',
      status: 'active',
      applicationId: 'a0',
      validFrom: '2026-03-01T04:00:00Z',
      validUntil: null,
    };
    const cases: Served[] = [
      { legacy: [record()], applications: [activation('a1', 'under_review')] },
      { legacy: [record()], applications: [activation('a1', 'approved')] },
      { legacy: [record({ status: 'activated' })] },
      { legacy: [record()], memberships: [membership] },
      { legacy: [record({ tenant: 'med-tj' })] },
      { legacy: [] },
    ];
    for (const each of cases) {
      served = each;
      wrapper?.unmount();
      await open();
    }
    expect(confirm).not.toHaveBeenCalled();
    expect(posts()).toEqual([]);
    // Without a pending record, only the roster is asked for.
    expect(calls.filter((call) => call.url === '/api/v1/t/med/application-kinds')).toHaveLength(3);
  });

  it('does not ask on the activations own page', async () => {
    served = { legacy: [record()], applications: [activation('a-draft', 'draft')] };
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
    await open('/t/med/applications/a-draft');
    expect(confirm).not.toHaveBeenCalled();
  });
});
