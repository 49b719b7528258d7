/* main.c — neuvokas-kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kiosk-application.h"
#include "kiosk-language.h"

int
main (int argc, char **argv)
{
  g_autoptr (KioskApplication) app = NULL;

  g_autofree char *installed_mo = NULL;

  setlocale (LC_ALL, "");
  /* Run from the build tree (the demo, the tests) the catalogues are not installed. */
  installed_mo = g_build_filename (LOCALEDIR, "fi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  bindtextdomain (GETTEXT_PACKAGE,
                  g_file_test (installed_mo, G_FILE_TEST_EXISTS) ? LOCALEDIR : BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  kiosk_language_init ();

  app = kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
