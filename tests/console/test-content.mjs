// test-content.mjs — an advisor edits content in the console: a guide (steps
// edited, added, moved and removed, the preview, a draft kiosks do not see, then
// published), a new guide and a new organisation whose names are markup that must
// stay text, opening hours, errors tied to the field the API names; axe-core on
// every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, checkAccessibility, screenshot, staffApi, startAdvisor, kioskGuide,
} from './harness.mjs';

const XSS_TITLE = '<img src=x onerror=alert(1)>';
const BOLD_NAME = '<b>bold</b>';

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

test('the guides list shows status, owner, review date and whether review is due', async () => {
  await page.getByRole('link', { name: 'Guides' }).click();
  await page.getByRole('heading', { level: 1, name: 'Guides' }).waitFor();
  const table = page.getByRole('table', { name: 'Guides by title' });
  await table.waitFor();
  for (const column of ['Title', 'Status', 'Owner', 'Review date', 'Due for review'])
    await table.getByRole('columnheader', { name: column }).waitFor();
  await table.getByRole('row').filter({ hasText: 'Published' }).first().waitFor();
  await checkAccessibility(page, 'guides list');
  await screenshot(page, 'guides');
  assertNoProblems(page);
});

test('a guide is edited as a draft that kiosks do not see, then published', async () => {
  const before = await kioskGuide(server, 'omaolo');
  assert.ok(before, 'the seed has the omaolo guide');
  await page.goto('/console/#/guides/omaolo');
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  await checkAccessibility(page, 'guide editor');
  const steps = before.steps.length;

  // Finnish, Swedish and English side by side for each text.
  const step1 = page.getByRole('group', { name: 'Step 1', exact: true });
  for (const language of ['Finnish', 'Swedish', 'English'])
    await step1.getByLabel(language).waitFor();

  await step1.getByLabel('Finnish').fill('Ensimmäinen vaihe, muokattu.');
  await page.getByRole('button', { name: 'Add a step' }).click();
  const last = page.getByRole('group', { name: `Step ${steps + 1}`, exact: true });
  await last.getByLabel('Finnish').fill('Uusi viimeinen vaihe.');
  await last.getByLabel('English').fill('A new last step.');
  // Moved up once with the keyboard: focus stays on the moved step's button.
  await page.getByRole('button', { name: `Move up: step ${steps + 1}` }).focus();
  await page.keyboard.press('Enter');
  const moved = page.getByRole('group', { name: `Step ${steps}`, exact: true });
  assert.equal(await moved.getByLabel('Finnish').inputValue(), 'Uusi viimeinen vaihe.');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')),
               `Move up: step ${steps}`);
  // Step 2 removed.
  const secondText = before.steps[2].text.fi;
  await page.getByRole('button', { name: 'Remove: step 2' }).click();
  await page.getByRole('status').filter({ hasText: 'Step 2 was removed.' }).waitFor();
  assert.equal(await page.getByRole('group', { name: 'Step 2', exact: true }).getByLabel('Finnish')
    .inputValue(), secondText);

  // The preview follows the form, in the language chosen for it.
  const preview = page.getByRole('region', { name: 'Preview on the kiosk' });
  await preview.getByText('Ensimmäinen vaihe, muokattu.').waitFor();
  await preview.getByRole('button', { name: 'English' }).click();
  await preview.getByText(before.title.en).waitFor();
  await preview.getByRole('button', { name: 'Next step' }).click();
  await preview.getByText(`Step 2 of ${steps}`).waitFor();
  await screenshot(page, 'guide-editor');

  // A step without Finnish text: the API's field path finds its input.
  await page.getByRole('group', { name: 'Step 3', exact: true }).getByLabel('Finnish').fill('');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForFunction(() => document.querySelector('[data-field="guide.steps[2].text.fi"]')
    ?.getAttribute('aria-invalid') === 'true');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.field), 'guide.steps[2].text.fi');
  await page.getByRole('alert').filter({ hasText: 'Step 3' }).waitFor();
  await checkAccessibility(page, 'guide editor with an error');
  await page.getByRole('group', { name: 'Step 3', exact: true }).getByLabel('Finnish')
    .fill('Kolmas vaihe.');

  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('status').filter({ hasText: 'The draft was saved.' }).waitFor();
  await page.getByText('Status: Published, with a draft').waitFor();
  assert.deepEqual((await kioskGuide(server, 'omaolo')).steps, before.steps, 'kiosks do not see a draft');

  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'The guide was published.' }).waitFor();
  await page.getByText('Status: Published', { exact: true }).waitFor();
  const after = await kioskGuide(server, 'omaolo');
  assert.equal(after.steps.length, steps);
  assert.equal(after.steps[0].text.fi, 'Ensimmäinen vaihe, muokattu.');
  assert.equal(after.steps[steps - 2].text.fi, 'Uusi viimeinen vaihe.');
  assert.equal(after.steps[steps - 2].text.en, 'A new last step.');
  assertNoProblems(page);
});

test('a draft can be discarded', async () => {
  await page.getByRole('group', { name: 'Step 1', exact: true }).getByLabel('Swedish')
    .fill('Ett utkast som förkastas.');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByText('Status: Published, with a draft').waitFor();
  await page.getByRole('button', { name: 'Discard draft' }).click();
  await page.getByRole('status').filter({ hasText: 'The draft was discarded.' }).waitFor();
  await page.getByText('Status: Published', { exact: true }).waitFor();
  assert.notEqual(await page.getByRole('group', { name: 'Step 1', exact: true }).getByLabel('Swedish')
    .inputValue(), 'Ett utkast som förkastas.');
  assertNoProblems(page);
});

test('a guide titled with markup shows as plain text everywhere', async () => {
  await page.goto('/console/#/guides');
  await page.getByRole('link', { name: 'New guide' }).click();
  await page.getByRole('heading', { level: 1, name: 'New guide' }).waitFor();
  await checkAccessibility(page, 'new guide');
  await page.getByRole('group', { name: 'Title' }).getByLabel('Finnish').fill(XSS_TITLE);
  await page.getByRole('group', { name: 'Step 1', exact: true }).getByLabel('Finnish')
    .fill('<script>alert(2)</script>');
  const preview = page.getByRole('region', { name: 'Preview on the kiosk' });
  await preview.getByText(XSS_TITLE, { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('heading', { level: 1, name: `Edit guide: ${XSS_TITLE}` }).waitFor();

  await page.getByRole('link', { name: 'Back to guides' }).click();
  const link = page.getByRole('link', { name: XSS_TITLE, exact: true });
  await link.waitFor();
  assert.equal(await link.textContent(), XSS_TITLE);
  assert.equal(await page.locator('main img').count(), 0, 'no element made from the title');
  assert.equal(await page.locator('main script').count(), 0);
  await link.click();
  await page.getByRole('heading', { level: 1, name: `Edit guide: ${XSS_TITLE}` }).waitFor();
  assert.equal(await page.title(), `Edit guide: ${XSS_TITLE} – Neuvokas`);
  assert.equal(await page.locator('main img, main script').count(), 0);
  assertNoProblems(page);
});

test('an organisation named with markup is created with opening hours, shown as text, deleted', async () => {
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  await checkAccessibility(page, 'directory');
  await page.getByRole('link', { name: 'New organisation' }).click();
  await page.getByRole('heading', { level: 1, name: 'New organisation' }).waitFor();

  await page.getByLabel('Identifier').fill('bold-test');
  await page.getByRole('group', { name: 'Name' }).getByLabel('Finnish').fill(BOLD_NAME);
  await page.getByLabel('Kind').selectOption({ label: 'Association' });
  await page.getByLabel('Municipality').selectOption({ label: 'Kempele' });
  await page.getByLabel('Postal code').fill('9O1OO');
  await page.getByLabel('The opening hours are known').check();
  await page.getByRole('button', { name: 'Add an opening time' }).click();
  const first = page.getByRole('group', { name: 'Opening time 1' });
  assert.equal(await first.getByLabel('Day').evaluate((select) => select === document.activeElement), true);
  // Written the Finnish way, or as a bare hour: both are times.
  await first.getByLabel('Opens (HH:MM)').fill('9.00');
  await first.getByLabel('Closes (HH:MM)').fill('16');
  await page.getByRole('button', { name: 'Add an opening time' }).click();
  const second = page.getByRole('group', { name: 'Opening time 2' });
  assert.equal(await second.getByLabel('Day').inputValue(), '2');
  await second.getByLabel('Closes (HH:MM)').fill('08:00');
  await page.getByRole('button', { name: 'Add an exception' }).click();
  const exception = page.getByRole('group', { name: 'Exception 1' });
  await exception.getByLabel('Date').fill('2026-12-24');
  // Closed all day is said, and the times are put aside.
  assert.equal(await exception.getByLabel('Closed all day').isChecked(), true);
  assert.equal(await exception.getByLabel('Opens (HH:MM)').isDisabled(), true);
  await exception.getByRole('group', { name: 'Note' }).getByLabel('Finnish').fill('Jouluaatto');
  await checkAccessibility(page, 'organisation editor');
  await screenshot(page, 'organisation-editor');

  // The API refuses one field at a time; each is pointed at.
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await page.waitForFunction(() => document.querySelector(
    '[data-field="organisation.opening_hours.weekly[1].closes"]')?.getAttribute('aria-invalid') === 'true');
  // The API's code, said in the console's own words.
  await page.getByRole('alert').filter({ hasText: 'Opening time 2 – Closes (HH:MM): The closing time must be after the opening time.' }).waitFor();
  await checkAccessibility(page, 'organisation editor with an error');
  await second.getByLabel('Closes (HH:MM)').fill('18:00');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await page.waitForFunction(() => document.querySelector('[data-field="organisation.postal_code"]')
    ?.getAttribute('aria-invalid') === 'true');
  assert.equal(await second.getByLabel('Closes (HH:MM)').getAttribute('aria-invalid'), null);
  await page.getByRole('alert').filter({ hasText: 'Postal code' }).waitFor();
  await page.getByLabel('Postal code').fill('90100');
  await page.getByRole('button', { name: 'Save and publish' }).click();
  await page.getByRole('status').filter({ hasText: 'was saved and published' }).waitFor();
  await page.getByRole('heading', { level: 1, name: `Edit organisation: ${BOLD_NAME}` }).waitFor();
  const saved = await staffApi(page, 'GET', 'organisation?id=bold-test');
  assert.deepEqual(saved.body.opening_hours.weekly[0], { day: 1, opens: '09:00', closes: '16:00' });
  assert.deepEqual(saved.body.opening_hours.exceptions[0].hours, []);
  assert.equal(await page.getByRole('group', { name: 'Opening time 2' }).getByLabel('Closes (HH:MM)')
    .inputValue(), '18:00');

  await page.getByRole('link', { name: 'Back to the directory' }).click();
  const link = page.getByRole('link', { name: BOLD_NAME, exact: true });
  await link.waitFor();
  assert.equal(await link.textContent(), BOLD_NAME);
  assert.equal(await page.locator('main b').count(), 0, 'no element made from the name');

  await page.getByRole('button', { name: `Delete: ${BOLD_NAME}` }).click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByRole('status').filter({ hasText: `${BOLD_NAME} was deleted.` }).waitFor();
  await page.getByRole('table', { name: 'Organisations by name' }).waitFor();
  assert.equal(await page.getByRole('link', { name: BOLD_NAME, exact: true }).count(), 0);
  assertNoProblems(page);
});

test('a slot is published at a place chosen from the directory', async () => {
  await page.getByRole('link', { name: 'Appointment slots' }).click();
  const place = page.getByLabel('Place', { exact: true });
  await place.selectOption('oulu-main-library');
  const day = new Date(Date.now() + 9 * 86400000).toISOString().slice(0, 10);
  await page.getByLabel(/^Day( \*)?$/).fill(day);
  await page.getByLabel('Starts (Helsinki time)').fill('13.30');
  await page.getByRole('button', { name: 'Publish slot' }).click();
  await page.getByRole('status').filter({ hasText: 'The slot was published.' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: '13:30' });
  await row.waitFor();
  assert.doesNotMatch(await row.textContent(), /No place/);
  assertNoProblems(page);
});

test('the directory and the guides are searched and paged', async () => {
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  const total = (await staffApi(page, 'GET', 'organisations')).body.organisations.length;
  assert.ok(total > 20, `the seed has more than a page (${total})`);
  const pages = Math.ceil(total / 20);
  await page.getByText(`Page 1 of ${pages} (${total})`).waitFor();
  const table = page.getByRole('table', { name: 'Organisations by name' });
  assert.equal(await table.getByRole('row').count(), 21);
  await page.getByRole('button', { name: 'Next page' }).click();
  await page.getByText(`Page 2 of ${pages} (${total})`).waitFor();

  // Found by municipality, whatever page it was on.
  await page.getByLabel('Search by name, municipality or kind').fill('kuusamo');
  await page.getByText(new RegExp(`^\\d+ of ${total} shown$`)).waitFor();
  const rows = await table.getByRole('row').allTextContents();
  assert.ok(rows.length > 1 && rows.length <= 21);
  for (const row of rows.slice(1))
    assert.match(row, /Kuusamo/);
  assert.equal(await page.getByRole('navigation', { name: 'Pages' }).count(), 0);
  await checkAccessibility(page, 'directory searched');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guides' }).click();
  await page.getByRole('heading', { level: 1, name: 'Guides' }).waitFor();
  await page.getByLabel('Search by title, owner or category').fill('omaolo');
  const guides = page.getByRole('table', { name: 'Guides by title' });
  await page.getByText(/^1 of \d+ shown$/).waitFor();
  assert.match(await guides.getByRole('row').nth(1).textContent(), /Omaolo/);
  await checkAccessibility(page, 'guides searched');
  assertNoProblems(page);
});

test('a guide is given its place in its category’s list; a wrong place is refused at its field', async () => {
  assert.equal((await kioskGuide(server, 'video-calls')).position, 1, 'the seed places it first');
  await page.goto('/console/#/guides/video-calls');
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  const place = page.getByLabel('Place in the list');
  assert.equal(await place.inputValue(), '1');

  await place.fill('20000');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.waitForFunction(() => document.querySelector('[data-field="guide.position"]')
    ?.getAttribute('aria-invalid') === 'true');
  await page.getByRole('alert').filter({ hasText: 'Place in the list' }).waitFor();
  await checkAccessibility(page, 'guide editor with a wrong place');

  await place.fill('3');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('status').filter({ hasText: 'The draft was saved.' }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'The guide was published.' }).waitFor();
  assert.equal((await kioskGuide(server, 'video-calls')).position, 3);

  // Emptied: no place, so after the guides that have one.
  await place.fill('');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('status').filter({ hasText: 'The draft was saved.' }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'The guide was published.' }).waitFor();
  assert.equal((await kioskGuide(server, 'video-calls')).position, undefined);
  assertNoProblems(page);
});
