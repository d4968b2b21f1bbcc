// Live chat in a real browser: a government page on another origin embeds
// the widget with one <script> (under a strict CSP of its own); a citizen
// chats with an agent who is on duty in the console; the citizen's
// connection drops and comes back without losing or repeating a line; the
// agent ends the chat and the citizen keeps the reference. Out of hours the
// widget files a request instead, and a page on an origin the widget does not
// allow gets no chat at all. axe-core checks the frame and the console's chat
// views.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import {checkA11y, loginAs, screenshot, allowPageErrors} from './lib.mjs';

const WAIT = {timeout: 15000};
const DESKTOP = {width: 1280, height: 800};

/** Logs in through the API: {cookie, csrf}. */
async function apiSession(server, email) {
  const r = await server.api('POST', '/api/v1/session', {body: {email, password: 'ventanilla-demo'}});
  assert.equal(r.status, 201, `login ${email}: ${r.text}`);
  const line = r.headers.getSetCookie().find((c) => c.startsWith('vt_session='));
  return {cookie: line.split(';')[0], csrf: r.json.csrf_token};
}

/**
 * A web page of the administration's own site on its own loopback port
 * (another origin) embedding the widget whose key is set in site.key.
 */
async function hostSite(server, {lang = 'es', via = server.url} = {}) {
  const site = {key: ''};
  const srv = http.createServer((req, res) => {
    if (req.url === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    if (req.url !== '/') { res.writeHead(404); res.end(); return; }
    // The host's own strict CSP: the loader must work without inline styles or scripts.
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'self'; script-src ${via}; frame-src ${via}; style-src 'self'`,
    });
    res.end(`<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Sede del Ayuntamiento</title></head>` +
      `<body><main><h1>Ayuntamiento de Móstoles</h1><p>Trámites municipales.</p></main>` +
      `<script src="${via}/static/chat/widget.js" data-key="${site.key}" async></script></body></html>`);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  site.url = `http://127.0.0.1:${srv.address().port}`;
  site.close = () => new Promise((resolve) => { srv.closeAllConnections(); srv.close(resolve); });
  return site;
}

/**
 * A TCP proxy in front of the server, so a test can cut the citizen's
 * connections (drop()) and refuse new ones for a while (down = true), as a
 * phone losing coverage would. The widget is loaded through it, so its frame
 * and every request of the chat go through it.
 */
async function cuttableProxy(server) {
  const sockets = new Set();
  const proxy = {down: false};
  const srv = net.createServer((client) => {
    if (proxy.down) { client.destroy(); return; }
    const up = net.connect(server.port, '127.0.0.1');
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('error', () => { client.destroy(); up.destroy(); });
      s.on('close', () => { sockets.delete(s); client.destroy(); up.destroy(); });
    }
    client.pipe(up);
    up.pipe(client);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${srv.address().port}`;
  proxy.drop = () => { for (const s of sockets) s.destroy(); };
  proxy.close = () => new Promise((resolve) => { proxy.drop(); srv.close(resolve); });
  return proxy;
}

async function makeWidget(server, admin, origins, hours = null) {
  const r = await server.api('POST', '/api/v1/admin/chat-widgets', {
    cookie: admin.cookie, headers: {'X-CSRF-Token': admin.csrf},
    body: {tenant: 'MOS', name: 'Sede electrónica', allowed_origins: origins, hours}});
  assert.equal(r.status, 201, r.text);
  return r.json.key;
}

/** Opens the widget on the host page and returns the chat frame (a Playwright Frame). */
async function openWidget(page, site) {
  await page.goto(site.url);
  const button = page.locator('#ventanilla-chat-button');
  await button.waitFor({state: 'visible', ...WAIT});
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const handle = await page.locator('#ventanilla-chat-frame').elementHandle(WAIT);
  const frame = await handle.contentFrame();
  await frame.locator(':is(#view-start, #view-chat, #view-unavailable):visible').first().waitFor(WAIT);
  return frame;
}

export const tests = [
  {
    name: 'a citizen on another site chats live with an agent; a dropped connection loses and repeats nothing',
    run: async ({server, browser}) => {
      const admin = await apiSession(server, 'admin@ventanilla.example');
      const proxy = await cuttableProxy(server);
      const real = await hostSite(server, {via: proxy.url});
      real.key = await makeWidget(server, admin, [real.url]);

      // The agent goes on duty in the console.
      const agentCtx = await browser.newContext({viewport: DESKTOP});
      await loginAs(agentCtx, server, 'agente1.mos@ventanilla.example');
      const agent = await agentCtx.newPage();
      await agent.goto(`${server.url}/agent/#/chats`);
      const duty = agent.locator('#chat-duty-btn');
      await duty.waitFor({state: 'visible', ...WAIT});
      if ((await duty.getAttribute('aria-pressed')) !== 'true') await duty.click();
      await agent.waitForFunction(() => document.querySelector('#chat-duty-btn').getAttribute('aria-pressed') === 'true', null, WAIT);

      // The citizen opens the widget on the municipality's site and starts a chat.
      const citizenCtx = await browser.newContext({viewport: {width: 390, height: 844}});
      const page = await citizenCtx.newPage();
      const frame = await openWidget(page, real);
      await frame.locator('#view-start').waitFor({state: 'visible', ...WAIT});
      await checkA11y(frame, 'chat widget: start form');
      await frame.locator('#c-name').fill('Lucía Ferrer');
      await frame.locator('#c-body').fill('Hola, ¿qué necesito para empadronarme?');
      await frame.locator('#start-submit').click();
      await frame.locator('#view-chat').waitFor({state: 'visible', ...WAIT});
      // First in the queue, with the expected wait (no history: two minutes).
      await frame.waitForFunction(() => /siguiente persona en la cola/.test(document.querySelector('#chat-status').textContent) &&
        /2 minutos/.test(document.querySelector('#chat-status').textContent), null, WAIT);
      const reference = (await frame.locator('#chat-ref-small').textContent()).match(/[A-Z]+-\d{4}-\d{6}/)[0];
      await checkA11y(frame, 'chat widget: waiting in the queue');

      // It arrives live in the agent's waiting list; the agent accepts it.
      const row = agent.locator('#chats-queued li.chat-row', {hasText: 'Lucía Ferrer'});
      await row.waitFor({state: 'visible', ...WAIT});
      await checkA11y(agent, 'console: chats waiting');
      await screenshot(agent, 'console-chats');
      await row.locator('button[data-action="accept"]').click();
      await agent.locator('#chat-log').waitFor({state: 'visible', ...WAIT});
      await agent.locator('#chat-log', {hasText: 'empadronarme'}).waitFor(WAIT);

      // Both sides live: the agent types (the citizen sees it), answers; the citizen answers back.
      await frame.waitForFunction(() => !/cola/.test(document.querySelector('#chat-status').textContent) &&
        document.querySelector('#chat-status').textContent.length > 0, null, WAIT);
      await agent.locator('#chat-body').pressSequentially('Buenas tardes, ', {delay: 20});
      await frame.locator('#chat-typing').waitFor({state: 'visible', ...WAIT});
      await agent.locator('#chat-body').fill('Buenas tardes, Lucía: necesita el DNI y el contrato de alquiler.');
      await agent.locator('#chat-send').click();
      await frame.locator('#chat-messages > li.chat-msg-agent', {hasText: 'contrato de alquiler'}).waitFor(WAIT);
      await frame.locator('#m-body').fill('¿Puedo pedir cita por aquí?');
      await frame.locator('#m-body').press('Enter');
      await agent.locator('#chat-log li', {hasText: 'Puedo pedir cita'}).waitFor(WAIT);
      await agent.locator('#chat-typing').textContent(); // present in the view
      await checkA11y(agent, 'console: a chat in progress');
      await checkA11y(frame, 'chat widget: chatting');
      await screenshot(page, 'chat-widget');
      await screenshot(agent, 'console-chat');

      // The citizen's connection drops; the agent writes meanwhile; it comes back.
      allowPageErrors(page, /network|fetch|ERR_|Failed to load/i);
      proxy.down = true;
      proxy.drop();
      await frame.locator('#chat-connection').filter({hasText: /\S/}).waitFor(WAIT);
      await agent.locator('#chat-body').fill('Sí: le dejo la cita para el martes a las 10:00.');
      await agent.locator('#chat-send').click();
      await agent.locator('#chat-log li', {hasText: 'martes a las 10:00'}).waitFor(WAIT);
      await new Promise((r) => setTimeout(r, 1500));
      proxy.down = false;
      const missed = frame.locator('#chat-messages > li', {hasText: 'martes a las 10:00'});
      await missed.waitFor(WAIT);
      await frame.waitForFunction(() => document.querySelector('#chat-connection').textContent.trim() === '', null, WAIT);
      await agent.locator('#chat-body').fill('¿Algo más?');
      await agent.locator('#chat-send').click();
      await frame.locator('#chat-messages > li', {hasText: '¿Algo más?'}).waitFor(WAIT);
      assert.equal(await missed.count(), 1, 'the message written during the drop shows once');
      assert.equal(await frame.locator('#chat-messages > li', {hasText: 'contrato de alquiler'}).count(), 1);
      assert.equal(await frame.locator('#chat-messages > li', {hasText: 'Puedo pedir cita'}).count(), 1);

      // The agent ends it resolved; the citizen keeps the reference and can ask for the transcript.
      await agent.locator('#chat-end-resolved').click();
      await frame.locator('#chat-ended').waitFor({state: 'visible', ...WAIT});
      assert.equal((await frame.locator('#chat-reference').textContent()).trim(), reference);
      assert.match(await frame.locator('#chat-follow').getAttribute('href'), /\/seguimiento#ref=/);
      await frame.locator('#t-email').fill('lucia.ferrer@correo.test');
      await frame.locator('#t-send').click();
      await frame.locator('#t-result').filter({hasText: /\S/}).waitFor(WAIT);
      await checkA11y(frame, 'chat widget: ended');
      await agent.locator('#chat-body:disabled').waitFor(WAIT);
      const t = await server.api('GET', `/api/v1/public/requests/${reference}`, {});
      assert.equal(t.status, 401); // the transcript and the follow-up need the citizen's token
      await real.close();
      await proxy.close();
      await citizenCtx.close();
      await agentCtx.close();
    },
  },
  {
    name: 'out of hours the widget files a request with a reference, in English too',
    run: async ({server, browser}) => {
      const admin = await apiSession(server, 'admin@ventanilla.example');
      const real = await hostSite(server, {lang: 'en'});
      real.key = await makeWidget(server, admin, [real.url], {});
      const ctx = await browser.newContext({viewport: DESKTOP});
      const page = await ctx.newPage();
      const frame = await openWidget(page, real);
      await frame.locator('#start-offline').waitFor({state: 'visible', ...WAIT});
      assert.equal(await frame.evaluate(() => document.documentElement.lang), 'en');
      await checkA11y(frame, 'chat widget: closed (en)');
      await frame.locator('#c-body').fill('Is the library open on Sundays?');
      await frame.locator('#c-email').fill('reader@correo.test');
      await frame.locator('#start-submit').click();
      await frame.locator('#chat-ended').waitFor({state: 'visible', ...WAIT});
      assert.match((await frame.locator('#chat-reference').textContent()).trim(), /^MOS-\d{4}-\d{6}$/);
      assert.match(await frame.locator('#chat-follow').getAttribute('href'), /\/seguimiento#ref=MOS-/);
      await checkA11y(frame, 'chat widget: filed as a request (en)');
      await real.close();
      await ctx.close();
    },
  },
  {
    name: 'a site the widget does not allow gets no chat (frame-ancestors)',
    run: async ({server, browser}) => {
      const admin = await apiSession(server, 'admin@ventanilla.example');
      const site = await hostSite(server);
      site.key = await makeWidget(server, admin, ['https://www.mostoles.example.es']);
      const ctx = await browser.newContext({viewport: DESKTOP});
      const page = await ctx.newPage();
      allowPageErrors(page, /frame-ancestors|Refused to frame|Content Security Policy/i);
      await page.goto(site.url);
      await page.locator('#ventanilla-chat-button').click();
      const handle = await page.locator('#ventanilla-chat-frame').elementHandle(WAIT);
      await new Promise((r) => setTimeout(r, 1500));
      const frame = await handle.contentFrame();
      const shown = frame ? await frame.locator('#view-start, #view-chat').count() : 0;
      assert.equal(shown, 0, 'the chat must not render inside a site that is not allowed');
      await site.close();
      await ctx.close();
    },
  },
];

