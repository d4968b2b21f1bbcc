// New phone call / new visit: the screen pop. One search field finds the
// person as soon as the identity looks complete, shows their history at once,
// then the agent logs the contact as a new ticket or on an open one.
import {h, replace, announce, randomKey} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';
import {call, errorText, field, clearFieldErrors, showFormErrors, tenants, services, option, PRIORITIES,
  identityList, ticketMiniTable, timelineItem, citizenName, isOpen, tn} from './util.js';

/** What kind of identity the typed value is, or null. */
export function identityKind(v) {
  const s = v.trim();
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(s)) return 'email';
  const id = s.replace(/[\s.-]/g, '');
  if (/^\d{8}[a-z]$/i.test(id) || /^[xyz]\d{7}[a-z]$/i.test(id)) return 'national_id';
  if (/^[+\d\s().\/-]+$/.test(s)) {
    const d = s.replace(/\D/g, '');
    if (s.startsWith('+') || s.startsWith('00')) return d.length >= 11 ? 'phone' : null;
    return d.length === 9 && /^[6-9]/.test(d) ? 'phone' : null;
  }
  return null;
}

export async function render(main, {channel}, ctx) {
  // The call (or visit) starts when the screen pop opens; its length, up to
  // saving the ticket, is the handling time the reports average.
  const startedAt = Date.now();
  const title = t(`agent.contact.${channel}_title`);
  const h1 = h('h1', null, title);
  let seq = 0;
  let chosen = null; // {citizen, open: [tickets]} or {isNew: true}
  let lastTyped = '';

  // ---- step 1: who is it -------------------------------------------------
  const q = h('input', {type: 'search', id: 'pop-q', name: 'q', maxlength: 200, autocomplete: 'off', dataset: {search: '1'},
    'aria-describedby': 'pop-q-hint'});
  const searchForm = h('form', {class: 'search-form pop-search', role: 'search', 'aria-label': t('agent.contact.search_label')},
    h('label', {for: 'pop-q'}, t('agent.contact.search_label')),
    h('span', {class: 'hint', id: 'pop-q-hint'}, t('agent.contact.search_hint')),
    h('div', {class: 'inline'}, q, h('button', {type: 'submit', class: 'btn'}, t('agent.citizen.search_button'))));
  const results = h('div', {class: 'pop-results'});
  const newBtn = h('button', {type: 'button', class: 'btn btn-secondary'}, t('agent.contact.new_citizen'));
  const step1 = h('section', {class: 'pop-step', 'aria-labelledby': 'pop-who'},
    h('h2', {id: 'pop-who'}, t(`agent.contact.who_${channel}`)), searchForm, results, h('p', null, newBtn));

  // ---- step 2: the contact -----------------------------------------------
  const step2 = h('section', {class: 'pop-step', 'aria-labelledby': 'pop-data', hidden: true});
  const summary = h('div', {class: 'alert alert-error error-summary', tabindex: '-1', hidden: true, role: 'alert'});

  replace(main, h('div', {class: 'view-contact'}, h1, h('p', {class: 'muted'}, t(`agent.contact.${channel}_intro`)), step1, step2));
  ctx.titled(title, h1);

  let tenantList = [];
  try { tenantList = await tenants(); } catch (e) { tenantList = ctx.session.tenants.map((code) => ({code, name: code})); }

  async function details(c) {
    const [tk, tl] = await Promise.all([
      call('GET', '/api/v1/tickets', {query: {citizen: c.id, limit: 50}}).catch(() => ({items: []})),
      call('GET', `/api/v1/citizens/${c.id}/timeline`, {query: {limit: 5}}).catch(() => ({items: []})),
    ]);
    return {open: tk.items.filter(isOpen), timeline: tl.items};
  }

  async function search(value, auto) {
    const my = ++seq;
    if (!value) return;
    replace(results, h('p', {class: 'muted'}, t('agent.contact.searching')));
    let r;
    try {
      r = await call('GET', '/api/v1/citizens', {query: {q: value}});
    } catch (err) {
      if (my === seq) replace(results, h('div', {class: 'alert alert-error', role: 'alert'}, errorText(err)));
      return;
    }
    if (my !== seq) return;
    lastTyped = value;
    const shown = r.items.slice(0, 5);
    const infos = await Promise.all(shown.map(details));
    if (my !== seq) return;
    const cards = shown.map((c, i) => matchCard(c, infos[i]));
    replace(results,
      h('p', {class: 'pop-count', role: 'status'}, r.items.length ? tn('agent.citizen.found_n', r.items.length) : t('agent.contact.no_match')),
      r.items.length ? h('ul', {class: 'pop-matches'}, cards) : null);
    if (r.items.length === 1 && identityKind(value)) pick(shown[0], infos[0], false);
    else if (!r.items.length) announce(t('agent.contact.no_match'));
    else announce(tn('agent.citizen.found_n', r.items.length));
    if (!auto && !r.items.length) newBtn.focus();
  }

  function matchCard(c, info) {
    const headId = `pm-${c.id}`;
    return h('li', {class: 'card pop-match'},
      h('h3', {id: headId}, h('a', {href: `#/citizen/${c.id}`}, citizenName(c)),
        ' ', h('span', {class: 'muted'}, tn('agent.citizen.tickets_n', c.ticket_count))),
      identityList(c.identities),
      h('h4', null, t('agent.contact.open_tickets')),
      info.open.length ? ticketMiniTable(info.open, t('agent.contact.open_tickets_of', {name: citizenName(c)}))
        : h('p', {class: 'muted'}, t('agent.contact.no_open')),
      h('h4', null, t('agent.contact.latest')),
      info.timeline.length ? h('ol', {class: 'timeline compact'}, info.timeline.map(timelineItem))
        : h('p', {class: 'muted'}, t('agent.timeline.empty')),
      h('p', null, h('button', {type: 'button', class: 'btn', 'aria-describedby': headId,
        onclick: () => pick(c, info, true)}, t('agent.contact.pick'))));
  }

  q.addEventListener('input', () => {
    const v = q.value.trim();
    clearTimeout(q._timer);
    const kind = identityKind(v);
    if (!kind || v === lastTyped) return;
    q._timer = setTimeout(() => search(v, true), kind === 'email' ? 500 : 150);
  });
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(q._timer);
    search(q.value.trim(), false);
  });
  newBtn.addEventListener('click', () => pick(null, {open: [], timeline: []}, true));

  // ---- the form ------------------------------------------------------------
  let idem = {key: randomKey(), sent: ''};
  function pick(c, info, focus) {
    chosen = c ? {citizen: c, open: info.open} : {isNew: true, open: []};
    buildForm();
    step2.hidden = false;
    if (focus) step2.querySelector('h2').focus();
  }

  function buildForm() {
    const c = chosen.citizen;
    const ctrls = {};
    const who = c
      ? h('p', {class: 'pop-who'}, t('agent.contact.person'), ' ', h('strong', null, citizenName(c)), ' ',
        h('button', {type: 'button', class: 'btn btn-secondary btn-small', onclick: () => { step2.hidden = true; q.focus(); }}, t('agent.contact.change')))
      : null;
    let newFields = null;
    if (!c) {
      const kind = identityKind(q.value) || null;
      ctrls.name = h('input', {type: 'text', name: 'name', maxlength: 200, autocomplete: 'off'});
      ctrls.email = h('input', {type: 'email', name: 'email', maxlength: 254, autocomplete: 'off'});
      ctrls.phone = h('input', {type: 'tel', name: 'phone', maxlength: 40, autocomplete: 'off'});
      ctrls.national_id = h('input', {type: 'text', name: 'national_id', maxlength: 20, autocomplete: 'off'});
      if (kind) ctrls[kind].value = q.value.trim();
      else if (q.value.trim()) ctrls.name.value = q.value.trim();
      newFields = h('fieldset', null, h('legend', null, t('agent.contact.new_citizen')),
        h('p', {class: 'hint'}, t('agent.contact.new_hint')),
        field('pop-name', t('agent.contact.name'), ctrls.name),
        h('div', {class: 'grid-3'},
          field('pop-email', t('agent.identity.email'), ctrls.email),
          field('pop-phone', t('agent.identity.phone'), ctrls.phone),
          field('pop-national_id', t('agent.identity.national_id'), ctrls.national_id)));
    }
    // Where: a new ticket or one of the open ones.
    const open = chosen.open || [];
    const rNew = h('input', {type: 'radio', name: 'pop-mode', id: 'pop-mode-new', value: 'new', checked: true});
    const rAdd = h('input', {type: 'radio', name: 'pop-mode', id: 'pop-mode-add', value: 'add'});
    ctrls.ticket = h('select', {name: 'ticket'}, open.map((tk) => option(String(tk.id), `${tk.reference} — ${tk.subject}`)));
    const modeSet = open.length ? h('fieldset', null, h('legend', null, t('agent.contact.where')),
      h('div', {class: 'radio'}, rNew, h('label', {for: 'pop-mode-new'}, t('agent.contact.mode_new'))),
      h('div', {class: 'radio'}, rAdd, h('label', {for: 'pop-mode-add'}, t('agent.contact.mode_add'))),
      field('pop-ticket', t('agent.contact.open_ticket'), ctrls.ticket)) : null;

    const defTenant = open.length ? open[0].tenant : (tenantList[0] && tenantList[0].code);
    ctrls.tenant = h('select', {name: 'tenant'}, tenantList.map((tn) => option(tn.code, `${tn.name} (${tn.code})`, tn.code === defTenant)));
    ctrls.service = h('select', {name: 'service'}, option('', t('agent.ticket.no_service')));
    ctrls.subject = h('input', {type: 'text', name: 'subject', maxlength: 300, autocomplete: 'off'});
    ctrls.body = h('textarea', {name: 'body', rows: 6, maxlength: 20000, 'aria-keyshortcuts': 'Control+Enter'});
    ctrls.priority = h('select', {name: 'priority'}, PRIORITIES.map((p) => option(p, t(`agent.priority.${p}`), p === 'normal')));
    const newOnly = h('div', {class: 'new-only'},
      h('div', {class: 'grid-2'},
        field('pop-tenant', t('agent.field.tenant'), ctrls.tenant),
        field('pop-service', t('agent.contact.service'), ctrls.service, t('agent.contact.service_hint'))),
      field('pop-subject', t('agent.contact.subject'), ctrls.subject),
      field('pop-priority', t('agent.field.priority'), ctrls.priority));
    const bodyField = field('pop-body', t(`agent.contact.notes_${channel}`), ctrls.body, t('agent.contact.notes_hint'));
    const save = h('button', {type: 'submit', class: 'btn'}, t('agent.contact.save_new'));
    const form = h('form', {class: 'pop-form', novalidate: true}, summary, who, newFields, modeSet, newOnly, bodyField,
      h('div', {class: 'compose-actions'}, save, h('span', {class: 'hint'}, t('agent.compose.ctrl_enter'))));

    async function loadServices() {
      const tenant = ctrls.tenant.value;
      let list = [];
      try { list = await services(tenant); } catch (e) { list = []; }
      if (ctrls.tenant.value !== tenant) return;
      replace(ctrls.service, option('', t('agent.ticket.no_service')), list.map((s) => option(s.code, s.name)));
    }
    ctrls.tenant.addEventListener('change', loadServices);
    loadServices();
    const syncMode = () => {
      const add = rAdd.checked;
      newOnly.hidden = add;
      ctrls.ticket.disabled = !add;
      save.textContent = add ? t('agent.contact.save_add') : t('agent.contact.save_new');
    };
    rNew.addEventListener('change', syncMode);
    rAdd.addEventListener('change', syncMode);
    syncMode();
    ctrls.body.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      summary.hidden = true;
      const add = rAdd.checked;
      const local = {};
      if (!add && !ctrls.subject.value.trim()) local.subject = t('agent.contact.subject_required');
      if (!ctrls.body.value.trim()) local.body = t('agent.contact.notes_required');
      if (!c && !add && !['email', 'phone', 'national_id'].some((k) => ctrls[k].value.trim())) local.email = t('agent.contact.identity_required');
      const map = {...ctrls, citizen: ctrls.email || ctrls.body, citizen_id: q};
      if (Object.keys(local).length) {
        showFormErrors(summary, form, {fields: local, status: 422, code: 'validation_failed'}, map);
        return;
      }
      let path; let payload;
      if (add) {
        path = `/api/v1/tickets/${ctrls.ticket.value}/messages`;
        payload = {body: ctrls.body.value.trim(), internal: false};
      } else {
        path = '/api/v1/tickets';
        payload = {tenant: ctrls.tenant.value, channel, subject: ctrls.subject.value.trim(), body: ctrls.body.value.trim(),
          priority: ctrls.priority.value, call_seconds: Math.min(86400, Math.round((Date.now() - startedAt) / 1000))};
        if (ctrls.service.value) payload.service = ctrls.service.value;
        if (c) payload.citizen_id = c.id;
        else {
          payload.citizen = {};
          for (const k of ['name', 'email', 'phone', 'national_id']) if (ctrls[k].value.trim()) payload.citizen[k] = ctrls[k].value.trim();
        }
      }
      const sig = path + JSON.stringify(payload);
      if (idem.sent && idem.sent !== sig) idem = {key: randomKey(), sent: ''};
      idem.sent = sig;
      save.disabled = true;
      try {
        const r = await call('POST', path, {body: payload, idempotencyKey: idem.key});
        idem = {key: randomKey(), sent: ''};
        const ticketId = add ? Number(ctrls.ticket.value) : r.id;
        announce(add ? t('agent.contact.added') : t('agent.contact.created', {ref: r.reference}));
        ctx.go(`#/ticket/${ticketId}`);
      } catch (err) {
        if (err.code === 'idempotency_conflict') idem = {key: randomKey(), sent: ''};
        showFormErrors(summary, form, err, map);
      } finally { save.disabled = false; }
    });

    replace(step2, h('h2', {id: 'pop-data', tabindex: '-1'}, t('agent.contact.data')), form);
  }

  return {};
}
