import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, csrfToken, kCsrfHeader, query, readCookie, sendJson, type FetchLike } from './http';
import { describeError, fieldMessages } from '@/utils/problems';

function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
}

beforeEach(clearCookies);
afterEach(clearCookies);

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status < 400 ? 'application/json' : 'application/problem+json';
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': type, ...headers },
  });
}

const headerOf = (init: RequestInit | undefined, name: string) => new Headers(init?.headers).get(name);

describe('readCookie', () => {
  it('finds one cookie among several', () => {
    expect(readCookie('gh_csrf', 'a=1; gh_csrf=tok%3D; b=2')).toBe('tok=');
    expect(readCookie('gh_csrf', 'gh_csrf_old=x; b=2')).toBeNull();
    expect(readCookie('gh_csrf', '')).toBeNull();
  });
});

describe('CSRF', () => {
  it('sends the gh_csrf cookie as X-CSRF-Token with the JSON body', async () => {
    document.cookie = 'gh_csrf=abc123; path=/';
    const fetchImpl = vi.fn<FetchLike>(async () => new Response(null, { status: 204 }));
    const result = await sendJson('POST', '/api/v1/auth/password', { currentPassword: 'a', newPassword: 'b' }, { locale: 'en', fetchImpl });
    expect(result).toBeNull();
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/password');
    expect(init?.method).toBe('POST');
    expect(headerOf(init, kCsrfHeader)).toBe('abc123');
    expect(headerOf(init, 'Content-Type')).toBe('application/json');
    expect(headerOf(init, 'Accept-Language')).toBe('en');
    expect(init?.credentials).toBe('same-origin');
    expect(JSON.parse(String(init?.body))).toEqual({ currentPassword: 'a', newPassword: 'b' });
  });

  it('asks for a token first when the browser has none', async () => {
    const fetchImpl = vi.fn<FetchLike>(async (url) => {
      if (url === '/api/v1/auth/csrf') {
        document.cookie = 'gh_csrf=fresh; path=/';
        return new Response(null, { status: 204 });
      }
      return json(202, { cooldownSeconds: 60 });
    });
    const answer = await sendJson('POST', '/api/v1/t/med/auth/sms-codes', { mobile: '13800138000' }, { locale: 'zh-CN', fetchImpl });
    expect(answer).toEqual({ cooldownSeconds: 60 });
    expect(fetchImpl.mock.calls.map(([url, init]) => `${init?.method} ${url}`)).toEqual([
      'GET /api/v1/auth/csrf',
      'POST /api/v1/t/med/auth/sms-codes',
    ]);
    expect(headerOf(fetchImpl.mock.calls[1]![1], kCsrfHeader)).toBe('fresh');
  });

  it('retries once with a fresh token when the server refuses a stale one', async () => {
    document.cookie = 'gh_csrf=stale; path=/';
    const seen: (string | null)[] = [];
    const fetchImpl = vi.fn<FetchLike>(async (url, init) => {
      if (url === '/api/v1/auth/csrf') {
        document.cookie = 'gh_csrf=renewed; path=/';
        return new Response(null, { status: 204 });
      }
      seen.push(headerOf(init, kCsrfHeader));
      return seen.length === 1 ? json(403, { status: 403, code: 'csrf_failed' }) : new Response(null, { status: 204 });
    });
    await sendJson('DELETE', '/api/v1/auth/sessions/s1', undefined, { locale: 'en', fetchImpl });
    expect(seen).toEqual(['stale', 'renewed']);
  });

  it('does not retry other refusals', async () => {
    document.cookie = 'gh_csrf=tok; path=/';
    const fetchImpl = vi.fn<FetchLike>(async () => json(403, { status: 403, code: 'account_frozen', detail: '账号已冻结' }));
    const error = await sendJson('POST', '/api/v1/t/med/auth/sign-in', {}, { locale: 'zh-CN', fetchImpl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('account_frozen');
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('fails clearly when the server sets no token', async () => {
    const fetchImpl = vi.fn<FetchLike>(async () => new Response(null, { status: 204 }));
    await expect(csrfToken({ locale: 'en', fetchImpl })).rejects.toThrow(/no gh_csrf cookie/);
  });
});

describe('error mapping', () => {
  const t = (key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key);
  const known = new Set(['errors.codes.account_frozen', 'errors.codes.invalid_credentials']);
  const te = (key: string) => known.has(key);

  async function failWith(response: Response): Promise<ApiError> {
    document.cookie = 'gh_csrf=tok; path=/';
    const error = await sendJson('POST', '/x', {}, { locale: 'zh-CN', fetchImpl: async () => response }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }

  it('keeps the field errors of a 422 for the form fields', async () => {
    const error = await failWith(
      json(422, {
        status: 422,
        code: 'validation_failed',
        errors: [
          { field: 'mobile', code: 'mobile_taken', message: '该手机号已注册' },
          { field: 'password', code: 'password_common', message: '密码过于常见' },
          { field: 'password', code: 'password_length', message: 'second message' },
          { field: 'elsewhere', code: 'x', message: 'not on this form' },
          'garbage',
        ],
      }),
    );
    expect(error.status).toBe(422);
    expect(error.fieldErrors).toHaveLength(4);
    expect(fieldMessages(error, ['mobile', 'password'])).toEqual({ mobile: '该手机号已注册', password: '密码过于常见' });
  });

  it('reads Retry-After of a 429 into the message', async () => {
    const error = await failWith(json(429, { status: 429, code: 'too_many_requests' }, { 'Retry-After': '120' }));
    expect(error.retryAfter).toBe(120);
    expect(describeError(error, t, te).title).toBe('errors.retryAfter {"wait":"errors.minutes {\\"n\\":2}"}');
  });

  it('words known codes itself and keeps the server detail beside them', async () => {
    const error = await failWith(json(403, { status: 403, code: 'account_frozen', detail: '请联系管理员' }));
    expect(describeError(error, t, te)).toEqual({ title: 'errors.codes.account_frozen', detail: '请联系管理员' });
  });

  it('falls back to the server detail, then to a generic message', async () => {
    const withDetail = await failWith(json(409, { status: 409, code: 'odd', detail: '状态不对' }));
    expect(describeError(withDetail, t, te)).toEqual({ title: '状态不对', detail: null });
    const bare = await failWith(new Response('<h1>502</h1>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    expect(describeError(bare, t, te).title).toBe('errors.server');
  });
});

describe('query', () => {
  it('leaves out unset values', () => {
    expect(query({ q: '', status: 'frozen', page: 1, x: null, y: undefined })).toBe('?status=frozen&page=1');
    expect(query({})).toBe('');
  });
});
