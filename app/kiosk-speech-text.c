/* kiosk-speech-text.c
 *
 * A synthesiser reads "116117" as a hundred and sixteen thousand…, "2/7" as a date or
 * "two slash seven", and "K7CM3X" as a word. A resident who cannot see the screen must
 * hear a number the way they will dial it, and a code the way they will repeat it to an
 * advisor. The text is scanned once, byte by byte: everything the rules look at is
 * ASCII, and UTF-8 never has an ASCII byte inside a letter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kiosk-speech-text.h"

#define MAX_GROUPS 8

/* Between the two numbers of a position in a whole: "2/7" */
static const char *const of_words[NV_N_LANGS] = {
  [NV_LANG_FI] = ", kaikkiaan ",
  [NV_LANG_SV] = " av ",
  [NV_LANG_EN] = " of ",
  [NV_LANG_FI_PLAIN] = ", kaikkiaan ",
};

/* A number after one of these is dialled, never counted: "Hätänumero 112". */
static const char *const number_words[] = {
  "numero", "numeroon", "nummer", "nummret", "number", "nro", "puh", "tel", "soita", "ring", "call",
};

typedef struct
{
  const char *start;
  gsize       len;
} Group;

static gboolean
is_word_byte (char c)
{
  return g_ascii_isalnum (c) || (guchar) c >= 0x80;
}

/* Part of a time, a date or a decimal: "9.00", "6.12.", "1,5", "10:30". */
static gboolean
is_joiner (char c)
{
  return c == '.' || c == ':' || c == ',' || c == '/';
}

static gsize
digits_at (const char *p)
{
  gsize n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  return n;
}

static gboolean
follows_number_word (const char *text, const char *at)
{
  const char *end = at;
  const char *start;

  while (end > text && (end[-1] == ' ' || end[-1] == ':'))
    end--;
  start = end;
  while (start > text && g_ascii_isalpha (start[-1]))
    start--;
  for (guint i = 0; i < G_N_ELEMENTS (number_words); i++)
    {
      gsize len = strlen (number_words[i]);

      if ((gsize) (end - start) >= len
          && g_ascii_strncasecmp (end - len, number_words[i], len) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
append_spelled (GString *out, const char *chars, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, chars[i]);
    }
}

/* One group of digits, or a long run without spaces cut as a phone number is written:
 * "0401234567" → 040 123 4567. */
static void
append_digit_group (GString *out, const Group *group, gboolean split)
{
  const char *p = group->start;
  gsize       left = group->len;

  while (left > 0)
    {
      gsize take = split && left > 4 ? 3 : left;

      if (p != group->start)
        g_string_append (out, ", ");
      append_spelled (out, p, take);
      p += take;
      left -= take;
    }
}

/* A code: capitals and digits, at least one of each, 4 to 10 long. Returns its length
 * or 0. */
static gsize
code_at (const char *p)
{
  gboolean letter = FALSE, digit = FALSE;
  gsize    n = 0;

  while (g_ascii_isupper (p[n]) || g_ascii_isdigit (p[n]))
    {
      letter |= g_ascii_isupper (p[n]);
      digit |= g_ascii_isdigit (p[n]);
      n++;
    }
  if (n < 4 || n > 10 || !letter || !digit || is_word_byte (p[n]))
    return 0;
  return n;
}

/* A number at @p (a digit, or + and a digit), at the start of a word. Appends how it
 * is spoken and returns where the text goes on. */
static const char *
append_number (GString *out, const char *text, const char *p, NvLang lang)
{
  Group       groups[MAX_GROUPS];
  guint       n_groups = 0;
  gboolean    plus = *p == '+';
  const char *q = plus ? p + 1 : p;
  gboolean    zero = *q == '0';
  gsize       total = 0;
  gboolean    phone;
  gboolean    postal;

  /* Groups apart by one space, or by a hyphen in a number with an area code. */
  for (;;)
    {
      gsize len = digits_at (q);

      if (n_groups > 0 && len < 2)
        break;
      groups[n_groups++] = (Group){ q, len };
      total += len;
      q += len;
      if (n_groups == MAX_GROUPS
          || !((q[0] == ' ' || (q[0] == '-' && (plus || zero))) && g_ascii_isdigit (q[1])))
        break;
      q++;
    }
  /* A last group that runs on into a time or a date is not part of the number. */
  while (n_groups > 0 && is_joiner (groups[n_groups - 1].start[groups[n_groups - 1].len])
         && g_ascii_isdigit (groups[n_groups - 1].start[groups[n_groups - 1].len + 1]))
    {
      const Group *last = &groups[n_groups - 1];

      if (n_groups == 1 && !plus && last->start[last->len] == '/' && last->len <= 3)
        {
          const char *whole = last->start + last->len + 1;
          gsize       whole_len = digits_at (whole);

          if (whole_len <= 3 && !is_word_byte (whole[whole_len])
              && !(is_joiner (whole[whole_len]) && g_ascii_isdigit (whole[whole_len + 1])))
            {
              g_string_append_len (out, last->start, last->len);
              g_string_append (out, of_words[lang]);
              g_string_append_len (out, whole, whole_len);
              return whole + whole_len;
            }
        }
      total -= last->len;
      n_groups--;
    }
  /* Five digits alone are a postal code ("90100 Oulu", "00100 Helsinki"), said as a number. */
  postal = n_groups == 1 && !plus && total == 5;
  phone = n_groups > 0
          && ((!postal && (plus || (zero && total >= 3) || total >= 5))
              || (n_groups == 1 && total >= 2 && follows_number_word (text, p)));
  if (!phone)
    {
      /* A plain number, a time or a date: as written, up to the end of its digits. */
      gsize len = (plus ? 1 : 0) + digits_at (plus ? p + 1 : p);

      g_string_append_len (out, p, len);
      return p + len;
    }
  if (plus)
    g_string_append (out, "plus ");
  for (guint i = 0; i < n_groups; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_digit_group (out, &groups[i], n_groups == 1);
    }
  return groups[n_groups - 1].start + groups[n_groups - 1].len;
}

char *
kiosk_speech_text_format (const char *text, NvLang lang)
{
  GString    *out;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (lang < NV_N_LANGS, NULL);

  out = g_string_sized_new (strlen (text) + 16);
  p = text;
  while (*p != '\0')
    {
      gboolean word_start = p == text || !is_word_byte (p[-1]);
      gsize    len;

      if (!word_start || !(is_word_byte (*p) || (*p == '+' && g_ascii_isdigit (p[1]))))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      /* Inside a time or a date ("9.00"): as written. */
      if (p - text >= 2 && is_joiner (p[-1]) && g_ascii_isdigit (p[-2]))
        len = 0;
      else if ((len = code_at (p)) > 0)
        {
          append_spelled (out, p, len);
          p += len;
          continue;
        }
      else if (g_ascii_isdigit (*p) || *p == '+')
        {
          p = append_number (out, text, p, lang);
          continue;
        }
      /* A word, or the rest of a date: as written, digits inside it too ("K7"). */
      if (*p == '+')
        g_string_append_c (out, *p++);
      while (is_word_byte (*p))
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

char *
kiosk_speech_text_spell (const char *code)
{
  GString *out;

  g_return_val_if_fail (code != NULL, NULL);

  out = g_string_new (NULL);
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isspace (g_utf8_get_char (p)))
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}
