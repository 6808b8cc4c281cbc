import { getJson, query, sendJson, type RequestOptions } from './http';
import type { InboxPage } from './types';

export async function listMessages(page: number, pageSize: number, options: RequestOptions): Promise<InboxPage> {
  const answer = await getJson<Partial<InboxPage>>(`/api/v1/me/messages${query({ page, pageSize })}`, options);
  return {
    items: Array.isArray(answer.items) ? answer.items : [],
    total: answer.total ?? 0,
    page: answer.page ?? page,
    pageSize: answer.pageSize ?? pageSize,
    unread: answer.unread ?? 0,
  };
}

export async function unreadCount(options: RequestOptions): Promise<number> {
  const answer = await getJson<{ unread?: number }>('/api/v1/me/messages/unread-count', options);
  return answer.unread ?? 0;
}

export async function markRead(id: string, options: RequestOptions): Promise<void> {
  await sendJson('POST', `/api/v1/me/messages/${encodeURIComponent(id)}/read`, undefined, options);
}

export async function markAllRead(options: RequestOptions): Promise<void> {
  await sendJson('POST', '/api/v1/me/messages/read-all', undefined, options);
}
