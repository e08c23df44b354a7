/* agon: Monte Carlo tree search (UCT / PUCT, MCTS-Solver, tree reuse).
 *
 * Nodes hold statistics only, never states: each simulation copies the
 * root state into one buffer owned by the search and applies the actions
 * of the path to it in place, so a node is 32 bytes and a game state of
 * any size costs one memcpy per simulation. Legal actions, chance
 * outcomes, priors, returns and the path live in buffers sized once from
 * the game, so a simulation allocates nothing once the arena has grown.
 *
 * Nodes come from an arena of big blocks (Pachi's uct/tree.c): expanding
 * a node takes one contiguous run for all its children, so selection scans
 * a flat array. The arena is bounded by the node budget (max_nodes counts
 * every node the blocks can hold, a block's unused tail included); when it
 * is full, leaves stop expanding and simulations go on, evaluating at the
 * frontier. Dropping the tree resets the arena and keeps its blocks. Tree
 * reuse copies the kept subtree out breadth first, resets the arena and
 * copies it back, so children stay contiguous and the discarded rest costs
 * nothing (Pachi's tree_garbage_collect does the same by copying).
 *
 * A leaf is evaluated on its first visit and expanded on its second, as in
 * OpenSpiel's MCTSBot; the root is expanded before the first simulation so
 * that Dirichlet noise has priors to mix into. Under UCT the children of a
 * node are shuffled when it is expanded, so the unvisited ones (infinitely
 * urgent) are tried in random order rather than action order.
 *
 * PERSPECTIVE (this bites): node->value_sum is the sum of the returns of
 * node->player, the player who chose the move into the node, i.e. the
 * player to move at its parent. Selection at a node therefore maximises
 * its children's own means, for any number of players (max^n). Below a
 * chance node nobody chose, so its children inherit the chance node's
 * perspective. The root's perspective is the player to move there (or the
 * one the tree already had when it came from agon_mcts_advance()).
 *
 * MCTS-Solver (Winands et al.): in two-player zero-sum games with terminal
 * rewards (and min utility = -max utility), a terminal node is proven a
 * win, draw or loss for node->player when its return is the game's maximum
 * utility, 0 or the minimum; other returns prove nothing, since a proof is
 * an exact value and a proven win must be the best there is. A decision
 * node is proven once a child is a proven win for the mover, or all its
 * children are proven (the best for the mover); a chance node once all its
 * outcomes are proven the same. Proofs are stored in node->player's
 * perspective. Selection skips children proven lost for the mover, a
 * simulation that reaches a proven node stops there and backs up its value
 * (max or min utility, or 0), a proven root ends the search, and the final
 * choice prefers proven wins and avoids proven losses. */
#include "core/core-private.h"
#include "games/games-private.h"

#include <math.h>
#include <string.h>

#include <agon/search.h>

/* Nodes per arena block (2 MiB). */
#define BLOCK_NODES 65536
/* Simulations between clock checks under a time budget. */
#define CLOCK_EVERY 64
/* 1/n, 1/sqrt(n) and sqrt(ln n) come from tables below this. */
#define TABLE_SIZE 4096

typedef struct MctsNode MctsNode;

struct MctsNode {
  MctsNode *children;   /* num_children contiguous nodes; NULL until expanded */
  double value_sum;     /* sum of node->player's returns over the visits */
  guint32 visits;
  AgonAction action;    /* the move (or chance outcome) from the parent */
  float prior;          /* PUCT prior; below a chance node, the outcome's probability */
  guint16 num_children;
  gint8 player;         /* whose returns value_sum holds: see PERSPECTIVE above */
  guint8 flags;         /* the proof (PROOF_MASK, an AgonMctsProof) and NODE_CHANCE */
};

G_STATIC_ASSERT(sizeof(MctsNode) == 32);

#define PROOF_MASK 3u
#define NODE_CHANCE 4u

/* Proofs are AgonMctsProof values: WIN 1, DRAW 2, LOSS 3, so that the
 * other player's view of a proof p is 4 - p. */
G_STATIC_ASSERT(AGON_MCTS_PROVEN_WIN == 1 && AGON_MCTS_PROVEN_DRAW == 2
                && AGON_MCTS_PROVEN_LOSS == 3);

static inline int
proof_of(const MctsNode *node)
{
  return node->flags & PROOF_MASK;
}

static inline int
proof_flip(int proof)
{
  return proof ? 4 - proof : 0;
}

static inline void
set_proof(MctsNode *node, int proof)
{
  node->flags = (guint8) ((node->flags & ~PROOF_MASK) | (unsigned) proof);
}

/* ---- The search object ------------------------------------------------ */

struct AgonMcts {
  AgonGame *game;
  AgonMctsOptions opts;
  int num_players;
  int max_actions;
  gboolean solver;      /* the option, and the game is one the solver applies to */
  double min_utility, max_utility;

  AgonArena arena;
  MctsNode *root;
  AgonState *root_state;
  AgonState *sim;       /* the simulation's state, copied from the root */
  AgonState *scratch;   /* a rollout's state when there are several per leaf */

  AgonAction *actions;  /* max_actions */
  double *prior;        /* max_actions */
  AgonChanceOutcome *outcomes;
  double *returns;      /* num_players */
  double *values;       /* num_players */
  MctsNode **path;      /* max_history_length + 1 */
  double *inv;          /* inv[n] = 1/n, TABLE_SIZE entries */
  double *inv_sqrt;     /* 1/sqrt(n) */
  double *sqrt_log;     /* sqrt(ln n), with sqrt_log[0] = 0 */
  gint64 last_simulations;
};

static inline double
inv_of(const AgonMcts *mcts, guint32 n)
{
  return G_LIKELY(n < TABLE_SIZE) ? mcts->inv[n] : 1.0 / n;
}

static inline double
sqrt_log_of(const AgonMcts *mcts, guint32 n)
{
  return G_LIKELY(n < TABLE_SIZE) ? mcts->sqrt_log[n] : sqrt(log((double) n));
}

static inline double
inv_sqrt_of(const AgonMcts *mcts, guint32 n)
{
  return G_LIKELY(n < TABLE_SIZE) ? mcts->inv_sqrt[n] : 1.0 / sqrt((double) n);
}

/* Drops the tree and starts a fresh root for root_state. */
static void
tree_reset(AgonMcts *mcts)
{
  agon__arena_reset(&mcts->arena);
  MctsNode *root = agon__arena_alloc(&mcts->arena, 1);
  g_assert(root != NULL); /* max_nodes >= 1 + max_actions */
  int player = agon_state_current_player(mcts->root_state);
  *root = (MctsNode) { .player = (gint8) MAX(player, 0) };
  mcts->root = root;
}

/* ---- Options ---------------------------------------------------------- */

void
agon_mcts_options_init(AgonMctsOptions *options)
{
  g_return_if_fail(options != NULL);
  *options = (AgonMctsOptions) {
    .selection = AGON_MCTS_UCT,
    .uct_c = 2,
    .simulations = 1000,
    .seconds = 0,
    .rollouts = 1,
    .solver = TRUE,
    .final_choice = AGON_MCTS_MOST_VISITS,
    .temperature = 0,
    .dirichlet_alpha = 0.3,
    .dirichlet_fraction = 0,
    .max_nodes = 1000000,
    .seed = 0,
    .evaluator = NULL,
  };
}

static const AgonParamSpec mcts_params[] = {
  { "simulations", AGON_PARAM_INT, "1000", 0, 1e15, "simulations per search (0: no limit)" },
  { "seconds", AGON_PARAM_DOUBLE, "0", 0, 1e9, "seconds per search (0: no limit)" },
  { "uct_c", AGON_PARAM_DOUBLE, "2", 0, 1e9, "exploration constant" },
  { "rollouts", AGON_PARAM_INT, "1", 1, 1e6, "random rollouts per leaf" },
  { "solver", AGON_PARAM_BOOL, "true", 0, 0, "MCTS-Solver (2-player zero-sum games)" },
  { "selection", AGON_PARAM_STRING, "uct", 0, 0, "uct or puct" },
  { "final", AGON_PARAM_STRING, "visits", 0, 0, "final choice: visits or value" },
  { "temperature", AGON_PARAM_DOUBLE, "0", 0, 1e9, "sample moves ~ visits^(1/t) (0: off)" },
  { "dirichlet_alpha", AGON_PARAM_DOUBLE, "0.3", 1e-9, 1e9, "root noise concentration" },
  { "dirichlet_fraction", AGON_PARAM_DOUBLE, "0", 0, 1, "root noise weight (0: off)" },
  { "max_nodes", AGON_PARAM_INT, "1000000", 1, 1e15, "node budget" },
  { "seed", AGON_PARAM_INT, "0", 0, 9e18, "seed for the bot's generator" },
  { NULL },
};
/* For the bot registry (search/bot.c), which lists every kind's parameters. */
const AgonParamSpec *const agon__mcts_param_specs = mcts_params;

gboolean
agon_mcts_options_parse(const char *spec, AgonMctsOptions *options, GError **error)
{
  g_return_val_if_fail(spec != NULL && options != NULL, FALSE);
  g_autoptr(AgonParams) parsed = agon_params_parse(spec, error);
  if (parsed == NULL)
    return FALSE;
  if (g_strcmp0(agon_params_get_name(parsed), "mcts") != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME, "%s: not an mcts spec", spec);
    return FALSE;
  }
  g_autoptr(AgonParams) p = agon_params_resolve(parsed, mcts_params, error);
  if (p == NULL)
    return FALSE;
  agon_mcts_options_init(options);
  const char *selection = agon_params_get_string(p, "selection");
  if (g_str_equal(selection, "uct")) {
    options->selection = AGON_MCTS_UCT;
  } else if (g_str_equal(selection, "puct")) {
    options->selection = AGON_MCTS_PUCT;
  } else {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: selection must be uct or puct", spec);
    return FALSE;
  }
  const char *final = agon_params_get_string(p, "final");
  if (g_str_equal(final, "visits")) {
    options->final_choice = AGON_MCTS_MOST_VISITS;
  } else if (g_str_equal(final, "value")) {
    options->final_choice = AGON_MCTS_BEST_VALUE;
  } else {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: final must be visits or value", spec);
    return FALSE;
  }
  options->simulations = agon_params_get_int(p, "simulations");
  options->seconds = agon_params_get_double(p, "seconds");
  options->uct_c = agon_params_get_double(p, "uct_c");
  options->rollouts = (int) agon_params_get_int(p, "rollouts");
  options->solver = agon_params_get_bool(p, "solver");
  options->temperature = agon_params_get_double(p, "temperature");
  options->dirichlet_alpha = agon_params_get_double(p, "dirichlet_alpha");
  options->dirichlet_fraction = agon_params_get_double(p, "dirichlet_fraction");
  options->max_nodes = agon_params_get_int(p, "max_nodes");
  options->seed = (guint64) agon_params_get_int(p, "seed");
  return TRUE;
}

/* ---- Creation ---------------------------------------------------------- */

AgonMcts *
agon_mcts_new(const AgonGame *game, const AgonMctsOptions *options, GError **error)
{
  g_return_val_if_fail(game != NULL, NULL);
  AgonMctsOptions opts;
  if (options != NULL)
    opts = *options;
  else
    agon_mcts_options_init(&opts);
  const AgonGameType *type = agon_game_get_type(game);
  const char *name = agon_game_get_string(game);
  if (type->dynamics != AGON_DYNAMICS_SEQUENTIAL) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: MCTS does not handle simultaneous moves", name);
    return NULL;
  }
  if (type->chance_mode == AGON_CHANCE_SAMPLED_STOCHASTIC) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: MCTS needs explicit chance outcomes", name);
    return NULL;
  }
  int max_actions = agon_game_get_max_actions(game);
  if (max_actions > G_MAXUINT16 || agon_game_get_num_players(game) > G_MAXINT8) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: too many actions or players for MCTS", name);
    return NULL;
  }
  if (opts.simulations <= 0 && opts.seconds <= 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "mcts: give a budget (simulations or seconds)");
    return NULL;
  }
  if (opts.max_nodes < 1 + (gint64) max_actions) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "mcts: max_nodes must be at least %d for %s", 1 + max_actions, name);
    return NULL;
  }
  if (opts.rollouts < 1 || opts.uct_c < 0 || opts.temperature < 0
      || opts.dirichlet_fraction < 0 || opts.dirichlet_fraction > 1
      || (opts.dirichlet_fraction > 0 && opts.dirichlet_alpha <= 0)
      || (opts.evaluator != NULL && opts.evaluator->evaluate == NULL)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "mcts: invalid options (rollouts >= 1, uct_c >= 0, temperature >= 0, "
                "dirichlet_fraction in [0, 1] with alpha > 0, an evaluator needs evaluate)");
    return NULL;
  }

  AgonMcts *mcts = g_new0(AgonMcts, 1);
  mcts->game = agon_game_ref((AgonGame *) game);
  mcts->opts = opts;
  mcts->num_players = agon_game_get_num_players(game);
  mcts->max_actions = max_actions;
  mcts->min_utility = agon_game_get_min_utility(game);
  mcts->max_utility = agon_game_get_max_utility(game);
  mcts->solver = opts.solver && mcts->num_players == 2
                 && type->utility == AGON_UTILITY_ZERO_SUM
                 && type->reward_model == AGON_REWARD_TERMINAL
                 && mcts->min_utility == -mcts->max_utility && mcts->max_utility > 0;
  gsize state_size = agon_game_get_state_size(game);
  mcts->root_state = agon_state_init_initial(game, g_malloc(state_size));
  mcts->sim = g_malloc(state_size);
  mcts->scratch = g_malloc(state_size);
  mcts->actions = g_new(AgonAction, max_actions);
  mcts->prior = g_new(double, max_actions);
  mcts->outcomes = g_new(AgonChanceOutcome, MAX(1, agon_game_get_max_chance_outcomes(game)));
  mcts->returns = g_new(double, mcts->num_players);
  mcts->values = g_new(double, mcts->num_players);
  mcts->path = g_new(MctsNode *, agon_game_get_max_history_length(game) + 1);
  mcts->inv = g_new(double, TABLE_SIZE);
  mcts->inv_sqrt = g_new(double, TABLE_SIZE);
  mcts->sqrt_log = g_new(double, TABLE_SIZE);
  mcts->inv[0] = mcts->inv_sqrt[0] = INFINITY;
  mcts->sqrt_log[0] = 0;
  for (int i = 1; i < TABLE_SIZE; i++) {
    mcts->inv[i] = 1.0 / i;
    mcts->inv_sqrt[i] = 1.0 / sqrt(i);
    mcts->sqrt_log[i] = sqrt(log(i));
  }
  agon__arena_init(&mcts->arena, sizeof(MctsNode), BLOCK_NODES, opts.max_nodes);
  tree_reset(mcts);
  return mcts;
}

void
agon_mcts_free(AgonMcts *mcts)
{
  if (mcts == NULL)
    return;
  agon__arena_clear(&mcts->arena);
  g_free(mcts->root_state);
  g_free(mcts->sim);
  g_free(mcts->scratch);
  g_free(mcts->actions);
  g_free(mcts->prior);
  g_free(mcts->outcomes);
  g_free(mcts->returns);
  g_free(mcts->values);
  g_free(mcts->path);
  g_free(mcts->inv);
  g_free(mcts->inv_sqrt);
  g_free(mcts->sqrt_log);
  agon_game_unref(mcts->game);
  g_free(mcts);
}

void
agon_mcts_set_root(AgonMcts *mcts, const AgonState *state)
{
  g_return_if_fail(mcts != NULL && state != NULL);
  g_return_if_fail(agon_state_get_game(state) == mcts->game
                   || g_str_equal(agon_game_get_string(agon_state_get_game(state)),
                                  agon_game_get_string(mcts->game)));
  agon_state_copy(mcts->root_state, state);
  tree_reset(mcts);
}

const AgonState *
agon_mcts_get_root(const AgonMcts *mcts)
{
  g_return_val_if_fail(mcts != NULL, NULL);
  return mcts->root_state;
}

/* ---- Expansion and selection ------------------------------------------ */

/* Gives @node, whose state is @state (not terminal), one child per legal
 * action or chance outcome. FALSE when the node budget is spent. */
static gboolean
expand(AgonMcts *mcts, MctsNode *node, const AgonState *state, AgonRng *rng)
{
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_CHANCE) {
    int n = agon_state_chance_outcomes(state, mcts->outcomes);
    MctsNode *kids = agon__arena_alloc(&mcts->arena, (gsize) n);
    if (kids == NULL)
      return FALSE;
    for (int i = 0; i < n; i++)
      kids[i] = (MctsNode) {
        .action = mcts->outcomes[i].action,
        .prior = (float) mcts->outcomes[i].probability,
        .player = node->player, /* nobody chose: inherit the perspective */
      };
    node->flags |= NODE_CHANCE;
    node->children = kids;
    node->num_children = (guint16) n;
    return TRUE;
  }
  AgonAction *actions = mcts->actions;
  int n = agon_state_legal_actions(state, actions);
  MctsNode *kids = agon__arena_alloc(&mcts->arena, (gsize) n);
  if (kids == NULL)
    return FALSE;
  double *prior = mcts->prior;
  const AgonMctsEvaluator *ev = mcts->opts.evaluator;
  if (mcts->opts.selection == AGON_MCTS_PUCT && ev != NULL && ev->prior != NULL) {
    ev->prior(state, actions, n, prior, ev->user_data);
  } else {
    for (int i = 0; i < n; i++)
      prior[i] = 1.0 / n;
  }
  if (mcts->opts.selection == AGON_MCTS_UCT) {
    /* Unvisited children are tried first, in order: shuffle the order. */
    for (int i = n - 1; i > 0; i--) {
      int j = (int) agon_rng_below(rng, (guint32) i + 1);
      AgonAction a = actions[i];
      actions[i] = actions[j];
      actions[j] = a;
    }
  }
  for (int i = 0; i < n; i++)
    kids[i] = (MctsNode) { .action = actions[i], .prior = (float) prior[i],
                           .player = (gint8) player };
  node->children = kids;
  node->num_children = (guint16) n;
  return TRUE;
}

static MctsNode *
select_chance(MctsNode *node, AgonRng *rng)
{
  MctsNode *kids = node->children;
  int n = node->num_children;
  double u = agon_rng_uniform(rng);
  for (int i = 0; i < n - 1; i++) {
    u -= kids[i].prior;
    if (u < 0)
      return &kids[i];
  }
  return &kids[n - 1];
}

/* The child of a decision node to descend to. Children proven lost for the
 * mover (their own perspective: proof LOSS) are skipped under the solver;
 * if all are, the node is itself proven and never selected from. */
static MctsNode *
select_child(const AgonMcts *mcts, MctsNode *node)
{
  MctsNode *kids = node->children;
  int n = node->num_children;
  gboolean solver = mcts->solver;
  MctsNode *best = &kids[0];
  double best_score = -INFINITY;
  if (mcts->opts.selection == AGON_MCTS_UCT) {
    double explore = mcts->opts.uct_c * sqrt_log_of(mcts, node->visits);
    for (int i = 0; i < n; i++) {
      MctsNode *k = &kids[i];
      if (solver && proof_of(k) == AGON_MCTS_PROVEN_LOSS)
        continue;
      guint32 v = k->visits;
      if (v == 0)
        return k;
      double score = k->value_sum * inv_of(mcts, v) + explore * inv_sqrt_of(mcts, v);
      if (score > best_score) {
        best_score = score;
        best = k;
      }
    }
    return best;
  }
  double explore = mcts->opts.uct_c * sqrt((double) node->visits);
  for (int i = 0; i < n; i++) {
    MctsNode *k = &kids[i];
    if (solver && proof_of(k) == AGON_MCTS_PROVEN_LOSS)
      continue;
    guint32 v = k->visits;
    double mean = v ? k->value_sum * inv_of(mcts, v) : 0;
    double score = mean + explore * k->prior * inv_of(mcts, v + 1);
    if (score > best_score) {
      best_score = score;
      best = k;
    }
  }
  return best;
}

/* ---- Evaluation ---------------------------------------------------------- */

/* Plays uniformly random moves (chance by its probabilities) from @state
 * to the end, in place, and writes the returns. */
static void
rollout(AgonMcts *mcts, AgonState *state, AgonRng *rng, double *out)
{
  AgonAction *actions = mcts->actions;
  for (;;) {
    int player = agon_state_current_player(state);
    if (G_UNLIKELY(player < 0)) {
      if (player == AGON_PLAYER_TERMINAL)
        break;
      agon_state_apply(state, agon_state_sample_chance(state, rng));
      continue;
    }
    int n = agon_state_legal_actions(state, actions);
    agon_state_apply(state, actions[agon_rng_below(rng, (guint32) n)]);
  }
  agon_state_returns(state, out);
}

/* Writes the value of the leaf state mcts->sim into mcts->returns. The
 * state may be played on: it is recopied at the next simulation. */
static void
evaluate(AgonMcts *mcts, AgonRng *rng)
{
  const AgonMctsEvaluator *ev = mcts->opts.evaluator;
  if (ev != NULL) {
    ev->evaluate(mcts->sim, rng, mcts->returns, ev->user_data);
    return;
  }
  int rollouts = mcts->opts.rollouts;
  if (rollouts == 1) {
    rollout(mcts, mcts->sim, rng, mcts->returns);
    return;
  }
  int np = mcts->num_players;
  memset(mcts->returns, 0, sizeof(double) * (gsize) np);
  for (int r = 0; r < rollouts; r++) {
    agon_state_copy(mcts->scratch, mcts->sim);
    rollout(mcts, mcts->scratch, rng, mcts->values);
    for (int p = 0; p < np; p++)
      mcts->returns[p] += mcts->values[p];
  }
  for (int p = 0; p < np; p++)
    mcts->returns[p] /= rollouts;
}

/* ---- The solver ----------------------------------------------------------- */

/* Tries to prove @node from its children's proofs; TRUE if it now is. */
static gboolean
prove(MctsNode *node)
{
  MctsNode *kids = node->children;
  int n = node->num_children;
  if (node->flags & NODE_CHANCE) {
    /* Outcomes share the chance node's perspective. */
    int proof = proof_of(&kids[0]);
    for (int i = 1; i < n && proof; i++)
      if (proof_of(&kids[i]) != proof)
        proof = 0;
    if (proof)
      set_proof(node, proof);
    return proof != 0;
  }
  /* The children's perspective is the mover's. */
  int best = AGON_MCTS_PROVEN_LOSS;
  gboolean open = FALSE;
  for (int i = 0; i < n; i++) {
    int p = proof_of(&kids[i]);
    if (p == AGON_MCTS_PROVEN_WIN) {
      best = p;
      open = FALSE;
      break;
    }
    open |= p == 0;
    if (p == AGON_MCTS_PROVEN_DRAW)
      best = p;
  }
  if (open)
    return FALSE;
  set_proof(node, node->player == kids[0].player ? best : proof_flip(best));
  return TRUE;
}

/* The returns a proven node stands for (two players, zero sum). */
static void
proven_returns(const AgonMcts *mcts, const MctsNode *node, double *out)
{
  int proof = proof_of(node);
  double v = proof == AGON_MCTS_PROVEN_WIN ? mcts->max_utility
             : proof == AGON_MCTS_PROVEN_LOSS ? mcts->min_utility
                                              : 0;
  out[node->player] = v;
  out[1 - node->player] = -v;
}

/* ---- Simulations ------------------------------------------------------------ */

static void
simulate(AgonMcts *mcts, AgonRng *rng)
{
  AgonState *state = mcts->sim;
  agon_state_copy(state, mcts->root_state);
  MctsNode **path = mcts->path;
  MctsNode *node = mcts->root;
  gboolean solver = mcts->solver;
  gboolean proved = FALSE; /* the leaf was proven by this simulation */
  int depth = 0;
  path[0] = node;
  for (;;) {
    int player = agon_state_current_player(state);
    if (player == AGON_PLAYER_TERMINAL) {
      agon_state_returns(state, mcts->returns);
      if (solver && proof_of(node) == 0) {
        /* Only the extreme returns and 0 are proofs: a proof must be an
         * exact value, and a proven win the best there is. */
        double v = mcts->returns[node->player];
        int proof = v == mcts->max_utility   ? AGON_MCTS_PROVEN_WIN
                    : v == mcts->min_utility ? AGON_MCTS_PROVEN_LOSS
                    : v == 0                 ? AGON_MCTS_PROVEN_DRAW
                                             : 0;
        set_proof(node, proof);
        proved = proof != 0;
      }
      break;
    }
    if (solver && proof_of(node) != 0) {
      proven_returns(mcts, node, mcts->returns);
      break;
    }
    if (node->children == NULL
        && (node->visits == 0 || !expand(mcts, node, state, rng))) {
      evaluate(mcts, rng);
      break;
    }
    node = (node->flags & NODE_CHANCE) ? select_chance(node, rng) : select_child(mcts, node);
    agon_state_apply(state, node->action);
    path[++depth] = node;
  }

  const double *ret = mcts->returns;
  for (int i = depth; i >= 0; i--) {
    MctsNode *nd = path[i];
    nd->visits++;
    nd->value_sum += ret[nd->player];
    /* A new proof may prove the parent, and so on up. */
    if (proved && i < depth)
      proved = prove(nd);
  }
}

/* ---- Dirichlet noise ----------------------------------------------------- */

static double
normal(AgonRng *rng)
{
  /* Marsaglia's polar method. */
  for (;;) {
    double u = 2 * agon_rng_uniform(rng) - 1, v = 2 * agon_rng_uniform(rng) - 1;
    double s = u * u + v * v;
    if (s > 0 && s < 1)
      return u * sqrt(-2 * log(s) / s);
  }
}

/* A Gamma(@alpha, 1) sample: Marsaglia and Tsang, boosted below 1. */
static double
gamma_sample(AgonRng *rng, double alpha)
{
  if (alpha < 1) {
    double u;
    do
      u = agon_rng_uniform(rng);
    while (u == 0);
    return gamma_sample(rng, alpha + 1) * pow(u, 1 / alpha);
  }
  double d = alpha - 1.0 / 3, c = 1 / sqrt(9 * d);
  for (;;) {
    double x = normal(rng), v = 1 + c * x;
    if (v <= 0)
      continue;
    v = v * v * v;
    double u = agon_rng_uniform(rng);
    if (u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)))
      return d * v;
  }
}

/* Resets the root's priors from the evaluator (or uniform) and mixes in
 * Dirichlet noise, so that noise never accumulates over reused trees. */
static void
root_noise(AgonMcts *mcts, AgonRng *rng)
{
  MctsNode *root = mcts->root;
  MctsNode *kids = root->children;
  int n = root->num_children;
  const AgonMctsEvaluator *ev = mcts->opts.evaluator;
  if (ev != NULL && ev->prior != NULL) {
    /* The callback wants ascending actions; the children may be shuffled. */
    int m = agon_state_legal_actions(mcts->root_state, mcts->actions);
    g_assert(m == n);
    ev->prior(mcts->root_state, mcts->actions, n, mcts->prior, ev->user_data);
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++)
        if (mcts->actions[j] == kids[i].action)
          kids[i].prior = (float) mcts->prior[j];
  } else {
    for (int i = 0; i < n; i++)
      kids[i].prior = (float) (1.0 / n);
  }
  double *noise = mcts->prior;
  double sum = 0;
  for (int i = 0; i < n; i++)
    sum += noise[i] = gamma_sample(rng, mcts->opts.dirichlet_alpha);
  double f = mcts->opts.dirichlet_fraction;
  for (int i = 0; i < n; i++)
    kids[i].prior = (float) ((1 - f) * kids[i].prior + f * (sum > 0 ? noise[i] / sum : 1.0 / n));
}

/* ---- The final choice ------------------------------------------------------ */

/* Solver rank of a root child: proven wins first, proven losses last. */
static int
rank_of(const AgonMcts *mcts, const MctsNode *k)
{
  if (!mcts->solver)
    return 1;
  int p = proof_of(k);
  return p == AGON_MCTS_PROVEN_WIN ? 2 : p == AGON_MCTS_PROVEN_LOSS ? 0 : 1;
}

static double
mean_of(const MctsNode *k)
{
  return k->visits ? k->value_sum / k->visits : -INFINITY;
}

static gboolean
better(const AgonMcts *mcts, const MctsNode *a, const MctsNode *b)
{
  int ra = rank_of(mcts, a), rb = rank_of(mcts, b);
  if (ra != rb)
    return ra > rb;
  double ma = mean_of(a), mb = mean_of(b);
  if (mcts->opts.final_choice == AGON_MCTS_BEST_VALUE && ma != mb)
    return ma > mb;
  if (a->visits != b->visits)
    return a->visits > b->visits;
  if (ma != mb)
    return ma > mb;
  return a->action < b->action; /* independent of the shuffled order */
}

static const MctsNode *
final_choice(const AgonMcts *mcts)
{
  const MctsNode *kids = mcts->root->children;
  const MctsNode *best = &kids[0];
  for (int i = 1; i < mcts->root->num_children; i++)
    if (better(mcts, &kids[i], best))
      best = &kids[i];
  return best;
}

static const MctsNode *
sample_by_visits(const AgonMcts *mcts, AgonRng *rng)
{
  const MctsNode *kids = mcts->root->children;
  int n = mcts->root->num_children;
  const MctsNode *best = final_choice(mcts);
  /* A proven win is played; proven losses are never sampled. */
  int best_rank = rank_of(mcts, best);
  if (best_rank == 2 || best->visits == 0)
    return best;
  double *w = mcts->prior;
  double total = 0, inv_t = 1 / mcts->opts.temperature;
  guint32 max_visits = 0;
  for (int i = 0; i < n; i++)
    max_visits = MAX(max_visits, kids[i].visits);
  for (int i = 0; i < n; i++) {
    w[i] = rank_of(mcts, &kids[i]) == best_rank
             ? pow((double) kids[i].visits / max_visits, inv_t)
             : 0;
    total += w[i];
  }
  if (!(total > 0))
    return best;
  double u = agon_rng_uniform(rng) * total;
  for (int i = 0; i < n; i++) {
    u -= w[i];
    if (u < 0 && w[i] > 0)
      return &kids[i];
  }
  return best;
}

/* ---- Searching -------------------------------------------------------------- */

AgonAction
agon_mcts_search(AgonMcts *mcts, AgonRng *rng)
{
  g_return_val_if_fail(mcts != NULL && rng != NULL, -1);
  mcts->last_simulations = 0;
  AgonState *root_state = mcts->root_state;
  int player = agon_state_current_player(root_state);
  if (player == AGON_PLAYER_TERMINAL)
    return -1;
  MctsNode *root = mcts->root;
  if (root->children == NULL)
    expand(mcts, root, root_state, rng); /* always fits: max_nodes >= 1 + max_actions */
  if (player >= 0 && mcts->opts.dirichlet_fraction > 0
      && mcts->opts.selection == AGON_MCTS_PUCT)
    root_noise(mcts, rng);

  gint64 limit = mcts->opts.simulations > 0 ? mcts->opts.simulations : G_MAXINT64;
  gint64 deadline = G_MAXINT64;
  if (mcts->opts.seconds > 0)
    deadline = g_get_monotonic_time() + (gint64) (mcts->opts.seconds * G_USEC_PER_SEC);
  gint64 sims = 0;
  while (sims < limit && !(mcts->solver && proof_of(root))) {
    simulate(mcts, rng);
    sims++;
    if (G_UNLIKELY(sims % CLOCK_EVERY == 0) && deadline != G_MAXINT64
        && g_get_monotonic_time() >= deadline)
      break;
  }
  mcts->last_simulations = sims;

  if (player == AGON_PLAYER_CHANCE)
    return select_chance(root, rng)->action;
  if (mcts->opts.temperature > 0)
    return sample_by_visits(mcts, rng)->action;
  return final_choice(mcts)->action;
}

/* ---- Tree reuse -------------------------------------------------------------- */

/* Makes @child the root, keeping its subtree: copy it out breadth first
 * (each node's children stay contiguous), reset the arena, copy it back. */
static void
reroot(AgonMcts *mcts, const MctsNode *child)
{
  g_autoptr(GArray) tmp = g_array_new(FALSE, FALSE, sizeof(MctsNode));
  g_autoptr(GArray) first = g_array_new(FALSE, FALSE, sizeof(guint));
  g_array_append_vals(tmp, child, 1);
  for (guint i = 0; i < tmp->len; i++) {
    const MctsNode *nd = &g_array_index(tmp, MctsNode, i);
    guint at = tmp->len;
    g_array_append_val(first, at);
    if (nd->children != NULL)
      g_array_append_vals(tmp, nd->children, nd->num_children); /* may move nd */
  }
  agon__arena_reset(&mcts->arena);
  g_autofree MctsNode **where = g_new0(MctsNode *, tmp->len);
  where[0] = agon__arena_alloc(&mcts->arena, 1);
  *where[0] = g_array_index(tmp, MctsNode, 0);
  for (guint i = 0; i < tmp->len; i++) {
    MctsNode *nd = where[i];
    if (nd == NULL || nd->children == NULL)
      continue;
    MctsNode *kids = agon__arena_alloc(&mcts->arena, nd->num_children);
    if (kids == NULL) {
      /* Packing differs from the old tree's; if the budget runs out the
       * node keeps its statistics and proof but loses its children. */
      nd->children = NULL;
      nd->num_children = 0;
      nd->flags &= ~NODE_CHANCE;
      continue;
    }
    guint at = g_array_index(first, guint, i);
    memcpy(kids, &g_array_index(tmp, MctsNode, at), sizeof(MctsNode) * nd->num_children);
    nd->children = kids;
    for (guint k = 0; k < nd->num_children; k++)
      where[at + k] = &kids[k];
  }
  mcts->root = where[0];
}

gboolean
agon_mcts_advance(AgonMcts *mcts, AgonAction action, GError **error)
{
  g_return_val_if_fail(mcts != NULL, FALSE);
  const MctsNode *root = mcts->root;
  const MctsNode *child = NULL;
  for (int i = 0; root->children != NULL && i < root->num_children; i++)
    if (root->children[i].action == action)
      child = &root->children[i];
  if (!agon_state_apply_checked(mcts->root_state, action, error))
    return FALSE;
  if (child != NULL)
    reroot(mcts, child);
  else
    tree_reset(mcts);
  return TRUE;
}

/* ---- Statistics -------------------------------------------------------------- */

/* The root's children ascending by action: actions, visits, mean values. */
static int
root_children(const AgonMcts *mcts, AgonAction *actions, double *visits, double *values)
{
  const MctsNode *root = mcts->root;
  int n = root->children != NULL ? root->num_children : 0;
  /* Children may be shuffled: emit them by ascending action. */
  AgonAction last = -1;
  for (int out = 0; out < n; out++) {
    const MctsNode *next = NULL;
    for (int i = 0; i < n; i++) {
      const MctsNode *k = &root->children[i];
      if (k->action > last && (next == NULL || k->action < next->action))
        next = k;
    }
    last = next->action;
    if (actions != NULL)
      actions[out] = next->action;
    if (visits != NULL)
      visits[out] = next->visits;
    if (values != NULL)
      values[out] = next->visits > 0 ? next->value_sum / next->visits : 0;
  }
  return n;
}

int
agon_mcts_root_visits(const AgonMcts *mcts, AgonAction *actions, double *visits)
{
  g_return_val_if_fail(mcts != NULL, 0);
  return root_children(mcts, actions, visits, NULL);
}

int
agon_mcts_root_values(const AgonMcts *mcts, AgonAction *actions, double *values)
{
  g_return_val_if_fail(mcts != NULL, 0);
  return root_children(mcts, actions, NULL, values);
}

double
agon_mcts_root_value(const AgonMcts *mcts)
{
  g_return_val_if_fail(mcts != NULL, 0);
  const MctsNode *root = mcts->root;
  double sum = 0, n = 0;
  for (int i = 0; root->children != NULL && i < root->num_children; i++) {
    sum += root->children[i].value_sum;
    n += root->children[i].visits;
  }
  return n > 0 ? sum / n : 0;
}

gboolean
agon_mcts_is_proven(const AgonMcts *mcts, AgonMctsProof *proof)
{
  g_return_val_if_fail(mcts != NULL, FALSE);
  const MctsNode *root = mcts->root;
  int p = mcts->solver ? proof_of(root) : 0;
  int mover = agon_state_current_player(mcts->root_state);
  /* The root's proof is in root->player's view; report the mover's. */
  if (mover >= 0 && mover != root->player)
    p = proof_flip(p);
  if (proof != NULL)
    *proof = (AgonMctsProof) p;
  return p != 0;
}

gint64
agon_mcts_get_num_simulations(const AgonMcts *mcts)
{
  g_return_val_if_fail(mcts != NULL, 0);
  return mcts->last_simulations;
}

gint64
agon_mcts_get_num_nodes(const AgonMcts *mcts)
{
  g_return_val_if_fail(mcts != NULL, 0);
  return mcts->arena.used;
}
