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

gboolean
server_store_put_image (ServerStore *self, const ServerImage *image, const char *by, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = NULL;
  gsize            size;
  gconstpointer    data;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (image != NULL && nv_image_bytes_match (image->name, image->bytes), FALSE);

  if ((stmt = server_store_cached (self,
                                   "INSERT OR IGNORE INTO images (name, bytes, width, height,"
                                   " created, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                   error))
      == NULL)
    return FALSE;
  created = nv_format_time_utc (now);
  data = g_bytes_get_data (image->bytes, &size);
  sqlite3_bind_text (stmt, 1, image->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, (int) image->width);
  sqlite3_bind_int (stmt, 4, (int) image->height);
  sqlite3_bind_text (stmt, 5, created, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, by, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot store the picture", error);
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
