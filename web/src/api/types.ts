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
}
