// Reports in the browser: the console's #/reports page (charts as SVG with
// title, desc and a data table; CSV links) for a supervisor, and the
// portal's transparency page (chart, table, open-data links, counts under 5
// withheld), in Spanish and English, with axe reporting nothing; SLA
// compliance and satisfaction with their charts and tables; the survey
// response rate and each agent's satisfaction, checked against the API.
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
  // One of them resolved and its survey answered on the follow-up page.
  const req = await server.api('POST', '/api/v1/public/requests', {body: {tenant: 'MOS', service: 'ayuda-domicilio',
    email: `encuesta.${lang}.${Date.now()}@correo.test`, subject: 'Ayuda a domicilio', body: 'Quiero pedir la ayuda a domicilio.'}});
  assert.equal(req.status, 201, req.text);
  const login = await server.api('POST', '/api/v1/session', {body: {email: 'agente1.mos@ventanilla.example', password: 'ventanilla-demo'}});
  assert.equal(login.status, 201, login.text);
  const agent = {cookie: login.headers.getSetCookie().find((c) => c.startsWith('vt_session=')).split(';')[0],
    headers: {'X-CSRF-Token': login.json.csrf_token}};
  const list = await server.api('GET', '/api/v1/tickets?limit=50', agent);
  const tk = list.json.items.find((x) => x.reference === req.json.reference);
  assert.ok(tk, 'the agent sees the request');
  const resolved = await server.api('PATCH', `/api/v1/tickets/${tk.id}`, {...agent, body: {status: 'resolved', assignee: 'me'}});
  assert.equal(resolved.status, 200, resolved.text);
  const answer = await server.api('POST', `/api/v1/public/requests/${req.json.reference}/survey`,
    {token: req.json.access_token, body: {csat: 5, nps: 9, ces: 6, fcr: true}});
  assert.equal(answer.status, 200, answer.text);
  const ctx = await context(browser, lang);
  await loginAs(ctx, server, 'supervisor.mos@ventanilla.example');
  const page = await ctx.newPage();
  await page.goto(`${server.url}/agent/#/reports?group=service`);
  await page.locator('#chart-channel-svg').waitFor({state: 'visible', ...WAIT});
  for (const id of ['chart-channel', 'chart-group', 'chart-hour', 'chart-day', 'chart-frt', 'chart-res', 'chart-fcr', 'chart-aht']) {
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
  // SLA compliance: the requests above were stamped with the demo's due
  // times, so the chart has the group with its three targets.
  assert.equal(await page.locator('#reports-pending').count(), 0);
  const sla = page.locator('#chart-sla-svg');
  assert.equal(await sla.getAttribute('role'), 'img');
  assert.ok((await sla.locator('title').textContent()).length > 5);
  assert.match(await sla.locator('desc').textContent(), /%|—/);
  assert.equal(await page.locator('#chart-sla-table thead th').count(), 4);
  assert.equal(await page.locator('#reports-sla-table tbody tr').count(), 3);
  // Satisfaction: one answered survey, under 10 answers: counted, no figures.
  await page.locator('#reports-sat-table').waitFor({state: 'visible', ...WAIT});
  assert.equal(await page.locator('#chart-csat table').count(), 1);
  assert.match(await page.locator('#reports-sat-table tbody tr:last-child').textContent(), lang === 'en' ? /under 10/ : /menos de 10/);
  // The response rate beside it: the figures the API gives for the same
  // period (surveys offered in it, by the day they were offered).
  const few = lang === 'en' ? 'under 10' : 'menos de 10';
  const pctOf = (x) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'es-ES', {style: 'percent', maximumFractionDigits: 0}).format(x);
  const api = await page.evaluate(async () => {
    const q = new URLSearchParams(location.hash.split('?')[1]);
    q.delete('group');
    const get = async (path) => (await fetch(`${path}?${q}`)).json();
    return {vol: await get('/api/v1/reports/volumes'), agents: await get('/api/v1/reports/agents')};
  });
  const trr = api.vol.totals.response_rate;
  assert.ok(trr.offered >= 1 && trr.answered >= 1, JSON.stringify(trr));
  assert.equal(await page.locator('#reports-sat-table thead th').count(), 9);
  const totalCells = await page.locator('#reports-sat-table tbody tr:last-child td').allTextContents();
  assert.equal(totalCells.at(-2), String(trr.offered));
  assert.equal(totalCells.at(-1), pctOf(trr.rate));
  assert.match(await page.locator('#reports-response-rate').textContent(), new RegExp(`${trr.answered}\\D+${trr.offered}`));
  // Each agent's satisfaction and response rate in the agents' table,
  // under 10 answers withheld; the agent who resolved the request has one.
  assert.equal(await page.locator('#reports-agents-table thead th').count(), 9);
  const me = api.agents.items.find((a) => a.satisfaction && a.satisfaction.answers >= 1);
  assert.ok(me, JSON.stringify(api.agents.items));
  const agentRow = page.locator('#reports-agents-table tbody tr').filter({has: page.locator('th', {hasText: me.agent.name})});
  const cells = await agentRow.locator('td').allTextContents();
  assert.equal(cells[3], String(me.satisfaction.answers));
  assert.equal(cells[4], me.satisfaction.answers >= 10 ? pctOf(me.satisfaction.csat.rate) : few);
  assert.equal(cells[6], String(me.response_rate.offered));
  assert.equal(cells[7], pctOf(me.response_rate.rate));
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
  // Satisfaction: under 10 answers the cell says so.
  assert.match(await page.locator('#tr-table').textContent(), lang === 'en' ? /Fewer than 10 answers/ : /Menos de 10 respuestas/);
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
