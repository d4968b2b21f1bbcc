// The satisfaction survey (web/portal/encuesta.html, survey.js): a citizen
// whose request was resolved opens the survey, answers it with the keyboard
// only, gets the thank-you, and cannot answer twice; the page has zero axe
// violations in Spanish and English, before and after an error and after
// answering, and fits a 390-pixel phone; the follow-up page shows the same
// survey inline; a wrong link says so.

import assert from 'node:assert/strict';
import {checkA11y} from './lib.mjs';

async function apiSession(server, email = 'agente1.mos@ventanilla.example') {
  const r = await server.api('POST', '/api/v1/session', {body: {email, password: 'ventanilla-demo'}});
  assert.equal(r.status, 201, r.text);
  const line = r.headers.getSetCookie().find((c) => c.startsWith('vt_session='));
  return {cookie: line.split(';')[0], csrf: r.json.csrf_token};
}
async function as(server, s, method, p, body) {
  return server.api(method, p, {body, cookie: s.cookie, headers: {'X-CSRF-Token': s.csrf}});
}

/** Files a web request and has an agent resolve it: {reference, token, id}. */
async function resolvedRequest(server, tag) {
  const r = await server.api('POST', '/api/v1/public/requests', {body: {
    tenant: 'MOS', name: 'Vecina Prueba', email: `encuesta.${tag}.${Date.now()}@example.es`,
    subject: 'Consulta de prueba', body: 'Quiero saber el horario de la oficina.'}});
  assert.equal(r.status, 201, r.text);
  const s = await apiSession(server);
  const list = await as(server, s, 'GET', '/api/v1/tickets?limit=50');
  const tk = list.json.items.find((x) => x.reference === r.json.reference);
  assert.ok(tk, 'the agent sees the new request');
  const p = await as(server, s, 'PATCH', `/api/v1/tickets/${tk.id}`, {status: 'resolved'});
  assert.equal(p.status, 200, p.text);
  return {reference: r.json.reference, token: r.json.access_token, id: tk.id, session: s};
}

async function langContext(browser, lang, options = {}) {
  const context = await browser.newContext({locale: lang === 'en' ? 'en-GB' : 'es-ES', ...options});
  if (lang === 'en') await context.addInitScript(() => { try { localStorage.setItem('vt_lang', 'en'); } catch (e) { /* */ } });
  return context;
}

const surveyUrl = (server, req) =>
  `${server.url}/encuesta#ref=${encodeURIComponent(req.reference)}&token=${encodeURIComponent(req.token)}`;

async function answerWithKeyboard(server, browser, lang) {
  const req = await resolvedRequest(server, lang);
  const context = await langContext(browser, lang, {viewport: {width: 390, height: 844}, isMobile: true, hasTouch: true});
  const page = await context.newPage();
  await page.goto(surveyUrl(server, req));
  await page.waitForSelector('.survey-form');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.match(await page.textContent('#survey-intro'), new RegExp(req.reference));
  assert.equal(await page.locator('fieldset legend').count(), 4, 'one fieldset with a legend per choice question');
  assert.equal(await page.locator('input[name="sv-csat"]').count(), 5);
  assert.equal(await page.locator('input[name="sv-nps"]').count(), 11);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling on a 390 px phone (content is ${width} px wide)`);
  await checkA11y(page, `survey form (${lang})`);

  // Keyboard only: Tab to the send button without answering, Enter.
  await page.focus('#main');
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement.matches('.survey-form button[type=submit]'))) break;
  }
  assert.ok(await page.evaluate(() => document.activeElement.matches('.survey-form button[type=submit]')),
    'the send button is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#sv-errors:not([hidden])');
  assert.ok(await page.evaluate(() => document.activeElement.id === 'sv-errors'), 'the error is focused');
  assert.equal(await page.getAttribute('#sv-csat', 'aria-invalid'), 'true');
  await checkA11y(page, `survey form with an error (${lang})`);

  // The error's link leads to the first answer; arrows choose within a group.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.activeElement.id === 'sv-csat-1'));
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight'); // 1 -> 5
  assert.ok(await page.isChecked('#sv-csat-5'));
  await page.keyboard.press('Tab');                  // FCR: "yes" first
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked('#sv-fcr-yes'));
  await page.keyboard.press('Tab');                  // CES
  await page.keyboard.press('Space');                // 1
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight'); // -> 6
  assert.ok(await page.isChecked('#sv-ces-6'));
  await page.keyboard.press('Tab');                  // NPS
  await page.keyboard.press('Space');                // 0
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight'); // -> 9
  assert.ok(await page.isChecked('#sv-nps-9'));
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement.id === 'sv-comment'));
  await page.keyboard.type('<b>Muy amables</b>');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.survey-thanks');
  assert.ok(await page.evaluate(() => document.activeElement.closest('.survey-thanks') !== null),
    'the thank-you takes the focus');
  await checkA11y(page, `survey answered (${lang})`);

  const got = await as(server, req.session, 'GET', `/api/v1/tickets/${req.id}/survey`);
  assert.equal(got.status, 200, got.text);
  assert.deepEqual(got.json.answers, {csat: 5, fcr: true, ces: 6, nps: 9, comment: '<b>Muy amables</b>'});

  // Opened again: already answered, no form.
  await page.reload();
  await page.waitForSelector('.survey-thanks');
  assert.equal(await page.locator('.survey-form').count(), 0);
  await checkA11y(page, `survey already answered (${lang})`);
  await context.close();
}

export const tests = [
  {
    name: 'a citizen answers the survey with the keyboard on a phone; zero axe violations (Spanish)',
    run: ({server, browser}) => answerWithKeyboard(server, browser, 'es'),
  },
  {
    name: 'a citizen answers the survey with the keyboard on a phone; zero axe violations (English)',
    run: ({server, browser}) => answerWithKeyboard(server, browser, 'en'),
  },
  {
    name: 'the follow-up page of a resolved request shows the survey inline; a wrong link says so',
    run: async ({server, browser}) => {
      const req = await resolvedRequest(server, 'inline');
      for (const lang of ['es', 'en']) {
        const context = await langContext(browser, lang);
        const page = await context.newPage();
        await page.goto(`${server.url}/seguimiento#ref=${encodeURIComponent(req.reference)}&token=${encodeURIComponent(req.token)}`);
        await page.waitForSelector('#survey-section:not([hidden]) .survey-form');
        await checkA11y(page, `status page with its survey (${lang})`);
        await page.goto(`${server.url}/encuesta#t=vts_esto-no-existe`);
        await page.waitForSelector('#survey-root .alert-error');
        await checkA11y(page, `survey not found (${lang})`);
        await context.close();
      }
      const r = await server.api('POST', `/api/v1/public/requests/${req.reference}/survey`,
        {token: req.token, body: {csat: 3}});
      assert.equal(r.status, 200, r.text);
    },
  },
];
