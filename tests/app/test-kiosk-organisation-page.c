/* test-kiosk-organisation-page.c — one organisation's page, what a resident sees of it
 *
 * Runs under Xvfb with TZ=Europe/Helsinki and no LANGUAGE: the English source strings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libintl.h>

#include "kiosk-language.h"
#include "kiosk-organisation-page.h"
#include "kiosk-store.h"
#include "nv-test-util.h"

typedef struct
{
  GtkWindow             *window;
  KioskOrganisationPage *page;
  GDateTime             *now;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
  /* Monday 23 November 2026, 10:00 in Helsinki. */
  fixture->now = g_date_time_new (nv_helsinki_tz (), 2026, 11, 23, 10, 0, 0);
  /* Our own reference, so the page can be checked to go away at the end. */
  fixture->page = g_object_ref_sink (KIOSK_ORGANISATION_PAGE (kiosk_organisation_page_new ()));
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1280, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  gtk_window_present (fixture->window);
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (fixture->page)), 5000);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (fixture->window);
  g_assert_finalize_object (fixture->page);
  g_date_time_unref (fixture->now);
}

static NvOrganisation *
full_organisation (void)
{
  NvOrganisation   *organisation = nv_organisation_new ();
  NvHoursException *exception;
  const char       *phones[] = { "+358 8 558 410", "+358 44 703 0000", NULL };
  const char       *emails[] = { "kirjasto@example.fi", NULL };
  const char       *web_pages[] = { "https://www.ouka.fi/kirjasto", NULL };
  const char       *languages[] = { "fi", "sv", "se", "xx", NULL };

  organisation->id = g_strdup ("oulu-main-library");
  nv_text_set (&organisation->name, NV_LANG_FI, "Oulun pääkirjasto");
  nv_text_set (&organisation->name, NV_LANG_EN, "Oulu Main Library");
  nv_text_set (&organisation->description, NV_LANG_FI, "Kaupungin pääkirjasto.");
  nv_text_set (&organisation->description, NV_LANG_EN, "The city's main library.");
  organisation->kind = g_strdup ("library");
  organisation->municipality = g_strdup ("564");
  organisation->street_address = g_strdup ("Kaarlenväylä 3");
  organisation->postal_code = g_strdup ("90100");
  organisation->post_office = g_strdup ("Oulu");
  organisation->phones = g_strdupv ((char **) phones);
  organisation->emails = g_strdupv ((char **) emails);
  organisation->web_pages = g_strdupv ((char **) web_pages);
  organisation->hours = nv_opening_hours_new ();
  for (guint8 day = 1; day <= 5; day++)
    nv_opening_hours_add (organisation->hours, day, 9 * 60, 16 * 60);
  exception = nv_opening_hours_add_exception (organisation->hours, "2026-11-27");
  nv_text_set (&exception->note, NV_LANG_EN, "Staff training");
  nv_text_set (&organisation->services, NV_LANG_EN, "Help with computers and phones.");
  /* Only in Finnish: shown in Finnish, and the page says so. */
  nv_text_set (&organisation->accessibility, NV_LANG_FI, "Esteetön sisäänkäynti.");
  organisation->languages = g_strdupv ((char **) languages);
  organisation->sample = TRUE;
  return organisation;
}

/* A minimal organisation: nothing but what the format requires. */
static NvOrganisation *
bare_organisation (const char *name)
{
  NvOrganisation *organisation = nv_organisation_new ();

  organisation->id = g_strdup ("bare");
  nv_text_set (&organisation->name, NV_LANG_FI, name);
  organisation->kind = g_strdup ("other");
  organisation->municipality = g_strdup ("564");
  return organisation;
}

/* Finds a mapped label showing exactly @text: what a resident would see. */
static GtkLabel *
find_visible_label (GtkWidget *widget, const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return NULL;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_visible_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows (Fixture *fixture, const char *text)
{
  return find_visible_label (GTK_WIDGET (fixture->page), text) != NULL;
}

/* Every mapped label, checked for what the page promises: plain text that wraps. */
static void
assert_labels_plain_and_wrapping (GtkWidget *widget, guint *n_labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    {
      g_assert_false (gtk_label_get_use_markup (GTK_LABEL (widget)));
      g_assert_true (gtk_label_get_wrap (GTK_LABEL (widget)));
      g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (widget)), ==, PANGO_ELLIPSIZE_NONE);
      (*n_labels)++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_labels_plain_and_wrapping (child, n_labels);
}

static void
show (Fixture *fixture, const NvOrganisation *organisation, NvLang lang)
{
  kiosk_organisation_page_set_organisation (fixture->page, organisation, lang, fixture->now);
}

static void
test_all_fields (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = full_organisation ();
  guint n_labels = 0;

  show (fixture, organisation, NV_LANG_EN);

  g_assert_true (shows (fixture, "Oulu Main Library"));
  g_assert_true (shows (fixture, "Sample data — not verified. Ask the library staff before you "
                                 "go."));
  g_assert_true (shows (fixture, "Opening hours"));
  g_assert_true (shows (fixture, "Open now — closes at 16:00"));
  g_assert_true (shows (fixture, "Monday 9:00–16:00"));
  g_assert_true (shows (fixture, "Friday 27.11. closed (Staff training)"));
  g_assert_true (shows (fixture, "Sunday closed"));
  g_assert_true (shows (fixture, "Address"));
  /* The post office already names the municipality. */
  g_assert_true (shows (fixture, "Kaarlenväylä 3\n90100 Oulu"));
  g_assert_true (shows (fixture, "Phone"));
  g_assert_true (shows (fixture, "+358 8 558 410\n+358 44 703 0000"));
  g_assert_true (shows (fixture, "Email"));
  g_assert_true (shows (fixture, "kirjasto@example.fi"));
  g_assert_true (shows (fixture, "Web pages"));
  g_assert_true (shows (fixture, "https://www.ouka.fi/kirjasto"));
  g_assert_true (shows (fixture, "About"));
  g_assert_true (shows (fixture, "The city's main library."));
  g_assert_true (shows (fixture, "Services"));
  g_assert_true (shows (fixture, "Help with computers and phones."));
  g_assert_true (shows (fixture, "Accessibility"));
  g_assert_true (shows (fixture, "Esteetön sisäänkäynti."));
  g_assert_true (shows (fixture, "Some of these details are not yet available in your language, "
                                 "so they are shown in Finnish."));
  /* An unknown code is shown as it is rather than dropped. */
  g_assert_true (shows (fixture, "Service languages"));
  g_assert_true (shows (fixture, "Finnish, Swedish, Northern Sami, xx"));

  /* Nothing clickable: web pages and email addresses are text, not links. */
  g_assert_false (gtk_label_get_use_markup (
      find_visible_label (GTK_WIDGET (fixture->page), "https://www.ouka.fi/kirjasto")));
  assert_labels_plain_and_wrapping (GTK_WIDGET (fixture->page), &n_labels);
  /* Name, two notices, the hours (heading, status, 7 days), 8 sections of 2, and the
   * next steps: Ask for an appointment, This information is wrong. */
  g_assert_cmpuint (n_labels, ==, 30);

  g_assert_cmpstr (kiosk_organisation_page_get_organisation (fixture->page)->id, ==,
                   "oulu-main-library");
}

static void
test_in_finnish (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = full_organisation ();

  /* Content in Finnish; the kiosk's own words stay in the gettext language (English
   * here). Nothing fell back, so no notice. */
  show (fixture, organisation, NV_LANG_FI);
  g_assert_true (shows (fixture, "Oulun pääkirjasto"));
  g_assert_true (shows (fixture, "Kaupungin pääkirjasto."));
  g_assert_true (shows (fixture, "Esteetön sisäänkäynti."));
  g_assert_false (shows (fixture, "Some of these details are not yet available in your "
                                  "language, so they are shown in Finnish."));
  /* Services has no Finnish text, so the English one stands in. */
  g_assert_true (shows (fixture, "Help with computers and phones."));
}

static void
test_missing_items_hidden (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) full = full_organisation ();
  g_autoptr (NvOrganisation) bare = bare_organisation ("Kyläyhdistys");

  /* After a full one, so any leftovers of it would show. */
  show (fixture, full, NV_LANG_EN);
  show (fixture, bare, NV_LANG_EN);

  g_assert_true (shows (fixture, "Kyläyhdistys"));
  g_assert_true (shows (fixture, "Opening hours"));
  g_assert_true (shows (fixture, "Opening hours not known"));
  /* No week of hours is made up. */
  g_assert_false (shows (fixture, "Monday 9:00–16:00"));
  g_assert_false (shows (fixture, "Sunday closed"));
  /* The municipality is always known, so the address has that at least. */
  g_assert_true (shows (fixture, "Address"));
  g_assert_true (shows (fixture, "Oulu"));
  g_assert_false (shows (fixture, "Phone"));
  g_assert_false (shows (fixture, "Email"));
  g_assert_false (shows (fixture, "Web pages"));
  g_assert_false (shows (fixture, "About"));
  g_assert_false (shows (fixture, "Services"));
  g_assert_false (shows (fixture, "Accessibility"));
  g_assert_false (shows (fixture, "Service languages"));
  g_assert_false (shows (fixture, "Sample data — not verified. Ask the library staff before you "
                                  "go."));
  g_assert_false (shows (fixture, "Some of these details are not yet available in your "
                                  "language, so they are shown in Finnish."));
}

static void
test_address_names_municipality (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = bare_organisation ("Kiimingin kirjasto");

  /* Kiiminki post office, in the municipality of Oulu. */
  organisation->street_address = g_strdup ("Kirkkotie 1");
  organisation->postal_code = g_strdup ("90900");
  organisation->post_office = g_strdup ("Kiiminki");
  show (fixture, organisation, NV_LANG_SV);
  g_assert_true (shows (fixture, "Kirkkotie 1\n90900 Kiiminki\nUleåborg"));
}

static void
test_text_is_never_markup (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = bare_organisation ("<b>bold</b>");
  GtkLabel *name;
  guint     n_labels = 0;

  nv_text_set (&organisation->description, NV_LANG_FI, "Tom & Jerry <i>x</i> &amp;");
  show (fixture, organisation, NV_LANG_FI);

  name = find_visible_label (GTK_WIDGET (fixture->page), "<b>bold</b>");
  g_assert_nonnull (name);
  g_assert_false (gtk_label_get_use_markup (name));
  g_assert_cmpstr (gtk_label_get_label (name), ==, "<b>bold</b>");
  /* Pango's layout has the tags as text, and no bold attribute. */
  g_assert_cmpstr (pango_layout_get_text (gtk_label_get_layout (name)), ==, "<b>bold</b>");
  g_assert_null (gtk_label_get_attributes (name));
  g_assert_true (shows (fixture, "Tom & Jerry <i>x</i> &amp;"));
  assert_labels_plain_and_wrapping (GTK_WIDGET (fixture->page), &n_labels);
}

static void
test_sample_notice (Fixture *fixture, gconstpointer data)
{
  const char *notice = "Sample data — not verified. Ask the library staff before you go.";
  g_autoptr (NvOrganisation) organisation = bare_organisation ("Esimerkki");

  organisation->sample = TRUE;
  show (fixture, organisation, NV_LANG_FI);
  g_assert_true (shows (fixture, notice));

  organisation->sample = FALSE;
  show (fixture, organisation, NV_LANG_FI);
  g_assert_false (shows (fixture, notice));
}

/* Where the details came from and the day the source last confirmed them, in Helsinki:
 * checked late on 1 December UTC is 2 December in Finland. Nothing for a place made by
 * hand. */
static void
test_provenance (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = bare_organisation ("Otavan Opisto");

  organisation->source = g_strdup ("ptv");
  organisation->source_id = g_strdup ("961f1a02-0eb7-4b5d-9721-6b9f2d14ec6f");
  organisation->checked_at = g_date_time_new_utc (2026, 12, 1, 22, 30, 0);
  show (fixture, organisation, NV_LANG_FI);
  g_assert_true (shows (fixture, "Details: Suomi.fi, checked 2.12.2026"));

  g_free (organisation->source);
  organisation->source = g_strdup ("kirjastot");
  g_clear_pointer (&organisation->checked_at, g_date_time_unref);
  show (fixture, organisation, NV_LANG_FI);
  g_assert_true (shows (fixture, "Details: Kirjastot.fi"));
  g_assert_false (shows (fixture, "Details: Suomi.fi, checked 2.12.2026"));

  g_clear_pointer (&organisation->source, g_free);
  show (fixture, organisation, NV_LANG_FI);
  g_assert_false (shows (fixture, "Details: Kirjastot.fi"));
}

/* A place from Suomi.fi whose opening hours came from the library directory says both,
 * each with its own day; the hours' source alone on a place made by hand. The entry
 * goes through the kiosk's store first, as every entry does. */
static void
test_hours_provenance (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = bare_organisation ("Kirkonkylän kirjasto");
  g_autoptr (GDateTime) library_day = g_date_time_new_utc (2026, 12, 5, 7, 30, 0);
  g_autoptr (NvContent) content = nv_content_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (NvOrganisation) stored = NULL;
  g_autofree char *dir = nv_test_make_tmpdir ();
  KioskStore      *store;

  organisation->source = g_strdup ("ptv");
  organisation->checked_at = g_date_time_new_utc (2026, 12, 1, 22, 30, 0);
  organisation->part_sources
      = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_part_source_free);
  g_ptr_array_add (organisation->part_sources,
                   nv_part_source_new ("opening_hours", "kirjastot", library_day));
  content->revision = 1;
  g_ptr_array_add (content->organisations, nv_organisation_copy (organisation));
  store = kiosk_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_true (kiosk_store_apply_content (store, content, &error));
  g_assert_no_error (error);
  stored = kiosk_store_get_organisation (store, organisation->id);
  g_assert_finalize_object (store);
  nv_test_rm_rf (dir);

  show (fixture, stored, NV_LANG_EN);
  g_assert_true (shows (fixture, "Details: Suomi.fi, checked 2.12.2026. Opening hours: "
                                 "Kirjastot.fi, checked 5.12.2026."));
  /* In Finnish and Swedish, with the catalogues built from po/. */
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  kiosk_language_apply (NV_LANG_FI);
  show (fixture, stored, NV_LANG_FI);
  g_assert_true (shows (fixture, "Tiedot: Suomi.fi, tarkistettu 2.12.2026. Aukioloajat: "
                                 "Kirjastot.fi, tarkistettu 5.12.2026."));
  kiosk_language_apply (NV_LANG_SV);
  show (fixture, stored, NV_LANG_SV);
  g_assert_true (shows (fixture, "Uppgifter: Suomi.fi, kontrollerade 2.12.2026. Öppettider: "
                                 "Kirjastot.fi, kontrollerade 5.12.2026."));
  kiosk_language_apply (NV_LANG_EN);

  g_clear_pointer (&stored->source, g_free);
  g_clear_pointer (&stored->checked_at, g_date_time_unref);
  show (fixture, stored, NV_LANG_FI);
  g_assert_true (shows (fixture, "Opening hours: Kirjastot.fi, checked 5.12.2026."));
}

static NvPhone *
phone_with_charge (const char *number, const char *charge, const char *words, const char *lang)
{
  NvPhone *phone = nv_phone_new ();

  phone->number = g_strdup (number);
  phone->kind = g_strdup ("phone");
  phone->charge = g_strdup (charge);
  phone->charge_description = g_strdup (words);
  phone->language = g_strdup (lang);
  return phone;
}

/* What a call costs, as the source says, under the numbers: whole sentences in the
 * visit's language, the source's own words only when they are in that language, and
 * nothing at all when the source said nothing (the line is not there). */
static void
test_phone_charges (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = bare_organisation ("Kaupungin neuvonta");
  g_autoptr (NvOrganisation) untold = NULL;
  const char *const phones[] = { "+358 8 558 47070", "+358 20 634 0000", NULL };
  GtkWidget        *charges = (GtkWidget *) gtk_widget_get_template_child (
             GTK_WIDGET (fixture->page), KIOSK_TYPE_ORGANISATION_PAGE, "phone_charges_label");

  organisation->phones = g_strdupv ((char **) phones);
  organisation->phone_details = g_ptr_array_new_with_free_func ((GDestroyNotify) nv_phone_free);
  g_ptr_array_add (organisation->phone_details,
                   phone_with_charge ("+358 8 558 47070", "free", NULL, NULL));
  g_ptr_array_add (organisation->phone_details,
                   phone_with_charge ("+358 20 634 0000", "chargeable",
                                      "Puhelun hinta on 8,35 snt/puhelu + 16,69 snt/min.", "fi"));
  untold = nv_organisation_copy (organisation);

  show (fixture, organisation, NV_LANG_EN);
  g_assert_true (gtk_widget_get_visible (charges));
  g_assert_true (shows (fixture, "A call to +358 8 558 47070 is free.\n"
                                 "A call to +358 20 634 0000 costs money."));
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  kiosk_language_apply (NV_LANG_FI);
  show (fixture, organisation, NV_LANG_FI);
  g_assert_true (shows (fixture, "Puhelu numeroon +358 8 558 47070 on maksuton.\n"
                                 "Puhelu numeroon +358 20 634 0000 on maksullinen. "
                                 "Puhelun hinta on 8,35 snt/puhelu + 16,69 snt/min."));
  /* Plain Finnish reads the source's Finnish words too. */
  show (fixture, organisation, NV_LANG_FI_PLAIN);
  g_assert_true (shows (fixture, "Puhelu numeroon +358 8 558 47070 on maksuton.\n"
                                 "Puhelu numeroon +358 20 634 0000 on maksullinen. "
                                 "Puhelun hinta on 8,35 snt/puhelu + 16,69 snt/min."));
  kiosk_language_apply (NV_LANG_SV);
  show (fixture, organisation, NV_LANG_SV);
  g_assert_true (shows (fixture, "Ett samtal till +358 8 558 47070 är avgiftsfritt.\n"
                                 "Ett samtal till +358 20 634 0000 kostar pengar."));
  kiosk_language_apply (NV_LANG_EN);

  /* The source said nothing: no line, and no empty space kept for one. */
  for (guint i = 0; i < untold->phone_details->len; i++)
    g_clear_pointer (&((NvPhone *) g_ptr_array_index (untold->phone_details, i))->charge, g_free);
  for (guint i = 0; i < untold->phone_details->len; i++)
    g_clear_pointer (
        &((NvPhone *) g_ptr_array_index (untold->phone_details, i))->charge_description, g_free);
  show (fixture, untold, NV_LANG_EN);
  g_assert_false (shows (fixture, "A call to +358 8 558 47070 is free."));
  g_assert_true (shows (fixture, "+358 8 558 47070\n+358 20 634 0000"));
  g_assert_false (gtk_widget_get_visible (charges));
}

static void
test_long_text_scrolls (Fixture *fixture, gconstpointer data)
{
  g_autoptr (NvOrganisation) organisation = full_organisation ();
  g_autoptr (GString) long_text = g_string_new (NULL);
  GtkLabel      *label;
  GtkWidget     *scroller;
  GtkAdjustment *adjustment;
  GtkPolicyType  horizontal;

  for (guint i = 0; i < 40; i++)
    g_string_append (long_text, "Apua tietokoneen, tabletin ja puhelimen käyttöön. ");
  g_string_append (long_text, "https://www.example.fi/a/very/long/address/without/any/spaces/"
                              "that/must/still/wrap/rather/than/be/clipped/at/the/edge");
  nv_text_set (&organisation->services, NV_LANG_EN, long_text->str);
  show (fixture, organisation, NV_LANG_EN);

  label = find_visible_label (GTK_WIDGET (fixture->page), long_text->str);
  g_assert_nonnull (label);
  /* Wrapped inside the page's width: nothing runs off the side. */
  nv_test_wait_until (NULL, gtk_widget_get_height (GTK_WIDGET (label)) > 200, 5000);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), <=,
                   gtk_widget_get_width (GTK_WIDGET (fixture->page)));
  /* Taller than the window, so the page scrolls. */
  scroller = gtk_widget_get_first_child (GTK_WIDGET (fixture->page));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  nv_test_wait_until (
      NULL, gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment),
      5000);
  gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (scroller), &horizontal, NULL);
  g_assert_cmpint (horizontal, ==, GTK_POLICY_NEVER);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/kiosk-organisation-page/all-fields", test_all_fields);
  ADD ("/kiosk-organisation-page/in-finnish", test_in_finnish);
  ADD ("/kiosk-organisation-page/missing-items-hidden", test_missing_items_hidden);
  ADD ("/kiosk-organisation-page/address-names-municipality", test_address_names_municipality);
  ADD ("/kiosk-organisation-page/text-is-never-markup", test_text_is_never_markup);
  ADD ("/kiosk-organisation-page/sample-notice", test_sample_notice);
  ADD ("/kiosk-organisation-page/provenance", test_provenance);
  ADD ("/kiosk-organisation-page/hours-provenance", test_hours_provenance);
  ADD ("/kiosk-organisation-page/phone-charges", test_phone_charges);
  ADD ("/kiosk-organisation-page/long-text-scrolls", test_long_text_scrolls);
#undef ADD

  return g_test_run ();
}
