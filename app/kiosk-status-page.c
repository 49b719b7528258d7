/* kiosk-status-page.c
 *
 * Reached only with a keyboard shortcut (Ctrl+Alt+S) by library or IT staff, never
 * from a button: residents never see the kiosk's plumbing, and a failing sync is
 * shown here, calmly, instead of as an alarm on their screens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-retranslate.h"
#include "kiosk-session.h"
#include "kiosk-status-page-private.h"
#include "nv-error.h"

typedef struct
{
  const char *key;
  const char *title;
} Row;

static const Row rows[] = {
  { "server", N_ ("Server") },
  { "state", N_ ("Sync") },
  { "last-sync", N_ ("Last successful sync") },
  { "last-error", N_ ("Last error") },
  { "revision", N_ ("Content revision") },
  { "backlog", N_ ("Usage events waiting to be sent") },
  { "appointments", N_ ("Appointment requests waiting to be sent") },
  { "next-attempt", N_ ("Next attempt") },
  { "version", N_ ("App version") },
  { "store", N_ ("Kiosk database") },
};

struct _KioskStatusPage
{
  GtkBox parent_instance;

  KioskStore *store;
  KioskSync  *sync;
  GHashTable *values; /* key → GtkLabel */
  guint       refresh_source;
  NvLang      lang;

  /* Closing the kiosk: only with the staff PIN kept in data_dir (kiosk-session.c). */
  char         *data_dir;
  GtkWidget    *exit_box;
  GtkWidget    *pin_entry;
  GtkWidget    *exit_button;
  GtkWidget    *exit_message;
  GCancellable *pin_check;
};

enum
{
  PROP_0,
  PROP_LANGUAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskStatusPage, kiosk_status_page, GTK_TYPE_BOX)

static void
set_value (KioskStatusPage *self, const char *key, const char *value)
{
  gtk_label_set_text (g_hash_table_lookup (self->values, key), value);
}

static char *
format_ago (gint64 then_us)
{
  g_autoptr (GDateTime) then = g_date_time_new_from_unix_local (then_us / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (then, "%Y-%m-%d %H:%M:%S");
  gint64           seconds = MAX (0, (g_get_real_time () - then_us) / G_USEC_PER_SEC);

  if (seconds < 120)
    /* Translators: a time, then how long ago it was */
    return g_strdup_printf (_ ("%s (%d s ago)"), clock, (int) seconds);
  /* Translators: a time, then how long ago it was */
  return g_strdup_printf (_ ("%s (%d min ago)"), clock, (int) MIN (seconds / 60, G_MAXINT));
}

void
kiosk_status_page_refresh (KioskStatusPage *self)
{
  g_autofree char *revision = NULL;
  g_autofree char *backlog = NULL;

  g_return_if_fail (KIOSK_IS_STATUS_PAGE (self));

  revision = g_strdup_printf ("%" G_GINT64_FORMAT, kiosk_store_get_revision (self->store));
  backlog = g_strdup_printf ("%u", kiosk_store_events_count (self->store));
  set_value (self, "revision", revision);
  set_value (self, "backlog", backlog);
  {
    guint            rejected = 0;
    guint            waiting = kiosk_store_appointments_count (self->store, &rejected);
    g_autofree char *text = NULL;

    /* Translators: appointment requests on this kiosk; the rejected ones are kept for
     * staff to look into, and dropped after 30 days */
    text = rejected > 0 ? g_strdup_printf (_ ("%u (%u refused by the server, kept 30 days)"),
                                           waiting, rejected)
                        : g_strdup_printf ("%u", waiting);
    set_value (self, "appointments", text);
  }
  set_value (self, "version", PACKAGE_VERSION);
  {
    guint            salvaged = 0, lost = 0;
    g_autofree char *text = NULL;

    if (kiosk_store_get_rebuilt (self->store, &salvaged, &lost))
      /* Translators: kiosk.db was found damaged and made again; the
       * waiting items are usage events and appointment requests not yet sent */
      text = g_strdup_printf (_ ("Damaged and rebuilt: %u waiting items kept, %u could "
                                 "not be read; content synced again from the server"),
                              salvaged, lost);
    set_value (self, "store", text != NULL ? text : _ ("Intact"));
  }

  if (self->sync == NULL)
    {
      set_value (self, "server", _ ("None set up: this kiosk shows what its store holds"));
      set_value (self, "state", _ ("Off"));
      set_value (self, "last-sync", _ ("Never"));
      set_value (self, "last-error", _ ("None"));
      set_value (self, "next-attempt", "—");
      return;
    }

  {
    gint64           last = kiosk_sync_get_last_success (self->sync);
    guint            delay = kiosk_sync_get_scheduled_delay (self->sync);
    const char      *error = kiosk_sync_get_last_error (self->sync);
    g_autofree char *last_text = last > 0 ? format_ago (last) : g_strdup (_ ("Never"));
    g_autofree char *next
        = delay > 0 ? g_strdup_printf (_ ("in %u s"), (delay + 999) / 1000) : g_strdup ("—");

    set_value (self, "server", kiosk_sync_get_server_url (self->sync));
    switch (kiosk_sync_get_state (self->sync))
      {
      case KIOSK_SYNC_RUNNING:
        set_value (self, "state", _ ("Running now"));
        break;
      case KIOSK_SYNC_FAILED:
        set_value (self, "state", _ ("Failing: retrying with growing pauses"));
        break;
      case KIOSK_SYNC_IDLE:
      default:
        set_value (self, "state", last > 0 ? _ ("Working") : _ ("Not run yet"));
        break;
      }
    set_value (self, "last-sync", last_text);
    set_value (self, "last-error", error != NULL ? error : _ ("None"));
    set_value (self, "next-attempt", next);
  }
}

const char *
kiosk_status_page_get_value (KioskStatusPage *self, const char *key)
{
  GtkLabel *label;

  g_return_val_if_fail (KIOSK_IS_STATUS_PAGE (self), NULL);
  label = g_hash_table_lookup (self->values, key);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

void
kiosk_status_page_set_sync (KioskStatusPage *self, KioskSync *sync)
{
  g_return_if_fail (KIOSK_IS_STATUS_PAGE (self));
  g_return_if_fail (sync == NULL || KIOSK_IS_SYNC (sync));

  g_set_object (&self->sync, sync);
  kiosk_status_page_refresh (self);
}

static gboolean
refresh_cb (gpointer data)
{
  kiosk_status_page_refresh (data);
  return G_SOURCE_CONTINUE;
}

static void
pin_checked_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (KioskStatusPage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!kiosk_session_check_pin_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_set_sensitive (self->exit_button, TRUE);
      gtk_label_set_text (GTK_LABEL (self->exit_message),
                          g_error_matches (error, NV_ERROR, NV_ERROR_NOT_FOUND)
                              ? _ ("No staff PIN is set: the kiosk cannot be closed here.")
                              : _ ("Wrong PIN."));
      gtk_widget_grab_focus (self->pin_entry);
      return;
    }
  g_message ("Closed by staff from the status page");
  kiosk_session_mark_closed_by_staff (self->data_dir);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.quit", NULL);
}

static void
exit_activated_cb (KioskStatusPage *self)
{
  g_autofree char *pin = NULL;

  if (self->data_dir == NULL)
    return;
  /* The field empties as the PIN goes to be checked (which takes a while: Argon2id), so
   * digits typed meanwhile are a new try of their own, not appended to this one; a new
   * try sent before the answer replaces it. */
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->pin_entry)));
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_widget_set_sensitive (self->exit_button, FALSE);
  gtk_label_set_text (GTK_LABEL (self->exit_message), "");
  g_cancellable_cancel (self->pin_check);
  g_clear_object (&self->pin_check);
  self->pin_check = g_cancellable_new ();
  kiosk_session_check_pin_async (self->data_dir, pin, self->pin_check, pin_checked_cb,
                                 g_object_ref (self));
}

static void
kiosk_status_page_map (GtkWidget *widget)
{
  KioskStatusPage *self = KIOSK_STATUS_PAGE (widget);

  GTK_WIDGET_CLASS (kiosk_status_page_parent_class)->map (widget);
  gtk_editable_set_text (GTK_EDITABLE (self->pin_entry), "");
  gtk_label_set_text (GTK_LABEL (self->exit_message), "");
  /* Staff came with a keyboard: the PIN is typed at once (and again after the stack has
   * moved the focus into the page: kiosk_status_page_focus_pin ()). */
  if (gtk_widget_get_visible (self->exit_box))
    gtk_widget_grab_focus (self->pin_entry);
  kiosk_status_page_refresh (self);
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add_seconds (1, refresh_cb, self);
}

static void
kiosk_status_page_unmap (GtkWidget *widget)
{
  KioskStatusPage *self = KIOSK_STATUS_PAGE (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  GTK_WIDGET_CLASS (kiosk_status_page_parent_class)->unmap (widget);
}

static void
kiosk_status_page_dispose (GObject *object)
{
  KioskStatusPage *self = KIOSK_STATUS_PAGE (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_cancellable_cancel (self->pin_check);
  g_clear_object (&self->pin_check);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (kiosk_status_page_parent_class)->dispose (object);
}

static void
kiosk_status_page_finalize (GObject *object)
{
  KioskStatusPage *self = KIOSK_STATUS_PAGE (object);

  g_hash_table_unref (self->values);
  g_free (self->data_dir);
  G_OBJECT_CLASS (kiosk_status_page_parent_class)->finalize (object);
}

static void
kiosk_status_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskStatusPage *self = KIOSK_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_int (value, self->lang);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_status_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KioskStatusPage *self = KIOSK_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      kiosk_status_page_set_language (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_status_page_class_init (KioskStatusPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiosk_status_page_dispose;
  object_class->finalize = kiosk_status_page_finalize;
  object_class->get_property = kiosk_status_page_get_property;
  object_class->set_property = kiosk_status_page_set_property;
  properties[PROP_LANGUAGE] = kiosk_retranslate_language_param ();
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->map = kiosk_status_page_map;
  widget_class->unmap = kiosk_status_page_unmap;
  gtk_widget_class_set_css_name (widget_class, "statuspage");
}

static void
kiosk_status_page_init (KioskStatusPage *self)
{
  GtkWidget *title = gtk_label_new (_ ("Kiosk status (staff only)"));
  GtkWidget *hint = gtk_label_new (_ ("Press Home to return to the resident screens."));
  GtkWidget *grid = gtk_grid_new ();

  self->values = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 48);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 48);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 32);
  gtk_widget_add_css_class (title, "page-title");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  /* Wrapped, like every label, so the page fits a portrait screen at the largest size. */
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 32);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      GtkWidget *name = gtk_label_new (_ (rows[i].title));
      GtkWidget *value = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_yalign (GTK_LABEL (name), 0);
      gtk_label_set_wrap (GTK_LABEL (name), TRUE);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_label_set_wrap (GTK_LABEL (value), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_widget_set_hexpand (value, TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                      name, NULL, -1);
      gtk_grid_attach (GTK_GRID (grid), name, 0, (int) i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value, 1, (int) i, 1, 1);
      g_hash_table_insert (self->values, (gpointer) rows[i].key, value);
    }
  gtk_box_append (GTK_BOX (self), title);
  gtk_box_append (GTK_BOX (self), grid);
  gtk_box_append (GTK_BOX (self), hint);

  /* Staff close the locked kiosk here, with the PIN, and nowhere else. */
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 16);
    GtkWidget *pin_label = gtk_label_new (_ ("Staff PIN"));

    self->exit_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
    self->pin_entry = gtk_password_entry_new ();
    self->exit_button = gtk_button_new_with_label (_ ("Close the kiosk"));
    self->exit_message = gtk_label_new (NULL);
    gtk_widget_set_visible (self->exit_box, FALSE);
    gtk_accessible_update_relation (GTK_ACCESSIBLE (self->pin_entry),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, pin_label, NULL, -1);
    gtk_editable_set_max_width_chars (GTK_EDITABLE (self->pin_entry), 12);
    gtk_label_set_wrap (GTK_LABEL (self->exit_message), TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->exit_message), 0);
    g_signal_connect_swapped (self->pin_entry, "activate", G_CALLBACK (exit_activated_cb), self);
    g_signal_connect_swapped (self->exit_button, "clicked", G_CALLBACK (exit_activated_cb), self);
    gtk_box_append (GTK_BOX (row), pin_label);
    gtk_box_append (GTK_BOX (row), self->pin_entry);
    gtk_box_append (GTK_BOX (row), self->exit_button);
    gtk_box_append (GTK_BOX (self->exit_box), row);
    gtk_box_append (GTK_BOX (self->exit_box), self->exit_message);
  }
  gtk_box_append (GTK_BOX (self), self->exit_box);
}

GtkWidget *
kiosk_status_page_new (KioskStore *store)
{
  KioskStatusPage *self;

  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);

  self = g_object_new (KIOSK_TYPE_STATUS_PAGE, NULL);
  self->store = g_object_ref (store);
  kiosk_status_page_refresh (self);
  return GTK_WIDGET (self);
}

void
kiosk_status_page_set_language (KioskStatusPage *self, NvLang lang)
{
  g_return_if_fail (KIOSK_IS_STATUS_PAGE (self));

  g_return_if_fail (lang < NV_N_LANGS);

  if (self->lang == lang)
    return;
  self->lang = lang;
  /* Built in code, not from a template: only the values are read again. */
  kiosk_status_page_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
kiosk_status_page_set_data_dir (KioskStatusPage *self, const char *data_dir)
{
  g_return_if_fail (KIOSK_IS_STATUS_PAGE (self));

  g_free (self->data_dir);
  self->data_dir = g_strdup (data_dir);
  gtk_widget_set_visible (self->exit_box, data_dir != NULL);
}

void
kiosk_status_page_focus_pin (KioskStatusPage *self)
{
  g_return_if_fail (KIOSK_IS_STATUS_PAGE (self));

  if (gtk_widget_get_visible (self->exit_box))
    gtk_widget_grab_focus (self->pin_entry);
}
