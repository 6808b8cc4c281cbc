import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { createAppI18n } from '@/i18n';
import type { Certificate, MyCertificate } from '@/api/certificates';
import CertificatesPage from './CertificatesPage.vue';

const certificate: Certificate = {
  id: 'c1',
  tenant: 'wf',
  number: 'WF2026000001',
  membershipId: 'm1',
  memberType: 'student',
  status: 'active',
  issuedAt: '2026-11-22T02:00:00Z',
  issuedOn: '2026-11-22',
  downloadedAt: null,
  revokedAt: null,
  revokedReason: null,
  supersededBy: null,
};

function item(overrides: Partial<MyCertificate> = {}): MyCertificate {
  return {
    membershipId: 'm1',
    memberTypeName: '学生会员',
    memberNumber: 'WF202600000001',
    membershipStatus: 'active',
    validFrom: '2026-11-22T02:00:00Z',
    validUntil: '2030-11-22T02:00:00Z',
    printed: {
      fields: [
        { key: 'name', label: '姓名', text: '吴九', photo: false, missing: false },
        { key: 'gender', label: '性别', text: '男', photo: false, missing: false },
        { key: 'photo', label: '照片', text: '', photo: true, missing: false },
      ],
      missing: {},
    },
    certificate: null,
    printedChanged: false,
    locked: false,
    ...overrides,
  };
}

type Reply = { status: number; body?: unknown; type?: string };
let handler: (method: string, url: string) => Reply | undefined;
let calls: { method: string; url: string; body: unknown }[];
let wrapper: VueWrapper | null = null;
let clicked: { href: string; download: string }[];

beforeEach(() => {
  calls = [];
  clicked = [];
  handler = () => undefined;
  document.cookie = 'gh_csrf=token-1; path=/';
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      const reply = handler(method, url) ?? { status: 404, body: { status: 404, code: 'not_found' } };
      if (reply.type) return new Response(String(reply.body), { status: reply.status, headers: { 'Content-Type': reply.type } });
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': reply.status < 400 ? 'application/json' : 'application/problem+json' },
      });
    }),
  );
  let next = 0;
  vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:test/${++next}`);
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download });
  });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

const kList = '/api/v1/t/wf/me/certificates';
const kPreview = '/api/v1/t/wf/me/memberships/m1/certificate/preview';
const kConfirm = '/api/v1/t/wf/me/memberships/m1/certificate';

/** The server as the member sees it: the list changes when a certificate is issued or downloaded. */
function serve(state: { items: MyCertificate[] }) {
  handler = (method, url) => {
    if (method === 'GET' && url === kList) return { status: 200, body: { items: state.items } };
    if (method === 'GET' && url === kPreview) return { status: 200, body: 'PNG', type: 'image/png' };
    if (method === 'GET' && url === '/api/v1/t/wf/certificates/c1/pdf') {
      state.items = state.items.map((i) => ({ ...i, locked: true }));
      return { status: 200, body: '%PDF-1.7', type: 'application/pdf' };
    }
    if (method === 'POST' && url === kConfirm) {
      state.items = [item({ certificate })];
      return { status: 200, body: certificate };
    }
    return undefined;
  };
}

async function open(): Promise<VueWrapper> {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/t/:slug/certificates', component: CertificatesPage },
      { path: '/t/:slug/profile', component: { template: '<div />' } },
    ],
  });
  await router.push('/t/wf/certificates');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
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

describe('my certificates', () => {
  it('shows the printed values and the preview, confirms, downloads and says the fields are locked', async () => {
    serve({ items: [item()] });
    await open();
    expect($('[data-testid="certificate-member-number"]')?.textContent).toBe('WF202600000001');
    expect($$('[data-testid="printed-value"]').map((e) => e.textContent)).toEqual(['吴九', '男', '已上传（见预览）']);
    expect($('[data-testid="certificate-preview"]')?.getAttribute('src')).toMatch(/^blob:/);
    expect($('[data-testid="certificate-lock-warning"]')?.textContent).toContain(
      '证书下载后，证书上的信息将被锁定，如需修改须提交资料变更申请并经审核通过。',
    );
    expect($('[data-testid="certificate-download"]')).toBeNull();
    expect($('[data-testid="certificate-confirm"]')?.textContent?.trim()).toBe('确认');

    await click('[data-testid="certificate-confirm"]');
    expect(calls.filter((c) => c.method === 'POST').map((c) => [c.url, c.body])).toEqual([[kConfirm, {}]]);
    expect($('[data-testid="certificate-number"]')?.textContent).toBe('WF2026000001');
    expect($('[data-testid="certificate-issued-on"]')?.textContent).toBe('2026-11-22');
    expect($('[data-testid="certificate-confirm"]')).toBeNull();
    expect($('[data-testid="certificate-locked"]')).toBeNull();

    await click('[data-testid="certificate-download"]');
    expect(calls.some((c) => c.method === 'GET' && c.url === '/api/v1/t/wf/certificates/c1/pdf')).toBe(true);
    expect(clicked).toEqual([{ href: expect.stringMatching(/^blob:/), download: '会员证书-WF2026000001.pdf' }]);
    expect($('[data-testid="certificate-locked"]')?.textContent).toContain('证书上的信息已锁定');
  });

  it('asks the member to check the printed values, then warns in the manuals three points before 确认', async () => {
    serve({ items: [item()] });
    await open();
    const section = $('[data-testid="certificate-confirm-section"]')!;
    expect(section.querySelector('[data-testid="certificate-check-hint"]')?.textContent).toBe(
      '在下载证书之前，请仔细核对以下个人信息，确保准确无误',
    );
    expect($$('[data-testid="printed-field"]').map((e) => e.querySelector('dt')?.textContent)).toEqual(['姓名', '性别', '照片']);
    const warnings = $('[data-testid="certificate-warnings"]')!;
    expect(warnings.querySelector('.el-alert__title')?.textContent).toBe('请注意');
    expect([...warnings.querySelectorAll('li')].map((e) => e.textContent)).toEqual([
      '1.证书一经下载，个人信息将无法修改。',
      '2.如发现信息有误，请及时联系协会进行更正。',
      '3.确保证书仅用于合法用途',
    ]);
    // In the manual's order: the values, 请注意, then 确认.
    const [hint, box, button] = ['certificate-check-hint', 'certificate-warnings', 'certificate-confirm'].map(
      (testid) => $(`[data-testid="${testid}"]`)!,
    );
    expect(hint!.compareDocumentPosition(box!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(box!.compareDocumentPosition(button!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    // Once confirmed, the warnings give way to 下载证书.
    await click('[data-testid="certificate-confirm"]');
    expect($('[data-testid="certificate-warnings"]')).toBeNull();
    expect($('[data-testid="certificate-download"]')?.textContent?.trim()).toBe('下载证书');
  });

  it('will not confirm while printed values are missing, and says which and where to fill them in', async () => {
    serve({
      items: [
        item({
          printed: {
            fields: [
              { key: 'name', label: '姓名', text: '吴九', photo: false, missing: false },
              { key: 'gender', label: '性别', text: '', photo: false, missing: true },
            ],
            missing: { gender: '请填写性别。' },
          },
        }),
      ],
    });
    await open();
    const button = $('[data-testid="certificate-confirm"]') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect($('[data-testid="certificate-blocked"]')?.textContent).toBe('证书信息不完整，完善个人资料后才能生成证书。');
    expect($('[data-testid="certificate-missing-field"]')?.textContent).toBe('性别：请填写性别。');
    expect($('[data-testid="certificate-to-profile"]')?.getAttribute('href')).toBe('/t/wf/profile');
    button.click();
    await flushPromises();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('will not confirm for a membership that is not active', async () => {
    serve({ items: [item({ membershipStatus: 'expired' })] });
    await open();
    expect(($('[data-testid="certificate-confirm"]') as HTMLButtonElement).disabled).toBe(true);
    expect($('[data-testid="certificate-blocked"]')?.textContent).toBe('会员资格有效期内才能生成证书。');
  });

  it("will not confirm until this year's dues are paid where the tenant says so", async () => {
    serve({ items: [item({ duesRequired: true, duesPaid: false })] });
    await open();
    expect(($('[data-testid="certificate-confirm"]') as HTMLButtonElement).disabled).toBe(true);
    expect($('[data-testid="certificate-blocked"]')?.textContent).toBe('请先缴纳本年度会费，协会确认到账后即可领取证书。');
  });

  it('shows the server refusing a confirmation whose values went missing meanwhile', async () => {
    const state = { items: [item()] };
    serve(state);
    const served = handler;
    handler = (method, url) => {
      if (method === 'POST' && url === kConfirm) {
        state.items = [
          item({ printed: { fields: [{ key: 'gender', label: '性别', text: '', photo: false, missing: true }], missing: { gender: '请填写性别。' } } }),
        ];
        return {
          status: 422,
          body: {
            status: 422,
            code: 'certificate_fields_missing',
            detail: '证书信息不完整，请先完善个人资料。',
            errors: [{ field: 'gender', code: 'required', message: '请填写性别。' }],
          },
        };
      }
      return served(method, url);
    };
    await open();
    await click('[data-testid="certificate-confirm"]');
    expect($('[data-testid="form-error"]')?.textContent).toContain('证书信息不完整，请先完善个人资料');
    expect($('[data-testid="certificate-missing-field"]')?.textContent).toBe('性别：请填写性别。');
    expect(($('[data-testid="certificate-confirm"]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('explains a change since the certificate and offers to confirm again', async () => {
    serve({ items: [item({ certificate, printedChanged: true, locked: true })] });
    await open();
    expect($('[data-testid="certificate-number"]')?.textContent).toBe('WF2026000001');
    expect($('[data-testid="certificate-changed"]')?.textContent).toContain('原证书随即失效');
    expect($('[data-testid="certificate-confirm"]')?.textContent?.trim()).toBe('确认新信息，重新生成证书');
    expect($('[data-testid="certificate-preview"]')).not.toBeNull();
  });
});
