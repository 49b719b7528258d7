/* server-cli-appointments.c — slots, appointment requests and the purge, for advisors
 *
 *   neuvokas-server slot add|list|cancel
 *   neuvokas-server appointment list|show|mark
 *   neuvokas-server purge [--retention-days 90] [--picture-grace-days 7]
 *
 * Times are read and shown in Helsinki time. Each command that shows a name or phone
 * number leaves one audit_log row per request shown, by "cli:USER". NEUVOKAS_NOW (an
 * RFC 3339 time) stands in for the current time, so tests need not wait for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nv-common.h"
#include "server-cli-private.h"
#include "server-store-appointments.h"
#include "server-store-images.h"
#include "server-store-slots.h"

#define DEFAULT_RETENTION_DAYS 90
#define MAX_RETENTION_DAYS 3650
/* An uploaded picture no guide names yet is kept this long: an advisor uploads it, then
 * a draft names it. */
#define DEFAULT_PICTURE_GRACE_DAYS 7
#define MAX_PICTURE_GRACE_DAYS 365

/* Helpers */

GDateTime *
server_cli_now (void)
{
  const char *text = g_getenv ("NEUVOKAS_NOW");
  GDateTime  *now;

  if (text == NULL || text[0] == '\0')
    return g_date_time_new_now_utc ();
  if ((now = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    server_cli_say_error ("NEUVOKAS_NOW must be a time like 2026-11-20T10:00:00Z, not “%s”", text);
  return now;
}

char *
server_cli_actor (void)
{
  return g_strconcat ("cli:", g_get_user_name (), NULL);
}

static char *
format_local (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("-");
  local = g_date_time_to_timezone (time, nv_helsinki_tz ());
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* "2026-11-24 10:00", Helsinki time. A time the clocks skip in spring is refused. */
static GDateTime *
parse_local (const char *text)
{
  g_autoptr (GDateTime) time = NULL;
  g_autofree char *again = NULL;
  int              y, mo, d, h, mi;
  char             tail;

  if (text == NULL || strlen (text) != 16
      || sscanf (text, "%4d-%2d-%2d %2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5
      || !g_date_valid_dmy (d, mo, y) || h > 23 || mi > 59)
    return NULL;
  if ((time = g_date_time_new (nv_helsinki_tz (), y, mo, d, h, mi, 0)) == NULL)
    return NULL;
  again = g_date_time_format (time, "%Y-%m-%d %H:%M");
  if (!g_str_equal (again, text))
    return NULL;
  return g_steal_pointer (&time);
}

/* Takes the first @n words before any option out of argv, for the parser to see only
 * options. FALSE when there are fewer. */
static gboolean
take_words (int *argc, char **argv, guint n, char **words)
{
  for (guint i = 0; i < n; i++)
    {
      if (*argc < 2 || argv[1][0] == '-')
        return FALSE;
      words[i] = argv[1];
      for (int j = 1; j < *argc - 1; j++)
        argv[j] = argv[j + 1];
      (*argc)--;
    }
  return TRUE;
}

/* slot */

static int
slot_add (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *organisation = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *start = NULL;
  g_autofree char *id = NULL;
  g_autofree char *actor = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (NvSlot) slot = nv_slot_new ();
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  gboolean     home_visit = FALSE;
  int          duration = 30;
  int          capacity = 1;
  int          status = 0;
  GOptionEntry entries[]
      = { { "organisation", 'o', 0, G_OPTION_ARG_STRING, &organisation,
            "Where the appointment takes place: an organisation id", "ID" },
          { "home-visit", 0, 0, G_OPTION_ARG_NONE, &home_visit,
            "The advisor visits the resident at home (no organisation)", NULL },
          { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind,
            "digital-support, service-counselling or home-visit", "KIND" },
          { "start", 's', 0, G_OPTION_ARG_STRING, &start,
            "When it starts, Helsinki time: “2026-11-24 10:00”", "\"YYYY-MM-DD HH:MM\"" },
          { "duration", 0, 0, G_OPTION_ARG_INT, &duration, "Length in minutes (default 30)",
            "MIN" },
          { "capacity", 0, 0, G_OPTION_ARG_INT, &capacity, "Places in it (default 1)", "N" },
          { NULL } };

  if (!server_cli_parse_options ("slot add",
                                 "Publishes an appointment slot and prints its id. "
                                 "Kiosks offer it from their next content update.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if ((organisation != NULL) == home_visit)
    {
      server_cli_say_error ("slot add needs either --organisation ID or --home-visit");
      return EXIT_USAGE;
    }
  if (kind == NULL && home_visit)
    kind = g_strdup ("home-visit");
  if (kind == NULL || start == NULL)
    {
      server_cli_say_error ("slot add needs --kind and --start");
      return EXIT_USAGE;
    }
  if ((slot->starts_at = parse_local (start)) == NULL)
    {
      server_cli_say_error ("--start expects a Helsinki time like “2026-11-24 10:00”, "
                            "not “%s”",
                            start);
      return EXIT_USAGE;
    }
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;
  if (g_date_time_compare (slot->starts_at, now) <= 0)
    {
      server_cli_say_error ("--start %s is in the past; a slot must start later", start);
      return EXIT_USAGE;
    }
  if (duration <= 0 || capacity <= 0)
    {
      server_cli_say_error ("--duration and --capacity must be whole numbers above 0");
      return EXIT_USAGE;
    }
  slot->organisation = g_steal_pointer (&organisation);
  slot->kind = g_steal_pointer (&kind);
  slot->duration_minutes = (guint) duration;
  slot->capacity = (guint) capacity;
  slot->id = g_strdup ("new"); /* the store makes the id; this only passes validation */

  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  /* The same rules as the console's: no second slot at the place's time, none overlapping. */
  actor = server_cli_actor ();
  if ((id = server_store_publish_slot (store, slot, actor, now, &error)) == NULL)
    return server_cli_say_store_error (error);
  printf ("%s\n", id);
  return 0;
}

static int
slot_list (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GPtrArray) slots = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (!server_cli_parse_options ("slot list", "Lists the slots that have not started yet.", NULL,
                                 global, &argc, &argv, &status))
    return status;
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if ((slots = server_store_list_slots (store, now, &error)) == NULL)
    return server_cli_say_failure (error);
  printf ("%-14s %-16s %-4s %-20s %-24s %-6s %s\n", "ID", "STARTS", "MIN", "KIND", "WHERE", "TAKEN",
          "STATE");
  for (guint i = 0; i < slots->len; i++)
    {
      const NvSlot    *slot = g_ptr_array_index (slots, i);
      g_autofree char *starts = format_local (slot->starts_at);
      g_autofree char *taken = g_strdup_printf ("%u/%u", slot->taken, slot->capacity);

      printf ("%-14s %-16s %-4u %-20s %-24s %-6s %s\n", slot->id, starts, slot->duration_minutes,
              slot->kind, slot->organisation != NULL ? slot->organisation : "(home visit)", taken,
              slot->cancelled                 ? "cancelled"
              : slot->taken >= slot->capacity ? "full"
                                              : "open");
    }
  return 0;
}

static int
slot_cancel (GlobalOptions *global, int argc, char **argv)
{
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *actor = server_cli_actor ();
  char            *id = NULL;
  guint            flagged = 0;
  int              status = 0;

  take_words (&argc, argv, 1, &id);
  if (!server_cli_parse_options ("slot cancel",
                                 "Cancels a slot: kiosks stop offering it, "
                                 "and requests that held a place in it need a new time.",
                                 NULL, global, &argc, &argv, &status))
    return status;
  if (id == NULL)
    {
      server_cli_say_error ("slot cancel needs the slot's id (see “neuvokas-server slot list”)");
      return EXIT_USAGE;
    }
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if (!server_store_cancel_slot_as (store, id, actor, &flagged, &error))
    return server_cli_say_store_error (error);
  printf ("Slot %s cancelled.\n", id);
  if (flagged > 0)
    printf ("%u request(s) held a place in it and now need a new time "
            "(see “neuvokas-server appointment list”).\n",
            flagged);
  return 0;
}

/* A family of actions: "slot add", "appointment mark", … */
const ServerCliAction server_cli_slot_actions[] = {
  { "add", slot_add },
  { "list", slot_list },
  { "cancel", slot_cancel },
  { NULL },
};

/* appointment */

static void
print_appointment (const ServerAppointment *appointment)
{
  g_autofree char *received = format_local (appointment->received);
  g_autofree char *state = NULL;

  if (g_str_equal (appointment->state, "done"))
    {
      g_autofree char *done = format_local (appointment->done_at);

      state = g_strdup_printf ("done %s (%s)", done, appointment->outcome);
    }
  else if (g_str_equal (appointment->state, "contacted"))
    {
      g_autofree char *contacted = format_local (appointment->contacted_at);

      state = g_strdup_printf ("contacted %s", contacted);
    }
  else
    state = g_strdup ("open");

  printf ("%s  %s  received %s%s\n", appointment->reference, state, received,
          appointment->needs_new_time ? "  NEEDS A NEW TIME" : "");
  printf ("  Reason: %s · Contact: %s · Language: %s\n", appointment->reason,
          appointment->contact_method, appointment->language);
  if (appointment->slot != NULL)
    {
      g_autofree char *starts = format_local (appointment->slot_starts_at);

      printf ("  Slot: %s, %s\n", appointment->slot,
              appointment->slot_starts_at != NULL ? starts : "(unknown slot)");
    }
  else
    {
      g_autofree char *days = appointment->preferred_days != NULL
                                  ? g_strjoinv (", ", appointment->preferred_days)
                                  : g_strdup ("-");

      printf ("  Preferred: %s, %s\n", days,
              appointment->preferred_time != NULL ? appointment->preferred_time : "any");
    }
  if (appointment->purged_at != NULL)
    {
      g_autofree char *purged = format_local (appointment->purged_at);

      printf ("  Name and phone erased %s\n", purged);
    }
  else
    printf ("  Name: %s · Phone: %s\n", appointment->name, appointment->phone);
  if (appointment->guide != NULL)
    printf ("  From the guide %s, step %u\n", appointment->guide, appointment->guide_step);
  printf ("  Id: %s\n", appointment->id);
}

static int
appointment_list (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *actor = server_cli_actor ();
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GPtrArray) appointments = NULL;
  g_autoptr (GError) error = NULL;
  gboolean     all = FALSE;
  int          status = 0;
  GOptionEntry entries[]
      = { { "all", 'a', 0, G_OPTION_ARG_NONE, &all, "Also the requests already done", NULL },
          { NULL } };

  if (!server_cli_parse_options ("appointment list",
                                 "Lists residents' requests, open ones "
                                 "first, oldest first. Each request shown is recorded in the "
                                 "audit log.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if ((appointments = server_store_list_appointments (store, all, actor, now, &error)) == NULL)
    return server_cli_say_failure (error);
  if (appointments->len == 0)
    printf (all ? "No requests.\n" : "No requests waiting.\n");
  for (guint i = 0; i < appointments->len; i++)
    {
      if (i > 0)
        printf ("\n");
      print_appointment (g_ptr_array_index (appointments, i));
    }
  return 0;
}

static int
appointment_show (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *actor = server_cli_actor ();
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autoptr (GError) error = NULL;
  char *key = NULL;
  int   status = 0;

  take_words (&argc, argv, 1, &key);
  if (!server_cli_parse_options ("appointment show",
                                 "Shows one request. It is "
                                 "recorded in the audit log.",
                                 NULL, global, &argc, &argv, &status))
    return status;
  if (key == NULL)
    {
      server_cli_say_error ("appointment show needs a request's id or reference");
      return EXIT_USAGE;
    }
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if ((appointment = server_store_show_appointment (store, key, actor, now, &error)) == NULL)
    return server_cli_say_store_error (error);
  print_appointment (appointment);
  return 0;
}

static int
appointment_mark (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *actor = server_cli_actor ();
  g_autofree char *outcome = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (ServerAppointment) appointment = NULL;
  g_autoptr (GError) error = NULL;
  char        *words[2] = { NULL, NULL };
  int          status = 0;
  GOptionEntry entries[]
      = { { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome,
            "With done: solved, referred, home-visit-booked, no-answer or cancelled", "OUTCOME" },
          { NULL } };

  take_words (&argc, argv, 2, words);
  if (!server_cli_parse_options ("appointment mark",
                                 "Records that a request was handled. It is recorded in the "
                                 "audit log.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if (words[1] == NULL)
    {
      server_cli_say_error ("appointment mark needs a request's id or reference and "
                            "“contacted” or “done”");
      return EXIT_USAGE;
    }
  if (!g_str_equal (words[1], "contacted") && !g_str_equal (words[1], "done"))
    {
      server_cli_say_error ("a request is marked “contacted” or “done”, not “%s”", words[1]);
      return EXIT_USAGE;
    }
  if (g_str_equal (words[1], "done") && !server_appointment_outcome_is_valid (outcome))
    {
      server_cli_say_error ("appointment mark … done needs --outcome: solved, referred, "
                            "home-visit-booked, no-answer or cancelled");
      return EXIT_USAGE;
    }
  if (g_str_equal (words[1], "contacted") && outcome != NULL)
    {
      server_cli_say_error ("--outcome goes with done, not with contacted");
      return EXIT_USAGE;
    }
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  appointment = server_store_mark_appointment (store, words[0], words[1], outcome, NULL, actor, now,
                                               &error);
  if (appointment == NULL)
    return server_cli_say_store_error (error);
  printf ("Request %s marked %s%s%s.\n", appointment->reference, appointment->state,
          outcome != NULL ? ": " : "", outcome != NULL ? outcome : "");
  return 0;
}

const ServerCliAction server_cli_appointment_actions[] = {
  { "list", appointment_list },
  { "show", appointment_show },
  { "mark", appointment_mark },
  { NULL },
};

/* purge */

int
server_cli_purge (GlobalOptions *global, int argc, char **argv)
{
  g_autofree char *actor = server_cli_actor ();
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (ServerStore) store = NULL;
  g_autoptr (GError) error = NULL;
  int          retention_days = DEFAULT_RETENTION_DAYS;
  int          grace_days = DEFAULT_PICTURE_GRACE_DAYS;
  guint        purged = 0;
  guint        removed = 0;
  int          status = 0;
  GOptionEntry entries[]
      = { { "retention-days", 0, 0, G_OPTION_ARG_INT, &retention_days,
            "Keep names and phone numbers this many days after a request is done (default 90)",
            "DAYS" },
          { "picture-grace-days", 0, 0, G_OPTION_ARG_INT, &grace_days,
            "Keep an uploaded picture no guide uses this many days after its upload (default 7)",
            "DAYS" },
          { NULL } };

  if (!server_cli_parse_options ("purge",
                                 "Erases the names and phone numbers of requests "
                                 "done longer ago than the retention period; the rest stays "
                                 "for evaluation. Removes uploaded pictures that no guide, "
                                 "draft or kept version uses. Run it daily.",
                                 entries, global, &argc, &argv, &status))
    return status;
  if (retention_days < 0 || retention_days > MAX_RETENTION_DAYS)
    {
      server_cli_say_error ("--retention-days must be between 0 and %d", MAX_RETENTION_DAYS);
      return EXIT_USAGE;
    }
  if (grace_days < 0 || grace_days > MAX_PICTURE_GRACE_DAYS)
    {
      server_cli_say_error ("--picture-grace-days must be between 0 and %d",
                            MAX_PICTURE_GRACE_DAYS);
      return EXIT_USAGE;
    }
  if ((now = server_cli_now ()) == NULL)
    return EXIT_USAGE;
  if ((store = server_cli_open_store (global, &status)) == NULL)
    return status;
  if (!server_store_purge_appointments (store, (guint) retention_days, actor, now, &purged, &error))
    return server_cli_say_failure (error);
  printf ("Purged %u request(s): names and phone numbers of requests done more than %d days "
          "ago are erased.\n",
          purged, retention_days);
  if (!server_store_purge_images (store, (guint) grace_days, actor, now, &removed, &error))
    return server_cli_say_failure (error);
  printf ("Removed %u picture(s) that no guide, draft or kept version uses, uploaded more than "
          "%d days ago.\n",
          removed, grace_days);
  return 0;
}
