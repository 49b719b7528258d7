/* test-kiosk-visit.c — one resident's visit, without a display: its properties, the
 * session, the inactivity countdown and the end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kiosk-language.h"
#include "kiosk-test-store.h"
#include "kiosk-visit.h"
#include "nv-test-util.h"

typedef struct
{
  char       *dir;
  KioskStore *store;
  KioskVisit *visit;
  GPtrArray  *notified; /* property names, in order */
} Fixture;

static void
notify_cb (GObject *object, GParamSpec *pspec, Fixture *fixture)
{
  g_ptr_array_add (fixture->notified, g_strdup (pspec->name));
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->visit = kiosk_visit_new (fixture->store, NV_LANG_SV);
  fixture->notified = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->visit, "notify", G_CALLBACK (notify_cb), fixture);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->visit);
  g_assert_finalize_object (fixture->store);
  g_ptr_array_unref (fixture->notified);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static guint
count_notified (Fixture *fixture, const char *name)
{
  guint n = 0;

  for (guint i = 0; i < fixture->notified->len; i++)
    if (g_str_equal (g_ptr_array_index (fixture->notified, i), name))
      n++;
  return n;
}

/* The events written so far, of @type. */
static guint
count_events (Fixture *fixture, NvEventType type, NvEvent **last)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = kiosk_store_events_peek (fixture->store, 1000, &ids);
  guint n = 0;

  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr (JsonNode) node = json_from_string (g_ptr_array_index (documents, i), NULL);
      g_autoptr (NvEvent) event = nv_event_from_json (node, NULL);

      g_assert_nonnull (event);
      if (event->type != type)
        continue;
      n++;
      if (last != NULL)
        {
          g_clear_pointer (last, nv_event_free);
          *last = g_steal_pointer (&event);
        }
    }
  return n;
}

static void
test_defaults (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpint (kiosk_visit_get_language (fixture->visit), ==, NV_LANG_SV);
  g_assert_cmpint (kiosk_visit_get_default_language (fixture->visit), ==, NV_LANG_SV);
  g_assert_cmpuint (kiosk_visit_get_text_size (fixture->visit), ==, 0);
  g_assert_false (kiosk_visit_get_high_contrast (fixture->visit));
  g_assert_false (kiosk_visit_get_speaking (fixture->visit));
  g_assert_null (kiosk_visit_get_session_id (fixture->visit));
  g_assert_false (kiosk_visit_get_idle_warning (fixture->visit));
  g_assert_cmpint (kiosk_visit_get_duration (fixture->visit), ==, 0);
}

/* Each property notifies once per change, and not at all when set to what it is. */
static void
test_notify_only_on_change (Fixture *fixture, gconstpointer data)
{
  kiosk_visit_set_language (fixture->visit, NV_LANG_EN);
  kiosk_visit_set_language (fixture->visit, NV_LANG_EN);
  kiosk_visit_set_text_size (fixture->visit, 2);
  kiosk_visit_set_text_size (fixture->visit, 2);
  kiosk_visit_set_high_contrast (fixture->visit, TRUE);
  kiosk_visit_set_high_contrast (fixture->visit, TRUE);
  kiosk_visit_set_speaking (fixture->visit, TRUE);
  g_object_set (fixture->visit, "speaking", TRUE, NULL);
  g_assert_cmpuint (count_notified (fixture, "language"), ==, 1);
  g_assert_cmpuint (count_notified (fixture, "text-size"), ==, 1);
  g_assert_cmpuint (count_notified (fixture, "high-contrast"), ==, 1);
  g_assert_cmpuint (count_notified (fixture, "speaking"), ==, 1);
  g_assert_cmpuint (fixture->notified->len, ==, 4);
  /* The language is the kiosk's words' as well: screens re-translate on the
   * notification. */
  g_assert_cmpint (kiosk_language_get (), ==, NV_LANG_EN);
}

/* The first event starts a session; events carry the visit's language and display. */
static void
test_session_and_events (Fixture *fixture, gconstpointer data)
{
  KioskRecorder *recorder = kiosk_visit_get_recorder (fixture->visit);
  g_autoptr (NvEvent) event = NULL;
  g_autofree char *session = NULL;

  kiosk_visit_set_text_size (fixture->visit, 1);
  kiosk_recorder_record (recorder, NV_EVENT_SCREEN_VIEW, "home", 0, NULL);
  session = g_strdup (kiosk_visit_get_session_id (fixture->visit));
  g_assert_nonnull (session);
  g_assert_cmpuint (count_notified (fixture, "session-id"), ==, 1);
  g_assert_false (kiosk_visit_begin (fixture->visit));
  kiosk_recorder_record (recorder, NV_EVENT_SCREEN_VIEW, "categories", 0, NULL);
  g_assert_cmpstr (kiosk_visit_get_session_id (fixture->visit), ==, session);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SESSION_START, NULL), ==, 1);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SCREEN_VIEW, &event), ==, 2);
  g_assert_cmpstr (event->session, ==, session);
  g_assert_cmpint (event->language, ==, NV_LANG_SV);
  g_assert_cmpuint (event->text_size, ==, 1);
}

static void
ended_cb (KioskVisit *visit, const char *reason, char **ended)
{
  /* Still within the session: what the screens record now belongs to it. */
  g_assert_nonnull (kiosk_visit_get_session_id (visit));
  *ended = g_strdup (reason);
}

/* A resident's choices, different from every default, and a session. */
static void
choose_everything (Fixture *fixture)
{
  kiosk_visit_set_language (fixture->visit, NV_LANG_FI);
  kiosk_visit_set_text_size (fixture->visit, 2);
  kiosk_visit_set_high_contrast (fixture->visit, TRUE);
  kiosk_visit_set_speaking (fixture->visit, TRUE);
  kiosk_visit_set_speech_mode (fixture->visit, TRUE);
  kiosk_visit_set_speech_volume (fixture->visit, 40);
  kiosk_visit_set_access_profile (fixture->visit, NV_ACCESS_PROFILE_WHEELCHAIR);
  kiosk_recorder_record (kiosk_visit_get_recorder (fixture->visit), NV_EVENT_SCREEN_VIEW, "home", 0,
                         NULL);
}

/* end(): "ended", then session_end, then every setting back to its default. */
static void
test_end_resets (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvEvent) event = NULL;
  g_autofree char *ended = NULL;

  g_signal_connect (fixture->visit, "ended", G_CALLBACK (ended_cb), &ended);
  choose_everything (fixture);

  kiosk_visit_end (fixture->visit, "start-over");
  g_assert_cmpstr (ended, ==, "start-over");
  g_assert_null (kiosk_visit_get_session_id (fixture->visit));
  g_assert_cmpint (kiosk_visit_get_language (fixture->visit), ==, NV_LANG_SV);
  g_assert_cmpuint (kiosk_visit_get_text_size (fixture->visit), ==, 0);
  g_assert_false (kiosk_visit_get_high_contrast (fixture->visit));
  g_assert_false (kiosk_visit_get_speaking (fixture->visit));
  g_assert_false (kiosk_visit_get_speech_mode (fixture->visit));
  g_assert_cmpint (kiosk_visit_get_speech_volume (fixture->visit), ==, 0);
  g_assert_cmpint (kiosk_visit_get_access_profile (fixture->visit), ==, NV_ACCESS_PROFILE_NONE);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SESSION_END, &event), ==, 1);
  g_assert_cmpstr (event->detail, ==, "start-over");
  /* Recorded in the resident's settings, before they were put back. */
  g_assert_cmpint (event->language, ==, NV_LANG_FI);
  g_assert_true (event->high_contrast);

  /* Ending again, with no session, records nothing more. */
  g_signal_handlers_disconnect_by_func (fixture->visit, ended_cb, &ended);
  kiosk_visit_end (fixture->visit, "start-over");
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SESSION_END, NULL), ==, 1);
}

/* restart(): "ended" and session_end as for end(), but the resident's display and
 * reading aloud stay, and their new session starts at once and is timed. */
static void
test_restart_keeps_display (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvEvent) event = NULL;
  g_autofree char *ended = NULL;
  g_autofree char *session = NULL;

  g_signal_connect (fixture->visit, "ended", G_CALLBACK (ended_cb), &ended);
  choose_everything (fixture);
  session = g_strdup (kiosk_visit_get_session_id (fixture->visit));
  g_assert_nonnull (session);

  kiosk_visit_restart (fixture->visit);
  g_assert_cmpstr (ended, ==, "start-over");
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SESSION_END, &event), ==, 1);
  g_assert_cmpstr (event->detail, ==, "start-over");
  g_assert_nonnull (kiosk_visit_get_session_id (fixture->visit));
  g_assert_cmpstr (kiosk_visit_get_session_id (fixture->visit), !=, session);
  g_assert_cmpuint (kiosk_visit_get_text_size (fixture->visit), ==, 2);
  g_assert_true (kiosk_visit_get_high_contrast (fixture->visit));
  g_assert_true (kiosk_visit_get_speaking (fixture->visit));
  g_assert_true (kiosk_visit_get_speech_mode (fixture->visit));
  g_assert_cmpint (kiosk_visit_get_speech_volume (fixture->visit), ==, 40);
  g_assert_cmpint (kiosk_visit_get_language (fixture->visit), ==, NV_LANG_SV);
  /* What they need of a place is about them, not about how they see the screen. */
  g_assert_cmpint (kiosk_visit_get_access_profile (fixture->visit), ==, NV_ACCESS_PROFILE_NONE);

  /* The new session is timed like any other: quiet, it ends with the defaults. */
  g_signal_handlers_disconnect_by_func (fixture->visit, ended_cb, &ended);
  kiosk_visit_set_idle_timeouts (fixture->visit, 10, 10);
  kiosk_visit_note_activity (fixture->visit);
  nv_test_wait_until (NULL, kiosk_visit_get_session_id (fixture->visit) == NULL, 5000);
  g_assert_cmpuint (kiosk_visit_get_text_size (fixture->visit), ==, 0);
  g_assert_false (kiosk_visit_get_high_contrast (fixture->visit));
  g_assert_false (kiosk_visit_get_speaking (fixture->visit));
  g_assert_false (kiosk_visit_get_speech_mode (fixture->visit));
  g_assert_cmpint (kiosk_visit_get_speech_volume (fixture->visit), ==, 0);
}

/* A quiet visit is warned, counted down, and ended ("timeout"); activity stops it. */
static void
test_idle_countdown (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvEvent) event = NULL;

  kiosk_visit_set_idle_timeouts (fixture->visit, 20, 1500);
  kiosk_recorder_record (kiosk_visit_get_recorder (fixture->visit), NV_EVENT_SCREEN_VIEW, "home", 0,
                         NULL);
  kiosk_visit_note_activity (fixture->visit);
  nv_test_wait_until (NULL, kiosk_visit_get_idle_warning (fixture->visit), 5000);
  g_assert_cmpuint (kiosk_visit_get_countdown (fixture->visit), ==, 2);
  kiosk_visit_note_activity (fixture->visit);
  g_assert_false (kiosk_visit_get_idle_warning (fixture->visit));
  g_assert_nonnull (kiosk_visit_get_session_id (fixture->visit));

  kiosk_visit_set_idle_timeouts (fixture->visit, 10, 10);
  kiosk_visit_note_activity (fixture->visit);
  nv_test_wait_until (NULL, kiosk_visit_get_session_id (fixture->visit) == NULL, 5000);
  g_assert_false (kiosk_visit_get_idle_warning (fixture->visit));
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SESSION_END, &event), ==, 1);
  g_assert_cmpstr (event->detail, ==, "timeout");
}

/* Each event says which content was on screen: the store's revision when it happened. */
static void
test_events_carry_content_revision (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvEvent) before = NULL;
  g_autoptr (NvEvent) after = NULL;
  g_autofree char *content_dir = NULL;

  /* No content yet: not known, and left out of the JSON. */
  kiosk_recorder_record (kiosk_visit_get_recorder (fixture->visit), NV_EVENT_SCREEN_VIEW, "home", 0,
                         NULL);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SCREEN_VIEW, &before), ==, 1);
  g_assert_cmpint (before->content_revision, ==, 0);

  g_clear_object (&fixture->visit);
  g_clear_object (&fixture->store);
  content_dir = g_build_filename (fixture->dir, "with-content", NULL);
  g_assert_cmpint (g_mkdir (content_dir, 0700), ==, 0);
  fixture->store = kiosk_test_store_open_with_fixtures (content_dir);
  fixture->visit = kiosk_visit_new (fixture->store, NV_LANG_FI);
  kiosk_recorder_record (kiosk_visit_get_recorder (fixture->visit), NV_EVENT_GUIDE_VIEW, "omaolo",
                         0, NULL);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_GUIDE_VIEW, &after), ==, 1);
  g_assert_cmpint (after->content_revision, ==, 1);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SESSION_START, &before), ==, 1);
  g_assert_cmpint (before->content_revision, ==, 1);
}

/* A screen may keep the recorder after the visit is gone: it then records nothing. */
static void
test_recorder_outlives_visit (Fixture *fixture, gconstpointer data)
{
  g_autoptr (KioskRecorder) recorder = g_object_ref (kiosk_visit_get_recorder (fixture->visit));

  g_clear_object (&fixture->visit);
  kiosk_recorder_record (recorder, NV_EVENT_SCREEN_VIEW, "home", 0, NULL);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SESSION_START, NULL), ==, 0);
  g_assert_cmpuint (count_events (fixture, NV_EVENT_SCREEN_VIEW, NULL), ==, 0);
  /* The teardown expects a visit of its own. */
  fixture->visit = kiosk_visit_new (fixture->store, NV_LANG_FI);
}

/* The kiosk's settings changed (the server gave new ones): between visits they apply at
 * once; during a visit the resident keeps what they have, and the next visit starts in
 * them. */
static void
test_new_defaults (Fixture *fixture, gconstpointer data)
{
  kiosk_visit_set_defaults (fixture->visit, NV_LANG_EN, 2);
  g_assert_cmpint (kiosk_visit_get_language (fixture->visit), ==, NV_LANG_EN);
  g_assert_cmpuint (kiosk_visit_get_text_size (fixture->visit), ==, 2);

  g_assert_true (kiosk_visit_begin (fixture->visit));
  kiosk_visit_set_text_size (fixture->visit, 0);
  kiosk_visit_set_defaults (fixture->visit, NV_LANG_FI, 1);
  g_assert_cmpint (kiosk_visit_get_language (fixture->visit), ==, NV_LANG_EN);
  g_assert_cmpuint (kiosk_visit_get_text_size (fixture->visit), ==, 0);
  g_assert_cmpint (kiosk_visit_get_default_language (fixture->visit), ==, NV_LANG_FI);

  kiosk_visit_end (fixture->visit, "timeout");
  g_assert_cmpint (kiosk_visit_get_language (fixture->visit), ==, NV_LANG_FI);
  g_assert_cmpuint (kiosk_visit_get_text_size (fixture->visit), ==, 1);
}

/* speech-default "on": speech mode is on between visits and at each visit's start; the
 * resident may turn it off, and the next visit starts with it on again. Changed during
 * a visit, it waits for the next. */
static void
test_speech_default (Fixture *fixture, gconstpointer data)
{
  g_assert_false (kiosk_visit_get_speech_default (fixture->visit));
  g_assert_false (kiosk_visit_get_speech_mode (fixture->visit));

  kiosk_visit_set_speech_default (fixture->visit, TRUE);
  g_assert_true (kiosk_visit_get_speech_mode (fixture->visit));
  g_assert_true (kiosk_visit_begin (fixture->visit));
  kiosk_visit_set_speech_mode (fixture->visit, FALSE);
  kiosk_visit_end (fixture->visit, "timeout");
  g_assert_true (kiosk_visit_get_speech_mode (fixture->visit));

  /* Start over for the same resident keeps what they chose. */
  g_assert_true (kiosk_visit_begin (fixture->visit));
  kiosk_visit_set_speech_mode (fixture->visit, FALSE);
  kiosk_visit_restart (fixture->visit);
  g_assert_false (kiosk_visit_get_speech_mode (fixture->visit));

  /* Turned off during a visit: this one keeps speech mode as it is, the next has none. */
  kiosk_visit_set_speech_mode (fixture->visit, TRUE);
  kiosk_visit_set_speech_default (fixture->visit, FALSE);
  g_assert_true (kiosk_visit_get_speech_mode (fixture->visit));
  kiosk_visit_end (fixture->visit, "start-over");
  g_assert_false (kiosk_visit_get_speech_mode (fixture->visit));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-visit/defaults", test_defaults);
  ADD ("/kiosk-visit/notify-only-on-change", test_notify_only_on_change);
  ADD ("/kiosk-visit/session-and-events", test_session_and_events);
  ADD ("/kiosk-visit/end-resets", test_end_resets);
  ADD ("/kiosk-visit/restart-keeps-display", test_restart_keeps_display);
  ADD ("/kiosk-visit/idle-countdown", test_idle_countdown);
  ADD ("/kiosk-visit/recorder-outlives-visit", test_recorder_outlives_visit);
  ADD ("/kiosk-visit/events-carry-content-revision", test_events_carry_content_revision);
  ADD ("/kiosk-visit/new-defaults", test_new_defaults);
  ADD ("/kiosk-visit/speech-default", test_speech_default);
#undef ADD
  return g_test_run ();
}
