// test-advisor.mjs — an advisor in the console: sign-in, languages, the appointment
// queue, slots, kiosks, keyboard use, errors tied to fields; axe-core on every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, postAppointment, screenshot, PASSWORDS,
} from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the sign-in page is accessible and refuses a wrong password', async () => {
  await page.goto('/');
  await page.waitForURL(/\/console\/$/);
  await page.getByRole('heading', { name: 'Kirjaudu sisään' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fi');
  await checkAccessibility(page, 'sign-in');
  await screenshot(page, 'login');

  await page.getByLabel('Käyttäjätunnus').fill('aino');
  await page.getByLabel('Salasana').fill('not-the-password');
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  const alert = page.getByRole('alert');
  await assert.doesNotReject(alert.filter({ hasText: 'väärin' }).waitFor());
  await checkAccessibility(page, 'sign-in with an error');

  // An empty name is pointed at, not sent.
  await page.getByLabel('Käyttäjätunnus').fill('');
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  const name = page.getByLabel('Käyttäjätunnus');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.ok(await name.evaluate((input) => input === document.activeElement));
  const describedBy = await name.getAttribute('aria-describedby');
  assert.match(await page.locator(`#${describedBy}`).textContent(), /käyttäjätunnu/i);
  assertNoProblems(page);
});

test('an advisor signs in and sees the advisor pages only', async () => {
  await signIn(page, 'aino', PASSWORDS.advisor);
  const nav = page.getByRole('navigation', { name: 'Päävalikko' });
  for (const name of ['Ajanvarauspyynnöt', 'Vapaat ajat', 'Ohjeet', 'Hakemisto', 'Kioskit'])
    await nav.getByRole('link', { name }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Raportit' }).count(), 0);
  await page.getByRole('heading', { level: 1, name: 'Ajanvarauspyynnöt' }).waitFor();
  await checkAccessibility(page, 'queue (empty)');
  assertNoProblems(page);
});

test('the language switcher changes the words and the lang attribute', async () => {
  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tidsbokningsförfrågningar' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'sv');
  assert.equal(await page.getByRole('button', { name: 'Svenska' }).getAttribute('aria-pressed'), 'true');
  await useEnglish(page);
  await page.getByRole('heading', { level: 1, name: 'Appointment requests' }).waitFor();
  // The choice outlives a reload.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Appointment requests' }).waitFor();
  assertNoProblems(page);
});

test('the queue: a request from a kiosk is marked contacted, then done with an outcome', async () => {
  const reference = await postAppointment(server, { guide: 'omaolo', guide_step: 3 });
  await page.reload();
  const row = page.getByRole('row').filter({ hasText: reference });
  await row.waitFor();
  assert.match(await row.textContent(), /Aino Esimerkki/);
  // Where the resident got stuck, for the advisor who calls: the guide by its title.
  assert.match(await row.textContent(), /Stuck in the guide “Omaolo: check your symptoms and service needs online”, step 3/);
  assert.match(await row.textContent(), /Choose a symptom assessment if something is troubling you/);
  assert.match(await row.textContent(), /\+358401112233/);
  assert.match(await row.textContent(), /Using a phone or computer/);
  assert.match(await row.textContent(), /Oulu main library, lobby \(Oulu\)/);
  await checkAccessibility(page, 'queue with a request');
  await screenshot(page, 'queue');

  await page.getByRole('button', { name: `Mark contacted: ${reference}` }).click();
  await page.getByRole('status').filter({ hasText: `Request ${reference} is now: Contacted.` }).waitFor();
  // The button's own words contain "contacted": wait for the list loaded again without it.
  await page.getByRole('button', { name: `Mark contacted: ${reference}` }).waitFor({ state: 'detached' });
  await row.filter({ hasText: 'Contacted' }).waitFor();
  assert.equal(await page.getByRole('button', { name: `Mark contacted: ${reference}` }).count(), 0);

  await page.getByLabel(`Outcome of ${reference}`).selectOption('solved');
  await page.getByRole('button', { name: `Mark done: ${reference}` }).click();
  await page.getByRole('status').filter({ hasText: 'Done' }).waitFor();
  await page.getByText('There are no requests waiting.').waitFor();

  await page.getByLabel('State').selectOption({ label: 'All, handled ones too' });
  await page.getByRole('row').filter({ hasText: reference }).filter({ hasText: 'Done – Solved' }).waitFor();
  assertNoProblems(page);
});

test('slots: an error is tied to its field, then a slot is published and cancelled', async () => {
  await page.getByRole('link', { name: 'Appointment slots' }).click();
  await page.getByRole('heading', { level: 1, name: 'Appointment slots' }).waitFor();
  await checkAccessibility(page, 'slots');

  // No day: the day input is marked and named in the alert; then no time.
  await page.getByRole('button', { name: 'Publish slot' }).click();
  const dayInput = page.getByLabel(/^Day( \*)?$/);
  assert.equal(await dayInput.getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').filter({ hasText: 'Day' }).waitFor();
  const day = new Date(Date.now() + 7 * 86400000).toISOString().slice(0, 10);
  await dayInput.fill(day);
  await page.getByRole('button', { name: 'Publish slot' }).click();
  const starts = page.getByLabel('Starts (Helsinki time)');
  assert.equal(await starts.getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').filter({ hasText: 'Starts (Helsinki time)' }).waitFor();
  // What is no time is said so, in the console's words.
  await starts.fill('25.61');
  await page.getByRole('button', { name: 'Publish slot' }).click();
  await page.getByRole('alert').filter({ hasText: 'Write a time, for example 10.00.' }).waitFor();

  // A capacity the API refuses: its 422 names the field, and the input is marked.
  // The Finnish way of writing a time.
  await starts.fill('10.00');
  await page.getByLabel('Places').fill('0');
  await page.getByRole('button', { name: 'Publish slot' }).click();
  await page.waitForFunction(() => document.querySelector('[data-field="capacity"]')
    ?.getAttribute('aria-invalid') === 'true');
  assert.equal(await starts.getAttribute('aria-invalid'), null);
  const capacity = page.getByLabel('Places');
  assert.ok(await capacity.evaluate((input) => input === document.activeElement));
  await checkAccessibility(page, 'slots with an error');

  // A meeting needs a place: the API says so, naming the place.
  await capacity.fill('2');
  await page.getByRole('button', { name: 'Publish slot' }).click();
  await page.waitForFunction(() => document.querySelector('[data-field="organisation"]')
    ?.getAttribute('aria-invalid') === 'true');
  await page.getByRole('alert').filter({ hasText: 'Choose where the appointment takes place.' }).waitFor();
  // In Finnish, the same refusal in Finnish: the console's sentence, not the server's English.
  await page.getByRole('button', { name: 'Suomi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vapaat ajat' }).waitFor();
  await page.getByLabel(/^Päivä( \*)?$/).fill(day);
  await page.getByLabel('Alkaa (Suomen aikaa)').fill('10');
  await page.getByRole('button', { name: 'Julkaise aika' }).click();
  await page.getByRole('alert').filter({ hasText: 'Valitse, missä tapaaminen on.' }).waitFor();
  assert.doesNotMatch(await page.getByRole('alert').first().textContent(), /appointment/);
  await checkAccessibility(page, 'slots with an error in Finnish');
  await useEnglish(page);
  await page.getByLabel(/^Day( \*)?$/).fill(day);
  await starts.fill('10:00');
  await page.getByLabel('Places').fill('2');

  // A home visit needs none.
  await page.getByLabel('Kind').selectOption({ label: 'Home visit' });
  await page.getByRole('button', { name: 'Publish slot' }).click();
  await page.getByRole('status').filter({ hasText: 'The slot was published.' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'Home visit' });
  await row.filter({ hasText: '0 / 2' }).waitFor();
  await row.filter({ hasText: '10:00' }).waitFor();  // Helsinki time, as typed
  await screenshot(page, 'slots');

  // Cancelling asks first; No keeps it.
  await row.getByRole('button', { name: /^Cancel slot: / }).click();
  const ask = page.getByRole('dialog', { name: 'Cancel this slot?' });
  await ask.getByRole('button', { name: 'No, keep it' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.match(await row.textContent(), /Offered/);
  await row.getByRole('button', { name: /^Cancel slot: / }).click();
  await checkAccessibility(page, 'cancel a slot');
  await ask.getByRole('button', { name: 'Yes, cancel the slot' }).click();
  await page.getByRole('status').filter({ hasText: 'The slot was cancelled.' }).waitFor();
  assertNoProblems(page);
});

test('kiosks: the registered kiosk is listed', async () => {
  await page.getByRole('link', { name: 'Kiosks' }).click();
  await page.getByRole('row').filter({ hasText: 'Oulu main library, lobby' }).waitFor();
  await checkAccessibility(page, 'kiosks');
  assertNoProblems(page);
});

test('keyboard: the skip link leads to the content, the navigation works with Enter', async () => {
  await page.goto('about:blank');
  await page.goto('/console/#/queue');
  await page.getByRole('heading', { level: 1, name: 'Appointment requests' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  // Through the banner to the navigation, then follow a link with Enter.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Appointment requests' }).waitFor();
  let found = false;
  for (let i = 0; i < 15 && !found; i++) {
    await page.keyboard.press('Tab');
    found = await page.evaluate(() => document.activeElement.textContent === 'Kiosks');
  }
  assert.ok(found, 'the Kiosks link is reached with Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused link shows its focus');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Kiosks' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  assertNoProblems(page);
});

test('signing out ends the session', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  const me = await page.evaluate(async () => (await fetch('/api/v1/staff/me')).status);
  assert.equal(me, 401);
  assertNoProblems(page);
});
