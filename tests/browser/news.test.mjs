// The portal's news: a supervisor's running announcement shows above the
// administration's catalogue, accessibly, in both languages; an
// administration without one shows no empty box.
import assert from 'node:assert/strict';
import {checkA11y} from './lib.mjs';

async function supervisor(server) {
  const r = await server.api('POST', '/api/v1/session',
    {body: {email: 'supervisor.mos@ventanilla.example', password: 'ventanilla-demo'}});
  assert.equal(r.status, 201, r.text);
  const line = r.headers.getSetCookie().find((c) => c.startsWith('vt_session='));
  return {cookie: line.split(';')[0], csrf: r.json.csrf_token};
}

export const tests = [
  {
    name: 'a running announcement is news above the catalogue, with no axe violations',
    run: async ({server, browser}) => {
      const s = await supervisor(server);
      const ends = new Date(Date.now() + 7 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
      const r = await server.api('POST', '/api/v1/announcements', {
        cookie: s.cookie, headers: {'X-CSRF-Token': s.csrf},
        body: {tenant: 'MOS', title: 'Abierto el plazo de las becas de comedor',
          body: 'Solicítela en la sede electrónica hasta el día 15.', ends_at: ends}});
      assert.equal(r.status, 201, r.text);
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/?tenant=MOS`);
      const news = page.locator('#news');
      await news.waitFor({state: 'visible'});
      assert.match(await news.locator('h3').first().textContent(), /becas de comedor/);
      await checkA11y(page, 'portal home with news (es)');
      await page.goto(`${server.url}/?tenant=MOS&lang=en`);
      await page.locator('#news').waitFor({state: 'visible'});
      assert.equal(await page.locator('#news-title').textContent(), 'Notices');
      await checkA11y(page, 'portal home with news (en)');
      await page.goto(`${server.url}/?tenant=GET`);
      await page.locator('#catalogue').waitFor({state: 'visible'});
      assert.equal(await page.locator('#news').isVisible(), false);
      await context.close();
    },
  },
];
