// "My request": opened with /seguimiento#ref=…&token=… (the receipt's link)
// or through the small form. Shows the status, the conversation (with
// downloadable attachments) and a reply box; refreshes every 20 s while the
// page is visible and announces new replies.

import {api} from '../common/api.js';
import {$, h, replace, randomKey, announce} from '../common/dom.js';
import {t, formatDateTime} from '../common/i18n.js';
import {initPage, loadTenants, loadServices, errorText, alertBox, formatSize, portalUrl,
  CATALOGUE_LANG} from './shell.js';
import {errorReporter} from './forms.js';
import {attachmentPicker} from './uploads.js';
import {renderSurvey} from './survey.js';

const REFRESH_MS = 20000;
const REF_RE = /^[A-Z0-9_-]{1,15}-\d{4}-\d{6,}$/;

let ref = '';
let token = '';
let current = null;       // the last request object shown
let shownIds = new Set(); // message ids in the list
let lastLoad = 0;
let loading = false;
let replyKey = randomKey();
let lastReplyBody = null;
let picker = null;
let tenantNames = {};

function readFragment() {
  const p = new URLSearchParams(location.hash.slice(1));
  return {ref: (p.get('ref') || '').trim().toUpperCase(), token: (p.get('token') || '').trim()};
}

function path() {
  return `/api/v1/public/requests/${encodeURIComponent(ref)}`;
}

/* ---- Lookup form ----------------------------------------------------------- */

const lookupReporter = () => errorReporter($('#lookup-summary'), {ref: 'l-ref', token: 'l-token'});

function showLookup(message) {
  $('#request').hidden = true;
  $('#loading').hidden = true;
  $('#lookup').hidden = false;
  document.title = t('portal.track.title');
  if (ref) $('#l-ref').value = ref;
  if (message) lookupReporter().show([], [message]);
}

async function onLookup(e) {
  e.preventDefault();
  const reporter = lookupReporter();
  const r = $('#l-ref').value.trim().toUpperCase().replace(/\s+/g, '');
  const tk = $('#l-token').value.trim();
  const errs = [];
  if (!r) errs.push(['ref', t('portal.track.ref_required')]);
  else if (!REF_RE.test(r)) errs.push(['ref', t('portal.track.ref_format')]);
  if (!tk) errs.push(['token', t('portal.track.token_required')]);
  if (errs.length) return reporter.show(errs);
  reporter.clear();
  ref = r;
  token = tk;
  const ok = await load({initial: true});
  if (ok) {
    history.replaceState(null, '', `/seguimiento#ref=${encodeURIComponent(ref)}&token=${encodeURIComponent(token)}`);
    $('#l-token').value = '';
    $('#request-title').focus();
  }
}

/* ---- The request ------------------------------------------------------------ */

async function download(att, button, errorSlot) {
  replace(errorSlot);
  button.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(`${path()}/attachments/${encodeURIComponent(att.id)}`, {
      headers: {'Authorization': `Bearer ${token}`, 'Accept-Language': document.documentElement.lang || 'es'},
      credentials: 'omit',
    });
    if (!res.ok) throw new Error(String(res.status));
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', {href: url, download: att.filename || 'documento', class: 'visually-hidden', tabindex: '-1'});
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    announce(t('portal.track.downloaded', {name: att.filename}));
  } catch (err) {
    replace(errorSlot, t('portal.track.download_failed', {name: att.filename}));
  } finally {
    button.removeAttribute('aria-busy');
  }
}

function attachmentList(atts) {
  if (!atts || !atts.length) return null;
  return h('div', {class: 'msg-attachments'},
    h('p', {class: 'msg-att-title'}, t('common.attachments')),
    h('ul', {}, atts.map((att) => {
      const errorSlot = h('span', {class: 'field-error', role: 'status'});
      const button = h('button', {type: 'button', class: 'link-button',
        'aria-label': t('common.download', {name: att.filename})}, att.filename);
      button.addEventListener('click', () => download(att, button, errorSlot));
      return h('li', {}, button, h('span', {class: 'muted'}, ` (${formatSize(att.size || 0)})`), ' ', errorSlot);
    })));
}

function messageItem(m, tenantName) {
  const mine = m.direction === 'in';
  const who = mine ? t('portal.track.you')
    : (m.author ? t('portal.track.agent_of', {name: m.author, tenant: tenantName}) : tenantName);
  return h('li', {class: mine ? 'msg-in' : 'msg-out', dataset: {id: m.id}},
    h('h3', {class: 'msg-meta'},
      h('span', {class: 'msg-who'}, who),
      h('span', {class: 'msg-sep', 'aria-hidden': 'true'}, ' · '),
      h('span', {class: 'visually-hidden'}, ', '),
      h('time', {datetime: m.created_at}, formatDateTime(m.created_at))),
    h('div', {class: 'msg-body'}, m.body),
    attachmentList(m.attachments));
}

function fact(term, ...desc) {
  return [h('dt', {}, term), h('dd', {}, ...desc)];
}

function render(req, {initial}) {
  const tenantName = tenantNames[req.tenant] || req.tenant;
  const title = t('portal.track.h1', {ref: req.reference});
  $('#request-title').textContent = title;
  document.title = t('portal.track.title_ref', {ref: req.reference});

  const badge = $('#status-badge');
  badge.className = `badge status-${req.status}`;
  badge.textContent = t(`common.status.${req.status}`);
  $('#status-help').textContent = t(`portal.status_help.${req.status}`);

  const facts = [];
  facts.push(fact(t('portal.track.subject'), req.subject));
  facts.push(fact(t('portal.receipt.tenant'), h('span', {lang: CATALOGUE_LANG}, tenantName)));
  facts.push(fact(t('portal.receipt.service'), req.service
    ? h('span', {lang: CATALOGUE_LANG}, req.service.name) : t('portal.receipt.no_service')));
  facts.push(fact(t('portal.track.created'), h('time', {datetime: req.created_at}, formatDateTime(req.created_at))));
  facts.push(fact(t('portal.track.updated'), h('time', {datetime: req.updated_at}, formatDateTime(req.updated_at))));
  if (req.resolved_at) {
    facts.push(fact(t('portal.track.resolved'), h('time', {datetime: req.resolved_at}, formatDateTime(req.resolved_at))));
  }
  replace($('#facts'), facts.flat());

  // The conversation: append what is new, keep what is there (and focus in it).
  const list = $('#conversation');
  const msgs = (req.messages || []).slice().sort((a, b) =>
    (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id - b.id));
  if (initial) {
    shownIds = new Set();
    replace(list);
  }
  const fresh = [];
  for (const m of msgs) {
    if (shownIds.has(m.id)) continue;
    shownIds.add(m.id);
    list.appendChild(messageItem(m, tenantName));
    fresh.push(m);
  }
  if (!msgs.length) replace(list, h('li', {class: 'msg-empty'}, t('portal.track.no_messages')));

  const closed = req.status === 'closed';
  const note = $('#closed-note');
  if (closed) {
    const again = portalUrl('/solicitud', {tenant: req.tenant, service: req.service && req.service.code});
    replace(note, h('p', {}, t('portal.track.closed_note')),
      h('p', {}, h('a', {href: again}, t('portal.track.new_request'))));
  }
  note.hidden = !closed;
  $('#reply-section').hidden = closed;

  $('#updated-at').textContent = t('portal.track.checked_at', {time: formatDateTime(new Date().toISOString())});
  showSurvey(req);
  return fresh;
}

/* A resolved request's satisfaction survey, inline, asked once per page. */
let surveyAsked = false;
async function showSurvey(req) {
  if (surveyAsked || (req.status !== 'resolved' && req.status !== 'closed')) return;
  surveyAsked = true;
  try {
    const survey = await api('GET', `${path()}/survey`, {token});
    renderSurvey($('#survey-inline'), survey,
      (body) => api('POST', `${path()}/survey`, {token, body}), {prefix: 'svi', headingLevel: 3});
    $('#survey-section').hidden = false;
  } catch (err) {
    $('#survey-section').hidden = true; /* none for this request (or not now) */
  }
}

/** Loads the request; returns true when shown. */
async function load({initial = false, quiet = false, say = ''} = {}) {
  if (loading) {
    if (say) announce(say);
    return false;
  }
  loading = true;
  if (initial) {
    $('#loading').hidden = false;
    $('#request').hidden = true;
  }
  try {
    const req = await api('GET', path(), {token});
    if (!tenantNames[req.tenant]) {
      // Without the public list, the catalogue answer names the administration.
      tenantNames[req.tenant] = await loadServices(req.tenant).then((r) => r.tenant.name, () => req.tenant);
    }
    const before = current;
    current = req;
    $('#lookup').hidden = true;
    $('#loading').hidden = true;
    $('#request').hidden = false;
    replace($('#request-alert'));
    const fresh = render(req, {initial});
    lastLoad = Date.now();
    if (!initial && before) {
      // One announcement: a second one would cut the first.
      const said = say ? [say] : [];
      const replies = fresh.filter((m) => m.direction === 'out');
      if (replies.length === 1) said.push(t('portal.track.new_reply'));
      else if (replies.length > 1) said.push(t('portal.track.new_replies', {n: replies.length}));
      if (before.status !== req.status) {
        said.push(t('portal.track.status_changed', {status: t(`common.status.${req.status}`)}));
      }
      if (said.length) announce(said.join(' '));
    }
    return true;
  } catch (err) {
    $('#loading').hidden = true;
    if (err.status === 404 || err.status === 401) {
      current = null;
      showLookup(t('portal.track.not_found'));
    } else if (initial) {
      showLookup(errorText(err));
    } else if (!quiet) {
      replace($('#request-alert'), alertBox('error', errorText(err)));
    }
    return false;
  } finally {
    loading = false;
  }
}

/* ---- Reply ------------------------------------------------------------------ */

async function onReply(e, reporter) {
  e.preventDefault();
  const btn = $('#reply-btn');
  if (btn.getAttribute('aria-disabled') === 'true') return;
  const text = $('#r-body').value.trim();
  const errs = [];
  if (!text) errs.push(['body', t('portal.errors.reply_required')]);
  if (picker.busy()) errs.push(['attachments', t('portal.errors.uploads_busy')]);
  if (errs.length) return reporter.show(errs);
  reporter.clear();
  const body = {body: text};
  const tokens = picker.tokens();
  if (tokens.length) body.attachments = tokens;
  const bodyText = JSON.stringify(body);
  if (lastReplyBody !== null && lastReplyBody !== bodyText) replyKey = randomKey();
  lastReplyBody = bodyText;
  btn.setAttribute('aria-disabled', 'true');
  btn.textContent = t('portal.form.sending');
  try {
    await api('POST', `${path()}/messages`, {body, token, idempotencyKey: replyKey});
  } catch (err) {
    if (err.status === 422 && Object.keys(err.fields).length) {
      lastReplyBody = null;
      reporter.show(Object.entries(err.fields));
    } else if (err.status === 409 && err.code === 'conflict') {
      await load();
      reporter.show([], [t('portal.track.closed_note')]);
    } else if (err.code === 'idempotency_conflict') {
      replyKey = randomKey();
      lastReplyBody = null;
      reporter.show([], [t('portal.errors.conflict_retry')]);
    } else if (err.status === 404 || err.status === 401) {
      showLookup(t('portal.track.not_found'));
    } else {
      reporter.show([], [errorText(err)]);
    }
    return;
  } finally {
    btn.setAttribute('aria-disabled', 'false');
    btn.textContent = t('portal.track.reply_submit');
  }
  $('#r-body').value = '';
  picker.reset();
  replyKey = randomKey();
  lastReplyBody = null;
  await load({quiet: true, say: t('portal.track.reply_sent')});
}

/* ---- Start ------------------------------------------------------------------ */

async function main() {
  await initPage();
  const names = await loadTenants();
  for (const it of names || []) tenantNames[it.code] = it.name;

  $('#lookup-form').addEventListener('submit', onLookup);
  const replyReporter = errorReporter($('#reply-summary'), {body: 'r-body', attachments: 'r-files'});
  picker = attachmentPicker({input: $('#r-files'), list: $('#r-file-list'), endpoint: '/api/v1/public/uploads'});
  $('#reply-form').addEventListener('submit', (e) => onReply(e, replyReporter));
  $('#refresh-btn').addEventListener('click', async () => {
    await load({say: t('portal.track.refreshed')});
  });

  const frag = readFragment();
  if (frag.ref && frag.token) {
    ref = frag.ref;
    token = frag.token;
    await load({initial: true});
  } else {
    ref = frag.ref;
    showLookup();
  }

  // Keep the conversation fresh while the page is in view.
  setInterval(() => {
    if (current && document.visibilityState === 'visible' && Date.now() - lastLoad >= REFRESH_MS - 500) {
      load({quiet: true});
    }
  }, REFRESH_MS);
  document.addEventListener('visibilitychange', () => {
    if (current && document.visibilityState === 'visible' && Date.now() - lastLoad >= REFRESH_MS) load({quiet: true});
  });
  window.addEventListener('hashchange', () => {
    const f = readFragment();
    if (f.ref && f.token && (f.ref !== ref || f.token !== token)) {
      ref = f.ref;
      token = f.token;
      current = null;
      load({initial: true});
    }
  });
}

main();
