// The end-to-end story across both front ends, on one server: a citizen files
// a request on the portal while an agent watches the console's queue; the
// request arrives live, the agent answers, the citizen reads the answer on the
// private follow-up page and replies, and the agent sees that reply live. Then
// the same citizen phones (the screen pop shows who they are and their earlier
// request), and a Getafe agent never sees any of it. Also writes the
// screenshots of docs/screenshots/ when VT_SCREENSHOTS=1.
//
// Tests share this file's server, in order: test 2 and 3 use what test 1 made
// (`story`), and make their own data when run alone.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {REPO, loginAs, screenshot} from './lib.mjs';

const ES = JSON.parse(fs.readFileSync(path.join(REPO, 'web/i18n/es/agent.json'), 'utf8'));
/** Spanish console text of key, with {vars} filled in. */
function es(key, vars = {}) {
  const s = ES[key];
  if (s === undefined) throw new Error(`no key ${key} in web/i18n/es/agent.json`);
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

const REF_RE = /^MOS-\d{4}-\d{6}$/;
const MOS1 = 'agente1.mos@ventanilla.example';
const GET1 = 'agente1.get@ventanilla.example';
const DESKTOP = {width: 1280, height: 800};
const WAIT = {timeout: 15000};

/** What test 1 made, for the tests after it: {reference, ticketId, citizenId, name, email, phone, marker}. */
let story = null;

// ---- helpers -------------------------------------------------------------------

function unique() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** A 7-digit number to find one ticket by full-text search (it reads like a contract number). */
function marker() {
  return String(1000000 + Math.floor(Math.random() * 9000000));
}

/** A Spanish number no demo citizen has (the demo numbers all start with 6): "7xx xxx xxx". */
function freshPhone() {
  const d = `7${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  return {typed: `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, e164: `+34${d}`};
}

/** Logs in through the API: {cookie, csrf, user}. */
async function apiSession(server, email) {
  const r = await server.api('POST', '/api/v1/session', {body: {email, password: 'ventanilla-demo'}});
  assert.equal(r.status, 201, `login ${email}: ${r.text}`);
  const line = r.headers.getSetCookie().find((c) => c.startsWith('vt_session='));
  return {cookie: line.split(';')[0], csrf: r.json.csrf_token, user: r.json.user};
}
function as(server, s, method, p, body) {
  return server.api(method, p, {body, cookie: s.cookie, headers: {'X-CSRF-Token': s.csrf}});
}

/** A viewport screenshot (VT_SCREENSHOTS=1) without the focus ring of the element that has focus. */
async function shot(page, name) {
  if (process.env.VT_SCREENSHOTS !== '1') return;
  await page.evaluate(() => { if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur(); });
  await screenshot(page, name, {fullPage: false});
}

/** Scrolls so that the element matching selector is at the top of the viewport, less margin px. */
async function scrollToTop(page, selector, margin = 16) {
  await page.evaluate(({sel, m}) => {
    const el = document.querySelector(sel);
    window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - m);
  }, {sel: selector, m: margin});
}

/** A desktop context signed in as email, with a page on the console at hash. */
async function consolePage(browser, server, email, hash) {
  const context = await browser.newContext({locale: 'es-ES', viewport: DESKTOP});
  const session = await loginAs(context, server, email);
  const page = await context.newPage();
  await page.goto(`${server.url}/agent/${hash}`);
  return {context, page, user: session.user};
}

/** Waits until the console shows the queue (its heading and its count). */
async function waitQueue(page, queue) {
  await page.waitForFunction((title) => {
    const h1 = document.querySelector('main h1');
    const count = document.querySelector('.queue-count');
    return h1 && h1.textContent === title && count && count.textContent !== '';
  }, es(`agent.queue.${queue}`), WAIT);
}

/** Waits until the console shows the ticket view of reference. */
async function waitTicket(page, reference) {
  await page.waitForFunction((ref) => {
    const h1 = document.querySelector('main h1');
    return h1 && h1.textContent.includes(ref) && document.querySelector('.actions-form');
  }, reference, WAIT);
}

/** Waits until the portal page's texts are loaded (the language switch is mounted). */
async function portalReady(page) {
  await page.waitForSelector('#lang-switch button.lang-switch', WAIT);
}

/** The MOS ticket of test 1, or a new one filed through the public API when test 1 did not run. */
async function mosRequest(server) {
  if (story) return story;
  const code = marker();
  const email = `ines.martinez.${unique()}@example.es`;
  const phone = freshPhone();
  const r = await server.api('POST', '/api/v1/public/requests', {body: {
    tenant: 'MOS', service: 'empadronamiento', name: 'Inés Martínez Peña', email, phone: phone.typed,
    subject: 'Empadronamiento', body: `Quiero empadronarme en Móstoles (contrato de alquiler n.º ${code}). ¿Qué necesito?`}});
  assert.equal(r.status, 201, r.text);
  const mos = await apiSession(server, MOS1);
  const list = await as(server, mos, 'GET', `/api/v1/tickets?q=${code}`);
  const tk = list.json.items.find((x) => x.reference === r.json.reference);
  assert.ok(tk, `the MOS agent finds ${r.json.reference}`);
  return {reference: tk.reference, ticketId: tk.id, citizenId: tk.citizen.id, name: 'Inés Martínez Peña',
    email, phone, marker: code};
}

// ---- the tests -------------------------------------------------------------------

export const tests = [
  {
    name: 'citizen to agent and back, live: request on the portal, answer in the console, reply on the status page',
    run: async ({server, browser}) => {
      // The agent has the unassigned queue open, with the live stream connected.
      const agent = await consolePage(browser, server, MOS1, '#/queue/unassigned');
      const ap = agent.page;
      await waitQueue(ap, 'unassigned');
      await ap.locator('#live-state[data-state=live]').waitFor(WAIT);
      await ap.evaluate(() => { window.__noReload = true; });

      // A citizen, without an account or cookies, on the portal home.
      const citizen = await browser.newContext({locale: 'es-ES', viewport: DESKTOP});
      const cp = await citizen.newPage();
      await cp.goto(`${server.url}/`);
      await portalReady(cp);
      await cp.waitForSelector('#tenant-select option[value="MOS"]', {state: 'attached', ...WAIT});
      assert.equal(await cp.locator('#catalogue').isHidden(), true, 'no catalogue before choosing');
      await cp.selectOption('#tenant-select', 'MOS');
      await cp.click('#tenant-form button[type=submit]');
      await cp.waitForURL(/\/\?tenant=MOS$/, WAIT);
      await cp.waitForSelector('#service-list li', WAIT);
      assert.match(await cp.textContent('#catalogue-title'), /Móstoles/);
      const all = await cp.locator('#service-list > li').count();
      assert.ok(all > 1, `the Móstoles catalogue lists services (${all})`);
      await shot(cp, 'portal-home');

      // Search the catalogue (accents do not matter) and open the service.
      await cp.fill('#q', 'padrón');
      await cp.waitForFunction((n) => {
        const items = document.querySelectorAll('#service-list > li');
        return items.length > 0 && items.length < n;
      }, all, WAIT);
      const serviceName = 'Alta y cambio de domicilio en el Padrón';
      await cp.getByRole('link', {name: serviceName}).click();
      await cp.waitForURL(/\/servicio\?/, WAIT);
      await cp.waitForSelector('#service-body h2', WAIT);
      assert.equal((await cp.textContent('h1')).trim(), serviceName);
      await shot(cp, 'portal-service');
      await cp.locator('a.btn-big').first().click();

      // The request form, filled in with Spanish text.
      await cp.waitForURL(/\/solicitud\?/, WAIT);
      await cp.waitForSelector('#f-service option[value="empadronamiento"]:checked', {state: 'attached', ...WAIT});
      assert.equal(await cp.inputValue('#f-tenant'), 'MOS');
      // Demo e-mail addresses all end in a number: this one is new, and so is the 7… number.
      const code = marker();
      const name = 'Begoña Núñez Ibáñez';
      const email = 'begona.nunez@example.es';
      const phone = freshPhone();
      const subject = 'Alta en el padrón de mi familia';
      const message = 'Buenos días. Nos hemos mudado a Móstoles este año (contrato de alquiler n.º ' +
        `${code}) y queremos empadronarnos. ¿Qué documentación necesitamos? ¿Hay que pedir cita previa? Muchas gracias.`;
      await cp.fill('#f-name', name);
      await cp.fill('#f-email', email);
      await cp.fill('#f-phone', phone.typed);
      await cp.fill('#f-subject', subject);
      await cp.fill('#f-body', message);
      await scrollToTop(cp, '#contact-hint', 56);
      await shot(cp, 'portal-form');
      await cp.click('#submit-btn');

      // The receipt: a reference and the private follow-up link.
      await cp.waitForURL(/\/recibo$/, WAIT);
      await cp.waitForSelector('#reference:not(:empty)', WAIT);
      const reference = (await cp.textContent('#reference')).trim();
      assert.match(reference, REF_RE);
      const followHref = await cp.getAttribute('#follow-link', 'href');
      assert.match(followHref, new RegExp(`/seguimiento#ref=${reference}&token=vtr_`));
      assert.match(await cp.textContent('#facts'), new RegExp(subject));
      await shot(cp, 'portal-receipt');

      // Without a reload, the request shows up at the top of the agent's queue.
      const row = ap.locator('table.tickets tbody tr.row-new', {hasText: reference});
      await row.waitFor(WAIT);
      assert.equal(await row.locator('.col-subject').textContent(), subject);
      assert.match(await row.locator('.col-citizen').textContent(), new RegExp(name));
      assert.equal(await ap.locator('table.tickets tbody tr').first().getAttribute('data-id'),
        await row.getAttribute('data-id'), 'the new request is at the top');
      assert.equal(await ap.evaluate(() => window.__noReload), true, 'the queue was not reloaded');
      await shot(ap, 'console-queue');

      // The agent opens it from the queue, reads the message and answers.
      await row.locator('a.ref').click();
      await waitTicket(ap, reference);
      const ticketId = Number((await ap.evaluate(() => location.hash)).split('/').pop());
      assert.ok(ticketId > 0);
      const incoming = ap.locator('.conversation li.msg-in');
      assert.equal(await incoming.count(), 1);
      assert.equal(await incoming.first().locator('.msg-body').textContent(), message);
      await ap.getByText(es('agent.compose.via.web')).waitFor(WAIT);
      const reply = `Buenos días, ${name.split(' ')[0]}. Traiga la hoja padronal firmada por todas las personas ` +
        'mayores de edad, el DNI o NIE de cada una y el contrato de alquiler. No hace falta cita previa.';
      await ap.fill('#compose-body', reply);
      await ap.click('.composer button[type=submit]');
      await ap.locator('.conversation li.msg-out', {hasText: reply}).waitFor(WAIT);
      await ap.locator('.compose-msg', {hasText: es('agent.compose.reply_sent')}).waitFor(WAIT);
      assert.equal(await ap.inputValue('#compose-body'), '', 'the reply box is emptied');

      // The citizen opens the private link from the receipt and reads the answer.
      await cp.click('#follow-link');
      await cp.waitForURL(/\/seguimiento#ref=/, WAIT);
      await cp.waitForSelector('#conversation li.msg-out', WAIT);
      assert.equal((await cp.textContent('#request-title')).trim(), `Solicitud ${reference}`);
      // The agent's answer, once (an automatic answer from the knowledge base
      // may come before it: it has no agent's name).
      const answer = cp.locator('#conversation li.msg-out', {hasText: reply});
      assert.equal(await answer.count(), 1);
      assert.equal(await answer.locator('.msg-body').textContent(), reply);
      assert.match(await answer.locator('.msg-meta').textContent(), new RegExp(agent.user.name));
      assert.equal(await cp.locator('#conversation li.msg-in .msg-body').first().textContent(), message);

      // The citizen replies from the status page…
      const citizenReply = 'Perfecto, muchas gracias. Iremos el jueves por la mañana con toda la documentación.';
      await cp.fill('#r-body', citizenReply);
      await cp.click('#reply-btn');
      await cp.waitForFunction(() => document.querySelectorAll('#conversation li.msg-in').length === 2, null, WAIT);
      assert.equal(await cp.locator('#conversation li.msg-in .msg-body').nth(1).textContent(), citizenReply);
      assert.equal(await cp.inputValue('#r-body'), '');
      await scrollToTop(cp, '#conv-title');
      await shot(cp, 'portal-status');

      // …and the agent's open ticket shows it without a reload.
      await ap.locator('.conversation li.msg-in', {hasText: citizenReply}).waitFor(WAIT);
      await ap.locator('.live-note', {hasText: es('agent.live.new_in')}).waitFor(WAIT);
      assert.equal(await ap.locator('.conversation li.msg-in').count(), 2);
      assert.equal(await ap.evaluate(() => window.__noReload), true, 'the console was not reloaded');
      await ap.fill('#compose-body', 'Le esperamos el jueves. ');
      await scrollToTop(ap, '.conv-section', 8);
      await shot(ap, 'console-ticket');
      await ap.fill('#compose-body', '');

      // The API agrees on who filed it and what was said.
      const mos = await apiSession(server, MOS1);
      const tk = await as(server, mos, 'GET', `/api/v1/tickets/${ticketId}`);
      assert.equal(tk.status, 200, tk.text);
      assert.equal(tk.json.reference, reference);
      assert.equal(tk.json.channel, 'web');
      // People's messages (an automatic answer, author "system", may also be there).
      assert.deepEqual(tk.json.messages.filter((m) => m.author.kind !== 'system').map((m) => [m.direction, m.body]),
        [['in', message], ['out', reply], ['in', citizenReply]]);
      const person = await as(server, mos, 'GET', `/api/v1/citizens/${tk.json.citizen.id}`);
      assert.equal(person.json.name, name);
      const idents = person.json.identities.map((i) => `${i.kind}:${i.value}`);
      assert.ok(idents.includes(`email:${email}`) && idents.includes(`phone:${phone.e164}`), idents.join(', '));

      story = {reference, ticketId, citizenId: tk.json.citizen.id, name, email, phone, marker: code};
      await citizen.close();
      await agent.context.close();
    },
  },
  {
    name: 'phone call screen pop: the number shows the caller and their earlier request; the call is logged as a phone ticket',
    run: async ({server, browser}) => {
      // The citizen of test 1, or (run alone) one made now through the public form's API.
      const who = await mosRequest(server);
      const {context, page} = await consolePage(browser, server, MOS1, '#/contact/phone');
      await page.locator('#pop-q').waitFor(WAIT);
      assert.equal((await page.textContent('main h1')).trim(), es('agent.contact.phone_title'));

      // Typing the number is enough: name, identities and the earlier request appear.
      await page.locator('#pop-q').pressSequentially(who.phone.typed, {delay: 20});
      const match = page.locator('.pop-match', {hasText: who.name});
      await match.waitFor(WAIT);
      assert.equal(await page.locator('.pop-match').count(), 1, 'one person has that number');
      assert.ok((await match.locator('.identities').textContent()).includes(who.phone.e164));
      await match.locator('table.tickets a', {hasText: who.reference}).waitFor(WAIT);
      await match.locator('.tl-item', {hasText: who.reference}).first().waitFor(WAIT);
      // The call form is ready for this person, and nothing else was typed yet.
      await page.locator('#pop-data').waitFor(WAIT);
      assert.match(await page.textContent('.pop-form .pop-who'), new RegExp(who.name));
      assert.equal(await page.inputValue('#pop-subject'), '');
      assert.equal(await page.inputValue('#pop-body'), '');
      await shot(page, 'console-phone-call');

      // Log the call as a new ticket.
      const subject = 'Llamada: confirma que puede ir sin cita previa';
      assert.equal(await page.isChecked('#pop-mode-new'), true, 'a new ticket by default');
      assert.equal(await page.inputValue('#pop-tenant'), 'MOS');
      await page.fill('#pop-subject', subject);
      await page.fill('#pop-body', 'Llama para confirmar que el jueves puede ir sin cita previa. Se le confirma que sí.');
      await page.click('.pop-form button[type=submit]');
      await page.waitForFunction((sub) => /^#\/ticket\/\d+$/.test(location.hash) &&
        document.querySelector('main h1') && document.querySelector('main h1').textContent.includes(sub), subject, WAIT);
      const id = Number((await page.evaluate(() => location.hash)).split('/').pop());

      const mos = await apiSession(server, MOS1);
      const r = await as(server, mos, 'GET', `/api/v1/tickets/${id}`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.channel, 'phone');
      assert.equal(r.json.tenant, 'MOS');
      assert.equal(r.json.subject, subject);
      assert.notEqual(r.json.reference, who.reference);
      const c = await as(server, mos, 'GET', `/api/v1/citizens/${r.json.citizen.id}`);
      assert.equal(c.json.id, who.citizenId, 'the call belongs to the same citizen');
      const refs = c.json.recent_tickets.map((x) => x.reference);
      assert.ok(refs.includes(who.reference) && refs.includes(r.json.reference), refs.join(', '));
      assert.equal(r.json.messages[0].direction, 'in');
      assert.equal(r.json.messages[0].channel, 'phone');

      // The citizen's profile, from the ticket: both contacts on the timeline.
      await page.click(`.ticket-head a[href="#/citizen/${who.citizenId}"]`);
      await page.locator('main h1', {hasText: who.name}).waitFor(WAIT);
      const recent = page.locator('.view-citizen table.tickets');
      await recent.locator('a', {hasText: who.reference}).waitFor(WAIT);
      await recent.locator('a', {hasText: r.json.reference}).waitFor(WAIT);
      await page.locator('.timeline .tl-item', {hasText: r.json.reference}).first().waitFor(WAIT);
      assert.ok((await page.textContent('.view-citizen .identities')).includes(who.email));
      await shot(page, 'console-citizen');
      await context.close();
    },
  },
  {
    name: 'tenant isolation in the UI: a Getafe agent never sees the Móstoles request nor its citizen',
    run: async ({server, browser}) => {
      const mosTk = await mosRequest(server);
      // As a control, the Móstoles agent does find it by the number in its message.
      const mos = await apiSession(server, MOS1);
      const control = await as(server, mos, 'GET', `/api/v1/tickets?q=${encodeURIComponent(mosTk.marker)}`);
      assert.ok(control.json.items.some((x) => x.reference === mosTk.reference), 'the MOS agent finds it');

      const {context, page, user} = await consolePage(browser, server, GET1, '#/queue/unassigned');
      const getSession = await apiSession(server, GET1);
      assert.deepEqual(getSession.user.id, user.id);

      // No queue lists it, nor any other Móstoles ticket.
      for (const q of ['unassigned', 'all', 'mine', 'department', 'overdue']) {
        await page.goto(`${server.url}/agent/#/queue/${q}`);
        await waitQueue(page, q);
        const refs = await page.locator('table.tickets tbody a.ref').allTextContents();
        assert.ok(!refs.includes(mosTk.reference), `${q}: the MOS reference is not listed`);
        assert.ok(refs.every((x) => x.startsWith('GET-')), `${q}: only Getafe tickets (${refs.filter((x) => !x.startsWith('GET-')).join(', ')})`);
        if (q === 'all') assert.ok(refs.length > 0, 'the Getafe agent does see Getafe tickets');
      }

      // Searching for the number in its message, or for the reference, finds nothing.
      for (const term of [mosTk.marker, mosTk.reference]) {
        await page.fill('#f-q', term);
        const [resp] = await Promise.all([
          page.waitForResponse((r) => r.url().includes('/api/v1/tickets?') && r.url().includes(`q=${encodeURIComponent(term)}`), WAIT),
          page.click('.filters button[type=submit]'),
        ]);
        assert.equal(resp.status(), 200);
        await page.locator('.queue-count', {hasText: es('agent.queue.empty')}).waitFor(WAIT);
        assert.equal(await page.locator('table.tickets tbody tr').count(), 0, `no result for ${term}`);
      }
      await page.click(`.filters button:has-text("${es('agent.filter.clear')}")`);
      await page.waitForFunction(() => document.querySelectorAll('table.tickets tbody tr').length > 0, null, WAIT);

      // Live: a new Móstoles request never reaches the Getafe queue; a Getafe one does.
      await page.goto(`${server.url}/agent/#/queue/unassigned`);
      await waitQueue(page, 'unassigned');
      await page.locator('#live-state[data-state=live]').waitFor(WAIT);
      const mosLive = await server.api('POST', '/api/v1/public/requests', {body: {tenant: 'MOS',
        email: `otra.${unique()}@example.es`, subject: `Solo Móstoles ${unique()}`, body: 'Consulta para Móstoles.'}});
      assert.equal(mosLive.status, 201, mosLive.text);
      const getLive = await server.api('POST', '/api/v1/public/requests', {body: {tenant: 'GET',
        email: `vecina.${unique()}@example.es`, subject: `Consulta en Getafe ${unique()}`, body: 'Consulta para Getafe.'}});
      assert.equal(getLive.status, 201, getLive.text);
      await page.locator('table.tickets tbody tr.row-new', {hasText: getLive.json.reference}).waitFor(WAIT);
      assert.equal(await page.locator('table.tickets tbody tr', {hasText: mosLive.json.reference}).count(), 0);
      assert.equal(await page.locator('table.tickets tbody tr', {hasText: mosTk.reference}).count(), 0);

      // Opening the ticket by its id says "not found" and shows nothing of it.
      await page.goto(`${server.url}/agent/#/ticket/${mosTk.ticketId}`);
      await page.locator('main h1', {hasText: es('agent.ticket.notfound_title')}).waitFor(WAIT);
      const mainText = await page.locator('main').textContent();
      assert.ok(mainText.includes(es('agent.ticket.notfound_text')));
      assert.ok(!mainText.includes(mosTk.reference) && !mainText.includes(mosTk.marker), 'nothing of the ticket is shown');

      // The citizen search by their email finds nobody; the profile is "not found" too.
      await page.goto(`${server.url}/agent/#/citizens?q=${encodeURIComponent(mosTk.email)}`);
      await page.locator('.view-citizens .results', {hasText: es('agent.citizen.no_results')}).waitFor(WAIT);
      assert.equal(await page.locator('.view-citizens .citizen-results li').count(), 0);
      assert.ok(!(await page.locator('main').textContent()).includes(mosTk.name));
      await page.goto(`${server.url}/agent/#/citizen/${mosTk.citizenId}`);
      await page.locator('main h1', {hasText: es('agent.citizen.notfound_title')}).waitFor(WAIT);
      assert.ok(!(await page.locator('main').textContent()).includes(mosTk.name));

      // The API says the same to the Getafe agent.
      assert.equal((await as(server, getSession, 'GET', `/api/v1/tickets/${mosTk.ticketId}`)).status, 404);
      const byEmail = await as(server, getSession, 'GET', `/api/v1/citizens?email=${encodeURIComponent(mosTk.email)}`);
      assert.equal(byEmail.status, 200, byEmail.text);
      assert.deepEqual(byEmail.json.items, []);
      assert.equal((await as(server, getSession, 'GET', `/api/v1/citizens/${mosTk.citizenId}`)).status, 404);
      await context.close();
    },
  },
  {
    name: 'the request form on a 360x740 phone: filled in, no horizontal scroll',
    run: async ({server, browser}) => {
      const context = await browser.newContext({locale: 'es-ES', viewport: {width: 360, height: 740}, isMobile: true, hasTouch: true});
      const page = await context.newPage();
      await page.goto(`${server.url}/solicitud?tenant=MOS&service=empadronamiento`);
      await portalReady(page);
      await page.waitForSelector('#f-service option[value="empadronamiento"]:checked', {state: 'attached', ...WAIT});
      await page.fill('#f-name', 'Begoña Núñez Ibáñez');
      await page.fill('#f-email', 'begona.nunez@example.es');
      await page.fill('#f-phone', '712 345 678');
      await page.fill('#f-subject', 'Alta en el padrón de mi familia');
      await page.fill('#f-body', 'Nos hemos mudado a Móstoles. ¿Qué documentación necesitamos?');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scroll at 360 px (overflow ${overflow} px)`);
      await scrollToTop(page, '#request-form', 8);
      await shot(page, 'portal-mobile-form');
      await context.close();
    },
  },
];
