// Home: choose the administration (kept in ?tenant= so the address can be
// shared), then search its service catalogue as you type.

import {$, h, replace, announce} from '../common/dom.js';
import {t, formatDate} from '../common/i18n.js';
import {api} from '../common/api.js';
import {initPage, loadTenants, loadServices, tenantParam, errorText, alertBox, portalUrl,
  contactLine, params, CATALOGUE_LANG} from './shell.js';

const DEBOUNCE_MS = 300;
let tenant = '';
let controller = null;
let timer = 0;
let lastQuery = null;

function firstSentence(text) {
  const s = String(text || '');
  const m = s.match(/^.{40,220}?[.!?](\s|$)/);
  if (m) return m[0].trim();
  return s.length > 220 ? `${s.slice(0, 217).trimEnd()}…` : s;
}

function showCount(n) {
  const count = n === 0 ? t('portal.home.count_zero')
    : n === 1 ? t('portal.home.count_one') : t('portal.home.count_other', {n});
  $('#result-count').textContent = count;
  $('#general-request').hidden = n !== 0;
  return count;
}

function serviceCard(s) {
  return h('li', {class: 'service-card'},
    h('h3', {}, h('a', {href: portalUrl('/servicio', {tenant, code: s.code}), lang: CATALOGUE_LANG}, s.name)),
    s.description ? h('p', {lang: CATALOGUE_LANG}, firstSentence(s.description)) : null,
    h('p', {class: 'service-meta'}, t('portal.service.days_short', {n: s.processing_days})));
}

async function fillTenants() {
  const select = $('#tenant-select');
  const items = await loadTenants();
  if (!items) {
    if (!tenant) replace($('#home-alert'), alertBox('error', t('portal.home.tenants_error'), () => location.reload()));
    if (tenant) select.appendChild(h('option', {value: tenant, selected: true}, tenant));
    return;
  }
  for (const it of items) {
    select.appendChild(h('option', {value: it.code, selected: it.code === tenant, lang: CATALOGUE_LANG}, it.name));
  }
}

async function search(q, announceCount) {
  if (controller) controller.abort();
  controller = new AbortController();
  const list = $('#service-list');
  list.setAttribute('aria-busy', 'true');
  try {
    const res = await loadServices(tenant, q, controller.signal);
    lastQuery = q;
    const items = res.items || [];
    replace(list, items.map(serviceCard));
    const count = showCount(items.length);
    if (announceCount) announce(count);
    return res;
  } catch (err) {
    if (err.name === 'AbortError') return null;
    replace(list);
    $('#result-count').textContent = '';
    replace($('#home-alert'), alertBox('error', errorText(err), () => search(q, true)));
    announce(errorText(err));
    return null;
  } finally {
    list.removeAttribute('aria-busy');
  }
}

function keepQueryInUrl(q) {
  const u = new URL(location.href);
  if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
  history.replaceState(null, '', u.pathname + u.search + u.hash);
}

/** The administration's running announcements, above its catalogue. */
async function showNews() {
  let res;
  try {
    res = await api('GET', '/api/v1/public/announcements', {query: {tenant}});
  } catch (err) {
    return; /* news are a bonus: the catalogue works without them */
  }
  const items = (res && res.items) || [];
  if (!items.length) return;
  replace($('#news-list'), items.map((a) => h('li', {class: 'news-item'},
    h('h3', {lang: CATALOGUE_LANG}, a.title),
    h('p', {lang: CATALOGUE_LANG}, a.body),
    h('p', {class: 'service-meta'}, t('portal.news.until', {date: formatDate(a.ends_at)})))));
  $('#news').hidden = false;
}

async function showCatalogue() {
  const section = $('#catalogue');
  const input = $('#q');
  input.value = (params().get('q') || '').slice(0, 200);
  let res;
  try {
    res = await loadServices(tenant, input.value.trim());
  } catch (err) {
    if (err.status === 422) {
      replace($('#home-alert'), alertBox('error', t('portal.home.tenant_unknown')));
    } else {
      replace($('#home-alert'), alertBox('error', errorText(err), () => location.reload()));
    }
    return;
  }
  const tn = res.tenant || {code: tenant, name: tenant};
  $('#catalogue-title').textContent = t('portal.home.catalogue_of', {name: tn.name});
  document.title = t('portal.home.title_tenant', {name: tn.name});
  const contact = contactLine(tn);
  if (contact) {
    replace($('#tenant-contact'), h('p', {class: 'contact-title'}, t('portal.contact.title')), contact);
    $('#tenant-contact').hidden = false;
  }
  section.hidden = false;
  showNews();
  lastQuery = input.value.trim();
  // Render the first answer without announcing it: nothing changed yet for the user.
  const items = res.items || [];
  replace($('#service-list'), items.map(serviceCard));
  showCount(items.length);
  $('#general-request a').href = portalUrl('/solicitud', {tenant});
  // Links elsewhere on the page keep the administration.
  for (const a of document.querySelectorAll('a[href="/"]')) a.href = portalUrl('/', {tenant});

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const q = input.value.trim();
      if (q === lastQuery) return;
      keepQueryInUrl(q);
      search(q, true);
    }, DEBOUNCE_MS);
  });
  $('#search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const q = input.value.trim();
    keepQueryInUrl(q);
    search(q, true);
  });
}

async function main() {
  await initPage();
  tenant = tenantParam();
  const form = $('#tenant-form');
  if (tenant) {
    form.classList.add('compact');
    $('#home-intro').hidden = true;
  }
  form.addEventListener('submit', (e) => {
    const v = $('#tenant-select').value;
    if (!v) {
      e.preventDefault();
      $('#tenant-select').focus();
      announce(t('portal.home.tenant_choose'));
    }
  });
  await fillTenants();
  if (tenant) await showCatalogue();
}

main();
