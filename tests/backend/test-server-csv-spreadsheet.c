/* test-server-csv-spreadsheet.c — the CSV evaluators download, as a spreadsheet reads it
 *
 * Events whose subject and detail a spreadsheet would take for formulas (=1+1,
 * +SUM(A1), -2+3, @cmd, =HYPERLINK(…)), or that hold a comma, a quote and a line break,
 * or Finnish letters, are stored; the events export and a report table are downloaded
 * over HTTP as an evaluator, and Gnumeric's ssconvert opens each CSV as a spreadsheet
 * user's double click would and saves it as Gnumeric XML, where every cell says whether
 * it is text, a number or a formula. Every row must be there, every value in its cell as
 * the JSON of the same request gives it, the formula-like ones as text; and no cell may
 * be a formula.
 *
 * Gnumeric takes the apostrophe the server puts before such a value as a text marker, as
 * if typed: the cell holds the text =1+1. Times (RFC 3339) become its dates and times.
 *
 * Exits with 77 (skipped) when ssconvert is not installed: build-aux/install-deps installs
 * it (Debian package gnumeric).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "server-api.h"
#include "server-store.h"
#include "server-store-kiosks.h"
#include "server-store-events.h"
#include "server-store-users.h"
#include "nv-test-staff.h"
#include "nv-test-util.h"

#define NOW 1796032800 /* 2026-11-30T10:00:00Z */
#define DAY "from=2026-11-10&to=2026-11-10"
#define EVALUATOR_PASSWORD "evaluator-password"

/* Each stored by SESSIONS_EACH visits, as a guide's id and as a search without results. */
static const char *const tricky_values[] = {
  "=1+1",
  "+SUM(A1)",
  "-2+3",
  "@cmd",
  "=HYPERLINK(\"http://example.com\",\"click\")",
  "kahvi, \"tee\"\nja vesi",
  "äiti öljy Åland",
};

/* Enough for a search to be shown in the reports (the default threshold). */
#define SESSIONS_EACH 5

/* Gnumeric's value types (gnumeric/src/value.h); a formula's cell has none. */
enum
{
  GNM_FORMULA = 0,
  GNM_FLOAT = 40,
  GNM_STRING = 60,
};

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  char        *url;
  char        *kiosk;
  guint        n_events;
} Fixture;

typedef struct
{
  int      type;
  GString *text;
} Cell;

/* A sheet as Gnumeric saved it: "ROW:COL" → Cell, only the cells that hold something. */
typedef struct
{
  GHashTable *cells;
  guint       n_rows;
  Cell       *current; /* while parsing */
} Sheet;

static gint64
fixture_clock_cb (gpointer user_data)
{
  return NOW;
}

static void
cell_free (Cell *cell)
{
  g_string_free (cell->text, TRUE);
  g_free (cell);
}

static void
sheet_free (Sheet *sheet)
{
  g_hash_table_unref (sheet->cells);
  g_free (sheet);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sheet, sheet_free)

static const Cell *
sheet_get (Sheet *sheet, guint row, guint col)
{
  g_autofree char *key = g_strdup_printf ("%u:%u", row, col);

  return g_hash_table_lookup (sheet->cells, key);
}

static void
start_element_cb (GMarkupParseContext *context,
                  const char          *element,
                  const char         **names,
                  const char         **values,
                  gpointer             user_data,
                  GError             **error)
{
  Sheet      *sheet = user_data;
  const char *row = NULL;
  const char *col = NULL;
  Cell       *cell;

  if (!g_str_equal (element, "gnm:Cell"))
    return;
  cell = g_new0 (Cell, 1);
  cell->type = GNM_FORMULA;
  cell->text = g_string_new (NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "Row"))
        row = values[i];
      else if (g_str_equal (names[i], "Col"))
        col = values[i];
      else if (g_str_equal (names[i], "ValueType"))
        cell->type = atoi (values[i]);
    }
  g_assert_nonnull (row);
  g_assert_nonnull (col);
  sheet->n_rows = MAX (sheet->n_rows, (guint) atoi (row) + 1);
  g_hash_table_insert (sheet->cells, g_strdup_printf ("%s:%s", row, col), cell);
  sheet->current = cell;
}

static void
end_element_cb (GMarkupParseContext *context,
                const char          *element,
                gpointer             user_data,
                GError             **error)
{
  ((Sheet *) user_data)->current = NULL;
}

static void
text_cb (GMarkupParseContext *context,
         const char          *text,
         gsize                length,
         gpointer             user_data,
         GError             **error)
{
  Sheet *sheet = user_data;

  if (sheet->current != NULL)
    g_string_append_len (sheet->current->text, text, length);
}

/* Opens @csv with ssconvert as a spreadsheet opens a downloaded .csv, and reads back
 * what it made of every cell. */
static Sheet *
open_in_spreadsheet (Fixture *fixture, GBytes *csv, const char *name)
{
  static const GMarkupParser parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  g_autofree char           *csv_path = g_strdup_printf ("%s/%s.csv", fixture->dir, name);
  g_autofree char           *xml_path = g_strdup_printf ("%s/%s.xml", fixture->dir, name);
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *xml = NULL;
  g_autoptr (Sheet) sheet = g_new0 (Sheet, 1);
  gsize length;

  g_assert_true (
      g_file_set_contents (csv_path, g_bytes_get_data (csv, NULL), g_bytes_get_size (csv), &error));
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* Gnumeric's own warnings are not ours to make fatal. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  process = g_subprocess_launcher_spawn (launcher, &error, "ssconvert",
                                         "--export-type=Gnumeric_XmlIO:sax:0", csv_path, xml_path,
                                         NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("ssconvert failed on %s: %s", csv_path, err);

  g_assert_true (g_file_get_contents (xml_path, &xml, &length, &error));
  sheet->cells
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) cell_free);
  context = g_markup_parse_context_new (&parser, 0, sheet, NULL);
  g_assert_true (g_markup_parse_context_parse (context, xml, length, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&sheet);
}

static const char *
describe_type (int type)
{
  switch (type)
    {
    case GNM_FORMULA:
      return "a formula";
    case GNM_FLOAT:
      return "a number";
    case GNM_STRING:
      return "text";
    default:
      return "something else";
    }
}

/* A spreadsheet's number for @time: days since 1899-12-30, in UTC. */
static double
spreadsheet_day (GDateTime *time)
{
  return g_date_time_to_unix (time) / 86400.0 + g_date_time_get_microsecond (time) / 864e8 + 25569;
}

/* The cell at @row, @col is @value as JSON has it: a string as text, exactly; a number
 * or a boolean as a number; null as an empty cell. A time (RFC 3339) is the spreadsheet's
 * date and time, to the millisecond, which is what a spreadsheet makes of it. */
static void
assert_cell (Sheet *sheet, guint row, guint col, JsonNode *value)
{
  const Cell      *cell = sheet_get (sheet, row, col);
  g_autofree char *expected = NULL;
  g_autoptr (GDateTime) time = NULL;
  int expected_type;

  if (JSON_NODE_HOLDS_NULL (value))
    {
      if (cell != NULL)
        g_error ("row %u column %u: “%s”, not empty", row, col, cell->text->str);
      return;
    }
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_STRING:
      time = g_date_time_new_from_iso8601 (json_node_get_string (value), NULL);
      if (time != NULL)
        {
          double day = spreadsheet_day (time);

          if (cell == NULL || cell->type != GNM_FLOAT
              || fabs (g_ascii_strtod (cell->text->str, NULL) - day) > 0.5 / 864e5)
            g_error ("row %u column %u: “%s”, not the time %s (%.9f)", row, col,
                     cell != NULL ? cell->text->str : "", json_node_get_string (value), day);
          return;
        }
      expected = json_node_dup_string (value);
      expected_type = GNM_STRING;
      break;
    case G_TYPE_INT64:
      expected = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      expected_type = GNM_FLOAT;
      break;
    case G_TYPE_DOUBLE:
      expected = g_strdup_printf ("%g", json_node_get_double (value));
      expected_type = GNM_FLOAT;
      break;
    case G_TYPE_BOOLEAN:
      expected = g_strdup (json_node_get_boolean (value) ? "1" : "0");
      expected_type = GNM_FLOAT;
      break;
    default:
      g_assert_not_reached ();
    }
  if (cell == NULL)
    g_error ("row %u column %u: empty, not “%s”", row, col, expected);
  if (cell->type != expected_type || !g_str_equal (cell->text->str, expected))
    g_error ("row %u column %u: %s “%s”, not %s “%s”", row, col, describe_type (cell->type),
             cell->text->str, describe_type (expected_type), expected);
}

/* What the sheet must hold: @columns as its header, then @rows (JSON arrays, in the
 * columns' order), and not a single formula. */
static void
assert_sheet (Sheet *sheet, const char *const *columns, GPtrArray *rows)
{
  GHashTableIter iter;
  gpointer       key, value;

  g_assert_cmpuint (sheet->n_rows, ==, 1 + rows->len);
  for (guint col = 0; columns[col] != NULL; col++)
    {
      g_autoptr (JsonNode) name = json_node_init_string (json_node_alloc (), columns[col]);

      assert_cell (sheet, 0, col, name);
    }
  for (guint row = 0; row < rows->len; row++)
    {
      JsonArray *values = g_ptr_array_index (rows, row);

      g_assert_cmpuint (json_array_get_length (values), ==, g_strv_length ((char **) columns));
      for (guint col = 0; col < json_array_get_length (values); col++)
        assert_cell (sheet, row + 1, col, json_array_get_element (values, col));
    }
  g_hash_table_iter_init (&iter, sheet->cells);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((Cell *) value)->type == GNM_FORMULA)
      g_error ("cell %s is a formula: %s", (char *) key, ((Cell *) value)->text->str);
}

/* How many text cells hold exactly @text. */
static guint
count_text_cells (Sheet *sheet, const char *text)
{
  GHashTableIter iter;
  gpointer       value;
  guint          n = 0;

  g_hash_table_iter_init (&iter, sheet->cells);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Cell *) value)->type == GNM_STRING && g_str_equal (((Cell *) value)->text->str, text))
      n++;
  return n;
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_event_free);
  g_autoptr (GDateTime) start = g_date_time_new_utc (2026, 11, 10, 10, 0, 0);
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;

  fixture->dir = nv_test_make_tmpdir ();
  fixture->store = server_store_open (fixture->dir, seed, &error);
  g_assert_no_error (error);
  server_store_set_clock (fixture->store, fixture_clock_cb, fixture);
  fixture->http = server_api_new_http (fixture->store, NULL);
  g_assert_nonnull (fixture->http);
  g_assert_true (server_http_listen (fixture->http, address, &error));
  g_assert_no_error (error);
  fixture->url = server_http_get_url (fixture->http);
  g_assert_true (server_store_add_user (fixture->store, "eero", SERVER_ROLE_EVALUATOR,
                                        EVALUATOR_PASSWORD, &error));
  g_assert_true (server_store_add_kiosk (fixture->store, "Kirjasto, aula", "564", &fixture->kiosk,
                                         &token, &error));
  g_assert_no_error (error);

  /* Straight into the store: the kiosk API would refuse most of these values (an id has
   * no "=", a search query no digits), but the export must be safe whatever the
   * database holds. A second apart each, so the rows' order is the order made. */
  for (guint i = 0; i < G_N_ELEMENTS (tricky_values); i++)
    for (guint s = 0; s < SESSIONS_EACH; s++)
      {
        g_autofree char *session = g_uuid_string_random ();
        NvEvent         *view = nv_event_new (NV_EVENT_GUIDE_VIEW, session);
        NvEvent         *search = nv_event_new (NV_EVENT_SEARCH, session);

        view->subject = g_strdup (tricky_values[i]);
        search->detail = g_strdup (tricky_values[i]);
        search->value = 0;
        g_date_time_unref (view->time);
        view->time = g_date_time_add_seconds (start, events->len);
        g_ptr_array_add (events, view);
        g_date_time_unref (search->time);
        search->time = g_date_time_add_seconds (start, events->len);
        g_ptr_array_add (events, search);
      }
  g_assert_true (server_store_insert_events (fixture->store, fixture->kiosk, events, NULL, &error));
  g_assert_no_error (error);
  fixture->n_events = events->len;
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (fixture->http);
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
  g_free (fixture->kiosk);
}

/* GET @path as @staff: a CSV body, after checking it is one. */
static GBytes *
get_csv (NvTestStaff *staff, const char *path)
{
  g_autoptr (SoupMessageHeaders) headers = NULL;
  GBytes *body = NULL;

  g_assert_cmpuint (nv_test_staff_send (staff, "GET", path, NULL, &body, &headers), ==,
                    SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Type"), ==,
                   "text/csv; charset=utf-8");
  return body;
}

/* Each tricky value is text, as it was stored, in @expected cells. */
static void
assert_tricky_values_kept (Sheet *sheet, guint expected)
{
  for (guint i = 0; i < G_N_ELEMENTS (tricky_values); i++)
    g_assert_cmpuint (count_text_cells (sheet, tricky_values[i]), ==, expected);
}

/* The text of a cell, "" when empty. */
static const char *
sheet_text (Sheet *sheet, guint row, guint col)
{
  const Cell *cell = sheet_get (sheet, row, col);

  return cell != NULL ? cell->text->str : "";
}

static const char *
json_text (JsonArray *values, guint col)
{
  JsonNode *node = json_array_get_element (values, col);

  return JSON_NODE_HOLDS_NULL (node) ? "" : json_node_get_string (node);
}

/* Each export names visits with pseudonyms of its own and orders them by those within an
 * hour: @rows (from another export) are put in the sheet's order, each visit matched to
 * one of the sheet's with the same events, and given the sheet's pseudonym. */
#define VISIT_COL 1
static void
in_sheet_order (Sheet *sheet, GPtrArray *rows)
{
  static const guint keys[] = { 0, 4, 5, 10 }; /* kiosk, type, subject, detail */
  g_autoptr (GHashTable) visit_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) ordered = g_ptr_array_new ();
  g_autofree gboolean *used = g_new0 (gboolean, rows->len);

  g_assert_cmpuint (sheet->n_rows, ==, 1 + rows->len);
  for (guint r = 1; r < sheet->n_rows; r++)
    {
      const char *sheet_visit = sheet_text (sheet, r, VISIT_COL);
      guint       found = rows->len;

      for (guint i = 0; i < rows->len && found == rows->len; i++)
        {
          JsonArray  *values = g_ptr_array_index (rows, i);
          const char *visit = json_text (values, VISIT_COL);
          const char *mapped = g_hash_table_lookup (visit_of, visit);
          gboolean    same = !used[i];

          for (guint k = 0; same && k < G_N_ELEMENTS (keys); k++)
            same = g_str_equal (json_text (values, keys[k]), sheet_text (sheet, r, keys[k]));
          if (same
              && (mapped != NULL ? g_str_equal (mapped, sheet_visit)
                                 : !g_hash_table_contains (taken, sheet_visit)))
            found = i;
        }
      g_assert_cmpuint (found, <, rows->len);
      used[found] = TRUE;
      if (!g_hash_table_contains (visit_of, json_text (rows->pdata[found], VISIT_COL)))
        {
          g_hash_table_insert (visit_of, g_strdup (json_text (rows->pdata[found], VISIT_COL)),
                               g_strdup (sheet_visit));
          g_hash_table_add (taken, (gpointer) sheet_visit);
        }
      /* Never the other export's pseudonym. */
      g_assert_cmpstr (json_text (rows->pdata[found], VISIT_COL), !=, sheet_visit);
      json_array_remove_element (rows->pdata[found], VISIT_COL);
      json_array_add_string_element (rows->pdata[found], sheet_visit);
      g_ptr_array_add (ordered, rows->pdata[found]);
    }
  /* The visit back in its column. */
  for (guint i = 0; i < ordered->len; i++)
    {
      JsonArray *values = ordered->pdata[i];
      guint      last = json_array_get_length (values) - 1;
      JsonArray *moved = json_array_new ();

      for (guint col = 0; col < last; col++)
        {
          if (col == VISIT_COL)
            json_array_add_element (moved, json_node_copy (json_array_get_element (values, last)));
          json_array_add_element (moved, json_node_copy (json_array_get_element (values, col)));
        }
      ordered->pdata[i] = moved;
    }
  for (guint i = 0; i < rows->len; i++)
    json_array_unref (rows->pdata[i]);
  for (guint i = 0; i < ordered->len; i++)
    rows->pdata[i] = ordered->pdata[i];
}

static void
test_events_export (Fixture *fixture, gconstpointer data)
{
  /* docs/events.md, "Export columns" */
  static const char *const columns[] = {
    "kiosk",   "visit",         "visit_hour", "seconds_into_visit", "type",
    "subject", "language",      "text_size",  "high_contrast",      "value",
    "detail",  "guide_version", NULL,
  };
  g_autoptr (NvTestStaff) evaluator
      = nv_test_staff_login (fixture->url, "eero", EVALUATOR_PASSWORD);
  g_autoptr (GBytes) csv = get_csv (evaluator, "/api/v1/staff/events/export?format=csv&" DAY);
  g_autoptr (GBytes) ndjson = NULL;
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  g_autoptr (Sheet) sheet = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *text = NULL;

  /* The same events through the other writer, which a JSON parser reads for sure. */
  g_assert_cmpuint (nv_test_staff_send (evaluator, "GET",
                                        "/api/v1/staff/events/export?format=ndjson&" DAY, NULL,
                                        &ndjson, NULL),
                    ==, SOUP_STATUS_OK);
  text = g_strndup (g_bytes_get_data (ndjson, NULL), g_bytes_get_size (ndjson));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = json_from_string (lines[i], &error);
      JsonArray *values = json_array_new ();

      g_assert_no_error (error);
      for (guint col = 0; columns[col] != NULL; col++)
        json_array_add_element (values, json_node_copy (json_object_get_member (
                                            json_node_get_object (node), columns[col])));
      g_ptr_array_add (rows, values);
    }
  g_assert_cmpuint (rows->len, ==, fixture->n_events);

  sheet = open_in_spreadsheet (fixture, csv, "events");
  in_sheet_order (sheet, rows);
  assert_sheet (sheet, columns, rows);
  /* A subject and a detail in each visit. */
  assert_tricky_values_kept (sheet, 2 * SESSIONS_EACH);
}

static void
test_report_table (Fixture *fixture, gconstpointer data)
{
  static const char *const columns[] = { "query", "searches", NULL };
  g_autoptr (NvTestStaff) evaluator
      = nv_test_staff_login (fixture->url, "eero", EVALUATOR_PASSWORD);
  g_autoptr (GBytes) csv = get_csv (evaluator, "/api/v1/staff/reports/demand?format=csv"
                                               "&table=empty_searches&" DAY);
  g_autoptr (JsonNode) report = nv_test_staff_call (evaluator, "GET",
                                                    "/api/v1/staff/reports/demand"
                                                    "?table=empty_searches&" DAY,
                                                    NULL, SOUP_STATUS_OK);
  JsonObject *table = json_array_get_object_element (
      json_object_get_array_member (json_node_get_object (report), "tables"), 0);
  JsonArray *json_rows = json_object_get_array_member (table, "rows");
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autoptr (Sheet) sheet = NULL;

  g_assert_cmpuint (json_array_get_length (json_rows), ==, G_N_ELEMENTS (tricky_values));
  for (guint i = 0; i < json_array_get_length (json_rows); i++)
    g_ptr_array_add (rows, json_array_get_array_element (json_rows, i));

  sheet = open_in_spreadsheet (fixture, csv, "empty-searches");
  assert_sheet (sheet, columns, rows);
  assert_tricky_values_kept (sheet, 1);
}

int
main (int argc, char **argv)
{
  g_autofree char *ssconvert = g_find_program_in_path ("ssconvert");

  g_test_init (&argc, &argv, NULL);
  if (ssconvert == NULL)
    {
      g_printerr ("ssconvert is not installed (Debian: gnumeric; build-aux/install-deps)\n");
      return 77;
    }

  g_test_add ("/server-csv-spreadsheet/events-export", Fixture, NULL, fixture_setup,
              test_events_export, fixture_teardown);
  g_test_add ("/server-csv-spreadsheet/report-table", Fixture, NULL, fixture_setup,
              test_report_table, fixture_teardown);

  return g_test_run ();
}
