// The knowledge base: the articles of my administrations with a search box
// (#/kb, #/kb?q=…), one article (#/kb/<id>: its text from the server's
// HTML, copied through a whitelist, never as markup; its documents; its
// version) and, for supervisors, the form to write or change one
// (#/kb/new, #/kb/<id>/edit).
import {h, replace, announce} from '/static/common/dom.js';
import {t, formatDate, formatDateTime} from '/static/common/i18n.js';
import {call, ApiError, errorText, alertBox, field, clearFieldErrors, showFormErrors, tenants,
  tenantName, services, departments, option, tn} from './util.js';
import {safeHtml, safeHref, externalLink} from './safe_html.js';

const LANGS = ['es', 'en', 'ca', 'eu', 'gl'];
const MAX_DOCS = 10;
let flash = ''; // what the next list or article view says first ("Article saved.")

export function kbVisibilityBadge(v) {
  return v === 'internal'
    ? h('span', {class: 'badge kb-vis kb-vis-internal', dataset: {visibility: 'internal'}}, t('agent.kb.vis_internal'))
    : h('span', {class: 'badge kb-vis kb-vis-public', dataset: {visibility: 'public'}}, t('agent.kb.vis_public'));
}

function takeFlash() {
  const text = flash;
  flash = '';
  return text ? alertBox(text, 'ok') : null;
}

function forbidden(main, ctx) {
  const h1 = h('h1', null, t('agent.kb.forbidden_title'));
  replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.kb.forbidden_text')),
    h('p', null, h('a', {href: '#/kb'}, t('agent.kb.back'))));
  ctx.titled(t('agent.kb.forbidden_title'), h1);
  return {};
}

function notFound(main, ctx) {
  const h1 = h('h1', null, t('agent.kb.notfound_title'));
  replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.kb.notfound_text')),
    h('p', null, h('a', {href: '#/kb'}, t('agent.kb.back'))));
  ctx.titled(t('agent.kb.notfound_title'), h1);
  return {};
}

// ---- the list and the search -------------------------------------------------

function itemRow(a, names) {
  return h('li', {class: 'kb-item', dataset: {articleId: a.id}},
    h('h3', {class: 'kb-item-title'}, h('a', {href: `#/kb/${a.id}`}, a.title)),
    a.summary ? h('p', {class: 'kb-item-summary'}, a.summary) : null,
    h('p', {class: 'kb-item-meta'},
      kbVisibilityBadge(a.visibility),
      a.confident ? [' ', h('span', {class: 'badge badge-confident'}, `✓ ${t('agent.suggest.confident')}`)] : null,
      a.active === false ? [' ', h('span', {class: 'badge kb-inactive'}, t('agent.kb.inactive'))] : null,
      ' ', h('span', {class: 'kb-item-tenant'}, names.get(a.tenant) || a.tenant),
      a.service ? [' · ', h('span', {class: 'kb-item-service'}, t('agent.kb.service_is', {code: a.service}))] : null,
      ' · ', h('span', {class: 'kb-item-updated'}, t('agent.kb.updated_on', {date: formatDate(a.updated_at)}))));
}

export async function renderList(main, {q}, ctx) {
  const names = new Map();
  try { for (const x of await tenants()) names.set(x.code, x.name); } catch (e) { /* codes then */ }
  const title = t('agent.kb.title');
  const h1 = h('h1', null, title);
  const input = h('input', {type: 'search', id: 'kb-q', name: 'q', maxlength: 500, dataset: {search: '1'},
    'aria-keyshortcuts': '/', 'aria-describedby': 'kb-q-hint'});
  input.value = q;
  const clearBtn = h('button', {type: 'button', class: 'btn btn-secondary', id: 'kb-clear'}, t('agent.kb.show_all'));
  const form = h('form', {class: 'search-form', id: 'kb-search', role: 'search', 'aria-label': t('agent.kb.search_label')},
    h('label', {for: 'kb-q'}, t('agent.kb.search_label')),
    h('span', {class: 'hint', id: 'kb-q-hint'}, t('agent.kb.search_hint')),
    h('div', {class: 'inline'}, input, h('button', {type: 'submit', class: 'btn'}, t('agent.kb.search_button')), clearBtn));
  const resTitle = h('h2', {id: 'kb-results-title'});
  const count = h('p', {class: 'queue-count', id: 'kb-count', role: 'status'});
  const list = h('ul', {class: 'kb-list', id: 'kb-list', 'aria-labelledby': 'kb-results-title'});
  const msg = h('div', {class: 'view-msg', id: 'kb-msg'});
  replace(main, h('div', {class: 'view-kb'}, h1, takeFlash(),
    h('p', {class: 'muted'}, t('agent.kb.intro')),
    ctx.hasRole('supervisor') ? h('p', null, h('a', {href: '#/kb/new', class: 'btn', id: 'kb-new'}, t('agent.kb.new'))) : null,
    form, msg,
    h('section', {class: 'kb-results', 'aria-labelledby': 'kb-results-title'}, resTitle, count, list)));
  ctx.titled(title, h1);

  let seq = 0;
  async function run(value) {
    const my = ++seq;
    msg.replaceChildren();
    count.textContent = t('common.loading');
    let items;
    try {
      items = value
        ? (await call('GET', '/api/v1/kb/search', {query: {q: value}})).items
        : (await call('GET', '/api/v1/kb/articles')).items;
    } catch (err) {
      if (my !== seq) return;
      count.textContent = '';
      replace(msg, alertBox(errorText(err)));
      return;
    }
    if (my !== seq) return;
    resTitle.textContent = value ? t('agent.kb.results_for', {q: value}) : t('agent.kb.all_articles');
    count.textContent = items.length ? tn('agent.kb.count', items.length) : value ? t('agent.kb.no_results') : t('agent.kb.empty');
    replace(list, items.map((a) => itemRow(a, names)));
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    history.replaceState(null, '', `#/kb${v ? `?q=${encodeURIComponent(v)}` : ''}`);
    run(v);
  });
  clearBtn.addEventListener('click', () => {
    input.value = '';
    history.replaceState(null, '', '#/kb');
    run('');
    input.focus();
  });
  await run(q);
  return {};
}

// ---- one article ----------------------------------------------------------------

/** The article's documents as a list of links (title, format). */
export function documentList(docs) {
  return h('ul', {class: 'kb-docs', id: 'kb-docs'}, docs.map((d) => {
    const href = safeHref(d.url);
    const fmt = d.format ? h('span', {class: 'badge kb-format'}, String(d.format).toUpperCase()) : null;
    return h('li', null, href ? externalLink(href, d.title) : h('span', null, d.title), fmt ? [' ', fmt] : null);
  }));
}

export async function renderArticle(main, {id}, ctx) {
  let a;
  try {
    a = await call('GET', `/api/v1/kb/articles/${id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return notFound(main, ctx);
    throw err;
  }
  const [tenantLabel, svcName, deptLabel] = await Promise.all([
    tenantName(a.tenant),
    a.service ? services(a.tenant).then((l) => (l.find((s) => s.code === a.service) || {}).name).catch(() => null) : null,
    a.department ? departments().then((l) => (l.find((d) => d.tenant === a.tenant && d.code === a.department) || {}).name)
      .catch(() => null) : null,
  ]);
  const h1 = h('h1', {class: 'kb-article-title', id: 'kb-article-h1'}, a.title);
  const dd = (label, ...value) => h('div', {class: 'meta-item'}, h('dt', null, label), h('dd', null, ...value));
  const body = h('div', {class: 'kb-body', id: 'kb-body'});
  if (a.html) body.appendChild(safeHtml(a.html));
  else body.appendChild(h('p', {class: 'kb-plain'}, a.body || ''));
  const docs = a.documents || [];
  replace(main, h('article', {class: 'view-kb-article', dataset: {articleId: a.id}, 'aria-labelledby': 'kb-article-h1'},
    h('header', {class: 'ticket-head kb-article-head'},
      h1,
      h('p', {class: 'ticket-badges'}, kbVisibilityBadge(a.visibility),
        a.active === false ? [' ', h('span', {class: 'badge kb-inactive'}, t('agent.kb.inactive'))] : null),
      h('dl', {class: 'meta', id: 'kb-meta'},
        dd(t('agent.field.tenant'), tenantLabel),
        dd(t('agent.field.service'), a.service ? (svcName ? `${svcName} (${a.service})` : a.service) : t('agent.ticket.no_service')),
        dd(t('agent.field.department'), a.department ? deptLabel || a.department : t('agent.ticket.no_department')),
        dd(t('agent.kb.lang'), t(`agent.kb.lang_name.${LANGS.includes(a.lang) ? a.lang : 'es'}`)),
        dd(t('agent.kb.version'), h('span', {id: 'kb-version'}, String(a.version))),
        dd(t('agent.field.updated'), h('time', {datetime: a.updated_at, id: 'kb-updated'}, formatDateTime(a.updated_at))))),
    takeFlash(),
    a.summary ? h('section', {class: 'kb-summary', id: 'kb-summary', 'aria-labelledby': 'kb-summary-title'},
      h('h2', {id: 'kb-summary-title'}, t('agent.kb.summary')), h('p', null, a.summary)) : null,
    h('section', {class: 'kb-text', 'aria-labelledby': 'kb-text-title'},
      h('h2', {id: 'kb-text-title', class: 'visually-hidden'}, t('agent.kb.text')), body),
    h('section', {class: 'kb-documents', 'aria-labelledby': 'kb-docs-title'},
      h('h2', {id: 'kb-docs-title'}, t('agent.kb.documents')),
      docs.length ? documentList(docs) : h('p', {class: 'muted'}, t('agent.kb.no_documents'))),
    h('p', {class: 'compose-actions kb-article-actions'},
      ctx.hasRole('supervisor') ? h('a', {href: `#/kb/${a.id}/edit`, class: 'btn', id: 'kb-edit'}, t('agent.kb.edit')) : null,
      h('a', {href: '#/kb', class: 'btn btn-secondary'}, t('agent.kb.back')))));
  ctx.titled(a.title, h1);
  return {};
}

// ---- the form ---------------------------------------------------------------------

export async function renderForm(main, {id}, ctx) {
  if (!ctx.hasRole('supervisor')) return forbidden(main, ctx);
  let a = null;
  if (id) {
    try {
      a = await call('GET', `/api/v1/kb/articles/${id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return notFound(main, ctx);
      throw err;
    }
  }
  let tenantList = [];
  try { tenantList = await tenants(); } catch (e) { tenantList = ctx.session.tenants.map((code) => ({code, name: code})); }
  const title = a ? t('agent.kb.edit_title', {title: a.title}) : t('agent.kb.new_title');
  const h1 = h('h1', null, title);
  const summaryBox = h('div', {class: 'alert alert-error error-summary', id: 'kb-form-errors', tabindex: '-1', hidden: true, role: 'alert'});

  const tenantSel = h('select', {name: 'tenant', required: true},
    tenantList.map((x) => option(x.code, `${x.name} (${x.code})`)));
  const fTitle = h('input', {type: 'text', name: 'title', maxlength: 300, required: true});
  const fSummary = h('textarea', {name: 'summary', rows: 3, maxlength: 2000});
  const fBody = h('textarea', {name: 'body', rows: 14, maxlength: 50000, required: true, class: 'kb-body-input'});
  const fVis = h('select', {name: 'visibility'},
    option('public', t('agent.kb.vis_public_long')), option('internal', t('agent.kb.vis_internal_long')));
  const fLang = h('select', {name: 'lang'}, LANGS.map((l) => option(l, t(`agent.kb.lang_name.${l}`))));
  const fService = h('select', {name: 'service'});
  const fDept = h('select', {name: 'department'});
  const fActive = h('input', {type: 'checkbox', id: 'kb-active', name: 'active', checked: true});
  if (a) {
    fTitle.value = a.title;
    fSummary.value = a.summary || '';
    fBody.value = a.body || '';
    fVis.value = a.visibility;
    fLang.value = LANGS.includes(a.lang) ? a.lang : 'es';
    fActive.checked = a.active !== false;
  }
  const tenant = () => (a ? a.tenant : tenantSel.value);

  async function fillCatalog() {
    const tc = tenant();
    let svcs = [];
    let depts = [];
    try { svcs = await services(tc); } catch (e) { svcs = []; }
    try { depts = (await departments()).filter((d) => d.tenant === tc); } catch (e) { depts = []; }
    const wantSvc = fService.value || (a && a.service) || '';
    const wantDept = fDept.value || (a && a.department) || '';
    replace(fService, option('', t('agent.kb.none_option')),
      svcs.map((s) => option(s.code, `${s.name} (${s.code})`, s.code === wantSvc)));
    if (wantSvc && !svcs.some((s) => s.code === wantSvc)) fService.appendChild(option(wantSvc, wantSvc, true));
    replace(fDept, option('', t('agent.kb.none_option')),
      depts.map((d) => option(d.code, d.name, d.code === wantDept)));
    if (wantDept && !depts.some((d) => d.code === wantDept)) fDept.appendChild(option(wantDept, wantDept, true));
  }
  tenantSel.addEventListener('change', () => { fService.value = ''; fDept.value = ''; fillCatalog(); });

  // Documents: repeated rows title / address / format, added and removed.
  const docRows = h('ol', {class: 'kb-doc-rows', id: 'kb-doc-rows'});
  const addDoc = h('button', {type: 'button', class: 'btn btn-secondary', id: 'kb-doc-add'}, t('agent.kb.doc_add'));
  const docsSet = h('fieldset', {class: 'kb-doc-set', id: 'kb-docs-set'},
    h('legend', null, t('agent.kb.documents')),
    h('p', {class: 'hint'}, t('agent.kb.documents_hint')),
    h('p', {class: 'field-error', id: 'kb-docs-set-error', hidden: true}),
    docRows, addDoc);
  let docSeq = 0;
  function renumber() {
    Array.from(docRows.children).forEach((li, i) => {
      li.querySelector('legend').textContent = t('agent.kb.doc_n', {n: i + 1});
      li.querySelector('.kb-doc-remove .visually-hidden').textContent = ` ${t('agent.kb.doc_remove_sr', {n: i + 1})}`;
    });
    addDoc.disabled = docRows.children.length >= MAX_DOCS;
  }
  function docRow(d) {
    const n = ++docSeq;
    const dt = h('input', {type: 'text', name: 'doc_title', maxlength: 300});
    const du = h('input', {type: 'url', name: 'doc_url', maxlength: 1000, inputmode: 'url', placeholder: 'https://'});
    const df = h('input', {type: 'text', name: 'doc_format', maxlength: 20, class: 'kb-doc-format-input'});
    dt.value = (d && d.title) || '';
    du.value = (d && d.url) || '';
    df.value = (d && d.format) || '';
    const remove = h('button', {type: 'button', class: 'btn btn-secondary kb-doc-remove'}, t('agent.kb.doc_remove'),
      h('span', {class: 'visually-hidden'}));
    const li = h('li', {class: 'kb-doc-row', dataset: {row: n}},
      h('fieldset', {class: 'kb-doc'}, h('legend', null),
        h('div', {class: 'kb-doc-grid'},
          field(`kb-doc-title-${n}`, t('agent.kb.doc_title'), dt),
          field(`kb-doc-url-${n}`, t('agent.kb.doc_url'), du),
          field(`kb-doc-format-${n}`, t('agent.kb.doc_format'), df, t('agent.kb.doc_format_hint'))),
        remove));
    remove.addEventListener('click', () => {
      const next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      renumber();
      announce(t('agent.kb.doc_removed'));
      (next ? next.querySelector('input') : addDoc).focus();
    });
    return li;
  }
  addDoc.addEventListener('click', () => {
    if (docRows.children.length >= MAX_DOCS) return;
    const li = docRow(null);
    docRows.appendChild(li);
    renumber();
    li.querySelector('input').focus();
  });
  for (const d of (a && a.documents) || []) docRows.appendChild(docRow(d));
  renumber();

  const saveBtn = h('button', {type: 'submit', class: 'btn', id: 'kb-save'}, a ? t('agent.kb.save_changes') : t('agent.kb.create'));
  const cancel = h('a', {href: a ? `#/kb/${a.id}` : '#/kb', class: 'btn btn-secondary'}, t('common.cancel'));
  const form = h('form', {class: 'kb-form card', id: 'kb-form', novalidate: true},
    summaryBox,
    a ? h('p', null, h('strong', null, `${t('agent.field.tenant')}: `), await tenantName(a.tenant),
      ' · ', t('agent.kb.version_is', {n: a.version})) : field('kb-tenant', t('agent.field.tenant'), tenantSel),
    field('kb-title', t('agent.kb.f_title'), fTitle),
    field('kb-summary-input', t('agent.kb.f_summary'), fSummary, t('agent.kb.f_summary_hint')),
    field('kb-body-input', t('agent.kb.f_body'), fBody, t('agent.kb.f_body_hint')),
    h('div', {class: 'grid-2'},
      field('kb-visibility', t('agent.kb.f_visibility'), fVis),
      field('kb-lang', t('agent.kb.lang'), fLang),
      field('kb-service', t('agent.field.service'), fService, t('agent.kb.f_service_hint')),
      field('kb-department', t('agent.field.department'), fDept)),
    h('div', {class: 'radio'}, fActive, h('label', {for: 'kb-active'}, t('agent.kb.f_active'))),
    docsSet,
    h('div', {class: 'compose-actions'}, saveBtn, cancel));
  replace(main, h('div', {class: 'view-kb-form'}, h1,
    a ? h('p', {class: 'muted'}, t('agent.kb.edit_intro')) : null, form));
  ctx.titled(title, h1);
  await fillCatalog();

  const map = {tenant: tenantSel, title: fTitle, summary: fSummary, body: fBody, visibility: fVis, lang: fLang,
    service: fService, department: fDept, active: fActive, documents: docsSet};

  function readDocs(local) {
    const out = [];
    for (const li of docRows.children) {
      const [dt, du, df] = li.querySelectorAll('input');
      const title = dt.value.trim();
      const url = du.value.trim();
      const format = df.value.trim();
      if (!title && !url && !format) continue; // an empty row is no document
      if (!title) local.push([dt, t('agent.kb.doc_title_required')]);
      if (!safeHref(url)) local.push([du, t('agent.kb.doc_url_invalid')]);
      out.push(format ? {title, url, format} : {title, url});
    }
    return out;
  }

  let saving = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (saving) return;
    clearFieldErrors(form);
    summaryBox.hidden = true;
    const local = [];
    if (!fTitle.value.trim()) local.push([fTitle, t('agent.kb.title_required')]);
    if (!fBody.value.trim()) local.push([fBody, t('agent.kb.body_required')]);
    const documents = readDocs(local);
    if (local.length) {
      const fields = {};
      const lmap = {};
      local.forEach(([control, text], i) => { fields[`f${i}`] = text; lmap[`f${i}`] = control; });
      showFormErrors(summaryBox, form, new ApiError(422, {error: {code: 'validation_failed', fields}}), lmap);
      return;
    }
    const body = {
      title: fTitle.value.trim(),
      summary: fSummary.value.trim(),
      body: fBody.value,
      visibility: fVis.value,
      lang: fLang.value,
      active: fActive.checked,
      documents,
    };
    if (fService.value) body.service = fService.value;
    if (fDept.value) body.department = fDept.value;
    if (!a) body.tenant = tenantSel.value;
    saving = true;
    saveBtn.disabled = true;
    try {
      const saved = a ? await call('PATCH', `/api/v1/kb/articles/${a.id}`, {body})
        : await call('POST', '/api/v1/kb/articles', {body});
      flash = a ? t('agent.kb.saved_version', {n: saved.version}) : t('agent.kb.created');
      announce(flash);
      ctx.go(`#/kb/${saved.id}`);
    } catch (err) {
      showFormErrors(summaryBox, form, err, map);
    } finally {
      saving = false;
      saveBtn.disabled = false;
    }
  });
  return {};
}
