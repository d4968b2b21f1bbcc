// Form errors the accessible way: a summary at the top (role=alert, focused,
// one link per problem) and each message under its field, tied to it with
// aria-describedby and marked with aria-invalid.

import {h, replace} from '../common/dom.js';

/**
 * summary: the summary element (hidden by default) holding a <ul>.
 * fieldIds: {bodyKey: inputId}.
 */
export function errorReporter(summary, fieldIds) {
  const list = summary.querySelector('ul');

  function clear() {
    summary.hidden = true;
    replace(list);
    for (const id of Object.values(fieldIds)) {
      const input = document.getElementById(id);
      if (!input) continue;
      input.removeAttribute('aria-invalid');
      const err = document.getElementById(`${id}-error`);
      if (err) err.remove();
      const ids = (input.getAttribute('aria-describedby') || '').split(/\s+/)
        .filter((x) => x && x !== `${id}-error`);
      if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
      else input.removeAttribute('aria-describedby');
    }
  }

  /** errors: [[bodyKey, message]] in page order. Extra: texts without a field. */
  function show(errors, extra = []) {
    clear();
    const items = [];
    for (const text of extra) items.push(h('li', {}, text));
    for (const [key, message] of errors) {
      const id = fieldIds[key];
      const input = id && document.getElementById(id);
      if (!input) {
        items.push(h('li', {}, message));
        continue;
      }
      const errId = `${id}-error`;
      const p = h('p', {class: 'field-error', id: errId}, message);
      input.insertAdjacentElement('afterend', p);
      input.setAttribute('aria-invalid', 'true');
      const ids = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
      ids.push(errId);
      input.setAttribute('aria-describedby', ids.join(' '));
      items.push(h('li', {}, h('a', {href: `#${id}`, onclick: (e) => {
        e.preventDefault();
        input.focus();
        input.scrollIntoView({block: 'center'});
      }}, message)));
    }
    replace(list, items);
    summary.hidden = false;
    summary.focus();
  }

  return {clear, show};
}

/** Sort field errors in the order of fieldIds (the page order). */
export function inPageOrder(fields, fieldIds) {
  const order = Object.keys(fieldIds);
  return Object.entries(fields || {}).sort((a, b) => {
    const ia = order.indexOf(a[0]);
    const ib = order.indexOf(b[0]);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
}

/** Email shape as the server checks it: one @, sane local part, two-label domain. */
export function emailLooksValid(s) {
  if (s.length > 254) return false;
  const at = s.indexOf('@');
  if (at <= 0 || at !== s.lastIndexOf('@')) return false;
  const local = s.slice(0, at);
  const domain = s.slice(at + 1);
  if (!/^[!-~]+$/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  return labels.every((l) => /^[A-Za-z0-9\u00a1-\uffff]([A-Za-z0-9\u00a1-\uffff-]*[A-Za-z0-9\u00a1-\uffff])?$/.test(l));
}
