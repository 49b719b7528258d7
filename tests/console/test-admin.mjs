// test-admin.mjs — an administrator's day in the console: accounts added, a role changed,
// one disabled and enabled again, a password reset; a kiosk registered (its token shown
// once) and revoked; axe-core on both pages in Finnish and English.

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

function userRow(name) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
}

async function answerDialog(button) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: button, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

test('only an administrator sees the Users page, in Finnish and in English', async () => {
  await signIn(page, 'aada', PASSWORDS.admin);
  const nav = page.getByRole('navigation', { name: 'Päävalikko' });
  await nav.getByRole('link', { name: 'Käyttäjät' }).click();
  await page.getByRole('heading', { level: 1, name: 'Käyttäjät' }).waitFor();
  await userRow('aino').waitFor();
  await checkAccessibility(page, 'users (fi)');
  await useEnglish(page);
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  await checkAccessibility(page, 'users (en)');
  await screenshot(page, 'users-en');
  // One's own role and access cannot be changed here.
  assert.equal(await page.getByLabel('Role of aada').isDisabled(), true);
  assert.equal(await userRow('aada').getByRole('button', { name: 'Disable' }).count(), 0);
  assertNoProblems(page);
});

test('an administrator adds a user, changes the role, disables and enables again', async () => {
  await page.getByLabel('Name').first().fill('helmi');
  await page.getByRole('combobox', { name: 'Role', exact: true }).selectOption('evaluator');
  await page.getByLabel(/^Password/).fill('helmi-password-4');
  await page.getByRole('button', { name: 'Add user' }).click();
  await userRow('helmi').waitFor();

  // A role change asks first; "No" keeps the role.
  await page.getByLabel('Role of helmi').selectOption('advisor');
  await answerDialog('No, keep it');
  assert.equal(await page.getByLabel('Role of helmi').inputValue(), 'evaluator');
  await page.getByLabel('Role of helmi').selectOption('advisor');
  await answerDialog('Change role');
  await page.getByRole('status').filter({ hasText: 'The role of helmi is now advisor' }).waitFor();
  let users = (await staffApi(page, 'GET', 'users')).body.users;
  assert.equal(users.find((u) => u.name === 'helmi').role, 'advisor');
  // The focus is back on the control the admin used.
  assert.equal(await page.getByLabel('Role of helmi').evaluate((e) => e === document.activeElement), true);

  await userRow('helmi').getByRole('button', { name: 'Disable' }).click();
  await answerDialog('Disable');
  await userRow('helmi').getByText(/^Disabled /).waitFor();
  users = (await staffApi(page, 'GET', 'users')).body.users;
  assert.ok(users.find((u) => u.name === 'helmi').disabled);
  await userRow('helmi').getByRole('button', { name: 'Enable again' }).click();
  await userRow('helmi').getByRole('cell', { name: 'Active', exact: true }).waitFor();
  assertNoProblems(page);
});

test('an administrator sets a new password; the user signs in with it', async () => {
  await userRow('aino').getByRole('button', { name: 'Set a new password' }).click();
  await page.getByLabel('New password for aino').fill('aino-new-password-5');
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByRole('status').filter({ hasText: 'aino has a new password' }).waitFor();

  const other = await openPage(browser, server);
  await signIn(other, 'aino', 'aino-new-password-5');
  await other.getByRole('heading', { level: 1, name: 'Ajanvarauspyynnöt' }).waitFor();
  await other.context().close();

  // The last administrator stays one.
  const demote = await staffApi(page, 'POST', 'users/role', { name: 'aada', role: 'advisor' });
  assert.equal(demote.status, 409);
  assertNoProblems(page);
});

test('an administrator registers a kiosk, sees its token once, and revokes it', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Kiosks' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kiosks' }).waitFor();
  await page.getByLabel('Name').fill('Kempele library, lobby');
  await page.getByLabel('Municipality').fill('999');
  await page.getByRole('button', { name: 'Register kiosk' }).click();
  // The server refuses the code: its answer, not the click, marks the field.
  await page.waitForFunction(() => document.querySelector('[data-field="municipality"]')
    ?.getAttribute('aria-invalid') === 'true');
  assert.equal(await page.getByLabel('Municipality').getAttribute('aria-invalid'), 'true');
  await page.getByLabel('Municipality').fill('244');
  await page.getByRole('button', { name: 'Register kiosk' }).click();
  const token = page.locator('code.token');
  await token.waitFor();
  assert.match(await token.textContent(), /^nvk_/);
  const row = page.getByRole('row').filter({ hasText: 'Kempele library, lobby' });
  await row.getByText('Never heard from').waitFor();
  await checkAccessibility(page, 'kiosks with a new token (en)');
  await screenshot(page, 'kiosks-en');

  // The token works for the kiosk until it is revoked.
  const kioskGet = (t) => fetch(`${server.url}api/v1/kiosk/content`,
                                { headers: { Authorization: `Bearer ${t}` } });
  const secret = await token.textContent();
  assert.equal((await kioskGet(secret)).status, 200);
  await row.getByRole('button', { name: 'Revoke Kempele library, lobby' }).click();
  await answerDialog('Revoke');
  await row.getByText(/^Revoked /).waitFor();
  assert.equal((await kioskGet(secret)).status, 401);
  await page.getByRole('button', { name: 'Suomi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kioskit' }).waitFor();
  await checkAccessibility(page, 'kiosks (fi)');
  assertNoProblems(page);
});
