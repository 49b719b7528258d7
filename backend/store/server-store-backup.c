/* server-store-backup.c — backup and restore of the server's store
 *
 * A backup is SQLite's online backup of the live database, taken as one read transaction
 * while the server goes on writing: in WAL mode readers never wait for writers, so the
 * copy is the database as of one commit. It is written beside its destination and renamed
 * into place only once complete and checked, so a cut-off backup never looks like one.
 *
 * Restoring puts an older state back, and an older state reuses revision numbers that
 * kiosks already saw with other content. So the restored store gets a new epoch (part of
 * every content ETag) and its revision jumps far past the backup's and the replaced
 * store's: every kiosk then fetches its content whole (server-kiosk-api.c, docs/sync.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "server-store-backup.h"
#include "server-store-private.h"
#include "server-store.h"

#define DATABASE "neuvokas.db"
#define LOCK_FILE "neuvokas.lock"
/* How long a backup waits for a writer's lock before it gives up. */
#define BUSY_RETRY_MS 50
#define BUSY_TRIES 200

void
server_restore_report_clear (ServerRestoreReport *report)
{
  g_clear_pointer (&report->epoch, g_free);
  g_clear_pointer (&report->backup_time, g_free);
  g_clear_pointer (&report->replaced, g_free);
}

/* "@what @path: SQLite's reason". */
static gboolean
fail_sqlite (GError **error, sqlite3 *db, int rc, const char *what, const char *path)
{
  g_set_error (error, NV_ERROR, NV_ERROR_STORE, "%s %s: %s", what, path,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

/* One value of a query on @db, as text (NULL when there is no row or it failed). */
static char *
query_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char         *text = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static gint64
query_int (sqlite3 *db, const char *sql, const char *text_param, gint64 fallback)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value = fallback;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      if (text_param != NULL)
        sqlite3_bind_text (stmt, 1, text_param, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        value = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return value;
}

/* Copies the main database of @from into @to, waiting out a writer's lock. */
static int
copy_database (sqlite3 *from, sqlite3 *to)
{
  sqlite3_backup *backup = sqlite3_backup_init (to, "main", from, "main");
  int             rc;

  if (backup == NULL)
    return sqlite3_errcode (to);
  for (guint tries = 0;; tries++)
    {
      /* -1: every page in one step, so in one read transaction of the source. */
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries >= BUSY_TRIES)
        break;
      g_usleep (BUSY_RETRY_MS * 1000);
    }
  sqlite3_backup_finish (backup);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
sync_path (const char *path, GError **error)
{
  int fd = g_open (path, O_RDONLY, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "Cannot write %s: %s",
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
server_store_backup (const char *data_dir, const char *path, GError **error)
{
  g_autofree char *source = g_build_filename (data_dir, DATABASE, NULL);
  g_autofree char *partial = g_strconcat (path, ".partial", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *check = NULL;
  sqlite3         *from = NULL;
  sqlite3         *to = NULL;
  gboolean         ok = FALSE;
  int              fd;
  int              rc;

  g_return_val_if_fail (data_dir != NULL && path != NULL, FALSE);

  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no database %s to back up",
                   source);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                   "%s is a folder: name the file the backup goes to", path);
      return FALSE;
    }
  /* Made here, 0600, before SQLite writes it: the copy holds names and phone numbers. */
  g_unlink (partial);
  if ((fd = g_open (partial, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot write the backup in %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  if ((rc = sqlite3_open_v2 (source, &from, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK)
    {
      fail_sqlite (error, from, rc, "Cannot read the database", source);
      goto out;
    }
  sqlite3_busy_timeout (from, 5000);
  if ((rc = sqlite3_open_v2 (partial, &to, SQLITE_OPEN_READWRITE, NULL)) != SQLITE_OK)
    {
      fail_sqlite (error, to, rc, "Cannot write the backup", partial);
      goto out;
    }
  if ((rc = copy_database (from, to)) != SQLITE_OK)
    {
      fail_sqlite (error, to, rc, "Cannot write the backup", path);
      goto out;
    }
  /* One self-contained file, whatever journal the live database keeps. */
  g_free (query_text (to, "PRAGMA journal_mode=DELETE"));
  check = query_text (to, "PRAGMA quick_check");
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_STORE, "The backup %s did not pass its check: %s",
                   path, check != NULL ? check : sqlite3_errmsg (to));
      goto out;
    }
  sqlite3_close (to);
  to = NULL;
  if (!sync_path (partial, error))
    goto out;
  if (g_rename (partial, path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot put the backup at %s: %s", path, g_strerror (saved_errno));
      goto out;
    }
  ok = sync_path (dir, error);

out:
  sqlite3_close (to);
  sqlite3_close (from);
  if (!ok)
    g_unlink (partial);
  return ok;
}

int
server_store_lock_data_dir (const char *data_dir, gboolean exclusive, GError **error)
{
  g_autofree char *path = g_build_filename (data_dir, LOCK_FILE, NULL);
  int              fd = g_open (path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "Cannot lock %s: %s",
                   path, g_strerror (saved_errno));
      return -1;
    }
  if (flock (fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
    {
      close (fd);
      if (exclusive)
        g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT,
                     "The database in %s is in use by a running server: stop it first "
                     "(systemctl stop neuvokas-server)",
                     data_dir);
      else
        g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT,
                     "A backup is being restored into %s: start the server when it is done",
                     data_dir);
      return -1;
    }
  return fd;
}

/* Checks that @db (opened from @path) is a Neuvokas store this server can open. */
static gboolean
check_restorable (sqlite3 *db, const char *path, GError **error)
{
  g_autofree char *version_text = query_text (db, "PRAGMA user_version");
  g_autofree char *revision = NULL;
  g_autofree char *check = NULL;
  gint64           version = version_text != NULL ? g_ascii_strtoll (version_text, NULL, 10) : -1;

  if (version_text == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID, "%s is not a Neuvokas database: %s", path,
                   sqlite3_errmsg (db));
      return FALSE;
    }
  revision = query_text (db, "SELECT value FROM meta WHERE key = 'content_revision'");
  if (version <= 0 || revision == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                   "%s is not a Neuvokas database: it has no content revision", path);
      return FALSE;
    }
  if (version > server_store_schema_version ())
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                   "%s was made by a newer neuvokas-server (schema %" G_GINT64_FORMAT
                   "; this one knows up to %d): restore it with that version or a newer one",
                   path, version, server_store_schema_version ());
      return FALSE;
    }
  check = query_text (db, "PRAGMA quick_check");
  if (g_strcmp0 (check, "ok") != 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID, "%s is damaged: %s", path,
                   check != NULL ? check : sqlite3_errmsg (db));
      return FALSE;
    }
  return TRUE;
}

/* The newest time anything from a kiosk reached @db: what a restore of it lacks came
 * later. NULL when it holds nothing from kiosks. */
static char *
newest_received (sqlite3 *db)
{
  return query_text (db, "SELECT max(received) FROM (SELECT max(received) AS received FROM events "
                         "UNION ALL SELECT max(received) FROM appointments)");
}

/* Gives the restored store in @dir its new epoch and first revision. */
static gboolean
start_epoch (const char *dir, gint64 revision, ServerRestoreReport *report, GError **error)
{
  g_autoptr (ServerStore) store = NULL;
  g_autofree char *epoch = server_store_new_epoch ();
  sqlite3_stmt    *stmt = NULL;
  gboolean         ok;
  sqlite3         *db;

  /* Opening migrates an older backup to this server's schema. */
  if ((store = server_store_open (dir, NULL, error)) == NULL)
    return FALSE;
  db = server_store_get_db (store);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = sqlite3_prepare_v2 (db,
                           "INSERT OR REPLACE INTO meta (key, value) VALUES ('epoch', ?1), "
                           "('content_revision', ?2), ('revision_floor', ?2)",
                           -1, &stmt, NULL)
       == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, epoch, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, revision);
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (ok)
    ok = sqlite3_prepare_v2 (db,
                             "INSERT OR REPLACE INTO content_revisions (revision, made_at) "
                             "VALUES (?1, ?2)",
                             -1, &stmt, NULL)
         == SQLITE_OK;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, revision);
      sqlite3_bind_int64 (stmt, 2, server_store_now (store));
      ok = sqlite3_step (stmt) == SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  if (!ok)
    nv_sqlite_error (error, db, "Cannot start the restored store's epoch");
  if (!nv_sqlite_end (db, ok, ok ? error : NULL) || !ok)
    return FALSE;
  report->epoch = g_steal_pointer (&epoch);
  report->revision = revision;
  return TRUE;
}

/* Moves @data_dir's database (with its WAL files) aside to *@out_replaced. */
static gboolean
keep_replaced (const char *data_dir, char **out_replaced, GError **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *base = g_strdup_printf ("%s.before-restore-%s", DATABASE, stamp);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (data_dir, "/", DATABASE, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (data_dir, "/", base, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Cannot move %s aside: %s", from, g_strerror (saved_errno));
          return FALSE;
        }
    }
  *out_replaced = g_build_filename (data_dir, base, NULL);
  return TRUE;
}

gboolean
server_store_restore (const char          *data_dir,
                      const char          *path,
                      ServerRestoreReport *report,
                      GError             **error)
{
  g_autofree char *live_path = g_build_filename (data_dir, DATABASE, NULL);
  g_autofree char *work = NULL;
  g_autofree char *restored = NULL;
  sqlite3         *backup = NULL;
  sqlite3         *live = NULL;
  sqlite3         *to = NULL;
  gint64           live_revision = 0;
  gboolean         ok = FALSE;
  int              lock = -1;
  int              rc;

  g_return_val_if_fail (data_dir != NULL && path != NULL && report != NULL, FALSE);

  *report = (ServerRestoreReport){ 0, 0, NULL, NULL, NULL, -1, -1 };
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no backup file %s", path);
      return FALSE;
    }
  if ((rc = sqlite3_open_v2 (path, &backup, SQLITE_OPEN_READONLY, NULL)) != SQLITE_OK)
    {
      fail_sqlite (error, backup, rc, "Cannot read the backup", path);
      goto out;
    }
  if (!check_restorable (backup, path, error))
    goto out;
  if ((lock = server_store_lock_data_dir (data_dir, TRUE, error)) < 0)
    goto out;
  report->backup_revision = query_int (
      backup, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'content_revision'", NULL, 0);
  report->backup_time = newest_received (backup);

  if (g_file_test (live_path, G_FILE_TEST_EXISTS)
      && sqlite3_open_v2 (live_path, &live, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK)
    {
      const char *after = report->backup_time != NULL ? report->backup_time : "";

      live_revision = query_int (
          live, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'content_revision'", NULL, 0);
      report->lost_events
          = query_int (live, "SELECT count(*) FROM events WHERE received > ?1", after, -1);
      report->lost_requests
          = query_int (live, "SELECT count(*) FROM appointments WHERE received > ?1", after, -1);
    }
  sqlite3_close (live);
  live = NULL;

  /* Built in a folder of its own inside the data folder, then renamed into place. */
  work = g_build_filename (data_dir, ".restore-XXXXXX", NULL);
  if (g_mkdtemp_full (work, 0700) == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot write in %s: %s",
                   data_dir, g_strerror (errno));
      goto out;
    }
  restored = g_build_filename (work, DATABASE, NULL);
  if ((rc = sqlite3_open_v2 (restored, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL))
          != SQLITE_OK
      || (rc = copy_database (backup, to)) != SQLITE_OK)
    {
      fail_sqlite (error, to, rc, "Cannot copy the backup into", data_dir);
      goto out;
    }
  sqlite3_close (to);
  to = NULL;
  g_chmod (restored, 0600);
  if (!start_epoch (work,
                    MAX (live_revision, report->backup_revision) + SERVER_RESTORE_REVISION_JUMP,
                    report, error))
    goto out;
  if (!sync_path (restored, error) || !keep_replaced (data_dir, &report->replaced, error))
    goto out;
  if (g_rename (restored, live_path) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Cannot put %s in place: %s",
                   live_path, g_strerror (errno));
      goto out;
    }
  ok = sync_path (data_dir, error);
  if (report->lost_events < 0)
    g_clear_pointer (&report->replaced, g_free);

out:
  if (work != NULL)
    {
      g_autofree char *wal = g_strconcat (restored != NULL ? restored : "", "-wal", NULL);
      g_autofree char *shm = g_strconcat (restored != NULL ? restored : "", "-shm", NULL);

      if (restored != NULL)
        {
          g_unlink (restored);
          g_unlink (wal);
          g_unlink (shm);
        }
      g_rmdir (work);
    }
  sqlite3_close (to);
  sqlite3_close (live);
  sqlite3_close (backup);
  if (lock >= 0)
    close (lock);
  return ok;
}
