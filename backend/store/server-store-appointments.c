/* server-store-appointments.c — appointment slots, and residents' requests for them
 *
 * A slot's places are counted in SQL, inside the request's write transaction:
 * two kiosks can never take the last place twice, whichever connection or process they
 * come through. A request that finds no place is stored all the same, flagged for an
 * advisor to offer a new time: a resident's request is never dropped.
 *
 * Names and phone numbers are read here and nowhere else, and never logged; every read
 * writes its audit_log row in the same transaction (docs/privacy.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-json-private.h"
#include "server-store-private.h"
#include "server-token.h"

#define ADD_SLOT_ATTEMPTS 4

static const char *const outcomes[]
    = { "solved", "referred", "home-visit-booked", "no-answer", "cancelled", NULL };
/* What an advisor records on a request without moving it: call attempts and notes. */
static const char *const records[] = { "no-answer", "left-message", "note", NULL };

#define NOTE_MAX_CHARS 2000

/* Helpers */

static GDateTime *
now_or_current (GDateTime *now)
{
  return now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Times are stored as fixed-width UTC text (nv_format_time_utc): text order is time order. */
static GDateTime *
column_time (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

static gboolean
organisation_exists (ServerStore *self, const char *id)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self, "SELECT 1 FROM organisations WHERE id = ?1", NULL))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

/* Slots */

#define SLOT_COLUMNS                                                                               \
  "id, organisation, kind, starts_at, duration_minutes, capacity, taken, "                         \
  "cancelled"

static NvSlot *
read_slot (sqlite3_stmt *stmt)
{
  NvSlot *slot = nv_slot_new ();

  slot->id = column_dup (stmt, 0);
  slot->organisation = column_dup (stmt, 1);
  slot->kind = column_dup (stmt, 2);
  slot->starts_at = column_time (stmt, 3);
  slot->duration_minutes = (guint) sqlite3_column_int (stmt, 4);
  slot->capacity = (guint) sqlite3_column_int (stmt, 5);
  slot->taken = (guint) sqlite3_column_int (stmt, 6);
  slot->cancelled = sqlite3_column_int (stmt, 7) != 0;
  return slot;
}

static gboolean
read_slots (ServerStore *self, sqlite3_stmt *stmt, GPtrArray *slots, GError **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (NvSlot) slot = read_slot (stmt);
      g_autoptr (GError) invalid = NULL;

      /* The validator a kiosk applies: a slot it would refuse is left out and logged,
       * never the whole bundle or list. */
      if (slot->starts_at == NULL)
        nv_set_field_error (&invalid, "starts_at", "is not a time that can be read");
      else
        nv_slot_validate (slot, &invalid);
      if (invalid != NULL)
        {
          server_store_warn_damaged ("slot", slot->id, invalid);
          continue;
        }
      g_ptr_array_add (slots, g_steal_pointer (&slot));
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the slots");
  return TRUE;
}

gboolean
server_store_read_changed_slots (ServerStore *self, gint64 since, GPtrArray *slots, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = nv_format_time_utc (now);

  /* A full bundle replaces what a kiosk has: it needs no slot that can no longer be
   * offered. A delta carries every change, so a kiosk learns of a cancellation. A slot
   * whose organisation was deleted would break a full bundle's references: left out. */
  stmt = server_store_cached (self,
                              "SELECT " SLOT_COLUMNS " FROM slots WHERE revision > ?1 "
                              "AND (organisation IS NULL OR organisation IN "
                              "(SELECT id FROM organisations)) "
                              "AND (?1 > 0 OR (cancelled = 0 AND starts_at > ?2)) "
                              "ORDER BY starts_at, id",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_text (stmt, 2, now_text, -1, SQLITE_STATIC);
  return read_slots (self, stmt, slots, error);
}

gboolean
server_store_write_slot_row (ServerStore *self, const NvSlot *slot, gint64 revision, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) write = NULL;
  g_autofree char *starts_at = nv_format_time_utc (slot->starts_at);

  if ((write = server_store_cached (self,
                                    "INSERT INTO slots (id, revision, "
                                    "organisation, kind, starts_at, duration_minutes, "
                                    "capacity, cancelled) VALUES (?1, ?2, ?3, ?4, ?5, "
                                    "?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET "
                                    "revision = excluded.revision, organisation = "
                                    "excluded.organisation, kind = excluded.kind, "
                                    "starts_at = excluded.starts_at, duration_minutes "
                                    "= excluded.duration_minutes, capacity = "
                                    "excluded.capacity, cancelled = excluded.cancelled",
                                    error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (write, 1, slot->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (write, 2, revision);
  sqlite3_bind_text (write, 3, slot->organisation, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 4, slot->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (write, 5, starts_at, -1, SQLITE_STATIC);
  sqlite3_bind_int (write, 6, (int) slot->duration_minutes);
  sqlite3_bind_int (write, 7, (int) slot->capacity);
  sqlite3_bind_int (write, 8, slot->cancelled ? 1 : 0);
  return nv_sqlite_step_done (server_store_get_db (self), write, "Cannot store the slot", error);
}

gboolean
server_store_check_slot (ServerStore *self, const NvSlot *slot, GError **error)
{
  if (!nv_slot_validate (slot, error))
    return FALSE;
  if (slot->organisation != NULL && !organisation_exists (self, slot->organisation))
    {
      nv_set_field_error (error, "organisation",
                          "names an organisation “%s” that does not "
                          "exist",
                          slot->organisation);
      return FALSE;
    }
  return TRUE;
}

/* Inserts (@create) or updates a slot, in its own transaction, as the next revision. */
static gboolean
write_slot (ServerStore *self, const NvSlot *slot, gboolean create, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) taken = NULL;
  gint64   revision;
  gboolean ok;

  if (!server_store_check_slot (self, slot, error))
    return FALSE;
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (taken = server_store_cached (self, "SELECT taken FROM slots WHERE id = ?1", error)) != NULL;
  if (ok)
    {
      sqlite3_bind_text (taken, 1, slot->id, -1, SQLITE_STATIC);
      if (sqlite3_step (taken) == SQLITE_ROW)
        {
          guint places = (guint) sqlite3_column_int (taken, 0);

          if (create)
            {
              g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT, "There is already a slot “%s”",
                           slot->id);
              ok = FALSE;
            }
          else if (slot->capacity < places)
            {
              nv_set_field_error (error, "capacity",
                                  "cannot be less than the %u places "
                                  "already taken",
                                  places);
              ok = FALSE;
            }
        }
    }
  ok = ok && (revision = server_store_bump_revision (self, error)) > 0;
  ok = ok && server_store_write_slot_row (self, slot, revision, error);
  g_clear_pointer (&taken, nv_sqlite_cache_release);
  return nv_sqlite_end (server_store_get_db (self), ok, error);
}

gboolean
server_store_put_slot (ServerStore *self, const NvSlot *slot, GError **error)
{
  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (slot != NULL, FALSE);

  return write_slot (self, slot, FALSE, error);
}

char *
server_store_add_slot (ServerStore *self, const NvSlot *slot, GError **error)
{
  g_autoptr (NvSlot) copy = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (slot != NULL, NULL);

  copy = nv_slot_copy (slot);
  copy->taken = 0;
  for (guint attempt = 1;; attempt++)
    {
      GError *local_error = NULL;

      g_free (copy->id);
      copy->id = server_token_make_id ("slot");
      if (write_slot (self, copy, TRUE, &local_error))
        return g_steal_pointer (&copy->id);
      /* 32 random bits rarely meet an existing id; when they do, draw again. */
      if (!g_error_matches (local_error, NV_ERROR, NV_ERROR_CONFLICT)
          || attempt == ADD_SLOT_ATTEMPTS)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_error_free (local_error);
    }
}

static gboolean write_history (ServerStore *self,
                               const char  *id,
                               const char  *time,
                               const char  *actor,
                               const char  *action,
                               const char  *state,
                               const char  *outcome,
                               const char  *note,
                               GError     **error);

/* @slot cancelled by @actor, and each request about to lose its place in it: an audit row
 * for the slot, and a history row and an audit row for each request; in the caller's
 * transaction. */
static gboolean
note_cancelled (ServerStore *self, const char *slot, const char *actor, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) find = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_from_unix_utc (server_store_now (self));
  g_autofree char *time = nv_format_time_utc (now);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if ((find = server_store_cached (self,
                                   "SELECT id, state FROM appointments WHERE slot = ?1 AND "
                                   "slot_result = 'taken' AND state != 'done' ORDER BY id",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, slot, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (find)) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, column_dup (find, 0));
      g_ptr_array_add (states, column_dup (find, 1));
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the slot's requests");
  g_clear_pointer (&find, nv_sqlite_cache_release);
  /* The slot itself, then each request it held. */
  if (!server_store_audit (self, time, actor, "slot-cancelled", slot, error))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    if (!write_history (self, ids->pdata[i], time, actor, "slot-cancelled", states->pdata[i], NULL,
                        NULL, error)
        || !server_store_audit (self, time, actor, "slot-cancelled", ids->pdata[i], error))
      return FALSE;
  return TRUE;
}

gboolean
server_store_cancel_slot (ServerStore *self, const char *id, guint *out_flagged, GError **error)
{
  return server_store_cancel_slot_as (self, id, NULL, out_flagged, error);
}

gboolean
server_store_cancel_slot_as (
    ServerStore *self, const char *id, const char *actor, guint *out_flagged, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) find = NULL;
  g_autoptr (NvSqliteCachedStmt) cancel = NULL;
  g_autoptr (NvSqliteCachedStmt) flag = NULL;
  sqlite3 *db = server_store_get_db (self);
  gint64   revision = 0;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (find = server_store_cached (self, "SELECT cancelled FROM slots WHERE id = ?1", error))
       != NULL;
  if (ok)
    {
      sqlite3_bind_text (find, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (find) != SQLITE_ROW)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no slot “%s”", id);
          ok = FALSE;
        }
      else if (sqlite3_column_int (find, 0) != 0)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT, "The slot “%s” is already cancelled",
                       id);
          ok = FALSE;
        }
    }
  ok = ok && (revision = server_store_bump_revision (self, error)) > 0;
  ok = ok
       && (cancel = server_store_cached (self,
                                         "UPDATE slots SET cancelled = 1, "
                                         "revision = ?2 WHERE id = ?1",
                                         error))
              != NULL;
  if (ok)
    {
      sqlite3_bind_text (cancel, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (cancel, 2, revision);
      ok = nv_sqlite_step_done (server_store_get_db (self), cancel, "Cannot cancel the slot",
                                error);
    }
  /* Whoever was told "taken" must now be offered another time: a change to their
   * request, in its history and the audit log. */
  ok = ok && (actor == NULL || note_cancelled (self, id, actor, error));
  ok = ok
       && (flag = server_store_cached (self,
                                       "UPDATE appointments SET needs_new_time = 1 "
                                       "WHERE slot = ?1 AND slot_result = 'taken' AND "
                                       "state != 'done'",
                                       error))
              != NULL;
  if (ok)
    {
      sqlite3_bind_text (flag, 1, id, -1, SQLITE_STATIC);
      ok = nv_sqlite_step_done (server_store_get_db (self), flag, "Cannot flag the slot's requests",
                                error);
      if (ok && out_flagged != NULL)
        *out_flagged = (guint) sqlite3_changes (db);
    }
  g_clear_pointer (&find, nv_sqlite_cache_release);
  g_clear_pointer (&cancel, nv_sqlite_cache_release);
  g_clear_pointer (&flag, nv_sqlite_cache_release);
  return nv_sqlite_end (server_store_get_db (self), ok, error);
}

GPtrArray *
server_store_list_slots (ServerStore *self, GDateTime *from, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) slots = NULL;
  g_autofree char *from_text = from != NULL ? nv_format_time_utc (from) : NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  stmt = server_store_cached (self,
                              "SELECT " SLOT_COLUMNS " FROM slots WHERE ?1 IS NULL OR "
                              "starts_at >= ?1 ORDER BY starts_at, id",
                              error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from_text, -1, SQLITE_STATIC);
  slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  if (!read_slots (self, stmt, slots, error))
    return NULL;
  return g_steal_pointer (&slots);
}

/* Requests from kiosks */

const char *
server_slot_result_to_string (ServerSlotResult result)
{
  switch (result)
    {
    case SERVER_SLOT_RESULT_TAKEN:
      return "taken";
    case SERVER_SLOT_RESULT_NEEDS_NEW_TIME:
      return "needs-new-time";
    case SERVER_SLOT_RESULT_NONE:
    default:
      return NULL;
    }
}

static ServerSlotResult
slot_result_from_column (sqlite3_stmt *stmt, int column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  if (g_strcmp0 (text, "taken") == 0)
    return SERVER_SLOT_RESULT_TAKEN;
  if (g_strcmp0 (text, "needs-new-time") == 0)
    return SERVER_SLOT_RESULT_NEEDS_NEW_TIME;
  return SERVER_SLOT_RESULT_NONE;
}

/* The statements of one insert, prepared once for the whole batch. */
typedef struct
{
  sqlite3_stmt *find;
  sqlite3_stmt *take;
  sqlite3_stmt *insert;
} InsertStatements;

static void
insert_statements_clear (InsertStatements *statements)
{
  g_clear_pointer (&statements->find, nv_sqlite_cache_release);
  g_clear_pointer (&statements->take, nv_sqlite_cache_release);
  g_clear_pointer (&statements->insert, nv_sqlite_cache_release);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (InsertStatements, insert_statements_clear)

/* Takes a place in @slot if one is free: not cancelled, not started, not full. The
 * condition and the increment are one statement, under the write lock. */
static gboolean
take_place (ServerStore      *self,
            InsertStatements *statements,
            const char       *slot,
            const char       *now_text,
            gint64            revision,
            gboolean         *out_taken,
            GError          **error)
{
  sqlite3_reset (statements->take);
  sqlite3_bind_text (statements->take, 1, slot, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (statements->take, 2, revision);
  sqlite3_bind_text (statements->take, 3, now_text, -1, SQLITE_STATIC);
  if (!nv_sqlite_step_done (server_store_get_db (self), statements->take,
                            "Cannot take a place in the slot", error))
    return FALSE;
  *out_taken = sqlite3_changes (server_store_get_db (self)) > 0;
  return TRUE;
}

static gboolean
insert_one (ServerStore             *self,
            InsertStatements        *statements,
            const char              *kiosk_id,
            const NvAppointment     *appointment,
            const char              *now_text,
            gint64                   revision,
            gboolean                *bumped,
            ServerAppointmentResult *result,
            GError                 **error)
{
  sqlite3_stmt    *insert = statements->insert;
  g_autofree char *created = nv_format_time_utc (appointment->created);
  g_autofree char *days = NULL;
  gboolean         taken = FALSE;

  /* Idempotent on the kiosk's UUID: a retry is told what the first time gave. */
  sqlite3_reset (statements->find);
  sqlite3_bind_text (statements->find, 1, appointment->id, -1, SQLITE_STATIC);
  switch (sqlite3_step (statements->find))
    {
    case SQLITE_ROW:
      result->duplicate = TRUE;
      result->slot = slot_result_from_column (statements->find, 0);
      return TRUE;
    case SQLITE_DONE:
      break;
    default:
      return nv_sqlite_error (error, server_store_get_db (self), "Cannot look up a request");
    }

  result->duplicate = FALSE;
  result->slot = SERVER_SLOT_RESULT_NONE;
  if (appointment->slot != NULL)
    {
      if (!take_place (self, statements, appointment->slot, now_text, revision, &taken, error))
        return FALSE;
      result->slot = taken ? SERVER_SLOT_RESULT_TAKEN : SERVER_SLOT_RESULT_NEEDS_NEW_TIME;
      /* The slot now carries @revision: make it the global one, once per transaction. */
      if (taken && !*bumped)
        {
          gint64 bumped_to = server_store_bump_revision (self, error);

          if (bumped_to < 0)
            return FALSE;
          g_warn_if_fail (bumped_to == revision);
          *bumped = TRUE;
        }
    }
  if (appointment->preferred_days != NULL && appointment->preferred_days[0] != NULL)
    days = g_strjoinv (",", appointment->preferred_days);

  sqlite3_reset (insert);
  sqlite3_clear_bindings (insert);
  sqlite3_bind_text (insert, 1, appointment->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, appointment->reference, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, kiosk_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, appointment->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, appointment->contact_method, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, appointment->slot, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, server_slot_result_to_string (result->slot), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 10, days, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 11, appointment->preferred_time, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 12, nv_lang_to_code (appointment->language), -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 13, appointment->guide, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 14, (int) appointment->guide_step);
  sqlite3_bind_text (insert, 15, appointment->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 16, appointment->phone, -1, SQLITE_STATIC);
  sqlite3_bind_int (insert, 17, result->slot == SERVER_SLOT_RESULT_NEEDS_NEW_TIME ? 1 : 0);
  /* The personal values must not stay bound to a statement that outlives them. */
  if (!nv_sqlite_step_done (server_store_get_db (self), insert, "Cannot store a request", error))
    return FALSE;
  sqlite3_clear_bindings (insert);
  return TRUE;
}

gboolean
server_store_insert_appointments (ServerStore *self,
                                  const char  *kiosk_id,
                                  GPtrArray   *appointments,
                                  GArray     **out_results,
                                  GError     **error)
{
  g_auto (InsertStatements) statements = { NULL };
  g_autoptr (GArray) results = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = nv_format_time_utc (now);
  gboolean         bumped = FALSE;
  gboolean         ok;
  gint64           revision;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (kiosk_id != NULL, FALSE);
  g_return_val_if_fail (appointments != NULL, FALSE);

  results = g_array_sized_new (FALSE, TRUE, sizeof (ServerAppointmentResult), appointments->len);
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  /* Every place taken in this transaction carries the same next revision. */
  revision = server_store_get_revision (self) + 1;
  ok = (statements.find = server_store_cached (self,
                                               "SELECT slot_result FROM appointments "
                                               "WHERE id = ?1",
                                               error))
           != NULL
       && (statements.take = server_store_cached (self,
                                                  "UPDATE slots SET taken = taken + 1, "
                                                  "revision = ?2 WHERE id = ?1 AND "
                                                  "cancelled = 0 AND taken < capacity AND "
                                                  "starts_at > ?3",
                                                  error))
              != NULL
       && (statements.insert = server_store_cached (self,
                                                    "INSERT INTO appointments (id, "
                                                    "reference, kiosk, created, received, "
                                                    "reason, contact_method, slot, "
                                                    "slot_result, preferred_days, "
                                                    "preferred_time, language, guide, "
                                                    "guide_step, name, phone, "
                                                    "needs_new_time) VALUES (?1, ?2, ?3, ?4, "
                                                    "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                                                    "?14, ?15, ?16, ?17)",
                                                    error))
              != NULL;
  for (guint i = 0; ok && i < appointments->len; i++)
    {
      ServerAppointmentResult result = { FALSE, SERVER_SLOT_RESULT_NONE };

      ok = insert_one (self, &statements, kiosk_id, g_ptr_array_index (appointments, i), now_text,
                       revision, &bumped, &result, error);
      g_array_append_val (results, result);
    }
  insert_statements_clear (&statements);
  if (!nv_sqlite_end (server_store_get_db (self), ok, error))
    return FALSE;
  if (out_results != NULL)
    *out_results = g_steal_pointer (&results);
  return TRUE;
}

/* Reading and handling requests */

gboolean
server_appointment_outcome_is_valid (const char *outcome)
{
  return outcome != NULL && g_strv_contains (outcomes, outcome);
}

void
server_appointment_free (ServerAppointment *appointment)
{
  if (appointment == NULL)
    return;
  g_free (appointment->id);
  g_free (appointment->reference);
  g_free (appointment->kiosk);
  g_clear_pointer (&appointment->created, g_date_time_unref);
  g_clear_pointer (&appointment->received, g_date_time_unref);
  g_free (appointment->reason);
  g_free (appointment->contact_method);
  g_free (appointment->slot);
  g_clear_pointer (&appointment->slot_starts_at, g_date_time_unref);
  g_strfreev (appointment->preferred_days);
  g_free (appointment->preferred_time);
  g_free (appointment->language);
  g_free (appointment->guide);
  nv_personal_free (appointment->name);
  nv_personal_free (appointment->phone);
  g_free (appointment->state);
  g_free (appointment->outcome);
  g_clear_pointer (&appointment->contacted_at, g_date_time_unref);
  g_clear_pointer (&appointment->done_at, g_date_time_unref);
  g_clear_pointer (&appointment->purged_at, g_date_time_unref);
  g_free (appointment->kiosk_name);
  g_free (appointment->kiosk_municipality);
  g_free (appointment->handler);
  g_clear_pointer (&appointment->history, g_ptr_array_unref);
  g_free (appointment);
}

static void
appointment_change_free (ServerAppointmentChange *change)
{
  g_clear_pointer (&change->time, g_date_time_unref);
  g_free (change->actor);
  g_free (change->action);
  g_free (change->state);
  g_free (change->outcome);
  nv_personal_free (change->note);
  g_free (change);
}

#define APPOINTMENT_SELECT                                                                         \
  "SELECT a.id, a.reference, a.kiosk, a.created, a.received, a.reason, a.contact_method, "         \
  "a.slot, s.starts_at, a.preferred_days, a.preferred_time, a.language, a.guide, "                 \
  "a.guide_step, a.name, a.phone, a.needs_new_time, a.state, a.outcome, a.contacted_at, "          \
  "a.done_at, a.purged_at, k.name, k.municipality, (SELECT h.actor FROM appointment_history h "    \
  "WHERE h.appointment = a.id ORDER BY h.id DESC LIMIT 1) FROM appointments a "                    \
  "LEFT JOIN slots s ON s.id = a.slot LEFT JOIN kiosks k ON k.id = a.kiosk "

static ServerAppointment *
read_appointment (sqlite3_stmt *stmt)
{
  ServerAppointment *appointment = g_new0 (ServerAppointment, 1);
  const char        *days = (const char *) sqlite3_column_text (stmt, 9);

  appointment->id = column_dup (stmt, 0);
  appointment->reference = column_dup (stmt, 1);
  appointment->kiosk = column_dup (stmt, 2);
  appointment->created = column_time (stmt, 3);
  appointment->received = column_time (stmt, 4);
  appointment->reason = column_dup (stmt, 5);
  appointment->contact_method = column_dup (stmt, 6);
  appointment->slot = column_dup (stmt, 7);
  appointment->slot_starts_at = column_time (stmt, 8);
  appointment->preferred_days = days != NULL ? g_strsplit (days, ",", -1) : NULL;
  appointment->preferred_time = column_dup (stmt, 10);
  appointment->language = column_dup (stmt, 11);
  appointment->guide = column_dup (stmt, 12);
  appointment->guide_step = (guint) sqlite3_column_int (stmt, 13);
  appointment->name = column_dup (stmt, 14);
  appointment->phone = column_dup (stmt, 15);
  appointment->needs_new_time = sqlite3_column_int (stmt, 16) != 0;
  appointment->state = column_dup (stmt, 17);
  appointment->outcome = column_dup (stmt, 18);
  appointment->contacted_at = column_time (stmt, 19);
  appointment->done_at = column_time (stmt, 20);
  appointment->purged_at = column_time (stmt, 21);
  appointment->kiosk_name = column_dup (stmt, 22);
  appointment->kiosk_municipality = column_dup (stmt, 23);
  appointment->handler = column_dup (stmt, 24);
  appointment->history = g_ptr_array_new_with_free_func ((GDestroyNotify) appointment_change_free);
  return appointment;
}

/* Fills @appointment->history, oldest first; in the caller's transaction. */
static gboolean
read_history (ServerStore *self, ServerAppointment *appointment, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT time, actor, action, state, outcome, note "
                                   "FROM appointment_history WHERE appointment = ?1 ORDER BY id",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, appointment->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerAppointmentChange *change = g_new0 (ServerAppointmentChange, 1);

      change->time = column_time (stmt, 0);
      change->actor = column_dup (stmt, 1);
      change->action = column_dup (stmt, 2);
      change->state = column_dup (stmt, 3);
      change->outcome = column_dup (stmt, 4);
      change->note = column_dup (stmt, 5);
      g_ptr_array_add (appointment->history, change);
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read a request's history");
  return TRUE;
}

/* Adds a row to @id's history (its last actor is its handler); in the caller's transaction. */
static gboolean
write_history (ServerStore *self,
               const char  *id,
               const char  *time,
               const char  *actor,
               const char  *action,
               const char  *state,
               const char  *outcome,
               const char  *note,
               GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) insert = NULL;
  sqlite3 *db = server_store_get_db (self);

  if ((insert = server_store_cached (self,
                                     "INSERT INTO appointment_history (appointment, time, actor, "
                                     "action, state, outcome, note) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                     error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 2, time, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 6, outcome, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 7, note, -1, SQLITE_STATIC);
  return nv_sqlite_step_done (db, insert, "Cannot write a request's history", error);
}

static gboolean
write_audit (ServerStore  *self,
             sqlite3_stmt *stmt,
             const char   *time,
             const char   *actor,
             const char   *action,
             const char   *appointment_id,
             GError      **error)
{
  sqlite3_reset (stmt);
  sqlite3_bind_text (stmt, 1, time, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, actor, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, appointment_id, -1, SQLITE_STATIC);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot write the audit log",
                              error);
}

static sqlite3_stmt *
prepare_audit (ServerStore *self, GError **error)
{
  return server_store_cached (self,
                              "INSERT INTO audit_log (time, actor, action, "
                              "appointment) VALUES (?1, ?2, ?3, ?4)",
                              error);
}

gboolean
server_store_audit (ServerStore *self,
                    const char  *time,
                    const char  *actor,
                    const char  *action,
                    const char  *subject,
                    GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) audit = prepare_audit (self, error);

  return audit != NULL && write_audit (self, audit, time, actor, action, subject, error);
}

gboolean
server_store_audit_detail (ServerStore *self,
                           const char  *time,
                           const char  *actor,
                           const char  *action,
                           const char  *subject,
                           JsonNode    *detail,
                           GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *text = nv_json_to_string (detail, FALSE);
  sqlite3         *db = server_store_get_db (self);

  if (!server_store_audit (self, time, actor, action, subject, error)
      || (stmt = server_store_cached (
              self, "INSERT INTO audit_details (audit, detail) VALUES (?1, ?2)", error))
             == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sqlite3_last_insert_rowid (db));
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (db, stmt, "Cannot write the audit log", error);
}

/* Reads the rows of @stmt, each with its audit row, in the caller's transaction. */
static gboolean
read_audited (ServerStore  *self,
              sqlite3_stmt *stmt,
              const char   *actor,
              const char   *action,
              GDateTime    *now,
              GPtrArray    *appointments,
              GError      **error)
{
  g_autoptr (NvSqliteCachedStmt) audit = NULL;
  g_autoptr (GDateTime) time = now_or_current (now);
  g_autofree char *time_text = nv_format_time_utc (time);
  int              rc;

  if ((audit = prepare_audit (self, error)) == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerAppointment *appointment = read_appointment (stmt);

      g_ptr_array_add (appointments, appointment);
      if (!write_audit (self, audit, time_text, actor, action, appointment->id, error)
          || !read_history (self, appointment, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the requests");
  return TRUE;
}

GPtrArray *
server_store_list_appointments (
    ServerStore *self, gboolean all, const char *actor, GDateTime *now, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) appointments = NULL;
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) server_appointment_free);
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return NULL;
  ok = (stmt
        = server_store_cached (self,
                               APPOINTMENT_SELECT "WHERE ?1 OR a.state != 'done' "
                                                  "ORDER BY CASE a.state WHEN 'open' THEN 0 WHEN "
                                                  "'contacted' THEN 1 ELSE 2 END, a.received, a.id",
                               error))
       != NULL;
  if (ok)
    {
      sqlite3_bind_int (stmt, 1, all ? 1 : 0);
      ok = read_audited (self, stmt, actor, "list", now, appointments, error);
    }
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  /* No audit row, no data. */
  if (!nv_sqlite_end (server_store_get_db (self), ok, error))
    return NULL;
  return g_steal_pointer (&appointments);
}

/* The one request @key names, by id or by reference; in the caller's transaction. */
static char *
resolve_appointment (ServerStore *self, const char *key, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *reference = g_ascii_strup (key, -1);
  g_autofree char *id = NULL;
  guint            n = 0;
  int              rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT id FROM appointments WHERE id = ?1 "
                                   "UNION SELECT id FROM appointments WHERE reference = ?2",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reference, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (n++ == 0)
      id = column_dup (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot look up the request");
      return NULL;
    }
  if (n == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND,
                   "There is no request with the id or reference “%s”", key);
      return NULL;
    }
  if (n > 1)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT,
                   "The reference “%s” names %u requests; use the id instead", reference, n);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/* Reads one request with its audit row, in the caller's transaction. */
static ServerAppointment *
read_one_audited (ServerStore *self,
                  const char  *id,
                  const char  *actor,
                  const char  *action,
                  GDateTime   *now,
                  GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) appointments = NULL;

  appointments = g_ptr_array_new_with_free_func ((GDestroyNotify) server_appointment_free);
  if ((stmt = server_store_cached (self, APPOINTMENT_SELECT "WHERE a.id = ?1", error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (!read_audited (self, stmt, actor, action, now, appointments, error))
    return NULL;
  if (appointments->len != 1)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no request “%s”", id);
      return NULL;
    }
  return g_ptr_array_steal_index (appointments, 0);
}

ServerAppointment *
server_store_show_appointment (ServerStore *self,
                               const char  *id_or_reference,
                               const char  *actor,
                               GDateTime   *now,
                               GError     **error)
{
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_reference != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return NULL;
  if ((id = resolve_appointment (self, id_or_reference, error)) != NULL)
    appointment = read_one_audited (self, id, actor, "show", now, error);
  if (!nv_sqlite_end (server_store_get_db (self), appointment != NULL, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

/* What moving a request from @current (with @current_outcome) to @state (with @outcome)
 * is, as its history names it: contacted, done, reopened or corrected; NULL (@error set)
 * when it may not. A finished request can always be reopened or its outcome corrected:
 * an advisor's slip is mended, not locked in. */
static const char *
check_transition (const char *current,
                  const char *current_outcome,
                  const char *state,
                  const char *outcome,
                  GError    **error)
{
  if (!g_str_equal (state, "open") && !g_str_equal (state, "contacted")
      && !g_str_equal (state, "done"))
    {
      nv_set_field_error (error, "state", "must be open, contacted or done");
      return NULL;
    }
  if (!g_str_equal (state, "done") && outcome != NULL)
    {
      nv_set_field_error (error, "outcome", "is given only when a request is done");
      return NULL;
    }
  if (g_str_equal (state, "done") && !server_appointment_outcome_is_valid (outcome))
    {
      nv_set_field_error (error, "outcome",
                          "is required when a request is done: one of "
                          "solved, referred, home-visit-booked, no-answer, cancelled");
      return NULL;
    }
  if (g_str_equal (state, current)
      && (!g_str_equal (state, "done") || g_strcmp0 (outcome, current_outcome) == 0))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT, "The request is already %s%s%s", current,
                   current_outcome != NULL ? ": " : "",
                   current_outcome != NULL ? current_outcome : "");
      return NULL;
    }
  if (g_str_equal (state, "done"))
    return g_str_equal (current, "done") ? "corrected" : "done";
  if (g_str_equal (current, "done") || g_str_equal (state, "open"))
    return "reopened";
  return "contacted";
}

/* Reads @id's state and outcome into the out parameters; in the caller's transaction. */
static gboolean
read_state (ServerStore *self, const char *id, char **out_state, char **out_outcome, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt
       = server_store_cached (self, "SELECT state, outcome FROM appointments WHERE id = ?1", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the request");
  *out_state = column_dup (stmt, 0);
  *out_outcome = column_dup (stmt, 1);
  return TRUE;
}

static gboolean
check_note (const char *note, gboolean required, GError **error)
{
  return nv_validate_plain_string (note, "note", NOTE_MAX_CHARS, required, error);
}

ServerAppointment *
server_store_mark_appointment (ServerStore *self,
                               const char  *id_or_reference,
                               const char  *state,
                               const char  *outcome,
                               const char  *note,
                               const char  *actor,
                               GDateTime   *now,
                               GError     **error)
{
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autoptr (NvSqliteCachedStmt) update = NULL;
  g_autoptr (GDateTime) time = now_or_current (now);
  g_autofree char *time_text = nv_format_time_utc (time);
  g_autofree char *id = NULL;
  g_autofree char *current = NULL;
  g_autofree char *current_outcome = NULL;
  const char      *action = NULL;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_reference != NULL, NULL);
  g_return_val_if_fail (state != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (!check_note (note, FALSE, error))
    return NULL;
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return NULL;
  ok = (id = resolve_appointment (self, id_or_reference, error)) != NULL
       && read_state (self, id, &current, &current_outcome, error)
       && (action = check_transition (current, current_outcome, state, outcome, error)) != NULL;
  /* Reopening clears the outcome and when it was done; contacted_at stays as history. */
  ok = ok
       && (update = server_store_cached (self,
                                         "UPDATE appointments SET state = ?2, outcome = ?3, "
                                         "contacted_at = CASE WHEN ?2 = 'contacted' AND "
                                         "contacted_at IS NULL THEN ?4 ELSE contacted_at END, "
                                         "done_at = CASE WHEN ?2 != 'done' THEN NULL "
                                         "WHEN state = 'done' THEN done_at ELSE ?4 END "
                                         "WHERE id = ?1",
                                         error))
              != NULL;
  if (ok)
    {
      sqlite3_bind_text (update, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 2, state, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 3, outcome, -1, SQLITE_STATIC);
      sqlite3_bind_text (update, 4, time_text, -1, SQLITE_STATIC);
      ok = nv_sqlite_step_done (server_store_get_db (self), update, "Cannot update the request",
                                error);
    }
  ok = ok && write_history (self, id, time_text, actor, action, state, outcome, note, error);
  ok = ok && (appointment = read_one_audited (self, id, actor, "mark", time, error)) != NULL;
  g_clear_pointer (&update, nv_sqlite_cache_release);
  if (!nv_sqlite_end (server_store_get_db (self), ok, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

gboolean
server_appointment_record_is_valid (const char *action)
{
  return action != NULL && g_strv_contains (records, action);
}

ServerAppointment *
server_store_record_appointment (ServerStore *self,
                                 const char  *id_or_reference,
                                 const char  *action,
                                 const char  *note,
                                 const char  *actor,
                                 GDateTime   *now,
                                 GError     **error)
{
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autoptr (GDateTime) time = now_or_current (now);
  g_autofree char *time_text = nv_format_time_utc (time);
  g_autofree char *id = NULL;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_reference != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (!server_appointment_record_is_valid (action))
    {
      nv_set_field_error (error, "action", "must be no-answer, left-message or note");
      return NULL;
    }
  if (!check_note (note, g_str_equal (action, "note"), error))
    return NULL;
  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return NULL;
  ok = (id = resolve_appointment (self, id_or_reference, error)) != NULL
       && write_history (self, id, time_text, actor, action, NULL, NULL, note, error)
       && (appointment = read_one_audited (self, id, actor, action, time, error)) != NULL;
  if (!nv_sqlite_end (server_store_get_db (self), ok, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

/* Takes a place for @id in @slot, and gives back the one it held; in the caller's write
 * transaction. The slot must be free now: not cancelled, not started, a place left. */
static gboolean
move_place (ServerStore *self, const char *id, const char *slot, const char *now, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) find = NULL;
  g_autoptr (NvSqliteCachedStmt) take = NULL;
  g_autoptr (NvSqliteCachedStmt) give_back = NULL;
  g_autoptr (NvSqliteCachedStmt) update = NULL;
  sqlite3         *db = server_store_get_db (self);
  g_autofree char *old_slot = NULL;
  gboolean         held = FALSE;
  gint64           revision;

  if ((find = server_store_cached (self,
                                   "SELECT slot, slot_result = 'taken', state FROM appointments "
                                   "WHERE id = ?1",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (find, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (find) != SQLITE_ROW)
    return nv_sqlite_error (error, db, "Cannot read the request");
  if (g_strcmp0 ((const char *) sqlite3_column_text (find, 2), "done") == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT,
                   "The request is done: reopen it before giving it another time");
      return FALSE;
    }
  old_slot = column_dup (find, 0);
  held = sqlite3_column_int (find, 1) != 0;
  if (held && g_strcmp0 (old_slot, slot) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT, "The request already has a place in “%s”",
                   slot);
      return FALSE;
    }
  if ((revision = server_store_bump_revision (self, error)) < 0)
    return FALSE;
  /* The condition and the increment in one statement, as a kiosk's request takes one. */
  if ((take = server_store_cached (self,
                                   "UPDATE slots SET taken = taken + 1, revision = ?2 "
                                   "WHERE id = ?1 AND cancelled = 0 AND taken < capacity "
                                   "AND julianday (starts_at) > julianday (?3)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (take, 1, slot, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (take, 2, revision);
  sqlite3_bind_text (take, 3, now, -1, SQLITE_STATIC);
  if (!nv_sqlite_step_done (db, take, "Cannot take a place in the slot", error))
    return FALSE;
  if (sqlite3_changes (db) == 0)
    {
      nv_set_field_error_code (error, "slot", "slot-not-free",
                               "is not a free slot: it is full, cancelled, started or unknown");
      return FALSE;
    }
  /* The place held in a slot still offered goes back to it; a cancelled one keeps its
   * count, as nobody can take it. */
  if (held
      && ((give_back = server_store_cached (self,
                                            "UPDATE slots SET taken = taken - 1, revision = ?2 "
                                            "WHERE id = ?1 AND cancelled = 0 AND taken > 0",
                                            error))
              == NULL
          || (sqlite3_bind_text (give_back, 1, old_slot, -1, SQLITE_STATIC),
              sqlite3_bind_int64 (give_back, 2, revision),
              !nv_sqlite_step_done (db, give_back, "Cannot give back the place", error))))
    return FALSE;
  if ((update = server_store_cached (self,
                                     "UPDATE appointments SET slot = ?2, slot_result = 'taken', "
                                     "needs_new_time = 0 WHERE id = ?1",
                                     error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (update, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (update, 2, slot, -1, SQLITE_STATIC);
  return nv_sqlite_step_done (db, update, "Cannot move the request", error);
}

ServerAppointment *
server_store_move_appointment (ServerStore *self,
                               const char  *id_or_reference,
                               const char  *slot,
                               const char  *actor,
                               GDateTime   *now,
                               GError     **error)
{
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autoptr (GDateTime) time = now_or_current (now);
  g_autofree char *time_text = nv_format_time_utc (time);
  g_autofree char *id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *outcome = NULL;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (id_or_reference != NULL, NULL);
  g_return_val_if_fail (slot != NULL, NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return NULL;
  ok = (id = resolve_appointment (self, id_or_reference, error)) != NULL
       && move_place (self, id, slot, time_text, error)
       && read_state (self, id, &state, &outcome, error)
       && write_history (self, id, time_text, actor, "moved", state, NULL, NULL, error)
       && (appointment = read_one_audited (self, id, actor, "moved", time, error)) != NULL;
  if (!nv_sqlite_end (server_store_get_db (self), ok, error))
    return NULL;
  return g_steal_pointer (&appointment);
}

/* The ids of the requests done before @cutoff whose personal data is still there. */
static GPtrArray *
find_purgeable (ServerStore *self, const char *cutoff, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT id FROM appointments WHERE state = 'done' "
                                   "AND done_at < ?1 AND purged_at IS NULL ORDER BY id",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_dup (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot find the requests to purge");
      return NULL;
    }
  return g_steal_pointer (&ids);
}

gboolean
server_store_purge_appointments (ServerStore *self,
                                 guint        retention_days,
                                 const char  *actor,
                                 GDateTime   *now,
                                 guint       *out_purged,
                                 GError     **error)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (NvSqliteCachedStmt) audit = NULL;
  g_autoptr (NvSqliteCachedStmt) erase = NULL;
  g_autoptr (NvSqliteCachedStmt) erase_notes = NULL;
  g_autoptr (GDateTime) time = now_or_current (now);
  g_autoptr (GDateTime) cutoff = g_date_time_add_days (time, -(gint) retention_days);
  g_autofree char *time_text = nv_format_time_utc (time);
  g_autofree char *cutoff_text = nv_format_time_utc (cutoff);
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  if (!nv_sqlite_begin (server_store_get_db (self), NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (ids = find_purgeable (self, cutoff_text, error)) != NULL
       && (audit = prepare_audit (self, error)) != NULL
       && (erase = server_store_cached (self,
                                        "UPDATE appointments SET name = NULL, "
                                        "phone = NULL, purged_at = ?2 WHERE id = ?1",
                                        error))
              != NULL
       && (erase_notes = server_store_cached (self,
                                              "UPDATE appointment_history SET note = NULL "
                                              "WHERE appointment = ?1",
                                              error))
              != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      sqlite3_reset (erase);
      sqlite3_bind_text (erase, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (erase, 2, time_text, -1, SQLITE_STATIC);
      sqlite3_reset (erase_notes);
      sqlite3_bind_text (erase_notes, 1, id, -1, SQLITE_STATIC);
      ok = nv_sqlite_step_done (server_store_get_db (self), erase,
                                "Cannot erase a request's personal data", error)
           && nv_sqlite_step_done (server_store_get_db (self), erase_notes,
                                   "Cannot erase a request's notes", error)
           && write_audit (self, audit, time_text, actor, "purge", id, error);
    }
  g_clear_pointer (&audit, nv_sqlite_cache_release);
  g_clear_pointer (&erase, nv_sqlite_cache_release);
  g_clear_pointer (&erase_notes, nv_sqlite_cache_release);
  if (!nv_sqlite_end (server_store_get_db (self), ok, error))
    return FALSE;
  /* secure_delete zeroed the old rows in the database; the write-ahead log still holds
   * page images until a checkpoint. Best effort: a reader elsewhere may hold it back. */
  sqlite3_wal_checkpoint_v2 (server_store_get_db (self), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
                             NULL);
  if (out_purged != NULL)
    *out_purged = ids->len;
  return TRUE;
}
