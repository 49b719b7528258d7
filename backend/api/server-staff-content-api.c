/* server-staff-content-api.c — advisors edit guides and organisations
 *
 * For advisors (and admins). Bodies are validated with common/ (nv_guide_from_json,
 * nv_organisation_from_json), and errors name the field from the body's top, e.g.
 * "guide.steps[1].text.fi", so the console can point at the input. Text is stored and
 * returned exactly as sent: escaping it is for whoever displays it.
 *
 * A guide is edited as a draft that no kiosk sees; publishing it is a content change
 * (the next revision), which kiosks fetch with their next `since` sync. Organisations are
 * published at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-users.h"
#include "server-store-drafts.h"
#include "server-store-history.h"

/* A guide of 30 steps, each 1000 characters in three languages, fits. */
#define CONTENT_BODY_MAX (512 * 1024)
#define ID_BODY_MAX 4096
#define ADVISORS (SERVER_ROLE_ADVISOR | SERVER_ROLE_ADMIN)

static void handle_list_categories (ServerRequest *request);
static void handle_list_guides (ServerRequest *request);
static void handle_get_guide (ServerRequest *request);
static void handle_save_draft (ServerRequest *request);
static void handle_publish (ServerRequest *request);
static void handle_discard_draft (ServerRequest *request);
static void handle_delete_guide (ServerRequest *request);
static void handle_list_organisations (ServerRequest *request);
static void handle_get_organisation (ServerRequest *request);
static void handle_save_organisation (ServerRequest *request);
static void handle_delete_organisation (ServerRequest *request);
static void handle_save_organisation_draft (ServerRequest *request);
static void handle_get_organisation_draft (ServerRequest *request);
static void handle_discard_organisation_draft (ServerRequest *request);
static void handle_list_versions (ServerRequest *request);
static void handle_get_version (ServerRequest *request);
static void handle_restore_version (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", "/api/v1/staff/categories", handle_list_categories, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "GET", "/api/v1/staff/guides", handle_list_guides, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "GET", "/api/v1/staff/guide", handle_get_guide, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/guides/draft", handle_save_draft, SERVER_AUTH_STAFF, CONTENT_BODY_MAX,
    ADVISORS },
  { "POST", "/api/v1/staff/guides/publish", handle_publish, SERVER_AUTH_STAFF, ID_BODY_MAX,
    ADVISORS },
  { "POST", "/api/v1/staff/guides/discard-draft", handle_discard_draft, SERVER_AUTH_STAFF,
    ID_BODY_MAX, ADVISORS },
  { "POST", "/api/v1/staff/guides/delete", handle_delete_guide, SERVER_AUTH_STAFF, ID_BODY_MAX,
    ADVISORS },
  { "GET", "/api/v1/staff/organisations", handle_list_organisations, SERVER_AUTH_STAFF, 0,
    ADVISORS },
  { "GET", "/api/v1/staff/organisation", handle_get_organisation, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/organisations", handle_save_organisation, SERVER_AUTH_STAFF,
    CONTENT_BODY_MAX, ADVISORS },
  { "POST", "/api/v1/staff/organisations/delete", handle_delete_organisation, SERVER_AUTH_STAFF,
    ID_BODY_MAX, ADVISORS },
  { "GET", "/api/v1/staff/organisation/draft", handle_get_organisation_draft, SERVER_AUTH_STAFF, 0,
    ADVISORS },
  { "POST", "/api/v1/staff/organisations/draft", handle_save_organisation_draft, SERVER_AUTH_STAFF,
    CONTENT_BODY_MAX, ADVISORS },
  { "POST", "/api/v1/staff/organisations/discard-draft", handle_discard_organisation_draft,
    SERVER_AUTH_STAFF, ID_BODY_MAX, ADVISORS },
  { "GET", "/api/v1/staff/versions", handle_list_versions, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "GET", "/api/v1/staff/version", handle_get_version, SERVER_AUTH_STAFF, 0, ADVISORS },
  { "POST", "/api/v1/staff/versions/restore", handle_restore_version, SERVER_AUTH_STAFF,
    ID_BODY_MAX, ADVISORS },
};

const ServerRoute *
server_staff_content_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* Helpers */

/* The error, its field named from the top of the body: "guide" + "steps[1].text.fi". */
static void
reply_error_in (SoupServerMessage *msg, GError *error, const char *member)
{
  nv_error_prefix_field (error, member);
  server_reply_gerror (msg, error);
}

/* The "id" query parameter, or NULL after replying 400. */
static const char *
query_id (ServerRequest *request)
{
  const char *id = request->query != NULL ? g_hash_table_lookup (request->query, "id") : NULL;

  if (id == NULL || id[0] == '\0')
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "id",
                          "Name the item with the query parameter id");
      return NULL;
    }
  return id;
}

/* The "id" of a body {"id": ID}, or NULL after replying. */
static char *
body_id (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;
  char       *id = NULL;

  if ((object = server_read_json_object (request, ID_BODY_MAX, &root)) == NULL)
    return NULL;
  if (!nv_json_read_string (object, "id", TRUE, &id, &error))
    server_reply_gerror (request->msg, error);
  return id;
}

/* "missing": the codes of the languages it is not yet translated into. */
static void
add_missing (JsonBuilder *builder, const gboolean *missing)
{
  json_builder_set_member_name (builder, "missing");
  json_builder_begin_array (builder);
  for (guint lang = 0; lang < NV_N_LANGS; lang++)
    if (missing[lang])
      json_builder_add_string_value (builder, nv_lang_to_code ((NvLang) lang));
  json_builder_end_array (builder);
}

static void
add_text (JsonBuilder *builder, const char *member, const NvText *text)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_value (builder, nv_text_to_json (text));
}

/* Categories */

static void
add_category (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  json_builder_add_value (builder, nv_category_to_json (item));
}

static void
handle_list_categories (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) categories = server_store_list_categories (request->store, &error);

  server_reply_list (request->msg, "categories", categories, error, add_category, NULL);
}

/* Guides */

static const char *
guide_status (gboolean published, gboolean draft)
{
  if (published && draft)
    return "published+draft";
  return draft ? "draft" : "published";
}

/* @user_data: today in Helsinki, YYYY-MM-DD. */
static void
add_guide_summary (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerGuideSummary *guide = item;
  const char               *today = user_data;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", guide->id);
  server_json_add_string (builder, "category", guide->category);
  add_text (builder, "title", &guide->title);
  server_json_add_string (builder, "owner", guide->owner);
  server_json_add_string (builder, "review_date", guide->review_date);
  json_builder_set_member_name (builder, "review_due");
  /* Both are YYYY-MM-DD: text order is date order. */
  json_builder_add_boolean_value (builder, guide->review_date != NULL
                                               && strcmp (guide->review_date, today) <= 0);
  server_json_add_string (builder, "status", guide_status (guide->published, guide->draft));
  json_builder_set_member_name (builder, "steps");
  json_builder_add_int_value (builder, guide->n_steps);
  server_json_add_unix_time (builder, "updated", guide->updated);
  server_json_add_string (builder, "updated_by", guide->updated_by);
  add_missing (builder, guide->missing);
  json_builder_end_object (builder);
}

static void
handle_list_guides (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) guides = server_store_list_guides (request->store, &error);
  g_autofree char *today = server_api_today (request);

  server_reply_list (request->msg, "guides", guides, error, add_guide_summary, today);
}

/* ?id=ID: {"published", "draft", "revision"}, the revision that published it (0: none). */
static void
handle_get_guide (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvGuide) published = NULL;
  g_autoptr (NvGuide) draft = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  const char *id;
  gint64      revision;

  if ((id = query_id (request)) == NULL)
    return;
  if (!server_store_get_guide_versions (request->store, id, &published, &draft, &revision, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_node (builder, "published",
                        published != NULL ? nv_guide_to_json (published) : NULL);
  server_json_add_node (builder, "draft", draft != NULL ? nv_guide_to_json (draft) : NULL);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* {"guide": guide JSON} → {"id", "status"}; kiosks see nothing of it. */
static void
handle_save_draft (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvGuide) guide = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  gboolean    published = FALSE;
  JsonObject *object;

  if ((object = server_read_json_object (request, CONTENT_BODY_MAX, &root)) == NULL)
    return;
  if ((guide = nv_guide_from_json (json_object_get_member (object, "guide"), &error)) == NULL
      || !server_store_save_guide_draft (request->store, guide, request->staff->name, &published,
                                         &error))
    {
      reply_error_in (request->msg, error, "guide");
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", guide->id);
  server_json_add_string (builder, "status", guide_status (published, TRUE));
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* {"id"} → {"id", "revision"}: the draft is the published guide from that revision on. */
static void
handle_publish (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  gint64           revision;

  if ((id = body_id (request)) == NULL)
    return;
  revision = server_store_publish_guide_draft (request->store, id, request->staff->name, &error);
  if (revision < 0)
    {
      /* The draft was checked again: a category deleted since it was saved. */
      reply_error_in (request->msg, error, "guide");
      return;
    }
  server_reply_id (request->msg, SOUP_STATUS_OK, id, revision);
}

static void
handle_discard_draft (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  if ((id = body_id (request)) == NULL)
    return;
  if (!server_store_discard_guide_draft (request->store, id, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_delete_guide (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  if ((id = body_id (request)) == NULL)
    return;
  if (!server_store_delete_guide (request->store, id, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Organisations */

static void
add_organisation_summary (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerOrganisationSummary *organisation = item;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", organisation->id);
  add_text (builder, "name", &organisation->name);
  server_json_add_string (builder, "municipality", organisation->municipality);
  server_json_add_string (builder, "kind", organisation->kind);
  server_json_add_unix_time (builder, "updated", organisation->updated);
  add_missing (builder, organisation->missing);
  json_builder_end_object (builder);
}

static void
handle_list_organisations (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) organisations = server_store_list_organisations (request->store, &error);

  server_reply_list (request->msg, "organisations", organisations, error, add_organisation_summary,
                     NULL);
}

static void
handle_get_organisation (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autoptr (JsonNode) node = NULL;
  const char *id;

  if ((id = query_id (request)) == NULL)
    return;
  if ((organisation = server_store_get_organisation (request->store, id, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  node = nv_organisation_to_json (organisation);
  server_reply_json (request->msg, SOUP_STATUS_OK, node);
}

/* {"organisation": organisation JSON} → {"id", "revision"}: created or replaced, and
 * published at once. */
static void
handle_save_organisation (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  JsonObject *object;
  gint64      revision = -1;

  if ((object = server_read_json_object (request, CONTENT_BODY_MAX, &root)) == NULL)
    return;
  organisation
      = nv_organisation_from_json (json_object_get_member (object, "organisation"), &error);
  if (organisation != NULL)
    revision = server_store_save_organisation (request->store, organisation, request->staff->name,
                                               &error);
  if (revision < 0)
    {
      reply_error_in (request->msg, error, "organisation");
      return;
    }
  server_reply_id (request->msg, SOUP_STATUS_OK, organisation->id, revision);
}

static void
handle_delete_organisation (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  if ((id = body_id (request)) == NULL)
    return;
  if (!server_store_delete_organisation (request->store, id, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Organisations' drafts: what an advisor types, kept as they type. */

/* {"organisation": organisation JSON} → {"id"}: kept as its draft, replacing an earlier
 * one; the organisation and kiosks are unchanged. */
static void
handle_save_organisation_draft (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  JsonObject *object;

  if ((object = server_read_json_object (request, CONTENT_BODY_MAX, &root)) == NULL)
    return;
  organisation
      = nv_organisation_from_json (json_object_get_member (object, "organisation"), &error);
  if (organisation == NULL
      || !server_store_save_organisation_draft (request->store, organisation, request->staff->name,
                                                &error))
    {
      reply_error_in (request->msg, error, "organisation");
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", organisation->id);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* ?id= → {"draft": organisation or null, "updated", "updated_by"}. */
static void
handle_get_organisation_draft (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) draft = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autofree char *updated_by = NULL;
  gint64           updated = 0;
  const char      *id;

  if ((id = query_id (request)) == NULL)
    return;
  draft = server_store_get_organisation_draft (request->store, id, &updated, &updated_by, &error);
  if (error != NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_node (builder, "draft", draft != NULL ? nv_organisation_to_json (draft) : NULL);
  server_json_add_unix_time (builder, "updated", updated);
  server_json_add_string (builder, "updated_by", updated_by);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

static void
handle_discard_organisation_draft (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;

  if ((id = body_id (request)) == NULL)
    return;
  if (!server_store_discard_organisation_draft (request->store, id, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Versions: every published version of a guide or an organisation. */

/* The "kind" query parameter, "guide" or "organisation", or NULL after replying 400. */
static const char *
query_kind (ServerRequest *request)
{
  const char *kind = request->query != NULL ? g_hash_table_lookup (request->query, "kind") : NULL;

  if (!server_store_kind_has_history (kind))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "kind",
                          "Name the kind of item with kind=guide or kind=organisation");
      return NULL;
    }
  return kind;
}

static void
add_version (JsonBuilder *builder, const ServerContentVersion *version)
{
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, version->revision);
  server_json_add_unix_time (builder, "changed_at", version->changed_at);
  server_json_add_string (builder, "changed_by", version->changed_by);
  json_builder_set_member_name (builder, "restored_from");
  if (version->restored_from > 0)
    json_builder_add_int_value (builder, version->restored_from);
  else
    json_builder_add_null_value (builder);
}

/* ?kind=&id= → {"kind", "id", "current", "versions": [{"revision", "changed_at",
 * "changed_by", "restored_from"}…]}, newest first; "current": the revision kiosks have
 * (null: deleted). */
static void
handle_list_versions (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  const char *kind, *id;
  gint64      current = 0;

  if ((kind = query_kind (request)) == NULL || (id = query_id (request)) == NULL)
    return;
  if ((versions = server_store_list_versions (request->store, kind, id, &current, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_string (builder, "kind", kind);
  server_json_add_string (builder, "id", id);
  json_builder_set_member_name (builder, "current");
  if (current > 0)
    json_builder_add_int_value (builder, current);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "versions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < versions->len; i++)
    {
      json_builder_begin_object (builder);
      add_version (builder, g_ptr_array_index (versions, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* ?kind=&id=&revision= → {"revision", "changed_at", "changed_by", "restored_from",
 * "document"}. */
static void
handle_get_version (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) document = NULL;
  g_autoptr (ServerContentVersion) version = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  const char *kind, *id, *text;
  gint64      revision = 0;

  if ((kind = query_kind (request)) == NULL || (id = query_id (request)) == NULL)
    return;
  text = g_hash_table_lookup (request->query, "revision");
  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &revision, NULL))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "revision",
                          "Name the version with the query parameter revision, a number from 1");
      return;
    }
  document = server_store_get_version (request->store, kind, id, revision, &version, &error);
  if (document == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  add_version (builder, version);
  server_json_add_node (builder, "document", g_steal_pointer (&document));
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}

/* {"kind", "id", "revision"} → {"id", "revision"}: that version published again as the
 * next revision, audited. */
static void
handle_restore_version (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  JsonObject      *object;
  gint64           revision = 0;
  gint64           restored;

  if ((object = server_read_json_object (request, ID_BODY_MAX, &root)) == NULL)
    return;
  if (!nv_json_read_string (object, "kind", TRUE, &kind, &error)
      || !nv_json_read_string (object, "id", TRUE, &id, &error)
      || !nv_json_read_int (object, "revision", 1, G_MAXINT64, 0, &revision, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  if (!server_store_kind_has_history (kind))
    nv_set_field_error_code (&error, "kind", "invalid", "must be “guide” or “organisation”");
  else if (revision == 0)
    nv_set_field_error_code (&error, "revision", "required", "is required");
  if (error != NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  restored = server_store_restore_version (request->store, kind, id, revision, request->staff->name,
                                           &error);
  if (restored < 0)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  server_reply_id (request->msg, SOUP_STATUS_OK, id, restored);
}
