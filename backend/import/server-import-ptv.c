/* server-import-ptv.c
 *
 * PTV publishes a service location ("ServiceLocation" channel) with names, addresses,
 * phones, service hours, entrances with accessibility sentences and the services linked
 * to it. This file turns each into an NvOrganisation, never inventing what the record
 * does not say: no hours in force → opening hours not known (NULL), not "closed".
 *
 * Every refusal names the record and the field in PTV's own words
 * ("serviceHours[2].openingHour[0].from"), so that whoever keeps the record in PTV can
 * find it; a refused record never stops the others.
 *
 * Service hours: PTV has weekly rows (DaysOfTheWeek, OverMidnight) with an optional
 * validity period, dated rows (Exceptional, a closure or other hours for a span of
 * days) and "always open". The directory has weekly hours and dated exceptions, so:
 * weekly rows in force without an end are the weekly hours; a weekly row with a period
 * (summer hours) stands in for them on each day of its period, as a dated exception
 * (its weekdays' hours, closed on the others and on holidays); Exceptional rows become
 * dated exceptions and win over a period's on the same day; always open is every day
 * 00:00–24:00, with an exception on each Finnish public holiday (weekly hours do not
 * apply on a holiday). Dated hours are kept for this year and the next, past days
 * included: nothing depends on the day of the import but which rows are in force, so
 * the same records imported on another day make the same entry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nv-json-private.h"
#include "server-import-private.h"
#include "server-import-ptv.h"

#define MINUTES_A_DAY 1440

struct _ServerPtvImport
{
  GDateTime  *now;
  char       *today; /* YYYY-MM-DD in Helsinki */
  char       *kind;
  GPtrArray  *channels;           /* JsonNode* of ServiceLocation channels, or NULL-object */
  GPtrArray  *channel_errors;     /* parallel: ServerPtvRecord* refused while reading, or NULL */
  GHashTable *organisation_names; /* PTV organisation GUID (lower case) → NvText* */
  guint       n_items;
  guint       n_skipped;
};

/* A day's open minutes, one bit each: the importer marks, merges and reads them for each
 * of the up to 730 dated days of its window, a word at a time. */
#define MINUTE_WORDS ((MINUTES_A_DAY + 63) / 64)

typedef struct
{
  guint64 open[MINUTE_WORDS];
} DayMinutes;

typedef struct
{
  DayMinutes minutes;
  NvText     note;
} DatedHours;

static const char *const weekday_names[]
    = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

void
server_ptv_record_free (ServerPtvRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->record_id);
  nv_organisation_free (record->organisation);
  g_clear_error (&record->error);
  g_free (record);
}

static void
text_free (NvText *text)
{
  nv_text_clear (text);
  g_free (text);
}

static void
dated_hours_free (DatedHours *hours)
{
  nv_text_clear (&hours->note);
  g_free (hours);
}

ServerPtvImport *
server_ptv_import_new (GDateTime *now, const char *kind)
{
  ServerPtvImport *import;
  g_autoptr (GDateTime) local = NULL;

  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (nv_organisation_kind_is_valid (kind), NULL);

  import = g_new0 (ServerPtvImport, 1);
  import->now = g_date_time_ref (now);
  local = g_date_time_to_timezone (now, nv_helsinki_tz ());
  import->today = nv_format_date (local);
  import->kind = g_strdup (kind);
  import->channels = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  import->channel_errors = g_ptr_array_new ();
  import->organisation_names
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) text_free);
  return import;
}

void
server_ptv_import_free (ServerPtvImport *import)
{
  if (import == NULL)
    return;
  g_date_time_unref (import->now);
  g_free (import->today);
  g_free (import->kind);
  g_ptr_array_unref (import->channels);
  g_ptr_array_foreach (import->channel_errors, (GFunc) (void (*) (void)) server_ptv_record_free,
                       NULL);
  g_ptr_array_unref (import->channel_errors);
  g_hash_table_unref (import->organisation_names);
  g_free (import);
}

guint
server_ptv_import_get_n_skipped (ServerPtvImport *import)
{
  g_return_val_if_fail (import != NULL, 0);
  return import->n_skipped;
}

static gboolean
is_guid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

char *
server_ptv_directory_id (const char *guid)
{
  g_autofree char *lower = NULL;

  if (!is_guid (guid))
    return NULL;
  lower = g_ascii_strdown (guid, -1);
  return g_strconcat ("ptv-", lower, NULL);
}

/* PTV's localised lists: [{"value": …, "language": …, "type": …}]. Languages other than
 * fi, sv and en (se, smn, sms) are passed over: the kiosk speaks only those. @type: keep
 * only items of that type (NULL: any). An empty or null value is no value. */
static gboolean
read_localised (JsonObject *object,
                const char *parent,
                const char *member,
                const char *type,
                NvText     *out,
                GError    **error)
{
  JsonArray *array;

  if (!server_import_get_array (object, parent, member, &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *field = server_import_field_index (parent, member, i);
      JsonObject      *item;
      const char      *value, *language, *item_type;
      NvLang           lang;

      if ((item = server_import_element_object (array, i, field, error)) == NULL
          || !server_import_get_string (item, field, "value", &value, error)
          || !server_import_get_string (item, field, "language", &language, error)
          || !server_import_get_string (item, field, "type", &item_type, error))
        return FALSE;
      if (type != NULL && g_strcmp0 (item_type, type) != 0)
        continue;
      if (value == NULL || value[0] == '\0' || language == NULL
          || !nv_lang_from_code (language, &lang) || out->text[lang] != NULL)
        continue;
      nv_text_set (out, lang, value);
    }
  return TRUE;
}

/* Text longer than the directory keeps is cut at the last space before the limit, with
 * an ellipsis, rather than refusing a whole place for a long description. */
static void
shorten_text (NvText *text, guint max_chars)
{
  for (guint i = 0; i < NV_N_LANGS; i++)
    {
      const char *value = text->text[i];
      const char *end, *space;

      if (value == NULL || g_utf8_strlen (value, -1) <= max_chars)
        continue;
      end = g_utf8_offset_to_pointer (value, max_chars - 1);
      for (space = end; space > value && *space != ' ' && *space != '\n'; space--)
        ;
      if (space == value)
        space = end;
      g_autofree char *cut = g_strndup (value, space - value);
      g_autofree char *with_ellipsis = g_strconcat (g_strchomp (cut), "…", NULL);
      nv_text_set (text, i, with_ellipsis);
    }
}

/* "OTAVA" → "Otava", "HELSINKI-VANTAA" → "Helsinki-Vantaa": PTV writes post offices in
 * capitals, as on an envelope; a screen reads better in ordinary case. */
static char *
ordinary_case (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  GString         *out = g_string_new (NULL);
  gboolean         word_start = TRUE;

  for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, word_start ? g_unichar_totitle (c) : c);
      word_start = c == ' ' || c == '-';
    }
  return g_string_free (out, FALSE);
}

/* Names, descriptions */

static gboolean
map_names (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  NvText     names = { 0 }, alternatives = { 0 };
  JsonArray *display;
  gboolean   ok;

  ok = read_localised (channel, NULL, "serviceChannelNames", "Name", &names, error)
       && read_localised (channel, NULL, "serviceChannelNames", "AlternativeName", &alternatives,
                          error)
       && server_import_get_array (channel, NULL, "displayNameType", &display, error);
  /* displayNameType says, per language, whether the alternative name is the one shown. */
  for (guint i = 0; ok && display != NULL && i < json_array_get_length (display); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "displayNameType", i);
      JsonObject      *item;
      const char      *type, *language;
      NvLang           lang;

      if ((item = server_import_element_object (display, i, field, error)) == NULL
          || !server_import_get_string (item, field, "type", &type, error)
          || !server_import_get_string (item, field, "language", &language, error))
        ok = FALSE;
      else if (g_strcmp0 (type, "AlternativeName") == 0 && language != NULL
               && nv_lang_from_code (language, &lang) && alternatives.text[lang] != NULL)
        nv_text_set (&names, lang, alternatives.text[lang]);
    }
  if (ok && nv_text_is_empty (&names))
    {
      nv_set_field_error (error, "serviceChannelNames",
                          "has no name in Finnish, Swedish or English");
      ok = FALSE;
    }
  /* The directory needs a Finnish name to fall back on: a place named only in Swedish
   * (Åland, Ostrobothnia) keeps its own name there. */
  if (ok && names.text[NV_LANG_FI] == NULL)
    nv_text_set (&names, NV_LANG_FI,
                 names.text[NV_LANG_SV] != NULL ? names.text[NV_LANG_SV] : names.text[NV_LANG_EN]);
  if (ok && !nv_validate_text_line (&names, "serviceChannelNames", 200, TRUE, error))
    ok = FALSE;
  if (ok)
    nv_text_copy (&organisation->name, &names);
  nv_text_clear (&names);
  nv_text_clear (&alternatives);
  return ok;
}

static gboolean
map_description (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  NvText   description = { 0 }, summary = { 0 };
  gboolean ok;

  ok = read_localised (channel, NULL, "serviceChannelDescriptions", "Description", &description,
                       error)
       && read_localised (channel, NULL, "serviceChannelDescriptions", "Summary", &summary, error);
  if (ok)
    {
      /* The summary where there is no description, or where the description is too long. */
      for (guint i = 0; i < NV_N_LANGS; i++)
        if (summary.text[i] != NULL
            && (description.text[i] == NULL || g_utf8_strlen (description.text[i], -1) > 2000))
          nv_text_set (&description, i, summary.text[i]);
      shorten_text (&description, 2000);
      ok = nv_validate_text (&description, "serviceChannelDescriptions", 2000, FALSE, error);
    }
  if (ok)
    nv_text_copy (&organisation->description, &description);
  nv_text_clear (&description);
  nv_text_clear (&summary);
  return ok;
}

/* Address */

static gboolean
map_municipality (JsonObject     *address,
                  const char     *parent,
                  NvOrganisation *organisation,
                  GError        **error)
{
  JsonObject      *municipality;
  const char      *code;
  g_autofree char *field = server_import_field_at (parent, "municipality");
  g_autofree char *code_field = server_import_field_at (field, "code");

  if (!server_import_get_object (address, parent, "municipality", &municipality, error))
    return FALSE;
  if (municipality == NULL)
    return TRUE;
  if (!server_import_get_string (municipality, field, "code", &code, error))
    return FALSE;
  if (code == NULL)
    return TRUE;
  if (nv_municipality_lookup (code) == NULL)
    {
      nv_set_field_error (error, code_field,
                          "“%s” is not the code of a municipality of Finland (Statistics Finland)",
                          code);
      return FALSE;
    }
  g_free (organisation->municipality);
  organisation->municipality = g_strdup (code);
  return TRUE;
}

static gboolean
map_postal (JsonObject *address, const char *parent, NvOrganisation *organisation, GError **error)
{
  const char *postal_code;
  NvText      post_office = { 0 };
  gboolean    ok;

  if (!server_import_get_string (address, parent, "postalCode", &postal_code, error))
    return FALSE;
  if (postal_code != NULL && postal_code[0] != '\0')
    {
      gboolean digits = strlen (postal_code) == 5;

      for (guint i = 0; digits && i < 5; i++)
        digits = g_ascii_isdigit (postal_code[i]);
      if (!digits)
        {
          g_autofree char *field = server_import_field_at (parent, "postalCode");

          nv_set_field_error (error, field, "must be 5 digits, like 90100");
          return FALSE;
        }
      organisation->postal_code = g_strdup (postal_code);
    }
  ok = read_localised (address, parent, "postOffice", NULL, &post_office, error);
  if (ok)
    {
      const char *office = post_office.text[NV_LANG_FI] != NULL ? post_office.text[NV_LANG_FI]
                                                                : post_office.text[NV_LANG_SV];

      if (office != NULL)
        organisation->post_office = ordinary_case (office);
    }
  nv_text_clear (&post_office);
  return ok;
}

/* The visiting address: the first "Location" address with a street (or, failing that,
 * another kind of location address). Post-office boxes are for letters, not visits. */
static gboolean
map_address (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  JsonArray *addresses;

  if (!server_import_get_array (channel, NULL, "addresses", &addresses, error))
    return FALSE;
  for (guint i = 0; addresses != NULL && i < json_array_get_length (addresses); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "addresses", i);
      g_autofree char *street_field = server_import_field_at (field, "streetAddress");
      g_autofree char *other_field = server_import_field_at (field, "otherAddress");
      JsonObject      *address, *street, *other;
      const char      *type, *number;
      NvText           street_name = { 0 };
      gboolean         ok;

      if ((address = server_import_element_object (addresses, i, field, error)) == NULL
          || !server_import_get_string (address, field, "type", &type, error)
          || !server_import_get_object (address, field, "streetAddress", &street, error)
          || !server_import_get_object (address, field, "otherAddress", &other, error))
        return FALSE;
      if (g_strcmp0 (type, "Location") != 0 || (street == NULL && other == NULL))
        continue;
      if (street == NULL)
        return map_postal (other, other_field, organisation, error)
               && map_municipality (other, other_field, organisation, error);

      ok = server_import_get_string (street, street_field, "streetNumber", &number, error)
           && read_localised (street, street_field, "street", NULL, &street_name, error);
      if (ok)
        {
          const char *name = street_name.text[NV_LANG_FI] != NULL ? street_name.text[NV_LANG_FI]
                                                                  : street_name.text[NV_LANG_SV];

          if (name != NULL)
            organisation->street_address = number != NULL && number[0] != '\0'
                                               ? g_strdup_printf ("%s %s", name, number)
                                               : g_strdup (name);
          ok = map_postal (street, street_field, organisation, error)
               && map_municipality (street, street_field, organisation, error);
        }
      nv_text_clear (&street_name);
      return ok;
    }
  return TRUE;
}

/* Where the address names no municipality: the channel's area, when it is exactly one
 * municipality. Never a guess among several. */
static gboolean
map_area_municipality (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  JsonArray  *areas;
  const char *found = NULL;
  guint       n_found = 0;

  if (!server_import_get_array (channel, NULL, "areas", &areas, error))
    return FALSE;
  for (guint i = 0; areas != NULL && i < json_array_get_length (areas); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "areas", i);
      JsonObject      *area;
      JsonArray       *municipalities;
      const char      *type;

      if ((area = server_import_element_object (areas, i, field, error)) == NULL
          || !server_import_get_string (area, field, "type", &type, error)
          || !server_import_get_array (area, field, "municipalities", &municipalities, error))
        return FALSE;
      if (g_strcmp0 (type, "Municipality") != 0 || municipalities == NULL)
        continue;
      for (guint j = 0; j < json_array_get_length (municipalities); j++)
        {
          g_autofree char *m_field = server_import_field_index (field, "municipalities", j);
          JsonObject      *municipality;
          const char      *code;

          if ((municipality = server_import_element_object (municipalities, j, m_field, error))
                  == NULL
              || !server_import_get_string (municipality, m_field, "code", &code, error))
            return FALSE;
          if (code != NULL)
            {
              found = code;
              n_found++;
            }
        }
    }
  if (n_found != 1)
    {
      nv_set_field_error (error, "addresses",
                          "has no visiting address with a municipality, and the areas do not "
                          "name exactly one municipality");
      return FALSE;
    }
  if (nv_municipality_lookup (found) == NULL)
    {
      nv_set_field_error (error, "areas",
                          "“%s” is not the code of a municipality of Finland (Statistics Finland)",
                          found);
      return FALSE;
    }
  organisation->municipality = g_strdup (found);
  return TRUE;
}

/* Contacts */

static void
strv_add_unique (GPtrArray *array, const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), value))
      return;
  g_ptr_array_add (array, g_strdup (value));
}

static GStrv
take_strv (GPtrArray *array)
{
  if (array->len == 0)
    {
      g_ptr_array_unref (array);
      return NULL;
    }
  g_ptr_array_add (array, NULL);
  return (GStrv) g_ptr_array_free (array, FALSE);
}

static const char *
map_choice (const char *value, const char *const *from, const char *const *to)
{
  for (guint i = 0; from[i] != NULL; i++)
    if (g_strcmp0 (value, from[i]) == 0)
      return to[i];
  return NULL;
}

static gboolean
map_phones (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  static const char *const ptv_kinds[] = { "Phone", "Sms", "Fax", NULL };
  static const char *const kinds[] = { "phone", "sms", "fax", NULL };
  static const char *const ptv_charges[] = { "Chargeable", "FreeOfCharge", "Other", NULL };
  static const char *const charges[] = { "chargeable", "free", "other", NULL };
  g_autoptr (GPtrArray) plain = g_ptr_array_new_with_free_func (g_free);
  JsonArray *phones;

  if (!server_import_get_array (channel, NULL, "phoneNumbers", &phones, error))
    return FALSE;
  for (guint i = 0; phones != NULL && i < json_array_get_length (phones); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "phoneNumbers", i);
      g_autofree char *number_field = server_import_field_at (field, "number");
      g_autofree char *type_field = server_import_field_at (field, "type");
      g_autofree char *number = NULL;
      JsonObject      *item;
      const char      *type, *prefix, *digits, *charge, *description, *info, *language;
      gboolean         service_number;
      NvPhone         *phone;

      if ((item = server_import_element_object (phones, i, field, error)) == NULL
          || !server_import_get_string (item, field, "type", &type, error)
          || !server_import_get_string (item, field, "prefixNumber", &prefix, error)
          || !server_import_get_string (item, field, "number", &digits, error)
          || !server_import_get_bool (item, field, "isFinnishServiceNumber", &service_number, error)
          || !server_import_get_string (item, field, "serviceChargeType", &charge, error)
          || !server_import_get_string (item, field, "chargeDescription", &description, error)
          || !server_import_get_string (item, field, "additionalInformation", &info, error)
          || !server_import_get_string (item, field, "language", &language, error))
        return FALSE;
      /* An entry with no number (PTV has them, with only a charge type) says nothing. */
      if (digits == NULL || digits[0] == '\0')
        continue;
      if (map_choice (type, ptv_kinds, kinds) == NULL)
        {
          nv_set_field_error (error, type_field, "must be Phone, Sms or Fax");
          return FALSE;
        }
      /* A Finnish service number (0800…, 0295…) is dialled without a country prefix. */
      number = !service_number && prefix != NULL && prefix[0] != '\0'
                   ? g_strdup_printf ("%s %s", prefix, digits)
                   : g_strdup (digits);
      if (!nv_organisation_is_phone (number))
        {
          /* Not echoed: it may be a person's own number (docs/privacy.md). */
          nv_set_field_error (error, number_field,
                              "is not a phone number of 5 to 20 digits, written with digits, "
                              "spaces and a leading +");
          return FALSE;
        }
      phone = nv_phone_new ();
      phone->number = g_strdup (number);
      phone->kind = g_strdup (map_choice (type, ptv_kinds, kinds));
      phone->charge = g_strdup (map_choice (charge, ptv_charges, charges));
      phone->charge_description
          = description != NULL && description[0] != '\0' ? g_strdup (description) : NULL;
      phone->info = info != NULL && info[0] != '\0' ? g_strdup (info) : NULL;
      if (language != NULL && strlen (language) == 2)
        phone->language = g_strdup (language);
      if (organisation->phone_details == NULL)
        organisation->phone_details
            = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_phone_free);
      g_ptr_array_add (organisation->phone_details, phone);
      /* The plain list, which deployed kiosks show, has only numbers one can call. */
      if (g_str_equal (phone->kind, "phone"))
        strv_add_unique (plain, number);
    }
  organisation->phones = take_strv (g_steal_pointer (&plain));
  return TRUE;
}

static gboolean
map_emails (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  g_autoptr (GPtrArray) emails = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!server_import_get_array (channel, NULL, "emails", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "emails", i);
      g_autofree char *value_field = server_import_field_at (field, "value");
      JsonObject      *item;
      const char      *value;

      if ((item = server_import_element_object (array, i, field, error)) == NULL
          || !server_import_get_string (item, field, "value", &value, error))
        return FALSE;
      if (value == NULL || value[0] == '\0')
        continue;
      if (!nv_organisation_is_email (value))
        {
          nv_set_field_error (error, value_field, "is not an e-mail address");
          return FALSE;
        }
      strv_add_unique (emails, value);
    }
  organisation->emails = take_strv (g_steal_pointer (&emails));
  return TRUE;
}

static gboolean
map_web_pages (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  g_autoptr (GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!server_import_get_array (channel, NULL, "webPages", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "webPages", i);
      g_autofree char *url_field = server_import_field_at (field, "url");
      JsonObject      *item;
      const char      *url;

      if ((item = server_import_element_object (array, i, field, error)) == NULL
          || !server_import_get_string (item, field, "url", &url, error))
        return FALSE;
      if (url == NULL || url[0] == '\0')
        continue;
      if (!nv_organisation_is_web_page (url))
        {
          nv_set_field_error (error, url_field,
                              "is not a web address beginning with https:// or http://");
          return FALSE;
        }
      strv_add_unique (pages, url);
    }
  organisation->web_pages = take_strv (g_steal_pointer (&pages));
  return TRUE;
}

static gboolean
map_languages (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  g_autoptr (GPtrArray) languages = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (!server_import_get_array (channel, NULL, "languages", &array, error))
    return FALSE;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode   *node = json_array_get_element (array, i);
      const char *code;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
          || strlen (code = json_node_get_string (node)) != 2 || !g_ascii_islower (code[0])
          || !g_ascii_islower (code[1]))
        {
          g_autofree char *field = server_import_field_index (NULL, "languages", i);

          nv_set_field_error (error, field, "must be a two-letter language code like fi");
          return FALSE;
        }
      strv_add_unique (languages, code);
    }
  organisation->languages = take_strv (g_steal_pointer (&languages));
  return TRUE;
}

/* The sentences of the accessibility register that state a fact outright. PTV gives
 * sentences, not the register's answers; the register writes them from fixed patterns
 * in Finnish, Swedish and English, so a sentence that begins
 * so says that and nothing else. Anything else is left not known: a fact is never
 * guessed from a sentence that only hints at it (steps on a route inside may have a
 * ramp beside them). docs/directory.md lists them. */
typedef struct
{
  NvAccessFact  fact;
  NvAccessValue value;
  const char   *fi_start;
  const char   *fi_contains; /* also this, further on; may be NULL */
  const char   *en_start;
} AccessSentence;

static const AccessSentence access_sentences[] = {
  { NV_ACCESS_ACCESSIBLE_TOILET, NV_ACCESS_YES, "Toimipisteessä on esteetön wc", NULL,
    "The facility has an accessible toilet" },
  { NV_ACCESS_DISABLED_PARKING, NV_ACCESS_YES, "Liikkumisesteisten ", " autopaikka sijaitsee ",
    "The accessible parking space is located " },
  { NV_ACCESS_DISABLED_PARKING, NV_ACCESS_YES, "Liikkumisesteisten ", " autopaikkaa sijaitsee ",
    "The accessible parking spaces are located " },
  { NV_ACCESS_STEP_FREE_ENTRANCE, NV_ACCESS_NO,
    "Sisäänkäynnin yhteydessä on yli 2 cm korkeita kynnyksiä", NULL,
    "The entrance has thresholds over 2 cm high" },
};

/* What one entrance's sentences state, fact by fact. */
typedef struct
{
  NvAccessValue facts[NV_N_ACCESS_FACTS];
  gboolean      conflict[NV_N_ACCESS_FACTS];
} AccessNotes;

static void
note_access_sentence (AccessNotes *notes, const NvText *sentence)
{
  const char *fi = sentence->text[NV_LANG_FI];
  const char *en = sentence->text[NV_LANG_EN];

  for (guint i = 0; i < G_N_ELEMENTS (access_sentences); i++)
    {
      const AccessSentence *rule = &access_sentences[i];
      gboolean              says = (fi != NULL && g_str_has_prefix (fi, rule->fi_start)
                       && (rule->fi_contains == NULL || strstr (fi, rule->fi_contains) != NULL))
                      || (en != NULL && g_str_has_prefix (en, rule->en_start));

      if (!says)
        continue;
      if (notes->facts[rule->fact] != NV_ACCESS_UNKNOWN && notes->facts[rule->fact] != rule->value)
        notes->conflict[rule->fact] = TRUE;
      notes->facts[rule->fact] = rule->value;
    }
}

/* The facts of the place from its entrances' notes: a fact of the place stated yes at
 * one entrance and no at none is yes, and the other way round; an entrance is step-free
 * when any is, and known not to be only when every entrance is known not to be. */
static void
conclude_access (GArray *entrances, NvOrganisation *organisation)
{
  for (guint f = 0; f < NV_N_ACCESS_FACTS; f++)
    {
      gboolean yes = FALSE, no = FALSE, all_no = entrances->len > 0;

      for (guint e = 0; e < entrances->len; e++)
        {
          const AccessNotes *notes = &g_array_index (entrances, AccessNotes, e);

          if (notes->conflict[f])
            yes = no = TRUE;
          yes = yes || notes->facts[f] == NV_ACCESS_YES;
          no = no || notes->facts[f] == NV_ACCESS_NO;
          all_no = all_no && notes->facts[f] == NV_ACCESS_NO;
        }
      if (f == NV_ACCESS_STEP_FREE_ENTRANCE)
        organisation->access[f] = yes ? NV_ACCESS_YES : all_no ? NV_ACCESS_NO : NV_ACCESS_UNKNOWN;
      else
        organisation->access[f] = yes && !no   ? NV_ACCESS_YES
                                  : no && !yes ? NV_ACCESS_NO
                                               : NV_ACCESS_UNKNOWN;
    }
}

/* The accessibility sentences of the entrances, a line per group: "Group: sentence
 * sentence". Whole lines only, as many as the directory keeps. The facts they state
 * outright go to the place's "access" too. */
static gboolean
map_accessibility (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  GString *lines[NV_N_LANGS] = { NULL };
  g_autoptr (GArray) entrance_notes = g_array_new (FALSE, TRUE, sizeof (AccessNotes));
  JsonArray *addresses;
  gboolean   ok = TRUE;

  if (!server_import_get_array (channel, NULL, "addresses", &addresses, error))
    return FALSE;
  for (guint i = 0; i < NV_N_LANGS; i++)
    lines[i] = g_string_new (NULL);
  for (guint a = 0; ok && addresses != NULL && a < json_array_get_length (addresses); a++)
    {
      g_autofree char *a_field = server_import_field_index (NULL, "addresses", a);
      JsonObject      *address;
      JsonArray       *entrances;

      if ((address = server_import_element_object (addresses, a, a_field, error)) == NULL
          || !server_import_get_array (address, a_field, "entrances", &entrances, error))
        {
          ok = FALSE;
          break;
        }
      for (guint e = 0; ok && entrances != NULL && e < json_array_get_length (entrances); e++)
        {
          g_autofree char *e_field = server_import_field_index (a_field, "entrances", e);
          JsonObject      *entrance;
          JsonArray       *groups;
          AccessNotes     *notes;

          if ((entrance = server_import_element_object (entrances, e, e_field, error)) == NULL
              || !server_import_get_array (entrance, e_field, "accessibilitySentences", &groups,
                                           error))
            {
              ok = FALSE;
              break;
            }
          g_array_set_size (entrance_notes, entrance_notes->len + 1);
          notes = &g_array_index (entrance_notes, AccessNotes, entrance_notes->len - 1);
          for (guint g = 0; ok && groups != NULL && g < json_array_get_length (groups); g++)
            {
              g_autofree char *g_field
                  = server_import_field_index (e_field, "accessibilitySentences", g);
              JsonObject *group;
              JsonArray  *sentences;
              NvText      heading = { 0 };
              GString    *line[NV_N_LANGS] = { NULL };

              if ((group = server_import_element_object (groups, g, g_field, error)) == NULL
                  || !read_localised (group, g_field, "sentenceGroup", NULL, &heading, error)
                  || !server_import_get_array (group, g_field, "sentences", &sentences, error))
                {
                  nv_text_clear (&heading);
                  ok = FALSE;
                  break;
                }
              for (guint l = 0; l < NV_N_LANGS; l++)
                line[l] = g_string_new (heading.text[l]);
              for (guint s = 0; ok && sentences != NULL && s < json_array_get_length (sentences);
                   s++)
                {
                  g_autofree char *s_field = server_import_field_index (g_field, "sentences", s);
                  JsonObject      *sentence;
                  NvText           text = { 0 };

                  if ((sentence = server_import_element_object (sentences, s, s_field, error))
                          == NULL
                      || !read_localised (sentence, s_field, "sentence", NULL, &text, error))
                    ok = FALSE;
                  else
                    note_access_sentence (notes, &text);
                  for (guint l = 0; ok && l < NV_N_LANGS; l++)
                    if (text.text[l] != NULL)
                      {
                        g_autofree char *flat
                            = g_strdelimit (g_strdup (text.text[l]), "\r\n\t", ' ');

                        g_string_append (
                            line[l],
                            line[l]->len > 0 && s == 0 && heading.text[l] != NULL ? ": " : " ");
                        g_string_append (line[l], g_strstrip (flat));
                      }
                  nv_text_clear (&text);
                }
              for (guint l = 0; l < NV_N_LANGS; l++)
                {
                  g_autofree char *flat
                      = g_strdelimit (g_string_free (line[l], FALSE), "\r\n\t", ' ');

                  g_strstrip (flat);
                  if (flat[0] != '\0'
                      && g_utf8_strlen (lines[l]->str, -1) + 1 + g_utf8_strlen (flat, -1) <= 2000)
                    g_string_append_printf (lines[l], "%s%s", lines[l]->len > 0 ? "\n" : "", flat);
                }
              nv_text_clear (&heading);
            }
        }
    }
  for (guint l = 0; l < NV_N_LANGS; l++)
    {
      if (ok && lines[l]->len > 0)
        nv_text_set (&organisation->accessibility, l, lines[l]->str);
      g_string_free (lines[l], TRUE);
    }
  if (ok)
    conclude_access (entrance_notes, organisation);
  return ok;
}

/* The services linked to the place, by name: in v11 the channel carries each linked
 * service's name as one string, in the record's main language (Finnish). */
static gboolean
map_services (JsonObject *channel, NvOrganisation *organisation, GError **error)
{
  JsonArray *services;

  if (!server_import_get_array (channel, NULL, "services", &services, error))
    return FALSE;
  for (guint i = 0; services != NULL && i < json_array_get_length (services); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "services", i);
      g_autofree char *service_field = server_import_field_at (field, "service");
      JsonObject      *link, *service;
      const char      *name;
      NvText          *text;
      gboolean         seen = FALSE;

      if ((link = server_import_element_object (services, i, field, error)) == NULL
          || !server_import_get_object (link, field, "service", &service, error))
        return FALSE;
      if (service == NULL
          || !server_import_get_string (service, service_field, "name", &name, error))
        {
          if (service == NULL)
            continue;
          return FALSE;
        }
      if (name == NULL || name[0] == '\0')
        continue;
      if (organisation->service_names == NULL)
        organisation->service_names = g_ptr_array_new_with_free_func ((GDestroyNotify) text_free);
      for (guint j = 0; j < organisation->service_names->len; j++)
        seen = seen
               || g_strcmp0 (((NvText *) g_ptr_array_index (organisation->service_names, j))
                                 ->text[NV_LANG_FI],
                             name)
                      == 0;
      if (seen || organisation->service_names->len >= 200)
        continue;
      text = g_new0 (NvText, 1);
      nv_text_set (text, NV_LANG_FI, name);
      g_ptr_array_add (organisation->service_names, text);
    }
  return TRUE;
}

/* Service hours */

static gboolean
parse_weekday (const char *name, guint *out)
{
  for (guint i = 0; i < 7; i++)
    if (g_strcmp0 (name, weekday_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* "HH:mm:ss" (or "HH:mm") → minutes; "24:00:00" is midnight at the end of the day. */
static gboolean
parse_time (const char *text, guint *out)
{
  int   hours, minutes, seconds = 0;
  gsize length = text != NULL ? strlen (text) : 0;

  if (length != 5 && length != 8)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if ((i % 3 == 2) != (text[i] == ':') || (i % 3 != 2 && !g_ascii_isdigit (text[i])))
      return FALSE;
  hours = (text[0] - '0') * 10 + (text[1] - '0');
  minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (length == 8)
    seconds = (text[6] - '0') * 10 + (text[7] - '0');
  if (minutes > 59 || seconds > 59 || hours > 24 || (hours == 24 && (minutes > 0 || seconds > 0)))
    return FALSE;
  *out = hours * 60 + minutes;
  return TRUE;
}

/* Minutes [@from, @to) open, @to at most the end of the day. */
static void
mark (DayMinutes *day, guint from, guint to)
{
  to = MIN (to, MINUTES_A_DAY);
  while (from < to)
    {
      guint   word = from / 64, bit = from % 64;
      guint   n = MIN (64 - bit, to - from);
      guint64 bits = n == 64 ? G_MAXUINT64 : ((G_GUINT64_CONSTANT (1) << n) - 1) << bit;

      day->open[word] |= bits;
      from += n;
    }
}

static void
or_day (DayMinutes *into, const DayMinutes *from)
{
  for (guint w = 0; w < MINUTE_WORDS; w++)
    into->open[w] |= from->open[w];
}

/* The first minute from @from on that is open (@open) or closed, or the end of the day. */
static guint
next_minute (const DayMinutes *day, guint from, gboolean open)
{
  while (from < MINUTES_A_DAY)
    {
      guint   word = from / 64;
      guint64 bits = (open ? day->open[word] : ~day->open[word]) >> (from % 64);

      if (bits != 0)
        return MIN (from + (guint) __builtin_ctzll (bits), MINUTES_A_DAY);
      from = (word + 1) * 64;
    }
  return MINUTES_A_DAY;
}

/* From @from on @day to @to: on the same day when @to is later, else over midnight into
 * the next day. 00:00–00:00 is the whole day. */
static void
mark_span (DayMinutes week[7], guint day, guint from, guint to)
{
  if (to == 0 || to == MINUTES_A_DAY)
    mark (&week[day], from, MINUTES_A_DAY);
  else if (to > from)
    mark (&week[day], from, to);
  else
    {
      mark (&week[day], from, MINUTES_A_DAY);
      mark (&week[(day + 1) % 7], 0, to);
    }
}

static gboolean
read_opening_hour (JsonArray  *rows,
                   guint       index,
                   const char *parent,
                   gboolean    dated,
                   guint      *day_from,
                   guint      *day_to,
                   guint      *from,
                   guint      *to,
                   GError    **error)
{
  g_autofree char *field = server_import_field_index (parent, "openingHour", index);
  JsonObject      *row;
  const char      *day_from_text, *day_to_text, *from_text, *to_text;

  if ((row = server_import_element_object (rows, index, field, error)) == NULL
      || !server_import_get_string (row, field, "dayFrom", &day_from_text, error)
      || !server_import_get_string (row, field, "dayTo", &day_to_text, error)
      || !server_import_get_string (row, field, "from", &from_text, error)
      || !server_import_get_string (row, field, "to", &to_text, error))
    return FALSE;
  if (!dated && !parse_weekday (day_from_text, day_from))
    {
      g_autofree char *sub = server_import_field_at (field, "dayFrom");

      nv_set_field_error (error, sub, "must be a day of the week, like Monday");
      return FALSE;
    }
  if (!dated && day_to_text != NULL && day_to_text[0] != '\0'
      && !parse_weekday (day_to_text, day_to))
    {
      g_autofree char *sub = server_import_field_at (field, "dayTo");

      nv_set_field_error (error, sub, "must be a day of the week, like Friday, or empty");
      return FALSE;
    }
  if (!dated && (day_to_text == NULL || day_to_text[0] == '\0'))
    *day_to = *day_from;
  if (!parse_time (from_text, from))
    {
      g_autofree char *sub = server_import_field_at (field, "from");

      nv_set_field_error (error, sub, "not a time like 08:00:00");
      return FALSE;
    }
  if (!parse_time (to_text, to))
    {
      g_autofree char *sub = server_import_field_at (field, "to");

      nv_set_field_error (error, sub, "not a time like 16:00:00");
      return FALSE;
    }
  return TRUE;
}

/* A weekly row's minutes, into @week. */
static gboolean
read_weekly_row (
    JsonObject *hour, const char *field, gboolean over_midnight, DayMinutes week[7], GError **error)
{
  JsonArray *rows;

  if (!server_import_get_array (hour, field, "openingHour", &rows, error))
    return FALSE;
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      guint day_from, day_to, from, to;

      if (!read_opening_hour (rows, i, field, FALSE, &day_from, &day_to, &from, &to, error))
        return FALSE;
      if (over_midnight && day_to != day_from)
        {
          /* Open from @from on the first day through to @to on the last. */
          mark (&week[day_from], from, MINUTES_A_DAY);
          for (guint d = (day_from + 1) % 7; d != day_to; d = (d + 1) % 7)
            mark (&week[d], 0, MINUTES_A_DAY);
          mark (&week[day_to], 0, to == 0 ? 0 : to);
        }
      else
        for (guint d = day_from;; d = (d + 1) % 7)
          {
            mark_span (week, d, from, to);
            if (d == day_to)
              break;
          }
    }
  return TRUE;
}

/* "2018-06-01T00:00:00" → a GDate; NULL text → invalid date and TRUE. */
static gboolean
read_date (JsonObject *hour, const char *field, const char *member, GDate *out, GError **error)
{
  const char *text;
  int         year, month, day;

  g_date_clear (out, 1);
  if (!server_import_get_string (hour, field, member, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (strlen (text) < 10 || sscanf (text, "%4d-%2d-%2d", &year, &month, &day) != 3 || text[4] != '-'
      || text[7] != '-' || !g_date_valid_dmy (day, month, year) || year < 2000 || year > 2100)
    {
      g_autofree char *sub = server_import_field_at (field, member);

      nv_set_field_error (error, sub, "must be a date like 2026-12-24T00:00:00");
      return FALSE;
    }
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

static char *
format_gdate (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static DatedHours *
dated_lookup (GHashTable *table, const GDate *date)
{
  g_autofree char *key = format_gdate (date);
  DatedHours      *hours = g_hash_table_lookup (table, key);

  if (hours == NULL)
    {
      hours = g_new0 (DatedHours, 1);
      g_hash_table_insert (table, g_steal_pointer (&key), hours);
    }
  return hours;
}

static void
or_week (DayMinutes into[7], const DayMinutes from[7])
{
  for (guint d = 0; d < 7; d++)
    or_day (&into[d], &from[d]);
}

static void
add_ranges (GArray *ranges, const DayMinutes *day, guint8 weekday)
{
  for (guint m = next_minute (day, 0, TRUE); m < MINUTES_A_DAY; m = next_minute (day, m, TRUE))
    {
      guint start = m;

      m = next_minute (day, start, FALSE);
      NvHoursRange range = { weekday, start, m };
      g_array_append_val (ranges, range);
    }
}

static gboolean
map_hours (ServerPtvImport *import,
           JsonObject      *channel,
           NvOrganisation  *organisation,
           GError         **error)
{
  g_autofree DayMinutes *week = g_new0 (DayMinutes, 7);
  g_autofree DayMinutes *period_week = g_new0 (DayMinutes, 7);
  gboolean               period_known = FALSE, period_always_open = FALSE;
  g_autoptr (GHashTable) periods
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) dated_hours_free);
  g_autoptr (GHashTable) exceptional
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) dated_hours_free);
  g_autoptr (NvOpeningHours) hours = NULL;
  gboolean   weekly_known = FALSE, always_open = FALSE;
  JsonArray *service_hours;
  GDate      today, window_start, window_end;
  int        year, month, day;

  if (!server_import_get_array (channel, NULL, "serviceHours", &service_hours, error))
    return FALSE;
  sscanf (import->today, "%4d-%2d-%2d", &year, &month, &day);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, day, month, year);
  /* Dated hours are kept for this year and the next: a window that moves once a year,
   * so that importing the same records on another day changes nothing. */
  g_date_clear (&window_start, 1);
  g_date_set_dmy (&window_start, 1, 1, year);
  g_date_clear (&window_end, 1);
  g_date_set_dmy (&window_end, 31, 12, year + 1);

  for (guint i = 0; service_hours != NULL && i < json_array_get_length (service_hours); i++)
    {
      g_autofree char *field = server_import_field_index (NULL, "serviceHours", i);
      JsonObject      *hour;
      const char      *type;
      gboolean         is_closed, is_always_open;
      GDate            valid_from, valid_to;

      if ((hour = server_import_element_object (service_hours, i, field, error)) == NULL
          || !server_import_get_string (hour, field, "serviceHourType", &type, error)
          || !server_import_get_bool (hour, field, "isClosed", &is_closed, error)
          || !server_import_get_bool (hour, field, "isAlwaysOpen", &is_always_open, error)
          || !read_date (hour, field, "validFrom", &valid_from, error)
          || !read_date (hour, field, "validTo", &valid_to, error))
        return FALSE;
      if (g_date_valid (&valid_from) && g_date_valid (&valid_to)
          && g_date_compare (&valid_to, &valid_from) < 0)
        {
          g_autofree char *sub = server_import_field_at (field, "validTo");

          nv_set_field_error (error, sub, "is before validFrom");
          return FALSE;
        }

      if (g_strcmp0 (type, "DaysOfTheWeek") == 0 || g_strcmp0 (type, "OverMidnight") == 0)
        {
          g_autofree DayMinutes *row_week = g_new0 (DayMinutes, 7);
          NvText                 period_note = { 0 };
          gboolean ended = g_date_valid (&valid_to) && g_date_compare (&valid_to, &today) < 0;
          gboolean later = g_date_valid (&valid_from) && g_date_compare (&valid_from, &today) > 0;

          if (is_always_open)
            for (guint d = 0; d < 7; d++)
              mark (&row_week[d], 0, MINUTES_A_DAY);
          else if (!is_closed
                   && !read_weekly_row (hour, field, g_strcmp0 (type, "OverMidnight") == 0,
                                        row_week, error))
            return FALSE;
          /* In force from now on, without an end: the place's usual hours. */
          if (!later && !g_date_valid (&valid_to))
            {
              weekly_known = TRUE;
              always_open = always_open || is_always_open;
              or_week (week, row_week);
              continue;
            }
          /* A period's own hours (summer hours, the weeks before Christmas) stand in for
           * the usual ones on each of its days; the days it leaves out are closed. Used as
           * the weekly hours only where there are no usual ones. */
          if (!later && !ended)
            {
              period_known = TRUE;
              period_always_open = period_always_open || is_always_open;
              or_week (period_week, row_week);
            }
          if (!read_localised (hour, field, "additionalInformation", NULL, &period_note, error))
            {
              nv_text_clear (&period_note);
              return FALSE;
            }
          shorten_text (&period_note, 200);
          for (GDate date = g_date_valid (&valid_from) ? valid_from : window_start;
               g_date_compare (&date, &window_end) <= 0
               && (!g_date_valid (&valid_to) || g_date_compare (&date, &valid_to) <= 0);
               g_date_add_days (&date, 1))
            {
              DatedHours *dated;
              guint       weekday = g_date_get_weekday (&date) - 1;

              /* A holiday stays closed, as under the usual hours, unless an Exceptional
               * row opens it or the place never closes. */
              if (g_date_compare (&date, &window_start) < 0
                  || (!is_always_open
                      && nv_is_finnish_holiday (g_date_get_year (&date), g_date_get_month (&date),
                                                g_date_get_day (&date))))
                continue;
              dated = dated_lookup (periods, &date);
              if (nv_text_is_empty (&dated->note))
                nv_text_copy (&dated->note, &period_note);
              or_day (&dated->minutes, &row_week[weekday]);
            }
          nv_text_clear (&period_note);
        }
      else if (g_strcmp0 (type, "Exceptional") == 0)
        {
          JsonArray *rows;
          NvText     note = { 0 };

          if (!server_import_get_array (hour, field, "openingHour", &rows, error)
              || !read_localised (hour, field, "additionalInformation", NULL, &note, error))
            {
              nv_text_clear (&note);
              return FALSE;
            }
          shorten_text (&note, 200);
          /* An exception without a date cannot be placed on any day: left out. */
          if (!g_date_valid (&valid_from))
            {
              nv_text_clear (&note);
              continue;
            }
          if (!g_date_valid (&valid_to))
            valid_to = valid_from;
          for (GDate date = valid_from;
               g_date_compare (&date, &valid_to) <= 0 && g_date_compare (&date, &window_end) <= 0;
               g_date_add_days (&date, 1))
            {
              DatedHours *dated;

              if (g_date_compare (&date, &window_start) < 0)
                continue;
              dated = dated_lookup (exceptional, &date);
              if (nv_text_is_empty (&dated->note))
                nv_text_copy (&dated->note, &note);
              for (guint r = 0; !is_closed && rows != NULL && r < json_array_get_length (rows); r++)
                {
                  guint unused_from, unused_to, from, to;

                  if (!read_opening_hour (rows, r, field, TRUE, &unused_from, &unused_to, &from,
                                          &to, error))
                    {
                      nv_text_clear (&note);
                      return FALSE;
                    }
                  /* A dated span that runs past midnight ends at midnight here: the next day
                   * may have no exception of its own to carry the rest. */
                  mark (&dated->minutes, from, to == 0 || to <= from ? MINUTES_A_DAY : to);
                }
            }
          nv_text_clear (&note);
        }
      else
        {
          g_autofree char *sub = server_import_field_at (field, "serviceHourType");

          nv_set_field_error (error, sub, "must be DaysOfTheWeek, OverMidnight or Exceptional");
          return FALSE;
        }
    }

  if (!weekly_known && period_known)
    {
      weekly_known = TRUE;
      always_open = period_always_open;
      or_week (week, period_week);
    }
  /* No weekly hours in force: not known, whatever exceptions there are. */
  if (!weekly_known)
    return TRUE;

  hours = nv_opening_hours_new ();
  for (guint d = 0; d < 7; d++)
    add_ranges (hours->weekly, &week[d], d + 1);
  if (always_open)
    for (GDate date = window_start; g_date_compare (&date, &window_end) <= 0;
         g_date_add_days (&date, 1))
      if (nv_is_finnish_holiday (g_date_get_year (&date), g_date_get_month (&date),
                                 g_date_get_day (&date)))
        mark (&dated_lookup (periods, &date)->minutes, 0, MINUTES_A_DAY);

  {
    GHashTable *tables[] = { exceptional, periods };

    for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
      {
        GHashTableIter iter;
        const char    *date;
        DatedHours    *dated;

        g_hash_table_iter_init (&iter, tables[t]);
        while (g_hash_table_iter_next (&iter, (gpointer *) &date, (gpointer *) &dated))
          {
            NvHoursException *exception;

            /* Exceptional rows win over the hours of a period on the same day. */
            if (t == 1 && g_hash_table_contains (exceptional, date))
              continue;
            exception = nv_opening_hours_add_exception (hours, date);
            add_ranges (exception->ranges, &dated->minutes, 0);
            nv_text_copy (&exception->note, &dated->note);
          }
      }
  }
  organisation->hours = g_steal_pointer (&hours);
  return TRUE;
}

/* A record */

static NvOrganisation *
map_channel (ServerPtvImport *import, JsonObject *channel, const char *id, GError **error)
{
  g_autoptr (NvOrganisation) organisation = nv_organisation_new ();
  const char *organisation_id;
  GError     *local_error = NULL;

  organisation->id = server_ptv_directory_id (id);
  organisation->kind = g_strdup (import->kind);
  organisation->source = g_strdup ("ptv");
  organisation->source_id = g_ascii_strdown (id, -1);
  organisation->checked_at = g_date_time_ref (import->now);

  if (!map_names (channel, organisation, error) || !map_description (channel, organisation, error)
      || !map_address (channel, organisation, error)
      || (organisation->municipality == NULL
          && !map_area_municipality (channel, organisation, error))
      || !map_phones (channel, organisation, error) || !map_emails (channel, organisation, error)
      || !map_web_pages (channel, organisation, error)
      || !map_languages (channel, organisation, error)
      || !map_accessibility (channel, organisation, error)
      || !map_services (channel, organisation, error)
      || !map_hours (import, channel, organisation, error)
      || !server_import_get_string (channel, NULL, "organizationId", &organisation_id, error))
    return NULL;
  if (organisation_id != NULL)
    {
      g_autofree char *key = g_ascii_strdown (organisation_id, -1);
      const NvText    *provider = g_hash_table_lookup (import->organisation_names, key);

      if (provider != NULL)
        nv_text_copy (&organisation->provider, provider);
    }
  /* Whatever the mapping let through still meets the directory's own rules. */
  if (!nv_organisation_validate (organisation, &local_error))
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&organisation);
}

static void
refuse_item (ServerPtvImport *import, const char *record_id, GError *error)
{
  ServerPtvRecord *record = g_new0 (ServerPtvRecord, 1);

  record->record_id = g_strdup (record_id);
  record->error = error;
  g_ptr_array_add (import->channels, json_node_new (JSON_NODE_NULL));
  g_ptr_array_add (import->channel_errors, record);
}

static void
read_organisation (ServerPtvImport *import, JsonObject *object, const char *id)
{
  NvText *names = g_new0 (NvText, 1);

  /* An organisation only lends its name; a malformed one lends none. */
  if (!read_localised (object, NULL, "organizationNames", "Name", names, NULL)
      || nv_text_is_empty (names)
      || !nv_validate_text_line (names, "organizationNames", 200, FALSE, NULL))
    {
      text_free (names);
      return;
    }
  g_hash_table_replace (import->organisation_names, g_ascii_strdown (id, -1), names);
}

static void
read_item (ServerPtvImport *import, JsonNode *node)
{
  g_autofree char *item_name = g_strdup_printf ("item %u", ++import->n_items);
  JsonObject      *object;
  const char      *id, *type, *status;
  GError          *error = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      nv_set_field_error (&error, "(record)", "must be an object");
      refuse_item (import, item_name, error);
      return;
    }
  object = json_node_get_object (node);
  if (!server_import_get_string (object, NULL, "id", &id, &error)
      || !server_import_get_string (object, NULL, "serviceChannelType", &type, &error)
      || !server_import_get_string (object, NULL, "publishingStatus", &status, &error))
    {
      refuse_item (import, is_guid (id) ? id : item_name, error);
      return;
    }
  if (!is_guid (id))
    {
      nv_set_field_error (&error, "id", id == NULL ? "is required" : "must be a PTV id (a GUID)");
      refuse_item (import, item_name, error);
      return;
    }
  /* Drafts, deleted and archived versions are not the place as it is. */
  if (status != NULL && g_strcmp0 (status, "Published") != 0)
    {
      import->n_skipped++;
      return;
    }
  if (type == NULL && json_object_has_member (object, "organizationNames"))
    {
      read_organisation (import, object, id);
      return;
    }
  if (type == NULL)
    {
      nv_set_field_error (&error, "serviceChannelType",
                          "is missing: the record is neither a service channel nor an "
                          "organisation (a list of ids only? use a list with whole records)");
      refuse_item (import, id, error);
      return;
    }
  if (!g_str_equal (type, "ServiceLocation"))
    {
      import->n_skipped++;
      return;
    }
  g_ptr_array_add (import->channels, json_node_ref (node));
  g_ptr_array_add (import->channel_errors, NULL);
}

gboolean
server_ptv_import_add_bytes (ServerPtvImport *import,
                             GBytes          *bytes,
                             const char      *subject,
                             guint           *out_page_count,
                             GError         **error)
{
  g_autoptr (JsonNode) root = NULL;
  gsize       size;
  const char *data;

  g_return_val_if_fail (import != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (subject != NULL, FALSE);

  if (out_page_count != NULL)
    *out_page_count = 0;
  data = g_bytes_get_data (bytes, &size);
  if ((root = nv_json_parse_data (data != NULL ? data : "", size, SERVER_PTV_MAX_PAGE_SIZE, subject,
                                  error))
      == NULL)
    return FALSE;

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        read_item (import, json_array_get_element (array, i));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, NV_ERROR, NV_ERROR_PARSE,
                   "%s is not PTV records: a record, a list of them or a page with itemList "
                   "was expected",
                   subject);
      return FALSE;
    }
  if (json_object_has_member (json_node_get_object (root), "itemList"))
    {
      JsonObject *page = json_node_get_object (root);
      JsonNode   *items = json_object_get_member (page, "itemList");
      gint64      page_count = 0;
      GError     *local_error = NULL;

      /* A page of nothing is null rather than []. */
      if (!JSON_NODE_HOLDS_NULL (items) && !JSON_NODE_HOLDS_ARRAY (items))
        {
          g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s: itemList must be an array", subject);
          return FALSE;
        }
      if (!nv_json_read_int (page, "pageCount", 0, 100000, 0, &page_count, &local_error))
        {
          g_set_error (error, NV_ERROR, NV_ERROR_PARSE, "%s: %s", subject, local_error->message);
          g_clear_error (&local_error);
          return FALSE;
        }
      if (out_page_count != NULL)
        *out_page_count = page_count;
      for (guint i = 0;
           JSON_NODE_HOLDS_ARRAY (items) && i < json_array_get_length (json_node_get_array (items));
           i++)
        read_item (import, json_array_get_element (json_node_get_array (items), i));
      return TRUE;
    }
  read_item (import, root);
  return TRUE;
}

GPtrArray *
server_ptv_import_finish (ServerPtvImport *import)
{
  g_autoptr (GPtrArray) records
      = g_ptr_array_new_with_free_func ((GDestroyNotify) server_ptv_record_free);
  g_autoptr (GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (import != NULL, NULL);

  /* The same channel twice (on two pages, in two files): the later copy counts. */
  for (guint i = 0; i < import->channels->len; i++)
    {
      JsonNode *node = g_ptr_array_index (import->channels, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_hash_table_insert (
            last, (gpointer) json_object_get_string_member (json_node_get_object (node), "id"),
            GUINT_TO_POINTER (i));
    }
  for (guint i = 0; i < import->channels->len; i++)
    {
      JsonNode        *node = g_ptr_array_index (import->channels, i);
      ServerPtvRecord *refused = g_ptr_array_index (import->channel_errors, i);
      ServerPtvRecord *record;
      const char      *id;

      if (refused != NULL)
        {
          g_ptr_array_add (records, refused);
          import->channel_errors->pdata[i] = NULL;
          continue;
        }
      id = json_object_get_string_member (json_node_get_object (node), "id");
      if (GPOINTER_TO_UINT (g_hash_table_lookup (last, id)) != i)
        continue;
      record = g_new0 (ServerPtvRecord, 1);
      record->record_id = g_ascii_strdown (id, -1);
      record->organisation = map_channel (import, json_node_get_object (node), id, &record->error);
      g_ptr_array_add (records, record);
    }
  g_ptr_array_set_size (import->channels, 0);
  g_ptr_array_set_size (import->channel_errors, 0);
  return g_steal_pointer (&records);
}
