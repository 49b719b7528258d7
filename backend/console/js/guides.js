// guides.js — the guides list and the guide editor: Finnish, Swedish and English
// side by side, steps added, removed and moved with buttons, and a preview drawn
// like the kiosk's guide page. Drafts are never seen by kiosks until published.

import { h, pageHeading, replace, clear } from './dom.js';
import { t, tIn, pickText, CONTENT_LANGUAGES } from './i18n.js';
import * as api from './api.js';
import { field, languageFields, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime, formatDay } from './format.js';
import { autosaver } from './autosave.js';
import { dataTable, paged, matchesSearch, missingFilter } from './table.js';

const MAX_STEPS = 30;

function statusLabel(status) {
  return t(`guideStatus.${status}`);
}

export function renderGuides(main, ctx) {
  ctx.setTitle(t('guides.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const dueOnly = h('input', { type: 'checkbox', id: 'guides-due', checked: Boolean(ctx.state.dueOnly) });
  let guides = [];
  let categories = {};
  const missing = missingFilter(ctx.state, () => show(), {
    id: 'guides-missing', label: t('translation.filter'), any: t('translation.any'),
    option: (lang) => t('translation.missingIn', { language: t(`language.${lang}`) }),
    languages: CONTENT_LANGUAGES.filter((lang) => lang !== 'fi'), name: (lang) => t(`language.${lang}`) });

  function show() {
    const found = guides.filter((g) => (!ctx.state.dueOnly || g.review_due) && missing.matches(g)
      && matchesSearch(ctx.state.search, [g.id, g.owner, categories[g.category],
        ...Object.values(g.title || {})]));
    const { rows, pager } = paged(found, ctx.state, show, {
      label: t('list.pages'), previous: t('list.previous'), next: t('list.next'),
      pageOf: (params) => t('list.pageOf', params) });
    replace(list, h('p', { class: 'queue-count' }, t('list.count', { shown: found.length, total: guides.length })),
      dataTable({
      caption: t('guides.caption'),
      empty: t('guides.empty'),
      rows,
      columns: [
        { label: t('guides.guideTitle'), cell: (g) => h('a', { href: `#/guides/${encodeURIComponent(g.id)}` }, pickText(g.title)) },
        { label: t('guides.status'), cell: (g) => h('span', { class: `badge status-${g.status.replace('+', '-')}` }, statusLabel(g.status)) },
        { label: t('guides.category'), cell: (g) => categories[g.category] || g.category },
        { label: t('guides.owner'), cell: (g) => g.owner || '' },
        { label: t('guides.reviewDate'), cell: (g) => formatDay(g.review_date) },
        { label: t('guides.reviewDue'), cell: (g) => (g.review_due ? h('span', { class: 'badge warning' }, t('guides.due')) : t('guides.notDue')) },
        { label: t('guides.steps'), numeric: true, cell: (g) => String(g.steps) },
        { label: t('translation.column'), cell: missing.cell },
        { label: t('guides.updated'), cell: (g) => [formatTime(g.updated), g.updated_by ? ` (${g.updated_by})` : ''].join('') },
      ],
    }), pager);
  }
  const search = h('input', { id: 'guides-search', type: 'search', value: ctx.state.search || '',
                              on: { input: () => { ctx.state.search = search.value; ctx.state.page = 0; show(); } } });

  dueOnly.addEventListener('change', () => {
    ctx.state.dueOnly = dueOnly.checked;
    ctx.state.page = 0;
    show();
  });

  main.append(
    pageHeading(t('guides.title')),
    h('p', { class: 'lead' }, t('guides.intro')),
    h('div', { class: 'toolbar' },
      h('a', { class: 'button', href: '#/guides/new' }, t('guides.new')),
      h('div', { class: 'field', role: 'search' }, h('label', { for: 'guides-search' }, t('guides.search')), search),
      missing.element,
      h('div', { class: 'field field-check' }, dueOnly, h('label', { for: 'guides-due' }, t('guides.dueOnly')))),
    list);

  Promise.all([api.get('guides'), api.get('categories').catch(() => ({ categories: [] }))])
    .then(([data, cats]) => {
      guides = data.guides;
      categories = Object.fromEntries(cats.categories.map((c) => [c.id, pickText(c.title)]));
      show();
    })
    .catch((error) => replace(list, h('p', { class: 'error-text' }, errorMessage(error))));
}

// The guides whose review date has come, for the front page: nothing when none is, or
// when they cannot be read (the page's own work goes on).
export function dueGuidesNotice() {
  const box = h('section', { class: 'due-guides', 'aria-labelledby': 'due-guides-title', hidden: true });
  api.get('guides').then(({ guides }) => {
    const due = guides.filter((guide) => guide.review_due);
    if (!due.length)
      return;
    replace(box,
      h('h2', { id: 'due-guides-title' }, t('guides.dueTitle')),
      h('ul', {}, due.map((guide) => h('li', {},
        h('a', { href: `#/guides/${encodeURIComponent(guide.id)}` }, pickText(guide.title)),
        ` – ${t('guides.dueSince', { day: formatDay(guide.review_date) })}`))));
    box.hidden = false;
  }).catch(() => {});
  return box;
}

function emptyGuide() {
  return {
    id: '', category: '', title: {}, summary: {}, steps: [{ text: {} }],
    related_organisations: [], owner: '', review_date: '',
  };
}

function slugify(text) {
  return (text || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
}

// The guide JSON to send: the model, with empty optional members left out.
function guideForSaving(model) {
  const guide = { ...model };
  guide.id = model.id || slugify(model.title.fi);
  guide.steps = model.steps.map((step) => {
    const one = { ...step, text: step.text };
    if (!one.image)
      delete one.image;
    if (!one.image_alt || !Object.keys(one.image_alt).length)
      delete one.image_alt;
    return one;
  });
  for (const member of ['owner', 'review_date'])
    if (!guide[member])
      delete guide[member];
  // No place given (empty or 0): after the guides that have one (docs/content-format.md).
  // Anything else goes as typed, for the API to refuse with the field's name.
  if (guide.position === '' || guide.position === undefined || Number(guide.position) === 0)
    delete guide.position;
  else if (/^-?\d+$/.test(String(guide.position).trim()))
    guide.position = Number(guide.position);
  if (!guide.summary || !Object.keys(guide.summary).length)
    delete guide.summary;
  return guide;
}

// A picture's name is the SHA-256 of its bytes (docs/api.md): only such a one is shown.
const PICTURE_NAME = /^[0-9a-f]{64}\.(png|jpg)$/;

// A step's picture: a file chosen is sent at once (the server makes it kiosk-sized and
// names it), shown beside the fields, and said in words for those who cannot see it.
function stepPicture(step, index, form, ctx, markDirty) {
  const n = index + 1;
  const path = `guide.steps[${index}].image`;
  const file = field({ label: t('editor.image', { n }), field: path, type: 'file', hint: t('editor.imageHint'),
                       attrs: { accept: 'image/png,image/jpeg' } });
  const alt = languageFields({ legend: t('editor.imageAlt', { n }), field: `guide.steps[${index}].image_alt`,
                               value: step.image_alt, maxlength: 300 });
  // An img only while the step has a picture: none stands empty in the page.
  const thumbnail = h('div', { class: 'step-picture-box' });
  const altText = () => pickText(step.image_alt) || t('editor.imagePreview', { n });
  alt.element.addEventListener('input', () => {
    step.image_alt = alt.read();
    const img = thumbnail.querySelector('img');
    if (img)
      img.alt = altText();
  });
  const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': t('editor.imageRemoveN', { n }),
                               on: { click: () => {
                                 step.image = '';
                                 markDirty();
                                 showPicture();
                                 file.input.focus();
                               } } }, t('editor.imageRemove'));
  const status = h('p', { class: 'hint', role: 'status' });
  function showPicture() {
    remove.hidden = !step.image;
    clear(thumbnail);
    if (step.image && PICTURE_NAME.test(step.image))
      thumbnail.append(h('img', { class: 'step-picture', width: 240, height: 180,
                                  src: api.staffUrl(`images/${step.image}`), alt: altText() }));
  }
  file.input.addEventListener('change', async () => {
    const chosen = file.input.files[0];
    if (!chosen)
      return;
    clearErrors(form);
    status.textContent = t('editor.imageUploading');
    try {
      const result = await api.upload('images', chosen);
      step.image = result.name;
      status.textContent = '';
      markDirty();
      showPicture();
      ctx.announce(t('editor.imageUploaded', { n }));
    } catch (error) {
      status.textContent = '';
      // The upload's field is "image": this step's.
      error.field = path;
      showError(form, error);
    }
    file.input.value = '';
  });
  showPicture();
  const element = h('div', { class: 'step-picture-fields' },
    h('div', { class: 'step-picture-row' }, h('div', {}, file.element, remove, status), thumbnail),
    alt.element);
  return { element };
}

// The kiosk's guide page, small: title, summary, one step at a time.
function preview(model, state) {
  const lang = state.previewLang || 'fi';
  const steps = model.steps;
  const index = Math.min(state.previewStep || 0, steps.length - 1);
  const text = (value) => (value && (value[lang] || value.fi)) || '';
  const langButtons = h('div', { class: 'preview-langs', role: 'group', 'aria-label': t('preview.language') },
    CONTENT_LANGUAGES.map((one) => h('button', {
      type: 'button', lang: one, 'aria-pressed': String(one === lang),
      on: { click: () => { state.previewLang = one; state.redrawPreview(); } },
    }, t(`language.${one}`))));
  const screen = h('div', { class: 'kiosk-screen', lang },
    h('div', { class: 'kiosk-bar' }, h('span', {}, tIn(lang, 'preview.home')), h('span', {}, tIn(lang, 'preview.back'))),
    h('div', { class: 'kiosk-page' },
      h('p', { class: 'kiosk-title' }, text(model.title) || tIn(lang, 'preview.noTitle')),
      text(model.summary) ? h('p', { class: 'kiosk-summary' }, text(model.summary)) : null,
      h('p', { class: 'kiosk-step-count' }, tIn(lang, 'preview.stepOf', { n: index + 1, count: steps.length })),
      h('p', { class: 'kiosk-step' }, text(steps[index]?.text) || '…'),
      h('div', { class: 'kiosk-nav' },
        h('button', { type: 'button', disabled: index === 0,
                      on: { click: () => { state.previewStep = index - 1; state.redrawPreview(); } } },
          tIn(lang, 'preview.previous')),
        h('button', { type: 'button', disabled: index >= steps.length - 1,
                      on: { click: () => { state.previewStep = index + 1; state.redrawPreview(); } } },
          tIn(lang, 'preview.next')))));
  return [langButtons, screen];
}

export function renderGuideEditor(main, id, ctx) {
  const state = ctx.state;
  const isNew = id === 'new';
  const heading = pageHeading(isNew ? t('editor.newTitle') : t('editor.title'));
  const body = h('div', {}, h('p', {}, t('app.loading')));
  ctx.setTitle(isNew ? t('editor.newTitle') : t('editor.title'));
  main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/guides' }, t('editor.back')),
    isNew ? null : h('a', { href: `#/history/guide/${encodeURIComponent(id)}` }, t('history.link'))),
  heading, body);

  async function load() {
    const [categories, organisations] = await Promise.all([
      api.get('categories').then((d) => d.categories).catch(() => []),
      api.get('organisations').then((d) => d.organisations).catch(() => null),
    ]);
    state.categories = categories;
    state.organisations = organisations;
    if (isNew) {
      state.model = emptyGuide();
      state.model.category = categories[0]?.id || '';
      state.published = null;
      state.draft = null;
    } else {
      const data = await api.get('guide', { id });
      state.published = data.published;
      state.draft = data.draft;
      state.model = structuredClone(data.draft || data.published);
      if (!state.model.steps?.length)
        state.model.steps = [{ text: {} }];
      state.model.title ||= {};
      state.model.summary ||= {};
      state.model.related_organisations ||= [];
    }
    state.dirty = false;
  }

  function draw() {
    const model = state.model;
    if (!isNew && model.title?.fi) {
      heading.textContent = t('editor.titleOf', { title: pickText(model.title) });
      ctx.setTitle(heading.textContent);
    }
    const form = h('form', { class: 'editor', novalidate: true });
    const drafts = autosaver(state, {
      save: async () => {
        const guide = guideForSaving(model);
        const result = await api.post('guides/draft', { guide });
        model.id = result.id || guide.id;
        state.draft ||= model;
        return model.id;
      },
      canSave: () => Boolean(guideForSaving(model).id),
      alive: () => main.isConnected,
    });
    const markDirty = () => {
      drafts.edited();
      state.redrawPreview();
    };
    // Every input (text, select, checkbox) fires input; change would also fire when a
    // text field merely loses the focus, marking saved work unsaved again.
    form.addEventListener('input', markDirty);

    const statusText = state.draft && state.published ? t('guideStatus.published+draft')
      : state.draft ? t('guideStatus.draft')
        : state.published ? t('guideStatus.published') : t('editor.unsaved');
    const status = h('p', { class: 'editor-status' }, t('editor.status', { status: statusText }));

    // Basics
    const idField = field({ label: t('editor.id'), field: 'guide.id', value: model.id,
                            hint: t('editor.idHint'),
                            attrs: { readOnly: !isNew, pattern: '[a-z0-9-]{1,64}', maxlength: 64 } });
    idField.input.addEventListener('input', () => { model.id = idField.input.value.trim(); });
    const categoryField = field({ label: t('editor.category'), field: 'guide.category', required: true,
      value: model.category,
      options: (state.categories.length ? state.categories : [{ id: model.category, title: { fi: model.category } }])
        .map((c) => ({ value: c.id, label: pickText(c.title) })) });
    categoryField.input.addEventListener('change', () => { model.category = categoryField.input.value; });
    const ownerField = field({ label: t('editor.owner'), field: 'guide.owner', value: model.owner });
    ownerField.input.addEventListener('input', () => { model.owner = ownerField.input.value; });
    const reviewField = field({ label: t('editor.reviewDate'), field: 'guide.review_date', type: 'date',
                                value: model.review_date });
    reviewField.input.addEventListener('input', () => { model.review_date = reviewField.input.value; });
    const positionField = field({ label: t('editor.position'), field: 'guide.position', type: 'number',
                                  value: model.position ?? '', hint: t('editor.positionHint'),
                                  attrs: { min: -10000, max: 10000, step: 1 } });
    positionField.input.addEventListener('input', () => { model.position = positionField.input.value; });

    const title = languageFields({ legend: t('editor.guideTitle'), field: 'guide.title',
                                   value: model.title, required: true, maxlength: 120 });
    const summary = languageFields({ legend: t('editor.summary'), field: 'guide.summary',
                                     value: model.summary, multiline: true, rows: 2, maxlength: 400 });
    title.element.addEventListener('input', () => { model.title = title.read(); });
    summary.element.addEventListener('input', () => { model.summary = summary.read(); });

    // Steps
    const stepList = h('ol', { class: 'steps' });
    function drawSteps(focus) {
      clear(stepList);
      model.steps.forEach((step, index) => {
        const n = index + 1;
        const text = languageFields({ legend: t('editor.stepText', { n }), field: `guide.steps[${index}].text`,
                                      value: step.text, multiline: true, rows: 4, maxlength: 1000,
                                      required: true });
        text.element.addEventListener('input', () => { step.text = text.read(); });
        const image = stepPicture(step, index, form, ctx, markDirty);
        const move = (delta, which) => {
          const [moved] = model.steps.splice(index, 1);
          model.steps.splice(index + delta, 0, moved);
          markDirty();
          drawSteps({ index: index + delta, which });
        };
        const up = h('button', { type: 'button', class: 'secondary', disabled: index === 0,
                                 'aria-label': t('editor.moveUpN', { n }), on: { click: () => move(-1, 'up') } },
          t('editor.moveUp'));
        const down = h('button', { type: 'button', class: 'secondary', disabled: index === model.steps.length - 1,
                                   'aria-label': t('editor.moveDownN', { n }), on: { click: () => move(1, 'down') } },
          t('editor.moveDown'));
        const remove = h('button', { type: 'button', class: 'danger', disabled: model.steps.length === 1,
                                     'aria-label': t('editor.removeN', { n }),
                                     on: { click: () => {
                                       model.steps.splice(index, 1);
                                       markDirty();
                                       drawSteps({ index: Math.min(index, model.steps.length - 1), which: 'text' });
                                       ctx.announce(t('editor.removed', { n }));
                                     } } },
          t('editor.remove'));
        const item = h('li', { class: 'step' }, text.element, image.element,
          h('div', { class: 'step-actions' }, up, down, remove));
        stepList.append(item);
        if (focus && focus.index === index) {
          let target = focus.which === 'up' ? up : focus.which === 'down' ? down : text.inputs.fi;
          if (target.disabled)
            target = target === up ? down : up;
          if (target.disabled)
            target = text.inputs.fi;
          target.focus();
        }
      });
      addStep.disabled = model.steps.length >= MAX_STEPS;
    }
    const addStep = h('button', { type: 'button', class: 'secondary', on: { click: () => {
      model.steps.push({ text: {} });
      markDirty();
      drawSteps({ index: model.steps.length - 1, which: 'text' });
      ctx.announce(t('editor.added', { n: model.steps.length }));
    } } }, t('editor.addStep'));
    drawSteps(null);

    // Related organisations
    let related = null;
    if (state.organisations && state.organisations.length) {
      related = h('fieldset', { class: 'related' }, h('legend', {}, t('editor.related')),
        h('div', { class: 'check-columns' }, state.organisations.map((org) => {
          const one = field({ label: pickText(org.name), type: 'checkbox',
                              field: 'guide.related_organisations',
                              value: model.related_organisations.includes(org.id) });
          one.input.addEventListener('change', () => {
            const set = new Set(model.related_organisations);
            if (one.input.checked)
              set.add(org.id);
            else
              set.delete(org.id);
            model.related_organisations = [...set];
          });
          return one.element;
        })));
    }

    // Actions
    const save = h('button', { type: 'submit' }, t('editor.saveDraft'));
    const publish = h('button', { type: 'button', class: 'primary-strong' }, t('editor.publish'));
    const discard = h('button', { type: 'button', class: 'secondary', disabled: !state.draft }, t('editor.discard'));
    const deleteButton = h('button', { type: 'button', class: 'danger', hidden: isNew }, t('editor.delete'));
    const confirmBox = h('div', { class: 'confirm', hidden: true });

    async function saveDraft() {
      clearErrors(form);
      return drafts.send();
    }
    ctx.guardLeaving(() => state.dirty);

    async function reloadAfter(message, newId) {
      ctx.announce(message);
      if (isNew && newId) {
        ctx.navigate(`guides/${encodeURIComponent(newId)}`);
        return;
      }
      await load();
      draw();
    }

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      save.disabled = true;
      try {
        const savedId = await saveDraft();
        await reloadAfter(t('editor.saved'), savedId);
      } catch (error) {
        showError(form, error);
      } finally {
        save.disabled = false;
      }
    });
    publish.addEventListener('click', async () => {
      publish.disabled = true;
      try {
        const savedId = await saveDraft();
        await api.post('guides/publish', { id: savedId });
        await reloadAfter(t('editor.published'), savedId);
      } catch (error) {
        showError(form, error);
      } finally {
        publish.disabled = false;
      }
    });
    discard.addEventListener('click', async () => {
      try {
        await api.post('guides/discard-draft', { id: model.id });
        if (!state.published) {
          ctx.announce(t('editor.discarded'));
          ctx.navigate('guides');
          return;
        }
        await reloadAfter(t('editor.discarded'));
      } catch (error) {
        showError(form, error);
      }
    });
    deleteButton.addEventListener('click', () => {
      replace(confirmBox,
        h('p', {}, t('editor.confirmDelete', { title: pickText(model.title) })),
        h('button', { type: 'button', class: 'danger', on: { click: async () => {
          try {
            await api.post('guides/delete', { id: model.id });
            ctx.announce(t('editor.deleted'));
            ctx.navigate('guides');
          } catch (error) {
            showError(form, error);
          }
        } } }, t('editor.deleteForGood')),
        h('button', { type: 'button', class: 'secondary', on: { click: () => {
          confirmBox.hidden = true;
          deleteButton.focus();
        } } }, t('editor.keep')));
      confirmBox.hidden = false;
      confirmBox.querySelector('button').focus();
    });

    const previewBox = h('div', { class: 'preview-body' });
    state.redrawPreview = () => replace(previewBox, preview(model, state));
    state.redrawPreview();

    replace(form,
      status,
      drafts.element,
      errorRegion(),
      h('section', { 'aria-labelledby': 'editor-basics' }, h('h2', { id: 'editor-basics' }, t('editor.basics')),
        h('div', { class: 'grid' }, idField.element, categoryField.element, ownerField.element, reviewField.element,
          positionField.element)),
      h('section', { 'aria-labelledby': 'editor-text' }, h('h2', { id: 'editor-text' }, t('editor.texts')),
        title.element, summary.element),
      h('section', { 'aria-labelledby': 'editor-steps' }, h('h2', { id: 'editor-steps' }, t('editor.steps')),
        stepList, h('div', { class: 'actions' }, addStep)),
      related ? h('section', { 'aria-labelledby': 'editor-related' },
        h('h2', { id: 'editor-related' }, t('editor.relatedTitle')), related) : null,
      h('section', { class: 'preview', 'aria-labelledby': 'editor-preview' },
        h('h2', { id: 'editor-preview' }, t('preview.title')), previewBox),
      h('div', { class: 'actions sticky-actions' }, save, publish, discard, deleteButton),
      confirmBox);
    replace(body, form);
  }

  if (state.model) {
    draw();
    return;
  }
  load().then(draw).catch((error) => replace(body, h('p', { class: 'error-text' }, errorMessage(error))));
}
