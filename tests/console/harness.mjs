// harness.mjs — a real neuvokas-server with a temporary store, staff made with its
// command line, and headless Debian Chromium driven by playwright-core, with
// axe-core for accessibility. Shared by the console's browser tests.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules', 'playwright-core')))
  throw new Error('tests/console/node_modules is missing: run ./build-aux/install-deps (npm ci)');

const { chromium } = await import('playwright-core');
const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export const PASSWORDS = {
  advisor: 'advisor-password-1',
  evaluator: 'evaluator-password-2',
  admin: 'admin-password-3',
};

function serverPath() {
  const path = process.env.NEUVOKAS_SERVER;
  assert.ok(path, 'NEUVOKAS_SERVER names the neuvokas-server to test (meson test sets it)');
  return path;
}

// Runs neuvokas-server's command line on @dataDir (also while its server runs), as an
// administrator or a timer would; fails unless it exits 0; returns its output.
export function runCli(dataDir, args, input) {
  const run = spawnSync(serverPath(), ['--data-dir', dataDir, ...args],
                        { input: input ?? '', encoding: 'utf8' });
  assert.equal(run.status, 0, `neuvokas-server ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

// A server on 127.0.0.1 port 0 with users "aino" (advisor) and "eero" (evaluator)
// and one kiosk, whose token is kept for the kiosk API.
// Today in Helsinki as "YYYY-MM-DD", from the parts of the date, never from a locale's
// whole format: Debian's Node 18 (system ICU 72) writes en-CA dates as "12/7/2026".
export function helsinkiToday() {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date());
  const get = (type) => parts.find((part) => part.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'neuvokas-console-'));
  // The password is read as one line from standard input, never from the command line.
  runCli(dataDir, ['user', 'add', 'aino', '--role', 'advisor'], `${PASSWORDS.advisor}\n`);
  runCli(dataDir, ['user', 'add', 'eero', '--role', 'evaluator'], `${PASSWORDS.evaluator}\n`);
  const added = runCli(dataDir, ['kiosk', 'add', '--name', 'Oulu main library, lobby',
                                 '--municipality', '564']);
  const kioskToken = added.split('\n').find((line) => line.startsWith('nvk_'));
  assert.ok(kioskToken, `no token in: ${added}`);

  const child = spawn(serverPath(), ['--data-dir', dataDir, 'serve', '--listen', '127.0.0.1:0'],
                      { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not say where it listens')), 15000);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      const match = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (match)
        resolve(match[1]);
      else
        reject(new Error(`unexpected first line: ${line}`));
    });
  });
  return {
    url,
    dataDir,
    kioskToken,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Another staff account, made on the command line as an administrator would.
export function addUser(server, name, role, password) {
  runCli(server.dataDir, ['user', 'add', name, '--role', role], `${password}\n`);
}

// A resident's request from the kiosk, through the kiosk API; returns its reference.
export async function postAppointment(server, fields = {}) {
  const reference = fields.reference || 'GH4K7P';
  const response = await fetch(`${server.url}api/v1/kiosk/appointments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.kioskToken}`, 'Content-Type': 'application/json',
               'User-Agent': 'neuvokas-kiosk/0.1.0' },
    body: JSON.stringify({ appointments: [{
      id: randomUUID(), reference, created: new Date().toISOString(), reason: 'device',
      contact_method: 'phone', preferred_days: ['mon', 'wed'], preferred_time: 'morning',
      name: 'Aino Esimerkki', phone: '+358401112233', language: 'fi', ...fields,
    }] }),
  });
  const body = await response.json();
  assert.equal(response.status, 200);
  assert.equal(body.results[0].status, 'accepted', JSON.stringify(body));
  return reference;
}

// Usage events from the server's kiosk, through the kiosk API, all accepted.
export async function postKioskEvents(server, events) {
  const response = await fetch(`${server.url}api/v1/kiosk/events`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.kioskToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  const body = await response.json();
  assert.equal(body.accepted, events.length, JSON.stringify(body));
}

export async function launchBrowser() {
  const args = [];
  // Chromium's sandbox needs an unprivileged user; CI runs as root.
  if (process.getuid && process.getuid() === 0)
    args.push('--no-sandbox');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args,
  });
}

// A page that records what must never happen: a script error, a blocked inline
// script or style (a CSP report), or a dialog (alert() from injected markup).
export async function openPage(browser, server) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Europe/Helsinki',
    locale: 'fi-FI',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text()))
      problems.push(`CSP: ${message.text()}`);
  });
  page.on('dialog', async (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.problems = problems;
  return page;
}

export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'no script error, CSP violation or dialog');
}

// axe-core on the page as it is now; serious and critical violations fail.
export async function checkAccessibility(page, what) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${
    v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');
  assert.equal(bad.length, 0, `${what}: accessibility violations\n${report}`);
  return results;
}

export async function signIn(page, name, password) {
  await page.goto('/');
  await page.waitForURL(/\/console\/$/);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.getByLabel('Käyttäjätunnus').fill(name);
  await page.getByLabel('Salasana').fill(password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await page.getByRole('navigation', { name: 'Päävalikko' }).waitFor();
}

// Switches the console to English, which the tests read most easily.
export async function useEnglish(page) {
  await page.getByRole('button', { name: 'English' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

// Calls the staff API with the page's session (cookie and CSRF token from /me).
export async function staffApi(page, method, path, body) {
  return page.evaluate(async ({ method: m, path: p, body: b }) => {
    const me = await (await fetch('/api/v1/staff/me')).json();
    const response = await fetch(`/api/v1/staff/${p}`, {
      method: m,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }, { method, path, body });
}

export async function screenshot(page, name) {
  const dir = process.env.NEUVOKAS_CONSOLE_SHOTS;
  if (dir)
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

// Runs one SQL statement on @server's store file (WAL, so the running server sees it)
// with Python's sqlite3, which meson itself brings; returns the first column of the first
// row (a SELECT) or the number of rows changed. @params bind the ?s.
export function storeSql(server, sql, params = []) {
  const script = 'import json, sqlite3, sys\n'
    + 'db = sqlite3.connect(sys.argv[1])\n'
    + 'cursor = db.execute(sys.argv[2], json.loads(sys.argv[3]))\n'
    + 'row = cursor.fetchone() if cursor.description else None\n'
    + 'db.commit()\n'
    + 'print(json.dumps(row[0] if row else cursor.rowcount))\n';
  const run = spawnSync('python3', ['-c', script, join(server.dataDir, 'neuvokas.db'), sql,
                                    JSON.stringify(params)], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${sql}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

// Ages every staff session of @server by 31 minutes without a request, as if the advisor
// had left the desk: the server's own idle rule (30 minutes) then ends it at the next
// request.
export function idleSessions(server, seconds = 31 * 60) {
  return storeSql(server, 'UPDATE staff_sessions SET last_seen = last_seen - ?', [seconds]);
}

// A guide as kiosks get it now (null when they do not have it).
export async function kioskGuide(server, id) {
  const response = await fetch(`${server.url}api/v1/kiosk/content`,
                               { headers: { Authorization: `Bearer ${server.kioskToken}` } });
  const bundle = await response.json();
  return bundle.guides.find((guide) => guide.id === id) ?? null;
}

// A server, a browser and an advisor signed in, in English: what most tests start from.
export async function startAdvisor() {
  const server = await startServer();
  const browser = await launchBrowser();
  const page = await openPage(browser, server);
  await signIn(page, 'aino', PASSWORDS.advisor);
  await useEnglish(page);
  return {
    server,
    browser,
    page,
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}
