// Smoke test of the harness and the shared layer: the friendly 404 page
// renders in Chromium without page errors, passes axe, and its language
// switch turns the page into English.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {REPO, checkA11y, screenshot} from './lib.mjs';

/** The text of key in lang, from whichever namespace file holds it. */
function text(lang, key) {
  const dir = path.join(REPO, 'web', 'i18n', lang);
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (key in data) return data[key];
  }
  throw new Error(`no key ${key} in web/i18n/${lang}`);
}

export const tests = [
  {
    name: 'the 404 page renders, passes axe, and switches to English',
    run: async ({server, browser}) => {
      const context = await browser.newContext({locale: 'es-ES'});
      const page = await context.newPage();
      const res = await page.goto(`${server.url}/no-such-page`);
      assert.equal(res.status(), 404);
      assert.match(res.headers()['content-type'], /^text\/html/);

      const h1 = page.locator('h1');
      await assert.doesNotReject(h1.waitFor());
      const key = await h1.getAttribute('data-i18n');
      assert.ok(key, 'the heading has a data-i18n key');
      await page.waitForFunction(() => document.querySelector('button.lang-switch'));
      assert.equal(await page.locator('html').getAttribute('lang'), 'es');
      assert.equal((await h1.textContent()).trim(), text('es', key));
      assert.equal(await page.locator('h1').count(), 1, 'one h1');
      assert.equal(await page.locator('main').count(), 1, 'one main landmark');
      await checkA11y(page, '404 (es)');
      await screenshot(page, 'portal-404');

      await Promise.all([
        page.waitForNavigation({waitUntil: 'load'}),
        page.locator('button.lang-switch[lang="en"]').click(),
      ]);
      await page.waitForFunction((want) => document.documentElement.lang === 'en' &&
        document.querySelector('h1') && document.querySelector('h1').textContent.trim() === want,
      text('en', key));
      assert.equal(await page.title(), text('en', key));
      await checkA11y(page, '404 (en)');
      await context.close();
    },
  },
  {
    name: 'the 404 page fits a 360 px wide phone screen',
    run: async ({server, browser}) => {
      const context = await browser.newContext({viewport: {width: 360, height: 740}, isMobile: true, hasTouch: true});
      const page = await context.newPage();
      await page.goto(`${server.url}/no-such-page`);
      await page.waitForFunction(() => document.querySelector('button.lang-switch'));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `the page is ${width} px wide: it scrolls sideways`);
      await checkA11y(page, '404 (phone)');
      await context.close();
    },
  },
];
