/* kiosk-speech.h — reading aloud through speech-dispatcher, when there is one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "nv-common.h"

G_BEGIN_DECLS

#define KIOSK_TYPE_SPEECH (kiosk_speech_get_type ())

G_DECLARE_FINAL_TYPE (KioskSpeech, kiosk_speech, KIOSK, SPEECH, GObject)

/* Connects to speech-dispatcher in a worker thread (never blocking the screen); the
 * "available" property turns TRUE when it answers. Without speech-dispatcher it stays
 * FALSE and everything else works as before. */
KioskSpeech *kiosk_speech_new (void);
/* No speech-dispatcher at all: available at once, speaking only emits "say" (tests,
 * screenshots). */
KioskSpeech *kiosk_speech_new_silent (void);

gboolean kiosk_speech_get_available (KioskSpeech *self);
/* Speaks @text in @lang, cutting off whatever was being said. Numbers and codes are
 * spoken as kiosk_speech_text_format() writes them. */
void kiosk_speech_say (KioskSpeech *self, const char *text, NvLang lang);
/* Speaks @text after whatever is being said. */
void kiosk_speech_add (KioskSpeech *self, const char *text, NvLang lang);
void kiosk_speech_stop (KioskSpeech *self);

/* The "volume" property: -100 … 100 as speech-dispatcher takes it (spd_set_volume). */
int  kiosk_speech_get_volume (KioskSpeech *self);
void kiosk_speech_set_volume (KioskSpeech *self, int volume);

G_END_DECLS
