/* server-auth.c
 *
 * The checks the router makes before any handler runs, so that access control lives
 * in one place: a kiosk's bearer token, a staff session cookie with its role and CSRF
 * token, the Origin of a browser's change, and who the client really is: its address
 * and whether it came over HTTPS, read from X-Forwarded-For and X-Forwarded-Proto only
 * when the peer is a proxy the administrator listed (anyone else could write them).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "server-auth.h"
#include "server-http-private.h"
#include "server-reply.h"
#include "server-store-kiosks.h"
#include "server-store-users.h"

/* "neuvokas-kiosk/0.1.0" → "0.1.0"; anything odd is not recorded. */
static char *
kiosk_version_from_agent (const char *agent)
{
  const char      *slash;
  g_autofree char *version = NULL;

  if (agent == NULL || !g_str_has_prefix (agent, "neuvokas-kiosk/"))
    return NULL;
  slash = strchr (agent, '/');
  version = g_strndup (slash + 1, strcspn (slash + 1, " "));
  if (version[0] == '\0' || strlen (version) > 32 || !g_utf8_validate (version, -1, NULL))
    return NULL;
  return g_steal_pointer (&version);
}

static gint64
header_count (SoupMessageHeaders *headers, const char *name)
{
  const char *text = soup_message_headers_get_one (headers, name);
  guint64     value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return (gint64) value;
}

/* The revision a content poll names in ?since=, or -1. */
static gint64
since_of_query (GUri *uri)
{
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  g_autoptr (GHashTable) params = NULL;
  g_autofree char *number = NULL;
  const char      *since;
  guint64          value;

  if (query == NULL
      || (params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)) == NULL)
    return -1;
  since = g_hash_table_lookup (params, "since");
  if (since == NULL)
    return -1;
  /* "12" or "12.EPOCH" */
  number = g_strndup (since, strcspn (since, "."));
  if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT64, &value, NULL))
    return -1;
  return (gint64) value;
}

char *
server_auth_kiosk (ServerStore *store, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char         *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char    *version = NULL;
  char               *kiosk_id;
  gint64              revision;
  gint64              backlog;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  kiosk_id = server_store_authenticate_kiosk (store, authorization + 7);
  if (kiosk_id == NULL)
    return NULL;
  /* What the kiosk reports of itself, for `kiosk list` and the operations report: kept in
   * memory, written by the event writer (no disk on the main loop). */
  version = kiosk_version_from_agent (soup_message_headers_get_one (headers, "User-Agent"));
  revision = header_count (headers, "X-Neuvokas-Content-Revision");
  /* A content poll names its revision once, in ?since= (every byte of a poll counts: a
   * fleet polls all day), and a kiosk leaves out an empty outbox's backlog. */
  if (revision < 0)
    revision = since_of_query (soup_server_message_get_uri (msg));
  backlog = header_count (headers, "X-Neuvokas-Outbox-Backlog");
  if (backlog < 0 && soup_message_headers_get_one (headers, "X-Neuvokas-Outbox-Backlog") == NULL)
    backlog = 0;
  server_store_remember_kiosk_contact (store, kiosk_id, version, revision, backlog);
  return kiosk_id;
}

gboolean
server_auth_is_safe_method (const char *method)
{
  return g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
}

/* A browser names the page's origin on every cross-site POST; a request without Origin
 * (a kiosk, curl) passes. The scheme is not compared: TLS may end at a proxy in front. */
gboolean
server_auth_origin_matches_host (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char         *origin = soup_message_headers_get_one (headers, "Origin");
  const char         *host = soup_message_headers_get_one (headers, "Host");
  g_autoptr (GUri) origin_uri = NULL;
  g_autoptr (GUri) host_uri = NULL;
  g_autofree char *host_url = NULL;

  if (origin == NULL)
    return TRUE;
  if (host == NULL
      || (origin_uri = g_uri_parse (origin, G_URI_FLAGS_SCHEME_NORMALIZE, NULL)) == NULL
      || g_uri_get_host (origin_uri) == NULL)
    return FALSE;
  /* Read Host as an authority of the origin's scheme, so default ports compare equal. */
  host_url = g_strconcat (g_uri_get_scheme (origin_uri), "://", host, NULL);
  if (strpbrk (host, "/?#@") != NULL
      || (host_uri = g_uri_parse (host_url, G_URI_FLAGS_SCHEME_NORMALIZE, NULL)) == NULL
      || g_uri_get_host (host_uri) == NULL)
    return FALSE;
  return g_ascii_strcasecmp (g_uri_get_host (origin_uri), g_uri_get_host (host_uri)) == 0
         && g_uri_get_port (origin_uri) == g_uri_get_port (host_uri);
}

/* The value of the nv_session cookie, or NULL. */
static char *
session_token_from_cookie (SoupMessageHeaders *headers)
{
  const char *cookie = soup_message_headers_get_list (headers, "Cookie");
  g_auto (GStrv) pairs = NULL;

  if (cookie == NULL)
    return NULL;
  /* get_list joins several Cookie headers with ", "; cookies are "; "-separated. */
  pairs = g_strsplit_set (cookie, ";,", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *pair = g_strstrip (pairs[i]);

      if (g_str_has_prefix (pair, SERVER_SESSION_COOKIE "="))
        return g_strdup (pair + strlen (SERVER_SESSION_COOKIE "="));
    }
  return NULL;
}

static gboolean
csrf_token_matches (SoupMessageHeaders *headers, const ServerSession *session)
{
  const char *token = soup_message_headers_get_one (headers, "X-CSRF-Token");

  return token != NULL && strlen (token) == strlen (session->csrf_token)
         && sodium_memcmp (token, session->csrf_token, strlen (token)) == 0;
}

ServerSession *
server_auth_staff (ServerStore *store, SoupServerMessage *msg, const ServerRoute *route)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char    *token = session_token_from_cookie (headers);
  g_autoptr (ServerSession) session = NULL;

  if ((session = server_store_authenticate_session (store, token)) == NULL)
    {
      server_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                          "Sign in first: there is no session, or it has ended");
      return NULL;
    }
  if (((route->roles | SERVER_ROLE_ADMIN) & session->role) == 0)
    {
      server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL, "The role %s may not do this",
                          server_role_to_string (session->role));
      return NULL;
    }
  if (!server_auth_is_safe_method (soup_server_message_get_method (msg))
      && !csrf_token_matches (headers, session))
    {
      server_reply_error (msg, SOUP_STATUS_FORBIDDEN, NULL,
                          "The X-CSRF-Token header is missing or is not this session's");
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* The client */

#define CLIENT_KEY "server-auth-client"

typedef struct
{
  char    *address;
  gboolean secure;
} Client;

static void
client_free (Client *client)
{
  g_free (client->address);
  g_free (client);
}

gboolean
server_http_proxies_trust (GPtrArray *proxies, GSocketAddress *address)
{
  GInetAddress *inet;

  if (proxies == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return FALSE;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  for (guint i = 0; i < proxies->len; i++)
    {
      GInetAddressMask *mask = g_ptr_array_index (proxies, i);

      if (g_inet_address_get_family (inet) == g_inet_address_mask_get_family (mask)
          && g_inet_address_mask_matches (mask, inet))
        return TRUE;
    }
  return FALSE;
}

static gboolean
trusted_text (GPtrArray *proxies, const char *text)
{
  g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (text);
  g_autoptr (GSocketAddress) address = NULL;

  if (inet == NULL)
    return FALSE;
  address = g_inet_socket_address_new (inet, 0);
  return server_http_proxies_trust (proxies, address);
}

/* The last word of a comma-separated list, trimmed; NULL when there is none. */
static char *
last_item (const char *list)
{
  const char *comma;

  if (list == NULL)
    return NULL;
  comma = strrchr (list, ',');
  return g_strstrip (g_strdup (comma != NULL ? comma + 1 : list));
}

void
server_auth_note_client (SoupServerMessage *msg, gboolean tls, GPtrArray *proxies)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GSocketAddress     *peer = soup_server_message_get_remote_address (msg);
  const char         *peer_host = soup_server_message_get_remote_host (msg);
  Client             *client = g_new0 (Client, 1);

  client->address = g_strdup (peer_host != NULL ? peer_host : "unknown");
  client->secure = tls;
  if (peer != NULL && server_http_proxies_trust (proxies, peer))
    {
      const char      *forwarded = soup_message_headers_get_list (headers, "X-Forwarded-For");
      g_autofree char *proto
          = last_item (soup_message_headers_get_list (headers, "X-Forwarded-Proto"));
      g_auto (GStrv) hops = forwarded != NULL ? g_strsplit (forwarded, ",", -1) : NULL;

      /* From the right: each proxy appends the address it saw. The first hop that is not
       * a trusted proxy is the client; what lies to its left, the client wrote itself. A
       * hop that is no address ends the walk at the last one vouched for. */
      for (int i = hops != NULL ? (int) g_strv_length (hops) - 1 : -1; i >= 0; i--)
        {
          const char *hop = g_strstrip (hops[i]);
          g_autoptr (GInetAddress) inet = g_inet_address_new_from_string (hop);

          if (inet == NULL)
            break;
          g_free (client->address);
          client->address = g_inet_address_to_string (inet);
          if (!trusted_text (proxies, hop))
            break;
        }
      if (proto != NULL)
        client->secure = tls || g_ascii_strcasecmp (proto, "https") == 0;
    }
  g_object_set_data_full (G_OBJECT (msg), CLIENT_KEY, client, (GDestroyNotify) client_free);
}

const char *
server_auth_client_address (SoupServerMessage *msg)
{
  Client *client = g_object_get_data (G_OBJECT (msg), CLIENT_KEY);

  if (client != NULL)
    return client->address;
  return soup_server_message_get_remote_host (msg);
}

gboolean
server_auth_client_is_secure (SoupServerMessage *msg)
{
  Client *client = g_object_get_data (G_OBJECT (msg), CLIENT_KEY);

  return client != NULL && client->secure;
}
