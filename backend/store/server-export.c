/* server-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-export.h"

#define FLUSH_AT (64 * 1024)
#define MAX_KIOSKS_IN_NAME 3

struct _ServerExportWriter
{
  GOutputStream     *output;
  ServerExportFormat format;
  const char *const *columns;
  guint              n_columns;
  GString           *buffer;
  gboolean           header_written;
};

void
server_csv_append_cell (GString *line, const char *value)
{
  gboolean formula;
  gboolean quote;

  if (value == NULL)
    return;
  formula = value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@'
            || value[0] == '\t' || value[0] == '\r';
  quote = formula || strpbrk (value, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (line, '"');
  if (formula)
    g_string_append_c (line, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  if (quote)
    g_string_append_c (line, '"');
}

ServerExportWriter *
server_export_writer_new (GOutputStream     *output,
                          ServerExportFormat format,
                          const char *const *columns,
                          guint              n_columns)
{
  ServerExportWriter *writer = g_new0 (ServerExportWriter, 1);

  writer->output = g_object_ref (output);
  writer->format = format;
  writer->columns = columns;
  writer->n_columns = n_columns;
  writer->buffer = g_string_sized_new (FLUSH_AT + 4096);
  return writer;
}

static gboolean
flush (ServerExportWriter *writer, GError **error)
{
  gboolean ok = g_output_stream_write_all (writer->output, writer->buffer->str, writer->buffer->len,
                                           NULL, NULL, error);

  g_string_truncate (writer->buffer, 0);
  return ok;
}

static gboolean
is_number_column (const char *column)
{
  return g_str_equal (column, "text_size") || g_str_equal (column, "value")
         || g_str_equal (column, "seconds_into_visit") || g_str_equal (column, "guide_version");
}

/* A JSON string (RFC 8259): the value is valid UTF-8 (validated on the way in), so only
 * the quote, the backslash and control characters need escaping. Written by hand: a
 * JsonNode and a JsonGenerator per cell made the NDJSON export eight times slower than
 * the CSV one. */
static void
append_json_string (GString *buffer, const char *value)
{
  g_string_append_c (buffer, '"');
  for (const guchar *p = (const guchar *) value; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        {
          g_string_append_c (buffer, '\\');
          g_string_append_c (buffer, (char) *p);
        }
      else if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf (buffer, "\\u%04x", *p);
      else
        g_string_append_c (buffer, (char) *p);
    }
  g_string_append_c (buffer, '"');
}

static void
write_csv_header (ServerExportWriter *writer)
{
  for (guint i = 0; i < writer->n_columns; i++)
    {
      if (i > 0)
        g_string_append_c (writer->buffer, ',');
      server_csv_append_cell (writer->buffer, writer->columns[i]);
    }
  g_string_append (writer->buffer, "\r\n");
  writer->header_written = TRUE;
}

gboolean
server_export_writer_row (ServerExportWriter *writer, const char *const *values, GError **error)
{
  if (writer->format == SERVER_EXPORT_CSV)
    {
      if (!writer->header_written)
        write_csv_header (writer);
      for (guint i = 0; i < writer->n_columns; i++)
        {
          if (i > 0)
            g_string_append_c (writer->buffer, ',');
          server_csv_append_cell (writer->buffer, values[i]);
        }
      g_string_append (writer->buffer, "\r\n");
    }
  else
    {
      g_string_append_c (writer->buffer, '{');
      for (guint i = 0; i < writer->n_columns; i++)
        {
          if (i > 0)
            g_string_append_c (writer->buffer, ',');
          append_json_string (writer->buffer, writer->columns[i]);
          g_string_append_c (writer->buffer, ':');
          if (values[i] == NULL)
            g_string_append (writer->buffer, "null");
          else if (g_str_equal (writer->columns[i], "high_contrast"))
            g_string_append (writer->buffer, g_str_equal (values[i], "1") ? "true" : "false");
          else if (is_number_column (writer->columns[i]))
            g_string_append (writer->buffer, values[i]);
          else
            append_json_string (writer->buffer, values[i]);
        }
      g_string_append (writer->buffer, "}\n");
    }
  if (writer->buffer->len >= FLUSH_AT)
    return flush (writer, error);
  return TRUE;
}

gboolean
server_export_writer_close (ServerExportWriter *writer, GError **error)
{
  /* An empty export still names its columns. */
  if (writer->format == SERVER_EXPORT_CSV && !writer->header_written)
    write_csv_header (writer);
  return flush (writer, error) && g_output_stream_flush (writer->output, NULL, error);
}

void
server_export_writer_free (ServerExportWriter *writer)
{
  if (writer == NULL)
    return;
  g_object_unref (writer->output);
  g_string_free (writer->buffer, TRUE);
  g_free (writer);
}

static gboolean
is_whole_month (const char *from_day, const char *to_day)
{
  GDate from, to, after;

  if (!g_str_has_suffix (from_day, "-01") || strncmp (from_day, to_day, 8) != 0)
    return FALSE;
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_parse (&from, from_day);
  g_date_set_parse (&to, to_day);
  if (!g_date_valid (&from) || !g_date_valid (&to))
    return FALSE;
  after = to;
  g_date_add_days (&after, 1);
  return g_date_get_day (&after) == 1;
}

/* Kiosk ids are the server's own ("kiosk-95b2d9d9"); anything else is dropped so the name
 * stays a plain file name whatever an id holds. */
static void
append_name_part (GString *name, const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '-')
      g_string_append_c (name, g_ascii_tolower (*p));
}

char *
server_export_name (const char *from_day, const char *to_day, const char *const *kiosks)
{
  GString *name = g_string_new (NULL);
  guint    n_kiosks = kiosks != NULL ? g_strv_length ((char **) kiosks) : 0;

  if (is_whole_month (from_day, to_day))
    g_string_append_len (name, from_day, 7);
  else
    g_string_append_printf (name, "%s-%s", from_day, to_day);
  if (n_kiosks > MAX_KIOSKS_IN_NAME)
    g_string_append_printf (name, "-%u-kiosks", n_kiosks);
  else
    for (guint i = 0; i < n_kiosks; i++)
      {
        g_string_append (name, g_str_has_prefix (kiosks[i], "kiosk-") ? "-" : "-kiosk-");
        append_name_part (name, kiosks[i]);
      }
  return g_string_free (name, FALSE);
}
