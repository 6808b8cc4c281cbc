import { getJson, query, sendJson, type RequestOptions } from './http';
import type { ApplicationEvent, ApplicationStatus } from './applications';

export type MembershipStatus = 'active' | 'frozen' | 'superseded' | 'expired';
export type AccountStatus = 'active' | 'frozen';

/** One membership in the admins' member list. */
export interface MemberEntry {
  membershipId: string;
  accountId: string;
  tenant: string;
  tenantName: string;
  name: string;
  gender: string;
  memberType: string;
  memberTypeName: string;
  memberNumber: string;
  status: MembershipStatus;
  /** The account itself, which identity may have frozen without touching the membership. */
  accountStatus: AccountStatus;
  /** This year's dues are recorded as paid. */
  duesPaid?: boolean;
  region: string[];
  regionText: string;
  employer: string;
  employerName: string;
  validFrom: string;
  validUntil: string | null;
}

export interface MemberFilter {
  q?: string;
  member_type?: string;
  status?: string;
  region?: string;
  employer?: string;
  joined_from?: string;
  joined_to?: string;
}

export interface MemberRecord {
  accountId: string;
  name: string;
  accountStatus: AccountStatus;
  memberships: MemberEntry[];
  applications: {
    id: string;
    tenant: string;
    kind: string;
    status: ApplicationStatus;
    reason: string | null;
    submittedAt: string | null;
    decidedAt: string | null;
    events: Pick<ApplicationEvent, 'at' | 'action' | 'from' | 'to' | 'reason'>[];
  }[];
  violations: { tenant: string; reason: string; recordedBy: string; recordedAt: string }[];
}

const base = (slug: string) => `/api/v1/t/${encodeURIComponent(slug)}/admin/members`;

export async function listMembers(
  slug: string,
  filter: MemberFilter,
  page: number,
  pageSize: number,
  options: RequestOptions,
): Promise<{ items: MemberEntry[]; total: number }> {
  const answer = await getJson<{ items?: MemberEntry[]; total?: number }>(
    `${base(slug)}${query({ ...filter, page, page_size: pageSize })}`,
    options,
  );
  return { items: answer.items ?? [], total: answer.total ?? 0 };
}

/** Where the browser downloads the list with these filters as an Excel workbook. */
export function membersWorkbookUrl(slug: string, filter: MemberFilter): string {
  return `${base(slug)}.xlsx${query({ ...filter })}`;
}

export function getMember(slug: string, account: string, options: RequestOptions): Promise<MemberRecord> {
  return getJson<MemberRecord>(`${base(slug)}/${encodeURIComponent(account)}`, options);
}

/** Freezes the account and records the violation; answers the member's record. */
/** Records this year's dues of the membership as paid; the member's page afterwards. */
export async function recordDues(slug: string, membershipId: string, options: RequestOptions): Promise<MemberRecord> {
  return (await sendJson<MemberRecord>(
    'POST',
    `/api/v1/t/${encodeURIComponent(slug)}/admin/memberships/${encodeURIComponent(membershipId)}/dues`,
    {},
    options,
  )) as MemberRecord;
}

export async function freezeMember(slug: string, account: string, reason: string, options: RequestOptions): Promise<MemberRecord> {
  return (await sendJson<MemberRecord>('POST', `${base(slug)}/${encodeURIComponent(account)}/freeze`, { reason }, options)) as MemberRecord;
}
