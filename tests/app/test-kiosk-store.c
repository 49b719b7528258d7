/* test-kiosk-store.c — the kiosk's local store on real SQLite files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-store.h"
#include "kiosk-store-private.h"
#include "nv-test-util.h"

typedef struct
{
  char       *dir;
  KioskStore *store;
  NvContent  *content;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GError) error = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  fixture->content = nv_content_load_dir (seed, &error);
  g_assert_no_error (error);
  fixture->content->revision = 4;
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->store);
  nv_content_free (fixture->content);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
changed_cb (KioskStore *store, guint *count)
{
  (*count)++;
}

static void
test_apply_and_reopen (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) guides = NULL;
  g_autoptr (GPtrArray) categories = NULL;
  g_autoptr (NvGuide) guide = NULL;
  guint changes = 0;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 0);
  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  g_clear_object (&fixture->store);

  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 4);
  categories = kiosk_store_list_categories (fixture->store);
  g_assert_cmpuint (categories->len, ==, 2);
  g_assert_cmpstr (((NvCategory *) categories->pdata[0])->id, ==, "health");
  guides = kiosk_store_list_guides (fixture->store, "safety", NV_LANG_FI);
  g_assert_cmpuint (guides->len, ==, 1);
  guide = kiosk_store_get_guide (fixture->store, "call-112");
  g_assert_nonnull (guide);
  g_assert_cmpuint (guide->steps->len, ==, 3);
  g_assert_null (kiosk_store_get_guide (fixture->store, "nope"));
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==, 2);
}

/* A category's guides come in their given order (what residents need most first), then
 * those given none, by title in the resident's language. */
static void
test_guides_in_their_order (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *id, *fi, *sv;
    int         position;
  } given[] = {
    { "passwords", "Salasanat", "Lösenord", 0 },
    { "email", "Sähköposti", "E-post", 0 },
    { "scammed", "Jos sinua on huijattu", "Om du blivit lurad", 2 },
    { "recognise", "Tunnista huijaus", "Känn igen bedrägerier", 1 },
  };
  static const char *const fi_order[] = { "recognise", "scammed", "passwords", "email" };
  static const char *const sv_order[] = { "recognise", "scammed", "email", "passwords" };
  g_autoptr (NvContent) content = nv_content_new ();
  g_autoptr (GPtrArray) fi = NULL;
  g_autoptr (GPtrArray) sv = NULL;
  g_autoptr (GError) error = NULL;

  content->revision = 5;
  for (guint i = 0; i < fixture->content->categories->len; i++)
    g_ptr_array_add (content->categories,
                     nv_category_copy (g_ptr_array_index (fixture->content->categories, i)));
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      NvGuide *guide = nv_guide_new ();

      guide->id = g_strdup (given[i].id);
      guide->category = g_strdup ("safety");
      guide->position = given[i].position;
      nv_text_set (&guide->title, NV_LANG_FI, given[i].fi);
      nv_text_set (&guide->title, NV_LANG_SV, given[i].sv);
      nv_guide_add_step (guide, "Vaihe", NULL, NULL);
      g_ptr_array_add (content->guides, guide);
    }
  g_assert_true (kiosk_store_apply_content (fixture->store, content, &error));
  g_assert_no_error (error);

  fi = kiosk_store_list_guides (fixture->store, "safety", NV_LANG_FI);
  sv = kiosk_store_list_guides (fixture->store, "safety", NV_LANG_SV);
  g_assert_cmpuint (fi->len, ==, G_N_ELEMENTS (fi_order));
  g_assert_cmpuint (sv->len, ==, G_N_ELEMENTS (sv_order));
  for (guint i = 0; i < G_N_ELEMENTS (fi_order); i++)
    {
      g_assert_cmpstr (((NvGuide *) fi->pdata[i])->id, ==, fi_order[i]);
      g_assert_cmpstr (((NvGuide *) sv->pdata[i])->id, ==, sv_order[i]);
    }
}

static void
test_full_bundle_replaces (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) smaller = nv_content_new ();

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  /* A full bundle (since 0) is the whole truth: what it lacks is gone. */
  smaller->revision = 9;
  g_ptr_array_add (smaller->categories,
                   nv_category_copy (g_ptr_array_index (fixture->content->categories, 0)));
  g_assert_true (kiosk_store_apply_content (fixture->store, smaller, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "category"), ==, 1);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 0);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 9);
}

static void
add_tombstone (NvContent *content, const char *kind, const char *id)
{
  NvTombstone *tombstone = g_new0 (NvTombstone, 1);

  tombstone->kind = g_strdup (kind);
  tombstone->id = g_strdup (id);
  tombstone->revision = content->revision;
  g_ptr_array_add (content->tombstones, tombstone);
}

/* Applies the fixture's content (revision 4), and returns a delta to revision 6 that
 * deletes the guide call-112 and retitles omaolo. */
static NvContent *
apply_and_make_delta (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  NvContent *delta = nv_content_new ();
  NvGuide   *changed = nv_guide_copy (g_ptr_array_index (fixture->content->guides, 1));

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);
  delta->since = 4;
  delta->revision = 6;
  add_tombstone (delta, "guide", "call-112");
  nv_text_set (&changed->title, NV_LANG_FI, "Omaolo uudistettu");
  g_ptr_array_add (delta->guides, changed);
  return delta;
}

/* Whether the store holds the delta of apply_and_make_delta() or the content before. */
static void
assert_delta_applied (Fixture *fixture, gboolean applied)
{
  g_autoptr (NvGuide) deleted = kiosk_store_get_guide (fixture->store, "call-112");
  g_autoptr (NvGuide) retitled = kiosk_store_get_guide (fixture->store, "omaolo");

  g_assert_true ((deleted == NULL) == applied);
  g_assert_true (g_str_equal (retitled->title.text[NV_LANG_FI], "Omaolo uudistettu") == applied);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, applied ? 6 : 4);
}

static void
test_delta_with_tombstones (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) delta = apply_and_make_delta (fixture);

  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
  assert_delta_applied (fixture, TRUE);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==, 2);
}

static void
test_bad_bundle_changes_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) bad = nv_content_new ();
  NvGuide *guide = nv_guide_copy (g_ptr_array_index (fixture->content->guides, 0));
  guint    changes = 0;

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &changes);

  /* A full bundle whose guide names a missing category: refused whole. */
  bad->revision = 10;
  g_ptr_array_add (bad->guides, guide);
  g_assert_false (kiosk_store_apply_content (fixture->store, bad, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_cmpint (kiosk_store_get_revision (fixture->store), ==, 4);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "guide"), ==, 2);
  g_assert_cmpuint (kiosk_store_count (fixture->store, "category"), ==, 2);
}

/* A kiosk updated in the field keeps its content and its unsent events. */
static void
test_migrate_from_each_schema (Fixture *fixture, gconstpointer data)
{
  guint              n_migrations;
  const NvMigration *migrations = kiosk_store_migrations (&n_migrations);
  /* Migrations 3 and 5 make triggers that call the search's functions. */
  g_autoptr (KioskSearchTerms) terms = kiosk_search_terms_new (FALSE);

  g_assert_cmpuint (n_migrations, >=, 2);
  for (guint version = 0; version < n_migrations; version++)
    {
      g_autofree char *dir = g_build_filename (fixture->dir, "old", NULL);
      g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (KioskStore) store = NULL;
      g_autoptr (NvGuide) guide = NULL;
      sqlite3 *db;

      nv_test_rm_rf (dir);
      g_mkdir (dir, 0700);
      db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);
      g_assert_true (kiosk_store_add_search_functions (db, terms, &error));
      g_assert_true (nv_sqlite_migrate (db, migrations, version, &error));
      if (version >= 1)
        g_assert_true (nv_sqlite_exec (db,
                                       "UPDATE meta SET value = '3' WHERE key = 'content_revision';"
                                       "INSERT INTO guides VALUES ('g', 'c', '{\"id\":\"g\","
                                       "\"category\":\"c\",\"title\":{\"fi\":\"Vanha\"},"
                                       "\"steps\":[{\"text\":{\"fi\":\"Askel\"}}]}');",
                                       &error));
      g_assert_no_error (error);
      nv_sqlite_close (db);

      store = kiosk_store_open (dir, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (kiosk_store_events_count (store), ==, 0);
      if (version >= 1)
        {
          g_assert_cmpint (kiosk_store_get_revision (store), ==, 3);
          guide = kiosk_store_get_guide (store, "g");
          g_assert_cmpstr (guide->title.text[NV_LANG_FI], ==, "Vanha");
        }
      g_clear_object (&store);
    }
}

/* Runs @sql on kiosk.db through a connection of its own, as another process would. */
static void
exec_beside (Fixture *fixture, const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "kiosk.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);

  g_assert_no_error (error);
  g_assert_true (nv_sqlite_exec (db, sql, &error));
  g_assert_no_error (error);
}

/* A bundle that fails half-way inside SQLite (here: at the very last write, the
 * revision) is rolled back whole, and the statements the store keeps for the next
 * bundle still work. */
static void
test_failed_apply_changes_nothing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) delta = apply_and_make_delta (fixture);
  g_autoptr (GPtrArray) hits = NULL;
  NvOrganisation *renamed
      = nv_organisation_copy (g_ptr_array_index (fixture->content->organisations, 0));
  guint changes = 0;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &changes);
  nv_text_set (&renamed->name, NV_LANG_FI, "Zyzzyvakirjasto");
  g_ptr_array_add (delta->organisations, renamed);

  exec_beside (fixture, "CREATE TRIGGER no_revision BEFORE UPDATE ON meta BEGIN"
                        "  SELECT RAISE (ABORT, 'the disk is full');"
                        "END;");
  g_assert_false (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_assert_nonnull (strstr (error->message, "the disk is full"));
  g_clear_error (&error);
  g_assert_cmpuint (changes, ==, 0);
  assert_delta_applied (fixture, FALSE);
  hits = kiosk_store_search_organisations (fixture->store, "zyzzyva", NULL, NULL, NV_LANG_FI, 0,
                                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  exec_beside (fixture, "DROP TRIGGER no_revision");
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes, ==, 1);
  assert_delta_applied (fixture, TRUE);
  hits = kiosk_store_search_organisations (fixture->store, "zyzzyva", NULL, NULL, NV_LANG_FI, 0,
                                           NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
}

static NvSlot *
make_slot (const char *id, const char *kind, GDateTime *starts_at)
{
  NvSlot *slot = nv_slot_new ();

  slot->id = g_strdup (id);
  slot->organisation = g_strdup ("test-library");
  slot->kind = g_strdup (kind);
  slot->starts_at = g_date_time_ref (starts_at);
  slot->duration_minutes = 30;
  slot->capacity = 2;
  return slot;
}

/* Slots are kept with the content, listed by when they start, and tombstoned. */
static void
test_slots (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) soon = g_date_time_add_hours (now, 3);
  g_autoptr (GDateTime) later = g_date_time_add_days (now, 2);
  g_autoptr (GDateTime) far = g_date_time_add_days (now, 40);
  g_autoptr (NvContent) delta = nv_content_new ();
  g_autoptr (GPtrArray) free_slots = NULL;
  g_autoptr (NvSlot) slot = NULL;
  NvSlot *full = make_slot ("full", "digital-support", soon);

  full->taken = full->capacity;
  /* Given out of order: the store sorts by time. */
  g_ptr_array_add (fixture->content->slots, make_slot ("later", "digital-support", later));
  g_ptr_array_add (fixture->content->slots, make_slot ("soon", "digital-support", soon));
  g_ptr_array_add (fixture->content->slots, make_slot ("counsel", "service-counselling", soon));
  g_ptr_array_add (fixture->content->slots, make_slot ("far", "digital-support", far));
  g_ptr_array_add (fixture->content->slots, full);
  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);

  free_slots = kiosk_store_list_free_slots (fixture->store, "digital-support", now, 14, 0);
  g_assert_cmpuint (free_slots->len, ==, 2);
  g_assert_cmpstr (((NvSlot *) free_slots->pdata[0])->id, ==, "soon");
  g_assert_cmpstr (((NvSlot *) free_slots->pdata[1])->id, ==, "later");
  g_clear_pointer (&free_slots, g_ptr_array_unref);
  free_slots = kiosk_store_list_free_slots (fixture->store, NULL, now, 14, 1);
  g_assert_cmpuint (free_slots->len, ==, 1);
  g_clear_pointer (&free_slots, g_ptr_array_unref);
  slot = kiosk_store_get_slot (fixture->store, "later");
  g_assert_nonnull (slot);
  g_assert_cmpint (g_date_time_to_unix (slot->starts_at), ==, g_date_time_to_unix (later));

  delta->since = 4;
  delta->revision = 5;
  add_tombstone (delta, "slot", "soon");
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
  g_assert_null (kiosk_store_get_slot (fixture->store, "soon"));
  free_slots = kiosk_store_list_free_slots (fixture->store, "digital-support", now, 14, 0);
  g_assert_cmpuint (free_slots->len, ==, 1);
}

/* The outboxes */

static char *
add_event (KioskStore *store)
{
  g_autofree char *session = g_uuid_string_random ();
  g_autoptr (NvEvent) event = nv_event_new (NV_EVENT_SCREEN_VIEW, session);
  g_autoptr (GError) error = NULL;

  event->subject = g_strdup ("home");
  g_assert_true (kiosk_store_events_add (store, event, &error));
  g_assert_no_error (error);
  /* Twice (a retry): still one event. */
  g_assert_true (kiosk_store_events_add (store, event, &error));
  return g_strdup (event->id);
}

/* Events wait oldest first until removed; a removal that fails half-way removes none,
 * and the store's statements work afterwards. */
static void
test_events_outbox (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = NULL;
  g_autoptr (GPtrArray) first = g_ptr_array_new ();
  g_autofree char *trigger = NULL;

  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (added, add_event (fixture->store));
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 4);
  documents = kiosk_store_events_peek (fixture->store, 3, &ids);
  g_assert_cmpuint (documents->len, ==, 3);
  g_assert_cmpuint (ids->len, ==, 3);
  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_cmpstr (ids->pdata[i], ==, added->pdata[i]);
      g_assert_nonnull (strstr (documents->pdata[i], added->pdata[i]));
    }

  /* The third of three cannot be deleted: the first two stay as well. */
  trigger = g_strdup_printf ("CREATE TRIGGER keep_events BEFORE DELETE ON outbox_events"
                             "  WHEN old.id = '%s' BEGIN SELECT RAISE (ABORT, 'kept'); END;",
                             (char *) ids->pdata[2]);
  exec_beside (fixture, trigger);
  g_assert_false (kiosk_store_events_remove (fixture->store, ids, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_clear_error (&error);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 4);

  g_ptr_array_add (first, ids->pdata[0]);
  g_ptr_array_add (first, ids->pdata[1]);
  g_assert_true (kiosk_store_events_remove (fixture->store, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_store_events_count (fixture->store), ==, 2);
  g_clear_pointer (&documents, g_ptr_array_unref);
  g_clear_pointer (&ids, g_ptr_array_unref);
  documents = kiosk_store_events_peek (fixture->store, 10, &ids);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (ids->pdata[0], ==, added->pdata[2]);
}

/* A request can be settled as delivered (deleted) or rejected (kept, marked, left out
 * of the next push), and a settle that fails changes neither. */
static void
test_appointments_outbox (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) documents = NULL;
  g_autoptr (GPtrArray) delivered = g_ptr_array_new ();
  g_autoptr (GPtrArray) rejected = g_ptr_array_new ();
  g_autoptr (GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  const char *names[] = { "Aino Aaltonen", "Bertil Bäck" };
  guint       n_rejected;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (NvAppointment) request = nv_appointment_new ();

      request->reason = g_strdup ("device");
      request->contact_method = g_strdup ("phone");
      request->slot = g_strdup ("slot-1");
      request->name = g_strdup (names[i]);
      request->phone = g_strdup ("+358401234567");
      g_assert_true (kiosk_store_appointments_add (fixture->store, request, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, &n_rejected), ==, 2);
  g_assert_cmpuint (n_rejected, ==, 0);
  documents = kiosk_store_appointments_peek (fixture->store, 10, &ids);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_nonnull (strstr (documents->pdata[0], names[0]));
  g_ptr_array_add (delivered, ids->pdata[0]);
  g_ptr_array_add (rejected, ids->pdata[1]);
  g_hash_table_insert (fields, ids->pdata[1], "phone");

  exec_beside (fixture, "CREATE TRIGGER keep_rejected BEFORE UPDATE ON outbox_appointments"
                        "  BEGIN SELECT RAISE (ABORT, 'kept'); END;");
  g_assert_false (
      kiosk_store_appointments_settle (fixture->store, delivered, rejected, fields, &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_STORE);
  g_clear_error (&error);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, &n_rejected), ==, 2);
  g_assert_cmpuint (n_rejected, ==, 0);

  exec_beside (fixture, "DROP TRIGGER keep_rejected");
  g_assert_true (
      kiosk_store_appointments_settle (fixture->store, delivered, rejected, fields, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, &n_rejected), ==, 1);
  g_assert_cmpuint (n_rejected, ==, 1);
  g_clear_pointer (&documents, g_ptr_array_unref);
  g_clear_pointer (&ids, g_ptr_array_unref);
  documents = kiosk_store_appointments_peek (fixture->store, 10, &ids);
  g_assert_cmpuint (documents->len, ==, 0);
  g_assert_cmpuint (kiosk_store_appointments_drop_rejected (
                        fixture->store, g_get_real_time () / G_USEC_PER_SEC + 1, &error),
                    ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (kiosk_store_appointments_count (fixture->store, NULL), ==, 0);
}

/* Directory search */

/* The default content: 81 sample organisations in all 30 municipalities. */
static void
apply_sample_directory (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&fixture->content, nv_content_free);
  fixture->content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_assert_no_error (error);
  fixture->content->revision = 4;
  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);
}

/* The ids found, space separated, in order. */
static char *
search_ids (KioskStore *store,
            const char *query,
            const char *municipality,
            const char *kind,
            guint      *out_total)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GString) ids = g_string_new (NULL);

  found = kiosk_store_search_organisations (store, query, municipality, kind, NV_LANG_FI, 0,
                                            out_total, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (ids, "%s%s", i ? " " : "", ((KioskDirectoryHit *) found->pdata[i])->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* A word of @name begins with @prefix (lower case, no diacritics in either). */
static gboolean
has_word (const char *name, const char *prefix)
{
  g_autofree char *folded = g_utf8_strdown (name, -1);
  g_auto (GStrv) words = g_regex_split_simple ("[^[:alnum:]]+", folded, 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    if (g_str_has_prefix (words[i], prefix))
      return TRUE;
  return FALSE;
}

static gboolean
hit_has_name (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (((const KioskDirectoryHit *) a)->name, b) == 0;
}

static gboolean
has_id (const char *ids, const char *id)
{
  g_auto (GStrv) each = g_strsplit (ids, " ", -1);

  return g_strv_contains ((const char *const *) each, id);
}

static guint
count_in (const NvContent *content, const char *municipality, const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = content->organisations->pdata[i];

      if ((municipality == NULL || g_str_equal (organisation->municipality, municipality))
          && (kind == NULL || g_str_equal (organisation->kind, kind)))
        n++;
    }
  return n;
}

static void
test_search_folds_diacritics (Fixture *fixture, gconstpointer data)
{
  g_autofree char *street = NULL;
  g_autofree char *name = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *genitive = NULL;

  apply_sample_directory (fixture);
  street = search_ids (fixture->store, "kaarlenvayla", NULL, NULL, NULL);
  g_assert_cmpstr (street, ==, "oulu-main-library");
  /* "Kärsämäen kirjasto", typed without the dots, as on a keyboard without them. */
  name = search_ids (fixture->store, "karsamaen kirjasto", NULL, NULL, NULL);
  g_assert_true (g_str_has_prefix (name, "karsamaki-library"));
  /* And with them, in capitals. */
  typed = search_ids (fixture->store, "KÄRSÄMÄEN KIRJASTO", NULL, NULL, NULL);
  g_assert_cmpstr (typed, ==, name);
  genitive = search_ids (fixture->store, "oulun keskustakirjasto", NULL, NULL, NULL);
  g_assert_cmpstr (genitive, ==, "oulu-main-library");
}

static void
test_search_prefix_and_order (Fixture *fixture, gconstpointer data)
{
  g_autofree char *prefix = NULL;
  g_autofree char *kela = NULL;
  guint            total = 0;

  apply_sample_directory (fixture);
  /* Every word is a prefix, and all of them must match. */
  prefix = search_ids (fixture->store, "oulun kesk", NULL, NULL, NULL);
  g_assert_true (has_id (prefix, "oulu-main-library"));
  kela = search_ids (fixture->store, "kel", NULL, NULL, &total);
  /* The two Kela offices have it in their name: they come first. */
  g_assert_cmpuint (total, >=, 2);
  g_assert_true (g_str_has_prefix (kela, "oulu-kela ylivieska-kela")
                 || g_str_has_prefix (kela, "ylivieska-kela oulu-kela"));
}

static void
test_search_limit (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  guint total = 0;

  apply_sample_directory (fixture);
  found = kiosk_store_search_organisations (fixture->store, "kirjasto", NULL, NULL, NV_LANG_FI, 5,
                                            &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 5);
  g_assert_cmpuint (total, >, 30);
}

/* How many tables named @name the connection's temporary schema holds. */
static int
count_temp_tables (KioskStore *store, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = nv_sqlite_prepare (
      store->db, "SELECT count(*) FROM temp.sqlite_master WHERE name = ?1", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

/* The kiosk opens its store before its first frame, which shows no search: the
 * municipalities' names and the synonyms are made ready by the first search, which then
 * finds by both, and again after a rebuilt file's new connection. */
static void
test_search_ready_at_first_search (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *by_municipality = NULL;
  g_autofree char *by_synonym = NULL;

  apply_sample_directory (fixture);
  g_clear_object (&fixture->store);
  fixture->store = kiosk_store_open (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_temp_tables (fixture->store, "municipality_names"), ==, 0);
  g_assert_false (fixture->store->synonyms_loaded);

  by_municipality = search_ids (fixture->store, "Brahestad", NULL, NULL, NULL);
  g_assert_true (has_id (by_municipality, "raahe-library"));
  g_assert_cmpint (count_temp_tables (fixture->store, "municipality_names"), ==, 1);
  g_assert_true (fixture->store->synonyms_loaded);
  /* "fpa" is only a synonym of Kela (data/content/synonyms.json). */
  by_synonym = search_ids (fixture->store, "fpa", NULL, NULL, NULL);
  g_assert_true (has_id (by_synonym, "oulu-kela"));
}

static void
test_search_municipality_names (Fixture *fixture, gconstpointer data)
{
  g_autofree char *swedish = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *finnish = NULL;
  g_autofree char *narrowed = NULL;
  guint            total = 0;

  apply_sample_directory (fixture);
  /* Brahestad is Raahe in Swedish: every organisation there, whatever its text says. */
  swedish = search_ids (fixture->store, "Brahestad", NULL, NULL, &total);
  g_assert_cmpuint (total, ==, count_in (fixture->content, "678", NULL));
  g_assert_true (has_id (swedish, "raahe-library"));
  folded = search_ids (fixture->store, "uleaborg", NULL, NULL, &total);
  g_assert_cmpuint (total, >=, count_in (fixture->content, "564", NULL));
  g_assert_true (has_id (folded, "oulu-pensioners"));
  finnish = search_ids (fixture->store, "raahe", NULL, NULL, NULL);
  g_assert_true (has_id (finnish, "raahe-red-cross"));
  /* A municipality and a word about the place. */
  narrowed = search_ids (fixture->store, "uleåborg kela", NULL, NULL, &total);
  g_assert_cmpstr (narrowed, ==, "oulu-kela");
}

static void
test_search_filters (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) libraries = NULL;
  g_autoptr (GPtrArray) municipalities = NULL;
  g_autoptr (GPtrArray) kinds = NULL;
  g_autofree char *kela = NULL;
  g_autofree char *none = NULL;
  guint            total = 0;

  apply_sample_directory (fixture);
  /* No words: everything, by name. */
  all = kiosk_store_search_organisations (fixture->store, "", NULL, NULL, NV_LANG_FI, 0, &total,
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, fixture->content->organisations->len);
  g_assert_cmpuint (total, ==, all->len);
  for (guint i = 1; i < all->len; i++)
    g_assert_cmpint (g_utf8_collate (((KioskDirectoryHit *) all->pdata[i - 1])->name,
                                     ((KioskDirectoryHit *) all->pdata[i])->name),
                     <=, 0);

  libraries = kiosk_store_search_organisations (fixture->store, NULL, "564", "library", NV_LANG_FI,
                                                0, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (libraries->len, ==, count_in (fixture->content, "564", "library"));
  for (guint i = 0; i < libraries->len; i++)
    {
      const KioskDirectoryHit *organisation = libraries->pdata[i];

      g_assert_cmpstr (organisation->municipality, ==, "564");
      g_assert_cmpstr (organisation->kind, ==, "library");
    }

  kela = search_ids (fixture->store, "palvelupiste", "977", "kela", NULL);
  g_assert_cmpstr (kela, ==, "ylivieska-kela");
  none = search_ids (fixture->store, "kirjasto", "564", "kela", &total);
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpuint (total, ==, 0);

  /* What the filter buttons offer: only what is there. */
  municipalities = kiosk_store_list_municipalities_with_organisations (fixture->store, NV_LANG_SV);
  g_assert_cmpuint (municipalities->len, ==, 30);
  /* Sorted by the Swedish name: Alavieska, Brahestad (Raahe), … */
  g_assert_cmpstr (municipalities->pdata[0], ==, "009");
  g_assert_cmpstr (municipalities->pdata[1], ==, "678");
  kinds = kiosk_store_list_organisation_kinds (fixture->store);
  g_assert_cmpuint (kinds->len, ==, 9);
  g_assert_cmpstr (kinds->pdata[0], ==, "library");
}

static void
test_search_hostile_queries (Fixture *fixture, gconstpointer data)
{
  static const char *const queries[] = {
    "\"",
    "\"\"\"",
    "*",
    "kirj*",
    "NEAR(",
    "NEAR(a b",
    "a OR",
    "OR",
    "AND NOT",
    "NOT",
    "'; DROP TABLE organisations; --",
    "name : oulu",
    "municipality : \"m564\"",
    "{name}: x",
    "^kirjasto",
    "(((",
    ")",
    "-kirjasto",
    "+",
    "a\\",
    "\xff\xfe broken",
    "ä̈̈̈",
    "a b c d e f g h i j k l m n o p",
    "1234567890",
    "💡",
  };
  g_autofree char *plain = NULL;

  apply_sample_directory (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) found = NULL;

      found = kiosk_store_search_organisations (fixture->store, queries[i], NULL, NULL, NV_LANG_FI,
                                                0, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
    }
  /* Nothing was dropped, and syntax is only text: "NEAR(" looks for words "near…". */
  g_assert_cmpuint (kiosk_store_count (fixture->store, "organisation"), ==,
                    fixture->content->organisations->len);
  plain = search_ids (fixture->store, "(\"kaarlenväylä*\")", NULL, NULL, NULL);
  g_assert_cmpstr (plain, ==, "oulu-main-library");
  g_free (plain);
  /* An operator word is a word like any other, not an operator. */
  plain = search_ids (fixture->store, "kaarlenväylä OR tuira", NULL, NULL, NULL);
  g_assert_cmpstr (plain, ==, "");
}

static void
test_search_follows_content (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvContent) delta = nv_content_new ();
  g_autoptr (NvContent) full = nv_content_new ();
  NvTombstone     *tombstone = g_new0 (NvTombstone, 1);
  NvOrganisation  *renamed = NULL;
  g_autofree char *old_name = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *after_full = NULL;
  g_autofree char *kept = NULL;
  guint            total = 0;

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);
  old_name = search_ids (fixture->store, "testikirjasto", NULL, NULL, NULL);
  g_assert_cmpstr (old_name, ==, "test-library");

  /* A delta renames the library and moves it to Raahe, and deletes the association. */
  renamed = nv_organisation_copy (g_ptr_array_index (fixture->content->organisations, 0));
  g_assert_cmpstr (renamed->id, ==, "test-library");
  nv_text_set (&renamed->name, NV_LANG_FI, "Uusi lukusali");
  g_free (renamed->municipality);
  renamed->municipality = g_strdup ("678");
  g_ptr_array_add (delta->organisations, renamed);
  tombstone->kind = g_strdup ("organisation");
  tombstone->id = g_strdup ("test-association");
  tombstone->revision = 5;
  g_ptr_array_add (delta->tombstones, tombstone);
  delta->since = 4;
  delta->revision = 6;
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);

  g_free (old_name);
  old_name = search_ids (fixture->store, "testikirjasto", NULL, NULL, NULL);
  g_assert_cmpstr (old_name, ==, "");
  new_name = search_ids (fixture->store, "lukusali", NULL, NULL, &total);
  g_assert_cmpstr (new_name, ==, "test-library");
  moved = search_ids (fixture->store, "brahestad", NULL, NULL, NULL);
  g_assert_cmpstr (moved, ==, "test-library");
  deleted = search_ids (fixture->store, "testiyhdistys", NULL, NULL, NULL);
  g_assert_cmpstr (deleted, ==, "");
  kept = search_ids (fixture->store, NULL, NULL, NULL, &total);
  g_assert_cmpuint (total, ==, 1);

  /* A full bundle without organisations leaves nothing to find. */
  full->revision = 9;
  g_assert_true (kiosk_store_apply_content (fixture->store, full, &error));
  g_assert_no_error (error);
  after_full = search_ids (fixture->store, "lukusali", NULL, NULL, &total);
  g_assert_cmpstr (after_full, ==, "");
  g_assert_cmpuint (total, ==, 0);
}

/* A kiosk updated in the field finds what it already had. */
static void
test_search_index_built_by_migration (Fixture *fixture, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (fixture->dir, "old", NULL);
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (KioskStore) store = NULL;
  g_autofree char   *by_street = NULL;
  g_autofree char   *by_service = NULL;
  g_autofree char   *by_place = NULL;
  guint              n_migrations;
  const NvMigration *migrations = kiosk_store_migrations (&n_migrations);
  sqlite3           *db;

  g_mkdir (dir, 0700);
  db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  g_assert_true (nv_sqlite_migrate (db, migrations, 2, &error));
  g_assert_true (nv_sqlite_exec (db,
                                 "INSERT INTO organisations VALUES ('old-library', '564', "
                                 "'library', '{\"id\":\"old-library\",\"name\":{\"fi\":"
                                 "\"Vanha kirjasto\",\"sv\":\"Gamla biblioteket\"},"
                                 "\"kind\":\"library\",\"municipality\":\"564\","
                                 "\"street_address\":\"Isokatu 9\",\"services\":"
                                 "{\"sv\":\"Digitalt stöd\"}}');",
                                 &error));
  g_assert_no_error (error);
  nv_sqlite_close (db);

  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  by_street = search_ids (store, "isokatu", NULL, NULL, NULL);
  g_assert_cmpstr (by_street, ==, "old-library");
  by_service = search_ids (store, "digitalt stod", NULL, NULL, NULL);
  g_assert_cmpstr (by_service, ==, "old-library");
  by_place = search_ids (store, "gamla uleåborg", NULL, NULL, NULL);
  g_assert_cmpstr (by_place, ==, "old-library");
}

/* Places with more of the words in their name first; A to Ö within each tier, in the
 * language of the screen; a hit carries what its row shows. */
static void
test_search_tiers (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) swedish = NULL;
  gboolean in_name_tier = TRUE;
  guint    total = 0;

  apply_sample_directory (fixture);
  found = kiosk_store_search_organisations (fixture->store, "oulu kirjasto", NULL, NULL, NV_LANG_FI,
                                            0, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, total);
  g_assert_cmpuint (total, >, 2);
  g_assert_true (has_word (((KioskDirectoryHit *) found->pdata[0])->name, "oulu")
                 && has_word (((KioskDirectoryHit *) found->pdata[0])->name, "kirjasto"));
  for (guint i = 0; i < found->len; i++)
    {
      const KioskDirectoryHit *hit = found->pdata[i];
      gboolean              both = has_word (hit->name, "oulu") && has_word (hit->name, "kirjasto");
      const NvOrganisation *organisation = NULL;

      /* Once a hit lacks a word in its name, no later one has both. */
      if (!both)
        in_name_tier = FALSE;
      else
        g_assert_true (in_name_tier);
      if (i > 0 && both == in_name_tier)
        {
          const KioskDirectoryHit *before = found->pdata[i - 1];

          if ((has_word (before->name, "oulu") && has_word (before->name, "kirjasto")) == both)
            g_assert_cmpint (g_utf8_collate (before->name, hit->name), <=, 0);
        }
      for (guint j = 0; j < fixture->content->organisations->len; j++)
        if (g_str_equal (((NvOrganisation *) fixture->content->organisations->pdata[j])->id,
                         hit->id))
          organisation = fixture->content->organisations->pdata[j];
      g_assert_nonnull (organisation);
      g_assert_cmpstr (hit->name, ==, nv_text_get (&organisation->name, NV_LANG_FI, NULL));
      g_assert_cmpstr (hit->municipality, ==, organisation->municipality);
      g_assert_cmpstr (hit->kind, ==, organisation->kind);
      g_assert_cmpstr (hit->street_address, ==, organisation->street_address);
      g_assert_cmpstr (hit->postal_code, ==, organisation->postal_code);
      g_assert_cmpstr (hit->post_office, ==, organisation->post_office);
    }
  g_assert_false (in_name_tier);

  /* The same search on a Swedish screen: Swedish names, in Swedish order. */
  swedish = kiosk_store_search_organisations (fixture->store, "", NULL, NULL, NV_LANG_SV, 0, NULL,
                                              &error);
  g_assert_no_error (error);
  for (guint i = 1; i < swedish->len; i++)
    g_assert_cmpint (g_utf8_collate (((KioskDirectoryHit *) swedish->pdata[i - 1])->name,
                                     ((KioskDirectoryHit *) swedish->pdata[i])->name),
                     <=, 0);
  g_assert_true (g_ptr_array_find_with_equal_func (swedish, "Uleåborgs centrumbibliotek Saari",
                                                   hit_has_name, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-store/apply-and-reopen", test_apply_and_reopen);
  ADD ("/kiosk-store/search/ready-at-first-search", test_search_ready_at_first_search);
  ADD ("/kiosk-store/full-bundle-replaces", test_full_bundle_replaces);
  ADD ("/kiosk-store/guides-in-their-order", test_guides_in_their_order);
  ADD ("/kiosk-store/delta-with-tombstones", test_delta_with_tombstones);
  ADD ("/kiosk-store/bad-bundle-changes-nothing", test_bad_bundle_changes_nothing);
  ADD ("/kiosk-store/migrate-from-each-schema", test_migrate_from_each_schema);
  ADD ("/kiosk-store/failed-apply-changes-nothing", test_failed_apply_changes_nothing);
  ADD ("/kiosk-store/slots", test_slots);
  ADD ("/kiosk-store/outbox/events", test_events_outbox);
  ADD ("/kiosk-store/outbox/appointments", test_appointments_outbox);
  ADD ("/kiosk-store/search/folds-diacritics", test_search_folds_diacritics);
  ADD ("/kiosk-store/search/prefix-and-order", test_search_prefix_and_order);
  ADD ("/kiosk-store/search/limit", test_search_limit);
  ADD ("/kiosk-store/search/municipality-names", test_search_municipality_names);
  ADD ("/kiosk-store/search/filters", test_search_filters);
  ADD ("/kiosk-store/search/hostile-queries", test_search_hostile_queries);
  ADD ("/kiosk-store/search/tiers", test_search_tiers);
  ADD ("/kiosk-store/search/follows-content", test_search_follows_content);
  ADD ("/kiosk-store/search/index-built-by-migration", test_search_index_built_by_migration);
#undef ADD

  return g_test_run ();
}
