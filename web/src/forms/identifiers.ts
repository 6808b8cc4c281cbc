/**
 * Checks of the identifiers Chinese forms ask for, with the exact published algorithms, ported
 * from platform/forms/identifiers.cpp so that the browser refuses exactly what the server
 * refuses, with the same codes and messages. Each returns the value in the form to store, or an
 * issue saying what exactly is wrong ("the check digit", not just "invalid"), so that an applicant
 * who mistyped one digit knows where to look.
 *
 *   const id = checkResidentId('11010519491231002X', today);
 *   if (id.issue) show(id.issue.code, id.issue.message['zh-CN']);
 *   else use(id.info.birthDate, id.info.gender);
 */
import { compareCivilDates, formatCivilDate, isRealDate, type CivilDate } from './civilDate';
import type { BilingualText, FieldErrorCode } from './types';

export interface IdentifierIssue {
  code: FieldErrorCode;
  message: BilingualText;
}

/** A checked identifier: `value` (normalised, e.g. upper-case "X") when valid, `issue` otherwise. */
export type Checked = { value: string; issue: null } | { value: null; issue: IdentifierIssue };

export type Gender = 'male' | 'female';

export interface ResidentIdInfo {
  birthDate: CivilDate;
  gender: Gender;
}

export type ResidentIdCheck = (Checked & { info: null }) | { value: string; issue: null; info: ResidentIdInfo };

function fail(code: FieldErrorCode, zhCN: string, en: string): { value: null; issue: IdentifierIssue } {
  return { value: null, issue: { code, message: { 'zh-CN': zhCN, en } } };
}

function pass(value: string): { value: string; issue: null } {
  return { value, issue: null };
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

const kBlank = ' \t\r\n';

/** Trims the characters the server trims (space, tab, CR, LF), and no others. */
export function trimmed(text: string): string {
  let first = 0;
  let last = text.length;
  while (first < last && kBlank.includes(text[first] as string)) ++first;
  while (last > first && kBlank.includes(text[last - 1] as string)) --last;
  return text.slice(first, last);
}

/** ASCII-only upper case, as the server's std::toupper in the "C" locale. */
function upper(text: string): string {
  return text.replace(/[a-z]/g, (c) => c.toUpperCase());
}

function isProvince(code: number): boolean {
  return (
    (code >= 11 && code <= 15) ||
    (code >= 21 && code <= 23) ||
    (code >= 31 && code <= 37) ||
    (code >= 41 && code <= 46) ||
    (code >= 50 && code <= 54) ||
    (code >= 61 && code <= 65) ||
    code === 71 ||
    code === 81 ||
    code === 82
  );
}

function digitAt(text: string, i: number): number {
  return text.charCodeAt(i) - 48;
}

const kIdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const kIdCheck = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of a resident ID number. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < kIdWeights.length; ++i) sum += digitAt(first17, i) * (kIdWeights[i] as number);
  return kIdCheck[sum % 11] as string;
}

/**
 * GB 11643-1999: 18 characters, 17 digits and a check character (a lower-case "x" is read as
 * "X"); a known province prefix; a real birth date not after `today`; the ISO 7064 MOD 11-2
 * check character.
 */
export function checkResidentId(text: string, today: CivilDate): ResidentIdCheck {
  const id = upper(trimmed(text));
  let shape = id.length === 18 && (isDigit(id[17]) || id[17] === 'X');
  for (let i = 0; shape && i < 17; ++i) shape = isDigit(id[i]);
  if (!shape) {
    return {
      ...fail(
        'id_number_format',
        '身份证号码应为18位：前17位为数字，最后一位为数字或X',
        'An ID number has 18 characters: 17 digits, then a digit or X',
      ),
      info: null,
    };
  }
  if (!isProvince(digitAt(id, 0) * 10 + digitAt(id, 1))) {
    return {
      ...fail(
        'id_number_province',
        '身份证号码前两位不是有效的省级行政区代码',
        'The first two digits of the ID number are not a valid province code',
      ),
      info: null,
    };
  }
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isRealDate(year, month, day) || year < 1800 || compareCivilDates({ year, month, day }, today) > 0) {
    return {
      ...fail(
        'id_number_birth_date',
        '身份证号码中的出生日期不存在或晚于今天',
        'The birth date in the ID number does not exist or is in the future',
      ),
      info: null,
    };
  }
  if (residentIdCheckCharacter(id) !== id[17]) {
    return {
      ...fail(
        'id_number_check_digit',
        '身份证号码校验位不正确，请核对每一位数字',
        'The check digit of the ID number is wrong; please check every digit',
      ),
      info: null,
    };
  }
  // The 17th digit is the sequence code's last: odd for men, even for women.
  return {
    value: id,
    issue: null,
    info: { birthDate: { year, month, day }, gender: digitAt(id, 16) % 2 === 1 ? 'male' : 'female' },
  };
}

/** The birth date ("YYYY-MM-DD") of a valid resident ID number, for filling a date field. */
export function birthDateFromIdNumber(text: string, today: CivilDate): string | null {
  const checked = checkResidentId(text, today);
  return checked.info ? formatCivilDate(checked.info.birthDate) : null;
}

/** The gender of a valid resident ID number, for filling a gender field. */
export function genderFromIdNumber(text: string, today: CivilDate): Gender | null {
  return checkResidentId(text, today).info?.gender ?? null;
}

const kCreditCharset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const kCreditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * GB 32100-2015: 18 characters of 0-9 and the capital letters without I, O, S, V, Z; the last is
 * the MOD 31 check character. Lower-case input is read as upper case.
 */
export function checkCreditCode(text: string): Checked {
  const code = upper(trimmed(text));
  const shape = code.length === 18 && [...code].every((c) => kCreditCharset.includes(c));
  if (!shape) {
    return fail(
      'credit_code_format',
      '统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）',
      'A unified social credit code has 18 digits or capital letters (without I, O, S, V, Z)',
    );
  }
  let sum = 0;
  for (let i = 0; i < kCreditWeights.length; ++i) {
    sum += kCreditCharset.indexOf(code[i] as string) * (kCreditWeights[i] as number);
  }
  const check = (31 - (sum % 31)) % 31;
  if (kCreditCharset[check] !== code[17]) {
    return fail(
      'credit_code_check',
      '统一社会信用代码校验位不正确，请核对每一位',
      'The check character of the unified social credit code is wrong; please check every character',
    );
  }
  return pass(code);
}

/**
 * A mainland mobile number; spaces, dashes and a leading "+86" are removed first, and the stored
 * value is the 11 digits.
 */
export function checkMobile(text: string): Checked {
  let number = text.replace(/[ -]/g, '');
  if (number.startsWith('+86')) number = number.slice(3);
  if (!/^1[3-9][0-9]{9}$/.test(number)) {
    return fail('mobile_format', '请输入有效的11位手机号码', 'Enter a valid 11-digit mainland mobile number');
  }
  return pass(number);
}

const kEmail =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * A practical e-mail check (one "@", a dotted domain, no spaces), not RFC 5322 in full: the
 * address is proven by sending to it, this only catches typing mistakes.
 */
export function checkEmail(text: string): Checked {
  const email = trimmed(text);
  if (email.length > 254 || !kEmail.test(email)) {
    return fail('email_format', '请输入有效的电子邮箱地址', 'Enter a valid e-mail address');
  }
  return pass(email);
}

/** Six digits. */
export function checkPostalCode(text: string): Checked {
  const code = trimmed(text);
  if (!/^[0-9]{6}$/.test(code)) {
    return fail('postal_code_format', '邮政编码应为6位数字', 'A postal code has 6 digits');
  }
  return pass(code);
}
