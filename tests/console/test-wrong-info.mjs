// test-wrong-info.mjs — the advisors' queue of "This information is wrong": a kiosk's
// report appears with its place, reason and kiosk, is marked handled, and staff file
// one of their own; axe-core on the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, screenshot, PASSWORDS,
} from './harness.mjs';

let server;
let browser;
let page;

// What a kiosk sends when a resident taps "This information is wrong", then a choice.
async function reportFromKiosk(organisation, reason) {
  const response = await fetch(`${server.url}api/v1/kiosk/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.kioskToken}`, 'Content-Type': 'application/json',
               'User-Agent': 'neuvokas-kiosk/0.1.0' },
    body: JSON.stringify({ events: [{
      id: randomUUID(), session: randomUUID(), time: new Date().toISOString(),
      type: 'info_reported', subject: organisation, language: 'fi', text_size: 0,
      high_contrast: false, value: 0, detail: reason,
    }] }),
  });
  const body = await response.json();
  assert.equal(response.status, 200);
  assert.equal(body.results[0].status, 'accepted', JSON.stringify(body));
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await openPage(browser, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("a kiosk's report reaches the advisors' queue and is marked handled", async () => {
  await reportFromKiosk('oulu-main-library', 'phone');
  await signIn(page, 'aino', PASSWORDS.advisor);
  await useEnglish(page);
  await page.getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Wrong information' }).click();
  await page.getByRole('heading', { level: 1, name: 'Wrong information' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'Oulun keskustakirjasto Saari' });
  await row.waitFor();
  for (const text of ['Phone number', 'Kiosk: Oulu main library, lobby', 'Open'])
    assert.ok((await row.textContent()).includes(text), `the row shows ${text}`);
  await checkAccessibility(page, 'wrong information');
  await screenshot(page, 'wrong-information');

  await row.getByRole('button', { name: 'Mark handled: Oulun keskustakirjasto Saari' }).click();
  await page.getByRole('status').filter({ hasText: 'marked handled' }).waitFor();
  await row.filter({ hasText: 'Handled by aino' }).waitFor();
  assert.equal(await row.getByRole('button').count(), 0);
  assertNoProblems(page);
});

test('staff file a report of their own, named as theirs', async () => {
  const form = page.getByRole('region', { name: 'File a report' });
  await form.getByLabel('Place').selectOption('oulu-tuira-library');
  await form.getByLabel('What is wrong').selectOption('closed');
  await form.getByRole('button', { name: 'File the report' }).click();
  await page.getByRole('status').filter({ hasText: 'is filed' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'Closed for good' });
  await row.waitFor();
  assert.ok((await row.textContent()).includes('Staff: aino'));
  // The open report comes before the handled one.
  const rows = await page.getByRole('row').allTextContents();
  assert.ok(rows.findIndex((text) => text.includes('Closed for good'))
            < rows.findIndex((text) => text.includes('Handled by aino')));
  await checkAccessibility(page, 'wrong information with a filed report');
  assertNoProblems(page);
});
