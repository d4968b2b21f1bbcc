// Canned answers ("respuestas predefinidas"). Beside a ticket and a chat,
// the panel with the answers that apply to it (GET
// /api/v1/tickets/{id}/macros: its administration's and those above it, for
// its department or for all), already filled in for this ticket and this
// agent, each with an Insert button that appends it to the reply box; `m`
// then a digit 1–9 inserts that one. For supervisors, #/macros lists them by
// administration, #/macros/new and #/macros/<id> are the form, and delete
// sits behind a confirmation dialog.
import {h, replace, announce} from '/static/common/dom.js';
import {t, formatDateTime} from '/static/common/i18n.js';
import {call, ApiError, errorText, alertBox, field, clearFieldErrors, showFormErrors, tenants, departments,
  deptName, option, tn} from './util.js';

/** The placeholders the server fills in: the Spanish name and its English twin. */
export const PLACEHOLDERS = [
  ['ciudadano', 'citizen'], ['referencia', 'reference'], ['agente', 'agent'],
  ['servicio', 'service'], ['administracion', 'administration'], ['departamento', 'department'],
];
const SHORTCUT_MAX = 9;
const NAME_MAX = 200;
const BODY_MAX = 10000;
let flash = ''; // what the list says first after a save or a delete

/** One line of at most max characters, cut at a word and marked with "…". */
function clip(text, max) {
  const s = String(text || '').replace(/\s+/g, ' ').trim();
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

// ---- the panel beside a ticket or a chat -----------------------------------------

/**
 * The panel. insert(text) appends text to the view's reply box and focuses
 * it; it returns false when the box cannot take text now (a closed ticket,
 * a chat that is not mine). load(key) reads the list again when key (what
 * the filled-in texts depend on: department, service…) changed.
 */
export function macroPanel({ticketId, insert}) {
  const title = h('h2', {id: 'macros-title'}, t('agent.macros.title'));
  const status = h('p', {class: 'muted macros-status', id: 'macros-status'}, t('common.loading'));
  const list = h('ol', {class: 'macro-list', id: 'macros-list', 'aria-labelledby': 'macros-title'});
  const note = h('div', {class: 'macros-note', id: 'macros-note'});
  const el = h('section', {class: 'macros-section', id: 'macros-panel', 'aria-labelledby': 'macros-title'},
    title, h('p', {class: 'hint'}, t('agent.macros.hint')), status, note, list);
  let items = [];
  let seq = 0;
  let lastKey = null;

  function doInsert(m) {
    note.replaceChildren();
    const text = (m.text || '').trim();
    if (!text) {
      replace(note, h('p', {class: 'alert alert-warn'}, t('agent.macros.empty_text')));
      return false;
    }
    if (insert(text) === false) {
      replace(note, h('p', {class: 'alert alert-warn'}, t('agent.macros.cannot_insert')));
      return false;
    }
    announce(t('agent.macros.inserted', {name: m.name}));
    return true;
  }

  function row(m, i) {
    const n = i + 1;
    const insertBtn = h('button', {type: 'button', class: 'btn btn-secondary macro-insert',
      dataset: {action: 'insert-macro', macroId: m.id, index: n}},
    t('agent.macros.insert'), h('span', {class: 'visually-hidden'}, ` ${t('agent.macros.insert_sr', {name: m.name})}`));
    insertBtn.addEventListener('click', () => doInsert(m));
    // The keys that insert it, seen as keys; heard as a sentence.
    const keys = n <= SHORTCUT_MAX ? h('span', {class: 'macro-keys'},
      h('kbd', {'aria-hidden': 'true'}, 'm'), h('kbd', {'aria-hidden': 'true'}, String(n)),
      h('span', {class: 'visually-hidden'}, t('agent.macros.keys_sr', {n}))) : null;
    return h('li', {class: 'macro-item', dataset: {macroId: m.id, index: n}},
      h('p', {class: 'macro-head'}, h('span', {class: 'macro-name'}, m.name), keys ? [' ', keys] : null),
      m.text ? h('p', {class: 'macro-preview'}, clip(m.text, 160)) : null,
      h('p', {class: 'macro-actions'}, insertBtn));
  }

  async function load(key) {
    const k = key === undefined || key === null ? '' : String(key);
    if (k === lastKey) return;
    lastKey = k;
    const my = ++seq;
    status.textContent = t('common.loading');
    let r;
    try {
      r = await call('GET', `/api/v1/tickets/${ticketId}/macros`);
    } catch (err) {
      if (my !== seq) return;
      lastKey = null; // try again next time
      items = [];
      list.replaceChildren();
      status.textContent = errorText(err);
      return;
    }
    if (my !== seq) return;
    items = (r && r.items) || [];
    replace(list, items.map(row));
    status.textContent = items.length ? tn('agent.macros.count', items.length) : t('agent.macros.none');
  }

  return {
    el,
    load,
    count: () => items.length,
    /** The `m` + digit shortcut: inserts the n-th answer (1-based). */
    insertNth(n) {
      const m = items[n - 1];
      if (!m) {
        announce(items.length ? t('agent.macros.no_such', {n}) : t('agent.macros.none'));
        return false;
      }
      return doInsert(m);
    },
  };
}

// ---- the supervisors' page: shared bits -------------------------------------------

function forbidden(main, ctx) {
  const h1 = h('h1', null, t('agent.macros.forbidden_title'));
  replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.macros.forbidden_text')),
    h('p', null, h('a', {href: '#/queue/mine'}, t('agent.queue.mine'))));
  ctx.titled(t('agent.macros.forbidden_title'), h1);
  return {};
}

async function tenantList(ctx) {
  try { return await tenants(); } catch (e) { return ctx.session.tenants.map((code) => ({code, name: code})); }
}

/** Field errors the form has no control for: say which field. */
function withFieldNames(err, map) {
  if (!(err instanceof ApiError) || !err.fields) return err;
  const copy = new ApiError(err.status, {error: {code: err.code, message: err.message, fields: {}}});
  for (const [k, v] of Object.entries(err.fields)) copy.fields[k] = map[k] ? v : `${k}: ${v}`;
  return copy;
}

function deptLabel(m) {
  return m.department ? deptName(m.tenant, m.department) : t('agent.macros.all_departments');
}

function confirmDelete(m, opener, ctx) {
  const err = h('div', {class: 'macro-delete-error'});
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary', id: 'macro-delete-cancel'}, t('common.cancel'));
  const ok = h('button', {type: 'button', class: 'btn btn-danger', id: 'macro-delete-confirm'}, t('agent.macros.delete_confirm'));
  const dlg = h('dialog', {class: 'dialog', id: 'macro-delete-dialog', 'aria-labelledby': 'macro-dlg-title',
    'aria-describedby': 'macro-dlg-desc'},
  h('h2', {id: 'macro-dlg-title'}, t('agent.macros.delete_title')),
  h('div', {id: 'macro-dlg-desc'},
    h('p', null, t('agent.macros.delete_text', {name: m.name, tenant: m.tenant})),
    h('p', {class: 'alert alert-warn'}, t('agent.macros.delete_irreversible'))),
  err,
  h('div', {class: 'dialog-actions'}, cancel, ok));
  document.body.appendChild(dlg);
  let done = false;
  dlg.addEventListener('close', () => {
    dlg.remove();
    if (!done && opener && document.body.contains(opener)) opener.focus();
  });
  cancel.addEventListener('click', () => dlg.close());
  ok.addEventListener('click', async () => {
    ok.disabled = true;
    err.replaceChildren();
    try {
      await call('DELETE', `/api/v1/macros/${m.id}`);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) { // 404: someone deleted it already
        replace(err, alertBox(errorText(e)));
        ok.disabled = false;
        return;
      }
    }
    done = true;
    dlg.close();
    flash = t('agent.macros.deleted', {name: m.name});
    announce(flash);
    ctx.go('#/macros');
  });
  dlg.showModal();
  cancel.focus();
}

// ---- the list --------------------------------------------------------------------------

export async function renderList(main, params, ctx) {
  if (!ctx.hasRole('supervisor')) return forbidden(main, ctx);
  const [r, tlist] = await Promise.all([call('GET', '/api/v1/macros'), tenantList(ctx)]);
  await departments().catch(() => null); // their names, for deptName()
  const title = t('agent.macros.page_title');
  const h1 = h('h1', null, title);
  const msg = h('div', {class: 'view-msg', id: 'macros-msg', tabindex: '-1'});
  if (flash) { replace(msg, alertBox(flash, 'ok')); flash = ''; }

  const byTenant = new Map();
  for (const m of r.items || []) {
    if (!byTenant.has(m.tenant)) byTenant.set(m.tenant, []);
    byTenant.get(m.tenant).push(m);
  }
  const order = tlist.map((x) => x.code).filter((c) => byTenant.has(c));
  for (const c of byTenant.keys()) if (!order.includes(c)) order.push(c);
  const nameOf = (c) => (tlist.find((x) => x.code === c) || {name: c}).name;

  function group(code) {
    // For every department first, then by department; by name within.
    const items = byTenant.get(code).slice().sort((a, b) =>
      (a.department ? 1 : 0) - (b.department ? 1 : 0)
      || deptLabel(a).localeCompare(deptLabel(b))
      || a.name.localeCompare(b.name) || a.id - b.id);
    const hid = `macros-group-${code}`;
    return h('section', {class: 'macros-group', dataset: {tenant: code}, 'aria-labelledby': hid},
      h('h2', {id: hid}, `${nameOf(code)} (${code})`),
      h('div', {class: 'table-wrap'}, h('table', {class: 'tickets macros-table', dataset: {tenant: code}},
        h('caption', {class: 'visually-hidden'}, t('agent.macros.caption', {name: nameOf(code)})),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, t('agent.macros.col.name')),
          h('th', {scope: 'col'}, t('agent.macros.col.department')),
          h('th', {scope: 'col'}, t('agent.macros.col.body')),
          h('th', {scope: 'col'}, t('agent.macros.col.updated')),
          h('th', {scope: 'col'}, t('agent.macros.col.actions')))),
        h('tbody', null, items.map((m) => h('tr', {class: 'macro-row', dataset: {macroId: m.id}},
          h('th', {scope: 'row', class: 'macro-row-name'}, h('a', {href: `#/macros/${m.id}`}, m.name)),
          h('td', {class: 'macro-row-department'}, m.department ? deptLabel(m)
            : h('span', {class: 'muted'}, deptLabel(m))),
          h('td', {class: 'macro-row-preview'}, clip(m.body, 180)),
          h('td', {class: 'macro-row-updated'}, h('time', {datetime: m.updated_at}, formatDateTime(m.updated_at))),
          h('td', {class: 'macro-row-actions'},
            h('a', {href: `#/macros/${m.id}`, class: 'btn btn-secondary btn-small macro-edit'}, t('agent.macros.edit'),
              h('span', {class: 'visually-hidden'}, ` ${m.name}`)),
            ' ',
            h('button', {type: 'button', class: 'btn btn-secondary btn-small macro-delete', dataset: {macroId: m.id},
              onclick: (e) => confirmDelete(m, e.currentTarget, ctx)}, t('agent.macros.delete'),
            h('span', {class: 'visually-hidden'}, ` ${m.name}`)))))))));
  }

  replace(main, h('div', {class: 'view-macros'}, h1, msg,
    h('p', {class: 'muted'}, t('agent.macros.intro')),
    h('p', null, h('a', {href: '#/macros/new', class: 'btn', id: 'macro-new'}, t('agent.macros.new'))),
    h('div', {class: 'stack macros-lists', id: 'macros-groups'},
      order.length ? order.map(group) : h('p', {class: 'muted', id: 'macros-empty'}, t('agent.macros.empty')))));
  ctx.titled(title, h1);
  return {};
}

// ---- the form ------------------------------------------------------------------------------

/** The placeholders as a list: each name as written in a text, and what it becomes. */
function placeholderHelp(id) {
  return h('div', {class: 'macro-placeholders', id},
    h('p', {class: 'hint'}, t('agent.macros.ph.intro')),
    h('ul', {class: 'macro-ph-list'}, PLACEHOLDERS.map(([es]) => h('li', null,
      h('code', {class: 'macro-ph'}, `{${es}}`), ' ', h('span', {class: 'macro-ph-what'}, t(`agent.macros.ph.${es}`))))),
    h('p', {class: 'hint'}, t('agent.macros.ph.english', {list: PLACEHOLDERS.map(([, en]) => `{${en}}`).join(', ')})));
}

export async function renderForm(main, {id}, ctx) {
  if (!ctx.hasRole('supervisor')) return forbidden(main, ctx);
  const [all, tlist] = await Promise.all([call('GET', '/api/v1/macros'), tenantList(ctx)]);
  let macro = null;
  if (id) {
    macro = (all.items || []).find((x) => x.id === id) || null;
    if (!macro) {
      const h1 = h('h1', null, t('agent.macros.notfound_title'));
      replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.macros.notfound_text')),
        h('p', null, h('a', {href: '#/macros'}, t('agent.macros.back'))));
      ctx.titled(t('agent.macros.notfound_title'), h1);
      return {};
    }
  }
  const title = macro ? t('agent.macros.edit_title', {name: macro.name}) : t('agent.macros.new_title');
  const h1 = h('h1', null, title);
  const summaryBox = h('div', {class: 'alert alert-error error-summary', id: 'macro-form-errors', tabindex: '-1', hidden: true, role: 'alert'});

  const fTenant = h('select', {name: 'tenant', required: true}, tlist.map((x) => option(x.code, `${x.name} (${x.code})`)));
  const fName = h('input', {type: 'text', name: 'name', maxlength: NAME_MAX, required: true, autocomplete: 'off'});
  const fDept = h('select', {name: 'department'});
  const fBody = h('textarea', {name: 'body', rows: 10, maxlength: BODY_MAX, required: true, class: 'macro-body-input'});
  fName.value = macro ? macro.name : '';
  fBody.value = macro ? macro.body : '';
  const tenant = () => (macro ? macro.tenant : fTenant.value);

  async function fillDepartments() {
    const want = fDept.value || (macro && macro.department) || '';
    let depts = [];
    try { depts = (await departments()).filter((d) => d.tenant === tenant()); } catch (e) { depts = []; }
    replace(fDept, option('', t('agent.macros.all_departments'), !want),
      depts.map((d) => option(d.code, d.name, d.code === want)));
    if (want && !depts.some((d) => d.code === want)) fDept.appendChild(option(want, want, true));
  }
  fTenant.addEventListener('change', () => { fDept.value = ''; fillDepartments(); });

  // The body: label, hint, the placeholders, the text area, its error.
  fBody.id = 'macro-body';
  fBody.setAttribute('aria-describedby', 'macro-body-hint macro-body-placeholders');
  const bodyField = h('div', {class: 'field', dataset: {field: 'macro-body'}},
    h('label', {for: 'macro-body'}, t('agent.macros.f_body')),
    h('span', {class: 'hint', id: 'macro-body-hint'}, t('agent.macros.f_body_hint')),
    placeholderHelp('macro-body-placeholders'),
    fBody,
    h('p', {class: 'field-error', id: 'macro-body-error', hidden: true}));

  const saveBtn = h('button', {type: 'submit', class: 'btn', id: 'macro-save'},
    macro ? t('agent.macros.save_changes') : t('agent.macros.create'));
  const deleteBtn = macro ? h('button', {type: 'button', class: 'btn btn-danger', id: 'macro-delete'}, t('agent.macros.delete')) : null;
  const form = h('form', {class: 'macro-form card', id: 'macro-form', novalidate: true},
    summaryBox,
    macro ? h('p', {class: 'macro-form-tenant'}, h('strong', null, `${t('agent.field.tenant')}: `),
      (tlist.find((x) => x.code === macro.tenant) || {name: macro.tenant}).name, ` (${macro.tenant})`)
      : field('macro-tenant', t('agent.field.tenant'), fTenant),
    h('div', {class: 'grid-2'},
      field('macro-name', t('agent.macros.f_name'), fName, t('agent.macros.f_name_hint')),
      field('macro-department', t('agent.field.department'), fDept, t('agent.macros.f_department_hint'))),
    bodyField,
    h('div', {class: 'compose-actions'}, saveBtn, deleteBtn,
      h('a', {href: '#/macros', class: 'btn btn-secondary', id: 'macro-cancel'}, t('common.cancel'))));

  replace(main, h('div', {class: 'view-macro'}, h1,
    h('p', null, h('a', {href: '#/macros'}, `← ${t('agent.macros.back')}`)),
    form));
  ctx.titled(title, h1);
  await fillDepartments();

  if (deleteBtn) deleteBtn.addEventListener('click', () => confirmDelete(macro, deleteBtn, ctx));

  const map = {tenant: fTenant, name: fName, department: fDept, body: fBody};
  let saving = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saving) return;
    clearFieldErrors(form);
    summaryBox.hidden = true;
    const name = fName.value.trim();
    const text = fBody.value.trim();
    const local = {};
    if (!name) local.name = t('agent.macros.name_required');
    if (!text) local.body = t('agent.macros.body_required');
    if (Object.keys(local).length) {
      showFormErrors(summaryBox, form, new ApiError(422, {error: {code: 'validation_failed', fields: local}}), map);
      return;
    }
    const payload = {name, body: fBody.value};
    if (macro) payload.department = fDept.value || null;
    else {
      payload.tenant = fTenant.value;
      if (fDept.value) payload.department = fDept.value;
    }
    saving = true;
    saveBtn.disabled = true;
    try {
      const saved = macro
        ? await call('PATCH', `/api/v1/macros/${macro.id}`, {body: payload})
        : await call('POST', '/api/v1/macros', {body: payload});
      flash = macro ? t('agent.macros.saved', {name: saved.name}) : t('agent.macros.created', {name: saved.name});
      announce(flash);
      ctx.go('#/macros');
    } catch (err) {
      showFormErrors(summaryBox, form, withFieldNames(err, map), map);
    } finally {
      saving = false;
      saveBtn.disabled = false;
    }
  });
  return {};
}
