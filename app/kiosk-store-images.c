/* kiosk-store-images.c — the step pictures the content names, kept beside kiosk.db
 *
 * A picture is a file images/<sha256>.png whose name says what its bytes must be.
 * It is written whole and then renamed into place, so a kiosk that loses power while
 * writing has a stray temporary file, never a half picture under the real name; and
 * it is checked against its name every time it is read, so a file damaged on the card
 * is never shown: it is removed, and the next sync fetches it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "kiosk-store-private.h"

static char *
images_dir (KioskStore *self)
{
  g_autofree char *base = g_path_get_dirname (self->path);

  return g_build_filename (base, "images", NULL);
}

static char *
image_path (KioskStore *self, const char *name)
{
  g_autofree char *dir = images_dir (self);

  return g_build_filename (dir, name, NULL);
}

/* Every picture name the content holds, whether cached or not. */
static GHashTable *
referenced_names (KioskStore *self)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  stmt = kiosk_store_prepare (self,
                              "SELECT DISTINCT json_extract (s.value, '$.image')"
                              " FROM guides, json_each (guides.document, '$.steps') AS s"
                              " WHERE json_extract (s.value, '$.image') IS NOT NULL",
                              NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      /* A name that is not a content's hash cannot be fetched or checked: not shown. */
      if (nv_image_name_is_valid (name))
        g_hash_table_add (names, g_strdup (name));
    }
  return names;
}

GStrv
kiosk_store_images_missing (KioskStore *self)
{
  g_autoptr (GHashTable) names = NULL;
  g_autoptr (GStrvBuilder) missing = g_strv_builder_new ();
  GHashTableIter iter;
  const char    *name;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  names = referenced_names (self);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, NULL))
    {
      g_autofree char *path = image_path (self, name);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_strv_builder_add (missing, name);
    }
  return g_strv_builder_end (missing);
}

gboolean
kiosk_store_images_save (KioskStore *self, const char *name, GBytes *bytes, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gsize            size;
  gconstpointer    data;

  g_return_val_if_fail (KIOSK_IS_STORE (self), FALSE);

  if (!nv_image_bytes_match (name, bytes))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                   "The picture %s is not what its name says (%" G_GSIZE_FORMAT " bytes)",
                   name != NULL ? name : "(none)", bytes != NULL ? g_bytes_get_size (bytes) : 0);
      return FALSE;
    }
  dir = images_dir (self);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, NV_ERROR, NV_ERROR_IO, "Cannot make the folder %s: %s", dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  path = g_build_filename (dir, name, NULL);
  data = g_bytes_get_data (bytes, &size);
  /* Written to a temporary file, flushed and renamed: whole or not at all. */
  if (!g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 error))
    return FALSE;
  return TRUE;
}

GBytes *
kiosk_store_images_load (KioskStore *self, const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GBytes) bytes = NULL;
  gsize size = 0;

  g_return_val_if_fail (KIOSK_IS_STORE (self), NULL);

  if (!nv_image_name_is_valid (name))
    return NULL;
  path = image_path (self, name);
  if (!g_file_get_contents (path, &data, &size, NULL))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  if (!nv_image_bytes_match (name, bytes))
    {
      g_message ("The cached picture %s is damaged; it is fetched again", name);
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

guint
kiosk_store_images_clean (KioskStore *self)
{
  g_autoptr (GHashTable) names = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autofree char *dir_path = NULL;
  const char      *entry;
  guint            removed = 0;

  g_return_val_if_fail (KIOSK_IS_STORE (self), 0);

  dir_path = images_dir (self);
  if ((dir = g_dir_open (dir_path, 0, NULL)) == NULL)
    return 0;
  names = referenced_names (self);
  /* What no content names: pictures of removed steps, and temporary files left by a
   * write that never finished. */
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (!g_hash_table_contains (names, entry))
      {
        g_autofree char *path = g_build_filename (dir_path, entry, NULL);

        if (g_unlink (path) == 0)
          removed++;
      }
  return removed;
}
