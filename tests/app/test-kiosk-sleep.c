/* test-kiosk-sleep.c — the screen sleeps outside the host library's hours, and a real
 * tap (XTest, under Xvfb) wakes it for a visit
 *
 * The host is the fixtures' test-library, open on Mondays and Tuesdays 10–20; the
 * kiosk's clock is set by the test. The screen-off and -on commands write to a file, as
 * the real ones would power the output off and on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-screenshot.h"
#include "kiosk-sleep.h"
#include "kiosk-test-input.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

/* Without a touch, a woken screen sleeps again after this many seconds. */
#define QUIET_SECONDS 2

typedef struct
{
  KioskTouchFixture touch;
  KioskSleep       *sleep;
  char             *commands_log;
} Fixture;

static GDateTime *
helsinki (int month, int day, int hour, int minute)
{
  return g_date_time_new (nv_helsinki_tz (), 2026, month, day, hour, minute, 0);
}

static void
set_clock (Fixture *fixture, int month, int day, int hour, int minute)
{
  g_autoptr (GDateTime) now = helsinki (month, day, hour, minute);

  kiosk_sleep_set_clock (fixture->sleep, now);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *off = NULL;
  g_autofree char *on = NULL;
  const char      *off_argv[] = { "sh", "-c", NULL, NULL };
  const char      *on_argv[] = { "sh", "-c", NULL, NULL };

  fixture->touch.dir = nv_test_make_tmpdir ();
  fixture->touch.store = kiosk_test_store_open_with_fixtures (fixture->touch.dir);
  fixture->touch.window = kiosk_window_new (NULL, fixture->touch.store, NV_LANG_FI);
  fixture->touch.root = GTK_WIDGET (fixture->touch.window);
  fixture->sleep
      = kiosk_sleep_new (ADW_APPLICATION_WINDOW (fixture->touch.window), fixture->touch.store,
                         kiosk_window_get_visit (fixture->touch.window));
  fixture->commands_log = g_build_filename (fixture->touch.dir, "screen.log", NULL);
  off = g_strdup_printf ("echo off >> '%s'", fixture->commands_log);
  on = g_strdup_printf ("echo on >> '%s'", fixture->commands_log);
  off_argv[2] = off;
  on_argv[2] = on;
  kiosk_sleep_set_commands (fixture->sleep, off_argv, on_argv);
  kiosk_sleep_set_host_organisation (fixture->sleep, "test-library");
  set_clock (fixture, 12, 7, 12, 0); /* a Monday, open */
  kiosk_sleep_set_schedule (fixture->sleep, TRUE, 15, GPOINTER_TO_INT (data), QUIET_SECONDS);
  gtk_window_present (GTK_WINDOW (fixture->touch.window));
  fixture->touch.input = kiosk_test_input_new (GTK_WINDOW (fixture->touch.window));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->sleep);
  g_free (fixture->commands_log);
  kiosk_touch_fixture_teardown (&fixture->touch, data);
}

static GtkWidget *
black_page (Fixture *fixture)
{
  GtkWidget *stack
      = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->touch.window));

  return gtk_stack_get_child_by_name (GTK_STACK (stack), "asleep");
}

static char *
commands_run (Fixture *fixture)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (fixture->commands_log, &text, NULL, NULL))
    return g_strdup ("");
  return g_strdelimit (g_strstrip (g_steal_pointer (&text)), "\n", ' ');
}

static gboolean
commands_were (Fixture *fixture, const char *expected)
{
  g_autofree char *text = commands_run (fixture);

  return g_str_equal (text, expected);
}

static void
wait_commands (Fixture *fixture, const char *expected)
{
  nv_test_wait_until (NULL, commands_were (fixture, expected), 5000);
  {
    g_autofree char *text = commands_run (fixture);

    g_assert_cmpstr (text, ==, expected);
  }
}

/* The black page fills the window's content, and every pixel of it, as drawn now, is
 * black. (The window's own 1 px edge, drawn only when it is not full screen, is not.) */
static void
assert_window_black (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->touch.dir, "asleep.png", NULL);
  GtkWidget       *content
      = adw_application_window_get_content (ADW_APPLICATION_WINDOW (fixture->touch.window));
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  graphene_rect_t    black, whole;
  int                width, height;
  gsize              stride;

  black = kiosk_test_input_laid_out_bounds (black_page (fixture));
  g_assert_true (gtk_widget_compute_bounds (content, fixture->touch.root, &whole));
  g_assert_true (graphene_rect_equal (&black, &whole));
  g_assert_cmpfloat (whole.size.width, >=, gtk_widget_get_width (fixture->touch.root) - 2);
  g_assert_cmpfloat (whole.size.height, >=, gtk_widget_get_height (fixture->touch.root) - 2);
  g_assert_true (kiosk_screenshot_save (black_page (fixture), path, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, ==, (int) black.size.width);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *pixel = pixels + (gsize) y * stride + (gsize) x * 4;

        /* Cairo's ARGB32 in memory: B, G, R, A. */
        if (pixel[0] != 0 || pixel[1] != 0 || pixel[2] != 0)
          g_error ("the sleeping window is not black at %d,%d: %02x%02x%02x", x, y, pixel[2],
                   pixel[1], pixel[0]);
      }
}

static void
assert_awake (Fixture *fixture)
{
  g_assert_false (kiosk_sleep_get_asleep (fixture->sleep));
  g_assert_false (gtk_widget_get_mapped (black_page (fixture)));
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->touch.window->home_page)),
                      5000);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->touch.window->stack)));
}

static void
assert_asleep (Fixture *fixture)
{
  g_assert_true (kiosk_sleep_get_asleep (fixture->sleep));
  /* The screens are unmapped: none of their animations or timers of drawing runs. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->touch.window->stack)));
  g_assert_false (gtk_widget_get_mapped (fixture->touch.window->bar));
  assert_window_black (fixture);
}

/* Closing time plus the margin blanks the screen; a tap wakes it and presses nothing;
 * left alone it sleeps again; a visit it woke for ends and it sleeps at once; the next
 * opening, less the margin, wakes it for good. */
static void
test_sleeps_and_tap_wakes (Fixture *fixture, gconstpointer data)
{
  KioskVisit *visit = kiosk_window_get_visit (fixture->touch.window);

  assert_awake (fixture);
  set_clock (fixture, 12, 7, 20, 10);
  assert_awake (fixture);
  set_clock (fixture, 12, 7, 20, 15);
  assert_asleep (fixture);
  wait_commands (fixture, "off");

  kiosk_test_input_tap (fixture->touch.input, black_page (fixture));
  assert_awake (fixture);
  wait_commands (fixture, "off on");
  /* The waking tap pressed nothing and began no visit. */
  g_assert_cmpstr (kiosk_window_get_screen (fixture->touch.window), ==, "home");
  g_assert_null (kiosk_visit_get_session_id (visit));

  /* Nobody touched it again. */
  nv_test_wait_until (NULL, kiosk_sleep_get_asleep (fixture->sleep), (QUIET_SECONDS + 5) * 1000);
  assert_asleep (fixture);
  wait_commands (fixture, "off on off");

  /* A resident wakes it and starts a visit: it stays awake past the quiet time while the
   * visit goes on, and sleeps once the visit is over. */
  kiosk_test_input_tap (fixture->touch.input, black_page (fixture));
  assert_awake (fixture);
  kiosk_test_input_tap_action (fixture->touch.input, fixture->touch.root, "win.show-guides", NULL);
  g_assert_nonnull (kiosk_visit_get_session_id (visit));
  {
    gint64 quiet_end = g_get_monotonic_time () + (QUIET_SECONDS + 1) * G_TIME_SPAN_SECOND;

    nv_test_wait_until (NULL, g_get_monotonic_time () > quiet_end, (QUIET_SECONDS + 5) * 1000);
  }
  g_assert_false (kiosk_sleep_get_asleep (fixture->sleep));
  kiosk_visit_end (visit, "timeout");
  assert_asleep (fixture);
  wait_commands (fixture, "off on off on off");

  /* Tuesday 9:45, a quarter of an hour before opening. */
  set_clock (fixture, 12, 8, 9, 44);
  g_assert_true (kiosk_sleep_get_asleep (fixture->sleep));
  set_clock (fixture, 12, 8, 9, 45);
  assert_awake (fixture);
  wait_commands (fixture, "off on off on off on");
}

/* A visit going on at closing time is not cut: the screen sleeps when it ends. */
static void
test_visit_not_cut (Fixture *fixture, gconstpointer data)
{
  KioskVisit *visit = kiosk_window_get_visit (fixture->touch.window);

  set_clock (fixture, 12, 7, 20, 0);
  kiosk_test_input_tap_action (fixture->touch.input, fixture->touch.root, "win.show-guides", NULL);
  g_assert_nonnull (kiosk_visit_get_session_id (visit));
  set_clock (fixture, 12, 7, 21, 0);
  assert_awake (fixture);
  g_assert_cmpstr (kiosk_window_get_screen (fixture->touch.window), !=, "home");
  kiosk_visit_end (visit, "timeout");
  assert_asleep (fixture);
  wait_commands (fixture, "off");
}

/* Wake on touch off: a tap on the black screen does nothing until the next opening. */
static void
test_touch_does_not_wake (Fixture *fixture, gconstpointer data)
{
  set_clock (fixture, 12, 9, 12, 0); /* Wednesday: closed all day */
  assert_asleep (fixture);
  kiosk_test_input_tap (fixture->touch.input, black_page (fixture));
  assert_asleep (fixture);
  kiosk_test_input_key (fixture->touch.input, GDK_KEY_Return);
  assert_asleep (fixture);
  wait_commands (fixture, "off");
}

/* Turned off, or without a host whose hours are known: the screen never sleeps, and a
 * sleeping screen wakes when the schedule is turned off. */
static void
test_off_or_no_host (Fixture *fixture, gconstpointer data)
{
  set_clock (fixture, 12, 9, 12, 0);
  assert_asleep (fixture);
  kiosk_sleep_set_schedule (fixture->sleep, FALSE, 15, TRUE, QUIET_SECONDS);
  assert_awake (fixture);
  kiosk_sleep_set_schedule (fixture->sleep, TRUE, 15, TRUE, QUIET_SECONDS);
  assert_asleep (fixture);
  kiosk_sleep_set_host_organisation (fixture->sleep, "test-association"); /* hours unknown */
  assert_awake (fixture);
  kiosk_sleep_set_host_organisation (fixture->sleep, "no-such-place");
  assert_awake (fixture);
  kiosk_sleep_set_host_organisation (fixture->sleep, NULL);
  assert_awake (fixture);
  wait_commands (fixture, "off on off on");
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk-sleep/sleeps-and-tap-wakes", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_sleeps_and_tap_wakes, fixture_teardown);
  g_test_add ("/kiosk-sleep/visit-not-cut", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_visit_not_cut, fixture_teardown);
  g_test_add ("/kiosk-sleep/touch-does-not-wake", Fixture, GINT_TO_POINTER (FALSE), fixture_setup,
              test_touch_does_not_wake, fixture_teardown);
  g_test_add ("/kiosk-sleep/off-or-no-host", Fixture, GINT_TO_POINTER (TRUE), fixture_setup,
              test_off_or_no_host, fixture_teardown);
  return g_test_run ();
}
