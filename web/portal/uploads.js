// The attachment picker: each chosen file is checked in the browser (size,
// type) and, if acceptable, uploaded at once; the list shows each file's
// state and lets the citizen remove it. The form then sends the tokens.

import {ApiError} from '../common/api.js';
import {h, announce} from '../common/dom.js';
import {t} from '../common/i18n.js';
import {formatSize} from './shell.js';

export const MAX_FILES = 5;
export const MAX_BYTES = 10 * 1024 * 1024;

// Extension -> the types a browser may report for it.
const TYPES = {
  pdf: ['application/pdf'],
  jpg: ['image/jpeg', 'image/pjpeg'],
  jpeg: ['image/jpeg', 'image/pjpeg'],
  png: ['image/png'],
  txt: ['text/plain'],
  odt: ['application/vnd.oasis.opendocument.text'],
  ods: ['application/vnd.oasis.opendocument.spreadsheet'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
};
export const ACCEPT = Object.keys(TYPES).map((e) => `.${e}`).join(',');

function extension(name) {
  const m = /\.([A-Za-z0-9]+)$/.exec(name || '');
  return m ? m[1].toLowerCase() : '';
}

/** Why a file cannot be attached, or '' when it can. */
export function refusal(file) {
  const ext = extension(file.name);
  const types = TYPES[ext];
  if (!types) return t('portal.files.bad_type');
  const type = (file.type || '').toLowerCase().split(';')[0].trim();
  if (type && !types.includes(type)) return t('portal.files.bad_type');
  if (file.size === 0) return t('portal.files.empty');
  if (file.size > MAX_BYTES) return t('portal.files.too_big');
  return '';
}

/** The type to send: the browser's, else the one the extension implies. */
function contentType(file) {
  const type = (file.type || '').toLowerCase().split(';')[0].trim();
  if (type) return type;
  const types = TYPES[extension(file.name)];
  return types ? types[0] : 'application/octet-stream';
}

function uploadError(err) {
  if (err.status === 413) return t('portal.files.too_big');
  if (err.status === 415) return t('portal.files.bad_content');
  if (err.status === 404 || err.status === 405) return t('portal.files.unavailable');
  if (err.status === 0) return t('common.error_network').replace(/\.\s*$/, '');
  if (err.status >= 500) return t('common.error_generic').replace(/\.\s*$/, '');
  const f = err.fields || {};
  return String(f.file || f.filename || err.message || t('common.error_generic')).replace(/[.。]\s*$/, '');
}

/** Sends one file's bytes; resolves to the server's answer. XHR for progress. */
function upload(file, endpoint, onProgress) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise((resolve, reject) => {
    xhr.open('POST', endpoint);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', document.documentElement.lang || 'es');
    xhr.setRequestHeader('Content-Type', contentType(file));
    xhr.setRequestHeader('X-Filename', encodeURIComponent(file.name));
    xhr.upload.addEventListener('progress', (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300 && data && data.upload_token) resolve(data);
      else reject(new ApiError(xhr.status, data));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, null)));
    xhr.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), {name: 'AbortError'})));
    xhr.send(file);
  });
  return {promise, abort: () => xhr.abort()};
}

/**
 * Wires a file input and its list. endpoint: the upload URL.
 * Returns {tokens(), busy(), count(), reset(), setError(text)}.
 */
export function attachmentPicker({input, list, endpoint}) {
  input.setAttribute('accept', ACCEPT);
  const entries = []; // {file, state: 'uploading'|'done'|'error'|'refused', token, li, abort}
  let seq = 0;

  function removeEntry(entry) {
    if (entry.abort) entry.abort();
    const i = entries.indexOf(entry);
    if (i >= 0) entries.splice(i, 1);
    entry.li.remove();
    announce(t('portal.files.removed', {name: entry.file.name}));
    input.focus();
  }

  function render(entry) {
    const id = `file-${++seq}`;
    const status = h('span', {class: 'file-state', id: `${id}-state`});
    const progress = h('progress', {max: '100', value: '0', 'aria-labelledby': `${id}-name`,
      'aria-describedby': `${id}-state`});
    const removeBtn = h('button', {type: 'button', class: 'btn btn-secondary btn-small',
      'aria-label': t('portal.files.remove_named', {name: entry.file.name}),
      onclick: () => removeEntry(entry)}, t('portal.files.remove'));
    entry.li = h('li', {class: 'file-item'},
      h('span', {class: 'file-name', id: `${id}-name`}, entry.file.name),
      h('span', {class: 'file-size muted'}, ` (${formatSize(entry.file.size)})`),
      h('span', {class: 'file-row'}, progress, status), removeBtn);
    entry.setState = (state, text) => {
      entry.state = state;
      entry.li.className = `file-item file-${state}`;
      status.textContent = text;
      progress.hidden = state !== 'uploading';
      if (state !== 'uploading') progress.remove();
      removeBtn.textContent = state === 'refused' || state === 'error' ? t('portal.files.dismiss') : t('portal.files.remove');
      removeBtn.setAttribute('aria-label', t(state === 'refused' || state === 'error'
        ? 'portal.files.dismiss_named' : 'portal.files.remove_named', {name: entry.file.name}));
    };
    entry.setProgress = (p) => { progress.value = String(Math.round(p * 100)); };
    list.appendChild(entry.li);
  }

  function accepted() { return entries.filter((e) => e.state === 'uploading' || e.state === 'done'); }

  input.addEventListener('change', () => {
    const files = Array.from(input.files || []);
    input.value = '';
    const said = [];
    for (const file of files) {
      const entry = {file, state: 'new', token: null};
      let why = refusal(file);
      if (!why && accepted().length >= MAX_FILES) why = t('portal.files.too_many', {n: MAX_FILES});
      entries.push(entry);
      render(entry);
      if (why) {
        entry.setState('refused', t('portal.files.refused', {reason: why}));
        said.push(t('portal.files.refused_named', {name: file.name, reason: why}));
        continue;
      }
      entry.setState('uploading', t('portal.files.uploading'));
      said.push(t('portal.files.uploading_named', {name: file.name}));
      const up = upload(file, endpoint, (p) => entry.setProgress(p));
      entry.abort = up.abort;
      up.promise.then((data) => {
        entry.abort = null;
        entry.token = data.upload_token;
        entry.setState('done', t('portal.files.done'));
        announce(t('portal.files.done_named', {name: file.name}));
      }, (err) => {
        entry.abort = null;
        if (err.name === 'AbortError') return;
        const why2 = uploadError(err);
        entry.setState('error', t('portal.files.failed', {reason: why2}));
        announce(t('portal.files.refused_named', {name: file.name, reason: why2}));
      });
    }
    if (said.length) announce(said.join(' '));
  });

  return {
    tokens: () => entries.filter((e) => e.state === 'done').map((e) => e.token),
    busy: () => entries.some((e) => e.state === 'uploading'),
    count: () => accepted().length,
    reset: () => { for (const e of entries.splice(0)) { if (e.abort) e.abort(); e.li.remove(); } },
  };
}
