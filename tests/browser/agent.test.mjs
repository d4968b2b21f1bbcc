// The agents' console (web/agent): login, queues, ticket view, live stream,
// presence, screen pop, citizen profile and merge, shortcuts, tenant
// isolation, and axe on every view.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {REPO, checkA11y, loginAs, screenshot} from './lib.mjs';

const ES = JSON.parse(fs.readFileSync(path.join(REPO, 'web/i18n/es/agent.json'), 'utf8'));
/** Spanish text of key, with {vars} filled in. */
function es(key, vars = {}) {
  const s = ES[key];
  if (s === undefined) throw new Error(`no key ${key} in web/i18n/es/agent.json`);
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
}

const MOS1 = 'agente1.mos@ventanilla.example';
const MOS2 = 'agente2.mos@ventanilla.example';
const SUP_MOS = 'supervisor.mos@ventanilla.example';
const CM1 = 'agente1.cm@ventanilla.example';

/** Logs in through the API: {cookie, csrf, user}. */
async function apiSession(server, email) {
  const r = await server.api('POST', '/api/v1/session', {body: {email, password: 'ventanilla-demo'}});
  assert.equal(r.status, 201, `login ${email}: ${r.text}`);
  const line = r.headers.getSetCookie().find((c) => c.startsWith('vt_session='));
  return {cookie: line.split(';')[0], csrf: r.json.csrf_token, user: r.json.user};
}
async function as(server, s, method, p, body) {
  const r = await server.api(method, p, {body, cookie: s.cookie, headers: {'X-CSRF-Token': s.csrf}});
  return r;
}

/** A context signed in as email with a page on the console at hash. */
async function consolePage(browser, server, email, hash, options = {}) {
  const context = await browser.newContext({locale: 'es-ES', viewport: {width: 1366, height: 900}, ...options});
  await loginAs(context, server, email);
  const page = await context.newPage();
  await page.goto(`${server.url}/agent/${hash}`);
  return {context, page};
}

async function waitQueue(page, queue) {
  await page.waitForFunction((title) => {
    const h1 = document.querySelector('main h1');
    const count = document.querySelector('.queue-count');
    return h1 && h1.textContent === title && count && count.textContent !== '';
  }, es(`agent.queue.${queue}`));
}

async function waitTicket(page, reference) {
  await page.waitForFunction((ref) => {
    const h1 = document.querySelector('main h1');
    return h1 && h1.textContent.includes(ref) && document.querySelector('.actions-form');
  }, reference);
}

async function newPublicRequest(server, subject, body = 'Necesito información, por favor.') {
  const r = await server.api('POST', '/api/v1/public/requests', {body: {
    tenant: 'MOS', subject, body, name: 'Prueba Consola', email: `prueba.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.es`}});
  assert.equal(r.status, 201, r.text);
  return r.json;
}

async function ticketByRef(server, s, reference) {
  const r = await as(server, s, 'GET', `/api/v1/tickets?q=${encodeURIComponent(reference.split('-').pop())}&limit=50`);
  let tk = (r.json.items || []).find((x) => x.reference === reference);
  if (!tk) {
    const all = await as(server, s, 'GET', '/api/v1/tickets?limit=20');
    tk = all.json.items.find((x) => x.reference === reference);
  }
  assert.ok(tk, `ticket ${reference} is listed`);
  return tk;
}

export const tests = [
  {
    name: 'login: a wrong password shows the error; the right one lands in the queues (axe on login)',
    run: async ({server, browser}) => {
      const context = await browser.newContext({locale: 'es-ES'});
      const page = await context.newPage();
      await page.goto(`${server.url}/agent/`);
      await page.locator('#login-email').waitFor();
      assert.equal(await page.locator('h1').count(), 1);
      await checkA11y(page, 'login');
      await screenshot(page, 'agent-login');
      await page.fill('#login-email', MOS1);
      await page.fill('#login-password', 'wrong-password');
      await page.click('form.login-form button[type=submit]');
      await page.getByText(es('agent.login.bad_credentials')).waitFor();
      await checkA11y(page, 'login with error');
      await page.fill('#login-password', 'ventanilla-demo');
      await page.click('form.login-form button[type=submit]');
      await waitQueue(page, 'mine');
      assert.ok(await page.locator('table.tickets tbody tr').count() > 0, 'my queue lists tickets');
      assert.match(await page.locator('#whoami').textContent(), /Gonzalo Pérez/);
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1', 'focus on the view heading');
      // A 401 (the session is gone) goes back to the login view, and after
      // logging in again the agent is back where they were.
      await context.clearCookies();
      await page.evaluate(() => { location.hash = '#/queue/all'; });
      await page.getByText(es('agent.login.expired')).waitFor();
      await page.fill('#login-email', MOS1);
      await page.fill('#login-password', 'ventanilla-demo');
      await page.click('form.login-form button[type=submit]');
      await waitQueue(page, 'all');
      // After a reload the session (and its CSRF token) is still there: logout works.
      await page.reload();
      await waitQueue(page, 'all');
      await page.click('#logout-btn');
      await page.locator('#login-email').waitFor();
      const r = await server.api('GET', '/api/v1/session');
      assert.equal(r.status, 401);
      await context.close();
    },
  },
  {
    name: 'axe: every queue, the shortcuts dialog, a 360 px phone',
    run: async ({server, browser}) => {
      const {context, page} = await consolePage(browser, server, MOS1, '#/queue/mine');
      for (const q of ['mine', 'unassigned', 'department', 'overdue', 'all']) {
        await page.goto(`${server.url}/agent/#/queue/${q}`);
        await waitQueue(page, q);
        await checkA11y(page, `queue ${q}`);
        assert.match(await page.title(), new RegExp(es(`agent.queue.${q}`)));
      }
      // English
      await page.goto(`${server.url}/agent/?lang=en#/queue/mine`);
      await page.waitForFunction(() => document.documentElement.lang === 'en' &&
        document.querySelector('main h1') && document.querySelector('main h1').textContent === 'My tickets');
      await checkA11y(page, 'queue mine (en)');
      await page.goto(`${server.url}/agent/?lang=es#/queue/all`);
      await waitQueue(page, 'all');
      await page.locator('main h1').focus();
      await page.keyboard.press('?');
      await page.locator('#help-dialog[open]').waitFor();
      await checkA11y(page, 'shortcuts dialog');
      await screenshot(page, 'agent-shortcuts', {fullPage: false});
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('#help-dialog').open);
      await context.close();

      const phone = await consolePage(browser, server, MOS1, '#/queue/unassigned',
        {viewport: {width: 360, height: 740}, isMobile: true, hasTouch: true});
      await waitQueue(phone.page, 'unassigned');
      await checkA11y(phone.page, 'queue on a phone');
      const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `no horizontal page scroll on 360 px (overflow ${overflow}px)`);
      await phone.context.close();
    },
  },
  {
    name: 'live: a citizen request appears in the unassigned queue without reload',
    run: async ({server, browser}) => {
      const {context, page} = await consolePage(browser, server, MOS1, '#/queue/unassigned');
      await waitQueue(page, 'unassigned');
      await page.locator('#live-state[data-state=live]').waitFor();
      await page.evaluate(() => { window.__noReload = true; });
      const subject = `Consulta en directo ${Date.now()}`;
      const req = await newPublicRequest(server, subject);
      const row = page.locator('table.tickets tbody tr.row-new', {hasText: req.reference});
      await row.waitFor({timeout: 15000});
      assert.match(await row.textContent(), new RegExp(subject));
      assert.equal(await page.locator('table.tickets tbody tr').first().getAttribute('class'), 'row-new', 'at the top');
      assert.equal(await page.evaluate(() => window.__noReload), true, 'no reload');
      await context.close();
    },
  },
  {
    name: 'ticket: reply, internal note, assign to me, status change (checked through the API); axe',
    run: async ({server, browser}) => {
      const s = await apiSession(server, MOS1);
      const req = await newPublicRequest(server, `Solicitud para responder ${Date.now()}`);
      const tk = await ticketByRef(server, s, req.reference);
      const {context, page} = await consolePage(browser, server, MOS1, `#/ticket/${tk.id}`);
      await waitTicket(page, req.reference);
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
      await page.getByText(es('agent.compose.via.web')).waitFor();
      await checkA11y(page, 'ticket (reply box)');
      const reply = `Buenos días, le respondo ${Date.now()}`;
      await page.fill('#compose-body', reply);
      await page.setInputFiles('#compose-files', {name: 'requisitos.txt', mimeType: 'text/plain',
        buffer: Buffer.from('Libro de familia y DNI.\n')});
      await page.click('.composer button[type=submit]');
      const sent = page.locator('.conversation li.msg-out', {hasText: reply});
      await sent.waitFor();
      const link = sent.locator('a[href^="/api/v1/attachments/"]');
      assert.match(await link.textContent(), /requisitos\.txt/);
      assert.equal(await link.getAttribute('download'), 'requisitos.txt');
      assert.equal(await page.inputValue('#compose-body'), '', 'the box is cleared');
      // Internal note through the "n" shortcut and Ctrl+Enter.
      await page.locator('main h1').focus();
      await page.keyboard.press('n');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'compose-body');
      await page.locator('.composer.is-note').waitFor();
      await checkA11y(page, 'ticket (internal note)');
      const note = `Nota interna ${Date.now()}`;
      await page.keyboard.type(note);
      await page.keyboard.press('Control+Enter');
      await page.locator('.conversation li.msg-note', {hasText: note}).waitFor();
      // Assign to me, then change the status.
      await page.click(`button:has-text("${es('agent.ticket.assign_me')}")`);
      await page.locator('.actions-msg .alert-ok').waitFor();
      await page.selectOption('#act-status', 'pending');
      await page.click(`.actions-form button[type=submit]`);
      await page.waitForFunction(() => document.querySelector('.ticket-badges .status-pending'));
      const r = await as(server, s, 'GET', `/api/v1/tickets/${tk.id}`);
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'pending');
      assert.equal(r.json.assignee && r.json.assignee.id, s.user.id);
      const out = r.json.messages.find((m) => m.body === reply);
      assert.ok(out && out.internal === false && out.direction === 'out', 'the reply is stored');
      assert.equal(out.attachments.length, 1);
      assert.equal(out.attachments[0].filename, 'requisitos.txt');
      const dl = await as(server, s, 'GET', `/api/v1/attachments/${out.attachments[0].id}`);
      assert.equal(dl.status, 200);
      assert.equal(dl.text, 'Libro de familia y DNI.\n');
      const n = r.json.messages.find((m) => m.body === note);
      assert.ok(n && n.internal === true, 'the note is stored as internal');
      await context.close();
    },
  },
  {
    name: 'ticket: a conflicting change by someone else is reported and the ticket reloaded',
    run: async ({server, browser}) => {
      const s = await apiSession(server, MOS1);
      const req = await newPublicRequest(server, `Conflicto ${Date.now()}`);
      const tk = await ticketByRef(server, s, req.reference);
      // No live stream on this page, so it cannot learn of the change first.
      const context = await browser.newContext({locale: 'es-ES', viewport: {width: 1366, height: 900}});
      await context.route('**/api/v1/events*', (route) => route.fulfill({status: 200, contentType: 'text/event-stream', body: ': off\n\n'}));
      await loginAs(context, server, MOS1);
      const page = await context.newPage();
      await page.goto(`${server.url}/agent/#/ticket/${tk.id}`);
      await waitTicket(page, req.reference);
      const s2 = await apiSession(server, MOS2);
      assert.equal((await as(server, s2, 'PATCH', `/api/v1/tickets/${tk.id}`, {priority: 'urgent'})).status, 200);
      await page.selectOption('#act-status', 'on_hold');
      await page.click('.actions-form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('.ticket-badges .prio-urgent'));
      const text = await page.locator('.actions-msg').textContent();
      assert.ok(text.includes(es('agent.ticket.conflict')), text);
      assert.ok(text.includes(`${es('agent.priority.normal')} → ${es('agent.priority.urgent')}`), text);
      assert.equal(await page.evaluate(() => document.activeElement.classList.contains('actions-msg')), true, 'focus on the message');
      const r = await as(server, s, 'GET', `/api/v1/tickets/${tk.id}`);
      assert.equal(r.json.status, 'new', 'the stale change was not applied');
      await context.close();
    },
  },
  {
    name: 'screen pop: typing a phone number shows the history at once; saving creates a phone ticket',
    run: async ({server, browser}) => {
      const s = await apiSession(server, MOS1);
      const list = await as(server, s, 'GET', '/api/v1/tickets?limit=100');
      let person = null;
      for (const tk of list.json.items) {
        const c = await as(server, s, 'GET', `/api/v1/citizens/${tk.citizen.id}`);
        const ph = c.json.identities.find((i) => i.kind === 'phone' && i.value.startsWith('+34'));
        if (ph && c.json.ticket_count > 0) {
          const found = await as(server, s, 'GET', `/api/v1/citizens?phone=${encodeURIComponent(ph.value)}`);
          if (found.json.items.length === 1) { person = {c: c.json, phone: ph.value}; break; }
        }
      }
      assert.ok(person, 'a demo citizen with a phone number');
      const {context, page} = await consolePage(browser, server, MOS1, '#/contact/phone');
      await page.locator('#pop-q').waitFor();
      await checkA11y(page, 'phone call screen (empty)');
      const national = person.phone.slice(3).replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3');
      await page.locator('#pop-q').pressSequentially(national, {delay: 20});
      const match = page.locator('.pop-match', {hasText: person.c.name});
      await match.waitFor();
      await match.locator('.tl-item').first().waitFor();
      assert.ok(await match.locator('.identities').textContent().then((x) => x.includes(person.phone)));
      assert.equal(await page.locator('#pop-subject').inputValue(), '', 'nothing else typed yet');
      await checkA11y(page, 'phone call screen (match)');
      const subject = `Llamada de prueba ${Date.now()}`;
      await page.fill('#pop-subject', subject);
      await page.fill('#pop-body', 'Pregunta por el estado de su solicitud.');
      await page.click('.pop-form button[type=submit]');
      await page.waitForFunction((sub) => /^#\/ticket\/\d+$/.test(location.hash) &&
        document.querySelector('main h1') && document.querySelector('main h1').textContent.includes(sub), subject);
      const id = Number((await page.evaluate(() => location.hash)).split('/').pop());
      const r = await as(server, s, 'GET', `/api/v1/tickets/${id}`);
      assert.equal(r.json.channel, 'phone');
      assert.equal(r.json.citizen.id, person.c.id);
      assert.equal(r.json.subject, subject);
      await context.close();
    },
  },
  {
    name: 'presence: two agents on one ticket see each other; typing shows "está respondiendo"',
    run: async ({server, browser}) => {
      const s = await apiSession(server, MOS1);
      const req = await newPublicRequest(server, `Presencia ${Date.now()}`);
      const tk = await ticketByRef(server, s, req.reference);
      const a = await consolePage(browser, server, MOS1, `#/ticket/${tk.id}`);
      await waitTicket(a.page, req.reference);
      const b = await consolePage(browser, server, MOS2, `#/ticket/${tk.id}`);
      await waitTicket(b.page, req.reference);
      const s2 = await apiSession(server, MOS2);
      const nameA = s.user.name;
      const nameB = s2.user.name;
      await b.page.locator('.presence-banner', {hasText: es('agent.presence.viewing', {name: nameA})}).waitFor({timeout: 15000});
      await a.page.locator('.presence-banner', {hasText: es('agent.presence.viewing', {name: nameB})}).waitFor({timeout: 15000});
      assert.equal(await a.page.locator('.presence-banner').getAttribute('role'), 'status');
      await b.page.fill('#compose-body', 'Estoy escribiendo una respuesta');
      await a.page.locator('.presence-banner', {hasText: es('agent.presence.replying', {name: nameB})}).waitFor({timeout: 15000});
      await screenshot(a.page, 'agent-presence', {fullPage: false});
      // Live refresh in place: a note by the other agent shows up, the draft stays.
      const note = `Nota en directo ${Date.now()}`;
      assert.equal((await as(server, s, 'POST', `/api/v1/tickets/${tk.id}/messages`, {body: note, internal: true})).status, 201);
      await b.page.locator('.conversation li.msg-note', {hasText: note}).waitFor({timeout: 15000});
      await b.page.locator('.live-note', {hasText: es('agent.live.new_note', {name: nameA})}).waitFor();
      assert.equal(await b.page.inputValue('#compose-body'), 'Estoy escribiendo una respuesta', 'the draft is kept');
      await a.context.close();
      await b.context.close();
    },
  },
  {
    name: 'tenant isolation: a Móstoles agent never sees an Alcalá ticket',
    run: async ({server, browser}) => {
      const cm = await apiSession(server, CM1);
      const alc = await as(server, cm, 'GET', '/api/v1/tickets?tenant=ALC&limit=1');
      const alcTk = alc.json.items[0];
      assert.ok(alcTk, 'an ALC ticket exists');
      const {context, page} = await consolePage(browser, server, MOS1, '#/queue/all');
      await waitQueue(page, 'all');
      const refs = await page.locator('table.tickets tbody a.ref').allTextContents();
      assert.ok(refs.length > 0);
      assert.ok(refs.every((r) => r.startsWith('MOS-')), 'only MOS tickets listed');
      await page.fill('#f-q', alcTk.subject.split(' ')[0]);
      await page.click('.filters button[type=submit]');
      await page.waitForTimeout(500);
      await waitQueue(page, 'all');
      const refs2 = await page.locator('table.tickets tbody a.ref').allTextContents();
      assert.ok(refs2.every((r) => !r.startsWith('ALC-')), 'no ALC ticket in a search either');
      await page.goto(`${server.url}/agent/#/ticket/${alcTk.id}`);
      await page.locator('main h1', {hasText: es('agent.ticket.notfound_title')}).waitFor();
      assert.ok(!(await page.locator('main').textContent()).includes(alcTk.reference), 'the reference is not shown');
      await checkA11y(page, 'ticket not found');
      await context.close();
    },
  },
  {
    name: 'shortcuts: g u, j, Enter opens the first unassigned ticket',
    run: async ({server, browser}) => {
      const {context, page} = await consolePage(browser, server, MOS1, '#/queue/mine');
      await waitQueue(page, 'mine');
      await page.keyboard.press('g');
      await page.keyboard.press('u');
      await waitQueue(page, 'unassigned');
      const first = page.locator('table.tickets tbody tr').first();
      const id = await first.getAttribute('data-id');
      const ref = await first.locator('a.ref').textContent();
      await page.keyboard.press('j');
      assert.equal(await page.evaluate(() => document.activeElement.textContent), ref);
      await page.keyboard.press('Enter');
      await page.waitForFunction((want) => location.hash === want, `#/ticket/${id}`);
      await waitTicket(page, ref);
      await context.close();
    },
  },
  {
    name: 'a message body with markup shows as text',
    run: async ({server, browser}) => {
      const s = await apiSession(server, MOS1);
      const evil = '<img src=x onerror=alert(1)>';
      const req = await newPublicRequest(server, `Marcado ${Date.now()}`, evil);
      const tk = await ticketByRef(server, s, req.reference);
      const {context, page} = await consolePage(browser, server, MOS1, `#/ticket/${tk.id}`);
      let dialogs = 0;
      page.on('dialog', (d) => { dialogs++; d.dismiss(); });
      await waitTicket(page, req.reference);
      const body = page.locator('.conversation li.msg-in .msg-body').first();
      assert.equal(await body.textContent(), evil);
      assert.equal(await page.locator('.conversation img').count(), 0);
      assert.equal(dialogs, 0);
      await context.close();
    },
  },
  {
    name: 'citizen profile and the merge dialog (supervisor); axe',
    run: async ({server, browser}) => {
      const s = await apiSession(server, SUP_MOS);
      const req1 = await newPublicRequest(server, `Duplicado A ${Date.now()}`);
      const tk = await ticketByRef(server, s, req1.reference);
      const {context, page} = await consolePage(browser, server, SUP_MOS, `#/citizen/${tk.citizen.id}`);
      await page.locator('main h1', {hasText: 'Prueba Consola'}).waitFor();
      await page.locator('.timeline .tl-item').first().waitFor();
      await checkA11y(page, 'citizen profile');
      await page.fill('#merge-q', 'Prueba Consola');
      await page.click('.merge button[type=submit]');
      const btn = page.locator('.merge .citizen-results button').first();
      await btn.waitFor();
      await btn.click();
      await page.locator('dialog[open]').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement.closest('dialog') !== null), true, 'focus in the dialog');
      await checkA11y(page, 'merge dialog');
      await screenshot(page, 'agent-merge-dialog', {fullPage: false});
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
      assert.equal(await page.evaluate(() => document.activeElement.tagName), 'BUTTON', 'focus back on the opener');
      await btn.click();
      await page.locator('dialog[open]').waitFor();
      await page.click(`dialog[open] button:has-text("${es('agent.merge.confirm')}")`);
      await page.waitForFunction(() => !document.querySelector('dialog[open]'));
      await page.locator('main h1', {hasText: 'Prueba Consola'}).waitFor();
      const c = await as(server, s, 'GET', `/api/v1/citizens/${tk.citizen.id}`);
      assert.ok(c.json.ticket_count >= 2, 'the tickets moved to the survivor');
      await context.close();
    },
  },
  {
    name: 'language: switching the console to English is kept for the user on the server (their alerts follow it)',
    run: async ({server, browser}) => {
      const s = await apiSession(server, MOS2);
      assert.equal(s.user.lang, 'es');
      const {context, page} = await consolePage(browser, server, MOS2, '#/queue/mine');
      await waitQueue(page, 'mine');
      await page.locator('#lang-switch button.lang-switch[lang="en"]').click();
      await page.locator('main h1', {hasText: 'My tickets'}).waitFor();
      let lang = '';
      for (let i = 0; i < 50 && lang !== 'en'; i++) {
        lang = (await as(server, s, 'GET', '/api/v1/session')).json.user.lang;
        if (lang !== 'en') await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(lang, 'en', 'the server keeps the language chosen in the console');
      await page.locator('#lang-switch button.lang-switch[lang="es"]').click();
      await waitQueue(page, 'mine');
      for (let i = 0; i < 50 && lang !== 'es'; i++) {
        lang = (await as(server, s, 'GET', '/api/v1/session')).json.user.lang;
        if (lang !== 'es') await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(lang, 'es');
      await context.close();
    },
  },
  {
    name: 'confidential: the assigned agent sees the mark and cannot lift it; axe on the ticket',
    run: async ({server, browser}) => {
      const req = await newPublicRequest(server, 'Consulta reservada');
      const sup = await apiSession(server, SUP_MOS);
      const agent = await apiSession(server, MOS1);
      const tk = await ticketByRef(server, sup, req.reference);
      const r = await as(server, sup, 'PATCH', `/api/v1/tickets/${tk.id}`, {confidential: true, assignee: agent.user.id});
      assert.equal(r.status, 200, r.text);
      const {context, page} = await consolePage(browser, server, MOS1, `#/ticket/${tk.id}`);
      await waitTicket(page, req.reference);
      await page.locator('#ticket-confidential-badge').waitFor();
      assert.equal(await page.locator('#act-confidential').isChecked(), true);
      assert.equal(await page.locator('#act-confidential').isDisabled(), true, 'an agent cannot lift the mark');
      await checkA11y(page, 'confidential ticket');
      await context.close();
    },
  },
];
