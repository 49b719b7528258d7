/* test-kiosk-speech-text.c — numbers and codes as a voice should say them; no display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kiosk-speech-text.h"

static void
assert_spoken (const char *text, NvLang lang, const char *expected)
{
  g_autofree char *spoken = kiosk_speech_text_format (text, lang);

  g_assert_cmpstr (spoken, ==, expected);
}

static void
test_service_and_phone_numbers (void)
{
  assert_spoken ("Soita 116 117.", NV_LANG_FI, "Soita 1 1 6, 1 1 7.");
  assert_spoken ("Hätänumero 112", NV_LANG_FI, "Hätänumero 1 1 2");
  assert_spoken ("Nödnummer 112", NV_LANG_SV, "Nödnummer 1 1 2");
  assert_spoken ("Soita 112, kun henki on vaarassa.", NV_LANG_FI,
                 "Soita 1 1 2, kun henki on vaarassa.");
  assert_spoken ("040 123 4567", NV_LANG_FI, "0 4 0, 1 2 3, 4 5 6 7");
  /* Typed without spaces: grouped as it is written. */
  assert_spoken ("0401234567", NV_LANG_FI, "0 4 0, 1 2 3, 4 5 6 7");
  assert_spoken ("Puh. 09-310 1234", NV_LANG_FI, "Puh. 0 9, 3 1 0, 1 2 3 4");
  assert_spoken ("+358 40 123 4567", NV_LANG_EN, "plus 3 5 8, 4 0, 1 2 3, 4 5 6 7");
  assert_spoken ("(029 497 000)", NV_LANG_SV, "(0 2 9, 4 9 7, 0 0 0)");
}

static void
test_positions (void)
{
  assert_spoken ("Vaihe 2/7", NV_LANG_FI, "Vaihe 2, kaikkiaan 7");
  assert_spoken ("Steg 2/7", NV_LANG_SV, "Steg 2 av 7");
  assert_spoken ("Step 2/7.", NV_LANG_EN, "Step 2 of 7.");
  assert_spoken ("Step 2 of 7", NV_LANG_EN, "Step 2 of 7");
}

static void
test_codes (void)
{
  g_autofree char *spelled = kiosk_speech_text_spell ("ACDEFG");

  assert_spoken ("Your reference is K7CM3X.", NV_LANG_EN, "Your reference is K 7 C M 3 X.");
  assert_spoken ("Tunnus: 4KMA", NV_LANG_FI, "Tunnus: 4 K M A");
  /* Letters only, and a word in capitals, stay words; a code is spelled on request. */
  assert_spoken ("KELA ja VERO", NV_LANG_FI, "KELA ja VERO");
  g_assert_cmpstr (spelled, ==, "A C D E F G");
}

/* Everything else reaches the synthesiser as it was written. */
static void
test_left_alone (void)
{
  static const char *const unchanged[] = {
    "Avoinna 9.00–16.00",
    "ti 6.12.2026 suljettu",
    "in 15 minutes",
    "vuonna 2026",
    "1,5 km",
    "klo 10:30",
    "Vaihe 1/2/3",
    "B12-vitamiini",
    "Kysymys 3",
    "Kaarlenväylä 3, 90100 Oulu",
    "00100 Helsinki",
    "Hyvää päivää – ääkköset ÅÄÖ",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (unchanged); i++)
    assert_spoken (unchanged[i], NV_LANG_FI, unchanged[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kiosk-speech-text/service-and-phone-numbers", test_service_and_phone_numbers);
  g_test_add_func ("/kiosk-speech-text/positions", test_positions);
  g_test_add_func ("/kiosk-speech-text/codes", test_codes);
  g_test_add_func ("/kiosk-speech-text/left-alone", test_left_alone);
  return g_test_run ();
}
