// Reports in the browser: the console's #/reports page (charts as SVG with
// title, desc and a data table; CSV links) for a supervisor, and the
// portal's transparency page (chart, table, open-data links, counts under 5
// withheld), in Spanish and English, with axe reporting nothing.
import assert from 'node:assert/strict';
import {checkA11y, loginAs} from './lib.mjs';

const WAIT = {timeout: 15000};
const DESKTOP = {width: 1280, height: 900};

async function context(browser, lang) {
  const ctx = await browser.newContext({viewport: DESKTOP, locale: lang === 'en' ? 'en-GB' : 'es-ES'});
  if (lang === 'en') await ctx.addInitScript(() => { try { localStorage.setItem('vt_lang', 'en'); } catch (e) { /* opaque */ } });
  return ctx;
}

async function reportsPage(server, browser, lang) {
  // Five requests to one service today, so the charts have bars.
  for (let i = 0; i < 5; i++) {
    const r = await server.api('POST', '/api/v1/public/requests', {body: {tenant: 'MOS', service: 'ayuda-domicilio',
      email: `vecino.${lang}.${i}.${Date.now()}@correo.test`, subject: 'Ayuda a domicilio', body: 'Quiero pedir la ayuda a domicilio para mi madre.'}});
    assert.equal(r.status, 201, r.text);
  }
  const ctx = await context(browser, lang);
  await loginAs(ctx, server, 'supervisor.mos@ventanilla.example');
  const page = await ctx.newPage();
  await page.goto(`${server.url}/agent/#/reports?group=service`);
  await page.locator('#chart-channel-svg').waitFor({state: 'visible', ...WAIT});
  for (const id of ['chart-channel', 'chart-group', 'chart-hour', 'chart-day', 'chart-frt', 'chart-res']) {
    const fig = page.locator(`#${id}`);
    assert.equal(await fig.locator('table').count(), 1, `${id} has its table`);
  }
  const svg = page.locator('#chart-channel-svg');
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.ok((await svg.locator('title').textContent()).length > 5);
  assert.match(await svg.locator('desc').textContent(), /\d/);
  assert.ok(await page.locator('#chart-group-svg rect.chart-bar').count() >= 1);
  assert.equal(await page.locator('#chart-hour-table tbody tr').count(), 24);
  assert.match(await page.locator('#chart-group-table').textContent(), /domicilio/i);
  const csv = await page.locator('#csv-group').getAttribute('href');
  assert.match(csv, /^\/api\/v1\/reports\/volumes\?.*format=csv/);
  assert.ok(await page.locator('#reports-pending').isVisible());
  await checkA11y(page, `reports (${lang})`);
  // The CSV link answers CSV to the logged-in supervisor.
  const body = await page.evaluate(async (href) => (await fetch(href)).text(), csv);
  assert.match(body, /^tenant,service.code,service.name,created/);
  await ctx.close();
}

async function transparencyPage(server, browser, lang) {
  const ctx = await context(browser, lang);
  const page = await ctx.newPage();
  await page.goto(`${server.url}/transparencia?tenant=MOS`);
  await page.locator('#tr-table').waitFor({state: 'visible', ...WAIT});
  await page.locator('#tr-chart-requests').waitFor({state: 'attached', ...WAIT});
  assert.ok(await page.locator('#tr-table tbody tr').count() >= 1);
  assert.match(await page.locator('#tr-csv').getAttribute('href'), /format=csv/);
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  await checkA11y(page, `transparency (${lang})`);
  await ctx.close();
}

export const tests = [
  {name: 'the reports page draws its charts with tables and CSV links (es)', run: ({server, browser}) => reportsPage(server, browser, 'es')},
  {name: 'the reports page in English', run: ({server, browser}) => reportsPage(server, browser, 'en')},
  {name: 'the transparency page (es)', run: ({server, browser}) => transparencyPage(server, browser, 'es')},
  {name: 'the transparency page in English', run: ({server, browser}) => transparencyPage(server, browser, 'en')},
];
