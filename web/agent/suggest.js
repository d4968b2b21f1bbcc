// "Artículos sugeridos" beside a ticket or a chat: the knowledge-base
// articles that best answer what the citizen asked (GET /api/v1/kb/search
// over the subject and the first citizen message), each with an Insert
// button that appends its short answer and its documents to the reply box.
// The `i` shortcut inserts the first one.
import {h, replace, announce} from '/static/common/dom.js';
import {t} from '/static/common/i18n.js';
import {call, errorText, tn} from './util.js';
import {kbVisibilityBadge} from './kb.js';

const SHOWN = 5;
const QUERY_MAX = 500;

/** The question to search with: the subject and the first citizen
 * message(s), at most 500 characters. */
export function suggestQuery(subject, messages) {
  const parts = [subject || ''];
  for (const m of messages || []) {
    if (m.direction !== 'in' || m.internal || !m.body) continue;
    parts.push(m.body);
    if (parts.join(' ').length >= QUERY_MAX) break;
    if (subject) break; // with a subject, the first message says enough
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim().slice(0, QUERY_MAX);
}

/** What "Insert" puts in the reply: the short answer, then one line per
 * document ("title: url"). */
export function insertText(article) {
  const lines = [];
  const summary = (article.summary || '').trim() || (article.body || '').trim();
  if (summary) lines.push(summary);
  for (const d of article.documents || []) lines.push(`${d.title}: ${d.url}`);
  return lines.join('\n');
}

/**
 * The panel. insert(text) appends text to the view's reply box and
 * focuses it; it returns false when the box cannot take text now (a closed
 * ticket, a chat that is not mine).
 */
export function suggestPanel({tenant, insert}) {
  const title = h('h2', {id: 'suggest-title'}, t('agent.suggest.title'));
  const status = h('p', {class: 'muted suggest-status', id: 'suggest-status'}, t('common.loading'));
  const list = h('ol', {class: 'suggest-list', id: 'suggest-list', 'aria-labelledby': 'suggest-title'});
  const note = h('div', {class: 'suggest-note', id: 'suggest-note'});
  const el = h('section', {class: 'suggest-section', id: 'suggest-panel', 'aria-labelledby': 'suggest-title'},
    title, h('p', {class: 'hint'}, t('agent.suggest.hint')), status, note, list);
  let items = [];
  let seq = 0;
  let lastQuery = null;

  async function doInsert(a) {
    note.replaceChildren();
    let article = a;
    if (!(a.summary || '').trim()) {
      // No short answer: the article's own text instead.
      try { article = await call('GET', `/api/v1/kb/articles/${a.id}`); } catch (err) {
        replace(note, h('p', {class: 'alert alert-error'}, errorText(err)));
        return false;
      }
    }
    const text = insertText(article);
    if (!text || insert(text) === false) {
      replace(note, h('p', {class: 'alert alert-warn'}, t('agent.suggest.cannot_insert')));
      return false;
    }
    announce(t('agent.suggest.inserted', {title: a.title}));
    return true;
  }

  // Internal articles are for the agent to read, never pasted into what
  // the citizen receives: they get no Insert button, and `i` skips them.
  function row(a, i) {
    const insertBtn = a.visibility === 'internal' ? null : h('button', {type: 'button', class: 'btn btn-secondary suggest-insert',
      dataset: {action: 'insert-article', articleId: a.id, index: i + 1}, 'aria-keyshortcuts': items.findIndex((x) => x.visibility !== 'internal') === i ? 'i' : null},
    t('agent.suggest.insert'), h('span', {class: 'visually-hidden'}, ` ${t('agent.suggest.insert_sr', {title: a.title})}`));
    if (insertBtn) insertBtn.addEventListener('click', () => doInsert(a));
    return h('li', {class: 'suggest-item', dataset: {articleId: a.id}},
      h('p', {class: 'suggest-head'},
        h('a', {href: `#/kb/${a.id}`, class: 'suggest-link', target: '_blank', rel: 'noopener noreferrer'}, a.title,
          h('span', {class: 'visually-hidden'}, ` ${t('agent.kb.new_tab')}`))),
      a.confident || a.visibility === 'internal' ? h('p', {class: 'suggest-badges'},
        a.confident ? h('span', {class: 'badge badge-confident'}, `✓ ${t('agent.suggest.confident')}`) : null,
        a.confident && a.visibility === 'internal' ? ' ' : null,
        a.visibility === 'internal' ? kbVisibilityBadge(a.visibility) : null) : null,
      a.summary ? h('p', {class: 'suggest-summary'}, a.summary.length > 220 ? `${a.summary.slice(0, 217).trimEnd()}…` : a.summary) : null,
      insertBtn ? h('p', {class: 'suggest-actions'}, insertBtn) : null);
  }

  /** Searches again for query (nothing happens when it did not change). */
  async function load(query) {
    const q = (query || '').trim();
    if (q === lastQuery) return;
    lastQuery = q;
    const my = ++seq;
    if (!q) {
      items = [];
      list.replaceChildren();
      status.textContent = t('agent.suggest.none');
      return;
    }
    status.textContent = t('common.loading');
    let r;
    try {
      r = await call('GET', '/api/v1/kb/search', {query: {q, tenant}});
    } catch (err) {
      if (my !== seq) return;
      lastQuery = null; // try again next time
      items = [];
      list.replaceChildren();
      status.textContent = errorText(err);
      return;
    }
    if (my !== seq) return;
    items = (r.items || []).slice(0, SHOWN);
    replace(list, items.map(row));
    status.textContent = items.length ? tn('agent.suggest.count', items.length) : t('agent.suggest.none');
  }

  return {
    el,
    load,
    count: () => items.length,
    /** The `i` shortcut: inserts the first suggestion, or says there is none. */
    insertFirst() {
      const first = items.find((a) => a.visibility !== 'internal');
      if (!first) { announce(t('agent.suggest.none')); return false; }
      return doInsert(first);
    },
  };
}

/** Appends text to a reply textarea (a blank line after what is there),
 * puts the caret at the end, focuses it and tells the view it changed. */
export function appendToReply(textarea, text) {
  if (!textarea || textarea.disabled) return false;
  const cur = textarea.value.replace(/\s+$/, '');
  textarea.value = cur ? `${cur}\n\n${text}` : text;
  textarea.focus();
  const end = textarea.value.length;
  try { textarea.setSelectionRange(end, end); } catch (e) { /* not a text control */ }
  textarea.scrollTop = textarea.scrollHeight;
  textarea.dispatchEvent(new Event('input', {bubbles: true}));
  return true;
}
