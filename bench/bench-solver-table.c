/* agon: every solver on every benchmark game, side by side.
 *
 * For each game (kuhn_poker, leduc_poker, liars_dice and 4-card goofspiel
 * with imperfect information and descending point cards) and each solver,
 * one row: the time of one iteration (median of timed runs of thread CPU
 * time; for lp the time to create the solver, which solves the LP, timed
 * once when that takes over a second), then the exploitability of the
 * average and of the current (last-iterate) policy after N iterations, and
 * the iterations done and the same two exploitabilities after S seconds of
 * thread CPU time, each from a fresh solver. An iteration is the solver's
 * own unit: one pass over the tree for the full-width solvers, one
 * traversal per player for MCCFR, one sampled episode for balanced-ftrl
 * and adaptive-ftrl; the S-seconds columns compare them on equal time.
 * mmd runs twice: its default (the alpha-QRE) and with a moving magnet
 * (towards Nash). Solvers that cannot play a game say why (MCCFR plays
 * sequential games only).
 *
 * Usage: bench-solver-table [--quick] [ITERATIONS [SECONDS]], by default
 * N = 1000 and S = 2, about three minutes in a release build; --quick (or
 * the environment variable AGON_BENCH_QUICK) gives N = 100, S = 0.2 and
 * fewer timed runs, for a smoke test. Rows are Markdown table lines. */
#include "bench/benchutil.h"

#include <stdio.h>
#include <stdlib.h>

static const struct {
  const char *string, *label;
} games[] = {
  { "kuhn_poker", "kuhn_poker" },
  { "leduc_poker", "leduc_poker" },
  { "liars_dice", "liars_dice" },
  { "goofspiel(num_cards=4,imp_info=true,points_order=descending)", "goofspiel(4)" },
};

static const char *const specs[] = {
  "cfr", "cfr+", "lcfr", "dcfr", "pcfr+", "ftrl", "mmd", "mmd(nash=true)",
  "balanced-ftrl", "adaptive-ftrl", "es-mccfr", "os-mccfr", "lp",
};

typedef struct {
  int runs;           /* timed runs per median */
  double run_seconds; /* length of one timed run */
  gint64 iterations;  /* N */
  double seconds;     /* S */
} Settings;

typedef struct {
  AgonSolver *solver;
} Bench;

static void
run_iterations(void *data, long reps)
{
  Bench *b = data;
  agon_solver_iterate(b->solver, reps);
}

/* Exploitability of @solver's average and current policies. */
static void
gaps(AgonSolver *solver, AgonEvaluator *ev, double *probs, double *average, double *last)
{
  agon_solver_get_average_probs(solver, probs);
  *average = agon_evaluator_exploitability(ev, probs);
  agon_solver_get_current_probs(solver, probs);
  *last = agon_evaluator_exploitability(ev, probs);
}

/* Runs @solver for @seconds of thread CPU time, in chunks that double while
 * they stay short, so that clock reads cost nothing next to the work. */
static void
run_for(AgonSolver *solver, double seconds)
{
  double start = bench_cpu_now();
  gint64 chunk = 1;
  for (;;) {
    double before = bench_cpu_now();
    agon_solver_iterate(solver, chunk);
    double now = bench_cpu_now();
    if (now - start >= seconds)
      return;
    if (now - before < (seconds - (now - start)) / 8)
      chunk *= 2;
    else if (chunk > 1)
      chunk /= 2;
  }
}

/* Creates lp on @tree, timing it (it solves when created): the median of
 * @runs creations, or one when that one takes more than a second. */
static AgonSolver *
new_timed(AgonTree *tree, const char *spec, int runs, double *seconds)
{
  double times[runs];
  AgonSolver *solver = NULL;
  int done = 0;
  while (done < runs) {
    agon_solver_free(solver);
    double start = bench_cpu_now();
    solver = agon_solver_new(tree, spec, NULL);
    times[done++] = bench_cpu_now() - start;
    if (times[0] > 1)
      break;
  }
  *seconds = bench_median(times, done);
  return solver;
}

static void
bench_solver(AgonTree *tree, AgonEvaluator *ev, const char *game, const char *label,
             const char *spec, const Settings *set, double *probs)
{
  g_autoptr(GError) error = NULL;
  Bench b = { .solver = agon_solver_new(tree, spec, &error) };
  if (b.solver == NULL) {
    g_autoptr(GString) why = g_string_new(error->message);
    g_string_replace(why, game, label, 0);
    printf("| %s | %s | n/a: %s | | | | | |\n", label, spec, why->str);
    return;
  }
  double seconds, avg_n, last_n, avg_s, last_s;
  gint64 timed_iterations = 1;
  if (strcmp(agon_solver_get_name(b.solver), "lp") == 0) {
    /* Exact from its first iteration: one solver serves every column. */
    agon_solver_free(b.solver);
    g_autoptr(AgonSolver) lp = new_timed(tree, spec, set->runs, &seconds);
    agon_solver_iterate(lp, 1);
    gaps(lp, ev, probs, &avg_n, &last_n);
    avg_s = avg_n;
    last_s = last_n;
  } else {
    seconds = bench_measure(run_iterations, &b, set->runs, set->run_seconds);
    agon_solver_free(b.solver);
    /* Fresh solvers, so that the timing runs do not count. */
    g_autoptr(AgonSolver) fixed = agon_solver_new(tree, spec, NULL);
    agon_solver_iterate(fixed, set->iterations);
    gaps(fixed, ev, probs, &avg_n, &last_n);
    g_autoptr(AgonSolver) timed = agon_solver_new(tree, spec, NULL);
    run_for(timed, set->seconds);
    gaps(timed, ev, probs, &avg_s, &last_s);
    timed_iterations = agon_solver_get_iteration(timed);
  }

  char buf[32];
  printf("| %s | %s | %s | %.3g | %.3g | %" G_GINT64_FORMAT " | %.3g | %.3g |\n", label, spec,
         bench_format_time(seconds, buf, sizeof buf), avg_n, last_n, timed_iterations, avg_s,
         last_s);
  fflush(stdout);
}

static gboolean
bench_game(const char *game_string, const char *label, const Settings *set)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  g_autoptr(AgonTree) tree = game ? agon_tree_new(game, 0, &error) : NULL;
  g_autoptr(AgonEvaluator) ev = tree ? agon_evaluator_new(tree, &error) : NULL;
  if (ev == NULL) {
    fprintf(stderr, "bench-solver-table: %s\n", error->message);
    return FALSE;
  }
  g_autofree double *probs = g_new(double, MAX(agon_tree_get_num_slots(tree), 1));
  for (gsize s = 0; s < G_N_ELEMENTS(specs); s++)
    bench_solver(tree, ev, game_string, label, specs[s], set, probs);
  return TRUE;
}

int
main(int argc, char **argv)
{
  Settings set = { .runs = 5, .run_seconds = 0.1, .iterations = 1000, .seconds = 2 };
  int arg = 1;
  if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    printf("usage: bench-solver-table [--quick] [ITERATIONS [SECONDS]]\n");
    return 0;
  }
  if ((argc > 1 && strcmp(argv[1], "--quick") == 0) || g_getenv("AGON_BENCH_QUICK")) {
    set = (Settings) { .runs = 3, .run_seconds = 0.02, .iterations = 100, .seconds = 0.2 };
    arg += argc > 1 && strcmp(argv[1], "--quick") == 0;
  }
  if (arg < argc)
    set.iterations = g_ascii_strtoll(argv[arg++], NULL, 10);
  if (arg < argc)
    set.seconds = g_ascii_strtod(argv[arg++], NULL);
  if (set.iterations <= 0 || !(set.seconds > 0)) {
    fprintf(stderr, "bench-solver-table: ITERATIONS and SECONDS must be positive\n");
    return 1;
  }
  printf("# time: median of %d runs of thread CPU time; exploitability of the average "
         "and of the current policy after N = %" G_GINT64_FORMAT " iterations and after "
         "S = %g s; goofspiel(4) is %s\n",
         set.runs, set.iterations, set.seconds, games[G_N_ELEMENTS(games) - 1].string);
  printf("| game | solver | time/iter | avg @N | last @N | iters @S | avg @S | last @S |\n");
  printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  gboolean ok = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS(games); i++)
    ok = bench_game(games[i].string, games[i].label, &set) && ok;
  return ok ? 0 : 1;
}
