/* server-store-rollups.c — the reports' counts per day, kept as events arrive
 *
 * Until migration 25 a trigger on events kept them, row by row: it cost ingest 3.6×
 * (docs/performance.md). Now the writer hands each batch's new events to a
 * ServerRollupBatch, which works out their facts in C, keeps each fact, count and visit
 * once in memory however many events share it, and writes them with one statement each
 * in the events' own transaction: a crash loses both or neither. The rebuild reads every
 * stored event through the same code, so there is one definition of the measures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "server-store-private.h"
#include "server-store-rollups.h"

/* Events read per batch by the rebuild: enough to share the statements' work, little
 * enough memory. */
#define REBUILD_BATCH 65536

/* Strings of a batch are interned in its chunk: equal strings are one pointer, so the
 * tables below hash and compare pointers. */
typedef struct
{
  const char *session;
  const char *measure;
  const char *key;
  const char *day;
  const char *kiosk; /* not part of the fact's identity: the first event's */
} Fact;

typedef struct
{
  const char *measure;
  const char *day;
  const char *key;
  const char *kiosk;
  gint64      n;
} Count;

typedef struct
{
  const char *first_day;
  const char *last_day;
} Visit;

/* What a visit's events of one day say about one thing that only its last or all of its
 * events decide (server-store-rollups.h, "States"): the state is kept, and counted under
 * the key it gives, which moves when a later batch changes it. */
typedef enum
{
  STATE_LAST,    /* the value of the latest event (time, then seq) */
  STATE_GIVE_UP, /* the latest step seen, unless the guide was completed */
  STATE_OFFER,   /* value: the greatest place the questions came up; flag: answered */
  STATE_SET,     /* value: a JSON array of the guides viewed, sorted, each once */
} StateKind;

typedef struct
{
  const char *measure;
  StateKind   kind;
} StateMeasure;

static const StateMeasure state_measures[] = {
  { SERVER_ROLLUP_LAST_STEP, STATE_GIVE_UP },  { SERVER_ROLLUP_LAST_FEEDBACK, STATE_LAST },
  { SERVER_ROLLUP_SURVEY_OFFER, STATE_OFFER }, { SERVER_ROLLUP_SURVEY_FOUND, STATE_LAST },
  { SERVER_ROLLUP_SURVEY_SCORE, STATE_LAST },  { SERVER_ROLLUP_SURVEY_STATEMENT, STATE_LAST },
  { SERVER_ROLLUP_GUIDES_VIEWED, STATE_SET },
};

typedef struct
{
  /* The identity, interned */
  const char         *session;
  const StateMeasure *measure;
  const char         *group; /* what the scan partitions the visit's events by: a guide */
  const char         *day;
  const char         *kiosk; /* not part of the identity: the first event's */
  /* The latest event: its time and seq, and the value it gives (NULL for none) */
  gboolean    has_last;
  const char *time;
  gint64      seq;
  const char *value;
  gboolean    flag; /* STATE_GIVE_UP: the guide was completed */
} State;

struct _ServerRollupBatch
{
  GStringChunk *strings;
  GHashTable   *states;    /* State → itself */
  GHashTable   *facts;     /* Fact → itself */
  GHashTable   *counts;    /* Count → itself: the session lengths, then the new facts */
  GHashTable   *visits;    /* session → Visit */
  gboolean      uncounted; /* the rebuild: facts and visits only, counted in SQL after */
};

static guint
fact_hash (gconstpointer data)
{
  const Fact *fact = data;

  return g_direct_hash (fact->session) ^ (g_direct_hash (fact->key) * 31)
         ^ (g_direct_hash (fact->day) * 17) ^ g_direct_hash (fact->measure);
}

static gboolean
fact_equal (gconstpointer a, gconstpointer b)
{
  const Fact *one = a, *other = b;

  return one->session == other->session && one->measure == other->measure && one->key == other->key
         && one->day == other->day;
}

static guint
count_hash (gconstpointer data)
{
  const Count *count = data;

  return g_direct_hash (count->measure) ^ (g_direct_hash (count->key) * 31)
         ^ (g_direct_hash (count->day) * 17) ^ (g_direct_hash (count->kiosk) * 7);
}

static gboolean
count_equal (gconstpointer a, gconstpointer b)
{
  const Count *one = a, *other = b;

  return one->measure == other->measure && one->day == other->day && one->key == other->key
         && one->kiosk == other->kiosk;
}

static guint
state_hash (gconstpointer data)
{
  const State *state = data;

  return g_direct_hash (state->session) ^ (g_direct_hash (state->group) * 31)
         ^ (g_direct_hash (state->day) * 17) ^ g_direct_hash (state->measure);
}

static gboolean
state_equal (gconstpointer a, gconstpointer b)
{
  const State *one = a, *other = b;

  return one->session == other->session && one->measure == other->measure
         && one->group == other->group && one->day == other->day;
}

ServerRollupBatch *
server_rollup_batch_new (void)
{
  ServerRollupBatch *batch = g_new0 (ServerRollupBatch, 1);

  batch->strings = g_string_chunk_new (4096);
  batch->states = g_hash_table_new_full (state_hash, state_equal, g_free, NULL);
  batch->facts = g_hash_table_new_full (fact_hash, fact_equal, g_free, NULL);
  batch->counts = g_hash_table_new_full (count_hash, count_equal, g_free, NULL);
  batch->visits = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  return batch;
}

static void
clear_batch (ServerRollupBatch *batch)
{
  g_hash_table_remove_all (batch->states);
  g_hash_table_remove_all (batch->facts);
  g_hash_table_remove_all (batch->counts);
  g_hash_table_remove_all (batch->visits);
  g_string_chunk_clear (batch->strings);
}

void
server_rollup_batch_free (ServerRollupBatch *batch)
{
  if (batch == NULL)
    return;
  g_hash_table_unref (batch->states);
  g_hash_table_unref (batch->facts);
  g_hash_table_unref (batch->counts);
  g_hash_table_unref (batch->visits);
  g_string_chunk_free (batch->strings);
  g_free (batch);
}

static const char *
intern (ServerRollupBatch *batch, const char *text)
{
  return g_string_chunk_insert_const (batch->strings, text);
}

/* @measure, @day and @kiosk interned already. */
static void
add_count (ServerRollupBatch *batch,
           const char        *measure,
           const char        *day,
           const char        *key,
           const char        *kiosk,
           gint64             n)
{
  Count  probe = { measure, day, key, kiosk, 0 };
  Count *count = g_hash_table_lookup (batch->counts, &probe);

  if (count == NULL)
    {
      count = g_memdup2 (&probe, sizeof probe);
      g_hash_table_add (batch->counts, count);
    }
  count->n += n;
}

/* @session, @day and @kiosk interned already. */
static void
add_fact (ServerRollupBatch *batch,
          const char        *session,
          const char        *measure,
          const char        *key,
          const char        *day,
          const char        *kiosk)
{
  Fact probe = { session, intern (batch, measure), intern (batch, key), day, kiosk };

  if (!g_hash_table_contains (batch->facts, &probe))
    g_hash_table_add (batch->facts, g_memdup2 (&probe, sizeof probe));
}

/* As SQLite's json_array () writes a string, so that keys read by the reports' SQL (and
 * kept by the trigger before) are the same bytes. */
static void
append_json_string (GString *out, const char *text)
{
  static const char special[32]
      = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r' };

  g_string_append_c (out, '"');
  for (const guchar *c = (const guchar *) text; *c != '\0'; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (out, '\\');
      else if (*c < 0x20 && special[*c] != 0)
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, special[*c]);
          continue;
        }
      else if (*c < 0x20)
        {
          g_string_append_printf (out, "\\u00%c%c", '0' + (*c >> 4), "0123456789abcdef"[*c & 0xf]);
          continue;
        }
      g_string_append_c (out, (char) *c);
    }
  g_string_append_c (out, '"');
}

/* json_array (type, subject[, guide_version]) */
static char *
guide_key (const ServerRollupEvent *event, gboolean with_version)
{
  GString *key = g_string_new ("[");

  append_json_string (key, event->type);
  g_string_append_c (key, ',');
  append_json_string (key, event->subject);
  if (with_version && event->has_guide_version)
    g_string_append_printf (key, ",%" G_GINT64_FORMAT, event->guide_version);
  else if (with_version)
    g_string_append (key, ",null");
  g_string_append_c (key, ']');
  return g_string_free (key, FALSE);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static gint64
days_from_civil (gint64 y, int m, int d)
{
  gint64 era, yoe, doy;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static void
civil_from_days (gint64 z, gint64 *y, int *m, int *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2);
}

/* 0 Sunday … 6 Saturday */
static int
weekday_of_days (gint64 days)
{
  return (int) (((days % 7) + 7 + 4) % 7);
}

/* The last Sunday of @month (31 days long), in days since 1970. */
static gint64
last_sunday (gint64 year, int month)
{
  gint64 last = days_from_civil (year, month, 31);

  return last - weekday_of_days (last);
}

static gboolean
read_digits (const char *text, int n, int *out)
{
  *out = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      *out = *out * 10 + (text[i] - '0');
    }
  return TRUE;
}

gboolean
server_rollup_local_day (const char *time, char day[11], int *weekday, int *hour)
{
  int    year, month, mday, h, min, sec = 0;
  gint64 days, utc, shift, local, local_days, local_year;
  int    local_month, local_mday;

  /* YYYY-MM-DDTHH:MM[:SS[.fff]][Z], as SQLite reads it. */
  if (time == NULL || strlen (time) < 16 || !read_digits (time, 4, &year) || time[4] != '-'
      || !read_digits (time + 5, 2, &month) || time[7] != '-' || !read_digits (time + 8, 2, &mday)
      || (time[10] != 'T' && time[10] != ' ') || !read_digits (time + 11, 2, &h) || time[13] != ':'
      || !read_digits (time + 14, 2, &min))
    return FALSE;
  if (time[16] == ':' && !read_digits (time + 17, 2, &sec))
    return FALSE;
  if (month < 1 || month > 12 || mday < 1 || mday > 31 || h > 24 || min > 59 || sec > 59)
    return FALSE;

  days = days_from_civil (year, month, mday);
  utc = days * 86400 + h * 3600 + min * 60 + sec;
  shift = utc >= last_sunday (year, 3) * 86400 + 3600 && utc < last_sunday (year, 10) * 86400 + 3600
              ? 3
              : 2;
  local = utc + shift * 3600;
  local_days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  civil_from_days (local_days, &local_year, &local_month, &local_mday);
  if (local_year < 0 || local_year > 9999)
    return FALSE;
  g_snprintf (day, 11, "%04d-%02d-%02d", (int) local_year, local_month, local_mday);
  *weekday = (weekday_of_days (local_days) + 6) % 7 + 1;
  *hour = (int) ((local - local_days * 86400) / 3600);
  return TRUE;
}

static gboolean
is (const char *type, const char *name)
{
  return type != NULL && strcmp (type, name) == 0;
}

/* States */

static const StateMeasure *
find_state_measure (const char *measure)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_measures); i++)
    if (strcmp (state_measures[i].measure, measure) == 0)
      return &state_measures[i];
  return NULL;
}

/* Whether @one's latest event came after @other's: by time, then by the order stored, as
 * the scan's ORDER BY e.time DESC, e.seq DESC. */
static gboolean
is_later (const State *one, const State *other)
{
  int order;

  if (!other->has_last)
    return one->has_last;
  if (!one->has_last)
    return FALSE;
  order = strcmp (one->time, other->time);
  return order > 0 || (order == 0 && one->seq > other->seq);
}

static void
append_set_items (GPtrArray *items, const char *set)
{
  g_autoptr (JsonNode) node = NULL;
  JsonArray *array;

  if (set == NULL || (node = json_from_string (set, NULL)) == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (items, g_strdup (json_array_get_string_element (array, i)));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The union of two sets (JSON arrays of strings, sorted, each once), interned. */
static const char *
merge_sets (ServerRollupBatch *batch, const char *one, const char *other)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) set = g_string_new ("[");

  if (one == NULL || other == NULL || one == other)
    return one != NULL ? one : other;
  append_set_items (items, one);
  append_set_items (items, other);
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    if (i == 0 || strcmp (items->pdata[i], items->pdata[i - 1]) != 0)
      {
        if (set->len > 1)
          g_string_append_c (set, ',');
        append_json_string (set, items->pdata[i]);
      }
  g_string_append_c (set, ']');
  return intern (batch, set->str);
}

/* Folds @from into @into: the same for two events, two batches or two days of a visit, in
 * any order, so that a visit counts the same however its events arrive. */
static void
merge_state (ServerRollupBatch *batch, State *into, const State *from)
{
  if (into->measure->kind == STATE_SET)
    {
      into->value = merge_sets (batch, into->value, from->value);
      return;
    }
  /* As the scan's max (e.detail) */
  if (into->measure->kind == STATE_OFFER && from->value != NULL
      && (into->value == NULL || strcmp (from->value, into->value) > 0))
    into->value = from->value;
  else if (into->measure->kind != STATE_OFFER && is_later (from, into))
    {
      into->has_last = TRUE;
      into->time = from->time;
      into->seq = from->seq;
      into->value = from->value;
    }
  into->flag |= from->flag;
}

/* The key a state is counted under, or NULL when it counts nowhere. */
static char *
state_key (const State *state)
{
  switch (state->measure->kind)
    {
    case STATE_LAST:
      return state->has_last ? g_strdup (state->value) : NULL;
    case STATE_SET:
      return g_strdup (state->value);
    case STATE_GIVE_UP:
      return state->has_last && !state->flag ? g_strdup (state->value) : NULL;
    case STATE_OFFER:
      {
        GString *key;

        if (state->value == NULL)
          return NULL;
        key = g_string_new ("[");
        append_json_string (key, state->value);
        g_string_append (key, state->flag ? ",1]" : ",0]");
        return g_string_free (key, FALSE);
      }
    default:
      g_assert_not_reached ();
    }
}

/* @session, @day and @kiosk interned already; @group and @value interned here. */
static State *
add_state (ServerRollupBatch *batch,
           const char        *session,
           const char        *measure,
           const char        *group,
           const char        *day,
           const char        *kiosk)
{
  State  probe = { session, find_state_measure (measure), intern (batch, group), day, kiosk };
  State *state = g_hash_table_lookup (batch->states, &probe);

  if (state == NULL)
    {
      state = g_memdup2 (&probe, sizeof probe);
      g_hash_table_add (batch->states, state);
    }
  return state;
}

/* An event that gives @state @value (interned here; NULL for none) if it is the latest. */
static void
add_state_event (ServerRollupBatch       *batch,
                 State                   *state,
                 const ServerRollupEvent *event,
                 const char              *value)
{
  State latest = { .has_last = TRUE,
                   .time = intern (batch, event->time),
                   .seq = event->seq,
                   .value = value != NULL ? intern (batch, value) : NULL };

  merge_state (batch, state, &latest);
}

/* json_array (subject, guide_version, value): a step of a version of a guide. */
static char *
step_key (const ServerRollupEvent *event)
{
  GString *key = g_string_new ("[");

  append_json_string (key, event->subject);
  if (event->has_guide_version)
    g_string_append_printf (key, ",%" G_GINT64_FORMAT, event->guide_version);
  else
    g_string_append (key, ",null");
  g_string_append_printf (key, ",%" G_GINT64_FORMAT "]", event->value);
  return g_string_free (key, FALSE);
}

/* json_array (@one, @other), either NULL for null. */
static char *
pair_key (const char *one, const char *other)
{
  GString *key = g_string_new ("[");

  if (one != NULL)
    append_json_string (key, one);
  else
    g_string_append (key, "null");
  g_string_append_c (key, ',');
  if (other != NULL)
    append_json_string (key, other);
  else
    g_string_append (key, "null");
  g_string_append_c (key, ']');
  return g_string_free (key, FALSE);
}

/* The feedback questions: the scan reads each visit's last answer per question (its
 * events partitioned by subject, which may be null) and whether it was asked, where, and
 * answered anything. */
static void
add_survey_states (ServerRollupBatch       *batch,
                   const ServerRollupEvent *event,
                   const char              *session,
                   const char              *day,
                   const char              *kiosk)
{
  const char      *type = event->type;
  g_autofree char *group = NULL;
  State           *offer;

  if (!is (type, "survey_offered") && !is (type, "survey_found") && !is (type, "survey_score")
      && !is (type, "survey_statement"))
    return;
  offer = add_state (batch, session, SERVER_ROLLUP_SURVEY_OFFER, "", day, kiosk);
  if (is (type, "survey_offered"))
    {
      if (event->detail != NULL)
        {
          State offered = { .measure = offer->measure, .value = intern (batch, event->detail) };

          merge_state (batch, offer, &offered);
        }
      return;
    }
  offer->flag = TRUE;
  /* A null subject and an empty one are two partitions of the scan. */
  group = event->subject != NULL ? g_strconcat ("=", event->subject, NULL) : g_strdup ("");
  if (is (type, "survey_found"))
    add_state_event (batch,
                     add_state (batch, session, SERVER_ROLLUP_SURVEY_FOUND, group, day, kiosk),
                     event, event->detail);
  else if (is (type, "survey_score"))
    {
      g_autofree char *score = g_strdup_printf ("%" G_GINT64_FORMAT, event->value);

      add_state_event (batch,
                       add_state (batch, session, SERVER_ROLLUP_SURVEY_SCORE, group, day, kiosk),
                       event, score);
    }
  else
    {
      g_autofree char *key = pair_key (event->subject, event->detail);

      add_state_event (
          batch, add_state (batch, session, SERVER_ROLLUP_SURVEY_STATEMENT, group, day, kiosk),
          event, key);
    }
}

/* The states an event touches. */
static void
add_states (ServerRollupBatch       *batch,
            const ServerRollupEvent *event,
            const char              *session,
            const char              *day,
            const char              *kiosk)
{
  const char *type = event->type;

  if (is (type, "step_view") && event->subject != NULL)
    {
      g_autofree char *key = step_key (event);

      add_state_event (
          batch, add_state (batch, session, SERVER_ROLLUP_LAST_STEP, event->subject, day, kiosk),
          event, key);
    }
  if (is (type, "guide_complete") && event->subject != NULL)
    add_state (batch, session, SERVER_ROLLUP_LAST_STEP, event->subject, day, kiosk)->flag = TRUE;
  if (is (type, "feedback") && event->subject != NULL)
    {
      g_autofree char *key = pair_key (event->subject, event->detail);

      add_state_event (
          batch,
          add_state (batch, session, SERVER_ROLLUP_LAST_FEEDBACK, event->subject, day, kiosk),
          event, key);
    }
  add_survey_states (batch, event, session, day, kiosk);
  if (is (type, "guide_view") && event->subject != NULL)
    {
      GString *set = g_string_new ("[");
      State    viewed = { .measure = find_state_measure (SERVER_ROLLUP_GUIDES_VIEWED) };

      append_json_string (set, event->subject);
      g_string_append_c (set, ']');
      viewed.value = intern (batch, set->str);
      g_string_free (set, TRUE);
      merge_state (batch, add_state (batch, session, SERVER_ROLLUP_GUIDES_VIEWED, "", day, kiosk),
                   &viewed);
    }
}

void
server_rollup_batch_add (ServerRollupBatch *batch, const ServerRollupEvent *event)
{
  const char *type = event->type;
  const char *session, *day, *kiosk;
  char        day_text[11];
  int         weekday, hour;
  Visit      *visit;

  g_return_if_fail (batch != NULL);

  if (event->session == NULL || event->kiosk == NULL
      || !server_rollup_local_day (event->time, day_text, &weekday, &hour))
    return;
  session = intern (batch, event->session);
  day = intern (batch, day_text);
  kiosk = intern (batch, event->kiosk);

  if ((visit = g_hash_table_lookup (batch->visits, session)) == NULL)
    {
      visit = g_new (Visit, 1);
      visit->first_day = visit->last_day = day;
      g_hash_table_insert (batch->visits, (gpointer) session, visit);
    }
  else if (strcmp (day, visit->first_day) < 0)
    visit->first_day = day;
  else if (strcmp (day, visit->last_day) > 0)
    visit->last_day = day;

  if (is (type, "session_start"))
    {
      g_autofree char *key = g_strdup_printf ("%d %d", weekday, hour);

      add_fact (batch, session, "visit", "", day, kiosk);
      add_fact (batch, session, "visit_hour", key, day, kiosk);
    }
  if (event->language != NULL)
    add_fact (batch, session, "language", event->language, day, kiosk);
  if (event->text_size > 0)
    add_fact (batch, session, "setting", "larger-text", day, kiosk);
  if (event->high_contrast)
    add_fact (batch, session, "setting", "high-contrast", day, kiosk);
  if (is (type, "setting_changed") && is (event->subject, "language"))
    add_fact (batch, session, "setting", "language-changed", day, kiosk);
  if (is (type, "read_aloud"))
    add_fact (batch, session, "setting", "read-aloud", day, kiosk);
  if (is (type, "qr_shown"))
    add_fact (batch, session, "setting", "qr-code", day, kiosk);
  if (is (type, "guide_view"))
    add_fact (batch, session, "guide_viewed", "", day, kiosk);
  if (is (type, "guide_complete"))
    add_fact (batch, session, "guide_completed", "", day, kiosk);
  if ((is (type, "guide_view") || is (type, "guide_complete")) && event->subject != NULL)
    {
      g_autofree char *key = guide_key (event, FALSE);
      g_autofree char *versioned = guide_key (event, TRUE);

      add_fact (batch, session, "guide", key, day, kiosk);
      add_fact (batch, session, "guide_version", versioned, day, kiosk);
    }
  if (is (type, "organisation_view") && event->subject != NULL)
    add_fact (batch, session, "organisation", event->subject, day, kiosk);
  if (is (type, "search"))
    {
      add_fact (batch, session, "searched", "", day, kiosk);
      if (event->value == 0 && event->detail != NULL && event->detail[0] != '\0')
        add_fact (batch, session, "empty_search", event->detail, day, kiosk);
    }
  if (is (type, "appointment_started"))
    add_fact (batch, session, "appointment", "started", day, kiosk);
  else if (is (type, "appointment_submitted"))
    add_fact (batch, session, "appointment", "submitted", day, kiosk);
  else if (is (type, "appointment_step"))
    add_fact (batch, session, "appointment", event->detail != NULL ? event->detail : "", day,
              kiosk);
  if (is (type, "session_end"))
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, event->value);

      add_fact (batch, session, "session_end", event->detail != NULL ? event->detail : "", day,
                kiosk);
      if (!batch->uncounted)
        add_count (batch, intern (batch, SERVER_ROLLUP_SECONDS), day, intern (batch, seconds),
                   kiosk, 1);
    }
  if (is (type, "feedback"))
    add_fact (batch, session, "feedback", "", day, kiosk);
  add_states (batch, event, session, day, kiosk);
}

static const char *
column_text (sqlite3_stmt *stmt, int column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* Adds @count to its month's row too (deleted when it comes to 0, as a rebuild would never
 * write it). */
static gboolean
write_month (ServerStore *store, const Count *count, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  sqlite3 *db = server_store_get_db (store);
  char     month[8];

  g_strlcpy (month, count->day, sizeof month);
  for (int pass = 0; pass < (count->n < 0 ? 2 : 1); pass++)
    {
      g_clear_pointer (&stmt, nv_sqlite_cache_release);
      if ((stmt = server_store_cached (
               store,
               pass == 0
                   ? "INSERT INTO rollup_months (measure, month, key, kiosk, n) "
                     "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET n = n + excluded.n"
                   : "DELETE FROM rollup_months WHERE measure = ?1 AND month = ?2 "
                     "AND key = ?3 AND kiosk = ?4 AND n = 0 AND ?5 IS NOT NULL",
               error))
          == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, count->measure, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, month, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, count->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, count->kiosk, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, count->n);
      if (!nv_sqlite_step_done (db, stmt, "Cannot store the reports' counts", error))
        return FALSE;
    }
  return TRUE;
}

/* Folds each state of the batch into the one stored, and moves the visit's count from the
 * key the stored state gave to the key it gives now. */
static gboolean
write_states (ServerRollupBatch *batch, ServerStore *store, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) read_stmt = NULL;
  g_autoptr (NvSqliteCachedStmt) write_stmt = NULL;
  sqlite3       *db = server_store_get_db (store);
  GHashTableIter iter;
  gpointer       item;

  if (g_hash_table_size (batch->states) == 0)
    return TRUE;
  if ((read_stmt = server_store_cached (store,
                                        "SELECT kiosk, time, seq, value, flag, key "
                                        "FROM rollup_states WHERE session = ?1 AND measure = ?2 "
                                        "AND grp = ?3 AND day = ?4",
                                        error))
          == NULL
      || (write_stmt
          = server_store_cached (store,
                                 "INSERT OR REPLACE INTO rollup_states (session, measure, grp, "
                                 "day, kiosk, time, seq, value, flag, key) VALUES (?1, ?2, ?3, "
                                 "?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                 error))
             == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, batch->states);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      State           *state = item;
      g_autofree char *old_key = NULL;
      g_autofree char *new_key = NULL;
      int              rc;

      sqlite3_reset (read_stmt);
      sqlite3_bind_text (read_stmt, 1, state->session, -1, SQLITE_STATIC);
      sqlite3_bind_text (read_stmt, 2, state->measure->measure, -1, SQLITE_STATIC);
      sqlite3_bind_text (read_stmt, 3, state->group, -1, SQLITE_STATIC);
      sqlite3_bind_text (read_stmt, 4, state->day, -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (read_stmt)) == SQLITE_ROW)
        {
          State stored = *state;

          stored.kiosk = intern (batch, column_text (read_stmt, 0));
          stored.has_last = sqlite3_column_type (read_stmt, 1) != SQLITE_NULL;
          stored.time = stored.has_last ? intern (batch, column_text (read_stmt, 1)) : NULL;
          stored.seq = sqlite3_column_int64 (read_stmt, 2);
          stored.value = sqlite3_column_type (read_stmt, 3) != SQLITE_NULL
                             ? intern (batch, column_text (read_stmt, 3))
                             : NULL;
          stored.flag = sqlite3_column_int (read_stmt, 4) != 0;
          old_key = g_strdup (column_text (read_stmt, 5));
          merge_state (batch, &stored, state);
          *state = stored;
        }
      else if (rc != SQLITE_DONE)
        return nv_sqlite_error (error, db, "Cannot read the reports' counts");
      sqlite3_reset (read_stmt);
      new_key = state_key (state);
      if (!batch->uncounted && g_strcmp0 (old_key, new_key) != 0)
        {
          const char *measure = intern (batch, state->measure->measure);

          if (old_key != NULL)
            add_count (batch, measure, state->day, intern (batch, old_key), state->kiosk, -1);
          if (new_key != NULL)
            add_count (batch, measure, state->day, intern (batch, new_key), state->kiosk, 1);
        }
      sqlite3_reset (write_stmt);
      sqlite3_bind_text (write_stmt, 1, state->session, -1, SQLITE_STATIC);
      sqlite3_bind_text (write_stmt, 2, state->measure->measure, -1, SQLITE_STATIC);
      sqlite3_bind_text (write_stmt, 3, state->group, -1, SQLITE_STATIC);
      sqlite3_bind_text (write_stmt, 4, state->day, -1, SQLITE_STATIC);
      sqlite3_bind_text (write_stmt, 5, state->kiosk, -1, SQLITE_STATIC);
      sqlite3_bind_text (write_stmt, 6, state->time, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (write_stmt, 7, state->seq);
      sqlite3_bind_text (write_stmt, 8, state->value, -1, SQLITE_STATIC);
      sqlite3_bind_int (write_stmt, 9, state->flag ? 1 : 0);
      sqlite3_bind_text (write_stmt, 10, new_key, -1, SQLITE_TRANSIENT);
      if (!nv_sqlite_step_done (db, write_stmt, "Cannot store the reports' counts", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
server_rollup_batch_write (ServerRollupBatch *batch, ServerStore *store, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) fact_stmt = NULL;
  g_autoptr (NvSqliteCachedStmt) count_stmt = NULL;
  g_autoptr (NvSqliteCachedStmt) visit_stmt = NULL;
  sqlite3       *db = server_store_get_db (store);
  GHashTableIter iter;
  gpointer       item, value;

  g_return_val_if_fail (batch != NULL, FALSE);

  if ((fact_stmt = server_store_cached (store,
                                        "INSERT OR IGNORE INTO rollup_facts (session, measure, "
                                        "key, day, kiosk) VALUES (?1, ?2, ?3, ?4, ?5)",
                                        error))
      == NULL)
    return FALSE;
  /* A fact the store knew already (the visit seen in an earlier batch) counts nothing. */
  g_hash_table_iter_init (&iter, batch->facts);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const Fact *fact = item;

      sqlite3_reset (fact_stmt);
      sqlite3_bind_text (fact_stmt, 1, fact->session, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 2, fact->measure, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 3, fact->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 4, fact->day, -1, SQLITE_STATIC);
      sqlite3_bind_text (fact_stmt, 5, fact->kiosk, -1, SQLITE_STATIC);
      if (!nv_sqlite_step_done (db, fact_stmt, "Cannot store the reports' counts", error))
        return FALSE;
      if (sqlite3_changes (db) > 0 && !batch->uncounted)
        add_count (batch, fact->measure, fact->day, fact->key, fact->kiosk, 1);
    }

  if (!write_states (batch, store, error))
    return FALSE;
  if ((count_stmt = server_store_cached (store,
                                         "INSERT INTO rollups (measure, day, key, kiosk, n) "
                                         "VALUES (?1, ?2, ?3, ?4, ?5) "
                                         "ON CONFLICT DO UPDATE SET n = n + excluded.n",
                                         error))
      == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, batch->counts);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const Count *count = item;

      /* A state's count moved off this key and back on. */
      if (count->n == 0)
        continue;
      sqlite3_reset (count_stmt);
      sqlite3_bind_text (count_stmt, 1, count->measure, -1, SQLITE_STATIC);
      sqlite3_bind_text (count_stmt, 2, count->day, -1, SQLITE_STATIC);
      sqlite3_bind_text (count_stmt, 3, count->key, -1, SQLITE_STATIC);
      sqlite3_bind_text (count_stmt, 4, count->kiosk, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (count_stmt, 5, count->n);
      if (!nv_sqlite_step_done (db, count_stmt, "Cannot store the reports' counts", error))
        return FALSE;
      if (!write_month (store, count, error))
        return FALSE;
      /* A key no visit's state gives any more has no row, as after a rebuild. */
      if (count->n < 0)
        {
          g_autoptr (NvSqliteCachedStmt) empty_stmt = server_store_cached (
              store,
              "DELETE FROM rollups WHERE measure = ?1 AND day = ?2 AND key = ?3 AND kiosk = ?4 "
              "AND n = 0",
              error);

          if (empty_stmt == NULL)
            return FALSE;
          for (int i = 0; i < 4; i++)
            sqlite3_bind_text (empty_stmt, i + 1,
                               i == 0   ? count->measure
                               : i == 1 ? count->day
                               : i == 2 ? count->key
                                        : count->kiosk,
                               -1, SQLITE_STATIC);
          if (!nv_sqlite_step_done (db, empty_stmt, "Cannot store the reports' counts", error))
            return FALSE;
        }
    }

  if ((visit_stmt = server_store_cached (
           store,
           "INSERT INTO rollup_visits (session, first_day, last_day) VALUES (?1, ?2, ?3) "
           "ON CONFLICT DO UPDATE SET first_day = min (first_day, excluded.first_day), "
           "last_day = max (last_day, excluded.last_day)",
           error))
      == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, batch->visits);
  while (g_hash_table_iter_next (&iter, &item, &value))
    {
      const Visit *visit = value;

      sqlite3_reset (visit_stmt);
      sqlite3_bind_text (visit_stmt, 1, item, -1, SQLITE_STATIC);
      sqlite3_bind_text (visit_stmt, 2, visit->first_day, -1, SQLITE_STATIC);
      sqlite3_bind_text (visit_stmt, 3, visit->last_day, -1, SQLITE_STATIC);
      if (!nv_sqlite_step_done (db, visit_stmt, "Cannot store the reports' counts", error))
        return FALSE;
    }
  clear_batch (batch);
  return TRUE;
}

static void
add_delta (GHashTable *deltas, char *key, gint64 n)
{
  gint64 *delta;

  if (key == NULL)
    return;
  if ((delta = g_hash_table_lookup (deltas, key)) == NULL)
    g_hash_table_insert (deltas, g_strdup (key), (delta = g_new0 (gint64, 1)));
  *delta += n;
  g_free (key);
}

/* The per-day keys of one visit's states of a group out, the key of them folded in. */
static void
correct_split_group (ServerRollupBatch *strings, GHashTable *deltas, GArray *days)
{
  State folded;

  if (days->len < 2)
    return;
  folded = g_array_index (days, State, 0);
  add_delta (deltas, state_key (&folded), -1);
  for (guint i = 1; i < days->len; i++)
    {
      add_delta (deltas, state_key (&g_array_index (days, State, i)), -1);
      merge_state (strings, &folded, &g_array_index (days, State, i));
    }
  add_delta (deltas, state_key (&folded), 1);
}

char *
server_rollup_split_states (ServerStore *store,
                            const char  *measure,
                            const char  *day_from,
                            const char  *day_to,
                            const char  *kiosks,
                            GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GHashTable) deltas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GArray) days = g_array_new (FALSE, FALSE, sizeof (State));
  g_autoptr (GString) json = g_string_new ("[");
  ServerRollupBatch  *strings = server_rollup_batch_new ();
  const StateMeasure *kind = find_state_measure (measure);
  const char         *session = NULL, *group = NULL;
  GHashTableIter      iter;
  gpointer            key, value;
  int                 rc;

  g_return_val_if_fail (kind != NULL, NULL);

  /* From the few visits that span midnight, by the partial index, to their states. */
  stmt = server_store_cached (
      store,
      "SELECT s.session, s.grp, s.kiosk, s.time, s.seq, s.value, s.flag FROM rollup_visits v "
      "CROSS JOIN rollup_states s ON s.session = v.session WHERE v.first_day != v.last_day "
      "AND v.first_day < ?3 AND v.last_day >= ?2 AND s.measure = ?1 AND s.day >= ?2 "
      "AND s.day < ?3 AND (?4 IS NULL OR s.kiosk IN (SELECT value FROM json_each (?4))) "
      "ORDER BY s.session, s.grp, s.day",
      error);
  if (stmt == NULL)
    {
      server_rollup_batch_free (strings);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, measure, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day_from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, day_to, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kiosks, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      State day = {
        .session = intern (strings, column_text (stmt, 0)),
        .measure = kind,
        .group = intern (strings, column_text (stmt, 1)),
        .kiosk = intern (strings, column_text (stmt, 2)),
        .has_last = sqlite3_column_type (stmt, 3) != SQLITE_NULL,
        .seq = sqlite3_column_int64 (stmt, 4),
        .flag = sqlite3_column_int (stmt, 6) != 0,
      };

      if (day.has_last)
        day.time = intern (strings, column_text (stmt, 3));
      if (sqlite3_column_type (stmt, 5) != SQLITE_NULL)
        day.value = intern (strings, column_text (stmt, 5));
      if (day.session != session || day.group != group)
        {
          correct_split_group (strings, deltas, days);
          g_array_set_size (days, 0);
          session = day.session;
          group = day.group;
        }
      g_array_append_val (days, day);
    }
  correct_split_group (strings, deltas, days);
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  server_rollup_batch_free (strings);
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (store), "Cannot read the reports' counts");
      return NULL;
    }
  g_hash_table_iter_init (&iter, deltas);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(gint64 *) value != 0)
      {
        if (json->len > 1)
          g_string_append_c (json, ',');
        g_string_append_c (json, '[');
        append_json_string (json, key);
        g_string_append_printf (json, ",%" G_GINT64_FORMAT "]", *(gint64 *) value);
      }
  g_string_append_c (json, ']');
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* neuvokas_rollup_day (time): server_rollup_local_day () for the rebuild's SQL. */
static void
rollup_day_cb (sqlite3_context *context, int argc, sqlite3_value **argv)
{
  char day[11];
  int  weekday, hour;

  if (server_rollup_local_day ((const char *) sqlite3_value_text (argv[0]), day, &weekday, &hour))
    sqlite3_result_text (context, day, 10, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (context);
}

/* The caller holds a write transaction. Two passes, so that every table is written in the
 * order of its key, a page at a time: writing the counts batch by batch, as the writer
 * does, touched every page of a table larger than SQLite's cache again for each batch
 * (18 GB written for 10,000,000 events before it was stopped).
 *
 * First the facts and visits, from the events read visit by visit (by session, then as
 * stored, so a fact's kiosk is its first event's, as at ingest); then the counts: a
 * fact's count is how many facts share its measure, day, key and kiosk, and the session
 * lengths are counted from the events, each on its Helsinki day as the writer finds it. */
static gboolean
fill_rollups (ServerStore *self, GError **error)
{
  sqlite3 *db = server_store_get_db (self);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  ServerRollupBatch *batch;
  gint64             n = 0;
  gboolean           ok = TRUE;
  int                rc;

  if (!nv_sqlite_exec (db,
                       "DELETE FROM rollup_facts; DELETE FROM rollups; DELETE FROM rollup_visits;"
                       "DELETE FROM rollup_states; DELETE FROM rollup_months;"
                       "DELETE FROM meta WHERE key = 'rollups_rebuild';",
                       error))
    return FALSE;
  if ((stmt = server_store_prepare (self,
                                    "SELECT kiosk, session, time, type, subject, language, "
                                    "detail, text_size, high_contrast, value, guide_version, seq "
                                    "FROM events ORDER BY session, seq",
                                    error))
      == NULL)
    return FALSE;
  batch = server_rollup_batch_new ();
  batch->uncounted = TRUE;
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ServerRollupEvent event = {
        .kiosk = column_text (stmt, 0),
        .session = column_text (stmt, 1),
        .time = column_text (stmt, 2),
        .type = column_text (stmt, 3),
        .subject = column_text (stmt, 4),
        .language = column_text (stmt, 5),
        .detail = column_text (stmt, 6),
        .text_size = sqlite3_column_int64 (stmt, 7),
        .high_contrast = sqlite3_column_int64 (stmt, 8) != 0,
        .value = sqlite3_column_int64 (stmt, 9),
        .has_guide_version = sqlite3_column_type (stmt, 10) != SQLITE_NULL,
        .guide_version = sqlite3_column_int64 (stmt, 10),
        .seq = sqlite3_column_int64 (stmt, 11),
      };

      server_rollup_batch_add (batch, &event);
      if (++n % REBUILD_BATCH == 0)
        ok = server_rollup_batch_write (batch, self, error);
    }
  if (ok && rc != SQLITE_DONE)
    ok = nv_sqlite_error (error, db, "Cannot read the events");
  ok = ok && server_rollup_batch_write (batch, self, error);
  server_rollup_batch_free (batch);
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!ok)
    return FALSE;

  if (sqlite3_create_function_v2 (db, "neuvokas_rollup_day", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
                                  rollup_day_cb, NULL, NULL, NULL)
      != SQLITE_OK)
    return nv_sqlite_error (error, db, "Cannot count the rollups");
  return nv_sqlite_exec (
      db,
      "INSERT INTO rollups (measure, day, key, kiosk, n) SELECT measure, day, key, kiosk, "
      "count (*) FROM rollup_facts GROUP BY measure, day, key, kiosk ORDER BY 1, 2, 3, 4;"
      "INSERT INTO rollups (measure, day, key, kiosk, n) SELECT '" SERVER_ROLLUP_SECONDS "', "
      "day, value, kiosk, count (*) FROM (SELECT neuvokas_rollup_day (time) AS day, value, "
      "kiosk FROM events WHERE type = 'session_end') WHERE day IS NOT NULL "
      "GROUP BY day, value, kiosk;"
      "INSERT INTO rollups (measure, day, key, kiosk, n) SELECT measure, day, key, kiosk, "
      "count (*) FROM rollup_states WHERE key IS NOT NULL GROUP BY measure, day, key, kiosk "
      "ORDER BY 1, 2, 3, 4;" SERVER_ROLLUP_MONTH_FILL,
      error);
}

gboolean
server_store_rebuild_rollups (ServerStore *self, GError **error)
{
  sqlite3 *db;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  db = server_store_get_db (self);
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  if (!fill_rollups (self, error))
    return nv_sqlite_end (db, FALSE, NULL);
  return nv_sqlite_end (db, TRUE, error);
}

gboolean
server_store_rebuild_rollups_if_due (ServerStore *self, GError **error)
{
  const char *due_sql = "SELECT 1 FROM meta WHERE key = 'rollups_rebuild'";
  sqlite3    *db = server_store_get_db (self);
  gboolean    due, ok = TRUE;

  {
    g_autoptr (NvSqliteCachedStmt) stmt = server_store_cached (self, due_sql, error);

    if (stmt == NULL)
      return FALSE;
    if (sqlite3_step (stmt) != SQLITE_ROW)
      return TRUE;
  }
  /* Asked again under the write lock: another connection may have rebuilt meanwhile. */
  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  {
    g_autoptr (NvSqliteCachedStmt) stmt = server_store_cached (self, due_sql, error);

    ok = stmt != NULL;
    due = ok && sqlite3_step (stmt) == SQLITE_ROW;
  }
  if (ok && due)
    ok = fill_rollups (self, error);
  if (!ok)
    return nv_sqlite_end (db, FALSE, NULL);
  return nv_sqlite_end (db, TRUE, error);
}
