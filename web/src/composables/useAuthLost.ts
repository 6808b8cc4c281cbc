import { useRoute, useRouter } from 'vue-router';
import { ApiError } from '@/api/http';
import { useSessionStore } from '@/stores/session';

/**
 * Sends the user to the sign-in page, back here afterwards, when a call finds the session
 * gone (idle or absolute expiry, signed out elsewhere). Returns true when it did.
 */
export function useAuthLost() {
  const route = useRoute();
  const router = useRouter();
  const session = useSessionStore();

  return function handled(error: unknown): boolean {
    if (!(error instanceof ApiError) || error.status !== 401) return false;
    session.forget();
    void router.push({
      name: 'login',
      params: { slug: String(route.params.slug) },
      query: { redirect: route.fullPath },
    });
    return true;
  };
}
