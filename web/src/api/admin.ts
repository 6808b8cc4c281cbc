import { getJson, query, sendJson, type RequestOptions } from './http';
import type {
  AccountStatus,
  AdminAccount,
  AuditEntry,
  Channel,
  ContactField,
  Delivery,
  DeliveryStatus,
  Page,
  RoleGrant,
} from './types';

const adminPath = (slug: string, rest: string) => `/api/v1/t/${encodeURIComponent(slug)}/admin/${rest}`;

async function page<T>(path: string, options: RequestOptions): Promise<Page<T>> {
  const answer = await getJson<Partial<Page<T>>>(path, options);
  return {
    items: Array.isArray(answer.items) ? answer.items : [],
    total: answer.total ?? 0,
    page: answer.page ?? 1,
    pageSize: answer.pageSize ?? 0,
  };
}

export interface AccountFilter {
  q?: string;
  status?: AccountStatus | '';
  page: number;
  pageSize: number;
}

export function listAccounts(slug: string, filter: AccountFilter, options: RequestOptions) {
  return page<AdminAccount>(adminPath(slug, `accounts${query({ ...filter })}`), options);
}

const accountPath = (slug: string, id: string, rest: string) =>
  adminPath(slug, `accounts/${encodeURIComponent(id)}/${rest}`);

export async function resetAccountPassword(slug: string, id: string, options: RequestOptions): Promise<void> {
  await sendJson('POST', accountPath(slug, id, 'password-reset'), undefined, options);
}

export async function freezeAccount(slug: string, id: string, reason: string, options: RequestOptions): Promise<void> {
  await sendJson('POST', accountPath(slug, id, 'freeze'), { reason }, options);
}

export async function unfreezeAccount(slug: string, id: string, options: RequestOptions): Promise<void> {
  await sendJson('POST', accountPath(slug, id, 'unfreeze'), undefined, options);
}

export async function setAccountRoles(
  slug: string,
  id: string,
  roles: RoleGrant[],
  options: RequestOptions,
): Promise<void> {
  await sendJson('PUT', accountPath(slug, id, 'roles'), { roles }, options);
}

/** The full mobile or e-mail of an account; the server writes an audit entry before it answers. */
export async function revealAccountContact(
  slug: string,
  id: string,
  field: ContactField,
  options: RequestOptions,
): Promise<string> {
  const answer = await sendJson<{ value?: string } | null>('POST', accountPath(slug, id, 'reveal'), { field }, options);
  return answer?.value ?? '';
}

export interface AuditFilter {
  event?: string;
  account?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export function listAudit(slug: string, filter: AuditFilter, options: RequestOptions) {
  return page<AuditEntry>(adminPath(slug, `audit${query({ ...filter })}`), options);
}

export interface Announcement {
  recipients: 'all' | string[];
  channels: Channel[];
  title: string;
  body: string;
}

export async function sendAnnouncement(
  slug: string,
  message: Announcement,
  options: RequestOptions,
): Promise<{ batchId: string; recipients: number }> {
  const answer = await sendJson<{ batchId?: string; recipients?: number } | null>(
    'POST',
    adminPath(slug, 'messages'),
    message,
    options,
  );
  return { batchId: answer?.batchId ?? '', recipients: answer?.recipients ?? 0 };
}

export interface DeliveryFilter {
  status?: DeliveryStatus | '';
  channel?: Exclude<Channel, 'site'> | '';
  page: number;
  pageSize: number;
}

export function listDeliveries(slug: string, filter: DeliveryFilter, options: RequestOptions) {
  return page<Delivery>(adminPath(slug, `deliveries${query({ ...filter })}`), options);
}
