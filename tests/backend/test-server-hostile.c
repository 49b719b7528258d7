/* test-server-hostile.c — values that must never break the fleet, and input that must
 * never get in, over real HTTP
 *
 * Rows are planted with SQLite straight into the server's database file, as damage or
 * data from an older version would be; each must be left out and logged while every
 * kiosk still gets everything else. Bodies that are not strict JSON, and names with
 * control characters, are refused with a JSON error and change nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "server-api.h"
#include "server-store-private.h"
#include "nv-test-http.h"
#include "nv-test-staff.h"
#include "nv-test-http-server.h"
#include "nv-test-util.h"

#define STAFF_PASSWORD "staff-password-1"

/* What the server warned of since the last assert_left_out(): the backend logs
 * structured, which g_test_expect_message() does not see. */
static GString *warnings;

typedef enum
{
  AS_NOBODY,
  AS_KIOSK,
  AS_ADVISOR,
  AS_ADMIN,
} Caller;

typedef struct
{
  NvTestHttpServer server;
  char            *db_path;
  SoupSession     *session;
  char            *kiosk_token;
  NvTestStaff     *staff[2]; /* AS_ADVISOR, AS_ADMIN */
  char            *good_slot;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvSlot) slot = nv_slot_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_id = NULL;

  nv_test_http_server_start (&fixture->server, NULL);
  fixture->db_path = g_build_filename (fixture->server.dir, "neuvokas.db", NULL);
  fixture->session = soup_session_new ();

  g_assert_true (server_store_add_kiosk (fixture->server.store, "Kirjasto, aula", "564", &kiosk_id,
                                         &fixture->kiosk_token, &error));
  for (guint i = 0; i < 2; i++)
    {
      static const char *const names[] = { "aino", "aada" };

      g_assert_true (server_store_add_user (fixture->server.store, names[i],
                                            i == 0 ? SERVER_ROLE_ADVISOR : SERVER_ROLE_ADMIN,
                                            STAFF_PASSWORD, &error));
      fixture->staff[i] = nv_test_staff_login (fixture->server.url, names[i], STAFF_PASSWORD);
    }

  /* A slot every answer below must keep (revision 2). */
  slot->organisation = g_strdup ("test-library");
  slot->kind = g_strdup ("digital-support");
  slot->starts_at = g_date_time_new_utc (2099, 2, 1, 8, 0, 0);
  slot->duration_minutes = 30;
  slot->capacity = 2;
  fixture->good_slot = server_store_add_slot (fixture->server.store, slot, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  for (guint i = 0; i < 2; i++)
    g_clear_pointer (&fixture->staff[i], nv_test_staff_free);
  nv_test_http_server_stop (&fixture->server);
  /* Nothing else was left out. */
  g_assert_cmpstr (warnings->str, ==, "");
  g_free (fixture->db_path);
  g_free (fixture->kiosk_token);
  g_free (fixture->good_slot);
}

/* Runs @sql on a connection of its own to the server's file, as damage would come. */
static void
plant (Fixture *fixture, const char *sql)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* The status of @method @path as @caller, with @body (JSON or not, or NULL); the
 * answer, which must be JSON when there is one, through @out_reply. Staff send what the
 * web console sends (nv-test-staff.h). */
static guint
request (Fixture    *fixture,
         Caller      caller,
         const char *method,
         const char *path,
         const char *body,
         JsonNode  **out_reply)
{
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  guint status;

  if (caller == AS_ADVISOR || caller == AS_ADMIN)
    status
        = nv_test_staff_send (fixture->staff[caller == AS_ADMIN], method, path, body, &reply, NULL);
  else
    {
      g_autofree char *url = g_strconcat (fixture->server.url, path + 1, NULL);
      g_autoptr (SoupMessage) msg = soup_message_new (method, url);
      g_autofree char *authorization = g_strconcat ("Bearer ", fixture->kiosk_token, NULL);

      if (caller == AS_KIOSK)
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                      authorization);
      if (body != NULL)
        {
          g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

          soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
        }
      reply = nv_test_http_send (fixture->session, msg, 10000);
      status = soup_message_get_status (msg);
    }
  if (g_bytes_get_size (reply) > 0)
    {
      node = nv_json_parse_bytes (reply, 0, &error);
      g_assert_no_error (error);
    }
  if (out_reply != NULL)
    *out_reply = g_steal_pointer (&node);
  return status;
}

/* What a kiosk gets for ?since=@since: 200, and a bundle a kiosk accepts. */
static NvContent *
sync_content (Fixture *fixture, gint64 since)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/kiosk/content?since=%" G_GINT64_FORMAT, since);
  g_autoptr (JsonNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  NvContent *content;

  g_assert_cmpuint (request (fixture, AS_KIOSK, "GET", path, NULL, &reply), ==, 200);
  content = nv_content_from_json (reply, &error);
  g_assert_no_error (error);
  return content;
}

static gboolean
holds (GPtrArray *items, const char *id)
{
  /* Every model type starts with its id. */
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (*(const char *const *) g_ptr_array_index (items, i), id))
      return TRUE;
  return FALSE;
}

/* The ids in the list @member of @reply, joined with spaces. */
static char *
listed_ids (JsonNode *reply, const char *member)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (reply), member);
  g_autoptr (GString) ids = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    g_string_append_printf (
        ids, "%s%s", i > 0 ? " " : "",
        json_object_get_string_member (json_array_get_object_element (items, i), "id"));
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

static GLogWriterOutput
capture_warnings_cb (GLogLevelFlags   level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
      domain = fields[i].value;
    else if (g_str_equal (fields[i].key, "MESSAGE"))
      message = fields[i].value;
  if ((level & G_LOG_LEVEL_WARNING) && g_strcmp0 (domain, "neuvokas-server") == 0)
    {
      g_string_append_printf (warnings, "%s\n", message);
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* That the server left out and logged exactly @items ("slot slot-y49"), in that order,
 * one warning each, naming the item and why. */
static void
assert_left_out (const char *const *items)
{
  g_auto (GStrv) lines = g_strsplit (warnings->str, "\n", -1);
  guint n = 0;

  for (; items[n] != NULL; n++)
    {
      g_auto (GStrv) kind_id = g_strsplit (items[n], " ", 2);
      g_autofree char *lead = g_strdup_printf (
          "Left out the stored %s “%s”, which does not pass validation: ", kind_id[0], kind_id[1]);

      g_assert_nonnull (lines[n]);
      if (!g_str_has_prefix (lines[n], lead) || strlen (lines[n]) == strlen (lead))
        g_error ("warning %u is “%s”, not “%s…”", n, lines[n], lead);
    }
  g_assert_cmpstr (lines[n], ==, "");
  g_assert_null (lines[n + 1]);
  g_string_truncate (warnings, 0);
}

#define LEFT_OUT(...) assert_left_out ((const char *const[]){ __VA_ARGS__, NULL })

/* Stored values that break no kiosk */

/* A slot in the year 49, as %Y wrote it before the fixed-width formatter and as the
 * fixed width writes it: each is left out and logged, and every sync, full and delta,
 * still answers 200 with everything else. Cancelling it mends nothing it needs to. */
static void
test_slot_year_49 (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvContent) full = NULL;
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (NvContent) after_cancel = NULL;
  g_autoptr (JsonNode) slots = NULL;
  g_autofree char *ids = NULL;

  plant (fixture,
         "INSERT INTO slots (id, revision, organisation, kind, starts_at, duration_minutes,"
         " capacity) VALUES ('slot-y49', 3, 'test-library', 'digital-support',"
         " '49-12-10T08:00:00.000Z', 30, 2), ('slot-0049', 3, NULL, 'home-visit',"
         " '0049-12-10T08:00:00.000Z', 60, 1);"
         "UPDATE meta SET value = '3' WHERE key = 'content_revision';");

  /* Text order put "49-…" after every real time: a full bundle read it. */
  full = sync_content (fixture, 0);
  LEFT_OUT ("slot slot-y49");
  g_assert_cmpint (full->revision, ==, 3);
  g_assert_cmpuint (full->slots->len, ==, 1);
  g_assert_true (holds (full->slots, fixture->good_slot));
  g_assert_true (holds (full->guides, "omaolo") && holds (full->guides, "call-112"));
  g_assert_cmpuint (full->organisations->len, ==, 2);
  g_assert_cmpuint (full->categories->len, ==, 2);

  /* A delta carries every changed slot, past or not. */
  delta = sync_content (fixture, 1);
  LEFT_OUT ("slot slot-0049", "slot slot-y49");
  g_assert_cmpuint (delta->slots->len, ==, 1);
  g_assert_true (holds (delta->slots, fixture->good_slot));

  /* The advisors' list still answers, with the slot they can mend. */
  g_assert_cmpuint (request (fixture, AS_ADVISOR, "GET", "/api/v1/staff/slots", NULL, &slots), ==,
                    200);
  LEFT_OUT ("slot slot-y49");
  ids = listed_ids (slots, "slots");
  g_assert_cmpstr (ids, ==, fixture->good_slot);

  g_assert_cmpuint (request (fixture, AS_ADVISOR, "POST", "/api/v1/staff/slots/cancel",
                             "{\"id\": \"slot-y49\"}", NULL),
                    ==, 200);
  after_cancel = sync_content (fixture, 3);
  LEFT_OUT ("slot slot-y49");
  g_assert_cmpuint (after_cancel->slots->len, ==, 0);
}

/* Documents that fail their validator, or are not JSON at all, are left out of both
 * bundles and of the advisors' lists; so is whatever a full bundle would then hold with
 * a reference to nothing. */
static void
test_damaged_documents (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvContent) full = NULL;
  g_autoptr (NvContent) delta = NULL;
  g_autoptr (JsonNode) categories = NULL;
  g_autoptr (JsonNode) guides = NULL;
  g_autoptr (JsonNode) organisations = NULL;
  g_autofree char *category_ids = NULL;
  g_autofree char *guide_ids = NULL;
  g_autofree char *organisation_ids = NULL;

  plant (fixture,
         "UPDATE guides SET revision = 3, document = json_set (document, '$.title.fi',"
         " 'Omaolo' || char (10) || 'kaksi riviä') WHERE id = 'omaolo';"
         "UPDATE categories SET revision = 3, document = '{\"id\": \"safety\", ' WHERE id ="
         " 'safety';"
         "UPDATE organisations SET revision = 3, document = json_set (document,"
         " '$.municipality', '999') WHERE id = 'test-association';"
         "INSERT INTO guide_drafts (id, document, updated, updated_by) VALUES ('broken',"
         " 'not json', 0, 'aino');"
         "UPDATE meta SET value = '3' WHERE key = 'content_revision';");

  /* Its category was left out above. */
  full = sync_content (fixture, 0);
  /* Organisations are written before guides, so that a guide naming one left out is
   * left out as it is read (server_store_write_content). */
  LEFT_OUT ("category safety", "organisation test-association", "guide call-112", "guide omaolo");
  g_assert_cmpuint (full->categories->len, ==, 1);
  g_assert_true (holds (full->categories, "health"));
  g_assert_cmpuint (full->guides->len, ==, 0);
  g_assert_cmpuint (full->organisations->len, ==, 1);
  g_assert_true (holds (full->organisations, "test-library"));
  g_assert_true (holds (full->slots, fixture->good_slot));

  /* A delta may name what a kiosk already has: only the damaged items are left out. */
  delta = sync_content (fixture, 1);
  LEFT_OUT ("category safety", "organisation test-association", "guide omaolo");
  g_assert_cmpuint (delta->categories->len + delta->guides->len + delta->organisations->len, ==, 0);
  g_assert_true (holds (delta->slots, fixture->good_slot));

  g_assert_cmpuint (
      request (fixture, AS_ADVISOR, "GET", "/api/v1/staff/categories", NULL, &categories), ==, 200);
  LEFT_OUT ("category safety");
  category_ids = listed_ids (categories, "categories");
  g_assert_cmpstr (category_ids, ==, "health");

  /* Advisors see a guide that fails validation, to mend it; one that is not JSON is
   * left out. */
  g_assert_cmpuint (request (fixture, AS_ADVISOR, "GET", "/api/v1/staff/guides", NULL, &guides), ==,
                    200);
  LEFT_OUT ("guide broken");
  guide_ids = listed_ids (guides, "guides");
  g_assert_cmpstr (guide_ids, ==, "call-112 omaolo");

  plant (fixture, "UPDATE organisations SET document = '[' WHERE id = 'test-association'");
  g_assert_cmpuint (
      request (fixture, AS_ADVISOR, "GET", "/api/v1/staff/organisations", NULL, &organisations), ==,
      200);
  LEFT_OUT ("organisation test-association");
  organisation_ids = listed_ids (organisations, "organisations");
  g_assert_cmpstr (organisation_ids, ==, "test-library");
}

/* Migration 9: times written before the year was padded are rewritten in the one fixed
 * width, so that text order is time order again; the rest is left as it was. */
static void
test_times_migrated (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) slots = NULL;
  g_autoptr (GDateTime) from = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  sqlite3                 *db = NULL;
  sqlite3_stmt            *stmt = NULL;
  static const char *const expected[][2] = {
    { "SELECT starts_at FROM slots WHERE id = 'slot-y49'", "0049-12-10T08:00:00.000Z" },
    { "SELECT time || ' ' || received FROM events WHERE id = 'e'",
      "0049-01-02T03:04:05.006Z 2026-12-01T10:00:00.000Z" },
    { "SELECT created || ' ' || received || ' ' || contacted_at FROM appointments",
      "0999-01-01T00:00:00.000Z 2026-12-01T10:00:00.000Z 0001-01-01T00:00:00.000Z" },
    { "SELECT time FROM audit_log", "0050-05-05T05:05:05.000Z" },
  };

  g_clear_pointer (&fixture->good_slot, g_free);
  g_assert_finalize_object (g_steal_pointer (&fixture->server.http));
  g_assert_finalize_object (g_steal_pointer (&fixture->server.store));
  plant (fixture,
         "INSERT INTO slots (id, revision, organisation, kind, starts_at, duration_minutes,"
         " capacity) VALUES ('slot-y49', 3, 'test-library', 'digital-support',"
         " '49-12-10T08:00:00.000Z', 30, 2);"
         "INSERT INTO events (id, kiosk, session, time, received, type, language, text_size,"
         " high_contrast, value) VALUES ('e', 'k', 's', '49-01-02T03:04:05.006Z',"
         " '2026-12-01T10:00:00.000Z', 'screen', 'fi', 1, 0, 0);"
         "INSERT INTO appointments (id, reference, kiosk, created, received, reason,"
         " contact_method, language, contacted_at) VALUES ('a', 'R', 'k',"
         " '999-01-01T00:00:00.000Z', '2026-12-01T10:00:00.000Z', 'other', 'phone', 'fi',"
         " '1-01-01T00:00:00.000Z');"
         "INSERT INTO audit_log (time, actor, action, appointment) VALUES"
         " ('50-05-05T05:05:05.000Z', 'staff:aino', 'show', 'a');"
         /* Back to the shape of schema 8, so the later migrations run again as well. */
         "ALTER TABLE events DROP COLUMN content_revision;"
         "ALTER TABLE events DROP COLUMN guide_version;"
         "DROP TABLE guide_versions;"
         "PRAGMA user_version = 8;");

  fixture->server.store = server_store_open (fixture->server.dir, NULL, &error);
  g_assert_no_error (error);
  fixture->server.http = server_api_new_http (fixture->server.store, NULL);

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (db, expected[i][0], -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, expected[i][1]);
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  /* Compared as time again: the year 49 is not after 2026. */
  slots = server_store_list_slots (fixture->server.store, from, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (slots->len, ==, 1);
}

/* Strict input */

/* Rows of @table, read on a connection of its own. */
static gint64
count_rows (Fixture *fixture, const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt    *stmt = NULL;
  sqlite3         *db = NULL;
  gint64           n;

  g_assert_cmpint (sqlite3_open (fixture->db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* What any change would show in: content, slots, events, requests, drafts, accounts. */
static char *
state_of (Fixture *fixture)
{
  return g_strdup_printf (
      "revision %" G_GINT64_FORMAT ", slots %" G_GINT64_FORMAT ", events %" G_GINT64_FORMAT
      ", requests %" G_GINT64_FORMAT ", drafts %" G_GINT64_FORMAT ", users %" G_GINT64_FORMAT,
      server_store_get_revision (fixture->server.store), count_rows (fixture, "slots"),
      count_rows (fixture, "events"), count_rows (fixture, "appointments"),
      count_rows (fixture, "guide_drafts"), count_rows (fixture, "users"));
}

/* @status, with a JSON error that says why and, for @field, names it. */
static void
assert_refused (Fixture    *fixture,
                Caller      caller,
                const char *path,
                const char *body,
                guint       status,
                const char *field)
{
  g_autoptr (JsonNode) reply = NULL;
  JsonObject *object;

  g_test_message ("%s %s", path, body);
  g_assert_cmpuint (request (fixture, caller, "POST", path, body, &reply), ==, status);
  g_assert_nonnull (reply);
  object = json_node_get_object (reply);
  g_assert_nonnull (json_object_get_string_member_with_default (object, "error", NULL));
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (object, "field", NULL), ==, field);
}

/* JSON as a browser's JSON.parse reads it, no looser: single quotes, comments, hex
 * numbers, a trailing comma or value are 400 on every route that takes a body, and
 * nothing changes. */
static void
test_not_strict_json (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    Caller      caller;
    const char *path;
  } routes[] = {
    { AS_KIOSK, "/api/v1/kiosk/events" },          { AS_KIOSK, "/api/v1/kiosk/appointments" },
    { AS_ADVISOR, "/api/v1/staff/slots" },         { AS_ADVISOR, "/api/v1/staff/guides/draft" },
    { AS_ADVISOR, "/api/v1/staff/organisations" }, { AS_ADMIN, "/api/v1/staff/users" },
  };
  static const char *const bodies[] = {
    "{'events': []}",
    "/* c */ {\"events\": []}",
    "{\"events\": []} // c",
    "{\"n\": 0x10}",
    "{\"capacity\": 0x10, \"kind\": \"home-visit\", \"starts_at\": \"2099-01-01T10:00:00Z\"}",
    "{\"events\": []} {}",
    "{\"events\": [],}",
  };
  g_autofree char *before = state_of (fixture);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (bodies); j++)
      assert_refused (fixture, routes[i].caller, routes[i].path, bodies[j], 400, NULL);
  after = state_of (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* A \u0000 escape would cut "Aino\u0000<script>" to "Aino" where C reads it, past every
 * check: it is refused, whoever sends it, and nothing is stored. */
static void
test_nul_escape (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvAppointment) appointment = nv_appointment_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *item = NULL;
  g_autofree char *body = NULL;
  g_autofree char *before = state_of (fixture);
  g_autofree char *after = NULL;
  g_auto (GStrv) halves = NULL;

  appointment->reason = g_strdup ("device");
  appointment->contact_method = g_strdup ("phone");
  appointment->preferred_days = g_strsplit ("mon", ",", -1);
  appointment->preferred_time = g_strdup ("morning");
  appointment->name = g_strdup ("NAME");
  appointment->phone = g_strdup ("+358401112233");
  node = nv_appointment_to_json (appointment);
  item = nv_json_to_string (node, FALSE);
  halves = g_strsplit (item, "NAME", 2);
  body = g_strdup_printf ("{\"appointments\": [%sAino\\u0000<script>%s]}", halves[0], halves[1]);

  assert_refused (fixture, AS_KIOSK, "/api/v1/kiosk/appointments", body, 400, NULL);
  assert_refused (fixture, AS_ADVISOR, "/api/v1/staff/organisations",
                  "{\"organisation\": {\"id\": \"aino\", \"name\": {\"fi\": "
                  "\"Aino\\u0000<script>\"}, \"kind\": \"library\", \"municipality\": \"564\"}}",
                  400, NULL);
  assert_refused (fixture, AS_ADMIN, "/api/v1/staff/users",
                  "{\"name\": \"aino\\u0000x\", \"role\": \"advisor\", \"password\": "
                  "\"long-enough-password\"}",
                  400, NULL);
  after = state_of (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* A name or a title is one line: a line break, a tab, a C0 or C1 control or U+2028 is
 * 422 naming the field; steps and descriptions keep their line breaks. */
static void
test_names_one_line (Fixture *fixture, gconstpointer data)
{
  static const char *const breaks[]
      = { "\\n", "\\t", "\\r", "\\u001b", "\\u0085", "\\u2028", "\xc2\x85", "\xe2\x80\xa8" };
  g_autofree char *before = state_of (fixture);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (breaks); i++)
    {
      g_autofree char *organisation = g_strdup_printf (
          "{\"organisation\": {\"id\": \"new-place\", \"name\": {\"fi\": \"Uusi%spaikka\"},"
          " \"kind\": \"library\", \"municipality\": \"564\"}}",
          breaks[i]);
      g_autofree char *guide = g_strdup_printf (
          "{\"guide\": {\"id\": \"new-guide\", \"category\": \"health\", \"title\": {\"fi\":"
          " \"Uusi\", \"sv\": \"Ny%sguide\"}, \"steps\": [{\"text\": {\"fi\": \"a\"}}]}}",
          breaks[i]);
      g_autofree char *user
          = g_strdup_printf ("{\"name\": \"new%suser\", \"role\": \"advisor\", \"password\": "
                             "\"long-enough-password\"}",
                             breaks[i]);

      assert_refused (fixture, AS_ADVISOR, "/api/v1/staff/organisations", organisation, 422,
                      "organisation.name.fi");
      assert_refused (fixture, AS_ADVISOR, "/api/v1/staff/guides/draft", guide, 422,
                      "guide.title.sv");
      assert_refused (fixture, AS_ADMIN, "/api/v1/staff/users", user, 422, "name");
    }
  after = state_of (fixture);
  g_assert_cmpstr (after, ==, before);

  /* Multi-line by design. */
  g_assert_cmpuint (request (fixture, AS_ADVISOR, "POST", "/api/v1/staff/guides/draft",
                             "{\"guide\": {\"id\": \"new-guide\", \"category\": \"health\","
                             " \"title\": {\"fi\": \"Uusi\"}, \"steps\": [{\"text\": {\"fi\":"
                             " \"Avaa sivu.\\nValitse\\tpassi.\"}}]}}",
                             NULL),
                    ==, 200);
  g_assert_cmpuint (request (fixture, AS_ADVISOR, "POST", "/api/v1/staff/organisations",
                             "{\"organisation\": {\"id\": \"new-place\", \"name\": {\"fi\":"
                             " \"Uusi paikka\"}, \"description\": {\"fi\": \"Kaksi\\nriviä\"},"
                             " \"kind\": \"library\", \"municipality\": \"564\"}}",
                             NULL),
                    ==, 200);
}

/* Municipality codes are checked against the national list wherever one is written. */
static void
test_municipality_999 (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *before = state_of (fixture);
  g_autofree char *after = NULL;

  assert_refused (fixture, AS_ADVISOR, "/api/v1/staff/organisations",
                  "{\"organisation\": {\"id\": \"new-place\", \"name\": {\"fi\": \"Uusi\"},"
                  " \"kind\": \"library\", \"municipality\": \"999\"}}",
                  422, "organisation.municipality");
  g_assert_false (
      server_store_add_kiosk (fixture->server.store, "Aula", "999", &id, &token, &error));
  g_assert_cmpstr (nv_error_get_field (error), ==, "municipality");
  after = state_of (fixture);
  g_assert_cmpstr (after, ==, before);
}

/* A slot's time is checked at the API as every reader checks it: the year 49 is 422
 * naming starts_at, and so is 2000-01-01T00:30+02:00, which is 1999 as it is stored. */
static void
test_slot_out_of_range (Fixture *fixture, gconstpointer data)
{
  static const char *const times[]
      = { "0049-12-10T08:00:00Z", "2101-01-01T00:00:00Z", "2000-01-01T00:30:00+02:00" };
  g_autofree char *before = state_of (fixture);
  g_autofree char *after = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *body = g_strdup_printf (
          "{\"kind\": \"home-visit\", \"starts_at\": \"%s\", \"capacity\": 1}", times[i]);

      assert_refused (fixture, AS_ADVISOR, "/api/v1/staff/slots", body, 422, "starts_at");
    }
  after = state_of (fixture);
  g_assert_cmpstr (after, ==, before);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  warnings = g_string_new (NULL);
  g_log_set_writer_func (capture_warnings_cb, NULL, NULL);
  server_store_use_cheap_password_hashing ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server-hostile/stored/slot-year-49", test_slot_year_49);
  ADD ("/server-hostile/stored/damaged-documents", test_damaged_documents);
  ADD ("/server-hostile/stored/times-migrated", test_times_migrated);
  ADD ("/server-hostile/strict/not-strict-json", test_not_strict_json);
  ADD ("/server-hostile/strict/nul-escape", test_nul_escape);
  ADD ("/server-hostile/strict/names-one-line", test_names_one_line);
  ADD ("/server-hostile/strict/municipality-999", test_municipality_999);
  ADD ("/server-hostile/strict/slot-out-of-range", test_slot_out_of_range);
#undef ADD

  return g_test_run ();
}
