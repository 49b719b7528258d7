/* server-token.h — kiosk and staff session tokens: made with libsodium, stored only as hashes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "nvk_<kiosk id>_<43 characters of base64url>": 256 random bits after the id. */
char *server_token_new (const char *kiosk_id);
/* sodium_init(), once; before any other libsodium call. */
void server_sodium_ensure (void);
/* "@prefix-" and 32 random bits in hex ("kiosk-1a2b3c4d"): a short id that names a row. */
char *server_token_make_id (const char *prefix);
/* 256 random bits as 43 characters of base64url: session and CSRF tokens. */
char *server_token_random (void);
/* Splits a token into the kiosk id and its secret part; FALSE when malformed. */
gboolean server_token_parse (const char *token, char **out_kiosk_id, char **out_secret);
/* BLAKE2b-256 of the secret, hex. Tokens are random, so a fast hash is enough:
 * there is nothing to guess, only to keep secret. */
char *server_token_hash (const char *secret);
/* Constant-time comparison of two hex hashes. */
gboolean server_token_hash_equal (const char *a, const char *b);

G_END_DECLS
