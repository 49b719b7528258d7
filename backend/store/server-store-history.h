/* server-store-history.h — every published version of guides and organisations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Content with a history (server-store-history.c)
 *
 * Each time a guide or an organisation is published with a change (an advisor's publish
 * or save, an accepted import, a restore, the seed), the document is kept as a version,
 * named by the content revision that published it, with who did it and when. Advisors
 * compare two versions and restore one: a restore publishes the old document again as
 * the next revision, which kiosks fetch like any change. @kind: "guide" or
 * "organisation". */

typedef struct
{
  gint64 revision;
  gint64 changed_at;    /* Unix seconds */
  char  *changed_by;    /* NULL: not by a staff member (the seed, an import, the CLI) */
  gint64 restored_from; /* the version it restored; 0: none */
} ServerContentVersion;

void server_content_version_free (ServerContentVersion *version);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerContentVersion, server_content_version_free)

/* TRUE for the kinds that keep versions. */
gboolean server_store_kind_has_history (const char *kind);
/* ServerContentVersion* of @id, newest first; NV_ERROR_NOT_FOUND when it has none.
 * *@out_current: the revision kiosks have now (0: deleted). */
GPtrArray *server_store_list_versions (
    ServerStore *self, const char *kind, const char *id, gint64 *out_current, GError **error);
/* The document of one version (and its row in *@out_version, if not NULL);
 * NV_ERROR_NOT_FOUND when there is no such version. */
JsonNode *server_store_get_version (ServerStore           *self,
                                    const char            *kind,
                                    const char            *id,
                                    gint64                 revision,
                                    ServerContentVersion **out_version,
                                    GError               **error);
/* Publishes version @revision of @id again as the next revision, by @actor, with an
 * audit row "content-restored"; returns that revision, -1 on failure: NV_ERROR_NOT_FOUND
 * (no such version), a field error "revision" coded "version-current" (it is what kiosks
 * have now) or "id" coded "draft-exists" (a draft waits: publish or discard it first, so
 * that no work is lost), or the guide's check (a category deleted since). */
gint64 server_store_restore_version (ServerStore *self,
                                     const char  *kind,
                                     const char  *id,
                                     gint64       revision,
                                     const char  *actor,
                                     GError     **error);

G_END_DECLS
