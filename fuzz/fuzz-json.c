/* fuzz-json.c — libFuzzer harness for the JSON decoders of common/
 *
 * One source, built once per decoder (fuzz/meson.build sets NV_FUZZ_DECODER): the bytes
 * go through nv_json_parse_bytes, the strict reader every untrusted text meets, and then
 * the decoder's *_from_json. What it checks besides memory safety (ASan, UBSan): a value
 * a decoder accepts is written back and read again, since validation on write must be the
 * same as on read (issue 19) — a kiosk must never be sent what it would refuse.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "nv-appointment.h"
#include "nv-category.h"
#include "nv-content.h"
#include "nv-event.h"
#include "nv-guide.h"
#include "nv-json.h"
#include "nv-organisation.h"
#include "nv-slot.h"

#include "nv-fuzz.h"

/* Larger than any seed: libFuzzer's -max_len keeps inputs far below it anyway. */
#define MAX_JSON_SIZE (1024 * 1024)

typedef gpointer (*DecodeFunc) (JsonNode *node, GError **error);
typedef JsonNode *(*EncodeFunc) (gconstpointer value);

typedef struct
{
  const char    *name;
  DecodeFunc     decode;
  EncodeFunc     encode;
  GDestroyNotify free;
} Decoder;

static const Decoder decoders[] = {
  { "category", (DecodeFunc) nv_category_from_json, (EncodeFunc) nv_category_to_json,
    (GDestroyNotify) nv_category_free },
  { "guide", (DecodeFunc) nv_guide_from_json, (EncodeFunc) nv_guide_to_json,
    (GDestroyNotify) nv_guide_free },
  { "organisation", (DecodeFunc) nv_organisation_from_json, (EncodeFunc) nv_organisation_to_json,
    (GDestroyNotify) nv_organisation_free },
  { "slot", (DecodeFunc) nv_slot_from_json, (EncodeFunc) nv_slot_to_json,
    (GDestroyNotify) nv_slot_free },
  { "appointment", (DecodeFunc) nv_appointment_from_json, (EncodeFunc) nv_appointment_to_json,
    (GDestroyNotify) nv_appointment_free },
  { "event", (DecodeFunc) nv_event_from_json, (EncodeFunc) nv_event_to_json,
    (GDestroyNotify) nv_event_free },
  { "content", (DecodeFunc) nv_content_from_json, (EncodeFunc) nv_content_to_json,
    (GDestroyNotify) nv_content_free },
};

static const Decoder *decoder;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  nv_fuzz_init ();
  for (guint i = 0; i < G_N_ELEMENTS (decoders); i++)
    if (g_str_equal (decoders[i].name, NV_FUZZ_DECODER))
      decoder = &decoders[i];
  g_assert_nonnull (decoder);
  return 0;
}

/* Writes @value as JSON text and reads that text back, as the other side would. */
static void
check_round_trip (gconstpointer value)
{
  g_autoptr (JsonNode) written = decoder->encode (value);
  g_autoptr (GBytes) text = nv_json_to_bytes (written);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  gpointer again = NULL;

  node = nv_json_parse_bytes (text, MAX_JSON_SIZE * 4, &error);
  if (node != NULL)
    again = decoder->decode (node, &error);
  if (error != NULL)
    g_error ("%s: a value it accepted fails when written and read back: %s", decoder->name,
             error->message);
  decoder->free (again);
}

/* Every refusal says why, in text: the API sends that sentence back in a JSON body. */
static void
check_refusal (const GError *error)
{
  g_assert_nonnull (error);
  if (!g_utf8_validate (error->message, -1, NULL))
    g_error ("%s: a refusal whose message is not UTF-8", decoder->name);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  gpointer value;

  if ((node = nv_json_parse_bytes (bytes, MAX_JSON_SIZE, &error)) == NULL
      || (value = decoder->decode (node, &error)) == NULL)
    {
      check_refusal (error);
      return 0;
    }
  check_round_trip (value);
  decoder->free (value);
  return 0;
}
