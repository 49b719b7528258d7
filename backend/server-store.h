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
ServerStore *server_store_open            (const char   *data_dir,
                                           const char   *seed_dir,
                                           GError      **error);
int          server_store_schema_version  (void);

gint64       server_store_get_revision    (ServerStore  *self);
/* Everything changed after @since (0: everything), with tombstones of what was deleted
 * after it; the bundle's revision is the store's current revision. */
NvContent   *server_store_get_content     (ServerStore  *self,
                                           gint64        since,
                                           GError      **error);

/* Each validates, writes in one transaction and bumps the global revision. */
gboolean     server_store_put_category    (ServerStore       *self,
                                           const NvCategory  *category,
                                           GError           **error);
gboolean     server_store_put_guide       (ServerStore       *self,
                                           const NvGuide     *guide,
                                           GError           **error);
gboolean     server_store_put_organisation (ServerStore          *self,
                                            const NvOrganisation *organisation,
                                            GError              **error);
/* @kind: "category", "guide" or "organisation". NV_ERROR_NOT_FOUND when absent. */
gboolean     server_store_delete          (ServerStore  *self,
                                           const char   *kind,
                                           const char   *id,
                                           GError      **error);

G_END_DECLS

G_BEGIN_DECLS

/* Kiosks (server-store-kiosks.c) */

typedef struct
{
  char   *id;
  char   *name;
  char   *municipality;
  gint64  created;           /* Unix seconds */
  gint64  revoked;           /* 0: not revoked */
  gint64  last_contact;      /* 0: never */
  gint64  content_revision;  /* -1: not reported */
  char   *app_version;       /* NULL: not reported */
  gint64  outbox_backlog;    /* -1: not reported */
} ServerKiosk;

void         server_kiosk_free                (ServerKiosk  *kiosk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerKiosk, server_kiosk_free)

/* Registers a kiosk; *@out_token is its bearer token, shown once and never stored. */
gboolean     server_store_add_kiosk           (ServerStore  *self,
                                               const char   *name,
                                               const char   *municipality,
                                               char        **out_id,
                                               char        **out_token,
                                               GError      **error);
GPtrArray   *server_store_list_kiosks         (ServerStore  *self,
                                               GError      **error);
gboolean     server_store_revoke_kiosk        (ServerStore  *self,
                                               const char   *id,
                                               GError      **error);
/* The kiosk id for a valid, unrevoked token; NULL otherwise. */
char        *server_store_authenticate_kiosk  (ServerStore  *self,
                                               const char   *token);
/* Records that the kiosk called; a negative number or NULL leaves a field as it was. */
void         server_store_note_kiosk_contact  (ServerStore  *self,
                                               const char   *id,
                                               const char   *app_version,
                                               gint64        content_revision,
                                               gint64        outbox_backlog);

/* Usage events (server-store-events.c) */

/* Stores each event once, in one transaction; (*@out_inserted)[i] is FALSE for an id
 * that was already stored (a retried push). */
gboolean     server_store_insert_events       (ServerStore  *self,
                                               const char   *kiosk_id,
                                               GPtrArray    *events,
                                               GArray      **out_inserted,
                                               GError      **error);
/* Several kiosks' batches in ONE transaction (group commit): (*@out_inserted)[b] is
 * the GArray of gboolean for batch b. */
gboolean     server_store_insert_event_batches (ServerStore  *self,
                                                GPtrArray    *kiosk_ids,
                                                GPtrArray    *batches,
                                                GPtrArray   **out_inserted,
                                                GError      **error);
gint64       server_store_count_events        (ServerStore  *self);
/* The data directory the store lives in. */
const char  *server_store_get_directory       (ServerStore  *self);

/* The export columns, in order (docs/events.md). */
#define SERVER_EVENT_N_COLUMNS 12
extern const char * const server_event_columns[SERVER_EVENT_N_COLUMNS];

/* Called once per row, values as text (NULL for null); return FALSE to stop. */
typedef gboolean (*ServerEventRowFunc) (const char * const *values,
                                        gpointer            user_data,
                                        GError            **error);
/* Streams the events with from <= time < to (either may be NULL), of one kiosk or all,
 * ordered by time, without holding them in memory. */
gboolean     server_store_export_events       (ServerStore        *self,
                                               GDateTime          *from,
                                               GDateTime          *to,
                                               const char         *kiosk_id,
                                               ServerEventRowFunc  func,
                                               gpointer            user_data,
                                               GError            **error);

G_END_DECLS

G_BEGIN_DECLS

/* Staff accounts, sessions and sign-in throttling (server-store-users.c) */

/* A bitmask, so a route can name the roles it admits (server-http-private.h). */
typedef enum
{
  SERVER_ROLE_ADVISOR   = 1 << 0,
  SERVER_ROLE_EVALUATOR = 1 << 1,
  SERVER_ROLE_ADMIN     = 1 << 2,
} ServerRole;

#define SERVER_ROLES_ANY (SERVER_ROLE_ADVISOR | SERVER_ROLE_EVALUATOR | SERVER_ROLE_ADMIN)

#define SERVER_PASSWORD_MIN_CHARS   10
#define SERVER_PASSWORD_MAX_BYTES   1024
#define SERVER_SESSION_MAX_AGE      (8 * 60 * 60)  /* seconds: absolute */
#define SERVER_SESSION_IDLE         (30 * 60)      /* seconds without a request */
#define SERVER_LOGIN_FREE_FAILURES  3
#define SERVER_LOGIN_MAX_DELAY      (15 * 60)

/* "advisor", "evaluator", "admin"; NULL for anything else. */
const char  *server_role_to_string            (ServerRole   role);
/* FALSE for anything but one of the three names. */
gboolean     server_role_from_string          (const char  *text,
                                               ServerRole  *out_role);
/* 2 to 64 of a-z 0-9 . _ - @, starting with a letter or digit. */
gboolean     server_user_name_is_valid        (const char  *name);

typedef struct
{
  gint64      id;
  char       *name;
  ServerRole  role;
  gint64      created;   /* Unix seconds */
  gint64      disabled;  /* 0: enabled */
} ServerUser;

void         server_user_free                 (ServerUser  *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerUser, server_user_free)

/* A signed-in staff member, as the HTTP layer hands it to handlers. */
typedef struct
{
  gint64      user_id;
  char       *name;
  ServerRole  role;
  char       *token_hash;  /* the session's key; the token itself is never stored */
  char       *csrf_token;
  gint64      expires;     /* Unix seconds */
} ServerSession;

void         server_session_free              (ServerSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerSession, server_session_free)

/* Tests only: the store's notion of now, in Unix seconds (default: the real time). */
typedef gint64 (*ServerClockFunc) (gpointer user_data);
void         server_store_set_clock           (ServerStore     *self,
                                               ServerClockFunc  func,
                                               gpointer         user_data);
gint64       server_store_now                 (ServerStore     *self);

/* Validates the name, role and password (at least SERVER_PASSWORD_MIN_CHARS characters)
 * and keeps only an Argon2id hash of the password. NV_ERROR_CONFLICT for a taken name. */
gboolean     server_store_add_user            (ServerStore  *self,
                                               const char   *name,
                                               ServerRole    role,
                                               const char   *password,
                                               GError      **error);
GPtrArray   *server_store_list_users          (ServerStore  *self,
                                               GError      **error);
/* NULL with NV_ERROR_NOT_FOUND when there is no such user. */
ServerUser  *server_store_find_user           (ServerStore  *self,
                                               const char   *name,
                                               GError      **error);
/* Disabling also ends the user's sessions; disabling twice is not an error. */
gboolean     server_store_disable_user        (ServerStore  *self,
                                               const char   *name,
                                               GError      **error);
/* Replaces the password and ends the user's sessions. */
gboolean     server_store_set_password        (ServerStore  *self,
                                               const char   *name,
                                               const char   *password,
                                               GError      **error);
/* The enabled user with this name and password, or NULL. Takes the same time whether
 * or not the name exists, so the answer tells nothing about which names do. */
ServerUser  *server_store_check_password      (ServerStore  *self,
                                               const char   *name,
                                               const char   *password);

/* Starts a session of SERVER_SESSION_MAX_AGE; *@out_token (for the cookie) is stored
 * only as a hash. Removes expired sessions on the way. */
ServerSession *server_store_create_session    (ServerStore  *self,
                                               gint64        user_id,
                                               char        **out_token,
                                               GError      **error);
/* The live session of an enabled user for @token, or NULL; an expired one is removed. */
ServerSession *server_store_authenticate_session (ServerStore *self,
                                                  const char  *token);
void         server_store_delete_session      (ServerStore  *self,
                                               const char   *token_hash);

/* Throttling, per @key ("user:NAME", "addr:IP"): after SERVER_LOGIN_FREE_FAILURES
 * failures, the next try must wait 2^(failures - 3) s after the last, at most
 * SERVER_LOGIN_MAX_DELAY. Returns the seconds left to wait; 0: go ahead. */
gint64       server_store_login_delay         (ServerStore  *self,
                                               const char   *key);
void         server_store_note_login_failure  (ServerStore  *self,
                                               const char   *key);
void         server_store_clear_login_failures (ServerStore *self,
                                                const char  *key);

G_END_DECLS
