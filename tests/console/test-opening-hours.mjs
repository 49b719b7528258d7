// test-opening-hours.mjs — the opening-hours editor: several days at once (Mon–Fri
// 9–16), an explicit "closed", times written 10.00, 10:00 or 10, wrong times refused
// in the console's words without changing anything, and an exception's note in every
// language; what is saved is what kiosks get. axe-core on the editor.

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

// The weekly rows as [day, opens, closes], as the form shows them.
async function weeklyRows() {
  const rows = page.getByRole('group', { name: /^Opening time \d+$/ });
  const shown = [];
  for (let i = 0; i < await rows.count(); i++) {
    const row = rows.nth(i);
    shown.push([await row.getByLabel('Day').evaluate((select) => select.selectedOptions[0].textContent),
                await row.getByLabel('Opens (HH:MM)').inputValue(),
                await row.getByLabel('Closes (HH:MM)').inputValue()]);
  }
  return shown;
}

test('days are set several at once, closed is said, and a wrong time changes nothing', async () => {
  await page.goto('/console/#/organisations/new');
  await page.getByRole('heading', { level: 1, name: 'New organisation' }).waitFor();
  await page.getByLabel('Identifier').fill('hours-test');
  await page.getByRole('group', { name: 'Name' }).getByLabel('Finnish').fill('Aukiolokirjasto');
  await page.getByLabel('The opening hours are known').check();
  const days = page.getByRole('group', { name: 'Several days at once' });
  await days.waitFor();

  // Monday to Friday, 9.00 to 16: five rows, the weekend said to be closed.
  await days.getByLabel('From').selectOption({ label: 'Monday' });
  await days.getByLabel('To').selectOption({ label: 'Friday' });
  await days.getByLabel('Opens (HH:MM)').fill('9.00');
  await days.getByLabel('Closes (HH:MM)').fill('16');
  await days.getByRole('button', { name: 'Set these days' }).click();
  const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
  assert.deepEqual(await weeklyRows(), weekdays.map((day) => [day, '09:00', '16:00']));
  await page.getByText('Closed on: Saturday, Sunday').waitFor();

  // The weekend open 10:00–14.30, then closed again.
  await days.getByLabel('From').selectOption({ label: 'Saturday' });
  await days.getByLabel('To').selectOption({ label: 'Sunday' });
  await days.getByLabel('Opens (HH:MM)').fill('10:00');
  await days.getByLabel('Closes (HH:MM)').fill('14.30');
  await days.getByRole('button', { name: 'Set these days' }).click();
  assert.equal((await weeklyRows()).length, 7);
  assert.deepEqual((await weeklyRows())[6], ['Sunday', '10:00', '14:30']);
  assert.equal(await page.getByText(/^Closed on:/).count(), 0);
  await days.getByLabel('Closed').check();
  assert.equal(await days.getByLabel('Opens (HH:MM)').isDisabled(), true);
  await days.getByRole('button', { name: 'Set these days' }).click();
  assert.deepEqual(await weeklyRows(), weekdays.map((day) => [day, '09:00', '16:00']));
  await page.getByText('Closed on: Saturday, Sunday').waitFor();

  // Wrong times are refused in the console's words, and nothing changes.
  await days.getByLabel('Closed').uncheck();
  await days.getByLabel('From').selectOption({ label: 'Monday' });
  await days.getByLabel('To').selectOption({ label: 'Monday' });
  await days.getByLabel('Opens (HH:MM)').fill('25');
  await days.getByRole('button', { name: 'Set these days' }).click();
  await days.getByRole('alert').filter({ hasText: 'Write a time, for example 10.00.' }).waitFor();
  assert.equal(await days.getByLabel('Opens (HH:MM)').evaluate((input) => input === document.activeElement), true);
  await days.getByLabel('Opens (HH:MM)').fill('16');
  await days.getByLabel('Closes (HH:MM)').fill('9');
  await days.getByRole('button', { name: 'Set these days' }).click();
  await days.getByRole('alert').filter({ hasText: 'The closing time must be after the opening time.' }).waitFor();
  assert.deepEqual(await weeklyRows(), weekdays.map((day) => [day, '09:00', '16:00']));

  // An exception closed all day, with its note in every language.
  await page.getByRole('button', { name: 'Add an exception' }).click();
  const exception = page.getByRole('group', { name: 'Exception 1' });
  await exception.getByLabel('Date').fill('2026-12-24');
  const note = exception.getByRole('group', { name: 'Note' });
  await note.getByLabel('Finnish').fill('Jouluaatto');
  await note.getByLabel('Swedish').fill('Julafton');
  await note.getByLabel('English').fill('Christmas Eve');
  await checkAccessibility(page, 'opening-hours editor');
  await screenshot(page, 'opening-hours');

  await page.getByRole('button', { name: 'Save and publish' }).click();
  await page.getByRole('status').filter({ hasText: 'was saved and published' }).waitFor();
  const saved = (await staffApi(page, 'GET', 'organisation?id=hours-test')).body.opening_hours;
  assert.deepEqual(saved.weekly, [1, 2, 3, 4, 5].map((day) => ({ day, opens: '09:00', closes: '16:00' })));
  assert.deepEqual(saved.exceptions, [{ date: '2026-12-24', hours: [],
                                        note: { fi: 'Jouluaatto', sv: 'Julafton', en: 'Christmas Eve' } }]);
  assertNoProblems(page);
});
