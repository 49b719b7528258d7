/* nv-opening-hours.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nv-error.h"
#include "nv-json-private.h"
#include "nv-opening-hours.h"

#define MINUTES_PER_DAY 1440
#define LOOKAHEAD_DAYS 14

NvOpeningHours *
nv_opening_hours_new (void)
{
  NvOpeningHours *hours = g_new0 (NvOpeningHours, 1);

  hours->weekly = g_array_new (FALSE, TRUE, sizeof (NvHoursRange));
  hours->exceptions = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_hours_exception_free);
  return hours;
}

void
nv_opening_hours_free (NvOpeningHours *hours)
{
  if (hours == NULL)
    return;
  g_array_unref (hours->weekly);
  g_ptr_array_unref (hours->exceptions);
  g_free (hours);
}

void
nv_hours_exception_free (NvHoursException *exception)
{
  if (exception == NULL)
    return;
  g_free (exception->date);
  g_array_unref (exception->ranges);
  nv_text_clear (&exception->note);
  g_free (exception);
}

static NvHoursException *
hours_exception_new (const char *date)
{
  NvHoursException *exception = g_new0 (NvHoursException, 1);

  exception->date = g_strdup (date);
  exception->ranges = g_array_new (FALSE, TRUE, sizeof (NvHoursRange));
  return exception;
}

NvOpeningHours *
nv_opening_hours_copy (const NvOpeningHours *hours)
{
  NvOpeningHours *copy;

  g_return_val_if_fail (hours != NULL, NULL);

  copy = nv_opening_hours_new ();
  g_array_append_vals (copy->weekly, hours->weekly->data, hours->weekly->len);
  for (guint i = 0; i < hours->exceptions->len; i++)
    {
      const NvHoursException *exception = g_ptr_array_index (hours->exceptions, i);
      NvHoursException       *exception_copy = hours_exception_new (exception->date);

      g_array_append_vals (exception_copy->ranges, exception->ranges->data, exception->ranges->len);
      nv_text_copy (&exception_copy->note, &exception->note);
      g_ptr_array_add (copy->exceptions, exception_copy);
    }
  return copy;
}

static int
compare_ranges (gconstpointer a, gconstpointer b)
{
  const NvHoursRange *ra = a, *rb = b;

  if (ra->weekday != rb->weekday)
    return ra->weekday - rb->weekday;
  return ra->opens - rb->opens;
}

static int
compare_exceptions (gconstpointer a, gconstpointer b)
{
  const NvHoursException *ea = *(NvHoursException *const *) a;
  const NvHoursException *eb = *(NvHoursException *const *) b;

  return g_strcmp0 (ea->date, eb->date);
}

void
nv_opening_hours_add (NvOpeningHours *hours, guint8 weekday, guint16 opens, guint16 closes)
{
  NvHoursRange range = { weekday, opens, closes };

  g_return_if_fail (hours != NULL);

  g_array_append_val (hours->weekly, range);
  g_array_sort (hours->weekly, compare_ranges);
}

NvHoursException *
nv_opening_hours_add_exception (NvOpeningHours *hours, const char *date)
{
  NvHoursException *exception;

  g_return_val_if_fail (hours != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);

  /* In place, after any of the same date (as the stable sort this replaces put it): an
   * importer adds hundreds of dated days, and sorting after each was quadratic. */
  exception = hours_exception_new (date);
  guint low = 0, high = hours->exceptions->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_exceptions (&g_ptr_array_index (hours->exceptions, middle), &exception) <= 0)
        low = middle + 1;
      else
        high = middle;
    }
  g_ptr_array_insert (hours->exceptions, (gint) low, exception);
  return exception;
}

gboolean
nv_parse_clock_time (const char *text, guint16 *out_minutes)
{
  int h, m;

  if (text == NULL || strlen (text) != 5 || text[2] != ':' || !g_ascii_isdigit (text[0])
      || !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  h = (text[0] - '0') * 10 + (text[1] - '0');
  m = (text[3] - '0') * 10 + (text[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0))
    return FALSE;
  if (out_minutes != NULL)
    *out_minutes = (guint16) (h * 60 + m);
  return TRUE;
}

char *
nv_format_clock_time (guint16 minutes)
{
  return g_strdup_printf ("%02u:%02u", minutes / 60u, minutes % 60u);
}

/* "FIELD[INDEX].MEMBER": made only for an error, since validation runs on every entry an
 * import or a sync reads. */
static void
set_range_error (GError    **error,
                 const char *field,
                 guint       index,
                 const char *member,
                 const char *code,
                 const char *message)
{
  g_autofree char *f = g_strdup_printf ("%s[%u].%s", field, index, member);

  if (code == NULL)
    nv_set_field_error (error, f, "%s", message);
  else
    nv_set_field_error_code (error, f, code, "%s", message);
}

/* Checks ranges of one day: each well-formed, sorted ones not overlapping. */
static gboolean
validate_ranges (
    const NvHoursRange *ranges, guint n_ranges, const char *field, gboolean weekly, GError **error)
{
  for (guint i = 0; i < n_ranges; i++)
    {
      const NvHoursRange *r = &ranges[i];

      if (weekly && (r->weekday < 1 || r->weekday > 7))
        {
          set_range_error (error, field, i, "day", NULL, "must be 1 (Monday) to 7 (Sunday)");
          return FALSE;
        }
      if (r->opens >= MINUTES_PER_DAY)
        {
          set_range_error (error, field, i, "opens", "invalid-time",
                           "must be a time from 00:00 to 23:59");
          return FALSE;
        }
      if (r->closes <= r->opens || r->closes > MINUTES_PER_DAY)
        {
          set_range_error (error, field, i, "closes", "closes-before-opening",
                           "must be after the opening time, at the latest 24:00");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        {
          const NvHoursRange *o = &ranges[j];

          if ((!weekly || o->weekday == r->weekday) && r->opens < o->closes && o->opens < r->closes)
            {
              set_range_error (error, field, i, "opens", "overlapping-hours",
                               "overlaps another opening time of the same day");
              return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
nv_opening_hours_validate (const NvOpeningHours *hours, GError **error)
{
  /* The dates seen, needed only once they come out of order: while each date comes after
   * the one before, a date seen twice is the one before it. */
  g_autoptr (GHashTable) seen = NULL;

  g_return_val_if_fail (hours != NULL, FALSE);

  if (!validate_ranges ((const NvHoursRange *) hours->weekly->data, hours->weekly->len, "weekly",
                        TRUE, error))
    return FALSE;
  for (guint i = 0; i < hours->exceptions->len; i++)
    {
      const NvHoursException *exception = g_ptr_array_index (hours->exceptions, i);
      char                    field[64];
      gboolean                again = FALSE;

      g_snprintf (field, sizeof field, "exceptions[%u].date", i);
      if (!nv_validate_date (exception->date, field, error))
        return FALSE;
      g_snprintf (field, sizeof field, "exceptions[%u].hours", i);
      if (!validate_ranges ((const NvHoursRange *) exception->ranges->data, exception->ranges->len,
                            field, FALSE, error))
        return FALSE;
      g_snprintf (field, sizeof field, "exceptions[%u].note", i);
      if (!nv_validate_text (&exception->note, field, 200, FALSE, error))
        return FALSE;
      if (i > 0)
        {
          const NvHoursException *before = g_ptr_array_index (hours->exceptions, i - 1);
          int                     order = strcmp (before->date, exception->date);

          if (seen == NULL && order > 0)
            {
              seen = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint j = 0; j < i; j++)
                g_hash_table_add (
                    seen, ((NvHoursException *) g_ptr_array_index (hours->exceptions, j))->date);
            }
          again = order == 0 || (seen != NULL && !g_hash_table_add (seen, exception->date));
        }
      if (again)
        {
          g_snprintf (field, sizeof field, "exceptions[%u].date", i);
          nv_set_field_error (error, field, "has two exceptions for the same date");
          return FALSE;
        }
    }
  return TRUE;
}

static void
write_range (JsonBuilder *builder, const NvHoursRange *range, gboolean with_day)
{
  g_autofree char *opens = nv_format_clock_time (range->opens);
  g_autofree char *closes = nv_format_clock_time (range->closes);

  json_builder_begin_object (builder);
  if (with_day)
    {
      json_builder_set_member_name (builder, "day");
      json_builder_add_int_value (builder, range->weekday);
    }
  nv_json_write_string (builder, "opens", opens);
  nv_json_write_string (builder, "closes", closes);
  json_builder_end_object (builder);
}

JsonNode *
nv_opening_hours_to_json (const NvOpeningHours *hours)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (hours != NULL, NULL);

  json_builder_begin_object (builder);
  if (hours->weekly->len > 0)
    {
      json_builder_set_member_name (builder, "weekly");
      json_builder_begin_array (builder);
      for (guint i = 0; i < hours->weekly->len; i++)
        write_range (builder, &g_array_index (hours->weekly, NvHoursRange, i), TRUE);
      json_builder_end_array (builder);
    }
  if (hours->exceptions->len > 0)
    {
      json_builder_set_member_name (builder, "exceptions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < hours->exceptions->len; i++)
        {
          const NvHoursException *exception = g_ptr_array_index (hours->exceptions, i);

          json_builder_begin_object (builder);
          nv_json_write_string (builder, "date", exception->date);
          /* Always written, even empty: "hours": [] says closed all day. */
          json_builder_set_member_name (builder, "hours");
          json_builder_begin_array (builder);
          for (guint j = 0; j < exception->ranges->len; j++)
            write_range (builder, &g_array_index (exception->ranges, NvHoursRange, j), FALSE);
          json_builder_end_array (builder);
          nv_json_write_text (builder, "note", &exception->note);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_clock (JsonObject *object, const char *member, guint16 *out, GError **error)
{
  g_autofree char *text = NULL;

  if (!nv_json_read_string (object, member, TRUE, &text, error))
    return FALSE;
  if (!nv_parse_clock_time (text, out))
    {
      nv_set_field_error_code (error, member, "invalid-time",
                               "must be a time written HH:MM, like 09:00");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_ranges (JsonArray *array, GArray *ranges, gboolean with_day, GError **error)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *prefix = g_strdup_printf ("[%u]", i);
      NvHoursRange     range = { 0, 0, 0 };
      GError          *local_error = NULL;
      JsonObject      *object;
      gint64           day = 0;

      if ((object = nv_json_expect_object (json_array_get_element (array, i), "a time range",
                                           &local_error))
              == NULL
          || (with_day && !nv_json_read_int (object, "day", 1, 7, 0, &day, &local_error))
          || !read_clock (object, "opens", &range.opens, &local_error)
          || !read_clock (object, "closes", &range.closes, &local_error))
        {
          nv_error_prefix_field (local_error, prefix);
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (with_day && day == 0)
        {
          g_autofree char *field = g_strdup_printf ("%s.day", prefix);

          nv_set_field_error_code (error, field, "required", "is required");
          return FALSE;
        }
      range.weekday = (guint8) day;
      g_array_append_val (ranges, range);
    }
  return TRUE;
}

NvOpeningHours *
nv_opening_hours_from_json (JsonNode *node, const char *field, GError **error)
{
  g_autoptr (NvOpeningHours) hours = NULL;
  GError     *local_error = NULL;
  JsonArray  *weekly = NULL;
  JsonArray  *exceptions = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  hours = nv_opening_hours_new ();
  if ((object = nv_json_expect_object (node, "opening hours", &local_error)) == NULL
      || !nv_json_read_array (object, "weekly", &weekly, &local_error))
    goto fail;
  if (!read_ranges (weekly, hours->weekly, TRUE, &local_error))
    {
      nv_error_prefix_field (local_error, "weekly");
      goto fail;
    }
  g_array_sort (hours->weekly, compare_ranges);

  if (!nv_json_read_array (object, "exceptions", &exceptions, &local_error))
    goto fail;
  for (guint i = 0; exceptions != NULL && i < json_array_get_length (exceptions); i++)
    {
      g_autofree char  *prefix = g_strdup_printf ("exceptions[%u]", i);
      g_autofree char  *date = NULL;
      NvHoursException *exception;
      JsonArray        *ranges = NULL;
      JsonObject       *exception_object;

      if ((exception_object = nv_json_expect_object (json_array_get_element (exceptions, i),
                                                     "an exception", &local_error))
              == NULL
          || !nv_json_read_string (exception_object, "date", TRUE, &date, &local_error)
          || !nv_json_read_array (exception_object, "hours", &ranges, &local_error))
        {
          nv_error_prefix_field (local_error, prefix);
          goto fail;
        }
      exception = hours_exception_new (date);
      g_ptr_array_add (hours->exceptions, exception);
      if (!read_ranges (ranges, exception->ranges, FALSE, &local_error))
        {
          nv_error_prefix_field (local_error, "hours");
          nv_error_prefix_field (local_error, prefix);
          goto fail;
        }
      g_array_sort (exception->ranges, compare_ranges);
      if (!nv_json_read_text (exception_object, "note", &exception->note, &local_error))
        {
          nv_error_prefix_field (local_error, prefix);
          goto fail;
        }
    }

  if (!nv_opening_hours_validate (hours, &local_error))
    goto fail;
  g_ptr_array_sort (hours->exceptions, compare_exceptions);
  return g_steal_pointer (&hours);

fail:
  if (field != NULL && field[0] != '\0')
    nv_error_prefix_field (local_error, field);
  g_propagate_error (error, local_error);
  return NULL;
}

/* Holidays */

static GDate
easter_sunday (int year)
{
  /* The anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
  int   a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int   f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int   i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int   m = (a + 11 * h + 22 * l) / 451;
  int   month = (h + l - 7 * m + 114) / 31;
  int   day = ((h + l - 7 * m + 114) % 31) + 1;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return date;
}

/* Whether @date is the given weekday within the 7 days starting at (month, first_day). */
static gboolean
is_weekday_in_week (const GDate *date, GDateWeekday weekday, int month, int first_day)
{
  GDate start;
  int   diff;

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, (GDateDay) first_day, (GDateMonth) month, g_date_get_year (date));
  diff = g_date_days_between (&start, date);
  return diff >= 0 && diff < 7 && g_date_get_weekday (date) == weekday;
}

gboolean
nv_is_finnish_holiday (int year, int month, int day)
{
  GDate date, easter;
  int   from_easter;

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  if ((month == 1 && (day == 1 || day == 6)) || (month == 5 && day == 1)
      || (month == 12 && (day == 6 || day == 24 || day == 25 || day == 26)))
    return TRUE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  easter = easter_sunday (year);
  from_easter = g_date_days_between (&easter, &date);
  /* Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday. */
  if (from_easter == -2 || from_easter == 0 || from_easter == 1 || from_easter == 39
      || from_easter == 49)
    return TRUE;

  /* Midsummer Eve: the Friday of 19–25 June; Midsummer Day: the Saturday of 20–26 June. */
  if (is_weekday_in_week (&date, G_DATE_FRIDAY, 6, 19)
      || is_weekday_in_week (&date, G_DATE_SATURDAY, 6, 20))
    return TRUE;

  /* All Saints' Day: the Saturday of 31 October – 6 November. */
  if (is_weekday_in_week (&date, G_DATE_SATURDAY, 10, 31))
    return TRUE;

  return FALSE;
}

GTimeZone *
nv_helsinki_tz (void)
{
  static gsize tz_once;

  if (g_once_init_enter (&tz_once))
    {
      GTimeZone *zone = g_time_zone_new_identifier ("Europe/Helsinki");

      /* Without tzdata: EET/EEST with the EU's change rules, as a POSIX TZ string. */
      if (zone == NULL)
        zone = g_time_zone_new_identifier ("EET-2EEST,M3.5.0/3,M10.5.0/4");
      if (zone == NULL)
        zone = g_time_zone_new_offset (2 * 3600);
      g_once_init_leave (&tz_once, (gsize) zone);
    }
  return (GTimeZone *) tz_once;
}

/* The ranges that apply on one local date, sorted, in minutes of that day, copied into
 * @out: an exception for the date, else none on a holiday, else the weekly ones. */
static void
ranges_for_date (const NvOpeningHours *hours, GDateTime *local_day, GArray *out)
{
  g_autofree char *date = nv_format_date (local_day);
  int              weekday = g_date_time_get_day_of_week (local_day);

  g_array_set_size (out, 0);
  for (guint i = 0; i < hours->exceptions->len; i++)
    {
      const NvHoursException *exception = g_ptr_array_index (hours->exceptions, i);

      if (g_strcmp0 (exception->date, date) == 0)
        {
          g_array_append_vals (out, exception->ranges->data, exception->ranges->len);
          g_array_sort (out, compare_ranges);
          return;
        }
    }

  if (nv_is_finnish_holiday (g_date_time_get_year (local_day), g_date_time_get_month (local_day),
                             g_date_time_get_day_of_month (local_day)))
    return;

  for (guint i = 0; i < hours->weekly->len; i++)
    {
      const NvHoursRange *r = &g_array_index (hours->weekly, NvHoursRange, i);

      if (r->weekday == weekday)
        g_array_append_val (out, *r);
    }
  /* Sorted by the codec and nv_opening_hours_add (), but a caller may fill the array. */
  g_array_sort (out, compare_ranges);
}

/* @minutes after the local midnight that starts @day's date; 1440 is the next midnight.
 * g_date_time_new () in the zone picks the right offset on DST change days. */
static GDateTime *
local_time_at (GDateTime *day, guint minutes)
{
  g_autoptr (GDateTime) date = NULL;

  if (minutes >= MINUTES_PER_DAY)
    {
      date = g_date_time_add_days (day, minutes / MINUTES_PER_DAY);
      minutes %= MINUTES_PER_DAY;
    }
  else
    date = g_date_time_ref (day);
  return g_date_time_new (nv_helsinki_tz (), g_date_time_get_year (date),
                          g_date_time_get_month (date), g_date_time_get_day_of_month (date),
                          (int) (minutes / 60), (int) (minutes % 60), 0);
}

/* Collects the open intervals [start, end) as absolute times from the day before @when
 * to the end of the look-ahead, merging ones that touch (24:00, then 00:00 the next day),
 * and finds @when among them. */
NvOpenState
nv_opening_hours_state_at (const NvOpeningHours *hours, GDateTime *when, GDateTime **next_change)
{
  g_autoptr (GDateTime) local = NULL;
  g_autoptr (GDateTime) noon = NULL;
  g_autoptr (GDateTime) horizon = NULL;
  g_autoptr (GArray) day_ranges = NULL;
  g_autoptr (GPtrArray) starts = NULL;
  g_autoptr (GPtrArray) ends = NULL;
  GDateTime  *change = NULL;
  NvOpenState state = NV_OPEN_STATE_CLOSED;

  if (next_change != NULL)
    *next_change = NULL;
  g_return_val_if_fail (when != NULL, NV_OPEN_STATE_UNKNOWN);
  if (hours == NULL)
    return NV_OPEN_STATE_UNKNOWN;

  local = g_date_time_to_timezone (when, nv_helsinki_tz ());
  /* Step through calendar days from noon, so a DST change never skips or repeats one. */
  noon = g_date_time_new (nv_helsinki_tz (), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local), 12,
                          0, 0);
  horizon = g_date_time_add_days (when, LOOKAHEAD_DAYS);
  day_ranges = g_array_new (FALSE, TRUE, sizeof (NvHoursRange));
  starts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  ends = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);

  /* One day past the horizon, so a stretch open through it is not cut at its end. */
  for (int d = -1; d <= LOOKAHEAD_DAYS + 1; d++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (noon, d);

      ranges_for_date (hours, day, day_ranges);
      for (guint i = 0; i < day_ranges->len; i++)
        {
          const NvHoursRange *range = &g_array_index (day_ranges, NvHoursRange, i);
          GDateTime          *start = local_time_at (day, range->opens);
          GDateTime          *end = local_time_at (day, MAX (range->closes, range->opens));
          GDateTime *last_end = ends->len > 0 ? g_ptr_array_index (ends, ends->len - 1) : NULL;

          if (last_end != NULL && g_date_time_compare (last_end, start) >= 0)
            {
              /* Touching or overlapping the previous stretch: extend it. */
              if (g_date_time_compare (end, last_end) > 0)
                {
                  g_ptr_array_index (ends, ends->len - 1) = end;
                  g_date_time_unref (last_end);
                }
              else
                g_date_time_unref (end);
              g_date_time_unref (start);
            }
          else if (g_date_time_compare (start, end) < 0)
            {
              g_ptr_array_add (starts, start);
              g_ptr_array_add (ends, end);
            }
          else
            {
              g_date_time_unref (start);
              g_date_time_unref (end);
            }
        }
    }

  for (guint i = 0; i < starts->len; i++)
    {
      GDateTime *start = g_ptr_array_index (starts, i);
      GDateTime *end = g_ptr_array_index (ends, i);

      if (g_date_time_compare (when, start) >= 0 && g_date_time_compare (when, end) < 0)
        {
          state = NV_OPEN_STATE_OPEN;
          change = end;
          break;
        }
      if (g_date_time_compare (start, when) > 0)
        {
          change = start;
          break;
        }
    }

  if (next_change != NULL && change != NULL && g_date_time_compare (change, horizon) <= 0)
    *next_change = g_date_time_to_timezone (change, nv_helsinki_tz ());
  return state;
}
