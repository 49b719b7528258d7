/* fuzz-kiosk-apply.c — libFuzzer harness for the kiosk's bundle apply
 *
 * The bytes are a content bundle as GET /api/v1/kiosk/content sends it: decoded with
 * nv_content_from_bytes, as kiosk-sync.c does, applied to a real KioskStore (SQLite in a
 * temporary directory) and read back through every list the screens use. No display is
 * needed: the store is GObject and SQLite only, though it lives in libkiosk.
 *
 * Every input starts from an empty store (an empty full bundle is applied after each), so
 * a crash found replays from its input alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-store.h"
#include "nv-content.h"

#include "nv-fuzz.h"

static KioskStore *store;
static NvContent  *empty;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;

  nv_fuzz_init ();
  dir = nv_fuzz_make_tmpdir ();
  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  empty = nv_content_new ();
  return 0;
}

/* What the screens read: everything applied must come back. */
static void
read_back (const NvContent *content)
{
  g_autoptr (GPtrArray) categories = kiosk_store_list_categories (store);
  g_autoptr (GPtrArray) guides = kiosk_store_list_guides (store, NULL, NV_LANG_FI);
  g_autoptr (GPtrArray) organisations = kiosk_store_list_organisations (store, NV_LANG_SV);
  g_autoptr (GPtrArray) kinds = kiosk_store_list_organisation_kinds (store);
  g_autoptr (GPtrArray) municipalities
      = kiosk_store_list_municipalities_with_organisations (store, NV_LANG_EN);
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GError) error = NULL;
  guint total = 0;

  g_assert_cmpuint (categories->len, ==, content->categories->len);
  g_assert_cmpuint (guides->len, ==, content->guides->len);
  g_assert_cmpuint (organisations->len, ==, content->organisations->len);
  g_assert_cmpuint (kinds->len > 0, ==, organisations->len > 0);
  g_assert_cmpuint (municipalities->len > 0, ==, organisations->len > 0);
  for (guint i = 0; i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);
      g_autoptr (NvGuide) stored = kiosk_store_get_guide (store, guide->id);

      g_assert_nonnull (stored);
    }
  for (guint i = 0; i < content->slots->len; i++)
    {
      const NvSlot *slot = g_ptr_array_index (content->slots, i);
      g_autoptr (NvSlot) stored = kiosk_store_get_slot (store, slot->id);

      g_assert_nonnull (stored);
    }
  /* The residents' search, with a word taken from what was applied. */
  if (content->organisations->len > 0)
    {
      const NvOrganisation *organisation = g_ptr_array_index (content->organisations, 0);

      hits = kiosk_store_search_organisations (store, organisation->name.text[NV_LANG_FI], NULL,
                                               NULL, NV_LANG_FI, 10, &total, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (total, >=, 1);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (NvContent) content = NULL;
  g_autoptr (GError) error = NULL;

  if ((content = nv_content_from_bytes (bytes, &error)) == NULL)
    return 0;
  if (kiosk_store_apply_content (store, content, &error))
    {
      /* A delta lands on an empty store, so what it brings is all there is. */
      read_back (content);
    }
  else
    g_assert_cmpint (kiosk_store_get_revision (store), ==, 0);
  g_clear_error (&error);
  if (!kiosk_store_apply_content (store, empty, &error))
    g_error ("the empty bundle was refused: %s", error->message);
  return 0;
}
