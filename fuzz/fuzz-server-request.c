/* fuzz-server-request.c — libFuzzer harness for the server's request handling
 *
 * The bytes are what a client sends on one connection, one or more HTTP/1.1 requests:
 * written into one end of a socket pair whose other end is handed to the SoupServer of
 * server_api_new_http() (every route family, a real store in a temporary directory) with
 * soup_server_accept_iostream(), as the server's own listener hands it over (a
 * ServerHttpConnection, whose input screens each request's head). The client end is then closed for
 * writing and the harness reads the answers until the server closes the connection. A server that
 * never closes it is a hang: nv_test_wait_until() ends the run after a few seconds.
 *
 * So that the fuzzer gets past authentication, these words in the input are replaced by
 * live credentials: @KIOSK@ (a kiosk's bearer token), @ADVISOR@, @EVALUATOR@ and @ADMIN@
 * (the nv_session cookie of a staff member in that role) and @CSRF-ADVISOR@,
 * @CSRF-EVALUATOR@ and @CSRF-ADMIN@ (their X-CSRF-Token). The store lives for the whole
 * run, so what one input writes (an event, an appointment, a slot) the next one sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server-api.h"
#include "server-http-private.h"
#include "server-store-kiosks.h"
#include "server-store-private.h"
#include "server-store-users.h"

#include "nv-fuzz.h"
#include "nv-test-util.h"

/* Long enough for a big request on this loaded machine, short enough to call it a hang. */
#define ANSWER_TIMEOUT_MS 10000

typedef struct
{
  const char *name;
  ServerRole  role;
  gint64      user_id;
  char       *token;
  char       *csrf;
} Staff;

static Staff staff[] = {
  { "advisor", SERVER_ROLE_ADVISOR },
  { "evaluator", SERVER_ROLE_EVALUATOR },
  { "admin", SERVER_ROLE_ADMIN },
};

static ServerStore    *store;
static ServerHttp     *http;
static char           *kiosk_token;
static GSocketAddress *local_address;
static GSocketAddress *remote_address;

/* A live session for @member: the input before may have signed it out. */
static void
ensure_session (Staff *member)
{
  g_autoptr (ServerSession) session = NULL;
  g_autoptr (GError) error = NULL;

  if (member->token != NULL
      && (session = server_store_authenticate_session (store, member->token)) != NULL)
    return;
  g_clear_pointer (&member->token, g_free);
  g_clear_pointer (&member->csrf, g_free);
  session = server_store_create_session (store, member->user_id, &member->token, &error);
  g_assert_no_error (error);
  member->csrf = g_strdup (session->csrf_token);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *dir = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autoptr (GError) error = NULL;

  nv_fuzz_init ();
  /* As in the suite: Argon2id at its real cost (0.1 s and 64 MiB a hash) made every input
   * that signs in cost as much as a few hundred others, and checks nothing more. */
  server_store_use_cheap_password_hashing ();
  dir = nv_fuzz_make_tmpdir ();
  store = server_store_open (dir, NV_FUZZ_SEED_DIR, &error);
  g_assert_no_error (error);
  http = server_api_new_http (store, &error);
  g_assert_no_error (error);
  g_assert_true (
      server_store_add_kiosk (store, "Fuzz kiosk", "564", &kiosk_id, &kiosk_token, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autoptr (ServerUser) user = NULL;

      g_assert_true (server_store_add_user (store, staff[i].name, staff[i].role,
                                            "fuzzing-password-1234", &error));
      user = server_store_find_user (store, staff[i].name, &error);
      g_assert_no_error (error);
      staff[i].user_id = user->id;
    }
  local_address = g_inet_socket_address_new_from_string ("127.0.0.1", 8080);
  remote_address = g_inet_socket_address_new_from_string ("127.0.0.1", 40000);
  return 0;
}

static GBytes *
with_credentials (const guint8 *data, size_t size)
{
  g_autoptr (GString) text = g_string_new_len ((const char *) data, size);

  g_string_replace (text, "@KIOSK@", kiosk_token, 0);
  for (guint i = 0; i < G_N_ELEMENTS (staff); i++)
    {
      g_autofree char *upper = g_ascii_strup (staff[i].name, -1);
      g_autofree char *session_word = g_strdup_printf ("@%s@", upper);
      g_autofree char *csrf_word = g_strdup_printf ("@CSRF-%s@", upper);

      ensure_session (&staff[i]);
      g_string_replace (text, csrf_word, staff[i].csrf, 0);
      g_string_replace (text, session_word, staff[i].token, 0);
    }
  return g_string_free_to_bytes (g_steal_pointer (&text));
}

typedef struct
{
  int      fd;
  gboolean closed;
} Client;

static gboolean
client_readable_cb (int fd, GIOCondition condition, gpointer data)
{
  Client *client = data;
  char    buffer[16384];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    ;
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  client->closed = TRUE; /* the end of the answers, or the connection reset */
  return G_SOURCE_REMOVE;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) request = with_credentials (data, size);
  g_autoptr (GSocket) socket = NULL;
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  Client      client = { -1, FALSE };
  int         fds[2];
  gsize       length;
  const char *bytes = g_bytes_get_data (request, &length);
  gsize       written = 0;

  g_assert_no_errno (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds));
  client.fd = fds[1];
  g_assert_true (g_unix_set_fd_nonblocking (client.fd, TRUE, NULL));
  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  /* The connection the server's listener makes: its input screens each request's head. */
  connection = server_http_connection_new (socket);
  g_assert_true (soup_server_accept_iostream (server_http_get_soup_server (http),
                                              G_IO_STREAM (connection), local_address,
                                              remote_address, &error));
  g_assert_no_error (error);

  /* All of it at once: libFuzzer's -max_len keeps an input below the socket's buffer. */
  while (written < length)
    {
      ssize_t n = write (client.fd, bytes + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      written += n;
    }
  shutdown (client.fd, SHUT_WR);

  g_unix_fd_add (client.fd, G_IO_IN | G_IO_HUP | G_IO_ERR, client_readable_cb, &client);
  nv_test_wait_until (NULL, client.closed, ANSWER_TIMEOUT_MS);
  close (client.fd);
  /* Let the server finish with the connection, so that no input looks like a leak. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return 0;
}
