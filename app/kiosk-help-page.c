/* kiosk-help-page.c — Help, always in the same place in the bar
 *
 * A calm screen with one or two big choices. While the host library is open (or its
 * hours are not known) staff may be there: "Call staff now" sends a call to the staff
 * console and the page tells the resident what became of it. Outside opening hours, when
 * the server cannot be reached, or when nobody answers, the page offers "Ask for a call
 * back" instead: the appointment request, which the outbox keeps until it can be sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-i18n.h"

#include "kiosk-help-page-private.h"

struct _KioskHelpPage
{
  KioskScreen parent_instance;

  GtkLabel  *intro_label;
  GtkWidget *call_button;
  GtkWidget *call_back_button;
  GtkLabel  *status_label;

  KioskStaffCall *call; /* may be NULL */
  char           *host_organisation;
  char           *screen; /* where Help was opened */
  char           *guide;
  guint           guide_step;
  GDateTime      *clock; /* tests only; NULL: the real time */
};

G_DEFINE_FINAL_TYPE (KioskHelpPage, kiosk_help_page, KIOSK_TYPE_SCREEN)

static KioskStaffCallState
call_state (KioskHelpPage *self)
{
  return self->call != NULL ? kiosk_staff_call_get_state (self->call) : KIOSK_STAFF_CALL_IDLE;
}

/* Texts and choices follow the call's state and the hours, in the screen's language. */
static void
update (KioskHelpPage *self)
{
  KioskStaffCallState state = call_state (self);
  gboolean            on_duty = kiosk_help_page_staff_on_duty (self);
  gboolean            offer_call = on_duty || state != KIOSK_STAFF_CALL_IDLE;
  gboolean            offer_call_back
      = !on_duty || state == KIOSK_STAFF_CALL_NO_ANSWER || state == KIOSK_STAFF_CALL_OFFLINE;
  const char *status = "";

  gtk_label_set_text (self->intro_label,
                      on_duty ? _ ("Library staff can come to the kiosk and help you.")
                              : _ ("There are no staff on duty at the library now. An advisor can "
                                   "phone you later instead."));
  switch (state)
    {
    case KIOSK_STAFF_CALL_IDLE:
      break;
    case KIOSK_STAFF_CALL_WAITING:
      status = _ ("Calling staff… Please wait here at the kiosk.");
      break;
    case KIOSK_STAFF_CALL_COMING:
      status = _ ("Someone is coming. Please wait here at the kiosk.");
      break;
    case KIOSK_STAFF_CALL_NO_ANSWER:
      status = _ ("Nobody has answered yet. You can ask for a call back instead.");
      break;
    case KIOSK_STAFF_CALL_OFFLINE:
      status = _ ("The kiosk cannot reach the staff right now. You can ask for a call back: "
                  "your request is kept and sent as soon as the connection works.");
      break;
    }
  gtk_widget_set_visible (self->call_button, offer_call);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "help.call-staff",
                                 state != KIOSK_STAFF_CALL_WAITING
                                     && state != KIOSK_STAFF_CALL_COMING);
  gtk_widget_set_visible (self->call_back_button, offer_call_back);
  gtk_label_set_text (self->status_label, status);
}

static void
call_staff_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  KioskHelpPage *self = KIOSK_HELP_PAGE (widget);

  if (self->call == NULL)
    {
      /* No server configured: the same as one that cannot be reached. */
      self->call = kiosk_staff_call_new (NULL, NULL);
      g_signal_connect_object (self->call, "notify::state", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  kiosk_staff_call_start (self->call, self->screen != NULL ? self->screen : "home", self->guide,
                          self->guide_step);
  update (self);
}

static void
kiosk_help_page_refresh (KioskScreen *screen)
{
  update (KIOSK_HELP_PAGE (screen));
}

static void
kiosk_help_page_dispose (GObject *object)
{
  KioskHelpPage *self = KIOSK_HELP_PAGE (object);

  g_clear_object (&self->call);
  G_OBJECT_CLASS (kiosk_help_page_parent_class)->dispose (object);
}

static void
kiosk_help_page_finalize (GObject *object)
{
  KioskHelpPage *self = KIOSK_HELP_PAGE (object);

  g_free (self->host_organisation);
  g_free (self->screen);
  g_free (self->guide);
  g_clear_pointer (&self->clock, g_date_time_unref);
  G_OBJECT_CLASS (kiosk_help_page_parent_class)->finalize (object);
}

static void
kiosk_help_page_class_init (KioskHelpPageClass *klass)
{
  GObjectClass     *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass   *widget_class = GTK_WIDGET_CLASS (klass);
  KioskScreenClass *screen_class = KIOSK_SCREEN_CLASS (klass);

  object_class->dispose = kiosk_help_page_dispose;
  object_class->finalize = kiosk_help_page_finalize;
  screen_class->refresh = kiosk_help_page_refresh;

  kiosk_screen_class_set_template (screen_class, "/fi/neuvokas/Kiosk/kiosk-help-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KioskHelpPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, KioskHelpPage, call_button);
  gtk_widget_class_bind_template_child (widget_class, KioskHelpPage, call_back_button);
  gtk_widget_class_bind_template_child (widget_class, KioskHelpPage, status_label);
  gtk_widget_class_install_action (widget_class, "help.call-staff", NULL, call_staff_action);
}

static void
kiosk_help_page_init (KioskHelpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}

GtkWidget *
kiosk_help_page_new (void)
{
  return g_object_new (KIOSK_TYPE_HELP_PAGE, NULL);
}

void
kiosk_help_page_set_call (KioskHelpPage *self, KioskStaffCall *call)
{
  g_return_if_fail (KIOSK_IS_HELP_PAGE (self));
  g_return_if_fail (call == NULL || KIOSK_IS_STAFF_CALL (call));

  if (self->call != NULL)
    g_signal_handlers_disconnect_by_data (self->call, self);
  g_set_object (&self->call, call);
  if (call != NULL)
    g_signal_connect_object (call, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

void
kiosk_help_page_set_host_organisation (KioskHelpPage *self, const char *id)
{
  g_return_if_fail (KIOSK_IS_HELP_PAGE (self));

  g_free (self->host_organisation);
  self->host_organisation = id != NULL && id[0] != '\0' ? g_strdup (id) : NULL;
  update (self);
}

void
kiosk_help_page_set_origin (KioskHelpPage *self,
                            const char    *screen,
                            const char    *guide,
                            guint          guide_step)
{
  g_return_if_fail (KIOSK_IS_HELP_PAGE (self));

  g_free (self->screen);
  g_free (self->guide);
  self->screen = g_strdup (screen);
  self->guide = g_strdup (guide);
  self->guide_step = guide != NULL ? guide_step : 0;
  update (self);
}

gboolean
kiosk_help_page_staff_on_duty (KioskHelpPage *self)
{
  KioskStore *store;
  g_autoptr (NvOrganisation) host = NULL;
  g_autoptr (GDateTime) now = NULL;

  g_return_val_if_fail (KIOSK_IS_HELP_PAGE (self), TRUE);

  store = kiosk_screen_get_store (KIOSK_SCREEN (self));
  /* Unknown library or unknown hours: staff may well be there; a call costs nothing. */
  if (self->host_organisation == NULL || store == NULL
      || (host = kiosk_store_get_organisation (store, self->host_organisation)) == NULL)
    return TRUE;
  now = self->clock != NULL ? g_date_time_ref (self->clock) : g_date_time_new_now_utc ();
  return nv_opening_hours_state_at (host->hours, now, NULL) != NV_OPEN_STATE_CLOSED;
}

const char *
kiosk_help_page_get_status (KioskHelpPage *self)
{
  g_return_val_if_fail (KIOSK_IS_HELP_PAGE (self), NULL);
  return gtk_label_get_text (self->status_label);
}

void
kiosk_help_page_set_clock (KioskHelpPage *self, GDateTime *now)
{
  g_return_if_fail (KIOSK_IS_HELP_PAGE (self));

  g_clear_pointer (&self->clock, g_date_time_unref);
  self->clock = now != NULL ? g_date_time_ref (now) : NULL;
  update (self);
}
