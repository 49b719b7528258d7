// review.js — what imports bring (neuvokas-server import ptv, import libraries): new, changed and missing
// directory entries, reviewed field by field before kiosks see them (docs/directory.md).

import { h, pageHeading, replace } from './dom.js';
import { t, pickText } from './i18n.js';
import * as api from './api.js';
import { errorMessage } from './forms.js';
import { formatDay, formatTime } from './format.js';
import { dataTable } from './table.js';
import { ACCESS_FACTS } from './organisations.js';

// The name of a field of the organisation document, in the console's language.
function fieldName(field) {
  const key = `review.field.${field}`;
  const text = t(key);
  return text === key ? field : text;
}

function sourceName(source) {
  return ['ptv', 'kirjastot'].includes(source) ? t(`review.source.${source}`) : source;
}

// "From Suomi.fi, checked 8.12.2026 12.00"
function provenance(change) {
  return t('review.from', { source: sourceName(change.source), checked: formatTime(change.checked_at) });
}

// The parts another source keeps: "Opening hours: from Kirjastot.fi, last checked …".
function partProvenance(change) {
  return (change.part_sources || []).map((part) => h('p', {}, t('review.partFrom', {
    field: fieldName(part.part), source: sourceName(part.source), checked: formatTime(part.checked_at),
  })));
}

// The sources of what a change would change: a part's own source, else the entry's.
function changeSources(change) {
  const partSource = new Map((change.part_sources || []).map((part) => [part.part, part.source]));
  const sources = (change.fields || []).map((field) => partSource.get(field) || change.source);
  return [...new Set(sources.length ? sources : [change.source])].map(sourceName).join(', ');
}

function rangeText(range) {
  return `${range.opens}–${range.closes}`;
}

// Opening hours a line a day: weekly ranges, then each dated exception.
function hoursText(hours) {
  const lines = [];
  for (const day of [1, 2, 3, 4, 5, 6, 7]) {
    const ranges = (hours.weekly || []).filter((range) => range.day === day);
    if (ranges.length)
      lines.push(`${t(`weekday.${day}`)} ${ranges.map(rangeText).join(', ')}`);
  }
  for (const exception of hours.exceptions || []) {
    const ranges = exception.hours || [];
    lines.push(`${formatDay(exception.date)} ${ranges.length ? ranges.map(rangeText).join(', ')
                                                                 : t('review.closed')}`);
  }
  return lines.length ? lines.join('\n') : t('review.none');
}

// A phone with what the source says about it: "+358 8 123 456 (sms, chargeable: …; Vaihde)".
function phoneText(phone) {
  const about = [phone.kind, phone.charge && [phone.charge, phone.charge_description].filter(Boolean).join(': '),
                 phone.info].filter(Boolean).join(', ');
  return about ? `${phone.number} (${about})` : phone.number;
}

// A field's value as plain text: texts by language, lists one item a line.
function valueText(value, field) {
  if (value === null || value === undefined)
    return t('review.none');
  if (field === 'opening_hours')
    return hoursText(value);
  if (Array.isArray(value))
    return value.length ? value.map((item) => valueText(item, field)).join('\n') : t('review.none');
  if (typeof value === 'object') {
    if (field === 'phone_details')
      return phoneText(value);
    if (field === 'access')
      return ACCESS_FACTS.filter((fact) => typeof value[fact] === 'boolean')
        .map((fact) => `${t(`access.${fact}`)}: ${value[fact] ? t('access.yes') : t('access.no')}`)
        .join('\n') || t('review.none');
    const languages = ['fi', 'sv', 'en'].filter((lang) => typeof value[lang] === 'string');
    if (languages.length && languages.length === Object.keys(value).length)
      return languages.map((lang) => `${t(`language.${lang}`)}: ${value[lang]}`).join('\n');
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean')
    return value ? t('review.yes') : t('review.no');
  return String(value);
}

export function renderReview(main, ctx) {
  ctx.setTitle(t('review.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));

  async function load() {
    try {
      const data = await api.get('directory/changes');
      replace(list, dataTable({
        caption: t('review.caption'),
        empty: t('review.empty'),
        rows: data.changes,
        columns: [
          { label: t('review.name'), cell: (c) => h('a', { href: `#/review/${encodeURIComponent(c.id)}` }, pickText(c.name)) },
          { label: t('review.state'), cell: (c) => t(`review.state.${c.state}`) },
          { label: t('review.changes'), cell: (c) => (c.state === 'changed' ? c.fields.map(fieldName).join(', ') : '') },
          { label: t('review.source'), cell: (c) => changeSources(c) },
          { label: t('review.checked'), cell: (c) => formatTime(c.checked_at) },
        ],
      }));
    } catch (failure) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(failure)));
    }
  }

  main.append(pageHeading(t('review.title')), h('p', { class: 'lead' }, t('review.intro')), list);
  load();
}

export function renderReviewEntry(main, id, ctx) {
  const body = h('div', {}, h('p', {}, t('app.loading')));
  const error = h('div', { class: 'form-error', role: 'alert' });

  async function act(path, fields, message) {
    error.textContent = '';
    try {
      const request = { id };
      if (fields)
        request.fields = fields;
      await api.post(path, request);
      ctx.announce(message);
      ctx.navigate('review');
    } catch (failure) {
      error.textContent = errorMessage(failure);
    }
  }

  function button(label, onClick, kind) {
    return h('button', { type: 'button', class: kind || null, on: { click: onClick } }, label);
  }

  // The fields with both values; with @choose, a box a field to accept it, and the buttons.
  function changedFields(change, name, choose) {
    const boxes = [];
    const rows = change.changes.map((field) => {
      const box = h('input', { type: 'checkbox', checked: true, id: `accept-${field.field}`,
                               'aria-label': t('review.acceptField', { field: fieldName(field.field) }) });
      boxes.push([field.field, box]);
      return { field, box };
    });
    const table = dataTable({
      caption: t('review.fieldsCaption', { name }),
      empty: t('review.noFields'),
      rows,
      columns: [
        { label: t('review.field'), cell: (r) => fieldName(r.field.field) },
        { label: t('review.current'), cell: (r) => h('span', { class: 'review-value' }, valueText(r.field.current, r.field.field)) },
        { label: t('review.proposed'), cell: (r) => h('span', { class: 'review-value' }, valueText(r.field.proposed, r.field.field)) },
        choose ? { label: t('review.accept'), cell: (r) => r.box } : null,
      ].filter(Boolean),
    });
    if (!choose)
      return [table];
    const chosen = () => boxes.filter(([, box]) => box.checked).map(([field]) => field);
    return [
      table,
      change.hand_set.length
        ? h('p', {}, t('review.handSet', { fields: change.hand_set.filter((f) => f !== '*').map(fieldName).join(', ') }))
        : null,
      h('div', { class: 'toolbar' },
        button(t('review.acceptChosen'), () => {
          const fields = chosen();
          if (!fields.length)
            act('directory/keep', null, t('review.kept', { name }));
          else
            act('directory/accept', fields.length === boxes.length ? null : fields,
                t('review.accepted', { name }));
        }),
        button(t('review.keepAll'), () => act('directory/keep', null, t('review.kept', { name })),
               'secondary')),
    ];
  }

  async function load() {
    try {
      const change = await api.get('directory/change', { id });
      const name = pickText(change.name);
      ctx.setTitle(t('review.entryTitle', { name }));
      const parts = [h('p', { class: 'lead' }, provenance(change)), ...partProvenance(change)];
      if (change.state === 'missing') {
        parts.push(h('p', {}, t('review.missingSince', { since: formatTime(change.missing_since) })),
          h('div', { class: 'toolbar' },
            button(t('review.confirmMissing'), () => act('directory/keep', null, t('review.kept', { name })))));
      } else if (change.state === 'new') {
        parts.push(h('p', {}, t('review.newIntro')),
          changedFields(change, name, false),
          h('div', { class: 'toolbar' },
            button(t('review.publish'), () => act('directory/accept', null, t('review.accepted', { name }))),
            button(t('review.keepOut'), () => act('directory/keep', null, t('review.keptOut', { name })), 'secondary')));
      } else {
        parts.push(h('p', {}, t('review.changedIntro')), changedFields(change, name, true));
      }
      replace(body, pageHeading(t('review.entryTitle', { name })), parts);
      body.querySelector('h1')?.focus?.();
    } catch (failure) {
      replace(body, pageHeading(t('review.title')), h('p', { class: 'error-text' }, errorMessage(failure)));
    }
  }

  main.append(h('p', {}, h('a', { href: '#/review' }, t('review.back'))), error, body);
  load();
}
