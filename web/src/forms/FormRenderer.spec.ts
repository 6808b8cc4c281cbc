import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createAppI18n } from '@/i18n';
import { forgetRegions } from './api';
import FormRenderer from './FormRenderer.vue';
import type { FieldError, FormDefinition, FormValues } from './types';

const definition: FormDefinition = {
  key: 'membership',
  title: { 'zh-CN': '个人会员入会申请', en: 'Individual membership application' },
  sections: [
    {
      key: 'basic',
      title: { 'zh-CN': '基本信息', en: 'Basic information' },
      fields: [
        { key: 'name', type: 'text', label: { 'zh-CN': '姓名', en: 'Name' }, required: true, min_length: 2, max_length: 20 },
        {
          key: 'member_type',
          type: 'radio',
          label: { 'zh-CN': '会员类型', en: 'Member type' },
          required: true,
          options: [
            { value: 'student', label: { 'zh-CN': '学生会员', en: 'Student member' } },
            { value: 'professional', label: { 'zh-CN': '专业会员', en: 'Professional member' } },
          ],
        },
        { key: 'id_number', type: 'id_number', label: { 'zh-CN': '身份证号码', en: 'ID number' }, required: true },
        { key: 'mobile', type: 'mobile', label: { 'zh-CN': '手机号码', en: 'Mobile' }, required: true },
        { key: 'region', type: 'region', label: { 'zh-CN': '所在地区', en: 'Region' } },
      ],
    },
    {
      key: 'student',
      title: { 'zh-CN': '学生信息', en: 'Student' },
      visibleWhen: { field: 'member_type', eq: 'student' },
      fields: [
        {
          key: 'student_card',
          type: 'upload',
          label: { 'zh-CN': '学生证', en: 'Student card' },
          required: true,
          upload: { types: ['jpg', 'png', 'pdf'], max_size_mb: 5, max_count: 2 },
        },
      ],
    },
    {
      key: 'work',
      title: { 'zh-CN': '工作信息', en: 'Work' },
      fields: [
        {
          key: 'employer',
          type: 'organisation',
          label: { 'zh-CN': '工作单位', en: 'Employer' },
          required: true,
          visibleWhen: { field: 'member_type', ne: 'student' },
        },
        { key: 'home_region', type: 'region', label: { 'zh-CN': '户籍地区', en: 'Home region' } },
        { key: 'committee_recommender', type: 'committee_member', label: { 'zh-CN': '推荐委员', en: 'Recommender' } },
      ],
    },
  ],
};

const regions = [
  {
    code: '120000',
    name: '天津市',
    children: [{ code: '120100', name: '市辖区', children: [{ code: '120101', name: '和平区' }] }],
  },
];

type Reply = { status: number; body?: unknown };
let calls: { method: string; url: string; headers: Headers; body: unknown }[];
let handler: (method: string, url: string) => Reply | undefined;
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
  forgetRegions();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      calls.push({ method, url, headers: new Headers(init?.headers), body: init?.body });
      const reply = handler(method, url) ?? defaults(url);
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

function defaults(url: string): Reply {
  if (url === '/api/v1/regions') return { status: 200, body: regions };
  if (url === '/api/v1/auth/csrf') {
    document.cookie = 'gh_csrf=token-1; path=/';
    return { status: 204 };
  }
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

interface Exposed {
  validate(): FieldError[];
  cleanedValues(): Record<string, unknown>;
  visibleKeys(): string[];
}

async function render(props: Record<string, unknown> = {}, values: FormValues = {}) {
  wrapper = mount(FormRenderer, {
    props: {
      definition,
      tenant: 'med',
      today: '2026-11-22',
      modelValue: values,
      'onUpdate:modelValue': (next: FormValues) => wrapper?.setProps({ modelValue: next }),
      ...props,
    },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

function item(page: VueWrapper, key: string) {
  return page.find(`[data-field="${key}"]`);
}

// Element Plus shows a form item's message 100 ms after its state turns to error.
async function errorOf(page: VueWrapper, key: string): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 120));
  await flushPromises();
  const message = item(page, key).find('.el-form-item__error');
  return message.exists() ? message.text() : '';
}

async function choose(page: VueWrapper, key: string, value: string) {
  await item(page, key).get(`input[value="${value}"]`).setValue(true);
  await flushPromises();
}

function values(page: VueWrapper): FormValues {
  return (page.props() as { modelValue: FormValues }).modelValue;
}

describe('FormRenderer', () => {
  it('draws each section with a control per field and a data-field on every item', async () => {
    const page = await render();
    expect(page.findAll('.gh-form-section').map((card) => card.attributes('data-section'))).toEqual(['basic', 'work']);
    expect(page.findAll('[data-field]').map((node) => node.attributes('data-field'))).toEqual([
      'name',
      'member_type',
      'id_number',
      'mobile',
      'region',
      'employer',
      'home_region',
      'committee_recommender',
    ]);
    expect(item(page, 'member_type').findAll('input[type="radio"]')).toHaveLength(2);
    expect(item(page, 'mobile').get('input').attributes('inputmode')).toBe('tel');
    expect(item(page, 'id_number').get('input').attributes('maxlength')).toBe('18');
    expect(item(page, 'region').find('.el-cascader').exists()).toBe(true);
  });

  it('says that the check digit of a mistyped ID number is wrong, on that field, once the user leaves it', async () => {
    const page = await render();
    const input = item(page, 'id_number').get('input');
    await input.setValue('120101198410011234');
    expect(await errorOf(page, 'id_number')).toBe('');
    await input.trigger('blur');
    await flushPromises();
    expect(item(page, 'id_number').classes()).toContain('is-error');
    expect(await errorOf(page, 'id_number')).toContain('身份证号码校验位不正确');
    expect(await errorOf(page, 'name')).toBe('');

    await input.setValue('11010519491231002x');
    await flushPromises();
    expect(await errorOf(page, 'id_number')).toBe('');
    expect(values(page).id_number).toBe('11010519491231002x');
  });

  it('fills the birth date and gender from a valid ID number, and refuses a gender that disagrees', async () => {
    const withFills: FormDefinition = {
      key: 'person',
      title: { 'zh-CN': '个人信息', en: 'Person' },
      sections: [
        {
          key: 'basic',
          title: { 'zh-CN': '基本信息', en: 'Basics' },
          fields: [
            {
              key: 'gender',
              type: 'radio',
              label: { 'zh-CN': '性别', en: 'Gender' },
              required: true,
              options: [
                { value: 'male', label: { 'zh-CN': '男', en: 'Male' } },
                { value: 'female', label: { 'zh-CN': '女', en: 'Female' } },
              ],
            },
            { key: 'birth_date', type: 'date', label: { 'zh-CN': '出生日期', en: 'Date of birth' }, required: true },
            {
              key: 'id_number',
              type: 'id_number',
              label: { 'zh-CN': '身份证号码', en: 'ID number' },
              required: true,
              fills: { birth_date: 'birth_date', gender: 'gender' },
            },
          ],
        },
      ],
    };
    const page = await render({ definition: withFills });
    const input = item(page, 'id_number').get('input');
    await input.setValue('12010119840101452');
    await flushPromises();
    expect(values(page).birth_date).toBeUndefined();

    await input.setValue('11010519491231002x');
    await flushPromises();
    expect(values(page).birth_date).toBe('1949-12-31');
    expect(values(page).gender).toBe('female');
    expect(item(page, 'gender').get<HTMLInputElement>('input[value="female"]').element.checked).toBe(true);
    expect(item(page, 'birth_date').get<HTMLInputElement>('input').element.value).toBe('1949-12-31');

    await choose(page, 'gender', 'male');
    expect(await errorOf(page, 'gender')).toBe('与证件号码中的性别不一致');
    const exposed = page.vm as unknown as Exposed;
    expect(exposed.validate().map((e) => [e.field, e.code])).toEqual([['gender', 'id_number_mismatch']]);
  });

  it('shows the student card only for students and the employer only for the others', async () => {
    const page = await render();
    expect(item(page, 'student_card').exists()).toBe(false);
    expect(item(page, 'employer').exists()).toBe(true);

    await choose(page, 'member_type', 'student');
    expect(values(page).member_type).toBe('student');
    expect(item(page, 'student_card').exists()).toBe(true);
    expect(item(page, 'employer').exists()).toBe(false);
    expect(page.find('[data-section="student"]').exists()).toBe(true);

    await choose(page, 'member_type', 'professional');
    expect(item(page, 'student_card').exists()).toBe(false);
    expect(item(page, 'employer').exists()).toBe(true);
  });

  it("shows the server's errors on their fields, and those about no shown field above the form", async () => {
    const page = await render({}, { name: '张三', id_number: '11010519491231002X' });
    await page.setProps({
      serverErrors: [
        { field: 'name', code: 'name_taken', message: '该姓名已被登记' },
        { field: 'mobile', code: 'mobile_format', message: '服务器：手机号码无效' },
        { field: 'committees', code: 'too_many', message: '最多选择5个专委会' },
      ],
    });
    await flushPromises();
    expect(await errorOf(page, 'name')).toBe('该姓名已被登记');
    expect(await errorOf(page, 'mobile')).toBe('服务器：手机号码无效');
    expect(await errorOf(page, 'id_number')).toBe('');
    expect(page.get('[data-testid="form-stray-errors"]').text()).toContain('最多选择5个专委会');

    // Changing the field hands it back to the browser's own check.
    await item(page, 'name').get('input').setValue('张');
    await item(page, 'name').get('input').trigger('blur');
    await flushPromises();
    expect(await errorOf(page, 'name')).toBe('至少填写2个字');
    expect(await errorOf(page, 'mobile')).toBe('服务器：手机号码无效');
  });

  it('validates everything on demand and returns the cleaned values', async () => {
    const page = await render();
    const form = page.vm as unknown as Exposed;
    const errors = form.validate();
    await flushPromises();
    expect(errors.map((error) => `${error.field}:${error.code}`)).toEqual([
      'name:required',
      'member_type:required',
      'id_number:required',
      'mobile:required',
      'employer:required',
    ]);
    expect(errors[0]?.message).toBe('此项为必填项');
    expect(await errorOf(page, 'employer')).toBe('此项为必填项');

    await page.setProps({
      modelValue: {
        name: ' 王五 ',
        member_type: 'student',
        id_number: '11010519491231002x',
        mobile: '+86 139-0000-0000',
        student_card: [{ id: 'u1', name: 'card.pdf', size: 1024 }],
        employer: '42',
      },
    });
    await flushPromises();
    expect(form.validate()).toEqual([]);
    expect(form.cleanedValues()).toEqual({
      name: '王五',
      member_type: 'student',
      id_number: '11010519491231002X',
      mobile: '13900000000',
      student_card: [{ id: 'u1', name: 'card.pdf', size: 1024 }],
    });
    expect(form.visibleKeys()).not.toContain('employer');
  });

  it('speaks English when asked', async () => {
    const page = await render({ locale: 'en' });
    expect(item(page, 'name').get('label').text()).toBe('Name');
    const errors = (page.vm as unknown as Exposed).validate();
    expect(errors[0]?.message).toBe('This field is required');
  });

  it('shows masked fields read-only until the user chooses to change them', async () => {
    const page = await render({ masked: { id_number: '110105********002X' } }, { name: '张三' });
    expect(item(page, 'id_number').get('[data-testid="masked-value"]').text()).toBe('110105********002X');
    expect(item(page, 'id_number').find('input').exists()).toBe(false);
    const form = page.vm as unknown as Exposed;
    expect(form.validate().map((error) => error.field)).not.toContain('id_number');

    await item(page, 'id_number').get('[data-testid="masked-change"]').trigger('click');
    await flushPromises();
    const input = item(page, 'id_number').get('input');
    await input.setValue('110105194912310021');
    await input.trigger('blur');
    await flushPromises();
    expect(await errorOf(page, 'id_number')).toContain('校验位');
  });

  it('disables locked fields and says why', async () => {
    const page = await render({ locked: ['name'] }, { name: '张三' });
    expect(item(page, 'name').get('input').attributes('disabled')).toBeDefined();
    expect(item(page, 'name').get('[data-testid="field-locked"]').text()).toContain('审核期间不可修改');
    expect(item(page, 'mobile').get('input').attributes('disabled')).toBeUndefined();
  });

  it('says why a field is locked when the page knows another reason', async () => {
    const page = await render({ locked: ['name'], lockedReasons: { name: '证书已下载，该项已锁定' } }, { name: '张三' });
    expect(item(page, 'name').get('[data-testid="field-locked"]').text()).toBe('证书已下载，该项已锁定');
  });

  it('loads the region tree once for all region fields', async () => {
    await render();
    await flushPromises();
    expect(calls.filter((call) => call.url === '/api/v1/regions')).toHaveLength(1);
  });

  it('uploads a file as the raw body with the CSRF header and keeps its id, name and size', async () => {
    handler = (method, url) =>
      method === 'POST' && url.startsWith('/api/v1/t/med/uploads')
        ? { status: 201, body: { id: 'up1', name: '学生证.pdf', size: 2048, type: 'pdf' } }
        : undefined;
    const page = await render({}, { member_type: 'student' });
    const input = item(page, 'student_card').get('input[type="file"]');
    expect(input.attributes('accept')).toContain('application/pdf');

    const file = new File([new Uint8Array(2048)], '学生证.pdf', { type: 'application/pdf' });
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    await flushPromises();
    await flushPromises();

    const upload = calls.find((call) => call.method === 'POST');
    expect(upload?.url).toBe(
      `/api/v1/t/med/uploads?form=membership&field=student_card&name=${encodeURIComponent('学生证.pdf')}`,
    );
    expect(upload?.headers.get('Content-Type')).toBe('application/pdf');
    expect(upload?.headers.get('X-CSRF-Token')).toBe('token-1');
    expect(upload?.body).toBe(file);
    expect(values(page).student_card).toEqual([{ id: 'up1', name: '学生证.pdf', size: 2048 }]);
    expect(item(page, 'student_card').find('a[href="/api/v1/t/med/uploads/up1"]').exists()).toBe(true);
  });

  it('refuses a file that is too large or of the wrong type before sending it', async () => {
    const page = await render({}, { member_type: 'student' });
    const input = item(page, 'student_card').get('input[type="file"]');
    const big = new File(['x'], 'scan.pdf', { type: 'application/pdf' });
    Object.defineProperty(big, 'size', { value: 5 * 1024 * 1024 + 1 });
    Object.defineProperty(input.element, 'files', { value: [big], configurable: true });
    await input.trigger('change');
    await flushPromises();
    expect(await errorOf(page, 'student_card')).toBe('文件不能超过5MB');

    const html = new File(['<html>'], 'page.html', { type: 'text/html' });
    Object.defineProperty(input.element, 'files', { value: [html], configurable: true });
    await input.trigger('change');
    await flushPromises();
    expect(await errorOf(page, 'student_card')).toBe('只能上传以下类型的文件：jpg, png, pdf');
    expect(calls.some((call) => call.method === 'POST')).toBe(false);
  });

  it('searches the organisation registry and keeps the chosen id', async () => {
    handler = (_method, url) =>
      url.startsWith('/api/v1/t/med/organisations?')
        ? {
            status: 200,
            body: { items: [{ id: 'org1', name: '天津市第一中心医院', credit_code: '12120000401200417L' }], total: 1 },
          }
        : undefined;
    const page = await render();
    const input = item(page, 'employer').get('input');
    await input.trigger('focus');
    await input.setValue('中心医院');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await flushPromises();
    const search = `/api/v1/t/med/organisations?q=${encodeURIComponent('中心医院')}&page=1&page_size=20`;
    expect(calls.some((call) => call.url === search)).toBe(true);
    const option = document.body.querySelector<HTMLElement>('.el-select-dropdown__item');
    expect(option?.textContent).toContain('天津市第一中心医院');
    option?.click();
    await flushPromises();
    expect(values(page).employer).toBe('org1');
  });

  it('keeps a typed employer name where freeTextWhen holds, and refuses it where it does not', async () => {
    const typing: FormDefinition = {
      ...definition,
      sections: definition.sections.map((section) => ({
        ...section,
        fields: section.fields.map((field) =>
          field.key === 'employer' ? { ...field, freeTextWhen: { not: { field: 'member_type', eq: 'professional' } } } : field,
        ),
      })),
    };
    handler = (_method, url) =>
      url.startsWith('/api/v1/t/med/organisations?') ? { status: 200, body: { items: [], total: 0 } } : undefined;
    const page = await render({ definition: typing }, { member_type: 'general' });
    const input = item(page, 'employer').get('input');
    await input.trigger('focus');
    await input.setValue('津南健康科技');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await flushPromises();
    const typed = document.body.querySelector<HTMLElement>('[data-typed="true"]');
    expect(typed?.textContent).toContain('使用“津南健康科技”');
    typed?.click();
    await flushPromises();
    expect(values(page).employer).toEqual({ name: '津南健康科技' });
    expect(item(page, 'employer').text()).toContain('津南健康科技');

    // A professional member must pick from the registry: the typed name is an error there.
    const professional = await render({ definition: typing }, { member_type: 'professional', employer: { name: '津南健康科技' } });
    const errors = (professional.vm as unknown as Exposed).validate();
    expect(errors.find((e) => e.field === 'employer')?.message).toBe(
      '工作单位只可在系统中的单位中选择；如系统中缺少您的单位，请联系协会添加',
    );
  });

  it('finds a committee member by name and keeps their account id, naming a saved one', async () => {
    const member = {
      id: 'acc1',
      name: '李委员',
      seats: [{ tenant: 'med-lung', name: { 'zh-CN': '肺癌专业委员会', en: 'Lung Cancer Committee' } }],
    };
    handler = (_method, url) =>
      url.startsWith('/api/v1/t/med/committee-members?') ? { status: 200, body: { items: [member] } } : undefined;
    const page = await render();
    const input = item(page, 'committee_recommender').get('input');
    await input.trigger('focus');
    await input.setValue('李');
    await new Promise((resolve) => setTimeout(resolve, 400));
    await flushPromises();
    expect(calls.some((call) => call.url === `/api/v1/t/med/committee-members?q=${encodeURIComponent('李')}`)).toBe(true);
    const option = [...document.body.querySelectorAll<HTMLElement>('[data-testid="committee-member-option"]')].pop();
    expect(option?.textContent).toContain('李委员');
    expect(option?.textContent).toContain('肺癌专业委员会');
    option?.click();
    await flushPromises();
    expect(values(page).committee_recommender).toBe('acc1');

    // A saved value shows the person's name, fetched by id.
    handler = (_method, url) =>
      url === '/api/v1/t/med/committee-members/acc2'
        ? { status: 200, body: { id: 'acc2', name: '王委员', seats: [] } }
        : undefined;
    const saved = await render({}, { committee_recommender: 'acc2' });
    await flushPromises();
    expect(item(saved, 'committee_recommender').text()).toContain('王委员');
  });
});
