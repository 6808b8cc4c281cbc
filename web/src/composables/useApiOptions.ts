import type { RequestOptions } from '@/api/http';
import { useAppLocale } from './useAppLocale';

/** Request options in the page's current language, read at call time. */
export function useApiOptions(): () => RequestOptions {
  const { locale } = useAppLocale();
  return () => ({ locale: locale.value });
}
