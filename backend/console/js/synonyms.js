// synonyms.js — the words the kiosks' directory search takes as one: "terveyskeskus"
// finds "terveysasema", and a word of need ("apua", "hjälp") every digital-support point.
// A change is published at once and reaches the kiosks with their next sync; the server
// audits each (backend/api/server-staff-synonyms-api.c).

import { h, pageHeading, replace } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime } from './format.js';
import { dataTable } from './table.js';
import { confirmDialog } from './dialogs.js';

// As common/nv-organisation.c lists them.
const KINDS = ['library', 'digital-support', 'health-centre', 'kela', 'municipal-service',
  'association', 'parish', 'red-cross', 'other'];

// The words as typed, one group: separated by commas, semicolons or spaces.
function readWords(text) {
  return text.split(/[,;\s]+/).map((word) => word.trim()).filter(Boolean);
}

// A new group's id from its first word ("hälsocentral" → "halsocentral"), unique.
function newId(words, taken) {
  const base = (words[0] || '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'group';
  let id = base;
  for (let n = 2; taken.has(id); n++)
    id = `${base}-${n}`;
  return id;
}

function wordsText(group) {
  return group.words.join(', ');
}

export function renderSynonyms(main, ctx) {
  ctx.setTitle(t('synonyms.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const listError = h('div', { class: 'form-error', role: 'alert' });
  let groups = [];
  let editing = null; // the group being edited; null: a new one

  const words = field({ label: t('synonyms.words'), field: 'synonym.words', required: true,
                        hint: t('synonyms.wordsHint'), wide: true });
  const kind = field({
    label: t('synonyms.kind'),
    field: 'synonym.kind',
    hint: t('synonyms.kindHint'),
    options: [{ value: '', label: t('synonyms.noKind') },
      ...KINDS.map((value) => ({ value, label: t(`kind.${value}`) }))],
  });
  const formTitle = h('h2', { id: 'synonyms-form-title' }, t('synonyms.addTitle'));
  const save = h('button', { type: 'submit' }, t('synonyms.save'));
  const cancel = h('button', { type: 'button', class: 'secondary',
                               on: { click: () => edit(null) } }, t('synonyms.cancelEdit'));
  const actions = h('div', { class: 'form-actions' }, save);
  const form = h('form', { class: 'stack', novalidate: true },
    errorRegion(), words.element, kind.element, actions);

  function edit(group) {
    editing = group;
    clearErrors(form);
    words.input.value = group ? wordsText(group) : '';
    kind.input.value = group?.kind ?? '';
    formTitle.textContent = group ? t('synonyms.editTitle', { words: wordsText(group) })
                                  : t('synonyms.addTitle');
    replace(actions, save, group ? cancel : null);
    if (group)
      words.input.focus();
  }

  async function remove(group) {
    listError.textContent = '';
    if (!await confirmDialog({
      title: t('synonyms.deleteTitle'),
      question: t('synonyms.deleteQuestion', { words: wordsText(group) }),
      confirm: t('synonyms.delete'),
      cancel: t('synonyms.keep'),
      danger: true,
    }))
      return;
    try {
      await api.post('synonyms/delete', { id: group.id });
      if (editing?.id === group.id)
        edit(null);
      ctx.announce(t('synonyms.deleted', { words: wordsText(group) }));
      await load();
    } catch (failure) {
      listError.textContent = errorMessage(failure);
    }
  }

  async function load() {
    try {
      // In the order an advisor reads them: by the first word, as Finnish sorts.
      groups = (await api.get('synonyms')).synonyms
        .sort((a, b) => a.words[0].localeCompare(b.words[0], 'fi'));
      replace(list, dataTable({
        caption: t('synonyms.caption'),
        empty: t('synonyms.empty'),
        rows: groups,
        columns: [
          { label: t('synonyms.words'), cell: wordsText },
          { label: t('synonyms.kindColumn'), cell: (g) => (g.kind ? t(`kind.${g.kind}`) : '') },
          { label: t('synonyms.changed'), cell: (g) => (g.updated
            ? t('synonyms.changedBy', { name: g.updated_by ?? '', time: formatTime(g.updated) })
            : t('synonyms.seeded')) },
          { label: t('queue.actions'), cell: (g) => [
            h('button', { type: 'button', class: 'secondary',
                          'aria-label': t('synonyms.editFor', { words: wordsText(g) }),
                          on: { click: () => edit(g) } }, t('synonyms.edit')),
            ' ',
            h('button', { type: 'button', class: 'danger',
                          'aria-label': t('synonyms.deleteFor', { words: wordsText(g) }),
                          on: { click: () => remove(g) } }, t('synonyms.delete'))] },
        ],
      }));
    } catch (failure) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(failure)));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const typed = readWords(words.input.value);
    const id = editing ? editing.id : newId(typed, new Set(groups.map((g) => g.id)));
    const group = { id, words: typed };
    if (kind.input.value)
      group.kind = kind.input.value;
    try {
      await api.post('synonyms', { synonym: group });
      ctx.announce(t('synonyms.saved', { words: typed.join(', ') }));
      edit(null);
      await load();
    } catch (failure) {
      showError(form, failure);
    }
  });

  main.append(
    pageHeading(t('synonyms.title')),
    h('p', { class: 'lead' }, t('synonyms.intro')),
    listError,
    list,
    h('section', { 'aria-labelledby': 'synonyms-form-title' }, formTitle, form));
  load();
}
