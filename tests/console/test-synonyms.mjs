// test-synonyms.mjs — advisors keep the kiosks' search words: the default list is there,
// a group is added (a word with a hyphen refused beside its field first), reaches the
// kiosks' content and the audit log, is edited and deleted after a question; axe-core on
// the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAdvisor, assertNoProblems, checkAccessibility, screenshot, storeSql,
} from './harness.mjs';

let advisor;
let page;

async function kioskSynonyms(server) {
  const response = await fetch(`${server.url}api/v1/kiosk/content`,
                               { headers: { Authorization: `Bearer ${server.kioskToken}` } });
  return (await response.json()).synonyms;
}

before(async () => {
  advisor = await startAdvisor();
  page = advisor.page;
});

after(async () => {
  await advisor?.stop();
});

test('the default list is there, and an advisor adds a group that kiosks get', async () => {
  await page.getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Search words' }).click();
  await page.getByRole('heading', { level: 1, name: 'Search words' }).waitFor();
  const seeded = page.getByRole('row').filter({ hasText: 'apu, neuvoa' });
  await seeded.waitFor();
  assert.ok((await seeded.textContent()).includes('Digital support point'));
  assert.ok((await seeded.textContent()).includes('Default list'));
  await checkAccessibility(page, 'search words');

  const form = page.getByRole('region', { name: 'Add a group' });
  await form.getByLabel('Words').fill('lukusali, covid-19');
  await form.getByRole('button', { name: 'Save the group' }).click();
  const words = form.getByLabel('Words');
  await page.locator('.field-error').filter({ hasText: 'no spaces or hyphens' }).waitFor();
  assert.equal(await words.getAttribute('aria-invalid'), 'true');
  assert.equal(storeSql(advisor.server,
                        "SELECT count(*) FROM audit_log WHERE action LIKE 'synonyms-%'"), 0);

  await words.fill('lukusali, läsesal');
  await form.getByLabel('Also finds every place of this kind').selectOption('library');
  await form.getByRole('button', { name: 'Save the group' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved: lukusali, läsesal' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'lukusali, läsesal' });
  await row.waitFor();
  assert.ok((await row.textContent()).includes('Library'));
  assert.ok((await row.textContent()).includes('aino'));
  await screenshot(page, 'search-words');

  const sent = (await kioskSynonyms(advisor.server)).find((g) => g.words.includes('lukusali'));
  assert.deepEqual(sent, { id: 'lukusali', words: ['lukusali', 'läsesal'], kind: 'library' });
  assert.equal(storeSql(advisor.server,
                        "SELECT actor FROM audit_log WHERE action = 'synonyms-saved' "
                        + "AND appointment = 'lukusali'"), 'staff:aino');
  assertNoProblems(page);
});

test('a group is edited, and deleted only after the question', async () => {
  const row = page.getByRole('row').filter({ hasText: 'lukusali, läsesal' });
  await row.getByRole('button', { name: 'Edit: lukusali, läsesal' }).click();
  const form = page.getByRole('region', { name: 'Edit the group: lukusali, läsesal' });
  await form.getByLabel('Words').fill('lukusali, lukuhuone, läsesal');
  await form.getByRole('button', { name: 'Save the group' }).click();
  const edited = page.getByRole('row').filter({ hasText: 'lukusali, lukuhuone, läsesal' });
  await edited.waitFor();

  await edited.getByRole('button', { name: 'Delete: lukusali, lukuhuone, läsesal' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete the group?' });
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  assert.equal(await edited.count(), 1);
  await edited.getByRole('button', { name: 'Delete: lukusali, lukuhuone, läsesal' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('status').filter({ hasText: 'Deleted: lukusali' }).waitFor();
  await edited.waitFor({ state: 'detached' });
  assert.equal((await kioskSynonyms(advisor.server)).some((g) => g.id === 'lukusali'), false);
  assert.equal(storeSql(advisor.server,
                        "SELECT count(*) FROM audit_log WHERE action LIKE 'synonyms-%'"), 3);
  await checkAccessibility(page, 'search words after deleting');
  assertNoProblems(page);
});
