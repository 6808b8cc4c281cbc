import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

const kThemeKey = 'guildhall.theme';

function readTheme(): boolean {
  try {
    return globalThis.localStorage?.getItem(kThemeKey) === 'dark';
  } catch {
    return false;
  }
}

/** Per-browser display choices, kept across visits. */
export const usePreferencesStore = defineStore('preferences', () => {
  const dark = ref(readTheme());
  const sidebarCollapsed = ref(false);

  watch(
    dark,
    (value) => {
      // Element Plus switches its whole palette on this class of the root element.
      document.documentElement.classList.toggle('dark', value);
      try {
        globalThis.localStorage?.setItem(kThemeKey, value ? 'dark' : 'light');
      } catch {
        // Not kept when storage is refused; the toggle still works for this visit.
      }
    },
    { immediate: true },
  );

  function toggleDark() {
    dark.value = !dark.value;
  }

  function toggleSidebar() {
    sidebarCollapsed.value = !sidebarCollapsed.value;
  }

  return { dark, sidebarCollapsed, toggleDark, toggleSidebar };
});
