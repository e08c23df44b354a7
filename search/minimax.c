/* agon: alpha-beta search with expectiminimax at chance nodes.
 *
 * A depth-first search over plain-data states: one state buffer and one
 * legal-action buffer per ply, allocated once per search, so the search
 * itself allocates nothing. Decision nodes take the max (player 0) or min
 * (player 1) inside the (alpha, beta) window; chance nodes take the
 * expectation of their children searched with the full window, which
 * keeps the value exact (no Star1-style pruning there). Constant-sum games
 * are searched on player 0's return, which orders outcomes the same way. */
#include "games/games-private.h"

#include <agon/minimax.h>

typedef struct {
  const AgonGame *game;
  const AgonMinimaxOptions *options;
  char *states;          /* one state per ply */
  AgonAction *actions;   /* max_actions per ply */
  AgonChanceOutcome *outcomes; /* max_chance_outcomes per ply */
  double *returns;
  guint64 nodes;
} Search;

static AgonState *
ply_state(Search *s, int ply)
{
  return (AgonState *) (s->states + s->game->state_size * (gsize) ply);
}

static double search(Search *s, int ply, int depth, double alpha, double beta, AgonAction *best);

static double
search_chance(Search *s, int ply, int depth)
{
  const AgonState *state = ply_state(s, ply);
  AgonChanceOutcome *outcomes = s->outcomes + (gsize) ply * s->game->max_chance_outcomes;
  int n = agon_state_chance_outcomes(state, outcomes);
  double value = 0;
  for (int i = 0; i < n; i++) {
    AgonState *child = ply_state(s, ply + 1);
    agon_state_copy(child, state);
    agon_state_apply(child, outcomes[i].action);
    value += outcomes[i].probability
             * search(s, ply + 1, depth, s->game->min_utility, s->game->max_utility, NULL);
  }
  return value;
}

static double
search(Search *s, int ply, int depth, double alpha, double beta, AgonAction *best)
{
  const AgonState *state = ply_state(s, ply);
  s->nodes++;
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_TERMINAL) {
    agon_state_returns(state, s->returns);
    return s->returns[0];
  }
  if (player == AGON_PLAYER_CHANCE)
    return search_chance(s, ply, depth);
  if (depth == 0)
    return s->options->heuristic(state, s->options->user_data);

  AgonAction *actions = s->actions + (gsize) ply * s->game->max_actions;
  int n = agon_state_legal_actions(state, actions);
  gboolean maximize = player == 0;
  double value = maximize ? -G_MAXDOUBLE : G_MAXDOUBLE;
  for (int i = 0; i < n; i++) {
    AgonState *child = ply_state(s, ply + 1);
    agon_state_copy(child, state);
    agon_state_apply(child, actions[i]);
    double v = search(s, ply + 1, depth - 1, alpha, beta, NULL);
    /* Strict comparisons keep the lowest best action. */
    if (maximize ? v > value : v < value) {
      value = v;
      if (best)
        *best = actions[i];
    }
    if (maximize)
      alpha = MAX(alpha, value);
    else
      beta = MIN(beta, value);
    if (alpha >= beta)
      break;
  }
  return value;
}

static gboolean
check_game(const AgonGame *game, const AgonMinimaxOptions *options, GError **error)
{
  const AgonGameType *t = agon_game_get_type(game);
  const char *why = NULL;
  if (game->num_players != 2)
    why = "it needs two players";
  else if (t->utility != AGON_UTILITY_ZERO_SUM && t->utility != AGON_UTILITY_CONSTANT_SUM)
    why = "it needs a zero-sum or constant-sum game";
  else if (t->information != AGON_INFORMATION_PERFECT)
    why = "it needs perfect information";
  else if (t->dynamics != AGON_DYNAMICS_SEQUENTIAL)
    why = "it needs sequential moves";
  else if (t->chance_mode == AGON_CHANCE_SAMPLED_STOCHASTIC)
    why = "it needs explicit chance";
  else if (options->depth > 0 && options->heuristic == NULL)
    why = "a depth limit needs a heuristic";
  if (why)
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED, "%s: alpha-beta: %s",
                agon_game_get_string(game), why);
  return why == NULL;
}

gboolean
agon_minimax_search(const AgonState *state, const AgonMinimaxOptions *options, double *value,
                    AgonAction *best, guint64 *nodes, GError **error)
{
  g_return_val_if_fail(state != NULL && options != NULL && value != NULL, FALSE);
  const AgonGame *game = agon_state_get_game(state);
  if (!check_game(game, options, error))
    return FALSE;
  int length = 0;
  agon_state_get_history(state, &length);
  /* Plies left: at most the rest of the longest history. */
  gsize plies = (gsize) (game->max_history_length - length) + 2;
  Search s = {
    .game = game,
    .options = options,
    .states = g_malloc(game->state_size * plies),
    .actions = g_new(AgonAction, (gsize) game->max_actions * plies),
    .outcomes = g_new(AgonChanceOutcome, (gsize) MAX(1, game->max_chance_outcomes) * plies),
    .returns = g_new(double, game->num_players),
  };
  agon_state_copy(ply_state(&s, 0), state);
  AgonAction chosen = -1;
  int depth = options->depth > 0 ? options->depth : -1;
  *value = search(&s, 0, depth, game->min_utility, game->max_utility, &chosen);
  if (best)
    *best = chosen;
  if (nodes)
    *nodes = s.nodes;
  g_free(s.states);
  g_free(s.actions);
  g_free(s.outcomes);
  g_free(s.returns);
  return TRUE;
}
