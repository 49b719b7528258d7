// test-queue.mjs — an advisor's working day in the queue: each request shows where it
// came from, the resident's language, when it was made on the kiosk and when it arrived,
// the guide's title and the step's text, its age and who handles it; five requests are
// taken to outcomes, with a failed call attempt, an outcome chosen on purpose and one
// corrected; a finished request is reopened; filters, search and paging; the focus stays
// on the row worked on; the audit log has a row for each change. axe-core in fi and en.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, postAppointment, screenshot, storeSql, PASSWORDS,
} from './harness.mjs';

let server;
let browser;
let page;

const HOUR = 3600000;
const ago = (hours) => new Date(Date.now() - hours * HOUR).toISOString();

// Five requests for the day, oldest first; the first was made 60 hours before it
// reached the server, on a kiosk that was offline.
const DAY = [
  { reference: 'AAAAAA', created: ago(60), language: 'sv', guide: 'omaolo', guide_step: 2,
    name: 'Berit Exempel' },
  { reference: 'CCCCCC', created: ago(5), language: 'fi', name: 'Cecilia Esimerkki' },
  { reference: 'DDDDDD', created: ago(4), language: 'en', name: 'Daniel Example' },
  { reference: 'EEEEEE', created: ago(3), language: 'fi', name: 'Eino Esimerkki' },
  { reference: 'FFFFFF', created: ago(2), language: 'fi', name: 'Fanni Esimerkki' },
];

before(async () => {
  server = await startServer();
  for (const request of DAY)
    await postAppointment(server, request);
  // More than a page: seven more, newer.
  for (const reference of ['GGGGGG', 'HHHHHH', 'JJJJJJ', 'KKKKKK', 'MMMMMM', 'NNNNNN', 'PPPPPP'])
    await postAppointment(server, { reference, created: ago(1) });
  browser = await launchBrowser();
  page = await openPage(browser, server);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'aino', PASSWORDS.advisor);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const filters = () => page.getByRole('search', { name: 'Filter the requests' });
const row = (reference) => page.getByRole('row').filter({ hasText: reference });
const focusedName = () => page.evaluate(() => document.activeElement.getAttribute('aria-label')
  || document.activeElement.textContent);
const changes = () => storeSql(server, "SELECT count(*) FROM audit_log WHERE action IN "
  + "('mark', 'no-answer', 'left-message', 'note')");

test('in Finnish: the queue is a case list, and axe finds nothing serious', async () => {
  await page.getByRole('heading', { level: 1, name: 'Ajanvarauspyynnöt' }).waitFor();
  const first = row('AAAAAA');
  await first.waitFor();
  const text = await first.textContent();
  assert.match(text, /Oulu main library, lobby \(Oulu\)/);
  assert.match(text, /Kieli: ruotsi/);
  assert.match(text, /Odottanut pitkään: 2 päivää/);
  await checkAccessibility(page, 'queue in Finnish');
  await screenshot(page, 'queue-fi-1366');
  assertNoProblems(page);
});

test('each request shows where it came from, when it was made and arrived, the guide and step', async () => {
  await useEnglish(page);
  const first = row('AAAAAA');
  await first.waitFor();
  const text = await first.textContent();
  assert.match(text, /Language: Swedish/);
  // Made 60 hours ago on the kiosk, arrived just now: both are shown, and it stands out.
  const made = /Made on the kiosk ([^A]+?)Arrived ([^T]+?)The kiosk was offline/.exec(text);
  assert.ok(made, text);
  assert.notEqual(made[1].trim(), made[2].trim());
  await first.locator('.badge.warning').filter({ hasText: 'Waiting long: 2 days' }).waitFor();
  assert.equal(await row('CCCCCC').locator('.badge.warning').count(), 0);
  assert.match(text, /Stuck in the guide “Omaolo: check your symptoms and service needs online”, step 2/);
  assert.match(text, /Choose your own area on the front page/);
  assert.match(text, /Nobody has handled it yet/);
  assertNoProblems(page);
});

test('filters by kiosk, language, state and age; search; paging', async () => {
  await page.getByText('12 of 12 requests shown').waitFor();
  await page.getByText('Page 1 of 2 (12 requests)').waitFor();
  // Oldest first: the five of the day are on the first page, the newest on the second.
  await row('AAAAAA').waitFor();
  assert.equal(await row('PPPPPP').count(), 0);
  await page.getByRole('button', { name: 'Next page' }).click();
  await row('PPPPPP').waitFor();
  assert.equal(await row('AAAAAA').count(), 0);
  await page.getByRole('button', { name: 'Previous page' }).click();

  await filters().getByLabel('Language', { exact: true }).selectOption({ label: 'Swedish' });
  await page.getByText('1 of 12 requests shown').waitFor();
  await row('AAAAAA').waitFor();
  await filters().getByLabel('Language', { exact: true }).selectOption({ label: 'All languages' });

  await filters().getByLabel('Age', { exact: true }).selectOption({ label: 'Older than 2 days' });
  await page.getByText('1 of 12 requests shown').waitFor();
  await filters().getByLabel('Age', { exact: true }).selectOption({ label: 'Any age' });

  await filters().getByLabel('Kiosk and library').selectOption({ label: 'Oulu main library, lobby (Oulu)' });
  await page.getByText('12 of 12 requests shown').waitFor();
  await filters().getByLabel('Kiosk and library').selectOption({ label: 'All kiosks' });

  await page.getByLabel('Search by reference, name or phone').fill('daniel');
  await page.getByText('1 of 12 requests shown').waitFor();
  await row('DDDDDD').waitFor();
  await page.getByLabel('Search by reference, name or phone').fill('');
  await page.getByText('12 of 12 requests shown').waitFor();
  assertNoProblems(page);
});

test('five requests to outcomes: a failed call, an outcome chosen on purpose, one corrected', async () => {
  const before = changes();

  // 1. Contacted: the focus goes to the row's next control, not the page.
  await page.getByRole('button', { name: 'Mark contacted: AAAAAA' }).click();
  await page.getByRole('status').filter({ hasText: 'Request AAAAAA is now: Contacted.' }).waitFor();
  await page.waitForFunction(() => document.activeElement.getAttribute('aria-label')
    === 'Called, no answer: AAAAAA');
  // The row did not move: still the first.
  assert.match(await page.getByRole('row').nth(1).textContent(), /AAAAAA/);
  // A failed call attempt, then a message left, each with its time.
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'The call to request AAAAAA was recorded.' }).waitFor();
  assert.equal(await focusedName(), 'Called, no answer: AAAAAA');
  await page.getByRole('button', { name: 'Called, left a message: AAAAAA' }).click();
  await row('AAAAAA').getByText('History (3)').click();
  const history = row('AAAAAA').locator('.history li');
  assert.match(await history.nth(0).textContent(), /aino · Marked contacted/);
  assert.match(await history.nth(1).textContent(), /\d.*aino · Called, no answer/);
  assert.match(await history.nth(2).textContent(), /aino · Called, left a message/);
  await row('AAAAAA').getByText('Handled by aino').waitFor();
  await checkAccessibility(page, 'queue with history open');
  await screenshot(page, 'queue-history-1366');

  // No default outcome: Mark done without one says so at the select.
  await page.getByRole('button', { name: 'Mark done: AAAAAA' }).click();
  const outcome = page.getByLabel('Outcome of AAAAAA');
  assert.equal(await outcome.getAttribute('aria-invalid'), 'true');
  assert.ok(await outcome.evaluate((select) => select === document.activeElement));
  await row('AAAAAA').getByText('Choose the outcome first.').waitFor();
  await outcome.selectOption({ label: 'Referred elsewhere' });
  await page.getByRole('button', { name: 'Mark done: AAAAAA' }).click();
  await page.getByRole('status').filter({ hasText: 'Request AAAAAA is now: Done – Referred elsewhere.' }).waitFor();
  await row('AAAAAA').waitFor({ state: 'detached' });

  // 2. Solved straight away.
  await page.getByLabel('Outcome of CCCCCC').selectOption('solved');
  await page.getByRole('button', { name: 'Mark done: CCCCCC' }).click();
  await row('CCCCCC').waitFor({ state: 'detached' });
  // 3. Contacted, then a home visit booked.
  await page.getByRole('button', { name: 'Mark contacted: DDDDDD' }).click();
  await page.getByRole('button', { name: 'Mark contacted: DDDDDD' }).waitFor({ state: 'detached' });
  await page.getByLabel('Outcome of DDDDDD').selectOption('home-visit-booked');
  await page.getByRole('button', { name: 'Mark done: DDDDDD' }).click();
  await row('DDDDDD').waitFor({ state: 'detached' });
  // 4. A note, then cancelled.
  await row('EEEEEE').getByText('Add a note').click();
  await page.getByLabel('Note on EEEEEE').fill('Asiakas peruu, soittaa itse ensi viikolla.');
  await row('EEEEEE').getByRole('button', { name: 'Save the note' }).click();
  await page.getByRole('status').filter({ hasText: 'A note was added to request EEEEEE.' }).waitFor();
  await page.getByLabel('Outcome of EEEEEE').selectOption('cancelled');
  await page.getByRole('button', { name: 'Mark done: EEEEEE' }).click();
  await row('EEEEEE').waitFor({ state: 'detached' });
  // 5. No answer after all.
  await page.getByLabel('Outcome of FFFFFF').selectOption('no-answer');
  await page.getByRole('button', { name: 'Mark done: FFFFFF' }).click();
  await row('FFFFFF').waitFor({ state: 'detached' });
  await page.getByText('7 of 7 requests shown').waitFor();

  // The handled ones: CCCCCC was referred elsewhere, not solved — corrected, no 409.
  await filters().getByLabel('State', { exact: true }).selectOption({ label: 'Done' });
  await page.getByText('5 of 12 requests shown').waitFor();
  await row('CCCCCC').filter({ hasText: 'Done – Solved' }).waitFor();
  await page.getByLabel('New outcome of CCCCCC').selectOption({ label: 'Referred elsewhere' });
  await page.getByRole('button', { name: 'Correct the outcome: CCCCCC' }).click();
  await page.getByRole('status').filter({ hasText: 'Request CCCCCC is now: Done – Referred elsewhere.' }).waitFor();
  await row('CCCCCC').filter({ hasText: 'Done – Referred elsewhere' }).waitFor();
  await row('CCCCCC').getByText('History (2)').click();
  assert.match(await row('CCCCCC').locator('.history li').nth(1).textContent(),
               /Outcome corrected: Referred elsewhere/);
  // And FFFFFF is reopened: the resident called back.
  await page.getByRole('button', { name: 'Reopen: FFFFFF' }).click();
  await page.getByRole('status').filter({ hasText: 'Request FFFFFF is now: Open.' }).waitFor();
  await row('FFFFFF').waitFor({ state: 'detached' });
  await checkAccessibility(page, 'queue, handled requests');
  await screenshot(page, 'queue-done-1366');

  // Every change is a row in the audit log: contacted, no answer, message, done (1);
  // done (2); contacted, done (3); note, done (4); done (5); corrected; reopened.
  assert.equal(changes() - before, 12);
  assert.equal(storeSql(server, 'SELECT count(*) FROM appointment_history'), 12);
  assert.equal(storeSql(server, "SELECT outcome FROM appointments WHERE reference = 'CCCCCC'"),
               'referred');
  assert.equal(storeSql(server, "SELECT state FROM appointments WHERE reference = 'FFFFFF'"), 'open');
  assertNoProblems(page);
});

test('at 1920×1080, in Finnish and English', async () => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await filters().getByLabel('State', { exact: true }).selectOption({ label: 'Waiting (open and contacted)' });
  await row('FFFFFF').waitFor();
  await checkAccessibility(page, 'queue at 1920 in English');
  await screenshot(page, 'queue-en-1920');
  await page.getByRole('button', { name: 'Suomi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ajanvarauspyynnöt' }).waitFor();
  await row('FFFFFF').waitFor();
  await checkAccessibility(page, 'queue at 1920 in Finnish');
  await screenshot(page, 'queue-fi-1920');
  // No sideways scrolling of the page.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  assertNoProblems(page);
});
