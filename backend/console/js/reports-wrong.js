// reports-wrong.js — "This information is wrong": what residents reported at the kiosks
// (one tap and one choice, anonymous) and what staff filed, for advisors to check.

import { h, pageHeading, replace } from './dom.js';
import { t, pickText } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime } from './format.js';
import { dataTable } from './table.js';

// As backend/store/server-store-info-reports.c lists them.
export const WRONG_REASONS = ['hours', 'phone', 'address', 'closed', 'other'];

function placeName(report) {
  return report.organisation_name ?? t('wrong.deletedPlace', { id: report.organisation });
}

function fromCell(report) {
  return report.kiosk !== null ? t('wrong.fromKiosk', { kiosk: report.kiosk })
                               : t('wrong.fromStaff', { name: report.filed_by ?? '' });
}

function stateCell(report) {
  return report.handled === null ? t('wrong.open')
    : t('wrong.handledBy', { name: report.handled_by ?? '', time: formatTime(report.handled) });
}

export function renderWrongInfo(main, ctx) {
  ctx.setTitle(t('wrong.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const listError = h('div', { class: 'form-error', role: 'alert' });

  async function markHandled(report) {
    listError.textContent = '';
    try {
      await api.post('info-reports/handled', { id: report.id });
      ctx.announce(t('wrong.marked', { place: placeName(report) }));
      await load();
    } catch (failure) {
      listError.textContent = errorMessage(failure);
    }
  }

  async function load() {
    try {
      const data = await api.get('info-reports');
      replace(list, dataTable({
        caption: t('wrong.caption'),
        empty: t('wrong.empty'),
        rows: data.reports,
        columns: [
          { label: t('wrong.place'), cell: placeName },
          { label: t('wrong.reason'), cell: (r) => t(`wrongReason.${r.reason}`) },
          { label: t('wrong.reported'), cell: (r) => formatTime(r.created) },
          { label: t('wrong.from'), cell: fromCell },
          { label: t('wrong.state'), cell: stateCell },
          { label: t('queue.actions'), cell: (r) => (r.handled !== null ? '' : h('button', {
            type: 'button',
            'aria-label': t('wrong.markHandledFor', { place: placeName(r) }),
            on: { click: () => markHandled(r) },
          }, t('wrong.markHandled'))) },
        ],
      }));
    } catch (failure) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(failure)));
    }
  }

  // Staff file a report a resident made at the desk: the same place and reason, no more.
  const place = field({ label: t('wrong.place'), field: 'organisation', options: [], required: true });
  const reason = field({
    label: t('wrong.reason'),
    field: 'reason',
    required: true,
    options: WRONG_REASONS.map((value) => ({ value, label: t(`wrongReason.${value}`) })),
  });
  const form = h('form', { class: 'stack', novalidate: true },
    errorRegion(), place.element, reason.element,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit' }, t('wrong.file'))));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const chosen = place.input.selectedOptions[0]?.textContent ?? '';
    try {
      await api.post('info-reports', { organisation: place.input.value, reason: reason.input.value });
      ctx.announce(t('wrong.filed', { place: chosen }));
      await load();
    } catch (failure) {
      showError(form, failure);
    }
  });

  async function loadPlaces() {
    try {
      const data = await api.get('organisations');
      replace(place.input, data.organisations.map((o) => h('option', { value: o.id }, pickText(o.name))));
    } catch (failure) {
      showError(form, failure);
    }
  }

  main.append(
    pageHeading(t('wrong.title')),
    h('p', { class: 'lead' }, t('wrong.intro')),
    listError,
    list,
    h('section', { 'aria-labelledby': 'wrong-file-title' },
      h('h2', { id: 'wrong-file-title' }, t('wrong.fileTitle')),
      form));
  load();
  loadPlaces();
}
