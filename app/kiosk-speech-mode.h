/* kiosk-speech-mode.h — what the kiosk says, and when, to a resident who cannot see it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "kiosk-speech.h"
#include "kiosk-visit.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SPEECH_MODE (kiosk_speech_mode_get_type ())

G_DECLARE_FINAL_TYPE (KioskSpeechMode, kiosk_speech_mode, KIOSK, SPEECH_MODE, GObject)

/* While @visit's "speech-mode" is on, speaks each screen of @stack as it is shown, the
 * control that has the focus in @window, every message (a widget with the alert role)
 * and the inactivity warning with its countdown. Whether it is on or not, it says once
 * per visit, at the first touch or key, how to turn it on. "headset" (@settings'
 * speech-headset, bound when @settings is not NULL): only then are personal details (widgets with
 * the style class "personal") spoken; else a sentence says they are hidden. */
KioskSpeechMode *
kiosk_speech_mode_new (GtkWindow *window, GtkStack *stack, KioskVisit *visit, GSettings *settings);
/* A screen added to the stack after the speech mode was made: its titles and alerts
 * are heard too. */
void kiosk_speech_mode_watch_screen (KioskSpeechMode *self, GtkWidget *screen);
/* NULL: silent. */
void     kiosk_speech_mode_set_speech (KioskSpeechMode *self, KioskSpeech *speech);
gboolean kiosk_speech_mode_get_headset (KioskSpeechMode *self);
void     kiosk_speech_mode_set_headset (KioskSpeechMode *self, gboolean headset);

/* What a resident sees in @widget, in reading order: every shown label, one sentence
 * each; buttons too when @with_buttons. Personal details are replaced by a sentence
 * saying they are hidden, unless @personal_aloud. Never NULL. */
char *kiosk_speech_screen_text (GtkWidget *widget, gboolean with_buttons, gboolean personal_aloud);

G_END_DECLS
