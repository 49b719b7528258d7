/* test-municipality.c — Finland's municipalities and regions
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

static gboolean
is_digits (const char *text, gsize length)
{
  if (text == NULL || strlen (text) != length)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static void
test_order (void)
{
  g_assert_cmpint (compare_finnish ("Vöyri", "Ähtäri"), <, 0);
  g_assert_cmpint (compare_finnish ("Ähtäri", "Äänekoski"), <, 0);
  g_assert_cmpint (compare_finnish ("Ylöjärvi", "Ypäjä"), <, 0);
  g_assert_cmpint (compare_finnish ("Mäntsälä", "Mänttä-Vilppula"), <, 0);
}

/* 308 municipalities in 2025 and 2026, every code three digits and its own, in Finnish
 * alphabetical order, each found by its code and in a known region. */
static void
test_table (void)
{
  guint                 n = 0;
  const NvMunicipality *all = nv_municipalities (&n);
  g_autoptr (GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n, ==, 308);
  g_assert_true (nv_municipalities (NULL) == all);
  for (guint i = 0; i < n; i++)
    {
      if (!is_digits (all[i].code, 3))
        g_error ("%s: code \"%s\" is not three digits", all[i].name_fi, all[i].code);
      if (!g_hash_table_add (codes, (gpointer) all[i].code))
        g_error ("code %s is listed twice", all[i].code);
      g_assert_true (g_utf8_validate (all[i].name_fi, -1, NULL));
      g_assert_true (g_utf8_validate (all[i].name_sv, -1, NULL));
      g_assert_cmpstr (all[i].name_fi, !=, "");
      g_assert_cmpstr (all[i].name_sv, !=, "");
      g_assert_false (g_str_has_suffix (all[i].name_sv, " "));
      g_assert_nonnull (nv_region_lookup (all[i].region));
      g_assert_true (nv_municipality_lookup (all[i].code) == &all[i]);
      g_assert_cmpstr (nv_municipality_region (all[i].code), ==, all[i].region);
      if (i > 0 && compare_finnish (all[i - 1].name_fi, all[i].name_fi) >= 0)
        g_error ("%s is listed before %s", all[i - 1].name_fi, all[i].name_fi);
    }
  g_assert_cmpstr (all[0].name_fi, ==, "Akaa");
  g_assert_cmpstr (all[n - 1].name_fi, ==, "Äänekoski");
}

/* The municipalities of each region, as Statistics Finland's 2026 correspondence counts them. */
static void
test_region_counts (void)
{
  static const struct
  {
    const char *region;
    guint       count;
  } expected[] = {
    { "01", 26 }, { "02", 27 }, { "04", 16 }, { "05", 11 }, { "06", 23 },
    { "07", 10 }, { "08", 6 },  { "09", 9 },  { "10", 11 }, { "11", 19 },
    { "12", 13 }, { "13", 22 }, { "14", 18 }, { "15", 14 }, { "16", 8 },
    { "17", 30 }, { "18", 8 },  { "19", 21 }, { "21", 16 },
  };
  guint                 n = 0, n_regions = 0;
  const NvMunicipality *all = nv_municipalities (&n);
  const NvRegion       *regions = nv_regions (&n_regions);

  g_assert_cmpuint (n_regions, ==, G_N_ELEMENTS (expected));
  for (guint r = 0; r < n_regions; r++)
    {
      guint count = 0;

      g_assert_cmpstr (regions[r].code, ==, expected[r].region);
      for (guint i = 0; i < n; i++)
        count += g_str_equal (all[i].region, expected[r].region);
      if (count != expected[r].count)
        g_error ("region %s has %u municipalities, not %u", expected[r].region, count,
                 expected[r].count);
    }
}

/* North Ostrobothnia, the whole of the table before, exactly as it was. */
static void
test_north_ostrobothnia (void)
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
  guint                 n = 0, listed = 0;
  const NvMunicipality *all = nv_municipalities (&n);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const NvMunicipality *municipality = nv_municipality_lookup (expected[i].code);

      g_assert_nonnull (municipality);
      g_assert_cmpstr (municipality->code, ==, expected[i].code);
      g_assert_cmpstr (municipality->name_fi, ==, expected[i].fi);
      g_assert_cmpstr (municipality->name_sv, ==, expected[i].sv);
      g_assert_cmpstr (municipality->region, ==, "17");
      g_assert_cmpstr (nv_municipality_name (expected[i].code, NV_LANG_FI), ==, expected[i].fi);
      g_assert_cmpstr (nv_municipality_name (expected[i].code, NV_LANG_SV), ==, expected[i].sv);
      /* English uses the Finnish name. */
      g_assert_cmpstr (nv_municipality_name (expected[i].code, NV_LANG_EN), ==, expected[i].fi);
      g_assert_cmpstr (nv_municipality_region (expected[i].code), ==, "17");
    }
  /* In the same order as before, and no other municipality in region 17. */
  for (guint i = 0; i < n; i++)
    if (g_str_equal (all[i].region, "17"))
      {
        g_assert_cmpuint (listed, <, G_N_ELEMENTS (expected));
        g_assert_cmpstr (all[i].code, ==, expected[listed].code);
        listed++;
      }
  g_assert_cmpuint (listed, ==, G_N_ELEMENTS (expected));
}

/* Elsewhere in Finland, with Swedish names and regions; the names PTV's recorded records give
 * (Naantali, Vaasa, Mikkeli, Isokyrö, the Ostrobothnian coast) among them. */
static void
test_spot_checks (void)
{
  static const struct
  {
    const char *code, *fi, *sv, *region;
  } expected[] = {
    { "091", "Helsinki", "Helsingfors", "01" },
    { "049", "Espoo", "Esbo", "01" },
    { "092", "Vantaa", "Vanda", "01" },
    { "235", "Kauniainen", "Grankulla", "01" },
    { "710", "Raasepori", "Raseborg", "01" },
    { "853", "Turku", "Åbo", "02" },
    { "529", "Naantali", "Nådendal", "02" },
    { "445", "Parainen", "Pargas", "02" },
    { "284", "Koski Tl", "Koskis", "02" },
    { "609", "Pori", "Björneborg", "04" },
    { "109", "Hämeenlinna", "Tavastehus", "05" },
    { "837", "Tampere", "Tammerfors", "06" },
    { "291", "Kuhmoinen", "Kuhmois", "06" },
    { "508", "Mänttä-Vilppula", "Mänttä-Vilppula", "06" },
    { "398", "Lahti", "Lahtis", "07" },
    { "142", "Iitti", "Itis", "07" },
    { "075", "Hamina", "Fredrikshamn", "08" },
    { "405", "Lappeenranta", "Villmanstrand", "09" },
    { "491", "Mikkeli", "S:t Michel", "10" },
    { "507", "Mäntyharju", "Mäntyharju", "10" },
    { "297", "Kuopio", "Kuopio", "11" },
    { "171", "Joroinen", "Jorois", "11" },
    { "167", "Joensuu", "Joensuu", "12" },
    { "090", "Heinävesi", "Heinävesi", "12" },
    { "848", "Tohmajärvi", "Tohmajärvi", "12" },
    { "179", "Jyväskylä", "Jyväskylä", "13" },
    { "992", "Äänekoski", "Äänekoski", "13" },
    { "152", "Isokyrö", "Storkyro", "14" },
    { "989", "Ähtäri", "Etseri", "14" },
    { "905", "Vaasa", "Vasa", "15" },
    { "231", "Kaskinen", "Kaskö", "15" },
    { "287", "Kristiinankaupunki", "Kristinestad", "15" },
    { "440", "Luoto", "Larsmo", "15" },
    { "499", "Mustasaari", "Korsholm", "15" },
    { "598", "Pietarsaari", "Jakobstad", "15" },
    { "599", "Pedersören kunta", "Pedersöre", "15" },
    { "946", "Vöyri", "Vörå", "15" },
    { "272", "Kokkola", "Karleby", "16" },
    { "205", "Kajaani", "Kajana", "18" },
    { "698", "Rovaniemi", "Rovaniemi", "19" },
    { "148", "Inari", "Enare", "19" },
    { "976", "Ylitornio", "Övertorneå", "19" },
    { "478", "Maarianhamina", "Mariehamn", "21" },
    { "035", "Brändö", "Brändö", "21" },
    { "941", "Vårdö", "Vårdö", "21" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const NvMunicipality *municipality = nv_municipality_lookup (expected[i].code);

      if (municipality == NULL)
        g_error ("%s (%s) is missing", expected[i].fi, expected[i].code);
      g_assert_cmpstr (municipality->name_fi, ==, expected[i].fi);
      g_assert_cmpstr (municipality->name_sv, ==, expected[i].sv);
      g_assert_cmpstr (municipality->region, ==, expected[i].region);
    }

  /* Helsinki, no longer unknown: in Uusimaa / Nyland. */
  g_assert_cmpstr (nv_municipality_name ("091", NV_LANG_FI), ==, "Helsinki");
  g_assert_cmpstr (nv_municipality_name ("091", NV_LANG_SV), ==, "Helsingfors");
  g_assert_cmpstr (nv_municipality_name ("091", NV_LANG_EN), ==, "Helsinki");
  g_assert_cmpstr (nv_municipality_region ("091"), ==, "01");
  g_assert_cmpstr (nv_region_name (nv_municipality_region ("091"), NV_LANG_FI), ==, "Uusimaa");
  g_assert_cmpstr (nv_region_name (nv_municipality_region ("091"), NV_LANG_SV), ==, "Nyland");

  /* Merged away: Pertunmaa into Mäntyharju in 2025, Honkajoki into Kankaanpää in 2021. */
  g_assert_null (nv_municipality_lookup ("588"));
  g_assert_null (nv_municipality_lookup ("099"));
}

static void
test_unknown (void)
{
  static const char *const unknown[] = { "999", "56", "0564", "", "5640", "000", "abc", "123" };

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_null (nv_municipality_lookup (unknown[i]));
      g_assert_null (nv_municipality_region (unknown[i]));
      g_assert_cmpstr (nv_municipality_name (unknown[i], NV_LANG_SV), ==, unknown[i]);
    }
  g_assert_null (nv_municipality_lookup (NULL));
  g_assert_null (nv_municipality_region (NULL));
  g_assert_cmpstr (nv_municipality_name (NULL, NV_LANG_FI), ==, "");
}

static void
test_regions (void)
{
  static const struct
  {
    const char *code, *fi, *sv;
  } expected[] = {
    { "01", "Uusimaa", "Nyland" },
    { "02", "Varsinais-Suomi", "Egentliga Finland" },
    { "04", "Satakunta", "Satakunta" },
    { "05", "Kanta-Häme", "Egentliga Tavastland" },
    { "06", "Pirkanmaa", "Birkaland" },
    { "07", "Päijät-Häme", "Päijänne-Tavastland" },
    { "08", "Kymenlaakso", "Kymmenedalen" },
    { "09", "Etelä-Karjala", "Södra Karelen" },
    { "10", "Etelä-Savo", "Södra Savolax" },
    { "11", "Pohjois-Savo", "Norra Savolax" },
    { "12", "Pohjois-Karjala", "Norra Karelen" },
    { "13", "Keski-Suomi", "Mellersta Finland" },
    { "14", "Etelä-Pohjanmaa", "Södra Österbotten" },
    { "15", "Pohjanmaa", "Österbotten" },
    { "16", "Keski-Pohjanmaa", "Mellersta Österbotten" },
    { "17", "Pohjois-Pohjanmaa", "Norra Österbotten" },
    { "18", "Kainuu", "Kajanaland" },
    { "19", "Lappi", "Lappland" },
    { "21", "Ahvenanmaa", "Åland" },
  };
  static const char *const unknown[] = { "03", "20", "99", "1", "017", "" };
  guint                    n = 0;
  const NvRegion          *all = nv_regions (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
  g_assert_true (nv_regions (NULL) == all);
  for (guint i = 0; i < n; i++)
    {
      g_assert_true (is_digits (all[i].code, 2));
      if (i > 0)
        g_assert_cmpint (strcmp (all[i - 1].code, all[i].code), <, 0);
      g_assert_cmpstr (all[i].code, ==, expected[i].code);
      g_assert_cmpstr (all[i].name_fi, ==, expected[i].fi);
      g_assert_cmpstr (all[i].name_sv, ==, expected[i].sv);
      g_assert_true (nv_region_lookup (expected[i].code) == &all[i]);
      g_assert_cmpstr (nv_region_name (expected[i].code, NV_LANG_FI), ==, expected[i].fi);
      g_assert_cmpstr (nv_region_name (expected[i].code, NV_LANG_SV), ==, expected[i].sv);
      /* English uses the Finnish name. */
      g_assert_cmpstr (nv_region_name (expected[i].code, NV_LANG_EN), ==, expected[i].fi);
    }
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_null (nv_region_lookup (unknown[i]));
      g_assert_cmpstr (nv_region_name (unknown[i], NV_LANG_SV), ==, unknown[i]);
    }
  g_assert_null (nv_region_lookup (NULL));
  g_assert_cmpstr (nv_region_name (NULL, NV_LANG_FI), ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/municipality/order", test_order);
  g_test_add_func ("/municipality/table", test_table);
  g_test_add_func ("/municipality/region-counts", test_region_counts);
  g_test_add_func ("/municipality/north-ostrobothnia", test_north_ostrobothnia);
  g_test_add_func ("/municipality/spot-checks", test_spot_checks);
  g_test_add_func ("/municipality/unknown", test_unknown);
  g_test_add_func ("/municipality/regions", test_regions);
  return g_test_run ();
}
