/* agon: the sequence-form LP solver's speed and accuracy.
 *
 * Per game: the time to create an "lp" solver, which builds the LP from
 * the compiled tree and solves it with GLPK's simplex (the tree is built
 * once, outside the timing), with and without exact=true; and, from the
 * last solve, player 0's value and the exploitability of the solution.
 * The median of 5 runs (3 when one solve takes over a second; 1 over ten
 * seconds). Usage: bench-lp [GAME ...] (default: kuhn_poker, leduc_poker,
 * goofspiel(num_cards=4,imp_info=true,points_order=descending) and
 * liars_dice, each when registered; liars_dice takes a while). */
#include "bench/benchutil.h"
#include "solvers/solvers-private.h"

#include <stdio.h>

typedef struct {
  AgonTree *tree;
  const char *spec;
  double value;
  double exploitability;
} Bench;

/* One solve, its time in CPU seconds; fills in the value and
 * exploitability. */
static double
solve_once(Bench *b, GError **error)
{
  double start = bench_cpu_now();
  g_autoptr(AgonSolver) solver = agon_solver_new(b->tree, b->spec, error);
  double seconds = bench_cpu_now() - start;
  if (solver == NULL)
    return -1;
  agon_solver_iterate(solver, 1);
  b->value = agon__lp_get_value(solver);
  g_autofree double *probs = g_new(double, MAX(agon_tree_get_num_slots(b->tree), 1));
  agon_solver_get_average_probs(solver, probs);
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(b->tree, NULL);
  b->exploitability = agon_evaluator_exploitability(ev, probs);
  return seconds;
}

static gboolean
bench_game(const char *game_string)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  if (game == NULL) {
    fprintf(stderr, "bench-lp: %s\n", error->message);
    return FALSE;
  }
  g_autoptr(AgonTree) tree = agon_tree_new(game, 0, &error);
  if (tree == NULL) {
    fprintf(stderr, "bench-lp: %s\n", error->message);
    return FALSE;
  }
  const char *specs[] = { "lp", "lp(exact=true)" };
  for (gsize k = 0; k < G_N_ELEMENTS(specs); k++) {
    Bench b = { .tree = tree, .spec = specs[k] };
    double times[5];
    int runs = 0;
    /* Fewer runs for slow solves: a minute of liars_dice tells as much. */
    for (int want = 5; runs < want; runs++) {
      times[runs] = solve_once(&b, &error);
      if (times[runs] < 0) {
        printf("%-16s %-60s refused: %s\n", specs[k], game_string, error->message);
        fflush(stdout);
        return TRUE;
      }
      if (times[runs] > 10)
        want = 1;
      else if (times[runs] > 1)
        want = MIN(want, 3);
    }
    char buf[32];
    printf("%-16s %-60s %12s  (median of %d)  value %.12f  exploitability %.3g\n", specs[k],
           game_string, bench_format_time(bench_median(times, runs), buf, sizeof buf), runs,
           b.value, b.exploitability);
    fflush(stdout);
  }
  return TRUE;
}

int
main(int argc, char **argv)
{
  const char *defaults[] = {
    "kuhn_poker",
    "leduc_poker",
    "goofspiel(num_cards=4,imp_info=true,points_order=descending)",
    "goofspiel(num_cards=4)",
    "liars_dice",
  };
  gboolean ok = TRUE;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      ok = bench_game(argv[i]) && ok;
    return ok ? 0 : 1;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(defaults); i++) {
    g_autofree char *name = g_strndup(defaults[i], strcspn(defaults[i], "("));
    if (agon_game_lookup_type(name) != NULL)
      ok = bench_game(defaults[i]) && ok;
  }
  return ok ? 0 : 1;
}
