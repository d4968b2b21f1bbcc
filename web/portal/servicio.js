// A service of the catalogue: what it is, what is needed, official forms,
// where and how long; and the button to the request form.

import {$, h, replace} from '../common/dom.js';
import {t} from '../common/i18n.js';
import {initPage, loadServices, tenantParam, errorText, alertBox, portalUrl, params,
  contactLine, breadcrumb, CATALOGUE_LANG} from './shell.js';

function formatName(fmt) {
  const f = String(fmt || '').toLowerCase();
  if (!f) return '';
  const key = `portal.format.${f}`;
  const txt = t(key);
  return txt === key ? f.toUpperCase() : txt;
}

function departmentName(s) {
  const d = s.department;
  if (!d) return '';
  if (typeof d === 'object') return d.name || d.code || '';
  return s.department_name || d;
}

function section(id, title, ...content) {
  return h('section', {'aria-labelledby': id, class: 'service-section'}, h('h2', {id}, title), ...content);
}


function render(tenant, s) {
  $('#service-title').textContent = s.name;
  $('#service-title').lang = CATALOGUE_LANG;
  document.title = t('portal.service.title_named', {name: s.name});
  breadcrumb([
    {href: '/', text: t('portal.breadcrumb.home')},
    {href: portalUrl('/', {tenant: tenant.code}), text: tenant.name, lang: CATALOGUE_LANG},
    {text: s.name, lang: CATALOGUE_LANG},
  ]);
  const formUrl = portalUrl('/solicitud', {tenant: tenant.code, service: s.code});
  const parts = [];
  parts.push(h('p', {class: 'service-tenant muted', lang: CATALOGUE_LANG}, tenant.name));
  if (s.description) parts.push(h('p', {class: 'lead', lang: CATALOGUE_LANG}, s.description));
  parts.push(h('p', {class: 'cta'}, h('a', {class: 'btn btn-big', href: formUrl}, t('portal.service.apply'))));

  if (s.requirements && s.requirements.length) {
    parts.push(section('req-title', t('portal.service.requirements'),
      h('ul', {class: 'plain-list', lang: CATALOGUE_LANG}, s.requirements.map((r) => h('li', {}, r)))));
  }
  if (s.documents && s.documents.length) {
    parts.push(section('docs-title', t('portal.service.documents'),
      h('p', {class: 'hint'}, t('portal.service.documents_hint')),
      h('ul', {class: 'doc-list'}, s.documents.map((d) => {
        const fmt = formatName(d.format);
        let safe = '#';
        try {
          const u = new URL(d.url, location.origin);
          if (u.protocol === 'https:' || u.protocol === 'http:') safe = u.href;
        } catch (e) { /* leave # */ }
        const external = safe !== '#' && new URL(safe).origin !== location.origin;
        return h('li', {},
          h('a', {href: safe, rel: external ? 'external noopener noreferrer' : null, class: external ? 'external' : null},
            h('span', {lang: CATALOGUE_LANG}, d.title),
            fmt ? h('span', {class: 'doc-format'}, ` (${fmt})`) : null,
            external ? h('span', {class: 'visually-hidden'}, ` ${t('portal.service.external')}`) : null,
            external ? h('span', {class: 'ext-icon', 'aria-hidden': 'true'}, ' ↗') : null));
      }))));
  }
  if (s.channels && s.channels.length) {
    parts.push(section('channels-title', t('portal.service.channels'),
      h('ul', {class: 'channel-list'}, s.channels.map((c) => h('li', {}, t(`common.channel.${c}`))))));
  }
  const timing = [h('p', {}, t('portal.service.days', {n: s.processing_days}))];
  if (s.legal_deadline_days) timing.push(h('p', {}, t('portal.service.legal_deadline', {n: s.legal_deadline_days})));
  parts.push(section('time-title', t('portal.service.time'), timing));
  const dept = departmentName(s);
  const contact = contactLine(tenant);
  parts.push(section('dept-title', t('portal.service.department'),
    h('p', {lang: CATALOGUE_LANG}, dept ? `${dept} · ${tenant.name}` : tenant.name),
    contact));
  parts.push(h('p', {class: 'cta'}, h('a', {class: 'btn btn-big', href: formUrl}, t('portal.service.apply'))));
  replace($('#service-body'), parts);
}

function notFound(tenant) {
  $('#service-title').textContent = t('portal.service.not_found_title');
  document.title = t('portal.service.not_found_title');
  replace($('#service-body'),
    h('p', {}, t('portal.service.not_found')),
    h('p', {}, h('a', {href: portalUrl('/', {tenant})}, t('portal.service.back_catalogue'))));
}

async function main() {
  await initPage();
  const tenant = tenantParam();
  const code = (params().get('code') || '').trim();
  if (!tenant || !code) return notFound(tenant);
  replace($('#service-body'), h('p', {class: 'muted'}, t('common.loading')));
  let res;
  try {
    res = await loadServices(tenant);
  } catch (err) {
    if (err.status === 422) return notFound('');
    replace($('#service-body'));
    replace($('#service-alert'), alertBox('error', errorText(err), () => location.reload()));
    return;
  }
  const s = (res.items || []).find((x) => x.code === code);
  if (!s) return notFound(tenant);
  for (const a of document.querySelectorAll('a[href="/"]:not(.breadcrumb a)')) a.href = portalUrl('/', {tenant});
  render(res.tenant || {code: tenant, name: tenant}, s);
}

main();
