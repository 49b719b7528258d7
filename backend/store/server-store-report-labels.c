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

#include "nv-event.h"
#include "nv-municipality.h"
#include "server-export.h"
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
  /* Where the importer's runs took their records from (the operations report), as the
   * sources name themselves (dvv.fi, kehittajille.suomi.fi) */
  { "source",
    "ptv",
    { "Suomi.fi-palvelutietovaranto", "Suomi.fi-servicedatalagret",
      "Suomi.fi Finnish Service Catalogue" } },
  { "source",
    "kirjastot",
    { "Kirjastojen tiedot, kirjastot.fi", "Bibliotekens uppgifter, kirjastot.fi",
      "Libraries' details, kirjastot.fi" } },
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
  /* A funnel's conditions (server-store-funnels.c): the event types of docs/events.md, and
   * the fixed codes of their subjects and details, as the console words them */
  { "type", "session_start", { "Käynti alkoi", "Besöket började", "Visit started" } },
  { "type", "session_end", { "Käynti päättyi", "Besöket slutade", "Visit ended" } },
  { "type", "screen_view", { "Näkymä avattiin", "Vy visades", "Screen shown" } },
  { "type", "guide_view", { "Opas avattiin", "Guiden öppnades", "Guide opened" } },
  { "type",
    "step_view",
    { "Oppaan vaihe näytettiin", "Guidens steg visades", "Guide step shown" } },
  { "type",
    "guide_complete",
    { "Opas luettiin loppuun", "Guiden lästes till slut", "Guide read to the end" } },
  { "type", "feedback", { "Palaute oppaasta", "Respons på en guide", "Feedback on a guide" } },
  { "type", "search", { "Haku", "Sökning", "Search" } },
  { "type",
    "organisation_view",
    { "Organisaatio avattiin", "Organisationen öppnades", "Organisation opened" } },
  { "type", "qr_shown", { "QR-koodi näytettiin", "QR-koden visades", "QR code shown" } },
  { "type", "read_aloud", { "Luettiin ääneen", "Lästes upp", "Read aloud" } },
  { "type",
    "setting_changed",
    { "Asetusta muutettiin", "Inställningen ändrades", "Setting changed" } },
  { "type",
    "appointment_started",
    { "Yhteydenottopyyntö aloitettiin", "Kontaktbegäran påbörjades",
      "Appointment request started" } },
  { "type",
    "appointment_step",
    { "Yhteydenottopyynnön vaihe", "Steg i kontaktbegäran", "Appointment request step" } },
  { "type",
    "appointment_abandoned",
    { "Yhteydenottopyyntö jätettiin kesken", "Kontaktbegäran avbröts",
      "Appointment request left" } },
  { "type",
    "appointment_submitted",
    { "Yhteydenottopyyntö lähetettiin", "Kontaktbegäran skickades", "Appointment request sent" } },
  { "type",
    "info_reported",
    { "Virheellisestä tiedosta ilmoitettiin", "Felaktig uppgift anmäldes",
      "Wrong information reported" } },
  { "type",
    "survey_offered",
    { "Palautekysymykset näytettiin", "Responsfrågorna visades", "Feedback questions shown" } },
  { "type",
    "survey_found",
    { "Vastaus: löysikö tarvitsemansa", "Svar: hittade det de behövde",
      "Answer: found what they needed" } },
  { "type",
    "survey_score",
    { "Vastaus: suositteluarvio", "Svar: rekommendationsbetyg", "Answer: recommendation score" } },
  { "type", "survey_statement", { "Vastaus: väittämä", "Svar: påstående", "Answer: statement" } },
  { "screen", "home", { "Aloitusnäkymä", "Startvyn", "Home screen" } },
  { "screen", "categories", { "Aihepiirit", "Ämnen", "Topics" } },
  { "screen", "guide-list", { "Oppaiden luettelo", "Lista över guider", "List of guides" } },
  { "screen", "guide", { "Opas", "Guide", "Guide" } },
  { "screen", "directory", { "Palveluhakemisto", "Tjänstekatalog", "Directory of places" } },
  { "screen", "organisation", { "Paikan tiedot", "Ställets uppgifter", "A place's page" } },
  { "screen", "appointment", { "Yhteydenottopyyntö", "Kontaktbegäran", "Appointment request" } },
  { "screen", "help", { "Apua", "Hjälp", "Help" } },
  { "changed", "language", { "Kieli", "Språk", "Language" } },
  { "changed", "text-size", { "Tekstin koko", "Textstorlek", "Text size" } },
  { "changed", "contrast", { "Kontrasti", "Kontrast", "Contrast" } },
  { "contrast", "normal", { "Tavallinen", "Normal", "Normal" } },
  { "contrast", "high", { "Suuri kontrasti", "Hög kontrast", "High contrast" } },
  { "feedback", "good", { "Auttoi", "Hjälpte", "Helped" } },
  { "feedback", "neutral", { "En osaa sanoa", "Vet inte", "Cannot say" } },
  { "feedback", "bad", { "Ei auttanut", "Hjälpte inte", "Did not help" } },
  { "ended", "timeout", { "Aikakatkaisu", "Tidsgräns", "Timed out" } },
  { "ended", "start-over", { "Aloita alusta", "Börja om", "Start over" } },
  { "submitted", "slot", { "Vapaa aika", "Ledig tid", "A free time" } },
  { "submitted", "preferred-time", { "Toivottu aika", "Önskad tid", "A preferred time" } },
  { "agreement", "agree", { "Samaa mieltä", "Av samma åsikt", "Agree" } },
  { "agreement",
    "neutral",
    { "Ei samaa eikä eri mieltä", "Varken av samma eller annan åsikt",
      "Neither agree nor disagree" } },
  { "agreement", "disagree", { "Eri mieltä", "Av annan åsikt", "Disagree" } },
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

/* A funnel's subject and detail mean something per event type (docs/events.md, "Types"):
 * a guide's id, an organisation's, "guide:ID", a screen, a fixed code. NULL with @error
 * unset: no name. */
static GStrv
event_names (
    ServerStore *self, const char *column, const char *type_code, const char *value, GError **error)
{
  NvEventType type;

  if (type_code == NULL || !nv_event_type_from_string (type_code, &type))
    return NULL;
  if (g_str_equal (column, "subject"))
    switch (type)
      {
      case NV_EVENT_GUIDE_VIEW:
      case NV_EVENT_STEP_VIEW:
      case NV_EVENT_GUIDE_COMPLETE:
      case NV_EVENT_FEEDBACK:
      case NV_EVENT_APPOINTMENT_STARTED:
        return names_of (self, "guide", value, error);
      case NV_EVENT_ORGANISATION_VIEW:
      case NV_EVENT_INFO_REPORTED:
        return names_of (self, "organisation", value, error);
      case NV_EVENT_QR_SHOWN:
      case NV_EVENT_READ_ALOUD:
        if (g_str_has_prefix (value, "guide:"))
          return names_of (self, "guide", value + strlen ("guide:"), error);
        if (g_str_has_prefix (value, "organisation:"))
          return names_of (self, "organisation", value + strlen ("organisation:"), error);
        return NULL;
      case NV_EVENT_SCREEN_VIEW:
        return code_names ("screen", value);
      case NV_EVENT_SETTING_CHANGED:
        return code_names ("changed", value);
      case NV_EVENT_SURVEY_STATEMENT:
        return code_names ("statement", value);
      default:
        return NULL;
      }
  switch (type)
    {
    case NV_EVENT_FEEDBACK:
      return code_names ("feedback", value);
    case NV_EVENT_SESSION_END:
      return code_names ("ended", value);
    case NV_EVENT_APPOINTMENT_STEP:
    case NV_EVENT_APPOINTMENT_ABANDONED:
      return code_names ("step", value);
    case NV_EVENT_APPOINTMENT_SUBMITTED:
      return code_names ("submitted", value);
    case NV_EVENT_INFO_REPORTED:
      return code_names ("reason", value);
    case NV_EVENT_SURVEY_OFFERED:
      return code_names ("asked", value);
    case NV_EVENT_SURVEY_FOUND:
      return code_names ("answer", value);
    case NV_EVENT_SURVEY_STATEMENT:
      return code_names ("agreement", value);
    case NV_EVENT_SETTING_CHANGED:
      {
        GStrv names = code_names ("language", value);

        return names != NULL ? names : code_names ("contrast", value);
      }
    default:
      return NULL;
    }
}

static int
column_index (const ServerReportTable *table, const char *id)
{
  for (guint c = 0; c < table->n_columns; c++)
    if (g_str_equal (table->columns[c].id, id))
      return (int) c;
  return -1;
}

GHashTable *
server_store_report_labels (ServerStore *self, const ServerReportTable *table, GError **error)
{
  g_autoptr (GHashTable) labels
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);

  int type_column = column_index (table, "type");

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  for (guint c = 0; c < table->n_columns; c++)
    {
      const char *column = table->columns[c].id;
      gboolean    per_type
          = type_column >= 0 && (g_str_equal (column, "subject") || g_str_equal (column, "detail"));
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
          /* A value is named by the first row that names it: a guide and a place of the
           * same id would share one, which ids as the content gives them never are. */
          found = per_type ? event_names (
                      self, column,
                      ((GPtrArray *) g_ptr_array_index (table->rows, r))->pdata[type_column], value,
                      &local_error)
                           : names_of (self, column, value, &local_error);
          if (found != NULL)
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

/* A download for people gets a COLUMN_name column beside each column whose values can
 * have names (names_of, event_names), always, so that its columns do not depend on its
 * rows. */
gboolean
server_report_column_is_named (const ServerReportColumn *column)
{
  static const char *const named[]
      = { "guide",  "category", "organisation", "kiosk", "municipality",
          "region", "language", "setting",      "step",  "outcome",
          "reason", "asked",    "answer",       "group", "statement",
          "type",   "subject",  "detail",       NULL };

  return column->type == SERVER_REPORT_TEXT && g_strv_contains (named, column->id);
}

GBytes *
server_report_table_to_named_csv (const ServerReportTable *table,
                                  GHashTable              *labels,
                                  NvLang                   lang,
                                  GError                 **error)
{
  g_autoptr (GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (ServerExportWriter) writer = NULL;

  g_return_val_if_fail (table != NULL && labels != NULL, NULL);

  for (guint c = 0; c < table->n_columns; c++)
    {
      g_ptr_array_add (columns, g_strdup (table->columns[c].id));
      if (server_report_column_is_named (&table->columns[c]))
        g_ptr_array_add (columns, g_strconcat (table->columns[c].id, "_name", NULL));
    }
  writer = server_export_writer_new (out, SERVER_EXPORT_CSV, (const char **) columns->pdata,
                                     columns->len);
  for (guint r = 0; r < table->rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (table->rows, r);

      g_ptr_array_set_size (cells, 0);
      for (guint c = 0; c < table->n_columns; c++)
        {
          const char *value = row->pdata[c];

          g_ptr_array_add (cells, (gpointer) value);
          if (server_report_column_is_named (&table->columns[c]))
            {
              GHashTable *names = g_hash_table_lookup (labels, table->columns[c].id);
              GStrv       found
                  = names != NULL && value != NULL ? g_hash_table_lookup (names, value) : NULL;

              g_ptr_array_add (cells, found != NULL ? found[nv_lang_base (lang)] : NULL);
            }
        }
      if (!server_export_writer_row (writer, (const char *const *) cells->pdata, error))
        return NULL;
    }
  if (!server_export_writer_close (writer, error) || !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}
