/* test-kiosk-feedback.c — the feedback questions at the end of a visit, by real taps
 *
 * The resident taps through the X server (XTest, kiosk-test-input.h): the questions
 * after a guide and at the end of a visit, one tap each, Skip, at most once per visit,
 * never at the inactivity reset, gone by themselves, and the bar usable at every
 * question. What they leave is anonymous events in the outbox (docs/events.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-test-input.h"
#include "kiosk-test-store.h"
#include "kiosk-window-private.h"
#include "nv-test-util.h"

typedef KioskTouchFixture Fixture;

static const char *const questions[] = { "found", "score", "easy", "clear" };
static const char *const answers[] = { "found:partly", "score:9", "easy:agree", "clear:disagree" };

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_test_store_open_with_fixtures (fixture->dir);
  kiosk_touch_fixture_show (fixture);
  if (data == NULL)
    {
      kiosk_window_set_feedback (fixture->window, TRUE);
      /* Long enough that only a tap puts a question away, unless a test says otherwise. */
      kiosk_survey_set_timeout (kiosk_window_get_survey (fixture->window), 60000);
    }
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  kiosk_touch_fixture_teardown (fixture, data);
}

/* The events of @type waiting in the outbox, as parsed events, in order. */
static GPtrArray *
outbox_events (Fixture *fixture, const char *type)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = kiosk_store_events_peek (fixture->store, 10000, &ids);
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);

  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr (JsonNode) node = json_from_string (g_ptr_array_index (documents, i), NULL);
      g_autoptr (GError) error = NULL;
      NvEvent *event = nv_event_from_json (node, &error);

      g_assert_no_error (error);
      if (g_str_equal (nv_event_type_to_string (event->type), type))
        g_ptr_array_add (found, event);
      else
        nv_event_free (event);
    }
  return found;
}

static guint
count_events (Fixture *fixture, const char *type)
{
  g_autoptr (GPtrArray) events = outbox_events (fixture, type);

  return events->len;
}

static const char *
question (Fixture *fixture)
{
  return kiosk_survey_get_question (kiosk_window_get_survey (fixture->window));
}

static const char *
screen (Fixture *fixture)
{
  return kiosk_window_get_screen (fixture->window);
}

static const char *
session (Fixture *fixture)
{
  return kiosk_visit_get_session_id (kiosk_window_get_visit (fixture->window));
}

/* A visit that used the kiosk: the guides' topics, by a tap on the home tile. */
static void
use_the_kiosk (Fixture *fixture)
{
  nv_test_wait_until (NULL, g_strcmp0 (screen (fixture), "home") == 0, 5000);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  nv_test_wait_until (NULL, g_strcmp0 (screen (fixture), "categories") == 0, 5000);
}

static void
go_home_by_the_bar (Fixture *fixture)
{
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.home", NULL);
  nv_test_wait_until (NULL, g_strcmp0 (screen (fixture), "home") == 0, 5000);
}

/* The next resident: the inactivity reset, as the visit's countdown ends it. */
static void
next_resident (Fixture *fixture)
{
  kiosk_visit_end (kiosk_window_get_visit (fixture->window), "timeout");
  g_assert_null (question (fixture));
}

/* After a guide's last step, Finish: the questions one at a time, one tap each; the
 * answers are events of the visit, and the questions are not asked again in it. */
static void
test_after_guide (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) offered = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) scores = NULL;
  g_autoptr (GPtrArray) statements = NULL;

  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  g_assert_true (gtk_widget_activate_action (fixture->root, "win.open-guide", "s", "omaolo"));
  nv_test_wait_until (NULL, g_strcmp0 (screen (fixture), "guide") == 0, 5000);
  g_assert_null (question (fixture));
  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.next", NULL);
  kiosk_test_input_tap_action (fixture->input, fixture->root, "guide.finish", NULL);
  nv_test_wait_until (NULL, g_strcmp0 (question (fixture), "found") == 0, 5000);
  g_assert_cmpstr (screen (fixture), ==, "home");

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      g_assert_cmpstr (question (fixture), ==, questions[i]);
      kiosk_test_input_tap_action (fixture->input, fixture->root, "survey.answer", answers[i]);
    }
  g_assert_cmpstr (question (fixture), ==, "thanks");
  /* The thanks goes by itself, after a few seconds. */
  nv_test_wait_until (NULL, question (fixture) == NULL, 10000);

  offered = outbox_events (fixture, "survey_offered");
  g_assert_cmpuint (offered->len, ==, 1);
  g_assert_cmpstr (((NvEvent *) offered->pdata[0])->detail, ==, "guide-end");
  g_assert_cmpstr (((NvEvent *) offered->pdata[0])->session, ==, session (fixture));
  found = outbox_events (fixture, "survey_found");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((NvEvent *) found->pdata[0])->detail, ==, "partly");
  scores = outbox_events (fixture, "survey_score");
  g_assert_cmpuint (scores->len, ==, 1);
  g_assert_cmpint (((NvEvent *) scores->pdata[0])->value, ==, 9);
  statements = outbox_events (fixture, "survey_statement");
  g_assert_cmpuint (statements->len, ==, 2);
  g_assert_cmpstr (((NvEvent *) statements->pdata[0])->subject, ==, "easy");
  g_assert_cmpstr (((NvEvent *) statements->pdata[0])->detail, ==, "agree");
  g_assert_cmpstr (((NvEvent *) statements->pdata[1])->subject, ==, "clear");
  g_assert_cmpstr (((NvEvent *) statements->pdata[1])->detail, ==, "disagree");

  /* Once per visit: more use and Home again ask nothing. */
  use_the_kiosk (fixture);
  go_home_by_the_bar (fixture);
  g_assert_null (question (fixture));
  g_assert_cmpuint (count_events (fixture, "survey_offered"), ==, 1);

  /* The next visit is asked again. */
  next_resident (fixture);
  use_the_kiosk (fixture);
  go_home_by_the_bar (fixture);
  g_assert_cmpstr (question (fixture), ==, "found");
  g_assert_cmpuint (count_events (fixture, "survey_offered"), ==, 2);
}

/* Skip passes each question; skipping them all leaves no answer and no thanks. Left
 * alone, the questions go away by themselves. Home without using anything, and the
 * inactivity reset, ask nothing. */
static void
test_skip_and_leave (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) offered = NULL;

  go_home_by_the_bar (fixture);
  g_assert_null (question (fixture));

  use_the_kiosk (fixture);
  go_home_by_the_bar (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      g_assert_cmpstr (question (fixture), ==, questions[i]);
      kiosk_test_input_tap_action (fixture->input, fixture->root, "survey.skip", NULL);
    }
  g_assert_null (question (fixture));
  g_assert_cmpuint (count_events (fixture, "survey_found"), ==, 0);
  g_assert_cmpuint (count_events (fixture, "survey_score"), ==, 0);
  g_assert_cmpuint (count_events (fixture, "survey_statement"), ==, 0);

  /* Walked away: the reset asks nothing. */
  next_resident (fixture);
  use_the_kiosk (fixture);
  next_resident (fixture);
  g_assert_cmpstr (screen (fixture), ==, "home");
  g_assert_null (question (fixture));
  g_assert_cmpuint (count_events (fixture, "survey_offered"), ==, 1);

  /* Left alone at a question: gone by itself, the visit goes on. */
  kiosk_survey_set_timeout (kiosk_window_get_survey (fixture->window), 300);
  use_the_kiosk (fixture);
  go_home_by_the_bar (fixture);
  g_assert_cmpstr (question (fixture), ==, "found");
  nv_test_wait_until (NULL, question (fixture) == NULL, 5000);
  g_assert_nonnull (session (fixture));
  offered = outbox_events (fixture, "survey_offered");
  g_assert_cmpuint (offered->len, ==, 2);
  g_assert_cmpstr (((NvEvent *) offered->pdata[1])->detail, ==, "visit-end");
}

/* At every question the bar works: Help opens at once and the questions go; so do the
 * home screen's tiles. */
static void
test_never_in_the_way (Fixture *fixture, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      next_resident (fixture);
      use_the_kiosk (fixture);
      go_home_by_the_bar (fixture);
      for (guint j = 0; j < i; j++)
        kiosk_test_input_tap_action (fixture->input, fixture->root, "survey.answer", answers[j]);
      g_assert_cmpstr (question (fixture), ==, questions[i]);
      if (i % 2 == 0)
        {
          kiosk_test_input_tap_action (fixture->input, fixture->root, "win.help", NULL);
          nv_test_wait_until (NULL, g_strcmp0 (screen (fixture), "help") == 0, 5000);
        }
      else
        {
          kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-services", NULL);
          nv_test_wait_until (NULL, g_strcmp0 (screen (fixture), "directory") == 0, 5000);
        }
      g_assert_null (question (fixture));
    }
}

/* Start over: home at once with the questions; the answers belong to the visit that
 * ends, and the next tap starts the next visit. */
static void
test_start_over (Fixture *fixture, gconstpointer data)
{
  g_autofree char *first = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) views = NULL;
  NvEvent *last_view;

  use_the_kiosk (fixture);
  first = g_strdup (session (fixture));
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.start-over", NULL);
  nv_test_wait_until (NULL, kiosk_window_get_start_over_question (fixture->window) != NULL, 5000);
  /* What its Yes button does: the answer, then the dialog closes. */
  adw_message_dialog_response (
      ADW_MESSAGE_DIALOG (kiosk_window_get_start_over_question (fixture->window)), "yes");
  gtk_window_close (kiosk_window_get_start_over_question (fixture->window));
  nv_test_wait_until (NULL, kiosk_window_get_start_over_question (fixture->window) == NULL, 5000);
  g_assert_cmpstr (screen (fixture), ==, "home");
  g_assert_cmpstr (question (fixture), ==, "found");
  kiosk_test_input_tap_action (fixture->input, fixture->root, "survey.answer", "found:yes");
  g_assert_cmpstr (session (fixture), ==, first);

  /* A home tile: the questions go, and the next resident's visit begins. */
  kiosk_test_input_tap_action (fixture->input, fixture->root, "win.show-guides", NULL);
  nv_test_wait_until (NULL, g_strcmp0 (screen (fixture), "categories") == 0, 5000);
  g_assert_null (question (fixture));
  g_assert_nonnull (session (fixture));
  g_assert_cmpstr (session (fixture), !=, first);
  found = outbox_events (fixture, "survey_found");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((NvEvent *) found->pdata[0])->session, ==, first);
  views = outbox_events (fixture, "screen_view");
  last_view = views->pdata[views->len - 1];
  g_assert_cmpstr (last_view->subject, ==, "categories");
  g_assert_cmpstr (last_view->session, ==, session (fixture));
  g_assert_cmpuint (count_events (fixture, "session_end"), ==, 1);
}

/* A kiosk whose staff turned the questions off asks none. */
static void
test_off (Fixture *fixture, gconstpointer data)
{
  g_assert_null (kiosk_window_get_survey (fixture->window));
  use_the_kiosk (fixture);
  go_home_by_the_bar (fixture);
  g_assert_cmpuint (count_events (fixture, "survey_offered"), ==, 0);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, data, func)                                                                      \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-feedback/after-guide", NULL, test_after_guide);
  ADD ("/kiosk-feedback/skip-and-leave", NULL, test_skip_and_leave);
  ADD ("/kiosk-feedback/never-in-the-way", NULL, test_never_in_the_way);
  ADD ("/kiosk-feedback/start-over", NULL, test_start_over);
  ADD ("/kiosk-feedback/off", GINT_TO_POINTER (1), test_off);
#undef ADD
  return g_test_run ();
}
