/* kiosk-test-store.h — a kiosk store holding the test content (tests/fixtures/content)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

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
