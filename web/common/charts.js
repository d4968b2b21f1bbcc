// Charts as SVG built with DOM calls (no library, no inline script or
// style: the CSP forbids both). Each chart is a <figure> holding an SVG
// with role="img", a <title> and a <desc>, and beside it a data table with
// the same figures (the text alternative, WCAG 1.1.1), so the console's
// reports and the portal's transparency page share one way to draw.
import {h} from './dom.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) if (c !== null && c !== undefined) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/**
 * A bar chart. rows: [{label, values: [number|null, …]}]; series: the
 * names of the values (one or two: e.g. median and p90); fmt: a number as
 * text; opts: {id, title, desc, vertical (columns, for hours and days),
 * headers: [first column's heading], max (the scale's top: 1 for rates;
 * else the largest value)}.
 */
export function barChart(rows, series, fmt, opts) {
  const {id, title, desc} = opts;
  const max = opts.max || Math.max(1, ...rows.flatMap((r) => r.values.map((v) => Number(v) || 0)));
  const ns = series.length;
  let chart;
  if (opts.vertical) {
    const colW = 28, gap = 6, plotH = 160, w = Math.max(300, rows.length * (colW + gap) + 40);
    chart = svg('svg', {class: 'chart chart-columns', viewBox: `0 0 ${w} ${plotH + 40}`, role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`, id: `${id}-svg`},
    svg('title', {id: `${id}-title`}, title), svg('desc', {id: `${id}-desc`}, desc));
    chart.appendChild(svg('line', {x1: 30, y1: plotH + 5, x2: w, y2: plotH + 5, class: 'chart-axis'}));
    rows.forEach((r, i) => {
      const x = 36 + i * (colW + gap);
      r.values.forEach((v, s) => {
        const bh = ((Number(v) || 0) / max) * plotH;
        chart.appendChild(svg('rect', {x: x + (s * colW) / ns, y: plotH + 5 - bh, width: colW / ns - 1, height: bh,
          class: `chart-bar chart-s${s}`}));
      });
      if (rows.length <= 31 || i % Math.ceil(rows.length / 31) === 0) {
        chart.appendChild(svg('text', {x: x + colW / 2, y: plotH + 22, 'text-anchor': 'middle', class: 'chart-label'}, r.short || r.label));
      }
    });
    chart.appendChild(svg('text', {x: 2, y: 12, class: 'chart-label'}, fmt(max)));
  } else {
    const barH = 18, gap = 10, labelW = 230, plotW = 420, rowH = ns * barH + gap;
    const hgt = rows.length * rowH + 10;
    chart = svg('svg', {class: 'chart chart-bars', viewBox: `0 0 ${labelW + plotW + 90} ${hgt}`, role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`, id: `${id}-svg`},
    svg('title', {id: `${id}-title`}, title), svg('desc', {id: `${id}-desc`}, desc));
    rows.forEach((r, i) => {
      const y = 5 + i * rowH;
      const label = r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label;
      chart.appendChild(svg('text', {x: labelW - 6, y: y + (ns * barH) / 2 + 5, 'text-anchor': 'end', class: 'chart-label'}, label));
      r.values.forEach((v, s) => {
        const bw = ((Number(v) || 0) / max) * plotW;
        chart.appendChild(svg('rect', {x: labelW, y: y + s * barH, width: bw, height: barH - 2, class: `chart-bar chart-s${s}`}));
        chart.appendChild(svg('text', {x: labelW + bw + 4, y: y + s * barH + barH - 5, class: 'chart-value'},
          v === null || v === undefined ? '—' : fmt(v)));
      });
    });
  }
  const legend = ns > 1 ? h('ul', {class: 'chart-legend'}, series.map((s, i) =>
    h('li', null, h('span', {class: `chart-swatch chart-s${i}`, 'aria-hidden': 'true'}), s))) : null;
  const table = h('table', {class: 'tickets chart-table', id: `${id}-table`},
    h('caption', null, title),
    h('thead', null, h('tr', null, h('th', {scope: 'col'}, opts.headers[0]),
      series.map((s) => h('th', {scope: 'col', class: 'num'}, s)))),
    h('tbody', null, rows.map((r) => h('tr', null, h('th', {scope: 'row'}, r.label),
      r.values.map((v) => h('td', {class: 'num'}, v === null || v === undefined ? '—' : fmt(v)))))));
  return h('figure', {class: 'chart-figure', id},
    h('figcaption', {class: 'chart-caption'}, title),
    rows.length ? chart : null, legend,
    h('details', {class: 'chart-data'}, h('summary', null, opts.tableLabel), h('div', {class: 'table-wrap'}, table)));
}

/** Seconds as "4 min", "2 h 5 min", "3 d 4 h" (units.d1, if given, for one day). */
export function duration(s, units) {
  if (s === null || s === undefined) return '—';
  const n = Number(s);
  if (n < 60) return `${Math.round(n)} ${units.s}`;
  if (n < 3600) return `${Math.round(n / 60)} ${units.min}`;
  if (n < 86400) {
    const hh = Math.floor(n / 3600), mm = Math.round((n % 3600) / 60);
    return mm ? `${hh} ${units.h} ${mm} ${units.min}` : `${hh} ${units.h}`;
  }
  const d = Math.floor(n / 86400), hh = Math.round((n % 86400) / 3600);
  const du = d === 1 && units.d1 ? units.d1 : units.d; /* "1 día", not "1 días" */
  return hh ? `${d} ${du} ${hh} ${units.h}` : `${d} ${du}`;
}
