/* server-store-info-reports.c — "This information is wrong": the advisors' queue
 *
 * A kiosk's report is the info_reported usage event it sent (docs/events.md): it
 * arrives through the outbox exactly once, stays anonymous, and needs nothing of the
 * event writer; a partial index finds those events among all the others. A report
 * staff file themselves is a row of info_reports. What advisors did with either is a
 * row of info_reports_handled, keyed by the report's id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-store-drafts.h"
#include "server-store-info-reports.h"
#include "server-store-private.h"
#include "server-token.h"

static const char *const reasons[] = { "hours", "phone", "address", "closed", "other", NULL };

gboolean
server_info_report_reason_is_valid (const char *reason)
{
  return reason != NULL && g_strv_contains (reasons, reason);
}

void
server_info_report_free (ServerInfoReport *report)
{
  if (report == NULL)
    return;
  g_free (report->id);
  g_free (report->organisation);
  g_free (report->organisation_name);
  g_free (report->reason);
  g_clear_pointer (&report->created, g_date_time_unref);
  g_free (report->kiosk);
  g_free (report->filed_by);
  g_clear_pointer (&report->handled, g_date_time_unref);
  g_free (report->handled_by);
  g_free (report);
}

static char *
text_at (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static GDateTime *
time_at (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

GPtrArray *
server_store_list_info_reports (ServerStore *self, guint limit, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) reports = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (
           self,
           "WITH reports AS ("
           "  SELECT e.id, e.subject AS organisation, e.detail AS reason, e.time AS created,"
           "         k.name AS kiosk, NULL AS filed_by"
           "  FROM events e LEFT JOIN kiosks k ON k.id = e.kiosk"
           "  WHERE e.type = 'info_reported'"
           "  UNION ALL"
           "  SELECT id, organisation, reason, created, NULL, filed_by FROM info_reports)"
           "SELECT r.id, r.organisation, json_extract (o.document, '$.name.fi'), r.reason,"
           "       r.created, r.kiosk, r.filed_by, h.handled, h.handled_by"
           " FROM reports r LEFT JOIN info_reports_handled h ON h.id = r.id"
           " LEFT JOIN organisations o ON o.id = r.organisation"
           " ORDER BY h.handled IS NOT NULL, CASE WHEN h.handled IS NULL THEN r.created END,"
           "          h.handled DESC, r.id"
           " LIMIT ?1",
           error))
      == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  reports = g_ptr_array_new_with_free_func ((GDestroyNotify) server_info_report_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerInfoReport *report = g_new0 (ServerInfoReport, 1);

      report->id = text_at (stmt, 0);
      report->organisation = text_at (stmt, 1);
      report->organisation_name = text_at (stmt, 2);
      report->reason = text_at (stmt, 3);
      report->created = time_at (stmt, 4);
      report->kiosk = text_at (stmt, 5);
      report->filed_by = text_at (stmt, 6);
      report->handled = time_at (stmt, 7);
      report->handled_by = text_at (stmt, 8);
      g_ptr_array_add (reports, report);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot list the reports");
      return NULL;
    }
  return g_steal_pointer (&reports);
}

static char *
now_text (ServerStore *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (self));

  return nv_format_time_utc (now);
}

char *
server_store_file_info_report (ServerStore *self,
                               const char  *organisation,
                               const char  *reason,
                               const char  *actor,
                               GError     **error)
{
  g_autoptr (NvOrganisation) place = NULL;
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *created = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (!server_info_report_reason_is_valid (reason))
    {
      nv_set_field_error (error, "reason",
                          "must be hours, phone, address, closed or other: what is wrong");
      return NULL;
    }
  if (organisation == NULL
      || (place = server_store_get_organisation (self, organisation, &local_error)) == NULL)
    {
      if (local_error != NULL && !g_error_matches (local_error, NV_ERROR, NV_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      nv_set_field_error (error, "organisation", "must be the id of a place in the directory");
      return NULL;
    }
  if ((stmt = server_store_cached (self,
                                   "INSERT INTO info_reports (id, organisation, reason, created,"
                                   " filed_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                                   error))
      == NULL)
    return NULL;
  id = server_token_make_id ("report");
  created = now_text (self);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, organisation, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, created, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, actor, -1, SQLITE_TRANSIENT);
  if (!nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot file the report", error))
    return NULL;
  return g_steal_pointer (&id);
}

static gboolean
report_exists (ServerStore *self, const char *id, gboolean *out_exists, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT 1 FROM events WHERE id = ?1 AND type = 'info_reported'"
                                   " UNION ALL SELECT 1 FROM info_reports WHERE id = ?1",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot find the report");
  *out_exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
mark_handled (ServerStore *self, const char *id, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *handled = now_text (self);
  gboolean         exists = FALSE;

  if (!report_exists (self, id, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no report %s", id);
      return FALSE;
    }
  /* Handled once: a second advisor's click keeps the first one's name and time. */
  if ((stmt = server_store_cached (self,
                                   "INSERT OR IGNORE INTO info_reports_handled (id, handled,"
                                   " handled_by) VALUES (?1, ?2, ?3)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, handled, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, actor, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot mark the report", error);
}

gboolean
server_store_handle_info_report (ServerStore *self,
                                 const char  *id,
                                 const char  *actor,
                                 GError     **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && actor != NULL, FALSE);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = mark_handled (self, id, actor, error);
  return nv_sqlite_end (db, ok, error);
}
