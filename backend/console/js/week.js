// week.js — one week of slots as a calendar: Monday to Sunday across, hours down, in
// Helsinki time. A booked or cancelled slot says so in words, not by colour alone; the
// table keeps to the page's width (no sideways scrolling at 200 % zoom).

import { h, replace, uniqueId } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { locale, TIME_ZONE, helsinkiToday } from './format.js';
import { errorMessage } from './forms.js';

// "YYYY-MM-DD" moved by @days (a day: no time zone).
export function addDays(day, days) {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

// The Monday of @day's week.
export function mondayOf(day) {
  const [year, month, date] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

// The ISO week number of the week beginning on @monday.
function weekNumber(monday) {
  const thursday = new Date(`${addDays(monday, 3)}T00:00:00Z`);
  const firstDay = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday - firstDay) / 86400000 / 7) + 1;
}

// A slot's day ("YYYY-MM-DD"), hour and minute on the Helsinki clock.
function onTheClock(iso) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type) => parts.find((part) => part.type === type).value;
  return { day: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')),
           minute: Number(get('minute')) };
}

// "10.00" in Finnish, "10:00" in English: the language's own way.
function clock(hour, minute) {
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', timeStyle: 'short' })
    .format(new Date(Date.UTC(2000, 0, 1, hour, minute)));
}

function dayLabel(day, style) {
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: style, day: 'numeric',
                                              month: 'numeric' })
    .format(new Date(`${day}T00:00:00Z`));
}

export function weekRange(monday) {
  return t('week.range', { number: weekNumber(monday), first: dayLabel(monday, 'short'),
                           last: dayLabel(addDays(monday, 6), 'short') });
}

// The calendar: @state.week is the Monday shown (kept in the page's ctx.state);
// @placeName (id) → the place's name; @changed () after the week moves.
export function weekView({ state, placeName, changed }) {
  state.week = state.week || mondayOf(helsinkiToday());
  const headingId = uniqueId('week');
  const heading = h('h2', { id: headingId });
  const body = h('div', {}, h('p', {}, t('app.loading')));
  const go = (monday) => {
    state.week = monday;
    load();
    changed?.();
  };
  const toolbar = h('div', { class: 'toolbar week-toolbar' },
    h('button', { type: 'button', class: 'secondary', on: { click: () => go(addDays(state.week, -7)) } },
      t('week.previous')),
    h('button', { type: 'button', class: 'secondary', on: { click: () => go(mondayOf(helsinkiToday())) } },
      t('week.this')),
    h('button', { type: 'button', class: 'secondary', on: { click: () => go(addDays(state.week, 7)) } },
      t('week.next')));
  const element = h('section', { class: 'week', 'aria-labelledby': headingId }, heading, toolbar, body);

  function slotItem(slot, start) {
    const end = onTheClock(new Date(new Date(slot.starts_at).getTime()
                                    + slot.duration_minutes * 60000).toISOString());
    const state = slot.cancelled ? 'cancelled' : (slot.taken >= slot.capacity ? 'full'
      : (slot.taken > 0 ? 'booked' : 'free'));
    return h('li', { class: `week-slot week-slot-${state}` },
      h('span', { class: 'week-slot-time' }, `${clock(start.hour, start.minute)}–${clock(end.hour, end.minute)}`),
      h('span', { class: 'week-slot-state' }, t(`week.state.${state}`, { taken: slot.taken, capacity: slot.capacity })),
      h('span', { class: 'week-slot-place' }, placeName(slot.organisation)),
      h('span', { class: 'week-slot-kind' }, t(`slotKind.${slot.kind}`)));
  }

  function draw(slots) {
    const days = [0, 1, 2, 3, 4, 5, 6].map((offset) => addDays(state.week, offset));
    const placed = slots.map((slot) => ({ slot, at: onTheClock(slot.starts_at) }));
    // Office hours at least, and every hour that has a slot.
    const hours = placed.map(({ at }) => at.hour);
    const first = Math.min(8, ...hours);
    const last = Math.max(16, ...hours);
    const rows = [];
    for (let hour = first; hour <= last; hour++) {
      rows.push(h('tr', {}, h('th', { scope: 'row', class: 'week-hour' }, clock(hour, 0)),
        days.map((day) => {
          const here = placed.filter(({ at }) => at.day === day && at.hour === hour);
          return h('td', {}, here.length
            ? h('ul', { class: 'week-slots' }, here.map(({ slot, at }) => slotItem(slot, at))) : null);
        })));
    }
    const caption = t('week.caption', { range: weekRange(state.week), count: slots.filter((s) => !s.cancelled).length });
    replace(body, h('div', { class: 'week-scroll', role: 'region', 'aria-label': caption, tabindex: '0' },
      h('table', { class: 'week-table' },
        h('caption', {}, caption),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'week-hour' }, t('week.time')),
          days.map((day) => h('th', { scope: 'col', class: day === helsinkiToday() ? 'week-today' : null },
            h('span', { 'aria-hidden': 'true' }, dayLabel(day, 'short')),
            h('span', { class: 'visually-hidden' }, dayLabel(day, 'long')))))),
        h('tbody', {}, rows))));
  }

  async function load() {
    heading.textContent = weekRange(state.week);
    try {
      const data = await api.get('slots', { week: state.week });
      draw(data.slots);
    } catch (error) {
      replace(body, h('p', { class: 'error-text' }, errorMessage(error)));
    }
  }

  return { element, load };
}
