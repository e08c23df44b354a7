/* agon: Leduc poker, 2 to 10 players, as OpenSpiel defines it.
 *
 * The deck has two suits of n+1 ranks: card c has rank c/2 and suit c%2, so
 * with two players cards 0,1 are jacks, 2,3 queens and 4,5 kings. Everyone
 * antes 1 chip and chance deals one private card to each player in seat
 * order. Two betting rounds follow, the second after chance deals a public
 * card. On a turn a player may Fold (0), only when facing a raise; Call (1),
 * which is a check when there is nothing to match; or Raise (2), by 2 chips
 * in the first round and 4 in the second, at most twice per round. A round
 * ends when every player still in has called since the last raise (or, with
 * no raise, has checked). Both rounds open with starting_player, or the next
 * player still in. The last player left takes the pot; otherwise a private
 * card that pairs the public card beats any other hand, then the higher of
 * the two ranks and then the lower one decide, and tied winners split the
 * pot. A player's return is the chips won minus the chips put in.
 *
 * action_mapping makes all three actions legal at every turn: an unneeded
 * Fold and a Raise past the limit are played as Call. suit_isomorphism deals
 * ranks instead of cards: chance outcome r is rank r, twice as likely while
 * both of its cards are in the deck, and players only ever see ranks.
 *
 * The state keeps OpenSpiel's bookkeeping (stakes, calls and raises in the
 * round, who acts) in single bytes, and no money or pot: both follow from
 * the antes when returns or a string ask for them. OpenSpiel prints an
 * undealt card as -10000; the state holds -1. */
#include "games/games-private.h"

#include <math.h>
#include <string.h>

#define LEDUC_MAX_PLAYERS 10
/* The longest round: n-1 checks, a raise, n-2 calls, a re-raise and n-1
 * answers. */
#define LEDUC_MAX_BETS (3 * LEDUC_MAX_PLAYERS - 2)
#define LEDUC_MAX_RAISES 2
#define LEDUC_STARTING_MONEY 100
#define LEDUC_NO_CARD (-1)
#define LEDUC_SHOWN_NO_CARD (-10000)

enum { FOLD = 0, CALL = 1, RAISE = 2 };

static const char *const leduc_action_names[] = { "Fold", "Call", "Raise" };

typedef struct {
  guint32 dealt;   /* bit c: card c has left the deck */
  guint16 folded;  /* bit p: player p has folded */
  gint8 player;    /* to move: a player, chance or terminal */
  /* The last player to act, which OpenSpiel's strings show as the player
   * once the hand is over. */
  gint8 last;
  gint8 round;      /* 0 or 1 */
  gint8 stakes;     /* what a player must have put in to stay in */
  gint8 num_calls;  /* calls in this round since its last raise */
  gint8 num_raises; /* raises in this round */
  gint8 remaining;  /* players who have not folded */
  gint8 num_dealt;  /* private cards dealt */
  gint8 public_card;
  gint8 num_bets;    /* betting actions so far, both rounds */
  gint8 split;       /* where the second round starts in bets[] */
  gint8 cards[LEDUC_MAX_PLAYERS]; /* cards, or ranks under suit_isomorphism */
  gint8 ante[LEDUC_MAX_PLAYERS];  /* chips each player has put in */
  gint8 bets[2 * LEDUC_MAX_BETS]; /* actions of both rounds, as played */
} LeducState;

G_STATIC_ASSERT(sizeof(LeducState) <= 96);

/* What the parameters fix, shared by every state of a game. */
typedef struct {
  gboolean action_mapping;
  gboolean suit_isomorphism;
  int starting_player;
  int num_cards;   /* cards in the deck */
  int num_values;  /* distinct values players see: cards, or ranks */
  int max_bets;    /* actions in one round, at most */
  /* 1/k for k cards left in the deck, so that listing chance outcomes,
   * which every sampled deal does, divides nothing. */
  double inverse[2 * (LEDUC_MAX_PLAYERS + 1) + 1];
} LeducConfig;

static inline gboolean
leduc_over(const LeducState *s)
{
  return s->player == AGON_PLAYER_TERMINAL;
}

/* OpenSpiel's cur_player_, as its strings show it. */
static inline int
leduc_shown_player(const LeducState *s)
{
  return leduc_over(s) ? s->last : s->player;
}

static const AgonParamSpec leduc_params[] = {
  { "action_mapping", AGON_PARAM_BOOL, "false", 0, 0,
    "every action is legal; an illegal Fold or Raise is played as Call" },
  { "players", AGON_PARAM_INT, "2", 2, LEDUC_MAX_PLAYERS, "number of players" },
  { "starting_player", AGON_PARAM_INT, "0", 0, LEDUC_MAX_PLAYERS - 1,
    "the player who opens each betting round" },
  { "suit_isomorphism", AGON_PARAM_BOOL, "false", 0, 0,
    "deal ranks: players do not tell suits apart" },
  { NULL },
};

static gboolean
leduc_init(AgonGame *game, const AgonParams *params, GError **error)
{
  int n = (int) agon_params_get_int(params, "players");
  int starting = (int) agon_params_get_int(params, "starting_player");
  if (starting >= n) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: starting_player must be between 0 and %d", game->string, n - 1);
    return FALSE;
  }
  LeducConfig *cfg = g_new0(LeducConfig, 1);
  cfg->action_mapping = agon_params_get_bool(params, "action_mapping");
  cfg->suit_isomorphism = agon_params_get_bool(params, "suit_isomorphism");
  cfg->starting_player = starting;
  cfg->num_cards = 2 * (n + 1);
  cfg->num_values = cfg->suit_isomorphism ? n + 1 : cfg->num_cards;
  cfg->max_bets = 3 * n - 2;
  for (int k = 1; k <= cfg->num_cards; k++)
    cfg->inverse[k] = 1.0 / k;
  game->data = cfg;

  /* The most one player can put in: the ante and two raises per round. */
  int max_in = 1 + LEDUC_MAX_RAISES * 2 + LEDUC_MAX_RAISES * 4;
  game->num_players = n;
  game->num_distinct_actions = 3;
  game->max_chance_outcomes = cfg->num_values;
  game->max_game_length = 2 * cfg->max_bets;
  game->max_chance_nodes = n + 1;
  game->min_utility = -max_in;
  game->max_utility = (n - 1) * max_in;
  game->utility_sum = 0;
  game->payload_size = sizeof(LeducState);
  /* player one-hot, private card one-hot, public card one-hot, then two
   * bits (call, raise) per action of each round */
  game->info_state_shape =
    agon__shape(1, n + 2 * cfg->num_values + 2 * 2 * cfg->max_bets, 0, 0);
  /* player, private card and public card one-hots, then each player's
   * chips in the pot */
  game->observation_shape = agon__shape(1, n + 2 * cfg->num_values + n, 0, 0);
  return TRUE;
}

static void
leduc_finalize(AgonGame *game)
{
  g_clear_pointer(&game->data, g_free);
}

static void
leduc_initial(const AgonGame *game, void *st)
{
  LeducState *s = st;
  s->player = AGON_PLAYER_CHANCE;
  s->stakes = 1;
  s->remaining = (gint8) game->num_players;
  s->public_card = LEDUC_NO_CARD;
  memset(s->cards, LEDUC_NO_CARD, sizeof s->cards);
  /* Seats past the last player ante too: nothing reads them. */
  memset(s->ante, 1, sizeof s->ante);
}

static int
leduc_current_player(const AgonGame *game, const void *st)
{
  const LeducState *s = st;
  return s->player;
}

static int
leduc_chance_outcomes(const AgonGame *game, const void *st, AgonChanceOutcome *out)
{
  const LeducState *s = st;
  const LeducConfig *cfg = game->data;
  int left = cfg->num_cards - s->num_dealt - (s->public_card != LEDUC_NO_CARD);
  double p = cfg->inverse[left];
  int n = 0;
  if (cfg->suit_isomorphism) {
    for (int r = 0; r < cfg->num_values; r++) {
      guint32 pair = (s->dealt >> (2 * r)) & 3u;
      if (pair != 3u)
        out[n++] = (AgonChanceOutcome) { r, pair == 0 ? p * 2 : p };
    }
    return n;
  }
  /* Visit only the cards still in the deck, lowest bit first, rather than
   * test every card: a random deal leaves no pattern to predict. */
  guint32 in_deck = ~s->dealt & ((1u << cfg->num_cards) - 1);
  for (; in_deck; in_deck &= in_deck - 1)
    out[n++] = (AgonChanceOutcome) { __builtin_ctz(in_deck), p };
  return n;
}

/* A uniform card among those left in the deck (the k-th clear bit of the
 * dealt mask); under suit isomorphism its rank, which is then drawn with
 * the probabilities chance_outcomes lists. */
static AgonAction
leduc_sample_chance(const AgonGame *game, const void *st, AgonRng *rng)
{
  const LeducState *s = st;
  const LeducConfig *cfg = game->data;
  int left = cfg->num_cards - s->num_dealt - (s->public_card != LEDUC_NO_CARD);
  guint32 in_deck = ~s->dealt & ((1u << cfg->num_cards) - 1);
  int card = agon__nth_set_bit(in_deck, agon_rng_below(rng, (guint32) left));
  return cfg->suit_isomorphism ? card >> 1 : card;
}

static int
leduc_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const LeducState *s = st;
  const LeducConfig *cfg = game->data;
  if (player == AGON_PLAYER_CHANCE) {
    AgonChanceOutcome outcomes[2 * (LEDUC_MAX_PLAYERS + 1)];
    int n = leduc_chance_outcomes(game, st, outcomes);
    for (int i = 0; i < n; i++)
      out[i] = outcomes[i].action;
    return n;
  }
  /* Without branches, which random play would mispredict: @out holds at
   * least num_distinct_actions entries, so writing all three is safe. */
  int fold = cfg->action_mapping | (s->stakes > s->ante[player]);
  int raise = cfg->action_mapping | (s->num_raises < LEDUC_MAX_RAISES);
  out[0] = FOLD;
  out[fold] = CALL;
  out[fold + 1] = RAISE;
  return fold + 1 + raise;
}

/* The first player after @from (0..n-1) who has not folded; someone has
 * not. */
static int
leduc_next(const AgonGame *game, const LeducState *s, int from)
{
  int n = game->num_players;
  int p = from;
  do
    p = p + 1 == n ? 0 : p + 1;
  while (s->folded & (1u << p));
  return p;
}

static int
leduc_deal(const AgonGame *game, LeducState *s, AgonAction action)
{
  const LeducConfig *cfg = game->data;
  int n = game->num_players;
  /* Under suit_isomorphism a rank leaves by its first card still in. */
  int card = cfg->suit_isomorphism ? 2 * action + (int) ((s->dealt >> (2 * action)) & 1u)
                                   : action;
  s->dealt |= 1u << card;
  int dealt = s->num_dealt;
  if (dealt < n) {
    s->cards[dealt++] = (gint8) action;
    s->num_dealt = (gint8) dealt;
    s->player = (gint8) (dealt == n ? cfg->starting_player : AGON_PLAYER_CHANCE);
    return s->player;
  }
  s->public_card = (gint8) action;
  s->player = (gint8) leduc_next(game, s, (cfg->starting_player + n - 1) % n);
  return s->player;
}

static int
leduc_apply(const AgonGame *game, void *st, AgonAction action)
{
  LeducState *s = st;
  int p = s->player;
  if (p == AGON_PLAYER_CHANCE)
    return leduc_deal(game, s, action);
  if (G_UNLIKELY(((const LeducConfig *) game->data)->action_mapping)) {
    if ((action == FOLD && s->stakes <= s->ante[p])
        || (action == RAISE && s->num_raises >= LEDUC_MAX_RAISES))
      action = CALL;
  }
  int num_bets = s->num_bets;
  s->bets[num_bets++] = (gint8) action;
  s->num_bets = (gint8) num_bets;
  /* Arithmetic rather than a switch on the action, which random play
   * would mispredict. A fold leaves the hand; a call matches the stakes; a
   * raise matches them, then lifts them by 2 (4 in the second round). */
  int fold = action == FOLD, raise = action == RAISE;
  int remaining = s->remaining - fold;
  int stakes = s->stakes + (raise ? (s->round ? 4 : 2) : 0);
  int num_raises = s->num_raises + raise;
  int num_calls = raise ? 0 : s->num_calls + (action == CALL);
  s->folded |= (guint16) ((guint) fold << p);
  s->remaining = (gint8) remaining;
  s->stakes = (gint8) stakes;
  s->ante[p] = (gint8) (fold ? s->ante[p] : stakes);
  s->num_raises = (gint8) num_raises;
  s->num_calls = (gint8) num_calls;
  /* After a raise everyone else still in must call; with none, everyone
   * must check. A raise itself never ends a round. */
  gboolean round_done = num_calls == remaining - (num_raises != 0);
  if (remaining == 1 || (round_done && s->round == 1)) {
    s->last = (gint8) p;
    s->player = AGON_PLAYER_TERMINAL;
  } else if (round_done) {
    s->round = 1;
    s->split = s->num_bets;
    s->num_raises = 0;
    s->num_calls = 0;
    s->player = AGON_PLAYER_CHANCE;
  } else {
    s->player = (gint8) leduc_next(game, s, p);
  }
  return s->player;
}

/* A hand's strength: a pair with the public card beats every other hand,
 * which ranks by its higher, then its lower rank. */
static int
leduc_hand(const AgonGame *game, const LeducState *s, int player)
{
  const LeducConfig *cfg = game->data;
  int shift = cfg->suit_isomorphism ? 0 : 1;
  int a = s->cards[player] >> shift, b = s->public_card >> shift;
  int k = game->num_players + 1; /* the number of ranks */
  if (a == b)
    return k * k + a;
  return MAX(a, b) * k + MIN(a, b);
}

/* The chips in the pot, the antes included. */
static int
leduc_chips(const AgonGame *game, const LeducState *s)
{
  int pot = 0;
  for (int p = 0; p < game->num_players; p++)
    pot += s->ante[p];
  return pot;
}

/* The players who take the pot once the hand is over: the last one in,
 * or those with the best hand at the showdown. */
static guint
leduc_winners(const AgonGame *game, const LeducState *s, int *num_winners)
{
  guint in = ~(guint) s->folded & ((1u << game->num_players) - 1);
  if (s->remaining == 1) {
    *num_winners = 1;
    return in;
  }
  guint winners = 0;
  int count = 0, best = -1;
  for (; in; in &= in - 1) {
    int p = __builtin_ctz(in);
    int hand = leduc_hand(game, s, p);
    if (hand > best) {
      best = hand;
      winners = 0;
      count = 0;
    }
    if (hand == best) {
      winners |= 1u << p;
      count++;
    }
  }
  *num_winners = count;
  return winners;
}

/* Each player's money as OpenSpiel keeps it: 100 chips less those put in,
 * plus a share of the pot once the hand is over. Tied winners split it in
 * floating point, in OpenSpiel's order of operations, so that returns and
 * strings match its values to the last bit. */
static void
leduc_money(const AgonGame *game, const LeducState *s, double *money)
{
  for (int p = 0; p < game->num_players; p++)
    money[p] = LEDUC_STARTING_MONEY - s->ante[p];
  if (!leduc_over(s))
    return;
  int num_winners;
  guint winners = leduc_winners(game, s, &num_winners);
  int pot = leduc_chips(game, s);
  double share = num_winners == 1 ? pot : (double) pot / num_winners;
  for (; winners; winners &= winners - 1)
    money[__builtin_ctz(winners)] += share;
}

static void
leduc_returns(const AgonGame *game, const void *st, double *out)
{
  const LeducState *s = st;
  int n = game->num_players;
  if (!leduc_over(s)) {
    for (int p = 0; p < n; p++)
      out[p] = 0;
    return;
  }
  /* What leduc_money gives, less the starting money, in OpenSpiel's
   * order of operations; a loser's return is exact in any order. */
  int pot = 0;
  for (int p = 0; p < n; p++) {
    pot += s->ante[p];
    out[p] = -s->ante[p];
  }
  int num_winners;
  guint winners = leduc_winners(game, s, &num_winners);
  double share = num_winners == 1 ? pot : (double) pot / num_winners;
  for (; winners; winners &= winners - 1) {
    int p = __builtin_ctz(winners);
    out[p] = (LEDUC_STARTING_MONEY - s->ante[p] + share) - LEDUC_STARTING_MONEY;
  }
}

/* The actions of betting round @r are bets[*start..*end). */
static void
leduc_round_bets(const LeducState *s, int r, int *start, int *end)
{
  *start = r ? s->split : 0;
  *end = r == s->round ? s->num_bets : s->split;
}

static int
leduc_shown(int card)
{
  return card == LEDUC_NO_CARD ? LEDUC_SHOWN_NO_CARD : card;
}

/* Money as OpenSpiel prints a double: six significant digits, which for
 * a whole number of fewer than 7 digits are its integer digits. */
static void
leduc_append_money(const AgonGame *game, const LeducState *s, GString *out)
{
  double money[LEDUC_MAX_PLAYERS];
  leduc_money(game, s, money);
  for (int p = 0; p < game->num_players; p++) {
    g_string_append(out, p ? " " : "");
    if (fabs(money[p]) < 1e6 && money[p] == (int) money[p]) {
      agon__append_int(out, (int) money[p]);
    } else {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append(out, g_ascii_formatd(buf, sizeof buf, "%.6g", money[p]));
    }
  }
}

/* Appends "[@label@value]". */
static void
leduc_append_field(GString *out, const char *label, int value)
{
  g_string_append(out, label);
  agon__append_int(out, value);
  g_string_append_c(out, ']');
}

/* The part both strings share, up to the public card. */
static void
leduc_string_head(const AgonGame *game, const LeducState *s, int player, GString *out)
{
  int pot = leduc_over(s) ? 0 : leduc_chips(game, s);
  leduc_append_field(out, "[Observer: ", player);
  leduc_append_field(out, "[Private: ", leduc_shown(s->cards[player]));
  leduc_append_field(out, "[Round ", s->round + 1);
  leduc_append_field(out, "[Player: ", leduc_shown_player(s));
  leduc_append_field(out, "[Pot: ", pot);
  g_string_append(out, "[Money: ");
  leduc_append_money(game, s, out);
  g_string_append_c(out, ']');
  if (s->public_card != LEDUC_NO_CARD)
    leduc_append_field(out, "[Public: ", s->public_card);
}

static void
leduc_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const LeducState *s = st;
  leduc_string_head(game, s, player, out);
  for (int r = 0; r < 2; r++) {
    int start, end;
    leduc_round_bets(s, r, &start, &end);
    g_string_append(out, r ? "[Round2: " : "[Round1: ");
    for (int i = start; i < end; i++) {
      if (i > start)
        g_string_append_c(out, ' ');
      agon__append_int(out, s->bets[i]);
    }
    g_string_append_c(out, ']');
  }
}

static void
leduc_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const LeducState *s = st;
  leduc_string_head(game, s, player, out);
  g_string_append(out, "[Ante:");
  for (int p = 0; p < game->num_players; p++) {
    g_string_append_c(out, ' ');
    agon__append_int(out, s->ante[p]);
  }
  g_string_append_c(out, ']');
}

/* The player, private-card and public-card one-hots that open both
 * tensors; returns where the rest goes. */
static float *
leduc_tensor_head(const AgonGame *game, const LeducState *s, int player, float *values)
{
  const LeducConfig *cfg = game->data;
  int n = game->num_players;
  values[player] = 1;
  float *cards = values + n;
  if (s->cards[player] != LEDUC_NO_CARD)
    cards[s->cards[player]] = 1;
  if (s->public_card != LEDUC_NO_CARD)
    cards[cfg->num_values + s->public_card] = 1;
  return cards + 2 * cfg->num_values;
}

static void
leduc_information_state_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const LeducState *s = st;
  const LeducConfig *cfg = game->data;
  float *betting = leduc_tensor_head(game, s, player, values);
  /* Call is 10, Raise 01 and Fold 00, in slots of max_bets per round. */
  for (int r = 0; r < 2; r++) {
    int start, end;
    leduc_round_bets(s, r, &start, &end);
    for (int i = start; i < end; i++)
      if (s->bets[i] != FOLD)
        betting[2 * (r * cfg->max_bets + i - start) + s->bets[i] - CALL] = 1;
  }
}

static void
leduc_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const LeducState *s = st;
  float *pot = leduc_tensor_head(game, s, player, values);
  for (int p = 0; p < game->num_players; p++)
    pot[p] = s->ante[p];
}

static void
leduc_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                       GString *out)
{
  if (player == AGON_PLAYER_CHANCE)
    g_string_append_printf(out, "Chance outcome:%d", action);
  else if (action >= FOLD && action <= RAISE)
    g_string_append(out, leduc_action_names[action]);
  else
    g_string_append_printf(out, "Unknown action %d", action);
}

/* OpenSpiel's ToString, trailing spaces included. */
static void
leduc_to_string(const AgonGame *game, const void *st, GString *out)
{
  const LeducState *s = st;
  int n = game->num_players;
  int pot = leduc_over(s) ? 0 : leduc_chips(game, s);
  const char *more = n > 2 ? " [...]" : "";
  g_string_append_printf(out, "Round: %d\nPlayer: %d\nPot: %d\nMoney (player_0 player_1%s): ",
                         s->round + 1, leduc_shown_player(s), pot, more);
  leduc_append_money(game, s, out);
  g_string_append_printf(out, "\nCards (public player_0 player_1%s): %d ", more,
                         leduc_shown(s->public_card));
  for (int p = 0; p < n; p++)
    g_string_append_printf(out, "%d ", leduc_shown(s->cards[p]));
  for (int r = 0; r < 2; r++) {
    int start, end;
    leduc_round_bets(s, r, &start, &end);
    g_string_append_printf(out, "\nRound %d sequence: ", r + 1);
    for (int i = start; i < end; i++) {
      g_string_append(out, i > start ? ", " : "");
      g_string_append(out, leduc_action_names[s->bets[i]]);
    }
  }
  g_string_append_c(out, '\n');
}

const AgonGameClass agon_leduc_poker_class = {
  .type = {
    .short_name = "leduc_poker",
    .long_name = "Leduc Poker",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_EXPLICIT_STOCHASTIC,
    .information = AGON_INFORMATION_IMPERFECT,
    .utility = AGON_UTILITY_ZERO_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 2,
    .max_players = LEDUC_MAX_PLAYERS,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = TRUE,
  },
  .params = leduc_params,
  .init = leduc_init,
  .finalize = leduc_finalize,
  .initial = leduc_initial,
  .current_player = leduc_current_player,
  .legal_actions = leduc_legal_actions,
  .chance_outcomes = leduc_chance_outcomes,
  .sample_chance = leduc_sample_chance,
  .apply = leduc_apply,
  .returns = leduc_returns,
  .information_state_string = leduc_information_state_string,
  .information_state_tensor = leduc_information_state_tensor,
  .observation_string = leduc_observation_string,
  .observation_tensor = leduc_observation_tensor,
  .action_to_string = leduc_action_to_string,
  .to_string = leduc_to_string,
};
