/* server-archive.c
 *
 * A steering group's evaluator wants one file, readable years later without Neuvokas: so
 * every table is plain CSV (RFC 4180, UTF-8, a header row), every column of every file is
 * described in data-dictionary.csv, and README.txt says what period and which kiosks the
 * figures cover and what was suppressed. Written with libzip, which wants a file to write
 * to: the archive is put together in a private folder of the data directory (mode 0700,
 * like the database) and streamed from there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zip.h>

#include "nv-json-private.h"
#include "server-archive.h"
#include "server-export.h"
#include "server-store-events.h"
#include "server-store-funnels.h"
#include "server-store-kiosks.h"
#include "server-store-private.h"

typedef struct
{
  const char *column;
  const char *type;
  const char *meaning;
} ColumnDoc;

/* docs/events.md, "Export columns" */
static const ColumnDoc event_docs[] = {
  { "kiosk", "text", "the kiosk's id (its name is in README.txt)" },
  { "visit", "text",
    "a pseudonym of the visit (one resident's session): the same within this file, "
    "different in every other download" },
  { "visit_hour", "time",
    "the hour the visit began, Helsinki time with its UTC offset (2026-11-10T12:00+02:00); "
    "the same for every event of the visit" },
  { "seconds_into_visit", "number", "seconds from the visit's first event to this one" },
  { "type", "text", "the type of event (docs/events.md): session_start, guide_view, …" },
  { "subject", "text", "what it was about, per type: a guide or organisation id, a screen" },
  { "language", "text", "the kiosk's language then: fi, sv or en" },
  { "text_size", "number", "text size step in use: 0 (default, already large) to 2" },
  { "high_contrast", "number", "1 when the high-contrast mode was on, else 0" },
  { "value", "number", "a number per type: seconds, a step number, a count of results" },
  { "detail", "text",
    "a value from a fixed list per type; for a search, the query without digits, empty "
    "unless at least as many visits as the suppression threshold typed it" },
  { "guide_version", "number",
    "for an event about a guide, the revision at which the guide's text last changed; "
    "empty otherwise or when not known" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (event_docs) == SERVER_EVENT_EXPORT_N_COLUMNS);

static const ColumnDoc count_docs[] = {
  { "day", "text", "the day, Helsinki time (YYYY-MM-DD)" },
  { "kiosk", "text", "the kiosk's id, or all: every kiosk of the download together" },
  { "measure", "text", "what is counted (the measures are listed in README.txt)" },
  { "visits", "number",
    "the number of visits (sessions) that day; empty when suppressed (see suppressed)" },
  { "suppressed", "text", "yes when the count is not shown (README.txt: Suppression), else no" },
};

static const ColumnDoc dictionary_docs[] = {
  { "file", "text", "a file of this archive" },
  { "column", "text", "a column of that file, as its header row names it" },
  { "type", "text", "text, number or time (RFC 3339)" },
  { "meaning", "text", "what the column holds, in English" },
  { "meaning_fi", "text", "the column's title in Finnish, where the console shows one" },
};

static const char *const dictionary_columns[]
    = { "file", "column", "type", "meaning", "meaning_fi" };

/* Files */

typedef struct
{
  char       *dir;  /* the private folder */
  zip_t      *zip;  /* writing dir/archive.zip */
  GPtrArray  *kept; /* GBytes the zip reads from when it is closed */
  GString    *dictionary;
  const char *name; /* the folder inside the archive */
} Archive;

static gboolean
zip_failed (Archive *archive, GError **error)
{
  g_set_error (error, NV_ERROR, NV_ERROR_IO, "Cannot write the archive: %s",
               zip_strerror (archive->zip));
  return FALSE;
}

static gboolean
add_bytes (Archive *archive, const char *path, GBytes *bytes, GError **error)
{
  g_autofree char *entry = g_strconcat (archive->name, "/", path, NULL);
  gsize            size;
  gconstpointer    data = g_bytes_get_data (bytes, &size);
  zip_source_t    *source;

  g_ptr_array_add (archive->kept, g_bytes_ref (bytes));
  if ((source = zip_source_buffer (archive->zip, data, size, 0)) == NULL)
    return zip_failed (archive, error);
  if (zip_file_add (archive->zip, entry, source, ZIP_FL_ENC_UTF_8) < 0)
    {
      zip_source_free (source);
      return zip_failed (archive, error);
    }
  return TRUE;
}

static void
document_column (Archive    *archive,
                 const char *file,
                 const char *column,
                 const char *type,
                 const char *meaning,
                 const char *meaning_fi)
{
  const char *cells[] = { file, column, type, meaning, meaning_fi };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    {
      if (i > 0)
        g_string_append_c (archive->dictionary, ',');
      server_csv_append_cell (archive->dictionary, cells[i]);
    }
  g_string_append (archive->dictionary, "\r\n");
}

static void
document_columns (Archive *archive, const char *file, const ColumnDoc *docs, guint n_docs)
{
  for (guint i = 0; i < n_docs; i++)
    document_column (archive, file, docs[i].column, docs[i].type, docs[i].meaning, NULL);
}

static gboolean
add_table (Archive *archive, const char *path, const ServerReportTable *table, GError **error)
{
  g_autoptr (GBytes) csv = server_report_table_to_csv (table, error);

  if (csv == NULL)
    return FALSE;
  for (guint i = 0; i < table->n_columns; i++)
    {
      g_autofree char *meaning = g_strdup_printf ("%s: %s", table->title[NV_LANG_EN],
                                                  table->columns[i].title[NV_LANG_EN]);

      document_column (archive, path, table->columns[i].id,
                       server_report_type_to_string (table->columns[i].type), meaning,
                       table->columns[i].title[NV_LANG_FI]);
    }
  return add_bytes (archive, path, csv, error);
}

static gboolean
add_reports (Archive *archive, ServerStore *store, const ServerReportQuery *query, GError **error)
{
  const char *const *sections = server_report_sections ();

  for (guint s = 0; sections[s] != NULL; s++)
    {
      g_autoptr (GPtrArray) tables = server_store_report (store, sections[s], NULL, query, error);

      if (tables == NULL)
        return FALSE;
      for (guint i = 0; i < tables->len; i++)
        {
          const ServerReportTable *table = g_ptr_array_index (tables, i);
          g_autofree char *path = g_strdup_printf ("reports/%s-%s.csv", sections[s], table->id);

          if (!add_table (archive, path, table, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* Each funnel evaluators defined, as funnels/funnel-N.csv in the order of their names
 * (a name typed by an evaluator is no file name; README.txt says which is which): its
 * steps' conditions as codes and, beside them, their Finnish names. */
static gboolean
add_funnels (Archive                 *archive,
             ServerStore             *store,
             const ServerReportQuery *query,
             GString                 *list,
             GError                 **error)
{
  g_autoptr (GPtrArray) funnels = server_store_list_funnels (store, error);

  if (funnels == NULL)
    return FALSE;
  for (guint f = 0; f < funnels->len; f++)
    {
      const NvFunnel  *funnel = g_ptr_array_index (funnels, f);
      g_autofree char *path = g_strdup_printf ("funnels/funnel-%u.csv", f + 1);
      g_autoptr (ServerReportTable) table
          = server_store_funnel_report (store, funnel, query, error);
      g_autoptr (GHashTable) labels = NULL;
      g_autoptr (GBytes) csv = NULL;

      if (table == NULL || (labels = server_store_report_labels (store, table, error)) == NULL
          || (csv = server_report_table_to_named_csv (table, labels, NV_LANG_FI, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < table->n_columns; i++)
        {
          const ServerReportColumn *column = &table->columns[i];
          g_autofree char          *meaning
              = g_strdup_printf ("The funnel's steps: %s", column->title[NV_LANG_EN]);

          document_column (archive, path, column->id, server_report_type_to_string (column->type),
                           meaning, column->title[NV_LANG_FI]);
          if (server_report_column_is_named (column))
            {
              g_autofree char *name = g_strconcat (column->id, "_name", NULL);
              g_autofree char *name_meaning = g_strdup_printf (
                  "the name in Finnish of %s (a guide's title, a place's name, a code's "
                  "label); empty when it has none",
                  column->id);
              g_autofree char *name_fi = g_strdup_printf ("%s (nimi)", column->title[NV_LANG_FI]);

              document_column (archive, path, name, "text", name_meaning, name_fi);
            }
        }
      g_string_append_printf (list, "%s: %s\r\n", path, funnel->name);
      if (!add_bytes (archive, path, csv, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
events_row_cb (const char *const *values, gpointer user_data, GError **error)
{
  return server_export_writer_row (user_data, values, error);
}

/* The events may be many: written to a file of the private folder, which the zip reads. */
static gboolean
add_events (Archive *archive, ServerStore *store, const ServerReportQuery *query, GError **error)
{
  g_autofree char *path = g_build_filename (archive->dir, "events.csv", NULL);
  g_autofree char *entry = g_strconcat (archive->name, "/events.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileOutputStream) out = NULL;
  g_autoptr (ServerExportWriter) writer = NULL;
  zip_source_t *source;

  if ((out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error)) == NULL)
    return FALSE;
  writer = server_export_writer_new (G_OUTPUT_STREAM (out), SERVER_EXPORT_CSV,
                                     server_event_export_columns, SERVER_EVENT_EXPORT_N_COLUMNS);
  if (!server_store_export_events (store, query->from, query->to, query->kiosks, query->threshold,
                                   events_row_cb, writer, error)
      || !server_export_writer_close (writer, error)
      || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return FALSE;
  document_columns (archive, "events.csv", event_docs, G_N_ELEMENTS (event_docs));
  if ((source = zip_source_file (archive->zip, path, 0, -1)) == NULL)
    return zip_failed (archive, error);
  if (zip_file_add (archive->zip, entry, source, ZIP_FL_ENC_UTF_8) < 0)
    {
      zip_source_free (source);
      return zip_failed (archive, error);
    }
  return TRUE;
}

static gboolean
add_counts (Archive *archive, ServerStore *store, const ServerReportQuery *query, GError **error)
{
  g_autoptr (ServerReportTable) counts = server_store_daily_counts (store, query, error);
  g_autoptr (GBytes) csv = NULL;

  if (counts == NULL || (csv = server_report_table_to_csv (counts, error)) == NULL)
    return FALSE;
  document_columns (archive, "daily-counts.csv", count_docs, G_N_ELEMENTS (count_docs));
  return add_bytes (archive, "daily-counts.csv", csv, error);
}

static GBytes *
readme_text (ServerStore                *store,
             const ServerArchiveRequest *request,
             const char                 *funnels,
             GError                    **error)
{
  const ServerReportQuery *query = request->query;
  g_autoptr (GPtrArray) known = server_store_list_kiosks (store, error);
  g_autoptr (GDateTime) now_local = NULL;
  g_autofree char   *made = NULL;
  GString           *text = g_string_new (NULL);
  const char *const *measures = server_daily_count_measures ();

  if (known == NULL)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  now_local = g_date_time_to_timezone (query->now, nv_helsinki_tz ());
  made = g_date_time_format (now_local, "%Y-%m-%d %H:%M");
  g_string_append_printf (text,
                          "Neuvokas — usage data for evaluation\r\n"
                          "====================================\r\n\r\n"
                          "Period: %s to %s, both days included (Helsinki days).\r\n",
                          request->from_day, request->to_day);
  if (query->kiosks == NULL || query->kiosks[0] == NULL)
    g_string_append (text, "Kiosks: ALL kiosks (no kiosk filter).\r\n");
  else
    {
      g_string_append (text, "Kiosks: FILTERED: only these kiosks, not the whole service:\r\n");
      for (guint i = 0; query->kiosks[i] != NULL; i++)
        for (guint k = 0; k < known->len; k++)
          {
            const ServerKiosk *kiosk = g_ptr_array_index (known, k);

            if (g_str_equal (kiosk->id, query->kiosks[i]))
              g_string_append_printf (text, "  - %s (%s)\r\n", kiosk->id, kiosk->name);
          }
    }
  g_string_append_printf (text, "Made: %s Helsinki time.\r\n\r\n", made);
  g_string_append_printf (
      text,
      "Suppression\r\n-----------\r\n"
      "Every count of residents is a count of visits (sessions). A count from 1 to %u is "
      "not shown: the cell is empty (in daily-counts.csv, suppressed is yes), so that no "
      "small group can be singled out. In daily-counts.csv, the row of kiosk \"all\" is the "
      "true total of the day over the kiosks of this download. So that a hidden count "
      "cannot be worked out from that total and the counts shown, more counts of the same "
      "day and measure are hidden (the smallest first) until each hidden count could still "
      "be anything from 1 to %u; when that is not possible, the total is hidden too. The "
      "counts shown and the hidden ones add up to the total; zero is always shown.\r\n"
      "A search query is shown only when at least %u visits of the period typed it.\r\n\r\n",
      MAX (query->threshold, 1) - 1, MAX (query->threshold, 1) - 1, MAX (query->threshold, 1));
  g_string_append (
      text, "Events (events.csv)\r\n-------------------\r\n"
            "No event carries an exact time or the kiosk's session id: each visit has a pseudonym "
            "made for this download only (another download of the same events gives others), the "
            "hour it began and the seconds since. Rows are grouped by that hour and, within it, "
            "ordered by pseudonym, so their order tells nothing about time either.\r\n\r\n"
            "Files\r\n-----\r\n"
            "README.txt          this file\r\n"
            "data-dictionary.csv every column of every CSV file, what it holds\r\n"
            "events.csv          the usage events, coarsened as above\r\n"
            "daily-counts.csv    visits per day, kiosk and measure, with totals\r\n"
            "reports/*.csv       every table of the console's reports, for the same period and "
            "kiosks\r\n"
            "funnels/*.csv       every funnel evaluators defined, counted the same way: the visits "
            "that went through its steps in order, each step's share of the first\r\n\r\n"
            "All CSV files are RFC 4180, UTF-8, with a header row; a cell that begins with =, +, "
            "-, @ or a tab is prefixed with ' so a spreadsheet shows it as text.\r\n\r\n"
            "Measures in daily-counts.csv\r\n----------------------------\r\n");
  for (guint i = 0; measures[i] != NULL; i++)
    g_string_append_printf (text, "%-22s %s\r\n", measures[i],
                            server_daily_count_measure_meaning (measures[i]));
  if (*funnels != '\0')
    g_string_append_printf (text, "\r\nFunnels\r\n-------\r\n%s", funnels);
  return g_string_free_to_bytes (text);
}

static gboolean
add_readme_and_dictionary (Archive                    *archive,
                           ServerStore                *store,
                           const ServerArchiveRequest *request,
                           const char                 *funnels,
                           GError                    **error)
{
  g_autoptr (GBytes) readme = readme_text (store, request, funnels, error);
  g_autoptr (GBytes) dictionary = NULL;

  if (readme == NULL)
    return FALSE;
  document_columns (archive, "data-dictionary.csv", dictionary_docs,
                    G_N_ELEMENTS (dictionary_docs));
  dictionary = g_bytes_new (archive->dictionary->str, archive->dictionary->len);
  return add_bytes (archive, "README.txt", readme, error)
         && add_bytes (archive, "data-dictionary.csv", dictionary, error);
}

static void
archive_clear (Archive *archive)
{
  if (archive->zip != NULL)
    zip_discard (archive->zip);
  g_clear_pointer (&archive->kept, g_ptr_array_unref);
  if (archive->dictionary != NULL)
    g_string_free (archive->dictionary, TRUE);
  if (archive->dir != NULL)
    {
      g_autofree char *events = g_build_filename (archive->dir, "events.csv", NULL);
      g_autofree char *zip = g_build_filename (archive->dir, "archive.zip", NULL);

      g_unlink (events);
      g_unlink (zip);
      g_rmdir (archive->dir);
      g_free (archive->dir);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Archive, archive_clear)

gboolean
server_store_write_archive (ServerStore                *self,
                            const ServerArchiveRequest *request,
                            GOutputStream              *output,
                            GError                    **error)
{
  g_auto (Archive) archive = { NULL };
  g_autofree char *zip_path = NULL;
  g_autoptr (GFile) zip_file = NULL;
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (GString) funnels = g_string_new (NULL);
  int zip_error = 0;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (request != NULL && request->query != NULL, FALSE);

  archive.dir = g_build_filename (server_store_get_directory (self), "export-XXXXXX", NULL);
  if (g_mkdtemp_full (archive.dir, 0700) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "Cannot make a folder for the archive: %s",
                   g_strerror (errno));
      g_clear_pointer (&archive.dir, g_free);
      return FALSE;
    }
  zip_path = g_build_filename (archive.dir, "archive.zip", NULL);
  if ((archive.zip = zip_open (zip_path, ZIP_CREATE | ZIP_TRUNCATE, &zip_error)) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "Cannot write the archive (libzip error %d)",
                   zip_error);
      return FALSE;
    }
  archive.kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  archive.dictionary = g_string_new (NULL);
  archive.name = request->name;
  for (guint i = 0; i < G_N_ELEMENTS (dictionary_columns); i++)
    {
      if (i > 0)
        g_string_append_c (archive.dictionary, ',');
      g_string_append (archive.dictionary, dictionary_columns[i]);
    }
  g_string_append (archive.dictionary, "\r\n");

  if (!add_events (&archive, self, request->query, error)
      || !add_counts (&archive, self, request->query, error)
      || !add_reports (&archive, self, request->query, error)
      || !add_funnels (&archive, self, request->query, funnels, error)
      || !add_readme_and_dictionary (&archive, self, request, funnels->str, error))
    return FALSE;
  if (zip_close (archive.zip) < 0)
    return zip_failed (&archive, error);
  archive.zip = NULL;

  zip_file = g_file_new_for_path (zip_path);
  if ((in = g_file_read (zip_file, NULL, error)) == NULL)
    return FALSE;
  return g_output_stream_splice (output, G_INPUT_STREAM (in), G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                 NULL, error)
             >= 0
         && g_output_stream_flush (output, NULL, error);
}
