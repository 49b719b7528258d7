/* server-store.c
 *
 * Content is kept as validated JSON documents, one table per kind, each row with
 * the revision that last changed it. One global revision (meta.content_revision)
 * grows with every change, so a kiosk can ask for everything after the revision it
 * has; deletions leave tombstones for the same reason.
 *
 * Times are one representation: every time in a TEXT column is written by
 * nv_format_time_utc() alone ("2026-11-22T08:15:00.000Z": UTC, a four-digit year,
 * milliseconds), so that SQL may compare and order them as text. A time is never
 * formatted any other way on its way into SQL, and SQL compares a stored time only with
 * another written by the same formatter. Migration 9 mended the times written before the
 * year was padded ("49-12-10T…"). What is read back is checked with the validator the
 * kiosks apply; a row that fails is left out and logged, never the whole answer
 * (server_store_warn_damaged).
 *
 * The store has an epoch: a random id in meta, made when the store is first opened and
 * made again when a backup is restored (server-store-backup.c). Revisions count within an
 * epoch; the epoch is part of the content ETag, so a kiosk that saw revisions a restored
 * backup lacks never takes the same numbers for the same content (docs/sync.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "server-store.h"
#include "server-store-images.h"
#include "server-store-private.h"
#include "server-store-rollups.h"

struct _ServerStore
{
  GObject parent_instance;

  sqlite3       *db;
  NvSqliteCache *statements; /* what runs per request, prepared once per connection */
  char          *path;
  char          *directory;
  char          *epoch;          /* meta.epoch */
  gint64         revision_floor; /* meta.revision_floor: the first revision of the epoch */

  ServerClockFunc now_func; /* tests only; NULL: the real time */
  gpointer        now_data;

  ServerContactBook *contacts; /* kiosk contacts not yet written (server-store-kiosks.c) */
};

G_DEFINE_FINAL_TYPE (ServerStore, server_store, G_TYPE_OBJECT)

/* A time written with %Y, whose year was not padded ("49-12-10T08:00:00.000Z"), in the
 * fixed width of nv_format_time_utc() ("0049-…"), so that text order is time order again;
 * readers then leave out what lies outside the years 2000–2100. */
#define PAD_YEAR(table, column)                                                                    \
  "UPDATE " table " SET " column " = printf ('%04d', CAST (substr (" column ", 1, instr (" column  \
  ", '-') - 1) AS INTEGER)) || substr (" column ", instr (" column ", '-')) WHERE " column         \
  " GLOB '[0-9]*-*' AND NOT " column " GLOB '[0-9][0-9][0-9][0-9]-*';"

static const NvMigration migrations[] = {
  { 1, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
       "INSERT INTO meta (key, value) VALUES ('content_revision', '0');"
       "CREATE TABLE categories (id TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
       "                         document TEXT NOT NULL);"
       "CREATE TABLE guides (id TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
       "                     document TEXT NOT NULL);"
       "CREATE TABLE organisations (id TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
       "                            document TEXT NOT NULL);" },
  /* Deltas: what changed after a revision, and what was deleted. */
  { 2, "CREATE TABLE tombstones (kind TEXT NOT NULL, id TEXT NOT NULL,"
       "                         revision INTEGER NOT NULL, PRIMARY KEY (kind, id));"
       "CREATE INDEX tombstones_revision ON tombstones (revision);"
       "CREATE INDEX categories_revision ON categories (revision);"
       "CREATE INDEX guides_revision ON guides (revision);"
       "CREATE INDEX organisations_revision ON organisations (revision);" },
  /* Kiosks and their anonymous usage events (docs/events.md). Tokens are kept only
   * as hashes. */
  { 3, "CREATE TABLE kiosks (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
       "                     municipality TEXT NOT NULL, token_hash TEXT NOT NULL,"
       "                     created INTEGER NOT NULL, revoked INTEGER,"
       "                     last_contact INTEGER, content_revision INTEGER,"
       "                     app_version TEXT, outbox_backlog INTEGER);"
       "CREATE TABLE events (id TEXT PRIMARY KEY, kiosk TEXT NOT NULL, session TEXT NOT NULL,"
       "                     time TEXT NOT NULL, received TEXT NOT NULL, type TEXT NOT NULL,"
       "                     subject TEXT, language TEXT NOT NULL, text_size INTEGER NOT NULL,"
       "                     high_contrast INTEGER NOT NULL, value INTEGER NOT NULL,"
       "                     detail TEXT) WITHOUT ROWID;"
       "CREATE INDEX events_time ON events (time);" },
  /* Events in arrival order: a rowid table appends each new row at its end, and only the
   * small unique index on the UUID takes random inserts. Keyed by the UUID itself, every
   * insert landed somewhere in the middle of the whole table, which grew slower as the
   * table grew (docs/performance.md). */
  { 4, "CREATE TABLE events_by_arrival (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
       "                     kiosk TEXT NOT NULL, session TEXT NOT NULL,"
       "                     time TEXT NOT NULL, received TEXT NOT NULL, type TEXT NOT NULL,"
       "                     subject TEXT, language TEXT NOT NULL, text_size INTEGER NOT NULL,"
       "                     high_contrast INTEGER NOT NULL, value INTEGER NOT NULL,"
       "                     detail TEXT);"
       "INSERT INTO events_by_arrival (id, kiosk, session, time, received, type, subject,"
       "                               language, text_size, high_contrast, value, detail)"
       "  SELECT id, kiosk, session, time, received, type, subject, language, text_size,"
       "         high_contrast, value, detail FROM events ORDER BY received, time, id;"
       "DROP TABLE events;"
       "ALTER TABLE events_by_arrival RENAME TO events;"
       "CREATE INDEX events_time ON events (time);" },
  /* Staff accounts (Argon2id password hashes), their sessions (tokens kept only as
   * hashes) and failed sign-ins per account and per address, for growing delays. */
  { 5, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
       "                    role TEXT NOT NULL CHECK (role IN ('advisor', 'evaluator', 'admin')),"
       "                    password_hash TEXT NOT NULL, created INTEGER NOT NULL,"
       "                    disabled INTEGER);"
       "CREATE TABLE staff_sessions (token_hash TEXT PRIMARY KEY,"
       "                             user INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
       "                             csrf_token TEXT NOT NULL, created INTEGER NOT NULL,"
       "                             expires INTEGER NOT NULL, last_seen INTEGER NOT NULL)"
       "                             WITHOUT ROWID;"
       "CREATE INDEX staff_sessions_user ON staff_sessions (user);"
       "CREATE TABLE login_failures (key TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
       "                             last_failure INTEGER NOT NULL) WITHOUT ROWID;" },
  /* Appointment slots (content, with columns because capacity is counted in SQL), and
   * residents' appointment requests: personal data, kept apart from events and read only
   * with a row in the audit log (docs/privacy.md). */
  { 6, "CREATE TABLE slots (id TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
       "                    organisation TEXT, kind TEXT NOT NULL, starts_at TEXT NOT NULL,"
       "                    duration_minutes INTEGER NOT NULL, capacity INTEGER NOT NULL,"
       "                    taken INTEGER NOT NULL DEFAULT 0,"
       "                    cancelled INTEGER NOT NULL DEFAULT 0,"
       "                    CHECK (taken >= 0 AND taken <= capacity));"
       "CREATE INDEX slots_revision ON slots (revision);"
       "CREATE INDEX slots_starts_at ON slots (starts_at);"
       "CREATE TABLE appointments (id TEXT PRIMARY KEY, reference TEXT NOT NULL,"
       "                           kiosk TEXT NOT NULL, created TEXT NOT NULL,"
       "                           received TEXT NOT NULL, reason TEXT NOT NULL,"
       "                           contact_method TEXT NOT NULL, slot TEXT,"
       "                           slot_result TEXT CHECK (slot_result IN"
       "                             ('taken', 'needs-new-time')),"
       "                           preferred_days TEXT, preferred_time TEXT,"
       "                           language TEXT NOT NULL, guide TEXT,"
       "                           guide_step INTEGER NOT NULL DEFAULT 0,"
       "                           name TEXT, phone TEXT,"
       "                           needs_new_time INTEGER NOT NULL DEFAULT 0,"
       "                           state TEXT NOT NULL DEFAULT 'open'"
       "                             CHECK (state IN ('open', 'contacted', 'done')),"
       "                           outcome TEXT, contacted_at TEXT, done_at TEXT,"
       "                           purged_at TEXT);"
       "CREATE INDEX appointments_state ON appointments (state, received);"
       "CREATE INDEX appointments_reference ON appointments (reference);"
       "CREATE INDEX appointments_slot ON appointments (slot);"
       "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, time TEXT NOT NULL,"
       "                        actor TEXT NOT NULL, action TEXT NOT NULL,"
       "                        appointment TEXT NOT NULL);"
       "CREATE INDEX audit_log_appointment ON audit_log (appointment);" },
  /* Content editing by staff: guides' drafts, which kiosks never see (no revision), and
   * who last changed a published item and when. Seeded items have no edit row. */
  { 7, "CREATE TABLE guide_drafts (id TEXT PRIMARY KEY, document TEXT NOT NULL,"
       "                           updated INTEGER NOT NULL, updated_by TEXT NOT NULL);"
       "CREATE TABLE content_edits (kind TEXT NOT NULL, id TEXT NOT NULL,"
       "                            updated INTEGER NOT NULL, updated_by TEXT NOT NULL,"
       "                            PRIMARY KEY (kind, id)) WITHOUT ROWID;" },
  /* Operations: in which hours each kiosk reached the server (its uptime), and when each
   * content revision was made (how far behind a kiosk is). One row a kiosk an hour. */
  { 8, "CREATE TABLE kiosk_contact_hours (kiosk TEXT NOT NULL, hour INTEGER NOT NULL,"
       "                                  PRIMARY KEY (kiosk, hour)) WITHOUT ROWID;"
       "CREATE TABLE content_revisions (revision INTEGER PRIMARY KEY,"
       "                                made_at INTEGER NOT NULL);" },
  /* One representation of time: see the top of this file. */
  { 9, PAD_YEAR ("slots", "starts_at") PAD_YEAR ("events", "time") PAD_YEAR ("events", "received")
           PAD_YEAR ("appointments", "created") PAD_YEAR ("appointments", "received")
               PAD_YEAR ("appointments", "contacted_at") PAD_YEAR ("appointments", "done_at")
                   PAD_YEAR ("appointments", "purged_at") PAD_YEAR ("audit_log", "time") },
  /* A request as an advisor's case: its history, a row for every change of state or
   * outcome, call attempt and note, by whom and when; who handles it is the last to act.
   * Notes may name people: a purge erases them with the name and phone. (IF NOT EXISTS:
   * a migration may run again over a file whose user_version was set back.) */
  { 10, "CREATE TABLE IF NOT EXISTS appointment_history (id INTEGER PRIMARY KEY,"
        "                                  appointment TEXT NOT NULL, time TEXT NOT NULL,"
        "                                  actor TEXT NOT NULL, action TEXT NOT NULL,"
        "                                  state TEXT, outcome TEXT, note TEXT);"
        "CREATE INDEX IF NOT EXISTS appointment_history_appointment"
        "  ON appointment_history (appointment, id);" },
  /* What an advisor types into an organisation before saving it, kept as they type so
   * that nothing is lost; no kiosk sees it. Removed when the organisation is saved or
   * deleted. */
  { 11, "CREATE TABLE IF NOT EXISTS organisation_drafts (id TEXT PRIMARY KEY,"
        "                                  document TEXT NOT NULL, updated INTEGER NOT NULL,"
        "                                  updated_by TEXT NOT NULL);" },
  /* Versioned events (docs/events.md, "Versions"): the content revision each event was
   * recorded at, and the version of the guide it is about: the revision at which that
   * guide's text last changed, looked up in guide_versions when the event arrives. Guides
   * as they are now are their first known version; older events have neither. */
  { 12, "ALTER TABLE events ADD COLUMN content_revision INTEGER;"
        "ALTER TABLE events ADD COLUMN guide_version INTEGER;"
        "CREATE TABLE guide_versions (guide TEXT NOT NULL, revision INTEGER NOT NULL,"
        "                             PRIMARY KEY (guide, revision)) WITHOUT ROWID;"
        "INSERT INTO guide_versions (guide, revision) SELECT id, revision FROM guides;" },
  /* "This information is wrong" (server-store-info-reports.c): a kiosk's report is its
   * info_reported event, found by a partial index that costs other events nothing; one
   * filed by staff is a row of info_reports; what advisors did, info_reports_handled.
   * IF NOT EXISTS: a store set back to an older version (as tests do to rerun 9) still
   * migrates. */
  { 13, "CREATE INDEX IF NOT EXISTS events_info_reported ON events (time)"
        "  WHERE type = 'info_reported';"
        "CREATE TABLE IF NOT EXISTS info_reports (id TEXT PRIMARY KEY, organisation TEXT NOT NULL,"
        "                           reason TEXT NOT NULL, created TEXT NOT NULL,"
        "                           filed_by TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS info_reports_handled (id TEXT PRIMARY KEY,"
        "                                   handled TEXT NOT NULL,"
        "                                   handled_by TEXT NOT NULL) WITHOUT ROWID;" },
  /* Imported directory entries and their review (server-store-directory.c): where each
   * came from and when the source last had it, the change an import proposes, and the
   * fields an advisor set by hand, which no import changes. IF NOT EXISTS: a store
   * wound back to an older schema version (test-server-hostile) runs it again. */
  { 14,
    "CREATE TABLE IF NOT EXISTS directory_sources (id TEXT PRIMARY KEY, source TEXT NOT NULL,"
    "                                source_id TEXT NOT NULL, checked_at TEXT NOT NULL,"
    "                                missing_since TEXT) WITHOUT ROWID;"
    "CREATE INDEX IF NOT EXISTS directory_sources_source ON directory_sources (source);"
    "CREATE TABLE IF NOT EXISTS directory_proposals (id TEXT PRIMARY KEY, document TEXT NOT NULL,"
    "                                  received TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS directory_hand_set (id TEXT NOT NULL, field TEXT NOT NULL,"
    "                                 set_at TEXT NOT NULL, set_by TEXT NOT NULL,"
    "                                 PRIMARY KEY (id, field)) WITHOUT ROWID;" },
  /* A resident asking for staff to come now (server-store-calls.c): nothing personal,
   * only the kiosk, where it was, and who answered. */
  { 15, "CREATE TABLE IF NOT EXISTS staff_calls (id TEXT PRIMARY KEY, kiosk TEXT NOT NULL,"
        "                                  screen TEXT NOT NULL, guide TEXT,"
        "                                  guide_step INTEGER NOT NULL, state TEXT NOT NULL,"
        "                                  handler TEXT, created INTEGER NOT NULL,"
        "                                  answered INTEGER);"
        "CREATE INDEX IF NOT EXISTS staff_calls_open ON staff_calls (state, created);" },
  /* Settings administrators give kiosks (server-store-settings.c): for every kiosk
   * (target ''), a municipality (its code) or one kiosk (its id); the value is JSON. */
  { 16, "CREATE TABLE IF NOT EXISTS kiosk_settings (scope TEXT NOT NULL, target TEXT NOT NULL,"
        "                                     name TEXT NOT NULL, value TEXT NOT NULL,"
        "                                     updated INTEGER NOT NULL, updated_by TEXT NOT NULL,"
        "                                     PRIMARY KEY (scope, target, name)) WITHOUT ROWID;" },

  /* Imports (server-store-directory.c, server-store-import-runs.c): a part of an entry
   * that another source keeps (a library's opening hours from the library directory on a
   * place from Suomi.fi), which that source's imports alone propose; and every import
   * run, for the operations report. */
  { 17, "CREATE TABLE IF NOT EXISTS directory_part_sources (id TEXT NOT NULL,"
        "                                  part TEXT NOT NULL, source TEXT NOT NULL,"
        "                                  source_id TEXT NOT NULL, checked_at TEXT NOT NULL,"
        "                                  PRIMARY KEY (id, part)) WITHOUT ROWID;"
        "CREATE INDEX IF NOT EXISTS directory_part_sources_source"
        "  ON directory_part_sources (source, source_id);"
        "CREATE TABLE IF NOT EXISTS import_runs (id INTEGER PRIMARY KEY, source TEXT NOT NULL,"
        "                                  started TEXT NOT NULL, finished TEXT NOT NULL,"
        "                                  new INTEGER NOT NULL, changed INTEGER NOT NULL,"
        "                                  unchanged INTEGER NOT NULL, refused INTEGER NOT NULL,"
        "                                  problems TEXT);"
        "CREATE INDEX IF NOT EXISTS import_runs_started ON import_runs (started);" },

  /* What a kiosk, or the phone or counter service, cost in a period, as evaluators enter
   * it (server-store-costs.c): cost per contact beside the reports. kiosk is '' for phone
   * and counter, whose contacts are entered; a kiosk's are its visits. */
  { 18, "CREATE TABLE IF NOT EXISTS costs (channel TEXT NOT NULL, kiosk TEXT NOT NULL,"
        "                            from_day TEXT NOT NULL, to_day TEXT NOT NULL,"
        "                            cost_cents INTEGER NOT NULL, contacts INTEGER,"
        "                            updated TEXT NOT NULL, updated_by TEXT NOT NULL,"
        "                            PRIMARY KEY (channel, kiosk, from_day, to_day))"
        "                            WITHOUT ROWID;" },

  /* Content with a history (server-store-history.c): every published version of each
   * guide and organisation, by whom and when, so that advisors compare two and restore
   * one. What is published now is its first known version, signed by its last editor.
   * IF NOT EXISTS, OR IGNORE: a store wound back to an older schema runs it again. */
  { 19, "CREATE TABLE IF NOT EXISTS content_versions (kind TEXT NOT NULL, id TEXT NOT NULL,"
        "                                     revision INTEGER NOT NULL, document TEXT NOT NULL,"
        "                                     changed_at INTEGER NOT NULL, changed_by TEXT,"
        "                                     restored_from INTEGER,"
        "                                     PRIMARY KEY (kind, id, revision)) WITHOUT ROWID;"
        "INSERT OR IGNORE INTO content_versions (kind, id, revision, document, changed_at,"
        "                                        changed_by)"
        "  SELECT 'guide', g.id, g.revision, g.document, coalesce (e.updated, 0), e.updated_by"
        "    FROM guides AS g LEFT JOIN content_edits AS e ON e.kind = 'guide' AND e.id = g.id;"
        "INSERT OR IGNORE INTO content_versions (kind, id, revision, document, changed_at,"
        "                                        changed_by)"
        "  SELECT 'organisation', o.id, o.revision, o.document, coalesce (e.updated, 0),"
        "         e.updated_by"
        "    FROM organisations AS o"
        "    LEFT JOIN content_edits AS e ON e.kind = 'organisation' AND e.id = o.id;" },

  /* Silence by opening hours (server-store-silence.c): the organisation, usually a
   * library, each kiosk stands in, whose opening hours say when it should be heard from. */
  { 20, "CREATE TABLE IF NOT EXISTS kiosk_hosts (kiosk TEXT PRIMARY KEY,"
        "                                  organisation TEXT NOT NULL) WITHOUT ROWID;" },

  /* Rollups (server-store-rollups.h): the reports' counts per Helsinki day, kept by the
   * ingest writer as events are stored, filled from the events already stored at the next
   * open (the rebuild, in C), so that a report for a year reads days, not events
   * (docs/performance.md). Until migration 25 this also made a trigger per event. */
  { 21, SERVER_ROLLUP_SCHEMA SERVER_ROLLUP_REBUILD_DUE },

  /* The directory search's synonym groups, which advisors edit
   * (server-store-synonyms.c). The default list seeds them: with the rest of the content
   * in a new store, and in one that had content already on its next open with a content
   * folder (meta.synonyms_seed, cleared once seeded). */
  { 22, "CREATE TABLE IF NOT EXISTS synonyms (id TEXT PRIMARY KEY, document TEXT NOT NULL)"
        "                               WITHOUT ROWID;"
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('synonyms_seed', 'due');" },

  /* Step pictures (server-store-images.c): kiosk-sized PNG or JPEG, named by the SHA-256
   * of their bytes and never changed; a guide's step names one. */
  { 23, "CREATE TABLE IF NOT EXISTS images (name TEXT PRIMARY KEY, bytes BLOB NOT NULL,"
        "                             width INTEGER NOT NULL, height INTEGER NOT NULL,"
        "                             created TEXT NOT NULL, created_by TEXT NOT NULL);" },

  /* What an audit row's subject alone does not say, as JSON: a picture's size for
   * "image-uploaded" and "image-removed" (server-store-images.c), whose subject is the
   * picture's name, its hash. Never personal data, nor a picture's bytes. */
  { 24, "CREATE TABLE IF NOT EXISTS audit_details (audit INTEGER PRIMARY KEY,"
        "                                    detail TEXT NOT NULL);" },

  /* Rollups counted per batch in C by the ingest writer (server-store-rollups.c), not by
   * a trigger per event, which cost ingest 3.6× (docs/performance.md). The counts kept so
   * far stay: they are the same. */
  { 25, "DROP TRIGGER IF EXISTS events_rollups;"
        "DROP TRIGGER IF EXISTS rollup_facts_count;" },

  /* The feedback questions' events (docs/events.md, "Feedback"), which the experience
   * report reads from the events themselves: a partial index that costs other events
   * nothing. Its condition is the reports' SURVEY_EVENTS word for word, so that SQLite
   * uses it (server-store-reports.c). */
  { 26, "CREATE INDEX IF NOT EXISTS events_survey ON events (type, time) WHERE type IN "
        "('survey_offered', 'survey_found', 'survey_score', 'survey_statement');" },

  /* Funnels evaluators define (server-store-funnels.c): each an NvFunnel as JSON, and who
   * changed it last and when. */
  { 27, "CREATE TABLE IF NOT EXISTS funnels (id TEXT PRIMARY KEY, document TEXT NOT NULL,"
        "                              updated INTEGER NOT NULL, updated_by TEXT NOT NULL)"
        "                              WITHOUT ROWID;" },

  /* The rollups' states (server-store-rollups.h), so that the step where a guide was left
   * is read from days, not events, for a year at 10,000,000 events (docs/performance.md):
   * filled from the events already stored at the next open. */
  { 28, SERVER_ROLLUP_STATE_SCHEMA SERVER_ROLLUP_REBUILD_DUE },

  /* The experience report's states (server-store-rollups.h): the last feedback on a
   * guide and the feedback questions, filled from the events already stored at the next
   * open. */
  { 29, SERVER_ROLLUP_REBUILD_DUE },

  /* The guides each visit viewed in a day (server-store-rollups.h), for the demand
   * report's categories: filled from the events already stored at the next open. */
  { 30, SERVER_ROLLUP_REBUILD_DUE },

  /* The rollups by month (server-store-rollups.h), so that a year reads 12 months, not
   * 365 days: summed here from the days already counted. */
  { 31, SERVER_ROLLUP_MONTH_SCHEMA SERVER_ROLLUP_MONTH_FILL },
};

const NvMigration *
server_store_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

int
server_store_schema_version (void)
{
  return migrations[G_N_ELEMENTS (migrations) - 1].version;
}

typedef struct
{
  const char *kind;
  const char *table;
} KindTable;

static const KindTable kind_tables[] = {
  { "category", "categories" },
  { "guide", "guides" },
  { "organisation", "organisations" },
};

static const char *
table_for_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_tables); i++)
    if (g_strcmp0 (kind_tables[i].kind, kind) == 0)
      return kind_tables[i].table;
  return NULL;
}

static void
server_store_finalize (GObject *object)
{
  ServerStore *self = (ServerStore *) object;

  /* What is still pending is written by this connection, the last one to go. */
  server_store_flush_kiosk_contacts (self, self);
  g_clear_pointer (&self->contacts, server_contact_book_free);
  /* Before the connection: a statement left unfinalized would keep it open. */
  g_clear_pointer (&self->statements, nv_sqlite_cache_free);
  g_clear_pointer (&self->db, nv_sqlite_close);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->directory, g_free);
  g_clear_pointer (&self->epoch, g_free);
  G_OBJECT_CLASS (server_store_parent_class)->finalize (object);
}

static void
server_store_class_init (ServerStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = server_store_finalize;
}

static void
server_store_init (ServerStore *self)
{
  self->contacts = server_contact_book_new ();
}

ServerContactBook *
server_store_get_contact_book (ServerStore *self)
{
  return self->contacts;
}

sqlite3 *
server_store_get_db (ServerStore *self)
{
  return self->db;
}

NvSqliteCachedStmt *
server_store_cached (ServerStore *self, const char *sql, GError **error)
{
  return nv_sqlite_cache_prepare (self->statements, sql, error);
}

sqlite3_stmt *
server_store_prepare (ServerStore *self, const char *sql, GError **error)
{
  return nv_sqlite_prepare (self->db, sql, error);
}

static gint64
read_revision (ServerStore *self)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  stmt = server_store_cached (
      self, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'content_revision'", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

void
server_store_set_clock (ServerStore *self, ServerClockFunc func, gpointer user_data)
{
  g_return_if_fail (SERVER_IS_STORE (self));
  self->now_func = func;
  self->now_data = user_data;
}

gint64
server_store_now (ServerStore *self)
{
  if (self->now_func != NULL)
    return self->now_func (self->now_data);
  return g_get_real_time () / G_USEC_PER_SEC;
}

const char *
server_store_get_directory (ServerStore *self)
{
  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  return self->directory;
}

gint64
server_store_get_revision (ServerStore *self)
{
  g_return_val_if_fail (SERVER_IS_STORE (self), 0);
  return read_revision (self);
}

static gboolean
write_revision (ServerStore *self, gint64 revision, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (
           self, "UPDATE meta SET value = ?1 WHERE key = 'content_revision'", error))
      == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, revision);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot store the content revision");
  g_clear_pointer (&stmt, nv_sqlite_cache_release);
  if ((stmt = server_store_cached (self,
                                   "INSERT OR REPLACE INTO content_revisions "
                                   "(revision, made_at) VALUES (?1, ?2)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, revision);
  sqlite3_bind_int64 (stmt, 2, server_store_now (self));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot store the content revision");
  return TRUE;
}

/* Writes one document; the caller holds the transaction. */
static gboolean
write_document (ServerStore *self,
                const char  *kind,
                const char  *id,
                JsonNode    *node,
                gint64       revision,
                GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (NvSqliteCachedStmt) unbury = NULL;
  g_autoptr (NvSqliteCachedStmt) version = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *document = nv_json_to_string (node, FALSE);

  /* A guide published with changes gets a new version; published unchanged, it keeps
   * its version, so its events still count together. */
  if (g_str_equal (kind, "guide"))
    {
      if ((version = server_store_cached (
               self,
               "INSERT OR IGNORE INTO guide_versions (guide, revision) SELECT ?1, ?2 "
               "WHERE NOT EXISTS (SELECT 1 FROM guides WHERE id = ?1 AND document = ?3)",
               error))
          == NULL)
        return FALSE;
      sqlite3_bind_text (version, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (version, 2, revision);
      sqlite3_bind_text (version, 3, document, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (version) != SQLITE_DONE)
        return nv_sqlite_error (error, self->db, "Cannot store the guide's version");
    }

  /* Before the write: it compares with what is published now. */
  if (!server_store_keep_version (self, kind, id, document, revision, error))
    return FALSE;

  sql = g_strdup_printf ("INSERT INTO %s (id, revision, document) VALUES (?1, ?2, ?3) "
                         "ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, "
                         "document = excluded.document",
                         table_for_kind (kind));
  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, revision);
  sqlite3_bind_text (stmt, 3, document, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot store content");

  /* Brought back to life: the tombstone no longer holds. */
  if ((unbury
       = server_store_cached (self, "DELETE FROM tombstones WHERE kind = ?1 AND id = ?2", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (unbury, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (unbury, 2, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (unbury) != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot store content");
  return TRUE;
}

gint64
server_store_bump_revision (ServerStore *self, GError **error)
{
  gint64 revision = read_revision (self) + 1;

  return write_revision (self, revision, error) ? revision : -1;
}

/* The caller holds a write transaction: the content folder's synonyms, when it has any,
 * as changed at @revision; the seed is no longer due. */
static gboolean
seed_synonyms (ServerStore *self, const NvContent *content, gint64 revision, GError **error)
{
  return (!content->has_synonyms
          || server_store_write_synonym_groups (self, content->synonyms, revision, error))
         && nv_sqlite_exec (self->db, "DELETE FROM meta WHERE key = 'synonyms_seed'", error);
}

/* The default guides' pictures, in images/ beside them under their names: each is
 * checked against its name. A step whose picture is not named by its content (an older
 * file name) has nothing to seed, and kiosks show it without. */
static gboolean
seed_images (ServerStore *self, const char *seed_dir, const NvGuide *guide, GError **error)
{
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const NvStep    *step = g_ptr_array_index (guide->steps, i);
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      gsize            size = 0;
      int              width = 0, height = 0;
      ServerImage      image = { 0 };
      g_autoptr (GBytes) bytes = NULL;

      if (!nv_image_name_is_valid (step->image))
        continue;
      path = g_build_filename (seed_dir, "images", step->image, NULL);
      if (!g_file_get_contents (path, &data, &size, error))
        return FALSE;
      bytes = g_bytes_new_take (g_steal_pointer (&data), size);
      if (!nv_image_bytes_match (step->image, bytes)
          || gdk_pixbuf_get_file_info (path, &width, &height) == NULL)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_INVALID,
                       "The picture %s is not what its name says", path);
          return FALSE;
        }
      image.name = step->image;
      image.bytes = bytes;
      image.width = (guint) width;
      image.height = (guint) height;
      if (!server_store_seed_image (self, &image, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
seed (ServerStore *self, const char *seed_dir, GError **error)
{
  g_autoptr (NvContent) content = NULL;
  gboolean ok = TRUE;

  if ((content = nv_content_load_dir (seed_dir, error)) == NULL)
    {
      g_prefix_error (error, "Cannot seed the default content from %s: ", seed_dir);
      return FALSE;
    }
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  for (guint i = 0; ok && i < content->categories->len; i++)
    {
      const NvCategory *category = g_ptr_array_index (content->categories, i);
      g_autoptr (JsonNode) node = nv_category_to_json (category);

      ok = write_document (self, "category", category->id, node, 1, error);
    }
  for (guint i = 0; ok && i < content->organisations->len; i++)
    {
      const NvOrganisation *organisation = g_ptr_array_index (content->organisations, i);
      g_autoptr (JsonNode) node = nv_organisation_to_json (organisation);

      ok = write_document (self, "organisation", organisation->id, node, 1, error);
    }
  for (guint i = 0; ok && i < content->guides->len; i++)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);
      g_autoptr (JsonNode) node = nv_guide_to_json (guide);

      ok = write_document (self, "guide", guide->id, node, 1, error)
           && seed_images (self, seed_dir, guide, error);
    }
  ok = ok && seed_synonyms (self, content, 1, error) && write_revision (self, 1, error);
  return nv_sqlite_end (self->db, ok, error);
}

/* A store that had content before the synonyms came (migration 19) gets the default list
 * as its next revision, once. */
static gboolean
seed_synonyms_after_upgrade (ServerStore *self, const char *seed_dir, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) due = NULL;
  g_autoptr (NvContent) content = NULL;
  gint64   revision;
  gboolean ok;

  if ((due = server_store_cached (self, "SELECT 1 FROM meta WHERE key = 'synonyms_seed'", error))
      == NULL)
    return FALSE;
  if (sqlite3_step (due) != SQLITE_ROW)
    return TRUE;
  g_clear_pointer (&due, nv_sqlite_cache_release);
  if ((content = nv_content_load_dir (seed_dir, error)) == NULL)
    {
      g_prefix_error (error, "Cannot seed the default synonyms from %s: ", seed_dir);
      return FALSE;
    }
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  revision = content->has_synonyms ? read_revision (self) + 1 : 0;
  ok = seed_synonyms (self, content, revision, error)
       && (revision == 0 || write_revision (self, revision, error));
  return nv_sqlite_end (self->db, ok, error);
}

char *
server_store_new_epoch (void)
{
  guint8 bytes[8];

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    bytes[i] = (guint8) g_random_int_range (0, 256);
  return g_strdup_printf ("%02x%02x%02x%02x%02x%02x%02x%02x", bytes[0], bytes[1], bytes[2],
                          bytes[3], bytes[4], bytes[5], bytes[6], bytes[7]);
}

/* The epoch, made on the first open (a store from before epochs gets one then: no
 * migration, as it is one row of meta), and the first revision of the epoch. */
static gboolean
read_epoch (ServerStore *self, GError **error)
{
  g_autofree char *fresh = server_store_new_epoch ();
  sqlite3_stmt    *stmt;
  int              rc;

  if ((stmt = server_store_prepare (
           self, "INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?1)", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, fresh, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot store the store's epoch");
  if ((stmt = server_store_prepare (self,
                                    "SELECT (SELECT value FROM meta WHERE key = 'epoch'), "
                                    "(SELECT CAST(value AS INTEGER) FROM meta "
                                    " WHERE key = 'revision_floor')",
                                    error))
      == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      self->epoch = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      self->revision_floor = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (self->epoch == NULL)
    return nv_sqlite_error (error, self->db, "Cannot read the store's epoch");
  return TRUE;
}

ServerStore *
server_store_open (const char *data_dir, const char *seed_dir, GError **error)
{
  g_autoptr (ServerStore) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (SERVER_TYPE_STORE, NULL);
  self->path = g_build_filename (data_dir, "neuvokas.db", NULL);
  self->directory = g_strdup (data_dir);
  if ((self->db = nv_sqlite_open (self->path, NV_SQLITE_SYNC_FULL, error)) == NULL)
    return NULL;
  self->statements = nv_sqlite_cache_new (self->db);
  /* A 16 MiB page cache (SQLite's default is 2 MiB) for the events' indexes as the
   * table grows (docs/performance.md). */
  if (!nv_sqlite_exec (self->db, "PRAGMA cache_size=-16384", error))
    return NULL;
  /* Erased personal data (a purge) must not linger in free pages of the file. */
  if (!nv_sqlite_exec (self->db, "PRAGMA secure_delete=ON", error))
    return NULL;
  if (!nv_sqlite_migrate (self->db, migrations, G_N_ELEMENTS (migrations), error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }
  if (!read_epoch (self, error))
    return NULL;
  if (!server_store_rebuild_rollups_if_due (self, error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return NULL;
    }
  if (seed_dir != NULL && read_revision (self) == 0 && !seed (self, seed_dir, error))
    return NULL;
  if (seed_dir != NULL && !seed_synonyms_after_upgrade (self, seed_dir, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
server_store_get_epoch (ServerStore *self)
{
  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  return self->epoch;
}

gint64
server_store_get_revision_floor (ServerStore *self)
{
  g_return_val_if_fail (SERVER_IS_STORE (self), 0);
  return self->revision_floor;
}

void
server_store_warn_damaged (const char *kind, const char *id, const GError *error)
{
  /* Content and slots hold no personal data: the id and the validator's sentence are
   * what an administrator needs to mend the row. */
  g_warning ("Left out the stored %s “%s”, which does not pass validation: %s", kind, id,
             error->message);
}

static void
dropped_cb (const char *kind, const char *id, const GError *error, gpointer user_data)
{
  server_store_warn_damaged (kind, id, error);
}

typedef gpointer (*FromJsonFunc) (JsonNode *node, GError **error);
/* Takes one valid item read from the store; FALSE (with @error) stops the reading. */
typedef gboolean (*ItemFunc) (gpointer item, gpointer user_data, GError **error);

/* Each item of @kind changed after @since, in id order, to @func. A damaged row is left
 * out and logged (server_store_warn_damaged), never an error: one bad value must not cost
 * every kiosk its content. */
static gboolean
each_changed (ServerStore *self,
              const char  *kind,
              gint64       since,
              FromJsonFunc from_json,
              ItemFunc     func,
              gpointer     user_data,
              GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int              rc;

  sql = g_strdup_printf ("SELECT document, id FROM %s WHERE revision > ?1 ORDER BY id",
                         table_for_kind (kind));
  if ((stmt = server_store_cached (self, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer item = server_store_column_item (stmt, 0, from_json, kind,
                                                (const char *) sqlite3_column_text (stmt, 1));

      if (item != NULL && !func (item, user_data, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot read content");
  return TRUE;
}

static gboolean
add_item_cb (gpointer item, gpointer user_data, GError **error)
{
  g_ptr_array_add (user_data, item);
  return TRUE;
}

static gboolean
read_changed (ServerStore *self,
              const char  *kind,
              gint64       since,
              GPtrArray   *items,
              FromJsonFunc from_json,
              GError     **error)
{
  return each_changed (self, kind, since, from_json, add_item_cb, items, error);
}

static gboolean
read_tombstones (ServerStore *self, gint64 since, GPtrArray *tombstones, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  if ((stmt = server_store_cached (self,
                                   "SELECT kind, id, revision FROM tombstones WHERE revision > ?1 "
                                   "ORDER BY revision, kind, id",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NvTombstone *tombstone = g_new0 (NvTombstone, 1);

      tombstone->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      tombstone->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      tombstone->revision = sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (tombstones, tombstone);
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, self->db, "Cannot read deletions");
  return TRUE;
}

NvContent *
server_store_get_content (ServerStore *self, gint64 since, GError **error)
{
  g_autoptr (NvContent) content = nv_content_new ();
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (since >= 0, NULL);

  /* One read transaction: the bundle is one consistent revision. */
  if (!nv_sqlite_begin (self->db, NV_SQLITE_READ, error))
    return NULL;
  content->revision = read_revision (self);
  content->since = since;
  ok = read_changed (self, "category", since, content->categories,
                     (FromJsonFunc) nv_category_from_json, error)
       && read_changed (self, "guide", since, content->guides, (FromJsonFunc) nv_guide_from_json,
                        error)
       && read_changed (self, "organisation", since, content->organisations,
                        (FromJsonFunc) nv_organisation_from_json, error)
       && server_store_read_changed_slots (self, since, content->slots, error)
       && server_store_read_synonyms (self, content, error)
       && (since == 0 || read_tombstones (self, since, content->tombstones, error));
  nv_sqlite_end (self->db, TRUE, NULL);
  if (!ok)
    return NULL;
  /* What refers to an item left out above would make the whole bundle invalid. */
  nv_content_drop_dangling (content, dropped_cb, NULL);
  return g_steal_pointer (&content);
}

/* Writing a bundle as it is read (server_store_write_content) */

typedef JsonNode *(*ToJsonFunc) (gconstpointer item);

typedef struct
{
  GOutputStream *output;
  ToJsonFunc     to_json;
  GDestroyNotify free_func;
  gboolean       first;      /* no item written yet in this array */
  GHashTable    *ids;        /* where the ids written go, or NULL */
  GHashTable    *categories; /* ids written, for a full bundle's references */
  GHashTable    *organisations;
  gboolean       full;
} BundleWriter;

static gboolean
write_text (BundleWriter *writer, const char *text, GError **error)
{
  return g_output_stream_write_all (writer->output, text, strlen (text), NULL, NULL, error);
}

static gboolean
write_node (BundleWriter *writer, JsonNode *node, GError **error)
{
  g_autofree char *text = nv_json_to_string (node, FALSE);

  if (!writer->first && !write_text (writer, ",", error))
    return FALSE;
  writer->first = FALSE;
  return write_text (writer, text, error);
}

/* One item: written at once, then forgotten; in a full bundle, an item that refers to one
 * the bundle left out is left out too (and logged), as nv_content_drop_dangling () does. */
static gboolean
write_item_cb (gpointer item, gpointer user_data, GError **error)
{
  BundleWriter *writer = user_data;
  g_autoptr (GError) dangling = NULL;
  g_autoptr (JsonNode) node = NULL;
  const char *kind = NULL;
  const char *id = NULL;
  gboolean    ok;

  if (writer->full && writer->to_json == (ToJsonFunc) nv_guide_to_json
      && !nv_guide_check_references (item, writer->categories, writer->organisations, &dangling))
    kind = "guide", id = ((const NvGuide *) item)->id;
  else if (writer->full && writer->to_json == (ToJsonFunc) nv_slot_to_json
           && !nv_slot_check_reference (item, writer->organisations, &dangling))
    kind = "slot", id = ((const NvSlot *) item)->id;
  if (dangling != NULL)
    {
      server_store_warn_damaged (kind, id, dangling);
      writer->free_func (item);
      return TRUE;
    }
  if (writer->ids != NULL)
    g_hash_table_add (writer->ids, g_strdup (writer->to_json == (ToJsonFunc) nv_category_to_json
                                                 ? ((const NvCategory *) item)->id
                                                 : ((const NvOrganisation *) item)->id));
  node = writer->to_json (item);
  ok = write_node (writer, node, error);
  writer->free_func (item);
  return ok;
}

static gboolean
begin_array (BundleWriter *writer, const char *member, GError **error)
{
  g_autofree char *text = g_strdup_printf (",\"%s\":[", member);

  writer->first = TRUE;
  return write_text (writer, text, error);
}

static gboolean
write_changed (ServerStore   *self,
               BundleWriter  *writer,
               const char    *kind,
               const char    *member,
               gint64         since,
               FromJsonFunc   from_json,
               ToJsonFunc     to_json,
               GDestroyNotify free_func,
               GHashTable    *ids,
               GError       **error)
{
  writer->to_json = to_json;
  writer->free_func = free_func;
  writer->ids = ids;
  return begin_array (writer, member, error)
         && each_changed (self, kind, since, from_json, write_item_cb, writer, error)
         && write_text (writer, "]", error);
}

static gboolean
write_slots_and_tombstones (ServerStore *self, BundleWriter *writer, gint64 since, GError **error)
{
  g_autoptr (GPtrArray) slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  g_autoptr (GPtrArray) tombstones
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_tombstone_free);

  /* Slots are few (what can still be offered) and are read by their own rules. */
  if (!server_store_read_changed_slots (self, since, slots, error))
    {
      return FALSE;
    }
  writer->to_json = (ToJsonFunc) nv_slot_to_json;
  writer->free_func = (GDestroyNotify) nv_slot_free;
  writer->ids = NULL;
  if (!begin_array (writer, "slots", error))
    {
      return FALSE;
    }
  /* Each is freed as it is written (write_item_cb), the rest with the array. */
  while (slots->len > 0)
    if (!write_item_cb (g_ptr_array_steal_index (slots, 0), writer, error))
      return FALSE;
  if (!write_text (writer, "]", error) || !begin_array (writer, "tombstones", error)
      || (since > 0 && !read_tombstones (self, since, tombstones, error)))
    return FALSE;
  for (guint i = 0; i < tombstones->len; i++)
    {
      g_autoptr (JsonNode) node = nv_tombstone_to_json (g_ptr_array_index (tombstones, i));

      if (!write_node (writer, node, error))
        return FALSE;
    }
  return write_text (writer, "]", error);
}

/* The search's synonyms, whole, when they changed after @since (every full bundle):
 * a few dozen groups, read together. */
static gboolean
write_synonyms (ServerStore *self, BundleWriter *writer, gint64 since, GError **error)
{
  g_autoptr (NvContent) synonyms = nv_content_new ();

  synonyms->since = since;
  if (!server_store_read_synonyms (self, synonyms, error))
    return FALSE;
  if (!synonyms->has_synonyms)
    return TRUE;
  if (!begin_array (writer, "synonyms", error))
    return FALSE;
  for (guint i = 0; i < synonyms->synonyms->len; i++)
    {
      g_autoptr (JsonNode) node
          = nv_synonym_group_to_json (g_ptr_array_index (synonyms->synonyms, i));

      if (!write_node (writer, node, error))
        return FALSE;
    }
  return write_text (writer, "]", error);
}

gboolean
server_store_write_content (ServerStore   *self,
                            gint64         since,
                            JsonNode      *config,
                            GOutputStream *output,
                            gint64        *out_revision,
                            GError       **error)
{
  g_autoptr (GHashTable) categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) organisations
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *head = NULL;
  BundleWriter writer = { output, NULL, NULL, TRUE, NULL, categories, organisations, since == 0 };
  gint64       revision;
  gboolean     ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (since >= 0, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (output), FALSE);

  /* One read transaction: the bundle is one consistent revision. Organisations come
   * before guides, so that a guide whose organisation was left out can be left out too
   * without holding the bundle; members are read by name, in any order. */
  if (!nv_sqlite_begin (self->db, NV_SQLITE_READ, error))
    return FALSE;
  revision = read_revision (self);
  head = g_strdup_printf ("{\"revision\":%" G_GINT64_FORMAT ",\"since\":%" G_GINT64_FORMAT,
                          revision, since);
  ok = write_text (&writer, head, error)
       && write_changed (self, &writer, "category", "categories", since,
                         (FromJsonFunc) nv_category_from_json, (ToJsonFunc) nv_category_to_json,
                         (GDestroyNotify) nv_category_free, categories, error)
       && write_changed (self, &writer, "organisation", "organisations", since,
                         (FromJsonFunc) nv_organisation_from_json,
                         (ToJsonFunc) nv_organisation_to_json,
                         (GDestroyNotify) nv_organisation_free, organisations, error)
       && write_changed (self, &writer, "guide", "guides", since, (FromJsonFunc) nv_guide_from_json,
                         (ToJsonFunc) nv_guide_to_json, (GDestroyNotify) nv_guide_free, NULL, error)
       && write_slots_and_tombstones (self, &writer, since, error)
       && write_synonyms (self, &writer, since, error);
  nv_sqlite_end (self->db, TRUE, NULL);
  if (!ok)
    return FALSE;
  if (config != NULL)
    {
      g_autofree char *text = nv_json_to_string (config, FALSE);

      if (!write_text (&writer, ",\"config\":", error) || !write_text (&writer, text, error))
        return FALSE;
    }
  if (!write_text (&writer, "}", error))
    return FALSE;
  if (out_revision != NULL)
    *out_revision = revision;
  return TRUE;
}

static gboolean
exists (ServerStore *self, const char *kind, const char *id)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1", table_for_kind (kind));

  if ((stmt = server_store_cached (self, sql, NULL)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  return sqlite3_step (stmt) == SQLITE_ROW;
}

gint64
server_store_write_item (
    ServerStore *self, const char *kind, const char *id, JsonNode *node, GError **error)
{
  gint64 revision = read_revision (self) + 1;

  if (!write_document (self, kind, id, node, revision, error)
      || !write_revision (self, revision, error))
    return -1;
  return revision;
}

/* Writes one validated item as the next revision. */
static gboolean
put_document (ServerStore *self, const char *kind, const char *id, JsonNode *node, GError **error)
{
  gboolean ok;

  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = server_store_write_item (self, kind, id, node, error) > 0;
  return nv_sqlite_end (self->db, ok, error);
}

gboolean
server_store_put_category (ServerStore *self, const NvCategory *category, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);

  if (!nv_category_validate (category, error))
    return FALSE;
  node = nv_category_to_json (category);
  return put_document (self, "category", category->id, node, error);
}

gboolean
server_store_put_guide (ServerStore *self, const NvGuide *guide, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (guide != NULL, FALSE);

  if (!server_store_check_guide (self, guide, error))
    return FALSE;
  node = nv_guide_to_json (guide);
  return put_document (self, "guide", guide->id, node, error);
}

gpointer
server_store_column_item (sqlite3_stmt *stmt,
                          int           column,
                          gpointer (*from_json) (JsonNode *node, GError **error),
                          const char *kind,
                          const char *id)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  gpointer item = NULL;

  bytes = g_bytes_new (sqlite3_column_blob (stmt, column), sqlite3_column_bytes (stmt, column));
  if ((node = nv_json_parse_bytes (bytes, 0, &error)) != NULL)
    item = from_json (node, &error);
  if (item == NULL)
    server_store_warn_damaged (kind, id, error);
  return item;
}

gboolean
server_store_check_guide (ServerStore *self, const NvGuide *guide, GError **error)
{
  if (!nv_guide_validate (guide, error))
    return FALSE;
  if (!exists (self, "category", guide->category))
    {
      nv_set_field_error (error, "category", "names a category “%s” that does not exist",
                          guide->category);
      return FALSE;
    }
  for (guint i = 0; guide->related_organisations && guide->related_organisations[i]; i++)
    if (!exists (self, "organisation", guide->related_organisations[i]))
      {
        g_autofree char *field = g_strdup_printf ("related_organisations[%u]", i);

        nv_set_field_error (error, field, "names an organisation “%s” that does not exist",
                            guide->related_organisations[i]);
        return FALSE;
      }
  /* A picture is one uploaded here (server-store-images.c), named by its content. */
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const NvStep *step = g_ptr_array_index (guide->steps, i);

      if (step->image != NULL && !server_store_has_image (self, step->image))
        {
          g_autofree char *field = g_strdup_printf ("steps[%u].image", i);

          nv_set_field_error_code (error, field, "unknown-image",
                                   "names a picture “%s” that was not uploaded", step->image);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
server_store_put_organisation (ServerStore          *self,
                               const NvOrganisation *organisation,
                               GError              **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (organisation != NULL, FALSE);

  if (!nv_organisation_validate (organisation, error))
    return FALSE;
  node = nv_organisation_to_json (organisation);
  return put_document (self, "organisation", organisation->id, node, error);
}

gint64
server_store_bury_item (ServerStore *self, const char *kind, const char *id, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) remove = NULL;
  g_autoptr (NvSqliteCachedStmt) bury = NULL;
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table_for_kind (kind));
  gint64           revision = read_revision (self) + 1;

  if ((remove = server_store_cached (self, sql, error)) == NULL)
    return -1;
  sqlite3_bind_text (remove, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (remove) != SQLITE_DONE)
    {
      nv_sqlite_error (error, self->db, "Cannot delete content");
      return -1;
    }
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no %s “%s”", kind, id);
      return -1;
    }
  if ((bury = server_store_cached (self,
                                   "INSERT OR REPLACE INTO tombstones (kind, id, revision) "
                                   "VALUES (?1, ?2, ?3)",
                                   error))
      == NULL)
    return -1;
  sqlite3_bind_text (bury, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (bury, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (bury, 3, revision);
  if (sqlite3_step (bury) != SQLITE_DONE)
    {
      nv_sqlite_error (error, self->db, "Cannot record the deletion");
      return -1;
    }
  return write_revision (self, revision, error) ? revision : -1;
}

gboolean
server_store_delete (ServerStore *self, const char *kind, const char *id, GError **error)
{
  gboolean ok;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (table_for_kind (kind) == NULL)
    {
      nv_set_field_error (error, "kind", "must be category, guide or organisation");
      return FALSE;
    }
  if (!nv_sqlite_begin (self->db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = server_store_bury_item (self, kind, id, error) > 0;
  return nv_sqlite_end (self->db, ok, error);
}
