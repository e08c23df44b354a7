/* agon: follow-the-regularized-leader with the dilated entropy
 * (solvers/ftrl.c).
 *
 * The closed form checked by hand on a matrix game, convergence of the
 * average on Kuhn, Leduc and matrix games within stated bounds (measured,
 * then given some margin), the simultaneous variant, the spec and its
 * errors, and checkpoints resuming bit for bit. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#define BIASED "matrix(rows=2,cols=2,row_payoffs=\"2 -1 -1 1\")"

static AgonTree *
tree_for(const char *game_string)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  g_autoptr(GError) error = NULL;
  AgonTree *tree = agon_tree_new(game, 0, &error);
  if (tree == NULL)
    fail_msg("%s: %s", game_string, error->message);
  return tree;
}

static AgonSolver *
solver_for(AgonTree *tree, const char *spec)
{
  g_autoptr(GError) error = NULL;
  AgonSolver *solver = agon_solver_new(tree, spec, &error);
  if (solver == NULL)
    fail_msg("%s: %s", spec, error->message);
  return solver;
}

/* Runs @solver up to @iteration; returns the exploitability of its
 * average (or, with @last, current) policy, player values in @values. */
static double
gap_at(AgonSolver *solver, AgonEvaluator *ev, gint64 iteration, gboolean last, double *values)
{
  AgonTree *tree = agon_solver_get_tree(solver);
  agon_solver_iterate(solver, iteration - agon_solver_get_iteration(solver));
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
  if (last)
    agon_solver_get_current_probs(solver, probs);
  else
    agon_solver_get_average_probs(solver, probs);
  return agon_evaluator_nash_conv(ev, probs, NULL, values) / agon_tree_get_num_players(tree);
}

static void
softmax2(double a, double b, double *out)
{
  double m = MAX(a, b), ea = exp(a - m), eb = exp(b - m);
  out[0] = ea / (ea + eb);
  out[1] = eb / (ea + eb);
}

/* Two alternating iterations on 2 -1 / -1 1, worked by hand: x_2 =
 * softmax(eta A y_1), y_2 = softmax(-eta A^T x_2) (the column player's
 * gradient sees the row player's new strategy), then
 * x_3 = softmax(eta A (y_1 + y_2)). */
static void
test_ftrl_closed_form(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for(BIASED);
  g_autoptr(AgonSolver) solver = solver_for(tree, "ftrl(eta=0.7)");
  double eta = 0.7, probs[4], x2[2], y2[2], x3[2], y1[2] = { 0.5, 0.5 };
  agon_solver_iterate(solver, 1);
  agon_solver_get_current_probs(solver, probs);
  softmax2(eta * (2 * y1[0] - y1[1]), eta * (-y1[0] + y1[1]), x2);
  softmax2(-eta * (2 * x2[0] - x2[1]), -eta * (-x2[0] + x2[1]), y2);
  assert_near(probs[0], x2[0], 1e-14);
  assert_near(probs[2], y2[0], 1e-14);
  agon_solver_iterate(solver, 1);
  agon_solver_get_current_probs(solver, probs);
  double g0 = 2 * (y1[0] + y2[0]) - (y1[1] + y2[1]), g1 = -(y1[0] + y2[0]) + (y1[1] + y2[1]);
  softmax2(eta * g0, eta * g1, x3);
  assert_near(probs[0], x3[0], 1e-14);
  /* The average is the mean of the iterates x_1, x_2 (one information
   * set: the sequence form is the behaviour). */
  agon_solver_get_average_probs(solver, probs);
  assert_near(probs[0], (0.5 + x2[0]) / 2, 1e-14);
}

/* Kuhn, default parameters: exploitability of the average measured as
 * 0.458, 0.058, 6.1e-3, 7.0e-4 after 1, 10, 100, 1000 iterations. */
static void
test_ftrl_kuhn(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("kuhn_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = solver_for(tree, "ftrl");
  assert_string_equal(agon_solver_get_spec(solver), "ftrl(eta=0,alternating=true)");
  double values[2], x[4];
  gint64 at[4] = { 1, 10, 100, 1000 };
  for (int k = 0; k < 4; k++)
    x[k] = gap_at(solver, ev, at[k], FALSE, values);
  if (!(x[0] > x[1] && x[1] > x[2] && x[2] > x[3] && x[3] < 1e-3))
    fail_msg("exploitability %g, %g, %g, %g after 1, 10, 100, 1000 iterations", x[0], x[1],
             x[2], x[3]);
  assert_near(x[0], 0.458333333333, 1e-9); /* the uniform start */
  assert_near(values[0], -1.0 / 18, 1e-3);
  /* Measured 7.0e-5 after 10000. */
  assert_true(gap_at(solver, ev, 10000, FALSE, values) < 1e-4);
}

/* Leduc: measured 0.083 and 9.5e-3 after 100 and 1000 iterations. */
static void
test_ftrl_leduc(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("leduc_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = solver_for(tree, "ftrl");
  double values[2];
  double x100 = gap_at(solver, ev, 100, FALSE, values);
  double x1000 = gap_at(solver, ev, 1000, FALSE, values);
  if (!(x100 < 0.12 && x1000 < x100 && x1000 < 0.015))
    fail_msg("exploitability %g, %g after 100, 1000 iterations", x100, x1000);
  assert_near(values[0], -0.085606424078, 0.01);
}

static void
test_ftrl_matrix(void **unused)
{
  /* Rock, paper, scissors: the uniform start is the equilibrium and
   * FTRL stays there. */
  g_autoptr(AgonTree) rps = tree_for("matrix_rps");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(rps, NULL);
  g_autoptr(AgonSolver) solver = solver_for(rps, "ftrl");
  double values[2], probs[6];
  assert_true(gap_at(solver, ev, 100, FALSE, values) < 1e-12);
  agon_solver_get_average_probs(solver, probs);
  for (int s = 0; s < 6; s++)
    assert_near(probs[s], 1.0 / 3, 1e-12);

  /* 2 -1 / -1 1: both mix 2/5, value 1/5; measured 5.9e-4 after 1000. */
  g_autoptr(AgonTree) tree = tree_for(BIASED);
  g_autoptr(AgonEvaluator) ev2 = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) s2 = solver_for(tree, "ftrl");
  assert_true(gap_at(s2, ev2, 1000, FALSE, values) < 1e-3);
  assert_near(values[0], 0.2, 2e-3);
  agon_solver_get_average_probs(s2, probs);
  assert_near(probs[0], 0.4, 5e-3);
  assert_near(probs[2], 0.4, 5e-3);

  /* A biased rock, paper, scissors with equilibrium (3/7, 3/7, 1/7);
   * measured 1.3e-3 after 1000. */
  g_autoptr(AgonTree) t3 = tree_for("matrix(rows=3,cols=3,row_payoffs=\"0 -1 3 1 0 -3 -3 3 0\")");
  g_autoptr(AgonEvaluator) ev3 = agon_evaluator_new(t3, NULL);
  g_autoptr(AgonSolver) s3 = solver_for(t3, "ftrl");
  assert_true(gap_at(s3, ev3, 1000, FALSE, values) < 2e-3);
}

/* Simultaneous updates converge too, more slowly: measured 2.1e-3 after
 * 10000 on Kuhn (7.0e-5 alternating). */
static void
test_ftrl_simultaneous(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("kuhn_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = solver_for(tree, "ftrl(alternating=false)");
  double values[2];
  double x100 = gap_at(solver, ev, 100, FALSE, values);
  double x10000 = gap_at(solver, ev, 10000, FALSE, values);
  assert_true(x10000 < x100);
  assert_true(x10000 < 3e-3);
}

static void
test_ftrl_errors(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("kuhn_poker");
  g_autoptr(GError) error = NULL;
  assert_null(agon_solver_new(tree, "ftrl(eta=-1)", &error));
  assert_int_equal(error->code, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);
  assert_null(agon_solver_new(tree, "ftrl(gamma=1)", &error));
  assert_int_equal(error->code, AGON_ERROR_UNKNOWN_PARAMETER);
  g_clear_error(&error);
  /* Goofspiel's information states forget the order of bids. */
  g_autoptr(AgonTree) goof = tree_for("goofspiel(num_cards=4)");
  assert_null(agon_solver_new(goof, "ftrl", &error));
  assert_int_equal(error->code, AGON_ERROR_UNSUPPORTED);
}

/* N + M iterations equal N, save, load, M, bit for bit. */
static void
test_ftrl_checkpoint(void **unused)
{
  test_check_resume("leduc_poker", "ftrl", 17, 13);
  test_check_resume("leduc_poker", "ftrl(eta=3,alternating=false)", 17, 13);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ftrl_closed_form),
    cmocka_unit_test(test_ftrl_kuhn),
    cmocka_unit_test(test_ftrl_leduc),
    cmocka_unit_test(test_ftrl_matrix),
    cmocka_unit_test(test_ftrl_simultaneous),
    cmocka_unit_test(test_ftrl_errors),
    cmocka_unit_test(test_ftrl_checkpoint),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
