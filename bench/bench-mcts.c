/* agon: MCTS simulations per second.
 *
 * OpenSpiel's benchmark settings: UCT with uct_c = 2, one random rollout
 * per leaf, the solver on, 1000 simulations from the initial state, a fresh
 * tree for every search (agon_mcts_set_root drops it; the arena keeps its
 * blocks, as a bot playing game after game would). The figure is
 * simulations run divided by CPU time, median of 7 timed runs. Usage:
 * bench-mcts [GAME ...] (default: tic_tac_toe and connect_four). */
#include "bench/benchutil.h"

#include <stdio.h>

#include <agon/search.h>

typedef struct {
  AgonMcts *mcts;
  AgonState *initial;
  AgonRng rng;
  gint64 simulations;
  double sink;
} MctsBench;

static void
run_searches(void *data, long reps)
{
  MctsBench *b = data;
  for (long r = 0; r < reps; r++) {
    agon_mcts_set_root(b->mcts, b->initial);
    b->sink += agon_mcts_search(b->mcts, &b->rng);
    b->simulations += agon_mcts_get_num_simulations(b->mcts);
  }
}

static gboolean
bench_game(const char *game_string)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  g_autoptr(AgonMcts) mcts = NULL;
  if (game == NULL
      || !agon_mcts_options_parse("mcts(simulations=1000,uct_c=2,rollouts=1,solver=true)",
                                  &opts, &error)
      || (mcts = agon_mcts_new(game, &opts, &error)) == NULL) {
    fprintf(stderr, "bench-mcts: %s: %s\n", game_string, error->message);
    return FALSE;
  }
  g_autoptr(AgonState) initial = agon_state_new_initial(game);
  MctsBench b = { .mcts = mcts, .initial = initial };
  agon_rng_init(&b.rng, 1);
  /* A search stops early once the root is proven, which 1000 simulations
   * from the start of these games never do; count what one search runs. */
  run_searches(&b, 1);
  double sims_per_search = (double) b.simulations;
  double seconds = bench_measure(run_searches, &b, 7, 0.3);
  char buf[32];
  printf("%-28s %8.3fM simulations/s  (%s per 1000-simulation search, %.0f simulations)\n",
         agon_game_get_string(game), sims_per_search / seconds * 1e-6,
         bench_format_time(seconds, buf, sizeof buf), sims_per_search);
  return TRUE;
}

int
main(int argc, char **argv)
{
  gboolean ok = TRUE;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      ok &= bench_game(argv[i]);
    return ok ? 0 : 1;
  }
  ok &= bench_game("tic_tac_toe");
  ok &= bench_game("connect_four");
  return ok ? 0 : 1;
}
