/* agon: Leduc poker's known facts, with strings and returns taken from
 * OpenSpiel's playthroughs (leduc_poker_1540482260.txt, leduc_poker_3p.txt). */
#include "testutil.h"

static void
assert_legal(const AgonState *state, const AgonAction *expected, int n_expected)
{
  AgonAction actions[agon_game_get_max_actions(agon_state_get_game(state))];
  int n = agon_state_legal_actions(state, actions);
  assert_int_equal(n, n_expected);
  for (int i = 0; i < n; i++)
    assert_int_equal(actions[i], expected[i]);
}

/* Fails unless @values is 1 at the indices @ones lists (ending with -1) and
 * 0 everywhere else. */
static void
assert_tensor_ones(const float *values, gsize size, const int *ones)
{
  float expected[size];
  for (gsize i = 0; i < size; i++)
    expected[i] = 0;
  for (const int *i = ones; *i >= 0; i++)
    expected[*i] = 1;
  for (gsize i = 0; i < size; i++)
    if (values[i] != expected[i])
      fail_msg("tensor entry %zu is %g, expected %g", i, values[i], expected[i]);
}

static void
test_leduc_tree_counts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker");
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 9457);
  assert_int_equal(counts.terminals, 5520);
  assert_int_equal(counts.infosets[0], 468);
  assert_int_equal(counts.infosets[1], 468);
  test_tree_counts_clear(&counts);
}

static void
test_leduc_sizes(void **unused)
{
  g_autoptr(AgonGame) two = test_game_new("leduc_poker");
  assert_int_equal(agon_game_get_num_players(two), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(two), 3);
  assert_int_equal(agon_game_get_max_chance_outcomes(two), 6);
  assert_int_equal(agon_game_get_max_game_length(two), 8);
  assert_near(agon_game_get_min_utility(two), -13, 0);
  assert_near(agon_game_get_max_utility(two), 13, 0);
  assert_near(agon_game_get_utility_sum(two), 0, 0);
  assert_int_equal(agon_game_get_information_state_tensor_size(two), 30);
  assert_int_equal(agon_game_get_observation_tensor_size(two), 16);
  assert_string_equal(agon_game_get_string(two), "leduc_poker()");

  g_autoptr(AgonGame) three = test_game_new("leduc_poker(players=3)");
  assert_int_equal(agon_game_get_num_players(three), 3);
  assert_int_equal(agon_game_get_max_chance_outcomes(three), 8);
  assert_int_equal(agon_game_get_max_game_length(three), 14);
  assert_near(agon_game_get_min_utility(three), -13, 0);
  assert_near(agon_game_get_max_utility(three), 26, 0);
  assert_int_equal(agon_game_get_information_state_tensor_size(three), 47);
  assert_int_equal(agon_game_get_observation_tensor_size(three), 22);
  assert_string_equal(agon_game_get_string(three), "leduc_poker(players=3)");

  /* Every chance outcome and every history entry must fit. */
  g_autoptr(AgonGame) ten = test_game_new("leduc_poker(players=10)");
  assert_int_equal(agon_game_get_max_chance_outcomes(ten), 22);
  assert_int_equal(agon_game_get_max_game_length(ten), 56);
  assert_int_equal(agon_game_get_max_history_length(ten), 56 + 11);
  assert_near(agon_game_get_max_utility(ten), 117, 0);

  g_autoptr(AgonGame) iso = test_game_new("leduc_poker(suit_isomorphism=true)");
  assert_int_equal(agon_game_get_max_chance_outcomes(iso), 3);
  assert_int_equal(agon_game_get_information_state_tensor_size(iso), 24);
  assert_int_equal(agon_game_get_observation_tensor_size(iso), 10);
}

/* leduc_poker_1540482260.txt: player 0 holds card 5, player 1 card 1;
 * player 0 raises and player 1 folds. */
static void
test_leduc_two_player_playthrough(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  test_assert_infostate(state, 1, "[Observer: 1][Private: -10000][Round 1][Player: -1][Pot: 2]"
                              "[Money: 99 99][Round1: ][Round2: ]");
  test_assert_observation(state, 0, "[Observer: 0][Private: -10000][Round 1][Player: -1][Pot: 2]"
                               "[Money: 99 99][Ante: 1 1]");
  AgonChanceOutcome outcomes[6];
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 6);
  for (int i = 0; i < 6; i++) {
    assert_int_equal(outcomes[i].action, i);
    assert_near(outcomes[i].probability, 1.0 / 6, 1e-15);
  }
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(state, AGON_PLAYER_CHANCE, 5, name);
  assert_string_equal(name->str, "Chance outcome:5");

  agon_state_apply(state, 5);
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 5);
  assert_int_equal(outcomes[4].action, 4);
  assert_near(outcomes[4].probability, 0.2, 1e-15);

  agon_state_apply(state, 1);
  assert_int_equal(agon_state_current_player(state), 0);
  assert_legal(state, (AgonAction[]) { 1, 2 }, 2);
  test_assert_infostate(state, 1, "[Observer: 1][Private: 1][Round 1][Player: 0][Pot: 2]"
                              "[Money: 99 99][Round1: ][Round2: ]");

  agon_state_apply(state, 2);
  assert_int_equal(agon_state_current_player(state), 1);
  assert_legal(state, (AgonAction[]) { 0, 1, 2 }, 3);
  test_assert_infostate(state, 0, "[Observer: 0][Private: 5][Round 1][Player: 1][Pot: 4]"
                              "[Money: 97 99][Round1: 2][Round2: ]");
  test_assert_observation(state, 1, "[Observer: 1][Private: 1][Round 1][Player: 1][Pot: 4]"
                               "[Money: 97 99][Ante: 3 1]");
  float info[30], obs[16];
  agon_state_information_state_tensor(state, 1, info);
  /* player 1, private card 1, round 1 bet 0 a raise */
  assert_tensor_ones(info, 30, (int[]) { 1, 2 + 1, 2 + 12 + 1, -1 });
  agon_state_observation_tensor(state, 0, obs);
  assert_near(obs[0], 1, 0);
  assert_near(obs[2 + 5], 1, 0);
  assert_near(obs[14], 3, 0);
  assert_near(obs[15], 1, 0);
  g_string_truncate(name, 0);
  agon_state_action_to_string(state, 1, 0, name);
  assert_string_equal(name->str, "Fold");

  agon_state_apply(state, 0);
  assert_true(agon_state_is_terminal(state));
  test_assert_returns(state, (double[]) { 1, -1 });
  test_assert_infostate(state, 0, "[Observer: 0][Private: 5][Round 1][Player: 1][Pot: 0]"
                              "[Money: 101 99][Round1: 2 0][Round2: ]");
  test_assert_observation(state, 1, "[Observer: 1][Private: 1][Round 1][Player: 1][Pot: 0]"
                               "[Money: 101 99][Ante: 3 1]");
  g_autoptr(GString) text = g_string_new(NULL);
  agon_state_to_string(state, text);
  assert_string_equal(text->str, "Round: 1\nPlayer: 1\nPot: 0\nMoney (player_0 player_1): 101 99\n"
                                 "Cards (public player_0 player_1): -10000 5 1 \n"
                                 "Round 1 sequence: Raise, Fold\nRound 2 sequence: \n");
}

/* leduc_poker_3p.txt: cards 4, 2, 3; call, raise, call, fold; public card
 * 1; raise, call. Players 1 and 2 both hold a queen and split the pot. */
static void
test_leduc_three_player_playthrough(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker(players=3)");
  g_autoptr(AgonState) first = test_replay(game, "4");
  AgonChanceOutcome outcomes[8];
  assert_int_equal(agon_state_chance_outcomes(first, outcomes), 7);
  assert_int_equal(outcomes[4].action, 5);
  assert_near(outcomes[4].probability, 1.0 / 7, 1e-15);

  g_autoptr(AgonState) raised = test_replay(game, "4 2 3 1 2");
  assert_int_equal(agon_state_current_player(raised), 2);
  test_assert_infostate(raised, 2, "[Observer: 2][Private: 3][Round 1][Player: 2][Pot: 5]"
                               "[Money: 99 97 99][Round1: 1 2][Round2: ]");
  test_assert_observation(raised, 0, "[Observer: 0][Private: 4][Round 1][Player: 2][Pot: 5]"
                                "[Money: 99 97 99][Ante: 1 3 1]");

  g_autoptr(AgonState) folded = test_replay(game, "4 2 3 1 2 1 0");
  assert_true(agon_state_is_chance_node(folded));
  test_assert_infostate(folded, 1, "[Observer: 1][Private: 2][Round 2][Player: -1][Pot: 7]"
                               "[Money: 99 97 97][Round1: 1 2 1 0][Round2: ]");

  g_autoptr(AgonState) second = test_replay(game, "4 2 3 1 2 1 0 1");
  assert_int_equal(agon_state_current_player(second), 1);
  assert_legal(second, (AgonAction[]) { 1, 2 }, 2);
  test_assert_infostate(second, 0, "[Observer: 0][Private: 4][Round 2][Player: 1][Pot: 7]"
                               "[Money: 99 97 97][Public: 1][Round1: 1 2 1 0][Round2: ]");
  test_assert_observation(second, 2, "[Observer: 2][Private: 3][Round 2][Player: 1][Pot: 7]"
                                "[Money: 99 97 97][Public: 1][Ante: 1 3 3]");

  g_autoptr(AgonState) end = test_replay(game, "4 2 3 1 2 1 0 1 2 1");
  assert_true(agon_state_is_terminal(end));
  test_assert_returns(end, (double[]) { -1, 0.5, 0.5 });
  test_assert_infostate(end, 0, "[Observer: 0][Private: 4][Round 2][Player: 2][Pot: 0]"
                            "[Money: 99 100.5 100.5][Public: 1][Round1: 1 2 1 0][Round2: 2 1]");
  test_assert_observation(end, 1, "[Observer: 1][Private: 2][Round 2][Player: 2][Pot: 0]"
                             "[Money: 99 100.5 100.5][Public: 1][Ante: 1 7 7]");
  float info[47];
  agon_state_information_state_tensor(end, 2, info);
  /* player 2, private card 3, public card 1; betting at 19 + 2 * (7 * round
   * + bet) + (0 call, 1 raise): round 1 call, raise, call, fold; round 2
   * raise, call. */
  assert_tensor_ones(info, 47, (int[]) { 2, 3 + 3, 11 + 1, 19, 21 + 1, 23, 33 + 1, 35, -1 });
}

static void
test_leduc_suit_isomorphism(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker(suit_isomorphism=true)");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonChanceOutcome outcomes[3];
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 3);
  for (int r = 0; r < 3; r++) {
    assert_int_equal(outcomes[r].action, r);
    assert_near(outcomes[r].probability, 1.0 / 3, 1e-15);
  }
  agon_state_apply(state, 1);
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 3);
  assert_near(outcomes[0].probability, 0.4, 1e-15);
  assert_near(outcomes[1].probability, 0.2, 1e-15);
  assert_near(outcomes[2].probability, 0.4, 1e-15);
  agon_state_apply(state, 1);
  agon_state_apply(state, 1);
  agon_state_apply(state, 1);
  /* Both queens are out: only jacks and kings remain for the public card. */
  assert_legal(state, (AgonAction[]) { 0, 2 }, 2);
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 2);
  assert_near(outcomes[0].probability, 0.5, 1e-15);
  test_assert_infostate(state, 0, "[Observer: 0][Private: 1][Round 2][Player: -1][Pot: 2]"
                              "[Money: 99 99][Round1: 1 1][Round2: ]");
  agon_state_apply(state, 2);
  agon_state_apply(state, 1);
  agon_state_apply(state, 1);
  /* Two queens against a king: a tie. */
  assert_true(agon_state_is_terminal(state));
  test_assert_returns(state, (double[]) { 0, 0 });
  float info[24];
  agon_state_information_state_tensor(state, 1, info);
  assert_tensor_ones(info, 24, (int[]) { 1, 2 + 1, 5 + 2, 8, 10, 16, 18, -1 });
}

static void
test_leduc_action_mapping(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker(action_mapping=true)");
  g_autoptr(AgonState) state = test_replay(game, "0 2");
  assert_legal(state, (AgonAction[]) { 0, 1, 2 }, 3);
  /* A fold with nothing to call is a check. */
  agon_state_apply(state, 0);
  assert_int_equal(agon_state_current_player(state), 1);
  assert_legal(state, (AgonAction[]) { 0, 1, 2 }, 3);
  agon_state_apply(state, 2);
  agon_state_apply(state, 2);
  /* A third raise is a call, and ends the round. */
  agon_state_apply(state, 2);
  assert_true(agon_state_is_chance_node(state));
  test_assert_infostate(state, 0, "[Observer: 0][Private: 0][Round 2][Player: -1][Pot: 10]"
                              "[Money: 95 95][Round1: 1 2 2 1][Round2: ]");
  int length;
  const AgonAction *history = agon_state_get_history(state, &length);
  assert_int_equal(length, 6);
  assert_int_equal(history[2], 0);
  assert_int_equal(history[5], 2);
}

/* As OpenSpiel's StartingPlayerTest: player 1 opens both rounds, or the
 * next player still in. */
static void
test_leduc_starting_player(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("leduc_poker(players=3,starting_player=1)");
  g_autoptr(AgonState) state = test_replay(game, "0 2 4");
  assert_int_equal(agon_state_current_player(state), 1);
  agon_state_apply(state, 1);
  assert_int_equal(agon_state_current_player(state), 2);
  agon_state_apply(state, 2);
  assert_int_equal(agon_state_current_player(state), 0);
  agon_state_apply(state, 1);
  assert_int_equal(agon_state_current_player(state), 1);
  agon_state_apply(state, 0);
  assert_true(agon_state_is_chance_node(state));
  agon_state_apply(state, 3);
  assert_int_equal(agon_state_current_player(state), 2);
}

/* Random play for every player count, plain, with suit_isomorphism, and
 * with action_mapping and the last player opening: returns are zero-sum
 * and within the declared utility range, and chance probabilities sum to
 * one. */
static void
test_leduc_random_play(void **unused)
{
  AgonRng rng;
  agon_rng_init(&rng, 42);
  for (int n = 2; n <= 10; n++) {
    for (int variant = 0; variant < 3; variant++) {
      g_autofree char *name = NULL;
      if (variant == 0)
        name = g_strdup_printf("leduc_poker(players=%d)", n);
      else if (variant == 1)
        name = g_strdup_printf("leduc_poker(players=%d,suit_isomorphism=true)", n);
      else
        name = g_strdup_printf("leduc_poker(players=%d,action_mapping=true,starting_player=%d)",
                               n, n - 1);
      g_autoptr(AgonGame) game = test_game_new(name);
      g_autofree void *buf = g_malloc(agon_game_get_state_size(game));
      AgonChanceOutcome outcomes[agon_game_get_max_chance_outcomes(game)];
      double returns[n];
      for (int i = 0; i < 200; i++) {
        AgonState *state = agon_state_init_initial(game, buf);
        while (!agon_state_is_terminal(state)) {
          int k = agon_state_chance_outcomes(state, outcomes);
          double total = 0;
          for (int j = 0; j < k; j++)
            total += outcomes[j].probability;
          if (k > 0)
            assert_near(total, 1, 1e-12);
          test_random_step(state, &rng);
        }
        agon_state_returns(state, returns);
        double sum = 0;
        for (int p = 0; p < n; p++) {
          sum += returns[p];
          assert_true(returns[p] >= agon_game_get_min_utility(game));
          assert_true(returns[p] <= agon_game_get_max_utility(game));
        }
        assert_near(sum, 0, 1e-9);
      }
    }
  }
}

static void
test_leduc_bad_params(void **unused)
{
  test_assert_game_error("leduc_poker(players=11)", AGON_ERROR_INVALID_VALUE,
                         "players must be between 2 and 10");
  test_assert_game_error("leduc_poker(players=1)", AGON_ERROR_INVALID_VALUE,
                         "players must be between 2 and 10");
  test_assert_game_error("leduc_poker(starting_player=2)", AGON_ERROR_INVALID_VALUE,
                         "starting_player must be between 0 and 1");
  test_assert_game_error("leduc_poker(suit_isomorphism=maybe)", AGON_ERROR_INVALID_VALUE,
                         "suit_isomorphism must be true or false");
  test_assert_game_error("leduc_poker(cards=3)", AGON_ERROR_UNKNOWN_PARAMETER, "cards");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_leduc_tree_counts),
    cmocka_unit_test(test_leduc_sizes),
    cmocka_unit_test(test_leduc_two_player_playthrough),
    cmocka_unit_test(test_leduc_three_player_playthrough),
    cmocka_unit_test(test_leduc_suit_isomorphism),
    cmocka_unit_test(test_leduc_action_mapping),
    cmocka_unit_test(test_leduc_starting_player),
    cmocka_unit_test(test_leduc_random_play),
    cmocka_unit_test(test_leduc_bad_params),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
