// reports.js — the evaluators' reports (tables with simple bar charts, a CSV of
// each table) and the usage event exports, for a period and a choice of kiosks.

import { h, svg, pageHeading, replace } from './dom.js';
import { t, pickText } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatNumber, formatTime, helsinkiToday } from './format.js';

export const SECTIONS = ['reach', 'demand', 'friction', 'handover', 'experience', 'operations'];
const MAX_BARS = 40;

// The period and kiosks, shared by every report and the exports while signed in.
const filters = { from: null, to: null, kiosks: [] };
let kioskList = null;

function period() {
  filters.from ||= helsinkiToday(-29);
  filters.to ||= helsinkiToday();
  return { from: filters.from, to: filters.to, kiosk: filters.kiosks };
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
function filterForm(apply, submitLabel) {
  const form = h('form', { class: 'card filters', novalidate: true });
  const { from, to } = period();
  const fromField = field({ label: t('reports.from'), field: 'from', type: 'date', value: from, required: true });
  const toField = field({ label: t('reports.to'), field: 'to', type: 'date', value: to, required: true });
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
    h('div', { class: 'grid' }, fromField.element, toField.element), kioskBox,
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
    filters.from = fromField.input.value;
    filters.to = toField.input.value;
    filters.kiosks = [...form.querySelectorAll('input[data-kiosk]:checked')].map((input) => input.value);
    apply(form);
  });
  return form;
}

function cellText(value, column, threshold) {
  if (value === null || value === undefined)
    return column.type === 'number' ? t('reports.suppressed', { threshold }) : '';
  if (column.type === 'number')
    return formatNumber(value);
  if (column.type === 'time')
    return formatTime(value);
  return String(value);
}

// Horizontal bars of the table's first number column, labelled by the columns before it.
function barChart(table, title, threshold) {
  const valueIndex = table.columns.findIndex((column, index) => index > 0 && column.type === 'number');
  if (valueIndex < 0 || table.rows.length < 2 || table.rows.length > MAX_BARS)
    return null;
  const labelOf = (row) => row.slice(0, valueIndex)
    .map((value, index) => cellText(value, table.columns[index], threshold)).join(' ');
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

function reportTable(section, table, threshold) {
  const title = pickText(table.title);
  const headingId = `table-${table.id}`;
  const csv = api.staffUrl(`reports/${section}`, { ...period(), format: 'csv', table: table.id });
  const body = table.rows.length
    ? h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': headingId, tabindex: '0' },
      h('table', {},
        h('caption', { class: 'visually-hidden' }, title),
        h('thead', {}, h('tr', {}, table.columns.map((column) =>
          h('th', { scope: 'col', class: column.type === 'number' ? 'numeric' : null }, pickText(column.title))))),
        h('tbody', {}, table.rows.map((row) => h('tr', {}, row.map((value, index) =>
          h('td', { class: table.columns[index]?.type === 'number' ? 'numeric' : null },
            cellText(value, table.columns[index] || {}, threshold))))))))
    : h('p', { class: 'empty' }, t('reports.noRows'));
  const grid = table.id === 'hour_of_week' && table.rows.length ? heatMap(table, title, threshold) : null;
  return h('section', { class: 'report-table', 'aria-labelledby': headingId },
    h('h2', { id: headingId }, title),
    grid || barChart(table, title, threshold),
    // 168 rows are for a spreadsheet, not for reading: folded under the grid.
    grid ? h('details', {}, h('summary', {}, t('reports.showList')), body) : body,
    h('p', {}, h('a', { class: 'button secondary', href: csv, download: '' },
      t('reports.downloadCsv', { title }))));
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
      replace(result,
        h('p', { class: 'report-meta' }, t('reports.meta', {
          from: data.from, to: data.to, threshold: data.threshold,
          kiosks: data.kiosks && data.kiosks.length ? data.kiosks.join(', ') : t('reports.allKiosks'),
        })),
        data.tables.map((table) => reportTable(section, table, data.threshold)));
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
    h('nav', { class: 'section-nav', 'aria-label': t('reports.sections') },
      h('ul', {}, SECTIONS.map((one) => h('li', {},
        h('a', { href: `#/reports/${one}`, 'aria-current': one === section ? 'page' : null },
          t(`section.${one}`)))))),
    h('p', { class: 'lead' }, t(`sectionIntro.${section}`)),
    filterForm(load, t('reports.show')),
    result);
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
