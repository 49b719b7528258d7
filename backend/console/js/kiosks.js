// kiosks.js — which kiosks are alive: last contact, content revision, backlog.

import { h, pageHeading, replace } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { errorMessage } from './forms.js';
import { formatTime, formatNumber } from './format.js';
import { dataTable } from './table.js';
import { municipalityName } from './municipalities.js';

export function renderKiosks(main, ctx) {
  ctx.setTitle(t('kiosks.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  main.append(pageHeading(t('kiosks.title')), h('p', { class: 'lead' }, t('kiosks.intro')), list);
  api.get('kiosks').then((data) => {
    replace(list, dataTable({
      caption: t('kiosks.caption'),
      empty: t('kiosks.empty'),
      rows: data.kiosks,
      columns: [
        { label: t('kiosks.name'), cell: (k) => k.name },
        { label: t('kiosks.id'), cell: (k) => h('code', {}, k.id) },
        { label: t('orgs.municipality'), cell: (k) => municipalityName(k.municipality) },
        { label: t('kiosks.lastContact'), cell: (k) => (k.last_contact ? formatTime(k.last_contact) : t('kiosks.never')) },
        { label: t('kiosks.revision'), numeric: true, cell: (k) => formatNumber(k.content_revision) },
        { label: t('kiosks.version'), cell: (k) => k.app_version || '' },
        { label: t('kiosks.backlog'), numeric: true, cell: (k) => formatNumber(k.outbox_backlog) },
        { label: t('kiosks.state'), cell: (k) => (k.revoked ? t('kiosks.revoked', { when: formatTime(k.revoked) }) : t('kiosks.active')) },
      ],
    }));
  }).catch((error) => replace(list, h('p', { class: 'error-text' }, errorMessage(error))));
}
