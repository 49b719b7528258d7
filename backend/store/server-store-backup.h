/* server-store-backup.h — a consistent copy of the store while it serves, and putting
 * one back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How far a restored content revision jumps past the backup's and the replaced store's:
 * revisions a kiosk saw and the backup lacks are never used again, even when the replaced
 * store is gone and its last revision unknown. */
#define SERVER_RESTORE_REVISION_JUMP 1000000

/* What a restore found and did, for the administrator. */
typedef struct
{
  gint64 backup_revision; /* the content revision in the backup */
  gint64 revision;        /* the restored store's, the first of its new epoch */
  char  *epoch;           /* the new epoch */
  char  *backup_time;     /* the newest event or request the backup received (UTC), or NULL */
  char  *replaced;        /* where the replaced database was kept, or NULL when there was none */
  gint64 lost_events;     /* usage events only the replaced database holds (-1: unknown) */
  gint64 lost_requests;   /* appointment requests only the replaced database holds (-1) */
} ServerRestoreReport;

void server_restore_report_clear (ServerRestoreReport *report);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ServerRestoreReport, server_restore_report_clear)

/* Copies @data_dir/neuvokas.db to @path (mode 0600) with SQLite's online backup, as one
 * read transaction: consistent while the server writes, WAL included. The copy is
 * written beside @path and renamed into place when complete and checked. */
gboolean server_store_backup (const char *data_dir, const char *path, GError **error);

/* Puts the backup @path in place of @data_dir/neuvokas.db, which must not be in use (the
 * server stopped: server_store_lock_data_dir() fails otherwise). @path must be a Neuvokas
 * store whose schema this server knows. The restored store gets a new epoch, and its
 * content revision jumps by SERVER_RESTORE_REVISION_JUMP, so every kiosk fetches all its
 * content again. The replaced database is kept beside it, 0600. */
gboolean server_store_restore (const char          *data_dir,
                               const char          *path,
                               ServerRestoreReport *report,
                               GError             **error);

/* Holds @data_dir for the server (shared) or for a restore (exclusive), until the returned
 * descriptor is closed; -1 with an error saying who holds it otherwise. */
int server_store_lock_data_dir (const char *data_dir, gboolean exclusive, GError **error);

G_END_DECLS
