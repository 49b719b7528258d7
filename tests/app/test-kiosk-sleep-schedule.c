/* test-kiosk-sleep-schedule.c — when the screen sleeps, from the host library's hours
 *
 * No display: the schedule is libkiosk-core's, computed for a clock the test gives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-sleep-schedule.h"
#include "nv-test-hours.h"

/* @expected_next NULL: no change known. */
static void
assert_schedule (const NvOpeningHours *hours,
                 guint                 margin,
                 GDateTime            *now,
                 gboolean              expected_asleep,
                 GDateTime            *expected_next)
{
  g_autoptr (GDateTime) next = NULL;
  gboolean         asleep = kiosk_sleep_schedule_asleep_at (hours, margin, now, &next);
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  g_autofree char *next_text = next != NULL ? g_date_time_format_iso8601 (next) : NULL;
  g_autofree char *expected_text
      = expected_next != NULL ? g_date_time_format_iso8601 (expected_next) : NULL;

  g_test_message ("at %s: %s until %s", now_text, asleep ? "asleep" : "awake",
                  next_text != NULL ? next_text : "(no change)");
  g_assert_cmpint (asleep, ==, expected_asleep);
  g_assert_cmpstr (next_text, ==, expected_text);
  if (next != NULL)
    g_assert_true (g_date_time_equal (next, expected_next));
}

static void
test_regular_hours (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) monday_open = nv_test_helsinki (2026, 11, 23, 10, 0);
  g_autoptr (GDateTime) monday_sleep = nv_test_helsinki (2026, 11, 23, 16, 15);
  g_autoptr (GDateTime) monday_just_closed = nv_test_helsinki (2026, 11, 23, 16, 10);
  g_autoptr (GDateTime) monday_early = nv_test_helsinki (2026, 11, 23, 8, 40);
  g_autoptr (GDateTime) monday_wake = nv_test_helsinki (2026, 11, 23, 8, 45);
  g_autoptr (GDateTime) tuesday_wake = nv_test_helsinki (2026, 11, 24, 8, 45);
  g_autoptr (GDateTime) monday_evening = nv_test_helsinki (2026, 11, 23, 20, 0);
  g_autoptr (GDateTime) monday_late = nv_test_helsinki (2026, 11, 23, 23, 59);
  g_autoptr (GDateTime) tuesday_night = nv_test_helsinki (2026, 11, 24, 0, 30);
  g_autoptr (GDateTime) monday_utc = g_date_time_new_utc (2026, 11, 23, 14, 20, 0);

  assert_schedule (hours, 15, monday_open, FALSE, monday_sleep);
  /* The margin after closing: the last residents and staff. */
  assert_schedule (hours, 15, monday_just_closed, FALSE, monday_sleep);
  assert_schedule (hours, 15, monday_sleep, TRUE, tuesday_wake);
  /* The margin before opening. */
  assert_schedule (hours, 15, monday_early, TRUE, monday_wake);
  assert_schedule (hours, 15, monday_wake, FALSE, monday_sleep);
  /* Across midnight, asleep until the next morning. */
  assert_schedule (hours, 15, monday_evening, TRUE, tuesday_wake);
  assert_schedule (hours, 15, monday_late, TRUE, tuesday_wake);
  assert_schedule (hours, 15, tuesday_night, TRUE, tuesday_wake);
  /* 14:20 UTC is 16:20 in Helsinki. */
  assert_schedule (hours, 15, monday_utc, TRUE, tuesday_wake);
}

static void
test_no_margin (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) monday_closing = nv_test_helsinki (2026, 11, 23, 16, 0);
  g_autoptr (GDateTime) monday_opening = nv_test_helsinki (2026, 11, 23, 9, 0);
  g_autoptr (GDateTime) tuesday_opening = nv_test_helsinki (2026, 11, 24, 9, 0);

  assert_schedule (hours, 0, monday_closing, TRUE, tuesday_opening);
  assert_schedule (hours, 0, monday_opening, FALSE, monday_closing);
}

/* A weekend and an exception's closed Friday are slept through; an exception opens a
 * Sunday. Tuesday's two openings an hour apart sleep between with a margin of 15 minutes,
 * and do not with one of 30. */
static void
test_closed_days_and_exceptions (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) tuesday_gap = nv_test_helsinki (2026, 11, 24, 16, 20);
  g_autoptr (GDateTime) tuesday_evening_wake = nv_test_helsinki (2026, 11, 24, 16, 45);
  g_autoptr (GDateTime) tuesday_late_sleep = nv_test_helsinki (2026, 11, 24, 19, 30);
  g_autoptr (GDateTime) thursday_closed = nv_test_helsinki (2026, 11, 26, 17, 0);
  g_autoptr (GDateTime) friday_noon = nv_test_helsinki (2026, 11, 27, 12, 0);
  g_autoptr (GDateTime) monday_wake = nv_test_helsinki (2026, 11, 30, 8, 45);
  g_autoptr (GDateTime) saturday = nv_test_helsinki (2026, 12, 5, 12, 0);
  g_autoptr (GDateTime) sunday_wake = nv_test_helsinki (2026, 12, 6, 11, 45);
  g_autoptr (GDateTime) sunday_open = nv_test_helsinki (2026, 12, 6, 13, 0);
  g_autoptr (GDateTime) sunday_sleep = nv_test_helsinki (2026, 12, 6, 14, 15);
  g_autoptr (GDateTime) sunday_evening = nv_test_helsinki (2026, 12, 6, 18, 0);
  g_autoptr (GDateTime) next_monday_wake = nv_test_helsinki (2026, 12, 7, 8, 45);

  assert_schedule (hours, 15, tuesday_gap, TRUE, tuesday_evening_wake);
  assert_schedule (hours, 30, tuesday_gap, FALSE, tuesday_late_sleep);
  assert_schedule (hours, 15, thursday_closed, TRUE, monday_wake);
  assert_schedule (hours, 15, friday_noon, TRUE, monday_wake);
  assert_schedule (hours, 15, saturday, TRUE, sunday_wake);
  assert_schedule (hours, 15, sunday_open, FALSE, sunday_sleep);
  assert_schedule (hours, 15, sunday_evening, TRUE, next_monday_wake);
}

/* Christmas Eve, Christmas Day and Boxing Day 2026 (Thursday to Saturday): the weekly
 * hours do not apply on holidays. */
static void
test_holidays (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) wednesday = nv_test_helsinki (2026, 12, 23, 17, 0);
  g_autoptr (GDateTime) after_christmas = nv_test_helsinki (2026, 12, 28, 8, 45);

  assert_schedule (hours, 15, wednesday, TRUE, after_christmas);
}

/* Open late on Friday and on past midnight into Saturday: one awake period. A lunch
 * break shorter than the two margins does not blank the screen. */
static void
test_across_midnight_and_breaks (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) friday_evening = nv_test_helsinki (2026, 11, 27, 22, 0);
  g_autoptr (GDateTime) saturday_night = nv_test_helsinki (2026, 11, 28, 1, 0);
  g_autoptr (GDateTime) saturday_sleep = nv_test_helsinki (2026, 11, 28, 2, 15);
  g_autoptr (GDateTime) monday_lunch = nv_test_helsinki (2026, 11, 30, 12, 10);
  g_autoptr (GDateTime) monday_sleep = nv_test_helsinki (2026, 11, 30, 16, 15);

  nv_opening_hours_add (hours, 5, 20 * 60, 24 * 60);
  nv_opening_hours_add (hours, 6, 0, 2 * 60);
  nv_opening_hours_add (hours, 1, 9 * 60, 12 * 60);
  nv_opening_hours_add (hours, 1, 12 * 60 + 20, 16 * 60);
  assert_schedule (hours, 15, friday_evening, FALSE, saturday_sleep);
  assert_schedule (hours, 15, saturday_night, FALSE, saturday_sleep);
  assert_schedule (hours, 15, monday_lunch, FALSE, monday_sleep);
}

/* Open around the clock, hours not known, or no opening time at all: never asleep. */
static void
test_never_sleeps (void)
{
  g_autoptr (NvOpeningHours) always = nv_opening_hours_new ();
  g_autoptr (NvOpeningHours) empty = nv_opening_hours_new ();
  g_autoptr (GDateTime) night = nv_test_helsinki (2026, 11, 24, 3, 0);

  for (guint8 day = 1; day <= 7; day++)
    nv_opening_hours_add (always, day, 0, 24 * 60);
  /* Holidays have no weekly hours: an exception keeps them open too. */
  for (guint i = 0; i < 2; i++)
    {
      NvHoursRange      whole_day = { 0, 0, 24 * 60 };
      NvHoursException *exception
          = nv_opening_hours_add_exception (always, i == 0 ? "2026-12-06" : "2026-12-08");

      g_array_append_val (exception->ranges, whole_day);
    }
  assert_schedule (always, 15, night, FALSE, NULL);
  assert_schedule (NULL, 15, night, FALSE, NULL);
  assert_schedule (empty, 15, night, FALSE, NULL);
  nv_opening_hours_add_exception (empty, "2026-11-25");
  assert_schedule (empty, 15, night, FALSE, NULL);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-sleep-schedule/regular-hours", test_regular_hours);
  g_test_add_func ("/kiosk-sleep-schedule/no-margin", test_no_margin);
  g_test_add_func ("/kiosk-sleep-schedule/closed-days-and-exceptions",
                   test_closed_days_and_exceptions);
  g_test_add_func ("/kiosk-sleep-schedule/holidays", test_holidays);
  g_test_add_func ("/kiosk-sleep-schedule/across-midnight-and-breaks",
                   test_across_midnight_and_breaks);
  g_test_add_func ("/kiosk-sleep-schedule/never-sleeps", test_never_sleeps);
  return g_test_run ();
}
