/**
 * Checks one submission against a form definition: a faithful port of
 * platform/forms/form_validator.cpp, so that what the browser shows and what the server accepts
 * never drift apart (tests/fixtures/forms/ pins both down). The server stays the judge; this
 * spares the round trip and shows each error on its field while the user types.
 *
 * Visibility is decided first, from the values: a hidden field (its own or its section's
 * visibleWhen is false) is neither required nor checked nor stored, and counts as empty in the
 * conditions of other fields, so that hiding cascades as it does on screen.
 *
 *   const result = validateForm(definition, values, today);
 *   if (result.errors.length === 0) submit(result.values);
 */
import { ageOn, compareCivilDates, formatCivilDate, parseCivilDate, type CivilDate } from './civilDate';
import {
  checkCreditCode,
  checkEmail,
  checkMobile,
  checkPostalCode,
  checkResidentId,
  trimmed,
  type Checked,
} from './identifiers';
import type {
  BilingualText,
  Condition,
  FieldErrorCode,
  FieldIssue,
  FormDefinition,
  FormField,
  FormSection,
  JsonValue,
  UploadRule,
  ValidationResult,
} from './types';

const kDefaultUpload: UploadRule = { types: ['jpg', 'png', 'pdf'], max_size_mb: 5, max_count: 1 };

/** The upload limits of a field, with the server's defaults when the definition leaves them out. */
export function uploadRuleOf(field: FormField): UploadRule {
  const rule = field.upload;
  if (!rule) return kDefaultUpload;
  return {
    types: rule.types ?? kDefaultUpload.types,
    max_size_mb: rule.max_size_mb ?? kDefaultUpload.max_size_mb,
    max_count: rule.max_count ?? kDefaultUpload.max_count,
  };
}

function hasOwn(object: unknown, key: string): boolean {
  return object !== null && typeof object === 'object' && !Array.isArray(object) && Object.hasOwn(object, key);
}

function member(object: unknown, key: string): unknown {
  return hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A finite double as C++'s std::to_chars writes it: the shortest text that reads back the same,
 * fixed or scientific notation whichever is shorter (fixed on a tie), with a two-digit exponent.
 */
function shortestDouble(d: number): string {
  if (!Number.isFinite(d)) return String(d);
  const exponential = d.toExponential();
  const [mantissa = '', exponent = '0'] = exponential.split('e');
  const power = Number(exponent);
  const scientific = `${mantissa}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
  const negative = mantissa.startsWith('-');
  const digitsOnly = mantissa.replace('-', '').replace('.', '');
  let fixed: string;
  if (power >= 0) {
    const whole = digitsOnly.length <= power + 1 ? digitsOnly.padEnd(power + 1, '0') : digitsOnly.slice(0, power + 1);
    const fraction = digitsOnly.length > power + 1 ? digitsOnly.slice(power + 1) : '';
    fixed = fraction ? `${whole}.${fraction}` : whole;
  } else {
    fixed = `0.${'0'.repeat(-power - 1)}${digitsOnly}`;
  }
  if (negative) fixed = `-${fixed}`;
  return scientific.length < fixed.length ? scientific : fixed;
}

/** Scalars as conditions and options compare them: 1, 1.0 and "1" are all "1". */
export function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Math.floor(value) === value && Math.abs(value) < 1e15) return String(value + 0);
    return shortestDouble(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return null;
}

/** Empty means absent, null, blank text, an empty list or an empty object. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return trimmed(value) === '';
  if (Array.isArray(value)) return value.length === 0;
  if (isPlainObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** The longest organisation name one may type (the server's kMaxTypedOrganisation). */
export const kMaxTypedOrganisation = 100;

function codePoints(text: string): number {
  return [...text].length;
}

/**
 * A whole decimal number as C++'s std::from_chars reads one: an optional minus (no plus), digits
 * with an optional point, an optional exponent, and nothing else.
 */
function parseDecimal(text: string): number | null {
  const match = /^-?(?:(\d+)\.?(\d*)|\.(\d+))(?:[eE][+-]?\d+)?$/.exec(text);
  if (!match) return null;
  const parsed = Number(text);
  // from_chars reports a value too small to represent instead of rounding it to zero.
  const significant = (match[1] ?? '') + (match[2] ?? '') + (match[3] ?? '');
  if (parsed === 0 && /[1-9]/.test(significant)) return null;
  return parsed;
}

type ConditionKind = 'eq' | 'ne' | 'in' | 'empty' | 'age_below' | 'age_at_least' | 'all' | 'any' | 'not';

const kConditionKinds: ConditionKind[] = ['eq', 'ne', 'in', 'empty', 'age_below', 'age_at_least', 'all', 'any', 'not'];

interface CompiledCondition {
  kind: ConditionKind;
  field: string;
  values: string[];
  empty: boolean;
  age: number;
  children: CompiledCondition[];
}

/** Reads a condition as the server's form reader does; null for one that names no operator. */
function compileCondition(raw: unknown): CompiledCondition | null {
  if (!isPlainObject(raw)) return null;
  const kind = kConditionKinds.find((k) => hasOwn(raw, k));
  if (!kind) return null;
  const value = raw[kind];
  const condition: CompiledCondition = {
    kind,
    field: typeof raw.field === 'string' ? raw.field : '',
    values: [],
    empty: true,
    age: 0,
    children: [],
  };
  switch (kind) {
    case 'all':
    case 'any':
      for (const child of Array.isArray(value) ? value : []) {
        const compiled = compileCondition(child);
        if (compiled) condition.children.push(compiled);
      }
      break;
    case 'not': {
      const compiled = compileCondition(value);
      if (compiled) condition.children.push(compiled);
      break;
    }
    case 'eq':
    case 'ne': {
      const text = scalarText(value);
      if (text !== null) condition.values.push(text);
      break;
    }
    case 'in':
      for (const item of Array.isArray(value) ? value : []) {
        const text = scalarText(item);
        if (text !== null) condition.values.push(text);
      }
      break;
    case 'empty':
      condition.empty = typeof value === 'boolean' ? value : true;
      break;
    default:
      condition.age = typeof value === 'number' ? Math.trunc(value) : Number(value) || 0;
      break;
  }
  return condition;
}

/** The option values of a choice field as text, or null when any value is accepted. */
function optionValues(field: FormField): string[] | null {
  if (field.dictionary && !Array.isArray(field.options)) return null;
  return (field.options ?? []).map((option) => scalarText(option.value) ?? '');
}

/** A checkbox without options (and no dictionary) is a yes/no box. */
export function isBooleanCheckbox(field: FormField): boolean {
  return field.type === 'checkbox' && (field.options ?? []).length === 0 && !field.dictionary;
}

function numberBound(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseDecimal(value);
  return null;
}

interface Placed {
  section: FormSection;
  field: FormField;
  sectionWhen: CompiledCondition | null;
  fieldWhen: CompiledCondition | null;
}

class FormCheck {
  private readonly placed = new Map<string, Placed>();
  private readonly order: Placed[] = [];
  private readonly visibleCache = new Map<string, boolean>();

  constructor(
    form: FormDefinition,
    private readonly input: unknown,
    private readonly today: CivilDate,
  ) {
    for (const section of form.sections ?? []) {
      const sectionWhen = section.visibleWhen ? compileCondition(section.visibleWhen) : null;
      for (const field of section.fields ?? []) {
        const entry: Placed = {
          section,
          field,
          sectionWhen,
          fieldWhen: field.visibleWhen ? compileCondition(field.visibleWhen) : null,
        };
        this.order.push(entry);
        if (!this.placed.has(field.key)) this.placed.set(field.key, entry);
      }
    }
  }

  fields(): readonly Placed[] {
    return this.order;
  }

  /** A condition outside the form's own visibility rules (freeTextWhen), read as visibleWhen is. */
  evaluate(condition: Condition): boolean {
    const compiled = compileCondition(condition);
    return compiled !== null && this.holds(compiled);
  }

  visible(entry: Placed): boolean {
    const known = this.visibleCache.get(entry.field.key);
    if (known !== undefined) return known;
    // Cycles are refused when the form is read; this guard only keeps a hand-built definition
    // from recursing forever.
    this.visibleCache.set(entry.field.key, false);
    const shown =
      (!entry.sectionWhen || this.holds(entry.sectionWhen)) && (!entry.fieldWhen || this.holds(entry.fieldWhen));
    this.visibleCache.set(entry.field.key, shown);
    return shown;
  }

  run(): ValidationResult {
    const result: ValidationResult = { errors: [], values: {} };
    for (const entry of this.order) {
      if (!this.visible(entry)) continue;
      const { field } = entry;
      let value = this.effective(field.key);
      if (isBooleanCheckbox(field) && value === false) value = undefined;
      if (isEmptyValue(value)) {
        if (field.required) this.add(result, field, 'required', '此项为必填项', 'This field is required');
        continue;
      }
      const cleaned = this.check(result, field, value);
      if (cleaned === undefined) continue;
      const fromId = this.filledFromId(field.key);
      if (fromId !== undefined && scalarText(cleaned) !== fromId) {
        if (field.type === 'date') {
          this.add(
            result,
            field,
            'id_number_mismatch',
            '与证件号码中的出生日期不一致',
            'Does not match the date of birth in the ID number',
          );
        } else {
          this.add(result, field, 'id_number_mismatch', '与证件号码中的性别不一致', 'Does not match the gender in the ID number');
        }
        continue;
      }
      result.values[field.key] = cleaned;
    }
    return result;
  }

  /** The value of `key` as other fields' conditions see it: nothing while the field is hidden. */
  private current(key: string): unknown {
    const entry = this.placed.get(key);
    if (!entry || !this.visible(entry)) return undefined;
    return this.effective(key);
  }

  /** The submitted value, or what a visible, valid ID number fills into an empty field. */
  private effective(key: string): unknown {
    const value = member(this.input, key);
    if (!isEmptyValue(value)) return value;
    return this.filledFromId(key) ?? value;
  }

  private readonly filledCache = new Map<string, string | undefined>();

  /** The text a visible, valid resident ID number gives `key` through its field's `fills`. */
  private filledFromId(key: string): string | undefined {
    if (this.filledCache.has(key)) return this.filledCache.get(key);
    // Set before the visibility check below, which may come back here through a condition.
    this.filledCache.set(key, undefined);
    let found: string | undefined;
    for (const entry of this.order) {
      const { fills } = entry.field;
      if (!fills || (fills.birth_date !== key && fills.gender !== key) || !this.visible(entry)) continue;
      const idValue = member(this.input, entry.field.key);
      if (typeof idValue !== 'string') continue;
      const info = checkResidentId(idValue, this.today).info;
      if (!info) continue;
      found = fills.birth_date === key ? formatCivilDate(info.birthDate) : info.gender;
    }
    this.filledCache.set(key, found);
    return found;
  }

  private holds(c: CompiledCondition): boolean {
    switch (c.kind) {
      case 'all':
        return c.children.every((child) => this.holds(child));
      case 'any':
        return c.children.some((child) => this.holds(child));
      case 'not':
        return c.children.length === 0 || !this.holds(c.children[0] as CompiledCondition);
      default:
        break;
    }
    const value = this.current(c.field);
    if (c.kind === 'empty') return isEmptyValue(value) === c.empty;
    if (c.kind === 'age_below' || c.kind === 'age_at_least') {
      const birth = this.birthDate(c.field, value);
      if (!birth) return false;
      const age = ageOn(birth, this.today);
      return c.kind === 'age_below' ? age < c.age : age >= c.age;
    }
    if (isEmptyValue(value)) return c.kind === 'ne';
    const matches = (v: unknown) => {
      const text = scalarText(v);
      return text !== null && c.values.includes(text);
    };
    const found = Array.isArray(value) ? value.some(matches) : matches(value);
    return c.kind === 'ne' ? !found : found;
  }

  private birthDate(key: string, value: unknown): CivilDate | null {
    if (typeof value !== 'string') return null;
    if (this.placed.get(key)?.field.type === 'id_number') {
      return checkResidentId(value, this.today).info?.birthDate ?? null;
    }
    return parseCivilDate(trimmed(value));
  }

  private add(result: ValidationResult, field: FormField, code: FieldErrorCode, zhCN: string, en: string): undefined {
    result.errors.push({ field: field.key, code, message: { 'zh-CN': zhCN, en } });
    return undefined;
  }

  private wrongType(result: ValidationResult, field: FormField): undefined {
    return this.add(result, field, 'invalid_type', '填写的内容格式不正确', 'The value has the wrong form');
  }

  private choice(result: ValidationResult, field: FormField, value: unknown): string | undefined {
    const text = scalarText(value);
    if (text === null) return this.wrongType(result, field);
    const options = optionValues(field);
    if (options !== null && !options.includes(text)) {
      return this.add(result, field, 'invalid_option', '请从列表中选择', 'Choose one of the listed options');
    }
    return text;
  }

  private choices(result: ValidationResult, field: FormField, value: unknown): JsonValue[] | undefined {
    if (!Array.isArray(value)) return this.wrongType(result, field);
    const out: JsonValue[] = [];
    for (const item of value) {
      const one = this.choice(result, field, item);
      if (one === undefined) return undefined;
      out.push(one);
    }
    return out;
  }

  private identifier(result: ValidationResult, field: FormField, value: unknown, check: (text: string) => Checked) {
    if (typeof value !== 'string') return this.wrongType(result, field);
    const checked = check(value);
    if (checked.issue) {
      result.errors.push({ field: field.key, code: checked.issue.code, message: checked.issue.message });
      return undefined;
    }
    return checked.value;
  }

  private dateLimit(limit: unknown): CivilDate | null {
    if (typeof limit !== 'string') return null;
    return limit === 'today' ? this.today : parseCivilDate(limit);
  }

  private check(result: ValidationResult, field: FormField, value: unknown): JsonValue | undefined {
    switch (field.type) {
      case 'text':
      case 'textarea': {
        const text = scalarText(value);
        if (text === null || typeof value === 'boolean') return this.wrongType(result, field);
        const cleaned = trimmed(text);
        const length = codePoints(cleaned);
        if (typeof field.min_length === 'number' && length < field.min_length) {
          return this.add(
            result,
            field,
            'too_short',
            `至少填写${field.min_length}个字`,
            `Enter at least ${field.min_length} characters`,
          );
        }
        if (typeof field.max_length === 'number' && length > field.max_length) {
          return this.add(
            result,
            field,
            'too_long',
            `最多填写${field.max_length}个字`,
            `Enter at most ${field.max_length} characters`,
          );
        }
        return cleaned;
      }
      case 'number': {
        let number: number | null = null;
        if (typeof value === 'number') number = value;
        else if (typeof value === 'string') number = parseDecimal(trimmed(value));
        if (number === null || !Number.isFinite(number)) {
          return this.add(result, field, 'invalid_number', '请输入数字', 'Enter a number');
        }
        const min = numberBound(field.min);
        const max = numberBound(field.max);
        if (min !== null && number < min) {
          const text = scalarText(min) as string;
          return this.add(result, field, 'too_small', `不能小于${text}`, `Must be at least ${text}`);
        }
        if (max !== null && number > max) {
          const text = scalarText(max) as string;
          return this.add(result, field, 'too_large', `不能大于${text}`, `Must be at most ${text}`);
        }
        return Math.floor(number) === number && Math.abs(number) < 1e15 ? number + 0 : number;
      }
      case 'select':
      case 'radio':
        if (field.multiple === true) return this.choices(result, field, value);
        return this.choice(result, field, value);
      case 'checkbox':
        if (isBooleanCheckbox(field)) return typeof value === 'boolean' ? value : this.wrongType(result, field);
        return this.choices(result, field, value);
      case 'date': {
        const date = typeof value === 'string' ? parseCivilDate(trimmed(value)) : null;
        if (!date) return this.add(result, field, 'invalid_date', '请输入有效的日期', 'Enter a valid date');
        const min = this.dateLimit(field.min);
        if (min && compareCivilDates(date, min) < 0) {
          const text = formatCivilDate(min);
          return this.add(result, field, 'date_too_early', `日期不能早于${text}`, `The date must not be before ${text}`);
        }
        const max = this.dateLimit(field.max);
        if (max && compareCivilDates(date, max) > 0) {
          const text = formatCivilDate(max);
          return this.add(result, field, 'date_too_late', `日期不能晚于${text}`, `The date must not be after ${text}`);
        }
        return formatCivilDate(date);
      }
      case 'region': {
        const ok =
          Array.isArray(value) &&
          value.length <= 3 &&
          value.every((v) => typeof v === 'string' && /^[0-9]{6}$/.test(v));
        if (!ok) {
          return this.add(result, field, 'invalid_region', '请选择省、市、区', 'Choose a province, city and district');
        }
        return value as JsonValue;
      }
      case 'upload':
        return this.uploads(result, field, value);
      case 'organisation':
      case 'committee_member': {
        if (field.type === 'organisation' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
          return this.typedOrganisation(result, field, value as Record<string, unknown>);
        }
        const text = scalarText(value);
        if (text === null || typeof value === 'boolean' || (typeof value === 'number' && !Number.isInteger(value))) {
          return this.wrongType(result, field);
        }
        return text;
      }
      case 'id_number':
        return this.identifier(result, field, value, (text) => checkResidentId(text, this.today));
      case 'mobile':
        return this.identifier(result, field, value, checkMobile);
      case 'email':
        return this.identifier(result, field, value, checkEmail);
      case 'postal_code':
        return this.identifier(result, field, value, checkPostalCode);
      case 'credit_code':
        return this.identifier(result, field, value, checkCreditCode);
    }
    return this.wrongType(result, field);
  }

  // The descriptions of files already uploaded ({id, name, size}); the upload endpoint decides
  // the real type from the bytes, this repeats the form's limits on what the browser declares.
  /** An organisation typed by name ({name}), where the field's freeTextWhen holds. */
  private typedOrganisation(result: ValidationResult, field: FormField, value: Record<string, unknown>): JsonValue | undefined {
    const name = value.name;
    if (!field.freeTextWhen || typeof name !== 'string' || name.trim() === '') return this.wrongType(result, field);
    const text = name.trim();
    if (!this.evaluate(field.freeTextWhen)) {
      const zh = field.label['zh-CN'] ?? '';
      const en = field.label.en ?? zh;
      return this.add(
        result,
        field,
        'organisation_registry_only',
        `${zh}只可在系统中的单位中选择；如系统中缺少您的单位，请联系协会添加`,
        `${en} must be chosen from the registry; ask the association to add a missing one`,
      );
    }
    if (codePoints(text) > kMaxTypedOrganisation) {
      return this.add(result, field, 'too_long', `最多填写${kMaxTypedOrganisation}个字`, `Enter at most ${kMaxTypedOrganisation} characters`);
    }
    return { name: text };
  }

  private uploads(result: ValidationResult, field: FormField, value: unknown): JsonValue | undefined {
    const rule = uploadRuleOf(field);
    if (!Array.isArray(value)) return this.wrongType(result, field);
    if (value.length > rule.max_count) {
      const [zhCN, en] = uploadCountText(rule);
      return this.add(result, field, 'upload_count', zhCN, en);
    }
    for (const file of value) {
      const issue = uploadFileIssue(rule, member(file, 'name'), member(file, 'size'));
      if (issue) {
        if (issue.code === 'invalid_type') return this.wrongType(result, field);
        return this.add(result, field, issue.code, issue.message['zh-CN'], issue.message.en);
      }
    }
    return value as JsonValue;
  }
}

function uploadCountText(rule: UploadRule): [string, string] {
  return [`最多上传${rule.max_count}个文件`, `Upload at most ${rule.max_count} files`];
}

/** The type of a file by its name's extension, lower case, "jpeg" read as "jpg". */
export function uploadExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  const extension = (dot < 0 ? '' : name.slice(dot + 1)).replace(/[A-Z]/g, (c) => c.toLowerCase());
  return extension === 'jpeg' ? 'jpg' : extension;
}

/** The issue of a file whose type the rule does not accept. */
export function uploadTypeIssue(rule: UploadRule): { code: 'upload_type'; message: BilingualText } {
  const allowed = rule.types.join(', ');
  return {
    code: 'upload_type',
    message: { 'zh-CN': `只能上传以下类型的文件：${allowed}`, en: `Only these file types are accepted: ${allowed}` },
  };
}

/** The issue of a file larger than the rule allows. */
export function uploadSizeIssue(rule: UploadRule): { code: 'upload_size'; message: BilingualText } {
  return {
    code: 'upload_size',
    message: { 'zh-CN': `文件不能超过${rule.max_size_mb}MB`, en: `A file must not exceed ${rule.max_size_mb} MB` },
  };
}

/**
 * Why one file does not fit an upload rule (type by extension, size), or null; the upload
 * control applies it to a file before sending it, the validator to every file a value lists.
 */
export function uploadFileIssue(
  rule: UploadRule,
  name: unknown,
  size: unknown,
): { code: 'invalid_type' | 'upload_type' | 'upload_size'; message: BilingualText } | null {
  if (typeof name !== 'string' || typeof size !== 'number' || !Number.isInteger(size)) {
    return { code: 'invalid_type', message: { 'zh-CN': '填写的内容格式不正确', en: 'The value has the wrong form' } };
  }
  if (!(rule.types as string[]).includes(uploadExtension(name))) return uploadTypeIssue(rule);
  if (size > rule.max_size_mb * 1024 * 1024) return uploadSizeIssue(rule);
  return null;
}

/** The issue of a list that holds more files than the rule allows. */
export function uploadCountIssue(rule: UploadRule): { code: 'upload_count'; message: BilingualText } {
  const [zhCN, en] = uploadCountText(rule);
  return { code: 'upload_count', message: { 'zh-CN': zhCN, en } };
}

/**
 * Checks `input` (field key → value as the browser sends it) against `form`; keys the form does
 * not define are ignored. `today` anchors age rules and "today" date limits.
 */
export function validateForm(form: FormDefinition, input: unknown, today: CivilDate): ValidationResult {
  return new FormCheck(form, input, today).run();
}

/** Whether `condition` holds for `input`, as the server's condition_holds decides it. */
export function conditionHolds(form: FormDefinition, condition: Condition, input: unknown, today: CivilDate): boolean {
  return new FormCheck(form, input, today).evaluate(condition);
}

/** The keys of the fields that are visible for `input`, in form order. */
export function visibleFields(form: FormDefinition, input: unknown, today: CivilDate): string[] {
  const check = new FormCheck(form, input, today);
  return check
    .fields()
    .filter((entry) => check.visible(entry))
    .map((entry) => entry.field.key);
}

/** The message of an issue in a locale ("en…" → English when there is one, Chinese otherwise). */
export function issueMessage(message: BilingualText, locale: string): string {
  return locale.toLowerCase().startsWith('en') && message.en ? message.en : message['zh-CN'];
}

/** Issues as a 422 carries them, in one language. */
export function toFieldErrors(issues: readonly FieldIssue[], locale: string) {
  return issues.map((issue) => ({ field: issue.field, code: issue.code, message: issueMessage(issue.message, locale) }));
}
