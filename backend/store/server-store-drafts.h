/* server-store-drafts.h — content as staff edit it: drafts, summaries, publishing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

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
  /* Not yet translated into the language: its title, its summary (when it has one) or
   * a step's text is missing there. Finnish is always there. */
  gboolean missing[NV_N_LANGS];
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
  /* Not yet translated into the language: its name, or its description, services or
   * accessibility notes where they are written in Finnish. */
  gboolean missing[NV_N_LANGS];
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
/* Organisations are published as they are saved; what an advisor types in between is
 * kept as the organisation's draft (validated as a save is), which no kiosk sees.
 * Saving or deleting the organisation removes it. */
gboolean server_store_save_organisation_draft (ServerStore          *self,
                                               const NvOrganisation *organisation,
                                               const char           *actor,
                                               GError              **error);
/* The draft of @id, or NULL: with *@error unset when there is none. *@out_updated (Unix
 * seconds) and *@out_updated_by: when and by whom it was saved. */
NvOrganisation *server_store_get_organisation_draft (
    ServerStore *self, const char *id, gint64 *out_updated, char **out_updated_by, GError **error);
/* NV_ERROR_NOT_FOUND when there is no draft. */
gboolean
server_store_discard_organisation_draft (ServerStore *self, const char *id, GError **error);

G_END_DECLS
