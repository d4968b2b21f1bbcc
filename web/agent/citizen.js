// Citizen search and profile (identities, tickets, timeline) and, for
// supervisors, merging two records of the same person.
import {h, replace, announce} from '/static/common/dom.js';
import {t, formatDate} from '/static/common/i18n.js';
import {call, ApiError, errorText, alertBox, identityList, ticketMiniTable, timelineBlock, citizenName, tn} from './util.js';

function identitiesText(c) {
  return (c.identities || []).map((i) => i.value).join(' · ');
}

/** Search results: a list of citizens with a link each (and an optional action). */
function resultList(items, action) {
  if (!items.length) return h('p', {class: 'muted'}, t('agent.citizen.no_results'));
  return h('ul', {class: 'citizen-results'}, items.map((c) => h('li', {class: 'card'},
    h('p', {class: 'cr-name'}, h('a', {href: `#/citizen/${c.id}`}, citizenName(c)),
      ' ', h('span', {class: 'muted'}, tn('agent.citizen.tickets_n', c.ticket_count))),
    h('p', {class: 'cr-idents'}, identitiesText(c) || t('agent.citizen.no_identities')),
    action ? action(c) : null)));
}

export async function renderSearch(main, {q}, ctx) {
  const h1 = h('h1', null, t('agent.citizen.search_title'));
  const input = h('input', {type: 'search', id: 'cs-q', name: 'q', maxlength: 200, dataset: {search: '1'}, 'aria-describedby': 'cs-hint'});
  input.value = q;
  const results = h('div', {class: 'results', 'aria-live': 'polite'});
  const form = h('form', {class: 'search-form', role: 'search', 'aria-label': t('agent.citizen.search_title')},
    h('label', {for: 'cs-q'}, t('agent.citizen.search_label')),
    h('span', {class: 'hint', id: 'cs-hint'}, t('agent.citizen.search_hint')),
    h('div', {class: 'inline'}, input, h('button', {type: 'submit', class: 'btn'}, t('agent.citizen.search_button'))));
  replace(main, h('div', {class: 'view-citizens'}, h1, form, h('section', {'aria-labelledby': 'cs-res'},
    h('h2', {id: 'cs-res'}, t('agent.citizen.results')), results)));
  ctx.titled(t('agent.citizen.search_title'), h1);
  async function run(value) {
    if (!value) { replace(results, h('p', {class: 'muted'}, t('agent.citizen.search_prompt'))); return; }
    replace(results, h('p', {class: 'muted'}, t('common.loading')));
    try {
      const r = await call('GET', '/api/v1/citizens', {query: {q: value}});
      replace(results, h('p', {class: 'muted'}, tn('agent.citizen.found_n', r.items.length)), resultList(r.items));
    } catch (err) {
      replace(results, alertBox(errorText(err)));
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const v = input.value.trim();
    history.replaceState(null, '', `#/citizens${v ? `?q=${encodeURIComponent(v)}` : ''}`);
    run(v);
  });
  run(q);
  return {};
}

export async function render(main, {id}, ctx) {
  let c;
  try {
    c = await call('GET', `/api/v1/citizens/${id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      const h1 = h('h1', null, t('agent.citizen.notfound_title'));
      replace(main, h1, h('div', {class: 'alert alert-warn', role: 'status'}, t('agent.citizen.notfound_text')));
      ctx.titled(t('agent.citizen.notfound_title'), h1);
      return {};
    }
    throw err;
  }
  const h1 = h('h1', null, citizenName(c));
  const msg = h('div', {tabindex: '-1', class: 'view-msg'});
  const dd = (label, ...value) => h('div', {class: 'meta-item'}, h('dt', null, label), h('dd', null, ...value));
  const profile = h('section', {class: 'card', 'aria-labelledby': 'cp-data'},
    h('h2', {id: 'cp-data'}, t('agent.citizen.data')),
    h('dl', {class: 'meta'},
      dd(t('agent.citizen.lang'), c.lang ? t(`common.lang_name_${c.lang}`) : '—'),
      dd(t('agent.citizen.ticket_count'), String(c.ticket_count)),
      dd(t('agent.citizen.since'), formatDate(c.created_at))),
    h('h3', null, t('agent.citizen.identities')),
    identityList(c.identities));
  const tickets = h('section', {'aria-labelledby': 'cp-tickets'},
    h('h2', {id: 'cp-tickets'}, t('agent.citizen.recent_tickets')),
    ticketMiniTable(c.recent_tickets || [], t('agent.citizen.recent_tickets_caption', {name: citizenName(c)})));
  const mergeSection = ctx.hasRole('supervisor') ? mergeBlock(c, ctx, msg) : null;
  replace(main, h('div', {class: 'view-citizen'}, h1, msg,
    h('div', {class: 'citizen-grid'},
      h('div', {class: 'stack'}, profile, tickets, mergeSection),
      h('div', {class: 'stack'}, timelineBlock(c.id, 'h2', 20)))));
  ctx.titled(citizenName(c), h1);
  return {};
}

function mergeBlock(c, ctx, msg) {
  const input = h('input', {type: 'search', id: 'merge-q', name: 'q', maxlength: 200, 'aria-describedby': 'merge-hint'});
  const results = h('div', {class: 'results', 'aria-live': 'polite'});
  const form = h('form', {class: 'search-form', role: 'search', 'aria-label': t('agent.merge.search_label')},
    h('label', {for: 'merge-q'}, t('agent.merge.search_label')),
    h('span', {class: 'hint', id: 'merge-hint'}, t('agent.merge.hint', {name: citizenName(c)})),
    h('div', {class: 'inline'}, input, h('button', {type: 'submit', class: 'btn btn-secondary'}, t('agent.citizen.search_button'))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (!v) return;
    replace(results, h('p', {class: 'muted'}, t('common.loading')));
    try {
      const r = await call('GET', '/api/v1/citizens', {query: {q: v}});
      const items = r.items.filter((x) => x.id !== c.id);
      replace(results, resultList(items, (other) => h('button', {type: 'button', class: 'btn btn-secondary',
        onclick: (ev) => confirmMerge(c, other, ev.currentTarget, ctx, msg)},
      t('agent.merge.choose', {name: citizenName(other)}))));
    } catch (err) { replace(results, alertBox(errorText(err))); }
  });
  return h('section', {class: 'card merge', 'aria-labelledby': 'merge-title'},
    h('h2', {id: 'merge-title'}, t('agent.merge.title')), form, results);
}

function confirmMerge(survivor, other, opener, ctx, msg) {
  const err = h('div');
  const cancel = h('button', {type: 'button', class: 'btn btn-secondary', value: 'cancel'}, t('common.cancel'));
  const ok = h('button', {type: 'button', class: 'btn btn-danger'}, t('agent.merge.confirm'));
  const dlg = h('dialog', {class: 'dialog', 'aria-labelledby': 'merge-dlg-title', 'aria-describedby': 'merge-dlg-desc'},
    h('h2', {id: 'merge-dlg-title'}, t('agent.merge.dialog_title')),
    h('div', {id: 'merge-dlg-desc'},
      h('p', null, t('agent.merge.dialog_text', {other: citizenName(other), survivor: citizenName(survivor)})),
      h('dl', {class: 'meta'},
        h('div', {class: 'meta-item'}, h('dt', null, t('agent.merge.keeps')), h('dd', null, `${citizenName(survivor)} — ${identitiesText(survivor)}`)),
        h('div', {class: 'meta-item'}, h('dt', null, t('agent.merge.absorbs')), h('dd', null, `${citizenName(other)} — ${identitiesText(other)}`))),
      h('p', {class: 'alert alert-warn'}, t('agent.merge.irreversible'))),
    err,
    h('div', {class: 'dialog-actions'}, cancel, ok));
  document.body.appendChild(dlg);
  const close = () => { dlg.close(); };
  dlg.addEventListener('close', () => {
    dlg.remove();
    if (document.body.contains(opener)) opener.focus();
  });
  cancel.addEventListener('click', close);
  ok.addEventListener('click', async () => {
    ok.disabled = true;
    try {
      await call('POST', `/api/v1/citizens/${survivor.id}/merge`, {body: {other_id: other.id}});
      dlg.close();
      announce(t('agent.merge.done'));
      ctx.quietFocus = false;
      ctx.go(`#/citizen/${survivor.id}`);
    } catch (e) {
      replace(err, alertBox(`${errorText(e)} ${Object.values(e.fields || {}).join(' ')}`.trim()));
      ok.disabled = false;
    }
  });
  dlg.showModal();
  cancel.focus();
}
