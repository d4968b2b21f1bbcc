// The ticket view: header, whole conversation, reply / internal note with
// attachments, assignment, transfer, status, priority, service; suggested
// articles, canned answers and the citizen's timeline aside; live refresh
// and the concurrent-agents warning.
import {h, replace, announce, randomKey} from '/static/common/dom.js';
import {t, formatDateTime} from '/static/common/i18n.js';
import {call, ApiError, TRANSITIONS, PRIORITIES, statusBadge, prioBadge, dueCell, citizenName, errorText,
  alertBox, field, clearFieldErrors, setFieldError, departments, services, option, formatSize,
  isOverdue, isOpen, dueWhen, tn, ACCEPT, filesProblem, uploadFiles, citizenPanel, routingExplain} from './util.js';
import {suggestPanel, suggestQuery, appendToReply} from './suggest.js';
import {macroPanel} from './macros.js';
const TRACKED = ['status', 'priority', 'assignee', 'department', 'service', 'confidential'];

function notFound(main, ctx) {
  const h1 = h('h1', null, t('agent.ticket.notfound_title'));
  replace(main, h('div', {class: 'view-ticket-missing'}, h1,
    h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.ticket.notfound_text')),
    h('p', null, h('a', {href: '#/queue/mine'}, t('agent.queue.mine')))));
  ctx.titled(t('agent.ticket.notfound_title'), h1);
  return {};
}

function channelHint(channel) {
  if (['email', 'web', 'phone', 'in_person'].includes(channel)) return t(`agent.compose.via.${channel}`);
  return t('agent.compose.via_generic', {channel: t(`common.channel.${channel}`)});
}

/** One message of a conversation (also the chat view's log). */
export function messageItem(m) {
  const kind = m.internal ? 'note' : m.direction === 'in' ? 'in' : 'out';
  const author = m.author && m.author.name ? m.author.name : (m.author && m.author.kind === 'system' ? t('agent.msg.system') : '');
  return h('li', {class: `msg-${kind}`, dataset: {id: m.id}},
    h('p', {class: 'msg-meta'},
      h('strong', {class: 'msg-kind'}, kind === 'note' ? `✎ ${t('agent.msg.note')}` : kind === 'in' ? `← ${t('agent.msg.in')}` : `→ ${t('agent.msg.out')}`),
      author ? [' · ', h('span', {class: 'msg-author'}, author)] : null,
      ' · ', t(`common.channel.${m.channel}`),
      ' · ', h('time', {datetime: m.created_at}, formatDateTime(m.created_at))),
    h('div', {class: 'msg-body'}, m.body),
    m.attachments && m.attachments.length ? h('div', {class: 'msg-attachments'},
      h('p', {class: 'visually-hidden'}, t('common.attachments')),
      h('ul', {class: 'attachments'}, m.attachments.map((a) => h('li', null,
        h('a', {href: `/api/v1/attachments/${a.id}`, download: a.filename, 'aria-label': t('common.download', {name: a.filename})},
          a.filename), ' ', h('span', {class: 'muted'}, `(${formatSize(a.size)})`))))) : null);
}

/** Messages and their attachments, to notice a change that keeps the version. */
function signature(tk) {
  return tk.messages.map((m) => `${m.id}:${(m.attachments || []).length}`).join(',');
}

function describe(tk, k) {
  const v = tk[k];
  if (k === 'status') return t(`agent.status.${v}`);
  if (k === 'priority') return t(`agent.priority.${v}`);
  if (k === 'assignee') return v ? v.name : t('agent.ticket.unassigned');
  if (k === 'department') return v ? v.name : t('agent.ticket.no_department');
  if (k === 'service') return v ? v.name : t('agent.ticket.no_service');
  if (k === 'confidential') return t(v ? 'agent.ticket.confidential_yes' : 'agent.ticket.confidential_no');
  return String(v);
}
function sameVal(a, b) {
  if (a && typeof a === 'object') return !!b && a.id === b.id;
  return a === b || (!a && !b);
}
function diff(oldTk, newTk) {
  return TRACKED.filter((k) => !sameVal(oldTk[k], newTk[k]))
    .map((k) => t('agent.ticket.changed_field', {field: t(`agent.field.${k}`), from: describe(oldTk, k), to: describe(newTk, k)}));
}

export async function render(main, {id}, ctx) {
  let tk;
  try {
    tk = await call('GET', `/api/v1/tickets/${id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return notFound(main, ctx);
    throw err;
  }
  const me = ctx.session.user;
  let alive = true;

  // ---- header -----------------------------------------------------------
  const head = h('header', {class: 'ticket-head'});
  function renderHead() {
    const h1 = h('h1', {class: 'ticket-subject'}, h('span', {class: 'ticket-ref'}, tk.reference), ' ', tk.subject);
    const dd = (label, ...value) => h('div', {class: 'meta-item'}, h('dt', null, label), h('dd', null, ...value));
    replace(head, h1,
      h('p', {class: 'ticket-badges'}, statusBadge(tk.status), ' ', prioBadge(tk.priority),
        tk.confidential ? [' ', h('span', {class: 'badge badge-confidential', id: 'ticket-confidential-badge'},
          `🔒 ${t('agent.ticket.confidential_badge')}`)] : null,
        isOverdue(tk) ? [' ', h('span', {class: 'badge badge-overdue'}, `⚠ ${t('agent.ticket.overdue_mark')}`)] : null),
      // A ticket born in the chat widget: its live conversation is one click away.
      tk.channel === 'chat' ? h('p', {class: 'ticket-chat-link'}, h('a', {href: `#/chat/${tk.id}`}, t('agent.chat.open_chat'))) : null,
      h('dl', {class: 'meta'},
        dd(t('agent.field.tenant'), tk.tenant),
        dd(t('agent.field.channel'), t(`common.channel.${tk.channel}`)),
        dd(t('agent.field.citizen'), h('a', {href: `#/citizen/${tk.citizen.id}`}, citizenName(tk.citizen))),
        dd(t('agent.field.assignee'), describe(tk, 'assignee')),
        dd(t('agent.field.department'), describe(tk, 'department')),
        dd(t('agent.field.service'), describe(tk, 'service')),
        dd(t('agent.field.created'), h('time', {datetime: tk.created_at}, formatDateTime(tk.created_at))),
        dd(t('agent.field.updated'), h('time', {datetime: tk.updated_at}, formatDateTime(tk.updated_at))),
        dd(t('agent.field.due'), dueCell(tk)),
        slaDetails(tk, dd),
        tk.resolved_at ? dd(t('agent.field.resolved'), formatDateTime(tk.resolved_at)) : null),
      routingNote);
    return h1;
  }

  // ---- deadlines: each target, and whether the clock is stopped ---------------
  function slaDetails(tk, dd) {
    const s = tk.sla || {};
    const item = (key, iso) => iso ? dd(t(key), dueWhen(iso)) : null;
    return [
      item('agent.sla.first_response', s.first_response_due_at),
      item('agent.sla.resolution', s.resolution_due_at),
      item('agent.sla.legal', s.legal_due_at),
      s.paused ? dd(t('agent.sla.clock'), t('agent.sla.paused')) : null,
      s.escalated && isOpen(tk) ? dd(t('agent.sla.state'), h('span', {class: 'overdue'}, t('agent.sla.escalated'))) : null,
    ];
  }

  // ---- why routing sent it here ----------------------------------------------
  // The ticket's "ticket_routed" event, from the citizen's timeline (newest
  // first; it was written with the ticket, so the search stops at the
  // ticket's creation).
  const routingNote = h('p', {class: 'routing-explain', id: 'ticket-routing', hidden: true});
  async function findRouted() {
    const created = new Date(tk.created_at).getTime();
    let cursor = null;
    for (let page = 0; page < 10 && alive; page++) {
      const r = await call('GET', `/api/v1/citizens/${tk.citizen.id}/timeline`, {query: {limit: 200, cursor}});
      for (const it of r.items) {
        if (it.ticket_id === id && it.action === 'ticket_routed') return it;
        if (it.ticket_id === id && it.action === 'ticket_created') return null;
        if (new Date(it.at).getTime() < created - 60000) return null;
      }
      cursor = r.next_cursor;
      if (!cursor || !r.items.length) return null;
    }
    return null;
  }
  async function showRouting() {
    let ev = null;
    try { ev = await findRouted(); } catch (e) { ev = null; }
    if (!alive || !ev) return;
    const d = ev.data || {};
    const dept = d.department ? (deptList.find((x) => x.code === d.department) || {}).name : '';
    replace(routingNote, h('span', {class: 'routing-label'}, `${t('agent.routing.explain.label')} `),
      h('span', {class: 'routing-text'}, routingExplain(d, dept)));
    routingNote.dataset.by = d.by === 'classifier' ? 'classifier' : 'rule';
    routingNote.hidden = false;
  }

  // ---- conversation -----------------------------------------------------
  const convTitle = h('h2', {id: 'conv-title'});
  const conv = h('ol', {class: 'conversation'});
  function renderConversation() {
    convTitle.textContent = tn('agent.ticket.conversation', tk.messages.length);
    replace(conv, tk.messages.map(messageItem));
  }

  // ---- presence ---------------------------------------------------------
  const presence = h('div', {class: 'presence-banner', role: 'status', 'aria-live': 'polite'});
  let activity = 'viewing';
  let lastOthers = '';
  function showOthers(others) {
    const key = JSON.stringify((others || []).map((o) => [o.user.id, o.activity]));
    if (key === lastOthers) return;
    lastOthers = key;
    replace(presence, (others || []).map((o) => h('p', {class: `presence-${o.activity}`},
      t(o.activity === 'replying' ? 'agent.presence.replying' : 'agent.presence.viewing', {name: o.user.name}))));
  }
  async function ping() {
    if (!alive) return;
    try {
      const r = await call('POST', `/api/v1/tickets/${id}/presence`, {body: {activity}});
      if (alive && r) showOthers(r.others);
    } catch (e) { /* presence is best effort */ }
  }
  function leave() {
    try {
      fetch(`/api/v1/tickets/${id}/presence`, {method: 'DELETE', keepalive: true, credentials: 'same-origin',
        headers: {'X-CSRF-Token': ctx.session ? ctx.session.csrf_token : ''}}).catch(() => {});
    } catch (e) { /* ignore */ }
  }
  const presenceTimer = setInterval(ping, 10000);
  window.addEventListener('pagehide', leave);

  // ---- composer ---------------------------------------------------------
  let mode = 'reply';
  let idemKey = randomKey();
  const rReply = h('input', {type: 'radio', name: 'compose-mode', id: 'mode-reply', value: 'reply', checked: true});
  const rNote = h('input', {type: 'radio', name: 'compose-mode', id: 'mode-note', value: 'note'});
  const modeSet = h('fieldset', {class: 'mode-switch'}, h('legend', null, t('agent.compose.mode')),
    h('div', {class: 'radio'}, rReply, h('label', {for: 'mode-reply'}, t('agent.compose.reply'))),
    h('div', {class: 'radio'}, rNote, h('label', {for: 'mode-note'}, `✎ ${t('agent.compose.note')}`)));
  const hint = h('p', {class: 'compose-hint', id: 'compose-hint'});
  const body = h('textarea', {name: 'body', rows: 6, maxlength: 20000, 'aria-keyshortcuts': 'Control+Enter'});
  const bodyField = field('compose-body', t('agent.compose.body_reply'), body);
  body.setAttribute('aria-describedby', 'compose-hint');
  const files = h('input', {type: 'file', name: 'files', multiple: true, accept: ACCEPT});
  const filesField = field('compose-files', t('agent.compose.files'), files, t('agent.compose.files_hint'));
  const sendBtn = h('button', {type: 'submit', class: 'btn'}, t('agent.compose.send_reply'));
  const composeMsg = h('div', {class: 'compose-msg'});
  const closedNote = h('p', {class: 'alert alert-warn', hidden: true}, t('agent.compose.closed'));
  const composeTitle = h('h2', {id: 'compose-title'}, t('agent.compose.title'));
  const composer = h('form', {class: 'composer', novalidate: true},
    modeSet, hint, bodyField, filesField, composeMsg,
    h('div', {class: 'compose-actions'}, sendBtn, h('span', {class: 'hint'}, t('agent.compose.ctrl_enter'))));

  function setMode(m) {
    mode = m;
    rReply.checked = m === 'reply';
    rNote.checked = m === 'note';
    composer.classList.toggle('is-note', m === 'note');
    bodyField.querySelector('label').textContent = m === 'note' ? t('agent.compose.body_note') : t('agent.compose.body_reply');
    hint.textContent = m === 'note' ? t('agent.compose.note_hint') : channelHint(tk.channel);
    sendBtn.textContent = m === 'note' ? t('agent.compose.send_note') : t('agent.compose.send_reply');
  }
  rReply.addEventListener('change', () => setMode('reply'));
  rNote.addEventListener('change', () => setMode('note'));
  function updateComposer() {
    const closed = tk.status === 'closed';
    closedNote.hidden = !closed;
    for (const el of [rReply, rNote, body, files, sendBtn]) el.disabled = closed;
    setMode(mode);
  }
  body.addEventListener('input', () => {
    const want = body.value.trim() ? 'replying' : 'viewing';
    if (want !== activity) { activity = want; ping(); }
  });
  body.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); send(); }
  });
  composer.addEventListener('submit', (e) => { e.preventDefault(); send(); });

  let sending = false;
  async function send() {
    if (sending || tk.status === 'closed') return;
    clearFieldErrors(composer);
    composeMsg.replaceChildren();
    const text = body.value.trim();
    if (!text) { setFieldError(body, t('agent.compose.body_required')); body.focus(); return; }
    const list = Array.from(files.files || []);
    const problem = filesProblem(list);
    if (problem) { setFieldError(files, problem); files.focus(); return; }
    sending = true;
    sendBtn.disabled = true;
    const internal = mode === 'note';
    try {
      let tokens;
      try { tokens = await uploadFiles(list); } catch (upErr) {
        setFieldError(files, upErr.message);
        files.focus();
        return;
      }
      const payload = {body: text, internal};
      if (tokens.length) payload.attachments = tokens;
      await call('POST', `/api/v1/tickets/${id}/messages`, {body: payload, idempotencyKey: idemKey});
      idemKey = randomKey();
      body.value = '';
      files.value = '';
      if (activity !== 'viewing') { activity = 'viewing'; ping(); }
      await refresh(false);
      const done = internal ? t('agent.compose.note_saved') : t('agent.compose.reply_sent');
      composeMsg.replaceChildren(alertBox(done, 'ok'));
      announce(done);
    } catch (err) {
      if (err.fields && err.fields.body) setFieldError(body, err.fields.body);
      if (err.fields && err.fields.attachments) setFieldError(files, err.fields.attachments);
      composeMsg.replaceChildren(alertBox(errorText(err)));
      if (err.status === 409) refresh(true);
    } finally {
      sending = false;
      sendBtn.disabled = tk.status === 'closed';
    }
  }

  // ---- actions ----------------------------------------------------------
  const actionsMsg = h('div', {class: 'actions-msg', tabindex: '-1'});
  const actionsBox = h('div');
  let users = null;
  async function loadUsers() {
    try { users = (await call('GET', '/api/v1/users', {query: {tenant: tk.tenant}})).items; } catch (e) { users = null; }
  }
  let deptList = [];
  let serviceList = [];
  async function loadCatalog() {
    try { deptList = (await departments()).filter((d) => d.tenant === tk.tenant); } catch (e) { deptList = []; }
    try { serviceList = await services(tk.tenant); } catch (e) { serviceList = []; }
  }
  const sel = {};
  function renderActions() {
    const closed = tk.status === 'closed';
    const st = h('select', {name: 'status', 'aria-keyshortcuts': 's'},
      option(tk.status, t('agent.ticket.status_current', {s: t(`agent.status.${tk.status}`)}), true),
      TRANSITIONS[tk.status].map((s) => option(s, t(`agent.status.${s}`))));
    const pr = h('select', {name: 'priority'}, PRIORITIES.map((p) => option(p, t(`agent.priority.${p}`), p === tk.priority)));
    const asg = h('select', {name: 'assignee'}, option('', t('agent.ticket.unassigned'), !tk.assignee),
      option('me', t('agent.ticket.assign_me_option', {name: me.name}), tk.assignee && tk.assignee.id === me.id));
    const seen = new Set([me.id]);
    for (const u of users || []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      asg.appendChild(option(String(u.id), u.name, tk.assignee && tk.assignee.id === u.id));
    }
    if (tk.assignee && !seen.has(tk.assignee.id)) asg.appendChild(option(String(tk.assignee.id), tk.assignee.name, true));
    const dep = h('select', {name: 'department'}, option('', t('agent.ticket.no_department'), !tk.department),
      deptList.map((d) => option(String(d.id), d.name, tk.department && tk.department.id === d.id)));
    if (tk.department && !deptList.some((d) => d.id === tk.department.id)) dep.appendChild(option(String(tk.department.id), tk.department.name, true));
    const svc = h('select', {name: 'service'}, option('', t('agent.ticket.no_service'), !tk.service),
      serviceList.map((s) => option(String(s.id), s.name, tk.service && tk.service.id === s.id)));
    if (tk.service && !serviceList.some((s) => s.id === tk.service.id)) svc.appendChild(option(String(tk.service.id), tk.service.name, true));
    // Anyone handling a case may make it confidential; only a supervisor
    // opens it to every agent again (the server refuses it to agents too).
    const conf = h('input', {type: 'checkbox', name: 'confidential', id: 'act-confidential', checked: !!tk.confidential,
      'aria-describedby': 'act-confidential-hint'});
    Object.assign(sel, {status: st, priority: pr, assignee: asg, department: dep, service: svc, confidential: conf});
    for (const s of Object.values(sel)) s.disabled = closed;
    if (tk.confidential && me.role === 'agent') conf.disabled = true;
    const assignMeBtn = h('button', {type: 'button', class: 'btn btn-secondary', 'aria-keyshortcuts': 'a',
      disabled: closed || (tk.assignee && tk.assignee.id === me.id), onclick: () => assignMe()}, t('agent.ticket.assign_me'));
    const saveBtn = h('button', {type: 'submit', class: 'btn', disabled: closed}, t('agent.ticket.apply'));
    const form = h('form', {class: 'actions-form', novalidate: true},
      h('div', {class: 'actions-grid'},
        field('act-assignee', t('agent.field.assignee'), asg),
        field('act-status', t('agent.field.status'), st, closed ? t('agent.ticket.closed_final') : null),
        field('act-priority', t('agent.field.priority'), pr),
        field('act-department', t('agent.ticket.transfer'), dep),
        field('act-service', t('agent.field.service'), svc, t('agent.ticket.service_hint')),
        h('div', {class: 'field field-check'}, conf,
          h('label', {for: 'act-confidential'}, t('agent.field.confidential')),
          h('p', {class: 'hint', id: 'act-confidential-hint'}, t('agent.ticket.confidential_hint')))),
      h('div', {class: 'compose-actions'}, saveBtn, assignMeBtn));
    form.addEventListener('submit', (e) => { e.preventDefault(); applyChanges(); });
    replace(actionsBox, form);
  }

  function pendingChanges() {
    const ch = {};
    if (sel.status.value !== tk.status) ch.status = sel.status.value;
    if (sel.priority.value !== tk.priority) ch.priority = sel.priority.value;
    const a = sel.assignee.value;
    const cur = tk.assignee ? tk.assignee.id : null;
    if (a === '' && cur !== null) ch.assignee = null;
    else if (a === 'me' && cur !== me.id) ch.assignee = 'me';
    else if (a !== '' && a !== 'me' && Number(a) !== cur) ch.assignee = Number(a);
    const d = sel.department.value;
    if ((d || null) !== (tk.department ? String(tk.department.id) : null)) ch.department = d ? Number(d) : null;
    const s = sel.service.value;
    if ((s || null) !== (tk.service ? String(tk.service.id) : null)) ch.service = s ? Number(s) : null;
    if (sel.confidential.checked !== !!tk.confidential) ch.confidential = sel.confidential.checked;
    return ch;
  }

  async function patch(changes) {
    actionsMsg.replaceChildren();
    if (!Object.keys(changes).length) {
      actionsMsg.replaceChildren(alertBox(t('agent.ticket.nothing_changed'), 'warn'));
      return;
    }
    const before = tk;
    try {
      const updated = await call('PATCH', `/api/v1/tickets/${id}`, {body: {...changes, version: tk.version}});
      tk = {...updated, messages: tk.messages};
      rerender();
      const text = t('agent.ticket.saved', {changes: diff(before, tk).join('; ')});
      actionsMsg.replaceChildren(alertBox(text, 'ok'));
      announce(text);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        if (err.fields && err.fields.status) {
          actionsMsg.replaceChildren(alertBox(`${t('agent.ticket.transition_refused')} ${err.fields.status}`));
          actionsMsg.focus();
          await refresh(false);
          return;
        }
        await refresh(false);
        const changed = diff(before, tk);
        actionsMsg.replaceChildren(h('div', {class: 'alert alert-error', role: 'alert'},
          h('p', null, h('strong', null, t('agent.ticket.conflict'))),
          changed.length ? h('ul', null, changed.map((c) => h('li', null, c))) : h('p', null, t('agent.ticket.conflict_messages')),
          h('p', null, t('agent.ticket.conflict_retry'))));
        actionsMsg.focus();
        return;
      }
      const fieldsText = Object.values((err && err.fields) || {}).join(' ');
      actionsMsg.replaceChildren(alertBox(`${errorText(err)} ${fieldsText}`.trim()));
      actionsMsg.focus();
    }
  }
  function applyChanges() { return patch(pendingChanges()); }
  function assignMe() {
    if (tk.status === 'closed' || (tk.assignee && tk.assignee.id === me.id)) return;
    return patch({assignee: 'me'});
  }

  // ---- side panel: suggested articles, canned answers, the citizen ------------
  const toReply = (text) => (tk.status === 'closed' ? false : appendToReply(body, text));
  const suggest = suggestPanel({tenant: tk.tenant, insert: toReply});
  const macros = macroPanel({ticketId: id, insert: toReply});
  // What the filled-in canned answers depend on: read again when it changes.
  const macroKey = () => [tk.department && tk.department.id, tk.service && tk.service.id, tk.citizen && tk.citizen.id,
    tk.citizen && tk.citizen.name].join('|');
  const citizenBox = h('div', {class: 'side-citizen'});

  // ---- the citizen's satisfaction survey (docs/surveys.md) --------------------
  const surveyBox = h('section', {class: 'side-survey', 'aria-labelledby': 'survey-title', hidden: true});
  async function loadSurvey() {
    let sv;
    try { sv = await call('GET', `/api/v1/tickets/${id}/survey`); } catch (e) { return; }
    if (!alive) return;
    const a = sv.answers;
    const none = t('agent.survey.not_given');
    const row = (label, value) => [h('dt', null, label), h('dd', null, value)];
    replace(surveyBox, h('h2', {id: 'survey-title'}, t('agent.survey.title')),
      a ? h('dl', {class: 'survey-answers'},
        row(t('agent.survey.csat'), `${a.csat} / 5`),
        row(t('agent.survey.fcr'), a.fcr === null ? none : t(a.fcr ? 'agent.survey.yes' : 'agent.survey.no')),
        row(t('agent.survey.ces'), a.ces === null ? none : `${a.ces} / 7`),
        row(t('agent.survey.nps'), a.nps === null ? none : `${a.nps} / 10`),
        a.comment ? row(t('agent.survey.comment'), a.comment) : null,
        row(t('agent.survey.answered_at'), h('time', {datetime: sv.answered_at}, formatDateTime(sv.answered_at))))
        : h('p', {class: 'muted'}, t('agent.survey.pending', {date: formatDateTime(sv.sent_at)})));
    surveyBox.hidden = false;
  }
  const side = h('aside', {class: 'ticket-side', 'aria-label': t('agent.ticket.side_label')}, suggest.el, macros.el, surveyBox, citizenBox);
  function renderSide() { return citizenPanel(citizenBox, tk.citizen, tk.id); }

  // ---- assemble ---------------------------------------------------------
  await Promise.all([loadUsers(), loadCatalog()]);
  const h1 = renderHead();
  renderConversation();
  renderActions();
  replace(main, h('div', {class: 'view-ticket'},
    h('div', {class: 'ticket-main'},
      head, presence,
      h('section', {class: 'conv-section', 'aria-labelledby': 'conv-title'}, convTitle, conv),
      h('section', {class: 'compose-section', 'aria-labelledby': 'compose-title'}, composeTitle, closedNote, composer),
      h('section', {class: 'actions-section', 'aria-labelledby': 'actions-title'},
        h('h2', {id: 'actions-title'}, t('agent.ticket.actions')), actionsMsg, actionsBox)),
    side));
  updateComposer();
  ctx.titled(`${tk.reference} · ${tk.subject}`, h1);
  renderSide();
  suggest.load(suggestQuery(tk.subject, tk.messages));
  macros.load(macroKey());
  showRouting();
  loadSurvey();
  ping();

  function rerender() {
    const focusedName = document.activeElement && actionsBox.contains(document.activeElement) ? document.activeElement.name : null;
    renderHead();
    renderConversation();
    renderActions();
    updateComposer();
    macros.load(macroKey());
    if (focusedName && sel[focusedName]) sel[focusedName].focus();
  }

  async function refresh(quiet) {
    let fresh;
    try { fresh = await call('GET', `/api/v1/tickets/${id}`); } catch (e) { return false; }
    if (!alive) return false;
    const changed = fresh.version !== tk.version || signature(fresh) !== signature(tk);
    const before = tk;
    tk = fresh;
    if (changed || !quiet) rerender();
    return changed ? before : false;
  }

  async function onEvent(ev) {
    if (ev.ticket_id !== id) return;
    if (ev.action === 'survey_offered' || ev.action === 'survey_answered') { loadSurvey(); return; }
    const knownIds = new Set(tk.messages.map((m) => m.id));
    const before = await refresh(true);
    if (!before) return;
    // The citizen's history beside the ticket follows what just happened.
    renderSide();
    const newMsgs = tk.messages.filter((m) => !knownIds.has(m.id));
    const parts = [];
    for (const m of newMsgs) {
      parts.push(m.internal ? t('agent.live.new_note', {name: (m.author && m.author.name) || ''})
        : m.direction === 'in' ? t('agent.live.new_in') : t('agent.live.new_out', {name: (m.author && m.author.name) || ''}));
    }
    const changed = diff(before, tk);
    if (changed.length) parts.push(t('agent.live.updated', {changes: changed.join('; ')}));
    if (parts.length) {
      const text = parts.join(' ');
      actionsMsg.replaceChildren();
      replace(liveNote, h('div', {class: 'alert alert-ok'}, text));
      announce(text);
    }
  }
  const liveNote = h('div', {class: 'live-note'});
  presence.after(liveNote);

  return {
    onEvent,
    reply() { if (tk.status !== 'closed') { setMode('reply'); body.focus(); } },
    note() { if (tk.status !== 'closed') { setMode('note'); body.focus(); } },
    assignMe,
    focusStatus() { if (sel.status) sel.status.focus(); },
    insertSuggestion() { return suggest.insertFirst(); },
    insertMacro(n) { return macros.insertNth(n); },
    send,
    cleanup() {
      alive = false;
      clearInterval(presenceTimer);
      window.removeEventListener('pagehide', leave);
      leave();
    },
  };
}
