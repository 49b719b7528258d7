/* kiosk-language.c
 *
 * The kiosk's language is the resident's choice, not the machine's locale. GNU gettext
 * follows $LANGUAGE, but ignores it under the "C" locale, so a kiosk started with no
 * locale at all is moved to C.UTF-8 first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <libintl.h>

#include "kiosk-language.h"

void
kiosk_language_init (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  /* GLib decides once, at the first g_dgettext() of the process, whether to translate
   * at all: not when the locale is C or English and the application's catalogue has
   * nothing for the language then in effect. A kiosk started in English, or under
   * LC_ALL=C.UTF-8 as systemd services and tests are, would then never show Finnish
   * or Swedish after a switch. Let GLib decide while a language with a catalogue is
   * in effect. */
  kiosk_language_apply (NV_LANG_FI);
  (void) g_dgettext (GETTEXT_PACKAGE, "Home");
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  textdomain (textdomain (NULL));
}

void
kiosk_language_apply (NvLang lang)
{
  const char *current = setlocale (LC_MESSAGES, NULL);

  if (current == NULL || g_str_equal (current, "C") || g_str_equal (current, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  /* English is the source language: an unknown LANGUAGE entry falls back to it. Plain
   * Finnish has a catalogue for a few words only (po/fi@selko.po): Finnish for the rest. */
  g_setenv ("LANGUAGE", lang == NV_LANG_FI_PLAIN ? "fi@selko:fi" : nv_lang_to_code (lang), TRUE);
  /* Tell gettext its catalogue choice is stale. */
  textdomain (textdomain (NULL));
}
