// costs.js — what the kiosks cost in a period, and the phone and counter service beside
// them (POST/GET costs): entered by an evaluator, divided by the server into cost per
// visit and per request solved, which this page and the evaluation report show.

import { h, pageHeading, replace } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors } from './forms.js';
import { formatDay, formatNumber, locale } from './format.js';
import { filterForm, period } from './reports.js';

const CHANNELS = ['phone', 'counter'];

const euros = (cents) => (cents === null || cents === undefined ? '–'
  : new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR' }).format(cents / 100));

// "1 200,50" or "1200.5" → 120050 cents; null for an empty field; undefined when it is no sum.
function readCents(text) {
  const plain = text.replace(/[\s\u00a0€]/g, '').replace(',', '.');
  if (plain === '')
    return null;
  if (!/^\d+(\.\d{1,2})?$/.test(plain))
    return undefined;
  return Math.round(Number(plain) * 100);
}

function readCount(text) {
  const plain = text.replace(/[\s\u00a0]/g, '');
  if (plain === '')
    return null;
  return /^\d+$/.test(plain) ? Number(plain) : undefined;
}

function resultTable(data) {
  const threshold = data.threshold;
  const count = (value) => (value === null ? t('reports.suppressed', { threshold }) : formatNumber(value));
  const name = (row) => (row.channel === 'kiosk' ? row.name || row.kiosk : t(`costs.channel.${row.channel}`));
  if (!data.rows.length)
    return h('p', { class: 'empty' }, t('costs.none'));
  const columns = ['channel', 'cost', 'contacts', 'perContact', 'solved', 'perSolved'];
  return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'costs-result', tabindex: '0' },
    h('table', {},
      h('caption', { class: 'visually-hidden' }, t('costs.result')),
      h('thead', {}, h('tr', {}, columns.map((column) =>
        h('th', { scope: 'col', class: column === 'channel' ? null : 'numeric' }, t(`costs.col.${column}`))))),
      h('tbody', {}, data.rows.map((row) => {
        const resident = row.channel === 'kiosk' || row.channel === 'all';
        return h('tr', {},
          h('th', { scope: 'row' }, name(row)),
          h('td', { class: 'numeric' }, euros(row.cost_cents)),
          h('td', { class: 'numeric' }, resident ? count(row.contacts) : formatNumber(row.contacts) || '–'),
          h('td', { class: 'numeric' }, euros(row.cost_per_contact_cents)),
          h('td', { class: 'numeric' }, resident ? count(row.solved) : '–'),
          h('td', { class: 'numeric' }, euros(row.cost_per_solved_cents)));
      }))));
}

export function renderCosts(main, ctx) {
  ctx.setTitle(t('costs.title'));
  const holder = h('div', { class: 'costs' });

  async function show() {
    const params = period();
    replace(holder, h('p', {}, t('app.loading')));
    const [kiosks, data] = await Promise.all([api.get('kiosks'), api.get('costs', params)]);
    const byKiosk = new Map(data.rows.filter((row) => row.channel === 'kiosk').map((row) => [row.kiosk, row]));
    const other = new Map(data.rows.filter((row) => CHANNELS.includes(row.channel)).map((row) => [row.channel, row]));
    // Without grouping, so that the same text reads back as the same sum.
    const centsText = (cents) => (cents === null || cents === undefined ? ''
      : String(cents / 100).replace('.', locale().startsWith('en') ? '.' : ','));

    const kioskFields = kiosks.kiosks.map((kiosk, index) => {
      const one = field({ label: t('costs.kioskCost', { kiosk: kiosk.name }), field: `kiosks[${index}].cost_cents`,
                          value: centsText(byKiosk.get(kiosk.id)?.cost_cents), attrs: { inputmode: 'decimal' } });
      return { kiosk, ...one };
    });
    const channelFields = CHANNELS.map((channel, index) => ({
      channel,
      cost: field({ label: t('costs.cost'), field: `channels[${index}].cost_cents`,
                    value: centsText(other.get(channel)?.cost_cents), attrs: { inputmode: 'decimal' } }),
      contacts: field({ label: t('costs.contacts'), field: `channels[${index}].contacts`,
                        value: other.get(channel)?.contacts ?? '', attrs: { inputmode: 'numeric' } }),
    }));
    const form = h('form', { class: 'card', novalidate: true },
      errorRegion(),
      h('p', {}, t('costs.period', { from: formatDay(params.from), to: formatDay(params.to) })),
      h('fieldset', {}, h('legend', {}, t('costs.kiosks')),
        h('div', { class: 'grid' }, kioskFields.map((one) => one.element))),
      channelFields.map((one) => h('fieldset', {}, h('legend', {}, t(`costs.channel.${one.channel}`)),
        h('div', { class: 'grid' }, one.cost.element, one.contacts.element))),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('costs.save'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearErrors(form);
      const body = { from: params.from, to: params.to, kiosks: [], channels: [] };
      for (const one of kioskFields) {
        const cents = readCents(one.input.value);
        if (cents === undefined) {
          showError(form, { local: true, field: one.input.dataset.field, message: t('costs.badSum') });
          return;
        }
        body.kiosks.push({ kiosk: one.kiosk.id, cost_cents: cents });
      }
      for (const one of channelFields) {
        const cents = readCents(one.cost.input.value);
        const contacts = readCount(one.contacts.input.value);
        if (cents === undefined || contacts === undefined) {
          const bad = cents === undefined ? one.cost.input : one.contacts.input;
          showError(form, { local: true, field: bad.dataset.field,
                            message: t(cents === undefined ? 'costs.badSum' : 'costs.badCount') });
          return;
        }
        body.channels.push({ channel: one.channel, cost_cents: cents, contacts });
      }
      try {
        await api.post('costs', body);
        ctx.announce(t('costs.saved', { from: formatDay(params.from), to: formatDay(params.to) }));
        await show();
      } catch (error) {
        showError(form, error);
      }
    });
    replace(holder, form,
      h('section', { 'aria-labelledby': 'costs-result' },
        h('h2', { id: 'costs-result' }, t('costs.result')),
        resultTable(data)));
  }

  main.append(pageHeading(t('costs.title')),
    h('p', { class: 'lead' }, t('costs.intro')),
    filterForm(() => show(), t('reports.show')),
    holder);
  show();
}
