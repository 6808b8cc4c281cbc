import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AdminTab } from '@/admin/navigation';

/** The pages open in the admin console of one tenant; switching tenant starts afresh. */
export const useAdminTabsStore = defineStore('adminTabs', () => {
  const slug = ref<string | null>(null);
  const tabs = ref<AdminTab[]>([]);

  function useTenant(nextSlug: string): void {
    if (slug.value === nextSlug) return;
    slug.value = nextSlug;
    tabs.value = [];
  }

  function open(tab: AdminTab): void {
    if (tabs.value.some((open) => open.path === tab.path)) return;
    // Fixed tabs stay in front, in the order they were opened, as in the admin UIs users know.
    if (tab.closable) {
      tabs.value.push(tab);
    } else {
      const firstClosable = tabs.value.findIndex((open) => open.closable);
      tabs.value.splice(firstClosable < 0 ? tabs.value.length : firstClosable, 0, tab);
    }
  }

  /**
   * Closes a tab and returns where to go if it was the active one: the tab left of it,
   * else the one that took its place. Fixed tabs do not close.
   */
  function close(path: string, activePath: string): string | null {
    const index = tabs.value.findIndex((open) => open.path === path);
    const tab = tabs.value[index];
    if (!tab || !tab.closable) return null;
    tabs.value.splice(index, 1);
    if (path !== activePath) return null;
    const neighbour = tabs.value[index - 1] ?? tabs.value[index];
    return neighbour?.path ?? null;
  }

  return { slug, tabs, useTenant, open, close };
});
