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
#include <libintl.h>

#include "kiosk-language.h"

void
kiosk_language_apply (NvLang lang)
{
  const char *current = setlocale (LC_MESSAGES, NULL);

  if (current == NULL || g_str_equal (current, "C") || g_str_equal (current, "POSIX"))
    setlocale (LC_MESSAGES, "C.UTF-8");
  /* English is the source language: an unknown LANGUAGE entry falls back to it. */
  g_setenv ("LANGUAGE", nv_lang_to_code (lang), TRUE);
  /* Tell gettext its catalogue choice is stale. */
  textdomain (textdomain (NULL));
}
