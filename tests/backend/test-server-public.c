/* test-server-public.c — the public guide and place pages the QR codes lead to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "nv-test-http-server.h"
#include "nv-test-http.h"
#include "server-store-drafts.h"

#define HOSTILE_TITLE "<script>alert(1)</script> & \"quotes\""
#define HOSTILE_NAME "\"><img src=x onerror=alert(1)>"

typedef struct
{
  NvTestHttpServer server;
  SoupSession     *session;
  gint64           now; /* the store's clock, Unix seconds; 0: the real time */
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
} Page;

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->headers, soup_message_headers_unref);
  g_clear_pointer (&page->body, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Page, page_clear)

static gint64
fixture_clock_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now != 0 ? fixture->now : g_get_real_time () / G_USEC_PER_SEC;
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  nv_test_http_server_start (&fixture->server, NULL);
  server_store_set_clock (fixture->server.store, fixture_clock_cb, fixture);
  fixture->session = soup_session_new ();
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->session);
  nv_test_http_server_stop (&fixture->server);
}

/* @path below the server's root, e.g. "g/omaolo?lang=sv". */
static void
get (Fixture *fixture, const char *path, Page *page)
{
  g_autofree char *url = g_strconcat (fixture->server.url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  gsize       size;
  const char *data;

  g_assert_nonnull (msg);
  body = nv_test_http_send (fixture->session, msg, 10000);
  data = g_bytes_get_data (body, &size);
  page->status = soup_message_get_status (msg);
  page->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  page->body = g_strndup (data != NULL ? data : "", size);
  g_assert_true (g_utf8_validate (page->body, -1, NULL));
}

static void
assert_contains (const Page *page, const char *text)
{
  if (strstr (page->body, text) == NULL)
    g_error ("The page does not contain “%s”:\n%s", text, page->body);
}

static void
assert_lacks (const Page *page, const char *text)
{
  if (strstr (page->body, text) != NULL)
    g_error ("The page contains “%s”:\n%s", text, page->body);
}

/* What every public page is, found or not: HTML in its language, cacheable, no cookie,
 * no script, nothing loaded from elsewhere. */
static const char *const active_tags[] = { "<script", "<img", "<iframe", "<link", "<form" };

static void
assert_public_page (const Page *page, guint status, const char *lang)
{
  g_autofree char *html_lang = g_strdup_printf ("<html lang=\"%s\">", lang);
  const char      *csp = soup_message_headers_get_one (page->headers, "Content-Security-Policy");

  g_assert_cmpuint (page->status, ==, status);
  g_assert_cmpstr (soup_message_headers_get_content_type (page->headers, NULL), ==, "text/html");
  g_assert_cmpstr (soup_message_headers_get_one (page->headers, "Content-Language"), ==, lang);
  g_assert_nonnull (
      strstr (soup_message_headers_get_one (page->headers, "Cache-Control"), "max-age="));
  g_assert_null (soup_message_headers_get_one (page->headers, "Set-Cookie"));
  g_assert_nonnull (csp);
  g_assert_true (g_str_has_prefix (csp, "default-src 'none'; style-src 'sha256-"));
  g_assert_true (g_str_has_prefix (page->body, "<!DOCTYPE html>\n"));
  assert_contains (page, html_lang);
  assert_contains (page, "<meta name=\"viewport\"");
  assert_contains (page, "<h1>");
  /* Nothing that runs or loads: no script, image, frame, stylesheet or form. */
  for (guint i = 0; i < G_N_ELEMENTS (active_tags); i++)
    assert_lacks (page, active_tags[i]);
}

/* The inline style is allowed by its hash, and only it: a changed style that kept an
 * old hash would leave the page unstyled. */
static void
assert_style_hash (const Page *page)
{
  const char *csp = soup_message_headers_get_one (page->headers, "Content-Security-Policy");
  const char *start = strstr (page->body, "<style>") + strlen ("<style>");
  const char *end = strstr (start, "</style>");
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8           digest[32];
  gsize            length = sizeof digest;
  g_autofree char *base64 = NULL;
  g_autofree char *source = NULL;

  g_checksum_update (checksum, (const guchar *) start, end - start);
  g_checksum_get_digest (checksum, digest, &length);
  base64 = g_base64_encode (digest, length);
  source = g_strdup_printf ("style-src 'sha256-%s';", base64);
  g_assert_nonnull (strstr (csp, source));
}

static void
test_guide_pages (Fixture *fixture, gconstpointer data)
{
  static const char *const langs[] = { "fi", "sv", "en" };

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *path = g_strdup_printf ("g/call-112?lang=%s", langs[i]);
      g_auto (Page) page = { 0 };

      get (fixture, path, &page);
      assert_public_page (&page, SOUP_STATUS_OK, langs[i]);
      assert_style_hash (&page);
      assert_contains (&page, "<ol>");
      /* A link to each other language, none to its own. */
      for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
        {
          g_autofree char *link = g_strdup_printf ("href=\"call-112?lang=%s\"", langs[l]);

          if (l == i)
            assert_lacks (&page, link);
          else
            assert_contains (&page, link);
        }
    }
  {
    g_auto (Page) page = { 0 };

    /* Without ?lang= in Finnish; Omaolo has no Swedish step: that step says it is in
     * Finnish, for a screen reader, and so does a notice. */
    get (fixture, "g/omaolo", &page);
    assert_public_page (&page, SOUP_STATUS_OK, "fi");
    assert_contains (&page, "<li class=\"text\">Avaa omaolo.fi.</li>");
    page_clear (&page);
    get (fixture, "g/omaolo?lang=sv", &page);
    assert_public_page (&page, SOUP_STATUS_OK, "sv");
    assert_contains (&page, "<li class=\"text\" lang=\"fi\">Valitse oirearvio.</li>");
    assert_contains (&page, "finns bara på finska");
    page_clear (&page);
    get (fixture, "g/omaolo?lang=en", &page);
    assert_contains (&page, "<li class=\"text\">Open omaolo.fi.</li>");
  }
}

/* Plain Finnish: a page of its own, linked from the others; Finnish, marked so, where a
 * text has no plain Finnish, and the page's own words Finnish where they have no plain
 * ones. */
static void
test_plain_finnish_pages (Fixture *fixture, gconstpointer data)
{
  g_auto (Page) page = { 0 };

  get (fixture, "g/omaolo?lang=fi", &page);
  assert_contains (&page, "<a href=\"omaolo?lang=fi-x-selko\" hreflang=\"fi-x-selko\" "
                          "lang=\"fi-x-selko\">Selkosuomeksi</a>");
  page_clear (&page);

  get (fixture, "g/omaolo?lang=fi-x-selko", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "fi-x-selko");
  assert_contains (&page, "<li class=\"text\" lang=\"fi\">Avaa omaolo.fi.</li>");
  assert_contains (&page, "<h2>Näin teet sen</h2>");
  assert_contains (&page, "Osa tekstistä on vain tavallisella suomen kielellä.");
  assert_contains (&page, "href=\"omaolo?lang=fi\"");
  assert_lacks (&page, "href=\"omaolo?lang=fi-x-selko\"");
  page_clear (&page);

  fixture->now = 1796083200; /* 2026-12-01T00:00:00Z */
  get (fixture, "p/test-library?lang=fi-x-selko", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "fi-x-selko");
  assert_contains (&page, "<li>Maanantai 10.00–20.00</li>");
  assert_contains (&page, "suomi, ruotsi");
}

static void
test_place_pages (Fixture *fixture, gconstpointer data)
{
  g_auto (Page) page = { 0 };

  fixture->now = 1796083200; /* 2026-12-01T00:00:00Z */
  get (fixture, "p/test-library?lang=fi", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "fi");
  assert_style_hash (&page);
  assert_contains (&page, "<h1>Testikirjasto</h1>");
  assert_contains (&page, "<a href=\"tel:+35880000000\">+358 8 000 0000</a>");
  assert_contains (&page, "<li>Maanantai 10.00–20.00</li>");
  assert_contains (&page, "<li>Keskiviikko suljettu</li>");
  assert_contains (&page, "<li>24.12.2026 suljettu (Jouluaatto)</li>");
  assert_contains (&page, "Kaarlenväylä 3\n90100 Oulu");
  assert_contains (&page, "Esimerkkitieto"); /* the fixture is sample data */
  assert_contains (&page, "suomi, ruotsi");
  page_clear (&page);

  get (fixture, "p/test-library?lang=en", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "en");
  assert_contains (&page, "<h1>Test Library</h1>");
  assert_contains (&page, "<li>Monday 10:00–20:00</li>");
  /* The note is only in Finnish, and marked so. */
  assert_contains (&page, "<li>24.12.2026 closed (<span lang=\"fi\">Jouluaatto</span>)</li>");
  page_clear (&page);

  /* A day that has passed is not listed. */
  fixture->now = 1798761600; /* 2027-01-01T00:00:00Z */
  get (fixture, "p/test-library?lang=sv", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "sv");
  assert_contains (&page, "<h1>Testbiblioteket</h1>");
  assert_lacks (&page, "24.12.2026");
  page_clear (&page);

  /* Hours not known are said to be so, in body text. */
  get (fixture, "p/test-association?lang=fi", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "fi");
  assert_contains (&page, "<p>Aukioloajat eivät ole tiedossa.</p>");
  assert_lacks (&page, "tel:");
}

/* Content is text: a title or name that looks like HTML is shown as those characters. */
static void
test_escapes_content (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) organisation
      = server_store_get_organisation (fixture->server.store, "test-library", &error);
  g_autoptr (NvGuide) guide = nv_guide_new ();
  g_auto (Page) page = { 0 };

  g_assert_no_error (error);
  nv_text_set (&organisation->name, NV_LANG_FI, HOSTILE_NAME);
  g_strfreev (organisation->web_pages);
  organisation->web_pages = g_strsplit ("https://example.fi/?a=1&b=\"2\"", "|", -1);
  g_assert_true (server_store_put_organisation (fixture->server.store, organisation, &error));
  g_assert_no_error (error);
  guide->id = g_strdup ("hostile");
  guide->category = g_strdup ("health");
  nv_text_set (&guide->title, NV_LANG_FI, HOSTILE_TITLE);
  nv_guide_add_step (guide, "<b>lihava</b>\n</li></ol><iframe>", NULL, NULL);
  guide->related_organisations = g_strsplit ("test-library", "|", -1);
  g_assert_true (server_store_put_guide (fixture->server.store, guide, &error));
  g_assert_no_error (error);

  get (fixture, "g/hostile?lang=fi", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "fi");
  assert_contains (&page,
                   "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</h1>");
  assert_contains (&page, "&lt;b&gt;lihava&lt;/b&gt;\n&lt;/li&gt;&lt;/ol&gt;&lt;iframe&gt;");
  assert_contains (&page, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</a>");
  assert_lacks (&page, "<b>");
  assert_lacks (&page, "<iframe");
  page_clear (&page);

  get (fixture, "p/test-library?lang=fi", &page);
  assert_public_page (&page, SOUP_STATUS_OK, "fi");
  assert_contains (&page, "<title>&quot;&gt;&lt;img src=x onerror=alert(1)&gt; – Neuvokas</title>");
  assert_contains (&page, "href=\"https://example.fi/?a=1&amp;b=&quot;2&quot;\"");
}

/* Unknown ids, unknown languages, malformed paths and unpublished drafts: a plain page
 * that says so, with 404. */
static void
test_not_found (Fixture *fixture, gconstpointer data)
{
  static const struct
  {
    const char *path;
    const char *lang;
  } cases[] = {
    { "g/no-such-guide", "fi" },
    { "p/no-such-place?lang=sv", "sv" },
    { "g/omaolo?lang=de", "fi" },
    { "p/test-library?lang=", "fi" },
    { "g/", "fi" },
    { "g/OMAOLO?lang=en", "en" },
    { "g/omaolo/?lang=en", "en" },
    { "p/test-library/x", "fi" },
    { "g/%3Cscript%3E", "fi" },
    { "g/only-a-draft", "fi" },
    { "p/call-112", "fi" },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (NvGuide) draft = nv_guide_new ();
  gboolean published = TRUE;

  draft->id = g_strdup ("only-a-draft");
  draft->category = g_strdup ("health");
  nv_text_set (&draft->title, NV_LANG_FI, "Luonnos");
  nv_guide_add_step (draft, "Vaihe", NULL, NULL);
  g_assert_true (
      server_store_save_guide_draft (fixture->server.store, draft, "aino", &published, &error));
  g_assert_no_error (error);
  g_assert_false (published);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (Page) page = { 0 };

      g_test_message ("%s", cases[i].path);
      get (fixture, cases[i].path, &page);
      assert_public_page (&page, SOUP_STATUS_NOT_FOUND, cases[i].lang);
      assert_lacks (&page, "Luonnos");
      assert_lacks (&page, "&lt;script");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/public/guide-pages", test_guide_pages);
  ADD ("/public/place-pages", test_place_pages);
  ADD ("/public/plain-finnish-pages", test_plain_finnish_pages);
  ADD ("/public/escapes-content", test_escapes_content);
  ADD ("/public/not-found", test_not_found);
#undef ADD
  return g_test_run ();
}
