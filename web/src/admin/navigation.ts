import type { RouteLocationNormalizedLoaded, RouteLocationRaw, Router } from 'vue-router';
import type { Tenant } from '@/api/types';
import { pickText } from '@/i18n';

type Translate = (key: string) => string;

/** An open page of the admin console, shown as a tab above the content. */
export interface AdminTab {
  path: string;
  name: string;
  params: Record<string, string>;
  closable: boolean;
}

export interface Crumb {
  label: string;
  to?: RouteLocationRaw;
}

export const kDashboardRoute = 'admin-dashboard';
export const kMemberTypeRoute = 'admin-member-type';
export const kAccountsRoute = 'admin-accounts';
export const kMessagesRoute = 'admin-messages';
export const kAuditRoute = 'admin-audit';
export const kOrganisationsRoute = 'admin-organisations';
export const kReviewsRoute = 'admin-reviews';
export const kMembersRoute = 'admin-members';
export const kCertificatesRoute = 'admin-certificates';
export const kLegacyMembersRoute = 'admin-legacy-members';

/** Pages for tenant and platform admins only, with their menu titles. */
export const kAdminOnlyPages: Record<string, string> = {
  [kAccountsRoute]: 'admin.menu.accounts',
  [kMessagesRoute]: 'admin.menu.messages',
  [kAuditRoute]: 'admin.menu.audit',
  [kOrganisationsRoute]: 'organisations.menu',
  [kMembersRoute]: 'members.menu',
  [kLegacyMembersRoute]: 'legacy.menu',
  [kCertificatesRoute]: 'certificates.admin.menu',
};

/**
 * The tab for the current page. Its key is the path resolved from the route's name, so
 * "/t/med/admin" and "/t/med/admin/" are one tab.
 */
export function tabFromRoute(
  route: RouteLocationNormalizedLoaded,
  router: Pick<Router, 'resolve'>,
): AdminTab | null {
  if (typeof route.name !== 'string' || !route.name.startsWith('admin-')) return null;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(route.params)) {
    params[key] = Array.isArray(value) ? value.join('/') : String(value);
  }
  return {
    path: router.resolve({ name: route.name, params }).path,
    name: route.name,
    params,
    closable: route.meta.affix !== true,
  };
}

/** Titles are worked out at render time so that open tabs follow a language switch. */
export function pageTitle(
  tab: Pick<AdminTab, 'name' | 'params'>,
  tenant: Tenant | null,
  locale: string,
  t: Translate,
): string {
  switch (tab.name) {
    case kDashboardRoute:
      return t('admin.menu.dashboard');
    case kReviewsRoute:
      return t('reviews.menu');
    case kMemberTypeRoute: {
      const type = tenant?.memberTypes.find((candidate) => candidate.key === tab.params.key);
      return type ? pickText(type.name, locale) : (tab.params.key ?? '');
    }
    default: {
      const key = kAdminOnlyPages[tab.name];
      return key ? t(key) : tab.name;
    }
  }
}

export function breadcrumbs(
  tab: Pick<AdminTab, 'name' | 'params'>,
  tenant: Tenant | null,
  locale: string,
  t: Translate,
): Crumb[] {
  const dashboard: Crumb = {
    label: t('admin.menu.dashboard'),
    to: { name: kDashboardRoute, params: { slug: tab.params.slug } },
  };
  switch (tab.name) {
    case kDashboardRoute:
      return [{ label: dashboard.label }];
    case kMemberTypeRoute:
      return [
        dashboard,
        { label: t('admin.memberType') },
        { label: pageTitle(tab, tenant, locale, t) },
      ];
    default:
      return [dashboard, { label: pageTitle(tab, tenant, locale, t) }];
  }
}
