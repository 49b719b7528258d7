/* main.c — neuvokas-kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kiosk-application.h"
#include "kiosk-language.h"
#include "kiosk-session.h"

int
main (int argc, char **argv)
{
  g_autoptr (KioskApplication) app = NULL;

  g_autofree char *installed_mo = NULL;

  setlocale (LC_ALL, "");
  /* The kiosk's words are looked up in the catalogues bound here, in the resident's
   * language (kiosk-language.h); the locale stays the machine's, and so do the logs.
   * Run from the build tree (the demo, the tests) the catalogues are not installed. */
  installed_mo = g_build_filename (LOCALEDIR, "fi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  bindtextdomain (GETTEXT_PACKAGE,
                  g_file_test (installed_mo, G_FILE_TEST_EXISTS) ? LOCALEDIR : BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before GTK starts: cairo, without loading OpenGL, on a machine with no GPU. (Without
   * the schema, as for --version from the build tree, the setting is "auto".) */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr (GSettingsSchema) schema
        = source != NULL ? g_settings_schema_source_lookup (source, "fi.neuvokas.Kiosk", TRUE)
                         : NULL;
    g_autoptr (GSettings) settings = schema != NULL ? g_settings_new ("fi.neuvokas.Kiosk") : NULL;
    g_autofree char *renderer
        = settings != NULL ? g_settings_get_string (settings, "renderer") : g_strdup ("auto");
    const char *chosen = kiosk_session_choose_renderer (renderer, "/dev/dri");

    if (chosen != NULL)
      g_debug ("Drawing with the %s renderer (setting “%s”)", chosen, renderer);
  }

  app = kiosk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
