#!/usr/bin/env node
// A local fake of the four messaging networks' outbound APIs, for the
// end-to-end tests (tests/t/t0016-networks.sh). One HTTP server on 127.0.0.1
// answers, in the networks' own shapes:
//
//   Telegram Bot API   POST /bot{TOKEN}/sendMessage           {chat_id, text}
//   WhatsApp Cloud API POST /v19.0/{PHONE_NUMBER_ID}/messages  (Bearer)
//   Messenger Send API POST /v19.0/me/messages                 (Bearer)
//   X API v2           POST /2/dm_conversations/with/{USER_ID}/messages (Bearer)
//                      POST /2/tweets                          (Bearer)
//
// and records every request. Control endpoints (not recorded):
//
//   GET  /__requests  every recorded request, in order:
//                     [{seq, method, path, query, headers, body, status, response}]
//                     (body: the parsed JSON, or the raw text when it is not
//                     JSON; status and response: what the fake answered)
//   POST /__reset     forgets the record and any pending failures
//   POST /__fail      {"path_prefix":"/bot","status":503,"times":2[,"body":{…}]}:
//                     the next `times` requests whose path starts with
//                     path_prefix get that status (and a body in that
//                     network's error shape, unless one is given)
//
// Usage: node tests/fakes/networks.mjs PORTFILE
// It listens on a free port and writes the port number to PORTFILE (written
// whole, through a rename, so a reader never sees half of it).
import http from 'node:http';
import fs from 'node:fs';

const portFile = process.argv[2];
if (!portFile) {
  process.stderr.write('usage: node networks.mjs PORTFILE\n');
  process.exit(2);
}

let record = [];
let failures = []; // [{prefix, status, times, body}]
let counter = 0;
let seq = 0;
const next = () => ++counter;

// Unicode code points, as X counts a tweet (simplified: no URL weighting).
const codePoints = (s) => [...s].length;

function parseBody(raw, contentType) {
  if (raw.length === 0) return null;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    if (/application\/x-www-form-urlencoded/i.test(contentType || '')) {
      return Object.fromEntries(new URLSearchParams(text));
    }
    return text;
  }
}

function bearer(req, query) {
  const h = req.headers.authorization || '';
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  if (m) return m[1];
  return query.get('access_token') || null; // the Graph API takes it either way
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmptyString = (v) => typeof v === 'string' && v.trim().length > 0;

// Error bodies in each network's shape.
const tgError = (code, description, extra) => ({ ok: false, error_code: code, description, ...(extra || {}) });
const graphError = (message, code, type = 'OAuthException') => ({
  error: { message, type, code, fbtrace_id: 'Afake' + counter },
});
const xError = (status, title, detail) => ({ title, detail, type: 'about:blank', status });

function failureBody(path, status) {
  if (path.startsWith('/bot')) {
    const desc = status === 429 ? 'Too Many Requests: retry after 1'
      : status >= 500 ? 'Internal Server Error'
      : status === 403 ? 'Forbidden: bot was blocked by the user'
      : status === 401 ? 'Unauthorized'
      : 'Bad Request: chat not found';
    return tgError(status, desc, status === 429 ? { parameters: { retry_after: 1 } } : undefined);
  }
  if (path.startsWith('/v19.0/')) {
    if (status === 429) return graphError('(#4) Application request limit reached', 4);
    if (status >= 500) return graphError('An unexpected error has occurred. Please retry your request later.', 2, 'OAuthException');
    if (status === 401) return graphError('Invalid OAuth access token.', 190);
    return graphError('(#100) Invalid parameter', 100);
  }
  if (path.startsWith('/2/')) {
    if (status === 429) return xError(429, 'Too Many Requests', 'Too Many Requests');
    if (status >= 500) return xError(status, 'Service Unavailable', 'Service Unavailable');
    if (status === 401) return xError(401, 'Unauthorized', 'Unauthorized');
    if (status === 403) return xError(403, 'Forbidden', 'You are not permitted to perform this action.');
    return xError(status, 'Invalid Request', 'One or more parameters to your request was invalid.');
  }
  return { error: 'injected failure', status };
}

// Each handler returns [status, body].
function telegram(token, method, body) {
  if (!/^[0-9]+:[A-Za-z0-9_-]+$/.test(token)) return [401, tgError(401, 'Unauthorized')];
  if (method !== 'sendMessage') return [404, tgError(404, 'Not Found')];
  if (!isObj(body)) return [400, tgError(400, 'Bad Request: message text is empty')];
  const chatId = body.chat_id;
  if (chatId === undefined || chatId === null || chatId === '') {
    return [400, tgError(400, 'Bad Request: chat_id is empty')];
  }
  if (!(typeof chatId === 'number' || (typeof chatId === 'string' && /^(-?[0-9]+|@\w+)$/.test(chatId)))) {
    return [400, tgError(400, 'Bad Request: chat not found')];
  }
  if (!nonEmptyString(body.text)) return [400, tgError(400, 'Bad Request: message text is empty')];
  if (codePoints(body.text) > 4096) return [400, tgError(400, 'Bad Request: message is too long')];
  return [200, {
    ok: true,
    result: {
      message_id: next(),
      from: { id: Number(token.split(':')[0]), is_bot: true, first_name: 'Ventanilla', username: 'ventanilla_bot' },
      chat: { id: chatId, type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text: body.text,
    },
  }];
}

function whatsapp(phoneNumberId, body) {
  if (!isObj(body) || body.messaging_product !== 'whatsapp') {
    return [400, graphError('(#100) The parameter messaging_product is required.', 100)];
  }
  if (!nonEmptyString(body.to)) return [400, graphError('(#100) The parameter to is required.', 100)];
  if ((body.type ?? 'text') !== 'text') return [400, graphError('(#100) Invalid parameter', 100)];
  if (!isObj(body.text) || !nonEmptyString(body.text.body)) {
    return [400, graphError('(#100) The parameter text[\'body\'] is required.', 100)];
  }
  if (codePoints(body.text.body) > 4096) {
    return [400, graphError('(#100) Param text[\'body\'] must be at most 4096 characters long.', 100)];
  }
  return [200, {
    messaging_product: 'whatsapp',
    contacts: [{ input: body.to, wa_id: body.to.replace(/^\+/, '') }],
    messages: [{ id: 'wamid.' + next() }],
  }];
}

function messenger(body) {
  if (!isObj(body) || !isObj(body.recipient) || !nonEmptyString(String(body.recipient.id ?? ''))) {
    return [400, graphError('(#100) param recipient must be non-empty.', 100)];
  }
  if (!isObj(body.message) || !nonEmptyString(body.message.text)) {
    return [400, graphError('(#100) Must send either message or state', 100)];
  }
  if (codePoints(body.message.text) > 2000) {
    return [400, graphError('(#100) Length of param message[text] must be less than or equal to 2000', 100)];
  }
  return [200, { recipient_id: String(body.recipient.id), message_id: 'm_' + next() }];
}

function xDm(userId, body) {
  if (!isObj(body) || !nonEmptyString(body.text)) {
    return [400, xError(400, 'Invalid Request', 'One or more parameters to your request was invalid.')];
  }
  if (codePoints(body.text) > 10000) return [400, xError(400, 'Invalid Request', 'The text is too long.')];
  return [201, { data: { dm_conversation_id: '900000000000000001-' + userId, dm_event_id: String(next()) } }];
}

function xTweet(body) {
  if (!isObj(body) || typeof body.text !== 'string' || body.text.length === 0) {
    return [400, xError(400, 'Invalid Request', 'One or more parameters to your request was invalid.')];
  }
  if (codePoints(body.text) > 280) return [403, { title: 'Forbidden', detail: 'Your Tweet text is too long.', type: 'about:blank', status: 403 }];
  if (body.reply !== undefined && (!isObj(body.reply) || !nonEmptyString(String(body.reply.in_reply_to_tweet_id ?? '')))) {
    return [400, xError(400, 'Invalid Request', 'reply.in_reply_to_tweet_id is required.')];
  }
  return [201, { data: { id: String(next()), text: body.text, edit_history_tweet_ids: [] } }];
}

function route(req, path, query, body) {
  if (req.method !== 'POST') return [404, { error: 'not found' }];
  let m;
  if ((m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(path))) return telegram(decodeURIComponent(m[1]), m[2], body);
  if (path.startsWith('/v19.0/')) {
    if (!bearer(req, query)) return [401, graphError('Invalid OAuth access token.', 190)];
    if (path === '/v19.0/me/messages') return messenger(body);
    if ((m = /^\/v19\.0\/([0-9]+)\/messages$/.exec(path))) return whatsapp(m[1], body);
    return [404, graphError('Unknown path components: ' + path, 2500)];
  }
  if (path.startsWith('/2/')) {
    if (!bearer(req, query)) return [401, xError(401, 'Unauthorized', 'Unauthorized')];
    if ((m = /^\/2\/dm_conversations\/with\/([0-9]+)\/messages$/.exec(path))) return xDm(m[1], body);
    if (path === '/2/tweets') return xTweet(body);
    return [404, xError(404, 'Not Found Error', 'Unknown endpoint ' + path)];
  }
  return [404, { error: 'not found' }];
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = url.pathname;
    const body = parseBody(raw, req.headers['content-type']);

    if (path === '/__requests' && req.method === 'GET') return send(res, 200, record);
    if (path === '/__reset' && req.method === 'POST') {
      record = [];
      failures = [];
      seq = 0;
      return send(res, 200, { ok: true });
    }
    if (path === '/__fail' && req.method === 'POST') {
      if (!isObj(body) || typeof body.path_prefix !== 'string' || !Number.isInteger(body.status)) {
        return send(res, 400, { error: 'want {"path_prefix":…,"status":…,"times":…}' });
      }
      failures.push({ prefix: body.path_prefix, status: body.status, times: Number.isInteger(body.times) ? body.times : 1, body: body.body });
      return send(res, 200, { ok: true });
    }

    let status;
    let answer;
    const f = failures.find((x) => x.times > 0 && path.startsWith(x.prefix));
    if (f) {
      f.times -= 1;
      status = f.status;
      answer = f.body !== undefined ? f.body : failureBody(path, f.status);
    } else {
      [status, answer] = route(req, path, url.searchParams, body);
    }
    record.push({
      seq: ++seq,
      method: req.method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      status,
      response: answer,
    });
    send(res, status, answer);
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  fs.writeFileSync(portFile + '.tmp', String(port));
  fs.renameSync(portFile + '.tmp', portFile);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
