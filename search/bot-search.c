/* agon: the search bots, mcts, alphabeta and ismcts.
 *
 * mcts and alphabeta see the whole state, so both refuse games with
 * imperfect information; ismcts is the searcher for those, and reads only
 * what its player knows (the information contract of ismcts.h). The mcts bot keeps one
 * AgonMcts for its life and reuses the tree: at each step it compares the
 * search's root history with the state's and, when the root is a prefix,
 * walks the tree down the moves played since (agon_mcts_advance keeps the
 * subtree below each); otherwise (a new game, a state from elsewhere) it
 * sets the root afresh. Matching histories rather than trusting inform()
 * keeps the bot right even when a caller skips informing it. The alphabeta
 * bot is stateless: one agon_minimax_search per move. */
#include "search/bot-private.h"

#include <string.h>

/* ---- mcts ---------------------------------------------------------------- */

typedef struct {
  AgonBot bot;
  AgonMcts *mcts;
} MctsBot;

static gboolean
need_perfect_information(AgonBot *bot, GError **error)
{
  if (agon_game_get_type(bot->game)->information == AGON_INFORMATION_PERFECT)
    return TRUE;
  g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
              "%s: the %s bot needs perfect information (for hidden information use ismcts)",
              agon_game_get_string(bot->game), bot->klass->name);
  return FALSE;
}

static gboolean
mcts_init(AgonBot *bot, const AgonParams *params, GError **error)
{
  MctsBot *self = (MctsBot *) bot;
  if (!need_perfect_information(bot, error))
    return FALSE;
  AgonMctsOptions options;
  if (!agon_mcts_options_parse(bot->spec, &options, error))
    return FALSE;
  if (options.seed != 0)
    agon_rng_init(&bot->rng, options.seed);
  self->mcts = agon_mcts_new(bot->game, &options, error);
  return self->mcts != NULL;
}

/* Brings the search's root to @state, keeping what it can of the tree. */
static void
mcts_sync(MctsBot *self, const AgonState *state)
{
  int root_len = 0, len = 0;
  const AgonAction *root_history = agon_state_get_history(agon_mcts_get_root(self->mcts),
                                                          &root_len);
  const AgonAction *history = agon_state_get_history(state, &len);
  if (root_len <= len && memcmp(root_history, history, sizeof(AgonAction) * root_len) == 0) {
    int i = root_len;
    while (i < len && agon_mcts_advance(self->mcts, history[i], NULL))
      i++;
    if (i == len)
      return;
  }
  agon_mcts_set_root(self->mcts, state);
}

static AgonAction
mcts_step(AgonBot *bot, const AgonState *state, GError **error)
{
  MctsBot *self = (MctsBot *) bot;
  mcts_sync(self, state);
  return agon_mcts_search(self->mcts, &bot->rng);
}

/* Visit counts as shares of their total; 0 entries when nothing was
 * visited. */
static int
visit_shares(int n, double *visits)
{
  double total = 0;
  for (int i = 0; i < n; i++)
    total += visits[i];
  if (total <= 0)
    return 0;
  for (int i = 0; i < n; i++)
    visits[i] /= total;
  return n;
}

static int
mcts_search_policy(const AgonBot *bot, AgonAction *actions, double *probs)
{
  const MctsBot *self = (const MctsBot *) bot;
  return visit_shares(agon_mcts_root_visits(self->mcts, actions, probs), probs);
}

static void
mcts_restart(AgonBot *bot)
{
  MctsBot *self = (MctsBot *) bot;
  g_autoptr(AgonState) initial = agon_state_new_initial(bot->game);
  agon_mcts_set_root(self->mcts, initial);
}

static void
mcts_finalize(AgonBot *bot)
{
  MctsBot *self = (MctsBot *) bot;
  g_clear_pointer(&self->mcts, agon_mcts_free);
}

const AgonBotClass agon__bot_mcts_class = {
  .name = "mcts",
  .description = "Monte Carlo tree search (perfect information; parameters as agon_mcts_options)",
  .params_ref = &agon__mcts_param_specs, /* the table lives in mcts.c */
  .instance_size = sizeof(MctsBot),
  .init = mcts_init,
  .step = mcts_step,
  .restart = mcts_restart,
  .search_policy = mcts_search_policy,
  .finalize = mcts_finalize,
};

/* ---- alphabeta ----------------------------------------------------------- */

typedef struct {
  AgonBot bot;
  AgonMinimaxOptions options;
  double middle; /* the value of states past the depth limit */
} AlphabetaBot;

static const AgonParamSpec alphabeta_params[] = {
  { "depth", AGON_PARAM_INT, "0", 0, 1000000, "player moves to look ahead (0: to the end)" },
  { NULL },
};

static double
middle_heuristic(const AgonState *state, gpointer user_data)
{
  const AlphabetaBot *self = user_data;
  return self->middle;
}

static gboolean
alphabeta_init(AgonBot *bot, const AgonParams *params, GError **error)
{
  AlphabetaBot *self = (AlphabetaBot *) bot;
  self->options.depth = (int) agon_params_get_int(params, "depth");
  self->options.heuristic = middle_heuristic;
  self->options.user_data = self;
  self->middle = (agon_game_get_min_utility(bot->game) + agon_game_get_max_utility(bot->game)) / 2;
  /* One shallow search from the start makes minimax check the game. */
  AgonMinimaxOptions probe = self->options;
  probe.depth = 1;
  g_autoptr(AgonState) initial = agon_state_new_initial(bot->game);
  double value;
  g_autoptr(GError) inner = NULL;
  if (!agon_minimax_search(initial, &probe, &value, NULL, NULL, &inner)) {
    g_set_error(error, AGON_ERROR, inner->code, "%s: %s", bot->spec, inner->message);
    return FALSE;
  }
  return TRUE;
}

static AgonAction
alphabeta_step(AgonBot *bot, const AgonState *state, GError **error)
{
  AlphabetaBot *self = (AlphabetaBot *) bot;
  double value;
  AgonAction best = -1;
  if (!agon_minimax_search(state, &self->options, &value, &best, NULL, error))
    return -1;
  return best;
}

const AgonBotClass agon__bot_alphabeta_class = {
  .name = "alphabeta",
  .description = "alpha-beta search (two-player zero-sum, perfect information)",
  .params = alphabeta_params,
  .instance_size = sizeof(AlphabetaBot),
  .init = alphabeta_init,
  .step = alphabeta_step,
};

/* ---- ismcts -------------------------------------------------------------- */

typedef struct {
  AgonBot bot;
  AgonIsmcts *ismcts;
} IsmctsBot;

static gboolean
ismcts_init(AgonBot *bot, const AgonParams *params, GError **error)
{
  IsmctsBot *self = (IsmctsBot *) bot;
  AgonIsmctsOptions options;
  /* The class has no table: agon_ismcts_options_parse checks the spec. */
  if (!agon_ismcts_options_parse(bot->spec, &options, error))
    return FALSE;
  if (options.seed != 0)
    agon_rng_init(&bot->rng, options.seed);
  self->ismcts = agon_ismcts_new(bot->game, bot->player, &options, error);
  return self->ismcts != NULL;
}

static AgonAction
ismcts_step(AgonBot *bot, const AgonState *state, GError **error)
{
  IsmctsBot *self = (IsmctsBot *) bot;
  return agon_ismcts_search(self->ismcts, state, &bot->rng, error);
}

static int
ismcts_search_policy(const AgonBot *bot, AgonAction *actions, double *probs)
{
  const IsmctsBot *self = (const IsmctsBot *) bot;
  return visit_shares(agon_ismcts_root_visits(self->ismcts, actions, probs), probs);
}

static void
ismcts_finalize(AgonBot *bot)
{
  IsmctsBot *self = (IsmctsBot *) bot;
  g_clear_pointer(&self->ismcts, agon_ismcts_free);
}

const AgonBotClass agon__bot_ismcts_class = {
  .name = "ismcts",
  .description = "information-set MCTS (imperfect information; parameters as agon_ismcts_options)",
  .instance_size = sizeof(IsmctsBot),
  .init = ismcts_init,
  .step = ismcts_step,
  .search_policy = ismcts_search_policy,
  .finalize = ismcts_finalize,
};
