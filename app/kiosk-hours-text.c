/* kiosk-hours-text.c
 *
 * Weekday names and sentences come from gettext, never from strftime: the kiosk's
 * language is the resident's choice (kiosk-language.c), not the C locale. Finnish and
 * Swedish inflect a weekday inside a sentence, so each "opens on <weekday>" is a
 * sentence of its own for the translators.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-hours-text.h"

const char *
kiosk_weekday_name (int weekday)
{
  switch (weekday)
    {
    /* Translators: the weekdays start a line of a week's opening hours:
     * "Monday 9:00–16:00" */
    case 1:
      return C_ ("weekday", "Monday");
    case 2:
      return C_ ("weekday", "Tuesday");
    case 3:
      return C_ ("weekday", "Wednesday");
    case 4:
      return C_ ("weekday", "Thursday");
    case 5:
      return C_ ("weekday", "Friday");
    case 6:
      return C_ ("weekday", "Saturday");
    case 7:
      return C_ ("weekday", "Sunday");
    default:
      g_return_val_if_reached ("");
    }
}

char *
kiosk_format_time (int hour, int minute)
{
  /* Translators: a time of day on the 24-hour clock, the hour not padded: "9:00",
   * "17:30". Finnish writes "%d.%02d" (9.00). */
  return g_strdup_printf (C_ ("time of day", "%d:%02d"), hour, minute);
}

static char *
format_minutes (guint minutes)
{
  return kiosk_format_time ((int) (minutes / 60), (int) (minutes % 60));
}

char *
kiosk_format_date (GDateTime *day)
{
  /* Translators: a date without the year, day then month: "6.12." is 6 December. */
  return g_strdup_printf (C_ ("date", "%d.%d."), g_date_time_get_day_of_month (day),
                          g_date_time_get_month (day));
}

/* Calendar days from @from's date to @to's date, both taken in Europe/Helsinki. */
static int
days_between (GDateTime *from, GDateTime *to)
{
  g_autoptr (GDateTime) local_from = g_date_time_to_timezone (from, nv_helsinki_tz ());
  g_autoptr (GDateTime) local_to = g_date_time_to_timezone (to, nv_helsinki_tz ());
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_dmy (&a, (GDateDay) g_date_time_get_day_of_month (local_from),
                  (GDateMonth) g_date_time_get_month (local_from),
                  (GDateYear) g_date_time_get_year (local_from));
  g_date_set_dmy (&b, (GDateDay) g_date_time_get_day_of_month (local_to),
                  (GDateMonth) g_date_time_get_month (local_to),
                  (GDateYear) g_date_time_get_year (local_to));
  return g_date_days_between (&a, &b);
}

static char *
opens_on_weekday_text (int weekday, const char *time)
{
  switch (weekday)
    {
    case 1:
      return g_strdup_printf (_ ("Closed now — opens next on Monday at %s"), time);
    case 2:
      return g_strdup_printf (_ ("Closed now — opens next on Tuesday at %s"), time);
    case 3:
      return g_strdup_printf (_ ("Closed now — opens next on Wednesday at %s"), time);
    case 4:
      return g_strdup_printf (_ ("Closed now — opens next on Thursday at %s"), time);
    case 5:
      return g_strdup_printf (_ ("Closed now — opens next on Friday at %s"), time);
    case 6:
      return g_strdup_printf (_ ("Closed now — opens next on Saturday at %s"), time);
    case 7:
      return g_strdup_printf (_ ("Closed now — opens next on Sunday at %s"), time);
    default:
      g_return_val_if_reached (g_strdup (_ ("Closed now")));
    }
}

static char *
open_text (GDateTime *now, GDateTime *closes)
{
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  int              days;

  /* Open without a break for the whole look-ahead. */
  if (closes == NULL)
    return g_strdup (_ ("Open now"));

  days = days_between (now, closes);
  time = kiosk_format_time (g_date_time_get_hour (closes), g_date_time_get_minute (closes));
  if (days <= 0)
    return g_strdup_printf (_ ("Open now — closes at %s"), time);
  /* Open until 24:00: "closes tomorrow at 0:00" would read as a day too late. */
  if (days == 1 && g_date_time_get_hour (closes) == 0 && g_date_time_get_minute (closes) == 0)
    return g_strdup (_ ("Open now — closes at midnight"));
  if (days == 1)
    return g_strdup_printf (_ ("Open now — closes tomorrow at %s"), time);
  date = kiosk_format_date (closes);
  /* Translators: the first %s is a date ("6.12."), the second a time ("16:00") */
  return g_strdup_printf (_ ("Open now — closes on %s at %s"), date, time);
}

static char *
closed_text (GDateTime *now, GDateTime *opens)
{
  g_autofree char *time = NULL;
  g_autofree char *date = NULL;
  int              days;

  /* Known to stay closed for the whole look-ahead (14 days). */
  if (opens == NULL)
    return g_strdup (_ ("Closed now"));

  days = days_between (now, opens);
  time = kiosk_format_time (g_date_time_get_hour (opens), g_date_time_get_minute (opens));
  if (days <= 0)
    return g_strdup_printf (_ ("Closed now — opens today at %s"), time);
  if (days == 1)
    return g_strdup_printf (_ ("Closed now — opens tomorrow at %s"), time);
  /* Within the coming week a weekday is unambiguous; later, it needs the date. */
  if (days < 7)
    return opens_on_weekday_text (g_date_time_get_day_of_week (opens), time);
  date = kiosk_format_date (opens);
  /* Translators: the first %s is a date ("28.12."), the second a time ("9:00") */
  return g_strdup_printf (_ ("Closed now — opens on %s at %s"), date, time);
}

char *
kiosk_hours_status_text (const NvOpeningHours *hours, GDateTime *now)
{
  g_autoptr (GDateTime) change = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  switch (nv_opening_hours_state_at (hours, now, &change))
    {
    case NV_OPEN_STATE_OPEN:
      return open_text (now, change);
    case NV_OPEN_STATE_CLOSED:
      return closed_text (now, change);
    case NV_OPEN_STATE_UNKNOWN: /* said so, never guessed */
    default:
      break;
    }
  return g_strdup (_ ("Opening hours not known"));
}

static const NvHoursException *
find_exception (const NvOpeningHours *hours, GDateTime *day)
{
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

  for (guint i = 0; i < hours->exceptions->len; i++)
    {
      const NvHoursException *exception = g_ptr_array_index (hours->exceptions, i);

      if (g_strcmp0 (exception->date, date) == 0)
        return exception;
    }
  return NULL;
}

static int
compare_ranges (gconstpointer a, gconstpointer b)
{
  const NvHoursRange *ra = a, *rb = b;

  return (int) ra->opens - (int) rb->opens;
}

/* "9:00–16:00, 17:00–19:00", or "closed" when @ranges is empty. */
static char *
format_ranges (GArray *ranges)
{
  g_autoptr (GString) text = g_string_new (NULL);

  if (ranges->len == 0)
    /* Translators: a day's opening hours when the place is closed all day:
     * "Saturday closed" */
    return g_strdup (C_ ("day's hours", "closed"));

  for (guint i = 0; i < ranges->len; i++)
    {
      const NvHoursRange *range = &g_array_index (ranges, NvHoursRange, i);
      g_autofree char    *opens = format_minutes (range->opens);
      g_autofree char    *closes = format_minutes (range->closes);

      if (i > 0)
        g_string_append (text, ", ");
      /* An en dash between the times, as both Finnish and Swedish write it. */
      g_string_append_printf (text, "%s–%s", opens, closes);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* One line for the local date of @day; the same precedence as nv_opening_hours_state_at:
 * an exception, else a holiday (closed), else the weekly hours. */
static char *
format_day (const NvOpeningHours *hours, GDateTime *day, NvLang lang)
{
  const NvHoursException *exception = find_exception (hours, day);
  gboolean holiday = nv_is_finnish_holiday (g_date_time_get_year (day), g_date_time_get_month (day),
                                            g_date_time_get_day_of_month (day));
  int      weekday = g_date_time_get_day_of_week (day);
  g_autoptr (GArray) ranges = g_array_new (FALSE, TRUE, sizeof (NvHoursRange));
  g_autofree char *hours_text = NULL;
  g_autofree char *day_text = NULL;
  const char      *note = NULL;

  if (exception != NULL)
    {
      g_array_append_vals (ranges, exception->ranges->data, exception->ranges->len);
      if (!nv_text_is_empty (&exception->note))
        note = nv_text_get (&exception->note, lang, NULL);
      else if (holiday)
        /* Translators: why a day's hours differ from the usual: "Tuesday 6.12. closed
         * (holiday)" */
        note = C_ ("reason for hours", "holiday");
      else
        /* Translators: why a day's hours differ from the usual, when no reason is given:
         * "Friday 27.11. closed (special opening hours)" */
        note = _ ("special opening hours");
    }
  else if (holiday)
    note = C_ ("reason for hours", "holiday");
  else
    {
      for (guint i = 0; i < hours->weekly->len; i++)
        {
          const NvHoursRange *range = &g_array_index (hours->weekly, NvHoursRange, i);

          if (range->weekday == weekday)
            g_array_append_val (ranges, *range);
        }
    }

  /* In time order, as nv_opening_hours_state_at () reads them, however they were added. */
  g_array_sort (ranges, compare_ranges);

  /* An ordinary day is named by its weekday; a day out of the ordinary also gets its
   * date, so it is not taken for every such weekday. */
  hours_text = format_ranges (ranges);
  if (note == NULL)
    /* Translators: a weekday and its opening hours: "Monday 9:00–16:00",
     * "Saturday closed" */
    return g_strdup_printf (C_ ("weekday and hours", "%s %s"), kiosk_weekday_name (weekday),
                            hours_text);

  /* Translators: a weekday and a date (day.month.): "Tuesday 6.12." */
  day_text = g_strdup_printf (C_ ("weekday and date", "%s %d.%d."), kiosk_weekday_name (weekday),
                              g_date_time_get_day_of_month (day), g_date_time_get_month (day));
  /* Translators: a day, its opening hours and why they differ from the usual:
   * "Tuesday 6.12. closed (holiday)", "Thursday 24.12. 9:00–12:00 (Christmas Eve)" */
  return g_strdup_printf (C_ ("day, hours and reason", "%s %s (%s)"), day_text, hours_text, note);
}

GPtrArray *
kiosk_hours_week_lines (const NvOpeningHours *hours, GDateTime *now, NvLang lang)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) noon = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  if (hours == NULL)
    return g_steal_pointer (&lines);

  local = g_date_time_to_timezone (now, nv_helsinki_tz ());
  /* Step by calendar days at noon so a DST change never skips or repeats a date. */
  noon = g_date_time_new (nv_helsinki_tz (), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local), 12,
                          0, 0);
  for (int d = 0; d < 7; d++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (noon, d);

      g_ptr_array_add (lines, format_day (hours, day, lang));
    }
  return g_steal_pointer (&lines);
}
