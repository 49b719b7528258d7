/* server-store-slots.c — publishing appointment slots by the rules, in bulk
 *
 * An advisor publishes a term's slots at once (a weekly pattern, or a week copied), so
 * the rules are checked here for a whole batch, against the slots already stored and
 * against the batch's own earlier slots: none in the past, none twice at one place and
 * time, none overlapping another at the same place. Times are compared as times
 * (microseconds since the epoch, julianday () in SQL), never as text, so that the rule
 * holds for any way a time was written. The accepted slots are written in one
 * transaction as one revision: kiosks see the whole batch or none of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-store-private.h"
#include "server-token.h"

/* An interval of a place, in microseconds since the epoch. */
typedef struct
{
  char  *organisation; /* NULL: the slots without a place */
  gint64 start;
  gint64 end;
} Interval;

static void
interval_clear (Interval *interval)
{
  g_clear_pointer (&interval->organisation, g_free);
}

static gint64
usec_of (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

static Interval
interval_of (const NvSlot *slot)
{
  gint64 start = usec_of (slot->starts_at);

  return (Interval){ g_strdup (slot->organisation), start,
                     start + (gint64) slot->duration_minutes * 60 * G_USEC_PER_SEC };
}

/* The stored slots not cancelled that could meet [@from, @to): a slot lasts at most a
 * day, so those starting from a day before @from. */
static gboolean
read_intervals (ServerStore *self, gint64 from, gint64 to, GArray *intervals, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GDateTime) first = g_date_time_new_from_unix_utc (from / G_USEC_PER_SEC - 86400);
  g_autoptr (GDateTime) last = g_date_time_new_from_unix_utc (to / G_USEC_PER_SEC + 1);
  g_autofree char *first_text = nv_format_time_utc (first);
  g_autofree char *last_text = nv_format_time_utc (last);
  int              rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT organisation, starts_at, duration_minutes FROM slots "
                                   "WHERE cancelled = 0 AND julianday (starts_at) >= julianday "
                                   "(?1) AND julianday (starts_at) < julianday (?2)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, last_text, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *starts_at = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr (GDateTime) start
          = starts_at != NULL ? g_date_time_new_from_iso8601 (starts_at, NULL) : NULL;
      Interval interval;

      /* A time that cannot be read is left out of lists (read_slots): so here. */
      if (start == NULL)
        continue;
      interval.organisation = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      interval.start = usec_of (start);
      interval.end = interval.start + sqlite3_column_int64 (stmt, 2) * 60 * G_USEC_PER_SEC;
      g_array_append_val (intervals, interval);
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot read the slots");
  return TRUE;
}

/* The rule @candidate breaks among @intervals, or NULL. */
static const char *
refusal_of (const Interval *candidate, GArray *intervals, gint64 now)
{
  const char *refusal = NULL;

  if (candidate->start <= now)
    return SERVER_SLOT_REFUSED_PAST;
  for (guint i = 0; i < intervals->len; i++)
    {
      const Interval *other = &g_array_index (intervals, Interval, i);

      if (g_strcmp0 (other->organisation, candidate->organisation) != 0)
        continue;
      if (other->start == candidate->start)
        return SERVER_SLOT_REFUSED_DUPLICATE;
      if (other->start < candidate->end && candidate->start < other->end)
        refusal = SERVER_SLOT_REFUSED_OVERLAP;
    }
  return refusal;
}

/* Writes @slot under a new id at @revision, drawing again when the id is taken. */
static gboolean
insert_new (ServerStore *self, NvSlot *slot, gint64 revision, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) exists = NULL;

  if ((exists = server_store_cached (self, "SELECT 1 FROM slots WHERE id = ?1", error)) == NULL)
    return FALSE;
  do
    {
      g_free (slot->id);
      slot->id = server_token_make_id ("slot");
      sqlite3_reset (exists);
      sqlite3_bind_text (exists, 1, slot->id, -1, SQLITE_STATIC);
    }
  while (sqlite3_step (exists) == SQLITE_ROW);
  return server_store_write_slot_row (self, slot, revision, error);
}

gboolean
server_store_publish_slots (ServerStore *self,
                            GPtrArray   *slots,
                            gboolean     preview,
                            const char  *actor,
                            GDateTime   *now,
                            const char **refusals,
                            GError     **error)
{
  g_autoptr (GArray) intervals = g_array_new (FALSE, FALSE, sizeof (Interval));
  g_autoptr (GDateTime) current = now != NULL
                                      ? g_date_time_ref (now)
                                      : g_date_time_new_from_unix_utc (server_store_now (self));
  g_autofree char *time_text = nv_format_time_utc (current);
  gint64           from = G_MAXINT64, to = G_MININT64;
  gint64           revision = 0;
  guint            accepted = 0;
  gboolean         ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (slots != NULL, FALSE);
  g_return_val_if_fail (refusals != NULL || slots->len == 0, FALSE);

  g_array_set_clear_func (intervals, (GDestroyNotify) interval_clear);
  for (guint i = 0; i < slots->len; i++)
    {
      NvSlot *slot = g_ptr_array_index (slots, i);

      /* The validator wants an id; the store makes the real one. */
      if (slot->id == NULL)
        slot->id = g_strdup ("slot-new");
      if (!server_store_check_slot (self, slot, error))
        return FALSE;
      from = MIN (from, usec_of (slot->starts_at));
      to = MAX (to,
                usec_of (slot->starts_at) + (gint64) slot->duration_minutes * 60 * G_USEC_PER_SEC);
    }

  if (!nv_sqlite_begin (server_store_get_db (self), preview ? NV_SQLITE_READ : NV_SQLITE_WRITE,
                        error))
    return FALSE;
  ok = slots->len == 0 || read_intervals (self, from, to, intervals, error);
  for (guint i = 0; ok && i < slots->len; i++)
    {
      NvSlot  *slot = g_ptr_array_index (slots, i);
      Interval candidate = interval_of (slot);

      refusals[i] = refusal_of (&candidate, intervals, usec_of (current));
      if (refusals[i] != NULL)
        {
          interval_clear (&candidate);
          continue;
        }
      g_array_append_val (intervals, candidate);
      accepted++;
      if (preview)
        continue;
      slot->taken = 0;
      slot->cancelled = FALSE;
      if (revision == 0)
        ok = (revision = server_store_bump_revision (self, error)) > 0;
      ok = ok && insert_new (self, slot, revision, error)
           && (actor == NULL
               || server_store_audit (self, time_text, actor, "slot-published", slot->id, error));
    }
  return nv_sqlite_end (server_store_get_db (self), ok, error);
}

char *
server_store_publish_slot (
    ServerStore *self, const NvSlot *slot, const char *actor, GDateTime *now, GError **error)
{
  g_autoptr (GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  const char *refusal = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (slot != NULL, NULL);

  g_ptr_array_add (slots, nv_slot_copy (slot));
  if (!server_store_publish_slots (self, slots, FALSE, actor, now, &refusal, error))
    return NULL;
  if (g_strcmp0 (refusal, SERVER_SLOT_REFUSED_PAST) == 0)
    nv_set_field_error_code (error, "starts_at", refusal,
                             "is in the past: a slot must start later");
  else if (g_strcmp0 (refusal, SERVER_SLOT_REFUSED_DUPLICATE) == 0)
    nv_set_field_error_code (error, "starts_at", refusal,
                             "is taken: the place already has a slot that starts then");
  else if (refusal != NULL)
    nv_set_field_error_code (error, "starts_at", refusal,
                             "overlaps another slot of the same place");
  if (refusal != NULL)
    return NULL;
  return g_strdup (((NvSlot *) g_ptr_array_index (slots, 0))->id);
}

GPtrArray *
server_store_list_slots_between (ServerStore *self, GDateTime *from, GDateTime *to, GError **error)
{
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) slots = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  /* The list reader checks each slot as a kiosk would; the range is then a time test. */
  if ((all = server_store_list_slots (self, NULL, error)) == NULL)
    return NULL;
  slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  for (guint i = 0; i < all->len; i++)
    {
      NvSlot *slot = g_ptr_array_index (all, i);

      if (g_date_time_compare (slot->starts_at, from) >= 0
          && g_date_time_compare (slot->starts_at, to) < 0)
        g_ptr_array_add (slots, nv_slot_copy (slot));
    }
  return g_steal_pointer (&slots);
}
