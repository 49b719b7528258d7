// test-pictures.mjs — an advisor adds a picture to a guide's step: chosen as a file, sent
// at once, shown beside the step's fields with what it shows in words, published, and
// then fetched by a kiosk by its name; a file that is not a picture is refused beside
// its field; the default guides' own pictures show in the editor; axe-core on each.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  assertNoProblems, checkAccessibility, screenshot, startAdvisor, kioskGuide,
} from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const images = join(here, '..', '..', 'data', 'content', 'images');
const PICTURE_NAME = /^[0-9a-f]{64}\.png$/;

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

test('a step gets a picture, which kiosks then fetch by its name', async () => {
  await page.goto('/console/#/guides/omaolo');
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  const file = page.getByLabel('Picture for step 1 (optional)');
  const drawing = readdirSync(images).find((name) => name.endsWith('.png'));

  // Not a picture: refused, said beside the field, and nothing changes.
  await file.setInputFiles({ name: 'notes.png', mimeType: 'image/png',
                             buffer: Buffer.from('these are notes, not a picture') });
  await page.waitForFunction(() => document.querySelector('[data-field="guide.steps[0].image"]')
    ?.getAttribute('aria-invalid') === 'true');
  await page.getByText('This is not a PNG or JPEG picture, or it is damaged.').first().waitFor();
  assert.equal(await page.getByRole('img', { name: 'The picture of step 1' }).count(), 0);

  await file.setInputFiles({ name: 'drawing.png', mimeType: 'image/png',
                             buffer: readFileSync(join(images, drawing)) });
  await page.getByRole('status').filter({ hasText: 'The picture was added to step 1.' }).waitFor();
  const thumbnail = page.getByRole('img', { name: 'The picture of step 1' });
  await thumbnail.waitFor();
  assert.ok(await thumbnail.evaluate((img) => img.complete && img.naturalWidth === 1280),
            'the picture the server keeps is shown');
  const alt = page.getByRole('group', { name: 'What the picture of step 1 shows, for those who cannot see it' });
  await alt.getByLabel('Finnish').fill('Piirros: puhelin ja sormi');
  await alt.getByLabel('English').fill('Drawing: a phone and a finger');
  await page.getByRole('img', { name: 'Drawing: a phone and a finger' }).waitFor();
  await checkAccessibility(page, 'guide editor with a picture');
  await screenshot(page, 'guide-step-picture');

  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'The guide was published.' }).waitFor();
  const published = await kioskGuide(server, 'omaolo');
  assert.match(published.steps[0].image, PICTURE_NAME);
  assert.equal(published.steps[0].image_alt.fi, 'Piirros: puhelin ja sormi');
  const fetched = await fetch(`${server.url}api/v1/kiosk/images/${published.steps[0].image}`,
                              { headers: { Authorization: `Bearer ${server.kioskToken}` } });
  assert.equal(fetched.status, 200);
  assert.equal(fetched.headers.get('content-type'), 'image/png');
  assert.match(fetched.headers.get('cache-control'), /immutable/);

  // Removed again: the step has none, and kiosks then show none.
  await page.getByRole('button', { name: 'Remove the picture of step 1' }).click();
  assert.equal(await page.getByRole('img', { name: 'Drawing: a phone and a finger' }).count(), 0);
  await page.getByRole('button', { name: 'Publish' }).click();
  // Waited for as kiosks see it: the status already says "published" from before.
  let after = await kioskGuide(server, 'omaolo');
  for (let i = 0; i < 100 && after.steps[0].image; i++) {
    await page.waitForTimeout(100);
    after = await kioskGuide(server, 'omaolo');
  }
  assert.equal(after.steps[0].image, undefined);
  assertNoProblems(page);
});

test('a default guide shows its own drawing beside its step', async () => {
  const guide = await kioskGuide(server, '116117-or-112');
  assert.match(guide.steps[0].image, PICTURE_NAME);
  await page.goto('/console/#/guides/116117-or-112');
  await page.getByRole('heading', { level: 1, name: /^Edit guide: / }).waitFor();
  const drawing = page.getByRole('img', { name: guide.steps[0].image_alt.en });
  await drawing.waitFor();
  assert.ok(await drawing.evaluate((img) => img.complete && img.naturalWidth > 0));
  await checkAccessibility(page, 'default guide with a drawing');
  assertNoProblems(page);
});
