/* agon: phantom tic-tac-toe, as OpenSpiel defines it.
 *
 * Tic-tac-toe in which a player sees only its own marks. Player 0 (x) and
 * player 1 (o) try to mark cells in turn, action r*3+c naming row r,
 * column c. A try on an empty cell marks it and passes the turn; a try on
 * a cell the opponent has marked fails, and shows the player that mark. In
 * the classical version (gameversion=classical, the default) the player
 * then tries again; in the abrupt version the turn passes anyway. A
 * player may try any cell its own view shows as empty. Three in a row win
 * (+1, -1 to the loser) and a full board is a draw, as in tic-tac-toe; a
 * play lasts at most 17 tries (9 marks and 8 failures).
 *
 * A player's view is its marks plus the opponent's marks it has run into.
 * Its observation is that view drawn as three rows ("x.o\n...\n..o"); its
 * information state adds the sequence of its own tries ("0,6 0,8 ").
 * With obstype=reveal-numturns both also reveal how many tries have been
 * made, and the information state lists the opponent's tries as "1,? ".
 * Tensors follow OpenSpiel: the view as three planes of nine cells (empty,
 * o, x), then per try in the sequence a one-hot of the cell (with
 * reveal-numturns: the trying player, then the cell or "unknown").
 *
 * The true board is two 9-bit masks; each view is the observer's own mask
 * plus a mask of the opponent's marks it has found. The payload keeps the
 * tries in order, because callbacks see only the payload. */
#include "games/games-private.h"

#include <string.h>

#define PT_CELLS 9
#define PT_FULL 0x1ffu
#define PT_MAX_TRIES (2 * PT_CELLS - 1)
#define PT_TRIER_BIT 0x10u /* in tries[]: set when player 1 tried */

enum { PT_EMPTY, PT_NOUGHT, PT_CROSS }; /* OpenSpiel's tic-tac-toe cell states */

typedef struct {
  gboolean abrupt;
  gboolean reveal_turns;
  int bits_per_try; /* of the information-state tensor's sequence */
  int max_tries;    /* entries in that sequence */
} PtConfig;

/* Every combination of the parameters, so a game points at one and needs
 * nothing freed. */
static const PtConfig pt_configs[2][2] = {
  { { FALSE, FALSE, PT_CELLS, PT_CELLS }, { FALSE, TRUE, PT_CELLS + 2, PT_MAX_TRIES } },
  { { TRUE, FALSE, PT_CELLS, PT_CELLS }, { TRUE, TRUE, PT_CELLS + 2, PT_MAX_TRIES } },
};

typedef struct {
  guint16 marks[2]; /* the true board: bit i, the player's mark on cell i */
  guint16 found[2]; /* the opponent's marks each player has tried and found */
  gint8 player;     /* to move, or AGON_PLAYER_TERMINAL */
  gint8 winner;     /* -1 while nobody has a line */
  gint8 num_tries;
  guint8 tries[PT_MAX_TRIES]; /* cell | PT_TRIER_BIT for player 1 */
} PtState;

G_STATIC_ASSERT(sizeof(PtState) == 28);

static const guint16 pt_lines[8] = {
  0x007, 0x038, 0x1c0, /* rows */
  0x049, 0x092, 0x124, /* columns */
  0x111, 0x054,        /* diagonals */
};

static const AgonParamSpec pt_params[] = {
  { "obstype", AGON_PARAM_STRING, "reveal-nothing", 0, 0,
    "what a player learns of the opponent's tries: reveal-nothing or reveal-numturns" },
  { "gameversion", AGON_PARAM_STRING, "classical", 0, 0,
    "after a failed try: classical (try again) or abrupt (the turn passes)" },
  { NULL },
};

#if defined(__GNUC__) || defined(__clang__)
#define lowest_bit(x) __builtin_ctz(x)
#else
static inline int
lowest_bit(unsigned x)
{
  int i = 0;
  while (!(x & 1u)) {
    x >>= 1;
    i++;
  }
  return i;
}
#endif

static gboolean
pt_init(AgonGame *game, const AgonParams *params, GError **error)
{
  const char *obstype = agon_params_get_string(params, "obstype");
  const char *version = agon_params_get_string(params, "gameversion");
  gboolean reveal_turns = strcmp(obstype, "reveal-numturns") == 0;
  gboolean abrupt = strcmp(version, "abrupt") == 0;
  if (!reveal_turns && strcmp(obstype, "reveal-nothing") != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: obstype must be reveal-nothing or reveal-numturns, not '%s'", game->string,
                obstype);
    return FALSE;
  }
  if (!abrupt && strcmp(version, "classical") != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: gameversion must be classical or abrupt, not '%s'", game->string, version);
    return FALSE;
  }
  const PtConfig *cfg = &pt_configs[abrupt][reveal_turns];
  game->data = (gpointer) cfg;
  game->num_players = 2;
  game->num_distinct_actions = PT_CELLS;
  game->max_chance_outcomes = 0;
  game->max_game_length = PT_MAX_TRIES;
  game->max_chance_nodes = 0;
  game->min_utility = -1;
  game->max_utility = 1;
  game->utility_sum = 0;
  game->payload_size = sizeof(PtState);
  game->info_state_shape =
    agon__shape(2, 1, 3 * PT_CELLS + cfg->max_tries * cfg->bits_per_try, 0);
  /* OpenSpiel sizes the turn count's one-hot for 0..16 tries, though a
   * play may reach 17; see pt_observation_tensor. */
  game->observation_shape =
    agon__shape(1, 3 * PT_CELLS + (reveal_turns ? PT_MAX_TRIES : 0), 0, 0);
  return TRUE;
}

static void
pt_initial(const AgonGame *game, void *st)
{
  PtState *s = st;
  s->player = 0;
  s->winner = -1;
}

static int
pt_current_player(const AgonGame *game, const void *st)
{
  return ((const PtState *) st)->player;
}

static int
pt_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const PtState *s = st;
  unsigned open = ~(unsigned) (s->marks[player] | s->found[player]) & PT_FULL;
  int n = 0;
  for (; open; open &= open - 1)
    out[n++] = lowest_bit(open);
  return n;
}

static int
pt_apply(const AgonGame *game, void *st, AgonAction action)
{
  const PtConfig *cfg = game->data;
  PtState *s = st;
  int p = s->player;
  unsigned bit = 1u << action;
  s->tries[s->num_tries++] = (guint8) (action | (p ? PT_TRIER_BIT : 0));
  if (s->marks[1 - p] & bit) {
    s->found[p] |= (guint16) bit;
    if (cfg->abrupt)
      s->player = (gint8) (1 - p);
    return s->player;
  }
  unsigned m = s->marks[p] | bit;
  s->marks[p] = (guint16) m;
  for (int i = 0; i < 8; i++) {
    if ((m & pt_lines[i]) == pt_lines[i]) {
      s->winner = (gint8) p;
      s->player = AGON_PLAYER_TERMINAL;
      return AGON_PLAYER_TERMINAL;
    }
  }
  s->player = (m | s->marks[1 - p]) == PT_FULL ? AGON_PLAYER_TERMINAL : 1 - p;
  return s->player;
}

static void
pt_returns(const AgonGame *game, const void *st, double *out)
{
  const PtState *s = st;
  out[0] = s->winner < 0 ? 0 : s->winner == 0 ? 1 : -1;
  out[1] = -out[0];
}

/* OpenSpiel's cell state of @cell in @player's view (or, with @player -1,
 * on the true board). */
static int
pt_cell(const PtState *s, int player, int cell)
{
  unsigned bit = 1u << cell;
  unsigned x = s->marks[0], o = s->marks[1];
  if (player == 0)
    o &= s->found[0];
  else if (player == 1)
    x &= s->found[1];
  return x & bit ? PT_CROSS : o & bit ? PT_NOUGHT : PT_EMPTY;
}

/* Three rows of x, o and '.', without a final newline. */
static void
pt_append_board(const PtState *s, int player, GString *out)
{
  for (int r = 0; r < 3; r++) {
    if (r)
      g_string_append_c(out, '\n');
    for (int c = 0; c < 3; c++)
      g_string_append_c(out, ".ox"[pt_cell(s, player, 3 * r + c)]);
  }
}

static void
pt_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const PtConfig *cfg = game->data;
  const PtState *s = st;
  pt_append_board(s, player, out);
  g_string_append_c(out, '\n');
  if (cfg->reveal_turns)
    g_string_append_printf(out, "%d\n", s->num_tries);
  for (int i = 0; i < s->num_tries; i++) {
    int trier = s->tries[i] & PT_TRIER_BIT ? 1 : 0;
    if (trier == player)
      g_string_append_printf(out, "%d,%d ", trier, s->tries[i] & ~PT_TRIER_BIT);
    else if (cfg->reveal_turns)
      g_string_append_printf(out, "%d,? ", trier);
  }
}

static void
pt_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const PtConfig *cfg = game->data;
  const PtState *s = st;
  pt_append_board(s, player, out);
  if (cfg->reveal_turns)
    g_string_append_printf(out, "\nTotal turns: %d", s->num_tries);
}

/* The view's planes, as tic-tac-toe's tensor: state * 9 + cell. */
static void
pt_view_tensor(const PtState *s, int player, float *values)
{
  for (int cell = 0; cell < PT_CELLS; cell++)
    values[pt_cell(s, player, cell) * PT_CELLS + cell] = 1;
}

static void
pt_information_state_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const PtConfig *cfg = game->data;
  const PtState *s = st;
  pt_view_tensor(s, player, values);
  float *slot = values + 3 * PT_CELLS;
  for (int i = 0; i < s->num_tries; i++) {
    int trier = s->tries[i] & PT_TRIER_BIT ? 1 : 0;
    int cell = s->tries[i] & ~PT_TRIER_BIT;
    if (cfg->reveal_turns) {
      slot[0] = (float) trier;
      slot[1 + (trier == player ? cell : PT_CELLS)] = 1;
    } else if (trier == player) {
      slot[cell] = 1;
    } else {
      continue;
    }
    slot += cfg->bits_per_try;
  }
}

static void
pt_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const PtConfig *cfg = game->data;
  const PtState *s = st;
  pt_view_tensor(s, player, values);
  /* OpenSpiel's one-hot has no slot for 17 tries, which only the last
   * move of a longest play reaches; it is left empty there. */
  if (cfg->reveal_turns && s->num_tries < PT_MAX_TRIES)
    values[3 * PT_CELLS + s->num_tries] = 1;
}

static void
pt_to_string(const AgonGame *game, const void *st, GString *out)
{
  pt_append_board(st, -1, out);
}

static void
pt_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                    GString *out)
{
  g_string_append_printf(out, "%c(%d,%d)", player == 1 ? 'o' : 'x', action / 3, action % 3);
}

const AgonGameClass agon_phantom_ttt_class = {
  .type = {
    .short_name = "phantom_ttt",
    .long_name = "Phantom Tic Tac Toe",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_DETERMINISTIC,
    .information = AGON_INFORMATION_IMPERFECT,
    .utility = AGON_UTILITY_ZERO_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 2,
    .max_players = 2,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = TRUE,
  },
  .params = pt_params,
  .init = pt_init,
  .initial = pt_initial,
  .current_player = pt_current_player,
  .legal_actions = pt_legal_actions,
  .apply = pt_apply,
  .returns = pt_returns,
  .information_state_string = pt_information_state_string,
  .information_state_tensor = pt_information_state_tensor,
  .observation_string = pt_observation_string,
  .observation_tensor = pt_observation_tensor,
  .action_to_string = pt_action_to_string,
  .to_string = pt_to_string,
};
