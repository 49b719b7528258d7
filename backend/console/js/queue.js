// queue.js — residents' appointment requests: call them, then record the outcome.
// Every list shown is audited on the server (the names and phone numbers in it).

import { h, pageHeading, replace } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { errorMessage } from './forms.js';
import { formatTime } from './format.js';
import { dataTable } from './table.js';

export const OUTCOMES = ['solved', 'referred', 'home-visit-booked', 'no-answer', 'cancelled'];

function when(request) {
  if (request.slot_starts_at)
    return formatTime(request.slot_starts_at);
  const days = (request.preferred_days || []).map((day) => t(`day.${day}`)).join(', ');
  const time = request.preferred_time ? t(`time.${request.preferred_time}`) : '';
  return [days, time].filter(Boolean).join(' · ');
}

function stateCell(request) {
  const parts = [t(`state.${request.state}`)];
  if (request.outcome)
    parts.push(` – ${t(`outcome.${request.outcome}`)}`);
  const cell = h('span', {}, parts.join(''));
  if (request.needs_new_time)
    return [cell, h('span', { class: 'badge warning' }, t('queue.needsNewTime'))];
  return cell;
}

// The reason, and where in a guide the resident got stuck when they asked from one.
function reasonCell(request) {
  const reason = h('span', {}, t(`reason.${request.reason}`));
  if (!request.guide)
    return reason;
  return [reason, h('span', { class: 'cell-note' },
                    t('queue.fromGuide', { guide: request.guide, step: String(request.guide_step) }))];
}

export function renderQueue(main, ctx) {
  ctx.setTitle(t('queue.title'));
  const showAll = h('input', { type: 'checkbox', id: 'queue-all', checked: Boolean(ctx.state.all) });
  const error = h('div', { class: 'form-error', role: 'alert' });
  const list = h('div', { class: 'queue-list' }, h('p', {}, t('app.loading')));

  async function mark(request, state, outcome) {
    error.textContent = '';
    try {
      const body = { id: request.id, state };
      if (outcome)
        body.outcome = outcome;
      const updated = await api.post('appointments/mark', body);
      ctx.announce(t('queue.marked', { reference: updated.reference,
                                       state: t(`state.${updated.state}`) }));
      await load();
    } catch (failure) {
      error.textContent = errorMessage(failure);
    }
  }

  function actions(request) {
    if (request.state === 'done')
      return '';
    const controls = [];
    if (request.state === 'open')
      controls.push(h('button', {
        type: 'button',
        'aria-label': t('queue.markContactedFor', { reference: request.reference }),
        on: { click: () => mark(request, 'contacted') },
      }, t('queue.markContacted')));
    const selectId = `outcome-${request.id}`;
    const select = h('select', { id: selectId },
      OUTCOMES.map((outcome) => h('option', { value: outcome }, t(`outcome.${outcome}`))));
    controls.push(h('span', { class: 'inline-field' },
      h('label', { for: selectId, class: 'visually-hidden' },
        t('queue.outcomeFor', { reference: request.reference })),
      select,
      h('button', {
        type: 'button',
        'aria-label': t('queue.markDoneFor', { reference: request.reference }),
        on: { click: () => mark(request, 'done', select.value) },
      }, t('queue.markDone'))));
    return h('div', { class: 'row-actions' }, controls);
  }

  async function load() {
    try {
      const data = await api.get('appointments', ctx.state.all ? { all: 1 } : {});
      replace(list, dataTable({
        caption: t('queue.caption'),
        empty: t('queue.empty'),
        rows: data.appointments,
        columns: [
          { label: t('queue.reference'), cell: (r) => h('span', { class: 'reference' }, r.reference) },
          { label: t('queue.received'), cell: (r) => formatTime(r.received || r.created) },
          { label: t('queue.reason'), cell: reasonCell },
          { label: t('queue.contact'), cell: (r) => t(`contact.${r.contact_method}`) },
          { label: t('queue.when'), cell: when },
          { label: t('queue.name'), cell: (r) => r.name ?? t('queue.purged') },
          { label: t('queue.phone'), cell: (r) => (r.phone ? h('a', { href: `tel:${r.phone}` }, r.phone) : '') },
          { label: t('queue.state'), cell: stateCell },
          { label: t('queue.actions'), cell: actions },
        ],
      }));
    } catch (failure) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(failure)));
    }
  }

  showAll.addEventListener('change', () => {
    ctx.state.all = showAll.checked;
    load();
  });

  main.append(
    pageHeading(t('queue.title')),
    h('p', { class: 'lead' }, t('queue.intro')),
    h('div', { class: 'toolbar' },
      h('div', { class: 'field field-check' }, showAll,
        h('label', { for: 'queue-all' }, t('queue.showAll')))),
    error,
    list);
  load();
}
