import type { FormItemRule } from 'element-plus';

/** The same rules the server applies; the server stays the judge, these spare a round trip. */
export const kMobilePattern = /^1[3-9]\d{9}$/;
export const kPasswordMin = 8;
export const kPasswordMax = 128;
export const kCodePattern = /^\d{4,8}$/;
const kEmailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why a value is refused; translated under `validation.<code>`. */
export type RuleCode =
  | 'required'
  | 'mobile_format'
  | 'password_length'
  | 'email_format'
  | 'code_format'
  | 'login_format'
  | 'password_mismatch';

/** People paste "+86 138-0013-8000": spaces, dashes and the country code are dropped. */
export function normaliseMobile(value: string): string {
  const compact = value.replace(/[\s-]/g, '');
  return compact.startsWith('+86') ? compact.slice(3) : compact;
}

export function checkMobile(value: string): RuleCode | null {
  const mobile = normaliseMobile(value);
  if (!mobile) return 'required';
  return kMobilePattern.test(mobile) ? null : 'mobile_format';
}

/** Counted in characters (code points), as the server counts them; never trimmed. */
export function checkPassword(value: string): RuleCode | null {
  if (!value) return 'required';
  const length = [...value].length;
  return length >= kPasswordMin && length <= kPasswordMax ? null : 'password_length';
}

export function checkOptionalEmail(value: string): RuleCode | null {
  const email = value.trim();
  if (!email) return null;
  return kEmailPattern.test(email) ? null : 'email_format';
}

export function checkCode(value: string): RuleCode | null {
  const code = value.trim();
  if (!code) return 'required';
  return kCodePattern.test(code) ? null : 'code_format';
}

/** A mobile number or an e-mail address, as the forgotten-password form accepts. */
export function checkLogin(value: string): RuleCode | null {
  const login = value.trim();
  if (!login) return 'required';
  if (login.includes('@')) return kEmailPattern.test(login) ? null : 'login_format';
  return kMobilePattern.test(normaliseMobile(login)) ? null : 'login_format';
}

export function checkConfirmation(password: string, confirmation: string): RuleCode | null {
  if (!confirmation) return 'required';
  return password === confirmation ? null : 'password_mismatch';
}

export function checkRequired(value: string): RuleCode | null {
  return value.trim() ? null : 'required';
}

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function ruleMessage(code: RuleCode, t: Translate): string {
  return t(`validation.${code}`, { min: kPasswordMin, max: kPasswordMax });
}

/** An Element Plus rule from a check; the message is looked up when it fails, in the current language. */
export function rule(check: (value: string) => RuleCode | null, t: Translate, trigger = 'blur'): FormItemRule {
  return {
    trigger,
    validator: (_rule, value: unknown, callback: (error?: Error) => void) => {
      const code = check(typeof value === 'string' ? value : '');
      if (code) callback(new Error(ruleMessage(code, t)));
      else callback();
    },
  };
}
