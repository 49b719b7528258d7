// main.js — the console's shell: sign-in, the header and navigation for the
// signed-in role, and a router over the URL's fragment (#/guides/omaolo).

import { h, replace } from './dom.js';
import { t, getLanguage, setLanguage, onLanguageChange, LANGUAGES } from './i18n.js';
import * as api from './api.js';
import { renderLogin } from './login.js';
import { renderQueue } from './queue.js';
import { renderSlots } from './slots.js';
import { renderGuides, renderGuideEditor } from './guides.js';
import { renderOrganisations, renderOrganisationEditor } from './organisations.js';
import { renderReport, renderExports, SECTIONS } from './reports.js';
import { renderKiosks } from './kiosks.js';
import { renderKioskSettings } from './kiosk-settings.js';
import { confirmDialog, signInAgainDialog } from './dialogs.js';
import { renderUsers } from './users.js';
import { callsBanner, watchCalls } from './calls.js';

import { renderWrongInfo } from './reports-wrong.js';

import { renderReview, renderReviewEntry } from './review.js';
import { renderEvaluation } from './evaluation.js';
import { renderCosts } from './costs.js';
import { renderFunnels } from './funnels.js';
import { renderHistory } from './history.js';
import { renderSynonyms } from './synonyms.js';
import { loadMunicipalities } from './municipalities.js';

const ADVISORS = ['advisor', 'admin'];
const EVALUATORS = ['evaluator', 'admin'];
const EVERYONE = ['advisor', 'evaluator', 'admin'];
const ADMINS = ['admin'];

// [first part of the path, roles, render (main, rest of the path, ctx), navigation label]
const ROUTES = [
  ['queue', ADVISORS, (main, rest, ctx) => renderQueue(main, ctx), 'nav.queue'],
  ['slots', ADVISORS, (main, rest, ctx) => renderSlots(main, ctx), 'nav.slots'],
  ['guides', ADVISORS, (main, rest, ctx) => (rest.length ? renderGuideEditor(main, rest[0], ctx)
                                                        : renderGuides(main, ctx)), 'nav.guides'],
  ['organisations', ADVISORS, (main, rest, ctx) => (rest.length
    ? renderOrganisationEditor(main, rest[0], ctx) : renderOrganisations(main, ctx)),
  'nav.organisations'],
  ['wrong-info', ADVISORS, (main, rest, ctx) => renderWrongInfo(main, ctx), 'nav.wrongInfo'],

  ['review', ADVISORS, (main, rest, ctx) => (rest.length ? renderReviewEntry(main, rest[0], ctx)
                                                        : renderReview(main, ctx)), 'nav.review'],
  ['synonyms', ADVISORS, (main, rest, ctx) => renderSynonyms(main, ctx), 'nav.synonyms'],
  ['reports', EVALUATORS, (main, rest, ctx) => renderReport(main, rest[0] || SECTIONS[0], ctx),
    'nav.reports'],
  // Reached from the reports' sections, not from the navigation.
  ['funnels', EVALUATORS, (main, rest, ctx) => renderFunnels(main, ctx), null],
  ['exports', EVALUATORS, (main, rest, ctx) => renderExports(main, ctx), 'nav.exports'],
  ['evaluation', EVALUATORS, (main, rest, ctx) => renderEvaluation(main, ctx), 'nav.evaluation'],
  ['costs', EVALUATORS, (main, rest, ctx) => renderCosts(main, ctx), 'nav.costs'],
  ['kiosks', EVERYONE, (main, rest, ctx) => renderKiosks(main, ctx), 'nav.kiosks'],
  ['users', ADMINS, (main, rest, ctx) => renderUsers(main, ctx), 'nav.users'],
  ['kiosk-settings', ADMINS, (main, rest, ctx) => renderKioskSettings(main, ctx),
    'nav.kioskSettings'],
  // Reached from an editor, not from the navigation: #/history/guide/omaolo.
  ['history', ADVISORS, (main, rest, ctx) => renderHistory(main, rest[0], rest[1], ctx), null],
];

const root = document.getElementById('app');
let me = null;
let routeState = { key: null, state: {} };
let firstRender = true;
// The page's answer to "is there work not yet saved?" (ctx.guardLeaving), asked before
// the page is left; null when the page keeps nothing.
let leaveGuard = null;
let currentHash = location.hash;

function currentPath() {
  return (location.hash.replace(/^#\/?/, '') || '').split('/').filter(Boolean)
    .map((part) => decodeURIComponent(part));
}

export function navigate(path) {
  location.hash = `#/${path}`;
}

function allowedRoutes() {
  return ROUTES.filter(([, roles]) => me && roles.includes(me.role));
}

// A status line every page shares: what just happened, read out politely.
function statusRegion() {
  return h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' });
}

// The last message, so that one said just before moving to another page is still shown
// (and read) there.
let lastAnnouncement = { message: null, at: 0 };

export function announce(message) {
  lastAnnouncement = { message, at: Date.now() };
  const region = document.getElementById('status');
  if (!region)
    return;
  region.textContent = '';
  // A new text node after a frame, so a repeated message is read again.
  requestAnimationFrame(() => { region.textContent = message; });
}

function languageSwitcher() {
  const names = { fi: 'Suomi', sv: 'Svenska', en: 'English' };
  return h('nav', { class: 'language-switcher', 'aria-label': t('language.choose') },
    h('ul', {}, LANGUAGES.map((lang) => h('li', {},
      h('button', {
        type: 'button',
        lang,
        'aria-pressed': String(lang === getLanguage()),
        on: { click: () => setLanguage(lang) },
      }, names[lang])))));
}

function unsavedWork() {
  return Boolean(leaveGuard && leaveGuard());
}

async function logout() {
  if (unsavedWork() && !await confirmLeaving())
    return;
  leaveGuard = null;
  try {
    await api.post('logout');
  } catch (error) {
    // The session is gone either way.
  }
  me = null;
  api.setCsrfToken(null);
  render();
}

function header() {
  const roleText = me ? t(`role.${me.role}`) : '';
  return h('header', { class: 'banner' },
    h('div', { class: 'brand' },
      h('span', { class: 'brand-name' }, 'Neuvokas'),
      h('span', { class: 'brand-sub' }, t('app.subtitle'))),
    languageSwitcher(),
    me ? h('div', { class: 'who' },
      h('span', { class: 'who-name' }, t('app.signedInAs', { name: me.name, role: roleText })),
      h('button', { type: 'button', class: 'secondary', on: { click: logout } }, t('app.logout')))
      : null);
}

function navigation(active) {
  return h('nav', { class: 'main-nav', 'aria-label': t('nav.label') },
    h('ul', {}, allowedRoutes().filter(([, , , label]) => label).map(([name, , , label]) => h('li', {},
      h('a', { href: `#/${name}`, 'aria-current': name === active ? 'page' : null }, t(label))))));
}

function skipLink() {
  return h('a', { class: 'skip-link', href: '#main', on: { click: (event) => {
    event.preventDefault();
    document.getElementById('main')?.focus();
  } } }, t('app.skip'));
}

function renderSignedOut() {
  const main = h('main', { id: 'main', tabindex: '-1' });
  replace(root, skipLink(), header(), main);
  document.title = `${t('login.title')} – Neuvokas`;
  renderLogin(main, {
    async signedIn(user) {
      me = user;
      api.setCsrfToken(user.csrf_token);
      location.hash = '';
      await loadMunicipalities();
      render();
    },
  });
}

function render() {
  document.documentElement.lang = getLanguage();
  watchCalls(me);
  if (!me) {
    renderSignedOut();
    return;
  }
  const routes = allowedRoutes();
  let [first, ...rest] = currentPath();
  let route = routes.find(([name]) => name === first);
  if (!route) {
    route = routes[0];
    first = route[0];
    rest = [];
    history.replaceState(null, '', `#/${first}`);
  }
  const key = [first, ...rest].join('/');
  if (routeState.key !== key)
    routeState = { key, state: {} };
  leaveGuard = null;
  currentHash = location.hash;

  const main = h('main', { id: 'main', tabindex: '-1' });
  replace(root, skipLink(), header(), navigation(first), h('div', { class: 'content' },
    ...callsBanner(), statusRegion(), main));
  const ctx = {
    me,
    state: routeState.state,
    navigate,
    announce,
    setTitle(title) {
      document.title = `${title} – Neuvokas`;
    },
    guardLeaving(guard) {
      leaveGuard = guard;
    },
  };
  if (lastAnnouncement.message && Date.now() - lastAnnouncement.at < 2000)
    announce(lastAnnouncement.message);
  route[2](main, rest, ctx);
  if (!firstRender)
    (main.querySelector('h1') || main).focus?.();
  firstRender = false;
}

function confirmLeaving() {
  return confirmDialog({
    title: t('leave.title'),
    question: t('leave.question'),
    confirm: t('leave.leave'),
    cancel: t('leave.stay'),
    danger: true,
  });
}

// In-app navigation: the fragment has already changed; put it back while asking, and
// go on only when the advisor chooses to leave their unsaved work.
async function hashChanged() {
  if (me && unsavedWork() && location.hash !== currentHash) {
    const wanted = location.hash;
    history.replaceState(null, '', currentHash || '#');
    if (!await confirmLeaving())
      return;
    leaveGuard = null;
    history.replaceState(null, '', wanted);
  }
  render();
}

async function start() {
  api.onUnauthorized(() => {
    me = null;
    leaveGuard = null;
    render();
  });
  // The session ended while signed in: the same person signs in again over the page,
  // which stays as it is, and the request that found the session gone runs again.
  api.onSessionEnded(async () => {
    if (!me)
      throw new Error('not signed in');
    const user = await signInAgainDialog(me.name);
    me = user;
  });
  onLanguageChange(render);
  window.addEventListener('hashchange', hashChanged);
  // Closing or reloading the tab: the browser asks in its own words.
  window.addEventListener('beforeunload', (event) => {
    if (unsavedWork()) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  try {
    me = await api.get('me');
    api.setCsrfToken(me.csrf_token);
    await loadMunicipalities();
  } catch (error) {
    me = null;
  }
  render();
}

start();
