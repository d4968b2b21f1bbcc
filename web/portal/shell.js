// What every portal page shares: the catalogue and language switch at
// start-up, the administration list, sizes, and turning API errors into text.

import {api} from '../common/api.js';
import {$, h, replace} from '../common/dom.js';
import {initI18n, mountLangSwitch, t, getLang} from '../common/i18n.js';

/** The language of the catalogue's own texts (service and administration names,
 * descriptions): marked with lang= so screen readers read them right in an English page. */
export const CATALOGUE_LANG = 'es';

/** sessionStorage key of the receipt the form hands to /recibo. */
export const RECEIPT_KEY = 'vt_portal_receipt';

/** Loads the texts (common + portal), fills the page and mounts the language switch. */
export async function initPage() {
  await initI18n(['portal']);
  const sw = $('#lang-switch');
  if (sw) mountLangSwitch(sw);
  for (const a of document.querySelectorAll('.site-nav a')) {
    if (new URL(a.href).pathname === location.pathname) a.setAttribute('aria-current', 'page');
  }
}

/** The query string of the current page. */
export function params() {
  return new URL(location.href).searchParams;
}

let tenantsPromise = null;
/** The active administrations (region first); null if the list cannot be had. */
export function loadTenants() {
  if (!tenantsPromise) {
    tenantsPromise = api('GET', '/api/v1/public/tenants')
      .then((r) => (r && Array.isArray(r.items) ? r.items : null))
      .catch(() => null);
  }
  return tenantsPromise;
}

/** An administration's catalogue: {tenant, items}. */
export function loadServices(tenant, q, signal) {
  return api('GET', '/api/v1/services', {query: {tenant, q}, signal});
}

/** A valid-looking administration code from the URL, or ''. */
export function tenantParam() {
  const v = (params().get('tenant') || '').trim().toUpperCase();
  return /^[A-Z0-9_-]{1,15}$/.test(v) ? v : '';
}

/** Human text for an ApiError (network failures get the common text). */
export function errorText(err) {
  if (!err || err.status === 0 || err.code === 'network') return t('common.error_network');
  if (err.status >= 500) return t('common.error_generic');
  return err.message || t('common.error_generic');
}

/** "12 KB", "3,4 MB" in the page's language. */
export function formatSize(n) {
  const nf = (d) => new Intl.NumberFormat(getLang() === 'es' ? 'es-ES' : 'en-GB',
    {maximumFractionDigits: d});
  if (n < 1024) return t('common.bytes', {n: nf(0).format(n)});
  if (n < 1024 * 1024) return t('common.kb', {n: nf(0).format(Math.max(1, Math.round(n / 1024)))});
  return t('common.mb', {n: nf(1).format(n / (1024 * 1024))});
}

/** An alert box with a text (and optionally a retry button). */
export function alertBox(kind, text, retry) {
  return h('div', {class: `alert alert-${kind}`},
    h('p', {class: 'alert-text'}, text),
    retry ? h('button', {type: 'button', class: 'btn btn-secondary', onclick: retry}, t('common.retry')) : null);
}

/** A link to a page of the portal for an administration (and more query). */
export function portalUrl(path, query) {
  const u = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) if (v) u.searchParams.set(k, v);
  return u.pathname + u.search;
}

/** The contact of an administration: a list with phone and email as links (or null). */
export function contactLine(tenant) {
  if (!tenant || (!tenant.phone && !tenant.email)) return null;
  return h('ul', {class: 'contact-list'},
    tenant.phone ? h('li', {}, `${t('portal.contact.phone')}: `,
      h('a', {href: `tel:${tenant.phone.replace(/[^0-9+]/g, '')}`}, tenant.phone)) : null,
    tenant.email ? h('li', {}, `${t('portal.contact.email')}: `,
      h('a', {href: `mailto:${tenant.email}`}, tenant.email)) : null);
}

/** Fills the breadcrumb trail (nav#breadcrumb): [{href, text}], the last is the current page. */
export function breadcrumb(items) {
  const nav = $('#breadcrumb');
  replace(nav, h('ol', {}, items.map((it, i) => h('li', {},
    i === items.length - 1 ? h('span', {'aria-current': 'page', lang: it.lang}, it.text)
      : h('a', {href: it.href, lang: it.lang}, it.text)))));
  nav.hidden = false;
}
