/* bench-content.h — content for benchmarks: the default content grown to a size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <string.h>

#include "nv-common.h"

static const char *const kinds[]
    = { "library",           "digital-support", "health-centre", "kela",
        "municipal-service", "association",     "parish",        "red-cross" };

static void
append_text (
    GString *json, const char *member, const char *fi, const char *sv, const char *en, int number)
{
  g_string_append_printf (json, ",\"%s\":{\"fi\":\"%s %d\",\"sv\":\"%s %d\",\"en\":\"%s %d\"}",
                          member, fi, number, sv, number, en, number);
}

/* One organisation as the content format writes it, every field filled in. */
static void
append_organisation (GString *json, int number)
{
  guint                 n_municipalities;
  const NvMunicipality *municipalities = nv_municipalities (&n_municipalities);

  g_string_append_printf (json, ",{\"id\":\"bench-org-%05d\"", number);
  append_text (json, "name", "Digituen neuvontapiste", "Digistödets rådgivning",
               "Digital support point", number);
  append_text (json, "description",
               "Neuvontaa älypuhelimen, tabletin ja tietokoneen käyttöön, verkkopankkitunnuksiin, "
               "Omaoloon ja OmaKantaan. Ota mukaan oma laite ja sen salasanat.",
               "Råd om smarttelefon, surfplatta och dator, nätbankskoder, Omaolo och MittKanta. "
               "Ta med egen apparat och dess lösenord.",
               "Help with smartphones, tablets and computers, online banking codes, Omaolo and "
               "OmaKanta. Bring your own device and its passwords.",
               number);
  append_text (json, "services", "Digituki, asiointi, tulostus", "Digistöd, ärenden, utskrift",
               "Digital support, errands, printing", number);
  append_text (json, "accessibility", "Esteetön sisäänkäynti ja hissi",
               "Tillgänglig ingång och hiss", "Step-free entrance and lift", number);
  g_string_append_printf (json,
                          ",\"kind\":\"%s\",\"municipality\":\"%s\","
                          "\"street_address\":\"Kirjastokatu %d\",\"postal_code\":\"%05d\","
                          "\"post_office\":\"OULU\",\"phones\":[\"08 %03d %04d\"],"
                          "\"emails\":[\"neuvonta%d@example.fi\"],"
                          "\"web_pages\":[\"https://example.fi/neuvonta/%d\"],"
                          "\"opening_hours\":{\"weekly\":["
                          "{\"day\":1,\"opens\":\"09:00\",\"closes\":\"16:00\"},"
                          "{\"day\":2,\"opens\":\"09:00\",\"closes\":\"16:00\"},"
                          "{\"day\":3,\"opens\":\"09:00\",\"closes\":\"12:00\"},"
                          "{\"day\":3,\"opens\":\"13:00\",\"closes\":\"18:00\"},"
                          "{\"day\":4,\"opens\":\"09:00\",\"closes\":\"16:00\"},"
                          "{\"day\":5,\"opens\":\"09:00\",\"closes\":\"14:00\"}],"
                          "\"exceptions\":[{\"date\":\"2026-12-24\",\"hours\":[]},"
                          "{\"date\":\"2026-12-31\",\"hours\":[{\"opens\":\"09:00\","
                          "\"closes\":\"12:00\"}],\"note\":{\"fi\":\"Uudenvuodenaatto\"}}]},"
                          "\"languages\":[\"fi\",\"sv\",\"en\"],\"sample\":true}",
                          kinds[number % G_N_ELEMENTS (kinds)],
                          municipalities[number % n_municipalities].code, 1 + number % 90,
                          90100 + number % 900, number % 1000, number % 10000, number, number);
}

/* The default content with @n_organisations generated organisations added, and its
 * guides copied (with new ids and titles) until there are @n_guides (0: as they are). */
static void
bench_write_content_dir (const char *dir, int n_generated, int n_guides)
{
  g_autofree char *source = g_build_filename (SOURCE_CONTENT_DIR, "organisations.json", NULL);
  g_autofree char *target = g_build_filename (dir, "organisations.json", NULL);
  g_autofree char *categories = g_build_filename (SOURCE_CONTENT_DIR, "categories.json", NULL);
  g_autofree char *guides = g_build_filename (SOURCE_CONTENT_DIR, "guides", NULL);
  g_autofree char *categories_copy = g_build_filename (dir, "categories.json", NULL);
  g_autofree char *guides_copy = g_build_filename (dir, "guides", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GString) json = NULL;
  g_autoptr (GDir) listing = NULL;
  const char *name;
  char       *end;

  g_mkdir_with_parents (guides_copy, 0700);
  if (!g_file_get_contents (categories, &text, NULL, &error)
      || !g_file_set_contents (categories_copy, text, -1, &error))
    g_error ("%s", error->message);
  g_clear_pointer (&text, g_free);
  if ((listing = g_dir_open (guides, 0, &error)) == NULL)
    g_error ("%s", error->message);
  {
    g_autoptr (GPtrArray) originals = g_ptr_array_new_with_free_func (g_free);
    int written = 0;

    while ((name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *from = g_build_filename (guides, name, NULL);
        g_autofree char *to = g_build_filename (guides_copy, name, NULL);
        char            *guide = NULL;

        if (!g_file_get_contents (from, &guide, NULL, &error)
            || !g_file_set_contents (to, guide, -1, &error))
          g_error ("%s", error->message);
        g_ptr_array_add (originals, guide);
        written++;
      }
    /* More guides: copies under new ids ("omaolo-copy-3"), the file named after each. */
    for (int copy = 1; written < n_guides; copy++)
      for (guint i = 0; i < originals->len && written < n_guides; i++, written++)
        {
          g_autoptr (JsonNode) node = json_from_string (g_ptr_array_index (originals, i), &error);
          JsonObject      *object;
          g_autofree char *id = NULL;
          g_autofree char *file = NULL;
          g_autofree char *path = NULL;
          g_autofree char *out = NULL;

          if (node == NULL)
            g_error ("%s", error->message);
          object = json_node_get_object (node);
          id = g_strdup_printf ("%s-copy-%d", json_object_get_string_member (object, "id"), copy);
          json_object_set_string_member (object, "id", id);
          file = g_strconcat (id, ".json", NULL);
          path = g_build_filename (guides_copy, file, NULL);
          out = json_to_string (node, TRUE);
          if (!g_file_set_contents (path, out, -1, &error))
            g_error ("%s", error->message);
        }
  }

  /* The default file ends with "] }": the generated ones go in before the bracket. */
  if (!g_file_get_contents (source, &text, NULL, &error))
    g_error ("%s", error->message);
  if ((end = strrchr (text, ']')) == NULL)
    g_error ("%s has no organisations array", source);
  json = g_string_new_len (text, end - text);
  for (int i = 1; i <= n_generated; i++)
    append_organisation (json, i);
  g_string_append (json, end);
  if (!g_file_set_contents (target, json->str, json->len, &error))
    g_error ("%s", error->message);

  /* The pictures the guides name: the server refuses content that names one it lacks. */
  {
    g_autofree char *images = g_build_filename (SOURCE_CONTENT_DIR, "images", NULL);
    g_autofree char *images_copy = g_build_filename (dir, "images", NULL);
    g_autoptr (GDir) pictures = g_dir_open (images, 0, NULL);

    g_mkdir_with_parents (images_copy, 0700);
    while (pictures != NULL && (name = g_dir_read_name (pictures)) != NULL)
      if (g_str_has_suffix (name, ".png"))
        {
          g_autofree char *from = g_build_filename (images, name, NULL);
          g_autofree char *to = g_build_filename (images_copy, name, NULL);
          g_autofree char *bytes = NULL;
          gsize            size;

          if (!g_file_get_contents (from, &bytes, &size, &error)
              || !g_file_set_contents (to, bytes, size, &error))
            g_error ("%s", error->message);
        }
  }
}
