// test-translations.mjs — what is not yet translated, and what is due for review: the
// guides and the directory say which languages each item is missing, and a filter
// "Missing in <language>" shows only those; the front page lists the guides whose
// review date has come. axe-core on each.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, checkAccessibility, screenshot, staffApi, startAdvisor } from './harness.mjs';

let page;
let advisor;

before(async () => {
  advisor = await startAdvisor();
  ({ page } = advisor);
});

after(async () => {
  await advisor?.stop();
});

async function publish(guide) {
  assert.equal((await staffApi(page, 'POST', 'guides/draft', { guide })).status, 200);
  assert.equal((await staffApi(page, 'POST', 'guides/publish', { id: guide.id })).status, 200);
}

test('the guides say what is missing, and the filter shows only what lacks Swedish', async () => {
  const category = (await staffApi(page, 'GET', 'categories')).body.categories[0].id;
  await publish({ id: 'kolmella-kielella', category,
                  title: { fi: 'Kolmella kielellä', sv: 'På tre språk', en: 'In three languages' },
                  steps: [{ text: { fi: 'Yksi.', sv: 'Ett.', en: 'One.' } }] });
  // Swedish everywhere but in its second step.
  await publish({ id: 'melkein-kaikki', category,
                  title: { fi: 'Melkein kaikki', sv: 'Nästan allt', en: 'Almost all' },
                  steps: [{ text: { fi: 'Yksi.', sv: 'Ett.', en: 'One.' } }, { text: { fi: 'Kaksi.', en: 'Two.' } }] });
  const all = (await staffApi(page, 'GET', 'guides')).body.guides;
  const noSwedish = all.filter((guide) => guide.missing.includes('sv'));
  assert.ok(noSwedish.length > 0 && noSwedish.length < all.length);

  await page.getByRole('link', { name: 'Guides' }).click();
  const table = page.getByRole('table', { name: 'Guides by title' });
  await table.getByRole('link', { name: 'In three languages' }).waitFor();
  await page.getByLabel('Translations').selectOption({ label: 'Missing in Swedish' });
  await page.getByText(`${noSwedish.length} of ${all.length} shown`).waitFor();
  assert.equal(await table.getByRole('link', { name: 'In three languages' }).count(), 0);
  await table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Almost all' }) })
    .getByText('Swedish, Selko (plain language)', { exact: true }).waitFor();
  const shown = await table.getByRole('row').count();
  assert.equal(shown - 1, Math.min(noSwedish.length, 20));
  for (let i = 1; i < shown; i++)
    assert.match(await table.getByRole('row').nth(i).textContent(), /Swedish/);
  await checkAccessibility(page, 'guides missing Swedish');
  await screenshot(page, 'guides-missing-swedish');
  // Plain Finnish is a language of its own: neither new guide has it.
  const noPlain = all.filter((guide) => guide.missing.includes('fi-x-selko'));
  assert.ok(noPlain.some((guide) => guide.id === 'kolmella-kielella'));
  await page.getByLabel('Translations').selectOption({ label: 'Missing in Selko (plain language)' });
  await page.getByText(`${noPlain.length} of ${all.length} shown`).waitFor();
  await table.getByRole('link', { name: 'In three languages' }).waitFor();
  assertNoProblems(page);
});

test('the directory filters what lacks English', async () => {
  const all = (await staffApi(page, 'GET', 'organisations')).body.organisations;
  const noEnglish = all.filter((org) => org.missing.includes('en'));
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByRole('table', { name: 'Organisations by name' }).waitFor();
  await page.getByLabel('Translations').selectOption({ label: 'Missing in English' });
  await page.getByText(`${noEnglish.length} of ${all.length} shown`).waitFor();
  await checkAccessibility(page, 'directory missing English');
  assertNoProblems(page);
});

test('the front page lists the guides due for review', async () => {
  const guide = (await staffApi(page, 'GET', 'guide?id=omaolo')).body.published;
  await publish({ ...guide, review_date: '2020-01-31' });
  await page.getByRole('link', { name: 'Appointment requests' }).click();
  const due = page.getByRole('region', { name: 'Guides due for review' });
  await due.waitFor();
  const item = due.getByRole('listitem').filter({ hasText: 'review date' });
  assert.match(await item.first().textContent(), /review date 31/);
  await checkAccessibility(page, 'front page with guides due');
  await due.getByRole('link', { name: guide.title.en }).click();
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  assertNoProblems(page);
});
