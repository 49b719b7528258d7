// calls.js — "Call staff now" from the kiosks: a banner over every page for advisors
// and admins, with the kiosk's name, the screen and the guide step, a short tone for a
// new call (made with the Web Audio API: nothing to download), and "I'm coming" and
// "Done". The console asks the server every few seconds while it is open.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { formatTime } from './format.js';

const POLL_MS = 4000;
const SCREENS = ['home', 'categories', 'guide-list', 'guide', 'directory', 'organisation',
  'appointment', 'help'];

let banner = null;
let timer = null;
let calls = [];
let heard = new Set();
let audio = null;
let busy = false;
let drawnKey = null;

// Two short notes, quiet enough for a library: a call is news, not an alarm.
function chime() {
  try {
    audio = audio || new AudioContext();
    audio.resume?.();
    const now = audio.currentTime;
    [660, 880].forEach((frequency, i) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.18 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.18 + 0.16);
      tone.connect(gain).connect(audio.destination);
      tone.start(now + i * 0.18);
      tone.stop(now + i * 0.18 + 0.17);
    });
  } catch (error) {
    // No sound (no audio device, or the browser refused): the banner still shows.
  }
}

function where(call) {
  const screen = SCREENS.includes(call.screen) ? t(`calls.screen.${call.screen}`) : call.screen;
  if (call.guide)
    return t('calls.whereGuide', { screen, guide: call.guide, step: call.step });
  return t('calls.where', { screen });
}

async function mark(call, state) {
  try {
    await api.post('calls/mark', { id: call.id, state });
  } catch (error) {
    // Shown again as it stands at the next poll.
  }
  await poll();
}

// @news: a sentence read out at once (a new call), or null.
function draw(news = null) {
  if (!banner)
    return;
  if (!calls.length) {
    replace(banner);
    banner.hidden = true;
    return;
  }
  banner.hidden = false;
  replace(banner,
    h('h2', { id: 'calls-title', class: 'calls-title' }, t('calls.title')),
    news ? h('p', { class: 'visually-hidden', role: 'alert' }, news) : null,
    h('ul', { class: 'calls-list' }, calls.map((call) => h('li', { class: 'call' },
      h('p', { class: 'call-what' },
        h('strong', {}, call.kiosk_name), ' ', t('calls.asks'), ' ',
        h('span', { class: 'call-when' }, t('calls.since', { when: formatTime(call.created) }))),
      h('p', { class: 'call-where' }, where(call)),
      call.state === 'coming'
        ? h('p', { class: 'call-coming' }, t('calls.coming', { name: call.handler }))
        : null,
      h('div', { class: 'call-actions' },
        call.state === 'waiting'
          ? h('button', { type: 'button', on: { click: () => mark(call, 'coming') } },
            t('calls.comingButton'))
          : null,
        h('button', { type: 'button', class: 'secondary', on: { click: () => mark(call, 'done') } },
          t('calls.done')))))));
}

async function poll() {
  if (busy)
    return;
  busy = true;
  try {
    const answer = await api.get('calls');
    const key = JSON.stringify(answer.calls || []);
    const fresh = (answer.calls || []).filter((call) => call.state === 'waiting'
                                                        && !heard.has(call.id));
    fresh.forEach((call) => heard.add(call.id));
    // Drawn again only when something changed: a screen reader reads no banner twice.
    if (key === drawnKey)
      return;
    drawnKey = key;
    calls = answer.calls || [];
    draw(fresh.length ? t('calls.new', { name: fresh[0].kiosk_name }) : null);
    if (fresh.length)
      chime();
  } catch (error) {
    // A missed poll is retried; a session that ended stops the console as a whole.
  } finally {
    busy = false;
  }
}

// The banner for the page the shell draws: the same element on every page, so a call
// stays in sight while the advisor moves about.
export function callsBanner() {
  if (!banner)
    banner = h('section', { class: 'calls', 'aria-labelledby': 'calls-title', hidden: true });
  draw();
  return [banner];
}

// Starts asking for calls (advisors and admins), or stops for anyone else.
export function watchCalls(me) {
  const wanted = me && ['advisor', 'admin'].includes(me.role);
  if (!wanted) {
    clearInterval(timer);
    timer = null;
    calls = [];
    heard = new Set();
    drawnKey = null;
    draw();
    return;
  }
  if (timer)
    return;
  poll();
  timer = setInterval(poll, POLL_MS);
}
