// Routing rules, for supervisors: the rules of my administrations grouped by
// administration in position order, each with its conditions and actions in
// words (#/routing); the form to write or change one (#/routing/new,
// #/routing/<id>), with delete behind a confirmation dialog; a "Probar"
// panel that runs the active rules, or the rule being edited before it is
// saved, on a sample message and says why; and retraining the classifier.
import {h, replace, announce} from '/static/common/dom.js';
import {t, getLang, formatDateTime} from '/static/common/i18n.js';
import {call, ApiError, CHANNELS, PRIORITIES, errorText, alertBox, field, clearFieldErrors, showFormErrors,
  setFieldError, tenants, option, splitList, tn} from './util.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ASSIGN = ['round_robin', 'least_loaded', 'skills', 'none'];
let flash = ''; // what the list says first after a save or a delete

// ---- catalogue ------------------------------------------------------------------

const deptByTenant = new Map();
/** The departments of one administration (GET /api/v1/departments?tenant=). */
async function tenantDepartments(tenant) {
  if (!deptByTenant.has(tenant)) {
    deptByTenant.set(tenant, call('GET', '/api/v1/departments', {query: {tenant}}).then((r) => r.items)
      .catch((e) => { deptByTenant.delete(tenant); throw e; }));
  }
  return deptByTenant.get(tenant);
}
async function deptNames(tenant) {
  const m = new Map();
  try { for (const d of await tenantDepartments(tenant)) m.set(d.code, d.name); } catch (e) { /* codes then */ }
  return m;
}

// ---- a rule in words ----------------------------------------------------------------

const list = (a) => (Array.isArray(a) ? a : []).join(', ');
const has = (a) => Array.isArray(a) && a.length > 0;

/** "si el texto contiene: beca, comedor escolar · canal: Web, Correo electrónico" */
export function whenSummary(when) {
  const w = when || {};
  const parts = [];
  if (has(w.words_any)) parts.push(t('agent.routing.sum.words_any', {list: list(w.words_any)}));
  if (has(w.words_all)) parts.push(t('agent.routing.sum.words_all', {list: list(w.words_all)}));
  if (has(w.words_none)) parts.push(t('agent.routing.sum.words_none', {list: list(w.words_none)}));
  if (w.regex) parts.push(t('agent.routing.sum.regex', {re: w.regex}));
  if (has(w.channels)) {
    parts.push(t('agent.routing.sum.channels', {list: w.channels.map((c) => (CHANNELS.includes(c) ? t(`common.channel.${c}`) : c)).join(', ')}));
  }
  if (has(w.services)) parts.push(t('agent.routing.sum.services', {list: list(w.services)}));
  if (has(w.citizen_lang)) parts.push(t('agent.routing.sum.citizen_lang', {list: list(w.citizen_lang)}));
  if (has(w.citizen_has)) {
    parts.push(t('agent.routing.sum.citizen_has', {list: w.citizen_has.map((k) => (['email', 'phone', 'national_id'].includes(k) ? t(`agent.identity.${k}`) : k)).join(', ')}));
  }
  if (w.hours && typeof w.hours === 'object' && Object.keys(w.hours).length) {
    const hours = DAYS.filter((d) => w.hours[d]).map((d) => `${t(`agent.routing.day.${d}`)} ${w.hours[d]}`).join(', ');
    parts.push(w.outside_hours ? t('agent.routing.sum.outside_hours', {hours}) : t('agent.routing.sum.hours', {hours}));
  }
  return parts.length ? parts.join(' · ') : t('agent.routing.sum.always');
}

/** "→ departamento Educación · prioridad Alta · etiquetas: becas" */
export function thenSummary(then, names) {
  const a = then || {};
  const parts = [];
  if (a.department) parts.push(t('agent.routing.sum.department', {name: (names && names.get(a.department)) || a.department}));
  if (a.service) parts.push(t('agent.routing.sum.service', {code: a.service}));
  if (a.priority) parts.push(t('agent.routing.sum.priority', {p: PRIORITIES.includes(a.priority) ? t(`agent.priority.${a.priority}`) : a.priority}));
  if (has(a.tags)) parts.push(t('agent.routing.sum.tags', {list: list(a.tags)}));
  if (a.assign && a.assign !== 'none') parts.push(t('agent.routing.sum.assign', {how: ASSIGN.includes(a.assign) ? t(`agent.routing.assign.${a.assign}`) : a.assign}));
  if (a.auto_reply) parts.push(t('agent.routing.sum.auto_reply'));
  if (a.confidential) parts.push(t('agent.routing.sum.confidential'));
  if (a.stop === false) parts.push(t('agent.routing.sum.no_stop'));
  return `→ ${parts.length ? parts.join(' · ') : t('agent.routing.sum.nothing')}`;
}

// ---- shared bits ------------------------------------------------------------------------

function forbidden(main, ctx) {
  const h1 = h('h1', null, t('agent.routing.forbidden_title'));
  replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.routing.forbidden_text')),
    h('p', null, h('a', {href: '#/queue/mine'}, t('agent.queue.mine'))));
  ctx.titled(t('agent.routing.forbidden_title'), h1);
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

function pct(x) {
  return `${Math.round(Number(x || 0) * 100)} %`.replace(' %', getLang() === 'en' ? '%' : '\u00a0%');
}

/**
 * The "Probar" panel. getRule() gives the rule being edited (or null on
 * the list), getTenant() the administration; onRuleErrors(err) shows a
 * rule's field errors on the form.
 */
function previewPanel({getTenant, tenantSelect, getRule, onRuleErrors}) {
  const subject = h('input', {type: 'text', name: 'subject', maxlength: 300});
  const body = h('textarea', {name: 'body', rows: 4, maxlength: 20000});
  const channel = h('select', {name: 'channel'}, CHANNELS.map((c) => option(c, t(`common.channel.${c}`), c === 'web')));
  const result = h('div', {class: 'preview-result', id: 'preview-result'});
  const testRule = getRule ? h('button', {type: 'submit', class: 'btn', id: 'preview-rule-btn', value: 'rule'}, t('agent.routing.preview.test_rule')) : null;
  const testAll = h('button', {type: getRule ? 'button' : 'submit', class: getRule ? 'btn btn-secondary' : 'btn', id: 'preview-all-btn', value: 'all'},
    t('agent.routing.preview.test_all'));
  const form = h('form', {class: 'preview-form', id: 'preview-form', novalidate: true},
    tenantSelect ? field('preview-tenant', t('agent.field.tenant'), tenantSelect) : null,
    field('preview-subject', t('agent.routing.preview.subject'), subject),
    field('preview-body', t('agent.routing.preview.body'), body),
    field('preview-channel', t('agent.field.channel'), channel),
    h('div', {class: 'compose-actions'}, testRule, testAll));
  const section = h('section', {class: 'preview-section', id: 'preview-panel', 'aria-labelledby': 'preview-title'},
    h('h2', {id: 'preview-title'}, t('agent.routing.preview.title')),
    h('p', {class: 'hint'}, getRule ? t('agent.routing.preview.intro_rule') : t('agent.routing.preview.intro_all')),
    form, result);

  let busy = false;
  async function run(withRule) {
    if (busy) return;
    clearFieldErrors(form);
    result.replaceChildren();
    if (!subject.value.trim() && !body.value.trim()) {
      setFieldError(subject, t('agent.routing.preview.text_required'));
      subject.focus();
      return;
    }
    const payload = {tenant: getTenant(), subject: subject.value.trim(), body: body.value.trim(), channel: channel.value};
    if (withRule) {
      const rule = getRule();
      if (!rule) return;
      payload.rule = rule;
    }
    busy = true;
    let r;
    try {
      r = await call('POST', '/api/v1/admin/routing/preview', {body: payload});
    } catch (err) {
      const ruleFields = Object.keys((err && err.fields) || {}).filter((k) => k.startsWith('rule.'));
      if (ruleFields.length && onRuleErrors) onRuleErrors(err);
      if (err.fields && err.fields.subject) setFieldError(subject, err.fields.subject);
      if (err.fields && err.fields.body) setFieldError(body, err.fields.body);
      replace(result, h('div', {class: 'alert alert-error', role: 'alert'},
        h('p', null, errorText(err)),
        ruleFields.length ? h('p', null, t('agent.routing.preview.rule_invalid')) : null));
      return;
    } finally { busy = false; }
    showResult(r, withRule);
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run(!!getRule && (!e.submitter || e.submitter === testRule));
  });
  if (getRule) testAll.addEventListener('click', () => run(false));

  function showResult(r, withRule) {
    const d = r.rules || {};
    const names = currentNames;
    const dd = (label, ...value) => h('div', {class: 'meta-item'}, h('dt', null, label), h('dd', null, ...value));
    const en = getLang() === 'en';
    const explain = (en ? d.explain_en : d.explain_es) || d.explain_es || '';
    const matched = h('p', {class: `preview-matched ${d.matched ? 'is-match' : 'is-nomatch'}`, id: 'preview-matched', dataset: {matched: d.matched ? 'true' : 'false'}},
      d.matched ? `✓ ${withRule ? t('agent.routing.preview.rule_matches') : t('agent.routing.preview.matched')}`
        : `✗ ${withRule ? t('agent.routing.preview.rule_no_match') : t('agent.routing.preview.no_match')}`);
    const cls = r.classifier;
    let clsBlock;
    if (!cls) {
      clsBlock = h('p', {class: 'muted', id: 'preview-classifier-none'}, t('agent.routing.preview.classifier_none'));
    } else {
      const top = (cls.top || []).slice(0, 3);
      clsBlock = h('div', {class: 'table-wrap'}, h('table', {class: 'tickets mini preview-classifier', id: 'preview-classifier'},
        h('caption', null, t('agent.routing.preview.classifier_caption', {threshold: pct(cls.threshold)})),
        h('thead', null, h('tr', null, h('th', {scope: 'col'}, t('agent.field.department')),
          h('th', {scope: 'col'}, t('agent.routing.preview.confidence')))),
        h('tbody', null, top.map((x) => h('tr', {dataset: {department: x.department}},
          h('td', null, names.get(x.department) || x.department),
          h('td', {class: 'preview-confidence'}, pct(x.confidence),
            x.confidence >= cls.threshold ? [' ', h('span', {class: 'badge badge-confident'}, t('agent.routing.preview.above_threshold'))] : null))))));
      clsBlock = h('div', null, clsBlock,
        h('p', {class: 'hint', id: 'preview-classifier-info'}, t('agent.routing.preview.classifier_info',
          {n: cls.examples, date: formatDateTime(cls.trained_at), threshold: pct(cls.threshold)})));
    }
    replace(result,
      h('h3', {id: 'preview-result-title'}, t('agent.routing.preview.result')),
      matched,
      h('dl', {class: 'meta preview-outputs'},
        dd(t('agent.field.department'), h('span', {id: 'preview-department'}, d.department ? names.get(d.department) || d.department : '—')),
        dd(t('agent.field.priority'), h('span', {id: 'preview-priority'}, d.priority ? t(`agent.priority.${d.priority}`) : '—')),
        dd(t('agent.routing.f.tags'), h('span', {id: 'preview-tags'}, has(d.tags) ? d.tags.join(', ') : '—')),
        d.service ? dd(t('agent.field.service'), h('span', {id: 'preview-service'}, d.service)) : null,
        d.confidential ? dd(t('agent.routing.f.confidential'), t('agent.routing.preview.yes')) : null,
        d.auto_reply ? dd(t('agent.routing.f.auto_reply'), h('span', {class: 'preview-auto-reply'}, d.auto_reply)) : null,
        dd(t('agent.routing.preview.decision_time'), h('span', {id: 'preview-time'}, t('agent.routing.preview.us', {n: r.decision_us})))),
      h('p', {class: 'preview-explain', id: 'preview-explain'}, h('strong', null, `${t('agent.routing.preview.why')} `), explain || '—'),
      h('h3', null, t('agent.routing.preview.classifier')),
      clsBlock);
    announce(`${matched.textContent}. ${explain}`);
  }

  let currentNames = new Map();
  async function refreshNames() { currentNames = await deptNames(getTenant()); }
  return {section, refreshNames};
}

// ---- the list ---------------------------------------------------------------------------

export async function renderList(main, params, ctx) {
  if (!ctx.hasRole('supervisor')) return forbidden(main, ctx);
  deptByTenant.clear(); // read afresh on each visit of the list
  const [r, tlist] = await Promise.all([call('GET', '/api/v1/admin/routing/rules'), tenantList(ctx)]);
  const title = t('agent.routing.title');
  const h1 = h('h1', null, title);
  const msg = h('div', {class: 'view-msg', id: 'routing-msg', tabindex: '-1'});
  if (flash) { replace(msg, alertBox(flash, 'ok')); flash = ''; }

  const byTenant = new Map();
  for (const rule of r.items) {
    if (!byTenant.has(rule.tenant)) byTenant.set(rule.tenant, []);
    byTenant.get(rule.tenant).push(rule);
  }
  const order = tlist.map((x) => x.code).filter((c) => byTenant.has(c));
  for (const c of byTenant.keys()) if (!order.includes(c)) order.push(c);
  const nameOf = (c) => (tlist.find((x) => x.code === c) || {name: c}).name;
  const namesBy = new Map(await Promise.all(order.map(async (c) => [c, await deptNames(c)])));

  function group(code) {
    const rules = byTenant.get(code).slice().sort((a, b) => a.position - b.position || a.id - b.id);
    const hid = `routing-group-${code}`;
    return h('section', {class: 'routing-group', dataset: {tenant: code}, 'aria-labelledby': hid},
      h('h2', {id: hid}, `${nameOf(code)} (${code})`),
      h('div', {class: 'table-wrap'}, h('table', {class: 'tickets routing-rules', dataset: {tenant: code}},
        h('caption', {class: 'visually-hidden'}, t('agent.routing.caption', {name: nameOf(code)})),
        h('thead', null, h('tr', null,
          h('th', {scope: 'col'}, t('agent.routing.col.position')),
          h('th', {scope: 'col'}, t('agent.routing.col.name')),
          h('th', {scope: 'col'}, t('agent.routing.col.active')),
          h('th', {scope: 'col'}, t('agent.routing.col.rule')),
          h('th', {scope: 'col'}, t('agent.routing.col.actions')))),
        h('tbody', null, rules.map((rule) => h('tr', {class: `rule-row${rule.active ? '' : ' is-inactive'}`, dataset: {ruleId: rule.id}},
          h('td', {class: 'rule-position'}, String(rule.position)),
          h('th', {scope: 'row', class: 'rule-name'}, h('a', {href: `#/routing/${rule.id}`}, rule.name)),
          h('td', {class: 'rule-active'}, rule.active
            ? h('span', {class: 'badge rule-on'}, `✓ ${t('agent.routing.active')}`)
            : h('span', {class: 'badge rule-off'}, `✗ ${t('agent.routing.inactive')}`)),
          h('td', {class: 'rule-summary'},
            h('p', {class: 'rule-when'}, whenSummary(rule.when)),
            h('p', {class: 'rule-then'}, thenSummary(rule.then, namesBy.get(code)))),
          h('td', {class: 'rule-actions'},
            h('a', {href: `#/routing/${rule.id}`, class: 'btn btn-secondary btn-small rule-edit'}, t('agent.routing.edit'),
              h('span', {class: 'visually-hidden'}, ` ${rule.name}`)),
            ' ',
            h('button', {type: 'button', class: 'btn btn-secondary btn-small rule-delete', dataset: {ruleId: rule.id},
              onclick: (e) => confirmDelete(rule, e.currentTarget, ctx)}, t('agent.routing.delete'),
            h('span', {class: 'visually-hidden'}, ` ${rule.name}`)))))))));
  }

  // The classifier: retrain now.
  const trainTenant = h('select', {name: 'tenant'}, tlist.map((x) => option(x.code, `${x.name} (${x.code})`)));
  const trainBtn = h('button', {type: 'submit', class: 'btn btn-secondary', id: 'train-btn'}, t('agent.routing.train.button'));
  const trainResult = h('div', {class: 'train-result', id: 'train-result', role: 'status'});
  const trainForm = h('form', {class: 'train-form', id: 'train-form', novalidate: true},
    field('train-tenant', t('agent.field.tenant'), trainTenant), h('div', {class: 'compose-actions'}, trainBtn), trainResult);
  trainForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    trainBtn.disabled = true;
    trainResult.textContent = t('agent.routing.train.running');
    try {
      const res = await call('POST', '/api/v1/admin/routing/train', {body: {tenant: trainTenant.value}});
      replace(trainResult, alertBox(res.trained ? tn('agent.routing.train.done', res.examples) : t('agent.routing.train.too_few'),
        res.trained ? 'ok' : 'warn'));
    } catch (err) {
      replace(trainResult, alertBox(errorText(err)));
    } finally { trainBtn.disabled = false; }
  });

  // The preview: the active rules of the administration chosen here.
  const pvTenant = h('select', {name: 'tenant'}, tlist.map((x) => option(x.code, `${x.name} (${x.code})`)));
  const preview = previewPanel({getTenant: () => pvTenant.value, tenantSelect: pvTenant});
  pvTenant.addEventListener('change', () => preview.refreshNames());
  await preview.refreshNames();

  replace(main, h('div', {class: 'view-routing'}, h1, msg,
    h('p', {class: 'muted'}, t('agent.routing.intro')),
    h('p', null, h('a', {href: '#/routing/new', class: 'btn', id: 'rule-new'}, t('agent.routing.new'))),
    h('div', {class: 'routing-grid'},
      h('div', {class: 'stack routing-lists', id: 'routing-rules'},
        order.length ? order.map(group) : h('p', {class: 'muted', id: 'routing-empty'}, t('agent.routing.empty'))),
      h('div', {class: 'stack'},
        preview.section,
        h('section', {class: 'train-section', id: 'train-panel', 'aria-labelledby': 'train-title'},
          h('h2', {id: 'train-title'}, t('agent.routing.train.title')),
          h('p', {class: 'hint'}, t('agent.routing.train.intro')), trainForm)))));
  ctx.titled(title, h1);
  return {};
}

function confirmDelete(rule, opener, ctx) {
  const err = h('div');
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary', value: 'cancel'}, t('common.cancel'));
  const ok = h('button', {type: 'button', class: 'btn btn-danger', id: 'rule-delete-confirm'}, t('agent.routing.delete_confirm'));
  const dlg = h('dialog', {class: 'dialog', id: 'rule-delete-dialog', 'aria-labelledby': 'rule-dlg-title', 'aria-describedby': 'rule-dlg-desc'},
    h('h2', {id: 'rule-dlg-title'}, t('agent.routing.delete_title')),
    h('div', {id: 'rule-dlg-desc'},
      h('p', null, t('agent.routing.delete_text', {name: rule.name, position: rule.position, tenant: rule.tenant})),
      h('p', {class: 'alert alert-warn'}, t('agent.routing.delete_irreversible'))),
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
    try {
      await call('DELETE', `/api/v1/admin/routing/rules/${rule.id}`);
      done = true;
      dlg.close();
      flash = t('agent.routing.deleted', {name: rule.name});
      announce(flash);
      ctx.go('#/routing');
    } catch (e) {
      replace(err, alertBox(errorText(e)));
      ok.disabled = false;
    }
  });
  dlg.showModal();
  cancel.focus();
}

// ---- the form ----------------------------------------------------------------------------

export async function renderForm(main, {id}, ctx) {
  if (!ctx.hasRole('supervisor')) return forbidden(main, ctx);
  const [all, tlist] = await Promise.all([call('GET', '/api/v1/admin/routing/rules'), tenantList(ctx)]);
  let rule = null;
  if (id) {
    rule = all.items.find((x) => x.id === id) || null;
    if (!rule) {
      const h1 = h('h1', null, t('agent.routing.notfound_title'));
      replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.routing.notfound_text')),
        h('p', null, h('a', {href: '#/routing'}, t('agent.routing.back'))));
      ctx.titled(t('agent.routing.notfound_title'), h1);
      return {};
    }
  }
  const when = (rule && rule.when) || {};
  const then = (rule && rule.then) || {};
  const title = rule ? t('agent.routing.edit_title', {name: rule.name}) : t('agent.routing.new_title');
  const h1 = h('h1', null, title);
  const summaryBox = h('div', {class: 'alert alert-error error-summary', id: 'rule-form-errors', tabindex: '-1', hidden: true, role: 'alert'});

  const fTenant = h('select', {name: 'tenant'}, tlist.map((x) => option(x.code, `${x.name} (${x.code})`)));
  const fName = h('input', {type: 'text', name: 'name', maxlength: 200, required: true});
  const fPosition = h('input', {type: 'number', name: 'position', min: 0, max: 1000000, step: 1, inputmode: 'numeric', required: true});
  const fActive = h('input', {type: 'checkbox', id: 'rule-active', name: 'active'});
  const tenant = () => (rule ? rule.tenant : fTenant.value);
  const nextPosition = () => {
    const mine = all.items.filter((x) => x.tenant === tenant());
    return mine.length ? Math.min(1000000, Math.max(...mine.map((x) => x.position)) + 10) : 10;
  };
  fName.value = rule ? rule.name : '';
  fPosition.value = String(rule ? rule.position : nextPosition());
  fActive.checked = rule ? !!rule.active : true;
  let positionTouched = !!rule;
  fPosition.addEventListener('input', () => { positionTouched = true; });

  // Conditions
  const channelBoxes = CHANNELS.map((c) => h('input', {type: 'checkbox', id: `rule-channel-${c}`, name: 'channels', value: c,
    checked: has(when.channels) && when.channels.includes(c)}));
  const channelsSet = h('fieldset', {class: 'rule-channels', id: 'rule-channels', 'aria-describedby': 'rule-channels-hint'},
    h('legend', null, t('agent.routing.f.channels')),
    h('p', {class: 'hint', id: 'rule-channels-hint'}, t('agent.routing.f.channels_hint')),
    h('p', {class: 'field-error', id: 'rule-channels-error', hidden: true}),
    h('div', {class: 'check-grid'}, CHANNELS.map((c, i) => h('div', {class: 'radio'}, channelBoxes[i],
      h('label', {for: `rule-channel-${c}`}, t(`common.channel.${c}`))))));
  const text = (name, value, max) => {
    const el = h('input', {type: 'text', name, maxlength: max || 2000});
    el.value = value || '';
    return el;
  };
  const fAny = text('words_any', list(when.words_any));
  const fAll = text('words_all', list(when.words_all));
  const fNone = text('words_none', list(when.words_none));
  const fRegex = text('regex', when.regex || '', 500);
  fRegex.setAttribute('spellcheck', 'false');
  fRegex.classList.add('mono');
  const fServices = text('services', list(when.services));

  // Actions
  const fDept = h('select', {name: 'department'});
  const fPrio = h('select', {name: 'priority'}, option('', t('agent.routing.f.priority_keep')),
    PRIORITIES.map((p) => option(p, t(`agent.priority.${p}`), then.priority === p)));
  const fTags = text('tags', list(then.tags), 500);
  const fReply = h('textarea', {name: 'auto_reply', rows: 4, maxlength: 5000});
  fReply.value = then.auto_reply || '';
  const fConf = h('input', {type: 'checkbox', id: 'rule-confidential', name: 'confidential', checked: !!then.confidential});
  const fStop = h('input', {type: 'checkbox', id: 'rule-stop', name: 'stop', checked: then.stop !== false,
    'aria-describedby': 'rule-stop-hint'});

  async function fillDepartments() {
    const want = fDept.value || then.department || '';
    let depts = [];
    try { depts = await tenantDepartments(tenant()); } catch (e) { depts = []; }
    replace(fDept, option('', t('agent.routing.f.department_keep')),
      depts.map((d) => option(d.code, `${d.name} (${d.code})`, d.code === want)));
    if (want && !depts.some((d) => d.code === want)) fDept.appendChild(option(want, want, true));
  }

  const map = {
    tenant: fTenant, name: fName, position: fPosition, active: fActive,
    'when.channels': channelsSet, 'when.words_any': fAny, 'when.words_all': fAll, 'when.words_none': fNone,
    'when.regex': fRegex, 'when.services': fServices,
    'then.department': fDept, 'then.priority': fPrio, 'then.tags': fTags, 'then.auto_reply': fReply,
    'then.confidential': fConf, 'then.stop': fStop,
  };

  /** The rule as the form says, keeping what the form does not show
   * (hours, citizen_lang, citizen_has, service, assign). */
  function readRule() {
    const w = {...when};
    const a = {...then};
    const setList = (o, k, v) => { if (v.length) o[k] = v; else delete o[k]; };
    setList(w, 'channels', channelBoxes.filter((b) => b.checked).map((b) => b.value));
    setList(w, 'words_any', splitList(fAny.value));
    setList(w, 'words_all', splitList(fAll.value));
    setList(w, 'words_none', splitList(fNone.value));
    if (fRegex.value.trim()) w.regex = fRegex.value.trim(); else delete w.regex;
    setList(w, 'services', splitList(fServices.value));
    if (fDept.value) a.department = fDept.value; else delete a.department;
    if (fPrio.value) a.priority = fPrio.value; else delete a.priority;
    setList(a, 'tags', splitList(fTags.value));
    if (fReply.value.trim()) a.auto_reply = fReply.value.trim(); else delete a.auto_reply;
    if (fConf.checked) a.confidential = true; else delete a.confidential;
    a.stop = fStop.checked;
    const pos = fPosition.value.trim();
    return {name: fName.value.trim(), position: /^\d+$/.test(pos) ? Number(pos) : pos === '' ? null : pos,
      active: fActive.checked, when: w, then: a};
  }

  /** Local checks before the server's: the name, a whole position. */
  function localErrors(r) {
    const fields = {};
    if (!r.name) fields.name = t('agent.routing.f.name_required');
    if (typeof r.position !== 'number' || r.position > 1000000) fields.position = t('agent.routing.f.position_invalid');
    return Object.keys(fields).length ? new ApiError(422, {error: {code: 'validation_failed', fields}}) : null;
  }

  const saveBtn = h('button', {type: 'submit', class: 'btn', id: 'rule-save'}, rule ? t('agent.routing.save_changes') : t('agent.routing.create'));
  const deleteBtn = rule ? h('button', {type: 'button', class: 'btn btn-danger', id: 'rule-delete'}, t('agent.routing.delete')) : null;
  const form = h('form', {class: 'rule-form card', id: 'rule-form', novalidate: true},
    summaryBox,
    rule ? h('p', null, h('strong', null, `${t('agent.field.tenant')}: `),
      (tlist.find((x) => x.code === rule.tenant) || {name: rule.tenant}).name, ` (${rule.tenant})`)
      : field('rule-tenant', t('agent.field.tenant'), fTenant),
    h('div', {class: 'grid-2'},
      field('rule-name', t('agent.routing.f.name'), fName),
      field('rule-position', t('agent.routing.f.position'), fPosition, t('agent.routing.f.position_hint'))),
    h('div', {class: 'radio'}, fActive, h('label', {for: 'rule-active'}, t('agent.routing.f.active'))),
    h('fieldset', {class: 'rule-when-set'}, h('legend', null, t('agent.routing.f.when')),
      h('p', {class: 'hint'}, t('agent.routing.f.when_hint')),
      channelsSet,
      field('rule-words-any', t('agent.routing.f.words_any'), fAny, t('agent.routing.f.words_any_hint')),
      field('rule-words-all', t('agent.routing.f.words_all'), fAll, t('agent.routing.f.list_hint')),
      field('rule-words-none', t('agent.routing.f.words_none'), fNone, t('agent.routing.f.list_hint')),
      field('rule-regex', t('agent.routing.f.regex'), fRegex, t('agent.routing.f.regex_hint')),
      field('rule-services', t('agent.routing.f.services'), fServices, t('agent.routing.f.services_hint'))),
    h('fieldset', {class: 'rule-then-set'}, h('legend', null, t('agent.routing.f.then')),
      h('div', {class: 'grid-2'},
        field('rule-department', t('agent.field.department'), fDept),
        field('rule-priority', t('agent.field.priority'), fPrio)),
      field('rule-tags', t('agent.routing.f.tags'), fTags, t('agent.routing.f.tags_hint')),
      field('rule-auto-reply', t('agent.routing.f.auto_reply'), fReply, t('agent.routing.f.auto_reply_hint')),
      h('div', {class: 'radio'}, fConf, h('label', {for: 'rule-confidential'}, t('agent.routing.f.confidential'))),
      h('p', {class: 'field-error', id: 'rule-confidential-error', hidden: true}),
      h('div', {class: 'radio'}, fStop, h('label', {for: 'rule-stop'}, t('agent.routing.f.stop'))),
      h('p', {class: 'hint', id: 'rule-stop-hint'}, t('agent.routing.f.stop_hint')),
      h('p', {class: 'field-error', id: 'rule-stop-error', hidden: true})),
    h('div', {class: 'compose-actions'}, saveBtn, deleteBtn, h('a', {href: '#/routing', class: 'btn btn-secondary'}, t('common.cancel'))));

  const preview = previewPanel({
    getTenant: tenant,
    getRule() {
      const r = readRule();
      // An unsaved rule may have no name or position yet: the test does not need them.
      const out = {name: r.name || t('agent.routing.unsaved_name'), position: typeof r.position === 'number' ? r.position : 0,
        active: true, when: r.when, then: r.then};
      if (rule) out.id = rule.id;
      return out;
    },
    onRuleErrors(err) {
      const fields = {};
      for (const [k, v] of Object.entries(err.fields || {})) if (k.startsWith('rule.')) fields[k.slice(5)] = v;
      showFormErrors(summaryBox, form, withFieldNames(new ApiError(422, {error: {code: 'validation_failed', fields}}), map), map);
    },
  });

  fTenant.addEventListener('change', async () => {
    fDept.value = '';
    if (!positionTouched) fPosition.value = String(nextPosition());
    await fillDepartments();
    preview.refreshNames();
  });

  replace(main, h('div', {class: 'view-rule'}, h1,
    h('p', null, h('a', {href: '#/routing'}, `← ${t('agent.routing.back')}`)),
    h('div', {class: 'routing-grid'}, form, h('div', {class: 'stack'}, preview.section))));
  ctx.titled(title, h1);
  await fillDepartments();
  await preview.refreshNames();

  if (deleteBtn) deleteBtn.addEventListener('click', () => confirmDelete(rule, deleteBtn, ctx));

  let saving = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saving) return;
    clearFieldErrors(form);
    summaryBox.hidden = true;
    const r = readRule();
    const local = localErrors(r);
    if (local) { showFormErrors(summaryBox, form, local, map); return; }
    saving = true;
    saveBtn.disabled = true;
    try {
      const saved = rule
        ? await call('PATCH', `/api/v1/admin/routing/rules/${rule.id}`, {body: r})
        : await call('POST', '/api/v1/admin/routing/rules', {body: {tenant: fTenant.value, ...r}});
      flash = rule ? t('agent.routing.saved', {name: saved.name}) : t('agent.routing.created', {name: saved.name});
      announce(flash);
      ctx.go('#/routing');
    } catch (err) {
      showFormErrors(summaryBox, form, withFieldNames(err, map), map);
    } finally {
      saving = false;
      saveBtn.disabled = false;
    }
  });
  return {};
}
