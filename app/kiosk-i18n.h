/* kiosk-i18n.h — gettext's macros, answered in the visit's language
 *
 * Include this instead of <glib/gi18n.h>: _(), C_() and ngettext() look the kiosk's
 * words up in the language the resident chose (kiosk-language.h), never in the
 * process's; N_() and NC_() only mark, as before, and xgettext finds them all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>

#include "kiosk-language.h"

#undef _
#define _(msgid) kiosk_language_gettext (msgid)
#undef C_
#define C_(context, msgid) kiosk_language_pgettext (context, msgid)
#undef ngettext
#define ngettext(one, many, n) kiosk_language_ngettext (one, many, n)
