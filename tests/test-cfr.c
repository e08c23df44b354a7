/* agon: the CFR family (solvers/cfr.c) and the solver interface
 * (solvers/solver.c).
 *
 * OpenSpiel's published figures for CFR+ on Kuhn and vanilla CFR on Leduc,
 * Kuhn's game value, convergence of every solver, and an independent
 * reference: the same algorithms written the plain way, recursing over the
 * histories of the game API with reach probabilities as OpenSpiel's
 * cfr.py does, which the sequence-form implementation must match. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <math.h>

/* Runs @solver up to @iteration and returns the exploitability (NashConv
 * for @nash_conv) of its average policy. */
static double
average_gap(AgonSolver *solver, AgonEvaluator *ev, gint64 iteration, gboolean nash_conv,
            double *values)
{
  AgonTree *tree = agon_solver_get_tree(solver);
  agon_solver_iterate(solver, iteration - agon_solver_get_iteration(solver));
  assert_int_equal(agon_solver_get_iteration(solver), iteration);
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
  agon_solver_get_average_probs(solver, probs);
  double x = agon_evaluator_nash_conv(ev, probs, NULL, values);
  return nash_conv ? x : x / agon_tree_get_num_players(tree);
}

/* Equal to 5 significant digits, as OpenSpiel prints them. */
#define assert_sig5(x, ref) assert_near((x), (ref), 5e-5 * fabs(ref))

/* ---- OpenSpiel's figures ------------------------------------------------ */

static void
test_cfr_plus_kuhn_openspiel(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "cfr+");
  double values[2];
  assert_sig5(average_gap(solver, ev, 10, FALSE, values), 0.0326871);
  assert_sig5(average_gap(solver, ev, 100, FALSE, values), 0.0011944);
  assert_sig5(average_gap(solver, ev, 1000, FALSE, values), 8.73653e-5);
  /* Kuhn's value for player 0 is -1/18. */
  assert_near(values[0], -1.0 / 18, 1e-3);
  assert_near(values[1], 1.0 / 18, 1e-3);
}

static void
test_cfr_leduc_openspiel(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("leduc_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "cfr");
  double values[2];
  assert_sig5(average_gap(solver, ev, 10, FALSE, values), 0.888579);
  assert_sig5(average_gap(solver, ev, 100, FALSE, values), 0.0957164);
  assert_sig5(average_gap(solver, ev, 1000, FALSE, values), 0.0118179);
}

/* ---- Convergence of every solver ---------------------------------------- */

typedef struct {
  const char *spec;
  double kuhn_bound;  /* exploitability after 1000 iterations on Kuhn */
  double leduc_bound; /* and on Leduc */
} Case;

static const Case cases[] = {
  { "cfr", 1.5e-3, 0.015 },
  { "cfr+", 1e-4, 5e-4 },
  { "lcfr", 1.5e-4, 0.008 },
  { "dcfr", 2.5e-4, 5e-4 },
  { "dcfr(alpha=1,beta=1,gamma=1)", 2e-4, 0.008 },
  { "pcfr+", 1e-6, 1.5e-3 },
};

static void
check_convergence(const char *game_string, gboolean leduc)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autoptr(AgonSolver) solver = test_solver_new(tree, cases[c].spec);
    double values[2];
    double x0 = average_gap(solver, ev, 0, FALSE, values);
    double x10 = average_gap(solver, ev, 10, FALSE, values);
    double x100 = average_gap(solver, ev, 100, FALSE, values);
    double x1000 = average_gap(solver, ev, 1000, FALSE, values);
    double bound = leduc ? cases[c].leduc_bound : cases[c].kuhn_bound;
    if (!(x0 > x10 && x10 > x100 && x100 > x1000 && x1000 < bound))
      fail_msg("%s on %s: exploitability %g, %g, %g, %g after 0, 10, 100, 1000 iterations "
               "(bound %g)", cases[c].spec, game_string, x0, x10, x100, x1000, bound);
    /* The value for player 0 nears the game's. */
    double value = leduc ? -0.085606424078 : -1.0 / 18;
    assert_near(values[0], value, leduc ? 0.01 : 1e-3);
  }
}

static void
test_cfr_all_kuhn(void **unused)
{
  check_convergence("kuhn_poker", FALSE);
}

static void
test_cfr_all_leduc(void **unused)
{
  check_convergence("leduc_poker", TRUE);
}

static void
test_cfr_leduc_value(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("leduc_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "dcfr");
  double values[2];
  average_gap(solver, ev, 1000, FALSE, values);
  assert_near(values[0], -0.085606424078, 1e-5);
}

static void
test_cfr_kuhn3_nash_conv(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker(players=3)");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "cfr");
  double values[3];
  double x[4] = {
    average_gap(solver, ev, 1, TRUE, values),
    average_gap(solver, ev, 10, TRUE, values),
    average_gap(solver, ev, 100, TRUE, values),
    average_gap(solver, ev, 1000, TRUE, values),
  };
  if (!(x[0] > x[1] && x[1] > x[2] && x[2] > x[3] && x[3] < 0.006))
    fail_msg("NashConv %g, %g, %g, %g after 1, 10, 100, 1000 iterations", x[0], x[1], x[2],
             x[3]);
  /* The uniform start: NashConv 2.0625 with three players. */
  assert_near(x[0], 2.0625, 1e-12);
}

/* A 2 x 2 zero-sum game, row payoffs 2 -1 / -1 1: both players mix 2/5
 * on their first action, and the row player's value is 1/5. */
static void
test_cfr_matrix(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("matrix(rows=2,cols=2,row_payoffs=\"2 -1 -1 1\")");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autoptr(AgonSolver) solver = test_solver_new(tree, cases[c].spec);
    double values[2];
    assert_true(average_gap(solver, ev, 2000, FALSE, values) < 1e-2);
    assert_near(values[0], 0.2, 1e-2);
    double probs[4];
    agon_solver_get_average_probs(solver, probs);
    assert_near(probs[0], 0.4, 1e-2);
    assert_near(probs[2], 0.4, 1e-2);
  }
}

static void
test_cfr_rps(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("matrix_rps");
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autoptr(AgonSolver) solver = test_solver_new(tree, cases[c].spec);
    agon_solver_iterate(solver, 100);
    double probs[6];
    agon_solver_get_average_probs(solver, probs);
    for (int s = 0; s < 6; s++)
      assert_near(probs[s], 1.0 / 3, 1e-9);
  }
}

/* ---- The reference implementation --------------------------------------- */

typedef struct {
  AgonTree *tree;
  const char *name;
  double alpha, beta, gamma;
  gint64 t;
  double *regret, *sum, *current, *inst;
} Reference;

static void
regret_match(const double *r, double *out, int n)
{
  double total = 0;
  for (int k = 0; k < n; k++)
    total += MAX(r[k], 0.0);
  for (int k = 0; k < n; k++)
    out[k] = total > 0 ? MAX(r[k], 0.0) / total : 1.0 / n;
}

static double
average_weight(const Reference *ref)
{
  double t = (double) ref->t;
  if (strcmp(ref->name, "cfr") == 0)
    return 1;
  if (strcmp(ref->name, "cfr+") == 0 || strcmp(ref->name, "lcfr") == 0)
    return t;
  if (strcmp(ref->name, "dcfr") == 0)
    return pow(t, ref->gamma);
  return t * t; /* pcfr+ */
}

/* OpenSpiel's recursion: returns the values of @state for every player
 * under the current strategies; at @player's histories adds the
 * counterfactual regret to inst and own reach * strategy to the sum. */
static void
reference_walk(Reference *ref, const AgonState *state, const double *reach, int player,
               double *out)
{
  const AgonGame *game = agon_state_get_game(state);
  int n = agon_game_get_num_players(game);
  int current = agon_state_current_player(state);
  if (current == AGON_PLAYER_TERMINAL) {
    agon_state_returns(state, out);
    return;
  }
  for (int p = 0; p < n; p++)
    out[p] = 0;
  double next[n + 1];
  if (current == AGON_PLAYER_CHANCE) {
    AgonChanceOutcome outcomes[agon_game_get_max_chance_outcomes(game)];
    int m = agon_state_chance_outcomes(state, outcomes);
    for (int k = 0; k < m; k++) {
      memcpy(next, reach, sizeof next);
      next[n] *= outcomes[k].probability;
      g_autoptr(AgonState) child = agon_state_clone(state);
      agon_state_apply(child, outcomes[k].action);
      double v[n];
      reference_walk(ref, child, next, player, v);
      for (int p = 0; p < n; p++)
        out[p] += outcomes[k].probability * v[p];
    }
    return;
  }
  g_assert(current >= 0);
  gboolean all_zero = TRUE;
  for (int p = 0; p < n; p++)
    all_zero = all_zero && reach[p] == 0;
  if (all_zero)
    return;
  g_autofree char *info = agon_state_information_state(state, current);
  int i = agon_tree_lookup_infoset(ref->tree, current, info);
  int o = agon_tree_infoset_offset(ref->tree, i), m = agon_tree_infoset_num_actions(ref->tree, i);
  const AgonAction *actions = agon_tree_infoset_actions(ref->tree, i);
  double child_values[m][n];
  for (int k = 0; k < m; k++) {
    memcpy(next, reach, sizeof next);
    next[current] *= ref->current[o + k];
    g_autoptr(AgonState) child = agon_state_clone(state);
    agon_state_apply(child, actions[k]);
    reference_walk(ref, child, next, player, child_values[k]);
    for (int p = 0; p < n; p++)
      out[p] += ref->current[o + k] * child_values[k][p];
  }
  if (current != player)
    return;
  double counterfactual = reach[n];
  for (int p = 0; p < n; p++)
    if (p != current)
      counterfactual *= reach[p];
  for (int k = 0; k < m; k++) {
    ref->inst[o + k] += counterfactual * (child_values[k][current] - out[current]);
    ref->sum[o + k] += average_weight(ref) * reach[current] * ref->current[o + k];
  }
}

/* Turns the pass's regrets into the new regrets and strategy of @player,
 * as each solver's definition says. */
static void
reference_update(Reference *ref, int player)
{
  AgonTree *tree = ref->tree;
  double t = (double) ref->t;
  for (int i = agon_tree_get_first_infoset(tree, player);
       i < agon_tree_get_first_infoset(tree, player + 1); i++) {
    int o = agon_tree_infoset_offset(tree, i), m = agon_tree_infoset_num_actions(tree, i);
    double *r = ref->regret + o, *inst = ref->inst + o, predicted[m];
    for (int k = 0; k < m; k++) {
      if (strcmp(ref->name, "cfr") == 0) {
        r[k] += inst[k];
      } else if (strcmp(ref->name, "cfr+") == 0 || strcmp(ref->name, "pcfr+") == 0) {
        r[k] = MAX(r[k] + inst[k], 0.0);
      } else if (strcmp(ref->name, "lcfr") == 0) {
        r[k] += t * inst[k];
      } else {
        r[k] += inst[k];
        double e = r[k] > 0 ? ref->alpha : ref->beta;
        r[k] *= pow(t, e) / (pow(t, e) + 1);
      }
      predicted[k] = r[k] + inst[k];
      inst[k] = 0;
    }
    regret_match(strcmp(ref->name, "pcfr+") == 0 ? predicted : r, ref->current + o, m);
  }
}

static void
compare_with_reference(const char *game_string, const char *spec, gint64 iterations)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, spec);
  g_autoptr(AgonParams) params = agon_params_parse(spec, NULL);
  int n = agon_tree_get_num_players(tree), slots = agon_tree_get_num_slots(tree);
  Reference ref = {
    .tree = tree,
    .name = agon_params_get_name(params),
    .alpha = 1.5,
    .beta = 0,
    .gamma = 2,
    .regret = g_new0(double, slots),
    .sum = g_new0(double, slots),
    .current = g_new(double, slots),
    .inst = g_new0(double, slots),
  };
  agon_tree_uniform_probs(tree, ref.current);
  g_autoptr(AgonState) root = agon_state_new_initial(agon_tree_get_game(tree));
  double reach[n + 1], values[n];
  for (ref.t = 1; ref.t <= iterations; ref.t++) {
    for (int p = 0; p < n; p++) {
      for (int q = 0; q <= n; q++)
        reach[q] = 1;
      reference_walk(&ref, root, reach, p, values);
      reference_update(&ref, p);
    }
  }
  agon_solver_iterate(solver, iterations);
  g_autofree double *current = g_new(double, slots);
  g_autofree double *average = g_new(double, slots);
  agon_solver_get_current_probs(solver, current);
  agon_solver_get_average_probs(solver, average);
  for (int i = 0; i < agon_tree_get_num_infosets(tree); i++) {
    int o = agon_tree_infoset_offset(tree, i), m = agon_tree_infoset_num_actions(tree, i);
    double total = 0;
    for (int k = 0; k < m; k++)
      total += ref.sum[o + k];
    for (int k = 0; k < m; k++) {
      double expected = total > 0 ? ref.sum[o + k] / total : 1.0 / m;
      if (fabs(average[o + k] - expected) > 1e-9
          || fabs(current[o + k] - ref.current[o + k]) > 1e-9)
        fail_msg("%s on %s, infoset %s: average %.12g (reference %.12g), current %.12g "
                 "(reference %.12g)", spec, game_string, agon_tree_infoset_string(tree, i),
                 average[o + k], expected, current[o + k], ref.current[o + k]);
    }
  }
  g_free(ref.regret);
  g_free(ref.sum);
  g_free(ref.current);
  g_free(ref.inst);
}

static void
test_cfr_reference(void **unused)
{
  const char *specs[] = { "cfr", "cfr+", "lcfr", "dcfr", "pcfr+" };
  for (gsize s = 0; s < G_N_ELEMENTS(specs); s++) {
    compare_with_reference("kuhn_poker", specs[s], 30);
    compare_with_reference("kuhn_poker(players=3)", specs[s], 10);
  }
}

static void
test_cfr_reference_leduc(void **unused)
{
  compare_with_reference("leduc_poker", "cfr+", 3);
  compare_with_reference("leduc_poker", "pcfr+", 3);
}

/* The history-based passes (for trees without perfect recall) must agree
 * with the sequence-form ones where both apply. */
static void
check_histories_agree(const char *game_string, gint64 iterations)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  int slots = agon_tree_get_num_slots(tree);
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autoptr(AgonSolver) seq = test_solver_new(tree, cases[c].spec);
    g_autoptr(AgonSolver) hist = test_solver_new(tree, cases[c].spec);
    agon__cfr_use_histories(hist);
    agon_solver_iterate(seq, iterations);
    agon_solver_iterate(hist, iterations);
    g_autofree double *a = g_new(double, slots), *b = g_new(double, slots);
    for (int which = 0; which < 2; which++) {
      if (which) {
        agon_solver_get_average_probs(seq, a);
        agon_solver_get_average_probs(hist, b);
      } else {
        agon_solver_get_current_probs(seq, a);
        agon_solver_get_current_probs(hist, b);
      }
      for (int s = 0; s < slots; s++)
        if (fabs(a[s] - b[s]) > 1e-9)
          fail_msg("%s on %s, slot %d: %.12g by sequences, %.12g by histories",
                   cases[c].spec, game_string, s, a[s], b[s]);
    }
  }
}

static void
test_cfr_histories_agree(void **unused)
{
  check_histories_agree("kuhn_poker", 50);
  check_histories_agree("kuhn_poker(players=3)", 20);
  check_histories_agree("leduc_poker", 5);
  check_histories_agree("goofspiel(num_cards=3)", 20);
}

/* goofspiel from 4 cards lacks perfect recall; CFR+ runs on its histories
 * (as OpenSpiel's does) and converges there. */
static void
test_cfr_goofspiel(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("goofspiel(num_cards=4)");
  assert_false(agon_tree_has_perfect_recall(tree, NULL));
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "cfr+");
  double values[2];
  double x[3] = {
    average_gap(solver, ev, 1, FALSE, values),
    average_gap(solver, ev, 10, FALSE, values),
    average_gap(solver, ev, 100, FALSE, values),
  };
  if (!(x[0] > x[1] && x[1] > x[2] && x[2] < 0.005))
    fail_msg("exploitability %g, %g, %g after 1, 10, 100 iterations", x[0], x[1], x[2]);
  /* Symmetric: the value is 0. */
  assert_near(values[0], 0, 1e-3);
}

/* ---- The interface ------------------------------------------------------ */

static void
test_cfr_specs(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) dcfr = test_solver_new(tree, "dcfr");
  assert_string_equal(agon_solver_get_spec(dcfr), "dcfr(alpha=1.5,beta=0,gamma=2)");
  assert_string_equal(agon_solver_get_name(dcfr), "dcfr");
  assert_ptr_equal(agon_solver_get_tree(dcfr), tree);
  g_autoptr(AgonSolver) custom = test_solver_new(tree, "dcfr(gamma=3, alpha=2)");
  assert_string_equal(agon_solver_get_spec(custom), "dcfr(alpha=2,beta=0,gamma=3)");
  g_autoptr(AgonSolver) plus = test_solver_new(tree, "cfr+");
  assert_string_equal(agon_solver_get_name(plus), "cfr+");
  assert_int_equal(agon_solver_get_iteration(plus), 0);

  const struct {
    const char *spec;
    int code;
    const char *fragment;
  } bad[] = {
    { "cfr++", AGON_ERROR_UNKNOWN_NAME, "pcfr+" },
    { "cfr+(alpha=1)", AGON_ERROR_UNKNOWN_PARAMETER, "alpha" },
    { "dcfr(alpha=x)", AGON_ERROR_INVALID_VALUE, "alpha" },
    { "dcfr(alpha=-1)", AGON_ERROR_INVALID_VALUE, "alpha" },
    { "dcfr(alpha=1", AGON_ERROR_PARSE, "dcfr" },
  };
  for (gsize b = 0; b < G_N_ELEMENTS(bad); b++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonSolver) solver = agon_solver_new(tree, bad[b].spec, &error);
    assert_null(solver);
    if (error->code != bad[b].code || strstr(error->message, bad[b].fragment) == NULL)
      fail_msg("%s: error %d '%s'", bad[b].spec, error->code, error->message);
  }

  const char *const *names = agon_solver_list_names();
  const char *expected[] = { "cfr", "cfr+", "lcfr", "dcfr", "pcfr+" };
  for (gsize i = 0; i < G_N_ELEMENTS(expected); i++) {
    gboolean found = FALSE;
    for (const char *const *nm = names; *nm; nm++)
      found = found || strcmp(*nm, expected[i]) == 0;
    assert_true(found);
    assert_non_null(agon_solver_lookup_description(expected[i]));
    assert_non_null(agon_solver_lookup_param_specs(expected[i]));
  }
  assert_null(agon_solver_lookup_description("nonesuch"));
  assert_string_equal(agon_solver_lookup_param_specs("dcfr")[0].name, "alpha");
}

/* Policies are distributions; before any iteration both are uniform. */
static void
test_cfr_policies(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker(players=3)");
  int slots = agon_tree_get_num_slots(tree);
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autoptr(AgonSolver) solver = test_solver_new(tree, cases[c].spec);
    g_autofree double *probs = g_new(double, slots);
    agon_solver_get_average_probs(solver, probs);
    for (int s = 0; s < slots; s++)
      assert_near(probs[s], 0.5, 0);
    agon_solver_get_current_probs(solver, probs);
    for (int s = 0; s < slots; s++)
      assert_near(probs[s], 0.5, 0);
    agon_solver_iterate(solver, 7);
    for (int which = 0; which < 2; which++) {
      g_autoptr(AgonPolicy) policy = which ? agon_solver_get_average_policy(solver)
                                           : agon_solver_get_current_policy(solver);
      const double *p = agon_policy_get_probs(policy);
      for (int i = 0; i < agon_tree_get_num_infosets(tree); i++) {
        int o = agon_tree_infoset_offset(tree, i), m = agon_tree_infoset_num_actions(tree, i);
        double total = 0;
        for (int s = o; s < o + m; s++) {
          assert_true(p[s] >= 0);
          total += p[s];
        }
        assert_near(total, 1, 1e-12);
      }
    }
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_cfr_plus_kuhn_openspiel),
    cmocka_unit_test(test_cfr_leduc_openspiel),
    cmocka_unit_test(test_cfr_all_kuhn),
    cmocka_unit_test(test_cfr_all_leduc),
    cmocka_unit_test(test_cfr_leduc_value),
    cmocka_unit_test(test_cfr_kuhn3_nash_conv),
    cmocka_unit_test(test_cfr_matrix),
    cmocka_unit_test(test_cfr_rps),
    cmocka_unit_test(test_cfr_reference),
    cmocka_unit_test(test_cfr_reference_leduc),
    cmocka_unit_test(test_cfr_histories_agree),
    cmocka_unit_test(test_cfr_goofspiel),
    cmocka_unit_test(test_cfr_specs),
    cmocka_unit_test(test_cfr_policies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
