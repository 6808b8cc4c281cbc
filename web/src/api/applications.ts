import { getJson, query, sendJson, type RequestOptions } from './http';
import type { FormDefinition, FormValues, UploadedFile } from '@/forms/types';
import type { LocalizedText } from './types';

/** `awaiting_stamp`: a membership application submitted but still missing the stamped paper form. */
export type ApplicationStatus = 'draft' | 'awaiting_stamp' | 'under_review' | 'returned' | 'approved' | 'rejected';

export interface ApplicationEvent {
  at: string;
  actor: string | null;
  /** `stamp`: the applicant attached the stamped paper form, which put the application under review. */
  action: 'submit' | 'stamp' | 'approve' | 'reject' | 'return' | 'auto_approve';
  from: string;
  to: string;
  step: string | null;
  reason: string | null;
}

export interface Membership {
  id: string;
  tenant: string;
  memberType: string;
  memberNumber: string;
  status: 'active' | 'expired' | 'frozen' | 'superseded';
  applicationId: string;
  validFrom: string;
  validUntil: string | null;
}

export interface Application {
  id: string;
  tenant: string;
  kind: string;
  status: ApplicationStatus;
  step: string | null;
  /** The current step's title from the tenant's workflow; null when no step is current. */
  stepTitle: LocalizedText | null;
  reason: string | null;
  version: number;
  values: FormValues;
  /** Protected fields (ID numbers, mobiles), masked. */
  masked: Record<string, string>;
  createdAt: string;
  submittedAt: string | null;
  dueAt: string | null;
  decidedAt: string | null;
  events: ApplicationEvent[];
  membership: Membership | null;
  /** A change request's differences from the profile when it was submitted; null otherwise. */
  changes: FieldChange[] | null;
  /** Who applies: the application's name, else the applicant's profile name. */
  applicantName?: string;
  /** Reviewers' notes to one another: for reviewers only, empty for the applicant. */
  comments: ReviewComment[];
  /** An institution's review of an approved membership application: that application. */
  parentId?: string | null;
  /** The committee, branch or council reviewing (its key and name); null otherwise. */
  institution?: string | null;
  institutionName?: LocalizedText | null;
  /** A membership application: the institutions it names (申请机构), reviewed after approval. */
  institutions?: NamedInstitution[];
}

export interface NamedInstitution {
  key: string;
  name: LocalizedText;
}

/** One field a change request changes; protected values arrive masked. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ReviewComment {
  at: string;
  author: string;
  authorName: string;
  body: string;
}

/** `activate_membership`: a legacy member completes their details (完善会员信息) to activate the membership. */
export type ApprovalEffect =
  | 'create_membership'
  | 'change_member_type'
  | 'apply_profile_changes'
  | 'activate_membership'
  | 'join_institution';

/** What the review queue shows; empty members filter nothing. */
export interface QueueFilter {
  /** '' (what I may act on now) or a status / 'all' (admins). */
  status?: string;
  kind?: string;
  member_type?: string;
  submitted_from?: string;
  submitted_to?: string;
  overdue?: boolean;
}

export interface BatchResult {
  id: string;
  application?: Application;
  code?: string;
  message?: string;
}

export interface ApplicationKind {
  key: string;
  title: LocalizedText;
  form: string;
  effect: ApprovalEffect;
  /** The printable application form's formats. */
  print?: ('pdf' | 'xlsx')[];
  /**
   * The upload field of the form that takes the stamped paper form (提交盖章文件): submitted
   * without it, the application waits in `awaiting_stamp` until submitStamp.
   */
  stamp?: string | null;
}

export type DecisionAction = 'approve' | 'reject' | 'return';

const base = (slug: string) => `/api/v1/t/${encodeURIComponent(slug)}`;
const one = (slug: string, id: string, tail = '') => `${base(slug)}/applications/${encodeURIComponent(id)}${tail}`;

export async function listKinds(slug: string, options: RequestOptions): Promise<ApplicationKind[]> {
  return (await getJson<{ items?: ApplicationKind[] }>(`${base(slug)}/application-kinds`, options)).items ?? [];
}

/** The account's applications in every tenant of the realm, newest first. */
export async function listMyApplications(slug: string, options: RequestOptions): Promise<Application[]> {
  return (await getJson<{ items?: Application[] }>(`${base(slug)}/applications`, options)).items ?? [];
}

export async function listMemberships(slug: string, options: RequestOptions): Promise<Membership[]> {
  return (await getJson<{ items?: Membership[] }>(`${base(slug)}/memberships`, options)).items ?? [];
}

/** The form a kind of application is filled in with (`ApplicationKind.form`). */
export async function getKindForm(slug: string, form: string, options: RequestOptions): Promise<FormDefinition> {
  return getJson<FormDefinition>(`${base(slug)}/forms/${encodeURIComponent(form)}`, options);
}

export async function getApplication(slug: string, id: string, options: RequestOptions): Promise<Application> {
  return getJson<Application>(one(slug, id), options);
}

export async function createApplication(
  slug: string,
  kind: string,
  values: FormValues,
  options: RequestOptions,
): Promise<Application> {
  return (await sendJson<Application>('POST', `${base(slug)}/applications`, { kind, values }, options)) as Application;
}

export async function saveApplication(
  slug: string,
  application: Application,
  values: FormValues,
  options: RequestOptions,
): Promise<Application> {
  return (await sendJson<Application>(
    'PUT',
    one(slug, application.id),
    { values, version: application.version },
    options,
  )) as Application;
}

export async function submitApplication(slug: string, application: Application, options: RequestOptions): Promise<Application> {
  return (await sendJson<Application>(
    'POST',
    one(slug, application.id, '/submit'),
    { version: application.version },
    options,
  )) as Application;
}

/**
 * Attaches the stamped paper form (the stamp field's files) to an application awaiting it, which
 * then enters review: 422 on the stamp field when empty or not the applicant's upload.
 */
export async function submitStamp(
  slug: string,
  application: Application,
  files: UploadedFile[],
  options: RequestOptions,
): Promise<Application> {
  return (await sendJson<Application>(
    'POST',
    one(slug, application.id, '/stamp'),
    { files, version: application.version },
    options,
  )) as Application;
}

function queueQuery(filter: QueueFilter): string {
  return query({ ...filter, overdue: filter.overdue ? '1' : '' });
}

/** What the signed-in reviewer may act on now (or, for admins, any status), oldest first. */
export async function reviewQueue(slug: string, filter: QueueFilter, options: RequestOptions): Promise<Application[]> {
  return (await getJson<{ items?: Application[] }>(`${base(slug)}/review/queue${queueQuery(filter)}`, options)).items ?? [];
}

/** Where the browser downloads the queue with these filters as an Excel workbook. */
export function reviewQueueWorkbookUrl(slug: string, filter: QueueFilter): string {
  return `${base(slug)}/review/queue.xlsx${queueQuery(filter)}`;
}

/** Approves several applications at the versions the reviewer saw; each says how it ended. */
export async function approveAll(slug: string, applications: Application[], options: RequestOptions): Promise<BatchResult[]> {
  const items = applications.map((application) => ({ id: application.id, version: application.version }));
  return ((await sendJson<{ items: BatchResult[] }>('POST', `${base(slug)}/review/approvals`, { items }, options)) as { items: BatchResult[] })
    .items;
}

/** Adds a note for the other reviewers; answers the application with its notes. */
export async function addComment(slug: string, application: Application, body: string, options: RequestOptions): Promise<Application> {
  return (await sendJson<Application>('POST', one(slug, application.id, '/comments'), { body }, options)) as Application;
}

/**
 * A decision on the application's current step, against the version the reviewer saw: a stale
 * one is refused (409 application_changed). Only a return or a rejection carries a reason.
 */
export async function decide(
  slug: string,
  application: Application,
  action: DecisionAction,
  reason: string,
  options: RequestOptions,
): Promise<Application> {
  const body = action === 'approve' ? { action, version: application.version } : { action, reason, version: application.version };
  return (await sendJson<Application>('POST', one(slug, application.id, '/decisions'), body, options)) as Application;
}

/** A protected value of the application in full, for its reviewers; the server audits it. */
export async function revealApplicationField(
  slug: string,
  application: Application,
  field: string,
  options: RequestOptions,
): Promise<string> {
  return ((await sendJson<{ value: string }>('POST', one(slug, application.id, '/reveal'), { field }, options)) as { value: string }).value;
}
