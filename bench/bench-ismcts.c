/* agon: IS-MCTS simulations per second.
 *
 * Single-observer IS-MCTS (Cowling, Powley and Whitehouse 2012) with
 * uct_c = 2 and one random rollout per leaf, 1000 simulations per search,
 * a fresh tree for every search (the arena keeps its blocks). Every
 * simulation samples a determinization through the public API (replaying
 * the searcher's view string by string), so the figure includes the
 * sampler; the ratio of attempts to simulations says how often samples
 * were started again. The figure is simulations divided by CPU time,
 * median of 7 timed runs. Usage: bench-ismcts [GAME HISTORY ...] (default:
 * leduc_poker at player 0's first decision and at a second-round one). */
#include "bench/benchutil.h"

#include <stdio.h>

#include <agon/ismcts.h>

typedef struct {
  AgonIsmcts *ismcts;
  AgonState *state;
  AgonRng rng;
  gint64 simulations;
  gint64 attempts;
  double sink;
} IsmctsBench;

static void
run_searches(void *data, long reps)
{
  IsmctsBench *b = data;
  for (long r = 0; r < reps; r++) {
    b->sink += agon_ismcts_search(b->ismcts, b->state, &b->rng, NULL);
    b->simulations += agon_ismcts_get_num_simulations(b->ismcts);
    b->attempts += agon_ismcts_get_num_attempts(b->ismcts);
  }
}

static gboolean
bench_case(const char *game_string, const char *history)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  g_autoptr(AgonState) state = NULL;
  g_autoptr(AgonIsmcts) ismcts = NULL;
  AgonIsmctsOptions opts;
  if (game == NULL || (state = agon_state_deserialize(game, history, &error)) == NULL
      || !agon_ismcts_options_parse("ismcts(simulations=1000,uct_c=2)", &opts, &error)
      || (ismcts = agon_ismcts_new(game, agon_state_current_player(state), &opts, &error))
           == NULL) {
    fprintf(stderr, "bench-ismcts: %s [%s]: %s\n", game_string, history,
            error != NULL ? error->message : "no player to move");
    return FALSE;
  }
  IsmctsBench b = { .ismcts = ismcts, .state = state };
  agon_rng_init(&b.rng, 1);
  run_searches(&b, 1);
  if (b.simulations == 0) {
    fprintf(stderr, "bench-ismcts: %s [%s]: the search failed\n", game_string, history);
    return FALSE;
  }
  double sims_per_search = (double) b.simulations;
  double seconds = bench_measure(run_searches, &b, 7, 0.3);
  char buf[32];
  printf("%-16s [%-12s] %8.1fk simulations/s  (%s per 1000-simulation search, "
         "%.2f attempts per simulation)\n",
         agon_game_get_string(game), history, sims_per_search / seconds * 1e-3,
         bench_format_time(seconds, buf, sizeof buf),
         (double) b.attempts / (double) b.simulations);
  return TRUE;
}

int
main(int argc, char **argv)
{
  gboolean ok = TRUE;
  if (argc > 1) {
    if (argc % 2 == 0) {
      fprintf(stderr, "usage: bench-ismcts [GAME HISTORY ...]\n");
      return 1;
    }
    for (int i = 1; i + 1 < argc; i += 2)
      ok &= bench_case(argv[i], argv[i + 1]);
    return ok ? 0 : 1;
  }
  ok &= bench_case("leduc_poker", "2 3");
  ok &= bench_case("leduc_poker", "2 3 2 1 0");
  return ok ? 0 : 1;
}
