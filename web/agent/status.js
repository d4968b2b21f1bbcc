// The agent's availability for ticket assignment: the "Status" select in the
// top bar (online, away, offline) and the "open / max" tickets beside it.
// Only online agents are assigned tickets, and the server lets online lapse
// 90 s after the last PUT (a closed laptop must not keep taking tickets), so
// while online we PUT every 30 s, and again as soon as the tab is visible
// (browsers slow timers down in background tabs). The choice is remembered in
// localStorage (online when there is none); a logout says offline at once and
// forgets it, so whoever logs in next starts online. Going away or offline
// also ends chat duty on the server: chat_duty.js is told to stop too.
import {h, $, replace, announce} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';
import * as live from './live.js';
import * as chatDuty from './chat_duty.js';
import {call, errorText} from './util.js';

export const STATUSES = ['online', 'away', 'offline'];
const KEY = 'vt_agent_status';
const DEFAULT = 'online';
const HEARTBEAT_MS = 30000;

let running = false;
let wanted = DEFAULT;               // the agent's choice
let state = null;                   // the server's answer: {user_id, status, max_open, open_tickets, …}
let seq = 0;                        // bumped by every choice: answers to older requests are dropped
let inflight = null;                // the heartbeat's PUT, if one is on its way
let failing = false;                // the heartbeat failed and said so
let timer = null;
let refreshTimer = null;
const watchers = new Set();

function saved() {
  try {
    const v = localStorage.getItem(KEY);
    return STATUSES.includes(v) ? v : DEFAULT;
  } catch (e) { return DEFAULT; }
}
function save(s) { try { localStorage.setItem(KEY, s); } catch (e) { /* storage may be disabled */ } }
function forget() { try { localStorage.removeItem(KEY); } catch (e) { /* storage may be disabled */ } }

/** The status's name in the user's language. */
export function statusName(s) {
  if (s === 'online') return t('agent.availability.online');
  if (s === 'away') return t('agent.availability.away');
  return t('agent.availability.offline');
}

/** The last known state: {status, max_open, open_tickets} (status is the choice until the server answers). */
export function current() {
  return state ? {...state} : {status: wanted, max_open: null, open_tickets: null};
}

/** Calls fn(state) on every change; returns the function that stops it. */
export function watch(fn) {
  watchers.add(fn);
  return () => watchers.delete(fn);
}

function show() {
  const box = $('#agent-status-box');
  const select = $('#agent-status');
  const status = state ? state.status : wanted;
  if (select.value !== status) select.value = status;
  box.dataset.status = status;
  const count = $('#agent-status-count');
  if (state && Number.isFinite(state.open_tickets) && Number.isFinite(state.max_open)) {
    count.dataset.open = String(state.open_tickets);
    count.dataset.max = String(state.max_open);
    // The digits are for the eyes; a screen reader gets the sentence.
    replace(count,
      h('span', {'aria-hidden': 'true'}, `${state.open_tickets} / ${state.max_open}`),
      h('span', {class: 'visually-hidden'}, t('agent.availability.count_sr', {n: state.open_tickets, max: state.max_open})));
  } else {
    delete count.dataset.open;
    delete count.dataset.max;
    count.replaceChildren();
  }
  for (const fn of watchers) {
    try { fn(current()); } catch (e) { console.error(e); }
  }
}

function take(r) {
  if (!r || !STATUSES.includes(r.status)) return;
  state = {...r};
  show();
}

function showError(text, say) {
  const el = $('#agent-status-error');
  el.textContent = text;
  el.hidden = false;
  if (say) announce(text);
}

function hideError() {
  const el = $('#agent-status-error');
  el.hidden = true;
  el.textContent = ''; // the select's aria-describedby names it: no stale text
  failing = false;
}

function put(status) {
  return call('PUT', '/api/v1/me/status', {body: {status}});
}

/** The heartbeat: still online. A failure is said once, until one succeeds. */
async function keepOnline() {
  if (!running || wanted !== 'online' || inflight) return;
  const my = seq;
  inflight = put('online');
  try {
    const r = await inflight;
    if (my !== seq || !running) return;
    take(r);
    if (failing) hideError();
  } catch (err) {
    if (my !== seq || !running || failing) return;
    failing = true;
    showError(t('agent.availability.keep_error', {error: errorText(err)}), true);
  } finally { inflight = null; }
}

function beat() {
  clearInterval(timer);
  timer = null;
  if (running && wanted === 'online') timer = setInterval(keepOnline, HEARTBEAT_MS);
}

function onVisible() {
  if (document.visibilityState === 'visible') keepOnline();
}

// Another tab of the same console changed the choice: follow it (that tab
// has told the server already). Forgotten means that tab logged out: the
// session is ending, so stop saying online; the next call returns to login.
function onStorage(e) {
  if (!running || e.key !== KEY) return;
  seq++;
  if (e.newValue === null) {
    wanted = 'offline';
    beat();
    return;
  }
  wanted = saved();
  beat();
  refresh();
}

async function change() {
  const select = $('#agent-status');
  const next = select.value;
  if (!STATUSES.includes(next)) return;
  const prev = wanted;
  const my = ++seq;
  // The heartbeat stops first, and one already on its way lands before this
  // PUT: it must not say "online" after the agent said "away".
  wanted = next;
  beat();
  hideError();
  if (inflight) { try { await inflight; } catch (e) { /* superseded */ } }
  if (my !== seq || !running) return;
  try {
    const r = await put(next);
    if (my !== seq || !running) return;
    save(next);
    take(r);
    announce(t('agent.availability.changed', {status: statusName(next)}));
    if (next !== 'online') chatDuty.offDuty();
  } catch (err) {
    if (my !== seq || !running) return;
    // The choice did not happen: back to what the server has, and say why
    // beside the select and to screen readers.
    wanted = prev;
    beat();
    show();
    showError(t('agent.availability.error', {error: errorText(err)}), true);
  }
}

/** Asks the server again (my open tickets may have changed). An online that lapsed is renewed. */
export async function refresh() {
  if (!running) return;
  const my = seq;
  try {
    const r = await call('GET', '/api/v1/me/status');
    if (my !== seq || !running) return;
    take(r);
    if (wanted === 'online' && r.status !== 'online') keepOnline();
  } catch (e) { /* the next event or beat tries again */ }
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 1000);
}

// Does this event change how many open tickets I hold? Assignments, status
// changes (a ticket of mine resolved or reopened) and chats taken or ended.
function concernsMe(ev) {
  const d = ev.data || {};
  if (ev.action === 'ticket_updated') {
    if (d.status) return true;
    if (!Array.isArray(d.assignee_id)) return false;
    return !state || d.assignee_id.includes(state.user_id);
  }
  if (ev.action === 'message_added') return !!d.status;
  return ['chat_accepted', 'chat_transferred', 'chat_ended'].includes(ev.action);
}

/** Wires the select once, at start-up. */
export function install() {
  $('#agent-status').addEventListener('change', change);
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('storage', onStorage);
  live.listen((ev) => {
    if (running && concernsMe(ev)) refreshSoon();
  });
}

/**
 * The shell is shown: restore the last choice (online if none) and tell the
 * server. Call before chatDuty.start(): away or offline ends chat duty, and
 * the part before the first await already tells chat_duty.js so.
 */
export async function start() {
  running = true;
  state = null;
  wanted = saved();
  const my = ++seq;
  hideError();
  $('#agent-status-box').hidden = false;
  show();
  if (wanted !== 'online') chatDuty.offDuty();
  // Tracked as the heartbeat is: a choice made meanwhile waits for it.
  inflight = put(wanted);
  try {
    const r = await inflight;
    if (my === seq && running) take(r);
  } catch (err) {
    if (my !== seq || !running) return;
    await refresh();
    showError(t('agent.availability.error', {error: errorText(err)}), true);
  } finally { inflight = null; }
  beat();
}

/**
 * The shell goes away. signOff (an explicit logout) also tells the server
 * "offline" at once, while the session lasts, and forgets the choice.
 */
export async function stop({signOff = false} = {}) {
  const wasRunning = running;
  running = false;
  seq++;
  clearInterval(timer);
  clearTimeout(refreshTimer);
  timer = null;
  $('#agent-status-box').hidden = true;
  hideError();
  if (signOff) {
    if (wasRunning) { try { await put('offline'); } catch (e) { /* online lapses anyway */ } }
    forget();
    wanted = DEFAULT;
  }
  state = null;
  show();
}
