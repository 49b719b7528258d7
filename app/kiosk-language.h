/* kiosk-language.h — which language the kiosk's own words are in
 *
 * The kiosk's catalogues are read here, one per language, and looked up in the
 * language the visit is in. The process's locale and environment stay as the machine
 * set them: GLib's and the kiosk's log messages keep the machine's language (English
 * under systemd's C.UTF-8) while residents read Finnish or Swedish, GTK's own words
 * included (kiosk-toolkit-gettext.c).
 * Code shows these words through the macros of kiosk-i18n.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

/* From now on the kiosk's words are in @lang (English is the source and has no
 * catalogue). The catalogues are those of GETTEXT_PACKAGE in the folder bound with
 * bindtextdomain(), each read at the first switch to its language. Widgets built
 * before keep their words: re-translate them after a switch. */
void   kiosk_language_apply (NvLang lang);
NvLang kiosk_language_get (void);

/* @msgid in the current language, or @msgid itself when it has no translation. The
 * answer lives as long as the process. */
const char *kiosk_language_gettext (const char *msgid) G_GNUC_FORMAT (1);
/* @msgid in @context (msgctxt), as C_() and a template's context="…" mark it. */
const char *kiosk_language_pgettext (const char *context, const char *msgid) G_GNUC_FORMAT (2);
/* The form of @one / @many for @n in the current language. */
const char *kiosk_language_ngettext (const char *one, const char *many, gulong n) G_GNUC_FORMAT (1)
    G_GNUC_FORMAT (2);

/* GTK's and libadwaita's own words ("gtk40", "libadwaita": a context menu, a role name
 * spoken by a screen reader) in the kiosk's language, from their catalogues read as the
 * kiosk's own are: the form of @one, or of @many (may be NULL) for @n, translated or
 * not. NULL for any other domain, which the process's locale keeps. */
const char *
kiosk_language_toolkit_gettext (const char *domain, const char *one, const char *many, gulong n);

G_END_DECLS
