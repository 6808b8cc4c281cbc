// A stand-in for `guildhall serve` while working on the pages without a server build
// (GUILDHALL_E2E_MOCK=1). It reads the same config file and tenants/ and answers the routes
// the pages use, shaped as the API contract says; the browser tests in ctest always run
// against the real server.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
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

// ---- Accounts, sessions, messages and admin pages (notes/accounts-api.md), in memory ----

const now = () => new Date().toISOString();
const token = () => randomBytes(24).toString('base64url');
const mask = (mobile) => `${mobile.slice(0, 3)}****${mobile.slice(7)}`;
const kMobile = /^1[3-9]\d{9}$/;
const devSms = config.sms?.provider === 'dev';

const accountsById = new Map();
const sessions = new Map();
const smsLog = [];
const codes = new Map();
const resets = new Map();
const inbox = [];
const deliveries = [];
const audit = [];
const failures = new Map();

function addAccount(realm, mobile, password, email = null, roles = []) {
  const account = { id: randomUUID(), realm, mobile, password, email, status: 'active', roles, createdAt: now(), lastSignInAt: null };
  accountsById.set(account.id, account);
  return account;
}

// The first platform admin, as the real server creates on first run.
const adminMobile = process.env.GUILDHALL_E2E_ADMIN_MOBILE || '13900000000';
const adminPassword = process.env.GUILDHALL_E2E_ADMIN_PASSWORD || 'admin-password-1';
addAccount('med', adminMobile, adminPassword, 'admin@example.org', [{ tenant: 'med', role: 'platform_admin' }]);

const findAccount = (realm, mobile) => [...accountsById.values()].find((a) => a.realm === realm && a.mobile === mobile);
const ancestors = (slug) => {
  const line = [];
  for (let t = bySlug.get(slug); t; t = t.parent ? bySlug.get(t.parent) : null) line.push(t.slug);
  return line;
};
const subtree = (slug) => files.filter((t) => ancestors(t.slug).includes(slug)).map((t) => t.slug);

function cookies(req) {
  return Object.fromEntries(
    (req.headers.cookie ?? '').split(';').map((p) => p.trim().split('=')).filter(([k]) => k),
  );
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

function fail(res, status, code, zh, en, language, extra = {}, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/problem+json', ...headers });
  const detail = language.startsWith('en') ? en : zh;
  res.end(JSON.stringify({ type: 'about:blank', title: code, status, code, detail, ...extra }));
}

function fieldErrors(res, errors, language) {
  const en = language.startsWith('en');
  fail(res, 422, 'validation_failed', '提交的内容有误。', 'Some fields are wrong.', language, {
    errors: errors.map(([field, code, zh, enText]) => ({ field, code, message: en ? enText : zh })),
  });
}

async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return null;
  }
}

const csrfCookie = (value) => `gh_csrf=${value}; Path=/; SameSite=Lax`;

function startSession(req, account) {
  const id = token();
  sessions.set(id, { id, publicId: randomUUID(), accountId: account.id, createdAt: now(), lastSeenAt: now(), ip: req.socket.remoteAddress, userAgent: req.headers['user-agent'] ?? '' });
  account.lastSignInAt = now();
  return [`gh_session=${id}; Path=/; HttpOnly; SameSite=Lax`, csrfCookie(token())];
}

function me(account) {
  const tenants = files
    .filter((t) => realmOf(t) === account.realm)
    .map((t) => ({ slug: t.slug, name: localized(t.name), roles: account.roles.filter((r) => r.tenant === t.slug).map((r) => r.role) }))
    .filter((t) => t.roles.length > 0);
  return { account: { id: account.id, mobile: mask(account.mobile), email: account.email, realm: account.realm, mustCompleteProfile: false, mustChangePassword: false }, tenants };
}

function pageOf(items, url) {
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
  const pageSize = Math.min(50, Math.max(1, Number(url.searchParams.get('pageSize') ?? 20)));
  return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, page, pageSize };
}

function deliver(account, tenant, title, body, channels) {
  if (channels.includes('site')) inbox.unshift({ id: randomUUID(), accountId: account.id, tenant, title, body, read: false, createdAt: now() });
  for (const channel of channels.filter((c) => c !== 'site')) {
    const to = channel === 'email' ? account.email : account.mobile;
    deliveries.unshift({
      id: randomUUID(), channel, recipient: channel === 'email' ? (to ? to.replace(/^(.).*@/, '$1***@') : '') : mask(to), template: 'announcement',
      status: to ? 'sent' : 'failed', attempts: 1, lastError: to ? null : 'no address', createdAt: now(), sentAt: to ? now() : null,
    });
  }
}

function record(event, actor, subject, tenant, req, detail = null) {
  audit.unshift({ id: randomUUID(), at: now(), event, actor, subject, tenant, ip: req.socket.remoteAddress, detail });
}

/** Answers the accounts API; returns false for paths it does not know. */
async function accounts(req, res, url, language) {
  const path = url.pathname;
  const method = req.method;
  const jar = cookies(req);
  const session = sessions.get(jar.gh_session);
  const account = session ? accountsById.get(session.accountId) : null;
  if (session) session.lastSeenAt = now();

  if (path === '/api/v1/auth/csrf' && method === 'GET') {
    res.writeHead(204, { 'Set-Cookie': csrfCookie(token()) });
    return res.end(), true;
  }
  if (path === '/api/v1/dev/sms' && method === 'GET' && devSms) {
    const mobile = url.searchParams.get('mobile');
    return send(res, 200, { items: smsLog.filter((m) => !mobile || m.mobile === mobile) }), true;
  }
  if (!/^\/api\/v1\/(auth|me|dev|t\/[^/]+\/(auth|admin))\b/.test(path)) return false;

  if (method !== 'GET') {
    const header = req.headers['x-csrf-token'];
    if (!header || header !== jar.gh_csrf) {
      return fail(res, 403, 'csrf_failed', '请求已过期，请刷新页面。', 'The request expired; reload the page.', language), true;
    }
  }
  const body = method === 'GET' ? {} : await readBody(req);
  if (body === null) return fail(res, 400, 'malformed', '请求格式错误。', 'Malformed request.', language), true;

  let match;
  if ((match = /^\/api\/v1\/t\/([^/]+)\/auth\/(sms-codes|register|sign-in|password-resets)$/.exec(path)) && method === 'POST') {
    const tenant = bySlug.get(decodeURIComponent(match[1]));
    if (!tenant) return fail(res, 404, 'tenant_not_found', '找不到该机构。', 'No such organisation.', language), true;
    const realm = realmOf(tenant);
    const mobile = String(body.mobile ?? '');
    if (match[2] === 'sms-codes') {
      if (!kMobile.test(mobile)) return fieldErrors(res, [['mobile', 'mobile_format', '手机号格式不正确', 'Not a mobile number']], language), true;
      const code = String(Math.floor(100000 + Math.random() * 900000));
      codes.set(`${realm}:${mobile}:${body.purpose}`, code);
      smsLog.unshift({ mobile, text: `您的验证码是 ${code}，5 分钟内有效。`, code, createdAt: now() });
      return send(res, 202, { cooldownSeconds: 60 }), true;
    }
    if (match[2] === 'register') {
      const errors = [];
      if (!kMobile.test(mobile)) errors.push(['mobile', 'mobile_format', '手机号格式不正确', 'Not a mobile number']);
      else if (findAccount(realm, mobile)) errors.push(['mobile', 'mobile_taken', '该手机号已注册', 'This mobile number is registered already']);
      if (codes.get(`${realm}:${mobile}:register`) !== body.code) errors.push(['code', 'code_invalid', '验证码错误或已过期', 'Wrong or expired code']);
      const length = [...String(body.password ?? '')].length;
      if (length < 8 || length > 128) errors.push(['password', 'password_length', '密码长度为 8–128 个字符', 'A password has 8 to 128 characters']);
      else if (body.password === '12345678') errors.push(['password', 'password_common', '密码过于常见', 'This password is too common']);
      if (errors.length) return fieldErrors(res, errors, language), true;
      codes.delete(`${realm}:${mobile}:register`);
      const created = addAccount(realm, mobile, body.password, body.email || null, [{ tenant: tenant.slug, role: 'member' }]);
      record('register', mask(mobile), mask(mobile), tenant.slug, req);
      return send(res, 201, me(created), { 'Set-Cookie': startSession(req, created) }), true;
    }
    if (match[2] === 'sign-in') {
      const found = findAccount(realm, mobile);
      const lock = failures.get(`${realm}:${mobile}`) ?? 0;
      if (lock >= 5) return fail(res, 429, 'too_many_requests', '尝试次数过多。', 'Too many attempts.', language, {}, { 'Retry-After': '120' }), true;
      const ok = found && (body.code ? codes.get(`${realm}:${mobile}:sign_in`) === body.code : found.password === body.password);
      if (!ok) {
        failures.set(`${realm}:${mobile}`, lock + 1);
        record('sign_in_failed', mask(mobile), mask(mobile), tenant.slug, req);
        return fail(res, 401, 'invalid_credentials', '手机号或密码错误。', 'Wrong mobile number or password.', language), true;
      }
      if (found.status === 'frozen') return fail(res, 403, 'account_frozen', '账号已冻结，请联系机构管理员。', 'This account is frozen; contact your organisation.', language), true;
      failures.delete(`${realm}:${mobile}`);
      record('sign_in_succeeded', mask(mobile), mask(mobile), tenant.slug, req);
      return send(res, 200, me(found), { 'Set-Cookie': startSession(req, found) }), true;
    }
    const login = String(body.login ?? '');
    const found = [...accountsById.values()].find((a) => a.realm === realm && (a.mobile === login || a.email === login));
    if (found?.email) {
      const reset = token();
      resets.set(reset, found.id);
      deliveries.unshift({ id: randomUUID(), channel: 'email', recipient: found.email, template: 'password_reset', status: 'sent', attempts: 1, lastError: null, createdAt: now(), sentAt: now(), link: `/t/${tenant.slug}/reset-password?token=${reset}` });
    }
    return send(res, 202, {}), true;
  }
  if ((match = /^\/api\/v1\/auth\/password-resets\/([^/]+)$/.exec(path)) && method === 'POST') {
    const target = accountsById.get(resets.get(match[1]));
    if (!target) return fail(res, 404, 'reset_link_invalid', '该链接无效或已使用。', 'This link is invalid or used.', language), true;
    const length = [...String(body.password ?? '')].length;
    if (length < 8 || length > 128) return fieldErrors(res, [['password', 'password_length', '密码长度为 8–128 个字符', 'A password has 8 to 128 characters']], language), true;
    resets.delete(match[1]);
    target.password = body.password;
    return send(res, 204), true;
  }

  if (!account) return fail(res, 401, 'unauthenticated', '请先登录。', 'Please sign in.', language), true;

  if (path === '/api/v1/auth/me' && method === 'GET') return send(res, 200, me(account)), true;
  if (path === '/api/v1/auth/sign-out' && method === 'POST') {
    sessions.delete(jar.gh_session);
    return send(res, 204, undefined, { 'Set-Cookie': ['gh_session=; Path=/; Max-Age=0', csrfCookie(token())] }), true;
  }
  if (path === '/api/v1/auth/password' && method === 'POST') {
    if (body.currentPassword !== account.password) return fieldErrors(res, [['currentPassword', 'password_wrong', '当前密码不正确', 'The current password is wrong']], language), true;
    const length = [...String(body.newPassword ?? '')].length;
    if (length < 8 || length > 128) return fieldErrors(res, [['newPassword', 'password_length', '密码长度为 8–128 个字符', 'A password has 8 to 128 characters']], language), true;
    account.password = body.newPassword;
    for (const [id, other] of sessions) if (other.accountId === account.id && id !== jar.gh_session) sessions.delete(id);
    return send(res, 204), true;
  }
  if (path === '/api/v1/auth/sessions' && method === 'GET') {
    const items = [...sessions.entries()].filter(([, s]) => s.accountId === account.id).map(([id, s]) => ({
      id: s.publicId, current: id === jar.gh_session, createdAt: s.createdAt, lastSeenAt: s.lastSeenAt, ip: s.ip, userAgent: s.userAgent,
    }));
    return send(res, 200, { items }), true;
  }
  if ((match = /^\/api\/v1\/auth\/sessions\/([^/]+)$/.exec(path)) && method === 'DELETE') {
    const entry = [...sessions.entries()].find(([, s]) => s.publicId === match[1] && s.accountId === account.id);
    if (!entry) return fail(res, 404, 'not_found', '找不到该设备。', 'No such session.', language), true;
    sessions.delete(entry[0]);
    return send(res, 204), true;
  }
  const mine = () => inbox.filter((m) => m.accountId === account.id);
  if (path === '/api/v1/me/messages' && method === 'GET') {
    const items = mine().map(({ accountId: _a, ...m }) => m);
    return send(res, 200, { ...pageOf(items, url), unread: items.filter((m) => !m.read).length }), true;
  }
  if (path === '/api/v1/me/messages/unread-count' && method === 'GET') return send(res, 200, { unread: mine().filter((m) => !m.read).length }), true;
  if (path === '/api/v1/me/messages/read-all' && method === 'POST') {
    for (const m of mine()) m.read = true;
    return send(res, 204), true;
  }
  if ((match = /^\/api\/v1\/me\/messages\/([^/]+)\/read$/.exec(path)) && method === 'POST') {
    const m = mine().find((candidate) => candidate.id === match[1]);
    if (!m) return fail(res, 404, 'not_found', '找不到该消息。', 'No such message.', language), true;
    m.read = true;
    return send(res, 204), true;
  }

  if (!(match = /^\/api\/v1\/t\/([^/]+)\/admin\/(.+)$/.exec(path))) return false;
  const slug = decodeURIComponent(match[1]);
  const tenant = bySlug.get(slug);
  const line = tenant ? ancestors(slug) : [];
  const allowed = tenant && realmOf(tenant) === account.realm &&
    account.roles.some((r) => r.role === 'platform_admin' || (r.role === 'tenant_admin' && line.includes(r.tenant)));
  if (!allowed) return fail(res, 404, 'not_found', '没有这个地址。', 'No such address.', language), true;
  const inScope = subtree(slug);
  const scoped = [...accountsById.values()].filter((a) => a.realm === account.realm && (a.roles.some((r) => inScope.includes(r.tenant)) || a.id === account.id));
  const rest = match[2];
  if (rest === 'accounts' && method === 'GET') {
    const q = url.searchParams.get('q') ?? '';
    const status = url.searchParams.get('status') ?? '';
    const items = scoped
      .filter((a) => (!q || a.mobile.includes(q) || (a.email ?? '').includes(q)) && (!status || a.status === status))
      .map((a) => ({ id: a.id, mobile: mask(a.mobile), email: a.email, status: a.status, roles: a.roles, createdAt: a.createdAt, lastSignInAt: a.lastSignInAt }));
    return send(res, 200, pageOf(items, url)), true;
  }
  if ((match = /^accounts\/([^/]+)\/(password-reset|freeze|unfreeze|roles)$/.exec(rest))) {
    const target = scoped.find((a) => a.id === match[1]);
    if (!target) return fail(res, 404, 'not_found', '找不到该账号。', 'No such account.', language), true;
    const action = match[2];
    if (action === 'freeze') {
      if (!String(body.reason ?? '').trim()) return fieldErrors(res, [['reason', 'required', '请填写原因', 'A reason is required']], language), true;
      target.status = 'frozen';
      for (const [id, s] of sessions) if (s.accountId === target.id) sessions.delete(id);
      record('account_frozen', mask(account.mobile), mask(target.mobile), slug, req, body.reason);
    } else if (action === 'unfreeze') {
      target.status = 'active';
      record('account_unfrozen', mask(account.mobile), mask(target.mobile), slug, req);
    } else if (action === 'roles') {
      const roles = Array.isArray(body.roles) ? body.roles : [];
      if (roles.some((r) => !inScope.includes(r.tenant))) return fail(res, 403, 'forbidden', '只能分配本机构及下级机构的角色。', 'Outside your organisation.', language), true;
      target.roles = [...target.roles.filter((r) => !inScope.includes(r.tenant)), ...roles];
      record('roles_changed', mask(account.mobile), mask(target.mobile), slug, req);
    } else {
      deliver(target, slug, '密码重置', '管理员为您发起了密码重置，请查收邮件中的链接。', ['site', 'email']);
      record('password_reset_requested', mask(account.mobile), mask(target.mobile), slug, req);
    }
    return send(res, 204), true;
  }
  if (rest === 'audit' && method === 'GET') {
    const event = url.searchParams.get('event');
    const items = audit.filter((e) => inScope.includes(e.tenant) && (!event || e.event === event));
    return send(res, 200, pageOf(items, url)), true;
  }
  if (rest === 'messages' && method === 'POST') {
    const errors = [];
    if (!String(body.title ?? '').trim()) errors.push(['title', 'required', '请填写标题', 'A title is required']);
    if (!String(body.body ?? '').trim()) errors.push(['body', 'required', '请填写内容', 'A message is required']);
    if (errors.length) return fieldErrors(res, errors, language), true;
    const recipients = body.recipients === 'all' ? scoped : scoped.filter((a) => body.recipients.includes(a.id));
    for (const target of recipients) deliver(target, slug, body.title, body.body, body.channels ?? []);
    return send(res, 202, { batchId: randomUUID(), recipients: recipients.length }), true;
  }
  if (rest === 'deliveries' && method === 'GET') {
    const status = url.searchParams.get('status');
    const channel = url.searchParams.get('channel');
    const items = deliveries.filter((d) => (!status || d.status === status) && (!channel || d.channel === channel));
    return send(res, 200, pageOf(items, url)), true;
  }
  return false;
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const language = req.headers['accept-language'] ?? 'zh-CN';
  if (url.pathname.startsWith('/api/v1/') && (await accounts(req, res, url, language))) return;
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
