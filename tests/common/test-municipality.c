/* test-municipality.c — the municipalities table
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"

/* Finnish alphabetical order: å, ä, ö after z (as the kiosk lists them). */
static int
finnish_rank (gunichar c)
{
  switch (c)
    {
    case 0xe5:
      return 'z' + 1;
    case 0xe4:
      return 'z' + 2;
    case 0xf6:
      return 'z' + 3;
    default:
      return (int) g_unichar_tolower (c);
    }
}

static int
compare_finnish (const char *a, const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      int diff = finnish_rank (g_unichar_tolower (g_utf8_get_char (a)))
                 - finnish_rank (g_unichar_tolower (g_utf8_get_char (b)));

      if (diff != 0)
        return diff;
      a = g_utf8_next_char (a);
      b = g_utf8_next_char (b);
    }
  return (*a != '\0') - (*b != '\0');
}

static void
test_municipalities (void)
{
  static const struct
  {
    const char *code, *fi, *sv;
  } expected[] = {
    { "009", "Alavieska", "Alavieska" },
    { "069", "Haapajärvi", "Haapajärvi" },
    { "071", "Haapavesi", "Haapavesi" },
    { "072", "Hailuoto", "Karlö" },
    { "139", "Ii", "Ijo" },
    { "208", "Kalajoki", "Kalajoki" },
    { "244", "Kempele", "Kempele" },
    { "305", "Kuusamo", "Kuusamo" },
    { "317", "Kärsämäki", "Kärsämäki" },
    { "425", "Liminka", "Limingo" },
    { "436", "Lumijoki", "Lumijoki" },
    { "483", "Merijärvi", "Merijärvi" },
    { "494", "Muhos", "Muhos" },
    { "535", "Nivala", "Nivala" },
    { "563", "Oulainen", "Oulainen" },
    { "564", "Oulu", "Uleåborg" },
    { "615", "Pudasjärvi", "Pudasjärvi" },
    { "625", "Pyhäjoki", "Pyhäjoki" },
    { "626", "Pyhäjärvi", "Pyhäjärvi" },
    { "630", "Pyhäntä", "Pyhäntä" },
    { "678", "Raahe", "Brahestad" },
    { "691", "Reisjärvi", "Reisjärvi" },
    { "746", "Sievi", "Sievi" },
    { "748", "Siikajoki", "Siikajoki" },
    { "791", "Siikalatva", "Siikalatva" },
    { "832", "Taivalkoski", "Taivalkoski" },
    { "859", "Tyrnävä", "Tyrnävä" },
    { "889", "Utajärvi", "Utajärvi" },
    { "785", "Vaala", "Vaala" },
    { "977", "Ylivieska", "Ylivieska" },
  };
  guint                 n = 0;
  const NvMunicipality *all = nv_municipalities (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const NvMunicipality *municipality = nv_municipality_lookup (expected[i].code);

      g_assert_nonnull (municipality);
      g_assert_cmpstr (municipality->code, ==, expected[i].code);
      g_assert_cmpstr (municipality->name_fi, ==, expected[i].fi);
      g_assert_cmpstr (municipality->name_sv, ==, expected[i].sv);
      g_assert_cmpstr (nv_municipality_name (expected[i].code, NV_LANG_FI), ==, expected[i].fi);
      g_assert_cmpstr (nv_municipality_name (expected[i].code, NV_LANG_SV), ==, expected[i].sv);
      /* English uses the Finnish name. */
      g_assert_cmpstr (nv_municipality_name (expected[i].code, NV_LANG_EN), ==, expected[i].fi);
    }
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (nv_municipality_lookup (all[i].code) == &all[i]);
      if (i > 0 && compare_finnish (all[i - 1].name_fi, all[i].name_fi) >= 0)
        g_error ("%s is listed before %s", all[i - 1].name_fi, all[i].name_fi);
    }

  /* Helsinki is not in North Ostrobothnia: unknown, and shown as its code. */
  g_assert_null (nv_municipality_lookup ("091"));
  g_assert_null (nv_municipality_lookup ("56"));
  g_assert_null (nv_municipality_lookup (NULL));
  g_assert_cmpstr (nv_municipality_name ("091", NV_LANG_SV), ==, "091");
  g_assert_cmpstr (nv_municipality_name (NULL, NV_LANG_FI), ==, "");
  g_assert_true (nv_municipalities (NULL) == all);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/municipality/table", test_municipalities);
  return g_test_run ();
}
