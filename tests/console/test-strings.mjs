// test-strings.mjs — the console's words: every key in Finnish, Swedish and English
// with the same placeholders, every key the code uses defined, and a word for every
// value the server's C code can send (reasons, outcomes, kinds…).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const top = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const jsDir = join(top, 'backend', 'console', 'js');
const { STRINGS } = await import(join(jsDir, 'strings.js'));
const sources = readdirSync(jsDir).filter((name) => name.endsWith('.js'))
  .map((name) => readFileSync(join(jsDir, name), 'utf8')).join('\n');

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// The strings of a C array `static const char * const NAME[] = { "a", "b", NULL };`.
function cArray(file, name) {
  const text = readFileSync(join(top, file), 'utf8');
  const match = new RegExp(`${name}\\[\\]\\s*=\\s*\\{([^}]*)\\}`).exec(text);
  assert.ok(match, `${name} in ${file}`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

test('every key is in all three languages, with the same placeholders', () => {
  const keys = new Set(Object.values(STRINGS).flatMap((strings) => Object.keys(strings)));
  for (const lang of ['fi', 'sv', 'en']) {
    for (const key of keys) {
      assert.ok(key in STRINGS[lang], `${lang} lacks ${key}`);
      assert.notEqual(STRINGS[lang][key].trim(), '', `${lang} ${key} is empty`);
      assert.deepEqual(placeholders(STRINGS[lang][key]), placeholders(STRINGS.en[key]),
                       `${lang} ${key} has other placeholders than English`);
    }
  }
});

test('every key the code names is defined', () => {
  const used = [...sources.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z0-9.+-]+)'/g)].map((m) => m[1]);
  const navigation = [...sources.matchAll(/'(nav\.[a-z]+)'/g)].map((m) => m[1]);
  assert.ok(used.length > 100);
  for (const key of [...used, ...navigation])
    assert.ok(key in STRINGS.en, `${key} is used but not defined`);
});

test('every value the server sends has a word', () => {
  const families = {
    reason: cArray('common/nv-appointment.c', 'reasons'),
    contact: cArray('common/nv-appointment.c', 'contact_methods'),
    time: cArray('common/nv-appointment.c', 'times_of_day'),
    day: cArray('common/nv-appointment.c', 'weekdays'),
    outcome: cArray('backend/store/server-store-appointments.c', 'outcomes'),
    state: ['open', 'contacted', 'done'],
    guideStatus: ['published', 'draft', 'published+draft'],
    section: ['reach', 'demand', 'friction', 'handover', 'experience', 'operations'],
    sectionIntro: ['reach', 'demand', 'friction', 'handover', 'experience', 'operations'],
    role: ['advisor', 'evaluator', 'admin'],
    weekday: ['1', '2', '3', '4', '5', '6', '7'],
    kind: cArray('common/nv-organisation.c', 'kinds'),
    slotKind: cArray('common/nv-slot.c', 'kinds'),
    wrongReason: cArray('backend/store/server-store-info-reports.c', 'reasons'),
  };
  assert.ok(families.outcome.includes('home-visit-booked'));
  for (const [family, values] of Object.entries(families))
    for (const value of values)
      for (const lang of ['fi', 'sv', 'en'])
        assert.ok(`${family}.${value}` in STRINGS[lang], `${lang} lacks ${family}.${value}`);
});
