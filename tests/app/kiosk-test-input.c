/* kiosk-test-input.c — real pointer and key events for the kiosk tests (XTest)
 *
 * Each event goes through the X server, so it is hit-tested, grabbed and delivered as a
 * finger's would be: a widget covered by another, or moved away under the finger, is not
 * pressed. After each event the test waits until the window has seen it (a counter kept
 * by a capture-phase controller), never for a fixed time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <gdk/x11/gdkx.h>

#include "kiosk-test-input.h"
#include "nv-test-util.h"

/* Long enough for a loaded CI machine; an event is normally handled in milliseconds. */
#define HANDLED_TIMEOUT_MS 5000
#define FIND_TIMEOUT_MS 5000

struct _KioskTestInput
{
  GtkWindow          *window;
  Display            *xdisplay;
  GtkEventController *counter;
  guint               n_releases; /* button and key releases the window has handled */
};

static gboolean
event_cb (GtkEventControllerLegacy *controller, GdkEvent *event, KioskTestInput *input)
{
  GdkEventType type = gdk_event_get_event_type (event);

  if (type == GDK_BUTTON_RELEASE || type == GDK_KEY_RELEASE)
    input->n_releases++;
  return GDK_EVENT_PROPAGATE;
}

KioskTestInput *
kiosk_test_input_new (GtkWindow *window)
{
  KioskTestInput *input = g_new0 (KioskTestInput, 1);
  GdkDisplay     *display = gtk_widget_get_display (GTK_WIDGET (window));
  int             event_base, error_base, major, minor;

  if (!GDK_IS_X11_DISPLAY (display))
    g_error ("real-input tests need an X11 display (GDK_BACKEND=x11 under Xvfb)");
  input->xdisplay = gdk_x11_display_get_xdisplay (display);
  if (!XTestQueryExtension (input->xdisplay, &event_base, &error_base, &major, &minor))
    g_error ("the X server has no XTest extension");
  input->window = g_object_ref (window);
  nv_test_wait_until (NULL, gtk_widget_get_mapped (GTK_WIDGET (window)), HANDLED_TIMEOUT_MS);
  input->counter = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (input->counter, GTK_PHASE_CAPTURE);
  g_signal_connect (input->counter, "event", G_CALLBACK (event_cb), input);
  gtk_widget_add_controller (GTK_WIDGET (window), g_object_ref (input->counter));
  return input;
}

void
kiosk_test_input_free (KioskTestInput *input)
{
  gtk_widget_remove_controller (GTK_WIDGET (input->window), input->counter);
  g_object_unref (input->counter);
  g_object_unref (input->window);
  g_free (input);
}

static gboolean
is_inside (GtkWidget *widget, GtkWidget *ancestor)
{
  return widget != NULL && (widget == ancestor || gtk_widget_is_ancestor (widget, ancestor));
}

static gboolean
is_settled (GtkWidget *widget)
{
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (widget));

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0
      || gtk_widget_get_width (native) <= 0)
    return FALSE;
  /* A finger waits for a new screen to have faded in, and for what slides in. */
  for (GtkWidget *ancestor = widget; ancestor != NULL; ancestor = gtk_widget_get_parent (ancestor))
    {
      if (GTK_IS_STACK (ancestor) && gtk_stack_get_transition_running (GTK_STACK (ancestor)))
        return FALSE;
      if (GTK_IS_REVEALER (ancestor)
          && gtk_revealer_get_child_revealed (GTK_REVEALER (ancestor))
                 != gtk_revealer_get_reveal_child (GTK_REVEALER (ancestor)))
        return FALSE;
    }
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock, guint *n_painted)
{
  (*n_painted)++;
}

/* Waits for a frame to be laid out and painted: a resize that the last event queued
 * (keys appearing, a message) has moved the widgets where the finger will see them. */
static void
wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  guint          n_painted = 0;
  gulong         handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &n_painted);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  nv_test_wait_until (NULL, n_painted > 0, HANDLED_TIMEOUT_MS);
  g_signal_handler_disconnect (clock, handler);
}

graphene_rect_t
kiosk_test_input_laid_out_bounds (GtkWidget *widget)
{
  graphene_rect_t bounds;

  nv_test_wait_until (NULL, is_settled (widget), HANDLED_TIMEOUT_MS);
  wait_frame (widget);
  g_assert_true (
      gtk_widget_compute_bounds (widget, GTK_WIDGET (gtk_widget_get_native (widget)), &bounds));
  return bounds;
}

/* Where the middle of @widget is on the X screen, checking that a finger there would
 * touch @widget and nothing drawn over it. */
static void
get_screen_point (KioskTestInput *input, GtkWidget *widget, int *x, int *y)
{
  GtkNative      *native = gtk_widget_get_native (widget);
  GdkSurface     *surface = gtk_native_get_surface (native);
  graphene_rect_t bounds, shown;
  double          surface_x, surface_y, middle_x, middle_y;
  int             origin_x, origin_y, scale;
  Window          child;
  GtkWidget      *picked;

  nv_test_wait_until (NULL, is_settled (widget), HANDLED_TIMEOUT_MS);
  wait_frame (widget);
  g_assert_true (is_settled (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &bounds));
  /* A finger touches the part in sight: a tile half below the window's edge still has
   * a top half. */
  shown = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (native)),
                              gtk_widget_get_height (GTK_WIDGET (native)));
  if (!graphene_rect_intersection (&bounds, &shown, &bounds))
    g_error ("a %s at %g,%g (%g×%g) is outside its window", G_OBJECT_TYPE_NAME (widget),
             bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  middle_x = bounds.origin.x + bounds.size.width / 2;
  middle_y = bounds.origin.y + bounds.size.height / 2;
  picked = gtk_widget_pick (GTK_WIDGET (native), middle_x, middle_y, GTK_PICK_DEFAULT);
  if (!is_inside (picked, widget))
    g_error ("a tap on the middle of a %s would touch a %s instead", G_OBJECT_TYPE_NAME (widget),
             picked != NULL ? G_OBJECT_TYPE_NAME (picked) : "nothing");

  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  XTranslateCoordinates (input->xdisplay, gdk_x11_surface_get_xid (surface),
                         DefaultRootWindow (input->xdisplay), 0, 0, &origin_x, &origin_y, &child);
  scale = gdk_surface_get_scale_factor (surface);
  *x = origin_x + (int) ((middle_x + surface_x) * scale);
  *y = origin_y + (int) ((middle_y + surface_y) * scale);
  /* A finger cannot touch what is off the screen. */
  g_assert_cmpint (*x, >=, 0);
  g_assert_cmpint (*y, >=, 0);
  g_assert_cmpint (*x, <, DisplayWidth (input->xdisplay, DefaultScreen (input->xdisplay)));
  g_assert_cmpint (*y, <, DisplayHeight (input->xdisplay, DefaultScreen (input->xdisplay)));
}

static void
wait_handled (KioskTestInput *input, guint n_before)
{
  XFlush (input->xdisplay);
  /* A button's action runs as the release is handled. */
  nv_test_wait_until (NULL, input->n_releases > n_before, HANDLED_TIMEOUT_MS);
}

void
kiosk_test_input_tap (KioskTestInput *input, GtkWidget *widget)
{
  GtkWidget          *native = GTK_WIDGET (gtk_widget_get_native (widget));
  GtkEventController *popup_counter = NULL;
  guint               n_before = input->n_releases;
  int                 x, y;

  /* A pop-up (the language menu) is a surface of its own: its events never pass the
   * window's counter, so count them where they are handled. */
  if (native != GTK_WIDGET (input->window))
    {
      popup_counter = gtk_event_controller_legacy_new ();
      gtk_event_controller_set_propagation_phase (popup_counter, GTK_PHASE_CAPTURE);
      g_signal_connect (popup_counter, "event", G_CALLBACK (event_cb), input);
      gtk_widget_add_controller (native, g_object_ref (popup_counter));
    }
  get_screen_point (input, widget, &x, &y);
  XTestFakeMotionEvent (input->xdisplay, -1, x, y, CurrentTime);
  XTestFakeButtonEvent (input->xdisplay, Button1, True, CurrentTime);
  XTestFakeButtonEvent (input->xdisplay, Button1, False, CurrentTime);
  wait_handled (input, n_before);
  if (popup_counter != NULL)
    {
      gtk_widget_remove_controller (native, popup_counter);
      g_object_unref (popup_counter);
    }
}

void
kiosk_test_input_press_until (KioskTestInput *input,
                              GtkWidget      *widget,
                              guint           button,
                              gboolean (*done) (gpointer data),
                              gpointer data)
{
  int x, y;

  get_screen_point (input, widget, &x, &y);
  XTestFakeMotionEvent (input->xdisplay, -1, x, y, CurrentTime);
  XTestFakeButtonEvent (input->xdisplay, button, True, CurrentTime);
  XFlush (input->xdisplay);
  nv_test_wait_until (NULL, done (data), HANDLED_TIMEOUT_MS);
  XTestFakeButtonEvent (input->xdisplay, button, False, CurrentTime);
  XFlush (input->xdisplay);
  g_assert_true (done (data));
}

void
kiosk_test_input_key (KioskTestInput *input, guint keyval)
{
  KeyCode keycode = XKeysymToKeycode (input->xdisplay, keyval);
  guint   n_before = input->n_releases;

  g_assert_cmpuint (keycode, !=, 0);
  XTestFakeKeyEvent (input->xdisplay, keycode, True, CurrentTime);
  XTestFakeKeyEvent (input->xdisplay, keycode, False, CurrentTime);
  wait_handled (input, n_before);
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

/* The first mapped widget in @root, depth first, that @match accepts. */
static GtkWidget *
find_mapped (GtkWidget *root, Match match, gconstpointer data)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
shows_text (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

GtkWidget *
kiosk_test_find_label (GtkWidget *root, const char *text)
{
  return find_mapped (root, shows_text, text);
}

typedef struct
{
  const char *action;
  const char *target;
} ActionTarget;

static gboolean
has_action (GtkWidget *widget, gconstpointer data)
{
  const ActionTarget *wanted = data;
  GVariant           *value;

  if (!GTK_IS_ACTIONABLE (widget)
      || g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), wanted->action) != 0)
    return FALSE;
  if (wanted->target == NULL)
    return TRUE;
  value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING)
         && g_strcmp0 (g_variant_get_string (value, NULL), wanted->target) == 0;
}

GtkWidget *
kiosk_test_find_action (GtkWidget *root, const char *action, const char *target)
{
  ActionTarget wanted = { action, target };

  return find_mapped (root, has_action, &wanted);
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
kiosk_test_find_type (GtkWidget *root, GType type)
{
  return find_mapped (root, is_of_type, GSIZE_TO_POINTER (type));
}

void
kiosk_test_input_tap_label (KioskTestInput *input, GtkWidget *root, const char *text)
{
  GtkWidget *label = NULL;

  nv_test_wait_until (NULL, (label = kiosk_test_find_label (root, text)) != NULL, FIND_TIMEOUT_MS);
  kiosk_test_input_tap (input, label);
}

void
kiosk_test_input_tap_action (KioskTestInput *input,
                             GtkWidget      *root,
                             const char     *action,
                             const char     *target)
{
  GtkWidget *widget = NULL;

  nv_test_wait_until (NULL, (widget = kiosk_test_find_action (root, action, target)) != NULL,
                      FIND_TIMEOUT_MS);
  kiosk_test_input_tap (input, widget);
}

void
kiosk_test_input_type_on_keys (KioskTestInput *input, GtkWidget *root, const char *text)
{
  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    {
      g_autofree char *value = g_strndup (c, g_utf8_next_char (c) - c);

      /* The keyboard takes the same key twice within its repeat guard (key-repeat-guard,
       * 200 ms) as a slip: tests type no letter twice in a row rather than wait. */
      g_assert_false (c != text && strncmp (c, g_utf8_prev_char (c), strlen (value)) == 0);
      kiosk_test_input_tap_action (input, root, "keyboard.press",
                                   g_str_equal (value, " ") ? "space" : value);
    }
}

void
kiosk_touch_fixture_show (KioskTouchFixture *fixture)
{
  fixture->window = kiosk_window_new (NULL, fixture->store, NV_LANG_FI);
  fixture->root = GTK_WIDGET (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->input = kiosk_test_input_new (GTK_WINDOW (fixture->window));
}

void
kiosk_touch_fixture_teardown (KioskTouchFixture *fixture, gconstpointer data)
{
  kiosk_test_input_free (fixture->input);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->store);
  nv_test_rm_rf (fixture->dir);
  g_free (fixture->dir);
}
