/* test-kiosk-atspi.c — an accessibility audit of the running kiosk over AT-SPI
 *
 * Runs the real neuvokas-kiosk (its own process, GTK's AT-SPI backend, on a private
 * session bus from dbus-run-session) on the default content, and walks its
 * accessibility tree as a screen reader does. On every screen visited, every control
 * that is showing (anything that can be pressed, typed in or chosen) must have a name
 * and a role other than "unknown", and be at least 64×64 px where it is laid out (the
 * window is 1920×1080 at the default text size): a target for an unsteady finger. The screens are
 * reached by pressing the controls through AT-SPI's own actions, as assistive technology would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

/* libatspi's headers declare some functions without prototypes. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <atspi/atspi.h>
#pragma GCC diagnostic pop

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAction, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiComponent, g_object_unref)

#define MIN_TARGET_PX 64

#include "kiosk-store.h"
#include "nv-test-util.h"

typedef struct
{
  char            *dir;
  GSubprocess     *kiosk;
  AtspiAccessible *app;
  AtspiAccessible *last_found;
} Fixture;

/* GTK 4.8 marks only the window "showing"; "visible" is a widget's own visibility,
 * so every screen in the stack is walked at once: a stricter audit than the screen
 * in front. */
static gboolean
is_showing (AtspiAccessible *accessible)
{
  g_autoptr (AtspiStateSet) states = atspi_accessible_get_state_set (accessible);

  return states != NULL && atspi_state_set_contains (states, ATSPI_STATE_VISIBLE);
}

/* What a resident can act on: it answers to an action, or its role is one of input. */
static gboolean
is_control (AtspiAccessible *accessible, AtspiRole role)
{
  g_autoptr (AtspiAction) action = NULL;

  switch (role)
    {
    case ATSPI_ROLE_PUSH_BUTTON:
    case ATSPI_ROLE_TOGGLE_BUTTON:
    case ATSPI_ROLE_CHECK_BOX:
    case ATSPI_ROLE_RADIO_BUTTON:
    case ATSPI_ROLE_ENTRY:
    case ATSPI_ROLE_PASSWORD_TEXT:
    case ATSPI_ROLE_SPIN_BUTTON:
    case ATSPI_ROLE_SLIDER:
    case ATSPI_ROLE_COMBO_BOX:
    case ATSPI_ROLE_LINK:
    case ATSPI_ROLE_MENU_ITEM:
    case ATSPI_ROLE_LIST_ITEM:
      return TRUE;
    default:
      break;
    }
  /* Text that can be selected or copied answers to actions too, but is no control. */
  if (role == ATSPI_ROLE_LABEL || role == ATSPI_ROLE_HEADING || role == ATSPI_ROLE_STATIC
      || role == ATSPI_ROLE_PARAGRAPH || role == ATSPI_ROLE_TEXT)
    return FALSE;
  /* GTK also lists a container's own actions (a page's directory.*): a control is
   * something that can also take the focus. */
  action = atspi_accessible_get_action_iface (accessible);
  if (action == NULL || atspi_action_get_n_actions (action, NULL) == 0)
    return FALSE;
  {
    g_autoptr (AtspiStateSet) states = atspi_accessible_get_state_set (accessible);

    return states != NULL && atspi_state_set_contains (states, ATSPI_STATE_FOCUSABLE);
  }
}

/* The accessible name, or failing that the text of a labelled-by relation target. */
static char *
name_of (AtspiAccessible *accessible)
{
  g_autofree char *name = atspi_accessible_get_name (accessible, NULL);

  /* With no name of its own, GTK offers the widget's type name (“GtkButton”), which
   * tells a listener nothing. */
  if (name == NULL || name[0] == '\0'
      || g_regex_match_simple ("^(Gtk|Adw|Kiosk)[A-Za-z]+$", name, 0, 0))
    return NULL;
  return g_steal_pointer (&name);
}

/* Where @accessible is laid out in its window, or NULL where it has no component. */
static AtspiRect *
extents_of (AtspiAccessible *accessible)
{
  g_autoptr (AtspiComponent) component = atspi_accessible_get_component_iface (accessible);

  return component != NULL ? atspi_component_get_extents (component, ATSPI_COORD_TYPE_WINDOW, NULL)
                           : NULL;
}

/* Notes a control smaller than a fingertip. One with no size is on a screen that has
 * not been laid out (GTK 4.8 lists every screen of the stack): nothing to touch yet. */
static void
assert_target_size (AtspiAccessible *accessible,
                    const char      *path,
                    const char      *name,
                    GString         *problems)
{
  g_autofree AtspiRect *extents = extents_of (accessible);

  if (extents == NULL || extents->width <= 0 || extents->height <= 0)
    return;
  if (extents->width < MIN_TARGET_PX || extents->height < MIN_TARGET_PX)
    g_string_append_printf (problems, "  %s “%s”: %d×%d px, smaller than %d×%d\n", path, name,
                            extents->width, extents->height, MIN_TARGET_PX, MIN_TARGET_PX);
}

static void
audit (AtspiAccessible *accessible, const char *path, GString *problems, guint *n_controls)
{
  AtspiRole role = atspi_accessible_get_role (accessible, NULL);
  int       n_children;

  if (role != ATSPI_ROLE_APPLICATION && !is_showing (accessible))
    return;
  if (is_control (accessible, role))
    {
      g_autofree char *name = name_of (accessible);
      g_autofree char *role_name = atspi_accessible_get_role_name (accessible, NULL);

      (*n_controls)++;
      if (name == NULL)
        g_string_append_printf (problems, "  %s: a %s without a name\n", path, role_name);
      if (role == ATSPI_ROLE_UNKNOWN || role == ATSPI_ROLE_INVALID || role == ATSPI_ROLE_PANEL
          || role == ATSPI_ROLE_FILLER)
        g_string_append_printf (problems, "  %s “%s”: no role\n", path, name);
      assert_target_size (accessible, path, name, problems);
    }
  n_children = atspi_accessible_get_child_count (accessible, NULL);
  for (int i = 0; i < n_children; i++)
    {
      g_autoptr (AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);
      g_autofree char *child_path = NULL;
      g_autofree char *role_name = NULL;

      if (child == NULL)
        continue;
      role_name = atspi_accessible_get_role_name (child, NULL);
      child_path = g_strdup_printf ("%s/%s[%d]", path, role_name, i);
      audit (child, child_path, problems, n_controls);
    }
}

static void
assert_screen_accessible (Fixture *fixture, const char *screen)
{
  g_autoptr (GString) problems = g_string_new (NULL);
  guint n_controls = 0;

  atspi_accessible_clear_cache (fixture->app);
  audit (fixture->app, "app", problems, &n_controls);
  g_test_message ("%s: %u controls showing", screen, n_controls);
  if (problems->len > 0)
    g_error ("On the %s screen:\n%s", screen, problems->str);
  g_assert_cmpuint (n_controls, >, 3);
}

/* The first showing accessible with @role whose name is @name (NULL: any name). */
static AtspiAccessible *
find (AtspiAccessible *accessible, AtspiRole role, const char *name)
{
  int n_children;

  if (!is_showing (accessible)
      && atspi_accessible_get_role (accessible, NULL) != ATSPI_ROLE_APPLICATION)
    return NULL;
  if (atspi_accessible_get_role (accessible, NULL) == role)
    {
      g_autofree char *own = atspi_accessible_get_name (accessible, NULL);

      if (name == NULL || g_strcmp0 (own, name) == 0)
        return g_object_ref (accessible);
    }
  n_children = atspi_accessible_get_child_count (accessible, NULL);
  for (int i = 0; i < n_children; i++)
    {
      g_autoptr (AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);
      AtspiAccessible *found = child != NULL ? find (child, role, name) : NULL;

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Owned by the fixture's last_found, so a waiting loop can call it again and again. */
static AtspiAccessible *
find_fresh (Fixture *fixture, AtspiRole role, const char *name)
{
  atspi_accessible_clear_cache (fixture->app);
  g_clear_object (&fixture->last_found);
  fixture->last_found = find (fixture->app, role, name);
  return fixture->last_found;
}

static void
find_all (AtspiAccessible *accessible, AtspiRole role, const char *name, GPtrArray *found)
{
  int n_children;

  if (atspi_accessible_get_role (accessible, NULL) != ATSPI_ROLE_APPLICATION
      && !is_showing (accessible))
    return;
  if (atspi_accessible_get_role (accessible, NULL) == role)
    {
      g_autofree char *own = atspi_accessible_get_name (accessible, NULL);

      if (name == NULL || g_strcmp0 (own, name) == 0)
        g_ptr_array_add (found, g_object_ref (accessible));
    }
  n_children = atspi_accessible_get_child_count (accessible, NULL);
  for (int i = 0; i < n_children; i++)
    {
      g_autoptr (AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);

      if (child != NULL)
        find_all (child, role, name, found);
    }
}

/* Presses a control through AT-SPI, as a screen reader user would. A name may be on
 * several controls (English on the home screen and in the closed language menu): the
 * first that does its action is the one on screen. */
static void
press_any (Fixture *fixture, AtspiRole role, const char *name)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean done = FALSE;

  nv_test_wait_until (NULL, find_fresh (fixture, role, name) != NULL, 10000);
  find_all (fixture->app, role, name, found);
  for (guint i = 0; i < found->len && !done; i++)
    {
      g_autoptr (AtspiAction) action
          = atspi_accessible_get_action_iface (g_ptr_array_index (found, i));

      done = action != NULL && atspi_action_do_action (action, 0, NULL);
    }
  if (!done)
    g_error ("No %s “%s” could be pressed", atspi_role_get_name (role), name);
}

/* A control @name that has been laid out: its screen is in front. */
static gboolean
is_laid_out (Fixture *fixture, AtspiRole role, const char *name)
{
  AtspiAccessible      *found = find_fresh (fixture, role, name);
  g_autofree AtspiRect *extents = found != NULL ? extents_of (found) : NULL;

  return extents != NULL && extents->width > 0 && extents->height > 0;
}

static AtspiAccessible *
find_kiosk_application (GPid pid)
{
  g_autoptr (AtspiAccessible) desktop = atspi_get_desktop (0);
  int n = desktop != NULL ? atspi_accessible_get_child_count (desktop, NULL) : 0;

  for (int i = 0; i < n; i++)
    {
      g_autoptr (AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (g_getenv ("ATSPI_DEBUG"))
        g_printerr ("app %d: %s pid %u children %d\n", i, atspi_accessible_get_name (app, NULL),
                    atspi_accessible_get_process_id (app, NULL),
                    atspi_accessible_get_child_count (app, NULL));
      if (app != NULL && atspi_accessible_get_process_id (app, NULL) == (guint) pid
          && atspi_accessible_get_child_count (app, NULL) > 0)
        return g_steal_pointer (&app);
    }
  return NULL;
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (KioskStore) store = NULL;
  g_autoptr (NvContent) content = NULL;
  g_autoptr (GError) error = NULL;
  GPid pid;

  /* The default content, as a kiosk has it after its first sync. */
  fixture->dir = nv_test_make_tmpdir ();
  store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  content = nv_content_load_dir (g_getenv ("NEUVOKAS_CONTENT_DIR"), &error);
  g_assert_no_error (error);
  content->revision = 1;
  g_assert_true (kiosk_store_apply_content (store, content, &error));
  g_clear_object (&store);

  /* GTK's real AT-SPI backend, not the test one the other kiosk tests use. */
  g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");
  g_subprocess_launcher_unsetenv (launcher, "NO_AT_BRIDGE");
  g_subprocess_launcher_set_child_setup (launcher, nv_test_die_with_parent_, NULL, NULL);
  fixture->kiosk = g_subprocess_launcher_spawn (launcher, &error, NEUVOKAS_KIOSK_EXE, "--windowed",
                                                "--data-dir", fixture->dir, NULL);
  g_assert_no_error (error);
  pid = (GPid) atoi (g_subprocess_get_identifier (fixture->kiosk));
  nv_test_wait_until (NULL, (fixture->app = find_kiosk_application (pid)) != NULL, 30000);
  atspi_accessible_set_cache_mask (fixture->app, ATSPI_CACHE_NONE);
}

static void
dump (AtspiAccessible *accessible, int depth)
{
  g_autofree char *name = atspi_accessible_get_name (accessible, NULL);
  g_autofree char *role = atspi_accessible_get_role_name (accessible, NULL);
  int              n = atspi_accessible_get_child_count (accessible, NULL);

  g_autoptr (AtspiStateSet) states = atspi_accessible_get_state_set (accessible);
  g_autoptr (GArray) list = atspi_state_set_get_states (states);
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (s, "%d,", g_array_index (list, AtspiStateType, i));
  g_printerr ("%*s%s “%s” states=%s\n", depth * 2, "", role, name, s->str);
  for (int i = 0; i < n && depth < 40; i++)
    {
      g_autoptr (AtspiAccessible) child = atspi_accessible_get_child_at_index (accessible, i, NULL);

      if (child != NULL)
        dump (child, depth + 1);
    }
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->last_found);
  g_clear_object (&fixture->app);
  g_subprocess_force_exit (fixture->kiosk);
  g_subprocess_wait (fixture->kiosk, NULL, NULL);
  g_clear_object (&fixture->kiosk);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
test_every_screen (Fixture *fixture, gconstpointer data)
{
  if (g_getenv ("ATSPI_DEBUG"))
    dump (fixture->app, 0);
  /* Every screen is in the tree from the start; the lists fill as they are used. */
  nv_test_wait_until (NULL, find_fresh (fixture, ATSPI_ROLE_PUSH_BUTTON, "English") != NULL, 10000);
  assert_screen_accessible (fixture, "start");
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "English");
  nv_test_wait_until (NULL, find_fresh (fixture, ATSPI_ROLE_PUSH_BUTTON, "Guides") != NULL, 10000);

  /* The guides' categories (GTK 4.8 offers no AT-SPI action on list rows, which a
   * screen reader user opens with Enter; their names are audited all the same). */
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "Guides");
  nv_test_wait_until (
      NULL, find_fresh (fixture, ATSPI_ROLE_LIST_ITEM, "Health and social services") != NULL,
      10000);
  assert_screen_accessible (fixture, "categories");

  /* The directory, filled when it is first shown. */
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "Home");
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "Services and organisations");
  nv_test_wait_until (NULL, find_fresh (fixture, ATSPI_ROLE_LIST_ITEM, NULL) != NULL, 10000);
  assert_screen_accessible (fixture, "directory");

  /* The first question of an appointment request, and Help. */
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "Home");
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "Ask for an appointment");
  nv_test_wait_until (
      NULL, is_laid_out (fixture, ATSPI_ROLE_PUSH_BUTTON, "Using a phone, tablet or computer"),
      10000);
  assert_screen_accessible (fixture, "appointment");
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "Help");
  nv_test_wait_until (NULL, is_laid_out (fixture, ATSPI_ROLE_PUSH_BUTTON, "Call staff now"), 10000);
  assert_screen_accessible (fixture, "help");

  /* The language menu, opened. */
  press_any (fixture, ATSPI_ROLE_PUSH_BUTTON, "Kieli · Språk · Language");
  assert_screen_accessible (fixture, "language menu");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* libatspi warns that GTK 4 has no AT-SPI cache object, then reads the tree
   * without it: expected, not a failure of the kiosk. Criticals stay fatal; the
   * audit's own findings fail the test explicitly. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  atspi_init ();

  g_test_add ("/kiosk-atspi/every-screen", Fixture, NULL, fixture_setup, test_every_screen,
              fixture_teardown);
  return g_test_run ();
}
