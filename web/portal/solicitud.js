// The request form: contact (at least one of email, phone, DNI/NIE),
// subject, message and attachments. One Idempotency-Key per form fill, so a
// double click or a retry never files the request twice. On success the
// receipt data goes to sessionStorage (never the URL) and /recibo shows it.

import {api} from '../common/api.js';
import {$, h, replace, randomKey, announce} from '../common/dom.js';
import {t} from '../common/i18n.js';
import {initPage, loadTenants, loadServices, tenantParam, errorText, alertBox, portalUrl, params,
  breadcrumb, RECEIPT_KEY, CATALOGUE_LANG} from './shell.js';
import {errorReporter, inPageOrder, emailLooksValid} from './forms.js';
import {attachmentPicker} from './uploads.js';
import {kbSuggest} from '../common/suggest.js';

const FIELD_IDS = {
  tenant: 'f-tenant', service: 'f-service', name: 'f-name', email: 'f-email', phone: 'f-phone',
  national_id: 'f-national_id', subject: 'f-subject', body: 'f-body', attachments: 'f-files',
};

let idempotencyKey = randomKey();
let lastBody = null;
let tenantInfo = {};   // code -> tenant object
let services = [];
let sending = false;

async function fillServices(code, wanted) {
  const select = $('#f-service');
  replace(select, h('option', {value: ''}, t('portal.form.service_none')));
  services = [];
  if (!code) return;
  try {
    const res = await loadServices(code);
    if (res.tenant) tenantInfo[res.tenant.code] = res.tenant;
    services = res.items || [];
    for (const s of services) select.appendChild(h('option', {value: s.code, selected: s.code === wanted, lang: CATALOGUE_LANG}, s.name));
    if (!tenantOption(code) && res.tenant) {
      $('#f-tenant').appendChild(h('option', {value: code, selected: true, lang: CATALOGUE_LANG}, res.tenant.name));
    }
  } catch (err) {
    replace($('#form-alert'), alertBox('error', errorText(err)));
  }
}

function tenantOption(code) {
  return Array.from($('#f-tenant').options).find((o) => o.value === code);
}

async function fillTenants(current) {
  const select = $('#f-tenant');
  const items = await loadTenants();
  for (const it of items || []) {
    tenantInfo[it.code] = it;
    select.appendChild(h('option', {value: it.code, selected: it.code === current, lang: CATALOGUE_LANG}, it.name));
  }
  if (!items && !current) replace($('#form-alert'), alertBox('error', t('portal.home.tenants_error'), () => location.reload()));
}

function value(id) { return $(`#${id}`).value.trim(); }

function clientErrors(data, picker) {
  const errs = [];
  if (!data.tenant) errs.push(['tenant', t('portal.errors.tenant_required')]);
  if (data.email && !emailLooksValid(data.email)) errs.push(['email', t('portal.errors.email_format')]);
  if (!data.email && !data.phone && !data.national_id) errs.push(['email', t('portal.errors.contact_required')]);
  if (!data.subject) errs.push(['subject', t('portal.errors.subject_required')]);
  if (!data.body) errs.push(['body', t('portal.errors.body_required')]);
  if (picker.busy()) errs.push(['attachments', t('portal.errors.uploads_busy')]);
  return errs;
}

function setSending(on) {
  sending = on;
  const btn = $('#submit-btn');
  btn.setAttribute('aria-disabled', on ? 'true' : 'false');
  btn.textContent = on ? t('portal.form.sending') : t('portal.form.submit');
}

async function submit(picker, reporter) {
  if (sending) return;
  replace($('#form-alert'));
  const data = {};
  for (const k of ['tenant', 'service', 'name', 'email', 'phone', 'national_id', 'subject', 'body']) {
    const v = value(FIELD_IDS[k]);
    if (v) data[k] = v;
  }
  const errs = clientErrors(data, picker);
  if (errs.length) {
    reporter.show(errs);
    return;
  }
  const tokens = picker.tokens();
  if (tokens.length) data.attachments = tokens;
  // A changed form after a failed try is a new request: a new key.
  const bodyText = JSON.stringify(data);
  if (lastBody !== null && lastBody !== bodyText) idempotencyKey = randomKey();
  lastBody = bodyText;

  reporter.clear();
  setSending(true);
  announce(t('portal.form.sending'));
  let res;
  try {
    res = await api('POST', '/api/v1/public/requests', {body: data, idempotencyKey});
  } catch (err) {
    setSending(false);
    if (err.status === 422 && Object.keys(err.fields).length) {
      lastBody = null; // validation failures do not use the key up
      reporter.show(inPageOrder(err.fields, FIELD_IDS));
    } else if (err.code === 'idempotency_conflict') {
      idempotencyKey = randomKey();
      lastBody = null;
      reporter.show([], [t('portal.errors.conflict_retry')]);
    } else {
      reporter.show([], [errorText(err)]);
    }
    return;
  }
  const tn = tenantInfo[data.tenant] || {code: data.tenant, name: data.tenant};
  const svc = services.find((s) => s.code === data.service);
  const receipt = {
    reference: res.reference,
    access_token: res.access_token,
    created_at: res.created_at,
    status: res.status,
    tenant: {code: tn.code, name: tn.name, phone: tn.phone || null, email: tn.email || null},
    service: svc ? {code: svc.code, name: svc.name, processing_days: svc.processing_days} : null,
    subject: data.subject,
    attachments: tokens.length,
  };
  try {
    sessionStorage.setItem(RECEIPT_KEY, JSON.stringify(receipt));
  } catch (e) {
    // No storage: show the essentials here rather than lose the token.
    setSending(false);
    reporter.clear();
    replace($('#form-alert'), h('div', {class: 'alert alert-ok', role: 'alert'},
      h('p', {}, t('portal.receipt.ok')),
      h('p', {}, `${t('portal.receipt.reference')}: ${res.reference}`),
      h('p', {}, h('a', {href: `/seguimiento#ref=${encodeURIComponent(res.reference)}&token=${encodeURIComponent(res.access_token)}`},
        t('portal.receipt.open')))));
    $('#request-form').hidden = true;
    return;
  }
  picker.reset();
  location.assign('/recibo');
}

// Official document formats the catalogue names; any other shows as is.
const FORMATS = ['pdf', 'html', 'sede', 'doc', 'docx', 'odt'];

function formatName(fmt) {
  const f = String(fmt || '').toLowerCase();
  if (!f) return '';
  return FORMATS.includes(f) ? t(`portal.format.${f}`) : f.toUpperCase();
}

/** Knowledge-base articles that may answer the request, below the message. */
function suggestArticles() {
  return kbSuggest({
    region: $('#kb-suggest'),
    inputs: [$('#f-subject'), $('#f-body')],
    tenant: () => $('#f-tenant').value,
    text: () => `${$('#f-subject').value}\n${$('#f-body').value}`,
    channel: 'web',
    level: 2,
    texts: {
      heading: t('portal.kb.heading'),
      intro: t('portal.kb.intro'),
      count: (n) => (n === 1 ? t('portal.kb.count_one') : t('portal.kb.count_other', {n})),
      documents: t('portal.kb.documents'),
      newTab: t('portal.kb.new_tab'),
      readMore: t('portal.kb.read_more'),
      readLess: t('portal.kb.read_less'),
      loading: t('portal.kb.loading'),
      articleError: t('portal.kb.article_error'),
      helped: t('portal.kb.helped'),
      helpedDone: t('portal.kb.helped_done'),
      helpedError: t('portal.kb.helped_error'),
      format: formatName,
    },
  });
}

async function main() {
  await initPage();
  const tenant = tenantParam();
  const service = (params().get('service') || '').trim();
  const picker = attachmentPicker({input: $('#f-files'), list: $('#file-list'), endpoint: '/api/v1/public/uploads'});
  const reporter = errorReporter($('#error-summary'), FIELD_IDS);
  const form = $('#request-form');
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit(picker, reporter);
  });
  const suggestions = suggestArticles();
  $('#f-tenant').addEventListener('change', () => {
    fillServices($('#f-tenant').value, '');
    suggestions.schedule();
  });

  await fillTenants(tenant);
  if (tenant) {
    await fillServices(tenant, service);
    const tn = tenantInfo[tenant];
    const svc = services.find((s) => s.code === service);
    if (tn) {
      const crumbs = [{href: '/', text: t('portal.breadcrumb.home')},
        {href: portalUrl('/', {tenant}), text: tn.name, lang: CATALOGUE_LANG}];
      if (svc) crumbs.push({href: portalUrl('/servicio', {tenant, code: svc.code}), text: svc.name, lang: CATALOGUE_LANG});
      crumbs.push({text: t('portal.form.h1')});
      breadcrumb(crumbs);
      for (const a of document.querySelectorAll('.site-header a[href="/"]')) a.href = portalUrl('/', {tenant});
    }
  }
  // A text the browser kept (back button, restored tab) gets its suggestions too.
  suggestions.schedule();
}

main();
