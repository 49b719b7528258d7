// test-kiosk-settings.mjs — an administrator sets what kiosks use: a value the kiosks
// could not take is refused at its field and nothing is stored; a good one is listed,
// reaches the API as a number, and is removed again; speech-default is a choice of two
// words; the feedback questions a yes or no sent as a boolean; axe-core in Finnish and
// English.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, staffApi, screenshot, addUser, PASSWORDS,
} from './harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  addUser(server, 'aada', 'admin', PASSWORDS.admin);
  browser = await launchBrowser();
  page = await openPage(browser, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an administrator finds the page, in Finnish and in English', async () => {
  await signIn(page, 'aada', PASSWORDS.admin);
  const nav = page.getByRole('navigation', { name: 'Päävalikko' });
  await nav.getByRole('link', { name: 'Kioskien asetukset' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kioskien asetukset' }).waitFor();
  await page.getByText('Ei asetuksia: jokainen kioski käyttää omiaan.').waitFor();
  await checkAccessibility(page, 'kiosk settings (fi)');
  await useEnglish(page);
  await page.getByRole('heading', { level: 1, name: 'Kiosk settings' }).waitFor();
  await checkAccessibility(page, 'kiosk settings (en)');
  assertNoProblems(page);
});

test('a value out of range is refused at its field, and nothing is stored', async () => {
  await page.getByLabel('For').selectOption('municipality');
  await page.getByLabel('Municipality code or kiosk id').fill('564');
  await page.getByLabel('Setting').selectOption('idle-timeout');
  await page.getByLabel('Value').fill('10');
  await page.getByRole('button', { name: 'Save the setting' }).click();
  const value = page.getByLabel('Value');
  await page.getByText('This number is outside the allowed range.').first().waitFor();
  assert.equal(await value.getAttribute('aria-invalid'), 'true');
  assert.equal(await value.evaluate((e) => e === document.activeElement), true);
  const stored = await staffApi(page, 'GET', 'kiosk-settings');
  assert.deepEqual(stored.body.settings, []);
  await checkAccessibility(page, 'kiosk settings with an error');
  assertNoProblems(page);
});

test('a good value is saved for the municipality, listed, and removed', async () => {
  await page.getByLabel('Value').fill('90');
  await page.getByRole('button', { name: 'Save the setting' }).click();
  await page.getByRole('status')
    .filter({ hasText: 'Seconds of inactivity before the warning is saved' }).waitFor();
  const row = page.getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: 'Seconds of inactivity before the warning' }) });
  await row.getByText('Kiosks of Oulu').waitFor();
  await row.getByRole('cell', { name: '90', exact: true }).waitFor();
  let stored = (await staffApi(page, 'GET', 'kiosk-settings')).body.settings;
  assert.deepEqual(stored.map(({ scope, target, name, value: v }) => ({ scope, target, name, value: v })),
                   [{ scope: 'municipality', target: '564', name: 'idle-timeout', value: 90 }]);
  assert.equal(stored[0].updated_by, 'aada');
  await screenshot(page, 'kiosk-settings-en');

  await row.getByRole('button', { name: 'Remove Seconds of inactivity before the warning for Kiosks of Oulu' }).click();
  await page.getByText('No settings: every kiosk uses its own.').waitFor();
  stored = (await staffApi(page, 'GET', 'kiosk-settings')).body.settings;
  assert.deepEqual(stored, []);
  assertNoProblems(page);
});

test('speech mode at the start of each visit is chosen, off or on, and sent as a word', async () => {
  await page.getByLabel('For').selectOption('all');
  await page.getByLabel('Setting').selectOption('speech-default');
  const value = page.getByLabel('Value');
  assert.deepEqual(await value.locator('option').allTextContents(), ['Off', 'On']);
  await value.selectOption({ label: 'On' });
  await page.getByRole('button', { name: 'Save the setting' }).click();
  const name = 'Speech mode (everything read aloud) at the start of each visit';
  await page.getByRole('status').filter({ hasText: `${name} is saved` }).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await row.getByRole('cell', { name: 'On', exact: true }).waitFor();
  let stored = (await staffApi(page, 'GET', 'kiosk-settings')).body.settings;
  assert.deepEqual(stored.map(({ scope, name: n, value: v }) => ({ scope, name: n, value: v })),
                   [{ scope: 'all', name: 'speech-default', value: 'on' }]);
  await checkAccessibility(page, 'kiosk settings with speech on');

  await row.getByRole('button', { name: `Remove ${name} for Every kiosk` }).click();
  await page.getByText('No settings: every kiosk uses its own.').waitFor();
  stored = (await staffApi(page, 'GET', 'kiosk-settings')).body.settings;
  assert.deepEqual(stored, []);
  assertNoProblems(page);
});

test('the feedback questions are turned off for one municipality, sent as a boolean', async () => {
  await page.getByLabel('For').selectOption('municipality');
  await page.getByLabel('Municipality code or kiosk id').fill('564');
  await page.getByLabel('Setting').selectOption('feedback-questions');
  const value = page.getByLabel('Value');
  assert.deepEqual(await value.locator('option').allTextContents(), ['Yes', 'No']);
  await value.selectOption({ label: 'No' });
  await page.getByRole('button', { name: 'Save the setting' }).click();
  const name = 'Feedback questions at the end of a visit';
  await page.getByRole('status').filter({ hasText: `${name} is saved` }).waitFor();
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await row.getByRole('cell', { name: 'No', exact: true }).waitFor();
  await row.getByText('Kiosks of Oulu').waitFor();
  let stored = (await staffApi(page, 'GET', 'kiosk-settings')).body.settings;
  assert.deepEqual(stored.map(({ scope, target, name: n, value: v }) => ({ scope, target, name: n, value: v })),
                   [{ scope: 'municipality', target: '564', name: 'feedback-questions', value: false }]);
  assert.equal(stored[0].updated_by, 'aada');
  await checkAccessibility(page, 'kiosk settings with the feedback questions off');

  await row.getByRole('button', { name: `Remove ${name} for Kiosks of Oulu` }).click();
  await page.getByText('No settings: every kiosk uses its own.').waitFor();
  stored = (await staffApi(page, 'GET', 'kiosk-settings')).body.settings;
  assert.deepEqual(stored, []);
  assertNoProblems(page);
});

test('an advisor has no such page', async () => {
  addUser(server, 'aino2', 'advisor', PASSWORDS.advisor);
  const advisorPage = await openPage(browser, server);
  await signIn(advisorPage, 'aino2', PASSWORDS.advisor);
  const nav = advisorPage.getByRole('navigation', { name: 'Päävalikko' });
  assert.equal(await nav.getByRole('link', { name: 'Kioskien asetukset' }).count(), 0);
  const refused = await staffApi(advisorPage, 'GET', 'kiosk-settings');
  assert.equal(refused.status, 403);
  await advisorPage.close();
});
