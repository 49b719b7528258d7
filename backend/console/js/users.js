// users.js — staff accounts, for admins: add, change a role, disable and enable again,
// set a new password. Every change but enabling ends the user's sessions; the last
// admin can be neither disabled nor demoted (the server refuses, and says why).

import { h, pageHeading, replace } from './dom.js';
import { t } from './i18n.js';
import * as api from './api.js';
import { field, errorRegion, showError, clearErrors, errorMessage } from './forms.js';
import { formatTime } from './format.js';
import { dataTable } from './table.js';
import { confirmDialog } from './dialogs.js';

const ROLES = ['advisor', 'evaluator', 'admin'];

export function renderUsers(main, ctx) {
  ctx.setTitle(t('users.title'));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const listError = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card', novalidate: true });

  // After a change the list is drawn again: the focus goes back to the same control of
  // the same user's row, where the admin was working.
  async function act(user, what, body, announcement, focusKey) {
    listError.textContent = '';
    try {
      await api.post(`users/${what}`, { name: user.name, ...body });
      ctx.announce(announcement);
      await load();
      list.querySelector(`[data-user="${CSS.escape(user.name)}"][data-key="${focusKey}"]`)?.focus();
    } catch (error) {
      listError.textContent = errorMessage(error);
      listError.focus?.();
    }
  }

  function roleCell(user) {
    const select = h('select', {
      'aria-label': t('users.roleFor', { name: user.name }),
      'data-user': user.name, 'data-key': 'role',
      disabled: user.name === ctx.me.name,
    }, ROLES.map((role) => h('option', { value: role, selected: role === user.role },
      t(`role.${role}`))));
    select.addEventListener('change', async () => {
      const role = select.value;
      const sure = await confirmDialog({
        title: t('users.roleTitle'),
        question: t('users.confirmRole', { name: user.name, role: t(`role.${role}`) }),
        confirm: t('users.changeRole'), cancel: t('editor.keep'),
      });
      if (!sure) {
        select.value = user.role;
        return;
      }
      act(user, 'role', { role }, t('users.roleChanged', { name: user.name, role: t(`role.${role}`) }),
        'role');
    });
    return select;
  }

  function passwordCell(user) {
    const wrapper = h('div', { class: 'inline-form' });
    const open = h('button', {
      type: 'button', class: 'secondary', 'data-user': user.name, 'data-key': 'password',
      on: { click: () => {
        const input = h('input', {
          type: 'password', autocomplete: 'new-password', minlength: 10,
          'aria-label': t('users.newPasswordFor', { name: user.name }),
        });
        const save = h('button', { type: 'button', on: { click: () => {
          act(user, 'password', { password: input.value },
            t('users.passwordSet', { name: user.name }), 'password');
        } } }, t('users.savePassword'));
        input.addEventListener('keydown', (event) => {
          if (event.key === 'Enter')
            save.click();
        });
        replace(wrapper, input, save);
        input.focus();
      } },
    }, t('users.setPassword'));
    wrapper.append(open);
    return wrapper;
  }

  function stateCell(user) {
    if (user.name === ctx.me.name)
      return t('users.you');
    const disabled = Boolean(user.disabled);
    return h('button', {
      type: 'button', class: disabled ? 'secondary' : 'danger',
      'data-user': user.name, 'data-key': 'state',
      on: { click: async () => {
        if (!disabled && !await confirmDialog({
          title: t('users.disableTitle'), question: t('users.confirmDisable', { name: user.name }),
          confirm: t('users.disable'), cancel: t('editor.keep'), danger: true,
        }))
          return;
        act(user, disabled ? 'enable' : 'disable', {},
          t(disabled ? 'users.enabled' : 'users.disabledNow', { name: user.name }), 'state');
      } },
    }, t(disabled ? 'users.enable' : 'users.disable'));
  }

  async function load() {
    try {
      const data = await api.get('users');
      replace(list, dataTable({
        caption: t('users.caption'),
        empty: t('users.empty'),
        rows: data.users,
        columns: [
          { label: t('users.name'), cell: (u) => u.name },
          { label: t('users.role'), cell: roleCell },
          { label: t('users.created'), cell: (u) => formatTime(u.created) },
          { label: t('users.state'), cell: (u) => (u.disabled
            ? t('users.disabledSince', { when: formatTime(u.disabled) }) : t('users.active')) },
          { label: t('users.access'), cell: stateCell },
          { label: t('users.password'), cell: passwordCell },
        ],
      }));
    } catch (error) {
      replace(list, h('p', { class: 'error-text' }, errorMessage(error)));
    }
  }

  function buildForm() {
    const name = field({ label: t('users.name'), field: 'name', required: true,
                         hint: t('users.nameHint'), attrs: { autocomplete: 'off' } });
    const role = field({ label: t('users.role'), field: 'role', required: true,
                         options: ROLES.map((value) => ({ value, label: t(`role.${value}`) })) });
    const password = field({ label: t('users.password'), field: 'password', type: 'password',
                             required: true, hint: t('users.passwordHint'),
                             attrs: { autocomplete: 'new-password', minlength: 10 } });
    replace(form, h('h2', {}, t('users.add')), errorRegion(),
      h('div', { class: 'grid' }, name.element, role.element, password.element),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('users.addButton'))));
    form.onsubmit = async (event) => {
      event.preventDefault();
      clearErrors(form);
      try {
        await api.post('users', {
          name: name.input.value.trim(), role: role.input.value, password: password.input.value,
        });
        ctx.announce(t('users.added', { name: name.input.value.trim() }));
        name.input.value = '';
        password.input.value = '';
        await load();
      } catch (error) {
        showError(form, error);
      }
    };
  }

  main.append(pageHeading(t('users.title')), h('p', { class: 'lead' }, t('users.intro')), form,
    h('h2', {}, t('users.list')), listError, list);
  buildForm();
  load();
}
