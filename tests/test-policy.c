/* agon: policies and their JSON files (solvers/policy.c).
 *
 * Round trips must be exact; every way a file can be wrong must give
 * AGON_ERROR_BAD_FILE with a message naming the information set. The bad
 * files are made from a good one by editing its JSON. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

/* A file name in the temporary directory, apart for each process. */
static void
test_policy_uniform(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonPolicy) policy = agon_policy_new_uniform(tree);
  assert_ptr_equal(agon_policy_get_tree(policy), tree);
  assert_near(agon_policy_get_probability(policy, 0, "0", 1), 0.5, 0);
  assert_near(agon_policy_get_probability(policy, 1, "2b", 0), 0.5, 0);
  /* Not an action there; not an information set. */
  assert_near(agon_policy_get_probability(policy, 0, "0", 7), 0, 0);
  assert_near(agon_policy_get_probability(policy, 1, "0", 0), -1, 0);
  assert_near(agon_policy_get_probability(policy, 0, "nonesuch", 0), -1, 0);
  AgonPolicy *ref = agon_policy_ref(policy);
  agon_policy_unref(ref);
}

/* A solver's average policy, which has unround probabilities. */
static AgonPolicy *
solved_policy(AgonTree *tree)
{
  g_autoptr(AgonSolver) solver = agon_solver_new(tree, "cfr+", NULL);
  agon_solver_iterate(solver, 37);
  return agon_solver_get_average_policy(solver);
}

static void
test_policy_round_trip(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker(players=3)");
  g_autoptr(AgonPolicy) policy = solved_policy(tree);
  g_autofree char *path = test_temp_path("agon-test-policy.json");
  g_autoptr(GError) error = NULL;
  assert_true(agon_policy_save(policy, path, &error));
  gsize slots = (gsize) agon_tree_get_num_slots(tree);

  /* With the tree given, and with the file's game compiled anew. */
  g_autoptr(AgonPolicy) same = agon_policy_load(path, tree, 0, &error);
  assert_non_null(same);
  assert_memory_equal(agon_policy_get_probs(same), agon_policy_get_probs(policy),
                      slots * sizeof(double));
  g_autoptr(AgonPolicy) fresh = agon_policy_load(path, NULL, 0, &error);
  assert_non_null(fresh);
  assert_true(agon_policy_get_tree(fresh) != tree);
  g_autofree double *probs = g_new(double, slots);
  assert_true(agon_policy_get_probs_for_tree(fresh, tree, probs, &error));
  assert_memory_equal(probs, agon_policy_get_probs(policy), slots * sizeof(double));

  /* The file says what it is. */
  g_autofree char *text = NULL;
  assert_true(g_file_get_contents(path, &text, NULL, NULL));
  assert_non_null(strstr(text, "\"format\": \"agon-policy\""));
  assert_non_null(strstr(text, "\"game\": \"kuhn_poker(players=3)\""));
  assert_non_null(strstr(text, "\"version\": 1"));
  assert_non_null(strstr(text, "{\"player\": 2, \"infoset\": \"3pp\", \"actions\": [0, 1], "));
  g_remove(path);
}

/* ---- Bad files ---------------------------------------------------------- */

/* The entry of @infoset (player @player) in a parsed policy file. */
static JsonObject *
entry(JsonObject *root, int player, const char *infoset)
{
  JsonArray *entries = json_object_get_array_member(root, "infosets");
  for (guint j = 0; j < json_array_get_length(entries); j++) {
    JsonObject *e = json_array_get_object_element(entries, j);
    if (json_object_get_int_member(e, "player") == player
        && strcmp(json_object_get_string_member(e, "infoset"), infoset) == 0)
      return e;
  }
  fail_msg("no entry for %s", infoset);
  return NULL;
}

static JsonArray *
numbers(int n, const double *values, gboolean integers)
{
  JsonArray *a = json_array_new();
  for (int i = 0; i < n; i++) {
    if (integers)
      json_array_add_int_element(a, (gint64) values[i]);
    else
      json_array_add_double_element(a, values[i]);
  }
  return a;
}

static void
set_entry(JsonObject *root, int player, const char *infoset, int n, const double *actions,
          const double *probs)
{
  JsonObject *e = entry(root, player, infoset);
  json_object_set_array_member(e, "actions", numbers(n, actions, TRUE));
  json_object_set_array_member(e, "probabilities", numbers(n, probs, FALSE));
}

static void
remove_entry(JsonObject *root, int player, const char *infoset)
{
  JsonArray *entries = json_object_get_array_member(root, "infosets");
  JsonObject *e = entry(root, player, infoset);
  for (guint j = 0; j < json_array_get_length(entries); j++)
    if (json_array_get_object_element(entries, j) == e) {
      json_array_remove_element(entries, j);
      return;
    }
}

static void
bad_game(JsonObject *root)
{
  json_object_set_string_member(root, "game", "nonesuch_game(players=2)");
}

static void
other_game(JsonObject *root)
{
  json_object_set_string_member(root, "game", "kuhn_poker(players=3)");
}

static void
unknown_infoset(JsonObject *root)
{
  json_object_set_string_member(entry(root, 1, "1b"), "infoset", "1x");
}

static void
wrong_player(JsonObject *root)
{
  json_object_set_int_member(entry(root, 1, "1b"), "player", 0);
}

static void
missing_infoset(JsonObject *root)
{
  remove_entry(root, 1, "2p");
}

static void
illegal_action(JsonObject *root)
{
  set_entry(root, 0, "1pb", 2, (double[]) { 0, 5 }, (double[]) { 0.5, 0.5 });
}

static void
negative_probability(JsonObject *root)
{
  set_entry(root, 0, "0", 2, (double[]) { 0, 1 }, (double[]) { 1.25, -0.25 });
}

static void
bad_sum(JsonObject *root)
{
  set_entry(root, 1, "0b", 2, (double[]) { 0, 1 }, (double[]) { 0.5, 0.49 });
}

static void
bad_sum_small(JsonObject *root)
{
  set_entry(root, 1, "0b", 2, (double[]) { 0, 1 }, (double[]) { 0.5, 0.500002 });
}

static void
duplicate_infoset(JsonObject *root)
{
  JsonArray *entries = json_object_get_array_member(root, "infosets");
  json_array_add_element(entries, json_node_copy(json_array_get_element(entries, 3)));
}

static void
duplicate_action(JsonObject *root)
{
  set_entry(root, 0, "2", 2, (double[]) { 1, 1 }, (double[]) { 0.5, 0.5 });
}

static void
lengths_differ(JsonObject *root)
{
  json_object_set_array_member(entry(root, 0, "2"), "probabilities",
                               numbers(1, (double[]) { 1 }, FALSE));
}

static void
not_a_number(JsonObject *root)
{
  JsonArray *probs = json_array_new();
  json_array_add_string_element(probs, "half");
  json_array_add_double_element(probs, 0.5);
  json_object_set_array_member(entry(root, 0, "2"), "probabilities", probs);
}

static void
bad_version(JsonObject *root)
{
  json_object_set_int_member(root, "version", 99);
}

static void
bad_format(JsonObject *root)
{
  json_object_set_string_member(root, "format", "something-else");
}

static void
no_infosets(JsonObject *root)
{
  json_object_remove_member(root, "infosets");
}

/* Left-out actions have probability 0: not an error. */
static void
short_entry(JsonObject *root)
{
  set_entry(root, 0, "2", 1, (double[]) { 1 }, (double[]) { 1 });
}

/* Within the tolerance. */
static void
nearly_one(JsonObject *root)
{
  set_entry(root, 1, "0b", 2, (double[]) { 0, 1 }, (double[]) { 0.5, 0.5000005 });
}

static char *
edited_policy(AgonTree *tree, void (*edit)(JsonObject *root))
{
  g_autoptr(AgonPolicy) policy = agon_policy_new_uniform(tree);
  g_autofree char *text = agon_policy_to_json(policy);
  g_autoptr(JsonParser) parser = json_parser_new();
  assert_true(json_parser_load_from_data(parser, text, -1, NULL));
  JsonNode *root = json_parser_get_root(parser);
  edit(json_node_get_object(root));
  return json_to_string(root, TRUE);
}

static void
test_policy_bad_files(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  const struct {
    void (*edit)(JsonObject *root);
    const char *fragments[3];
  } cases[] = {
    { bad_game, { "nonesuch_game", "unknown game" } },
    { other_game, { "kuhn_poker(players=3)", "not kuhn_poker(players=2)" } },
    { unknown_infoset, { "'1x'", "player 1", "no such information set" } },
    { wrong_player, { "'1b'", "player 0", "no such information set" } },
    { missing_infoset, { "'2p'", "player 1", "missing" } },
    { illegal_action, { "'1pb'", "action 5 is not legal", "legal: 0, 1" } },
    { negative_probability, { "'0'", "-0.25", "negative" } },
    { bad_sum, { "'0b'", "sum to 0.99" } },
    { bad_sum_small, { "'0b'", "sum to 1.000002" } },
    { duplicate_infoset, { "appears twice" } },
    { duplicate_action, { "'2'", "action 1 is listed twice" } },
    { lengths_differ, { "'2'", "2 actions but 1 probabilities" } },
    { not_a_number, { "'2'", "probabilities[0] is not a number" } },
    { bad_version, { "version" } },
    { bad_format, { "not a policy file" } },
    { no_infosets, { "\"infosets\"" } },
  };
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autofree char *text = edited_policy(tree, cases[c].edit);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonPolicy) policy = agon_policy_load_from_data(text, -1, tree, 0, &error);
    if (policy != NULL)
      fail_msg("case %zu loaded", c);
    if (!g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE))
      fail_msg("case %zu: error %d '%s'", c, error->code, error->message);
    for (int f = 0; f < 3 && cases[c].fragments[f]; f++)
      if (strstr(error->message, cases[c].fragments[f]) == NULL)
        fail_msg("case %zu: '%s' does not say '%s'", c, error->message, cases[c].fragments[f]);
  }

  /* Not JSON at all; not an object. */
  const char *texts[] = { "{ \"format\": ", "[1, 2]", "" };
  for (gsize t = 0; t < G_N_ELEMENTS(texts); t++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonPolicy) policy = agon_policy_load_from_data(texts[t], -1, tree, 0, &error);
    assert_null(policy);
    assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE));
  }
}

static void
test_policy_accepted_edits(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(GError) error = NULL;
  g_autofree char *short_text = edited_policy(tree, short_entry);
  g_autoptr(AgonPolicy) a = agon_policy_load_from_data(short_text, -1, tree, 0, &error);
  assert_non_null(a);
  assert_near(agon_policy_get_probability(a, 0, "2", 0), 0, 0);
  assert_near(agon_policy_get_probability(a, 0, "2", 1), 1, 0);

  g_autofree char *near_text = edited_policy(tree, nearly_one);
  g_autoptr(AgonPolicy) b = agon_policy_load_from_data(near_text, -1, tree, 0, &error);
  assert_non_null(b);
  assert_near(agon_policy_get_probability(b, 1, "0b", 1), 0.5000005, 0);
}

static void
test_policy_fill_uniform(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonPolicy) solved = solved_policy(tree);
  g_autofree char *text = agon_policy_to_json(solved);
  g_autoptr(JsonParser) parser = json_parser_new();
  assert_true(json_parser_load_from_data(parser, text, -1, NULL));
  JsonNode *root = json_parser_get_root(parser);
  remove_entry(json_node_get_object(root), 1, "2p");
  remove_entry(json_node_get_object(root), 0, "0");
  g_autofree char *edited = json_to_string(root, FALSE);

  g_autoptr(GError) error = NULL;
  g_autoptr(AgonPolicy) none = agon_policy_load_from_data(edited, -1, tree, 0, &error);
  assert_null(none);
  assert_non_null(strstr(error->message, "2 of the game's 12"));
  g_autoptr(AgonPolicy) filled =
    agon_policy_load_from_data(edited, -1, tree, AGON_POLICY_LOAD_FILL_UNIFORM, NULL);
  assert_non_null(filled);
  assert_near(agon_policy_get_probability(filled, 1, "2p", 1), 0.5, 0);
  assert_near(agon_policy_get_probability(filled, 0, "0", 0), 0.5, 0);
  assert_near(agon_policy_get_probability(filled, 1, "2b", 1),
              agon_policy_get_probability(solved, 1, "2b", 1), 0);
}

static void
test_policy_io_errors(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonPolicy) none = agon_policy_load("/nonexistent/agon/policy.json", tree, 0, &error);
  assert_null(none);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_FAILED));
  g_clear_error(&error);
  g_autoptr(AgonPolicy) uniform = agon_policy_new_uniform(tree);
  assert_false(agon_policy_save(uniform, "/nonexistent/agon/policy.json", &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_FAILED));
}

static void
test_policy_other_tree(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonTree) again = test_tree_new("kuhn_poker()");
  g_autoptr(AgonTree) three = test_tree_new("kuhn_poker(players=3)");
  g_autoptr(AgonPolicy) policy = solved_policy(tree);
  double probs[24];
  assert_true(agon_policy_get_probs_for_tree(policy, again, probs, NULL));
  assert_memory_equal(probs, agon_policy_get_probs(policy), sizeof probs);
  g_autoptr(GError) error = NULL;
  double more[96];
  assert_false(agon_policy_get_probs_for_tree(policy, three, more, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_policy_uniform),
    cmocka_unit_test(test_policy_round_trip),
    cmocka_unit_test(test_policy_bad_files),
    cmocka_unit_test(test_policy_accepted_edits),
    cmocka_unit_test(test_policy_fill_uniform),
    cmocka_unit_test(test_policy_io_errors),
    cmocka_unit_test(test_policy_other_tree),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
