// test-evaluator.mjs — an evaluator in the console: every report section as tables and
// bar charts for a period and a choice of kiosks, a table's CSV, the events export in
// CSV and NDJSON; axe-core on every page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import {
  helsinkiToday, startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, screenshot, staffApi, runCli, postKioskEvents, PASSWORDS,
} from './harness.mjs';

// "2026-12-07" as the console writes it in English: "7 Dec 2026".
const dayInEnglish = (day) => new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium' })
  .format(new Date(`${day}T00:00:00Z`));

const SECTIONS = ['Reach', 'Demand', 'Friction', 'Handover', 'Experience', 'Operations'];
const SESSIONS = 6;  // above the default threshold of 5, so counts are shown

let server;
let browser;
let page;
let kioskId;

// Six residents' visits from the kiosk, each opening the Omaolo guide.
async function postEvents() {
  const events = [];
  const now = Date.now();
  for (let i = 0; i < SESSIONS; i++) {
    const session = randomUUID();
    const base = { session, language: 'fi', text_size: 0, high_contrast: false, value: 0, detail: null };
    events.push({ ...base, id: randomUUID(), time: new Date(now - 60000 + i).toISOString(),
                  type: 'session_start', subject: null });
    events.push({ ...base, id: randomUUID(), time: new Date(now - 50000 + i).toISOString(),
                  type: 'guide_view', subject: 'omaolo' });
  }
  await postKioskEvents(server, events);
}

before(async () => {
  server = await startServer();
  kioskId = /nvk_(kiosk-[0-9a-f]+)_/.exec(server.kioskToken)[1];
  await postEvents();
  browser = await launchBrowser();
  page = await openPage(browser, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an evaluator signs in to the reports and sees no personal data pages', async () => {
  await signIn(page, 'eero', PASSWORDS.evaluator);
  await useEnglish(page);
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Reports', 'Exports', 'Kiosks'])
    await nav.getByRole('link', { name }).waitFor();
  for (const name of ['Appointment requests', 'Guides', 'Directory'])
    assert.equal(await nav.getByRole('link', { name }).count(), 0);
  await page.getByRole('heading', { level: 1, name: 'Reports: Reach' }).waitFor();
  assertNoProblems(page);
});

test('every report section shows its tables, with bar charts, and passes axe', async () => {
  for (const section of SECTIONS) {
    await page.getByRole('navigation', { name: 'Report sections' })
      .getByRole('link', { name: section }).click();
    await page.getByRole('heading', { level: 1, name: `Reports: ${section}` }).waitFor();
    const id = section.toLowerCase();
    const expected = (await staffApi(page, 'GET', `reports/${id}`)).body.tables;
    assert.ok(expected.length > 0);
    for (const table of expected) {
      // Reach's regions and kiosks are one drill-down, from a region to its kiosks.
      const name = table.id.startsWith('visits_by_') ? 'Sessions by region and kiosk' : table.title.en;
      const region = page.getByRole('region', { name, exact: true });
      await region.first().waitFor();
      await page.getByRole('link', { name: `Download “${table.title.en}” as CSV` }).waitFor();
    }
    await checkAccessibility(page, `report ${section}`);
    await screenshot(page, `report-${id}`);
  }

  // Reach: the sessions of today drawn as a bar, and counts in the table.
  await page.getByRole('link', { name: 'Reach' }).click();
  const chart = page.getByRole('img', { name: /^Sessions per day: Sessions as bars/ });
  await chart.waitFor();
  const widths = await chart.locator('rect').evaluateAll((bars) => bars.map((bar) => Number(bar.getAttribute('width'))));
  assert.ok(Math.max(...widths) > 100, 'the day with sessions has a long bar');
  const table = page.getByRole('region', { name: 'Sessions per day', exact: true });
  await table.getByRole('cell', { name: String(SESSIONS), exact: true }).waitFor();
  // The hour of the week as a grid: 7 weekdays by 24 hours, today's hour with the sessions.
  const grid = page.getByRole('table', { name: /a grid of weekdays and hours/ });
  await grid.waitFor();
  assert.equal(await grid.getByRole('rowheader').count(), 7);
  assert.equal(await grid.getByRole('columnheader').count(), 25);
  await grid.getByRole('cell', { name: String(SESSIONS), exact: true }).waitFor();
  assertNoProblems(page);
});

test('the operations report shows each import run, with its first refusals', async () => {
  // An import from the library directory, as the nightly refresh runs it beside the server:
  // one library of the project's fixtures, and one malformed record.
  const bad = join(server.dataDir, 'bad-libraries.json');
  await writeFile(bad, JSON.stringify({ total: 1, items: [{
    id: 5, name: 'K', address: { city: 'Oulu' },
    schedules: [{ date: '2026-12-07', times: [{ from: '8', to: '16:00' }] }],
  }] }));
  const fixture = fileURLToPath(new URL('../fixtures/libraries/libraries-page-2.json', import.meta.url));
  runCli(server.dataDir, ['import', 'libraries', fixture, bad]);

  await page.getByRole('navigation', { name: 'Report sections' })
    .getByRole('link', { name: 'Operations' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reports: Operations' }).waitFor();
  const region = page.getByRole('region', { name: 'Imports from other directories', exact: true });
  const row = region.getByRole('row').filter({ hasText: 'kirjastot' });
  await row.waitFor();
  // new, changed, unchanged, refused; the refusal in the importer's own words.
  const cells = await row.getByRole('cell').allTextContents();
  assert.deepEqual(cells.slice(3, 7), ['1', '0', '0', '1']);
  assert.match(cells[7], /library 5: schedules\[0\]\.times\[0\]\.from: “8” is not a time like 08:00/);
  await checkAccessibility(page, 'report operations with an import run');
  await screenshot(page, 'report-operations-imports');
  await page.getByRole('navigation', { name: 'Report sections' })
    .getByRole('link', { name: 'Reach' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reports: Reach' }).waitFor();
  assertNoProblems(page);
});

test('a period and a kiosk can be chosen; a wrong period is pointed at', async () => {
  const today = helsinkiToday();
  await page.getByLabel('From').fill(today);
  await page.getByLabel('To').fill(today);
  await page.getByLabel('Oulu main library, lobby').check();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  // The period in words and the kiosk by its name, not its id.
  await page.getByText(`${dayInEnglish(today)} – ${dayInEnglish(today)}, kiosks: Oulu main library, lobby.`, { exact: false }).waitFor();
  const table = page.getByRole('region', { name: 'Sessions per day', exact: true });
  await table.getByRole('cell', { name: String(SESSIONS), exact: true }).waitFor();

  await page.getByLabel('From').fill('2026-12-31');
  await page.getByLabel('To').fill('2026-01-01');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const to = page.getByLabel('To');
  assert.equal(await to.getAttribute('aria-invalid'), 'true');
  await page.getByRole('alert').filter({ hasText: 'The end is before the start.' }).waitFor();
  await checkAccessibility(page, 'report with a period error');
  await page.getByLabel('From').fill(today);
  await to.fill(today);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  // The period in words and the kiosk by its name, not its id.
  await page.getByText(`${dayInEnglish(today)} – ${dayInEnglish(today)}, kiosks: Oulu main library, lobby.`, { exact: false }).waitFor();
  assertNoProblems(page);
});

test('a table downloads as CSV for the period and kiosk shown', async () => {
  const today = helsinkiToday();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download “Sessions per day” as CSV' }).click(),
  ]);
  // The kiosk chosen above is in the name: a filtered table never passes for the whole.
  assert.equal(download.suggestedFilename(), `neuvokas-reach-sessions_per_day-${today}-${today}-${kioskId}.csv`);
  const text = await readFile(await download.path(), 'utf8');
  const lines = text.trim().split(/\r?\n/);
  assert.equal(lines.length, 2, text);
  assert.match(lines[1], new RegExp(`^${today},${SESSIONS}$`));
  assertNoProblems(page);
});

test('the events export downloads as CSV and as NDJSON', async () => {
  await page.getByRole('link', { name: 'Exports' }).click();
  await page.getByRole('heading', { level: 1, name: 'Exports' }).waitFor();
  await checkAccessibility(page, 'exports');
  await screenshot(page, 'exports');

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download events (CSV)' }).click(),
  ]);
  // The period (a month, or its first and last day) and any kiosk chosen are in the name.
  assert.match(csv.suggestedFilename(),
    /^neuvokas-events-(\d{4}-\d{2}|\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2})(-kiosk-[0-9a-f]+)?\.csv$/);
  const csvLines = (await readFile(await csv.path(), 'utf8')).trim().split(/\r?\n/);
  assert.equal(csvLines.length, 1 + 2 * SESSIONS);
  assert.ok(csvLines.some((line) => line.includes('guide_view') && line.includes('omaolo')));

  const [ndjson] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download events (NDJSON)' }).click(),
  ]);
  assert.match(ndjson.suggestedFilename(), /\.ndjson$/);
  const events = (await readFile(await ndjson.path(), 'utf8')).trim().split('\n')
    .map((line) => JSON.parse(line));
  assert.equal(events.length, 2 * SESSIONS);
  assert.equal(events.filter((event) => event.type === 'guide_view').length, SESSIONS);
  // No session id, no exact time: a pseudonym, the hour the visit began, seconds since.
  assert.ok(events.every((event) => !('session' in event) && !('time' in event) && /^v[0-9a-f]{16}$/.test(event.visit)));
  assertNoProblems(page);
});

test('everything downloads as one zip, its name and the page saying the kiosk filter', async () => {
  await page.getByText(/^(All kiosks\.|Only these kiosks: .+\.)$/).waitFor();
  const [zip] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download everything (zip)' }).click(),
  ]);
  const filtered = await page.getByText(/^Only these kiosks: /).count();
  assert.match(zip.suggestedFilename(),
    filtered ? /^neuvokas-[0-9-]+-kiosk-[0-9a-f]+\.zip$/ : /^neuvokas-[0-9-]+\.zip$/);
  const bytes = await readFile(await zip.path());
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');

  const [counts] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download visits per day (CSV)' }).click(),
  ]);
  assert.match(counts.suggestedFilename(), /^neuvokas-counts-/);
  const header = (await readFile(await counts.path(), 'utf8')).split(/\r?\n/)[0];
  assert.equal(header, 'day,kiosk,measure,visits,suppressed');
  assertNoProblems(page);
});

test('the kiosks page is open to evaluators', async () => {
  await page.getByRole('link', { name: 'Kiosks' }).click();
  await page.getByRole('row').filter({ hasText: 'Oulu main library, lobby' }).waitFor();
  await checkAccessibility(page, 'kiosks (evaluator)');
  assertNoProblems(page);
});
