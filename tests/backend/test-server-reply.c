/* test-server-reply.c — the staff API's rule for empty fields, and batch replies
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-json-private.h"
#include "server-reply.h"

static JsonNode *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonNode *node = nv_json_parse_data (text, strlen (text), 1024, "The test", &error);

  g_assert_no_error (error);
  return node;
}

static char *
to_text (JsonBuilder *builder)
{
  g_autoptr (JsonNode) node = json_builder_get_root (builder);

  return nv_json_to_string (node, FALSE);
}

/* Every member is written; what is not set is null, never left out (docs/api.md). */
static void
test_empty_fields_are_null (void)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GDateTime) time = g_date_time_new_utc (2026, 11, 10, 8, 0, 0);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "string", "x");
  server_json_add_string (builder, "no_string", NULL);
  server_json_add_time (builder, "time", time);
  server_json_add_time (builder, "no_time", NULL);
  server_json_add_unix_time (builder, "unix_time", g_date_time_to_unix (time));
  server_json_add_unix_time (builder, "never", 0);
  server_json_add_count (builder, "count", 0);
  server_json_add_count (builder, "no_count", -1);
  server_json_add_node (builder, "node", json_node_init_int (json_node_alloc (), 7));
  server_json_add_node (builder, "no_node", NULL);
  json_builder_end_object (builder);
  text = to_text (builder);
  g_assert_cmpstr (text, ==,
                   "{\"string\":\"x\",\"no_string\":null,"
                   "\"time\":\"2026-11-10T08:00:00.000Z\",\"no_time\":null,"
                   "\"unix_time\":\"2026-11-10T08:00:00.000Z\",\"never\":null,"
                   "\"count\":0,\"no_count\":null,\"node\":7,\"no_node\":null}");
}

/* Each item counted once by its verdict; an id that is no UUID is answered null. */
static void
test_batch_reply_counts (void)
{
  g_autoptr (JsonNode) good = parse ("{\"id\": \"11111111-1111-4111-8111-111111111111\"}");
  g_autoptr (JsonNode) bad = parse ("{\"id\": \"nope\"}");
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  ServerBatchReply reply;

  g_set_error (&error, NV_ERROR, NV_ERROR_INVALID, "id: must be a UUID");
  server_batch_reply_init (&reply);
  server_batch_reply_begin_item (&reply, good, FALSE, NULL);
  json_builder_end_object (reply.builder);
  server_batch_reply_begin_item (&reply, good, TRUE, NULL);
  json_builder_end_object (reply.builder);
  server_batch_reply_begin_item (&reply, bad, FALSE, error);
  json_builder_end_object (reply.builder);
  g_assert_cmpuint (reply.accepted, ==, 1);
  g_assert_cmpuint (reply.duplicates, ==, 1);
  g_assert_cmpuint (reply.rejected, ==, 1);

  /* What send() would answer, without a message to send it on. */
  json_builder_end_array (reply.builder);
  json_builder_end_object (reply.builder);
  text = to_text (reply.builder);
  g_clear_object (&reply.builder);
  g_assert_cmpstr (text, ==,
                   "{\"results\":[{\"id\":\"11111111-1111-4111-8111-111111111111\","
                   "\"status\":\"accepted\"},"
                   "{\"id\":\"11111111-1111-4111-8111-111111111111\",\"status\":\"duplicate\"},"
                   "{\"id\":null,\"status\":\"rejected\",\"error\":\"id: must be a UUID\"}]}");
}

/* An error that echoes bytes which are not UTF-8 (a path "/%FF%FE") stays UTF-8 JSON. */
static void
test_error_json_is_utf8 (void)
{
  g_autoptr (GBytes) body = server_error_json ("na\xffme", "There is nothing at /\xff\xfe");
  gsize            size;
  const char      *data = g_bytes_get_data (body, &size);
  g_autofree char *text = g_strndup (data, size);

  g_assert_true (g_utf8_validate_len (data, size, NULL));
  g_assert_cmpstr (text, ==,
                   "{\"error\":\"There is nothing at /\uFFFD\uFFFD\",\"field\":\"na\uFFFDme\"}");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-reply/empty-fields-are-null", test_empty_fields_are_null);
  g_test_add_func ("/server-reply/batch-reply-counts", test_batch_reply_counts);
  g_test_add_func ("/server-reply/error-json-is-utf8", test_error_json_is_utf8);

  return g_test_run ();
}
