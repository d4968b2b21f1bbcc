// The user-interface text catalogue. Spanish is the default; English is
// complete. Catalogues live in /static/i18n/<lang>/<namespace>.json and every
// visible text, label and accessible name comes from them.
//
// In HTML: <h1 data-i18n="portal.title"></h1>,
//          <input data-i18n-attr="placeholder:portal.search_hint;aria-label:portal.search">
// In code: t('portal.sent', {ref: 'MOS-2026-000001'})  ->  "… {ref} …" filled in.

export const LANGS = ['es', 'en'];
const STORAGE_KEY = 'vt_lang';
let lang = 'es';
let catalog = {};

export function getLang() { return lang; }

function chooseLang() {
  const url = new URL(location.href).searchParams.get('lang');
  if (LANGS.includes(url)) return url;
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch (e) { /* storage may be disabled */ }
  return 'es';
}

/** Loads the catalogues and translates the page. Call once at start-up. */
export async function initI18n(namespaces) {
  lang = chooseLang();
  document.documentElement.lang = lang;
  const parts = await Promise.all(['common', ...namespaces].map((ns) =>
    fetch(`/static/i18n/${lang}/${ns}.json`, {credentials: 'same-origin'}).then((r) => r.json())));
  catalog = Object.assign({}, ...parts);
  applyI18n(document);
}

/** The text for key with {name} placeholders filled in; the key itself if missing. */
export function t(key, vars) {
  let s = catalog[key];
  if (s === undefined) {
    console.warn('i18n: missing key', key);
    return key;
  }
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
  return s;
}

/** Fills data-i18n (text) and data-i18n-attr (attributes) under root. */
export function applyI18n(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((x) => x.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
  const title = root.querySelector && root.querySelector('title[data-i18n]');
  if (title) document.title = title.textContent;
}

/** Switches language (kept in localStorage) and reloads the page. */
export function setLang(l) {
  if (!LANGS.includes(l)) return;
  try { localStorage.setItem(STORAGE_KEY, l); } catch (e) { /* ignore */ }
  const url = new URL(location.href);
  if (!url.searchParams.has('lang')) {
    // Replacing the URL with itself is only a fragment navigation when it
    // has a hash (the console's #/queue/mine): it would not reload.
    location.reload();
    return;
  }
  url.searchParams.delete('lang');
  location.replace(url.toString());
}

/**
 * Makes a language switch inside container: one button per other language,
 * labelled in that language (lang attribute set so screen readers pronounce it).
 */
export function mountLangSwitch(container) {
  container.replaceChildren();
  for (const l of LANGS) {
    if (l === lang) continue;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'lang-switch';
    b.lang = l;
    b.textContent = t(`common.lang_name_${l}`);
    b.setAttribute('aria-label', t(`common.switch_to_${l}`));
    b.addEventListener('click', () => setLang(l));
    container.appendChild(b);
  }
}

/** Dates and times in the user's language, in the administration's zone. */
export function formatDateTime(iso, timeZone = 'Europe/Madrid') {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB',
    {dateStyle: 'medium', timeStyle: 'short', timeZone}).format(new Date(iso));
}

export function formatDate(iso, timeZone = 'Europe/Madrid') {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'es' ? 'es-ES' : 'en-GB',
    {dateStyle: 'medium', timeZone}).format(new Date(iso));
}
