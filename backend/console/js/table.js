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
