/* agon: the bots that play a fixed policy, policy and solver.
 *
 * Both end up holding an AgonPolicy over a compiled tree: policy(file=...)
 * loads one (information sets missing from the file play uniformly, so
 * MCCFR's partial files work), solver(name=...,iterations=...) compiles the
 * game, runs the solver once when the bot is created and keeps its average
 * policy. A step looks up the bot's player's information-state string in
 * the tree (a hash lookup, once per move) and samples the information
 * set's slots with the bot's generator: the bot never looks at anything
 * its player cannot see. */
#include "search/bot-private.h"

typedef struct {
  AgonBot bot;
  AgonPolicy *policy;
  AgonTree *tree; /* the policy's, borrowed */
} PolicyBot;

static gboolean
need_information_states(AgonBot *bot, GError **error)
{
  if (agon_game_get_type(bot->game)->provides_information_state_string)
    return TRUE;
  g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
              "%s: %s gives no information-state strings to look policies up by", bot->spec,
              agon_game_get_string(bot->game));
  return FALSE;
}

static AgonAction
policy_step(AgonBot *bot, const AgonState *state, GError **error)
{
  PolicyBot *self = (PolicyBot *) bot;
  g_string_truncate(bot->scratch, 0);
  agon_state_information_state_string(state, bot->player, bot->scratch);
  int infoset = agon_tree_lookup_infoset(self->tree, bot->player, bot->scratch->str);
  if (infoset < 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: the policy has no information set '%s' for player %d", bot->spec,
                bot->scratch->str, bot->player);
    return -1;
  }
  int n = agon_tree_infoset_num_actions(self->tree, infoset);
  const double *probs = agon_policy_get_probs(self->policy)
                        + agon_tree_infoset_offset(self->tree, infoset);
  return agon_tree_infoset_actions(self->tree, infoset)[agon__bot_sample(bot, probs, n)];
}

static void
policy_finalize(AgonBot *bot)
{
  PolicyBot *self = (PolicyBot *) bot;
  g_clear_pointer(&self->policy, agon_policy_unref);
}

/* ---- policy ---------------------------------------------------------------- */

static const AgonParamSpec policy_params[] = {
  { "file", AGON_PARAM_STRING, NULL, 0, 0, "a policy file (agon solve -o)" },
  { NULL },
};

static gboolean
policy_init(AgonBot *bot, const AgonParams *params, GError **error)
{
  PolicyBot *self = (PolicyBot *) bot;
  if (!need_information_states(bot, error))
    return FALSE;
  /* Loading against the bot's own compiled game checks that the file is
   * of that game. */
  g_autoptr(AgonTree) tree = agon_tree_new(bot->game, 0, error);
  if (tree == NULL)
    return FALSE;
  self->policy = agon_policy_load(agon_params_get_string(params, "file"), tree,
                                  AGON_POLICY_LOAD_FILL_UNIFORM, error);
  if (self->policy == NULL)
    return FALSE;
  self->tree = agon_policy_get_tree(self->policy);
  return TRUE;
}

const AgonBotClass agon__bot_policy_class = {
  .name = "policy",
  .description = "samples a saved policy",
  .params = policy_params,
  .instance_size = sizeof(PolicyBot),
  .init = policy_init,
  .step = policy_step,
  .finalize = policy_finalize,
};

/* ---- solver ---------------------------------------------------------------- */

static const AgonParamSpec solver_params[] = {
  { "name", AGON_PARAM_GAME, "cfr+", 0, 0, "the solver spec, as agon solve --solver" },
  { "iterations", AGON_PARAM_INT, "1000", 0, 1e12, "iterations run when the bot is created" },
  { "max_nodes", AGON_PARAM_INT, "0", 0, 1e15, "tree node limit (0: the default)" },
  { NULL },
};

static gboolean
solver_init(AgonBot *bot, const AgonParams *params, GError **error)
{
  PolicyBot *self = (PolicyBot *) bot;
  if (!need_information_states(bot, error))
    return FALSE;
  g_autoptr(AgonTree) tree = agon_tree_new(bot->game, agon_params_get_int(params, "max_nodes"),
                                           error);
  if (tree == NULL)
    return FALSE;
  g_autoptr(GError) inner = NULL;
  g_autoptr(AgonSolver) solver = agon_solver_new(tree, agon_params_get_string(params, "name"),
                                                 &inner);
  if (solver == NULL) {
    /* A bad solver spec is a bad value of the bot's parameter. */
    int code = inner->code;
    if (code == AGON_ERROR_PARSE || code == AGON_ERROR_UNKNOWN_NAME
        || code == AGON_ERROR_UNKNOWN_PARAMETER)
      code = AGON_ERROR_INVALID_VALUE;
    g_set_error(error, AGON_ERROR, code, "%s: %s", bot->spec, inner->message);
    return FALSE;
  }
  agon_solver_iterate(solver, agon_params_get_int(params, "iterations"));
  self->policy = agon_solver_get_average_policy(solver);
  self->tree = agon_policy_get_tree(self->policy);
  return TRUE;
}

const AgonBotClass agon__bot_solver_class = {
  .name = "solver",
  .description = "runs a solver when created, then samples its average policy",
  .params = solver_params,
  .instance_size = sizeof(PolicyBot),
  .init = solver_init,
  .step = policy_step,
  .finalize = policy_finalize,
};
