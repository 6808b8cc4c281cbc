/**
 * Where to go after signing in: only a path of this site (never "//evil.example" or a
 * full URL, which would make the sign-in page an open redirect).
 */
export function safeRedirect(target: unknown, fallback: string): string {
  if (typeof target !== 'string') return fallback;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
  return target;
}
