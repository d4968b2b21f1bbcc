// Chats wherever the agent is: the count of waiting chats on the side nav's
// "Chats" link, and a visible notice (a toast, no sound) plus a screen-reader
// announcement when a chat starts waiting or a citizen writes in one of my
// chats that is not on screen. Counts come from the API, re-read after chat
// events (debounced) and once a minute in case the stream missed something.
import {h, $, replace, announce} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';
import * as live from './live.js';
import {call, chatCitizenName, chatWhere} from './util.js';

const POLL_MS = 60000;
const TOAST_MS = 12000;
const MAX_TOASTS = 3;

let ctx = null;
let running = false;
let pollTimer = null;
let soonTimer = null;
let seq = 0;
let mine = new Set();       // ids of my active chats
const toldQueued = new Set(); // chats already announced as waiting (replays after a reconnect)

function showCount(n) {
  const badge = $('#chats-badge');
  const sr = $('#chats-badge-sr');
  badge.dataset.count = String(n);
  badge.textContent = String(n);
  badge.hidden = n === 0;
  // In the link's text, so a screen reader hears "Chats (2 waiting)".
  sr.textContent = n ? ` ${t('agent.chat.badge_sr', {n})}` : '';
}

/** Re-reads the waiting chats and my active ones. */
export async function refresh() {
  if (!running) return;
  const my = ++seq;
  try {
    const [queued, active] = await Promise.all([
      call('GET', '/api/v1/chats', {query: {status: 'queued'}}),
      call('GET', '/api/v1/chats', {query: {status: 'active', mine: 1}}),
    ]);
    if (my !== seq || !running) return;
    showCount(queued.items.length);
    mine = new Set(active.items.map((c) => c.ticket_id));
  } catch (e) { /* the next event or poll tries again */ }
}

/** refresh() a moment later: a burst of events costs one request. */
export function refreshSoon() {
  clearTimeout(soonTimer);
  soonTimer = setTimeout(refresh, 300);
}

function dismiss(el, refocus) {
  if (!el.isConnected) return;
  const hadFocus = el.contains(document.activeElement);
  el.remove();
  if (hadFocus && refocus) $('#main').focus();
}

/**
 * A visible notice in the corner: text, a link and a close button. It goes
 * by itself after a while, but not while the pointer or the focus is on it.
 * Screen readers get the text through the announcer, not from here.
 */
export function toast(text, link, kind = 'info') {
  const box = $('#chat-toasts');
  while (box.children.length >= MAX_TOASTS) box.firstElementChild.remove();
  const close = h('button', {type: 'button', class: 'toast-close', 'aria-label': t('agent.chat.toast_close')}, '×');
  const el = h('div', {class: `toast toast-${kind}`, dataset: {toast: kind}},
    h('p', {class: 'toast-text'}, text),
    link ? h('p', {class: 'toast-link'}, h('a', {href: link.href, onclick: () => dismiss(el, false)}, link.text)) : null,
    close);
  close.addEventListener('click', () => dismiss(el, true));
  let timer = null;
  const arm = () => { clearTimeout(timer); timer = setTimeout(() => dismiss(el, false), TOAST_MS); };
  const held = () => el.matches(':hover') || el.contains(document.activeElement);
  el.addEventListener('mouseenter', () => clearTimeout(timer));
  el.addEventListener('focusin', () => clearTimeout(timer));
  el.addEventListener('mouseleave', () => { if (!held()) arm(); });
  el.addEventListener('focusout', () => setTimeout(() => { if (!held()) arm(); }, 0));
  box.appendChild(el);
  arm();
  return el;
}

function viewing(chatId) { return !!(ctx && ctx.view && ctx.view.chatId === chatId); }
function onChatsView() { return !!(ctx && ctx.view && ctx.view.isChatsView); }

async function newQueued(id) {
  if (toldQueued.has(id)) return;
  toldQueued.add(id);
  let chat;
  try { chat = await call('GET', `/api/v1/chats/${id}`); } catch (e) { return; }
  // A replayed event of a chat somebody already took is old news.
  if (!running || chat.status !== 'queued') return;
  const text = t('agent.chat.new_queued', {name: chatCitizenName(chat), where: await chatWhere(chat)});
  announce(text);
  // The chats view shows it in its list; elsewhere a notice says so.
  if (!onChatsView()) toast(text, {href: '#/chats', text: t('agent.chat.toast_view_queue')}, 'queued');
}

async function newMessage(ev) {
  if (viewing(ev.ticket_id)) return;
  let chat;
  try { chat = await call('GET', `/api/v1/chats/${ev.ticket_id}`); } catch (e) { return; }
  if (!running || chat.status !== 'active' || viewing(ev.ticket_id)) return;
  const text = t('agent.chat.new_message', {name: chatCitizenName(chat)});
  announce(text);
  toast(text, {href: `#/chat/${chat.ticket_id}`, text: t('agent.chat.toast_open')}, 'message');
}

function onEvent(ev) {
  if (!running) return;
  if (live.CHAT_ACTIONS.includes(ev.action)) {
    refreshSoon();
    if (!ev.ticket_id) return;
    const back = ev.action === 'chat_transferred' && ev.data && ev.data.status === 'queued';
    if (ev.action !== 'chat_queued') toldQueued.delete(ev.ticket_id);
    // Waiting again after a transfer to a department's queue counts as new.
    if (ev.action === 'chat_queued' || back) newQueued(ev.ticket_id);
    return;
  }
  // The citizen wrote in one of my chats that is not on screen.
  const d = ev.data || {};
  if (ev.action === 'message_added' && mine.has(ev.ticket_id) && d.direction === 'in' && !d.internal) newMessage(ev);
}

/** Wires the listener once, at start-up. */
export function install(c) {
  ctx = c;
  live.listen(onEvent);
}

/** The shell is shown. */
export function start() {
  running = true;
  refresh();
  clearInterval(pollTimer);
  pollTimer = setInterval(refresh, POLL_MS);
}

/** The shell goes away (logout, expired session). */
export function stop() {
  running = false;
  seq++;
  clearInterval(pollTimer);
  clearTimeout(soonTimer);
  mine = new Set();
  toldQueued.clear();
  showCount(0);
  replace($('#chat-toasts'));
}
