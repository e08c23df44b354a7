/* agon: games from Gambit's normal-form files (.nfg).
 *
 * nfg_game(filename=PATH) loads a strategic-form game for any number of
 * players as one simultaneous move, like the matrix games. The file comes
 * in two forms:
 *
 *   NFG 1 R "title" { "Player 1" "Player 2" } { 3 2 } "optional comment"
 *   1 0  0 1  2 2  ...                      (payoff form)
 *
 *   NFG 1 R "title" { "P1" "P2" } { { "a" "b" } { "x" "y" } } ""
 *   { { "win" 1, -1 } { "lose" -1, 1 } }     (outcome form)
 *   1 2 2 1
 *
 * Strategies are given by count (then named "1", "2", ... as Gambit names
 * them) or by name. Strategy profiles are listed with the first player's
 * strategy changing fastest. The payoff form gives every profile's payoffs,
 * player by player; the outcome form lists labelled outcomes and then one
 * outcome number per profile (0: everyone gets 0). "R" and "D" files are
 * read alike.
 *
 * Player p's actions are the indices of p's strategies, named by their
 * labels. Strings and tensors follow OpenSpiel's normal-form games. The
 * payoffs live in game->data; a state is the index of the profile played,
 * or -1 before the move. */
#include "games/gambit-private.h"

/* Payoffs in the table: strategy profiles times players. */
#define NFG_MAX_PAYOFFS (16 * 1024 * 1024)

typedef struct {
  int num_players;
  gint32 *num_strategies;
  gint32 *stride;  /* a profile's index is the sum of strategy * stride */
  char ***names;   /* per player, NULL-terminated */
  double *payoffs; /* num_players per profile */
  gint64 num_profiles;
} NfgData;

typedef struct {
  gint32 profile; /* -1 until the joint action is played */
} NfgState;

static const AgonParamSpec nfg_params[] = {
  { "filename", AGON_PARAM_STRING, NULL, 0, 0, "path of a Gambit .nfg file" },
  { NULL },
};

/* ---- Reading the file --------------------------------------------------- */

static gboolean
parse_players(GambitLexer *lx, int *n, GError **error)
{
  if (!agon__gambit_expect(lx, GAMBIT_LBRACE, "'{' before the players' names", error))
    return FALSE;
  while (lx->token == GAMBIT_STRING) {
    if (*n == GAMBIT_MAX_PLAYERS)
      return agon__gambit_fail(lx, error, AGON_ERROR_TOO_LARGE, "more than %d players",
                               GAMBIT_MAX_PLAYERS);
    (*n)++;
    if (!agon__gambit_next(lx, error))
      return FALSE;
  }
  int line = lx->token_line;
  if (!agon__gambit_expect(lx, GAMBIT_RBRACE, "a player's name (a quoted string) or '}'", error))
    return FALSE;
  if (*n == 0)
    return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE, "the file names no players");
  return TRUE;
}

/* One player's strategy names, after the '{' that opens them. */
static gboolean
parse_names(GambitLexer *lx, GPtrArray *labels, GError **error)
{
  if (!agon__gambit_next(lx, error))
    return FALSE;
  while (lx->token != GAMBIT_RBRACE) {
    if (labels->len == GAMBIT_MAX_ACTIONS)
      return agon__gambit_fail(lx, error, AGON_ERROR_TOO_LARGE,
                               "a player has more than %d strategies", GAMBIT_MAX_ACTIONS);
    char *label = NULL;
    if (!agon__gambit_string(lx, "a strategy's name (a quoted string) or '}'", &label, error))
      return FALSE;
    g_ptr_array_add(labels, label);
  }
  return agon__gambit_next(lx, error);
}

/* The strategies: '{' then either a count per player or a '{'-list of
 * names per player, then '}'. Fills d->num_strategies and d->names. */
static gboolean
parse_strategies(GambitLexer *lx, NfgData *d, GError **error)
{
  int n = d->num_players;
  if (!agon__gambit_expect(lx, GAMBIT_LBRACE, "'{' before the strategies", error))
    return FALSE;
  gboolean named = lx->token == GAMBIT_LBRACE;
  int p = 0;
  for (; lx->token != GAMBIT_RBRACE; p++) {
    int line = lx->token_line;
    if (p == n)
      return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                               "strategies are given for more than the %d players", n);
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
    if (named) {
      if (lx->token != GAMBIT_LBRACE)
        return agon__gambit_expected(lx, error, "'{' before a player's strategy names, or '}'");
      if (!parse_names(lx, labels, error))
        return FALSE;
    } else {
      gint64 count;
      if (!agon__gambit_integer(lx, "a number of strategies or '}'", 1, GAMBIT_MAX_ACTIONS,
                                &count, error))
        return FALSE;
      for (int s = 0; s < count; s++)
        g_ptr_array_add(labels, g_strdup_printf("%d", s + 1));
    }
    if (labels->len == 0)
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "player %d has no strategies", p + 1);
    d->num_strategies[p] = (gint32) labels->len;
    d->names[p] = agon__gambit_action_names((char *const *) labels->pdata, (int) labels->len);
  }
  if (p < n)
    return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                             "strategies are given for %d of the %d players", p, n);
  return agon__gambit_next(lx, error);
}

static gboolean
parse_payoff_form(GambitLexer *lx, NfgData *d, GError **error)
{
  gint64 count = d->num_profiles * d->num_players;
  for (gint64 i = 0; i < count; i++) {
    if (lx->token == GAMBIT_EOF)
      return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                               "the file ends after %" G_GINT64_FORMAT " payoffs; %"
                               G_GINT64_FORMAT " strategy profiles of %d players need %"
                               G_GINT64_FORMAT, i, d->num_profiles, d->num_players, count);
    GambitNumber x;
    if (!agon__gambit_number(lx, "a payoff", &x, error))
      return FALSE;
    d->payoffs[i] = x.value;
    if (lx->token == GAMBIT_COMMA && !agon__gambit_next(lx, error))
      return FALSE;
  }
  return TRUE;
}

static gboolean
parse_outcome_form(GambitLexer *lx, NfgData *d, GError **error)
{
  int n = d->num_players;
  g_autoptr(GArray) rows = g_array_new(FALSE, FALSE, sizeof(double));
  if (!agon__gambit_next(lx, error))
    return FALSE;
  while (lx->token == GAMBIT_LBRACE) {
    if (rows->len >= NFG_MAX_PAYOFFS)
      return agon__gambit_fail(lx, error, AGON_ERROR_TOO_LARGE,
                               "the outcomes hold more than %d payoffs", NFG_MAX_PAYOFFS);
    g_autofree char *label = NULL;
    double values[n];
    if (!agon__gambit_next(lx, error)
        || !agon__gambit_string(lx, "the outcome's label (a quoted string)", &label, error)
        || !agon__gambit_payoffs(lx, n, values, error))
      return FALSE;
    g_array_append_vals(rows, values, (guint) n);
  }
  if (!agon__gambit_expect(lx, GAMBIT_RBRACE, "an outcome ('{') or '}'", error))
    return FALSE;
  gint64 outcomes = rows->len / (guint) n;
  for (gint64 i = 0; i < d->num_profiles; i++) {
    if (lx->token == GAMBIT_EOF)
      return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                               "the file ends after %" G_GINT64_FORMAT " outcome numbers; there "
                               "are %" G_GINT64_FORMAT " strategy profiles", i, d->num_profiles);
    gint64 k;
    if (!agon__gambit_integer(lx, "an outcome number", 0, outcomes, &k, error))
      return FALSE;
    for (int p = 0; p < n; p++)
      d->payoffs[i * n + p] = k == 0 ? 0 : g_array_index(rows, double, (k - 1) * n + p);
  }
  return TRUE;
}

static gboolean
parse_file(GambitLexer *lx, NfgData *d, GError **error)
{
  if (!agon__gambit_next(lx, error))
    return FALSE;
  if (agon__gambit_is_word(lx, "EFG"))
    return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                             "this is an extensive-form (.efg) file; load it with efg_game");
  if (!agon__gambit_is_word(lx, "NFG"))
    return agon__gambit_expected(lx, error, "'NFG' at the start of an .nfg file");
  if (!agon__gambit_next(lx, error))
    return FALSE;
  if (!agon__gambit_is_word(lx, "1"))
    return agon__gambit_expected(lx, error, "the format version 1");
  if (!agon__gambit_next(lx, error))
    return FALSE;
  if (!agon__gambit_is_word(lx, "R") && !agon__gambit_is_word(lx, "D"))
    return agon__gambit_expected(lx, error, "the number type 'R' or 'D'");
  g_autofree char *title = NULL;
  if (!agon__gambit_next(lx, error)
      || !agon__gambit_string(lx, "the game's title (a quoted string)", &title, error)
      || !parse_players(lx, &d->num_players, error))
    return FALSE;
  int n = d->num_players;
  d->num_strategies = g_new0(gint32, n);
  d->stride = g_new0(gint32, n);
  d->names = g_new0(char **, n);
  if (!parse_strategies(lx, d, error))
    return FALSE;
  /* An optional comment. */
  if (lx->token == GAMBIT_STRING && !agon__gambit_next(lx, error))
    return FALSE;

  gint64 profiles = 1;
  for (int p = 0; p < n; p++) {
    d->stride[p] = (gint32) profiles;
    profiles *= d->num_strategies[p];
    if (profiles * n > NFG_MAX_PAYOFFS)
      return agon__gambit_fail(lx, error, AGON_ERROR_TOO_LARGE,
                               "the payoff table would hold more than %d payoffs",
                               NFG_MAX_PAYOFFS);
  }
  d->num_profiles = profiles;
  d->payoffs = g_new0(double, profiles * n);
  gboolean ok;
  if (lx->token == GAMBIT_LBRACE)
    ok = parse_outcome_form(lx, d, error);
  else if (lx->token == GAMBIT_WORD)
    ok = parse_payoff_form(lx, d, error);
  else
    return agon__gambit_expected(lx, error, "the payoffs, or the outcomes in '{'");
  if (ok && lx->token != GAMBIT_EOF)
    return agon__gambit_expected(lx, error, "the end of the file after every strategy profile");
  return ok;
}

/* ---- The game ----------------------------------------------------------- */

static gboolean
nfg_init(AgonGame *game, const AgonParams *params, GError **error)
{
  NfgData *d = g_new0(NfgData, 1);
  game->data = d;
  GambitLexer lx;
  gboolean ok = agon__gambit_lexer_open(&lx, agon_params_get_string(params, "filename"), error)
                && parse_file(&lx, d, error);
  agon__gambit_lexer_clear(&lx);
  if (!ok)
    return FALSE;
  int n = d->num_players;
  game->num_players = n;
  game->type.min_players = game->type.max_players = n;
  game->num_distinct_actions = 1;
  for (int p = 0; p < n; p++)
    game->num_distinct_actions = MAX(game->num_distinct_actions, d->num_strategies[p]);
  game->max_chance_outcomes = 0;
  game->max_game_length = 1;
  game->max_chance_nodes = 0;
  game->payload_size = sizeof(NfgState);
  /* One bit each, as OpenSpiel's normal-form games: is it over. */
  game->info_state_shape = agon__shape(1, 1, 0, 0);
  game->observation_shape = agon__shape(1, 1, 0, 0);
  agon__gambit_set_utility(game, d->payoffs, (gsize) d->num_profiles);
  return TRUE;
}

static void
nfg_finalize(AgonGame *game)
{
  NfgData *d = game->data;
  if (d == NULL)
    return;
  for (int p = 0; d->names && p < d->num_players; p++)
    g_strfreev(d->names[p]);
  g_free(d->names);
  g_free(d->num_strategies);
  g_free(d->stride);
  g_free(d->payoffs);
  g_free(d);
}

static void
nfg_initial(const AgonGame *game, void *st)
{
  ((NfgState *) st)->profile = -1;
}

static int
nfg_current_player(const AgonGame *game, const void *st)
{
  return ((const NfgState *) st)->profile < 0 ? AGON_PLAYER_SIMULTANEOUS : AGON_PLAYER_TERMINAL;
}

static int
nfg_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const NfgData *d = game->data;
  int n = d->num_strategies[player];
  for (int i = 0; i < n; i++)
    out[i] = i;
  return n;
}

/* The only node is simultaneous: moves arrive through apply_joint. */
static int
nfg_apply(const AgonGame *game, void *st, AgonAction action)
{
  g_critical("%s: a single action applied at a simultaneous node; use a joint action",
             game->string);
  return nfg_current_player(game, st);
}

static int
nfg_apply_joint(const AgonGame *game, void *st, const AgonAction *actions)
{
  const NfgData *d = game->data;
  gint32 profile = 0;
  for (int p = 0; p < d->num_players; p++)
    profile += actions[p] * d->stride[p];
  ((NfgState *) st)->profile = profile;
  return AGON_PLAYER_TERMINAL;
}

static void
nfg_returns(const AgonGame *game, const void *st, double *out)
{
  const NfgData *d = game->data;
  gint32 profile = ((const NfgState *) st)->profile;
  for (int p = 0; p < d->num_players; p++)
    out[p] = profile < 0 ? 0 : d->payoffs[(gsize) profile * d->num_players + p];
}

/* The strategies of the profile played, as "0, 1, 1". */
static void
append_profile(const NfgData *d, gint32 profile, GString *out)
{
  for (int p = 0; p < d->num_players; p++)
    g_string_append_printf(out, p ? ", %d" : "%d",
                           (int) (profile / d->stride[p] % d->num_strategies[p]));
}

static void
nfg_observation_string(const AgonGame *game, const void *st, int player, GString *out)
{
  gint32 profile = ((const NfgState *) st)->profile;
  if (profile < 0) {
    g_string_append(out, "Non-terminal");
    return;
  }
  g_string_append(out, "Terminal. History string: ");
  append_profile(game->data, profile, out);
}

static void
nfg_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  g_string_append_printf(out, "Observing player: %d. ", player);
  nfg_observation_string(game, st, player, out);
}

static void
nfg_tensor(const AgonGame *game, const void *st, int player, float *values)
{
  values[0] = ((const NfgState *) st)->profile < 0 ? 0 : 1;
}

static void
nfg_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                     GString *out)
{
  const NfgData *d = game->data;
  if (player >= 0 && player < d->num_players && action >= 0
      && action < d->num_strategies[player])
    g_string_append(out, d->names[player][action]);
  else
    g_string_append_printf(out, "%d", action);
}

/* OpenSpiel's normal-form ToString. */
static void
nfg_to_string(const AgonGame *game, const void *st, GString *out)
{
  const NfgData *d = game->data;
  gint32 profile = ((const NfgState *) st)->profile;
  g_string_append_printf(out, "Terminal? %s\n", profile < 0 ? "false" : "true");
  if (profile < 0)
    return;
  g_string_append(out, "History: ");
  append_profile(d, profile, out);
  g_string_append(out, "\nReturns:");
  for (int p = 0; p < d->num_players; p++)
    g_string_append_printf(out, " %g", d->payoffs[(gsize) profile * d->num_players + p]);
  g_string_append_c(out, '\n');
}

/* The static type is a placeholder: init reads the utility and the number
 * of players off the file. */
const AgonGameClass agon_nfg_game_class = {
  .type = {
    .short_name = "nfg_game",
    .long_name = "Normal-form game from a Gambit .nfg file",
    .dynamics = AGON_DYNAMICS_SIMULTANEOUS,
    .chance_mode = AGON_CHANCE_DETERMINISTIC,
    .information = AGON_INFORMATION_ONE_SHOT,
    .utility = AGON_UTILITY_GENERAL_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 1,
    .max_players = GAMBIT_MAX_PLAYERS,
    .provides_information_state_string = TRUE,
    .provides_information_state_tensor = TRUE,
    .provides_observation_string = TRUE,
    .provides_observation_tensor = TRUE,
  },
  .params = nfg_params,
  .init = nfg_init,
  .finalize = nfg_finalize,
  .initial = nfg_initial,
  .current_player = nfg_current_player,
  .legal_actions = nfg_legal_actions,
  .apply = nfg_apply,
  .apply_joint = nfg_apply_joint,
  .returns = nfg_returns,
  .information_state_string = nfg_information_state_string,
  .information_state_tensor = nfg_tensor,
  .observation_string = nfg_observation_string,
  .observation_tensor = nfg_tensor,
  .action_to_string = nfg_action_to_string,
  .to_string = nfg_to_string,
};
