/** Text in several languages, keyed by BCP 47 tag ("zh-CN", "en"). */
export type LocalizedText = Partial<Record<string, string>>;

export interface MemberType {
  key: string;
  name: LocalizedText;
  description?: LocalizedText;
}

export interface TenantChild {
  slug: string;
  kind: string;
  name: LocalizedText;
}

export interface TenantBranding {
  primaryColor: string;
  logoText: string;
}

/** The public description of one tenant: `GET /api/v1/t/<slug>/tenant`. */
export interface Tenant {
  slug: string;
  realm: string;
  parent: string | null;
  kind: string;
  name: LocalizedText;
  shortName: LocalizedText;
  defaultLocale: string;
  branding: TenantBranding;
  memberTypes: MemberType[];
  children: TenantChild[];
}

/** An RFC 9457 problem document, as every API error is sent. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  /** Field errors of a 422: `field` is the form's field path. */
  errors?: FieldError[];
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** One page of a list: `?page=&pageSize=` → this. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type Role = 'member' | 'reviewer' | 'tenant_admin' | 'platform_admin';

export interface Account {
  id: string;
  /** Masked by the server: 138****8000. */
  mobile: string;
  email: string | null;
  realm: string;
  mustCompleteProfile: boolean;
  /** A one-time password (a new admin's) must be replaced before anything else. */
  mustChangePassword: boolean;
  /** False for an account an old roster's member opened with an SMS code: no password yet. */
  hasPassword?: boolean;
}

/** A tenant of the realm where the account holds a role or membership. */
export interface MyTenant {
  slug: string;
  name: LocalizedText;
  roles: Role[];
}

/** `GET /api/v1/auth/me`. */
export interface Me {
  account: Account;
  tenants: MyTenant[];
}

export type SmsPurpose = 'register' | 'sign_in' | 'reset';

export interface SessionInfo {
  id: string;
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
}

export interface InboxMessage {
  id: string;
  tenant: string;
  title: string;
  body: string;
  read: boolean;
  createdAt: string;
}

export interface InboxPage extends Page<InboxMessage> {
  unread: number;
}

export interface RoleGrant {
  tenant: string;
  role: Role;
}

export type AccountStatus = 'active' | 'frozen';

/** What an admin may reveal of an account: shown masked everywhere else. */
export type ContactField = 'mobile' | 'email';

export interface AdminAccount {
  id: string;
  mobile: string;
  email: string | null;
  status: AccountStatus;
  roles: RoleGrant[];
  createdAt: string;
  lastSignInAt: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  event: string;
  actor: string | null;
  subject: string | null;
  tenant: string | null;
  ip: string | null;
  detail: string | null;
}

export type Channel = 'site' | 'email' | 'sms';
export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'dropped';

export interface Delivery {
  id: string;
  channel: Exclude<Channel, 'site'>;
  recipient: string;
  template: string;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}
