// municipalities.js — Finland's municipalities, as the server checks them: one list,
// common/nv-municipality.c, served by GET /api/v1/staff/municipalities and loaded once
// after signing in, so that the console offers every code the server accepts and no other.

import { getLanguage } from './i18n.js';
import * as api from './api.js';

// [{code, fi, sv, region}], in Finnish alphabetical order.
let list = [];

// Loads the list once; until it is loaded (or when it cannot be), a municipality is
// shown by its code.
export async function loadMunicipalities() {
  if (list.length)
    return;
  try {
    list = (await api.get('municipalities')).municipalities;
  } catch (error) {
    list = [];
  }
}

export function municipalities() {
  return list;
}

export function municipalityName(code) {
  const found = list.find((one) => one.code === code);
  if (!found)
    return code || '';
  return getLanguage() === 'sv' ? found.sv : found.fi;
}
