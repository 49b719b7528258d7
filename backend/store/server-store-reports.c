/* server-store-reports.c — evaluators' reports: aggregates of events, requests and kiosks
 *
 * Every value reaches SQLite as a bound parameter, the kiosk filter too (a JSON array read
 * with json_each). SQLite knows no time zones, so Europe/Helsinki days come from GTimeZone:
 * the range is cut into periods of one UTC offset, bound as JSON, and an event's local time
 * is its UTC time shifted by the offset of its period.
 *
 * Counts of residents are counts of sessions (distinct visits): a resident who opens a
 * guide five times is one, so suppression protects people, not clicks. A count from 1 to
 * threshold - 1 becomes NULL. Rows keyed by what residents typed (search queries) are left
 * out altogether below the threshold; rows keyed by content (guides, steps, days) stay, with
 * their counts suppressed, and lists ordered by count treat suppressed counts as 0 so their
 * order tells nothing either.
 *
 * Appointment requests are read for state, outcome, kiosk and times only: never a name or
 * phone number, so nothing here writes to the audit log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-json-private.h"
#include "nv-municipality.h"
#include "server-export.h"
#include "server-store-private.h"
#include "server-store-reports-private.h"
#include "server-store-rollups.h"

#define TOP_ROWS 20
#define LIST_ROWS 50

/* SQL shared by the tables. e is an event, a an appointment request. */
#define EVENTS_IN_RANGE SERVER_REPORT_EVENTS_IN_RANGE
#define REQUESTS_IN_RANGE SERVER_REPORT_REQUESTS_IN_RANGE
/* [start, stop) in UTC, and the shift to Helsinki time in it ("+10800 seconds"). */
#define PERIODS                                                                                    \
  "periods (start, stop, shift) AS (SELECT json_extract (value, '$[0]'), "                         \
  "json_extract (value, '$[1]'), json_extract (value, '$[2]') FROM json_each (:periods))"
#define LOCAL_JOIN "JOIN periods p ON e.time >= p.start AND e.time < p.stop"
#define LOCAL_TIME "datetime (e.time, p.shift)"
/* Visits of a measure in the range by key, from the rollups. */
#define ROLLUP_BY_KEY(measure)                                                                     \
  "SELECT key, sum (n) FROM " SERVER_ROLLUP_TOTALS ("'" measure "'") " GROUP BY key"
/* Visits by the key of their state of a measure (server-store-rollups.h, "States") in the
 * range, rows (key, n), from the rollups and the correction for visits seen on more than
 * one day (:split, read_split () first); a key's n may sum to 0. */
#define ROLLUP_STATES(measure)                                                                     \
  "(SELECT r.key, r.n FROM " SERVER_ROLLUP_ROWS (                                                  \
      "'" measure "'") " r UNION ALL "                                                             \
                       "SELECT json_extract (value, '$[0]'), json_extract (value, '$[1]') FROM "   \
                       "json_each (:split))"
/* @rows (key, n) summed by key first, so that what reads the key's parts (json_extract)
 * does it once a key, not once a day and kiosk: a year is 350,000 rows of guides. */
#define ROLLUP_SUMS_BY_KEY(rows) "(SELECT key, sum (n) AS n FROM " rows " GROUP BY key)"
#define ROLLUP_STATES_BY_KEY(measure)                                                              \
  "SELECT key, sum (n) FROM " ROLLUP_STATES (measure) " GROUP BY key"
/* Largest first; a suppressed count sorts as 0. */
#define BY_COUNT(n) "CASE WHEN " n " >= :threshold THEN " n " ELSE 0 END DESC"
/* The nearest-rank median and 90th percentile of v (x), and how many values there are. */
#define PERCENTILES_OF_V                                                                           \
  "r AS (SELECT x, row_number () OVER (ORDER BY x) AS k, count (*) OVER () AS n FROM v) "          \
  "SELECT coalesce (max (n), 0), round (max (CASE WHEN k = (n + 1) / 2 THEN x END), 1), "          \
  "round (max (CASE WHEN k = (9 * n + 9) / 10 THEN x END), 1) FROM r"
/* The same of v (x, c): c values x; the value of rank k is the least x with k values up to
 * it. */
#define ROLLUP_PERCENTILES_OF_V                                                                    \
  "r AS (SELECT x, sum (c) OVER (ORDER BY x) AS upto, sum (c) OVER () AS n FROM v) "               \
  "SELECT coalesce (max (n), 0), round (min (x) FILTER (WHERE upto >= (n + 1) / 2), 1), "          \
  "round (min (x) FILTER (WHERE upto >= (9 * n + 9) / 10), 1) FROM r"

typedef struct
{
  ServerStore             *store;
  const ServerReportQuery *query;
  char                    *from; /* UTC, as events store times */
  char                    *to;
  char                    *kiosks;   /* JSON array; NULL: every kiosk */
  char                    *periods;  /* JSON array of [start, stop, shift] */
  gboolean                 rollups;  /* whole days: read the rollups */
  char                    *day_from; /* the first Helsinki day, and the day after the last */
  char                    *day_to;
  char                    *full_from; /* the whole months in the range: their first day, */
  char                    *full_to;   /* the day after the last (both day_to: none) */
  char                    *split;     /* server_rollup_split_states () of the table being read */
} Report;

typedef gboolean (*BuildFunc) (Report *report, GPtrArray *rows, GError **error);

typedef struct
{
  const char               *id;
  const char               *title[NV_N_LANGS];
  const ServerReportColumn *columns;
  guint                     n_columns;
  BuildFunc                 build;
} TableSpec;

typedef struct
{
  const char      *id;
  const TableSpec *tables;
  guint            n_tables;
} SectionSpec;

static gboolean build_sessions_per_day (Report *report, GPtrArray *rows, GError **error);
static gboolean build_hour_of_week (Report *report, GPtrArray *rows, GError **error);
static gboolean build_session_length (Report *report, GPtrArray *rows, GError **error);
static gboolean build_languages (Report *report, GPtrArray *rows, GError **error);
static gboolean build_settings (Report *report, GPtrArray *rows, GError **error);
static gboolean build_visits_by_region (Report *report, GPtrArray *rows, GError **error);
static gboolean build_visits_by_kiosk (Report *report, GPtrArray *rows, GError **error);
static gboolean build_top_guides (Report *report, GPtrArray *rows, GError **error);
static gboolean build_top_categories (Report *report, GPtrArray *rows, GError **error);
static gboolean build_top_organisations (Report *report, GPtrArray *rows, GError **error);
static gboolean build_empty_searches (Report *report, GPtrArray *rows, GError **error);
static gboolean build_guide_completion (Report *report, GPtrArray *rows, GError **error);
static gboolean build_give_up_step (Report *report, GPtrArray *rows, GError **error);
static gboolean build_timeouts (Report *report, GPtrArray *rows, GError **error);
static gboolean build_funnel (Report *report, GPtrArray *rows, GError **error);
static gboolean build_outcomes (Report *report, GPtrArray *rows, GError **error);
static gboolean build_days_to_contact (Report *report, GPtrArray *rows, GError **error);
static gboolean build_feedback (Report *report, GPtrArray *rows, GError **error);
static gboolean build_survey_response (Report *report, GPtrArray *rows, GError **error);
static gboolean build_survey_found (Report *report, GPtrArray *rows, GError **error);
static gboolean build_survey_score (Report *report, GPtrArray *rows, GError **error);
static gboolean build_survey_recommendation (Report *report, GPtrArray *rows, GError **error);
static gboolean build_survey_statements (Report *report, GPtrArray *rows, GError **error);
static gboolean build_kiosks (Report *report, GPtrArray *rows, GError **error);
static gboolean build_info_reports (Report *report, GPtrArray *rows, GError **error);
static gboolean build_import_runs (Report *report, GPtrArray *rows, GError **error);
static gboolean build_dark_kiosks (Report *report, GPtrArray *rows, GError **error);

/* Columns */

#define TEXT(id, fi, sv, en) SERVER_REPORT_COLUMN (id, fi, sv, en, SERVER_REPORT_TEXT)
#define NUMBER(id, fi, sv, en) SERVER_REPORT_COLUMN (id, fi, sv, en, SERVER_REPORT_NUMBER)
#define TIME(id, fi, sv, en) SERVER_REPORT_COLUMN (id, fi, sv, en, SERVER_REPORT_TIME)

#define DAY TEXT ("day", "Päivä", "Dag", "Day")
#define GUIDE TEXT ("guide", "Opas", "Guide", "Guide")
/* Text, not a number: empty for events recorded before versions, which is not a
 * suppressed count. */
#define GUIDE_VERSION TEXT ("guide_version", "Oppaan versio", "Guidens version", "Guide version")
#define SESSIONS NUMBER ("sessions", "Käynnit", "Besök", "Sessions")
#define VIEWS NUMBER ("views", "Katselut (käynnit)", "Visningar (besök)", "Views (sessions)")
#define REQUESTS NUMBER ("requests", "Pyynnöt", "Förfrågningar", "Requests")
#define COLUMNS(array) array, G_N_ELEMENTS (array)

static const ServerReportColumn sessions_per_day_columns[] = { DAY, SESSIONS };
static const ServerReportColumn hour_of_week_columns[] = {
  NUMBER (
      "weekday", "Viikonpäivä (1 = maanantai)", "Veckodag (1 = måndag)", "Weekday (1 = Monday)"),
  NUMBER ("hour", "Tunti", "Timme", "Hour"),
  SESSIONS,
};
static const ServerReportColumn session_length_columns[] = {
  NUMBER ("median_seconds", "Mediaani (s)", "Median (s)", "Median (s)"),
  NUMBER ("p90_seconds", "90. persentiili (s)", "90:e percentilen (s)", "90th percentile (s)"),
  NUMBER ("sessions", "Päättyneet käynnit", "Avslutade besök", "Sessions ended"),
};
static const ServerReportColumn languages_columns[] = {
  TEXT ("language", "Kieli", "Språk", "Language"),
  SESSIONS,
};
static const ServerReportColumn settings_columns[] = {
  TEXT ("setting", "Asetus", "Inställning", "Setting"),
  NUMBER ("sessions_using", "Käyttäneet käynnit", "Besök som använde", "Sessions using"),
};
/* Region and municipality are codes (Statistics Finland); a row of visits_by_kiosk is a
 * kiosk of the region in visits_by_region, for drilling down from one to the other. */
#define REGION TEXT ("region", "Maakunta", "Landskap", "Region")
static const ServerReportColumn visits_by_region_columns[] = { REGION, SESSIONS };
static const ServerReportColumn visits_by_kiosk_columns[] = {
  REGION,
  TEXT ("municipality", "Kunta", "Kommun", "Municipality"),
  TEXT ("kiosk", "Kioski", "Kiosk", "Kiosk"),
  SESSIONS,
};
static const ServerReportColumn top_guides_columns[] = {
  GUIDE,
  VIEWS,
  NUMBER ("completions", "Loppuun asti (käynnit)", "Slutförda (besök)", "Completions (sessions)"),
};
static const ServerReportColumn top_categories_columns[] = {
  TEXT ("category", "Aihealue", "Kategori", "Category"),
  VIEWS,
};
static const ServerReportColumn top_organisations_columns[] = {
  TEXT ("organisation", "Organisaatio", "Organisation", "Organisation"),
  VIEWS,
};
static const ServerReportColumn empty_searches_columns[] = {
  TEXT ("query", "Hakusana", "Sökord", "Query"),
  NUMBER ("searches", "Haut (käynnit)", "Sökningar (besök)", "Searches (sessions)"),
};
static const ServerReportColumn guide_completion_columns[] = {
  GUIDE,
  GUIDE_VERSION,
  NUMBER ("started", "Aloittaneet (käynnit)", "Påbörjade (besök)", "Started (sessions)"),
  NUMBER ("completed", "Loppuun asti (käynnit)", "Slutförda (besök)", "Completed (sessions)"),
  NUMBER ("rate", "Osuus", "Andel", "Rate"),
};
static const ServerReportColumn give_up_step_columns[] = {
  GUIDE,
  GUIDE_VERSION,
  NUMBER ("step", "Vaihe", "Steg", "Step"),
  NUMBER ("sessions_last_seen",
          "Viimeksi nähty (käynnit)",
          "Senast sedd (besök)",
          "Last seen (sessions)"),
};
static const ServerReportColumn timeouts_columns[] = {
  DAY,
  NUMBER ("timeouts", "Aikakatkaisut", "Tidsgränser", "Timeouts"),
  NUMBER ("start_overs", "Aloita alusta", "Börja om", "Start overs"),
};
static const ServerReportColumn funnel_columns[] = {
  TEXT ("step", "Vaihe", "Steg", "Step"),
  SESSIONS,
  NUMBER ("percent",
          "Osuus aloittaneista (%)",
          "Andel av dem som började (%)",
          "Share of those who started (%)"),
};
static const ServerReportColumn outcomes_columns[] = {
  TEXT ("outcome", "Tila tai tulos", "Status eller resultat", "State or outcome"),
  REQUESTS,
};
static const ServerReportColumn days_to_contact_columns[] = {
  NUMBER ("median_days", "Mediaani (vrk)", "Median (dygn)", "Median (days)"),
  NUMBER ("p90_days", "90. persentiili (vrk)", "90:e percentilen (dygn)", "90th percentile (days)"),
  REQUESTS,
};
static const ServerReportColumn feedback_columns[] = {
  GUIDE,
  NUMBER ("happy", "Tyytyväinen", "Nöjd", "Happy"),
  NUMBER ("neutral", "Neutraali", "Neutral", "Neutral"),
  NUMBER ("sad", "Tyytymätön", "Missnöjd", "Sad"),
};
static const ServerReportColumn survey_response_columns[] = {
  TEXT ("asked", "Kysytty", "Frågat", "Asked"),
  NUMBER ("offered", "Kysyttiin", "Tillfrågade", "Asked"),
  NUMBER ("answered", "Vastasi", "Svarade", "Answered"),
  NUMBER ("rate", "Vastausosuus (%)", "Svarsandel (%)", "Response rate (%)"),
};
#define SURVEY_VISITS NUMBER ("visits", "Käynnit", "Besök", "Visits")
static const ServerReportColumn survey_found_columns[] = {
  TEXT ("answer", "Vastaus", "Svar", "Answer"),
  SURVEY_VISITS,
  NUMBER ("share", "Osuus (%)", "Andel (%)", "Share (%)"),
};
static const ServerReportColumn survey_score_columns[] = {
  TEXT ("score", "Arvio 0–10", "Betyg 0–10", "Score 0–10"),
  TEXT ("group", "Ryhmä", "Grupp", "Group"),
  SURVEY_VISITS,
};
static const ServerReportColumn survey_recommendation_columns[] = {
  TEXT ("group", "Ryhmä", "Grupp", "Group"),
  SURVEY_VISITS,
  NUMBER ("share", "Osuus (%)", "Andel (%)", "Share (%)"),
};
static const ServerReportColumn survey_statements_columns[] = {
  TEXT ("statement", "Väittämä", "Påstående", "Statement"),
  NUMBER ("agree", "Samaa mieltä", "Håller med", "Agree"),
  NUMBER ("neutral", "Ei samaa eikä eri mieltä", "Varken eller", "Neither"),
  NUMBER ("disagree", "Eri mieltä", "Håller inte med", "Disagree"),
};
static const ServerReportColumn info_reports_columns[] = {
  TEXT ("reason", "Mikä on väärin", "Vad är fel", "What is wrong"),
  NUMBER ("reports", "Ilmoitukset", "Anmälningar", "Reports"),
  NUMBER ("handled", "Käsitellyt", "Behandlade", "Handled"),
};
static const ServerReportColumn import_runs_columns[] = {
  TEXT ("source", "Lähde", "Källa", "Source"),
  TIME ("started", "Alkoi", "Började", "Started"),
  TIME ("finished", "Päättyi", "Slutade", "Finished"),
  NUMBER ("new", "Uudet", "Nya", "New"),
  NUMBER ("changed", "Muuttuneet", "Ändrade", "Changed"),
  NUMBER ("unchanged", "Ennallaan", "Oförändrade", "Unchanged"),
  NUMBER ("refused", "Hylätyt", "Avvisade", "Refused"),
  TEXT ("problems", "Ongelmat", "Problem", "Problems"),
};
static const ServerReportColumn dark_kiosks_columns[] = {
  TEXT ("kiosk", "Kioski", "Kiosk", "Kiosk"),
  TEXT ("organisation", "Sijainti", "Plats", "Host"),
  NUMBER ("open_hours", "Aukiolotunnit", "Öppettimmar", "Hours open"),
  NUMBER ("dark_hours", "Tunnit ilman yhteyttä", "Timmar utan kontakt", "Hours without contact"),
  TIME ("last_dark", "Viimeksi ilman yhteyttä", "Senast utan kontakt", "Last without contact"),
};
static const ServerReportColumn kiosks_columns[] = {
  TEXT ("kiosk", "Tunnus", "ID", "ID"),
  TEXT ("name", "Nimi", "Namn", "Name"),
  TIME ("last_contact", "Viimeisin yhteys", "Senaste kontakt", "Last contact"),
  NUMBER ("uptime_percent", "Käytettävyys (%)", "Drifttid (%)", "Uptime (%)"),
  NUMBER ("content_revision", "Sisältöversio", "Innehållsversion", "Content revision"),
  NUMBER ("content_age_hours", "Sisällön ikä (h)", "Innehållets ålder (h)", "Content age (hours)"),
  NUMBER ("outbox_backlog",
          "Lähettämättömät tapahtumat",
          "Osända händelser",
          "Events waiting to be sent"),
};

/* Sections */

static const TableSpec reach_tables[] = {
  { "sessions_per_day",
    { "Käynnit päivittäin", "Besök per dag", "Sessions per day" },
    COLUMNS (sessions_per_day_columns),
    build_sessions_per_day },
  { "hour_of_week",
    { "Käynnit viikonpäivän ja tunnin mukaan", "Besök per veckodag och timme",
      "Sessions by weekday and hour" },
    COLUMNS (hour_of_week_columns),
    build_hour_of_week },
  { "session_length",
    { "Käynnin kesto", "Besökets längd", "Session length" },
    COLUMNS (session_length_columns),
    build_session_length },
  { "languages", { "Kielet", "Språk", "Languages" }, COLUMNS (languages_columns), build_languages },
  { "settings",
    { "Asetukset ja apuvälineet", "Inställningar och hjälpmedel", "Settings and aids" },
    COLUMNS (settings_columns),
    build_settings },
  { "visits_by_region",
    { "Käynnit maakunnittain", "Besök per landskap", "Sessions by region" },
    COLUMNS (visits_by_region_columns),
    build_visits_by_region },
  { "visits_by_kiosk",
    { "Käynnit kioskeittain", "Besök per kiosk", "Sessions by kiosk" },
    COLUMNS (visits_by_kiosk_columns),
    build_visits_by_kiosk },
};

static const TableSpec demand_tables[] = {
  { "top_guides",
    { "Katsotuimmat oppaat", "Mest visade guider", "Most viewed guides" },
    COLUMNS (top_guides_columns),
    build_top_guides },
  { "top_categories",
    { "Katsotuimmat aihealueet", "Mest visade kategorier", "Most viewed categories" },
    COLUMNS (top_categories_columns),
    build_top_categories },
  { "top_organisations",
    { "Katsotuimmat organisaatiot", "Mest visade organisationer", "Most viewed organisations" },
    COLUMNS (top_organisations_columns),
    build_top_organisations },
  { "empty_searches",
    { "Haut ilman tuloksia", "Sökningar utan resultat", "Searches without results" },
    COLUMNS (empty_searches_columns),
    build_empty_searches },
};

static const TableSpec friction_tables[] = {
  { "guide_completion",
    { "Oppaiden läpikäynti", "Genomgång av guider", "Guide completion" },
    COLUMNS (guide_completion_columns),
    build_guide_completion },
  { "give_up_step",
    { "Vaihe, johon opas jäi kesken", "Steget där guiden lämnades", "Step where a guide was left" },
    COLUMNS (give_up_step_columns),
    build_give_up_step },
  { "timeouts",
    { "Aikakatkaisut ja Aloita alusta", "Tidsgränser och Börja om", "Timeouts and Start over" },
    COLUMNS (timeouts_columns),
    build_timeouts },
};

static const TableSpec handover_tables[] = {
  { "funnel",
    { "Ajanvarauksen eteneminen", "Tidsbokningens förlopp", "Appointment funnel" },
    COLUMNS (funnel_columns),
    build_funnel },
  { "outcomes",
    { "Yhteydenottopyyntöjen tulokset", "Resultat av kontaktförfrågningar", "Request outcomes" },
    COLUMNS (outcomes_columns),
    build_outcomes },
  { "days_to_contact",
    { "Aika yhteydenottoon", "Tid till kontakt", "Time to contact" },
    COLUMNS (days_to_contact_columns),
    build_days_to_contact },
};

static const TableSpec experience_tables[] = {
  { "feedback",
    { "Palaute oppaista", "Respons på guider", "Feedback on guides" },
    COLUMNS (feedback_columns),
    build_feedback },
  /* The feedback questions at the end of a visit (docs/events.md, "Feedback") */
  { "survey_response",
    { "Palautekysymysten vastausosuus", "Svarsandel för responsfrågorna",
      "Feedback questions: response rate" },
    COLUMNS (survey_response_columns),
    build_survey_response },
  { "survey_found",
    { "Löysikö tarvitsemansa", "Hittade det man behövde", "Found what they needed" },
    COLUMNS (survey_found_columns),
    build_survey_found },
  { "survey_score",
    { "Suositteluarviot 0–10", "Rekommendationsbetyg 0–10", "Recommendation scores 0–10" },
    COLUMNS (survey_score_columns),
    build_survey_score },
  { "survey_recommendation",
    { "Suositteluindeksi", "Rekommendationsindex", "Recommendation index" },
    COLUMNS (survey_recommendation_columns),
    build_survey_recommendation },
  { "survey_statements",
    { "Väittämät", "Påståenden", "Statements" },
    COLUMNS (survey_statements_columns),
    build_survey_statements },
};

static const TableSpec operations_tables[] = {
  { "kiosks", { "Kioskit", "Kiosker", "Kiosks" }, COLUMNS (kiosks_columns), build_kiosks },
  { "info_reports",
    { "Ilmoitukset virheellisistä tiedoista", "Anmälningar om felaktiga uppgifter",
      "Reports of wrong information" },
    COLUMNS (info_reports_columns),
    build_info_reports },
  { "import_runs",
    { "Tuonnit muista hakemistoista", "Importer från andra kataloger",
      "Imports from other directories" },
    COLUMNS (import_runs_columns),
    build_import_runs },
  { "dark_kiosks",
    { "Kioskit ilman yhteyttä aukioloaikana", "Kiosker utan kontakt under öppettiderna",
      "Kiosks dark during opening hours" },
    COLUMNS (dark_kiosks_columns),
    build_dark_kiosks },
};

static const SectionSpec sections[] = {
  { "reach", COLUMNS (reach_tables) },           { "demand", COLUMNS (demand_tables) },
  { "friction", COLUMNS (friction_tables) },     { "handover", COLUMNS (handover_tables) },
  { "experience", COLUMNS (experience_tables) }, { "operations", COLUMNS (operations_tables) },
};

static const char *const section_ids[]
    = { "reach", "demand", "friction", "handover", "experience", "operations", NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (section_ids) == G_N_ELEMENTS (sections) + 1);

static const SectionSpec *
find_section (const char *section)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].id, section) == 0)
      return &sections[i];
  return NULL;
}

static const TableSpec *
find_table (const SectionSpec *section, const char *table)
{
  for (guint i = 0; section != NULL && i < section->n_tables; i++)
    if (g_strcmp0 (section->tables[i].id, table) == 0)
      return &section->tables[i];
  return NULL;
}

const char *const *
server_report_sections (void)
{
  return section_ids;
}

gboolean
server_report_section_is_known (const char *section)
{
  return find_section (section) != NULL;
}

gboolean
server_report_table_is_known (const char *section, const char *table)
{
  return find_table (find_section (section), table) != NULL;
}

const char *
server_report_type_to_string (ServerReportType type)
{
  switch (type)
    {
    case SERVER_REPORT_TEXT:
      return "text";
    case SERVER_REPORT_NUMBER:
      return "number";
    case SERVER_REPORT_TIME:
      return "time";
    default:
      g_return_val_if_reached (NULL);
    }
}

void
server_report_table_free (ServerReportTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

/* Cells */

static GPtrArray *
row_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

/* A number as JSON and CSV write it: no exponent for what a report holds, no trailing
 * zeros, a point whatever the locale. */
static char *
number_text (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (ABS (value) < 1e15 && value == (double) (gint64) value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

static gboolean
is_suppressed (Report *report, gint64 count)
{
  return count > 0 && count < (gint64) report->query->threshold;
}

static char *
count_text (Report *report, gint64 count)
{
  if (is_suppressed (report, count))
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

/* A result column as it is: NULL, an integer or a real. */
static char *
column_number_text (sqlite3_stmt *stmt, int column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      return NULL;
    case SQLITE_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, column));
    default:
      return number_text (sqlite3_column_double (stmt, column));
    }
}

/* Queries */

static void
bind_named (sqlite3_stmt *stmt, const char *name, const char *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

/* Prepares a report query and binds what it names of :from, :to, :kiosks, :periods and
 * :threshold. */
static sqlite3_stmt *
prepare (Report *report, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = server_store_prepare (report->store, sql, error);
  int           index;

  if (stmt == NULL)
    return NULL;
  bind_named (stmt, ":from", report->from);
  bind_named (stmt, ":to", report->to);
  bind_named (stmt, ":kiosks", report->kiosks);
  bind_named (stmt, ":periods", report->periods);
  bind_named (stmt, ":day_from", report->day_from);
  bind_named (stmt, ":day_to", report->day_to);
  bind_named (stmt, ":full_from", report->full_from);
  bind_named (stmt, ":full_to", report->full_to);
  bind_named (stmt, ":split", report->split);
  if ((index = sqlite3_bind_parameter_index (stmt, ":threshold")) > 0)
    sqlite3_bind_int64 (stmt, index, MAX (report->query->threshold, 1));
  return stmt;
}

/* Reads the correction of ROLLUP_STATES (@measure) for the report's days and kiosks. */
static gboolean
read_split (Report *report, const char *measure, GError **error)
{
  g_free (report->split);
  report->split = server_rollup_split_states (report->store, measure, report->day_from,
                                              report->day_to, report->kiosks, error);
  return report->split != NULL;
}

static gboolean
read_failed (Report *report, GError **error)
{
  return nv_sqlite_error (error, server_store_get_db (report->store), "Cannot read the report");
}

typedef enum
{
  CELL_TEXT,   /* as it is */
  CELL_COUNT,  /* a count of residents: suppressed below the threshold */
  CELL_NUMBER, /* as it is: a step number, a rate */
} CellKind;

/* One row per result row, each column as @kinds says. */
static gboolean
read_rows (Report         *report,
           const char     *sql,
           const CellKind *kinds,
           guint           n_kinds,
           GPtrArray      *rows,
           GError        **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare (report, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GPtrArray *row = row_new ();

      for (guint i = 0; i < n_kinds; i++)
        switch (kinds[i])
          {
          case CELL_TEXT:
            g_ptr_array_add (row, g_strdup ((const char *) sqlite3_column_text (stmt, i)));
            break;
          case CELL_COUNT:
            g_ptr_array_add (row, count_text (report, sqlite3_column_int64 (stmt, i)));
            break;
          case CELL_NUMBER:
            g_ptr_array_add (row, column_number_text (stmt, i));
            break;
          default:
            g_assert_not_reached ();
          }
      g_ptr_array_add (rows, row);
    }
  return rc == SQLITE_DONE || read_failed (report, error);
}

/* Counts by key: the first result column is the key, the @n_counts after it counts.
 * *@out_groups maps the key to a gint64[@n_counts]. */
static gboolean
read_groups (
    Report *report, const char *sql, guint n_counts, GHashTable **out_groups, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = prepare (report, sql, error);
  g_autoptr (GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      gint64     *counts = g_new0 (gint64, n_counts);

      for (guint i = 0; i < n_counts; i++)
        counts[i] = sqlite3_column_int64 (stmt, (int) i + 1);
      g_hash_table_replace (groups, g_strdup (key != NULL ? key : ""), counts);
    }
  if (rc != SQLITE_DONE)
    return read_failed (report, error);
  *out_groups = g_steal_pointer (&groups);
  return TRUE;
}

/* A row of @key, then its counts (0 when the key has none). */
static GPtrArray *
group_row (Report *report, GHashTable *groups, const char *key, guint n_counts)
{
  GPtrArray    *row = row_new ();
  const gint64 *counts = g_hash_table_lookup (groups, key);

  g_ptr_array_add (row, g_strdup (key));
  for (guint i = 0; i < n_counts; i++)
    g_ptr_array_add (row, count_text (report, counts != NULL ? counts[i] : 0));
  return row;
}

/* One row per name in @keys, in that order. */
static gboolean
rows_of_keys (Report            *report,
              const char        *sql,
              const char *const *keys,
              guint              n_counts,
              GPtrArray         *rows,
              GError           **error)
{
  g_autoptr (GHashTable) groups = NULL;

  if (!read_groups (report, sql, n_counts, &groups, error))
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    g_ptr_array_add (rows, group_row (report, groups, keys[i], n_counts));
  return TRUE;
}

/* Midnight in Helsinki starting the range's first day. */
static GDateTime *
first_day (Report *report)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (report->query->from, nv_helsinki_tz ());

  return g_date_time_new (nv_helsinki_tz (), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local), 0, 0,
                          0);
}

/* One row per Helsinki day of the range, from a query grouping by "YYYY-MM-DD". */
static gboolean
rows_of_days (Report *report, const char *sql, guint n_counts, GPtrArray *rows, GError **error)
{
  g_autoptr (GHashTable) groups = NULL;
  g_autoptr (GDateTime) day = NULL;

  if (!read_groups (report, sql, n_counts, &groups, error))
    return FALSE;
  day = first_day (report);
  while (g_date_time_compare (day, report->query->to) < 0)
    {
      g_autofree char *key = nv_format_date (day);
      GDateTime       *next = g_date_time_add_days (day, 1);

      g_ptr_array_add (rows, group_row (report, groups, key, n_counts));
      g_date_time_unref (day);
      day = next;
    }
  return TRUE;
}

/* One row: the median and 90th percentile of what @values_sql selects as x (when @counted,
 * with how many of each), and how many, all NULL when there are too few
 * to show. */
static gboolean
percentile_row (
    Report *report, const char *values_sql, gboolean counted, GPtrArray *rows, GError **error)
{
  g_autofree char *sql
      = g_strconcat (counted ? "WITH v (x, c) AS (" : "WITH v (x) AS (", values_sql, "), ",
                     counted ? ROLLUP_PERCENTILES_OF_V : PERCENTILES_OF_V, NULL);
  g_autoptr (sqlite3_stmt) stmt = prepare (report, sql, error);
  GPtrArray *row;
  gint64     n;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return read_failed (report, error);
  n = sqlite3_column_int64 (stmt, 0);
  row = row_new ();
  g_ptr_array_add (row, is_suppressed (report, n) ? NULL : column_number_text (stmt, 1));
  g_ptr_array_add (row, is_suppressed (report, n) ? NULL : column_number_text (stmt, 2));
  g_ptr_array_add (row, count_text (report, n));
  g_ptr_array_add (rows, row);
  return TRUE;
}

/* Reach */

static gboolean
build_sessions_per_day (Report *report, GPtrArray *rows, GError **error)
{
  if (report->rollups)
    return rows_of_days (
        report,
        "SELECT day, sum (n) FROM " SERVER_ROLLUP_PER_DAY ("'visit'") " "
                                                                      "GROUP BY day",
        1, rows, error);
  return rows_of_days (report,
                       "WITH " PERIODS " SELECT date (" LOCAL_TIME ") AS day, "
                       "count (DISTINCT e.session) FROM events e " LOCAL_JOIN " "
                       "WHERE e.type = 'session_start' AND " EVENTS_IN_RANGE " GROUP BY day",
                       1, rows, error);
}

static gboolean
build_hour_of_week (Report *report, GPtrArray *rows, GError **error)
{
  g_autoptr (GHashTable) groups = NULL;

  /* %w counts from Sunday = 0; ISO weekdays from Monday = 1. */
  if (!read_groups (report,
                    report->rollups ? ROLLUP_BY_KEY ("visit_hour")
                                    : "WITH " PERIODS " SELECT "
                                      "((CAST (strftime ('%w', " LOCAL_TIME
                                      ") AS INTEGER) + 6) % 7 + 1) || ' ' || "
                                      "CAST (strftime ('%H', " LOCAL_TIME ") AS INTEGER) AS slot, "
                                      "count (DISTINCT e.session) FROM events e " LOCAL_JOIN " "
                                      "WHERE e.type = 'session_start' AND " EVENTS_IN_RANGE
                                      " GROUP BY slot",
                    1, &groups, error))
    return FALSE;
  for (guint weekday = 1; weekday <= 7; weekday++)
    for (guint hour = 0; hour < 24; hour++)
      {
        g_autofree char *key = g_strdup_printf ("%u %u", weekday, hour);
        const gint64    *count = g_hash_table_lookup (groups, key);
        GPtrArray       *row = row_new ();

        g_ptr_array_add (row, g_strdup_printf ("%u", weekday));
        g_ptr_array_add (row, g_strdup_printf ("%u", hour));
        g_ptr_array_add (row, count_text (report, count != NULL ? *count : 0));
        g_ptr_array_add (rows, row);
      }
  return TRUE;
}

static gboolean
build_session_length (Report *report, GPtrArray *rows, GError **error)
{
  /* The same nearest ranks, from how many sessions ended after each number of seconds. */
  if (report->rollups)
    return percentile_row (report,
                           "SELECT CAST (key AS INTEGER), sum (n) FROM " SERVER_ROLLUP_PER_DAY (
                               "'" SERVER_ROLLUP_SECONDS "'") " GROUP BY 1",
                           TRUE, rows, error);
  return percentile_row (report,
                         "SELECT e.value FROM events e WHERE e.type = 'session_end' "
                         "AND " EVENTS_IN_RANGE,
                         FALSE, rows, error);
}

static gboolean
build_languages (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const languages[] = { "fi", "sv", "en", "fi-x-selko", NULL };

  if (report->rollups)
    return rows_of_keys (report, ROLLUP_BY_KEY ("language"), languages, 1, rows, error);
  return rows_of_keys (report,
                       "SELECT e.language, count (DISTINCT e.session) FROM events e "
                       "WHERE " EVENTS_IN_RANGE " GROUP BY e.language",
                       languages, 1, rows, error);
}

static gboolean
build_settings (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const settings[]
      = { "larger-text", "high-contrast", "language-changed", "read-aloud", "qr-code", NULL };
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (report->rollups)
    return rows_of_keys (report, ROLLUP_BY_KEY ("setting"), settings, 1, rows, error);
  stmt = prepare (report,
                  "SELECT "
                  "count (DISTINCT e.session) FILTER (WHERE e.text_size > 0), "
                  "count (DISTINCT e.session) FILTER (WHERE e.high_contrast), "
                  "count (DISTINCT e.session) FILTER (WHERE e.type = 'setting_changed' "
                  "  AND e.subject = 'language'), "
                  "count (DISTINCT e.session) FILTER (WHERE e.type = 'read_aloud'), "
                  "count (DISTINCT e.session) FILTER (WHERE e.type = 'qr_shown') "
                  "FROM events e WHERE " EVENTS_IN_RANGE,
                  error);
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return read_failed (report, error);
  for (guint i = 0; settings[i] != NULL; i++)
    {
      GPtrArray *row = row_new ();

      g_ptr_array_add (row, g_strdup (settings[i]));
      g_ptr_array_add (row, count_text (report, sqlite3_column_int64 (stmt, (int) i)));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* Visits per kiosk, with the kiosk's region and municipality: the kiosks named, or those
 * not revoked and those heard from. */
typedef struct
{
  char  *kiosk;
  char  *municipality;
  char  *region; /* "" when the municipality is not known */
  gint64 sessions;
} KioskVisits;

static void
kiosk_visits_free (KioskVisits *visits)
{
  g_free (visits->kiosk);
  g_free (visits->municipality);
  g_free (visits->region);
  g_free (visits);
}

static GPtrArray *
read_kiosk_visits (Report *report, GError **error)
{
  g_autoptr (GPtrArray) kiosks
      = g_ptr_array_new_with_free_func ((GDestroyNotify) kiosk_visits_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int              rc;

  sql = g_strconcat ("SELECT k.id, k.municipality, coalesce (v.n, 0) FROM kiosks k LEFT JOIN (",
                     report->rollups ? "SELECT kiosk, sum (n) AS n FROM " SERVER_ROLLUP_TOTALS (
                         "'visit'") " GROUP BY kiosk"
                                     : "SELECT e.kiosk, count (DISTINCT e.session) AS n "
                                       "FROM events e WHERE e.type = 'session_start' "
                                       "AND " EVENTS_IN_RANGE " GROUP BY e.kiosk",
                     ") v ON v.kiosk = k.id WHERE CASE WHEN :kiosks IS NULL "
                     "THEN k.revoked IS NULL OR k.revoked = 0 OR v.n IS NOT NULL "
                     "ELSE k.id IN (SELECT value FROM json_each (:kiosks)) END "
                     "ORDER BY k.municipality, k.id",
                     NULL);
  stmt = prepare (report, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KioskVisits *visits = g_new0 (KioskVisits, 1);
      const char  *region;

      visits->kiosk = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      visits->municipality = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      region = nv_municipality_region (visits->municipality);
      visits->region = g_strdup (region != NULL ? region : "");
      visits->sessions = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (kiosks, visits);
    }
  if (rc != SQLITE_DONE)
    {
      read_failed (report, error);
      return NULL;
    }
  return g_steal_pointer (&kiosks);
}

static int
compare_kiosk_visits (gconstpointer a, gconstpointer b)
{
  const KioskVisits *one = *(const KioskVisits *const *) a;
  const KioskVisits *other = *(const KioskVisits *const *) b;
  int                by_region = strcmp (one->region, other->region);

  return by_region != 0 ? by_region : strcmp (one->kiosk, other->kiosk);
}

/* The regions of @kiosks (sorted by region), their visits, and which to hide: a region's
 * count is suppressed as any other; within a region, its kiosks are protected with its
 * count as the aggregated export protects a day's kiosks with the day's total, and a region
 * whose kiosks cannot be so protected is hidden with all its kiosks. The regions' own total
 * is reach's visits, whose figure is held to the same rule (server-store-report-figures.c). */
typedef struct
{
  GPtrArray *codes; /* char *, borrowed from @kiosks */
  GArray    *counts;
  GArray    *hidden;
  GArray    *kiosk_hidden; /* per kiosk */
} Regions;

static void
regions_clear (Regions *regions)
{
  g_clear_pointer (&regions->codes, g_ptr_array_unref);
  g_clear_pointer (&regions->counts, g_array_unref);
  g_clear_pointer (&regions->hidden, g_array_unref);
  g_clear_pointer (&regions->kiosk_hidden, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Regions, regions_clear)

static void
protect_regions (Report *report, GPtrArray *kiosks, Regions *regions)
{
  guint start = 0;

  g_ptr_array_sort (kiosks, compare_kiosk_visits);
  regions->codes = g_ptr_array_new ();
  regions->counts = g_array_new (FALSE, TRUE, sizeof (gint64));
  regions->hidden = g_array_new (FALSE, TRUE, sizeof (gboolean));
  regions->kiosk_hidden = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_array_set_size (regions->kiosk_hidden, kiosks->len);
  while (start < kiosks->len)
    {
      const char        *code = ((KioskVisits *) g_ptr_array_index (kiosks, start))->region;
      guint              end = start;
      gint64             total = 0;
      gboolean           hidden;
      g_autofree gint64 *counts = NULL;

      while (end < kiosks->len
             && g_str_equal (((KioskVisits *) g_ptr_array_index (kiosks, end))->region, code))
        end++;
      counts = g_new0 (gint64, end - start);
      for (guint i = start; i < end; i++)
        total += counts[i - start] = ((KioskVisits *) g_ptr_array_index (kiosks, i))->sessions;
      hidden = server_report_protect_group (counts,
                                            &g_array_index (regions->kiosk_hidden, gboolean, start),
                                            end - start, report->query->threshold);
      /* A hidden region shows none of its kiosks: their sum would be its count. */
      for (guint i = start; hidden && i < end; i++)
        g_array_index (regions->kiosk_hidden, gboolean, i) = TRUE;
      g_ptr_array_add (regions->codes, (gpointer) code);
      g_array_append_val (regions->counts, total);
      g_array_append_val (regions->hidden, hidden);
      start = end;
    }
}

static char *
protected_count (gint64 count, gboolean hidden)
{
  return hidden ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

static gboolean
build_visits_by_region (Report *report, GPtrArray *rows, GError **error)
{
  g_autoptr (GPtrArray) kiosks = read_kiosk_visits (report, error);
  g_auto (Regions) regions = { NULL };

  if (kiosks == NULL)
    return FALSE;
  protect_regions (report, kiosks, &regions);
  for (guint r = 0; r < regions.codes->len; r++)
    {
      GPtrArray *row = row_new ();

      g_ptr_array_add (row, g_strdup (regions.codes->pdata[r]));
      g_ptr_array_add (row, protected_count (g_array_index (regions.counts, gint64, r),
                                             g_array_index (regions.hidden, gboolean, r)));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

static gboolean
build_visits_by_kiosk (Report *report, GPtrArray *rows, GError **error)
{
  g_autoptr (GPtrArray) kiosks = read_kiosk_visits (report, error);
  g_auto (Regions) regions = { NULL };

  if (kiosks == NULL)
    return FALSE;
  protect_regions (report, kiosks, &regions);
  for (guint i = 0; i < kiosks->len; i++)
    {
      KioskVisits *visits = g_ptr_array_index (kiosks, i);
      GPtrArray   *row = row_new ();

      g_ptr_array_add (row, g_strdup (visits->region));
      g_ptr_array_add (row, g_strdup (visits->municipality));
      g_ptr_array_add (row, g_strdup (visits->kiosk));
      g_ptr_array_add (row, protected_count (visits->sessions,
                                             g_array_index (regions.kiosk_hidden, gboolean, i)));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* Demand */

static gboolean
build_top_guides (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_COUNT, CELL_COUNT };

  if (report->rollups)
    return read_rows (
        report,
        "SELECT json_extract (key, '$[1]') AS subject, "
        "sum (n) FILTER (WHERE json_extract (key, '$[0]') = 'guide_view') AS views, "
        "sum (n) FILTER (WHERE json_extract (key, '$[0]') = 'guide_complete') "
        "FROM " ROLLUP_SUMS_BY_KEY (SERVER_ROLLUP_TOTALS (
            "'guide'")) " GROUP BY subject "
                        "ORDER BY " BY_COUNT ("views") ", subject LIMIT " G_STRINGIFY (TOP_ROWS),
        kinds, G_N_ELEMENTS (kinds), rows, error);
  return read_rows (report,
                    "SELECT e.subject, "
                    "count (DISTINCT e.session) FILTER (WHERE e.type = 'guide_view') AS views, "
                    "count (DISTINCT e.session) FILTER (WHERE e.type = 'guide_complete') "
                    "FROM events e WHERE e.type IN ('guide_view', 'guide_complete') "
                    "AND e.subject IS NOT NULL AND " EVENTS_IN_RANGE " GROUP BY e.subject "
                    "ORDER BY " BY_COUNT ("views") ", e.subject LIMIT " G_STRINGIFY (TOP_ROWS),
                    kinds, G_N_ELEMENTS (kinds), rows, error);
}

/* A guide's category is read from the guide as it is now: a deleted guide counts nowhere. */
static gboolean
build_top_categories (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_COUNT };

  /* A visit counts once for a category however many of its guides it viewed: so the
   * rollups keep each visit's set of guides, and a set counts once for each category
   * its guides have now. */
  if (report->rollups)
    return read_split (report, SERVER_ROLLUP_GUIDES_VIEWED, error)
           && read_rows (
               report,
               "WITH sets AS (SELECT key, sum (n) AS visits FROM " ROLLUP_STATES (
                   SERVER_ROLLUP_GUIDES_VIEWED) " GROUP BY key HAVING visits > 0), "
                                                "c AS (SELECT DISTINCT s.key, s.visits, "
                                                "json_extract (g.document, '$.category') AS "
                                                "category FROM sets s, json_each (s.key) j "
                                                "JOIN guides g ON g.id = j.value) "
                                                "SELECT category, sum (visits) AS views FROM c "
                                                "GROUP BY category ORDER BY " BY_COUNT (
                                                    "views") ", category "
                                                             "LIMIT " G_STRINGIFY (TOP_ROWS),
               kinds, G_N_ELEMENTS (kinds), rows, error);
  return read_rows (
      report,
      "SELECT json_extract (g.document, '$.category') AS category, "
      "count (DISTINCT e.session) AS views FROM events e "
      "JOIN guides g ON g.id = e.subject WHERE e.type = 'guide_view' AND " EVENTS_IN_RANGE
      " GROUP BY category ORDER BY " BY_COUNT ("views") ", category LIMIT " G_STRINGIFY (TOP_ROWS),
      kinds, G_N_ELEMENTS (kinds), rows, error);
}

static gboolean
build_top_organisations (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_COUNT };

  if (report->rollups)
    return read_rows (
        report,
        "SELECT key, sum (n) AS views FROM " SERVER_ROLLUP_TOTALS (
            "'organisation'") " GROUP BY key "
                              "ORDER BY " BY_COUNT ("views") ", key LIMIT " G_STRINGIFY (TOP_ROWS),
        kinds, G_N_ELEMENTS (kinds), rows, error);
  return read_rows (report,
                    "SELECT e.subject, count (DISTINCT e.session) AS views "
                    "FROM events e WHERE e.type = 'organisation_view' AND e.subject IS NOT NULL "
                    "AND " EVENTS_IN_RANGE " GROUP BY e.subject ORDER BY " BY_COUNT (
                        "views") ", e.subject LIMIT " G_STRINGIFY (TOP_ROWS),
                    kinds, G_N_ELEMENTS (kinds), rows, error);
}

/* A query is what a resident typed: below the threshold the row is left out, not only its
 * count. */
static gboolean
build_empty_searches (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_COUNT };

  if (report->rollups)
    return read_rows (
        report,
        "SELECT key, sum (n) AS searches FROM " SERVER_ROLLUP_TOTALS (
            "'empty_search'") " GROUP BY key HAVING searches >= :threshold "
                              "ORDER BY searches DESC, key LIMIT " G_STRINGIFY (LIST_ROWS),
        kinds, G_N_ELEMENTS (kinds), rows, error);
  return read_rows (report,
                    "SELECT e.detail, count (DISTINCT e.session) AS searches "
                    "FROM events e WHERE e.type = 'search' AND e.value = 0 "
                    "AND e.detail IS NOT NULL AND e.detail != '' AND " EVENTS_IN_RANGE " "
                    "GROUP BY e.detail HAVING searches >= :threshold "
                    "ORDER BY searches DESC, e.detail LIMIT " G_STRINGIFY (LIST_ROWS),
                    kinds, G_N_ELEMENTS (kinds), rows, error);
}

/* Friction */

/* Per guide and version: an edit of a guide starts new rows, so its effect shows. */
static gboolean
build_guide_completion (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_TEXT, CELL_COUNT, CELL_COUNT, CELL_NUMBER };
  const char           *counts
      = report->rollups
            ? "SELECT json_extract (key, '$[1]') AS subject, "
              "json_extract (key, '$[2]') AS guide_version, "
              "coalesce (sum (n) FILTER (WHERE json_extract (key, '$[0]') = 'guide_view'), 0) "
              "AS started, "
              "coalesce (sum (n) FILTER (WHERE json_extract (key, '$[0]') = 'guide_complete'), 0) "
              "AS completed FROM " ROLLUP_SUMS_BY_KEY (
                  SERVER_ROLLUP_TOTALS ("'guide_version'")) " GROUP BY subject, guide_version"
            : "SELECT e.subject, e.guide_version, "
              "count (DISTINCT e.session) FILTER (WHERE e.type = 'guide_view') AS started, "
              "count (DISTINCT e.session) FILTER (WHERE e.type = 'guide_complete') "
              "AS completed FROM events e "
              "WHERE e.type IN ('guide_view', 'guide_complete') AND e.subject IS NOT NULL "
              "AND " EVENTS_IN_RANGE " GROUP BY e.subject, e.guide_version";
  g_autofree char *sql = g_strconcat (
      "SELECT subject, guide_version, started, completed, "
      "round (CAST (completed AS REAL) / nullif (started, 0), 3) FROM (",
      counts,
      ") ORDER BY " BY_COUNT ("started") ", subject, guide_version LIMIT " G_STRINGIFY (LIST_ROWS),
      NULL);

  if (!read_rows (report, sql, kinds, G_N_ELEMENTS (kinds), rows, error))
    return FALSE;
  /* A rate of suppressed counts would give them away. */
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray *row = g_ptr_array_index (rows, i);

      if (row->pdata[2] == NULL || row->pdata[3] == NULL)
        g_clear_pointer (&row->pdata[4], g_free);
    }
  return TRUE;
}

/* For each session that saw steps of a guide and did not complete it, the step it saw
 * last, and in which version of the guide: "step 4" of two versions is two steps. */
static gboolean
build_give_up_step (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_TEXT, CELL_NUMBER, CELL_COUNT };

  if (report->rollups)
    return read_split (report, SERVER_ROLLUP_LAST_STEP, error)
           && read_rows (
               report,
               "SELECT json_extract (key, '$[0]') AS guide, json_extract (key, '$[1]') "
               "AS version, json_extract (key, '$[2]') AS step, sum (n) AS visits "
               "FROM " ROLLUP_STATES (
                   SERVER_ROLLUP_LAST_STEP) " GROUP BY key "
                                            "HAVING visits > 0 ORDER BY " BY_COUNT (
                                                "visits") ", guide, version, step "
                                                          "LIMIT " G_STRINGIFY (LIST_ROWS),
               kinds, G_N_ELEMENTS (kinds), rows, error);
  return read_rows (
      report,
      "WITH seen AS (SELECT e.session, e.subject AS guide, e.guide_version AS version, "
      "e.value AS step, row_number () OVER (PARTITION BY e.session, e.subject "
      "ORDER BY e.time DESC, e.seq DESC) AS k FROM events e "
      "WHERE e.type = 'step_view' AND e.subject IS NOT NULL AND " EVENTS_IN_RANGE "), "
      "done AS (SELECT DISTINCT e.session, e.subject AS guide FROM events e "
      "WHERE e.type = 'guide_complete' AND " EVENTS_IN_RANGE ") "
      "SELECT s.guide, s.version, s.step, count (*) AS n FROM seen s "
      "LEFT JOIN done d ON d.session = s.session AND d.guide = s.guide "
      "WHERE s.k = 1 AND d.session IS NULL GROUP BY s.guide, s.version, s.step "
      "ORDER BY " BY_COUNT ("n") ", s.guide, s.version, s.step LIMIT " G_STRINGIFY (LIST_ROWS),
      kinds, G_N_ELEMENTS (kinds), rows, error);
}

static gboolean
build_timeouts (Report *report, GPtrArray *rows, GError **error)
{
  if (report->rollups)
    return rows_of_days (report,
                         "SELECT day, sum (n) FILTER (WHERE key = 'timeout'), "
                         "sum (n) FILTER (WHERE key = 'start-over') FROM " SERVER_ROLLUP_PER_DAY (
                             "'session_end'") " GROUP BY day",
                         2, rows, error);
  return rows_of_days (report,
                       "WITH " PERIODS " SELECT date (" LOCAL_TIME ") AS day, "
                       "count (DISTINCT e.session) FILTER (WHERE e.detail = 'timeout'), "
                       "count (DISTINCT e.session) FILTER (WHERE e.detail = 'start-over') "
                       "FROM events e " LOCAL_JOIN " "
                       "WHERE e.type = 'session_end' AND " EVENTS_IN_RANGE " GROUP BY day",
                       2, rows, error);
}

/* Handover */

static gboolean
build_funnel (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const steps[] = { "started", "reason",    "contact", "time", "details",
                                       "privacy", "submitted", "receipt", NULL };

  const char *started;

  if (!rows_of_keys (
          report,
          report->rollups
              ? ROLLUP_BY_KEY ("appointment")
              : "SELECT CASE e.type WHEN 'appointment_started' THEN 'started' "
                "WHEN 'appointment_submitted' THEN 'submitted' ELSE e.detail END AS step, "
                "count (DISTINCT e.session) FROM events e WHERE e.type IN "
                "('appointment_started', 'appointment_step', 'appointment_submitted') "
                "AND " EVENTS_IN_RANGE " GROUP BY step",
          steps, 1, rows, error))
    return FALSE;
  /* Made from the counts as shown, so a share gives away nothing they do not: none of a
   * suppressed count, nor of a suppressed start. */
  started = ((GPtrArray *) g_ptr_array_index (rows, 0))->pdata[1];
  for (guint i = 0; i < rows->len; i++)
    {
      GPtrArray  *row = g_ptr_array_index (rows, i);
      const char *count = row->pdata[1];
      gint64      base = started != NULL ? g_ascii_strtoll (started, NULL, 10) : 0;

      g_ptr_array_add (row,
                       count != NULL && base > 0 ? number_text (
                           server_report_round (1000.0 * (double) g_ascii_strtoll (count, NULL, 10)
                                                / (double) base)
                           / 10.0)
                                                 : NULL);
    }
  return TRUE;
}

static gboolean
build_outcomes (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const outcomes[]
      = { "open",      "contacted", "solved", "referred", "home-visit-booked",
          "no-answer", "cancelled", NULL };

  return rows_of_keys (report,
                       "SELECT CASE a.state WHEN 'done' THEN a.outcome ELSE a.state END "
                       "AS outcome, count (*) FROM appointments a WHERE " REQUESTS_IN_RANGE " "
                       "GROUP BY outcome",
                       outcomes, 1, rows, error);
}

/* Until the request was marked contacted, or done when it was never marked contacted. */
static gboolean
build_days_to_contact (Report *report, GPtrArray *rows, GError **error)
{
  return percentile_row (
      report,
      "SELECT max (0, julianday (coalesce (a.contacted_at, "
      "a.done_at)) - julianday (a.created)) FROM appointments a "
      "WHERE coalesce (a.contacted_at, a.done_at) IS NOT NULL AND " REQUESTS_IN_RANGE,
      FALSE, rows, error);
}

/* Experience */

/* A session's last word on a guide: changing one's mind counts once. */
static gboolean
build_feedback (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_COUNT, CELL_COUNT, CELL_COUNT };

  if (report->rollups)
    return read_split (report, SERVER_ROLLUP_LAST_FEEDBACK, error)
           && read_rows (
               report,
               "SELECT json_extract (key, '$[0]') AS guide, "
               "sum (n) FILTER (WHERE json_extract (key, '$[1]') = 'good'), "
               "sum (n) FILTER (WHERE json_extract (key, '$[1]') = 'neutral'), "
               "sum (n) FILTER (WHERE json_extract (key, '$[1]') = 'bad'), "
               "sum (n) AS visits FROM " ROLLUP_SUMS_BY_KEY (ROLLUP_STATES (
                   SERVER_ROLLUP_LAST_FEEDBACK)) " GROUP BY guide HAVING visits > 0 ORDER "
                                                 "BY " BY_COUNT ("visits") ", guide "
                                                                           "LIMIT " G_STRINGIFY (
                                                                               LIST_ROWS),
               kinds, G_N_ELEMENTS (kinds), rows, error);
  return read_rows (report,
                    "WITH last AS (SELECT e.subject AS guide, e.detail AS rating, "
                    "row_number () OVER (PARTITION BY e.session, e.subject "
                    "ORDER BY e.time DESC, e.seq DESC) AS k FROM events e "
                    "WHERE e.type = 'feedback' AND e.subject IS NOT NULL AND " EVENTS_IN_RANGE ") "
                    "SELECT guide, count (*) FILTER (WHERE rating = 'good'), "
                    "count (*) FILTER (WHERE rating = 'neutral'), "
                    "count (*) FILTER (WHERE rating = 'bad'), count (*) AS n FROM last "
                    "WHERE k = 1 GROUP BY guide ORDER BY " BY_COUNT (
                        "n") ", guide LIMIT " G_STRINGIFY (LIST_ROWS),
                    kinds, G_N_ELEMENTS (kinds), rows, error);
}

/* The feedback questions. Every count is of visits (sessions), each counted once with its
 * last answer. A total, a share or a rate is given only when none of the counts it is
 * made of is suppressed: otherwise it would give the suppressed one away. The survey
 * events are found by a partial index (migration 26) whose condition each query repeats
 * word for word, so that SQLite uses it. */
#define SURVEY_EVENTS                                                                              \
  "e.type IN ('survey_offered', 'survey_found', 'survey_score', 'survey_statement')"
/* A visit's last answer of @type, as x (and the statement as subject). */
#define SURVEY_LAST(type, x)                                                                       \
  "WITH a AS (SELECT " x " AS x, e.subject AS subject, row_number () OVER (PARTITION BY "          \
  "e.session, e.subject ORDER BY e.time DESC, e.seq DESC) AS k FROM events e WHERE " SURVEY_EVENTS \
  " AND e.type = '" type "' AND " EVENTS_IN_RANGE ") "

static char *
share_text (gint64 n, gint64 total)
{
  return total > 0 ? number_text (server_report_round (1000.0 * (double) n / (double) total) / 10.0)
                   : NULL;
}

/* Counts of a table, shown or suppressed; TRUE when any is suppressed. */
static gboolean
any_suppressed (Report *report, const gint64 *counts, guint n_counts)
{
  for (guint i = 0; i < n_counts; i++)
    if (is_suppressed (report, counts[i]))
      return TRUE;
  return FALSE;
}

/* Visits asked at the end of a visit and after a guide, how many of them answered at
 * least one question, and the rate: the survey_offered events make it honest. */
static gboolean
build_survey_response (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const asked[] = { "visit-end", "guide-end" };
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64   offered[G_N_ELEMENTS (asked)] = { 0 }, answered[G_N_ELEMENTS (asked)] = { 0 };
  gint64   all_offered = 0, all_answered = 0;
  gboolean hidden;
  int      rc;

  if (report->rollups && !read_split (report, SERVER_ROLLUP_SURVEY_OFFER, error))
    return FALSE;
  stmt = prepare (report,
                  report->rollups
                      ? "SELECT json_extract (key, '$[0]') AS asked, sum (n), "
                        "sum (n) FILTER (WHERE json_extract (key, '$[1]') = 1) "
                        "FROM " ROLLUP_STATES (SERVER_ROLLUP_SURVEY_OFFER) " GROUP BY asked"
                      : "WITH o AS (SELECT e.session, max (e.detail) AS asked FROM events e "
                        "WHERE " SURVEY_EVENTS " AND e.type = 'survey_offered' AND " EVENTS_IN_RANGE
                        " GROUP BY e.session), "
                        "r AS (SELECT DISTINCT e.session FROM events e WHERE " SURVEY_EVENTS
                        " AND e.type <> 'survey_offered' AND " EVENTS_IN_RANGE ") "
                        "SELECT o.asked, count (*), count (r.session) FROM o "
                        "LEFT JOIN r ON r.session = o.session GROUP BY o.asked",
                  error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint i = 0; i < G_N_ELEMENTS (asked); i++)
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), asked[i]) == 0)
        {
          offered[i] = sqlite3_column_int64 (stmt, 1);
          answered[i] = sqlite3_column_int64 (stmt, 2);
          all_offered += offered[i];
          all_answered += answered[i];
        }
  if (rc != SQLITE_DONE)
    return read_failed (report, error);
  for (guint i = 0; i < G_N_ELEMENTS (asked); i++)
    {
      GPtrArray *row = row_new ();

      g_ptr_array_add (row, g_strdup (asked[i]));
      g_ptr_array_add (row, count_text (report, offered[i]));
      g_ptr_array_add (row, count_text (report, answered[i]));
      g_ptr_array_add (row,
                       is_suppressed (report, offered[i]) || is_suppressed (report, answered[i])
                           ? NULL
                           : share_text (answered[i], offered[i]));
      g_ptr_array_add (rows, row);
    }
  /* The total would give a suppressed part away. */
  hidden = any_suppressed (report, offered, G_N_ELEMENTS (offered))
           || any_suppressed (report, answered, G_N_ELEMENTS (answered));
  {
    GPtrArray *row = row_new ();

    g_ptr_array_add (row, g_strdup ("all"));
    g_ptr_array_add (row, hidden ? NULL : count_text (report, all_offered));
    g_ptr_array_add (row, hidden ? NULL : count_text (report, all_answered));
    g_ptr_array_add (row, hidden || is_suppressed (report, all_offered)
                                  || is_suppressed (report, all_answered)
                              ? NULL
                              : share_text (all_answered, all_offered));
    g_ptr_array_add (rows, row);
  }
  return TRUE;
}

/* "Did you find what you needed?": yes, partly, no, with their shares of the visits that
 * answered it. */
static gboolean
build_survey_found (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const answers[] = { "yes", "partly", "no" };
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64   counts[G_N_ELEMENTS (answers)] = { 0 }, total = 0;
  gboolean hidden;
  int      rc;

  if (report->rollups && !read_split (report, SERVER_ROLLUP_SURVEY_FOUND, error))
    return FALSE;
  stmt = prepare (report,
                  report->rollups ? ROLLUP_STATES_BY_KEY (SERVER_ROLLUP_SURVEY_FOUND)
                                  : SURVEY_LAST ("survey_found", "e.detail") "SELECT x, count (*) "
                                                                             "FROM a WHERE k = 1 "
                                                                             "GROUP BY x",
                  error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
      if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), answers[i]) == 0)
        {
          counts[i] = sqlite3_column_int64 (stmt, 1);
          total += counts[i];
        }
  if (rc != SQLITE_DONE)
    return read_failed (report, error);
  hidden = any_suppressed (report, counts, G_N_ELEMENTS (counts));
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      GPtrArray *row = row_new ();

      g_ptr_array_add (row, g_strdup (answers[i]));
      g_ptr_array_add (row, count_text (report, counts[i]));
      g_ptr_array_add (row, hidden ? NULL : share_text (counts[i], total));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* The 0–10 scores, as THL's recommendation index groups them: 0–6 detractors, 7–8
 * passives, 9–10 promoters. */
static const char *
score_group (gint64 score)
{
  return score <= 6 ? "detractors" : score <= 8 ? "passives" : "promoters";
}

static gboolean
read_scores (Report *report, gint64 counts[11], GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  if (report->rollups && !read_split (report, SERVER_ROLLUP_SURVEY_SCORE, error))
    return FALSE;
  stmt = prepare (report,
                  report->rollups ? ROLLUP_STATES_BY_KEY (SERVER_ROLLUP_SURVEY_SCORE)
                                  : SURVEY_LAST ("survey_score", "e.value") "SELECT x, count (*) "
                                                                            "FROM a WHERE k = 1 "
                                                                            "GROUP BY x",
                  error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 score = sqlite3_column_int64 (stmt, 0);

      if (score >= 0 && score <= 10)
        counts[score] = sqlite3_column_int64 (stmt, 1);
    }
  return rc == SQLITE_DONE || read_failed (report, error);
}

static gboolean
build_survey_score (Report *report, GPtrArray *rows, GError **error)
{
  gint64 counts[11] = { 0 };

  if (!read_scores (report, counts, error))
    return FALSE;
  for (gint64 score = 0; score <= 10; score++)
    {
      GPtrArray *row = row_new ();

      g_ptr_array_add (row, g_strdup_printf ("%" G_GINT64_FORMAT, score));
      g_ptr_array_add (row, g_strdup (score_group (score)));
      g_ptr_array_add (row, count_text (report, counts[score]));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* The groups, their shares, and the index: promoters' share less detractors', from -100
 * to 100. A group is shown only when none of its scores is suppressed, the shares and
 * the index only when every group is. */
static gboolean
build_survey_recommendation (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const groups[] = { "promoters", "passives", "detractors" };
  gint64   counts[11] = { 0 }, group_counts[G_N_ELEMENTS (groups)] = { 0 }, total = 0;
  gboolean group_hidden[G_N_ELEMENTS (groups)] = { FALSE };
  gboolean hidden = FALSE;

  if (!read_scores (report, counts, error))
    return FALSE;
  for (gint64 score = 0; score <= 10; score++)
    for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
      if (g_str_equal (score_group (score), groups[g]))
        {
          group_counts[g] += counts[score];
          group_hidden[g] |= is_suppressed (report, counts[score]);
        }
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      hidden |= group_hidden[g] || is_suppressed (report, group_counts[g]);
      total += group_counts[g];
    }
  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      GPtrArray *row = row_new ();

      g_ptr_array_add (row, g_strdup (groups[g]));
      g_ptr_array_add (row, group_hidden[g] ? NULL : count_text (report, group_counts[g]));
      g_ptr_array_add (row, hidden ? NULL : share_text (group_counts[g], total));
      g_ptr_array_add (rows, row);
    }
  {
    GPtrArray *row = row_new ();

    g_ptr_array_add (row, g_strdup ("index"));
    g_ptr_array_add (row, hidden ? NULL : count_text (report, total));
    g_ptr_array_add (
        row, hidden || total == 0
                 ? NULL
                 : number_text (
                     server_report_round (1000.0 * (double) (group_counts[0] - group_counts[2])
                                          / (double) total)
                     / 10.0));
    g_ptr_array_add (rows, row);
  }
  return TRUE;
}

/* Each statement, with the visits that agreed, neither, or disagreed. */
static gboolean
build_survey_statements (Report *report, GPtrArray *rows, GError **error)
{
  static const char *const statements[] = { "easy", "clear" };
  static const char *const answers[] = { "agree", "neutral", "disagree" };
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 counts[G_N_ELEMENTS (statements)][G_N_ELEMENTS (answers)] = { { 0 } };
  int    rc;

  if (report->rollups && !read_split (report, SERVER_ROLLUP_SURVEY_STATEMENT, error))
    return FALSE;
  stmt = prepare (report,
                  report->rollups
                      ? "SELECT json_extract (key, '$[0]'), json_extract (key, '$[1]'), sum (n) "
                        "FROM " ROLLUP_STATES (SERVER_ROLLUP_SURVEY_STATEMENT) " GROUP BY key"
                      : SURVEY_LAST ("survey_statement", "e.detail") "SELECT subject, x, count (*) "
                                                                     "FROM a WHERE k = 1 "
                                                                     "GROUP BY subject, x",
                  error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
      for (guint j = 0; j < G_N_ELEMENTS (answers); j++)
        if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), statements[i]) == 0
            && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), answers[j]) == 0)
          counts[i][j] = sqlite3_column_int64 (stmt, 2);
  if (rc != SQLITE_DONE)
    return read_failed (report, error);
  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    {
      GPtrArray *row = row_new ();

      g_ptr_array_add (row, g_strdup (statements[i]));
      for (guint j = 0; j < G_N_ELEMENTS (answers); j++)
        g_ptr_array_add (row, count_text (report, counts[i][j]));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* Operations */

/* "This information is wrong" in the period, by reason, and how many are handled: the
 * kiosks' info_reported events and the reports staff filed (those only without a kiosk
 * filter). They count places' errors, not residents: nothing is suppressed. */
static gboolean
build_info_reports (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT, CELL_NUMBER, CELL_NUMBER };

  return read_rows (report,
                    "WITH r AS (SELECT e.id, e.detail AS reason FROM events e "
                    "WHERE e.type = 'info_reported' AND " EVENTS_IN_RANGE " UNION ALL "
                    "SELECT i.id, i.reason FROM info_reports i WHERE i.created >= :from "
                    "AND i.created < :to AND :kiosks IS NULL) "
                    "SELECT r.reason, count (*) AS n, count (h.id) FROM r "
                    "LEFT JOIN info_reports_handled h ON h.id = r.id "
                    "GROUP BY r.reason ORDER BY n DESC, r.reason",
                    kinds, G_N_ELEMENTS (kinds), rows, error);
}

/* The import runs started in the period, newest first (server-store-import-runs.c). They
 * count records of other directories, not residents: nothing is suppressed. */
static gboolean
build_import_runs (Report *report, GPtrArray *rows, GError **error)
{
  static const CellKind kinds[] = { CELL_TEXT,   CELL_TEXT,   CELL_TEXT,   CELL_NUMBER,
                                    CELL_NUMBER, CELL_NUMBER, CELL_NUMBER, CELL_TEXT };

  return read_rows (
      report,
      "SELECT source, started, finished, new, changed, unchanged, refused, "
      "problems FROM import_runs WHERE started >= :from AND started < :to "
      "AND :kiosks IS NULL ORDER BY started DESC, id DESC LIMIT " G_STRINGIFY (LIST_ROWS),
      kinds, G_N_ELEMENTS (kinds), rows, error);
}

/* The kiosks in service, or those named. Nothing here counts residents: no suppression.
 *
 * Uptime: of the whole hours of the period since the kiosk was first heard from (and
 * not after now), the share in which it reached the server at least once; a kiosk
 * syncs every few minutes, so an hour without contact is an hour it was off or cut off.
 * Content age: how long the kiosk has been behind, in hours since the first content
 * change it has not yet received was made; 0 when it has the newest. */
static gboolean
build_kiosks (Report *report, GPtrArray *rows, GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gint64 now = g_date_time_to_unix (report->query->now);
  gint64 from_hour = g_date_time_to_unix (report->query->from) / 3600;
  gint64 to_hour = (MIN (g_date_time_to_unix (report->query->to), now) + 3599) / 3600;
  int    rc;

  stmt = prepare (report,
                  "SELECT k.id, k.name, k.last_contact, k.content_revision, k.outbox_backlog, "
                  "  (SELECT min (hour) FROM kiosk_contact_hours WHERE kiosk = k.id), "
                  "  (SELECT count (*) FROM kiosk_contact_hours WHERE kiosk = k.id "
                  "     AND hour >= max (:from_hour, (SELECT min (hour) FROM kiosk_contact_hours "
                  "                                  WHERE kiosk = k.id)) AND hour < :to_hour), "
                  "  (SELECT min (made_at) FROM content_revisions "
                  "     WHERE revision > k.content_revision), "
                  "  k.content_revision >= (SELECT CAST (value AS INTEGER) FROM meta "
                  "                         WHERE key = 'content_revision') "
                  "FROM kiosks k WHERE (:kiosks IS NULL AND k.revoked IS NULL) "
                  "OR k.id IN (SELECT value FROM json_each (:kiosks)) ORDER BY k.name, k.id",
                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":from_hour"), from_hour);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":to_hour"), to_hour);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GPtrArray *row = row_new ();
      gboolean   contacted = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      gint64     last_contact = sqlite3_column_int64 (stmt, 2);
      gboolean   has_hours = sqlite3_column_type (stmt, 5) != SQLITE_NULL;
      gint64     first_hour = MAX (sqlite3_column_int64 (stmt, 5), from_hour);
      gint64     hours_up = sqlite3_column_int64 (stmt, 6);

      g_ptr_array_add (row, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (row, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
      if (contacted)
        {
          g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (last_contact);

          g_ptr_array_add (row, nv_format_time_utc (time));
        }
      else
        g_ptr_array_add (row, NULL);
      /* In tenths of a per cent; unknown before the first contact in the period. */
      g_ptr_array_add (row, has_hours && to_hour > first_hour ? number_text (
                                (double) ((1000 * hours_up + (to_hour - first_hour) / 2)
                                          / (to_hour - first_hour))
                                / 10.0)
                                                              : NULL);
      g_ptr_array_add (row, column_number_text (stmt, 3));
      /* In tenths of an hour, rounded. */
      if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
        g_ptr_array_add (row, NULL);
      else if (sqlite3_column_int (stmt, 8))
        g_ptr_array_add (row, number_text (0));
      else if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        g_ptr_array_add (
            row, number_text ((double) ((MAX (now - sqlite3_column_int64 (stmt, 7), 0) + 180) / 360)
                              / 10.0));
      else
        g_ptr_array_add (row, NULL); /* behind, by revisions older than their record */
      g_ptr_array_add (row, column_number_text (stmt, 4));
      g_ptr_array_add (rows, row);
    }
  return rc == SQLITE_DONE || read_failed (report, error);
}

/* The kiosks in service (or those named) that had no contact in an hour of the period
 * while their host was open (server-store-silence.c), by name. */
static gboolean
build_dark_kiosks (Report *report, GPtrArray *rows, GError **error)
{
  g_autoptr (GPtrArray) kiosks = server_store_list_kiosk_silence (
      report->store, g_date_time_to_unix (report->query->from),
      g_date_time_to_unix (report->query->to), g_date_time_to_unix (report->query->now),
      report->kiosks, error);

  if (kiosks == NULL)
    return FALSE;
  for (guint i = 0; i < kiosks->len; i++)
    {
      const ServerKioskSilence *silence = g_ptr_array_index (kiosks, i);
      g_autoptr (GDateTime) last = NULL;
      GPtrArray *row;

      if (silence->dark_hours <= 0)
        continue;
      last = g_date_time_new_from_unix_utc (silence->last_dark);
      row = row_new ();
      g_ptr_array_add (row, g_strdup (silence->id));
      g_ptr_array_add (row, g_strdup (silence->host));
      g_ptr_array_add (row, number_text ((double) silence->open_hours));
      g_ptr_array_add (row, number_text ((double) silence->dark_hours));
      g_ptr_array_add (row, nv_format_time_utc (last));
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* The aggregated export */

typedef struct
{
  const char *id;
  const char *filter; /* SQL: which events make a visit count */
  const char *rollup; /* SQL: which rollups count them (server-store-rollups.h) */
  const char *meaning;
} Measure;

static const Measure measures[] = {
  { "visits", "e.type = 'session_start'", "measure = 'visit'", "visits begun (session_start)" },
  { "guide_viewed", "e.type = 'guide_view'", "measure = 'guide_viewed'",
    "visits that opened at least one guide" },
  { "guide_completed", "e.type = 'guide_complete'", "measure = 'guide_completed'",
    "visits that read at least one guide to its last step" },
  { "searched", "e.type = 'search'", "measure = 'searched'", "visits with at least one search" },
  { "appointment_requested", "e.type = 'appointment_submitted'",
    "measure = 'appointment' AND key = 'submitted'",
    "visits that sent a request for personal help" },
  { "timed_out", "e.type = 'session_end' AND e.detail = 'timeout'",
    "measure = 'session_end' AND key = 'timeout'", "visits ended by the inactivity timeout" },
};

static const char *const measure_ids[] = { "visits",   "guide_viewed",          "guide_completed",
                                           "searched", "appointment_requested", "timed_out",
                                           NULL };

G_STATIC_ASSERT (G_N_ELEMENTS (measure_ids) == G_N_ELEMENTS (measures) + 1);

static const ServerReportColumn daily_counts_columns[] = {
  DAY,
  TEXT ("kiosk", "Kioski", "Kiosk", "Kiosk"),
  TEXT ("measure", "Mittari", "Mått", "Measure"),
  NUMBER ("visits", "Käynnit", "Besök", "Visits"),
  TEXT ("suppressed", "Piilotettu", "Dold", "Suppressed"),
};

static const char *const daily_counts_title[]
    = { "Käynnit päivittäin kioskeittain", "Besök per dag och kiosk", "Visits per day and kiosk" };

const char *const *
server_daily_count_measures (void)
{
  return measure_ids;
}

const char *
server_daily_count_measure_meaning (const char *measure)
{
  for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
    if (g_strcmp0 (measures[i].id, measure) == 0)
      return measures[i].meaning;
  return NULL;
}

gboolean
server_report_protect_group (const gint64 *counts,
                             gboolean     *hidden,
                             guint         n_counts,
                             guint         threshold)
{
  gint64 t = MAX (threshold, 1);
  gint64 total = 0;
  gint64 sum = 0;
  guint  k = 0;

  for (guint i = 0; i < n_counts; i++)
    {
      total += counts[i];
      hidden[i] = counts[i] > 0 && counts[i] < t;
      if (hidden[i])
        {
          sum += counts[i];
          k++;
        }
    }
  /* With the total and the counts shown, one knows the hidden counts' sum: alone, a hidden
   * count would be that sum; a few small ones, each pinned down to less than it could be. */
  while (k > 0 && !(k >= 2 && sum - (gint64) (k - 1) >= t - 1))
    {
      guint smallest = n_counts;

      for (guint i = 0; i < n_counts; i++)
        if (!hidden[i] && counts[i] > 0 && (smallest == n_counts || counts[i] < counts[smallest]))
          smallest = i;
      if (smallest == n_counts)
        return TRUE;
      hidden[smallest] = TRUE;
      sum += counts[smallest];
      k++;
    }
  return total > 0 && total < t;
}

static GPtrArray *
count_row (const char *day, const char *kiosk, const char *measure, gint64 count, gboolean hidden)
{
  GPtrArray *row = row_new ();

  g_ptr_array_add (row, g_strdup (day));
  g_ptr_array_add (row, g_strdup (kiosk));
  g_ptr_array_add (row, g_strdup (measure));
  g_ptr_array_add (row, hidden ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, count));
  g_ptr_array_add (row, g_strdup (hidden ? "yes" : "no"));
  return row;
}

static int
compare_kiosks (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
build_daily_counts (Report *report, GPtrArray *rows, GError **error)
{
  g_autoptr (GString) sql
      = g_string_new (report->rollups ? "SELECT day || ' ' || kiosk AS day_kiosk"
                                      : "WITH " PERIODS " SELECT date (" LOCAL_TIME
                                        ") || ' ' || e.kiosk AS day_kiosk");
  g_autoptr (GHashTable) groups = NULL;
  g_autoptr (GPtrArray) kiosks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GDateTime) day = NULL;
  g_autofree gint64   *counts = NULL;
  g_autofree gboolean *hidden = NULL;
  GHashTableIter       iter;
  gpointer             key;

  for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
    g_string_append_printf (sql,
                            report->rollups ? ", sum (n) FILTER (WHERE %s)"
                                            : ", count (DISTINCT e.session) FILTER (WHERE %s)",
                            report->rollups ? measures[m].rollup : measures[m].filter);
  /* Every event has a language: with it, every kiosk heard from on a day has its group. */
  g_string_append (sql, report->rollups ? " FROM " SERVER_ROLLUP_PER_DAY (
                            "'visit', 'guide_viewed', 'guide_completed', 'searched', "
                            "'appointment', 'session_end', 'language'") " GROUP BY day_kiosk"
                                        : " FROM events e " LOCAL_JOIN " WHERE " EVENTS_IN_RANGE
                                          " GROUP BY day_kiosk");
  if (!read_groups (report, sql->str, G_N_ELEMENTS (measures), &groups, error))
    return FALSE;

  /* The kiosks named, and those heard from in the period, in order. */
  for (guint i = 0; report->query->kiosks != NULL && report->query->kiosks[i] != NULL; i++)
    if (g_hash_table_add (seen, (gpointer) report->query->kiosks[i]))
      g_ptr_array_add (kiosks, g_strdup (report->query->kiosks[i]));
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const char *kiosk = strchr (key, ' ') + 1;

      if (!g_hash_table_contains (seen, kiosk))
        {
          g_ptr_array_add (kiosks, g_strdup (kiosk));
          g_hash_table_add (seen, g_ptr_array_index (kiosks, kiosks->len - 1));
        }
    }
  g_ptr_array_sort (kiosks, compare_kiosks);
  counts = g_new0 (gint64, kiosks->len + 1);
  hidden = g_new0 (gboolean, kiosks->len + 1);

  day = first_day (report);
  while (g_date_time_compare (day, report->query->to) < 0)
    {
      g_autofree char *date = nv_format_date (day);
      GDateTime       *next = g_date_time_add_days (day, 1);

      for (guint m = 0; m < G_N_ELEMENTS (measures); m++)
        {
          gint64   total = 0;
          gboolean total_hidden;

          for (guint k = 0; k < kiosks->len; k++)
            {
              g_autofree char *group = g_strconcat (date, " ", kiosks->pdata[k], NULL);
              const gint64    *found = g_hash_table_lookup (groups, group);

              counts[k] = found != NULL ? found[m] : 0;
              /* A visit is on one kiosk: the kiosks' true counts add up to the total. */
              total += counts[k];
            }
          total_hidden
              = server_report_protect_group (counts, hidden, kiosks->len, report->query->threshold);
          for (guint k = 0; k < kiosks->len; k++)
            g_ptr_array_add (
                rows, count_row (date, kiosks->pdata[k], measures[m].id, counts[k], hidden[k]));
          g_ptr_array_add (rows, count_row (date, "all", measures[m].id, total, total_hidden));
        }
      g_date_time_unref (day);
      day = next;
    }
  return TRUE;
}

/* The report */

static gint32
offset_at (gint64 unix_time)
{
  GTimeZone *tz = nv_helsinki_tz ();

  return g_time_zone_get_offset (tz,
                                 g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, unix_time));
}

static void
append_period (GString *json, gint64 start, gint64 stop, gint32 offset)
{
  g_autoptr (GDateTime) start_time = g_date_time_new_from_unix_utc (start);
  g_autoptr (GDateTime) stop_time = g_date_time_new_from_unix_utc (stop);
  g_autofree char *start_text = nv_format_time_utc (start_time);
  g_autofree char *stop_text = nv_format_time_utc (stop_time);

  g_string_append_printf (json, "%s[\"%s\",\"%s\",\"%+d seconds\"]", json->len > 1 ? "," : "",
                          start_text, stop_text, offset);
}

/* The range cut where Helsinki's UTC offset changes. The changes fall on whole hours. */
static char *
periods_json (GDateTime *from, GDateTime *to)
{
  gint64   start = g_date_time_to_unix (from);
  gint64   stop = g_date_time_to_unix (to);
  GString *json = g_string_new ("[");
  gint64   period_start = start;
  gint32   offset = offset_at (start);

  for (gint64 hour = start - start % 3600 + 3600; hour < stop; hour += 3600)
    {
      gint32 next = offset_at (hour);

      if (next != offset)
        {
          append_period (json, period_start, hour, offset);
          period_start = hour;
          offset = next;
        }
    }
  append_period (json, period_start, stop, offset);
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

static void
report_clear (Report *report)
{
  g_clear_pointer (&report->from, g_free);
  g_clear_pointer (&report->to, g_free);
  g_clear_pointer (&report->kiosks, g_free);
  g_clear_pointer (&report->periods, g_free);
  g_clear_pointer (&report->day_from, g_free);
  g_clear_pointer (&report->day_to, g_free);
  g_clear_pointer (&report->full_from, g_free);
  g_clear_pointer (&report->full_to, g_free);
  g_clear_pointer (&report->split, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

static void
report_init (Report *report, ServerStore *store, const ServerReportQuery *query)
{
  report->store = store;
  report->query = query;
  report->from = nv_format_time_utc (query->from);
  report->to = nv_format_time_utc (query->to);
  report->kiosks = server_store_kiosks_json (query->kiosks);
  report->periods = periods_json (query->from, query->to);
  report->rollups = server_report_query_uses_rollups (query);
  if (report->rollups)
    {
      g_autoptr (GDateTime) from = g_date_time_to_timezone (query->from, nv_helsinki_tz ());
      g_autoptr (GDateTime) to = g_date_time_to_timezone (query->to, nv_helsinki_tz ());

      report->day_from = nv_format_date (from);
      report->day_to = nv_format_date (to);
      /* The whole months: from the first 1st on or after the first day, to the last 1st on
       * or before the day after the last. */
      report->full_from = g_strdup_printf (
          "%04d-%02d-01",
          g_date_time_get_year (from)
              + (g_date_time_get_month (from) == 12 && g_date_time_get_day_of_month (from) > 1),
          g_date_time_get_day_of_month (from) > 1 ? g_date_time_get_month (from) % 12 + 1
                                                  : g_date_time_get_month (from));
      report->full_to
          = g_strdup_printf ("%04d-%02d-01", g_date_time_get_year (to), g_date_time_get_month (to));
      if (strcmp (report->full_from, report->full_to) >= 0)
        {
          g_free (report->full_from);
          g_free (report->full_to);
          report->full_from = g_strdup (report->day_to);
          report->full_to = g_strdup (report->day_to);
        }
    }
}

static gboolean
is_helsinki_midnight (GDateTime *time)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (time, nv_helsinki_tz ());

  return g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0
         && g_date_time_get_seconds (local) == 0.0;
}

gboolean
server_report_query_uses_rollups (const ServerReportQuery *query)
{
  return !query->full_scan && is_helsinki_midnight (query->from) && is_helsinki_midnight (query->to)
         && g_date_time_compare (query->from, query->to) < 0;
}

GPtrArray *
server_store_report (ServerStore             *self,
                     const char              *section,
                     const char              *table,
                     const ServerReportQuery *query,
                     GError                 **error)
{
  const SectionSpec *spec = find_section (section);
  g_autoptr (GPtrArray) tables = NULL;
  g_auto (Report) report = { NULL };
  sqlite3 *db = server_store_get_db (self);
  gboolean ok = TRUE;
  gboolean own_transaction;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL && query->from != NULL && query->to != NULL, NULL);
  g_return_val_if_fail (query->now != NULL, NULL);

  if (spec == NULL || (table != NULL && find_table (spec, table) == NULL))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no report %s%s%s", section,
                   table != NULL ? " table " : "", table != NULL ? table : "");
      return NULL;
    }
  report_init (&report, self, query);

  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) server_report_table_free);
  /* One read transaction: the tables of a section agree with each other (and with the
   * key figures, which read them in a transaction of their own). */
  own_transaction = sqlite3_get_autocommit (db) != 0;
  if (own_transaction && !nv_sqlite_begin (db, NV_SQLITE_READ, error))
    return NULL;
  for (guint i = 0; ok && i < spec->n_tables; i++)
    {
      const TableSpec   *table_spec = &spec->tables[i];
      ServerReportTable *result;

      if (table != NULL && !g_str_equal (table, table_spec->id))
        continue;
      result = g_new0 (ServerReportTable, 1);
      result->id = table_spec->id;
      result->title = table_spec->title;
      result->columns = table_spec->columns;
      result->n_columns = table_spec->n_columns;
      result->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      g_ptr_array_add (tables, result);
      ok = table_spec->build (&report, result->rows, error);
    }
  if (own_transaction)
    nv_sqlite_end (db, TRUE, NULL);
  return ok ? g_steal_pointer (&tables) : NULL;
}

ServerReportTable *
server_store_daily_counts (ServerStore *self, const ServerReportQuery *query, GError **error)
{
  g_autoptr (ServerReportTable) table = g_new0 (ServerReportTable, 1);
  g_auto (Report) report = { NULL };
  sqlite3 *db = server_store_get_db (self);
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL && query->from != NULL && query->to != NULL, NULL);

  report_init (&report, self, query);
  table->id = "daily_counts";
  table->title = daily_counts_title;
  table->columns = daily_counts_columns;
  table->n_columns = G_N_ELEMENTS (daily_counts_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  if (!nv_sqlite_begin (db, NV_SQLITE_READ, error))
    return NULL;
  ok = build_daily_counts (&report, table->rows, error);
  nv_sqlite_end (db, TRUE, NULL);
  return ok ? g_steal_pointer (&table) : NULL;
}

/* The same writer as the events export: RFC 4180, formulas defused, a suppressed count an
 * empty cell. A report table is small: it is written in memory. */
GBytes *
server_report_table_to_csv (const ServerReportTable *table, GError **error)
{
  g_autofree const char **columns = g_new0 (const char *, table->n_columns);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (ServerExportWriter) writer = NULL;

  for (guint i = 0; i < table->n_columns; i++)
    columns[i] = table->columns[i].id;
  writer = server_export_writer_new (out, SERVER_EXPORT_CSV, columns, table->n_columns);
  for (guint r = 0; r < table->rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (table->rows, r);

      if (!server_export_writer_row (writer, (const char *const *) row->pdata, error))
        return NULL;
    }
  if (!server_export_writer_close (writer, error) || !g_output_stream_close (out, NULL, error))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

gboolean
server_store_report_scalar (ServerStore             *self,
                            const char              *sql,
                            const ServerReportQuery *query,
                            gint64                  *out_value,
                            GError                 **error)
{
  g_auto (Report) report = { NULL };
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (query != NULL && query->from != NULL && query->to != NULL, FALSE);

  report_init (&report, self, query);
  if ((stmt = prepare (&report, sql, error)) == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return read_failed (&report, error);
  *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}
