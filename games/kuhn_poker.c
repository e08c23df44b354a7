/* agon: Kuhn poker, n players, as OpenSpiel defines it.
 *
 * A deck of n+1 cards (0..n); chance deals one card to each player in seat
 * order. Everyone antes 1. Players act in turn, starting with player 0:
 * Pass (0) or Bet (1), a bet being 1 chip. Before any bet the game ends
 * when all have passed; after the first bet every other player acts once,
 * Bet meaning call and Pass meaning fold. At the showdown the highest card
 * among the players who put in the most wins the pot. */
#include "games/games-private.h"

#define KUHN_MAX_PLAYERS 10

enum { PASS = 0, BET = 1 };

typedef struct {
  gint8 cards[KUHN_MAX_PLAYERS];   /* -1 until dealt */
  gint8 bets[2 * KUHN_MAX_PLAYERS - 1]; /* the betting actions so far */
  gint8 num_dealt;
  gint8 num_bets;
  gint8 first_bet;                  /* index into bets[] of the first Bet, or -1 */
  gint8 to_move;                    /* kept up to date by apply: no division per query */
  guint16 dealt;                    /* bit c set once card c is dealt */
  gint8 contribution[KUHN_MAX_PLAYERS];
} KuhnState;

static const AgonParamSpec kuhn_params[] = {
  { "players", AGON_PARAM_INT, "2", 2, KUHN_MAX_PLAYERS, "number of players" },
  { NULL },
};

static gboolean
kuhn_init(AgonGame *game, const AgonParams *params, GError **error)
{
  int n = (int) agon_params_get_int(params, "players");
  game->num_players = n;
  game->num_distinct_actions = 2;
  game->max_chance_outcomes = n + 1;
  game->max_game_length = 2 * n - 1;
  game->max_chance_nodes = n;
  game->min_utility = -2;
  game->max_utility = (n - 1) * 2;
  game->utility_sum = 0;
  game->payload_size = sizeof(KuhnState);
  /* player one-hot, private card one-hot, then (pass, bet) per action */
  game->info_state_shape = agon__shape(1, n + (n + 1) + (2 * n - 1) * 2, 0, 0);
  /* player one-hot, private card one-hot, pot contribution per player */
  game->observation_shape = agon__shape(1, n + (n + 1) + n, 0, 0);
  return TRUE;
}

static void
kuhn_initial(const AgonGame *game, void *st)
{
  KuhnState *s = st;
  for (int p = 0; p < KUHN_MAX_PLAYERS; p++) {
    s->cards[p] = -1;
    s->contribution[p] = p < game->num_players ? 1 : 0;
  }
  s->first_bet = -1;
  s->to_move = AGON_PLAYER_CHANCE;
}

static int
kuhn_current_player(const AgonGame *game, const void *st)
{
  return ((const KuhnState *) st)->to_move;
}

static int
kuhn_chance_outcomes(const AgonGame *game, const void *st, AgonChanceOutcome *out)
{
  const KuhnState *s = st;
  int remaining = game->num_players + 1 - s->num_dealt;
  int n = 0;
  for (int card = 0; card <= game->num_players; card++)
    if (!(s->dealt & (1u << card)))
      out[n++] = (AgonChanceOutcome) { card, 1.0 / remaining };
  return n;
}

/* A uniform card among those left: the k-th clear bit of the dealt mask. */
static AgonAction
kuhn_sample_chance(const AgonGame *game, const void *st, AgonRng *rng)
{
  const KuhnState *s = st;
  guint32 left = ~(guint32) s->dealt & ((1u << (game->num_players + 1)) - 1);
  return agon__nth_set_bit(left,
                           agon_rng_below(rng, (guint32) (game->num_players + 1 - s->num_dealt)));
}

static int
kuhn_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  if (player != AGON_PLAYER_CHANCE) {
    out[0] = PASS;
    out[1] = BET;
    return 2;
  }
  AgonChanceOutcome outcomes[KUHN_MAX_PLAYERS + 1];
  int n = kuhn_chance_outcomes(game, st, outcomes);
  for (int i = 0; i < n; i++)
    out[i] = outcomes[i].action;
  return n;
}

static int
kuhn_apply(const AgonGame *game, void *st, AgonAction action)
{
  KuhnState *s = st;
  int n = game->num_players;
  int player = s->to_move;
  if (player == AGON_PLAYER_CHANCE) {
    int dealt = s->num_dealt;
    s->cards[dealt++] = (gint8) action;
    s->num_dealt = (gint8) dealt;
    s->dealt |= (guint16) (1u << action);
    s->to_move = (gint8) (dealt == n ? 0 : AGON_PLAYER_CHANCE);
    return s->to_move;
  }
  /* Without branches on the action, which random play would mispredict;
   * the selects are masks, since compilers turn plain ternaries back into
   * branches. The game is over once all have passed (n actions, no bet)
   * or all have answered the first bet (n actions from it), so it ends
   * after max(first, 0) + n actions: first & ~(first >> 31). */
  int num_bets = s->num_bets, first = s->first_bet;
  first ^= (first ^ num_bets) & -((first < 0) & (action == BET));
  s->contribution[player] = (gint8) (s->contribution[player] + action); /* Pass 0, Bet 1 */
  s->first_bet = (gint8) first;
  s->bets[num_bets++] = (gint8) action;
  s->num_bets = (gint8) num_bets;
  int next = player + 1;
  next &= -(next != n);
  int over = num_bets == (first & ~(first >> 31)) + n;
  next ^= (next ^ AGON_PLAYER_TERMINAL) & -over;
  s->to_move = (gint8) next;
  return next;
}

static void
kuhn_returns(const AgonGame *game, const void *st, double *out)
{
  const KuhnState *s = st;
  int n = game->num_players;
  if (s->to_move != AGON_PLAYER_TERMINAL) {
    for (int p = 0; p < n; p++)
      out[p] = 0;
    return;
  }
  /* Everyone who bet (or everyone, when nobody did) is in the showdown.
   * Selects rather than branches: the cards are random. */
  int stake = s->first_bet < 0 ? 1 : 2;
  int winner = 0, best = -1, pot = 0;
  for (int p = 0; p < n; p++) {
    int in = s->contribution[p];
    int card = in == stake ? s->cards[p] : -1;
    winner = card > best ? p : winner;
    best = MAX(card, best);
    pot += in;
    out[p] = -in;
  }
  out[winner] += pot;
}

static void
kuhn_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const KuhnState *s = st;
  if (s->cards[player] >= 0)
    g_string_append_printf(out, "%d", s->cards[player]);
  for (int i = 0; i < s->num_bets; i++)
    g_string_append_c(out, s->bets[i] == BET ? 'b' : 'p');
}

static void
kuhn_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const KuhnState *s = st;
  if (s->cards[player] < 0)
    return;
  g_string_append_printf(out, "%d", s->cards[player]);
  for (int p = 0; p < game->num_players; p++)
    g_string_append_printf(out, "%d", s->contribution[p]);
}

/* The player and private-card one-hots that start both tensors. */
static float *
kuhn_tensor_head(const AgonGame *game, const KuhnState *s, int player, float *values)
{
  int n = game->num_players;
  values[player] = 1;
  if (s->cards[player] >= 0)
    values[n + s->cards[player]] = 1;
  return values + n + (n + 1);
}

static void
kuhn_information_state_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const KuhnState *s = st;
  float *betting = kuhn_tensor_head(game, s, player, values);
  for (int i = 0; i < s->num_bets; i++)
    betting[2 * i + s->bets[i]] = 1;
}

static void
kuhn_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const KuhnState *s = st;
  float *pot = kuhn_tensor_head(game, s, player, values);
  for (int p = 0; p < game->num_players; p++)
    pot[p] = s->contribution[p];
}

static void
kuhn_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                      GString *out)
{
  if (player == AGON_PLAYER_CHANCE)
    g_string_append_printf(out, "Deal:%d", action);
  else
    g_string_append(out, action == BET ? "Bet" : "Pass");
}

static void
kuhn_to_string(const AgonGame *game, const void *st, GString *out)
{
  const KuhnState *s = st;
  for (int p = 0; p < s->num_dealt; p++)
    g_string_append_printf(out, p ? " %d" : "%d", s->cards[p]);
  if (s->num_bets > 0)
    g_string_append_c(out, ' ');
  for (int i = 0; i < s->num_bets; i++)
    g_string_append_c(out, s->bets[i] == BET ? 'b' : 'p');
}

const AgonGameClass agon_kuhn_poker_class = {
  .type = {
    .short_name = "kuhn_poker",
    .long_name = "Kuhn Poker",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_EXPLICIT_STOCHASTIC,
    .information = AGON_INFORMATION_IMPERFECT,
    .utility = AGON_UTILITY_ZERO_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 2,
    .max_players = KUHN_MAX_PLAYERS,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = TRUE,
  },
  .params = kuhn_params,
  .init = kuhn_init,
  .initial = kuhn_initial,
  .current_player = kuhn_current_player,
  .legal_actions = kuhn_legal_actions,
  .chance_outcomes = kuhn_chance_outcomes,
  .sample_chance = kuhn_sample_chance,
  .apply = kuhn_apply,
  .returns = kuhn_returns,
  .information_state_string = kuhn_information_state_string,
  .information_state_tensor = kuhn_information_state_tensor,
  .observation_string = kuhn_observation_string,
  .observation_tensor = kuhn_observation_tensor,
  .action_to_string = kuhn_action_to_string,
  .to_string = kuhn_to_string,
};
