// One chat: the conversation as a live log (newest at the bottom), the
// citizen's typing indicator, a composer where Enter sends, Accept while it
// waits, transfer and end while it is mine, and the citizen's history beside
// it, with suggested articles and canned answers. A chat is a ticket, so
// messages go through the ticket's messages API (and its canned answers
// through the ticket's) and "Open as ticket" is the ordinary ticket view.
import {h, replace, announce, randomKey} from '/static/common/dom.js';
import {t, formatDateTime} from '/static/common/i18n.js';
import * as live from './live.js';
import {call, ApiError, chatErrorText, alertBox, field, clearFieldErrors, setFieldError, option, departments,
  ACCEPT, filesProblem, uploadFiles, citizenPanel, chatCitizenName, chatStatusBadge, endReasonText, tenantName} from './util.js';
import {messageItem} from './ticket.js';
import * as duty from './chat_duty.js';
import * as notify from './chat_notify.js';
import {suggestPanel, suggestQuery, appendToReply} from './suggest.js';
import {macroPanel} from './macros.js';

const TYPING_SHOWN_MS = 6000;  // the citizen's indicator goes 6 s after their last keystroke event
const TYPING_EVERY_MS = 3000;  // ours is sent at most this often

function notFound(main, ctx) {
  const h1 = h('h1', null, t('agent.chat.notfound_title'));
  replace(main, h('div', {class: 'view-chat-missing'}, h1,
    h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.chat.notfound_text')),
    h('p', null, h('a', {href: '#/chats'}, t('agent.chat.title')))));
  ctx.titled(t('agent.chat.notfound_title'), h1);
  return {};
}

export async function render(main, {id}, ctx) {
  let chat;
  let messages;
  try {
    [chat, messages] = await Promise.all([
      call('GET', `/api/v1/chats/${id}`),
      call('GET', `/api/v1/tickets/${id}/messages`).then((r) => r.items),
    ]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return notFound(main, ctx);
    throw err;
  }
  const me = ctx.session.user;
  const name = chatCitizenName(chat);
  const tenantLabel = await tenantName(chat.tenant);
  let alive = true;
  const mine = () => chat.status === 'active' && !!chat.agent && chat.agent.id === me.id;

  // ---- header -------------------------------------------------------------
  const h1 = h('h1', {class: 'ticket-subject'}, h('span', {class: 'ticket-ref'}, chat.reference), ' ',
    t('agent.chat.view_title', {name}));
  const meta = h('div', {class: 'chat-meta'});
  function renderMeta() {
    const dd = (label, ...value) => h('div', {class: 'meta-item'}, h('dt', null, label), h('dd', null, ...value));
    const when = (iso) => h('time', {datetime: iso}, formatDateTime(iso));
    replace(meta,
      h('p', {class: 'ticket-badges', id: 'chat-status'}, chatStatusBadge(chat),
        chat.status === 'ended' ? [' ', h('span', {class: 'chat-end-reason'}, endReasonText(chat.end_reason))] : null),
      h('dl', {class: 'meta'},
        dd(t('agent.field.citizen'), chat.citizen && chat.citizen.id ? h('a', {href: `#/citizen/${chat.citizen.id}`}, name) : name),
        dd(t('agent.field.tenant'), tenantLabel),
        dd(t('agent.field.department'), chat.department ? chat.department.name : t('agent.ticket.no_department')),
        dd(t('agent.chat.field_agent'), chat.agent ? chat.agent.name : t('agent.chat.no_agent')),
        dd(t('agent.chat.field_queued'), when(chat.queued_at)),
        chat.status === 'queued' && chat.position ? dd(t('agent.chat.field_position'), String(chat.position)) : null,
        chat.accepted_at ? dd(t('agent.chat.field_accepted'), when(chat.accepted_at)) : null,
        chat.ended_at ? dd(t('agent.chat.field_ended'), when(chat.ended_at)) : null));
  }
  const viewMsg = h('div', {class: 'view-msg', id: 'chat-msg', tabindex: '-1'});

  // ---- the conversation -----------------------------------------------------
  // A log region reads out what is appended, so new lines are heard without
  // an announcement of our own; it scrolls, so it takes the keyboard focus.
  const conv = h('ol', {class: 'conversation chat-conversation'});
  const emptyNote = h('p', {class: 'muted chat-empty'}, t('agent.chat.log_empty'));
  const log = h('div', {class: 'chat-log', id: 'chat-log', role: 'log', tabindex: '0', 'aria-labelledby': 'chat-log-title'},
    emptyNote, conv);
  const shown = new Set();
  function nearBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 80; }
  function toBottom() { log.scrollTop = log.scrollHeight; }
  /** Appends the messages not on screen yet; true if one is the citizen's. */
  function append(items, scroll) {
    const follow = scroll || nearBottom();
    let fromCitizen = false;
    for (const m of items) {
      if (shown.has(m.id)) continue;
      shown.add(m.id);
      conv.appendChild(messageItem(m));
      if (m.direction === 'in') fromCitizen = true;
    }
    emptyNote.hidden = conv.children.length > 0;
    if (follow) toBottom();
    return fromCitizen;
  }
  let fetchSeq = 0;
  async function fetchMessages() {
    const my = ++fetchSeq;
    let items;
    try { items = (await call('GET', `/api/v1/tickets/${id}/messages`)).items; } catch (e) { return; }
    if (!alive || my !== fetchSeq) return;
    messages = items;
    if (append(items, false)) {
      stopTyping();
      // A chat often opens with "hola": search again while nothing is suggested.
      if (!suggest.count()) suggest.load(suggestQuery('', messages));
    }
  }

  // The citizen's typing indicator: shown on their typing event, gone
  // 6 s after the last one or as soon as their message arrives.
  const typing = h('p', {class: 'chat-typing', id: 'chat-typing', role: 'status', dataset: {active: 'false'}});
  let typingTimer = null;
  function citizenTyping() {
    const text = chat.citizen && chat.citizen.name ? t('agent.chat.typing', {name: chat.citizen.name}) : t('agent.chat.typing_anon');
    if (typing.textContent !== text) typing.textContent = text;
    typing.dataset.active = 'true';
    clearTimeout(typingTimer);
    typingTimer = setTimeout(stopTyping, TYPING_SHOWN_MS);
  }
  function stopTyping() {
    clearTimeout(typingTimer);
    typing.textContent = '';
    typing.dataset.active = 'false';
  }

  // ---- waiting: Accept instead of the composer ----------------------------
  const acceptBtn = h('button', {type: 'button', class: 'btn', id: 'chat-accept'}, t('agent.chat.accept_chat'));
  const acceptPanel = h('div', {class: 'chat-accept', id: 'chat-accept-panel', hidden: true},
    h('p', null, t('agent.chat.queued_notice')), acceptBtn);
  let accepting = false;
  acceptBtn.addEventListener('click', async () => {
    if (accepting) return;
    accepting = true;
    viewMsg.replaceChildren();
    try {
      chat = await call('POST', `/api/v1/chats/${id}/accept`, {body: {}});
    } catch (err) {
      replace(viewMsg, alertBox(chatErrorText(err)));
      viewMsg.focus();
      await reload();
      return;
    } finally { accepting = false; }
    duty.refresh();
    notify.refreshSoon();
    announce(t('agent.chat.accepted', {name}));
    update();
    body.focus();
  });

  // What the agent needs to know about the state: someone else has it, or it ended.
  const stateNote = h('div', {class: 'chat-state-note', id: 'chat-state', tabindex: '-1'});

  // ---- the composer -------------------------------------------------------
  let idemKey = randomKey();
  const body = h('textarea', {name: 'body', rows: 3, maxlength: 20000});
  const bodyField = field('chat-body', t('agent.chat.body'), body, t('agent.chat.body_hint'));
  const note = h('input', {type: 'checkbox', id: 'chat-note', name: 'internal'});
  const noteBox = h('div', {class: 'radio'}, note, h('label', {for: 'chat-note'}, `✎ ${t('agent.chat.note')}`));
  const files = h('input', {type: 'file', name: 'files', multiple: true, accept: ACCEPT});
  const filesField = field('chat-files', t('agent.compose.files'), files, t('agent.compose.files_hint'));
  const sendBtn = h('button', {type: 'submit', class: 'btn', id: 'chat-send'}, t('agent.chat.send'));
  const composeMsg = h('div', {class: 'compose-msg'});
  const composer = h('form', {class: 'composer chat-composer', id: 'chat-composer', novalidate: true},
    bodyField, noteBox, filesField, composeMsg, h('div', {class: 'compose-actions'}, sendBtn));
  const composeSection = h('section', {class: 'compose-section', 'aria-labelledby': 'chat-compose-title'},
    h('h2', {id: 'chat-compose-title'}, t('agent.chat.compose_title')), composer);

  function setNote(on) {
    note.checked = on;
    composer.classList.toggle('is-note', on);
    sendBtn.textContent = on ? t('agent.chat.send_note') : t('agent.chat.send');
  }
  note.addEventListener('change', () => setNote(note.checked));

  // Enter sends, Shift+Enter is a new line; not while an input method is
  // composing a character (Enter there confirms the character).
  body.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.isComposing) return;
    e.preventDefault();
    send();
  });
  // Tell the citizen we are typing, at most every 3 s, and never for a note.
  let lastTyping = 0;
  body.addEventListener('input', () => {
    if (note.checked || !mine() || !body.value.trim()) return;
    const now = Date.now();
    if (now - lastTyping < TYPING_EVERY_MS) return;
    lastTyping = now;
    call('POST', `/api/v1/chats/${id}/typing`, {body: {}}).catch(() => {});
  });
  composer.addEventListener('submit', (e) => { e.preventDefault(); send(); });

  let sending = false;
  async function send() {
    if (sending || !mine()) return;
    clearFieldErrors(composer);
    composeMsg.replaceChildren();
    const text = body.value.trim();
    if (!text) { setFieldError(body, t('agent.compose.body_required')); body.focus(); return; }
    const list = Array.from(files.files || []);
    const problem = filesProblem(list);
    if (problem) { setFieldError(files, problem); files.focus(); return; }
    // Not disabled while sending: the focus stays where the agent is typing.
    sending = true;
    sendBtn.setAttribute('aria-disabled', 'true');
    try {
      let tokens;
      try { tokens = await uploadFiles(list); } catch (upErr) {
        setFieldError(files, upErr.message);
        files.focus();
        return;
      }
      const payload = {body: text, internal: note.checked};
      if (tokens.length) payload.attachments = tokens;
      const m = await call('POST', `/api/v1/tickets/${id}/messages`, {body: payload, idempotencyKey: idemKey});
      idemKey = randomKey();
      body.value = '';
      files.value = '';
      lastTyping = 0;
      if (alive) append([m], true);
      body.focus();
    } catch (err) {
      if (err.fields && err.fields.body) setFieldError(body, err.fields.body);
      if (err.fields && err.fields.attachments) setFieldError(files, err.fields.attachments);
      composeMsg.replaceChildren(alertBox(chatErrorText(err)));
      if (err.status === 409) reload();
    } finally {
      sending = false;
      sendBtn.removeAttribute('aria-disabled');
    }
  }

  // ---- actions ------------------------------------------------------------
  const actionsMsg = h('div', {class: 'actions-msg', id: 'chat-actions-msg', tabindex: '-1'});
  const actionsBox = h('div', {class: 'chat-actions'});
  let users = null;
  let depts = null;
  async function loadTransferLists() {
    if (users && depts) return;
    const [u, d] = await Promise.all([
      call('GET', '/api/v1/users', {query: {tenant: chat.tenant}}).then((r) => r.items).catch(() => []),
      departments().then((all) => all.filter((x) => x.tenant === chat.tenant)).catch(() => []),
    ]);
    users = u.filter((x) => x.id !== me.id);
    depts = d;
  }

  let busy = false;
  async function act(path, payload, done) {
    if (busy) return;
    busy = true;
    actionsMsg.replaceChildren();
    try {
      chat = await call('POST', `/api/v1/chats/${id}/${path}`, {body: payload});
    } catch (err) {
      replace(actionsMsg, alertBox(chatErrorText(err)));
      actionsMsg.focus();
      reload();
      return;
    } finally { busy = false; }
    duty.refresh();
    notify.refreshSoon();
    done();
  }

  function endBlock() {
    const resolved = h('button', {type: 'button', class: 'btn', id: 'chat-end-resolved', dataset: {end: 'resolved'}},
      t('agent.chat.end_resolved'));
    const keep = h('button', {type: 'button', class: 'btn btn-secondary', id: 'chat-end-ticket', dataset: {end: 'ticket'}},
      t('agent.chat.end_ticket'));
    for (const b of [resolved, keep]) {
      b.addEventListener('click', () => act('end', {resolution: b.dataset.end}, () => {
        update();
        announce(t('agent.chat.ended_done'));
        stateNote.focus();
      }));
    }
    return h('fieldset', {class: 'chat-end', 'aria-describedby': 'chat-end-hint'},
      h('legend', null, t('agent.chat.end_legend')),
      h('p', {class: 'hint', id: 'chat-end-hint'}, t('agent.chat.end_hint')),
      h('div', {class: 'compose-actions'}, resolved, keep));
  }

  function transferBlock() {
    const userSel = h('select', {name: 'user_id'}, option('', t('agent.chat.choose')),
      users.map((u) => option(String(u.id), u.name)));
    const deptSel = h('select', {name: 'department'}, option('', t('agent.chat.choose')),
      depts.map((d) => option(d.code, d.name, !!chat.department && chat.department.code === d.code)));
    const userBtn = h('button', {type: 'button', class: 'btn btn-secondary', id: 'chat-transfer-user-btn'}, t('agent.chat.transfer_user_btn'));
    const deptBtn = h('button', {type: 'button', class: 'btn btn-secondary', id: 'chat-transfer-dept-btn'}, t('agent.chat.transfer_dept_btn'));
    const box = h('fieldset', {class: 'chat-transfer'}, h('legend', null, t('agent.chat.transfer_legend')),
      h('div', {class: 'chat-transfer-row'},
        field('chat-transfer-user', t('agent.chat.transfer_user'), userSel, users.length ? null : t('agent.chat.no_users')),
        userBtn),
      h('div', {class: 'chat-transfer-row'}, field('chat-transfer-dept', t('agent.chat.transfer_dept'), deptSel), deptBtn));
    if (!users.length) userSel.disabled = true;
    const gone = (text) => {
      announce(text);
      ctx.go('#/chats');
    };
    userBtn.addEventListener('click', () => {
      clearFieldErrors(box);
      if (!userSel.value) { setFieldError(userSel, t('agent.chat.choose_user')); userSel.focus(); return; }
      const label = userSel.selectedOptions[0].textContent;
      act('transfer', {user_id: Number(userSel.value)}, () => gone(t('agent.chat.transferred_to', {name: label})));
    });
    deptBtn.addEventListener('click', () => {
      clearFieldErrors(box);
      if (!deptSel.value) { setFieldError(deptSel, t('agent.chat.choose_dept')); deptSel.focus(); return; }
      const label = deptSel.selectedOptions[0].textContent;
      act('transfer', {department: deptSel.value}, () => gone(t('agent.chat.transferred_queue', {name: label})));
    });
    return box;
  }

  // Rebuilt only when what the agent may do changes, so a half-made choice
  // in the transfer selects survives the live updates.
  let actionsKey = '';
  async function renderActions() {
    const key = `${chat.status}:${mine()}`;
    if (key === actionsKey) return;
    actionsKey = key;
    const openTicket = h('p', null, h('a', {href: `#/ticket/${id}`, class: 'btn btn-secondary', id: 'chat-open-ticket'},
      t('agent.chat.open_ticket')));
    if (!mine()) { replace(actionsBox, openTicket); return; }
    await loadTransferLists();
    if (!alive || actionsKey !== key) return;
    replace(actionsBox, endBlock(), transferBlock(), openTicket);
  }

  // ---- the state, applied to every part -----------------------------------
  function update() {
    const before = document.activeElement;
    const wasInside = before && main.contains(before);
    renderMeta();
    const isMine = mine();
    acceptPanel.hidden = chat.status !== 'queued';
    composeSection.hidden = !isMine && chat.status !== 'ended';
    for (const el of [body, note, files, sendBtn]) el.disabled = !isMine;
    if (chat.status === 'ended') {
      replace(stateNote, h('div', {class: 'alert alert-warn'},
        h('p', null, h('strong', null, t('agent.chat.ended_notice', {reason: endReasonText(chat.end_reason)}))),
        h('p', null, t('agent.chat.ended_continue'))));
      stopTyping();
    } else if (chat.status === 'active' && !isMine) {
      replace(stateNote, h('div', {class: 'alert alert-warn'}, t('agent.chat.other_agent', {name: chat.agent ? chat.agent.name : ''})));
    } else stateNote.replaceChildren();
    renderActions();
    // A control that just went away or was disabled would leave the focus
    // nowhere: put it on the sentence that says why.
    if (wasInside && (!before.isConnected || before.disabled || before.closest('[hidden]'))) {
      (stateNote.childElementCount ? stateNote : h1).focus();
    }
  }

  async function reload() {
    let fresh;
    try { fresh = await call('GET', `/api/v1/chats/${id}`); } catch (e) { return null; }
    if (!alive) return null;
    const before = chat;
    chat = fresh;
    update();
    macros.load(macroKey());
    return before;
  }

  /** What changed, in words, for the announcer. */
  function tell(before) {
    if (!before) return;
    if (chat.status === 'ended' && before.status !== 'ended') {
      announce(t('agent.chat.ended_notice', {reason: endReasonText(chat.end_reason)}));
    } else if (chat.status === 'active' && before.status === 'queued' && !mine()) {
      announce(t('agent.chat.taken_by', {name: chat.agent ? chat.agent.name : ''}));
    } else if (mine() && !(before.status === 'active' && before.agent && before.agent.id === me.id)) {
      announce(t('agent.chat.transferred_to_me'));
    } else if (!mine() && before.status === 'active' && before.agent && before.agent.id === me.id && chat.status !== 'ended') {
      announce(chat.status === 'queued' ? t('agent.chat.back_in_queue') : t('agent.chat.other_agent', {name: chat.agent ? chat.agent.name : ''}));
    }
  }

  // ---- assemble -----------------------------------------------------------
  const toReply = (text) => (mine() ? appendToReply(body, text) : false);
  const suggest = suggestPanel({tenant: chat.tenant, insert: toReply});
  const macros = macroPanel({ticketId: id, insert: toReply});
  // The canned answers follow the chat's department (a transfer changes it).
  const macroKey = () => (chat.department ? chat.department.code : '');
  const citizenBox = h('div', {class: 'side-citizen'});
  const side = h('aside', {class: 'ticket-side', 'aria-label': t('agent.ticket.side_label')}, suggest.el, macros.el, citizenBox);
  append(messages, true);
  replace(main, h('div', {class: 'view-chat', dataset: {ticketId: id}},
    h('div', {class: 'chat-main'},
      h('header', {class: 'ticket-head chat-head'}, h1, meta),
      viewMsg,
      h('section', {class: 'conv-section chat-conv', 'aria-labelledby': 'chat-log-title'},
        h('h2', {id: 'chat-log-title'}, t('agent.chat.log_title')), log, typing),
      stateNote, acceptPanel, composeSection,
      h('section', {class: 'actions-section', 'aria-labelledby': 'chat-actions-title'},
        h('h2', {id: 'chat-actions-title'}, t('agent.chat.actions_title')), actionsMsg, actionsBox)),
    side));
  update();
  toBottom();
  ctx.titled(`${t('agent.chat.view_title', {name})} · ${chat.reference}`, h1);
  if (chat.citizen && chat.citizen.id) citizenPanel(citizenBox, chat.citizen, id);
  else citizenBox.hidden = true;
  suggest.load(suggestQuery('', messages));
  macros.load(macroKey());

  return {
    chatId: id,
    async onEvent(ev) {
      if (ev.ticket_id !== id) return;
      if (ev.action === 'message_added') { fetchMessages(); return; }
      if (live.CHAT_ACTIONS.includes(ev.action) || ev.action === 'ticket_updated') tell(await reload());
    },
    onTyping(ev) {
      if (ev.ticket_id === id && ev.data && ev.data.who === 'citizen' && chat.status !== 'ended') citizenTyping();
    },
    reply() { if (mine()) { setNote(false); body.focus(); } },
    note() { if (mine()) { setNote(true); body.focus(); } },
    insertSuggestion() { return suggest.insertFirst(); },
    insertMacro(n) { return macros.insertNth(n); },
    send,
    cleanup() {
      alive = false;
      clearTimeout(typingTimer);
    },
  };
}
