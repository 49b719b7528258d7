// dialogs.js — modal questions over the page (<dialog>, so the page behind is inert
// and the focus stays inside): "leave with unsaved changes?" and signing in again
// in place when the session has ended, so the work on the page is kept.

import { h } from './dom.js';
import { t } from './i18n.js';
import { loginForm } from './login.js';

function openDialog(labelId, ...children) {
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': labelId }, ...children);
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

function closeDialog(dialog, returnFocus) {
  dialog.close();
  dialog.remove();
  if (returnFocus && returnFocus.isConnected)
    returnFocus.focus();
}

// Asks @question; resolves true for @confirm, false for @cancel or Escape. The
// cancelling answer has the focus: the safe one is the default.
export function confirmDialog({ title, question, confirm, cancel, danger = false }) {
  const returnFocus = document.activeElement;
  return new Promise((resolve) => {
    const headingId = 'confirm-dialog-title';
    const no = h('button', { type: 'button', class: 'secondary' }, cancel);
    const yes = h('button', { type: 'button', class: danger ? 'danger' : null }, confirm);
    const dialog = openDialog(headingId,
      h('h2', { id: headingId }, title),
      h('p', {}, question),
      h('div', { class: 'actions' }, no, yes));
    const answer = (value) => {
      closeDialog(dialog, returnFocus);
      resolve(value);
    };
    no.addEventListener('click', () => answer(false));
    yes.addEventListener('click', () => answer(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      answer(false);
    });
    no.focus();
  });
}

// The session ended: @name signs in again over the page. Resolves with the new
// session ({name, role, csrf_token…}); rejects when they choose to sign out instead.
export function signInAgainDialog(name) {
  const returnFocus = document.activeElement;
  return new Promise((resolve, reject) => {
    const headingId = 'session-dialog-title';
    let dialog = null;
    const form = loginForm({
      fixedName: name,
      submitLabel: t('session.signIn'),
      signedIn(user) {
        closeDialog(dialog, returnFocus);
        resolve(user);
      },
    });
    const leave = h('button', { type: 'button', class: 'secondary' }, t('session.signOut'));
    leave.addEventListener('click', () => {
      closeDialog(dialog, null);
      reject(new Error('signed out'));
    });
    dialog = openDialog(headingId,
      h('h2', { id: headingId }, t('session.ended')),
      h('p', {}, t('session.intro')),
      form.element,
      h('div', { class: 'actions' }, leave));
    // Escape would leave the page behind unusable: the two buttons say what happens.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    form.focus();
  });
}
