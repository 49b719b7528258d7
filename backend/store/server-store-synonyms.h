/* server-store-synonyms.h — the directory search's synonym groups, which advisors edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* A synonym group as advisors see it: who changed it last and when (0, NULL: seeded). */
typedef struct
{
  NvSynonymGroup *group;
  gint64          updated;
  char           *updated_by;
} ServerSynonymEntry;

void server_synonym_entry_free (ServerSynonymEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerSynonymEntry, server_synonym_entry_free)

/* Every group (ServerSynonymEntry*), by id. */
GPtrArray *server_store_list_synonyms (ServerStore *self, GError **error);
/* Validates @group and writes it, new or replacing the one with its id, as the next
 * content revision (the whole list then travels to kiosks), with an audit_log row
 * "synonyms-saved" by "staff:@user". Returns the revision, -1 on failure. */
gint64 server_store_save_synonym_group (ServerStore          *self,
                                        const NvSynonymGroup *group,
                                        const char           *user,
                                        GError              **error);
/* Deletes the group @id as the next revision, audited "synonyms-deleted";
 * NV_ERROR_NOT_FOUND when there is none. */
gboolean server_store_delete_synonym_group (ServerStore *self,
                                            const char  *id,
                                            const char  *user,
                                            GError     **error);

G_END_DECLS
