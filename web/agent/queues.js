// Queues: mine, unassigned, my department, overdue, all. A real table with
// "load more", filters, and new matching tickets arriving live at the top.
// The route may also carry the list behind a backlog figure
// (#/queue/all?open=true&tenant=MOS&department=41&age_min=31&age_max=60):
// those filters go through to GET /api/v1/tickets as they are, and the
// heading says in words what the list holds.
import {h, replace, announce} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';
import {call, STATUSES, CHANNELS, PRIORITIES, statusBadge, prioBadge, dueCell, citizenName, errorText,
  departments, services, tenants, option, isOpen, isOverdue, tn, timeEl} from './util.js';

export const QUEUES = ['mine', 'unassigned', 'department', 'at_risk', 'overdue', 'all'];
const DEPT_KEY = 'vt_agent_department';
const filtersByQueue = new Map();
const PAGE = 50;

/** The route's filters that pass through to GET /api/v1/tickets (a backlog figure's list). */
export const DRILL_PARAMS = ['open', 'tenant', 'department', 'service_id', 'age_min', 'age_max', 'overdue'];
const DRILL_VALID = {
  open: /^(true|false)$/, overdue: /^(true|false)$/, tenant: /^[A-Za-z0-9_-]{1,64}$/,
  department: /^[1-9][0-9]{0,17}$/, service_id: /^[1-9][0-9]{0,17}$/, age_min: /^[0-9]{1,5}$/, age_max: /^[0-9]{1,5}$/,
};
const DAY_MS = 86400000;

/** The pass-through filters of the route's query, those with a valid value only. */
export function drillFrom(query) {
  const d = {};
  if (!query) return d;
  for (const k of DRILL_PARAMS) {
    const v = query.get(k);
    if (v && DRILL_VALID[k].test(v)) d[k] = v;
  }
  return d;
}

/** What a list with these filters holds, in words: "Expedientes abiertos de Urbanismo con 31–60 días". */
async function drillTitle(d, tenantList) {
  let subject = d.open === 'true' ? t('agent.drill.open') : t('agent.drill.tickets');
  let name = '';
  if (d.department) {
    try { name = ((await departments()).find((x) => String(x.id) === d.department) || {}).name || ''; } catch (e) { name = ''; }
    if (!name) name = t('agent.drill.department_n', {id: d.department});
  } else if (d.service_id) {
    if (d.tenant) {
      try { name = ((await services(d.tenant)).find((x) => String(x.id) === d.service_id) || {}).name || ''; } catch (e) { name = ''; }
    }
    if (!name) name = t('agent.drill.service_n', {id: d.service_id});
  } else if (d.tenant) {
    name = (tenantList.find((x) => x.code === d.tenant) || {name: d.tenant}).name;
  }
  if (name) subject = t('agent.drill.of', {subject, name});
  const min = d.age_min !== undefined ? Number(d.age_min) : null;
  const max = d.age_max !== undefined ? Number(d.age_max) : null;
  if (min !== null && max !== null) subject = t('agent.drill.age_between', {subject, min, max});
  else if (max !== null) subject = t('agent.drill.age_upto', {subject, max});
  else if (min !== null && min > 0) subject = t('agent.drill.age_over', {subject, n: min - 1});
  if (d.overdue === 'true') subject = t('agent.drill.overdue', {subject});
  return subject;
}

/** Whether a ticket passes the pass-through filters (for tickets arriving live). */
function drillMatches(d, tk) {
  if (d.open === 'true' && !isOpen(tk)) return false;
  if (d.overdue === 'true' && !isOverdue(tk)) return false;
  if (d.tenant && tk.tenant !== d.tenant) return false;
  if (d.department && !(tk.department && String(tk.department.id) === d.department)) return false;
  if (d.service_id && !(tk.service && String(tk.service.id) === d.service_id)) return false;
  if (d.age_min !== undefined || d.age_max !== undefined) {
    const age = Math.floor((Date.now() - new Date(tk.created_at).getTime()) / DAY_MS);
    if (d.age_min !== undefined && age < Number(d.age_min)) return false;
    if (d.age_max !== undefined && age > Number(d.age_max)) return false;
  }
  return true;
}

function savedDept() { try { return localStorage.getItem(DEPT_KEY) || ''; } catch (e) { return ''; } }
function saveDept(v) { try { localStorage.setItem(DEPT_KEY, v); } catch (e) { /* ignore */ } }

export async function render(main, {queue, query: routeQuery}, ctx) {
  const drill = drillFrom(routeQuery);
  const drilled = Object.keys(drill).length > 0;
  // A backlog figure's list starts with no filters of its own (and does not
  // disturb those kept for the plain queue).
  const filterKey = drilled ? `${queue}?${new URLSearchParams(drill)}` : queue;
  const filters = filtersByQueue.get(filterKey) || {status: '', channel: '', priority: '', tenant: '', q: ''};
  filtersByQueue.set(filterKey, filters);
  const me = ctx.session.user.id;
  let depts = [];
  let deptId = '';
  if (queue === 'department') {
    depts = await departments();
    deptId = savedDept();
    if (!depts.some((d) => String(d.id) === deptId)) deptId = depts.length ? String(depts[0].id) : '';
  }
  let tenantList = [];
  try { tenantList = await tenants(); } catch (e) { tenantList = ctx.session.tenants.map((code) => ({code, name: code})); }

  const title = drilled ? await drillTitle(drill, tenantList) : t(`agent.queue.${queue}`);
  const h1 = h('h1', {class: drilled ? 'drill-title' : null, id: drilled ? 'drill-title' : null}, title);
  const desc = drilled
    ? h('div', {class: 'drill-desc', id: 'drill-desc'},
      h('p', {class: 'muted queue-desc'}, t('agent.drill.desc')),
      h('p', {class: 'drill-links'},
        ctx.hasRole('supervisor') ? [h('a', {href: drill.service_id ? '#/backlog?group=service' : '#/backlog', id: 'drill-back'},
          `← ${t('agent.drill.back')}`), ' · '] : null,
        h('a', {href: `#/queue/${queue}`, id: 'drill-clear'}, t('agent.drill.clear', {queue: t(`agent.queue.${queue}`)}))))
    : h('p', {class: 'muted queue-desc'}, t(`agent.queue.${queue}_desc`));

  // Filters
  const mkSelect = (name, values, labelFn) => {
    const s = h('select', {name},
      option('', t('agent.filter.any')),
      values.map((v) => option(v, labelFn(v), filters[name] === v)));
    return s;
  };
  const fStatus = mkSelect('status', STATUSES, (v) => t(`agent.status.${v}`));
  const fChannel = mkSelect('channel', CHANNELS, (v) => t(`common.channel.${v}`));
  const fPrio = mkSelect('priority', PRIORITIES, (v) => t(`agent.priority.${v}`));
  const fTenant = h('select', {name: 'tenant'}, option('', t('agent.filter.any')),
    tenantList.map((tn) => option(tn.code, `${tn.name} (${tn.code})`, filters.tenant === tn.code)));
  const fQ = h('input', {type: 'search', name: 'q', value: filters.q, dataset: {search: '1'}, maxlength: 200,
    'aria-keyshortcuts': '/'});
  fQ.value = filters.q;
  let fDept = null;
  if (queue === 'department') {
    const byTenant = new Map();
    for (const d of depts) { if (!byTenant.has(d.tenant)) byTenant.set(d.tenant, []); byTenant.get(d.tenant).push(d); }
    fDept = h('select', {name: 'department'},
      byTenant.size > 1
        ? Array.from(byTenant, ([tn, ds]) => h('optgroup', {label: tn}, ds.map((d) => option(String(d.id), d.name, String(d.id) === deptId))))
        : depts.map((d) => option(String(d.id), d.name, String(d.id) === deptId)));
  }
  const small = (id, label, control) => { control.id = id; return h('div', {class: 'filter'}, h('label', {for: id}, label), control); };
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': t('agent.filter.title')},
    fDept ? small('f-dept', t('agent.filter.department'), fDept) : null,
    small('f-q', t('agent.filter.search'), fQ),
    small('f-status', t('agent.filter.status'), fStatus),
    small('f-channel', t('agent.filter.channel'), fChannel),
    small('f-priority', t('agent.filter.priority'), fPrio),
    tenantList.length > 1 && !drill.tenant ? small('f-tenant', t('agent.filter.tenant'), fTenant) : null,
    h('div', {class: 'filter filter-actions'},
      h('button', {type: 'submit', class: 'btn'}, t('agent.filter.apply')),
      h('button', {type: 'button', class: 'btn btn-secondary', onclick: () => {
        Object.assign(filters, {status: '', channel: '', priority: '', tenant: '', q: ''});
        for (const s of [fStatus, fChannel, fPrio, fTenant]) s.value = '';
        fQ.value = '';
        reload();
      }}, t('agent.filter.clear'))));

  const countEl = h('p', {class: 'queue-count', role: 'status'});
  const caption = h('caption', null, title);
  const tbody = h('tbody');
  const table = h('table', {class: 'tickets'}, caption,
    h('thead', null, h('tr', null, ['reference', 'subject', 'citizen', 'tenant', 'channel', 'status', 'priority', 'assignee', 'updated', 'due']
      .map((c) => h('th', {scope: 'col', class: `col-${c}`}, t(`agent.col.${c}`))))),
    tbody);
  const more = h('button', {type: 'button', class: 'btn btn-secondary', hidden: true}, t('agent.queue.more'));
  const errBox = h('div');
  replace(main, h('div', {class: drilled ? 'view-queue is-drill' : 'view-queue', dataset: {queue}}, h1, desc, form, errBox, countEl, h('div', {class: 'table-wrap'}, table), h('p', null, more)));
  ctx.titled(title, h1);

  let cursor = null;
  let current = -1;
  let loadedCount = 0;
  let seq = 0;

  function query() {
    const q = {limit: PAGE, status: filters.status, channel: filters.channel, priority: filters.priority,
      tenant: filters.tenant, q: filters.q};
    if (queue === 'mine') q.assignee = 'me';
    if (queue === 'unassigned') q.assignee = 'none';
    if (queue === 'overdue') q.overdue = 'true';
    if (queue === 'at_risk') q.at_risk = 'true';
    if (queue === 'department') q.department = deptId;
    // A backlog figure's filters, as they came (they win over the form's administration).
    Object.assign(q, drill);
    return q;
  }

  function row(tk, fresh) {
    const link = h('a', {href: `#/ticket/${tk.id}`, class: 'ref'}, tk.reference);
    return h('tr', {dataset: {id: tk.id}, class: fresh ? 'row-new' : null},
      h('td', {class: 'col-reference'}, link, fresh ? h('span', {class: 'new-mark'}, ` ${t('agent.queue.new_mark')}`) : null),
      h('td', {class: 'col-subject'}, tk.subject),
      h('td', {class: 'col-citizen'}, citizenName(tk.citizen)),
      h('td', {class: 'col-tenant'}, tk.tenant),
      h('td', {class: 'col-channel'}, t(`common.channel.${tk.channel}`)),
      h('td', {class: 'col-status'}, statusBadge(tk.status)),
      h('td', {class: 'col-priority'}, prioBadge(tk.priority)),
      h('td', {class: 'col-assignee'}, tk.assignee ? tk.assignee.name : h('span', {class: 'muted'}, t('agent.ticket.unassigned'))),
      h('td', {class: 'col-updated'}, timeEl(tk.updated_at)),
      h('td', {class: 'col-due'}, dueCell(tk, true)));
  }

  function updateCount(hasMore) {
    countEl.textContent = loadedCount === 0 ? t('agent.queue.empty')
      : hasMore ? t('agent.queue.count_more', {n: loadedCount}) : tn('agent.queue.count', loadedCount);
  }

  async function load(reset) {
    const my = ++seq;
    more.disabled = true;
    if (reset) { cursor = null; current = -1; loadedCount = 0; }
    try {
      const r = await call('GET', '/api/v1/tickets', {query: {...query(), cursor}});
      if (my !== seq) return;
      if (reset) tbody.replaceChildren();
      errBox.replaceChildren();
      for (const tk of r.items) tbody.appendChild(row(tk, false));
      loadedCount += r.items.length;
      cursor = r.next_cursor;
      more.hidden = !cursor || r.items.length === 0;
      updateCount(!more.hidden);
    } catch (err) {
      if (my !== seq) return;
      errBox.replaceChildren(h('div', {class: 'alert alert-error', role: 'alert'}, errorText(err)));
    } finally { more.disabled = false; }
  }
  function reload() { load(true); }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    filters.q = fQ.value.trim();
    reload();
  });
  for (const s of [fStatus, fChannel, fPrio, fTenant]) {
    s.addEventListener('change', () => { filters[s.name] = s.value; reload(); });
  }
  if (fDept) fDept.addEventListener('change', () => { deptId = fDept.value; saveDept(deptId); reload(); });
  more.addEventListener('click', () => load(false));
  await load(true);

  function matches(tk) {
    if (filters.q) return false;
    if (filters.status && tk.status !== filters.status) return false;
    if (filters.channel && tk.channel !== filters.channel) return false;
    if (filters.priority && tk.priority !== filters.priority) return false;
    if (filters.tenant && tk.tenant !== filters.tenant) return false;
    if (queue === 'mine' && !(tk.assignee && tk.assignee.id === me)) return false;
    if (queue === 'unassigned' && tk.assignee) return false;
    if (queue === 'overdue' && !isOverdue(tk)) return false;
    if (queue === 'at_risk' && !(tk.sla && tk.sla.escalated && isOpen(tk) && tk.status !== 'pending')) return false;
    if (queue === 'department' && !(tk.department && String(tk.department.id) === deptId)) return false;
    if (drilled && !drillMatches(drill, tk)) return false;
    return true;
  }

  async function onEvent(ev) {
    if (!ev.ticket_id) return;
    const existing = tbody.querySelector(`tr[data-id="${ev.ticket_id}"]`);
    if (!existing && ev.action === 'message_added') return;
    let tk;
    try { tk = await call('GET', `/api/v1/tickets/${ev.ticket_id}`); } catch (e) { return; }
    if (!main.contains(table)) return;
    const again = tbody.querySelector(`tr[data-id="${ev.ticket_id}"]`);
    if (again) {
      const fresh = again.classList.contains('row-new');
      const hadFocus = again.contains(document.activeElement);
      const nr = row(tk, fresh);
      if (again.classList.contains('is-current')) nr.classList.add('is-current');
      again.replaceWith(nr);
      if (hadFocus) nr.querySelector('a').focus();
    } else if (matches(tk)) {
      tbody.prepend(row(tk, true));
      if (current >= 0) current++;
      loadedCount++;
      updateCount(!more.hidden);
      announce(t('agent.queue.arrived', {ref: tk.reference, subject: tk.subject}));
    }
  }

  function moveRow(delta) {
    const rows = Array.from(tbody.rows);
    if (!rows.length) return;
    const focusedRow = rows.findIndex((r) => r.contains(document.activeElement));
    if (focusedRow >= 0) current = focusedRow;
    current = Math.max(0, Math.min(rows.length - 1, current + delta));
    rows.forEach((r, i) => r.classList.toggle('is-current', i === current));
    rows[current].querySelector('a').focus();
  }

  return {onEvent, moveRow, cleanup() { seq++; }};
}
