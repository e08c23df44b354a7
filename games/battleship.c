/* agon: Battleship, as OpenSpiel defines it (Farina et al., "Correlation in
 * extensive-form games", NeurIPS 2019).
 *
 * Each player has a board of board_height rows and board_width columns and
 * the same ships (ship_sizes, with ship_values). First the players place
 * their ships in turn, starting with player 0: each puts its next ship, in
 * list order, horizontally or vertically with a top-left corner, inside the
 * board, not overlapping its own ships, and only where the remaining ships
 * can still all be placed. Then they shoot in turn, player 0 first, at a
 * cell of the opponent's board, num_shots each; with allow_repeated_shots
 * false a cell can be shot once. A ship sinks once every one of its cells
 * has been hit. The game ends when the shots run out or all the ships of
 * one player have sunk. A player's payoff is the value of the opponent's
 * ships it sank minus loss_multiplier times the value of its own sunk
 * ships: zero-sum when the multiplier is 1, general-sum otherwise. A player
 * sees its own placements, the cells the opponent shot at, and whether each
 * of its own shots hit water, hit a ship or sank it.
 *
 * Actions: shooting at (r, c) is r*W+c; placing the next ship horizontally
 * with top-left corner (r, c) is W*H + r*W+c, vertically 2*W*H + r*W+c.
 *
 * Boards have at most 100 cells, so a set of cells is two 64-bit words.
 * The state keeps, per player, the cells under its ships and the cells it
 * shot at, the hits and sunk ships, and then, sized from the parameters,
 * every placement and shot in order: OpenSpiel's information states list
 * the moves in order and callbacks see only the payload. Whether the other
 * ships still fit is a small exact search over the free cells, longest
 * ships first, equal ships in one canonical order. */
#include "games/games-private.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#define BS_MAX_DIM 10
#define BS_MAX_CELLS (BS_MAX_DIM * BS_MAX_DIM)
/* Ships are drawn as letters a..z on a player's board. */
#define BS_MAX_SHIPS 26
/* Keeps a history (2 * (ships + shots) moves) well within a state's
 * 16-bit history length, and the information-state tensor modest. */
#define BS_MAX_SHOTS 1000
/* Nodes the check that the ships fit may visit when the game is created,
 * so that an awkward ship list is refused at once rather than hanging. */
#define BS_FIT_BUDGET (1 << 22)
#define BS_VERTICAL 0x80u

/* A set of cells, bit r*W+c. */
typedef struct {
  guint64 w[2];
} Cells;

/* One way to place a ship of some length. */
typedef struct {
  Cells cells;
  gint32 action;
} Placement;

typedef struct {
  int width, height, cells;
  int num_ships, num_shots;
  gboolean repeated_shots;
  double loss_multiplier;
  int length[BS_MAX_SHIPS];
  double value[BS_MAX_SHIPS];
  /* Ship ids by decreasing length, ties by id: the order the fit check
   * places them in. */
  int order[BS_MAX_SHIPS];
  /* Per ship length, every placement in ascending action order:
   * horizontal ones, then vertical ones (length > 1 only, as OpenSpiel,
   * so that a 1x1 ship has one action per cell). */
  Placement *placements[BS_MAX_DIM + 1];
  int num_placements[BS_MAX_DIM + 1];
  guint32 all_ships; /* bit i for every ship id */
  int total_moves;   /* 2 * (ships + shots) */
} BsData;

typedef struct {
  Cells ships[2];    /* cells under each player's placed ships */
  Cells shot[2];     /* cells each player has shot at */
  guint32 sunk[2];   /* bit i: the player's ship i has sunk */
  guint16 num_moves; /* placements and shots so far */
  gint8 to_move;     /* 0, 1 or AGON_PLAYER_TERMINAL */
  /* Sized by init: per player the top-left cell of each placed ship
   * (| BS_VERTICAL), per player the distinct cells hit of each ship, then
   * the cells shot at in order, the players alternating from player 0. */
  guint8 tail[];
} BsState;

#define PLACE(d, s, p) ((s)->tail + (p) * (d)->num_ships)
#define DAMAGE(d, s, p) ((s)->tail + (2 + (p)) * (d)->num_ships)
#define SHOTS(d, s) ((s)->tail + 4 * (d)->num_ships)

static inline gboolean
cells_has(Cells c, int i)
{
  return (c.w[i >> 6] >> (i & 63)) & 1u;
}

static inline void
cells_add(Cells *c, int i)
{
  c->w[i >> 6] |= G_GUINT64_CONSTANT(1) << (i & 63);
}

static inline gboolean
cells_meet(Cells a, Cells b)
{
  return ((a.w[0] & b.w[0]) | (a.w[1] & b.w[1])) != 0;
}

static inline Cells
cells_or(Cells a, Cells b)
{
  return (Cells) { { a.w[0] | b.w[0], a.w[1] | b.w[1] } };
}

/* The cells of a ship of @length with top-left @cell. */
static Cells
bs_cover(const BsData *d, int cell, gboolean vertical, int length)
{
  Cells c = { { 0, 0 } };
  int step = vertical ? d->width : 1;
  for (int k = 0; k < length; k++)
    cells_add(&c, cell + k * step);
  return c;
}

/* Whether the ship placed as @place (cell | BS_VERTICAL) covers @cell. */
static gboolean
bs_covers(const BsData *d, guint8 place, int length, int cell)
{
  int top = place & ~BS_VERTICAL;
  int r0 = top / d->width, c0 = top % d->width;
  int r = cell / d->width, c = cell % d->width;
  if (place & BS_VERTICAL)
    return c == c0 && r >= r0 && r < r0 + length;
  return r == r0 && c >= c0 && c < c0 + length;
}

/* The ship of @player covering @cell, or -1. */
static int
bs_ship_at(const BsData *d, const BsState *s, int player, int cell)
{
  const guint8 *place = PLACE(d, s, player);
  for (int i = 0; i < d->num_ships; i++)
    if (bs_covers(d, place[i], d->length[i], cell))
      return i;
  return -1;
}

/* Ships @player has placed so far. */
static int
bs_placed(const BsData *d, const BsState *s, int player)
{
  return (MIN(s->num_moves, 2 * d->num_ships) + 1 - player) / 2;
}

/* Whether the ships in @left (bits by id) fit on the cells outside
 * @occupied, of which @room are free; they need @area cells. Whether they
 * fit does not depend on the order they are placed in, so the longest go
 * first; ships of equal length are interchangeable, so theirs take
 * placements of increasing index (from @first after a ship of the same
 * @prev_length) and each set of positions is tried once. @budget, when
 * not NULL, counts down the nodes visited; below zero the answer is FALSE
 * and means "unknown". On success the cells of the placements found are
 * added to @found. @reverse takes placements from the bottom-right end:
 * the solution found differs, the answer does not. */
static gboolean
bs_fits(const BsData *d, Cells occupied, guint32 left, int room, int area, int prev_length,
        int first, gboolean reverse, gint64 *budget, Cells *found)
{
  if (left == 0)
    return TRUE;
  if (area > room || (budget != NULL && --*budget < 0))
    return FALSE;
  int ship = 0;
  for (int k = 0; k < d->num_ships; k++) {
    if (left & (1u << d->order[k])) {
      ship = d->order[k];
      break;
    }
  }
  int length = d->length[ship];
  const Placement *q = d->placements[length];
  int count = d->num_placements[length];
  for (int j = length == prev_length ? first : 0; j < count; j++) {
    Cells cells = q[reverse ? count - 1 - j : j].cells;
    if (cells_meet(cells, occupied))
      continue;
    if (bs_fits(d, cells_or(occupied, cells), left & ~(1u << ship), room - length,
                area - length, length, j + 1, reverse, budget, found)) {
      *found = cells_or(*found, cells);
      return TRUE;
    }
    if (budget != NULL && *budget < 0)
      return FALSE;
  }
  return FALSE;
}

/* ---- Parameters ---------------------------------------------------------- */

static const AgonParamSpec bs_params[] = {
  { "board_width", AGON_PARAM_INT, "10", 1, BS_MAX_DIM, "number of columns" },
  { "board_height", AGON_PARAM_INT, "10", 1, BS_MAX_DIM, "number of rows" },
  { "ship_sizes", AGON_PARAM_STRING, "[2;3;3;4;5]", 0, 0,
    "lengths of each player's ships, placed in this order: [a;b;...]" },
  { "ship_values", AGON_PARAM_STRING, "[1.0;1.0;1.0;1.0;1.0]", 0, 0,
    "value of each ship, as ship_sizes: [a;b;...], each at least 0" },
  { "num_shots", AGON_PARAM_INT, "50", 1, BS_MAX_SHOTS, "shots per player" },
  { "allow_repeated_shots", AGON_PARAM_BOOL, "true", 0, 0,
    "a player may shoot at a cell more than once" },
  { "loss_multiplier", AGON_PARAM_DOUBLE, "1.0", 1, 0,
    "weight of a player's own sunk ships in its payoff; 1 makes the game zero-sum" },
  { NULL },
};

/* Splits "[a;b;c]" (OpenSpiel's list syntax) into its items; NULL with
 * @error set when it is not such a list. */
static char **
bs_split_list(const AgonGame *game, const char *key, const char *text, GError **error)
{
  g_autofree char *copy = g_strstrip(g_strdup(text));
  gsize len = strlen(copy);
  if (len < 2 || copy[0] != '[' || copy[len - 1] != ']') {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: %s must be a list such as [2;3;4], not '%s'", game->string, key, text);
    return NULL;
  }
  copy[len - 1] = '\0';
  char **items = g_strsplit(copy + 1, ";", -1);
  guint n = g_strv_length(items);
  if (n == 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: %s must list at least one ship", game->string, key);
    g_strfreev(items);
    return NULL;
  }
  if (n > BS_MAX_SHIPS) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: %s lists %u ships; at most %d are allowed", game->string, key, n,
                BS_MAX_SHIPS);
    g_strfreev(items);
    return NULL;
  }
  for (guint i = 0; i < n; i++)
    g_strstrip(items[i]);
  return items;
}

static gboolean
bs_parse_ships(AgonGame *game, BsData *d, const char *sizes_text, const char *values_text,
               GError **error)
{
  g_auto(GStrv) sizes = bs_split_list(game, "ship_sizes", sizes_text, error);
  if (sizes == NULL)
    return FALSE;
  g_auto(GStrv) values = bs_split_list(game, "ship_values", values_text, error);
  if (values == NULL)
    return FALSE;
  int n = (int) g_strv_length(sizes);
  if (n != (int) g_strv_length(values)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: ship_sizes lists %d ships but ship_values %u values", game->string, n,
                g_strv_length(values));
    return FALSE;
  }
  d->num_ships = n;
  for (int i = 0; i < n; i++) {
    gint64 length;
    if (!g_ascii_string_to_signed(sizes[i], 10, 1, BS_MAX_DIM, &length, NULL)) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: ship_sizes: '%s' is not a ship length between 1 and %d", game->string,
                  sizes[i], BS_MAX_DIM);
      return FALSE;
    }
    if (length > d->width && length > d->height) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: ship_sizes: a ship of length %d does not fit on a board of width %d "
                  "and height %d", game->string, (int) length, d->width, d->height);
      return FALSE;
    }
    char *end = NULL;
    double value = g_ascii_strtod(values[i], &end);
    if (values[i][0] == '\0' || *end != '\0' || !isfinite(value) || value < 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: ship_values: '%s' is not a number at least 0", game->string, values[i]);
      return FALSE;
    }
    d->length[i] = (int) length;
    d->value[i] = value;
  }
  return TRUE;
}

static void
bs_build_placements(BsData *d)
{
  int w = d->width, h = d->height;
  for (int length = 1; length <= BS_MAX_DIM; length++) {
    Placement *q = g_new0(Placement, 2 * d->cells);
    int n = 0;
    for (int r = 0; length <= w && r < h; r++)
      for (int c = 0; c + length <= w; c++)
        q[n++] = (Placement) { bs_cover(d, r * w + c, FALSE, length), d->cells + r * w + c };
    for (int r = 0; length > 1 && r + length <= h; r++)
      for (int c = 0; c < w; c++)
        q[n++] = (Placement) { bs_cover(d, r * w + c, TRUE, length), 2 * d->cells + r * w + c };
    d->placements[length] = q;
    d->num_placements[length] = n;
  }
  /* Insertion sort: stable, so equal lengths stay in id order. */
  for (int i = 0; i < d->num_ships; i++) {
    int j = i;
    for (; j > 0 && d->length[d->order[j - 1]] < d->length[i]; j--)
      d->order[j] = d->order[j - 1];
    d->order[j] = i;
  }
  d->all_ships = (guint32) ((G_GUINT64_CONSTANT(1) << d->num_ships) - 1);
}

static gboolean
bs_init(AgonGame *game, const AgonParams *params, GError **error)
{
  /* Owned by the game from here on: finalize frees it if we fail. */
  BsData *d = g_new0(BsData, 1);
  game->data = d;
  d->width = (int) agon_params_get_int(params, "board_width");
  d->height = (int) agon_params_get_int(params, "board_height");
  d->cells = d->width * d->height;
  d->num_shots = (int) agon_params_get_int(params, "num_shots");
  d->repeated_shots = agon_params_get_bool(params, "allow_repeated_shots");
  d->loss_multiplier = agon_params_get_double(params, "loss_multiplier");
  if (!isfinite(d->loss_multiplier)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: loss_multiplier must be a finite number", game->string);
    return FALSE;
  }
  if (!bs_parse_ships(game, d, agon_params_get_string(params, "ship_sizes"),
                      agon_params_get_string(params, "ship_values"), error))
    return FALSE;
  bs_build_placements(d);
  int area = 0;
  for (int i = 0; i < d->num_ships; i++)
    area += d->length[i];
  gint64 budget = BS_FIT_BUDGET;
  Cells none = { { 0, 0 } }, found = none;
  if (!bs_fits(d, none, d->all_ships, d->cells, area, 0, 0, FALSE, &budget, &found)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: ship_sizes: %s on a board of width %d and height %d", game->string,
                budget < 0 ? "cannot tell in reasonable time whether the ships fit"
                           : "the ships cannot all be placed",
                d->width, d->height);
    return FALSE;
  }
  if (!d->repeated_shots && d->num_shots > d->cells) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: num_shots must be at most board_width*board_height = %d when "
                "allow_repeated_shots is false", game->string, d->cells);
    return FALSE;
  }
  d->total_moves = 2 * (d->num_ships + d->num_shots);

  /* OpenSpiel's type says general-sum and turns zero-sum for a unit
   * multiplier; so do its utility bounds, which assume values >= 0. */
  gboolean zero_sum = fabs(d->loss_multiplier - 1.0) < 1e-9;
  game->type.utility = zero_sum ? AGON_UTILITY_ZERO_SUM : AGON_UTILITY_GENERAL_SUM;
  double total = 0;
  for (int i = 0; i < d->num_ships; i++)
    total += d->value[i];
  game->min_utility = d->loss_multiplier > 0 ? -d->loss_multiplier * total : 0;
  game->max_utility = d->loss_multiplier < 0 ? total * (1 - d->loss_multiplier) : total;
  game->utility_sum = 0;
  game->num_players = 2;
  game->num_distinct_actions = 3 * d->cells;
  game->max_chance_outcomes = 0;
  game->max_game_length = d->total_moves;
  game->max_chance_nodes = 0;
  game->payload_size =
    offsetof(BsState, tail) + 4 * (gsize) d->num_ships + 2 * (gsize) d->num_shots;
  /* Terminal bit, observer and player to move one-hot; per own placement
   * direction, row and column one-hot; per shot the shooter, row and
   * column one-hot and water/hit/sunk (own shots only). */
  int hw = d->height + d->width;
  game->info_state_shape =
    agon__shape(1, 5 + d->num_ships * (2 + hw) + 2 * d->num_shots * (5 + hw), 0, 0);
  return TRUE;
}

static void
bs_finalize(AgonGame *game)
{
  BsData *d = game->data;
  if (d == NULL)
    return;
  for (int length = 0; length <= BS_MAX_DIM; length++)
    g_free(d->placements[length]);
  g_free(d);
}

/* ---- Playing ------------------------------------------------------------- */

static void
bs_initial(const AgonGame *game, void *st)
{
  ((BsState *) st)->to_move = 0;
}

static int
bs_current_player(const AgonGame *game, const void *st)
{
  return ((const BsState *) st)->to_move;
}

static int
bs_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const BsData *d = game->data;
  const BsState *s = st;
  int n = 0;
  if (s->num_moves >= 2 * d->num_ships) {
    int cells = d->cells; /* a local: stores to @out could alias d->cells */
    if (d->repeated_shots) {
      for (int cell = 0; cell < cells; cell++)
        out[cell] = cell;
      return cells;
    }
    for (int cell = 0; cell < cells; cell++)
      if (!cells_has(s->shot[player], cell))
        out[n++] = cell;
    return n;
  }
  int ship = s->num_moves / 2;
  int length = d->length[ship];
  int used = 0, area = 0;
  for (int i = 0; i < d->num_ships; i++) {
    if (i < ship)
      used += d->length[i];
    else if (i > ship)
      area += d->length[i];
  }
  guint32 left = d->all_ships & ~((2u << ship) - 1);
  Cells mine = s->ships[player];
  /* Where the other ships fit beside one placement, they fit beside any
   * placement missing those cells too. The searches alternate between
   * solutions packed top-left and bottom-right, and keep the last of each:
   * most candidates miss one of them and need no search. */
  Cells witness[2];
  int searches = 0;
  const Placement *q = d->placements[length];
  int count = d->num_placements[length], room = d->cells - used - length;
  for (int j = 0; j < count; j++) {
    if (cells_meet(q[j].cells, mine))
      continue;
    gboolean fits = FALSE;
    for (int k = 0; k < MIN(searches, 2) && !fits; k++)
      fits = !cells_meet(q[j].cells, witness[k]);
    if (!fits) {
      Cells found = { { 0, 0 } };
      if (!bs_fits(d, cells_or(mine, q[j].cells), left, room, area, 0, 0, searches & 1, NULL,
                   &found))
        continue;
      witness[searches++ & 1] = found;
    }
    out[n++] = q[j].action;
  }
  return n;
}

static int
bs_apply(const AgonGame *game, void *st, AgonAction action)
{
  const BsData *d = game->data;
  BsState *s = st;
  int p = s->to_move;
  int opp = 1 - p;
  if (action >= d->cells) {
    gboolean vertical = action >= 2 * d->cells;
    int cell = action - (vertical ? 2 : 1) * d->cells;
    int ship = s->num_moves / 2;
    PLACE(d, s, p)[ship] = (guint8) (cell | (vertical ? BS_VERTICAL : 0));
    s->ships[p] = cells_or(s->ships[p], bs_cover(d, cell, vertical, d->length[ship]));
  } else {
    SHOTS(d, s)[s->num_moves - 2 * d->num_ships] = (guint8) action;
    /* A ship takes damage once per cell, whatever repeated shots do. */
    if (cells_has(s->ships[opp], action) && !cells_has(s->shot[p], action)) {
      int ship = bs_ship_at(d, s, opp, action);
      if (++DAMAGE(d, s, opp)[ship] == d->length[ship])
        s->sunk[opp] |= 1u << ship;
    }
    cells_add(&s->shot[p], action);
  }
  s->num_moves++;
  if (s->num_moves > 2 * d->num_ships
      && (s->num_moves == d->total_moves || s->sunk[opp] == d->all_ships))
    s->to_move = AGON_PLAYER_TERMINAL;
  else
    s->to_move = (gint8) (s->num_moves & 1);
  return s->to_move;
}

/* The value of @player's ships that have sunk. */
static double
bs_loss(const BsData *d, const BsState *s, int player)
{
  double sum = 0;
  for (int i = 0; i < d->num_ships; i++)
    if (s->sunk[player] & (1u << i))
      sum += d->value[i];
  return sum;
}

static void
bs_returns(const AgonGame *game, const void *st, double *out)
{
  const BsData *d = game->data;
  const BsState *s = st;
  if (s->to_move != AGON_PLAYER_TERMINAL) {
    out[0] = out[1] = 0;
    return;
  }
  double loss0 = bs_loss(d, s, 0), loss1 = bs_loss(d, s, 1);
  out[0] = loss1 - d->loss_multiplier * loss0;
  out[1] = loss0 - d->loss_multiplier * loss1;
}

/* ---- What players know ----------------------------------------------------- */

/* What @player learned from each of its shots, in order: 'W' water, 'H' a
 * hit, 'S' a hit that sank (or a shot at a sunk ship), replayed with the
 * damage as it stood then. @out holds num_shots entries. */
static void
bs_outcomes(const BsData *d, const BsState *s, int player, char *out)
{
  int opp = 1 - player;
  int shots = s->num_moves - 2 * d->num_ships;
  guint8 damage[BS_MAX_SHIPS] = { 0 };
  Cells hit = { { 0, 0 } };
  for (int k = player, n = 0; k < shots; k += 2, n++) {
    int cell = SHOTS(d, s)[k];
    int ship = cells_has(s->ships[opp], cell) ? bs_ship_at(d, s, opp, cell) : -1;
    if (ship < 0) {
      out[n] = 'W';
      continue;
    }
    if (!cells_has(hit, cell)) {
      cells_add(&hit, cell);
      damage[ship]++;
    }
    out[n] = damage[ship] == d->length[ship] ? 'S' : 'H';
  }
}

static void
bs_append_placement(const BsData *d, guint8 place, GString *out)
{
  int cell = place & ~BS_VERTICAL;
  g_string_append_printf(out, "%c_%d_%d", place & BS_VERTICAL ? 'v' : 'h', cell / d->width,
                         cell % d->width);
}

static void
bs_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const BsData *d = game->data;
  const BsState *s = st;
  g_string_append_printf(out, "T=%d ", s->num_moves);
  for (int i = 0; i < bs_placed(d, s, player); i++) {
    g_string_append_c(out, '/');
    bs_append_placement(d, PLACE(d, s, player)[i], out);
  }
  char outcomes[BS_MAX_SHOTS];
  bs_outcomes(d, s, player, outcomes);
  int shots = s->num_moves - 2 * d->num_ships;
  for (int k = 0; k < shots; k++) {
    int cell = SHOTS(d, s)[k];
    if (k % 2 == player)
      g_string_append_printf(out, "/shot_%d_%d:%c", cell / d->width, cell % d->width,
                             outcomes[k / 2]);
    else
      g_string_append_printf(out, "/oppshot_%d_%d", cell / d->width, cell % d->width);
  }
}

static void
bs_information_state_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const BsData *d = game->data;
  const BsState *s = st;
  int w = d->width, h = d->height;
  if (s->to_move == AGON_PLAYER_TERMINAL)
    values[0] = 1;
  values[1 + player] = 1;
  if (s->to_move != AGON_PLAYER_TERMINAL)
    values[3 + s->to_move] = 1;
  float *v = values + 5;
  for (int i = 0; i < bs_placed(d, s, player); i++) {
    guint8 place = PLACE(d, s, player)[i];
    int cell = place & ~BS_VERTICAL;
    v[place & BS_VERTICAL ? 1 : 0] = 1;
    v[2 + cell / w] = 1;
    v[2 + h + cell % w] = 1;
    v += 2 + h + w;
  }
  char outcomes[BS_MAX_SHOTS];
  bs_outcomes(d, s, player, outcomes);
  int shots = s->num_moves - 2 * d->num_ships;
  for (int k = 0; k < shots; k++) {
    int cell = SHOTS(d, s)[k];
    v[k % 2] = 1;
    v[2 + cell / w] = 1;
    v[2 + h + cell % w] = 1;
    v += 2 + h + w;
    if (k % 2 == player)
      v[outcomes[k / 2] == 'W' ? 0 : outcomes[k / 2] == 'H' ? 1 : 2] = 1;
    v += 3;
  }
}

static void
bs_append_frame(const BsData *d, GString *out)
{
  g_string_append_c(out, '+');
  for (int c = 0; c < d->width; c++)
    g_string_append_c(out, '-');
  g_string_append(out, "+\n");
}

static void
bs_append_grid(const BsData *d, const char *grid, GString *out)
{
  bs_append_frame(d, out);
  for (int r = 0; r < d->height; r++) {
    g_string_append_c(out, '|');
    g_string_append_len(out, grid + r * d->width, d->width);
    g_string_append(out, "|\n");
  }
  bs_append_frame(d, out);
}

/* @player's ships as letters a, b, ... in list order, capitals where hit;
 * '*' where the opponent's shots hit water. */
static void
bs_own_board(const BsData *d, const BsState *s, int player, GString *out)
{
  char grid[BS_MAX_CELLS];
  memset(grid, ' ', sizeof grid);
  int step[2] = { 1, d->width };
  for (int i = 0; i < bs_placed(d, s, player); i++) {
    guint8 place = PLACE(d, s, player)[i];
    int cell = place & ~BS_VERTICAL;
    for (int k = 0; k < d->length[i]; k++)
      grid[cell + k * step[!!(place & BS_VERTICAL)]] = (char) ('a' + i);
  }
  for (int cell = 0; cell < d->cells; cell++)
    if (cells_has(s->shot[1 - player], cell))
      grid[cell] = grid[cell] == ' ' ? '*' : g_ascii_toupper(grid[cell]);
  bs_append_grid(d, grid, out);
}

/* @player's shots: '#' where they hit a ship, '@' where they did not. */
static void
bs_shots_board(const BsData *d, const BsState *s, int player, GString *out)
{
  char grid[BS_MAX_CELLS];
  for (int cell = 0; cell < d->cells; cell++) {
    if (!cells_has(s->shot[player], cell))
      grid[cell] = ' ';
    else
      grid[cell] = cells_has(s->ships[1 - player], cell) ? '#' : '@';
  }
  bs_append_grid(d, grid, out);
}

static void
bs_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const BsData *d = game->data;
  g_string_append(out, "State of player's ships:\n");
  bs_own_board(d, st, player, out);
  g_string_append(out, "\nPlayer's shot outcomes:\n");
  bs_shots_board(d, st, player, out);
}

static void
bs_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                    GString *out)
{
  const BsData *d = game->data;
  int cell = action % d->cells;
  int r = cell / d->width, c = cell % d->width;
  if (action < d->cells)
    g_string_append_printf(out, "Pl%d: shoot at (%d, %d)", player, r, c);
  else
    g_string_append_printf(out, "Pl%d: place ship %s with top-left corner in (%d, %d)", player,
                           action < 2 * d->cells ? "horizontally" : "vertically", r, c);
}

/* OpenSpiel's ToString: both boards, then every move in order. */
static void
bs_to_string(const AgonGame *game, const void *st, GString *out)
{
  const BsData *d = game->data;
  const BsState *s = st;
  g_string_append(out, "Player 0's board:\n");
  bs_own_board(d, s, 0, out);
  g_string_append(out, "\nPlayer 1's board:\n");
  bs_own_board(d, s, 1, out);
  g_string_append(out, "\nFull history: ");
  for (int m = 0; m < s->num_moves; m++) {
    g_string_append_printf(out, "/%d:", m % 2);
    if (m < 2 * d->num_ships) {
      bs_append_placement(d, PLACE(d, s, m % 2)[m / 2], out);
    } else {
      int cell = SHOTS(d, s)[m - 2 * d->num_ships];
      g_string_append_printf(out, "%d_%d", cell / d->width, cell % d->width);
    }
  }
  g_string_append_c(out, '\n');
}

const AgonGameClass agon_battleship_class = {
  .type = {
    .short_name = "battleship",
    .long_name = "Battleship",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_DETERMINISTIC,
    .information = AGON_INFORMATION_IMPERFECT,
    .utility = AGON_UTILITY_GENERAL_SUM, /* zero-sum when loss_multiplier is 1 */
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 2,
    .max_players = 2,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = FALSE,
  },
  .params = bs_params,
  .init = bs_init,
  .finalize = bs_finalize,
  .initial = bs_initial,
  .current_player = bs_current_player,
  .legal_actions = bs_legal_actions,
  .apply = bs_apply,
  .returns = bs_returns,
  .information_state_string = bs_information_state_string,
  .information_state_tensor = bs_information_state_tensor,
  .observation_string = bs_observation_string,
  .action_to_string = bs_action_to_string,
  .to_string = bs_to_string,
};
