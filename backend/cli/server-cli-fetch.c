/* server-cli-fetch.c — reading an importer's pages from the web
 *
 * Every page is bounded twice: the session times out a connection or a read that stalls,
 * and a deadline stops a server that sends a byte now and then for ever; a page larger
 * than the importer takes is refused before it is read (Content-Length) or as soon as it
 * grows past that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-cli-private.h"

#define READ_BLOCK (64 * 1024)

SoupSession *
server_cli_fetch_session_new (guint timeout)
{
  return soup_session_new_with_options ("timeout", timeout, "idle-timeout", timeout, "user-agent",
                                        "neuvokas-server/" PACKAGE_VERSION, NULL);
}

char *
server_cli_url_with_param (const char *url, const char *name, guint value)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  g_autoptr (GString) query = g_string_new (NULL);
  g_autofree char *prefix = g_strconcat (name, "=", NULL);
  g_auto (GStrv) params = NULL;

  if (uri == NULL)
    return NULL;
  params = g_strsplit (g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "", "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    if (params[i][0] != '\0' && !g_str_has_prefix (params[i], prefix))
      g_string_append_printf (query, "%s&", params[i]);
  g_string_append_printf (query, "%s%u", prefix, value);
  return g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), g_uri_get_userinfo (uri),
                     g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri), query->str,
                     g_uri_get_fragment (uri));
}

GBytes *
server_cli_fetch (
    SoupSession *session, const char *url, guint timeout, gsize max_size, GError **error)
{
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GByteArray) body = g_byte_array_new ();
  g_autoptr (GError) local_error = NULL;
  gint64  deadline = g_get_monotonic_time () + (gint64) timeout * G_USEC_PER_SEC;
  goffset declared;
  guint   status;

  if ((msg = soup_message_new ("GET", url)) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_FAILED, "%s is not a web address like https://…", url);
      return NULL;
    }
  soup_message_headers_append (soup_message_get_request_headers (msg), "Accept",
                               "application/json");
  if ((stream = soup_session_send (session, msg, NULL, &local_error)) == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s did not answer within %u seconds", url,
                     timeout);
      else
        g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s cannot be fetched (%s)", url,
                     local_error->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s answered %u %s, not the records", url, status,
                   soup_message_get_reason_phrase (msg));
      return NULL;
    }
  declared = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (declared > 0 && (guint64) declared > max_size)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                   "%s sends %" G_GINT64_FORMAT " bytes; a page of at most %u MiB is accepted", url,
                   (gint64) declared, (guint) (max_size / (1024 * 1024)));
      return NULL;
    }
  for (;;)
    {
      guint8 block[READ_BLOCK];
      gssize n = g_input_stream_read (stream, block, sizeof block, NULL, &local_error);

      if (n < 0)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s stopped sending (%s)", url,
                       g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                           ? "nothing came for too long"
                           : local_error->message);
          return NULL;
        }
      if (n == 0)
        break;
      if (body->len + (gsize) n > max_size)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                       "%s sends more than %u MiB; a page of at most that is accepted", url,
                       (guint) (max_size / (1024 * 1024)));
          return NULL;
        }
      g_byte_array_append (body, block, n);
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s did not finish sending within %u seconds",
                       url, timeout);
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

GBytes *
server_cli_read_input_file (const char *path, gsize max_size, const char *what, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf         info;
  gsize            length;

  /* Refused before it is read: a file too large never takes the memory. */
  if (g_stat (path, &info) == 0 && (guint64) info.st_size > max_size)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                   "%s is %" G_GUINT64_FORMAT " bytes; a %s file of at most %u MiB is accepted",
                   path, (guint64) info.st_size, what, (guint) (max_size / (1024 * 1024)));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "%s cannot be read (%s)", path,
                   local_error->message);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), length);
}
