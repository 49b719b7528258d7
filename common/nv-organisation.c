/* nv-organisation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "nv-error.h"
#include "nv-json-private.h"
#include "nv-municipality.h"
#include "nv-organisation.h"

static const char *const kinds[]
    = { "library",     "digital-support", "health-centre", "kela",  "municipal-service",
        "association", "parish",          "red-cross",     "other", NULL };

gboolean
nv_organisation_kind_is_valid (const char *kind)
{
  return kind != NULL && g_strv_contains (kinds, kind);
}

const char *const *
nv_organisation_kinds (void)
{
  return kinds;
}

static const char *const phone_kinds[] = { "phone", "sms", "fax", NULL };
static const char *const phone_charges[] = { "free", "chargeable", "other", NULL };

NvPhone *
nv_phone_new (void)
{
  return g_new0 (NvPhone, 1);
}

void
nv_phone_free (NvPhone *phone)
{
  if (phone == NULL)
    return;
  g_free (phone->number);
  g_free (phone->kind);
  g_free (phone->charge);
  g_free (phone->charge_description);
  g_free (phone->info);
  g_free (phone->language);
  g_free (phone);
}

NvPhone *
nv_phone_copy (const NvPhone *phone)
{
  NvPhone *copy;

  g_return_val_if_fail (phone != NULL, NULL);

  copy = nv_phone_new ();
  copy->number = g_strdup (phone->number);
  copy->kind = g_strdup (phone->kind);
  copy->charge = g_strdup (phone->charge);
  copy->charge_description = g_strdup (phone->charge_description);
  copy->info = g_strdup (phone->info);
  copy->language = g_strdup (phone->language);
  return copy;
}

static NvText *
text_copy (const NvText *text)
{
  NvText *copy = g_new0 (NvText, 1);

  nv_text_copy (copy, text);
  return copy;
}

static void
text_free (NvText *text)
{
  nv_text_clear (text);
  g_free (text);
}

NvPartSource *
nv_part_source_new (const char *part, const char *source, GDateTime *checked_at)
{
  NvPartSource *part_source = g_new0 (NvPartSource, 1);

  part_source->part = g_strdup (part);
  part_source->source = g_strdup (source);
  part_source->checked_at = checked_at != NULL ? g_date_time_ref (checked_at) : NULL;
  return part_source;
}

void
nv_part_source_free (NvPartSource *part_source)
{
  if (part_source == NULL)
    return;
  g_free (part_source->part);
  g_free (part_source->source);
  g_clear_pointer (&part_source->checked_at, g_date_time_unref);
  g_free (part_source);
}

NvPartSource *
nv_part_source_copy (const NvPartSource *part_source)
{
  return nv_part_source_new (part_source->part, part_source->source, part_source->checked_at);
}

NvOrganisation *
nv_organisation_new (void)
{
  return g_new0 (NvOrganisation, 1);
}

void
nv_organisation_free (NvOrganisation *organisation)
{
  if (organisation == NULL)
    return;
  g_free (organisation->id);
  nv_text_clear (&organisation->name);
  nv_text_clear (&organisation->description);
  g_free (organisation->kind);
  g_free (organisation->municipality);
  g_free (organisation->street_address);
  g_free (organisation->postal_code);
  g_free (organisation->post_office);
  g_strfreev (organisation->phones);
  g_strfreev (organisation->emails);
  g_strfreev (organisation->web_pages);
  nv_opening_hours_free (organisation->hours);
  nv_text_clear (&organisation->services);
  nv_text_clear (&organisation->accessibility);
  g_strfreev (organisation->languages);
  g_free (organisation->source);
  g_free (organisation->source_id);
  nv_text_clear (&organisation->provider);
  g_clear_pointer (&organisation->checked_at, g_date_time_unref);
  g_clear_pointer (&organisation->phone_details, g_ptr_array_unref);
  g_clear_pointer (&organisation->service_names, g_ptr_array_unref);
  g_clear_pointer (&organisation->part_sources, g_ptr_array_unref);
  g_free (organisation);
}

NvOrganisation *
nv_organisation_copy (const NvOrganisation *organisation)
{
  NvOrganisation *copy;

  g_return_val_if_fail (organisation != NULL, NULL);

  copy = nv_organisation_new ();
  copy->id = g_strdup (organisation->id);
  nv_text_copy (&copy->name, &organisation->name);
  nv_text_copy (&copy->description, &organisation->description);
  copy->kind = g_strdup (organisation->kind);
  copy->municipality = g_strdup (organisation->municipality);
  copy->street_address = g_strdup (organisation->street_address);
  copy->postal_code = g_strdup (organisation->postal_code);
  copy->post_office = g_strdup (organisation->post_office);
  copy->phones = g_strdupv (organisation->phones);
  copy->emails = g_strdupv (organisation->emails);
  copy->web_pages = g_strdupv (organisation->web_pages);
  if (organisation->hours != NULL)
    copy->hours = nv_opening_hours_copy (organisation->hours);
  nv_text_copy (&copy->services, &organisation->services);
  nv_text_copy (&copy->accessibility, &organisation->accessibility);
  copy->languages = g_strdupv (organisation->languages);
  copy->sample = organisation->sample;
  copy->source = g_strdup (organisation->source);
  copy->source_id = g_strdup (organisation->source_id);
  nv_text_copy (&copy->provider, &organisation->provider);
  if (organisation->checked_at != NULL)
    copy->checked_at = g_date_time_ref (organisation->checked_at);
  if (organisation->phone_details != NULL)
    copy->phone_details = g_ptr_array_copy (organisation->phone_details,
                                            (GCopyFunc) (void (*) (void)) nv_phone_copy, NULL);
  if (organisation->service_names != NULL)
    copy->service_names = g_ptr_array_copy (organisation->service_names,
                                            (GCopyFunc) (void (*) (void)) text_copy, NULL);
  if (organisation->part_sources != NULL)
    copy->part_sources = g_ptr_array_copy (organisation->part_sources,
                                           (GCopyFunc) (void (*) (void)) nv_part_source_copy, NULL);
  memcpy (copy->access, organisation->access, sizeof copy->access);
  return copy;
}

static gboolean
all_digits (const char *text, gsize length)
{
  if (text == NULL || strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Digits, spaces, "+", "-" and parentheses; a plus sign only leads; 5–20 digits. */
static gboolean
is_phone (const char *phone)
{
  guint digits = 0;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p != phone)
        return FALSE;
      else if (strchr (" +-()", *p) == NULL)
        return FALSE;
    }
  return digits >= 5 && digits <= 20;
}

/* local@domain.tld: one "@", no white space, a domain of dot-separated labels ending
 * in a top-level domain of at least two letters. Deliberately no more than that. */
static gboolean
is_email (const char *email)
{
  const char *at = strchr (email, '@');
  const char *tld;

  if (at == NULL || at == email || strchr (at + 1, '@') != NULL)
    return FALSE;
  for (const char *p = email; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || (guchar) *p < 0x20 || strchr ("<>()[],;:\\\"", *p) != NULL)
      return FALSE;
  if (at[1] == '.' || g_str_has_suffix (at, ".") || strstr (at, "..") != NULL)
    return FALSE;
  tld = strrchr (at, '.');
  if (tld == NULL || strlen (tld + 1) < 2)
    return FALSE;
  for (const char *p = tld + 1; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p) && (guchar) *p < 0x80)
      return FALSE;
  return TRUE;
}

/* An http(s) address of a host. Nothing that could hide where it leads: no user
 * name part ("https://bank.fi@example.com"), no white space. */
static gboolean
is_web_page (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  const char *host;

  if (g_ascii_strncasecmp (url, "https://", 8) != 0 && g_ascii_strncasecmp (url, "http://", 7) != 0)
    return FALSE;
  for (const char *p = url; *p != '\0'; p++)
    if (g_ascii_isspace (*p))
      return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_userinfo (uri) != NULL)
    return FALSE;
  host = g_uri_get_host (uri);
  return host != NULL && host[0] != '\0';
}

gboolean
nv_organisation_is_phone (const char *phone)
{
  return phone != NULL && is_phone (phone);
}

gboolean
nv_organisation_is_email (const char *email)
{
  return email != NULL && is_email (email);
}

gboolean
nv_organisation_is_web_page (const char *url)
{
  return url != NULL && is_web_page (url);
}

typedef gboolean (*StringCheck) (const char *value);

static gboolean
validate_list (const char *const *values,
               const char        *member,
               StringCheck        check,
               const char        *sentence,
               GError           **error)
{
  if (values == NULL)
    return TRUE;
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *field = g_strdup_printf ("%s[%u]", member, i);

      if (!nv_validate_line (values[i], field, 300, TRUE, error))
        return FALSE;
      if (check != NULL && !check (values[i]))
        {
          nv_set_field_error (error, field, "%s", sentence);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
is_language_code (const char *code)
{
  return strlen (code) == 2 && g_ascii_islower (code[0]) && g_ascii_islower (code[1]);
}

static gboolean
validate_choice (const char        *value,
                 const char        *field,
                 const char *const *choices,
                 const char        *sentence,
                 GError           **error)
{
  if (value == NULL || g_strv_contains (choices, value))
    return TRUE;
  nv_set_field_error (error, field, "%s", sentence);
  return FALSE;
}

/* A source is a short lower-case word ("ptv"), so that the console can name it. */
static gboolean
validate_source_word (const char *source, const char *field, GError **error)
{
  gsize length;

  if (source == NULL)
    return TRUE;
  length = strlen (source);
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_islower (source[i]) && source[i] != '-')
      length = 0;
  if (length == 0 || length > 20)
    {
      nv_set_field_error (error, field,
                          "must be a short lower-case word naming the source, like ptv");
      return FALSE;
    }
  return TRUE;
}

/* The parts another source may keep. */
static const char *const part_names[] = { "opening_hours", NULL };

static gboolean
validate_part_sources (GPtrArray *part_sources, GError **error)
{
  for (guint i = 0; part_sources != NULL && i < part_sources->len; i++)
    {
      const NvPartSource *part_source = g_ptr_array_index (part_sources, i);
      g_autofree char    *field = g_strdup_printf ("part_sources[%u].part", i);
      g_autofree char    *source_field = g_strdup_printf ("part_sources[%u].source", i);
      g_autofree char    *time_field = g_strdup_printf ("part_sources[%u].checked_at", i);

      if (part_source->part == NULL || !g_strv_contains (part_names, part_source->part))
        {
          nv_set_field_error (error, field, "must name a part another source keeps: opening_hours");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((const NvPartSource *) g_ptr_array_index (part_sources, j))->part,
                         part_source->part))
          {
            nv_set_field_error (error, field, "names the part “%s” twice", part_source->part);
            return FALSE;
          }
      if (part_source->source == NULL)
        {
          nv_set_field_error (error, source_field, "is required");
          return FALSE;
        }
      if (!validate_source_word (part_source->source, source_field, error))
        return FALSE;
      if (part_source->checked_at == NULL)
        {
          nv_set_field_error (error, time_field, "is required");
          return FALSE;
        }
      if (!nv_validate_time (part_source->checked_at, time_field, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
validate_provenance (const NvOrganisation *organisation, GError **error)
{
  if (!validate_source_word (organisation->source, "source", error)
      || !validate_part_sources (organisation->part_sources, error))
    return FALSE;
  if (!nv_validate_line (organisation->source_id, "source_id", 100, FALSE, error)
      || !nv_validate_text_line (&organisation->provider, "provider", 200, FALSE, error))
    return FALSE;
  if (organisation->source_id != NULL && organisation->source == NULL)
    {
      nv_set_field_error (error, "source", "is required when source_id is given");
      return FALSE;
    }
  return organisation->checked_at == NULL
         || nv_validate_time (organisation->checked_at, "checked_at", error);
}

static gboolean
validate_phone_details (GPtrArray *phones, GError **error)
{
  if (phones == NULL)
    return TRUE;
  if (phones->len > 50)
    {
      nv_set_field_error (error, "phone_details", "has more than 50 numbers");
      return FALSE;
    }
  for (guint i = 0; i < phones->len; i++)
    {
      const NvPhone   *phone = g_ptr_array_index (phones, i);
      g_autofree char *prefix = g_strdup_printf ("phone_details[%u]", i);
      g_autofree char *number = g_strconcat (prefix, ".number", NULL);
      g_autofree char *kind = g_strconcat (prefix, ".kind", NULL);
      g_autofree char *charge = g_strconcat (prefix, ".charge", NULL);
      g_autofree char *description = g_strconcat (prefix, ".charge_description", NULL);
      g_autofree char *info = g_strconcat (prefix, ".info", NULL);
      g_autofree char *language = g_strconcat (prefix, ".language", NULL);

      if (!nv_validate_line (phone->number, number, 40, TRUE, error))
        return FALSE;
      if (!is_phone (phone->number))
        {
          nv_set_field_error (error, number,
                              "must be a phone number of 5 to 20 digits, written with digits, "
                              "spaces, a leading +, - and parentheses only");
          return FALSE;
        }
      if (phone->kind == NULL)
        {
          nv_set_field_error (error, kind, "is required");
          return FALSE;
        }
      if (!validate_choice (phone->kind, kind, phone_kinds, "must be phone, sms or fax", error)
          || !validate_choice (phone->charge, charge, phone_charges,
                               "must be free, chargeable or other", error)
          || !nv_validate_line (phone->charge_description, description, 300, FALSE, error)
          || !nv_validate_line (phone->info, info, 300, FALSE, error))
        return FALSE;
      if (phone->language != NULL && !is_language_code (phone->language))
        {
          nv_set_field_error (error, language, "must be a two-letter language code like fi");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
validate_service_names (GPtrArray *names, GError **error)
{
  if (names == NULL)
    return TRUE;
  if (names->len > 200)
    {
      nv_set_field_error (error, "service_names", "has more than 200 services");
      return FALSE;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *field = g_strdup_printf ("service_names[%u]", i);
      const NvText    *name = g_ptr_array_index (names, i);

      if (nv_text_is_empty (name))
        {
          nv_set_field_error (error, field, "must name the service in at least one language");
          return FALSE;
        }
      if (!nv_validate_text_line (name, field, 200, FALSE, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
nv_organisation_validate (const NvOrganisation *organisation, GError **error)
{
  g_return_val_if_fail (organisation != NULL, FALSE);

  if (!nv_validate_id (organisation->id, "id", error)
      || !nv_validate_text_line (&organisation->name, "name", 200, TRUE, error)
      || !nv_validate_text (&organisation->description, "description", 2000, FALSE, error))
    return FALSE;
  if (organisation->kind == NULL)
    {
      nv_set_field_error (error, "kind", "is required");
      return FALSE;
    }
  if (!nv_organisation_kind_is_valid (organisation->kind))
    {
      nv_set_field_error (error, "kind",
                          "must be one of library, digital-support, "
                          "health-centre, kela, municipal-service, association, parish, "
                          "red-cross, other");
      return FALSE;
    }
  if (organisation->municipality == NULL)
    {
      nv_set_field_error (error, "municipality", "is required");
      return FALSE;
    }
  if (nv_municipality_lookup (organisation->municipality) == NULL)
    {
      nv_set_field_error (error, "municipality",
                          "must be the Statistics Finland code of a municipality of Finland, "
                          "like 564 for Oulu");
      return FALSE;
    }
  if (!nv_validate_line (organisation->street_address, "street_address", 200, FALSE, error)
      || !nv_validate_line (organisation->post_office, "post_office", 100, FALSE, error))
    return FALSE;
  if (organisation->postal_code != NULL && !all_digits (organisation->postal_code, 5))
    {
      nv_set_field_error (error, "postal_code", "must be 5 digits, like 90100");
      return FALSE;
    }
  if (!validate_list ((const char *const *) organisation->phones, "phones", is_phone,
                      "must be a phone number of 5 to 20 digits, written with digits, "
                      "spaces, a leading +, - and parentheses only",
                      error)
      || !validate_list ((const char *const *) organisation->emails, "emails", is_email,
                         "must be an e-mail address like name@example.fi", error)
      || !validate_list ((const char *const *) organisation->web_pages, "web_pages", is_web_page,
                         "must be a web address beginning with https:// or "
                         "http://",
                         error)
      || !validate_list ((const char *const *) organisation->languages, "languages",
                         is_language_code, "must be a two-letter language code like fi", error))
    return FALSE;
  if (organisation->hours != NULL)
    {
      GError *local_error = NULL;

      if (!nv_opening_hours_validate (organisation->hours, &local_error))
        {
          nv_error_prefix_field (local_error, "opening_hours");
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  return nv_validate_text (&organisation->services, "services", 2000, FALSE, error)
         && nv_validate_text (&organisation->accessibility, "accessibility", 2000, FALSE, error)
         && nv_access_validate (organisation->access, error)
         && validate_provenance (organisation, error)
         && validate_phone_details (organisation->phone_details, error)
         && validate_service_names (organisation->service_names, error);
}

JsonNode *
nv_organisation_to_json (const NvOrganisation *organisation)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (organisation != NULL, NULL);

  json_builder_begin_object (builder);
  nv_json_write_string (builder, "id", organisation->id);
  nv_json_write_text (builder, "name", &organisation->name);
  nv_json_write_text (builder, "description", &organisation->description);
  nv_json_write_string (builder, "kind", organisation->kind);
  nv_json_write_string (builder, "municipality", organisation->municipality);
  nv_json_write_string (builder, "street_address", organisation->street_address);
  nv_json_write_string (builder, "postal_code", organisation->postal_code);
  nv_json_write_string (builder, "post_office", organisation->post_office);
  nv_json_write_strv (builder, "phones", (const char *const *) organisation->phones);
  nv_json_write_strv (builder, "emails", (const char *const *) organisation->emails);
  nv_json_write_strv (builder, "web_pages", (const char *const *) organisation->web_pages);
  if (organisation->hours != NULL)
    {
      json_builder_set_member_name (builder, "opening_hours");
      json_builder_add_value (builder, nv_opening_hours_to_json (organisation->hours));
    }
  nv_json_write_text (builder, "services", &organisation->services);
  nv_json_write_text (builder, "accessibility", &organisation->accessibility);
  nv_access_write_json (builder, organisation->access);
  nv_json_write_strv (builder, "languages", (const char *const *) organisation->languages);
  json_builder_set_member_name (builder, "sample");
  json_builder_add_boolean_value (builder, organisation->sample);
  nv_json_write_string (builder, "source", organisation->source);
  nv_json_write_string (builder, "source_id", organisation->source_id);
  nv_json_write_text (builder, "provider", &organisation->provider);
  nv_json_write_time (builder, "checked_at", organisation->checked_at);
  if (organisation->phone_details != NULL && organisation->phone_details->len > 0)
    {
      json_builder_set_member_name (builder, "phone_details");
      json_builder_begin_array (builder);
      for (guint i = 0; i < organisation->phone_details->len; i++)
        {
          const NvPhone *phone = g_ptr_array_index (organisation->phone_details, i);

          json_builder_begin_object (builder);
          nv_json_write_string (builder, "number", phone->number);
          nv_json_write_string (builder, "kind", phone->kind);
          nv_json_write_string (builder, "charge", phone->charge);
          nv_json_write_string (builder, "charge_description", phone->charge_description);
          nv_json_write_string (builder, "info", phone->info);
          nv_json_write_string (builder, "language", phone->language);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  if (organisation->service_names != NULL && organisation->service_names->len > 0)
    {
      json_builder_set_member_name (builder, "service_names");
      json_builder_begin_array (builder);
      for (guint i = 0; i < organisation->service_names->len; i++)
        json_builder_add_value (
            builder, nv_text_to_json (g_ptr_array_index (organisation->service_names, i)));
      json_builder_end_array (builder);
    }
  if (organisation->part_sources != NULL && organisation->part_sources->len > 0)
    {
      json_builder_set_member_name (builder, "part_sources");
      json_builder_begin_array (builder);
      for (guint i = 0; i < organisation->part_sources->len; i++)
        {
          const NvPartSource *part_source = g_ptr_array_index (organisation->part_sources, i);

          json_builder_begin_object (builder);
          nv_json_write_string (builder, "part", part_source->part);
          nv_json_write_string (builder, "source", part_source->source);
          nv_json_write_time (builder, "checked_at", part_source->checked_at);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
read_phone_details (JsonObject *object, GPtrArray **out, GError **error)
{
  JsonArray *array;

  if (!nv_json_read_array (object, "phone_details", &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_phone_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *field = g_strdup_printf ("phone_details[%u]", i);
      JsonObject      *item;
      NvPhone         *phone;
      GError          *local_error = NULL;

      if ((item = nv_json_expect_object (json_array_get_element (array, i), "a phone number",
                                         &local_error))
          == NULL)
        {
          nv_set_field_error (error, field, "must be an object like {\"number\": \"…\"}");
          g_clear_error (&local_error);
          return FALSE;
        }
      phone = nv_phone_new ();
      g_ptr_array_add (*out, phone);
      if (!nv_json_read_string (item, "number", TRUE, &phone->number, &local_error)
          || !nv_json_read_string (item, "kind", TRUE, &phone->kind, &local_error)
          || !nv_json_read_string (item, "charge", FALSE, &phone->charge, &local_error)
          || !nv_json_read_string (item, "charge_description", FALSE, &phone->charge_description,
                                   &local_error)
          || !nv_json_read_string (item, "info", FALSE, &phone->info, &local_error)
          || !nv_json_read_string (item, "language", FALSE, &phone->language, &local_error))
        {
          nv_error_prefix_field (local_error, field);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_service_names (JsonObject *object, GPtrArray **out, GError **error)
{
  JsonArray *array;

  if (!nv_json_read_array (object, "service_names", &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify) text_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *field = g_strdup_printf ("service_names[%u]", i);
      NvText          *name = g_new0 (NvText, 1);

      g_ptr_array_add (*out, name);
      if (!nv_text_from_json (name, json_array_get_element (array, i), field, error))
        return FALSE;
    }
  return TRUE;
}

/* [{"part", "source", "checked_at"}…]; validated with the rest of the entry. */
static gboolean
read_part_sources (JsonObject *object, GPtrArray **out, GError **error)
{
  JsonArray *array;

  if (!nv_json_read_array (object, "part_sources", &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;
  *out = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_part_source_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *field = g_strdup_printf ("part_sources[%u]", i);
      NvPartSource    *part_source;
      JsonObject      *item;
      GError          *local_error = NULL;

      if ((item = nv_json_expect_object (json_array_get_element (array, i), "a part's source",
                                         &local_error))
          == NULL)
        {
          nv_set_field_error (error, field,
                              "must be an object like {\"part\": \"opening_hours\", …}");
          g_clear_error (&local_error);
          return FALSE;
        }
      part_source = nv_part_source_new (NULL, NULL, NULL);
      g_ptr_array_add (*out, part_source);
      if (!nv_json_read_string (item, "part", TRUE, &part_source->part, &local_error)
          || !nv_json_read_string (item, "source", TRUE, &part_source->source, &local_error)
          || !nv_json_read_time (item, "checked_at", TRUE, &part_source->checked_at, &local_error))
        {
          nv_error_prefix_field (local_error, field);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  return TRUE;
}

NvOrganisation *
nv_organisation_from_json (JsonNode *node, GError **error)
{
  g_autoptr (NvOrganisation) organisation = NULL;
  JsonObject *object;
  JsonNode   *hours;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  organisation = nv_organisation_new ();
  if ((object = nv_json_expect_object (node, "an organisation", error)) == NULL)
    return NULL;
  if (!nv_json_read_string (object, "id", TRUE, &organisation->id, error)
      || !nv_json_read_text (object, "name", &organisation->name, error)
      || !nv_json_read_text (object, "description", &organisation->description, error)
      || !nv_json_read_string (object, "kind", TRUE, &organisation->kind, error)
      || !nv_json_read_string (object, "municipality", TRUE, &organisation->municipality, error)
      || !nv_json_read_string (object, "street_address", FALSE, &organisation->street_address,
                               error)
      || !nv_json_read_string (object, "postal_code", FALSE, &organisation->postal_code, error)
      || !nv_json_read_string (object, "post_office", FALSE, &organisation->post_office, error)
      || !nv_json_read_strv (object, "phones", &organisation->phones, error)
      || !nv_json_read_strv (object, "emails", &organisation->emails, error)
      || !nv_json_read_strv (object, "web_pages", &organisation->web_pages, error)
      || !nv_json_read_text (object, "services", &organisation->services, error)
      || !nv_json_read_text (object, "accessibility", &organisation->accessibility, error)
      || !nv_json_read_strv (object, "languages", &organisation->languages, error)
      || !nv_json_read_bool (object, "sample", FALSE, &organisation->sample, error)
      || !nv_json_read_string (object, "source", FALSE, &organisation->source, error)
      || !nv_json_read_string (object, "source_id", FALSE, &organisation->source_id, error)
      || !nv_json_read_text (object, "provider", &organisation->provider, error)
      || !nv_json_read_time (object, "checked_at", FALSE, &organisation->checked_at, error)
      || !read_phone_details (object, &organisation->phone_details, error)
      || !read_service_names (object, &organisation->service_names, error)
      || !read_part_sources (object, &organisation->part_sources, error)
      || !nv_access_from_json (json_object_get_member (object, "access"), organisation->access,
                               error))
    return NULL;

  hours = json_object_get_member (object, "opening_hours");
  if (hours != NULL && !JSON_NODE_HOLDS_NULL (hours)
      && (organisation->hours = nv_opening_hours_from_json (hours, "opening_hours", error)) == NULL)
    return NULL;

  if (!nv_organisation_validate (organisation, error))
    return NULL;
  return g_steal_pointer (&organisation);
}
