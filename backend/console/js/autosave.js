// autosave.js — an editor's work kept on the server as a draft a moment after the advisor
// stops typing, so a closed tab, a crash or an ended session loses nothing typed. The
// state lives in the page's ctx.state, so it outlives a redraw (a language switch).

import { h } from './dom.js';
import { t } from './i18n.js';
import { errorMessage } from './forms.js';
import { formatClock } from './format.js';

// How long after the last keystroke a draft is saved.
const DELAY_MS = 1500;

// @save () → Promise: sends the draft; @canSave () → whether there is enough to send;
// @alive () → whether the editor is still on the page. Returns {element: the line that
// says what became of the last draft, edited (): call on every change, send (): save the
// draft now (Save draft, before Publish), cancel (): forget a pending save}.
export function autosaver(state, { save, canSave = () => true, alive }) {
  const line = h('p', { class: 'autosave-status' }, state.autosaveText || '');
  const show = (text) => {
    state.autosaveText = text;
    line.textContent = text;
  };

  // Sends the draft now; the work is saved unless typing went on while it was sent.
  async function send() {
    clearTimeout(state.autosaveTimer);
    const edits = state.edits;
    const result = await save();
    if (state.edits === edits)
      state.dirty = false;
    return result;
  }

  async function run() {
    if (!state.dirty || !alive())
      return;
    if (state.saving) {
      schedule();
      return;
    }
    if (!canSave())
      return;
    state.saving = true;
    try {
      await send();
      show(t('editor.autosaved', { time: formatClock(new Date()) }));
    } catch (error) {
      // Half-written text may not be valid yet: say so quietly, and keep asking before
      // the page is left.
      show(t('editor.notAutosaved', { reason: errorMessage(error) }));
    } finally {
      state.saving = false;
    }
  }

  function schedule() {
    clearTimeout(state.autosaveTimer);
    state.autosaveTimer = setTimeout(run, DELAY_MS);
  }

  return {
    element: line,
    edited() {
      state.dirty = true;
      state.edits = (state.edits || 0) + 1;
      schedule();
    },
    send,
    cancel() {
      clearTimeout(state.autosaveTimer);
    },
  };
}
