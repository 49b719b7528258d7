/* kiosk-organisation-page.c
 *
 * Everything on this page is plain text in labels: no markup, and no links, since a
 * resident cannot open a browser or a mail program on the kiosk. What is not known is
 * left out, except the opening hours, which say that they are not known, in body type:
 * hours not known are no headline. The page is never a dead end: the phone number
 * first and large, then what the resident can do next (ask for an appointment, say
 * that the information is wrong), and the code that takes the place home.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-directory-access.h"
#include "kiosk-hours-text.h"
#include "kiosk-organisation-page.h"
#include "kiosk-print.h"

struct _KioskOrganisationPage
{
  KioskScreen parent_instance;

  GtkLabel    *name_label;
  GtkLabel    *sample_label;
  GtkLabel    *fallback_label;
  GtkLabel    *access_lacks_label;
  GtkLabel    *status_label;
  GtkBox      *week_box;
  GtkWidget   *address_section;
  GtkLabel    *address_label;
  GtkWidget   *phones_section;
  GtkLabel    *phones_label;
  GtkLabel    *phone_charges_label;
  GtkWidget   *emails_section;
  GtkLabel    *emails_label;
  GtkWidget   *web_pages_section;
  GtkLabel    *web_pages_label;
  GtkWidget   *description_section;
  GtkLabel    *description_label;
  GtkWidget   *services_section;
  GtkLabel    *services_label;
  GtkWidget   *accessibility_section;
  GtkLabel    *accessibility_label;
  GtkWidget   *languages_section;
  GtkLabel    *languages_label;
  GtkLabel    *provenance_label;
  GtkBox      *content_box;
  GtkWidget   *appointment_button;
  GtkWidget   *print_button;
  GtkWidget   *report_button;
  GtkWidget   *report_box;
  GtkWidget   *report_thanks_label;
  KioskQrCode *qr_code;

  NvOrganisation *organisation;
  NvAccessProfile access_profile; /* bound to the visit's */
};

G_DEFINE_FINAL_TYPE (KioskOrganisationPage, kiosk_organisation_page, KIOSK_TYPE_SCREEN)

enum
{
  REPORT_WRONG,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_ACCESS_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a resident can say is wrong: the detail of the info_reported event
 * (docs/events.md). */
static const char *const report_reasons[] = { "hours", "phone", "address", "closed", "other" };

/* The name of a language an organisation serves in, from its ISO 639-1 code; the code
 * itself for one not listed here. */
static const char *
language_name (const char *code)
{
  static const struct
  {
    const char *code;
    const char *name;
  } names[] = {
    { "fi", NC_ ("language", "Finnish") },    { "sv", NC_ ("language", "Swedish") },
    { "en", NC_ ("language", "English") },    { "se", NC_ ("language", "Northern Sami") },
    { "ru", NC_ ("language", "Russian") },    { "et", NC_ ("language", "Estonian") },
    { "uk", NC_ ("language", "Ukrainian") },  { "ar", NC_ ("language", "Arabic") },
    { "so", NC_ ("language", "Somali") },     { "fa", NC_ ("language", "Persian") },
    { "ku", NC_ ("language", "Kurdish") },    { "de", NC_ ("language", "German") },
    { "fr", NC_ ("language", "French") },     { "es", NC_ ("language", "Spanish") },
    { "zh", NC_ ("language", "Chinese") },    { "th", NC_ ("language", "Thai") },
    { "vi", NC_ ("language", "Vietnamese") }, { "tr", NC_ ("language", "Turkish") },
    { "sq", NC_ ("language", "Albanian") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (code, names[i].code) == 0)
        return kiosk_language_pgettext ("language", names[i].name);
    }
  return code;
}

/* Shows @text in @label and its @section, or hides the section when there is nothing. */
static void
show_text (GtkWidget *section, GtkLabel *label, const char *text)
{
  gboolean known = text != NULL && text[0] != '\0';

  gtk_label_set_text (label, known ? text : "");
  gtk_widget_set_visible (section, known);
}

/* The same for content text in several languages; *@fell_back is set when a text that
 * is shown is not in @lang. */
static void
show_content_text (
    GtkWidget *section, GtkLabel *label, const NvText *text, NvLang lang, gboolean *fell_back)
{
  gboolean    this_fell_back = FALSE;
  const char *value = nv_text_get (text, lang, &this_fell_back);

  show_text (section, label, value);
  if (value[0] != '\0' && this_fell_back)
    *fell_back = TRUE;
}

/* One item a line, the empty ones left out. */
static char *
join_lines (const char *const *items)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      if (items[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, items[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[0] == '\0';
}

static gboolean
same_place (const char *a, const char *b)
{
  g_autofree char *folded_a = NULL;
  g_autofree char *folded_b = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  folded_a = g_utf8_casefold (a, -1);
  folded_b = g_utf8_casefold (b, -1);
  return g_strcmp0 (folded_a, folded_b) == 0;
}

/* "Kaarlenväylä 3\n90100 Oulu", with the municipality on a line of its own when the
 * post office does not already name it (or when it is all that is known). */
static char *
format_address (const NvOrganisation *organisation, NvLang lang)
{
  const NvMunicipality *municipality = nv_municipality_lookup (organisation->municipality);
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) postal = g_string_new (NULL);

  if (!is_blank (organisation->street_address))
    g_ptr_array_add (lines, g_strdup (organisation->street_address));
  if (!is_blank (organisation->postal_code))
    g_string_append (postal, organisation->postal_code);
  if (!is_blank (organisation->post_office))
    {
      if (postal->len > 0)
        g_string_append_c (postal, ' ');
      g_string_append (postal, organisation->post_office);
    }
  if (postal->len > 0)
    g_ptr_array_add (lines, g_string_free (g_steal_pointer (&postal), FALSE));
  /* An unknown code would only show digits: leave it out. */
  if (municipality != NULL && !same_place (organisation->post_office, municipality->name_fi)
      && !same_place (organisation->post_office, municipality->name_sv))
    g_ptr_array_add (lines, g_strdup (nv_municipality_name (municipality->code, lang)));
  g_ptr_array_add (lines, NULL);
  return join_lines ((const char *const *) lines->pdata);
}

static char *
format_languages (const char *const *codes)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      if (codes[i][0] == '\0')
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, language_name (codes[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
show_hours (KioskOrganisationPage *self, NvLang lang, GDateTime *now)
{
  const NvOpeningHours *hours = self->organisation->hours;
  g_autofree char      *status = kiosk_hours_status_text (hours, now);
  g_autoptr (GPtrArray) lines = kiosk_hours_week_lines (hours, now, lang);
  NvOpenState state = nv_opening_hours_state_at (hours, now, NULL);
  GtkWidget  *status_widget = GTK_WIDGET (self->status_label);

  gtk_label_set_text (self->status_label, status);
  /* Hours not known are said in body type: it is no news worth the page's biggest. */
  if (hours == NULL)
    {
      gtk_widget_remove_css_class (status_widget, "hours-status");
      gtk_widget_add_css_class (status_widget, "org-text");
    }
  else
    {
      gtk_widget_remove_css_class (status_widget, "org-text");
      gtk_widget_add_css_class (status_widget, "hours-status");
    }
  /* The sentence says it; the colour only helps to see it at a glance. */
  gtk_widget_remove_css_class (status_widget, "open");
  gtk_widget_remove_css_class (status_widget, "closed");
  if (state == NV_OPEN_STATE_OPEN)
    gtk_widget_add_css_class (status_widget, "open");
  else if (state == NV_OPEN_STATE_CLOSED)
    gtk_widget_add_css_class (status_widget, "closed");

  clear_box (self->week_box);
  for (guint i = 0; i < lines->len; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_text (GTK_LABEL (label), g_ptr_array_index (lines, i));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "hours-line");
      /* The first line is today. */
      if (i == 0)
        gtk_widget_add_css_class (label, "today");
      gtk_box_append (self->week_box, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->week_box), lines->len > 0);
}

/* What the place is known to lack for the resident's accessibility needs, near the top
 * where it is seen before the way there is planned; nothing when nothing is known
 * missing. */
static void
show_lacks (KioskOrganisationPage *self)
{
  guint            lacks = nv_access_lacks (self->organisation->access, self->access_profile);
  g_autofree char *lines = kiosk_access_lacks_text (lacks);
  g_autofree char *text = NULL;

  if (lines != NULL)
    /* Translators: the resident's accessibility needs, then what the place lacks for
     * them, a line each: "Wheelchair:\nNo step-free entrance" */
    text = g_strdup_printf (C_ ("accessibility lacks", "%s:\n%s"),
                            kiosk_access_profile_label (self->access_profile), lines);
  gtk_label_set_text (self->access_lacks_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->access_lacks_label), text != NULL);
}

/* A source as residents know it; NULL for one they would not. */
static const char *
source_name (const char *source)
{
  if (g_strcmp0 (source, "ptv") == 0)
    return "Suomi.fi";
  if (g_strcmp0 (source, "kirjastot") == 0)
    return "Kirjastot.fi";
  return NULL;
}

/* "2.12.2026", the day in Finland. */
static char *
format_day (GDateTime *time)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (time, nv_helsinki_tz ());

  return g_date_time_format (local, "%-d.%-m.%Y");
}

/* Where the opening hours came from when another source keeps them than the place's
 * own (a library's hours from the library directory): "Opening hours: Kirjastot.fi,
 * checked 5.12.2026"; NULL when they come from the place's own source. */
static char *
format_hours_provenance (const NvOrganisation *organisation)
{
  for (guint i = 0; organisation->part_sources != NULL && i < organisation->part_sources->len; i++)
    {
      const NvPartSource *part = g_ptr_array_index (organisation->part_sources, i);
      const char         *source = source_name (part->source);
      g_autofree char    *day = NULL;

      if (!g_str_equal (part->part, "opening_hours") || source == NULL)
        continue;
      day = format_day (part->checked_at);
      /* Translators: where a place's opening hours came from and the day that source
       * last confirmed them: "Kirjastot.fi", "5.12.2026" */
      return g_strdup_printf (_ ("Opening hours: %s, checked %s"), source, day);
    }
  return NULL;
}

/* Where the details came from and the day the source last confirmed them, as the import
 * recorded it: "Details: Suomi.fi, checked 2.12.2026", and the hours' source when it is
 * another: "Details: Suomi.fi, checked 2.12.2026. Opening hours: Kirjastot.fi, checked
 * 5.12.2026." NULL for a place staff made by hand, or a sample, which says so itself. */
static char *
format_provenance (const NvOrganisation *organisation)
{
  g_autofree char *details = NULL;
  g_autofree char *hours = format_hours_provenance (organisation);
  const char      *source = source_name (organisation->source);

  if (source != NULL && organisation->checked_at == NULL)
    /* Translators: where a place's details came from: "Suomi.fi" */
    details = g_strdup_printf (_ ("Details: %s"), source);
  else if (source != NULL)
    {
      g_autofree char *day = format_day (organisation->checked_at);

      /* Translators: where a place's details came from and the day that source last
       * confirmed them: "Suomi.fi", "2.12.2026" */
      details = g_strdup_printf (_ ("Details: %s, checked %s"), source, day);
    }
  if (hours == NULL)
    return g_steal_pointer (&details);
  if (details == NULL)
    return g_strconcat (hours, ".", NULL);
  return g_strconcat (details, ". ", hours, ".", NULL);
}

/* What a call to each number costs, as the source says: someone on a small pension wants
 * to know before calling. The source's own words on the cost are added when they are in
 * the visit's language (plain Finnish reads the Finnish ones). NULL when the source said
 * nothing about any number. */
static char *
format_phone_charges (const NvOrganisation *organisation, NvLang lang)
{
  const char *code = nv_lang_to_code (nv_lang_base (lang));
  GString    *text;

  if (organisation->phone_details == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < organisation->phone_details->len; i++)
    {
      const NvPhone *phone = g_ptr_array_index (organisation->phone_details, i);
      const char *words = g_strcmp0 (phone->language, code) == 0 ? phone->charge_description : NULL;
      g_autofree char *line = NULL;

      if (phone->number == NULL || (phone->kind != NULL && !g_str_equal (phone->kind, "phone")))
        continue;
      if (g_strcmp0 (phone->charge, "free") == 0)
        /* Translators: what a call to a place's number costs: "+358 8 558 47070" */
        line = g_strdup_printf (_ ("A call to %s is free."), phone->number);
      else if (g_strcmp0 (phone->charge, "chargeable") == 0)
        /* Translators: what a call to a place's number costs: "+358 8 558 47070" */
        line = g_strdup_printf (_ ("A call to %s costs money."), phone->number);
      else if (words != NULL)
        line = g_strdup_printf ("%s:", phone->number);
      else
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
      if (words != NULL)
        g_string_append_printf (text, " %s", words);
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

static void
update (KioskOrganisationPage *self, NvLang lang, GDateTime *now)
{
  const NvOrganisation *organisation = self->organisation;
  g_autofree char      *address = format_address (organisation, lang);
  g_autofree char      *phones = join_lines ((const char *const *) organisation->phones);
  g_autofree char      *charges = format_phone_charges (organisation, lang);
  g_autofree char      *emails = join_lines ((const char *const *) organisation->emails);
  g_autofree char      *web_pages = join_lines ((const char *const *) organisation->web_pages);
  g_autofree char *languages = format_languages ((const char *const *) organisation->languages);
  g_autofree char *provenance = format_provenance (organisation);
  gboolean         fell_back = FALSE;

  /* Content is plain text, never markup. A name given only in Finnish is still the
   * place's name: only the texts to read count towards the notice. */
  gtk_label_set_text (self->name_label, nv_text_get (&organisation->name, lang, NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->sample_label), organisation->sample);

  show_hours (self, lang, now);
  show_text (self->address_section, self->address_label, address);
  show_text (self->phones_section, self->phones_label, phones);
  /* Content text, never markup, like the rest. */
  gtk_label_set_text (self->phone_charges_label, charges != NULL ? charges : "");
  gtk_widget_set_visible (GTK_WIDGET (self->phone_charges_label), charges != NULL);
  show_text (self->emails_section, self->emails_label, emails);
  show_text (self->web_pages_section, self->web_pages_label, web_pages);
  show_content_text (self->description_section, self->description_label, &organisation->description,
                     lang, &fell_back);
  show_content_text (self->services_section, self->services_label, &organisation->services, lang,
                     &fell_back);
  show_content_text (self->accessibility_section, self->accessibility_label,
                     &organisation->accessibility, lang, &fell_back);
  show_text (self->languages_section, self->languages_label, languages);
  gtk_label_set_text (self->provenance_label, provenance != NULL ? provenance : "");
  gtk_widget_set_visible (GTK_WIDGET (self->provenance_label), provenance != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->fallback_label), lang != NV_LANG_FI && fell_back);
  show_lacks (self);
}

/* The choices, or the thanks once one is made: one report a place, a visit. */
static void
show_report_state (KioskOrganisationPage *self, gboolean asking, gboolean reported)
{
  gtk_widget_set_visible (self->report_button, !asking && !reported);
  gtk_widget_set_visible (self->report_box, asking && !reported);
  gtk_widget_set_visible (self->report_thanks_label, reported);
}

static void
report_wrong_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskOrganisationPage *self = KIOSK_ORGANISATION_PAGE (widget);

  show_report_state (self, TRUE, FALSE);
  /* The first choice, under the question: a keypad user starts there. */
  gtk_widget_grab_focus (
      gtk_widget_get_next_sibling (gtk_widget_get_first_child (self->report_box)));
}

static void
report_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskOrganisationPage *self = KIOSK_ORGANISATION_PAGE (widget);
  const char            *reason = g_variant_get_string (parameter, NULL);

  if (self->organisation == NULL || !g_strv_contains (report_reasons, reason))
    return;
  show_report_state (self, FALSE, TRUE);
  g_signal_emit (self, signals[REPORT_WRONG], 0, self->organisation->id, reason);
}

static void
show_organisation (KioskOrganisationPage *self,
                   const NvOrganisation  *organisation,
                   NvLang                 lang,
                   GDateTime             *now)
{
  g_autoptr (GDateTime) current = NULL;
  GtkScrolledWindow *scroller;
  NvOrganisation    *copy;

  if (now == NULL)
    now = current = g_date_time_new_now (nv_helsinki_tz ());

  /* Copy first: @organisation may be the one this page holds. */
  copy = nv_organisation_copy (organisation);
  g_clear_pointer (&self->organisation, nv_organisation_free);
  self->organisation = copy;
  update (self, lang, now);
  /* The scrolled window is the bin's child, not bound: disposing the template would
   * unparent it behind AdwBin's back. */
  scroller = GTK_SCROLLED_WINDOW (adw_bin_get_child (ADW_BIN (self)));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
}

/* A large-print slip of the place, with its code, on the library's printer. */
static void
print_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskOrganisationPage *self = KIOSK_ORGANISATION_PAGE (widget);
  g_autoptr (GtkPrintOperation) operation = NULL;

  if (self->organisation == NULL)
    return;
  operation = kiosk_print_organisation_new (self->organisation,
                                            kiosk_screen_get_language (KIOSK_SCREEN (self)),
                                            kiosk_qr_code_get_url (self->qr_code), NULL);
  kiosk_print_run (operation, widget);
}

/* The same organisation, now in the screen's language. */
static void
kiosk_organisation_page_refresh (KioskScreen *screen)
{
  KioskOrganisationPage *self = KIOSK_ORGANISATION_PAGE (screen);

  kiosk_qr_code_retranslate (self->qr_code, kiosk_screen_get_language (screen));
  if (self->organisation != NULL)
    show_organisation (self, self->organisation, kiosk_screen_get_language (screen), NULL);
}

static void
kiosk_organisation_page_dispose (GObject *object)
{
  KioskOrganisationPage *self = (KioskOrganisationPage *) object;

  g_clear_pointer (&self->organisation, nv_organisation_free);
  G_OBJECT_CLASS (kiosk_organisation_page_parent_class)->dispose (object);
}

static void
kiosk_organisation_page_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  KioskOrganisationPage *self = KIOSK_ORGANISATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCESS_PROFILE:
      g_value_set_int (value, self->access_profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_organisation_page_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  KioskOrganisationPage *self = KIOSK_ORGANISATION_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCESS_PROFILE:
      if (self->access_profile == (NvAccessProfile) g_value_get_int (value))
        break;
      self->access_profile = g_value_get_int (value);
      if (self->organisation != NULL)
        show_lacks (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_organisation_page_class_init (KioskOrganisationPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_organisation_page_dispose;
  object_class->get_property = kiosk_organisation_page_get_property;
  object_class->set_property = kiosk_organisation_page_set_property;
  KIOSK_SCREEN_CLASS (klass)->refresh = kiosk_organisation_page_refresh;

  /* An NvAccessProfile, bound to the visit's: what the place lacks for it is shown. */
  properties[PROP_ACCESS_PROFILE]
      = g_param_spec_int ("access-profile", NULL, NULL, 0, NV_N_ACCESS_PROFILES - 1, 0,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KioskOrganisationPage::report-wrong:
   * @organisation: the place's id
   * @reason: what is wrong: "hours", "phone", "address", "closed" or "other"
   *
   * A resident said that the page's information is wrong. Nothing else is asked: the
   * report is anonymous.
   */
  signals[REPORT_WRONG]
      = g_signal_new ("report-wrong", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "organisation.report-wrong", NULL,
                                   report_wrong_action);
  gtk_widget_class_install_action (widget_class, "organisation.report", "s", report_action);
  gtk_widget_class_install_action (widget_class, "organisation.print", NULL, print_action);

  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass),
                                   "/fi/neuvokas/Kiosk/kiosk-organisation-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, KioskOrganisationPage, name)
  BIND (content_box);
  BIND (name_label);
  BIND (sample_label);
  BIND (fallback_label);
  BIND (access_lacks_label);
  BIND (status_label);
  BIND (week_box);
  BIND (address_section);
  BIND (address_label);
  BIND (phones_section);
  BIND (phones_label);
  BIND (phone_charges_label);
  BIND (emails_section);
  BIND (emails_label);
  BIND (web_pages_section);
  BIND (web_pages_label);
  BIND (description_section);
  BIND (description_label);
  BIND (services_section);
  BIND (services_label);
  BIND (accessibility_section);
  BIND (accessibility_label);
  BIND (languages_section);
  BIND (languages_label);
  BIND (provenance_label);
  BIND (appointment_button);
  BIND (print_button);
  BIND (report_button);
  BIND (report_box);
  BIND (report_thanks_label);
#undef BIND
}

static void
kiosk_organisation_page_init (KioskOrganisationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Print only where there is paper: shown once a printer is known. */
  kiosk_print_show_when_printer (self->print_button);
  self->qr_code = KIOSK_QR_CODE (kiosk_qr_code_new ());
  gtk_box_append (self->content_box, GTK_WIDGET (self->qr_code));
}

GtkWidget *
kiosk_organisation_page_new (void)
{
  return g_object_new (KIOSK_TYPE_ORGANISATION_PAGE, NULL);
}

void
kiosk_organisation_page_set_organisation (KioskOrganisationPage *self,
                                          const NvOrganisation  *organisation,
                                          NvLang                 lang,
                                          GDateTime             *now)
{
  g_return_if_fail (KIOSK_IS_ORGANISATION_PAGE (self));
  g_return_if_fail (organisation != NULL);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->appointment_button), "s",
                                    organisation->id);
  /* A place opened afresh can be reported again; a language switch keeps the thanks. */
  show_report_state (self, FALSE, FALSE);
  show_organisation (self, organisation, lang, now);
}

const NvOrganisation *
kiosk_organisation_page_get_organisation (KioskOrganisationPage *self)
{
  g_return_val_if_fail (KIOSK_IS_ORGANISATION_PAGE (self), NULL);
  return self->organisation;
}

KioskQrCode *
kiosk_organisation_page_get_qr_code (KioskOrganisationPage *self)
{
  g_return_val_if_fail (KIOSK_IS_ORGANISATION_PAGE (self), NULL);
  return self->qr_code;
}
