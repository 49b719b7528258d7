/* server-store-funnels.c — funnels evaluators define, and the report of one
 *
 * A funnel is a document in `funnels` (NvFunnel as JSON), read back through the same
 * validator that let it in. Every change is audited ("funnel-saved", "funnel-deleted",
 * the funnel's id, by whom); a definition holds no personal data, only event conditions.
 *
 * The report walks the events of the range whose type some step names, each visit's in
 * the order they happened (time, then arrival), and moves a visit on to step k + 1 at the
 * first event after its step k that meets step k + 1's condition: taking the earliest
 * match at each step never misses an order that exists. The conditions are compared in C,
 * and the SQL binds only the range, the kiosks and the step types (a JSON array), so no
 * part of a definition is ever SQL. Each visit holds its events in one kiosk's clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-funnels.h"
#include "server-store-private.h"
#include "server-store-reports-private.h"

typedef gpointer (*FunnelFromJsonFunc) (JsonNode *node, GError **error);

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  const NvFunnel *first = *(NvFunnel *const *) a;
  const NvFunnel *second = *(NvFunnel *const *) b;

  return g_utf8_collate (first->name, second->name);
}

GPtrArray *
server_store_list_funnels (ServerStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) funnels = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_funnel_free);
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (self, "SELECT document, id FROM funnels", error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NvFunnel *funnel
          = server_store_column_item (stmt, 0, (FunnelFromJsonFunc) nv_funnel_from_json, "funnel",
                                      (const char *) sqlite3_column_text (stmt, 1));

      if (funnel != NULL)
        g_ptr_array_add (funnels, funnel);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the funnels");
      return NULL;
    }
  g_ptr_array_sort (funnels, compare_names);
  return g_steal_pointer (&funnels);
}

NvFunnel *
server_store_get_funnel (ServerStore *self, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  NvFunnel *funnel;
  int       rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((stmt = server_store_cached (self, "SELECT document FROM funnels WHERE id = ?1", error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no funnel “%s”", id);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot read the funnel");
      return NULL;
    }
  funnel
      = server_store_column_item (stmt, 0, (FunnelFromJsonFunc) nv_funnel_from_json, "funnel", id);
  if (funnel == NULL)
    g_set_error (error, NV_ERROR, NV_ERROR_STORE, "The funnel “%s” is damaged", id);
  return funnel;
}

static gboolean
audit_now (ServerStore *self, const char *actor, const char *action, const char *id, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (self));
  g_autofree char *time = nv_format_time_utc (now);

  return server_store_audit (self, time, actor, action, id, error);
}

static gboolean
write_funnel (
    ServerStore *self, NvFunnel *funnel, gboolean is_new, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (JsonNode) node = nv_funnel_to_json (funnel);
  g_autofree char *document = nv_json_to_string (node, FALSE);
  sqlite3         *db = server_store_get_db (self);

  if ((stmt
       = server_store_cached (self,
                              is_new ? "INSERT INTO funnels (id, document, updated, updated_by) "
                                       "VALUES (?1, ?2, ?3, ?4)"
                                     : "UPDATE funnels SET document = ?2, updated = ?3, "
                                       "updated_by = ?4 WHERE id = ?1",
                              error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, funnel->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, document, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, server_store_now (self));
  sqlite3_bind_text (stmt, 4, actor, -1, SQLITE_TRANSIENT);
  if (!nv_sqlite_step_done (db, stmt, "Cannot store the funnel", error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no funnel “%s”", funnel->id);
      return FALSE;
    }
  return TRUE;
}

char *
server_store_save_funnel (ServerStore    *self,
                          const NvFunnel *funnel,
                          const char     *actor,
                          GError        **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (NvFunnel) copy = NULL;
  sqlite3 *db = server_store_get_db (self);
  gboolean is_new;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (funnel != NULL && actor != NULL, NULL);

  if (!nv_funnel_validate (funnel, error))
    return NULL;
  /* A copy through JSON, which the list reads back the same way. */
  node = nv_funnel_to_json (funnel);
  copy = nv_funnel_from_json (node, error);
  if (copy == NULL)
    return NULL;
  is_new = copy->id == NULL;
  if (is_new)
    copy->id = g_uuid_string_random ();
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return NULL;
  ok = write_funnel (self, copy, is_new, actor, error)
       && audit_now (self, actor, "funnel-saved", copy->id, error);
  if (!nv_sqlite_end (db, ok, error))
    return NULL;
  return g_steal_pointer (&copy->id);
}

gboolean
server_store_delete_funnel (ServerStore *self, const char *id, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  sqlite3 *db = server_store_get_db (self);
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL && actor != NULL, FALSE);

  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (stmt = server_store_cached (self, "DELETE FROM funnels WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      ok = nv_sqlite_step_done (db, stmt, "Cannot delete the funnel", error);
    }
  if (ok && sqlite3_changes (db) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no funnel “%s”", id);
      ok = FALSE;
    }
  ok = ok && audit_now (self, actor, "funnel-deleted", id, error);
  return nv_sqlite_end (db, ok, error);
}

/* The report */

static const char *const funnel_title[NV_N_LANGS] = { "Suppilo", "Tratt", "Funnel" };

#define TEXT(id, fi, sv, en) SERVER_REPORT_COLUMN (id, fi, sv, en, SERVER_REPORT_TEXT)
#define NUMBER(id, fi, sv, en) SERVER_REPORT_COLUMN (id, fi, sv, en, SERVER_REPORT_NUMBER)

static const ServerReportColumn funnel_columns[] = {
  NUMBER ("step", "Vaihe", "Steg", "Step"),
  TEXT ("type", "Tapahtuma", "Händelse", "Event"),
  TEXT ("subject", "Kohde", "Objekt", "Subject"),
  TEXT ("detail", "Tarkenne", "Detalj", "Detail"),
  TEXT ("value", "Arvo", "Värde", "Value"),
  NUMBER ("sessions", "Käynnit", "Besök", "Sessions"),
  NUMBER ("percent", "% vaiheesta 1", "% av steg 1", "% of step 1"),
};

/* The distinct types the steps name, as a JSON array to bind. */
static char *
step_types_json (const NvFunnel *funnel)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  guint seen = 0;

  json_builder_begin_array (builder);
  for (guint i = 0; i < funnel->steps->len; i++)
    {
      const NvFunnelStep *step = g_ptr_array_index (funnel->steps, i);

      if (seen & (1u << step->type))
        continue;
      seen |= 1u << step->type;
      json_builder_add_string_value (builder, nv_event_type_to_string (step->type));
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return nv_json_to_string (root, FALSE);
}

/* Counts the visits that reached each step: @reached[k] for step k + 1. */
static gboolean
count_reached (ServerStore             *self,
               const NvFunnel          *funnel,
               const ServerReportQuery *query,
               gint64                  *reached,
               GError                 **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *from = nv_format_time_utc (query->from);
  g_autofree char *to = nv_format_time_utc (query->to);
  g_autofree char *kiosks = server_store_kiosks_json (query->kiosks);
  g_autofree char *types = step_types_json (funnel);
  g_autofree char *session = NULL;
  guint            step = 0;
  int              rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT e.session, e.type, e.subject, e.detail, e.value "
                                   "FROM events e WHERE e.type IN (SELECT value FROM json_each "
                                   "(:types)) AND " SERVER_REPORT_EVENTS_IN_RANGE " "
                                   "ORDER BY e.session, e.time, e.seq",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":types"), types, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":from"), from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":to"), to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":kiosks"), kiosks, -1,
                     SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *this_session = (const char *) sqlite3_column_text (stmt, 0);
      NvEventType type;

      if (g_strcmp0 (session, this_session) != 0)
        {
          for (guint k = 0; k < step; k++)
            reached[k]++;
          step = 0;
          g_free (session);
          session = g_strdup (this_session);
        }
      if (step == funnel->steps->len
          || !nv_event_type_from_string ((const char *) sqlite3_column_text (stmt, 1), &type))
        continue;
      if (nv_funnel_step_matches (g_ptr_array_index (funnel->steps, step), type,
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  (const char *) sqlite3_column_text (stmt, 3),
                                  sqlite3_column_int64 (stmt, 4)))
        step++;
    }
  for (guint k = 0; k < step; k++)
    reached[k]++;
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the report");
  return TRUE;
}

static gboolean
is_suppressed (const ServerReportQuery *query, gint64 count)
{
  return count > 0 && count < (gint64) query->threshold;
}

ServerReportTable *
server_store_funnel_report (ServerStore             *self,
                            const NvFunnel          *funnel,
                            const ServerReportQuery *query,
                            GError                 **error)
{
  g_autoptr (ServerReportTable) table = g_new0 (ServerReportTable, 1);
  gint64 reached[NV_FUNNEL_MAX_STEPS] = { 0 };
  gint64 first;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (funnel != NULL && funnel->steps->len <= NV_FUNNEL_MAX_STEPS, NULL);

  if (!count_reached (self, funnel, query, reached, error))
    return NULL;
  table->id = "funnel";
  table->title = funnel_title;
  table->columns = funnel_columns;
  table->n_columns = G_N_ELEMENTS (funnel_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  /* A share is made only of counts that are shown, so it gives away nothing they do not.
   * Each step's visits are among the step before's, so a shown count never bounds a
   * suppressed one more closely than the threshold already does. */
  first = is_suppressed (query, reached[0]) ? 0 : reached[0];
  for (guint k = 0; k < funnel->steps->len; k++)
    {
      const NvFunnelStep *step = g_ptr_array_index (funnel->steps, k);
      GPtrArray          *row = g_ptr_array_new_with_free_func (g_free);
      gboolean            hidden = is_suppressed (query, reached[k]);

      g_ptr_array_add (row, g_strdup_printf ("%u", k + 1));
      g_ptr_array_add (row, g_strdup (nv_event_type_to_string (step->type)));
      g_ptr_array_add (row, g_strdup (step->subject));
      g_ptr_array_add (row, g_strdup (step->detail));
      g_ptr_array_add (row, step->value >= 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, step->value)
                                             : NULL);
      g_ptr_array_add (row, hidden ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, reached[k]));
      if (hidden || first == 0)
        g_ptr_array_add (row, NULL);
      else
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];

          g_ptr_array_add (
              row,
              g_strdup (g_ascii_formatd (
                  buffer, sizeof buffer, "%.10g",
                  server_report_round (1000.0 * (double) reached[k] / (double) first) / 10.0)));
        }
      g_ptr_array_add (table->rows, row);
    }
  return g_steal_pointer (&table);
}
