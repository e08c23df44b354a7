/* agon: Monte Carlo CFR (solvers/mccfr.c) and game-only solvers.
 *
 * OpenSpiel's published bounds for outcome sampling (NashConv after 10,000
 * iterations, outcome_sampling_mccfr_test.py) met with fixed seeds; bounds
 * measured here for external sampling; reproducibility from the seed; the
 * same run made on a tree and on the game alone; a game too big to compile
 * (liars_dice(numdice=2)) run without a tree, and resumed from a
 * checkpoint exactly; three-player Kuhn; and an independent plain rewrite
 * of OpenSpiel's Python (recursion, string-keyed hash table) drawing the
 * same random numbers, which must agree. Every
 * average policy is evaluated exactly on the compiled tree. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

/* Fails unless @error is set with @code. */
#define assert_error(error, domain, code) assert_true(g_error_matches((error), (domain), (code)))

/* NashConv bounds for these seeds: measured (in brackets), with margin. */
#define OS_KUHN_10000 0.09   /* [0.0645, 0.0692 (seed 2)]; OpenSpiel's bound 0.17 */
#define OS_LEDUC_10000 2.8   /* [2.464, 2.201 (seed 2)]; OpenSpiel's bound 3.07 */
#define ES_KUHN_1000 0.09    /* [0.0597] */
#define ES_KUHN_10000 0.03   /* [0.0189] */
#define ES_LEDUC_1000 3.2    /* [2.748] */
#define ES_LEDUC_10000 0.8   /* [0.618] */
#define OS_KUHN3_10000 0.12  /* [0.0832]; uniform 2.0625 */
#define ES_KUHN3_2000 0.13   /* [0.0929] */

static AgonSolver *
game_solver_new(AgonGame *game, const char *spec)
{
  g_autoptr(GError) error = NULL;
  AgonSolver *solver = agon_solver_new_for_game(game, spec, &error);
  if (solver == NULL)
    fail_msg("%s: %s", spec, error->message);
  return solver;
}

/* Runs @spec on a compiled @game_string for @iterations and returns the
 * NashConv of its average policy. */
static double
nash_conv_values(const char *game_string, const char *spec, gint64 iterations, double *values)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, spec);
  agon_solver_iterate(solver, iterations);
  assert_int_equal(agon_solver_get_iteration(solver), iterations);
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
  agon_solver_get_average_probs(solver, probs);
  double x = agon_evaluator_nash_conv(ev, probs, NULL, values);
  if (g_getenv("AGON_TEST_VERBOSE"))
    fprintf(stderr, "# %s %s %" G_GINT64_FORMAT ": NashConv %.6g\n", game_string, spec,
            iterations, x);
  return x;
}

static double
nash_conv_after(const char *game_string, const char *spec, gint64 iterations)
{
  double values[3];
  return nash_conv_values(game_string, spec, iterations, values);
}

/* ---- OpenSpiel's bounds ------------------------------------------------- */

static void
test_mccfr_os_kuhn_openspiel(void **unused)
{
  /* OpenSpiel: NashConv < 0.17 after 10,000 iterations. */
  assert_true(nash_conv_after("kuhn_poker", "os-mccfr(epsilon=0.6,seed=1)", 10000) < 0.17);
  assert_true(nash_conv_after("kuhn_poker", "os-mccfr(seed=2)", 10000) < 0.17);
  /* And beaten. */
  assert_true(nash_conv_after("kuhn_poker", "os-mccfr(seed=1)", 10000) < OS_KUHN_10000);
  assert_true(nash_conv_after("kuhn_poker", "os-mccfr(seed=2)", 10000) < OS_KUHN_10000);
}

static void
test_mccfr_os_leduc_openspiel(void **unused)
{
  /* OpenSpiel: NashConv < 3.07 after 10,000 iterations. */
  double a = nash_conv_after("leduc_poker", "os-mccfr(epsilon=0.6,seed=1)", 10000);
  double b = nash_conv_after("leduc_poker", "os-mccfr(seed=2)", 10000);
  assert_true(a < 3.07 && b < 3.07);
  assert_true(a < OS_LEDUC_10000 && b < OS_LEDUC_10000);
}

/* ---- External sampling, measured bounds --------------------------------- */

static void
test_mccfr_es_kuhn(void **unused)
{
  assert_true(nash_conv_after("kuhn_poker", "es-mccfr(seed=1)", 1000) < ES_KUHN_1000);
  double values[2];
  assert_true(nash_conv_values("kuhn_poker", "es-mccfr(seed=1)", 10000, values) < ES_KUHN_10000);
  /* Kuhn's value for player 0 is -1/18. */
  assert_near(values[0], -1.0 / 18, 0.01);
}

static void
test_mccfr_es_leduc(void **unused)
{
  assert_true(nash_conv_after("leduc_poker", "es-mccfr(seed=1)", 1000) < ES_LEDUC_1000);
  assert_true(nash_conv_after("leduc_poker", "es-mccfr(seed=1)", 10000) < ES_LEDUC_10000);
}

/* ---- Three players -------------------------------------------------------- */

static void
test_mccfr_kuhn3(void **unused)
{
  const char *game = "kuhn_poker(players=3)";
  double uniform = nash_conv_after(game, "os-mccfr", 0);
  assert_true(nash_conv_after(game, "os-mccfr(seed=1)", 10000) < OS_KUHN3_10000);
  assert_true(nash_conv_after(game, "es-mccfr(seed=1)", 2000) < ES_KUHN3_2000);
  assert_true(OS_KUHN3_10000 < uniform / 2);
}

/* ---- An independent reference ------------------------------------------- */

/* OpenSpiel's outcome_sampling_mccfr.py and external_sampling_mccfr.py
 * written the plain way: recursion on heap states, a GHashTable from the
 * information-state string, the reaches and formulas as the Python has
 * them. It draws its random numbers exactly as the solver does (one
 * uniform per sampled node, scanning the probabilities), so the two runs
 * must agree to rounding. */
typedef struct {
  int n;
  AgonAction actions[64];
  double regret[64], sum[64];
} RefEntry;

typedef struct {
  GHashTable *table; /* "player:string" -> RefEntry */
  AgonRng rng;
  double epsilon;
  int num_players;
} Ref;

static void
ref_matching(const RefEntry *e, double *out)
{
  double total = 0;
  for (int k = 0; k < e->n; k++)
    total += MAX(e->regret[k], 0);
  for (int k = 0; k < e->n; k++)
    out[k] = total > 0 ? MAX(e->regret[k], 0) / total : 1.0 / e->n;
}

static int
ref_sample(const double *p, int n, AgonRng *rng)
{
  double u = agon_rng_uniform(rng);
  int last = 0;
  for (int k = 0; k < n; k++) {
    if (p[k] <= 0)
      continue;
    last = k;
    u -= p[k];
    if (u < 0)
      return k;
  }
  return last;
}

static RefEntry *
ref_entry(Ref *r, const AgonState *s, int player)
{
  g_autofree char *info = agon_state_information_state(s, player);
  char *key = g_strdup_printf("%d:%s", player, info);
  RefEntry *e = g_hash_table_lookup(r->table, key);
  if (e != NULL) {
    g_free(key);
    return e;
  }
  e = g_new0(RefEntry, 1);
  e->n = agon_state_legal_actions(s, e->actions);
  for (int k = 0; k < e->n; k++)
    e->regret[k] = e->sum[k] = 1e-6;
  g_hash_table_insert(r->table, key, e);
  return e;
}

static double
ref_os(Ref *r, AgonState *s, int p, double my, double opp, double reach)
{
  if (agon_state_is_terminal(s)) {
    double returns[8];
    agon_state_returns(s, returns);
    return returns[p];
  }
  if (agon_state_is_chance_node(s)) {
    AgonChanceOutcome outcomes[64];
    int n = agon_state_chance_outcomes(s, outcomes);
    double u = agon_rng_uniform(&r->rng);
    int k = 0;
    for (; k < n - 1; k++) {
      u -= outcomes[k].probability;
      if (u < 0)
        break;
    }
    agon_state_apply(s, outcomes[k].action);
    return ref_os(r, s, p, my, outcomes[k].probability * opp, outcomes[k].probability * reach);
  }
  int cur = agon_state_current_player(s);
  RefEntry *e = ref_entry(r, s, cur);
  double policy[64], sample_policy[64], child_values[64];
  ref_matching(e, policy);
  for (int k = 0; k < e->n; k++)
    sample_policy[k] = cur == p ? r->epsilon / e->n + (1 - r->epsilon) * policy[k] : policy[k];
  int a = ref_sample(sample_policy, e->n, &r->rng);
  agon_state_apply(s, e->actions[a]);
  double child = ref_os(r, s, p, cur == p ? my * policy[a] : my,
                        cur == p ? opp : opp * policy[a], reach * sample_policy[a]);
  double value = 0;
  for (int k = 0; k < e->n; k++) {
    child_values[k] = k == a ? child / sample_policy[k] : 0;
    value += policy[k] * child_values[k];
  }
  if (cur == p) {
    ref_matching(e, policy);
    double cf_value = value * opp / reach;
    for (int k = 0; k < e->n; k++) {
      e->regret[k] += child_values[k] * opp / reach - cf_value;
      e->sum[k] += my * policy[k] / reach;
    }
  }
  return value;
}

static double
ref_es(Ref *r, AgonState *s, int p)
{
  if (agon_state_is_terminal(s)) {
    double returns[8];
    agon_state_returns(s, returns);
    return returns[p];
  }
  if (agon_state_is_chance_node(s)) {
    agon_state_apply(s, agon_state_sample_chance(s, &r->rng));
    return ref_es(r, s, p);
  }
  int cur = agon_state_current_player(s);
  RefEntry *e = ref_entry(r, s, cur);
  double policy[64], child_values[64];
  ref_matching(e, policy);
  double value = 0;
  if (cur != p) {
    agon_state_apply(s, e->actions[ref_sample(policy, e->n, &r->rng)]);
    value = ref_es(r, s, p);
  } else {
    for (int k = 0; k < e->n; k++) {
      g_autoptr(AgonState) child = agon_state_clone(s);
      agon_state_apply(child, e->actions[k]);
      child_values[k] = ref_es(r, child, p);
      value += policy[k] * child_values[k];
    }
    for (int k = 0; k < e->n; k++)
      e->regret[k] += child_values[k] - value;
  }
  if (cur == (p + 1) % r->num_players)
    for (int k = 0; k < e->n; k++)
      e->sum[k] += policy[k];
  return value;
}

static void
check_reference(const char *game_string, gboolean outcome, gint64 iterations)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  AgonGame *game = agon_tree_get_game(tree);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, outcome ? "os-mccfr(epsilon=0.6,seed=5)"
                                                               : "es-mccfr(seed=5)");
  Ref r = { .table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
            .epsilon = 0.6, .num_players = agon_game_get_num_players(game) };
  agon_rng_init(&r.rng, 5);
  for (gint64 it = 0; it < iterations; it++) {
    for (int p = 0; p < r.num_players; p++) {
      g_autoptr(AgonState) s = agon_state_new_initial(game);
      if (outcome)
        ref_os(&r, s, p, 1, 1, 1);
      else
        ref_es(&r, s, p);
    }
  }
  agon_solver_iterate(solver, iterations);
  int slots = agon_tree_get_num_slots(tree);
  g_autofree double *got = g_new(double, slots);
  agon_solver_get_average_probs(solver, got);
  int met = 0;
  for (int i = 0; i < agon_tree_get_num_infosets(tree); i++) {
    int player = agon_tree_infoset_player(tree, i);
    g_autofree char *key = g_strdup_printf("%d:%s", player, agon_tree_infoset_string(tree, i));
    const RefEntry *e = g_hash_table_lookup(r.table, key);
    int o = agon_tree_infoset_offset(tree, i);
    double total = 0;
    for (int k = 0; e && k < e->n; k++)
      total += e->sum[k];
    for (int k = 0; k < agon_tree_infoset_num_actions(tree, i); k++)
      assert_near(got[o + k], e ? e->sum[k] / total : 1.0 / agon_tree_infoset_num_actions(tree, i),
                  1e-9);
    met += e != NULL;
  }
  assert_int_equal(met, agon__mccfr_get_num_infosets(solver));
  g_hash_table_unref(r.table);
}

static void
test_mccfr_reference(void **unused)
{
  check_reference("kuhn_poker", TRUE, 2000);
  check_reference("kuhn_poker", FALSE, 500);
  check_reference("leduc_poker", TRUE, 2000);
  check_reference("leduc_poker", FALSE, 100);
  check_reference("kuhn_poker(players=3)", TRUE, 1000);
  check_reference("kuhn_poker(players=3)", FALSE, 300);
}

/* ---- Reproducibility and the two ways to create ------------------------- */

static void
average_of(AgonSolver *solver, double *probs, gint64 iterations)
{
  agon_solver_iterate(solver, iterations);
  agon_solver_get_average_probs(solver, probs);
}

static void
test_mccfr_reproducible(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("leduc_poker");
  gsize n = (gsize) agon_tree_get_num_slots(tree);
  static const char *const specs[][3] = {
    { "os-mccfr(seed=7)", "os-mccfr(epsilon=0.6,seed=7)", "os-mccfr(seed=8)" },
    { "es-mccfr(seed=7)", "es-mccfr(seed=7)", "es-mccfr(seed=8)" },
  };
  for (gsize c = 0; c < G_N_ELEMENTS(specs); c++) {
    g_autofree double *a = g_new(double, n);
    g_autofree double *b = g_new(double, n);
    g_autofree double *d = g_new(double, n);
    g_autoptr(AgonSolver) sa = test_solver_new(tree, specs[c][0]);
    g_autoptr(AgonSolver) sb = test_solver_new(tree, specs[c][1]);
    g_autoptr(AgonSolver) sd = test_solver_new(tree, specs[c][2]);
    average_of(sa, a, 300);
    /* In two runs of 100 and 200: the same stream. */
    average_of(sb, b, 100);
    average_of(sb, b, 200);
    average_of(sd, d, 300);
    assert_memory_equal(a, b, n * sizeof(double));
    assert_memory_not_equal(a, d, n * sizeof(double));
    assert_string_equal(agon_solver_get_spec(sa), agon_solver_get_spec(sb));
  }
}

/* A game-only solver plays exactly as one made on a tree; its JSON policy
 * loads onto the tree and gives the tree solver's probabilities. */
static void
test_mccfr_game_only_matches_tree(void **unused)
{
  static const char *const specs[] = { "os-mccfr(seed=3)", "es-mccfr(seed=3)" };
  g_autoptr(AgonTree) tree = test_tree_new("leduc_poker");
  AgonGame *game = agon_tree_get_game(tree);
  gsize n = (gsize) agon_tree_get_num_slots(tree);
  for (gsize c = 0; c < G_N_ELEMENTS(specs); c++) {
    g_autoptr(AgonSolver) on_tree = test_solver_new(tree, specs[c]);
    g_autoptr(AgonSolver) alone = game_solver_new(game, specs[c]);
    assert_null(agon_solver_get_tree(alone));
    assert_ptr_equal(agon_solver_get_game(alone), game);
    g_autofree double *want = g_new(double, n);
    average_of(on_tree, want, 500);
    agon_solver_iterate(alone, 500);
    g_autofree char *json = agon_solver_get_average_policy_json(alone);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonPolicy) policy =
      agon_policy_load_from_data(json, -1, tree, AGON_POLICY_LOAD_FILL_UNIFORM, &error);
    if (policy == NULL)
      fail_msg("%s", error->message);
    assert_memory_equal(agon_policy_get_probs(policy), want, n * sizeof(double));
    /* The table met most of Leduc's 936 information sets. */
    gint64 met = agon__mccfr_get_num_infosets(alone);
    assert_true(met > 500 && met <= agon_tree_get_num_infosets(tree));
    /* The tree solver's JSON is the same policy too. */
    g_autofree char *json_tree = agon_solver_get_average_policy_json(on_tree);
    g_autoptr(AgonPolicy) again =
      agon_policy_load_from_data(json_tree, -1, tree, AGON_POLICY_LOAD_FILL_UNIFORM, &error);
    assert_non_null(again);
    assert_memory_equal(agon_policy_get_probs(again), want, n * sizeof(double));
  }
}

/* ---- A game too big to compile ------------------------------------------ */

/* Checks the JSON of a game-only solver: @expected entries, each (player,
 * string) once, probabilities summing to 1. */
static void
check_policy_json(AgonSolver *solver, gint64 expected)
{
  g_autofree char *json = agon_solver_get_average_policy_json(solver);
  g_autoptr(JsonParser) parser = json_parser_new();
  assert_true(json_parser_load_from_data(parser, json, -1, NULL));
  JsonObject *root = json_node_get_object(json_parser_get_root(parser));
  assert_string_equal(json_object_get_string_member(root, "format"), "agon-policy");
  JsonArray *infosets = json_object_get_array_member(root, "infosets");
  assert_int_equal(json_array_get_length(infosets), expected);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < json_array_get_length(infosets); i++) {
    JsonObject *entry = json_array_get_object_element(infosets, i);
    char *key = g_strdup_printf("%" G_GINT64_FORMAT ":%s",
                                json_object_get_int_member(entry, "player"),
                                json_object_get_string_member(entry, "infoset"));
    assert_true(g_hash_table_add(seen, key));
    JsonArray *probs = json_object_get_array_member(entry, "probabilities");
    JsonArray *actions = json_object_get_array_member(entry, "actions");
    assert_int_equal(json_array_get_length(probs), json_array_get_length(actions));
    double total = 0;
    for (guint k = 0; k < json_array_get_length(probs); k++)
      total += json_array_get_double_element(probs, k);
    assert_near(total, 1, 1e-9);
  }
}

static void
test_mccfr_liars_dice_game_only(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice(numdice=2)");
  static const char *const specs[] = { "os-mccfr(seed=1)", "es-mccfr(seed=1)" };
  static const gint64 rounds[] = { 100, 5 };
  for (gsize c = 0; c < G_N_ELEMENTS(specs); c++) {
    g_autoptr(AgonSolver) solver = game_solver_new(game, specs[c]);
    gint64 before = 0;
    for (int round = 0; round < 3; round++) {
      agon_solver_iterate(solver, rounds[c]);
      gint64 met = agon__mccfr_get_num_infosets(solver);
      assert_true(met > before);
      before = met;
    }
    assert_int_equal(agon_solver_get_iteration(solver), 3 * rounds[c]);
    check_policy_json(solver, before);
    /* The same seed meets the same information sets. */
    g_autoptr(AgonSolver) again = game_solver_new(game, specs[c]);
    agon_solver_iterate(again, 3 * rounds[c]);
    assert_int_equal(agon__mccfr_get_num_infosets(again), before);
    g_autofree char *a = agon_solver_get_average_policy_json(solver);
    g_autofree char *b = agon_solver_get_average_policy_json(again);
    assert_string_equal(a, b);
  }
}

/* ---- Errors --------------------------------------------------------------- */

static void
test_mccfr_errors(void **unused)
{
  g_autoptr(AgonGame) kuhn = test_game_new("kuhn_poker");
  g_autoptr(GError) error = NULL;
  /* Tree solvers need a tree. */
  assert_null(agon_solver_new_for_game(kuhn, "cfr+", &error));
  assert_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED);
  assert_non_null(strstr(error->message, "agon_solver_new()"));
  g_clear_error(&error);
  assert_null(agon_solver_new_for_game(kuhn, "os-mccfr(epsilon=2)", &error));
  assert_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);
  assert_null(agon_solver_new_for_game(kuhn, "es-mccfr(epsilon=0.5)", &error));
  assert_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_PARAMETER);
  g_clear_error(&error);
  /* Simultaneous moves are not played. */
  g_autoptr(AgonGame) matrix = test_game_new("matrix_rps");
  assert_null(agon_solver_new_for_game(matrix, "es-mccfr", &error));
  assert_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED);
  g_clear_error(&error);
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "os-mccfr");
  assert_string_equal(agon_solver_get_spec(solver), "os-mccfr(epsilon=0.6,seed=0)");
  /* A tree solver's checkpoint does not load without its tree. */
  g_autoptr(AgonSolver) cfr = test_solver_new(tree, "cfr+");
  g_autofree char *path = test_temp_path("mccfr.ckpt");
  assert_true(agon_solver_save(cfr, path, &error));
  assert_null(agon_solver_load_for_game(kuhn, path, &error));
  assert_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED);
  g_remove(path);
}

/* ---- Checkpoints (the format's own checks are in test-checkpoint.c) ----- */

/* Runs @spec on @game alone for @n iterations, saves, loads and runs @m
 * more; the policy must be the one of @n + @m straight. */
static void
check_game_only_resume(AgonGame *game, const char *spec, gint64 n, gint64 m)
{
  g_autoptr(AgonSolver) straight = game_solver_new(game, spec);
  agon_solver_iterate(straight, n + m);
  g_autoptr(AgonSolver) first = game_solver_new(game, spec);
  agon_solver_iterate(first, n);
  g_autofree char *path = test_temp_path("mccfr-resume.ckpt");
  g_autoptr(GError) error = NULL;
  if (!agon_solver_save(first, path, &error))
    fail_msg("%s", error->message);
  g_autoptr(AgonSolver) resumed = agon_solver_load_for_game(game, path, &error);
  if (resumed == NULL)
    fail_msg("%s", error->message);
  g_remove(path);
  assert_null(agon_solver_get_tree(resumed));
  assert_int_equal(agon_solver_get_iteration(resumed), n);
  agon_solver_iterate(resumed, m);
  assert_int_equal(agon__mccfr_get_num_infosets(resumed),
                   agon__mccfr_get_num_infosets(straight));
  g_autofree char *a = agon_solver_get_average_policy_json(resumed);
  g_autofree char *b = agon_solver_get_average_policy_json(straight);
  assert_string_equal(a, b);
  /* And the @m iterations after loading did move it. */
  g_autofree char *c = agon_solver_get_average_policy_json(first);
  assert_string_not_equal(a, c);
}

static void
test_mccfr_checkpoint_game_only(void **unused)
{
  g_autoptr(AgonGame) liars = test_game_new("liars_dice(numdice=2)");
  check_game_only_resume(liars, "os-mccfr(seed=1)", 50, 50);
  check_game_only_resume(liars, "es-mccfr(seed=1)", 2, 3);
  g_autoptr(AgonGame) leduc = test_game_new("leduc_poker");
  check_game_only_resume(leduc, "os-mccfr(seed=1)", 300, 200);
  check_game_only_resume(leduc, "es-mccfr(seed=1)", 20, 10);

  /* A checkpoint of one game refused on another. */
  g_autoptr(AgonSolver) solver = game_solver_new(liars, "os-mccfr");
  agon_solver_iterate(solver, 5);
  g_autofree char *path = test_temp_path("mccfr-foreign.ckpt");
  g_autoptr(GError) error = NULL;
  assert_true(agon_solver_save(solver, path, &error));
  g_autoptr(AgonGame) three = test_game_new("liars_dice(numdice=3)");
  assert_null(agon_solver_load_for_game(three, path, &error));
  assert_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE);
  assert_non_null(strstr(error->message, "not liars_dice("));
  g_clear_error(&error);
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  assert_null(agon_solver_load(tree, path, &error));
  assert_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE);
  g_remove(path);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_mccfr_os_kuhn_openspiel),
    cmocka_unit_test(test_mccfr_os_leduc_openspiel),
    cmocka_unit_test(test_mccfr_es_kuhn),
    cmocka_unit_test(test_mccfr_es_leduc),
    cmocka_unit_test(test_mccfr_kuhn3),
    cmocka_unit_test(test_mccfr_reference),
    cmocka_unit_test(test_mccfr_reproducible),
    cmocka_unit_test(test_mccfr_game_only_matches_tree),
    cmocka_unit_test(test_mccfr_liars_dice_game_only),
    cmocka_unit_test(test_mccfr_errors),
    cmocka_unit_test(test_mccfr_checkpoint_game_only),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
