/* kiosk-speech-text.h — text made ready for a voice: numbers and codes spoken right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-common.h"

G_BEGIN_DECLS

/* @text as a synthesiser should read it in @lang, never NULL:
 * - service and phone numbers digit by digit, a pause between groups: "116 117" →
 *   "1 1 6, 1 1 7", "0401234567" → "0 4 0, 1 2 3, 4 5 6 7", "+358 40 …" → "plus 3 5 8, 4 0, …";
 *   a number is one when it starts with 0 or +, has five digits or more, or follows a
 *   word such as "numero" ("Hätänumero 112") — but five digits alone are a postal code;
 * - a position "2/7" as "2 of 7" in @lang ("2 av 7", "2, kaikkiaan 7");
 * - a code of capitals and digits with at least one of each ("K7CM3X") letter by letter.
 * Times, dates and decimals ("9.00", "6.12.2026", "1,5") and plain numbers ("15
 * minutes", "2026") are left as they are. */
char *kiosk_speech_text_format (const char *text, NvLang lang);

/* @code letter by letter, whatever it is made of ("ACDEFG" → "A C D E F G"). */
char *kiosk_speech_text_spell (const char *code);

G_END_DECLS
