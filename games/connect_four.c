/* agon: Connect Four, as OpenSpiel defines it.
 *
 * Two players take turns dropping a disc into one of the columns of an
 * upright board, rows x columns cells (6 x 7 by default); the disc falls
 * to the lowest empty cell of its column. Player 0 plays x and moves first,
 * player 1 plays o; action c drops a disc into column c and is legal while
 * that column has room. The first player with x_in_row discs (4 by
 * default) in a horizontal, vertical or diagonal line wins (+1, and -1 to
 * the other); a full board without a line is a draw. OpenSpiel's
 * information state is the history ("3, 3, 4"), its observation the board
 * drawn top row first with a newline after every row, and its observation
 * tensor three planes (x, o, empty; or with egocentric_obs_tensor the
 * opponent's discs, the observer's, empty), row 0 being the bottom row.
 *
 * This is the benchmark game for MCTS, so a move must be cheap. When the
 * board fits in 64 bits with a spare cell on top of every column (columns
 * x (rows + 1) <= 64, as 7 x 7 = 49 does), each player's discs are one
 * bitboard in which bit c*(rows+1) + r is row r of column c. A line of k
 * discs in direction d (1 up, rows+1 right, rows+2 and rows along the
 * diagonals) leaves a bit set in b & b>>d & b>>2d ..., which takes
 * log2(k) shift-and steps by doubling; the spare cells stay empty, so no
 * shift carries a line from the top of one column into the next. Larger
 * boards keep one byte per cell and count the runs through the disc just
 * dropped (and the column heights, which the bitboards give for free: the
 * first empty bit of a column). The payload also keeps the moves in order,
 * because the information state is the history and callbacks see only the
 * payload; with them a whole state of the usual game is 248 bytes. */
#include "games/games-private.h"

#include <stddef.h>

#define C4_MAX_SIDE 64 /* rows, columns and x_in_row at most: moves fit a byte */

#if defined(__GNUC__) || defined(__clang__)
#define lowest_bit(x) __builtin_ctzll(x)
#else
static inline int
lowest_bit(guint64 x)
{
  int i = 0;
  while (!(x & 1u)) {
    x >>= 1;
    i++;
  }
  return i;
}
#endif

typedef struct {
  int rows, cols, cells, x_in_row;
  gboolean egocentric;
  gboolean bitboard;   /* the board fits the 64-bit layout */
  gboolean standard;   /* six rows, four in a row: the common path of apply */
  int num_dirs;        /* directions in which a line fits on the board */
  int shifts[4];       /* their bit distances, bitboard layout */
  int steps[4][2];     /* their (row, column) steps, byte layout */
  guint64 top;         /* the top cell of every column, bitboard layout */
  int heights_at, cells_at; /* offsets into C4State.data, byte layout */
} C4Config;

typedef struct {
  guint64 discs[2]; /* one bitboard per player (bitboard layout only) */
  gint8 player;     /* to move, or AGON_PLAYER_TERMINAL */
  gint8 winner;     /* -1 while nobody has a line, and after a draw */
  guint16 num_moves;
  /* moves[cells]; on the byte layout then heights[cols] and cells[cells],
   * each cell 0 when empty or 1 + the player whose disc it holds */
  guint8 data[];
} C4State;

static const AgonParamSpec c4_params[] = {
  { "rows", AGON_PARAM_INT, "6", 1, C4_MAX_SIDE, "number of rows" },
  { "columns", AGON_PARAM_INT, "7", 1, C4_MAX_SIDE, "number of columns" },
  { "x_in_row", AGON_PARAM_INT, "4", 1, C4_MAX_SIDE, "discs in a line that win" },
  { "egocentric_obs_tensor", AGON_PARAM_BOOL, "false", 0, 0,
    "observation planes relative to the observer (opponent, own, empty)" },
  { NULL },
};

static void
c4_add_direction(C4Config *cfg, int extent, int shift, int dr, int dc)
{
  /* A direction in which no line fits is never tested: this also keeps
   * every shift of the doubling below 64 bits. */
  if (cfg->x_in_row > extent)
    return;
  cfg->shifts[cfg->num_dirs] = shift;
  cfg->steps[cfg->num_dirs][0] = dr;
  cfg->steps[cfg->num_dirs][1] = dc;
  cfg->num_dirs++;
}

static gboolean
c4_init(AgonGame *game, const AgonParams *params, GError **error)
{
  C4Config *cfg = g_new0(C4Config, 1);
  game->data = cfg;
  cfg->rows = (int) agon_params_get_int(params, "rows");
  cfg->cols = (int) agon_params_get_int(params, "columns");
  cfg->cells = cfg->rows * cfg->cols;
  cfg->x_in_row = (int) agon_params_get_int(params, "x_in_row");
  cfg->egocentric = agon_params_get_bool(params, "egocentric_obs_tensor");
  cfg->bitboard = cfg->cols * (cfg->rows + 1) <= 64;
  int h = cfg->rows + 1;
  c4_add_direction(cfg, cfg->rows, 1, 1, 0);
  c4_add_direction(cfg, cfg->cols, h, 0, 1);
  c4_add_direction(cfg, MIN(cfg->rows, cfg->cols), h + 1, 1, 1);
  c4_add_direction(cfg, MIN(cfg->rows, cfg->cols), h - 1, -1, 1);
  cfg->standard = cfg->bitboard && cfg->rows == 6 && cfg->x_in_row == 4 && cfg->num_dirs == 4;
  for (int c = 0; cfg->bitboard && c < cfg->cols; c++)
    cfg->top |= (guint64) 1 << (c * h + cfg->rows - 1);
  cfg->heights_at = cfg->cells;
  cfg->cells_at = cfg->cells + cfg->cols;

  game->num_players = 2;
  game->num_distinct_actions = cfg->cols;
  game->max_chance_outcomes = 0;
  game->max_game_length = cfg->cells;
  game->max_chance_nodes = 0;
  game->min_utility = -1;
  game->max_utility = 1;
  game->utility_sum = 0;
  gsize bytes = (gsize) cfg->cells; /* the moves */
  if (!cfg->bitboard)
    bytes += (gsize) cfg->cols + (gsize) cfg->cells; /* heights and cells */
  game->payload_size = offsetof(C4State, data) + bytes;
  game->observation_shape = agon__shape(3, 3, cfg->rows, cfg->cols);
  return TRUE;
}

static void
c4_finalize(AgonGame *game)
{
  g_clear_pointer(&game->data, g_free);
}

static void
c4_initial(const AgonGame *game, void *st)
{
  C4State *s = st;
  s->player = 0;
  s->winner = -1;
}

static int
c4_current_player(const AgonGame *game, const void *st)
{
  return ((const C4State *) st)->player;
}

static int
c4_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const C4Config *cfg = game->data;
  const C4State *s = st;
  /* In locals: the build has no strict aliasing, so a store to out[] would
   * make the compiler read cfg again. */
  int cols = cfg->cols, rows = cfg->rows;
  if (G_LIKELY(cfg->bitboard)) {
    guint64 full = (s->discs[0] | s->discs[1]) & cfg->top;
    if (G_LIKELY(full == 0)) {
      /* No column is full, which is most of a game: independent stores,
       * unrolled for the usual width. */
      if (G_LIKELY(cols == 7)) {
        for (int c = 0; c < 7; c++)
          out[c] = c;
        return 7;
      }
      for (int c = 0; c < cols; c++)
        out[c] = c;
      return cols;
    }
    int n = 0;
    for (int c = 0; c < cols; c++) {
      out[n] = c;
      n += !((full >> (c * (rows + 1) + rows - 1)) & 1);
    }
    return n;
  }
  /* Branch-free, as random play makes a branch per column unpredictable. */
  const guint8 *heights = s->data + cfg->heights_at;
  int n = 0;
  for (int c = 0; c < cols; c++) {
    out[n] = c;
    n += heights[c] < rows;
  }
  return n;
}

/* Whether the bitboard @b, with columns @h bits apart, holds four in a
 * row: two shift-and steps per direction. Inlined with the usual height as
 * a constant, every shift is an immediate. */
static inline gboolean
c4_four(guint64 b, int h)
{
  guint64 up = b & b >> 1, right = b & b >> h, rise = b & b >> (h + 1), fall = b & b >> (h - 1);
  return ((up & up >> 2) | (right & right >> 2 * h) | (rise & rise >> 2 * (h + 1))
          | (fall & fall >> 2 * (h - 1)))
         != 0;
}

/* Whether the bitboard @b holds a line of x_in_row discs, for any
 * x_in_row. */
static gboolean
c4_bitboard_line(const C4Config *cfg, guint64 b)
{
  int k = cfg->x_in_row;
  if (k == 4 && cfg->num_dirs == 4)
    return c4_four(b, cfg->rows + 1);
  for (int i = 0; i < cfg->num_dirs; i++) {
    int d = cfg->shifts[i];
    guint64 t = b;
    /* Bit j of t: the len cells from j on in direction d are all set.
     * Combining t with itself shifted by step <= len cells extends that to
     * len + step. */
    for (int len = 1; len < k;) {
      int step = MIN(len, k - len);
      t &= t >> step * d;
      len += step;
    }
    if (t)
      return TRUE;
  }
  return FALSE;
}

/* Byte layout: the player's discs in a row from (r, c), not counting it,
 * stepping by (dr, dc). */
static int
c4_run(const C4Config *cfg, const guint8 *cells, int r, int c, int dr, int dc, int who)
{
  int n = 0;
  for (r += dr, c += dc; r >= 0 && r < cfg->rows && c >= 0 && c < cfg->cols
                         && cells[r * cfg->cols + c] == who;
       r += dr, c += dc)
    n++;
  return n;
}

static gboolean
c4_byte_line(const C4Config *cfg, const guint8 *cells, int r, int c, int who)
{
  for (int i = 0; i < cfg->num_dirs; i++) {
    int dr = cfg->steps[i][0], dc = cfg->steps[i][1];
    if (1 + c4_run(cfg, cells, r, c, dr, dc, who) + c4_run(cfg, cells, r, c, -dr, -dc, who)
        >= cfg->x_in_row)
      return TRUE;
  }
  return FALSE;
}

/* Records the move and the outcome; @line says whether it made a line. */
static inline void
c4_finish(const C4Config *cfg, C4State *s, int c, gboolean line)
{
  int p = s->player, n = s->num_moves;
  s->player = (gint8) (line || n + 1 == cfg->cells ? AGON_PLAYER_TERMINAL : 1 - p);
  if (line)
    s->winner = (gint8) p;
  s->data[n] = (guint8) c;
  s->num_moves = (guint16) (n + 1);
}

/* Any board, any x_in_row: out of line, so that the common path below
 * stays small. */
G_GNUC_NO_INLINE static void
c4_apply_general(const C4Config *cfg, C4State *s, int c)
{
  int p = s->player;
  gboolean line;
  if (cfg->bitboard) {
    int h = cfg->rows + 1;
    guint64 b = s->discs[p];
    int r = lowest_bit(~((s->discs[0] | s->discs[1]) >> c * h));
    b |= (guint64) 1 << (c * h + r);
    s->discs[p] = b;
    line = c4_bitboard_line(cfg, b);
  } else {
    guint8 *heights = s->data + cfg->heights_at;
    guint8 *cells = s->data + cfg->cells_at;
    int r = heights[c]++;
    cells[r * cfg->cols + c] = (guint8) (p + 1);
    line = c4_byte_line(cfg, cells, r, c, p + 1);
  }
  c4_finish(cfg, s, c, line);
}

static int
c4_apply(const AgonGame *game, void *st, AgonAction action)
{
  const C4Config *cfg = game->data;
  C4State *s = st;
  if (G_UNLIKELY(!cfg->standard)) {
    c4_apply_general(cfg, s, action);
    return s->player;
  }
  int p = s->player, c = action;
  /* The discs of a column are stacked from its bottom bit: the first
   * empty bit is where the new one lands. */
  guint64 column = (s->discs[0] | s->discs[1]) >> c * 7;
  guint64 b = s->discs[p] | (guint64) 1 << (c * 7 + lowest_bit(~column));
  s->discs[p] = b;
  /* Before this move nobody had a line, so a line now runs through the
   * new disc: testing the whole board is as good and needs no masks. */
  c4_finish(cfg, s, c, c4_four(b, 7));
  return s->player;
}

static void
c4_returns(const AgonGame *game, const void *st, double *out)
{
  const C4State *s = st;
  out[0] = s->winner < 0 ? 0 : s->winner == 0 ? 1 : -1;
  out[1] = -out[0];
}

/* 0 for an empty cell, else 1 + the player whose disc is at row @r (0 at
 * the bottom), column @c. */
static int
c4_cell(const C4Config *cfg, const C4State *s, int r, int c)
{
  if (!cfg->bitboard)
    return s->data[cfg->cells_at + r * cfg->cols + c];
  guint64 bit = (guint64) 1 << (c * (cfg->rows + 1) + r);
  return s->discs[0] & bit ? 1 : s->discs[1] & bit ? 2 : 0;
}

/* OpenSpiel's HistoryString: the moves, comma-separated. */
static void
c4_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const C4State *s = st;
  for (int i = 0; i < s->num_moves; i++)
    g_string_append_printf(out, i ? ", %d" : "%d", s->data[i]);
}

/* The board, top row first, every row followed by a newline. */
static void
c4_to_string(const AgonGame *game, const void *st, GString *out)
{
  const C4Config *cfg = game->data;
  for (int r = cfg->rows - 1; r >= 0; r--) {
    for (int c = 0; c < cfg->cols; c++)
      g_string_append_c(out, ".xo"[c4_cell(cfg, st, r, c)]);
    g_string_append_c(out, '\n');
  }
}

static void
c4_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  c4_to_string(game, st, out);
}

static void
c4_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const C4Config *cfg = game->data;
  for (int r = 0; r < cfg->rows; r++) {
    for (int c = 0; c < cfg->cols; c++) {
      int cell = c4_cell(cfg, st, r, c);
      int plane;
      if (cell == 0)
        plane = 2;
      else if (cfg->egocentric)
        plane = cell == player + 1; /* OpenSpiel: the opponent's discs come first */
      else
        plane = cell - 1;
      values[(plane * cfg->rows + r) * cfg->cols + c] = 1;
    }
  }
}

static void
c4_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                    GString *out)
{
  g_string_append_printf(out, "%c%d", player == 1 ? 'o' : 'x', action);
}

const AgonGameClass agon_connect_four_class = {
  .type = {
    .short_name = "connect_four",
    .long_name = "Connect Four",
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
  .params = c4_params,
  .init = c4_init,
  .finalize = c4_finalize,
  .initial = c4_initial,
  .current_player = c4_current_player,
  .legal_actions = c4_legal_actions,
  .apply = c4_apply,
  .returns = c4_returns,
  .information_state_string = c4_information_state_string,
  .observation_string = c4_observation_string,
  .observation_tensor = c4_observation_tensor,
  .action_to_string = c4_action_to_string,
  .to_string = c4_to_string,
};
