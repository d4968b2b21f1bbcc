// A knowledge-base article's HTML (cmark's output in safe mode) shown without
// innerHTML: the text is parsed by DOMParser into an inert document (no
// script runs, nothing loads) and only a whitelist of elements is copied
// into new nodes built here, with their text through text nodes and no
// attribute of the original but a checked link address. Anything else is
// unwrapped (its text kept) or, for script-like elements, dropped whole.
import {h} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';

// The elements copied as they are (without attributes).
const KEEP = new Set(['P', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'H2', 'H3', 'CODE', 'PRE', 'BLOCKQUOTE', 'BR']);
// Elements whose content is never text for a reader: dropped with it.
const DROP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH',
  'HEAD', 'TITLE', 'META', 'LINK', 'BASE', 'FORM', 'INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'AUDIO', 'VIDEO', 'CANVAS']);
// Headings: the view's title is the h1, so the article's own levels start at h2.
const HEADING = {H1: 'h2', H2: 'h2', H3: 'h3', H4: 'h3', H5: 'h3', H6: 'h3'};
const BLOCK = new Set(['DIV', 'TABLE', 'THEAD', 'TBODY', 'TR', 'HR', 'DL', 'DT', 'DD', 'SECTION', 'ARTICLE', 'FIGURE']);
const MAX_DEPTH = 40;

/** Whether href is an absolute http(s) address (nothing else becomes a link). */
export function safeHref(href) {
  const v = String(href || '').trim();
  if (!/^https?:\/\/[^\s"'<>`]+$/i.test(v)) return null;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch (e) { return null; }
}

/** A link that opens in a new tab, says so to screen readers, and gives the
 * other site neither this page (noopener) nor its address (noreferrer). */
export function externalLink(href, ...children) {
  return h('a', {href, target: '_blank', rel: 'noopener noreferrer'}, ...children,
    h('span', {class: 'visually-hidden'}, ` ${t('agent.kb.new_tab')}`));
}

function hasBlocks(n) {
  for (const c of n.children) {
    const tag = c.tagName.toUpperCase();
    if (tag !== 'BR' && (BLOCK.has(tag) || HEADING[tag] || ['P', 'UL', 'OL', 'LI', 'PRE', 'BLOCKQUOTE'].includes(tag))) return true;
  }
  return false;
}

function copy(src, dst, depth, inLink) {
  for (const n of Array.from(src.childNodes)) {
    if (n.nodeType === 3) { // text
      dst.appendChild(document.createTextNode(n.nodeValue));
      continue;
    }
    if (n.nodeType !== 1) continue; // comments, processing instructions
    const tag = n.tagName.toUpperCase();
    if (DROP.has(tag)) continue;
    if (depth >= MAX_DEPTH) { // absurd nesting: the rest as plain text
      dst.appendChild(document.createTextNode(n.textContent || ''));
      continue;
    }
    let el = null;
    if (KEEP.has(tag)) {
      el = document.createElement(tag.toLowerCase());
      if (tag === 'OL') {
        const start = n.getAttribute('start');
        if (start && /^\d{1,6}$/.test(start)) el.setAttribute('start', start);
      }
    } else if (HEADING[tag]) {
      el = document.createElement(HEADING[tag]);
    } else if (tag === 'A') {
      const href = inLink ? null : safeHref(n.getAttribute('href'));
      if (href) {
        el = externalLink(href);
        const sr = el.lastChild;
        copy(n, el, depth + 1, true);
        el.appendChild(sr); // the "new tab" note after the link's text
        dst.appendChild(el);
        continue;
      }
    } else if (tag === 'IMG') {
      // Images are not shown (they would load from anywhere); their
      // description is.
      const alt = (n.getAttribute('alt') || '').trim();
      if (alt) dst.appendChild(document.createTextNode(`[${alt}]`));
      continue;
    } else if (BLOCK.has(tag) && !hasBlocks(n)) {
      // A block that is not kept still separates its text from the next
      // (one that holds blocks is unwrapped: they separate themselves).
      el = document.createElement('p');
    }
    if (el) {
      copy(n, el, depth + 1, inLink);
      if (el.tagName !== 'P' || el.childNodes.length || tag === 'P') dst.appendChild(el);
    } else {
      copy(n, dst, depth + 1, inLink); // unwrapped: its content, in its place
    }
  }
}

/**
 * A DocumentFragment with html's whitelisted content. html is a string;
 * everything else (null, a number) gives an empty fragment.
 */
export function safeHtml(html) {
  const frag = document.createDocumentFragment();
  if (typeof html !== 'string' || !html) return frag;
  // Chromium reports a CSP violation for every on…= and style= attribute as it parses
  // (nothing runs: the parsed document is inert). cmark's safe mode emits
  // none, but should one come, it is cut here first so the console stays
  // quiet. The whitelist below is what keeps markup out, not this.
  const quiet = html.replace(/<[a-zA-Z][^>]*>/g,
    (tag) => tag.replace(/[\s/](?:on[a-z]+|style)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, ' '));
  const doc = new DOMParser().parseFromString(quiet, 'text/html');
  copy(doc.body, frag, 0, false);
  return frag;
}
