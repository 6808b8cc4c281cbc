import { createI18n } from 'vue-i18n';
import type { LocalizedText } from '@/api/types';
import zhCN from './zh-CN';
import en from './en';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'guildhall.locale';

/** Maps any language tag ("en-US", "zh", "zh-Hans-CN") onto a locale the app has, or null. */
export function normaliseLocale(tag: string | null | undefined): AppLocale | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-')) return 'en';
  return null;
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Storage access throws in some privacy modes; the choice is then simply not kept.
    return null;
  }
}

export function storedLocale(): AppLocale | null {
  return normaliseLocale(storage()?.getItem(LOCALE_STORAGE_KEY));
}

export function rememberLocale(locale: AppLocale): void {
  storage()?.setItem(LOCALE_STORAGE_KEY, locale);
}

/**
 * Picks the text for a locale from tenant data. Tenants are configured Chinese first, so
 * a missing translation falls back to Chinese, then to whatever language is there.
 */
export function pickText(text: LocalizedText | undefined | null, locale: string): string {
  if (!text) return '';
  const wanted = text[locale];
  if (wanted) return wanted;
  const fallback = text[DEFAULT_LOCALE];
  if (fallback) return fallback;
  return Object.values(text).find((value) => !!value) ?? '';
}

export function createAppI18n(locale: AppLocale = storedLocale() ?? DEFAULT_LOCALE) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
    // A key missing in English shows the Chinese text instead of a console warning per render.
    missingWarn: false,
    fallbackWarn: false,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;
