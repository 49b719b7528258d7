/* nv-sqlite.h — what both stores need from SQLite: opening, migrations, errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef enum
{
  NV_SQLITE_SYNC_NORMAL, /* WAL + synchronous=NORMAL: durable at checkpoint, never corrupt */
  NV_SQLITE_SYNC_FULL,   /* WAL + synchronous=FULL: every commit survives power loss */
} NvSqliteSync;

/* A forward migration: the SQL that takes the schema from version - 1 to version. */
typedef struct
{
  int         version;
  const char *sql;
} NvMigration;

/* Opens (creating if missing) with WAL, foreign keys on, a busy timeout, and the
 * given synchronous mode. The error names the path and SQLite's reason. */
sqlite3 *nv_sqlite_open (const char *path, NvSqliteSync sync, GError **error);
void     nv_sqlite_close (sqlite3 *db);

/* Brings PRAGMA user_version up to the last migration, each step in its own
 * transaction. A database newer than the code is refused with NV_ERROR_STORE. */
gboolean
nv_sqlite_migrate (sqlite3 *db, const NvMigration *migrations, guint n_migrations, GError **error);
int nv_sqlite_schema_version (sqlite3 *db);

/* A prepared statement, or NULL with NV_ERROR_STORE saying why. */
sqlite3_stmt *nv_sqlite_prepare (sqlite3 *db, const char *sql, GError **error);
gboolean      nv_sqlite_exec (sqlite3 *db, const char *sql, GError **error);
/* Sets NV_ERROR_STORE with "@what: sqlite3_errmsg (db)". Always returns FALSE. */
gboolean nv_sqlite_error (GError **error, sqlite3 *db, const char *what);

/* Steps a statement that returns no rows; on anything but SQLITE_DONE sets
 * NV_ERROR_STORE with "@what: sqlite3_errmsg (db)" and returns FALSE. */
gboolean nv_sqlite_step_done (sqlite3 *db, sqlite3_stmt *stmt, const char *what, GError **error);

/* The only place a transaction begins or ends. NV_SQLITE_WRITE takes the write
 * lock at once (BEGIN IMMEDIATE), so a writer never fails half-way on a busy
 * database; NV_SQLITE_READ sees one snapshot across several queries. */
typedef enum
{
  NV_SQLITE_READ,
  NV_SQLITE_WRITE,
} NvSqliteLock;

gboolean nv_sqlite_begin (sqlite3 *db, NvSqliteLock lock, GError **error);
/* Commits when @ok, rolls back otherwise. Returns TRUE only when the work was
 * committed; a failed commit is rolled back and reported in @error. */
gboolean nv_sqlite_end (sqlite3 *db, gboolean ok, GError **error);

/* Prepared statements kept for the life of a connection, keyed by their SQL.
 * A statement handed out is reset and its bindings cleared; give it back with
 * nv_sqlite_cache_release() (or g_autoptr(NvSqliteCachedStmt)) before asking
 * for the same SQL again. */
typedef struct _NvSqliteCache NvSqliteCache;
typedef sqlite3_stmt          NvSqliteCachedStmt;

NvSqliteCache      *nv_sqlite_cache_new (sqlite3 *db);
void                nv_sqlite_cache_free (NvSqliteCache *cache);
NvSqliteCachedStmt *nv_sqlite_cache_prepare (NvSqliteCache *cache, const char *sql, GError **error);
void                nv_sqlite_cache_release (NvSqliteCachedStmt *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, nv_sqlite_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvSqliteCachedStmt, nv_sqlite_cache_release)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvSqliteCache, nv_sqlite_cache_free)

G_END_DECLS
