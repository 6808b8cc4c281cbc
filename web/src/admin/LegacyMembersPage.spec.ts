import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ElSelect } from 'element-plus';
import { createAppI18n } from '@/i18n';
import { useTenantStore } from '@/stores/tenant';
import type { LegacyEntry, RosterReport, RosterRow } from '@/api/legacy';
import type { Tenant } from '@/api/types';
import { parseCsv } from './sheet';
import LegacyMembersPage from './LegacyMembersPage.vue';

const med: Tenant = {
  slug: 'med',
  realm: 'med',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '华夏医学会', en: 'Cathay Medical Association' },
  shortName: { 'zh-CN': '华医', en: 'CMA' },
  defaultLocale: 'zh-CN',
  branding: { primaryColor: '#b71c1c', logoText: '华医' },
  memberTypes: [{ key: 'general', name: { 'zh-CN': '普通会员', en: 'General member' } }],
  children: [],
};

const entry: LegacyEntry = {
  id: 'l1',
  tenant: 'med',
  memberNumber: 'ZK2019000101',
  certificateNumber: 'M16500002054A',
  name: '原会员甲',
  memberType: 'general',
  memberTypeName: '普通会员',
  mobile: '180****0101',
  joinedOn: '2019-03-01',
  validUntil: '2027-12-31',
  status: 'pending',
  applicationId: null,
  activatedAt: null,
  importedAt: '2026-11-22T02:00:00Z',
};

const kColumns = {
  items: [
    { header: '姓名', target: 'name', required: true },
    { header: '手机号', target: 'mobile', required: true },
    { header: '会员编号', target: 'member_number', required: true },
    { header: '会员类型', target: 'member_type', required: true },
    { header: '证书编号', target: 'certificate_number', required: false },
  ],
  maxRows: 2000,
};

const kImport = '/api/v1/t/med/admin/legacy-members/import';

type Reply = { status: number; body?: unknown };
type ImportBody = { header: string[]; rows: RosterRow[]; dryRun: boolean };
let handler: (method: string, url: string, body: unknown) => Reply | undefined | Promise<Reply | undefined>;
let calls: { method: string; url: string; body: unknown }[];
let saved: { name: string; text: Promise<string> }[];
let wrapper: VueWrapper | null = null;

beforeEach(() => {
  calls = [];
  saved = [];
  handler = () => undefined;
  document.cookie = 'gh_csrf=token-1; path=/';
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method, url, body });
      const reply = (await handler(method, url, body)) ?? defaults(method, url, body);
      return new Response(reply.body === undefined ? null : JSON.stringify(reply.body), {
        status: reply.status,
        headers: { 'Content-Type': reply.status < 400 ? 'application/json' : 'application/problem+json' },
      });
    }),
  );
  const blobs = new Map<string, Blob>();
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${blobs.size + 1}`;
    blobs.set(url, blob as Blob);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, text: blobs.get(this.href)?.text() ?? Promise.resolve('') });
  });
});

afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

/** The server's answer to a part: every row created, except those a test names. */
function created(body: ImportBody, extra: Partial<RosterReport> = {}): Reply {
  return {
    status: 200,
    body: { created: body.rows.length, updated: 0, unchanged: 0, skipped: 0, errors: [], warnings: [], ignoredColumns: [], dryRun: body.dryRun, ...extra },
  };
}

function defaults(method: string, url: string, body: unknown): Reply {
  if (url === '/api/v1/auth/csrf') return { status: 204 };
  if (method === 'GET' && url.startsWith('/api/v1/t/med/admin/legacy-members?')) return { status: 200, body: { items: [entry], total: 1, page: 1, pageSize: 20 } };
  if (method === 'GET' && url === '/api/v1/t/med/admin/legacy-members/columns') return { status: 200, body: kColumns };
  if (method === 'POST' && url === kImport) return created(body as ImportBody);
  return { status: 404, body: { status: 404, code: 'not_found' } };
}

async function open(): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/t/:slug/admin/legacy-members', component: LegacyMembersPage }] });
  await router.push('/t/med/admin/legacy-members');
  await router.isReady();
  const pinia = createPinia();
  setActivePinia(pinia);
  useTenantStore().tenant = med;
  wrapper = mount(LegacyMembersPage, { global: { plugins: [pinia, createAppI18n('zh-CN'), router] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector);
const text = (selector: string) => $(selector)?.textContent?.trim() ?? '';

async function click(selector: string) {
  const element = $(selector);
  if (!element) throw new Error(`no ${selector}`);
  element.click();
  await flushPromises();
}

/** A roster of `n` rows as a CSV file; `change` rewrites the cells of a data row (0-based). */
function rosterFile(n: number, change: (i: number, cells: string[]) => void = () => {}): File {
  const lines = ['华夏医学会原会员名单', '姓名,手机号,会员编号,会员类型'];
  for (let i = 0; i < n; i += 1) {
    const cells = [`会员${i}`, `139${String(i).padStart(8, '0')}`, `ZK${String(i).padStart(6, '0')}`, '普通会员'];
    change(i, cells);
    lines.push(cells.join(','));
  }
  return new File([`\ufeff${lines.join('\r\n')}\r\n`], 'roster.csv', { type: 'text/csv' });
}

async function chooseFile(file: File) {
  await click('[data-testid="legacy-import"]');
  const input = $('[data-testid="legacy-file"]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await vi.waitFor(() => expect(text('[data-testid="legacy-file-rows"]')).not.toBe(''));
}

const imports = () => calls.filter((call) => call.method === 'POST' && call.url === kImport).map((call) => call.body as ImportBody);

function issueRows(): string[][] {
  return [...document.querySelectorAll('[data-testid="legacy-issues"] .el-table__body tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? ''),
  );
}

describe('the legacy roster list', () => {
  it('lists the roster, searches by name or number and status, and resets', async () => {
    const page = await open();
    expect(text('[data-testid="legacy-number"]')).toBe('ZK2019000101');
    expect(text('[data-testid="legacy-name"]')).toBe('原会员甲');
    expect(text('[data-testid="legacy-status"]')).toBe('待激活');
    expect($('[data-testid="legacy-table"]')?.textContent).toContain('180****0101');
    await page.get('[data-testid="legacy-search-q"]').setValue('原会员');
    page.findComponent(ElSelect).vm.$emit('update:modelValue', 'activated');
    await click('[data-testid="legacy-search-submit"]');
    expect(calls.at(-1)?.url).toBe(`/api/v1/t/med/admin/legacy-members?q=${encodeURIComponent('原会员')}&status=activated&page=1&pageSize=20`);
    calls = [];
    await click('[data-testid="legacy-search-reset"]');
    expect(calls.map((call) => call.url)).toEqual(['/api/v1/t/med/admin/legacy-members?page=1&pageSize=20']);
  });

  it('offers a template of the columns the server reads, as CSV with a byte-order mark', async () => {
    await open();
    await click('[data-testid="legacy-template"]');
    expect(saved.map((file) => file.name)).toEqual(['原会员导入模板.csv']);
    expect(await saved[0]!.text).toBe('\ufeff姓名,手机号,会员编号,会员类型,证书编号\r\n');
  });
});

describe('importing a roster', () => {
  it('shows the accepted types and the required columns before a file is chosen', async () => {
    await open();
    await click('[data-testid="legacy-import"]');
    expect($('[data-testid="legacy-import-dialog"]')?.textContent).toContain('.xlsx 和 .csv');
    expect(text('[data-testid="legacy-required"]')).toBe('必填列：姓名手机号会员编号会员类型');
    expect(($('[data-testid="legacy-run"]') as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends the rows in parts of 500, one after another, and reports every row of the file', async () => {
    let inFlight = 0;
    handler = async (method, url, body) => {
      if (method !== 'POST' || url !== kImport) return undefined;
      inFlight += 1;
      expect(inFlight).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      const part = body as ImportBody;
      // Row 3 of the file has no mobile; row 1203 an ID number with a bad check digit.
      const refused = part.rows.filter((row) => row.row === 3);
      return created(part, {
        created: part.rows.length - refused.length,
        skipped: refused.length,
        errors: refused.map((row) => ({ row: row.row, column: '手机号', code: 'required', message: '缺少手机号：原会员凭手机号和短信验证码登录激活' })),
        warnings: part.rows
          .filter((row) => row.row === 1203)
          .map((row) => ({ row: row.row, column: '证件号码', code: 'id_checksum', message: '证件号码校验位不正确（未导入，会员激活时再填写）' })),
        ignoredColumns: [],
      });
    };
    await open();
    // Row 1 is a title, row 2 the header: data row i is row i + 3. Data row 1150 repeats row 13's number.
    await chooseFile(
      rosterFile(1201, (i, cells) => {
        if (i === 0) cells[1] = '';
        if (i === 1150) cells[2] = 'ZK000010';
      }),
    );
    expect(text('[data-testid="legacy-file-rows"]')).toBe('roster.csv：共 1201 行');
    expect(text('[data-testid="legacy-duplicates"]')).toContain('有 1 行的会员编号与前面的行重复');

    await click('[data-testid="legacy-run"]');
    await vi.waitFor(() => expect(text('[data-testid="legacy-outcome"]')).toContain('导入完成'));
    const parts = imports();
    expect(parts.map((part) => part.rows.length)).toEqual([500, 500, 200]);
    expect(parts.every((part) => part.dryRun === false && part.header.join() === '姓名,手机号,会员编号,会员类型')).toBe(true);
    expect(parts[0]?.rows[0]).toEqual({ row: 3, cells: ['会员0', '', 'ZK000000', '普通会员'] });
    // The duplicate is never sent: the server would take it as an update of row 13.
    expect(parts.flatMap((part) => part.rows).some((row) => row.row === 1153)).toBe(false);
    expect(text('[data-testid="legacy-progress-text"]')).toBe('已处理 1200 / 1200 行');

    expect(text('[data-testid="legacy-created"]')).toBe('新增 1199');
    expect(text('[data-testid="legacy-skipped"]')).toBe('未导入 2');
    expect(issueRows()).toEqual([
      ['3', '手机号', '缺少手机号：原会员凭手机号和短信验证码登录激活', '错误'],
      ['1153', '会员编号', '会员编号“ZK000010”与第 13 行重复，未导入', '错误'],
      ['1203', '证件号码', '证件号码校验位不正确（未导入，会员激活时再填写）', '提示'],
    ]);
    expect($('[data-testid="legacy-issues"] .issue-error')).not.toBeNull();
    expect($('[data-testid="legacy-issues"] .issue-warning')).not.toBeNull();

    await click('[data-testid="legacy-report-download"]');
    expect(saved.map((file) => file.name)).toEqual(['原会员导入报告-roster.csv']);
    expect(parseCsv(await saved[0]!.text)).toEqual([
      ['行号', '列', '类型', '问题'],
      ['3', '手机号', '错误', '缺少手机号：原会员凭手机号和短信验证码登录激活'],
      ['1153', '会员编号', '错误', '会员编号“ZK000010”与第 13 行重复，未导入'],
      ['1203', '证件号码', '提示', '证件号码校验位不正确（未导入，会员激活时再填写）'],
    ]);
  });

  it('pages through a report of thousands of lines and filters it by type', async () => {
    handler = (method, url, body) => {
      if (method !== 'POST' || url !== kImport) return undefined;
      const part = body as ImportBody;
      return created(part, {
        warnings: part.rows.map((row) => ({ row: row.row, column: '邮箱', code: 'invalid_email', message: '邮箱格式不正确' })),
      });
    };
    await open();
    await chooseFile(rosterFile(3000));
    await click('[data-testid="legacy-run"]');
    await vi.waitFor(() => expect(text('[data-testid="legacy-outcome"]')).toContain('导入完成'));
    expect(issueRows()).toHaveLength(20);
    expect($('[data-testid="legacy-issues-pager"]')?.textContent).toContain('3000');
    expect(text('[data-testid="legacy-filter-warnings"]')).toBe('提示（3000）');
    expect(text('[data-testid="legacy-filter-errors"]')).toBe('错误（0）');
  });

  it('shows the message of a refused header and imports nothing', async () => {
    handler = (method, url) =>
      method === 'POST' && url === kImport
        ? {
            status: 422,
            body: {
              status: 422,
              code: 'form_invalid',
              detail: '请检查提交的内容。',
              errors: [{ field: 'header', code: 'columns_missing', message: '名单缺少必填列：手机号。请按导入模板的表头整理后再导入。' }],
            },
          }
        : undefined;
    await open();
    await chooseFile(rosterFile(800));
    await click('[data-testid="legacy-run"]');
    await vi.waitFor(() => expect($('[data-testid="legacy-header-error"]')).not.toBeNull());
    expect(text('[data-testid="legacy-header-error"]')).toContain('名单缺少必填列：手机号。请按导入模板的表头整理后再导入。');
    expect(imports()).toHaveLength(1);
    expect($('[data-testid="legacy-report"]')).toBeNull();
    expect($('[data-testid="legacy-outcome"]')).toBeNull();
  });

  it('says that the parts before a failed one stay imported', async () => {
    handler = (method, url, body) =>
      method === 'POST' && url === kImport && (body as ImportBody).rows[0]!.row > 3
        ? { status: 500, body: { status: 500, code: 'internal' } }
        : undefined;
    await open();
    await chooseFile(rosterFile(1200));
    await click('[data-testid="legacy-run"]');
    await vi.waitFor(() => expect($('[data-testid="legacy-outcome"]')).not.toBeNull());
    expect(imports()).toHaveLength(2);
    expect(text('[data-testid="legacy-outcome"]')).toContain('第 503–1002 行这一批导入失败');
    expect(text('[data-testid="legacy-outcome"]')).toContain('此前已处理的 500 行已导入并保存');
    expect(text('[data-testid="legacy-created"]')).toBe('新增 500');
  });

  it('stops after the part under way when cancelled', async () => {
    let release: () => void = () => {};
    handler = async (method, url, body) => {
      if (method !== 'POST' || url !== kImport) return undefined;
      await new Promise<void>((resolve) => (release = resolve));
      return created(body as ImportBody);
    };
    await open();
    await chooseFile(rosterFile(1200));
    await click('[data-testid="legacy-run"]');
    await vi.waitFor(() => expect(imports()).toHaveLength(1));
    expect(text('[data-testid="legacy-progress-text"]')).toBe('已处理 0 / 1200 行');
    await click('[data-testid="legacy-cancel"]');
    release();
    await vi.waitFor(() => expect($('[data-testid="legacy-outcome"]')).not.toBeNull());
    expect(imports()).toHaveLength(1);
    expect(text('[data-testid="legacy-outcome"]')).toContain('已取消：已处理 500 / 1200 行');
    expect(text('[data-testid="legacy-created"]')).toBe('新增 500');
  });

  it('checks the first part without writing when asked', async () => {
    await open();
    await chooseFile(rosterFile(1200));
    expect(text('[data-testid="legacy-dry-run"]')).toBe('预检前 500 行');
    await click('[data-testid="legacy-dry-run"]');
    await vi.waitFor(() => expect($('[data-testid="legacy-report"]')).not.toBeNull());
    expect(imports().map((part) => [part.rows.length, part.dryRun])).toEqual([[500, true]]);
    expect($('[data-testid="legacy-report"] h4')?.textContent?.trim()).toBe('预检结果（前 500 行，尚未写入）');
    expect(($('[data-testid="legacy-run"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('refuses a file it cannot read, in red', async () => {
    await open();
    await click('[data-testid="legacy-import"]');
    const input = $('[data-testid="legacy-file"]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['not a workbook'], 'roster.xls')], configurable: true });
    input.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect($('[data-testid="legacy-file-problem"]')).not.toBeNull());
    expect(text('[data-testid="legacy-file-problem"]')).toBe('无法读取该文件，请选择 .xlsx 或 .csv 文件。');
    expect(text('[data-testid="legacy-import-dialog"] .el-alert--error')).toBe('无法读取该文件，请选择 .xlsx 或 .csv 文件。');
  });
});
