#!/usr/bin/env node
// Runs browser test files: node tests/browser/run.mjs [FILE...]
// (default: every tests/browser/*.test.mjs, in name order). Each file gets
// its own fresh server with demo data; one Chromium is shared. Prints
// "ok - FILE: NAME" / "not ok - FILE: NAME" and ends with "N passed, N failed";
// exits 1 on any failure. See README.md.

import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {startServer, launchBrowser, watchContext, assertNoPageErrors, cleanupTemplates} from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const TIMEOUT_MS = Number(process.env.VT_BROWSER_TEST_TIMEOUT || 60) * 1000;

const args = process.argv.slice(2);
const files = args.length
  ? args.map((f) => path.resolve(f))
  : fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(here, f));

let passed = 0;
let failed = 0;
const started = Date.now();

function indent(text) {
  return String(text).split('\n').map((l) => `#   ${l}`).join('\n');
}
function errorText(err) {
  if (err && err.stack) return err.stack;
  return String(err);
}
function ok(label) { passed++; console.log(`ok - ${label}`); }
function notOk(label, err) {
  failed++;
  console.log(`not ok - ${label}`);
  console.log(indent(errorText(err)));
}

// A test that hangs is abandoned: its promise may reject later.
process.on('unhandledRejection', (err) => {
  if (process.env.VT_BROWSER_DEBUG) console.log(indent(`(late) ${errorText(err)}`));
});

// One browser for the whole run; a test that needs it fails with the reason
// when it could not be launched (Chromium or playwright-core missing).
let browser = null;
let browserError = null;
let contextsOfTest = [];
try {
  browser = await launchBrowser();
  // Every context a test makes is watched for page errors, and closed after
  // the test if the test did not close it.
  const newContextOrig = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const ctx = watchContext(await newContextOrig(options));
    contextsOfTest.push(ctx);
    return ctx;
  };
} catch (err) {
  browserError = err;
  console.log(`# cannot launch the browser: ${err.message}`);
}

async function runOne(test, ctx) {
  contextsOfTest = [];
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  const run = Promise.resolve().then(() => test.run(ctx));
  run.catch(() => {}); // may reject after a time-out
  try {
    try {
      await Promise.race([run, timeout]);
    } catch (err) {
      // The page's own errors often explain a failed wait: show them too.
      const pageErrors = [];
      for (const c of contextsOfTest) {
        try { assertNoPageErrors(c); } catch (e) { pageErrors.push(e.message); }
      }
      if (pageErrors.length && err && typeof err === 'object') {
        err.message = `${err.message}\n${pageErrors.join('\n')}`;
        if (err.stack) err.stack = `${err.stack}\n${pageErrors.join('\n')}`;
      }
      throw err;
    }
    for (const c of contextsOfTest) assertNoPageErrors(c);
  } finally {
    clearTimeout(timer);
    for (const c of contextsOfTest) await c.close().catch(() => {});
    contextsOfTest = [];
  }
}

for (const file of files) {
  const name = path.basename(file);
  let tests;
  try {
    const mod = await import(pathToFileURL(file).href);
    tests = mod.tests;
    if (!Array.isArray(tests)) throw new Error('the file does not export `tests` (an array of {name, run})');
  } catch (err) {
    notOk(`${name}: load the file`, err);
    continue;
  }
  let server;
  try {
    server = await startServer({demo: true});
  } catch (err) {
    for (const t of tests) notOk(`${name}: ${t.name}`, `server did not start: ${errorText(err)}`);
    continue;
  }
  const ctx = {
    server,
    file: name,
    get browser() {
      if (!browser) throw browserError || new Error('no browser');
      return browser;
    },
  };
  for (const t of tests) {
    const t0 = Date.now();
    try {
      await runOne(t, ctx);
      ok(`${name}: ${t.name}`);
    } catch (err) {
      notOk(`${name}: ${t.name}`, err);
    }
    if (process.env.VT_BROWSER_DEBUG) console.log(`#   ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  // A sanitizer report or a non-zero exit on stop fails the file.
  try {
    await server.stop();
  } catch (err) {
    notOk(`${name}: the server stops cleanly`, err);
  }
}

if (browser) await browser.close().catch(() => {});
cleanupTemplates();
console.log(`# ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
