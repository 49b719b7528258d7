/* bench-sqlite.h — what the benchmarks that fill a store by hand share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-sqlite.h"

/* Runs @sql on @db; a benchmark cannot go on without it. */
static inline void
bench_exec_or_die (sqlite3 *db, const char *sql)
{
  g_autoptr (GError) error = NULL;

  if (!nv_sqlite_exec (db, sql, &error))
    g_error ("%s", error->message);
}
