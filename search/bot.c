/* agon: the bot registry, the calls every bot answers, and the two
 * simplest bots.
 *
 * Every kind is one const AgonBotClass (bot-private.h) listed in the table
 * below, as games are in games/registry.c. agon_bot_new() parses the spec,
 * finds the kind, resolves the parameters against its table (so messages
 * name the parameter and the whole spec) and hands the kind typed values.
 * The header every bot starts with carries the game, the seat, the
 * generator and a legal-action buffer sized once from the game, so that a
 * step allocates nothing for the simple kinds. The search kinds (mcts,
 * alphabeta, ismcts) live in bot-search.c, the policy kinds in bot-policy.c, the human in
 * bot-human.c. */
#include "search/bot-private.h"

#include <string.h>

const AgonBotClass *const agon__bot_classes[] = {
  &agon__bot_random_class,
  &agon__bot_first_class,
  &agon__bot_mcts_class,
  &agon__bot_alphabeta_class,
  &agon__bot_ismcts_class,
  &agon__bot_policy_class,
  &agon__bot_solver_class,
  &agon__bot_human_class,
  NULL,
};

static const AgonBotClass *
lookup(const char *name)
{
  for (const AgonBotClass *const *k = agon__bot_classes; *k; k++)
    if (strcmp((*k)->name, name) == 0)
      return *k;
  return NULL;
}

static const AgonParamSpec no_params[] = { { NULL } };

/* The kind's parameters, or NULL when it checks its own spec. */
static const AgonParamSpec *
class_params(const AgonBotClass *klass)
{
  if (klass->params != NULL)
    return klass->params;
  return klass->params_ref != NULL ? *klass->params_ref : NULL;
}

const char *const *
agon_bot_list_names(void)
{
  static const char **names;
  if (g_once_init_enter(&names)) {
    gsize n = G_N_ELEMENTS(agon__bot_classes) - 1;
    const char **list = g_new0(const char *, n + 1);
    for (gsize i = 0; i < n; i++)
      list[i] = agon__bot_classes[i]->name;
    g_once_init_leave(&names, list);
  }
  return names;
}

const char *
agon_bot_lookup_description(const char *name)
{
  g_return_val_if_fail(name != NULL, NULL);
  const AgonBotClass *klass = lookup(name);
  return klass ? klass->description : NULL;
}

const AgonParamSpec *
agon_bot_lookup_param_specs(const char *name)
{
  g_return_val_if_fail(name != NULL, NULL);
  const AgonBotClass *klass = lookup(name);
  if (klass == NULL)
    return NULL;
  return class_params(klass) ? class_params(klass) : no_params;
}

/* ---- Creation ------------------------------------------------------------ */

AgonBot *
agon_bot_new(const AgonGame *game, int player, const char *spec, guint64 seed, GError **error)
{
  g_return_val_if_fail(game != NULL && spec != NULL, NULL);
  int n_players = agon_game_get_num_players(game);
  if (player < 0 || player >= n_players) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: player %d is not a seat of %s (0..%d)", spec, player,
                agon_game_get_string(game), n_players - 1);
    return NULL;
  }
  g_autoptr(AgonParams) parsed = agon_params_parse(spec, error);
  if (parsed == NULL)
    return NULL;
  const char *name = agon_params_get_name(parsed);
  const AgonBotClass *klass = lookup(name);
  if (klass == NULL) {
    g_autoptr(GString) known = g_string_new(NULL);
    for (const AgonBotClass *const *k = agon__bot_classes; *k; k++)
      g_string_append_printf(known, " %s", (*k)->name);
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME, "unknown bot '%s'; known bots:%s",
                name, known->str);
    return NULL;
  }
  const AgonParamSpec *specs = class_params(klass);
  g_autoptr(AgonParams) resolved = specs ? agon_params_resolve(parsed, specs, error)
                                         : agon_params_copy(parsed);
  if (resolved == NULL)
    return NULL;

  AgonBot *bot = g_malloc0(klass->instance_size);
  bot->klass = klass;
  bot->game = agon_game_ref((AgonGame *) game);
  bot->player = player;
  /* "random" rather than "random()" for a kind without parameters. */
  bot->spec = agon_params_get_size(resolved) ? agon_params_to_string(resolved) : g_strdup(name);
  agon_rng_init(&bot->rng, seed);
  bot->actions = g_new(AgonAction, agon_game_get_max_actions(game));
  bot->scratch = g_string_new(NULL);
  if (klass->init != NULL && !klass->init(bot, resolved, error)) {
    agon_bot_free(bot);
    return NULL;
  }
  return bot;
}

AgonBot *
agon_bot_new_human(const AgonGame *game, int player, FILE *in, FILE *out, GError **error)
{
  g_return_val_if_fail(game != NULL && in != NULL && out != NULL, NULL);
  AgonBot *bot = agon_bot_new(game, player, "human", 0, error);
  if (bot != NULL)
    agon__bot_human_set_streams(bot, in, out);
  return bot;
}

void
agon_bot_free(AgonBot *bot)
{
  if (bot == NULL)
    return;
  if (bot->klass->finalize != NULL)
    bot->klass->finalize(bot);
  agon_game_unref(bot->game);
  g_free(bot->spec);
  g_free(bot->actions);
  g_string_free(bot->scratch, TRUE);
  g_free(bot);
}

/* ---- Playing ------------------------------------------------------------- */

AgonAction
agon_bot_step(AgonBot *bot, const AgonState *state, GError **error)
{
  g_return_val_if_fail(bot != NULL && state != NULL, -1);
  g_return_val_if_fail(agon_state_get_game(state) == bot->game
                       || strcmp(agon_game_get_string(agon_state_get_game(state)),
                                 agon_game_get_string(bot->game)) == 0, -1);
  int current = agon_state_current_player(state);
  g_return_val_if_fail(current == bot->player || current == AGON_PLAYER_SIMULTANEOUS, -1);
  return bot->klass->step(bot, state, error);
}

void
agon_bot_inform(AgonBot *bot, const AgonState *state, int player, AgonAction action)
{
  g_return_if_fail(bot != NULL && state != NULL);
  if (bot->klass->inform != NULL)
    bot->klass->inform(bot, state, player, action);
}

void
agon_bot_restart(AgonBot *bot)
{
  g_return_if_fail(bot != NULL);
  if (bot->klass->restart != NULL)
    bot->klass->restart(bot);
}

void
agon_bot_set_seed(AgonBot *bot, guint64 seed)
{
  g_return_if_fail(bot != NULL);
  agon_rng_init(&bot->rng, seed);
}

int
agon_bot_get_search_policy(const AgonBot *bot, AgonAction *actions, double *probs)
{
  g_return_val_if_fail(bot != NULL && actions != NULL && probs != NULL, 0);
  if (bot->klass->search_policy == NULL)
    return 0;
  return bot->klass->search_policy(bot, actions, probs);
}

const char *
agon_bot_get_spec(const AgonBot *bot)
{
  g_return_val_if_fail(bot != NULL, NULL);
  return bot->spec;
}

int
agon_bot_get_player(const AgonBot *bot)
{
  g_return_val_if_fail(bot != NULL, -1);
  return bot->player;
}

/* ---- Helpers for the kinds ----------------------------------------------- */

int
agon__bot_legal_actions(AgonBot *bot, const AgonState *state)
{
  return agon_state_player_legal_actions(state, bot->player, bot->actions);
}

int
agon__bot_sample(AgonBot *bot, const double *weights, int n)
{
  double total = 0;
  for (int i = 0; i < n; i++)
    total += weights[i];
  double x = agon_rng_uniform(&bot->rng) * total;
  int last = -1;
  for (int i = 0; i < n; i++) {
    if (weights[i] <= 0)
      continue;
    last = i;
    if (x < weights[i])
      return i;
    x -= weights[i];
  }
  g_assert(last >= 0);
  return last; /* rounding left x at the very top */
}

/* ---- random and first ---------------------------------------------------- */

static AgonAction
random_step(AgonBot *bot, const AgonState *state, GError **error)
{
  int n = agon__bot_legal_actions(bot, state);
  g_assert(n > 0);
  return bot->actions[agon_rng_below(&bot->rng, (guint32) n)];
}

const AgonBotClass agon__bot_random_class = {
  .name = "random",
  .description = "uniformly random legal actions",
  .params = no_params,
  .instance_size = sizeof(AgonBot),
  .step = random_step,
};

static AgonAction
first_step(AgonBot *bot, const AgonState *state, GError **error)
{
  int n = agon__bot_legal_actions(bot, state);
  g_assert(n > 0);
  return bot->actions[0];
}

const AgonBotClass agon__bot_first_class = {
  .name = "first",
  .description = "always the lowest legal action",
  .params = no_params,
  .instance_size = sizeof(AgonBot),
  .step = first_step,
};
