// funnels.js — funnels an evaluator defines: a name and 2–8 steps, each a kind of event
// with an optional exact subject, detail and value; saved on the server (each change
// audited) and counted for the reports' period and kiosks: how many visits went through
// the steps in order (backend/api/server-staff-funnels-api.c, docs/events.md "Funnels").
// Names and conditions typed by evaluators are shown as text only.

import { h, pageHeading, replace } from './dom.js';
import { t, getLanguage, pickText } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatDay } from './format.js';
import { dataTable } from './table.js';
import { confirmDialog } from './dialogs.js';
import { filterForm, period, sectionNav, reportDataTable, barChart, kioskNames } from './reports.js';

// As common/nv-event.c lists them (tests/console/test-funnels.mjs compares).
export const EVENT_TYPES = [
  'session_start', 'session_end', 'screen_view', 'guide_view', 'step_view', 'guide_complete',
  'feedback', 'search', 'organisation_view', 'qr_shown', 'read_aloud', 'setting_changed',
  'appointment_started', 'appointment_step', 'appointment_abandoned', 'appointment_submitted',
  'info_reported', 'survey_offered', 'survey_found', 'survey_score', 'survey_statement',
];
const MIN_STEPS = 2;
const MAX_STEPS = 8;

const blankStep = () => ({ type: 'guide_view', subject: '', detail: '', value: '' });

// A step's conditions in words, each id or code by the name the server gives it
// (@labels, as a report table's): "Guide opened: Omaolo, value 2".
function stepText(step, labels) {
  const named = (column, value) => pickText(labels?.[column]?.[value]) || value;
  const parts = [['subject', step.subject], ['detail', step.detail]]
    .filter(([, part]) => part !== null && part !== '')
    .map(([column, part]) => named(column, part));
  if (step.value !== null && step.value !== '')
    parts.push(t('funnels.valueIs', { value: String(step.value) }));
  const type = t(`eventType.${step.type}`);
  return parts.length ? `${type}: ${parts.join(', ')}` : type;
}

export function renderFunnels(main, ctx) {
  const title = `${t('reports.title')}: ${t('section.funnels')}`;
  ctx.setTitle(title);
  let funnels = [];
  let editing = null; // the funnel being changed; null: a new one
  let steps = [blankStep(), blankStep()];
  let shown = null; // the id of the funnel whose counts are shown

  const list = h('div', {}, h('p', {}, t('app.loading')));
  const listError = h('div', { class: 'form-error', role: 'alert' });
  const result = h('div', { class: 'report', 'aria-live': 'polite', 'aria-busy': 'false' });
  const picker = field({ label: t('funnels.pick'), field: 'id', options: [] });
  const name = field({ label: t('funnels.name'), field: 'funnel.name', required: true,
                       hint: t('funnels.nameHint'), attrs: { maxlength: 80 }, wide: true });
  const stepList = h('ol', { class: 'funnel-steps' });
  const addStep = h('button', { type: 'button', class: 'secondary' }, t('funnels.addStep'));
  const formTitle = h('h2', { id: 'funnel-form-title' }, t('funnels.newTitle'));
  const save = h('button', { type: 'submit' }, t('funnels.save'));
  const cancel = h('button', { type: 'button', class: 'secondary', on: { click: () => edit(null) } },
    t('funnels.cancelEdit'));
  const actions = h('div', { class: 'form-actions' }, save);
  const form = h('form', { class: 'stack', novalidate: true },
    errorRegion(), name.element,
    h('fieldset', {}, h('legend', {}, t('funnels.steps')),
      h('p', { class: 'hint' }, t('funnels.stepsHint')), stepList, addStep),
    actions);

  // What the step inputs hold now, kept before the list is drawn again.
  function readSteps() {
    steps = [...stepList.querySelectorAll('li')].map((item) => ({
      type: item.querySelector('[data-part="type"]').value,
      subject: item.querySelector('[data-part="subject"]').value,
      detail: item.querySelector('[data-part="detail"]').value,
      value: item.querySelector('[data-part="value"]').value,
    }));
  }

  function move(index, by) {
    readSteps();
    const [step] = steps.splice(index, 1);
    steps.splice(index + by, 0, step);
    drawSteps();
    ctx.announce(t('funnels.moved', { step: String(index + by + 1) }));
  }

  function drawSteps() {
    replace(stepList, steps.map((step, index) => {
      const number = String(index + 1);
      const path = `funnel.steps[${index}]`;
      const type = field({ label: t('funnels.type'), field: `${path}.type`, value: step.type,
                           options: EVENT_TYPES.map((value) => ({ value, label: t(`eventType.${value}`) })) });
      const subject = field({ label: t('funnels.subject'), field: `${path}.subject`, value: step.subject,
                              attrs: { maxlength: 200 } });
      const detail = field({ label: t('funnels.detail'), field: `${path}.detail`, value: step.detail,
                             attrs: { maxlength: 64 } });
      const value = field({ label: t('funnels.value'), field: `${path}.value`, value: step.value,
                            type: 'number', attrs: { min: 0, step: 1 } });
      type.input.dataset.part = 'type';
      subject.input.dataset.part = 'subject';
      detail.input.dataset.part = 'detail';
      value.input.dataset.part = 'value';
      const button = (label, aria, disabled, click) => h('button', {
        type: 'button', class: 'secondary', 'aria-label': aria, disabled, on: { click },
      }, label);
      return h('li', {}, h('fieldset', { class: 'funnel-step' },
        h('legend', {}, t('funnels.step', { step: number })),
        h('div', { class: 'grid' }, type.element, subject.element, detail.element, value.element),
        h('div', { class: 'actions' },
          button(t('funnels.up'), t('funnels.upFor', { step: number }), index === 0, () => move(index, -1)),
          ' ',
          button(t('funnels.down'), t('funnels.downFor', { step: number }), index === steps.length - 1,
            () => move(index, 1)),
          ' ',
          button(t('funnels.remove'), t('funnels.removeFor', { step: number }), steps.length <= MIN_STEPS,
            () => { readSteps(); steps.splice(index, 1); drawSteps(); }))));
    }));
    addStep.disabled = steps.length >= MAX_STEPS;
  }

  addStep.addEventListener('click', () => {
    readSteps();
    steps.push(blankStep());
    drawSteps();
    stepList.querySelector('li:last-child select').focus();
  });

  function edit(funnel) {
    editing = funnel;
    clearErrors(form);
    name.input.value = funnel ? funnel.name : '';
    steps = funnel
      ? funnel.steps.map((step) => ({ type: step.type, subject: step.subject ?? '',
                                      detail: step.detail ?? '', value: step.value ?? '' }))
      : [blankStep(), blankStep()];
    drawSteps();
    formTitle.textContent = funnel ? t('funnels.editTitle', { name: funnel.name }) : t('funnels.newTitle');
    replace(actions, save, funnel ? cancel : null);
    if (funnel)
      name.input.focus();
  }

  async function remove(funnel) {
    listError.textContent = '';
    if (!await confirmDialog({
      title: t('funnels.deleteTitle'),
      question: t('funnels.deleteQuestion', { name: funnel.name }),
      confirm: t('funnels.delete'),
      cancel: t('funnels.keep'),
      danger: true,
    }))
      return;
    try {
      await api.post('funnels/delete', { id: funnel.id });
      if (editing?.id === funnel.id)
        edit(null);
      if (shown === funnel.id) {
        shown = null;
        replace(result);
      }
      ctx.announce(t('funnels.deleted', { name: funnel.name }));
      await loadList();
    } catch (failure) {
      listError.textContent = errorMessage(failure);
    }
  }

  async function loadList() {
    try {
      funnels = (await api.get('funnels')).funnels;
    } catch (failure) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(failure)));
      return;
    }
    replace(list, dataTable({
      caption: t('funnels.caption'),
      empty: t('funnels.empty'),
      rows: funnels,
      columns: [
        { label: t('funnels.name'), cell: (f) => f.name },
        { label: t('funnels.steps'), cell: (f) => f.steps.map((step) => stepText(step, f.labels)).join(' → ') },
        { label: t('reports.actions'), cell: (f) => [
          h('button', { type: 'button', class: 'secondary', 'aria-label': t('funnels.editFor', { name: f.name }),
                        on: { click: () => edit(f) } }, t('funnels.edit')),
          ' ',
          h('button', { type: 'button', class: 'danger', 'aria-label': t('funnels.deleteFor', { name: f.name }),
                        on: { click: () => remove(f) } }, t('funnels.delete'))] },
      ],
    }));
    replace(picker.input, funnels.length
      ? funnels.map((f) => h('option', { value: f.id, selected: f.id === shown }, f.name))
      : h('option', { value: '' }, t('funnels.empty')));
  }

  async function showCounts(filters) {
    const id = picker.input.value;
    if (!id) {
      replace(result, h('p', { class: 'empty' }, t('funnels.pickFirst')));
      return;
    }
    shown = id;
    result.setAttribute('aria-busy', 'true');
    replace(result, h('p', {}, t('app.loading')));
    try {
      const params = { ...period(), id };
      const data = await api.get('reports/funnel', params);
      const table = data.tables[0];
      const tableTitle = table.title.fi; // the funnel's name, the same in every language
      // The kinds of event, guides, places and codes by the server's names (table.labels).
      const kiosks = await kioskNames(data.kiosks);
      replace(result,
        h('p', { class: 'report-meta' }, t('reports.meta', {
          from: formatDay(data.from), to: formatDay(data.to), threshold: data.threshold,
          kiosks: kiosks.length ? kiosks.join(', ') : t('reports.allKiosks'),
        })),
        h('section', { class: 'report-table', 'aria-labelledby': 'funnel-table' },
          h('h2', { id: 'funnel-table' }, tableTitle),
          h('p', { class: 'hint' }, t('funnels.countsHint')),
          barChart(table, tableTitle, data.threshold),
          reportDataTable(table, tableTitle, 'funnel-table', data.threshold),
          h('p', {}, h('a', { class: 'button secondary', download: '',
                              href: api.staffUrl('reports/funnel', { ...params, format: 'csv', lang: getLanguage() }) },
            t('reports.downloadCsv', { title: tableTitle })))));
    } catch (error) {
      replace(result);
      if (filters)
        showError(filters, error);
      else
        replace(result, h('p', { class: 'error-text', role: 'alert' }, errorMessage(error)));
    } finally {
      result.setAttribute('aria-busy', 'false');
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    readSteps();
    const funnel = {
      name: name.input.value,
      steps: steps.map((step) => ({
        type: step.type,
        subject: step.subject || null,
        detail: step.detail || null,
        value: step.value === '' ? null : Number(step.value),
      })),
    };
    if (editing)
      funnel.id = editing.id;
    try {
      const { id } = await api.post('funnels', { funnel });
      ctx.announce(t('funnels.saved', { name: funnel.name }));
      shown = id;
      edit(null);
      await loadList();
      await showCounts(null);
    } catch (failure) {
      showError(form, failure);
    }
  });

  drawSteps();
  main.append(
    pageHeading(title),
    sectionNav('funnels'),
    h('p', { class: 'lead' }, t('sectionIntro.funnels')),
    h('section', { 'aria-labelledby': 'funnel-list-title' },
      h('h2', { id: 'funnel-list-title' }, t('funnels.listTitle')), listError, list),
    h('section', { 'aria-labelledby': 'funnel-counts-title' },
      h('h2', { id: 'funnel-counts-title' }, t('funnels.countsTitle')),
      h('div', { class: 'field-row' }, picker.element),
      filterForm(showCounts, t('reports.show')),
      result),
    h('section', { 'aria-labelledby': 'funnel-form-title' }, formTitle, form));
  loadList();
}
