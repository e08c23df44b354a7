/* agon: magnetic mirror descent with the dilated entropy (solvers/mmd.c).
 *
 * The last iterate with a fixed uniform magnet against the logit QRE of a
 * 2 x 2 game computed here by bisection, and its fixed point on Kuhn; the
 * last iterate reaching Nash with a moving magnet (Kuhn, Leduc, matrix
 * games; fixed or chosen by nash=true) and with annealing (Kuhn); Leduc's
 * QRE with chance and with unit weights, and the two weightings agreeing
 * bit for bit on Kuhn; the spec and its errors; checkpoints resuming bit
 * for bit. Bounds are measured values with some margin. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

#define BIASED "matrix(rows=2,cols=2,row_payoffs=\"2 -1 -1 1\")"
#define BIASED_RPS "matrix(rows=3,cols=3,row_payoffs=\"0 -1 3 1 0 -3 -3 3 0\")"

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
 * current (last) policy, or with @average of its average policy. */
static double
gap_at(AgonSolver *solver, AgonEvaluator *ev, gint64 iteration, gboolean average)
{
  AgonTree *tree = agon_solver_get_tree(solver);
  agon_solver_iterate(solver, iteration - agon_solver_get_iteration(solver));
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
  if (average)
    agon_solver_get_average_probs(solver, probs);
  else
    agon_solver_get_current_probs(solver, probs);
  return agon_evaluator_exploitability(ev, probs);
}

static double
logistic(double z)
{
  return 1 / (1 + exp(-z));
}

/* The logit QRE of 2 -1 / -1 1 at temperature @alpha: the row player's
 * p = P(row 0) and the column player's q = P(col 0) solve
 * p = logistic((5q - 2) / alpha), q = logistic((2 - 5p) / alpha). The
 * right side of p = f(p) falls as p grows, so p - f(p) is increasing and
 * bisection finds its one root. */
static void
biased_qre(double alpha, double *p, double *q)
{
  double lo = 0, hi = 1;
  for (int k = 0; k < 200; k++) {
    double mid = (lo + hi) / 2;
    double qm = logistic((2 - 5 * mid) / alpha);
    if (mid - logistic((5 * qm - 2) / alpha) > 0)
      hi = mid;
    else
      lo = mid;
  }
  *p = (lo + hi) / 2;
  *q = logistic((2 - 5 * *p) / alpha);
}

/* Fixed alpha, uniform magnet: the last iterate is the alpha-QRE
 * (Theorem 3.4: Bregman distance times 1 / (1 + eta alpha) per step). */
static void
test_mmd_qre(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for(BIASED);
  const double alphas[] = { 0.5, 1, 3 };
  for (gsize i = 0; i < G_N_ELEMENTS(alphas); i++) {
    g_autofree char *spec = g_strdup_printf("mmd(alpha=%g)", alphas[i]);
    g_autoptr(AgonSolver) solver = solver_for(tree, spec);
    agon_solver_iterate(solver, 2000);
    double probs[4], p, q;
    agon_solver_get_current_probs(solver, probs);
    biased_qre(alphas[i], &p, &q);
    assert_near(probs[0], p, 1e-10);
    assert_near(probs[2], q, 1e-10);
    /* Not the Nash equilibrium (2/5, 2/5). */
    assert_true(fabs(p - 0.4) > 1e-3);
  }
  /* Rock, paper, scissors: the QRE is uniform, at every alpha. */
  g_autoptr(AgonTree) rps = tree_for("matrix_rps");
  g_autoptr(AgonSolver) solver = solver_for(rps, "mmd(alpha=0.5)");
  agon_solver_iterate(solver, 500);
  double probs[6];
  agon_solver_get_current_probs(solver, probs);
  for (int s = 0; s < 6; s++)
    assert_near(probs[s], 1.0 / 3, 1e-12);
}

/* The last iterate without averaging: on rock, paper, scissors it is
 * (1/3, 1/3, 1/3) with any settings, and on a biased version with a
 * moving magnet it reaches the equilibrium (3/7, 3/7, 1/7) (measured
 * exploitability 8.6e-7 after 2000 iterations). */
static void
test_mmd_last_iterate_matrix(void **unused)
{
  const char *specs[] = { "mmd", "mmd(alpha=3,magnet_every=10)", "mmd(alpha=0.5,anneal=true)" };
  g_autoptr(AgonTree) rps = tree_for("matrix_rps");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(rps, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(specs); i++) {
    g_autoptr(AgonSolver) solver = solver_for(rps, specs[i]);
    assert_true(gap_at(solver, ev, 300, FALSE) < 1e-12);
    double probs[6];
    agon_solver_get_current_probs(solver, probs);
    for (int s = 0; s < 6; s++)
      assert_near(probs[s], 1.0 / 3, 1e-12);
  }
  g_autoptr(AgonTree) tree = tree_for(BIASED_RPS);
  g_autoptr(AgonEvaluator) ev3 = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = solver_for(tree, "mmd(alpha=3,magnet_every=10)");
  double x100 = gap_at(solver, ev3, 100, FALSE);
  double x2000 = gap_at(solver, ev3, 2000, FALSE);
  assert_true(x2000 < x100);
  assert_true(x2000 < 1e-5);
  double probs[6];
  agon_solver_get_current_probs(solver, probs);
  const double nash[3] = { 3.0 / 7, 3.0 / 7, 1.0 / 7 };
  for (int s = 0; s < 6; s++)
    assert_near(probs[s], nash[s % 3], 1e-5);
}

/* Kuhn with the default alpha = 0.05: the last iterate settles on the
 * QRE (a fixed point of the update), whose exploitability was measured as
 * 0.0502: close to Nash but not at it. */
static void
test_mmd_kuhn_qre(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("kuhn_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) solver = solver_for(tree, "mmd");
  assert_string_equal(agon_solver_get_spec(solver),
                      "mmd(alpha=0.05,eta=0,anneal=false,magnet_every=0,alternating=false,"
                      "nash=false,weights=chance)");
  double x = gap_at(solver, ev, 3000, FALSE);
  assert_near(x, 0.0502, 1e-3);
  gsize slots = (gsize) agon_tree_get_num_slots(tree);
  g_autofree double *a = g_new(double, slots), *b = g_new(double, slots);
  agon_solver_get_current_probs(solver, a);
  agon_solver_iterate(solver, 1);
  agon_solver_get_current_probs(solver, b);
  for (gsize s = 0; s < slots; s++)
    assert_near(a[s], b[s], 1e-12);
}

/* Towards Nash in the last iterate on Kuhn. Moving magnet: measured
 * 0.030, 8.0e-4, 1.2e-5 after 1000, 3000, 5000 iterations. Annealing
 * (alpha and eta times 1 / sqrt(t)): measured 2.9e-3 after 10000. */
static void
test_mmd_kuhn_nash(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("kuhn_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) magnet = solver_for(tree, "mmd(alpha=0.5,magnet_every=10)");
  double x[3] = {
    gap_at(magnet, ev, 1000, FALSE),
    gap_at(magnet, ev, 3000, FALSE),
    gap_at(magnet, ev, 5000, FALSE),
  };
  if (!(x[0] > x[1] && x[1] > x[2] && x[2] < 1e-4))
    fail_msg("last-iterate exploitability %g, %g, %g after 1000, 3000, 5000", x[0], x[1], x[2]);
  g_autoptr(AgonSolver) anneal = solver_for(tree, "mmd(alpha=0.5,anneal=true)");
  double y1000 = gap_at(anneal, ev, 1000, FALSE);
  double y10000 = gap_at(anneal, ev, 10000, FALSE);
  if (!(y10000 < y1000 && y10000 < 5e-3))
    fail_msg("annealed: %g, %g after 1000, 10000", y1000, y10000);
  /* nash=true at the default alpha moves the magnet every 178 iterations:
   * measured 6.8e-4, 2.0e-7 after 1000, 3000. */
  g_autoptr(AgonSolver) nash = solver_for(tree, "mmd(nash=true)");
  double z1000 = gap_at(nash, ev, 1000, FALSE);
  double z3000 = gap_at(nash, ev, 3000, FALSE);
  if (!(z3000 < z1000 && z1000 < 2e-3 && z3000 < 1e-6))
    fail_msg("nash=true: %g, %g after 1000, 3000", z1000, z3000);
}

/* Leduc, where chance deals a card between the rounds. The default
 * weights (each information set's chance reach) settle at their
 * alpha = 0.05 QRE, measured exploitability 0.5112, where unit weights
 * (OpenSpiel's mmd_dilated) settle at 1.3069, almost uniform in the second
 * round. Towards Nash with a moving magnet and the default step: measured
 * last iterate 0.105 and average 0.0126 after 1000 iterations with K = 10
 * (unit weights, same spec: 0.336 and 0.064; at their best step, eta = 50:
 * 0.160 and 0.051), and 0.090 and 0.0197 with nash=true (K = 19). */
static void
test_mmd_leduc(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("leduc_poker");
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, NULL);
  g_autoptr(AgonSolver) qre = solver_for(tree, "mmd");
  g_autoptr(AgonSolver) unit = solver_for(tree, "mmd(weights=unit)");
  assert_near(gap_at(qre, ev, 200, FALSE), 0.5112, 2e-3);
  assert_near(gap_at(unit, ev, 200, FALSE), 1.3069, 2e-3);
  g_autoptr(AgonSolver) solver = solver_for(tree, "mmd(alpha=0.05,magnet_every=10)");
  double last = gap_at(solver, ev, 1000, FALSE);
  double average = gap_at(solver, ev, 1000, TRUE);
  if (!(last < 0.15 && average < 0.02))
    fail_msg("last %g, average %g after 1000 iterations", last, average);
  g_autoptr(AgonSolver) nash = solver_for(tree, "mmd(nash=true)");
  last = gap_at(nash, ev, 1000, FALSE);
  average = gap_at(nash, ev, 1000, TRUE);
  if (!(last < 0.13 && average < 0.03))
    fail_msg("nash=true: last %g, average %g after 1000 iterations", last, average);
}

/* Where chance reaches every information set of a player alike, as on
 * Kuhn, the chance weights are all 1: the same run as unit weights, bit
 * for bit. */
static void
test_mmd_weights(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("kuhn_poker");
  gsize slots = (gsize) agon_tree_get_num_slots(tree);
  g_autoptr(AgonSolver) chance = solver_for(tree, "mmd(alpha=0.5,magnet_every=10)");
  g_autoptr(AgonSolver) unit = solver_for(tree, "mmd(alpha=0.5,magnet_every=10,weights=unit)");
  agon_solver_iterate(chance, 50);
  agon_solver_iterate(unit, 50);
  g_autofree double *a = g_new(double, slots), *b = g_new(double, slots);
  agon_solver_get_current_probs(chance, a);
  agon_solver_get_current_probs(unit, b);
  assert_memory_equal(a, b, slots * sizeof(double));
}

static void
test_mmd_errors(void **unused)
{
  g_autoptr(AgonTree) tree = tree_for("kuhn_poker");
  g_autoptr(GError) error = NULL;
  assert_null(agon_solver_new(tree, "mmd(alpha=0)", &error));
  assert_int_equal(error->code, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);
  assert_null(agon_solver_new(tree, "mmd(magnet_every=-1)", &error));
  assert_int_equal(error->code, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);
  assert_null(agon_solver_new(tree, "mmd(weights=depth)", &error));
  assert_int_equal(error->code, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);
  assert_null(agon_solver_new(tree, "mmd(alpha=0,eta=1,nash=true)", &error));
  assert_int_equal(error->code, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);
  /* alpha = 0 with a step size is mirror descent-ascent. */
  g_autoptr(AgonSolver) md = solver_for(tree, "mmd(alpha=0,eta=1)");
  agon_solver_iterate(md, 10);
  g_autoptr(AgonTree) goof = tree_for("goofspiel(num_cards=4)");
  assert_null(agon_solver_new(goof, "mmd", &error));
  assert_int_equal(error->code, AGON_ERROR_UNSUPPORTED);
}

/* N + M iterations equal N, save, load, M, bit for bit, the magnet and the
 * annealing schedule included. */
static void
test_mmd_checkpoint(void **unused)
{
  const char *specs[] = { "mmd", "mmd(alpha=0.5,magnet_every=7)", "mmd(anneal=true)" };
  for (gsize i = 0; i < G_N_ELEMENTS(specs); i++)
    test_check_resume("leduc_poker", specs[i], 17, 13);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_mmd_qre),
    cmocka_unit_test(test_mmd_last_iterate_matrix),
    cmocka_unit_test(test_mmd_kuhn_qre),
    cmocka_unit_test(test_mmd_kuhn_nash),
    cmocka_unit_test(test_mmd_leduc),
    cmocka_unit_test(test_mmd_weights),
    cmocka_unit_test(test_mmd_errors),
    cmocka_unit_test(test_mmd_checkpoint),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
