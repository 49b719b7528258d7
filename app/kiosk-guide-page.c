/* kiosk-guide-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "kiosk-i18n.h"

#include "kiosk-guide-page.h"
#include "kiosk-print.h"

struct _KioskGuidePage
{
  KioskScreen parent_instance;

  GtkLabel          *title_label;
  GtkLabel          *progress_label;
  GtkLabel          *step_label;
  GtkLabel          *fallback_label;
  GtkWidget         *step_columns;
  GtkWidget         *main_column;
  GtkWidget         *help_button;
  GtkWidget         *take_home;
  GtkWidget         *step_row;
  GtkWidget         *picture_area;
  GtkPicture        *step_picture;
  guint              relayout_id;
  gboolean           wide; /* the page is wide: the picture beside the text */
  KioskQrCode       *qr_code;
  GtkWidget         *print_button;
  GtkScrolledWindow *scroller;
  GtkWidget         *next_button;
  GtkWidget         *finish_button;
  GtkWidget         *feedback_box;
  GtkWidget         *feedback_buttons;
  GtkWidget         *related_box;
  GtkWidget         *related_list;
  gboolean           feedback_given;

  NvGuide   *guide;
  guint      step;
  GPtrArray *related; /* NvOrganisation* */
};

enum
{
  STEP_SHOWN,
  FEEDBACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (KioskGuidePage, kiosk_guide_page, KIOSK_TYPE_SCREEN)

/* The step's text and its picture (step_row). Where the page is wide (a landscape
 * screen) the picture goes beside the text; where it is not (portrait), under
 * the text, up to 640 px wide, or 480 px when places that help are listed under it.
 * Either way at most half as tall as the page, so that it is seen whole with what
 * follows the step. Its area is always 4:3 and depends only on the page, never on the
 * picture's shape, so that nothing moves from step to step. */
#define PICTURE_WIDTH_MAX 640
#define PICTURE_WIDTH_WITH_PLACES 480
#define PICTURE_WIDTH_MIN 240
#define ROW_GAP 32
#define BESIDE_FROM_WIDTH 1000

static int
picture_width (KioskGuidePage *self, int row_width, gboolean *beside)
{
  double view = gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (self->scroller));
  int    width;

  *beside = self->wide;
  width = MIN (*beside ? (row_width - ROW_GAP) / 2 : row_width, PICTURE_WIDTH_MAX);
  if (!*beside && gtk_widget_get_visible (self->related_box))
    width = MIN (width, PICTURE_WIDTH_WITH_PLACES);
  /* Half the page's height at most: what follows the step (help, the places, the code
   * to take home) stays in sight with it. */
  if (view > 0)
    width = MIN (width, (int) (view / 2 * 4 / 3));
  return MAX (width, MIN (PICTURE_WIDTH_MIN, row_width));
}

static GtkSizeRequestMode
step_row_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
step_row_measure (GtkWidget     *row,
                  GtkOrientation orientation,
                  int            for_size,
                  int           *minimum,
                  int           *natural,
                  int           *minimum_baseline,
                  int           *natural_baseline)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (gtk_widget_get_ancestor (row, KIOSK_TYPE_GUIDE_PAGE));
  gboolean        picture = gtk_widget_get_visible (self->picture_area);
  gboolean        beside;
  int             width, label_min, label_nat;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gtk_widget_measure (GTK_WIDGET (self->step_label), orientation, -1, minimum, natural, NULL,
                          NULL);
      if (picture)
        *natural += ROW_GAP + PICTURE_WIDTH_MAX;
      return;
    }
  if (!picture)
    {
      gtk_widget_measure (GTK_WIDGET (self->step_label), orientation, for_size, minimum, natural,
                          NULL, NULL);
      return;
    }
  if (for_size < 0)
    for_size = PICTURE_WIDTH_MAX;
  width = picture_width (self, for_size, &beside);
  gtk_widget_measure (GTK_WIDGET (self->step_label), orientation,
                      beside ? for_size - ROW_GAP - width : for_size, &label_min, &label_nat, NULL,
                      NULL);
  *minimum = beside ? MAX (label_min, width * 3 / 4) : label_min + ROW_GAP + width * 3 / 4;
  *natural = beside ? MAX (label_nat, width * 3 / 4) : label_nat + ROW_GAP + width * 3 / 4;
}

static void
step_row_allocate (GtkWidget *row, int width, int height, int baseline)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (gtk_widget_get_ancestor (row, KIOSK_TYPE_GUIDE_PAGE));
  gboolean        beside;
  int             picture, label_height;

  if (!gtk_widget_get_visible (self->picture_area))
    {
      gtk_widget_allocate (GTK_WIDGET (self->step_label), width, height, -1, NULL);
      return;
    }
  picture = picture_width (self, width, &beside);
  if (beside)
    {
      gtk_widget_allocate (GTK_WIDGET (self->step_label), width - ROW_GAP - picture, height, -1,
                           NULL);
      gtk_widget_allocate (
          self->picture_area, picture, picture * 3 / 4, -1,
          gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (width - picture, 0)));
      return;
    }
  gtk_widget_measure (GTK_WIDGET (self->step_label), GTK_ORIENTATION_VERTICAL, width, NULL,
                      &label_height, NULL, NULL);
  gtk_widget_allocate (GTK_WIDGET (self->step_label), width, label_height, -1, NULL);
  gtk_widget_allocate (
      self->picture_area, picture, picture * 3 / 4, -1,
      gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, label_height + ROW_GAP)));
}

/* The step's columns (step_columns): the step (main_column), Ask for help, the places
 * that help (related_box) and the code to take home with Print (take_home). Where the
 * page is wide, the step and Ask for help stand on the left and the places on the
 * right, with the code under the places or, where many places leave it no room, beside
 * Ask for help; where the page is narrow (portrait) the places and the code stand side
 * by side under the step. Everything of a step is then in sight at once on the kiosk's
 * screens at the default text size, where one long column ran on under Previous and
 * Next. */
#define COLUMN_GAP 48
#define SIDE_WIDTH_MIN 420
#define SIDE_WIDTH_MAX 560
#define TAKE_HOME_WIDTH_MAX 460

typedef struct
{
  GtkAllocation main, help, related, take_home;
} Columns;

static int
natural_height (GtkWidget *widget, int width)
{
  int height = 0;

  if (gtk_widget_should_layout (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  return height;
}

static int
width_of (GtkWidget *widget, gboolean natural)
{
  int minimum = 0, nat = 0;

  if (gtk_widget_should_layout (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &nat, NULL, NULL);
  return natural ? nat : minimum;
}

/* @height below @y, with the gap before it when there is anything to show. */
static int
below (int y, int height)
{
  return height > 0 ? y + ROW_GAP + height : y;
}

/* Where each part goes at @width; returns the height of them all. */
static int
place_columns (KioskGuidePage *self, int width, Columns *columns)
{
  int take_min = width_of (self->take_home, FALSE);
  int y;

  /* Before the step is measured: its picture goes beside its text on a wide page. */
  self->wide = width >= BESIDE_FROM_WIDTH;
  if (self->wide)
    {
      int side = MAX (CLAMP (width / 3, SIDE_WIDTH_MIN, SIDE_WIDTH_MAX), take_min);
      int left = width - COLUMN_GAP - side;
      int main_height = natural_height (self->main_column, left);
      int help_width = MIN (width_of (self->help_button, TRUE), left);
      int help_height = natural_height (self->help_button, help_width);
      int related_height = natural_height (self->related_box, side);
      int take_height = natural_height (self->take_home, side);
      int beside_width = left - help_width - COLUMN_GAP;
      int beside_height
          = beside_width >= take_min ? natural_height (self->take_home, beside_width) : 0;
      int left_height = below (main_height, help_height);

      columns->main = (GtkAllocation){ 0, 0, left, main_height };
      columns->help = (GtkAllocation){ 0, left_height - help_height, help_width, help_height };
      columns->related = (GtkAllocation){ left + COLUMN_GAP, 0, side, related_height };
      /* The code beside Ask for help when that is less tall than under the places. */
      if (related_height > 0 && take_height > 0 && beside_height > 0
          && MAX (below (main_height, MAX (help_height, beside_height)), related_height)
                 < MAX (left_height, below (related_height, take_height)))
        {
          y = main_height + ROW_GAP;
          columns->help.y = y;
          columns->take_home
              = (GtkAllocation){ help_width + COLUMN_GAP, y, beside_width, beside_height };
          return MAX (y + MAX (help_height, beside_height), related_height);
        }
      y = below (related_height, take_height) - take_height;
      columns->take_home = (GtkAllocation){ left + COLUMN_GAP, y, side, take_height };
      return MAX (left_height, y + take_height);
    }
  columns->main = (GtkAllocation){ 0, 0, width, natural_height (self->main_column, width) };
  columns->help = (GtkAllocation){ 0, 0, MIN (width_of (self->help_button, TRUE), width), 0 };
  columns->help.height = natural_height (self->help_button, columns->help.width);
  columns->help.y = below (columns->main.height, columns->help.height) - columns->help.height;
  y = columns->help.y + columns->help.height + ROW_GAP;
  if (gtk_widget_should_layout (self->related_box) && take_min > 0
      && width - COLUMN_GAP - MAX (take_min, TAKE_HOME_WIDTH_MAX)
             >= MAX (width_of (self->related_box, FALSE), PICTURE_WIDTH_MIN))
    {
      int take_width = MAX (take_min, MIN (width * 9 / 20, TAKE_HOME_WIDTH_MAX));
      int related_width = width - COLUMN_GAP - take_width;

      columns->related = (GtkAllocation){ 0, y, related_width, 0 };
      columns->related.height = natural_height (self->related_box, related_width);
      columns->take_home = (GtkAllocation){ related_width + COLUMN_GAP, y, take_width, 0 };
      columns->take_home.height = natural_height (self->take_home, take_width);
      return y + MAX (columns->related.height, columns->take_home.height);
    }
  columns->related = (GtkAllocation){ 0, y, width, natural_height (self->related_box, width) };
  if (columns->related.height > 0)
    y += columns->related.height + ROW_GAP;
  columns->take_home = (GtkAllocation){ 0, y, width, natural_height (self->take_home, width) };
  return columns->take_home.height > 0 ? y + columns->take_home.height : y - ROW_GAP;
}

static void
step_columns_measure (GtkWidget     *widget,
                      GtkOrientation orientation,
                      int            for_size,
                      int           *minimum,
                      int           *natural,
                      int           *minimum_baseline,
                      int           *natural_baseline)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (gtk_widget_get_ancestor (widget, KIOSK_TYPE_GUIDE_PAGE));
  Columns         columns;

  *minimum_baseline = *natural_baseline = -1;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum
          = MAX (MAX (width_of (self->main_column, FALSE), width_of (self->help_button, FALSE)),
                 MAX (width_of (self->related_box, FALSE), width_of (self->take_home, FALSE)));
      *natural = MAX (*minimum, BESIDE_FROM_WIDTH);
      return;
    }
  *minimum = *natural = place_columns (self, for_size < 0 ? BESIDE_FROM_WIDTH : for_size, &columns);
}

static void
allocate_part (GtkWidget *widget, const GtkAllocation *allocation)
{
  if (gtk_widget_should_layout (widget))
    gtk_widget_size_allocate (widget, allocation, -1);
}

static void
step_columns_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (gtk_widget_get_ancestor (widget, KIOSK_TYPE_GUIDE_PAGE));
  Columns         columns;

  place_columns (self, width, &columns);
  allocate_part (self->main_column, &columns.main);
  allocate_part (self->help_button, &columns.help);
  allocate_part (self->related_box, &columns.related);
  allocate_part (self->take_home, &columns.take_home);
}

/* The picture beside the text is at most as tall as the scrolled page, which is known
 * once it is laid out and changes with the screen and the text size. */
static gboolean
relayout_step_row_cb (gpointer user_data)
{
  KioskGuidePage *self = user_data;

  self->relayout_id = 0;
  gtk_widget_queue_resize (self->step_row);
  return G_SOURCE_REMOVE;
}

static void
view_height_changed_cb (KioskGuidePage *self)
{
  if (self->relayout_id == 0)
    self->relayout_id = g_idle_add (relayout_step_row_cb, self);
}

/* The step's picture, read from the store's kept pictures only when it matches its
 * name; the area is hidden when the step has none (or it is not here yet). */
static void
show_picture (KioskGuidePage *self, const NvStep *step, NvLang lang)
{
  KioskStore *store = kiosk_screen_get_store (KIOSK_SCREEN (self));
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  const char *alt = nv_text_get (&step->image_alt, lang, NULL);

  if (store != NULL && step->image != NULL
      && (bytes = kiosk_store_images_load (store, step->image)) != NULL)
    texture = gdk_texture_new_from_bytes (bytes, NULL);
  gtk_picture_set_paintable (self->step_picture, GDK_PAINTABLE (texture));
  /* Said by speech mode and screen readers: what the picture shows. */
  gtk_picture_set_alternative_text (self->step_picture, alt);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->step_picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, alt != NULL ? alt : "", -1);
  gtk_widget_set_visible (self->picture_area, texture != NULL);
}

static void
update (KioskGuidePage *self)
{
  const NvStep    *step;
  g_autofree char *progress = NULL;
  gboolean         title_fell_back = FALSE;
  gboolean         step_fell_back = FALSE;
  guint            n_steps;
  NvLang           lang = kiosk_screen_get_language (KIOSK_SCREEN (self));

  if (self->guide == NULL)
    return;

  n_steps = self->guide->steps->len;
  step = g_ptr_array_index (self->guide->steps, self->step);

  /* Content is plain text, never markup. */
  gtk_label_set_text (self->title_label, nv_text_get (&self->guide->title, lang, &title_fell_back));
  gtk_label_set_text (self->step_label, nv_text_get (&step->text, lang, &step_fell_back));
  show_picture (self, step, lang);
  /* Translators: the position in a step-by-step guide, e.g. "Step 2 of 5" */
  progress = g_strdup_printf (_ ("Step %u of %u"), self->step + 1, n_steps);
  gtk_label_set_text (self->progress_label, progress);
  gtk_widget_set_visible (GTK_WIDGET (self->fallback_label),
                          lang != NV_LANG_FI && (title_fell_back || step_fell_back));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.previous", self->step > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.next", self->step + 1 < n_steps);
  /* The last step offers a way out in Next's place. */
  gtk_widget_set_visible (self->next_button, self->step + 1 < n_steps);
  gtk_widget_set_visible (self->finish_button, self->step + 1 == n_steps);
  gtk_widget_set_visible (self->feedback_box, self->step + 1 == n_steps);
  gtk_widget_set_visible (self->feedback_buttons, !self->feedback_given);
  gtk_widget_set_visible (GTK_WIDGET (gtk_widget_get_template_child (
                              GTK_WIDGET (self), KIOSK_TYPE_GUIDE_PAGE, "tr-feedback-thanks")),
                          self->feedback_given);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.feedback", !self->feedback_given);
}

static void
feedback_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (widget);
  const char     *value = g_variant_get_string (parameter, NULL);

  if (self->guide == NULL || self->feedback_given
      || (!g_str_equal (value, "good") && !g_str_equal (value, "neutral")
          && !g_str_equal (value, "bad")))
    return;
  self->feedback_given = TRUE;
  update (self);
  g_signal_emit (self, signals[FEEDBACK], 0, value);
}

static void
show_step (KioskGuidePage *self, guint step)
{
  self->step = step;
  update (self);
  /* Each step is read from its top, whatever the previous step or visit scrolled to. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  g_signal_emit (self, signals[STEP_SHOWN], 0, self->step + 1, self->guide->steps->len);
}

static void
previous_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (widget);

  if (self->guide != NULL && self->step > 0)
    show_step (self, self->step - 1);
}

static void
next_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (widget);

  if (self->guide != NULL && self->step + 1 < self->guide->steps->len)
    show_step (self, self->step + 1);
}

static void
finish_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_widget_activate_action (widget, "win.home", NULL);
}

/* The related organisations' names, in the page's language. */
static void
show_related (KioskGuidePage *self)
{
  GPtrArray *organisations = self->related;
  NvLang     lang = kiosk_screen_get_language (KIOSK_SCREEN (self));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->related_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->related_list), child);
  for (guint i = 0; organisations != NULL && i < organisations->len; i++)
    {
      const NvOrganisation *organisation = g_ptr_array_index (organisations, i);
      GtkWidget            *button = gtk_button_new ();
      GtkWidget            *label = gtk_label_new (NULL);

      /* A name is plain text, never markup. */
      gtk_label_set_text (GTK_LABEL (label), nv_text_get (&organisation->name, lang, NULL));
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      label, NULL, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.open-organisation");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", organisation->id);
      gtk_widget_add_css_class (button, "related-organisation");
      gtk_box_append (GTK_BOX (self->related_list), button);
    }
  gtk_widget_set_visible (self->related_box, organisations != NULL && organisations->len > 0);
}

/* A large-print slip of the guide, with its code, on the library's printer. */
static void
print_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (GtkPrintOperation) operation = kiosk_guide_page_new_slip (KIOSK_GUIDE_PAGE (widget));

  if (operation != NULL)
    kiosk_print_run (operation, widget);
}

/* The same guide and step, now in the screen's language. */
static void
kiosk_guide_page_refresh (KioskScreen *screen)
{
  KioskGuidePage *self = KIOSK_GUIDE_PAGE (screen);

  kiosk_qr_code_retranslate (self->qr_code, kiosk_screen_get_language (screen));
  update (self);
  show_related (self);
}

static void
kiosk_guide_page_dispose (GObject *object)
{
  KioskGuidePage *self = (KioskGuidePage *) object;

  g_clear_handle_id (&self->relayout_id, g_source_remove);
  g_clear_pointer (&self->guide, nv_guide_free);
  g_clear_pointer (&self->related, g_ptr_array_unref);
  G_OBJECT_CLASS (kiosk_guide_page_parent_class)->dispose (object);
}

static void
kiosk_guide_page_class_init (KioskGuidePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_guide_page_dispose;
  KIOSK_SCREEN_CLASS (klass)->refresh = kiosk_guide_page_refresh;

  g_type_ensure (KIOSK_TYPE_QR_CODE);
  g_type_ensure (ADW_TYPE_BIN);
  kiosk_screen_class_set_template (KIOSK_SCREEN_CLASS (klass),
                                   "/fi/neuvokas/Kiosk/kiosk-guide-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, qr_code);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, print_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, next_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, finish_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, feedback_box);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, feedback_buttons);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, related_box);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, related_list);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, step_label);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, fallback_label);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, step_columns);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, main_column);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, help_button);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, take_home);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, step_row);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, picture_area);
  gtk_widget_class_bind_template_child (widget_class, KioskGuidePage, step_picture);

  /**
   * KioskGuidePage::step-shown:
   * @step: the step now shown, from 1
   * @n_steps: how many steps the guide has
   */
  signals[STEP_SHOWN] = g_signal_new ("step-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "guide.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "guide.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "guide.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "guide.feedback", "s", feedback_action);
  gtk_widget_class_install_action (widget_class, "guide.print", NULL, print_action);

  /**
   * KioskGuidePage::feedback:
   * @value: "good", "neutral" or "bad"
   *
   * The resident answered "Did this help?": once per guide opened.
   */
  signals[FEEDBACK] = g_signal_new ("feedback", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "guide.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "guide.next", NULL);
}

static void
kiosk_guide_page_init (KioskGuidePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (
      self->step_row,
      gtk_custom_layout_new (step_row_request_mode, step_row_measure, step_row_allocate));
  gtk_widget_set_layout_manager (
      self->step_columns,
      gtk_custom_layout_new (step_row_request_mode, step_columns_measure, step_columns_allocate));
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller),
                           "notify::page-size", G_CALLBACK (view_height_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.previous", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.next", FALSE);
  /* Print only where there is paper: shown once a printer is known. */
  kiosk_print_show_when_printer (self->print_button);
}

GtkWidget *
kiosk_guide_page_new (void)
{
  return g_object_new (KIOSK_TYPE_GUIDE_PAGE, NULL);
}

void
kiosk_guide_page_set_guide (KioskGuidePage *self, const NvGuide *guide)
{
  g_return_if_fail (KIOSK_IS_GUIDE_PAGE (self));
  g_return_if_fail (guide != NULL);
  g_return_if_fail (guide->steps->len > 0);

  g_clear_pointer (&self->guide, nv_guide_free);
  self->guide = nv_guide_copy (guide);
  self->feedback_given = FALSE;
  show_step (self, 0);
}

KioskQrCode *
kiosk_guide_page_get_qr_code (KioskGuidePage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_PAGE (self), NULL);
  return self->qr_code;
}

void
kiosk_guide_page_set_related (KioskGuidePage *self, GPtrArray *organisations)
{
  g_return_if_fail (KIOSK_IS_GUIDE_PAGE (self));

  g_clear_pointer (&self->related, g_ptr_array_unref);
  self->related = organisations != NULL ? g_ptr_array_ref (organisations) : NULL;
  show_related (self);
}

const NvGuide *
kiosk_guide_page_get_guide (KioskGuidePage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_PAGE (self), NULL);
  return self->guide;
}

guint
kiosk_guide_page_get_step (KioskGuidePage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_PAGE (self), 0);
  return self->step;
}

GtkPrintOperation *
kiosk_guide_page_new_slip (KioskGuidePage *self)
{
  g_return_val_if_fail (KIOSK_IS_GUIDE_PAGE (self), NULL);

  if (self->guide == NULL)
    return NULL;
  return kiosk_print_guide_new (self->guide, kiosk_screen_get_language (KIOSK_SCREEN (self)),
                                kiosk_qr_code_get_url (self->qr_code));
}
