/* agon: information-set Monte Carlo tree search.
 *
 * AgonIsmcts is single-observer IS-MCTS (Cowling, Powley and Whitehouse,
 * "Information Set Monte Carlo Tree Search", IEEE TCIAIG 4(2), 2012) for
 * sequential games with explicit chance that provide information-state
 * strings: poker, liar's dice, phantom tic-tac-toe, dark hex and the like.
 * One player, the searcher, owns the search. Each simulation samples a
 * history consistent with what the searcher knows (a determinization),
 * then descends one tree whose nodes are the searcher's view of the play:
 * edges are moves, opponents' moves are chosen by their own returns with
 * availability-aware UCB (a move's exploration term counts the visits in
 * which it was legal, not the parent's visits), and chance edges follow the
 * determinization's own chance draws.
 *
 * INFORMATION CONTRACT: agon_ismcts_search() takes the true state, but it
 * reads only what the searcher knows: the searcher's information-state
 * strings along the state's history, the searcher's own actions in it, and
 * the searcher's legal actions. Two states the searcher cannot tell apart
 * (same information-state string at every step of play, so the same
 * string now under perfect recall) give identical searches for the same
 * generator state.
 *
 * Values are the searcher's returns on the scale of agon_state_returns().
 * Options are also read from spec strings:
 * "ismcts(simulations=1000,uct_c=2,max_nodes=1000000,seed=1)". */
#pragma once

#include <agon/macros.h>
#include <agon/error.h>
#include <agon/rng.h>
#include <agon/game.h>

G_BEGIN_DECLS

/* Search settings; fill with agon_ismcts_options_init() or
 * agon_ismcts_options_parse(), then change fields. */
typedef struct {
  gint64 simulations;  /* per search; default 1000 */
  double uct_c;        /* exploration constant, on the scale of the returns; default 2 */
  gint64 max_nodes;    /* node budget (32 bytes each); default 1,000,000 */
  /* Fresh starts one determinization may take before the search gives up
   * (a sample that turns out inconsistent with the searcher's view is
   * started again); default 100,000. */
  gint64 max_attempts;
  guint64 seed;        /* for spec strings and bot layers; the search itself takes an AgonRng */
} AgonIsmctsOptions;

typedef struct AgonIsmcts AgonIsmcts;

/* Fills @options with the defaults: 1000 simulations, uct_c 2, 1,000,000
 * nodes, 100,000 attempts, seed 0. */
AGON_API void agon_ismcts_options_init(AgonIsmctsOptions *options);

/* Parses a spec string "ismcts(simulations=800,uct_c=1.4,...)" into
 * @options, starting from the defaults. Keys: simulations, uct_c,
 * max_nodes, max_attempts, seed. Returns FALSE with AGON_ERROR_PARSE,
 * _UNKNOWN_NAME (a name other than ismcts), _UNKNOWN_PARAMETER or
 * _INVALID_VALUE; @options is then unspecified. */
AGON_API gboolean agon_ismcts_options_parse(const char *spec, AgonIsmctsOptions *options,
                                            GError **error);

/* A search for @player (0..n-1) in @game, which it references. @options is
 * copied (NULL: defaults). Returns NULL with AGON_ERROR_UNSUPPORTED for
 * games with simultaneous nodes, sampled chance or no information-state
 * strings, AGON_ERROR_INVALID_VALUE for a bad player or options. Free with
 * agon_ismcts_free(). */
AGON_API AgonIsmcts *agon_ismcts_new(const AgonGame *game, int player,
                                     const AgonIsmctsOptions *options, GError **error);
AGON_API void agon_ismcts_free(AgonIsmcts *ismcts);

/* The player the search plays for. */
AGON_API int agon_ismcts_get_player(const AgonIsmcts *ismcts);

/* Writes into @out (a buffer of the game's state size, borrowing the game)
 * a state sampled from the histories consistent with the searcher's
 * information at @state, under the information contract above: chance
 * outcomes the searcher did not see are drawn by their probabilities,
 * hidden opponent moves uniformly among those that keep the searcher's
 * view. The searcher must be the player to move in @state. Returns
 * FALSE with AGON_ERROR_FAILED, @out unspecified, when max_attempts fresh
 * starts found no consistent history. */
AGON_API gboolean agon_ismcts_determinize(AgonIsmcts *ismcts, const AgonState *state,
                                          AgonState *out, AgonRng *rng, GError **error);

/* Runs one search for the searcher, who must be the player to move in
 * @state, under the information contract above, and returns the root
 * move visited most (ties: higher mean, then the lower action). Each
 * search builds a fresh tree; @state is not kept. Returns -1 with
 * AGON_ERROR_FAILED when a determinization could not be found within
 * max_attempts (see agon_ismcts_determinize()). */
AGON_API AgonAction agon_ismcts_search(AgonIsmcts *ismcts, const AgonState *state,
                                       AgonRng *rng, GError **error);

/* Writes the root's moves, ascending, into @actions and their visit counts
 * into @visits (either may be NULL), each with room for
 * agon_game_get_max_actions(); returns the number of moves visited by the
 * last search. */
AGON_API int agon_ismcts_root_visits(const AgonIsmcts *ismcts, AgonAction *actions,
                                     double *visits);
/* The searcher's mean return over the last search's simulations (0 before
 * any). */
AGON_API double agon_ismcts_root_value(const AgonIsmcts *ismcts);
/* Simulations run by the last search. */
AGON_API gint64 agon_ismcts_get_num_simulations(const AgonIsmcts *ismcts);
/* Determinization attempts the last search (or agon_ismcts_determinize())
 * made, successful ones included: their ratio to the simulations measures
 * how often samples were started again. */
AGON_API gint64 agon_ismcts_get_num_attempts(const AgonIsmcts *ismcts);
/* Nodes in the tree of the last search, the root included; never above
 * max_nodes. */
AGON_API gint64 agon_ismcts_get_num_nodes(const AgonIsmcts *ismcts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonIsmcts, agon_ismcts_free)

G_END_DECLS
