/* ventanilla live chat: the loader an administration's page embeds with
 *
 *   <script src="https://HOST/static/chat/widget.js" data-key="vtw_…" async></script>
 *
 * (optional: data-lang="es|en", data-position="right|left"). It draws a chat
 * button in the page's corner and, when pressed, an <iframe> to
 * HOST/chat/frame where the conversation lives, on ventanilla's origin: the
 * host page can neither read it nor break it (docs/chat.md).
 *
 * Rules this file keeps because it runs on somebody else's page:
 * - a classic script (not a module), one IIFE, no global but
 *   window.VentanillaChat = {open(), close()};
 * - styles only through the CSSOM (element.style), never a style attribute
 *   or a <style> element, so pages with a strict CSP still show it; each
 *   property !important and the rest reset, so the page's CSS cannot reach it;
 * - no innerHTML; messages from the frame are believed only from the
 *   frame's origin and window;
 * - its few texts live here, in Spanish and English, because it cannot load
 *   the catalogue (web/i18n) from the host page; everything else is in the frame. */
(function () {
  'use strict';

  var SCRIPT_PATH = '/static/chat/widget.js';
  var TEXT = {
    es: {
      open: 'Abrir chat de atención',
      button: 'Chat',
      frame: 'Chat de atención',
      unreadOne: '1 mensaje nuevo',
      unreadMany: '{n} mensajes nuevos'
    },
    en: {
      open: 'Open the help chat',
      button: 'Chat',
      frame: 'Help chat',
      unreadOne: '1 new message',
      unreadMany: '{n} new messages'
    }
  };
  // Colours of web/common/base.css: white on #0b4f8a is 8.3:1, on #a4161a 6.9:1.
  var BRAND = '#0b4f8a';
  var BRAND_DARK = '#083a66';
  var DANGER = '#a4161a';
  var FOCUS = '#c2410c';
  var GAP = 20;          // px from the window's edges
  var NARROW = '(max-width: 479.98px)';
  var SHADOW = '0 2px 8px rgba(0, 0, 0, 0.35)';

  var script = document.currentScript || findScript();
  if (!script || window.VentanillaChat) return; // not found, or embedded twice

  var key = (script.getAttribute('data-key') || '').trim();
  if (!key) return;
  var origin = new URL(script.src, location.href).origin;
  var lang = chooseLang(script.getAttribute('data-lang')) ||
    chooseLang(document.documentElement.getAttribute('lang')) || 'es';
  var side = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var T = TEXT[lang];

  var button = null;
  var badge = null;
  var frame = null;
  var isOpen = false;
  var loaded = false; // until the frame's page is there, it cannot be told anything
  var unread = 0;
  var narrow = window.matchMedia ? window.matchMedia(NARROW) : null;

  /** The <script> of this loader when document.currentScript is not set. */
  function findScript() {
    var all = document.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0; i--) {
      var s = all[i];
      if (!s.src || !s.hasAttribute('data-key')) continue;
      try {
        if (new URL(s.src, location.href).pathname.slice(-SCRIPT_PATH.length) === SCRIPT_PATH) return s;
      } catch (e) { /* an odd src: not ours */ }
    }
    return null;
  }

  function chooseLang(value) {
    var v = String(value || '').toLowerCase();
    if (v.indexOf('es') === 0) return 'es';
    if (v.indexOf('en') === 0) return 'en';
    return '';
  }

  /** Sets CSS properties (kebab-case) through the CSSOM, each !important. */
  function css(el, props) {
    for (var p in props) {
      if (Object.prototype.hasOwnProperty.call(props, p)) el.style.setProperty(p, props[p], 'important');
    }
  }

  /** Starts from a clean slate: whatever the host page says about buttons,
   * spans or iframes does not apply. */
  function reset(el) {
    el.style.setProperty('all', 'initial', 'important');
    css(el, {'box-sizing': 'border-box'});
  }

  /* ---- The button --------------------------------------------------------- */

  function makeIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '22');
    svg.setAttribute('height', '22');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    reset(svg);
    css(svg, {display: 'block', width: '22px', height: '22px', fill: 'currentColor', 'flex': 'none'});
    return svg;
  }

  function makeButton() {
    button = document.createElement('button');
    button.id = 'ventanilla-chat-button';
    button.type = 'button';
    button.setAttribute('aria-expanded', 'false');
    reset(button);
    var pos = {
      position: 'fixed', bottom: GAP + 'px', 'z-index': '2147483000',
      display: 'inline-flex', 'align-items': 'center', gap: '8px',
      'min-width': '44px', 'min-height': '48px', margin: '0', padding: '10px 18px',
      border: '2px solid #ffffff', 'border-radius': '999px',
      background: BRAND, color: '#ffffff', cursor: 'pointer',
      font: '600 16px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
      'box-shadow': SHADOW, outline: 'none'
    };
    pos[side] = GAP + 'px';
    css(button, pos);

    var label = document.createElement('span');
    reset(label);
    css(label, {display: 'inline', color: 'inherit', font: 'inherit'});
    label.textContent = T.button;

    badge = document.createElement('span');
    badge.id = 'ventanilla-chat-badge';
    badge.setAttribute('aria-hidden', 'true'); // the button's name says it
    reset(badge);
    css(badge, {
      display: 'none', 'min-width': '24px', height: '24px', padding: '0 6px',
      'border-radius': '12px', border: '2px solid #ffffff', background: DANGER, color: '#ffffff',
      font: '700 13px/20px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', 'text-align': 'center'
    });

    button.appendChild(makeIcon());
    button.appendChild(label);
    button.appendChild(badge);
    updateLabel();

    button.addEventListener('click', function () {
      if (isOpen) close(true);
      else open();
    });
    // :focus-visible cannot be written without a stylesheet: the ring is set
    // on focus, for keyboard focus where the browser can tell.
    button.addEventListener('focus', function () { focusRing(keyboardFocus(button)); });
    button.addEventListener('blur', function () { focusRing(false); });
    button.addEventListener('mouseenter', function () { css(button, {background: BRAND_DARK}); });
    button.addEventListener('mouseleave', function () { css(button, {background: BRAND}); });
    document.body.appendChild(button);
  }

  function keyboardFocus(el) {
    try { return el.matches(':focus-visible'); } catch (e) { return true; }
  }

  // An orange ring outside a white one: visible on light and dark pages alike.
  function focusRing(on) {
    css(button, on
      ? {outline: '3px solid ' + FOCUS, 'outline-offset': '2px', 'box-shadow': '0 0 0 2px #ffffff, ' + SHADOW}
      : {outline: 'none', 'box-shadow': SHADOW});
  }

  function updateLabel() {
    var label = T.open;
    if (unread > 0) label += ', ' + (unread === 1 ? T.unreadOne : T.unreadMany.replace('{n}', String(unread)));
    button.setAttribute('aria-label', label);
    badge.textContent = unread > 99 ? '99+' : String(unread);
    css(badge, {display: unread > 0 && !isOpen ? 'inline-block' : 'none'});
  }

  /* ---- The frame ------------------------------------------------------------ */

  function makeFrame() {
    frame = document.createElement('iframe');
    frame.id = 'ventanilla-chat-frame';
    frame.title = T.frame;
    frame.src = origin + '/chat/frame?key=' + encodeURIComponent(key) + '&lang=' + lang;
    reset(frame);
    css(frame, {display: 'none', position: 'fixed', 'z-index': '2147483000', background: '#ffffff',
      margin: '0', padding: '0', 'color-scheme': 'light'});
    frame.addEventListener('load', function () {
      loaded = true;
      if (isOpen) tellFrame('open');
    });
    // After the button, so Tab goes from the button into the conversation.
    button.parentNode.insertBefore(frame, button.nextSibling);
    button.setAttribute('aria-controls', frame.id);
    if (narrow) {
      if (narrow.addEventListener) narrow.addEventListener('change', layout);
      else if (narrow.addListener) narrow.addListener(layout);
    }
    window.addEventListener('resize', layout);
  }

  /** 400×600 above the button; the whole window on a narrow screen. */
  function layout() {
    if (!frame || !isOpen) return;
    if (narrow && narrow.matches) {
      css(frame, {top: '0', left: '0', right: 'auto', bottom: 'auto', width: '100%', height: '100%',
        'max-width': 'none', 'max-height': 'none', border: '0', 'border-radius': '0', 'box-shadow': 'none'});
      return;
    }
    var above = GAP + button.offsetHeight + 12;
    var box = {top: 'auto', bottom: above + 'px', width: '400px', height: '600px',
      'max-width': 'calc(100vw - ' + 2 * GAP + 'px)', 'max-height': 'calc(100vh - ' + (above + GAP) + 'px)',
      border: '1px solid #8a94a3', 'border-radius': '12px', 'box-shadow': '0 8px 28px rgba(0, 0, 0, 0.3)'};
    box[side] = GAP + 'px';
    box[side === 'right' ? 'left' : 'right'] = 'auto';
    css(frame, box);
  }

  function tellFrame(event) {
    if (loaded && frame.contentWindow) frame.contentWindow.postMessage({type: 'vt-chat', event: event}, origin);
  }

  function open() {
    if (!frame) makeFrame();
    isOpen = true;
    css(frame, {display: 'block'});
    layout();
    button.setAttribute('aria-expanded', 'true');
    updateLabel();
    frame.focus();
    tellFrame('open'); // if still loading, its load event says it
  }

  /** Hides the frame; refocus: give the focus back to the button. */
  function close(refocus) {
    if (!isOpen) return;
    isOpen = false;
    css(frame, {display: 'none'});
    button.setAttribute('aria-expanded', 'false');
    updateLabel();
    if (refocus) button.focus();
  }

  function onMessage(e) {
    if (!frame || e.origin !== origin || e.source !== frame.contentWindow) return;
    var d = e.data;
    if (!d || typeof d !== 'object' || d.type !== 'vt-chat') return;
    if (d.event === 'close') {
      close(true);
    } else if (d.event === 'unread') {
      var n = Math.floor(Number(d.count));
      unread = n > 0 ? n : 0;
      updateLabel();
    }
  }

  function onKey(e) {
    if (isOpen && (e.key === 'Escape' || e.key === 'Esc') && !e.defaultPrevented) close(true);
  }

  function mount() {
    makeButton();
    window.addEventListener('message', onMessage);
    document.addEventListener('keydown', onKey);
  }

  // Claimed at once, so a second copy of the loader on the page stands down.
  window.VentanillaChat = Object.freeze({
    open: function () { if (button) open(); },
    close: function () { if (button) close(document.activeElement === frame); }
  });

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
