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
         && nv_validate_text (&organisation->accessibility, "accessibility", 2000, FALSE, error);
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
  nv_json_write_strv (builder, "languages", (const char *const *) organisation->languages);
  json_builder_set_member_name (builder, "sample");
  json_builder_add_boolean_value (builder, organisation->sample);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
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
      || !nv_json_read_bool (object, "sample", FALSE, &organisation->sample, error))
    return NULL;

  hours = json_object_get_member (object, "opening_hours");
  if (hours != NULL && !JSON_NODE_HOLDS_NULL (hours)
      && (organisation->hours = nv_opening_hours_from_json (hours, "opening_hours", error)) == NULL)
    return NULL;

  if (!nv_organisation_validate (organisation, error))
    return NULL;
  return g_steal_pointer (&organisation);
}
