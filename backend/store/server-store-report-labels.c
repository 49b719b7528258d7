/* server-store-report-labels.c — names for the ids and codes in report tables
 *
 * A steering group reads "Omaolo-palvelu" and "Suurempi teksti", not `omaolo` and
 * `larger-text`. Tables keep their ids and codes (CSV files and the archive are read by
 * programs, and an id does not change with the language); beside a table, the answer
 * gives a name in every language for each id or code its rows hold: guides' and
 * categories' titles and organisations' names as they are now, kiosks' names, regions
 * and municipalities from Statistics Finland's lists, and a fixed label for every code a
 * report writes. An id with no name (a guide deleted since) has none and is shown as it
 * is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-municipality.h"
#include "server-store-private.h"

typedef struct
{
  const char *column;
  const char *code;
  const char *name[NV_N_LANGS];
} CodeLabel;

static const CodeLabel code_labels[] = {
  { "language", "fi", { "suomi", "finska", "Finnish" } },
  { "language", "sv", { "ruotsi", "svenska", "Swedish" } },
  { "language", "en", { "englanti", "engelska", "English" } },
  { "language", "fi-x-selko", { "selkosuomi", "lättläst finska", "Plain Finnish" } },
  { "setting", "larger-text", { "Suurempi teksti", "Större text", "Larger text" } },
  { "setting", "high-contrast", { "Suuri kontrasti", "Hög kontrast", "High contrast" } },
  { "setting", "language-changed", { "Kieli vaihdettu", "Bytt språk", "Language changed" } },
  { "setting", "read-aloud", { "Ääneen luku", "Uppläsning", "Read aloud" } },
  { "setting",
    "qr-code",
    { "QR-koodi puhelimeen", "QR-kod till telefonen", "QR code to a phone" } },
  { "step", "started", { "Aloitti pyynnön", "Började en förfrågan", "Started a request" } },
  { "step", "reason", { "Asia", "Ärende", "Reason" } },
  { "step", "contact", { "Yhteydenottotapa", "Kontaktsätt", "How to be contacted" } },
  { "step", "time", { "Aika", "Tid", "Time" } },
  { "step", "details", { "Yhteystiedot", "Kontaktuppgifter", "Contact details" } },
  { "step", "privacy", { "Tietosuoja", "Dataskydd", "Privacy" } },
  { "step", "submitted", { "Lähetti pyynnön", "Skickade förfrågan", "Sent the request" } },
  { "step", "receipt", { "Kuittaus", "Kvitto", "Receipt" } },
  { "outcome", "open", { "Avoin", "Öppen", "Open" } },
  { "outcome", "contacted", { "Yhteyttä otettu", "Kontaktad", "Contacted" } },
  { "outcome", "solved", { "Asia ratkesi", "Ärendet löstes", "Solved" } },
  { "outcome", "referred", { "Ohjattu eteenpäin", "Hänvisad vidare", "Referred on" } },
  { "outcome",
    "home-visit-booked",
    { "Kotikäynti sovittu", "Hembesök bokat", "Home visit booked" } },
  { "outcome", "no-answer", { "Ei tavoitettu", "Nåddes inte", "No answer" } },
  { "outcome", "cancelled", { "Peruttu", "Inställd", "Cancelled" } },
  { "reason", "hours", { "Aukioloajat", "Öppettider", "Opening hours" } },
  { "reason", "phone", { "Puhelinnumero", "Telefonnummer", "Phone number" } },
  { "reason", "address", { "Osoite", "Adress", "Address" } },
  { "reason", "closed", { "Lopettanut", "Stängt för gott", "Closed for good" } },
  { "reason", "other", { "Muu", "Annat", "Other" } },
  { "region", "", { "Tuntematon maakunta", "Okänt landskap", "Unknown region" } },
  /* The feedback questions (docs/events.md, "Feedback") */
  { "asked", "visit-end", { "Käynnin lopuksi", "I slutet av besöket", "At the end of a visit" } },
  { "asked", "guide-end", { "Oppaan lopuksi", "I slutet av en guide", "After a guide" } },
  { "asked", "all", { "Yhteensä", "Totalt", "Total" } },
  { "answer", "yes", { "Kyllä", "Ja", "Yes" } },
  { "answer", "partly", { "Osittain", "Delvis", "Partly" } },
  { "answer", "no", { "Ei", "Nej", "No" } },
  { "group", "promoters", { "Suosittelijat (9–10)", "Rekommenderare (9–10)", "Promoters (9–10)" } },
  { "group", "passives", { "Passiiviset (7–8)", "Passiva (7–8)", "Passives (7–8)" } },
  { "group", "detractors", { "Arvostelijat (0–6)", "Kritiker (0–6)", "Detractors (0–6)" } },
  { "group",
    "index",
    { "Suositteluindeksi (−100…100)", "Rekommendationsindex (−100…100)",
      "Recommendation index (−100…100)" } },
  { "statement",
    "easy",
    { "Palvelua oli helppo käyttää", "Tjänsten var lätt att använda",
      "This service was easy to use" } },
  { "statement",
    "clear",
    { "Tietoa oli helppo ymmärtää", "Informationen var lätt att förstå",
      "The information was easy to understand" } },
};

static GStrv
names_new (const char *fi, const char *sv, const char *en)
{
  GStrv names = g_new0 (char *, NV_N_LANGS + 1);

  names[NV_LANG_FI] = g_strdup (fi);
  names[NV_LANG_SV] = g_strdup (sv != NULL ? sv : fi);
  names[NV_LANG_EN] = g_strdup (en != NULL ? en : fi);
  return names;
}

static GStrv
code_names (const char *column, const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (code_labels); i++)
    if (g_str_equal (code_labels[i].column, column) && g_str_equal (code_labels[i].code, code))
      return names_new (code_labels[i].name[NV_LANG_FI], code_labels[i].name[NV_LANG_SV],
                        code_labels[i].name[NV_LANG_EN]);
  return NULL;
}

/* One row of three names (or one, for all languages) for @id; NULL when there is none. */
static GStrv
stored_names (ServerStore *self, const char *sql, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = server_store_cached (self, sql, error);
  int   rc;
  GStrv names = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      gboolean one = sqlite3_column_count (stmt) == 1;

      names = names_new ((const char *) sqlite3_column_text (stmt, 0),
                         one ? NULL : (const char *) sqlite3_column_text (stmt, 1),
                         one ? NULL : (const char *) sqlite3_column_text (stmt, 2));
    }
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    nv_sqlite_error (error, server_store_get_db (self), "Cannot read names for the report");
  return names;
}

#define TITLES(table, member)                                                                      \
  "SELECT json_extract (document, '$." member ".fi'), json_extract (document, '$." member          \
  ".sv'), json_extract (document, '$." member ".en') FROM " table " WHERE id = ?"

/* NULL with @error unset: this column's values have no names. */
static GStrv
names_of (ServerStore *self, const char *column, const char *value, GError **error)
{
  if (g_str_equal (column, "guide"))
    return stored_names (self, TITLES ("guides", "title"), value, error);
  if (g_str_equal (column, "category"))
    return stored_names (self, TITLES ("categories", "title"), value, error);
  if (g_str_equal (column, "organisation"))
    return stored_names (self, TITLES ("organisations", "name"), value, error);
  if (g_str_equal (column, "kiosk"))
    return stored_names (self, "SELECT name FROM kiosks WHERE id = ?", value, error);
  if (g_str_equal (column, "municipality") && nv_municipality_lookup (value) != NULL)
    return names_new (nv_municipality_name (value, NV_LANG_FI),
                      nv_municipality_name (value, NV_LANG_SV),
                      nv_municipality_name (value, NV_LANG_EN));
  if (g_str_equal (column, "region") && nv_region_lookup (value) != NULL)
    return names_new (nv_region_name (value, NV_LANG_FI), nv_region_name (value, NV_LANG_SV),
                      nv_region_name (value, NV_LANG_EN));
  return code_names (column, value);
}

GHashTable *
server_store_report_labels (ServerStore *self, const ServerReportTable *table, GError **error)
{
  g_autoptr (GHashTable) labels
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  for (guint c = 0; c < table->n_columns; c++)
    {
      const char *column = table->columns[c].id;
      g_autoptr (GHashTable) names = NULL;

      if (table->columns[c].type != SERVER_REPORT_TEXT)
        continue;
      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
      for (guint r = 0; r < table->rows->len; r++)
        {
          const char *value = ((GPtrArray *) g_ptr_array_index (table->rows, r))->pdata[c];
          g_autoptr (GError) local_error = NULL;
          GStrv found;

          if (value == NULL || g_hash_table_contains (names, value))
            continue;
          if ((found = names_of (self, column, value, &local_error)) != NULL)
            g_hash_table_insert (names, g_strdup (value), found);
          else if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
      if (g_hash_table_size (names) > 0)
        g_hash_table_insert (labels, (gpointer) column, g_steal_pointer (&names));
    }
  return g_steal_pointer (&labels);
}
