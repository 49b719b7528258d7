/* kiosk-toolkit-gettext.c
 *
 * GTK and libadwaita show words of their own: a text field's context menu, the names of
 * roles a screen reader speaks ("button"), a dialog's buttons. They look them up with
 * GNU gettext in their domains (gtk40, libadwaita), in the process's language, which the
 * kiosk leaves as the machine set it (kiosk-language.c: the log stays in English). So
 * GTK's words would stay in the machine's locale while residents read Swedish.
 *
 * GLib and GTK call gettext through the C library's dcgettext (dgettext is a macro for
 * it in optimised code) and friends. The kiosk's executable defines them, and the
 * dynamic linker binds every library's calls to the executable's definitions first:
 * for the toolkit's two domains they answer from those domains' catalogues in the
 * kiosk's language (kiosk_language_toolkit_gettext ()); every other domain, GLib's own
 * messages and errors included, goes to the C library's as before (RTLD_NEXT).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <dlfcn.h>
#include <locale.h>

#include "kiosk-language.h"

typedef char *(*DcgettextFunc) (const char *domain, const char *msgid, int category);
typedef char *(*DcngettextFunc) (
    const char *domain, const char *one, const char *many, unsigned long n, int category);

/* As <libintl.h> declares them; it is not included, since it makes some of them macros. */
char *dcgettext (const char *domain, const char *msgid, int category);
char *dgettext (const char *domain, const char *msgid);
char *
dcngettext (const char *domain, const char *one, const char *many, unsigned long n, int category);
char *dngettext (const char *domain, const char *one, const char *many, unsigned long n);

static gpointer
next_definition (const char *name)
{
  gpointer function = dlsym (RTLD_NEXT, name);

  if (function == NULL)
    g_error ("The C library has no %s", name);
  return function;
}

char *
dcgettext (const char *domain, const char *msgid, int category)
{
  static DcgettextFunc next;
  const char          *answer;

  if (category == LC_MESSAGES
      && (answer = kiosk_language_toolkit_gettext (domain, msgid, NULL, 1)) != NULL)
    return (char *) answer;
  if (g_atomic_pointer_get (&next) == NULL)
    g_atomic_pointer_set (&next, next_definition ("dcgettext"));
  return next (domain, msgid, category);
}

char *
dgettext (const char *domain, const char *msgid)
{
  return dcgettext (domain, msgid, LC_MESSAGES);
}

char *
dcngettext (const char *domain, const char *one, const char *many, unsigned long n, int category)
{
  static DcngettextFunc next;
  const char           *answer;

  if (category == LC_MESSAGES
      && (answer = kiosk_language_toolkit_gettext (domain, one, many, n)) != NULL)
    return (char *) answer;
  if (g_atomic_pointer_get (&next) == NULL)
    g_atomic_pointer_set (&next, next_definition ("dcngettext"));
  return next (domain, one, many, n, category);
}

char *
dngettext (const char *domain, const char *one, const char *many, unsigned long n)
{
  return dcngettext (domain, one, many, n, LC_MESSAGES);
}
