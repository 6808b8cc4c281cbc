import dayjs from 'dayjs';

/** A server timestamp (ISO 8601 with offset) in the browser's time zone; empty for none. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '';
  const time = dayjs(value);
  return time.isValid() ? time.format('YYYY-MM-DD HH:mm') : value;
}

/** A short, readable name for a browser's User-Agent string. */
export function describeUserAgent(agent: string | null | undefined): string {
  if (!agent) return '';
  const browser =
    /Edg\/(\d+)/.exec(agent)?.[0].replace('Edg/', 'Edge ') ??
    /MicroMessenger\/([\d.]+)/.exec(agent)?.[0].replace('MicroMessenger/', 'WeChat ') ??
    /(?:Chrome|Chromium)\/(\d+)/.exec(agent)?.[0].replace(/\/(\d+).*/, ' $1') ??
    /Firefox\/(\d+)/.exec(agent)?.[0].replace('/', ' ') ??
    (/Safari\//.test(agent) ? 'Safari' : null);
  const system =
    /Android [\d.]+/.exec(agent)?.[0] ??
    (/iPhone|iPad/.test(agent) ? 'iOS' : null) ??
    (/Windows/.test(agent) ? 'Windows' : null) ??
    (/Mac OS X/.test(agent) ? 'macOS' : null) ??
    (/Linux/.test(agent) ? 'Linux' : null);
  const parts = [browser, system].filter((part): part is string => !!part);
  return parts.length > 0 ? parts.join(' · ') : agent.slice(0, 60);
}
