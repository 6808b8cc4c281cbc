import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { defineComponent } from 'vue';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import { ElMessage, ElMessageBox } from 'element-plus';
import { createAppI18n } from '@/i18n';
import type { Application } from '@/api/applications';
import type { FormDefinition, FormValues } from '@/forms/types';
import ApplicationEditPage from './ApplicationEditPage.vue';

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
        {
          key: 'member_type',
          type: 'radio',
          label: { 'zh-CN': '会员类型', en: 'Member type' },
          required: true,
          options: [
            { value: 'general', label: { 'zh-CN': '普通会员', en: 'General' } },
            { value: 'student', label: { 'zh-CN': '学生会员', en: 'Student' } },
          ],
        },
        { key: 'society_positions', type: 'textarea', label: { 'zh-CN': '其他学会任职', en: 'Other positions' } },
      ],
    },
    {
      key: 'stamped',
      title: { 'zh-CN': '盖章申请表', en: 'Stamped application form' },
      fields: [
        {
          key: 'stamped_form',
          type: 'upload',
          label: { 'zh-CN': '盖章的申请表', en: 'Stamped application form' },
          upload: { types: ['jpg', 'png', 'pdf'], max_size_mb: 20, max_count: 2 },
        },
      ],
    },
  ],
};

// The activation's form: the old roster's data to check, and the member type to choose.
const activate: FormDefinition = {
  key: 'activate',
  title: { 'zh-CN': '医护会员账号激活', en: 'Activate your membership' },
  sections: [
    {
      key: 'basic',
      title: { 'zh-CN': '基本信息', en: 'Basic' },
      fields: [{ key: 'name', type: 'text', label: { 'zh-CN': '姓名', en: 'Name' }, required: true }],
    },
  ],
};

const kinds = [
  {
    key: 'join',
    title: { 'zh-CN': '医护会员入会申请', en: 'Membership application' },
    form: 'join',
    effect: 'create_membership',
    stamp: 'stamped_form',
  },
  { key: 'activate', title: { 'zh-CN': '原会员激活申请', en: 'Legacy membership activation' }, form: 'activate', effect: 'activate_membership' },
];

function application(overrides: Partial<Application>): Application {
  return {
    id: 'app-1',
    tenant: 'med',
    kind: 'join',
    status: 'draft',
    step: null,
    stepTitle: null,
    reason: null,
    version: 1,
    values: { name: '流程会员', member_type: 'general' },
    masked: { id_number: '120102********0039' },
    createdAt: '2026-11-20T02:00:00Z',
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

type Reply = { status: number; body?: unknown };
let handler: (method: string, url: string, body: unknown) => Reply | undefined;
let calls: { method: string; url: string; body: unknown; csrf: string | null }[];
let wrapper: VueWrapper | null = null;
let router: Router;

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
      // Uploads send the file itself; everything else JSON.
      const body = typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body;
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
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

function defaults(method: string, url: string): Reply {
  if (url === '/api/v1/auth/csrf') {
    document.cookie = 'gh_csrf=token-1; path=/';
    return { status: 204 };
  }
  if (method === 'GET' && url === '/api/v1/t/med/application-kinds') return { status: 200, body: { items: kinds } };
  if (method === 'GET' && url === '/api/v1/t/med/forms/join') return { status: 200, body: join };
  if (method === 'GET' && url === '/api/v1/t/med/forms/activate') return { status: 200, body: activate };
  if (method === 'GET' && url === '/api/v1/t/med/profile') {
    return {
      status: 200,
      body: {
        form: 'profile',
        values: { name: '流程会员', employer: 'org-1', society_positions: '' },
        masked: { id_number: '120102********0039', mobile: '137****0501' },
        locked: [],
      },
    };
  }
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

async function open(path: string): Promise<VueWrapper> {
  const blank = defineComponent({ render: () => null });
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/t/:slug/applications', name: 'applications', component: blank },
      { path: '/t/:slug/applications/:id', name: 'application', component: ApplicationEditPage },
      { path: '/t/:slug/apply/:kind', name: 'apply', component: ApplicationEditPage },
      { path: '/t/:slug/login', name: 'login', component: blank },
    ],
  });
  await router.push(path);
  await router.isReady();
  wrapper = mount(ApplicationEditPage, {
    global: { plugins: [createPinia(), createAppI18n('zh-CN'), router] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

const field = (page: VueWrapper, key: string) => page.get(`[data-field="${key}"]`);
const sent = (method: string, tail: string) => calls.filter((call) => call.method === method && call.url.endsWith(tail));

// Element Plus shows a form item's message 100 ms after its state turns to error.
async function errorOf(page: VueWrapper, key: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 120));
  await flushPromises();
  const message = field(page, key).find('.el-form-item__error');
  return message.exists() ? message.text() : '';
}

function confirmed() {
  return vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never);
}

describe('a new application', () => {
  it('starts from the profile, only with the fields its form has, and creates the draft on the first save', async () => {
    handler = (method, url, body) =>
      method === 'POST' && url === '/api/v1/t/med/applications'
        ? { status: 201, body: application({ id: 'new-1', values: (body as { values: FormValues }).values }) }
        : undefined;
    const page = await open('/t/med/apply/join');
    expect(page.text()).toContain('医护会员入会申请');
    expect((field(page, 'name').get('input').element as HTMLInputElement).value).toBe('流程会员');
    expect(field(page, 'id_number').get('[data-testid="masked-value"]').text()).toBe('120102********0039');

    await page.get('[data-testid="save-draft"]').trigger('click');
    await flushPromises();
    const [create] = sent('POST', '/applications');
    expect(create?.body).toEqual({ kind: 'join', values: { name: '流程会员', society_positions: '' } });
    expect(create?.csrf).toBe('token-1');
    expect(router.currentRoute.value.fullPath).toBe('/t/med/applications/new-1');

    // Saved again: the draft is updated, not created twice.
    await page.get('[data-testid="save-draft"]').trigger('click');
    await flushPromises();
    expect(sent('POST', '/applications')).toHaveLength(1);
    expect(sent('PUT', '/applications/new-1')[0]?.body).toMatchObject({ version: 1 });
  });
});

describe('submitting', () => {
  it('asks with the manuals words, saves, then submits with the version, and turns read-only', async () => {
    const confirm = confirmed();
    handler = (method, url) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/app-1') return { status: 200, body: application({}) };
      if (method === 'PUT' && url === '/api/v1/t/med/applications/app-1') {
        return { status: 200, body: application({ version: 2 }) };
      }
      if (method === 'POST' && url === '/api/v1/t/med/applications/app-1/submit') {
        return {
          status: 200,
          body: application({
            version: 3,
            status: 'under_review',
            step: 'admin',
            submittedAt: '2026-11-22T02:00:00Z',
            dueAt: '2026-12-11T12:00:00Z',
            events: [{ at: '2026-11-22T02:00:00Z', actor: 'a1', action: 'submit', from: 'draft', to: 'under_review', step: 'admin', reason: null }],
          }),
        };
      }
      return undefined;
    };
    const page = await open('/t/med/applications/app-1');
    await field(page, 'society_positions').get('textarea').setValue('华夏医学会青年委员');
    await page.get('[data-testid="submit-application"]').trigger('click');
    await flushPromises();

    expect(confirm).toHaveBeenCalledOnce();
    expect(confirm.mock.calls[0]![0]).toBe('请确认您提交的信息准确无误，提交后即进入审核阶段，审核期间，个人信息不可修改。');
    expect(sent('PUT', '/applications/app-1')[0]?.body).toEqual({
      values: { name: '流程会员', member_type: 'general', society_positions: '华夏医学会青年委员' },
      version: 1,
    });
    expect(sent('POST', '/submit').map((call) => call.body)).toEqual([{ version: 2 }]);

    expect(page.get('[data-testid="application-status"]').text()).toBe('申请中');
    expect(page.get('[data-testid="application-review-banner"]').text()).toContain('2026-12-11');
    expect(field(page, 'name').get('input').attributes('disabled')).toBeDefined();
    expect(page.find('[data-testid="submit-application"]').exists()).toBe(false);
    expect(page.findAll('[data-testid="history-entry"]').map((entry) => entry.text())).toEqual(['提交申请']);
  });

  it('shows the server field errors under the fields and keeps what was typed', async () => {
    confirmed();
    handler = (method, url) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/app-1') return { status: 200, body: application({}) };
      if (method === 'PUT') return { status: 200, body: application({ version: 2 }) };
      if (method === 'POST' && url.endsWith('/submit')) {
        return {
          status: 422,
          body: {
            status: 422,
            code: 'form_invalid',
            detail: '请检查标出的内容。',
            errors: [{ field: 'society_positions', code: 'required', message: '请填写其他学会任职情况' }],
          },
        };
      }
      return undefined;
    };
    const page = await open('/t/med/applications/app-1');
    await field(page, 'name').get('input').setValue('流程会员乙');
    await page.get('[data-testid="submit-application"]').trigger('click');
    await flushPromises();

    expect(await errorOf(page, 'society_positions')).toBe('请填写其他学会任职情况');
    expect((field(page, 'name').get('input').element as HTMLInputElement).value).toBe('流程会员乙');
    expect(page.find('[data-testid="application-status"]').text()).toBe('草稿');
    expect(page.find('[data-testid="submit-application"]').exists()).toBe(true);

    // Corrected, the next attempt goes with the version the save returned.
    await field(page, 'society_positions').get('textarea').setValue('无');
    await page.get('[data-testid="submit-application"]').trigger('click');
    await flushPromises();
    expect(sent('PUT', '/applications/app-1').map((call) => (call.body as { version: number }).version)).toEqual([1, 2]);
  });

  it('sends nothing when the user cancels the confirmation', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel');
    handler = (method, url) =>
      method === 'GET' && url === '/api/v1/t/med/applications/app-1' ? { status: 200, body: application({}) } : undefined;
    const page = await open('/t/med/applications/app-1');
    await page.get('[data-testid="submit-application"]').trigger('click');
    await flushPromises();
    expect(calls.filter((call) => call.method !== 'GET')).toEqual([]);
  });

  it('states a conflict above the form and keeps what was typed', async () => {
    handler = (method, url) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/app-1') return { status: 200, body: application({}) };
      if (method === 'PUT') return { status: 409, body: { status: 409, code: 'application_changed' } };
      return undefined;
    };
    const page = await open('/t/med/applications/app-1');
    await field(page, 'name').get('input').setValue('流程会员丙');
    await page.get('[data-testid="save-draft"]').trigger('click');
    await flushPromises();
    expect(page.text()).toContain('该申请已被更新，请刷新页面后重试');
    expect((field(page, 'name').get('input').element as HTMLInputElement).value).toBe('流程会员丙');
  });
});

describe('after a decision', () => {
  const events: Application['events'] = [
    { at: '2026-11-20T02:00:00Z', actor: 'a1', action: 'submit', from: 'draft', to: 'under_review', step: 'admin', reason: null },
    {
      at: '2026-11-21T02:00:00Z',
      actor: 'admin',
      action: 'return',
      from: 'under_review',
      to: 'returned',
      step: 'admin',
      reason: '请补充其他学会任职情况',
    },
  ];

  it('shows a returned application with its reason and history, still editable', async () => {
    handler = (method, url) =>
      method === 'GET' && url === '/api/v1/t/med/applications/app-1'
        ? { status: 200, body: application({ status: 'returned', reason: '请补充其他学会任职情况', events }) }
        : undefined;
    const page = await open('/t/med/applications/app-1');
    expect(page.get('[data-testid="application-status"]').text()).toBe('已退回修改');
    expect(page.get('[data-testid="application-reason-banner"]').text()).toContain('请补充其他学会任职情况');
    expect(page.findAll('[data-testid="history-entry"]').map((entry) => entry.text())).toEqual(['提交申请', '退回修改']);
    expect(page.get('[data-testid="application-history"]').text()).toContain('请补充其他学会任职情况');
    expect(field(page, 'name').get('input').attributes('disabled')).toBeUndefined();
    expect(page.find('[data-testid="submit-application"]').exists()).toBe(true);
    // A saved application prints as the paper form (PDF when the kind names no format).
    expect(page.get('[data-testid="download-application-form"]').attributes('href')).toBe(
      '/api/v1/t/med/applications/app-1/form.pdf',
    );
    expect(page.find('[data-testid="download-application-form-xlsx"]').exists()).toBe(false);
  });

  it('shows a rejected application with the reason, to be corrected and submitted again', async () => {
    handler = (method, url) =>
      method === 'GET' && url === '/api/v1/t/med/applications/app-1'
        ? { status: 200, body: application({ status: 'rejected', reason: '盖章不清晰', events }) }
        : undefined;
    const page = await open('/t/med/applications/app-1');
    expect(page.get('[data-testid="application-status"]').text()).toBe('审批不通过');
    expect(page.get('[data-testid="application-reason-banner"]').text()).toContain('盖章不清晰');
    expect(page.get('[data-testid="application-reason-banner"]').text()).toContain('修改后重新提交');
    expect(field(page, 'name').get('input').attributes('disabled')).toBeUndefined();
    expect(page.find('[data-testid="save-draft"]').exists()).toBe(true);
  });
});

describe('the paper step (提交盖章文件)', () => {
  const scan = { id: 'up-1', name: 'stamped.png', size: 2048 };
  const awaiting = (overrides: Partial<Application> = {}) =>
    application({
      status: 'awaiting_stamp',
      version: 3,
      submittedAt: '2026-11-22T02:00:00Z',
      events: [{ at: '2026-11-22T02:00:00Z', actor: 'a1', action: 'submit', from: 'draft', to: 'awaiting_stamp', step: null, reason: null }],
      ...overrides,
    });
  const underReview = () =>
    application({
      status: 'under_review',
      version: 4,
      step: 'admin',
      dueAt: '2026-12-12T12:00:00Z',
      values: { name: '流程会员', member_type: 'general', stamped_form: [scan] },
    });
  const serveAwaiting = (extra: (method: string, url: string, body: unknown) => Reply | undefined = () => undefined) => {
    handler = (method, url, body) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/app-1') return { status: 200, body: awaiting() };
      return extra(method, url, body);
    };
  };

  async function choose(page: VueWrapper, file: File) {
    const input = page.get('[data-testid="stamp-upload"]').get('input[type="file"]');
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    await flushPromises();
    await flushPromises();
  }

  async function stampError(page: VueWrapper): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 120));
    await flushPromises();
    const message = page.get('[data-testid="stamp-upload"]').find('.el-form-item__error');
    return message.exists() ? message.text() : '';
  }

  it('says with the manuals words, not the usual toast, that the stamped form is still to come', async () => {
    confirmed();
    const alert = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm' as never);
    const toast = vi.spyOn(ElMessage, 'success');
    handler = (method, url) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/app-1') return { status: 200, body: application({}) };
      if (method === 'PUT') return { status: 200, body: application({ version: 2 }) };
      if (method === 'POST' && url.endsWith('/submit')) return { status: 200, body: awaiting() };
      return undefined;
    };
    const page = await open('/t/med/applications/app-1');
    await page.get('[data-testid="submit-application"]').trigger('click');
    await flushPromises();

    expect(alert).toHaveBeenCalledOnce();
    expect(alert.mock.calls[0]!.slice(0, 2)).toEqual(['会员申请提交成功，请返回并提交盖章文件', '提示']);
    expect(alert.mock.calls[0]![2]).toMatchObject({ confirmButtonText: '确定' });
    expect(toast).not.toHaveBeenCalled();
    expect(page.get('[data-testid="application-status"]').text()).toBe('待提交盖章文件');
    expect(page.find('[data-testid="stamp-card"]').exists()).toBe(true);
    expect(page.find('[data-testid="submit-application"]').exists()).toBe(false);
  });

  it('shows the steps, the form to print and the upload with its limits above the read-only form', async () => {
    serveAwaiting();
    const page = await open('/t/med/applications/app-1');
    const card = page.get('[data-testid="stamp-card"]');
    expect(card.text()).toContain('提交盖章文件');
    expect(card.findAll('.steps li').map((step) => step.text())).toEqual([
      expect.stringContaining('打印/下载申请表格'),
      '由工作单位盖章（学生会员由就读院校），确保盖章清晰可辨，不可使用电子章',
      '扫描后上传，审核周期一般为15个工作日',
    ]);
    // The print links move into the card: one of each on the page.
    expect(page.findAll('[data-testid="download-application-form"]')).toHaveLength(1);
    expect(card.get('[data-testid="download-application-form"]').attributes('href')).toBe('/api/v1/t/med/applications/app-1/form.pdf');
    expect(page.find('[data-testid="application-form-card"]').exists()).toBe(false);
    expect(card.get('[data-testid="stamp-upload"]').text()).toContain('盖章的申请表');
    expect(card.get('[data-testid="stamp-upload"]').text()).toContain('支持 JPG / PNG / PDF 格式，单个文件不超过 20MB，最多 2 个');
    // Above the form, which is read-only.
    const html = page.html();
    expect(html.indexOf('data-testid="stamp-card"')).toBeLessThan(html.indexOf('data-field="name"'));
    expect(field(page, 'name').get('input').attributes('disabled')).toBeDefined();
    expect(page.find('[data-testid="submit-application"]').exists()).toBe(false);
  });

  it('uploads the scan to the stamp field, sends it with the version, and shows the application under review', async () => {
    serveAwaiting((method, url) => {
      if (method === 'POST' && url.startsWith('/api/v1/t/med/uploads')) return { status: 201, body: { ...scan, type: 'png' } };
      if (method === 'POST' && url === '/api/v1/t/med/applications/app-1/stamp') return { status: 200, body: underReview() };
      return undefined;
    });
    const toast = vi.spyOn(ElMessage, 'success');
    const page = await open('/t/med/applications/app-1');
    await choose(page, new File([new Uint8Array(2048)], 'stamped.png', { type: 'image/png' }));
    expect(sent('POST', '/uploads?form=join&field=stamped_form&name=stamped.png')).toHaveLength(1);

    await page.get('[data-testid="submit-stamp-file"]').trigger('submit');
    await flushPromises();
    expect(sent('POST', '/applications/app-1/stamp').map((call) => call.body)).toEqual([{ files: [scan], version: 3 }]);
    expect(sent('POST', '/applications/app-1/stamp')[0]?.csrf).toBe('token-1');
    expect(toast).toHaveBeenCalledWith('盖章文件已提交，申请进入审核阶段');
    expect(page.find('[data-testid="stamp-card"]').exists()).toBe(false);
    expect(page.get('[data-testid="application-status"]').text()).toBe('申请中');
    expect(page.get('[data-testid="application-review-banner"]').text()).toContain('2026-12-12');
    expect(field(page, 'stamped_form').text()).toContain('stamped.png');
  });

  it('shows the servers field error on the upload and keeps what was uploaded', async () => {
    serveAwaiting((method, url) => {
      if (method === 'POST' && url.endsWith('/stamp')) {
        return {
          status: 422,
          body: {
            status: 422,
            code: 'form_invalid',
            detail: '请检查标出的内容。',
            errors: [{ field: 'stamped_form', code: 'required', message: '请上传盖章的申请表扫描件。' }],
          },
        };
      }
      return undefined;
    });
    const page = await open('/t/med/applications/app-1');
    await page.get('[data-testid="submit-stamp-file"]').trigger('submit');
    await flushPromises();
    expect(await stampError(page)).toBe('请上传盖章的申请表扫描件。');
    expect(page.get('[data-testid="application-status"]').text()).toBe('待提交盖章文件');

    // A scan already there stays through a refusal.
    handler = (method, url) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/app-1') {
        return { status: 200, body: awaiting({ values: { name: '流程会员', stamped_form: [scan] } }) };
      }
      if (method === 'POST' && url.endsWith('/stamp')) {
        return {
          status: 422,
          body: { status: 422, code: 'form_invalid', errors: [{ field: 'stamped_form', code: 'upload_foreign', message: '文件无效，请重新上传' }] },
        };
      }
      return undefined;
    };
    wrapper?.unmount();
    const again = await open('/t/med/applications/app-1');
    await again.get('[data-testid="submit-stamp-file"]').trigger('submit');
    await flushPromises();
    expect(await stampError(again)).toBe('文件无效，请重新上传');
    expect(again.get('[data-testid="stamp-upload"]').findAll('[data-testid="upload-file"]').map((item) => item.text())).toEqual([
      expect.stringContaining('stamped.png'),
    ]);
  });

  it('refuses a file over the fields limit on the field, before sending it', async () => {
    serveAwaiting();
    const page = await open('/t/med/applications/app-1');
    const big = new File(['x'], 'stamped.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: 20 * 1024 * 1024 + 1 });
    await choose(page, big);
    expect(await stampError(page)).toBe('文件不能超过20MB');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('states a conflict in the card, keeping the upload', async () => {
    serveAwaiting((method, url) =>
      method === 'POST' && url.endsWith('/stamp')
        ? { status: 409, body: { status: 409, code: 'not_awaiting_stamp', detail: '该申请当前不需要提交盖章文件。' } }
        : undefined,
    );
    const page = await open('/t/med/applications/app-1');
    await page.get('[data-testid="submit-stamp-file"]').trigger('submit');
    await flushPromises();
    expect(page.get('[data-testid="stamp-card"]').get('[data-testid="form-error"]').text()).toContain('该申请当前不需要提交盖章文件。');
    expect(await stampError(page)).toBe('');
  });
});

describe('a legacy members activation (原会员激活)', () => {
  const activation = (overrides: Partial<Application> = {}) =>
    application({ kind: 'activate', values: { name: '示例专家' }, masked: {}, ...overrides });

  it('opens with the manuals words on checking the old data and the documents', async () => {
    handler = (method, url) =>
      method === 'GET' && url === '/api/v1/t/med/applications/app-1' ? { status: 200, body: activation() } : undefined;
    const page = await open('/t/med/applications/app-1');
    expect(page.text()).toContain('原会员激活申请');
    const intro = page.get('[data-testid="activation-intro"]');
    expect(intro.text()).toContain(
      '系统已识别您为原会员，请仔细核对历史档案信息，如有变更请及时更新；激活专业会员身份，工作单位只可在系统中的单位中选择。',
    );
    expect(intro.text()).toContain('根据所选会员类型，请提交页面显示的证明材料');
    expect(intro.text()).toContain('支持上传的文件格式为JPG、PNG，单文件大小限制为≤5MB');
    expect((field(page, 'name').get('input').element as HTMLInputElement).value).toBe('示例专家');
  });

  it('confirms with the manuals words and says the activation is under review', async () => {
    const confirm = confirmed();
    const alert = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm' as never);
    handler = (method, url) => {
      if (method === 'GET' && url === '/api/v1/t/med/applications/app-1') return { status: 200, body: activation() };
      if (method === 'PUT') return { status: 200, body: activation({ version: 2 }) };
      if (method === 'POST' && url.endsWith('/submit')) {
        return { status: 200, body: activation({ version: 3, status: 'under_review', step: 'admin', dueAt: '2026-12-11T12:00:00Z' }) };
      }
      return undefined;
    };
    const page = await open('/t/med/applications/app-1');
    await page.get('[data-testid="submit-application"]').trigger('click');
    await flushPromises();
    expect(confirm.mock.calls[0]![0]).toBe('请确认您提交的信息准确无误，提交后即进入审核阶段，审核期间，个人信息不可修改。');
    expect(alert.mock.calls[0]!.slice(0, 2)).toEqual(['会员激活申请提交成功，进入审核阶段', '提示']);
    expect(page.get('[data-testid="application-status"]').text()).toBe('申请中');
    expect(page.find('[data-testid="activation-intro"]').exists()).toBe(false);
  });
});
