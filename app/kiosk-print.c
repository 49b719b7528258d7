/* kiosk-print.c — large-print slips of a guide, a place or an appointment request, on the
 * library's printer
 *
 * A slip is a list of blocks (a heading, a line of text, the QR code) laid out with
 * Pango in large type, and cut into pages at block boundaries: the same code prints
 * through CUPS and exports to PDF in the tests. Text is content, never markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-appointment-request.h"
#include "kiosk-hours-text.h"
#include "kiosk-print-private.h"

#include <gtk/gtkunixprint.h>
#include "kiosk-qr-code.h"

#define TITLE_PT 22.0
#define HEADING_PT 17.0
#define BODY_PT 15.0
#define GAP_PT 8.0
#define QR_SIDE_PT 170.0 /* 6 cm: a phone reads it at arm's length */

typedef enum
{
  BLOCK_TITLE,
  BLOCK_HEADING,
  BLOCK_TEXT,
  BLOCK_QR,
} BlockKind;

typedef struct
{
  BlockKind kind;
  char     *text; /* the text, or the QR code's address */
  double    height;
  int       page;
} Block;

typedef struct
{
  GPtrArray *blocks; /* Block* */
} Slip;

static void
block_free (Block *block)
{
  g_free (block->text);
  g_free (block);
}

static void
slip_free (Slip *slip)
{
  g_ptr_array_unref (slip->blocks);
  g_free (slip);
}

static void
add_block (Slip *slip, BlockKind kind, const char *text)
{
  Block *block;

  if (text == NULL || text[0] == '\0')
    return;
  block = g_new0 (Block, 1);
  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (slip->blocks, block);
}

static PangoLayout *
layout_for (GtkPrintContext *context, const Block *block, double width)
{
  PangoLayout          *layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *font = pango_font_description_from_string ("Sans");
  double                size = block->kind == BLOCK_TITLE     ? TITLE_PT
                               : block->kind == BLOCK_HEADING ? HEADING_PT
                                                              : BODY_PT;

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  if (block->kind != BLOCK_TEXT)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  /* Content is plain text: set_text, never set_markup. */
  pango_layout_set_text (layout,
                         block->kind == BLOCK_QR ? _ ("Take this page home: point your "
                                                      "phone’s camera at the code.")
                                                 : block->text,
                         -1);
  return layout;
}

static double
block_height (GtkPrintContext *context, const Block *block, double width)
{
  g_autoptr (PangoLayout) layout = layout_for (context, block, width);
  int text_height;

  pango_layout_get_size (layout, NULL, &text_height);
  if (block->kind == BLOCK_QR)
    return QR_SIDE_PT + GAP_PT + (double) text_height / PANGO_SCALE;
  return (double) text_height / PANGO_SCALE;
}

/* Cuts the slip into pages at block boundaries. */
static void
begin_print_cb (GtkPrintOperation *operation, GtkPrintContext *context, Slip *slip)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double y = 0;
  int    page = 0;

  for (guint i = 0; i < slip->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (slip->blocks, i);

      block->height = block_height (context, block, width);
      if (y > 0 && y + block->height > height)
        {
          page++;
          y = 0;
        }
      block->page = page;
      y += block->height + GAP_PT;
    }
  gtk_print_operation_set_n_pages (operation, page + 1);
}

static void
draw_qr (cairo_t *cr, const char *url, double x, double y)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = kiosk_qr_texture_new (url, 4, &error);
  cairo_surface_t *surface;
  int              side;

  if (texture == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  side = gdk_texture_get_width (texture);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, side, side);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, QR_SIDE_PT / side, QR_SIDE_PT / side);
  cairo_set_source_surface (cr, surface, 0, 0);
  /* Sharp modules: no smoothing between them. */
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

static void
draw_page_cb (GtkPrintOperation *operation, GtkPrintContext *context, int page, Slip *slip)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double   width = gtk_print_context_get_width (context);
  double   y = 0;

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint i = 0; i < slip->blocks->len; i++)
    {
      Block *block = g_ptr_array_index (slip->blocks, i);
      g_autoptr (PangoLayout) layout = NULL;

      if (block->page != page)
        continue;
      layout = layout_for (context, block, width);
      if (block->kind == BLOCK_QR)
        {
          draw_qr (cr, block->text, 0, y);
          cairo_move_to (cr, 0, y + QR_SIDE_PT + GAP_PT);
        }
      else
        cairo_move_to (cr, 0, y);
      pango_cairo_show_layout (cr, layout);
      y += block->height + GAP_PT;
    }
}

static GtkPrintOperation *
operation_for (Slip *slip, const char *job_name)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();

  gtk_print_operation_set_job_name (operation, job_name);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), slip);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), slip);
  g_object_set_data_full (G_OBJECT (operation), "kiosk-slip", slip, (GDestroyNotify) slip_free);
  return operation;
}

static Slip *
slip_new (void)
{
  Slip *slip = g_new0 (Slip, 1);

  slip->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  return slip;
}

static char *
join_lines (const char *const *items)
{
  return items != NULL ? g_strjoinv ("\n", (char **) items) : NULL;
}

GtkPrintOperation *
kiosk_print_organisation_new (const NvOrganisation *organisation,
                              NvLang                lang,
                              const char           *qr_url,
                              GDateTime            *now)
{
  g_autoptr (GDateTime) current = NULL;
  g_autoptr (GPtrArray) week = NULL;
  g_autoptr (GString) address = g_string_new (NULL);
  g_autofree char *phones = NULL;
  g_autofree char *hours = NULL;
  Slip            *slip = slip_new ();

  g_return_val_if_fail (organisation != NULL, NULL);

  if (now == NULL)
    now = current = g_date_time_new_now (nv_helsinki_tz ());
  add_block (slip, BLOCK_TITLE, nv_text_get (&organisation->name, lang, NULL));
  if (organisation->street_address != NULL)
    g_string_append_printf (address, "%s\n", organisation->street_address);
  if (organisation->postal_code != NULL)
    g_string_append_printf (address, "%s ", organisation->postal_code);
  if (organisation->post_office != NULL)
    g_string_append (address, organisation->post_office);
  g_strstrip (address->str);
  if (address->str[0] != '\0')
    {
      add_block (slip, BLOCK_HEADING, _ ("Address"));
      add_block (slip, BLOCK_TEXT, address->str);
    }
  phones = join_lines ((const char *const *) organisation->phones);
  if (phones != NULL && phones[0] != '\0')
    {
      add_block (slip, BLOCK_HEADING, _ ("Phone"));
      add_block (slip, BLOCK_HEADING, phones);
    }
  add_block (slip, BLOCK_HEADING, _ ("Opening hours"));
  week = kiosk_hours_week_lines (organisation->hours, now, lang);
  g_ptr_array_add (week, NULL);
  hours = g_strjoinv ("\n", (char **) week->pdata);
  if (organisation->hours == NULL)
    {
      g_autofree char *unknown = kiosk_hours_status_text (NULL, now);

      add_block (slip, BLOCK_TEXT, unknown);
    }
  else
    add_block (slip, BLOCK_TEXT, hours);
  if (qr_url != NULL)
    add_block (slip, BLOCK_QR, qr_url);
  return operation_for (slip, nv_text_get (&organisation->name, NV_LANG_FI, NULL));
}

GtkPrintOperation *
kiosk_print_guide_new (const NvGuide *guide, NvLang lang, const char *qr_url)
{
  Slip *slip = slip_new ();

  g_return_val_if_fail (guide != NULL, NULL);

  add_block (slip, BLOCK_TITLE, nv_text_get (&guide->title, lang, NULL));
  add_block (slip, BLOCK_TEXT, nv_text_get (&guide->summary, lang, NULL));
  for (guint i = 0; i < guide->steps->len; i++)
    {
      const NvStep    *step = g_ptr_array_index (guide->steps, i);
      g_autofree char *text
          = g_strdup_printf ("%u. %s", i + 1, nv_text_get (&step->text, lang, NULL));

      add_block (slip, BLOCK_TEXT, text);
    }
  if (qr_url != NULL)
    add_block (slip, BLOCK_QR, qr_url);
  return operation_for (slip, nv_text_get (&guide->title, NV_LANG_FI, NULL));
}

GtkPrintOperation *
kiosk_print_receipt_new (const char *reference,
                         const char *next,
                         const char *when,
                         const char *library_phone)
{
  Slip            *slip = slip_new ();
  g_autofree char *if_nobody = NULL;

  g_return_val_if_fail (reference != NULL, NULL);

  /* Translators: the heading of the printed slip of an appointment request */
  add_block (slip, BLOCK_TITLE, _ ("Request for an appointment"));
  add_block (slip, BLOCK_TEXT, _ ("Your request is saved and will be delivered to an advisor."));
  add_block (slip, BLOCK_HEADING, _ ("Your reference"));
  add_block (slip, BLOCK_TITLE, reference);
  /* Translators: a heading of the printed slip of an appointment request */
  add_block (slip, BLOCK_HEADING, _ ("When the advisor will contact you"));
  add_block (slip, BLOCK_TEXT, next);
  add_block (slip, BLOCK_TEXT, when);
  /* Translators: a heading of the printed slip of an appointment request */
  add_block (slip, BLOCK_HEADING, _ ("If nobody contacts you"));
  if_nobody = kiosk_appointment_describe_if_nobody_calls (library_phone);
  add_block (slip, BLOCK_TEXT, if_nobody);
  return operation_for (slip, reference);
}

void
kiosk_print_run (GtkPrintOperation *operation, GtkWidget *widget)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (GTK_IS_PRINT_OPERATION (operation));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_print_operation_set_allow_async (operation, TRUE);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_message ("Cannot print: %s", error->message);
}

typedef struct
{
  GWeakRef widget;
  void (*callback) (GtkWidget *widget);
  gboolean found;
} PrinterWatch;

static gboolean virtual_printers_taken; /* tests only */
static guint    lookups;                /* under way */

static gboolean
printer_found_cb (GtkPrinter *printer, gpointer data)
{
  PrinterWatch *watch = data;
  g_autoptr (GtkWidget) widget = NULL;

  /* Print to File and the like are no paper in the library. */
  if ((gtk_printer_is_virtual (printer) && !virtual_printers_taken) || watch->found)
    return FALSE;
  watch->found = TRUE;
  if ((widget = g_weak_ref_get (&watch->widget)) != NULL)
    watch->callback (widget);
  return TRUE;
}

static void
printer_watch_free (gpointer data)
{
  PrinterWatch *watch = data;

  g_weak_ref_clear (&watch->widget);
  g_free (watch);
  lookups--;
}

void
kiosk_print_when_printer (GtkWidget *widget, void (*callback) (GtkWidget *widget))
{
  PrinterWatch *watch = g_new0 (PrinterWatch, 1);

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (callback != NULL);

  g_weak_ref_init (&watch->widget, widget);
  watch->callback = callback;
  lookups++;
  gtk_enumerate_printers (printer_found_cb, watch, printer_watch_free, FALSE);
}

static void
show_button (GtkWidget *button)
{
  gtk_widget_set_visible (button, TRUE);
}

void
kiosk_print_show_when_printer (GtkWidget *button)
{
  kiosk_print_when_printer (button, show_button);
}

void
kiosk_print_set_virtual_printers_for_testing (gboolean taken)
{
  virtual_printers_taken = taken;
}

guint
kiosk_print_get_lookups_for_testing (void)
{
  return lookups;
}
