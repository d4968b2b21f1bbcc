// The backlog, for supervisors (#/backlog): the open tickets of my
// administrations (or of one) by age band — 0–7, 8–30, 31–60, more than 60
// days since creation — and overdue, per department or service
// (GET /api/v1/reports/backlog). One table per administration; every figure
// links to the ticket list behind it (#/queue/all with the list's own
// filters); the bands over 60 days and overdue are marked with an icon and
// words when they are not zero. Above the tables, a stacked bar of the
// totals by band (inline SVG, built with DOM calls) with the figures as a
// list beside it.
import {h, replace} from '/static/common/dom.js';
import {t, getLang, formatDateTime} from '/static/common/i18n.js';
import {call, ApiError, errorText, alertBox, tenants, option, tn} from './util.js';
import {DRILL_PARAMS} from './queues.js';

/** The age bands as the API names them, with the slug for keys and classes. */
export const BANDS = [
  {band: '0-7', slug: '0-7'}, {band: '8-30', slug: '8-30'}, {band: '31-60', slug: '31-60'}, {band: '61+', slug: '61-plus'},
];
const GROUPS = ['department', 'service'];
const SVG_NS = 'http://www.w3.org/2000/svg';
const ICON = '\u26A0\uFE0E'; // ⚠ as text, not as an emoji
let remembered = {tenant: '', group: 'department'}; // the last selection, for "back to the backlog"

const bandLabel = (slug) => t(`agent.backlog.band.${slug}`);
const fmt = (n) => new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES').format(n);
const pct = (x) => new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES', {style: 'percent', maximumFractionDigits: 0}).format(x);

/**
 * The console route that shows the tickets of an API list address
 * ("/api/v1/tickets?open=true&tenant=MOS&department=41&age_min=31&age_max=60"
 * -> "#/queue/all?open=true&tenant=MOS&department=41&age_min=31&age_max=60"),
 * or null for no list. drop: parameters to leave out.
 */
export function listRoute(list, drop = []) {
  if (!list || typeof list !== 'string' || !list.startsWith('/api/v1/tickets?')) return null;
  const from = new URLSearchParams(list.slice(list.indexOf('?') + 1));
  const to = new URLSearchParams();
  for (const k of DRILL_PARAMS) if (from.has(k) && !drop.includes(k)) to.set(k, from.get(k));
  return `#/queue/all?${to}`;
}

// ---- shared bits -----------------------------------------------------------------

function forbidden(main, ctx) {
  const h1 = h('h1', null, t('agent.backlog.forbidden_title'));
  replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.backlog.forbidden_text')),
    h('p', null, h('a', {href: '#/queue/mine'}, t('agent.queue.mine'))));
  ctx.titled(t('agent.backlog.forbidden_title'), h1);
  return {};
}

async function tenantList(ctx) {
  try { return await tenants(); } catch (e) { return ctx.session.tenants.map((code) => ({code, name: code})); }
}

/**
 * One figure: a link to its list when there is one, else the number; the
 * bands that need attention (over 60 days, overdue) with an icon and words
 * when not zero. sr: what the figure counts, for the link's name.
 */
function figure(count, route, {attention, sr, band}) {
  const n = Number(count) || 0;
  const flag = attention && n > 0;
  const parts = [
    flag ? h('span', {class: 'backlog-icon', 'aria-hidden': 'true'}, ICON) : null,
    h('span', {class: 'backlog-n'}, fmt(n)),
    h('span', {class: 'visually-hidden'}, ` ${tn('agent.backlog.link_sr', n, sr)}`),
    flag ? h('span', {class: 'visually-hidden'}, ` ${t('agent.backlog.attention_sr')}`) : null,
  ];
  const inner = route
    ? h('a', {href: route, class: 'backlog-count', dataset: {band}}, parts)
    : h('span', {class: 'backlog-count backlog-nolist', dataset: {band}}, parts);
  return {flag, el: inner, zero: n === 0};
}

function cell(count, route, opts) {
  const f = figure(count, route, opts);
  const cls = ['num', `col-band-${opts.band}`];
  if (f.flag) cls.push('is-attention');
  if (f.zero) cls.push('is-zero');
  return h('td', {class: cls.join(' '), dataset: {band: opts.band}}, f.el);
}

// ---- the chart -------------------------------------------------------------------

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** The totals by band as a stacked bar, with the same figures as a list (its text equivalent). */
function chart(totals, scopeName) {
  const counts = BANDS.map((b) => {
    const x = ((totals && totals.bands) || []).find((y) => y.band === b.band);
    return {...b, count: x ? Number(x.count) || 0 : 0};
  });
  const total = counts.reduce((a, b) => a + b.count, 0);
  const caption = h('figcaption', {id: 'backlog-chart-caption', class: 'backlog-chart-caption'},
    tn('agent.backlog.chart_caption', total, {n: fmt(total), scope: scopeName}));
  const fig = h('figure', {class: 'backlog-chart', id: 'backlog-chart', 'aria-labelledby': 'backlog-chart-caption'}, caption);
  if (total === 0) return fig;
  // The bar: one rectangle per band, widths in per cent of the whole. It
  // repeats the list below, so assistive technology reads the list instead.
  const bar = svg('svg', {class: 'backlog-bar', id: 'backlog-bar', width: '100%', height: 40,
    'aria-hidden': 'true', focusable: 'false'});
  let x = 0;
  for (const c of counts) {
    if (!c.count) continue;
    const w = (c.count / total) * 100;
    const g = svg('g', {class: `backlog-seg band-${c.slug}`, 'data-band': c.band});
    g.appendChild(svg('rect', {x: `${x}%`, y: 0, width: `${w}%`, height: 40}));
    if (w >= 7) {
      g.appendChild(svg('text', {x: `${x + w / 2}%`, y: 20, 'text-anchor': 'middle', 'dominant-baseline': 'central'},
        fmt(c.count)));
    }
    bar.appendChild(g);
    x += w;
  }
  const list = h('ul', {class: 'backlog-legend', id: 'backlog-chart-list'}, counts.map((c) =>
    h('li', {dataset: {band: c.band}},
      h('span', {class: `backlog-swatch band-${c.slug}`, 'aria-hidden': 'true'}),
      t('agent.backlog.legend_item', {band: bandLabel(c.slug), n: fmt(c.count), pct: pct(c.count / total)}))));
  fig.append(bar, list);
  return fig;
}

// ---- the page --------------------------------------------------------------------

export async function render(main, {query}, ctx) {
  if (!ctx.hasRole('supervisor')) return forbidden(main, ctx);
  const tlist = await tenantList(ctx);
  const nameOf = (code) => (tlist.find((x) => x.code === code) || {name: code}).name;
  const q = query || new URLSearchParams();
  let tenant = q.has('tenant') ? q.get('tenant') : remembered.tenant;
  let group = q.has('group') ? q.get('group') : remembered.group;
  if (tenant && !tlist.some((x) => x.code === tenant)) tenant = '';
  if (!GROUPS.includes(group)) group = 'department';

  const title = t('agent.backlog.title');
  const h1 = h('h1', null, title);
  const fTenant = h('select', {name: 'tenant', id: 'backlog-tenant'},
    option('', t('agent.backlog.all_tenants'), !tenant),
    tlist.map((x) => option(x.code, `${x.name} (${x.code})`, x.code === tenant)));
  const fGroup = h('select', {name: 'group', id: 'backlog-group'},
    GROUPS.map((g) => option(g, t(`agent.backlog.group.${g}`), g === group)));
  const refresh = h('button', {type: 'submit', class: 'btn', id: 'backlog-refresh'}, t('agent.backlog.refresh'));
  const form = h('form', {class: 'filters backlog-controls', id: 'backlog-controls', 'aria-label': t('agent.backlog.controls')},
    h('div', {class: 'filter'}, h('label', {for: 'backlog-tenant'}, t('agent.field.tenant')), fTenant),
    h('div', {class: 'filter'}, h('label', {for: 'backlog-group'}, t('agent.backlog.group_label')), fGroup),
    h('div', {class: 'filter filter-actions'}, refresh));
  const msg = h('div', {class: 'view-msg', id: 'backlog-msg'});
  const status = h('p', {class: 'backlog-status muted', id: 'backlog-status', role: 'status'}, t('common.loading'));
  const results = h('div', {class: 'backlog-results', id: 'backlog-results'});
  replace(main, h('div', {class: 'view-backlog', id: 'backlog-page'}, h1,
    h('p', {class: 'muted'}, t('agent.backlog.intro')),
    form, msg, status, results));
  ctx.titled(title, h1);

  let seq = 0;

  function table(code, items) {
    const hid = `backlog-h-${code}`;
    const groupName = (it) => (it[group] ? it[group].name || it[group].code : t(`agent.backlog.no_${group}`));
    const rows = items.map((it) => {
      const name = groupName(it);
      const bands = BANDS.map((b) => {
        const x = (it.bands || []).find((y) => y.band === b.band) || {count: 0, list: null};
        return cell(x.count, listRoute(x.list), {band: b.band, attention: b.band === '61+',
          sr: {name, band: bandLabel(b.slug)}});
      });
      const od = it.overdue || {count: 0, list: null};
      const first = (it.bands || [])[0];
      // The row's total: the bands' list without the age.
      const totalRoute = first ? listRoute(first.list, ['age_min', 'age_max']) : null;
      return h('tr', {class: it[group] ? 'backlog-row' : 'backlog-row is-none',
        dataset: it[group] ? {code: it[group].code, id: it[group].id} : {none: '1'}},
      h('th', {scope: 'row', class: 'backlog-name'}, name),
      bands,
      cell(od.count, listRoute(od.list), {band: 'overdue', attention: true, sr: {name, band: t('agent.backlog.col.overdue')}}),
      cell(it.total, totalRoute, {band: 'total', sr: {name, band: t('agent.backlog.any_age')}}));
    });
    // The administration's totals; their lists are a row's lists without the
    // department or service (the same filters, the whole administration).
    const withList = items.find((it) => it[group] && (it.bands || []).some((b) => b.list));
    const drop = ['department', 'service_id'];
    const sum = (f) => items.reduce((a, it) => a + (Number(f(it)) || 0), 0);
    const allName = nameOf(code);
    const foot = h('tr', {class: 'backlog-total-row', dataset: {total: '1'}},
      h('th', {scope: 'row', class: 'backlog-name'}, t('agent.backlog.total_row')),
      BANDS.map((b, i) => cell(sum((it) => ((it.bands || []).find((y) => y.band === b.band) || {}).count),
        withList ? listRoute(withList.bands[i] && withList.bands[i].list, drop) : null,
        {band: b.band, attention: b.band === '61+', sr: {name: allName, band: bandLabel(b.slug)}})),
      cell(sum((it) => it.overdue && it.overdue.count), withList ? listRoute(withList.overdue && withList.overdue.list, drop) : null,
        {band: 'overdue', attention: true, sr: {name: allName, band: t('agent.backlog.col.overdue')}}),
      cell(sum((it) => it.total), withList ? listRoute(withList.bands[0] && withList.bands[0].list, [...drop, 'age_min', 'age_max']) : null,
        {band: 'total', sr: {name: allName, band: t('agent.backlog.any_age')}}));
    return h('section', {class: 'backlog-group', id: `backlog-group-${code}`, dataset: {tenant: code}, 'aria-labelledby': hid},
      h('h2', {id: hid}, `${nameOf(code)} (${code})`),
      h('div', {class: 'table-wrap'}, h('table', {class: 'tickets backlog-table', id: `backlog-table-${code}`, dataset: {tenant: code, group}},
        h('caption', {class: 'visually-hidden'}, t(`agent.backlog.caption_${group}`, {name: nameOf(code)})),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col', class: 'backlog-name'}, t(`agent.backlog.group.${group}`)),
          BANDS.map((b) => h('th', {scope: 'col', class: 'num', dataset: {band: b.band}}, bandLabel(b.slug))),
          h('th', {scope: 'col', class: 'num', dataset: {band: 'overdue'}}, t('agent.backlog.col.overdue')),
          h('th', {scope: 'col', class: 'num', dataset: {band: 'total'}}, t('agent.backlog.col.total')))),
        h('tbody', null, rows),
        h('tfoot', null, foot))));
  }

  async function load() {
    const my = ++seq;
    remembered = {tenant, group};
    const hash = `#/backlog?${new URLSearchParams(tenant ? {tenant, group} : {group})}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    results.setAttribute('aria-busy', 'true');
    refresh.disabled = true;
    status.textContent = t('common.loading');
    let r;
    try {
      r = await call('GET', '/api/v1/reports/backlog', {query: {tenant, group}});
    } catch (err) {
      if (my !== seq) return;
      results.removeAttribute('aria-busy');
      refresh.disabled = false;
      status.textContent = '';
      if (err instanceof ApiError && err.status === 401) return;
      replace(msg, alertBox(errorText(err)));
      return;
    }
    if (my !== seq) return;
    msg.replaceChildren();
    const items = (r && r.items) || [];
    const byTenant = new Map();
    for (const it of items) {
      if (!byTenant.has(it.tenant)) byTenant.set(it.tenant, []);
      byTenant.get(it.tenant).push(it);
    }
    // In the order of the administrations list; those with no department or service last in each.
    const order = tlist.map((x) => x.code).filter((c) => byTenant.has(c));
    for (const c of byTenant.keys()) if (!order.includes(c)) order.push(c);
    for (const list of byTenant.values()) list.sort((a, b) => (a[group] ? 0 : 1) - (b[group] ? 0 : 1));
    const scopeName = tenant ? nameOf(tenant) : t('agent.backlog.all_tenants');
    const total = (r.totals && Number(r.totals.total)) || 0;
    const overdue = (r.totals && Number(r.totals.overdue)) || 0;
    replace(results,
      chart(r.totals, scopeName),
      total ? h('p', {class: 'backlog-overdue-total', id: 'backlog-overdue-total'},
        overdue ? h('span', {class: 'backlog-icon', 'aria-hidden': 'true'}, `${ICON} `) : null,
        tn('agent.backlog.overdue_total', overdue, {n: fmt(overdue)})) : null,
      order.length
        ? [h('p', {class: 'backlog-legend-note', id: 'backlog-attention-note'},
          h('span', {class: 'backlog-icon', 'aria-hidden': 'true'}, `${ICON} `), t('agent.backlog.attention_note')),
        h('div', {class: 'stack backlog-groups', id: 'backlog-groups'}, order.map((c) => table(c, byTenant.get(c))))]
        : h('p', {class: 'muted', id: 'backlog-empty'}, t('agent.backlog.empty')));
    results.removeAttribute('aria-busy');
    refresh.disabled = false;
    status.textContent = t('agent.backlog.updated', {time: formatDateTime(new Date().toISOString()),
      total: tn('agent.backlog.open_n', total, {n: fmt(total)})});
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  fTenant.addEventListener('change', () => { tenant = fTenant.value; load(); });
  fGroup.addEventListener('change', () => { group = fGroup.value; load(); });
  await load();
  return {cleanup() { seq++; }};
}
