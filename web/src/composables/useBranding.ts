import { onBeforeUnmount, watchEffect, type Ref } from 'vue';
import type { Tenant } from '@/api/types';
import { usePreferencesStore } from '@/stores/preferences';
import { primaryColorVariables } from '@/utils/color';

/**
 * Puts the tenant's colour on the root element rather than on a wrapper: Element Plus
 * teleports dropdowns, dialogs and toasts to <body>, and they must carry the colour too.
 */
export function useBranding(tenant: Ref<Tenant | null>) {
  const preferences = usePreferencesStore();
  let applied: string[] = [];
  const root = document.documentElement;

  function clear() {
    for (const name of applied) root.style.removeProperty(name);
    applied = [];
  }

  watchEffect(() => {
    clear();
    const color = tenant.value?.branding.primaryColor;
    const vars = color ? primaryColorVariables(color, preferences.dark) : null;
    if (!vars) return;
    vars['--gh-brand'] = vars['--el-color-primary']!;
    for (const [name, value] of Object.entries(vars)) root.style.setProperty(name, value);
    applied = Object.keys(vars);
  });

  onBeforeUnmount(clear);
}
