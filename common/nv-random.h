/* nv-random.h — libsodium, initialised once, for ids, tokens and codes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Initialises libsodium once per process (thread-safe); aborts when the system has
 * no source of randomness, where no token, id or code can be made safely. */
void nv_sodium_ensure (void);

/* @size random bytes from libsodium. */
void nv_random_buf (gpointer buf, gsize size);

G_END_DECLS
