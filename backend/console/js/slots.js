// slots.js — appointment slots that kiosks offer: the week's calendar, one slot or a
// term's at once (a weekly pattern, or a week copied), previewed before they are
// published; cancelling a booked slot asks first, naming the requests it affects, and
// each of them can then be moved onto another free slot.

import { h, pageHeading, replace } from './dom.js';
import { t, pickText } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime, helsinkiToUtc, parseClock } from './format.js';
import { dataTable } from './table.js';
import { confirmDialog } from './dialogs.js';
import { weekView, weekRange, addDays } from './week.js';

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
  const moveSection = h('section', { class: 'card move-requests', 'aria-labelledby': 'slots-move-heading' });
  let organisations = null;
  let upcoming = [];
  // Requests of a slot just cancelled, still to be given a new time: [{request, from}].
  let needNewTime = ctx.state.needNewTime || [];
  let week = null;

  function organisationName(id) {
    if (!id)
      return t('slots.noPlace');
    const found = organisations?.find((one) => one.id === id);
    return found ? pickText(found.name) : id;
  }

  // The requests holding a place in @slot (the queue's open ones; each read is audited).
  async function requestsIn(slot) {
    if (!slot.taken)
      return [];
    const data = await api.get('appointments');
    return data.appointments.filter((one) => one.slot === slot.id && !one.needs_new_time);
  }

  const who = (request) => (request.name ? `${request.reference} (${request.name})` : request.reference);

  async function cancel(slot) {
    listError.textContent = '';
    let affected;
    try {
      affected = await requestsIn(slot);
    } catch (error) {
      listError.textContent = errorMessage(error);
      return;
    }
    // Cancelling takes the slot off every kiosk and leaves its requests without a time.
    const sure = await confirmDialog({
      title: t('slots.confirmCancelTitle'),
      question: affected.length
        ? t('slots.confirmCancelBooked', { when: formatTime(slot.starts_at),
                                           requests: affected.map(who).join(', ') })
        : t('slots.confirmCancel', { when: formatTime(slot.starts_at), taken: slot.taken }),
      confirm: t('slots.confirmCancelYes'),
      cancel: t('editor.keep'),
      danger: true,
    });
    if (!sure)
      return;
    try {
      const result = await api.post('slots/cancel', { id: slot.id });
      needNewTime = needNewTime.concat(affected.map((request) => ({ request, from: slot })));
      await refresh();
      // Said once the page shows it: the requests to move are listed with their free slots.
      ctx.announce(t('slots.cancelled', { count: result.flagged }));
    } catch (error) {
      listError.textContent = errorMessage(error);
    }
  }

  // The next free slots for @from's request: the same place and kind first, then by time.
  function nextFree(from) {
    const same = (slot) => (slot.organisation === from.organisation && slot.kind === from.kind ? 0 : 1);
    return upcoming.filter((slot) => !slot.cancelled && slot.taken < slot.capacity
                                     && slot.id !== from.id && new Date(slot.starts_at) > new Date())
      .sort((a, b) => same(a) - same(b) || a.starts_at.localeCompare(b.starts_at))
      .slice(0, 5);
  }

  async function move(entry, select, error) {
    error.textContent = '';
    try {
      const moved = await api.post('slots/move', { request: entry.request.id, slot: select.value });
      needNewTime = needNewTime.filter((one) => one !== entry);
      await refresh();
      ctx.announce(t('slots.moved', { reference: entry.request.reference,
                                      when: formatTime(moved.slot_starts_at) }));
      (moveSection.querySelector('select') || moveSection.querySelector('h2') || main).focus();
    } catch (failure) {
      error.textContent = errorMessage(failure);
    }
  }

  // Every open request still waiting for a new time (its slot was cancelled, or full
  // when the kiosk sent it), read from the queue only when asked: each read is audited.
  async function findWaiting(button) {
    listError.textContent = '';
    try {
      const data = await api.get('appointments');
      const known = new Set(needNewTime.map((entry) => entry.request.id));
      const waiting = data.appointments.filter((one) => one.needs_new_time && one.slot
                                                          && !known.has(one.id));
      needNewTime = needNewTime.concat(waiting.map((request) => ({
        request,
        from: upcoming.find((slot) => slot.id === request.slot)
          || { id: request.slot, starts_at: request.slot_starts_at },
      })));
      ctx.state.needNewTime = needNewTime;
      drawMoves();
      ctx.announce(t('slots.waitingFound', { count: needNewTime.length }));
      if (needNewTime.length)
        moveSection.querySelector('h2').focus();
      else
        button.focus();
    } catch (error) {
      listError.textContent = errorMessage(error);
    }
  }

  function drawMoves() {
    if (!needNewTime.length) {
      replace(moveSection);
      return;
    }
    const headingId = 'slots-move-heading';
    replace(moveSection, h('h2', { id: headingId, tabindex: '-1' }, t('slots.needNewTime')),
      h('p', { class: 'lead' }, t('slots.needNewTimeIntro')),
      h('ul', { class: 'move-list', 'aria-labelledby': headingId }, needNewTime.map((entry) => {
        const free = nextFree(entry.from);
        const error = h('p', { class: 'error-text', role: 'alert' });
        if (!free.length)
          return h('li', {}, h('p', {}, t('slots.moveWhat', { request: who(entry.request),
                                                              when: formatTime(entry.from.starts_at) })),
            h('p', { class: 'empty' }, t('slots.noFreeSlot')));
        const choice = field({
          label: t('slots.moveTo', { reference: entry.request.reference }),
          options: free.map((slot) => ({ value: slot.id, label: `${formatTime(slot.starts_at)} – ${
            organisationName(slot.organisation)} – ${t(`slotKind.${slot.kind}`)}` })),
        });
        return h('li', {}, h('p', {}, t('slots.moveWhat', { request: who(entry.request),
                                                            when: formatTime(entry.from.starts_at) })),
          h('div', { class: 'toolbar' }, choice.element,
            h('button', { type: 'button', on: { click: () => move(entry, choice.input, error) } },
              t('slots.move', { reference: entry.request.reference }))),
          error);
      })));
  }

  // Loads may overlap (the page's first, then one after a change): only the latest is
  // drawn, so that free slots are never chosen from what was there before the change.
  let loads = 0;
  async function load() {
    const mine = ++loads;
    try {
      const data = await api.get('slots');
      if (mine !== loads)
        return;
      upcoming = data.slots;
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
      if (mine === loads)
        replace(list, h('p', { class: 'error-text' }, errorMessage(error)));
    }
  }

  // After any change: the list, the week and the requests to move.
  async function refresh() {
    ctx.state.needNewTime = needNewTime;
    await Promise.all([load(), week?.load()]);
    drawMoves();
  }

  function buildForm() {
    // Built again when the directory arrives (the place becomes a list): what the advisor
    // had typed by then stays, field by field.
    const typed = new Map([...form.querySelectorAll('[data-field]')]
      .map((input) => [input.dataset.field, input.value]));
    const focused = document.activeElement?.closest?.('form') === form
      ? document.activeElement.dataset.field : null;
    const place = placeField('organisation');
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
    for (const input of form.querySelectorAll('[data-field]')) {
      const value = typed.get(input.dataset.field);
      // A place typed as an id is kept only if the list has it.
      if (value !== undefined && (input.tagName !== 'SELECT'
          || [...input.options].some((option) => option.value === value)))
        input.value = value;
      if (focused && input.dataset.field === focused)
        input.focus();
    }
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
        await refresh();
      } catch (error) {
        showError(form, error);
      }
    };
  }

  const pattern = h('form', { class: 'card', novalidate: true });
  const copy = h('form', { class: 'card', novalidate: true });
  // The copy is of the week shown: its form follows the calendar.
  week = weekView({ state: ctx.state, placeName: organisationName,
                    changed: () => buildCopy(copy, ctx, refresh) });
  const find = h('button', { type: 'button', class: 'secondary', on: { click: () => findWaiting(find) } },
    t('slots.findWaiting'));
  main.append(pageHeading(t('slots.title')), h('p', { class: 'lead' }, t('slots.intro')),
    h('div', { class: 'toolbar' }, find), moveSection, week.element, form, pattern, copy,
    h('h2', {}, t('slots.upcoming')), listError, list);
  buildForm();
  loadOrganisations().then((found) => {
    organisations = found;
    if (found)
      buildForm();
    buildPattern(pattern, placeField, ctx, refresh);
    buildCopy(copy, ctx, refresh);
    refresh();
  });

  // The place: a list when the directory is there to choose from, else its id.
  function placeField(path, label) {
    const placeOptions = [{ value: '', label: t('slots.noPlace') }].concat(
      (organisations || []).map((one) => ({ value: one.id, label: pickText(one.name) })));
    return organisations
      ? field({ label: label || t('slots.place'), field: path, options: placeOptions })
      : field({ label: label || t('slots.placeId'), field: path, hint: t('slots.placeIdHint') });
  }
}

// Dates as an advisor writes them, "6.1.2027" or "2027-01-06", apart by commas or spaces;
// null when one is no date.
function parseDates(text) {
  const dates = [];
  for (const word of (text || '').split(/[\s,;]+/).filter(Boolean)) {
    let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
    let parts = match ? [match[1], match[2], match[3]] : null;
    match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(word);
    if (match)
      parts = [match[3], match[2], match[1]];
    if (!parts)
      return null;
    dates.push(`${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}`);
  }
  return dates;
}

const REFUSALS = ['slot-in-past', 'duplicate-slot', 'overlapping-slot'];

// A batch's form: Preview asks the server what would be made and what is refused and
// why; only then can it be published, and a change to the form asks for a new preview.
function batchForm(form, { heading, intro, fields, body, ctx, published }) {
  const preview = h('div', { class: 'batch-preview', role: 'region', 'aria-label': t('batch.previewLabel'),
                             tabindex: '-1' });
  const forget = () => replace(preview);
  replace(form, h('h2', {}, heading), h('p', { class: 'hint' }, intro), errorRegion(),
    h('div', { class: 'grid' }, fields.filter((one) => !one.wide).map((one) => one.element)),
    fields.filter((one) => one.wide).map((one) => one.element),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('batch.preview'))),
    preview);
  form.addEventListener('input', forget);
  form.addEventListener('change', forget);

  async function send(asPreview) {
    clearErrors(form);
    const request = body();
    if (request.local) {
      showError(form, request);
      return null;
    }
    try {
      return await api.post('slots/batch', { preview: asPreview, ...request });
    } catch (error) {
      forget();
      showError(form, error);
      return null;
    }
  }

  form.onsubmit = async (event) => {
    event.preventDefault();
    const result = await send(true);
    if (!result)
      return;
    const refused = result.slots.filter((slot) => slot.refused);
    const publish = h('button', { type: 'button', disabled: result.accepted === 0 },
      t('batch.publish', { count: result.accepted }));
    publish.addEventListener('click', async () => {
      const done = await send(false);
      if (!done)
        return;
      forget();
      ctx.announce(t('batch.published', { count: done.accepted, refused: done.refused }));
      await published();
    });
    replace(preview, h('h3', {}, t('batch.previewTitle')),
      h('p', {}, t('batch.summary', { total: result.slots.length, count: result.accepted, refused: result.refused })),
      refused.length ? h('ul', { class: 'refused-list' }, refused.slice(0, 50).map((slot) =>
        h('li', {}, t('batch.refusedItem', { when: formatTime(slot.starts_at),
                                              reason: t(REFUSALS.includes(slot.refused)
                                                ? `errorCode.${slot.refused}` : 'error.invalid', { detail: '' }) })))) : null,
      refused.length > 50 ? h('p', {}, t('batch.more', { count: refused.length - 50 })) : null,
      h('div', { class: 'actions' }, publish));
    preview.focus();
  };
}

function buildPattern(form, placeField, ctx, published) {
  // Labels of their own: the single slot's form is on the same page.
  const place = placeField('pattern.organisation', t('batch.place'));
  const kind = field({ label: t('batch.kind'), field: 'pattern.kind', required: true,
                       options: KINDS.map((value) => ({ value, label: t(`slotKind.${value}`) })) });
  const from = field({ label: t('batch.from'), field: 'pattern.from', type: 'date', required: true });
  const to = field({ label: t('batch.to'), field: 'pattern.to', type: 'date', required: true });
  const clockAttrs = { inputmode: 'decimal', autocomplete: 'off', size: 6 };
  const start = field({ label: t('batch.start'), field: 'pattern.start', required: true,
                        hint: t('slots.startsHint'), attrs: clockAttrs });
  const end = field({ label: t('batch.end'), field: 'pattern.end', required: true, attrs: clockAttrs });
  const duration = field({ label: t('batch.duration'), field: 'pattern.duration_minutes', type: 'number',
                           value: '30', required: true, attrs: { min: 5, max: 480, step: 5 } });
  const capacity = field({ label: t('batch.capacity'), field: 'pattern.capacity', type: 'number',
                           value: '1', required: true, attrs: { min: 1, max: 100 } });
  const skip = field({ label: t('batch.skip'), field: 'pattern.skip', hint: t('batch.skipHint'),
                       wide: true, attrs: { autocomplete: 'off' } });
  const days = [1, 2, 3, 4, 5, 6, 7].map((day) => field({ label: t(`weekday.${day}`), type: 'checkbox',
                                                          field: `pattern.weekdays[${day - 1}]` }));
  const weekdays = { wide: true, element: h('fieldset', { class: 'weekdays' },
    h('legend', {}, t('batch.weekdays')), h('div', { class: 'check-row' }, days.map((one) => one.element))) };
  batchForm(form, {
    heading: t('batch.patternTitle'),
    intro: t('batch.patternIntro'),
    fields: [place, kind, from, to, start, end, duration, capacity, weekdays, skip],
    ctx,
    published,
    body() {
      const chosen = days.map((one, index) => (one.input.checked ? index + 1 : 0)).filter(Boolean);
      if (!chosen.length)
        return { local: true, field: 'pattern.weekdays[0]', message: t('batch.weekdaysMissing') };
      for (const [one, missing] of [[from, 'batch.fromMissing'], [to, 'batch.toMissing']])
        if (!one.input.value)
          return { local: true, field: one.input.dataset.field, message: t(missing) };
      const times = [start, end].map((one) => parseClock(one.input.value));
      for (const [index, one] of [start, end].entries())
        if (!times[index])
          return { local: true, field: one.input.dataset.field, message: t('errorCode.invalid-time') };
      const dates = parseDates(skip.input.value);
      if (!dates)
        return { local: true, field: 'pattern.skip', message: t('errorCode.invalid-date') };
      return { pattern: {
        organisation: place.input.value.trim() || null,
        kind: kind.input.value,
        from: from.input.value,
        to: to.input.value,
        weekdays: chosen,
        start: times[0],
        end: times[1],
        duration_minutes: Number(duration.input.value),
        capacity: Number(capacity.input.value),
        skip: dates,
      } };
    },
  });
}

function buildCopy(form, ctx, published) {
  const to = field({ label: t('batch.copyTo'), field: 'copy.to', type: 'date', required: true,
                     value: addDays(ctx.state.week, 7) });
  const weeks = field({ label: t('batch.weeks'), field: 'copy.weeks', type: 'number', value: '1',
                        required: true, attrs: { min: 1, max: 52 } });
  batchForm(form, {
    heading: t('batch.copyTitle'),
    intro: t('batch.copyIntro', { range: weekRange(ctx.state.week) }),
    fields: [to, weeks],
    ctx,
    published,
    body() {
      if (!to.input.value)
        return { local: true, field: 'copy.to', message: t('batch.copyToMissing') };
      return { copy: { week: ctx.state.week, to: to.input.value, weeks: Number(weeks.input.value) } };
    },
  });
}
