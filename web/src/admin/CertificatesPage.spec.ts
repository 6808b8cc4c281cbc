import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/i18n';
import { useTenantStore } from '@/stores/tenant';
import type { BatchProgress, CertificateEntry } from '@/api/certificates';
import type { Tenant } from '@/api/types';
import CertificatesPage from './CertificatesPage.vue';

const wf: Tenant = {
  slug: 'wf',
  realm: 'wf',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '工作流测试学会', en: 'Workflow Test Society' },
  shortName: { 'zh-CN': '工作流测试学会', en: 'WTS' },
  defaultLocale: 'zh-CN',
  branding: { primaryColor: '#123456', logoText: '测' },
  memberTypes: [{ key: 'student', name: { 'zh-CN': '学生会员', en: 'Student' } }],
  children: [],
};

function entry(id: string, number: string, status: CertificateEntry['status']): CertificateEntry {
  return {
    id,
    tenant: 'wf',
    number,
    membershipId: 'm1',
    memberType: 'student',
    status,
    issuedAt: '2026-11-22T02:00:00Z',
    issuedOn: '2026-11-22',
    downloadedAt: null,
    revokedAt: null,
    revokedReason: null,
    supersededBy: null,
    holderName: '吴九',
    memberNumber: 'WF202600000001',
    memberTypeName: '学生会员',
  };
}

type Reply = { status: number; body?: unknown };
let handler: (method: string, url: string, body: unknown) => Reply | undefined;
let calls: { method: string; url: string; body: unknown }[];
let wrapper: VueWrapper | null = null;
let rows: CertificateEntry[];

beforeEach(() => {
  calls = [];
  rows = [entry('c2', 'WF2026000002', 'active'), entry('c1', 'WF2026000001', 'superseded')];
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
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function defaults(method: string, url: string): Reply {
  if (method === 'GET' && url.startsWith('/api/v1/t/wf/admin/certificates')) return { status: 200, body: { items: rows } };
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

async function open(): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/t/:slug/admin/certificates', component: CertificatesPage }] });
  await router.push('/t/wf/admin/certificates');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  useTenantStore().tenant = wf;
  wrapper = mount(CertificatesPage, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector);
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];

async function click(selector: string) {
  const element = $(selector);
  if (!element) throw new Error(`no ${selector}`);
  element.click();
  await flushPromises();
}

/** The text under the form item, which Element Plus shows after a short debounce. */
async function itemError(): Promise<string | undefined> {
  await new Promise((resolve) => setTimeout(resolve, 150));
  await flushPromises();
  return $('.el-form-item__error')?.textContent?.trim();
}

/** Confirms the open ElMessageBox. */
async function acceptBox() {
  await flushPromises();
  const button = $('.el-message-box .el-button--primary');
  if (!button) throw new Error('no message box');
  button.click();
  await flushPromises();
}

describe('the certificates console', () => {
  it('lists certificates with their status, filters and resets', async () => {
    const page = await open();
    expect($$('[data-testid="certificate-row-number"]').map((e) => e.textContent)).toEqual(['WF2026000002', 'WF2026000001']);
    expect($$('[data-testid="certificate-row-status"]').map((e) => e.textContent?.trim())).toEqual(['有效', '已失效']);
    // Only a valid certificate can be revoked; a superseded one is not re-issued from its row.
    expect($$('[data-testid="certificate-row-revoke"]')).toHaveLength(1);
    expect($$('[data-testid="certificate-row-reissue"]')).toHaveLength(1);

    const search = page.get('[data-testid="certificates-q"]');
    await search.setValue('吴九');
    await search.trigger('keyup', { key: 'Enter' });
    await flushPromises();
    expect(calls.at(-1)?.url).toBe(`/api/v1/t/wf/admin/certificates?q=${encodeURIComponent('吴九')}`);
    calls = [];
    await click('[data-testid="certificates-reset"]');
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/t/wf/admin/certificates']);
    expect((search.element as HTMLInputElement).value).toBe('');
  });

  it('re-issues after confirmation through the membership', async () => {
    handler = (method, url) => {
      if (method === 'POST' && url === '/api/v1/t/wf/admin/memberships/m1/certificate') {
        rows = [entry('c3', 'WF2026000003', 'active'), entry('c2', 'WF2026000002', 'superseded'), entry('c1', 'WF2026000001', 'superseded')];
        return { status: 200, body: entry('c3', 'WF2026000003', 'active') };
      }
      return undefined;
    };
    await open();
    await click('[data-testid="certificate-row-reissue"]');
    expect($('.el-message-box')?.textContent).toContain('WF2026000002');
    await acceptBox();
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/t/wf/admin/memberships/m1/certificate']);
    expect($$('[data-testid="certificate-row-status"]').map((e) => e.textContent?.trim())).toEqual(['有效', '已失效', '已失效']);
  });

  it('needs a reason to revoke and shows the server\'s field error', async () => {
    handler = (method, url) =>
      method === 'POST' && url === '/api/v1/t/wf/admin/certificates/c2/revoke'
        ? {
            status: 422,
            body: {
              status: 422,
              code: 'validation_failed',
              detail: '请检查填写的内容。',
              errors: [{ field: 'reason', code: 'required', message: '请填写撤销原因（500 字以内）。' }],
            },
          }
        : undefined;
    await open();
    await click('[data-testid="certificate-row-revoke"]');
    await click('[data-testid="revoke-confirm"]');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(await itemError()).toBe('请填写撤销原因。');

    const reason = $('[data-testid="revoke-reason"]') as HTMLTextAreaElement;
    reason.value = '资料不实';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    await click('[data-testid="revoke-confirm"]');
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([{ reason: '资料不实' }]);
    expect(await itemError()).toBe('请填写撤销原因（500 字以内）。');
  });

  it('revokes with a reason and lists again', async () => {
    handler = (method, url) => {
      if (method === 'POST' && url === '/api/v1/t/wf/admin/certificates/c2/revoke') {
        rows = [{ ...entry('c2', 'WF2026000002', 'revoked'), revokedReason: '资料不实' }, entry('c1', 'WF2026000001', 'superseded')];
        return { status: 200, body: rows[0] };
      }
      return undefined;
    };
    await open();
    await click('[data-testid="certificate-row-revoke"]');
    const reason = $('[data-testid="revoke-reason"]') as HTMLTextAreaElement;
    reason.value = '资料不实';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    await click('[data-testid="revoke-confirm"]');
    expect($$('[data-testid="certificate-row-status"]').map((e) => e.textContent?.trim())).toEqual(['已撤销', '已失效']);
  });

  it('runs a batch, polls its progress to the end and lists the failures', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const progress: BatchProgress[] = [
      { id: 'b1', total: 3, done: 0, issued: 0, failures: [], finished: false },
      { id: 'b1', total: 3, done: 1, issued: 1, failures: [], finished: false },
      { id: 'b1', total: 3, done: 3, issued: 2, failures: [{ holder: '赵五', message: '证书信息不完整，请先完善个人资料。 请填写性别。' }], finished: true },
    ];
    let polled = 0;
    handler = (method, url, body) => {
      if (method === 'POST' && url === '/api/v1/t/wf/admin/certificate-batches') {
        expect(body).toEqual({});
        return { status: 202, body: progress[0] };
      }
      if (method === 'GET' && url === '/api/v1/t/wf/admin/certificate-batches/b1') return { status: 200, body: progress[++polled] };
      return undefined;
    };
    await open();
    await click('[data-testid="certificates-batch"]');
    await acceptBox();
    expect($('[data-testid="batch-count"]')?.textContent?.trim()).toBe('正在生成：0 / 3');
    await vi.advanceTimersByTimeAsync(500);
    await flushPromises();
    expect($('[data-testid="batch-count"]')?.textContent?.trim()).toBe('正在生成：1 / 3');
    expect($('[data-testid="batch-progress"] .el-progress__text')?.textContent?.trim()).toBe('33%');
    calls = [];
    await vi.advanceTimersByTimeAsync(500);
    await flushPromises();
    expect($('[data-testid="batch-count"]')?.textContent?.trim()).toBe('已完成：共 3 位，成功生成 2 张证书');
    expect($('[data-testid="batch-failure"]')?.textContent).toContain('赵五');
    expect($('[data-testid="batch-failure"]')?.textContent).toContain('请填写性别。');
    // The list is read again when the batch has finished; polling stops.
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/t/wf/admin/certificate-batches/b1', '/api/v1/t/wf/admin/certificates']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(polled).toBe(2);
  });
});
