// test-funnels.mjs — an evaluator defines a funnel in the console (a name, steps picked
// from the kinds of event, reordered, one removed), is told which field is wrong, saves
// it, and reads how many visits went through its steps in order, the guide by its title
// (in the CSV too, beside its id); the name typed is shown as text, never markup; axe-core
// on the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn, useEnglish,
  screenshot, postKioskEvents, storeSql, PASSWORDS,
} from './harness.mjs';

const top = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const NAME = '<b>Omaolo</b> → request';

let server;
let browser;
let page;

// Six visits open Omaolo, see its step 2 and send a request; two only open it; one sends
// a request before it opens the guide (so it never reaches step 3 of the funnel).
async function postEvents() {
  const events = [];
  const now = Date.now();
  const visit = (types, start) => {
    const session = randomUUID();
    types.forEach(([type, subject, value, detail], i) => events.push({
      id: randomUUID(), session, time: new Date(start + i * 1000).toISOString(), type,
      subject: subject ?? null, language: 'fi', text_size: 0, high_contrast: false,
      value: value ?? 0, detail: detail ?? null,
    }));
  };
  for (let i = 0; i < 6; i++)
    visit([['guide_view', 'omaolo'], ['step_view', 'omaolo', 2], ['appointment_submitted', null, 0, 'slot']],
      now - 600000 + i * 10000);
  for (let i = 0; i < 2; i++)
    visit([['guide_view', 'omaolo']], now - 500000 + i * 10000);
  visit([['appointment_submitted', null, 0, 'slot'], ['guide_view', 'omaolo'], ['step_view', 'omaolo', 2]],
    now - 400000);
  await postKioskEvents(server, events);
}

before(async () => {
  server = await startServer();
  await postEvents();
  browser = await launchBrowser();
  page = await openPage(browser, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the kinds of event offered are the ones the server knows', async () => {
  const source = await readFile(join(top, 'common', 'nv-event.c'), 'utf8');
  const known = [...source.matchAll(/\[NV_EVENT_\w+\]\s*=\s*\{\s*"(\w+)"/g)].map((m) => m[1]);
  const console = await readFile(join(top, 'backend', 'console', 'js', 'funnels.js'), 'utf8');
  const list = /EVENT_TYPES = \[([^\]]*)\]/.exec(console)[1];
  const EVENT_TYPES = [...list.matchAll(/'(\w+)'/g)].map((m) => m[1]);
  assert.ok(known.length > 15);
  assert.deepEqual([...EVENT_TYPES].sort(), [...known].sort());
});

test('an evaluator defines a funnel, saves it and reads its counts', async () => {
  await signIn(page, 'eero', PASSWORDS.evaluator);
  await useEnglish(page);
  await page.getByRole('navigation', { name: 'Report sections' }).getByRole('link', { name: 'Funnels' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reports: Funnels' }).waitFor();
  await page.getByText('No funnels saved yet.').first().waitFor();

  const step = (n) => page.getByRole('group', { name: `Step ${n}`, exact: true });
  await step(1).getByLabel('Event').selectOption({ label: 'Guide opened' });
  await step(1).getByLabel('Subject (optional)').fill('omaolo');
  // Step 2 is first set to the request, then a third step is added for the guide's step
  // and moved up in its place.
  await step(2).getByLabel('Event').selectOption({ label: 'Appointment request sent' });
  await page.getByRole('button', { name: 'Add a step' }).click();
  await step(3).getByLabel('Event').selectOption({ label: 'Guide step shown' });
  await step(3).getByLabel('Subject (optional)').fill('omaolo');
  await step(3).getByLabel('Value (optional)').fill('2');
  await page.getByRole('button', { name: 'Move step 3 up' }).click();
  assert.equal(await step(2).getByLabel('Value (optional)').inputValue(), '2');
  assert.equal(await step(3).getByLabel('Event').inputValue(), 'appointment_submitted');
  // A fourth step added and removed again; two are the fewest.
  await page.getByRole('button', { name: 'Add a step' }).click();
  await page.getByRole('button', { name: 'Remove step 4' }).click();
  assert.equal(await step(4).count(), 0);
  assert.ok(await step(1).getByRole('button', { name: 'Move step 1 up' }).isDisabled());

  // No name: the server refuses it, and the console says which field.
  await page.getByRole('button', { name: 'Save funnel' }).click();
  const nameInput = page.locator('input[data-field="funnel.name"]');
  await page.locator('input[aria-invalid="true"][data-field="funnel.name"]').waitFor();
  await checkAccessibility(page, 'funnel form with an error');
  assert.equal(storeSql(server, "SELECT count(*) FROM funnels"), 0);

  await nameInput.fill(NAME);
  await page.getByRole('button', { name: 'Save funnel' }).click();
  const table = page.getByRole('table', { name: NAME, exact: true });
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(rows.map((row) => [row[0], row[1], row[5], row[6]]), [
    ['1', 'Guide opened', '9', '100'],
    ['2', 'Guide step shown', '7', '77.8'],
    ['3', 'Appointment request sent', '6', '66.7'],
  ]);
  // The guide by its title, not its id.
  const GUIDE = 'Omaolo: check your symptoms and service needs online';
  assert.deepEqual(rows.map((row) => row[2]), [GUIDE, GUIDE, '']);
  // The CSV keeps the ids and names them in the console's language.
  const href = await page.getByRole('link', { name: `Download “${NAME}” as CSV` }).getAttribute('href');
  assert.match(href, /[?&]lang=en(&|$)/);
  const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'step,type,type_name,subject,subject_name,detail,detail_name,value,sessions,percent');
  assert.equal(lines[1], `1,guide_view,Guide opened,omaolo,${GUIDE},,,,9,100`);
  // The name as typed, as text: no element was made of it.
  assert.equal(await page.locator('main b').count(), 0);
  await page.getByRole('heading', { level: 2, name: NAME, exact: true }).waitFor();
  await page.getByRole('table', { name: 'Saved funnels' }).getByText(NAME).waitFor();
  // The saved steps by their names too.
  await page.getByRole('table', { name: 'Saved funnels' }).getByText(
    `Guide opened: ${GUIDE} → Guide step shown: ${GUIDE}, value 2 → Appointment request sent`).waitFor();
  assert.equal(storeSql(server, "SELECT count(*) FROM audit_log WHERE action = 'funnel-saved'"
                                + " AND actor = 'staff:eero'"), 1);
  await checkAccessibility(page, 'funnel counts');
  await screenshot(page, 'funnels');
  assertNoProblems(page);
});
