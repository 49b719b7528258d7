// queue.js — residents' appointment requests as an advisor's cases: where each came
// from, in which language, when it was made on the kiosk and when it arrived, the guide
// and step the resident was at, its age, who handles it and its history. Call attempts,
// notes and an outcome chosen on purpose; a finished request is reopened or corrected.
// Every list shown is audited on the server (the names and phone numbers in it).

import { h, pageHeading, replace, uniqueId } from './dom.js';
import { t, pickText, CONTENT_LANGUAGES } from './i18n.js';
import * as api from './api.js';
import { errorMessage } from './forms.js';
import { formatTime } from './format.js';
import { dataTable, paged, matchesSearch } from './table.js';
import { municipalityName } from './municipalities.js';
import { darkKiosksNotice } from './silence.js';
import { dueGuidesNotice } from './guides.js';

export const OUTCOMES = ['solved', 'referred', 'home-visit-booked', 'no-answer', 'cancelled'];
const STATES = ['open', 'contacted', 'done'];
// A request waiting longer than this stands out.
const AGEING_HOURS = 48;
const AGES = [0, 24, 48, 168];
const PAGE_SIZE = 10;
const HOUR_MS = 3600000;

function when(request) {
  if (request.slot_starts_at)
    return formatTime(request.slot_starts_at);
  const days = (request.preferred_days || []).map((day) => t(`day.${day}`)).join(', ');
  const time = request.preferred_time ? t(`time.${request.preferred_time}`) : '';
  return [days, time].filter(Boolean).join(' · ');
}

function ageHours(request) {
  return Math.max(0, (Date.now() - new Date(request.created).getTime()) / HOUR_MS);
}

function ageText(hours) {
  if (hours < 1)
    return t('queue.ageMinutes');
  if (hours < 48)
    return t('queue.ageHours', { hours: Math.floor(hours) });
  return t('queue.ageDays', { days: Math.floor(hours / 24) });
}

function who(actor) {
  return (actor || '').replace(/^(staff|cli):/, '');
}

function kioskLabel(request) {
  if (!request.kiosk_name)
    return request.kiosk;
  const place = request.kiosk_municipality ? municipalityName(request.kiosk_municipality) : '';
  return place ? `${request.kiosk_name} (${place})` : request.kiosk_name;
}

function requestCell(request) {
  return [h('span', { class: 'reference' }, request.reference),
    h('span', { class: 'cell-note' }, kioskLabel(request)),
    h('span', { class: 'cell-note' }, t('queue.speaks', { language: t(`language.${request.language}`) }))];
}

// Made on the kiosk and arrived: both, since an offline kiosk may send a request days later.
function timesCell(request) {
  const hours = ageHours(request);
  const late = new Date(request.received) - new Date(request.created) > HOUR_MS;
  const ageing = request.state !== 'done' && hours >= AGEING_HOURS;
  return [h('span', {}, t('queue.madeAt', { time: formatTime(request.created) })),
    h('span', { class: 'cell-note' }, t('queue.arrivedAt', { time: formatTime(request.received) })),
    late ? h('span', { class: 'cell-note' }, t('queue.arrivedLate')) : null,
    h('span', { class: ageing ? 'badge warning' : 'cell-note' },
      ageing ? t('queue.ageing', { age: ageText(hours) }) : t('queue.age', { age: ageText(hours) }))];
}

// The reason, and where in a guide the resident got stuck: its title and the step's text.
function reasonCell(request) {
  const reason = h('span', {}, t(`reason.${request.reason}`));
  if (!request.guide)
    return reason;
  const title = request.guide_title ? pickText(request.guide_title) : request.guide;
  const parts = [reason, h('span', { class: 'cell-note' },
    t('queue.fromGuide', { guide: title, step: String(request.guide_step) }))];
  if (request.step_text)
    parts.push(h('q', { class: 'cell-note step-text' }, pickText(request.step_text)));
  return parts;
}

function residentCell(request) {
  return [h('span', {}, request.name ?? t('queue.purged')),
    request.phone ? h('a', { class: 'cell-note', href: `tel:${request.phone}` }, request.phone) : null,
    h('span', { class: 'cell-note' }, `${t(`contact.${request.contact_method}`)}: ${when(request)}`)];
}

function historyList(request) {
  if (!request.history.length)
    return null;
  return h('details', { class: 'history' },
    h('summary', {}, t('queue.history', { n: request.history.length })),
    h('ol', {}, request.history.map((change) => {
      const what = [t(`history.${change.action}`)];
      if (change.outcome)
        what.push(t(`outcome.${change.outcome}`));
      return h('li', {},
        h('span', {}, `${formatTime(change.time)} · ${who(change.actor)} · ${what.join(': ')}`),
        change.note ? h('span', { class: 'cell-note' }, change.note) : null);
    })));
}

function stateCell(request) {
  const parts = [t(`state.${request.state}`)];
  if (request.outcome)
    parts.push(` – ${t(`outcome.${request.outcome}`)}`);
  return [h('span', {}, parts.join('')),
    request.needs_new_time ? h('span', { class: 'badge warning' }, t('queue.needsNewTime')) : null,
    h('span', { class: 'cell-note' },
      request.handler ? t('queue.handledBy', { name: who(request.handler) }) : t('queue.nobody')),
    historyList(request)];
}

export function renderQueue(main, ctx) {
  ctx.setTitle(t('queue.title'));
  const state = ctx.state;
  state.filters ||= { kiosk: '', language: '', state: 'waiting', age: '0', search: '' };
  state.page ||= 0;
  const filters = state.filters;
  const error = h('div', { class: 'form-error', role: 'alert' });
  const list = h('div', { class: 'queue-list' }, h('p', {}, t('app.loading')));
  let requests = [];
  let fetchedAll = null;

  // After a change the list is drawn again: the focus goes back to the row worked on.
  function focusAfter(request, control) {
    const target = list.querySelector(`[data-request="${CSS.escape(request.id)}"][data-control="${control}"]`)
      || list.querySelector(`[data-request="${CSS.escape(request.id)}"]`);
    if (target) {
      target.focus();
      return;
    }
    // The row left this view: the next row's first control, else the list.
    const next = list.querySelector('[data-request]');
    (next || list.querySelector('.table-scroll') || main.querySelector('h1'))?.focus();
  }

  async function act(request, path, body, focusControl, message) {
    error.textContent = '';
    try {
      const updated = await api.post(path, { id: request.id, ...body });
      // Said once the list shows it, so that what is announced is what is on the page.
      await load();
      ctx.announce(message(updated));
      focusAfter(updated, focusControl);
    } catch (failure) {
      error.textContent = errorMessage(failure);
    }
  }

  const marked = (updated) => t('queue.marked', { reference: updated.reference,
    state: t(`state.${updated.state}`) + (updated.outcome ? ` – ${t(`outcome.${updated.outcome}`)}` : '') });

  function button(request, control, label, accessibleName, onClick, className) {
    return h('button', {
      type: 'button', class: className || 'secondary', 'aria-label': accessibleName,
      dataset: { request: request.id, control }, on: { click: onClick },
    }, label);
  }

  // The outcome, chosen on purpose: no default, and Mark done says so when none is chosen.
  function outcomeControls(request) {
    const selectId = uniqueId('outcome');
    const noteId = `${selectId}-error`;
    const done = request.state === 'done';
    const select = h('select', { id: selectId, dataset: { request: request.id, control: 'outcome' } },
      h('option', { value: '' }, t('queue.chooseOutcome')),
      OUTCOMES.filter((outcome) => !done || outcome !== request.outcome)
        .map((outcome) => h('option', { value: outcome }, t(`outcome.${outcome}`))));
    const problem = h('span', { class: 'field-error', id: noteId, hidden: true });
    const submit = button(request, 'done', done ? t('queue.correct') : t('queue.markDone'),
      t(done ? 'queue.correctFor' : 'queue.markDoneFor', { reference: request.reference }), () => {
        if (!select.value) {
          problem.textContent = t('queue.outcomeMissing');
          problem.hidden = false;
          select.setAttribute('aria-invalid', 'true');
          select.setAttribute('aria-describedby', noteId);
          select.focus();
          return;
        }
        act(request, 'appointments/mark', { state: 'done', outcome: select.value }, 'outcome', marked);
      }, 'primary');
    return h('span', { class: 'inline-field' },
      h('label', { for: selectId, class: 'visually-hidden' },
        t(done ? 'queue.correctOutcomeFor' : 'queue.outcomeFor', { reference: request.reference })),
      select, submit, problem);
  }

  function noteControls(request) {
    const id = uniqueId('note');
    const text = h('textarea', { id, rows: 2, maxlength: 2000,
                                 dataset: { request: request.id, control: 'note-text' } });
    return h('details', { class: 'note-box' },
      h('summary', { dataset: { request: request.id, control: 'note' } }, t('queue.addNote')),
      h('label', { for: id }, t('queue.noteFor', { reference: request.reference })),
      text,
      button(request, 'save-note', t('queue.saveNote'), null, () => {
        if (!text.value.trim()) {
          text.focus();
          return;
        }
        act(request, 'appointments/record', { action: 'note', note: text.value.trim() }, 'note',
            (updated) => t('queue.noted', { reference: updated.reference }));
      }));
  }

  function actions(request) {
    const controls = [];
    if (request.state === 'done') {
      controls.push(button(request, 'reopen', t('queue.reopen'),
        t('queue.reopenFor', { reference: request.reference }),
        () => act(request, 'appointments/mark', { state: 'open' }, 'contacted', marked)));
      controls.push(outcomeControls(request));
      return h('div', { class: 'row-actions' }, controls);
    }
    if (request.state === 'open')
      controls.push(button(request, 'contacted', t('queue.markContacted'),
        t('queue.markContactedFor', { reference: request.reference }),
        () => act(request, 'appointments/mark', { state: 'contacted' }, 'no-answer', marked), 'primary'));
    const attempt = (action) => button(request, action, t(`queue.${action === 'no-answer' ? 'noAnswer' : 'leftMessage'}`),
      t(action === 'no-answer' ? 'queue.noAnswerFor' : 'queue.leftMessageFor', { reference: request.reference }),
      () => act(request, 'appointments/record', { action }, action,
                (updated) => t('queue.attempt', { reference: updated.reference })));
    controls.push(attempt('no-answer'), attempt('left-message'));
    controls.push(outcomeControls(request));
    controls.push(noteControls(request));
    return h('div', { class: 'row-actions' }, controls);
  }

  function matches(request) {
    if (filters.state === 'waiting' ? request.state === 'done'
      : filters.state !== 'all' && request.state !== filters.state)
      return false;
    if (filters.kiosk && request.kiosk !== filters.kiosk)
      return false;
    if (filters.language && request.language !== filters.language)
      return false;
    if (Number(filters.age) && ageHours(request) < Number(filters.age))
      return false;
    return matchesSearch(filters.search, [request.reference, request.name, request.phone,
      kioskLabel(request)]);
  }

  function show() {
    // Oldest first, whatever their state: a row stays where it is when it is marked.
    const rows = requests.filter(matches)
      .sort((a, b) => a.created.localeCompare(b.created) || a.id.localeCompare(b.id));
    const { rows: shown, pager } = paged(rows, state, show, {
      size: PAGE_SIZE, label: t('queue.pages'), previous: t('list.previous'), next: t('list.next'),
      pageOf: (params) => t('queue.pageOf', params) });
    replace(list,
      h('p', { class: 'queue-count' }, t('queue.count', { shown: rows.length, total: requests.length })),
      dataTable({
        caption: t('queue.caption'),
        empty: t('queue.empty'),
        rows: shown,
        columns: [
          { label: t('queue.request'), cell: requestCell },
          { label: t('queue.times'), cell: timesCell },
          { label: t('queue.reason'), cell: reasonCell },
          { label: t('queue.resident'), cell: residentCell },
          { label: t('queue.state'), cell: stateCell },
          { label: t('queue.actions'), cell: actions },
        ],
      }),
      pager);
  }

  // Done requests are fetched (and audited) only when they are asked for.
  async function load() {
    const all = filters.state === 'done' || filters.state === 'all';
    try {
      const data = await api.get('appointments', all ? { all: 1 } : {});
      requests = data.appointments;
      fetchedAll = all;
      refreshKiosks();
      show();
    } catch (failure) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(failure)));
    }
  }

  function select(label, key, options) {
    const id = `queue-filter-${key}`;
    const input = h('select', { id, on: { change: () => {
      filters[key] = input.value;
      state.page = 0;
      if (key === 'state' && (filters.state === 'done' || filters.state === 'all') !== fetchedAll)
        load();
      else
        show();
    } } }, options.map(([value, text]) => h('option', { value, selected: value === filters[key] }, text)));
    return { element: h('div', { class: 'field' }, h('label', { for: id }, label), input), input };
  }

  const kioskFilter = select(t('queue.filterKiosk'), 'kiosk', [['', t('queue.anyKiosk')]]);
  function refreshKiosks() {
    const seen = new Map();
    for (const request of requests)
      seen.set(request.kiosk, kioskLabel(request));
    if (filters.kiosk && !seen.has(filters.kiosk))
      seen.set(filters.kiosk, filters.kiosk);
    replace(kioskFilter.input, h('option', { value: '' }, t('queue.anyKiosk')),
      [...seen].sort((a, b) => a[1].localeCompare(b[1]))
        .map(([value, text]) => h('option', { value, selected: value === filters.kiosk }, text)));
  }
  const languageFilter = select(t('queue.filterLanguage'), 'language',
    [['', t('queue.anyLanguage')], ...CONTENT_LANGUAGES.map((lang) => [lang, t(`language.${lang}`)])]);
  const stateFilter = select(t('queue.filterState'), 'state',
    [['waiting', t('queue.waiting')], ...STATES.map((one) => [one, t(`state.${one}`)]), ['all', t('queue.allStates')]]);
  const ageFilter = select(t('queue.filterAge'), 'age',
    AGES.map((hours) => [String(hours), hours ? t('queue.olderThan', { age: ageText(hours) }) : t('queue.anyAge')]));
  const searchId = 'queue-search';
  const search = h('input', { id: searchId, type: 'search', value: filters.search,
                              on: { input: () => { filters.search = search.value; state.page = 0; show(); } } });

  main.append(
    pageHeading(t('queue.title')),
    h('p', { class: 'lead' }, t('queue.intro')),
    darkKiosksNotice(),
    dueGuidesNotice(),
    h('div', { class: 'toolbar filters', role: 'search', 'aria-label': t('queue.filters') },
      h('div', { class: 'field' }, h('label', { for: searchId }, t('queue.search')), search),
      kioskFilter.element, languageFilter.element, stateFilter.element, ageFilter.element),
    error,
    list);
  load();
}
