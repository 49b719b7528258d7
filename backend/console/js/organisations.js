// organisations.js — the directory: organisations with their contact details and
// opening hours. A save publishes at once (kiosks get it at their next sync).

import { h, pageHeading, replace, clear } from './dom.js';
import { t, pickText, CONTENT_LANGUAGES } from './i18n.js';
import * as api from './api.js';
import { field, languageFields, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime, parseClock } from './format.js';
import { dataTable, paged, matchesSearch, missingFilter } from './table.js';
import { municipalities, municipalityName } from './municipalities.js';
import { autosaver } from './autosave.js';
import { confirmDialog } from './dialogs.js';

// The accessibility facts a place may have (docs/content-format.md, "access"), in the
// kiosk's order; each known yes, known no or not known (absent).
export const ACCESS_FACTS = ['step_free_entrance', 'lift_or_ramp', 'accessible_toilet', 'disabled_parking',
                             'induction_loop', 'visual_guidance'];

const KINDS = ['library', 'digital-support', 'health-centre', 'kela', 'municipal-service',
  'association', 'parish', 'red-cross', 'other'];
const DAYS = [1, 2, 3, 4, 5, 6, 7];

export function renderOrganisations(main, ctx) {
  ctx.setTitle(t('orgs.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const error = h('div', { class: 'form-error', role: 'alert' });

  async function remove(org, button) {
    const row = button.closest('td');
    replace(row,
      h('span', { class: 'confirm-text' }, t('orgs.confirmDelete', { name: pickText(org.name) })),
      h('button', { type: 'button', class: 'danger', on: { click: async () => {
        try {
          await api.post('organisations/delete', { id: org.id });
          // Said once the list no longer shows it.
          await load();
          ctx.announce(t('orgs.deleted', { name: pickText(org.name) }));
        } catch (failure) {
          error.textContent = errorMessage(failure);
        }
      } } }, t('orgs.deleteForGood')),
      h('button', { type: 'button', class: 'secondary', on: { click: () => load() } }, t('editor.keep')));
    row.querySelector('button').focus();
  }

  let organisations = [];
  const missing = missingFilter(ctx.state, () => show(), {
    id: 'orgs-missing', label: t('translation.filter'), any: t('translation.any'),
    option: (lang) => t('translation.missingIn', { language: t(`language.${lang}`) }),
    languages: CONTENT_LANGUAGES.filter((lang) => lang !== 'fi'), name: (lang) => t(`language.${lang}`) });

  // Thousands of places once imported: found by name, municipality or kind, a page at a time.
  function show() {
    const found = organisations.filter((o) => missing.matches(o) && matchesSearch(ctx.state.search, [o.id,
      municipalityName(o.municipality), t(`kind.${o.kind}`), ...Object.values(o.name || {})]));
    const { rows, pager } = paged(found, ctx.state, show, {
      label: t('list.pages'), previous: t('list.previous'), next: t('list.next'),
      pageOf: (params) => t('list.pageOf', params) });
    replace(list, h('p', { class: 'queue-count' }, t('list.count', { shown: found.length, total: organisations.length })),
      dataTable({
        caption: t('orgs.caption'),
        empty: t('orgs.empty'),
        rows,
        columns: [
          { label: t('orgs.name'), cell: (o) => h('a', { href: `#/organisations/${encodeURIComponent(o.id)}` }, pickText(o.name)) },
          { label: t('orgs.kind'), cell: (o) => t(`kind.${o.kind}`) },
          { label: t('orgs.municipality'), cell: (o) => municipalityName(o.municipality) },
          { label: t('orgs.updated'), cell: (o) => formatTime(o.updated) },
          { label: t('translation.column'), cell: missing.cell },
          { label: t('queue.actions'), cell: (o) => h('button', {
            type: 'button', class: 'danger',
            'aria-label': t('orgs.deleteNamed', { name: pickText(o.name) }),
            on: { click: (event) => remove(o, event.currentTarget) },
          }, t('orgs.delete')) },
        ],
      }), pager);
  }

  async function load() {
    try {
      organisations = (await api.get('organisations')).organisations;
      show();
    } catch (failure) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(failure)));
    }
  }
  const search = h('input', { id: 'orgs-search', type: 'search', value: ctx.state.search || '',
                              on: { input: () => { ctx.state.search = search.value; ctx.state.page = 0; show(); } } });

  main.append(pageHeading(t('orgs.title')), h('p', { class: 'lead' }, t('orgs.intro')),
    h('div', { class: 'toolbar' }, h('a', { class: 'button', href: '#/organisations/new' }, t('orgs.new')),
      h('div', { class: 'field', role: 'search' }, h('label', { for: 'orgs-search' }, t('orgs.search')), search),
      missing.element),
    error, list);
  load();
}

function emptyOrganisation() {
  return { id: '', name: {}, kind: 'library', municipality: '564', opening_hours: null };
}

function lines(text) {
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}

// Weekly opening times and exceptions, kept in @hours ({weekly, exceptions}).
function openingHoursEditor(hours, onChange) {
  const weeklyList = h('div', { class: 'hours-rows' });
  const exceptionList = h('div', { class: 'hours-rows' });
  const time = (label, path, value, update) => {
    // 9.00, 09:00 and 9 are the same time; what is no time is sent as typed, and the
    // server's answer names the field.
    const one = field({ label, field: path, value, attrs: { inputmode: 'decimal', placeholder: '9.00',
                                                            maxlength: 5, size: 5 } });
    one.input.addEventListener('input', () => {
      update(parseClock(one.input.value) ?? one.input.value.trim());
      onChange();
    });
    return one;
  };

  function drawWeekly(focusIndex) {
    clear(weeklyList);
    hours.weekly.forEach((range, i) => {
      const path = `organisation.opening_hours.weekly[${i}]`;
      const day = field({ label: t('hours.day'), field: `${path}.day`, value: String(range.day),
                          options: DAYS.map((d) => ({ value: String(d), label: t(`weekday.${d}`) })) });
      day.input.addEventListener('change', () => { range.day = Number(day.input.value); onChange(); });
      const opens = time(t('hours.opens'), `${path}.opens`, range.opens, (v) => { range.opens = v; });
      const closes = time(t('hours.closes'), `${path}.closes`, range.closes, (v) => { range.closes = v; });
      const remove = h('button', { type: 'button', class: 'danger',
                                   'aria-label': t('hours.removeRange', { n: i + 1 }),
                                   on: { click: () => { hours.weekly.splice(i, 1); onChange(); drawWeekly(Math.min(i, hours.weekly.length - 1)); } } },
        t('editor.remove'));
      const row = h('div', { class: 'hours-row', role: 'group', 'aria-label': t('hours.rangeN', { n: i + 1 }) },
        day.element, opens.element, closes.element, remove);
      weeklyList.append(row);
      if (focusIndex === i)
        day.input.focus();
    });
    if (!hours.weekly.length)
      weeklyList.append(h('p', { class: 'empty' }, t('hours.noWeekly')));
    else {
      // Closed is said, not left to be inferred from a day missing.
      const open = new Set(hours.weekly.map((range) => range.day));
      const closed = DAYS.filter((d) => !open.has(d));
      if (closed.length)
        weeklyList.append(h('p', { class: 'hours-closed' }, t('hours.closedOn', {
          days: closed.map((d) => t(`weekday.${d}`)).join(', ') })));
    }
  }

  // Several days at once: "Mon–Fri 9–16", or "Sat–Sun closed". The days' earlier times
  // are replaced; each day stays a row of its own, so a refusal points at one.
  function dayRangeTool() {
    const from = field({ label: t('hours.fromDay'), value: '1',
                         options: DAYS.map((d) => ({ value: String(d), label: t(`weekday.${d}`) })) });
    const to = field({ label: t('hours.toDay'), value: '5',
                       options: DAYS.map((d) => ({ value: String(d), label: t(`weekday.${d}`) })) });
    const attrs = { inputmode: 'decimal', placeholder: '9.00', maxlength: 5, size: 5 };
    const opens = field({ label: t('hours.opens'), value: '9.00', attrs });
    const closes = field({ label: t('hours.closes'), value: '16.00', attrs });
    const closed = field({ label: t('hours.closed'), type: 'checkbox', value: false });
    const problem = h('p', { class: 'error-text', role: 'alert' });
    closed.input.addEventListener('change', () => {
      opens.input.disabled = closed.input.checked;
      closes.input.disabled = closed.input.checked;
    });
    const apply = h('button', { type: 'button', class: 'secondary', on: { click: () => {
      const first = Number(from.input.value);
      const last = Number(to.input.value);
      // Saturday to Monday goes over the weekend.
      const days = DAYS.filter((d) => (first <= last ? d >= first && d <= last : d >= first || d <= last));
      const range = { opens: parseClock(opens.input.value), closes: parseClock(closes.input.value) };
      problem.textContent = '';
      if (!closed.input.checked && (!range.opens || !range.closes || range.opens === '24:00')) {
        problem.textContent = t('errorCode.invalid-time');
        (range.opens && range.opens !== '24:00' ? closes : opens).input.focus();
        return;
      }
      if (!closed.input.checked && range.closes <= range.opens) {
        problem.textContent = t('errorCode.closes-before-opening');
        closes.input.focus();
        return;
      }
      hours.weekly = hours.weekly.filter((one) => !days.includes(one.day));
      if (!closed.input.checked)
        hours.weekly.push(...days.map((day) => ({ day, ...range })));
      hours.weekly.sort((a, b) => a.day - b.day || a.opens.localeCompare(b.opens));
      onChange();
      drawWeekly(null);
    } } }, t('hours.setDays'));
    return h('fieldset', { class: 'hours-days' }, h('legend', {}, t('hours.severalDays')),
      h('div', { class: 'hours-row' }, from.element, to.element, opens.element, closes.element,
        closed.element, apply), problem);
  }

  function drawExceptions(focusIndex) {
    clear(exceptionList);
    hours.exceptions.forEach((exception, i) => {
      const path = `organisation.opening_hours.exceptions[${i}]`;
      const range = exception.hours[0] || { opens: '', closes: '' };
      const date = field({ label: t('hours.date'), field: `${path}.date`, type: 'date', value: exception.date });
      date.input.addEventListener('input', () => { exception.date = date.input.value; onChange(); });
      // Closed all day is said, not implied by empty times: the times are put aside.
      const closed = field({ label: t('hours.closedAllDay'), type: 'checkbox', field: `${path}.closed`,
                             value: exception.hours.length === 0 });
      const setRange = () => {
        exception.hours = !closed.input.checked && (range.opens || range.closes) ? [range] : [];
      };
      const opens = time(t('hours.opens'), `${path}.hours[0].opens`, range.opens, (v) => { range.opens = v; setRange(); });
      const closes = time(t('hours.closes'), `${path}.hours[0].closes`, range.closes, (v) => { range.closes = v; setRange(); });
      const showClosed = () => {
        opens.input.disabled = closed.input.checked;
        closes.input.disabled = closed.input.checked;
      };
      closed.input.addEventListener('change', () => {
        setRange();
        showClosed();
        onChange();
      });
      showClosed();
      // Said to residents in their language: a note in each.
      const note = languageFields({ legend: t('hours.note'), field: `${path}.note`,
                                    value: exception.note || {}, maxlength: 200 });
      note.element.addEventListener('input', () => {
        exception.note = note.read();
        onChange();
      });
      const remove = h('button', { type: 'button', class: 'danger',
                                   'aria-label': t('hours.removeException', { n: i + 1 }),
                                   on: { click: () => { hours.exceptions.splice(i, 1); onChange(); drawExceptions(Math.min(i, hours.exceptions.length - 1)); } } },
        t('editor.remove'));
      exceptionList.append(h('div', { class: 'hours-row', role: 'group', 'aria-label': t('hours.exceptionN', { n: i + 1 }) },
        date.element, closed.element, opens.element, closes.element, note.element, remove));
      if (focusIndex === i)
        date.input.focus();
    });
    if (!hours.exceptions.length)
      exceptionList.append(h('p', { class: 'empty' }, t('hours.noExceptions')));
  }

  drawWeekly(null);
  drawExceptions(null);
  return h('div', { class: 'hours' },
    h('h3', {}, t('hours.weekly')),
    h('p', { class: 'hint' }, t('hours.weeklyHint')),
    dayRangeTool(),
    weeklyList,
    h('button', { type: 'button', class: 'secondary', on: { click: () => {
      const last = hours.weekly[hours.weekly.length - 1];
      hours.weekly.push({ day: last ? Math.min(last.day + 1, 7) : 1, opens: last?.opens || '09:00',
                          closes: last?.closes || '16:00' });
      onChange();
      drawWeekly(hours.weekly.length - 1);
    } } }, t('hours.addRange')),
    h('h3', {}, t('hours.exceptions')),
    h('p', { class: 'hint' }, t('hours.exceptionsHint')),
    exceptionList,
    h('button', { type: 'button', class: 'secondary', on: { click: () => {
      hours.exceptions.push({ date: '', hours: [] });
      onChange();
      drawExceptions(hours.exceptions.length - 1);
    } } }, t('hours.addException')));
}

function organisationForSaving(model) {
  const org = structuredClone(model);
  for (const member of ['street_address', 'postal_code', 'post_office'])
    if (!org[member])
      delete org[member];
  for (const member of ['description', 'services', 'accessibility'])
    if (org[member] && !Object.keys(org[member]).length)
      delete org[member];
  if (org.opening_hours)
    for (const exception of org.opening_hours.exceptions)
      if (exception.note && !Object.keys(exception.note).length)
        delete exception.note;
  return org;
}

export function renderOrganisationEditor(main, id, ctx) {
  const state = ctx.state;
  const isNew = id === 'new';
  const heading = pageHeading(isNew ? t('orgs.newTitle') : t('orgs.editTitle'));
  const body = h('div', {}, h('p', {}, t('app.loading')));
  ctx.setTitle(heading.textContent);
  main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/organisations' }, t('orgs.back')),
    isNew ? null : h('a', { href: `#/history/organisation/${encodeURIComponent(id)}` }, t('history.link'))),
  heading, body);

  function draw() {
    const model = state.model;
    if (!isNew) {
      heading.textContent = t('orgs.editNamed', { name: pickText(model.name) });
      ctx.setTitle(heading.textContent);
    }
    const form = h('form', { class: 'editor', novalidate: true });
    // What is typed is kept as the organisation's draft as the advisor types (a new one
    // once saved); leaving with unsaved changes asks first (main.js); an ended session is
    // signed in again over the form (api.js), which keeps what was typed.
    const drafts = autosaver(state, {
      save: async () => {
        await api.post('organisations/draft', { organisation: organisationForSaving(model) });
        state.draftInfo ||= { updated: null, updated_by: ctx.me.name };
      },
      canSave: () => !isNew,
      alive: () => main.isConnected,
    });
    const edited = () => drafts.edited();
    form.addEventListener('input', edited);
    ctx.guardLeaving(() => state.dirty);
    const discardDraft = h('button', { type: 'button', class: 'secondary', on: { click: async () => {
      const sure = await confirmDialog({
        title: t('orgs.discardDraftTitle'), question: t('orgs.discardDraftQuestion'),
        confirm: t('orgs.discardDraft'), cancel: t('editor.keep'), danger: true,
      });
      if (!sure)
        return;
      try {
        drafts.cancel();
        await api.post('organisations/discard-draft', { id: model.id });
        state.model = await api.get('organisation', { id });
        state.draftInfo = null;
        state.dirty = false;
        state.autosaveText = '';
        ctx.announce(t('orgs.draftDiscarded'));
        draw();
      } catch (error) {
        showError(form, error);
      }
    } } }, t('orgs.discardDraft'));
    const draftNote = state.draftInfo
      ? h('div', { class: 'draft-note' },
        h('p', {}, state.draftInfo.updated
          ? t('orgs.draftShown', { time: formatTime(state.draftInfo.updated), name: state.draftInfo.updated_by })
          : t('orgs.draftKept')),
        discardDraft)
      : null;
    const text = (legend, member, opts = {}) => {
      const group = languageFields({ legend, field: `organisation.${member}`, value: model[member] || {}, ...opts });
      group.element.addEventListener('input', () => { model[member] = group.read(); });
      return group.element;
    };
    const plain = (label, member, opts = {}) => {
      const one = field({ label, field: `organisation.${member}`, value: model[member] || '', ...opts });
      one.input.addEventListener('input', () => { model[member] = one.input.value.trim(); });
      return one.element;
    };
    const list = (label, member, hint) => {
      const one = field({ label, field: `organisation.${member}`, value: (model[member] || []).join('\n'),
                          multiline: true, rows: 2, hint });
      one.input.addEventListener('input', () => { model[member] = lines(one.input.value); });
      return one.element;
    };

    // A small yes / no / not known choice a fact: "not known" leaves the fact out, and
    // the kiosk never shows it as a lack.
    const accessFact = (fact) => {
      const current = model.access?.[fact];
      const one = field({ label: t(`access.${fact}`), field: `organisation.access.${fact}`,
                          value: current === true ? 'yes' : current === false ? 'no' : '',
                          options: [{ value: '', label: t('access.unknown') },
                                    { value: 'yes', label: t('access.yes') },
                                    { value: 'no', label: t('access.no') }] });
      one.input.addEventListener('change', () => {
        const access = { ...(model.access || {}) };
        if (one.input.value === '')
          delete access[fact];
        else
          access[fact] = one.input.value === 'yes';
        model.access = access;
        if (!Object.keys(model.access).length)
          delete model.access;
        edited();
      });
      return one.element;
    };

    const idField = field({ label: t('editor.id'), field: 'organisation.id', value: model.id, required: true,
                            hint: t('orgs.idHint'), attrs: { readOnly: !isNew, maxlength: 64 } });
    idField.input.addEventListener('input', () => { model.id = idField.input.value.trim(); });
    const kind = field({ label: t('orgs.kind'), field: 'organisation.kind', value: model.kind, required: true,
                         options: KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) })) });
    kind.input.addEventListener('change', () => { model.kind = kind.input.value; });
    const municipality = field({ label: t('orgs.municipality'), field: 'organisation.municipality',
                                 value: model.municipality, required: true,
                                 options: municipalities().map(({ code }) => ({ value: code, label: municipalityName(code) })) });
    municipality.input.addEventListener('change', () => { model.municipality = municipality.input.value; });

    const known = field({ label: t('hours.known'), type: 'checkbox', value: Boolean(model.opening_hours),
                          field: 'organisation.opening_hours' });
    const hoursBox = h('div', {});
    const drawHours = () => {
      clear(hoursBox);
      if (model.opening_hours) {
        model.opening_hours.weekly ||= [];
        model.opening_hours.exceptions ||= [];
        hoursBox.append(openingHoursEditor(model.opening_hours, edited));
      } else {
        hoursBox.append(h('p', { class: 'hint' }, t('hours.unknown')));
      }
    };
    // Unticking keeps what was typed, in case it was a slip.
    known.input.addEventListener('change', () => {
      if (known.input.checked) {
        model.opening_hours = state.savedHours || { weekly: [], exceptions: [] };
      } else {
        state.savedHours = model.opening_hours;
        model.opening_hours = null;
      }
      drawHours();
    });
    drawHours();

    const submit = h('button', { type: 'submit' }, t('orgs.save'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      submit.disabled = true;
      try {
        drafts.cancel();
        const edits = state.edits;
        const result = await api.post('organisations', { organisation: organisationForSaving(model) });
        // Saving publishes the organisation and removes its draft.
        if (state.edits === edits)
          state.dirty = false;
        state.draftInfo = null;
        state.autosaveText = '';
        ctx.announce(t('orgs.saved', { name: pickText(model.name) }));
        if (isNew) {
          ctx.navigate(`organisations/${encodeURIComponent(result.id || model.id)}`);
          return;
        }
      } catch (error) {
        showError(form, error);
      } finally {
        submit.disabled = false;
      }
    });

    replace(form,
      draftNote,
      drafts.element,
      errorRegion(),
      h('section', { 'aria-labelledby': 'org-basics' }, h('h2', { id: 'org-basics' }, t('editor.basics')),
        h('div', { class: 'grid' }, idField.element, kind.element, municipality.element)),
      h('section', { 'aria-labelledby': 'org-name' }, h('h2', { id: 'org-name' }, t('orgs.nameAndText')),
        text(t('orgs.name'), 'name', { required: true, maxlength: 200 }),
        text(t('orgs.description'), 'description', { multiline: true, rows: 3, maxlength: 2000 }),
        text(t('orgs.services'), 'services', { multiline: true, rows: 2, maxlength: 2000 }),
        text(t('orgs.accessibility'), 'accessibility', { multiline: true, rows: 2, maxlength: 2000 })),
      h('section', { 'aria-labelledby': 'org-access' }, h('h2', { id: 'org-access' }, t('access.title')),
        h('p', { class: 'hint' }, t('access.hint')),
        h('div', { class: 'grid' }, ACCESS_FACTS.map(accessFact))),
      h('section', { 'aria-labelledby': 'org-contact' }, h('h2', { id: 'org-contact' }, t('orgs.contact')),
        h('div', { class: 'grid' },
          plain(t('orgs.street'), 'street_address', { hint: t('orgs.notGuessed') }),
          plain(t('orgs.postalCode'), 'postal_code', { attrs: { inputmode: 'numeric', maxlength: 5 } }),
          plain(t('orgs.postOffice'), 'post_office'),
          list(t('orgs.phones'), 'phones', t('orgs.onePerLine')),
          list(t('orgs.emails'), 'emails', t('orgs.onePerLine')),
          list(t('orgs.webPages'), 'web_pages', t('orgs.onePerLine')))),
      h('section', { 'aria-labelledby': 'org-hours' }, h('h2', { id: 'org-hours' }, t('hours.title')),
        known.element, hoursBox),
      h('div', { class: 'actions sticky-actions' }, submit));
    replace(body, form);
  }

  if (state.model) {
    draw();
    return;
  }
  // The draft being worked on, when there is one, over the saved organisation.
  const loading = isNew ? Promise.resolve([emptyOrganisation(), { draft: null }])
    : Promise.all([api.get('organisation', { id }), api.get('organisation/draft', { id })]);
  loading.then(([org, saved]) => {
    state.model = saved.draft || org;
    state.draftInfo = saved.draft ? { updated: saved.updated, updated_by: saved.updated_by } : null;
    draw();
  }).catch((error) => replace(body, h('p', { class: 'error-text' }, errorMessage(error))));
}
