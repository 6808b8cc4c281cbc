// @vitest-environment node
// The same samples as tests/unit/forms/identifiers_test.cpp, so both sides agree digit by digit.
import { describe, expect, it } from 'vitest';
import { ageOn, parseCivilDate } from './civilDate';
import {
  birthDateFromIdNumber,
  checkCreditCode,
  checkEmail,
  checkMobile,
  checkPostalCode,
  checkResidentId,
  genderFromIdNumber,
  type Checked,
} from './identifiers';

const today = { year: 2026, month: 11, day: 22 };

function codeOf(checked: Checked): string {
  return checked.issue ? checked.issue.code : 'ok';
}

describe('resident ID numbers (GB 11643)', () => {
  it('accept the baseline sample and read birth date and gender', () => {
    const id = checkResidentId('11010519491231002X', today);
    expect(id.issue).toBeNull();
    expect(id.value).toBe('11010519491231002X');
    expect(id.info?.birthDate).toEqual({ year: 1949, month: 12, day: 31 });
    expect(id.info?.gender).toBe('female');
    expect(birthDateFromIdNumber(' 11010519491231002x ', today)).toBe('1949-12-31');
    expect(genderFromIdNumber('11010519491231002X', today)).toBe('female');
    expect(genderFromIdNumber('110105202612010014', { year: 2027, month: 1, day: 1 })).toBe('male');
  });

  it('read a lower-case x as X', () => {
    expect(checkResidentId('11010519491231002x', today).value).toBe('11010519491231002X');
  });

  it('refuse a wrong check digit and say so', () => {
    const id = checkResidentId('110105194912310021', today);
    expect(codeOf(id)).toBe('id_number_check_digit');
    expect(id.issue?.message['zh-CN']).toContain('身份证号码校验位不正确');
    expect(id.issue?.message.en).toContain('check digit');
    expect(id.info).toBeNull();
    expect(birthDateFromIdNumber('110105194912310021', today)).toBeNull();
  });

  it("refuse the seed manuals' samples for their check digit", () => {
    for (const sample of ['120101200801014522', '120101198410011234']) {
      const id = checkResidentId(sample, today);
      expect(codeOf(id), sample).toBe('id_number_check_digit');
      expect(id.issue?.message['zh-CN']).toContain('校验位');
    }
  });

  it('refuse a day that does not exist or lies after today', () => {
    expect(codeOf(checkResidentId('110105194902310026', today))).toBe('id_number_birth_date');
    expect(codeOf(checkResidentId('110105202612010014', today))).toBe('id_number_birth_date');
    expect(codeOf(checkResidentId('110105202612010014', { year: 2026, month: 12, day: 1 }))).toBe('ok');
  });

  it('refuse an unknown province', () => {
    expect(codeOf(checkResidentId('190105194912310024', today))).toBe('id_number_province');
    for (const prefix of ['10', '16', '20', '24', '30', '38', '47', '55', '66', '70', '72', '80', '83', '99']) {
      expect(codeOf(checkResidentId(`${prefix}0105194912310021`, today)), prefix).toBe('id_number_province');
    }
  });

  it('refuse wrong length and characters', () => {
    const samples = ['', '11010519491231002', '11010519491231002X1', '1101051949123100XX', '11010519491231002Y'];
    for (const bad of [...samples, 'A1010519491231002X']) {
      expect(codeOf(checkResidentId(bad, today)), bad).toBe('id_number_format');
    }
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accept the baseline samples, upper-casing them', () => {
    expect(checkCreditCode('91350100M000100Y43').value).toBe('91350100M000100Y43');
    expect(checkCreditCode('91110000802100433B').value).toBe('91110000802100433B');
    expect(checkCreditCode('91110000802100433b').value).toBe('91110000802100433B');
  });

  it('refuse a wrong check character', () => {
    const checked = checkCreditCode('91350100M000100Y44');
    expect(codeOf(checked)).toBe('credit_code_check');
    expect(checked.issue?.message['zh-CN']).toContain('校验位');
    expect(codeOf(checkCreditCode('91110000802100433A'))).toBe('credit_code_check');
  });

  it('refuse letters outside the charset and wrong lengths', () => {
    for (const bad of [
      '91350100M000100I43',
      '91350100O000100Y43',
      '91350100S000100Y43',
      '91350100V000100Y43',
      '91350100Z000100Y43',
      '91350100M000100Y4',
      '91350100M000100Y433',
      '',
    ]) {
      expect(codeOf(checkCreditCode(bad)), bad).toBe('credit_code_format');
    }
  });
});

describe('mobiles, e-mail addresses and postal codes', () => {
  it('strip spaces, dashes and the country code from mobiles', () => {
    expect(checkMobile('13800138000').value).toBe('13800138000');
    expect(checkMobile('138-0013-8000').value).toBe('13800138000');
    expect(checkMobile('+86 138 0013 8000').value).toBe('13800138000');
    expect(checkMobile('+86-19912345678').value).toBe('19912345678');
    const samples = ['12800138000', '1380013800', '138001380001', '010-65000001', '+85213800138000', '1380013800a'];
    for (const bad of [...samples, '']) {
      expect(codeOf(checkMobile(bad)), bad).toBe('mobile_format');
    }
  });

  it('accept common addresses and refuse typos', () => {
    expect(checkEmail('li.ming@example.org').value).toBe('li.ming@example.org');
    expect(checkEmail(' wang+news@mail.example.com.cn ').value).toBe('wang+news@mail.example.com.cn');
    const samples = ['li.ming', 'li@', '@example.org', 'li ming@example.org', 'li@example', 'li@@example.org'];
    for (const bad of [...samples, 'li@-example.org']) {
      expect(codeOf(checkEmail(bad)), bad).toBe('email_format');
    }
  });

  it('accept six-digit postal codes only', () => {
    expect(checkPostalCode('100005').value).toBe('100005');
    for (const bad of ['10000', '1000050', '10000a', '']) {
      expect(codeOf(checkPostalCode(bad)), bad).toBe('postal_code_format');
    }
  });
});

describe('civil dates', () => {
  it('parse real days only and compute ages', () => {
    expect(parseCivilDate('2024-02-29')).not.toBeNull();
    expect(parseCivilDate('2023-02-29')).toBeNull();
    expect(parseCivilDate('1900-02-29')).toBeNull();
    expect(parseCivilDate('2000-02-29')).not.toBeNull();
    expect(parseCivilDate('2024-13-01')).toBeNull();
    expect(parseCivilDate('2024-1-01')).toBeNull();
    const birth = (text: string) => parseCivilDate(text) ?? { year: 0, month: 0, day: 0 };
    expect(ageOn(birth('1981-11-22'), today)).toBe(45);
    expect(ageOn(birth('1981-11-23'), today)).toBe(44);
    expect(ageOn(birth('2000-02-29'), { year: 2001, month: 2, day: 28 })).toBe(0);
    expect(ageOn(birth('2000-02-29'), { year: 2001, month: 3, day: 1 })).toBe(1);
  });
});
