// test-calls.mjs — "Call staff now" in the console: a kiosk's call shows as a banner on
// every page for an advisor, with the kiosk, the screen and the guide step and a tone;
// "I'm coming" reaches the kiosk; "Done" takes it away; an evaluator never sees it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, screenshot, PASSWORDS,
} from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, server);
  // Counts the tones the console plays: every oscillator started.
  await page.addInitScript(() => {
    window.tonesStarted = 0;
    const original = window.AudioContext.prototype.createOscillator;
    window.AudioContext.prototype.createOscillator = function createOscillator() {
      const oscillator = original.call(this);
      const start = oscillator.start.bind(oscillator);
      oscillator.start = (...args) => { window.tonesStarted++; return start(...args); };
      return oscillator;
    };
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// As the kiosk: POST a call, or GET the state of one.
async function kiosk(method, path, body) {
  const response = await fetch(`${server.url}api/v1/kiosk/${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.kioskToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

test('an advisor sees a kiosk call on every page, hears it, and answers it', async () => {
  await signIn(page, 'aino', PASSWORDS.advisor);
  await useEnglish(page);
  await page.getByRole('heading', { level: 1, name: 'Appointment requests' }).waitFor();
  const banner = page.getByRole('region', { name: 'A resident at a kiosk asks for help' });
  assert.equal(await banner.count(), 0);

  const made = await kiosk('POST', 'calls', { screen: 'guide', guide: 'omaolo', step: 3 });
  assert.equal(made.status, 201);
  assert.equal(made.body.state, 'waiting');

  await banner.waitFor({ timeout: 15000 });
  await banner.getByText('Oulu main library, lobby', { exact: true }).waitFor();
  await banner.getByText('On the screen: guide, guide “omaolo”, step 3.').waitFor();
  await page.waitForFunction(() => window.tonesStarted >= 2);
  await page.getByRole('alert').filter({ hasText: 'New call for help from Oulu main library, lobby.' })
    .waitFor();
  await checkAccessibility(page, 'queue with a call');
  await screenshot(page, 'calls-banner');

  // Another page: the call is still in sight, and not heard twice.
  const tones = await page.evaluate(() => window.tonesStarted);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Kiosks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kiosks' }).waitFor();
  await banner.getByText('Oulu main library, lobby', { exact: true }).waitFor();
  await checkAccessibility(page, 'kiosks with a call');

  await banner.getByRole('button', { name: 'I’m coming' }).click();
  await banner.getByText('aino is on the way.').waitFor();
  assert.equal(await banner.getByRole('button', { name: 'I’m coming' }).count(), 0);
  const state = await kiosk('GET', `call?id=${encodeURIComponent(made.body.id)}`);
  assert.equal(state.status, 200);
  assert.equal(state.body.state, 'coming');

  await banner.getByRole('button', { name: 'Done' }).click();
  await banner.waitFor({ state: 'detached' });
  assert.equal((await kiosk('GET', `call?id=${encodeURIComponent(made.body.id)}`)).body.state, 'done');
  assert.equal(await page.evaluate(() => window.tonesStarted), tones);
  assertNoProblems(page);
});

test('the banner is in Finnish too, and text from the kiosk stays text', async () => {
  await page.getByRole('button', { name: 'Suomi' }).click();
  await kiosk('POST', 'calls', { screen: 'help' });
  const banner = page.getByRole('region', { name: 'Asiakas pyytää apua kioskilla' });
  await banner.waitFor({ timeout: 15000 });
  await banner.getByText('Näkymä: apua.').waitFor();
  await banner.getByRole('button', { name: 'Tulen' }).waitFor();
  await banner.getByRole('button', { name: 'Hoidettu' }).click();
  await banner.waitFor({ state: 'detached' });
  await useEnglish(page);
  assertNoProblems(page);
});

test('an evaluator is not shown calls', async () => {
  await kiosk('POST', 'calls', { screen: 'home' });
  const evaluator = await openPage(browser, server);
  const asked = [];
  evaluator.on('request', (request) => {
    if (request.url().includes('/api/v1/staff/calls'))
      asked.push(request.url());
  });
  await signIn(evaluator, 'eero', PASSWORDS.evaluator);
  await useEnglish(evaluator);
  await evaluator.getByRole('heading', { level: 1 }).waitFor();
  await evaluator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Kiosks' })
    .click();
  await evaluator.getByRole('heading', { level: 1, name: 'Kiosks' }).waitFor();
  // An advisor's console asks at once on every page it draws; an evaluator's never does.
  assert.deepEqual(asked, []);
  assert.equal(await evaluator.getByRole('region', { name: 'A resident at a kiosk asks for help' })
    .count(), 0);
  assertNoProblems(evaluator);
  await evaluator.close();
});
