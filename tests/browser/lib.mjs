// The browser-test harness: starts the real binary on a free loopback port
// with a fresh database (as tests/t/lib.sh does for the shell tests), drives
// Debian's Chromium through playwright-core, and checks pages with axe-core.
// See README.md beside this file for how tests are written and run.

import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../..');

const CHROMIUM = process.env.VT_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function binary() {
  return process.env.VENTANILLA || path.join(REPO, 'ventanilla');
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

// ---- processes and scratch folders to clean up, even on a crash ------------

const live = new Set(); // child processes still running
const scratchDirs = new Set(); // removed at exit unless kept after a failure
let pgTemplate = null; // {admin, name} of the PostgreSQL demo template

function killAll() {
  for (const child of live) {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  live.clear();
}
process.on('exit', () => {
  killAll();
  if (pgTemplate) psqlSync(pgTemplate.admin, `DROP DATABASE IF EXISTS ${pgTemplate.name} WITH (FORCE)`);
  for (const d of scratchDirs) fs.rmSync(d, {recursive: true, force: true});
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { killAll(); process.exit(sig === 'SIGINT' ? 130 : 143); });
}

/** Runs the binary to completion (migrate, demo); throws with its output on failure. */
function runCli(args, logFile) {
  const res = spawnSync(binary(), args, {encoding: 'utf8', env: process.env, maxBuffer: 64 << 20});
  const out = `${res.stdout || ''}${res.stderr || ''}`;
  if (logFile) fs.appendFileSync(logFile, `$ ventanilla ${args.join(' ')}\n${out}`);
  if (res.error) throw new Error(`cannot run ${binary()}: ${res.error.message}`);
  if (res.status !== 0) {
    throw new Error(`ventanilla ${args.join(' ')} exited with ${res.status ?? res.signal}:\n${tail(out, 40)}`);
  }
  return out;
}

function tail(text, lines) {
  return text.split('\n').slice(-lines).join('\n');
}

// ---- PostgreSQL (VT_TEST_BACKEND=postgres, like tests/t/lib.sh) ------------

/** URL (postgresql://[authority][/db][?params]) with its database replaced by name. */
function pgUrlWithDb(url, name) {
  let query = '';
  const q = url.indexOf('?');
  if (q >= 0) { query = url.slice(q + 1); url = url.slice(0, q); }
  const scheme = url.slice(0, url.indexOf('://'));
  const rest = url.slice(url.indexOf('://') + 3);
  const auth = rest.split('/')[0];
  const params = query.split('&').filter((kv) => kv && !kv.startsWith('dbname='));
  return `${scheme}://${auth}/${name}${params.length ? '?' + params.join('&') : ''}`;
}

function psqlSync(url, sql) {
  const res = spawnSync('psql', [url, '-XqAt', '-v', 'ON_ERROR_STOP=1', '-c', sql], {encoding: 'utf8'});
  if (res.error) throw new Error(`cannot run psql: ${res.error.message}`);
  if (res.status !== 0) throw new Error(`psql failed (${sql}): ${res.stderr}`);
  return res.stdout;
}

function randomSuffix() {
  return Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
}

function backend() {
  const b = process.env.VT_TEST_BACKEND || 'sqlite';
  if (b !== 'sqlite' && b !== 'postgres') {
    throw new Error(`VT_TEST_BACKEND must be sqlite or postgres, not '${b}'`);
  }
  return b;
}

function pgAdmin() {
  const base = process.env.VT_TEST_PG_BASE;
  if (!base) {
    throw new Error('VT_TEST_BACKEND=postgres needs VT_TEST_PG_BASE (tests/run.sh starts a cluster with tests/pg.sh)');
  }
  return {base, admin: pgUrlWithDb(base, 'postgres')};
}

// ---- the demo template: made once per run, copied for each file ------------

let templatePromise = null;

/** Makes (once) the demo database every server with demo data starts from. */
function demoTemplate() {
  if (!templatePromise) {
    templatePromise = Promise.resolve().then(() => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-browser-template.'));
      scratchDirs.add(dir);
      const log = path.join(dir, 'demo.log');
      if (backend() === 'sqlite') {
        const db = path.join(dir, 'demo.db');
        runCli(['demo', '--db', db, '--log-level', 'warn'], log);
        return {kind: 'sqlite', db};
      }
      const {base, admin} = pgAdmin();
      const name = `vt_browser_template_${randomSuffix()}`;
      psqlSync(admin, `CREATE DATABASE ${name}`);
      pgTemplate = {admin, name};
      runCli(['demo', '--db', pgUrlWithDb(base, name), '--log-level', 'warn'], log);
      return {kind: 'postgres', name};
    });
  }
  return templatePromise;
}

/** Drops the PostgreSQL template now (the runner calls it at the end). */
export function cleanupTemplates() {
  if (pgTemplate) {
    try { psqlSync(pgTemplate.admin, `DROP DATABASE IF EXISTS ${pgTemplate.name} WITH (FORCE)`); } catch { /* reported elsewhere */ }
    pgTemplate = null;
  }
}

// ---- the server ------------------------------------------------------------

/**
 * Starts the binary ($VENTANILLA, default ./ventanilla at the repository's
 * root) on a free 127.0.0.1 port with a fresh database (demo data when demo),
 * and waits until /healthz answers.
 * @returns {Promise<{url, db, scratch, log, stop, api}>}
 */
export async function startServer({demo = true} = {}) {
  const bin = binary();
  if (!fs.existsSync(bin)) throw new Error(`no binary at ${bin} (set VENTANILLA, or build it with make)`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vt-browser.'));
  scratchDirs.add(scratch);
  const log = path.join(scratch, 'server.log');
  let db;
  let pgDrop = null;
  if (backend() === 'sqlite') {
    db = path.join(scratch, 'ventanilla.db');
    if (demo) {
      const tpl = await demoTemplate();
      for (const ext of ['', '-wal']) {
        if (fs.existsSync(tpl.db + ext)) fs.copyFileSync(tpl.db + ext, db + ext);
      }
    } else {
      runCli(['migrate', '--db', db, '--log-level', 'warn'], log);
    }
  } else {
    const {base, admin} = pgAdmin();
    const name = `vt_browser_${randomSuffix()}`;
    if (demo) {
      const tpl = await demoTemplate();
      psqlSync(admin, `CREATE DATABASE ${name} TEMPLATE ${tpl.name}`);
    } else {
      psqlSync(admin, `CREATE DATABASE ${name}`);
    }
    pgDrop = () => psqlSync(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    db = pgUrlWithDb(base, name);
    if (!demo) runCli(['migrate', '--db', db, '--log-level', 'warn'], log);
  }

  const readyFile = path.join(scratch, 'port');
  const logFd = fs.openSync(log, 'a');
  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--ready-file', readyFile],
    {env: process.env, stdio: ['ignore', logFd, logFd]});
  fs.closeSync(logFd);
  live.add(child);
  let exited = null; // {code, signal} once the process has ended
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => { exited = {code, signal}; live.delete(child); resolve(exited); });
    child.on('error', (err) => { exited = {code: null, signal: null, error: err}; live.delete(child); resolve(exited); });
  });
  const logTail = () => { try { return tail(fs.readFileSync(log, 'utf8'), 30); } catch { return ''; } };

  let port = null;
  const deadline = Date.now() + 30000; // ASan builds start slowly
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const s = fs.readFileSync(readyFile, 'utf8').trim();
      if (s) { port = Number(s); break; }
    } catch { /* not yet */ }
    await sleep(50);
  }
  if (!port) {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
    await exitPromise;
    if (pgDrop) pgDrop();
    scratchDirs.delete(scratch); // keep it for a look
    throw new Error(`server ${exited && exited.error ? 'could not run: ' + exited.error.message : 'did not start'}; log in ${scratch}:\n${logTail()}`);
  }
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (exited || Date.now() > deadline) {
      try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
      await exitPromise;
      if (pgDrop) pgDrop();
      scratchDirs.delete(scratch);
      throw new Error(`server did not answer /healthz; log in ${scratch}:\n${logTail()}`);
    }
    await sleep(50);
  }

  /**
   * Stops the server with SIGTERM, waits, and throws when it did not stop
   * cleanly: a non-zero exit, a sanitizer report, or no "stopped cleanly".
   */
  async function stop() {
    if (!exited) {
      try { process.kill(child.pid, 'SIGTERM'); } catch { /* gone */ }
      const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }, 40000);
      await exitPromise;
      clearTimeout(timer);
    }
    const text = fs.readFileSync(log, 'utf8');
    const problems = [];
    if (exited.code !== 0) problems.push(`exited with ${exited.code ?? 'signal ' + exited.signal}`);
    const report = text.match(/ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
    if (report) problems.push(`sanitizer report (${report[0]})`);
    if (!/stopped cleanly/.test(text)) problems.push('no "stopped cleanly" in its log');
    if (problems.length) {
      scratchDirs.delete(scratch); // keep the log and database
      throw new Error(`server did not stop cleanly: ${problems.join('; ')}; scratch kept in ${scratch}\n` +
        tail(text.slice(Math.max(0, text.search(/==\d+==ERROR|runtime error:/))), 60));
    }
    if (pgDrop) pgDrop();
    fs.rmSync(scratch, {recursive: true, force: true});
    scratchDirs.delete(scratch);
  }

  /**
   * One HTTP request to the server. body (not a string) is sent as JSON;
   * token as a Bearer token; cookie as the Cookie header.
   * @returns {Promise<{status, headers, json, text}>} json is null when the body is not JSON
   */
  async function api(method, p, {body, token, cookie, headers = {}} = {}) {
    const h = {...headers};
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer) {
        payload = body;
      } else {
        payload = JSON.stringify(body);
        if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
      }
    }
    if (token) h.Authorization = `Bearer ${token}`;
    if (cookie) h.Cookie = cookie;
    const r = await fetch(url + p, {method, headers: h, body: payload, redirect: 'manual'});
    const text = await r.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { json = null; }
    return {status: r.status, headers: r.headers, json, text};
  }

  return {url, db, scratch, log, port, stop, api, pid: child.pid};
}

// ---- the browser -----------------------------------------------------------

/** Launches Debian's Chromium (never a downloaded one) through playwright-core. */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: run scripts/deps.sh test (installs Debian's chromium)`);
  }
  let chromium;
  try {
    ({chromium} = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is not installed in tests/browser/node_modules: run scripts/deps.sh test (${e.message})`);
  }
  return chromium.launch({executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS});
}

// ---- page errors -----------------------------------------------------------

// Console messages that are not the page's fault: an API call answered 4xx
// on purpose (a test of a validation error, a wrong password, a 404 page).
function ignorable(msg, page) {
  const text = msg.text();
  const loc = msg.location() || {};
  const m = /^Failed to load resource: the server responded with a status of (\d+)/.exec(text);
  if (m) {
    const status = Number(m[1]);
    let p = '';
    try { p = new URL(loc.url || '').pathname; } catch { /* no url */ }
    if (status >= 400 && status < 500 && p.startsWith('/api/')) return true;
    // The document itself (e.g. a 404 page the test navigated to on purpose).
    if (status === 404 && loc.url && page && loc.url === page.url()) return true;
  }
  return false;
}

const watched = new WeakMap(); // page -> {errors, allow}

/**
 * Collects the page's uncaught exceptions, console errors (CSP violations
 * among them), failed module loads and "i18n: missing key" warnings.
 * @returns {{errors: string[], allow(...patterns), assertNoPageErrors()}}
 */
export function watchPage(page) {
  let w = watched.get(page);
  if (w) return w;
  const errors = [];
  const allowList = [];
  const allowed = (s) => allowList.some((re) => (re instanceof RegExp ? re.test(s) : s.includes(re)));
  page.on('pageerror', (err) => {
    const s = `uncaught exception: ${err.stack || err.message || err}`;
    if (!allowed(s)) errors.push(s);
  });
  page.on('console', (msg) => {
    const type = msg.type();
    const text = msg.text();
    let s = null;
    if (type === 'error' && !ignorable(msg, page)) {
      const loc = msg.location();
      s = `console error: ${text}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`;
    } else if (type === 'warning' && text.startsWith('i18n: missing key')) {
      s = `console warning: ${text}`;
    }
    if (s && !allowed(s)) errors.push(s);
  });
  page.on('crash', () => errors.push('the page crashed'));
  w = {
    page,
    errors,
    /** Errors matching one of these (RegExp or substring) are expected, not failures. */
    allow(...patterns) { allowList.push(...patterns); },
    assertNoPageErrors() {
      if (errors.length) {
        const list = errors.splice(0);
        throw new Error(`page errors on ${page.url()}:\n  ${list.join('\n  ')}`);
      }
    },
  };
  watched.set(page, w);
  return w;
}

/** Throws if a watched page (or any page of a context) logged an error. */
export function assertNoPageErrors(target) {
  const pages = typeof target.pages === 'function' ? [...target.pages(), ...(closedPages.get(target) || [])] : [target];
  const problems = [];
  for (const p of pages) {
    const w = watched.get(p);
    if (w && w.errors.length) problems.push(`${p.isClosed() ? '(closed page)' : p.url()}:\n  ${w.errors.splice(0).join('\n  ')}`);
  }
  if (problems.length) throw new Error(`page errors on ${problems.join('\n')}`);
}

/** Expected errors on a page or every page of a context (RegExp or substring). */
export function allowPageErrors(target, ...patterns) {
  if (typeof target.pages === 'function') {
    const list = contextAllow.get(target) || [];
    list.push(...patterns);
    contextAllow.set(target, list);
    for (const p of target.pages()) watchPage(p).allow(...patterns);
  } else {
    watchPage(target).allow(...patterns);
  }
}

const closedPages = new WeakMap(); // context -> pages already closed, still checked
const contextAllow = new WeakMap(); // context -> allow patterns for its future pages

/** Makes every page of the context watched (the runner does it for every context). */
export function watchContext(context) {
  if (closedPages.has(context)) return context;
  closedPages.set(context, []);
  const add = (p) => {
    const w = watchPage(p);
    w.allow(...(contextAllow.get(context) || []));
    p.on('close', () => closedPages.get(context).push(p));
  };
  for (const p of context.pages()) add(p);
  context.on('page', add);
  return context;
}

/** browser.newContext(options) with every page watched for errors. */
export async function newContext(browser, options = {}) {
  return watchContext(await browser.newContext(options));
}

// ---- accessibility ---------------------------------------------------------

let axeSource = null;

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA) in the page and throws an Error
 * listing every violation. The script is injected through the DevTools
 * protocol, so the page's Content-Security-Policy does not block it.
 */
export async function checkA11y(page, label = page.url(), {exclude = []} = {}) {
  if (!axeSource) axeSource = require('axe-core').source;
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async ({tags, exclude: ex}) => {
    const context = ex.length ? {include: [document], exclude: ex.map((s) => [s])} : document;
    const res = await window.axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return res.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary})),
    }));
  }, {tags: AXE_TAGS, exclude});
  if (violations.length) {
    const lines = violations.map((v) =>
      `- ${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    at ${n.target}${n.summary ? '\n      ' + n.summary.replace(/\n/g, '\n      ') : ''}`).join('\n'));
    throw new Error(`axe: ${violations.length} accessibility violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}

// ---- logging in --------------------------------------------------------------

/**
 * Logs in through POST /api/v1/session and puts the vt_session cookie into
 * the browser context, so pages opened afterwards are signed in.
 * @returns the session response body ({user, tenants, csrf_token, expires_at})
 */
export async function loginAs(context, server, email, password = 'ventanilla-demo') {
  const r = await server.api('POST', '/api/v1/session', {body: {email, password}});
  if (r.status !== 201) throw new Error(`login as ${email} failed: ${r.status} ${r.text}`);
  const cookies = typeof r.headers.getSetCookie === 'function' ? r.headers.getSetCookie() : [r.headers.get('set-cookie')];
  const line = cookies.find((c) => c && c.startsWith('vt_session='));
  if (!line) throw new Error(`login as ${email}: no vt_session cookie in the response`);
  const value = line.split(';')[0].slice('vt_session='.length);
  await context.addCookies([{name: 'vt_session', value, url: server.url, httpOnly: true, sameSite: 'Strict'}]);
  return r.json;
}

// ---- screenshots -------------------------------------------------------------

/** Writes docs/screenshots/<name>.png when VT_SCREENSHOTS=1; otherwise does nothing. */
export async function screenshot(page, name, options = {}) {
  if (process.env.VT_SCREENSHOTS !== '1') return null;
  const dir = path.join(REPO, 'docs', 'screenshots');
  fs.mkdirSync(dir, {recursive: true});
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({path: file, fullPage: true, ...options});
  return file;
}
