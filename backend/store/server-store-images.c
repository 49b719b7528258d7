/* server-store-images.c — step pictures, kept in the database by their content's name
 *
 * In the database rather than beside it: a backup, a restore and a transaction hold
 * them with the guides that name them. They are small (a kiosk-sized PNG or JPEG), and
 * never changed: a new picture is a new name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-store-images.h"
#include "server-store-private.h"

/* The caller holds a write transaction: an audit row for a picture, named by its hash,
 * with its size; never its bytes. */
static gboolean
audit_image (ServerStore *self,
             const char  *time,
             const char  *actor,
             const char  *action,
             const char  *name,
             gint64       size,
             GError     **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) detail = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, size);
  json_builder_end_object (builder);
  detail = json_builder_get_root (builder);
  return server_store_audit_detail (self, time, actor, action, name, detail, error);
}

/* The caller holds a write transaction. The same picture again is kept once; its time
 * is the latest upload's, which the purge's grace period counts from
 * (server_store_purge_images ()). */
static gboolean
write_image (ServerStore       *self,
             const ServerImage *image,
             const char        *actor,
             const char        *created,
             GError           **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  gsize         size;
  gconstpointer data;

  if ((stmt = server_store_cached (self,
                                   "INSERT INTO images (name, bytes, width, height, created,"
                                   " created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                                   " ON CONFLICT (name) DO UPDATE SET created = excluded.created,"
                                   " created_by = excluded.created_by",
                                   error))
      == NULL)
    return FALSE;
  data = g_bytes_get_data (image->bytes, &size);
  sqlite3_bind_text (stmt, 1, image->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, (int) image->width);
  sqlite3_bind_int (stmt, 4, (int) image->height);
  sqlite3_bind_text (stmt, 5, created, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, actor, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the picture", error);
}

gboolean
server_store_seed_image (ServerStore *self, const ServerImage *image, GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = nv_format_time_utc (now);

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (image != NULL && nv_image_bytes_match (image->name, image->bytes), FALSE);

  return write_image (self, image, "seed", created, error);
}

gboolean
server_store_put_image (ServerStore       *self,
                        const ServerImage *image,
                        const char        *actor,
                        GError           **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = nv_format_time_utc (now);
  sqlite3         *db;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (image != NULL && nv_image_bytes_match (image->name, image->bytes), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  return nv_sqlite_end (db,
                        write_image (self, image, actor, created, error)
                            && audit_image (self, created, actor, "image-uploaded", image->name,
                                            (gint64) g_bytes_get_size (image->bytes), error),
                        error);
}

/* Every picture name a guide's step holds: published, in a draft, or in a kept version
 * that an advisor may restore (without the NULL of a step without one, which would make
 * every NOT IN unknown). A document that is not JSON fails the query, and so the
 * purge: what it names cannot be known. */
#define REFERENCED_IMAGES                                                                          \
  "SELECT image FROM (SELECT json_extract (s.value, '$.image') AS image FROM guides AS g,"         \
  " json_each (g.document, '$.steps') AS s UNION SELECT json_extract (s.value, '$.image')"         \
  " FROM guide_drafts AS d, json_each (d.document, '$.steps') AS s"                                \
  " UNION SELECT json_extract (s.value, '$.image') FROM content_versions AS v,"                    \
  " json_each (v.document, '$.steps') AS s WHERE v.kind = 'guide') WHERE image IS NOT NULL"

gboolean
server_store_purge_images (ServerStore *self,
                           guint        grace_days,
                           const char  *actor,
                           GDateTime   *now,
                           guint       *out_removed,
                           GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) find = NULL;
  g_autoptr (NvSqliteCachedStmt) remove = NULL;
  g_autoptr (GDateTime) time = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  g_autoptr (GDateTime) cutoff = g_date_time_add_days (time, -(gint) grace_days);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *time_text = nv_format_time_utc (time);
  g_autofree char *cutoff_text = nv_format_time_utc (cutoff);
  sqlite3         *db;
  gboolean         ok;
  int              rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (actor != NULL, FALSE);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = (find = server_store_cached (self,
                                    "SELECT name, length (bytes) FROM images WHERE created < ?1"
                                    " AND name NOT IN (" REFERENCED_IMAGES ") ORDER BY name",
                                    error))
       != NULL;
  if (ok)
    {
      sqlite3_bind_text (find, 1, cutoff_text, -1, SQLITE_TRANSIENT);
      while ((rc = sqlite3_step (find)) == SQLITE_ROW)
        {
          gint64 size = sqlite3_column_int64 (find, 1);

          g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (find, 0)));
          g_array_append_val (sizes, size);
        }
      if (rc != SQLITE_DONE)
        ok = nv_sqlite_error (error, db, "Cannot find the pictures no guide uses");
    }
  g_clear_pointer (&find, nv_sqlite_cache_release);
  if (ok)
    ok = (remove = server_store_cached (self, "DELETE FROM images WHERE name = ?1", error)) != NULL;
  for (guint i = 0; ok && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      sqlite3_reset (remove);
      sqlite3_bind_text (remove, 1, name, -1, SQLITE_STATIC);
      ok = nv_sqlite_step_done (db, remove, "Cannot remove a picture", error)
           && audit_image (self, time_text, actor, "image-removed", name,
                           g_array_index (sizes, gint64, i), error);
    }
  g_clear_pointer (&remove, nv_sqlite_cache_release);
  if (!nv_sqlite_end (db, ok, error))
    return FALSE;
  if (out_removed != NULL)
    *out_removed = names->len;
  return TRUE;
}

GBytes *
server_store_get_image (ServerStore *self, const char *name, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if (!nv_image_name_is_valid (name))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no such picture");
      return NULL;
    }
  if ((stmt = server_store_cached (self, "SELECT bytes FROM images WHERE name = ?1", error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), (gsize) sqlite3_column_bytes (stmt, 0));
  if (rc != SQLITE_DONE)
    nv_sqlite_error (error, server_store_get_db (self), "Cannot read the picture");
  else
    g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no such picture");
  return NULL;
}

gboolean
server_store_has_image (ServerStore *self, const char *name)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if (!nv_image_name_is_valid (name)
      || (stmt = server_store_cached (self, "SELECT 1 FROM images WHERE name = ?1", NULL)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}
