/* agon: tests of information-set MCTS (search/ismcts.c).
 *
 * Play strength against uniform random at kuhn_poker and leduc_poker in
 * both seats; the information contract (true states the searcher cannot
 * tell apart give the same search); the determinization's distribution,
 * checked against the exact posterior over the opponent's card; consistency
 * of samples in games with hidden opponent moves (phantom_ttt, dark_hex);
 * liars_dice; determinism for a seed; errors. Cowling, Powley and
 * Whitehouse 2012 is the reference for the algorithm. */
#include "tests/testutil.h"

#include <string.h>

#define assert_error(err, code_) \
  do { \
    assert_non_null(err); \
    assert_true(g_error_matches((err), AGON_ERROR, (code_))); \
  } while (0)

static AgonIsmcts *
ismcts_new_or_fail(const AgonGame *game, int player, const AgonIsmctsOptions *opts)
{
  g_autoptr(GError) error = NULL;
  AgonIsmcts *is = agon_ismcts_new(game, player, opts, &error);
  if (is == NULL)
    fail_msg("agon_ismcts_new: %s", error->message);
  return is;
}

static AgonAction
search_or_fail(AgonIsmcts *is, const AgonState *state, AgonRng *rng)
{
  g_autoptr(GError) error = NULL;
  AgonAction a = agon_ismcts_search(is, state, rng, &error);
  if (a < 0)
    fail_msg("agon_ismcts_search: %s", error->message);
  return a;
}

/* Plays IS-MCTS (seat @seat) against uniform random; returns its return. */
static double
play_vs_random(AgonGame *game, AgonIsmcts *is, int seat, guint64 seed)
{
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonRng rng;
  agon_rng_init(&rng, seed);
  AgonAction actions[agon_game_get_max_actions(game)];
  while (!agon_state_is_terminal(state)) {
    int player = agon_state_current_player(state);
    AgonAction a;
    if (player == AGON_PLAYER_CHANCE) {
      a = agon_state_sample_chance(state, &rng);
    } else if (player == seat) {
      a = search_or_fail(is, state, &rng);
    } else {
      int n = agon_state_legal_actions(state, actions);
      a = actions[agon_rng_below(&rng, (guint32) n)];
    }
    assert_true(agon_state_is_legal(state, a));
    agon_state_apply(state, a);
  }
  double returns[agon_game_get_num_players(game)];
  agon_state_returns(state, returns);
  return returns[seat];
}

/* The mean return of IS-MCTS over @games games in each seat. */
static void
mean_vs_random(const char *game_string, gint64 simulations, int games, double *mean)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  AgonIsmctsOptions opts;
  agon_ismcts_options_init(&opts);
  opts.simulations = simulations;
  for (int seat = 0; seat < 2; seat++) {
    g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(game, seat, &opts);
    double sum = 0;
    for (int g = 0; g < games; g++)
      sum += play_vs_random(game, is, seat, 7000 + (guint64) (1000 * seat + g));
    mean[seat] = sum / games;
  }
}

static void
test_ismcts_kuhn_beats_random(void **unused)
{
  /* A best response to uniform random wins 0.458 a game on average over
   * the seats (the uniform policy's exploitability); random's own mean is
   * 0 by symmetry, with a standard deviation near 1.3 a game, so 2000
   * games put the mean within about 0.03. */
  double mean[2];
  mean_vs_random("kuhn_poker", 200, 2000, mean);
  print_message("# kuhn_poker vs random: seat 0 %.3f, seat 1 %.3f\n", mean[0], mean[1]);
  assert_true(mean[0] > 0.2);
  assert_true(mean[1] > 0.2);
}

static void
test_ismcts_leduc_beats_random(void **unused)
{
  /* The uniform policy's exploitability is 2.37 a game; a return's
   * standard deviation is near 5, so 300 games put the mean within 0.3. */
  double mean[2];
  mean_vs_random("leduc_poker", 300, 300, mean);
  print_message("# leduc_poker vs random: seat 0 %.3f, seat 1 %.3f\n", mean[0], mean[1]);
  assert_true(mean[0] > 1.0);
  assert_true(mean[1] > 1.0);
}

/* Searches from @history with @player's search and seed 42; writes the
 * action and the root visits (as text) to @out. */
static void
search_trace(AgonGame *game, int player, const char *history, GString *out)
{
  AgonIsmctsOptions opts;
  agon_ismcts_options_init(&opts);
  opts.simulations = 2000;
  g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(game, player, &opts);
  g_autoptr(AgonState) state = test_replay(game, history);
  assert_int_equal(agon_state_current_player(state), player);
  AgonRng rng;
  agon_rng_init(&rng, 42);
  AgonAction a = search_or_fail(is, state, &rng);
  int m = agon_game_get_max_actions(game);
  AgonAction actions[m];
  double visits[m];
  int n = agon_ismcts_root_visits(is, actions, visits);
  g_string_append_printf(out, "action %d value %.17g attempts %" G_GINT64_FORMAT ":", a,
                         agon_ismcts_root_value(is), agon_ismcts_get_num_attempts(is));
  for (int i = 0; i < n; i++)
    g_string_append_printf(out, " %d=%g", actions[i], visits[i]);
}

static void
assert_same_search(const char *game_string, int player, const char *h1, const char *h2)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  /* The histories differ, but not for the searcher. */
  g_autoptr(AgonState) s1 = test_replay(game, h1);
  g_autoptr(AgonState) s2 = test_replay(game, h2);
  g_autofree char *i1 = agon_state_information_state(s1, player);
  g_autofree char *i2 = agon_state_information_state(s2, player);
  assert_string_equal(i1, i2);
  g_autofree char *o1 = agon_state_information_state(s1, 1 - player);
  g_autofree char *o2 = agon_state_information_state(s2, 1 - player);
  assert_string_not_equal(o1, o2);
  g_autoptr(GString) t1 = g_string_new(NULL);
  g_autoptr(GString) t2 = g_string_new(NULL);
  search_trace(game, player, h1, t1);
  search_trace(game, player, h2, t2);
  assert_string_equal(t1->str, t2->str);
}

static void
test_ismcts_uses_only_searchers_information(void **unused)
{
  /* Kuhn: player 0 holds the king (2); player 1 the jack or the queen. */
  assert_same_search("kuhn_poker", 0, "2 0", "2 1");
  /* After a pass and a bet, player 0 decides with the queen. */
  assert_same_search("kuhn_poker", 0, "1 0 0 1", "1 2 0 1");
  /* Player 1 with the queen facing a bet; player 0 holds jack or king. */
  assert_same_search("kuhn_poker", 1, "0 1 1", "2 1 1");
  /* Leduc, second round: player 1 holds card 3, the public card is 5;
   * player 0 holds card 0 or card 4. */
  assert_same_search("leduc_poker", 1, "0 3 1 1 5 1", "4 3 1 1 5 1");
  assert_same_search("leduc_poker", 0, "1 2 2 1 3", "1 5 2 1 3");
}

/* The opponent's hidden card in samples, against its exact distribution
 * given the searcher's view: in Kuhn after "1 x" player 1 holds 0 or 2,
 * half the time each; in Leduc after cards 0 (player 0) and x, a raise, a
 * call and public card 1, player 1 holds any of cards 2..5 (card 1 is the
 * public one), a quarter each. */
static void
test_ismcts_determinize_distribution(void **unused)
{
  struct {
    const char *game;
    int player;
    const char *history;
    int card_at; /* where in the sample's history the hidden card is */
    int num_cards;
    double expected[6];
  } cases[] = {
    { "kuhn_poker", 0, "1 2", 1, 3, { 0.5, 0, 0.5 } },
    { "kuhn_poker", 1, "2 0 0", 0, 3, { 0, 0.5, 0.5 } },
    { "leduc_poker", 0, "0 3 2 1 1", 1, 6, { 0, 0, 0.25, 0.25, 0.25, 0.25 } },
    { "leduc_poker", 1, "4 5 1", 0, 6, { 0.2, 0.2, 0.2, 0.2, 0.2, 0 } },
    /* Under suit isomorphism the deal is by rank: player 0 holds a queen
     * (1), so player 1 holds another queen with probability 1/5, a jack
     * or a king with 2/5 each -- unequal chance probabilities. */
    { "leduc_poker(suit_isomorphism=true)", 0, "1 0", 1, 3, { 0.4, 0.2, 0.4 } },
  };
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autoptr(AgonGame) game = test_game_new(cases[c].game);
    g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(game, cases[c].player, NULL);
    g_autoptr(AgonState) truth = test_replay(game, cases[c].history);
    g_autofree char *view = agon_state_information_state(truth, cases[c].player);
    g_autofree void *buf = g_malloc(agon_game_get_state_size(game));
    AgonState *sample = buf;
    AgonRng rng;
    agon_rng_init(&rng, 5 + c);
    int counts[6] = { 0 };
    int n = 20000;
    for (int i = 0; i < n; i++) {
      g_autoptr(GError) error = NULL;
      if (!agon_ismcts_determinize(is, truth, sample, &rng, &error))
        fail_msg("determinize: %s", error->message);
      g_autofree char *v = agon_state_information_state(sample, cases[c].player);
      assert_string_equal(v, view);
      int len;
      const AgonAction *h = agon_state_get_history(sample, &len);
      counts[h[cases[c].card_at]]++;
    }
    for (int k = 0; k < cases[c].num_cards; k++)
      assert_near((double) counts[k] / n, cases[c].expected[k], 0.015);
  }
}

/* Samples in games with hidden opponent moves keep the searcher's view
 * and vary the hidden part. */
static void
test_ismcts_determinize_hidden_moves(void **unused)
{
  const char *games[] = { "phantom_ttt", "dark_hex(board_size=3)" };
  for (gsize g = 0; g < G_N_ELEMENTS(games); g++) {
    g_autoptr(AgonGame) game = test_game_new(games[g]);
    AgonRng rng;
    agon_rng_init(&rng, 11);
    g_autoptr(AgonState) truth = agon_state_new_initial(game);
    /* Play a few random moves until player 0 is to move. */
    for (int i = 0; i < 6 || agon_state_current_player(truth) != 0; i++) {
      assert_false(agon_state_is_terminal(truth));
      test_random_step(truth, &rng);
    }
    g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(game, 0, NULL);
    g_autofree char *view = agon_state_information_state(truth, 0);
    g_autofree void *buf = g_malloc(agon_game_get_state_size(game));
    AgonState *sample = buf;
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; i < 200; i++) {
      g_autoptr(GError) error = NULL;
      if (!agon_ismcts_determinize(is, truth, sample, &rng, &error))
        fail_msg("%s: determinize: %s", games[g], error->message);
      g_autofree char *v = agon_state_information_state(sample, 0);
      assert_string_equal(v, view);
      assert_int_equal(agon_state_current_player(sample), 0);
      g_hash_table_add(seen, agon_state_information_state(sample, 1));
    }
    /* The opponent's hidden moves are resampled. */
    assert_true(g_hash_table_size(seen) > 1);

    /* A short search runs and picks a legal move. */
    AgonIsmctsOptions opts;
    agon_ismcts_options_init(&opts);
    opts.simulations = 300;
    g_autoptr(AgonIsmcts) searcher = ismcts_new_or_fail(game, 0, &opts);
    AgonAction a = search_or_fail(searcher, truth, &rng);
    assert_true(agon_state_is_legal(truth, a));
  }
}

static void
test_ismcts_liars_dice_runs(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice");
  AgonIsmctsOptions opts;
  agon_ismcts_options_init(&opts);
  opts.simulations = 300;
  double sum = 0;
  int games = 40;
  for (int seat = 0; seat < 2; seat++) {
    g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(game, seat, &opts);
    for (int g = 0; g < games / 2; g++)
      sum += play_vs_random(game, is, seat, 300 + (guint64) g);
    assert_true(agon_ismcts_get_num_simulations(is) == 300);
    assert_true(agon_ismcts_get_num_nodes(is) > 1);
  }
  /* Random bids are easy to call: IS-MCTS wins most games (returns ±1). */
  print_message("# liars_dice vs random: mean %.3f\n", sum / games);
  assert_true(sum / games > 0.3);
}

static void
test_ismcts_deterministic(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker");
  g_autoptr(GString) a = g_string_new(NULL);
  g_autoptr(GString) b = g_string_new(NULL);
  search_trace(game, 0, "2 3", a);
  search_trace(game, 0, "2 3", b);
  assert_string_equal(a->str, b->str);
  /* Another seed searches differently (the visits differ). */
  AgonIsmctsOptions opts;
  agon_ismcts_options_init(&opts);
  opts.simulations = 2000;
  g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(game, 0, &opts);
  g_autoptr(AgonState) state = test_replay(game, "2 3");
  AgonRng rng;
  agon_rng_init(&rng, 43);
  search_or_fail(is, state, &rng);
  assert_int_equal(agon_ismcts_get_num_simulations(is), 2000);
  assert_true(agon_ismcts_get_num_attempts(is) >= 2000);
  double visits[3];
  AgonAction actions[3];
  int n = agon_ismcts_root_visits(is, actions, visits);
  g_autoptr(GString) c = g_string_new(NULL);
  for (int i = 0; i < n; i++)
    g_string_append_printf(c, " %d=%g", actions[i], visits[i]);
  assert_null(strstr(a->str, c->str));
}

/* A small node budget is respected and the search still answers. */
static void
test_ismcts_node_budget(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker");
  AgonIsmctsOptions opts;
  agon_ismcts_options_init(&opts);
  opts.simulations = 3000;
  opts.max_nodes = 100;
  g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(game, 0, &opts);
  g_autoptr(AgonState) state = test_replay(game, "0 3");
  AgonRng rng;
  agon_rng_init(&rng, 1);
  AgonAction a = search_or_fail(is, state, &rng);
  assert_true(agon_state_is_legal(state, a));
  assert_true(agon_ismcts_get_num_nodes(is) <= 100);
  assert_int_equal(agon_ismcts_get_num_simulations(is), 3000);
}

static void
test_ismcts_errors(void **unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) goofspiel = test_game_new("goofspiel");
  assert_null(agon_ismcts_new(goofspiel, 0, NULL, &error));
  assert_error(error, AGON_ERROR_UNSUPPORTED);
  g_clear_error(&error);
  g_autoptr(AgonGame) kuhn = test_game_new("kuhn_poker");
  assert_null(agon_ismcts_new(kuhn, 2, NULL, &error));
  assert_error(error, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);
  AgonIsmctsOptions opts;
  agon_ismcts_options_init(&opts);
  opts.max_nodes = 2;
  assert_null(agon_ismcts_new(kuhn, 0, &opts, &error));
  assert_error(error, AGON_ERROR_INVALID_VALUE);
  g_clear_error(&error);

  assert_true(agon_ismcts_options_parse("ismcts(simulations=50,uct_c=1.5,seed=3)", &opts,
                                        &error));
  assert_int_equal(opts.simulations, 50);
  assert_near(opts.uct_c, 1.5, 0);
  assert_int_equal(opts.seed, 3);
  assert_false(agon_ismcts_options_parse("mcts(simulations=50)", &opts, &error));
  assert_error(error, AGON_ERROR_UNKNOWN_NAME);
  g_clear_error(&error);
  assert_false(agon_ismcts_options_parse("ismcts(depth=3)", &opts, &error));
  assert_error(error, AGON_ERROR_UNKNOWN_PARAMETER);
  g_clear_error(&error);

  /* With one attempt per sample, the dead ends (player 0's hidden card
   * drawn as player 1's or the public card, one sample in three) make a
   * 1000-simulation search fail, and it says so. */
  agon_ismcts_options_init(&opts);
  opts.max_attempts = 1;
  g_autoptr(AgonGame) leduc = test_game_new("leduc_poker");
  g_autoptr(AgonIsmcts) is = ismcts_new_or_fail(leduc, 1, &opts);
  g_autoptr(AgonState) state = test_replay(leduc, "0 1 1 1 2 1");
  AgonRng rng;
  agon_rng_init(&rng, 1);
  assert_int_equal(agon_ismcts_search(is, state, &rng, &error), -1);
  assert_error(error, AGON_ERROR_FAILED);
  assert_non_null(strstr(error->message, "max_attempts"));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ismcts_kuhn_beats_random),
    cmocka_unit_test(test_ismcts_leduc_beats_random),
    cmocka_unit_test(test_ismcts_uses_only_searchers_information),
    cmocka_unit_test(test_ismcts_determinize_distribution),
    cmocka_unit_test(test_ismcts_determinize_hidden_moves),
    cmocka_unit_test(test_ismcts_liars_dice_runs),
    cmocka_unit_test(test_ismcts_deterministic),
    cmocka_unit_test(test_ismcts_node_budget),
    cmocka_unit_test(test_ismcts_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
