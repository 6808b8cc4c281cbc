// Starts the real Guildhall server on a free port with its own temporary database, and a
// headless Chromium, for the browser tests. Environment:
//   GUILDHALL_BIN         the built `guildhall` binary (required unless GUILDHALL_E2E_MOCK=1)
//   GUILDHALL_SOURCE_DIR  the repository root (default: two folders up from here)
//   GUILDHALL_PLUGIN_DIR  where the built plugins are
//   GUILDHALL_E2E_SHOTS   where screenshots go (default: a new temporary folder)
//   GUILDHALL_E2E_MOCK=1  serve web/dist with mock-server.mjs instead, to work on the pages
//                         without a server build; never what ctest runs.
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

function configYaml({ port, tmp, devSms }) {
  // JSON strings are valid YAML scalars, which keeps odd characters in paths harmless.
  const q = (value) => JSON.stringify(value);
  const pluginDirs = process.env.GUILDHALL_PLUGIN_DIR ? [process.env.GUILDHALL_PLUGIN_DIR] : [];
  return [
    `listen: 127.0.0.1:${port}`,
    `database: ${q(`sqlite://${tmp}/e2e.db`)}`,
    `data_dir: ${q(path.join(tmp, 'data'))}`,
    `web_root: ${q(path.join(sourceDir, 'web', 'dist'))}`,
    `templates_dir: ${q(path.join(sourceDir, 'templates'))}`,
    `plugin_dirs: [${pluginDirs.map(q).join(', ')}]`,
    // The development SMS provider records texts for GET /api/v1/dev/sms, where the
    // accounts test reads its codes.
    ...(devSms ? ['sms: {provider: dev}'] : []),
    '',
  ].join('\n');
}

/**
 * Migrates a fresh database, loads the demo tenants and starts `guildhall serve`.
 * Returns the base URL and stop(), which sends SIGTERM and insists on exit status 0.
 */
export async function startServer() {
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
  await writeFile(configFile, configYaml({ port, tmp, devSms }));

  let command;
  if (mock) {
    command = [process.execPath, [path.join(here, 'mock-server.mjs'), configFile]];
  } else {
    const db = `sqlite://${tmp}/e2e.db`;
    await run(bin, ['migrate', '--db', db]);
    // The config names the plugin folders, against which the tenants' plugins are checked.
    await run(bin, ['tenant', 'load', '--config', configFile, '--db', db, path.join(sourceDir, 'tenants')]);
    command = [bin, ['serve', '--config', configFile]];
  }

  const log = createWriteStream(logFile);
  const child = spawn(command[0], command[1], { cwd: sourceDir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  try {
    await waitReady(baseUrl, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }

  const admin = mock ? null : await takeOverFirstAdmin(baseUrl, logFile);

  return {
    baseUrl,
    logFile,
    devSms,
    mock,
    admin,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), kStopTimeoutMs);
      const { code, signal } = await exited;
      clearTimeout(timer);
      if (code !== 0) {
        throw new Error(`the server did not stop cleanly on SIGTERM (exit ${code ?? signal}); log in ${logFile}:\n${await tail(logFile)}`);
      }
      await rm(tmp, { recursive: true, force: true });
    },
  };
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

/**
 * The first platform admin, as a new operator meets it: `guildhall serve` prints its mobile and
 * a one-time password, which must be changed at the first sign-in. Returns the credentials
 * after the change.
 */
async function takeOverFirstAdmin(baseUrl, logFile) {
  const line = (await readFile(logFile, 'utf8')).split('\n').find((l) => l.includes('first platform admin'));
  const found = line && /\/t\/([a-z0-9-]+)\/login with mobile (\d+) and the one-time password (\S+)/.exec(line);
  if (!found) throw new Error(`guildhall serve printed no first platform admin; log in ${logFile}`);
  const [, realm, mobile, oneTime] = found;
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
