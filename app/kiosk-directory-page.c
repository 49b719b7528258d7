/* kiosk-directory-page.c
 *
 * The resident types with the on-screen keyboard (or a real one) and the results follow
 * as they type: the search runs once the typing has paused for a moment, which is also
 * when a search counts as one search in the usage events. The query recorded is the
 * sanitised one (no digits); the text itself is never kept anywhere but in the entry,
 * and the reset erases it.
 *
 * Names and addresses are content: plain text in labels, never markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"
#include <string.h>

#include "kiosk-choice-button.h"
#include "kiosk-directory-access.h"
#include "kiosk-directory-page-private.h"
#include "kiosk-keyboard.h"

/* Long enough that a word typed key by key is one search, short enough to feel live. */
#define SETTLE_MS 1000        /* the pause that ends a search, for its event */
#define KEY_FRAME_WAIT_MS 100 /* the longest a typed key's search waits for its frame */
/* More rows than anyone reads on a kiosk; the count says how many there are in all. */
#define MAX_ROWS 30

/* One row of the results, made once and then only given new text: a keystroke changes
 * labels whose text changed, not widgets (docs/performance.md). */
typedef struct
{
  GtkWidget *row;
  GtkLabel  *name;
  GtkLabel  *where;
  GtkLabel  *address;
  GtkLabel  *lacks; /* what the place lacks for the resident's accessibility needs */
} ResultRow;

typedef enum
{
  CHOOSING_NOTHING,
  CHOOSING_MUNICIPALITY,
  CHOOSING_KIND,
  CHOOSING_ACCESS,
} Choosing;

struct _KioskDirectoryPage
{
  KioskScreen parent_instance;

  GtkWidget         *title_label;
  GtkWidget         *search_row;
  GtkEntry          *search_entry;
  GtkWidget         *filters_box;
  GtkButton         *municipality_button;
  GtkLabel          *municipality_value;
  GtkButton         *kind_button;
  GtkLabel          *kind_value;
  GtkButton         *access_button;
  GtkLabel          *access_value;
  GtkStack          *content_stack;
  GtkWidget         *sample_notice; /* while the directory holds sample entries */
  GtkScrolledWindow *results_scroller;
  GtkLabel          *count_label;
  GtkWidget         *empty_box;
  GtkListBox        *results_list;
  ResultRow          rows[MAX_ROWS];
  guint              n_rows; /* rows made so far */
  GtkLabel          *choices_title;
  GtkFlowBox        *choices;
  KioskKeyboard     *keyboard;

  KioskRecorder *recorder;

  char           *municipality; /* a code or KIOSK_STORE_REGION_PREFIX + a region's; NULL: all */
  gboolean        municipality_chosen; /* by the resident; until then, the kiosk's own */
  char           *kind;                /* NULL: all */
  NvAccessProfile access_profile;      /* bound to the visit's */
  Choosing        choosing;
  guint           settle_source;
  gboolean        key_typed;     /* the change under way comes from an on-screen key */
  guint           key_source;    /* forgets key_typed once the key is handled */
  GdkFrameClock  *search_clock;  /* a typed key's search waits for this clock's next frame */
  guint           search_source; /* then runs from this idle */
  gboolean        quiet;         /* changing the entry from code: no search */
  guint           n_found;
  char           *last_recorded; /* what the last search event was about */
};

G_DEFINE_FINAL_TYPE (KioskDirectoryPage, kiosk_directory_page, KIOSK_TYPE_SCREEN)

enum
{
  PROP_0,
  PROP_ACCESS_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DIRECTORY_UI "/fi/neuvokas/Kiosk/kiosk-directory-page.ui"

const char *
kiosk_organisation_kind_label (const char *kind)
{
  static const struct
  {
    const char *kind;
    const char *label;
  } labels[] = {
    { "library", NC_ ("organisation kind", "Library") },
    { "digital-support", NC_ ("organisation kind", "Digital support") },
    { "health-centre", NC_ ("organisation kind", "Health centre") },
    { "kela", NC_ ("organisation kind", "Kela") },
    { "municipal-service", NC_ ("organisation kind", "Municipal service point") },
    { "association", NC_ ("organisation kind", "Association") },
    { "parish", NC_ ("organisation kind", "Parish") },
    { "red-cross", NC_ ("organisation kind", "Red Cross") },
    { "other", NC_ ("organisation kind", "Other place") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_strcmp0 (kind, labels[i].kind) == 0)
        return kiosk_language_pgettext ("organisation kind", labels[i].label);
    }
  return kind;
}

static NvLang
get_language (KioskDirectoryPage *self)
{
  return kiosk_screen_get_language (KIOSK_SCREEN (self));
}

static KioskStore *
get_store (KioskDirectoryPage *self)
{
  return kiosk_screen_get_store (KIOSK_SCREEN (self));
}

static GtkWidget *
add_label (GtkBox *box, const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Content is plain text: never markup. */
  gtk_label_set_use_markup (GTK_LABEL (label), FALSE);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, css_class);
  gtk_box_append (box, label);
  return label;
}

/* "Kaarlenväylä 3, 90100 Oulu": what one needs to find the door. */
static char *
format_address (const KioskDirectoryHit *hit)
{
  g_autoptr (GString) address = g_string_new (hit->street_address);

  if (hit->street_address == NULL || hit->street_address[0] == '\0')
    return NULL;
  if (hit->postal_code != NULL || hit->post_office != NULL)
    g_string_append (address, ",");
  if (hit->postal_code != NULL)
    g_string_append_printf (address, " %s", hit->postal_code);
  if (hit->post_office != NULL)
    g_string_append_printf (address, " %s", hit->post_office);
  return g_string_free (g_steal_pointer (&address), FALSE);
}

/* gtk_label_set_text lays the label out again even for the same text. */
static void
set_label_text (GtkLabel *label, const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

static ResultRow *
get_result_row (KioskDirectoryPage *self, guint position)
{
  ResultRow *result = &self->rows[position];
  GtkWidget *box;

  g_assert (position < MAX_ROWS);
  if (position < self->n_rows)
    return result;
  g_assert (position == self->n_rows);
  result->row = gtk_list_box_row_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  result->name = GTK_LABEL (add_label (GTK_BOX (box), "", "row-title"));
  result->where = GTK_LABEL (add_label (GTK_BOX (box), "", "row-subtitle"));
  result->address = GTK_LABEL (add_label (GTK_BOX (box), "", "row-subtitle"));
  result->lacks = GTK_LABEL (add_label (GTK_BOX (box), "", "access-lack"));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (result->row), box);
  gtk_widget_add_css_class (result->row, "content-row");
  gtk_list_box_append (self->results_list, result->row);
  self->n_rows++;
  return result;
}

static void
show_result_row (KioskDirectoryPage *self, guint position, const KioskDirectoryHit *organisation)
{
  ResultRow       *result = get_result_row (self, position);
  const char      *name = organisation->name;
  g_autofree char *where = NULL;
  g_autofree char *address = format_address (organisation);
  g_autofree char *description = NULL;
  g_autofree char *lacks = kiosk_access_lacks_text (organisation->lacks);

  /* Translators: under a place's name: its kind and municipality, "Library · Oulu" */
  where = g_strdup_printf (C_ ("directory row", "%s · %s"),
                           kiosk_organisation_kind_label (organisation->kind),
                           nv_municipality_name (organisation->municipality, get_language (self)));
  set_label_text (result->name, name);
  set_label_text (result->where, where);
  set_label_text (result->address, address != NULL ? address : "");
  gtk_widget_set_visible (GTK_WIDGET (result->address), address != NULL);
  set_label_text (result->lacks, lacks != NULL ? lacks : "");
  gtk_widget_set_visible (GTK_WIDGET (result->lacks), lacks != NULL);
  description = address != NULL ? g_strdup_printf ("%s, %s", where, address) : g_strdup (where);
  if (lacks != NULL)
    {
      g_autofree char *spoken = g_strdelimit (g_strdup (lacks), "\n", ',');

      g_free (description);
      description = address != NULL ? g_strdup_printf ("%s, %s. %s", where, address, spoken)
                                    : g_strdup_printf ("%s. %s", where, spoken);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (result->row), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (result->row),
                                          g_variant_new_string (organisation->id));
  /* Named once it has a target: a name without one is a type mismatch. */
  if (gtk_actionable_get_action_name (GTK_ACTIONABLE (result->row)) == NULL)
    gtk_actionable_set_action_name (GTK_ACTIONABLE (result->row), "win.open-organisation");
  gtk_widget_set_visible (result->row, TRUE);
}

static void
clear_results (KioskDirectoryPage *self)
{
  for (guint i = 0; i < self->n_rows; i++)
    gtk_widget_set_visible (self->rows[i].row, FALSE);
  gtk_label_set_text (self->count_label, "");
  gtk_widget_set_visible (self->empty_box, FALSE);
  self->n_found = 0;
}

static void
show_count (KioskDirectoryPage *self, guint shown, guint total)
{
  g_autofree char *text = NULL;

  if (total == 0)
    text = g_strdup (_ ("No places were found."));
  else if (shown < total)
    /* Translators: how many were found, then how many are shown (thirty) */
    text = g_strdup_printf (ngettext ("%u place found. The first %u are shown: add a word to "
                                      "find fewer.",
                                      "%u places found. The first %u are shown: add a word to "
                                      "find fewer.",
                                      total),
                            total, shown);
  else
    text = g_strdup_printf (ngettext ("%u place found", "%u places found", total), total);
  gtk_label_set_text (self->count_label, text);
  gtk_widget_set_visible (self->empty_box, total == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), total > 0);
}

/* The area searched: the one the resident chose, or the kiosk's own municipality (the
 * directory opens on its places, and the resident can widen to the region or all of
 * Finland). NULL: all of Finland. */
static const char *
get_area (KioskDirectoryPage *self)
{
  if (self->municipality_chosen || get_store (self) == NULL)
    return self->municipality;
  return kiosk_store_get_home_municipality (get_store (self));
}

/* Each settled search once: the same words, filters and count again (Done after the
 * results settled, a word typed and erased) are not a new search. */
static void
record_search (KioskDirectoryPage *self, const char *query, guint total)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autofree char *sanitised = NULL;
  g_autofree char *key = NULL;

  if (self->recorder == NULL || trimmed[0] == '\0')
    return;
  sanitised = nv_event_sanitize_query (query);
  key = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%u", sanitised, get_area (self) ? get_area (self) : "",
                         self->kind ? self->kind : "", total);
  if (g_strcmp0 (key, self->last_recorded) == 0)
    return;
  g_free (self->last_recorded);
  self->last_recorded = g_steal_pointer (&key);
  kiosk_recorder_record (self->recorder, NV_EVENT_SEARCH, NULL, total,
                         sanitised[0] != '\0' ? sanitised : NULL);
}

static void forget_pending_search (KioskDirectoryPage *self);

static void
run_search (KioskDirectoryPage *self, gboolean record)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  guint total = 0;

  g_clear_handle_id (&self->settle_source, g_source_remove);
  forget_pending_search (self);
  if (get_store (self) == NULL)
    return;
  found = kiosk_store_search_organisations_for (get_store (self), query, get_area (self),
                                                self->kind, self->access_profile,
                                                get_language (self), MAX_ROWS, &total, &error);
  if (found == NULL)
    {
      clear_results (self);
      /* The store is local: this is a damaged disk, not something the resident did. */
      g_warning ("Directory search failed: %s", error->message);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    show_result_row (self, i, found->pdata[i]);
  for (guint i = found->len; i < self->n_rows; i++)
    gtk_widget_set_visible (self->rows[i].row, FALSE);
  self->n_found = total;
  show_count (self, found->len, total);
  /* New results start from the top. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->results_scroller), 0);
  if (record)
    record_search (self, query, total);
}

/* Typing paused: the search is recorded once, with what the resident settled on. */
static gboolean
settle_cb (gpointer user_data)
{
  KioskDirectoryPage *self = user_data;

  self->settle_source = 0;
  record_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), self->n_found);
  return G_SOURCE_REMOVE;
}

/* A typed key's search waits for the frame that draws the key, so that the letter shows
 * at once; the results follow in the frames after. The search then reads whatever the
 * entry holds: keys typed in between share one search. */
static void key_drawn_cb (GdkFrameClock *clock, KioskDirectoryPage *self);

static void
forget_pending_search (KioskDirectoryPage *self)
{
  if (self->search_clock != NULL)
    g_signal_handlers_disconnect_by_func (self->search_clock, key_drawn_cb, self);
  g_clear_object (&self->search_clock);
  g_clear_handle_id (&self->search_source, g_source_remove);
}

static gboolean
typed_search_cb (gpointer user_data)
{
  KioskDirectoryPage *self = user_data;

  self->search_source = 0;
  run_search (self, FALSE);
  self->settle_source = g_timeout_add (SETTLE_MS, settle_cb, self);
  return G_SOURCE_REMOVE;
}

static void
key_drawn_cb (GdkFrameClock *clock, KioskDirectoryPage *self)
{
  g_signal_handlers_disconnect_by_func (clock, key_drawn_cb, self);
  g_clear_object (&self->search_clock);
  /* Not in after-paint itself: the frame is over once its handlers have run. Above the
   * redraw's priority, so that frames in a row (an animation) cannot hold it back. */
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_idle_add_full (G_PRIORITY_DEFAULT, typed_search_cb, self, NULL);
}

static gboolean
forget_key_cb (gpointer user_data)
{
  KioskDirectoryPage *self = user_data;

  self->key_source = 0;
  self->key_typed = FALSE;
  return G_SOURCE_REMOVE;
}

/* An on-screen key was taken; the change it makes (if any) follows at once. */
static void
key_accepted_cb (KioskDirectoryPage *self)
{
  self->key_typed = TRUE;
  if (self->key_source == 0)
    self->key_source = g_idle_add_full (G_PRIORITY_HIGH, forget_key_cb, self, NULL);
}

static void
search_changed_cb (KioskDirectoryPage *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->quiet)
    return;
  if (self->key_typed && clock != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_clear_handle_id (&self->settle_source, g_source_remove);
      if (self->search_clock == NULL && self->search_source == 0)
        {
          self->search_clock = g_object_ref (clock);
          g_signal_connect (clock, "after-paint", G_CALLBACK (key_drawn_cb), self);
          gtk_widget_queue_draw (GTK_WIDGET (self));
          /* Searched all the same if no frame comes (a window covered, a busy X server). */
          self->search_source = g_timeout_add (KEY_FRAME_WAIT_MS, typed_search_cb, self);
        }
    }
  else
    {
      /* Text not typed on the keys (a real keyboard, the tests): the results follow at
       * once; only the event waits for typing to pause. */
      run_search (self, FALSE);
      self->settle_source = g_timeout_add (SETTLE_MS, settle_cb, self);
    }
  /* Typing is about the results, not about a list of choices. */
  gtk_stack_set_visible_child_name (self->content_stack, "results");
  self->choosing = CHOOSING_NOTHING;
}

static void
set_filter_label (GtkButton *button, GtkLabel *value_label, const char *caption, const char *value)
{
  g_autofree char *name = g_strdup_printf ("%s: %s", caption, value);

  gtk_label_set_text (value_label, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* "All of North Ostrobothnia", for a region's code. */
static char *
format_region (const char *region, NvLang lang)
{
  /* Translators: the choice that widens the directory to the kiosk's whole region
   * (maakunta), "All of North Ostrobothnia"; %s is the region's name */
  return g_strdup_printf (_ ("All of %s"), nv_region_name (region, lang));
}

static void
update_filter_buttons (KioskDirectoryPage *self)
{
  const char      *area = get_area (self);
  g_autofree char *value = NULL;
  g_autofree char *access = NULL;

  if (area == NULL)
    value = g_strdup (_ ("All municipalities"));
  else if (g_str_has_prefix (area, KIOSK_STORE_REGION_PREFIX))
    value = format_region (area + strlen (KIOSK_STORE_REGION_PREFIX), get_language (self));
  else
    value = g_strdup (nv_municipality_name (area, get_language (self)));
  set_filter_label (self->municipality_button, self->municipality_value,
                    /* Translators: the filter button's name, read aloud with its value */
                    _ ("Municipality"), value);
  set_filter_label (self->kind_button, self->kind_value,
                    /* Translators: the filter button's name, read aloud with its value */
                    _ ("Kind of place"),
                    self->kind != NULL ? kiosk_organisation_kind_label (self->kind)
                                       : _ ("All kinds of places"));
  /* Named in full even once chosen: "Wheelchair" alone would not say what it is for. */
  if (self->access_profile != NV_ACCESS_PROFILE_NONE)
    access = g_strdup_printf ("%s: %s", _ ("Accessibility needs"),
                              kiosk_access_profile_label (self->access_profile));
  gtk_label_set_text (self->access_value, access != NULL ? access : _ ("Accessibility needs"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->access_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  access != NULL ? access : _ ("Accessibility needs"), -1);
}

static void
add_choice (KioskDirectoryPage *self,
            const char         *label,
            const char         *action,
            const char         *value,
            gboolean            chosen)
{
  GtkWidget *button = kiosk_choice_button_new_for_action (label, TRUE, action, value);

  /* Tiles in a grid: the words centred. */
  kiosk_choice_button_set_xalign (KIOSK_CHOICE_BUTTON (button), 0.5);
  kiosk_choice_button_set_chosen (KIOSK_CHOICE_BUTTON (button), chosen);
  gtk_flow_box_append (self->choices, button);
  /* Only the button takes the focus, not its flow box child. */
  gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
}

static void
fill_choices (KioskDirectoryPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices))) != NULL)
    gtk_flow_box_remove (self->choices, child);
  if (get_store (self) == NULL)
    return;

  if (self->choosing == CHOOSING_MUNICIPALITY)
    {
      g_autoptr (GPtrArray) codes = kiosk_store_list_municipalities_with_organisations (
          get_store (self), get_language (self));
      const char *home = kiosk_store_get_home_municipality (get_store (self));
      const char *region = home != NULL ? nv_municipality_region (home) : NULL;
      const char *area = get_area (self);

      gtk_label_set_text (self->choices_title, _ ("Choose a municipality"));
      /* From near to far: the kiosk's own municipality, its region, all of Finland. */
      if (home != NULL)
        add_choice (self, nv_municipality_name (home, get_language (self)),
                    "directory.municipality", home, g_strcmp0 (area, home) == 0);
      if (region != NULL)
        {
          g_autofree char *label = format_region (region, get_language (self));
          g_autofree char *target = g_strconcat (KIOSK_STORE_REGION_PREFIX, region, NULL);

          add_choice (self, label, "directory.municipality", target, g_strcmp0 (area, target) == 0);
        }
      add_choice (self, _ ("All municipalities"), "directory.municipality", "", area == NULL);
      for (guint i = 0; i < codes->len; i++)
        if (g_strcmp0 (codes->pdata[i], home) != 0)
          add_choice (self, nv_municipality_name (codes->pdata[i], get_language (self)),
                      "directory.municipality", codes->pdata[i],
                      g_strcmp0 (area, codes->pdata[i]) == 0);
    }
  else if (self->choosing == CHOOSING_KIND)
    {
      g_autoptr (GPtrArray) kinds = kiosk_store_list_organisation_kinds (get_store (self));

      gtk_label_set_text (self->choices_title, _ ("Choose a kind of place"));
      add_choice (self, _ ("All kinds of places"), "directory.kind", "", self->kind == NULL);
      for (guint i = 0; i < kinds->len; i++)
        add_choice (self, kiosk_organisation_kind_label (kinds->pdata[i]), "directory.kind",
                    kinds->pdata[i], g_strcmp0 (self->kind, kinds->pdata[i]) == 0);
    }
  else if (self->choosing == CHOOSING_ACCESS)
    {
      gtk_label_set_text (self->choices_title,
                          _ ("Choose what you need. Places that have it are shown first."));
      add_choice (self, _ ("No particular needs"), "directory.access-profile", "",
                  self->access_profile == NV_ACCESS_PROFILE_NONE);
      for (NvAccessProfile p = 1; p < NV_N_ACCESS_PROFILES; p++)
        add_choice (self, kiosk_access_profile_label (p), "directory.access-profile",
                    nv_access_profile_code (p), self->access_profile == p);
    }
}

static void
choose (KioskDirectoryPage *self, Choosing choosing)
{
  Choosing   previous = self->choosing;
  gboolean   focus_in_header = gtk_widget_get_focus_child (self->filters_box) != NULL;
  gboolean   focus_in_choices = gtk_widget_get_focus_child (GTK_WIDGET (self->choices)) != NULL;
  GtkWidget *first;

  /* The same button again closes the list. */
  if (self->choosing == choosing)
    choosing = CHOOSING_NOTHING;
  self->choosing = choosing;
  kiosk_keyboard_set_shown (self->keyboard, FALSE);
  fill_choices (self);
  /* A chooser is a question of its own: the title, the search box and the filters make
   * way for its choices, which would otherwise start below a 1280×800 screen at the
   * largest text size ("Back to the results" brings them again). The keypad's focus
   * goes with the filters, to the choices and back. */
  gtk_widget_set_visible (self->title_label, choosing == CHOOSING_NOTHING);
  gtk_widget_set_visible (self->search_row, choosing == CHOOSING_NOTHING);
  gtk_widget_set_visible (self->filters_box, choosing == CHOOSING_NOTHING);
  gtk_stack_set_visible_child_name (self->content_stack,
                                    choosing == CHOOSING_NOTHING ? "results" : "choices");
  if (choosing != CHOOSING_NOTHING)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
                                  gtk_stack_get_child_by_name (self->content_stack, "choices"))),
                              0);
  first = gtk_widget_get_first_child (GTK_WIDGET (self->choices));
  if (first != NULL && focus_in_header)
    gtk_widget_grab_focus (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (first)));
  else if (choosing == CHOOSING_NOTHING && focus_in_choices)
    gtk_widget_grab_focus (GTK_WIDGET (previous == CHOOSING_MUNICIPALITY ? self->municipality_button
                                       : previous == CHOOSING_KIND       ? self->kind_button
                                                                         : self->access_button));
}

static void
choose_municipality_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose (KIOSK_DIRECTORY_PAGE (widget), CHOOSING_MUNICIPALITY);
}

static void
choose_kind_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose (KIOSK_DIRECTORY_PAGE (widget), CHOOSING_KIND);
}

static void
choose_access_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose (KIOSK_DIRECTORY_PAGE (widget), CHOOSING_ACCESS);
}

static void
show_results_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  choose (KIOSK_DIRECTORY_PAGE (widget), CHOOSING_NOTHING);
}

/* "" means no filter. */
static void
set_filter (char **filter, GVariant *parameter)
{
  const char *value = g_variant_get_string (parameter, NULL);

  g_free (*filter);
  *filter = value[0] != '\0' ? g_strdup (value) : NULL;
}

static void
municipality_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (widget);

  set_filter (&self->municipality, parameter);
  self->municipality_chosen = TRUE;
  update_filter_buttons (self);
  choose (self, CHOOSING_NOTHING);
  run_search (self, TRUE);
}

static void
kind_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (widget);

  set_filter (&self->kind, parameter);
  update_filter_buttons (self);
  choose (self, CHOOSING_NOTHING);
  run_search (self, TRUE);
}

static void
set_access_profile (KioskDirectoryPage *self, NvAccessProfile profile)
{
  if (self->access_profile == profile)
    return;
  self->access_profile = profile;
  update_filter_buttons (self);
  if (self->choosing == CHOOSING_ACCESS)
    fill_choices (self);
  /* The same results in a new order: no new search to record. Out of sight the page
   * searches when it is shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    run_search (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_PROFILE]);
}

static void
access_profile_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (widget);

  choose (self, CHOOSING_NOTHING);
  set_access_profile (self, nv_access_profile_from_code (g_variant_get_string (parameter, NULL)));
}

static void
search_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), g_variant_get_string (parameter, NULL));
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
}

static void
clear_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  run_search (self, FALSE);
}

static void
clear_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (widget);

  g_clear_pointer (&self->municipality, g_free);
  self->municipality_chosen = TRUE;
  g_clear_pointer (&self->kind, g_free);
  update_filter_buttons (self);
  clear_action (widget, action_name, parameter);
}

static void
show_keyboard_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (widget);

  kiosk_keyboard_set_shown (self->keyboard, TRUE);
}

static void
entry_pressed_cb (KioskDirectoryPage *self)
{
  /* Back to the results first: choose() hides the keys, which must then stay shown. */
  choose (self, CHOOSING_NOTHING);
  kiosk_keyboard_set_shown (self->keyboard, TRUE);
}

static void
keyboard_done_cb (KioskDirectoryPage *self)
{
  kiosk_keyboard_set_shown (self->keyboard, FALSE);
  /* Typing is over: the settled results, now, not in a moment. */
  if (self->settle_source != 0)
    run_search (self, TRUE);
}

/* KioskScreen: the filters' names after a language switch. */
static void
kiosk_directory_page_language_changed (KioskScreen *screen)
{
  update_filter_buttons (KIOSK_DIRECTORY_PAGE (screen));
}

/* KioskScreen: new content, or a language switch. */
static void
kiosk_directory_page_refresh_screen (KioskScreen *screen)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (screen);

  /* The same search: refreshed in place, not a new search. A page out of sight searches
   * when it is shown (kiosk_directory_page_refresh): at start that spares building the
   * index of every place before the first frame. */
  update_filter_buttons (self);
  /* Real places (imported from Suomi.fi) carry no warning; the demo's samples do. */
  gtk_widget_set_visible (self->sample_notice,
                          get_store (self) != NULL
                              && kiosk_store_has_sample_organisations (get_store (self)));
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    run_search (self, FALSE);
  if (self->choosing != CHOOSING_NOTHING)
    fill_choices (self);
}

static void
kiosk_directory_page_dispose (GObject *object)
{
  KioskDirectoryPage *self = (KioskDirectoryPage *) object;

  g_clear_handle_id (&self->settle_source, g_source_remove);
  g_clear_handle_id (&self->key_source, g_source_remove);
  forget_pending_search (self);
  g_clear_object (&self->recorder);
  G_OBJECT_CLASS (kiosk_directory_page_parent_class)->dispose (object);
}

static void
kiosk_directory_page_finalize (GObject *object)
{
  KioskDirectoryPage *self = (KioskDirectoryPage *) object;

  g_clear_pointer (&self->municipality, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->last_recorded, g_free);
  G_OBJECT_CLASS (kiosk_directory_page_parent_class)->finalize (object);
}

static void
kiosk_directory_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (object);

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
kiosk_directory_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KioskDirectoryPage *self = KIOSK_DIRECTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCESS_PROFILE:
      set_access_profile (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_directory_page_class_init (KioskDirectoryPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_directory_page_dispose;
  object_class->finalize = kiosk_directory_page_finalize;
  object_class->get_property = kiosk_directory_page_get_property;
  object_class->set_property = kiosk_directory_page_set_property;
  KIOSK_SCREEN_CLASS (klass)->refresh = kiosk_directory_page_refresh_screen;
  KIOSK_SCREEN_CLASS (klass)->language_changed = kiosk_directory_page_language_changed;

  /* An NvAccessProfile: the window binds it to the visit's, both ways. */
  properties[PROP_ACCESS_PROFILE]
      = g_param_spec_int ("access-profile", NULL, NULL, 0, NV_N_ACCESS_PROFILES - 1, 0,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KIOSK_TYPE_KEYBOARD);
  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass), DIRECTORY_UI);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, sample_notice);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, search_row);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, filters_box);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, municipality_button);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, municipality_value);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, kind_button);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, kind_value);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, access_button);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, access_value);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, empty_box);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, choices_title);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, choices);
  gtk_widget_class_bind_template_child (widget_class, KioskDirectoryPage, keyboard);

  gtk_widget_class_install_action (widget_class, "directory.search", "s", search_action);
  gtk_widget_class_install_action (widget_class, "directory.municipality", "s",
                                   municipality_action);
  gtk_widget_class_install_action (widget_class, "directory.kind", "s", kind_action);
  gtk_widget_class_install_action (widget_class, "directory.choose-municipality", NULL,
                                   choose_municipality_action);
  gtk_widget_class_install_action (widget_class, "directory.choose-kind", NULL, choose_kind_action);
  gtk_widget_class_install_action (widget_class, "directory.choose-access", NULL,
                                   choose_access_action);
  gtk_widget_class_install_action (widget_class, "directory.access-profile", "s",
                                   access_profile_action);
  gtk_widget_class_install_action (widget_class, "directory.show-results", NULL,
                                   show_results_action);
  gtk_widget_class_install_action (widget_class, "directory.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "directory.clear-all", NULL, clear_all_action);
  gtk_widget_class_install_action (widget_class, "directory.show-keyboard", NULL,
                                   show_keyboard_action);
}

static void
kiosk_directory_page_init (KioskDirectoryPage *self)
{
  GtkGesture *press;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A next resident must not be able to bring back what the last one typed. */
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->search_entry), FALSE);
  kiosk_keyboard_set_target (self->keyboard, GTK_EDITABLE (self->search_entry));
  /* While typing on a landscape screen, the title and the filters make way for the
   * keys, so that results still show on 1280×800 at the largest text size; Done brings
   * them back. The search box itself never scrolls out of sight. */
  kiosk_keyboard_set_screen (self->keyboard, GTK_WIDGET (self), NULL, NULL, self->title_label,
                             self->filters_box, NULL);
  g_signal_connect_swapped (self->keyboard, "done", G_CALLBACK (keyboard_done_cb), self);
  g_signal_connect_swapped (self->keyboard, "key-accepted", G_CALLBACK (key_accepted_cb), self);
  g_signal_connect_swapped (self->search_entry, "changed", G_CALLBACK (search_changed_cb), self);

  /* Touching the entry brings the keyboard, even when the entry already has the focus. */
  press = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (press), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (press, "pressed", G_CALLBACK (entry_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), GTK_EVENT_CONTROLLER (press));

  update_filter_buttons (self);
}

GtkWidget *
kiosk_directory_page_new (void)
{
  return g_object_new (KIOSK_TYPE_DIRECTORY_PAGE, NULL);
}

void
kiosk_directory_page_set_recorder (KioskDirectoryPage *self, KioskRecorder *recorder)
{
  g_return_if_fail (KIOSK_IS_DIRECTORY_PAGE (self));
  g_return_if_fail (recorder == NULL || KIOSK_IS_RECORDER (recorder));

  g_set_object (&self->recorder, recorder);
}

void
kiosk_directory_page_refresh (KioskDirectoryPage *self)
{
  g_return_if_fail (KIOSK_IS_DIRECTORY_PAGE (self));
  /* The kiosk's own municipality is known once the store is. */
  update_filter_buttons (self);
  run_search (self, FALSE);
}

void
kiosk_directory_page_reset (KioskDirectoryPage *self)
{
  g_return_if_fail (KIOSK_IS_DIRECTORY_PAGE (self));

  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->quiet = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->quiet = FALSE;
  g_clear_pointer (&self->municipality, g_free);
  self->municipality_chosen = FALSE;
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->last_recorded, g_free);
  /* The visit clears its profile too; the page does not wait for it. */
  set_access_profile (self, NV_ACCESS_PROFILE_NONE);
  update_filter_buttons (self);
  self->choosing = CHOOSING_NOTHING;
  fill_choices (self);
  gtk_stack_set_visible_child_name (self->content_stack, "results");
  kiosk_keyboard_set_shown (self->keyboard, FALSE);
  clear_results (self);
}

const char *
kiosk_directory_page_get_query (KioskDirectoryPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DIRECTORY_PAGE (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
}

gboolean
kiosk_directory_page_get_settled (KioskDirectoryPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DIRECTORY_PAGE (self), FALSE);
  return self->settle_source == 0 && !kiosk_directory_page_get_search_pending (self);
}

gboolean
kiosk_directory_page_get_search_pending (KioskDirectoryPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DIRECTORY_PAGE (self), FALSE);
  return self->search_clock != NULL || self->search_source != 0;
}

guint
kiosk_directory_page_get_n_found (KioskDirectoryPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DIRECTORY_PAGE (self), 0);
  return self->n_found;
}

gboolean
kiosk_directory_page_get_keyboard_shown (KioskDirectoryPage *self)
{
  g_return_val_if_fail (KIOSK_IS_DIRECTORY_PAGE (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->keyboard));
}
