/* server-store-users.h — staff accounts, sessions and sign-in throttling
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "server-store.h"

G_BEGIN_DECLS

/* Staff accounts, sessions and sign-in throttling (server-store-users.c) */

/* A bitmask, so a route can name the roles it admits (server-route.h). */
typedef enum
{
  SERVER_ROLE_ADVISOR = 1 << 0,
  SERVER_ROLE_EVALUATOR = 1 << 1,
  SERVER_ROLE_ADMIN = 1 << 2,
} ServerRole;

#define SERVER_ROLES_ANY (SERVER_ROLE_ADVISOR | SERVER_ROLE_EVALUATOR | SERVER_ROLE_ADMIN)

#define SERVER_PASSWORD_MIN_CHARS 10
#define SERVER_PASSWORD_MAX_BYTES 1024
#define SERVER_SESSION_MAX_AGE (8 * 60 * 60) /* seconds: absolute */
#define SERVER_SESSION_IDLE (30 * 60)        /* seconds without a request */
#define SERVER_LOGIN_FREE_FAILURES 3
#define SERVER_LOGIN_MAX_DELAY (15 * 60)

/* "advisor", "evaluator", "admin"; NULL for anything else. */
const char *server_role_to_string (ServerRole role);
/* FALSE for anything but one of the three names. */
gboolean server_role_from_string (const char *text, ServerRole *out_role);
/* 2 to 64 of a-z 0-9 . _ - @, starting with a letter or digit. */
gboolean server_user_name_is_valid (const char *name);

typedef struct
{
  gint64     id;
  char      *name;
  ServerRole role;
  gint64     created;  /* Unix seconds */
  gint64     disabled; /* 0: enabled */
} ServerUser;

void server_user_free (ServerUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerUser, server_user_free)

/* A signed-in staff member, as the HTTP layer hands it to handlers. */
typedef struct
{
  gint64     user_id;
  char      *name;
  ServerRole role;
  char      *token_hash; /* the session's key; the token itself is never stored */
  char      *csrf_token;
  gint64     expires; /* Unix seconds */
} ServerSession;

void server_session_free (ServerSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServerSession, server_session_free)

/* Validates the name, role and password (at least SERVER_PASSWORD_MIN_CHARS characters)
 * and keeps only an Argon2id hash of the password. NV_ERROR_CONFLICT for a taken name. */
gboolean server_store_add_user (
    ServerStore *self, const char *name, ServerRole role, const char *password, GError **error);
GPtrArray *server_store_list_users (ServerStore *self, GError **error);
/* NULL with NV_ERROR_NOT_FOUND when there is no such user. */
ServerUser *server_store_find_user (ServerStore *self, const char *name, GError **error);
/* Disabling also ends the user's sessions; disabling twice is not an error. The last
 * enabled admin cannot be disabled, nor lose the admin role (NV_ERROR_CONFLICT). */
gboolean server_store_disable_user (ServerStore *self, const char *name, GError **error);
/* Enabling an enabled user is not an error. */
gboolean server_store_enable_user (ServerStore *self, const char *name, GError **error);
/* Changes the role and ends the user's sessions (they carry the old role). */
gboolean
server_store_set_user_role (ServerStore *self, const char *name, ServerRole role, GError **error);
/* Replaces the password and ends the user's sessions. */
gboolean server_store_set_password (ServerStore *self,
                                    const char  *name,
                                    const char  *password,
                                    GError     **error);
/* The enabled user with this name and password, or NULL. Takes the same time whether
 * or not the name exists, so the answer tells nothing about which names do. */
ServerUser *server_store_check_password (ServerStore *self, const char *name, const char *password);

/* Starts a session of SERVER_SESSION_MAX_AGE; *@out_token (for the cookie) is stored
 * only as a hash. Removes expired sessions on the way. */
ServerSession *
server_store_create_session (ServerStore *self, gint64 user_id, char **out_token, GError **error);
/* The live session of an enabled user for @token, or NULL; an expired one is removed. */
ServerSession *server_store_authenticate_session (ServerStore *self, const char *token);
void           server_store_delete_session (ServerStore *self, const char *token_hash);

/* Throttling, per @key ("user:NAME", "addr:IP"): after SERVER_LOGIN_FREE_FAILURES
 * failures, the next try must wait 2^(failures - 3) s after the last, at most
 * SERVER_LOGIN_MAX_DELAY. Returns the seconds left to wait; 0: go ahead. */
gint64 server_store_login_delay (ServerStore *self, const char *key);
void   server_store_note_login_failure (ServerStore *self, const char *key);
void   server_store_clear_login_failures (ServerStore *self, const char *key);

G_END_DECLS
