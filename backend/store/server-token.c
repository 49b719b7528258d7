/* server-token.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "nv-random.h"
#include "server-token.h"

#define SECRET_BYTES 32

/* Kept for the staff code; libsodium is initialised once in common/. */
void
server_sodium_ensure (void)
{
  nv_sodium_ensure ();
}

char *
server_token_random (void)
{
  guchar secret[SECRET_BYTES];
  char  encoded[sodium_base64_ENCODED_LEN (SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  char *copy;

  nv_sodium_ensure ();
  randombytes_buf (secret, sizeof secret);
  sodium_bin2base64 (encoded, sizeof encoded, secret, sizeof secret,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (secret, sizeof secret);
  copy = g_strdup (encoded);
  sodium_memzero (encoded, sizeof encoded);
  return copy;
}

char *
server_token_new (const char *kiosk_id)
{
  g_autofree char *secret = NULL;
  char            *token;

  g_return_val_if_fail (kiosk_id != NULL, NULL);

  secret = server_token_random ();
  token = g_strdup_printf ("nvk_%s_%s", kiosk_id, secret);
  sodium_memzero (secret, strlen (secret));
  return token;
}

gboolean
server_token_parse (const char *token, char **out_kiosk_id, char **out_secret)
{
  const char *id_start;
  const char *separator;

  if (token == NULL || !g_str_has_prefix (token, "nvk_"))
    return FALSE;
  id_start = token + 4;
  /* Kiosk ids have no "_"; the base64url secret may. */
  separator = strchr (id_start, '_');
  if (separator == NULL || separator == id_start || strlen (separator + 1) < 32)
    return FALSE;
  *out_kiosk_id = g_strndup (id_start, separator - id_start);
  *out_secret = g_strdup (separator + 1);
  return TRUE;
}

char *
server_token_hash (const char *secret)
{
  guchar hash[crypto_generichash_BYTES];
  char   hex[crypto_generichash_BYTES * 2 + 1];

  g_return_val_if_fail (secret != NULL, NULL);

  nv_sodium_ensure ();
  crypto_generichash (hash, sizeof hash, (const guchar *) secret, strlen (secret), NULL, 0);
  sodium_bin2hex (hex, sizeof hex, hash, sizeof hash);
  return g_strdup (hex);
}

gboolean
server_token_hash_equal (const char *a, const char *b)
{
  if (a == NULL || b == NULL || strlen (a) != strlen (b))
    return FALSE;
  return sodium_memcmp (a, b, strlen (a)) == 0;
}

char *
server_token_make_id (const char *prefix)
{
  guchar bytes[4];
  char   hex[sizeof bytes * 2 + 1];

  g_return_val_if_fail (prefix != NULL, NULL);

  server_sodium_ensure ();
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  return g_strdup_printf ("%s-%s", prefix, hex);
}
