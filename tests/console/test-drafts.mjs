// test-drafts.mjs — no lost work: a guide edited in every language is kept as a draft
// on the server as the advisor types; leaving with unsaved changes asks first; when the
// session ends (30 minutes idle) the advisor signs in again over the editor, the edit is
// still there, and the same Publish then succeeds. axe-core on the dialogs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, checkAccessibility, screenshot, staffApi, idleSessions, PASSWORDS,
  startAdvisor, kioskGuide, signIn, useEnglish,
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

const PLAIN = 'Selko (plain language)';
const EDIT = {
  title: { Finnish: 'Omaolo – muokattu', Swedish: 'Omaolo – redigerad', English: 'Omaolo – edited',
           [PLAIN]: 'Omaolo – muokattu selkosuomeksi' },
  step: { Finnish: 'Avaa Omaolo, muokattu vaihe.', Swedish: 'Öppna Omaolo, redigerat steg.',
          English: 'Open Omaolo, edited step.', [PLAIN]: 'Avaa Omaolo. Tämä vaihe on muokattu.' },
};

// Waits until the answer to @path (a staff API path) holds @expected at @keys: the draft
// of what was just typed is on the server, whatever the status line said before (it may
// still show an earlier draft's time).
async function draftSaved(path, keys, expected) {
  await page.waitForFunction(async ([url, members, value]) => {
    const response = await fetch(url);
    let found = response.ok ? await response.json() : null;
    for (const key of members)
      found = found?.[key];
    return found === value;
  }, [`/api/v1/staff/${path}`, keys, expected], { polling: 200 });
}

// The console asks for kiosk calls every 4 s (calls.js). On a loaded machine such a poll
// can meet an ended session before the test's own request does, and its sign-in dialog
// then covers the button the test clicks: from the first ended session on, the calls are
// answered here (none), so that what meets it is what the test makes.
async function answerCallsHere() {
  await page.route('**/api/v1/staff/calls', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: '{"calls": []}',
  }));
}

async function openEditor() {
  await page.goto('/console/#/guides/omaolo');
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
}

test('typing is saved as a draft on the server, without pressing Save', async () => {
  await openEditor();
  const title = page.getByRole('group', { name: 'Title', exact: true });
  const step1 = page.getByRole('group', { name: 'Step 1', exact: true });
  for (const [language, text] of Object.entries(EDIT.title))
    await title.getByLabel(language).fill(text);
  for (const [language, text] of Object.entries(EDIT.step))
    await step1.getByLabel(language).fill(text);
  await page.getByText(/^Draft saved automatically at /).waitFor();

  const saved = await staffApi(page, 'GET', 'guide?id=omaolo');
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body.draft.title, { fi: EDIT.title.Finnish, sv: EDIT.title.Swedish,
                                             en: EDIT.title.English,
                                             'fi-x-selko': EDIT.title[PLAIN] });
  assert.deepEqual(saved.body.draft.steps[0].text, { fi: EDIT.step.Finnish, sv: EDIT.step.Swedish,
                                                     en: EDIT.step.English,
                                                     'fi-x-selko': EDIT.step[PLAIN] });
  // A draft: kiosks still have the published guide.
  assert.notEqual((await kioskGuide(server, 'omaolo')).title.fi, EDIT.title.Finnish);
  assertNoProblems(page);
});

test('leaving the editor with unsaved changes asks first, and Stay keeps the work', async () => {
  // A guide without a Finnish title cannot be saved, not even as a draft: the editor
  // says so, and the change stays unsaved.
  const titleFi = page.getByRole('group', { name: 'Title', exact: true }).getByLabel('Finnish');
  await titleFi.fill('');
  const summary = page.getByRole('group', { name: 'Summary', exact: true }).getByLabel('English');
  await summary.fill('Typed just now, not yet saved.');
  await page.getByText(/^Not saved as a draft yet: /).waitFor();

  await page.getByRole('link', { name: 'Back to guides' }).click();
  const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
  await dialog.waitFor();
  // The safe answer has the focus.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Stay on the page');
  await checkAccessibility(page, 'leave dialog');
  await screenshot(page, 'leave-dialog');
  await dialog.getByRole('button', { name: 'Stay on the page' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.match(page.url(), /#\/guides\/omaolo$/);
  assert.equal(await summary.inputValue(), 'Typed just now, not yet saved.');

  // Closing the tab asks too: the page says it has unsaved work.
  const leaving = () => page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
  assert.equal(await leaving(), true);

  // Once the draft is saved there is nothing to ask about.
  await titleFi.fill(EDIT.title.Finnish);
  await page.getByText(/^Draft saved automatically at /).waitFor();
  assert.equal(await leaving(), false);
  await page.getByRole('link', { name: 'Back to guides' }).click();
  await page.getByRole('heading', { level: 1, name: 'Guides' }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  await openEditor();
  assert.equal(await page.getByRole('group', { name: 'Summary', exact: true }).getByLabel('English')
    .inputValue(), 'Typed just now, not yet saved.');
  assertNoProblems(page);
});

// The draft of what is typed is sent 1.5 s after the last key (autosave.js), whenever the
// machine gets to it: the test never counts on clicking anything before that. The typing
// meets the ended session through its own draft first; Publish then meets it again, with
// nothing else pending.
test('after the idle timeout, signing in again over the editor keeps the edit and publishes it', async () => {
  // More typing in every language after the last draft, then the advisor is away.
  const step1 = page.getByRole('group', { name: 'Step 1', exact: true });
  await answerCallsHere();
  for (const language of ['Finnish', 'Swedish', 'English'])
    await step1.getByLabel(language).fill(`${EDIT.step[language]} Lisätty.`);
  assert.ok(idleSessions(server) >= 1, 'a session to age');
  assert.equal((await page.evaluate(async () => (await fetch('/api/v1/staff/me')).status)), 401,
               'the server has ended the session');

  // The draft of that typing finds the session ended: the sign-in opens over the editor.
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await dialog.waitFor();
  // The same person signs in again: the name is shown, the password asked.
  assert.equal(await dialog.getByLabel('User name').inputValue(), 'aino');
  assert.ok(await dialog.getByLabel('Password').evaluate((input) => input === document.activeElement));
  await checkAccessibility(page, 'sign-in-again dialog');
  await screenshot(page, 'session-dialog');

  // A wrong password is said in the dialog, which stays.
  await dialog.getByLabel('Password').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();

  await dialog.getByLabel('Password').fill(PASSWORDS.advisor);
  await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
  await dialog.waitFor({ state: 'detached' });
  // The same draft, sent again with the new session: nothing typed is lost.
  await draftSaved('guide?id=omaolo', ['draft', 'steps', 0, 'text', 'fi'],
                   `${EDIT.step.Finnish} Lisätty.`);

  // Away again, with nothing pending: Publish meets the ended session, and the same
  // Publish goes on once the advisor has signed in.
  assert.ok(idleSessions(server) >= 1, 'a session to age');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  await dialog.waitFor();
  await dialog.getByLabel('Password').fill(PASSWORDS.advisor);
  await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'The guide was published.' }).waitFor();

  const published = await kioskGuide(server, 'omaolo');
  assert.equal(published.title.fi, EDIT.title.Finnish);
  assert.equal(published.title.sv, EDIT.title.Swedish);
  assert.equal(published.title.en, EDIT.title.English);
  assert.equal(published.steps[0].text.fi, `${EDIT.step.Finnish} Lisätty.`);
  assert.equal(published.steps[0].text.sv, `${EDIT.step.Swedish} Lisätty.`);
  assert.equal(published.steps[0].text.en, `${EDIT.step.English} Lisätty.`);
  assert.equal(published.title['fi-x-selko'], EDIT.title[PLAIN]);
  assert.equal(published.steps[0].text['fi-x-selko'], EDIT.step[PLAIN]);
  assert.equal(published.summary.en, 'Typed just now, not yet saved.');
  // Still the editor, still signed in.
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  assert.match(page.url(), /#\/guides\/omaolo$/);
  assertNoProblems(page);
});

test('the directory editor: an ended session is signed in again in place, and leaving asks', async () => {
  const list = await staffApi(page, 'GET', 'organisations');
  const org = list.body.organisations[0];
  await page.getByRole('link', { name: 'Directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  await page.goto(`/console/#/organisations/${encodeURIComponent(org.id)}`);
  await page.getByRole('heading', { level: 1, name: /^Edit organisation: / }).waitFor();
  const services = page.getByRole('group', { name: 'Services', exact: true }).getByLabel('English');
  await services.fill('Help with phones and tablets, edited.');

  // Leave is asked; Leave the page goes, and nothing was saved.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guides' }).click();
  const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
  await leave.getByRole('button', { name: 'Leave the page' }).click();
  await page.getByRole('heading', { level: 1, name: 'Guides' }).waitFor();
  let stored = await staffApi(page, 'GET', `organisation?id=${encodeURIComponent(org.id)}`);
  assert.notEqual(stored.body.services?.en, 'Help with phones and tablets, edited.');

  // Back, typed again, the session ends, Save: sign in over the form, and it is saved.
  await page.goto(`/console/#/organisations/${encodeURIComponent(org.id)}`);
  await page.getByRole('heading', { level: 1, name: /^Edit organisation: / }).waitFor();
  await services.fill('Help with phones and tablets, edited again.');
  // The draft kept first, so that the ended session meets Save and not the autosave
  // (a long form can take longer to reach Save than the autosave's pause); other words
  // than the first visit's, whose draft the autosave may have kept before leaving.
  await draftSaved(`organisation/draft?id=${encodeURIComponent(org.id)}`,
                   ['draft', 'services', 'en'], 'Help with phones and tablets, edited again.');
  idleSessions(server);
  await page.getByRole('button', { name: 'Save and publish' }).click();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await dialog.getByLabel('Password').fill(PASSWORDS.advisor);
  await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: /was saved/ }).waitFor();
  stored = await staffApi(page, 'GET', `organisation?id=${encodeURIComponent(org.id)}`);
  assert.equal(stored.body.services.en, 'Help with phones and tablets, edited again.');
  // Saved: leaving asks nothing.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guides' }).click();
  await page.getByRole('heading', { level: 1, name: 'Guides' }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  await openEditor();
  assertNoProblems(page);
});

test('the edit of an organisation is kept as its draft, shown on return, and can be discarded', async () => {
  const list = await staffApi(page, 'GET', 'organisations');
  const org = list.body.organisations[1];
  const url = `/console/#/organisations/${encodeURIComponent(org.id)}`;
  const before = await staffApi(page, 'GET', `organisation?id=${encodeURIComponent(org.id)}`);
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: /^Edit organisation: / }).waitFor();
  const accessibility = () => page.getByRole('group', { name: 'Accessibility', exact: true })
    .getByLabel('Swedish');
  await accessibility().fill('Hiss till andra våningen.');
  await page.getByText(/^Draft saved automatically at /).waitFor();
  // Kept on the server, not published.
  const draft = await staffApi(page, 'GET', `organisation/draft?id=${encodeURIComponent(org.id)}`);
  assert.equal(draft.body.draft.accessibility.sv, 'Hiss till andra våningen.');
  assert.equal(draft.body.updated_by, 'aino');
  const still = await staffApi(page, 'GET', `organisation?id=${encodeURIComponent(org.id)}`);
  assert.deepEqual(still.body, before.body);

  // Saved: leaving asks nothing, and coming back shows the draft, said to be one.
  await page.getByRole('link', { name: 'Back to the directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'Directory' }).waitFor();
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.goto(url);
  await page.getByText(/^You are seeing a draft saved .* by aino\./).waitFor();
  assert.equal(await accessibility().inputValue(), 'Hiss till andra våningen.');
  await checkAccessibility(page, 'organisation editor with a draft');
  await screenshot(page, 'organisation-draft');

  // Discarding asks first, then shows the organisation as saved.
  await page.getByRole('button', { name: 'Discard the draft' }).click();
  const ask = page.getByRole('dialog', { name: 'Discard the draft?' });
  await ask.getByRole('button', { name: 'Discard the draft' }).click();
  await page.getByRole('status').filter({ hasText: 'The draft was discarded.' }).waitFor();
  assert.equal(await accessibility().inputValue(), before.body.accessibility?.sv ?? '');
  const gone = await staffApi(page, 'GET', `organisation/draft?id=${encodeURIComponent(org.id)}`);
  assert.equal(gone.body.draft, null);
  await openEditor();
  assertNoProblems(page);
});

test('in Finnish: the dialog speaks Finnish, and signing out instead leads to the sign-in page', async () => {
  await page.getByRole('button', { name: 'Suomi' }).click();
  await page.waitForFunction(() => document.documentElement.lang === 'fi');
  await page.getByRole('group', { name: 'Tiivistelmä', exact: true }).getByLabel('englanti')
    .fill('Uusi yhteenveto.');
  await page.getByText(/^Luonnos tallennettu automaattisesti klo /).waitFor();
  await draftSaved('guide?id=omaolo', ['draft', 'summary', 'en'], 'Uusi yhteenveto.');
  idleSessions(server);
  await page.getByRole('button', { name: 'Tallenna luonnos' }).click();
  const dialog = page.getByRole('dialog', { name: 'Istuntosi on päättynyt' });
  await dialog.waitFor();
  await checkAccessibility(page, 'sign-in-again dialog in Finnish');
  await dialog.getByRole('button', { name: 'Kirjaudu mieluummin ulos' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kirjaudu sisään' }).waitFor();
  await page.unroute('**/api/v1/staff/calls');
  assertNoProblems(page);
});

test('a poll sent with the ended session while signing in again opens no second dialog', async () => {
  await signIn(page, 'aino', PASSWORDS.advisor);
  await useEnglish(page);
  await openEditor();
  // The console asks for kiosk calls every few seconds: one such request is held back
  // with the old session's cookie until the advisor has signed in again.
  let held = null;
  let heldSeen;
  const seen = new Promise((resolve) => { heldSeen = resolve; });
  await page.route('**/api/v1/staff/calls', (route) => {
    if (held === null) {
      held = route;
      heldSeen();
    } else {
      route.continue();
    }
  });
  idleSessions(server);
  await seen;
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await dialog.waitFor();
  await dialog.getByLabel('Password').fill(PASSWORDS.advisor);
  await dialog.getByRole('button', { name: 'Sign in and continue' }).click();
  await dialog.waitFor({ state: 'detached' });

  // Its answer, the old session's 401, comes after the new sign-in: the request is sent
  // again with the new session, and no second dialog opens.
  const answered = page.waitForResponse((response) => response.url().includes('/staff/calls')
                                                     && response.status() === 200);
  await held.fulfill({ status: 401, contentType: 'application/json; charset=utf-8',
                       body: JSON.stringify({ error: 'Sign in first', code: 'unauthorized' }) });
  await answered;
  assert.equal(await page.getByRole('dialog').count(), 0);
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  await page.unroute('**/api/v1/staff/calls');
  assertNoProblems(page);
});
