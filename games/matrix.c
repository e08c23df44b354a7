/* agon: two-player matrix games, as OpenSpiel defines them.
 *
 * A matrix game is one simultaneous move: the row player (0) picks a row,
 * the column player (1) a column, and each receives their entry of that
 * cell. OpenSpiel's classics have fixed names — matrix_rps (rock, paper,
 * scissors), matrix_mp (matching pennies), matrix_pd (prisoner's dilemma),
 * matrix_sh (stag hunt) — and `matrix` takes any bimatrix from its game
 * string:
 *
 *   matrix(rows=2,cols=2,row_payoffs="3 0 5 1",col_payoffs="3 5 0 1",
 *          row_names="Cooperate Defect",col_names="Cooperate Defect")
 *
 * Payoffs are listed row by row (row-major), rows*cols numbers separated
 * by spaces or commas. An empty col_payoffs (the default) makes the game
 * zero-sum: the column player gets the negated row payoffs. Names are
 * separated by spaces; empty (the default) gives OpenSpiel's default
 * names, row0, row1, ... and col0, col1, ... With no parameters, `matrix`
 * is matching pennies.
 * The utility type of `matrix` is read from the payoffs as OpenSpiel does:
 * zero-sum, else constant-sum, else identical interest, else general-sum.
 *
 * Every game here shares one set of callbacks. The payoffs and names live
 * in game->data, built by init and freed by finalize; the fixed games are
 * written as the same parameter texts, so one parser serves all. A state
 * is just the two choices. */
#include "games/games-private.h"

#include <math.h>
#include <string.h>

/* Enough for any matrix a person types or a file holds; it keeps the
 * payoff tables (2 * rows * cols doubles) within a few megabytes. */
#define MATRIX_MAX_ACTIONS 1000

typedef struct {
  int rows, cols;
  double *row_payoffs; /* rows * cols, row-major */
  double *col_payoffs;
  char **row_names;    /* NULL-terminated */
  char **col_names;
} MatrixData;

typedef struct {
  gint32 row; /* -1 until the joint action is played */
  gint32 col;
} MatrixState;

/* OpenSpiel's fixed games, as the texts the generic game would take. Each
 * player has the same action names. */
typedef struct {
  const char *short_name;
  int size; /* actions per player */
  const char *names;
  const char *row_payoffs;
  const char *col_payoffs;
} MatrixBuiltin;

static const MatrixBuiltin builtins[] = {
  { "matrix_rps", 3, "Rock Paper Scissors", "0 -1 1 1 0 -1 -1 1 0", "0 1 -1 -1 0 1 1 -1 0" },
  { "matrix_mp", 2, "Heads Tails", "1 -1 -1 1", "-1 1 1 -1" },
  { "matrix_pd", 2, "Cooperate Defect", "5 0 10 1", "5 10 0 1" },
  { "matrix_sh", 2, "Stag Hare", "2 0 1 1", "2 1 0 1" },
};

static const AgonParamSpec no_params[] = {
  { NULL },
};

static const AgonParamSpec matrix_params[] = {
  { "rows", AGON_PARAM_INT, "2", 1, MATRIX_MAX_ACTIONS, "number of row-player actions" },
  { "cols", AGON_PARAM_INT, "2", 1, MATRIX_MAX_ACTIONS, "number of column-player actions" },
  { "row_payoffs", AGON_PARAM_STRING, "1 -1 -1 1", 0, 0,
    "row player's payoffs: rows*cols numbers, row by row, separated by spaces" },
  { "col_payoffs", AGON_PARAM_STRING, "", 0, 0,
    "column player's payoffs, as row_payoffs; empty: the negated row payoffs" },
  { "row_names", AGON_PARAM_STRING, "", 0, 0,
    "row actions' names, separated by spaces; empty: row0 row1 ..." },
  { "col_names", AGON_PARAM_STRING, "", 0, 0,
    "column actions' names, separated by spaces; empty: col0 col1 ..." },
  { NULL },
};

/* Equal up to rounding in decimal input (0.1 + 0.2 against 0.3), with the
 * relative threshold of OpenSpiel's Near() for larger values. */
static gboolean
near(double a, double b)
{
  return fabs(a - b) <= MAX(1e-9, 1e-5 * MAX(fabs(a), fabs(b)));
}

/* Splits @text at spaces, tabs, newlines and (for numbers) commas,
 * dropping empty pieces. */
static char **
split_words(const char *text, const char *separators)
{
  g_auto(GStrv) pieces = g_strsplit_set(text, separators, -1);
  GPtrArray *words = g_ptr_array_new();
  for (char **p = pieces; *p; p++)
    if (**p != '\0')
      g_ptr_array_add(words, g_strdup(*p));
  g_ptr_array_add(words, NULL);
  return (char **) g_ptr_array_free(words, FALSE);
}

/* Reads @count payoffs from the value of parameter @key. */
static double *
parse_payoffs(const AgonGame *game, const char *key, const char *text, int count,
              GError **error)
{
  g_auto(GStrv) words = split_words(text, " \t\r\n,");
  int n = (int) g_strv_length(words);
  if (n != count) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: %s must list rows*cols = %d numbers, not %d", game->string, key, count, n);
    return NULL;
  }
  g_autofree double *payoffs = g_new(double, count);
  for (int i = 0; i < count; i++) {
    char *end = NULL;
    payoffs[i] = g_ascii_strtod(words[i], &end);
    if (*end != '\0' || !isfinite(payoffs[i])) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: %s: '%s' is not a number", game->string, key, words[i]);
      return NULL;
    }
  }
  return g_steal_pointer(&payoffs);
}

/* Reads @count action names from parameter @key, or makes "<prefix>i"
 * when the value is empty. */
static char **
parse_names(const AgonGame *game, const char *key, const char *text, int count,
            const char *what, const char *prefix, GError **error)
{
  g_auto(GStrv) words = split_words(text, " \t\r\n");
  int n = (int) g_strv_length(words);
  if (n == 0) {
    char **names = g_new0(char *, count + 1);
    for (int i = 0; i < count; i++)
      names[i] = g_strdup_printf("%s%d", prefix, i);
    return names;
  }
  if (n != count) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: %s must list %s = %d names, not %d", game->string, key, what, count, n);
    return NULL;
  }
  /* Names are how users type moves, so two alike would be ambiguous. */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++)
      if (g_ascii_strcasecmp(words[i], words[j]) == 0) {
        g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                    "%s: %s: '%s' is given twice", game->string, key, words[i]);
        return NULL;
      }
  return g_steal_pointer(&words);
}

/* OpenSpiel's rule: constant-sum wins over identical interest, so a game
 * where both always get 0 is zero-sum. */
static AgonUtility
detect_utility(const MatrixData *d, double *sum)
{
  int cells = d->rows * d->cols;
  double first = d->row_payoffs[0] + d->col_payoffs[0];
  gboolean constant = TRUE, identical = TRUE;
  for (int i = 0; i < cells; i++) {
    constant = constant && near(d->row_payoffs[i] + d->col_payoffs[i], first);
    identical = identical && d->row_payoffs[i] == d->col_payoffs[i];
  }
  *sum = 0;
  if (constant && near(first, 0))
    return AGON_UTILITY_ZERO_SUM;
  if (constant) {
    *sum = first;
    return AGON_UTILITY_CONSTANT_SUM;
  }
  return identical ? AGON_UTILITY_IDENTICAL : AGON_UTILITY_GENERAL_SUM;
}

static gboolean
matrix_setup(AgonGame *game, int rows, int cols, const char *row_payoffs,
             const char *col_payoffs, const char *row_names, const char *col_names,
             GError **error)
{
  /* Owned by the game from here on, so finalize frees whatever part was
   * built when an error stops us. */
  MatrixData *d = g_new0(MatrixData, 1);
  game->data = d;
  d->rows = rows;
  d->cols = cols;
  int cells = rows * cols;
  d->row_payoffs = parse_payoffs(game, "row_payoffs", row_payoffs, cells, error);
  if (d->row_payoffs == NULL)
    return FALSE;
  if (*col_payoffs == '\0') {
    d->col_payoffs = g_new(double, cells);
    for (int i = 0; i < cells; i++)
      d->col_payoffs[i] = -d->row_payoffs[i];
  } else {
    d->col_payoffs = parse_payoffs(game, "col_payoffs", col_payoffs, cells, error);
    if (d->col_payoffs == NULL)
      return FALSE;
  }
  d->row_names = parse_names(game, "row_names", row_names, rows, "rows", "row", error);
  if (d->row_names == NULL)
    return FALSE;
  d->col_names = parse_names(game, "col_names", col_names, cols, "cols", "col", error);
  if (d->col_names == NULL)
    return FALSE;

  game->type.utility = detect_utility(d, &game->utility_sum);
  game->num_players = 2;
  game->num_distinct_actions = MAX(rows, cols);
  game->max_chance_outcomes = 0;
  game->max_game_length = 1;
  game->max_chance_nodes = 0;
  game->min_utility = d->row_payoffs[0];
  game->max_utility = d->row_payoffs[0];
  for (int i = 0; i < cells; i++) {
    game->min_utility = MIN(game->min_utility, MIN(d->row_payoffs[i], d->col_payoffs[i]));
    game->max_utility = MAX(game->max_utility, MAX(d->row_payoffs[i], d->col_payoffs[i]));
  }
  game->payload_size = sizeof(MatrixState);
  /* One bit each, as OpenSpiel's normal-form games: is it over. */
  game->info_state_shape = agon__shape(1, 1, 0, 0);
  game->observation_shape = agon__shape(1, 1, 0, 0);
  return TRUE;
}

static gboolean
matrix_init(AgonGame *game, const AgonParams *params, GError **error)
{
  const char *name = game->klass->type.short_name;
  for (gsize i = 0; i < G_N_ELEMENTS(builtins); i++) {
    const MatrixBuiltin *b = &builtins[i];
    if (strcmp(b->short_name, name) != 0)
      continue;
    return matrix_setup(game, b->size, b->size, b->row_payoffs, b->col_payoffs, b->names,
                        b->names, error);
  }
  return matrix_setup(game, (int) agon_params_get_int(params, "rows"),
                      (int) agon_params_get_int(params, "cols"),
                      agon_params_get_string(params, "row_payoffs"),
                      agon_params_get_string(params, "col_payoffs"),
                      agon_params_get_string(params, "row_names"),
                      agon_params_get_string(params, "col_names"), error);
}

static void
matrix_finalize(AgonGame *game)
{
  MatrixData *d = game->data;
  if (d == NULL)
    return;
  g_free(d->row_payoffs);
  g_free(d->col_payoffs);
  g_strfreev(d->row_names);
  g_strfreev(d->col_names);
  g_free(d);
}

static void
matrix_initial(const AgonGame *game, void *st)
{
  MatrixState *s = st;
  s->row = -1;
  s->col = -1;
}

static int
matrix_current_player(const AgonGame *game, const void *st)
{
  const MatrixState *s = st;
  return s->row < 0 ? AGON_PLAYER_SIMULTANEOUS : AGON_PLAYER_TERMINAL;
}

static int
matrix_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const MatrixData *d = game->data;
  int n = player == 0 ? d->rows : d->cols;
  for (int i = 0; i < n; i++)
    out[i] = i;
  return n;
}

/* The only node is simultaneous: moves arrive through apply_joint. */
static int
matrix_apply(const AgonGame *game, void *st, AgonAction action)
{
  g_critical("%s: a single action applied at a simultaneous node; use a joint action",
             game->string);
  return matrix_current_player(game, st);
}

static int
matrix_apply_joint(const AgonGame *game, void *st, const AgonAction *actions)
{
  MatrixState *s = st;
  s->row = actions[0];
  s->col = actions[1];
  return AGON_PLAYER_TERMINAL;
}

static void
matrix_returns(const AgonGame *game, const void *st, double *out)
{
  const MatrixData *d = game->data;
  const MatrixState *s = st;
  if (s->row < 0) {
    out[0] = out[1] = 0;
    return;
  }
  int cell = s->row * d->cols + s->col;
  out[0] = d->row_payoffs[cell];
  out[1] = d->col_payoffs[cell];
}

/* OpenSpiel prints doubles with six significant digits. */
static void
append_number(GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append(out, g_ascii_formatd(buf, sizeof buf, "%g", value));
}

static void
matrix_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const MatrixState *s = st;
  if (s->row < 0)
    g_string_append(out, "Non-terminal");
  else
    g_string_append_printf(out, "Terminal. History string: %d, %d", s->row, s->col);
}

static void
matrix_information_state_string(const AgonGame *game, const void *st, int player,
                                GString *out)
{
  g_string_append_printf(out, "Observing player: %d. ", player);
  matrix_observation_string(game, st, player, out);
}

static void
matrix_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  const MatrixState *s = st;
  values[0] = s->row < 0 ? 0 : 1;
}

static void
matrix_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                        GString *out)
{
  const MatrixData *d = game->data;
  if (player == 0 && action >= 0 && action < d->rows)
    g_string_append(out, d->row_names[action]);
  else if (player == 1 && action >= 0 && action < d->cols)
    g_string_append(out, d->col_names[action]);
  else
    g_string_append_printf(out, "%d", action);
}

/* OpenSpiel's MatrixState::ToString, trailing spaces included. */
static void
matrix_to_string(const AgonGame *game, const void *st, GString *out)
{
  const MatrixData *d = game->data;
  const MatrixState *s = st;
  gboolean terminal = s->row >= 0;
  g_string_append_printf(out, "Terminal? %s\n", terminal ? "true" : "false");
  if (terminal) {
    double returns[2];
    matrix_returns(game, st, returns);
    g_string_append_printf(out, "History: %d, %d\nReturns: ", s->row, s->col);
    append_number(out, returns[0]);
    g_string_append_c(out, ',');
    append_number(out, returns[1]);
    g_string_append_c(out, '\n');
  }
  /* Like OpenSpiel, list the legal actions: none once the game is over. */
  g_string_append(out, "Row actions: ");
  for (int r = 0; r < d->rows && !terminal; r++)
    g_string_append_printf(out, "%s ", d->row_names[r]);
  g_string_append(out, "\nCol actions: ");
  for (int c = 0; c < d->cols && !terminal; c++)
    g_string_append_printf(out, "%s ", d->col_names[c]);
  g_string_append(out, "\nUtility matrix:\n");
  for (int r = 0; r < d->rows; r++) {
    for (int c = 0; c < d->cols; c++) {
      append_number(out, d->row_payoffs[r * d->cols + c]);
      g_string_append_c(out, ',');
      append_number(out, d->col_payoffs[r * d->cols + c]);
      g_string_append_c(out, ' ');
    }
    g_string_append_c(out, '\n');
  }
}

#define MATRIX_CLASS(name, title, kind, spec)                                                 \
  {                                                                                           \
    .type = {                                                                                 \
      .short_name = name,                                                                     \
      .long_name = title,                                                                     \
      .dynamics = AGON_DYNAMICS_SIMULTANEOUS,                                                 \
      .chance_mode = AGON_CHANCE_DETERMINISTIC,                                               \
      .information = AGON_INFORMATION_ONE_SHOT,                                               \
      .utility = kind,                                                                        \
      .reward_model = AGON_REWARD_TERMINAL,                                                   \
      .min_players = 2,                                                                       \
      .max_players = 2,                                                                       \
      .provides_information_state_string = TRUE,                                              \
      .provides_information_state_tensor = TRUE,                                              \
      .provides_observation_string = TRUE,                                                    \
      .provides_observation_tensor = TRUE,                                                    \
    },                                                                                        \
    .params = spec,                                                                           \
    .init = matrix_init,                                                                      \
    .finalize = matrix_finalize,                                                              \
    .initial = matrix_initial,                                                                \
    .current_player = matrix_current_player,                                                  \
    .legal_actions = matrix_legal_actions,                                                    \
    .apply = matrix_apply,                                                                    \
    .apply_joint = matrix_apply_joint,                                                        \
    .returns = matrix_returns,                                                                \
    .information_state_string = matrix_information_state_string,                              \
    .information_state_tensor = matrix_tensor,                                                \
    .observation_string = matrix_observation_string,                                          \
    .observation_tensor = matrix_tensor,                                                      \
    .action_to_string = matrix_action_to_string,                                              \
    .to_string = matrix_to_string,                                                            \
  }

const AgonGameClass agon_matrix_rps_class =
  MATRIX_CLASS("matrix_rps", "Rock, Paper, Scissors", AGON_UTILITY_ZERO_SUM, no_params);
const AgonGameClass agon_matrix_mp_class =
  MATRIX_CLASS("matrix_mp", "Matching Pennies", AGON_UTILITY_ZERO_SUM, no_params);
const AgonGameClass agon_matrix_pd_class =
  MATRIX_CLASS("matrix_pd", "Prisoner's Dilemma", AGON_UTILITY_GENERAL_SUM, no_params);
const AgonGameClass agon_matrix_sh_class =
  MATRIX_CLASS("matrix_sh", "Stag Hunt", AGON_UTILITY_GENERAL_SUM, no_params);
/* The static type says general-sum; init reads the real one off the
 * payoffs. */
const AgonGameClass agon_matrix_class =
  MATRIX_CLASS("matrix", "Matrix Game", AGON_UTILITY_GENERAL_SUM, matrix_params);
