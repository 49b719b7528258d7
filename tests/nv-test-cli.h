/* nv-test-cli.h — running neuvokas-server's command line from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

/* Runs $NEUVOKAS_SERVER --data-dir @server_dir with the arguments in @args (up to a
 * NULL), as an administrator would; fails the test unless it exits 0. Returns its
 * output. */
static inline char *
nv_test_cli_runv (const char *server_dir, va_list args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char       *out = NULL;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) g_getenv ("NEUVOKAS_SERVER"));
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, (gpointer) server_dir);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return out;
}

static inline char *
nv_test_cli_run (const char *server_dir, ...)
{
  va_list args;
  char   *out;

  va_start (args, server_dir);
  out = nv_test_cli_runv (server_dir, args);
  va_end (args);
  return out;
}

/* `kiosk add`, then the token line of its output. */
static inline char *
nv_test_cli_add_kiosk (const char *server_dir, const char *name)
{
  g_autofree char *added
      = nv_test_cli_run (server_dir, "kiosk", "add", "--name", name, "--municipality", "564", NULL);
  const char *token = strstr (added, "nvk_");

  g_assert_nonnull (token);
  return g_strndup (token, strcspn (token, "\n"));
}

/* The ids of the usage events the server in @server_dir holds, read from its database
 * (the evaluators' export carries no event ids); @n_rows (optional) gets the number of
 * rows, which differs from the set's size when an event was stored twice. */
static inline GHashTable *
nv_test_server_event_ids (const char *server_dir, guint *n_rows)
{
  g_autofree char *path = g_build_filename (server_dir, "neuvokas.db", NULL);
  GHashTable      *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  guint            rows = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM events", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_hash_table_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      rows++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  if (n_rows != NULL)
    *n_rows = rows;
  return ids;
}

/* `user add NAME --role ROLE`, the password read as one line of standard input (not a
 * terminal), as an administrator's script gives it. */
static inline void
nv_test_cli_add_user (const char *server_dir,
                      const char *name,
                      const char *role,
                      const char *password)
{
  const char *argv[] = { g_getenv ("NEUVOKAS_SERVER"),
                         "--data-dir",
                         server_dir,
                         "user",
                         "add",
                         name,
                         "--role",
                         role,
                         NULL };
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *input = g_strconcat (password, "\n", NULL);

  process = g_subprocess_newv (argv,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                   | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}
