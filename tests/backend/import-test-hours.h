/* import-test-hours.h — checking the opening hours an importer made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-common.h"

static inline void
assert_range (
    const GArray *ranges, guint index, guint8 weekday, const char *opens, const char *closes)
{
  const NvHoursRange *range;
  g_autofree char    *o = NULL, *c = NULL;

  g_assert_cmpuint (index, <, ranges->len);
  range = &g_array_index (ranges, NvHoursRange, index);
  o = nv_format_clock_time (range->opens);
  c = nv_format_clock_time (range->closes);
  g_assert_cmpuint (range->weekday, ==, weekday);
  g_assert_cmpstr (o, ==, opens);
  g_assert_cmpstr (c, ==, closes);
}

static inline void
assert_state (const NvOpeningHours *hours, const char *when, NvOpenState expected)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (when, NULL);

  g_assert_nonnull (time);
  g_assert_cmpint (nv_opening_hours_state_at (hours, time, NULL), ==, expected);
}

static inline const NvHoursException *
find_exception (const NvOpeningHours *hours, const char *date)
{
  for (guint i = 0; i < hours->exceptions->len; i++)
    {
      const NvHoursException *exception = g_ptr_array_index (hours->exceptions, i);

      if (g_str_equal (exception->date, date))
        return exception;
    }
  return NULL;
}
