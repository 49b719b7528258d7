/* kiosk-test-store.h — a kiosk store holding the test content (tests/fixtures/content)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "kiosk-store.h"

/* A store in @dir (a fresh temporary directory) with the fixtures' guides, categories
 * and places applied as revision 1. */
static inline KioskStore *
kiosk_test_store_open_with_fixtures (const char *dir)
{
  g_autofree char *seed = g_test_build_filename (G_TEST_DIST, "fixtures", "content", NULL);
  g_autoptr (NvContent) content = NULL;
  g_autoptr (GError) error = NULL;
  KioskStore *store = kiosk_store_open (dir, &error);

  g_assert_no_error (error);
  content = nv_content_load_dir (seed, &error);
  g_assert_no_error (error);
  content->revision = 1;
  g_assert_true (kiosk_store_apply_content (store, content, &error));
  return store;
}

/* Keeps in @store every picture its content names that @content_dir/images holds, as
 * a sync would have fetched them. */
static inline void
kiosk_test_store_keep_pictures (KioskStore *store, const char *content_dir)
{
  g_auto (GStrv) missing = kiosk_store_images_missing (store);

  for (guint i = 0; missing[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (content_dir, "images", missing[i], NULL);
      g_autofree char *data = NULL;
      g_autoptr (GBytes) bytes = NULL;
      g_autoptr (GError) error = NULL;
      gsize size;

      if (!g_file_get_contents (path, &data, &size, NULL))
        continue;
      bytes = g_bytes_new_take (g_steal_pointer (&data), size);
      g_assert_true (kiosk_store_images_save (store, missing[i], bytes, &error));
      g_assert_no_error (error);
    }
}

/* Overwrites @length bytes of @path at @offset with garbage, as a failing card might. */
static inline void
kiosk_test_store_scribble (const char *path, goffset offset, gsize length)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileIOStream) stream = g_file_open_readwrite (file, NULL, NULL);
  g_autofree guint8 *garbage = g_malloc (length);
  g_autoptr (GError) error = NULL;

  g_assert_nonnull (stream);
  for (gsize i = 0; i < length; i++)
    garbage[i] = (guint8) (0xa5 ^ (i * 31));
  g_assert_true (g_seekable_seek (G_SEEKABLE (stream), offset, G_SEEK_SET, NULL, &error));
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stream)),
                                            garbage, length, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Damages the first page of each table or index @names (up to a NULL) of the store
 * whose file is @path; the rest is left whole. */
static inline void
kiosk_test_store_damage (const char *path, const char *const *names)
{
  sqlite3      *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint         damaged = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                       " FROM sqlite_master WHERE name = ?1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  for (guint i = 0; names[i] != NULL; i++)
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, names[i], -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        continue;
      kiosk_test_store_scribble (
          path, (sqlite3_column_int64 (stmt, 0) - 1) * sqlite3_column_int64 (stmt, 1),
          (gsize) sqlite3_column_int64 (stmt, 1));
      damaged++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (damaged, ==, g_strv_length ((char **) names));
}

/* Damages the first page of each content table of the closed store in @dir: the
 * outboxes are left whole. */
static inline void
kiosk_test_store_damage_content (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  const char      *tables[] = { "categories", "guides", "organisations", "slots", NULL };

  kiosk_test_store_damage (path, tables);
}

/* A resident's request, made up: no more than a request needs. */
static inline NvAppointment *
kiosk_test_make_request (void)
{
  NvAppointment *request = nv_appointment_new ();

  request->reason = g_strdup ("device");
  request->contact_method = g_strdup ("phone");
  request->preferred_days = g_strsplit ("tue", ",", -1);
  request->preferred_time = g_strdup ("morning");
  request->name = g_strdup ("Testi Asukas");
  request->phone = g_strdup ("+358401234567");
  return request;
}
