/* agon: Monte Carlo CFR's speed (solvers/mccfr.c).
 *
 * Per game: external- and outcome-sampling iterations per second (one
 * iteration = one traversal per player), for game-only solvers whose
 * information-set table has stopped growing (a warm-up runs first), and
 * the cost of the one information-state string a visited decision node
 * builds, timed on decision states met in random playouts: with the
 * iteration time this shows how much of an iteration the string takes.
 * Each line is the median of 7 timed runs. Usage: bench-mccfr [GAME ...]
 * (default: kuhn_poker, leduc_poker). */
#include "bench/benchutil.h"

#include <stdio.h>

#define NUM_STATES 4096

typedef struct {
  AgonSolver *solver;
  char *states; /* NUM_STATES decision states */
  int *players;
  gsize state_size;
  GString *key;
  double sink;
} Bench;

static void
run_iterations(void *data, long reps)
{
  Bench *b = data;
  agon_solver_iterate(b->solver, reps);
}

static void
run_strings(void *data, long reps)
{
  Bench *b = data;
  for (long r = 0; r < reps; r++) {
    long i = r % NUM_STATES;
    g_string_truncate(b->key, 0);
    agon_state_information_state_string((const AgonState *) (b->states + i * b->state_size),
                                        b->players[i], b->key);
    b->sink += b->key->len;
  }
}

/* Fills b->states with decision states of random playouts. */
static void
collect_states(Bench *b, AgonGame *game)
{
  b->state_size = agon_game_get_state_size(game);
  b->states = g_malloc(NUM_STATES * b->state_size);
  b->players = g_new(int, NUM_STATES);
  g_autofree AgonAction *actions = g_new(AgonAction, agon_game_get_max_actions(game));
  g_autofree char *buf = g_malloc(b->state_size);
  AgonRng rng;
  agon_rng_init(&rng, 1);
  int n = 0;
  while (n < NUM_STATES) {
    AgonState *s = agon_state_init_initial(game, buf);
    while (!agon_state_is_terminal(s) && n < NUM_STATES) {
      if (agon_state_is_chance_node(s)) {
        agon_state_apply(s, agon_state_sample_chance(s, &rng));
        continue;
      }
      agon_state_copy((AgonState *) (b->states + n * b->state_size), s);
      b->players[n++] = agon_state_current_player(s);
      int k = agon_state_legal_actions(s, actions);
      agon_state_apply(s, actions[agon_rng_below(&rng, (guint32) k)]);
    }
  }
}

static void
report(const char *what, const char *game, double seconds, gboolean rate)
{
  char buf[32];
  if (rate)
    printf("%-36s %-24s %12s  %10.0f/s\n", what, game, bench_format_time(seconds, buf, sizeof buf),
           1 / seconds);
  else
    printf("%-36s %-24s %12s\n", what, game, bench_format_time(seconds, buf, sizeof buf));
  fflush(stdout);
}

static gboolean
bench_game(const char *game_string)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  if (game == NULL) {
    fprintf(stderr, "bench-mccfr: %s\n", error->message);
    return FALSE;
  }
  const char *name = agon_game_get_string(game);
  static const char *const specs[][2] = {
    { "es-mccfr(seed=1)", "es-mccfr iteration" },
    { "os-mccfr(epsilon=0.6,seed=1)", "os-mccfr iteration" },
  };
  Bench b = { 0 };
  for (gsize i = 0; i < G_N_ELEMENTS(specs); i++) {
    b.solver = agon_solver_new_for_game(game, specs[i][0], &error);
    if (b.solver == NULL) {
      fprintf(stderr, "bench-mccfr: %s\n", error->message);
      return FALSE;
    }
    agon_solver_iterate(b.solver, 20000); /* until the table stops growing */
    report(specs[i][1], name, bench_measure(run_iterations, &b, 7, 0.3), TRUE);
    agon_solver_free(b.solver);
  }
  b.key = g_string_sized_new(256);
  collect_states(&b, game);
  report("information-state string", name, bench_measure(run_strings, &b, 7, 0.2), FALSE);
  g_string_free(b.key, TRUE);
  g_free(b.states);
  g_free(b.players);
  return TRUE;
}

int
main(int argc, char **argv)
{
  if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    printf("usage: bench-mccfr [GAME ...]\n");
    return 0;
  }
  gboolean ok = TRUE;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      ok = bench_game(argv[i]) && ok;
    return ok ? 0 : 1;
  }
  ok = bench_game("kuhn_poker") && ok;
  ok = bench_game("leduc_poker") && ok;
  return ok ? 0 : 1;
}
