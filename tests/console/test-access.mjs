// test-access.mjs — an advisor sets a place's accessibility facts in the console: each
// a small yes / no / not known choice; "not known" leaves the fact out of the place, so
// that no kiosk shows it as a lack; the import review names the facts in words.

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

test('accessibility facts are set yes, no or not known, and not known is left out', async () => {
  const before = await staffApi(page, 'GET', 'organisation?id=oulu-main-library');
  assert.equal(before.body.access, undefined, 'the sample has no facts');

  await page.goto('/console/#/organisations/oulu-main-library');
  const section = page.getByRole('region', { name: 'Accessibility facts' });
  await section.waitFor();
  const entrance = section.getByLabel('Step-free entrance');
  const loop = section.getByLabel('Induction loop');
  assert.equal(await entrance.inputValue(), '');
  assert.equal(await entrance.locator('option:checked').textContent(), 'Not known');
  await entrance.selectOption({ label: 'No' });
  await loop.selectOption({ label: 'Yes' });
  await checkAccessibility(page, 'organisation editor with accessibility facts');
  await screenshot(page, 'organisation-access');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await page.getByRole('status').filter({ hasText: 'was saved and published' }).waitFor();
  let saved = await staffApi(page, 'GET', 'organisation?id=oulu-main-library');
  assert.deepEqual(saved.body.access, { step_free_entrance: false, induction_loop: true });

  // Back to not known: the fact is gone, not false.
  await page.getByRole('region', { name: 'Accessibility facts' }).getByLabel('Induction loop')
    .selectOption({ label: 'Not known' });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/staff/organisations') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Save and publish' }).click(),
  ]);
  assert.equal(response.status(), 200);
  saved = await staffApi(page, 'GET', 'organisation?id=oulu-main-library');
  assert.deepEqual(saved.body.access, { step_free_entrance: false });

  // The API refuses a fact of the wrong type, naming it.
  const refused = await staffApi(page, 'POST', 'organisations', {
    organisation: { ...saved.body, access: { step_free_entrance: 'yes' } },
  });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.field, 'organisation.access.step_free_entrance');
  assertNoProblems(page);
});
