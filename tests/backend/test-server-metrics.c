/* test-server-metrics.c — /api/v1/health checks the database; /metrics speaks
 * Prometheus' text format, only to whom the operator allowed, and says nothing personal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "nv-test-http-server.h"
#include "nv-test-log.h"
#include "nv-test-staff.h"
#include "server-store-private.h"

#define ADMIN_PASSWORD "admin-password-1"
#define ADVISOR_PASSWORD "advisor-password-1"
#define TOKEN "a-prometheus-token-0123456789"

typedef struct
{
  NvTestHttpServer server;
  SoupSession     *session;
  char            *kiosk_id;
  char            *kiosk_token;
  NvTestStaff     *admin;
  gint64           now;
} Fixture;

static gint64
fixture_clock (gpointer data)
{
  return ((Fixture *) data)->now;
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  server_store_use_cheap_password_hashing ();
  nv_test_http_server_start (&fixture->server, NULL);
  fixture->now = g_get_real_time () / G_USEC_PER_SEC;
  server_store_set_clock (fixture->server.store, fixture_clock, fixture);
  fixture->session = soup_session_new ();
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Raahen kirjaston kioski", "678",
                                         &fixture->kiosk_id, &fixture->kiosk_token, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "admin-maija", SERVER_ROLE_ADMIN,
                                        ADMIN_PASSWORD, &error));
  g_assert_true (server_store_add_user (fixture->server.store, "aino", SERVER_ROLE_ADVISOR,
                                        ADVISOR_PASSWORD, &error));
  g_assert_no_error (error);
  fixture->admin = nv_test_staff_login (fixture->server.url, "admin-maija", ADMIN_PASSWORD);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->admin, nv_test_staff_free);
  g_clear_object (&fixture->session);
  nv_test_http_server_stop (&fixture->server);
  g_free (fixture->kiosk_id);
  g_free (fixture->kiosk_token);
}

/* GET @path with @authorization (may be NULL); the status, the body through @out. */
static guint
get (Fixture *fixture, const char *path, const char *authorization, char **out)
{
  g_autofree char *url = g_strconcat (fixture->server.url, path + 1, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;

  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  authorization);
  body = nv_test_http_send (fixture->session, msg, 10000);
  if (out != NULL)
    *out = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  return soup_message_get_status (msg);
}

static char *
kiosk_bearer (Fixture *fixture)
{
  return g_strconcat ("Bearer ", fixture->kiosk_token, NULL);
}

/* Parses Prometheus' text format (0.0.4) strictly: every sample's family has its TYPE
 * before it, names and labels are well formed, values are numbers, and each histogram's
 * buckets grow up to +Inf, which equals its count. Returns "name{labels}" → value. */
static GHashTable *
parse_exposition (const char *text)
{
  g_autoptr (GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *samples = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GRegex) sample = g_regex_new (
      "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\\\n])*\""
      "(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\\\n])*\")*)\\})? "
      "(-?[0-9.]+(e[-+]?[0-9]+)?|\\+Inf)$",
      0, 0, NULL);
  g_autoptr (GRegex) type_line = g_regex_new (
      "^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$", 0, 0, NULL);
  g_auto (GStrv) lines = NULL;

  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autoptr (GMatchInfo) match = NULL;
      g_autofree char *name = NULL;
      g_autofree char *family = NULL;
      g_autofree char *labels = NULL;
      g_autofree char *value = NULL;

      if (g_regex_match (type_line, lines[i], 0, &match))
        {
          g_assert_true (g_hash_table_insert (types, g_match_info_fetch (match, 1),
                                              g_match_info_fetch (match, 2)));
          continue;
        }
      if (g_str_has_prefix (lines[i], "# HELP "))
        continue;
      g_clear_pointer (&match, g_match_info_unref);
      if (!g_regex_match (sample, lines[i], 0, &match))
        g_error ("not a sample: “%s”", lines[i]);
      name = g_match_info_fetch (match, 1);
      labels = g_match_info_fetch (match, 2);
      value = g_match_info_fetch (match, 7);
      family = g_strdup (name);
      if (!g_hash_table_contains (types, family))
        {
          const char *suffixes[] = { "_bucket", "_sum", "_count" };

          for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
            if (g_str_has_suffix (name, suffixes[s]))
              family[strlen (name) - strlen (suffixes[s])] = '\0';
          g_assert_cmpstr (g_hash_table_lookup (types, family), ==, "histogram");
        }
      g_assert_true (
          g_hash_table_insert (samples, g_strconcat (name, labels, NULL), g_strdup (value)));
    }
  return samples;
}

static double
sample_value (GHashTable *samples, const char *key)
{
  const char *value = g_hash_table_lookup (samples, key);

  if (value == NULL)
    g_error ("no sample %s", key);
  return g_ascii_strtod (value, NULL);
}

#define CONTENT_ROUTE "route=\"/api/v1/kiosk/content\""

/* An admin reads it; it parses, and counts what happened: requests by route and status
 * class, their durations, the kiosks, the revision. */
static void
test_metrics_parse (Fixture *fixture, gconstpointer data)
{
  g_autofree char *bearer = kiosk_bearer (fixture);
  g_autoptr (GBytes) text = NULL;
  g_autoptr (GHashTable) samples = NULL;
  g_autoptr (SoupMessageHeaders) headers = NULL;
  g_autofree char *body = NULL;
  const char      *buckets[] = { "0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                                 "0.5",   "1",     "2.5",  "5",     "10",   "+Inf" };
  double           previous = 0;

  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (get (fixture, "/api/v1/kiosk/content", bearer, NULL), ==, 200);
  g_assert_cmpuint (get (fixture, "/api/v1/kiosk/content", "Bearer nvk_wrong", NULL), ==, 401);
  g_assert_cmpuint (get (fixture, "/no/such/page", NULL, NULL), ==, 404);
  /* Contacts are written by the event writer within a minute; now, for the count. */
  server_store_flush_kiosk_contacts (fixture->server.store, fixture->server.store);

  g_assert_cmpuint (nv_test_staff_send (fixture->admin, "GET", "/metrics", NULL, &text, &headers),
                    ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/plain");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"), ==,
                   "text/plain; version=0.0.4; charset=utf-8");
  body = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  samples = parse_exposition (body);

  g_assert_cmpfloat (
      sample_value (samples, "neuvokas_http_requests_total{" CONTENT_ROUTE ",status=\"2xx\"}"), ==,
      3);
  g_assert_cmpfloat (
      sample_value (samples, "neuvokas_http_requests_total{" CONTENT_ROUTE ",status=\"4xx\"}"), ==,
      1);
  g_assert_cmpfloat (
      sample_value (samples, "neuvokas_http_requests_total{route=\"unmatched\",status=\"4xx\"}"),
      ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (buckets); i++)
    {
      g_autofree char *key = g_strdup_printf (
          "neuvokas_http_request_duration_seconds_bucket{" CONTENT_ROUTE ",le=\"%s\"}", buckets[i]);
      double value = sample_value (samples, key);

      g_assert_cmpfloat (value, >=, previous);
      previous = value;
    }
  g_assert_cmpfloat (previous, ==, 4);
  g_assert_cmpfloat (
      sample_value (samples, "neuvokas_http_request_duration_seconds_count{" CONTENT_ROUTE "}"), ==,
      4);
  g_assert_cmpfloat (
      sample_value (samples, "neuvokas_http_request_duration_seconds_sum{" CONTENT_ROUTE "}"), >,
      0);
  g_assert_cmpfloat (sample_value (samples, "neuvokas_content_revision"), ==,
                     server_store_get_revision (fixture->server.store));
  g_assert_cmpfloat (sample_value (samples, "neuvokas_database_up"), ==, 1);
  g_assert_cmpfloat (sample_value (samples, "neuvokas_kiosks_registered"), ==, 1);
  g_assert_cmpfloat (sample_value (samples, "neuvokas_kiosks_silent"), ==, 0);
  g_assert_cmpfloat (sample_value (samples, "neuvokas_kiosk_outbox_backlog_events"), ==, 0);
  g_assert_cmpfloat (sample_value (samples, "neuvokas_ingest_pending_events"), ==, 0);
  g_assert_cmpfloat (sample_value (samples, "neuvokas_ingest_lag_seconds"), >=, 0);

  /* Nothing personal or secret: no kiosk's name or token, no staff member. */
  g_assert_null (strstr (body, "Raahe"));
  g_assert_null (strstr (body, fixture->kiosk_id));
  g_assert_null (strstr (body, "nvk_"));
  g_assert_null (strstr (body, "maija"));

  /* Two hours without a word: the kiosk is silent (read with the token: the admin's
   * session has timed out meanwhile). */
  fixture->now += 2 * 3600;
  server_api_set_metrics_access (fixture->server.http, NULL, TOKEN);
  g_clear_pointer (&samples, g_hash_table_unref);
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (get (fixture, "/metrics", "Bearer " TOKEN, &body), ==, 200);
  samples = parse_exposition (body);
  g_assert_cmpfloat (sample_value (samples, "neuvokas_kiosks_silent"), ==, 1);
}

/* Nobody else: no one signed in, an advisor, a kiosk, a wrong token, another address. */
static void
test_metrics_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvTestStaff) advisor
      = nv_test_staff_login (fixture->server.url, "aino", ADVISOR_PASSWORD);
  g_autofree char *bearer = kiosk_bearer (fixture);
  g_autofree char *body = NULL;
  g_autoptr (GPtrArray) elsewhere = NULL;
  const char *other[] = { "10.1.2.0/24", NULL };

  elsewhere = server_http_parse_proxies (other, NULL);
  server_api_set_metrics_access (fixture->server.http, elsewhere, TOKEN);
  g_assert_cmpuint (get (fixture, "/metrics", NULL, &body), ==, 401);
  g_assert_null (strstr (body, "neuvokas_"));
  g_assert_cmpuint (get (fixture, "/metrics", bearer, NULL), ==, 401);
  g_assert_cmpuint (get (fixture, "/metrics", "Bearer " TOKEN "x", NULL), ==, 401);
  g_assert_cmpuint (get (fixture, "/metrics", "Bearer a-prometheus-token", NULL), ==, 401);
  g_assert_cmpuint (nv_test_staff_send (advisor, "GET", "/metrics", NULL, NULL, NULL), ==, 403);
}

/* The operator's ways in: the token, and an allowed address. */
static void
test_metrics_token_and_address (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) loopback = NULL;
  const char      *here[] = { "127.0.0.0/8", NULL };
  g_autofree char *body = NULL;

  server_api_set_metrics_access (fixture->server.http, NULL, TOKEN);
  g_assert_cmpuint (get (fixture, "/metrics", "Bearer " TOKEN, &body), ==, 200);
  g_assert_nonnull (strstr (body, "\nneuvokas_content_revision "));
  g_assert_cmpuint (get (fixture, "/metrics", NULL, NULL), ==, 401);

  loopback = server_http_parse_proxies (here, NULL);
  server_api_set_metrics_access (fixture->server.http, loopback, NULL);
  g_assert_cmpuint (get (fixture, "/metrics", NULL, NULL), ==, 200);
  g_assert_cmpuint (get (fixture, "/metrics", "Bearer " TOKEN, NULL), ==, 200);
}

/* The health check reads the database: with its file gone from under the running server
 * (the connection still open), 503 and why, in JSON; back, 200 again. */
static void
test_health_database (Fixture *fixture, gconstpointer data)
{
  g_autofree char *db = g_build_filename (fixture->server.dir, "neuvokas.db", NULL);
  g_autofree char *aside = g_build_filename (fixture->server.dir, "aside.db", NULL);
  g_autofree char *ok = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *again = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;

  g_assert_cmpuint (get (fixture, "/api/v1/health", NULL, &ok), ==, 200);
  g_assert_nonnull (strstr (ok, "\"status\":\"ok\""));

  g_assert_cmpint (g_rename (db, aside), ==, 0);
  nv_test_log_capture ();
  g_assert_cmpuint (get (fixture, "/api/v1/health", NULL, &failed), ==, 503);
  g_assert_cmpuint (nv_test_log_count ("Health check failed: The database cannot be read (*"), ==,
                    1);
  node = json_from_string (failed, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "unavailable");
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==,
                   "The database cannot be read");
  /* The path is for the log, not for whoever asks. */
  g_assert_null (strstr (failed, fixture->server.dir));
  g_assert_cmpint (g_rename (aside, db), ==, 0);

  g_assert_cmpuint (get (fixture, "/api/v1/health", NULL, &again), ==, 200);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/metrics/parse", test_metrics_parse);
  ADD ("/metrics/refused", test_metrics_refused);
  ADD ("/metrics/token-and-address", test_metrics_token_and_address);
  ADD ("/health/database", test_health_database);
#undef ADD
  return g_test_run ();
}
