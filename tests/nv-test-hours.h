/* nv-test-hours.h — a library's opening hours and Helsinki times, for the tests of what
 * is worked out from hours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-opening-hours.h"

static inline GDateTime *
nv_test_helsinki (int year, int month, int day, int hour, int minute)
{
  return g_date_time_new (nv_helsinki_tz (), year, month, day, hour, minute, 0);
}

/* Weekdays 9–16, Tuesday evenings 17–19 too, closed at weekends; Friday 27.11.2026 closed
 * (a training day, with a note in Finnish only); Independence Day 6.12.2026, a Sunday
 * holiday, open 12–14 by exception, without a note. 23.11.2026 is a Monday. */
static inline NvOpeningHours *
nv_test_library_hours (void)
{
  NvOpeningHours   *hours = nv_opening_hours_new ();
  NvHoursException *exception;
  NvHoursRange      noon = { 0, 12 * 60, 14 * 60 };

  for (guint8 day = 1; day <= 5; day++)
    nv_opening_hours_add (hours, day, 9 * 60, 16 * 60);
  nv_opening_hours_add (hours, 2, 17 * 60, 19 * 60);
  exception = nv_opening_hours_add_exception (hours, "2026-11-27");
  nv_text_set (&exception->note, NV_LANG_FI, "Koulutuspäivä");
  exception = nv_opening_hours_add_exception (hours, "2026-12-06");
  g_array_append_val (exception->ranges, noon);
  return hours;
}
