// login.js — signing in with a name and password: the sign-in page, and the same
// form in the dialog that signs a person in again when their session has ended.

import { h, pageHeading } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors } from './forms.js';

// The form; @fixedName: signing in again as that person only (the name is shown, not
// asked). signedIn (user) is called with the new session.
export function loginForm({ signedIn, fixedName = null, submitLabel = null }) {
  const name = field({ label: t('login.name'), field: 'name', required: true,
                       value: fixedName ?? '',
                       attrs: { autocomplete: 'username', autocapitalize: 'none',
                                spellcheck: 'false', readOnly: fixedName !== null } });
  const password = field({ label: t('login.password'), field: 'password', type: 'password',
                           required: true, attrs: { autocomplete: 'current-password' } });
  const submit = h('button', { type: 'submit' }, submitLabel || t('login.submit'));
  const form = h('form', { class: 'login-form', novalidate: true },
    errorRegion(), name.element, password.element, h('div', { class: 'actions' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!name.input.value.trim()) {
      showError(form, { local: true, field: 'name', message: t('login.nameMissing') });
      return;
    }
    if (!password.input.value) {
      showError(form, { local: true, field: 'password', message: t('login.passwordMissing') });
      return;
    }
    submit.disabled = true;
    try {
      const user = await api.post('login', { name: name.input.value.trim(),
                                             password: password.input.value });
      api.setCsrfToken(user.csrf_token);
      signedIn(user);
    } catch (error) {
      password.input.value = '';
      // One sentence for an unknown name, a wrong password and a disabled account alike.
      if (error.status === 401) {
        showError(form, { local: true, message: t('login.failed') });
        (fixedName !== null ? password.input : name.input).focus();
      } else {
        showError(form, error);
      }
    } finally {
      submit.disabled = false;
    }
  });

  return {
    element: form,
    focus() {
      (fixedName !== null ? password.input : name.input).focus();
    },
  };
}

export function renderLogin(main, { signedIn }) {
  const form = loginForm({ signedIn });
  main.append(h('div', { class: 'login' },
    pageHeading(t('login.title')),
    h('p', {}, t('login.intro')),
    form.element));
  form.focus();
}
