/* test-server-export.c — CSV and NDJSON as evaluators receive them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "server-export.h"
#include "nv-test-util.h"

static void
test_csv_cells (void)
{
  static const char *cases[][2] = {
    { "plain", "plain" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    /* What a spreadsheet would run is shown as text instead. */
    { "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"" },
    { "+1", "\"'+1\"" },
    { "-1", "\"'-1\"" },
    { "@SUM(A1)", "\"'@SUM(A1)\"" },
    { "\tx", "\"'\tx\"" },
    { "\rx", "\"'\rx\"" },
    { "hyvä ääni", "hyvä ääni" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GString) line = g_string_new (NULL);

      server_csv_append_cell (line, cases[i][0]);
      g_assert_cmpstr (line->str, ==, cases[i][1]);
    }
}

static char *
write_rows (ServerExportFormat format, guint n_rows)
{
  static const char *columns[] = { "id", "text_size", "high_contrast", "detail" };
  static const char *row[] = { "e1", "2", "1", "=cmd" };
  static const char *null_row[] = { "e2", "0", "0", NULL };
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr (ServerExportWriter) writer = server_export_writer_new (out, format, columns, 4);
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n_rows; i++)
    g_assert_true (server_export_writer_row (writer, i % 2 ? null_row : row, &error));
  g_assert_true (server_export_writer_close (writer, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_csv_rows (void)
{
  g_autofree char *csv = write_rows (SERVER_EXPORT_CSV, 2);
  g_autofree char *empty = write_rows (SERVER_EXPORT_CSV, 0);

  g_assert_cmpstr (csv, ==, "id,text_size,high_contrast,detail\r\ne1,2,1,\"'=cmd\"\r\ne2,0,0,\r\n");
  g_assert_cmpstr (empty, ==, "id,text_size,high_contrast,detail\r\n");
}

static void
test_ndjson_rows (void)
{
  g_autofree char *ndjson = write_rows (SERVER_EXPORT_NDJSON, 2);

  g_assert_cmpstr (ndjson, ==,
                   "{\"id\":\"e1\",\"text_size\":2,\"high_contrast\":true,\"detail\":\"=cmd\"}\n"
                   "{\"id\":\"e2\",\"text_size\":0,\"high_contrast\":false,\"detail\":null}\n");
}

/* Every string survives a JSON parser unchanged, whatever characters it holds. */
static void
test_ndjson_strings (void)
{
  static const char *columns[] = { "detail" };
  static const char *values[] = { "say \"hi\"",     "back\\slash",  "two\nlines", "tab\tand\rcr",
                                  "bell\a\x1f\x7f", "hyvä ääni åå", "</script>",  "" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
      g_autoptr (ServerExportWriter) writer
          = server_export_writer_new (out, SERVER_EXPORT_NDJSON, columns, 1);
      const char *row[] = { values[i] };
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = NULL;
      g_autofree char *line = NULL;

      g_assert_true (server_export_writer_row (writer, row, &error));
      g_assert_true (server_export_writer_close (writer, &error));
      g_output_stream_write_all (out, "", 1, NULL, NULL, NULL);
      g_output_stream_close (out, NULL, NULL);
      line = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
      /* One line each: no raw line break inside. */
      g_assert_cmpint (strchr (line, '\n') - line, ==, strlen (line) - 1);
      node = json_from_string (line, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "detail"), ==,
                       values[i]);
    }
}

static void
test_many_rows_flush (void)
{
  g_autofree char *csv = write_rows (SERVER_EXPORT_CSV, 20000);
  guint            lines = 0;

  for (const char *p = csv; *p != '\0'; p++)
    if (*p == '\n')
      lines++;
  g_assert_cmpuint (lines, ==, 20001);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-export/csv-cells", test_csv_cells);
  g_test_add_func ("/server-export/csv-rows", test_csv_rows);
  g_test_add_func ("/server-export/ndjson-rows", test_ndjson_rows);
  g_test_add_func ("/server-export/ndjson-strings", test_ndjson_strings);
  g_test_add_func ("/server-export/many-rows-flush", test_many_rows_flush);

  return g_test_run ();
}
