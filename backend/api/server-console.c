/* server-console.c — the staff web console's files, served from a GResource
 *
 * The console is static HTML, CSS and JavaScript modules compiled into the server
 * (console.gresource.xml), so it always matches the API of the server that serves it.
 * Every answer carries a Content-Security-Policy that allows only the server's own
 * scripts and styles: no inline script or style, no other origin, no framing.
 * Files are revalidated on every load (no-cache) against an ETag made from their
 * checksum, so a new server version reaches every browser at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "server-console-resources.h"
#include "server-api-private.h"
#include "server-reply.h"

#define CONSOLE_RESOURCE_PREFIX "/fi/neuvokas/Console/"
#define CONSOLE_URL_PREFIX "/console/"

#define CONSOLE_CSP                                                                                \
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "                \
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

static void handle_redirect (ServerRequest *request);
static void handle_file (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/", handle_redirect, SERVER_AUTH_NONE, 0, 0 },
  { "GET", "/console", handle_redirect, SERVER_AUTH_NONE, 0, 0 },
  { "GET", CONSOLE_URL_PREFIX "*", handle_file, SERVER_AUTH_NONE, 0, 0 },
};

const ServerRoute *
server_console_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

static const struct
{
  const char *extension;
  const char *type;
} content_types[] = {
  { ".html", "text/html; charset=utf-8" },
  { ".js", "text/javascript; charset=utf-8" },
  { ".css", "text/css; charset=utf-8" },
  { ".svg", "image/svg+xml" },
  { ".png", "image/png" },
  { ".json", "application/json; charset=utf-8" },
  { ".txt", "text/plain; charset=utf-8" },
};

static const char *
content_type_of (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (content_types); i++)
    if (g_str_has_suffix (name, content_types[i].extension))
      return content_types[i].type;
  return NULL;
}

static void
add_security_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy", CONSOLE_CSP);
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
}

/* A file name is segments of letters, digits, '-', '_' and '.', none beginning with a dot,
 * joined by single slashes: nothing can climb out of the console's folder, whatever
 * the URL's encoding, because '%', '\\', ".." and empty segments never pass. */
static gboolean
is_plain_file_name (const char *name)
{
  gboolean segment_start = TRUE;

  if (name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '/')
        {
          if (segment_start)
            return FALSE;
          segment_start = TRUE;
          continue;
        }
      if (segment_start && *p == '.')
        return FALSE;
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        return FALSE;
      segment_start = FALSE;
    }
  return !segment_start;
}

/* A strong ETag from the file's SHA-256: the files are small, and hashing one is far
 * cheaper than sending it. */
static char *
etag_of (GBytes *bytes)
{
  g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  return g_strdup_printf ("\"%.32s\"", sum);
}

/* If-None-Match: "*" or a list of tags, weak ones compared weakly (RFC 9110 13.1.2). */
static gboolean
etag_matches (const char *if_none_match, const char *etag)
{
  g_auto (GStrv) tags = NULL;

  if (if_none_match == NULL)
    return FALSE;
  tags = g_strsplit (if_none_match, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

static void
reply_not_found (ServerRequest *request)
{
  add_security_headers (request->msg);
  server_reply_error (request->msg, SOUP_STATUS_NOT_FOUND, NULL, "There is nothing at %s",
                      request->path);
}

/* A relative Location: behind a proxy that ends TLS, the server does not know the scheme
 * (soup_server_message_set_redirect would write an absolute http:// URL). */
static void
handle_redirect (ServerRequest *request)
{
  add_security_headers (request->msg);
  soup_server_message_set_status (request->msg, SOUP_STATUS_FOUND, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg), "Location",
                                CONSOLE_URL_PREFIX);
}

static void
handle_file (ServerRequest *request)
{
  SoupServerMessage  *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char         *name = request->path + strlen (CONSOLE_URL_PREFIX);
  g_autofree char    *resource_path = NULL;
  g_autofree char    *etag = NULL;
  g_autoptr (GBytes) bytes = NULL;
  const char *type;

  /* The console is one page; the part of it shown is in the URL's fragment. */
  if (name[0] == '\0')
    name = "index.html";
  if (!is_plain_file_name (name) || (type = content_type_of (name)) == NULL)
    {
      reply_not_found (request);
      return;
    }
  resource_path = g_strconcat (CONSOLE_RESOURCE_PREFIX, name, NULL);
  bytes = g_resource_lookup_data (server_console_get_resource (), resource_path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      reply_not_found (request);
      return;
    }

  etag = etag_of (bytes);
  add_security_headers (msg);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "ETag", etag);
  if (etag_matches (soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                   "If-None-Match"),
                    etag))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type", type);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), bytes);
}
