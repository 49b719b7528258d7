/* test-server-content-history.c — every guide and organisation keeps its versions, over
 * real HTTP
 *
 * Each publish with a change is a version, named by its revision, with who made it and
 * when; a publish that changes nothing makes none. Restoring an old version publishes it
 * again as the next revision (what kiosks then get), audited; it is refused, naming the
 * field and changing nothing, over a draft, for the version published now, for a version
 * that does not exist, and for a malformed request. The lists of guides and
 * organisations say which languages each is not yet translated into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "nv-test-advisor.h"
#include "server-store-history.h"
#include "server-store-private.h"

/* The seeded guide "omaolo" with a Finnish title of its own (%s). */
#define OMAOLO_DRAFT                                                                               \
  "{\"guide\": {\"id\": \"omaolo\", \"category\": \"health\","                                     \
  " \"title\": {\"fi\": \"%s\", \"en\": \"Omaolo\"},"                                              \
  " \"steps\": [{\"text\": {\"fi\": \"Avaa omaolo.fi.\", \"en\": \"Open omaolo.fi.\"}},"           \
  "             {\"text\": {\"fi\": \"Valitse oirearvio.\"}}]}}"
#define LIBRARY                                                                                    \
  "{\"organisation\": {\"id\": \"test-library\", \"name\": {\"fi\": \"%s\"},"                      \
  " \"kind\": \"library\", \"municipality\": \"564\"}}"

typedef NvTestAdvisorServer Fixture;

static JsonNode *
call (Fixture *fixture, const char *method, const char *path, const char *body, guint status)
{
  return nv_test_staff_call (fixture->advisor, method, path, body, status);
}

/* Saves omaolo's draft titled @title and publishes it; returns the revision. */
static gint64
publish_omaolo (Fixture *fixture, const char *title)
{
  g_autofree char *body = g_strdup_printf (OMAOLO_DRAFT, title);
  g_autoptr (JsonNode) saved = call (fixture, "POST", "/api/v1/staff/guides/draft", body, 200);
  g_autoptr (JsonNode) published
      = call (fixture, "POST", "/api/v1/staff/guides/publish", "{\"id\": \"omaolo\"}", 200);

  return json_object_get_int_member (json_node_get_object (published), "revision");
}

/* The Finnish title of omaolo as kiosks have it now. */
static char *
published_title (Fixture *fixture)
{
  g_autoptr (NvGuide) published = NULL;
  g_autoptr (NvGuide) draft = NULL;
  g_autoptr (GError) error = NULL;
  gint64 revision;

  g_assert_true (server_store_get_guide_versions (fixture->server.store, "omaolo", &published,
                                                  &draft, &revision, &error));
  g_assert_no_error (error);
  return g_strdup (nv_text_get (&published->title, NV_LANG_FI, NULL));
}

static JsonArray *
versions_of (JsonNode *answer)
{
  return json_object_get_array_member (json_node_get_object (answer), "versions");
}

static gint64
audit_rows (Fixture *fixture, const char *action, const char *subject)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *stmt = server_store_prepare (
      fixture->server.store,
      "SELECT count (*) FROM audit_log WHERE action = ?1 AND appointment = ?2 AND actor = 'aino'",
      &error);
  gint64 count;

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, subject, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

static void
assert_error (JsonNode *answer, const char *field, const char *code)
{
  JsonObject *object = json_node_get_object (answer);

  g_assert_cmpstr (json_object_get_string_member (object, "field"), ==, field);
  g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, code);
}

/* The seed is the first version; each publish with a change another, signed; a publish
 * that changes nothing makes none; each version reads back as it was. */
static void
test_versions_kept (Fixture *fixture, gconstpointer data)
{
  gint64 first = publish_omaolo (fixture, "Omaolo, ensimmäinen muutos");
  gint64 second = publish_omaolo (fixture, "Omaolo, toinen muutos");
  gint64 same = publish_omaolo (fixture, "Omaolo, toinen muutos");
  g_autoptr (JsonNode) list
      = call (fixture, "GET", "/api/v1/staff/versions?kind=guide&id=omaolo", NULL, 200);
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) old = NULL;
  JsonArray  *versions = versions_of (list);
  JsonObject *newest, *seed, *document;

  g_assert_cmpint (first, <, second);
  g_assert_cmpint (second, <, same);
  g_assert_cmpuint (json_array_get_length (versions), ==, 3);
  newest = json_array_get_object_element (versions, 0);
  g_assert_cmpint (json_object_get_int_member (newest, "revision"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (newest, "changed_by"), ==, "aino");
  g_assert_nonnull (json_object_get_string_member (newest, "changed_at"));
  g_assert_true (json_object_get_null_member (newest, "restored_from"));
  g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (versions, 1), "revision"), ==,
      first);
  /* The seed: no staff member made it. */
  seed = json_array_get_object_element (versions, 2);
  g_assert_cmpint (json_object_get_int_member (seed, "revision"), ==, 1);
  g_assert_true (json_object_get_null_member (seed, "changed_by"));
  /* Published unchanged, kiosks have the last revision of the same version. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (list), "current"), ==, same);

  path = g_strdup_printf ("/api/v1/staff/version?kind=guide&id=omaolo&revision=%" G_GINT64_FORMAT,
                          first);
  old = call (fixture, "GET", path, NULL, 200);
  document = json_object_get_object_member (json_node_get_object (old), "document");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (document, "title"), "fi"), ==,
      "Omaolo, ensimmäinen muutos");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (old), "changed_by"), ==,
                   "aino");
}

/* Restoring publishes the old text as the next revision, which kiosks get; the new
 * version says what it restored, and the audit log who did it. */
static void
test_restore (Fixture *fixture, gconstpointer data)
{
  gint64           first = publish_omaolo (fixture, "Omaolo, ensimmäinen muutos");
  gint64           second = publish_omaolo (fixture, "Omaolo, toinen muutos");
  g_autofree char *body = g_strdup_printf (
      "{\"kind\": \"guide\", \"id\": \"omaolo\", \"revision\": %" G_GINT64_FORMAT "}", first);
  g_autoptr (JsonNode) restored
      = call (fixture, "POST", "/api/v1/staff/versions/restore", body, 200);
  g_autoptr (JsonNode) list = NULL;
  g_autofree char *title = published_title (fixture);
  gint64      revision = json_object_get_int_member (json_node_get_object (restored), "revision");
  JsonObject *newest;

  g_assert_cmpint (revision, >, second);
  g_assert_cmpint (revision, ==, server_store_get_revision (fixture->server.store));
  g_assert_cmpstr (title, ==, "Omaolo, ensimmäinen muutos");
  list = call (fixture, "GET", "/api/v1/staff/versions?kind=guide&id=omaolo", NULL, 200);
  g_assert_cmpuint (json_array_get_length (versions_of (list)), ==, 4);
  newest = json_array_get_object_element (versions_of (list), 0);
  g_assert_cmpint (json_object_get_int_member (newest, "revision"), ==, revision);
  g_assert_cmpint (json_object_get_int_member (newest, "restored_from"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (newest, "changed_by"), ==, "aino");
  g_assert_cmpint (audit_rows (fixture, "content-restored", "guide/omaolo"), ==, 1);

  /* The seed's text, back from before any change. */
  {
    g_autoptr (JsonNode) again
        = call (fixture, "POST", "/api/v1/staff/versions/restore",
                "{\"kind\": \"guide\", \"id\": \"omaolo\", \"revision\": 1}", 200);
    g_autofree char *seeded = published_title (fixture);

    g_assert_cmpstr (seeded, ==, "Omaolo");
  }
}

/* Organisations keep theirs too: a save is a version, and a restore brings the name
 * back. */
static void
test_organisation (Fixture *fixture, gconstpointer data)
{
  g_autofree char *renamed = g_strdup_printf (LIBRARY, "Testikirjasto, uusi nimi");
  g_autoptr (JsonNode) saved = call (fixture, "POST", "/api/v1/staff/organisations", renamed, 200);
  g_autoptr (JsonNode) list = call (
      fixture, "GET", "/api/v1/staff/versions?kind=organisation&id=test-library", NULL, 200);
  g_autoptr (JsonNode) restored = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (json_array_get_length (versions_of (list)), ==, 2);
  restored = call (fixture, "POST", "/api/v1/staff/versions/restore",
                   "{\"kind\": \"organisation\", \"id\": \"test-library\", \"revision\": 1}", 200);
  organisation = server_store_get_organisation (fixture->server.store, "test-library", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (nv_text_get (&organisation->name, NV_LANG_FI, NULL), ==, "Testikirjasto");
  g_assert_cmpint (audit_rows (fixture, "content-restored", "organisation/test-library"), ==, 1);
}

/* Each refusal names its field and loses nothing: the revision, the published text and
 * a waiting draft stay as they were. */
static void
test_refusals (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *method;
    const char *path;
    const char *body;
    guint       status;
    const char *field;
    const char *code;
  } cases[] = {
    /* The version published now (CURRENT: its revision). */
    { "POST", "/api/v1/staff/versions/restore",
      "{\"kind\": \"guide\", \"id\": \"omaolo\", \"revision\": CURRENT}", 422, "revision",
      "version-current" },
    { "POST", "/api/v1/staff/versions/restore",
      "{\"kind\": \"guide\", \"id\": \"omaolo\", \"revision\": 99}", 404, NULL, "not-found" },
    { "POST", "/api/v1/staff/versions/restore",
      "{\"kind\": \"guide\", \"id\": \"nowhere\", \"revision\": 1}", 404, NULL, "not-found" },
    { "POST", "/api/v1/staff/versions/restore",
      "{\"kind\": \"category\", \"id\": \"health\", \"revision\": 1}", 422, "kind", "invalid" },
    { "POST", "/api/v1/staff/versions/restore", "{\"kind\": \"guide\", \"id\": \"omaolo\"}", 422,
      "revision", "required" },
    { "POST", "/api/v1/staff/versions/restore",
      "{\"kind\": \"guide\", \"id\": \"omaolo\", \"revision\": \"1\"}", 422, "revision", NULL },
    { "POST", "/api/v1/staff/versions/restore", "{\"kind\": \"guide\", \"revision\": 1}", 422, "id",
      "required" },
    { "POST", "/api/v1/staff/versions/restore", "{\"kind\": \"guide\", \"id\": \"omaolo\",", 400,
      NULL, NULL },
    { "POST", "/api/v1/staff/versions/restore", "[1]", 400, NULL, NULL },
    { "GET", "/api/v1/staff/versions?id=omaolo", NULL, 400, "kind", NULL },
    { "GET", "/api/v1/staff/versions?kind=guide", NULL, 400, "id", NULL },
    { "GET", "/api/v1/staff/versions?kind=guide&id=nowhere", NULL, 404, NULL, "not-found" },
    { "GET", "/api/v1/staff/version?kind=guide&id=omaolo&revision=x", NULL, 400, "revision", NULL },
    { "GET", "/api/v1/staff/version?kind=guide&id=omaolo&revision=0", NULL, 400, "revision", NULL },
    { "GET", "/api/v1/staff/version?kind=guide&id=omaolo", NULL, 400, "revision", NULL },
    { "GET", "/api/v1/staff/version?kind=guide&id=omaolo&revision=98", NULL, 404, NULL,
      "not-found" },
  };
  gint64           current = publish_omaolo (fixture, "Omaolo, muutettu");
  g_autofree char *current_text = g_strdup_printf ("%" G_GINT64_FORMAT, current);
  gint64           revision = server_store_get_revision (fixture->server.store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (GStrv) parts
          = cases[i].body != NULL ? g_strsplit (cases[i].body, "CURRENT", -1) : NULL;
      g_autofree char *body = parts != NULL ? g_strjoinv (current_text, parts) : NULL;
      g_autoptr (JsonNode) answer = NULL;
      g_autofree char *title = NULL;

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, body ? body : "");
      answer = call (fixture, cases[i].method, cases[i].path, body, cases[i].status);
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "field"), ==,
                         cases[i].field);
      if (cases[i].code != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "code"), ==,
                         cases[i].code);
      g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, revision);
      title = published_title (fixture);
      g_assert_cmpstr (title, ==, "Omaolo, muutettu");
    }

  /* A draft waits: restoring would publish over the advisor's work. */
  {
    g_autofree char *draft = g_strdup_printf (OMAOLO_DRAFT, "Omaolo, kesken");
    g_autoptr (JsonNode) saved = call (fixture, "POST", "/api/v1/staff/guides/draft", draft, 200);
    g_autoptr (JsonNode) refused
        = call (fixture, "POST", "/api/v1/staff/versions/restore",
                "{\"kind\": \"guide\", \"id\": \"omaolo\", \"revision\": 1}", 422);
    g_autoptr (JsonNode) guide = call (fixture, "GET", "/api/v1/staff/guide?id=omaolo", NULL, 200);

    assert_error (refused, "id", "draft-exists");
    g_assert_cmpint (server_store_get_revision (fixture->server.store), ==, revision);
    g_assert_cmpstr (
        json_object_get_string_member (
            json_object_get_object_member (
                json_object_get_object_member (json_node_get_object (guide), "draft"), "title"),
            "fi"),
        ==, "Omaolo, kesken");
  }
  g_assert_cmpint (audit_rows (fixture, "content-restored", "guide/omaolo"), ==, 0);
}

/* A store made before versions were kept: what is published is its first version,
 * signed by whoever last changed it. */
static void
test_migration (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ServerStore) reopened = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  g_autofree char   *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  gint64             revision = publish_omaolo (fixture, "Omaolo, ennen versioita");
  gint64             current = 0;
  sqlite3           *db = server_store_get_db (fixture->server.store);
  guint              n_migrations;
  const NvMigration *migrations = server_store_migrations (&n_migrations);
  g_autofree char   *back = NULL;
  int                before = -1;

  /* Back to the version before the migration that made the table. */
  for (guint i = 0; i < n_migrations; i++)
    if (strstr (migrations[i].sql, "TABLE IF NOT EXISTS content_versions") != NULL)
      before = migrations[i].version - 1;
  g_assert_cmpint (before, >, 0);
  back = g_strdup_printf ("DROP TABLE content_versions; PRAGMA user_version = %d", before);

  g_assert_true (nv_sqlite_exec (db, back, &error));
  g_assert_no_error (error);
  reopened = server_store_open (fixture->server.dir, seed, &error);
  g_assert_no_error (error);
  versions = server_store_list_versions (reopened, "guide", "omaolo", &current, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 1);
  g_assert_cmpint (((ServerContentVersion *) versions->pdata[0])->revision, ==, revision);
  g_assert_cmpstr (((ServerContentVersion *) versions->pdata[0])->changed_by, ==, "aino");
  g_assert_cmpint (current, ==, revision);
}

/* The codes in an item's "missing", joined: "sv,en". */
static char *
missing_of (JsonNode *list, const char *member, const char *id)
{
  JsonArray *items = json_object_get_array_member (json_node_get_object (list), member);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      JsonArray  *missing = json_object_get_array_member (item, "missing");
      GString    *codes = g_string_new (NULL);

      if (!g_str_equal (json_object_get_string_member (item, "id"), id))
        {
          g_string_free (codes, TRUE);
          continue;
        }
      for (guint j = 0; j < json_array_get_length (missing); j++)
        g_string_append_printf (codes, "%s%s", j ? "," : "",
                                json_array_get_string_element (missing, j));
      return g_string_free (codes, FALSE);
    }
  g_assert_not_reached ();
}

/* A language is missing while any text in it is: a step or the summary as much as the
 * title. */
static void
test_missing_languages (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonNode) saved = NULL;
  g_autoptr (JsonNode) guides = NULL;
  g_autoptr (JsonNode) organisations = NULL;
  g_autofree char *omaolo = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *no_summary = NULL;
  g_autofree char *library = NULL;
  g_autofree char *association = NULL;

  /* Every text in three languages but one step's Swedish. */
  saved = call (fixture, "POST", "/api/v1/staff/guides/draft",
                "{\"guide\": {\"id\": \"whole\", \"category\": \"health\","
                " \"title\": {\"fi\": \"Koko\", \"sv\": \"Hel\", \"en\": \"Whole\"},"
                " \"summary\": {\"fi\": \"Yksi.\", \"sv\": \"En.\", \"en\": \"One.\"},"
                " \"steps\": [{\"text\": {\"fi\": \"A.\", \"sv\": \"A.\", \"en\": \"A.\"}},"
                "  {\"text\": {\"fi\": \"B.\", \"en\": \"B.\"}}]}}",
                200);
  g_clear_pointer (&saved, json_node_unref);
  saved = call (fixture, "POST", "/api/v1/staff/guides/draft",
                "{\"guide\": {\"id\": \"nosummary\", \"category\": \"health\","
                " \"title\": {\"fi\": \"Ei\", \"sv\": \"Nej\", \"en\": \"No\"},"
                " \"steps\": [{\"text\": {\"fi\": \"A.\", \"sv\": \"A.\", \"en\": \"A.\"}}]}}",
                200);
  guides = call (fixture, "GET", "/api/v1/staff/guides", NULL, 200);
  whole = missing_of (guides, "guides", "whole");
  no_summary = missing_of (guides, "guides", "nosummary");
  /* The seed's omaolo: no Swedish at all, a step without English. */
  omaolo = missing_of (guides, "guides", "omaolo");
  /* Plain Finnish counts as a language of its own (none of these has it). */
  g_assert_cmpstr (whole, ==, "sv,fi-x-selko");
  g_assert_cmpstr (no_summary, ==, "fi-x-selko");
  g_assert_cmpstr (omaolo, ==, "sv,en,fi-x-selko");

  organisations = call (fixture, "GET", "/api/v1/staff/organisations", NULL, 200);
  library = missing_of (organisations, "organisations", "test-library");
  association = missing_of (organisations, "organisations", "test-association");
  g_assert_cmpstr (library, ==, "fi-x-selko");
  g_assert_cmpstr (association, ==, "sv,en,fi-x-selko");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  server_store_use_cheap_password_hashing ();

  g_test_add ("/content-history/versions-kept", Fixture, NULL, nv_test_advisor_server_setup,
              test_versions_kept, nv_test_advisor_server_teardown);
  g_test_add ("/content-history/restore", Fixture, NULL, nv_test_advisor_server_setup, test_restore,
              nv_test_advisor_server_teardown);
  g_test_add ("/content-history/organisation", Fixture, NULL, nv_test_advisor_server_setup,
              test_organisation, nv_test_advisor_server_teardown);
  g_test_add ("/content-history/refusals", Fixture, NULL, nv_test_advisor_server_setup,
              test_refusals, nv_test_advisor_server_teardown);
  g_test_add ("/content-history/migration", Fixture, NULL, nv_test_advisor_server_setup,
              test_migration, nv_test_advisor_server_teardown);
  g_test_add ("/content-lists/missing-languages", Fixture, NULL, nv_test_advisor_server_setup,
              test_missing_languages, nv_test_advisor_server_teardown);
  return g_test_run ();
}
