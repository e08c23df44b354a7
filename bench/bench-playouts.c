/* agon: random playouts per second for every registered game.
 *
 * A playout starts from the initial state in a buffer owned here and plays
 * uniformly random legal actions (chance by its probabilities, one random
 * action per player at simultaneous nodes) to the end, then reads the
 * returns: the loop that MCTS rollouts and sampling solvers live in. It
 * allocates nothing. Usage: bench-playouts [GAME ...] (default: every game
 * with its default parameters). */
#include "bench/benchutil.h"

#include <stdio.h>

typedef struct {
  const AgonGame *game;
  AgonState *state;
  AgonAction *actions;
  AgonAction *joint;
  double *returns;
  AgonRng rng;
  double sink;
} Playouts;

static void
run_playouts(void *data, long reps)
{
  Playouts *pl = data;
  const AgonGame *game = pl->game;
  int n_players = agon_game_get_num_players(game);
  for (long r = 0; r < reps; r++) {
    AgonState *state = agon_state_init_initial(game, pl->state);
    for (;;) {
      int player = agon_state_current_player(state);
      if (player == AGON_PLAYER_TERMINAL)
        break;
      if (player == AGON_PLAYER_CHANCE) {
        agon_state_apply(state, agon_state_sample_chance(state, &pl->rng));
      } else if (player == AGON_PLAYER_SIMULTANEOUS) {
        for (int p = 0; p < n_players; p++) {
          int n = agon_state_player_legal_actions(state, p, pl->actions);
          pl->joint[p] = pl->actions[agon_rng_below(&pl->rng, (guint32) n)];
        }
        agon_state_apply_joint(state, pl->joint);
      } else {
        int n = agon_state_legal_actions(state, pl->actions);
        agon_state_apply(state, pl->actions[agon_rng_below(&pl->rng, (guint32) n)]);
      }
    }
    agon_state_returns(state, pl->returns);
    pl->sink += pl->returns[0];
  }
}

/* With @all, games whose defaults do not load (a file to give) are
 * skipped rather than failed. */
static gboolean
bench_game(const char *game_string, gboolean all)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  if (game == NULL && all && error->code == AGON_ERROR_INVALID_VALUE) {
    printf("%-28s skipped: %s\n", game_string, error->message);
    return TRUE;
  }
  if (game == NULL) {
    fprintf(stderr, "bench-playouts: %s\n", error->message);
    return FALSE;
  }
  Playouts pl = { .game = game };
  pl.state = g_malloc(agon_game_get_state_size(game));
  pl.actions = g_new(AgonAction, agon_game_get_max_actions(game));
  pl.joint = g_new(AgonAction, agon_game_get_num_players(game));
  pl.returns = g_new(double, agon_game_get_num_players(game));
  agon_rng_init(&pl.rng, 1);
  double seconds = bench_measure(run_playouts, &pl, 7, 0.2);
  char buf[32];
  printf("%-28s %10.3fM playouts/s  (%s per playout, state %zu bytes)\n",
         agon_game_get_string(game), 1e-6 / seconds,
         bench_format_time(seconds, buf, sizeof buf), agon_game_get_state_size(game));
  g_free(pl.state);
  g_free(pl.actions);
  g_free(pl.joint);
  g_free(pl.returns);
  return TRUE;
}

int
main(int argc, char **argv)
{
  gboolean ok = TRUE;
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      ok &= bench_game(argv[i], FALSE);
    return ok ? 0 : 1;
  }
  for (const char *const *name = agon_game_list_names(); *name; name++)
    ok &= bench_game(*name, TRUE);
  /* The sizes BENCHMARKS.md quotes. */
  ok &= bench_game("goofspiel(num_cards=13)", FALSE);
  return ok ? 0 : 1;
}
