/* nv-test-http-server.h — the server's HTTP API in the test process
 *
 * A store in a temporary directory, seeded with the test content, and the whole HTTP API
 * listening on 127.0.0.1 port 0, in the test's own process (nv-test-util.h's
 * nv_test_server_start runs the real program instead): what backend fixtures start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-test-util.h"
#include "server-api.h"

typedef struct
{
  char        *dir;
  ServerStore *store;
  ServerHttp  *http;
  char        *url; /* "http://127.0.0.1:PORT/" */
  guint16      port;
} NvTestHttpServer;

/* @limits: NULL for the defaults. */
static inline void
nv_test_http_server_start (NvTestHttpServer *server, const ServerHttpLimits *limits)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GError) error = NULL;

  server->dir = nv_test_make_tmpdir ();
  server->store = server_store_open (server->dir, seed, &error);
  g_assert_no_error (error);
  server->http = server_api_new_http (server->store, NULL);
  g_assert_nonnull (server->http);
  if (limits != NULL)
    server_http_set_limits (server->http, limits);
  g_assert_true (server_http_listen (server->http, address, &error));
  g_assert_no_error (error);
  server->url = server_http_get_url (server->http);
  uri = g_uri_parse (server->url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  server->port = (guint16) g_uri_get_port (uri);
}

/* Lets pending work finish, then checks that nothing still holds the server or store. */
static inline void
nv_test_http_server_stop (NvTestHttpServer *server)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (server->http);
  g_assert_finalize_object (server->store);
  nv_test_rm_rf (server->dir);
  g_free (server->dir);
  g_free (server->url);
}
