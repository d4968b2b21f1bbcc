// The citizen portal (web/portal): every page passes axe in Spanish and in
// English; a citizen searches, reads a service, files a request with a PDF,
// gets the receipt, follows the request, downloads the attachment, replies
// and sees an agent's answer; validation (client and server), keyboard-only
// use, a 360 px phone, refused files, and citizen text shown as text.

import assert from 'node:assert/strict';
import {checkA11y, allowPageErrors} from './lib.mjs';

const REF_RE = /^MOS-\d{4}-\d{6}$/;
const XSS = '<img src=x onerror=alert(1)>';

/** A small valid PDF, made in memory. */
function pdfBytes() {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Waits until the page's texts are loaded (the language switch is mounted). */
async function ready(page) {
  await page.waitForSelector('#lang-switch button.lang-switch');
}

/** A context in a language (the choice is what the language switch stores). */
async function newContext(browser, lang = 'es', options = {}) {
  const context = await browser.newContext({locale: lang === 'en' ? 'en-GB' : 'es-ES', ...options});
  if (lang === 'en') await context.addInitScript(() => { try { localStorage.setItem('vt_lang', 'en'); } catch (e) { /* opaque origin */ } });
  return context;
}

/** Files a request through the API, as the form would; returns the 201 body. */
async function fileRequest(server, extra = {}) {
  const r = await server.api('POST', '/api/v1/public/requests', {body: {
    tenant: 'MOS', service: 'empadronamiento', name: 'Lucía Prueba', email: 'lucia.prueba@example.es',
    subject: 'Consulta de prueba', body: 'Quiero saber qué documentos necesito.', ...extra}});
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/** Logs an agent in through the API: {cookie, csrf}. */
async function agentSession(server, email = 'agente1.mos@ventanilla.example') {
  const r = await server.api('POST', '/api/v1/session', {body: {email, password: 'ventanilla-demo'}});
  assert.equal(r.status, 201, r.text);
  const cookies = r.headers.getSetCookie();
  const line = cookies.find((c) => c.startsWith('vt_session='));
  return {cookie: line.split(';')[0], csrf: r.json.csrf_token};
}

function followUrl(server, reference, token) {
  return `${server.url}/seguimiento#ref=${encodeURIComponent(reference)}&token=${encodeURIComponent(token)}`;
}

/** Opens the receipt page with a receipt in sessionStorage (as the form leaves it). */
async function openReceipt(page, server, req) {
  await page.goto(`${server.url}/recibo`);
  await page.evaluate((r) => sessionStorage.setItem('vt_portal_receipt', JSON.stringify({
    reference: r.reference, access_token: r.access_token, created_at: r.created_at, status: r.status,
    tenant: {code: 'MOS', name: 'Ayuntamiento de Móstoles', phone: '010', email: null},
    service: {code: 'empadronamiento', name: 'Alta y cambio de domicilio en el Padrón', processing_days: 5},
    subject: 'Consulta de prueba', attachments: 0})), req);
  await page.reload();
  await page.waitForSelector('#reference:not(:empty)');
}

async function pagesPassAxe(server, browser, lang) {
  const context = await newContext(browser, lang);
  const page = await context.newPage();
  const req = await fileRequest(server);
  const sfx = lang === 'es' ? '' : '-en';

  await page.goto(`${server.url}/?tenant=MOS`);
  await ready(page);
  await page.waitForSelector('#service-list li');
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  await checkA11y(page, `home (${lang})`);

  await page.goto(`${server.url}/`);
  await ready(page);
  await page.waitForSelector('#tenant-select option[value="MOS"]', {state: 'attached'});
  await checkA11y(page, `home without administration (${lang})`);

  await page.goto(`${server.url}/servicio?tenant=MOS&code=empadronamiento`);
  await ready(page);
  await page.waitForSelector('#service-body h2');
  await checkA11y(page, `service (${lang})`);

  await page.goto(`${server.url}/solicitud?tenant=MOS&service=empadronamiento`);
  await ready(page);
  await page.waitForSelector('#f-service option[value="empadronamiento"]', {state: 'attached'});
  await checkA11y(page, `form (${lang})`);
  await page.click('#submit-btn');
  await page.waitForSelector('#error-summary:not([hidden])');
  await checkA11y(page, `form with errors (${lang})`);

  await openReceipt(page, server, req);
  await checkA11y(page, `receipt (${lang})`);

  await page.goto(followUrl(server, req.reference, req.access_token));
  await ready(page);
  await page.waitForSelector('#conversation li');
  await checkA11y(page, `status page (${lang})`);

  await page.goto(`${server.url}/seguimiento`);
  await ready(page);
  await page.waitForSelector('#lookup:not([hidden])');
  await checkA11y(page, `status lookup form (${lang})`);
  await page.fill('#l-ref', req.reference);
  await page.fill('#l-token', 'vtr_wrong');
  await page.click('#lookup-form button[type=submit]');
  await page.waitForSelector('#lookup-summary:not([hidden])');
  await checkA11y(page, `status lookup refused (${lang})`);

  const res = await page.goto(`${server.url}/no-such-page`);
  assert.equal(res.status(), 404);
  await ready(page);
  await checkA11y(page, `404 (${lang})`);
  await context.close();
}

export const tests = [
  {
    name: 'every portal page has zero axe violations in Spanish',
    run: ({server, browser}) => pagesPassAxe(server, browser, 'es'),
  },
  {
    name: 'every portal page has zero axe violations in English',
    run: ({server, browser}) => pagesPassAxe(server, browser, 'en'),
  },
  {
    name: 'a citizen finds a service, files a request with a PDF, follows it, replies and sees the answer',
    run: async ({server, browser}) => {
      const context = await newContext(browser, 'es', {acceptDownloads: true});
      const page = await context.newPage();
      let dialogs = 0;
      page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });

      // Search the catalogue as you type; the count is announced.
      await page.goto(`${server.url}/?tenant=MOS`);
      await ready(page);
      await page.waitForSelector('#service-list li');
      const all = await page.locator('#service-list > li').count();
      await page.fill('#q', 'padron');
      await page.waitForFunction((n) => document.querySelectorAll('#service-list > li').length < n, all);
      await page.waitForFunction(() => /servicio/.test(document.getElementById('vt-announcer')?.textContent || ''));
      assert.match(page.url(), /[?&]q=padron/);
      await page.getByRole('link', {name: 'Alta y cambio de domicilio en el Padrón'}).click();

      // The service page and its button to the form.
      await page.waitForURL(/\/servicio\?/);
      await page.waitForSelector('#service-body h2');
      assert.equal((await page.textContent('h1')).trim(), 'Alta y cambio de domicilio en el Padrón');
      await page.locator('a.btn-big').first().click();

      // The form, with a PDF attachment.
      await page.waitForURL(/\/solicitud\?/);
      await page.waitForSelector('#f-service option[value="empadronamiento"]', {state: 'attached'});
      assert.equal(await page.inputValue('#f-service'), 'empadronamiento');
      const marker = `Prueba${Date.now().toString(36)}`;
      await page.fill('#f-name', 'Lucía Fernández');
      await page.fill('#f-email', 'lucia.fernandez@example.es');
      await page.fill('#f-national_id', '12345678Z');
      await page.fill('#f-subject', `Alta en el padrón ${marker}`);
      await page.fill('#f-body', `Me he mudado. ${XSS} ¿Qué necesito?`);
      await page.setInputFiles('#f-files', {name: 'contrato.pdf', mimeType: 'application/pdf', buffer: pdfBytes()});
      await page.waitForSelector('#file-list .file-done');
      await page.click('#submit-btn');

      // The receipt.
      await page.waitForURL(/\/recibo$/);
      await page.waitForSelector('#reference:not(:empty)');
      const reference = (await page.textContent('#reference')).trim();
      assert.match(reference, REF_RE);
      const link = await page.getAttribute('#follow-link', 'href');
      assert.match(link, /\/seguimiento#ref=MOS-\d{4}-\d{6}&token=vtr_/);
      assert.ok(!link.includes('?'), 'the token is never in a query string');
      assert.equal((await page.textContent('#follow-link')).trim(), link);

      // The status page: the message as text, the attachment downloadable.
      await page.click('#open-link');
      await page.waitForSelector('#conversation li.msg-in');
      assert.equal((await page.textContent('#request-title')).trim(), `Solicitud ${reference}`);
      const first = page.locator('#conversation li.msg-in').first();
      assert.equal((await first.locator('.msg-body').textContent()), `Me he mudado. ${XSS} ¿Qué necesito?`);
      assert.equal(await page.locator('#conversation img').count(), 0, 'citizen text never becomes markup');
      const att = first.locator('.msg-attachments button', {hasText: 'contrato.pdf'});
      await att.waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), att.click()]);
      assert.equal(download.suggestedFilename(), 'contrato.pdf');
      const saved = await download.path();
      const {readFileSync} = await import('node:fs');
      assert.ok(readFileSync(saved).subarray(0, 8).toString('latin1').startsWith('%PDF-1.4'));

      // The citizen replies.
      await page.fill('#r-body', 'Adjunto también el contrato de alquiler firmado.');
      await page.setInputFiles('#r-files', {name: 'nota.txt', mimeType: 'text/plain', buffer: Buffer.from('Nota de prueba\n')});
      await page.waitForSelector('#r-file-list .file-done');
      await page.click('#reply-btn');
      await page.waitForFunction(() => document.querySelectorAll('#conversation li.msg-in').length === 2);
      const second = page.locator('#conversation li.msg-in').nth(1);
      assert.match(await second.textContent(), /contrato de alquiler firmado/);
      assert.equal(await second.locator('.msg-attachments button', {hasText: 'nota.txt'}).count(), 1);
      assert.equal(await page.locator('#r-file-list li').count(), 0, 'the reply box is emptied');
      assert.equal(await page.inputValue('#r-body'), '');

      // An agent answers through the API; the citizen sees it after a reload.
      const agent = await agentSession(server);
      const list = await server.api('GET', `/api/v1/tickets?q=${encodeURIComponent(marker)}`, {cookie: agent.cookie});
      assert.equal(list.status, 200, list.text);
      const ticket = list.json.items.find((x) => x.reference === reference);
      assert.ok(ticket, `the agent finds ${reference}`);
      const reply = await server.api('POST', `/api/v1/tickets/${ticket.id}/messages`, {
        cookie: agent.cookie, headers: {'X-CSRF-Token': agent.csrf},
        body: {body: 'Buenos días. Traiga la hoja padronal firmada.'}});
      assert.equal(reply.status, 201, reply.text);
      const agentName = reply.json.author.name;
      await page.reload();
      await page.waitForSelector('#conversation li.msg-out');
      const out = page.locator('#conversation li.msg-out', {hasText: 'hoja padronal firmada'});
      assert.match(await out.locator('.msg-body').textContent(), /hoja padronal firmada/);
      assert.match(await out.locator('.msg-meta').textContent(), new RegExp(agentName));
      assert.equal(dialogs, 0, 'no script ran from citizen text');
      await context.close();
    },
  },
  {
    name: 'validation: empty form shows the focused error summary; a wrong DNI shows the server message under the field',
    run: async ({server, browser}) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${server.url}/solicitud?tenant=MOS`);
      await ready(page);
      await page.waitForSelector('#f-tenant option[value="MOS"]:checked', {state: 'attached'});
      await page.click('#submit-btn');
      await page.waitForSelector('#error-summary:not([hidden])');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
      assert.equal(await page.getAttribute('#error-summary', 'role'), 'alert');
      const links = page.locator('#error-summary a');
      assert.ok(await links.count() >= 3, 'contact, subject and message are reported');
      for (const id of ['f-email', 'f-subject', 'f-body']) {
        assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', id);
        assert.match(await page.getAttribute(`#${id}`, 'aria-describedby'), new RegExp(`${id}-error`));
      }
      // A summary link moves focus to its field.
      await page.locator('#error-summary a[href="#f-subject"]').click();
      assert.equal(await page.evaluate(() => document.activeElement.id), 'f-subject');

      // A DNI with a wrong letter: the server's own message, under the field.
      const expected = await server.api('POST', '/api/v1/public/requests', {
        headers: {'Accept-Language': 'es'},
        body: {tenant: 'MOS', national_id: '12345678A', subject: 'x', body: 'y'}});
      assert.equal(expected.status, 422);
      const serverMessage = expected.json.error.fields.national_id;
      assert.ok(serverMessage);
      await page.fill('#f-national_id', '12345678A');
      await page.fill('#f-subject', 'Certificado de empadronamiento');
      await page.fill('#f-body', 'Necesito un volante.');
      const [resp] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/public/requests')),
        page.click('#submit-btn'),
      ]);
      assert.equal(resp.status(), 422);
      await page.waitForSelector('#f-national_id-error');
      assert.equal((await page.textContent('#f-national_id-error')).trim(), serverMessage);
      assert.equal(await page.getAttribute('#f-national_id', 'aria-invalid'), 'true');
      assert.match(await page.getAttribute('#f-national_id', 'aria-describedby'), /f-national_id-error/);
      assert.equal(await page.getAttribute('#f-email', 'aria-invalid'), null, 'old errors are cleared');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'error-summary');
      await context.close();
    },
  },
  {
    name: 'keyboard only: the form can be completed and sent with Tab, typing and Enter',
    run: async ({server, browser}) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${server.url}/solicitud?tenant=MOS&service=empadronamiento`);
      await ready(page);
      await page.waitForSelector('#f-service option[value="empadronamiento"]:checked', {state: 'attached'});
      const active = () => page.evaluate(() => document.activeElement && (document.activeElement.id ||
        document.activeElement.className || document.activeElement.tagName));
      // The skip link comes first and leads to the main content.
      await page.keyboard.press('Tab');
      assert.equal(await active(), 'skip-link');
      await page.keyboard.press('Enter');
      assert.equal(await active(), 'main');
      for (let i = 0; i < 15 && (await active()) !== 'f-tenant'; i++) await page.keyboard.press('Tab');
      assert.equal(await active(), 'f-tenant');
      const steps = [['f-service', null], ['f-name', 'Marta Ruiz'], ['f-email', 'marta.ruiz@example.es'],
        ['f-phone', '612 345 678'], ['f-national_id', null], ['f-subject', 'Volante de empadronamiento'],
        ['f-body', 'Necesito un volante para el colegio.'], ['f-files', null], ['submit-btn', null]];
      for (const [id, text] of steps) {
        await page.keyboard.press('Tab');
        assert.equal(await active(), id);
        if (text) await page.keyboard.type(text);
      }
      const visible = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(visible, 'none', 'focus is visible');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/recibo$/);
      await page.waitForSelector('#reference:not(:empty)');
      assert.match((await page.textContent('#reference')).trim(), REF_RE);
      await context.close();
    },
  },
  {
    name: 'a retry after a lost answer sends the same Idempotency-Key: the request is filed once',
    run: async ({server, browser}) => {
      const context = await newContext(browser);
      allowPageErrors(context, 'net::ERR_FAILED');
      const page = await context.newPage();
      const keys = [];
      let first = true;
      await page.route('**/api/v1/public/requests', async (route) => {
        keys.push(route.request().headers()['idempotency-key']);
        if (first) {
          first = false;
          await route.fetch(); // the server files it, the answer is lost on the way back
          await route.abort('failed');
        } else {
          await route.continue();
        }
      });
      const marker = `Reintento${Date.now().toString(36)}`;
      await page.goto(`${server.url}/solicitud?tenant=MOS`);
      await ready(page);
      await page.waitForSelector('#f-tenant option[value="MOS"]:checked', {state: 'attached'});
      await page.fill('#f-phone', '612345678');
      await page.fill('#f-subject', marker);
      await page.fill('#f-body', 'Consulta con reintento.');
      await page.click('#submit-btn');
      await page.waitForSelector('#error-summary:not([hidden])');
      assert.match(await page.textContent('#error-summary'), /conexión/);
      await page.click('#submit-btn');
      await page.waitForURL(/\/recibo$/);
      assert.equal(keys.length, 2);
      assert.ok(keys[0] && keys[0] === keys[1], 'the same key both times');
      const agent = await agentSession(server);
      const list = await server.api('GET', `/api/v1/tickets?q=${marker}`, {cookie: agent.cookie});
      assert.equal(list.json.items.length, 1, 'one ticket, not two');
      assert.equal((await page.textContent('#reference')).trim(), list.json.items[0].reference);
      await context.close();
    },
  },
  {
    name: 'phone 360x740: no horizontal scroll on home, form and status page',
    run: async ({server, browser}) => {
      const context = await newContext(browser, 'es', {viewport: {width: 360, height: 740}, isMobile: true, hasTouch: true});
      const page = await context.newPage();
      const req = await fileRequest(server, {body: `Texto largo sin espacios: ${'x'.repeat(120)}`});
      const width = () => page.evaluate(() => document.documentElement.scrollWidth);

      await page.goto(`${server.url}/?tenant=MOS`);
      await ready(page);
      await page.waitForSelector('#service-list li');
      assert.ok(await width() <= 360, `home is ${await width()} px wide`);

      await page.goto(`${server.url}/solicitud?tenant=MOS&service=empadronamiento`);
      await ready(page);
      await page.waitForSelector('#f-service option[value="empadronamiento"]', {state: 'attached'});
      await page.click('#submit-btn');
      await page.waitForSelector('#error-summary:not([hidden])');
      assert.ok(await width() <= 360, `form is ${await width()} px wide`);

      await page.goto(followUrl(server, req.reference, req.access_token));
      await ready(page);
      await page.waitForSelector('#conversation li');
      assert.ok(await width() <= 360, `status page is ${await width()} px wide`);

      await openReceipt(page, server, req);
      assert.ok(await width() <= 360, `receipt is ${await width()} px wide`);
      await context.close();
    },
  },
  {
    name: 'a refused file (type or size) gets a visible reason and is never uploaded',
    run: async ({server, browser}) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const uploads = [];
      page.on('request', (r) => { if (r.url().includes('/api/v1/public/uploads')) uploads.push(r.url()); });
      await page.goto(`${server.url}/solicitud?tenant=MOS`);
      await ready(page);
      await page.setInputFiles('#f-files', [
        {name: 'programa.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ\x90\x00')},
        {name: 'pagina.html', mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>')},
        {name: 'disfrazado.pdf', mimeType: 'text/html', buffer: Buffer.from('<html></html>')},
        {name: 'enorme.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x20)},
      ]);
      await page.waitForFunction(() => document.querySelectorAll('#file-list .file-refused').length === 4);
      const items = page.locator('#file-list .file-refused');
      for (let i = 0; i < 3; i++) assert.match(await items.nth(i).textContent(), /no se admite/);
      assert.match(await items.nth(3).textContent(), /10 MB/);
      assert.ok(await items.first().isVisible());
      await page.waitForTimeout(300);
      assert.deepEqual(uploads, [], 'nothing was sent to the server');
      // The notice can be dismissed with its button.
      await items.first().getByRole('button').click();
      assert.equal(await page.locator('#file-list .file-refused').count(), 3);
      // A file whose bytes do not match its type is refused by the server, with a reason.
      await page.setInputFiles('#f-files', {name: 'falso.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html></html>')});
      await page.waitForSelector('#file-list .file-error');
      assert.match(await page.textContent('#file-list .file-error'), /no corresponde a un formato admitido/);
      assert.equal(uploads.length, 1);
      await context.close();
    },
  },
  {
    name: 'text typed by a citizen is shown as text, never as markup, on the status page',
    run: async ({server, browser}) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      let dialogs = 0;
      page.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });
      const req = await fileRequest(server, {subject: `Asunto ${XSS}`, name: XSS, body: `Hola ${XSS}`});
      await page.goto(followUrl(server, req.reference, req.access_token));
      await ready(page);
      await page.waitForSelector('#conversation li.msg-in');
      await page.fill('#r-body', `Otra vez ${XSS}`);
      await page.click('#reply-btn');
      await page.waitForFunction(() => document.querySelectorAll('#conversation li.msg-in').length === 2);
      assert.equal(await page.locator('#conversation li.msg-in .msg-body').nth(0).textContent(), `Hola ${XSS}`);
      assert.equal(await page.locator('#conversation li.msg-in .msg-body').nth(1).textContent(), `Otra vez ${XSS}`);
      assert.match(await page.textContent('#facts'), /Asunto <img src=x onerror=alert\(1\)>/);
      assert.equal(await page.locator('main img').count(), 0);
      await page.waitForTimeout(200);
      assert.equal(dialogs, 0);
      await context.close();
    },
  },
  {
    name: 'the status page refreshes itself every 20 s and announces a new reply',
    run: async ({server, browser}) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.clock.install();
      const req = await fileRequest(server, {subject: 'Refresco automático'});
      await page.goto(followUrl(server, req.reference, req.access_token));
      await ready(page);
      await page.waitForSelector('#conversation li.msg-in');
      assert.equal(await page.locator('#conversation li.msg-out').count(), 0);

      const agent = await agentSession(server);
      const list = await server.api('GET', `/api/v1/tickets?q=${encodeURIComponent('Refresco automático')}`, {cookie: agent.cookie});
      const ticket = list.json.items.find((x) => x.reference === req.reference);
      assert.ok(ticket);
      const r = await server.api('POST', `/api/v1/tickets/${ticket.id}/messages`, {
        cookie: agent.cookie, headers: {'X-CSRF-Token': agent.csrf}, body: {body: 'Ya lo estamos mirando.'}});
      assert.equal(r.status, 201, r.text);
      await page.clock.fastForward(10000);
      assert.equal(await page.locator('#conversation li.msg-out').count(), 0, 'not before 20 s');
      await page.clock.fastForward(10500);
      await page.waitForSelector('#conversation li.msg-out');
      await page.clock.runFor(200); // the announcer writes after a short timeout
      assert.match(await page.evaluate(() => document.getElementById('vt-announcer').textContent), /respuesta nueva/);
      assert.equal(await page.getAttribute('#vt-announcer', 'aria-live'), 'polite');
      await context.close();
    },
  },
  {
    name: 'a wrong access code says "reference or code not correct" without saying which',
    run: async ({server, browser}) => {
      const context = await newContext(browser);
      const page = await context.newPage();
      const req = await fileRequest(server);
      await page.goto(followUrl(server, req.reference, 'vtr_not-the-right-one'));
      await ready(page);
      await page.waitForSelector('#lookup-summary:not([hidden])');
      const msg = await page.textContent('#lookup-summary');
      assert.match(msg, /referencia o el código de acceso no son correctos/);
      assert.equal(await page.inputValue('#l-ref'), req.reference);
      // The right code through the form opens the request and moves focus to its heading.
      await page.fill('#l-token', req.access_token);
      await page.click('#lookup-form button[type=submit]');
      await page.waitForSelector('#request:not([hidden])');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'request-title');
      assert.match(page.url(), /#ref=MOS-\d{4}-\d{6}&token=vtr_/);
      await context.close();
    },
  },
];
