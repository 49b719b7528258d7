/* server-staff-accounts-api.c — sign-in, sign-out, staff users and kiosks for the console
 *
 * Who may call which route is in the table below and checked in server-http.c before
 * any handler runs: a session (401), the role (403), and for changes the CSRF token and
 * the Origin (403). Sign-in is the one open route; it throttles failures per account
 * and per address without ever waiting on the main loop: a refused try gets 429 and
 * Retry-After at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "nv-common.h"
#include "nv-json-private.h"
#include "server-api-private.h"
#include "server-auth.h"
#include "server-reply.h"
#include "server-token.h"
#include "server-store-kiosks.h"
#include "server-store-silence.h"
#include "server-store-users.h"

#define STAFF_BODY_MAX 4096

static void handle_login (ServerRequest *request);
static void handle_logout (ServerRequest *request);
static void handle_me (ServerRequest *request);
static void handle_list_users (ServerRequest *request);
static void handle_add_user (ServerRequest *request);
static void handle_disable_user (ServerRequest *request);
static void handle_enable_user (ServerRequest *request);
static void handle_set_user_role (ServerRequest *request);
static void handle_set_user_password (ServerRequest *request);
static void handle_list_kiosks (ServerRequest *request);
static void handle_add_kiosk (ServerRequest *request);
static void handle_revoke_kiosk (ServerRequest *request);
static void handle_set_kiosk_host (ServerRequest *request);
static void handle_kiosk_silence (ServerRequest *request);

static const ServerRoute routes[] = {
  { "POST", "/api/v1/staff/login", handle_login, SERVER_AUTH_NONE, STAFF_BODY_MAX, 0 },
  { "POST", "/api/v1/staff/logout", handle_logout, SERVER_AUTH_STAFF, 0, SERVER_ROLES_ANY },
  { "GET", "/api/v1/staff/me", handle_me, SERVER_AUTH_STAFF, 0, SERVER_ROLES_ANY },
  { "GET", "/api/v1/staff/users", handle_list_users, SERVER_AUTH_STAFF, 0, SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/users", handle_add_user, SERVER_AUTH_STAFF, STAFF_BODY_MAX,
    SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/users/disable", handle_disable_user, SERVER_AUTH_STAFF, STAFF_BODY_MAX,
    SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/users/enable", handle_enable_user, SERVER_AUTH_STAFF, STAFF_BODY_MAX,
    SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/users/role", handle_set_user_role, SERVER_AUTH_STAFF, STAFF_BODY_MAX,
    SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/users/password", handle_set_user_password, SERVER_AUTH_STAFF,
    STAFF_BODY_MAX, SERVER_ROLE_ADMIN },
  { "GET", "/api/v1/staff/kiosks", handle_list_kiosks, SERVER_AUTH_STAFF, 0, SERVER_ROLES_ANY },
  { "POST", "/api/v1/staff/kiosks", handle_add_kiosk, SERVER_AUTH_STAFF, STAFF_BODY_MAX,
    SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/kiosks/revoke", handle_revoke_kiosk, SERVER_AUTH_STAFF, STAFF_BODY_MAX,
    SERVER_ROLE_ADMIN },
  { "POST", "/api/v1/staff/kiosks/host", handle_set_kiosk_host, SERVER_AUTH_STAFF, STAFF_BODY_MAX,
    SERVER_ROLE_ADMIN },
  { "GET", "/api/v1/staff/kiosks/silence", handle_kiosk_silence, SERVER_AUTH_STAFF, 0,
    SERVER_ROLES_ANY },
};

const ServerRoute *
server_staff_accounts_api_routes (guint *n_routes)
{
  *n_routes = G_N_ELEMENTS (routes);
  return routes;
}

/* Helpers */

static JsonObject *
read_object (ServerRequest *request, JsonNode **out_root)
{
  return server_read_json_object (request, STAFF_BODY_MAX, out_root);
}

/* Reads required string members; on a missing or wrong one replies 422 naming it. */
static gboolean
read_strings (ServerRequest *request, JsonObject *object, ...)
{
  const char *member;
  va_list     args;
  gboolean    ok = TRUE;

  va_start (args, object);
  while (ok && (member = va_arg (args, const char *)) != NULL)
    {
      char **out = va_arg (args, char **);
      g_autoptr (GError) error = NULL;

      if (!nv_json_read_string (object, member, TRUE, out, &error))
        {
          server_reply_gerror (request->msg, error);
          ok = FALSE;
        }
    }
  va_end (args);
  return ok;
}

/* {"name", "role", "csrf_token", "expires"}: what the console needs to act. */
static void
reply_session (SoupServerMessage *msg, const ServerSession *session)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  server_json_add_string (builder, "name", session->name);
  server_json_add_string (builder, "role", server_role_to_string (session->role));
  server_json_add_string (builder, "csrf_token", session->csrf_token);
  server_json_add_unix_time (builder, "expires", session->expires);
  json_builder_end_object (builder);
  server_reply_builder (msg, SOUP_STATUS_OK, builder);
}

static void
add_user (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerUser *user = item;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "name", user->name);
  server_json_add_string (builder, "role", server_role_to_string (user->role));
  server_json_add_unix_time (builder, "created", user->created);
  server_json_add_unix_time (builder, "disabled", user->disabled);
  json_builder_end_object (builder);
}

static void
reply_user (SoupServerMessage *msg, guint status, const ServerUser *user)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  add_user (builder, user, NULL);
  server_reply_builder (msg, status, builder);
}

/* The throttling key of the account a sign-in names. A name that is no account may be
 * a password typed in the wrong field: only its hash is kept. Both count the same, so
 * throttling tells nothing about which names exist. */
static char *
account_key (ServerStore *store, const char *name)
{
  g_autoptr (ServerUser) user = NULL;
  g_autofree char *hash = NULL;

  if (server_user_name_is_valid (name) && (user = server_store_find_user (store, name, NULL)))
    return g_strconcat ("user:", name, NULL);
  hash = server_token_hash (name);
  return g_strdup_printf ("user:#%.16s", hash);
}

static void
set_session_cookie (SoupServerMessage *msg, const char *token, gint64 max_age)
{
  gboolean         tls = server_auth_client_is_secure (msg);
  g_autofree char *cookie = NULL;

  cookie = g_strdup_printf (SERVER_SESSION_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/; "
                                                  "Max-Age=%" G_GINT64_FORMAT "%s",
                            token, max_age, tls ? "; Secure" : "");
  soup_message_headers_append (soup_server_message_get_response_headers (msg), "Set-Cookie",
                               cookie);
}

/* Sessions */

static void
handle_login (ServerRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (ServerSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *typed_name = NULL;
  g_autofree char *password = NULL;
  g_autofree char *name = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *address_key = NULL;
  g_autofree char *token = NULL;
  const char      *address = server_auth_client_address (request->msg);
  JsonObject      *object;
  gint64           delay;

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  if ((object = read_object (request, &root)) == NULL
      || !read_strings (request, object, "name", &typed_name, "password", &password, NULL))
    return;

  /* Names are lower case; "Maija" signs in as maija and shares her count. */
  name = g_ascii_strdown (typed_name, -1);
  user_key = account_key (request->store, name);
  address_key = g_strconcat ("addr:", address != NULL ? address : "unknown", NULL);
  delay = MAX (server_store_login_delay (request->store, user_key),
               server_store_login_delay (request->store, address_key));
  if (delay > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, delay);

      soup_message_headers_replace (headers, "Retry-After", seconds);
      server_reply_error (request->msg, 429, NULL,
                          "Too many failed sign-ins: try again in %" G_GINT64_FORMAT " %s", delay,
                          delay == 1 ? "second" : "seconds");
      /* libsoup 3.2 has no name for 429. */
      soup_server_message_set_status (request->msg, 429, "Too Many Requests");
      return;
    }

  if ((user = server_store_check_password (request->store, name, password)) == NULL)
    {
      server_store_note_login_failure (request->store, user_key);
      server_store_note_login_failure (request->store, address_key);
      g_message ("Staff sign-in failed (%s) from %s", user_key, address);
      /* One answer for an unknown name, a wrong password and a disabled account. */
      server_reply_error (request->msg, SOUP_STATUS_UNAUTHORIZED, NULL,
                          "The name or the password is wrong, or the account is disabled");
      return;
    }

  server_store_clear_login_failures (request->store, user_key);
  if ((session = server_store_create_session (request->store, user->id, &token, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_message ("Staff sign-in: %s (%s) from %s", session->name, server_role_to_string (session->role),
             address);
  set_session_cookie (request->msg, token, SERVER_SESSION_MAX_AGE);
  reply_session (request->msg, session);
}

static void
handle_logout (ServerRequest *request)
{
  server_store_delete_session (request->store, request->staff->token_hash);
  g_message ("Staff sign-out: %s", request->staff->name);
  set_session_cookie (request->msg, "", 0);
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
handle_me (ServerRequest *request)
{
  reply_session (request->msg, request->staff);
}

/* Users (admin) */

static void
handle_list_users (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) users = server_store_list_users (request->store, &error);

  server_reply_list (request->msg, "users", users, error, add_user, NULL);
}

static void
handle_add_user (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *password = NULL;
  JsonObject      *object;
  ServerRole       role;

  if ((object = read_object (request, &root)) == NULL
      || !read_strings (request, object, "name", &name, "role", &role_name, "password", &password,
                        NULL))
    return;
  if (!server_role_from_string (role_name, &role))
    {
      server_reply_error (request->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "role",
                          "role: must be advisor, evaluator or admin");
      return;
    }
  if (!server_store_add_user (request->store, name, role, password, &error)
      || (user = server_store_find_user (request->store, name, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_message ("Staff %s added the user %s (%s)", request->staff->name, name, role_name);
  reply_user (request->msg, SOUP_STATUS_CREATED, user);
}

static void
handle_disable_user (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  JsonObject      *object;

  if ((object = read_object (request, &root)) == NULL
      || !read_strings (request, object, "name", &name, NULL))
    return;
  /* An admin who locks themselves out needs someone with shell access to get back in. */
  if (g_str_equal (name, request->staff->name))
    {
      server_reply_error (request->msg, SOUP_STATUS_CONFLICT, "name",
                          "You cannot disable your own account; another admin can");
      return;
    }
  if (!server_store_disable_user (request->store, name, &error)
      || (user = server_store_find_user (request->store, name, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_message ("Staff %s disabled the user %s", request->staff->name, name);
  reply_user (request->msg, SOUP_STATUS_OK, user);
}

/* Reads {"name"} and the user it names; replies 422 or 404 itself when it cannot. */
static ServerUser *
read_user (ServerRequest *request, JsonNode **root, JsonObject **object)
{
  g_autofree char *name = NULL;
  g_autoptr (GError) error = NULL;
  ServerUser *user;

  if ((*object = read_object (request, root)) == NULL
      || !read_strings (request, *object, "name", &name, NULL))
    return NULL;
  if ((user = server_store_find_user (request->store, name, &error)) == NULL)
    server_reply_gerror (request->msg, error);
  return user;
}

/* Answers with the user as the store has them now, after a change. */
static void
reply_changed_user (ServerRequest *request, const char *name, const char *what)
{
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (GError) error = NULL;

  if ((user = server_store_find_user (request->store, name, &error)) == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_message ("Staff %s %s the user %s", request->staff->name, what, name);
  reply_user (request->msg, SOUP_STATUS_OK, user);
}

static void
handle_enable_user (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *object;

  if ((user = read_user (request, &root, &object)) == NULL)
    return;
  if (!server_store_enable_user (request->store, user->name, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  reply_changed_user (request, user->name, "enabled");
}

static void
handle_set_user_role (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *role_name = NULL;
  JsonObject      *object;
  ServerRole       role;

  if ((user = read_user (request, &root, &object)) == NULL
      || !read_strings (request, object, "role", &role_name, NULL))
    return;
  if (!server_role_from_string (role_name, &role))
    {
      server_reply_error (request->msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, "role",
                          "role: must be advisor, evaluator or admin");
      return;
    }
  /* Like disabling: one's own role is changed by another admin, never by a slip. */
  if (g_str_equal (user->name, request->staff->name))
    {
      server_reply_error (request->msg, SOUP_STATUS_CONFLICT, "name",
                          "You cannot change your own role; another admin can");
      return;
    }
  if (!server_store_set_user_role (request->store, user->name, role, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  reply_changed_user (request, user->name, "changed the role of");
}

static void
handle_set_user_password (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;
  JsonObject      *object;
  gboolean         ok;

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "no-store");
  if ((user = read_user (request, &root, &object)) == NULL
      || !read_strings (request, object, "password", &password, NULL))
    return;
  ok = server_store_set_password (request->store, user->name, password, &error);
  sodium_memzero (password, strlen (password));
  if (!ok)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  /* The user's sessions have ended: they sign in with the new password. */
  reply_changed_user (request, user->name, "reset the password of");
}

/* Operations (any role) */

static void
add_kiosk (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerKiosk *kiosk = item;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", kiosk->id);
  server_json_add_string (builder, "name", kiosk->name);
  server_json_add_string (builder, "municipality", kiosk->municipality);
  server_json_add_unix_time (builder, "last_contact", kiosk->last_contact);
  server_json_add_count (builder, "content_revision", kiosk->content_revision);
  server_json_add_string (builder, "app_version", kiosk->app_version);
  server_json_add_count (builder, "outbox_backlog", kiosk->outbox_backlog);
  server_json_add_unix_time (builder, "revoked", kiosk->revoked);
  json_builder_end_object (builder);
}

static void
handle_list_kiosks (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) kiosks = server_store_list_kiosks (request->store, &error);

  server_reply_list (request->msg, "kiosks", kiosks, error, add_kiosk, NULL);
}

/* Kiosks (admin): the token is in this one answer and nowhere else, ever. */
static void
handle_add_kiosk (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *municipality = NULL;
  g_autofree char *id = NULL;
  g_autofree char *token = NULL;
  JsonObject      *object;

  soup_message_headers_replace (soup_server_message_get_response_headers (request->msg),
                                "Cache-Control", "no-store");
  if ((object = read_object (request, &root)) == NULL
      || !read_strings (request, object, "name", &name, "municipality", &municipality, NULL))
    return;
  if (!server_store_add_kiosk (request->store, name, municipality, &id, &token, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_message ("Staff %s registered the kiosk %s", request->staff->name, id);
  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", id);
  server_json_add_string (builder, "name", name);
  server_json_add_string (builder, "municipality", municipality);
  server_json_add_string (builder, "token", token);
  json_builder_end_object (builder);
  sodium_memzero (token, strlen (token));
  server_reply_builder (request->msg, SOUP_STATUS_CREATED, builder);
}

static void
handle_revoke_kiosk (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  JsonObject      *object;

  if ((object = read_object (request, &root)) == NULL
      || !read_strings (request, object, "id", &id, NULL))
    return;
  if (!server_store_revoke_kiosk (request->store, id, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  g_message ("Staff %s revoked the kiosk %s", request->staff->name, id);
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* {"id", "host": organisation id or null} → 204: where the kiosk stands, whose opening
 * hours say when it should be heard from. */
static void
handle_set_kiosk_host (ServerRequest *request)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *host = NULL;
  g_autofree char *actor = g_strconcat ("staff:", request->staff->name, NULL);
  JsonObject      *object;

  if ((object = read_object (request, &root)) == NULL
      || !read_strings (request, object, "id", &id, NULL))
    return;
  if (!nv_json_read_string (object, "host", FALSE, &host, &error)
      || !server_store_set_kiosk_host (request->store, id, host, actor, &error))
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  soup_server_message_set_status (request->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

#define SILENCE_DAYS_DEFAULT 7
#define SILENCE_DAYS_MAX 31

static void
add_silence (JsonBuilder *builder, gconstpointer item, gpointer user_data)
{
  const ServerKioskSilence *silence = item;

  json_builder_begin_object (builder);
  server_json_add_string (builder, "id", silence->id);
  server_json_add_string (builder, "name", silence->name);
  server_json_add_string (builder, "host", silence->host);
  json_builder_set_member_name (builder, "host_name");
  if (silence->host != NULL && nv_text_get (&silence->host_name, NV_LANG_FI, NULL) != NULL)
    json_builder_add_value (builder, nv_text_to_json (&silence->host_name));
  else
    json_builder_add_null_value (builder);
  server_json_add_count (builder, "open_hours", silence->open_hours);
  server_json_add_count (builder, "dark_hours", silence->dark_hours);
  server_json_add_unix_time (builder, "last_dark", silence->last_dark);
  json_builder_end_object (builder);
}

/* ?days=N (1…31, default 7) → {"from", "to", "kiosks": [{"id", "name", "host",
 * "host_name", "open_hours", "dark_hours", "last_dark"}…]}: the kiosks in service, and
 * the whole hours of the last N days their host was open and they were not heard from. */
static void
handle_kiosk_silence (ServerRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) kiosks = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  const char *text = request->query != NULL ? g_hash_table_lookup (request->query, "days") : NULL;
  gint64      now = server_store_now (request->store);
  gint64      days = SILENCE_DAYS_DEFAULT;

  if (text != NULL && !g_ascii_string_to_signed (text, 10, 1, SILENCE_DAYS_MAX, &days, NULL))
    {
      server_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "days",
                          "Give the number of days as a whole number from 1 to 31");
      return;
    }
  kiosks = server_store_list_kiosk_silence (request->store, now - days * 24 * 3600, now, now, NULL,
                                            &error);
  if (kiosks == NULL)
    {
      server_reply_gerror (request->msg, error);
      return;
    }
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  server_json_add_unix_time (builder, "from", now - days * 24 * 3600);
  server_json_add_unix_time (builder, "to", now);
  json_builder_set_member_name (builder, "kiosks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < kiosks->len; i++)
    add_silence (builder, g_ptr_array_index (kiosks, i), NULL);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  server_reply_builder (request->msg, SOUP_STATUS_OK, builder);
}
