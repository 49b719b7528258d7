/* server-store-private.h — shared by the files of ServerStore, and by tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "nv-sqlite.h"
#include "server-store.h"
#include "server-store-appointments.h"
#include "server-store-directory.h"

#include "server-store-calls.h"
#include "server-store-drafts.h"
#include "server-store-events.h"
#include "server-store-history.h"
#include "server-store-silence.h"
#include "server-store-kiosks.h"
#include "server-store-reports.h"
#include "server-store-slots.h"
#include "server-store-synonyms.h"
#include "server-store-users.h"

G_BEGIN_DECLS

const NvMigration *server_store_migrations (guint *n_migrations);

/* Kiosk contacts noted in memory, for the writer to write (server-store-kiosks.c). */
typedef struct _ServerContactBook ServerContactBook;
ServerContactBook                *server_contact_book_new (void);
void                              server_contact_book_free (ServerContactBook *book);
ServerContactBook                *server_store_get_contact_book (ServerStore *self);

/* The store's connection, for its other source files (server-store-*.c) only. */
sqlite3 *server_store_get_db (ServerStore *self);
/* A statement from the connection's cache, for SQL that runs again and again (per
 * request, per item): give it back with g_autoptr (NvSqliteCachedStmt). */
NvSqliteCachedStmt *server_store_cached (ServerStore *self, const char *sql, GError **error);
/* A statement of its own, for SQL built per call (reports' filters) that a cache would
 * only collect. */
sqlite3_stmt *server_store_prepare (ServerStore *self, const char *sql, GError **error);

/* Tests only, before any password is hashed: Argon2id at its minimum cost, so that
 * a test suite can sign in hundreds of times. Never call this in the server. */
void server_store_use_cheap_password_hashing (void);
/* The caller holds a write transaction: the next global content revision, written as
 * the current one; -1 on failure. */
gint64 server_store_bump_revision (ServerStore *self, GError **error);
/* The caller holds a write transaction: writes a validated item of @kind ("category",
 * "guide", "organisation") as the next revision, lifting its tombstone. Returns the
 * revision, -1 on failure. */
gint64 server_store_write_item (
    ServerStore *self, const char *kind, const char *id, JsonNode *node, GError **error);
/* The caller holds a write transaction: deletes an item and leaves its tombstone, as the
 * next revision. Returns the revision; -1 with NV_ERROR_NOT_FOUND when it is absent. */
gint64 server_store_bury_item (ServerStore *self, const char *kind, const char *id, GError **error);
/* Validates a guide and checks that its category and related organisations exist; the
 * errors name the guide's own fields ("category", "related_organisations[1]"). */
gboolean server_store_check_guide (ServerStore *self, const NvGuide *guide, GError **error);
/* Logs that a stored item of @kind was left out of an answer because it does not pass
 * the validator of @error: never personal data, only the id and the sentence. */
void server_store_warn_damaged (const char *kind, const char *id, const GError *error);
/* The item in the JSON document in @column, read with @from_json (the validator every
 * reader applies); NULL, logged with server_store_warn_damaged(), when it fails. */
gpointer server_store_column_item (sqlite3_stmt *stmt,
                                   int           column,
                                   gpointer (*from_json) (JsonNode *node, GError **error),
                                   const char *kind,
                                   const char *id);
/* The caller holds a write transaction: notes who changed an item of @kind and when
 * (server-store-drafts.c). */
gboolean server_store_note_edit (
    ServerStore *self, const char *kind, const char *id, const char *actor, GError **error);
/* The caller holds a write transaction: keeps @document as the version of a guide or
 * organisation published at @revision, unless it is what is published now; and signs
 * the version published now with @actor (server-store-history.c). */
gboolean server_store_keep_version (ServerStore *self,
                                    const char  *kind,
                                    const char  *id,
                                    const char  *document,
                                    gint64       revision,
                                    GError     **error);
gboolean server_store_sign_version (
    ServerStore *self, const char *kind, const char *id, const char *actor, GError **error);
/* Validates a slot and checks that its organisation exists (server-store-appointments.c). */
gboolean server_store_check_slot (ServerStore *self, const NvSlot *slot, GError **error);
/* The caller holds a write transaction: writes @slot's row (insert or update) at
 * @revision, its taken places left as they are. */
gboolean server_store_write_slot_row (ServerStore  *self,
                                      const NvSlot *slot,
                                      gint64        revision,
                                      GError      **error);
/* The caller holds a write transaction: an audit_log row; @subject is the request's id,
 * or for a slot's row the slot's. */
gboolean server_store_audit (ServerStore *self,
                             const char  *time,
                             const char  *actor,
                             const char  *action,
                             const char  *subject,
                             GError     **error);
/* The caller holds a write transaction: an audit_log row, and what its subject alone does
 * not say as @detail (a JSON object, never personal data) in audit_details. */
gboolean server_store_audit_detail (ServerStore *self,
                                    const char  *time,
                                    const char  *actor,
                                    const char  *action,
                                    const char  *subject,
                                    JsonNode    *detail,
                                    GError     **error);
/* Appends the slots changed after @since (server-store-appointments.c). */
gboolean
server_store_read_changed_slots (ServerStore *self, gint64 since, GPtrArray *slots, GError **error);

/* The caller holds a write transaction: writes the synonym groups (NvSynonymGroup*), new
 * or replacing, as changed at @revision (server-store-synonyms.c). */
gboolean server_store_write_synonym_groups (ServerStore *self,
                                            GPtrArray   *groups,
                                            gint64       revision,
                                            GError     **error);
/* In the caller's read transaction: the whole synonym list into @content when it changed
 * after @content->since (or since is 0), setting has_synonyms. */
gboolean server_store_read_synonyms (ServerStore *self, NvContent *content, GError **error);

/* The kiosk ids as a JSON array, for "kiosk IN (SELECT value FROM json_each (?))";
 * NULL (every kiosk) for NULL or none. */
char *server_store_kiosks_json (const char *const *kiosk_ids);

G_END_DECLS
