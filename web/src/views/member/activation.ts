/**
 * 原会员激活: whether the signed-in account, found on the tenant's old roster, still has its
 * membership to activate, and where the activation goes on. The member centre's prompt
 * (MemberLayout) and its 完善会员信息 action (ApplicationsPage) ask the same.
 */
import {
  createApplication,
  type Application,
  type ApplicationKind,
  type ApplicationStatus,
  type Membership,
} from '@/api/applications';
import type { RequestOptions } from '@/api/http';
import type { LegacyRecord } from '@/api/legacy';

// An activation in these states is on its way or done: nothing to start again.
const kUnderway: ReadonlySet<ApplicationStatus> = new Set(['awaiting_stamp', 'under_review', 'approved']);
// One the member may still work on: the draft, or one sent back with a reason to correct.
const kOpen: ReadonlySet<ApplicationStatus> = new Set(['draft', 'returned', 'rejected']);

export function activationKind(kinds: ApplicationKind[]): ApplicationKind | undefined {
  return kinds.find((kind) => kind.effect === 'activate_membership');
}

/**
 * A pending record of this tenant's old roster, no activation of it underway, and no membership
 * here already (the server refuses to activate one who joined anew).
 */
export function mayActivate(
  slug: string,
  kind: ApplicationKind,
  records: LegacyRecord[],
  applications: Application[],
  memberships: Membership[],
): boolean {
  return (
    records.some((record) => record.tenant === slug && record.status === 'pending') &&
    !memberships.some((membership) => membership.tenant === slug && membership.status === 'active') &&
    !applications.some((application) => application.tenant === slug && application.kind === kind.key && kUnderway.has(application.status))
  );
}

/** The activation to continue, newest first as the server lists them; undefined when there is none. */
export function openActivation(slug: string, kind: ApplicationKind, applications: Application[]): Application | undefined {
  return applications.find((application) => application.tenant === slug && application.kind === kind.key && kOpen.has(application.status));
}

/**
 * The id of the activation to open: the one to continue, else a new one, which the server fills
 * from the old roster (so it is created with no values of the browser's).
 */
export async function startActivation(
  slug: string,
  kind: ApplicationKind,
  applications: Application[],
  options: RequestOptions,
): Promise<string> {
  const open = openActivation(slug, kind, applications);
  if (open) return open.id;
  return (await createApplication(slug, kind.key, {}, options)).id;
}
