/* nv-opening-hours.h — weekly opening hours, exceptions and holidays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-text.h"

G_BEGIN_DECLS

typedef struct
{
  guint8  weekday; /* 1 = Monday … 7 = Sunday (ISO 8601); 0 inside an exception */
  guint16 opens;   /* minutes after local midnight, 0..1439 */
  guint16 closes;  /* minutes after local midnight, opens < closes <= 1440 */
} NvHoursRange;

typedef struct
{
  char   *date;   /* YYYY-MM-DD, local (Europe/Helsinki) */
  GArray *ranges; /* NvHoursRange; empty means closed all day */
  NvText  note;   /* e.g. "Christmas Eve" */
} NvHoursException;

/* An organisation without known hours has no NvOpeningHours at all (NULL):
 * the kiosk then says "opening hours not known" and never guesses. */
typedef struct
{
  GArray    *weekly;     /* NvHoursRange, sorted by weekday then opens */
  GPtrArray *exceptions; /* NvHoursException*, sorted by date */
} NvOpeningHours;

typedef enum
{
  NV_OPEN_STATE_UNKNOWN,
  NV_OPEN_STATE_OPEN,
  NV_OPEN_STATE_CLOSED,
} NvOpenState;

NvOpeningHours *nv_opening_hours_new (void);
void            nv_opening_hours_free (NvOpeningHours *hours);
NvOpeningHours *nv_opening_hours_copy (const NvOpeningHours *hours);
void nv_opening_hours_add (NvOpeningHours *hours, guint8 weekday, guint16 opens, guint16 closes);
NvHoursException *nv_opening_hours_add_exception (NvOpeningHours *hours, const char *date);
void              nv_hours_exception_free (NvHoursException *exception);

gboolean nv_opening_hours_validate (const NvOpeningHours *hours, GError **error);
/* JSON: {"weekly": [{"day": 1, "opens": "09:00", "closes": "16:00"}, …],
 *        "exceptions": [{"date": "2026-12-24", "hours": [], "note": {…}}, …]} */
JsonNode       *nv_opening_hours_to_json (const NvOpeningHours *hours);
NvOpeningHours *nv_opening_hours_from_json (JsonNode *node, const char *field, GError **error);

/* "09:00" <-> 540. "24:00" is 1440 and only valid as a closing time. */
gboolean nv_parse_clock_time (const char *text, guint16 *out_minutes);
char    *nv_format_clock_time (guint16 minutes);

/* Finnish public holidays (New Year, Epiphany, Good Friday, Easter Sunday and Monday,
 * May Day, Ascension, Whitsun, Midsummer Eve and Day, All Saints', Independence Day,
 * Christmas Eve, Christmas Day, Boxing Day). Weekly hours do not apply on them: only an
 * exception for that date opens the place. */
gboolean nv_is_finnish_holiday (int year, int month, int day);

/* Whether the place is open at @when (any time zone; evaluated in Europe/Helsinki).
 * @hours may be NULL (→ UNKNOWN). When known, *@next_change (optional) gets the next
 * moment the state changes, within 14 days, or NULL when there is none in that time. */
NvOpenState
nv_opening_hours_state_at (const NvOpeningHours *hours, GDateTime *when, GDateTime **next_change);

/* The Europe/Helsinki time zone, shared. */
GTimeZone *nv_helsinki_tz (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NvOpeningHours, nv_opening_hours_free)

G_END_DECLS
