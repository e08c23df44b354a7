/* agon: alpha-beta search and expectiminimax.
 *
 * Exact (or depth-limited) values of two-player zero-sum games with
 * perfect information, with or without chance: alpha-beta at decision
 * nodes, the probability-weighted mean at chance nodes. Exact when the
 * depth is unlimited, so it is the reference the approximate searchers
 * (MCTS, MCTS-Solver) are tested against. Values are always from player
 * 0's point of view. */
#pragma once

#include <agon/game.h>

G_BEGIN_DECLS

/* A heuristic value of a non-terminal @state from player 0's point of
 * view, within the game's utility bounds. */
typedef double (*AgonHeuristic)(const AgonState *state, gpointer user_data);

typedef struct {
  /* Player moves to look ahead; 0 or less searches to the end. */
  int depth;
  /* Evaluates the states where the depth runs out; required when @depth
   * is positive. */
  AgonHeuristic heuristic;
  gpointer user_data;
} AgonMinimaxOptions;

/* The value of @state for player 0 and, when @best is not NULL and the
 * state is a decision node, an action achieving it (the lowest such
 * action). Searches a copy: @state is unchanged. @nodes, when not NULL,
 * receives the number of states visited.
 *
 * Fails with AGON_ERROR_UNSUPPORTED for games that are not two-player
 * zero-sum (or constant-sum) with perfect information and sequential
 * moves, with sampled chance, or for a positive depth without heuristic.
 * Returns FALSE with @error set then. */
AGON_API gboolean agon_minimax_search(const AgonState *state, const AgonMinimaxOptions *options,
                                      double *value, AgonAction *best, guint64 *nodes,
                                      GError **error);

G_END_DECLS
