/* test-funnel.c — NvFunnel: its JSON both ways, its checks, and what a step matches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "common-test-util.h"
#include "nv-funnel.h"

/* What a funnel writes, read back, writes the same; unset conditions stay unset (null),
 * and an empty one reads as unset. */
static void
test_round_trip (void)
{
  g_autoptr (JsonNode) node = nv_test_parse (
      "{\"id\": \"f-1\", \"name\": \"Omaolo\", \"steps\": [{\"type\": \"guide_view\", "
      "\"subject\": \"omaolo\"}, {\"type\": \"step_view\", \"subject\": \"omaolo\", \"value\": 2,"
      " \"detail\": \"\"}]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (NvFunnel) funnel = nv_funnel_from_json (node, &error);
  g_autoptr (NvFunnel) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (funnel->steps->len, ==, 2);
  g_assert_null (((NvFunnelStep *) funnel->steps->pdata[1])->detail);
  text = nv_test_take_string (nv_funnel_to_json (funnel));
  g_assert_cmpstr (text, ==,
                   "{\"id\":\"f-1\",\"name\":\"Omaolo\",\"steps\":[{\"type\":\"guide_view\","
                   "\"subject\":\"omaolo\",\"detail\":null,\"value\":null},{\"type\":"
                   "\"step_view\",\"subject\":\"omaolo\",\"detail\":null,\"value\":2}]}");
  again = nv_funnel_from_json (nv_funnel_to_json (funnel), &error);
  g_assert_no_error (error);
  text_again = nv_test_take_string (nv_funnel_to_json (again));
  g_assert_cmpstr (text_again, ==, text);
}

/* Each wrong definition names its field. */
static void
test_refused (void)
{
  static const struct
  {
    const char *json;
    const char *field;
  } cases[] = {
    { "{\"name\": \"x\", \"steps\": [{\"type\": \"nope\"}, {\"type\": \"search\"}]}",
      "steps[0].type" },
    { "{\"name\": \"x\", \"steps\": [{\"type\": \"search\"}]}", "steps" },
    { "{\"name\": \"\", \"steps\": [{\"type\": \"search\"}, {\"type\": \"search\"}]}", "name" },
    { "{\"name\": \"x\", \"steps\": [{\"type\": \"search\"}, {\"type\": \"search\", \"value\": "
      "-1}]}",
      "steps[1].value" },
    { "{\"name\": \"x\", \"steps\": [{\"type\": \"search\"}, {\"type\": \"search\", \"detail\": "
      "\"a\\tb\"}]}",
      "steps[1].detail" },
    { "{\"id\": \"Not An Id\", \"name\": \"x\", \"steps\": [{\"type\": \"search\"}, {\"type\": "
      "\"search\"}]}",
      "id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonNode) node = nv_test_parse (cases[i].json);
      g_autoptr (GError) error = NULL;
      g_autoptr (NvFunnel) funnel = nv_funnel_from_json (node, &error);

      g_assert_null (funnel);
      nv_test_assert_field_error (error, cases[i].field);
    }
}

/* A step matches its type, and each condition it sets exactly. */
static void
test_matches (void)
{
  NvFunnelStep step = { NV_EVENT_STEP_VIEW, "omaolo", NULL, 2 };

  g_assert_true (nv_funnel_step_matches (&step, NV_EVENT_STEP_VIEW, "omaolo", NULL, 2));
  g_assert_true (nv_funnel_step_matches (&step, NV_EVENT_STEP_VIEW, "omaolo", "x", 2));
  g_assert_false (nv_funnel_step_matches (&step, NV_EVENT_STEP_VIEW, "omaolo", NULL, 3));
  g_assert_false (nv_funnel_step_matches (&step, NV_EVENT_STEP_VIEW, "kela", NULL, 2));
  g_assert_false (nv_funnel_step_matches (&step, NV_EVENT_GUIDE_VIEW, "omaolo", NULL, 2));
  g_assert_false (nv_funnel_step_matches (&step, NV_EVENT_STEP_VIEW, NULL, NULL, 2));
  step.value = -1;
  step.subject = NULL;
  g_assert_true (nv_funnel_step_matches (&step, NV_EVENT_STEP_VIEW, NULL, NULL, 7));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/funnel/round-trip", test_round_trip);
  g_test_add_func ("/funnel/refused", test_refused);
  g_test_add_func ("/funnel/matches", test_matches);
  return g_test_run ();
}
