// history.js — the versions of a guide or an organisation: who published what and
// when, the fields that differ between two versions side by side, and restoring an
// earlier version, which publishes it again as a new one (kiosks get it at their next
// sync). Reached from the editors: #/history/guide/omaolo.

import { h, pageHeading, replace } from './dom.js';
import { t, pickText, LANGUAGES } from './i18n.js';
import { STRINGS } from './strings.js';
import * as api from './api.js';
import { errorMessage } from './forms.js';
import { formatTime } from './format.js';
import { dataTable } from './table.js';
import { confirmDialog } from './dialogs.js';

const EDITORS = { guide: 'guides', organisation: 'organisations' };

// Every leaf of a document by its path ("steps[1].text.fi"), as text; a list of plain
// values (related organisations, languages) is one leaf. Empty values are left out, so
// that absent and empty compare the same.
export function flatten(value, path = '', into = new Map()) {
  if (Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object'))
    value.forEach((item, index) => flatten(item, `${path}[${index}]`, into));
  else if (Array.isArray(value)) {
    if (value.length)
      into.set(path, value.join(', '));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, path ? `${path}.${key}` : key, into);
  } else if (value !== undefined && value !== null && value !== '')
    into.set(path, String(value));
  return into;
}

// The fields whose text differs between two documents: [{path, before, after}], before
// or after null where the field is absent.
export function differences(older, newer) {
  const before = flatten(older);
  const after = flatten(newer);
  return [...new Set([...before.keys(), ...after.keys()])]
    .filter((path) => before.get(path) !== after.get(path))
    .map((path) => ({ path, before: before.get(path) ?? null, after: after.get(path) ?? null }));
}

function partName(name) {
  const key = `history.part.${name}`;
  return key in STRINGS.en ? t(key) : name;
}

// "steps[1].text.fi" → "Step 2 › Text › Finnish".
export function fieldLabel(path) {
  return path.split('.').map((segment) => {
    const item = /^(\w+)\[(\d+)\]$/.exec(segment);
    if (item)
      return `${partName(item[1])} ${Number(item[2]) + 1}`;
    if (LANGUAGES.includes(segment))
      return t(`language.${segment}`);
    return partName(segment);
  }).join(' › ');
}

function versionName(version) {
  return t('history.versionN', { n: version.revision });
}

function changedBy(version) {
  return version.changed_by || t('history.notByStaff');
}

export function renderHistory(main, kind, id, ctx) {
  const state = ctx.state;
  if (!EDITORS[kind] || !id) {
    ctx.navigate('guides');
    return;
  }
  const heading = pageHeading(t('history.title'));
  const body = h('div', {}, h('p', {}, t('app.loading')));
  const error = h('div', { class: 'form-error', role: 'alert' });
  ctx.setTitle(t('history.title'));
  main.append(
    h('p', { class: 'breadcrumb' },
      h('a', { href: `#/${EDITORS[kind]}/${encodeURIComponent(id)}` }, t('history.back'))),
    heading, h('p', { class: 'lead' }, t('history.intro')), error, body);

  // Documents already read, by revision: comparing again reads nothing.
  state.documents ||= new Map();
  async function documentOf(revision) {
    if (!state.documents.has(revision)) {
      const answer = await api.get('version', { kind, id, revision });
      state.documents.set(revision, answer.document);
    }
    return state.documents.get(revision);
  }

  async function restore(version, button) {
    const yes = await confirmDialog({
      title: t('history.confirmTitle', { n: version.revision }),
      question: t('history.confirmQuestion', { n: version.revision }),
      confirm: t('history.restoreYes'),
      cancel: t('history.keep'),
    });
    if (!yes)
      return;
    button.disabled = true;
    error.textContent = '';
    try {
      const answer = await api.post('versions/restore', { kind, id, revision: version.revision });
      state.versions = null;
      state.from = null;
      state.to = null;
      await load();
      ctx.announce(t('history.restored', { n: version.revision, m: answer.revision }));
      draw();
      heading.focus();
    } catch (failure) {
      button.disabled = false;
      error.textContent = errorMessage(failure);
    }
  }

  async function load() {
    const answer = await api.get('versions', { kind, id });
    state.versions = answer.versions;
    state.current = answer.current;
    const newest = state.versions[0];
    state.to ??= newest.revision;
    state.from ??= (state.versions[1] || newest).revision;
    state.title = (await documentOf(newest.revision))[kind === 'guide' ? 'title' : 'name'];
  }

  function versionSelect(idText, label, value, onChange) {
    const select = h('select', { id: idText, on: { change: () => onChange(Number(select.value)) } },
      state.versions.map((version) => h('option', { value: String(version.revision),
                                                    selected: version.revision === value },
        `${versionName(version)} – ${formatTime(version.changed_at)} – ${changedBy(version)}`)));
    select.value = String(value);
    return h('div', { class: 'field' }, h('label', { for: idText }, label), select);
  }

  async function drawDiff(box) {
    const [older, newer] = await Promise.all([documentOf(state.from), documentOf(state.to)]);
    const rows = differences(older, newer);
    const from = t('history.versionN', { n: state.from });
    const to = t('history.versionN', { n: state.to });
    replace(box, dataTable({
      caption: t('history.diffCaption', { from, to }),
      empty: t('history.same'),
      rows,
      columns: [
        { label: t('history.field'), cell: (row) => fieldLabel(row.path) },
        { label: from, cell: (row) => (row.before === null
          ? h('span', { class: 'muted' }, t('history.absent')) : h('span', { class: 'diff-before' }, row.before)) },
        { label: to, cell: (row) => (row.after === null
          ? h('span', { class: 'muted' }, t('history.absent')) : h('span', { class: 'diff-after' }, row.after)) },
      ],
    }));
  }

  function draw() {
    heading.textContent = t('history.titleOf', { title: pickText(state.title) });
    ctx.setTitle(heading.textContent);
    const diffBox = h('div', { class: 'history-diff' }, h('p', {}, t('app.loading')));
    const redrawDiff = () => drawDiff(diffBox)
      .catch((failure) => replace(diffBox, h('p', { class: 'error-text' }, errorMessage(failure))));
    const compare = h('section', { 'aria-labelledby': 'history-compare' },
      h('h2', { id: 'history-compare' }, t('history.compare')),
      h('div', { class: 'toolbar' },
        versionSelect('history-from', t('history.from'), state.from, (value) => { state.from = value; redrawDiff(); }),
        versionSelect('history-to', t('history.to'), state.to, (value) => { state.to = value; redrawDiff(); })),
      diffBox);
    const list = h('section', { class: 'history-versions', 'aria-labelledby': 'history-versions' },
      h('h2', { id: 'history-versions' }, t('history.versions')),
      dataTable({
        caption: t('history.caption'),
        empty: t('history.none'),
        rows: state.versions,
        columns: [
          { label: t('history.version'), cell: (version) => [versionName(version),
            version.revision === state.current ? h('span', { class: 'badge status-published' }, t('history.current')) : null] },
          { label: t('history.changedAt'), cell: (version) => formatTime(version.changed_at) },
          { label: t('history.changedBy'), cell: (version) => changedBy(version) },
          { label: t('versions.note'), cell: (version) => (version.restored_from
            ? t('history.restoredFrom', { n: version.restored_from }) : '') },
          { label: t('history.action'), cell: (version) => {
            if (version.revision === state.current)
              return '';
            const button = h('button', { type: 'button', class: 'secondary' }, t('history.restore', { n: version.revision }));
            button.addEventListener('click', () => restore(version, button));
            return button;
          } },
        ],
      }));
    replace(body, compare, list);
    redrawDiff();
  }

  if (state.versions) {
    draw();
    return;
  }
  load().then(draw).catch((failure) => replace(body, h('p', { class: 'error-text' }, errorMessage(failure))));
}
