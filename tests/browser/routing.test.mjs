// Routing and answers in the browser: a citizen typing a request in the
// portal sees the article that answers it (and can say it did); the request
// they send lands in the right department and the console says why, with
// suggested articles beside it; a supervisor tests a rule on a sample
// message. axe-core checks every one of those views.
import assert from 'node:assert/strict';
import {checkA11y, loginAs} from './lib.mjs';

const WAIT = {timeout: 15000};
const DESKTOP = {width: 1280, height: 800};

export const tests = [
  {
    name: 'typing a request suggests the article that answers it; "it helped" is counted',
    run: async ({server, browser}) => {
      const ctx = await browser.newContext({viewport: DESKTOP});
      const page = await ctx.newPage();
      await page.goto(`${server.url}/solicitud?tenant=MOS`);
      await page.locator('#f-subject').fill('Volante de empadronamiento');
      await page.locator('#f-body').fill('Necesito un volante de empadronamiento para el colegio de mi hija.');
      const card = page.locator('#kb-suggest .kb-card', {hasText: /empadronamiento/i}).first();
      await card.waitFor({state: 'visible', ...WAIT});
      assert.match(await page.locator('#kb-suggest-status').textContent(), /\d/);
      await checkA11y(page, 'request form with suggestions');
      await card.locator('.kb-more').click();
      await card.locator('.kb-article').waitFor({state: 'visible', ...WAIT});
      await card.locator('.kb-helped').click();
      await page.locator('.kb-helped-done').waitFor({state: 'visible', ...WAIT});
      await checkA11y(page, 'request form after "it helped"');
      await ctx.close();
    },
  },
  {
    name: 'a request lands in the right department; the console says why, suggests articles and canned answers',
    run: async ({server, browser}) => {
      const r = await server.api('POST', '/api/v1/public/requests', {body: {
        tenant: 'MOS', email: `vecina.${Date.now()}@correo.test`, subject: 'Cambio de domicilio',
        body: 'Me he mudado dentro de Móstoles y quiero empadronarme en la nueva casa. ¿Qué llevo?'}});
      assert.equal(r.status, 201, r.text);
      const ctx = await browser.newContext({viewport: DESKTOP});
      await loginAs(ctx, server, 'agente1.mos@ventanilla.example');
      const page = await ctx.newPage();
      const t = await server.api('GET', `/api/v1/tickets?q=${encodeURIComponent('empadronarme')}`, {});
      assert.equal(t.status, 401); // the list needs a login: the page finds it below
      await page.goto(`${server.url}/agent/#/queue/all`);
      await page.locator('a', {hasText: r.json.reference}).first().click();
      const why = page.locator('#ticket-routing');
      await why.waitFor({state: 'visible', ...WAIT});
      assert.match(await why.locator('.routing-text').textContent(), /Padrón municipal/);
      assert.equal(await why.getAttribute('data-by'), 'rule');
      const item = page.locator('#suggest-list li.suggest-item').first();
      await item.waitFor({state: 'visible', ...WAIT});
      await item.locator('button.suggest-insert').click();
      assert.ok((await page.inputValue('#compose-body')).length > 20, 'the article went into the reply');
      // A canned answer of the region, filled in for this ticket.
      await page.fill('#compose-body', '');
      const macro = page.locator('#macros-list li.macro-item', {hasText: 'Acuse y plazo'});
      await macro.waitFor({state: 'visible', ...WAIT});
      await macro.locator('button.macro-insert').click();
      assert.match(await page.inputValue('#compose-body'), new RegExp(r.json.reference));
      await checkA11y(page, 'ticket with routing reason and suggested articles');
      await ctx.close();
    },
  },
  {
    name: 'a supervisor tests a rule on a sample message before saving it',
    run: async ({server, browser}) => {
      const ctx = await browser.newContext({viewport: DESKTOP});
      await loginAs(ctx, server, 'supervisor.mos@ventanilla.example');
      const page = await ctx.newPage();
      await page.goto(`${server.url}/agent/#/routing`);
      await page.locator('tr.rule-row').first().waitFor({state: 'visible', ...WAIT});
      await checkA11y(page, 'routing rules');
      await page.locator('#rule-new').click();
      await page.locator('#rule-form').waitFor({state: 'visible', ...WAIT});
      await page.locator('#rule-name').fill('Alumbrado a Medio Ambiente');
      await page.locator('#rule-position').fill('7');
      await page.locator('#rule-words-any').fill('farola, alumbrado');
      await page.locator('#rule-department').selectOption('medio_ambiente');
      await page.locator('#preview-subject').fill('Farola fundida');
      await page.locator('#preview-body').fill('La farola de mi portal lleva una semana sin luz.');
      await page.locator('#preview-rule-btn').click();
      await page.locator('#preview-matched[data-matched="true"]').waitFor(WAIT);
      assert.match(await page.locator('#preview-explain').textContent(), /farola/i);
      await checkA11y(page, 'routing rule form with its preview');
      await page.locator('#rule-regex').fill('(sin cerrar');
      await page.locator('#rule-save').click();
      await page.locator('#rule-regex-error').waitFor({state: 'visible', ...WAIT});
      await page.locator('#rule-regex').fill('');
      await page.locator('#rule-save').click();
      await page.locator('#routing-msg').filter({hasText: /\S/}).waitFor(WAIT);
      const rules = await server.api('GET', '/api/v1/admin/routing/rules', {});
      assert.equal(rules.status, 401);
      await ctx.close();
    },
  },
];

tests.push({
  name: 'the backlog: a supervisor sees open tickets by age and opens the list behind a figure',
  run: async ({server, browser}) => {
    const ctx = await browser.newContext({viewport: DESKTOP});
    await loginAs(ctx, server, 'supervisor.mos@ventanilla.example');
    const page = await ctx.newPage();
    await page.goto(`${server.url}/agent/#/backlog`);
    await page.locator('#backlog-table-MOS').waitFor({state: 'visible', ...WAIT});
    await page.locator('#backlog-chart').waitFor({state: 'visible', ...WAIT});
    await checkA11y(page, 'backlog');
    const link = page.locator('#backlog-table-MOS a.backlog-count[data-band="0-7"]').first();
    const count = Number((await link.textContent()).match(/\d+/)[0]);
    await link.click();
    await page.locator('h1#drill-title').waitFor({state: 'visible', ...WAIT});
    if (count > 0 && count <= 50) {
      await page.locator('.view-queue table tbody tr').first().waitFor(WAIT);
      assert.equal(await page.locator('.view-queue table tbody tr').count(), count);
    }
    await checkA11y(page, 'the list behind a backlog figure');
    await ctx.close();
  },
});
