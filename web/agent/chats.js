// The chats view: the chats waiting in my administrations (oldest first, with
// a waiting time that ticks and an Accept button) and my active chats. Both
// lists are re-read after chat events, debounced, since one accept or end
// changes several rows at once.
import {h, replace, announce} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';
import {call, errorText, chatErrorText, alertBox, chatCitizenName, chatWhere, elapsed, tenants} from './util.js';
import * as duty from './chat_duty.js';
import * as notify from './chat_notify.js';

/**
 * Accepts a chat and opens it; on a refusal (409 chat_taken, chat_limit)
 * shows the server's own message in msgBox and returns false.
 */
export async function acceptChat(chat, ctx, msgBox) {
  try {
    await call('POST', `/api/v1/chats/${chat.ticket_id}/accept`, {body: {}});
  } catch (err) {
    replace(msgBox, alertBox(chatErrorText(err)));
    msgBox.focus();
    return false;
  }
  duty.refresh();
  notify.refreshSoon();
  announce(t('agent.chat.accepted', {name: chatCitizenName(chat)}));
  ctx.go(`#/chat/${chat.ticket_id}`);
  return true;
}

function dutyText(s) {
  return s.available ? t('agent.chat.duty_note_on', {n: s.active_chats, max: s.max_chats}) : t('agent.chat.duty_note_off');
}

export async function render(main, params, ctx) {
  try { await tenants(); } catch (e) { /* names fall back to codes */ }
  const title = t('agent.chat.title');
  const h1 = h('h1', null, title);
  const dutyNote = h('p', {class: 'chats-duty', id: 'chats-duty'});
  const msg = h('div', {class: 'view-msg', id: 'chats-msg', tabindex: '-1'});
  const qTitle = h('h2', {id: 'chats-queued-title', tabindex: '-1'});
  const mTitle = h('h2', {id: 'chats-mine-title', tabindex: '-1'});
  const qList = h('ul', {class: 'chat-list', id: 'chats-queued', 'aria-labelledby': 'chats-queued-title'});
  const mList = h('ul', {class: 'chat-list', id: 'chats-mine', 'aria-labelledby': 'chats-mine-title'});
  const qEmpty = h('p', {class: 'muted', hidden: true}, t('agent.chat.queued_empty'));
  const mEmpty = h('p', {class: 'muted', hidden: true}, t('agent.chat.mine_empty'));
  replace(main, h('div', {class: 'view-chats'}, h1,
    h('p', {class: 'muted'}, t('agent.chat.intro')), dutyNote, msg,
    h('div', {class: 'chats-grid'},
      h('section', {class: 'chats-section', 'aria-labelledby': 'chats-queued-title'}, qTitle, qEmpty, qList),
      h('section', {class: 'chats-section', 'aria-labelledby': 'chats-mine-title'}, mTitle, mEmpty, mList))));
  ctx.titled(title, h1);

  const unwatch = duty.watch((s) => { dutyNote.textContent = dutyText(s); });
  dutyNote.textContent = dutyText(duty.current());

  let alive = true;
  let seq = 0;
  let known = null; // queued ids already shown: the others are marked new
  const wheres = new Map();
  async function where(chat) {
    const k = `${chat.tenant}/${chat.department ? chat.department.code : ''}`;
    if (!wheres.has(k)) wheres.set(k, await chatWhere(chat));
    return wheres.get(k);
  }

  function waitEl(iso, key) {
    return h('span', {class: 'chat-elapsed', dataset: {since: iso, key}}, t(key, {time: elapsed(iso)}));
  }

  function queuedRow(chat, whereText, fresh) {
    const name = chatCitizenName(chat);
    const accept = h('button', {type: 'button', class: 'btn', dataset: {action: 'accept', ticketId: chat.ticket_id}},
      t('agent.chat.accept'), h('span', {class: 'visually-hidden'}, ` ${t('agent.chat.accept_sr', {name, ref: chat.reference})}`));
    accept.addEventListener('click', async () => {
      if (accept.getAttribute('aria-disabled') === 'true') return;
      accept.setAttribute('aria-disabled', 'true');
      const ok = await acceptChat(chat, ctx, msg);
      if (!ok && alive) { accept.removeAttribute('aria-disabled'); load(); }
    });
    return h('li', {class: `chat-row${fresh ? ' row-new' : ''}`, dataset: {ticketId: chat.ticket_id, status: chat.status}},
      h('div', {class: 'chat-row-text'},
        h('p', {class: 'chat-who'}, h('strong', null, name), ' · ', h('span', {class: 'chat-ref'}, chat.reference),
          fresh ? h('span', {class: 'new-mark'}, ` ${t('agent.queue.new_mark')}`) : null),
        h('p', {class: 'chat-where'}, whereText),
        h('p', {class: 'chat-wait'}, waitEl(chat.queued_at, 'agent.chat.waiting'))),
      h('div', {class: 'chat-row-actions'}, accept));
  }

  function mineRow(chat, whereText) {
    return h('li', {class: 'chat-row', dataset: {ticketId: chat.ticket_id, status: chat.status}},
      h('div', {class: 'chat-row-text'},
        h('p', {class: 'chat-who'}, h('a', {href: `#/chat/${chat.ticket_id}`, class: 'chat-open'}, chatCitizenName(chat)),
          ' · ', h('span', {class: 'chat-ref'}, chat.reference)),
        h('p', {class: 'chat-where'}, whereText),
        chat.accepted_at ? h('p', {class: 'chat-wait'}, waitEl(chat.accepted_at, 'agent.chat.since_accepted')) : null));
  }

  /** Where the focus was, to put it back on the same row after a reload. */
  function focusKey() {
    const a = document.activeElement;
    if (!a || !(qList.contains(a) || mList.contains(a))) return null;
    const li = a.closest('li');
    return {list: qList.contains(a) ? qList : mList, id: li && li.dataset.ticketId};
  }
  function restoreFocus(key) {
    if (!key || (document.activeElement && document.activeElement !== document.body)) return;
    const again = key.id && key.list.querySelector(`li[data-ticket-id="${key.id}"] a, li[data-ticket-id="${key.id}"] button`);
    if (again) again.focus();
    else (key.list === qList ? qTitle : mTitle).focus();
  }

  async function load() {
    const my = ++seq;
    let queued;
    let active;
    try {
      [queued, active] = await Promise.all([
        call('GET', '/api/v1/chats', {query: {status: 'queued'}}),
        call('GET', '/api/v1/chats', {query: {status: 'active', mine: 1}}),
      ]);
    } catch (err) {
      if (my === seq && alive) replace(msg, alertBox(errorText(err)));
      return;
    }
    const qWhere = await Promise.all(queued.items.map(where));
    const mWhere = await Promise.all(active.items.map(where));
    if (my !== seq || !alive) return;
    const fk = focusKey();
    const first = known === null;
    const ids = new Set(queued.items.map((c) => c.ticket_id));
    replace(qList, queued.items.map((c, i) => queuedRow(c, qWhere[i], !first && !known.has(c.ticket_id))));
    replace(mList, active.items.map((c, i) => mineRow(c, mWhere[i])));
    known = ids;
    qTitle.textContent = t('agent.chat.queued_title', {n: queued.items.length});
    mTitle.textContent = t('agent.chat.mine_title', {n: active.items.length});
    qEmpty.hidden = queued.items.length > 0;
    mEmpty.hidden = active.items.length > 0;
    restoreFocus(fk);
  }

  let soon = null;
  function loadSoon() {
    clearTimeout(soon);
    soon = setTimeout(load, 300);
  }

  // Waiting times tick every second; no live region, so nothing is read out.
  const tick = setInterval(() => {
    const now = Date.now();
    for (const el of main.querySelectorAll('.chat-elapsed')) {
      el.textContent = t(el.dataset.key, {time: elapsed(el.dataset.since, now)});
    }
  }, 1000);
  // A safety net in case the stream missed something.
  const poll = setInterval(load, 30000);

  await load();

  return {
    isChatsView: true,
    onEvent(ev) {
      if (ev.action.startsWith('chat_')) loadSoon();
    },
    cleanup() {
      alive = false;
      seq++;
      clearTimeout(soon);
      clearInterval(tick);
      clearInterval(poll);
      unwatch();
    },
  };
}
