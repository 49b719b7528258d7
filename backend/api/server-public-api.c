/* server-public-api.c — the public pages the kiosks' QR codes lead to
 *
 * A resident points a phone at a kiosk's "take it home" code and gets the guide or the
 * place on their own screen: GET /g/ID?lang=fi for a guide, /p/ID?lang=fi for a place
 * (short paths, because every character makes the code denser). The pages are read
 * only, need no login and set no cookie; they hold no script and load nothing from
 * anywhere (the Content-Security-Policy allows only their own inline style, by hash),
 * so nobody can follow who reads them. Content is escaped as text everywhere, never
 * interpreted as HTML. The type is large and sized relative to the browser's own, so
 * that a phone's text size and zooming to 200 % work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "server-api-private.h"
#include "server-reply.h"
#include "server-store-drafts.h"

#include "nv-common.h"
#include "nv-municipality.h"

#define GUIDE_PREFIX "/g/"
#define PLACE_PREFIX "/p/"
/* Content changes a few times a week; a phone that reloads within minutes may keep it. */
#define PAGE_CACHE_CONTROL "public, max-age=300"
#define MAX_EXCEPTIONS_SHOWN 14

static void handle_guide (ServerRequest *request);
static void handle_place (ServerRequest *request);

static const ServerRoute routes[] = {
  { "GET", GUIDE_PREFIX "*", handle_guide, SERVER_AUTH_NONE, 0, 0 },
  { "GET", PLACE_PREFIX "*", handle_place, SERVER_AUTH_NONE, 0, 0 },
};

const ServerRoute *
server_public_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* Large, readable, in the reader's own units; dark on white (#1a1a1a: 17:1, links
 * #0b4f9c: 8:1). */
static const char page_style[]
    = "html{font-family:sans-serif;font-size:125%;line-height:1.5;color:#1a1a1a;"
      "background:#fff}"
      "body{margin:0 auto;max-width:40em;padding:1em}"
      "h1{font-size:1.8em;line-height:1.2;margin:.5em 0}"
      "h2{font-size:1.35em;line-height:1.25;margin:1.5em 0 .5em}"
      "a{color:#0b4f9c}"
      "li{margin-bottom:.75em}"
      ".text{white-space:pre-line;overflow-wrap:break-word}"
      ".notice{border-left:.3em solid #8a5a00;padding-left:.6em}"
      ".phone{font-size:1.4em;font-weight:bold}"
      "nav a{display:inline-block;margin:0 1em .5em 0;padding:.25em 0}"
      "footer{margin-top:3em;font-size:.9em;color:#444}"
      "@media print{nav{display:none}}";

typedef enum
{
  S_PAGE_LANGUAGE, /* the name of the page's language, in itself */
  S_OTHER_LANGUAGES,
  S_STEPS,
  S_WHERE_TO_GET_HELP,
  S_FELL_BACK,
  S_FOOTER,
  S_NOT_FOUND_TITLE,
  S_NOT_FOUND_TEXT,
  S_SAMPLE,
  S_HOURS,
  S_HOURS_UNKNOWN,
  S_HOLIDAYS,
  S_EXCEPTIONS,
  S_CLOSED,
  S_ADDRESS,
  S_PHONE,
  S_EMAIL,
  S_WEB_PAGES,
  S_ABOUT,
  S_SERVICES,
  S_ACCESSIBILITY,
  S_LANGUAGES,
  N_STRINGS
} StringId;

/* fi, sv, en: the server has no gettext; these few sentences are all its pages say.
 * Plain Finnish has its own words where they differ; the Finnish ones elsewhere. */
static const char *const strings[N_STRINGS][NV_N_LANGS] = {
  [S_PAGE_LANGUAGE] = { "Suomeksi", "På svenska", "In English", "Selkosuomeksi" },
  [S_OTHER_LANGUAGES] = { "Muilla kielillä", "På andra språk", "In other languages" },
  [S_STEPS] = { "Näin teet sen", "Så här gör du", "How to do it" },
  [S_WHERE_TO_GET_HELP] = { "Mistä saat apua", "Var du får hjälp", "Where to get help" },
  [S_FELL_BACK] = { "Osa tekstistä on vain suomeksi.", "En del av texten finns bara på finska.",
                    "Some of this text is only in Finnish.",
                    "Osa tekstistä on vain tavallisella suomen kielellä." },
  [S_FOOTER] = { "Tämä sivu on kirjaston Neuvokas-neuvontapisteestä. Sivu ei käytä evästeitä "
                 "eikä seuraa käyntejä.",
                 "Sidan kommer från bibliotekets rådgivningspunkt Neuvokas. Sidan använder inga "
                 "kakor och följer inte upp besök.",
                 "This page comes from the Neuvokas help point at the library. It uses no "
                 "cookies and does not follow who reads it." },
  [S_NOT_FOUND_TITLE] = { "Sivua ei löytynyt", "Sidan hittades inte", "Page not found" },
  [S_NOT_FOUND_TEXT] = { "Tätä ohjetta tai paikkaa ei ole, tai se on poistettu. Kysy neuvoa "
                         "kirjaston henkilökunnalta.",
                         "Den här anvisningen eller platsen finns inte, eller så har den tagits "
                         "bort. Fråga bibliotekets personal.",
                         "This guide or place does not exist, or it has been removed. Ask the "
                         "library staff for help." },
  [S_SAMPLE] = { "Esimerkkitieto, ei tarkistettu. Varmista tiedot ennen kuin lähdet.",
                 "Exempeluppgifter, inte kontrollerade. Kontrollera dem innan du går dit.",
                 "Sample data, not verified. Check the details before you go." },
  [S_HOURS] = { "Aukioloajat", "Öppettider", "Opening hours" },
  [S_HOURS_UNKNOWN] = { "Aukioloajat eivät ole tiedossa.", "Öppettiderna är inte kända.",
                        "The opening hours are not known." },
  [S_HOLIDAYS] = { "Arkipyhinä suljettu, ellei alla toisin kerrota.",
                   "Stängt på helgdagar, om inte annat sägs nedan.",
                   "Closed on public holidays unless listed below." },
  [S_EXCEPTIONS] = { "Poikkeavat aukioloajat", "Avvikande öppettider", "Special opening hours" },
  [S_CLOSED] = { "suljettu", "stängt", "closed" },
  [S_ADDRESS] = { "Osoite", "Adress", "Address" },
  [S_PHONE] = { "Puhelin", "Telefon", "Phone" },
  [S_EMAIL] = { "Sähköposti", "E-post", "Email" },
  [S_WEB_PAGES] = { "Verkkosivut", "Webbplatser", "Web pages" },
  [S_ABOUT] = { "Tietoa paikasta", "Om platsen", "About" },
  [S_SERVICES] = { "Palvelut", "Tjänster", "Services" },
  [S_ACCESSIBILITY] = { "Esteettömyys", "Tillgänglighet", "Accessibility" },
  [S_LANGUAGES] = { "Palvelukielet", "Tjänstespråk", "Service languages" },
};

static const char *const weekdays[7][NV_N_LANGS] = {
  { "Maanantai", "Måndag", "Monday" },      { "Tiistai", "Tisdag", "Tuesday" },
  { "Keskiviikko", "Onsdag", "Wednesday" }, { "Torstai", "Torsdag", "Thursday" },
  { "Perjantai", "Fredag", "Friday" },      { "Lauantai", "Lördag", "Saturday" },
  { "Sunnuntai", "Söndag", "Sunday" },
};

/* The languages a place serves in most often; any other is shown as its code. */
static const struct
{
  const char *code;
  const char *name[NV_N_LANGS];
} language_names[] = {
  { "fi", { "suomi", "finska", "Finnish" } },
  { "sv", { "ruotsi", "svenska", "Swedish" } },
  { "en", { "englanti", "engelska", "English" } },
  { "se", { "pohjoissaame", "nordsamiska", "Northern Sami" } },
  { "ru", { "venäjä", "ryska", "Russian" } },
  { "et", { "viro", "estniska", "Estonian" } },
  { "uk", { "ukraina", "ukrainska", "Ukrainian" } },
  { "ar", { "arabia", "arabiska", "Arabic" } },
  { "so", { "somali", "somaliska", "Somali" } },
};

static const char *
S (NvLang lang, StringId id)
{
  return strings[id][lang] != NULL ? strings[id][lang] : strings[id][nv_lang_base (lang)];
}

static void
append_escaped (GString *html, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (html, escaped);
}

/* The text in @lang, else the one nv_text_get falls back to, with the language it is in
 * (for the element's lang attribute, so that a screen reader reads it right). */
static const char *
text_in (const NvText *text, NvLang lang, NvLang *out_lang)
{
  const char *value = nv_text_get (text, lang, NULL);

  *out_lang = lang;
  for (int l = 0; l < NV_N_LANGS; l++)
    if (text->text[l] == value)
      *out_lang = (NvLang) l;
  return value;
}

/* <TAG class="text" [lang=…]>TEXT</TAG>, when there is text; *@fell_back is set when it
 * is in another language than the page's. */
static void
append_content (
    GString *html, const char *tag, const NvText *text, NvLang lang, gboolean *fell_back)
{
  NvLang      text_lang;
  const char *value = text_in (text, lang, &text_lang);

  if (value[0] == '\0')
    return;
  g_string_append_printf (html, "<%s class=\"text\"", tag);
  if (text_lang != lang)
    {
      g_string_append_printf (html, " lang=\"%s\"", nv_lang_to_code (text_lang));
      *fell_back = TRUE;
    }
  g_string_append_c (html, '>');
  append_escaped (html, value);
  g_string_append_printf (html, "</%s>\n", tag);
}

static const char *
style_hash (void)
{
  static char *hash;

  if (hash == NULL)
    {
      g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      guint8           digest[32];
      gsize            length = sizeof digest;
      g_autofree char *base64 = NULL;

      g_checksum_update (checksum, (const guchar *) page_style, strlen (page_style));
      g_checksum_get_digest (checksum, digest, &length);
      base64 = g_base64_encode (digest, length);
      hash = g_strdup_printf ("'sha256-%s'", base64);
    }
  return hash;
}

/* The head, the language links (@self_path: the page's path without the query, or NULL
 * for none) and the start of main. */
static GString *
begin_page (NvLang lang, const char *title, const char *self_path)
{
  GString *html = g_string_new ("<!DOCTYPE html>\n");

  g_string_append_printf (html, "<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                          nv_lang_to_code (lang));
  g_string_append (html, "<meta name=\"viewport\" content=\"width=device-width, "
                         "initial-scale=1\">\n<title>");
  append_escaped (html, title);
  g_string_append (html, " – Neuvokas</title>\n<style>");
  g_string_append (html, page_style);
  g_string_append (html, "</style>\n</head>\n<body>\n");
  if (self_path != NULL)
    {
      const char *leaf = strrchr (self_path, '/') + 1;

      g_string_append_printf (html, "<nav aria-label=\"%s\">", S (lang, S_OTHER_LANGUAGES));
      for (int l = 0; l < NV_N_LANGS; l++)
        {
          if (l == (int) lang)
            continue;
          /* A relative link, so that the pages also work behind a proxy's prefix. */
          g_string_append_printf (html, "<a href=\"%s?lang=%s\" hreflang=\"%s\" lang=\"%s\">%s</a>",
                                  leaf, nv_lang_to_code (l), nv_lang_to_code (l),
                                  nv_lang_to_code (l), S (l, S_PAGE_LANGUAGE));
        }
      g_string_append (html, "</nav>\n");
    }
  g_string_append (html, "<main>\n<h1>");
  append_escaped (html, title);
  g_string_append (html, "</h1>\n");
  return html;
}

static void
send_page (ServerRequest *request, guint status, NvLang lang, GString *html)
{
  SoupServerMessage  *msg = request->msg;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char    *csp = NULL;
  gsize               length;

  g_string_append_printf (html, "</main>\n<footer><p>%s</p></footer>\n</body>\n</html>\n",
                          S (lang, S_FOOTER));
  csp = g_strdup_printf ("default-src 'none'; style-src %s; frame-ancestors 'none'; "
                         "base-uri 'none'; form-action 'none'",
                         style_hash ());
  server_add_common_headers (msg);
  soup_message_headers_replace (headers, "Content-Security-Policy", csp);
  soup_message_headers_replace (headers, "Cache-Control", PAGE_CACHE_CONTROL);
  soup_message_headers_replace (headers, "Content-Language", nv_lang_to_code (lang));
  soup_message_headers_replace (headers, "Content-Type", "text/html; charset=utf-8");
  soup_server_message_set_status (msg, status, NULL);
  length = html->len;
  soup_message_body_append_take (soup_server_message_get_response_body (msg),
                                 (guchar *) g_string_free (html, FALSE), length);
}

static void
reply_not_found (ServerRequest *request, NvLang lang)
{
  GString *html = begin_page (lang, S (lang, S_NOT_FOUND_TITLE), NULL);

  g_string_append_printf (html, "<p>%s</p>\n", S (lang, S_NOT_FOUND_TEXT));
  send_page (request, SOUP_STATUS_NOT_FOUND, lang, html);
}

static gboolean
is_content_id (const char *id)
{
  gsize length = strlen (id);

  if (length == 0 || length > 64)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* The id after @prefix and ?lang= (Finnish when not given). Answers 404 itself, in
 * Finnish for a language it does not know, and returns NULL. */
static const char *
page_request (ServerRequest *request, const char *prefix, NvLang *out_lang)
{
  const char *id = request->path + strlen (prefix);
  const char *code = request->query != NULL ? g_hash_table_lookup (request->query, "lang") : NULL;

  *out_lang = NV_LANG_DEFAULT;
  if (code != NULL && !nv_lang_from_code (code, out_lang))
    {
      *out_lang = NV_LANG_DEFAULT;
      reply_not_found (request, NV_LANG_DEFAULT);
      return NULL;
    }
  if (!is_content_id (id))
    {
      reply_not_found (request, *out_lang);
      return NULL;
    }
  return id;
}

static void
handle_guide (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvGuide) published = NULL;
  g_autoptr (NvGuide) draft = NULL;
  gboolean    fell_back = FALSE;
  gboolean    any_related = FALSE;
  const char *id;
  gint64      revision;
  NvLang      lang;
  GString    *html;

  if ((id = page_request (request, GUIDE_PREFIX, &lang)) == NULL)
    return;
  /* A draft is no page: residents see only what kiosks show. */
  if (!server_store_get_guide_versions (request->store, id, &published, &draft, &revision, &error)
      || published == NULL)
    {
      if (error != NULL && !g_error_matches (error, NV_ERROR, NV_ERROR_NOT_FOUND))
        g_warning ("Public page of guide %s: %s", id, error->message);
      reply_not_found (request, lang);
      return;
    }

  html = begin_page (lang, nv_text_get (&published->title, lang, NULL), request->path);
  append_content (html, "p", &published->summary, lang, &fell_back);
  g_string_append_printf (html, "<h2>%s</h2>\n<ol>\n", S (lang, S_STEPS));
  for (guint i = 0; i < published->steps->len; i++)
    {
      const NvStep *step = g_ptr_array_index (published->steps, i);

      append_content (html, "li", &step->text, lang, &fell_back);
    }
  g_string_append (html, "</ol>\n");
  for (guint i = 0;
       published->related_organisations != NULL && published->related_organisations[i] != NULL; i++)
    {
      const char *org_id = published->related_organisations[i];
      g_autoptr (NvOrganisation) organisation
          = server_store_get_organisation (request->store, org_id, NULL);

      /* A place deleted since stays out, as the kiosk leaves it out. */
      if (organisation == NULL)
        continue;
      if (!any_related)
        g_string_append_printf (html, "<h2>%s</h2>\n<ul>\n", S (lang, S_WHERE_TO_GET_HELP));
      any_related = TRUE;
      g_string_append_printf (html, "<li><a href=\"../p/%s?lang=%s\">", organisation->id,
                              nv_lang_to_code (lang));
      append_escaped (html, nv_text_get (&organisation->name, lang, NULL));
      g_string_append (html, "</a></li>\n");
    }
  if (any_related)
    g_string_append (html, "</ul>\n");
  if (fell_back)
    g_string_append_printf (html, "<p class=\"notice\">%s</p>\n", S (lang, S_FELL_BACK));
  send_page (request, SOUP_STATUS_OK, lang, html);
}

/* "9.00" in Finnish and Swedish, "9:00" in English. */
static void
append_clock (GString *html, guint16 minutes, NvLang lang)
{
  g_string_append_printf (html, "%u%c%02u", minutes / 60, lang == NV_LANG_EN ? ':' : '.',
                          minutes % 60);
}

static void
append_ranges (GString *html, const NvHoursRange *ranges, guint n_ranges, NvLang lang)
{
  if (n_ranges == 0)
    {
      g_string_append (html, S (lang, S_CLOSED));
      return;
    }
  for (guint i = 0; i < n_ranges; i++)
    {
      if (i > 0)
        g_string_append (html, ", ");
      append_clock (html, ranges[i].opens, lang);
      g_string_append (html, "–");
      append_clock (html, ranges[i].closes, lang);
    }
}

static void
append_hours (GString *html, const NvOpeningHours *hours, NvLang lang, const char *today)
{
  guint shown = 0;

  g_string_append_printf (html, "<h2>%s</h2>\n", S (lang, S_HOURS));
  if (hours == NULL)
    {
      g_string_append_printf (html, "<p>%s</p>\n", S (lang, S_HOURS_UNKNOWN));
      return;
    }
  g_string_append (html, "<ul>\n");
  for (guint8 day = 1; day <= 7; day++)
    {
      g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (NvHoursRange));

      for (guint i = 0; i < hours->weekly->len; i++)
        {
          const NvHoursRange *range = &g_array_index (hours->weekly, NvHoursRange, i);

          if (range->weekday == day)
            g_array_append_val (ranges, *range);
        }
      g_string_append_printf (html, "<li>%s ", weekdays[day - 1][nv_lang_base (lang)]);
      append_ranges (html, (const NvHoursRange *) (gpointer) ranges->data, ranges->len, lang);
      g_string_append (html, "</li>\n");
    }
  g_string_append_printf (html, "</ul>\n<p>%s</p>\n", S (lang, S_HOLIDAYS));
  for (guint i = 0; i < hours->exceptions->len && shown < MAX_EXCEPTIONS_SHOWN; i++)
    {
      const NvHoursException *exception = g_ptr_array_index (hours->exceptions, i);
      int                     year, month, day;
      NvLang                  note_lang;
      const char             *note;

      /* Dates are YYYY-MM-DD: as text they sort as dates. */
      if (strcmp (exception->date, today) < 0
          || sscanf (exception->date, "%d-%d-%d", &year, &month, &day) != 3)
        continue;
      if (shown++ == 0)
        g_string_append_printf (html, "<h3>%s</h3>\n<ul>\n", S (lang, S_EXCEPTIONS));
      g_string_append_printf (html, "<li>%d.%d.%d ", day, month, year);
      append_ranges (html, (const NvHoursRange *) (gpointer) exception->ranges->data,
                     exception->ranges->len, lang);
      note = text_in (&exception->note, lang, &note_lang);
      if (note[0] != '\0')
        {
          g_string_append (html, " (");
          if (note_lang != lang)
            g_string_append_printf (html, "<span lang=\"%s\">", nv_lang_to_code (note_lang));
          append_escaped (html, note);
          if (note_lang != lang)
            g_string_append (html, "</span>");
          g_string_append_c (html, ')');
        }
      g_string_append (html, "</li>\n");
    }
  if (shown > 0)
    g_string_append (html, "</ul>\n");
}

/* Street, postal code and post office, and the municipality when the post office does
 * not name it; one line each. */
static void
append_address (GString *html, const NvOrganisation *organisation, NvLang lang)
{
  const NvMunicipality *municipality = nv_municipality_lookup (organisation->municipality);
  g_autoptr (GString) address = g_string_new (NULL);

  if (organisation->street_address != NULL && organisation->street_address[0] != '\0')
    g_string_append_printf (address, "%s\n", organisation->street_address);
  if (organisation->postal_code != NULL)
    g_string_append_printf (address, "%s ", organisation->postal_code);
  if (organisation->post_office != NULL)
    g_string_append (address, organisation->post_office);
  if (municipality != NULL
      && (organisation->post_office == NULL
          || (g_ascii_strcasecmp (organisation->post_office, municipality->name_fi) != 0
              && g_ascii_strcasecmp (organisation->post_office, municipality->name_sv) != 0)))
    {
      if (address->len > 0 && address->str[address->len - 1] != '\n')
        g_string_append_c (address, '\n');
      g_string_append (address, nv_municipality_name (municipality->code, lang));
    }
  g_strstrip (address->str);
  if (address->str[0] == '\0')
    return;
  g_string_append_printf (html, "<h2>%s</h2>\n<p class=\"text\">", S (lang, S_ADDRESS));
  append_escaped (html, address->str);
  g_string_append (html, "</p>\n");
}

/* A list of links: @scheme ("tel:", "mailto:", "" for web pages) before each value;
 * a phone's link without its spaces. */
static void
append_links (GString *html, StringId heading, GStrv values, const char *scheme, NvLang lang)
{
  if (values == NULL || values[0] == NULL)
    return;
  g_string_append_printf (html, "<h2>%s</h2>\n<ul>\n", S (lang, heading));
  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *target = g_strdup (values[i]);

      if (g_str_equal (scheme, "tel:"))
        {
          char *out = target;

          for (const char *p = values[i]; *p != '\0'; p++)
            if (*p != ' ')
              *out++ = *p;
          *out = '\0';
        }
      g_string_append_printf (html, "<li%s><a href=\"%s",
                              g_str_equal (scheme, "tel:") ? " class=\"phone\"" : "", scheme);
      append_escaped (html, target);
      g_string_append (html, "\">");
      append_escaped (html, values[i]);
      g_string_append (html, "</a></li>\n");
    }
  g_string_append (html, "</ul>\n");
}

static void
append_section (
    GString *html, StringId heading, const NvText *text, NvLang lang, gboolean *fell_back)
{
  if (nv_text_is_empty (text))
    return;
  g_string_append_printf (html, "<h2>%s</h2>\n", S (lang, heading));
  append_content (html, "p", text, lang, fell_back);
}

static void
append_languages (GString *html, GStrv codes, NvLang lang)
{
  if (codes == NULL || codes[0] == NULL)
    return;
  g_string_append_printf (html, "<h2>%s</h2>\n<p>", S (lang, S_LANGUAGES));
  for (guint i = 0; codes[i] != NULL; i++)
    {
      const char *name = codes[i];

      for (guint n = 0; n < G_N_ELEMENTS (language_names); n++)
        if (g_ascii_strcasecmp (codes[i], language_names[n].code) == 0)
          name = language_names[n].name[nv_lang_base (lang)];
      if (i > 0)
        g_string_append (html, ", ");
      append_escaped (html, name);
    }
  g_string_append (html, "</p>\n");
}

static void
handle_place (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation = NULL;
  g_autofree char *today = NULL;
  gboolean         fell_back = FALSE;
  const char      *id;
  NvLang           lang;
  GString         *html;

  if ((id = page_request (request, PLACE_PREFIX, &lang)) == NULL)
    return;
  if ((organisation = server_store_get_organisation (request->store, id, &error)) == NULL)
    {
      if (!g_error_matches (error, NV_ERROR, NV_ERROR_NOT_FOUND))
        g_warning ("Public page of organisation %s: %s", id, error->message);
      reply_not_found (request, lang);
      return;
    }
  today = server_api_today (request);

  html = begin_page (lang, nv_text_get (&organisation->name, lang, NULL), request->path);
  if (organisation->sample)
    g_string_append_printf (html, "<p class=\"notice\">%s</p>\n", S (lang, S_SAMPLE));
  append_links (html, S_PHONE, organisation->phones, "tel:", lang);
  append_hours (html, organisation->hours, lang, today);
  append_address (html, organisation, lang);
  append_links (html, S_EMAIL, organisation->emails, "mailto:", lang);
  append_links (html, S_WEB_PAGES, organisation->web_pages, "", lang);
  append_section (html, S_ABOUT, &organisation->description, lang, &fell_back);
  append_section (html, S_SERVICES, &organisation->services, lang, &fell_back);
  append_section (html, S_ACCESSIBILITY, &organisation->accessibility, lang, &fell_back);
  append_languages (html, organisation->languages, lang);
  if (fell_back)
    g_string_append_printf (html, "<p class=\"notice\">%s</p>\n", S (lang, S_FELL_BACK));
  send_page (request, SOUP_STATUS_OK, lang, html);
}
