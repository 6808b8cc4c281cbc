import { afterEach, describe, expect, it } from 'vitest';
import {
  createAppI18n,
  DEFAULT_LOCALE,
  LOCALE_STORAGE_KEY,
  normaliseLocale,
  pickText,
  rememberLocale,
  storedLocale,
} from './index';

afterEach(() => localStorage.clear());

describe('normaliseLocale', () => {
  it('maps language tags onto the locales the app has', () => {
    expect(normaliseLocale('zh-CN')).toBe('zh-CN');
    expect(normaliseLocale('zh')).toBe('zh-CN');
    expect(normaliseLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(normaliseLocale('en')).toBe('en');
    expect(normaliseLocale('en-GB')).toBe('en');
    expect(normaliseLocale('EN-us')).toBe('en');
  });

  it('refuses what it does not know', () => {
    expect(normaliseLocale('fr-FR')).toBeNull();
    expect(normaliseLocale('')).toBeNull();
    expect(normaliseLocale(null)).toBeNull();
  });
});

describe('pickText', () => {
  it('takes the requested language', () => {
    expect(pickText({ 'zh-CN': '学会', en: 'Society' }, 'en')).toBe('Society');
    expect(pickText({ 'zh-CN': '学会', en: 'Society' }, 'zh-CN')).toBe('学会');
  });

  it('falls back to Chinese when a translation is missing or empty', () => {
    expect(pickText({ 'zh-CN': '学会' }, 'en')).toBe('学会');
    expect(pickText({ 'zh-CN': '学会', en: '' }, 'en')).toBe('学会');
  });

  it('falls back to any language when Chinese is missing too', () => {
    expect(pickText({ en: 'Society' }, 'zh-CN')).toBe('Society');
    expect(pickText(undefined, 'zh-CN')).toBe('');
    expect(pickText({}, 'en')).toBe('');
  });
});

describe('remembered locale', () => {
  it('is Chinese by default and remembers the choice', () => {
    expect(storedLocale()).toBeNull();
    expect(createAppI18n().global.locale.value).toBe(DEFAULT_LOCALE);
    rememberLocale('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(createAppI18n().global.locale.value).toBe('en');
  });

  it('ignores a stored value it does not know', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'klingon');
    expect(createAppI18n().global.locale.value).toBe('zh-CN');
  });
});

describe('message fallback', () => {
  it('translates both ways', () => {
    const i18n = createAppI18n('en');
    expect(i18n.global.t('tenant.notFound.title')).toBe('Organisation not found');
    i18n.global.locale.value = 'zh-CN';
    expect(i18n.global.t('tenant.notFound.title')).toBe('找不到该机构');
  });

  it('shows the Chinese text for a key missing in English', () => {
    const i18n = createAppI18n('en');
    i18n.global.setLocaleMessage('en', { app: { name: 'Guildhall' } } as never);
    expect(i18n.global.t('tenant.memberTypes')).toBe('会员类型');
    expect(i18n.global.t('app.name')).toBe('Guildhall');
  });

  it('interpolates named values', () => {
    const i18n = createAppI18n('zh-CN');
    expect(i18n.global.t('tenant.notFound.text', { slug: 'nope' })).toContain('“nope”');
  });
});
