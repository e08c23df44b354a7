/* agon: dark hex, as OpenSpiel defines it.
 *
 * Hex in which a player sees only its own stones. The board has num_rows
 * rows of num_cols cells (board_size each by default, 3), each row shifted
 * half a cell right of the one above, so that cell (r, c) touches (r-1, c),
 * (r-1, c+1), (r, c-1), (r, c+1), (r+1, c-1) and (r+1, c). Action
 * r*num_cols + c names cell (r, c), written as the column's letter and the
 * row's number ("a1" is action 0, "c2" action num_cols + 2). Player 0
 * (black, x) joins the top and bottom rows, player 1 (white, o) the left
 * and right columns; the first to connect wins (+1, -1 to the other), and
 * hex has no draws.
 *
 * Players try cells in turn. A try on an empty cell places a stone and
 * passes the turn; a try on the opponent's stone fails and shows it to the
 * player, who then tries again (gameversion=cdh, classical) or loses the
 * turn (adh, abrupt). A player may try any cell its view shows empty, so a
 * play lasts at most 2 * cells - 1 tries. A view holds the player's
 * stones and the opponent's stones it found, in OpenSpiel's hex cell
 * states: 1 black, -1 white, 4 and -4 for the stone that won, 0 empty. The
 * observation draws the view ("x..\n.o.\n..."); the information state adds
 * the number of tries so far and the player's own tries ("0,4 0,7 "). With
 * obstype=reveal-numturns the observation also counts the tries and the
 * opponent's tries appear as "1,? ". Tensors follow OpenSpiel: nine states
 * per cell, cell after cell (state + 4 hot), then the tries as in phantom
 * tic-tac-toe.
 *
 * Connections are kept with a union-find over the stones in the payload:
 * a new stone becomes the root of every group of its colour it touches,
 * and each root records which of its player's two edges the group reaches,
 * so a move costs a few finds (over neighbours listed once, at creation)
 * and the state allocates nothing. The payload is sized from the board:
 * parents, tries, board, edge flags and the two views, one array each. */
#include "games/games-private.h"

#include <stddef.h>
#include <string.h>

#define DH_MAX_SIDE 26 /* column letters a..z */
#define DH_TRIER_BIT 0x8000u /* in tries[]: set when player 1 tried */

enum { DH_EMPTY, DH_BLACK, DH_WHITE }; /* the true board */

/* OpenSpiel's hex cell states kept in the views. */
enum { VIEW_BLACK = 1, VIEW_BLACK_WIN = 4, VIEW_WHITE = -1, VIEW_WHITE_WIN = -4 };
#define DH_CELL_STATES 9

typedef struct {
  int rows, cols, cells;
  gboolean abrupt;
  gboolean reveal_turns;
  int bits_per_try;   /* of the information-state tensor's sequence */
  int tensor_tries;   /* entries in that sequence */
  int max_tries;      /* 2 * cells - 1 */
  gsize tries_at;     /* offsets in DhState.data, in guint16 units */
  gsize bytes_at;     /* start of the byte arrays, in guint16 units */
  /* Tables built once, so that a move needs no division: */
  guint16 *neighbours; /* six slots per cell, the first degree[cell] used */
  guint8 *degree;
  guint8 *edges[2];    /* per player and cell: bit 0 on its first edge, bit 1 on its second */
} DhConfig;

typedef struct {
  gint8 player;       /* to move, or AGON_PLAYER_TERMINAL */
  gint8 winner;       /* -1 until somebody connects */
  guint16 num_tries;
  /* parent[cells], tries[max_tries] (cell | DH_TRIER_BIT for player 1),
   * then bytes: board[cells], edges[cells] (bit 0 the first edge, bit 1
   * the second; valid at a group's root), view[2][cells] */
  guint16 data[];
} DhState;

static const AgonParamSpec dh_params[] = {
  { "obstype", AGON_PARAM_STRING, "reveal-nothing", 0, 0,
    "what a player learns of the opponent's tries: reveal-nothing or reveal-numturns" },
  { "gameversion", AGON_PARAM_STRING, "cdh", 0, 0,
    "after a failed try: cdh (classical, try again) or adh (abrupt, the turn passes)" },
  { "board_size", AGON_PARAM_INT, "3", 2, DH_MAX_SIDE,
    "rows and columns, unless num_rows or num_cols say otherwise" },
  { "num_cols", AGON_PARAM_INT, "0", 0, DH_MAX_SIDE, "number of columns (0: board_size)" },
  { "num_rows", AGON_PARAM_INT, "0", 0, DH_MAX_SIDE, "number of rows (0: board_size)" },
  { NULL },
};

/* The arrays of the payload; the mutable ones only for apply. */
static const guint16 *
dh_tries(const DhConfig *cfg, const DhState *s)
{
  return s->data + cfg->tries_at;
}

static const guint8 *
dh_board(const DhConfig *cfg, const DhState *s)
{
  return (const guint8 *) (s->data + cfg->bytes_at);
}

static const gint8 *
dh_view(const DhConfig *cfg, const DhState *s, int player)
{
  return (const gint8 *) dh_board(cfg, s) + (2 + player) * cfg->cells;
}

static guint8 *
dh_board_mut(const DhConfig *cfg, DhState *s)
{
  return (guint8 *) (s->data + cfg->bytes_at);
}

/* A side from its parameter; 0 stands for board_size. Hex needs two rows
 * and two columns: on one, a player could never reach the far edge and a
 * full board would have no winner. */
static int
dh_side(AgonGame *game, const AgonParams *params, const char *key, int board_size,
        GError **error)
{
  int side = (int) agon_params_get_int(params, key);
  if (side == 1) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: %s must be 0 (board_size) or between 2 and %d", game->string, key,
                DH_MAX_SIDE);
    return -1;
  }
  return side ? side : board_size;
}

static gboolean
dh_init(AgonGame *game, const AgonParams *params, GError **error)
{
  const char *obstype = agon_params_get_string(params, "obstype");
  const char *version = agon_params_get_string(params, "gameversion");
  gboolean reveal_turns = strcmp(obstype, "reveal-numturns") == 0;
  gboolean abrupt = strcmp(version, "adh") == 0;
  if (!reveal_turns && strcmp(obstype, "reveal-nothing") != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: obstype must be reveal-nothing or reveal-numturns, not '%s'", game->string,
                obstype);
    return FALSE;
  }
  if (!abrupt && strcmp(version, "cdh") != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: gameversion must be cdh or adh, not '%s'", game->string, version);
    return FALSE;
  }
  int board_size = (int) agon_params_get_int(params, "board_size");
  int cols = dh_side(game, params, "num_cols", board_size, error);
  if (cols < 0)
    return FALSE;
  int rows = dh_side(game, params, "num_rows", board_size, error);
  if (rows < 0)
    return FALSE;

  int cells = rows * cols;
  /* The configuration and its tables in one block, freed by finalize. */
  DhConfig *cfg = g_malloc0(sizeof(DhConfig) + (gsize) cells * (6 * sizeof(guint16) + 3));
  game->data = cfg;
  cfg->rows = rows;
  cfg->cols = cols;
  cfg->cells = cells;
  cfg->neighbours = (guint16 *) (cfg + 1);
  cfg->degree = (guint8 *) (cfg->neighbours + 6 * cells);
  cfg->edges[0] = cfg->degree + cells;
  cfg->edges[1] = cfg->edges[0] + cells;
  static const int dr[6] = { -1, -1, 0, 1, 1, 0 };
  static const int dc[6] = { 0, 1, 1, 0, -1, -1 };
  for (int cell = 0; cell < cells; cell++) {
    int r = cell / cols, c = cell % cols;
    for (int i = 0; i < 6; i++) {
      int nr = r + dr[i], nc = c + dc[i];
      if (nr >= 0 && nr < rows && nc >= 0 && nc < cols)
        cfg->neighbours[6 * cell + cfg->degree[cell]++] = (guint16) (nr * cols + nc);
    }
    /* Black joins the top and bottom rows, white the left and right
     * columns; sides are at least 2, so no cell is on both of a player's
     * edges. */
    cfg->edges[0][cell] = (guint8) ((r == 0 ? 1 : 0) | (r == rows - 1 ? 2 : 0));
    cfg->edges[1][cell] = (guint8) ((c == 0 ? 1 : 0) | (c == cols - 1 ? 2 : 0));
  }
  cfg->abrupt = abrupt;
  cfg->reveal_turns = reveal_turns;
  cfg->max_tries = 2 * cfg->cells - 1;
  /* Without the turn count a player's sequence holds only its own tries,
   * at most one per cell; with it, every try of both players. */
  cfg->bits_per_try = reveal_turns ? cfg->cells + 2 : cfg->cells;
  cfg->tensor_tries = reveal_turns ? cfg->max_tries : cfg->cells;
  cfg->tries_at = (gsize) cfg->cells;
  cfg->bytes_at = cfg->tries_at + (gsize) cfg->max_tries;

  game->num_players = 2;
  game->num_distinct_actions = cfg->cells;
  game->max_chance_outcomes = 0;
  game->max_game_length = cfg->max_tries;
  game->max_chance_nodes = 0;
  game->min_utility = -1;
  game->max_utility = 1;
  game->utility_sum = 0;
  game->payload_size =
    offsetof(DhState, data) + sizeof(guint16) * cfg->bytes_at + 4 * (gsize) cfg->cells;
  int view_size = cfg->cells * DH_CELL_STATES;
  game->info_state_shape =
    agon__shape(1, view_size + cfg->tensor_tries * cfg->bits_per_try, 0, 0);
  game->observation_shape =
    agon__shape(1, view_size + (reveal_turns ? cfg->max_tries + 1 : 0), 0, 0);
  return TRUE;
}

static void
dh_finalize(AgonGame *game)
{
  g_clear_pointer(&game->data, g_free);
}

static void
dh_initial(const AgonGame *game, void *st)
{
  DhState *s = st;
  s->player = 0;
  s->winner = -1;
}

static int
dh_current_player(const AgonGame *game, const void *st)
{
  return ((const DhState *) st)->player;
}

static int
dh_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const DhConfig *cfg = game->data;
  const gint8 *view = dh_view(cfg, st, player);
  int cells = cfg->cells;
  int n = 0;
  /* Branch-free: in random play the branch would be unpredictable. */
  for (int cell = 0; cell < cells; cell++) {
    out[n] = cell;
    n += view[cell] == 0;
  }
  return n;
}

/* The root of @cell's group, halving the path on the way. */
static int
dh_find(guint16 *parent, int cell)
{
  while (parent[cell] != cell) {
    parent[cell] = parent[parent[cell]];
    cell = parent[cell];
  }
  return cell;
}

/* Places @player's stone on the empty @cell; returns whether its group now
 * joins the player's two edges. */
static gboolean
dh_place(const DhConfig *cfg, DhState *s, int player, int cell)
{
  guint16 *parent = s->data;
  guint8 *board = dh_board_mut(cfg, s);
  guint8 *edges = board + cfg->cells;
  const guint16 *next = cfg->neighbours + 6 * cell;
  int degree = cfg->degree[cell];
  unsigned reach = cfg->edges[player][cell];
  guint8 colour = player == 0 ? DH_BLACK : DH_WHITE;
  board[cell] = colour;
  parent[cell] = (guint16) cell;
  for (int i = 0; i < degree; i++) {
    if (board[next[i]] != colour)
      continue;
    int root = dh_find(parent, next[i]);
    if (root != cell) {
      parent[root] = (guint16) cell;
      reach |= edges[root];
    }
  }
  edges[cell] = (guint8) reach;
  return reach == 3;
}

static int
dh_apply(const AgonGame *game, void *st, AgonAction action)
{
  const DhConfig *cfg = game->data;
  DhState *s = st;
  int p = s->player;
  guint16 *tries = s->data + cfg->tries_at;
  tries[s->num_tries++] = (guint16) (action | (p ? DH_TRIER_BIT : 0));
  guint8 *board = dh_board_mut(cfg, s);
  gint8 *view = (gint8 *) board + (2 + p) * cfg->cells;
  if (board[action] != DH_EMPTY) {
    /* Only the opponent's stone can be there: the player's own are in its
     * view, so not legal. */
    view[action] = board[action] == DH_BLACK ? VIEW_BLACK : VIEW_WHITE;
    if (cfg->abrupt)
      s->player = (gint8) (1 - p);
    return s->player;
  }
  if (dh_place(cfg, s, p, action)) {
    view[action] = p == 0 ? VIEW_BLACK_WIN : VIEW_WHITE_WIN;
    s->winner = (gint8) p;
    s->player = AGON_PLAYER_TERMINAL;
  } else {
    view[action] = p == 0 ? VIEW_BLACK : VIEW_WHITE;
    s->player = (gint8) (1 - p);
  }
  return s->player;
}

static void
dh_returns(const AgonGame *game, const void *st, double *out)
{
  const DhState *s = st;
  out[0] = s->winner < 0 ? 0 : s->winner == 0 ? 1 : -1;
  out[1] = -out[0];
}

static char
dh_view_char(int state)
{
  return state > 0 ? 'x' : state < 0 ? 'o' : '.';
}

/* The player's view, one line per row, without a final newline. */
static void
dh_append_view(const DhConfig *cfg, const DhState *s, int player, GString *out)
{
  const gint8 *view = dh_view(cfg, s, player);
  for (int r = 0; r < cfg->rows; r++) {
    if (r)
      g_string_append_c(out, '\n');
    for (int c = 0; c < cfg->cols; c++)
      g_string_append_c(out, dh_view_char(view[r * cfg->cols + c]));
  }
}

static void
dh_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const DhConfig *cfg = game->data;
  const DhState *s = st;
  const guint16 *tries = dh_tries(cfg, s);
  dh_append_view(cfg, s, player, out);
  g_string_append_printf(out, "\n%d\n", s->num_tries);
  for (int i = 0; i < s->num_tries; i++) {
    int trier = tries[i] & DH_TRIER_BIT ? 1 : 0;
    if (trier == player)
      g_string_append_printf(out, "%d,%d ", trier, tries[i] & ~DH_TRIER_BIT);
    else if (cfg->reveal_turns)
      g_string_append_printf(out, "%d,? ", trier);
  }
}

static void
dh_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const DhConfig *cfg = game->data;
  const DhState *s = st;
  dh_append_view(cfg, s, player, out);
  if (cfg->reveal_turns)
    g_string_append_printf(out, "\nTotal turns: %d", s->num_tries);
}

/* Nine states per cell, cell after cell. */
static void
dh_view_tensor(const DhConfig *cfg, const DhState *s, int player, float *values)
{
  const gint8 *view = dh_view(cfg, s, player);
  for (int cell = 0; cell < cfg->cells; cell++)
    values[cell * DH_CELL_STATES + view[cell] + 4] = 1;
}

static void
dh_information_state_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const DhConfig *cfg = game->data;
  const DhState *s = st;
  const guint16 *tries = dh_tries(cfg, s);
  dh_view_tensor(cfg, s, player, values);
  float *slot = values + cfg->cells * DH_CELL_STATES;
  for (int i = 0; i < s->num_tries; i++) {
    int trier = tries[i] & DH_TRIER_BIT ? 1 : 0;
    int cell = tries[i] & ~DH_TRIER_BIT;
    if (cfg->reveal_turns) {
      slot[0] = (float) trier;
      slot[1 + (trier == player ? cell : cfg->cells)] = 1;
    } else if (trier == player) {
      slot[cell] = 1;
    } else {
      continue;
    }
    slot += cfg->bits_per_try;
  }
}

static void
dh_observation_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const DhConfig *cfg = game->data;
  const DhState *s = st;
  dh_view_tensor(cfg, s, player, values);
  if (cfg->reveal_turns)
    values[cfg->cells * DH_CELL_STATES + s->num_tries] = 1;
}

/* OpenSpiel's hex picture of the true board: every cell followed by a
 * space, row r indented by r spaces. */
static void
dh_to_string(const AgonGame *game, const void *st, GString *out)
{
  const DhConfig *cfg = game->data;
  const guint8 *board = dh_board(cfg, st);
  for (int r = 0; r < cfg->rows; r++) {
    if (r) {
      g_string_append_c(out, '\n');
      for (int i = 0; i < r; i++)
        g_string_append_c(out, ' ');
    }
    for (int c = 0; c < cfg->cols; c++) {
      g_string_append_c(out, ".xo"[board[r * cfg->cols + c]]);
      g_string_append_c(out, ' ');
    }
  }
}

static void
dh_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                    GString *out)
{
  const DhConfig *cfg = game->data;
  g_string_append_printf(out, "%c%d", 'a' + action % cfg->cols, action / cfg->cols + 1);
}

const AgonGameClass agon_dark_hex_class = {
  .type = {
    .short_name = "dark_hex",
    .long_name = "Dark Hex",
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
  .params = dh_params,
  .init = dh_init,
  .finalize = dh_finalize,
  .initial = dh_initial,
  .current_player = dh_current_player,
  .legal_actions = dh_legal_actions,
  .apply = dh_apply,
  .returns = dh_returns,
  .information_state_string = dh_information_state_string,
  .information_state_tensor = dh_information_state_tensor,
  .observation_string = dh_observation_string,
  .observation_tensor = dh_observation_tensor,
  .action_to_string = dh_action_to_string,
  .to_string = dh_to_string,
};
