/* nv-content-reader.c — a content bundle read as it arrives, record by record
 *
 * A json-glib tree of a whole bundle takes about twenty times the bundle's size (over
 * 200 MiB for 10,000 organisations), so a kiosk reads it with yajl's callback parser
 * instead: only the record being read is ever a tree, and it is turned into its item
 * (validated by the same *_from_json as a whole bundle's) as soon as it closes. The text
 * is read as strictly as nv_json_parse_data() reads it: yajl refuses what RFC 8259 does,
 * and the callbacks refuse \u0000 and deep nesting. A record that is valid JSON but not a
 * valid item is left out and logged by its id, so one bad record never costs a kiosk the
 * rest; text that is not JSON stops the reading, as nothing after it can be trusted.
 *
 * yajl keeps a string or number that spans two pieces in a buffer of its own, which
 * would grow with a string of any length: no value is let grow past
 * NV_CONTENT_MAX_RECORD_SIZE bytes from where it began.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_parse.h>

#include "nv-content-private.h"
#include "nv-content-reader.h"
#include "nv-error.h"
#include "nv-json-private.h"

/* As nv-json.c: json-glib's own limit is far deeper, real content nests seven levels. */
#define MAX_DEPTH 64

typedef gpointer (*FromJsonFunc) (JsonNode *node, GError **error);
typedef NvContentIdFunc IdFunc;

/* A member of the bundle that holds records. */
typedef struct
{
  const char    *member;
  const char    *kind; /* in the log */
  FromJsonFunc   from_json;
  IdFunc         get_id; /* NULL: ids may repeat (a tombstone's, under another kind) */
  GDestroyNotify free_func;
  gsize          offset; /* of its GPtrArray in NvContent */
} RecordKind;

static const RecordKind record_kinds[] = {
  { "categories", "category", (FromJsonFunc) nv_category_from_json, nv_content_category_id,
    (GDestroyNotify) nv_category_free, G_STRUCT_OFFSET (NvContent, categories) },
  { "guides", "guide", (FromJsonFunc) nv_guide_from_json, nv_content_guide_id,
    (GDestroyNotify) nv_guide_free, G_STRUCT_OFFSET (NvContent, guides) },
  { "organisations", "organisation", (FromJsonFunc) nv_organisation_from_json,
    nv_content_organisation_id, (GDestroyNotify) nv_organisation_free,
    G_STRUCT_OFFSET (NvContent, organisations) },
  { "slots", "slot", (FromJsonFunc) nv_slot_from_json, nv_content_slot_id,
    (GDestroyNotify) nv_slot_free, G_STRUCT_OFFSET (NvContent, slots) },
  /* Present whenever the list changed: then it is the whole list (has_synonyms). */
  { "synonyms", "synonym group", (FromJsonFunc) nv_synonym_group_from_json,
    nv_content_synonym_group_id, (GDestroyNotify) nv_synonym_group_free,
    G_STRUCT_OFFSET (NvContent, synonyms) },
  { "tombstones", "tombstone", (FromJsonFunc) nv_tombstone_from_json, NULL,
    (GDestroyNotify) nv_tombstone_free, G_STRUCT_OFFSET (NvContent, tombstones) },
};

typedef enum
{
  LEVEL_OUTSIDE, /* before the bundle's object */
  LEVEL_BUNDLE,  /* in it, between members */
  LEVEL_RECORDS, /* in a member's array of records */
  LEVEL_DONE,    /* after it */
} Level;

struct _NvContentReader
{
  yajl_handle handle;
  NvContent  *content;
  JsonObject *head; /* the members that are not records: revision, since, config */
  GHashTable *ids[G_N_ELEMENTS (record_kinds)]; /* ids read so far, per kind */
  Level       level;
  char       *member;  /* the bundle's member being read */
  int         records; /* its index in record_kinds[] when it holds records, else -1 */
  guint       index;   /* of the record being read within its array */
  GPtrArray  *stack;   /* JsonNode*: the open arrays and objects of the value being read */
  char       *key;     /* the pending member name in the object on top of the stack */
  gsize       fed;     /* bytes fed before the piece being parsed */
  gsize       mark;    /* where the value being read, or the last one, began or ended */
  GError     *error;   /* why a callback stopped the parse */
  gboolean    failed;
};

NvContentReader *
nv_content_reader_new (void)
{
  NvContentReader *reader = g_new0 (NvContentReader, 1);

  reader->content = nv_content_new ();
  reader->head = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (record_kinds); i++)
    reader->ids[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader->stack = g_ptr_array_new ();
  reader->records = -1;
  return reader;
}

void
nv_content_reader_free (NvContentReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->handle != NULL)
    yajl_free (reader->handle);
  nv_content_free (reader->content);
  json_object_unref (reader->head);
  for (guint i = 0; i < G_N_ELEMENTS (record_kinds); i++)
    g_hash_table_unref (reader->ids[i]);
  g_ptr_array_set_free_func (reader->stack, (GDestroyNotify) json_node_unref);
  g_ptr_array_unref (reader->stack);
  g_free (reader->member);
  g_free (reader->key);
  g_clear_error (&reader->error);
  g_free (reader);
}

/* Where the parser is, in bytes from the start of the bundle. */
static gsize
position (NvContentReader *reader)
{
  return reader->fed + yajl_get_bytes_consumed (reader->handle);
}

/* "organisations[12]" for the record being read, else the member. */
static char *
describe_place (NvContentReader *reader)
{
  if (reader->level == LEVEL_RECORDS)
    return g_strdup_printf ("%s[%u]", reader->member, reader->index);
  return g_strdup (reader->member != NULL ? reader->member : "the bundle");
}

static int
refuse (NvContentReader *reader, int code, const char *sentence)
{
  g_autofree char *place = describe_place (reader);

  if (reader->error == NULL)
    reader->error
        = g_error_new (NV_ERROR, code, "The content is not a bundle: %s %s", place, sentence);
  return 0;
}

static int
refuse_too_large (NvContentReader *reader)
{
  g_autofree char *sentence = g_strdup_printf ("is larger than %d bytes; a record is at most that",
                                               NV_CONTENT_MAX_RECORD_SIZE);

  return refuse (reader, NV_ERROR_TOO_LARGE, sentence);
}

/* The id of a record that could not be used, for the log: its "id" when it is a short
 * plain one, else its place. */
static char *
describe_record (NvContentReader *reader, JsonNode *node)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode   *id = object != NULL ? json_object_get_member (object, "id") : NULL;

  if (id != NULL && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING
      && nv_validate_id (json_node_get_string (id), "id", NULL))
    return g_strdup_printf ("“%s”", json_node_get_string (id));
  return describe_place (reader);
}

/* A record has closed: made into its item, or left out and logged. */
static void
take_record (NvContentReader *reader, JsonNode *node)
{
  const RecordKind *kind = &record_kinds[reader->records];
  GPtrArray        *items = G_STRUCT_MEMBER (GPtrArray *, reader->content, kind->offset);
  g_autoptr (GError) error = NULL;
  g_autofree char *field = g_strdup_printf ("%s[%u]", reader->member, reader->index);
  gpointer         item = kind->from_json (node, &error);

  if (item != NULL)
    {
      const char *id = kind->get_id != NULL ? kind->get_id (item) : NULL;

      if (id == NULL || g_hash_table_add (reader->ids[reader->records], g_strdup (id)))
        {
          g_ptr_array_add (items, item);
          reader->index++;
          return;
        }
      nv_set_field_error (&error, "id", "“%s” is used twice", id);
      kind->free_func (item);
    }
  {
    g_autofree char *record = describe_record (reader, node);

    nv_error_prefix_field (error, field);
    /* Content holds no personal data: the id and the validator's sentence are what the
     * people who run the server need to mend it. */
    g_warning ("Left out the %s %s of the server's content, which does not pass validation: %s",
               kind->kind, record, error->message);
  }
  reader->index++;
}

/* A value has closed with nothing open around it: a record, or a member of the bundle. */
static void
take_value (NvContentReader *reader, JsonNode *node)
{
  reader->mark = position (reader);
  if (reader->level == LEVEL_RECORDS)
    take_record (reader, node);
  else if (g_strcmp0 (reader->member, "revision") == 0 || g_strcmp0 (reader->member, "since") == 0
           || g_strcmp0 (reader->member, "config") == 0)
    {
      json_object_set_member (reader->head, reader->member, g_steal_pointer (&node));
      return;
    }
  json_node_unref (node);
}

/* Puts @node (taken) where the parse is: into the array or object being read, or, when
 * none is open, as a value of its own. */
static int
add_node (NvContentReader *reader, JsonNode *node)
{
  JsonNode *parent;

  if (reader->stack->len > 0 && position (reader) - reader->mark > NV_CONTENT_MAX_RECORD_SIZE)
    {
      json_node_unref (node);
      return refuse_too_large (reader);
    }
  if (reader->stack->len == 0)
    {
      if (reader->level == LEVEL_BUNDLE && reader->records >= 0)
        {
          gboolean null = JSON_NODE_HOLDS_NULL (node);

          json_node_unref (node);
          if (null)
            return 1;
          nv_set_field_error_code (&reader->error, reader->member, "wrong-type",
                                   "must be an array");
          return 0;
        }
      if (reader->level != LEVEL_BUNDLE && reader->level != LEVEL_RECORDS)
        {
          json_node_unref (node);
          return refuse (reader, NV_ERROR_PARSE, "must be a JSON object");
        }
      take_value (reader, node);
      return 1;
    }
  parent = g_ptr_array_index (reader->stack, reader->stack->len - 1);
  if (JSON_NODE_HOLDS_ARRAY (parent))
    json_array_add_element (json_node_get_array (parent), node);
  else
    json_object_set_member (json_node_get_object (parent), reader->key, node);
  g_clear_pointer (&reader->key, g_free);
  return 1;
}

static int
null_cb (void *user_data)
{
  return add_node (user_data, json_node_new (JSON_NODE_NULL));
}

static int
boolean_cb (void *user_data, int value)
{
  return add_node (user_data, json_node_init_boolean (json_node_alloc (), value));
}

static int
number_cb (void *user_data, const char *text, size_t length)
{
  g_autofree char *number = g_strndup (text, length);
  gint64           integer;

  /* As json-glib reads numbers: whole ones as integers, the rest as doubles. */
  if (strpbrk (number, ".eE") == NULL
      && g_ascii_string_to_signed (number, 10, G_MININT64, G_MAXINT64, &integer, NULL))
    return add_node (user_data, json_node_init_int (json_node_alloc (), integer));
  return add_node (user_data,
                   json_node_init_double (json_node_alloc (), g_ascii_strtod (number, NULL)));
}

/* Strings hold no U+0000 (nv-json.c says why) and are never longer than a record. */
static int
check_string (NvContentReader *reader, const unsigned char *text, size_t length)
{
  if (length > NV_CONTENT_MAX_RECORD_SIZE)
    return refuse_too_large (reader);
  if (memchr (text, '\0', length) != NULL)
    return refuse (reader, NV_ERROR_PARSE,
                   "holds the character U+0000 (\\u0000) in a string, which is not accepted");
  return 1;
}

static int
string_cb (void *user_data, const unsigned char *text, size_t length)
{
  NvContentReader *reader = user_data;

  if (!check_string (reader, text, length))
    return 0;
  return add_node (
      reader, json_node_init_string (json_node_alloc (), g_strndup ((const char *) text, length)));
}

static int
map_key_cb (void *user_data, const unsigned char *text, size_t length)
{
  NvContentReader *reader = user_data;

  if (!check_string (reader, text, length))
    return 0;
  if (reader->stack->len > 0)
    {
      g_free (reader->key);
      reader->key = g_strndup ((const char *) text, length);
      return 1;
    }
  /* A member of the bundle. */
  g_free (reader->member);
  reader->member = g_strndup ((const char *) text, length);
  reader->records = -1;
  for (guint i = 0; i < G_N_ELEMENTS (record_kinds); i++)
    if (g_str_equal (reader->member, record_kinds[i].member))
      reader->records = (int) i;
  if (g_str_equal (reader->member, "synonyms"))
    reader->content->has_synonyms = TRUE;
  reader->mark = position (reader);
  return 1;
}

static int
open_cb (NvContentReader *reader, JsonNode *node)
{
  if (reader->stack->len >= MAX_DEPTH)
    {
      json_node_unref (node);
      return refuse (reader, NV_ERROR_PARSE, "nests arrays and objects too deep");
    }
  if (reader->stack->len == 0)
    {
      /* The bundle's own object, and a member's array of records, are not kept. */
      if (reader->level == LEVEL_OUTSIDE && JSON_NODE_HOLDS_OBJECT (node))
        {
          reader->level = LEVEL_BUNDLE;
          json_node_unref (node);
          return 1;
        }
      if (reader->level == LEVEL_BUNDLE && reader->records >= 0 && JSON_NODE_HOLDS_ARRAY (node))
        {
          reader->level = LEVEL_RECORDS;
          reader->index = 0;
          json_node_unref (node);
          return 1;
        }
      if (reader->level == LEVEL_BUNDLE && reader->records >= 0)
        return add_node (reader, node); /* refused there */
      if (reader->level != LEVEL_BUNDLE && reader->level != LEVEL_RECORDS)
        {
          json_node_unref (node);
          return refuse (reader, NV_ERROR_PARSE, "must be a JSON object");
        }
      reader->mark = position (reader);
      g_ptr_array_add (reader->stack, node);
      return 1;
    }
  /* Its parent holds one reference, the stack another until it closes. */
  if (!add_node (reader, json_node_ref (node)))
    {
      json_node_unref (node);
      return 0;
    }
  g_ptr_array_add (reader->stack, node);
  return 1;
}

static int
start_map_cb (void *user_data)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), NULL);

  json_node_take_object (node, json_object_new ());
  return open_cb (user_data, node);
}

static int
start_array_cb (void *user_data)
{
  JsonNode *node = json_node_init_array (json_node_alloc (), NULL);

  json_node_take_array (node, json_array_new ());
  return open_cb (user_data, node);
}

static int
close_cb (void *user_data)
{
  NvContentReader *reader = user_data;
  JsonNode        *node;

  if (reader->stack->len == 0)
    {
      /* The end of a member's records, or of the bundle. */
      reader->level = reader->level == LEVEL_RECORDS ? LEVEL_BUNDLE : LEVEL_DONE;
      reader->mark = position (reader);
      return 1;
    }
  node = g_ptr_array_steal_index (reader->stack, reader->stack->len - 1);
  if (reader->stack->len > 0)
    {
      json_node_unref (node); /* its parent holds it */
      return 1;
    }
  if (position (reader) - reader->mark > NV_CONTENT_MAX_RECORD_SIZE)
    {
      json_node_unref (node);
      return refuse_too_large (reader);
    }
  take_value (reader, node);
  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = null_cb,
  .yajl_boolean = boolean_cb,
  .yajl_number = number_cb,
  .yajl_string = string_cb,
  .yajl_start_map = start_map_cb,
  .yajl_map_key = map_key_cb,
  .yajl_end_map = close_cb,
  .yajl_start_array = start_array_cb,
  .yajl_end_array = close_cb,
};

static gboolean
fail (NvContentReader     *reader,
      yajl_status          status,
      const unsigned char *data,
      gsize                size,
      GError             **error)
{
  reader->failed = TRUE;
  if (status == yajl_status_client_canceled && reader->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&reader->error));
      return FALSE;
    }
  {
    unsigned char   *text = yajl_get_error (reader->handle, 0, data, size);
    g_autofree char *reason = g_strstrip (g_strdup ((const char *) text));

    yajl_free_error (reader->handle, text);
    g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                 "The content is not valid JSON at byte %" G_GSIZE_FORMAT ": %s", position (reader),
                 reason);
  }
  return FALSE;
}

gboolean
nv_content_reader_feed (NvContentReader *reader, const void *data, gsize size, GError **error)
{
  yajl_status status;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (reader->failed)
    {
      g_set_error_literal (error, NV_ERROR, NV_ERROR_PARSE, "The content was refused already");
      return FALSE;
    }
  if (reader->handle == NULL)
    reader->handle = yajl_alloc (&callbacks, NULL, reader);
  if (reader->fed + size > NV_CONTENT_MAX_SIZE)
    {
      reader->failed = TRUE;
      g_set_error (error, NV_ERROR, NV_ERROR_TOO_LARGE,
                   "The content is more than %d bytes; at most that many are accepted",
                   NV_CONTENT_MAX_SIZE);
      return FALSE;
    }
  /* Whatever yajl keeps of a value not yet closed is at most this much. */
  if (reader->fed - reader->mark > NV_CONTENT_MAX_RECORD_SIZE)
    {
      refuse_too_large (reader);
      return fail (reader, yajl_status_client_canceled, data, size, error);
    }
  status = yajl_parse (reader->handle, data, size);
  if (status != yajl_status_ok)
    return fail (reader, status, data, size, error);
  reader->fed += size;
  return TRUE;
}

static void
dropped_cb (const char *kind, const char *id, const GError *error, gpointer user_data)
{
  g_warning ("Left out the %s “%s” of the server's content: %s", kind, id, error->message);
}

NvContent *
nv_content_reader_finish (NvContentReader *reader, GError **error)
{
  g_autoptr (NvContent) content = NULL;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (reader->failed)
    {
      g_set_error_literal (error, NV_ERROR, NV_ERROR_PARSE, "The content was refused already");
      return NULL;
    }
  if (reader->handle == NULL || yajl_complete_parse (reader->handle) != yajl_status_ok
      || reader->level != LEVEL_DONE)
    {
      reader->failed = TRUE;
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "The content ends before its end, after %" G_GSIZE_FORMAT " bytes", reader->fed);
      return NULL;
    }
  content = g_steal_pointer (&reader->content);
  reader->content = nv_content_new ();
  reader->failed = TRUE; /* read once */
  if (!nv_json_read_int (reader->head, "revision", 0, G_MAXINT64, 0, &content->revision, error)
      || !nv_json_read_int (reader->head, "since", 0, G_MAXINT64, 0, &content->since, error))
    return NULL;
  /* What refers to an item left out above would make the whole bundle invalid. */
  nv_content_drop_dangling (content, dropped_cb, NULL);
  nv_content_read_config (content, json_object_get_member (reader->head, "config"));
  return g_steal_pointer (&content);
}
