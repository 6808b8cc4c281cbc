import { createRouter, type RouteRecordRaw, type RouterHistory } from 'vue-router';
import LandingPage from '@/views/LandingPage.vue';
import TenantShell from '@/views/TenantShell.vue';
import TenantHome from '@/views/TenantHome.vue';
import PageNotFound from '@/views/PageNotFound.vue';
import {
  kAccountsRoute,
  kAuditRoute,
  kCertificatesRoute,
  kDashboardRoute,
  kLegacyMembersRoute,
  kMembersRoute,
  kMemberTypeRoute,
  kMessagesRoute,
  kOrganisationsRoute,
  kReviewsRoute,
} from '@/admin/navigation';
import { DEFAULT_LOCALE, normaliseLocale, storedLocale } from '@/i18n';
import { useSessionStore } from '@/stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** A tab that cannot be closed. */
    affix?: boolean;
    /** Needs a signed-in account; others are sent to the sign-in page and back. */
    requiresAuth?: boolean;
    /** Only for admins of the tenant; the layout shows "not allowed" to others. */
    adminOnly?: boolean;
  }
}

// The admin console is loaded on demand: members on a phone never download it.
const AdminLayout = () => import('@/admin/AdminLayout.vue');
const MemberLayout = () => import('@/views/member/MemberLayout.vue');
const ResetPasswordPage = () => import('@/views/auth/ResetPasswordPage.vue');

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'landing', component: LandingPage },
  {
    path: '/t/:slug',
    component: TenantShell,
    children: [
      { path: '', name: 'tenant-home', component: TenantHome },
      { path: 'login', name: 'login', component: () => import('@/views/auth/LoginPage.vue') },
      { path: 'register', name: 'register', component: () => import('@/views/auth/RegisterPage.vue') },
      {
        path: 'forgot-password',
        name: 'forgot-password',
        component: () => import('@/views/auth/ForgotPasswordPage.vue'),
      },
      { path: 'reset-password', name: 'tenant-reset-password', component: ResetPasswordPage },
      {
        path: '',
        component: MemberLayout,
        meta: { requiresAuth: true },
        children: [
          { path: 'account', name: 'account', component: () => import('@/views/member/AccountPage.vue') },
          { path: 'messages', name: 'messages', component: () => import('@/views/member/MessagesPage.vue') },
          { path: 'profile', name: 'profile', component: () => import('@/views/member/ProfilePage.vue') },
          {
            path: 'applications',
            name: 'applications',
            component: () => import('@/views/member/ApplicationsPage.vue'),
          },
          {
            path: 'applications/:id',
            name: 'application',
            component: () => import('@/views/member/ApplicationEditPage.vue'),
          },
          {
            path: 'certificates',
            name: 'certificates',
            component: () => import('@/views/member/CertificatesPage.vue'),
          },
          {
            path: 'recommendations',
            name: 'recommendations',
            component: () => import('@/admin/ReviewsPage.vue'),
          },
          {
            path: 'apply/:kind',
            name: 'apply',
            component: () => import('@/views/member/ApplicationEditPage.vue'),
          },
        ],
      },
      {
        path: 'admin',
        component: AdminLayout,
        meta: { requiresAuth: true },
        children: [
          {
            path: '',
            name: kDashboardRoute,
            component: () => import('@/admin/DashboardPage.vue'),
            meta: { affix: true },
          },
          {
            path: 'member-types/:key',
            name: kMemberTypeRoute,
            component: () => import('@/admin/MemberTypePage.vue'),
          },
          {
            path: 'accounts',
            name: kAccountsRoute,
            component: () => import('@/admin/AccountsPage.vue'),
            meta: { adminOnly: true },
          },
          {
            path: 'messages',
            name: kMessagesRoute,
            component: () => import('@/admin/MessagesPage.vue'),
            meta: { adminOnly: true },
          },
          {
            path: 'audit',
            name: kAuditRoute,
            component: () => import('@/admin/AuditPage.vue'),
            meta: { adminOnly: true },
          },
          {
            path: 'reviews',
            name: kReviewsRoute,
            component: () => import('@/admin/ReviewsPage.vue'),
          },
          {
            path: 'members',
            name: kMembersRoute,
            component: () => import('@/admin/MembersPage.vue'),
            meta: { adminOnly: true },
          },
          {
            path: 'legacy-members',
            name: kLegacyMembersRoute,
            component: () => import('@/admin/LegacyMembersPage.vue'),
            meta: { adminOnly: true },
          },
          {
            path: 'certificates',
            name: kCertificatesRoute,
            component: () => import('@/admin/CertificatesPage.vue'),
            meta: { adminOnly: true },
          },
          {
            path: 'organisations',
            name: kOrganisationsRoute,
            component: () => import('@/admin/OrganisationsPage.vue'),
            meta: { adminOnly: true },
          },
        ],
      },
      { path: ':rest(.*)*', name: 'tenant-page-not-found', component: PageNotFound },
    ],
  },
  { path: '/reset-password', name: 'reset-password', component: ResetPasswordPage },
  { path: '/:rest(.*)*', name: 'page-not-found', component: PageNotFound },
];

function requestLocale(): string {
  return normaliseLocale(globalThis.document?.documentElement.lang) ?? storedLocale() ?? DEFAULT_LOCALE;
}

export function createAppRouter(history: RouterHistory) {
  const router = createRouter({ history, routes });
  router.beforeEach(async (to) => {
    if (!to.matched.some((record) => record.meta.requiresAuth)) return true;
    const me = await useSessionStore().ensure({ locale: requestLocale() });
    // The server refuses admin work until a one-time password is replaced; send the user there.
    if (me?.account.mustChangePassword && to.name !== 'account') {
      return { name: 'account', params: { slug: to.params.slug } };
    }
    if (me) return true;
    return { name: 'login', params: { slug: to.params.slug }, query: { redirect: to.fullPath } };
  });
  return router;
}
