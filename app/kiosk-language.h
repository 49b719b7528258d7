/* kiosk-language.h — which language the kiosk's own words are in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

/* Makes gettext answer in @lang from now on, whatever the system locale is.
 * Widgets built before keep their words: rebuild them after a switch. */
void kiosk_language_apply (NvLang lang);
/* Once, first thing after textdomain(): see kiosk-language.c. */
void kiosk_language_init (void);

G_END_DECLS
