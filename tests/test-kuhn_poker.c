/* agon: Kuhn poker's known facts. */
#include "testutil.h"

static void
test_kuhn_tree_counts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 58);
  assert_int_equal(counts.terminals, 30);
  assert_int_equal(counts.infosets[0], 6);
  assert_int_equal(counts.infosets[1], 6);
  test_tree_counts_clear(&counts);
}

static void
test_kuhn_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker(players=3)");
  assert_int_equal(agon_game_get_num_players(game), 3);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 2);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 4);
  assert_int_equal(agon_game_get_max_game_length(game), 5);
  assert_near(agon_game_get_min_utility(game), -2, 0);
  assert_near(agon_game_get_max_utility(game), 4, 0);
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 17);
  assert_int_equal(agon_game_get_observation_tensor_size(game), 10);
  assert_string_equal(agon_game_get_string(game), "kuhn_poker(players=3)");
}

/* Player 2 bets after two passes, player 0 calls, player 1 folds: player
 * 2's king beats player 0's card in the two-way showdown. */
static void
test_kuhn_three_player_showdown(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker(players=3)");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) state = agon_state_deserialize(game, "1 0 2 0 0 1 1 0", &error);
  assert_non_null(state);
  assert_true(agon_state_is_terminal(state));
  double returns[3];
  agon_state_returns(state, returns);
  assert_near(returns[0], -2, 0);
  assert_near(returns[1], -1, 0);
  assert_near(returns[2], 3, 0);
  g_autofree char *info = agon_state_information_state(state, 2);
  assert_string_equal(info, "2ppbbp");
}

static void
test_kuhn_strings(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  g_autoptr(AgonState) state = agon_state_deserialize(game, "1 2 0", NULL);
  assert_non_null(state);
  g_autofree char *info0 = agon_state_information_state(state, 0);
  g_autofree char *info1 = agon_state_information_state(state, 1);
  assert_string_equal(info0, "1p");
  assert_string_equal(info1, "2p");
  g_autoptr(GString) obs = g_string_new(NULL);
  agon_state_observation_string(state, 1, obs);
  assert_string_equal(obs->str, "211");
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(state, 1, 1, name);
  assert_string_equal(name->str, "Bet");
  assert_int_equal(agon_state_string_to_action(state, AGON_PLAYER_INVALID, "pass", NULL), 0);
}

static void
test_kuhn_bad_params(void **unused)
{
  test_assert_game_error("kuhn_poker(players=11)", AGON_ERROR_INVALID_VALUE,
                         "players must be between 2 and 10");
  test_assert_game_error("kuhn_poker(players=two)", AGON_ERROR_INVALID_VALUE,
                         "players must be an integer");
  test_assert_game_error("kuhn_poker(cards=3)", AGON_ERROR_UNKNOWN_PARAMETER, "cards");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_kuhn_tree_counts),
    cmocka_unit_test(test_kuhn_sizes),
    cmocka_unit_test(test_kuhn_three_player_showdown),
    cmocka_unit_test(test_kuhn_strings),
    cmocka_unit_test(test_kuhn_bad_params),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
