/* test-kiosk-toolkit-language.c — GTK's own words follow the kiosk's language, not the
 * machine's locale
 *
 * Runs with LC_ALL=C.UTF-8, as a kiosk under systemd does: GTK alone would show and
 * speak its words in English. A resident who switched to Swedish opens GTK's menu of
 * the directory's search field (a real secondary click through XTest; a long press on a
 * touch screen opens the same menu) and gets GTK's menu in Swedish, and the
 * role names GTK gives screen readers are Swedish; in English, English again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-test-input.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

/* GTK 4.8's text menu, in English and in its Swedish catalogue (mnemonics removed). */
static const char *const english_menu[]
    = { "Cut", "Copy", "Paste", "Delete", "Select All", "Insert Emoji", "Undo", "Redo", NULL };
static const char *const swedish_menu[]
    = { "Klipp ut", "Kopiera", "Klistra in", "Ta bort", "Markera allt", "Infoga emoji", NULL };

typedef KioskTouchFixture Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  kiosk_touch_fixture_show (fixture);
}

static GtkWidget *
shown_menu (GtkWidget *root)
{
  return kiosk_test_find_type (root, GTK_TYPE_POPOVER_MENU);
}

static gboolean
menu_shown_cb (gpointer root)
{
  GtkWidget *menu = shown_menu (root);

  return menu != NULL && gtk_widget_get_width (menu) > 0;
}

/* Every label the menu shows, in order. */
static void
collect_labels (GtkWidget *widget, GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    g_ptr_array_add (labels, (gpointer) gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* Opens @entry's menu: GTK's menu shows words of @expected only, none of @english, at
 * least three of them; then it is closed. */
static void
assert_menu_in (Fixture *fixture, GtkWidget *entry, const char *const *expected)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  GtkWidget *menu;
  guint      n_expected = 0;

  kiosk_test_input_press_until (fixture->input, entry, 3, menu_shown_cb, fixture->root);
  menu = shown_menu (fixture->root);
  collect_labels (menu, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = g_ptr_array_index (labels, i);

      g_test_message ("GTK's menu shows “%s”", text);
      if (expected != english_menu)
        g_assert_false (g_strv_contains (english_menu, text));
      if (g_strv_contains (expected, text))
        n_expected++;
    }
  g_assert_cmpuint (n_expected, >=, 3);
  gtk_popover_popdown (GTK_POPOVER (menu));
  nv_test_wait_until (NULL, shown_menu (fixture->root) == NULL, 5000);
}

static void
test_text_menu_and_roles (Fixture *fixture, gconstpointer data)
{
  KioskVisit *visit = kiosk_window_get_visit (fixture->window);
  GtkWidget  *entry;

  /* The machine's locale is C: GTK's role names and menu are English unless the kiosk
   * says otherwise. */
  g_assert_cmpstr (g_dpgettext2 ("gtk40", "accessibility", "button"), ==, "button");

  kiosk_visit_set_language (visit, NV_LANG_SV);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  entry = kiosk_test_find_type (fixture->root, GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  assert_menu_in (fixture, entry, swedish_menu);
  /* What a screen reader is told a button is. */
  g_assert_cmpstr (g_dpgettext2 ("gtk40", "accessibility", "button"), ==, "knapp");
  /* GLib's own words (its errors in the log) keep the machine's locale. */
  g_assert_cmpstr (g_dgettext ("glib20", "Connection refused"), ==, "Connection refused");

  /* The next resident, in English. */
  kiosk_visit_end (visit, "timeout");
  kiosk_visit_set_language (visit, NV_LANG_EN);
  g_assert_cmpstr (g_dpgettext2 ("gtk40", "accessibility", "button"), ==, "button");
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
  assert_menu_in (fixture, entry, english_menu);

  /* And in Swedish again: the menu follows, it is not the first one kept. */
  kiosk_visit_set_language (visit, NV_LANG_SV);
  assert_menu_in (fixture, entry, swedish_menu);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk-toolkit-language/text-menu-and-roles", Fixture, NULL, fixture_setup,
              test_text_menu_and_roles, kiosk_touch_fixture_teardown);
  return g_test_run ();
}
