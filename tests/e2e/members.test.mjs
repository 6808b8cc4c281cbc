// Issue #5's member list in the browser on the medical demo tenant: two members, made through
// the API by approved join applications, are found and filtered on the console's 会员 page
// (member type, region, search, status); the admin opens one, reads the application's history,
// freezes the member for false data with the violation required and recorded, and downloads the
// filtered list as Excel, read back with openpyxl. Runs on SQLite, and on MariaDB when
// GUILDHALL_E2E_DB=mysql (ctest registers both).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  becomeAdmin,
  canvasPng,
  cookieValue,
  kDesktop,
  kPhone,
  launchBrowser,
  newContext,
  registerMember,
  startServer,
} from './harness.mjs';

const kSlug = 'med';
const kPassword = 'Members-Test-2026';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (rest) => `${server.baseUrl}/api/v1/t/${kSlug}${rest}`;

async function csrfHeaders(context) {
  await context.request.get(`${server.baseUrl}/api/v1/auth/csrf`);
  return { 'X-CSRF-Token': (await cookieValue(context, server.baseUrl, 'gh_csrf')) ?? '' };
}

async function upload(context, page, form, field) {
  const response = await context.request.post(api(`/uploads?form=${form}&field=${field}&name=scan.png`), {
    data: await canvasPng(page),
    headers: { ...(await csrfHeaders(context)), 'Content-Type': 'image/png' },
  });
  assert.equal(response.status(), 201, await response.text());
  return response.json();
}

// A member of med: registered, a complete profile, a join application of `memberType`
// (recommended by the administrator, so the association reviews it alone) approved by `admin`.
async function makeMember(admin, { mobile, name, idNumber, region, employer, memberType }) {
  const context = await newContext(browser, kDesktop, server.baseUrl);
  await registerMember(context, server, kSlug, { mobile, password: kPassword });
  const page = await context.newPage();
  await page.goto(`/t/${kSlug}/`);
  const profile = await context.request.put(api('/profile'), {
    data: {
      values: {
        photo: [await upload(context, page, 'profile', 'photo')],
        name,
        ethnicity: 'han',
        party: 'none',
        id_type: 'resident_id',
        id_number: idNumber,
        mobile,
        email: `${mobile}@example.org`,
        education: 'masters',
        employer,
        department: '肿瘤内科',
        position: '医师',
        title: 'junior_medical',
        region,
        address: '示例路 5 号',
      },
    },
    headers: await csrfHeaders(context),
  });
  assert.equal(profile.status(), 200, await profile.text());

  // The join form repeats the profile's sections; the server copies in the protected values
  // the profile only shows masked.
  const { values } = await (await context.request.get(api('/profile'))).json();
  delete values.id_number;
  delete values.mobile;
  const joining = {
    committees: ['med-lung'],
    member_type: memberType,
    recommend_method: 'admin',
    stamped_form: [await upload(context, page, 'join', 'stamped_form')],
  };
  if (memberType === 'student') {
    joining.student_card = [await upload(context, page, 'join', 'student_card')];
    joining.student_card_valid_until = '2030-07-01';
  }
  const created = await context.request.post(api('/applications'), {
    data: { kind: 'join', values: { ...values, ...joining } },
    headers: await csrfHeaders(context),
  });
  assert.equal(created.status(), 201, await created.text());
  const draft = await created.json();
  const submitted = await context.request.post(api(`/applications/${draft.id}/submit`), {
    data: { version: draft.version },
    headers: await csrfHeaders(context),
  });
  assert.equal(submitted.status(), 200, await submitted.text());
  const approved = await admin.request.post(api(`/applications/${draft.id}/decisions`), {
    data: { action: 'approve', reason: '', version: (await submitted.json()).version },
    headers: await csrfHeaders(admin),
  });
  assert.equal(approved.status(), 200, await approved.text());
  await page.close();
  return context;
}

// The rows of the workbook at `file`, as text, dates as "date:YYYY-MM-DD".
async function workbookRows(file) {
  const script = [
    'import openpyxl, sys',
    'ws = openpyxl.load_workbook(sys.argv[1]).active',
    'for row in ws.iter_rows():',
    "    print('|'.join(('date:' + c.value.date().isoformat()) if c.is_date else str(c.value) for c in row))",
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.env.GUILDHALL_PYTHON ?? '/usr/bin/python3', ['-c', script, file]);
  return stdout.trim().split('\n');
}

describe('the admins\' member list', () => {
  test('filter, open, freeze with a reason, export', async () => {
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const employers = {};
    for (const name of ['津门名单示例医院', '京华名单示例医院']) {
      const created = await admin.request.post(api('/admin/organisations'), {
        data: { name, credit_code: '' },
        headers: await csrfHeaders(admin),
      });
      assert.equal(created.status(), 201, await created.text());
      employers[name] = (await created.json()).id;
    }
    const jia = await makeMember(admin, {
      mobile: '13700000601',
      name: '名单会员甲',
      idNumber: '120101198503070015',
      region: ['120000', '120100', '120101'],
      employer: employers['津门名单示例医院'],
      memberType: 'general',
    });
    const yi = await makeMember(admin, {
      mobile: '13700000602',
      name: '名单会员乙',
      idNumber: '110105199008150024',
      region: ['110000', '110100', '110105'],
      employer: employers['京华名单示例医院'],
      memberType: 'student',
    });

    const console = await admin.newPage();
    await console.goto(`/t/${kSlug}/admin/members`);
    const names = console.getByTestId('member-name');
    const shown = async (expected) => {
      // Each filter reloads the list; wait until it shows exactly these.
      for (const name of expected) await names.filter({ hasText: name }).waitFor();
      await console.waitForFunction(
        (count) => document.querySelectorAll('[data-testid="member-name"]').length === count,
        expected.length,
      );
      assert.deepEqual((await names.allTextContents()).sort(), [...expected].sort());
    };
    await shown(['名单会员甲', '名单会员乙']);
    assert.match(await console.getByTestId('member-number').first().textContent(), /^HX\d{4}00\d{6}$/);

    // By member type: the select's options live in the listbox its input controls.
    await console.getByTestId('members-type').locator('.el-select__wrapper').click();
    const types = console.locator(`[id="${await console.getByTestId('members-type').locator('input').getAttribute('aria-controls')}"]`);
    await types.locator('.el-select-dropdown__item', { hasText: '学生会员' }).click();
    await shown(['名单会员乙']);
    await console.getByTestId('members-reset').click();
    await shown(['名单会员甲', '名单会员乙']);

    // By region: a province stands for its cities and districts.
    await console.getByTestId('members-region').locator('.el-cascader').click();
    await console.locator('.el-cascader-node:visible', { hasText: '天津市' }).first().locator('.el-radio').click();
    await console.keyboard.press('Escape');
    await shown(['名单会员甲']);
    await console.getByTestId('members-reset').click();

    // By name, then the member's page: the application and its history.
    await console.getByTestId('members-q').fill('名单会员甲');
    await console.getByTestId('members-search').click();
    await shown(['名单会员甲']);
    await console.getByTestId('member-open').first().click();
    const drawer = console.getByTestId('member-drawer');
    // The membership application, beside the reviews of the committees it named.
    const joined = drawer.getByTestId('member-application').filter({ hasText: '医护会员入会申请' });
    await joined.waitFor();
    assert.match(await joined.textContent(), /审核通过/);
    assert.equal((await drawer.getByTestId('drawer-account-status').textContent()).trim(), '正常');

    // Freezing needs the violation; with it, the record, the membership and the account.
    await drawer.getByTestId('member-freeze').click();
    const dialog = console.getByTestId('freeze-dialog');
    await dialog.getByTestId('freeze-confirm').click();
    await dialog.getByText('请填写违规情况，将记入该会员的记录。').waitFor();
    await dialog.getByTestId('freeze-reason').fill('执业证书系伪造');
    await dialog.getByTestId('freeze-confirm').click();
    await drawer.getByTestId('member-violation').filter({ hasText: '执业证书系伪造' }).waitFor();
    assert.equal(await drawer.getByTestId('drawer-member-status').first().textContent(), '已冻结');
    assert.equal((await drawer.getByTestId('drawer-account-status').textContent()).trim(), '账号已冻结');
    assert.ok(await drawer.getByTestId('member-freeze').isDisabled(), 'nothing left to freeze');
    await console.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    assert.equal((await jia.request.get(`${server.baseUrl}/api/v1/auth/me`)).status(), 401, 'the session ended');
    const again = await jia.request.post(api('/auth/sign-in'), {
      data: { mobile: '13700000601', password: kPassword },
      headers: await csrfHeaders(jia),
    });
    assert.notEqual(again.status(), 200, 'a frozen member cannot sign in');

    // The frozen members, downloaded with that filter.
    await console.getByTestId('members-reset').click();
    await console.getByTestId('members-status').locator('.el-select__wrapper').click();
    const statuses = console.locator(`[id="${await console.getByTestId('members-status').locator('input').getAttribute('aria-controls')}"]`);
    await statuses.locator('.el-select-dropdown__item', { hasText: '已冻结' }).click();
    await shown(['名单会员甲']);
    const [download] = await Promise.all([console.waitForEvent('download'), console.getByTestId('members-export').click()]);
    assert.match(download.suggestedFilename(), /^会员名单-med-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'guildhall-members-'));
    try {
      const file = path.join(dir, 'members.xlsx');
      await download.saveAs(file);
      const rows = await workbookRows(file);
      assert.equal(rows[0], '姓名|性别|会员类型|会员编号|状态|所属机构|所在地区|工作单位|入会日期|有效期至');
      assert.equal(rows.length, 2, rows.join('\n'));
      const cells = rows[1].split('|');
      assert.deepEqual(cells.slice(0, 3), ['名单会员甲', '男', '普通会员']);
      assert.match(cells[3], /^HX\d{4}00\d{6}$/);
      assert.deepEqual(cells.slice(4, 8), ['已冻结', '华夏肿瘤防治医学会', '天津市 / 市辖区 / 和平区', '津门名单示例医院']);
      assert.match(cells[8], /^date:\d{4}-\d{2}-\d{2}$/);
      assert.match(cells[9], /^date:\d{4}-\d{2}-\d{2}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // On a phone the filters stack and nothing runs off the side.
    const phone = await newContext(browser, kPhone, server.baseUrl);
    await becomeAdmin(phone, server, kSlug);
    const small = await phone.newPage();
    await small.goto(`/t/${kSlug}/admin/members`);
    await small.getByTestId('member-name').first().waitFor();
    const widths = await small.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      view: window.innerWidth,
      search: document.querySelector('[data-testid="members-q"]').getBoundingClientRect().width,
    }));
    assert.ok(widths.page <= widths.view, `the page is ${widths.page}px wide on a ${widths.view}px screen`);
    assert.ok(widths.search > widths.view * 0.6, 'the search box takes the row');

    assert.deepEqual(admin.errors, []);
    assert.deepEqual(phone.errors, []);
    assert.deepEqual(yi.errors, []);
    await phone.close();
    await jia.close();
    await yi.close();
    await admin.close();
  });
});
