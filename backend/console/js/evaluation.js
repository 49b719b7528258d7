// evaluation.js — the evaluation report for a steering group: the server's printable
// page (GET reports/evaluation) for the period and kiosks chosen, shown in a frame in
// the console's language, printed or saved as PDF with the browser's own dialog.

import { h, pageHeading, replace } from './dom.js';
import { t, getLanguage } from './i18n.js';
import * as api from './api.js';
import { filterForm, period } from './reports.js';

export function renderEvaluation(main, ctx) {
  ctx.setTitle(t('evaluation.title'));
  const holder = h('div', { class: 'evaluation' });

  function show() {
    const url = api.staffUrl('reports/evaluation', { ...period(), lang: getLanguage() });
    const frame = h('iframe', { class: 'evaluation-frame', src: url, title: t('evaluation.frame') });
    replace(holder,
      h('div', { class: 'actions' },
        h('button', { type: 'button', on: { click: () => frame.contentWindow.print() } },
          t('evaluation.print')),
        ' ',
        h('a', { class: 'button secondary', href: url, target: '_blank', rel: 'noopener' },
          t('evaluation.open'))),
      frame);
  }

  main.append(pageHeading(t('evaluation.title')),
    h('p', { class: 'lead' }, t('evaluation.intro')),
    filterForm(() => { show(); ctx.announce(t('evaluation.ready')); }, t('reports.show')),
    holder);
  show();
}
