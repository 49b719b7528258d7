/* server-evaluation-report.c — the evaluation report as a printable HTML page
 *
 * What an evaluator hands to the steering group: for one period, the six areas of the
 * reports (reach, demand, friction, handover, experience with the feedback questions,
 * operations) and the funnels evaluators defined, each with a chart,
 * its key figures beside the period before, and findings in plain words made from those
 * figures ("Visits rose 12 % from the period before, from 25 to 28."), then how the
 * figures were made and which counts are hidden. It is made from the same tables and
 * figures as the reports (server-store-reports.c, server-store-report-figures.c), so a
 * count suppressed there is suppressed here, and no sentence is made from a hidden count.
 *
 * The charts are inline SVG drawn here: nothing is loaded at run time but the page's own
 * stylesheet (evaluation.css, with its print rules, served with the console), and the page
 * holds no script. Every name from content or staff is escaped, never markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "nv-common.h"
#include "server-evaluation-report.h"
#include "server-store-costs.h"
#include "server-store-funnels.h"
#include "server-store-kiosks.h"

#define CHART_WIDTH 640
#define CHART_LABEL_WIDTH 230
#define CHART_ROW 26
#define CHART_BARS 10
#define DAY_CHART_HEIGHT 150

typedef enum
{
  S_TITLE,
  S_SUBTITLE,
  S_PERIOD,
  S_COMPARED,
  S_KIOSKS_ALL,
  S_KIOSKS_SOME,
  S_SUMMARY,
  S_FINDINGS,
  S_FIGURES,
  S_COL_FIGURE,
  S_COL_NOW,
  S_COL_BEFORE,
  S_COL_CHANGE,
  S_SUPPRESSED,
  S_NO_DATA,
  S_UNKNOWN,
  S_UP,
  S_DOWN,
  S_SAME,
  S_NO_CHANGE,
  S_NONE,
  S_HIDDEN,
  S_TOP_GUIDE,
  S_LOW_COMPLETION,
  S_FUNNEL,
  S_UPTIME,
  S_CHART_DAYS,
  S_CHART_DAYS_DESC,
  S_CHART_GUIDES,
  S_CHART_COMPLETION,
  S_CHART_FUNNEL,
  S_CHART_FEEDBACK,
  S_CHART_UPTIME,
  S_METHOD,
  S_METHOD_TEXT,
  S_SUPPRESSION,
  S_SUPPRESSION_TEXT,
  S_NO_SUPPRESSION_TEXT,
  S_MADE,
  S_COSTS,
  S_COST_CHANNEL,
  S_COST_TOTAL,
  S_COST_CONTACTS,
  S_COST_PER_CONTACT,
  S_COST_SOLVED,
  S_COST_PER_SOLVED,
  S_COST_ALL,
  S_COST_PHONE,
  S_COST_COUNTER,
  S_COST_FINDING,
  S_COST_NOTE,
  S_SURVEY_RESPONSE,
  S_SURVEY_FOUND,
  S_SURVEY_NPS,
  S_SURVEY_STATEMENT,
  S_CHART_FOUND,
  S_CHART_SCORES,
  S_FUNNELS,
  S_FUNNELS_INTRO,
  S_FUNNEL_REACHED,
  S_FUNNEL_STEP,
  S_FUNNEL_CHART,
  S_FUNNEL_TABLE,
  S_TABLE_NOTE,
  N_STRINGS
} StringId;

static const char *const strings[N_STRINGS][NV_N_LANGS] = {
  [S_TITLE] = { "Arviointiraportti", "Utvärderingsrapport", "Evaluation report" },
  [S_SUBTITLE]
  = { "Neuvokas-neuvontakioskit", "Neuvokas rådgivningskiosker", "Neuvokas guidance kiosks" },
  [S_PERIOD] = { "Ajanjakso: {from} – {to}.", "Period: {from} – {to}.", "Period: {from} – {to}." },
  [S_COMPARED] = { "Vertailujakso: {from} – {to}, yhtä pitkä jakso juuri ennen.",
                   "Jämförelseperiod: {from} – {to}, en lika lång period strax före.",
                   "Compared with {from} – {to}, the period of the same length just before." },
  [S_KIOSKS_ALL] = { "Kioskit: kaikki.", "Kiosker: alla.", "Kiosks: all." },
  [S_KIOSKS_SOME] = { "Vain nämä kioskit: {kiosks}.", "Endast dessa kiosker: {kiosks}.",
                      "Only these kiosks: {kiosks}." },
  [S_SUMMARY] = { "Tiivistelmä", "Sammanfattning", "Summary" },
  [S_FINDINGS] = { "Havainnot", "Iakttagelser", "Findings" },
  [S_FIGURES] = { "Tunnusluvut", "Nyckeltal", "Key figures" },
  [S_COL_FIGURE] = { "Tunnusluku", "Nyckeltal", "Figure" },
  [S_COL_NOW] = { "Tämä jakso", "Denna period", "This period" },
  [S_COL_BEFORE] = { "Edellinen jakso", "Föregående period", "Period before" },
  [S_COL_CHANGE] = { "Muutos", "Förändring", "Change" },
  [S_SUPPRESSED] = { "alle {threshold}", "under {threshold}", "under {threshold}" },
  [S_NO_DATA] = { "Tältä jaksolta ei ole tietoja.", "Inga uppgifter för perioden.",
                  "No data for this period." },
  [S_UNKNOWN] = { "ei tietoa", "okänt", "not known" },
  [S_UP] = { "{title}: {value}, eli {pct} % enemmän kuin edellisellä jaksolla ({before}).",
             "{title}: {value}, det vill säga {pct} % fler än under föregående period ({before}).",
             "{title} rose {pct} % from the period before, from {before} to {value}." },
  [S_DOWN]
  = { "{title}: {value}, eli {pct} % vähemmän kuin edellisellä jaksolla ({before}).",
      "{title}: {value}, det vill säga {pct} % färre än under föregående period ({before}).",
      "{title} fell {pct} % from the period before, from {before} to {value}." },
  [S_SAME] = { "{title}: {value}, yhtä monta kuin edellisellä jaksolla.",
               "{title}: {value}, lika många som under föregående period.",
               "{title} stayed at {value}, as in the period before." },
  [S_NO_CHANGE] = { "{title}: {value}. Muutosta ei voi laskea (edellisellä jaksolla {before}).",
                    "{title}: {value}. Ingen förändring kan anges (föregående period {before}).",
                    "{title}: {value}. No change can be given (the period before: {before})." },
  [S_NONE] = { "{title}: ei yhtään, ei myöskään edellisellä jaksolla.",
               "{title}: inga, inte heller under föregående period.",
               "{title}: none, nor in the period before." },
  [S_HIDDEN] = { "{title}: lukua ei näytetä, koska siitä voisi päätellä alle {threshold} "
                 "henkilön tietoja.",
                 "{title}: talet visas inte, eftersom det kunde avslöja uppgifter om färre än "
                 "{threshold} personer.",
                 "{title}: not shown, because it could give away fewer than {threshold} "
                 "people." },
  [S_TOP_GUIDE] = { "Katsotuin opas oli {name} ({value} käyntiä).",
                    "Den mest visade guiden var {name} ({value} besök).",
                    "The most viewed guide was {name} ({value} visits)." },
  [S_LOW_COMPLETION] = { "Harvimmin loppuun asti luettiin opas {name}: {pct} % sen avanneista.",
                         "Guiden {name} lästes mest sällan till slut: {pct} % av dem som "
                         "öppnade den.",
                         "The guide least often read to the end was {name}: {pct} % of those "
                         "who opened it." },
  [S_FUNNEL] = { "Yhteydenottopyynnön aloittaneista {pct} % lähetti sen.",
                 "Av dem som började en kontaktförfrågan skickade {pct} % den.",
                 "Of those who started a request for contact, {pct} % sent it." },
  [S_UPTIME] = { "Kioskeja oli {value}; ne olivat yhteydessä palvelimeen keskimäärin {pct} % "
                 "tunneista.",
                 "Det fanns {value} kiosker; de hade kontakt med servern i genomsnitt {pct} % av "
                 "timmarna.",
                 "There were {value} kiosks; on average they reached the server in {pct} % of "
                 "the hours." },
  [S_CHART_DAYS] = { "Käynnit päivittäin", "Besök per dag", "Visits per day" },
  [S_CHART_DAYS_DESC] = { "Pylväs päivää kohden, {from} – {to}. Eniten käyntejä: {value}. "
                          "Harmaa merkki: alle {threshold}, ei näytetä.",
                          "En stapel per dag, {from} – {to}. Flest besök: {value}. "
                          "Grå markering: under {threshold}, visas inte.",
                          "One bar a day, {from} – {to}. Most visits: {value}. A grey mark: "
                          "under {threshold}, not shown." },
  [S_CHART_GUIDES] = { "Katsotuimmat oppaat (käynnit)", "Mest visade guider (besök)",
                       "Most viewed guides (visits)" },
  [S_CHART_COMPLETION]
  = { "Loppuun asti luetut (% avanneista)", "Lästa till slut (% av dem som öppnade)",
      "Read to the end (% of those who opened)" },
  [S_CHART_FUNNEL] = { "Yhteydenottopyynnön vaiheet (% aloittaneista)",
                       "Kontaktförfrågans steg (% av dem som började)",
                       "Steps of a request for contact (% of those who started)" },
  [S_CHART_FEEDBACK] = { "Tyytyväiset oppaittain (käynnit)", "Nöjda per guide (besök)",
                         "Happy with a guide (visits)" },
  [S_CHART_UPTIME]
  = { "Kioskien yhteydet palvelimeen (% tunneista)",
      "Kioskernas kontakt med servern (% av timmarna)", "Kiosks reaching the server (% of hours)" },
  [S_METHOD] = { "Menetelmä", "Metod", "Method" },
  [S_METHOD_TEXT]
  = { "Luvut on laskettu kioskien nimettömistä käyttötapahtumista ja yhteydenottopyyntöjen "
      "tiloista; niissä ei ole nimiä eikä puhelinnumeroita. Asukkaita laskettaessa lasketaan "
      "käyntejä: yksi käynti lasketaan kerran, vaikka se avaisi oppaan monta kertaa. Päivät ovat "
      "Suomen aikaa. Muutos lasketaan yhtä pitkään jaksoon juuri tätä jaksoa ennen.",
      "Talen har räknats ur kioskernas anonyma användningshändelser och kontaktförfrågningarnas "
      "status; de innehåller inga namn eller telefonnummer. Invånare räknas som besök: ett besök "
      "räknas en gång, även om det öppnar en guide många gånger. Dagarna är finsk tid. "
      "Förändringen jämförs med en lika lång period strax före denna.",
      "The figures are counted from the kiosks' anonymous usage events and the state of "
      "requests for contact; they hold no names or phone numbers. Residents are counted as "
      "visits: a visit counts once, however often it opens a guide. Days are Finnish time. A "
      "change compares the period with the period of the same length just before it." },
  [S_SUPPRESSION] = { "Pienten lukujen piilottaminen", "Små tal döljs", "Small counts are hidden" },
  [S_SUPPRESSION_TEXT]
  = { "Luku 1–{below} näytetään muodossa ”alle {threshold}”, jotta ketään ei voi tunnistaa. "
      "Yhteislukua tai muutosta ei näytetä, jos siitä voisi laskea piilotetun luvun "
      "(esimerkiksi kaikki käynnit miinus näytetyt päivät). Osuus lasketaan vain näytetyistä "
      "luvuista.",
      "Ett tal från 1 till {below} visas som ”under {threshold}”, så att ingen kan identifieras. "
      "En summa eller förändring visas inte om ett dolt tal kunde räknas ut ur den (till "
      "exempel alla besök minus de visade dagarna). En andel räknas bara ur visade tal.",
      "A count from 1 to {below} is shown as “under {threshold}”, so that nobody can be "
      "singled out. A total or a change is not shown when a hidden count could be worked out "
      "from it (all visits less the days shown, for example). A share is made only from counts "
      "shown." },
  [S_COSTS] = { "Kustannus yhteydenottoa kohden", "Kostnad per kontakt", "Cost per contact" },
  [S_COST_CHANNEL] = { "Palvelu", "Tjänst", "Service" },
  [S_COST_TOTAL] = { "Kustannus", "Kostnad", "Cost" },
  [S_COST_CONTACTS] = { "Käynnit tai yhteydenotot", "Besök eller kontakter", "Visits or contacts" },
  [S_COST_PER_CONTACT] = { "Kustannus / käynti tai yhteydenotto", "Kostnad / besök eller kontakt",
                           "Cost / visit or contact" },
  [S_COST_SOLVED] = { "Ratkaistut pyynnöt", "Lösta förfrågningar", "Requests solved" },
  [S_COST_PER_SOLVED]
  = { "Kustannus / ratkaistu pyyntö", "Kostnad / löst förfrågan", "Cost / request solved" },
  [S_COST_ALL] = { "Kioskit yhteensä", "Kioskerna sammanlagt", "All kiosks" },
  [S_COST_PHONE] = { "Puhelinneuvonta", "Telefonrådgivning", "Phone service" },
  [S_COST_COUNTER] = { "Asiointipiste", "Servicepunkt", "Counter service" },
  [S_COST_FINDING]
  = { "{channel}: {cost} käyntiä tai yhteydenottoa kohden.",
      "{channel}: {cost} per besök eller kontakt.", "{channel}: {cost} per visit or contact." },
  [S_COST_NOTE] = { "Kustannukset ovat arvioijien syöttämiä jaksoilta, jotka osuvat tämän jakson "
                    "sisään. Kustannusta käyntiä kohden ei lasketa piilotetusta luvusta.",
                    "Kostnaderna har matats in av utvärderarna för perioder inom denna period. "
                    "Kostnad per besök räknas inte ur ett dolt tal.",
                    "The costs are those evaluators entered for periods within this one. No cost "
                    "per visit is made from a hidden count." },
  [S_NO_SUPPRESSION_TEXT]
  = { "Tällä palvelimella pieniä lukuja ei piiloteta (kynnys 1): raportissa näkyy jokainen luku.",
      "På den här servern döljs inga små tal (tröskeln är 1): rapporten visar varje tal.",
      "This server hides no small counts (the threshold is 1): the report shows every count." },
  [S_MADE] = { "Tehty {now} Neuvokas-palvelimella.", "Gjord {now} på Neuvokas-servern.",
               "Made {now} on the Neuvokas server." },
  [S_SURVEY_RESPONSE]
  = { "Palautekysymykset näytettiin {offered} käynnillä; {pct} % niistä vastasi ainakin yhteen.",
      "Responsfrågorna visades vid {offered} besök; {pct} % av dem svarade på minst en.",
      "The feedback questions were shown in {offered} visits; {pct} % of them answered at least "
      "one." },
  [S_SURVEY_FOUND] = { "{pct} % vastanneista löysi sen, mitä tarvitsi.",
                       "{pct} % av dem som svarade hittade det de behövde.",
                       "{pct} % of those who answered found what they needed." },
  [S_SURVEY_NPS] = { "Suositteluindeksi (NPS) oli {index} ({value} arviota asteikolla 0–10).",
                     "Rekommendationsindexet (NPS) var {index} ({value} betyg på skalan 0–10).",
                     "The recommendation index (NPS) was {index} ({value} scores from 0 to 10)." },
  [S_SURVEY_STATEMENT] = { "”{name}”: {pct} % vastanneista oli samaa mieltä.",
                           "”{name}”: {pct} % av dem som svarade höll med.",
                           "“{name}”: {pct} % of those who answered agreed." },
  [S_CHART_FOUND] = { "Löysitkö sen, mitä tarvitsit? (% vastanneista)",
                      "Hittade du det du behövde? (% av dem som svarade)",
                      "Did you find what you needed? (% of those who answered)" },
  [S_CHART_SCORES] = { "Suositteluarviot 0–10 (käynnit)", "Rekommendationsbetyg 0–10 (besök)",
                       "Recommendation scores 0–10 (visits)" },
  [S_FUNNELS] = { "Arvioijien määrittämät suppilot", "Trattar som utvärderarna definierat",
                  "Funnels evaluators defined" },
  [S_FUNNELS_INTRO]
  = { "Kuinka moni käynti eteni vaiheesta toiseen tässä järjestyksessä, prosentteina "
      "ensimmäisen vaiheen käynneistä.",
      "Hur många besök gick vidare från steg till steg i denna ordning, i procent av besöken i "
      "det första steget.",
      "How many visits went from step to step in this order, as a percentage of the visits of "
      "the first step." },
  [S_FUNNEL_REACHED]
  = { "{name}: {pct} % ensimmäisen vaiheen käynneistä eteni viimeiseen vaiheeseen.",
      "{name}: {pct} % av besöken i det första steget nådde det sista.",
      "{name}: {pct} % of the visits of the first step reached the last." },
  [S_FUNNEL_STEP] = { "Vaihe {step}", "Steg {step}", "Step {step}" },
  [S_FUNNEL_CHART]
  = { "Vaiheet (% ensimmäisen vaiheen käynneistä)", "Stegen (% av besöken i det första steget)",
      "The steps (% of the visits of the first step)" },
  [S_FUNNEL_TABLE] = { "Vaiheiden ehdot ja käynnit", "Stegens villkor och besök",
                       "The steps' conditions and visits" },
  [S_TABLE_NOTE] = { "”alle {threshold}”: luku on piilotettu, ja samoin osuus, joka siitä "
                     "laskettaisiin.",
                     "”under {threshold}”: talet är dolt, liksom en andel som skulle räknas ur "
                     "det.",
                     "“under {threshold}”: the count is hidden, and so is a share made from "
                     "it." },
};

#define S(lang, id) strings[id][lang]

/* The console's names and introductions of the areas, in the same words. */
static const char *const area_names[][NV_N_LANGS] = {
  { "Tavoittavuus", "Räckvidd", "Reach" },   { "Kysyntä", "Efterfrågan", "Demand" },
  { "Kitka", "Friktion", "Friction" },       { "Ohjaus ihmiselle", "Överlämning", "Handover" },
  { "Kokemus", "Upplevelse", "Experience" }, { "Toiminta", "Drift", "Operations" },
};

static const char *const area_intros[][NV_N_LANGS] = {
  { "Kuinka monta käyttökertaa, milloin, kuinka pitkään, millä kielellä ja millä asetuksilla.",
    "Hur många besök, när, hur länge, på vilket språk och med vilka inställningar.",
    "How many visits, when, how long, in which language and with which settings." },
  { "Mitä asukkaat etsivät: ohjeet, aihepiirit, organisaatiot ja tuloksettomat haut.",
    "Vad invånarna söker: guider, kategorier, organisationer och sökningar utan träff.",
    "What residents look for: guides, categories, organisations and searches that found "
    "nothing." },
  { "Mihin asukkaat jäävät: ohjeiden loppuun vienti, vaihe jossa lopetettiin, aikakatkaisut.",
    "Var invånarna stannar: slutförda guider, steget de lämnade vid, tidsgränser.",
    "Where residents stop: guide completion, the step they left at, timeouts." },
  { "Kioskilta ihmiselle: pyynnöt, niiden tulokset, päivät yhteydenottoon.",
    "Från kiosken till en människa: förfrågningar, deras resultat, dagar till kontakt.",
    "From the kiosk to a person: requests made, their outcomes, days to contact." },
  { "Mitä asukkaat sanoivat ohjeista ja koko käynnistä: palautekysymykset THL:n kansallisen "
    "asiakaspalautteen tapaan.",
    "Vad invånarna sade om guiderna och om hela besöket: responsfrågorna i stil med THL:s "
    "nationella kundrespons.",
    "What residents said of the guides and of the whole visit: the feedback questions, in the "
    "manner of THL's national customer feedback." },
  { "Ovatko kioskit toiminnassa ja ajan tasalla.", "Om kioskerna är i gång och uppdaterade.",
    "Whether the kiosks are alive and up to date." },
};

static const char *const month_names[]
    = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

typedef struct
{
  ServerStore                   *store;
  const ServerEvaluationRequest *request;
  NvLang                         lang;
  guint                          threshold;
  GString                       *html;
  GPtrArray                     *findings; /* of the area being written, char * */
  GPtrArray                     *summary;  /* the first finding of each area, char * */
} Writer;

/* Text */

static void
append_escaped (GString *html, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (html, escaped);
}

/* @template with each {key} replaced by the value after it in the NULL-terminated list. */
static char *
fill (const char *template, ...)
{
  GString    *out = g_string_new (template);
  va_list     args;
  const char *key;

  va_start (args, template);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char      *value = va_arg (args, const char *);
      g_autofree char *token = g_strdup_printf ("{%s}", key);

      g_string_replace (out, token, value != NULL ? value : "", 0);
    }
  va_end (args);
  return g_string_free (out, FALSE);
}

/* A number as the language writes it: 37,5 in Finnish and Swedish, 37.5 in English. */
static char *
number_text (double value, NvLang lang)
{
  char  buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *text;

  if (value == (double) (gint64) value)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
  text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", value));
  if (lang != NV_LANG_EN)
    g_strdelimit (text, ".", ',');
  return text;
}

static char *
count_text (Writer *writer, gint64 count)
{
  g_autofree char *threshold = g_strdup_printf ("%u", writer->threshold);

  if (count < 0)
    return fill (S (writer->lang, S_SUPPRESSED), "threshold", threshold, NULL);
  return number_text ((double) count, writer->lang);
}

/* "2026-11-01" → "1.11.2026", or "1 Nov 2026" in English. */
static char *
day_text (const char *day, NvLang lang)
{
  guint year, month, date;

  if (day == NULL || sscanf (day, "%4u-%2u-%2u", &year, &month, &date) != 3 || month < 1
      || month > 12)
    return g_strdup (day != NULL ? day : "");
  if (lang == NV_LANG_EN)
    return g_strdup_printf ("%u %s %u", date, month_names[month - 1], year);
  return g_strdup_printf ("%u.%u.%u", date, month, year);
}

/* Tables */

static const ServerReportTable *
find_table (GPtrArray *tables, const char *id)
{
  for (guint i = 0; tables != NULL && i < tables->len; i++)
    if (g_str_equal (((ServerReportTable *) g_ptr_array_index (tables, i))->id, id))
      return g_ptr_array_index (tables, i);
  return NULL;
}

static int
column_of (const ServerReportTable *table, const char *id)
{
  for (guint i = 0; table != NULL && i < table->n_columns; i++)
    if (g_str_equal (table->columns[i].id, id))
      return (int) i;
  return -1;
}

static const char *
cell (const ServerReportTable *table, guint row, int column)
{
  return column < 0 ? NULL : ((GPtrArray *) g_ptr_array_index (table->rows, row))->pdata[column];
}

/* The name of @value in @column, in the page's language; the value itself without one. */
static const char *
name_of (Writer *writer, GHashTable *labels, const char *column, const char *value)
{
  GHashTable *names = labels != NULL ? g_hash_table_lookup (labels, column) : NULL;
  GStrv       found = names != NULL ? g_hash_table_lookup (names, value) : NULL;

  return found != NULL ? found[writer->lang] : value;
}

/* Charts */

typedef struct
{
  char  *label;
  double value; /* < 0: suppressed */
} Bar;

static void
bar_clear (Bar *bar)
{
  g_free (bar->label);
}

static GArray *
bars_new (void)
{
  GArray *bars = g_array_new (FALSE, TRUE, sizeof (Bar));

  g_array_set_clear_func (bars, (GDestroyNotify) bar_clear);
  return bars;
}

static void
add_bar (GArray *bars, const char *label, const char *value)
{
  Bar bar = { g_strdup (label), value != NULL ? g_ascii_strtod (value, NULL) : -1 };

  g_array_append_val (bars, bar);
}

/* Horizontal bars, each labelled and with its number; a suppressed one says so. */
static void
append_bar_chart (Writer     *writer,
                  const char *id,
                  const char *title,
                  GArray     *bars,
                  const char *unit,
                  gboolean    counts)
{
  GString *html = writer->html;
  double   max = 1;
  guint    height = bars->len * CHART_ROW + 8;

  if (bars->len == 0)
    {
      /* Named, so that it is not taken for the whole area's. */
      g_string_append (html, "<p class=\"no-data\">");
      append_escaped (html, title);
      g_string_append (html, " – ");
      append_escaped (html, S (writer->lang, S_NO_DATA));
      g_string_append (html, "</p>\n");
      return;
    }
  for (guint i = 0; i < bars->len; i++)
    max = MAX (max, g_array_index (bars, Bar, i).value);
  g_string_append_printf (
      html,
      "<figure class=\"chart\">\n<svg role=\"img\" aria-labelledby=\"%s-title\" "
      "viewBox=\"0 0 %d %u\" width=\"%d\" height=\"%u\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"%s-title\">",
      id, CHART_WIDTH, height, CHART_WIDTH, height, id);
  append_escaped (html, title);
  g_string_append (html, "</title>\n");
  for (guint i = 0; i < bars->len; i++)
    {
      const Bar       *bar = &g_array_index (bars, Bar, i);
      guint            y = i * CHART_ROW + 4;
      g_autofree char *start = g_utf8_substring (bar->label, 0, 31);
      g_autofree char *label = g_utf8_strlen (bar->label, -1) > 32 ? g_strconcat (start, "…", NULL)
                                                                   : g_strdup (bar->label);
      g_autofree char *value = NULL;
      int              length;

      g_string_append_printf (html, "<text x=\"%d\" y=\"%u\" class=\"label\">",
                              CHART_LABEL_WIDTH - 8, y + 17);
      append_escaped (html, label);
      g_string_append (html, "</text>");
      if (bar->value < 0)
        {
          /* A missing count is suppressed; a missing measure (uptime) is not known. */
          value = counts ? count_text (writer, -1) : g_strdup (S (writer->lang, S_UNKNOWN));
          g_string_append_printf (html,
                                  "<text x=\"%d\" y=\"%u\" class=\"value hidden\">%s</text>\n",
                                  CHART_LABEL_WIDTH + 6, y + 17, value);
          continue;
        }
      length = MAX (1, (int) (bar->value / max * (CHART_WIDTH - CHART_LABEL_WIDTH - 80)));
      value = number_text (bar->value, writer->lang);
      g_string_append_printf (html,
                              "<rect x=\"%d\" y=\"%u\" width=\"%d\" height=\"%d\" class=\"bar\"/>"
                              "<text x=\"%d\" y=\"%u\" class=\"value\">%s%s</text>\n",
                              CHART_LABEL_WIDTH, y + 3, length, CHART_ROW - 8,
                              CHART_LABEL_WIDTH + length + 6, y + 17, value, unit);
    }
  /* Said on paper too, where the SVG's title is not seen. */
  g_string_append (html, "</svg>\n<figcaption aria-hidden=\"true\">");
  append_escaped (html, title);
  g_string_append (html, "</figcaption>\n</figure>\n");
}

/* Sessions per day as columns: one a day, a suppressed day a grey mark at the foot. */
static void
append_day_chart (Writer *writer, const ServerReportTable *table)
{
  GString         *html = writer->html;
  int              value_column = column_of (table, "sessions");
  gint64           max = 0;
  double           width;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *most = NULL;
  g_autofree char *threshold = g_strdup_printf ("%u", writer->threshold);
  g_autofree char *desc = NULL;

  if (table == NULL || table->rows->len == 0 || value_column < 0)
    return;
  for (guint i = 0; i < table->rows->len; i++)
    if (cell (table, i, value_column) != NULL)
      max = MAX (max, g_ascii_strtoll (cell (table, i, value_column), NULL, 10));
  width = (double) CHART_WIDTH / table->rows->len;
  from = day_text (cell (table, 0, 0), writer->lang);
  to = day_text (cell (table, table->rows->len - 1, 0), writer->lang);
  most = number_text ((double) max, writer->lang);
  desc = fill (S (writer->lang, S_CHART_DAYS_DESC), "from", from, "to", to, "value", most,
               "threshold", threshold, NULL);
  g_string_append_printf (
      html,
      "<figure class=\"chart\">\n<svg role=\"img\" aria-labelledby=\"days-title "
      "days-desc\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"days-title\">",
      CHART_WIDTH, DAY_CHART_HEIGHT + 24, CHART_WIDTH, DAY_CHART_HEIGHT + 24);
  append_escaped (html, S (writer->lang, S_CHART_DAYS));
  g_string_append (html, "</title>\n<desc id=\"days-desc\">");
  append_escaped (html, desc);
  g_string_append (html, "</desc>\n");
  for (guint i = 0; i < table->rows->len; i++)
    {
      const char *value = cell (table, i, value_column);
      double      x = i * width;

      if (value == NULL)
        g_string_append_printf (html,
                                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"4\" "
                                "class=\"hidden-mark\"/>\n",
                                x, DAY_CHART_HEIGHT - 4, MAX (width - 1, 1));
      else if (max > 0)
        {
          double height
              = (double) g_ascii_strtoll (value, NULL, 10) / max * (DAY_CHART_HEIGHT - 10);

          g_string_append_printf (html,
                                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                                  "class=\"bar\"/>\n",
                                  x, DAY_CHART_HEIGHT - height, MAX (width - 1, 1), height);
        }
    }
  g_string_append_printf (html,
                          "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>"
                          "<text x=\"0\" y=\"%d\" class=\"axis-label\">%s</text>"
                          "<text x=\"%d\" y=\"%d\" class=\"axis-label end\">%s</text>\n",
                          DAY_CHART_HEIGHT, CHART_WIDTH, DAY_CHART_HEIGHT, DAY_CHART_HEIGHT + 18,
                          from, CHART_WIDTH, DAY_CHART_HEIGHT + 18, to);
  g_string_append (html, "</svg>\n</figure>\n");
}

/* Figures and findings */

static char *
figure_sentence (Writer *writer, const ServerReportFigure *figure)
{
  NvLang           lang = writer->lang;
  const char      *title = figure->title[lang];
  g_autofree char *value = count_text (writer, figure->value);
  g_autofree char *before = count_text (writer, figure->previous);
  g_autofree char *threshold = g_strdup_printf ("%u", writer->threshold);
  g_autofree char *pct = NULL;
  double           change;

  if (figure->value < 0)
    return fill (S (lang, S_HIDDEN), "title", title, "threshold", threshold, NULL);
  if (figure->value == 0 && figure->previous == 0)
    return fill (S (lang, S_NONE), "title", title, NULL);
  if (!server_report_figure_change (figure, &change))
    return fill (S (lang, S_NO_CHANGE), "title", title, "value", value, "before", before, NULL);
  pct = number_text (ABS (change), lang);
  return fill (S (lang, change > 0   ? S_UP
                        : change < 0 ? S_DOWN
                                     : S_SAME),
               "title", title, "value", value, "before", before, "pct", pct, NULL);
}

static void
add_finding (Writer *writer, char *sentence)
{
  g_ptr_array_add (writer->findings, sentence);
}

static void
append_figures (Writer *writer, GArray *figures)
{
  GString *html = writer->html;
  NvLang   lang = writer->lang;

  if (figures == NULL || figures->len == 0)
    return;
  g_string_append_printf (html,
                          "<table class=\"figures\">\n<caption>%s</caption>\n<thead><tr>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
                          "<tbody>\n",
                          S (lang, S_FIGURES), S (lang, S_COL_FIGURE), S (lang, S_COL_NOW),
                          S (lang, S_COL_BEFORE), S (lang, S_COL_CHANGE));
  for (guint i = 0; i < figures->len; i++)
    {
      const ServerReportFigure *figure = &g_array_index (figures, ServerReportFigure, i);
      g_autofree char          *value = count_text (writer, figure->value);
      g_autofree char          *before = count_text (writer, figure->previous);
      g_autofree char          *change = NULL;
      double                    percent;

      if (server_report_figure_change (figure, &percent))
        {
          g_autofree char *number = number_text (ABS (percent), lang);

          change = g_strdup_printf ("%s%s %%", percent > 0 ? "+" : percent < 0 ? "−" : "", number);
        }
      g_string_append (html, "<tr><th scope=\"row\">");
      append_escaped (html, figure->title[lang]);
      g_string_append_printf (html, "</th><td>%s</td><td>%s</td><td>%s</td></tr>\n", value, before,
                              change != NULL ? change : "–");
      add_finding (writer, figure_sentence (writer, figure));
    }
  g_string_append (html, "</tbody>\n</table>\n");
}

/* Bars of @value_column of @table, labelled by the names of @label_column, at most
 * CHART_BARS. */
static GArray *
bars_of (Writer                  *writer,
         const ServerReportTable *table,
         GHashTable              *labels,
         const char              *label_column,
         const char              *value_column)
{
  GArray *bars = bars_new ();
  int     label = column_of (table, label_column);
  int     value = column_of (table, value_column);

  for (guint i = 0;
       table != NULL && label >= 0 && value >= 0 && i < table->rows->len && bars->len < CHART_BARS;
       i++)
    add_bar (bars, name_of (writer, labels, label_column, cell (table, i, label)),
             cell (table, i, value));
  return bars;
}

/* Whether @column of a table holds a share or a rate made from counts, not a count. */
static gboolean
is_share_column (const char *column)
{
  return g_str_equal (column, "share") || g_str_equal (column, "rate")
         || g_str_equal (column, "percent");
}

/* @table as the reports give it: its columns' titles, each id or code by its name, a
 * suppressed count "under 5" and a share made from one "–". */
static void
append_table (Writer *writer, const ServerReportTable *table, GHashTable *labels)
{
  GString *html = writer->html;
  NvLang   lang = writer->lang;

  if (table == NULL || table->rows->len == 0)
    return;
  g_string_append (html, "<table class=\"figures data\">\n<caption>");
  append_escaped (html, table->title[lang]);
  g_string_append (html, "</caption>\n<thead><tr>");
  for (guint c = 0; c < table->n_columns; c++)
    {
      g_string_append (html, "<th scope=\"col\">");
      append_escaped (html, table->columns[c].title[lang]);
      g_string_append (html, "</th>");
    }
  g_string_append (html, "</tr></thead>\n<tbody>\n");
  for (guint r = 0; r < table->rows->len; r++)
    {
      g_string_append (html, "<tr>");
      for (guint c = 0; c < table->n_columns; c++)
        {
          const ServerReportColumn *column = &table->columns[c];
          const char               *value = cell (table, r, (int) c);
          g_autofree char          *text = NULL;

          if (value == NULL && column->type == SERVER_REPORT_NUMBER)
            text = is_share_column (column->id) ? g_strdup ("–") : count_text (writer, -1);
          else if (value == NULL)
            text = g_strdup ("");
          else if (column->type == SERVER_REPORT_NUMBER)
            text = number_text (g_ascii_strtod (value, NULL), lang);
          else
            text = g_strdup (name_of (writer, labels, column->id, value));
          g_string_append (html, c == 0                                 ? "<th scope=\"row\">"
                                 : column->type == SERVER_REPORT_NUMBER ? "<td>"
                                                                        : "<td class=\"text\">");
          append_escaped (html, text);
          g_string_append (html, c == 0 ? "</th>" : "</td>");
        }
      g_string_append (html, "</tr>\n");
    }
  g_string_append (html, "</tbody>\n</table>\n");
}

/* The row of @table whose first cell is @key; -1 when there is none. */
static int
row_of (const ServerReportTable *table, const char *key)
{
  for (guint r = 0; table != NULL && r < table->rows->len; r++)
    if (g_strcmp0 (cell (table, r, 0), key) == 0)
      return (int) r;
  return -1;
}

/* The number in @column of the row @key of @table; FALSE when it is not shown. */
static gboolean
number_at (const ServerReportTable *table, const char *key, const char *column, double *out)
{
  int         row = row_of (table, key);
  const char *value = row >= 0 ? cell (table, (guint) row, column_of (table, column)) : NULL;

  if (value == NULL)
    return FALSE;
  *out = g_ascii_strtod (value, NULL);
  return TRUE;
}

static void
append_note (Writer *writer, StringId id)
{
  g_autofree char *threshold = g_strdup_printf ("%u", writer->threshold);
  g_autofree char *note = NULL;

  if (writer->threshold <= 1)
    return;
  note = fill (S (writer->lang, id), "threshold", threshold, NULL);
  g_string_append (writer->html, "<p class=\"note\">");
  append_escaped (writer->html, note);
  g_string_append (writer->html, "</p>\n");
}

/* The areas */

static void
write_reach (Writer *writer, GPtrArray *tables)
{
  append_day_chart (writer, find_table (tables, "sessions_per_day"));
}

static void
write_demand (Writer *writer, GPtrArray *tables, GHashTable *labels)
{
  const ServerReportTable *guides = find_table (tables, "top_guides");
  g_autoptr (GArray) bars = bars_of (writer, guides, labels, "guide", "views");

  append_bar_chart (writer, "guides", S (writer->lang, S_CHART_GUIDES), bars, "", TRUE);
  if (bars->len > 0 && g_array_index (bars, Bar, 0).value >= writer->threshold)
    {
      g_autofree char *value = number_text (g_array_index (bars, Bar, 0).value, writer->lang);

      add_finding (writer, fill (S (writer->lang, S_TOP_GUIDE), "name",
                                 g_array_index (bars, Bar, 0).label, "value", value, NULL));
    }
}

static void
write_friction (Writer *writer, GPtrArray *tables, GHashTable *labels)
{
  const ServerReportTable *completion = find_table (tables, "guide_completion");
  g_autoptr (GArray) bars = bars_new ();
  int   guide = column_of (completion, "guide");
  int   rate = column_of (completion, "rate");
  guint lowest = G_MAXUINT;

  for (guint i = 0; completion != NULL && guide >= 0 && rate >= 0 && i < completion->rows->len
                    && bars->len < CHART_BARS;
       i++)
    {
      const char      *value = cell (completion, i, rate);
      g_autofree char *percent
          = value != NULL ? g_strdup_printf ("%.1f", g_ascii_strtod (value, NULL) * 100) : NULL;

      add_bar (bars, name_of (writer, labels, "guide", cell (completion, i, guide)), percent);
      if (value != NULL
          && (lowest == G_MAXUINT
              || g_array_index (bars, Bar, bars->len - 1).value
                     < g_array_index (bars, Bar, lowest).value))
        lowest = bars->len - 1;
    }
  append_bar_chart (writer, "completion", S (writer->lang, S_CHART_COMPLETION), bars, " %", TRUE);
  if (lowest != G_MAXUINT)
    {
      g_autofree char *pct = number_text (g_array_index (bars, Bar, lowest).value, writer->lang);

      add_finding (writer, fill (S (writer->lang, S_LOW_COMPLETION), "name",
                                 g_array_index (bars, Bar, lowest).label, "pct", pct, NULL));
    }
}

static void
write_handover (Writer *writer, GPtrArray *tables, GHashTable *labels)
{
  const ServerReportTable *funnel = find_table (tables, "funnel");
  g_autoptr (GArray) bars = bars_of (writer, funnel, labels, "step", "percent");
  int percent = column_of (funnel, "percent");

  append_bar_chart (writer, "funnel", S (writer->lang, S_CHART_FUNNEL), bars, " %", TRUE);
  for (guint i = 0; funnel != NULL && percent >= 0 && i < funnel->rows->len; i++)
    if (g_strcmp0 (cell (funnel, i, 0), "submitted") == 0 && cell (funnel, i, percent) != NULL)
      {
        g_autofree char *pct
            = number_text (g_ascii_strtod (cell (funnel, i, percent), NULL), writer->lang);

        add_finding (writer, fill (S (writer->lang, S_FUNNEL), "pct", pct, NULL));
      }
}

/* The feedback questions (docs/events.md, "Feedback"): the response rate, "found what you
 * needed", the 0–10 scores and their groups with the index, the statements; each sentence
 * only from figures shown. */
static void
write_survey (Writer *writer, GPtrArray *tables, GHashTable *labels)
{
  const ServerReportTable *response = find_table (tables, "survey_response");
  const ServerReportTable *found = find_table (tables, "survey_found");
  const ServerReportTable *scores = find_table (tables, "survey_score");
  const ServerReportTable *statements = find_table (tables, "survey_statements");
  NvLang                   lang = writer->lang;
  g_autoptr (GArray) found_bars = bars_of (writer, found, labels, "answer", "share");
  g_autoptr (GArray) score_bars = bars_new ();
  int    visits = column_of (scores, "visits");
  double offered, rate, share, index, scored;

  /* Never asked in the period: nothing to show but the rate's zero. */
  if (number_at (response, "all", "offered", &offered) && offered == 0)
    {
      append_table (writer, response, labels);
      return;
    }
  append_table (writer, response, labels);
  if (number_at (response, "all", "offered", &offered)
      && number_at (response, "all", "rate", &rate))
    {
      g_autofree char *value = number_text (offered, lang);
      g_autofree char *pct = number_text (rate, lang);

      add_finding (writer, fill (S (lang, S_SURVEY_RESPONSE), "offered", value, "pct", pct, NULL));
    }

  if (found_bars->len > 0 && row_of (found, "yes") >= 0
      && cell (found, (guint) row_of (found, "yes"), column_of (found, "share")) != NULL)
    append_bar_chart (writer, "found", S (lang, S_CHART_FOUND), found_bars, " %", TRUE);
  append_table (writer, found, labels);
  if (number_at (found, "yes", "share", &share))
    {
      g_autofree char *pct = number_text (share, lang);

      add_finding (writer, fill (S (lang, S_SURVEY_FOUND), "pct", pct, NULL));
    }

  /* Every score of 0 to 10 a bar, the hidden ones said so. */
  for (guint r = 0; scores != NULL && visits >= 0 && r < scores->rows->len; r++)
    add_bar (score_bars, cell (scores, r, 0), cell (scores, r, visits));
  append_bar_chart (writer, "scores", S (lang, S_CHART_SCORES), score_bars, "", TRUE);
  append_table (writer, find_table (tables, "survey_recommendation"), labels);
  if (number_at (find_table (tables, "survey_recommendation"), "index", "share", &index)
      && number_at (find_table (tables, "survey_recommendation"), "index", "visits", &scored))
    {
      g_autofree char *value = number_text (scored, lang);
      g_autofree char *text = number_text (index, lang);

      add_finding (writer, fill (S (lang, S_SURVEY_NPS), "index", text, "value", value, NULL));
    }

  append_table (writer, statements, labels);
  for (guint r = 0; statements != NULL && r < statements->rows->len; r++)
    {
      const char *agree = cell (statements, r, column_of (statements, "agree"));
      const char *neutral = cell (statements, r, column_of (statements, "neutral"));
      const char *disagree = cell (statements, r, column_of (statements, "disagree"));
      double      total;

      /* A share only of counts all shown. */
      if (agree == NULL || neutral == NULL || disagree == NULL)
        continue;
      total = g_ascii_strtod (agree, NULL) + g_ascii_strtod (neutral, NULL)
              + g_ascii_strtod (disagree, NULL);
      if (total > 0)
        {
          g_autofree char *pct = number_text (
              (double) (gint64) (1000 * g_ascii_strtod (agree, NULL) / total + 0.5) / 10, lang);

          add_finding (writer, fill (S (lang, S_SURVEY_STATEMENT), "name",
                                     name_of (writer, labels, "statement", cell (statements, r, 0)),
                                     "pct", pct, NULL));
        }
    }
  append_note (writer, S_TABLE_NOTE);
}

static void
write_experience (Writer *writer, GPtrArray *tables, GHashTable *labels)
{
  g_autoptr (GArray) bars
      = bars_of (writer, find_table (tables, "feedback"), labels, "guide", "happy");

  append_bar_chart (writer, "feedback", S (writer->lang, S_CHART_FEEDBACK), bars, "", TRUE);
  write_survey (writer, tables, labels);
}

static void
write_operations (Writer *writer, GPtrArray *tables, GHashTable *labels)
{
  const ServerReportTable *kiosks = find_table (tables, "kiosks");
  g_autoptr (GArray) bars = bars_of (writer, kiosks, labels, "name", "uptime_percent");
  double sum = 0;
  guint  known = 0;

  append_bar_chart (writer, "uptime", S (writer->lang, S_CHART_UPTIME), bars, " %", FALSE);
  for (guint i = 0; i < bars->len; i++)
    if (g_array_index (bars, Bar, i).value >= 0)
      {
        sum += g_array_index (bars, Bar, i).value;
        known++;
      }
  if (known > 0)
    {
      g_autofree char *value = g_strdup_printf ("%u", kiosks->rows->len);
      g_autofree char *pct
          = number_text ((double) (gint64) (sum / known * 10 + 0.5) / 10, writer->lang);

      add_finding (writer, fill (S (writer->lang, S_UPTIME), "value", value, "pct", pct, NULL));
    }
}

/* "1 234,50 €" / "€1,234.50" */
static char *
euros_text (gint64 cents, NvLang lang)
{
  g_autofree char *whole = g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);
  GString         *grouped = g_string_new (NULL);
  gsize            length = strlen (whole);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (grouped, lang == NV_LANG_EN ? "," : "\u00a0");
      g_string_append_c (grouped, whole[i]);
    }
  if (lang == NV_LANG_EN)
    {
      g_string_prepend (grouped, "€");
      g_string_append_printf (grouped, ".%02d", (int) (cents % 100));
    }
  else
    g_string_append_printf (grouped, ",%02d\u00a0€", (int) (cents % 100));
  return g_string_free (grouped, FALSE);
}

/* The costs evaluators entered, beside the visits, contacts and requests solved. */
static gboolean
write_costs (Writer *writer, GError **error)
{
  const ServerEvaluationRequest *request = writer->request;
  NvLang                         lang = writer->lang;
  GString                       *html = writer->html;
  g_autoptr (GPtrArray) rows = server_store_cost_report (writer->store, request->query,
                                                         request->from_day, request->to_day, error);
  g_autoptr (GPtrArray) kiosks = NULL;

  if (rows == NULL || (kiosks = server_store_list_kiosks (writer->store, error)) == NULL)
    return FALSE;
  if (rows->len == 0)
    return TRUE;
  g_string_append_printf (html,
                          "<table class=\"figures costs\">\n<caption>%s</caption>\n<thead><tr>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
                          "<tbody>\n",
                          S (lang, S_COSTS), S (lang, S_COST_CHANNEL), S (lang, S_COST_TOTAL),
                          S (lang, S_COST_CONTACTS), S (lang, S_COST_PER_CONTACT),
                          S (lang, S_COST_SOLVED), S (lang, S_COST_PER_SOLVED));
  for (guint i = 0; i < rows->len; i++)
    {
      const ServerCostRow *row = g_ptr_array_index (rows, i);
      gboolean             kiosk = row->kiosk != NULL || g_str_equal (row->channel, "all");
      const char          *name = row->kiosk;
      g_autofree char     *cost = euros_text (row->cost_cents, lang);
      g_autofree char     *contacts = NULL;
      g_autofree char     *per_contact = NULL;
      g_autofree char     *solved = NULL;
      g_autofree char     *per_solved = NULL;

      for (guint k = 0; row->kiosk != NULL && k < kiosks->len; k++)
        if (g_str_equal (((ServerKiosk *) g_ptr_array_index (kiosks, k))->id, row->kiosk))
          name = ((ServerKiosk *) g_ptr_array_index (kiosks, k))->name;
      if (g_str_equal (row->channel, "all"))
        name = S (lang, S_COST_ALL);
      else if (g_str_equal (row->channel, SERVER_COST_PHONE))
        name = S (lang, S_COST_PHONE);
      else if (g_str_equal (row->channel, SERVER_COST_COUNTER))
        name = S (lang, S_COST_COUNTER);
      contacts = row->contacts < 0 && !kiosk ? g_strdup ("–") : count_text (writer, row->contacts);
      per_contact = row->contacts > 0
                        ? euros_text ((row->cost_cents + row->contacts / 2) / row->contacts, lang)
                        : g_strdup ("–");
      solved = kiosk ? count_text (writer, row->solved) : g_strdup ("–");
      per_solved = kiosk && row->solved > 0
                       ? euros_text ((row->cost_cents + row->solved / 2) / row->solved, lang)
                       : g_strdup ("–");
      g_string_append (html, "<tr><th scope=\"row\">");
      append_escaped (html, name);
      g_string_append_printf (html,
                              "</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                              "<td>%s</td></tr>\n",
                              cost, contacts, per_contact, solved, per_solved);
      if (row->contacts > 0 && (row->kiosk == NULL || rows->len == 1))
        {
          g_autofree char *sentence
              = fill (S (lang, S_COST_FINDING), "channel", name, "cost", per_contact, NULL);

          add_finding (writer, g_steal_pointer (&sentence));
        }
    }
  g_string_append (html, "</tbody>\n</table>\n<p class=\"note\">");
  append_escaped (html, S (lang, S_COST_NOTE));
  g_string_append (html, "</p>\n");
  return TRUE;
}

/* Labels for every table the charts name a row by. */
static GHashTable *
labels_of (Writer *writer, GPtrArray *tables, GError **error)
{
  g_autoptr (GHashTable) all
      = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autoptr (GHashTable) one
          = server_store_report_labels (writer->store, g_ptr_array_index (tables, i), error);
      GHashTableIter iter;
      gpointer       column, names;

      if (one == NULL)
        return NULL;
      g_hash_table_iter_init (&iter, one);
      while (g_hash_table_iter_next (&iter, &column, &names))
        {
          GHashTable    *kept = g_hash_table_lookup (all, column);
          GHashTableIter values;
          gpointer       value, name;

          if (kept == NULL)
            {
              g_hash_table_insert (all, column, g_hash_table_ref (names));
              continue;
            }
          /* Two tables of one column name different values ("index" is only in the
           * recommendation's groups): each keeps its names. */
          g_hash_table_iter_init (&values, names);
          while (g_hash_table_iter_next (&values, &value, &name))
            if (!g_hash_table_contains (kept, value))
              g_hash_table_insert (kept, g_strdup (value), g_strdupv (name));
        }
    }
  return g_steal_pointer (&all);
}

/* The area's findings, the first of them also in the summary. */
static void
append_findings (Writer *writer)
{
  GString *html = writer->html;

  if (writer->findings->len == 0)
    return;
  g_string_append_printf (html, "<h3>%s</h3>\n<ul class=\"findings\">\n",
                          S (writer->lang, S_FINDINGS));
  for (guint i = 0; i < writer->findings->len; i++)
    {
      g_string_append (html, "<li>");
      append_escaped (html, g_ptr_array_index (writer->findings, i));
      g_string_append (html, "</li>\n");
    }
  g_string_append (html, "</ul>\n");
  g_ptr_array_add (writer->summary, g_strdup (g_ptr_array_index (writer->findings, 0)));
}

static gboolean
write_area (Writer *writer, guint index, const char *section, GError **error)
{
  const ServerEvaluationRequest *request = writer->request;
  NvLang                         lang = writer->lang;
  GString                       *html = writer->html;
  g_autoptr (GPtrArray) tables = NULL;
  g_autoptr (GArray) figures = NULL;
  g_autoptr (GHashTable) labels = NULL;

  if ((tables = server_store_report (writer->store, section, NULL, request->query, error)) == NULL
      || (figures = server_store_report_figures (writer->store, section, request->query,
                                                 request->previous, tables, error))
             == NULL
      || (labels = labels_of (writer, tables, error)) == NULL)
    return FALSE;
  g_ptr_array_set_size (writer->findings, 0);

  g_string_append_printf (html,
                          "<section class=\"area\" aria-labelledby=\"area-%s\">\n"
                          "<h2 id=\"area-%s\">%u. %s</h2>\n<p class=\"intro\">%s</p>\n",
                          section, section, index + 1, area_names[index][lang],
                          area_intros[index][lang]);
  append_figures (writer, figures);
  switch (index)
    {
    case 0:
      write_reach (writer, tables);
      break;
    case 1:
      write_demand (writer, tables, labels);
      break;
    case 2:
      write_friction (writer, tables, labels);
      break;
    case 3:
      write_handover (writer, tables, labels);
      break;
    case 4:
      write_experience (writer, tables, labels);
      break;
    default:
      write_operations (writer, tables, labels);
      if (!write_costs (writer, error))
        return FALSE;
      break;
    }
  append_findings (writer);
  g_string_append (html, "</section>\n");
  return TRUE;
}

/* Each funnel evaluators defined (server-store-funnels.c): its steps as percentages of the
 * first, a chart and a table, and how many reached the last step. */
static gboolean
write_funnels (Writer *writer, GError **error)
{
  const ServerEvaluationRequest *request = writer->request;
  NvLang                         lang = writer->lang;
  GString                       *html = writer->html;
  g_autoptr (GPtrArray) funnels = server_store_list_funnels (writer->store, error);

  if (funnels == NULL)
    return FALSE;
  if (funnels->len == 0)
    return TRUE;
  g_ptr_array_set_size (writer->findings, 0);
  g_string_append_printf (html,
                          "<section class=\"area\" aria-labelledby=\"area-funnels\">\n"
                          "<h2 id=\"area-funnels\">%s</h2>\n<p class=\"intro\">%s</p>\n",
                          S (lang, S_FUNNELS), S (lang, S_FUNNELS_INTRO));
  for (guint f = 0; f < funnels->len; f++)
    {
      const NvFunnel *funnel = g_ptr_array_index (funnels, f);
      g_autoptr (ServerReportTable) table = NULL;
      g_autoptr (GHashTable) labels = NULL;
      g_autoptr (GArray) bars = bars_new ();
      g_autofree char *id = g_strdup_printf ("funnel-%u", f + 1);
      int              percent;
      const char      *last;

      if ((table = server_store_funnel_report (writer->store, funnel, request->query, error))
              == NULL
          || (labels = server_store_report_labels (writer->store, table, error)) == NULL)
        return FALSE;
      table->title = strings[S_FUNNEL_TABLE];
      percent = column_of (table, "percent");
      /* The steps' conditions are in the table under the chart. */
      for (guint r = 0; r < table->rows->len; r++)
        {
          g_autofree char *step = g_strdup_printf ("%u", r + 1);
          g_autofree char *label = fill (S (lang, S_FUNNEL_STEP), "step", step, NULL);

          add_bar (bars, label, cell (table, r, percent));
        }
      g_string_append (html, "<h3>");
      append_escaped (html, funnel->name);
      g_string_append (html, "</h3>\n");
      append_bar_chart (writer, id, S (lang, S_FUNNEL_CHART), bars, " %", TRUE);
      append_table (writer, table, labels);
      last = table->rows->len > 0 ? cell (table, table->rows->len - 1, percent) : NULL;
      if (last != NULL && cell (table, 0, column_of (table, "sessions")) != NULL
          && g_ascii_strtod (cell (table, 0, column_of (table, "sessions")), NULL) > 0)
        {
          g_autofree char *pct = number_text (g_ascii_strtod (last, NULL), lang);

          add_finding (writer,
                       fill (S (lang, S_FUNNEL_REACHED), "name", funnel->name, "pct", pct, NULL));
        }
    }
  append_note (writer, S_TABLE_NOTE);
  append_findings (writer);
  g_string_append (html, "</section>\n");
  return TRUE;
}

static char *
kiosk_names (ServerStore *store, const char *const *ids, GError **error)
{
  g_autoptr (GPtrArray) kiosks = server_store_list_kiosks (store, error);
  g_autoptr (GString) names = g_string_new (NULL);

  if (kiosks == NULL)
    return NULL;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *name = ids[i];

      for (guint k = 0; k < kiosks->len; k++)
        if (g_str_equal (((ServerKiosk *) g_ptr_array_index (kiosks, k))->id, ids[i]))
          name = ((ServerKiosk *) g_ptr_array_index (kiosks, k))->name;
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

char *
server_evaluation_report_html (ServerStore                   *store,
                               const ServerEvaluationRequest *request,
                               GError                       **error)
{
  static const char *const sections[]
      = { "reach", "demand", "friction", "handover", "experience", "operations" };
  NvLang lang = request->lang;
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GPtrArray) findings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) summary = g_ptr_array_new_with_free_func (g_free);
  Writer writer
      = { store, request, lang, MAX (request->query->threshold, 1), body, findings, summary };
  GString         *html;
  g_autofree char *from = day_text (request->from_day, lang);
  g_autofree char *to = day_text (request->to_day, lang);
  g_autofree char *before_from = day_text (request->previous_from_day, lang);
  g_autofree char *before_to = day_text (request->previous_to_day, lang);
  g_autofree char *period = NULL;
  g_autofree char *compared = NULL;
  g_autofree char *kiosks = NULL;
  g_autofree char *threshold = g_strdup_printf ("%u", writer.threshold);
  g_autofree char *below = g_strdup_printf ("%u", writer.threshold - 1);
  g_autofree char *now = NULL;
  g_autofree char *made = NULL;
  g_autoptr (GDateTime) local_now = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (store), NULL);
  g_return_val_if_fail (request != NULL && request->query != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (!write_area (&writer, i, sections[i], error))
      return NULL;
  if (!write_funnels (&writer, error))
    return NULL;

  if (request->query->kiosks != NULL && request->query->kiosks[0] != NULL)
    {
      g_autofree char *names = kiosk_names (store, request->query->kiosks, error);

      if (names == NULL)
        return NULL;
      kiosks = fill (S (lang, S_KIOSKS_SOME), "kiosks", names, NULL);
    }
  else
    kiosks = g_strdup (S (lang, S_KIOSKS_ALL));
  period = fill (S (lang, S_PERIOD), "from", from, "to", to, NULL);
  compared = fill (S (lang, S_COMPARED), "from", before_from, "to", before_to, NULL);
  local_now = g_date_time_to_timezone (request->query->now, nv_helsinki_tz ());
  now = g_date_time_format (local_now, lang == NV_LANG_EN ? "%Y-%m-%d %H:%M" : "%-d.%-m.%Y %H.%M");
  made = fill (S (lang, S_MADE), "now", now, NULL);

  html = g_string_new ("<!DOCTYPE html>\n");
  g_string_append_printf (html,
                          "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, "
                          "initial-scale=1\">\n<title>",
                          nv_lang_to_code (lang));
  append_escaped (html, S (lang, S_TITLE));
  g_string_append_printf (html, " %s – %s</title>\n", from, to);
  g_string_append (html, "<link rel=\"stylesheet\" href=\"");
  append_escaped (html, request->stylesheet);
  g_string_append (html, "\">\n</head>\n<body>\n<main>\n<header class=\"cover\">\n<h1>");
  append_escaped (html, S (lang, S_TITLE));
  g_string_append (html, "</h1>\n<p class=\"subtitle\">");
  append_escaped (html, S (lang, S_SUBTITLE));
  g_string_append (html, "</p>\n<p>");
  append_escaped (html, period);
  g_string_append (html, "</p>\n<p>");
  append_escaped (html, compared);
  g_string_append (html, "</p>\n<p>");
  append_escaped (html, kiosks);
  g_string_append_printf (html,
                          "</p>\n</header>\n<section class=\"summary\" "
                          "aria-labelledby=\"summary\">\n<h2 id=\"summary\">%s</h2>\n<ul>\n",
                          S (lang, S_SUMMARY));
  for (guint i = 0; i < summary->len; i++)
    {
      g_string_append (html, "<li>");
      append_escaped (html, g_ptr_array_index (summary, i));
      g_string_append (html, "</li>\n");
    }
  g_string_append (html, "</ul>\n</section>\n");
  g_string_append_len (html, body->str, (gssize) body->len);
  g_string_append_printf (html,
                          "<section class=\"method\" aria-labelledby=\"method\">\n"
                          "<h2 id=\"method\">%s</h2>\n<p>",
                          S (lang, S_METHOD));
  append_escaped (html, S (lang, S_METHOD_TEXT));
  g_string_append_printf (html, "</p>\n<h3>%s</h3>\n<p>", S (lang, S_SUPPRESSION));
  {
    g_autofree char *rule = writer.threshold > 1 ? fill (S (lang, S_SUPPRESSION_TEXT), "below",
                                                         below, "threshold", threshold, NULL)
                                                 : g_strdup (S (lang, S_NO_SUPPRESSION_TEXT));

    append_escaped (html, rule);
  }
  g_string_append (html, "</p>\n</section>\n</main>\n<footer><p>");
  append_escaped (html, made);
  g_string_append (html, "</p></footer>\n</body>\n</html>\n");
  return g_string_free (html, FALSE);
}
