/* agon: a simultaneous-move game played in turns, as OpenSpiel's
 * turn_based_simultaneous_game(game=...) transform defines it.
 *
 * At each simultaneous node of the wrapped game the players choose one
 * after the other, in seat order, skipping any player without a legal
 * action; nobody is told the choices made before theirs, and once the last
 * player has chosen, the joint action is applied. Chance nodes and nodes
 * where one player moves pass through unchanged. The game keeps the wrapped
 * game's type, sizes and returns, except that it is sequential with
 * imperfect information, a play takes num_players times as many moves, and
 * no reward arrives in the middle of a round of choices. Information-state
 * and observation strings start with "Current player: p" and, for a player
 * who has already chosen in this round, "Observer's action this turn: a";
 * the tensors start with one-hots of the player to move and the observer.
 *
 * The payload is the wrapped game's payload followed by the round's
 * choices, so the wrapped game's callbacks run on it unchanged. */
#include "games/games-private.h"

#include <string.h>

#define ALIGN8(n) (((n) + 7u) & ~(gsize) 7u)

/* Where a round of choices stands (OpenSpiel's rollout modes). */
enum { NO_ROUND, ROUND_START, ROUND_MID };

typedef struct {
  gint16 player; /* to move: a player, chance or terminal */
  gint8 round;   /* NO_ROUND, ROUND_START or ROUND_MID */
  gint8 pad;
  AgonAction choices[]; /* this round's choices so far, one per player */
} TurnsRound;

typedef struct {
  AgonGame *inner;
  char *long_name;
  gsize round_offset; /* where TurnsRound starts in the payload */
} TurnsConfig;

static const AgonParamSpec turns_params[] = {
  { "game", AGON_PARAM_GAME, NULL, 0, 0, "the simultaneous-move game to play in turns" },
  { NULL },
};

static inline TurnsRound *
turns_round(const TurnsConfig *c, void *st)
{
  return (TurnsRound *) ((char *) st + c->round_offset);
}

static inline const TurnsRound *
turns_round_const(const TurnsConfig *c, const void *st)
{
  return (const TurnsRound *) ((const char *) st + c->round_offset);
}

static void
turns_finalize(AgonGame *game)
{
  TurnsConfig *c = game->data;
  if (c == NULL)
    return;
  agon_game_unref(c->inner);
  g_free(c->long_name);
  g_free(c);
}

static gboolean
turns_init(AgonGame *game, const AgonParams *params, GError **error)
{
  AgonGame *inner = agon_game_new(agon_params_get_string(params, "game"), error);
  if (inner == NULL)
    return FALSE;
  if (inner->type.dynamics != AGON_DYNAMICS_SIMULTANEOUS) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: game must be a simultaneous-move game, and %s is not", game->string,
                inner->string);
    agon_game_unref(inner);
    return FALSE;
  }
  TurnsConfig *c = g_new0(TurnsConfig, 1);
  game->data = c;
  c->inner = inner;
  c->long_name = g_strconcat("Turn-based ", inner->type.long_name, NULL);
  c->round_offset = ALIGN8(inner->payload_size);

  game->type = inner->type;
  game->type.short_name = game->klass->type.short_name;
  game->type.long_name = c->long_name;
  game->type.dynamics = AGON_DYNAMICS_SEQUENTIAL;
  game->type.information = AGON_INFORMATION_IMPERFECT;
  int n = inner->num_players;
  game->num_players = n;
  game->num_distinct_actions = inner->num_distinct_actions;
  game->max_chance_outcomes = inner->max_chance_outcomes;
  game->max_game_length = inner->max_game_length * n;
  game->max_chance_nodes = inner->max_chance_nodes;
  game->min_utility = inner->min_utility;
  game->max_utility = inner->max_utility;
  game->utility_sum = inner->utility_sum;
  game->payload_size = c->round_offset + sizeof(TurnsRound) + sizeof(AgonAction) * (gsize) n;
  /* The player to move and the observer, one-hot, then the wrapped
   * game's tensor, flattened. */
  gsize info = agon_game_get_information_state_tensor_size(inner);
  gsize obs = agon_game_get_observation_tensor_size(inner);
  if (info > 0)
    game->info_state_shape = agon__shape(1, 2 * n + (int) info, 0, 0);
  if (obs > 0)
    game->observation_shape = agon__shape(1, 2 * n + (int) obs, 0, 0);
  return TRUE;
}

/* Moves the turn to the next player with a legal action in this round
 * (num_players when all have chosen). */
static void
turns_next_chooser(const AgonGame *inner, const void *st, TurnsRound *r)
{
  AgonAction actions[inner->max_actions];
  int p = r->player + 1;
  for (; p < inner->num_players; p++) {
    if (inner->klass->legal_actions(inner, st, p, actions) > 0)
      break;
    r->choices[p] = 0; /* as OpenSpiel, for its picture */
  }
  r->player = (gint16) p;
}

/* Who moves now that the wrapped game has reached a new node, where
 * @player is to move. */
static void
turns_settle(const AgonGame *inner, const void *st, TurnsRound *r, int player)
{
  if (player == AGON_PLAYER_SIMULTANEOUS) {
    r->player = -1;
    r->round = ROUND_START;
    turns_next_chooser(inner, st, r);
  } else {
    r->player = (gint16) player;
    r->round = NO_ROUND;
  }
}

static void
turns_initial(const AgonGame *game, void *st)
{
  const TurnsConfig *c = game->data;
  c->inner->klass->initial(c->inner, st);
  turns_settle(c->inner, st, turns_round(c, st), c->inner->klass->current_player(c->inner, st));
}

static int
turns_current_player(const AgonGame *game, const void *st)
{
  const TurnsConfig *c = game->data;
  return turns_round_const(c, st)->player;
}

static int
turns_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const TurnsConfig *c = game->data;
  return c->inner->klass->legal_actions(c->inner, st, player, out);
}

static int
turns_chance_outcomes(const AgonGame *game, const void *st, AgonChanceOutcome *out)
{
  const TurnsConfig *c = game->data;
  return c->inner->klass->chance_outcomes(c->inner, st, out);
}

static AgonAction
turns_sample_chance(const AgonGame *game, const void *st, AgonRng *rng)
{
  const TurnsConfig *c = game->data;
  const AgonGame *inner = c->inner;
  if (inner->klass->sample_chance)
    return inner->klass->sample_chance(inner, st, rng);
  /* The wrapped game has no fast path: scan its outcome list. */
  AgonChanceOutcome outcomes[inner->max_chance_outcomes];
  int n = inner->klass->chance_outcomes(inner, st, outcomes);
  double u = agon_rng_uniform(rng);
  for (int i = 0; i < n - 1; i++) {
    u -= outcomes[i].probability;
    if (u < 0)
      return outcomes[i].action;
  }
  return outcomes[n - 1].action;
}

static int
turns_apply(const AgonGame *game, void *st, AgonAction action)
{
  const TurnsConfig *c = game->data;
  const AgonGame *inner = c->inner;
  TurnsRound *r = turns_round(c, st);
  if (r->round == NO_ROUND) {
    turns_settle(inner, st, r, inner->klass->apply(inner, st, action));
    return r->player;
  }
  r->round = ROUND_MID;
  r->choices[r->player] = action;
  turns_next_chooser(inner, st, r);
  if (r->player == inner->num_players)
    turns_settle(inner, st, r, inner->klass->apply_joint(inner, st, r->choices));
  return r->player;
}

static void
turns_returns(const AgonGame *game, const void *st, double *out)
{
  const TurnsConfig *c = game->data;
  c->inner->klass->returns(c->inner, st, out);
}

/* The wrapped game's rewards, except in the middle of a round. */
static void
turns_rewards(const AgonGame *game, const void *st, double *out)
{
  const TurnsConfig *c = game->data;
  const AgonGame *inner = c->inner;
  const TurnsRound *r = turns_round_const(c, st);
  if (r->round != ROUND_MID && inner->klass->rewards) {
    inner->klass->rewards(inner, st, out);
    return;
  }
  if (r->round != ROUND_MID && r->player == AGON_PLAYER_TERMINAL) {
    inner->klass->returns(inner, st, out);
    return;
  }
  for (int p = 0; p < game->num_players; p++)
    out[p] = 0;
}

/* "Current player: p\n", and the observer's choice once made. */
static void
turns_string_head(const TurnsConfig *c, const void *st, int player, GString *out)
{
  const TurnsRound *r = turns_round_const(c, st);
  g_string_append_printf(out, "Current player: %d\n", r->player);
  if (r->round != NO_ROUND && player < r->player)
    g_string_append_printf(out, "Observer's action this turn: %d\n", r->choices[player]);
}

static float *
turns_tensor_head(const AgonGame *game, const TurnsConfig *c, const void *st, int player,
                  float *values)
{
  int n = game->num_players;
  int mover = turns_round_const(c, st)->player;
  if (mover >= 0 && mover < n)
    values[mover] = 1;
  values[n + player] = 1;
  return values + 2 * n;
}

static void
turns_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const TurnsConfig *c = game->data;
  turns_string_head(c, st, player, out);
  if (c->inner->klass->information_state_string)
    c->inner->klass->information_state_string(c->inner, st, player, out);
}

static void
turns_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const TurnsConfig *c = game->data;
  turns_string_head(c, st, player, out);
  if (c->inner->klass->observation_string)
    c->inner->klass->observation_string(c->inner, st, player, out);
}

static void
turns_information_state_tensor(const AgonGame *game, const void *st, int player,
                               float *values)
{
  const TurnsConfig *c = game->data;
  float *rest = turns_tensor_head(game, c, st, player, values);
  if (c->inner->klass->information_state_tensor)
    c->inner->klass->information_state_tensor(c->inner, st, player, rest);
}

static void
turns_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const TurnsConfig *c = game->data;
  float *rest = turns_tensor_head(game, c, st, player, values);
  if (c->inner->klass->observation_tensor)
    c->inner->klass->observation_tensor(c->inner, st, player, rest);
}

static void
turns_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                       GString *out)
{
  const TurnsConfig *c = game->data;
  c->inner->klass->action_to_string(c->inner, st, player, action, out);
}

/* The choices made so far in a round, then the wrapped game's picture. */
static void
turns_to_string(const AgonGame *game, const void *st, GString *out)
{
  const TurnsConfig *c = game->data;
  const TurnsRound *r = turns_round_const(c, st);
  if (r->round != NO_ROUND) {
    g_string_append(out, "Partial joint action: ");
    for (int p = 0; p < r->player; p++)
      g_string_append_printf(out, "%d ", r->choices[p]);
    g_string_append_c(out, '\n');
  }
  if (c->inner->klass->to_string)
    c->inner->klass->to_string(c->inner, st, out);
}

const AgonGameClass agon_turn_based_simultaneous_game_class = {
  /* A placeholder, as OpenSpiel's: a game takes its type from the game it
   * wraps. */
  .type = {
    .short_name = "turn_based_simultaneous_game",
    .long_name = "Turn-Based Version of a Simultaneous-Move Game",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_SAMPLED_STOCHASTIC,
    .information = AGON_INFORMATION_IMPERFECT,
    .utility = AGON_UTILITY_GENERAL_SUM,
    .reward_model = AGON_REWARD_REWARDS,
    .min_players = 1,
    .max_players = 100,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = TRUE,
  },
  .params = turns_params,
  .init = turns_init,
  .finalize = turns_finalize,
  .initial = turns_initial,
  .current_player = turns_current_player,
  .legal_actions = turns_legal_actions,
  .chance_outcomes = turns_chance_outcomes,
  .sample_chance = turns_sample_chance,
  .apply = turns_apply,
  .returns = turns_returns,
  .rewards = turns_rewards,
  .information_state_string = turns_information_state_string,
  .information_state_tensor = turns_information_state_tensor,
  .observation_string = turns_observation_string,
  .observation_tensor = turns_observation_tensor,
  .action_to_string = turns_action_to_string,
  .to_string = turns_to_string,
};
