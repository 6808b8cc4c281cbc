import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/i18n';
import { useTenantStore } from '@/stores/tenant';
import type { Application } from '@/api/applications';
import type { FormDefinition } from '@/forms/types';
import type { Tenant } from '@/api/types';
import ReviewsPage from './ReviewsPage.vue';

const med: Tenant = {
  slug: 'med',
  realm: 'med',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '华夏医学会', en: 'Cathay Medical Association' },
  shortName: { 'zh-CN': '华医', en: 'CMA' },
  defaultLocale: 'zh-CN',
  branding: { primaryColor: '#b71c1c', logoText: '华医' },
  memberTypes: [],
  children: [{ slug: 'med-tj', kind: 'provincial', name: { 'zh-CN': '津门医学会', en: 'Jinmen Medical' } }],
};

const join: FormDefinition = {
  key: 'join',
  title: { 'zh-CN': '入会申请', en: 'Join' },
  sections: [
    {
      key: 'basic',
      title: { 'zh-CN': '基本信息', en: 'Basic' },
      fields: [
        { key: 'name', type: 'text', label: { 'zh-CN': '姓名', en: 'Name' }, required: true },
        { key: 'id_number', type: 'id_number', label: { 'zh-CN': '身份证号码', en: 'ID number' }, required: true },
      ],
    },
  ],
};

const kinds = [{ key: 'join', title: { 'zh-CN': '医护会员入会申请', en: 'Membership application' }, form: 'join', effect: 'create_membership' }];

function queued(id: string, name: string, dueAt: string, overrides: Partial<Application> = {}): Application {
  return {
    id,
    tenant: 'med',
    kind: 'join',
    status: 'under_review',
    step: 'admin',
    stepTitle: { 'zh-CN': '协会审核', en: "Association's review" },
    reason: null,
    version: 2,
    values: { name },
    masked: { id_number: '120102********0039' },
    createdAt: '2026-10-01T02:00:00Z',
    submittedAt: '2026-10-02T02:00:00Z',
    dueAt,
    decidedAt: null,
    events: [
      { at: '2026-10-02T02:00:00Z', actor: 'a1', action: 'submit', from: 'draft', to: 'under_review', step: 'admin', reason: null },
    ],
    membership: null,
    changes: null,
    comments: [],
    ...overrides,
  };
}

const queue: Application[] = [
  queued('r1', '张三', '2020-01-10T12:00:00Z'),
  // An upgrade's form asks no name: the server names the applicant from the profile.
  queued('r2', '李四', '2999-12-01T12:00:00Z', {
    values: {},
    applicantName: '李四',
    tenant: 'med-tj',
    step: 'recommender',
    stepTitle: { 'zh-CN': '推荐委员审核', en: "Recommender's review" },
  }),
];

type Reply = { status: number; body?: unknown };
let handler: (method: string, url: string, body: unknown) => Reply | undefined;
let calls: { method: string; url: string; body: unknown; csrf: string | null }[];
let wrapper: VueWrapper | null = null;

function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

beforeEach(() => {
  calls = [];
  handler = () => undefined;
  clearCookies();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body, csrf: new Headers(init?.headers).get('X-CSRF-Token') });
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
  if (url === '/api/v1/auth/csrf') {
    document.cookie = 'gh_csrf=token-1; path=/';
    return { status: 204 };
  }
  if (method === 'GET' && url === '/api/v1/t/med/review/queue') return { status: 200, body: { items: queue, total: queue.length } };
  if (method === 'GET' && url === '/api/v1/t/med/application-kinds') return { status: 200, body: { items: kinds } };
  if (method === 'GET' && /^\/api\/v1\/t\/med(-tj)?\/forms\/join$/.test(url)) return { status: 200, body: join };
  if (method === 'POST' && url.endsWith('/decisions')) return { status: 200, body: { ...queue[0], status: 'approved', version: 3 } };
  const one = /^\/api\/v1\/t\/med(?:-tj)?\/applications\/(r\d)$/.exec(url);
  if (method === 'GET' && one) return { status: 200, body: queue.find((item) => item.id === one[1]) };
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

async function open(): Promise<VueWrapper> {
  const blank = defineComponent({ render: () => null });
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/t/:slug/admin/reviews', name: 'admin-reviews', component: ReviewsPage },
      { path: '/t/:slug/login', name: 'login', component: blank },
    ],
  });
  await router.push('/t/med/admin/reviews');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  useTenantStore().tenant = med;
  wrapper = mount(ReviewsPage, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector);
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
const decisions = () => calls.filter((call) => call.method === 'POST' && call.url.endsWith('/decisions'));
const queueLoads = () => calls.filter((call) => call.url === '/api/v1/t/med/review/queue').length;

async function click(selector: string, index = 0) {
  const element = $$(selector)[index];
  if (!element) throw new Error(`no ${selector}`);
  element.click();
  await flushPromises();
}

// Element Plus shows a form item's message 100 ms after its state turns to error.
async function dialogText(): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 120));
  await flushPromises();
  return $('[data-testid="reason-dialog"]')?.textContent ?? '';
}

async function type(selector: string, text: string) {
  const input = $(`${selector} textarea, textarea${selector}, ${selector} input`) as HTMLTextAreaElement | null;
  if (!input) throw new Error(`no ${selector}`);
  input.value = text;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}

describe('the review queue', () => {
  it('lists applicant, kind, tenant, step and due date, with overdue ones marked', async () => {
    await open();
    const rows = $$('[data-testid="review-table"] .review-row');
    expect(rows).toHaveLength(2);
    expect($$('[data-testid="review-applicant"]').map((cell) => cell.textContent)).toEqual(['张三', '李四']);
    expect($$('[data-testid="review-step"]').map((cell) => cell.textContent)).toEqual(['协会审核', '推荐委员审核']);
    expect(rows[0]!.textContent).toContain('医护会员入会申请');
    expect(rows[0]!.textContent).toContain('2020-01-10');
    expect(rows[1]!.textContent).toContain('津门医学会');
    expect(rows[0]!.querySelector('[data-testid="review-overdue"]')?.textContent).toBe('已超期');
    expect(rows[1]!.querySelector('[data-testid="review-overdue"]')).toBeNull();
  });

  it('explains an empty queue', async () => {
    handler = (_method, url) => (url === '/api/v1/t/med/review/queue' ? { status: 200, body: { items: [], total: 0 } } : undefined);
    await open();
    expect($('[data-testid="review-empty"]')?.textContent).toContain('没有待您审核的申请');
  });

  it('shows the application read-only and masked, with its history', async () => {
    await open();
    await click('[data-testid="review-open"]');
    const drawer = $('[data-testid="review-drawer"]')!;
    const name = drawer.querySelector<HTMLInputElement>('[data-field="name"] input')!;
    expect(name.value).toBe('张三');
    expect(name.disabled).toBe(true);
    expect(drawer.querySelector('[data-field="id_number"] [data-testid="masked-value"]')?.textContent).toBe('120102********0039');
    expect([...drawer.querySelectorAll('[data-testid="history-entry"]')].map((entry) => entry.textContent)).toEqual(['提交申请']);
    expect($('[data-testid="review-summary"]')?.textContent).toContain('已超期');
  });
});

describe('deciding', () => {
  it('approves with the action and the version only, then refreshes the queue', async () => {
    await open();
    const before = queueLoads();
    await click('[data-testid="review-open"]');
    await click('[data-testid="review-approve"]');
    expect(decisions().map((call) => [call.url, call.body])).toEqual([
      ['/api/v1/t/med/applications/r1/decisions', { action: 'approve', version: 2 }],
    ]);
    expect(decisions()[0]!.csrf).toBe('token-1');
    expect(queueLoads()).toBe(before + 1);
    expect(document.body.textContent).toContain('已通过');
  });

  it('refuses to reject without a reason and sends nothing', async () => {
    await open();
    await click('[data-testid="review-open"]');
    await click('[data-testid="review-reject"]');
    expect($('[data-testid="reason-dialog"]')).not.toBeNull();
    await click('[data-testid="review-confirm"]');
    await type('[data-testid="review-reason"]', '   ');
    await click('[data-testid="review-confirm"]');
    expect(await dialogText()).toContain('请填写原因');
    expect(decisions()).toEqual([]);
  });

  it('returns for correction with the reason the applicant will read', async () => {
    await open();
    await click('[data-testid="review-open"]', 1);
    await click('[data-testid="review-return"]');
    await type('[data-testid="review-reason"]', ' 请补充其他学会任职情况 ');
    await click('[data-testid="review-confirm"]');
    expect(decisions().map((call) => [call.url, call.body])).toEqual([
      ['/api/v1/t/med-tj/applications/r2/decisions', { action: 'return', reason: '请补充其他学会任职情况', version: 2 }],
    ]);
    expect(document.body.textContent).toContain('已退回申请人修改');
  });

  it('shows the server reason error in the dialog', async () => {
    handler = (method, url) =>
      method === 'POST' && url.endsWith('/decisions')
        ? {
            status: 422,
            body: { status: 422, code: 'form_invalid', errors: [{ field: 'reason', code: 'required', message: '请填写原因，申请人将看到它。' }] },
          }
        : undefined;
    await open();
    await click('[data-testid="review-open"]');
    await click('[data-testid="review-reject"]');
    await type('[data-testid="review-reason"]', '材料不全');
    await click('[data-testid="review-confirm"]');
    expect(await dialogText()).toContain('请填写原因，申请人将看到它。');
  });

  it('tells the reviewer when someone else decided first and refreshes', async () => {
    handler = (method, url) =>
      method === 'POST' && url.endsWith('/decisions')
        ? { status: 409, body: { status: 409, code: 'application_changed', detail: 'changed' } }
        : undefined;
    await open();
    const before = queueLoads();
    await click('[data-testid="review-open"]');
    await click('[data-testid="review-approve"]');
    expect(document.body.textContent).toContain('该申请已被处理，请刷新');
    expect(queueLoads()).toBe(before + 1);
    expect($('[data-testid="review-drawer"] [data-field="name"]')).toBeNull();
  });
});

describe('filters, batches, diffs and notes', () => {
  it('asks the server for what the filters say', async () => {
    await open();
    await click('[data-testid="filter-overdue"] input');
    expect(calls.some((call) => call.url === '/api/v1/t/med/review/queue?overdue=1')).toBe(true);
    // The Excel export follows the same filters.
    expect(document.querySelector('[data-testid="review-export"]')?.getAttribute('href')).toBe(
      '/api/v1/t/med/review/queue.xlsx?overdue=1',
    );
  });

  it('approves the selected applications in one request, each at the version seen', async () => {
    handler = (method, url) =>
      method === 'POST' && url === '/api/v1/t/med/review/approvals'
        ? {
            status: 200,
            body: { items: [{ id: 'r1', application: { ...queue[0], status: 'approved' } }, { id: 'r2', code: 'application_changed', message: '该申请已被处理或已更新，请刷新后查看最新状态。' }] },
          }
        : undefined;
    await open();
    await click('.review-row .el-checkbox input', 0);
    await click('.review-row .el-checkbox input', 1);
    expect($('[data-testid="review-batch-approve"]')?.textContent).toContain('批量通过（2）');
    await click('[data-testid="review-batch-approve"]');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await click('.el-message-box__btns .el-button--primary');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await flushPromises();
    const batch = calls.filter((call) => call.url === '/api/v1/t/med/review/approvals');
    expect(batch.map((call) => call.body)).toEqual([{ items: [{ id: 'r1', version: 2 }, { id: 'r2', version: 2 }] }]);
    expect(document.body.textContent).toContain('已通过 1 份，1 份未能通过');
  });

  it("shows a change request's diff and adds a note for the other reviewers", async () => {
    const change = {
      ...queue[0]!,
      changes: [{ field: 'name', before: '张三', after: '张叁' }],
      comments: [{ at: '2026-10-03T02:00:00Z', author: 'a2', authorName: '王审核', body: '请核对原件' }],
    };
    handler = (method, url) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/r1') return { status: 200, body: change };
      if (method === 'POST' && url === '/api/v1/t/med/applications/r1/comments')
        return { status: 201, body: { ...change, comments: [...change.comments, { at: '2026-10-04T02:00:00Z', author: 'a1', authorName: '李审核', body: '已核对' }] } };
      return undefined;
    };
    await open();
    await click('[data-testid="review-open"]');
    expect($$('[data-testid="change-row"]').map((row) => row.textContent)).toEqual(['姓名张三张叁']);
    expect($$('[data-testid="review-note"]').map((note) => note.textContent)).toEqual([
      expect.stringContaining('请核对原件'),
    ]);
    await click('[data-testid="review-note-add"]');
    expect(calls.some((call) => call.url.endsWith('/comments'))).toBe(false);
    await type('[data-testid="review-note-input"]', '已核对');
    await click('[data-testid="review-note-add"]');
    expect(calls.filter((call) => call.url.endsWith('/comments')).map((call) => call.body)).toEqual([{ body: '已核对' }]);
    expect($$('[data-testid="review-note"]')).toHaveLength(2);
  });
});
