/* server-store-kiosks.c — the kiosk registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "nv-json-private.h"
#include "server-store-private.h"
#include "server-token.h"

void
server_kiosk_free (ServerKiosk *kiosk)
{
  if (kiosk == NULL)
    return;
  g_free (kiosk->id);
  g_free (kiosk->name);
  g_free (kiosk->municipality);
  g_free (kiosk->app_version);
  g_free (kiosk->host);
  g_free (kiosk);
}

gboolean
server_store_add_kiosk (ServerStore *self,
                        const char  *name,
                        const char  *municipality,
                        char       **out_id,
                        char       **out_token,
                        GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  /* One line: a name with a line break or an escape sequence breaks `kiosk list`. */
  if (!nv_validate_line (name, "name", 100, TRUE, error))
    return FALSE;
  if (nv_municipality_lookup (municipality) == NULL)
    {
      nv_set_field_error (
          error, "municipality",
          "must be the Statistics Finland code of a municipality of Finland, like 564");
      return FALSE;
    }

  id = server_token_make_id ("kiosk");
  token = server_token_new (id);
  if (!server_token_parse (token, &kiosk_id, &secret))
    g_assert_not_reached ();
  hash = server_token_hash (secret);
  sodium_memzero (secret, strlen (secret));

  if ((stmt = server_store_cached (self,
                                   "INSERT INTO kiosks (id, name, municipality, "
                                   "token_hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, municipality, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot register the kiosk");

  *out_id = g_steal_pointer (&id);
  *out_token = g_steal_pointer (&token);
  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt, int column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gint64
column_int_or (sqlite3_stmt *stmt, int column, gint64 fallback)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? fallback
                                                           : sqlite3_column_int64 (stmt, column);
}

GPtrArray *
server_store_list_kiosks (ServerStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) kiosks = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (self,
                                   "SELECT k.id, k.name, k.municipality, k.created, k.revoked, "
                                   "k.last_contact, k.content_revision, k.app_version, "
                                   "k.outbox_backlog, h.organisation FROM kiosks AS k "
                                   "LEFT JOIN kiosk_hosts AS h ON h.kiosk = k.id "
                                   "ORDER BY k.name, k.id",
                                   error))
      == NULL)
    return NULL;
  kiosks = g_ptr_array_new_with_free_func ((GDestroyNotify) server_kiosk_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerKiosk *kiosk = g_new0 (ServerKiosk, 1);

      kiosk->id = column_dup (stmt, 0);
      kiosk->name = column_dup (stmt, 1);
      kiosk->municipality = column_dup (stmt, 2);
      kiosk->created = sqlite3_column_int64 (stmt, 3);
      kiosk->revoked = column_int_or (stmt, 4, 0);
      kiosk->last_contact = column_int_or (stmt, 5, 0);
      kiosk->content_revision = column_int_or (stmt, 6, -1);
      kiosk->app_version = column_dup (stmt, 7);
      kiosk->outbox_backlog = column_int_or (stmt, 8, -1);
      kiosk->host = column_dup (stmt, 9);
      g_ptr_array_add (kiosks, kiosk);
    }
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot list the kiosks");
      return NULL;
    }
  return g_steal_pointer (&kiosks);
}

gboolean
server_store_revoke_kiosk (ServerStore *self, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if ((stmt = server_store_cached (self,
                                   "UPDATE kiosks SET revoked = ?2 WHERE id = ?1 "
                                   "AND revoked IS NULL",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot revoke the kiosk");
  if (sqlite3_changes (server_store_get_db (self)) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND,
                   "There is no kiosk “%s” that is not already revoked", id);
      return FALSE;
    }
  return TRUE;
}

char *
server_store_authenticate_kiosk (ServerStore *self, const char *token)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *kiosk_id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if (!server_token_parse (token, &kiosk_id, &secret))
    return NULL;
  hash = server_token_hash (secret);
  stmt = server_store_cached (self,
                              "SELECT token_hash FROM kiosks WHERE id = ?1 "
                              "AND revoked IS NULL",
                              NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kiosk_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW
      || !server_token_hash_equal ((const char *) sqlite3_column_text (stmt, 0), hash))
    return NULL;
  return g_steal_pointer (&kiosk_id);
}

/* Contacts are noted in memory on the main loop and written by the event writer's
 * connection (server-ingest.c) with its transactions, or once a flush interval: a kiosk's
 * request never waits on the disk, nor on the writer's lock. */
#define CONTACT_FLUSH_INTERVAL_MS 60000

typedef struct
{
  char   *id;
  char   *app_version;      /* NULL: not reported since the last write */
  gint64  content_revision; /* -1: ditto */
  gint64  outbox_backlog;   /* -1: ditto */
  gint64  last_contact;
  GArray *hours; /* gint64, the hours (Unix time / 3600) it called in, each once */
} Contact;

struct _ServerContactBook
{
  GMutex      lock;
  GHashTable *pending; /* id → Contact, under the lock */
  guint       flush_interval_ms;
};

static void
contact_free (Contact *contact)
{
  g_free (contact->id);
  g_free (contact->app_version);
  g_array_unref (contact->hours);
  g_free (contact);
}

static GHashTable *
new_pending (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) contact_free);
}

ServerContactBook *
server_contact_book_new (void)
{
  ServerContactBook *book = g_new0 (ServerContactBook, 1);

  g_mutex_init (&book->lock);
  book->pending = new_pending ();
  book->flush_interval_ms = CONTACT_FLUSH_INTERVAL_MS;
  return book;
}

void
server_contact_book_free (ServerContactBook *book)
{
  g_hash_table_unref (book->pending);
  g_mutex_clear (&book->lock);
  g_free (book);
}

void
server_store_remember_kiosk_contact (ServerStore *self,
                                     const char  *id,
                                     const char  *app_version,
                                     gint64       content_revision,
                                     gint64       outbox_backlog)
{
  ServerContactBook *book;
  Contact           *contact;
  gint64             now;
  gint64             hour;

  g_return_if_fail (SERVER_IS_STORE (self));
  g_return_if_fail (id != NULL);

  book = server_store_get_contact_book (self);
  now = server_store_now (self);
  hour = now / 3600;
  g_mutex_lock (&book->lock);
  if ((contact = g_hash_table_lookup (book->pending, id)) == NULL)
    {
      contact = g_new0 (Contact, 1);
      contact->id = g_strdup (id);
      contact->content_revision = -1;
      contact->outbox_backlog = -1;
      contact->hours = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (book->pending, contact->id, contact);
    }
  contact->last_contact = now;
  if (app_version != NULL)
    {
      g_free (contact->app_version);
      contact->app_version = g_strdup (app_version);
    }
  if (content_revision >= 0)
    contact->content_revision = content_revision;
  if (outbox_backlog >= 0)
    contact->outbox_backlog = outbox_backlog;
  if (contact->hours->len == 0
      || g_array_index (contact->hours, gint64, contact->hours->len - 1) != hour)
    g_array_append_val (contact->hours, hour);
  g_mutex_unlock (&book->lock);
}

static GHashTable *
take_pending (ServerStore *from)
{
  ServerContactBook *book = server_store_get_contact_book (from);
  GHashTable        *taken = NULL;

  g_mutex_lock (&book->lock);
  if (g_hash_table_size (book->pending) > 0)
    {
      taken = book->pending;
      book->pending = new_pending ();
    }
  g_mutex_unlock (&book->lock);
  return taken;
}

static void
write_contact (ServerStore *self, const Contact *contact)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (NvSqliteCachedStmt) hour = NULL;

  stmt = server_store_cached (self,
                              "UPDATE kiosks SET last_contact = ?2, "
                              "app_version = coalesce(?3, app_version), "
                              "content_revision = coalesce(?4, content_revision), "
                              "outbox_backlog = coalesce(?5, outbox_backlog) WHERE id = ?1",
                              NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, contact->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, contact->last_contact);
  sqlite3_bind_text (stmt, 3, contact->app_version, -1, SQLITE_STATIC);
  if (contact->content_revision >= 0)
    sqlite3_bind_int64 (stmt, 4, contact->content_revision);
  if (contact->outbox_backlog >= 0)
    sqlite3_bind_int64 (stmt, 5, contact->outbox_backlog);
  /* Bookkeeping only: a failure here must not fail the events written with it. */
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_debug ("Cannot note the contact of kiosk %s", contact->id);
  /* The hours it was reachable in, for its uptime (operations report). */
  hour = server_store_cached (self,
                              "INSERT OR IGNORE INTO kiosk_contact_hours (kiosk, hour) "
                              "SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM kiosks WHERE id = ?1)",
                              NULL);
  if (hour == NULL)
    return;
  for (guint i = 0; i < contact->hours->len; i++)
    {
      sqlite3_reset (hour);
      sqlite3_bind_text (hour, 1, contact->id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (hour, 2, g_array_index (contact->hours, gint64, i));
      if (sqlite3_step (hour) != SQLITE_DONE)
        g_debug ("Cannot note the contact hour of kiosk %s", contact->id);
    }
}

gboolean
server_store_write_kiosk_contacts (ServerStore *self, ServerStore *from)
{
  g_autoptr (GHashTable) taken = NULL;
  GHashTableIter iter;
  Contact       *contact;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (SERVER_IS_STORE (from), FALSE);

  if ((taken = take_pending (from)) == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, taken);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &contact))
    write_contact (self, contact);
  return TRUE;
}

void
server_store_flush_kiosk_contacts (ServerStore *self, ServerStore *from)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db;

  g_return_if_fail (SERVER_IS_STORE (self));
  g_return_if_fail (SERVER_IS_STORE (from));

  if (!server_store_has_pending_kiosk_contacts (from))
    return;
  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, &error))
    {
      g_debug ("Cannot write the kiosks' contacts: %s", error->message);
      return;
    }
  server_store_write_kiosk_contacts (self, from);
  if (!nv_sqlite_end (db, TRUE, &error))
    g_debug ("Cannot write the kiosks' contacts: %s", error->message);
}

gboolean
server_store_has_pending_kiosk_contacts (ServerStore *self)
{
  ServerContactBook *book;
  gboolean           pending;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  book = server_store_get_contact_book (self);
  g_mutex_lock (&book->lock);
  pending = g_hash_table_size (book->pending) > 0;
  g_mutex_unlock (&book->lock);
  return pending;
}

void
server_store_set_contact_flush_interval (ServerStore *self, guint interval_ms)
{
  ServerContactBook *book;

  g_return_if_fail (SERVER_IS_STORE (self));

  book = server_store_get_contact_book (self);
  g_mutex_lock (&book->lock);
  book->flush_interval_ms = interval_ms;
  g_mutex_unlock (&book->lock);
}

guint
server_store_get_contact_flush_interval (ServerStore *self)
{
  ServerContactBook *book;
  guint              interval_ms;

  g_return_val_if_fail (SERVER_IS_STORE (self), 0);

  book = server_store_get_contact_book (self);
  g_mutex_lock (&book->lock);
  interval_ms = book->flush_interval_ms;
  g_mutex_unlock (&book->lock);
  return interval_ms;
}

void
server_store_note_kiosk_contact (ServerStore *self,
                                 const char  *id,
                                 const char  *app_version,
                                 gint64       content_revision,
                                 gint64       outbox_backlog)
{
  g_return_if_fail (SERVER_IS_STORE (self));

  server_store_remember_kiosk_contact (self, id, app_version, content_revision, outbox_backlog);
  server_store_flush_kiosk_contacts (self, self);
}
