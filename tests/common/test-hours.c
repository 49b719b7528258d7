/* test-hours.c — open now / closed now, in Europe/Helsinki, with holidays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-common.h"
#include "nv-test-util.h"

static GDateTime *
helsinki (int year, int month, int day, int hour, int minute)
{
  return g_date_time_new (nv_helsinki_tz (), year, month, day, hour, minute, 0);
}

static NvOpeningHours *
library_hours (void)
{
  NvOpeningHours *hours = nv_opening_hours_new ();
  NvHoursException *exception;

  for (guint8 day = 1; day <= 5; day++)
    nv_opening_hours_add (hours, day, 9 * 60, 16 * 60);
  nv_opening_hours_add (hours, 2, 17 * 60, 19 * 60);  /* Tuesday evening too */
  exception = nv_opening_hours_add_exception (hours, "2026-11-27");  /* a Friday */
  nv_text_set (&exception->note, NV_LANG_FI, "Koulutuspäivä");
  exception = nv_opening_hours_add_exception (hours, "2026-12-06");  /* a holiday, but open */
  {
    NvHoursRange range = { 0, 12 * 60, 14 * 60 };

    g_array_append_val (exception->ranges, range);
  }
  return hours;
}

static void
assert_state (const NvOpeningHours *hours,
              GDateTime            *when,
              NvOpenState           expected,
              const char           *next)
{
  g_autoptr(GDateTime) change = NULL;
  NvOpenState state = nv_opening_hours_state_at (hours, when, &change);

  g_assert_cmpint (state, ==, expected);
  if (next == NULL)
    g_assert_null (change);
  else
    {
      g_autofree char *text = NULL;

      g_assert_nonnull (change);
      text = g_date_time_format (change, "%Y-%m-%d %H:%M");
      g_assert_cmpstr (text, ==, next);
    }
}

static void
test_weekly (void)
{
  g_autoptr(NvOpeningHours) hours = library_hours ();
  g_autoptr(GDateTime) monday_morning = helsinki (2026, 11, 23, 8, 59);
  g_autoptr(GDateTime) monday_open = helsinki (2026, 11, 23, 9, 0);
  g_autoptr(GDateTime) tuesday_gap = helsinki (2026, 11, 24, 16, 30);
  g_autoptr(GDateTime) saturday = helsinki (2026, 11, 21, 12, 0);

  assert_state (hours, monday_morning, NV_OPEN_STATE_CLOSED, "2026-11-23 09:00");
  assert_state (hours, monday_open, NV_OPEN_STATE_OPEN, "2026-11-23 16:00");
  assert_state (hours, tuesday_gap, NV_OPEN_STATE_CLOSED, "2026-11-24 17:00");
  assert_state (hours, saturday, NV_OPEN_STATE_CLOSED, "2026-11-23 09:00");
}

static void
test_exceptions_and_holidays (void)
{
  g_autoptr(NvOpeningHours) hours = library_hours ();
  g_autoptr(GDateTime) closed_friday = helsinki (2026, 11, 27, 10, 0);
  g_autoptr(GDateTime) independence_day = helsinki (2026, 12, 6, 13, 0);
  g_autoptr(GDateTime) christmas_eve = helsinki (2026, 12, 24, 10, 0);
  g_autoptr(GDateTime) utc_time = g_date_time_new_utc (2026, 11, 23, 7, 30, 0);  /* 9:30 local */

  /* The exception closes a normal Friday. */
  assert_state (hours, closed_friday, NV_OPEN_STATE_CLOSED, "2026-11-30 09:00");
  /* 6 December is a Sunday holiday with an exception that opens it. */
  assert_state (hours, independence_day, NV_OPEN_STATE_OPEN, "2026-12-06 14:00");
  /* Christmas Eve to Boxing Day are holidays; the weekend follows. */
  assert_state (hours, christmas_eve, NV_OPEN_STATE_CLOSED, "2026-12-28 09:00");
  /* Any time zone in, Helsinki time out. */
  assert_state (hours, utc_time, NV_OPEN_STATE_OPEN, "2026-11-23 16:00");
}

static void
test_midnight_and_dst (void)
{
  g_autoptr(NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr(GDateTime) late = NULL;
  g_autoptr(GDateTime) dst_morning = NULL;
  g_autoptr(GDateTime) change = NULL;

  /* Open until midnight Friday and on through Saturday morning: one stretch. */
  nv_opening_hours_add (hours, 5, 20 * 60, 24 * 60);
  nv_opening_hours_add (hours, 6, 0, 2 * 60);
  late = helsinki (2026, 11, 27, 23, 30);
  assert_state (hours, late, NV_OPEN_STATE_OPEN, "2026-11-28 02:00");

  /* 29 March 2026: clocks go from 03:00 to 04:00; a Sunday opening at 10 is 10 local. */
  nv_opening_hours_add (hours, 7, 10 * 60, 12 * 60);
  dst_morning = helsinki (2026, 3, 29, 5, 0);
  g_assert_cmpint (nv_opening_hours_state_at (hours, dst_morning, &change), ==,
                   NV_OPEN_STATE_CLOSED);
  g_assert_cmpint (g_date_time_get_hour (change), ==, 10);
  g_assert_cmpint (g_date_time_get_utc_offset (change) / G_TIME_SPAN_HOUR, ==, 3);
}

static void
test_no_opening_soon (void)
{
  g_autoptr(NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr(GDateTime) now = helsinki (2026, 11, 23, 12, 0);

  /* Known to be closed (no weekly hours at all), with no next opening to tell. */
  assert_state (hours, now, NV_OPEN_STATE_CLOSED, NULL);
}

static void
test_holidays (void)
{
  static const struct { int y, m, d; gboolean holiday; } days[] = {
    { 2026, 1, 1, TRUE }, { 2026, 1, 6, TRUE }, { 2026, 4, 3, TRUE }, { 2026, 4, 5, TRUE },
    { 2026, 4, 6, TRUE }, { 2026, 5, 1, TRUE }, { 2026, 5, 14, TRUE }, { 2026, 5, 24, TRUE },
    { 2026, 6, 19, TRUE }, { 2026, 6, 20, TRUE }, { 2026, 10, 31, TRUE }, { 2026, 12, 6, TRUE },
    { 2026, 12, 24, TRUE }, { 2026, 12, 25, TRUE }, { 2026, 12, 26, TRUE },
    { 2027, 3, 26, TRUE }, { 2027, 3, 28, TRUE }, { 2027, 3, 29, TRUE }, { 2027, 5, 6, TRUE },
    { 2027, 5, 16, TRUE }, { 2027, 6, 25, TRUE }, { 2027, 6, 26, TRUE }, { 2027, 11, 6, TRUE },
    { 2026, 4, 4, FALSE }, { 2026, 6, 26, FALSE }, { 2026, 11, 7, FALSE }, { 2026, 12, 27, FALSE },
    { 2027, 6, 19, FALSE }, { 2027, 10, 30, FALSE }, { 2026, 2, 30, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      if (nv_is_finnish_holiday (days[i].y, days[i].m, days[i].d) != days[i].holiday)
        g_error ("%d-%02d-%02d should %sbe a holiday", days[i].y, days[i].m, days[i].d,
                 days[i].holiday ? "" : "not ");
    }
}

static void
test_clock (void)
{
  guint16 minutes = 0;
  g_autofree char *text = nv_format_clock_time (545);

  g_assert_true (nv_parse_clock_time ("09:05", &minutes));
  g_assert_cmpuint (minutes, ==, 545);
  g_assert_cmpstr (text, ==, "09:05");
  g_assert_true (nv_parse_clock_time ("24:00", &minutes));
  g_assert_cmpuint (minutes, ==, 1440);
  g_assert_false (nv_parse_clock_time ("24:01", NULL));
  g_assert_false (nv_parse_clock_time ("9:00", NULL));
  g_assert_false (nv_parse_clock_time ("09:60", NULL));
  g_assert_false (nv_parse_clock_time ("0a:00", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hours/weekly", test_weekly);
  g_test_add_func ("/hours/exceptions-and-holidays", test_exceptions_and_holidays);
  g_test_add_func ("/hours/midnight-and-dst", test_midnight_and_dst);
  g_test_add_func ("/hours/no-opening-soon", test_no_opening_soon);
  g_test_add_func ("/hours/holidays", test_holidays);
  g_test_add_func ("/hours/clock", test_clock);

  return g_test_run ();
}
