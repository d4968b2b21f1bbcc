// "Answers before asking": while a citizen writes a request (the portal's
// form) or the first message of a chat (the widget's start form), the public
// knowledge-base articles that may already answer it appear below the text.
// Shared by web/portal/solicitud.js and web/chat/frame.js.
//
// - Debounced (400 ms after typing stops), only with enough text (3 words or
//   15 characters), the previous search aborted: GET /api/v1/public/kb/search.
// - Up to 3 cards: title, summary, the official documents (new tab), "read
//   more" (GET /api/v1/public/kb/articles/{id}, its cmark `html` rebuilt from
//   a whitelist of elements, never through innerHTML) and "this answers my
//   question" (POST …/helped {channel}), then a confirmation. Sending the
//   request or starting the chat is never blocked.
// - Accessibility: a polite status inside the region says only how many
//   articles were found, once per new set of results; the cards themselves
//   are not in a live region, so nothing is read twice. The region goes after
//   the text field, so the field being typed in never moves.
//
// Every text comes from the caller (its own catalogue), see kbSuggest().

import {api} from './api.js';
import {h, replace} from './dom.js';

export const SUGGEST_DELAY_MS = 400;
export const SUGGEST_MAX = 3;
const MIN_CHARS = 15;
const MIN_WORDS = 3;
const MAX_QUERY = 500;

/** fn run `ms` after the last call; .cancel() forgets a pending run. */
export function debounce(fn, ms) {
  let timer = 0;
  const run = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = 0;
      fn(...args);
    }, ms);
  };
  run.cancel = () => {
    clearTimeout(timer);
    timer = 0;
  };
  return run;
}

/** Enough to search on: at least 3 words or 15 characters. */
export function enoughText(text) {
  const s = String(text || '').trim();
  return s.length >= MIN_CHARS || s.split(/\s+/).filter(Boolean).length >= MIN_WORDS;
}

/** The question sent to the search: the texts joined, at most 500 characters. */
export function searchQuery(...parts) {
  const s = parts.map((p) => String(p || '').trim()).filter(Boolean).join('\n');
  return Array.from(s).slice(0, MAX_QUERY).join('').trim();
}

/** An absolute http(s) URL for href, or '' (javascript:, data:, … are refused). */
export function safeHttpUrl(href) {
  if (typeof href !== 'string' || !href.trim()) return '';
  try {
    const u = new URL(href.trim(), location.origin);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : '';
  } catch (e) {
    return '';
  }
}

/* ---- The article's HTML, rebuilt from a whitelist ------------------------- */

// Copied as they are (without any attribute).
const KEEP = new Set(['p', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'blockquote']);
// Dropped with everything inside (cmark's safe mode emits none of them; this
// is the second lock).
const DROP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'frame', 'object', 'embed',
  'img', 'picture', 'video', 'audio', 'source', 'track', 'canvas', 'svg', 'math', 'form', 'input',
  'button', 'select', 'textarea', 'option', 'link', 'meta', 'base', 'head', 'title', 'hr']);

/**
 * The article's `html` as DOM nodes (a DocumentFragment), built with
 * createElement and text nodes only. Kept: p, ul, ol, li, strong, em, code,
 * pre, blockquote, h2 and h3 (shown as headings at `headingLevel` and the
 * next, so they fall in order below the card's title) and links with an
 * http(s) href (opened in a new tab, `newTab` said to screen readers). Any
 * other element gives only its text; the dangerous ones not even that.
 */
export function articleContent(html, {headingLevel = 4, newTab = ''} = {}) {
  const doc = new DOMParser().parseFromString(String(html || ''), 'text/html');
  const out = document.createDocumentFragment();
  copyChildren(doc.body, out, {headingLevel, newTab});
  return out;
}

function copyChildren(from, to, opts) {
  for (const node of Array.from(from.childNodes)) {
    if (node.nodeType === Node.TEXT_NODE) to.appendChild(document.createTextNode(node.nodeValue));
    else if (node.nodeType === Node.ELEMENT_NODE) copyElement(node, to, opts);
    // Comments, processing instructions: nothing.
  }
}

function copyElement(el, to, opts) {
  const tag = el.localName;
  if (DROP.has(tag)) return;
  if (tag === 'br') {
    to.appendChild(document.createTextNode(' '));
    return;
  }
  let out = null;
  if (KEEP.has(tag)) {
    out = h(tag, {});
    const start = tag === 'ol' ? Number(el.getAttribute('start')) : NaN;
    if (Number.isInteger(start) && start > 1 && start < 1e6) out.setAttribute('start', String(start));
  } else if (/^h[1-6]$/.test(tag) && el.textContent.trim()) {
    // h2 below the card's title, h3 one more; h1 counts as h2, h4-h6 as h3.
    const sub = Number(tag[1]) <= 2 ? 0 : 1;
    out = h(`h${Math.min(6, opts.headingLevel + sub)}`, {class: 'kb-article-heading'});
  } else if (tag === 'a') {
    const href = safeHttpUrl(el.getAttribute('href'));
    if (href && el.textContent.trim()) out = h('a', {href, target: '_blank', rel: 'noopener noreferrer'});
  }
  if (!out) {
    copyChildren(el, to, opts); // not on the list: its text only
    return;
  }
  copyChildren(el, out, opts);
  if (tag === 'a' && opts.newTab) out.appendChild(h('span', {class: 'visually-hidden'}, ` ${opts.newTab}`));
  to.appendChild(out);
}

/* ---- A suggestion card ------------------------------------------------------- */

const idPart = (id) => String(id).replace(/[^A-Za-z0-9_-]/g, '');

/**
 * One article as a card (an <li>).
 * ctx: {prefix (for ids), level (the title's heading level), texts, channel,
 *       helped (Set of ids already confirmed), articles (Map id -> promise)}.
 */
export function suggestionCard(item, ctx) {
  const {texts} = ctx;
  const base = `${ctx.prefix}-a${idPart(item.id)}`;
  const titleId = `${base}-title`;
  const articleId = `${base}-article`;
  const lang = typeof item.lang === 'string' && /^[a-z]{2}$/.test(item.lang) ? item.lang : 'es';

  const docs = (Array.isArray(item.documents) ? item.documents : [])
    .map((d) => ({d, href: safeHttpUrl(d && d.url)}))
    .filter(({d, href}) => href && d && String(d.title || '').trim());

  const article = h('div', {class: 'kb-article', id: articleId, lang, hidden: true});
  const more = h('button', {type: 'button', class: 'btn btn-secondary btn-small kb-more',
    'aria-expanded': 'false', 'aria-controls': articleId, 'aria-describedby': titleId}, texts.readMore);
  const helpedSlot = h('div', {class: 'kb-helped-slot'});

  more.addEventListener('click', () => toggleArticle(item, ctx, more, article));
  renderHelped(item, ctx, helpedSlot, titleId);

  return h('li', {class: 'kb-card', dataset: {id: String(item.id)}},
    h(`h${ctx.level}`, {class: 'kb-card-title', id: titleId, lang}, item.title),
    item.summary ? h('p', {class: 'kb-card-summary', lang}, item.summary) : null,
    docs.length ? h('div', {class: 'kb-docs'},
      h('p', {class: 'kb-docs-title'}, texts.documents),
      h('ul', {class: 'kb-doc-list'}, docs.map(({d, href}) => {
        const fmt = texts.format ? texts.format(d.format) : String(d.format || '').toUpperCase();
        return h('li', {},
          h('a', {href, target: '_blank', rel: 'noopener noreferrer', class: 'kb-doc'},
            h('span', {lang}, d.title),
            fmt ? h('span', {class: 'kb-doc-format'}, ` (${fmt})`) : null,
            h('span', {class: 'visually-hidden'}, ` ${texts.newTab}`)));
      }))) : null,
    h('div', {class: 'kb-actions'}, more),
    article,
    helpedSlot);
}

async function toggleArticle(item, ctx, button, box) {
  if (button.getAttribute('aria-busy') === 'true') return;
  const open = button.getAttribute('aria-expanded') === 'true';
  if (open) {
    box.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.textContent = ctx.texts.readMore;
    return;
  }
  if (!box.dataset.loaded) {
    button.setAttribute('aria-busy', 'true');
    replace(box, h('p', {class: 'kb-loading'}, ctx.texts.loading));
    box.hidden = false;
    try {
      let p = ctx.articles.get(String(item.id));
      if (!p) {
        p = api('GET', `/api/v1/public/kb/articles/${encodeURIComponent(item.id)}`);
        ctx.articles.set(String(item.id), p);
        p.catch(() => ctx.articles.delete(String(item.id)));
      }
      const a = await p;
      const content = articleContent(a && a.html, {headingLevel: ctx.level + 1, newTab: ctx.texts.newTab});
      replace(box, content.childNodes.length ? content : h('p', {}, (a && a.summary) || item.summary || ''));
      box.dataset.loaded = '1';
    } catch (err) {
      replace(box, h('p', {class: 'kb-error'}, ctx.texts.articleError));
    } finally {
      button.removeAttribute('aria-busy');
    }
  }
  box.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  button.textContent = ctx.texts.readLess;
}

function helpedDone(ctx) {
  return h('p', {class: 'kb-helped-done', tabindex: '-1'}, ctx.texts.helpedDone);
}

function renderHelped(item, ctx, slot, titleId) {
  if (ctx.helped.has(String(item.id))) {
    replace(slot, helpedDone(ctx));
    return;
  }
  const button = h('button', {type: 'button', class: 'btn btn-small kb-helped', 'aria-describedby': titleId},
    ctx.texts.helped);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-busy') === 'true') return;
    button.setAttribute('aria-busy', 'true');
    const old = slot.querySelector('.kb-error');
    if (old) old.remove();
    try {
      await api('POST', `/api/v1/public/kb/articles/${encodeURIComponent(item.id)}/helped`,
        {body: {channel: ctx.channel}});
    } catch (err) {
      button.removeAttribute('aria-busy');
      slot.appendChild(h('p', {class: 'kb-error', role: 'alert'}, ctx.texts.helpedError));
      return;
    }
    ctx.helped.add(String(item.id));
    const done = helpedDone(ctx);
    replace(slot, done);
    // The button is gone: the focus goes to the thanks, which is read out.
    done.focus();
  });
  replace(slot, button);
}

/* ---- The region, wired to the fields ----------------------------------------- */

/**
 * Suggestions in `region` (an empty element placed after the text field)
 * while the citizen types in `inputs`.
 *
 * options:
 *   region, inputs: elements; tenant(): the administration's code;
 *   text(): the question (see searchQuery); channel: 'web' | 'chat';
 *   level: the heading level of the region's title (cards get level + 1);
 *   texts: {heading, intro, count(n), documents, newTab, readMore, readLess,
 *           loading, articleError, helped, helpedDone, helpedError, format(f)?}.
 * Returns {schedule(), clear()}: schedule() after a change made by script
 * (e.g. another administration chosen), clear() when the form is done.
 */
export function kbSuggest({region, inputs = [], tenant, text, channel = 'web', level = 2, texts,
  max = SUGGEST_MAX, delay = SUGGEST_DELAY_MS}) {
  const prefix = region.id || 'kb-suggest';
  const ctx = {prefix, level: Math.min(6, level + 1), texts, channel, helped: new Set(), articles: new Map()};
  const status = h('p', {class: 'visually-hidden kb-suggest-status', id: `${prefix}-status`,
    role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true'});
  const list = h('ul', {class: 'kb-list', id: `${prefix}-list`});
  const box = h('section', {class: 'kb-suggest-box', 'aria-labelledby': `${prefix}-title`, hidden: true},
    h(`h${level}`, {class: 'kb-suggest-title', id: `${prefix}-title`}, texts.heading),
    texts.intro ? h('p', {class: 'kb-suggest-intro'}, texts.intro) : null,
    list);
  region.classList.add('kb-suggest');
  replace(region, status, box);

  let ctrl = null;
  let shownKey = '';   // the ids on screen, "3,7,12"
  let lastQuery = '';  // the tenant and question last searched
  let sayTimer = 0;

  function say(textToSay) {
    clearTimeout(sayTimer);
    status.textContent = '';
    // Emptied first, so the same words for another set are read again.
    sayTimer = setTimeout(() => { status.textContent = textToSay; }, 50);
  }

  function abort() {
    if (ctrl) ctrl.abort();
    ctrl = null;
  }

  function hide() {
    abort();
    lastQuery = '';
    if (!shownKey) return;
    shownKey = '';
    clearTimeout(sayTimer);
    status.textContent = '';
    box.hidden = true;
    replace(list);
  }

  function show(items) {
    const key = items.map((it) => String(it.id)).join(',');
    if (key === shownKey) return; // the same articles: nothing moves, nothing is read
    // Someone reading or using a card is not typing: leave it alone.
    if (shownKey && region.contains(document.activeElement)) return;
    if (!items.length) {
      hide();
      return;
    }
    shownKey = key;
    replace(list, items.map((it) => suggestionCard(it, ctx)));
    box.hidden = false;
    say(texts.count(items.length));
  }

  async function search() {
    const code = String((tenant && tenant()) || '').trim();
    const q = searchQuery(text());
    if (!code || !enoughText(q)) {
      hide();
      return;
    }
    const wanted = `${code}\n${q}`;
    if (wanted === lastQuery) return;
    abort();
    lastQuery = wanted;
    const mine = new AbortController();
    ctrl = mine;
    let res;
    try {
      res = await api('GET', '/api/v1/public/kb/search', {query: {tenant: code, q}, signal: mine.signal});
    } catch (err) {
      if (ctrl !== mine) return; // aborted or overtaken: a newer search is on its way
      ctrl = null;
      lastQuery = '';
      return; // suggestions are a help, never an obstacle: failures stay quiet
    }
    if (ctrl !== mine) return;
    ctrl = null;
    const items = (res && Array.isArray(res.items) ? res.items : [])
      .filter((it) => it && it.id !== undefined && it.id !== null && String(it.title || '').trim())
      .slice(0, max);
    show(items);
  }

  const schedule = debounce(search, delay);
  for (const input of inputs) input.addEventListener('input', () => schedule());

  return {
    schedule: () => schedule(),
    clear() {
      schedule.cancel();
      hide();
    },
  };
}
