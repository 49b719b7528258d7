/* kiosk-sleep.c
 *
 * Outside its host library's opening hours nobody uses the kiosk, and a lit screen in a
 * dark library wastes power and wears the panel. The schedule is worked out from the
 * host's hours in the store (kiosk-sleep-schedule.c); asleep, the window shows a black
 * page in place of its screens, which are unmapped, so no animation or frame clock runs,
 * and an optional command powers the output off. The sync is not the window's and goes
 * on at its own pace: a kiosk that wakes has its content and has sent its events.
 *
 * One timer waits for the next change, at most an hour, so that a clock set right after
 * start (NTP) or a suspend cannot keep the screen in the wrong state for long.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-sleep-schedule.h"
#include "kiosk-sleep.h"

#define MAX_WAIT_SECONDS 3600

struct _KioskSleep
{
  GObject parent_instance;

  AdwApplicationWindow *window; /* weak */
  GtkStack             *stack;  /* the window's content and the black page */
  KioskStore           *store;
  KioskVisit           *visit;
  char                 *host;
  GStrv                 off_argv;
  GStrv                 on_argv;
  GDateTime            *clock; /* tests: the time to plan from */
  gboolean              enabled;
  gboolean              wake_on_touch;
  guint                 margin_minutes;
  guint                 quiet_seconds;
  gboolean              scheduled_asleep; /* what the hours say now */
  gboolean              woken;            /* by a touch, within a sleeping time */
  gboolean              asleep;           /* what the screen shows */
  guint                 change_source;
  guint                 quiet_source;
};

enum
{
  PROP_0,
  PROP_ASLEEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (KioskSleep, kiosk_sleep, G_TYPE_OBJECT)

static void
run_command (const char *const *argv, const char *what)
{
  g_autoptr (GError) error = NULL;

  if (argv == NULL || argv[0] == NULL)
    return;
  if (!g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, &error))
    g_warning ("Cannot run the %s (%s): %s", what, argv[0], error->message);
}

static gboolean
visit_going_on (KioskSleep *self)
{
  return kiosk_visit_get_session_id (self->visit) != NULL;
}

/* Shows what the schedule, a touch and a visit going on say together. */
static void
update_screen (KioskSleep *self)
{
  gboolean asleep = self->enabled && self->scheduled_asleep && !self->woken;

  /* A resident's visit is never cut: the screen sleeps once it ends. */
  if (asleep && !self->asleep && visit_going_on (self))
    return;
  if (asleep == self->asleep)
    return;
  self->asleep = asleep;
  if (self->stack != NULL)
    gtk_stack_set_visible_child_name (self->stack, asleep ? "asleep" : "awake");
  if (asleep)
    {
      g_message ("The screen sleeps outside the host library's opening hours");
      run_command ((const char *const *) self->off_argv, "screen-off command");
    }
  else
    {
      g_message ("The screen wakes");
      run_command ((const char *const *) self->on_argv, "screen-on command");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASLEEP]);
}

static void plan (KioskSleep *self);

static gboolean
change_cb (gpointer user_data)
{
  KioskSleep *self = user_data;

  self->change_source = 0;
  plan (self);
  return G_SOURCE_REMOVE;
}

/* Works the schedule out for now, and waits for its next change. */
static void
plan (KioskSleep *self)
{
  g_autoptr (NvOrganisation) host = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) next = NULL;
  gboolean scheduled_asleep = FALSE;

  g_clear_handle_id (&self->change_source, g_source_remove);
  if (self->enabled && self->host != NULL)
    {
      now = self->clock != NULL ? g_date_time_ref (self->clock) : g_date_time_new_now_utc ();
      host = kiosk_store_get_organisation (self->store, self->host);
      scheduled_asleep = kiosk_sleep_schedule_asleep_at (host != NULL ? host->hours : NULL,
                                                         self->margin_minutes, now, &next);
    }
  /* A touch wakes the screen for a visit within one sleeping time, not the next. */
  if (scheduled_asleep != self->scheduled_asleep)
    {
      self->woken = FALSE;
      g_clear_handle_id (&self->quiet_source, g_source_remove);
    }
  self->scheduled_asleep = scheduled_asleep;
  update_screen (self);
  if (self->enabled && self->host != NULL && self->clock == NULL)
    {
      GTimeSpan wait = next != NULL ? g_date_time_difference (next, now) : G_MAXINT64;
      guint     seconds = (guint) CLAMP ((wait + G_TIME_SPAN_SECOND - 1) / G_TIME_SPAN_SECOND, 1,
                                         MAX_WAIT_SECONDS);

      self->change_source
          = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, change_cb, self, NULL);
    }
}

static gboolean
quiet_cb (gpointer user_data)
{
  KioskSleep *self = user_data;

  self->quiet_source = 0;
  /* With a visit going on, the visit's own countdown ends it, and then it sleeps. */
  if (!visit_going_on (self))
    {
      self->woken = FALSE;
      update_screen (self);
    }
  return G_SOURCE_REMOVE;
}

static void
note_touch (KioskSleep *self)
{
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  if (self->woken && self->scheduled_asleep)
    self->quiet_source = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->quiet_seconds,
                                                     quiet_cb, self, NULL);
}

static gboolean
input_cb (GtkEventControllerLegacy *controller, GdkEvent *event, KioskSleep *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_BUTTON_PRESS:
    case GDK_TOUCH_BEGIN:
    case GDK_KEY_PRESS:
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }
  if (!self->asleep)
    {
      note_touch (self);
      return GDK_EVENT_PROPAGATE;
    }
  /* The touch that wakes the screen presses nothing: the finger could not see what
   * was under it. */
  if (self->wake_on_touch)
    {
      self->woken = TRUE;
      update_screen (self);
      note_touch (self);
    }
  return GDK_EVENT_STOP;
}

static void
session_changed_cb (KioskSleep *self)
{
  if (visit_going_on (self))
    return;
  /* The visit that a touch woke the screen for is over: back to sleep at once. */
  if (self->woken && self->scheduled_asleep)
    {
      self->woken = FALSE;
      g_clear_handle_id (&self->quiet_source, g_source_remove);
    }
  update_screen (self);
}

static void
kiosk_sleep_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  KioskSleep *self = KIOSK_SLEEP (object);

  switch (prop_id)
    {
    case PROP_ASLEEP:
      g_value_set_boolean (value, self->asleep);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiosk_sleep_dispose (GObject *object)
{
  KioskSleep *self = KIOSK_SLEEP (object);

  g_clear_handle_id (&self->change_source, g_source_remove);
  g_clear_handle_id (&self->quiet_source, g_source_remove);
  g_clear_weak_pointer (&self->window);
  g_clear_weak_pointer (&self->stack);
  g_clear_object (&self->store);
  g_clear_object (&self->visit);
  G_OBJECT_CLASS (kiosk_sleep_parent_class)->dispose (object);
}

static void
kiosk_sleep_finalize (GObject *object)
{
  KioskSleep *self = KIOSK_SLEEP (object);

  g_free (self->host);
  g_strfreev (self->off_argv);
  g_strfreev (self->on_argv);
  g_clear_pointer (&self->clock, g_date_time_unref);
  G_OBJECT_CLASS (kiosk_sleep_parent_class)->finalize (object);
}

static void
kiosk_sleep_class_init (KioskSleepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = kiosk_sleep_get_property;
  object_class->dispose = kiosk_sleep_dispose;
  object_class->finalize = kiosk_sleep_finalize;

  properties[PROP_ASLEEP]
      = g_param_spec_boolean ("asleep", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiosk_sleep_init (KioskSleep *self)
{
  self->margin_minutes = 15;
  self->wake_on_touch = TRUE;
  self->quiet_seconds = 120;
}

KioskSleep *
kiosk_sleep_new (AdwApplicationWindow *window, KioskStore *store, KioskVisit *visit)
{
  g_autoptr (GtkWidget) content = NULL;
  GtkEventController *input;
  GtkWidget          *black;
  KioskSleep         *self;

  g_return_val_if_fail (ADW_IS_APPLICATION_WINDOW (window), NULL);
  g_return_val_if_fail (KIOSK_IS_STORE (store), NULL);
  g_return_val_if_fail (KIOSK_IS_VISIT (visit), NULL);

  self = g_object_new (KIOSK_TYPE_SLEEP, NULL);
  g_set_weak_pointer (&self->window, window);
  self->store = g_object_ref (store);
  self->visit = g_object_ref (visit);

  /* A stack without a transition: the page not shown is unmapped, its animations and
   * tick callbacks stopped, and mapped again as it was. */
  content = g_object_ref (adw_application_window_get_content (window));
  adw_application_window_set_content (window, NULL);
  g_set_weak_pointer (&self->stack, GTK_STACK (gtk_stack_new ()));
  gtk_stack_add_named (self->stack, content, "awake");
  black = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (black, "kiosk-asleep");
  gtk_stack_add_named (self->stack, black, "asleep");
  gtk_stack_set_visible_child_name (self->stack, "awake");
  adw_application_window_set_content (window, GTK_WIDGET (self->stack));

  /* Capture: the touch that wakes is taken before any widget sees it. */
  input = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect_object (input, "event", G_CALLBACK (input_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), input);

  g_signal_connect_object (store, "changed", G_CALLBACK (plan), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (visit, "notify::session-id", G_CALLBACK (session_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
kiosk_sleep_set_schedule (KioskSleep *self,
                          gboolean    enabled,
                          guint       margin_minutes,
                          gboolean    wake_on_touch,
                          guint       quiet_seconds)
{
  g_return_if_fail (KIOSK_IS_SLEEP (self));
  g_return_if_fail (quiet_seconds > 0);

  self->enabled = enabled;
  self->margin_minutes = margin_minutes;
  self->wake_on_touch = wake_on_touch;
  self->quiet_seconds = quiet_seconds;
  plan (self);
}

void
kiosk_sleep_set_host_organisation (KioskSleep *self, const char *id)
{
  g_return_if_fail (KIOSK_IS_SLEEP (self));

  g_free (self->host);
  self->host = id != NULL && id[0] != '\0' ? g_strdup (id) : NULL;
  plan (self);
}

void
kiosk_sleep_set_commands (KioskSleep *self, const char *const *off_argv, const char *const *on_argv)
{
  g_return_if_fail (KIOSK_IS_SLEEP (self));

  g_strfreev (self->off_argv);
  g_strfreev (self->on_argv);
  self->off_argv = g_strdupv ((GStrv) off_argv);
  self->on_argv = g_strdupv ((GStrv) on_argv);
}

gboolean
kiosk_sleep_get_asleep (KioskSleep *self)
{
  g_return_val_if_fail (KIOSK_IS_SLEEP (self), FALSE);
  return self->asleep;
}

void
kiosk_sleep_set_clock (KioskSleep *self, GDateTime *now)
{
  g_return_if_fail (KIOSK_IS_SLEEP (self));

  g_clear_pointer (&self->clock, g_date_time_unref);
  self->clock = now != NULL ? g_date_time_ref (now) : NULL;
  plan (self);
}
