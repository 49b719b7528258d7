/* nv-random.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sodium.h>

#include "nv-random.h"

void
nv_sodium_ensure (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      if (sodium_init () < 0)
        g_error ("libsodium cannot be initialised");
      g_once_init_leave (&initialised, 1);
    }
}

void
nv_random_buf (gpointer buf, gsize size)
{
  nv_sodium_ensure ();
  randombytes_buf (buf, size);
}
