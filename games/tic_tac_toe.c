/* agon: tic-tac-toe, as OpenSpiel defines it.
 *
 * Two players mark the cells of a 3x3 board in turn, player 0 with x and
 * player 1 with o; action r*3+c marks row r, column c. Three marks in a
 * row, column or diagonal win (+1 to the winner, -1 to the loser); a full
 * board without a line is a draw.
 *
 * Random playouts and MCTS run on this game, so it is built for speed: the
 * board is two 9-bit masks, one per player; the legal actions are the set
 * bits of the empty mask; and after a move only the lines through the
 * cell just marked are tested, each with one AND and one compare. The
 * payload also keeps the moves in order, because OpenSpiel's information
 * state is the history string ("8, 3, 6") and callbacks see only the
 * payload. It stays 16 bytes, so copying a whole state is cheap. */
#include "games/games-private.h"

#define TTT_CELLS 9
#define TTT_FULL 0x1ffu

typedef struct {
  guint16 marks[2];       /* bit i: the player's mark on cell i (x is player 0) */
  gint8 player;           /* to move, or AGON_PLAYER_TERMINAL */
  gint8 winner;           /* -1 while nobody has a line */
  gint8 num_moves;
  gint8 moves[TTT_CELLS]; /* the cells marked, in order */
} TttState;

G_STATIC_ASSERT(sizeof(TttState) == 16);

#define ROW(r) (0x7u << (3 * (r)))
#define COL(c) (0x49u << (c))
#define DIAG 0x111u
#define ANTI 0x054u

/* The lines through each cell. Corners and edges lie on fewer than four
 * lines; their rows repeat a real line, so that every test is four
 * branch-free compares. */
static const guint16 lines_through[TTT_CELLS][4] = {
  { ROW(0), COL(0), DIAG, DIAG },   { ROW(0), COL(1), COL(1), COL(1) },
  { ROW(0), COL(2), ANTI, ANTI },   { ROW(1), COL(0), COL(0), COL(0) },
  { ROW(1), COL(1), DIAG, ANTI },   { ROW(1), COL(2), COL(2), COL(2) },
  { ROW(2), COL(0), ANTI, ANTI },   { ROW(2), COL(1), COL(1), COL(1) },
  { ROW(2), COL(2), DIAG, DIAG },
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

static const AgonParamSpec ttt_params[] = {
  { NULL },
};

static gboolean
ttt_init(AgonGame *game, const AgonParams *params, GError **error)
{
  game->num_players = 2;
  game->num_distinct_actions = TTT_CELLS;
  game->max_chance_outcomes = 0;
  game->max_game_length = TTT_CELLS;
  game->max_chance_nodes = 0;
  game->min_utility = -1;
  game->max_utility = 1;
  game->utility_sum = 0;
  game->payload_size = sizeof(TttState);
  /* CHW planes: empty, o (nought), x (cross), as OpenSpiel's CellState. */
  game->observation_shape = agon__shape(3, 3, 3, 3);
  return TRUE;
}

static void
ttt_initial(const AgonGame *game, void *st)
{
  TttState *s = st;
  s->player = 0;
  s->winner = -1;
}

static int
ttt_current_player(const AgonGame *game, const void *st)
{
  return ((const TttState *) st)->player;
}

static int
ttt_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const TttState *s = st;
  unsigned empty = ~(unsigned) (s->marks[0] | s->marks[1]) & TTT_FULL;
  int n = 0;
  for (; empty; empty &= empty - 1)
    out[n++] = lowest_bit(empty);
  return n;
}

static int
ttt_apply(const AgonGame *game, void *st, AgonAction action)
{
  TttState *s = st;
  int p = s->player;
  unsigned m = s->marks[p] | (1u << action);
  s->marks[p] = (guint16) m;
  s->moves[s->num_moves++] = (gint8) action;
  const guint16 *l = lines_through[action];
  gboolean line = ((m & l[0]) == l[0]) | ((m & l[1]) == l[1]) | ((m & l[2]) == l[2])
                  | ((m & l[3]) == l[3]);
  if (line) {
    s->winner = (gint8) p;
    s->player = AGON_PLAYER_TERMINAL;
  } else {
    s->player = s->num_moves == TTT_CELLS ? AGON_PLAYER_TERMINAL : 1 - p;
  }
  return s->player;
}

static void
ttt_returns(const AgonGame *game, const void *st, double *out)
{
  const TttState *s = st;
  out[0] = s->winner < 0 ? 0 : s->winner == 0 ? 1 : -1;
  out[1] = -out[0];
}

/* OpenSpiel's HistoryString: the moves, comma-separated. */
static void
ttt_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const TttState *s = st;
  for (int i = 0; i < s->num_moves; i++)
    g_string_append_printf(out, i ? ", %d" : "%d", s->moves[i]);
}

static char
ttt_cell(const TttState *s, int cell)
{
  if (s->marks[0] & (1u << cell))
    return 'x';
  return s->marks[1] & (1u << cell) ? 'o' : '.';
}

/* Three rows of x, o and '.', without a final newline. */
static void
ttt_to_string(const AgonGame *game, const void *st, GString *out)
{
  const TttState *s = st;
  for (int r = 0; r < 3; r++) {
    if (r)
      g_string_append_c(out, '\n');
    for (int c = 0; c < 3; c++)
      g_string_append_c(out, ttt_cell(s, 3 * r + c));
  }
}

static void
ttt_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  ttt_to_string(game, st, out);
}

static void
ttt_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const TttState *s = st;
  for (int cell = 0; cell < TTT_CELLS; cell++) {
    int plane = s->marks[0] & (1u << cell) ? 2 : s->marks[1] & (1u << cell) ? 1 : 0;
    values[plane * TTT_CELLS + cell] = 1;
  }
}

static void
ttt_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                     GString *out)
{
  g_string_append_printf(out, "%c(%d,%d)", player == 1 ? 'o' : 'x', action / 3, action % 3);
}

const AgonGameClass agon_tic_tac_toe_class = {
  .type = {
    .short_name = "tic_tac_toe",
    .long_name = "Tic Tac Toe",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_DETERMINISTIC,
    .information = AGON_INFORMATION_PERFECT,
    .utility = AGON_UTILITY_ZERO_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 2,
    .max_players = 2,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = FALSE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = TRUE,
  },
  .params = ttt_params,
  .init = ttt_init,
  .initial = ttt_initial,
  .current_player = ttt_current_player,
  .legal_actions = ttt_legal_actions,
  .apply = ttt_apply,
  .returns = ttt_returns,
  .information_state_string = ttt_information_state_string,
  .observation_string = ttt_observation_string,
  .observation_tensor = ttt_observation_tensor,
  .action_to_string = ttt_action_to_string,
  .to_string = ttt_to_string,
};
