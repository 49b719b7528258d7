/* nv-test-util.h — small helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

/* Iterates @context (NULL: the default one) until @condition (an expression) holds,
 * failing the test after @timeout_ms. Never sleeps: it waits on the main loop. */
#define nv_test_wait_until(context, condition, timeout_ms)                                         \
  G_STMT_START                                                                                     \
  {                                                                                                \
    gint64 nv_deadline_ = g_get_monotonic_time () + (gint64) (timeout_ms) *1000;                   \
    guint  nv_tick_ = g_timeout_add (10, nv_test_tick_cb_, NULL);                                  \
    while (!(condition))                                                                           \
      {                                                                                            \
        if (g_get_monotonic_time () > nv_deadline_)                                                \
          g_error ("%s:%d: timed out after %d ms waiting for %s", __FILE__, __LINE__,              \
                   (int) (timeout_ms), #condition);                                                \
        g_main_context_iteration ((context), TRUE);                                                \
      }                                                                                            \
    g_source_remove (nv_tick_);                                                                    \
  }                                                                                                \
  G_STMT_END

static inline gboolean
nv_test_tick_cb_ (gpointer data)
{
  /* Only wakes the loop so the deadline is checked. */
  return G_SOURCE_CONTINUE;
}

/* Gives up the caller's reference to @object and waits until it is finalized, failing the
 * test after @timeout_ms: a GTask run in a worker thread drops its own references (to its
 * source object, and what that holds) on that thread a moment after its callback has
 * run on the main loop, so "finalized at once" would be a race, but "never" is a leak. */
static inline void
nv_test_wait_finalized (gpointer object, guint timeout_ms)
{
  gpointer weak = object;

  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  nv_test_wait_until (NULL, g_atomic_pointer_get (&weak) == NULL, timeout_ms);
}

/* A fresh temporary directory; remove it with nv_test_rm_rf(). */
static inline char *
nv_test_make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("neuvokas-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
nv_test_rm_rf (const char *path)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFileEnumerator) children = NULL;

  if (path == NULL)
    return;
  file = g_file_new_for_path (path);
  children = g_file_enumerate_children (
      file, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
      G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, g_file_info_get_name (info), NULL);

          if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
            nv_test_rm_rf (child);
          else
            g_unlink (child);
          g_object_unref (info);
        }
    }
  g_rmdir (path);
}

/* How many file descriptors this process has open. */
static inline guint
nv_test_count_open_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* How many sockets this process has open: listening and connected, server's and clients'
 * (thread pools' eventfds, which clients leave behind, are not counted). */
static inline guint
nv_test_count_open_sockets (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;
  guint       n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/fd", name, NULL);
      g_autofree char *target = g_file_read_link (path, NULL);

      if (target != NULL && g_str_has_prefix (target, "socket:"))
        n++;
    }
  return n;
}

/* The default content shipped in data/content (set by tests/meson.build). */
static inline const char *
nv_test_content_dir (void)
{
  const char *dir = g_getenv ("NEUVOKAS_CONTENT_DIR");

  g_assert_nonnull (dir);
  return dir;
}

static inline void
nv_test_die_with_parent_ (gpointer data)
{
  /* A failed assertion must not leave a server running that holds the test log open. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* g_subprocess_newv, with the child killed when the test process dies. */
static inline GSubprocess *
nv_test_spawnv (GSubprocessFlags flags, const char *const *argv, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, nv_test_die_with_parent_, NULL, NULL);
  return g_subprocess_launcher_spawnv (launcher, argv, error);
}

/* A real `neuvokas-server serve` on 127.0.0.1, on a free port. */
typedef struct
{
  GSubprocess      *process;
  char             *url; /* "http://127.0.0.1:PORT/" (https:// when it serves HTTPS) */
  GDataInputStream *out; /* the rest of its standard output, for whoever reads on */
} NvTestServer;

/* Runs @exe --data-dir @data_dir serve @args… (a NULL-terminated list: --listen, and
 * whatever else the test needs). Fails the program when the server does not say where
 * it listens. */
static inline NvTestServer *
nv_test_server_startv (const char *exe, const char *data_dir, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  NvTestServer     *server = g_new0 (NvTestServer, 1);
  GDataInputStream *out;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  const char      *url;

  g_ptr_array_add (argv, (gpointer) exe);
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, (gpointer) data_dir);
  g_ptr_array_add (argv, "serve");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  server->process
      = nv_test_spawnv (G_SUBPROCESS_FLAGS_STDOUT_PIPE, (const char *const *) argv->pdata, &error);
  if (server->process == NULL)
    g_error ("cannot start %s: %s", exe, error->message);
  out = server->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (line == NULL || (url = strstr (line, "://127.0.0.1:")) == NULL)
    g_error ("%s did not say where it listens: %s", exe,
             error != NULL  ? error->message
             : line != NULL ? line
                            : "(it exited)");
  while (url > line && g_ascii_isalpha (url[-1]))
    url--;
  server->url = g_strdup (url);
  return server;
}

/* @content_dir may be NULL (the default content). */
static inline NvTestServer *
nv_test_server_start (const char *exe, const char *data_dir, const char *content_dir)
{
  const char *args[] = { "--listen", "127.0.0.1:0", content_dir != NULL ? "--content-dir" : NULL,
                         content_dir, NULL };

  return nv_test_server_startv (exe, data_dir, args);
}

static inline const char *
nv_test_server_get_url (NvTestServer *server)
{
  return server->url;
}

/* SIGTERM and wait: the server finishes what it was writing. */
static inline void
nv_test_server_stop (NvTestServer *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_clear_object (&server->out);
  g_free (server->url);
  g_free (server);
}

/* Kiosk sync failures are warnings, for whoever runs the kiosk (app/kiosk-sync.c). A test
 * program that makes syncs fail on purpose keeps them from the default writer, which makes
 * every warning fatal under G_DEBUG=fatal-warnings; it counts them and keeps the last. */
static inline gint *
nv_test_sync_warnings_count_ (void)
{
  static gint count;

  return &count;
}

static inline char **
nv_test_sync_warnings_last_ (void)
{
  static char *last;

  return &last;
}

static inline GLogWriterOutput
nv_test_sync_warnings_writer_ (GLogLevelFlags   level,
                               const GLogField *fields,
                               gsize            n_fields,
                               gpointer         user_data)
{
  for (gsize i = 0; (level & G_LOG_LEVEL_WARNING) && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0
        && g_str_has_prefix (fields[i].value, "Sync with "))
      {
        g_free (*nv_test_sync_warnings_last_ ());
        *nv_test_sync_warnings_last_ () = g_strdup (fields[i].value);
        g_atomic_int_inc (nv_test_sync_warnings_count_ ());
        g_printerr ("(expected) %s\n", (const char *) fields[i].value);
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Call once, first thing in main(). */
static inline void
nv_test_expect_sync_warnings (void)
{
  g_log_set_writer_func (nv_test_sync_warnings_writer_, NULL, NULL);
}

/* How many sync warnings were logged so far, and the last one (NULL: none). */
static inline guint
nv_test_sync_warnings (void)
{
  return (guint) g_atomic_int_get (nv_test_sync_warnings_count_ ());
}

static inline const char *
nv_test_sync_warnings_last (void)
{
  return *nv_test_sync_warnings_last_ ();
}
