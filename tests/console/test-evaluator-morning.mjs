// test-evaluator-morning.mjs — an evaluator's morning: choose last quarter, read the
// reports with names instead of ids, drill from a region to its kiosk, enter the
// quarter's costs, open the evaluation report (with the feedback questions and a funnel
// of their own), print it to PDF and to PNG pages.
// axe-core on every new page, in Finnish and in English.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  helsinkiToday, startServer, launchBrowser, openPage, assertNoProblems, checkAccessibility, signIn,
  useEnglish, screenshot, postKioskEvents, staffApi, PASSWORDS,
} from './harness.mjs';

const VISITS = 7; // above the threshold of 5, so counts are shown

let server;
let browser;
let page;

// The quarter before today's, as the console's preset counts it.
function lastQuarter() {
  const [year, month] = helsinkiToday().split('-').map(Number);
  const first = Math.floor((month - 1) / 3) * 3 - 2;
  const start = new Date(Date.UTC(year, first - 1, 1));
  const end = new Date(Date.UTC(year, first + 2, 0));
  const day = (date) => date.toISOString().slice(0, 10);
  return { from: day(start), to: day(end), middle: new Date(Date.UTC(year, first, 15, 9)) };
}

// Seven visits in the middle of last quarter, each opening Kela's guide in larger text,
// then answering the feedback questions: found what they needed, 10, "easy to use" agreed;
// two of them also agreed the information was clear (a count under the threshold).
async function postEvents(time) {
  const events = [];
  for (let i = 0; i < VISITS; i++) {
    const session = randomUUID();
    const base = { session, language: 'fi', text_size: 1, high_contrast: false, value: 0, detail: null };
    const add = (second, type, fields) => events.push({
      ...base, id: randomUUID(), time: new Date(time.getTime() + second * 1000 + i).toISOString(), type,
      subject: null, ...fields });
    add(0, 'session_start');
    add(1, 'guide_view', { subject: 'kela-online' });
    add(2, 'survey_offered', { detail: 'visit-end' });
    add(3, 'survey_found', { detail: 'yes' });
    add(4, 'survey_score', { value: 10 });
    add(5, 'survey_statement', { subject: 'easy', detail: 'agree' });
    if (i < 2)
      add(6, 'survey_statement', { subject: 'clear', detail: 'agree' });
  }
  await postKioskEvents(server, events);
}

before(async () => {
  server = await startServer();
  await postEvents(lastQuarter().middle);
  browser = await launchBrowser();
  page = await openPage(browser, server);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('last quarter, with names instead of ids and the change from the quarter before', async () => {
  await signIn(page, 'eero', PASSWORDS.evaluator);
  await page.getByRole('heading', { level: 1, name: 'Raportit: Tavoittavuus' }).waitFor();
  await checkAccessibility(page, 'reach in Finnish');
  await useEnglish(page);
  const { from, to } = lastQuarter();
  await page.getByLabel('Period').selectOption({ label: 'Last quarter' });
  assert.equal(await page.getByLabel('From').inputValue(), from);
  assert.equal(await page.getByLabel('To').inputValue(), to);
  await page.getByRole('button', { name: 'Show', exact: true }).click();

  const figures = page.getByRole('region', { name: 'Key figures' });
  await figures.getByText('Visits', { exact: true }).waitFor();
  await figures.getByText(String(VISITS), { exact: true }).waitFor();
  await figures.getByText(/^No change can be given \(before: 0\)$/).waitFor();
  // Codes and ids by their names.
  const settings = page.getByRole('region', { name: 'Settings and aids', exact: true });
  await settings.getByRole('cell', { name: 'Larger text', exact: true }).waitFor();
  assert.equal(await settings.getByRole('cell', { name: 'larger-text' }).count(), 0);
  await page.getByRole('region', { name: 'Languages', exact: true })
    .getByRole('cell', { name: 'Finnish', exact: true }).waitFor();
  await checkAccessibility(page, 'reach with key figures');
  await screenshot(page, 'morning-reach');

  await page.getByRole('navigation', { name: 'Report sections' }).getByRole('link', { name: 'Demand' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reports: Demand' }).waitFor();
  const guides = page.getByRole('region', { name: 'Most viewed guides', exact: true });
  await guides.getByRole('cell', { name: 'Kela online: OmaKela', exact: true }).waitFor();
  assert.equal(await guides.getByRole('cell', { name: 'kela-online' }).count(), 0);
  // Its CSV keeps the ids and names them beside, in the console's language.
  const href = await page.getByRole('link', { name: 'Download “Most viewed guides” as CSV' })
    .getAttribute('href');
  assert.match(href, /[?&]lang=en(&|$)/);
  const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  assert.deepEqual(csv.split('\r\n').slice(0, 2),
                   ['guide,guide_name,views,completions', 'kela-online,Kela online: OmaKela,7,0']);
  // The period chosen stays while moving between sections.
  assert.equal(await page.getByLabel('From').inputValue(), from);
  await page.getByRole('navigation', { name: 'Report sections' }).getByRole('link', { name: 'Handover' }).click();
  await page.getByRole('region', { name: 'Appointment funnel', exact: true })
    .getByRole('columnheader', { name: 'Share of those who started (%)' }).waitFor();
  assertNoProblems(page);
});

test('the presets count from any day, across the turn of a year', async () => {
  const ranges = await page.evaluate(async () => {
    const { presetRange } = await import(new URL('js/reports.js', document.baseURI).href);
    return [
      presetRange('lastMonth', '2026-01-15'), presetRange('lastMonth', '2028-03-31'),
      presetRange('lastQuarter', '2026-01-15'), presetRange('lastQuarter', '2026-05-20'),
      presetRange('lastQuarter', '2026-12-31'), presetRange('thisYear', '2026-12-08'),
      presetRange('custom', '2026-12-08'),
    ];
  });
  assert.deepEqual(ranges, [
    { from: '2025-12-01', to: '2025-12-31' }, { from: '2028-02-01', to: '2028-02-29' },
    { from: '2025-10-01', to: '2025-12-31' }, { from: '2026-01-01', to: '2026-03-31' },
    { from: '2026-07-01', to: '2026-09-30' }, { from: '2026-01-01', to: '2026-12-08' },
    null,
  ]);
});

test('from the region to its kiosk, and to that kiosk’s reports alone', async () => {
  await page.getByRole('navigation', { name: 'Report sections' }).getByRole('link', { name: 'Reach' }).click();
  const drill = page.getByRole('region', { name: 'Sessions by region and kiosk', exact: true });
  await drill.getByRole('cell', { name: 'Pohjois-Pohjanmaa', exact: true }).waitFor();
  await drill.getByRole('button', { name: 'Kiosks in Pohjois-Pohjanmaa' }).click();
  const kiosks = page.getByRole('region', { name: 'Sessions at the kiosks of Pohjois-Pohjanmaa' });
  await kiosks.getByRole('cell', { name: 'Oulu main library, lobby', exact: true }).waitFor();
  await kiosks.getByRole('cell', { name: 'Oulu', exact: true }).waitFor();
  await kiosks.getByRole('cell', { name: String(VISITS), exact: true }).waitFor();
  await checkAccessibility(page, 'drill-down');
  await kiosks.getByRole('button', { name: 'Reports for Oulu main library, lobby only' }).click();
  await page.getByText(/, kiosks: Oulu main library, lobby\. /).waitFor();
  assert.equal(await page.getByLabel('Oulu main library, lobby').isChecked(), true);
  await screenshot(page, 'morning-drill-down');
  // Back to every kiosk for the rest of the morning.
  await page.getByLabel('Oulu main library, lobby').uncheck();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.getByText(/, kiosks: all\. /).waitFor();
  assertNoProblems(page);
});

test('the quarter’s costs: a kiosk’s, the phone and counter service’s, and per visit', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Costs' }).click();
  await page.getByRole('heading', { level: 1, name: 'Cost per contact' }).waitFor();
  assert.equal(await page.getByLabel('Period').inputValue(), 'lastQuarter');
  await page.getByText('No costs have been entered for periods within this one.').waitFor();
  await checkAccessibility(page, 'costs');
  const kiosk = page.getByLabel('Oulu main library, lobby: cost (€)');
  await kiosk.fill('1 4x0');
  await page.getByRole('button', { name: 'Save costs' }).click();
  await page.getByRole('alert').filter({ hasText: 'Give a sum in euros' }).waitFor();
  assert.equal(await kiosk.getAttribute('aria-invalid'), 'true');
  await checkAccessibility(page, 'costs with an error');

  await kiosk.fill('1 400,00');
  const phone = page.getByRole('group', { name: 'Phone service' });
  await phone.getByLabel('Cost (€)').fill('5000');
  await phone.getByLabel('Contacts').fill('400');
  const counter = page.getByRole('group', { name: 'Counter service' });
  await counter.getByLabel('Cost (€)').fill('9000');
  await counter.getByLabel('Contacts').fill('300');
  await page.getByRole('button', { name: 'Save costs' }).click();
  const result = page.getByRole('region', { name: 'Cost per visit and per request solved' });
  // 1,400 € for seven visits: 200 € a visit, beside 12.50 € a call and 30 € at the counter.
  await result.getByRole('row', { name: /Oulu main library, lobby €1,400\.00 7 €200\.00 0 –/ }).waitFor();
  await result.getByRole('row', { name: /Phone service €5,000\.00 400 €12\.50/ }).waitFor();
  await result.getByRole('row', { name: /Counter service €9,000\.00 300 €30\.00/ }).waitFor();
  // What was saved is shown as it reads back: saving again changes nothing.
  assert.equal(await kiosk.inputValue(), '1400');
  await page.getByRole('button', { name: 'Save costs' }).click();
  await page.getByRole('status').filter({ hasText: 'Costs saved' }).waitFor();
  await result.getByRole('row', { name: /Oulu main library, lobby €1,400\.00 7 €200\.00 0 –/ }).waitFor();
  assert.equal(await phone.getByLabel('Cost (€)').inputValue(), '5000');
  await checkAccessibility(page, 'costs saved');
  await screenshot(page, 'morning-costs');
  await page.getByRole('button', { name: 'Suomi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kustannus yhteydenottoa kohden' }).waitFor();
  await page.getByRole('region', { name: 'Kustannus käyntiä ja ratkaistua pyyntöä kohden' })
    .getByRole('row', { name: /Puhelinneuvonta/ }).waitFor();
  await checkAccessibility(page, 'costs in Finnish');
  await useEnglish(page);
  assertNoProblems(page);
});

// The report page itself, opened as the browser opens it from "Open in a new tab".
async function openReport(lang) {
  const { from, to } = lastQuarter();
  const report = await page.context().newPage();
  await report.goto(`/api/v1/staff/reports/evaluation?from=${from}&to=${to}&lang=${lang}`);
  return report;
}

test('the evaluation report: in the console, printable, in Finnish and English', async () => {
  // A funnel of their own: opened Kela's guide, then found what they needed.
  const saved = await staffApi(page, 'POST', 'funnels', { funnel: { name: 'Kelan opas → löysi', steps: [
    { type: 'guide_view', subject: 'kela-online' },
    { type: 'survey_found', detail: 'yes' },
    { type: 'survey_score', value: 0 }] } });
  assert.equal(saved.status, 201);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Evaluation report' }).click();
  await page.getByRole('heading', { level: 1, name: 'Evaluation report' }).waitFor();
  assert.equal(await page.getByLabel('Period').inputValue(), 'lastQuarter');
  const frame = page.frameLocator('iframe[title="The evaluation report"]');
  await frame.getByRole('heading', { level: 1, name: 'Evaluation report' }).waitFor();
  await frame.getByRole('heading', { level: 2, name: '1. Reach' }).waitFor();
  await frame.getByText(`Visits: ${VISITS}. No change can be given (the period before: 0).`).first().waitFor();
  await frame.getByText('The most viewed guide was Kela online: OmaKela (7 visits).').first().waitFor();
  await checkAccessibility(page, 'evaluation report page');
  await screenshot(page, 'morning-evaluation-console');

  // Print / Save as PDF prints the report's frame, not the console around it.
  const child = page.frames().find((one) => one.url().includes('reports/evaluation'));
  await child.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
  await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
  assert.equal(await child.evaluate(() => window.printed), 1);

  await page.getByRole('button', { name: 'Suomi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Arviointiraportti' }).waitFor();
  await page.frameLocator('iframe[title="Arviointiraportti"]')
    .getByRole('heading', { level: 2, name: '1. Tavoittavuus' }).waitFor();
  await checkAccessibility(page, 'evaluation report page in Finnish');
  await useEnglish(page);

  for (const lang of ['fi', 'en']) {
    const report = await openReport(lang);
    await report.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await report.evaluate(() => document.documentElement.lang), lang);
    await checkAccessibility(report, `evaluation report in ${lang}`);
    await report.close();
  }
  assertNoProblems(page);
});

test('the evaluation report saves as a PDF, and its pages render to PNG', async () => {
  const report = await openReport('fi');
  await report.getByRole('heading', { level: 2, name: '6. Toiminta' }).waitFor();
  await report.emulateMedia({ media: 'print' });
  const pdf = await report.pdf({ format: 'A4', printBackground: true });
  await report.close();
  assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  const shots = process.env.NEUVOKAS_CONSOLE_SHOTS;
  const dir = shots || mkdtempSync(join(tmpdir(), 'neuvokas-evaluation-'));
  try {
    writeFileSync(join(dir, 'evaluation.pdf'), pdf);
    const run = spawnSync('pdftoppm', ['-png', '-r', '60', join(dir, 'evaluation.pdf'),
                                      join(dir, 'evaluation-page')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const pages = readdirSync(dir).filter((name) => /^evaluation-page-\d+\.png$/.test(name));
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    for (const name of pages)
      assert.equal(readFileSync(join(dir, name)).subarray(1, 4).toString('latin1'), 'PNG');
    // The text of the PDF: the areas, a finding, and the rule.
    const text = spawnSync('pdftotext', [join(dir, 'evaluation.pdf'), '-'], { encoding: 'utf8' }).stdout;
    for (const words of ['Arviointiraportti', '1. Tavoittavuus', '6. Toiminta', 'Menetelmä',
                         'Kuinka monta käyttökertaa', 'Käynnit, joilla haettiin: ei yhtään, ei myöskään edellisellä jaksolla.',
                         'Kustannus yhteydenottoa kohden', 'Puhelinneuvonta: 12,50 € käyntiä tai yhteydenottoa kohden.',
                         'Katsotuin opas oli Kelan asiointi verkossa: OmaKela (7 käyntiä).',
                         // The feedback questions, and a count under the threshold noted
                         'Palautekysymykset näytettiin 7 käynnillä; 100 % niistä vastasi ainakin yhteen.',
                         '100 % vastanneista löysi sen, mitä tarvitsi.',
                         'Suositteluindeksi (NPS) oli 100 (7 arviota asteikolla 0–10).',
                         '”Palvelua oli helppo käyttää”: 100 % vastanneista oli samaa mieltä.',
                         'Tietoa oli helppo ymmärtää alle 5',
                         'Arvostelijat (0–6) 0 0 Suositteluindeksi (−100…100) 7 100',
                         '”alle 5”: luku on piilotettu',
                         // The evaluator's funnel, its steps as percentages
                         'Arvioijien määrittämät suppilot',
                         'Vaihe 1 100 % Vaihe 2 100 % Vaihe 3 0',
                         'Vastaus: löysikö tarvitsemansa Kyllä',
                         'Kelan opas → löysi: 0 % ensimmäisen vaiheen käynneistä eteni viimeiseen vaiheeseen.'])
      assert.ok(text.replace(/\s+/g, ' ').includes(words), `${words} in the PDF`);
  } finally {
    if (!shots)
      rmSync(dir, { recursive: true, force: true });
  }
});
