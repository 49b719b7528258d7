// test-municipalities.mjs — the console's municipalities are the server's: the
// organisation editor offers every code common/nv-municipality.c holds (all 308, the
// national list the server checks against) and no other, and a place or kiosk far from
// North Ostrobothnia is named, not shown by its code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAdvisor, assertNoProblems, staffApi } from './harness.mjs';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The codes of the table the server checks every municipality against.
function serverCodes() {
  const text = readFileSync(join(top, 'common', 'nv-municipality.c'), 'utf8');
  const table = /NvMunicipality municipalities\[\] = \{([\s\S]*?)\n\};/.exec(text);
  assert.ok(table, 'the municipalities[] table of nv-municipality.c');
  return [...table[1].matchAll(/\{ "(\d{3})", "/g)].map((m) => m[1]);
}

let advisor;
let page;

before(async () => {
  advisor = await startAdvisor();
  page = advisor.page;
});

after(async () => {
  await advisor?.stop();
});

test('the organisation editor offers every municipality the server accepts', async () => {
  const codes = serverCodes();
  assert.equal(codes.length, 308);
  await page.evaluate(() => { location.hash = '#/organisations/new'; });
  await page.getByRole('heading', { level: 1, name: 'New organisation' }).waitFor();
  const select = page.getByLabel('Municipality');
  const offered = await select.locator('option').evaluateAll(
    (options) => options.map((option) => option.value));
  assert.deepEqual([...offered].sort(), [...codes].sort());
  // Helsinki, far from the 30 the console once had, by its name.
  assert.equal(await select.locator('option[value="091"]').textContent(), 'Helsinki');

  // A place saved in Helsinki is accepted by the server and listed by its name, found by it.
  const saved = await staffApi(page, 'POST', 'organisations', { organisation: {
    id: 'helsinki-test', name: { fi: 'Testipaikka' }, kind: 'other', municipality: '091' } });
  assert.equal(saved.status, 200);
  await page.evaluate(() => { location.hash = '#/organisations'; });
  await page.getByLabel('Search by name, municipality or kind').fill('Helsinki');
  const row = page.getByRole('row').filter({ hasText: 'Testipaikka' });
  await row.waitFor();
  assert.ok((await row.textContent()).includes('Helsinki'));
  assertNoProblems(page);
});
