/* test-server-rollups.c — reports read from the rollups are those of the full scan
 *
 * Random visits (a fixed seed per run, printed by GTest) at four kiosks in three regions,
 * some of them across midnight and across the changes of summer time, stored through the
 * ingest path. Every table of every section, the key figures and the aggregated export are
 * read twice, from the rollups and with the full scan, for ranges of a day, the days around
 * a change of summer time, a month and a year, with and without a kiosk filter, with the
 * threshold at 1 (every count shown) and at 5 (suppression): cell for cell the same. The
 * same again with the visits pushed over HTTP as kiosks push them, in many batches: one
 * with a bad item in the middle, one the store refuses halfway (nothing of it is kept,
 * neither events nor counts) and then takes, and events resent after a kiosk was killed
 * before its answer came, which count once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "nv-json-private.h"
#include "server-store-events.h"
#include "server-store-kiosks.h"
#include "server-store-private.h"
#include "server-store-reports-private.h"
#include "server-store-rollups.h"
#include "nv-test-http.h"
#include "nv-test-http-server.h"
#include "nv-test-log.h"
#include "nv-test-util.h"

#define N_KIOSKS 4
#define N_VISITS 400

typedef struct
{
  char            *dir;
  ServerStore     *store;
  char            *kiosks[N_KIOSKS + 1];
  char            *tokens[N_KIOSKS];
  gboolean         over_http;
  NvTestHttpServer server; /* when over_http: its store is @store */
} Fixture;

static const char *const municipalities[N_KIOSKS] = { "564", "564", "091", "179" };

/* @data: non-NULL for a store behind a real HTTP server. */
static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->over_http = data != NULL;
  if (fixture->over_http)
    {
      nv_test_http_server_start (&fixture->server, NULL);
      fixture->store = g_object_ref (fixture->server.store);
    }
  else
    {
      fixture->dir = nv_test_make_tmpdir ();
      fixture->store = server_store_open (fixture->dir, NULL, &error);
      g_assert_no_error (error);
    }
  for (guint k = 0; k < N_KIOSKS; k++)
    {
      g_autofree char *name = g_strdup_printf ("Kiosk %u", k);

      g_assert_true (server_store_add_kiosk (fixture->store, name, municipalities[k],
                                             &fixture->kiosks[k], &fixture->tokens[k], &error));
      g_assert_no_error (error);
    }
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  for (guint k = 0; k < N_KIOSKS; k++)
    {
      g_clear_pointer (&fixture->kiosks[k], g_free);
      g_clear_pointer (&fixture->tokens[k], g_free);
    }
  if (fixture->over_http)
    nv_test_http_server_stop (&fixture->server);
  else
    nv_test_rm_rf (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static void
exec_sql (Fixture *fixture, const char *sql)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (nv_sqlite_exec (server_store_get_db (fixture->store), sql, &error));
  g_assert_no_error (error);
}

static gint64
sql_number (Fixture *fixture, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_prepare_v2 (server_store_get_db (fixture->store), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The rollup tables as one text, to compare one filling with another. */
static char *
rollups_text (Fixture *fixture)
{
  static const char *const queries[] = {
    "SELECT measure || '|' || day || '|' || key || '|' || kiosk || '|' || n FROM rollups "
    "ORDER BY measure, day, key, kiosk",
    "SELECT session || '|' || measure || '|' || key || '|' || day FROM rollup_facts "
    "ORDER BY session, measure, key, day",
    "SELECT session || '|' || first_day || '|' || last_day FROM rollup_visits "
    "ORDER BY session",
    "SELECT printf ('%s|%s|%s|%s|%s|%s|%s|%s|%s|%s', session, measure, grp, day, kiosk, time, "
    "seq, value, flag, key) "
    "FROM rollup_states ORDER BY session, measure, grp, day",
    "SELECT measure || '|' || month || '|' || key || '|' || kiosk || '|' || n "
    "FROM rollup_months ORDER BY measure, month, key, kiosk"
  };
  GString *text = g_string_new (NULL);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (
          sqlite3_prepare_v2 (server_store_get_db (fixture->store), queries[q], -1, &stmt, NULL),
          ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_string_append_printf (text, "%s\n", sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
      g_string_append (text, "--\n");
    }
  return g_string_free (text, FALSE);
}

/* Seeding */

static const char *
pick (const char *const *choices, guint n)
{
  return choices[g_test_rand_int_range (0, (gint32) n)];
}

#define PICK(array) pick (array, G_N_ELEMENTS (array))

static void
add_event (GPtrArray  *events,
           const char *session,
           GDateTime  *time,
           NvEventType type,
           const char *subject,
           gint64      value,
           const char *detail,
           NvLang      language,
           guint       text_size,
           gint64      revision)
{
  NvEvent *event = nv_event_new (type, session);

  g_date_time_unref (event->time);
  event->time = g_date_time_ref (time);
  event->subject = g_strdup (subject);
  event->value = value;
  event->detail = g_strdup (detail);
  event->language = language;
  event->text_size = (guint8) text_size;
  event->high_contrast = g_test_rand_int_range (0, 8) == 0;
  event->content_revision = revision;
  g_ptr_array_add (events, event);
}

/* One visit of a few minutes at a random kiosk, starting in one of the periods; one in
 * eight starts just before midnight and ends after it. */
static void
seed_visit (Fixture *fixture, GHashTable *batches)
{
  static const char *const guides[] = { "g1", "g2", "g3", "g4", "g5" };
  static const char *const places[] = { "o1", "o2", "o3", "o4" };
  static const char *const queries[] = { "bussi", "vero", "lääkäri", "", "passi" };
  static const char *const ratings[] = { "good", "neutral", "bad" };
  static const char *const steps[] = { "reason", "contact", "time", "details", "privacy" };
  static const char *const endings[] = { "timeout", "start-over", "timeout" };
  /* Helsinki days: spring (summer time begins 2026-03-29), autumn (ends 2026-10-25). */
  static const char *const months[] = { "2026-03-", "2026-10-" };
  static const char *const offsets[] = { "+02:00", "+03:00" };
  const char              *kiosk = fixture->kiosks[g_test_rand_int_range (0, N_KIOSKS)];
  g_autofree char         *session = g_uuid_string_random ();
  gboolean                 late = g_test_rand_int_range (0, 8) == 0;
  guint                    day = (guint) g_test_rand_int_range (20, 32);
  guint                    month = (guint) g_test_rand_int_range (0, G_N_ELEMENTS (months));
  g_autofree char         *start_text = g_strdup_printf (
              "%s%02uT%02d:%02d:00%s", months[month], day, late ? 23 : g_test_rand_int_range (8, 21),
      late ? g_test_rand_int_range (45, 60) : g_test_rand_int_range (0, 60), offsets[month]);
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (start_text, NULL);
  NvLang     language = (NvLang) g_test_rand_int_range (0, NV_N_LANGS);
  guint      text_size = (guint) g_test_rand_int_range (0, 3) == 0 ? 1 : 0;
  gint64     revision = g_test_rand_int_range (1, 9);
  GPtrArray *events = g_hash_table_lookup (batches, kiosk);
  guint      n = (guint) g_test_rand_int_range (1, 14);
  GDateTime *start;

  g_assert_nonnull (time);
  if (events == NULL)
    {
      events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
      g_hash_table_insert (batches, (gpointer) kiosk, events);
    }
  start = g_date_time_ref (time);
  add_event (events, session, time, NV_EVENT_SESSION_START, NULL, 0, NULL, language, text_size,
             revision);
  for (guint i = 0; i < n; i++)
    {
      GDateTime  *next = g_date_time_add_seconds (time, g_test_rand_int_range (5, 240));
      const char *guide = PICK (guides);

      g_date_time_unref (time);
      time = next;
      switch (g_test_rand_int_range (0, 13))
        {
        case 0:
        case 1:
          add_event (events, session, time, NV_EVENT_GUIDE_VIEW, guide, 0, NULL, language,
                     text_size, revision);
          break;
        case 2:
          add_event (events, session, time, NV_EVENT_STEP_VIEW, guide, g_test_rand_int_range (1, 6),
                     NULL, language, text_size, revision);
          /* Two steps at the same second: the one stored last is the last. */
          if (g_test_rand_int_range (0, 4) == 0)
            add_event (events, session, time, NV_EVENT_STEP_VIEW, guide,
                       g_test_rand_int_range (1, 6), NULL, language, text_size, revision);
          break;
        case 3:
          add_event (events, session, time, NV_EVENT_GUIDE_COMPLETE, guide,
                     g_test_rand_int_range (1, 6), NULL, language, text_size, revision);
          break;
        case 4:
          add_event (events, session, time, NV_EVENT_FEEDBACK, guide, 0, PICK (ratings), language,
                     text_size, revision);
          break;
        case 5:
          add_event (events, session, time, NV_EVENT_SEARCH, NULL, g_test_rand_int_range (0, 2),
                     PICK (queries), language, text_size, revision);
          break;
        case 6:
          add_event (events, session, time, NV_EVENT_ORGANISATION_VIEW, PICK (places), 0, NULL,
                     language, text_size, revision);
          break;
        case 7:
          add_event (events, session, time, NV_EVENT_QR_SHOWN, "guide:g1", 0, NULL, language,
                     text_size, revision);
          break;
        case 8:
          add_event (events, session, time, NV_EVENT_READ_ALOUD, "guide:g2", 0, NULL, language,
                     text_size, revision);
          break;
        case 9:
          add_event (events, session, time, NV_EVENT_SETTING_CHANGED, "language", 0, "sv", language,
                     text_size, revision);
          break;
        case 10:
          add_event (events, session, time, NV_EVENT_APPOINTMENT_STARTED, NULL, 0, NULL, language,
                     text_size, revision);
          break;
        case 11:
          add_event (events, session, time, NV_EVENT_APPOINTMENT_STEP, NULL, 1, PICK (steps),
                     language, text_size, revision);
          break;
        default:
          add_event (events, session, time, NV_EVENT_APPOINTMENT_SUBMITTED, NULL, 0, "slot",
                     language, text_size, revision);
          break;
        }
    }
  /* The feedback questions, now and then asked twice and answered again. */
  for (guint asked = 0; g_test_rand_int_range (0, 2 + asked * 2) == 0; asked++)
    {
      static const char *const where[] = { "visit-end", "guide-end" };
      static const char *const found[] = { "yes", "partly", "no" };
      static const char *const statements[] = { "easy", "clear" };
      static const char *const answers[] = { "agree", "neutral", "disagree" };
      GDateTime               *next = g_date_time_add_seconds (time, g_test_rand_int_range (5, 90));

      g_date_time_unref (time);
      time = next;
      add_event (events, session, time, NV_EVENT_SURVEY_OFFERED, NULL, 0, PICK (where), language,
                 text_size, revision);
      if (g_test_rand_int_range (0, 3) != 0)
        add_event (events, session, time, NV_EVENT_SURVEY_FOUND, NULL, 0, PICK (found), language,
                   text_size, revision);
      if (g_test_rand_int_range (0, 2) == 0)
        add_event (events, session, time, NV_EVENT_SURVEY_SCORE, NULL,
                   g_test_rand_int_range (0, 11), NULL, language, text_size, revision);
      if (g_test_rand_int_range (0, 2) == 0)
        add_event (events, session, time, NV_EVENT_SURVEY_STATEMENT, PICK (statements), 0,
                   PICK (answers), language, text_size, revision);
    }
  if (g_test_rand_int_range (0, 6) != 0)
    add_event (events, session, time, NV_EVENT_SESSION_END, NULL,
               g_date_time_difference (time, start) / G_USEC_PER_SEC, PICK (endings), language,
               text_size, revision);
  g_date_time_unref (start);
}

/* The random visits, by kiosk: its events in the order they happened. */
static GHashTable *
make_visits (Fixture *fixture)
{
  GHashTable *batches
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);

  /* Two versions of two guides, so completion splits by version. */
  exec_sql (fixture, "INSERT INTO guide_versions (guide, revision) VALUES ('g1', 1), ('g1', 5), "
                     "('g2', 3);");
  /* Categories as they are now: two guides share one, one has none, g5 is no more. */
  exec_sql (fixture, "INSERT INTO guides (id, revision, document) VALUES "
                     "('g1', 1, '{\"category\": \"money\"}'), "
                     "('g2', 1, '{\"category\": \"money\"}'), "
                     "('g3', 1, '{\"category\": \"health\"}'), ('g4', 1, '{}');");
  for (guint v = 0; v < N_VISITS; v++)
    seed_visit (fixture, batches);
  return batches;
}

static void
assert_some_visits_split (Fixture *fixture)
{
  /* Some visits were seen on two days: the sums over days must be corrected for them. */
  g_assert_cmpint (sql_number (fixture, "SELECT count (*) FROM rollup_visits "
                                        "WHERE first_day != last_day"),
                   >, 0);
}

/* Each kiosk's events stored in batches of random sizes, in a random order (a visit's
 * later events may arrive before its earlier ones), and some batches stored again: the
 * writer's states must come out as the scan's "last event" whatever the order. */
static void
seed (Fixture *fixture)
{
  g_autoptr (GHashTable) batches = make_visits (fixture);
  GHashTableIter iter;
  gpointer       kiosk, value;

  g_hash_table_iter_init (&iter, batches);
  while (g_hash_table_iter_next (&iter, &kiosk, &value))
    {
      GPtrArray *events = value;
      g_autoptr (GPtrArray) chunks
          = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

      for (guint from = 0; from < events->len;)
        {
          guint      size = (guint) g_test_rand_int_range (1, 60);
          guint      to = MIN (events->len, from + size);
          GPtrArray *chunk = g_ptr_array_new ();

          for (guint i = from; i < to; i++)
            g_ptr_array_add (chunk, g_ptr_array_index (events, i));
          g_ptr_array_add (chunks, chunk);
          from = to;
        }
      for (guint c = chunks->len; c > 1; c--)
        {
          guint    other = (guint) g_test_rand_int_range (0, (gint32) c);
          gpointer swap = chunks->pdata[c - 1];

          chunks->pdata[c - 1] = chunks->pdata[other];
          chunks->pdata[other] = swap;
        }
      for (guint c = 0; c < chunks->len + 3; c++)
        {
          g_autoptr (GError) error = NULL;

          g_assert_true (server_store_insert_events (
              fixture->store, kiosk, g_ptr_array_index (chunks, c % chunks->len), NULL, &error));
          g_assert_no_error (error);
        }
    }
  assert_some_visits_split (fixture);
}

/* Pushing over HTTP */

#define PUSH_SIZE 100
#define RESENT 10

/* Posts @events[from, to) as kiosk @k, with @bad (an item the server refuses) in the
 * middle when not NULL; returns the answer, or NULL when the whole push was refused. */
static JsonNode *
push (Fixture     *fixture,
      SoupSession *session,
      guint        k,
      GPtrArray   *events,
      guint        from,
      guint        to,
      const char  *bad,
      guint        status)
{
  g_autofree char *url = g_strconcat (fixture->server.url, "api/v1/kiosk/events", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", fixture->tokens[k], NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GString) body = g_string_new ("{\"events\": [");
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) reply = NULL;
  JsonNode *node;

  for (guint i = from; i < to; i++)
    {
      g_autoptr (JsonNode) event = nv_event_to_json (g_ptr_array_index (events, i));
      g_autofree char *text = nv_json_to_string (event, FALSE);

      if (i > from)
        g_string_append_c (body, ',');
      if (bad != NULL && i == (from + to) / 2)
        g_string_append_printf (body, "%s,", bad);
      g_string_append (body, text);
    }
  g_string_append (body, "]}");
  bytes = g_bytes_new (body->str, body->len);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  reply = nv_test_http_send (session, msg, 10000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, status);
  if (status != SOUP_STATUS_OK)
    return NULL;
  node = nv_json_parse_bytes (reply, 0, NULL);
  g_assert_nonnull (node);
  return node;
}

static void
assert_counted (JsonNode *node, gint64 accepted, gint64 duplicates, gint64 rejected)
{
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (object, "accepted"), ==, accepted);
  g_assert_cmpint (json_object_get_int_member (object, "duplicates"), ==, duplicates);
  g_assert_cmpint (json_object_get_int_member (object, "rejected"), ==, rejected);
}

/* Every kiosk pushes its events in batches of PUSH_SIZE. The second batch has a bad item
 * in its middle, which is refused alone. The third batch of the first kiosk the store
 * refuses halfway (a trigger planted for the test aborts on its middle event): nothing
 * of it is kept, no count moves, and the kiosk pushes it again. From the fourth batch
 * on, each push resends the last RESENT events of the one before, as a kiosk killed
 * before the answer came does: they are duplicates and count once. */
static void
seed_over_http (Fixture *fixture)
{
  static const char bad[] = "{\"id\": \"5d0c1a7e-0000-4000-8000-000000000001\","
                            " \"type\": \"no_such_type\"}";
  g_autoptr (GHashTable) batches = make_visits (fixture);
  g_autoptr (SoupSession) session = soup_session_new ();
  gint64 stored = 0;

  for (guint k = 0; k < N_KIOSKS; k++)
    {
      GPtrArray *events = g_hash_table_lookup (batches, fixture->kiosks[k]);

      g_assert_nonnull (events);
      g_assert_cmpuint (events->len, >, 4 * PUSH_SIZE);
      for (guint from = 0, b = 0; from < events->len; from += PUSH_SIZE, b++)
        {
          guint to = MIN (from + PUSH_SIZE, events->len);
          g_autoptr (JsonNode) answer = NULL;

          if (b == 1)
            {
              answer = push (fixture, session, k, events, from, to, bad, SOUP_STATUS_OK);
              assert_counted (answer, to - from, 0, 1);
            }
          else if (b == 2 && k == 0)
            {
              const NvEvent   *middle = g_ptr_array_index (events, (from + to) / 2);
              g_autofree char *plant = g_strdup_printf (
                  "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.id = '%s' "
                  "BEGIN SELECT RAISE (ABORT, 'refused for the test'); END;",
                  middle->id);
              g_autofree char *before = rollups_text (fixture);
              g_autofree char *after = NULL;

              exec_sql (fixture, plant);
              nv_test_log_capture ();
              g_assert_null (push (fixture, session, k, events, from, to, NULL,
                                   SOUP_STATUS_SERVICE_UNAVAILABLE));
              g_assert_cmpuint (nv_test_log_count ("*Cannot store events: refused for the test*"),
                                ==, 1);
              after = rollups_text (fixture);
              g_assert_cmpstr (after, ==, before);
              g_assert_cmpint (server_store_count_events (fixture->store), ==, stored);
              exec_sql (fixture, "DROP TRIGGER refuse;");
              answer = push (fixture, session, k, events, from, to, NULL, SOUP_STATUS_OK);
              assert_counted (answer, to - from, 0, 0);
            }
          else if (b >= 3)
            {
              answer = push (fixture, session, k, events, from - RESENT, to, NULL, SOUP_STATUS_OK);
              assert_counted (answer, to - from, RESENT, 0);
            }
          else
            {
              answer = push (fixture, session, k, events, from, to, NULL, SOUP_STATUS_OK);
              assert_counted (answer, to - from, 0, 0);
            }
          stored += to - from;
          g_assert_cmpint (server_store_count_events (fixture->store), ==, stored);
        }
    }
  assert_some_visits_split (fixture);
}

/* Comparing */

static void
assert_tables_equal (GPtrArray *rolled, GPtrArray *scanned, const char *what)
{
  g_assert_cmpuint (rolled->len, ==, scanned->len);
  for (guint t = 0; t < rolled->len; t++)
    {
      ServerReportTable *one = g_ptr_array_index (rolled, t);
      ServerReportTable *other = g_ptr_array_index (scanned, t);

      g_assert_cmpstr (one->id, ==, other->id);
      if (one->rows->len != other->rows->len)
        g_error ("%s %s: %u rows from the rollups, %u from the scan", what, one->id, one->rows->len,
                 other->rows->len);
      for (guint r = 0; r < one->rows->len; r++)
        {
          GPtrArray *a = g_ptr_array_index (one->rows, r);
          GPtrArray *b = g_ptr_array_index (other->rows, r);

          for (guint c = 0; c < one->n_columns; c++)
            if (g_strcmp0 (a->pdata[c], b->pdata[c]) != 0)
              g_error ("%s %s row %u %s: %s from the rollups, %s from the scan", what, one->id, r,
                       one->columns[c].id, (char *) a->pdata[c], (char *) b->pdata[c]);
        }
    }
}

static GDateTime *
helsinki_midnight (const char *day)
{
  g_autofree char *text = g_strdup_printf ("%sT00:00:00", day);

  return g_date_time_new_from_iso8601 (text, nv_helsinki_tz ());
}

typedef struct
{
  const char *from; /* Helsinki days; to is the day after the last */
  const char *to;
} Range;

static const Range ranges[] = {
  { "2026-03-29", "2026-03-30" }, /* the day summer time began */
  { "2026-03-28", "2026-04-01" }, /* around it, with visits across midnight */
  { "2026-03-01", "2026-04-01" }, /* a month */
  { "2026-10-01", "2026-11-01" }, /* the month summer time ended */
  { "2026-01-01", "2027-01-01" }, /* a year */
};

static void
compare_range (Fixture *fixture, const Range *range, const char *const *kiosks, guint threshold)
{
  g_autoptr (GDateTime) from = helsinki_midnight (range->from);
  g_autoptr (GDateTime) to = helsinki_midnight (range->to);
  g_autoptr (GDateTime) before = g_date_time_add_days (from, -(gint) 30);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  ServerReportQuery rolled = { from, to, kiosks, threshold, now, FALSE };
  ServerReportQuery scanned = { from, to, kiosks, threshold, now, TRUE };
  ServerReportQuery rolled_before = { before, from, kiosks, threshold, now, FALSE };
  ServerReportQuery scanned_before = { before, from, kiosks, threshold, now, TRUE };
  g_autofree char *what = g_strdup_printf ("%s–%s kiosks %s threshold %u", range->from, range->to,
                                           kiosks != NULL ? kiosks[0] : "all", threshold);
  g_autoptr (GError) error = NULL;

  g_assert_true (server_report_query_uses_rollups (&rolled));
  g_assert_false (server_report_query_uses_rollups (&scanned));
  for (const char *const *section = server_report_sections (); *section != NULL; section++)
    {
      g_autoptr (GPtrArray) one
          = server_store_report (fixture->store, *section, NULL, &rolled, &error);
      g_autoptr (GPtrArray) other = NULL;
      g_autoptr (GArray) figures = NULL;
      g_autoptr (GArray) scanned_figures = NULL;

      g_assert_no_error (error);
      other = server_store_report (fixture->store, *section, NULL, &scanned, &error);
      g_assert_no_error (error);
      assert_tables_equal (one, other, what);

      figures = server_store_report_figures (fixture->store, *section, &rolled, &rolled_before,
                                             NULL, &error);
      g_assert_no_error (error);
      scanned_figures = server_store_report_figures (fixture->store, *section, &scanned,
                                                     &scanned_before, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (figures->len, ==, scanned_figures->len);
      for (guint f = 0; f < figures->len; f++)
        {
          ServerReportFigure *a = &g_array_index (figures, ServerReportFigure, f);
          ServerReportFigure *b = &g_array_index (scanned_figures, ServerReportFigure, f);

          g_assert_cmpstr (a->id, ==, b->id);
          g_assert_cmpint (a->value, ==, b->value);
          g_assert_cmpint (a->previous, ==, b->previous);
        }
    }
  {
    g_autoptr (ServerReportTable) one = server_store_daily_counts (fixture->store, &rolled, &error);
    g_autoptr (ServerReportTable) other = NULL;
    g_autoptr (GPtrArray) ones = g_ptr_array_new ();
    g_autoptr (GPtrArray) others = g_ptr_array_new ();

    g_assert_no_error (error);
    other = server_store_daily_counts (fixture->store, &scanned, &error);
    g_assert_no_error (error);
    g_ptr_array_add (ones, one);
    g_ptr_array_add (others, other);
    assert_tables_equal (ones, others, what);
  }
}

static void
test_rollups_match_scan (Fixture *fixture, gconstpointer data)
{
  const char *const one_kiosk[] = { fixture->kiosks[0], NULL };
  const char *const two_kiosks[] = { fixture->kiosks[1], fixture->kiosks[2], NULL };

  seed (fixture);
  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (guint threshold = 1; threshold <= 5; threshold += 4)
      {
        compare_range (fixture, &ranges[r], NULL, threshold);
        compare_range (fixture, &ranges[r], one_kiosk, threshold);
        compare_range (fixture, &ranges[r], two_kiosks, threshold);
      }
}

static void
test_rollups_match_scan_over_http (Fixture *fixture, gconstpointer data)
{
  g_autofree char *kept = NULL;
  g_autofree char *rebuilt = NULL;
  g_autoptr (GError) error = NULL;

  seed_over_http (fixture);
  /* Every range, for all kiosks and for the first (whose push the store refused once),
   * every count shown: the filters and the threshold read the rollups as match-scan
   * checks, and this test is about what the pushes put in them. */
  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    {
      const char *const one_kiosk[] = { fixture->kiosks[0], NULL };

      compare_range (fixture, &ranges[r], NULL, 1);
      compare_range (fixture, &ranges[r], one_kiosk, 1);
    }
  /* And as a rebuild from the events fills them. */
  kept = rollups_text (fixture);
  g_assert_true (server_store_rebuild_rollups (fixture->store, &error));
  g_assert_no_error (error);
  rebuilt = rollups_text (fixture);
  g_assert_cmpstr (rebuilt, ==, kept);
}

/* The step where a guide was left is the visit's last step by the time it was seen, not
 * by when it arrived: a later step stored first stays the last when an earlier one
 * arrives after it, a resent batch changes nothing, and a completion that arrives last
 * takes the visit out of the table. */
static void
test_last_step_across_batches (Fixture *fixture, gconstpointer data)
{
  static const char *const times[]
      = { "2026-03-10T10:00:00+02:00", "2026-03-10T10:05:00+02:00", "2026-03-10T10:09:00+02:00" };
  g_autoptr (GDateTime) from = helsinki_midnight ("2026-03-01");
  g_autoptr (GDateTime) to = helsinki_midnight ("2026-04-01");
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  ServerReportQuery rolled = { from, to, NULL, 1, now, FALSE };
  ServerReportQuery scanned = { from, to, NULL, 1, now, TRUE };
  g_autofree char  *session = g_uuid_string_random ();
  GPtrArray        *batches[3];

  for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
    {
      g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (times[b], NULL);

      batches[b] = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
      add_event (batches[b], session, time, b < 2 ? NV_EVENT_STEP_VIEW : NV_EVENT_GUIDE_COMPLETE,
                 "g1", b + 2, NULL, NV_LANG_FI, 0, 1);
    }
  /* Stored: step 3 (10:05), step 2 (10:00), step 2 again; then the completion (10:09). */
  for (guint i = 0; i < 4; i++)
    {
      static const guint order[] = { 1, 0, 0, 2 };
      g_autoptr (GPtrArray) one = NULL;
      g_autoptr (GPtrArray) other = NULL;
      g_autoptr (GError) error = NULL;
      ServerReportTable *table;

      g_assert_true (server_store_insert_events (fixture->store, fixture->kiosks[0],
                                                 batches[order[i]], NULL, &error));
      g_assert_no_error (error);
      one = server_store_report (fixture->store, "friction", "give_up_step", &rolled, &error);
      g_assert_no_error (error);
      other = server_store_report (fixture->store, "friction", "give_up_step", &scanned, &error);
      g_assert_no_error (error);
      assert_tables_equal (one, other, "one visit");
      table = g_ptr_array_index (one, 0);
      if (i < 3)
        {
          GPtrArray *row;

          g_assert_cmpuint (table->rows->len, ==, 1);
          row = g_ptr_array_index (table->rows, 0);
          g_assert_cmpstr (row->pdata[0], ==, "g1");
          g_assert_cmpstr (row->pdata[2], ==, "3");
          g_assert_cmpstr (row->pdata[3], ==, "1");
        }
      else
        g_assert_cmpuint (table->rows->len, ==, 0);
    }
  /* No count is left behind at 0. */
  g_assert_cmpint (
      sql_number (fixture, "SELECT count (*) FROM rollups WHERE measure = 'last_step'"), ==, 0);
  for (guint b = 0; b < G_N_ELEMENTS (batches); b++)
    g_ptr_array_unref (batches[b]);
}

/* A report for whole days reads the rollups, not the events: with the events gone, the
 * rollups still count them and the scan finds none. A range that is not whole days is
 * read from the events. */
static void
test_reports_read_rollups (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDateTime) from = helsinki_midnight ("2026-03-01");
  g_autoptr (GDateTime) to = helsinki_midnight ("2026-04-01");
  g_autoptr (GDateTime) noon = g_date_time_add_hours (to, 12);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  ServerReportQuery rolled = { from, to, NULL, 1, now, FALSE };
  ServerReportQuery part_day = { from, noon, NULL, 1, now, FALSE };
  gint64            visits = 0;
  gint64            scanned = 0;
  g_autoptr (GError) error = NULL;

  seed (fixture);
  g_assert_false (server_report_query_uses_rollups (&part_day));
  g_assert_true (server_store_report_scalar (
      fixture->store,
      "SELECT coalesce (sum (n), 0) FROM rollups WHERE measure = 'visit' "
      "AND day >= :day_from AND day < :day_to",
      &rolled, &visits, &error));
  g_assert_cmpint (visits, >, 0);

  exec_sql (fixture, "DELETE FROM events;");
  {
    g_autoptr (GPtrArray) tables
        = server_store_report (fixture->store, "reach", "visits_by_region", &rolled, &error);
    g_autoptr (GPtrArray) part_tables
        = server_store_report (fixture->store, "reach", "visits_by_region", &part_day, &error);
    ServerReportTable *table;
    ServerReportTable *part_table;

    g_assert_no_error (error);
    table = g_ptr_array_index (tables, 0);
    part_table = g_ptr_array_index (part_tables, 0);
    for (guint r = 0; r < table->rows->len; r++)
      {
        GPtrArray *row = g_ptr_array_index (table->rows, r);
        GPtrArray *part_row = g_ptr_array_index (part_table->rows, r);

        scanned += g_ascii_strtoll (part_row->pdata[1], NULL, 10);
        visits -= g_ascii_strtoll (row->pdata[1], NULL, 10);
      }
  }
  /* Every visit of March (the rollups' count) is in the regions' rows; the scan found none. */
  g_assert_cmpint (scanned, ==, 0);
  g_assert_cmpint (visits, ==, 0);
}

/* The version of the migration that adds the rollups, whatever number it has. */
static int
rollups_migration (void)
{
  guint              n;
  const NvMigration *migrations = server_store_migrations (&n);

  for (guint i = 0; i < n; i++)
    if (strstr (migrations[i].sql, "CREATE TABLE IF NOT EXISTS rollup_facts") != NULL)
      return migrations[i].version;
  g_assert_not_reached ();
}

/* The migration fills the rollups from the events already stored, and a rebuild fills them
 * the same: both as the trigger kept them event by event. */
static void
test_rollups_filled (Fixture *fixture, gconstpointer data)
{
  g_autofree char *kept = NULL;
  g_autofree char *migrated = NULL;
  g_autofree char *rebuilt = NULL;
  g_autofree char *set_back = NULL;
  g_autoptr (GError) error = NULL;

  seed (fixture);
  kept = rollups_text (fixture);
  g_assert_cmpuint (strlen (kept), >, 1000);

  exec_sql (fixture, "DELETE FROM rollups; DELETE FROM rollup_facts; DELETE FROM rollup_visits;"
                     "DELETE FROM rollup_states; DELETE FROM rollup_months;");
  set_back = g_strdup_printf ("PRAGMA user_version = %d;", rollups_migration () - 1);
  exec_sql (fixture, set_back);
  g_clear_object (&fixture->store);
  fixture->store = server_store_open (fixture->dir, NULL, &error);
  g_assert_no_error (error);
  migrated = rollups_text (fixture);
  g_assert_cmpstr (migrated, ==, kept);

  exec_sql (fixture, "DELETE FROM rollups;");
  g_assert_true (server_store_rebuild_rollups (fixture->store, &error));
  g_assert_no_error (error);
  rebuilt = rollups_text (fixture);
  g_assert_cmpstr (rebuilt, ==, kept);
}

/* neuvokas-server rollups rebuild */
static void
test_rollups_cli (Fixture *fixture, gconstpointer data)
{
  const char      *exe = g_getenv ("NEUVOKAS_SERVER");
  g_autofree char *kept = NULL;
  g_autofree char *rebuilt = NULL;
  g_autofree char *out = NULL;
  int              status = -1;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (exe);
  seed (fixture);
  kept = rollups_text (fixture);
  exec_sql (fixture, "DELETE FROM rollups; DELETE FROM rollup_facts;");
  g_clear_object (&fixture->store);
  {
    const char *argv[] = { exe, "--data-dir", fixture->dir, "rollups", "rebuild", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (out, "Rebuilt the rollups from "));
  fixture->store = server_store_open (fixture->dir, NULL, &error);
  g_assert_no_error (error);
  rebuilt = rollups_text (fixture);
  g_assert_cmpstr (rebuilt, ==, kept);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-rollups/match-scan", Fixture, NULL, fixture_set_up, test_rollups_match_scan,
              fixture_tear_down);
  g_test_add ("/server-rollups/match-scan-over-http", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_rollups_match_scan_over_http, fixture_tear_down);
  g_test_add ("/server-rollups/last-step-across-batches", Fixture, NULL, fixture_set_up,
              test_last_step_across_batches, fixture_tear_down);
  g_test_add ("/server-rollups/reports-read-rollups", Fixture, NULL, fixture_set_up,
              test_reports_read_rollups, fixture_tear_down);
  g_test_add ("/server-rollups/filled-by-migration-and-rebuild", Fixture, NULL, fixture_set_up,
              test_rollups_filled, fixture_tear_down);
  g_test_add ("/server-rollups/cli-rebuild", Fixture, NULL, fixture_set_up, test_rollups_cli,
              fixture_tear_down);
  return g_test_run ();
}
