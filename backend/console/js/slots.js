// slots.js — appointment slots that kiosks offer: publish and cancel.

import { h, pageHeading, replace } from './dom.js';
import { t, pickText } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime, helsinkiToUtc, parseClock } from './format.js';
import { dataTable } from './table.js';
import { confirmDialog } from './dialogs.js';

const KINDS = ['digital-support', 'service-counselling', 'home-visit'];

// Organisation names by id, when the content API is there to give them.
async function loadOrganisations() {
  try {
    const data = await api.get('organisations');
    return data.organisations;
  } catch (error) {
    return null;
  }
}

export function renderSlots(main, ctx) {
  ctx.setTitle(t('slots.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const listError = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card', novalidate: true });
  let organisations = null;

  function organisationName(id) {
    if (!id)
      return t('slots.noPlace');
    const found = organisations?.find((one) => one.id === id);
    return found ? pickText(found.name) : id;
  }

  async function cancel(slot) {
    listError.textContent = '';
    // Cancelling takes the slot off every kiosk and leaves its requests without a time.
    const sure = await confirmDialog({
      title: t('slots.confirmCancelTitle'),
      question: t('slots.confirmCancel', { when: formatTime(slot.starts_at), taken: slot.taken }),
      confirm: t('slots.confirmCancelYes'),
      cancel: t('editor.keep'),
      danger: true,
    });
    if (!sure)
      return;
    try {
      const result = await api.post('slots/cancel', { id: slot.id });
      ctx.announce(t('slots.cancelled', { count: result.flagged }));
      await load();
    } catch (error) {
      listError.textContent = errorMessage(error);
    }
  }

  async function load() {
    try {
      const data = await api.get('slots');
      replace(list, dataTable({
        caption: t('slots.caption'),
        empty: t('slots.empty'),
        rows: data.slots,
        columns: [
          { label: t('slots.starts'), cell: (s) => formatTime(s.starts_at) },
          { label: t('slots.kind'), cell: (s) => t(`slotKind.${s.kind}`) },
          { label: t('slots.place'), cell: (s) => organisationName(s.organisation) },
          { label: t('slots.duration'), numeric: true, cell: (s) => String(s.duration_minutes) },
          { label: t('slots.taken'), numeric: true, cell: (s) => `${s.taken ?? 0} / ${s.capacity}` },
          { label: t('slots.state'), cell: (s) => (s.cancelled ? t('slots.isCancelled') : t('slots.isOpen')) },
          { label: t('queue.actions'), cell: (s) => (s.cancelled ? '' : h('button', {
            type: 'button', class: 'danger',
            'aria-label': t('slots.cancelFor', { when: formatTime(s.starts_at) }),
            on: { click: () => cancel(s) },
          }, t('slots.cancel'))) },
        ],
      }));
    } catch (error) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(error)));
    }
  }

  function buildForm() {
    const placeOptions = [{ value: '', label: t('slots.noPlace') }].concat(
      (organisations || []).map((one) => ({ value: one.id, label: pickText(one.name) })));
    const place = organisations
      ? field({ label: t('slots.place'), field: 'organisation', options: placeOptions })
      : field({ label: t('slots.placeId'), field: 'organisation', hint: t('slots.placeIdHint') });
    const kind = field({ label: t('slots.kind'), field: 'kind', required: true,
                         options: KINDS.map((value) => ({ value, label: t(`slotKind.${value}`) })) });
    const day = field({ label: t('slots.day'), field: 'starts_at.day', type: 'date', required: true });
    // A time as the advisor writes it: 10.00, 10:00 or 10.
    const starts = field({ label: t('slots.starts'), field: 'starts_at', required: true,
                           hint: t('slots.startsHint'),
                           attrs: { inputmode: 'decimal', autocomplete: 'off', size: 6 } });
    const duration = field({ label: t('slots.duration'), field: 'duration_minutes', type: 'number',
                             value: '30', required: true, attrs: { min: 5, max: 480, step: 5 } });
    const capacity = field({ label: t('slots.capacity'), field: 'capacity', type: 'number',
                             value: '1', required: true, attrs: { min: 1, max: 100 } });
    replace(form, h('h2', {}, t('slots.new')), errorRegion(),
      h('div', { class: 'grid' }, day.element, starts.element, kind.element, place.element, duration.element,
        capacity.element),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('slots.publish'))));
    form.onsubmit = async (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!day.input.value) {
        showError(form, { local: true, field: 'starts_at.day', message: t('slots.dayMissing') });
        return;
      }
      const clock = parseClock(starts.input.value);
      if (!clock || clock === '24:00') {
        showError(form, { local: true, field: 'starts_at',
                          message: t(starts.input.value.trim() ? 'errorCode.invalid-time' : 'slots.startsMissing') });
        return;
      }
      const startsAt = helsinkiToUtc(`${day.input.value}T${clock}`);
      try {
        await api.post('slots', {
          organisation: place.input.value.trim() || null,
          kind: kind.input.value,
          starts_at: startsAt,
          duration_minutes: Number(duration.input.value),
          capacity: Number(capacity.input.value),
        });
        ctx.announce(t('slots.published'));
        starts.input.value = '';
        await load();
      } catch (error) {
        showError(form, error);
      }
    };
  }

  main.append(pageHeading(t('slots.title')), h('p', { class: 'lead' }, t('slots.intro')), form,
    h('h2', {}, t('slots.upcoming')), listError, list);
  buildForm();
  loadOrganisations().then((found) => {
    organisations = found;
    if (found)
      buildForm();
    load();
  });
}
