/* server-store.h — the backend's SQLite store: the only place with SQL
 *
 * This header has the store itself and the content kiosks receive; each other concern
 * has its own header (server-store-kiosks.h, -events.h, -users.h, -appointments.h,
 * -drafts.h, -reports.h), beside the file that implements it.
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
/* The data directory the store lives in. */
const char *server_store_get_directory (ServerStore *self);
/* Tests only: the store's notion of now, in Unix seconds (default: the real time). */
typedef gint64 (*ServerClockFunc) (gpointer user_data);
void   server_store_set_clock (ServerStore *self, ServerClockFunc func, gpointer user_data);
gint64 server_store_now (ServerStore *self);

gint64 server_store_get_revision (ServerStore *self);
/* The store's epoch: a random id, new when a backup is restored, so that a revision
 * number names content only together with it (docs/sync.md). */
const char *server_store_get_epoch (ServerStore *self);
/* The first revision of the epoch: a kiosk that reports an older one saw another epoch's
 * content (0: the store was never restored). */
gint64 server_store_get_revision_floor (ServerStore *self);
/* A new random epoch, 16 hexadecimal digits. */
char *server_store_new_epoch (void);
/* Everything changed after @since (0: everything), with tombstones of what was deleted
 * after it; the bundle's revision is the store's current revision. */
NvContent *server_store_get_content (ServerStore *self, gint64 since, GError **error);
/* The same bundle in its wire format (docs/api.md), written to @output record by record as
 * it is read, so that no more than one item is in memory however large the bundle: what
 * a stored item refers to is checked as server_store_get_content () checks it. @config,
 * when given, is written as the "config" member; *@out_revision gets the bundle's
 * revision. */
gboolean server_store_write_content (ServerStore   *self,
                                     gint64         since,
                                     JsonNode      *config,
                                     GOutputStream *output,
                                     gint64        *out_revision,
                                     GError       **error);

/* Each validates, writes in one transaction and bumps the global revision. */
gboolean server_store_put_category (ServerStore *self, const NvCategory *category, GError **error);
gboolean server_store_put_guide (ServerStore *self, const NvGuide *guide, GError **error);
gboolean server_store_put_organisation (ServerStore          *self,
                                        const NvOrganisation *organisation,
                                        GError              **error);
/* @kind: "category", "guide" or "organisation". NV_ERROR_NOT_FOUND when absent. */
gboolean server_store_delete (ServerStore *self, const char *kind, const char *id, GError **error);

G_END_DECLS
