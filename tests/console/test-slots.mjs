// test-slots.mjs — an advisor's day with slots: a week published from a weekly pattern
// after a preview, a duplicate refused in the console's words, the week copied to the
// next two, the week's calendar, a booked slot cancelled after a question that names
// the request, and the request moved onto a free slot, in its history and the audit log.
// axe-core in Finnish and English; no sideways scrolling at 200 % zoom.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, postAppointment, screenshot, storeSql, staffApi, helsinkiToday, PASSWORDS,
} from './harness.mjs';

let server;
let browser;
let page;

// "YYYY-MM-DD" moved by @days, and the Monday of the week after today's in Helsinki.
const addDays = (day, days) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};
const today = helsinkiToday();
const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
const MONDAY = addDays(today, 7 - weekday);

const slotsIn = async (monday) => (await staffApi(page, 'GET', `slots?week=${monday}`)).body.slots;
const patternForm = () => page.locator('form').filter({ has: page.getByRole('heading', { name: /weekly pattern|viikoittain/ }) });
const copyForm = () => page.locator('form').filter({ has: page.getByRole('heading', { name: /^(Copy the week|Kopioi viikko)$/ }) });
const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, server);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signIn(page, 'aino', PASSWORDS.advisor);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('in Finnish: the week, the pattern and the copy, and axe finds nothing serious', async () => {
  await page.getByRole('link', { name: 'Vapaat ajat' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vapaat ajat' }).waitFor();
  await page.getByRole('table', { name: /^Kalenteri/ }).waitFor();
  await patternForm().getByRole('button', { name: 'Esikatsele' }).click();
  // Nothing chosen: the days of the week are asked for, in Finnish.
  await patternForm().getByRole('alert').filter({ hasText: 'Valitse ainakin yksi viikonpäivä.' }).waitFor();
  await checkAccessibility(page, 'slots in Finnish');
  assertNoProblems(page);
});

test('a week from a pattern: previewed, published, a duplicate refused', async () => {
  await useEnglish(page);
  await page.getByRole('heading', { level: 1, name: 'Appointment slots' }).waitFor();
  const form = patternForm();
  await form.getByLabel('Where the slots are').selectOption('oulu-main-library');
  await form.getByLabel(/^First day/).fill(MONDAY);
  await form.getByLabel(/^Last day/).fill(addDays(MONDAY, 6));
  await form.getByLabel('Tuesday').check();
  await form.getByLabel('Thursday').check();
  // The Finnish way of writing a time, and the English.
  await form.getByLabel(/^First slot starts/).fill('10.00');
  await form.getByLabel(/^Last slot ends by/).fill('12:00');
  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByRole('region', { name: 'Preview of the slots' });
  await preview.getByText('8 slots in all: 8 can be published, 0 are refused.').waitFor();
  // A preview publishes nothing.
  assert.equal((await slotsIn(MONDAY)).length, 0);
  await checkAccessibility(page, 'a pattern previewed');
  await screenshot(page, 'slots-pattern-preview-1366');
  await preview.getByRole('button', { name: 'Publish 8 slots' }).click();
  await page.getByRole('status').filter({ hasText: '8 slots were published; 0 refused.' }).waitFor();
  assert.equal((await slotsIn(MONDAY)).length, 8);
  assert.equal(storeSql(server, "SELECT count(*) FROM audit_log WHERE action = 'slot-published'"), 8);

  // The same pattern again: every slot refused, and why.
  await form.getByRole('button', { name: 'Preview' }).click();
  await preview.getByText('8 slots in all: 0 can be published, 8 are refused.').waitFor();
  await preview.getByText(/The place already has a slot that starts at this time\./).first().waitFor();
  assert.equal(await preview.getByRole('button', { name: 'Publish 0 slots' }).isDisabled(), true);

  // One slot by hand at the same place and time: refused, the field marked, in English.
  const single = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Publish a slot' }) });
  await single.getByLabel('Place', { exact: true }).selectOption('oulu-main-library');
  await single.getByLabel(/^Day( \*)?$/).fill(addDays(MONDAY, 1));
  await single.getByLabel('Starts (Helsinki time)').fill('10.30');
  await single.getByRole('button', { name: 'Publish slot' }).click();
  await single.getByRole('alert').filter({ hasText: 'The place already has a slot that starts at this time.' }).waitFor();
  assert.equal(await single.getByLabel('Starts (Helsinki time)').getAttribute('aria-invalid'), 'true');
  // Overlapping: 10.15 runs into the 10.00 and the 10.30 slots.
  await single.getByLabel('Starts (Helsinki time)').fill('10.15');
  await single.getByRole('button', { name: 'Publish slot' }).click();
  await single.getByRole('alert').filter({ hasText: 'This overlaps another slot of the same place.' }).waitFor();
  assert.equal((await slotsIn(MONDAY)).length, 8);
  assertNoProblems(page);
});

test('the calendar shows the week; the week is copied to the next two', async () => {
  await page.getByRole('button', { name: 'Next week' }).click();
  const calendar = page.getByRole('table', { name: /^Calendar, .*: 8 slots$/ });
  await calendar.waitFor();
  // The 10 o'clock row: Tuesday's and Thursday's 10.00 and 10.30, all free.
  const ten = calendar.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '10:00' }) });
  assert.equal(await ten.getByText('Free 0/1').count(), 4);
  // Keyboard: the week moves with the buttons, and back.
  await page.getByRole('button', { name: 'Previous week' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('table', { name: /^Calendar, .*: 0 slots$/ }).waitFor();
  await page.getByRole('button', { name: 'Next week' }).focus();
  await page.keyboard.press('Enter');
  await calendar.waitFor();

  const form = copyForm();
  await form.getByLabel(/^To the week of/).fill(addDays(MONDAY, 7));
  await form.getByLabel(/^Number of weeks/).fill('2');
  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByRole('region', { name: 'Preview of the slots' });
  await preview.getByText('16 slots in all: 16 can be published, 0 are refused.').waitFor();
  await preview.getByRole('button', { name: 'Publish 16 slots' }).click();
  await page.getByRole('status').filter({ hasText: '16 slots were published; 0 refused.' }).waitFor();
  assert.equal((await slotsIn(addDays(MONDAY, 7))).length, 8);
  assert.equal((await slotsIn(addDays(MONDAY, 14))).length, 8);
  await checkAccessibility(page, 'a week copied');
  assertNoProblems(page);
});

test('a booked slot is cancelled after a question naming the request, which is moved', async () => {
  // A resident takes Tuesday 10.00 of the first week at a kiosk.
  const tuesday = (await slotsIn(MONDAY))[0];
  const reference = await postAppointment(server, { reference: 'TAKEN7', contact_method: 'meeting',
                                                    slot: tuesday.id, name: 'Aili Aaltonen',
                                                    preferred_days: [], preferred_time: null });
  // Away and back: the page reads it all again, and the calendar starts at this week.
  await page.getByRole('link', { name: 'Kiosks' }).click();
  await page.getByRole('link', { name: 'Appointment slots' }).click();
  await page.getByRole('button', { name: 'Next week' }).click();
  const calendar = page.getByRole('table', { name: /^Calendar/ });
  await calendar.getByText('Full 1/1').waitFor();
  await screenshot(page, 'slots-week-1366');

  const row = page.getByRole('row').filter({ hasText: '1 / 1' });
  await row.getByRole('button', { name: /^Cancel slot: / }).click();
  const ask = page.getByRole('dialog', { name: 'Cancel this slot?' });
  await ask.getByText(`It is booked for: ${reference} (Aili Aaltonen).`).waitFor();
  await checkAccessibility(page, 'cancel a booked slot');
  // The slots come back late, as on a loaded machine: what is announced must already be
  // on the page, the free slots listed (the announcement once came first).
  const late = /api\/v1\/staff\/slots(\?.*)?$/;
  await page.route(late, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  await ask.getByRole('button', { name: 'Yes, cancel the slot' }).click();
  await page.getByRole('status').filter({ hasText: 'Requests needing a new time: 1.' }).waitFor();
  await page.unroute(late);

  const moves = page.getByRole('region', { name: 'Requests that need a new time' });
  const choice = moves.getByLabel(`New time for ${reference}`);
  // The next free slots, the same place and kind first: Tuesday 10.30 comes first.
  const options = await choice.locator('option').allTextContents();
  assert.ok(options.length >= 1 && options.length <= 5, options.join(' | '));
  const wanted = await choice.inputValue();
  assert.equal(wanted, (await slotsIn(MONDAY))[1].id);
  await checkAccessibility(page, 'requests to move');
  await screenshot(page, 'slots-move-1366');
  await moves.getByRole('button', { name: `Move ${reference}` }).click();
  await page.getByRole('status').filter({ hasText: `Request ${reference} was moved to` }).waitFor();

  const id = storeSql(server, 'SELECT id FROM appointments WHERE reference = ?', [reference]);
  assert.equal(storeSql(server, 'SELECT slot FROM appointments WHERE id = ?', [id]), wanted);
  assert.equal(storeSql(server, 'SELECT needs_new_time FROM appointments WHERE id = ?', [id]), 0);
  assert.equal(storeSql(server, "SELECT count(*) FROM appointment_history WHERE action = 'moved' "
                                + 'AND appointment = ?', [id]), 1);
  assert.equal(storeSql(server, "SELECT count(*) FROM audit_log WHERE action = 'slot-cancelled' "
                                + "AND actor = 'staff:aino' AND appointment = ?", [id]), 1);
  assert.equal(storeSql(server, "SELECT count(*) FROM audit_log WHERE action = 'moved' "
                                + "AND actor = 'staff:aino' AND appointment = ?", [id]), 1);
  await calendar.getByText('Cancelled').waitFor();
  await calendar.getByText('Full 1/1').waitFor();
  assertNoProblems(page);
});

test('a request the kiosk sent for a full slot is found and moved', async () => {
  // The slot TAKEN7 now holds is full: this one is stored as needing a new time.
  const full = (await slotsIn(MONDAY))[1];
  const reference = await postAppointment(server, { reference: 'FMWY34', contact_method: 'meeting',
                                                    slot: full.id, name: 'Bertta Esimerkki',
                                                    preferred_days: [], preferred_time: null });
  await page.getByRole('button', { name: 'Find requests that need a new time' }).click();
  await page.getByRole('status').filter({ hasText: 'Requests that need a new time: 1.' }).waitFor();
  const moves = page.getByRole('region', { name: 'Requests that need a new time' });
  await moves.getByText(`${reference} (Bertta Esimerkki)`).waitFor();
  await moves.getByRole('button', { name: `Move ${reference}` }).click();
  await page.getByRole('status').filter({ hasText: `Request ${reference} was moved to` }).waitFor();
  assert.equal(storeSql(server, 'SELECT needs_new_time FROM appointments WHERE reference = ?',
                        [reference]), 0);
  await page.getByRole('button', { name: 'Find requests that need a new time' }).click();
  await page.getByRole('status').filter({ hasText: 'Requests that need a new time: 0.' }).waitFor();
  assertNoProblems(page);
});

test('what the advisor types before the directory arrives stays in the form', async () => {
  // The directory comes late, as on a loaded machine: the form is built again with a list
  // of places then, and once lost the day and time already typed (the advisor's work).
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const directory = /api\/v1\/staff\/organisations(\?.*)?$/;
  await page.route(directory, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole('link', { name: 'Appointment requests' }).click();
  await page.getByRole('heading', { level: 1, name: 'Appointment requests' }).waitFor();
  await page.getByRole('link', { name: 'Appointment slots' }).click();
  await page.getByLabel('Place (organisation id)').waitFor();
  await page.getByLabel(/^Day( \*)?$/).fill(addDays(MONDAY, 14));
  await page.getByLabel('Starts (Helsinki time)').fill('13.15');
  await page.getByLabel('Places').fill('3');
  await page.getByLabel('Starts (Helsinki time)').focus();
  release();
  await page.getByLabel('Place', { exact: true }).waitFor();
  await page.unroute(directory);
  assert.equal(await page.getByLabel(/^Day( \*)?$/).inputValue(), addDays(MONDAY, 14));
  assert.equal(await page.getByLabel('Starts (Helsinki time)').inputValue(), '13.15');
  assert.equal(await page.getByLabel('Places').inputValue(), '3');
  assert.ok(await page.getByLabel('Starts (Helsinki time)').evaluate((input) => input === document.activeElement));
  assertNoProblems(page);
});

test('1920 wide, and 200 % zoom without sideways scrolling', async () => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.getByRole('table', { name: /^Calendar/ }).waitFor();
  assert.ok(await noSidewaysScroll());
  await screenshot(page, 'slots-1920');
  // 1366 × 768 at 200 %: the page is laid out in 683 × 384 CSS pixels.
  await page.setViewportSize({ width: 683, height: 384 });
  assert.ok(await noSidewaysScroll(), 'the slots page scrolls sideways at 200 %');
  await screenshot(page, 'slots-200-percent');
  await page.setViewportSize({ width: 1366, height: 768 });
  assertNoProblems(page);
});
