/* server-store.h — the backend's SQLite store: the only place with SQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "nv-common.h"
#include "nv-event.h"

G_BEGIN_DECLS

#define SERVER_TYPE_STORE (server_store_get_type ())

G_DECLARE_FINAL_TYPE (ServerStore, server_store, SERVER, STORE, GObject)

/* Opens (creating and migrating) @data_dir/neuvokas.db. On first start, when the
 * store holds no content yet, it is seeded from @seed_dir (may be NULL: no seeding)
 * in one transaction as revision 1. */
ServerStore *server_store_open (const char *data_dir, const char *seed_dir, GError **error);
int          server_store_schema_version (void);

gint64 server_store_get_revision (ServerStore *self);
/* Everything changed after @since (0: everything), with tombstones of what was deleted
 * after it; the bundle's revision is the store's current revision. */
NvContent *server_store_get_content (ServerStore *self, gint64 since, GError **error);

/* Each validates, writes in one transaction and bumps the global revision. */
gboolean server_store_put_category (ServerStore *self, const NvCategory *category, GError **error);
gboolean server_store_put_guide (ServerStore *self, const NvGuide *guide, GError **error);
gboolean server_store_put_organisation (ServerStore          *self,
                                        const NvOrganisation *organisation,
                                        GError              **error);
/* @kind: "category", "guide" or "organisation". NV_ERROR_NOT_FOUND when absent. */
gboolean server_store_delete (ServerStore *self, const char *kind, const char *id, GError **error);

G_END_DECLS

G_BEGIN_DECLS

/* Kiosks (server-store-kiosks.c) */

typedef struct
{
  char  *id;
  char  *name;
  char  *municipality;
  gint64 created;          /* Unix seconds */
  gint64 revoked;          /* 0: not revoked */
  gint64 last_contact;     /* 0: never */
  gint64 content_revision; /* -1: not reported */
  char  *app_version;      /* NULL: not reported */
  gint64 outbox_backlog;   /* -1: not reported */
} ServerKiosk;

void server_kiosk_free (ServerKiosk *kiosk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerKiosk, server_kiosk_free)

/* Registers a kiosk; *@out_token is its bearer token, shown once and never stored. */
gboolean   server_store_add_kiosk (ServerStore *self,
                                   const char  *name,
                                   const char  *municipality,
                                   char       **out_id,
                                   char       **out_token,
                                   GError     **error);
GPtrArray *server_store_list_kiosks (ServerStore *self, GError **error);
gboolean   server_store_revoke_kiosk (ServerStore *self, const char *id, GError **error);
/* The kiosk id for a valid, unrevoked token; NULL otherwise. */
char *server_store_authenticate_kiosk (ServerStore *self, const char *token);
/* Records that the kiosk called; a negative number or NULL leaves a field as it was. */
void server_store_note_kiosk_contact (ServerStore *self,
                                      const char  *id,
                                      const char  *app_version,
                                      gint64       content_revision,
                                      gint64       outbox_backlog);

/* Usage events (server-store-events.c) */

/* Stores each event once, in one transaction; (*@out_inserted)[i] is FALSE for an id
 * that was already stored (a retried push). */
gboolean server_store_insert_events (ServerStore *self,
                                     const char  *kiosk_id,
                                     GPtrArray   *events,
                                     GArray     **out_inserted,
                                     GError     **error);
/* Several kiosks' batches in ONE transaction (group commit): (*@out_inserted)[b] is
 * the GArray of gboolean for batch b. */
gboolean server_store_insert_event_batches (ServerStore *self,
                                            GPtrArray   *kiosk_ids,
                                            GPtrArray   *batches,
                                            GPtrArray  **out_inserted,
                                            GError     **error);
gint64   server_store_count_events (ServerStore *self);
/* The data directory the store lives in. */
const char *server_store_get_directory (ServerStore *self);

/* The export columns, in order (docs/events.md). */
#define SERVER_EVENT_N_COLUMNS 12
extern const char *const server_event_columns[SERVER_EVENT_N_COLUMNS];

/* Called once per row, values as text (NULL for null); return FALSE to stop. */
typedef gboolean (*ServerEventRowFunc) (const char *const *values,
                                        gpointer           user_data,
                                        GError           **error);
/* Streams the events with from <= time < to (either may be NULL), of the kiosks named
 * (NULL or empty: all), ordered by time, without holding them in memory. */
gboolean server_store_export_events (ServerStore       *self,
                                     GDateTime         *from,
                                     GDateTime         *to,
                                     const char *const *kiosk_ids,
                                     ServerEventRowFunc func,
                                     gpointer           user_data,
                                     GError           **error);

G_END_DECLS

G_BEGIN_DECLS

/* Staff accounts, sessions and sign-in throttling (server-store-users.c) */

/* A bitmask, so a route can name the roles it admits (server-route.h). */
typedef enum
{
  SERVER_ROLE_ADVISOR = 1 << 0,
  SERVER_ROLE_EVALUATOR = 1 << 1,
  SERVER_ROLE_ADMIN = 1 << 2,
} ServerRole;

#define SERVER_ROLES_ANY (SERVER_ROLE_ADVISOR | SERVER_ROLE_EVALUATOR | SERVER_ROLE_ADMIN)

#define SERVER_PASSWORD_MIN_CHARS 10
#define SERVER_PASSWORD_MAX_BYTES 1024
#define SERVER_SESSION_MAX_AGE (8 * 60 * 60) /* seconds: absolute */
#define SERVER_SESSION_IDLE (30 * 60)        /* seconds without a request */
#define SERVER_LOGIN_FREE_FAILURES 3
#define SERVER_LOGIN_MAX_DELAY (15 * 60)

/* "advisor", "evaluator", "admin"; NULL for anything else. */
const char *server_role_to_string (ServerRole role);
/* FALSE for anything but one of the three names. */
gboolean server_role_from_string (const char *text, ServerRole *out_role);
/* 2 to 64 of a-z 0-9 . _ - @, starting with a letter or digit. */
gboolean server_user_name_is_valid (const char *name);

typedef struct
{
  gint64     id;
  char      *name;
  ServerRole role;
  gint64     created;  /* Unix seconds */
  gint64     disabled; /* 0: enabled */
} ServerUser;

void server_user_free (ServerUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerUser, server_user_free)

/* A signed-in staff member, as the HTTP layer hands it to handlers. */
typedef struct
{
  gint64     user_id;
  char      *name;
  ServerRole role;
  char      *token_hash; /* the session's key; the token itself is never stored */
  char      *csrf_token;
  gint64     expires; /* Unix seconds */
} ServerSession;

void server_session_free (ServerSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerSession, server_session_free)

/* Tests only: the store's notion of now, in Unix seconds (default: the real time). */
typedef gint64 (*ServerClockFunc) (gpointer user_data);
void   server_store_set_clock (ServerStore *self, ServerClockFunc func, gpointer user_data);
gint64 server_store_now (ServerStore *self);

/* Validates the name, role and password (at least SERVER_PASSWORD_MIN_CHARS characters)
 * and keeps only an Argon2id hash of the password. NV_ERROR_CONFLICT for a taken name. */
gboolean server_store_add_user (
    ServerStore *self, const char *name, ServerRole role, const char *password, GError **error);
GPtrArray *server_store_list_users (ServerStore *self, GError **error);
/* NULL with NV_ERROR_NOT_FOUND when there is no such user. */
ServerUser *server_store_find_user (ServerStore *self, const char *name, GError **error);
/* Disabling also ends the user's sessions; disabling twice is not an error. */
gboolean server_store_disable_user (ServerStore *self, const char *name, GError **error);
/* Replaces the password and ends the user's sessions. */
gboolean server_store_set_password (ServerStore *self,
                                    const char  *name,
                                    const char  *password,
                                    GError     **error);
/* The enabled user with this name and password, or NULL. Takes the same time whether
 * or not the name exists, so the answer tells nothing about which names do. */
ServerUser *server_store_check_password (ServerStore *self, const char *name, const char *password);

/* Starts a session of SERVER_SESSION_MAX_AGE; *@out_token (for the cookie) is stored
 * only as a hash. Removes expired sessions on the way. */
ServerSession *
server_store_create_session (ServerStore *self, gint64 user_id, char **out_token, GError **error);
/* The live session of an enabled user for @token, or NULL; an expired one is removed. */
ServerSession *server_store_authenticate_session (ServerStore *self, const char *token);
void           server_store_delete_session (ServerStore *self, const char *token_hash);

/* Throttling, per @key ("user:NAME", "addr:IP"): after SERVER_LOGIN_FREE_FAILURES
 * failures, the next try must wait 2^(failures - 3) s after the last, at most
 * SERVER_LOGIN_MAX_DELAY. Returns the seconds left to wait; 0: go ahead. */
gint64 server_store_login_delay (ServerStore *self, const char *key);
void   server_store_note_login_failure (ServerStore *self, const char *key);
void   server_store_clear_login_failures (ServerStore *self, const char *key);
/* Appointment slots and requests (server-store-appointments.c)
 *
 * Slots are content: each change bumps the global revision, taken places too, so kiosks
 * learn that a slot is full. Requests are personal data (docs/privacy.md): each function
 * that reads a name or phone number writes one audit_log row per request, by @actor, in
 * the same transaction, so nothing is read without its row. @now: NULL for the current
 * time (tests and the command line's NEUVOKAS_NOW give another). */

/* Validates and writes a slot (insert or update) as the next revision. The slot's taken
 * places are the server's own count: @slot->taken is not written. A capacity below the
 * places already taken is refused on field "capacity". */
gboolean server_store_put_slot (ServerStore *self, const NvSlot *slot, GError **error);
/* Like put, for a new slot whose id the store makes ("slot-" and 8 hex digits);
 * @slot->id is ignored. Returns the id. */
char *server_store_add_slot (ServerStore *self, const NvSlot *slot, GError **error);
/* Cancels a slot as the next revision; the requests that held a place in it and are not
 * done are flagged needs_new_time (their number in *@out_flagged). NV_ERROR_NOT_FOUND,
 * or NV_ERROR_CONFLICT when it is already cancelled. */
gboolean
server_store_cancel_slot (ServerStore *self, const char *id, guint *out_flagged, GError **error);
/* NvSlot* starting at or after @from (NULL: all), by start time. */
GPtrArray *server_store_list_slots (ServerStore *self, GDateTime *from, GError **error);

typedef enum
{
  SERVER_SLOT_RESULT_NONE,           /* the request named no slot */
  SERVER_SLOT_RESULT_TAKEN,          /* it took a place */
  SERVER_SLOT_RESULT_NEEDS_NEW_TIME, /* full, cancelled, past or unknown: stored anyway */
} ServerSlotResult;

const char *server_slot_result_to_string (ServerSlotResult result); /* NULL for NONE */

typedef struct
{
  gboolean         duplicate; /* this id was stored before: nothing changed now */
  ServerSlotResult slot;      /* for a duplicate, what the first time gave */
} ServerAppointmentResult;

/* Stores validated requests in ONE write transaction, each once (by its client
 * UUID), taking a place in its slot when one is free. Never drops a request for want of a
 * place. *@out_results: a GArray of ServerAppointmentResult, one per request. */
gboolean server_store_insert_appointments (ServerStore *self,
                                           const char  *kiosk_id,
                                           GPtrArray   *appointments,
                                           GArray     **out_results,
                                           GError     **error);

/* Outcomes of a handled request: solved, referred, home-visit-booked, no-answer,
 * cancelled. */
gboolean server_appointment_outcome_is_valid (const char *outcome);

typedef struct
{
  char      *id;
  char      *reference;
  char      *kiosk;
  GDateTime *created;
  GDateTime *received;
  char      *reason;
  char      *contact_method;
  char      *slot;
  GDateTime *slot_starts_at; /* NULL: no slot, or a slot the store does not know */
  GStrv      preferred_days;
  char      *preferred_time;
  char      *language;
  char      *guide;
  guint      guide_step;
  char      *name;  /* personal data; NULL once purged */
  char      *phone; /* personal data; NULL once purged */
  gboolean   needs_new_time;
  char      *state; /* open, contacted, done */
  char      *outcome;
  GDateTime *contacted_at;
  GDateTime *done_at;
  GDateTime *purged_at;
} ServerAppointment;

void server_appointment_free (ServerAppointment *appointment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerAppointment, server_appointment_free)

/* Requests not done (@all: every one), open first, each state by received time. Audit
 * action "list". */
GPtrArray *server_store_list_appointments (
    ServerStore *self, gboolean all, const char *actor, GDateTime *now, GError **error);
/* One request by its id or its reference (any case). NV_ERROR_NOT_FOUND; NV_ERROR_CONFLICT
 * when a reference names more than one. Audit action "show". */
ServerAppointment *server_store_show_appointment (ServerStore *self,
                                                  const char  *id_or_reference,
                                                  const char  *actor,
                                                  GDateTime   *now,
                                                  GError     **error);
/* Moves a request on: @state "contacted" (from open) or "done" (from open or contacted,
 * with a valid @outcome). Returns the request as it now is. Audit action "mark". */
ServerAppointment *server_store_mark_appointment (ServerStore *self,
                                                  const char  *id_or_reference,
                                                  const char  *state,
                                                  const char  *outcome,
                                                  const char  *actor,
                                                  GDateTime   *now,
                                                  GError     **error);
/* Erases name and phone of the requests done more than @retention_days before @now, and
 * notes when; reason, outcome, times and guide stay for evaluation. Audit action "purge"
 * per request. */
gboolean server_store_purge_appointments (ServerStore *self,
                                          guint        retention_days,
                                          const char  *actor,
                                          GDateTime   *now,
                                          guint       *out_purged,
                                          GError     **error);

G_END_DECLS

G_BEGIN_DECLS

/* Content as staff edit it (server-store-drafts.c)
 *
 * A guide may have a draft beside its published version. Saving a draft is no content
 * change: the revision stays and no kiosk ever sees it. Publishing, deleting and saving
 * an organisation are content changes like any other (the next revision, tombstones for
 * deletions), and note who made them and when. @actor: the staff member's name. */

typedef struct
{
  char    *id;
  char    *category;
  NvText   title;
  char    *owner;       /* may be NULL */
  char    *review_date; /* YYYY-MM-DD, may be NULL */
  guint    n_steps;
  gboolean published;
  gboolean draft;
  gint64   updated;    /* Unix seconds; 0: never changed here (seeded content) */
  char    *updated_by; /* NULL when @updated is 0 */
} ServerGuideSummary;

void server_guide_summary_free (ServerGuideSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerGuideSummary, server_guide_summary_free)

typedef struct
{
  char  *id;
  NvText name;
  char  *municipality;
  char  *kind;
  gint64 updated;    /* Unix seconds; 0: never changed here (seeded content) */
  char  *updated_by; /* NULL when @updated is 0 */
} ServerOrganisationSummary;

void server_organisation_summary_free (ServerOrganisationSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerOrganisationSummary, server_organisation_summary_free)

/* NvCategory*, by position. */
GPtrArray *server_store_list_categories (ServerStore *self, GError **error);
/* ServerGuideSummary* of every guide, published or only a draft, by Finnish title. A
 * guide with a draft is summarised from its draft, the version being worked on. */
GPtrArray *server_store_list_guides (ServerStore *self, GError **error);
/* A guide's published version and draft (either may be NULL, not both:
 * NV_ERROR_NOT_FOUND), and the revision that published it (0: not published). */
gboolean server_store_get_guide_versions (ServerStore *self,
                                          const char  *id,
                                          NvGuide    **out_published,
                                          NvGuide    **out_draft,
                                          gint64      *out_revision,
                                          GError     **error);
/* Checks the guide (server_store_check_guide: its fields, and that its category and
 * related organisations exist) and keeps it as its draft, replacing an earlier one.
 * *@out_published: whether the guide is also published. */
gboolean server_store_save_guide_draft (ServerStore   *self,
                                        const NvGuide *guide,
                                        const char    *actor,
                                        gboolean      *out_published,
                                        GError       **error);
/* The draft becomes the published guide as the next revision, checked again, and is
 * removed. Returns the revision; -1 with NV_ERROR_NOT_FOUND when there is no draft. */
gint64 server_store_publish_guide_draft (ServerStore *self,
                                         const char  *id,
                                         const char  *actor,
                                         GError     **error);
/* NV_ERROR_NOT_FOUND when there is no draft. */
gboolean server_store_discard_guide_draft (ServerStore *self, const char *id, GError **error);
/* Removes the published guide (a tombstone, the next revision) and its draft.
 * NV_ERROR_NOT_FOUND when there is neither. */
gboolean server_store_delete_guide (ServerStore *self, const char *id, GError **error);
/* ServerOrganisationSummary*, by Finnish name. */
GPtrArray *server_store_list_organisations (ServerStore *self, GError **error);
/* NV_ERROR_NOT_FOUND when absent. */
NvOrganisation *server_store_get_organisation (ServerStore *self, const char *id, GError **error);
/* Validates and writes (creates or replaces) an organisation as the next revision, which
 * it returns; -1 on failure. */
gint64 server_store_save_organisation (ServerStore          *self,
                                       const NvOrganisation *organisation,
                                       const char           *actor,
                                       GError              **error);
/* A tombstone, the next revision; NV_ERROR_NOT_FOUND when absent. Guides naming it keep
 * the id: kiosks pass over related organisations they do not know. */
gboolean server_store_delete_organisation (ServerStore *self, const char *id, GError **error);

/* Evaluators' reports (server-store-reports.c)
 *
 * Aggregates of anonymous data only: usage events, and the state, outcome, times and kiosk
 * of appointment requests, never a name or phone number (so reading them is not audited).
 * Every count of residents is a count of sessions (distinct visits), and a count from 1 to
 * threshold - 1 is suppressed (NULL), so no small group can be singled out. Days are
 * Europe/Helsinki days. */

#define SERVER_REPORT_THRESHOLD_DEFAULT 5

typedef struct
{
  GDateTime         *from;      /* the first instant covered */
  GDateTime         *to;        /* the instant after the last one covered */
  const char *const *kiosks;    /* NULL or empty: every kiosk */
  guint              threshold; /* counts below it (but above 0) are suppressed */
  GDateTime         *now;       /* for ages in the operations section */
} ServerReportQuery;

typedef enum
{
  SERVER_REPORT_TEXT,
  SERVER_REPORT_NUMBER,
  SERVER_REPORT_TIME, /* RFC 3339, UTC */
} ServerReportType;

const char *server_report_type_to_string (ServerReportType type);

typedef struct
{
  const char      *id;
  const char      *title[NV_N_LANGS];
  ServerReportType type;
} ServerReportColumn;

typedef struct
{
  const char               *id;
  const char *const        *title; /* NV_N_LANGS strings */
  const ServerReportColumn *columns;
  guint                     n_columns;
  /* Each row a GPtrArray of n_columns strings: numbers in C notation, times in RFC 3339;
   * NULL for a suppressed count or a value that is not known. */
  GPtrArray *rows;
} ServerReportTable;

void server_report_table_free (ServerReportTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerReportTable, server_report_table_free)

/* reach, demand, friction, handover, experience, operations */
const char *const *server_report_sections (void);
gboolean           server_report_section_is_known (const char *section);
gboolean           server_report_table_is_known (const char *section, const char *table);

/* The tables of @section (only @table when not NULL), all read in one transaction:
 * a GPtrArray of ServerReportTable. */
GPtrArray *server_store_report (ServerStore             *self,
                                const char              *section,
                                const char              *table,
                                const ServerReportQuery *query,
                                GError                 **error);

G_END_DECLS
