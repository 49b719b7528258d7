/* nv-municipality.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "nv-municipality.h"

/* Finland's municipalities as Statistics Finland classifies them in 2026: 308, the same
 * as in 2025 (309 in 2021-2024; Pertunmaa, 588, joined Mäntyharju, 507, at the start of
 * 2025; no merger at the start of 2026). Åland's 16 are region 21.
 *
 * Sources, checked against each other:
 *  - Statistics Finland, "Kunnat ja maakunnat 2026", the correspondence
 *    kunta_1_20260101#maakunta_1_20260101
 *    (https://stat.fi/fi/luokitukset/corrmaps/kunta_1_20260101%23maakunta_1_20260101),
 *    read through a snapshot of its API answer in fi and sv: GitHub
 *    JuusuPate/PC-Marketplace, apps/web/src/data/finnish-locations.ts, commit
 *    0f22bbb0a3ea1f6012afebc26c98850163272098 (retrieved by its authors 2026-09-27).
 *    Codes, names and regions below are from it.
 *  - GitHub lipas-liikuntapaikat/lipas, webapp/src/cljc/lipas/data/cities.cljc, commit
 *    0b564e8bb5a692bf7e2e6511148e7686e4f792c4 (2026-07-28): the same 308 active codes,
 *    the same Finnish names and regions; its Swedish names are the older ones of
 *    bilingual municipalities only (e.g. Ii/Ii, Liperi/Liperi), where Statistics Finland
 *    now gives the Swedish name of every municipality that has one (Ijo, Libelits).
 *  - Every municipality code in the recorded PTV records (shared/ptv-records) is here
 *    under the same Finnish name, and but for Liperi (PTV 2019: "Liperi") the same
 *    Swedish one; their one other code, "123" for Tohmajärvi, is not a Statistics
 *    Finland code (Tohmajärvi is 848).
 * Statistics Finland writes 478 "Maarianhamina - Mariehamn" in Finnish; here it is
 * Maarianhamina / Mariehamn. Two Swedish names had trailing blanks in the snapshot
 * ("Gustav Adolfs", "S:t Mårtens"); they are trimmed.
 *
 * Sorted by Finnish name in Finnish alphabetical order (Å, Ä, Ö after Z), as
 * nv_municipalities () returns it; by_code[] below orders the same rows by code. */
static const NvMunicipality municipalities[] = {
  { "020", "Akaa", "Ackas", "06" },
  { "005", "Alajärvi", "Alajärvi", "14" },
  { "009", "Alavieska", "Alavieska", "17" },
  { "010", "Alavus", "Alavo", "14" },
  { "016", "Asikkala", "Asikkala", "07" },
  { "018", "Askola", "Askola", "01" },
  { "019", "Aura", "Aura", "02" },
  { "035", "Brändö", "Brändö", "21" },
  { "043", "Eckerö", "Eckerö", "21" },
  { "046", "Enonkoski", "Enonkoski", "10" },
  { "047", "Enontekiö", "Enontekis", "19" },
  { "049", "Espoo", "Esbo", "01" },
  { "050", "Eura", "Eura", "04" },
  { "051", "Eurajoki", "Euraåminne", "04" },
  { "052", "Evijärvi", "Evijärvi", "14" },
  { "060", "Finström", "Finström", "21" },
  { "061", "Forssa", "Forssa", "05" },
  { "062", "Föglö", "Föglö", "21" },
  { "065", "Geta", "Geta", "21" },
  { "069", "Haapajärvi", "Haapajärvi", "17" },
  { "071", "Haapavesi", "Haapavesi", "17" },
  { "072", "Hailuoto", "Karlö", "17" },
  { "074", "Halsua", "Halso", "16" },
  { "075", "Hamina", "Fredrikshamn", "08" },
  { "076", "Hammarland", "Hammarland", "21" },
  { "077", "Hankasalmi", "Hankasalmi", "13" },
  { "078", "Hanko", "Hangö", "01" },
  { "079", "Harjavalta", "Harjavalta", "04" },
  { "081", "Hartola", "Gustav Adolfs", "07" },
  { "082", "Hattula", "Hattula", "05" },
  { "086", "Hausjärvi", "Hausjärvi", "05" },
  { "111", "Heinola", "Heinola", "07" },
  { "090", "Heinävesi", "Heinävesi", "12" },
  { "091", "Helsinki", "Helsingfors", "01" },
  { "097", "Hirvensalmi", "Hirvensalmi", "10" },
  { "098", "Hollola", "Hollola", "07" },
  { "102", "Huittinen", "Vittis", "04" },
  { "103", "Humppila", "Humppila", "05" },
  { "105", "Hyrynsalmi", "Hyrynsalmi", "18" },
  { "106", "Hyvinkää", "Hyvinge", "01" },
  { "108", "Hämeenkyrö", "Tavastkyro", "06" },
  { "109", "Hämeenlinna", "Tavastehus", "05" },
  { "139", "Ii", "Ijo", "17" },
  { "140", "Iisalmi", "Idensalmi", "11" },
  { "142", "Iitti", "Itis", "07" },
  { "143", "Ikaalinen", "Ikalis", "06" },
  { "145", "Ilmajoki", "Ilmola", "14" },
  { "146", "Ilomantsi", "Ilomants", "12" },
  { "153", "Imatra", "Imatra", "09" },
  { "148", "Inari", "Enare", "19" },
  { "149", "Inkoo", "Ingå", "01" },
  { "151", "Isojoki", "Storå", "14" },
  { "152", "Isokyrö", "Storkyro", "14" },
  { "165", "Janakkala", "Janakkala", "05" },
  { "167", "Joensuu", "Joensuu", "12" },
  { "169", "Jokioinen", "Jockis", "05" },
  { "170", "Jomala", "Jomala", "21" },
  { "171", "Joroinen", "Jorois", "11" },
  { "172", "Joutsa", "Joutsa", "13" },
  { "176", "Juuka", "Juga", "12" },
  { "177", "Juupajoki", "Juupajoki", "06" },
  { "178", "Juva", "Juva", "10" },
  { "179", "Jyväskylä", "Jyväskylä", "13" },
  { "181", "Jämijärvi", "Jämijärvi", "04" },
  { "182", "Jämsä", "Jämsä", "13" },
  { "186", "Järvenpää", "Träskända", "01" },
  { "202", "Kaarina", "S:t Karins", "02" },
  { "204", "Kaavi", "Kaavi", "11" },
  { "205", "Kajaani", "Kajana", "18" },
  { "208", "Kalajoki", "Kalajoki", "17" },
  { "211", "Kangasala", "Kangasala", "06" },
  { "213", "Kangasniemi", "Kangasniemi", "10" },
  { "214", "Kankaanpää", "Kankaanpää", "04" },
  { "216", "Kannonkoski", "Kannonkoski", "13" },
  { "217", "Kannus", "Kannus", "16" },
  { "218", "Karijoki", "Bötom", "14" },
  { "224", "Karkkila", "Högfors", "01" },
  { "226", "Karstula", "Karstula", "13" },
  { "230", "Karvia", "Karvia", "04" },
  { "231", "Kaskinen", "Kaskö", "15" },
  { "232", "Kauhajoki", "Kauhajoki", "14" },
  { "233", "Kauhava", "Kauhava", "14" },
  { "235", "Kauniainen", "Grankulla", "01" },
  { "236", "Kaustinen", "Kaustby", "16" },
  { "239", "Keitele", "Keitele", "11" },
  { "240", "Kemi", "Kemi", "19" },
  { "320", "Kemijärvi", "Kemijärvi", "19" },
  { "241", "Keminmaa", "Keminmaa", "19" },
  { "322", "Kemiönsaari", "Kimitoön", "02" },
  { "244", "Kempele", "Kempele", "17" },
  { "245", "Kerava", "Kervo", "01" },
  { "249", "Keuruu", "Keuru", "13" },
  { "250", "Kihniö", "Kihniö", "06" },
  { "256", "Kinnula", "Kinnula", "13" },
  { "257", "Kirkkonummi", "Kyrkslätt", "01" },
  { "260", "Kitee", "Kides", "12" },
  { "261", "Kittilä", "Kittilä", "19" },
  { "263", "Kiuruvesi", "Kiuruvesi", "11" },
  { "265", "Kivijärvi", "Kivijärvi", "13" },
  { "271", "Kokemäki", "Kumo", "04" },
  { "272", "Kokkola", "Karleby", "16" },
  { "273", "Kolari", "Kolari", "19" },
  { "275", "Konnevesi", "Konnevesi", "13" },
  { "276", "Kontiolahti", "Kontiolax", "12" },
  { "280", "Korsnäs", "Korsnäs", "15" },
  { "284", "Koski Tl", "Koskis", "02" },
  { "285", "Kotka", "Kotka", "08" },
  { "286", "Kouvola", "Kouvola", "08" },
  { "287", "Kristiinankaupunki", "Kristinestad", "15" },
  { "288", "Kruunupyy", "Kronoby", "15" },
  { "290", "Kuhmo", "Kuhmo", "18" },
  { "291", "Kuhmoinen", "Kuhmois", "06" },
  { "295", "Kumlinge", "Kumlinge", "21" },
  { "297", "Kuopio", "Kuopio", "11" },
  { "300", "Kuortane", "Kuortane", "14" },
  { "301", "Kurikka", "Kurikka", "14" },
  { "304", "Kustavi", "Gustavs", "02" },
  { "305", "Kuusamo", "Kuusamo", "17" },
  { "312", "Kyyjärvi", "Kyyjärvi", "13" },
  { "316", "Kärkölä", "Kärkölä", "07" },
  { "317", "Kärsämäki", "Kärsämäki", "17" },
  { "318", "Kökar", "Kökar", "21" },
  { "398", "Lahti", "Lahtis", "07" },
  { "399", "Laihia", "Laihela", "15" },
  { "400", "Laitila", "Letala", "02" },
  { "407", "Lapinjärvi", "Lappträsk", "01" },
  { "402", "Lapinlahti", "Lapinlahti", "11" },
  { "403", "Lappajärvi", "Lappajärvi", "14" },
  { "405", "Lappeenranta", "Villmanstrand", "09" },
  { "408", "Lapua", "Lappo", "14" },
  { "410", "Laukaa", "Laukas", "13" },
  { "416", "Lemi", "Lemi", "09" },
  { "417", "Lemland", "Lemland", "21" },
  { "418", "Lempäälä", "Lempäälä", "06" },
  { "420", "Leppävirta", "Leppävirta", "11" },
  { "421", "Lestijärvi", "Lestijärvi", "16" },
  { "422", "Lieksa", "Lieksa", "12" },
  { "423", "Lieto", "Lundo", "02" },
  { "425", "Liminka", "Limingo", "17" },
  { "426", "Liperi", "Libelits", "12" },
  { "444", "Lohja", "Lojo", "01" },
  { "430", "Loimaa", "Loimaa", "02" },
  { "433", "Loppi", "Loppi", "05" },
  { "434", "Loviisa", "Lovisa", "01" },
  { "435", "Luhanka", "Luhanka", "13" },
  { "436", "Lumijoki", "Lumijoki", "17" },
  { "438", "Lumparland", "Lumparland", "21" },
  { "440", "Luoto", "Larsmo", "15" },
  { "441", "Luumäki", "Luumäki", "09" },
  { "475", "Maalahti", "Malax", "15" },
  { "478", "Maarianhamina", "Mariehamn", "21" },
  { "480", "Marttila", "S:t Mårtens", "02" },
  { "481", "Masku", "Masku", "02" },
  { "483", "Merijärvi", "Merijärvi", "17" },
  { "484", "Merikarvia", "Sastmola", "04" },
  { "489", "Miehikkälä", "Miehikkälä", "08" },
  { "491", "Mikkeli", "S:t Michel", "10" },
  { "494", "Muhos", "Muhos", "17" },
  { "495", "Multia", "Multia", "13" },
  { "498", "Muonio", "Muonio", "19" },
  { "499", "Mustasaari", "Korsholm", "15" },
  { "500", "Muurame", "Muurame", "13" },
  { "503", "Mynämäki", "Virmo", "02" },
  { "504", "Myrskylä", "Mörskom", "01" },
  { "505", "Mäntsälä", "Mäntsälä", "01" },
  { "508", "Mänttä-Vilppula", "Mänttä-Vilppula", "06" },
  { "507", "Mäntyharju", "Mäntyharju", "10" },
  { "529", "Naantali", "Nådendal", "02" },
  { "531", "Nakkila", "Nakkila", "04" },
  { "535", "Nivala", "Nivala", "17" },
  { "536", "Nokia", "Nokia", "06" },
  { "538", "Nousiainen", "Nousis", "02" },
  { "541", "Nurmes", "Nurmes", "12" },
  { "543", "Nurmijärvi", "Nurmijärvi", "01" },
  { "545", "Närpiö", "Närpes", "15" },
  { "560", "Orimattila", "Orimattila", "07" },
  { "561", "Oripää", "Oripää", "02" },
  { "562", "Orivesi", "Orivesi", "06" },
  { "563", "Oulainen", "Oulainen", "17" },
  { "564", "Oulu", "Uleåborg", "17" },
  { "309", "Outokumpu", "Outokumpu", "12" },
  { "576", "Padasjoki", "Padasjoki", "07" },
  { "577", "Paimio", "Pemar", "02" },
  { "578", "Paltamo", "Paltamo", "18" },
  { "445", "Parainen", "Pargas", "02" },
  { "580", "Parikkala", "Parikkala", "09" },
  { "581", "Parkano", "Parkano", "06" },
  { "599", "Pedersören kunta", "Pedersöre", "15" },
  { "583", "Pelkosenniemi", "Pelkosenniemi", "19" },
  { "854", "Pello", "Pello", "19" },
  { "584", "Perho", "Perho", "16" },
  { "592", "Petäjävesi", "Petäjävesi", "13" },
  { "593", "Pieksämäki", "Pieksämäki", "10" },
  { "595", "Pielavesi", "Pielavesi", "11" },
  { "598", "Pietarsaari", "Jakobstad", "15" },
  { "601", "Pihtipudas", "Pihtipudas", "13" },
  { "604", "Pirkkala", "Birkala", "06" },
  { "607", "Polvijärvi", "Polvijärvi", "12" },
  { "608", "Pomarkku", "Påmark", "04" },
  { "609", "Pori", "Björneborg", "04" },
  { "611", "Pornainen", "Borgnäs", "01" },
  { "638", "Porvoo", "Borgå", "01" },
  { "614", "Posio", "Posio", "19" },
  { "615", "Pudasjärvi", "Pudasjärvi", "17" },
  { "616", "Pukkila", "Pukkila", "01" },
  { "619", "Punkalaidun", "Punkalaidun", "06" },
  { "620", "Puolanka", "Puolanka", "18" },
  { "623", "Puumala", "Puumala", "10" },
  { "624", "Pyhtää", "Pyttis", "08" },
  { "625", "Pyhäjoki", "Pyhäjoki", "17" },
  { "626", "Pyhäjärvi", "Pyhäjärvi", "17" },
  { "630", "Pyhäntä", "Pyhäntä", "17" },
  { "631", "Pyhäranta", "Pyhäranta", "02" },
  { "635", "Pälkäne", "Pälkäne", "06" },
  { "636", "Pöytyä", "Pöytyä", "02" },
  { "678", "Raahe", "Brahestad", "17" },
  { "710", "Raasepori", "Raseborg", "01" },
  { "680", "Raisio", "Reso", "02" },
  { "681", "Rantasalmi", "Rantasalmi", "10" },
  { "683", "Ranua", "Ranua", "19" },
  { "684", "Rauma", "Raumo", "04" },
  { "686", "Rautalampi", "Rautalampi", "11" },
  { "687", "Rautavaara", "Rautavaara", "11" },
  { "689", "Rautjärvi", "Rautjärvi", "09" },
  { "691", "Reisjärvi", "Reisjärvi", "17" },
  { "694", "Riihimäki", "Riihimäki", "05" },
  { "697", "Ristijärvi", "Ristijärvi", "18" },
  { "698", "Rovaniemi", "Rovaniemi", "19" },
  { "700", "Ruokolahti", "Ruokolax", "09" },
  { "702", "Ruovesi", "Ruovesi", "06" },
  { "704", "Rusko", "Rusko", "02" },
  { "707", "Rääkkylä", "Rääkkylä", "12" },
  { "729", "Saarijärvi", "Saarijärvi", "13" },
  { "732", "Salla", "Salla", "19" },
  { "734", "Salo", "Salo", "02" },
  { "736", "Saltvik", "Saltvik", "21" },
  { "790", "Sastamala", "Sastamala", "06" },
  { "738", "Sauvo", "Sagu", "02" },
  { "739", "Savitaipale", "Savitaipale", "09" },
  { "740", "Savonlinna", "Nyslott", "10" },
  { "742", "Savukoski", "Savukoski", "19" },
  { "743", "Seinäjoki", "Seinäjoki", "14" },
  { "746", "Sievi", "Sievi", "17" },
  { "747", "Siikainen", "Siikais", "04" },
  { "748", "Siikajoki", "Siikajoki", "17" },
  { "791", "Siikalatva", "Siikalatva", "17" },
  { "749", "Siilinjärvi", "Siilinjärvi", "11" },
  { "751", "Simo", "Simo", "19" },
  { "753", "Sipoo", "Sibbo", "01" },
  { "755", "Siuntio", "Sjundeå", "01" },
  { "758", "Sodankylä", "Sodankylä", "19" },
  { "759", "Soini", "Soini", "14" },
  { "761", "Somero", "Somero", "02" },
  { "762", "Sonkajärvi", "Sonkajärvi", "11" },
  { "765", "Sotkamo", "Sotkamo", "18" },
  { "766", "Sottunga", "Sottunga", "21" },
  { "768", "Sulkava", "Sulkava", "10" },
  { "771", "Sund", "Sund", "21" },
  { "777", "Suomussalmi", "Suomussalmi", "18" },
  { "778", "Suonenjoki", "Suonenjoki", "11" },
  { "781", "Sysmä", "Sysmä", "07" },
  { "783", "Säkylä", "Säkylä", "04" },
  { "831", "Taipalsaari", "Taipalsaari", "09" },
  { "832", "Taivalkoski", "Taivalkoski", "17" },
  { "833", "Taivassalo", "Tövsala", "02" },
  { "834", "Tammela", "Tammela", "05" },
  { "837", "Tampere", "Tammerfors", "06" },
  { "844", "Tervo", "Tervo", "11" },
  { "845", "Tervola", "Tervola", "19" },
  { "846", "Teuva", "Östermark", "14" },
  { "848", "Tohmajärvi", "Tohmajärvi", "12" },
  { "849", "Toholampi", "Toholampi", "16" },
  { "850", "Toivakka", "Toivakka", "13" },
  { "851", "Tornio", "Torneå", "19" },
  { "853", "Turku", "Åbo", "02" },
  { "857", "Tuusniemi", "Tuusniemi", "11" },
  { "858", "Tuusula", "Tusby", "01" },
  { "859", "Tyrnävä", "Tyrnävä", "17" },
  { "886", "Ulvila", "Ulvsby", "04" },
  { "887", "Urjala", "Urjala", "06" },
  { "889", "Utajärvi", "Utajärvi", "17" },
  { "890", "Utsjoki", "Utsjoki", "19" },
  { "892", "Uurainen", "Uurainen", "13" },
  { "893", "Uusikaarlepyy", "Nykarleby", "15" },
  { "895", "Uusikaupunki", "Nystad", "02" },
  { "785", "Vaala", "Vaala", "17" },
  { "905", "Vaasa", "Vasa", "15" },
  { "908", "Valkeakoski", "Valkeakoski", "06" },
  { "092", "Vantaa", "Vanda", "01" },
  { "915", "Varkaus", "Varkaus", "11" },
  { "918", "Vehmaa", "Vemo", "02" },
  { "921", "Vesanto", "Vesanto", "11" },
  { "922", "Vesilahti", "Vesilahti", "06" },
  { "924", "Veteli", "Vetil", "16" },
  { "925", "Vieremä", "Vieremä", "11" },
  { "927", "Vihti", "Vichtis", "01" },
  { "931", "Viitasaari", "Viitasaari", "13" },
  { "934", "Vimpeli", "Vindala", "14" },
  { "935", "Virolahti", "Vederlax", "08" },
  { "936", "Virrat", "Virdois", "06" },
  { "941", "Vårdö", "Vårdö", "21" },
  { "946", "Vöyri", "Vörå", "15" },
  { "976", "Ylitornio", "Övertorneå", "19" },
  { "977", "Ylivieska", "Ylivieska", "17" },
  { "980", "Ylöjärvi", "Ylöjärvi", "06" },
  { "981", "Ypäjä", "Ypäjä", "05" },
  { "989", "Ähtäri", "Etseri", "14" },
  { "992", "Äänekoski", "Äänekoski", "13" },
};

/* Indices into municipalities[], in code order, for the binary search. */
static const guint16 by_code[] = {
  1,   2,   3,   4,   5,   6,   0,   7,   8,   9,   10,  11,  12,  13,  14,  15,  16,  17,  18,
  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  32,  33,  288, 34,  35,  36,  37,
  38,  39,  40,  41,  31,  42,  43,  44,  45,  46,  47,  49,  50,  51,  52,  48,  53,  54,  55,
  56,  57,  58,  59,  60,  61,  62,  63,  64,  65,  66,  67,  68,  69,  70,  71,  72,  73,  74,
  75,  76,  77,  78,  79,  80,  81,  82,  83,  84,  85,  87,  89,  90,  91,  92,  93,  94,  95,
  96,  97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114,
  115, 116, 117, 180, 118, 119, 120, 121, 86,  88,  122, 123, 124, 126, 127, 128, 125, 129, 130,
  131, 132, 133, 134, 135, 136, 137, 138, 139, 141, 142, 143, 144, 145, 146, 147, 148, 140, 184,
  149, 150, 151, 152, 153, 154, 155, 156, 157, 158, 159, 160, 161, 162, 163, 164, 166, 165, 167,
  168, 169, 170, 171, 172, 173, 174, 175, 176, 177, 178, 179, 181, 182, 183, 185, 186, 188, 190,
  191, 192, 193, 194, 187, 195, 196, 197, 198, 199, 200, 202, 203, 204, 205, 206, 207, 208, 209,
  210, 211, 212, 213, 214, 201, 215, 217, 218, 219, 220, 221, 222, 223, 224, 225, 226, 227, 228,
  229, 230, 231, 216, 232, 233, 234, 235, 237, 238, 239, 240, 241, 242, 243, 244, 246, 247, 248,
  249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 259, 260, 261, 285, 236, 245, 262, 263, 264,
  265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 189, 275, 276, 277, 278, 279, 280, 281, 282,
  283, 284, 286, 287, 289, 290, 291, 292, 293, 294, 295, 296, 297, 298, 299, 300, 301, 302, 303,
  304, 305, 306, 307,
};

G_STATIC_ASSERT (G_N_ELEMENTS (by_code) == G_N_ELEMENTS (municipalities));

/* The 19 regions (maakunnat / landskap), Statistics Finland maakunta 2026, sorted by code. */
static const NvRegion regions[] = {
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

const NvMunicipality *
nv_municipalities (guint *n_out)
{
  if (n_out != NULL)
    *n_out = G_N_ELEMENTS (municipalities);
  return municipalities;
}

static int
compare_municipality_code (const void *key, const void *member)
{
  return strcmp (key, municipalities[*(const guint16 *) member].code);
}

const NvMunicipality *
nv_municipality_lookup (const char *code)
{
  const guint16 *found;

  if (code == NULL)
    return NULL;
  found = bsearch (code, by_code, G_N_ELEMENTS (by_code), sizeof by_code[0],
                   compare_municipality_code);
  return found != NULL ? &municipalities[*found] : NULL;
}

const char *
nv_municipality_name (const char *code, NvLang lang)
{
  const NvMunicipality *municipality = nv_municipality_lookup (code);

  if (municipality == NULL)
    return code != NULL ? code : "";
  return lang == NV_LANG_SV ? municipality->name_sv : municipality->name_fi;
}

const char *
nv_municipality_region (const char *code)
{
  const NvMunicipality *municipality = nv_municipality_lookup (code);

  return municipality != NULL ? municipality->region : NULL;
}

const NvRegion *
nv_regions (guint *n_out)
{
  if (n_out != NULL)
    *n_out = G_N_ELEMENTS (regions);
  return regions;
}

static int
compare_region_code (const void *key, const void *member)
{
  return strcmp (key, ((const NvRegion *) member)->code);
}

const NvRegion *
nv_region_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  return bsearch (code, regions, G_N_ELEMENTS (regions), sizeof regions[0], compare_region_code);
}

const char *
nv_region_name (const char *code, NvLang lang)
{
  const NvRegion *region = nv_region_lookup (code);

  if (region == NULL)
    return code != NULL ? code : "";
  return lang == NV_LANG_SV ? region->name_sv : region->name_fi;
}
