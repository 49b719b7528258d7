// i18n.js — the console's words in Finnish, Swedish and English, and the language
// chosen (kept in the browser; Finnish by default). Content text stays as written.

import { STRINGS } from './strings.js';

export const LANGUAGES = ['fi', 'sv', 'en'];
// Content is also written in plain Finnish (selkosuomi); the console itself has no words
// in it, and shows Finnish ones where it speaks plain Finnish (the kiosk preview).
export const CONTENT_LANGUAGES = [...LANGUAGES, 'fi-x-selko'];

let language = (() => {
  try {
    const saved = localStorage.getItem('neuvokas-console-language');
    return LANGUAGES.includes(saved) ? saved : 'fi';
  } catch (error) {
    return 'fi';
  }
})();
const listeners = [];

export function getLanguage() {
  return language;
}

export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang) || lang === language)
    return;
  language = lang;
  try {
    localStorage.setItem('neuvokas-console-language', lang);
  } catch (error) {
    // A browser that keeps nothing still switches for this page.
  }
  document.documentElement.lang = lang;
  for (const listener of listeners)
    listener(lang);
}

export function onLanguageChange(listener) {
  listeners.push(listener);
}

// The string @key in the current language with {name} replaced from @params;
// English, then the key itself, when a translation is missing.
export function t(key, params) {
  return tIn(language, key, params);
}

// The same in @lang: the kiosk preview speaks the language it previews.
export function tIn(lang, key, params) {
  const words = lang === 'fi-x-selko' ? 'fi' : lang;
  const text = STRINGS[words]?.[key] ?? STRINGS.en[key] ?? key;
  if (!params)
    return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// Content text {fi, sv, en} in the current language, else Finnish, else any.
export function pickText(text) {
  if (!text)
    return '';
  if (typeof text === 'string')
    return text;
  return text[language] || text.fi || Object.values(text).find(Boolean) || '';
}
