// The receipt: reference (copyable), date, administration, service, what
// happens next, and the private follow-up link with the access token in the
// fragment (fragments are never sent to servers nor in Referer).

import {$, h, replace, announce} from '../common/dom.js';
import {t, formatDateTime} from '../common/i18n.js';
import {initPage, portalUrl, RECEIPT_KEY, contactLine, CATALOGUE_LANG} from './shell.js';

function readReceipt() {
  try {
    const r = JSON.parse(sessionStorage.getItem(RECEIPT_KEY) || 'null');
    if (r && typeof r.reference === 'string' && typeof r.access_token === 'string') return r;
  } catch (e) { /* no storage or bad JSON */ }
  return null;
}

/** Copies text; falls back to selecting el's text when the clipboard API is missing. */
async function copy(text, el, okKey) {
  try {
    if (!navigator.clipboard || !window.isSecureContext) throw new Error('no clipboard');
    await navigator.clipboard.writeText(text);
    announce(t(okKey));
  } catch (e) {
    let ok = false;
    try {
      const range = document.createRange();
      range.selectNodeContents(el);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      ok = document.execCommand('copy');
    } catch (e2) { /* ignore */ }
    announce(ok ? t(okKey) : t('portal.receipt.copy_failed'));
  }
}

function fact(term, ...desc) {
  return [h('dt', {}, term), h('dd', {}, ...desc)];
}

async function main() {
  await initPage();
  const r = readReceipt();
  if (!r) {
    $('#receipt-missing').hidden = false;
    return;
  }
  document.title = t('portal.receipt.title_ref', {ref: r.reference});
  $('#reference').textContent = r.reference;
  const link = new URL('/seguimiento', location.origin);
  link.hash = `ref=${encodeURIComponent(r.reference)}&token=${encodeURIComponent(r.access_token)}`;
  const followLink = $('#follow-link');
  followLink.href = link.href;
  followLink.textContent = link.href;
  $('#open-link').href = link.href;
  $('#access-code').textContent = r.access_token;

  const facts = [];
  facts.push(fact(t('portal.receipt.date'), h('time', {datetime: r.created_at}, formatDateTime(r.created_at))));
  if (r.tenant) facts.push(fact(t('portal.receipt.tenant'), h('span', {lang: CATALOGUE_LANG}, r.tenant.name || r.tenant.code)));
  facts.push(fact(t('portal.receipt.service'), r.service
    ? h('span', {lang: CATALOGUE_LANG}, r.service.name) : t('portal.receipt.no_service')));
  if (r.subject) facts.push(fact(t('portal.receipt.subject'), r.subject));
  if (r.attachments) facts.push(fact(t('common.attachments'), t('portal.receipt.files_count', {n: r.attachments})));
  replace($('#facts'), facts.flat());

  const steps = $('#next-steps');
  if (r.service && r.service.processing_days) {
    steps.appendChild(h('li', {}, t('portal.receipt.next_days', {n: r.service.processing_days})));
  }
  const contact = r.tenant && contactLine(r.tenant);
  if (contact) {
    steps.appendChild(h('li', {}, t('portal.receipt.next_contact'), contact));
  }
  if (r.tenant && r.tenant.code) $('#home-link').href = portalUrl('/', {tenant: r.tenant.code});

  $('#copy-ref').addEventListener('click', () => copy(r.reference, $('#reference'), 'portal.receipt.copied_ref'));
  $('#copy-link').addEventListener('click', () => copy(link.href, followLink, 'portal.receipt.copied_link'));
  $('#print-btn').addEventListener('click', () => window.print());
  $('#receipt').hidden = false;
}

main();
