import { getJson, sendJson, type RequestOptions } from './http';
import type { Account, Me, SessionInfo, SmsPurpose } from './types';

const tenantAuth = (slug: string, rest: string) => `/api/v1/t/${encodeURIComponent(slug)}/auth/${rest}`;

export async function sendSmsCode(
  slug: string,
  mobile: string,
  purpose: SmsPurpose,
  options: RequestOptions,
): Promise<{ cooldownSeconds: number }> {
  const answer = await sendJson<{ cooldownSeconds?: number } | null>(
    'POST',
    tenantAuth(slug, 'sms-codes'),
    { mobile, purpose },
    options,
  );
  // The baseline's per-phone cooldown, should the server not say.
  return { cooldownSeconds: answer?.cooldownSeconds ?? 60 };
}

export interface Registration {
  mobile: string;
  code: string;
  password: string;
  email?: string;
}

export async function register(slug: string, form: Registration, options: RequestOptions): Promise<Account | null> {
  const body: Registration = { mobile: form.mobile, code: form.code, password: form.password };
  if (form.email) body.email = form.email;
  const answer = await sendJson<{ account?: Account } | null>('POST', tenantAuth(slug, 'register'), body, options);
  return answer?.account ?? null;
}

export type Credentials = { mobile: string; password: string } | { mobile: string; code: string };

export async function signIn(slug: string, credentials: Credentials, options: RequestOptions): Promise<Account | null> {
  const answer = await sendJson<{ account?: Account } | null>('POST', tenantAuth(slug, 'sign-in'), credentials, options);
  return answer?.account ?? null;
}

export async function requestPasswordReset(slug: string, login: string, options: RequestOptions): Promise<void> {
  await sendJson('POST', tenantAuth(slug, 'password-resets'), { login }, options);
}

export async function resetPassword(token: string, password: string, options: RequestOptions): Promise<void> {
  await sendJson('POST', `/api/v1/auth/password-resets/${encodeURIComponent(token)}`, { password }, options);
}

export async function fetchMe(options: RequestOptions): Promise<Me> {
  return getJson<Me>('/api/v1/auth/me', options);
}

export async function signOut(options: RequestOptions): Promise<void> {
  await sendJson('POST', '/api/v1/auth/sign-out', undefined, options);
}

export async function changePassword(
  currentPassword: string,
  newPassword: string,
  options: RequestOptions,
): Promise<void> {
  await sendJson('POST', '/api/v1/auth/password', { currentPassword, newPassword }, options);
}

/** The first password of an account opened by an SMS code (`hasPassword: false`): none to confirm. */
export async function setPassword(newPassword: string, options: RequestOptions): Promise<void> {
  await sendJson('POST', '/api/v1/auth/password', { newPassword }, options);
}

export async function listSessions(options: RequestOptions): Promise<SessionInfo[]> {
  const answer = await getJson<{ items?: SessionInfo[] }>('/api/v1/auth/sessions', options);
  return Array.isArray(answer.items) ? answer.items : [];
}

export async function endSession(id: string, options: RequestOptions): Promise<void> {
  await sendJson('DELETE', `/api/v1/auth/sessions/${encodeURIComponent(id)}`, undefined, options);
}
