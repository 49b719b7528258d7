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

/* Damages the first page of each content table of the closed store in @dir (kiosk.db):
 * the outboxes are left whole. */
static inline void
kiosk_test_store_damage_content (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "kiosk.db", NULL);
  sqlite3         *db = NULL;
  sqlite3_stmt    *stmt = NULL;
  GArray          *pages = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64           page_size = 4096;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                       " FROM sqlite_master WHERE name IN"
                                       " ('categories', 'guides', 'organisations', 'slots')",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 page = sqlite3_column_int64 (stmt, 0);

      page_size = sqlite3_column_int64 (stmt, 1);
      g_array_append_val (pages, page);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (pages->len, ==, 4);
  for (guint i = 0; i < pages->len; i++)
    kiosk_test_store_scribble (path, (g_array_index (pages, gint64, i) - 1) * page_size,
                               (gsize) page_size);
  g_array_unref (pages);
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
