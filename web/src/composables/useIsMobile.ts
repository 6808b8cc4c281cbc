import { onBeforeUnmount, ref } from 'vue';

/** The layout switches to one column and a drawer menu below this width. */
export const kMobileQuery = '(max-width: 767.98px)';

export function useIsMobile() {
  const query = globalThis.matchMedia?.(kMobileQuery);
  const isMobile = ref(query?.matches ?? false);
  const update = (event: MediaQueryListEvent) => {
    isMobile.value = event.matches;
  };
  query?.addEventListener('change', update);
  onBeforeUnmount(() => query?.removeEventListener('change', update));
  return isMobile;
}
