import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { ApiError, type FetchLike } from '@/api/http';
import { fetchTenant } from '@/api/tenant';
import type { Tenant } from '@/api/types';

/** The tenant named by the current URL. Only one is ever loaded: tenants are never listed. */
export const useTenantStore = defineStore('tenant', () => {
  const slug = ref<string | null>(null);
  const tenant = shallowRef<Tenant | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loading = ref(false);
  let controller: AbortController | null = null;

  async function load(nextSlug: string, locale: string, fetchImpl?: FetchLike): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    if (slug.value !== nextSlug) tenant.value = null;
    slug.value = nextSlug;
    error.value = null;
    loading.value = true;
    try {
      const loaded = await fetchTenant(nextSlug, { locale, fetchImpl, signal: current.signal });
      if (controller !== current) return;
      tenant.value = loaded;
    } catch (caught) {
      if (controller !== current) return;
      tenant.value = null;
      error.value =
        caught instanceof ApiError ? caught : new ApiError('network', 0, null, String(caught));
    } finally {
      if (controller === current) loading.value = false;
    }
  }

  return { slug, tenant, error, loading, load };
});
