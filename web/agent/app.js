// The agents' console: session, login, shell, hash router. Each view module
// exports render(main, params, ctx) and may return {cleanup, onEvent, ...}.
import {setCsrf} from '/static/common/api.js';
import {h, $, $$, replace, announce} from '/static/common/dom.js';
import {initI18n, t, getLang, mountLangSwitch} from '/static/common/i18n.js';
import {call, ApiError, setUnauthorizedHandler, errorText, field, clearFieldErrors, setFieldError, tenants, resetCaches} from './util.js';
import * as live from './live.js';
import * as shortcuts from './shortcuts.js';
import * as queues from './queues.js';
import * as ticket from './ticket.js';
import * as citizen from './citizen.js';
import * as contact from './contact.js';
import * as chats from './chats.js';
import * as chat from './chat.js';
import * as chatDuty from './chat_duty.js';
import * as agentStatus from './status.js';
import * as chatNotify from './chat_notify.js';
import * as routing from './routing.js';
import * as kb from './kb.js';
import * as macros from './macros.js';
import * as backlog from './backlog.js';
import * as reports from './reports.js';

const ctx = {
  session: null,
  view: null,
  /** Sets the view's title (document.title) and moves focus to its h1. */
  titled(text, heading) {
    document.title = `${text} — ${t('agent.title')}`;
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      if (!ctx.quietFocus) heading.focus();
    }
  },
  hasRole(role) {
    const order = ['agent', 'supervisor', 'admin'];
    return !!ctx.session && order.indexOf(ctx.session.user.role) >= order.indexOf(role);
  },
  go(hash) { if (location.hash === hash) route(); else location.hash = hash; },
};

const main = () => $('#main');

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return {parts, query: new URLSearchParams(qs || '')};
}

function endView() {
  if (ctx.view && ctx.view.cleanup) {
    try { ctx.view.cleanup(); } catch (e) { console.error(e); }
  }
  ctx.view = null;
}

async function route() {
  if (!ctx.session) { showLogin(); return; }
  const {parts, query} = parseHash();
  if (!parts.length) { location.replace('#/queue/mine'); return; }
  endView();
  const m = main();
  replace(m, h('p', {class: 'muted'}, t('common.loading')));
  for (const a of $$('[data-nav]')) {
    if (parts.join('/') === a.dataset.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  let view = null;
  try {
    const [kind, arg, sub] = parts;
    if (kind === 'queue' && queues.QUEUES.includes(arg)) view = await queues.render(m, {queue: arg, query}, ctx);
    else if (kind === 'ticket' && /^\d+$/.test(arg || '')) view = await ticket.render(m, {id: Number(arg)}, ctx);
    else if (kind === 'citizen' && /^\d+$/.test(arg || '')) view = await citizen.render(m, {id: Number(arg)}, ctx);
    else if (kind === 'citizens') view = await citizen.renderSearch(m, {q: query.get('q') || ''}, ctx);
    else if (kind === 'contact' && (arg === 'phone' || arg === 'in_person')) view = await contact.render(m, {channel: arg}, ctx);
    else if (kind === 'chats' && !arg) view = await chats.render(m, {}, ctx);
    else if (kind === 'chat' && /^\d+$/.test(arg || '')) view = await chat.render(m, {id: Number(arg)}, ctx);
    else if (kind === 'routing' && !arg) view = await routing.renderList(m, {}, ctx);
    else if (kind === 'routing' && arg === 'new' && !sub) view = await routing.renderForm(m, {id: null}, ctx);
    else if (kind === 'routing' && /^\d+$/.test(arg) && !sub) view = await routing.renderForm(m, {id: Number(arg)}, ctx);
    else if (kind === 'kb' && !arg) view = await kb.renderList(m, {q: query.get('q') || ''}, ctx);
    else if (kind === 'kb' && arg === 'new' && !sub) view = await kb.renderForm(m, {id: null}, ctx);
    else if (kind === 'kb' && /^\d+$/.test(arg) && !sub) view = await kb.renderArticle(m, {id: Number(arg)}, ctx);
    else if (kind === 'kb' && /^\d+$/.test(arg) && sub === 'edit') view = await kb.renderForm(m, {id: Number(arg)}, ctx);
    else if (kind === 'macros' && !arg) view = await macros.renderList(m, {}, ctx);
    else if (kind === 'macros' && arg === 'new' && !sub) view = await macros.renderForm(m, {id: null}, ctx);
    else if (kind === 'macros' && /^\d+$/.test(arg) && !sub) view = await macros.renderForm(m, {id: Number(arg)}, ctx);
    else if (kind === 'backlog' && !arg) view = await backlog.render(m, {query}, ctx);
    else if (kind === 'reports' && !arg) view = await reports.render(m, {query}, ctx);
    else view = notFound(m);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    console.error(err);
    const h1 = h('h1', null, t('agent.error.view_title'));
    replace(m, h1, h('div', {class: 'alert alert-error', role: 'alert'}, errorText(err)),
      h('p', null, h('button', {type: 'button', class: 'btn', onclick: () => route()}, t('common.retry'))));
    ctx.titled(t('agent.error.view_title'), h1);
  }
  ctx.view = view || {};
  ctx.quietFocus = false;
}

function notFound(m) {
  const h1 = h('h1', null, t('agent.notfound.title'));
  replace(m, h1, h('p', null, t('agent.notfound.text')), h('p', null, h('a', {href: '#/queue/mine'}, t('agent.queue.mine'))));
  ctx.titled(t('agent.notfound.title'), h1);
  return {};
}

// ---- shell ---------------------------------------------------------------

function showShell() {
  document.body.classList.remove('is-login', 'is-loading');
  $('#sidenav').hidden = false;
  $('#logout-btn').hidden = false;
  $('#help-btn').hidden = false;
  // Administration (routing rules, canned answers, the backlog) is for supervisors and admins only.
  $('#nav-admin').hidden = !ctx.hasRole('supervisor');
  const who = $('#whoami');
  const s = ctx.session;
  // The server writes to staff (deadline alerts) in the language they read
  // the console in: tell it when that is not the one it has.
  if (s.user.lang && s.user.lang !== getLang()) {
    call('PUT', '/api/v1/me/language', {body: {lang: getLang()}}).then(() => { s.user.lang = getLang(); }).catch(() => {});
  }
  who.hidden = false;
  replace(who, h('span', {class: 'who-name'}, s.user.name), ' · ', h('span', {class: 'who-role'}, t(`agent.role.${s.user.role}`)),
    ' · ', h('span', {class: 'who-tenants'}, s.tenants.length > 3 ? t('agent.header.n_tenants', {n: s.tenants.length}) : s.tenants.join(', ')));
  tenants().then((list) => {
    const names = s.tenants.map((c) => (list.find((x) => x.code === c) || {name: c}).name);
    const el = who.querySelector('.who-tenants');
    const label = t('agent.header.serves', {list: names.join(', ')});
    const sr = h('span', {class: 'visually-hidden'}, ` (${label})`);
    if (el) el.after(sr);
  }).catch(() => {});
  live.start(ctx, {
    onEvent: (ev) => {
      const v = ctx.view;
      if (!v) return;
      // Typing comes every few seconds per chat: only a view that shows it
      // (the chat view) gets it, the others would re-read a ticket each time.
      if (ev.action === 'chat_typing') { if (v.onTyping) v.onTyping(ev); return; }
      if (v.onEvent) v.onEvent(ev);
    },
    onState: (state) => {
      $('#live-state').hidden = false;
      $('#live-state').dataset.state = state;
      $('#live-text').textContent = t(`agent.live.${state}`);
      // Back after a gap: the chat counts may have moved meanwhile.
      if (state === 'live') chatNotify.refreshSoon();
    },
  });
  // Status first: restoring "away" or "offline" also takes chat duty off.
  agentStatus.start();
  chatDuty.start();
  chatNotify.start();
}

function hideShell() {
  document.body.classList.add('is-login');
  document.body.classList.remove('is-loading');
  $('#sidenav').hidden = true;
  $('#logout-btn').hidden = true;
  $('#help-btn').hidden = true;
  $('#nav-admin').hidden = true;
  $('#whoami').hidden = true;
  $('#live-state').hidden = true;
  live.stop();
  agentStatus.stop();
  chatDuty.stop();
  chatNotify.stop();
}

function showLogin(message) {
  endView();
  ctx.session = null;
  setCsrf('');
  resetCaches();
  hideShell();
  const m = main();
  const email = h('input', {type: 'email', name: 'email', autocomplete: 'username', required: true});
  const password = h('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true});
  const errorBox = h('div', {class: 'alert alert-error', role: 'alert', tabindex: '-1', hidden: true});
  const submit = h('button', {type: 'submit', class: 'btn'}, t('agent.login.submit'));
  const form = h('form', {class: 'login-form card', novalidate: true},
    errorBox,
    field('login-email', t('agent.login.email'), email),
    field('login-password', t('agent.login.password'), password),
    submit);
  const h1 = h('h1', null, t('agent.login.title'));
  replace(m, h('div', {class: 'login-wrap'}, h1, h('p', {class: 'muted'}, t('agent.login.intro')),
    message ? h('div', {class: 'alert alert-warn', role: 'status'}, message) : null, form));
  ctx.titled(t('agent.login.title'), null);
  email.focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    errorBox.hidden = true;
    let bad = false;
    if (!email.value.trim()) { setFieldError(email, t('agent.login.email_required')); bad = true; }
    if (!password.value) { setFieldError(password, t('agent.login.password_required')); bad = true; }
    if (bad) { (email.value.trim() ? password : email).focus(); return; }
    submit.disabled = true;
    try {
      const s = await call('POST', '/api/v1/session', {body: {email: email.value.trim(), password: password.value}});
      setCsrf(s.csrf_token);
      ctx.session = s;
      showShell();
      announce(t('agent.login.welcome', {name: s.user.name}));
      route();
    } catch (err) {
      let text = errorText(err);
      if (err.code === 'bad_credentials') text = t('agent.login.bad_credentials');
      else if (err.code === 'too_many_requests') text = t('agent.login.too_many');
      errorBox.textContent = text;
      errorBox.hidden = false;
      errorBox.focus();
      password.value = '';
    } finally { submit.disabled = false; }
  });
}

async function logout() {
  // Off chat duty and offline first, while the session can still say so.
  await chatDuty.stop({signOff: true});
  await agentStatus.stop({signOff: true});
  try { await call('DELETE', '/api/v1/session'); } catch (e) { /* ignore */ }
  ctx.session = null;
  history.replaceState(null, '', '#/queue/mine');
  showLogin(t('agent.login.logged_out'));
}

async function start() {
  await initI18n(['agent']);
  mountLangSwitch($('#lang-switch'));
  $('#logout-btn').addEventListener('click', logout);
  setUnauthorizedHandler(() => {
    if (!ctx.session) return;
    showLogin(t('agent.login.expired'));
  });
  shortcuts.install(ctx);
  agentStatus.install();
  chatDuty.install();
  chatNotify.install(ctx);
  window.addEventListener('hashchange', () => route());
  try {
    const s = await call('GET', '/api/v1/session');
    setCsrf(s.csrf_token);
    ctx.session = s;
    showShell();
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 401)) console.error(err);
  }
  route();
}

start();
