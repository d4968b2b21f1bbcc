// Keyboard shortcuts. None acts while the agent types in a field, except
// Ctrl+Enter (send). "?" opens the help dialog; Esc closes dialogs (native).
// Two-key sequences: "g" then a letter goes to a view, "m" then a digit
// 1–9 inserts that canned answer (within 1.5 s).
import {h, $, replace} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';

const LIST = [
  ['g i', 'mine'], ['g u', 'unassigned'], ['g d', 'department'], ['g o', 'overdue'], ['g a', 'all'], ['g c', 'chats'],
  ['g k', 'kb'],
  ['/', 'search'], ['j', 'next'], ['k', 'prev'], ['Enter', 'open'], ['r', 'reply'], ['n', 'note'],
  ['i', 'insert'], ['m 1…9', 'macro'],
  ['a', 'assign'], ['s', 'status'], ['Ctrl+Enter', 'send'], ['?', 'help'], ['Esc', 'close'],
];
const GO = {i: '#/queue/mine', u: '#/queue/unassigned', d: '#/queue/department', o: '#/queue/overdue', a: '#/queue/all',
  c: '#/chats', k: '#/kb'};

function typing(el) {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

function keyLabel(k) {
  return k.split(' ').map((p) => h('kbd', null, p === 'Enter' ? t('agent.shortcuts.key_enter') : p === 'Esc' ? t('agent.shortcuts.key_esc')
    : p === 'Ctrl+Enter' ? t('agent.shortcuts.key_ctrl_enter') : p)).flatMap((x, i) => (i ? [' ', t('agent.shortcuts.then'), ' ', x] : [x]));
}

export function openHelp() {
  const dlg = $('#help-dialog');
  if (dlg.open) return;
  replace($('#help-rows'), LIST.map(([k, what]) => h('tr', null, h('td', null, keyLabel(k)), h('td', null, t(`agent.shortcuts.${what}`)))));
  const opener = document.activeElement;
  dlg.showModal();
  $('#help-close').focus();
  dlg.addEventListener('close', () => { if (opener && document.body.contains(opener)) opener.focus(); }, {once: true});
}

export function install(ctx) {
  $('#help-btn').addEventListener('click', openHelp);
  $('#help-close').addEventListener('click', () => $('#help-dialog').close());
  let pendingG = 0;
  let pendingM = 0;
  document.addEventListener('keydown', (e) => {
    if (!ctx.session) return;
    const v = ctx.view || {};
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      if (v.send && !typing(e.target)) { e.preventDefault(); v.send(); }
      return; // inside the composer the field itself handles it
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (typing(e.target)) return;
    if (document.querySelector('dialog[open]')) return;
    const now = Date.now();
    if (pendingG && now - pendingG < 1500 && GO[e.key]) {
      pendingG = 0;
      e.preventDefault();
      ctx.go(GO[e.key]);
      return;
    }
    pendingG = 0;
    if (pendingM && now - pendingM < 1500 && /^[1-9]$/.test(e.key)) {
      pendingM = 0;
      e.preventDefault();
      if (v.insertMacro) v.insertMacro(Number(e.key));
      return;
    }
    pendingM = 0;
    switch (e.key) {
      case 'g': pendingG = now; e.preventDefault(); return;
      case 'm': if (v.insertMacro) { pendingM = now; e.preventDefault(); } return;
      case '?': e.preventDefault(); openHelp(); return;
      case '/': {
        const s = document.querySelector('#main [data-search]');
        if (s) { e.preventDefault(); s.focus(); s.select && s.select(); }
        return;
      }
      case 'j': if (v.moveRow) { e.preventDefault(); v.moveRow(1); } return;
      case 'k': if (v.moveRow) { e.preventDefault(); v.moveRow(-1); } return;
      case 'r': if (v.reply) { e.preventDefault(); v.reply(); } return;
      case 'n': if (v.note) { e.preventDefault(); v.note(); } return;
      case 'i': if (v.insertSuggestion) { e.preventDefault(); v.insertSuggestion(); } return;
      case 'a': if (v.assignMe) { e.preventDefault(); v.assignMe(); } return;
      case 's': if (v.focusStatus) { e.preventDefault(); v.focusStatus(); } return;
      default:
    }
  });
}
