import { createRouter, type RouteRecordRaw, type RouterHistory } from 'vue-router';
import LandingPage from '@/views/LandingPage.vue';
import TenantShell from '@/views/TenantShell.vue';
import TenantHome from '@/views/TenantHome.vue';
import PageNotFound from '@/views/PageNotFound.vue';
import { kDashboardRoute, kMemberTypeRoute } from '@/admin/navigation';

declare module 'vue-router' {
  interface RouteMeta {
    /** A tab that cannot be closed. */
    affix?: boolean;
  }
}

// The admin console is loaded on demand: members on a phone never download it.
const AdminLayout = () => import('@/admin/AdminLayout.vue');

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'landing', component: LandingPage },
  {
    path: '/t/:slug',
    component: TenantShell,
    children: [
      { path: '', name: 'tenant-home', component: TenantHome },
      {
        path: 'admin',
        component: AdminLayout,
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
        ],
      },
      { path: ':rest(.*)*', name: 'tenant-page-not-found', component: PageNotFound },
    ],
  },
  { path: '/:rest(.*)*', name: 'page-not-found', component: PageNotFound },
];

export function createAppRouter(history: RouterHistory) {
  return createRouter({ history, routes });
}
