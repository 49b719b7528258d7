// silence.js — kiosks that went dark while their host library was open: a whole hour
// of its opening hours (exceptions and holidays included) without contact. Shown on the
// front page (the queue) and on the Kiosks page; the operations report has the same.

import { h, replace } from './dom.js';
import { t, pickText } from './i18n.js';
import * as api from './api.js';
import { formatTime, formatNumber } from './format.js';

// The days looked back over.
export const SILENCE_DAYS = 7;

export async function loadSilence() {
  const answer = await api.get('kiosks/silence', { days: SILENCE_DAYS });
  return answer.kiosks;
}

// One kiosk's line: "Oulu main library, lobby (Oulun pääkirjasto): 3 hours …".
export function silenceText(kiosk) {
  return t('silence.item', {
    name: kiosk.name,
    host: pickText(kiosk.host_name) || kiosk.host,
    hours: formatNumber(kiosk.dark_hours),
    when: formatTime(kiosk.last_dark),
  });
}

// A section naming the kiosks that went dark, or nothing when none did; it fills in
// when the answer comes, and a failure leaves it empty (the page's own work goes on).
export function darkKiosksNotice() {
  const box = h('section', { class: 'dark-kiosks', 'aria-labelledby': 'dark-kiosks-title', hidden: true });
  loadSilence().then((kiosks) => {
    const dark = kiosks.filter((kiosk) => kiosk.dark_hours > 0);
    if (!dark.length)
      return;
    replace(box,
      h('h2', { id: 'dark-kiosks-title' }, t('silence.title')),
      h('p', {}, t('silence.intro', { days: SILENCE_DAYS })),
      h('ul', {}, dark.map((kiosk) => h('li', {}, silenceText(kiosk)))),
      h('p', {}, h('a', { href: '#/kiosks' }, t('silence.more'))));
    box.hidden = false;
  }).catch(() => {});
  return box;
}
