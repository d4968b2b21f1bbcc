// One EventSource for the whole console. The browser reconnects by itself and
// resumes with Last-Event-ID; if the stream is closed for good (a 401, or the
// server said no), we check the session and open a new one after a pause.
import {call} from './util.js';

let source = null;
let lastId = null;
let retryTimer = null;
let handlers = null;
/** Chat life cycle events: a chat is a ticket, so these also concern ticket views. */
export const CHAT_ACTIONS = ['chat_queued', 'chat_accepted', 'chat_transferred', 'chat_ended'];
const ACTIONS = ['ticket_created', 'message_added', 'ticket_updated', ...CHAT_ACTIONS, 'chat_typing'];

// Console-wide listeners (the chat badge, the duty count) get every event,
// whatever view is open; the view gets it after them through handlers.onEvent.
const listeners = new Set();
/** Adds a console-wide listener; returns the function that removes it. */
export function listen(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function open() {
  const url = lastId ? `/api/v1/events?last_event_id=${encodeURIComponent(lastId)}` : '/api/v1/events';
  const es = new EventSource(url, {withCredentials: true});
  source = es;
  handlers.onState('connecting');
  es.addEventListener('open', () => { if (source === es) handlers.onState('live'); });
  es.addEventListener('error', () => {
    if (source !== es) return;
    if (es.readyState === EventSource.CLOSED) {
      handlers.onState('reconnecting');
      es.close();
      source = null;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(async () => {
        if (!handlers) return;
        try { await call('GET', '/api/v1/session'); } catch (e) { if (e.status === 401) return; }
        if (handlers && !source) open();
      }, 5000);
    } else handlers.onState('reconnecting');
  });
  for (const action of ACTIONS) {
    es.addEventListener(action, (msg) => {
      if (source !== es) return;
      if (msg.lastEventId) lastId = msg.lastEventId;
      let ev;
      try { ev = JSON.parse(msg.data); } catch (e) { return; }
      if (!ev.action) ev.action = action;
      for (const fn of listeners) {
        try { fn(ev); } catch (e) { console.error(e); }
      }
      try { handlers.onEvent(ev); } catch (e) { console.error(e); }
    });
  }
}

export function start(ctx, h) {
  stop();
  handlers = h;
  open();
}

export function stop() {
  clearTimeout(retryTimer);
  if (source) source.close();
  source = null;
  handlers = null;
}
