/* nv-fuzz.c — what every libFuzzer harness of fuzz/ shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "nv-fuzz.h"
#include "nv-test-util.h"

static char *tmpdir;

static GLogWriterOutput
quiet_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data); /* aborts */
  return G_LOG_WRITER_HANDLED;
}

void
nv_fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_writer_func (quiet_writer, NULL, NULL);
}

static void
remove_tmpdir (void)
{
  nv_test_rm_rf (tmpdir);
}

char *
nv_fuzz_make_tmpdir (void)
{
  g_assert_null (tmpdir);
  tmpdir = nv_test_make_tmpdir ();
  atexit (remove_tmpdir);
  return g_strdup (tmpdir);
}
