/* agon: games from Gambit files (games/gambit.c, efg_game.c, nfg_game.c).
 *
 * Every file under tests/data/gambit loads, or (the bad-* ones) is refused
 * with the message listed here; the shared collections of Gambit and
 * OpenSpiel files, when present, load or fail cleanly; OpenSpiel's
 * kuhn_poker.efg is the built-in Kuhn poker (tree, payoffs, value); both
 * .nfg forms give the same game; and truncated, mutated, deep and huge
 * inputs give a game or one clear error, never a crash (run it under
 * ASan). */
#include "testutil.h"

#include <glib/gstdio.h>
#include <math.h>

/* A scratch directory for generated files, made once. */
static char *scratch_dir;

static int
setup(void **unused)
{
  scratch_dir = g_dir_make_tmp("agon-gambit-XXXXXX", NULL);
  return scratch_dir ? 0 : -1;
}

static int
teardown(void **unused)
{
  g_autoptr(GDir) dir = g_dir_open(scratch_dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name(dir))) {
    g_autofree char *path = g_build_filename(scratch_dir, name, NULL);
    g_remove(path);
  }
  g_rmdir(scratch_dir);
  g_clear_pointer(&scratch_dir, g_free);
  return 0;
}

/* The game string loading @path, by its extension, quoted. */
static char *
game_string_for(const char *path)
{
  g_autoptr(GString) s = g_string_new(g_str_has_suffix(path, ".nfg") ? "nfg_game" : "efg_game");
  g_string_append(s, "(filename=\"");
  for (const char *c = path; *c; c++) {
    if (*c == '"' || *c == '\\')
      g_string_append_c(s, '\\');
    g_string_append_c(s, *c);
  }
  g_string_append(s, "\")");
  return g_string_free(g_steal_pointer(&s), FALSE);
}

static AgonGame *
load(const char *path, GError **error)
{
  g_autofree char *s = game_string_for(path);
  return agon_game_new(s, error);
}

/* A game from tests/data/gambit. */
static AgonGame *
data_game(const char *name)
{
  g_autofree char *file = g_build_filename("gambit", name, NULL);
  g_autofree char *path = test_data_path(file);
  g_autofree char *s = game_string_for(path);
  return test_game_new(s);
}

/* Writes @length bytes of @text to a scratch file called @name. */
static char *
scratch_file(const char *name, const char *text, gssize length)
{
  char *path = g_build_filename(scratch_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  /* No fsync: thousands of files are written. */
  if (!g_file_set_contents_full(path, text, length, G_FILE_SET_CONTENTS_NONE, 0644, &error))
    fail_msg("%s", error->message);
  return path;
}

/* Plays from @state to the end, checking what every node offers. */
static void
checked_playout(AgonState *state, AgonRng *rng)
{
  const AgonGame *game = agon_state_get_game(state);
  int n = agon_game_get_num_players(game);
  AgonAction actions[agon_game_get_max_actions(game)];
  g_autoptr(GString) text = g_string_new(NULL);
  for (;;) {
    for (int p = 0; p < n; p++)
      agon_state_information_state_string(state, p, text);
    agon_state_to_string(state, text);
    if (agon_state_is_terminal(state))
      break;
    int player = agon_state_current_player(state);
    if (player == AGON_PLAYER_CHANCE) {
      AgonChanceOutcome outcomes[agon_game_get_max_chance_outcomes(game)];
      int k = agon_state_chance_outcomes(state, outcomes);
      assert_true(k > 0);
      double sum = 0;
      for (int i = 0; i < k; i++)
        sum += outcomes[i].probability;
      assert_near(sum, 1, 1e-9);
    } else if (player != AGON_PLAYER_SIMULTANEOUS) {
      int k = agon_state_legal_actions(state, actions);
      assert_true(k > 0);
      for (int i = 0; i < k; i++)
        agon_state_action_to_string(state, player, actions[i], text);
    }
    test_random_step(state, rng);
  }
  double returns[n];
  agon_state_returns(state, returns);
  for (int p = 0; p < n; p++)
    if (returns[p] < agon_game_get_min_utility(game)
        || returns[p] > agon_game_get_max_utility(game))
      fail_msg("%s: return %g outside the utility bounds", agon_game_get_string(game),
               returns[p]);
}

static void
play_some(AgonGame *game, AgonRng *rng, int playouts)
{
  for (int i = 0; i < playouts; i++) {
    g_autoptr(AgonState) state = agon_state_new_initial(game);
    checked_playout(state, rng);
  }
}

/* Loading @path gives a game, which plays, or one of the errors a bad
 * file may give, naming the file. Returns whether it loaded. */
static gboolean
loads_or_fails_cleanly(const char *path, AgonRng *rng)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = load(path, &error);
  if (game) {
    play_some(game, rng, 2);
    return TRUE;
  }
  g_autofree char *base = g_path_get_basename(path);
  if ((error->code != AGON_ERROR_BAD_FILE && error->code != AGON_ERROR_TOO_LARGE)
      || strstr(error->message, base) == NULL)
    fail_msg("%s: unexpected error %d: %s", path, error->code, error->message);
  return FALSE;
}

/* ---- Every sample file -------------------------------------------------- */

/* The refused files in tests/data/gambit and what the error says after
 * the file's name. Every other file there must load. */
static const struct {
  const char *file;
  int code;
  const char *message;
} refused[] = {
  { "bad-action-count.efg", AGON_ERROR_BAD_FILE,
    ":6: information set 1 of player 1 has 3 actions here but 2 on line 3" },
  { "bad-action-labels.efg", AGON_ERROR_BAD_FILE,
    ":6: action 2 of information set 1 of player 1 is \"x\" here but \"b\" on line 3" },
  { "bad-chance-probabilities-differ.efg", AGON_ERROR_BAD_FILE,
    ":6: chance information set 1 has other probabilities here than on line 3" },
  { "bad-control-character.efg", AGON_ERROR_BAD_FILE, ":2: unexpected control character 0x01" },
  { "bad-empty-actions.efg", AGON_ERROR_BAD_FILE,
    ":2: an information set needs at least one action" },
  { "bad-empty.efg", AGON_ERROR_BAD_FILE,
    ":1: expected 'EFG' at the start of an .efg file, got the end of the file" },
  { "bad-huge-number.efg", AGON_ERROR_BAD_FILE, ":2: the number '1e999' is out of range" },
  { "bad-infoset-label.efg", AGON_ERROR_BAD_FILE,
    ":6: information set 1 of player 1 is labelled \"right\" here but \"left\" before" },
  { "bad-is-efg.nfg", AGON_ERROR_BAD_FILE,
    ":1: this is an extensive-form (.efg) file; load it with efg_game" },
  { "bad-missing-payoff.efg", AGON_ERROR_BAD_FILE, ":4: expected a payoff, got '}'" },
  { "bad-negative-probability.efg", AGON_ERROR_BAD_FILE,
    ":2: the probability -1/2 of action \"x\" is not between 0 and 1" },
  { "bad-no-players.efg", AGON_ERROR_BAD_FILE, ":1: the file names no players" },
  { "bad-no-strategies.nfg", AGON_ERROR_BAD_FILE, ":1: player 2 has no strategies" },
  { "bad-node-kind.efg", AGON_ERROR_BAD_FILE, ":2: expected a node ('c', 'p' or 't'), got 'x'" },
  { "bad-outcome-index.nfg", AGON_ERROR_BAD_FILE,
    ":8: expected an outcome number (an integer from 0 to 2), got '5'" },
  { "bad-outcome-payoffs.nfg", AGON_ERROR_BAD_FILE,
    ":5: expected '}' after 2 payoffs (one per player), got '3'" },
  { "bad-outcome-redefined.efg", AGON_ERROR_BAD_FILE,
    ":4: outcome 1 has other payoffs here than on line 3" },
  { "bad-payoff-form-long.nfg", AGON_ERROR_BAD_FILE,
    ":2: expected the end of the file after every strategy profile, got '0'" },
  { "bad-payoff-form-short.nfg", AGON_ERROR_BAD_FILE,
    ":3: the file ends after 7 payoffs; 4 strategy profiles of 2 players need 8" },
  { "bad-player.efg", AGON_ERROR_BAD_FILE,
    ":2: expected a player number (an integer from 1 to 2), got '3'" },
  { "bad-probability-sum.efg", AGON_ERROR_BAD_FILE,
    ":2: the probabilities of chance information set 1 sum to 5/6, not 1" },
  { "bad-strategies.nfg", AGON_ERROR_BAD_FILE, ":1: strategies are given for 1 of the 2 players" },
  { "bad-too-large.nfg", AGON_ERROR_TOO_LARGE,
    ":2: the payoff table would hold more than 16777216 payoffs" },
  { "bad-trailing.efg", AGON_ERROR_BAD_FILE,
    ":5: expected the end of the file after the last node, got 't'" },
  { "bad-truncated.efg", AGON_ERROR_BAD_FILE,
    ":6: expected a node ('c', 'p' or 't'), got the end of the file" },
  { "bad-unclosed-brace.efg", AGON_ERROR_BAD_FILE,
    ":2: expected an action's label (a quoted string) or '}', got '0'" },
  { "bad-unclosed-string.efg", AGON_ERROR_BAD_FILE,
    ":4: a quoted string starting here is never closed" },
  { "bad-undefined-infoset.efg", AGON_ERROR_BAD_FILE,
    ":2: information set 1 of player 1 is used before its actions are listed" },
  { "bad-undefined-outcome.efg", AGON_ERROR_BAD_FILE,
    ":4: outcome 3 is used before its payoffs are given" },
  { "bad-version.efg", AGON_ERROR_BAD_FILE, ":1: expected the format version 2, got '1'" },
  { "bad-zero-divisor.efg", AGON_ERROR_BAD_FILE, ":2: '1/0' divides by zero" },
};

static void
test_gambit_data_files(void **unused)
{
  g_autofree char *dir_path = test_data_path("gambit");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open(dir_path, 0, &error);
  if (dir == NULL)
    fail_msg("%s", error->message);
  gboolean seen[G_N_ELEMENTS(refused)] = { FALSE };
  int loaded = 0;
  AgonRng rng;
  agon_rng_init(&rng, 7);
  const char *name;
  while ((name = g_dir_read_name(dir))) {
    g_autofree char *path = g_build_filename(dir_path, name, NULL);
    gsize i = 0;
    while (i < G_N_ELEMENTS(refused) && strcmp(refused[i].file, name) != 0)
      i++;
    g_autoptr(GError) load_error = NULL;
    g_autoptr(AgonGame) game = load(path, &load_error);
    if (i == G_N_ELEMENTS(refused)) {
      if (game == NULL)
        fail_msg("%s: %s", name, load_error->message);
      assert_false(g_str_has_prefix(name, "bad-"));
      play_some(game, &rng, 20);
      loaded++;
      continue;
    }
    seen[i] = TRUE;
    if (game != NULL)
      fail_msg("%s loads; expected: %s", name, refused[i].message);
    /* The message starts with the path as given, then the line. */
    g_autofree char *expected = g_strconcat(path, refused[i].message, NULL);
    if (load_error->code != refused[i].code || !g_str_has_prefix(load_error->message, path)
        || strstr(load_error->message, refused[i].message) == NULL)
      fail_msg("%s: got error %d '%s', expected %d '%s'", name, load_error->code,
               load_error->message, refused[i].code, expected);
  }
  for (gsize i = 0; i < G_N_ELEMENTS(refused); i++)
    if (!seen[i])
      fail_msg("tests/data/gambit/%s is missing", refused[i].file);
  assert_true(loaded >= 15);
}

/* ---- The shared collections --------------------------------------------- */

/* The shared test data: $AGON_SHARED_TESTDATA, or testdata/ beside the
 * repository (../../shared/testdata from tests/data). */
static char *
shared_dir(void)
{
  const char *env = g_getenv("AGON_SHARED_TESTDATA");
  if (env)
    return g_strdup(env);
  g_autofree char *data = test_data_path("");
  return g_build_filename(data, "..", "..", "..", "shared", "testdata", NULL);
}

/* Every .efg and .nfg file under @root, sorted, walked without recursion. */
static GPtrArray *
gambit_files(const char *root)
{
  GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(dirs, g_strdup(root));
  while (dirs->len > 0) {
    g_autofree char *path = g_ptr_array_steal_index(dirs, dirs->len - 1);
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name(dir))) {
      char *child = g_build_filename(path, name, NULL);
      if (g_file_test(child, G_FILE_TEST_IS_DIR))
        g_ptr_array_add(dirs, child);
      else if (g_str_has_suffix(name, ".efg") || g_str_has_suffix(name, ".nfg"))
        g_ptr_array_add(files, child);
      else
        g_free(child);
    }
  }
  g_ptr_array_sort(files, (GCompareFunc) g_strcmp0);
  return files;
}

static void
test_gambit_shared_collections(void **unused)
{
  g_autofree char *root = shared_dir();
  const char *collections[] = { "gambit", "openspiel-efg" };
  int found = 0, loaded = 0;
  AgonRng rng;
  agon_rng_init(&rng, 11);
  for (gsize c = 0; c < G_N_ELEMENTS(collections); c++) {
    g_autofree char *dir = g_build_filename(root, collections[c], NULL);
    if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
      continue;
    g_autoptr(GPtrArray) files = gambit_files(dir);
    for (guint i = 0; i < files->len; i++) {
      found++;
      loaded += loads_or_fails_cleanly(g_ptr_array_index(files, i), &rng);
    }
  }
  /* No skip(): cmocka 1.1.5 reports it as "not ok", which fails the run. */
  if (found == 0)
    print_message("no shared Gambit collections at %s: nothing to check\n", root);
  else
    print_message("%d shared Gambit files, %d load\n", found, loaded);
}

/* ---- Kuhn poker ---------------------------------------------------------- */

static void
test_gambit_kuhn_tree(void **unused)
{
  g_autoptr(AgonGame) game = data_game("kuhn_poker.efg");
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->short_name, "efg_game");
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SEQUENTIAL);
  assert_int_equal(type->chance_mode, AGON_CHANCE_EXPLICIT_STOCHASTIC);
  assert_int_equal(type->information, AGON_INFORMATION_IMPERFECT);
  assert_int_equal(type->utility, AGON_UTILITY_ZERO_SUM);
  assert_int_equal(type->min_players, 2);
  assert_int_equal(type->max_players, 2);
  assert_int_equal(agon_game_get_num_players(game), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 2);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 3);
  assert_int_equal(agon_game_get_max_game_length(game), 3);
  assert_near(agon_game_get_min_utility(game), -2, 0);
  assert_near(agon_game_get_max_utility(game), 2, 0);

  TestTreeCounts counts = { 0 };
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 58);
  assert_int_equal(counts.terminals, 30);
  assert_int_equal(counts.infosets[0], 6);
  assert_int_equal(counts.infosets[1], 6);
  test_tree_counts_clear(&counts);
}

/* The built-in action for a file's action: cards by their labels, "p"
 * and "b" for Pass and Bet. */
static AgonAction
builtin_action(const AgonState *file, const AgonState *builtin, AgonAction action)
{
  int player = agon_state_current_player(file);
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(file, player, action, name);
  if (player == AGON_PLAYER_CHANCE)
    g_string_prepend(name, "Deal:");
  else
    g_string_assign(name, strcmp(name->str, "b") == 0 ? "Bet" : "Pass");
  g_autoptr(GError) error = NULL;
  AgonAction a = agon_state_string_to_action(builtin, player, name->str, &error);
  if (a < 0)
    fail_msg("%s", error->message);
  return a;
}

/* Walks both games side by side. Checks the players, the chance
 * probabilities, the terminal payoffs and that the file's information
 * sets are labelled with the built-in information states; returns player
 * 0's expected return in each game under the uniform policy. */
static void
compare_kuhn(const AgonState *file, const AgonState *builtin, double *file_value,
             double *builtin_value)
{
  int player = agon_state_current_player(file);
  assert_int_equal(player, agon_state_current_player(builtin));
  if (player == AGON_PLAYER_TERMINAL) {
    double a[2], b[2];
    agon_state_returns(file, a);
    agon_state_returns(builtin, b);
    assert_near(a[0], b[0], 0);
    assert_near(a[1], b[1], 0);
    *file_value = a[0];
    *builtin_value = b[0];
    return;
  }
  if (player >= 0) {
    /* The file labels its information sets with the built-in strings. */
    g_autofree char *mine = agon_state_information_state(file, player);
    g_autofree char *theirs = agon_state_information_state(builtin, player);
    g_autofree char *suffix = g_strconcat("-", theirs, NULL);
    if (!g_str_has_suffix(mine, suffix))
      fail_msg("'%s' does not name the built-in information state '%s'", mine, theirs);
  }
  AgonChanceOutcome outcomes[3], theirs[3];
  AgonAction actions[3];
  int n = player == AGON_PLAYER_CHANCE ? agon_state_chance_outcomes(file, outcomes)
                                       : agon_state_legal_actions(file, actions);
  AgonAction builtin_actions[3];
  assert_int_equal(n, agon_state_legal_actions(builtin, builtin_actions));
  *file_value = *builtin_value = 0;
  for (int i = 0; i < n; i++) {
    AgonAction a = player == AGON_PLAYER_CHANCE ? outcomes[i].action : actions[i];
    double p = 1.0 / n;
    AgonAction b = builtin_action(file, builtin, a);
    if (player == AGON_PLAYER_CHANCE) {
      /* The same card with the same probability. */
      int m = agon_state_chance_outcomes(builtin, theirs);
      int j = 0;
      while (j < m && theirs[j].action != b)
        j++;
      assert_true(j < m);
      assert_near(outcomes[i].probability, theirs[j].probability, 1e-15);
      p = outcomes[i].probability;
    }
    g_autoptr(AgonState) x = agon_state_clone(file);
    g_autoptr(AgonState) y = agon_state_clone(builtin);
    agon_state_apply(x, a);
    agon_state_apply(y, b);
    double vx, vy;
    compare_kuhn(x, y, &vx, &vy);
    *file_value += p * vx;
    *builtin_value += p * vy;
  }
}

static void
test_gambit_kuhn_is_kuhn(void **unused)
{
  g_autoptr(AgonGame) game = data_game("kuhn_poker.efg");
  g_autoptr(AgonGame) kuhn = test_game_new("kuhn_poker");
  g_autoptr(AgonState) file = agon_state_new_initial(game);
  g_autoptr(AgonState) builtin = agon_state_new_initial(kuhn);
  double file_value, builtin_value;
  compare_kuhn(file, builtin, &file_value, &builtin_value);
  assert_near(file_value, builtin_value, 1e-12);
  /* Uniform play: player 0 wins 1/8 on average. */
  assert_near(file_value, 0.125, 1e-12);
}

static void
test_gambit_kuhn_cfr_plus(void **unused)
{
  const char *games[] = { "kuhn_poker", NULL };
  g_autofree char *path = test_data_path("gambit/kuhn_poker.efg");
  g_autofree char *efg = game_string_for(path);
  games[1] = efg;
  for (gsize g = 0; g < G_N_ELEMENTS(games); g++) {
    g_autoptr(AgonGame) game = test_game_new(games[g]);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonTree) tree = agon_tree_new(game, 0, &error);
    if (tree == NULL)
      fail_msg("%s", error->message);
    g_autoptr(AgonSolver) solver = agon_solver_new(tree, "cfr+", &error);
    if (solver == NULL)
      fail_msg("%s", error->message);
    g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, &error);
    if (ev == NULL)
      fail_msg("%s", error->message);
    agon_solver_iterate(solver, 1000);
    g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
    agon_solver_get_average_probs(solver, probs);
    double values[2];
    double nash_conv = agon_evaluator_nash_conv(ev, probs, NULL, values);
    assert_near(values[0], -1.0 / 18, 1e-3);
    assert_near(values[1], 1.0 / 18, 1e-3);
    assert_true(nash_conv / 2 < 1e-3);
  }
}

/* ---- Other games ---------------------------------------------------------- */

/* Plays @actions (joint at a simultaneous node) and checks the returns. */
static void
assert_path(AgonGame *game, const AgonAction *actions, int n, const double *expected)
{
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autoptr(GError) error = NULL;
  int players = agon_game_get_num_players(game);
  for (int i = 0; i < n;) {
    gboolean ok;
    if (agon_state_is_simultaneous_node(state)) {
      ok = agon_state_apply_joint_checked(state, actions + i, &error);
      i += players;
    } else {
      ok = agon_state_apply_checked(state, actions[i++], &error);
    }
    if (!ok)
      fail_msg("%s: %s", agon_game_get_string(game), error->message);
  }
  assert_true(agon_state_is_terminal(state));
  double returns[players];
  agon_state_returns(state, returns);
  for (int p = 0; p < players; p++)
    if (returns[p] != expected[p])
      fail_msg("%s: player %d gets %g, expected %g", agon_game_get_string(game), p, returns[p],
               expected[p]);
}

static void
assert_action_name(const AgonState *state, AgonAction action, const char *expected)
{
  g_autoptr(GString) name = g_string_new(NULL);
  int player = agon_state_current_player(state);
  agon_state_action_to_string(state, player, action, name);
  assert_string_equal(name->str, expected);
  assert_int_equal(agon_state_string_to_action(state, player, expected, NULL), action);
}

static void
test_gambit_efg_strings(void **unused)
{
  g_autoptr(AgonGame) game = data_game("kuhn_poker.efg");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  test_assert_infostate(state, 0, "0-0 next 1-1 3-0 5-2");
  test_assert_infostate(state, 1, "1-1 next 1-2b 2-2p 3-0p 4-0b 5-1p 6-1b");
  assert_action_name(state, 0, "1");
  agon_state_apply(state, 0); /* player 0 gets the 1 */
  test_assert_infostate(state, 0, "0-0 next 1-1");
  test_assert_infostate(state, 1, "1-1 next 1-2b 2-2p 3-0p 4-0b");
  agon_state_apply(state, 0); /* player 1 gets the 2 */
  test_assert_infostate(state, 0, "0-0-1-1");
  test_assert_infostate(state, 1, "1-1 next 1-2b 2-2p");
  assert_action_name(state, 0, "p");
  assert_action_name(state, 1, "b");
  agon_state_apply(state, 0);
  test_assert_infostate(state, 0, "0-0 after 1-1:p next 2-1pb");
  test_assert_infostate(state, 1, "1-1-2-2p");
  g_autoptr(GString) text = g_string_new(NULL);
  agon_state_to_string(state, text);
  assert_string_equal(text->str, "3: Player:  2 2 2p p b");
  agon_state_apply(state, 1);
  agon_state_apply(state, 1);
  assert_true(agon_state_is_terminal(state));
  test_assert_infostate(state, 0, "0-0 after 2-1pb:b");
  test_assert_infostate(state, 1, "1-1 after 2-2p:b");
  g_string_truncate(text, 0);
  agon_state_to_string(state, text);
  assert_string_equal(text->str, "7: Terminal:  -2 2");
}

static void
test_gambit_efg_features(void **unused)
{
  /* Decimal probabilities, empty and repeated labels, members without
   * their actions, outcomes at inner nodes, reused outcomes. */
  g_autoptr(AgonGame) game = data_game("handwritten.efg");
  const AgonGameType *type = agon_game_get_type(game);
  assert_int_equal(type->utility, AGON_UTILITY_GENERAL_SUM);
  assert_int_equal(type->information, AGON_INFORMATION_IMPERFECT);
  assert_int_equal(type->chance_mode, AGON_CHANCE_EXPLICIT_STOCHASTIC);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 3);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 2);
  assert_int_equal(agon_game_get_max_game_length(game), 2);
  assert_near(agon_game_get_min_utility(game), -2, 0);
  assert_near(agon_game_get_max_utility(game), 2.5, 0);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonChanceOutcome outcomes[2];
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 2);
  assert_near(outcomes[0].probability, 0.25, 0);
  assert_near(outcomes[1].probability, 0.75, 0);
  assert_action_name(state, 1, "tails");
  test_assert_infostate(state, 1, "1-1 next 1-");
  agon_state_apply(state, 1);
  assert_action_name(state, 0, "#0");
  assert_action_name(state, 1, "#1");
  assert_action_name(state, 2, "go");
  test_assert_infostate(state, 0, "0-0-1-Ann's turn");
  agon_state_apply(state, 2);
  assert_action_name(state, 0, "x#0");
  assert_action_name(state, 1, "X#1");
  test_assert_infostate(state, 1, "1-1-1-");
  test_assert_infostate(state, 0, "0-0 after 1-Ann's turn:go");
  const struct {
    AgonAction path[3];
    int length;
    double returns[2];
  } paths[] = {
    { { 0, 0 }, 2, { 0, 1 } },    { { 0, 1 }, 2, { 0, 1 } },   { { 0, 2, 0 }, 3, { 1, -2 } },
    { { 0, 2, 1 }, 3, { -1, 0 } }, { { 1, 0 }, 2, { 1, 1 } },   { { 1, 1 }, 2, { 0, 0 } },
    { { 1, 2, 0 }, 3, { 2.5, -1.5 } }, { { 1, 2, 1 }, 3, { 0.5, 0.5 } },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(paths); i++)
    assert_path(game, paths[i].path, paths[i].length, paths[i].returns);

  /* Outcomes at inner nodes add up along the path. */
  g_autoptr(AgonGame) three = data_game("3_player_with_nonterm_outcomes.efg");
  assert_int_equal(agon_game_get_num_players(three), 3);
  assert_path(three, (AgonAction[]) { 1, 0, 0 }, 3, (double[]) { 2, 2, 4 });
  assert_path(three, (AgonAction[]) { 1, 1, 1 }, 3, (double[]) { 1, 2, 3 });

  /* Outcomes of probability 0 are not legal. */
  g_autoptr(AgonGame) zero = data_game("chance_root_3_moves_only_one_nonzero_prob.efg");
  assert_int_equal(agon_game_get_num_players(zero), 1);
  assert_int_equal(agon_game_get_max_chance_outcomes(zero), 3);
  g_autoptr(AgonState) root = agon_state_new_initial(zero);
  AgonAction actions[3];
  assert_int_equal(agon_state_legal_actions(root, actions), 1);
  assert_int_equal(actions[0], 0);
  assert_false(agon_state_apply_checked(root, 1, NULL));

  /* The absent-minded driver: one information set, twice on a path. */
  g_autoptr(AgonGame) driver = data_game("AM-driver-one-infoset.efg");
  assert_int_equal(agon_game_get_type(driver)->information, AGON_INFORMATION_IMPERFECT);
  assert_int_equal(agon_game_get_type(driver)->chance_mode, AGON_CHANCE_DETERMINISTIC);
  g_autoptr(AgonState) s = agon_state_new_initial(driver);
  g_autofree char *first = agon_state_information_state(s, 0);
  agon_state_apply(s, 0);
  test_assert_infostate(s, 0, first);

  /* Payoffs of 10^19, exactly zero-sum. */
  g_autoptr(AgonGame) large = data_game("large_payoff_game.efg");
  assert_int_equal(agon_game_get_type(large)->utility, AGON_UTILITY_ZERO_SUM);
  assert_near(agon_game_get_max_utility(large), 1e19, 0);
  assert_near(agon_game_get_min_utility(large), -1e19, 0);

  /* Escaped quotes and a comment over several lines; three players. */
  g_autoptr(AgonGame) horse = data_game("selten_horse.efg");
  assert_int_equal(agon_game_get_num_players(horse), 3);
  assert_int_equal(agon_game_get_type(horse)->information, AGON_INFORMATION_IMPERFECT);

  /* Commas or spaces between payoffs, trailing commas. */
  g_autoptr(AgonGame) commas = data_game("commas.efg");
  assert_path(commas, (AgonAction[]) { 0, 0, 0 }, 3, (double[]) { 5, 2 });
  assert_path(commas, (AgonAction[]) { 1, 1, 1 }, 3, (double[]) { 4, 4 });
}

static void
test_gambit_efg_perfect_information(void **unused)
{
  const char *text = "EFG 2 R \"perfect\" { \"1\" \"2\" }\n"
                     "p \"\" 1 1 \"\" { \"a\" \"b\" } 0\n"
                     "p \"\" 2 1 \"\" { \"c\" \"d\" } 0\n"
                     "t \"\" 1 \"\" { 1 1 }\n"
                     "t \"\" 2 \"\" { 2 2 }\n"
                     "t \"\" 3 \"\" { 3 3 }\n";
  g_autofree char *path = scratch_file("perfect.efg", text, -1);
  g_autoptr(AgonGame) game = load(path, NULL);
  assert_non_null(game);
  const AgonGameType *type = agon_game_get_type(game);
  assert_int_equal(type->information, AGON_INFORMATION_PERFECT);
  assert_int_equal(type->chance_mode, AGON_CHANCE_DETERMINISTIC);
  assert_int_equal(type->utility, AGON_UTILITY_IDENTICAL);
  assert_int_equal(agon_game_get_max_game_length(game), 2);
}

static void
test_gambit_nfg(void **unused)
{
  /* The outcome form with numbered strategies. */
  g_autoptr(AgonGame) two = data_game("2x2.nfg");
  const AgonGameType *type = agon_game_get_type(two);
  assert_string_equal(type->short_name, "nfg_game");
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SIMULTANEOUS);
  assert_int_equal(type->information, AGON_INFORMATION_ONE_SHOT);
  assert_int_equal(type->utility, AGON_UTILITY_GENERAL_SUM);
  /* Profiles run with the first player's strategy fastest. */
  assert_path(two, (AgonAction[]) { 0, 0 }, 2, (double[]) { 2, 0 });
  assert_path(two, (AgonAction[]) { 1, 0 }, 2, (double[]) { 0, 1 });
  assert_path(two, (AgonAction[]) { 1, 1 }, 2, (double[]) { 1, 0 });
  g_autoptr(AgonState) state = agon_state_new_initial(two);
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(state, 1, 1, name);
  assert_string_equal(name->str, "2");
  test_assert_infostate(state, 0, "Observing player: 0. Non-terminal");
  agon_state_apply_joint(state, (AgonAction[]) { 1, 0 });
  test_assert_infostate(state, 1, "Observing player: 1. Terminal. History string: 1, 0");

  /* The payoff form, decimals, three strategies against two. */
  g_autoptr(AgonGame) e04 = data_game("e04.nfg");
  assert_int_equal(agon_game_get_num_distinct_actions(e04), 3);
  assert_path(e04, (AgonAction[]) { 1, 0 }, 2, (double[]) { -1, 2 });
  assert_path(e04, (AgonAction[]) { 2, 1 }, 2, (double[]) { 3, -1 });

  /* Three players. */
  g_autoptr(AgonGame) three = data_game("2x2x2.nfg");
  assert_int_equal(agon_game_get_num_players(three), 3);
  assert_path(three, (AgonAction[]) { 0, 0, 0 }, 3, (double[]) { 9, 8, 12 });
  assert_path(three, (AgonAction[]) { 1, 1, 0 }, 3, (double[]) { 9, 8, 2 });

  g_autoptr(AgonGame) constant = data_game("const_sum_game.nfg");
  assert_int_equal(agon_game_get_type(constant)->utility, AGON_UTILITY_CONSTANT_SUM);
  assert_near(agon_game_get_utility_sum(constant), 2, 0);
}

static void
test_gambit_nfg_forms_agree(void **unused)
{
  g_autoptr(AgonGame) payoff = data_game("coordination_4x4_payoff.nfg");
  g_autoptr(AgonGame) outcome = data_game("coordination_4x4_outcome.nfg");
  assert_int_equal(agon_game_get_num_players(payoff), 2);
  assert_int_equal(agon_game_get_num_players(outcome), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(payoff), 4);
  assert_int_equal(agon_game_get_num_distinct_actions(outcome), 4);
  assert_int_equal(agon_game_get_type(payoff)->utility, agon_game_get_type(outcome)->utility);
  assert_int_equal(agon_game_get_type(payoff)->utility, AGON_UTILITY_IDENTICAL);
  for (AgonAction a = 0; a < 4; a++)
    for (AgonAction b = 0; b < 4; b++) {
      AgonAction joint[2] = { a, b };
      g_autoptr(AgonState) x = agon_state_new_initial(payoff);
      g_autoptr(AgonState) y = agon_state_new_initial(outcome);
      agon_state_apply_joint(x, joint);
      agon_state_apply_joint(y, joint);
      double rx[2], ry[2];
      agon_state_returns(x, rx);
      agon_state_returns(y, ry);
      assert_near(rx[0], ry[0], 0);
      assert_near(rx[1], ry[1], 0);
      assert_near(rx[0], a == b ? 1 : 0, 0);
    }
}

/* ---- Errors that are not about the contents ------------------------------ */

static void
test_gambit_paths(void **unused)
{
  g_autofree char *missing = g_build_filename(scratch_dir, "no-such-file.efg", NULL);
  g_autofree char *s = game_string_for(missing);
  test_assert_game_error(s, AGON_ERROR_FAILED, "no-such-file.efg: cannot open the file");
  g_autofree char *dir = game_string_for(scratch_dir);
  test_assert_game_error(dir, AGON_ERROR_FAILED, "not a regular file");
  test_assert_game_error("efg_game", AGON_ERROR_INVALID_VALUE, "is required");
  test_assert_game_error("nfg_game()", AGON_ERROR_INVALID_VALUE, "is required");

  /* Each reader points to the other. */
  g_autofree char *nfg = test_data_path("gambit/2x2.nfg");
  g_autofree char *as_efg = g_strdup_printf("efg_game(filename=\"%s\")", nfg);
  test_assert_game_error(as_efg, AGON_ERROR_BAD_FILE, "load it with nfg_game");

  /* Commas and parentheses in a quoted path. */
  g_autofree char *kuhn = test_data_path("gambit/kuhn_poker.efg");
  g_autofree char *text = NULL;
  gsize length = 0;
  assert_true(g_file_get_contents(kuhn, &text, &length, NULL));
  g_autofree char *odd = scratch_file("my (1), kuhn.efg", text, (gssize) length);
  g_autofree char *quoted = game_string_for(odd);
  g_autoptr(AgonGame) game = test_game_new(quoted);
  assert_int_equal(agon_game_get_num_players(game), 2);
}

/* ---- Robustness ----------------------------------------------------------- */

static const char *const fuzz_seeds[] = {
  "kuhn_poker.efg", "sample.efg", "handwritten.efg", "3_player_with_nonterm_outcomes.efg",
  "2x2.nfg",        "e04.nfg",    "2x2x2.nfg",
};

static char *
read_data(const char *name, gsize *length)
{
  g_autofree char *file = g_build_filename("gambit", name, NULL);
  g_autofree char *path = test_data_path(file);
  char *text = NULL;
  if (!g_file_get_contents(path, &text, length, NULL))
    fail_msg("cannot read %s", path);
  return text;
}

static void
test_gambit_truncations(void **unused)
{
  AgonRng rng;
  agon_rng_init(&rng, 3);
  for (gsize f = 0; f < G_N_ELEMENTS(fuzz_seeds); f++) {
    gsize length;
    g_autofree char *text = read_data(fuzz_seeds[f], &length);
    g_autofree char *name = g_strconcat("cut-", fuzz_seeds[f], NULL);
    int loaded = 0;
    for (gsize cut = 0; cut < length; cut++) {
      g_autofree char *path = scratch_file(name, text, (gssize) cut);
      loaded += loads_or_fails_cleanly(path, &rng);
    }
    /* An .efg file ends with '}': only cuts in the white space after it
     * leave a whole file. (An .nfg file may end in a shortened number.) */
    if (g_str_has_suffix(name, ".efg"))
      assert_true(loaded <= 2);
  }
}

/* Characters that matter to the grammar, for mutations. */
static const char alphabet[] = "{}\",\\ \n-+./0123456789eEcpt\"RD";

static void
mutate(GString *text, AgonRng *rng)
{
  guint32 at = agon_rng_below(rng, (guint32) MAX(text->len, 1));
  switch (agon_rng_below(rng, 4)) {
  case 0: /* overwrite with a character the grammar cares about */
    if (text->len)
      text->str[at] = alphabet[agon_rng_below(rng, sizeof alphabet - 1)];
    break;
  case 1: /* any byte at all */
    if (text->len)
      text->str[at] = (char) agon_rng_below(rng, 256);
    break;
  case 2:
    if (text->len)
      g_string_erase(text, at, 1);
    break;
  default: { /* repeat a stretch */
    guint32 span = agon_rng_below(rng, 40) + 1;
    span = MIN(span, text->len - MIN(at, text->len));
    g_autofree char *copy = g_strndup(text->str + at, span);
    g_string_insert_len(text, at, copy, span);
    break;
  }
  }
}

static void
test_gambit_mutations(void **unused)
{
  AgonRng rng;
  agon_rng_init(&rng, 2024);
  int loaded = 0, total = 0;
  for (gsize f = 0; f < G_N_ELEMENTS(fuzz_seeds); f++) {
    gsize length;
    g_autofree char *text = read_data(fuzz_seeds[f], &length);
    g_autofree char *name = g_strconcat("mutant-", fuzz_seeds[f], NULL);
    for (int i = 0; i < 600; i++) {
      g_autoptr(GString) mutant = g_string_new_len(text, (gssize) length);
      int edits = 1 + (int) agon_rng_below(&rng, 3);
      for (int e = 0; e < edits; e++)
        mutate(mutant, &rng);
      g_autofree char *path = scratch_file(name, mutant->str, (gssize) mutant->len);
      loaded += loads_or_fails_cleanly(path, &rng);
      total++;
    }
  }
  /* Some mutants still load (a changed payoff), most do not. */
  assert_true(loaded > 0 && loaded < total);
}

/* A chain of @depth decisions for one player, each with a way out. */
static char *
chain(int depth)
{
  GString *s = g_string_new("EFG 2 R \"chain\" { \"1\" }\n");
  for (int i = 1; i <= depth; i++)
    g_string_append_printf(s, "p \"\" 1 %d \"\" { \"stop\" \"go\" } 0\nt \"\" 1 \"\" { 1 }\n", i);
  g_string_append(s, "t \"\" 2 \"\" { 2 }\n");
  return g_string_free(s, FALSE);
}

static void
assert_refused(const char *name, const char *text, int code, const char *fragment)
{
  g_autofree char *path = scratch_file(name, text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = load(path, &error);
  if (game != NULL)
    fail_msg("%s loads; expected '%s'", name, fragment);
  if (error->code != code || strstr(error->message, fragment) == NULL
      || strstr(error->message, name) == NULL)
    fail_msg("%s: got %d '%s', expected %d '%s'", name, error->code, error->message, code,
             fragment);
}

static void
test_gambit_deep_and_huge(void **unused)
{
  /* Thousands of nested nodes load, without recursion, and play. */
  g_autofree char *deep = chain(5000);
  g_autofree char *deep_path = scratch_file("deep.efg", deep, -1);
  g_autoptr(AgonGame) game = load(deep_path, NULL);
  assert_non_null(game);
  assert_int_equal(agon_game_get_max_game_length(game), 5000);
  assert_int_equal(agon_game_get_type(game)->information, AGON_INFORMATION_PERFECT);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  while (!agon_state_is_terminal(state))
    agon_state_apply(state, 1);
  double value;
  agon_state_returns(state, &value);
  assert_near(value, 2, 0);
  /* Cut short, it fails cleanly. */
  deep[strlen(deep) / 2] = '\0';
  assert_refused("deep-cut.efg", deep, AGON_ERROR_BAD_FILE, "expected");

  g_autofree char *deeper = chain(20000);
  assert_refused("deeper.efg", deeper, AGON_ERROR_TOO_LARGE, "more than 10000 moves deep");

  g_autoptr(GString) wide = g_string_new("EFG 2 R \"wide\" { \"1\" } p \"\" 1 1 \"\" {");
  for (int i = 0; i < 1001; i++)
    g_string_append_printf(wide, " \"a%d\"", i);
  g_string_append(wide, " } 0\n");
  assert_refused("wide.efg", wide->str, AGON_ERROR_TOO_LARGE, "more than 1000 actions");

  g_autoptr(GString) crowd = g_string_new("EFG 2 R \"crowd\" {");
  for (int i = 0; i < 101; i++)
    g_string_append(crowd, " \"p\"");
  g_string_append(crowd, " }\nt \"\" 0\n");
  assert_refused("crowd.efg", crowd->str, AGON_ERROR_TOO_LARGE, "more than 100 players");

  /* Numbers with hundreds of digits: finite ones load, others do not. */
  g_autofree char *zeros = g_strnfill(300, '0');
  g_autofree char *big =
    g_strdup_printf("EFG 2 R \"big\" { \"1\" }\nt \"\" 1 \"\" { 1%s }\n", zeros);
  g_autofree char *big_path = scratch_file("big.efg", big, -1);
  g_autoptr(AgonGame) big_game = load(big_path, NULL);
  assert_non_null(big_game);
  assert_near(agon_game_get_max_utility(big_game), 1e300, 1e286);
  g_autofree char *more_zeros = g_strnfill(400, '0');
  g_autofree char *huge =
    g_strdup_printf("EFG 2 R \"huge\" { \"1\" }\nt \"\" 1 \"\" { 1%s }\n", more_zeros);
  assert_refused("huge.efg", huge, AGON_ERROR_BAD_FILE, "out of range");
  /* Fractions too long for 64 bits are divided as doubles. */
  g_autofree char *thirds = g_strdup_printf(
    "EFG 2 R \"thirds\" { \"1\" }\nc \"\" 1 \"\" { \"a\" 1%s/3%s \"b\" 1%s/3%s \"c\" 1/3 } 0\n"
    "t \"\" 0\nt \"\" 0\nt \"\" 0\n", zeros, zeros, zeros, zeros);
  g_autofree char *thirds_path = scratch_file("thirds.efg", thirds, -1);
  g_autoptr(AgonGame) thirds_game = load(thirds_path, NULL);
  assert_non_null(thirds_game);
  assert_refused("infoset.efg",
                 "EFG 2 R \"x\" { \"1\" }\np \"\" 1 99999999999 \"\" { \"a\" } 0\nt \"\" 0\n",
                 AGON_ERROR_BAD_FILE, "an integer from 0 to 2147483647");

  /* Braces nested as deep as the file is long. */
  g_autoptr(GString) braces = g_string_new("NFG 1 R \"braces\" { \"1\" } ");
  for (int i = 0; i < 100000; i++)
    g_string_append_c(braces, '{');
  assert_refused("braces.nfg", braces->str, AGON_ERROR_BAD_FILE, "expected");

  /* A long label. */
  g_autofree char *label = g_strnfill(1 << 20, 'x');
  g_autofree char *labelled =
    g_strdup_printf("EFG 2 R \"%s\" { \"1\" }\nt \"%s\" 1 \"\" { 1 }\n", label, label);
  g_autofree char *labelled_path = scratch_file("label.efg", labelled, -1);
  g_autoptr(AgonGame) labelled_game = load(labelled_path, NULL);
  assert_non_null(labelled_game);

  /* A wide tree: 1000 chance outcomes of 100 actions each. */
  g_autoptr(GString) bushy = g_string_new("EFG 2 R \"bushy\" { \"1\" \"2\" }\nc \"\" 1 \"\" {");
  for (int i = 0; i < 1000; i++)
    g_string_append_printf(bushy, " \"%d\" 1/1000", i);
  g_string_append(bushy, " } 0\n");
  for (int i = 0; i < 1000; i++) {
    g_string_append_printf(bushy, "p \"\" 1 %d \"\" {", i + 1);
    for (int a = 0; a < 100; a++)
      g_string_append_printf(bushy, " \"%d\"", a);
    g_string_append(bushy, " } 0\n");
    for (int a = 0; a < 100; a++)
      g_string_append_printf(bushy, "t \"\" 0\n");
  }
  g_autofree char *bushy_path = scratch_file("bushy.efg", bushy->str, -1);
  g_autoptr(AgonGame) bushy_game = load(bushy_path, NULL);
  assert_non_null(bushy_game);
  assert_int_equal(agon_game_get_max_chance_outcomes(bushy_game), 1000);
  assert_int_equal(agon_game_get_num_distinct_actions(bushy_game), 100);
  AgonRng rng;
  agon_rng_init(&rng, 5);
  play_some(bushy_game, &rng, 10);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gambit_data_files),
    cmocka_unit_test(test_gambit_shared_collections),
    cmocka_unit_test(test_gambit_kuhn_tree),
    cmocka_unit_test(test_gambit_kuhn_is_kuhn),
    cmocka_unit_test(test_gambit_kuhn_cfr_plus),
    cmocka_unit_test(test_gambit_efg_strings),
    cmocka_unit_test(test_gambit_efg_features),
    cmocka_unit_test(test_gambit_efg_perfect_information),
    cmocka_unit_test(test_gambit_nfg),
    cmocka_unit_test(test_gambit_nfg_forms_agree),
    cmocka_unit_test(test_gambit_paths),
    cmocka_unit_test(test_gambit_truncations),
    cmocka_unit_test(test_gambit_mutations),
    cmocka_unit_test(test_gambit_deep_and_huge),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
