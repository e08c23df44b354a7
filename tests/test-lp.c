/* agon: the sequence-form LP solver (solvers/lp.c).
 *
 * Known game values to 1e-9 (Kuhn's -1/18, Leduc's -0.085606424078 to
 * 1e-8), policies that are exactly unexploitable, matrix games solved by
 * hand (the sequence form of one simultaneous move is the normal-form LP),
 * agreement with CFR+ on Kuhn and Leduc, the games it must refuse, its
 * iteration count and its checkpoints. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>
#include <math.h>

/* What an lp solver found on @game_string. */
typedef struct {
  AgonTree *tree;
  AgonSolver *solver;
  double *probs;     /* the policy after one iteration */
  double values[2];  /* its policy values */
  double exploitability;
} Solved;

static void
solve(Solved *s, const char *game_string, const char *spec)
{
  s->tree = test_tree_new(game_string);
  s->solver = test_solver_new(s->tree, spec);
  agon_solver_iterate(s->solver, 1);
  s->probs = g_new(double, agon_tree_get_num_slots(s->tree));
  agon_solver_get_average_probs(s->solver, s->probs);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(s->tree, &error);
  if (ev == NULL)
    fail_msg("%s", error->message);
  agon_evaluator_policy_values(ev, s->probs, s->values);
  s->exploitability = agon_evaluator_exploitability(ev, s->probs);
}

static void
solved_clear(Solved *s)
{
  agon_solver_free(s->solver);
  agon_tree_unref(s->tree);
  g_free(s->probs);
}

/* The probabilities of the single information set of @player. */
static void
assert_strategy(const Solved *s, int player, const double *expected, gsize n, double tol)
{
  int i = agon_tree_get_first_infoset(s->tree, player);
  assert_int_equal(agon_tree_get_first_infoset(s->tree, player + 1), i + 1);
  assert_int_equal(agon_tree_infoset_num_actions(s->tree, i), n);
  int o = agon_tree_infoset_offset(s->tree, i);
  for (gsize k = 0; k < n; k++)
    assert_near(s->probs[o + k], expected[k], tol);
}

static void
check_kuhn(const char *game_string, const char *spec)
{
  Solved s;
  solve(&s, game_string, spec);
  assert_near(agon__lp_get_value(s.solver), -1.0 / 18, 1e-9);
  assert_near(s.values[0], -1.0 / 18, 1e-9);
  assert_near(s.values[1], 1.0 / 18, 1e-9);
  assert_true(s.exploitability >= -1e-12);
  assert_true(s.exploitability < 1e-9);
  solved_clear(&s);
}

static void
test_lp_kuhn(void **unused)
{
  check_kuhn("kuhn_poker", "lp");
}

static void
test_lp_kuhn_exact(void **unused)
{
  check_kuhn("kuhn_poker", "lp(exact=true)");
}

/* The same game from Gambit's file: different strings, same numbers. */
static void
test_lp_kuhn_efg(void **unused)
{
  g_autofree char *path = test_data_path("gambit/kuhn_poker.efg");
  g_autofree char *game = g_strdup_printf("efg_game(filename=%s)", path);
  check_kuhn(game, "lp");
}

static void
test_lp_leduc(void **unused)
{
  if (agon_game_lookup_type("leduc_poker") == NULL)
    skip();
  const char *specs[] = { "lp", "lp(exact=true)" };
  for (gsize k = 0; k < G_N_ELEMENTS(specs); k++) {
    Solved s;
    solve(&s, "leduc_poker", specs[k]);
    assert_near(agon__lp_get_value(s.solver), -0.085606424078, 1e-8);
    assert_near(s.values[0], -0.085606424078, 1e-8);
    assert_true(s.exploitability < 1e-8);
    solved_clear(&s);
  }
}

/* With imp_info=true a player sees only who won each bid, but remembers
 * its own bids: perfect recall. The game is symmetric, so its value is 0. */
static void
test_lp_goofspiel(void **unused)
{
  if (agon_game_lookup_type("goofspiel") == NULL)
    skip();
  Solved s;
  solve(&s, "goofspiel(num_cards=4,imp_info=true,points_order=descending)", "lp");
  assert_near(agon__lp_get_value(s.solver), 0, 1e-9);
  assert_near(s.values[0], 0, 1e-9);
  assert_true(s.exploitability < 1e-9);
  solved_clear(&s);
}

/* ---- Matrix games: the normal-form LP ---------------------------------- */

static void
test_lp_rps(void **unused)
{
  Solved s;
  solve(&s, "matrix_rps", "lp");
  const double third[] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 };
  assert_near(agon__lp_get_value(s.solver), 0, 1e-12);
  assert_strategy(&s, 0, third, 3, 1e-12);
  assert_strategy(&s, 1, third, 3, 1e-12);
  assert_true(s.exploitability < 1e-12);
  solved_clear(&s);
}

static void
test_lp_matching_pennies(void **unused)
{
  Solved s;
  solve(&s, "matrix_mp", "lp");
  const double half[] = { 0.5, 0.5 };
  assert_near(agon__lp_get_value(s.solver), 0, 1e-12);
  assert_strategy(&s, 0, half, 2, 1e-12);
  assert_strategy(&s, 1, half, 2, 1e-12);
  solved_clear(&s);
}

/* Row payoffs [3 -1 2; -2 4 1]. Row 0 with probability p earns 5p - 2,
 * 4 - 5p and 1 + p against the columns; the first two meet at p = 3/5 at
 * value 1, where the third column pays the row 8/5 > 1, so the column
 * player leaves it and mixes the first two: 4q - 1 = 4 - 6q, q = 1/2. The
 * equilibrium is unique. */
static void
test_lp_bimatrix(void **unused)
{
  Solved s;
  solve(&s, "matrix(rows=2,cols=3,row_payoffs=\"3 -1 2 -2 4 1\")", "lp");
  const double row[] = { 0.6, 0.4 }, col[] = { 0.5, 0.5, 0 };
  assert_near(agon__lp_get_value(s.solver), 1, 1e-12);
  assert_near(s.values[0], 1, 1e-12);
  assert_near(s.values[1], -1, 1e-12);
  assert_strategy(&s, 0, row, 2, 1e-12);
  assert_strategy(&s, 1, col, 3, 1e-12);
  solved_clear(&s);
}

/* Constant-sum (payoffs add up to 2): the row player's first strategy
 * weakly dominates and pays 1 against anything, which is the value. */
static void
test_lp_constant_sum(void **unused)
{
  g_autofree char *path = test_data_path("gambit/const_sum_game.nfg");
  g_autofree char *game = g_strdup_printf("nfg_game(filename=%s)", path);
  Solved s;
  solve(&s, game, "lp");
  assert_near(agon__lp_get_value(s.solver), 1, 1e-12);
  assert_near(s.values[0], 1, 1e-12);
  assert_near(s.values[1], 1, 1e-12);
  assert_true(s.exploitability < 1e-12);
  solved_clear(&s);
}

/* ---- Against CFR+ ------------------------------------------------------- */

static void
check_cfr_plus(const char *game_string, double value)
{
  Solved s;
  solve(&s, game_string, "lp");
  g_autoptr(AgonSolver) cfr = test_solver_new(s.tree, "cfr+");
  agon_solver_iterate(cfr, 10000);
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(s.tree));
  agon_solver_get_average_probs(cfr, probs);
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(s.tree, NULL);
  double values[2];
  agon_evaluator_policy_values(ev, probs, values);
  assert_near(agon__lp_get_value(s.solver), value, 1e-8);
  assert_near(values[0], agon__lp_get_value(s.solver), 1e-4);
  assert_true(agon_evaluator_exploitability(ev, probs) < 1e-4);
  assert_true(s.exploitability < 1e-8);
  solved_clear(&s);
}

static void
test_lp_cfr_plus_kuhn(void **unused)
{
  check_cfr_plus("kuhn_poker", -1.0 / 18);
}

static void
test_lp_cfr_plus_leduc(void **unused)
{
  if (agon_game_lookup_type("leduc_poker") == NULL)
    skip();
  check_cfr_plus("leduc_poker", -0.085606424078);
}

/* ---- Refusals ----------------------------------------------------------- */

static void
assert_refused(const char *game_string, const char *fragment)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonSolver) solver = agon_solver_new(tree, "lp", &error);
  if (solver != NULL)
    fail_msg("%s: lp accepted it", game_string);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED));
  if (strstr(error->message, fragment) == NULL)
    fail_msg("'%s' does not mention '%s'", error->message, fragment);
}

static void
test_lp_refusals(void **unused)
{
  assert_refused("kuhn_poker(players=3)", "two-player");
  assert_refused("matrix_pd", "zero-sum");
  /* Identical interest is not constant-sum either. */
  assert_refused("matrix(row_payoffs=\"1 0 0 1\",col_payoffs=\"1 0 0 1\")", "zero-sum");
  /* Goofspiel's public information states forget who bid what. */
  if (agon_game_lookup_type("goofspiel") != NULL)
    assert_refused("goofspiel(num_cards=4)", "perfect recall");

  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(GError) error = NULL;
  assert_null(agon_solver_new(tree, "lp(exact=maybe)", &error));
  assert_non_null(error);
}

/* ---- The solver interface ----------------------------------------------- */

/* Uniform before the first iteration, the solution after it, unchanged by
 * more; current and average agree. */
static void
test_lp_iterations(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "lp");
  assert_string_equal(agon_solver_get_spec(solver), "lp(exact=false)");
  gsize n = (gsize) agon_tree_get_num_slots(tree);
  g_autofree double *probs = g_new(double, n), *uniform = g_new(double, n);
  g_autofree double *first = g_new(double, n);
  agon_tree_uniform_probs(tree, uniform);
  assert_int_equal(agon_solver_get_iteration(solver), 0);
  agon_solver_get_average_probs(solver, probs);
  assert_memory_equal(probs, uniform, n * sizeof(double));

  agon_solver_iterate(solver, 1);
  assert_int_equal(agon_solver_get_iteration(solver), 1);
  agon_solver_get_average_probs(solver, first);
  assert_memory_not_equal(first, uniform, n * sizeof(double));
  agon_solver_get_current_probs(solver, probs);
  assert_memory_equal(probs, first, n * sizeof(double));

  agon_solver_iterate(solver, 9);
  assert_int_equal(agon_solver_get_iteration(solver), 10);
  agon_solver_get_average_probs(solver, probs);
  assert_memory_equal(probs, first, n * sizeof(double));

  gboolean listed = FALSE;
  for (const char *const *name = agon_solver_list_names(); *name; name++)
    listed = listed || strcmp(*name, "lp") == 0;
  assert_true(listed);
}

static void
test_lp_checkpoint(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "lp");
  agon_solver_iterate(solver, 3);
  g_autofree char *path = test_temp_path("agon-test-lp.bin");
  g_autoptr(GError) error = NULL;
  if (!agon_solver_save(solver, path, &error))
    fail_msg("%s", error->message);
  g_autoptr(AgonTree) again = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) loaded = agon_solver_load(again, path, &error);
  if (loaded == NULL)
    fail_msg("%s", error->message);
  g_remove(path);

  assert_string_equal(agon_solver_get_spec(loaded), "lp(exact=false)");
  assert_int_equal(agon_solver_get_iteration(loaded), 3);
  AgonSolverArray xs[AGON_SOLVER_MAX_ARRAYS], ys[AGON_SOLVER_MAX_ARRAYS];
  int count = solver->klass->state_arrays(solver, xs);
  assert_int_equal(count, 2);
  assert_int_equal(loaded->klass->state_arrays(loaded, ys), count);
  for (int i = 0; i < count; i++) {
    assert_string_equal(xs[i].name, ys[i].name);
    assert_int_equal(xs[i].length, ys[i].length);
    assert_memory_equal(xs[i].data, ys[i].data, xs[i].length * sizeof(double));
  }
  assert_true(agon__lp_get_value(loaded) == agon__lp_get_value(solver));
  gsize n = (gsize) agon_tree_get_num_slots(tree);
  g_autofree double *a = g_new(double, n), *b = g_new(double, n);
  agon_solver_get_average_probs(solver, a);
  agon_solver_get_average_probs(loaded, b);
  assert_memory_equal(a, b, n * sizeof(double));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lp_kuhn),
    cmocka_unit_test(test_lp_kuhn_exact),
    cmocka_unit_test(test_lp_kuhn_efg),
    cmocka_unit_test(test_lp_leduc),
    cmocka_unit_test(test_lp_goofspiel),
    cmocka_unit_test(test_lp_rps),
    cmocka_unit_test(test_lp_matching_pennies),
    cmocka_unit_test(test_lp_bimatrix),
    cmocka_unit_test(test_lp_constant_sum),
    cmocka_unit_test(test_lp_cfr_plus_kuhn),
    cmocka_unit_test(test_lp_cfr_plus_leduc),
    cmocka_unit_test(test_lp_refusals),
    cmocka_unit_test(test_lp_iterations),
    cmocka_unit_test(test_lp_checkpoint),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
