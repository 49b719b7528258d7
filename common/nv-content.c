/* nv-content.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-content.h"
#include "nv-content-private.h"
#include "nv-error.h"
#include "nv-json.h"
#include "nv-json-private.h"

#define MAX_BUNDLE_SIZE NV_CONTENT_MAX_SIZE

NvContent *
nv_content_new (void)
{
  NvContent *content = g_new0 (NvContent, 1);

  content->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_category_free);
  content->guides = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_guide_free);
  content->organisations = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_organisation_free);
  content->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_slot_free);
  content->tombstones = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_tombstone_free);
  content->synonyms = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_synonym_group_free);
  return content;
}

void
nv_content_free (NvContent *content)
{
  if (content == NULL)
    return;
  g_ptr_array_unref (content->categories);
  g_ptr_array_unref (content->guides);
  g_ptr_array_unref (content->organisations);
  g_ptr_array_unref (content->slots);
  g_ptr_array_unref (content->tombstones);
  g_ptr_array_unref (content->synonyms);
  nv_kiosk_config_free (content->config);
  g_free (content);
}

void
nv_tombstone_free (NvTombstone *tombstone)
{
  if (tombstone == NULL)
    return;
  g_free (tombstone->kind);
  g_free (tombstone->id);
  g_free (tombstone);
}

typedef gboolean (*ValidateFunc) (gconstpointer item, GError **error);
typedef NvContentIdFunc IdFunc;

/* Validates each item and that ids are unique; fills @ids when given. On failure
 * *@failed gets the index of the item at fault. */
static gboolean
validate_items (GPtrArray   *items,
                const char  *member,
                ValidateFunc validate,
                IdFunc       get_id,
                GHashTable  *ids,
                guint       *failed,
                GError     **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < items->len; i++)
    {
      gconstpointer    item = g_ptr_array_index (items, i);
      g_autofree char *prefix = g_strdup_printf ("%s[%u]", member, i);
      GError          *local_error = NULL;
      const char      *id;

      *failed = i;
      if (item == NULL)
        {
          nv_set_field_error (error, prefix, "is missing");
          return FALSE;
        }
      if (!validate (item, &local_error))
        {
          nv_error_prefix_field (local_error, prefix);
          g_propagate_error (error, local_error);
          return FALSE;
        }
      id = get_id (item);
      if (!g_hash_table_add (seen, (gpointer) id))
        {
          g_autofree char *field = g_strdup_printf ("%s.id", prefix);

          nv_set_field_error (error, field, "“%s” is used twice", id);
          return FALSE;
        }
      if (ids != NULL)
        g_hash_table_add (ids, (gpointer) id);
    }
  return TRUE;
}

gboolean
nv_guide_check_references (const NvGuide *guide,
                           GHashTable    *categories,
                           GHashTable    *organisations,
                           GError       **error)
{
  if (!g_hash_table_contains (categories, guide->category))
    {
      nv_set_field_error (error, "category", "names a category “%s” that does not exist",
                          guide->category);
      return FALSE;
    }
  for (guint j = 0; guide->related_organisations && guide->related_organisations[j]; j++)
    if (!g_hash_table_contains (organisations, guide->related_organisations[j]))
      {
        g_autofree char *field = g_strdup_printf ("related_organisations[%u]", j);

        nv_set_field_error (error, field, "names an organisation “%s” that does not exist",
                            guide->related_organisations[j]);
        return FALSE;
      }
  return TRUE;
}

gboolean
nv_slot_check_reference (const NvSlot *slot, GHashTable *organisations, GError **error)
{
  if (slot->organisation != NULL && !g_hash_table_contains (organisations, slot->organisation))
    {
      nv_set_field_error (error, "organisation", "“%s” is not an organisation in this bundle",
                          slot->organisation);
      return FALSE;
    }
  return TRUE;
}

gboolean
nv_content_validate (const NvContent *content, GError **error)
{
  g_autoptr (GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) organisations = g_hash_table_new (g_str_hash, g_str_equal);
  guint failed;

  g_return_val_if_fail (content != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_items (content->categories, "categories", (ValidateFunc) nv_category_validate,
                       nv_content_category_id, categories, &failed, error)
      || !validate_items (content->guides, "guides", (ValidateFunc) nv_guide_validate,
                          nv_content_guide_id, NULL, &failed, error)
      || !validate_items (content->organisations, "organisations",
                          (ValidateFunc) nv_organisation_validate, nv_content_organisation_id,
                          organisations, &failed, error)
      || !validate_items (content->slots, "slots", (ValidateFunc) nv_slot_validate,
                          nv_content_slot_id, NULL, &failed, error)
      || !validate_items (content->synonyms, "synonyms", (ValidateFunc) nv_synonym_group_validate,
                          nv_content_synonym_group_id, NULL, &failed, error))
    return FALSE;

  /* A delta may refer to items the kiosk already has: only a full bundle can be checked. */
  if (content->since != 0)
    return TRUE;
  for (guint i = 0; i < content->guides->len; i++)
    {
      GError *local_error = NULL;

      if (!nv_guide_check_references (g_ptr_array_index (content->guides, i), categories,
                                      organisations, &local_error))
        {
          g_autofree char *prefix = g_strdup_printf ("guides[%u]", i);

          nv_error_prefix_field (local_error, prefix);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  for (guint i = 0; i < content->slots->len; i++)
    {
      GError *local_error = NULL;

      if (!nv_slot_check_reference (g_ptr_array_index (content->slots, i), organisations,
                                    &local_error))
        {
          g_autofree char *prefix = g_strdup_printf ("slots[%u]", i);

          nv_error_prefix_field (local_error, prefix);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_ids (GHashTable *ids, GPtrArray *items, IdFunc get_id)
{
  for (guint i = 0; i < items->len; i++)
    g_hash_table_add (ids, (gpointer) get_id (g_ptr_array_index (items, i)));
}

void
nv_content_drop_dangling (NvContent *content, NvContentDroppedFunc dropped, gpointer user_data)
{
  g_autoptr (GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) organisations = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (content != NULL);

  if (content->since != 0)
    return;
  add_ids (categories, content->categories, nv_content_category_id);
  add_ids (organisations, content->organisations, nv_content_organisation_id);
  for (guint i = content->guides->len; i-- > 0;)
    {
      const NvGuide *guide = g_ptr_array_index (content->guides, i);
      g_autoptr (GError) error = NULL;

      if (!nv_guide_check_references (guide, categories, organisations, &error))
        {
          dropped ("guide", guide->id, error, user_data);
          g_ptr_array_remove_index (content->guides, i);
        }
    }
  for (guint i = content->slots->len; i-- > 0;)
    {
      const NvSlot *slot = g_ptr_array_index (content->slots, i);
      g_autoptr (GError) error = NULL;

      if (!nv_slot_check_reference (slot, organisations, &error))
        {
          dropped ("slot", slot->id, error, user_data);
          g_ptr_array_remove_index (content->slots, i);
        }
    }
}

static void
write_items (JsonBuilder *builder,
             const char  *member,
             GPtrArray   *items,
             JsonNode *(*to_json) (gconstpointer item))
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    json_builder_add_value (builder, to_json (g_ptr_array_index (items, i)));
  json_builder_end_array (builder);
}

JsonNode *
nv_content_to_json (const NvContent *content)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (content != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, content->revision);
  json_builder_set_member_name (builder, "since");
  json_builder_add_int_value (builder, content->since);
  write_items (builder, "categories", content->categories, (gpointer) nv_category_to_json);
  write_items (builder, "guides", content->guides, (gpointer) nv_guide_to_json);
  write_items (builder, "organisations", content->organisations,
               (gpointer) nv_organisation_to_json);
  write_items (builder, "slots", content->slots, (gpointer) nv_slot_to_json);
  if (content->has_synonyms)
    write_items (builder, "synonyms", content->synonyms, (gpointer) nv_synonym_group_to_json);
  write_items (builder, "tombstones", content->tombstones, (gpointer) nv_tombstone_to_json);
  if (content->config != NULL)
    {
      json_builder_set_member_name (builder, "config");
      json_builder_add_value (builder, nv_kiosk_config_to_json (content->config));
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
nv_content_read_config (NvContent *content, JsonNode *node)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (content != NULL);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if ((content->config = nv_kiosk_config_from_json (node, &error)) == NULL)
    {
      nv_error_prefix_field (error, "config");
      g_warning ("The server's settings for this kiosk are unusable (%s: %s); the kiosk keeps "
                 "its own",
                 nv_error_get_field (error), nv_error_get_sentence (error));
    }
}

typedef gpointer (*FromJsonFunc) (JsonNode *node, GError **error);

static gboolean
read_items (JsonObject  *object,
            const char  *member,
            GPtrArray   *items,
            FromJsonFunc from_json,
            GError     **error)
{
  JsonArray *array;

  if (!nv_json_read_array (object, member, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      GError  *local_error = NULL;
      gpointer item = from_json (json_array_get_element (array, i), &local_error);

      if (item == NULL)
        {
          g_autofree char *prefix = g_strdup_printf ("%s[%u]", member, i);

          nv_error_prefix_field (local_error, prefix);
          g_propagate_error (error, local_error);
          return FALSE;
        }
      g_ptr_array_add (items, item);
    }
  return TRUE;
}

JsonNode *
nv_tombstone_to_json (const NvTombstone *tombstone)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "kind", tombstone->kind);
  nv_json_write_string (builder, "id", tombstone->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, tombstone->revision);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

NvTombstone *
nv_tombstone_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvTombstone) tombstone = g_new0 (NvTombstone, 1);
  JsonObject *item;

  if ((item = nv_json_expect_object (node, "a tombstone", error)) == NULL
      || !nv_json_read_string (item, "kind", TRUE, &tombstone->kind, error)
      || !nv_json_read_string (item, "id", TRUE, &tombstone->id, error)
      || !nv_json_read_int (item, "revision", 0, G_MAXINT64, 0, &tombstone->revision, error))
    return NULL;
  if (!g_str_equal (tombstone->kind, "category") && !g_str_equal (tombstone->kind, "guide")
      && !g_str_equal (tombstone->kind, "organisation") && !g_str_equal (tombstone->kind, "slot"))
    {
      nv_set_field_error (error, "kind", "must be category, guide, organisation or slot");
      return NULL;
    }
  if (!nv_validate_id (tombstone->id, "id", error))
    return NULL;
  return g_steal_pointer (&tombstone);
}

NvContent *
nv_content_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvContent) content = NULL;
  JsonObject *object;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  content = nv_content_new ();
  if ((object = nv_json_expect_object (node, "a content bundle", error)) == NULL)
    return NULL;
  if (!nv_json_read_int (object, "revision", 0, G_MAXINT64, 0, &content->revision, error)
      || !nv_json_read_int (object, "since", 0, G_MAXINT64, 0, &content->since, error)
      || !read_items (object, "categories", content->categories,
                      (FromJsonFunc) nv_category_from_json, error)
      || !read_items (object, "guides", content->guides, (FromJsonFunc) nv_guide_from_json, error)
      || !read_items (object, "organisations", content->organisations,
                      (FromJsonFunc) nv_organisation_from_json, error)
      || !read_items (object, "slots", content->slots, (FromJsonFunc) nv_slot_from_json, error)
      || !read_items (object, "synonyms", content->synonyms,
                      (FromJsonFunc) nv_synonym_group_from_json, error)
      || !read_items (object, "tombstones", content->tombstones,
                      (FromJsonFunc) nv_tombstone_from_json, error))
    return NULL;
  content->has_synonyms = json_object_has_member (object, "synonyms");
  if (!nv_content_validate (content, error))
    return NULL;
  nv_content_read_config (content, json_object_get_member (object, "config"));
  return g_steal_pointer (&content);
}

NvContent *
nv_content_from_bytes (GBytes *bytes, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  if ((node = nv_json_parse_bytes (bytes, MAX_BUNDLE_SIZE, error)) == NULL)
    return NULL;
  return nv_content_from_json (node, error);
}

/* Loading the default content directory */

/* Puts the file first in the message: "guides/omaolo.json: steps[0].text.fi: is required".
 * The field stays the path inside that file. */
static void
prefix_file (GError *error, const char *file)
{
  g_autofree char *message = NULL;

  if (error == NULL || g_str_has_prefix (error->message, file))
    return;
  message = g_strdup_printf ("%s: %s", file, error->message);
  g_free (error->message);
  error->message = g_steal_pointer (&message);
}

/* Parses @name under @directory, which must hold an object with an array @member. */
static JsonArray *
load_array_file (const char *directory,
                 const char *name,
                 const char *member,
                 JsonNode  **out_node,
                 GError    **error)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autoptr (JsonNode) node = NULL;
  GError     *local_error = NULL;
  JsonObject *object;
  JsonArray  *array;

  *out_node = NULL;
  if ((node = nv_json_parse_file_named (path, name, MAX_BUNDLE_SIZE, error)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s must hold a JSON object with a “%s” array",
                   name, member);
      return NULL;
    }
  object = json_node_get_object (node);
  if (!nv_json_read_array (object, member, &array, &local_error))
    {
      prefix_file (local_error, name);
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (array == NULL)
    {
      nv_set_field_error (error, member, "is required");
      prefix_file (*error, name);
      return NULL;
    }
  *out_node = g_steal_pointer (&node);
  return array;
}

/* One file of a kind (categories.json, organisations.json): an object whose @member array
 * holds the items, each read and validated; @sample, when given, reads the file's flag that
 * the whole of it is sample data. */
static gboolean
load_items_file (const char  *directory,
                 const char  *member,
                 GPtrArray   *items,
                 FromJsonFunc from_json,
                 ValidateFunc validate,
                 IdFunc       id_of,
                 GHashTable  *ids,
                 gboolean    *sample,
                 GError     **error)
{
  g_autofree char *file = g_strdup_printf ("%s.json", member);
  g_autoptr (JsonNode) node = NULL;
  GError     *local_error = NULL;
  JsonObject *object;
  guint       failed;

  if (load_array_file (directory, file, member, &node, error) == NULL)
    return FALSE;
  object = json_node_get_object (node);
  if ((sample != NULL && !nv_json_read_bool (object, "sample", FALSE, sample, &local_error))
      || !read_items (object, member, items, from_json, &local_error)
      || !validate_items (items, member, validate, id_of, ids, &failed, &local_error))
    {
      prefix_file (local_error, file);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_categories (const char *directory, NvContent *content, GHashTable *ids, GError **error)
{
  return load_items_file (directory, "categories", content->categories,
                          (FromJsonFunc) nv_category_from_json, (ValidateFunc) nv_category_validate,
                          nv_content_category_id, ids, NULL, error);
}

static gboolean
load_organisations (const char *directory, NvContent *content, GHashTable *ids, GError **error)
{
  gboolean sample = FALSE;

  if (!load_items_file (directory, "organisations", content->organisations,
                        (FromJsonFunc) nv_organisation_from_json,
                        (ValidateFunc) nv_organisation_validate, nv_content_organisation_id, ids,
                        &sample, error))
    return FALSE;
  /* The whole directory is sample data: say so on every item, as the kiosk shows it. */
  if (sample)
    for (guint i = 0; i < content->organisations->len; i++)
      ((NvOrganisation *) g_ptr_array_index (content->organisations, i))->sample = TRUE;
  return TRUE;
}

/* synonyms.json, when the folder has one: a folder without it leaves a kiosk its own. */
static gboolean
load_synonyms (const char *directory, NvContent *content, GError **error)
{
  g_autofree char *path = g_build_filename (directory, "synonyms.json", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  content->has_synonyms = TRUE;
  return load_items_file (
      directory, "synonyms", content->synonyms, (FromJsonFunc) nv_synonym_group_from_json,
      (ValidateFunc) nv_synonym_group_validate, nv_content_synonym_group_id, NULL, NULL, error);
}

GPtrArray *
nv_content_synonyms_from_bytes (GBytes *bytes, GError **error)
{
  g_autoptr (GPtrArray) groups
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_synonym_group_free);
  g_autoptr (JsonNode) node = NULL;
  JsonObject *object;
  guint       failed;

  g_return_val_if_fail (bytes != NULL, NULL);

  if ((node = nv_json_parse_bytes (bytes, MAX_BUNDLE_SIZE, error)) == NULL
      || (object = nv_json_expect_object (node, "a synonym list", error)) == NULL
      || !read_items (object, "synonyms", groups, (FromJsonFunc) nv_synonym_group_from_json, error)
      || !validate_items (groups, "synonyms", (ValidateFunc) nv_synonym_group_validate,
                          nv_content_synonym_group_id, NULL, &failed, error))
    return NULL;
  return g_steal_pointer (&groups);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* One guide file: parsed, validated, named after its id, its references resolved. */
static NvGuide *
load_guide_file (const char *path,
                 const char *file,
                 const char *shown,
                 GHashTable *categories,
                 GHashTable *organisations,
                 GError    **error)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (NvGuide) guide = NULL;
  g_autofree char *expected = NULL;
  GError          *local_error = NULL;

  if ((node = nv_json_parse_file_named (path, shown, MAX_BUNDLE_SIZE, error)) == NULL)
    return NULL;
  if ((guide = nv_guide_from_json (node, &local_error)) != NULL)
    {
      expected = g_strdup_printf ("%s.json", guide->id);
      if (!g_str_equal (expected, file))
        nv_set_field_error (&local_error, "id", "the guide “%s” must be in a file named %s",
                            guide->id, expected);
      else
        nv_guide_check_references (guide, categories, organisations, &local_error);
    }
  if (local_error != NULL)
    {
      prefix_file (local_error, shown);
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&guide);
}

/* One guide per file, read in file name order. */
static gboolean
load_guides (const char *directory,
             NvContent  *content,
             GHashTable *categories,
             GHashTable *organisations,
             GError    **error)
{
  g_autofree char *guides_dir = g_build_filename (directory, "guides", NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GError) dir_error = NULL;
  const char *name;

  if ((dir = g_dir_open (guides_dir, 0, &dir_error)) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_IO, "guides/ cannot be read (%s)", dir_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char      *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (guides_dir, file, NULL);
      g_autofree char *shown = g_strdup_printf ("guides/%s", file);
      NvGuide         *guide;

      /* File names are unique and each is its guide's id: so are the ids. */
      if ((guide = load_guide_file (path, file, shown, categories, organisations, error)) == NULL)
        return FALSE;
      g_ptr_array_add (content->guides, guide);
    }
  return TRUE;
}

NvContent *
nv_content_load_dir (const char *directory, GError **error)
{
  g_autoptr (NvContent) content = NULL;
  g_autoptr (GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) organisations = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Every item is validated as it is read and every reference checked, each error
   * naming its file: nothing is left for nv_content_validate () to find. */
  content = nv_content_new ();
  if (!load_categories (directory, content, categories, error)
      || !load_organisations (directory, content, organisations, error)
      || !load_guides (directory, content, categories, organisations, error)
      || !load_synonyms (directory, content, error))
    return NULL;
  return g_steal_pointer (&content);
}
