// The live chat inside the widget's frame (/chat/frame?key=…&lang=…, on
// ventanilla's origin, put on an administration's page by web/chat/widget.js).
// It starts a chat, or files the message as a request when nobody can take
// it; resumes it after a reload (sessionStorage); follows it live; and ends
// with the reference number and the follow-up link, so a citizen always
// leaves with a way to get the answer (docs/chat.md).
//
// The event stream is read with fetch(), not EventSource, so the access token
// travels in the Authorization header and never in a URL. The parent page is
// told only "close" and "unread N"; it says "open" when it shows the frame.

import {api} from '../common/api.js';
import {$, h, replace, announce, randomKey} from '../common/dom.js';
import {initI18n, t, getLang, formatDateTime} from '../common/i18n.js';
import {emailLooksValid} from '../portal/forms.js';
import {formatSize, errorText, alertBox, CATALOGUE_LANG} from '../portal/shell.js';
import {ACCEPT, MAX_BYTES, MAX_FILES} from '../portal/uploads.js';
import {kbSuggest} from '../common/suggest.js';

const POLL_MS = 10000;         // queue position and wait, while queued
const TYPING_EVERY_MS = 3000;  // at most one "typing" notice per 3 s
const TYPING_SHOW_MS = 6000;   // the agent's indicator goes without news
const RETRY_FIRST_MS = 1000;   // stream reconnection: 1 s, doubling…
const RETRY_MAX_MS = 10000;    // …up to 10 s
const DEFAULT_ZONE = 'Europe/Madrid';

const widgetKey = (new URL(location.href).searchParams.get('key') || '').trim();
const STORE = `vt_chat_${widgetKey}`;
const embedded = window.parent !== window;

let widget = null;      // GET /public/chat-widgets/{key}
let session = null;     // {reference, token, lastEventId}, mirrored in sessionStorage
let chat = null;        // the chat as last known (status, agent, position, …)
let statusVersion = -1; // the event id the shown status is as of
const shown = new Map();// message id -> its <li>
let outbox = [];        // own messages on screen before the server named them
let stream = null;      // {stopped, ctrl, session}
let pollTimer = 0;
let typingTimer = 0;
let lastTypingSent = 0;
let sending = false;
let sendKey = randomKey();
let lastSendSig = null;
let startKey = randomKey();
let lastStartSig = null;
let unread = 0;
let focused = document.hasFocus();
let startPicker = null;
let composerPicker = null;
let suggestions = null;  // knowledge-base articles below the first message

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const has = (obj, k) => Object.prototype.hasOwnProperty.call(obj, k);
const locale = () => (getLang() === 'es' ? 'es-ES' : 'en-GB');
const chatPath = (s = session) => `/api/v1/public/chats/${encodeURIComponent(s.reference)}`;

/** The administration's time zone, if the browser knows it. */
function zone() {
  const z = (widget && widget.timezone) || DEFAULT_ZONE;
  try {
    new Intl.DateTimeFormat('en', {timeZone: z});
    return z;
  } catch (e) {
    return DEFAULT_ZONE;
  }
}

function tenantName() {
  return (widget && widget.tenant && widget.tenant.name) || (chat && chat.tenant && chat.tenant.name) || '';
}

function agentName() {
  return (chat && chat.agent && chat.agent.name) || '';
}

/* ---- The parent page ------------------------------------------------------ */

// targetOrigin '*': the frame cannot know the host page's origin, and what it
// says (close, a number) is no secret.
function tellParent(event, extra) {
  if (embedded) window.parent.postMessage(Object.assign({type: 'vt-chat', event}, extra), '*');
}

function setUnread(n) {
  if (n === unread) return;
  unread = n;
  tellParent('unread', {count: n});
}

/* ---- sessionStorage: the chat survives a reload of the host page ----------- */

function loadSession() {
  try {
    const s = JSON.parse(sessionStorage.getItem(STORE) || 'null');
    if (s && typeof s.reference === 'string' && typeof s.token === 'string' && s.reference && s.token) {
      return {reference: s.reference, token: s.token, lastEventId: Number(s.lastEventId) || 0};
    }
  } catch (e) { /* storage off or damaged: start afresh */ }
  return null;
}

function saveSession() {
  try { sessionStorage.setItem(STORE, JSON.stringify(session)); } catch (e) { /* memory only */ }
}

function clearSession() {
  try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing to clear */ }
}

/* ---- Views ----------------------------------------------------------------- */

const VIEWS = ['view-loading', 'view-unavailable', 'view-start', 'view-chat'];

/** Shows one view; focus moves to focusEl only if the frame has the focus,
 * so a frame loading in the background never steals it. */
function showView(id, focusEl) {
  for (const v of VIEWS) $(`#${v}`).hidden = v !== id;
  updateLayout();
  if (focusEl && document.hasFocus()) focusEl.focus();
}

// While chatting the frame is a fixed-height app (the log scrolls, the
// composer stays in view); otherwise the page scrolls as a whole.
function updateLayout() {
  const live = !$('#view-chat').hidden && !(chat && chat.status === 'ended');
  document.body.classList.toggle('is-live', live);
}

/** Where focus goes when the frame is shown again and nothing in it has focus. */
function focusCurrentView() {
  if (!$('#view-chat').hidden) {
    (chat && chat.status === 'ended' ? $('#ended-title') : $('#m-body')).focus();
  } else if (!$('#view-start').hidden) {
    $('#start-title').focus();
  } else if (!$('#view-unavailable').hidden) {
    $('#unavailable-title').focus();
  } else {
    $('#main').focus();
  }
}

function showUnavailable(title, text, retry) {
  $('#unavailable-title').textContent = title || t('chat.unavailable.title');
  $('#unavailable-text').textContent = text || t('chat.unavailable.text');
  replace($('#unavailable-actions'), retry
    ? h('button', {type: 'button', class: 'btn', onclick: retry}, t('common.retry')) : null);
  showView('view-unavailable', $('#unavailable-title'));
}

function showLoadError(err, retry) {
  showUnavailable(t('chat.errors.load'), errorText(err), retry);
}

/* ---- Field errors: next to the field, tied with aria-describedby ---------- */

// File inputs are visually hidden behind their label: their error goes after the list.
const ERROR_AFTER = {'c-files': 'c-file-list', 'm-files': 'm-file-list'};

function describedBy(el) {
  return (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
}

function setDescribedBy(el, ids) {
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

function clearErrors(form) {
  for (const p of form.querySelectorAll('.field-error[data-for]')) {
    const input = document.getElementById(p.dataset.for);
    if (input) {
      input.removeAttribute('aria-invalid');
      setDescribedBy(input, describedBy(input).filter((x) => x !== p.id));
    }
    p.remove();
  }
}

/** pairs: [[inputId, message]] in page order; the first field gets the focus. */
function showErrors(pairs) {
  let first = null;
  for (const [id, text] of pairs) {
    const input = document.getElementById(id);
    if (!input) continue;
    const errId = `${id}-error`;
    const p = h('p', {class: 'field-error', id: errId, dataset: {for: id}}, text);
    (document.getElementById(ERROR_AFTER[id]) || input).insertAdjacentElement('afterend', p);
    input.setAttribute('aria-invalid', 'true');
    setDescribedBy(input, [...describedBy(input), errId]);
    if (!first) first = input;
  }
  if (first) first.focus();
}

/** Server field errors -> [[inputId, message]] in page order, plus the rest. */
function splitFields(fields, map) {
  const pairs = [];
  const rest = [];
  for (const [name, id] of Object.entries(map)) if (has(fields, name)) pairs.push([id, String(fields[name])]);
  for (const [name, msg] of Object.entries(fields)) if (!has(map, name)) rest.push(String(msg));
  return {pairs, rest};
}

function setBusy(btn, busy, text) {
  btn.setAttribute('aria-disabled', busy ? 'true' : 'false');
  if (text) btn.textContent = text;
}

const isBusy = (btn) => btn.getAttribute('aria-disabled') === 'true';

/* ---- Attachments ------------------------------------------------------------ */
// The portal's picker (web/portal/uploads.js) speaks the portal's catalogue;
// this is its small chat twin with the same rules (types, size, count).

const EXTENSIONS = ACCEPT.split(',');

function refusal(file, count) {
  const m = /\.[A-Za-z0-9]+$/.exec(file.name || '');
  if (!m || !EXTENSIONS.includes(m[0].toLowerCase())) return t('chat.files.bad_type');
  if (file.size === 0) return t('chat.files.empty');
  if (file.size > MAX_BYTES) return t('chat.files.too_big');
  if (count >= MAX_FILES) return t('chat.files.too_many', {n: MAX_FILES});
  return '';
}

/** Why an upload failed, as a clause ("… : {reason}."), without its full stop. */
function uploadError(err) {
  if (err.status === 413) return t('chat.files.too_big');
  if (err.status === 415) return t('chat.files.bad_content');
  const f = err.fields || {};
  const text = err.status === 0 || err.status >= 500 ? errorText(err)
    : String(f.file || f.filename || err.message || t('common.error_generic'));
  return text.replace(/[.。]\s*$/, '');
}

/** Wires a file input and its list; returns {tokens, names, busy, reset}. */
function filePicker(input, list) {
  input.setAttribute('accept', ACCEPT);
  let entries = []; // {file, state: 'uploading'|'done'|'refused'|'error', token, li, ctrl}

  const live = () => entries.filter((e) => e.state === 'uploading' || e.state === 'done');

  function remove(entry) {
    if (entry.ctrl) entry.ctrl.abort();
    entries = entries.filter((e) => e !== entry);
    entry.li.remove();
    announce(t('chat.files.removed', {name: entry.file.name}));
    input.focus();
  }

  function render(entry) {
    const state = h('span', {class: 'file-state'});
    const button = h('button', {type: 'button', class: 'btn btn-secondary btn-small',
      'aria-label': t('chat.files.remove_named', {name: entry.file.name}), onclick: () => remove(entry)},
    t('chat.files.remove'));
    entry.li = h('li', {class: 'file-item'},
      h('span', {class: 'file-name'}, entry.file.name),
      h('span', {class: 'file-size muted'}, ` (${formatSize(entry.file.size)})`),
      state, button);
    entry.setState = (s, text) => {
      entry.state = s;
      entry.li.className = `file-item file-${s}`;
      state.textContent = text;
    };
    list.appendChild(entry.li);
  }

  async function upload(entry) {
    entry.ctrl = new AbortController();
    try {
      const data = await api('POST', '/api/v1/public/uploads', {
        raw: entry.file, contentType: entry.file.type || 'application/octet-stream',
        headers: {'X-Filename': encodeURIComponent(entry.file.name)}, signal: entry.ctrl.signal});
      entry.token = data.upload_token;
      entry.setState('done', t('chat.files.done'));
      announce(t('chat.files.done_named', {name: entry.file.name}));
    } catch (err) {
      if (err.name === 'AbortError') return;
      const why = uploadError(err);
      entry.setState('error', t('chat.files.failed', {reason: why}));
      announce(t('chat.files.refused_named', {name: entry.file.name, reason: why}));
    } finally {
      entry.ctrl = null;
    }
  }

  input.addEventListener('change', () => {
    const files = Array.from(input.files || []);
    input.value = '';
    for (const file of files) {
      const entry = {file, state: 'new', token: null};
      const why = refusal(file, live().length);
      entries.push(entry);
      render(entry);
      if (why) {
        entry.setState('refused', t('chat.files.refused', {reason: why}));
        announce(t('chat.files.refused_named', {name: file.name, reason: why}));
      } else {
        entry.setState('uploading', t('chat.files.uploading'));
        upload(entry);
      }
    }
  });

  return {
    tokens: () => entries.filter((e) => e.state === 'done').map((e) => e.token),
    names: () => entries.filter((e) => e.state === 'done').map((e) => e.file.name),
    busy: () => entries.some((e) => e.state === 'uploading'),
    reset: () => {
      for (const e of entries) if (e.ctrl) e.ctrl.abort();
      entries = [];
      replace(list);
    },
  };
}

/* ---- The widget and the start form ------------------------------------------ */

async function loadWidget() {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(widgetKey)) {
    showUnavailable();
    return false;
  }
  try {
    widget = await api('GET', `/api/v1/public/chat-widgets/${encodeURIComponent(widgetKey)}`);
  } catch (err) {
    if (err.status === 404) showUnavailable();
    else showLoadError(err, boot);
    return false;
  }
  const name = tenantName();
  const dept = widget.department && widget.department.name;
  $('#chat-tenant').textContent = dept ? `${name} · ${dept}` : name;
  if (name) document.title = t('chat.title_named', {name});
  return true;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES = {
  mon: () => t('chat.days.mon'), tue: () => t('chat.days.tue'), wed: () => t('chat.days.wed'),
  thu: () => t('chat.days.thu'), fri: () => t('chat.days.fri'), sat: () => t('chat.days.sat'),
  sun: () => t('chat.days.sun'),
};

/** "de 09:00 a 14:00, de 16:00 a 19:00" (screen readers stumble on "09:00-14:00"). */
function rangesText(spec) {
  return String(spec).split(',').map((r) => {
    const m = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(r);
    return m ? t('chat.hours.range', {from: m[1], to: m[2]}) : r.trim();
  }).join(', ');
}

function zoneLabel() {
  try {
    const part = new Intl.DateTimeFormat(locale(), {timeZone: zone(), timeZoneName: 'long'})
      .formatToParts(new Date()).find((p) => p.type === 'timeZoneName');
    return part ? part.value : '';
  } catch (e) {
    return '';
  }
}

function hoursList(hours) {
  if (!hours || typeof hours !== 'object') return null;
  const z = zoneLabel();
  return h('div', {class: 'chat-hours'},
    h('p', {class: 'chat-hours-title'}, z ? t('chat.hours.title_zone', {zone: z}) : t('chat.hours.title')),
    h('dl', {class: 'chat-hours-list'}, DAYS.map((d) => [
      h('dt', {}, DAY_NAMES[d]()),
      h('dd', {}, hours[d] ? rangesText(hours[d]) : t('chat.hours.closed')),
    ])));
}

const offline = () => !widget.open || !widget.agents_available;

// Official document formats the catalogue names; any other shows as is.
const FORMATS = ['pdf', 'html', 'sede', 'doc', 'docx', 'odt'];

function formatName(fmt) {
  const f = String(fmt || '').toLowerCase();
  if (!f) return '';
  return FORMATS.includes(f) ? t(`chat.format.${f}`) : f.toUpperCase();
}

/** Knowledge-base articles that may answer the first message, below it:
 * "answers before asking" (web/common/suggest.js). */
function suggestArticles() {
  return kbSuggest({
    region: $('#kb-suggest'),
    inputs: [$('#c-body')],
    tenant: () => (widget && widget.tenant && widget.tenant.code) || '',
    text: () => $('#c-body').value,
    channel: 'chat',
    level: 3,
    texts: {
      heading: t('chat.kb.heading'),
      intro: t('chat.kb.intro'),
      count: (n) => (n === 1 ? t('chat.kb.count_one') : t('chat.kb.count_other', {n})),
      documents: t('chat.kb.documents'),
      newTab: t('chat.kb.new_tab'),
      readMore: t('chat.kb.read_more'),
      readLess: t('chat.kb.read_less'),
      loading: t('chat.kb.loading'),
      articleError: t('chat.kb.article_error'),
      helped: t('chat.kb.helped'),
      helpedDone: t('chat.kb.helped_done'),
      helpedError: t('chat.kb.helped_error'),
      format: formatName,
    },
  });
}

function showStart(notice) {
  const parts = [];
  if (notice) parts.push(alertBox('warn', notice));
  if (offline()) {
    parts.push(h('div', {class: 'alert alert-warn', id: 'start-offline'},
      h('p', {class: 'alert-text'}, widget.open ? t('chat.start.busy_notice') : t('chat.start.closed_notice')),
      widget.open ? null : hoursList(widget.hours)));
  } else {
    parts.push(h('p', {class: 'chat-intro'}, t('chat.start.intro')));
  }
  replace($('#start-notice'), parts);
  $('#start-submit').textContent = offline() ? t('chat.start.submit_offline') : t('chat.start.submit');
  if (suggestions) suggestions.clear();
  else suggestions = suggestArticles();
  suggestions.schedule(); // a message still in the box gets its suggestions
  showView('view-start', $('#start-title'));
}

const START_FIELDS = {name: 'c-name', email: 'c-email', phone: 'c-phone', body: 'c-body', attachments: 'c-files'};

function startAlert(text) {
  replace($('#start-alert'), text ? alertBox('error', text) : null);
}

async function onStart(e) {
  e.preventDefault();
  const form = $('#start-form');
  const button = $('#start-submit');
  if (isBusy(button)) return;
  clearErrors(form);
  startAlert('');
  const value = (id) => $(`#${id}`).value.trim();
  const text = value('c-body');
  const email = value('c-email');
  const errs = [];
  if (email && !emailLooksValid(email)) errs.push(['c-email', t('chat.errors.email_format')]);
  if (!text) errs.push(['c-body', t('chat.errors.body_required')]);
  if (startPicker.busy()) errs.push(['c-files', t('chat.errors.uploads_busy')]);
  if (errs.length) return showErrors(errs);

  const body = {key: widgetKey};
  for (const [field, id] of [['name', 'c-name'], ['email', 'c-email'], ['phone', 'c-phone']]) {
    if (value(id)) body[field] = value(id);
  }
  body.body = text;
  const tokens = startPicker.tokens();
  if (tokens.length) body.attachments = tokens;
  // One key per attempt: a retry of the same form never starts two chats.
  const sig = JSON.stringify(body);
  if (lastStartSig !== null && lastStartSig !== sig) startKey = randomKey();
  lastStartSig = sig;

  const label = button.textContent;
  setBusy(button, true, t('chat.start.sending'));
  let res;
  try {
    res = await api('POST', '/api/v1/public/chats', {body, idempotencyKey: startKey});
  } catch (err) {
    if (err.status === 422 && Object.keys(err.fields).length) {
      // Refused, so nothing was started: the corrected form is a new attempt.
      startKey = randomKey();
      lastStartSig = null;
      const {pairs, rest} = splitFields(err.fields, START_FIELDS);
      if (rest.length || !pairs.length) startAlert(rest.join(' ') || errorText(err));
      showErrors(pairs);
    } else if (err.status === 404) {
      showUnavailable();
    } else if (err.code === 'idempotency_conflict') {
      startKey = randomKey();
      lastStartSig = null;
      startAlert(t('chat.errors.conflict_retry'));
    } else {
      startAlert(errorText(err));
    }
    return;
  } finally {
    setBusy(button, false, label);
  }
  form.reset();
  startPicker.reset();
  if (suggestions) suggestions.clear();
  startKey = randomKey();
  lastStartSig = null;
  session = {reference: res.reference, token: res.access_token, lastEventId: 0};
  saveSession();
  await openChat();
}

/* ---- The chat: state ---------------------------------------------------------- */

function resetChat() {
  $('#chat-survey-line').hidden = true;
  shown.clear();
  outbox = [];
  chat = null;
  statusVersion = -1;
  sendKey = randomKey();
  lastSendSig = null;
  replace($('#chat-messages'));
  replace($('#chat-alert'));
  replace($('#m-error'));
  replace($('#t-result'));
  $('#m-retry').hidden = true;
  $('#m-body').value = '';
  clearErrors($('#transcript-form'));
  composerPicker.reset();
  hideTyping();
}

async function openChat() {
  stopChat();
  resetChat();
  showView('view-loading');
  if (!(await refreshChat({initial: true}))) return;
  const ended = chat.status === 'ended';
  showView('view-chat', ended ? $('#ended-title') : $('#m-body'));
  const log = $('#chat-log');
  log.scrollTop = log.scrollHeight;
  announce(ended ? endReasonText() : statusText());
  startStream();
}

/** GET the chat: merges messages, updates the status. False if not shown. */
async function refreshChat({initial = false} = {}) {
  const s = session;
  let data;
  try {
    data = await api('GET', chatPath(s), {token: s.token});
  } catch (err) {
    if (session !== s) return false;
    if (err.status === 401 || err.status === 404) forgetChat();
    else if (initial) showLoadError(err, openChat);
    return false;
  }
  if (session !== s) return false; // the citizen started over meanwhile
  const version = Number(data.last_event_id) || 0;
  if (initial) {
    // The stream goes on from what this answer already holds.
    s.lastEventId = version;
    saveSession();
  }
  const messages = (Array.isArray(data.messages) ? data.messages : []).slice().sort(byTime);
  for (const m of messages) receiveMessage(m, {live: !initial});
  applyStatus(data, version, {initial});
  return true;
}

const STATUS_FIELDS = ['reference', 'tenant', 'status', 'end_reason', 'agent', 'position',
  'expected_wait_seconds', 'follow_url'];

/**
 * Applies a chat status as of event id `version`: from the GET (its
 * last_event_id) or from a `chat` event (its id). An older status than the
 * one shown is ignored, so a slow poll never undoes what the stream said.
 */
function applyStatus(s, version, {initial = false} = {}) {
  if (!s || typeof s !== 'object') return;
  if (version < statusVersion) {
    // Only the queue figures (which the stream does not carry) are news.
    if (chat && chat.status === 'queued' && s.status === 'queued') {
      chat.position = s.position;
      chat.expected_wait_seconds = s.expected_wait_seconds;
      $('#chat-status').textContent = statusText();
    }
    return;
  }
  statusVersion = version;
  const before = chat ? {status: chat.status, agent: agentName(), position: chat.position} : null;
  chat = Object.assign({}, chat);
  for (const k of STATUS_FIELDS) if (has(s, k)) chat[k] = s[k];
  renderStatus(initial ? null : before);
}

function statusText() {
  if (!chat) return '';
  if (chat.status === 'active') {
    const name = agentName();
    return name ? t('chat.status.active', {name}) : t('chat.status.active_unnamed');
  }
  if (chat.status === 'ended') {
    const asRequest = chat.end_reason === 'closed' || chat.end_reason === 'no_agents';
    return asRequest ? t('chat.status.request') : t('chat.status.ended');
  }
  const parts = [];
  const n = chat.position;
  if (n === 1) parts.push(t('chat.status.queue_next'));
  else if (typeof n === 'number' && n > 1) parts.push(t('chat.status.queue_position', {n}));
  else parts.push(t('chat.status.queued'));
  const secs = chat.expected_wait_seconds;
  if (typeof secs === 'number' && secs >= 0) {
    parts.push(secs < 90 ? t('chat.status.wait_one') : t('chat.status.wait_minutes', {m: Math.round(secs / 60)}));
  }
  return parts.join(' ');
}

const END_REASONS = {
  resolved: () => t('chat.ended.reason_resolved'),
  ticket: () => t('chat.ended.reason_ticket'),
  citizen_left: () => t('chat.ended.reason_citizen_left'),
  timeout: () => t('chat.ended.reason_timeout'),
  closed: () => t('chat.ended.reason_closed'),
  no_agents: () => t('chat.ended.reason_no_agents'),
};

function endReasonText() {
  const r = chat && chat.end_reason;
  return r && has(END_REASONS, r) ? END_REASONS[r]() : t('chat.ended.reason_other');
}

/** A same-origin path from the server's follow_url, or '' if it is anything else. */
function safeFollowUrl(u) {
  if (typeof u !== 'string' || !u) return '';
  try {
    const url = new URL(u, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : '';
  } catch (e) {
    return '';
  }
}

/** Draws the status (line, buttons, ended panel); before: the previous one,
 * null on the first drawing (nothing to announce then). */
function renderStatus(before) {
  const st = chat.status;
  const ended = st === 'ended';
  const focusInside = $('#chat-composer').contains(document.activeElement) ||
    $('.chat-actions').contains(document.activeElement);
  $('#chat-status').textContent = statusText();
  $('#chat-ref-small').textContent = chat.reference || session.reference;
  $('#chat-leave').hidden = st !== 'queued';
  $('#chat-end').hidden = st !== 'active';
  $('#chat-composer').hidden = ended;
  $('#chat-ended').hidden = !ended;
  if (ended) renderEnded();
  updateLayout();
  schedulePoll();
  if (!before) return;
  if (before.status !== st) {
    if (ended) {
      hideTyping();
      announce(endReasonText());
      if (focusInside) $('#ended-title').focus();
    } else {
      announce(statusText());
      if (st === 'queued') refreshChat(); // back in a queue: its position is news
    }
  } else if ((st === 'active' && before.agent !== agentName()) ||
             (st === 'queued' && before.position !== chat.position)) {
    announce(statusText());
  }
}

function renderEnded() {
  const asRequest = chat.end_reason === 'closed' || chat.end_reason === 'no_agents';
  $('#ended-title').textContent = asRequest ? t('chat.ended.title_request') : t('chat.ended.title');
  $('#ended-reason').textContent = endReasonText();
  $('#chat-reference').textContent = chat.reference || session.reference;
  const url = safeFollowUrl(chat.follow_url);
  $('#chat-follow-line').hidden = !url;
  if (url) $('#chat-follow').setAttribute('href', url);
  offerSurvey();
}

/* Ended as resolved: the ticket's satisfaction survey, if it has one not
 * yet answered, opens on the portal with this chat's own access token. */
let surveyChecked = '';
async function offerSurvey() {
  const s = session;
  if (!s || !chat || chat.end_reason !== 'resolved' || surveyChecked === s.reference) return;
  surveyChecked = s.reference;
  try {
    const survey = await api('GET', `/api/v1/public/requests/${encodeURIComponent(s.reference)}/survey`,
      {token: s.token});
    if (survey.answered || session !== s) return;
    $('#chat-survey').setAttribute('href',
      `/encuesta#ref=${encodeURIComponent(s.reference)}&token=${encodeURIComponent(s.token)}`);
    $('#chat-survey-line').hidden = false;
  } catch (err) {
    /* none for this chat */
  }
}

function schedulePoll() {
  clearTimeout(pollTimer);
  pollTimer = 0;
  if (!session || !chat || chat.status !== 'queued') return;
  pollTimer = setTimeout(async () => {
    pollTimer = 0;
    await refreshChat();
    schedulePoll();
  }, POLL_MS);
}

/* ---- The chat: messages ----------------------------------------------------------- */

function byTime(a, b) {
  if (a.created_at < b.created_at) return -1;
  if (a.created_at > b.created_at) return 1;
  return Number(a.id) - Number(b.id);
}

function sameDay(a, b) {
  const day = new Intl.DateTimeFormat('en-CA', {timeZone: zone(), year: 'numeric', month: '2-digit', day: '2-digit'});
  return day.format(a) === day.format(b);
}

/** "10:42" today, date and time on another day. */
function formatWhen(iso) {
  const d = new Date(iso || '');
  if (Number.isNaN(d.getTime())) return '';
  if (!sameDay(d, new Date())) return formatDateTime(iso, zone());
  return new Intl.DateTimeFormat(locale(), {timeStyle: 'short', timeZone: zone()}).format(d);
}

const timeEl = (iso) => h('time', {datetime: iso}, formatWhen(iso));

async function download(att, button, errorSlot) {
  replace(errorSlot);
  button.setAttribute('aria-busy', 'true');
  try {
    // The token goes in a header, so a plain link cannot do: fetch, then a blob URL.
    const res = await fetch(`/api/v1/public/requests/${encodeURIComponent(session.reference)}/attachments/${encodeURIComponent(att.id)}`, {
      headers: {'Authorization': `Bearer ${session.token}`, 'Accept-Language': document.documentElement.lang || 'es'},
      credentials: 'omit',
    });
    if (!res.ok) throw new Error(String(res.status));
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', {href: url, download: att.filename || 'documento', class: 'visually-hidden', tabindex: '-1'});
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    announce(t('chat.log.downloaded', {name: att.filename}));
  } catch (err) {
    replace(errorSlot, t('chat.log.download_failed', {name: att.filename}));
  } finally {
    button.removeAttribute('aria-busy');
  }
}

function attachmentList(atts) {
  if (!Array.isArray(atts) || !atts.length) return null;
  return h('ul', {class: 'chat-msg-atts', 'aria-label': t('common.attachments')}, atts.map((att) => {
    const errorSlot = h('span', {class: 'field-error', role: 'status'});
    const button = h('button', {type: 'button', class: 'link-button chat-att',
      'aria-label': t('common.download', {name: att.filename})}, att.filename);
    button.addEventListener('click', () => download(att, button, errorSlot));
    return h('li', {}, button, h('span', {class: 'muted'}, ` (${formatSize(att.size || 0)})`), ' ', errorSlot);
  }));
}

/** A message of the log. pending: shown before the server has it (files: names). */
function messageItem(m, pending = false) {
  const mine = m.direction === 'in';
  const byTenant = !mine && !m.author;
  const who = mine ? t('chat.log.you') : (m.author || tenantName() || t('chat.log.agent'));
  const cls = `chat-msg ${mine ? 'chat-msg-citizen' : 'chat-msg-agent'}${pending ? ' chat-msg-sending' : ''}`;
  return h('li', {class: cls, dataset: pending ? {} : {id: m.id}},
    h('p', {class: 'chat-msg-meta'},
      h('span', {class: 'chat-msg-who', lang: byTenant && tenantName() ? CATALOGUE_LANG : null}, who),
      h('span', {class: 'visually-hidden'}, ', '),
      h('span', {class: 'chat-msg-sep', 'aria-hidden': 'true'}, ' · '),
      h('span', {class: 'chat-msg-when'}, pending ? t('chat.log.sending') : timeEl(m.created_at))),
    h('p', {class: 'chat-msg-body'}, m.body || ''),
    pending ? (m.files.length ? h('ul', {class: 'chat-msg-atts', 'aria-label': t('common.attachments')},
      m.files.map((name) => h('li', {}, name))) : null) : attachmentList(m.attachments));
}

function appendToLog(li) {
  const log = $('#chat-log');
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  $('#chat-messages').appendChild(li);
  if (atBottom || li.classList.contains('chat-msg-citizen')) log.scrollTop = log.scrollHeight;
}

/** A pending message of ours gets the server's id, time and files, in place
 * (replacing it would make screen readers read it twice). */
function settle(entry, m) {
  outbox = outbox.filter((o) => o !== entry);
  entry.id = String(m.id);
  shown.set(entry.id, entry.li);
  entry.li.dataset.id = entry.id;
  entry.li.classList.remove('chat-msg-sending');
  replace(entry.li.querySelector('.chat-msg-when'), timeEl(m.created_at));
  const old = entry.li.querySelector('.chat-msg-atts');
  if (old) old.remove();
  const atts = attachmentList(m.attachments);
  if (atts) entry.li.appendChild(atts);
}

/** Shows a message unless its id is already there. live: it arrived now
 * (not in the first load), so it counts as unread while the frame is away. */
function receiveMessage(m, {live}) {
  if (!m || typeof m !== 'object' || m.id === undefined || m.id === null) return;
  const id = String(m.id);
  if (shown.has(id)) return;
  if (m.direction === 'in') {
    // Our own message back from the stream before the POST answered.
    const mine = outbox.find((o) => o.body === String(m.body || '').trim());
    if (mine) return settle(mine, m);
  }
  const li = messageItem(m);
  shown.set(id, li);
  appendToLog(li);
  if (m.direction !== 'in') {
    hideTyping();
    if (live && !focused) setUnread(unread + 1);
  }
}

/* ---- The chat: typing --------------------------------------------------------- */

function showTyping() {
  if (chat && chat.status === 'ended') return;
  const name = agentName();
  const el = $('#chat-typing');
  el.textContent = name ? t('chat.typing.named', {name}) : t('chat.typing.someone');
  el.hidden = false;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(hideTyping, TYPING_SHOW_MS);
}

function hideTyping() {
  clearTimeout(typingTimer);
  $('#chat-typing').hidden = true;
}

function onComposerInput() {
  if (!session || !chat || chat.status !== 'active' || !$('#m-body').value.trim()) return;
  const now = Date.now();
  if (now - lastTypingSent < TYPING_EVERY_MS) return;
  lastTypingSent = now;
  api('POST', `${chatPath()}/typing`, {body: {}, token: session.token})
    .catch(() => { /* a lost notice is harmless */ });
}

function onComposerKey(e) {
  if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.isComposing) return;
  e.preventDefault();
  sendMessage();
}

/* ---- The chat: sending ---------------------------------------------------------- */

function showSendError(text, canRetry) {
  const input = $('#m-body');
  replace($('#m-error'), text ? h('p', {class: 'field-error', id: 'm-error-text'}, text) : null);
  setDescribedBy(input, [...describedBy(input).filter((x) => x !== 'm-error-text'), ...(text ? ['m-error-text'] : [])]);
  $('#m-retry').hidden = !canRetry;
}

async function sendMessage() {
  if (sending || !session || !chat || chat.status === 'ended') return;
  const input = $('#m-body');
  const text = input.value.trim();
  if (composerPicker.busy()) return showSendError(t('chat.errors.uploads_busy'), false);
  if (!text) {
    showSendError(t('chat.composer.required'), false);
    return input.focus();
  }
  // The retry button is about to go: keep the focus in the composer.
  if (document.activeElement === $('#m-retry')) input.focus();
  showSendError('', false);
  const body = {body: text};
  const tokens = composerPicker.tokens();
  if (tokens.length) body.attachments = tokens;
  // The same text sent again (a retry) keeps its key: never sent twice.
  const sig = JSON.stringify(body);
  if (lastSendSig !== null && lastSendSig !== sig) sendKey = randomKey();
  lastSendSig = sig;

  const entry = {body: text, id: null,
    li: messageItem({direction: 'in', body: text, files: composerPicker.names()}, true)};
  outbox.push(entry);
  appendToLog(entry.li);
  input.value = '';
  sending = true;
  setBusy($('#m-send'), true);
  const s = session;
  let res;
  try {
    res = await api('POST', `${chatPath(s)}/messages`, {body, token: s.token, idempotencyKey: sendKey});
  } catch (err) {
    if (session !== s) return;
    // Back to the composer, ahead of anything typed meanwhile.
    outbox = outbox.filter((o) => o !== entry);
    entry.li.remove();
    input.value = input.value.trim() ? `${text}\n${input.value}` : text;
    if (err.code === 'idempotency_conflict' || err.status === 422) {
      sendKey = randomKey(); // nothing was sent: the next try is a new attempt
      lastSendSig = null;
    }
    const fieldMsg = Object.values(err.fields || {})[0];
    showSendError(t('chat.composer.failed', {reason: fieldMsg ? String(fieldMsg) : errorText(err)}),
      !(err.status === 409 || err.status === 422));
    if (err.status === 409) refreshChat();
    return;
  } finally {
    sending = false;
    setBusy($('#m-send'), false);
  }
  if (session !== s) return;
  composerPicker.reset();
  sendKey = randomKey();
  lastSendSig = null;
  const m = res && typeof res.message === 'object' && res.message ? res.message : res;
  if (entry.id) return; // the stream brought it first
  if (m && m.id !== undefined && m.id !== null) {
    if (shown.has(String(m.id))) {
      outbox = outbox.filter((o) => o !== entry);
      entry.li.remove();
    } else {
      settle(entry, m);
    }
  } else {
    // No id in the answer: the stream will name it; until then, "sent".
    entry.li.classList.remove('chat-msg-sending');
    replace(entry.li.querySelector('.chat-msg-when'), t('chat.log.sent'));
  }
}

async function endChat(button) {
  if (isBusy(button) || !session) return;
  setBusy(button, true);
  replace($('#chat-alert'));
  const s = session;
  try {
    const res = await api('POST', `${chatPath(s)}/end`, {body: {}, token: s.token});
    if (session !== s) return;
    if (res && res.status === 'ended') applyStatus(res, statusVersion);
    else await refreshChat();
  } catch (err) {
    if (session !== s) return;
    if (err.status === 409) await refreshChat(); // it had ended already
    else replace($('#chat-alert'), alertBox('error', t('chat.actions.failed', {reason: errorText(err)})));
  } finally {
    setBusy(button, false);
  }
}

/* ---- The chat: transcript and starting over ----------------------------------- */

async function onTranscript(e) {
  e.preventDefault();
  const form = $('#transcript-form');
  const button = $('#t-send');
  if (isBusy(button) || !session) return;
  clearErrors(form);
  replace($('#t-result'));
  const email = $('#t-email').value.trim();
  if (!email) return showErrors([['t-email', t('chat.transcript.required')]]);
  if (!emailLooksValid(email)) return showErrors([['t-email', t('chat.errors.email_format')]]);
  setBusy(button, true);
  try {
    await api('POST', `${chatPath()}/transcript`, {body: {email}, token: session.token});
    replace($('#t-result'), h('p', {class: 'chat-ok'}, t('chat.transcript.sent', {email})));
  } catch (err) {
    if (err.fields && err.fields.email) showErrors([['t-email', String(err.fields.email)]]);
    else replace($('#t-result'), h('p', {class: 'field-error'}, errorText(err)));
  } finally {
    setBusy(button, false);
  }
}

function stopChat() {
  stopStream();
  clearTimeout(pollTimer);
  pollTimer = 0;
  hideTyping();
}

function startOver(notice) {
  stopChat();
  clearSession();
  session = null;
  resetChat();
  setUnread(0);
  showStart(notice);
}

/** The stored chat is gone (unknown reference, token refused). */
function forgetChat() {
  startOver(t('chat.start.previous_gone'));
}

/* ---- The live stream ------------------------------------------------------------ */

/**
 * A Server-Sent Events parser (the parts of the WHATWG rules that matter
 * here): push() text as it comes; onEvent({id, type, data}) runs for each
 * event. Comments (":…", the heartbeats) are skipped; "retry:" is ignored,
 * the reconnection rules are ours.
 */
function sseParser(onEvent) {
  let buf = '';
  let data = [];
  let type = '';
  let id = null;

  function line(l) {
    if (l === '') {
      if (data.length || id !== null) onEvent({id, type: type || 'message', data: data.join('\n')});
      data = [];
      type = '';
      id = null;
      return;
    }
    if (l[0] === ':') return;
    const i = l.indexOf(':');
    const field = i < 0 ? l : l.slice(0, i);
    let value = i < 0 ? '' : l.slice(i + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') type = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
  }

  return {
    push(text) {
      buf += text;
      for (;;) {
        const m = /\r\n|\r|\n/.exec(buf);
        if (!m) return;
        // A lone \r at the end may be half of a \r\n split across chunks.
        if (m[0] === '\r' && m.index === buf.length - 1) return;
        line(buf.slice(0, m.index));
        buf = buf.slice(m.index + m[0].length);
      }
    },
  };
}

function setConnected(ok) {
  $('#chat-connection').textContent = ok ? '' : t('chat.connection.reconnecting');
}

function startStream() {
  stopStream();
  stream = {stopped: false, ctrl: null, session};
  runStream(stream);
}

function stopStream() {
  if (!stream) return;
  stream.stopped = true;
  if (stream.ctrl) stream.ctrl.abort();
  stream = null;
  setConnected(true);
}

/** Reads the stream until stopped; after a drop, reconnects (1 s, then
 * doubling up to 10 s) with Last-Event-ID so nothing is lost. Keeps going
 * after the chat ends: an agent may still answer. */
async function runStream(me) {
  let delay = RETRY_FIRST_MS;
  while (!me.stopped) {
    me.ctrl = new AbortController();
    let opened = false;
    try {
      const res = await fetch(`${chatPath(me.session)}/events`, {
        headers: {
          'Accept': 'text/event-stream',
          'Accept-Language': document.documentElement.lang || 'es',
          'Authorization': `Bearer ${me.session.token}`,
          'Last-Event-ID': String(me.session.lastEventId || 0),
        },
        credentials: 'omit', cache: 'no-store', signal: me.ctrl.signal,
      });
      if (res.status === 401 || res.status === 404) {
        // The chat or its token is gone. An ended chat keeps its panel (the
        // reference and the link still matter); a live one starts over.
        if (!me.stopped && !(chat && chat.status === 'ended')) forgetChat();
        return;
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
      opened = true;
      setConnected(true);
      await readStream(res.body, me);
    } catch (err) { /* a dropped connection or a restarting server: again below */ }
    if (me.stopped) return;
    setConnected(false);
    if (opened) delay = RETRY_FIRST_MS;
    await sleep(delay);
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  }
}

async function readStream(body, me) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = sseParser((ev) => { if (!me.stopped) onStreamEvent(ev, me); });
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done || me.stopped) return;
      parser.push(decoder.decode(value, {stream: true}));
    }
  } finally {
    reader.cancel().catch(() => { /* already closed */ });
  }
}

function onStreamEvent(ev, me) {
  const version = ev.id !== null && ev.id !== '' ? Number(ev.id) : NaN;
  let data = null;
  try { data = ev.data ? JSON.parse(ev.data) : null; } catch (e) { data = null; }
  if (data && typeof data === 'object') {
    if (ev.type === 'message') receiveMessage(data.message, {live: true});
    else if (ev.type === 'typing' && data.who === 'agent') showTyping();
    else if (ev.type === 'chat') applyStatus(data, Number.isFinite(version) ? version : statusVersion);
  }
  if (ev.id !== null) {
    me.session.lastEventId = Number.isFinite(version) ? version : ev.id;
    if (session === me.session) saveSession();
  }
}

/* ---- Start --------------------------------------------------------------------- */

async function boot() {
  showView('view-loading');
  if (!(await loadWidget())) return;
  session = loadSession();
  if (session) await openChat();
  else showStart();
}

function wire() {
  const close = $('#chat-close');
  close.hidden = !embedded;
  close.addEventListener('click', () => tellParent('close'));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !e.defaultPrevented && !e.isComposing) tellParent('close');
  });
  window.addEventListener('pagehide', stopChat);
  window.addEventListener('pageshow', (e) => {
    if (e.persisted && session && chat) {
      startStream();
      schedulePoll();
    }
  });

  startPicker = filePicker($('#c-files'), $('#c-file-list'));
  composerPicker = filePicker($('#m-files'), $('#m-file-list'));
  $('#start-form').addEventListener('submit', onStart);
  $('#chat-composer').addEventListener('submit', (e) => {
    e.preventDefault();
    sendMessage();
  });
  $('#m-retry').addEventListener('click', sendMessage);
  const body = $('#m-body');
  body.addEventListener('keydown', onComposerKey);
  body.addEventListener('input', onComposerInput);
  $('#chat-leave').addEventListener('click', (e) => endChat(e.currentTarget));
  $('#chat-end').addEventListener('click', (e) => endChat(e.currentTarget));
  $('#transcript-form').addEventListener('submit', onTranscript);
  $('#chat-new').addEventListener('click', () => startOver());
}

/** What must listen from the first moment, before the catalogue has loaded. */
function listenEarly() {
  // The loader says "open" when it shows the frame: focus goes to the view
  // unless the citizen already is somewhere in it.
  window.addEventListener('message', (e) => {
    if (!embedded || e.source !== window.parent) return;
    const d = e.data;
    if (d && d.type === 'vt-chat' && d.event === 'open' &&
        (!document.activeElement || document.activeElement === document.body)) focusCurrentView();
  });
  window.addEventListener('focus', () => {
    focused = true;
    setUnread(0);
  });
  window.addEventListener('blur', () => { focused = false; });
}

async function main() {
  listenEarly();
  await initI18n(['chat']);
  wire();
  await boot();
}

main().catch((err) => {
  console.error(err);
  showUnavailable(t('chat.errors.load'), t('common.error_generic'), () => location.reload());
});
