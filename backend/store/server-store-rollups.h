/* server-store-rollups.h — the reports' counts kept per day as events arrive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Rollups (docs/performance.md, "Reports at the scale of years")
 *
 * A report counts visits (distinct sessions), which do not add up across days: a visit
 * that opens a guide on two days is one visit. So the store keeps, for each event that
 * arrives, its facts: (session, measure, key, Helsinki day, kiosk), each once
 * (rollup_facts), and counts them per measure, day, key and kiosk (rollups). A report for
 * whole Helsinki days sums the counts of its days; a visit seen on more than one of them
 * (rollup_visits knows the few whose first and last day differ) is then counted once per
 * day, and the sum is corrected by its extra days, read from its facts. The counts are
 * those of the full scan, exactly (/server-rollups/match-scan).
 *
 * The facts are worked out in C (server-store-rollups.c), one definition for the ingest
 * writer, which adds a batch's counts in the same transaction as its events, and for
 * `neuvokas-server rollups rebuild`, which fills them from every stored event. */

/* The tables. A store that had events before them is filled by the rebuild on its next
 * open (meta.rollups_rebuild), as the definition lives in C. */
#define SERVER_ROLLUP_SCHEMA                                                                       \
  "CREATE TABLE IF NOT EXISTS rollup_facts (session TEXT NOT NULL, measure TEXT NOT NULL,"         \
  " key TEXT NOT NULL, day TEXT NOT NULL, kiosk TEXT NOT NULL,"                                    \
  " PRIMARY KEY (session, measure, key, day)) WITHOUT ROWID;"                                      \
  "CREATE TABLE IF NOT EXISTS rollups (measure TEXT NOT NULL, day TEXT NOT NULL,"                  \
  " key TEXT NOT NULL, kiosk TEXT NOT NULL, n INTEGER NOT NULL,"                                   \
  " PRIMARY KEY (measure, day, key, kiosk)) WITHOUT ROWID;"                                        \
  "CREATE TABLE IF NOT EXISTS rollup_visits (session TEXT PRIMARY KEY, first_day TEXT NOT NULL,"   \
  " last_day TEXT NOT NULL) WITHOUT ROWID;"                                                        \
  "CREATE INDEX IF NOT EXISTS rollup_visits_split ON rollup_visits (first_day)"                    \
  " WHERE first_day != last_day;"

/* States (rollup_states): what a visit's events of one Helsinki day say about one thing
 * that only the last of them, or all of them together, decide: the step where a guide was
 * left (the last step seen, unless the guide was completed), the last word of feedback,
 * the feedback questions' answers, the set of guides viewed. Kept per (session, measure,
 * group, day), with the latest event's time and seq, and counted in rollups under the key
 * the state gives (key; NULL: nowhere). A batch that changes a state (a later step, a
 * completion, events of the visit that arrive late or again) moves the visit's count
 * from the old key to the new one. A visit seen on more than one day of a range is
 * corrected at report time: its days' keys out, the key of its days' states folded
 * together in (server_rollup_split_states ()). */
#define SERVER_ROLLUP_STATE_SCHEMA                                                                 \
  "CREATE TABLE IF NOT EXISTS rollup_states (session TEXT NOT NULL, measure TEXT NOT NULL,"        \
  " grp TEXT NOT NULL, day TEXT NOT NULL, kiosk TEXT NOT NULL, time TEXT, seq INTEGER,"            \
  " value TEXT, flag INTEGER NOT NULL, key TEXT,"                                                  \
  " PRIMARY KEY (session, measure, grp, day)) WITHOUT ROWID;"

/* The states' measures: the step where a guide was left, as [guide, version, step]; the
 * last feedback on a guide, as [guide, rating]; of the feedback questions, where they
 * were asked and whether anything was answered, as [place, 0 or 1], and the last answer
 * to each: found (its answer), score (0–10), statement ([statement, answer]). */
#define SERVER_ROLLUP_LAST_STEP "last_step"
#define SERVER_ROLLUP_LAST_FEEDBACK "last_feedback"
#define SERVER_ROLLUP_SURVEY_OFFER "survey_offer"
#define SERVER_ROLLUP_SURVEY_FOUND "survey_found"
#define SERVER_ROLLUP_SURVEY_SCORE "survey_score"
#define SERVER_ROLLUP_SURVEY_STATEMENT "survey_statement"
/* The guides a visit viewed in a day, as a JSON array, sorted: the most viewed categories
 * are summed through the guides' categories as they are at the time of the report. */
#define SERVER_ROLLUP_GUIDES_VIEWED "guides_viewed"

/* The counts of rollups summed by month ("YYYY-MM"), kept with them by the writer and
 * the rebuild: a year reads 12 months, not 365 days, of each key and kiosk (a year of
 * places viewed is 2,900,000 day rows at 10,000,000 events). Months hold the same sums
 * as their days, so a report reads a range's whole months here and its other days in
 * rollups. */
#define SERVER_ROLLUP_MONTH_SCHEMA                                                                 \
  "CREATE TABLE IF NOT EXISTS rollup_months (measure TEXT NOT NULL, month TEXT NOT NULL,"          \
  " key TEXT NOT NULL, kiosk TEXT NOT NULL, n INTEGER NOT NULL,"                                   \
  " PRIMARY KEY (measure, month, key, kiosk)) WITHOUT ROWID;"
#define SERVER_ROLLUP_MONTH_FILL                                                                   \
  "DELETE FROM rollup_months; INSERT INTO rollup_months (measure, month, key, kiosk, n) "          \
  "SELECT measure, substr (day, 1, 7), key, kiosk, sum (n) FROM rollups "                          \
  "GROUP BY 1, 2, 3, 4 HAVING sum (n) != 0 ORDER BY 1, 2, 3, 4;"

/* Marks the rollups to be filled again from the events on the store's next open. */
#define SERVER_ROLLUP_REBUILD_DUE                                                                  \
  "INSERT OR REPLACE INTO meta (key, value) VALUES ('rollups_rebuild', 'due');"

/* Events themselves, not visits, for the session length's percentiles: how many
 * session_end events had each value. Kept in rollups too, with this measure. */
#define SERVER_ROLLUP_SECONDS "session_seconds"

/* One stored event, as its columns hold it (text as stored; NULL for null). */
typedef struct
{
  const char *kiosk;
  const char *session;
  const char *time; /* as nv_format_time_utc writes it */
  const char *type;
  const char *subject;
  const char *language;
  const char *detail;
  gint64      text_size;
  gboolean    high_contrast;
  gint64      value;
  gboolean    has_guide_version;
  gint64      guide_version;
  gint64      seq; /* the order stored: the scan's tie-break between equal times */
} ServerRollupEvent;

/* The counts a batch of events adds, gathered in memory and written at once: each fact
 * once, each count, visit and day once per batch, however many events share it. */
typedef struct _ServerRollupBatch ServerRollupBatch;

ServerRollupBatch *server_rollup_batch_new (void);
void               server_rollup_batch_free (ServerRollupBatch *batch);
/* Notes the facts of one event newly stored (never one that was already there). */
void server_rollup_batch_add (ServerRollupBatch *batch, const ServerRollupEvent *event);
/* The caller holds a write transaction: adds the batch's facts that are new to the store
 * and their counts, and empties the batch. */
gboolean server_rollup_batch_write (ServerRollupBatch *batch, ServerStore *store, GError **error);

/* The Helsinki day ("YYYY-MM-DD", 11 bytes with its NUL), ISO weekday (1 Monday … 7)
 * and hour of a stored event time; FALSE for a time that is not one (an unpadded year
 * written before migration 9), which the full scan finds on no day. Helsinki's rule:
 * EET (+2 hours) and EEST (+3 hours) between 01:00 UTC on the last Sundays of March and
 * of October, the EU's rule since 1996; the full scan asks tzdata (GTimeZone), and the
 * two agree on every time since 1996 until the rule changes, when this and a rebuild
 * must follow. */
gboolean server_rollup_local_day (const char *time, char day[11], int *weekday, int *hour);

/* For a report of whole days [@day_from, @day_to) at @kiosks (a JSON array; NULL: all):
 * what the visits seen on more than one of those days change in the per-day counts of the
 * states of @measure, as a JSON array of [key, n] (n negative for a key the days' sum
 * counted too often). NULL on error. */
char *server_rollup_split_states (ServerStore *store,
                                  const char  *measure,
                                  const char  *day_from,
                                  const char  *day_to,
                                  const char  *kiosks,
                                  GError     **error);

/* Empties the rollups and fills them again from the events, in one transaction:
 * `neuvokas-server rollups rebuild`, after a change of the measures or of Helsinki's rule. */
gboolean server_store_rebuild_rollups (ServerStore *self, GError **error);
/* Rebuilds when a migration asked for it (SERVER_ROLLUP_REBUILD_DUE), at the open. */
gboolean server_store_rebuild_rollups_if_due (ServerStore *self, GError **error);

G_END_DECLS
