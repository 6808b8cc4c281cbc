import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { fetchMe, signOut as endSession } from '@/api/auth';
import { ApiError, type RequestOptions } from '@/api/http';
import { unreadCount } from '@/api/messages';
import type { Me, Role, Tenant } from '@/api/types';

export type SessionStatus = 'unknown' | 'signed-in' | 'anonymous';

function looksLikeMe(body: unknown): body is Me {
  const me = body as Partial<Me> | null;
  return !!me && typeof me === 'object' && !!me.account && typeof me.account.id === 'string';
}

/** Who is signed in, as `/auth/me` says; the server enforces, this only shapes the pages. */
export const useSessionStore = defineStore('session', () => {
  const me = shallowRef<Me | null>(null);
  const status = ref<SessionStatus>('unknown');
  const unread = ref(0);
  let pending: Promise<Me | null> | null = null;

  async function load(options: RequestOptions): Promise<Me | null> {
    try {
      const body: unknown = await fetchMe(options);
      me.value = looksLikeMe(body) ? { account: body.account, tenants: Array.isArray(body.tenants) ? body.tenants : [] } : null;
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      // 401 is the plain answer; any other failure also leaves the visitor signed out
      // in the pages' eyes, and the server refuses what a signed-out visitor may not do.
      me.value = null;
      if (!(error instanceof ApiError)) throw error;
    }
    status.value = me.value ? 'signed-in' : 'anonymous';
    if (me.value) void refreshUnread(options);
    else unread.value = 0;
    return me.value;
  }

  /** The signed-in account, asking the server once per page load (or after reload()). */
  function ensure(options: RequestOptions): Promise<Me | null> {
    if (status.value !== 'unknown') return Promise.resolve(me.value);
    pending ??= load(options).finally(() => {
      pending = null;
    });
    return pending;
  }

  function reload(options: RequestOptions): Promise<Me | null> {
    pending = null;
    return load(options);
  }

  async function refreshUnread(options: RequestOptions): Promise<void> {
    if (!me.value) return;
    try {
      unread.value = await unreadCount(options);
    } catch {
      // The badge keeps its last value; the inbox itself reports errors.
    }
  }

  async function signOut(options: RequestOptions): Promise<void> {
    try {
      await endSession(options);
    } finally {
      me.value = null;
      status.value = 'anonymous';
      unread.value = 0;
    }
  }

  /** Forgets the account without asking the server, e.g. after a 401 from another call. */
  function forget(): void {
    me.value = null;
    status.value = 'anonymous';
    unread.value = 0;
  }

  const isPlatformAdmin = computed(
    () => me.value?.tenants.some((tenant) => tenant.roles.includes('platform_admin')) ?? false,
  );

  function rolesAt(slug: string): Role[] {
    return me.value?.tenants.find((tenant) => tenant.slug === slug)?.roles ?? [];
  }

  /**
   * Whether the account administers this tenant: tenant_admin on it or on an ancestor
   * (tenants are at most two levels deep: a realm and its branches), or platform_admin.
   */
  function administers(tenant: Pick<Tenant, 'slug' | 'parent' | 'realm'> | null): boolean {
    if (!tenant || !me.value) return false;
    if (isPlatformAdmin.value) return true;
    const line = new Set([tenant.slug, tenant.parent, tenant.realm].filter((slug): slug is string => !!slug));
    return [...line].some((slug) => rolesAt(slug).includes('tenant_admin'));
  }

  return {
    me,
    status,
    unread,
    isPlatformAdmin,
    ensure,
    reload,
    refreshUnread,
    signOut,
    forget,
    rolesAt,
    administers,
  };
});
