/* test-opening-hours.c — open or closed, in Europe/Helsinki, with holidays and DST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-test-hours.h"

/* The shared library (nv-test-hours.h), with different hours on an ordinary Wednesday. */
static NvOpeningHours *
library_hours (void)
{
  NvOpeningHours   *hours = nv_test_library_hours ();
  NvHoursException *exception;
  NvHoursRange      wednesday = { 0, 11 * 60, 13 * 60 };

  exception = nv_opening_hours_add_exception (hours, "2026-11-25");
  g_array_append_val (exception->ranges, wednesday);
  return hours;
}

/* The state at @when and the next change, written "YYYY-MM-DD HH:MM +HH" in Helsinki. */
static void
assert_state (const NvOpeningHours *hours, GDateTime *when, NvOpenState expected, const char *next)
{
  g_autoptr (GDateTime) change = NULL;
  NvOpenState      state = nv_opening_hours_state_at (hours, when, &change);
  g_autofree char *at = g_date_time_format_iso8601 (when);

  g_test_message ("at %s", at);
  g_assert_cmpint (state, ==, expected);
  /* The state alone, without asking for the change, is the same. */
  g_assert_cmpint (nv_opening_hours_state_at (hours, when, NULL), ==, expected);
  if (next == NULL)
    g_assert_null (change);
  else
    {
      g_autofree char *text = NULL;

      g_assert_nonnull (change);
      text = g_date_time_format (change, "%Y-%m-%d %H:%M %:::z");
      g_assert_cmpstr (text, ==, next);
      g_assert_cmpint (g_date_time_compare (change, when), >, 0);
    }
}

static void
test_weekly (void)
{
  g_autoptr (NvOpeningHours) hours = library_hours ();
  g_autoptr (GDateTime) before = nv_test_helsinki (2026, 11, 23, 8, 59);
  g_autoptr (GDateTime) opening = nv_test_helsinki (2026, 11, 23, 9, 0);
  g_autoptr (GDateTime) last_minute = nv_test_helsinki (2026, 11, 23, 15, 59);
  g_autoptr (GDateTime) closing = nv_test_helsinki (2026, 11, 23, 16, 0);
  g_autoptr (GDateTime) tuesday_gap = nv_test_helsinki (2026, 11, 24, 16, 30);
  g_autoptr (GDateTime) tuesday_evening = nv_test_helsinki (2026, 11, 24, 18, 0);
  g_autoptr (GDateTime) saturday = nv_test_helsinki (2026, 11, 21, 12, 0);

  assert_state (hours, before, NV_OPEN_STATE_CLOSED, "2026-11-23 09:00 +02");
  assert_state (hours, opening, NV_OPEN_STATE_OPEN, "2026-11-23 16:00 +02");
  assert_state (hours, last_minute, NV_OPEN_STATE_OPEN, "2026-11-23 16:00 +02");
  assert_state (hours, closing, NV_OPEN_STATE_CLOSED, "2026-11-24 09:00 +02");
  assert_state (hours, tuesday_gap, NV_OPEN_STATE_CLOSED, "2026-11-24 17:00 +02");
  assert_state (hours, tuesday_evening, NV_OPEN_STATE_OPEN, "2026-11-24 19:00 +02");
  assert_state (hours, saturday, NV_OPEN_STATE_CLOSED, "2026-11-23 09:00 +02");
}

static void
test_exceptions (void)
{
  g_autoptr (NvOpeningHours) hours = library_hours ();
  g_autoptr (GDateTime) wednesday_morning = nv_test_helsinki (2026, 11, 25, 10, 0);
  g_autoptr (GDateTime) wednesday_noon = nv_test_helsinki (2026, 11, 25, 12, 0);
  g_autoptr (GDateTime) wednesday_afternoon = nv_test_helsinki (2026, 11, 25, 14, 0);
  g_autoptr (GDateTime) training_day = nv_test_helsinki (2026, 11, 27, 10, 0);
  g_autoptr (GDateTime) thursday = nv_test_helsinki (2026, 11, 26, 15, 0);

  /* The exception's hours replace the weekly ones for its date. */
  assert_state (hours, wednesday_morning, NV_OPEN_STATE_CLOSED, "2026-11-25 11:00 +02");
  assert_state (hours, wednesday_noon, NV_OPEN_STATE_OPEN, "2026-11-25 13:00 +02");
  assert_state (hours, wednesday_afternoon, NV_OPEN_STATE_CLOSED, "2026-11-26 09:00 +02");
  /* Closed all day: Thursday's closing leads to Monday. */
  assert_state (hours, training_day, NV_OPEN_STATE_CLOSED, "2026-11-30 09:00 +02");
  assert_state (hours, thursday, NV_OPEN_STATE_OPEN, "2026-11-26 16:00 +02");
}

static void
test_holidays_close (void)
{
  g_autoptr (NvOpeningHours) hours = library_hours ();
  g_autoptr (GDateTime) ascension = nv_test_helsinki (2026, 5, 14, 10, 0);
  g_autoptr (GDateTime) independence_day = nv_test_helsinki (2026, 12, 6, 13, 0);
  g_autoptr (GDateTime) christmas_eve = nv_test_helsinki (2026, 12, 24, 10, 0);
  g_autoptr (GDateTime) wednesday_before = nv_test_helsinki (2026, 12, 23, 15, 0);
  g_autoptr (GDateTime) utc_time = g_date_time_new_utc (2026, 11, 23, 7, 30, 0);

  /* Ascension Day is a Thursday: weekly hours do not apply. */
  assert_state (hours, ascension, NV_OPEN_STATE_CLOSED, "2026-05-15 09:00 +03");
  /* An exception opens a holiday. */
  assert_state (hours, independence_day, NV_OPEN_STATE_OPEN, "2026-12-06 14:00 +02");
  /* Christmas Eve to Boxing Day are holidays; the weekend follows. */
  assert_state (hours, christmas_eve, NV_OPEN_STATE_CLOSED, "2026-12-28 09:00 +02");
  assert_state (hours, wednesday_before, NV_OPEN_STATE_OPEN, "2026-12-23 16:00 +02");
  /* Any time zone in, Helsinki time out: 07:30 UTC is 09:30 in Helsinki. */
  assert_state (hours, utc_time, NV_OPEN_STATE_OPEN, "2026-11-23 16:00 +02");
}

static void
test_unknown (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GDateTime *change = (GDateTime *) 0x1; /* overwritten, never read */

  g_assert_cmpint (nv_opening_hours_state_at (NULL, now, &change), ==, NV_OPEN_STATE_UNKNOWN);
  g_assert_null (change);
}

static void
test_no_change_soon (void)
{
  g_autoptr (NvOpeningHours) closed = nv_opening_hours_new ();
  g_autoptr (NvOpeningHours) always = nv_opening_hours_new ();
  g_autoptr (NvOpeningHours) far = nv_opening_hours_new ();
  g_autoptr (GDateTime) now = nv_test_helsinki (2026, 11, 23, 12, 0);
  g_autoptr (GDateTime) september = nv_test_helsinki (2026, 9, 1, 12, 0);
  NvHoursRange range = { 0, 10 * 60, 12 * 60 };

  /* Known and closed, with no opening to tell within two weeks. */
  assert_state (closed, now, NV_OPEN_STATE_CLOSED, NULL);

  /* Open around the clock, and no holiday in the coming two weeks: no change to tell. */
  for (guint8 day = 1; day <= 7; day++)
    nv_opening_hours_add (always, day, 0, 24 * 60);
  assert_state (always, september, NV_OPEN_STATE_OPEN, NULL);
  /* Independence Day closes it at midnight. */
  assert_state (always, now, NV_OPEN_STATE_OPEN, "2026-12-06 00:00 +02");

  /* An opening 13 days ahead is told; one 15 days ahead is not. */
  g_array_append_val (nv_opening_hours_add_exception (far, "2026-12-06")->ranges, range);
  assert_state (far, now, NV_OPEN_STATE_CLOSED, "2026-12-06 10:00 +02");
  g_ptr_array_set_size (far->exceptions, 0);
  g_array_append_val (nv_opening_hours_add_exception (far, "2026-12-08")->ranges, range);
  assert_state (far, now, NV_OPEN_STATE_CLOSED, NULL);
}

static void
test_across_midnight (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) friday_night = nv_test_helsinki (2026, 11, 27, 23, 30);
  g_autoptr (GDateTime) saturday_night = nv_test_helsinki (2026, 11, 28, 0, 30);
  g_autoptr (GDateTime) saturday_morning = nv_test_helsinki (2026, 11, 28, 2, 0);
  g_autoptr (GDateTime) thursday_night = nv_test_helsinki (2026, 11, 26, 23, 59);

  /* Friday until 24:00 and Saturday from 00:00: one stretch of opening. */
  nv_opening_hours_add (hours, 5, 20 * 60, 24 * 60);
  nv_opening_hours_add (hours, 6, 0, 2 * 60);
  nv_opening_hours_add (hours, 4, 22 * 60, 24 * 60);
  assert_state (hours, friday_night, NV_OPEN_STATE_OPEN, "2026-11-28 02:00 +02");
  assert_state (hours, saturday_night, NV_OPEN_STATE_OPEN, "2026-11-28 02:00 +02");
  assert_state (hours, saturday_morning, NV_OPEN_STATE_CLOSED, "2026-12-03 22:00 +02");
  /* Thursday closes at 24:00 and Friday opens at 20:00: a real change at midnight. */
  assert_state (hours, thursday_night, NV_OPEN_STATE_OPEN, "2026-11-27 00:00 +02");
}

/* 29 March 2026: clocks go from 03:00 to 04:00 (EET +02 to EEST +03). */
static void
test_dst_march (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) early = nv_test_helsinki (2026, 3, 29, 1, 30);
  g_autoptr (GDateTime) night = g_date_time_new_utc (2026, 3, 29, 0, 30, 0);
  g_autoptr (GDateTime) morning = nv_test_helsinki (2026, 3, 29, 7, 0);
  g_autoptr (GDateTime) saturday = nv_test_helsinki (2026, 3, 28, 17, 0);
  g_autoptr (GDateTime) opens = NULL;
  g_autoptr (GDateTime) closes = NULL;

  /* Sunday 01:00–06:00 lasts four hours that night; then 10:00–12:00. */
  nv_opening_hours_add (hours, 7, 1 * 60, 6 * 60);
  nv_opening_hours_add (hours, 7, 10 * 60, 12 * 60);
  nv_opening_hours_add (hours, 6, 10 * 60, 16 * 60);

  assert_state (hours, early, NV_OPEN_STATE_OPEN, "2026-03-29 06:00 +03");
  g_assert_cmpint (nv_opening_hours_state_at (hours, early, &closes), ==, NV_OPEN_STATE_OPEN);
  g_assert_cmpint (g_date_time_difference (closes, early), ==,
                   3 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE);
  /* 00:30 UTC is 02:30 local, before the change. */
  assert_state (hours, night, NV_OPEN_STATE_OPEN, "2026-03-29 06:00 +03");
  assert_state (hours, morning, NV_OPEN_STATE_CLOSED, "2026-03-29 10:00 +03");
  /* From Saturday evening (+02) to Sunday 01:00 (+02): eight hours. */
  g_assert_cmpint (nv_opening_hours_state_at (hours, saturday, &opens), ==, NV_OPEN_STATE_CLOSED);
  g_assert_cmpint (g_date_time_get_hour (opens), ==, 1);
  g_assert_cmpint (g_date_time_difference (opens, saturday), ==, 8 * G_TIME_SPAN_HOUR);
}

/* 25 October 2026: clocks go from 04:00 back to 03:00 (EEST +03 to EET +02). */
static void
test_dst_october (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GDateTime) saturday_evening = nv_test_helsinki (2026, 10, 24, 17, 0);
  g_autoptr (GDateTime) saturday = nv_test_helsinki (2026, 10, 24, 10, 0);
  g_autoptr (GDateTime) monday = NULL;
  g_autoptr (GDateTime) sunday_night = NULL;
  g_autoptr (GDateTime) closes = NULL;

  for (guint8 day = 1; day <= 6; day++)
    nv_opening_hours_add (hours, day, 9 * 60, 16 * 60);
  nv_opening_hours_add (hours, 7, 2 * 60, 5 * 60);

  assert_state (hours, saturday, NV_OPEN_STATE_OPEN, "2026-10-24 16:00 +03");
  /* Saturday 17:00 (+03) to Sunday 02:00 (+03): nine hours. */
  assert_state (hours, saturday_evening, NV_OPEN_STATE_CLOSED, "2026-10-25 02:00 +03");
  /* Sunday 02:00–05:00 lasts four hours that night. */
  sunday_night = g_date_time_new_utc (2026, 10, 24, 23, 30, 0); /* 02:30 +03 */
  g_assert_cmpint (nv_opening_hours_state_at (hours, sunday_night, &closes), ==,
                   NV_OPEN_STATE_OPEN);
  g_assert_cmpint (g_date_time_difference (closes, sunday_night), ==,
                   3 * G_TIME_SPAN_HOUR + 30 * G_TIME_SPAN_MINUTE);
  assert_state (hours, sunday_night, NV_OPEN_STATE_OPEN, "2026-10-25 05:00 +02");
  /* From Sunday 05:00 (+02) to Monday 09:00 (+02). */
  monday = nv_test_helsinki (2026, 10, 25, 5, 0);
  assert_state (hours, monday, NV_OPEN_STATE_CLOSED, "2026-10-26 09:00 +02");
}

/* Exception hours given out of order, and weekly hours filled in directly, still count. */
static void
test_unsorted_ranges (void)
{
  g_autoptr (JsonNode) node
      = nv_test_parse ("{\"exceptions\": [{\"date\": \"2026-11-25\", \"hours\": ["
                       "  {\"opens\": \"13:00\", \"closes\": \"16:00\"},"
                       "  {\"opens\": \"09:00\", \"closes\": \"12:00\"}]}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_from_json (node, NULL, &error);
  g_autoptr (GDateTime) gap = nv_test_helsinki (2026, 11, 25, 12, 30);
  g_autoptr (GDateTime) morning = nv_test_helsinki (2026, 11, 25, 8, 0);
  NvHoursRange late = { 1, 18 * 60, 20 * 60 };
  NvHoursRange early = { 1, 8 * 60, 10 * 60 };

  g_assert_no_error (error);
  assert_state (hours, gap, NV_OPEN_STATE_CLOSED, "2026-11-25 13:00 +02");
  assert_state (hours, morning, NV_OPEN_STATE_CLOSED, "2026-11-25 09:00 +02");

  g_array_append_val (hours->weekly, late);
  g_array_append_val (hours->weekly, early);
  assert_state (hours, gap, NV_OPEN_STATE_CLOSED, "2026-11-25 13:00 +02");
  g_clear_pointer (&gap, g_date_time_unref);
  gap = nv_test_helsinki (2026, 11, 30, 7, 0);
  assert_state (hours, gap, NV_OPEN_STATE_CLOSED, "2026-11-30 08:00 +02");
}

static void
test_holiday_list (void)
{
  static const struct
  {
    int year;
    int dates[15][2];
  } holidays[] = {
    /* Easter 2026 is 5 April; Midsummer Eve 19 June; All Saints' Day 31 October. */
    { 2026,
      { { 1, 1 },
        { 1, 6 },
        { 4, 3 },
        { 4, 5 },
        { 4, 6 },
        { 5, 1 },
        { 5, 14 },
        { 5, 24 },
        { 6, 19 },
        { 6, 20 },
        { 10, 31 },
        { 12, 6 },
        { 12, 24 },
        { 12, 25 },
        { 12, 26 } } },
    /* Easter 2027 is 28 March; Midsummer Eve 25 June; All Saints' Day 6 November. */
    { 2027,
      { { 1, 1 },
        { 1, 6 },
        { 3, 26 },
        { 3, 28 },
        { 3, 29 },
        { 5, 1 },
        { 5, 6 },
        { 5, 16 },
        { 6, 25 },
        { 6, 26 },
        { 11, 6 },
        { 12, 6 },
        { 12, 24 },
        { 12, 25 },
        { 12, 26 } } },
  };

  /* Every day of both years: exactly the listed ones are holidays. */
  for (guint y = 0; y < G_N_ELEMENTS (holidays); y++)
    {
      int   year = holidays[y].year;
      guint found = 0;
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, G_DATE_JANUARY, (GDateYear) year);
      while (g_date_get_year (&date) == (GDateYear) year)
        {
          int      month = g_date_get_month (&date), day = g_date_get_day (&date);
          gboolean listed = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (holidays[y].dates); i++)
            listed |= holidays[y].dates[i][0] == month && holidays[y].dates[i][1] == day;
          if (nv_is_finnish_holiday (year, month, day) != listed)
            g_error ("%d-%02d-%02d should %sbe a holiday", year, month, day, listed ? "" : "not ");
          found += listed;
          g_date_add_days (&date, 1);
        }
      g_assert_cmpuint (found, ==, 15);
    }

  /* Not dates at all. */
  g_assert_false (nv_is_finnish_holiday (2026, 2, 30));
  g_assert_false (nv_is_finnish_holiday (2026, 13, 1));
  g_assert_false (nv_is_finnish_holiday (0, 1, 1));
}

static void
test_easter (void)
{
  /* Easter Sunday by the anonymous Gregorian algorithm, checked against known years,
   * including the earliest (22 March) and latest (25 April) possible dates. */
  static const int easter[][3] = {
    { 2024, 3, 31 }, { 2025, 4, 20 }, { 2026, 4, 5 },  { 2027, 3, 28 },
    { 2028, 4, 16 }, { 2038, 4, 25 }, { 2285, 3, 22 }, { 2000, 4, 23 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (easter); i++)
    {
      GDate date, monday;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, (GDateDay) easter[i][2], (GDateMonth) easter[i][1],
                      (GDateYear) easter[i][0]);
      monday = date;
      g_date_add_days (&monday, 1);
      g_assert_true (nv_is_finnish_holiday (easter[i][0], easter[i][1], easter[i][2]));
      g_assert_true (nv_is_finnish_holiday (g_date_get_year (&monday), g_date_get_month (&monday),
                                            g_date_get_day (&monday)));
      g_date_subtract_days (&date, 1);
      /* Holy Saturday is not a holiday. */
      g_assert_false (nv_is_finnish_holiday (g_date_get_year (&date), g_date_get_month (&date),
                                             g_date_get_day (&date)));
    }
}

static void
test_clock (void)
{
  static const struct
  {
    const char *text;
    int         minutes;
  } good[] = {
    { "00:00", 0 },
    { "09:05", 545 },
    { "23:59", 1439 },
    { "24:00", 1440 },
  };
  static const char *bad[]
      = { "24:01", "25:00", "9:00", "09:60", "0a:00", "09.00", "09:000", "", " 9:00", "-1:00" };
  guint16 minutes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *text = nv_format_clock_time ((guint16) good[i].minutes);

      g_assert_true (nv_parse_clock_time (good[i].text, &minutes));
      g_assert_cmpuint (minutes, ==, good[i].minutes);
      g_assert_cmpstr (text, ==, good[i].text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (nv_parse_clock_time (bad[i], &minutes));
  g_assert_false (nv_parse_clock_time (NULL, NULL));
}

static void
test_json_round_trip (void)
{
  g_autoptr (NvOpeningHours) hours = library_hours ();
  g_autoptr (NvOpeningHours) again = NULL;
  g_autoptr (NvOpeningHours) copy = NULL;
  g_autoptr (JsonNode) written = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *from_copy = NULL;
  g_autofree char *empty = NULL;

  g_assert_true (nv_opening_hours_validate (hours, &error));
  written = nv_opening_hours_to_json (hours);
  first = nv_json_to_string (written, FALSE);
  g_assert_true (g_str_has_prefix (first, "{\"weekly\":[{\"day\":1,\"opens\":\"09:00\","
                                          "\"closes\":\"16:00\"},"));
  /* Exceptions come out by date, whatever order they were added in. */
  g_assert_nonnull (strstr (first, "\"exceptions\":[{\"date\":\"2026-11-25\",\"hours\":"
                                   "[{\"opens\":\"11:00\",\"closes\":\"13:00\"}]},"
                                   "{\"date\":\"2026-11-27\",\"hours\":[],"
                                   "\"note\":{\"fi\":\"Koulutuspäivä\"}}"));
  again = nv_opening_hours_from_json (written, "opening_hours", &error);
  g_assert_no_error (error);
  second = nv_test_take_string (nv_opening_hours_to_json (again));
  g_assert_cmpstr (first, ==, second);

  copy = nv_opening_hours_copy (hours);
  from_copy = nv_test_take_string (nv_opening_hours_to_json (copy));
  g_assert_cmpstr (first, ==, from_copy);

  /* Known hours with nothing in them: always closed, written as an empty object. */
  g_clear_pointer (&copy, nv_opening_hours_free);
  copy = nv_opening_hours_new ();
  empty = nv_test_take_string (nv_opening_hours_to_json (copy));
  g_assert_cmpstr (empty, ==, "{}");
}

static void
test_from_json_field (void)
{
  g_autoptr (JsonNode) node = nv_test_parse ("{\"weekly\": [{\"day\": 1, \"opens\": \"10:00\","
                                             " \"closes\": \"09:00\"}]}");
  g_autoptr (JsonNode) not_object = nv_test_parse ("\"9-16\"");
  g_autoptr (GError) error = NULL;

  g_assert_null (nv_opening_hours_from_json (node, NULL, &error));
  nv_test_assert_field_error (error, "weekly[0].closes");
  g_clear_error (&error);
  g_assert_null (nv_opening_hours_from_json (node, "organisations[2].opening_hours", &error));
  nv_test_assert_field_error (error, "organisations[2].opening_hours.weekly[0].closes");
  g_clear_error (&error);
  g_assert_null (nv_opening_hours_from_json (not_object, "opening_hours", &error));
  nv_test_assert_field_error (error, "opening_hours");
}

static void
assert_invalid (const NvOpeningHours *hours, const char *field)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (nv_opening_hours_validate (hours, &error));
  nv_test_assert_field_error (error, field);
}

/* An exception put at the end of the list, out of order, as C code may. */
static NvHoursException *
hours_exception_at_end (NvOpeningHours *hours, const char *date)
{
  NvHoursException *exception = g_new0 (NvHoursException, 1);

  exception->date = g_strdup (date);
  exception->ranges = g_array_new (FALSE, FALSE, sizeof (NvHoursRange));
  g_ptr_array_add (hours->exceptions, exception);
  return exception;
}

/* Hours filled in C break the same rules with the same field paths. */
static void
test_validate_in_c (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (GString) note = g_string_new (NULL);
  NvHoursException *exception;
  NvHoursRange      range = { 0, 10 * 60, 12 * 60 };
  NvHoursRange      overlapping = { 0, 11 * 60, 13 * 60 };

  nv_opening_hours_add (hours, 1, 9 * 60, 12 * 60);
  nv_opening_hours_add (hours, 1, 12 * 60, 16 * 60);
  nv_opening_hours_add (hours, 2, 20 * 60, 24 * 60);
  g_assert_true (nv_opening_hours_validate (hours, NULL));

  nv_opening_hours_add (hours, 2, 23 * 60, 23 * 60 + 30);
  assert_invalid (hours, "weekly[3].opens");
  g_array_remove_index (hours->weekly, 3);
  nv_opening_hours_add (hours, 3, 10 * 60, 24 * 60 + 1);
  assert_invalid (hours, "weekly[3].closes");
  g_array_remove_index (hours->weekly, 3);
  nv_opening_hours_add (hours, 3, 24 * 60, 24 * 60);
  assert_invalid (hours, "weekly[3].opens");
  g_array_remove_index (hours->weekly, 3);

  exception = nv_opening_hours_add_exception (hours, "2026-12-31");
  g_array_append_val (exception->ranges, range);
  g_array_append_val (exception->ranges, overlapping);
  assert_invalid (hours, "exceptions[0].hours[1].opens");
  g_array_remove_index (exception->ranges, 1);
  g_assert_true (nv_opening_hours_validate (hours, NULL));

  nv_opening_hours_add_exception (hours, "2026-12-31");
  assert_invalid (hours, "exceptions[1].date");
  g_ptr_array_remove_index (hours->exceptions, 1);

  for (int i = 0; i < 201; i++)
    g_string_append (note, "ä");
  nv_text_set (&exception->note, NV_LANG_SV, note->str);
  assert_invalid (hours, "exceptions[0].note.sv");
}

/* Two years of dated days, the most an importer makes, added in a scrambled order: kept
 * sorted as they come (each after any of its date), and a date given twice refused at the
 * later of the two, wherever they are. */
static void
test_many_exceptions (void)
{
  g_autoptr (NvOpeningHours) hours = nv_opening_hours_new ();
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) reversed = NULL;
  g_autoptr (GError) error = NULL;
  NvHoursException *first, *second;
  JsonArray        *exceptions;
  GDate             date;
  guint             n = 730;
  char              text[16];

  for (guint i = 0; i < n; i++)
    {
      /* 7 and 730 have no common factor: every day once, in no order. */
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, 1, 2026);
      g_date_add_days (&date, (i * 7) % n);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &date);
      nv_opening_hours_add_exception (hours, text);
    }
  g_assert_cmpuint (hours->exceptions->len, ==, n);
  g_assert_cmpstr (((NvHoursException *) g_ptr_array_index (hours->exceptions, 0))->date, ==,
                   "2026-01-01");
  g_assert_cmpstr (((NvHoursException *) g_ptr_array_index (hours->exceptions, n - 1))->date, ==,
                   "2027-12-31");
  for (guint i = 1; i < n; i++)
    g_assert_cmpstr (((NvHoursException *) g_ptr_array_index (hours->exceptions, i - 1))->date, <,
                     ((NvHoursException *) g_ptr_array_index (hours->exceptions, i))->date);
  g_assert_true (nv_opening_hours_validate (hours, NULL));

  /* Written and read back, in reverse order: valid, and sorted again. */
  node = nv_opening_hours_to_json (hours);
  exceptions = json_object_get_array_member (json_node_get_object (node), "exceptions");
  {
    JsonObject *object = json_object_new ();
    JsonArray  *backwards = json_array_new ();

    for (guint i = n; i-- > 0;)
      json_array_add_element (backwards, json_node_copy (json_array_get_element (exceptions, i)));
    json_object_set_array_member (object, "weekly", json_array_new ());
    json_object_set_array_member (object, "exceptions", backwards);
    reversed = json_node_init_object (json_node_alloc (), object);
    json_object_unref (object);
  }
  {
    g_autoptr (NvOpeningHours) back = nv_opening_hours_from_json (reversed, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (back->exceptions->len, ==, n);
    g_assert_cmpstr (((NvHoursException *) g_ptr_array_index (back->exceptions, 0))->date, ==,
                     "2026-01-01");
  }
  /* The same date far apart in a list out of order: the later one is named. */
  json_array_add_element (
      json_object_get_array_member (json_node_get_object (reversed), "exceptions"),
      json_node_copy (json_array_get_element (exceptions, 500)));
  g_assert_null (nv_opening_hours_from_json (reversed, NULL, &error));
  nv_test_assert_field_error (error, "exceptions[730].date");
  g_clear_error (&error);

  /* And in a sorted list: the second, which goes after the first. */
  first = g_ptr_array_index (hours->exceptions, 300);
  second = nv_opening_hours_add_exception (hours, first->date);
  g_assert_true (g_ptr_array_index (hours->exceptions, 300) == first);
  g_assert_true (g_ptr_array_index (hours->exceptions, 301) == second);
  assert_invalid (hours, "exceptions[301].date");
  /* Out of order in C: the duplicate found however far back the first is. */
  g_ptr_array_remove_index (hours->exceptions, 301);
  second = hours_exception_at_end (hours, first->date);
  assert_invalid (hours, "exceptions[730].date");
  g_ptr_array_remove_index (hours->exceptions, 730);
  hours_exception_at_end (hours, "2025-06-01");
  g_assert_true (nv_opening_hours_validate (hours, NULL));
  hours_exception_at_end (hours, "2027-12-31");
  assert_invalid (hours, "exceptions[731].date");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/opening-hours/weekly", test_weekly);
  g_test_add_func ("/opening-hours/exceptions", test_exceptions);
  g_test_add_func ("/opening-hours/holidays-close", test_holidays_close);
  g_test_add_func ("/opening-hours/unknown", test_unknown);
  g_test_add_func ("/opening-hours/no-change-soon", test_no_change_soon);
  g_test_add_func ("/opening-hours/across-midnight", test_across_midnight);
  g_test_add_func ("/opening-hours/dst-march", test_dst_march);
  g_test_add_func ("/opening-hours/dst-october", test_dst_october);
  g_test_add_func ("/opening-hours/unsorted-ranges", test_unsorted_ranges);
  g_test_add_func ("/opening-hours/holiday-list", test_holiday_list);
  g_test_add_func ("/opening-hours/easter", test_easter);
  g_test_add_func ("/opening-hours/clock", test_clock);
  g_test_add_func ("/opening-hours/json-round-trip", test_json_round_trip);
  g_test_add_func ("/opening-hours/from-json-field", test_from_json_field);
  g_test_add_func ("/opening-hours/validate-in-c", test_validate_in_c);
  g_test_add_func ("/opening-hours/many-exceptions", test_many_exceptions);

  return g_test_run ();
}
