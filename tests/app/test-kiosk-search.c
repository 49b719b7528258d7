/* test-kiosk-search.c — directory search that finds what people mean: word forms,
 * compounds, synonyms, words of need and the kiosk's own municipality first, measured by
 * a set of queries against the default content (data/content) and a larger directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-search-terms.h"
#include "kiosk-store-private.h"
#include "nv-municipality.h"
#include "tests/nv-test-util.h"

#define OULU "564"

typedef struct
{
  char       *dir;
  KioskStore *store;
  NvContent  *content;
} Fixture;

/* One query of the quality set: each of @ids must be among its first @within places,
 * searched on an Oulu kiosk. */
typedef struct
{
  const char *query;
  guint       within;
  const char *ids[4];
} Expectation;

static const Expectation quality_set[] = {
  /* Finnish: inflected forms, compounds and their parts */
  { "terveyskeskus",
    13,
    { "oulu-health-centres", "raahe-health-centre", "kuusamo-health-centre",
      "haapavesi-health-centre" } },
  { "terveyskeskuksessa", 3, { "oulu-health-centres" } },
  { "terveyskeskukseen", 13, { "raahe-health-centre", "ii-health-centre" } },
  { "terveysasemalle", 13, { "kuusamo-health-centre", "nivala-health-centre" } },
  { "terveysasemat", 3, { "oulu-health-centres" } },
  { "kirjastoon", 10, { "oulu-main-library", "oulu-tuira-library" } },
  { "kirjastot", 10, { "oulu-kaakkuri-library" } },
  { "kuusamon kirjastosta", 1, { "kuusamo-library" } },
  { "kuusamossa", 4, { "kuusamo-library", "kuusamo-health-centre", "kuusamo-parish" } },
  { "raahessa terveyskeskus", 1, { "raahe-health-centre" } },
  { "oulussa kirjasto", 10, { "oulu-main-library" } },
  { "kaupunginkirjasto", 2, { "oulu-digital-support-main-library" } },
  { "keskus", 20, { "raahe-health-centre" } },
  { "seurakuntaan", 1, { "oulu-parishes" } },
  { "seurakunnat", 1, { "oulu-parishes" } },
  { "eläkeläisille", 2, { "oulu-pensioners" } },
  { "kuulo", 2, { "oulu-hearing-association", "pudasjarvi-hearing-association" } },
  { "yhdistykseen", 4, { "oulu-disability-association" } },
  { "asiointipisteessä", 2, { "karsamaki-service-point", "sievi-service-point" } },
  { "kunnantalolla", 1, { "sievi-service-point" } },
  { "palveluohjausta", 1, { "pohde-service-counselling" } },
  { "näkövammaisille", 1, { "north-ostrobothnia-visually-impaired" } },
  { "punaisen ristin", 2, { "oulu-red-cross", "oulu-yli-ii-red-cross" } },
  /* Synonyms and words that name a kind of place */
  { "terveysasema", 13, { "raahe-health-centre", "pohde-digital-sote-centre" } },
  { "lääkäriin", 3, { "oulu-health-centres" } },
  { "kela", 2, { "oulu-kela", "ylivieska-kela" } },
  { "kelaan", 2, { "oulu-kela", "ylivieska-kela" } },
  { "kansaneläkelaitos", 2, { "oulu-kela", "ylivieska-kela" } },
  { "kirkko", 1, { "oulu-parishes" } },
  { "digineuvonta", 1, { "oulu-digital-support-main-library" } },
  { "digiopastusta", 1, { "oulu-digital-support-main-library" } },
  { "digistöd", 1, { "oulu-digital-support-main-library" } },
  { "digitukea", 1, { "oulu-digital-support-main-library" } },
  /* Words of need */
  { "apua", 1, { "oulu-digital-support-main-library" } },
  { "tarvitsen apua", 1, { "oulu-digital-support-main-library" } },
  { "neuvoa", 1, { "oulu-digital-support-main-library" } },
  { "opastusta", 1, { "oulu-digital-support-main-library" } },
  { "hjälp", 1, { "oulu-digital-support-main-library" } },
  { "jag behöver hjälp", 1, { "oulu-digital-support-main-library" } },
  { "help", 1, { "oulu-digital-support-main-library" } },
  /* Swedish: definite and plural forms, municipality names */
  /* Snowball stems, it splits no compound: "centrumbibliotek" is not found by it. */
  { "biblioteket", 10, { "oulu-tuira-library", "oulu-kaakkuri-library" } },
  { "bibliotek i uleåborg", 10, { "oulu-main-library" } },
  { "hälsocentralen", 3, { "oulu-health-centres" } },
  { "hälsostationen", 13, { "kuusamo-health-centre", "kalajoki-health-centre" } },
  { "församlingen", 1, { "oulu-parishes" } },
  { "kyrkan", 1, { "oulu-parishes" } },
  { "fpa", 2, { "oulu-kela", "ylivieska-kela" } },
  { "digitalt stöd", 1, { "oulu-digital-support-main-library" } },
  { "röda korset", 2, { "oulu-red-cross", "oulu-yli-ii-red-cross" } },
  { "servicepunkten", 2, { "karsamaki-service-point", "sievi-service-point" } },
  { "brahestad", 4, { "raahe-library", "raahe-health-centre" } },
  { "karlö", 1, { "hailuoto-library" } },
  { "ijo bibliotek", 1, { "ii-library" } },
  { "limingo", 3, { "liminka-library" } },
};

/* What still works without the Finnish dictionary: beginnings of words, Swedish stems,
 * synonyms and words of need as they are written in the list. */
static const Expectation degraded_set[] = {
  { "terveyskeskus",
    13,
    { "oulu-health-centres", "raahe-health-centre", "kuusamo-health-centre" } },
  { "kirjasto", 10, { "oulu-main-library" } },
  { "kuusamon kirjasto", 1, { "kuusamo-library" } },
  { "kyrkan", 1, { "oulu-parishes" } },
  { "kelaan", 2, { "oulu-kela", "ylivieska-kela" } },
  { "kela", 2, { "oulu-kela", "ylivieska-kela" } },
  { "apua", 1, { "oulu-digital-support-main-library" } },
  { "hjälp", 1, { "oulu-digital-support-main-library" } },
  { "biblioteket", 10, { "oulu-tuira-library" } },
  { "uleåborg", 22, { "oulu-main-library" } },
};

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  gboolean use_voikko = GPOINTER_TO_INT (data) == 0;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = kiosk_store_open_with_voikko (fixture->dir, use_voikko, &error);
  g_assert_no_error (error);
  fixture->content = nv_content_load_dir (nv_test_content_dir (), &error);
  g_assert_no_error (error);
  fixture->content->revision = 1;
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->content, nv_content_free);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static void
apply_content (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (kiosk_store_apply_content (fixture->store, fixture->content, &error));
  g_assert_no_error (error);
}

static GPtrArray *
search (KioskStore *store, const char *query, const char *municipality, guint *out_total)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *found = kiosk_store_search_organisations (store, query, municipality, NULL, NV_LANG_FI,
                                                       0, out_total, &error);

  g_assert_no_error (error);
  return found;
}

/* Where @id is among @found; G_MAXUINT when it is not. */
static guint
position_of (GPtrArray *found, const char *id)
{
  for (guint i = 0; i < found->len; i++)
    if (g_str_equal (((KioskDirectoryHit *) found->pdata[i])->id, id))
      return i;
  return G_MAXUINT;
}

/* Every expectation met; those that are not are all listed before failing. */
static void
assert_expectations (KioskStore *store, const Expectation *set, guint n)
{
  g_autoptr (GString) missed = g_string_new (NULL);

  for (guint q = 0; q < n; q++)
    {
      g_autoptr (GPtrArray) found = search (store, set[q].query, NULL, NULL);

      for (guint i = 0; i < G_N_ELEMENTS (set[q].ids) && set[q].ids[i] != NULL; i++)
        {
          guint position = position_of (found, set[q].ids[i]);

          if (position >= set[q].within)
            g_string_append_printf (
                missed, "\n  “%s”: %s at %d, wanted within %u (first: %s)", set[q].query,
                set[q].ids[i], position == G_MAXUINT ? -1 : (int) position + 1, set[q].within,
                found->len > 0 ? ((KioskDirectoryHit *) found->pdata[0])->id : "nothing");
        }
    }
  if (missed->len > 0)
    g_error ("Search missed:%s", missed->str);
}

static void
test_quality_set (Fixture *fixture, gconstpointer data)
{
  g_assert_cmpuint (G_N_ELEMENTS (quality_set), >=, 40);
  g_assert_true (kiosk_search_terms_has_voikko (fixture->store->terms));
  apply_content (fixture);
  kiosk_store_set_home_municipality (fixture->store, OULU);
  assert_expectations (fixture->store, quality_set, G_N_ELEMENTS (quality_set));
}

/* The same set in a directory of thousands of places across Finland: what an Oulu
 * kiosk's residents look for stays at the top. */
static void
test_quality_set_large_directory (Fixture *fixture, gconstpointer data)
{
  static const char *const kinds[]
      = { "library", "health-centre", "parish", "kela", "digital-support", "association" };
  static const char *const words[][2] = {
    { "kirjasto", "bibliotek" },     { "terveysasema", "hälsostation" },
    { "seurakunta", "församling" },  { "Kelan palvelupiste", "FPA:s serviceställe" },
    { "digituki", "digitalt stöd" }, { "yhdistys", "förening" },
  };
  const NvMunicipality *municipalities;
  guint                 n_municipalities, n_added = 0;
  gint64                started, slowest = 0;

  municipalities = nv_municipalities (&n_municipalities);
  for (guint i = 0; n_added < 5000; i++)
    {
      const NvMunicipality *m = &municipalities[i % n_municipalities];
      NvOrganisation       *organisation;
      guint                 k = i % G_N_ELEMENTS (kinds);
      g_autofree char      *name_fi = NULL;
      g_autofree char      *name_sv = NULL;
      g_autofree char      *description = NULL;

      if (g_str_equal (m->region, "17"))
        continue;
      organisation = nv_organisation_new ();
      organisation->id = g_strdup_printf ("generated-%u", i);
      organisation->kind = g_strdup (kinds[k]);
      organisation->municipality = g_strdup (m->code);
      name_fi = g_strdup_printf ("%s, %s %u", m->name_fi, words[k][0], i);
      name_sv = g_strdup_printf ("%s, %s %u", m->name_sv, words[k][1], i);
      description = g_strdup_printf ("Palvelemme %s asukkaita. Kysy neuvoa.", m->name_fi);
      nv_text_set (&organisation->name, NV_LANG_FI, name_fi);
      nv_text_set (&organisation->name, NV_LANG_SV, name_sv);
      nv_text_set (&organisation->description, NV_LANG_FI, description);
      g_ptr_array_add (fixture->content->organisations, organisation);
      n_added++;
    }
  started = g_get_monotonic_time ();
  apply_content (fixture);
  g_test_message ("%u places applied, with their base forms and stems, in %" G_GINT64_FORMAT " ms",
                  fixture->content->organisations->len, (g_get_monotonic_time () - started) / 1000);
  kiosk_store_set_home_municipality (fixture->store, OULU);
  started = g_get_monotonic_time ();
  assert_expectations (fixture->store, quality_set, G_N_ELEMENTS (quality_set));
  slowest = (g_get_monotonic_time () - started) / G_N_ELEMENTS (quality_set);
  g_test_message ("%u queries over %u places: %" G_GINT64_FORMAT " µs each on average",
                  (guint) G_N_ELEMENTS (quality_set), fixture->content->organisations->len,
                  slowest);
}

/* Without voikko-fi, search still finds by beginnings, stems and the synonym list. */
static void
test_without_voikko (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) inflected = NULL;

  g_assert_false (kiosk_search_terms_has_voikko (fixture->store->terms));
  apply_content (fixture);
  kiosk_store_set_home_municipality (fixture->store, OULU);
  assert_expectations (fixture->store, degraded_set, G_N_ELEMENTS (degraded_set));
  /* An inflected form of a listed word is found by its beginning ("kirjasto"); of
   * another word, it needs the dictionary: found by nothing, and no error. */
  inflected = search (fixture->store, "kirjastoon", NULL, NULL);
  g_assert_cmpstr (((KioskDirectoryHit *) inflected->pdata[0])->kind, ==, "library");
  g_clear_pointer (&inflected, g_ptr_array_unref);
  inflected = search (fixture->store, "näkövammaisille", NULL, NULL);
  g_assert_cmpuint (inflected->len, ==, 0);
}

/* A kiosk whose dictionary came after its index was built indexes its directory again. */
static void
test_index_rebuilt_when_dictionary_comes (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GPtrArray) without_again = NULL;

  apply_content (fixture);
  before = search (fixture->store, "näkövammaisille", NULL, NULL);
  g_assert_cmpuint (before->len, ==, 0);
  g_clear_object (&fixture->store);

  fixture->store = kiosk_store_open_with_voikko (fixture->dir, TRUE, &error);
  g_assert_no_error (error);
  after = search (fixture->store, "näkövammaisille", NULL, NULL);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (((KioskDirectoryHit *) after->pdata[0])->id, ==,
                   "north-ostrobothnia-visually-impaired");
  g_clear_object (&fixture->store);

  /* And when it goes, no stale base form stays behind. */
  fixture->store = kiosk_store_open_with_voikko (fixture->dir, FALSE, &error);
  g_assert_no_error (error);
  without_again = search (fixture->store, "näkövammaisille", NULL, NULL);
  g_assert_cmpuint (without_again->len, ==, 0);
}

/* The answer to @sql (one number) on kiosk.db, read through a connection of its own. */
static gint64
count_beside (Fixture *fixture, const char *sql)
{
  g_autofree char *path = g_build_filename (fixture->dir, "kiosk.db", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3) db = nv_sqlite_open (path, NV_SQLITE_SYNC_NORMAL, &error);
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = nv_sqlite_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The names' own index holds every place's names and nothing else, as they are now. */
static void
assert_names_in_step (Fixture *fixture)
{
  g_assert_cmpint (count_beside (fixture, "SELECT count(*) FROM organisation_names"), ==,
                   count_beside (fixture, "SELECT count(*) FROM organisations"));
  g_assert_cmpint (count_beside (fixture, "SELECT count(*) FROM organisation_names AS n"
                                          " JOIN organisation_search AS s ON s.rowid = n.rowid"
                                          " WHERE n.name IS s.name"
                                          " AND n.name_bases IS s.name_bases"
                                          " AND n.name_stems IS s.name_stems"),
                   ==, count_beside (fixture, "SELECT count(*) FROM organisations"));
}

/* A delta (revision 1 to 2) with one place of kind "other" in Kuusamo, @id, named
 * "Kuusamon lukutupa". */
static NvContent *
reading_room_delta (const char *id)
{
  NvContent      *delta = nv_content_new ();
  NvOrganisation *organisation = nv_organisation_new ();

  organisation->id = g_strdup (id);
  organisation->kind = g_strdup ("other");
  organisation->municipality = g_strdup ("305");
  nv_text_set (&organisation->name, NV_LANG_FI, "Kuusamon lukutupa");
  delta->since = 1;
  delta->revision = 2;
  g_ptr_array_add (delta->organisations, organisation);
  return delta;
}

/* Every write path keeps the base forms in step: a delta that renames, a tombstone, a
 * full replace. */
static void
test_index_follows_writes (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  /* Not a library now: "kirjasto" would find it by its kind. */
  g_autoptr (NvContent) delta = reading_room_delta ("kuusamo-library");
  g_autoptr (NvContent) full = nv_content_new ();
  g_autoptr (GPtrArray) renamed = NULL;
  g_autoptr (GPtrArray) old_name = NULL;
  g_autoptr (GPtrArray) deleted = NULL;
  g_autoptr (GPtrArray) replaced = NULL;
  NvTombstone *tombstone = g_new0 (NvTombstone, 1);

  apply_content (fixture);
  assert_names_in_step (fixture);
  tombstone->kind = g_strdup ("organisation");
  tombstone->id = g_strdup ("raahe-health-centre");
  tombstone->revision = 2;
  g_ptr_array_add (delta->tombstones, tombstone);
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);

  renamed = search (fixture->store, "lukutuvassa", NULL, NULL);
  g_assert_cmpuint (renamed->len, ==, 1);
  g_assert_cmpstr (((KioskDirectoryHit *) renamed->pdata[0])->id, ==, "kuusamo-library");
  old_name = search (fixture->store, "kuusamon kirjastosta", NULL, NULL);
  g_assert_cmpuint (position_of (old_name, "kuusamo-library"), ==, G_MAXUINT);
  deleted = search (fixture->store, "raahen terveyskeskuksessa", NULL, NULL);
  g_assert_cmpuint (position_of (deleted, "raahe-health-centre"), ==, G_MAXUINT);
  assert_names_in_step (fixture);
  g_assert_cmpint (count_beside (fixture, "SELECT count(*) FROM organisation_names"
                                          " WHERE organisation_names MATCH 'name : lukutupa'"),
                   ==, 1);

  full->revision = 3;
  g_assert_true (kiosk_store_apply_content (fixture->store, full, &error));
  g_assert_no_error (error);
  replaced = search (fixture->store, "lukutuvassa", NULL, NULL);
  g_assert_cmpuint (replaced->len, ==, 0);
  assert_names_in_step (fixture);
}

/* The kiosk's own municipality first, then its region, then the rest: an Oulu kiosk
 * no longer opens on Alavieska. */
static void
test_home_municipality_first (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) libraries = NULL;
  g_autoptr (GPtrArray) region = NULL;
  guint    total = 0, region_total = 0;
  gboolean left_home = FALSE;

  apply_content (fixture);
  kiosk_store_set_home_municipality (fixture->store, OULU);
  g_assert_cmpstr (kiosk_store_get_home_municipality (fixture->store), ==, OULU);
  all = search (fixture->store, NULL, NULL, &total);
  g_assert_cmpuint (total, ==, fixture->content->organisations->len);
  for (guint i = 0; i < all->len; i++)
    {
      gboolean home = g_str_equal (((KioskDirectoryHit *) all->pdata[i])->municipality, OULU);

      g_assert_true (home || i > 0);
      if (!home)
        left_home = TRUE;
      else
        g_assert_false (left_home);
    }
  libraries = search (fixture->store, "kirjasto", NULL, NULL);
  g_assert_cmpstr (((KioskDirectoryHit *) libraries->pdata[0])->municipality, ==, OULU);
  g_assert_cmpuint (position_of (libraries, "oulu-yli-ii-library"), <,
                    position_of (libraries, "alavieska-library"));

  /* Widening to the region: every place of North Ostrobothnia, none from elsewhere. */
  region = search (fixture->store, NULL, KIOSK_STORE_REGION_PREFIX "17", &region_total);
  g_assert_cmpuint (region_total, ==, total);
  kiosk_store_set_home_municipality (fixture->store, "091");
  g_clear_pointer (&region, g_ptr_array_unref);
  region = search (fixture->store, NULL, KIOSK_STORE_REGION_PREFIX "01", &region_total);
  g_assert_cmpuint (region_total, ==, 0);
  kiosk_store_set_home_municipality (fixture->store, "");
  g_assert_null (kiosk_store_get_home_municipality (fixture->store));
}

/* Digital-support points come first among places the query finds equally well. */
static void
test_digital_support_first (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) found = NULL;

  apply_content (fixture);
  kiosk_store_set_home_municipality (fixture->store, OULU);
  /* Both name Oulu; the library's services name digital support, as the point does. */
  found = search (fixture->store, "oulu digituki", NULL, NULL);
  g_assert_cmpuint (found->len, >=, 2);
  g_assert_cmpstr (((KioskDirectoryHit *) found->pdata[0])->id, ==,
                   "oulu-digital-support-main-library");
}

/* The lists shipped in data/, built into the kiosk: the ignored words, and the default
 * synonym groups (data/content/synonyms.json). */
static void
load_default_synonyms (KioskSearchTerms *terms)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data ("/fi/neuvokas/Kiosk/search-synonyms.ini",
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr (GBytes) groups_json = g_resources_lookup_data ("/fi/neuvokas/Kiosk/synonyms.json",
                                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr (GPtrArray) groups = NULL;
  g_autoptr (GError) error = NULL;
  gsize size;

  g_assert_nonnull (bytes);
  g_assert_true (kiosk_search_terms_set_synonyms (terms, g_bytes_get_data (bytes, &size),
                                                  g_bytes_get_size (bytes), &error));
  g_assert_no_error (error);
  groups = nv_content_synonyms_from_bytes (groups_json, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_search_terms_set_groups (terms, groups, &error));
  g_assert_no_error (error);
}

/* The analyser on its own: voikko's base forms and compound parts, Snowball's stems. */
static void
test_terms (void)
{
  g_autoptr (KioskSearchTerms) terms = kiosk_search_terms_new (TRUE);
  g_autoptr (KioskSearchTerms) plain = kiosk_search_terms_new (FALSE);
  g_autofree char *health = kiosk_search_terms_bases (terms, "Terveyskeskuksessa", TRUE);
  g_autofree char *health_whole = kiosk_search_terms_bases (terms, "terveyskeskuksessa", FALSE);
  /* A number is found as written: it has no base form to compute. */
  g_autofree char *library = kiosk_search_terms_bases (terms, "kirjastoon 90100", TRUE);
  g_autofree char *advice = kiosk_search_terms_bases (terms, "neuvontaa", TRUE);
  g_autofree char *swedish = kiosk_search_terms_stems (terms, "Biblioteken hälsostationerna");
  g_autofree char *none = kiosk_search_terms_bases (plain, "kirjastoon", TRUE);
  g_autoptr (GPtrArray) words = kiosk_search_terms_split ("Oulu\"*) NEAR(x", 8);
  /* Found by fuzz-kiosk-apply: a mark after punctuation is no word of its own. */
  g_autoptr (GPtrArray) marked = kiosk_search_terms_split ("T]Gek.\u059d`i]-ory", 8);
  g_autoptr (GPtrArray) need = NULL;
  g_autoptr (GPtrArray) only_ignored = NULL;

  load_default_synonyms (terms);
  need = kiosk_search_terms_query_words (terms, "Tarvitsen apua");
  only_ignored = kiosk_search_terms_query_words (terms, "tarvitsen");

  g_assert_cmpstr (health, ==, "terveyskeskus terveys keskus");
  g_assert_cmpstr (health_whole, ==, "terveyskeskus");
  g_assert_cmpstr (library, ==, "kirjasto");
  /* A derivation is no compound: "neuvonta" stays one word. */
  g_assert_cmpstr (advice, ==, "neuvonta");
  g_assert_cmpstr (swedish, ==, "bibliotek hälsostation");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpuint (words->len, ==, 3);
  g_assert_cmpstr (words->pdata[1], ==, "near");
  g_assert_cmpuint (marked->len, ==, 4);
  g_assert_cmpstr (marked->pdata[2], ==, "i");
  g_assert_cmpuint (need->len, ==, 1);
  g_assert_cmpstr (need->pdata[0], ==, "apua");
  g_assert_cmpuint (only_ignored->len, ==, 1);
}

/* A synonym list that is not one is refused with where it is wrong, and the list in use
 * stays. */
static void
test_bad_synonyms (void)
{
  static const char good[] = "[needs]\ndigital-support=apu\n";
  static const char two_words[] = "[synonyms]\nkela=kela;kansaneläke laitos\n";
  static const char not_a_key_file[] = "kela = fpa\n[";
  static const char invalid_utf8[] = "[synonyms]\nx=\xff\xfe;kela\n";
  g_autoptr (KioskSearchTerms) terms = kiosk_search_terms_new (TRUE);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (kiosk_search_terms_set_synonyms (terms, good, strlen (good), &error));
  g_assert_no_error (error);
  before = kiosk_search_terms_match_word (terms, "apua", KIOSK_SEARCH_ANYWHERE);
  g_assert_nonnull (strstr (before, "kind : \"kdigitalsupport\""));

  g_assert_false (kiosk_search_terms_set_synonyms (terms, two_words, strlen (two_words), &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "[synonyms] kela"));
  g_assert_nonnull (strstr (error->message, "kansaneläke laitos"));
  g_clear_error (&error);
  g_assert_false (
      kiosk_search_terms_set_synonyms (terms, not_a_key_file, strlen (not_a_key_file), &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (
      kiosk_search_terms_set_synonyms (terms, invalid_utf8, strlen (invalid_utf8), &error));
  g_assert_error (error, NV_ERROR, NV_ERROR_INVALID);
  g_clear_error (&error);

  after = kiosk_search_terms_match_word (terms, "apua", KIOSK_SEARCH_ANYWHERE);
  g_assert_cmpstr (after, ==, before);
}

/* The FTS5 expressions the store's connection looks up, one string each. */
static int
trace_match_cb (unsigned type, void *data, void *statement, void *sql)
{
  GPtrArray *looked_up = data;
  char      *expanded = sqlite3_expanded_sql (statement);

  if (expanded != NULL && strstr (expanded, " MATCH ") != NULL)
    g_ptr_array_add (looked_up, g_strdup (expanded));
  sqlite3_free (expanded);
  return 0;
}

/* Whether any of @looked_up holds @word. */
static gboolean
looked_up_word (GPtrArray *looked_up, const char *word)
{
  for (guint i = 0; i < looked_up->len; i++)
    if (strstr (looked_up->pdata[i], word) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_same_hits (GPtrArray *a, GPtrArray *b, guint n)
{
  g_assert_cmpuint (a->len, >=, MIN (n, b->len));
  g_assert_cmpuint (b->len, >=, MIN (n, a->len));
  for (guint i = 0; i < MIN (n, a->len); i++)
    g_assert_cmpstr (((KioskDirectoryHit *) a->pdata[i])->id, ==,
                     ((KioskDirectoryHit *) b->pdata[i])->id);
}

/* A synonym group's words are looked up once: what the group finds is kept until the
 * content or the groups change, and a key that needs it again reads no other word of
 * the group (the 30 alternatives of "neuvonta" were most of such a key's time). */
static void
test_synonym_groups_looked_up_once (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) looked_up = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) regrouped = NULL;
  g_autoptr (GPtrArray) groups
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_synonym_group_free);
  g_autoptr (NvContent) delta = reading_room_delta ("kuusamo-reading-room");
  g_autoptr (GPtrArray) added = NULL;
  g_autoptr (GError) error = NULL;
  NvSynonymGroup *group = nv_synonym_group_new ();

  apply_content (fixture);
  kiosk_store_set_home_municipality (fixture->store, OULU);
  sqlite3_trace_v2 (fixture->store->db, SQLITE_TRACE_STMT, trace_match_cb, looked_up);

  /* "hälsostation" is in the same group as "terveyskeskus" (data/content/synonyms.json). */
  first = search (fixture->store, "terveyskeskus", NULL, NULL);
  g_assert_true (looked_up_word (looked_up, "hälsostation"));
  g_ptr_array_set_size (looked_up, 0);
  again = search (fixture->store, "terveyskeskus", NULL, NULL);
  g_assert_false (looked_up_word (looked_up, "hälsostation"));
  g_assert_cmpuint (again->len, ==, first->len);
  assert_same_hits (again, first, first->len);

  g_assert_cmpuint (position_of (first, "kuusamo-health-centre"), <, G_MAXUINT);

  /* New groups: what the old ones found is not used. Kuusamo's "terveysasema" was found
   * only by the old group. */
  group->id = g_strdup ("reading");
  group->words = g_strsplit ("terveyskeskus lukutupa", " ", -1);
  g_ptr_array_add (groups, group);
  g_assert_true (kiosk_search_terms_set_groups (fixture->store->terms, groups, &error));
  g_assert_no_error (error);
  regrouped = search (fixture->store, "terveyskeskus", NULL, NULL);
  g_assert_true (looked_up_word (looked_up, "lukutupa"));
  g_assert_cmpuint (position_of (regrouped, "kuusamo-health-centre"), ==, G_MAXUINT);
  g_assert_cmpuint (position_of (regrouped, "raahe-health-centre"), <, G_MAXUINT);

  /* New content: a place the group finds by its other word. */
  g_assert_true (kiosk_store_apply_content (fixture->store, delta, &error));
  g_assert_no_error (error);
  added = search (fixture->store, "terveyskeskus", NULL, NULL);
  g_assert_cmpuint (position_of (added, "kuusamo-reading-room"), <, G_MAXUINT);
  sqlite3_trace_v2 (fixture->store->db, 0, NULL, NULL);
}

/* The first places of a search with a limit are the first of the whole ranked list, in
 * the same order, and the total counts them all: letters that find nearly every place,
 * words found in names and not, a filter by area. */
static void
test_limit_keeps_ranking (Fixture *fixture, gconstpointer data)
{
  static const char *const queries[]
      = { "", "k", "ou", "kirjasto", "terveyskeskus", "apua", "oulussa kirjasto", "zzzz" };
  static const char *const areas[] = { NULL, OULU, "region:17" };

  apply_content (fixture);
  kiosk_store_set_home_municipality (fixture->store, OULU);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
      for (guint limit = 1; limit <= 12; limit += 11)
        {
          g_autoptr (GPtrArray) all = NULL;
          g_autoptr (GPtrArray) first = NULL;
          g_autoptr (GError) error = NULL;
          guint all_total, first_total;

          all = search (fixture->store, queries[q], areas[a], &all_total);
          first = kiosk_store_search_organisations (fixture->store, queries[q], areas[a], NULL,
                                                    NV_LANG_FI, limit, &first_total, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (first_total, ==, all_total);
          g_assert_cmpuint (all->len, ==, all_total);
          g_assert_cmpuint (first->len, ==, MIN (limit, all_total));
          assert_same_hits (first, all, limit);
        }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/kiosk-search/quality-set", Fixture, NULL, fixture_set_up, test_quality_set,
              fixture_tear_down);
  g_test_add ("/kiosk-search/quality-set-large-directory", Fixture, NULL, fixture_set_up,
              test_quality_set_large_directory, fixture_tear_down);
  g_test_add ("/kiosk-search/without-voikko", Fixture, GINT_TO_POINTER (1), fixture_set_up,
              test_without_voikko, fixture_tear_down);
  g_test_add ("/kiosk-search/index-rebuilt-when-dictionary-comes", Fixture, GINT_TO_POINTER (1),
              fixture_set_up, test_index_rebuilt_when_dictionary_comes, fixture_tear_down);
  g_test_add ("/kiosk-search/index-follows-writes", Fixture, NULL, fixture_set_up,
              test_index_follows_writes, fixture_tear_down);
  g_test_add ("/kiosk-search/home-municipality-first", Fixture, NULL, fixture_set_up,
              test_home_municipality_first, fixture_tear_down);
  g_test_add ("/kiosk-search/digital-support-first", Fixture, NULL, fixture_set_up,
              test_digital_support_first, fixture_tear_down);
  g_test_add ("/kiosk-search/synonym-groups-looked-up-once", Fixture, NULL, fixture_set_up,
              test_synonym_groups_looked_up_once, fixture_tear_down);
  g_test_add ("/kiosk-search/limit-keeps-ranking", Fixture, NULL, fixture_set_up,
              test_limit_keeps_ranking, fixture_tear_down);
  g_test_add_func ("/kiosk-search/terms", test_terms);
  g_test_add_func ("/kiosk-search/bad-synonyms", test_bad_synonyms);
  return g_test_run ();
}
