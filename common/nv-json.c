/* nv-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "nv-error.h"
#include "nv-json.h"
#include "nv-json-private.h"

/* json-glib's parser recurses once per level: refuse deep nesting before it runs out of
 * stack. Real content nests about seven levels. */
#define MAX_DEPTH 64

/* json-glib is lenient where untrusted input must not be: it accepts C comments,
 * single-quoted strings and hex numbers ("0x10" becomes 16), cuts a string at a \u0000
 * escape (so "Aino\u0000<script>" would be stored as "Aino" and checks would never see
 * the rest), and keeps the first of two top-level values. So every text is first read
 * by yajl, a strict RFC 8259 parser that builds nothing, and only then by json-glib. */
typedef struct
{
  guint       depth;
  const char *refusal; /* why a callback stopped the parse, or NULL */
} StrictCheck;

static int
strict_scalar_cb (void *user_data)
{
  return 1;
}

static int
strict_bool_cb (void *user_data, int value)
{
  return 1;
}

static int
strict_number_cb (void *user_data, const char *text, size_t length)
{
  return 1;
}

static int
strict_string_cb (void *user_data, const unsigned char *text, size_t length)
{
  StrictCheck *check = user_data;

  if (memchr (text, '\0', length) == NULL)
    return 1;
  check->refusal = "a string holds the character U+0000 (\\u0000), which is not accepted";
  return 0;
}

static int
strict_open_cb (void *user_data)
{
  StrictCheck *check = user_data;

  if (++check->depth <= MAX_DEPTH)
    return 1;
  check->refusal = "nests";
  return 0;
}

static int
strict_close_cb (void *user_data)
{
  StrictCheck *check = user_data;

  check->depth--;
  return 1;
}

static const yajl_callbacks strict_callbacks = {
  .yajl_null = strict_scalar_cb,
  .yajl_boolean = strict_bool_cb,
  .yajl_number = strict_number_cb,
  .yajl_string = strict_string_cb,
  .yajl_start_map = strict_open_cb,
  .yajl_map_key = strict_string_cb,
  .yajl_end_map = strict_close_cb,
  .yajl_start_array = strict_open_cb,
  .yajl_end_array = strict_close_cb,
};

/* "line 3, column 14" for the character at @offset, counted as a person reads. */
static char *
describe_position (const char *data, gsize offset)
{
  const char *line_start = data;
  guint       line = 1;

  for (const char *p = data; p < data + offset; p++)
    if (*p == '\n')
      {
        line++;
        line_start = p + 1;
      }
  return g_strdup_printf ("line %u, column %ld", line,
                          g_utf8_strlen (line_start, data + offset - line_start) + 1);
}

/* yajl's own words, without its "parse error: " and trailing new line. */
static char *
describe_yajl_error (yajl_handle handle, const char *data, gsize size)
{
  unsigned char *text = yajl_get_error (handle, 0, (const unsigned char *) data, size);
  const char    *reason = (const char *) text;
  char          *described;

  if (g_str_has_prefix (reason, "parse error: "))
    reason += strlen ("parse error: ");
  described = g_strstrip (g_strdup (reason));
  yajl_free_error (handle, text);
  return described;
}

/* A \uD800 to \uDFFF escape that is not half of a pair is no character: json-glib turns
 * one in a member name into bytes that are not UTF-8 (which an error message then echoes)
 * and yajl turns it into "?", so neither reading can be checked. Called on text yajl has
 * accepted, where a backslash always starts an escape inside a string. Returns the offset
 * of the first unpaired half, or -1. */
static gssize
find_lone_surrogate (const char *data, gsize size)
{
  gssize high = -1; /* where the escape just before, a high surrogate, began */
  gsize  i = 0;

  while (i < size)
    {
      guint unit = 0;

      if (data[i] != '\\' || data[i + 1] != 'u')
        {
          if (high >= 0)
            return high;
          i += data[i] == '\\' ? 2 : 1;
          continue;
        }
      for (guint k = 2; k < 6; k++)
        unit = unit * 16 + g_ascii_xdigit_value (data[i + k]);
      if (unit >= 0xDC00 && unit <= 0xDFFF)
        {
          if (high < 0)
            return i;
          high = -1;
        }
      else if (high >= 0)
        return high;
      else if (unit >= 0xD800 && unit <= 0xDBFF)
        high = i;
      i += 6;
    }
  return high;
}

static gboolean
check_strict (const char *data, gsize size, const char *subject, GError **error)
{
  StrictCheck      check = { 0 };
  yajl_handle      handle = yajl_alloc (&strict_callbacks, NULL, &check);
  yajl_status      status;
  gsize            offset;
  g_autofree char *position = NULL;
  g_autofree char *reason = NULL;

  status = yajl_parse (handle, (const unsigned char *) data, size);
  if (status == yajl_status_ok)
    status = yajl_complete_parse (handle);
  if (status == yajl_status_ok)
    {
      gssize lone;

      yajl_free (handle);
      if ((lone = find_lone_surrogate (data, size)) < 0)
        return TRUE;
      position = describe_position (data, lone);
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "%s is not valid JSON: %s: a string holds half of a UTF-16 surrogate pair "
                   "(\\uD800 to \\uDFFF) without its other half",
                   subject, position);
      return FALSE;
    }

  offset = MIN (yajl_get_bytes_consumed (handle), size);
  if (status == yajl_status_client_canceled && g_str_equal (check.refusal, "nests"))
    {
      yajl_free (handle);
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "%s nests arrays and objects deeper than %d levels", subject, MAX_DEPTH);
      return FALSE;
    }
  if (status == yajl_status_client_canceled)
    reason = g_strdup (check.refusal);
  else
    reason = describe_yajl_error (handle, data, size);
  yajl_free (handle);

  if (g_str_has_prefix (reason, "trailing garbage"))
    {
      /* Point at what follows, not at where yajl stopped reading it. */
      while (offset > 0 && !g_ascii_isspace (data[offset - 1]))
        offset--;
      g_free (reason);
      reason = g_strdup ("more follows the end of its value; one JSON value was expected");
    }
  else if (offset > 0 && status != yajl_status_client_canceled)
    offset--;
  position = describe_position (data, offset);
  g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s is not valid JSON: %s: %s", subject, position,
               reason);
  return FALSE;
}

/* "<data>:3:14: Parse error: …" reads better as "line 3, column 14: Parse error: …".
 * json-glib quotes the text it stumbled on cut to a number of bytes, which may split a
 * character: the sentence is made valid UTF-8, as every error body must be. */
static char *
describe_parse_error (const char *raw)
{
  g_autofree char *message = g_utf8_make_valid (raw, -1);
  const char      *rest = message;
  int              line, column, consumed = 0;

  if (g_str_has_prefix (rest, "<data>:"))
    rest += strlen ("<data>:");
  if (sscanf (rest, "%d:%d: %n", &line, &column, &consumed) == 2 && consumed > 0)
    return g_strdup_printf ("line %d, column %d: %s", line, column, rest + consumed);
  return g_strdup (rest);
}

JsonNode *
nv_json_parse_data (
    const char *data, gsize size, gsize max_size, const char *subject, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *end = NULL;
  const char *nul;
  gsize       blank;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (subject != NULL, NULL);

  if (max_size > 0 && size > max_size)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                   "%s is %" G_GSIZE_FORMAT " bytes; at most %" G_GSIZE_FORMAT
                   " bytes are accepted",
                   subject, size, max_size);
      return NULL;
    }
  if (size == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s is empty; JSON was expected", subject);
      return NULL;
    }
  if ((nul = memchr (data, '\0', size)) != NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "%s contains a NUL byte (at byte %" G_GSIZE_FORMAT "); JSON text was expected",
                   subject, (gsize) (nul - data));
      return NULL;
    }
  if (!g_utf8_validate_len (data, size, &end))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "%s is not valid UTF-8 (at byte %" G_GSIZE_FORMAT "); JSON must be UTF-8",
                   subject, (gsize) (end - data));
      return NULL;
    }
  /* @data is not NUL-terminated: strspn() would read on past its end. */
  for (blank = 0; blank < size && strchr (" \t\r\n", data[blank]) != NULL; blank++)
    ;
  if (blank == size)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s holds only white space; JSON was expected",
                   subject);
      return NULL;
    }
  if (!check_strict (data, size, subject, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      g_autofree char *reason = describe_parse_error (local_error->message);

      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s is not valid JSON: %s", subject, reason);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s holds only white space; JSON was expected",
                   subject);
      return NULL;
    }
  return json_parser_steal_root (parser);
}

JsonNode *
nv_json_parse_bytes (GBytes *bytes, gsize max_size, GError **error)
{
  const char *data;
  gsize       size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  return nv_json_parse_data (data != NULL ? data : "", size, max_size, "The body", error);
}

JsonNode *
nv_json_parse_file_named (const char *path, const char *name, gsize max_size, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize            length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s cannot be read (%s)", name,
                   local_error->message);
      return NULL;
    }
  return nv_json_parse_data (contents, length, max_size, name, error);
}

JsonNode *
nv_json_parse_file (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return nv_json_parse_file_named (path, path, 0, error);
}

char *
nv_json_to_string (JsonNode *node, gboolean pretty)
{
  g_autoptr (JsonGenerator) generator = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

GBytes *
nv_json_to_bytes (JsonNode *node)
{
  gsize length;
  char *data;
  g_autoptr (JsonGenerator) generator = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

/* Typed member readers and shared validators (nv-json-private.h) */

JsonObject *
nv_json_expect_object (JsonNode *node, const char *what, GError **error)
{
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      nv_set_field_error (error, "", "must be a JSON object (%s)", what);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
member_is_absent (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
node_holds (JsonNode *node, GType type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
nv_json_read_string (
    JsonObject *object, const char *member, gboolean required, char **out, GError **error)
{
  JsonNode *node;

  *out = NULL;
  if (member_is_absent (object, member))
    {
      if (required)
        {
          nv_set_field_error_code (error, member, "required", "is required");
          return FALSE;
        }
      return TRUE;
    }
  node = json_object_get_member (object, member);
  if (!node_holds (node, G_TYPE_STRING))
    {
      nv_set_field_error_code (error, member, "wrong-type", "must be a string");
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
nv_json_read_strv (JsonObject *object, const char *member, GStrv *out, GError **error)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  JsonArray *array;
  JsonNode  *node;
  guint      n;

  *out = NULL;
  if (member_is_absent (object, member))
    return TRUE;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      nv_set_field_error_code (error, member, "wrong-type", "must be an array of strings");
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return TRUE;
  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_holds (element, G_TYPE_STRING))
        {
          g_autofree char *field = g_strdup_printf ("%s[%u]", member, i);

          nv_set_field_error_code (error, field, "wrong-type", "must be a string");
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
nv_json_read_int (JsonObject *object,
                  const char *member,
                  gint64      min,
                  gint64      max,
                  gint64      fallback,
                  gint64     *out,
                  GError    **error)
{
  JsonNode *node;
  gint64    value;

  *out = fallback;
  if (member_is_absent (object, member))
    return TRUE;
  node = json_object_get_member (object, member);
  if (node_holds (node, G_TYPE_INT64))
    value = json_node_get_int (node);
  else if (node_holds (node, G_TYPE_DOUBLE) && json_node_get_double (node) >= -9.0e15
           && json_node_get_double (node) <= 9.0e15
           && json_node_get_double (node) == (double) (gint64) json_node_get_double (node))
    value = (gint64) json_node_get_double (node); /* in range: the cast is defined */
  else
    {
      nv_set_field_error_code (error, member, "wrong-type", "must be a whole number");
      return FALSE;
    }
  if (value < min || value > max)
    {
      nv_set_field_error_code (error, member, "out-of-range",
                               "must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, min,
                               max);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

gboolean
nv_json_read_bool (
    JsonObject *object, const char *member, gboolean fallback, gboolean *out, GError **error)
{
  JsonNode *node;

  *out = fallback;
  if (member_is_absent (object, member))
    return TRUE;
  node = json_object_get_member (object, member);
  if (!node_holds (node, G_TYPE_BOOLEAN))
    {
      nv_set_field_error_code (error, member, "wrong-type", "must be true or false");
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
nv_json_read_text (JsonObject *object, const char *member, NvText *out, GError **error)
{
  return nv_text_from_json (out, json_object_get_member (object, member), member, error);
}

gboolean
nv_json_read_array (JsonObject *object, const char *member, JsonArray **out, GError **error)
{
  JsonNode *node;

  *out = NULL;
  if (member_is_absent (object, member))
    return TRUE;
  node = json_object_get_member (object, member);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      nv_set_field_error_code (error, member, "wrong-type", "must be an array");
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
nv_json_read_time (
    JsonObject *object, const char *member, gboolean required, GDateTime **out, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GDateTime) time = NULL;

  *out = NULL;
  if (!nv_json_read_string (object, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  /* Without an offset a time is ambiguous: refuse rather than guess a zone. */
  if (strlen (text) < 20 || (time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    {
      nv_set_field_error_code (
          error, member, "invalid-time",
          "must be a time like 2026-11-22T08:15:00Z (RFC 3339 with an offset)");
      return FALSE;
    }
  if (!nv_validate_time (time, member, error))
    return FALSE;
  *out = g_steal_pointer (&time);
  return TRUE;
}

/* The same range for a time however it came: from JSON, from a command line, or read
 * back from a store, so that what is written is what every reader accepts. */
gboolean
nv_validate_time (GDateTime *time, const char *field, GError **error)
{
  g_autoptr (GDateTime) utc = NULL;
  int year;

  if (time == NULL)
    {
      nv_set_field_error_code (error, field, "required", "is required");
      return FALSE;
    }
  /* As given and in UTC, as it is written: 2000-01-01T00:30+02:00 is 1999 when read back. */
  utc = g_date_time_to_utc (time);
  year = g_date_time_get_year (time);
  if (year >= NV_TIME_FIRST_YEAR && year <= NV_TIME_LAST_YEAR)
    year = g_date_time_get_year (utc);
  if (year < NV_TIME_FIRST_YEAR || year > NV_TIME_LAST_YEAR)
    {
      nv_set_field_error_code (error, field, "time-out-of-range",
                               "must be a time in the years %d to %d, not %d", NV_TIME_FIRST_YEAR,
                               NV_TIME_LAST_YEAR, year);
      return FALSE;
    }
  return TRUE;
}

void
nv_json_write_string (JsonBuilder *builder, const char *member, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

void
nv_json_write_strv (JsonBuilder *builder, const char *member, const char *const *values)
{
  if (values == NULL || values[0] == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

void
nv_json_write_text (JsonBuilder *builder, const char *member, const NvText *text)
{
  if (nv_text_is_empty (text))
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, nv_text_to_json (text));
}

/* The one way a time is written, on the wire and in both stores: fixed width (a year is
 * always four digits, where %Y would write the year 49 as "49"), so that text order is
 * time order wherever SQL compares it. */
char *
nv_format_time_utc (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", g_date_time_get_year (utc),
                          g_date_time_get_month (utc), g_date_time_get_day_of_month (utc),
                          g_date_time_get_hour (utc), g_date_time_get_minute (utc),
                          g_date_time_get_second (utc), g_date_time_get_microsecond (utc) / 1000);
}

/* A date as @time's own zone has it, as nv_validate_date() reads it: YYYY-MM-DD with a
 * four-digit year, so that text order is date order. */
char *
nv_format_date (GDateTime *time)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (time),
                          g_date_time_get_month (time), g_date_time_get_day_of_month (time));
}

void
nv_json_write_time (JsonBuilder *builder, const char *member, GDateTime *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  text = nv_format_time_utc (time);
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

gboolean
nv_validate_id (const char *id, const char *field, GError **error)
{
  gsize length;

  if (id == NULL || id[0] == '\0')
    {
      nv_set_field_error_code (error, field, "required", "is required");
      return FALSE;
    }
  length = strlen (id);
  if (length > 64)
    {
      nv_set_field_error_code (error, field, "too-long", "is longer than 64 characters");
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      char c = id[i];

      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        {
          nv_set_field_error_code (error, field, "invalid-id",
                                   "may only have lower-case letters a–z, digits and hyphens");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
has_control_characters (const char *text, gboolean allow_line_breaks)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (allow_line_breaks && (c == '\n' || c == '\t'))
        continue;
      /* Cc, and the line and paragraph separators that would break a line too. */
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }
  return FALSE;
}

static gboolean
validate_string (const char *value,
                 const char *field,
                 guint       max_chars,
                 gboolean    required,
                 gboolean    allow_line_breaks,
                 GError    **error)
{
  if (value == NULL || value[0] == '\0')
    {
      if (required)
        {
          nv_set_field_error_code (error, field, "required", "is required");
          return FALSE;
        }
      return TRUE;
    }
  /* Parsed JSON is always UTF-8; a struct filled in C might not be. */
  if (!g_utf8_validate (value, -1, NULL))
    {
      nv_set_field_error_code (error, field, "invalid-utf8", "is not valid UTF-8");
      return FALSE;
    }
  if (has_control_characters (value, allow_line_breaks))
    {
      nv_set_field_error_code (error, field, "control-characters",
                               allow_line_breaks ? "contains control characters"
                                                 : "must be on one line, without "
                                                   "control characters");
      return FALSE;
    }
  if (max_chars > 0 && g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      nv_set_field_error_code (error, field, "too-long", "is longer than %u characters", max_chars);
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_validate_plain_string (
    const char *value, const char *field, guint max_chars, gboolean required, GError **error)
{
  return validate_string (value, field, max_chars, required, TRUE, error);
}

gboolean
nv_validate_line (
    const char *value, const char *field, guint max_chars, gboolean required, GError **error)
{
  return validate_string (value, field, max_chars, required, FALSE, error);
}

static gboolean
validate_text (const NvText *text,
               const char   *field,
               guint         max_chars,
               gboolean      finnish_required,
               gboolean      allow_line_breaks,
               GError      **error)
{
  if (finnish_required && (text->text[NV_LANG_FI] == NULL || text->text[NV_LANG_FI][0] == '\0'))
    {
      g_autofree char *sub = g_strdup_printf ("%s.fi", field);

      nv_set_field_error_code (error, sub, "required",
                               "is required (Finnish is the fallback language)");
      return FALSE;
    }
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s.%s", field, nv_lang_to_code (i));

      if (!validate_string (text->text[i], sub, max_chars, FALSE, allow_line_breaks, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
nv_validate_text (const NvText *text,
                  const char   *field,
                  guint         max_chars,
                  gboolean      finnish_required,
                  GError      **error)
{
  return validate_text (text, field, max_chars, finnish_required, TRUE, error);
}

gboolean
nv_validate_text_line (const NvText *text,
                       const char   *field,
                       guint         max_chars,
                       gboolean      finnish_required,
                       GError      **error)
{
  return validate_text (text, field, max_chars, finnish_required, FALSE, error);
}

gboolean
nv_validate_date (const char *date, const char *field, GError **error)
{
  static const char pattern[] = "dddd-dd-dd";
  gboolean          ok = date != NULL && strlen (date) == strlen (pattern);

  for (guint i = 0; ok && pattern[i] != '\0'; i++)
    ok = pattern[i] == 'd' ? g_ascii_isdigit (date[i]) : date[i] == pattern[i];
  /* A real date: GDate knows the month lengths and leap years. */
  if (ok)
    ok = g_date_valid_dmy ((GDateDay) g_ascii_strtoull (date + 8, NULL, 10),
                           (GDateMonth) g_ascii_strtoull (date + 5, NULL, 10),
                           (GDateYear) g_ascii_strtoull (date, NULL, 10));
  if (!ok)
    {
      nv_set_field_error_code (error, field, "invalid-date",
                               "must be a real date written YYYY-MM-DD");
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_strv_equal0 (const char *const *a, const char *const *b)
{
  if (a == NULL || a[0] == NULL)
    return b == NULL || b[0] == NULL;
  if (b == NULL)
    return FALSE;
  return g_strv_equal (a, b);
}
