// The public transparency page (/transparencia): per administration and
// service, requests received and the median first response for the last
// twelve months or a calendar year (GET /api/v1/public/transparency), as a
// chart with its table, plus the open data (CSV, JSON); satisfaction as
// the CSAT rate of the surveys answered, withheld under 10 answers.
import {api} from '../common/api.js';
import {$, h, replace} from '../common/dom.js';
import {t, getLang} from '../common/i18n.js';
import {barChart, duration} from '../common/charts.js';
import {initPage, loadTenants, tenantParam, errorText, alertBox} from './shell.js';

const nf = () => new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES');
const pct = (x) => new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES', {style: 'percent', maximumFractionDigits: 0}).format(x);
const dur = (s) => duration(s, {s: t('portal.transparency.unit.s'), min: t('portal.transparency.unit.min'),
  h: t('portal.transparency.unit.h'), d: t('portal.transparency.unit.d'), d1: t('portal.transparency.unit.d1')});

function periods() {
  const y = new Date().getFullYear();
  return [{value: '', label: t('portal.transparency.last12')},
    ...[y, y - 1, y - 2].map((x) => ({value: String(x), label: String(x)}))];
}

async function main() {
  await initPage();
  const sel = $('#tr-tenant'), per = $('#tr-period'), status = $('#tr-status'), results = $('#tr-results');
  const list = (await loadTenants()) || [];
  const want = tenantParam() || (list[0] && list[0].code) || '';
  replace(sel, list.map((x) => h('option', {value: x.code, selected: x.code === want}, x.name)));
  replace(per, periods().map((p) => h('option', {value: p.value}, p.label)));
  let seq = 0;

  async function load() {
    const my = ++seq;
    const tenant = sel.value;
    if (!tenant) return;
    const query = {tenant};
    if (per.value) Object.assign(query, {from: `${per.value}-01-01`, to: `${per.value}-12-31`});
    status.textContent = t('common.loading');
    let r;
    try {
      r = await api('GET', '/api/v1/public/transparency', {query});
    } catch (err) {
      if (my !== seq) return;
      status.textContent = '';
      replace(results, alertBox('error', errorText(err)));
      return;
    }
    if (my !== seq) return;
    const name = (it) => it.service_name || t('portal.transparency.no_service');
    const shown = r.items.filter((it) => !it.suppressed);
    const total = shown.reduce((a, it) => a + it.requests, 0);
    const rated = r.items.filter((it) => it.satisfaction !== null && it.satisfaction !== undefined);
    const tableLabel = t('portal.transparency.show_data');
    const qs = (fmt) => `/api/v1/public/transparency?${new URLSearchParams({...query, format: fmt})}`;
    replace(results,
      barChart(shown.map((it) => ({label: name(it), values: [it.requests]})), [t('portal.transparency.requests')],
        (n) => nf().format(n), {id: 'tr-chart-requests', title: t('portal.transparency.chart_requests'),
          desc: t('portal.transparency.desc_requests', {n: nf().format(total), services: shown.length}),
          headers: [t('portal.transparency.service')], tableLabel}),
      barChart(shown.map((it) => ({label: name(it), values: [it.median_first_response_s]})),
        [t('portal.transparency.median')], dur, {id: 'tr-chart-median', title: t('portal.transparency.chart_median'),
          desc: t('portal.transparency.desc_median'), headers: [t('portal.transparency.service')], tableLabel}),
      rated.length ? barChart(rated.map((it) => ({label: name(it), values: [it.satisfaction]})),
        [t('portal.transparency.satisfaction')], pct, {id: 'tr-chart-satisfaction', max: 1,
          title: t('portal.transparency.chart_satisfaction'), desc: t('portal.transparency.desc_satisfaction'),
          headers: [t('portal.transparency.service')], tableLabel}) : null,
      h('div', {class: 'table-wrap'}, h('table', {class: 'tickets', id: 'tr-table'},
        h('caption', null, t('portal.transparency.caption', {from: r.from, to: r.to})),
        h('thead', null, h('tr', null, [t('portal.transparency.service'), t('portal.transparency.requests'),
          t('portal.transparency.median'), t('portal.transparency.satisfaction')].map((x, i) =>
          h('th', {scope: 'col', class: i ? 'num' : null}, x)))),
        h('tbody', null, r.items.map((it) => h('tr', {dataset: {suppressed: it.suppressed ? '1' : '0'}},
          h('th', {scope: 'row'}, name(it)),
          h('td', {class: 'num'}, it.suppressed ? t('portal.transparency.suppressed') : nf().format(it.requests)),
          h('td', {class: 'num'}, it.median_first_response_s === null ? '—' : dur(it.median_first_response_s)),
          h('td', {class: 'num'}, it.satisfaction === null ? t('portal.transparency.few_answers') : pct(it.satisfaction))))))),
      h('p', {class: 'downloads'}, t('portal.transparency.open_data'), ' ',
        h('a', {href: qs('csv'), id: 'tr-csv', download: ''}, 'CSV'), ' · ',
        h('a', {href: qs('json'), id: 'tr-json'}, 'JSON')));
    status.textContent = t('portal.transparency.loaded', {from: r.from, to: r.to});
  }

  $('#tr-form').addEventListener('submit', (e) => { e.preventDefault(); load(); });
  await load();
}

main();
