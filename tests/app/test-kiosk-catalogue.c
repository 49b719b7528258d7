/* test-kiosk-catalogue.c — the kiosk's words in a language without touching the process
 *
 * The catalogues built from po/, read by kiosk-language.c; and damaged ones, which
 * leave the kiosk in English with a warning in the log. No display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libintl.h>
#include <locale.h>

#include "kiosk-i18n.h"
#include "nv-test-log.h"
#include "nv-test-util.h"

/* Each language from its own catalogue, singular, plural and with a context; the
 * environment and the locale stay as they were, and GLib's own words too. */
static void
test_three_languages (void)
{
  g_autofree char *locale_before = g_strdup (setlocale (LC_MESSAGES, NULL));
  g_autofree char *language_before = g_strdup (g_getenv ("LANGUAGE"));

  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  kiosk_language_apply (NV_LANG_FI);
  g_assert_cmpint (kiosk_language_get (), ==, NV_LANG_FI);
  g_assert_cmpstr (_ ("Home"), ==, "Alkuun");
  g_assert_cmpstr (ngettext ("%u place found", "%u places found", 1), ==, "Löytyi %u paikka");
  g_assert_cmpstr (ngettext ("%u place found", "%u places found", 2), ==, "Löytyi %u paikkaa");
  g_assert_cmpstr (ngettext ("%u place found", "%u places found", 0), ==, "Löytyi %u paikkaa");
  g_assert_cmpstr (C_ ("time of day", "%d:%02d"), ==, "%d.%02d");
  /* Not in the catalogue, or the header's empty key: the source text. */
  g_assert_cmpstr (_ ("No such words in any catalogue"), ==, "No such words in any catalogue");
  g_assert_cmpstr (_ (""), ==, "");
  g_assert_cmpstr (C_ ("no such context", "Home"), ==, "Home");

  kiosk_language_apply (NV_LANG_SV);
  g_assert_cmpstr (_ ("Home"), ==, "Början");
  kiosk_language_apply (NV_LANG_EN);
  g_assert_cmpstr (_ ("Home"), ==, "Home");
  g_assert_cmpstr (ngettext ("%u place found", "%u places found", 1), ==, "%u place found");
  g_assert_cmpstr (ngettext ("%u place found", "%u places found", 3), ==, "%u places found");

  /* Back in Finnish, from the catalogue already read. */
  kiosk_language_apply (NV_LANG_FI);
  g_assert_cmpstr (_ ("Home"), ==, "Alkuun");
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, language_before);
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, locale_before);
  g_assert_cmpstr (g_dgettext ("glib20", "Could not connect to %s: "), ==,
                   "Could not connect to %s: ");
  kiosk_language_apply (NV_LANG_EN);
}

/* Writes @size bytes of @data as the Finnish catalogue under @dir. */
static void
write_catalogue (const char *dir, const void *data, gsize size)
{
  g_autofree char *folder = g_build_filename (dir, "fi", "LC_MESSAGES", NULL);
  g_autofree char *path = g_build_filename (folder, GETTEXT_PACKAGE ".mo", NULL);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_file_set_contents (path, data, (gssize) size, &error);
  g_assert_no_error (error);
}

/* A damaged catalogue is never read past its end: the kiosk stays in English and the
 * log says which file, once. */
static void
test_damaged (gconstpointer data)
{
  /* The magic number, one string, and both tables far past the end of the file. */
  static const guint32 bad_offsets[7] = { 0x950412de, 0, 1, 0x7ffffff0, 0x7ffffff8, 0, 0 };
  /* Both tables in the file, but the string's length runs past its end. */
  static const guint32 bad_length[11] = { 0x950412de, 0, 1, 28, 36, 0, 0, 0xfffff, 40, 0, 40 };
  static const char    not_a_catalogue[] = "msgid \"Home\"\nmsgstr \"Alkuun\"\n";
  const char          *which = data;
  g_autofree char     *dir = nv_test_make_tmpdir ();

  if (g_str_equal (which, "offsets"))
    write_catalogue (dir, bad_offsets, sizeof bad_offsets);
  else if (g_str_equal (which, "length"))
    write_catalogue (dir, bad_length, sizeof bad_length);
  else
    write_catalogue (dir, not_a_catalogue, sizeof not_a_catalogue - 1);
  bindtextdomain (GETTEXT_PACKAGE, dir);

  nv_test_log_capture ();
  kiosk_language_apply (NV_LANG_FI);
  g_assert_cmpuint (nv_test_log_count ("The catalogue */fi/LC_MESSAGES/neuvokas.mo is damaged. "
                                       "The kiosk's words stay in English"),
                    ==, 1);
  g_assert_cmpstr (_ ("Home"), ==, "Home");
  g_assert_cmpstr (ngettext ("%u place found", "%u places found", 2), ==, "%u places found");
  /* Said once: the next switch to Finnish does not read it again. */
  kiosk_language_apply (NV_LANG_EN);
  kiosk_language_apply (NV_LANG_FI);
  g_assert_cmpstr (_ ("Home"), ==, "Home");
  g_assert_cmpuint (nv_test_log_count ("*"), ==, 1);

  kiosk_language_apply (NV_LANG_EN);
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  nv_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-catalogue/three-languages", test_three_languages);
  g_test_add_data_func ("/kiosk-catalogue/damaged-offsets", "offsets", test_damaged);
  g_test_add_data_func ("/kiosk-catalogue/damaged-length", "length", test_damaged);
  g_test_add_data_func ("/kiosk-catalogue/not-a-catalogue", "text", test_damaged);
  return g_test_run ();
}
