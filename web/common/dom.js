// Building DOM without innerHTML: every text goes through textContent, so
// nothing a citizen or an agent typed can ever become markup.

/**
 * h('a', {href: '/x', class: 'btn', onclick: fn, dataset: {id: 3}}, 'text', child)
 * Attributes whose value is null, undefined or false are left out.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Replaces all children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Announces text to screen readers through the page's polite live region.
 * Announcements made in the same moment are read together, not lost. */
let pending = [];
export function announce(text) {
  let region = document.getElementById('vt-announcer');
  if (!region) {
    region = h('div', {id: 'vt-announcer', class: 'visually-hidden', role: 'status', 'aria-live': 'polite'});
    document.body.appendChild(region);
  }
  pending.push(text);
  if (pending.length > 1) return;
  region.textContent = '';
  setTimeout(() => {
    region.textContent = pending.join(' ');
    pending = [];
  }, 50);
}

/** A random key for Idempotency-Key headers. */
export function randomKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
