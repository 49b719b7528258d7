/* test-kiosk-hours-text.c — opening hours as sentences, in Europe/Helsinki
 *
 * Runs with TZ=Europe/Helsinki and no LANGUAGE: the English source strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-hours-text.h"
#include "nv-test-hours.h"
#include "nv-test-util.h"

static void
assert_status (const NvOpeningHours *hours, GDateTime *now, const char *expected)
{
  g_autofree char *text = kiosk_hours_status_text (hours, now);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_status_sentences (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) monday_open = nv_test_helsinki (2026, 11, 23, 10, 0);
  g_autoptr (GDateTime) monday_early = nv_test_helsinki (2026, 11, 23, 7, 45);
  g_autoptr (GDateTime) monday_evening = nv_test_helsinki (2026, 11, 23, 17, 0);
  g_autoptr (GDateTime) tuesday_gap = nv_test_helsinki (2026, 11, 24, 16, 30);
  g_autoptr (GDateTime) saturday = nv_test_helsinki (2026, 11, 21, 12, 0);
  g_autoptr (GDateTime) utc_morning = g_date_time_new_utc (2026, 11, 23, 7, 30, 0);

  assert_status (hours, monday_open, "Open now — closes at 16:00");
  assert_status (hours, monday_early, "Closed now — opens today at 9:00");
  assert_status (hours, monday_evening, "Closed now — opens tomorrow at 9:00");
  assert_status (hours, tuesday_gap, "Closed now — opens today at 17:00");
  assert_status (hours, saturday, "Closed now — opens next on Monday at 9:00");
  /* 7:30 UTC is 9:30 in Helsinki. */
  assert_status (hours, utc_morning, "Open now — closes at 16:00");
}

static void
test_status_weekday_and_date (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) thursday = nv_test_helsinki (2026, 11, 26, 12, 0);
  g_autoptr (GDateTime) later_thursday = nv_test_helsinki (2026, 12, 3, 12, 0);
  NvHoursException *exception;

  nv_opening_hours_add (hours, 2, 9 * 60, 16 * 60); /* Tuesdays only */
  assert_status (hours, thursday, "Closed now — opens next on Tuesday at 9:00");

  /* Tuesday 8.12. closed: the next opening is more than a week ahead, so it has a date. */
  exception = nv_opening_hours_add_exception (hours, "2026-12-08");
  nv_text_set (&exception->note, NV_LANG_EN, "Inventory");
  assert_status (hours, later_thursday, "Closed now — opens on 15.12. at 9:00");
}

static void
test_status_holiday_and_exception (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) christmas_eve = nv_test_helsinki (2026, 12, 24, 10, 0);
  g_autoptr (GDateTime) training_day = nv_test_helsinki (2026, 11, 27, 10, 0);
  g_autoptr (GDateTime) independence_day = nv_test_helsinki (2026, 12, 6, 13, 0);
  g_autoptr (GDateTime) independence_morning = nv_test_helsinki (2026, 12, 6, 8, 0);

  /* Christmas Eve to Boxing Day are holidays, the weekend follows. */
  assert_status (hours, christmas_eve, "Closed now — opens next on Monday at 9:00");
  /* The exception closes a normal Friday. */
  assert_status (hours, training_day, "Closed now — opens next on Monday at 9:00");
  /* The exception opens a holiday. */
  assert_status (hours, independence_day, "Open now — closes at 14:00");
  assert_status (hours, independence_morning, "Closed now — opens today at 12:00");
}

static void
test_status_around_midnight (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) thursday_late = nv_test_helsinki (2026, 11, 26, 22, 0);
  g_autoptr (GDateTime) friday_late = nv_test_helsinki (2026, 11, 27, 23, 30);

  nv_opening_hours_add (hours, 4, 20 * 60, 24 * 60); /* Thursday until midnight */
  nv_opening_hours_add (hours, 5, 20 * 60, 24 * 60); /* Friday on into Saturday */
  nv_opening_hours_add (hours, 6, 0, 2 * 60 + 30);
  assert_status (hours, thursday_late, "Open now — closes at midnight");
  assert_status (hours, friday_late, "Open now — closes tomorrow at 2:30");
}

static void
test_status_never_guesses (void)
{
  g_autoptr (NvOpeningHours) no_weekly_hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) now = nv_test_helsinki (2026, 11, 23, 12, 0);

  assert_status (NULL, now, "Opening hours not known");
  /* Known, and closed for as far as the hours go. */
  assert_status (no_weekly_hours, now, "Closed now");
}

static void
assert_lines (GPtrArray *lines, const char *const *expected)
{
  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i), ==, expected[i]);
}

static void
test_week_ordinary (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) now = nv_test_helsinki (2026, 11, 23, 10, 0);
  g_autoptr (GPtrArray) lines = kiosk_hours_week_lines (hours, now, NV_LANG_EN);
  const char *const expected[]
      = { "Monday 9:00–16:00", "Tuesday 9:00–16:00, 17:00–19:00", "Wednesday 9:00–16:00",
          "Thursday 9:00–16:00",
          /* An exception with its note; Finnish as the note has no English. */
          "Friday 27.11. closed (Koulutuspäivä)", "Saturday closed", "Sunday closed", NULL };

  assert_lines (lines, expected);
}

static void
test_week_holidays (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) december = nv_test_helsinki (2026, 12, 4, 18, 0);
  g_autoptr (GDateTime) christmas = nv_test_helsinki (2026, 12, 22, 8, 0);
  g_autoptr (GPtrArray) december_lines = kiosk_hours_week_lines (hours, december, NV_LANG_FI);
  g_autoptr (GPtrArray) christmas_lines = kiosk_hours_week_lines (hours, christmas, NV_LANG_SV);
  const char *const december_expected[]
      = { "Friday 9:00–16:00", "Saturday closed",
          /* A holiday opened by an exception without a note. */
          "Sunday 6.12. 12:00–14:00 (holiday)", "Monday 9:00–16:00",
          "Tuesday 9:00–16:00, 17:00–19:00", "Wednesday 9:00–16:00", "Thursday 9:00–16:00", NULL };
  const char *const christmas_expected[] = { "Tuesday 9:00–16:00, 17:00–19:00",
                                             "Wednesday 9:00–16:00",
                                             "Thursday 24.12. closed (holiday)",
                                             "Friday 25.12. closed (holiday)",
                                             "Saturday 26.12. closed (holiday)",
                                             "Sunday closed",
                                             "Monday 9:00–16:00",
                                             NULL };

  assert_lines (december_lines, december_expected);
  assert_lines (christmas_lines, christmas_expected);
}

static void
test_week_exceptions (void)
{
  g_autoptr (NvOpeningHours) hours = nv_test_library_hours ();
  g_autoptr (GDateTime) now = nv_test_helsinki (2026, 11, 30, 12, 0);
  g_autoptr (GPtrArray) english = NULL;
  g_autoptr (GPtrArray) swedish = NULL;
  NvHoursException *exception;
  NvHoursRange      morning = { 0, 9 * 60, 12 * 60 };
  NvHoursRange      evening = { 0, 17 * 60, 20 * 60 };

  /* Shorter hours on Wednesday, with a note in three languages; the ranges added out of
   * order come out in time order. */
  exception = nv_opening_hours_add_exception (hours, "2026-12-02");
  g_array_append_val (exception->ranges, evening);
  g_array_append_val (exception->ranges, morning);
  nv_text_set (&exception->note, NV_LANG_FI, "Henkilökunnan koulutus");
  nv_text_set (&exception->note, NV_LANG_SV, "Personalutbildning");
  nv_text_set (&exception->note, NV_LANG_EN, "Staff training");
  /* Closed on Thursday, no reason given. */
  nv_opening_hours_add_exception (hours, "2026-12-03");

  english = kiosk_hours_week_lines (hours, now, NV_LANG_EN);
  swedish = kiosk_hours_week_lines (hours, now, NV_LANG_SV);
  g_assert_cmpuint (english->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (english, 0), ==, "Monday 9:00–16:00");
  g_assert_cmpstr (g_ptr_array_index (english, 2), ==,
                   "Wednesday 2.12. 9:00–12:00, 17:00–20:00 (Staff training)");
  g_assert_cmpstr (g_ptr_array_index (english, 3), ==,
                   "Thursday 3.12. closed (special opening hours)");
  g_assert_cmpstr (g_ptr_array_index (english, 6), ==, "Sunday 6.12. 12:00–14:00 (holiday)");
  /* Notes are content, in the language asked for. */
  g_assert_cmpstr (g_ptr_array_index (swedish, 2), ==,
                   "Wednesday 2.12. 9:00–12:00, 17:00–20:00 (Personalutbildning)");
}

static void
test_week_unknown_and_dst (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) now = nv_test_helsinki (2026, 11, 23, 12, 0);
  /* Clocks go forward on Sunday 29 March 2026. */
  g_autoptr (GDateTime) before_dst = nv_test_helsinki (2026, 3, 27, 23, 59);
  g_autoptr (GPtrArray) unknown = kiosk_hours_week_lines (NULL, now, NV_LANG_FI);
  g_autoptr (GPtrArray) lines = NULL;
  const char *const expected[]
      = { "Friday closed",  "Saturday closed",  "Sunday 10:00–24:00", "Monday closed",
          "Tuesday closed", "Wednesday closed", "Thursday closed",    NULL };

  g_assert_nonnull (unknown);
  g_assert_cmpuint (unknown->len, ==, 0);

  nv_opening_hours_add (hours, 7, 10 * 60, 24 * 60);
  lines = kiosk_hours_week_lines (hours, before_dst, NV_LANG_FI);
  assert_lines (lines, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-hours-text/status/sentences", test_status_sentences);
  g_test_add_func ("/kiosk-hours-text/status/weekday-and-date", test_status_weekday_and_date);
  g_test_add_func ("/kiosk-hours-text/status/holiday-and-exception",
                   test_status_holiday_and_exception);
  g_test_add_func ("/kiosk-hours-text/status/around-midnight", test_status_around_midnight);
  g_test_add_func ("/kiosk-hours-text/status/never-guesses", test_status_never_guesses);
  g_test_add_func ("/kiosk-hours-text/week/ordinary", test_week_ordinary);
  g_test_add_func ("/kiosk-hours-text/week/holidays", test_week_holidays);
  g_test_add_func ("/kiosk-hours-text/week/exceptions", test_week_exceptions);
  g_test_add_func ("/kiosk-hours-text/week/unknown-and-dst", test_week_unknown_and_dst);

  return g_test_run ();
}
