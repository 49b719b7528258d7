/* fuzz-library-import.c — libFuzzer harness for the library directory importer
 *
 * The bytes are one text of the library directory's JSON (Kirkanta API v4), as a file or
 * a page of the API brings it, through server_library_import_add_bytes and
 * server_library_import_finish: the strict JSON reader, then the mapping of every
 * library and its schedules. What it checks besides memory safety (ASan, UBSan): a text
 * refused as a whole, or a record refused, says why in UTF-8 (the command line prints
 * it) and a refused record names its field; an entry the importer makes is one every
 * reader accepts (nv_fuzz_check_organisation).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "server-import-libraries.h"

#include "nv-fuzz.h"

static GDateTime *now;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  nv_fuzz_init ();
  now = g_date_time_new_from_iso8601 ("2026-12-07T10:00:00Z", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (ServerLibraryImport) import = server_library_import_new (now);
  g_autoptr (GPtrArray) records = NULL;
  g_autoptr (GError) error = NULL;
  guint total, n_items;

  if (!server_library_import_add_bytes (import, bytes, "the input", &total, &n_items, &error))
    {
      g_assert_nonnull (error);
      nv_fuzz_check_import (error, NULL, NULL, NULL);
    }
  records = server_library_import_finish (import);
  for (guint i = 0; i < records->len; i++)
    {
      const ServerLibraryRecord *record = g_ptr_array_index (records, i);

      if (record->organisation == NULL && record->error == NULL)
        g_error ("a record neither made nor refused");
      nv_fuzz_check_import (NULL, record->organisation, record->error, record->record_id);
    }
  return 0;
}
