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
  NV_SQLITE_SYNC_NORMAL,  /* WAL + synchronous=NORMAL: durable at checkpoint, never corrupt */
  NV_SQLITE_SYNC_FULL,    /* WAL + synchronous=FULL: every commit survives power loss */
} NvSqliteSync;

/* A forward migration: the SQL that takes the schema from version - 1 to version. */
typedef struct
{
  int         version;
  const char *sql;
} NvMigration;

/* Opens (creating if missing) with WAL, foreign keys on, a busy timeout, and the
 * given synchronous mode. The error names the path and SQLite's reason. */
sqlite3  *nv_sqlite_open      (const char        *path,
                               NvSqliteSync       sync,
                               GError           **error);
void      nv_sqlite_close     (sqlite3           *db);

/* Brings PRAGMA user_version up to the last migration, each step in its own
 * transaction. A database newer than the code is refused with NV_ERROR_STORE. */
gboolean  nv_sqlite_migrate   (sqlite3           *db,
                               const NvMigration *migrations,
                               guint              n_migrations,
                               GError           **error);
int       nv_sqlite_schema_version (sqlite3      *db);

/* A prepared statement, or NULL with NV_ERROR_STORE saying why. */
sqlite3_stmt *nv_sqlite_prepare (sqlite3       *db,
                                 const char    *sql,
                                 GError       **error);
gboolean  nv_sqlite_exec      (sqlite3           *db,
                               const char        *sql,
                               GError           **error);
/* Sets NV_ERROR_STORE with "@what: sqlite3_errmsg (db)". Always returns FALSE. */
gboolean  nv_sqlite_error     (GError           **error,
                               sqlite3           *db,
                               const char        *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, nv_sqlite_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
