// The agent's chat duty: the "Available for chat" switch in the top bar and
// the "n / max" active chats beside it. The server lets duty lapse 90 s after
// the last PUT (a closed laptop must not keep citizens waiting), so while the
// switch is on we PUT every 30 s, and again as soon as the tab is visible
// (browsers slow timers down in background tabs). The choice is remembered in
// localStorage so a reload, or a new login after the session expired, keeps it.
import {h, $, replace, announce} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';
import * as live from './live.js';
import {call, errorText} from './util.js';

const KEY = 'vt_agent_chat_duty';
const HEARTBEAT_MS = 30000;

let running = false;
let busy = false;
let wanted = false;                 // the agent's choice
let state = {available: false, max_chats: 3, active_chats: 0}; // the server's answer
let timer = null;
let refreshTimer = null;
const watchers = new Set();

function saved() { try { return localStorage.getItem(KEY) === '1'; } catch (e) { return false; } }
function save(on) { try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (e) { /* storage may be disabled */ } }

/** The last known duty: {available, max_chats, active_chats}. */
export function current() { return {...state}; }

/** Calls fn(state) on every change; returns the function that stops it. */
export function watch(fn) {
  watchers.add(fn);
  return () => watchers.delete(fn);
}

function show() {
  const btn = $('#chat-duty-btn');
  btn.setAttribute('aria-pressed', state.available ? 'true' : 'false');
  const count = $('#chat-duty-count');
  count.dataset.active = String(state.active_chats);
  count.dataset.max = String(state.max_chats);
  // The digits are for the eyes; a screen reader gets the sentence.
  replace(count,
    h('span', {'aria-hidden': 'true'}, `${state.active_chats} / ${state.max_chats}`),
    h('span', {class: 'visually-hidden'}, t('agent.chat.duty_count_sr', {n: state.active_chats, max: state.max_chats})));
  for (const fn of watchers) {
    try { fn(current()); } catch (e) { console.error(e); }
  }
}

function take(r) {
  if (!r) return;
  state = {available: !!r.available, max_chats: r.max_chats ?? state.max_chats, active_chats: r.active_chats ?? 0};
  show();
}

async function put(on) {
  const r = await call('PUT', '/api/v1/chat/availability', {body: {available: on}});
  if (running) take(r);
  return r;
}

function beat() {
  clearInterval(timer);
  timer = null;
  if (running && wanted) timer = setInterval(() => { put(true).catch(() => {}); }, HEARTBEAT_MS);
}

function onVisible() {
  if (running && wanted && document.visibilityState === 'visible') put(true).catch(() => {});
}

// Another tab of the same console changed the choice: follow it.
function onStorage(e) {
  if (!running || e.key !== KEY) return;
  wanted = saved();
  beat();
  refresh();
}

async function toggle() {
  // Not disabled while the PUT runs: a disabled button would drop the focus.
  if (busy) return;
  busy = true;
  const on = !state.available;
  const errorEl = $('#chat-duty-error');
  errorEl.hidden = true;
  try {
    await put(on);
    wanted = on;
    save(on);
    beat();
    announce(t(on ? 'agent.chat.duty_on' : 'agent.chat.duty_off'));
  } catch (err) {
    // The switch did not move: say why beside it, and to screen readers.
    const text = t('agent.chat.duty_error', {error: errorText(err)});
    errorEl.textContent = text;
    errorEl.hidden = false;
    announce(text);
  } finally { busy = false; }
}

/**
 * Off duty because the agent went away or offline (status.js): the server
 * has ended duty already, so stop the heartbeat that would turn it back on,
 * forget the choice (other tabs follow) and say so if the switch was on.
 */
export async function offDuty() {
  const was = wanted || state.available;
  wanted = false;
  save(false);
  beat();
  if (!running) return;
  try { await put(false); } catch (e) { await refresh(); }
  if (was) announce(t('agent.chat.duty_off'));
}

/** Asks the server again (after an accept, an end, a transfer). */
export async function refresh() {
  if (!running) return;
  try { take(await call('GET', '/api/v1/chat/availability')); } catch (e) { /* the next event or beat tries again */ }
}

function refreshSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 300);
}

/** Wires the switch once, at start-up. */
export function install() {
  $('#chat-duty-btn').addEventListener('click', toggle);
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('storage', onStorage);
  // My active chats change when a chat is accepted, handed over or ends.
  live.listen((ev) => {
    if (!running || !live.CHAT_ACTIONS.includes(ev.action) || ev.action === 'chat_queued') return;
    refreshSoon();
  });
}

/** The shell is shown: resume duty if it was on, else show the server's state. */
export async function start() {
  running = true;
  $('#chat-duty').hidden = false;
  $('#chat-duty-error').hidden = true;
  show();
  wanted = saved();
  if (wanted) {
    try { await put(true); } catch (e) { await refresh(); }
  } else await refresh();
  beat();
}

/**
 * The shell goes away. signOff (an explicit logout) also tells the server
 * at once and forgets the choice: whoever logs in next starts off duty.
 */
export async function stop({signOff = false} = {}) {
  const was = running && (wanted || state.available);
  running = false;
  clearInterval(timer);
  clearTimeout(refreshTimer);
  timer = null;
  $('#chat-duty').hidden = true;
  if (signOff) {
    save(false);
    wanted = false;
    if (was) { try { await call('PUT', '/api/v1/chat/availability', {body: {available: false}}); } catch (e) { /* it lapses anyway */ } }
  }
  state = {available: false, max_chats: state.max_chats, active_chats: 0};
  show();
}
