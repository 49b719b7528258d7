// forms.js — labelled inputs, the three languages side by side, and errors that are
// announced and tied to the input the API's "field" path names.

import { h, uniqueId, clear } from './dom.js';
import { t, CONTENT_LANGUAGES } from './i18n.js';
import { STRINGS } from './strings.js';

// A labelled input, select or text area. @field is the API's path for it
// ("guide.title.fi"), used to find it when the API names it in an error.
export function field({ label, field, type = 'text', value, required, hint, multiline, rows,
                        options, attrs = {}, wide }) {
  const id = uniqueId('f');
  let input;
  if (options) {
    input = h('select', { id, ...attrs },
      options.map((option) => h('option', { value: option.value, selected: option.value === value },
        option.label)));
  } else if (multiline) {
    input = h('textarea', { id, rows: rows || 3, ...attrs });
    input.value = value ?? '';
  } else {
    input = h('input', { id, type, ...attrs });
    if (type === 'checkbox')
      input.checked = Boolean(value);
    else
      input.value = value ?? '';
  }
  if (required)
    input.required = true;
  if (field)
    input.dataset.field = field;
  const hintElement = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintElement)
    input.setAttribute('aria-describedby', hintElement.id);
  const labelElement = h('label', { for: id }, label,
    required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null);
  const wrapper = type === 'checkbox'
    ? h('div', { class: 'field field-check' }, input, labelElement, hintElement)
    : h('div', { class: wide ? 'field field-wide' : 'field' }, labelElement, hintElement, input);
  return { element: wrapper, input };
}

// Text in Finnish, Swedish, English and plain Finnish side by side: {fi, sv, en, fi-x-selko}.
export function languageFields({ legend, field: path, value = {}, multiline, rows, maxlength,
                                 required }) {
  const inputs = {};
  const columns = CONTENT_LANGUAGES.map((lang) => {
    const one = field({
      label: t(`language.${lang}`),
      field: `${path}.${lang}`,
      value: value ? value[lang] : '',
      multiline,
      rows,
      required: required && lang === 'fi',
      attrs: { lang, maxlength },
    });
    inputs[lang] = one.input;
    return one.element;
  });
  const element = h('fieldset', { class: 'languages' },
    h('legend', {}, legend), h('div', { class: 'language-columns' }, columns));
  return {
    element,
    inputs,
    read() {
      const text = {};
      for (const lang of CONTENT_LANGUAGES) {
        const one = inputs[lang].value.trim();
        if (one !== '')
          text[lang] = one;
      }
      return text;
    },
  };
}

// A sentence for the person, from an ApiError or a check made here ({local, field, message}).
export function errorMessage(error) {
  if (error.local)
    return error.message;
  switch (error.status) {
  case 0:
    return t('error.network');
  case 401:
    return t('error.session');
  case 403:
    return t('error.forbidden');
  case 404:
    return t('error.notFound');
  case 409:
    return t('error.conflict', { detail: error.message || '' });
  case 413:
    return t('error.tooLarge');
  case 429:
    return t('error.throttled', { seconds: error.retryAfter || '?' });
  case 400:
  case 422:
    // The API's machine code, said in the console's language (strings.js); the server's
    // English sentence only for a code the console has no words for.
    if (error.code && `errorCode.${error.code}` in STRINGS.en)
      return t(`errorCode.${error.code}`);
    // The API's sentence begins with the field's path, which the console shows as its label.
    if (error.field && error.message?.startsWith(`${error.field}: `))
      return error.message.slice(error.field.length + 2);
    return t('error.invalid', { detail: error.message || '' });
  default:
    return t('error.unavailable');
  }
}

// The input the API's field path names, or the nearest one whose path it begins
// ("guide.steps[2]" finds the step's Finnish text).
function findInput(form, path) {
  const inputs = [...form.querySelectorAll('[data-field]')];
  let prefix = path;
  while (prefix) {
    const exact = inputs.find((input) => input.dataset.field === prefix);
    if (exact)
      return exact;
    const within = inputs.find((input) => input.dataset.field.startsWith(`${prefix}.`)
                                         || input.dataset.field.startsWith(`${prefix}[`));
    if (within)
      return within;
    const cut = Math.max(prefix.lastIndexOf('.'), prefix.lastIndexOf('['));
    prefix = cut > 0 ? prefix.slice(0, cut) : '';
  }
  return null;
}

// The alert region at the top of a form: errors are read out as they appear.
export function errorRegion() {
  return h('div', { class: 'form-error', role: 'alert', 'aria-live': 'assertive' });
}

export function clearErrors(form) {
  for (const old of form.querySelectorAll('.field-error'))
    old.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const rest = (input.getAttribute('aria-describedby') || '').split(' ')
      .filter((id) => id && !id.endsWith('-error'));
    if (rest.length)
      input.setAttribute('aria-describedby', rest.join(' '));
    else
      input.removeAttribute('aria-describedby');
  }
  const region = form.querySelector('.form-error');
  if (region)
    clear(region);
}

// Shows @error in the form's alert region and, when it names a field, beside that
// field: aria-invalid, aria-describedby and the focus go to it.
export function showError(form, error) {
  clearErrors(form);
  const message = errorMessage(error);
  const region = form.querySelector('.form-error');
  const input = error.field ? findInput(form, error.field) : null;
  if (input) {
    const errorId = `${input.id}-error`;
    const note = h('p', { class: 'field-error', id: errorId }, message);
    input.closest('.field').appendChild(note);
    input.setAttribute('aria-invalid', 'true');
    const described = input.getAttribute('aria-describedby');
    input.setAttribute('aria-describedby', described ? `${described} ${errorId}` : errorId);
    const label = form.querySelector(`label[for="${input.id}"]`);
    // "Step 3 – Finnish", "Opening time 2 – Closes": the group, then the input.
    const group = input.closest('fieldset, [role="group"]');
    const groupName = group?.getAttribute('aria-label') || group?.querySelector('legend')?.textContent;
    const where = [groupName, label?.textContent.replace(/\s*\*$/, '')].filter(Boolean).join(' – ');
    if (region)
      region.textContent = t('error.inField', { field: where, message });
    input.focus();
  } else if (region) {
    region.textContent = message;
    region.scrollIntoView({ block: 'nearest' });
  }
}
