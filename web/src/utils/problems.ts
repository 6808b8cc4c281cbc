import { ApiError } from '@/api/http';

type Translate = (key: string, values?: Record<string, unknown>) => string;
type HasKey = (key: string) => boolean;

export interface ErrorText {
  /** A short statement in the app's words, chosen by the problem's code. */
  title: string;
  /** The server's own explanation, when it adds something. */
  detail: string | null;
}

/** "3 分钟" / "45 秒": how long until a lock or a throttle ends. */
export function waitText(seconds: number, t: Translate): string {
  if (seconds >= 60) return t('errors.minutes', { n: Math.ceil(seconds / 60) });
  return t('errors.seconds', { n: Math.max(1, seconds) });
}

/**
 * What to tell the user about a failed request. Known codes get the app's wording (so
 * that "账号已冻结" reads the same everywhere); the server's detail is kept beside it.
 */
export function describeError(error: unknown, t: Translate, te: HasKey): ErrorText {
  if (!(error instanceof ApiError)) return { title: t('errors.unexpected'), detail: String(error) };
  const detail = error.detail;
  if (error.status === 429 || error.code === 'too_many_requests' || error.code === 'account_locked') {
    const title =
      error.retryAfter !== null
        ? t('errors.retryAfter', { wait: waitText(error.retryAfter, t) })
        : t('errors.too_many_requests');
    return { title, detail };
  }
  const code = error.code;
  if (code && te(`errors.codes.${code}`)) {
    const title = t(`errors.codes.${code}`);
    return { title, detail: detail && detail !== title ? detail : null };
  }
  if (error.kind === 'network') return { title: t('errors.network'), detail: null };
  if (detail) return { title: detail, detail: null };
  if (error.kind === 'server' || error.kind === 'unavailable') return { title: t('errors.server'), detail: null };
  return { title: t('errors.unexpected'), detail: null };
}

/** Field errors of a 422 for the fields a form has, by field: the first message wins. */
export function fieldMessages(error: unknown, fields: readonly string[]): Record<string, string> {
  const messages: Record<string, string> = {};
  if (!(error instanceof ApiError)) return messages;
  for (const item of error.fieldErrors) {
    if (fields.includes(item.field) && !messages[item.field]) {
      messages[item.field] = item.message || item.code;
    }
  }
  return messages;
}
