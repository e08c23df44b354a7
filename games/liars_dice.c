/* agon: Liar's dice, two players, as OpenSpiel defines it.
 *
 * Each player has numdice dice of dice_sides faces. Chance rolls player 0's
 * dice one at a time, then player 1's (outcome k shows face k+1); once all
 * are rolled each player's dice are sorted. Only the owner sees them.
 * Player 0 opens and the players alternate. A bid "q-f" claims that at
 * least q of all the dice show face f, the highest face being wild (it
 * matches every bid). A move is a bid ranked strictly above the current one,
 * or, once there is a bid, Liar (the last action, total dice * sides). The
 * ranking depends on bidding_rule: with reset-face bid id (q-1)*sides+(f-1)
 * orders by quantity first, so a higher quantity may name any face; with
 * reset-quantity the id (f-1)*total+(q-1) orders by face first, so a higher
 * face may name any quantity. At Liar the dice are counted: the bidder wins
 * (+1, the caller gets -1) when at least q match, else the caller wins.
 *
 * Bids only ever rise, so the bids made form a set: the state keeps them as
 * a bit set (Liar included), which is also what the information-state
 * tensor shows. The payload is a small header, that bit set and the dice,
 * sized by init from the parameters. Bid ids are turned into quantity and
 * face through a table built once, so playing divides nothing. */
#include "games/games-private.h"

#include <string.h>

#define LIARS_PLAYERS 2
#define LIARS_MAX_DICE 32  /* per player */
#define LIARS_MAX_SIDES 64

typedef struct {
  gint8 player;   /* to move: 0, 1, chance or terminal */
  gint8 winner;   /* -1 until Liar is called */
  gint8 loser;
  gint8 bidder;   /* who made the current bid */
  gint16 bid;     /* the current bid, -1 before the first */
  guint8 rolled;  /* dice rolled so far, both players */
  guint8 pad;
  guint64 bids[]; /* bit b: bid b was made; config->words of them, then the dice */
} LiarsState;

/* What the parameters fix, shared by every state of a game. */
typedef struct {
  int num_dice;      /* per player */
  int total;         /* dice in the game */
  int sides;
  int liar;          /* the Liar action, total * sides */
  int words;         /* 64-bit words of the bid set */
  gsize dice_offset; /* where the dice start in the payload */
  double probability; /* of each face */
  /* quantity[b] and face[b] of bid b, 1-based. */
  guint8 *quantity;
  guint8 *face;
} LiarsConfig;

static const AgonParamSpec liars_params[] = {
  { "players", AGON_PARAM_INT, "2", LIARS_PLAYERS, LIARS_PLAYERS, "number of players" },
  { "numdice", AGON_PARAM_INT, "1", 1, LIARS_MAX_DICE, "dice per player" },
  { "dice_sides", AGON_PARAM_INT, "6", 1, LIARS_MAX_SIDES,
    "faces of a die; the highest is wild" },
  { "bidding_rule", AGON_PARAM_STRING, "reset-face", 0, 0,
    "reset-face (a higher quantity may name any face) or reset-quantity (a higher face "
    "may name any quantity)" },
  { NULL },
};

/* The dice: player p's are dice[p * num_dice ...], -1 while unrolled. */
static inline gint8 *
liars_dice(const LiarsConfig *c, LiarsState *s)
{
  return (gint8 *) s + c->dice_offset;
}

static inline const gint8 *
liars_dice_const(const LiarsConfig *c, const LiarsState *s)
{
  return (const gint8 *) s + c->dice_offset;
}

static void
liars_finalize(AgonGame *game)
{
  LiarsConfig *c = game->data;
  if (c == NULL)
    return;
  g_free(c->quantity);
  g_free(c->face);
  g_free(c);
}

static gboolean
liars_init(AgonGame *game, const AgonParams *params, GError **error)
{
  const char *rule = agon_params_get_string(params, "bidding_rule");
  gboolean reset_quantity = strcmp(rule, "reset-quantity") == 0;
  if (!reset_quantity && strcmp(rule, "reset-face") != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: bidding_rule must be reset-face or reset-quantity, not '%s'", game->string,
                rule);
    return FALSE;
  }
  int n = (int) agon_params_get_int(params, "players");
  LiarsConfig *c = g_new0(LiarsConfig, 1);
  game->data = c;
  c->num_dice = (int) agon_params_get_int(params, "numdice");
  c->total = n * c->num_dice;
  c->sides = (int) agon_params_get_int(params, "dice_sides");
  c->liar = c->total * c->sides;
  c->words = c->liar / 64 + 1;
  c->dice_offset = sizeof(LiarsState) + sizeof(guint64) * (gsize) c->words;
  c->probability = 1.0 / c->sides;
  c->quantity = g_new(guint8, c->liar);
  c->face = g_new(guint8, c->liar);
  for (int b = 0; b < c->liar; b++) {
    int major = b / (reset_quantity ? c->total : c->sides);
    int minor = b % (reset_quantity ? c->total : c->sides);
    c->quantity[b] = (guint8) (1 + (reset_quantity ? minor : major));
    c->face[b] = (guint8) (1 + (reset_quantity ? major : minor));
  }

  game->num_players = n;
  game->num_distinct_actions = c->liar + 1;
  game->max_chance_outcomes = c->sides;
  /* Every bid once, then Liar. */
  game->max_game_length = c->liar + 1;
  game->max_chance_nodes = c->total;
  game->min_utility = -1;
  game->max_utility = 1;
  game->utility_sum = 0;
  game->payload_size = c->dice_offset + (gsize) c->total;
  /* Both tensors: player one-hot, one face one-hot per die of the player,
   * one bit per bid and one for Liar. The information state has every bid
   * made; the observation only the last num_players of them. */
  int size = n + c->num_dice * c->sides + c->liar + 1;
  game->info_state_shape = agon__shape(1, size, 0, 0);
  game->observation_shape = agon__shape(1, size, 0, 0);
  return TRUE;
}

static void
liars_initial(const AgonGame *game, void *st)
{
  const LiarsConfig *c = game->data;
  LiarsState *s = st;
  s->player = AGON_PLAYER_CHANCE;
  s->winner = -1;
  s->loser = -1;
  s->bid = -1;
  memset(liars_dice(c, s), -1, (gsize) c->total);
}

static int
liars_current_player(const AgonGame *game, const void *st)
{
  return ((const LiarsState *) st)->player;
}

static int
liars_chance_outcomes(const AgonGame *game, const void *st, AgonChanceOutcome *out)
{
  const LiarsConfig *c = game->data;
  /* Locals: the stores through @out could otherwise alias the config. */
  int sides = c->sides;
  double probability = c->probability;
  for (int i = 0; i < sides; i++)
    out[i] = (AgonChanceOutcome) { i, probability };
  return sides;
}

/* Every face is equally likely: one draw, no outcome list. */
static AgonAction
liars_sample_chance(const AgonGame *game, const void *st, AgonRng *rng)
{
  const LiarsConfig *c = game->data;
  return (AgonAction) agon_rng_below(rng, (guint32) c->sides);
}

static int
liars_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const LiarsConfig *c = game->data;
  const LiarsState *s = st;
  if (player == AGON_PLAYER_CHANCE) {
    int sides = c->sides;
    for (int i = 0; i < sides; i++)
      out[i] = i;
    return sides;
  }
  /* Every bid above the current one, then Liar once there is a bid. The
   * loop always runs over the whole buffer (max_actions entries), past the
   * entries that count: a fixed trip count vectorizes and never mispredicts
   * its exit, which matters in random playouts. */
  int liar = c->liar, first = s->bid + 1;
  for (int i = 0; i < liar; i++)
    out[i] = first + i;
  int n = liar - first;
  out[n] = liar;
  return n + (first > 0);
}

/* Sorts each player's dice, as OpenSpiel does once all are rolled. This
 * and liars_resolve stay out of line, so that the common moves need no
 * saved registers. */
static G_GNUC_NO_INLINE void
liars_sort(const AgonGame *game, const LiarsConfig *c, gint8 *dice)
{
  for (int p = 0; p < game->num_players; p++) {
    gint8 *d = dice + p * c->num_dice;
    for (int i = 1; i < c->num_dice; i++) {
      gint8 v = d[i];
      int j = i;
      for (; j > 0 && d[j - 1] > v; j--)
        d[j] = d[j - 1];
      d[j] = v;
    }
  }
}

/* Settles the current bid after @caller called Liar. */
static G_GNUC_NO_INLINE void
liars_resolve(const LiarsConfig *c, LiarsState *s, int caller)
{
  int quantity = c->quantity[s->bid], face = c->face[s->bid];
  int total = c->total, wild = c->sides;
  const gint8 *dice = liars_dice_const(c, s);
  int matches = 0;
  for (int i = 0; i < total; i++)
    matches += (dice[i] == face) | (dice[i] == wild); /* no branch to mispredict */
  gboolean bid_holds = matches >= quantity;
  s->winner = (gint8) (bid_holds ? s->bidder : caller);
  s->loser = (gint8) (bid_holds ? caller : s->bidder);
}

static int
liars_apply(const AgonGame *game, void *st, AgonAction action)
{
  const LiarsConfig *c = game->data;
  LiarsState *s = st;
  int player = s->player;
  if (player == AGON_PLAYER_CHANCE) {
    /* A local count: the die's store could alias s->rolled. */
    int rolled = s->rolled;
    liars_dice(c, s)[rolled++] = (gint8) (action + 1);
    s->rolled = (guint8) rolled;
    if (rolled == c->total) {
      s->player = 0;
      if (c->num_dice > 1)
        liars_sort(game, c, liars_dice(c, s));
    }
    return s->player;
  }
  s->bids[action >> 6] |= G_GUINT64_CONSTANT(1) << (action & 63);
  if (action == c->liar) {
    liars_resolve(c, s, player);
    s->player = AGON_PLAYER_TERMINAL;
    return AGON_PLAYER_TERMINAL;
  }
  s->bid = (gint16) action;
  s->bidder = (gint8) player;
  s->player = (gint8) (player + 1 == game->num_players ? 0 : player + 1);
  return s->player;
}

static void
liars_returns(const AgonGame *game, const void *st, double *out)
{
  const LiarsState *s = st;
  for (int p = 0; p < game->num_players; p++)
    out[p] = p == s->winner ? 1 : p == s->loser ? -1 : 0;
}

/* The lowest bid made at or above @from (Liar included), or -1. */
static int
liars_next_bid(const LiarsConfig *c, const LiarsState *s, int from)
{
  for (int w = from >> 6; w < c->words; w++) {
    guint64 x = s->bids[w];
    if (w == from >> 6)
      x &= ~G_GUINT64_CONSTANT(0) << (from & 63);
    if (x != 0)
      return w * 64 + __builtin_ctzll(x);
  }
  return -1;
}

static void
liars_append_bid(const LiarsConfig *c, int b, GString *out)
{
  if (b == c->liar)
    g_string_append(out, "Liar");
  else {
    agon__append_int(out, c->quantity[b]);
    g_string_append_c(out, '-');
    agon__append_int(out, c->face[b]);
  }
}

static void
liars_append_bids(const LiarsConfig *c, const LiarsState *s, GString *out)
{
  for (int b = liars_next_bid(c, s, 0); b >= 0; b = liars_next_bid(c, s, b + 1)) {
    g_string_append_c(out, ' ');
    liars_append_bid(c, b, out);
  }
}

/* A player's dice run together, unrolled ones as -1: "-1", "25". */
static void
liars_append_dice(const LiarsConfig *c, const LiarsState *s, int player, GString *out)
{
  const gint8 *dice = liars_dice_const(c, s) + player * c->num_dice;
  for (int d = 0; d < c->num_dice; d++)
    agon__append_int(out, dice[d]);
}

static void
liars_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const LiarsConfig *c = game->data;
  liars_append_dice(c, st, player, out);
  liars_append_bids(c, st, out);
}

/* The player and dice one-hots that start both tensors; returns where the
 * bid bits begin. */
static float *
liars_tensor_head(const AgonGame *game, const LiarsConfig *c, const LiarsState *s, int player,
                  float *values)
{
  values[player] = 1;
  float *faces = values + game->num_players;
  const gint8 *dice = liars_dice_const(c, s) + player * c->num_dice;
  for (int d = 0; d < c->num_dice; d++)
    if (dice[d] > 0)
      faces[d * c->sides + dice[d] - 1] = 1;
  return faces + c->num_dice * c->sides;
}

static void
liars_information_state_tensor(const AgonGame *game, const void *st, int player,
                               float *values)
{
  const LiarsConfig *c = game->data;
  const LiarsState *s = st;
  float *bids = liars_tensor_head(game, c, s, player, values);
  for (int b = liars_next_bid(c, s, 0); b >= 0; b = liars_next_bid(c, s, b + 1))
    bids[b] = 1;
}

static void
liars_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const LiarsConfig *c = game->data;
  const LiarsState *s = st;
  float *bids = liars_tensor_head(game, c, s, player, values);
  /* Only the last num_players bids, the highest ones. */
  int left = game->num_players;
  for (int w = c->words - 1; w >= 0 && left > 0; w--)
    for (guint64 x = s->bids[w]; x != 0 && left > 0; left--) {
      int top = 63 - __builtin_clzll(x);
      bids[w * 64 + top] = 1;
      x &= ~(G_GUINT64_CONSTANT(1) << top);
    }
}

static void
liars_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                       GString *out)
{
  const LiarsConfig *c = game->data;
  if (player == AGON_PLAYER_CHANCE)
    g_string_append_printf(out, "Roll %d", action + 1);
  else if (action >= 0 && action <= c->liar)
    liars_append_bid(c, action, out);
  else
    g_string_append_printf(out, "%d", action);
}

/* OpenSpiel's picture: every player's dice, then the bids, or who rolls. */
static void
liars_to_string(const AgonGame *game, const void *st, GString *out)
{
  const LiarsConfig *c = game->data;
  const LiarsState *s = st;
  for (int p = 0; p < game->num_players; p++) {
    if (p > 0)
      g_string_append_c(out, ' ');
    liars_append_dice(c, s, p, out);
  }
  if (s->player == AGON_PLAYER_CHANCE)
    g_string_append_printf(out, " - chance node, current roller is player %d",
                           s->rolled / c->num_dice);
  else
    liars_append_bids(c, s, out);
}

const AgonGameClass agon_liars_dice_class = {
  .type = {
    .short_name = "liars_dice",
    .long_name = "Liars Dice",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_EXPLICIT_STOCHASTIC,
    .information = AGON_INFORMATION_IMPERFECT,
    .utility = AGON_UTILITY_ZERO_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = LIARS_PLAYERS,
    .max_players = LIARS_PLAYERS,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = FALSE,
    .provides_observation_tensor = TRUE,
  },
  .params = liars_params,
  .init = liars_init,
  .finalize = liars_finalize,
  .initial = liars_initial,
  .current_player = liars_current_player,
  .legal_actions = liars_legal_actions,
  .chance_outcomes = liars_chance_outcomes,
  .sample_chance = liars_sample_chance,
  .apply = liars_apply,
  .returns = liars_returns,
  .information_state_string = liars_information_state_string,
  .information_state_tensor = liars_information_state_tensor,
  .observation_tensor = liars_observation_tensor,
  .action_to_string = liars_action_to_string,
  .to_string = liars_to_string,
};
