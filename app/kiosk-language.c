/* kiosk-language.c
 *
 * GNU gettext picks its language from the process: $LANGUAGE or the locale. Switching
 * that for a resident would switch every library's messages too, and the log with
 * them. So the kiosk reads its own compiled catalogues (.mo, GNU gettext's format:
 * a header, then two tables of (length, offset) pairs, originals and translations,
 * each string followed by a NUL) into a hash table per language, and looks its words
 * up there.
 *
 * Each catalogue is read once and kept for the life of the process: the strings
 * handed out point into it. Finnish, Swedish and English all have two plural forms,
 * the second for n ≠ 1; a catalogue with another rule is refused, loudly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libintl.h>
#include <string.h>

#include "kiosk-language.h"

#define MO_MAGIC 0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u

typedef struct
{
  char       *data;    /* the file, kept: every string points into it */
  GHashTable *entries; /* original (msgctxt \004 msgid, singular only) → translation */
} Catalogue;

/* A translation: its forms follow one another, each ended by a NUL. */
typedef struct
{
  const char *text;
  guint32     length;
} Translation;

/* GTK's and libadwaita's own words (kiosk-toolkit-gettext.c): their catalogues, looked
 * up in the kiosk's language too. */
static const char *const toolkit_domains[] = { "gtk40", "libadwaita" };
#define N_TOOLKIT_DOMAINS G_N_ELEMENTS (toolkit_domains)

G_LOCK_DEFINE_STATIC (catalogues);
static GHashTable *catalogues; /* "folder/lang" → Catalogue*, or NULL: none readable */
static Catalogue  *current;    /* atomic; NULL: the English source */
static Catalogue  *fallback;   /* atomic; looked in after current: Finnish behind plain Finnish */
static int         current_lang = NV_LANG_EN;
static Catalogue  *toolkit_current[N_TOOLKIT_DOMAINS]; /* atomic; NULL: English */

static guint32
read_u32 (const char *data, gsize offset, gboolean swapped)
{
  guint32 value;

  memcpy (&value, data + offset, sizeof value);
  return swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

/* The string the table entry at @entry describes, if it lies inside the file and ends
 * with its NUL. */
static const char *
table_string (const char *data, gsize size, gsize entry, gboolean swapped, guint32 *out_length)
{
  guint32 length, offset;

  if (entry > size || size - entry < 8)
    return NULL;
  length = read_u32 (data, entry, swapped);
  offset = read_u32 (data, entry + 4, swapped);
  if (offset >= size || size - offset <= length || data[offset + length] != '\0')
    return NULL;
  *out_length = length;
  return data + offset;
}

/* Finnish, Swedish and English: "nplurals=2; plural=(n != 1);". */
static gboolean
plural_rule_supported (const char *header)
{
  const char      *line = header != NULL ? strstr (header, "Plural-Forms:") : NULL;
  g_autofree char *rule = NULL;
  g_autoptr (GString) compact = g_string_new (NULL);

  if (line == NULL)
    return TRUE; /* no plural forms in the catalogue: the source's rule */
  line += strlen ("Plural-Forms:");
  rule = g_strndup (line, strcspn (line, "\n"));
  for (const char *p = rule; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (compact, *p);
  return g_str_equal (compact->str, "nplurals=2;plural=(n!=1);")
         || g_str_equal (compact->str, "nplurals=2;plural=n!=1;");
}

static void
catalogue_free (Catalogue *catalogue)
{
  if (catalogue == NULL)
    return;
  g_hash_table_unref (catalogue->entries);
  g_free (catalogue->data);
  g_free (catalogue);
}

/* Reads @path, or says in the log (in English) why the kiosk stays in English. */
static Catalogue *
catalogue_load (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GHashTable) entries = NULL;
  gsize       size;
  gboolean    swapped;
  guint32     n, originals, translations, length;
  const char *header = NULL;
  Catalogue  *catalogue;

  if (!g_file_get_contents (path, &data, &size, &error))
    {
      /* Not installed (an uninstalled test that binds no catalogues): quietly English. */
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_info ("No catalogue at %s: the kiosk's words stay in English", path);
      else
        g_warning ("Cannot read the catalogue %s: %s. The kiosk's words stay in English", path,
                   error->message);
      return NULL;
    }
  if (size < 28)
    goto damaged;
  swapped = read_u32 (data, 0, FALSE) == MO_MAGIC_SWAPPED;
  if (!swapped && read_u32 (data, 0, FALSE) != MO_MAGIC)
    goto damaged;
  n = read_u32 (data, 8, swapped);
  originals = read_u32 (data, 12, swapped);
  translations = read_u32 (data, 16, swapped);
  if (n > size / 16)
    goto damaged;

  entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  for (guint32 i = 0; i < n; i++)
    {
      const char *original
          = table_string (data, size, (gsize) originals + 8 * (gsize) i, swapped, &length);
      Translation *translation = g_new0 (Translation, 1);

      translation->text = table_string (data, size, (gsize) translations + 8 * (gsize) i, swapped,
                                        &translation->length);
      if (original == NULL || translation->text == NULL)
        {
          g_free (translation);
          goto damaged;
        }
      if (original[0] == '\0')
        header = translation->text;
      /* The key ends at the first NUL: a plural entry's singular. */
      g_hash_table_replace (entries, (gpointer) original, translation);
    }
  if (!plural_rule_supported (header))
    {
      g_warning ("The catalogue %s has a plural rule other than n != 1, which the kiosk "
                 "does not know. The kiosk's words stay in English",
                 path);
      return NULL;
    }

  catalogue = g_new0 (Catalogue, 1);
  catalogue->data = g_steal_pointer (&data);
  catalogue->entries = g_steal_pointer (&entries);
  return catalogue;

damaged:
  g_warning ("The catalogue %s is damaged. The kiosk's words stay in English", path);
  return NULL;
}

static const Translation *
lookup (const char *key)
{
  Catalogue         *catalogue = g_atomic_pointer_get (&current);
  Catalogue         *behind = g_atomic_pointer_get (&fallback);
  const Translation *translation = NULL;

  if (catalogue != NULL)
    translation = g_hash_table_lookup (catalogue->entries, key);
  if (translation == NULL && behind != NULL)
    translation = g_hash_table_lookup (behind->entries, key);
  return translation;
}

/* The catalogue of @domain for @locale ("fi", "fi@selko") in @folder, read once; NULL
 * when there is none. Called with the lock held. */
static Catalogue *
catalogue_for (const char *folder, const char *locale, const char *domain)
{
  g_autofree char *file = g_strconcat (domain, ".mo", NULL);
  g_autofree char *key = g_build_filename (folder, locale, "LC_MESSAGES", file, NULL);
  Catalogue       *catalogue = NULL;

  if (!g_hash_table_lookup_extended (catalogues, key, NULL, (gpointer *) &catalogue))
    {
      catalogue = catalogue_load (key);
      g_hash_table_insert (catalogues, g_steal_pointer (&key), catalogue);
    }
  return catalogue;
}

void
kiosk_language_apply (NvLang lang)
{
  const char *folder;
  Catalogue  *catalogue = NULL;
  Catalogue  *behind = NULL;

  g_return_if_fail (lang < NV_N_LANGS);

  G_LOCK (catalogues);
  if (catalogues == NULL)
    catalogues
        = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) catalogue_free);
  /* Where main() (or a test) bound the kiosk's catalogues: the installed ones, or the
   * build tree's. English is the source language. Plain Finnish has a catalogue for a
   * few words only (po/fi@selko.po): Finnish for the rest. */
  folder = bindtextdomain (GETTEXT_PACKAGE, NULL);
  if (lang == NV_LANG_FI_PLAIN && folder != NULL)
    {
      catalogue = catalogue_for (folder, "fi@selko", GETTEXT_PACKAGE);
      behind = catalogue_for (folder, "fi", GETTEXT_PACKAGE);
    }
  else if (lang != NV_LANG_EN && folder != NULL)
    catalogue = catalogue_for (folder, nv_lang_to_code (lang), GETTEXT_PACKAGE);
  g_atomic_pointer_set (&current, catalogue);
  g_atomic_pointer_set (&fallback, behind);
  /* GTK's words: English is their source too; plain Finnish is Finnish to them. The
   * folder is the one GTK bound, or gettext's default. */
  for (guint i = 0; i < N_TOOLKIT_DOMAINS; i++)
    {
      const char *toolkit_folder = bindtextdomain (toolkit_domains[i], NULL);
      const char *code = lang == NV_LANG_FI_PLAIN ? "fi" : nv_lang_to_code (lang);

      g_atomic_pointer_set (&toolkit_current[i],
                            lang != NV_LANG_EN && toolkit_folder != NULL
                                ? catalogue_for (toolkit_folder, code, toolkit_domains[i])
                                : NULL);
    }
  g_atomic_int_set (&current_lang, lang);
  G_UNLOCK (catalogues);
}

NvLang
kiosk_language_get (void)
{
  return g_atomic_int_get (&current_lang);
}

const char *
kiosk_language_gettext (const char *msgid)
{
  const Translation *translation;

  g_return_val_if_fail (msgid != NULL, NULL);

  /* The header's key: never a word to show. */
  if (msgid[0] == '\0')
    return msgid;
  translation = lookup (msgid);
  return translation != NULL ? translation->text : msgid;
}

const char *
kiosk_language_pgettext (const char *context, const char *msgid)
{
  g_autofree char   *key = NULL;
  const Translation *translation;

  g_return_val_if_fail (context != NULL, NULL);
  g_return_val_if_fail (msgid != NULL, NULL);

  key = g_strconcat (context, "\004", msgid, NULL);
  translation = lookup (key);
  return translation != NULL ? translation->text : msgid;
}

const char *
kiosk_language_ngettext (const char *one, const char *many, gulong n)
{
  const Translation *translation;
  const char        *form;

  g_return_val_if_fail (one != NULL, NULL);
  g_return_val_if_fail (many != NULL, NULL);

  translation = lookup (one);
  if (translation == NULL)
    return n == 1 ? one : many;
  form = translation->text;
  /* The second form, when there is one inside the translation's length. */
  if (n != 1 && strlen (form) < translation->length)
    form += strlen (form) + 1;
  return form;
}

/* The form of @one (or @many for @n, when @many is not NULL) in @catalogue. */
static const char *
translate (Catalogue *catalogue, const char *one, const char *many, gulong n)
{
  const Translation *translation
      = catalogue != NULL ? g_hash_table_lookup (catalogue->entries, one) : NULL;
  const char *form;

  if (translation == NULL)
    return many != NULL && n != 1 ? many : one;
  form = translation->text;
  if (many != NULL && n != 1 && strlen (form) < translation->length)
    form += strlen (form) + 1;
  return form;
}

const char *
kiosk_language_toolkit_gettext (const char *domain, const char *one, const char *many, gulong n)
{
  if (domain == NULL || one == NULL || one[0] == '\0')
    return NULL;
  for (guint i = 0; i < N_TOOLKIT_DOMAINS; i++)
    if (strcmp (domain, toolkit_domains[i]) == 0)
      return translate (g_atomic_pointer_get (&toolkit_current[i]), one, many, n);
  return NULL;
}
