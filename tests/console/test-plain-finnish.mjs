// test-plain-finnish.mjs — an advisor writes plain Finnish (selkosuomi), the fourth
// content language: its own field beside Finnish, Swedish and English in the editors,
// the kiosk preview in it, published to kiosks under the code fi-x-selko, shown on the
// server's public page with Finnish where a text has no plain Finnish; a wrong value is
// refused naming its field. axe-core on the editor.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertNoProblems, checkAccessibility, screenshot, staffApi, startAdvisor, kioskGuide,
} from './harness.mjs';

const PLAIN = 'Selko (plain language)';

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

test('plain Finnish is edited beside the other languages and published', async () => {
  const seeded = await kioskGuide(server, 'omaolo');
  assert.ok(seeded.title['fi-x-selko'], 'the default guides have plain Finnish');
  await page.goto('/console/#/guides/omaolo');
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();

  const title = page.getByRole('group', { name: 'Title', exact: true });
  assert.equal(await title.getByLabel(PLAIN).inputValue(), seeded.title['fi-x-selko']);
  const step1 = page.getByRole('group', { name: 'Step 1', exact: true });
  const step2 = page.getByRole('group', { name: 'Step 2', exact: true });
  assert.equal(await step1.getByLabel(PLAIN).getAttribute('lang'), 'fi-x-selko');
  await step1.getByLabel(PLAIN).fill('Avaa omaolo.fi. Kirjoita osoite itse.');
  // Step 2 left without plain Finnish: kiosks and the public page show Finnish for it.
  await step2.getByLabel(PLAIN).fill('');
  await checkAccessibility(page, 'guide editor with plain Finnish');

  // The preview in plain Finnish: its text, and the kiosk's Finnish words around it.
  const preview = page.getByRole('region', { name: 'Preview on the kiosk' });
  await preview.getByRole('button', { name: PLAIN }).click();
  await preview.getByText('Avaa omaolo.fi. Kirjoita osoite itse.').waitFor();
  await preview.getByText('Alkuun').waitFor();
  await screenshot(page, 'guide-editor-plain-finnish');

  await page.getByRole('button', { name: 'Save draft' }).click();
  await page.getByRole('status').filter({ hasText: 'The draft was saved.' }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'The guide was published.' }).waitFor();

  const published = await kioskGuide(server, 'omaolo');
  assert.equal(published.steps[0].text['fi-x-selko'], 'Avaa omaolo.fi. Kirjoita osoite itse.');
  assert.equal(published.steps[1].text['fi-x-selko'], undefined);
  assert.equal(published.steps[1].text.fi, seeded.steps[1].text.fi);

  // The take-home page in plain Finnish: plain where written, Finnish (marked so) where not.
  const response = await fetch(`${server.url}g/omaolo?lang=fi-x-selko`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-language'), 'fi-x-selko');
  const html = await response.text();
  assert.ok(html.includes('<html lang="fi-x-selko">'));
  assert.ok(html.includes('Avaa omaolo.fi. Kirjoita osoite itse.'));
  assert.ok(html.includes(`<li class="text" lang="fi">${seeded.steps[1].text.fi}</li>`), html);
  assert.ok(html.includes('Osa tekstistä on vain tavallisella suomen kielellä.'));
  assertNoProblems(page);
});

test('a wrong plain Finnish value is refused, naming its field', async () => {
  const saved = await staffApi(page, 'GET', 'guide?id=omaolo');
  assert.equal(saved.status, 200);
  const guide = saved.body.published;
  assert.equal(saved.body.draft, null);
  guide.steps[0].text['fi-x-selko'] = ['not', 'text'];
  const refused = await staffApi(page, 'POST', 'guides/draft', { guide });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.field, 'guide.steps[0].text.fi-x-selko');

  guide.steps[0].text['fi-x-selko'] = 'Rivi\u0007';
  const control = await staffApi(page, 'POST', 'guides/draft', { guide });
  assert.equal(control.status, 422);
  assert.equal(control.body.field, 'guide.steps[0].text.fi-x-selko');

  // Nothing of the refused drafts reached kiosks.
  const kiosk = await kioskGuide(server, 'omaolo');
  assert.equal(kiosk.steps[0].text['fi-x-selko'], 'Avaa omaolo.fi. Kirjoita osoite itse.');
});
