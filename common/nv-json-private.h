/* nv-json-private.h — typed readers and writers of JSON members, and the small
 * validators every model type shares. Field names in errors are the member names;
 * callers prefix the path with nv_error_prefix_field().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "nv-text.h"

G_BEGIN_DECLS

/* Parsing with @subject ("The body", "guides/omaolo.json") opening every error sentence. */
JsonNode *nv_json_parse_data (
    const char *data, gsize size, gsize max_size, const char *subject, GError **error);
/* Reads and parses @path; errors name the file as @name. */
JsonNode *
nv_json_parse_file_named (const char *path, const char *name, gsize max_size, GError **error);

/* The node must be an object; @what names it in the error ("a guide"). */
JsonObject *nv_json_expect_object (JsonNode *node, const char *what, GError **error);

/* Absent and null read as NULL (an error "is required" when @required). */
gboolean nv_json_read_string (
    JsonObject *object, const char *member, gboolean required, char **out, GError **error);
gboolean nv_json_read_strv (JsonObject *object, const char *member, GStrv *out, GError **error);
gboolean nv_json_read_int (JsonObject *object,
                           const char *member,
                           gint64      min,
                           gint64      max,
                           gint64      fallback,
                           gint64     *out,
                           GError    **error);
gboolean nv_json_read_bool (
    JsonObject *object, const char *member, gboolean fallback, gboolean *out, GError **error);
gboolean nv_json_read_text (JsonObject *object, const char *member, NvText *out, GError **error);
/* An absent or null member gives *out = NULL. */
gboolean
nv_json_read_array (JsonObject *object, const char *member, JsonArray **out, GError **error);
/* The years a time read from JSON may fall in: anything else is a typing error
 * (an advisor's "49" for 2049) that must not reach a store or a kiosk. */
#define NV_TIME_FIRST_YEAR 2000
#define NV_TIME_LAST_YEAR 2100

/* RFC 3339 with an offset, in the years above; written back in UTC with milliseconds. */
gboolean nv_json_read_time (
    JsonObject *object, const char *member, gboolean required, GDateTime **out, GError **error);
/* A time in the years above (in UTC); NULL is "is required". */
gboolean nv_validate_time (GDateTime *time, const char *field, GError **error);

/* Writers leave out what is not set: NULL strings, empty arrays, empty texts. */
void  nv_json_write_string (JsonBuilder *builder, const char *member, const char *value);
void  nv_json_write_strv (JsonBuilder *builder, const char *member, const char *const *values);
void  nv_json_write_text (JsonBuilder *builder, const char *member, const NvText *text);
void  nv_json_write_time (JsonBuilder *builder, const char *member, GDateTime *time);
char *nv_format_time_utc (GDateTime *time);
char *nv_format_date (GDateTime *time);

/* Shared validators; @field is the path used in the error. */
gboolean nv_validate_id (const char *id, const char *field, GError **error);
gboolean nv_validate_plain_string (
    const char *value, const char *field, guint max_chars, gboolean required, GError **error);
/* A value on one line (a phone number, an address): no control characters at all. */
gboolean nv_validate_line (
    const char *value, const char *field, guint max_chars, gboolean required, GError **error);
/* Text that may run over lines (a step, a description): line breaks and tabs allowed. */
gboolean nv_validate_text (const NvText *text,
                           const char   *field,
                           guint         max_chars,
                           gboolean      finnish_required,
                           GError      **error);
/* A title or a name, in every language on one line: no control characters at all. */
gboolean nv_validate_text_line (const NvText *text,
                                const char   *field,
                                guint         max_chars,
                                gboolean      finnish_required,
                                GError      **error);
gboolean nv_validate_date (const char *date, const char *field, GError **error);
gboolean nv_strv_equal0 (const char *const *a, const char *const *b);

G_END_DECLS
