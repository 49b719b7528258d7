// test-layout.mjs — the console on a 1920×1080 screen uses its width (no narrow column
// between empty sides), and at 200 % zoom (the same screen at deviceScaleFactor 2: 960
// CSS pixels wide) no page scrolls sideways: every page an administrator can open, an
// editor and a page of versions among them. axe-core on each at both sizes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  addUser, assertNoProblems, checkAccessibility, launchBrowser, postAppointment, runCli, screenshot,
  signIn, startServer, useEnglish,
} from './harness.mjs';

const ADMIN_PASSWORD = 'admin-password-3';

let server;
let browser;

before(async () => {
  server = await startServer();
  addUser(server, 'aada', 'admin', ADMIN_PASSWORD);
  // Lists with something in them, long words among it.
  runCli(server.dataDir, ['kiosk', 'add', '--name',
                          'Pohjois-Pohjanmaan maakuntakirjaston lehtilukusalin sisäänkäynti',
                          '--municipality', '564']);
  await postAppointment(server, { reference: 'KXT7MP', name: 'Hildegard Wilhelmiina Kauppinen-Östergård' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openAt(width, height, deviceScaleFactor) {
  const context = await browser.newContext({
    baseURL: server.url, viewport: { width, height }, deviceScaleFactor,
    timezoneId: 'Europe/Helsinki', locale: 'fi-FI',
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  await signIn(page, 'aada', ADMIN_PASSWORD);
  await useEnglish(page);
  return page;
}

// Every page of the navigation, and pages reached from them.
async function pagesOf(page) {
  const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link')
    .evaluateAll((all) => all.map((link) => link.getAttribute('href')));
  const sections = ['reach', 'demand', 'friction', 'handover', 'experience', 'operations'];
  return [...links, '#/guides/omaolo', '#/guides/new', '#/organisations/new',
          '#/history/guide/omaolo', ...sections.map((section) => `#/reports/${section}`)];
}

async function showPage(page, hash) {
  await page.goto(`/console/${hash}`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main')?.textContent.includes('Loading…'));
}

async function checkPages(page, size) {
  const pages = await pagesOf(page);
  assert.ok(pages.length > 15, pages.join(' '));
  for (const hash of pages) {
    await showPage(page, hash);
    const { scroll, client, main } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      main: document.getElementById('main').getBoundingClientRect().width,
    }));
    assert.ok(scroll <= client, `${hash} at ${size}: ${scroll} px wide in ${client}`);
    if (size === '1920')
      assert.ok(main >= 1800, `${hash} at 1920: the page is only ${main} px wide`);
    await checkAccessibility(page, `${hash} at ${size}`);
    await screenshot(page, `layout-${size}-${hash.replace(/[#/]+/g, '-').replace(/^-|-$/g, '')}`);
  }
  assertNoProblems(page);
}

test('on a 1920×1080 screen every page uses its width', async () => {
  await checkPages(await openAt(1920, 1080, 1), '1920');
});

test('at 200 % zoom no page scrolls sideways', async () => {
  await checkPages(await openAt(960, 540, 2), '200');
});
