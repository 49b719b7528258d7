// table.js — a data table in a scrollable, focusable, labelled region.

import { h } from './dom.js';

// columns: [{label, cell(row) → Node|string, numeric}]
export function dataTable({ caption, columns, rows, empty }) {
  if (!rows.length)
    return h('p', { class: 'empty' }, empty);
  const table = h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, columns.map((column) =>
      h('th', { scope: 'col', class: column.numeric ? 'numeric' : null }, column.label)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((column, index) => {
      const content = column.cell(row);
      return index === 0 && column.header !== false
        ? h('th', { scope: 'row', class: column.numeric ? 'numeric' : null }, content)
        : h('td', { class: column.numeric ? 'numeric' : null }, content);
    })))));
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' },
    table);
}

// One page of @rows (state.page, kept in the page's ctx.state) and, when there is more
// than a page, the navigation between pages; @redraw () draws the list again.
export function paged(rows, state, redraw, { size = 20, label, previous, next, pageOf }) {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  state.page = Math.min(state.page || 0, pages - 1);
  const shown = rows.slice(state.page * size, (state.page + 1) * size);
  const go = (delta) => {
    state.page += delta;
    redraw();
  };
  const pager = rows.length > size ? h('nav', { class: 'pager', 'aria-label': label },
    h('button', { type: 'button', class: 'secondary', disabled: state.page === 0,
                  on: { click: () => go(-1) } }, previous),
    h('span', {}, pageOf({ page: state.page + 1, pages, count: rows.length })),
    h('button', { type: 'button', class: 'secondary', disabled: state.page >= pages - 1,
                  on: { click: () => go(1) } }, next)) : null;
  return { rows: shown, pager };
}

// Whether @query (any case, any part) is in one of @texts.
export function matchesSearch(query, texts) {
  const wanted = (query || '').trim().toLocaleLowerCase();
  return !wanted || texts.some((text) => (text || '').toLocaleLowerCase().includes(wanted));
}

// Translation completeness on a list of content, whose items carry "missing" (the codes
// of the languages not yet translated into): a filter "Missing in Swedish" kept in
// state.missing, and a cell naming what is missing. @redraw () draws the list again.
export function missingFilter(state, redraw, { id, label, any, option, languages, name }) {
  const select = h('select', { id, on: { change: () => {
    state.missing = select.value;
    state.page = 0;
    redraw();
  } } }, h('option', { value: '' }, any),
  languages.map((lang) => h('option', { value: lang }, option(lang))));
  select.value = state.missing || '';
  return {
    element: h('div', { class: 'field' }, h('label', { for: id }, label), select),
    matches: (item) => !state.missing || (item.missing || []).includes(state.missing),
    cell: (item) => ((item.missing || []).length
      ? h('span', { class: 'badge warning' }, (item.missing || []).map(name).join(', ')) : ''),
  };
}
