/* test-server-limits.c — hostile HTTP: floods, half-sent requests, bad framing, no descriptors
 *
 * The server runs in this process, in the main loop; each client runs in a thread of its
 * own over a raw socket (blocking), so that it can send what no HTTP library would and
 * watch what comes back while it is still sending. Bodies are generated as they are sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/resource.h>

#include <libsoup/soup.h>

#include "nv-json-private.h"
#include "server-api.h"
#include "server-store-kiosks.h"
#include "nv-test-http.h"
#include "nv-test-http-server.h"
#include "nv-test-util.h"

/* What a flood may add to the resident memory of this process, server and clients. */
#define FLOOD_BYTES (256 * 1024 * 1024)
#define RSS_GROWTH_MAX (64 * 1024 * 1024)

typedef struct
{
  NvTestHttpServer server;
  char            *token;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  ServerHttpLimits limits = SERVER_HTTP_LIMITS_DEFAULT;
  g_autoptr (GError) error = NULL;
  g_autofree char *kiosk_id = NULL;

  /* Short enough for a test to wait them out. */
  limits.header_timeout = 1;
  limits.body_timeout = 1;
  limits.idle_timeout = 1;
  nv_test_http_server_start (&fixture->server, &limits);
  g_assert_true (server_store_add_kiosk (fixture->server.store, "Test kiosk", "564", &kiosk_id,
                                         &fixture->token, &error));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  nv_test_http_server_stop (&fixture->server);
  g_free (fixture->token);
}

/* The client */

typedef enum
{
  BODY_NONE,
  BODY_LENGTH,  /* Content-Length: body_size, then the bytes */
  BODY_CHUNKED, /* Transfer-Encoding: chunked, chunks until body_size */
} BodyKind;

typedef struct
{
  guint16  port;
  char    *head; /* request line and headers, each ending in CRLF, without the blank line */
  BodyKind body;
  gsize    body_size;
  gboolean no_end;     /* send the head without its blank line (a half-sent request) */
  gboolean half_close; /* then close the sending side */

  /* What came back */
  GString *answer;
  gsize    sent;    /* body bytes */
  gboolean closed;  /* the server closed the connection */
  gint64   elapsed; /* microseconds from the last byte sent to the end of the answer */
  gint     done;
} Client;

static Client *
client_new (Fixture *fixture, BodyKind body, gsize body_size, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

static Client *
client_new (Fixture *fixture, BodyKind body, gsize body_size, const char *format, ...)
{
  Client *client = g_new0 (Client, 1);
  va_list args;

  va_start (args, format);
  client->head = g_strdup_vprintf (format, args);
  va_end (args);
  client->port = fixture->server.port;
  client->body = body;
  client->body_size = body_size;
  client->answer = g_string_new (NULL);
  return client;
}

static void
client_free (Client *client)
{
  g_free (client->head);
  g_string_free (client->answer, TRUE);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static GSocket *
connect_loopback (guint16 port, GError **error)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr (GSocket) socket = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_connect (socket, address, NULL, error))
    return NULL;
  return g_steal_pointer (&socket);
}

static gboolean
send_all (GSocket *socket, const char *data, gsize size)
{
  while (size > 0)
    {
      gssize n = g_socket_send (socket, data, size, NULL, NULL);

      if (n <= 0)
        return FALSE;
      data += n;
      size -= n;
    }
  return TRUE;
}

/* Sends the body a block at a time, and stops as soon as an answer is there to read. */
static void
send_body (Client *client, GSocket *socket)
{
  static const char block[64 * 1024];
  char              size_line[32];

  while (client->sent < client->body_size)
    {
      gsize n = MIN (sizeof block, client->body_size - client->sent);

      if (g_socket_condition_check (socket, G_IO_IN) != 0)
        return;
      if (client->body == BODY_CHUNKED)
        {
          g_snprintf (size_line, sizeof size_line, "%" G_GSIZE_MODIFIER "x\r\n", n);
          if (!send_all (socket, size_line, strlen (size_line)))
            return;
        }
      if (!send_all (socket, block, n)
          || (client->body == BODY_CHUNKED && !send_all (socket, "\r\n", 2)))
        return;
      client->sent += n;
    }
  if (client->body == BODY_CHUNKED)
    send_all (socket, "0\r\n\r\n", 5);
}

static gpointer
client_thread (gpointer data)
{
  Client *client = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocket) socket = connect_loopback (client->port, &error);
  g_autofree char *head = NULL;
  g_autofree char *length = NULL;
  gint64           start;
  char             buffer[4096];
  gssize           n;

  g_assert_no_error (error);
  g_socket_set_timeout (socket, 10);
  if (client->body == BODY_LENGTH)
    length = g_strdup_printf ("Content-Length: %" G_GSIZE_FORMAT "\r\n", client->body_size);
  head = g_strconcat (client->head, length != NULL ? length : "",
                      client->body == BODY_CHUNKED ? "Transfer-Encoding: chunked\r\n" : "",
                      client->no_end ? "" : "\r\n", NULL);
  send_all (socket, head, strlen (head));
  if (client->body != BODY_NONE)
    send_body (client, socket);
  if (client->half_close)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  start = g_get_monotonic_time ();
  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (client->answer, buffer, n);
  client->closed = n == 0 || client->answer->len > 0;
  client->elapsed = g_get_monotonic_time () - start;
  g_atomic_int_set (&client->done, 1);
  return NULL;
}

static gsize
resident_bytes (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10) * 1024;
}

/* Runs @client to its end while the main loop serves; the peak resident memory meanwhile. */
static gsize
run_client (Client *client)
{
  GThread *thread = g_thread_new ("client", client_thread, client);
  gsize    peak = resident_bytes ();

  nv_test_wait_until (
      NULL, (peak = MAX (peak, resident_bytes ()), g_atomic_int_get (&client->done)), 30000);
  g_thread_join (thread);
  return peak;
}

static guint
answer_status (Client *client)
{
  guint status = 0;

  g_assert_true (soup_headers_parse_status_line (client->answer->str, NULL, &status, NULL));
  return status;
}

/* The answer's body: valid UTF-8 JSON with an error sentence. */
static void
assert_json_error (Client *client)
{
  const char *body = strstr (client->answer->str, "\r\n\r\n");
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (body);
  body += 4;
  g_assert_true (g_utf8_validate (body, -1, NULL));
  node = nv_json_parse_data (body, strlen (body), 65536, "The answer", &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_nonnull (
      json_object_get_string_member_with_default (json_node_get_object (node), "error", NULL));
}

static void
assert_header (Client *client, const char *header)
{
  const char *end = strstr (client->answer->str, "\r\n\r\n");

  g_assert_nonnull (end);
  g_assert_nonnull (g_strstr_len (client->answer->str, end - client->answer->str, header));
}

/* Sends @head (no body) and asserts an answer between @min and @max in JSON; returns how long
 * it took once the request was sent, in microseconds. */
static gint64
assert_answered_json (Fixture *fixture, const char *head, guint min, guint max)
{
  g_autoptr (Client) client = client_new (fixture, BODY_NONE, 0, "%s", head);

  run_client (client);
  g_test_message ("%s → %.12s", head, client->answer->str);
  g_assert_cmpuint (answer_status (client), >=, min);
  g_assert_cmpuint (answer_status (client), <=, max);
  assert_json_error (client);
  return client->elapsed;
}

/* A kept-alive connection whose client says nothing after its answer is closed after the
 * idle timeout, as one that says nothing before its first request (libsoup 3.2 alone would
 * keep it open for good), and nothing more is written on it. */
static void
test_keep_alive_idle (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Client) client
      = client_new (fixture, BODY_NONE, 0, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
  guint before = nv_test_count_open_sockets ();

  run_client (client);
  g_assert_cmpuint (answer_status (client), ==, 200);
  g_assert_null (strstr (client->answer->str, "Connection: close"));
  g_assert_null (strstr (client->answer->str + 1, "HTTP/1.1 "));
  g_assert_true (client->closed);
  /* Kept open past the answer, closed by the idle timeout (1 s here). */
  g_assert_cmpint (client->elapsed, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (client->elapsed, <, 3 * G_USEC_PER_SEC);
  nv_test_wait_until (NULL, nv_test_count_open_sockets () <= before, 10000);
}

/* Limits before reading */

typedef struct
{
  const char *method;
  const char *path;
  gboolean    kiosk; /* with the kiosk's token */
  guint       status;
} Target;

static const Target flood_targets[] = {
  { "POST", "/anything", FALSE, 404 },
  { "PUT", "/api/v1/health", FALSE, 405 },
  { "POST", "/api/v1/kiosk/events", FALSE, 401 },
  /* Authorised, but over the route's limit of 1 MiB. */
  { "POST", "/api/v1/kiosk/events", TRUE, 413 },
};

/* 256 MiB to paths that cannot take them, with Content-Length and chunked: answered while
 * the client still sends, and memory does not grow with the flood. (Before, the server
 * read every byte first, and grew by as much.) */
static void
test_flood (Fixture *fixture, gconstpointer data)
{
  gsize before = resident_bytes ();

  for (guint i = 0; i < G_N_ELEMENTS (flood_targets); i++)
    for (BodyKind body = BODY_LENGTH; body <= BODY_CHUNKED; body++)
      {
        const Target    *target = &flood_targets[i];
        g_autofree char *authorization
            = target->kiosk ? g_strdup_printf ("Authorization: Bearer %s\r\n", fixture->token)
                            : g_strdup ("");
        g_autoptr (Client) client
            = client_new (fixture, body, FLOOD_BYTES, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s",
                          target->method, target->path, authorization);
        gsize peak = run_client (client);

        g_test_message ("%s %s (%s): %u after %" G_GSIZE_FORMAT " bytes sent, RSS +%" G_GSIZE_FORMAT
                        " KiB",
                        target->method, target->path, body == BODY_CHUNKED ? "chunked" : "length",
                        answer_status (client), client->sent, (peak - MIN (peak, before)) / 1024);
        g_assert_cmpuint (answer_status (client), ==, target->status);
        assert_json_error (client);
        g_assert_cmpuint (client->sent, <, FLOOD_BYTES);
        g_assert_cmpuint (peak, <, before + RSS_GROWTH_MAX);
      }
}

/* The same with Expect: 100-continue: refused instead of continued. */
static void
test_expect_continue_refused (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Client) client
      = client_new (fixture, BODY_NONE, 0,
                    "POST /anything HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                    "Content-Length: 1000\r\n");

  run_client (client);
  g_assert_cmpuint (answer_status (client), ==, 404);
  assert_json_error (client);
}

/* Strict HTTP */

/* RFC 9112 6.3: a Content-Length that is not a number, or two of them, is answered 400 at
 * once (before, the server waited for the client to close). */
static void
test_content_length_invalid (Fixture *fixture, gconstpointer data)
{
  const char *lengths[] = {
    "Content-Length: -1\r\n",
    "Content-Length: 12345678901234567890\r\n",
    "Content-Length: 5\r\nContent-Length: 6\r\n",
    "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
    "Content-Length: +5\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autofree char *head = g_strdup_printf ("POST /api/v1/kiosk/events HTTP/1.1\r\nHost: x\r\n"
                                               "Authorization: Bearer %s\r\n%s",
                                               fixture->token, lengths[i]);

      /* At once: not after the client gives up (10 s) nor after the lingering close (2 s). */
      g_assert_cmpint (assert_answered_json (fixture, head, 400, 400), <, 3 * G_USEC_PER_SEC / 2);
    }
}

/* An encoded slash is part of a name, never a separator; a path of bytes that are not
 * UTF-8 is not echoed into the JSON as they are. */
static void
test_paths (Fixture *fixture, gconstpointer data)
{
  const char *paths[]
      = { "/api%2fv1%2fhealth", "/api%2Fv1/health", "/%FF%FE", "/api/v1/%00", "/\xff\xfe" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *head = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: x\r\n", paths[i]);

      assert_answered_json (fixture, head, 400, 499);
    }
}

/* What libsoup refuses itself (it would answer with an empty body) is answered in JSON. */
static void
test_malformed_answered_json (Fixture *fixture, gconstpointer data)
{
  const char *heads[] = {
    "GARBAGE\r\n",
    "GET /api/v1/health HTTP/1.1\r\n: no name\r\n",
    "GET /api/v1/health HTTP/1.1\r\nHost: x/y\r\n",
    "POST /api/v1/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n",
    "GET ftp://x/api/v1/health HTTP/1.1\r\nHost: x\r\n",
    "GET /api/v1/health HTTP/3.0\r\nHost: x\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    assert_answered_json (fixture, heads[i], 400, 599);
}

/* libsoup 3.2 leaks the path of a request whose Content-Length or Transfer-Encoding it
 * cannot read (fixed in libsoup 3.5.2): before any authentication, a byte per byte of
 * path, for good. The server screens each request's head before libsoup parses it
 * (server-http-connection.c), so 1,000 such requests with 32 KiB paths (32 MiB leaked
 * before) leave the resident memory where it was, and each gets a JSON 400. */
static void
test_unreadable_framing_no_leak (Fixture *fixture, gconstpointer data)
{
  static const char *framings[]
      = { "Content-Length: abc", "Content-Length: -2", "Content-Length: 5, 5",
          "Transfer-Encoding: gzip", "Transfer-Encoding: chunked, gzip" };
  g_autofree char *path = g_strnfill (32 * 1024, 'a');
  gsize            before = 0;
  gsize            after;

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr (Client) client
          = client_new (fixture, BODY_NONE, 0, "GET /%s HTTP/1.1\r\nHost: x\r\n%s\r\n", path,
                        framings[i % G_N_ELEMENTS (framings)]);

      /* Every other one ends where the client closes, without its empty line: libsoup
       * parses what came of such a head too. */
      client->no_end = client->half_close = i % 2 == 1;
      run_client (client);
      g_assert_cmpuint (answer_status (client), ==, 400);
      assert_json_error (client);
      /* Measured after the first few, when the server's own buffers are there. */
      if (i == 20)
        before = resident_bytes ();
    }
  after = resident_bytes ();
  g_test_message ("resident: %" G_GSIZE_FORMAT " KiB, then %" G_GSIZE_FORMAT " KiB", before / 1024,
                  after / 1024);
  g_assert_cmpuint (after, <, before + 8 * 1024 * 1024);
}

/* libsoup 3.2 keeps every request method it reads, for good (interned): 1,000 requests
 * with new 32 KiB methods left 32 MiB behind before any authentication, and a leak
 * found by fuzz-server-request after some 300,000 inputs (GLib's quark table growing).
 * A method HTTP does not define gets a JSON 400 before libsoup reads it; the ones it
 * defines are answered as before. */
static void
test_unknown_methods_not_kept (Fixture *fixture, gconstpointer data)
{
  g_autofree char *method = g_strnfill (32 * 1024, 'M');
  gsize            before = 0;
  gsize            after;

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr (Client) client = NULL;

      g_snprintf (method, 10, "M%08u", i);
      method[9] = 'M';
      client
          = client_new (fixture, BODY_NONE, 0, "%s /api/v1/health HTTP/1.1\r\nHost: x\r\n", method);
      run_client (client);
      g_assert_cmpuint (answer_status (client), ==, 400);
      assert_json_error (client);
      if (i == 20)
        before = resident_bytes ();
    }
  after = resident_bytes ();
  g_test_message ("resident: %" G_GSIZE_FORMAT " KiB, then %" G_GSIZE_FORMAT " KiB", before / 1024,
                  after / 1024);
  g_assert_cmpuint (after, <, before + 8 * 1024 * 1024);

  /* The methods HTTP defines still reach the router. */
  {
    g_autoptr (Client) get
        = client_new (fixture, BODY_NONE, 0, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
    g_autoptr (Client) put = client_new (
        fixture, BODY_NONE, 0, "PUT /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n");

    run_client (get);
    g_assert_cmpuint (answer_status (get), ==, 200);
    run_client (put);
    g_assert_cmpuint (answer_status (put), ==, 405);
  }
}

/* The screen follows each request's body to find the next pipelined request: after a
 * chunked body (chunk extensions, a trailer) the next request is answered, and one with
 * unreadable framing after that gets its JSON 400 and the connection ends. */
static void
test_pipelined_after_chunked (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Client) client
      = client_new (fixture, BODY_NONE, 0,
                    "POST /api/v1/kiosk/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                    "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5;ext=1\r\n{\"eve\r\n9\r\nnts\": []}\r\n0\r\nX-Trailer: 1\r\n\r\n"
                    "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                    "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n",
                    fixture->token);
  const char *second;
  const char *third;
  guint       status = 0;

  run_client (client);
  g_assert_true (client->closed);
  second = strstr (client->answer->str + 1, "HTTP/1.1 ");
  g_assert_nonnull (second);
  g_assert_true (g_str_has_prefix (second, "HTTP/1.1 200"));
  /* libsoup did not read the request line: it answers as HTTP/1.0. */
  third = strstr (second + 1, "HTTP/1.");
  g_assert_nonnull (third);
  g_assert_true (soup_headers_parse_status_line (third, NULL, &status, NULL));
  g_assert_cmpuint (status, ==, 400);
  g_assert_nonnull (strstr (third, "\"error\""));
  g_assert_nonnull (strstr (third, "Connection: close"));
  g_assert_null (strstr (third + 1, "HTTP/1."));
}

/* Always recovers */

/* A half-sent request, a body that stops coming, and a connection that says nothing are
 * all closed after the server's timeouts (1 s here). */
static void
test_timeouts (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Client) half
      = client_new (fixture, BODY_NONE, 0, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
  g_autoptr (Client) body = NULL;
  g_autoptr (Client) silent = client_new (fixture, BODY_NONE, 0, "%s", "");

  half->no_end = TRUE;
  run_client (half);
  g_assert_true (half->closed);
  g_assert_cmpint (half->elapsed, <, 3 * G_USEC_PER_SEC);

  silent->no_end = TRUE;
  run_client (silent);
  g_assert_true (silent->closed);
  g_assert_cmpint (silent->elapsed, <, 3 * G_USEC_PER_SEC);

  /* Promises 100 bytes, sends none. */
  body = client_new (fixture, BODY_NONE, 0,
                     "POST /api/v1/kiosk/events HTTP/1.1\r\nHost: x\r\n"
                     "Authorization: Bearer %s\r\nContent-Length: 100\r\n",
                     fixture->token);
  run_client (body);
  g_assert_true (body->closed);
  g_assert_cmpint (body->elapsed, <, 3 * G_USEC_PER_SEC);
}

static guint
health_status (Fixture *fixture)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (fixture->server.url, "api/v1/health", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = nv_test_http_send (session, msg, 10000);

  return soup_message_get_status (msg);
}

/* The server answers normally again once it has seen the clients go: a plain request
 * gets 200 (503 only while it still counts connections that are closing). */
static void
wait_for_health (Fixture *fixture)
{
  guint status = 0;

  nv_test_wait_until (NULL, (status = health_status (fixture)) != 503, 10000);
  g_assert_cmpuint (status, ==, 200);
}

typedef struct
{
  guint16    port;
  guint      count;
  GPtrArray *sockets;
  gint       done;
} Holder;

static gpointer
hold_thread (gpointer data)
{
  Holder *holder = data;

  for (guint i = 0; i < holder->count; i++)
    {
      g_autoptr (GError) error = NULL;
      GSocket *socket = connect_loopback (holder->port, &error);

      g_assert_no_error (error);
      g_ptr_array_add (holder->sockets, socket);
    }
  g_atomic_int_set (&holder->done, 1);
  return NULL;
}

/* Opens @count idle connections, each accepted by the server before the next. */
static GPtrArray *
hold_connections (Fixture *fixture, guint count)
{
  Holder holder
      = { fixture->server.port, count, g_ptr_array_new_with_free_func (g_object_unref), 0 };
  GThread *thread = g_thread_new ("holder", hold_thread, &holder);

  nv_test_wait_until (NULL, g_atomic_int_get (&holder.done), 10000);
  g_thread_join (thread);
  /* Let the server accept them. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  return holder.sockets;
}

static void
assert_busy (Fixture *fixture)
{
  g_autoptr (Client) client
      = client_new (fixture, BODY_NONE, 0, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");

  run_client (client);
  g_assert_cmpuint (answer_status (client), ==, 503);
  assert_header (client, "Retry-After: ");
  assert_json_error (client);
}

/* One address may hold only so many connections, and all of them together only so many:
 * more are answered 503 with Retry-After, and once they close, the server answers again. */
static void
test_connection_caps (Fixture *fixture, gconstpointer data)
{
  ServerHttpLimits limits = SERVER_HTTP_LIMITS_DEFAULT;
  g_autoptr (GPtrArray) held = NULL;

  limits.max_connections_per_address = 3;
  server_http_set_limits (fixture->server.http, &limits);
  held = hold_connections (fixture, 3);
  assert_busy (fixture);
  g_clear_pointer (&held, g_ptr_array_unref);
  /* The idle timeout (1 s) would close them too; closing them frees their places. */
  wait_for_health (fixture);

  limits = SERVER_HTTP_LIMITS_DEFAULT;
  limits.max_connections = 2;
  server_http_set_limits (fixture->server.http, &limits);
  held = hold_connections (fixture, 2);
  assert_busy (fixture);
  g_clear_pointer (&held, g_ptr_array_unref);
  wait_for_health (fixture);
}

/* Every client behind a trusted proxy comes from the proxy's address: the per-address cap
 * would cap them all together, so a trusted proxy is held to the total cap alone. */
static void
test_trusted_proxy_not_capped (Fixture *fixture, gconstpointer data)
{
  static const char *const proxies[] = { "127.0.0.1", NULL };
  ServerHttpLimits         limits = SERVER_HTTP_LIMITS_DEFAULT;
  g_autoptr (GPtrArray) masks = server_http_parse_proxies (proxies, NULL);
  g_autoptr (GPtrArray) held = NULL;

  limits.max_connections_per_address = 3;
  server_http_set_limits (fixture->server.http, &limits);
  server_http_set_trusted_proxies (fixture->server.http, masks);
  held = hold_connections (fixture, 5);
  g_assert_cmpuint (health_status (fixture), ==, 200);
  g_clear_pointer (&held, g_ptr_array_unref);
}

static gint accept_warnings;
static gint accept_recoveries;

/* The server's word on accept() failing is counted, and kept from the default writer,
 * which makes warnings fatal in tests. */
static GLogWriterOutput
count_accept_warnings_cb (GLogLevelFlags   level,
                          const GLogField *fields,
                          gsize            n_fields,
                          gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0
        && (g_str_has_prefix (fields[i].value, "Cannot accept connections")
            || g_str_has_prefix (fields[i].value, "Accepting connections again")))
      {
        g_atomic_int_inc ((level & G_LOG_LEVEL_WARNING) ? &accept_warnings : &accept_recoveries);
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

typedef struct
{
  guint16    port;
  GPtrArray *sockets;
  gint       exhausted;
  gint       release;
  gint       done;
} Exhauster;

static gpointer
exhaust_thread (gpointer data)
{
  Exhauster *exhauster = data;
  GSocket   *socket;

  /* Connects until this process (server and client share it) has no descriptor left. */
  while ((socket = connect_loopback (exhauster->port, NULL)) != NULL)
    g_ptr_array_add (exhauster->sockets, socket);
  /* One more, queued where the server cannot accept it: the server must fail to accept. */
  g_ptr_array_remove_index (exhauster->sockets, 0);
  socket = connect_loopback (exhauster->port, NULL);
  if (socket != NULL)
    g_ptr_array_add (exhauster->sockets, socket);
  g_atomic_int_set (&exhauster->exhausted, 1);
  while (!g_atomic_int_get (&exhauster->release))
    g_usleep (1000);
  g_ptr_array_set_size (exhauster->sockets, 0);
  g_atomic_int_set (&exhauster->done, 1);
  return NULL;
}

/* Out of file descriptors, the server logs it once and, once descriptors are free again,
 * accepts again without a restart. (libsoup's own listener stopped accepting for good.) */
static void
test_out_of_descriptors (Fixture *fixture, gconstpointer data)
{
  Exhauster exhauster = { fixture->server.port, g_ptr_array_new_with_free_func (g_object_unref) };
  ServerHttpLimits limits = SERVER_HTTP_LIMITS_DEFAULT;
  struct rlimit    saved, low;
  GThread         *thread;
  gint64           window_end;

  /* Connections closed by the idle timeout would free descriptors while they are watched. */
  server_http_set_limits (fixture->server.http, &limits);
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  low = saved;
  low.rlim_cur = nv_test_count_open_fds () + 40;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);
  accept_warnings = accept_recoveries = 0;

  thread = g_thread_new ("exhauster", exhaust_thread, &exhauster);
  nv_test_wait_until (NULL, g_atomic_int_get (&exhauster.exhausted), 10000);
  nv_test_wait_until (NULL, g_atomic_int_get (&accept_warnings) > 0, 10000);
  /* It keeps trying (every 100 ms) and says so once: not at each try that fails, only
   * again after it could accept in between. Watching for what must not happen takes a
   * while. */
  window_end = g_get_monotonic_time () + 500 * 1000;
  nv_test_wait_until (NULL, g_get_monotonic_time () > window_end, 5000);
  g_assert_cmpint (g_atomic_int_get (&accept_warnings), <=,
                   g_atomic_int_get (&accept_recoveries) + 1);
  g_atomic_int_set (&exhauster.release, 1);
  nv_test_wait_until (NULL, g_atomic_int_get (&exhauster.done), 10000);
  g_thread_join (thread);
  g_ptr_array_unref (exhauster.sockets);

  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  wait_for_health (fixture);
  g_assert_cmpint (accept_recoveries, ==, accept_warnings);
}

/* A server may run in a thread with a main context of its own (as the benchmarks run it):
 * accepting, deadlines and lingering closes all happen there. The client here blocks the
 * main thread, whose default context nobody runs meanwhile. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  ServerStore  *store;
  guint16       port;
  gint          ready;
} Threaded;

static gpointer
serve_thread (gpointer data)
{
  Threaded *threaded = data;
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) local = NULL;
  g_autoptr (ServerHttp) http = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autofree char *url = NULL;

  g_main_context_push_thread_default (threaded->context);
  http = server_api_new_http (threaded->store, NULL);
  g_assert_true (server_http_listen (http, address, &error));
  url = server_http_get_url (http);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  threaded->port = g_uri_get_port (uri);
  g_atomic_int_set (&threaded->ready, 1);
  g_main_loop_run (threaded->loop);
  g_clear_object (&http);
  g_main_context_pop_thread_default (threaded->context);
  return NULL;
}

static void
test_own_thread (Fixture *fixture, gconstpointer data)
{
  Threaded threaded = { g_main_context_new (), NULL, fixture->server.store, 0, 0 };
  g_autoptr (Client) health = NULL;
  g_autoptr (Client) refused = NULL;
  GThread *thread;

  threaded.loop = g_main_loop_new (threaded.context, FALSE);
  thread = g_thread_new ("server", serve_thread, &threaded);
  nv_test_wait_until (NULL, g_atomic_int_get (&threaded.ready), 10000);

  fixture->server.port = threaded.port;
  health = client_new (fixture, BODY_NONE, 0, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n");
  client_thread (health);
  g_assert_cmpuint (answer_status (health), ==, 200);
  refused
      = client_new (fixture, BODY_LENGTH, 1024 * 1024, "POST /anything HTTP/1.1\r\nHost: x\r\n");
  client_thread (refused);
  g_assert_cmpuint (answer_status (refused), ==, 404);
  g_assert_true (refused->closed);

  g_main_loop_quit (threaded.loop);
  g_main_context_wakeup (threaded.context);
  g_thread_join (thread);
  g_main_loop_unref (threaded.loop);
  g_main_context_unref (threaded.context);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (count_accept_warnings_cb, NULL, NULL);

  ADD ("/server-limits/flood", test_flood);
  ADD ("/server-limits/expect-continue-refused", test_expect_continue_refused);
  ADD ("/server-limits/content-length-invalid", test_content_length_invalid);
  ADD ("/server-limits/paths", test_paths);
  ADD ("/server-limits/malformed-answered-json", test_malformed_answered_json);
  ADD ("/server-limits/unreadable-framing-no-leak", test_unreadable_framing_no_leak);
  ADD ("/server-limits/unknown-methods-not-kept", test_unknown_methods_not_kept);
  ADD ("/server-limits/pipelined-after-chunked", test_pipelined_after_chunked);
  ADD ("/server-limits/timeouts", test_timeouts);
  ADD ("/server-limits/keep-alive-idle", test_keep_alive_idle);
  ADD ("/server-limits/connection-caps", test_connection_caps);
  ADD ("/server-limits/trusted-proxy-not-capped", test_trusted_proxy_not_capped);
  ADD ("/server-limits/out-of-descriptors", test_out_of_descriptors);
  ADD ("/server-limits/own-thread", test_own_thread);
  return g_test_run ();
}
