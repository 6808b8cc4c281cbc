// Issue #4 in the browser and over HTTP: the medical tenant's long profile form drawn from its
// YAML with every control type, checked in the browser and decided by the server; uploads that
// are too big, lie about their type, declare absurd dimensions or carry GPS data; and files that
// only their owner and the tenant's reviewers may fetch. Runs on SQLite, and on MariaDB when
// GUILDHALL_E2E_DB=mysql (ctest registers both).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  becomeAdmin,
  canvasPng,
  cookieValue,
  databaseDump,
  kDesktop,
  launchBrowser,
  newContext,
  registerMember,
  signInThroughApi,
  startServer,
} from './harness.mjs';

const kSlug = 'med';
const kPassword = 'Forms-Test-2026';
// A valid resident ID number (GB 11643 check digit), and the seed manual's sample whose check
// digit is wrong.
const kIdNumber = '11010519491231002X';
const kBadIdNumber = '120101200801014522';
const kOtherIdNumber = '120101198409301235';
const kStaffViewIdNumber = '120102197506150039';

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

async function csrfHeaders(context) {
  await context.request.get(`${server.baseUrl}/api/v1/auth/csrf`);
  return { 'X-CSRF-Token': (await cookieValue(context, server.baseUrl, 'gh_csrf')) ?? '' };
}

async function member(mobile) {
  const context = await newContext(browser, kDesktop, server.baseUrl);
  await registerMember(context, server, kSlug, { mobile, password: kPassword });
  return context;
}

async function upload(context, { form = 'profile', field = 'photo', name, type, body, slug = kSlug }) {
  const query = new URLSearchParams({ form, field, name }).toString();
  return context.request.post(`${server.baseUrl}/api/v1/t/${slug}/uploads?${query}`, {
    data: body,
    headers: { ...(await csrfHeaders(context)), 'Content-Type': type },
  });
}

// CRC-32 as PNG chunks need it.
function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function pngDeclaring(width, height) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const kGpsMarker = 'GH-GPS-MARKER-31.2304N';

// A real JPEG drawn by Chromium, with an APP1 Exif segment spliced in after SOI that holds a GPS
// IFD (GPSLatitudeRef "N") and a marker string, as a phone's camera would write.
async function jpegWithGps(page) {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 48;
    const g = canvas.getContext('2d');
    g.fillStyle = '#3366cc';
    g.fillRect(0, 0, 64, 48);
    g.fillStyle = '#ffcc00';
    g.fillRect(10, 10, 20, 20);
    return canvas.toDataURL('image/jpeg', 0.9);
  });
  const jpeg = Buffer.from(dataUrl.split(',')[1], 'base64');
  const tiff = Buffer.concat([
    Buffer.from('MM\x00\x2a\x00\x00\x00\x08', 'latin1'),
    // IFD0: one entry, GPSInfo (0x8825) LONG 1 -> offset 26; next IFD 0.
    Buffer.from([0x00, 0x01, 0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1a, 0, 0, 0, 0]),
    // GPS IFD: GPSLatitudeRef (0x0001) ASCII 2 "N"; next IFD 0.
    Buffer.from([0x00, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x4e, 0x00, 0x00, 0x00, 0, 0, 0, 0]),
    Buffer.from(kGpsMarker, 'latin1'),
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\x00\x00', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

describe('uploads', () => {
  test('refuse oversized, disguised and pixel-bomb files, strip GPS, and serve only those allowed', async () => {
    const owner = await member('13700000101');
    const stranger = await member('13700000102');
    const page = await owner.newPage();
    await page.goto(`/t/${kSlug}/`);

    // 21 MB for a field allowing 20 MB: refused from Content-Length with 413.
    const big = await upload(owner, {
      form: 'join',
      field: 'stamped_form',
      name: 'scan.pdf',
      type: 'application/pdf',
      body: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024, 0x20)]),
    });
    assert.equal(big.status(), 413, await big.text());

    // An HTML page renamed .jpg: the magic bytes decide, 415.
    const html = await upload(owner, {
      name: 'photo.jpg',
      type: 'image/jpeg',
      body: Buffer.from('<!doctype html><script>alert(1)</script>'),
    });
    assert.equal(html.status(), 415, await html.text());
    assert.equal((await html.json()).code, 'upload_type_mismatch');

    // A PNG whose header declares 30000 x 30000 pixels: refused before any decoding, 422.
    const bomb = await upload(owner, { name: 'bomb.png', type: 'image/png', body: pngDeclaring(30000, 30000) });
    assert.equal(bomb.status(), 422, await bomb.text());
    assert.equal((await bomb.json()).code, 'upload_image_too_large');

    // A JPEG carrying GPS EXIF: accepted, stored re-encoded without any of it.
    const original = await jpegWithGps(page);
    assert.ok(original.includes(Buffer.from(kGpsMarker)), 'the fixture carries the marker');
    const stored = await upload(owner, { name: '证件照.jpg', type: 'image/jpeg', body: original });
    assert.equal(stored.status(), 201, await stored.text());
    const file = await stored.json();
    assert.deepEqual([file.type, file.width, file.height], ['jpg', 64, 48]);

    const url = `${server.baseUrl}/api/v1/t/${kSlug}/uploads/${file.id}`;
    const mine = await owner.request.get(url);
    assert.equal(mine.status(), 200);
    assert.equal(mine.headers()['x-content-type-options'], 'nosniff');
    assert.equal(mine.headers()['content-type'], 'image/jpeg');
    assert.match(mine.headers()['content-disposition'], /^inline; filename\*=UTF-8''%E8%AF%81/);
    const bytes = await mine.body();
    assert.deepEqual([...bytes.subarray(0, 2)], [0xff, 0xd8]);
    assert.ok(!bytes.includes(Buffer.from('Exif')), 'no EXIF segment is left');
    assert.ok(!bytes.includes(Buffer.from(kGpsMarker)), 'no GPS data is left');

    // Another member, an anonymous visitor, and the right id through another tenant: nothing.
    assert.equal((await stranger.request.get(url)).status(), 404);
    const anonymous = await newContext(browser, kDesktop, server.baseUrl);
    assert.equal((await anonymous.request.get(url)).status(), 401);
    assert.equal((await owner.request.get(url.replace(`/t/${kSlug}/`, '/t/pcb/'))).status(), 404);

    // The tenant's admin may see it (reviewing is their job).
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    assert.equal((await admin.request.get(url)).status(), 200);

    // The uploaded file cannot be claimed in someone else's profile.
    const claimed = await stranger.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/profile`, {
      data: { values: { photo: [{ id: file.id, name: 'x.jpg', size: file.size }] } },
      headers: await csrfHeaders(stranger),
    });
    assert.equal(claimed.status(), 422);
    const claimErrors = (await claimed.json()).errors;
    assert.ok(claimErrors.some((e) => e.field === 'photo' && e.code === 'upload_unknown'), JSON.stringify(claimErrors));

    for (const context of [owner, stranger, anonymous, admin]) await context.close();
  });
});

describe('staff view of a profile', () => {
  test("reviewers and admins see a member's profile masked, reveal the ID number through the audit log, and see the scans; nobody else does", async () => {
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const created = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: '津门审阅示例医院', credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(created.status(), 201, await created.text());

    const subject = await member('13700000401');
    const subjectPage = await subject.newPage();
    await subjectPage.goto(`/t/${kSlug}/`);
    const photo = await upload(subject, { name: 'me.png', type: 'image/png', body: await canvasPng(subjectPage) });
    assert.equal(photo.status(), 201, await photo.text());
    const photoFile = await photo.json();
    const saved = await subject.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/profile`, {
      data: {
        values: {
          photo: [photoFile],
          name: '受审会员',
          ethnicity: 'han',
          party: 'none',
          id_type: 'resident_id',
          id_number: kStaffViewIdNumber,
          mobile: '13700000401',
          email: 'subject@example.org',
          education: 'masters',
          employer: (await created.json()).id,
          department: '胸外科',
          position: '医师',
          title: 'junior_medical',
          region: ['120000', '120100', '120101'],
          address: '天津市和平区示例路 3 号',
        },
      },
      headers: await csrfHeaders(subject),
    });
    assert.equal(saved.status(), 200, await saved.text());
    // Filled by the server from the ID number.
    assert.deepEqual([(await saved.json()).values.birth_date, (await saved.json()).values.gender], ['1975-06-15', 'male']);
    const subjectId = (await (await subject.request.get(`${server.baseUrl}/api/v1/auth/me`)).json()).account.id;
    const profileUrl = `${server.baseUrl}/api/v1/t/${kSlug}/profiles/${subjectId}`;
    const photoUrl = `${server.baseUrl}/api/v1/t/${kSlug}/uploads/${photoFile.id}`;

    // The admin, in the console: the accounts list → 资料 → the profile, masked; 查看完整 once.
    const page = await admin.newPage();
    await page.goto(`/t/${kSlug}/admin/accounts`);
    await page.getByTestId('search-q').fill('13700000401');
    await page.getByTestId('search-submit').click();
    const row = page.locator('[data-testid="account-table"] .el-table__body tr').filter({ hasText: '137****0401' });
    await row.getByTestId('view-profile').click();
    const drawer = page.getByTestId('profile-drawer');
    const idItem = drawer.locator('[data-field="id_number"]');
    await idItem.getByTestId('masked-value').filter({ hasText: '120102********0039' }).waitFor();
    assert.equal(await drawer.locator('[data-field="name"] input').inputValue(), '受审会员');
    assert.ok(await drawer.locator('[data-field="name"] input').isDisabled());
    assert.equal(await drawer.locator('[data-field="birth_date"] input').inputValue(), '1975-06-15');
    await drawer.locator('[data-field="photo"] img').first().waitFor();
    await idItem.getByTestId('masked-reveal').click();
    await idItem.getByTestId('masked-value').filter({ hasText: kStaffViewIdNumber }).waitFor();
    assert.equal(await idItem.getByTestId('masked-reveal').count(), 0);
    const audit = await (
      await admin.request.get(`${server.baseUrl}/api/v1/t/${kSlug}/admin/audit?event=profile_revealed`)
    ).json();
    const entry = audit.items.find((item) => item.subject === subjectId);
    assert.ok(entry, JSON.stringify(audit.items));
    assert.notEqual(entry.actor, subjectId);
    assert.deepEqual(entry.detail, { field: 'id_number' });

    // A reviewer of the tenant: the same, over HTTP, and the scans too.
    const reviewer = await member('13700000402');
    const reviewerId = (await (await reviewer.request.get(`${server.baseUrl}/api/v1/auth/me`)).json()).account.id;
    const granted = await admin.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/admin/accounts/${reviewerId}/roles`, {
      data: { roles: [{ tenant: kSlug, role: 'member' }, { tenant: kSlug, role: 'reviewer' }] },
      headers: await csrfHeaders(admin),
    });
    assert.equal(granted.status(), 204, await granted.text());
    // A change of roles ends the account's sessions; the reviewer signs in again.
    await signInThroughApi(reviewer, server.baseUrl, kSlug, { mobile: '13700000402', password: kPassword });
    const seen = await reviewer.request.get(profileUrl);
    assert.equal(seen.status(), 200, await seen.text());
    assert.equal((await seen.json()).masked.id_number, '120102********0039');
    assert.equal((await seen.json()).masked.mobile, '137****0401');
    assert.ok(!(await seen.text()).includes(kStaffViewIdNumber));
    const revealed = await reviewer.request.post(`${profileUrl}/reveal`, {
      data: { field: 'mobile' },
      headers: await csrfHeaders(reviewer),
    });
    assert.equal(revealed.status(), 200, await revealed.text());
    assert.equal((await revealed.json()).value, '13700000401');
    assert.equal((await reviewer.request.get(photoUrl)).status(), 200);

    // Another member, an anonymous visitor and an unknown account: nothing.
    const other = await member('13700000403');
    assert.equal((await other.request.get(profileUrl)).status(), 403);
    const refused = await other.request.post(`${profileUrl}/reveal`, {
      data: { field: 'id_number' },
      headers: await csrfHeaders(other),
    });
    assert.equal(refused.status(), 403);
    assert.equal((await other.request.get(photoUrl)).status(), 404);
    const anonymous = await newContext(browser, kDesktop, server.baseUrl);
    assert.equal((await anonymous.request.get(profileUrl)).status(), 401);
    assert.equal((await reviewer.request.get(`${profileUrl.slice(0, -4)}NONE`)).status(), 404);

    assert.deepEqual(admin.errors, []);
    for (const context of [subject, admin, reviewer, other, anonymous]) await context.close();
  });
});

describe('form check', () => {
  test("the medical plugin's cross-field rules come back on their fields beside the built-in ones", async () => {
    const context = await newContext(browser, kDesktop, server.baseUrl);
    const check = async (values) =>
      context.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/forms/join/check`, {
        data: { values },
        headers: await csrfHeaders(context),
      });
    const definition = await (await context.request.get(`${server.baseUrl}/api/v1/t/${kSlug}/forms/join`)).json();
    const committees = definition.sections[0].fields.find((f) => f.key === 'committees').options.map((o) => o.value);
    assert.ok(committees.length >= 6, 'the committees dictionary is written into the field');

    const six = await check({
      committees: committees.slice(0, 6),
      provincial_associations: ['med-tj', 'med-hb'],
      id_type: 'resident_id',
      id_number: kBadIdNumber,
    });
    assert.equal(six.status(), 422);
    const errors = Object.fromEntries((await six.json()).errors.map((e) => [e.field, e]));
    assert.equal(errors.committees?.code, 'too_many_committees');
    assert.equal(errors.committees?.message, '专委会（含海外分会）至多选择 5 个');
    assert.equal(errors.provincial_associations?.code, 'too_many_provincial_associations');
    assert.equal(errors.id_number?.code, 'id_number_check_digit');

    // Five committees and one provincial association pass the plugin.
    const five = await check({ committees: committees.slice(0, 5), provincial_associations: ['med-tj'] });
    const fiveErrors = (await five.json()).errors.map((e) => e.field);
    assert.ok(!fiveErrors.includes('committees') && !fiveErrors.includes('provincial_associations'), fiveErrors.join());

    // The server, too, holds a birth date and gender to the ID number's.
    const mismatch = await check({ id_type: 'resident_id', id_number: kIdNumber, gender: 'male', birth_date: '1949-12-31' });
    const mismatchErrors = Object.fromEntries((await mismatch.json()).errors.map((e) => [e.field, e]));
    assert.equal(mismatchErrors.gender?.code, 'id_number_mismatch');
    assert.equal(mismatchErrors.gender?.message, '与证件号码中的性别不一致');
    assert.equal(mismatchErrors.birth_date, undefined);
    await context.close();
  });
});

describe('profile form', () => {
  test('a member fills every control type, sees errors on their fields from the browser and the server, and saves', async () => {
    // An employer in the registry, and an ID number another account holds already.
    const admin = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(admin, server, kSlug);
    const created = await admin.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/admin/organisations`, {
      data: { name: '津门示例肿瘤医院', credit_code: '' },
      headers: await csrfHeaders(admin),
    });
    assert.equal(created.status(), 201, await created.text());
    const employer = (await created.json()).id;
    await admin.close();

    const context = await member('13700000201');
    const page = await context.newPage();
    await page.goto(`/t/${kSlug}/profile`);
    await page.getByTestId('profile-page').waitFor();
    const field = (key) => page.locator(`[data-field="${key}"]`);
    const errorOf = (key) => field(key).locator('.el-form-item__error');

    const text = async (key, value) => {
      await field(key).locator('input, textarea').first().fill(value);
      await field(key).locator('input, textarea').first().press('Tab');
    };
    // Each select's options live in its own listbox (the input's aria-controls), so a dropdown
    // still closing elsewhere cannot be clicked by mistake or be waited on.
    const pick = async (key, option) => {
      const listbox = page.locator(`[id="${await field(key).locator('input').first().getAttribute('aria-controls')}"]`);
      const exact = new RegExp(`^\\s*${option.replace(/[()（）]/g, '.')}\\s*$`);
      // On a loaded machine a click that lands while the dropdown is still opening can be lost;
      // the dropdown then stays open, so the click is repeated.
      for (let attempt = 1; ; attempt += 1) {
        await listbox.locator('.el-select-dropdown__item').filter({ hasText: exact }).first().click();
        try {
          await listbox.waitFor({ state: 'hidden', timeout: 5000 });
          return;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    };
    const choose = async (key, option) => {
      await field(key).locator('.el-select__wrapper').click();
      await pick(key, option);
    };

    await field('photo').locator('input[type=file]').setInputFiles({
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: await canvasPng(page),
    });
    await field('photo').locator('img').first().waitFor();
    await text('name', '示例专家');
    await field('gender').locator('.el-radio', { hasText: '男' }).click();
    await choose('ethnicity', '汉族');
    await choose('party', '群众');
    await field('birth_date').locator('input').fill('1984-09-30');
    await field('birth_date').locator('input').press('Enter');
    await choose('id_type', '居民身份证');
    // The seed manual's sample: the browser says at once that its check digit is wrong.
    await text('id_number', kBadIdNumber);
    await errorOf('id_number').filter({ hasText: '校验位' }).waitFor();
    await text('id_number', kIdNumber);
    // A valid ID number fills the birth date and gender it carries, over what was typed before.
    assert.equal(await field('birth_date').locator('input').inputValue(), '1949-12-31');
    assert.ok(await field('gender').locator('input[value="female"]').isChecked());
    await text('mobile', '13700000201');
    await text('email', 'expert@example.org');
    await choose('education', '博士研究生');
    await choose('degree', '博士');
    await text('major', '肿瘤学');
    await field('employer').locator('input').fill('津门示例');
    await pick('employer', '津门示例肿瘤医院');
    await text('department', '肿瘤内科');
    await text('position', '科室主任');
    await choose('title', '中级（主治医师、主管药师等）');
    await field('specialties').locator('.el-checkbox', { hasText: '肿瘤内科' }).click();
    await field('specialties').locator('.el-checkbox', { hasText: '预防筛查' }).click();
    await text('work_phone', '022-2334 0000');
    await field('region').locator('.el-cascader').click();
    for (const name of ['天津市', '市辖区', '和平区']) {
      await page.locator('.el-cascader-node:visible', { hasText: name }).first().click();
    }
    await text('address', '天津市和平区示例路 1 号');
    await text('postal_code', '300000');
    await field('years_in_practice').locator('input').fill('12');
    await field('years_in_practice').locator('input').press('Tab');
    // A hidden field stays hidden: the passport number only shows for other ID types.
    assert.equal(await field('passport_number').count(), 0);

    // Another account saved its complete profile with this ID number a moment ago: only the
    // server can know. Its refusal shows on the field, and everything typed stays.
    const other = await member('13700000202');
    const otherPage = await other.newPage();
    await otherPage.goto(`/t/${kSlug}/`);
    const photo = await upload(other, { name: 'me.png', type: 'image/png', body: await canvasPng(otherPage) });
    assert.equal(photo.status(), 201, await photo.text());
    const otherValues = {
      photo: [await photo.json()],
      name: '另一位专家',
      gender: 'female',
      ethnicity: 'han',
      party: 'none',
      birth_date: '1949-12-31',
      id_type: 'resident_id',
      id_number: kIdNumber,
      mobile: '13700000202',
      email: 'other@example.org',
      education: 'masters',
      employer,
      department: '放疗科',
      position: '医师',
      title: 'junior_medical',
      region: ['120000', '120100', '120101'],
      address: '天津市和平区示例路 2 号',
    };
    const saved = await other.request.put(`${server.baseUrl}/api/v1/t/${kSlug}/profile`, {
      data: { values: otherValues },
      headers: await csrfHeaders(other),
    });
    assert.equal(saved.status(), 200, await saved.text());
    await other.close();

    await page.getByTestId('profile-save').click();
    await errorOf('id_number').filter({ hasText: '已被其他账号使用' }).waitFor();
    assert.equal(await field('name').locator('input').inputValue(), '示例专家');
    assert.equal(await field('address').locator('textarea').inputValue(), '天津市和平区示例路 1 号');

    await text('id_number', kOtherIdNumber);
    await page.getByTestId('profile-save').click();
    await page.getByText('个人资料已保存').waitFor();

    // Saved: after a reload the values are back and the ID number and mobile are masked.
    await page.reload();
    await page.getByTestId('profile-page').waitFor();
    await field('name').locator('input').waitFor();
    assert.equal(await field('name').locator('input').inputValue(), '示例专家');
    assert.equal(await field('birth_date').locator('input').inputValue(), '1984-09-30');
    assert.ok(await field('gender').locator('input[value="male"]').isChecked());
    assert.equal(await field('id_number').getByTestId('masked-value').textContent(), '120101********1235');
    assert.equal(await field('mobile').getByTestId('masked-value').textContent(), '137****0201');

    // The full value only through the reveal, which the audit log records; plain fields have
    // nothing to reveal.
    const reveal = await context.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/profile/reveal`, {
      data: { field: 'id_number' },
      headers: await csrfHeaders(context),
    });
    assert.equal(reveal.status(), 200);
    assert.equal((await reveal.json()).value, kOtherIdNumber);
    const plain = await context.request.post(`${server.baseUrl}/api/v1/t/${kSlug}/profile/reveal`, {
      data: { field: 'name' },
      headers: await csrfHeaders(context),
    });
    assert.equal(plain.status(), 422);
    const auditor = await newContext(browser, kDesktop, server.baseUrl);
    await becomeAdmin(auditor, server, kSlug);
    const audit = await (await auditor.request.get(`${server.baseUrl}/api/v1/t/${kSlug}/admin/audit?event=profile_revealed`)).json();
    // The owner's own reveals (staff reveals are another test's).
    const own = audit.items.filter((item) => item.actor === item.subject);
    assert.equal(own.length, 1, JSON.stringify(audit.items));
    assert.deepEqual(own[0].detail, { field: 'id_number' });
    await auditor.close();

    assert.deepEqual(context.errors, []);
    await context.close();
  });

  test('no plain ID number is in a database dump or the upload folder', async () => {
    // A scan that shows the ID number, as a stamped application form does.
    const context = await member('13700000301');
    const scan = Buffer.from(`%PDF-1.4\n% application form\nBT (${kIdNumber} ${kOtherIdNumber}) Tj ET\n%%EOF\n`);
    const stored = await upload(context, {
      form: 'join',
      field: 'stamped_form',
      name: 'form.pdf',
      type: 'application/pdf',
      body: scan,
    });
    assert.equal(stored.status(), 201, await stored.text());
    await context.close();

    const dump = await databaseDump(server);
    // The dump is real: it holds the profiles saved above, in their plain, unprotected fields.
    assert.ok(dump.includes('示例专家') && dump.includes('另一位专家'), 'the dump holds the saved profiles');
    for (const secret of [kIdNumber, kOtherIdNumber, '13700000201', '13700000202']) {
      assert.ok(!dump.includes(secret), `${secret} appears in the database dump`);
    }

    const files = [];
    const walk = async (dir) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else files.push(full);
      }
    };
    await walk(path.join(server.dataDir, 'uploads'));
    assert.ok(files.length >= 3, `the uploads are stored (${files.length} files)`);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const secret of [kIdNumber, kOtherIdNumber, '%PDF']) {
        assert.ok(!bytes.includes(Buffer.from(secret)), `${secret} appears in ${file}`);
      }
    }
  });
});
