// test-silence.mjs — a kiosk that went dark while its library was open: an administrator
// says on the Kiosks page where each kiosk stands; with contact hours planted in the
// store (every hour of the week but two), the front page names the dark kiosk and not
// the one heard from all along, the Kiosks page marks it, and the operations report
// lists it. axe-core on each page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUser, assertNoProblems, checkAccessibility, launchBrowser, openPage, runCli, screenshot,
  signIn, staffApi, startServer, storeSql, useEnglish,
} from './harness.mjs';

const ADMIN_PASSWORD = 'admin-password-3';
const DARK = 'Oulu main library, lobby';
const FINE = 'Oulu main library, reading room';
// A library open every hour of every day, so that which hours count is plain.
const LIBRARY = {
  id: 'silence-library', name: { fi: 'Hiljaisuuden kirjasto', en: 'Silence Library' },
  kind: 'library', municipality: '564',
  opening_hours: { weekly: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, opens: '00:00', closes: '24:00' })) },
};

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  runCli(server.dataDir, ['kiosk', 'add', '--name', FINE, '--municipality', '564']);
  addUser(server, 'aada', 'admin', ADMIN_PASSWORD);
  browser = await launchBrowser();
  page = await openPage(browser, server);
  await signIn(page, 'aada', ADMIN_PASSWORD);
  await useEnglish(page);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the administrator says where each kiosk stands', async () => {
  assert.equal((await staffApi(page, 'POST', 'organisations', { organisation: LIBRARY })).status, 200);
  await page.getByRole('link', { name: 'Kiosks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kiosks' }).waitFor();
  for (const name of [DARK, FINE]) {
    await page.getByRole('combobox', { name: `Where ${name} stands` }).selectOption({ label: 'Silence Library' });
    await page.getByRole('status').filter({ hasText: `Saved where ${name} stands.` }).waitFor();
  }
  const silence = await staffApi(page, 'GET', 'kiosks/silence');
  assert.deepEqual(silence.body.kiosks.map((kiosk) => kiosk.host), ['silence-library', 'silence-library']);
  await checkAccessibility(page, 'kiosks with hosts');
  assertNoProblems(page);
});

test('the kiosk dark for two hours of opening time is found on the front page and in the report', async () => {
  const kiosks = (await staffApi(page, 'GET', 'kiosks')).body.kiosks;
  const id = (name) => kiosks.find((kiosk) => kiosk.name === name).id;
  const nowHour = Math.floor(Date.now() / 3600000);
  // Both registered eight days ago; heard from every hour of the last eight days, except
  // that the dark one was silent four and three hours ago.
  storeSql(server, 'UPDATE kiosks SET created = created - 8 * 86400, last_contact = ?',
           [Math.floor(Date.now() / 1000)]);
  for (const name of [DARK, FINE]) {
    storeSql(server, 'WITH RECURSIVE h (x) AS (SELECT ? UNION ALL SELECT x + 1 FROM h WHERE x + 1 < ?) '
      + 'INSERT INTO kiosk_contact_hours (kiosk, hour) SELECT ?, x FROM h WHERE x NOT IN (?, ?)',
    [nowHour - 8 * 24, nowHour, id(name), ...(name === DARK ? [nowHour - 4, nowHour - 3] : [-1, -1])]);
  }

  await page.getByRole('link', { name: 'Appointment requests' }).click();
  const notice = page.getByRole('region', { name: 'Kiosks dark during opening hours' });
  await notice.waitFor();
  const items = await notice.getByRole('listitem').allTextContents();
  assert.equal(items.length, 1, items.join('\n'));
  assert.match(items[0], new RegExp(`^${DARK} \\(Silence Library\\): 2 h without contact during opening hours`));
  await checkAccessibility(page, 'front page with a dark kiosk');
  await screenshot(page, 'front-dark-kiosk');

  await notice.getByRole('link', { name: 'All kiosks' }).click();
  const row = page.getByRole('row').filter({ hasText: id(DARK) });
  await row.getByText(/^Dark 2 h in opening hours \(7 days\)/).waitFor();
  assert.equal(await page.getByRole('row').filter({ hasText: id(FINE) }).getByText(/^Dark/).count(), 0);
  await screenshot(page, 'kiosks-dark');

  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('link', { name: 'Operations' }).click();
  const table = page.getByRole('table', { name: /Kiosks dark during opening hours/ });
  await table.waitFor();
  const rows = table.getByRole('row').filter({ hasText: DARK });
  assert.equal(await rows.count(), 1);
  assert.equal(await table.getByRole('row').filter({ hasText: FINE }).count(), 0);
  await checkAccessibility(page, 'operations report');
  assertNoProblems(page);
});
