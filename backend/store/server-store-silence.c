/* server-store-silence.c — kiosks that went dark while their host library was open
 *
 * Contacts are kept as the hours a kiosk reached the server in (kiosk_contact_hours,
 * written by the event writer); a host's opening hours are its organisation's. An hour
 * counts as open when its host is open at its middle: Finnish time differs from UTC by
 * whole hours, so opening hours on the hour fill whole hours.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-private.h"
#include "server-store-silence.h"

/* Contacts wait up to a minute in memory for the writer (server-ingest.c): an hour that
 * ended less than this ago may still get its contact. */
#define CONTACT_LAG_SECONDS 120

void
server_kiosk_silence_free (ServerKioskSilence *silence)
{
  if (silence == NULL)
    return;
  g_free (silence->id);
  g_free (silence->name);
  g_free (silence->host);
  nv_text_clear (&silence->host_name);
  g_free (silence);
}

gboolean
server_store_set_kiosk_host (ServerStore *self,
                             const char  *kiosk,
                             const char  *organisation,
                             const char  *actor,
                             GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) detail = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (self));
  g_autofree char *time = nv_format_time_utc (now);
  sqlite3         *db;
  gboolean         ok;
  int              rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (kiosk != NULL, FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "host");
  if (organisation != NULL)
    json_builder_add_string_value (builder, organisation);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (stmt = server_store_cached (
            self,
            "SELECT EXISTS (SELECT 1 FROM kiosks WHERE id = ?1),"
            "       ?2 IS NULL OR EXISTS (SELECT 1 FROM organisations WHERE id = ?2)",
            error))
       != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, kiosk, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, organisation, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        ok = nv_sqlite_error (error, db, "Cannot read the kiosks");
      else if (sqlite3_column_int (stmt, 0) == 0)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no kiosk “%s”", kiosk);
          ok = FALSE;
        }
      else if (sqlite3_column_int (stmt, 1) == 0)
        {
          nv_set_field_error_code (error, "host", "unknown-organisation",
                                   "names an organisation “%s” that does not exist", organisation);
          ok = FALSE;
        }
      g_clear_pointer (&stmt, nv_sqlite_cache_release);
    }
  if (ok)
    ok = (stmt = server_store_cached (
              self,
              organisation != NULL ? "INSERT OR REPLACE INTO kiosk_hosts (kiosk, organisation)"
                                     " VALUES (?1, ?2)"
                                   : "DELETE FROM kiosk_hosts WHERE kiosk = ?1",
              error))
         != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, kiosk, -1, SQLITE_TRANSIENT);
      if (organisation != NULL)
        sqlite3_bind_text (stmt, 2, organisation, -1, SQLITE_TRANSIENT);
      ok = nv_sqlite_step_done (db, stmt, "Cannot set the kiosk's host", error);
    }
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  /* The host reaches the kiosk with its settings (host-organisation): a revision, so
   * that its next poll is answered with them rather than 304. */
  ok = ok && server_store_bump_revision (self, error) > 0;
  ok = ok && server_store_audit_detail (self, time, actor, "kiosk-host-set", kiosk, detail, error);
  return nv_sqlite_end (db, ok, error);
}

/* The hours from @from_hour to @to_hour (hours since the epoch) @kiosk reached the
 * server in, as a set. */
static GHashTable *
read_contact_hours (
    ServerStore *self, const char *kiosk, gint64 from_hour, gint64 to_hour, GError **error)
{
  g_autoptr (GHashTable) hours = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT hour FROM kiosk_contact_hours"
                                   "  WHERE kiosk = ?1 AND hour >= ?2 AND hour < ?3",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kiosk, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, from_hour);
  sqlite3_bind_int64 (stmt, 3, to_hour);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (hours,
                      g_memdup2 (&(gint64){ sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)));
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the kiosk's contacts");
      return NULL;
    }
  return g_steal_pointer (&hours);
}

/* Counts @silence's open and dark hours from @from_hour to @to_hour. */
static gboolean
count_dark_hours (ServerStore          *self,
                  ServerKioskSilence   *silence,
                  const NvOpeningHours *hours,
                  gint64                from_hour,
                  gint64                to_hour,
                  GError              **error)
{
  g_autoptr (GHashTable) contacts = NULL;

  silence->open_hours = 0;
  silence->dark_hours = 0;
  if (from_hour >= to_hour)
    return TRUE;
  if ((contacts = read_contact_hours (self, silence->id, from_hour, to_hour, error)) == NULL)
    return FALSE;
  for (gint64 hour = from_hour; hour < to_hour; hour++)
    {
      g_autoptr (GDateTime) middle = g_date_time_new_from_unix_utc (hour * 3600 + 1800);

      if (nv_opening_hours_state_at (hours, middle, NULL) != NV_OPEN_STATE_OPEN)
        continue;
      silence->open_hours++;
      if (g_hash_table_contains (contacts, &hour))
        continue;
      silence->dark_hours++;
      silence->last_dark = hour * 3600;
    }
  return TRUE;
}

GPtrArray *
server_store_list_kiosk_silence (
    ServerStore *self, gint64 from, gint64 to, gint64 now, const char *kiosk_ids, GError **error)
{
  g_autoptr (GPtrArray) kiosks
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_kiosk_silence_free);
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  sqlite3 *db;
  gint64   to_hour = MIN (to, now - CONTACT_LAG_SECONDS) / 3600;
  gboolean ok = TRUE;
  int      rc = SQLITE_DONE;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  /* No transaction of its own: the reports call it inside theirs. */
  db = server_store_get_db (self);
  stmt = server_store_cached (
      self,
      "SELECT k.id, k.name, k.created, h.organisation, o.document FROM kiosks AS k"
      "  LEFT JOIN kiosk_hosts AS h ON h.kiosk = k.id"
      "  LEFT JOIN organisations AS o ON o.id = h.organisation"
      "  WHERE (?1 IS NULL AND k.revoked IS NULL) OR k.id IN (SELECT value FROM json_each (?1))"
      "  ORDER BY k.name, k.id",
      error);
  if (stmt == NULL)
    ok = FALSE;
  else
    sqlite3_bind_text (stmt, 1, kiosk_ids, -1, SQLITE_TRANSIENT);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerKioskSilence *silence = g_new0 (ServerKioskSilence, 1);
      g_autoptr (NvOrganisation) host = NULL;
      /* Hours that began once the kiosk was registered. */
      gint64 created_hour = (sqlite3_column_int64 (stmt, 2) + 3599) / 3600;

      silence->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      silence->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      silence->host = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      silence->open_hours = -1;
      silence->dark_hours = -1;
      g_ptr_array_add (kiosks, silence);
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        host = server_store_column_item (
            stmt, 4, (gpointer (*) (JsonNode *, GError **)) nv_organisation_from_json,
            "organisation", silence->host);
      if (host == NULL)
        continue;
      nv_text_copy (&silence->host_name, &host->name);
      if (host->hours != NULL)
        ok = count_dark_hours (self, silence, host->hours, MAX ((from + 3599) / 3600, created_hour),
                               to_hour, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = nv_sqlite_error (error, db, "Cannot read the kiosks");
  return ok ? g_steal_pointer (&kiosks) : NULL;
}
