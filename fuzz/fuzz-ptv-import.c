/* fuzz-ptv-import.c — libFuzzer harness for the Suomi.fi (PTV) importer
 *
 * The bytes are one text of PTV JSON, as a file or a page of the Open API brings it,
 * through server_ptv_import_add_bytes and server_ptv_import_finish: the strict JSON
 * reader, then the mapping of every record. What it checks besides memory safety (ASan,
 * UBSan): a text refused as a whole, or a record refused, says why in UTF-8 (the command
 * line prints it) and a refused record names its field; an entry the importer makes is
 * one every reader accepts — it validates, and written as JSON it reads back the same,
 * as the store and the kiosks will read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-json-private.h"
#include "server-import-ptv.h"

#include "nv-fuzz.h"

static GDateTime *now;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  nv_fuzz_init ();
  /* A fixed moment, so that a crash replays: which hours are in force depends on it. */
  now = g_date_time_new_from_iso8601 ("2026-12-07T10:00:00Z", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (ServerPtvImport) import = server_ptv_import_new (now, "other");
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  guint page_count;

  if (!server_ptv_import_add_bytes (import, bytes, "the input", &page_count, &error))
    {
      g_assert_nonnull (error);
      nv_fuzz_check_import (error, NULL, NULL, NULL);
    }
  records = server_ptv_import_finish (import);
  for (guint i = 0; i < records->len; i++)
    {
      const ServerPtvRecord *record = g_ptr_array_index (records, i);

      if (record->organisation == NULL && record->error == NULL)
        g_error ("a record neither made nor refused");
      nv_fuzz_check_import (NULL, record->organisation, record->error, record->record_id);
    }
  return 0;
}
