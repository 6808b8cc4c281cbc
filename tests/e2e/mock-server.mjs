// A stand-in for `guildhall serve` while working on the pages without a server build
// (GUILDHALL_E2E_MOCK=1). It reads the same config file and tenants/ and answers the routes
// the pages use, shaped as the API contract says; the browser tests in ctest always run
// against the real server.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import YAML from 'yaml';

const config = YAML.parse(readFileSync(process.argv[2], 'utf8'));
const [host, port] = config.listen.split(':');
const webRoot = config.web_root;
const tenantsDir = path.resolve(webRoot, '..', '..', 'tenants');

const files = readdirSync(tenantsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory() && existsSync(path.join(tenantsDir, e.name, 'tenant.yaml')))
  .map((e) => YAML.parse(readFileSync(path.join(tenantsDir, e.name, 'tenant.yaml'), 'utf8')));
const bySlug = new Map(files.map((t) => [t.slug, t]));

const localized = (text) => ({ 'zh-CN': text['zh-CN'], en: text.en || text['zh-CN'] });
const realmOf = (t) => (t.parent ? realmOf(bySlug.get(t.parent)) : t.slug);

function describe(t) {
  return {
    slug: t.slug,
    realm: realmOf(t),
    parent: t.parent ?? null,
    kind: t.kind,
    name: localized(t.name),
    shortName: localized(t.short_name ?? t.name),
    defaultLocale: t.default_locale ?? 'zh-CN',
    branding: { primaryColor: t.branding.primary_color, logoText: t.branding.logo_text },
    memberTypes: (t.member_types ?? []).map((m) => ({
      key: m.key,
      name: localized(m.name),
      description: localized(m.description ?? { 'zh-CN': '' }),
    })),
    children: files
      .filter((c) => c.parent === t.slug)
      .map((c) => ({ slug: c.slug, kind: c.kind, name: localized(c.name) })),
  };
}

function problem(res, status, code, zh, en, language) {
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: code, status, code, detail: language.startsWith('en') ? en : zh }));
}

const types = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html; charset=utf-8', '.svg': 'image/svg+xml' };

function sendFile(res, file, cache) {
  res.writeHead(200, {
    'Content-Type': types[path.extname(file)] ?? 'application/octet-stream',
    'Cache-Control': cache,
  });
  createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const language = req.headers['accept-language'] ?? 'zh-CN';
  if (url.pathname === '/readyz' || url.pathname === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return res.end('ok');
  }
  const api = /^\/api\/v1\/t\/([^/]+)\/tenant$/.exec(url.pathname);
  if (api) {
    const tenant = bySlug.get(decodeURIComponent(api[1]));
    if (!tenant) return problem(res, 404, 'tenant_not_found', '找不到该机构。', 'No such organisation.', language);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify(describe(tenant)));
  }
  if (url.pathname.startsWith('/api/')) return problem(res, 404, 'not_found', '没有这个地址。', 'No such address.', language);
  if (url.pathname.startsWith('/assets/')) {
    const file = path.join(webRoot, path.normalize(url.pathname));
    if (file.startsWith(webRoot) && existsSync(file) && statSync(file).isFile()) {
      return sendFile(res, file, 'public, max-age=31536000, immutable');
    }
    res.writeHead(404);
    return res.end();
  }
  return sendFile(res, path.join(webRoot, 'index.html'), 'no-cache');
});

server.listen(Number(port), host);
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
