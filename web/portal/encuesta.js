// The satisfaction survey page: /encuesta#t=TOKEN (the invitation's link)
// or /encuesta#ref=…&token=… (from the chat widget, with the request's own
// token). The token stays in the fragment: browsers never send it to a
// server, so no log can hold it.

import {api} from '../common/api.js';
import {$, replace} from '../common/dom.js';
import {t} from '../common/i18n.js';
import {initPage, errorText, alertBox} from './shell.js';
import {renderSurvey} from './survey.js';

function target() {
  const p = new URLSearchParams(location.hash.slice(1));
  const tok = (p.get('t') || '').trim();
  if (tok) return {path: `/api/v1/public/surveys/${encodeURIComponent(tok)}`};
  const ref = (p.get('ref') || '').trim().toUpperCase();
  const token = (p.get('token') || '').trim();
  if (ref && token) return {path: `/api/v1/public/requests/${encodeURIComponent(ref)}/survey`, token};
  return null;
}

async function main() {
  await initPage();
  const root = $('#survey-root');
  const tg = target();
  try {
    if (!tg) throw Object.assign(new Error('no token'), {status: 404});
    const survey = await api('GET', tg.path, {token: tg.token});
    $('#survey-intro').textContent = t('portal.survey.intro', {ref: survey.reference, tenant: survey.tenant.name});
    document.title = t('portal.survey.title_ref', {ref: survey.reference});
    renderSurvey(root, survey, (body) => api('POST', tg.path, {token: tg.token, body}));
  } catch (err) {
    replace(root, alertBox('error', err && err.status === 404 ? t('portal.survey.not_found') : errorText(err)));
  } finally {
    $('#survey-loading').hidden = true;
  }
}

main();
