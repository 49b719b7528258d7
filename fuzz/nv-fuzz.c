/* nv-fuzz.c — what every libFuzzer harness of fuzz/ shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "nv-json-private.h"
#include "nv-fuzz.h"
#include "nv-test-util.h"

static char *tmpdir;

static GLogWriterOutput
quiet_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  /* Every warning and critical is a crash (none is let through: the server screens what
   * libsoup 3.2 would warn of, server-http-connection.c). */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data); /* aborts */
  return G_LOG_WRITER_HANDLED;
}

/* A fatal message ends in G_BREAKPOINT(), a SIGTRAP that libFuzzer does not catch: it
 * would die without saving the input. An abort it reports as a crash, with the input. */
static void
abort_on_trap (int signal_number)
{
  abort ();
}

void
nv_fuzz_init (void)
{
  signal (SIGTRAP, abort_on_trap);
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

void
nv_fuzz_check_organisation (const NvOrganisation *organisation)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autoptr (GBytes) text = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (NvOrganisation) again = NULL;
  g_autoptr (JsonNode) rewritten = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (!nv_organisation_validate (organisation, &error))
    g_error ("an imported entry does not validate: %s", error->message);
  written = nv_organisation_to_json (organisation);
  text = nv_json_to_bytes (written);
  if ((node = nv_json_parse_bytes (text, 0, &error)) == NULL
      || (again = nv_organisation_from_json (node, &error)) == NULL)
    g_error ("an imported entry fails when written and read back: %s", error->message);
  rewritten = nv_organisation_to_json (again);
  first = nv_json_to_string (written, FALSE);
  second = nv_json_to_string (rewritten, FALSE);
  if (g_strcmp0 (first, second) != 0)
    g_error ("an imported entry reads back differently");
}

void
nv_fuzz_check_import (const GError         *text_error,
                      const NvOrganisation *organisation,
                      const GError         *record_error,
                      const char           *record_id)
{
  if (text_error != NULL && !g_utf8_validate (text_error->message, -1, NULL))
    g_error ("a refused text whose message is not UTF-8");
  if (organisation != NULL)
    {
      nv_fuzz_check_organisation (organisation);
      return;
    }
  if (record_error == NULL)
    return;
  if (nv_error_get_field (record_error) == NULL)
    g_error ("a refused record without the field that refused it");
  if (!g_utf8_validate (record_error->message, -1, NULL) || !g_utf8_validate (record_id, -1, NULL))
    g_error ("a refused record whose message is not UTF-8");
}
