/* agon: single-observer information-set MCTS (SO-ISMCTS).
 *
 * Cowling, Powley and Whitehouse, "Information Set Monte Carlo Tree
 * Search" (IEEE TCIAIG 4(2), 2012), algorithm 2: every simulation draws a
 * determinization, a full history consistent with the searcher's
 * information, and walks one tree with it. The tree is the searcher's:
 * a node is the sequence of moves from the root, its children are indexed
 * by action in one contiguous block of max_actions nodes from an arena
 * (the block design of search/mcts.c, Pachi's uct/tree.c), and a child is
 * legal or not depending on the determinization. Selection at a decision
 * node, the searcher's or an opponent's, maximises the mover's own mean
 * plus c * sqrt(ln(availability) / visits), where a child's availability
 * counts the visits to its parent in which it was legal (section IV-B of
 * the paper); legal children never tried come first, in random order, and
 * the first new node of a simulation is evaluated by a random rollout of
 * the determinization. Chance edges follow the determinization's own
 * draws. As in the paper's SO-ISMCTS, moves below the root are edges
 * whether or not the searcher sees them: in phantom_ttt or dark_hex the
 * tree thus tells apart opponent moves the searcher could not (the paper's
 * POM variant fixes that); the root decision still uses only the
 * searcher's information. A node keeps the mover it was first reached
 * with; a determinization that reaches it with another mover (a phantom
 * move that fails in one world and succeeds in another) stops there and
 * rolls out.
 *
 * PERSPECTIVE: a child's value_sum holds the returns of the player who
 * moved at its parent (the searcher below chance nodes), so selection
 * maximises the children's own means for any number of players.
 *
 * DETERMINIZATION, generic through the public API. At the start of a
 * search the true history is replayed once, recording the searcher's
 * information-state string after every step with consecutive repeats
 * dropped (views I_0 .. I_K) and the searcher's own actions with the view
 * each was taken in. That is all the search keeps of the true state. A
 * sample then plays from the initial state: the searcher replays its own
 * actions in order (each must be taken in the same view as in the truth),
 * chance outcomes are drawn by their probabilities and opponents' moves
 * uniformly, each among those after which the searcher's string is still
 * I_k or becomes I_{k+1} (drawn without replacement until one fits). When
 * the searcher is to move in view I_K the sample is done; a dead end (no
 * outcome fits, the searcher's action is illegal or taken in another view,
 * the game ends) starts the sample again, at most max_attempts times.
 * Conditioning each chance draw on what the searcher saw is exact when
 * the probability of what it saw does not depend on what it did not --
 * true of deals of distinct cards and of independent dice (kuhn_poker,
 * leduc_poker, liars_dice); under leduc's suit isomorphism it is an
 * approximation. The number of hidden opponent moves is free, so phantom
 * games sample their unseen failed attempts too. Opponents' hidden moves
 * are uniform among the consistent ones, the paper's uninformed model.
 *
 * A simulation builds the searcher's string once per sampled step (into
 * one reused GString): allocation-free once the GString and the arena
 * have grown, but strings are the price of genericity; see the benchmark. */
#include "core/core-private.h"
#include "games/games-private.h"

#include <math.h>
#include <string.h>

#include <agon/ismcts.h>

/* Nodes per arena block (2 MiB). */
#define BLOCK_NODES 65536
/* The mover of a node not yet visited twice. */
#define MOVER_UNSET G_MININT8

typedef struct IsNode IsNode;

struct IsNode {
  IsNode *children;   /* max_actions nodes indexed by action; NULL until needed */
  double value_sum;   /* returns of the player who moved at the parent: PERSPECTIVE */
  guint32 visits;
  guint32 avail;      /* parent visits in which this move was legal */
  gint8 mover;        /* who moves here: a player, AGON_PLAYER_CHANCE or MOVER_UNSET */
};

G_STATIC_ASSERT(sizeof(IsNode) <= 32);

/* @n contiguous nodes set to "unvisited", or NULL when the budget is
 * spent. */
static IsNode *
node_alloc(AgonArena *arena, gsize n)
{
  IsNode *p = agon__arena_alloc(arena, n);
  for (gsize i = 0; p != NULL && i < n; i++)
    p[i] = (IsNode) { .mover = MOVER_UNSET };
  return p;
}

/* ---- The search object ------------------------------------------------------ */

struct AgonIsmcts {
  AgonGame *game;
  AgonIsmctsOptions opts;
  int player;
  int num_players;
  int max_actions;

  AgonArena arena;
  IsNode *root;

  /* What the search keeps of the true state (see DETERMINIZATION). */
  GString *views;       /* I_0 .. I_K back to back */
  gsize *view_start;    /* K + 2 offsets into views */
  int num_views;        /* K + 1 */
  AgonAction *own;      /* the searcher's actions, in order */
  int *own_view;        /* the view index k each was taken in */
  int num_own;

  AgonState *initial;
  AgonState *det;       /* the determinization, then the simulation's state */
  AgonState *trial;     /* a candidate step of the sampler */
  GString *buf;         /* the searcher's string of the trial state */
  AgonAction *actions;  /* max_actions */
  AgonAction *pool;     /* max_actions: candidates not yet tried */
  double *weights;      /* max_actions */
  AgonChanceOutcome *outcomes;
  double *returns;      /* num_players */
  IsNode **path;        /* max_history_length + 1 */

  gint64 last_simulations;
  gint64 last_attempts;
};

/* ---- Options -------------------------------------------------------------- */

void
agon_ismcts_options_init(AgonIsmctsOptions *options)
{
  g_return_if_fail(options != NULL);
  *options = (AgonIsmctsOptions) {
    .simulations = 1000,
    .uct_c = 2,
    .max_nodes = 1000000,
    .max_attempts = 100000,
    .seed = 0,
  };
}

static const AgonParamSpec ismcts_params[] = {
  { "simulations", AGON_PARAM_INT, "1000", 1, 1e15, "simulations per search" },
  { "uct_c", AGON_PARAM_DOUBLE, "2", 0, 1e9, "exploration constant" },
  { "max_nodes", AGON_PARAM_INT, "1000000", 1, 1e15, "node budget" },
  { "max_attempts", AGON_PARAM_INT, "100000", 1, 1e15, "fresh starts per determinization" },
  { "seed", AGON_PARAM_INT, "0", 0, 9e18, "seed for the bot's generator" },
  { NULL },
};

gboolean
agon_ismcts_options_parse(const char *spec, AgonIsmctsOptions *options, GError **error)
{
  g_return_val_if_fail(spec != NULL && options != NULL, FALSE);
  g_autoptr(AgonParams) parsed = agon_params_parse(spec, error);
  if (parsed == NULL)
    return FALSE;
  if (g_strcmp0(agon_params_get_name(parsed), "ismcts") != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME, "%s: not an ismcts spec", spec);
    return FALSE;
  }
  g_autoptr(AgonParams) p = agon_params_resolve(parsed, ismcts_params, error);
  if (p == NULL)
    return FALSE;
  agon_ismcts_options_init(options);
  options->simulations = agon_params_get_int(p, "simulations");
  options->uct_c = agon_params_get_double(p, "uct_c");
  options->max_nodes = agon_params_get_int(p, "max_nodes");
  options->max_attempts = agon_params_get_int(p, "max_attempts");
  options->seed = (guint64) agon_params_get_int(p, "seed");
  return TRUE;
}

/* ---- Creation --------------------------------------------------------------- */

AgonIsmcts *
agon_ismcts_new(const AgonGame *game, int player, const AgonIsmctsOptions *options,
                GError **error)
{
  g_return_val_if_fail(game != NULL, NULL);
  AgonIsmctsOptions opts;
  if (options != NULL)
    opts = *options;
  else
    agon_ismcts_options_init(&opts);
  const AgonGameType *type = agon_game_get_type(game);
  const char *name = agon_game_get_string(game);
  if (type->dynamics != AGON_DYNAMICS_SEQUENTIAL) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: IS-MCTS does not handle simultaneous moves", name);
    return NULL;
  }
  if (type->chance_mode == AGON_CHANCE_SAMPLED_STOCHASTIC) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: IS-MCTS needs explicit chance outcomes", name);
    return NULL;
  }
  if (!type->provides_information_state_string) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: IS-MCTS needs information-state strings", name);
    return NULL;
  }
  int num_players = agon_game_get_num_players(game);
  if (num_players > G_MAXINT8) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: too many players for IS-MCTS", name);
    return NULL;
  }
  if (player < 0 || player >= num_players) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "ismcts: player %d is not a player of %s", player, name);
    return NULL;
  }
  int max_actions = agon_game_get_max_actions(game);
  if (max_actions > BLOCK_NODES) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: too many actions for IS-MCTS", name);
    return NULL;
  }
  if (opts.simulations < 1 || opts.uct_c < 0 || opts.max_attempts < 1
      || opts.max_nodes < 1 + (gint64) max_actions) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "ismcts: invalid options (simulations >= 1, uct_c >= 0, max_attempts >= 1, "
                "max_nodes >= %d for %s)", 1 + max_actions, name);
    return NULL;
  }

  AgonIsmcts *is = g_new0(AgonIsmcts, 1);
  is->game = agon_game_ref((AgonGame *) game);
  is->opts = opts;
  is->player = player;
  is->num_players = num_players;
  is->max_actions = max_actions;
  agon__arena_init(&is->arena, sizeof(IsNode), BLOCK_NODES, opts.max_nodes);
  int max_len = agon_game_get_max_history_length(game);
  is->views = g_string_sized_new(256);
  is->view_start = g_new(gsize, max_len + 2);
  is->own = g_new(AgonAction, max_len + 1);
  is->own_view = g_new(int, max_len + 1);
  gsize state_size = agon_game_get_state_size(game);
  is->initial = agon_state_init_initial(game, g_malloc(state_size));
  is->det = g_malloc(state_size);
  is->trial = g_malloc(state_size);
  is->buf = g_string_sized_new(256);
  is->actions = g_new(AgonAction, max_actions);
  is->pool = g_new(AgonAction, max_actions);
  is->weights = g_new(double, max_actions);
  is->outcomes = g_new(AgonChanceOutcome, MAX(1, agon_game_get_max_chance_outcomes(game)));
  is->returns = g_new(double, num_players);
  is->path = g_new(IsNode *, max_len + 1);
  agon__arena_reset(&is->arena);
  is->root = node_alloc(&is->arena, 1);
  return is;
}

void
agon_ismcts_free(AgonIsmcts *ismcts)
{
  if (ismcts == NULL)
    return;
  agon__arena_clear(&ismcts->arena);
  g_string_free(ismcts->views, TRUE);
  g_free(ismcts->view_start);
  g_free(ismcts->own);
  g_free(ismcts->own_view);
  g_free(ismcts->initial);
  g_free(ismcts->det);
  g_free(ismcts->trial);
  g_string_free(ismcts->buf, TRUE);
  g_free(ismcts->actions);
  g_free(ismcts->pool);
  g_free(ismcts->weights);
  g_free(ismcts->outcomes);
  g_free(ismcts->returns);
  g_free(ismcts->path);
  agon_game_unref(ismcts->game);
  g_free(ismcts);
}

int
agon_ismcts_get_player(const AgonIsmcts *ismcts)
{
  g_return_val_if_fail(ismcts != NULL, -1);
  return ismcts->player;
}

/* ---- What the searcher knows ------------------------------------------------- */

/* Replays @state's history, keeping the searcher's views and own actions
 * only (see DETERMINIZATION). */
static void
record_views(AgonIsmcts *is, const AgonState *state)
{
  int len;
  const AgonAction *history = agon_state_get_history(state, &len);
  AgonState *s = is->trial;
  agon_state_copy(s, is->initial);
  GString *views = is->views;
  g_string_truncate(views, 0);
  agon_state_information_state_string(s, is->player, views);
  is->view_start[0] = 0;
  is->view_start[1] = views->len;
  is->num_views = 1;
  is->num_own = 0;
  for (int i = 0; i < len; i++) {
    if (agon_state_current_player(s) == is->player) {
      is->own[is->num_own] = history[i];
      is->own_view[is->num_own++] = is->num_views - 1;
    }
    agon_state_apply(s, history[i]);
    gsize start = views->len;
    agon_state_information_state_string(s, is->player, views);
    gsize prev = is->view_start[is->num_views - 1];
    if (views->len - start == start - prev
        && memcmp(views->str + start, views->str + prev, start - prev) == 0) {
      g_string_truncate(views, start); /* the same view: drop the repeat */
    } else {
      is->view_start[++is->num_views] = views->len;
    }
  }
}

/* Whether the searcher's string of is->trial is view @k. */
static inline gboolean
is_view(const AgonIsmcts *is, int k)
{
  gsize start = is->view_start[k], n = is->view_start[k + 1] - start;
  return is->buf->len == n && memcmp(is->buf->str, is->views->str + start, n) == 0;
}

/* Applies @action to a copy of is->det in is->trial; returns the view
 * index the searcher then has (@k or @k + 1), or -1 if neither. */
static int
try_step(AgonIsmcts *is, AgonAction action, int k)
{
  agon_state_copy(is->trial, is->det);
  agon_state_apply(is->trial, action);
  g_string_truncate(is->buf, 0);
  agon_state_information_state_string(is->trial, is->player, is->buf);
  if (is_view(is, k))
    return k;
  if (k + 1 < is->num_views && is_view(is, k + 1))
    return k + 1;
  return -1;
}

static inline void
take_trial(AgonIsmcts *is)
{
  AgonState *t = is->det;
  is->det = is->trial;
  is->trial = t;
}

/* Draws among the @n candidates in is->pool (weights in is->weights, or
 * uniform when @weighted is FALSE) without replacement until one keeps
 * the searcher's view; applies it. Returns the new view index or -1. */
static int
draw_step(AgonIsmcts *is, int n, gboolean weighted, int k, AgonRng *rng)
{
  AgonAction *pool = is->pool;
  double *w = is->weights;
  double total = 0;
  if (weighted)
    for (int i = 0; i < n; i++)
      total += w[i];
  while (n > 0) {
    int pick = n - 1;
    if (weighted) {
      double u = agon_rng_uniform(rng) * total;
      for (int i = 0; i < n - 1; i++) {
        u -= w[i];
        if (u < 0) {
          pick = i;
          break;
        }
      }
    } else {
      pick = (int) agon_rng_below(rng, (guint32) n);
    }
    int next = try_step(is, pool[pick], k);
    if (next >= 0) {
      take_trial(is);
      return next;
    }
    n--;
    if (weighted) {
      total -= w[pick];
      w[pick] = w[n];
    }
    pool[pick] = pool[n];
  }
  return -1;
}

/* One attempt at a determinization into is->det; FALSE on a dead end. */
static gboolean
sample_once(AgonIsmcts *is, AgonRng *rng)
{
  agon_state_copy(is->det, is->initial);
  int last = is->num_views - 1;
  int k = 0, j = 0;
  for (;;) {
    int player = agon_state_current_player(is->det);
    if (player == is->player) {
      if (k == last)
        return TRUE;
      if (j == is->num_own || is->own_view[j] != k || !agon_state_is_legal(is->det, is->own[j]))
        return FALSE;
      k = try_step(is, is->own[j++], k);
      if (k < 0)
        return FALSE;
      take_trial(is);
    } else if (player == AGON_PLAYER_CHANCE) {
      int n = agon_state_chance_outcomes(is->det, is->outcomes);
      for (int i = 0; i < n; i++) {
        is->pool[i] = is->outcomes[i].action;
        is->weights[i] = is->outcomes[i].probability;
      }
      k = draw_step(is, n, TRUE, k, rng);
      if (k < 0)
        return FALSE;
    } else if (player >= 0) {
      int n = agon_state_legal_actions(is->det, is->pool);
      k = draw_step(is, n, FALSE, k, rng);
      if (k < 0)
        return FALSE;
    } else {
      return FALSE; /* terminal before the searcher's view was reached */
    }
  }
}

/* Samples is->det, counting attempts; FALSE with @error after
 * max_attempts. */
static gboolean
sample(AgonIsmcts *is, AgonRng *rng, GError **error)
{
  for (gint64 a = 0; a < is->opts.max_attempts; a++) {
    is->last_attempts++;
    if (G_LIKELY(sample_once(is, rng)))
      return TRUE;
  }
  g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
              "%s: no history consistent with player %d's information found in %" G_GINT64_FORMAT
              " attempts (raise max_attempts)",
              agon_game_get_string(is->game), is->player, is->opts.max_attempts);
  return FALSE;
}

static gboolean
same_game(const AgonIsmcts *is, const AgonState *state)
{
  const AgonGame *g = agon_state_get_game(state);
  return g == is->game || g_str_equal(agon_game_get_string(g), agon_game_get_string(is->game));
}

gboolean
agon_ismcts_determinize(AgonIsmcts *ismcts, const AgonState *state, AgonState *out,
                        AgonRng *rng, GError **error)
{
  g_return_val_if_fail(ismcts != NULL && state != NULL && out != NULL && rng != NULL, FALSE);
  g_return_val_if_fail(same_game(ismcts, state), FALSE);
  record_views(ismcts, state);
  ismcts->last_attempts = 0;
  /* A sample ends when the searcher is to move in its last view; with
   * another player to move it could not know how many unseen steps to add. */
  g_return_val_if_fail(agon_state_current_player(state) == ismcts->player, FALSE);
  if (!sample(ismcts, rng, error))
    return FALSE;
  agon_state_copy(out, ismcts->det);
  return TRUE;
}

/* ---- Simulations ------------------------------------------------------------ */

/* Plays uniformly random moves (chance by its probabilities) from @state
 * to the end and writes the returns. */
static void
rollout(AgonIsmcts *is, AgonState *state, AgonRng *rng)
{
  for (;;) {
    int player = agon_state_current_player(state);
    if (G_UNLIKELY(player < 0)) {
      if (player == AGON_PLAYER_TERMINAL)
        break;
      agon_state_apply(state, agon_state_sample_chance(state, rng));
      continue;
    }
    int n = agon_state_legal_actions(state, is->actions);
    agon_state_apply(state, is->actions[agon_rng_below(rng, (guint32) n)]);
  }
  agon_state_returns(state, is->returns);
}

/* The child to take at decision node @node (children allocated) in
 * @state: bumps the availability of every legal child, then an untried
 * legal child at random, else the best availability-UCB score. */
static AgonAction
select_action(AgonIsmcts *is, IsNode *node, const AgonState *state, AgonRng *rng)
{
  AgonAction *actions = is->actions;
  int n = agon_state_legal_actions(state, actions);
  IsNode *kids = node->children;
  int untried = 0;
  for (int i = 0; i < n; i++) {
    IsNode *k = &kids[actions[i]];
    k->avail++;
    if (k->visits == 0)
      is->pool[untried++] = actions[i];
  }
  if (untried > 0)
    return is->pool[agon_rng_below(rng, (guint32) untried)];
  double c = is->opts.uct_c;
  AgonAction best = actions[0];
  double best_score = -INFINITY;
  for (int i = 0; i < n; i++) {
    const IsNode *k = &kids[actions[i]];
    double inv = 1.0 / k->visits;
    double score = k->value_sum * inv + c * sqrt(log((double) k->avail) * inv);
    if (score > best_score) {
      best_score = score;
      best = actions[i];
    }
  }
  return best;
}

static void
simulate(AgonIsmcts *is, AgonRng *rng)
{
  AgonState *state = is->det;
  IsNode **path = is->path;
  IsNode *node = is->root;
  int depth = 0;
  path[0] = node;
  for (;;) {
    int player = agon_state_current_player(state);
    if (player == AGON_PLAYER_TERMINAL) {
      agon_state_returns(state, is->returns);
      break;
    }
    /* A new node is evaluated on its first visit; the root never is. */
    if (depth > 0 && node->visits == 0) {
      rollout(is, state, rng);
      break;
    }
    if (node->mover == MOVER_UNSET)
      node->mover = (gint8) player;
    if (G_UNLIKELY(node->mover != player)) {
      rollout(is, state, rng);
      break;
    }
    if (node->children == NULL
        && (node->children = node_alloc(&is->arena, (gsize) is->max_actions)) == NULL) {
      rollout(is, state, rng); /* the node budget is spent */
      break;
    }
    AgonAction a = player == AGON_PLAYER_CHANCE ? agon_state_sample_chance(state, rng)
                                                : select_action(is, node, state, rng);
    agon_state_apply(state, a);
    node = &node->children[a];
    path[++depth] = node;
  }
  const double *ret = is->returns;
  path[0]->visits++;
  path[0]->value_sum += ret[is->player];
  for (int i = 1; i <= depth; i++) {
    IsNode *nd = path[i];
    int mover = path[i - 1]->mover;
    nd->visits++;
    nd->value_sum += ret[mover >= 0 ? mover : is->player];
  }
}

AgonAction
agon_ismcts_search(AgonIsmcts *ismcts, const AgonState *state, AgonRng *rng, GError **error)
{
  g_return_val_if_fail(ismcts != NULL && state != NULL && rng != NULL, -1);
  g_return_val_if_fail(same_game(ismcts, state), -1);
  g_return_val_if_fail(agon_state_current_player(state) == ismcts->player, -1);
  AgonIsmcts *is = ismcts;
  is->last_simulations = 0;
  is->last_attempts = 0;
  agon__arena_reset(&is->arena);
  is->root = node_alloc(&is->arena, 1); /* max_nodes >= 1 + max_actions */
  record_views(is, state);
  for (gint64 s = 0; s < is->opts.simulations; s++) {
    if (!sample(is, rng, error))
      return -1;
    simulate(is, rng);
    is->last_simulations++;
  }
  /* The searcher's legal moves are its own information. */
  int n = agon_state_legal_actions(state, is->actions);
  const IsNode *kids = is->root->children;
  AgonAction best = is->actions[0];
  if (kids == NULL)
    return best;
  for (int i = 1; i < n; i++) {
    const IsNode *a = &kids[is->actions[i]], *b = &kids[best];
    double ma = a->visits ? a->value_sum / a->visits : -INFINITY;
    double mb = b->visits ? b->value_sum / b->visits : -INFINITY;
    if (a->visits > b->visits || (a->visits == b->visits && ma > mb))
      best = is->actions[i];
  }
  return best;
}

/* ---- Statistics ----------------------------------------------------------------- */

int
agon_ismcts_root_visits(const AgonIsmcts *ismcts, AgonAction *actions, double *visits)
{
  g_return_val_if_fail(ismcts != NULL, 0);
  const IsNode *kids = ismcts->root->children;
  int n = 0;
  for (int a = 0; kids != NULL && a < ismcts->max_actions; a++) {
    if (kids[a].visits == 0)
      continue;
    if (actions != NULL)
      actions[n] = a;
    if (visits != NULL)
      visits[n] = kids[a].visits;
    n++;
  }
  return n;
}

double
agon_ismcts_root_value(const AgonIsmcts *ismcts)
{
  g_return_val_if_fail(ismcts != NULL, 0);
  const IsNode *root = ismcts->root;
  return root->visits ? root->value_sum / root->visits : 0;
}

gint64
agon_ismcts_get_num_simulations(const AgonIsmcts *ismcts)
{
  g_return_val_if_fail(ismcts != NULL, 0);
  return ismcts->last_simulations;
}

gint64
agon_ismcts_get_num_attempts(const AgonIsmcts *ismcts)
{
  g_return_val_if_fail(ismcts != NULL, 0);
  return ismcts->last_attempts;
}

gint64
agon_ismcts_get_num_nodes(const AgonIsmcts *ismcts)
{
  g_return_val_if_fail(ismcts != NULL, 0);
  return ismcts->arena.used;
}
