/* kiosk-sleep-schedule.c
 *
 * The host library's open stretches come from nv_opening_hours_state_at (), which
 * already merges a day's 24:00 into the next day's 00:00 and knows exceptions, holidays
 * and DST. Each stretch is widened by the margin on both sides; stretches whose widened
 * ends meet are one awake period (a lunch break shorter than twice the margin never
 * blanks the screen).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-sleep-schedule.h"

/* Stretches joined into one awake period, at most: a library open around the clock
 * for longer than this many days in a row is simply awake until asked again. */
#define MAX_STRETCHES 64

static gboolean
has_opening_times (const NvOpeningHours *hours)
{
  if (hours->weekly->len > 0)
    return TRUE;
  for (guint i = 0; i < hours->exceptions->len; i++)
    if (((NvHoursException *) g_ptr_array_index (hours->exceptions, i))->ranges->len > 0)
      return TRUE;
  return FALSE;
}

/* The next open stretch at or after @from: *@start (NULL when open at @from itself) to
 * *@end (NULL: open beyond the look-ahead). FALSE when none begins within it. */
static gboolean
next_stretch (const NvOpeningHours *hours, GDateTime *from, GDateTime **start, GDateTime **end)
{
  g_autoptr (GDateTime) change = NULL;

  *start = NULL;
  *end = NULL;
  if (nv_opening_hours_state_at (hours, from, &change) == NV_OPEN_STATE_OPEN)
    {
      *end = g_steal_pointer (&change);
      return TRUE;
    }
  if (change == NULL)
    return FALSE;
  *start = g_steal_pointer (&change);
  nv_opening_hours_state_at (hours, *start, end);
  return TRUE;
}

gboolean
kiosk_sleep_schedule_asleep_at (const NvOpeningHours *hours,
                                guint                 margin_minutes,
                                GDateTime            *now,
                                GDateTime           **next_change)
{
  GTimeSpan margin = (GTimeSpan) margin_minutes * G_TIME_SPAN_MINUTE;
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  g_autoptr (GDateTime) wake = NULL;
  g_autoptr (GDateTime) sleep = NULL;
  gboolean asleep;

  if (next_change != NULL)
    *next_change = NULL;
  g_return_val_if_fail (now != NULL, FALSE);
  if (hours == NULL || !has_opening_times (hours))
    return FALSE;

  /* A stretch that closed less than a margin ago still keeps the screen awake now. */
  from = g_date_time_add (now, -margin);
  if (!next_stretch (hours, from, &start, &end))
    return TRUE; /* closed for as far as the hours say: asleep, ask again later */
  wake = start != NULL ? g_date_time_add (start, -margin) : NULL;
  sleep = end != NULL ? g_date_time_add (end, margin) : NULL;
  /* The awake period goes on over each later stretch that wakes before it would sleep. */
  for (guint i = 1; sleep != NULL && i < MAX_STRETCHES; i++)
    {
      g_autoptr (GDateTime) later_start = NULL;
      g_autoptr (GDateTime) later_end = NULL;
      g_autoptr (GDateTime) later_wake = NULL;

      if (!next_stretch (hours, end, &later_start, &later_end) || later_start == NULL)
        break;
      later_wake = g_date_time_add (later_start, -margin);
      if (g_date_time_compare (later_wake, sleep) > 0)
        break;
      g_clear_pointer (&end, g_date_time_unref);
      g_clear_pointer (&sleep, g_date_time_unref);
      end = g_steal_pointer (&later_end);
      sleep = end != NULL ? g_date_time_add (end, margin) : NULL;
      if (end == NULL)
        break;
    }

  /* The period's first stretch ends after @from, so it sleeps after @now. */
  asleep = wake != NULL && g_date_time_compare (wake, now) > 0;
  if (next_change != NULL)
    {
      GDateTime *change = asleep ? wake : sleep;

      *next_change = change != NULL ? g_date_time_to_timezone (change, nv_helsinki_tz ()) : NULL;
    }
  return asleep;
}
