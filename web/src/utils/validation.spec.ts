import { describe, expect, it } from 'vitest';
import {
  checkCode,
  checkConfirmation,
  checkLogin,
  checkMobile,
  checkOptionalEmail,
  checkPassword,
  normaliseMobile,
  rule,
} from './validation';

describe('mobile', () => {
  it('accepts mainland mobiles, also as people paste them', () => {
    expect(checkMobile('13800138000')).toBeNull();
    expect(checkMobile('19912345678')).toBeNull();
    expect(checkMobile('+86 138-0013-8000')).toBeNull();
    expect(normaliseMobile('+86 138-0013-8000')).toBe('13800138000');
  });

  it('refuses other numbers', () => {
    expect(checkMobile('')).toBe('required');
    expect(checkMobile('12800138000')).toBe('mobile_format');
    expect(checkMobile('1380013800')).toBe('mobile_format');
    expect(checkMobile('138001380001')).toBe('mobile_format');
    expect(checkMobile('1380013800a')).toBe('mobile_format');
  });
});

describe('password', () => {
  it('takes 8 to 128 characters', () => {
    expect(checkPassword('')).toBe('required');
    expect(checkPassword('1234567')).toBe('password_length');
    expect(checkPassword('12345678')).toBeNull();
    expect(checkPassword('x'.repeat(128))).toBeNull();
    expect(checkPassword('x'.repeat(129))).toBe('password_length');
  });

  it('counts characters, not UTF-16 units, and keeps spaces', () => {
    expect(checkPassword('密码密码密码密码')).toBeNull();
    expect(checkPassword('😀😀😀😀')).toBe('password_length');
    expect(checkPassword('        ')).toBeNull();
  });

  it('wants the confirmation to match', () => {
    expect(checkConfirmation('abcdefgh', '')).toBe('required');
    expect(checkConfirmation('abcdefgh', 'abcdefgi')).toBe('password_mismatch');
    expect(checkConfirmation('abcdefgh', 'abcdefgh')).toBeNull();
  });
});

describe('other fields', () => {
  it('e-mail is optional but must look like one', () => {
    expect(checkOptionalEmail('')).toBeNull();
    expect(checkOptionalEmail('a@b.cn')).toBeNull();
    expect(checkOptionalEmail('a@b')).toBe('email_format');
    expect(checkOptionalEmail('not an address')).toBe('email_format');
  });

  it('codes are digits', () => {
    expect(checkCode('')).toBe('required');
    expect(checkCode('123456')).toBeNull();
    expect(checkCode('12a456')).toBe('code_format');
  });

  it('a login is a mobile or an e-mail', () => {
    expect(checkLogin('13800138000')).toBeNull();
    expect(checkLogin('zhang@example.cn')).toBeNull();
    expect(checkLogin('zhang')).toBe('login_format');
    expect(checkLogin(' ')).toBe('required');
  });
});

describe('form rules', () => {
  it('reports the translated message of a failed check', () => {
    const t = (key: string, values?: Record<string, unknown>) => `${key}:${values?.min}-${values?.max}`;
    const mobileRule = rule(checkMobile, t);
    const messages: (string | undefined)[] = [];
    const validate = mobileRule.validator as (r: unknown, v: unknown, cb: (e?: Error) => void) => void;
    validate({}, '123', (error) => messages.push(error?.message));
    validate({}, '13800138000', (error) => messages.push(error?.message));
    const passwordRule = rule(checkPassword, t).validator as typeof validate;
    passwordRule({}, 'short', (error) => messages.push(error?.message));
    expect(messages).toEqual(['validation.mobile_format:8-128', undefined, 'validation.password_length:8-128']);
  });
});
