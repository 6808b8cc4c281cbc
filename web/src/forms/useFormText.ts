import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The renderer's own words (buttons, hints) in the language it was given, or the page's when it
 * was given none, so that a form can be drawn in another language than the page around it.
 */
export function useFormText(locale: () => string | undefined) {
  const i18n = useI18n();
  const current = computed(() => locale() ?? i18n.locale.value);
  function t(key: string, named: Record<string, unknown> = {}): string {
    return i18n.t(key, named, { locale: current.value });
  }
  return { locale: current, t };
}
