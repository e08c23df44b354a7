/* agon: the exact solvers' speed.
 *
 * Per game: compiling the tree, one iteration of each CFR-family solver
 * (both players' passes), and the exploitability of a policy on the
 * compiled tree, both from a flat probability array with a kept evaluator
 * (what the goals in BENCHMARKS.md measure) and from an AgonPolicy in one
 * call (set-up included). Each line is the median of 7 timed runs. Usage:
 * bench-solvers [GAME ...] (default: kuhn_poker, leduc_poker, liars_dice,
 * and goofspiel(num_cards=4), which lacks perfect recall and so shows the
 * history-based passes; each when registered). */
#include "bench/benchutil.h"

#include <stdio.h>

static const char *const solvers[] = { "cfr", "cfr+", "lcfr", "dcfr", "pcfr+" };

typedef struct {
  AgonGame *game;
  AgonTree *tree;
  AgonSolver *solver;
  AgonEvaluator *evaluator;
  AgonPolicy *policy;
  double *probs;
  double sink;
} Bench;

static void
run_build(void *data, long reps)
{
  Bench *b = data;
  for (long r = 0; r < reps; r++) {
    AgonTree *tree = agon_tree_new(b->game, 0, NULL);
    b->sink += agon_tree_get_num_nodes(tree);
    agon_tree_unref(tree);
  }
}

static void
run_iterations(void *data, long reps)
{
  Bench *b = data;
  agon_solver_iterate(b->solver, reps);
}

static void
run_exploitability(void *data, long reps)
{
  Bench *b = data;
  for (long r = 0; r < reps; r++)
    b->sink += agon_evaluator_exploitability(b->evaluator, b->probs);
}

static void
run_policy_exploitability(void *data, long reps)
{
  Bench *b = data;
  for (long r = 0; r < reps; r++) {
    double x = 0;
    agon_eval_nash_conv(b->tree, b->policy, &x, NULL, NULL, NULL);
    b->sink += x;
  }
}

static void
report(const char *what, const char *game, double seconds)
{
  char buf[32];
  printf("%-36s %-28s %12s\n", what, game, bench_format_time(seconds, buf, sizeof buf));
  fflush(stdout);
}

static gboolean
bench_game(const char *game_string)
{
  g_autoptr(GError) error = NULL;
  Bench b = { 0 };
  b.game = agon_game_new(game_string, &error);
  if (b.game == NULL) {
    fprintf(stderr, "bench-solvers: %s\n", error->message);
    return FALSE;
  }
  b.tree = agon_tree_new(b.game, 0, &error);
  if (b.tree == NULL) {
    fprintf(stderr, "bench-solvers: %s\n", error->message);
    agon_game_unref(b.game);
    return FALSE;
  }
  const char *name = agon_game_get_string(b.game);
  printf("# %s: %" G_GINT64_FORMAT " nodes, %" G_GINT64_FORMAT " terminals, %d information "
         "sets, %s\n", name, agon_tree_get_num_nodes(b.tree), agon_tree_get_num_terminals(b.tree),
         agon_tree_get_num_infosets(b.tree),
         agon_tree_has_perfect_recall(b.tree, NULL) ? "perfect recall (sequence form)"
                                                    : "no perfect recall (histories)");
  report("compile the tree", name, bench_measure(run_build, &b, 7, 0.3));

  for (gsize s = 0; s < G_N_ELEMENTS(solvers); s++) {
    b.solver = agon_solver_new(b.tree, solvers[s], &error);
    if (b.solver == NULL) {
      fprintf(stderr, "bench-solvers: %s\n", error->message);
      break;
    }
    g_autofree char *what = g_strdup_printf("%s iteration", solvers[s]);
    report(what, name, bench_measure(run_iterations, &b, 7, 0.2));
    agon_solver_free(b.solver);
  }

  /* A policy that is not uniform: CFR+'s average after 100 iterations. */
  b.evaluator = agon_evaluator_new(b.tree, &error);
  if (b.evaluator != NULL) {
    b.solver = agon_solver_new(b.tree, "cfr+", NULL);
    agon_solver_iterate(b.solver, 100);
    b.probs = g_new(double, agon_tree_get_num_slots(b.tree));
    agon_solver_get_average_probs(b.solver, b.probs);
    b.policy = agon_solver_get_average_policy(b.solver);
    report("exploitability (flat, evaluator)", name,
           bench_measure(run_exploitability, &b, 7, 0.2));
    report("exploitability (AgonPolicy, one call)", name,
           bench_measure(run_policy_exploitability, &b, 7, 0.2));
    agon_policy_unref(b.policy);
    agon_solver_free(b.solver);
    agon_evaluator_free(b.evaluator);
    g_free(b.probs);
  }
  agon_tree_unref(b.tree);
  agon_game_unref(b.game);
  return TRUE;
}

int
main(int argc, char **argv)
{
  if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    printf("usage: bench-solvers [GAME ...]\n");
    return 0;
  }
  gboolean ok = TRUE;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      ok = bench_game(argv[i]) && ok;
    return ok ? 0 : 1;
  }
  const char *defaults[][2] = {
    { "kuhn_poker", "kuhn_poker" },
    { "leduc_poker", "leduc_poker" },
    { "liars_dice", "liars_dice" },
    { "goofspiel", "goofspiel(num_cards=4)" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(defaults); i++)
    if (agon_game_lookup_type(defaults[i][0]) != NULL)
      ok = bench_game(defaults[i][1]) && ok;
  return ok ? 0 : 1;
}
