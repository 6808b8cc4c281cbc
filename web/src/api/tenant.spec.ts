import { describe, expect, it, vi } from 'vitest';
import { ApiError, type FetchLike } from './http';
import { fetchTenant, tenantPath } from './tenant';

const tenantBody = {
  slug: 'med',
  realm: 'med',
  parent: null,
  kind: 'national',
  name: { 'zh-CN': '华夏医学会', en: 'Cathay Medical Association' },
  shortName: { 'zh-CN': '华医', en: 'CMA' },
  defaultLocale: 'zh-CN',
  branding: { primaryColor: '#b71c1c', logoText: '华医' },
  memberTypes: [{ key: 'professional', name: { 'zh-CN': '专业会员', en: 'Professional member' } }],
  children: [],
};

function respond(status: number, body: string, contentType: string): FetchLike {
  return vi.fn(async () => new Response(body, { status, headers: { 'Content-Type': contentType } }));
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected the request to fail');
}

describe('fetchTenant', () => {
  it('asks for the tenant in the user language and returns it', async () => {
    const fetchImpl = respond(200, JSON.stringify(tenantBody), 'application/json');
    const tenant = await fetchTenant('med', { locale: 'en', fetchImpl });
    expect(tenant.name.en).toBe('Cathay Medical Association');
    expect(tenant.memberTypes).toHaveLength(1);
    const [url, init] = vi.mocked(fetchImpl).mock.calls[0]!;
    expect(url).toBe('/api/v1/t/med/tenant');
    expect(new Headers(init?.headers).get('Accept-Language')).toBe('en');
  });

  it('escapes the slug into the path', () => {
    expect(tenantPath('a/b?c')).toBe('/api/v1/t/a%2Fb%3Fc/tenant');
  });

  it('fills in lists the server left out', async () => {
    const { memberTypes: _m, children: _c, shortName: _s, ...bare } = tenantBody;
    const tenant = await fetchTenant('med', {
      locale: 'zh-CN',
      fetchImpl: respond(200, JSON.stringify(bare), 'application/json; charset=utf-8'),
    });
    expect(tenant.memberTypes).toEqual([]);
    expect(tenant.children).toEqual([]);
    expect(tenant.shortName).toEqual(tenantBody.name);
  });

  it('maps 404 to not-found and keeps the problem detail', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: '找不到该机构。',
      code: 'tenant_not_found',
    };
    const error = await failure(
      fetchTenant('nope', {
        locale: 'zh-CN',
        fetchImpl: respond(404, JSON.stringify(problem), 'application/problem+json'),
      }),
    );
    expect(error.kind).toBe('not-found');
    expect(error.status).toBe(404);
    expect(error.problem?.code).toBe('tenant_not_found');
    expect(error.detail).toBe('找不到该机构。');
  });

  it('maps 503 to unavailable with the detail', async () => {
    const problem = { status: 503, detail: 'temporarily unavailable', code: 'tenant_unavailable' };
    const error = await failure(
      fetchTenant('broken', {
        locale: 'en',
        fetchImpl: respond(503, JSON.stringify(problem), 'application/problem+json'),
      }),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.detail).toBe('temporarily unavailable');
  });

  it('treats a non-JSON error page as a server fault without detail', async () => {
    const error = await failure(
      fetchTenant('med', {
        locale: 'en',
        fetchImpl: respond(500, '<h1>oops</h1>', 'text/html'),
      }),
    );
    expect(error.kind).toBe('server');
    expect(error.problem).toBeNull();
    expect(error.detail).toBeNull();
  });

  it('treats a malformed problem body as no problem', async () => {
    const error = await failure(
      fetchTenant('med', {
        locale: 'en',
        fetchImpl: respond(404, '{not json', 'application/problem+json'),
      }),
    );
    expect(error.kind).toBe('not-found');
    expect(error.problem).toBeNull();
  });

  it('maps other 4xx to client errors', async () => {
    const error = await failure(
      fetchTenant('med', {
        locale: 'en',
        fetchImpl: respond(429, JSON.stringify({ status: 429 }), 'application/problem+json'),
      }),
    );
    expect(error.kind).toBe('client');
  });

  it('maps a failed connection to a network error', async () => {
    const error = await failure(
      fetchTenant('med', {
        locale: 'en',
        fetchImpl: vi.fn(async () => {
          throw new TypeError('Failed to fetch');
        }),
      }),
    );
    expect(error.kind).toBe('network');
    expect(error.status).toBe(0);
  });

  it('refuses a 200 that is not a tenant', async () => {
    const html = await failure(
      fetchTenant('med', { locale: 'en', fetchImpl: respond(200, '<html>', 'text/html') }),
    );
    expect(html.kind).toBe('server');
    const wrong = await failure(
      fetchTenant('med', { locale: 'en', fetchImpl: respond(200, '[]', 'application/json') }),
    );
    expect(wrong.kind).toBe('server');
  });
});
