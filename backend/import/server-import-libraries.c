/* server-import-libraries.c
 *
 * The library directory (Kirkanta API v4, api.kirjastot.fi/v4/library?with=schedules)
 * publishes each library with its schedules: one row a day, closed or with its service
 * times, each time staffed (status 1), self-service without staff (status 2) or closed
 * (status 0), and a note ("info") such as "Juhannusaatto". The directory has weekly hours
 * and dated exceptions, so:
 *
 * - the weekly hours are, for each weekday, the staffed hours it has most often in the
 *   schedules (the earlier on a tie); that needs every weekday at least once, else the
 *   hours are not known (NULL), never "closed";
 * - every day of the schedules that the weekly hours would not tell exactly (other
 *   hours, a note, self-service times, a public holiday that is open) is a dated
 *   exception, so that each day read is shown as the library directory has it;
 * - self-service times have no place in the model (the kiosk would call them open
 *   hours, which they are not for someone who needs help): they are the day's note,
 *   "Omatoimiaika 08:00–10:00", in Finnish, Swedish and English.
 *
 * Nothing depends on the day of the import: the same records make the same entry.
 * Translatable fields are a string (a query with `lang`) or an object by language; only
 * fi, sv and en are kept. A refusal names the library's id and the field in the
 * directory's own words ("schedules[3].times[0].from").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nv-json-private.h"
#include "server-import-libraries.h"
#include "server-import-private.h"

#define MAX_NOTE_CHARS 200

struct _ServerLibraryImport
{
  GDateTime *now;
  GPtrArray *records; /* ServerLibraryRecord* */
  guint      n_items;
};

typedef struct
{
  char    *date;         /* YYYY-MM-DD */
  guint    weekday;      /* 1 = Monday */
  GArray  *staffed;      /* NvHoursRange, weekday 0, sorted */
  char    *signature;    /* the staffed ranges as text, to compare days */
  GString *self_service; /* "08:00–10:00, 20:00–21:00", empty when none */
  NvText   info;
} Day;

static void
day_free (Day *day)
{
  g_free (day->date);
  g_array_unref (day->staffed);
  g_free (day->signature);
  g_string_free (day->self_service, TRUE);
  nv_text_clear (&day->info);
  g_free (day);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Day, day_free)

void
server_library_record_free (ServerLibraryRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->record_id);
  nv_organisation_free (record->organisation);
  g_clear_error (&record->error);
  g_free (record);
}

ServerLibraryImport *
server_library_import_new (GDateTime *now)
{
  ServerLibraryImport *import;

  g_return_val_if_fail (now != NULL, NULL);

  import = g_new0 (ServerLibraryImport, 1);
  import->now = g_date_time_ref (now);
  import->records = g_ptr_array_new_with_free_func ((GDestroyNotify) server_library_record_free);
  return import;
}

void
server_library_import_free (ServerLibraryImport *import)
{
  if (import == NULL)
    return;
  g_date_time_unref (import->now);
  g_ptr_array_unref (import->records);
  g_free (import);
}

char *
server_library_directory_id (const char *library_id)
{
  g_return_val_if_fail (library_id != NULL, NULL);
  return g_strconcat (SERVER_LIBRARY_SOURCE "-", library_id, NULL);
}

/* Reading members */

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A translatable member: a string (the language asked for, taken as Finnish) or an
 * object of strings by language, of which fi, sv and en are kept. */
static gboolean
get_translated (
    JsonObject *object, const char *parent, const char *member, NvText *out, GError **error)
{
  JsonNode        *node = server_import_member_node (object, member);
  g_autofree char *field = server_import_field_at (parent, member);
  g_autoptr (GList) languages = NULL;

  if (node == NULL)
    return TRUE;
  if (is_string (node))
    {
      if (json_node_get_string (node)[0] != '\0')
        nv_text_set (out, NV_LANG_FI, json_node_get_string (node));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      nv_set_field_error (error, field, "must be a string or an object of strings by language");
      return FALSE;
    }
  languages = json_object_get_members (json_node_get_object (node));
  for (GList *l = languages; l != NULL; l = l->next)
    {
      const char *value;
      NvLang      lang;

      if (!server_import_get_string (json_node_get_object (node), field, l->data, &value, error))
        return FALSE;
      if (value != NULL && value[0] != '\0' && nv_lang_from_code (l->data, &lang))
        nv_text_set (out, lang, value);
    }
  return TRUE;
}

/* Names, address */

static gboolean
map_name (JsonObject *library, NvOrganisation *organisation, GError **error)
{
  NvText name = { 0 };

  /* A name refused halfway may have kept a language before the bad one. */
  if (!get_translated (library, NULL, "name", &name, error))
    {
      nv_text_clear (&name);
      return FALSE;
    }
  if (nv_text_is_empty (&name))
    {
      nv_set_field_error (error, "name", "is required");
      return FALSE;
    }
  if (name.text[NV_LANG_FI] == NULL)
    nv_text_set (&name, NV_LANG_FI,
                 name.text[NV_LANG_SV] != NULL ? name.text[NV_LANG_SV] : name.text[NV_LANG_EN]);
  nv_text_copy (&organisation->name, &name);
  nv_text_clear (&name);
  return nv_validate_text_line (&organisation->name, "name", 200, TRUE, error);
}

/* The municipality whose Finnish or Swedish name is @name, case aside. */
static const char *
municipality_named (const char *name)
{
  g_autofree char      *wanted = g_utf8_casefold (name, -1);
  guint                 n;
  const NvMunicipality *all = nv_municipalities (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *fi = g_utf8_casefold (all[i].name_fi, -1);
      g_autofree char *sv = g_utf8_casefold (all[i].name_sv, -1);

      if (g_str_equal (wanted, fi) || g_str_equal (wanted, sv))
        return all[i].code;
    }
  return NULL;
}

static gboolean
map_address (JsonObject *library, NvOrganisation *organisation, GError **error)
{
  JsonObject *address;
  NvText      street = { 0 }, city = { 0 };
  const char *zipcode, *code;
  gboolean    ok;

  if (!server_import_get_object (library, NULL, "address", &address, error))
    return FALSE;
  if (address == NULL)
    {
      nv_set_field_error (error, "address", "is required: the library's municipality");
      return FALSE;
    }
  ok = get_translated (address, "address", "street", &street, error)
       && get_translated (address, "address", "city", &city, error)
       && server_import_get_string (address, "address", "zipcode", &zipcode, error);
  if (ok && city.text[NV_LANG_FI] == NULL && city.text[NV_LANG_SV] == NULL)
    {
      nv_set_field_error (error, "address.city", "is required: the library's municipality");
      ok = FALSE;
    }
  if (ok
      && (code = municipality_named (city.text[NV_LANG_FI] != NULL ? city.text[NV_LANG_FI]
                                                                   : city.text[NV_LANG_SV]))
             == NULL
      && (city.text[NV_LANG_SV] == NULL
          || (code = municipality_named (city.text[NV_LANG_SV])) == NULL))
    {
      nv_set_field_error (error, "address.city", "“%s” is not a municipality of Finland",
                          city.text[NV_LANG_FI] != NULL ? city.text[NV_LANG_FI]
                                                        : city.text[NV_LANG_SV]);
      ok = FALSE;
    }
  if (ok && zipcode != NULL && (strlen (zipcode) != 5 || strspn (zipcode, "0123456789") != 5))
    {
      nv_set_field_error (error, "address.zipcode", "must be 5 digits, like 90100");
      ok = FALSE;
    }
  if (ok)
    {
      const char *street_text
          = street.text[NV_LANG_FI] != NULL ? street.text[NV_LANG_FI] : street.text[NV_LANG_SV];

      organisation->municipality = g_strdup (code);
      organisation->postal_code = g_strdup (zipcode);
      organisation->street_address = g_strdup (street_text);
      /* No post office: the directory gives the municipality, and a post office may have
       * another name (Oulunsalo in Oulu). */
      ok = nv_validate_line (organisation->street_address, "address.street", 200, FALSE, error);
    }
  nv_text_clear (&street);
  nv_text_clear (&city);
  return ok;
}

/* Schedules */

static gboolean
read_time (JsonObject *time, const char *field, const char *member, guint16 *out, GError **error)
{
  const char      *text;
  g_autofree char *sub = server_import_field_at (field, member);

  if (!server_import_get_string (time, field, member, &text, error))
    return FALSE;
  if (text == NULL)
    {
      nv_set_field_error (error, sub, "is required");
      return FALSE;
    }
  /* "08:00", and some rows carry seconds: "08:00:00". */
  if (strlen (text) == 8 && g_str_has_suffix (text, ":00"))
    {
      g_autofree char *short_text = g_strndup (text, 5);

      if (nv_parse_clock_time (short_text, out))
        return TRUE;
    }
  else if (nv_parse_clock_time (text, out))
    return TRUE;
  nv_set_field_error (error, sub, "“%s” is not a time like 08:00", text);
  return FALSE;
}

static void
add_range (GArray *ranges, guint16 opens, guint16 closes)
{
  NvHoursRange range = { 0, opens, closes };

  /* Times that touch or overlap are one span (staffed hours split by the hour). */
  for (guint i = 0; i < ranges->len; i++)
    {
      NvHoursRange *other = &g_array_index (ranges, NvHoursRange, i);

      if (range.opens <= other->closes && other->opens <= range.closes)
        {
          range.opens = MIN (range.opens, other->opens);
          range.closes = MAX (range.closes, other->closes);
          g_array_remove_index (ranges, i);
          i = (guint) -1;
        }
    }
  for (guint i = 0; i <= ranges->len; i++)
    if (i == ranges->len || g_array_index (ranges, NvHoursRange, i).opens > range.opens)
      {
        g_array_insert_val (ranges, i, range);
        break;
      }
}

static char *
ranges_text (GArray *ranges)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ranges->len; i++)
    {
      NvHoursRange    *range = &g_array_index (ranges, NvHoursRange, i);
      g_autofree char *opens = nv_format_clock_time (range->opens);
      g_autofree char *closes = nv_format_clock_time (range->closes);

      g_string_append_printf (text, "%s%s–%s", i > 0 ? ", " : "", opens, closes);
    }
  return g_string_free (text, FALSE);
}

static Day *
read_day (JsonArray *schedules, guint index, GError **error)
{
  g_autofree char *field = g_strdup_printf ("schedules[%u]", index);
  g_autofree char *date_field = server_import_field_at (field, "date");
  g_autoptr (Day) day = g_new0 (Day, 1);
  g_autoptr (GArray) self_service = g_array_new (FALSE, FALSE, sizeof (NvHoursRange));
  JsonObject *object;
  JsonArray  *times;
  const char *date;
  gboolean    closed = FALSE;
  GDate       parsed;

  day->staffed = g_array_new (FALSE, FALSE, sizeof (NvHoursRange));
  day->self_service = g_string_new (NULL);
  if ((object = server_import_element_object (schedules, index, field, error)) == NULL)
    return NULL;
  if (!server_import_get_string (object, field, "date", &date, error))
    return NULL;
  if (date == NULL || !nv_validate_date (date, date_field, NULL))
    {
      nv_set_field_error (error, date_field,
                          date == NULL ? "is required" : "“%s” is not a date like 2026-12-24",
                          date);
      return NULL;
    }
  g_date_clear (&parsed, 1);
  g_date_set_dmy (&parsed, atoi (date + 8), atoi (date + 5), atoi (date));
  day->date = g_strdup (date);
  day->weekday = g_date_get_weekday (&parsed);
  if (!server_import_get_bool (object, field, "closed", &closed, error))
    return NULL;
  if (!get_translated (object, field, "info", &day->info, error))
    return NULL;
  if (!server_import_get_array (object, field, "times", &times, error))
    return NULL;
  for (guint i = 0; !closed && times != NULL && i < json_array_get_length (times); i++)
    {
      g_autofree char *time_field = server_import_field_index (field, "times", i);
      JsonObject      *time;
      gint64           status;
      guint16          from, to;
      GError          *local_error = NULL;

      if ((time = server_import_element_object (times, i, time_field, error)) == NULL)
        return NULL;
      if (!read_time (time, time_field, "from", &from, error)
          || !read_time (time, time_field, "to", &to, error))
        return NULL;
      if (!nv_json_read_int (time, "status", 0, 2, 1, &status, &local_error))
        {
          g_autofree char *sub = server_import_field_at (time_field, "status");

          g_clear_error (&local_error);
          nv_set_field_error (error, sub, "must be 0 (closed), 1 (staffed) or 2 (self-service)");
          return NULL;
        }
      /* "00:00" at the end is the coming midnight; a span past midnight ends there, as
       * the next day has a row of its own. */
      if (to == 0 || to <= from)
        to = 1440;
      if (status == 1)
        add_range (day->staffed, from, to);
      else if (status == 2)
        add_range (self_service, from, to);
    }
  day->signature = ranges_text (day->staffed);
  {
    g_autofree char *text = ranges_text (self_service);

    g_string_append (day->self_service, text);
  }
  return g_steal_pointer (&day);
}

/* "Omatoimiaika 08:00–10:00" in each language, after the day's own note. */
static void
day_note (Day *day, NvText *out)
{
  static const char *const self_service_words[NV_N_LANGS]
      = { "Omatoimiaika", "Meröppet", "Self-service", "Omatoimiaika" };

  nv_text_copy (out, &day->info);
  if (day->self_service->len == 0)
    return;
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      const char      *info = nv_text_get (&day->info, i, NULL);
      g_autofree char *note
          = info != NULL && info[0] != '\0'
                ? g_strdup_printf ("%s. %s %s", info, self_service_words[i], day->self_service->str)
                : g_strdup_printf ("%s %s", self_service_words[i], day->self_service->str);

      if (g_utf8_strlen (note, -1) > MAX_NOTE_CHARS)
        {
          g_autofree char *cut = g_utf8_substring (note, 0, MAX_NOTE_CHARS - 1);

          g_free (note);
          note = g_strconcat (cut, "…", NULL);
        }
      nv_text_set (out, i, note);
    }
}

static gboolean
has_exception (NvOpeningHours *hours, const char *date)
{
  for (guint i = 0; i < hours->exceptions->len; i++)
    if (g_str_equal (((NvHoursException *) hours->exceptions->pdata[i])->date, date))
      return TRUE;
  return FALSE;
}

static gboolean
map_hours (JsonObject *library, NvOrganisation *organisation, GError **error)
{
  g_autoptr (GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) day_free);
  g_autoptr (NvOpeningHours) hours = NULL;
  JsonArray *schedules;
  Day       *usual[8] = { NULL };

  if (!server_import_get_array (library, NULL, "schedules", &schedules, error))
    return FALSE;
  for (guint i = 0; schedules != NULL && i < json_array_get_length (schedules); i++)
    {
      Day *day = read_day (schedules, i, error);

      if (day == NULL)
        return FALSE;
      g_ptr_array_add (days, day);
    }

  /* Each weekday's usual hours: those it has most often, the earlier on a tie. */
  for (guint weekday = 1; weekday <= 7; weekday++)
    {
      guint best_count = 0;

      for (guint i = 0; i < days->len; i++)
        {
          Day  *day = g_ptr_array_index (days, i);
          guint count = 0;

          if (day->weekday != weekday
              || nv_is_finnish_holiday (atoi (day->date), atoi (day->date + 5),
                                        atoi (day->date + 8)))
            continue;
          for (guint j = 0; j < days->len; j++)
            {
              Day *other = g_ptr_array_index (days, j);

              count += other->weekday == weekday && g_str_equal (other->signature, day->signature);
            }
          if (count > best_count)
            {
              best_count = count;
              usual[weekday] = day;
            }
        }
      /* A weekday the schedules never show: the usual week is not known. */
      if (usual[weekday] == NULL)
        return TRUE;
    }

  hours = nv_opening_hours_new ();
  for (guint weekday = 1; weekday <= 7; weekday++)
    for (guint r = 0; r < usual[weekday]->staffed->len; r++)
      {
        NvHoursRange *range = &g_array_index (usual[weekday]->staffed, NvHoursRange, r);

        nv_opening_hours_add (hours, weekday, range->opens, range->closes);
      }
  for (guint i = 0; i < days->len; i++)
    {
      Day     *day = g_ptr_array_index (days, i);
      gboolean holiday
          = nv_is_finnish_holiday (atoi (day->date), atoi (day->date + 5), atoi (day->date + 8));
      NvHoursException *exception;

      /* The same day twice: the first row counts. */
      if (has_exception (hours, day->date))
        continue;
      if (nv_text_is_empty (&day->info) && day->self_service->len == 0
          && (holiday ? day->staffed->len == 0
                      : g_str_equal (day->signature, usual[day->weekday]->signature)))
        continue;
      exception = nv_opening_hours_add_exception (hours, day->date);
      g_array_append_vals (exception->ranges, day->staffed->data, day->staffed->len);
      day_note (day, &exception->note);
    }
  organisation->hours = g_steal_pointer (&hours);
  return TRUE;
}

/* A record */

static NvOrganisation *
map_library (ServerLibraryImport *import, JsonObject *library, const char *id, GError **error)
{
  g_autoptr (NvOrganisation) organisation = nv_organisation_new ();
  GError *local_error = NULL;

  organisation->id = server_library_directory_id (id);
  organisation->kind = g_strdup ("library");
  organisation->source = g_strdup (SERVER_LIBRARY_SOURCE);
  organisation->source_id = g_strdup (id);
  organisation->checked_at = g_date_time_ref (import->now);
  if (!map_name (library, organisation, error) || !map_address (library, organisation, error)
      || !map_hours (library, organisation, error))
    return NULL;
  if (!nv_organisation_validate (organisation, &local_error))
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&organisation);
}

static void
read_item (ServerLibraryImport *import, JsonNode *node)
{
  ServerLibraryRecord *record = g_new0 (ServerLibraryRecord, 1);
  JsonNode            *id_node;

  import->n_items++;
  g_ptr_array_add (import->records, record);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      record->record_id = g_strdup_printf ("item %u", import->n_items);
      nv_set_field_error (&record->error, "(record)", "must be an object");
      return;
    }
  id_node = server_import_member_node (json_node_get_object (node), "id");
  if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node)
      && json_node_get_value_type (id_node) == G_TYPE_INT64 && json_node_get_int (id_node) > 0)
    record->record_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id_node));
  else
    {
      record->record_id = g_strdup_printf ("item %u", import->n_items);
      nv_set_field_error (&record->error, "id",
                          id_node == NULL ? "is required" : "must be the library's number");
      return;
    }
  record->organisation
      = map_library (import, json_node_get_object (node), record->record_id, &record->error);
}

static gboolean
read_items (ServerLibraryImport *import, JsonNode *items, const char *subject, GError **error)
{
  if (!JSON_NODE_HOLDS_ARRAY (items))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s: the list of libraries must be an array",
                   subject);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (items)); i++)
    read_item (import, json_array_get_element (json_node_get_array (items), i));
  return TRUE;
}

gboolean
server_library_import_add_bytes (ServerLibraryImport *import,
                                 GBytes              *bytes,
                                 const char          *subject,
                                 guint               *out_total,
                                 guint               *out_n_items,
                                 GError             **error)
{
  g_autoptr (JsonNode) root = NULL;
  JsonObject *object;
  JsonNode   *items;
  guint       n_before;
  gsize       size;
  const char *data;

  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (subject != NULL, FALSE);

  if (out_total != NULL)
    *out_total = 0;
  if (out_n_items != NULL)
    *out_n_items = 0;
  data = g_bytes_get_data (bytes, &size);
  if ((root = nv_json_parse_data (data != NULL ? data : "", size, SERVER_LIBRARY_MAX_PAGE_SIZE,
                                  subject, error))
      == NULL)
    return FALSE;

  /* Nothing of a text is kept until the whole text is known to be library records. */
  n_before = import->records->len;
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      if (!read_items (import, root, subject, error))
        return FALSE;
    }
  else if (!JSON_NODE_HOLDS_OBJECT (root))
    goto not_libraries;
  else if ((object = json_node_get_object (root)),
           (items = server_import_member_node (object, "items")) != NULL
               || (items = server_import_member_node (object, "result")) != NULL)
    {
      gint64  total = 0;
      GError *local_error = NULL;

      if (!nv_json_read_int (object, "total", 0, G_MAXINT32, 0, &total, &local_error))
        {
          g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s: %s", subject, local_error->message);
          g_clear_error (&local_error);
          return FALSE;
        }
      if (!read_items (import, items, subject, error))
        return FALSE;
      if (out_total != NULL)
        *out_total = total;
    }
  else if ((items = server_import_member_node (object, "data")) != NULL
           && JSON_NODE_HOLDS_OBJECT (items))
    read_item (import, items);
  else if (server_import_member_node (object, "schedules") != NULL
           || server_import_member_node (object, "address") != NULL)
    read_item (import, root);
  else
    goto not_libraries;
  if (out_n_items != NULL)
    *out_n_items = import->records->len - n_before;
  return TRUE;

not_libraries:
  g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
               "%s is not library directory records: a library ({\"data\": …}), a list "
               "({\"items\": […]}) or an array of libraries was expected",
               subject);
  return FALSE;
}

GPtrArray *
server_library_import_finish (ServerLibraryImport *import)
{
  g_autoptr (GPtrArray) records
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_library_record_free);
  g_autoptr (GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (import != NULL, NULL);

  for (guint i = 0; i < import->records->len; i++)
    {
      ServerLibraryRecord *record = g_ptr_array_index (import->records, i);

      g_hash_table_insert (last, record->record_id, GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < import->records->len; i++)
    {
      ServerLibraryRecord *record = g_ptr_array_index (import->records, i);

      if (GPOINTER_TO_UINT (g_hash_table_lookup (last, record->record_id)) == i)
        g_ptr_array_add (records, g_steal_pointer (&import->records->pdata[i]));
    }
  g_ptr_array_set_size (import->records, 0);
  return g_steal_pointer (&records);
}
