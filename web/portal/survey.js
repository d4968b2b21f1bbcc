// The satisfaction survey as a form, shared by the survey page (/encuesta)
// and the follow-up page: one fieldset per question, radio groups that work
// with the keyboard (arrows inside a group, Tab between groups), errors
// announced and tied to their group, then a thank-you in place of the form.

import {h, replace, announce} from '../common/dom.js';
import {t} from '../common/i18n.js';

const SCALES = {
  csat: {min: 1, max: 5, required: true},
  ces: {min: 1, max: 7},
  nps: {min: 0, max: 10},
};
const MAX_COMMENT = 2000;

function scaleGroup(id, prefix) {
  const s = SCALES[id];
  const hintId = `${prefix}-${id}-hint`;
  const options = [];
  for (let v = s.min; v <= s.max; v++) {
    const extreme = v === s.min ? t(`portal.survey.${id}_low`) : v === s.max ? t(`portal.survey.${id}_high`) : '';
    options.push(h('label', {class: 'scale-option'},
      h('input', {type: 'radio', name: `${prefix}-${id}`, id: `${prefix}-${id}-${v}`, value: String(v)}),
      h('span', {class: 'scale-num'}, String(v)),
      extreme ? h('span', {class: 'visually-hidden'}, ` (${extreme})`) : null));
  }
  return h('fieldset', {class: 'survey-q', id: `${prefix}-${id}`, 'aria-describedby': hintId},
    h('legend', {}, t(`portal.survey.${id}_legend`), ' ',
      h('span', {class: 'req'}, s.required ? t('portal.form.required') : t('portal.survey.optional'))),
    h('p', {class: 'hint', id: hintId},
      t('portal.survey.scale_hint', {low: `${s.min} = ${t(`portal.survey.${id}_low`)}`,
        high: `${s.max} = ${t(`portal.survey.${id}_high`)}`})),
    h('div', {class: 'scale', role: 'presentation'}, options));
}

function yesNoGroup(prefix) {
  return h('fieldset', {class: 'survey-q', id: `${prefix}-fcr`},
    h('legend', {}, t('portal.survey.fcr_legend'), ' ', h('span', {class: 'req'}, t('portal.survey.optional'))),
    h('div', {class: 'scale yes-no'},
      h('label', {class: 'scale-option wide'},
        h('input', {type: 'radio', name: `${prefix}-fcr`, id: `${prefix}-fcr-yes`, value: 'yes'}),
        h('span', {}, t('portal.survey.yes'))),
      h('label', {class: 'scale-option wide'},
        h('input', {type: 'radio', name: `${prefix}-fcr`, id: `${prefix}-fcr-no`, value: 'no'}),
        h('span', {}, t('portal.survey.no')))));
}

function picked(form, name) {
  const el = form.querySelector(`input[name="${name}"]:checked`);
  return el ? el.value : null;
}

/**
 * Renders the survey into root. survey: the API's public survey object;
 * submit(body) posts the answers and resolves with the updated survey (or
 * throws an ApiError). prefix keeps ids unique on the page.
 */
export function renderSurvey(root, survey, submit, {prefix = 'sv', headingLevel = 2} = {}) {
  const Hn = `h${headingLevel}`;
  if (survey.answered) {
    replace(root, thanks(Hn, t('portal.survey.already')));
    return;
  }
  const errorBox = h('div', {class: 'alert alert-error', id: `${prefix}-errors`, role: 'alert', tabindex: '-1', hidden: true});
  const comment = h('textarea', {id: `${prefix}-comment`, rows: '4', maxlength: String(MAX_COMMENT),
    'aria-describedby': `${prefix}-comment-hint`});
  const button = h('button', {type: 'submit', class: 'btn'}, t('portal.survey.submit'));
  const form = h('form', {class: 'survey-form', novalidate: true},
    errorBox,
    scaleGroup('csat', prefix),
    yesNoGroup(prefix),
    scaleGroup('ces', prefix),
    scaleGroup('nps', prefix),
    h('div', {class: 'field'},
      h('label', {for: `${prefix}-comment`}, t('portal.survey.comment_label'), ' ',
        h('span', {class: 'req'}, t('portal.survey.optional'))),
      h('span', {class: 'hint', id: `${prefix}-comment-hint`}, t('portal.survey.comment_hint', {n: MAX_COMMENT})),
      comment),
    button);

  function showError(text, focusId) {
    replace(errorBox, h('p', {}, focusId
      ? h('a', {href: `#${focusId}`, onclick: (e) => {
        e.preventDefault();
        document.getElementById(focusId).focus();
      }}, text)
      : text));
    errorBox.hidden = false;
    errorBox.focus();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    form.querySelector(`#${prefix}-csat`).removeAttribute('aria-invalid');
    errorBox.hidden = true;
    const csat = picked(form, `${prefix}-csat`);
    if (!csat) {
      form.querySelector(`#${prefix}-csat`).setAttribute('aria-invalid', 'true');
      return showError(t('portal.survey.csat_required'), `${prefix}-csat-1`);
    }
    const fcr = picked(form, `${prefix}-fcr`);
    const ces = picked(form, `${prefix}-ces`);
    const nps = picked(form, `${prefix}-nps`);
    const body = {csat: Number(csat)};
    if (fcr) body.fcr = fcr === 'yes';
    if (ces) body.ces = Number(ces);
    if (nps) body.nps = Number(nps);
    const text = comment.value.trim();
    if ([...text].length > MAX_COMMENT) return showError(t('portal.survey.comment_long', {n: MAX_COMMENT}), comment.id);
    if (text) body.comment = text;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await submit(body);
      replace(root, thanks(Hn, t('portal.survey.thanks_text')));
      root.querySelector(Hn).focus();
      announce(t('portal.survey.thanks_h'));
    } catch (err) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
      if (err && err.code === 'survey_answered') {
        replace(root, thanks(Hn, t('portal.survey.already')));
        root.querySelector(Hn).focus();
      } else {
        showError(err && err.status && err.status < 500 && err.message ? err.message : t('common.error_generic'));
      }
    }
  });
  replace(root, form);
}

function thanks(Hn, text) {
  return h('div', {class: 'survey-thanks alert alert-ok'},
    h(Hn, {tabindex: '-1'}, t('portal.survey.thanks_h')),
    h('p', {}, text));
}
