// Starts the real Guildhall server on a free port with its own temporary database, and a
// headless Chromium, for the browser tests. Environment:
//   GUILDHALL_BIN         the built `guildhall` binary (required unless GUILDHALL_E2E_MOCK=1)
//   GUILDHALL_SOURCE_DIR  the repository root (default: two folders up from here)
//   GUILDHALL_PLUGIN_DIR  where the built plugins are
//   GUILDHALL_E2E_SHOTS   where screenshots go (default: a new temporary folder)
//   GUILDHALL_E2E_MOCK=1  serve web/dist with mock-server.mjs instead, to work on the pages
//                         without a server build; never what ctest runs.
//   GUILDHALL_PYTHON      the Python with aiosmtpd for the SMTP sink (default /usr/bin/python3)
import { spawn, execFile } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import YAML from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = path.resolve(process.env.GUILDHALL_SOURCE_DIR ?? path.join(here, '..', '..'));

/** The demo tenants every browser run opens. */
export const kDemoSlugs = [
  'med',
  'med-tj',
  'med-lung',
  'med-breast',
  'med-youth',
  'pcb',
  'sci',
  'sci-phys',
  'sci-chem',
];

const kReadyTimeoutMs = 20_000;
const kStopTimeoutMs = 20_000;
const kCommandTimeoutMs = 60_000;
const kSmtpReadyTimeoutMs = 10_000;
// The address the server's mail comes from: example.org is reserved, so nothing can leak out.
export const kMailFrom = 'noreply@guildhall.example.org';

/** tenants/<slug>/tenant.yaml, parsed: the source of truth the pages are checked against. */
export function readTenant(slug) {
  const file = path.join(sourceDir, 'tenants', slug, 'tenant.yaml');
  return YAML.parse(readFileSync(file, 'utf8'));
}

/** Every tenant file under tenants/, parsed. */
export function readAllTenants() {
  const dir = path.join(sourceDir, 'tenants');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'tenant.yaml')))
    .map((entry) => readTenant(entry.name));
}

/** The name the server sends for a language: English falls back to Chinese. */
export function expectedName(tenant, locale) {
  return (locale === 'en' && tenant.name.en) || tenant.name['zh-CN'];
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function run(bin, args) {
  try {
    return await promisify(execFile)(bin, args, { timeout: kCommandTimeoutMs, cwd: sourceDir });
  } catch (error) {
    throw new Error(
      `${bin} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${error.stdout}${error.stderr}`,
    );
  }
}

/**
 * Polls `probe` until it returns something other than undefined, null or false, and returns
 * that; throws `what` after `timeoutMs`. For state another process reaches in its own time.
 */
export async function until(what, probe, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A real SMTP server on loopback (tests/integration/notifications/smtp_sink.py, aiosmtpd) that
 * writes every message it accepts to `folder` as <n>.eml. Every server gets one, so that the
 * mail it sends goes somewhere the tests can read.
 */
async function startSmtpSink(folder, logFile) {
  const port = await freePort();
  const script = path.join(sourceDir, 'tests', 'integration', 'notifications', 'smtp_sink.py');
  const python = process.env.GUILDHALL_PYTHON ?? '/usr/bin/python3';
  const log = createWriteStream(logFile);
  const child = spawn(python, [script, String(port), folder], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), kStopTimeoutMs);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };
  try {
    await until(
      `the SMTP sink on port ${port}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(`the SMTP sink exited (${child.exitCode ?? child.signalCode}):\n${await tail(logFile)}`);
        }
        return canConnect(port);
      },
      { timeoutMs: kSmtpReadyTimeoutMs },
    );
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  return { port, folder, stop };
}

async function waitReady(baseUrl, child, logFile) {
  const deadline = Date.now() + kReadyTimeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${await tail(logFile)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error.cause?.code ?? error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${baseUrl}/readyz did not answer 200 within ${kReadyTimeoutMs} ms (${last}):\n${await tail(logFile)}`);
}

async function tail(file, lines = 40) {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function configYaml({ port, tmp, devSms, smtpPort, databaseUrl }) {
  // JSON strings are valid YAML scalars, which keeps odd characters in paths harmless.
  const q = (value) => JSON.stringify(value);
  const pluginDirs = process.env.GUILDHALL_PLUGIN_DIR ? [process.env.GUILDHALL_PLUGIN_DIR] : [];
  return [
    `listen: 127.0.0.1:${port}`,
    `database: ${q(databaseUrl)}`,
    `data_dir: ${q(path.join(tmp, 'data'))}`,
    `web_root: ${q(path.join(sourceDir, 'web', 'dist'))}`,
    `templates_dir: ${q(path.join(sourceDir, 'templates'))}`,
    `plugin_dirs: [${pluginDirs.map(q).join(', ')}]`,
    // The development SMS provider records texts for GET /api/v1/dev/sms, where the
    // accounts test reads its codes.
    ...(devSms ? ['sms: {provider: dev}'] : []),
    // Mail goes to the loopback sink (plain SMTP, as on a local relay); the reset test reads it.
    'mail:',
    `  smtp_url: ${q(`smtp://127.0.0.1:${smtpPort}`)}`,
    `  from_address: ${q(kMailFrom)}`,
    `  from_name: ${q('Guildhall e2e')}`,
    '  starttls: "off"',
    '  timeout_ms: 5000',
    '',
  ].join('\n');
}

/**
 * Migrates a fresh database, loads the demo tenants and starts `guildhall serve`.
 * Returns the base URL and stop(), which sends SIGTERM and insists on exit status 0.
 */
export async function startServer({ takeOverAdmin = true } = {}) {
  const mock = process.env.GUILDHALL_E2E_MOCK === '1';
  const bin = process.env.GUILDHALL_BIN;
  if (!mock && !bin) {
    throw new Error('GUILDHALL_BIN is not set: point it at the built guildhall binary');
  }
  if (!mock && !existsSync(bin)) throw new Error(`GUILDHALL_BIN ${bin} does not exist`);
  if (!existsSync(path.join(sourceDir, 'web', 'dist', 'index.html'))) {
    throw new Error(`${sourceDir}/web/dist is not built: run npm run build in web/`);
  }

  const tmp = await mkdtemp(path.join(os.tmpdir(), 'guildhall-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const configFile = path.join(tmp, 'guildhall.yaml');
  const logFile = path.join(tmp, 'server.log');
  await mkdir(path.join(tmp, 'data'));
  const devSms = true;
  const mailDir = path.join(tmp, 'mail');
  const db = await scratchDatabase(tmp);
  const smtp = await startSmtpSink(mailDir, path.join(tmp, 'smtp.log'));
  await writeFile(configFile, configYaml({ port, tmp, devSms, smtpPort: smtp.port, databaseUrl: db.url }));

  let command;
  let child;
  let exited;
  let admin;
  let firstAdmin;
  try {
    if (mock) {
      command = [process.execPath, [path.join(here, 'mock-server.mjs'), configFile]];
    } else {
      await run(bin, ['migrate', '--db', db.url]);
      // The config names the plugin folders, against which the tenants' plugins are checked.
      await run(bin, ['tenant', 'load', '--config', configFile, '--db', db.url, path.join(sourceDir, 'tenants')]);
      command = [bin, ['serve', '--config', configFile]];
    }

    const log = createWriteStream(logFile);
    child = spawn(command[0], command[1], { cwd: sourceDir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    await waitReady(baseUrl, child, logFile);
    const printed = mock ? null : await firstAdminPrinted(logFile);
    admin = printed && takeOverAdmin ? await takeOverFirstAdmin(baseUrl, printed) : null;
    firstAdmin = printed;
  } catch (error) {
    if (child) {
      child.kill('SIGKILL');
      await exited;
    }
    await smtp.stop();
    throw error;
  }

  return {
    baseUrl,
    logFile,
    // For tests that look at what the server stored: the database and the data folder.
    databaseUrl: db.url,
    dataDir: path.join(tmp, 'data'),
    devSms,
    mailDir,
    mock,
    admin,
    firstAdmin,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), kStopTimeoutMs);
      const { code, signal } = await exited;
      clearTimeout(timer);
      // After the server, so that a message it is still sending has somewhere to go.
      await smtp.stop();
      if (code !== 0) {
        throw new Error(`the server did not stop cleanly on SIGTERM (exit ${code ?? signal}); log in ${logFile}:\n${await tail(logFile)}`);
      }
      await db.drop();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * The database a test server runs on: SQLite in the temp folder, or, with GUILDHALL_E2E_DB=mysql,
 * a new database on the MariaDB of GUILDHALL_TEST_MYSQL_URL (scripts/test starts one), dropped
 * when the server stops.
 */
async function scratchDatabase(tmp) {
  if (process.env.GUILDHALL_E2E_DB !== 'mysql') {
    return { url: `sqlite://${tmp}/e2e.db`, drop: async () => {} };
  }
  const server = process.env.GUILDHALL_TEST_MYSQL_URL;
  if (!server) throw new Error('GUILDHALL_E2E_DB=mysql needs GUILDHALL_TEST_MYSQL_URL (scripts/test sets it)');
  const parsed = new URL(server);
  // The test user may create databases whose names start with its own database's name.
  const name = `${parsed.pathname.slice(1)}_e2e_${process.pid}_${Date.now().toString(36)}`;
  const client = [
    '--protocol=tcp',
    `-h${parsed.hostname}`,
    `-P${parsed.port || 3306}`,
    `-u${decodeURIComponent(parsed.username)}`,
    `-p${decodeURIComponent(parsed.password)}`,
  ];
  await run('mariadb', [...client, '-e', `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`]);
  parsed.pathname = `/${name}`;
  return {
    url: parsed.toString(),
    drop: () => run('mariadb', [...client, '-e', `DROP DATABASE IF EXISTS \`${name}\``]),
  };
}

/**
 * Everything the server's database holds, as text: `sqlite3 .dump` of the file, or `mariadb-dump`
 * of the scratch database.
 */
export async function databaseDump(server) {
  if (server.databaseUrl.startsWith('sqlite://')) {
    const { stdout } = await promisify(execFile)('sqlite3', [server.databaseUrl.slice('sqlite://'.length), '.dump'], {
      maxBuffer: 256 << 20,
    });
    return stdout;
  }
  const parsed = new URL(server.databaseUrl);
  const { stdout } = await promisify(execFile)(
    'mariadb-dump',
    [
      '--protocol=tcp',
      `-h${parsed.hostname}`,
      `-P${parsed.port || 3306}`,
      `-u${decodeURIComponent(parsed.username)}`,
      `-p${decodeURIComponent(parsed.password)}`,
      '--skip-extended-insert',
      parsed.pathname.slice(1),
    ],
    { maxBuffer: 256 << 20 },
  );
  return stdout;
}

/** Registers a member account through the API, as the register page does; the context is signed in. */
export async function registerMember(context, server, slug, { mobile, password }) {
  const base = server.baseUrl;
  await context.request.get(`${base}/api/v1/auth/csrf`);
  const headers = async () => ({ 'X-CSRF-Token': (await cookieValue(context, base, 'gh_csrf')) ?? '' });
  const sent = await context.request.post(`${base}/api/v1/t/${slug}/auth/sms-codes`, {
    data: { mobile, purpose: 'register' },
    headers: await headers(),
  });
  if (sent.status() !== 202) throw new Error(`sms-codes answered ${sent.status()}: ${await sent.text()}`);
  const code = await smsCodeFor(server, mobile);
  const created = await context.request.post(`${base}/api/v1/t/${slug}/auth/register`, {
    data: { mobile, code, password },
    headers: await headers(),
  });
  if (created.status() !== 201) throw new Error(`register answered ${created.status()}: ${await created.text()}`);
}

/** Debian's Chromium: playwright must never download a browser of its own. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.GUILDHALL_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const kDesktop = {
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  viewport: { width: 1280, height: 800 },
};

export const kPhone = {
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A context whose pages record uncaught errors, so every test can assert there were none. */
export async function newContext(browser, options, baseUrl) {
  const context = await browser.newContext({ ...options, baseURL: baseUrl });
  context.errors = [];
  context.on('page', (page) => {
    page.on('pageerror', (error) => context.errors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      // A 404 for an unknown tenant is expected; Chromium logs every failed fetch.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        context.errors.push(`${page.url()}: console: ${message.text()}`);
      }
    });
  });
  return context;
}

let shotsDir = null;

/** The folder for screenshots, created once per process and named in the test output. */
export async function screenshotDir() {
  if (!shotsDir) {
    shotsDir = process.env.GUILDHALL_E2E_SHOTS
      ? path.resolve(process.env.GUILDHALL_E2E_SHOTS)
      : await mkdtemp(path.join(os.tmpdir(), 'guildhall-e2e-shots-'));
    await mkdir(shotsDir, { recursive: true });
  }
  return shotsDir;
}

/** The colour as Chromium reports computed colours: "rgb(r, g, b)". */
export function rgb(hex) {
  const value = hex.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(value.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

// The cookies a response sets, as "name=value" pairs for a Cookie header.
function setCookies(response) {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
}

/** The first platform admin as `guildhall serve` prints it: realm, mobile, one-time password. */
async function firstAdminPrinted(logFile) {
  const line = (await readFile(logFile, 'utf8')).split('\n').find((l) => l.includes('first platform admin'));
  const found = line && /\/t\/([a-z0-9-]+)\/login with mobile (\d+) and the one-time password (\S+)/.exec(line);
  if (!found) throw new Error(`guildhall serve printed no first platform admin; log in ${logFile}`);
  const [, realm, mobile, oneTime] = found;
  return { realm, mobile, oneTime };
}

/**
 * Replaces the first admin's one-time password through the API, as its first sign-in must.
 * Returns the credentials after the change.
 */
async function takeOverFirstAdmin(baseUrl, { realm, mobile, oneTime }) {
  const csrfResponse = await fetch(`${baseUrl}/api/v1/auth/csrf`);
  const cookies = setCookies(csrfResponse);
  const csrf = cookies.find((c) => c.startsWith('gh_csrf=')).slice('gh_csrf='.length);
  const post = async (url, body) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Cookie: cookies.join('; ') },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
    cookies.push(...setCookies(response));
    return response;
  };
  await post(`/api/v1/t/${realm}/auth/sign-in`, { mobile, password: oneTime });
  const password = 'Admin-e2e-password-1';
  await post('/api/v1/auth/password', { currentPassword: oneTime, newPassword: password });
  return { realm, mobile, password };
}

/** The first platform admin: the mock server's seed, or the real server's after takeover. */
export function adminCredentials(server) {
  if (server.mock) return { mobile: '13900000000', password: 'admin-password-1' };
  return server.admin;
}

/** The value of a cookie of the context for the server, or null. */
export async function cookieValue(context, baseUrl, name) {
  const cookie = (await context.cookies(baseUrl)).find((candidate) => candidate.name === name);
  return cookie?.value ?? null;
}

/**
 * Signs the context in through the API, as the sign-in page does (CSRF cookie first,
 * then the token in the header); the session cookie lands in the context.
 */
export async function signInThroughApi(context, baseUrl, slug, { mobile, password }) {
  await context.request.get(`${baseUrl}/api/v1/auth/csrf`);
  const csrf = await cookieValue(context, baseUrl, 'gh_csrf');
  const response = await context.request.post(`${baseUrl}/api/v1/t/${slug}/auth/sign-in`, {
    data: { mobile, password },
    headers: { 'X-CSRF-Token': csrf ?? '' },
  });
  if (response.status() !== 200) {
    throw new Error(`sign-in of ${mobile} answered ${response.status()}: ${await response.text()}`);
  }
}

/** Signs the context in as the first platform admin. */
export async function becomeAdmin(context, server, slug) {
  await signInThroughApi(context, server.baseUrl, slug, adminCredentials(server));
}

// RFC 2047 encoded words (=?charset?B|Q?text?=); whitespace between two of them is dropped.
function decodeHeaderWords(value) {
  const decoder = (charset) => new TextDecoder(charset.toLowerCase(), { fatal: true });
  return value
    .replace(/(=\?[^?]+\?[bBqQ]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([bBqQ])\?([^?]*)\?=/g, (_, charset, encoding, text) => {
      const bytes =
        encoding.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (__, hex) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return decoder(charset).decode(bytes);
    });
}

function parseHeaders(text) {
  const headers = new Map();
  // Folded lines continue the header above them (RFC 5322 2.2.3).
  for (const line of text.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function headerParameter(value, name) {
  const found = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(value ?? '');
  return found ? (found[1] ?? found[2]) : null;
}

function splitMessage(raw) {
  const at = raw.indexOf('\r\n\r\n');
  if (at >= 0) return [raw.slice(0, at), raw.slice(at + 4)];
  const lf = raw.indexOf('\n\n');
  return lf >= 0 ? [raw.slice(0, lf), raw.slice(lf + 2)] : [raw, ''];
}

// The text of one MIME entity; of a multipart one, its first text/plain part.
function entityText(headers, body) {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = headerParameter(headers.get('content-type'), 'boundary');
    const parts = body.split(`--${boundary}`).slice(1, -1).map((part) => splitMessage(part.replace(/^\r?\n/, '')));
    const texts = parts.map(([head, content]) => [parseHeaders(head), content]);
    const plain = texts.find(([h]) => (h.get('content-type') ?? 'text/plain').toLowerCase().startsWith('text/plain'));
    if (!plain) throw new Error('a multipart message without a text/plain part');
    return entityText(...plain);
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let bytes;
  if (encoding === 'base64') {
    bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  } else if (encoding === 'quoted-printable') {
    bytes = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
  } else {
    bytes = Buffer.from(body, 'latin1');
  }
  const charset = headerParameter(headers.get('content-type'), 'charset') ?? 'us-ascii';
  return new TextDecoder(charset.toLowerCase(), { fatal: true }).decode(bytes).replace(/\r\n/g, '\n');
}

/**
 * One message as the SMTP sink stored it: headers (lower-case names), the decoded subject,
 * the text of the body, and the envelope recipients.
 */
export function parseMail(raw, recipients = []) {
  const [head, body] = splitMessage(Buffer.isBuffer(raw) ? raw.toString('latin1') : raw);
  // Bodies keep their bytes for the transfer decoding; headers may carry raw UTF-8 (RFC 6532).
  const headers = parseHeaders(Buffer.from(head, 'latin1').toString('utf8'));
  return { headers, subject: decodeHeaderWords(headers.get('subject') ?? ''), text: entityText(headers, body), recipients };
}

/** Every message the server's SMTP sink has received so far, oldest first. */
export async function receivedMail(server) {
  const names = existsSync(server.mailDir) ? readdirSync(server.mailDir).filter((n) => n.endsWith('.eml')).sort() : [];
  return Promise.all(
    names.map(async (name) => {
      const raw = await readFile(path.join(server.mailDir, name));
      const rcpt = await readFile(path.join(server.mailDir, name.replace(/\.eml$/, '.rcpt')), 'utf8').catch(() => '');
      return { file: name, ...parseMail(raw, rcpt.split('\n').filter(Boolean)) };
    }),
  );
}

/** The newest SMS code the development provider has recorded for the number, once there is one. */
export async function smsCodeFor(server, mobile) {
  return until(`an SMS code for ${mobile}`, async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/dev/sms?mobile=${mobile}`);
    if (response.status !== 200) throw new Error(`GET /api/v1/dev/sms answered ${response.status}`);
    const { items } = await response.json();
    return items[0]?.code;
  });
}

/** A small real PNG drawn by the page's own canvas, for photo uploads. */
export async function canvasPng(page) {
  const png = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 90;
    canvas.height = 120;
    canvas.getContext('2d').fillRect(0, 0, 45, 60);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  return Buffer.from(png, 'base64');
}
