// test-review.mjs — an advisor reviews what an import from Suomi.fi brought: a new place
// published, a changed one taken field by field (the advisor's own value kept), and
// nothing reaches the kiosks before that; axe-core on every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, screenshot, PASSWORDS,
} from './harness.mjs';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ptv');
const ID = 'ptv-0b6d3a52-6f6e-4c8e-9a41-2f3d0c1e5a10';
const NAME = 'Testikylän palvelupiste';
// The console speaks English here, and shows the place's English name.
const SHOWN = "Testikylä citizens' office";

let server;
let browser;
let page;

// neuvokas-server import ptv on the running server's data, as an administrator runs it.
function importPtv(files, day, action = 'ptv') {
  const run = spawnSync(process.env.NEUVOKAS_SERVER,
                        ['--data-dir', server.dataDir, 'import', action, ...files],
                        { encoding: 'utf8', env: { ...process.env, NEUVOKAS_NOW: `${day}T10:00:00Z` } });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

async function kioskOrganisation(id) {
  const response = await fetch(`${server.url}api/v1/kiosk/content`,
                               { headers: { Authorization: `Bearer ${server.kioskToken}` } });
  const bundle = await response.json();
  return bundle.organisations.find((organisation) => organisation.id === id);
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, server);
  await signIn(page, 'aino', PASSWORDS.advisor);
  await useEnglish(page);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a new place waits for review, then is published', async () => {
  const summary = importPtv([join(fixtures, 'location-full.json'), join(fixtures, 'organization.json')],
                            '2026-12-07');
  assert.match(summary, /1 new, 0 changed/);
  assert.equal(await kioskOrganisation(ID), undefined, 'kiosks do not see it yet');

  await page.getByRole('link', { name: 'Import review' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import review' }).waitFor();
  const table = page.getByRole('table', { name: 'Imported changes waiting for review, by name' });
  const row = table.getByRole('row').filter({ hasText: SHOWN });
  await row.getByRole('cell', { name: 'New place' }).waitFor();
  await row.getByRole('cell', { name: 'Suomi.fi' }).waitFor();
  await checkAccessibility(page, 'directory changes');
  await screenshot(page, 'review-list');

  await row.getByRole('link', { name: SHOWN }).click();
  await page.getByRole('heading', { level: 1, name: `Review: ${SHOWN}` }).waitFor();
  await page.getByText(/^From Suomi\.fi, last checked /).waitFor();
  await page.getByRole('table', { name: `Details of ${SHOWN}: now and from the source` }).waitFor();
  await checkAccessibility(page, 'a new place');
  await page.getByRole('button', { name: 'Publish the place' }).click();
  await page.getByRole('heading', { level: 1, name: 'Import review' }).waitFor();
  await page.getByText('Nothing is waiting for review.').waitFor();
  const published = await kioskOrganisation(ID);
  assert.equal(published.name.fi, NAME);
  assert.equal(published.source, 'ptv');
  assert.deepEqual(published.phones, ['+358 8 5584 7070', '0800 123 456']);
  assertNoProblems(page);
});

test('a changed place is taken field by field; the advisor keeps their own value', async () => {
  const changed = readFileSync(join(fixtures, 'location-full.json'), 'utf8')
    .replaceAll('8 5584 7070', '8 5584 7000')
    .replace('Palvelupisteessä saa apua asiointiin', 'Palvelupisteessä saa apua');
  const path = join(server.dataDir, 'changed.json');
  writeFileSync(path, changed);
  assert.match(importPtv([path], '2026-12-08'), /0 new, 1 changed/);

  // Away and back, as an advisor would come to look: the list is read anew.
  await page.getByRole('link', { name: 'Directory', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  await page.getByRole('link', { name: 'Import review' }).click();
  const row = page.getByRole('table', { name: 'Imported changes waiting for review, by name' })
    .getByRole('row').filter({ hasText: SHOWN });
  await row.getByRole('cell', { name: 'Changed' }).waitFor();
  await row.getByRole('cell', { name: 'Description, Phone numbers and their cost, Phone numbers' })
    .waitFor();
  await row.getByRole('link', { name: SHOWN }).click();
  await page.getByRole('heading', { level: 1, name: `Review: ${SHOWN}` }).waitFor();
  const details = page.getByRole('table', { name: `Details of ${SHOWN}: now and from the source` });
  const phones = details.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Phone numbers', exact: true }) });
  await phones.getByRole('cell', { name: /\+358 8 5584 7070/ }).waitFor();
  await phones.getByRole('cell', { name: /\+358 8 5584 7000/ }).waitFor();
  await checkAccessibility(page, 'a changed place');
  await screenshot(page, 'review-changed');

  // The new numbers are taken; the description stays the advisor's.
  await page.getByRole('checkbox', { name: 'Take the new value: Description' }).uncheck();
  await page.getByRole('button', { name: 'Save the choices' }).click();
  await page.getByText('Nothing is waiting for review.').waitFor();
  const published = await kioskOrganisation(ID);
  assert.equal(published.phones[0], '+358 8 5584 7000');
  assert.match(published.description.fi, /^Palvelupisteessä saa apua asiointiin/);

  // The same import again: nothing to review, the description is theirs.
  assert.match(importPtv([path], '2026-12-09'), /0 new, 0 changed, 1 unchanged/);
  assertNoProblems(page);
});

test('library hours from Kirjastot.fi reach the place through review, with their source', async () => {
  // The library directory has the published place (the same name, street and municipality):
  // two weeks of schedules, weekdays 9–16.
  const schedules = [];
  for (let i = 0; i < 14; i++) {
    const day = new Date(Date.UTC(2026, 11, 7 + i));
    const weekday = day.getUTCDay() !== 0 && day.getUTCDay() !== 6;
    schedules.push({ date: day.toISOString().slice(0, 10), closed: !weekday, info: null,
                     times: weekday ? [{ from: '09:00', to: '16:00', status: 1 }] : null });
  }
  const path = join(server.dataDir, 'library.json');
  writeFileSync(path, JSON.stringify({ type: 'library', data: {
    id: 90123, name: { fi: NAME }, address: { street: 'Testikatu 3 A', zipcode: '90100', city: 'Oulu' },
    schedules,
  } }));
  assert.match(importPtv([path], '2026-12-09', 'libraries'), /0 new, 1 changed, 0 unchanged, 0 refused; 1 matched/);

  await page.getByRole('link', { name: 'Directory', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  await page.getByRole('link', { name: 'Import review' }).click();
  const row = page.getByRole('table', { name: 'Imported changes waiting for review, by name' })
    .getByRole('row').filter({ hasText: SHOWN });
  await row.getByRole('cell', { name: 'Opening hours', exact: true }).waitFor();
  await row.getByRole('cell', { name: 'Kirjastot.fi', exact: true }).waitFor();
  await row.getByRole('link', { name: SHOWN }).click();
  await page.getByRole('heading', { level: 1, name: `Review: ${SHOWN}` }).waitFor();
  await page.getByText(/^From Suomi\.fi, last checked /).waitFor();
  await page.getByText(/^Opening hours: from Kirjastot\.fi, last checked /).waitFor();
  await checkAccessibility(page, 'library hours');
  await screenshot(page, 'review-library-hours');

  await page.getByRole('button', { name: 'Save the choices' }).click();
  await page.getByText('Nothing is waiting for review.').waitFor();
  const published = await kioskOrganisation(ID);
  assert.deepEqual(published.opening_hours.weekly[0], { day: 1, opens: '09:00', closes: '16:00' });
  // Suomi.fi's next import leaves the library's hours alone.
  assert.match(importPtv([join(server.dataDir, 'changed.json')], '2026-12-10'), /0 new, 0 changed, 1 unchanged/);
  assertNoProblems(page);
});
