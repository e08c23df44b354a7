/* agon: the speed and convergence of ftrl and mmd on the compiled tree.
 *
 * Per game: one iteration of each solver (both players' passes; median of
 * 7 timed runs of thread CPU time), then the exploitability of its average
 * and last-iterate policies after a fixed number of iterations, next to
 * cfr+ for reference. Usage: bench-ftrl-mmd [ITERATIONS] (default 1000) on
 * kuhn_poker, leduc_poker and liars_dice. */
#include "bench/benchutil.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const specs[] = {
  "ftrl",
  "mmd",
  "mmd(alpha=0.5,magnet_every=10)",
  "mmd(nash=true)",
  "mmd(alpha=0.05,eta=50,magnet_every=10,weights=unit)",
  "cfr+",
};

typedef struct {
  AgonSolver *solver;
} Bench;

static void
run_iterations(void *data, long reps)
{
  Bench *b = data;
  agon_solver_iterate(b->solver, reps);
}

static gboolean
bench_game(const char *game_string, gint64 iterations)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  if (game == NULL) {
    fprintf(stderr, "bench-ftrl-mmd: %s\n", error->message);
    return FALSE;
  }
  g_autoptr(AgonTree) tree = agon_tree_new(game, 0, &error);
  if (tree == NULL) {
    fprintf(stderr, "bench-ftrl-mmd: %s\n", error->message);
    return FALSE;
  }
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, &error);
  if (ev == NULL) {
    fprintf(stderr, "bench-ftrl-mmd: %s\n", error->message);
    return FALSE;
  }
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
  printf("# %s: %d information sets, %d slots\n", game_string, agon_tree_get_num_infosets(tree),
         agon_tree_get_num_slots(tree));
  printf("%-42s %12s %14s %14s\n", "solver", "iteration", "avg expl.", "last expl.");
  for (gsize s = 0; s < G_N_ELEMENTS(specs); s++) {
    Bench b = { .solver = agon_solver_new(tree, specs[s], &error) };
    if (b.solver == NULL) {
      fprintf(stderr, "bench-ftrl-mmd: %s\n", error->message);
      return FALSE;
    }
    double seconds = bench_measure(run_iterations, &b, 7, 0.2);
    agon_solver_free(b.solver);

    /* Convergence from a fresh start, so that the timing runs above do
     * not count. */
    b.solver = agon_solver_new(tree, specs[s], NULL);
    agon_solver_iterate(b.solver, iterations);
    agon_solver_get_average_probs(b.solver, probs);
    double average = agon_evaluator_exploitability(ev, probs);
    agon_solver_get_current_probs(b.solver, probs);
    double last = agon_evaluator_exploitability(ev, probs);
    agon_solver_free(b.solver);

    char buf[32];
    printf("%-42s %12s %14.4g %14.4g\n", specs[s], bench_format_time(seconds, buf, sizeof buf),
           average, last);
    fflush(stdout);
  }
  return TRUE;
}

int
main(int argc, char **argv)
{
  if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    printf("usage: bench-ftrl-mmd [ITERATIONS]\n");
    return 0;
  }
  gint64 iterations = argc > 1 ? g_ascii_strtoll(argv[1], NULL, 10) : 1000;
  if (iterations <= 0) {
    fprintf(stderr, "bench-ftrl-mmd: %s: not a positive number of iterations\n", argv[1]);
    return 1;
  }
  printf("# exploitability after %" G_GINT64_FORMAT " iterations; times are medians of 7\n",
         iterations);
  const char *games[] = { "kuhn_poker", "leduc_poker", "liars_dice" };
  gboolean ok = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS(games); i++)
    ok = bench_game(games[i], iterations) && ok;
  return ok ? 0 : 1;
}
