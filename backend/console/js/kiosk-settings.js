// kiosk-settings.js — what kiosks are told to use (admins): inactivity times, the QR
// address, the default language and speech, the feedback questions; for every kiosk, a municipality's or one kiosk. A kiosk
// takes a change at its next sync, unless its own administrator locked that setting.

import { h, pageHeading, replace } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime } from './format.js';
import { dataTable } from './table.js';
import { municipalityName } from './municipalities.js';

const SCOPES = ['all', 'municipality', 'kiosk'];

function settingLabel(name) {
  const key = `kioskSettings.setting.${name}`;
  const label = t(key);
  return label === key ? name : label;
}

// A choice in words: a language by its name, speech-default's off and on.
function choiceLabel(name, value) {
  if (name === 'default-language')
    return t(`language.${value}`);
  const key = `kioskSettings.choice.${name}.${value}`;
  const label = t(key);
  return label === key ? value : label;
}

function valueText(setting) {
  if (typeof setting.value === 'boolean')
    return t(setting.value ? 'kioskSettings.true' : 'kioskSettings.false');
  if (typeof setting.value === 'string')
    return choiceLabel(setting.name, setting.value);
  return String(setting.value);
}

function targetText(setting) {
  if (setting.scope === 'all')
    return t('kioskSettings.scope.all');
  if (setting.scope === 'municipality')
    return t('kioskSettings.forMunicipality', { name: municipalityName(setting.target) });
  return t('kioskSettings.forKiosk', { id: setting.target });
}

export function renderKioskSettings(main, ctx) {
  ctx.setTitle(t('kioskSettings.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const listError = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card', novalidate: true });
  let known = [];

  async function remove(setting) {
    listError.textContent = '';
    try {
      await api.post('kiosk-settings', {
        scope: setting.scope, target: setting.target, settings: { [setting.name]: null },
      });
      ctx.announce(t('kioskSettings.removed', { setting: settingLabel(setting.name) }));
      await load();
    } catch (error) {
      listError.textContent = errorMessage(error);
    }
  }

  async function load() {
    try {
      const data = await api.get('kiosk-settings');
      known = data.known;
      replace(list, dataTable({
        caption: t('kioskSettings.caption'),
        empty: t('kioskSettings.empty'),
        rows: data.settings,
        columns: [
          { label: t('kioskSettings.setting'), cell: (s) => settingLabel(s.name) },
          { label: t('kioskSettings.value'), cell: (s) => valueText(s) },
          { label: t('kioskSettings.for'), cell: (s) => targetText(s) },
          { label: t('kioskSettings.updated'), cell: (s) => t('kioskSettings.updatedBy', {
            when: formatTime(s.updated), who: s.updated_by }) },
          { label: t('queue.actions'), cell: (s) => h('button', {
            type: 'button', class: 'danger',
            'aria-label': t('kioskSettings.removeFor', { setting: settingLabel(s.name),
                                                        target: targetText(s) }),
            on: { click: () => remove(s) },
          }, t('kioskSettings.remove')) },
        ],
      }));
      if (!form.firstChild)
        buildForm();
    } catch (error) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(error)));
    }
  }

  // The value's input for the chosen setting: a list for a choice, a number, an address.
  function valueField(info) {
    const common = { label: t('kioskSettings.value'), field: `settings.${info.name}`, required: true };
    if (info.type === 'choice')
      return field({ ...common, options: info.choices.map((c) => ({ value: c, label: choiceLabel(info.name, c) })) });
    if (info.type === 'boolean')
      return field({ ...common, options: [true, false].map((v) => ({
        value: String(v), label: t(v ? 'kioskSettings.true' : 'kioskSettings.false') })) });
    if (info.type === 'number')
      return field({ ...common, type: 'number',
                     hint: t('kioskSettings.range', { min: info.min, max: info.max }),
                     attrs: { min: info.min, max: info.max, inputmode: 'numeric' } });
    return field({ ...common, type: 'url', hint: t('kioskSettings.urlHint') });
  }

  function buildForm() {
    const scope = field({ label: t('kioskSettings.for'), field: 'scope',
      options: SCOPES.map((s) => ({ value: s, label: t(`kioskSettings.scope.${s}`) })) });
    const target = field({ label: t('kioskSettings.target'), field: 'target',
                           hint: t('kioskSettings.targetHint') });
    const setting = field({ label: t('kioskSettings.setting'), field: 'name',
      options: known.map((info) => ({ value: info.name, label: settingLabel(info.name) })) });
    const valueSlot = h('div', {});
    let value = null;

    function showValue() {
      const info = known.find((k) => k.name === setting.input.value);
      value = valueField(info);
      replace(valueSlot, value.element);
    }
    function showTarget() {
      target.element.hidden = scope.input.value === 'all';
    }
    scope.input.addEventListener('change', showTarget);
    setting.input.addEventListener('change', showValue);
    showValue();
    showTarget();

    replace(form, h('h2', {}, t('kioskSettings.set')), errorRegion(),
      h('div', { class: 'grid' }, scope.element, target.element, setting.element, valueSlot),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('kioskSettings.save'))));
    form.onsubmit = async (event) => {
      event.preventDefault();
      clearErrors(form);
      const info = known.find((k) => k.name === setting.input.value);
      const raw = value.input.value.trim();
      // A number is sent as a number; what is not one, as typed, for the server to refuse.
      let typed = info.type === 'number' && /^[0-9]+$/.test(raw) ? Number(raw) : raw;
      if (info.type === 'boolean')
        typed = raw === 'true';
      try {
        await api.post('kiosk-settings', {
          scope: scope.input.value,
          target: scope.input.value === 'all' ? '' : target.input.value.trim(),
          settings: { [info.name]: typed },
        });
        ctx.announce(t('kioskSettings.saved', { setting: settingLabel(info.name) }));
        await load();
      } catch (error) {
        showError(form, error);
      }
    };
  }

  main.append(pageHeading(t('kioskSettings.title')), h('p', { class: 'lead' }, t('kioskSettings.intro')),
    form, h('h2', {}, t('kioskSettings.list')), listError, list);
  load();
}
