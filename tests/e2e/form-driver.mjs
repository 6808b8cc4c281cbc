// Filling a form the FormRenderer draws, as a person does: by the field's key (each field sits in
// an element with data-field="<key>"), through the Element Plus control it shows.
//
//   const form = formDriver(page);
//   await form.text('name', '示例专家');
//   await form.choose('ethnicity', '汉族');
//   await form.errorOf('id_number').filter({ hasText: '校验位' }).waitFor();

/** A PNG the server accepts (a small drawing made by the page's canvas). */
export async function pngOf(page, width = 90, height = 120) {
  const png = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      canvas.getContext('2d').fillRect(0, 0, w / 2, h / 2);
      return canvas.toDataURL('image/png').split(',')[1];
    },
    [width, height],
  );
  return Buffer.from(png, 'base64');
}

/** A file of `megabytes` MB that starts like a PNG: too big before its type matters. */
export function oversizedPng(megabytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, Buffer.alloc(megabytes * 1024 * 1024, 0)]);
}

export function formDriver(page) {
  const field = (key) => page.locator(`[data-field="${key}"]`);
  const errorOf = (key) => field(key).locator('.el-form-item__error');

  const text = async (key, value) => {
    const input = field(key).locator('input, textarea').first();
    await input.fill(value);
    await input.press('Tab');
  };

  // Each select's options live in its own listbox (the input's aria-controls), so a dropdown
  // still closing elsewhere cannot be clicked by mistake.
  const pick = async (key, option) => {
    const listbox = page.locator(`[id="${await field(key).locator('input').first().getAttribute('aria-controls')}"]`);
    const exact = new RegExp(`^\\s*${option.replace(/[()（）“”]/g, '.')}\\s*$`);
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

  // A multiple select keeps its dropdown open: each option is clicked, then the dropdown closed.
  const chooseMany = async (key, options) => {
    await field(key).locator('.el-select__wrapper').click();
    const listbox = page.locator(`[id="${await field(key).locator('input').first().getAttribute('aria-controls')}"]`);
    for (const option of options) {
      await listbox.locator('.el-select-dropdown__item').filter({ hasText: option }).first().click();
    }
    await page.keyboard.press('Escape');
  };

  const radio = (key, label) => field(key).locator('.el-radio', { hasText: label }).click();
  const check = (key, label) =>
    label === undefined ? field(key).locator('.el-checkbox').first().click() : field(key).locator('.el-checkbox', { hasText: label }).click();

  const date = async (key, value) => {
    await field(key).locator('input').fill(value);
    await field(key).locator('input').press('Enter');
  };

  const region = async (key, names) => {
    await field(key).locator('.el-cascader').click();
    for (const name of names) {
      await page.locator('.el-cascader-node:visible', { hasText: name }).first().click();
    }
  };

  // An organisation from the registry, searched by part of its name.
  const organisation = async (key, search, name) => {
    await field(key).locator('input').fill(search);
    await pick(key, name);
  };

  // A name the registry lacks, typed where the field allows it (its 使用“…” option).
  const typedOrganisation = async (key, name) => {
    await field(key).locator('input').fill(name);
    const listbox = page.locator(`[id="${await field(key).locator('input').first().getAttribute('aria-controls')}"]`);
    await listbox.locator('[data-typed="true"]').filter({ hasText: name }).click();
  };

  const upload = async (key, file) => {
    await field(key).locator('input[type=file]').setInputFiles(file);
  };

  return { field, errorOf, text, pick, choose, chooseMany, radio, check, date, region, organisation, typedOrganisation, upload };
}

/** No sideways scrolling: the page is no wider than the screen. */
export async function assertFits(page, assert, what) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${what}: ${scroll}px wide on a ${width}px screen`);
}
