/* server-staff-reports-api.c — evaluators' reports, and the events export
 *
 * For evaluators (and admins). Reports are aggregates with small counts suppressed
 * (server-store-reports.c); the export streams the anonymous events themselves, as
 * `neuvokas-server export events` writes them. Neither shows a name or phone number, so
 * neither is audited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-archive.h"
#include "server-store-costs.h"
#include "server-evaluation-report.h"
#include "server-export.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-kiosks.h"
#include "server-store-events.h"
#include "server-store-funnels.h"
#include "server-store-users.h"
#include "server-store-reports.h"

#define EVALUATORS (SERVER_ROLE_EVALUATOR | SERVER_ROLE_ADMIN)
#define REPORTS_PATH "/api/v1/staff/reports/"
#define DEFAULT_DAYS 30
#define MAX_DAYS 731
#define MAX_KIOSKS 100

static void handle_report (ServerRequest *request);
static void handle_evaluation (ServerRequest *request);
static void handle_funnel (ServerRequest *request);
static void handle_costs (ServerRequest *request);
static void handle_set_costs (ServerRequest *request);

#define COSTS_BODY_MAX (64 * 1024)
static void handle_export_events (ServerRequest *request);
static void handle_export_counts (ServerRequest *request);
static void handle_export_archive (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", REPORTS_PATH "reach", handle_report, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", REPORTS_PATH "demand", handle_report, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", REPORTS_PATH "friction", handle_report, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", REPORTS_PATH "handover", handle_report, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", REPORTS_PATH "experience", handle_report, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", REPORTS_PATH "operations", handle_report, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", REPORTS_PATH "evaluation", handle_evaluation, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", REPORTS_PATH "funnel", handle_funnel, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", "/api/v1/staff/costs", handle_costs, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "POST", "/api/v1/staff/costs", handle_set_costs, SERVER_AUTH_STAFF, COSTS_BODY_MAX,
    EVALUATORS },
  { "GET", "/api/v1/staff/events/export", handle_export_events, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", "/api/v1/staff/events/counts", handle_export_counts, SERVER_AUTH_STAFF, 0, EVALUATORS },
  { "GET", "/api/v1/staff/export/archive", handle_export_archive, SERVER_AUTH_STAFF, 0,
    EVALUATORS },
};

const ServerRoute *
server_staff_reports_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* The query: from, to, kiosk */

typedef struct
{
  char      *from_day; /* YYYY-MM-DD, Helsinki */
  char      *to_day;   /* the last day, inclusive */
  GDateTime *from;     /* midnight starting from_day */
  GDateTime *to;       /* midnight ending to_day */
  GPtrArray *kiosks;   /* char *, NULL-terminated; empty: every kiosk */
  /* The period of the same length just before, for the change */
  char      *previous_from_day;
  char      *previous_to_day;
  GDateTime *previous_from;
} Range;

static void
range_clear (Range *range)
{
  g_clear_pointer (&range->from_day, g_free);
  g_clear_pointer (&range->to_day, g_free);
  g_clear_pointer (&range->from, g_date_time_unref);
  g_clear_pointer (&range->to, g_date_time_unref);
  g_clear_pointer (&range->kiosks, g_ptr_array_unref);
  g_clear_pointer (&range->previous_from_day, g_free);
  g_clear_pointer (&range->previous_to_day, g_free);
  g_clear_pointer (&range->previous_from, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Range, range_clear)

static const char *
query_value (ServerRequest *request, const char *name)
{
  return request->query != NULL ? g_hash_table_lookup (request->query, name) : NULL;
}

/* Every value of a parameter that may be repeated (the query table keeps only one). NULL
 * after replying 400 when one is not properly encoded. */
static GPtrArray *
query_values (ServerRequest *request, const char *name)
{
  const char *query = g_uri_get_query (soup_server_message_get_uri (request->msg));
  g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_auto (GStrv) pairs = NULL;

  if (query == NULL)
    return g_steal_pointer (&values);
  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char            *equals = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (equals == NULL)
        continue;
      *equals = '\0';
      g_strdelimit (pairs[i], "+", ' ');
      g_strdelimit (equals + 1, "+", ' ');
      key = g_uri_unescape_string (pairs[i], NULL);
      if (key == NULL || !g_str_equal (key, name))
        continue;
      if ((value = g_uri_unescape_string (equals + 1, "")) == NULL
          || !g_utf8_validate (value, -1, NULL))
        {
          server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, name,
                              "%s is not properly encoded", name);
          return NULL;
        }
      g_ptr_array_add (values, g_steal_pointer (&value));
    }
  return g_steal_pointer (&values);
}

/* Exactly YYYY-MM-DD, a day that exists. */
static gboolean
parse_day (const char *text, GDate *out_day)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 2000 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  g_date_clear (out_day, 1);
  g_date_set_dmy (out_day, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static char *
format_day (const GDate *day)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day));
}

static GDateTime *
helsinki_midnight (const GDate *day)
{
  return g_date_time_new (nv_helsinki_tz (), g_date_get_year (day), g_date_get_month (day),
                          g_date_get_day (day), 0, 0, 0);
}

static gboolean
kiosk_is_known (GPtrArray *kiosks, const char *id)
{
  for (guint i = 0; i < kiosks->len; i++)
    if (g_str_equal (((ServerKiosk *) g_ptr_array_index (kiosks, i))->id, id))
      return TRUE;
  return FALSE;
}

/* from and to (Helsinki days, inclusive; the last DEFAULT_DAYS days by default) and any
 * number of kiosk; FALSE after replying 400 naming the parameter at fault. */
static gboolean
read_range (ServerRequest *request, Range *range)
{
  const char *from_text = query_value (request, "from");
  const char *to_text = query_value (request, "to");
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autoptr (GDateTime) local_now = g_date_time_to_timezone (now, nv_helsinki_tz ());
  g_autoptr (GPtrArray) known = NULL;
  g_autoptr (GError) error = NULL;
  GDate first, last, after, before_first, before_last;

  if (from_text != NULL && !parse_day (from_text, &first))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "from",
                          "from must be a day like 2026-11-01");
      return FALSE;
    }
  if (to_text != NULL && !parse_day (to_text, &last))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "to",
                          "to must be a day like 2026-11-30");
      return FALSE;
    }
  if (to_text == NULL)
    {
      g_date_clear (&last, 1);
      g_date_set_dmy (&last, (GDateDay) g_date_time_get_day_of_month (local_now),
                      (GDateMonth) g_date_time_get_month (local_now),
                      (GDateYear) g_date_time_get_year (local_now));
      if (from_text != NULL && g_date_compare (&first, &last) > 0)
        last = first;
    }
  if (from_text == NULL)
    {
      first = last;
      g_date_subtract_days (&first, DEFAULT_DAYS - 1);
    }
  if (g_date_compare (&first, &last) > 0)
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "from",
                          "from must not be after to");
      return FALSE;
    }
  if (g_date_days_between (&first, &last) >= MAX_DAYS)
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "to",
                          "A report covers at most %d days", MAX_DAYS);
      return FALSE;
    }
  after = last;
  g_date_add_days (&after, 1);
  before_last = first;
  g_date_subtract_days (&before_last, 1);
  before_first = first;
  g_date_subtract_days (&before_first, (guint) g_date_days_between (&first, &after));
  range->previous_from_day = format_day (&before_first);
  range->previous_to_day = format_day (&before_last);
  range->previous_from = helsinki_midnight (&before_first);
  range->from_day = format_day (&first);
  range->to_day = format_day (&last);
  range->from = helsinki_midnight (&first);
  range->to = helsinki_midnight (&after);

  if ((range->kiosks = query_values (request, "kiosk")) == NULL)
    return FALSE;
  if (range->kiosks->len > MAX_KIOSKS)
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "kiosk",
                          "At most %d kiosks at a time", MAX_KIOSKS);
      return FALSE;
    }
  if (range->kiosks->len > 0)
    {
      if ((known = server_store_list_kiosks (request->store, &error)) == NULL)
        {
          server_reply_gerror (request->msg, error);
          return FALSE;
        }
      for (guint i = 0; i < range->kiosks->len; i++)
        if (!kiosk_is_known (known, g_ptr_array_index (range->kiosks, i)))
          {
            server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "kiosk",
                                "There is no kiosk “%s”",
                                (const char *) g_ptr_array_index (range->kiosks, i));
            return FALSE;
          }
    }
  g_ptr_array_add (range->kiosks, NULL);
  return TRUE;
}

static const char *const *
range_kiosks (const Range *range)
{
  return (const char *const *) range->kiosks->pdata;
}

/* What the store needs to know of a report's or an export's @range. */
static ServerReportQuery
range_query (ServerRequest *request, const Range *range, GDateTime *now)
{
  ServerReportQuery query = { range->from, range->to, range_kiosks (range),
                              ((ServerReportsApi *) request->family)->threshold, now };

  return query;
}

static void
set_attachment (ServerRequest *request, const char *filename)
{
  g_autofree char *value = g_strdup_printf ("attachment; filename=\"%s\"", filename);

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Content-Disposition", value);
}

/* "neuvokas-events-2026-11-kiosk-95b2d9d9.csv": the period, and the kiosk filter when
 * there is one, so that a filtered file never passes for the whole (server_export_name). */
static char *
export_filename (const Range *range, const char *what, const char *extension)
{
  g_autofree char *name = server_export_name (range->from_day, range->to_day, range_kiosks (range));

  return g_strdup_printf ("neuvokas-%s%s%s.%s", what != NULL ? what : "", what != NULL ? "-" : "",
                          name, extension);
}

/* A CSV file of a few rows, made in memory, as a download named @filename. */
static void
reply_csv (ServerRequest *request, GBytes *csv, const char *filename)
{
  gsize         size;
  gconstpointer data = g_bytes_get_data (csv, &size);

  server_add_common_headers (request->msg);
  set_attachment (request, filename);
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (request->msg, "text/csv; charset=utf-8", SOUP_MEMORY_COPY, data,
                                    size);
}

/* Reports */

/* {"fi": …, "sv": …, "en": …} */
static void
add_names (JsonBuilder *builder, const char *const *names)
{
  json_builder_begin_object (builder);
  for (NvLang lang = 0; lang < NV_N_LANGS; lang++)
    {
      /* Staff reports have words in fi, sv and en only. */
      if (names[lang] == NULL)
        continue;
      json_builder_set_member_name (builder, nv_lang_to_code (lang));
      json_builder_add_string_value (builder, names[lang]);
    }
  json_builder_end_object (builder);
}

static void
add_titles (JsonBuilder *builder, const char *const *title)
{
  json_builder_set_member_name (builder, "title");
  add_names (builder, title);
}

static void
add_cell (JsonBuilder *builder, ServerReportType type, const char *value)
{
  if (value == NULL)
    json_builder_add_null_value (builder);
  else if (type != SERVER_REPORT_NUMBER)
    json_builder_add_string_value (builder, value);
  else if (strchr (value, '.') != NULL)
    json_builder_add_double_value (builder, g_ascii_strtod (value, NULL));
  else
    json_builder_add_int_value (builder, g_ascii_strtoll (value, NULL, 10));
}

/* "labels": {COLUMN: {VALUE: {"fi": …, "sv": …, "en": …}}}: names for the ids and codes
 * the rows hold (server_store_report_labels). */
void
server_json_add_report_labels (JsonBuilder *builder, GHashTable *labels)
{
  GHashTableIter columns;
  gpointer       column, names;

  json_builder_set_member_name (builder, "labels");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&columns, labels);
  while (g_hash_table_iter_next (&columns, &column, &names))
    {
      GHashTableIter values;
      gpointer       value, name;

      json_builder_set_member_name (builder, column);
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&values, names);
      while (g_hash_table_iter_next (&values, &value, &name))
        {
          json_builder_set_member_name (builder, value);
          add_names (builder, (const char *const *) name);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
add_table (JsonBuilder *builder, const ServerReportTable *table, GHashTable *labels)
{
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", table->id);
  add_titles (builder, table->title);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < table->n_columns; i++)
    {
      json_builder_begin_object (builder);
      server_json_add_string (builder, "id", table->columns[i].id);
      add_titles (builder, table->columns[i].title);
      server_json_add_string (builder, "type",
                              server_report_type_to_string (table->columns[i].type));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint r = 0; r < table->rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (table->rows, r);

      json_builder_begin_array (builder);
      for (guint i = 0; i < table->n_columns; i++)
        add_cell (builder, table->columns[i].type, g_ptr_array_index (row, i));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  server_json_add_report_labels (builder, labels);
  json_builder_end_object (builder);
}

static void
add_figures (JsonBuilder *builder, GArray *figures)
{
  json_builder_set_member_name (builder, "figures");
  json_builder_begin_array (builder);
  for (guint i = 0; figures != NULL && i < figures->len; i++)
    {
      const ServerReportFigure *figure = &g_array_index (figures, ServerReportFigure, i);
      double                    change;

      json_builder_begin_object (builder);
      server_json_add_string (builder, "id", figure->id);
      add_titles (builder, figure->title);
      json_builder_set_member_name (builder, "value");
      if (figure->value < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, figure->value);
      json_builder_set_member_name (builder, "previous");
      if (figure->previous < 0)
        json_builder_add_null_value (builder);
      else
        json_builder_add_int_value (builder, figure->previous);
      json_builder_set_member_name (builder, "change_percent");
      if (server_report_figure_change (figure, &change))
        json_builder_add_double_value (builder, change);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
reply_report_json (ServerRequest *request,
                   const char    *section,
                   const Range   *range,
                   GPtrArray     *tables,
                   GArray        *figures)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GPtrArray) labels
      = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < tables->len; i++)
    {
      GHashTable *one
          = server_store_report_labels (request->store, g_ptr_array_index (tables, i), &error);

      if (one == NULL)
        {
          server_reply_gerror (request->msg, error);
          return;
        }
      g_ptr_array_add (labels, one);
    }

  json_builder_begin_object (builder);
  server_json_add_string (builder, "section", section);
  server_json_add_string (builder, "from", range->from_day);
  server_json_add_string (builder, "to", range->to_day);
  json_builder_set_member_name (builder, "kiosks");
  json_builder_begin_array (builder);
  for (guint i = 0; range_kiosks (range)[i] != NULL; i++)
    json_builder_add_string_value (builder, range_kiosks (range)[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_int_value (builder, ((ServerReportsApi *) request->family)->threshold);
  json_builder_set_member_name (builder, "previous");
  json_builder_begin_object (builder);
  server_json_add_string (builder, "from", range->previous_from_day);
  server_json_add_string (builder, "to", range->previous_to_day);
  json_builder_end_object (builder);
  add_figures (builder, figures);
  json_builder_set_member_name (builder, "tables");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tables->len; i++)
    add_table (builder, g_ptr_array_index (tables, i), g_ptr_array_index (labels, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* lang=fi|sv|en (fi when absent, and then *@out_given is FALSE), the words of a page or a
 * download for people; FALSE after replying 400 naming it. Plain Finnish has no words of
 * its own here. */
static gboolean
read_lang (ServerRequest *request, NvLang *out_lang, gboolean *out_given)
{
  const char *code = query_value (request, "lang");

  *out_lang = NV_LANG_FI;
  if (out_given != NULL)
    *out_given = code != NULL;
  if (code != NULL && !nv_lang_from_code (code, out_lang))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "lang",
                          "lang must be fi, sv or en");
      return FALSE;
    }
  *out_lang = nv_lang_base (*out_lang);
  return TRUE;
}

/* A table as a CSV download: its codes and ids for programs and, when @named, beside each
 * its name in @lang for the evaluator who reads it (server_report_table_to_named_csv). */
static void
reply_report_csv (ServerRequest     *request,
                  const char        *section,
                  const Range       *range,
                  ServerReportTable *table,
                  gboolean           named,
                  NvLang             lang)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) labels = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *what = NULL;

  if (named)
    {
      if ((labels = server_store_report_labels (request->store, table, &error)) != NULL)
        csv = server_report_table_to_named_csv (table, labels, lang, &error);
    }
  else
    csv = server_report_table_to_csv (table, &error);
  if (csv == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  what = g_strdup_printf ("%s-%s", section, table->id);
  filename = export_filename (range, what, "csv");
  reply_csv (request, csv, filename);
}

/* format=json (the default) or csv; FALSE after replying 400 naming it. */
static gboolean
read_format (ServerRequest *request, gboolean *out_csv)
{
  const char *format = query_value (request, "format");

  *out_csv = g_strcmp0 (format, "csv") == 0;
  if (format != NULL && !*out_csv && !g_str_equal (format, "json"))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "format",
                          "format must be json or csv");
      return FALSE;
    }
  return TRUE;
}

/* GET reports/SECTION[?format=json|csv&table=ID&lang=fi|sv|en&from=&to=&kiosk=…]; a CSV
 * names the codes and ids beside them when lang is given. */
static void
handle_report (ServerRequest *request)
{
  const char *section = request->path + strlen (REPORTS_PATH);
  const char *table = query_value (request, "table");
  gboolean    csv;
  g_auto (Range) range = { NULL };
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GArray) figures = NULL;
  g_autoptr (GError) error = NULL;
  ServerReportQuery query;
  NvLang            lang;
  gboolean          named;

  if (!read_format (request, &csv) || !read_lang (request, &lang, &named))
    return;
  if (csv && table == NULL)
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "table",
                          "A CSV answer is one table: name it with table");
      return;
    }
  if (table != NULL && !server_report_table_is_known (section, table))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "table",
                          "The %s report has no table “%s”", section, table);
      return;
    }
  if (!read_range (request, &range))
    return;
  query = range_query (request, &range, now);
  if ((tables = server_store_report (request->store, section, table, &query, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  if (csv)
    {
      reply_report_csv (request, section, &range, g_ptr_array_index (tables, 0), named, lang);
      return;
    }
  /* The key figures come with the whole section: one table is for a download. */
  if (table == NULL)
    {
      ServerReportQuery previous = query;

      previous.from = range.previous_from;
      previous.to = range.from;
      if ((figures = server_store_report_figures (request->store, section, &query, &previous,
                                                  tables, &error))
          == NULL)
        {
          server_reply_gerror (request->msg, error);
          return;
        }
    }
  reply_report_json (request, section, &range, tables, figures);
}

/* GET reports/funnel?id=ID[&format=json|csv&lang=fi|sv|en&from=&to=&kiosk=…]: a funnel an
 * evaluator defined (server-staff-funnels-api.c), counted for the period and kiosks as the
 * other reports are; its one table is titled with the funnel's name, its conditions named
 * (labels; in the CSV, in lang). */
static void
handle_funnel (ServerRequest *request)
{
  const char *id = query_value (request, "id");
  gboolean    csv;
  g_auto (Range) range = { NULL };
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autoptr (NvFunnel) funnel = NULL;
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GError) error = NULL;
  ServerReportTable *table;
  ServerReportQuery  query;
  const char        *name[NV_N_LANGS] = { NULL };
  NvLang             lang;

  if (!read_format (request, &csv) || !read_lang (request, &lang, NULL))
    return;
  if (id == NULL || *id == '\0')
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "id", "Name the funnel with id");
      return;
    }
  if (!read_range (request, &range))
    return;
  query = range_query (request, &range, now);
  if ((funnel = server_store_get_funnel (request->store, id, &error)) == NULL
      || (table = server_store_funnel_report (request->store, funnel, &query, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  tables = g_ptr_array_new_with_free_func ((GDestroyNotify) server_report_table_free);
  g_ptr_array_add (tables, table);
  if (csv)
    {
      /* A funnel's conditions mean little without their names: always named. */
      reply_report_csv (request, "funnel", &range, table, TRUE, lang);
      return;
    }
  name[NV_LANG_FI] = name[NV_LANG_SV] = name[NV_LANG_EN] = funnel->name;
  table->title = name;
  reply_report_json (request, "funnel", &range, tables, NULL);
}

/* The evaluation report */

/* Its own stylesheet only, no script; framed only by the console (its Print button). */
#define EVALUATION_CSP                                                                             \
  "default-src 'none'; style-src 'self'; frame-ancestors 'self'; base-uri 'none'; "                \
  "form-action 'none'"

/* GET reports/evaluation?lang=fi|sv|en&from=&to=&kiosk=… — a printable HTML page
 * (server-evaluation-report.c). */
static void
handle_evaluation (ServerRequest *request)
{
  g_auto (Range) range = { NULL };
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autoptr (GError) error = NULL;
  g_autofree char    *html = NULL;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  ServerReportQuery   query;
  ServerReportQuery   previous;
  NvLang              lang;
  gsize               length;

  if (!read_lang (request, &lang, NULL) || !read_range (request, &range))
    return;
  query = range_query (request, &range, now);
  previous = query;
  previous.from = range.previous_from;
  previous.to = range.from;
  {
    ServerEvaluationRequest evaluation = {
      &query,
      &previous,
      range.from_day,
      range.to_day,
      range.previous_from_day,
      range.previous_to_day,
      lang,
      "/console/evaluation.css",
    };

    if ((html = server_evaluation_report_html (request->store, &evaluation, &error)) == NULL)
      {
        server_reply_gerror (request->msg, error);
        return;
      }
  }
  server_add_common_headers (request->msg);
  soup_message_headers_replace (headers, "Content-Security-Policy", EVALUATION_CSP);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Content-Language", nv_lang_to_code (lang));
  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  length = strlen (html);
  soup_server_message_set_response (request->msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&html), length);
}

/* Costs */

static void
add_cents (JsonBuilder *builder, const char *member, gint64 cents)
{
  json_builder_set_member_name (builder, member);
  if (cents < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, cents);
}

/* A cost per contact, in cents, rounded; -1 when the contacts are hidden or none. */
static gint64
per_contact (gint64 cost_cents, gint64 contacts)
{
  return contacts > 0 ? (cost_cents + contacts / 2) / contacts : -1;
}

static const char *
kiosk_name (GPtrArray *kiosks, const char *id)
{
  for (guint i = 0; id != NULL && i < kiosks->len; i++)
    if (g_str_equal (((ServerKiosk *) g_ptr_array_index (kiosks, i))->id, id))
      return ((ServerKiosk *) g_ptr_array_index (kiosks, i))->name;
  return NULL;
}

/* GET costs?from=&to=&kiosk=… — what was entered for periods within this one, with the cost
 * per visit and per request solved beside the phone and counter service's per contact. */
static void
handle_costs (ServerRequest *request)
{
  g_auto (Range) range = { NULL };
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GPtrArray) kiosks = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  ServerReportQuery query;

  if (!read_range (request, &range))
    return;
  query = range_query (request, &range, now);
  if ((rows
       = server_store_cost_report (request->store, &query, range.from_day, range.to_day, &error))
          == NULL
      || (kiosks = server_store_list_kiosks (request->store, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  json_builder_begin_object (builder);
  server_json_add_string (builder, "from", range.from_day);
  server_json_add_string (builder, "to", range.to_day);
  json_builder_set_member_name (builder, "threshold");
  json_builder_add_int_value (builder, query.threshold);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const ServerCostRow *row = g_ptr_array_index (rows, i);
      gboolean             kiosk = !g_str_equal (row->channel, SERVER_COST_PHONE)
                       && !g_str_equal (row->channel, SERVER_COST_COUNTER);

      json_builder_begin_object (builder);
      server_json_add_string (builder, "channel", row->channel);
      server_json_add_string (builder, "kiosk", row->kiosk);
      server_json_add_string (builder, "name", kiosk_name (kiosks, row->kiosk));
      add_cents (builder, "cost_cents", row->cost_cents);
      add_cents (builder, "contacts", row->contacts);
      add_cents (builder, "cost_per_contact_cents", per_contact (row->cost_cents, row->contacts));
      add_cents (builder, "solved", kiosk ? row->solved : -1);
      add_cents (builder, "cost_per_solved_cents",
                 kiosk ? per_contact (row->cost_cents, row->solved) : -1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* One item of kiosks[] or channels[]: FALSE with the field named from @array[@index]. */
static gboolean
read_cost_entry (JsonArray       *array,
                 const char      *member,
                 guint            index,
                 ServerCostEntry *entry,
                 char           **out_id,
                 GError         **error)
{
  g_autofree char *prefix = g_strdup_printf ("%s[%u]", member, index);
  JsonNode        *node = json_array_get_element (array, index);
  JsonObject      *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  gboolean         kiosk = g_str_equal (member, "kiosks");
  gboolean         ok;

  if (object == NULL)
    {
      nv_set_field_error_code (error, prefix, "wrong-type", "must be an object");
      return FALSE;
    }
  ok = nv_json_read_string (object, kiosk ? "kiosk" : "channel", TRUE, out_id, error)
       && nv_json_read_int (object, "cost_cents", 0, SERVER_COST_MAX_CENTS, -1, &entry->cost_cents,
                            error)
       && (kiosk
           || nv_json_read_int (object, "contacts", 0, SERVER_COST_MAX_CONTACTS, -1,
                                &entry->contacts, error));
  if (ok && !kiosk && !g_str_equal (*out_id, SERVER_COST_PHONE)
      && !g_str_equal (*out_id, SERVER_COST_COUNTER))
    {
      nv_set_field_error_code (error, "channel", "invalid", "must be phone or counter");
      ok = FALSE;
    }
  if (!ok)
    {
      nv_error_prefix_field (*error, prefix);
      return FALSE;
    }
  entry->channel = kiosk ? SERVER_COST_KIOSK : *out_id;
  entry->kiosk = kiosk ? *out_id : NULL;
  if (kiosk)
    entry->contacts = -1;
  return TRUE;
}

/* POST costs {"from", "to", "kiosks": [{"kiosk", "cost_cents"}], "channels": [{"channel":
 * "phone" | "counter", "cost_cents", "contacts"}]} → 204. A null cost removes what was
 * entered for that period. */
static void
handle_set_costs (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) entries = g_array_new (FALSE, TRUE, sizeof (ServerCostEntry));
  g_autofree char         *from_text = NULL;
  g_autofree char         *to_text = NULL;
  g_autofree char         *from_day = NULL;
  g_autofree char         *to_day = NULL;
  JsonArray               *lists[2] = { NULL, NULL };
  static const char *const members[] = { "kiosks", "channels" };
  static const guint       limits[] = { MAX_KIOSKS, 2 };
  JsonObject              *object;
  GDate                    first, last;

  if ((object = server_read_json_object (request, COSTS_BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "from", TRUE, &from_text, &error)
      || !nv_json_read_string (object, "to", TRUE, &to_text, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  /* The JSON is well formed: a wrong value is 422 naming its field, as everywhere. */
  if (!parse_day (from_text, &first) || !parse_day (to_text, &last))
    {
      const char *field = !parse_day (from_text, &first) ? "from" : "to";

      nv_set_field_error_code (&error, field, "invalid", "must be a day like 2026-11-01");
      server_reply_gerror (request->msg, error);
      return;
    }
  if (g_date_compare (&first, &last) > 0 || g_date_days_between (&first, &last) >= MAX_DAYS)
    {
      nv_set_field_error_code (&error, "to", "invalid",
                               "must be from the day of from to %d days after it", MAX_DAYS - 1);
      server_reply_gerror (request->msg, error);
      return;
    }
  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      if (!nv_json_read_array (object, members[m], &lists[m], &error))
        {
          server_reply_gerror (request->msg, error);
          return;
        }
      if (lists[m] != NULL && json_array_get_length (lists[m]) > limits[m])
        {
          server_reply_error (request->msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, members[m],
                              "At most %u %s at a time", limits[m], members[m]);
          return;
        }
      for (guint i = 0; lists[m] != NULL && i < json_array_get_length (lists[m]); i++)
        {
          ServerCostEntry entry = { NULL, NULL, -1, -1 };
          char           *id = NULL;

          if (!read_cost_entry (lists[m], members[m], i, &entry, &id, &error))
            {
              g_free (id);
              server_reply_gerror (request->msg, error);
              return;
            }
          g_ptr_array_add (ids, id);
          g_array_append_val (entries, entry);
        }
    }
  from_day = format_day (&first);
  to_day = format_day (&last);
  if (!server_store_set_costs (request->store, from_day, to_day,
                               (ServerCostEntry *) (gpointer) entries->data, entries->len,
                               request->staff->name, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  server_add_common_headers (request->msg);
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Exports: events, daily counts, the archive */

typedef enum
{
  EXPORT_EVENTS,
  EXPORT_ARCHIVE,
} ExportKind;

typedef struct
{
  ServerStore       *store; /* a connection of the export's own, used in its thread */
  ExportKind         kind;
  GDateTime         *from;
  GDateTime         *to;
  GDateTime         *now;
  GStrv              kiosks;
  guint              threshold;
  ServerExportFormat format;
  char              *name; /* the archive's folder */
  char              *from_day;
  char              *to_day;
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->store);
  g_clear_pointer (&export->from, g_date_time_unref);
  g_clear_pointer (&export->to, g_date_time_unref);
  g_clear_pointer (&export->now, g_date_time_unref);
  g_clear_pointer (&export->kiosks, g_strfreev);
  g_free (export->name);
  g_free (export->from_day);
  g_free (export->to_day);
  g_free (export);
}

static gboolean
export_row_cb (const char *const *values, gpointer user_data, GError **error)
{
  return server_export_writer_row (user_data, values, error);
}

/* In the stream's thread. */
static gboolean
write_export (GOutputStream *output, gpointer user_data, GError **error)
{
  Export *export = user_data;
  ServerReportQuery query = { export->from, export->to, (const char *const *) export->kiosks,
                              export->threshold, export->now };
  g_autoptr (ServerExportWriter) writer = NULL;

  if (export->kind == EXPORT_ARCHIVE)
    {
      ServerArchiveRequest request = { &query, export->name, export->from_day, export->to_day };

      return server_store_write_archive (export->store, &request, output, error);
    }
  writer = server_export_writer_new (output, export->format, server_event_export_columns,
                                     SERVER_EVENT_EXPORT_N_COLUMNS);
  return server_store_export_events (export->store, export->from, export->to, query.kiosks,
                                     export->threshold, export_row_cb, writer, error)
         && server_export_writer_close (writer, error);
}

/* Streams @kind for @range in a thread, with a store connection of its own. */
static void
start_export (ServerRequest     *request,
              const Range       *range,
              ExportKind         kind,
              ServerExportFormat format,
              const char        *filename,
              const char        *content_type)
{
  g_autoptr (GError) error = NULL;
  Export *export = g_new0 (Export, 1);

  /* Opened here, so that a store that cannot be read is a 503 and not a cut stream. */
  export->store = server_store_open (server_store_get_directory (request->store), NULL, &error);
  if (export->store == NULL)
    {
      export_free (export);
      server_reply_gerror (request->msg, error);
      return;
    }
  export->kind = kind;
  export->from = g_date_time_ref (range->from);
  export->to = g_date_time_ref (range->to);
  export->now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  export->kiosks = g_strdupv ((char **) range_kiosks (range));
  export->threshold = ((ServerReportsApi *) request->family)->threshold;
  export->format = format;
  export->name = g_strndup (filename, strlen (filename) - strlen (".zip"));
  export->from_day = g_strdup (range->from_day);
  export->to_day = g_strdup (range->to_day);
  set_attachment (request, filename);
  server_reply_stream (request->msg, content_type, write_export, export,
                       (GDestroyNotify) export_free);
}

/* GET events/export?format=csv|ndjson&from=&to=&kiosk=… — coarsened and pseudonymous
 * (server_store_export_events). */
static void
handle_export_events (ServerRequest *request)
{
  const char *format = query_value (request, "format");
  gboolean    ndjson = g_strcmp0 (format, "ndjson") == 0;
  g_auto (Range) range = { NULL };
  g_autofree char *filename = NULL;

  if (format != NULL && !ndjson && !g_str_equal (format, "csv"))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "format",
                          "format must be csv or ndjson");
      return;
    }
  if (!read_range (request, &range))
    return;
  filename = export_filename (&range, "events", ndjson ? "ndjson" : "csv");
  start_export (request, &range, EXPORT_EVENTS, ndjson ? SERVER_EXPORT_NDJSON : SERVER_EXPORT_CSV,
                filename,
                ndjson ? "application/x-ndjson; charset=utf-8" : "text/csv; charset=utf-8");
}

/* GET events/counts?from=&to=&kiosk=… — visits per day, kiosk and measure as CSV, small
 * counts suppressed (server_store_daily_counts). A day's rows are a few dozen: written in
 * memory. */
static void
handle_export_counts (ServerRequest *request)
{
  g_auto (Range) range = { NULL };
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (request->store));
  g_autoptr (ServerReportTable) table = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char  *filename = NULL;
  ServerReportQuery query;

  if (!read_range (request, &range))
    return;
  query = range_query (request, &range, now);
  if ((table = server_store_daily_counts (request->store, &query, &error)) == NULL
      || (csv = server_report_table_to_csv (table, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  filename = export_filename (&range, "counts", "csv");
  reply_csv (request, csv, filename);
}

/* GET export/archive?from=&to=&kiosk=… — everything in one zip file (server-archive.c). */
static void
handle_export_archive (ServerRequest *request)
{
  g_auto (Range) range = { NULL };
  g_autofree char *filename = NULL;

  if (!read_range (request, &range))
    return;
  filename = export_filename (&range, NULL, "zip");
  start_export (request, &range, EXPORT_ARCHIVE, SERVER_EXPORT_CSV, filename, "application/zip");
}
