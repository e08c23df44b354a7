/* agon: Monte Carlo tree search.
 *
 * AgonMcts searches a perfect-information game (or any sequential game,
 * treating the state as fully visible) from a root state: UCT or PUCT
 * selection, random rollouts or a user evaluator at the leaves, chance
 * nodes with one child per outcome, n-player returns, MCTS-Solver proofs
 * for two-player zero-sum games, tree reuse between moves, Dirichlet noise
 * and temperature sampling for self-play. The tree lives in an arena
 * bounded by a node budget; a search allocates nothing once the arena has
 * grown. Games with simultaneous nodes or sampled (implicit) chance are
 * refused.
 *
 * Perspective: the values the API reports (root value, proofs) are from
 * the point of view of the player to move at the root. At a chance root
 * they are from the point of view of the player whose move led to it (of
 * player 0 when the search started there). Options are also read from spec strings:
 * "mcts(simulations=1000,uct_c=2,rollouts=1,solver=true,seed=1)". */
#pragma once

#include <agon/macros.h>
#include <agon/error.h>
#include <agon/rng.h>
#include <agon/game.h>

G_BEGIN_DECLS

typedef enum {
  AGON_MCTS_UCT,  /* mean + c * sqrt(ln N / n); unvisited children first, in random order */
  AGON_MCTS_PUCT, /* mean + c * prior * sqrt(N) / (n + 1), as AlphaZero (mean 0 if unvisited) */
} AgonMctsSelection;

typedef enum {
  AGON_MCTS_MOST_VISITS, /* the child visited most (ties: higher mean) */
  AGON_MCTS_BEST_VALUE,  /* the child with the highest mean (ties: more visits) */
} AgonMctsFinalChoice;

/* What the solver proved about the root, for the player to move there. */
typedef enum {
  AGON_MCTS_UNPROVEN,
  AGON_MCTS_PROVEN_WIN,
  AGON_MCTS_PROVEN_DRAW,
  AGON_MCTS_PROVEN_LOSS,
} AgonMctsProof;

/* A leaf evaluator. Both callbacks run inside the search loop and must not
 * keep @state, which is a scratch buffer the search reuses. */
typedef struct {
  /* Writes num_players values for @state, a non-terminal state (possibly a
   * chance node): estimates of each player's return, on the scale of
   * agon_state_returns(). @rng is the search's generator. Required. */
  void (*evaluate)(const AgonState *state, AgonRng *rng, double *values, gpointer user_data);
  /* Writes a prior over @actions (the @n legal actions of the player to
   * move, ascending) into @prior, summing to 1. Called when a decision
   * node is expanded under PUCT. Optional: NULL means uniform. */
  void (*prior)(const AgonState *state, const AgonAction *actions, int n, double *prior,
                gpointer user_data);
  gpointer user_data;
} AgonMctsEvaluator;

/* Search settings; fill with agon_mcts_options_init() or
 * agon_mcts_options_parse(), then change fields. */
typedef struct {
  AgonMctsSelection selection;
  double uct_c;          /* exploration constant; default 2, as OpenSpiel's MCTS examples */
  gint64 simulations;    /* per search; 0: no limit (then @seconds must be set) */
  double seconds;        /* per search, checked every 64 simulations; 0: no limit */
  int rollouts;          /* random rollouts per leaf when @evaluator is NULL; default 1 */
  gboolean solver;       /* MCTS-Solver; acts in 2-player zero-sum terminal-reward games only */
  AgonMctsFinalChoice final_choice;
  /* Self-play: sample the move with probability ~ visits^(1/temperature)
   * (0: deterministic final choice). */
  double temperature;
  /* Self-play: root priors become (1 - fraction) * prior + fraction *
   * Dirichlet(alpha) at the start of every search (PUCT only; fraction 0:
   * off). */
  double dirichlet_alpha;
  double dirichlet_fraction;
  gint64 max_nodes;      /* node budget (32 bytes each); default 1,000,000 */
  guint64 seed;          /* for spec strings and bot layers; the search itself takes an AgonRng */
  /* NULL: random rollouts. Borrowed: must outlive the AgonMcts. */
  const AgonMctsEvaluator *evaluator;
} AgonMctsOptions;

typedef struct AgonMcts AgonMcts;

/* Fills @options with the defaults: UCT, uct_c 2, 1000 simulations, no
 * time limit, 1 rollout, solver on, most visits, temperature 0, no noise,
 * 1,000,000 nodes, seed 0, random-rollout evaluator. */
AGON_API void agon_mcts_options_init(AgonMctsOptions *options);

/* Parses a spec string "mcts(simulations=800,uct_c=1.4,...)" into
 * @options, starting from the defaults. Keys: simulations, seconds,
 * uct_c, rollouts, solver, selection (uct|puct), final (visits|value),
 * temperature, dirichlet_alpha, dirichlet_fraction, max_nodes, seed.
 * Returns FALSE with AGON_ERROR_PARSE, _UNKNOWN_NAME (a name other than
 * mcts), _UNKNOWN_PARAMETER or _INVALID_VALUE; @options is then
 * unspecified. */
AGON_API gboolean agon_mcts_options_parse(const char *spec, AgonMctsOptions *options,
                                          GError **error);

/* A search for @game, which it references. @options is copied (NULL:
 * defaults). Returns NULL with AGON_ERROR_UNSUPPORTED for games with
 * simultaneous nodes or sampled chance, AGON_ERROR_INVALID_VALUE for bad
 * options (no budget, max_nodes below what the root needs). The root is the
 * initial state until agon_mcts_set_root(). Free with agon_mcts_free(). */
AGON_API AgonMcts *agon_mcts_new(const AgonGame *game, const AgonMctsOptions *options,
                                 GError **error);
AGON_API void agon_mcts_free(AgonMcts *mcts);

/* Makes a copy of @state (of the search's game) the root and drops the
 * tree. */
AGON_API void agon_mcts_set_root(AgonMcts *mcts, const AgonState *state);
/* The root state. Borrowed from the search; valid until it changes. */
AGON_API const AgonState *agon_mcts_get_root(const AgonMcts *mcts);

/* Runs one search from the root within the budget and returns the chosen
 * action (the final choice, or a temperature sample; at a chance root an
 * outcome sampled by its probability), or -1 when the root is terminal.
 * Stops early once the solver has proved the root. The tree stays for the
 * statistics below and for agon_mcts_advance(). */
AGON_API AgonAction agon_mcts_search(AgonMcts *mcts, AgonRng *rng);

/* Moves the root along @action (a player's move or a chance outcome),
 * keeping the subtree below it and dropping the rest. Returns FALSE with
 * AGON_ERROR_ILLEGAL_ACTION, and nothing changed, if @action is not legal
 * at the root. */
AGON_API gboolean agon_mcts_advance(AgonMcts *mcts, AgonAction action, GError **error);

/* Writes the root's children, ascending by action, into @actions and their
 * visit counts into @visits (either may be NULL), each with room for
 * agon_game_get_max_actions(); returns the number of children (0 before the
 * root is expanded). Divide by the sum for a training target. */
AGON_API int agon_mcts_root_visits(const AgonMcts *mcts, AgonAction *actions, double *visits);
/* The same children's mean values (value sum / visits, 0 when unvisited),
 * for the player who moves at the root; returns their number. */
AGON_API int agon_mcts_root_values(const AgonMcts *mcts, AgonAction *actions, double *values);
/* The mean return of the simulations through the root's children, for the
 * player to move at the root (0 before any). */
AGON_API double agon_mcts_root_value(const AgonMcts *mcts);
/* Whether the solver has proved the root; @proof (may be NULL) receives
 * the result for the player to move at the root. */
AGON_API gboolean agon_mcts_is_proven(const AgonMcts *mcts, AgonMctsProof *proof);

/* Simulations run by the last search. */
AGON_API gint64 agon_mcts_get_num_simulations(const AgonMcts *mcts);
/* Nodes in the tree now, the root included; never above max_nodes. */
AGON_API gint64 agon_mcts_get_num_nodes(const AgonMcts *mcts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonMcts, agon_mcts_free)

G_END_DECLS
