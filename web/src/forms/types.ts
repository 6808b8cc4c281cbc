/**
 * A tenant's form as the server serves it: `GET /api/v1/t/{slug}/forms/{key}` answers exactly
 * the JSON of `form_to_json` (platform/forms/form_json.cpp), the same shape as the definitions of
 * the conformance cases in tests/fixtures/forms/. Labels come in both languages; defaults
 * (required, multiple, upload limits) are written out, but the validator tolerates their absence
 * so that a definition read straight from the tenant YAML works too.
 */
import type { FieldError, LocalizedText } from '@/api/types';

export type { FieldError, LocalizedText };

export const kFieldTypes = [
  'text',
  'textarea',
  'number',
  'select',
  'radio',
  'checkbox',
  'date',
  'region',
  'upload',
  'organisation',
  'id_number',
  'mobile',
  'email',
  'postal_code',
  'credit_code',
  'committee_member',
] as const;

export type FieldType = (typeof kFieldTypes)[number];

/** What an upload field accepts, by lower-case extension ("jpeg" is read as "jpg"). */
export type UploadType = 'jpg' | 'png' | 'pdf';

/**
 * A visibility rule. Leaves test one field's current value; all / any / not combine rules.
 * Values compare as text, so `eq: 1` matches "1" and 1; on a list value eq means "contains",
 * ne "does not contain" and in "contains one of".
 */
export type Condition =
  | { field: string; eq: string | number | boolean }
  | { field: string; ne: string | number | boolean }
  | { field: string; in: (string | number | boolean)[] }
  | { field: string; empty: boolean }
  | { field: string; age_below: number }
  | { field: string; age_at_least: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition | Record<string, never> };

export interface FormOption {
  value: string;
  label: LocalizedText;
}

export interface UploadRule {
  types: UploadType[];
  max_size_mb: number;
  max_count: number;
}

export interface FormField {
  key: string;
  type: FieldType;
  label: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  min_length?: number;
  max_length?: number;
  /** number fields: the bounds; date fields: "YYYY-MM-DD" or "today". */
  min?: number | string;
  max?: number | string;
  /** Inline options, or the tenant dictionary's options inlined by the server. */
  options?: FormOption[];
  dictionary?: string;
  /** select only; a checkbox with options always holds a list. */
  multiple?: boolean;
  upload?: UploadRule;
  /**
   * id_number only: the date field and the male/female choice field a valid resident ID number
   * fills in when they are empty, and must agree with when they are not.
   */
  fills?: { birth_date?: string; gender?: string };
  visibleWhen?: Condition;
  /**
   * organisation only: while this holds, a name not in the registry may be typed ({name}) instead
   * of picking one; otherwise only the registry's. Absent: registry only.
   */
  freeTextWhen?: Condition;
}

/** An organisation field's value: a registry id, or a name typed where freeTextWhen allows. */
export type OrganisationValue = string | { name: string };

export interface FormSection {
  key: string;
  title: LocalizedText;
  visibleWhen?: Condition;
  fields: FormField[];
}

export interface FormDefinition {
  key: string;
  title: LocalizedText;
  sections: FormSection[];
}

/** A value as JSON carries it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Field key → value as the browser sends it (`{"values": {...}}`). */
export type FormValues = Record<string, unknown>;

/** One uploaded file as an upload field holds it. */
export interface UploadedFile {
  id: string;
  name: string;
  size: number;
}

/** The answer of `POST /api/v1/t/{slug}/uploads`. */
export interface UploadReceipt extends UploadedFile {
  type: UploadType;
  width?: number;
  height?: number;
}

/** A message in both languages of the product, as the server's validator writes them. */
export interface BilingualText {
  'zh-CN': string;
  en: string;
}

/** One field error of the validator, before a language is chosen. */
export interface FieldIssue {
  field: string;
  code: FieldErrorCode;
  message: BilingualText;
}

export type FieldErrorCode =
  | 'required'
  | 'invalid_type'
  | 'too_short'
  | 'too_long'
  | 'invalid_number'
  | 'too_small'
  | 'too_large'
  | 'invalid_option'
  | 'invalid_date'
  | 'date_too_early'
  | 'date_too_late'
  | 'invalid_region'
  | 'upload_type'
  | 'upload_size'
  | 'upload_count'
  | 'id_number_format'
  | 'id_number_province'
  | 'id_number_birth_date'
  | 'id_number_check_digit'
  | 'credit_code_format'
  | 'credit_code_check'
  | 'mobile_format'
  | 'email_format'
  | 'postal_code_format'
  | 'id_number_mismatch'
  | 'organisation_registry_only';

export interface ValidationResult {
  errors: FieldIssue[];
  /** Visible, filled and valid fields only, normalised, in form order. */
  values: Record<string, JsonValue>;
}

/** One node of `GET /api/v1/regions`. */
export interface Region {
  code: string;
  name: string;
  children?: Region[];
}

/** One organisation of a tenant's registry. */
export interface Organisation {
  id: string;
  name: string;
  credit_code?: string | null;
  region?: string[];
  merged_into?: string;
}

/** One person of a realm's committee-member directory, and where they sit. */
export interface CommitteeMember {
  id: string;
  name: string;
  seats: { tenant: string; name: LocalizedText }[];
}

export interface OrganisationPage {
  items: Organisation[];
  total: number;
}
