/* nv-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nv-error.h"
#include "nv-json.h"
#include "nv-json-private.h"

/* json-glib's parser recurses once per level: refuse deep nesting before it runs out of
 * stack. Real content nests about seven levels. */
#define MAX_DEPTH 64

/* What json-glib does not check for us, found in one pass outside strings and comments
 * (json-glib accepts single-quoted strings and C comments too): the deepest nesting
 * of arrays and objects, and where text follows a closed top-level array or object,
 * which json-glib would silently drop ("{} {}"). Stops early above MAX_DEPTH. */
static void
scan_structure (const char *data, gsize size, guint *out_depth, gssize *out_trailing)
{
  guint    depth = 0, deepest = 0;
  gboolean closed = FALSE;
  char     quote = 0;

  *out_trailing = -1;
  for (gsize i = 0; i < size && deepest <= MAX_DEPTH; i++)
    {
      char c = data[i];

      if (quote != 0)
        {
          if (c == '\\')
            i++;
          else if (c == quote)
            quote = 0;
        }
      else if (c == '/' && i + 1 < size && data[i + 1] == '*')
        {
          const char *end = g_strstr_len (data + i + 2, (gssize) (size - i - 2), "*/");

          if (end == NULL)
            break;
          i = (gsize) (end - data) + 1;
        }
      else if (g_ascii_isspace (c))
        continue;
      else if (closed)
        {
          *out_trailing = (gssize) i;
          break;
        }
      else if (c == '"' || c == '\'')
        quote = c;
      else if (c == '[' || c == '{')
        {
          depth++;
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        closed = --depth == 0;
    }
  *out_depth = deepest;
}

/* "<data>:3:14: Parse error: …" reads better as "line 3, column 14: Parse error: …". */
static char *
describe_parse_error (const char *message)
{
  int line, column, consumed = 0;

  if (g_str_has_prefix (message, "<data>:"))
    message += strlen ("<data>:");
  if (sscanf (message, "%d:%d: %n", &line, &column, &consumed) == 2 && consumed > 0)
    return g_strdup_printf ("line %d, column %d: %s", line, column, message + consumed);
  return g_strdup (message);
}

JsonNode *
nv_json_parse_data (
    const char *data, gsize size, gsize max_size, const char *subject, GError **error)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *end = NULL;
  const char *nul;
  gssize      trailing;
  guint       depth;

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
  scan_structure (data, size, &depth, &trailing);
  if (depth > MAX_DEPTH)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "%s nests arrays and objects deeper than %d levels", subject, MAX_DEPTH);
      return NULL;
    }
  if (trailing >= 0)
    {
      const char *line_start = data;
      guint       line = 1;

      for (const char *p = data; p < data + trailing; p++)
        if (*p == '\n')
          {
            line++;
            line_start = p + 1;
          }
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "%s is not valid JSON: line %u, column %ld: more follows the end of its "
                   "value; one JSON value was expected",
                   subject, line, g_utf8_strlen (line_start, data + trailing - line_start) + 1);
      return NULL;
    }

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
          nv_set_field_error (error, member, "is required");
          return FALSE;
        }
      return TRUE;
    }
  node = json_object_get_member (object, member);
  if (!node_holds (node, G_TYPE_STRING))
    {
      nv_set_field_error (error, member, "must be a string");
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
      nv_set_field_error (error, member, "must be an array of strings");
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

          nv_set_field_error (error, field, "must be a string");
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
      nv_set_field_error (error, member, "must be a whole number");
      return FALSE;
    }
  if (value < min || value > max)
    {
      nv_set_field_error (error, member,
                          "must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, min, max);
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
      nv_set_field_error (error, member, "must be true or false");
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
      nv_set_field_error (error, member, "must be an array");
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

  *out = NULL;
  if (!nv_json_read_string (object, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  /* Without an offset a time is ambiguous: refuse rather than guess a zone. */
  if (strlen (text) < 20 || (*out = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    {
      nv_set_field_error (error, member,
                          "must be a time like 2026-11-22T08:15:00Z (RFC 3339 with an offset)");
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

char *
nv_format_time_utc (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *base = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", base, g_date_time_get_microsecond (utc) / 1000);
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
      nv_set_field_error (error, field, "is required");
      return FALSE;
    }
  length = strlen (id);
  if (length > 64)
    {
      nv_set_field_error (error, field, "is longer than 64 characters");
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      char c = id[i];

      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        {
          nv_set_field_error (error, field,
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
          nv_set_field_error (error, field, "is required");
          return FALSE;
        }
      return TRUE;
    }
  /* Parsed JSON is always UTF-8; a struct filled in C might not be. */
  if (!g_utf8_validate (value, -1, NULL))
    {
      nv_set_field_error (error, field, "is not valid UTF-8");
      return FALSE;
    }
  if (has_control_characters (value, allow_line_breaks))
    {
      nv_set_field_error (error, field,
                          allow_line_breaks ? "contains control characters"
                                            : "must be on one line, without "
                                              "control characters");
      return FALSE;
    }
  if (max_chars > 0 && g_utf8_strlen (value, -1) > (glong) max_chars)
    {
      nv_set_field_error (error, field, "is longer than %u characters", max_chars);
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

gboolean
nv_validate_text (const NvText *text,
                  const char   *field,
                  guint         max_chars,
                  gboolean      finnish_required,
                  GError      **error)
{
  if (finnish_required && (text->text[NV_LANG_FI] == NULL || text->text[NV_LANG_FI][0] == '\0'))
    {
      g_autofree char *sub = g_strdup_printf ("%s.fi", field);

      nv_set_field_error (error, sub, "is required (Finnish is the fallback language)");
      return FALSE;
    }
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s.%s", field, nv_lang_to_code (i));

      if (!nv_validate_plain_string (text->text[i], sub, max_chars, FALSE, error))
        return FALSE;
    }
  return TRUE;
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
      nv_set_field_error (error, field, "must be a real date written YYYY-MM-DD");
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
