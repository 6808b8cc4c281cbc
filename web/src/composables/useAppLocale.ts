import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { DEFAULT_LOCALE, normaliseLocale, rememberLocale, type AppLocale } from '@/i18n';

export function useAppLocale() {
  const { locale } = useI18n({ useScope: 'global' });
  const current = computed<AppLocale>(() => normaliseLocale(locale.value) ?? DEFAULT_LOCALE);

  /** Switches the language; `remember` is false for defaults that are not the user's choice. */
  function setLocale(next: AppLocale, remember = true): void {
    locale.value = next;
    if (remember) rememberLocale(next);
  }

  function toggle(): void {
    setLocale(current.value === 'zh-CN' ? 'en' : 'zh-CN');
  }

  return { locale: current, setLocale, toggle };
}
