// kiosks.js — which kiosks are alive: last contact, content revision, backlog, each
// marked online, silent, behind on content or on an old version; admins register a
// kiosk (its token shown once) and revoke one.

import { h, pageHeading, replace } from './dom.js';
import { t, pickText } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime, formatNumber } from './format.js';
import { dataTable } from './table.js';
import { municipalityName } from './municipalities.js';
import { confirmDialog } from './dialogs.js';
import { darkKiosksNotice, loadSilence, SILENCE_DAYS } from './silence.js';

// A kiosk asks for content every 5 minutes (the sync-interval setting's default): three
// missed polls and it is silent.
const SILENT_AFTER_MS = 15 * 60 * 1000;

// The server's own revision and version, from its public health answer.
async function loadServer() {
  try {
    const response = await fetch('/api/v1/health', { credentials: 'same-origin' });
    return response.ok ? await response.json() : null;
  } catch (error) {
    return null;
  }
}

// What an advisor needs to know of a kiosk, as short marks: [key, text].
export function kioskHealth(kiosk, server, now = Date.now()) {
  if (kiosk.revoked)
    return [['revoked', t('kiosks.revoked', { when: formatTime(kiosk.revoked) })]];
  if (!kiosk.last_contact)
    return [['never', t('kiosks.neverHeard')]];
  const marks = [];
  const last = Date.parse(kiosk.last_contact);
  if (now - last > SILENT_AFTER_MS)
    marks.push(['silent', t('kiosks.silent', { when: formatTime(kiosk.last_contact) })]);
  else
    marks.push(['online', t('kiosks.online')]);
  if (server && kiosk.content_revision !== null && kiosk.content_revision < server.content_revision)
    marks.push(['behind', t('kiosks.behind', { count: server.content_revision - kiosk.content_revision })]);
  if (server && kiosk.app_version && kiosk.app_version !== server.version)
    marks.push(['old-version', t('kiosks.oldVersion', { version: kiosk.app_version })]);
  if (kiosk.outbox_backlog > 0)
    marks.push(['backlog', t('kiosks.waiting', { count: formatNumber(kiosk.outbox_backlog) })]);
  return marks;
}

// "Dark 3 h in opening hours": whole hours its host was open in the last days without
// a contact from it.
function darkMark(silence) {
  if (!silence || !(silence.dark_hours > 0))
    return [];
  return [['dark', t('silence.mark', { hours: formatNumber(silence.dark_hours), days: SILENCE_DAYS,
                                      when: formatTime(silence.last_dark) })]];
}

export function renderKiosks(main, ctx) {
  ctx.setTitle(t('kiosks.title'));
  const admin = ctx.me.role === 'admin';
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const listError = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card', novalidate: true });
  const token = h('div', { 'aria-live': 'polite' });

  async function revoke(kiosk) {
    if (!await confirmDialog({
      title: t('kiosks.revokeTitle'), question: t('kiosks.confirmRevoke', { name: kiosk.name }),
      confirm: t('kiosks.revoke'), cancel: t('editor.keep'), danger: true,
    }))
      return;
    listError.textContent = '';
    try {
      await api.post('kiosks/revoke', { id: kiosk.id });
      ctx.announce(t('kiosks.revokedNow', { name: kiosk.name }));
      await load();
      list.querySelector('table')?.focus?.();
    } catch (error) {
      listError.textContent = errorMessage(error);
    }
  }

  // Where the kiosk stands: its host's opening hours say when it should be heard from.
  // Libraries first, then any other place it stands in now.
  function hostSelect(kiosk, silence, organisations) {
    const current = silence?.host || '';
    const choices = organisations.filter((org) => org.kind === 'library' || org.id === current);
    const select = h('select', { 'aria-label': t('kiosks.hostFor', { name: kiosk.name }) },
      h('option', { value: '' }, t('kiosks.noHost')),
      choices.map((org) => h('option', { value: org.id }, pickText(org.name))));
    select.value = current;
    select.addEventListener('change', async () => {
      listError.textContent = '';
      try {
        await api.post('kiosks/host', { id: kiosk.id, host: select.value || null });
        ctx.announce(t('kiosks.hostSet', { name: kiosk.name }));
      } catch (error) {
        listError.textContent = errorMessage(error);
      }
    });
    return select;
  }

  async function load() {
    try {
      const [data, server, silence, organisations] = await Promise.all([
        api.get('kiosks'), loadServer(), loadSilence().catch(() => []),
        admin ? api.get('organisations').then((d) => d.organisations).catch(() => []) : []]);
      const silenceOf = Object.fromEntries(silence.map((one) => [one.id, one]));
      const columns = [
        { label: t('kiosks.name'), cell: (k) => k.name },
        { label: t('kiosks.id'), cell: (k) => h('code', {}, k.id) },
        { label: t('orgs.municipality'), cell: (k) => municipalityName(k.municipality) },
        { label: t('kiosks.host'), cell: (k) => (admin && !k.revoked
          ? hostSelect(k, silenceOf[k.id], organisations)
          : pickText(silenceOf[k.id]?.host_name) || silenceOf[k.id]?.host || t('kiosks.noHost')) },
        { label: t('kiosks.lastContact'), cell: (k) => (k.last_contact ? formatTime(k.last_contact) : t('kiosks.never')) },
        { label: t('kiosks.revision'), numeric: true, cell: (k) => formatNumber(k.content_revision) },
        { label: t('kiosks.version'), cell: (k) => k.app_version || '' },
        { label: t('kiosks.backlog'), numeric: true, cell: (k) => formatNumber(k.outbox_backlog) },
        { label: t('kiosks.state'), cell: (k) => h('ul', { class: 'marks' },
          [...kioskHealth(k, server), ...darkMark(silenceOf[k.id])]
            .map(([key, text]) => h('li', { class: `mark mark-${key}` }, text))) },
      ];
      if (admin)
        columns.push({ label: t('queue.actions'), cell: (k) => (k.revoked ? '' : h('button', {
          type: 'button', class: 'danger',
          'aria-label': t('kiosks.revokeFor', { name: k.name }),
          on: { click: () => revoke(k) },
        }, t('kiosks.revoke'))) });
      replace(list, dataTable({
        caption: t('kiosks.caption'), empty: t('kiosks.empty'), rows: data.kiosks, columns,
      }));
    } catch (error) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(error)));
    }
  }

  function buildForm() {
    const name = field({ label: t('kiosks.name'), field: 'name', required: true,
                         hint: t('kiosks.nameHint') });
    const municipality = field({ label: t('orgs.municipality'), field: 'municipality',
                                 required: true, hint: t('kiosks.municipalityHint'),
                                 attrs: { inputmode: 'numeric', maxlength: 3 } });
    replace(form, h('h2', {}, t('kiosks.register')), errorRegion(),
      h('div', { class: 'grid' }, name.element, municipality.element),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('kiosks.registerButton'))),
      token);
    form.onsubmit = async (event) => {
      event.preventDefault();
      clearErrors(form);
      replace(token);
      try {
        const added = await api.post('kiosks', {
          name: name.input.value.trim(), municipality: municipality.input.value.trim(),
        });
        // The token exists only in this answer: shown once, to be typed into the kiosk.
        replace(token, h('div', { class: 'notice', role: 'status' },
          h('p', {}, t('kiosks.tokenOnce', { name: added.name })),
          h('p', {}, h('code', { class: 'token' }, added.token)),
          h('p', { class: 'hint' }, t('kiosks.tokenHow'))));
        name.input.value = '';
        await load();
      } catch (error) {
        showError(form, error);
      }
    };
  }

  main.append(pageHeading(t('kiosks.title')), h('p', { class: 'lead' }, t('kiosks.intro')),
    darkKiosksNotice());
  if (admin) {
    main.append(form);
    buildForm();
  }
  main.append(h('h2', {}, t('kiosks.list')), listError, list);
  load();
}
