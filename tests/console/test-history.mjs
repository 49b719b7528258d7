// test-history.mjs — content with a history: an advisor edits a guide and publishes it,
// sees what changed field by field between two versions, and restores the earlier one,
// which kiosks then get; a restore over a waiting draft is refused in the console's own
// words; organisations keep their versions too. axe-core on the page, in English and
// Finnish.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, checkAccessibility, screenshot, staffApi, startAdvisor, kioskGuide, storeSql,
} from './harness.mjs';

let server;
let page;
let advisor;

before(async () => {
  advisor = await startAdvisor();
  ({ server, page } = advisor);
});

after(async () => {
  await advisor?.stop();
});

// The cells of the diff table's row for @field: [field, before, after].
async function diffRow(table, field) {
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: field, exact: true }) });
  await row.waitFor();
  return row.locator('th, td').allTextContents();
}

test('an edit is a version: the difference is shown field by field, and the earlier one restored', async () => {
  const original = await kioskGuide(server, 'omaolo');
  assert.ok(original, 'the seed has the omaolo guide');

  await page.goto('/console/#/guides/omaolo');
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  const title = page.getByRole('group', { name: 'Title', exact: true });
  await title.getByLabel('Finnish').fill('Omaolo – uusi otsikko');
  await page.getByRole('group', { name: 'Step 1', exact: true }).getByLabel('Swedish')
    .fill('Öppna omaolo.fi i webbläsaren.');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'The guide was published.' }).waitFor();
  assert.equal((await kioskGuide(server, 'omaolo')).title.fi, 'Omaolo – uusi otsikko');

  await page.getByRole('link', { name: 'Versions', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /^Versions of “/ }).waitFor();
  const versions = page.getByRole('table', { name: 'Versions, newest first' });
  await versions.waitFor();
  // The seed and the advisor's publish, newest first, with who made each.
  const rows = versions.getByRole('row');
  assert.equal(await rows.count(), 3);
  const newest = rows.nth(1);
  assert.match(await newest.textContent(), /Published now/);
  assert.match(await newest.textContent(), /aino/);
  assert.match(await rows.nth(2).textContent(), /Default content or import/);

  // Version 1 against the new one: only what changed, each field named.
  const diff = page.getByRole('table', { name: /^What differs between Version 1 and Version \d+$/ });
  await diff.waitFor();
  assert.deepEqual(await diffRow(diff, 'Title › Finnish'),
                   ['Title › Finnish', original.title.fi, 'Omaolo – uusi otsikko']);
  const swedish = await diffRow(diff, 'Step 1 › Text › Swedish');
  assert.equal(swedish[2], 'Öppna omaolo.fi i webbläsaren.');
  assert.equal(await diff.getByRole('rowheader', { name: 'Title › English' }).count(), 0,
               'an unchanged field is not listed');
  await checkAccessibility(page, 'versions');
  await screenshot(page, 'history');

  // Restoring asks first; No changes nothing.
  await page.getByRole('button', { name: 'Restore version 1' }).click();
  const dialog = page.getByRole('dialog', { name: 'Restore version 1?' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.equal((await kioskGuide(server, 'omaolo')).title.fi, 'Omaolo – uusi otsikko');

  await page.getByRole('button', { name: 'Restore version 1' }).click();
  await dialog.getByRole('button', { name: 'Restore and publish' }).click();
  await page.getByRole('status').filter({ hasText: /^Version 1 was restored and published as version \d+\.$/ })
    .waitFor();
  const restored = await kioskGuide(server, 'omaolo');
  assert.equal(restored.title.fi, original.title.fi);
  assert.deepEqual(restored.steps, original.steps);
  assert.equal(await rows.count(), 4);
  assert.match(await rows.nth(1).textContent(), /Restored from version 1/);
  assert.match(await rows.nth(1).textContent(), /Published now/);
  assert.equal(storeSql(server, "SELECT count (*) FROM audit_log WHERE action = 'content-restored'"
                        + " AND appointment = 'guide/omaolo' AND actor = 'aino'"), 1);
  // Now the edit is the earlier version and the restored text the later one.
  assert.deepEqual(await diffRow(page.getByRole('table', { name: /^What differs between/ }), 'Title › Finnish'),
                   ['Title › Finnish', 'Omaolo – uusi otsikko', original.title.fi]);
  assertNoProblems(page);
});

test('a restore over a waiting draft is refused in the console’s words, losing nothing', async () => {
  const guide = (await staffApi(page, 'GET', 'guide?id=omaolo')).body.published;
  const draft = { ...guide, title: { ...guide.title, fi: 'Omaolo – luonnos kesken' } };
  const saved = await staffApi(page, 'POST', 'guides/draft', { guide: draft });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));

  await page.reload();
  await page.getByRole('heading', { level: 1, name: /^Versions of “/ }).waitFor();
  // The edited version (second newest) is not the one published now.
  await page.getByRole('table', { name: 'Versions, newest first' }).getByRole('row').nth(2)
    .getByRole('button', { name: /^Restore version/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore and publish' }).click();
  await page.getByRole('alert').filter({ hasText: 'Publish or discard the draft first' }).waitFor();
  assert.equal((await kioskGuide(server, 'omaolo')).title.fi, guide.title.fi);
  const kept = await staffApi(page, 'GET', 'guide?id=omaolo');
  assert.equal(kept.body.draft.title.fi, 'Omaolo – luonnos kesken');
  assert.equal(kept.body.published.title.fi, guide.title.fi);
  assert.equal((await staffApi(page, 'POST', 'guides/discard-draft', { id: 'omaolo' })).status, 204);
  assertNoProblems(page);
});

test('an organisation keeps its versions, and the page reads well in Finnish', async () => {
  const organisations = await staffApi(page, 'GET', 'organisations');
  const id = organisations.body.organisations[0].id;
  const one = await staffApi(page, 'GET', `organisation?id=${encodeURIComponent(id)}`);
  const renamed = { ...one.body, name: { ...one.body.name, fi: `${one.body.name.fi} (muutettu)` } };
  assert.equal((await staffApi(page, 'POST', 'organisations', { organisation: renamed })).status, 200);

  await page.goto(`/console/#/organisations/${encodeURIComponent(id)}`);
  await page.getByRole('link', { name: 'Versions', exact: true }).click();
  const diff = page.getByRole('table', { name: /^What differs between/ });
  assert.deepEqual(await diffRow(diff, 'Name › Finnish'),
                   ['Name › Finnish', one.body.name.fi, `${one.body.name.fi} (muutettu)`]);

  await page.getByRole('button', { name: 'Suomi' }).click();
  await page.getByRole('heading', { level: 1, name: `Versiot: ”${one.body.name.fi} (muutettu)”` }).waitFor();
  await page.getByRole('table', { name: /^Erot: Versio \d+ ja Versio \d+$/ }).waitFor();
  await checkAccessibility(page, 'versions in Finnish');
  await screenshot(page, 'history-fi');
  await page.getByRole('button', { name: 'English' }).click();
  assertNoProblems(page);
});
