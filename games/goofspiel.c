/* agon: Goofspiel, 2 to 10 players, as OpenSpiel defines it.
 *
 * Every player holds bid cards 1..num_cards (action c plays card c+1), and
 * a deck of point cards 1..num_cards is turned up one card per turn for
 * num_turns turns (-1: num_cards). Each turn all players bid one of their
 * cards at once; the single highest bid wins the point card's value, and
 * when several players tie for highest it is discarded. Bid cards are used
 * up. points_order sets the order of the point cards: descending or
 * ascending, or random, where a chance node turns up each card (outcome c
 * is card c+1). When all num_cards turns are played the last turn leaves no
 * choice, so it is played at once, without a move (as in OpenSpiel, whose
 * histories do not hold it either).
 *
 * returns_type: win_loss shares +1 among the players with the most points
 * and -1 among the others (all 0 when everyone ties); point_difference pays
 * each player's points minus the average; total_points pays the points
 * (then the game is general-sum). With imp_info players see only who won
 * each turn, their own hand and their own bids; otherwise everyone sees
 * every hand. egocentric writes the winner of each turn in the tensors
 * relative to the observing player.
 *
 * Two deliberate departures from OpenSpiel, both where its code is wrong:
 * with num_turns = num_cards - 1 OpenSpiel plays the last cards by itself
 * anyway, scores the last point card a second time and stops in a state
 * that is not terminal yet has no legal move, while here the game ends
 * after num_turns turns as it does for every other num_turns; and
 * point_difference's minimum utility is the exact -sum/players, which
 * OpenSpiel truncates to an integer.
 *
 * The payload is a header followed by arrays sized from the parameters:
 * hands as bit sets, points, every turn's bids, the point card sequence and
 * who won each turn. */
#include "games/games-private.h"

#include <string.h>

#define GOOF_MAX_PLAYERS 10
/* Hands are 64-bit sets. */
#define GOOF_MAX_CARDS 64
/* What OpenSpiel's win sequence holds for a tied turn (kInvalidPlayer). */
#define GOOF_TIE (-3)

enum { ORDER_RANDOM, ORDER_DESCENDING, ORDER_ASCENDING };
enum { RETURNS_WIN_LOSS, RETURNS_POINT_DIFFERENCE, RETURNS_TOTAL_POINTS };

typedef struct {
  guint64 revealed;  /* bit c: point card c has been turned up */
  gint8 player;      /* simultaneous, chance or terminal */
  gint8 turn;        /* turns played */
  gint8 point_card;  /* the card bid for, 0-based; -1 at a chance node */
  gint8 num_revealed;
  gint32 pad;
  guint64 hands[];   /* bit c: the player still holds card c; then the arrays below */
} GoofState;

/* What the parameters fix, shared by every state of a game. */
typedef struct {
  int num_cards;
  int num_turns;
  int order;
  int returns;
  gboolean imp_info;
  gboolean egocentric;
  int slots;            /* one-hot width of a point total: 0..num_cards*(num_cards+1)/2 */
  guint64 full_hand;
  /* Payload offsets of gint16 points[players], gint8 bids[num_turns][players],
   * gint8 sequence[num_turns] (point cards in order) and gint8
   * wins[num_turns] (winner of each turn, or GOOF_TIE). */
  gsize points_offset;
  gsize bids_offset;
  gsize sequence_offset;
  gsize wins_offset;
  /* 1/k, so that chance outcomes and win-loss shares divide nothing. */
  double inverse[GOOF_MAX_CARDS + 1];
} GoofConfig;

static const AgonParamSpec goof_params[] = {
  { "imp_info", AGON_PARAM_BOOL, "false", 0, 0,
    "imperfect information: players see who won each turn, not the bids" },
  { "egocentric", AGON_PARAM_BOOL, "false", 0, 0,
    "tensors give each turn's winner relative to the observing player" },
  { "num_cards", AGON_PARAM_INT, "13", 1, GOOF_MAX_CARDS, "bid and point cards 1..num_cards" },
  { "num_turns", AGON_PARAM_INT, "-1", -1, GOOF_MAX_CARDS,
    "turns to play, at most num_cards; -1: num_cards" },
  { "players", AGON_PARAM_INT, "2", 2, GOOF_MAX_PLAYERS, "number of players" },
  { "points_order", AGON_PARAM_STRING, "random", 0, 0,
    "order of the point cards: random (dealt by chance), descending or ascending" },
  { "returns_type", AGON_PARAM_STRING, "win_loss", 0, 0,
    "win_loss, point_difference or total_points" },
  { NULL },
};

/* The arrays after the header, at the config's offsets: AT for writing,
 * AT_CONST for reading. */
#define AT(s, offset) ((void *) ((char *) (s) + (offset)))
#define AT_CONST(s, offset) ((const void *) ((const char *) (s) + (offset)))

/* The index of @text in @names, or -1. */
static int
goof_choice(const char *text, const char *const *names)
{
  for (int i = 0; names[i]; i++)
    if (strcmp(text, names[i]) == 0)
      return i;
  return -1;
}

static gboolean
goof_init(AgonGame *game, const AgonParams *params, GError **error)
{
  static const char *const orders[] = { "random", "descending", "ascending", NULL };
  static const char *const returns[] = { "win_loss", "point_difference", "total_points", NULL };
  int num_cards = (int) agon_params_get_int(params, "num_cards");
  int num_turns = (int) agon_params_get_int(params, "num_turns");
  int order = goof_choice(agon_params_get_string(params, "points_order"), orders);
  int returns_type = goof_choice(agon_params_get_string(params, "returns_type"), returns);
  if (order < 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: points_order must be random, descending or ascending, not '%s'",
                game->string, agon_params_get_string(params, "points_order"));
    return FALSE;
  }
  if (returns_type < 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: returns_type must be win_loss, point_difference or total_points, not '%s'",
                game->string, agon_params_get_string(params, "returns_type"));
    return FALSE;
  }
  if (num_turns == -1)
    num_turns = num_cards;
  if (num_turns < 1 || num_turns > num_cards) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: num_turns must be -1 or between 1 and num_cards (%d)", game->string,
                num_cards);
    return FALSE;
  }
  int n = (int) agon_params_get_int(params, "players");
  GoofConfig *c = g_new0(GoofConfig, 1);
  game->data = c;
  c->num_cards = num_cards;
  c->num_turns = num_turns;
  c->order = order;
  c->returns = returns_type;
  c->imp_info = agon_params_get_bool(params, "imp_info");
  c->egocentric = agon_params_get_bool(params, "egocentric");
  int sum = num_cards * (num_cards + 1) / 2;
  c->slots = sum + 1;
  c->full_hand = num_cards == 64 ? ~G_GUINT64_CONSTANT(0)
                                 : (G_GUINT64_CONSTANT(1) << num_cards) - 1;
  c->points_offset = sizeof(GoofState) + sizeof(guint64) * (gsize) n;
  c->bids_offset = c->points_offset + sizeof(gint16) * (gsize) n;
  c->sequence_offset = c->bids_offset + (gsize) (num_turns * n);
  c->wins_offset = c->sequence_offset + (gsize) num_turns;
  for (int k = 1; k <= GOOF_MAX_CARDS; k++)
    c->inverse[k] = 1.0 / k;

  if (c->imp_info)
    game->type.information = AGON_INFORMATION_IMPERFECT;
  if (returns_type == RETURNS_TOTAL_POINTS)
    game->type.utility = AGON_UTILITY_GENERAL_SUM;
  game->num_players = n;
  game->num_distinct_actions = num_cards;
  /* 0 for a fixed order, as OpenSpiel */
  game->max_chance_outcomes = order == ORDER_RANDOM ? num_cards : 0;
  /* OpenSpiel's bound: num_cards, whatever num_turns. */
  game->max_game_length = num_cards;
  game->max_chance_nodes = order == ORDER_RANDOM ? num_turns : 0;
  if (returns_type == RETURNS_WIN_LOSS) {
    game->min_utility = -1;
    game->max_utility = 1;
  } else if (returns_type == RETURNS_POINT_DIFFERENCE) {
    game->min_utility = -(double) sum / n;
    game->max_utility = (double) (n - 1) * sum / n;
  } else {
    game->min_utility = 0;
    game->max_utility = sum;
  }
  game->utility_sum = 0;
  game->payload_size = c->wins_offset + (gsize) num_turns;
  int totals = n * c->slots;
  if (c->imp_info) {
    /* point_totals [n, slots], player_hand [cards], win_sequence [turns, n],
     * point_card_sequence [turns, cards], player_action_sequence [turns, cards] */
    game->info_state_shape =
      agon__shape(1, totals + num_cards + num_turns * n + 2 * num_turns * num_cards, 0, 0);
    /* current_point_card [cards], remaining_point_cards [cards], point_totals,
     * player_hand [cards], win_sequence [turns, n] */
    game->observation_shape = agon__shape(1, 3 * num_cards + totals + num_turns * n, 0, 0);
  } else {
    /* point_totals, point_card_sequence [turns, cards], player_hands [n, cards] */
    game->info_state_shape =
      agon__shape(1, totals + num_turns * num_cards + n * num_cards, 0, 0);
    /* current_point_card, remaining_point_cards, point_totals, player_hands */
    game->observation_shape = agon__shape(1, 2 * num_cards + totals + n * num_cards, 0, 0);
  }
  return TRUE;
}

static void
goof_finalize(AgonGame *game)
{
  g_free(game->data);
}

static void
goof_deal(const GoofConfig *c, GoofState *s, int card)
{
  s->point_card = (gint8) card;
  s->revealed |= G_GUINT64_CONSTANT(1) << card;
  gint8 *sequence = AT(s, c->sequence_offset);
  sequence[s->num_revealed++] = (gint8) card;
}

static void
goof_initial(const AgonGame *game, void *st)
{
  const GoofConfig *c = game->data;
  GoofState *s = st;
  for (int p = 0; p < game->num_players; p++)
    s->hands[p] = c->full_hand;
  s->point_card = -1;
  s->player = AGON_PLAYER_SIMULTANEOUS;
  if (c->order == ORDER_RANDOM)
    s->player = AGON_PLAYER_CHANCE;
  else
    goof_deal(c, s, c->order == ORDER_ASCENDING ? 0 : c->num_cards - 1);
}

static int
goof_current_player(const AgonGame *game, const void *st)
{
  return ((const GoofState *) st)->player;
}

static int
goof_chance_outcomes(const AgonGame *game, const void *st, AgonChanceOutcome *out)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  guint64 left = c->full_hand & ~s->revealed;
  double probability = c->inverse[c->num_cards - s->num_revealed];
  int n = 0;
  for (; left != 0; left &= left - 1)
    out[n++] = (AgonChanceOutcome) { __builtin_ctzll(left), probability };
  return n;
}

/* A uniform pick among the cards not yet turned up: skip k of them. */
static AgonAction
goof_sample_chance(const AgonGame *game, const void *st, AgonRng *rng)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  guint64 left = c->full_hand & ~s->revealed;
  for (guint32 k = agon_rng_below(rng, (guint32) (c->num_cards - s->num_revealed)); k > 0; k--)
    left &= left - 1;
  return __builtin_ctzll(left);
}

static int
goof_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  guint64 cards = player == AGON_PLAYER_CHANCE ? c->full_hand & ~s->revealed : s->hands[player];
  int n = 0;
  for (; cards != 0; cards &= cards - 1)
    out[n++] = __builtin_ctzll(cards);
  return n;
}

static int
goof_apply(const AgonGame *game, void *st, AgonAction action)
{
  GoofState *s = st;
  if (G_UNLIKELY(s->player != AGON_PLAYER_CHANCE)) {
    g_critical("%s: a single action applied at a simultaneous node; use a joint action",
               game->string);
    return s->player;
  }
  goof_deal(game->data, s, action);
  s->player = AGON_PLAYER_SIMULTANEOUS;
  return s->player;
}

static int
goof_apply_joint(const AgonGame *game, void *st, const AgonAction *actions)
{
  const GoofConfig *c = game->data;
  GoofState *s = st;
  int n = game->num_players;
  gint8 *bids = (gint8 *) AT(s, c->bids_offset) + s->turn * n;
  int best = -1, winner = -1;
  gboolean tied = FALSE;
  for (int p = 0; p < n; p++) {
    int a = actions[p];
    bids[p] = (gint8) a;
    s->hands[p] &= ~(G_GUINT64_CONSTANT(1) << a);
    if (a > best) {
      best = a;
      winner = p;
      tied = FALSE;
    } else if (a == best) {
      tied = TRUE;
    }
  }
  gint8 *wins = AT(s, c->wins_offset);
  if (tied) {
    wins[s->turn] = GOOF_TIE;
  } else {
    gint16 *points = AT(s, c->points_offset);
    wins[s->turn] = (gint8) winner;
    points[winner] += s->point_card + 1;
  }
  int turn = ++s->turn;
  if (turn < c->num_turns) {
    if (c->order == ORDER_RANDOM) {
      s->player = AGON_PLAYER_CHANCE;
      s->point_card = -1;
    } else if (c->order == ORDER_DESCENDING) {
      goof_deal(c, s, s->point_card - 1);
    } else {
      goof_deal(c, s, s->point_card + 1);
    }
  }
  if (turn == c->num_cards - 1 && c->num_turns == c->num_cards) {
    /* One card left for everyone (and in the deck): play it now. */
    if (s->player == AGON_PLAYER_CHANCE) {
      goof_deal(c, s, __builtin_ctzll(c->full_hand & ~s->revealed));
      s->player = AGON_PLAYER_SIMULTANEOUS;
    }
    AgonAction last[GOOF_MAX_PLAYERS];
    for (int p = 0; p < n; p++)
      last[p] = __builtin_ctzll(s->hands[p]);
    goof_apply_joint(game, st, last);
  } else if (turn == c->num_turns) {
    s->player = AGON_PLAYER_TERMINAL;
  }
  return s->player;
}

static void
goof_returns(const AgonGame *game, const void *st, double *out)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  int n = game->num_players;
  const gint16 *points = AT_CONST(s, c->points_offset);
  if (s->player != AGON_PLAYER_TERMINAL) {
    for (int p = 0; p < n; p++)
      out[p] = 0;
    return;
  }
  if (c->returns == RETURNS_TOTAL_POINTS) {
    for (int p = 0; p < n; p++)
      out[p] = points[p];
  } else if (c->returns == RETURNS_POINT_DIFFERENCE) {
    int sum = 0;
    for (int p = 0; p < n; p++)
      sum += points[p];
    for (int p = 0; p < n; p++)
      out[p] = points[p] - (double) sum / n; /* as OpenSpiel rounds it */
  } else {
    int most = -1, winners = 0;
    for (int p = 0; p < n; p++) {
      if (points[p] > most) {
        most = points[p];
        winners = 1;
      } else if (points[p] == most) {
        winners++;
      }
    }
    for (int p = 0; p < n; p++)
      out[p] = winners == n ? 0
               : points[p] == most ? c->inverse[winners]
                                   : -c->inverse[n - winners];
  }
}

/* ---- Strings ------------------------------------------------------------ */

/* The pieces of OpenSpiel's strings, each ending in a newline, with a
 * space after every number of a list. */

static void
goof_append_hand(const GoofConfig *c, const GoofState *s, int player, GString *out)
{
  g_string_append_printf(out, "P%d hand: ", player);
  for (guint64 h = s->hands[player]; h != 0; h &= h - 1)
    g_string_append_printf(out, "%d ", __builtin_ctzll(h) + 1);
  g_string_append_c(out, '\n');
}

static void
goof_append_action_sequence(const AgonGame *game, const GoofConfig *c, const GoofState *s,
                            int player, GString *out)
{
  const gint8 *bids = AT_CONST(s, c->bids_offset);
  g_string_append_printf(out, "P%d action sequence: ", player);
  for (int t = 0; t < s->turn; t++)
    g_string_append_printf(out, "%d ", bids[t * game->num_players + player]);
  g_string_append_c(out, '\n');
}

static void
goof_append_point_sequence(const GoofConfig *c, const GoofState *s, GString *out)
{
  const gint8 *sequence = AT_CONST(s, c->sequence_offset);
  g_string_append(out, "Point card sequence: ");
  for (int i = 0; i < s->num_revealed; i++)
    g_string_append_printf(out, "%d ", sequence[i] + 1);
  g_string_append_c(out, '\n');
}

static void
goof_append_wins(const GoofConfig *c, const GoofState *s, GString *out)
{
  const gint8 *wins = AT_CONST(s, c->wins_offset);
  g_string_append(out, "Win sequence: ");
  for (int t = 0; t < s->turn; t++)
    g_string_append_printf(out, "%d ", wins[t]);
  g_string_append_c(out, '\n');
}

static void
goof_append_points(const AgonGame *game, const GoofConfig *c, const GoofState *s, GString *out)
{
  const gint16 *points = AT_CONST(s, c->points_offset);
  g_string_append(out, "Points: ");
  for (int p = 0; p < game->num_players; p++)
    g_string_append_printf(out, "%d ", points[p]);
  g_string_append_c(out, '\n');
}

/* The card on offer (0 at a chance node) and the cards still in the deck,
 * run together. */
static void
goof_append_current(const GoofConfig *c, const GoofState *s, GString *out)
{
  g_string_append_printf(out, "Current point card: %d\n", s->point_card + 1);
  g_string_append(out, "Remaining Point Cards: ");
  for (guint64 left = c->full_hand & ~s->revealed; left != 0; left &= left - 1)
    g_string_append_printf(out, "%d", __builtin_ctzll(left) + 1);
  g_string_append_c(out, '\n');
}

static void
goof_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  if (c->imp_info) {
    goof_append_hand(c, s, player, out);
    goof_append_action_sequence(game, c, s, player, out);
    goof_append_point_sequence(c, s, out);
    goof_append_wins(c, s, out);
    goof_append_points(game, c, s, out);
    g_string_append_printf(out, "Terminal?: %d\n", s->player == AGON_PLAYER_TERMINAL);
    return;
  }
  goof_append_point_sequence(c, s, out);
  for (int p = 0; p < game->num_players; p++)
    goof_append_hand(c, s, p, out);
  goof_append_wins(c, s, out);
  goof_append_points(game, c, s, out);
}

static void
goof_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  goof_append_current(c, s, out);
  if (c->imp_info) {
    goof_append_points(game, c, s, out);
    goof_append_hand(c, s, player, out);
    goof_append_wins(c, s, out);
    return;
  }
  for (int p = 0; p < game->num_players; p++)
    goof_append_hand(c, s, p, out);
  goof_append_wins(c, s, out);
  goof_append_points(game, c, s, out);
}

/* ---- Tensors ------------------------------------------------------------ */

/* Each writer fills one named piece and returns the end of it. Pieces about
 * all players list them starting with the observer. */

static float *
goof_write_totals(const AgonGame *game, const GoofConfig *c, const GoofState *s, int player,
                  float *v)
{
  const gint16 *points = AT_CONST(s, c->points_offset);
  int n = game->num_players;
  for (int i = 0, p = player; i < n; i++, p = p + 1 == n ? 0 : p + 1)
    v[i * c->slots + points[p]] = 1;
  return v + n * c->slots;
}

static float *
goof_write_hand(const GoofConfig *c, const GoofState *s, int player, float *v)
{
  for (guint64 h = s->hands[player]; h != 0; h &= h - 1)
    v[__builtin_ctzll(h)] = 1;
  return v + c->num_cards;
}

static float *
goof_write_hands(const AgonGame *game, const GoofConfig *c, const GoofState *s, int player,
                 float *v)
{
  int n = game->num_players;
  for (int i = 0, p = player; i < n; i++, p = p + 1 == n ? 0 : p + 1)
    v = goof_write_hand(c, s, p, v);
  return v;
}

static float *
goof_write_wins(const AgonGame *game, const GoofConfig *c, const GoofState *s, int player,
                float *v)
{
  const gint8 *wins = AT_CONST(s, c->wins_offset);
  int n = game->num_players;
  for (int t = 0; t < s->turn; t++) {
    if (wins[t] == GOOF_TIE)
      continue;
    int who = c->egocentric ? (n + wins[t] - player) % n : wins[t];
    v[t * n + who] = 1;
  }
  return v + c->num_turns * n;
}

static float *
goof_write_point_sequence(const GoofConfig *c, const GoofState *s, float *v)
{
  const gint8 *sequence = AT_CONST(s, c->sequence_offset);
  for (int i = 0; i < s->num_revealed; i++)
    v[i * c->num_cards + sequence[i]] = 1;
  return v + c->num_turns * c->num_cards;
}

static float *
goof_write_action_sequence(const AgonGame *game, const GoofConfig *c, const GoofState *s,
                           int player, float *v)
{
  const gint8 *bids = AT_CONST(s, c->bids_offset);
  for (int t = 0; t < s->turn; t++)
    v[t * c->num_cards + bids[t * game->num_players + player]] = 1;
  return v + c->num_turns * c->num_cards;
}

/* The current card is the last one turned up, even at a chance node. */
static float *
goof_write_current(const GoofConfig *c, const GoofState *s, float *v)
{
  const gint8 *sequence = AT_CONST(s, c->sequence_offset);
  if (s->num_revealed > 0)
    v[sequence[s->num_revealed - 1]] = 1;
  v += c->num_cards;
  for (guint64 left = c->full_hand & ~s->revealed; left != 0; left &= left - 1)
    v[__builtin_ctzll(left)] = 1;
  return v + c->num_cards;
}

static void
goof_information_state_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  float *v = goof_write_totals(game, c, s, player, values);
  if (c->imp_info) {
    v = goof_write_hand(c, s, player, v);
    v = goof_write_wins(game, c, s, player, v);
    v = goof_write_point_sequence(c, s, v);
    goof_write_action_sequence(game, c, s, player, v);
  } else {
    v = goof_write_point_sequence(c, s, v);
    goof_write_hands(game, c, s, player, v);
  }
}

static void
goof_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  float *v = goof_write_current(c, s, values);
  v = goof_write_totals(game, c, s, player, v);
  if (c->imp_info) {
    v = goof_write_hand(c, s, player, v);
    goof_write_wins(game, c, s, player, v);
  } else {
    goof_write_hands(game, c, s, player, v);
  }
}

static void
goof_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                      GString *out)
{
  if (player == AGON_PLAYER_CHANCE)
    g_string_append_printf(out, "Deal %d", action + 1);
  else
    g_string_append_printf(out, "[P%d]Bid: %d", player, action + 1);
}

/* OpenSpiel's picture: hands, everyone's bids (with imp_info), the point
 * cards and the points. */
static void
goof_to_string(const AgonGame *game, const void *st, GString *out)
{
  const GoofConfig *c = game->data;
  const GoofState *s = st;
  int n = game->num_players;
  for (int p = 0; p < n; p++)
    goof_append_hand(c, s, p, out);
  if (c->imp_info) {
    const gint8 *bids = AT_CONST(s, c->bids_offset);
    for (int p = 0; p < n; p++) {
      g_string_append_printf(out, "P%d actions: ", p);
      for (int t = 0; t < s->turn; t++)
        g_string_append_printf(out, "%d ", bids[t * n + p]);
      g_string_append_c(out, '\n');
    }
  }
  goof_append_point_sequence(c, s, out);
  goof_append_points(game, c, s, out);
}

const AgonGameClass agon_goofspiel_class = {
  .type = {
    .short_name = "goofspiel",
    .long_name = "Goofspiel",
    .dynamics = AGON_DYNAMICS_SIMULTANEOUS,
    /* Even for a fixed order, which has no chance node, as OpenSpiel. */
    .chance_mode = AGON_CHANCE_EXPLICIT_STOCHASTIC,
    /* init adjusts these two to imp_info and returns_type. */
    .information = AGON_INFORMATION_PERFECT,
    .utility = AGON_UTILITY_ZERO_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 2,
    .max_players = GOOF_MAX_PLAYERS,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = TRUE,
  },
  .params = goof_params,
  .init = goof_init,
  .finalize = goof_finalize,
  .initial = goof_initial,
  .current_player = goof_current_player,
  .legal_actions = goof_legal_actions,
  .chance_outcomes = goof_chance_outcomes,
  .sample_chance = goof_sample_chance,
  .apply = goof_apply,
  .apply_joint = goof_apply_joint,
  .returns = goof_returns,
  .information_state_string = goof_information_state_string,
  .information_state_tensor = goof_information_state_tensor,
  .observation_string = goof_observation_string,
  .observation_tensor = goof_observation_tensor,
  .action_to_string = goof_action_to_string,
  .to_string = goof_to_string,
};
