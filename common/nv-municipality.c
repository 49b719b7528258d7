/* nv-municipality.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-municipality.h"

/* North Ostrobothnia (Pohjois-Pohjanmaa), Statistics Finland codes, in Finnish
 * alphabetical order (Ä after Z). */
static const NvMunicipality municipalities[] = {
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

const NvMunicipality *
nv_municipalities (guint *n_out)
{
  if (n_out != NULL)
    *n_out = G_N_ELEMENTS (municipalities);
  return municipalities;
}

const NvMunicipality *
nv_municipality_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (municipalities); i++)
    if (g_str_equal (municipalities[i].code, code))
      return &municipalities[i];
  return NULL;
}

const char *
nv_municipality_name (const char *code, NvLang lang)
{
  const NvMunicipality *municipality = nv_municipality_lookup (code);

  if (municipality == NULL)
    return code != NULL ? code : "";
  return lang == NV_LANG_SV ? municipality->name_sv : municipality->name_fi;
}
