/* test-event.c — usage events: types, validation, JSON, query sanitising
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-error.h"
#include "nv-event.h"
#include "nv-json.h"

#define SESSION "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"
#define EVENT_ID "6f0a8f5e-3c1d-4b2a-9e4f-0123456789ab"

static void
assert_field_error (const GError *error, const char *field)
{
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpstr (nv_error_get_field (error), ==, field);
  g_assert_true (error->message != NULL && error->message[0] != '\0');
}

/* A valid event of @type with a fixed id and time, ready to be changed. */
static NvEvent *
make_event (NvEventType type, const char *subject, gint64 value, const char *detail)
{
  NvEvent *event = nv_event_new (type, SESSION);

  g_free (event->id);
  event->id = g_strdup (EVENT_ID);
  g_date_time_unref (event->time);
  event->time = g_date_time_new_utc (2026, 11, 20, 8, 15, 0.123);
  event->subject = g_strdup (subject);
  event->value = value;
  event->detail = g_strdup (detail);
  return event;
}

static void
assert_events_equal (const NvEvent *a, const NvEvent *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->session, ==, b->session);
  g_assert_true (g_date_time_equal (a->time, b->time));
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpstr (a->subject, ==, b->subject);
  g_assert_cmpint (a->language, ==, b->language);
  g_assert_cmpint (a->text_size, ==, b->text_size);
  g_assert_cmpint (a->high_contrast, ==, b->high_contrast);
  g_assert_cmpint (a->value, ==, b->value);
  g_assert_cmpstr (a->detail, ==, b->detail);
  g_assert_cmpint (a->content_revision, ==, b->content_revision);
}

static NvEvent *
round_trip (const NvEvent *event)
{
  g_autoptr (JsonNode) node = nv_event_to_json (event);
  g_autofree char *text = nv_json_to_string (node, FALSE);
  g_autoptr (JsonNode) parsed = NULL;
  g_autoptr (GError) error = NULL;
  NvEvent *copy;

  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  copy = nv_event_from_json (parsed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

static NvEvent *
event_from_string (const char *json, GError **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) parse_error = NULL;

  node = json_from_string (json, &parse_error);
  g_assert_no_error (parse_error);
  return nv_event_from_json (node, error);
}

/* Types */

static const char *const type_names[NV_N_EVENT_TYPES] = {
  "session_start",
  "session_end",
  "screen_view",
  "guide_view",
  "step_view",
  "guide_complete",
  "feedback",
  "search",
  "organisation_view",
  "qr_shown",
  "read_aloud",
  "setting_changed",
  "appointment_started",
  "appointment_step",
  "appointment_abandoned",
  "appointment_submitted",
  "info_reported",
  "survey_offered",
  "survey_found",
  "survey_score",
  "survey_statement",
};

static void
test_type_strings (void)
{
  NvEventType type;

  for (guint i = 0; i < NV_N_EVENT_TYPES; i++)
    {
      g_assert_cmpstr (nv_event_type_to_string (i), ==, type_names[i]);
      g_assert_true (nv_event_type_from_string (type_names[i], &type));
      g_assert_cmpint (type, ==, i);
    }
  g_assert_false (nv_event_type_from_string ("guide-view", &type));
  g_assert_false (nv_event_type_from_string ("GUIDE_VIEW", &type));
  g_assert_false (nv_event_type_from_string ("", &type));
  g_assert_false (nv_event_type_from_string (NULL, &type));
}

static void
test_new (void)
{
  g_autoptr (NvEvent) event = nv_event_new (NV_EVENT_SESSION_START, SESSION);
  g_autoptr (NvEvent) other = nv_event_new (NV_EVENT_SESSION_START, SESSION);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;

  g_assert_true (g_uuid_string_is_valid (event->id));
  g_assert_cmpstr (event->id, !=, other->id);
  g_assert_cmpstr (event->session, ==, SESSION);
  g_assert_cmpint (g_date_time_get_utc_offset (event->time), ==, 0);
  g_assert_cmpint (ABS (g_date_time_difference (now, event->time)), <, 10 * G_TIME_SPAN_SECOND);
  /* The wire keeps milliseconds. */
  g_assert_cmpint (g_date_time_get_microsecond (event->time) % 1000, ==, 0);
  g_assert_cmpint (event->language, ==, NV_LANG_FI);
  g_assert_null (event->subject);
  g_assert_null (event->detail);
  g_assert_cmpint (event->value, ==, 0);
  g_assert_true (nv_event_validate (event, &error));
  g_assert_no_error (error);
}

/* Round trips */

typedef struct
{
  NvEventType type;
  const char *subject;
  gint64      value;
  const char *detail;
} ValidEvent;

static const ValidEvent valid_events[] = {
  { NV_EVENT_SESSION_START, NULL, 0, NULL },
  { NV_EVENT_SESSION_END, NULL, 312, "timeout" },
  { NV_EVENT_SESSION_END, NULL, 0, "start-over" },
  { NV_EVENT_SCREEN_VIEW, "home", 0, NULL },
  { NV_EVENT_SCREEN_VIEW, "guide-list", 0, NULL },
  { NV_EVENT_SCREEN_VIEW, "appointment", 0, NULL },
  { NV_EVENT_GUIDE_VIEW, "omaolo", 0, NULL },
  { NV_EVENT_STEP_VIEW, "omaolo", 3, NULL },
  { NV_EVENT_GUIDE_COMPLETE, "116117-or-112", 7, NULL },
  { NV_EVENT_FEEDBACK, "omaolo", 0, "good" },
  { NV_EVENT_FEEDBACK, "omaolo", 0, "neutral" },
  { NV_EVENT_FEEDBACK, "omaolo", 0, "bad" },
  { NV_EVENT_SEARCH, NULL, 4, "ajanvaraus omaolo" },
  { NV_EVENT_SEARCH, NULL, 0, "" },
  { NV_EVENT_SEARCH, NULL, 0, NULL },
  { NV_EVENT_SEARCH, NULL, 10000000, "äö" },
  { NV_EVENT_ORGANISATION_VIEW, "oulu-main-library", 0, NULL },
  { NV_EVENT_QR_SHOWN, "guide:omaolo", 0, NULL },
  { NV_EVENT_QR_SHOWN, "organisation:oulu-main-library", 0, NULL },
  { NV_EVENT_READ_ALOUD, "guide:omaolo", 2, NULL },
  { NV_EVENT_READ_ALOUD, "organisation:kela-oulu", 0, NULL },
  { NV_EVENT_SETTING_CHANGED, "language", 0, "sv" },
  { NV_EVENT_SETTING_CHANGED, "text-size", 0, "2" },
  { NV_EVENT_SETTING_CHANGED, "text-size", 0, "0" },
  { NV_EVENT_SETTING_CHANGED, "contrast", 0, "high" },
  { NV_EVENT_SETTING_CHANGED, "contrast", 0, "normal" },
  { NV_EVENT_APPOINTMENT_STARTED, NULL, 0, NULL },
  { NV_EVENT_APPOINTMENT_STARTED, "omaolo", 4, NULL },
  { NV_EVENT_APPOINTMENT_STEP, NULL, 1, "reason" },
  { NV_EVENT_APPOINTMENT_STEP, NULL, 6, "receipt" },
  { NV_EVENT_APPOINTMENT_ABANDONED, NULL, 3, "time" },
  { NV_EVENT_APPOINTMENT_SUBMITTED, NULL, 0, "slot" },
  { NV_EVENT_APPOINTMENT_SUBMITTED, NULL, 0, "preferred-time" },
  { NV_EVENT_INFO_REPORTED, "oulu-main-library", 0, "hours" },
  { NV_EVENT_INFO_REPORTED, "oulu-main-library", 0, "phone" },
  { NV_EVENT_INFO_REPORTED, "oulu-main-library", 0, "address" },
  { NV_EVENT_INFO_REPORTED, "oulu-main-library", 0, "closed" },
  { NV_EVENT_INFO_REPORTED, "oulu-main-library", 0, "other" },
  { NV_EVENT_SURVEY_OFFERED, NULL, 0, "visit-end" },
  { NV_EVENT_SURVEY_OFFERED, NULL, 0, "guide-end" },
  { NV_EVENT_SURVEY_FOUND, NULL, 0, "yes" },
  { NV_EVENT_SURVEY_FOUND, NULL, 0, "partly" },
  { NV_EVENT_SURVEY_FOUND, NULL, 0, "no" },
  { NV_EVENT_SURVEY_SCORE, NULL, 0, NULL },
  { NV_EVENT_SURVEY_SCORE, NULL, 10, NULL },
  { NV_EVENT_SURVEY_STATEMENT, "easy", 0, "agree" },
  { NV_EVENT_SURVEY_STATEMENT, "clear", 0, "disagree" },
  { NV_EVENT_SURVEY_STATEMENT, "clear", 0, "neutral" },
};

/* UUID version 7: the time in the first 48 bits, ids unique and in time order. */
static void
test_make_id (void)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint64          before = (guint64) (g_get_real_time () / 1000);
  g_autofree char *previous = NULL;
  guint64          after;

  for (int i = 0; i < 10000; i++)
    {
      char            *id = nv_event_make_id ();
      g_autofree char *hex = g_strndup (id, 8);
      g_autofree char *hex_low = g_strndup (id + 9, 4);
      guint64 ms = (g_ascii_strtoull (hex, NULL, 16) << 16) | g_ascii_strtoull (hex_low, NULL, 16);

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_true (strchr ("89ab", id[19]) != NULL);
      g_assert_cmpuint (ms, >=, before);
      g_assert_cmpuint (ms, <=, (guint64) (g_get_real_time () / 1000));
      /* Later ids never sort before earlier ones by their time part. */
      if (previous != NULL)
        g_assert_cmpint (strncmp (previous, id, 13), <=, 0);
      g_free (previous);
      previous = g_strdup (id);
      g_assert_true (g_hash_table_add (seen, id));
    }
  after = (guint64) (g_get_real_time () / 1000);
  g_assert_cmpuint (after, >=, before);
}

static void
test_round_trip_every_type (void)
{
  gboolean seen[NV_N_EVENT_TYPES] = {
    FALSE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid_events); i++)
    {
      const ValidEvent *v = &valid_events[i];
      g_autoptr (NvEvent) event = make_event (v->type, v->subject, v->value, v->detail);
      g_autoptr (NvEvent) copy = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s %s %s", type_names[v->type], v->subject, v->detail);
      event->language = (NvLang) (i % NV_N_LANGS);
      event->text_size = i % 3;
      event->high_contrast = i % 2;
      event->content_revision = i % 4 == 0 ? 0 : 1000 + i;
      g_assert_true (nv_event_validate (event, &error));
      g_assert_no_error (error);
      copy = round_trip (event);
      assert_events_equal (event, copy);
      seen[v->type] = TRUE;
    }
  for (guint i = 0; i < NV_N_EVENT_TYPES; i++)
    g_assert_true (seen[i]);
}

static void
test_json_form (void)
{
  g_autoptr (NvEvent) event = make_event (NV_EVENT_GUIDE_VIEW, "omaolo", 0, NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;

  node = nv_event_to_json (event);
  text = nv_json_to_string (node, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"" EVENT_ID "\",\"session\":\"" SESSION "\","
                   "\"time\":\"2026-11-20T08:15:00.123Z\",\"type\":\"guide_view\","
                   "\"subject\":\"omaolo\",\"language\":\"fi\",\"text_size\":0,"
                   "\"high_contrast\":false,\"value\":0,\"detail\":null}");
}

/* The content revision on screen travels when it is known; an event without one (an
 * older kiosk's) stays valid and reads as 0. */
static void
test_json_content_revision (void)
{
  g_autoptr (NvEvent) event = make_event (NV_EVENT_STEP_VIEW, "omaolo", 4, NULL);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (NvEvent) old = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  event->content_revision = 42;
  node = nv_event_to_json (event);
  text = nv_json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, ",\"detail\":null,\"content_revision\":42}"));

  old = event_from_string ("{\"id\": \"" EVENT_ID "\", \"session\": \"" SESSION "\", "
                           "\"time\": \"2026-11-20T08:15:00.123Z\", \"type\": \"step_view\", "
                           "\"subject\": \"omaolo\", \"language\": \"fi\", \"value\": 4}",
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (old->content_revision, ==, 0);

  event->content_revision = -1;
  g_assert_false (nv_event_validate (event, &error));
  assert_field_error (error, "content_revision");
}

static void
test_json_time_offset (void)
{
  g_autoptr (NvEvent) event = NULL;
  g_autoptr (GDateTime) expected = g_date_time_new_utc (2026, 11, 20, 8, 15, 0.5);
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  /* Helsinki winter time; written back in UTC. */
  event = event_from_string ("{\"id\":\"" EVENT_ID "\",\"session\":\"" SESSION "\","
                             "\"time\":\"2026-11-20T10:15:00.5+02:00\","
                             "\"type\":\"session_start\",\"language\":\"en\"}",
                             &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (event->time, expected));
  /* Left out members take their defaults. */
  g_assert_null (event->subject);
  g_assert_null (event->detail);
  g_assert_cmpint (event->value, ==, 0);
  g_assert_cmpint (event->text_size, ==, 0);
  g_assert_false (event->high_contrast);
  g_assert_cmpint (event->language, ==, NV_LANG_EN);

  node = nv_event_to_json (event);
  text = nv_json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"time\":\"2026-11-20T08:15:00.500Z\""));
}

/* Validation */

typedef struct
{
  const char *name;
  NvEventType type;
  const char *subject;
  gint64      value;
  const char *detail;
  const char *field;
} InvalidEvent;

static const InvalidEvent invalid_events[] = {
  { "start with subject", NV_EVENT_SESSION_START, "home", 0, NULL, "subject" },
  { "start with value", NV_EVENT_SESSION_START, NULL, 5, NULL, "value" },
  { "start with detail", NV_EVENT_SESSION_START, NULL, 0, "timeout", "detail" },
  { "end without detail", NV_EVENT_SESSION_END, NULL, 10, NULL, "detail" },
  { "end other detail", NV_EVENT_SESSION_END, NULL, 10, "closed", "detail" },
  { "end with subject", NV_EVENT_SESSION_END, "home", 10, "timeout", "subject" },
  { "screen unknown", NV_EVENT_SCREEN_VIEW, "settings", 0, NULL, "subject" },
  { "screen missing", NV_EVENT_SCREEN_VIEW, NULL, 0, NULL, "subject" },
  { "screen with value", NV_EVENT_SCREEN_VIEW, "home", 1, NULL, "value" },
  { "guide missing", NV_EVENT_GUIDE_VIEW, NULL, 0, NULL, "subject" },
  { "guide upper case", NV_EVENT_GUIDE_VIEW, "Omaolo", 0, NULL, "subject" },
  { "guide qualified", NV_EVENT_GUIDE_VIEW, "guide:omaolo", 0, NULL, "subject" },
  { "guide with space", NV_EVENT_GUIDE_VIEW, "oma olo", 0, NULL, "subject" },
  { "guide too long", NV_EVENT_GUIDE_VIEW,
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0, NULL, "subject" },
  { "guide with detail", NV_EVENT_GUIDE_VIEW, "omaolo", 0, "good", "detail" },
  { "step zero", NV_EVENT_STEP_VIEW, "omaolo", 0, NULL, "value" },
  { "step without guide", NV_EVENT_STEP_VIEW, NULL, 1, NULL, "subject" },
  { "complete zero steps", NV_EVENT_GUIDE_COMPLETE, "omaolo", 0, NULL, "value" },
  { "feedback other", NV_EVENT_FEEDBACK, "omaolo", 0, "great", "detail" },
  { "feedback missing", NV_EVENT_FEEDBACK, "omaolo", 0, NULL, "detail" },
  { "feedback without guide", NV_EVENT_FEEDBACK, NULL, 0, "good", "subject" },
  { "search phone number", NV_EVENT_SEARCH, NULL, 0, "call 0401234567", "detail" },
  { "search one digit", NV_EVENT_SEARCH, NULL, 0, "omaolo 1", "detail" },
  { "search fullwidth digit", NV_EVENT_SEARCH, NULL, 0, "omaolo １", "detail" },
  { "search superscript", NV_EVENT_SEARCH, NULL, 0, "x²", "detail" },
  { "search too long", NV_EVENT_SEARCH, NULL, 0,
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "detail" },
  { "search control character", NV_EVENT_SEARCH, NULL, 0, "oma\001olo", "detail" },
  { "search with subject", NV_EVENT_SEARCH, "omaolo", 0, "omaolo", "subject" },
  { "organisation missing", NV_EVENT_ORGANISATION_VIEW, NULL, 0, NULL, "subject" },
  { "qr bare id", NV_EVENT_QR_SHOWN, "omaolo", 0, NULL, "subject" },
  { "qr empty id", NV_EVENT_QR_SHOWN, "guide:", 0, NULL, "subject" },
  { "qr other kind", NV_EVENT_QR_SHOWN, "page:omaolo", 0, NULL, "subject" },
  { "qr bad id", NV_EVENT_QR_SHOWN, "organisation:Kela Oulu", 0, NULL, "subject" },
  { "qr missing", NV_EVENT_QR_SHOWN, NULL, 0, NULL, "subject" },
  { "read aloud organisation step", NV_EVENT_READ_ALOUD, "organisation:kela", 2, NULL, "value" },
  { "read aloud missing", NV_EVENT_READ_ALOUD, NULL, 0, NULL, "subject" },
  { "setting unknown", NV_EVENT_SETTING_CHANGED, "volume", 0, "high", "subject" },
  { "setting missing", NV_EVENT_SETTING_CHANGED, NULL, 0, "fi", "subject" },
  { "language other", NV_EVENT_SETTING_CHANGED, "language", 0, "de", "detail" },
  { "language as contrast", NV_EVENT_SETTING_CHANGED, "language", 0, "high", "detail" },
  { "text size 3", NV_EVENT_SETTING_CHANGED, "text-size", 0, "3", "detail" },
  { "text size missing", NV_EVENT_SETTING_CHANGED, "text-size", 0, NULL, "detail" },
  { "contrast other", NV_EVENT_SETTING_CHANGED, "contrast", 0, "dark", "detail" },
  { "contrast as language", NV_EVENT_SETTING_CHANGED, "contrast", 0, "fi", "detail" },
  { "started step without guide", NV_EVENT_APPOINTMENT_STARTED, NULL, 2, NULL, "value" },
  { "started bad guide", NV_EVENT_APPOINTMENT_STARTED, "Omaolo", 2, NULL, "subject" },
  { "step other name", NV_EVENT_APPOINTMENT_STEP, NULL, 2, "payment", "detail" },
  { "step number zero", NV_EVENT_APPOINTMENT_STEP, NULL, 0, "reason", "value" },
  { "abandoned missing", NV_EVENT_APPOINTMENT_ABANDONED, NULL, 3, NULL, "detail" },
  { "abandoned number zero", NV_EVENT_APPOINTMENT_ABANDONED, NULL, 0, "time", "value" },
  { "submitted other", NV_EVENT_APPOINTMENT_SUBMITTED, NULL, 0, "walk-in", "detail" },
  { "submitted value", NV_EVENT_APPOINTMENT_SUBMITTED, NULL, 1, "slot", "value" },
  /* A report is a choice from the list, never words a resident typed. */
  { "report free text", NV_EVENT_INFO_REPORTED, "oulu-main-library", 0, "call me", "detail" },
  { "report no reason", NV_EVENT_INFO_REPORTED, "oulu-main-library", 0, NULL, "detail" },
  { "report no place", NV_EVENT_INFO_REPORTED, NULL, 0, "hours", "subject" },
  { "report value", NV_EVENT_INFO_REPORTED, "oulu-main-library", 3, "hours", "value" },
  /* Feedback answers are choices from fixed lists, never a resident's words. */
  { "offered elsewhere", NV_EVENT_SURVEY_OFFERED, NULL, 0, "home", "detail" },
  { "offered subject", NV_EVENT_SURVEY_OFFERED, "omaolo", 0, "guide-end", "subject" },
  { "found free text", NV_EVENT_SURVEY_FOUND, NULL, 0, "kind of", "detail" },
  { "found missing", NV_EVENT_SURVEY_FOUND, NULL, 0, NULL, "detail" },
  { "found value", NV_EVENT_SURVEY_FOUND, NULL, 1, "yes", "value" },
  { "score eleven", NV_EVENT_SURVEY_SCORE, NULL, 11, NULL, "value" },
  { "score detail", NV_EVENT_SURVEY_SCORE, NULL, 7, "7", "detail" },
  { "statement unknown", NV_EVENT_SURVEY_STATEMENT, "fast", 0, "agree", "subject" },
  { "statement missing", NV_EVENT_SURVEY_STATEMENT, NULL, 0, "agree", "subject" },
  { "statement answer", NV_EVENT_SURVEY_STATEMENT, "easy", 0, "yes", "detail" },
  { "statement value", NV_EVENT_SURVEY_STATEMENT, "easy", 4, "agree", "value" },
  { "value negative", NV_EVENT_SEARCH, NULL, -1, "omaolo", "value" },
  { "value too big", NV_EVENT_SESSION_END, NULL, 10000001, "timeout", "value" },
};

static void
test_validate_per_type (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_events); i++)
    {
      const InvalidEvent *v = &invalid_events[i];
      g_autoptr (NvEvent) event = make_event (v->type, v->subject, v->value, v->detail);
      g_autoptr (JsonNode) node = NULL;
      g_autoptr (NvEvent) parsed = NULL;
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", v->name);
      g_assert_false (nv_event_validate (event, &error));
      assert_field_error (error, v->field);
      g_clear_error (&error);

      /* The same event arriving as JSON is refused the same way. */
      node = nv_event_to_json (event);
      parsed = nv_event_from_json (node, &error);
      g_assert_null (parsed);
      assert_field_error (error, v->field);
    }
}

typedef void (*EventChange) (NvEvent *event);

static void
clear_id (NvEvent *event)
{
  g_clear_pointer (&event->id, g_free);
}

static void
bad_id (NvEvent *event)
{
  g_free (event->id);
  event->id = g_strdup ("6f0a8f5e-3c1d-4b2a-9e4f-0123456789");
}

static void
clear_session (NvEvent *event)
{
  g_clear_pointer (&event->session, g_free);
}

static void
bad_session (NvEvent *event)
{
  g_free (event->session);
  event->session = g_strdup ("session-1");
}

static void
clear_time (NvEvent *event)
{
  g_clear_pointer (&event->time, g_date_time_unref);
}

static void
time_before_2020 (NvEvent *event)
{
  g_date_time_unref (event->time);
  event->time = g_date_time_new_utc (2019, 12, 31, 23, 59, 59.999);
}

static void
time_a_day_ahead (NvEvent *event)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_date_time_unref (event->time);
  event->time = g_date_time_add (now, G_TIME_SPAN_DAY + G_TIME_SPAN_MINUTE);
}

static void
unknown_type (NvEvent *event)
{
  event->type = NV_N_EVENT_TYPES;
}

static void
unknown_language (NvEvent *event)
{
  event->language = NV_N_LANGS;
}

static void
text_size_too_big (NvEvent *event)
{
  event->text_size = 3;
}

typedef struct
{
  const char *name;
  EventChange change;
  const char *field;
} CommonCase;

static const CommonCase common_cases[] = {
  { "no id", clear_id, "id" },
  { "bad id", bad_id, "id" },
  { "no session", clear_session, "session" },
  { "bad session", bad_session, "session" },
  { "no time", clear_time, "time" },
  { "before 2020", time_before_2020, "time" },
  { "a day ahead", time_a_day_ahead, "time" },
  { "unknown type", unknown_type, "type" },
  { "unknown language", unknown_language, "language" },
  { "text size 3", text_size_too_big, "text_size" },
};

static void
test_validate_common (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (common_cases); i++)
    {
      g_autoptr (NvEvent) event = make_event (NV_EVENT_GUIDE_VIEW, "omaolo", 0, NULL);
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", common_cases[i].name);
      common_cases[i].change (event);
      g_assert_false (nv_event_validate (event, &error));
      assert_field_error (error, common_cases[i].field);
    }
}

static void
test_validate_time_limits (void)
{
  g_autoptr (NvEvent) event = make_event (NV_EVENT_SESSION_START, NULL, 0, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GError) error = NULL;

  g_date_time_unref (event->time);
  event->time = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);
  g_assert_true (nv_event_validate (event, &error));
  g_assert_no_error (error);

  /* A kiosk clock a few hours ahead is still accepted. */
  g_date_time_unref (event->time);
  event->time = g_date_time_add (now, 23 * G_TIME_SPAN_HOUR);
  g_assert_true (nv_event_validate (event, &error));
  g_assert_no_error (error);
}

/* Wrong JSON */

typedef struct
{
  const char *member;
  const char *json; /* the member's value */
} WrongMember;

static const WrongMember wrong_members[] = {
  { "id", "5" },
  { "id", "null" },
  { "id", "\"not-a-uuid\"" },
  { "session", "true" },
  { "session", "[\"" SESSION "\"]" },
  { "time", "1700000000" },
  { "time", "\"yesterday\"" },
  { "time", "\"2026-11-20\"" },
  { "time", "\"2019-12-31T23:59:59Z\"" },
  { "type", "3" },
  { "type", "\"guide-view\"" },
  { "type", "null" },
  { "subject", "1" },
  { "subject", "[\"omaolo\"]" },
  { "subject", "{\"id\": \"omaolo\"}" },
  { "language", "\"de\"" },
  { "language", "0" },
  { "language", "null" },
  { "text_size", "\"0\"" },
  { "text_size", "1.5" },
  { "text_size", "3" },
  { "text_size", "-1" },
  { "high_contrast", "\"yes\"" },
  { "high_contrast", "1" },
  { "value", "\"12\"" },
  { "value", "-1" },
  { "value", "2.5" },
  { "value", "10000001" },
  { "value", "{}" },
  { "detail", "{}" },
  { "detail", "false" },
  { "content_revision", "\"42\"" },
  { "content_revision", "-1" },
  { "content_revision", "4.5" },
  { "content_revision", "[]" },
};

static void
test_json_wrong_types (void)
{
  const char *members[]
      = { "id",        "session",       "time",  "type",   "subject",         "language",
          "text_size", "high_contrast", "value", "detail", "content_revision" };
  const char *good[] = { "\"" EVENT_ID "\"",
                         "\"" SESSION "\"",
                         "\"2026-11-20T08:15:00.123Z\"",
                         "\"guide_view\"",
                         "\"omaolo\"",
                         "\"fi\"",
                         "0",
                         "false",
                         "0",
                         "null",
                         "7" };

  for (guint i = 0; i < G_N_ELEMENTS (wrong_members); i++)
    {
      g_autoptr (GString) json = g_string_new ("{");
      g_autoptr (NvEvent) event = NULL;
      g_autoptr (GError) error = NULL;

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        g_string_append_printf (
            json, "%s\"%s\": %s", m > 0 ? ", " : "", members[m],
            g_str_equal (members[m], wrong_members[i].member) ? wrong_members[i].json : good[m]);
      g_string_append (json, "}");
      g_test_message ("%s", json->str);
      event = event_from_string (json->str, &error);
      g_assert_null (event);
      assert_field_error (error, wrong_members[i].member);
    }
}

static void
test_json_missing_members (void)
{
  const char *required[] = { "id", "session", "time", "type", "language" };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autoptr (NvEvent) source = make_event (NV_EVENT_GUIDE_VIEW, "omaolo", 0, NULL);
      g_autoptr (JsonNode) node = nv_event_to_json (source);
      g_autoptr (NvEvent) event = NULL;
      g_autoptr (GError) error = NULL;

      json_object_remove_member (json_node_get_object (node), required[i]);
      event = nv_event_from_json (node, &error);
      g_assert_null (event);
      assert_field_error (error, required[i]);
    }
}

static void
test_json_not_an_object (void)
{
  const char *documents[] = { "[]", "null", "\"guide_view\"", "42", "[{}]" };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr (NvEvent) event = NULL;
      g_autoptr (GError) error = NULL;

      event = event_from_string (documents[i], &error);
      g_assert_null (event);
      g_assert_nonnull (error);
      g_assert_true (error->domain == NV_ERROR);
    }
}

/* Sanitising search queries */

typedef struct
{
  const char *input;
  const char *expected;
} QueryCase;

static const QueryCase query_cases[] = {
  { "Omaolo", "omaolo" },
  { "Call 040 123 4567 now", "call now" },
  { "hetu 010190-123A", "hetu -a" },
  { "  Omaolo \t  AJANVARAUS\n\r ", "omaolo ajanvaraus" },
  { "ÄÄNI Öljy Åland", "ääni öljy åland" },
  { "Ｏｍａｏｌｏ１２３", "ｏｍａｏｌｏ" },         /* fullwidth letters stay, digits go */
  { "x²³ y¹", "x y" },                              /* superscripts */
  { "٣٤ kela ۵", "kela" },                          /* Arabic-Indic digits */
  { "①② Ⅻ kela", "kela" },                          /* circled digits, Roman numerals */
  { "kela 1\xef\xb8\x8f\xe2\x83\xa3 x", "kela x" }, /* keycap 1 with its marks */
  { "a1b2c3", "abc" },
  { "1 2 3", "" },
  { "", "" },
  { "   ", "" },
  { "\xc2\xa0nbsp\xe2\x80\x83space\xc2\xa0", "nbsp space" },
  { "tab\tand\nnewline", "tab and newline" },
  { "a\001b", "a b" },
  { "Kela-lomake", "kela-lomake" },
};

static void
test_sanitize_query (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (query_cases); i++)
    {
      g_autofree char *result = nv_event_sanitize_query (query_cases[i].input);
      g_autofree char *again = nv_event_sanitize_query (result);
      g_autoptr (NvEvent) event = make_event (NV_EVENT_SEARCH, NULL, 0, result);
      g_autoptr (GError) error = NULL;

      g_test_message ("%s", query_cases[i].input);
      g_assert_cmpstr (result, ==, query_cases[i].expected);
      g_assert_cmpstr (again, ==, result);
      /* What sanitising gives is always fit to keep. */
      g_assert_true (nv_event_validate (event, &error));
      g_assert_no_error (error);
    }
}

static void
test_sanitize_query_null_and_invalid (void)
{
  g_autofree char *from_null = nv_event_sanitize_query (NULL);
  g_autofree char *from_invalid = nv_event_sanitize_query ("Kela\xff 12 \xc3");

  g_assert_cmpstr (from_null, ==, "");
  g_assert_nonnull (from_invalid);
  g_assert_true (g_utf8_validate (from_invalid, -1, NULL));
  g_assert_true (g_str_has_prefix (from_invalid, "kela"));
  g_assert_null (strpbrk (from_invalid, "0123456789"));
}

static void
test_sanitize_query_length (void)
{
  g_autoptr (GString) long_query = g_string_new (NULL);
  g_autofree char *result = NULL;
  g_autofree char *with_space = NULL;
  g_autofree char *with_digits = NULL;
  g_autofree char *expected = NULL;

  /* 70 two-byte characters: the cut lands between characters, not inside one. */
  for (guint i = 0; i < 70; i++)
    g_string_append (long_query, "Ä");
  result = nv_event_sanitize_query (long_query->str);
  g_assert_true (g_utf8_validate (result, -1, NULL));
  g_assert_cmpint (g_utf8_strlen (result, -1), ==, 64);
  g_assert_cmpint (strlen (result), ==, 128);
  g_assert_true (g_str_has_prefix (result, "ää"));

  /* A space that the cut leaves at the end goes too. */
  expected = g_strnfill (63, 'a');
  g_string_printf (long_query, "%s bbbbbbbbbb", expected);
  with_space = nv_event_sanitize_query (long_query->str);
  g_assert_cmpstr (with_space, ==, expected);

  /* Digits go before the cut, so they do not use up the 64 characters. */
  g_string_assign (long_query, "");
  for (guint i = 0; i < 64; i++)
    g_string_append (long_query, "a1");
  with_digits = nv_event_sanitize_query (long_query->str);
  g_assert_cmpint (strlen (with_digits), ==, 64);
  g_assert_null (strchr (with_digits, '1'));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/type-strings", test_type_strings);
  g_test_add_func ("/event/new", test_new);
  g_test_add_func ("/event/make-id", test_make_id);
  g_test_add_func ("/event/round-trip-every-type", test_round_trip_every_type);
  g_test_add_func ("/event/json-form", test_json_form);
  g_test_add_func ("/event/json-content-revision", test_json_content_revision);
  g_test_add_func ("/event/json-time-offset", test_json_time_offset);
  g_test_add_func ("/event/validate/per-type", test_validate_per_type);
  g_test_add_func ("/event/validate/common", test_validate_common);
  g_test_add_func ("/event/validate/time-limits", test_validate_time_limits);
  g_test_add_func ("/event/json/wrong-types", test_json_wrong_types);
  g_test_add_func ("/event/json/missing-members", test_json_missing_members);
  g_test_add_func ("/event/json/not-an-object", test_json_not_an_object);
  g_test_add_func ("/event/sanitize-query", test_sanitize_query);
  g_test_add_func ("/event/sanitize-query/null-and-invalid", test_sanitize_query_null_and_invalid);
  g_test_add_func ("/event/sanitize-query/length", test_sanitize_query_length);

  return g_test_run ();
}
