/* server-store-users.c — staff accounts, their sessions, and sign-in throttling
 *
 * Passwords are kept only as Argon2id hashes (libsodium's crypto_pwhash_str), session
 * tokens only as BLAKE2b hashes (like kiosk tokens: they are random, so a fast hash
 * suffices). Every time comes from server_store_now(), so tests can move the clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "server-store-private.h"
#include "server-token.h"

#define USER_NAME_MIN 2
#define USER_NAME_MAX 64
/* last_seen is written at most this often, not on every request (each write is an fsync). */
#define LAST_SEEN_RESOLUTION 60
/* A day without failures forgets a key's count. */
#define LOGIN_FAILURE_MEMORY (24 * 60 * 60)

static const struct
{
  ServerRole  role;
  const char *name;
} role_names[] = {
  { SERVER_ROLE_ADVISOR, "advisor" },
  { SERVER_ROLE_EVALUATOR, "evaluator" },
  { SERVER_ROLE_ADMIN, "admin" },
};

const char *
server_role_to_string (ServerRole role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (role_names[i].role == role)
      return role_names[i].name;
  return NULL;
}

gboolean
server_role_from_string (const char *text, ServerRole *out_role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (role_names[i].name, text) == 0)
      {
        *out_role = role_names[i].role;
        return TRUE;
      }
  return FALSE;
}

/* Plain lower-case ASCII: no look-alike or differently-cased twins of a name. */
gboolean
server_user_name_is_valid (const char *name)
{
  gsize length;

  if (name == NULL)
    return FALSE;
  length = strlen (name);
  if (length < USER_NAME_MIN || length > USER_NAME_MAX
      || !(g_ascii_islower (name[0]) || g_ascii_isdigit (name[0])))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr ("._-@", *p) == NULL)
      return FALSE;
  return TRUE;
}

void
server_user_free (ServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user);
}

void
server_session_free (ServerSession *session)
{
  if (session == NULL)
    return;
  g_free (session->name);
  g_free (session->token_hash);
  if (session->csrf_token != NULL)
    sodium_memzero (session->csrf_token, strlen (session->csrf_token));
  g_free (session->csrf_token);
  g_free (session);
}

static gboolean
validate_name (const char *name, GError **error)
{
  if (!server_user_name_is_valid (name))
    {
      nv_set_field_error (error, "name",
                          "must be %d to %d of a–z, 0–9, “.”, “_”, “-” and “@”, "
                          "starting with a letter or digit",
                          USER_NAME_MIN, USER_NAME_MAX);
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_password (const char *password, GError **error)
{
  if (password == NULL || !g_utf8_validate (password, -1, NULL)
      || strlen (password) > SERVER_PASSWORD_MAX_BYTES
      || g_utf8_strlen (password, -1) < SERVER_PASSWORD_MIN_CHARS)
    {
      nv_set_field_error (error, "password",
                          "must be at least %d characters (and at most %d "
                          "bytes)",
                          SERVER_PASSWORD_MIN_CHARS, SERVER_PASSWORD_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

/* Argon2id's cost: about 0.1 s and 64 MiB a hash. Tests may lower it. */
static unsigned long long pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t             pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void
server_store_use_cheap_password_hashing (void)
{
  pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
}

/* Argon2id, "$argon2id$v=19$m=…": the parameters travel with the hash, so a hash made
 * at another cost still verifies. */
static char *
hash_password (const char *password, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];

  server_sodium_ensure ();
  if (crypto_pwhash_str_alg (hash, password, strlen (password), pwhash_opslimit, pwhash_memlimit,
                             crypto_pwhash_ALG_ARGON2ID13)
      != 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_FAILED,
                   "There is not enough memory to hash the password");
      return NULL;
    }
  return g_strdup (hash);
}

/* What an unknown name is checked against, so that it costs as much as a known one. */
static const char *
dummy_hash (void)
{
  static char *hash;

  if (g_once_init_enter (&hash))
    {
      g_autofree char *random = server_token_random ();
      char            *computed = hash_password (random, NULL);

      g_once_init_leave (&hash, computed != NULL ? computed : g_strdup (""));
    }
  return hash;
}

static ServerUser *
user_from_row (sqlite3_stmt *stmt)
{
  ServerUser *user = g_new0 (ServerUser, 1);

  /* id, name, role, created, disabled */
  user->id = sqlite3_column_int64 (stmt, 0);
  user->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  if (!server_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &user->role))
    g_assert_not_reached (); /* the table's CHECK constraint */
  user->created = sqlite3_column_int64 (stmt, 3);
  user->disabled
      = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 4);
  return user;
}

gboolean
server_store_add_user (
    ServerStore *self, const char *name, ServerRole role, const char *password, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *hash = NULL;
  int              rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if (!validate_name (name, error))
    return FALSE;
  if (server_role_to_string (role) == NULL)
    {
      nv_set_field_error (error, "role", "must be advisor, evaluator or admin");
      return FALSE;
    }
  if (!validate_password (password, error) || (hash = hash_password (password, error)) == NULL)
    return FALSE;

  if ((stmt = server_store_cached (self,
                                   "INSERT INTO users (name, role, password_hash, created) "
                                   "VALUES (?1, ?2, ?3, ?4)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, server_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, server_store_now (self));
  rc = sqlite3_step (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) /* extended codes are on */
    {
      g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT, "There is already a user “%s”", name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return nv_sqlite_error (error, server_store_get_db (self), "Cannot add the user");
  return TRUE;
}

GPtrArray *
server_store_list_users (ServerStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (GPtrArray) users = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (self,
                                   "SELECT id, name, role, created, disabled FROM users "
                                   "ORDER BY name",
                                   error))
      == NULL)
    return NULL;
  users = g_ptr_array_new_with_free_func ((GDestroyNotify) server_user_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot list the users");
      return NULL;
    }
  return g_steal_pointer (&users);
}

ServerUser *
server_store_find_user (ServerStore *self, const char *name, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if ((stmt = server_store_cached (self,
                                   "SELECT id, name, role, created, disabled FROM users "
                                   "WHERE name = ?1",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return user_from_row (stmt);
  if (rc != SQLITE_DONE)
    nv_sqlite_error (error, server_store_get_db (self), "Cannot read the user");
  else
    g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no user “%s”", name);
  return NULL;
}

static gboolean
delete_user_sessions (ServerStore *self, const char *name, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (self,
                                   "DELETE FROM staff_sessions WHERE user = "
                                   "(SELECT id FROM users WHERE name = ?1)",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  return nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot end the user's sessions",
                              error);
}

/* How many enabled admins there are; -1 on error. */
static gint64
count_enabled_admins (ServerStore *self, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  if ((stmt = server_store_cached (
           self, "SELECT count(*) FROM users WHERE role = 'admin' AND disabled IS NULL", error))
      == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      nv_sqlite_error (error, server_store_get_db (self), "Cannot count the admins");
      return -1;
    }
  return sqlite3_column_int64 (stmt, 0);
}

typedef enum
{
  KEEP_SESSIONS = 0,
  END_SESSIONS = 1 << 0,
  KEEP_AN_ADMIN = 1 << 1, /* refuse a change that leaves no enabled admin */
} UserChange;

/* Runs @stmt, an UPDATE of one user bound to @name, in one transaction with what @flags
 * ask: ending that user's sessions, refusing to leave the store without an enabled admin
 * (when it had one: a store with no admin yet, like the demo's, is left as it is). */
static gboolean
update_user (
    ServerStore *self, sqlite3_stmt *stmt, const char *name, UserChange flags, GError **error)
{
  sqlite3 *db = server_store_get_db (self);
  gint64   admins_before = 0;
  gint64   admins_after = 0;
  gboolean ok;

  if (!nv_sqlite_begin (db, NV_SQLITE_WRITE, error))
    return FALSE;
  ok = !(flags & KEEP_AN_ADMIN) || (admins_before = count_enabled_admins (self, error)) >= 0;
  ok = ok && nv_sqlite_step_done (db, stmt, "Cannot change the user", error);
  if (ok && sqlite3_changes (db) == 0)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND, "There is no user “%s”", name);
      ok = FALSE;
    }
  if (ok && (flags & KEEP_AN_ADMIN))
    {
      ok = (admins_after = count_enabled_admins (self, error)) >= 0;
      if (ok && admins_before > 0 && admins_after == 0)
        {
          g_set_error (error, NV_ERROR, NV_ERROR_CONFLICT,
                       "%s is the last admin: make another user an admin first", name);
          ok = FALSE;
        }
    }
  ok = ok && (!(flags & END_SESSIONS) || delete_user_sessions (self, name, error));
  return nv_sqlite_end (db, ok, error);
}

gboolean
server_store_disable_user (ServerStore *self, const char *name, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if ((stmt = server_store_cached (self,
                                   "UPDATE users SET disabled = coalesce(disabled, ?2) "
                                   "WHERE name = ?1",
                                   error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, server_store_now (self));
  return update_user (self, stmt, name, END_SESSIONS | KEEP_AN_ADMIN, error);
}

gboolean
server_store_enable_user (ServerStore *self, const char *name, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if ((stmt = server_store_cached (self, "UPDATE users SET disabled = NULL WHERE name = ?1", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  return update_user (self, stmt, name, KEEP_SESSIONS, error);
}

gboolean
server_store_set_user_role (ServerStore *self, const char *name, ServerRole role, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if ((stmt = server_store_cached (self, "UPDATE users SET role = ?2 WHERE name = ?1", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, server_role_to_string (role), -1, SQLITE_STATIC);
  /* A session carries its role: the user signs in again with the new one. */
  return update_user (self, stmt, name, END_SESSIONS | KEEP_AN_ADMIN, error);
}

gboolean
server_store_set_password (ServerStore *self,
                           const char  *name,
                           const char  *password,
                           GError     **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (SERVER_IS_STORE (self), FALSE);

  if (!validate_password (password, error) || (hash = hash_password (password, error)) == NULL)
    return FALSE;
  if ((stmt
       = server_store_cached (self, "UPDATE users SET password_hash = ?2 WHERE name = ?1", error))
      == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, hash, -1, SQLITE_TRANSIENT);
  return update_user (self, stmt, name, END_SESSIONS, error);
}

ServerUser *
server_store_check_password (ServerStore *self, const char *name, const char *password)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autoptr (ServerUser) user = NULL;
  g_autofree char *hash = NULL;
  gboolean         matches;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if (name != NULL
      && (stmt = server_store_cached (self,
                                      "SELECT id, name, role, created, disabled, "
                                      "password_hash FROM users WHERE name = ?1",
                                      NULL))
             != NULL)
    {
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          user = user_from_row (stmt);
          hash = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
        }
    }
  matches = password != NULL && strlen (password) <= SERVER_PASSWORD_MAX_BYTES
            && crypto_pwhash_str_verify (hash != NULL ? hash : dummy_hash (), password,
                                         strlen (password))
                   == 0;
  if (user == NULL || user->disabled != 0 || !matches)
    return NULL;
  return g_steal_pointer (&user);
}

/* Sessions */

static void
remove_expired_sessions (ServerStore *self, gint64 now)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  stmt = server_store_cached (self,
                              "DELETE FROM staff_sessions WHERE expires <= ?1 "
                              "OR last_seen <= ?2",
                              NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, now - SERVER_SESSION_IDLE);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_debug ("Cannot remove expired staff sessions");
}

/* The session with @token_hash of an enabled user, and when it was last seen. */
static ServerSession *
read_session (ServerStore *self, const char *token_hash, gint64 *out_last_seen)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  ServerSession *session;

  stmt = server_store_cached (self,
                              "SELECT s.user, u.name, u.role, s.csrf_token, s.expires, "
                              "s.last_seen FROM staff_sessions s JOIN users u ON u.id = s.user "
                              "WHERE s.token_hash = ?1 AND u.disabled IS NULL",
                              NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  session = g_new0 (ServerSession, 1);
  session->user_id = sqlite3_column_int64 (stmt, 0);
  session->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  if (!server_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &session->role))
    g_assert_not_reached ();
  session->token_hash = g_strdup (token_hash);
  session->csrf_token = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  session->expires = sqlite3_column_int64 (stmt, 4);
  *out_last_seen = sqlite3_column_int64 (stmt, 5);
  return session;
}

ServerSession *
server_store_create_session (ServerStore *self, gint64 user_id, char **out_token, GError **error)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *csrf_token = NULL;
  gint64           now = server_store_now (self);
  gint64           last_seen;
  ServerSession   *session;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);
  g_return_val_if_fail (out_token != NULL, NULL);

  remove_expired_sessions (self, now);
  token = server_token_random ();
  token_hash = server_token_hash (token);
  csrf_token = server_token_random ();
  if ((stmt = server_store_cached (self,
                                   "INSERT INTO staff_sessions (token_hash, user, "
                                   "csrf_token, created, expires, last_seen) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
                                   error))
      == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_text (stmt, 3, csrf_token, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now + SERVER_SESSION_MAX_AGE);
  if (!nv_sqlite_step_done (server_store_get_db (self), stmt, "Cannot start the session", error))
    return NULL;
  if ((session = read_session (self, token_hash, &last_seen)) == NULL)
    {
      g_set_error (error, NV_ERROR, NV_ERROR_NOT_FOUND,
                   "There is no enabled user %" G_GINT64_FORMAT, user_id);
      server_store_delete_session (self, token_hash);
      return NULL;
    }
  *out_token = g_steal_pointer (&token);
  return session;
}

ServerSession *
server_store_authenticate_session (ServerStore *self, const char *token)
{
  g_autoptr (ServerSession) session = NULL;
  g_autofree char *token_hash = NULL;
  gint64           now = server_store_now (self);
  gint64           last_seen;

  g_return_val_if_fail (SERVER_IS_STORE (self), NULL);

  if (token == NULL || token[0] == '\0' || strlen (token) > 128)
    return NULL;
  token_hash = server_token_hash (token);
  if ((session = read_session (self, token_hash, &last_seen)) == NULL)
    return NULL;
  if (now >= session->expires || now >= last_seen + SERVER_SESSION_IDLE)
    {
      server_store_delete_session (self, token_hash);
      return NULL;
    }
  if (now - last_seen >= LAST_SEEN_RESOLUTION)
    {
      g_autoptr (NvSqliteCachedStmt) stmt = NULL;

      stmt = server_store_cached (self,
                                  "UPDATE staff_sessions SET last_seen = ?2 "
                                  "WHERE token_hash = ?1",
                                  NULL);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, now);
          /* Bookkeeping: a failure only shortens the idle time left. */
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_debug ("Cannot note a staff session's activity");
        }
    }
  return g_steal_pointer (&session);
}

void
server_store_delete_session (ServerStore *self, const char *token_hash)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_if_fail (SERVER_IS_STORE (self));

  stmt = server_store_cached (self, "DELETE FROM staff_sessions WHERE token_hash = ?1", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Cannot end a staff session: %s", sqlite3_errmsg (server_store_get_db (self)));
}

/* Sign-in throttling */

gint64
server_store_login_delay (ServerStore *self, const char *key)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;
  gint64 failures, last_failure, wait;

  g_return_val_if_fail (SERVER_IS_STORE (self), 0);

  stmt = server_store_cached (self,
                              "SELECT failures, last_failure FROM login_failures "
                              "WHERE key = ?1",
                              NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  failures = sqlite3_column_int64 (stmt, 0);
  last_failure = sqlite3_column_int64 (stmt, 1);
  if (failures < SERVER_LOGIN_FREE_FAILURES)
    return 0;
  /* 1, 2, 4, … s; from the 13th failure on, the cap (2^10 s would pass it). */
  wait = failures - SERVER_LOGIN_FREE_FAILURES >= 10
             ? SERVER_LOGIN_MAX_DELAY
             : MIN ((gint64) 1 << (failures - SERVER_LOGIN_FREE_FAILURES), SERVER_LOGIN_MAX_DELAY);
  return MAX (last_failure + wait - server_store_now (self), 0);
}

void
server_store_note_login_failure (ServerStore *self, const char *key)
{
  g_autoptr (NvSqliteCachedStmt) forget = NULL;
  g_autoptr (NvSqliteCachedStmt) note = NULL;
  gint64 now = server_store_now (self);

  g_return_if_fail (SERVER_IS_STORE (self));

  forget = server_store_cached (self, "DELETE FROM login_failures WHERE last_failure < ?1", NULL);
  note = server_store_cached (self,
                              "INSERT INTO login_failures (key, failures, last_failure) "
                              "VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET "
                              "failures = failures + 1, last_failure = excluded.last_failure",
                              NULL);
  if (forget == NULL || note == NULL)
    return;
  sqlite3_bind_int64 (forget, 1, now - LOGIN_FAILURE_MEMORY);
  sqlite3_bind_text (note, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (note, 2, now);
  if (sqlite3_step (forget) != SQLITE_DONE || sqlite3_step (note) != SQLITE_DONE)
    g_warning ("Cannot record a failed sign-in: %s", sqlite3_errmsg (server_store_get_db (self)));
}

void
server_store_clear_login_failures (ServerStore *self, const char *key)
{
  g_autoptr (NvSqliteCachedStmt) stmt = NULL;

  g_return_if_fail (SERVER_IS_STORE (self));

  stmt = server_store_cached (self, "DELETE FROM login_failures WHERE key = ?1", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_warning ("Cannot clear failed sign-ins: %s", sqlite3_errmsg (server_store_get_db (self)));
}
