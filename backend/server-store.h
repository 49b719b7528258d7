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
