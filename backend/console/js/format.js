// format.js — times, dates and numbers in the console's language, Helsinki time.

import { getLanguage } from './i18n.js';

const LOCALES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };
export const TIME_ZONE = 'Europe/Helsinki';

export function locale() {
  return LOCALES[getLanguage()] || 'fi-FI';
}

export function formatTime(iso) {
  if (!iso)
    return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()))
    return iso;
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'short',
  }).format(date);
}

// "2027-05-31" → a date in the console's language (no time zone shift: it is a day).
export function formatDay(day) {
  if (!day)
    return '';
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date)
    return day;
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', dateStyle: 'medium' })
    .format(new Date(Date.UTC(year, month - 1, date)));
}

export function formatNumber(value, digits) {
  if (value === null || value === undefined)
    return '';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits ?? 2 }).format(value);
}

// Today in Helsinki, "YYYY-MM-DD".
export function helsinkiToday(offsetDays = 0) {
  const date = new Date(Date.now() + offsetDays * 86400000);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(date);
  const get = (type) => parts.find((part) => part.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// A "YYYY-MM-DDTHH:MM" typed as Helsinki wall time → RFC 3339 UTC.
export function helsinkiToUtc(local) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local || '');
  if (!match)
    return null;
  const [, y, mo, d, hh, mm] = match.map(Number);
  const guess = Date.UTC(y, mo - 1, d, hh, mm);
  // The zone's offset at that moment, found from how Helsinki shows the guess.
  const shown = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit',
  }).formatToParts(new Date(guess));
  const get = (type) => Number(shown.find((part) => part.type === type).value);
  const asShown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offset = asShown - guess;
  return new Date(guess - offset).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// A Date's time of day in Helsinki, "14.05" / "14:05" as the language writes it.
export function formatClock(date) {
  return new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, timeStyle: 'short' })
    .format(date);
}

// A time of day as an advisor writes it — "10.00" (the Finnish way), "10:00", "10",
// "9.30" — as "HH:MM"; "24" and "24.00" are the end of a day. null when it is no time.
export function parseClock(text) {
  const match = /^\s*(\d{1,2})(?:[.:](\d{2}))?\s*$/.exec(text || '');
  if (!match)
    return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2] || 0);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes !== 0))
    return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
