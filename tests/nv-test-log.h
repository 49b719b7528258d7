/* nv-test-log.h — catching the warnings a test provokes on purpose
 *
 * Logging is structured (G_LOG_USE_STRUCTURED), which g_test_expect_message() does not
 * see, and G_DEBUG=fatal-warnings makes every warning fatal. A test that provokes one
 * starts a capture: warnings then go to a list it can check, not to the default writer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

static inline GPtrArray **
nv_test_log_captured_ (void)
{
  static GPtrArray *captured;

  return &captured;
}

static inline GLogWriterOutput
nv_test_log_writer_ (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  GPtrArray *captured = *nv_test_log_captured_ ();

  for (gsize i = 0; captured != NULL && (level & G_LOG_LEVEL_WARNING) && i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
      {
        g_ptr_array_add (captured, g_strdup (fields[i].value));
        g_printerr ("(expected) %s\n", (const char *) fields[i].value);
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (level, fields, n_fields, data);
}

/* From now on, warnings are kept (and printed) instead of being fatal; what was kept
 * before is forgotten. */
static inline void
nv_test_log_capture (void)
{
  static gsize installed;

  g_clear_pointer (nv_test_log_captured_ (), g_ptr_array_unref);
  *nv_test_log_captured_ () = g_ptr_array_new_with_free_func (g_free);
  if (g_once_init_enter (&installed))
    {
      g_log_set_writer_func (nv_test_log_writer_, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}

/* How many warnings kept since nv_test_log_capture () match @pattern (a GPatternSpec). */
static inline guint
nv_test_log_count (const char *pattern)
{
  GPtrArray *captured = *nv_test_log_captured_ ();
  guint      n = 0;

  g_assert_nonnull (captured);
  for (guint i = 0; i < captured->len; i++)
    if (g_pattern_match_simple (pattern, g_ptr_array_index (captured, i)))
      n++;
  return n;
}
