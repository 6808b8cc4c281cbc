import { ApiError, getJson, type RequestOptions } from './http';
import type { Tenant } from './types';

export function tenantPath(slug: string): string {
  return `/api/v1/t/${encodeURIComponent(slug)}/tenant`;
}

/**
 * Fetches a tenant's public description. Lists the server leaves out become empty lists so
 * that pages never have to guard against them; a body without a name is a server fault.
 */
export async function fetchTenant(slug: string, options: RequestOptions): Promise<Tenant> {
  const raw = await getJson<Partial<Tenant>>(tenantPath(slug), options);
  if (typeof raw !== 'object' || raw === null || typeof raw.slug !== 'string' || !raw.name) {
    throw new ApiError('server', 200, null, `GET ${tenantPath(slug)}: unexpected body`);
  }
  return {
    slug: raw.slug,
    realm: raw.realm ?? raw.slug,
    parent: raw.parent ?? null,
    kind: raw.kind ?? '',
    name: raw.name,
    shortName: raw.shortName ?? raw.name,
    defaultLocale: raw.defaultLocale ?? 'zh-CN',
    branding: {
      primaryColor: raw.branding?.primaryColor ?? '',
      logoText: raw.branding?.logoText ?? '',
    },
    memberTypes: Array.isArray(raw.memberTypes) ? raw.memberTypes : [],
    children: Array.isArray(raw.children) ? raw.children : [],
  };
}
