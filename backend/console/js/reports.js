// reports.js — the evaluators' reports (key figures with the change from the period
// before, tables with simple bar charts, names instead of ids, a CSV of each table, a
// drill-down from a region to its kiosks) and the usage event exports, for a period
// (a preset or any days) and a choice of kiosks.

import { h, svg, pageHeading, replace } from './dom.js';
import { t, pickText, getLanguage } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatNumber, formatTime, formatDay, helsinkiToday } from './format.js';

export const SECTIONS = ['reach', 'demand', 'friction', 'handover', 'experience', 'operations'];
const MAX_BARS = 40;

// The period and kiosks, shared by every report and the exports while signed in.
const filters = { from: null, to: null, kiosks: [], preset: 'last30' };
let kioskList = null;

export function period() {
  filters.from ||= helsinkiToday(-29);
  filters.to ||= helsinkiToday();
  return { from: filters.from, to: filters.to, kiosk: filters.kiosks };
}

export const PRESETS = ['last30', 'lastMonth', 'lastQuarter', 'thisYear', 'custom'];

const pad = (number) => String(number).padStart(2, '0');
const day = (year, month, date) => {
  // Month and date may run over (month 0, date 0): Date.UTC carries them.
  const d = new Date(Date.UTC(year, month - 1, date));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

// The first and last day of @preset, counted from today in Helsinki; null for custom.
export function presetRange(preset, today = helsinkiToday()) {
  const [year, month] = today.split('-').map(Number);
  switch (preset) {
  case 'last30':
    return { from: helsinkiToday(-29), to: today };
  case 'lastMonth':
    return { from: day(year, month - 1, 1), to: day(year, month, 0) };
  case 'lastQuarter': {
    const first = Math.floor((month - 1) / 3) * 3 + 1 - 3;
    return { from: day(year, first, 1), to: day(year, first + 3, 0) };
  }
  case 'thisYear':
    return { from: `${year}-01-01`, to: today };
  default:
    return null;
  }
}

// The names of the kiosks @ids, in that order (the id where one has none).
export async function kioskNames(ids) {
  const kiosks = await loadKiosks();
  return (ids || []).map((id) => kiosks.find((kiosk) => kiosk.id === id)?.name || id);
}

async function loadKiosks() {
  if (!kioskList) {
    try {
      kioskList = (await api.get('kiosks')).kiosks;
    } catch (error) {
      kioskList = [];
    }
  }
  return kioskList;
}

// The period and kiosk choice; @apply runs when it is submitted.
export function filterForm(apply, submitLabel) {
  const form = h('form', { class: 'card filters', novalidate: true });
  const { from, to } = period();
  const presetField = field({ label: t('reports.period'), field: 'preset', value: filters.preset,
                              options: PRESETS.map((value) => ({ value, label: t(`reports.preset.${value}`) })) });
  const fromField = field({ label: t('reports.from'), field: 'from', type: 'date', value: from, required: true });
  const toField = field({ label: t('reports.to'), field: 'to', type: 'date', value: to, required: true });
  // A preset fills in its days; a day typed by hand makes the period custom.
  presetField.input.addEventListener('change', () => {
    const range = presetRange(presetField.input.value);
    if (range) {
      fromField.input.value = range.from;
      toField.input.value = range.to;
    }
  });
  for (const input of [fromField.input, toField.input])
    input.addEventListener('input', () => { presetField.input.value = 'custom'; });
  const kioskBox = h('fieldset', { class: 'kiosk-choice' },
    h('legend', {}, t('reports.kiosks')),
    h('p', { class: 'hint' }, t('reports.kiosksHint')),
    h('div', { class: 'check-columns' }, h('p', {}, t('app.loading'))));
  loadKiosks().then((kiosks) => {
    replace(kioskBox.querySelector('.check-columns'), kiosks.length
      ? kiosks.map((kiosk) => {
        const one = field({ label: kiosk.name, type: 'checkbox', field: 'kiosk',
                            value: filters.kiosks.includes(kiosk.id) });
        one.input.value = kiosk.id;
        one.input.dataset.kiosk = kiosk.id;
        return one.element;
      })
      : h('p', { class: 'empty' }, t('reports.noKiosks')));
  });
  replace(form, errorRegion(),
    h('div', { class: 'grid' }, presetField.element, fromField.element, toField.element), kioskBox,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, submitLabel)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!fromField.input.value) {
      showError(form, { local: true, field: 'from', message: t('reports.dateMissing') });
      return;
    }
    if (!toField.input.value) {
      showError(form, { local: true, field: 'to', message: t('reports.dateMissing') });
      return;
    }
    if (fromField.input.value > toField.input.value) {
      showError(form, { local: true, field: 'to', message: t('reports.toBeforeFrom') });
      return;
    }
    filters.preset = presetField.input.value;
    filters.from = fromField.input.value;
    filters.to = toField.input.value;
    filters.kiosks = [...form.querySelectorAll('input[data-kiosk]:checked')].map((input) => input.value);
    apply(form);
  });
  return form;
}

// A cell as a reader reads it: a suppressed count said so, an id or code by its name in
// the console's language (the table's labels), the id itself when it has none.
function cellText(value, column, threshold, labels) {
  if (value === null || value === undefined)
    return column.type === 'number' ? t('reports.suppressed', { threshold }) : '';
  if (column.type === 'number')
    return formatNumber(value);
  if (column.type === 'time')
    return formatTime(value);
  const name = labels?.[column.id]?.[value];
  return name ? pickText(name) : String(value);
}

// "Visits: 11 — 37.5 % more than in 2.10.–31.10. (8)", each part said only when shown.
function figureCard(figure, data) {
  const threshold = data.threshold;
  const value = figure.value === null ? t('reports.suppressed', { threshold }) : formatNumber(figure.value);
  const before = figure.previous === null ? t('reports.suppressed', { threshold }) : formatNumber(figure.previous);
  let change;
  if (figure.change_percent === null)
    change = t('reports.noChange', { before });
  else if (figure.change_percent > 0)
    change = t('reports.changeUp', { percent: formatNumber(figure.change_percent, 1), before });
  else if (figure.change_percent < 0)
    change = t('reports.changeDown', { percent: formatNumber(-figure.change_percent, 1), before });
  else
    change = t('reports.changeSame', { before });
  return h('li', { class: 'figure' },
    h('span', { class: 'figure-title' }, pickText(figure.title)),
    h('span', { class: 'figure-value' }, value),
    h('span', { class: 'figure-change' }, change));
}

function figureList(data) {
  if (!data.figures?.length)
    return null;
  return h('section', { class: 'figures', 'aria-labelledby': 'figures-heading' },
    h('h2', { id: 'figures-heading' }, t('reports.figures')),
    h('p', { class: 'hint' }, t('reports.previous', {
      from: formatDay(data.previous.from), to: formatDay(data.previous.to) })),
    h('ul', { class: 'figure-list' }, data.figures.map((figure) => figureCard(figure, data))));
}

// Horizontal bars of the table's first number column, labelled by the columns before it.
export function barChart(table, title, threshold) {
  const valueIndex = table.columns.findIndex((column, index) => index > 0 && column.type === 'number');
  if (valueIndex < 0 || table.rows.length < 2 || table.rows.length > MAX_BARS)
    return null;
  const labelOf = (row) => row.slice(0, valueIndex)
    .map((value, index) => cellText(value, table.columns[index], threshold, table.labels)).join(' ');
  const values = table.rows.map((row) => row[valueIndex]);
  const max = Math.max(1, ...values.filter((value) => typeof value === 'number'));
  const rowHeight = 26;
  const labelWidth = 220;
  const barWidth = 380;
  const width = labelWidth + barWidth + 90;
  const height = table.rows.length * rowHeight + 8;
  const titleId = `chart-${table.id}-title`;
  const chart = svg('svg', {
    class: 'chart', role: 'img', 'aria-labelledby': titleId,
    viewBox: `0 0 ${width} ${height}`, width, height, preserveAspectRatio: 'xMinYMin meet',
  }, svg('title', { id: titleId }, t('reports.chartOf', { title, column: pickText(table.columns[valueIndex].title) })));
  table.rows.forEach((row, index) => {
    const y = index * rowHeight + 4;
    const value = values[index];
    const label = labelOf(row);
    chart.append(svg('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end', class: 'chart-label' },
      label.length > 30 ? `${label.slice(0, 29)}…` : label));
    if (typeof value === 'number') {
      const length = Math.max(1, Math.round((value / max) * barWidth));
      chart.append(svg('rect', { x: labelWidth, y: y + 3, width: length, height: rowHeight - 8, class: 'chart-bar' },
        svg('title', {}, `${label}: ${formatNumber(value)}`)));
      chart.append(svg('text', { x: labelWidth + length + 6, y: y + 17, class: 'chart-value' }, formatNumber(value)));
    } else {
      chart.append(svg('text', { x: labelWidth + 6, y: y + 17, class: 'chart-value' },
        t('reports.suppressed', { threshold })));
    }
  });
  return h('figure', { class: 'chart-figure' }, chart);
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// The hour-of-week table as a grid, a row a weekday and a column an hour: each cell
// shows its number (a shade says the same, never alone), a suppressed one a dash.
function heatMap(table, title, threshold) {
  const [dayIndex, hourIndex, valueIndex] = ['weekday', 'hour', 'sessions']
    .map((id) => table.columns.findIndex((column) => column.id === id));
  if (dayIndex < 0 || hourIndex < 0 || valueIndex < 0)
    return null;
  const grid = WEEKDAYS.map(() => new Array(24).fill(0));
  for (const row of table.rows) {
    const day = row[dayIndex] - 1;
    const hour = row[hourIndex];
    if (day >= 0 && day < 7 && hour >= 0 && hour < 24)
      grid[day][hour] = row[valueIndex];
  }
  const max = Math.max(1, ...grid.flat().filter((value) => typeof value === 'number'));
  const level = (value) => (typeof value === 'number' && value > 0 ? Math.ceil((value / max) * 4) : 0);
  const captionId = `heat-${table.id}-caption`;
  return h('figure', { class: 'chart-figure' },
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
      h('table', { class: 'heat-map' },
        h('caption', { id: captionId }, t('reports.heatMapOf', { title })),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('reports.weekdayHour')),
          Array.from({ length: 24 }, (_, hour) => h('th', { scope: 'col' }, String(hour))))),
        h('tbody', {}, grid.map((hours, day) => h('tr', {},
          h('th', { scope: 'row' }, t(`day.${WEEKDAYS[day]}`)),
          hours.map((value) => h('td', {
            class: `heat-${level(value)}`,
            title: typeof value === 'number' ? null : t('reports.suppressed', { threshold }),
          }, typeof value === 'number' ? formatNumber(value) : '–'))))))));
}

export function reportDataTable(table, title, headingId, threshold, rowExtra) {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': headingId, tabindex: '0' },
    h('table', {},
      h('caption', { class: 'visually-hidden' }, title),
      h('thead', {}, h('tr', {}, table.columns.map((column) =>
        h('th', { scope: 'col', class: column.type === 'number' ? 'numeric' : null }, pickText(column.title))),
      rowExtra ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('reports.actions'))) : null)),
      h('tbody', {}, table.rows.map((row) => h('tr', {}, row.map((value, index) =>
        h('td', { class: table.columns[index]?.type === 'number' ? 'numeric' : null },
          cellText(value, table.columns[index] || {}, threshold, table.labels))),
      rowExtra ? h('td', {}, rowExtra(row)) : null)))));
}

// Reach's regions, each opening its kiosks; a kiosk opens the reports for it alone.
function drillDown(data, reload) {
  const regions = data.tables.find((table) => table.id === 'visits_by_region');
  const kiosks = data.tables.find((table) => table.id === 'visits_by_kiosk');
  if (!regions || !kiosks || !regions.rows.length)
    return null;
  const threshold = data.threshold;
  const kioskPart = h('div', { class: 'drill-kiosks', 'aria-live': 'polite' });
  const regionName = (code) => pickText(regions.labels?.region?.[code]) || code;
  const showRegion = (code) => {
    const headingId = `drill-${code || 'unknown'}`;
    const title = t('reports.kiosksOfRegion', { region: regionName(code) });
    const own = { ...kiosks, rows: kiosks.rows.filter((row) => row[0] === code) };
    replace(kioskPart, h('h3', { id: headingId, tabindex: '-1' }, title),
      reportDataTable(own, title, headingId, threshold, (row) => h('button', {
        type: 'button', class: 'secondary',
        on: { click: () => { filters.kiosks = [row[2]]; reload(); } },
      }, t('reports.onlyKiosk', { kiosk: pickText(kiosks.labels?.kiosk?.[row[2]]) || row[2] }))));
    kioskPart.querySelector('h3').focus();
  };
  return h('section', { class: 'report-table', 'aria-labelledby': 'drill-heading' },
    h('h2', { id: 'drill-heading' }, t('reports.drillDown')),
    h('p', { class: 'hint' }, t('reports.drillHint')),
    reportDataTable(regions, t('reports.drillDown'), 'drill-heading', threshold, (row) => h('button', {
      type: 'button', class: 'secondary', on: { click: () => showRegion(row[0]) },
    }, t('reports.showKiosks', { region: regionName(row[0]) }))),
    kioskPart,
    h('p', { class: 'actions' }, csvLink('reach', regions), ' ', csvLink('reach', kiosks)));
}

function csvLink(section, table) {
  // The codes and ids, and their names in the console's language beside them.
  const csv = api.staffUrl(`reports/${section}`, { ...period(), format: 'csv', table: table.id,
                                                   lang: getLanguage() });
  return h('a', { class: 'button secondary', href: csv, download: '' },
    t('reports.downloadCsv', { title: pickText(table.title) }));
}

function reportTable(section, table, threshold) {
  const title = pickText(table.title);
  const headingId = `table-${table.id}`;
  const body = table.rows.length
    ? reportDataTable(table, title, headingId, threshold)
    : h('p', { class: 'empty' }, t('reports.noRows'));
  const grid = table.id === 'hour_of_week' && table.rows.length ? heatMap(table, title, threshold) : null;
  return h('section', { class: 'report-table', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    grid || barChart(table, title, threshold),
    // 168 rows are for a spreadsheet, not for reading: folded under the grid.
    grid ? h('details', {}, h('summary', {}, t('reports.showList')), body) : body,
    h('p', {}, csvLink(section, table)));
}

// The sections, and the funnels evaluators define (funnels.js), @current marked.
export function sectionNav(current) {
  return h('nav', { class: 'section-nav', 'aria-label': t('reports.sections') },
    h('ul', {}, [...SECTIONS, 'funnels'].map((one) => h('li', {},
      h('a', { href: one === 'funnels' ? '#/funnels' : `#/reports/${one}`,
               'aria-current': one === current ? 'page' : null },
      t(`section.${one}`))))));
}

export function renderReport(main, section, ctx) {
  if (!SECTIONS.includes(section))
    section = SECTIONS[0];
  const sectionTitle = t(`section.${section}`);
  ctx.setTitle(`${t('reports.title')}: ${sectionTitle}`);
  const result = h('div', { class: 'report', 'aria-live': 'polite', 'aria-busy': 'false' });

  async function load(form) {
    result.setAttribute('aria-busy', 'true');
    replace(result, h('p', {}, t('app.loading')));
    try {
      const data = await api.get(`reports/${section}`, period());
      await loadKiosks();
      const kioskName = (id) => (kioskList || []).find((kiosk) => kiosk.id === id)?.name || id;
      replace(result,
        h('p', { class: 'report-meta' }, t('reports.meta', {
          from: formatDay(data.from), to: formatDay(data.to), threshold: data.threshold,
          kiosks: data.kiosks && data.kiosks.length ? data.kiosks.map(kioskName).join(', ') : t('reports.allKiosks'),
        })),
        figureList(data),
        section === 'reach' ? drillDown(data, () => rerender()) : null,
        data.tables.filter((table) => section !== 'reach' || !table.id.startsWith('visits_by_'))
          .map((table) => reportTable(section, table, data.threshold)));
    } catch (error) {
      replace(result);
      if (form)
        showError(form, error);
      else
        replace(result, h('p', { class: 'error-text', role: 'alert' }, errorMessage(error)));
    } finally {
      result.setAttribute('aria-busy', 'false');
    }
  }

  main.append(
    pageHeading(`${t('reports.title')}: ${sectionTitle}`),
    sectionNav(section),
    h('p', { class: 'lead' }, t(`sectionIntro.${section}`)),
    filterForm(load, t('reports.show')),
    result);
  // A drill-down changes the kiosk filter: the form shows it, and the report follows.
  const rerender = () => {
    const form = main.querySelector('form.filters');
    form.replaceWith(filterForm(load, t('reports.show')));
    load(null);
  };
  load(null);
}

export function renderExports(main, ctx) {
  ctx.setTitle(t('exports.title'));
  const links = h('div', { class: 'export-links' });
  // The kiosk filter is said in words: a filtered download never passes for the whole.
  const kioskNames = (ids) => ids.map((id) => (kioskList || []).find((kiosk) => kiosk.id === id)?.name || id);
  const link = (path, params, label) =>
    h('li', {}, h('a', { class: 'button', href: api.staffUrl(path, params), download: '' }, label));
  const draw = () => {
    const params = period();
    replace(links,
      h('p', {}, t('exports.period', { from: params.from, to: params.to })),
      h('p', {}, params.kiosk.length
        ? t('exports.someKiosks', { kiosks: kioskNames(params.kiosk).join(', ') })
        : t('exports.allKiosks')),
      h('ul', { class: 'link-list' },
        link('export/archive', params, t('exports.archive')),
        link('events/counts', params, t('exports.counts')),
        link('events/export', { ...params, format: 'csv' }, t('exports.csv')),
        link('events/export', { ...params, format: 'ndjson' }, t('exports.ndjson'))));
  };
  main.append(pageHeading(t('exports.title')), h('p', { class: 'lead' }, t('exports.intro')),
    filterForm(() => { draw(); ctx.announce(t('exports.ready')); }, t('exports.apply')),
    h('section', { 'aria-labelledby': 'export-files' }, h('h2', { id: 'export-files' }, t('exports.files')), links));
  draw();
}
