// Helpers shared by the console's views: API calls that notice an expired
// session, badges, field errors, catalogue caches.
import {api, ApiError} from '/static/common/api.js';
import {h, announce} from '/static/common/dom.js';
import {t, formatDateTime, getLang} from '/static/common/i18n.js';

export {ApiError};

let onUnauthorized = () => {};
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

/** api() that sends the console back to the login view on any 401. */
export async function call(method, path, options) {
  try {
    return await api(method, path, options);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && path !== '/api/v1/session') onUnauthorized();
    throw err;
  }
}

/** t(key) with {n}, or t(key + '_one') when n is 1. */
export function tn(key, n, vars = {}) {
  return n === 1 ? t(`${key}_one`, {n, ...vars}) : t(key, {n, ...vars});
}

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'resolved', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
export const CHANNELS = ['web', 'email', 'phone', 'in_person', 'chat', 'telegram', 'whatsapp', 'x', 'facebook', 'api'];
export const TRANSITIONS = {
  new: ['open', 'pending', 'on_hold', 'resolved', 'closed'],
  open: ['pending', 'on_hold', 'resolved', 'closed'],
  pending: ['open', 'on_hold', 'resolved', 'closed'],
  on_hold: ['open', 'pending', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};
export const isOpen = (tk) => tk.status !== 'resolved' && tk.status !== 'closed';
export const isOverdue = (tk) => !!(tk.due_at && isOpen(tk) && new Date(tk.due_at) < new Date());

export const statusBadge = (s) => h('span', {class: `badge status-${s}`}, t(`agent.status.${s}`));
export const prioBadge = (p) => h('span', {class: `badge prio-${p}`},
  p === 'urgent' || p === 'high' ? '▲ ' : '', t(`agent.priority.${p}`));

/** A short date and time for dense tables (the full one is in the title). */
export function shortDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const opts = {day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Madrid'};
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  return new Intl.DateTimeFormat(getLang() === 'es' ? 'es-ES' : 'en-GB', opts).format(d);
}
export function timeEl(iso) {
  return h('time', {datetime: iso, title: formatDateTime(iso)}, shortDateTime(iso));
}

/** How far a time is from now, in the interface's language ("dentro de 3 días", "hace 2 horas"). */
export function fromNow(iso) {
  const ms = new Date(iso).getTime() - Date.now();
  const abs = Math.abs(ms);
  const [unit, size] = abs >= 86400000 ? ['day', 86400000] : abs >= 3600000 ? ['hour', 3600000] : ['minute', 60000];
  return new Intl.RelativeTimeFormat(getLang() === 'es' ? 'es' : 'en', {numeric: 'auto'}).format(Math.round(ms / size), unit);
}

/** A due time in full, with how far it is ("(dentro de 2 días)"). */
export function dueWhen(iso) {
  return h('span', null, h('time', {datetime: iso}, formatDateTime(iso)), ` (${fromNow(iso)})`);
}

export function dueCell(tk, short) {
  if (!tk.due_at) return h('span', {class: 'muted'}, t('agent.ticket.no_due'));
  const when = short ? timeEl(tk.due_at) : dueWhen(tk.due_at);
  if (isOverdue(tk)) return h('span', {class: 'overdue'}, h('strong', null, t('agent.ticket.overdue_mark')), ' ', when);
  return when;
}

export function citizenName(c) {
  return (c && c.name) || t('agent.citizen.unnamed');
}

export function formatSize(n) {
  if (n < 1024) return t('common.bytes', {n});
  if (n < 1024 * 1024) return t('common.kb', {n: Math.round(n / 1024)});
  return t('common.mb', {n: (n / 1024 / 1024).toFixed(1)});
}

const KNOWN_ERRORS = ['conflict', 'forbidden', 'not_found', 'validation_failed', 'too_many_requests', 'payload_too_large',
  'unsupported_media_type', 'unavailable', 'csrf_failed', 'idempotency_conflict', 'internal'];
/** The message to show for an API error. */
export function errorText(err) {
  if (!(err instanceof ApiError)) return t('common.error_generic');
  if (err.status === 0) return t('common.error_network');
  if (KNOWN_ERRORS.includes(err.code)) return t(`agent.error.${err.code}`);
  return err.message || t('common.error_generic');
}

export function alertBox(text, kind = 'error') {
  return h('div', {class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text);
}

/** A field: label, optional hint, control, error slot. */
export function field(id, labelText, control, hintText) {
  control.id = id;
  const described = [];
  let hintEl = null;
  if (hintText) { hintEl = h('span', {class: 'hint', id: `${id}-hint`}, hintText); described.push(hintEl.id); }
  if (described.length) control.setAttribute('aria-describedby', described.join(' '));
  return h('div', {class: 'field', dataset: {field: id}}, h('label', {for: id}, labelText), hintEl, control,
    h('p', {class: 'field-error', id: `${id}-error`, hidden: true}));
}

export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && !x.endsWith('-error'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' ')); else el.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('fieldset[aria-describedby]')) {
    const ids = el.getAttribute('aria-describedby').split(' ').filter((x) => x && !x.endsWith('-error'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' ')); else el.removeAttribute('aria-describedby');
  }
  for (const p of form.querySelectorAll('.field-error')) { p.hidden = true; p.textContent = ''; }
}

/**
 * An error on a group of controls (checkboxes, repeated rows): fieldset
 * holds a p.field-error with id "<fieldset id>-error", which gets the text
 * and describes the group (aria-invalid does not belong on a fieldset).
 */
export function setGroupError(fieldset, text) {
  const p = document.getElementById(`${fieldset.id}-error`);
  if (!p) return;
  p.textContent = text; p.hidden = false;
  const ids = (fieldset.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  if (!ids.includes(p.id)) ids.push(p.id);
  fieldset.setAttribute('aria-describedby', ids.join(' '));
}

export function setFieldError(control, text) {
  const p = document.getElementById(`${control.id}-error`);
  control.setAttribute('aria-invalid', 'true');
  if (p) {
    p.textContent = text; p.hidden = false;
    const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    if (!ids.includes(p.id)) ids.push(p.id);
    control.setAttribute('aria-describedby', ids.join(' '));
  }
}

/**
 * Shows an error summary at the top of the form (focused) and ties each
 * field error to its control. map: API field name -> control.
 */
export function showFormErrors(summary, form, err, map) {
  clearFieldErrors(form);
  const items = [];
  for (const [name, msg] of Object.entries((err && err.fields) || {})) {
    const control = map[name];
    if (control) {
      // A group (fieldset): the message on the group, the link to its first control.
      const group = control.tagName === 'FIELDSET';
      if (group) setGroupError(control, msg); else setFieldError(control, msg);
      const target = group ? control.querySelector('input, select, textarea, button') || control : control;
      items.push(h('li', null, h('a', {href: `#${target.id}`, onclick: (e) => { e.preventDefault(); target.focus(); }}, msg)));
    } else items.push(h('li', null, msg));
  }
  summary.replaceChildren(
    h('h2', {class: 'summary-title'}, t('agent.form.error_title')),
    h('p', null, errorText(err)),
    items.length ? h('ul', null, items) : null);
  summary.hidden = false;
  summary.focus();
}

let tenantCache = null;
/** Administrations in scope, [{code, name, ...}], cached. */
export async function tenants() {
  if (!tenantCache) tenantCache = call('GET', '/api/v1/tenants').then((r) => r.items).catch((e) => { tenantCache = null; throw e; });
  return tenantCache;
}
export async function tenantName(code) {
  try {
    const list = await tenants();
    const x = list.find((tn) => tn.code === code);
    return x ? x.name : code;
  } catch (e) { return code; }
}
let deptCache = null;
const deptNames = new Map(); // "TENANT/code" -> name, once departments() has answered
export async function departments() {
  if (!deptCache) {
    deptCache = call('GET', '/api/v1/departments').then((r) => {
      for (const d of r.items) deptNames.set(`${d.tenant}/${d.code}`, d.name);
      return r.items;
    }).catch((e) => { deptCache = null; throw e; });
  }
  return deptCache;
}
/** A department's name by its administration and code, if departments() has
 * been read already; else the code itself. */
export function deptName(tenant, code) {
  return deptNames.get(`${tenant}/${code}`) || code || '';
}
const serviceCache = new Map();
export async function services(tenant) {
  if (!serviceCache.has(tenant)) {
    serviceCache.set(tenant, call('GET', '/api/v1/services', {query: {tenant}}).then((r) => r.items)
      .catch((e) => { serviceCache.delete(tenant); throw e; }));
  }
  return serviceCache.get(tenant);
}
export function resetCaches() { tenantCache = null; deptCache = null; deptNames.clear(); serviceCache.clear(); }

export function option(value, text, selected) {
  return h('option', {value, selected: !!selected}, text);
}

/** "beca, comedor escolar ,," -> ['beca', 'comedor escolar']: the
 * comma-separated inputs of the routing and knowledge-base forms. */
export function splitList(text) {
  return String(text || '').split(',').map((x) => x.trim()).filter(Boolean);
}

/**
 * Why routing sent a ticket where it did, in the console's language, from
 * the data of its "ticket_routed" event ({by, department, explain_es,
 * explain_en, classifier?}): "Enrutado a Educación por la regla 20 «Becas a
 * Educación»: el asunto o el texto contienen «beca»". department: the
 * department's name when known (else its code).
 */
export function routingExplain(data, department) {
  const d = data || {};
  const en = getLang() === 'en';
  const pick = (o) => (o ? (en ? o.explain_en : o.explain_es) || o.explain_es || o.explain_en || '' : '');
  const explain = pick(d);
  const dept = department || d.department || '';
  if (d.by === 'classifier') {
    return dept ? t('agent.routing.explain.classifier', {department: dept, explain}) : t('agent.routing.explain.nodept', {explain});
  }
  if (d.classifier && dept) {
    // A rule matched but chose no department; the classifier did.
    return t('agent.routing.explain.rule_and_classifier', {department: dept, explain, classifier: pick(d.classifier)});
  }
  if (!explain) return dept ? t('agent.routing.explain.plain', {department: dept}) : t('agent.routing.explain.none');
  return dept ? t('agent.routing.explain.rule', {department: dept, explain}) : t('agent.routing.explain.nodept', {explain});
}

/** One timeline entry as a list item. */
export function timelineItem(it) {
  const ticketLink = h('a', {href: `#/ticket/${it.ticket_id}`}, it.reference);
  let what;
  if (it.action === 'ticket_created') {
    what = t('agent.timeline.created', {channel: t(`common.channel.${(it.data && it.data.channel) || 'web'}`)});
  } else if (it.action === 'ticket_routed') {
    // Where routing sent the new ticket, and why (a rule, the classifier).
    const d = it.data || {};
    what = routingExplain(d, d.department ? deptName(it.tenant, d.department) : '');
  } else if (it.action === 'email_failed') {
    // A reply or acknowledgement the citizen did not get: say so plainly.
    what = t('agent.timeline.email_failed', {to: (it.data && it.data.to) || ''});
  } else if (it.action === 'message_added') {
    const d = it.data || {};
    what = d.internal ? t('agent.timeline.note') : d.direction === 'in' ? t('agent.timeline.msg_in') : t('agent.timeline.msg_out');
  } else if (it.action.startsWith('chat_')) {
    // A live chat's steps: waiting, taken, passed on, ended (and why).
    const d = it.data || {};
    const reasons = ['resolved', 'ticket', 'citizen_left', 'timeout', 'closed', 'no_agents'];
    what = it.action === 'chat_ended'
      ? t('agent.timeline.chat_ended', {reason: t(`agent.chat.end_reason.${reasons.includes(d.end_reason) ? d.end_reason : 'unknown'}`)})
      : t(['chat_queued', 'chat_accepted', 'chat_transferred'].includes(it.action) ? `agent.timeline.${it.action}` : 'agent.timeline.updated');
  } else {
    const parts = [];
    for (const [k, v] of Object.entries(it.data || {})) {
      if (k === 'status' && Array.isArray(v)) parts.push(t('agent.timeline.status', {from: t(`agent.status.${v[0]}`), to: t(`agent.status.${v[1]}`)}));
      else if (k === 'priority' && Array.isArray(v)) parts.push(t('agent.timeline.priority', {from: t(`agent.priority.${v[0]}`), to: t(`agent.priority.${v[1]}`)}));
      else if (k === 'assignee_id') parts.push(t('agent.timeline.assignee'));
      else if (k === 'department_id') parts.push(t('agent.timeline.department'));
      else if (k === 'service_id') parts.push(t('agent.timeline.service'));
    }
    what = parts.length ? parts.join('; ') : t('agent.timeline.updated');
  }
  const body = it.message && it.message.body ? it.message.body : '';
  // Cut at a word boundary and say so, rather than mid-word.
  let excerpt = body;
  if (body.length > 160) {
    const cut = body.slice(0, 160);
    const space = cut.lastIndexOf(' ');
    excerpt = `${(space > 100 ? cut.slice(0, space) : cut).trimEnd()}…`;
  }
  return h('li', {class: `tl-item tl-${it.action}`},
    h('p', {class: 'tl-head'}, ticketLink, ' · ', it.tenant, ' · ', h('time', {datetime: it.at}, formatDateTime(it.at))),
    h('p', {class: 'tl-what'}, what),
    excerpt ? h('p', {class: 'tl-excerpt'}, excerpt) : null);
}

/** A paginated timeline list with "load more" inside container. */
export function timelineBlock(citizenId, headingLevel = 'h2', limit = 10) {
  const list = h('ol', {class: 'timeline'});
  const status = h('p', {class: 'muted'}, t('common.loading'));
  const more = h('button', {type: 'button', class: 'btn btn-secondary', hidden: true}, t('agent.timeline.more'));
  let cursor = null;
  async function load() {
    more.disabled = true;
    try {
      // Department names for the routing entries (cached after the first time).
      await departments().catch(() => null);
      const r = await call('GET', `/api/v1/citizens/${citizenId}/timeline`, {query: {limit, cursor}});
      for (const it of r.items) list.appendChild(timelineItem(it));
      cursor = r.next_cursor;
      more.hidden = !cursor || r.items.length === 0;
      status.textContent = list.children.length ? '' : t('agent.timeline.empty');
      status.hidden = !!list.children.length;
    } catch (err) {
      status.hidden = false;
      status.textContent = errorText(err);
    } finally { more.disabled = false; }
  }
  more.addEventListener('click', load);
  load();
  const titleId = `tl-title-${citizenId}-${Math.random().toString(36).slice(2, 7)}`;
  return h('section', {class: 'timeline-block', 'aria-labelledby': titleId},
    h(headingLevel, {id: titleId}, t('agent.timeline.title')), status, list, more);
}

/** A small table of tickets (citizen profile, screen pop). */
export function ticketMiniTable(items, captionText) {
  if (!items.length) return h('p', {class: 'muted'}, t('agent.citizen.no_tickets'));
  return h('div', {class: 'table-wrap'}, h('table', {class: 'tickets mini'},
    h('caption', null, captionText),
    h('thead', null, h('tr', null,
      h('th', {scope: 'col'}, t('agent.col.reference')), h('th', {scope: 'col'}, t('agent.col.subject')),
      h('th', {scope: 'col'}, t('agent.col.status')), h('th', {scope: 'col'}, t('agent.col.updated')))),
    h('tbody', null, items.map((tk) => h('tr', null,
      h('td', null, h('a', {href: `#/ticket/${tk.id}`}, tk.reference)),
      h('td', {class: 'subject'}, tk.subject),
      h('td', null, statusBadge(tk.status)),
      h('td', null, formatDateTime(tk.updated_at)))))));
}

// ---- attachments (the ticket view's and the chat's composers) ------------

export const MAX_FILES = 5;
export const MAX_SIZE = 10 * 1024 * 1024;
export const ACCEPT = '.pdf,.jpg,.jpeg,.png,.txt,.odt,.ods,.docx,.xlsx,application/pdf,image/jpeg,image/png,text/plain,' +
  'application/vnd.oasis.opendocument.text,application/vnd.oasis.opendocument.spreadsheet,' +
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What is wrong with the chosen files before any upload, or ''. */
export function filesProblem(list) {
  if (list.length > MAX_FILES) return t('agent.compose.too_many_files', {n: MAX_FILES});
  const big = list.find((f) => f.size > MAX_SIZE);
  return big ? t('agent.compose.file_too_big', {name: big.name}) : '';
}

/**
 * Uploads files one by one and returns their tokens. On a failure it throws
 * an Error whose message names the file and says why, for the field error.
 */
export async function uploadFiles(list) {
  const tokens = [];
  for (const f of list) {
    try {
      const up = await call('POST', '/api/v1/uploads', {raw: f, contentType: f.type || 'application/octet-stream',
        headers: {'X-Filename': encodeURIComponent(f.name)}});
      tokens.push(up.upload_token);
    } catch (err) {
      throw new Error(err.status === 413 ? t('agent.compose.file_too_big', {name: f.name})
        : err.status === 415 ? t('agent.compose.file_type', {name: f.name})
          : `${f.name}: ${errorText(err)}`);
    }
  }
  return tokens;
}

export function identityList(idents) {
  if (!idents || !idents.length) return h('p', {class: 'muted'}, t('agent.citizen.no_identities'));
  return h('ul', {class: 'identities'}, idents.map((i) => h('li', null,
    h('span', {class: 'ident-kind'}, t(`agent.identity.${i.kind}`)), ' ', h('span', {class: 'ident-value'}, i.value),
    i.verified ? h('span', {class: 'muted'}, ` (${t('agent.identity.verified')})`) : null)));
}

/**
 * The citizen beside a ticket or a chat: name, identities, their other
 * tickets and the timeline across channels. Fills side (an aside) again on
 * each call, so it follows what just happened.
 */
export async function citizenPanel(side, citizen, currentTicketId) {
  const title = h('h2', {id: 'side-title'}, t('agent.ticket.citizen_panel'));
  const card = h('div', {class: 'side-card'}, h('p', null, h('a', {href: `#/citizen/${citizen.id}`, class: 'side-name'}, citizenName(citizen))));
  const others = h('section', {'aria-labelledby': 'side-other'}, h('h3', {id: 'side-other'}, t('agent.ticket.other_tickets')),
    h('p', {class: 'muted'}, t('common.loading')));
  side.replaceChildren(title, card, others, timelineBlock(citizen.id, 'h3', 10));
  try {
    const c = await call('GET', `/api/v1/citizens/${citizen.id}`);
    card.appendChild(identityList(c.identities));
    const rest = (c.recent_tickets || []).filter((x) => x.id !== currentTicketId).slice(0, 8);
    others.replaceChildren(h('h3', {id: 'side-other'}, t('agent.ticket.other_tickets')), ticketMiniTable(rest, t('agent.ticket.other_tickets')));
    const caption = others.querySelector('caption');
    if (caption) caption.classList.add('visually-hidden');
  } catch (err) {
    others.replaceChildren(h('h3', {id: 'side-other'}, t('agent.ticket.other_tickets')), h('p', {class: 'muted'}, errorText(err)));
  }
}

// ---- chats ------------------------------------------------------------------

/** A chat's citizen as people read it: the name, or "Anonymous citizen". */
export function chatCitizenName(chat) {
  return (chat && chat.citizen && chat.citizen.name) || t('agent.chat.anonymous');
}

/** How long since iso, for waiting times that tick: "45 s", "3 min 12 s", "1 h 5 min". */
export function elapsed(iso, now = Date.now()) {
  const secs = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  if (secs < 60) return t('agent.chat.dur_s', {s: secs});
  const m = Math.floor(secs / 60);
  if (m < 60) return t('agent.chat.dur_ms', {m, s: secs % 60});
  return t('agent.chat.dur_hm', {h: Math.floor(m / 60), m: m % 60});
}

/** Where a chat comes from: the administration's name and the department. */
export async function chatWhere(chat) {
  const name = await tenantName(chat.tenant);
  return chat.department ? `${name} · ${chat.department.name}` : name;
}

/** The chat's state as a badge with words, never colour alone. */
export function chatStatusBadge(chat) {
  return h('span', {class: `badge chat-status chat-${chat.status}`, dataset: {status: chat.status}}, t(`agent.chat.status.${chat.status}`));
}

/**
 * The text for a refused chat action: a 409 (chat_taken, chat_limit…) says
 * best in the server's own words; then any field messages.
 */
export function chatErrorText(err) {
  const own = err instanceof ApiError && err.status === 409 && err.message && !/^HTTP \d+$/.test(err.message);
  const extra = Object.values((err && err.fields) || {}).join(' ');
  return `${own ? err.message : errorText(err)} ${extra}`.trim();
}

export function endReasonText(reason) {
  return reason ? t(`agent.chat.end_reason.${reason}`) : t('agent.chat.end_reason.unknown');
}

export {announce};
