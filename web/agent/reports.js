// Reports, for supervisors (#/reports): volumes by channel, by department
// or service, by local hour and by day; first-response and resolution times
// (median and p90) by channel; first-contact resolution and handling time;
// agents' workload (GET /api/v1/reports/volumes|times|agents). Every chart
// is SVG with a title, a description and its data as a table
// (web/common/charts.js); every report has its CSV download. SLA
// compliance per target and satisfaction (CSAT, NPS, CES, FCR) with the
// survey response rate by the chosen group, and each agent's, with their
// tables (docs/metrics.md).
import {h, replace} from '/static/common/dom.js';
import {t, getLang} from '/static/common/i18n.js';
import {barChart, duration} from '/static/common/charts.js';
import {call, ApiError, errorText, alertBox, tenants, option, CHANNELS} from './util.js';

const GROUPS = ['department', 'service'];
let remembered = null;

const nf = () => new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES');
const fmt = (n) => nf().format(n);
const pct = (x) => (x === null || x === undefined ? '—'
  : new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES', {style: 'percent', maximumFractionDigits: 0}).format(x));
const num1 = (x) => (x === null || x === undefined ? '—'
  : new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES', {maximumFractionDigits: 1}).format(x));
const signed = (x) => (x === null || x === undefined ? '—'
  : new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'es-ES', {maximumFractionDigits: 0, signDisplay: 'exceptZero'}).format(x));
// docs/metrics.md: satisfaction over fewer answers says too little.
const MIN_ANSWERS = 10;
const TARGETS = ['first_response', 'resolution', 'legal'];
const TARGET_KEY = {first_response: 'sla_fr', resolution: 'sla_res', legal: 'sla_legal'};
const units = () => ({s: t('agent.reports.unit.s'), min: t('agent.reports.unit.min'), h: t('agent.reports.unit.h'), d: t('agent.reports.unit.d')});
const dur = (s) => duration(s, units());
// Report days are each administration's local days (docs/metrics.md), not
// the browser's nor UTC's: at 23:30 UTC it is already tomorrow in Madrid,
// and a period ending on the UTC day would leave out the newest requests.
const dayIn = (tz, ms) => {
  try {
    return new Intl.DateTimeFormat('en-CA', {timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit'}).format(ms);
  } catch (e) { return new Date(ms).toISOString().slice(0, 10); }
};

function defaults(tlist) {
  const zones = new Set((tlist || []).map((x) => x.timezone).filter(Boolean));
  if (!zones.size) zones.add('Europe/Madrid');
  const now = Date.now();
  // The latest of the administrations' todays, so every one's today is in.
  const to = [...zones].map((tz) => dayIn(tz, now)).sort().pop();
  const from = new Date(Date.parse(`${to}T12:00:00Z`) - 29 * 86400000).toISOString().slice(0, 10);
  return {from, to, tenant: '', channel: '', group: 'department'};
}

function forbidden(main, ctx) {
  const h1 = h('h1', null, t('agent.reports.forbidden_title'));
  replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.reports.forbidden_text')));
  ctx.titled(t('agent.reports.forbidden_title'), h1);
  return {};
}

export async function render(main, {query}, ctx) {
  if (!ctx.hasRole('supervisor')) return forbidden(main, ctx);
  let tlist;
  try { tlist = await tenants(); } catch (e) { tlist = ctx.session.tenants.map((code) => ({code, name: code})); }
  const q = query || new URLSearchParams();
  const f = {...(remembered || defaults(tlist))};
  for (const k of ['from', 'to', 'tenant', 'channel', 'group']) if (q.has(k)) f[k] = q.get(k);
  if (!GROUPS.includes(f.group)) f.group = 'department';

  const title = t('agent.reports.title');
  const h1 = h('h1', null, title);
  const input = (name, type, value) => h('input', {id: `reports-${name}`, name, type, value, required: type === 'date'});
  const fFrom = input('from', 'date', f.from), fTo = input('to', 'date', f.to);
  const fTenant = h('select', {id: 'reports-tenant', name: 'tenant'}, option('', t('agent.reports.all_tenants'), !f.tenant),
    tlist.map((x) => option(x.code, `${x.name} (${x.code})`, x.code === f.tenant)));
  const fChannel = h('select', {id: 'reports-channel', name: 'channel'}, option('', t('agent.reports.all_channels'), !f.channel),
    CHANNELS.map((c) => option(c, t(`common.channel.${c}`), c === f.channel)));
  const fGroup = h('select', {id: 'reports-group', name: 'group'},
    GROUPS.map((g) => option(g, t(`agent.reports.group.${g}`), g === f.group)));
  const filter = (id, label, ctl) => h('div', {class: 'filter'}, h('label', {for: id}, label), ctl);
  const apply = h('button', {type: 'submit', class: 'btn', id: 'reports-apply'}, t('agent.reports.apply'));
  const form = h('form', {class: 'filters', id: 'reports-controls', 'aria-label': t('agent.reports.controls')},
    filter('reports-from', t('agent.reports.from'), fFrom), filter('reports-to', t('agent.reports.to'), fTo),
    filter('reports-tenant', t('agent.field.tenant'), fTenant), filter('reports-channel', t('agent.reports.channel'), fChannel),
    filter('reports-group', t('agent.reports.group_label'), fGroup), h('div', {class: 'filter filter-actions'}, apply));
  const msg = h('div', {class: 'view-msg', id: 'reports-msg'});
  const status = h('p', {class: 'muted', id: 'reports-status', role: 'status'}, t('common.loading'));
  const results = h('div', {class: 'reports-results stack', id: 'reports-results'});
  replace(main, h('div', {class: 'view-reports', id: 'reports-page'}, h1,
    h('p', {class: 'muted'}, t('agent.reports.intro')), form, msg, status, results));
  ctx.titled(title, h1);
  let seq = 0;

  const params = (extra) => {
    const p = {from: f.from, to: f.to};
    if (f.tenant) p.tenant = f.tenant;
    if (f.channel) p.channel = f.channel;
    return {...p, ...extra};
  };
  const csvLink = (path, extra, label, id) => h('a', {class: 'btn btn-secondary reports-csv', id, download: '',
    href: `${path}?${new URLSearchParams(params({...extra, format: 'csv'}))}`}, label);
  const section = (id, heading, ...body) => h('section', {class: 'reports-section', id, 'aria-labelledby': `${id}-h`},
    h('h2', {id: `${id}-h`}, heading), ...body);
  const tableLabel = t('agent.reports.show_data');

  async function load() {
    const my = ++seq;
    remembered = {...f};
    const hash = `#/reports?${new URLSearchParams({...params({}), group: f.group})}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
    results.setAttribute('aria-busy', 'true');
    status.textContent = t('common.loading');
    let ch, grp, hours, days, times, agents;
    try {
      [ch, grp, hours, days, times, agents] = await Promise.all([
        call('GET', '/api/v1/reports/volumes', {query: params({group: 'channel'})}),
        call('GET', '/api/v1/reports/volumes', {query: params({group: f.group})}),
        call('GET', '/api/v1/reports/volumes', {query: params({group: 'hour'})}),
        call('GET', '/api/v1/reports/volumes', {query: params({group: 'day'})}),
        call('GET', '/api/v1/reports/times', {query: params({group: 'channel'})}),
        call('GET', '/api/v1/reports/agents', {query: params({})})]);
    } catch (err) {
      if (my !== seq) return;
      results.removeAttribute('aria-busy');
      status.textContent = '';
      if (err instanceof ApiError && err.status === 401) return;
      replace(msg, alertBox(errorText(err)));
      return;
    }
    if (my !== seq) return;
    msg.replaceChildren();
    const chName = (c) => t(`common.channel.${c}`);
    const tot = times.totals;
    const groupName = (it) => (it[f.group] ? it[f.group].name || it[f.group].code : t(`agent.reports.no_${f.group}`));
    const created = t('agent.reports.created');
    const summary = h('dl', {class: 'reports-summary', id: 'reports-summary'},
      [[created, fmt(tot.created)], [t('agent.reports.resolved'), fmt(tot.resolved)],
        [t('agent.reports.frt_median'), dur(tot.first_response.median_s)],
        [t('agent.reports.res_median'), dur(tot.resolution.median_s)],
        [t('agent.reports.fcr_rate'), pct(tot.fcr.rate)]].map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))));
    const sum = (rows) => rows.reduce((a, r) => a + (Number(r.created) || 0), 0);
    const desc = (rows, top) => t('agent.reports.desc_volume', {n: fmt(sum(rows)), top: top || '—'});
    const topOf = (rows, name) => (rows.length ? name(rows.reduce((a, b) => (b.created > a.created ? b : a))) : '');
    const chRows = ch.items.map((it) => ({label: chName(it.channel), values: [it.created]}));
    const gRows = grp.items.map((it) => ({label: groupName(it), values: [it.created]}));
    const hRows = hours.items.map((it) => ({label: `${String(it.hour).padStart(2, '0')}:00`, short: String(it.hour), values: [it.created]}));
    const dRows = days.items.map((it) => ({label: it.day, short: it.day.slice(8), values: [it.created]}));
    const tRows = times.items.map((it) => ({label: chName(it.channel),
      values: [it.first_response.median_s, it.first_response.p90_s]}));
    const rRows = times.items.map((it) => ({label: chName(it.channel), values: [it.resolution.median_s, it.resolution.p90_s]}));
    const series2 = [t('agent.reports.median'), t('agent.reports.p90')];
    const num = (x) => h('td', {class: 'num'}, x);
    const colHead = (cols) => h('thead', null, h('tr', null,
      cols.map((x, i) => h('th', {scope: 'col', class: i ? 'num' : null}, x))));
    // SLA compliance: the rate per target for each group that had a due
    // time; the totals' counts in a table.
    const slaSection = () => {
      const gs = grp.items.filter((it) => it.sla && TARGETS.some((k) => it.sla[k].due > 0));
      const ts = grp.totals.sla;
      const names = TARGETS.map((k) => t(`agent.reports.${TARGET_KEY[k]}`));
      return section('reports-sla', t('agent.reports.sla'),
        h('p', {class: 'muted'}, t('agent.reports.sla_note')),
        gs.length ? barChart(gs.map((it) => ({label: groupName(it), values: TARGETS.map((k) => it.sla[k].rate)})),
          names, pct, {id: 'chart-sla', max: 1, title: t(`agent.reports.chart_sla_${f.group}`),
            desc: t('agent.reports.desc_sla', {fr: pct(ts.first_response.rate), res: pct(ts.resolution.rate), legal: pct(ts.legal.rate)}),
            headers: [t(`agent.reports.group.${f.group}`)], tableLabel})
          : h('p', {class: 'muted', id: 'reports-no-sla'}, t('agent.reports.no_sla')),
        h('div', {class: 'table-wrap'}, h('table', {class: 'tickets', id: 'reports-sla-table'},
          h('caption', null, t('agent.reports.sla_caption')),
          colHead([t('agent.reports.sla_target'), t('agent.reports.sla_due'), t('agent.reports.sla_met'),
            t('agent.reports.sla_missed'), t('agent.reports.sla_rate')]),
          h('tbody', null, TARGETS.map((k, i) => h('tr', null, h('th', {scope: 'row'}, names[i]),
            num(fmt(ts[k].due)), num(fmt(ts[k].met)), num(fmt(ts[k].missed)), num(pct(ts[k].rate))))))));
    };
    // Satisfaction: the groups with answers or surveys offered; figures
    // from 10 answers; the response rate beside them (offered by sent day).
    const enough = (x) => x && x.answers >= MIN_ANSWERS;
    const few = t('agent.reports.sat_few');
    const rr = (x) => (x && x.offered ? pct(x.rate) : '—');
    const satSection = () => {
      const gs = grp.items.filter((it) => it.satisfaction || (it.response_rate && it.response_rate.offered));
      const tsat = grp.totals.satisfaction;
      const trr = grp.totals.response_rate;
      const cells = (x) => (enough(x)
        ? [pct(x.csat.rate), num1(x.csat.mean), x.nps.answers ? signed(x.nps.score) : '—', num1(x.ces.mean), pct(x.fcr.rate)]
        : Array(5).fill(x ? few : '—')).map((v) => num(v));
      const row = (label, x, r) => h('tr', null, h('th', {scope: 'row'}, label), num(fmt(x ? x.answers : 0)), ...cells(x),
        num(fmt(r.offered)), num(rr(r)));
      return section('reports-satisfaction', t('agent.reports.satisfaction'),
        h('p', {class: 'muted'}, t('agent.reports.sat_note')),
        h('p', {id: 'reports-response-rate'}, trr.offered
          ? t('agent.reports.desc_response', {rate: pct(trr.rate), answered: fmt(trr.answered), offered: fmt(trr.offered)})
          : t('agent.reports.no_offered')),
        !tsat ? h('p', {class: 'muted', id: 'reports-no-answers'}, t('agent.reports.no_answers')) :
          barChart(gs.filter((it) => it.satisfaction).map((it) => ({label: groupName(it), values: [enough(it.satisfaction) ? it.satisfaction.csat.rate : null]})),
            [t('agent.reports.csat')], pct, {id: 'chart-csat', max: 1, title: t(`agent.reports.chart_csat_${f.group}`),
              desc: t('agent.reports.desc_csat', {rate: enough(tsat) ? pct(tsat.csat.rate) : few, n: fmt(tsat.answers)}),
              headers: [t(`agent.reports.group.${f.group}`)], tableLabel}),
        !tsat && !trr.offered ? null : h('div', {class: 'table-wrap'}, h('table', {class: 'tickets', id: 'reports-sat-table'},
          h('caption', null, t(`agent.reports.sat_caption_${f.group}`)),
          colHead([t(`agent.reports.group.${f.group}`), t('agent.reports.answers'), t('agent.reports.csat'),
            t('agent.reports.csat_mean'), t('agent.reports.nps'), t('agent.reports.ces'), t('agent.reports.fcr_said'),
            t('agent.reports.offered'), t('agent.reports.response_rate')]),
          h('tbody', null, gs.map((it) => row(groupName(it), it.satisfaction, it.response_rate)),
            row(t('agent.reports.total'), tsat, trr)))));
    };
    const satisfactionSection = satSection;
    const vol = [created];
    replace(results,
      summary,
      section('reports-volumes', t('agent.reports.volumes'),
        barChart(chRows, vol, fmt, {id: 'chart-channel', title: t('agent.reports.chart_channel'),
          desc: desc(ch.items, topOf(ch.items, (x) => chName(x.channel))), headers: [t('agent.reports.channel')], tableLabel}),
        barChart(gRows, vol, fmt, {id: 'chart-group', title: t(`agent.reports.chart_${f.group}`),
          desc: desc(grp.items, topOf(grp.items, groupName)), headers: [t(`agent.reports.group.${f.group}`)], tableLabel}),
        barChart(hRows, vol, fmt, {id: 'chart-hour', vertical: true, title: t('agent.reports.chart_hour'),
          desc: t('agent.reports.desc_hour', {n: fmt(sum(hours.items))}), headers: [t('agent.reports.hour')], tableLabel}),
        barChart(dRows, vol, fmt, {id: 'chart-day', vertical: true, title: t('agent.reports.chart_day'),
          desc: desc(days.items, topOf(days.items, (x) => x.day)), headers: [t('agent.reports.day')], tableLabel}),
        h('p', {class: 'reports-downloads'},
          csvLink('/api/v1/reports/volumes', {group: 'channel'}, t('agent.reports.csv_channel'), 'csv-channel'), ' ',
          csvLink('/api/v1/reports/volumes', {group: f.group}, t(`agent.reports.csv_${f.group}`), 'csv-group'), ' ',
          csvLink('/api/v1/reports/volumes', {group: 'hour'}, t('agent.reports.csv_hour'), 'csv-hour'), ' ',
          csvLink('/api/v1/reports/volumes', {group: 'day'}, t('agent.reports.csv_day'), 'csv-day'))),
      section('reports-times', t('agent.reports.times'),
        h('p', {class: 'muted'}, t('agent.reports.times_note')),
        barChart(tRows, series2, dur, {id: 'chart-frt', title: t('agent.reports.chart_frt'),
          desc: t('agent.reports.desc_time', {median: dur(tot.first_response.median_s), p90: dur(tot.first_response.p90_s)}),
          headers: [t('agent.reports.channel')], tableLabel}),
        barChart(rRows, series2, dur, {id: 'chart-res', title: t('agent.reports.chart_res'),
          desc: t('agent.reports.desc_time', {median: dur(tot.resolution.median_s), p90: dur(tot.resolution.p90_s)}),
          headers: [t('agent.reports.channel')], tableLabel}),
        barChart(times.items.map((it) => ({label: chName(it.channel), values: [it.fcr.rate]})), [t('agent.reports.fcr_rate')],
          pct, {id: 'chart-fcr', max: 1, title: t('agent.reports.chart_fcr'),
            desc: t('agent.reports.desc_fcr', {rate: pct(tot.fcr.rate)}), headers: [t('agent.reports.channel')], tableLabel}),
        barChart(times.items.filter((it) => it.handling.count).map((it) => ({label: chName(it.channel), values: [it.handling.mean_s]})),
          [t('agent.reports.aht')], dur, {id: 'chart-aht', title: t('agent.reports.chart_aht'),
            desc: t('agent.reports.desc_aht'), headers: [t('agent.reports.channel')], tableLabel}),
        h('div', {class: 'table-wrap'}, h('table', {class: 'tickets', id: 'reports-fcr-table'},
          h('caption', null, t('agent.reports.fcr_caption')),
          h('thead', null, h('tr', null, [t('agent.reports.channel'), t('agent.reports.resolved'), t('agent.reports.fcr'),
            t('agent.reports.fcr_rate'), t('agent.reports.aht')].map((x, i) => h('th', {scope: 'col', class: i ? 'num' : null}, x)))),
          h('tbody', null, times.items.map((it) => h('tr', null, h('th', {scope: 'row'}, chName(it.channel)),
            h('td', {class: 'num'}, fmt(it.resolved)), h('td', {class: 'num'}, fmt(it.fcr.count)),
            h('td', {class: 'num'}, pct(it.fcr.rate)),
            h('td', {class: 'num'}, it.handling.count ? dur(it.handling.mean_s) : '—')))))),
        h('p', {class: 'reports-downloads'},
          csvLink('/api/v1/reports/times', {group: 'channel'}, t('agent.reports.csv_times'), 'csv-times'))),
      section('reports-agents', t('agent.reports.agents'),
        agents.items.length ? barChart(agents.items.map((a) => ({label: a.agent.name, values: [a.open, a.resolved]})),
          [t('agent.reports.open'), t('agent.reports.resolved')], fmt, {id: 'chart-agents', title: t('agent.reports.chart_agents'),
            desc: t('agent.reports.desc_agents', {n: fmt(agents.items.length)}), headers: [t('agent.reports.agent')], tableLabel}) : null,
        agents.items.length ? h('p', {class: 'muted'}, t('agent.reports.agents_sat_note')) : null,
        agents.items.length ? h('div', {class: 'table-wrap'}, h('table', {class: 'tickets', id: 'reports-agents-table'},
          h('caption', null, t('agent.reports.agents_caption')),
          colHead([t('agent.reports.agent'), t('agent.reports.open'), t('agent.reports.resolved'), t('agent.reports.replies'),
            t('agent.reports.agent_answers'), t('agent.reports.csat'), t('agent.reports.csat_mean'),
            t('agent.reports.offered'), t('agent.reports.response_rate')]),
          h('tbody', null, agents.items.map((a) => h('tr', null, h('th', {scope: 'row'}, a.agent.name),
            num(fmt(a.open)), num(fmt(a.resolved)), num(fmt(a.replies)),
            num(fmt(a.satisfaction ? a.satisfaction.answers : 0)),
            // An agent's satisfaction over fewer than 10 answers says too
            // little and points at a few citizens: withheld, as above.
            num(!a.satisfaction ? '—' : enough(a.satisfaction) ? pct(a.satisfaction.csat.rate) : few),
            num(!a.satisfaction ? '—' : enough(a.satisfaction) ? num1(a.satisfaction.csat.mean) : few),
            num(fmt(a.response_rate.offered)), num(rr(a.response_rate)))))))
          : h('p', {class: 'muted'}, t('agent.reports.no_agents')),
        h('p', {class: 'reports-downloads'}, csvLink('/api/v1/reports/agents', {}, t('agent.reports.csv_agents'), 'csv-agents'))),
      slaSection(),
      satisfactionSection());
    results.removeAttribute('aria-busy');
    status.textContent = t('agent.reports.updated', {from: f.from, to: f.to});
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    Object.assign(f, {from: fFrom.value, to: fTo.value, tenant: fTenant.value, channel: fChannel.value, group: fGroup.value});
    load();
  });
  await load();
  return {cleanup() { seq++; }};
}
