/* agon: Liar's dice's known facts, with strings taken from OpenSpiel's
 * playthrough (liars_dice.txt). */
#include "testutil.h"

#include <string.h>

static void
assert_returns(const AgonState *state, double r0, double r1)
{
  double returns[2];
  agon_state_returns(state, returns);
  assert_near(returns[0], r0, 0);
  assert_near(returns[1], r1, 0);
}

static void
assert_action_name(const AgonState *state, int player, AgonAction action, const char *expected)
{
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(state, player, action, name);
  assert_string_equal(name->str, expected);
}

/* Each deal (36 of them) leads to every increasing bid sequence (2^12) and,
 * after a non-empty one, Liar; a player acts at the sequences of the parity
 * of their turn, 2^11 of them per die. */
static void
test_liars_tree_counts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice");
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 294883);
  assert_int_equal(counts.terminals, 36 * 4095);
  assert_int_equal(counts.infosets[0], 12288);
  assert_int_equal(counts.infosets[1], 12288);
  test_tree_counts_clear(&counts);
}

static void
test_liars_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice");
  assert_int_equal(agon_game_get_num_players(game), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 13);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 6);
  assert_int_equal(agon_game_get_max_game_length(game), 13);
  assert_int_equal(agon_game_get_max_history_length(game), 15);
  assert_near(agon_game_get_min_utility(game), -1, 0);
  assert_near(agon_game_get_max_utility(game), 1, 0);
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 21);
  assert_int_equal(agon_game_get_observation_tensor_size(game), 21);

  g_autoptr(AgonGame) big = test_game_new("liars_dice(numdice=3,dice_sides=4)");
  assert_int_equal(agon_game_get_num_distinct_actions(big), 25);
  assert_int_equal(agon_game_get_max_chance_outcomes(big), 4);
  assert_int_equal(agon_game_get_max_game_length(big), 25);
  assert_int_equal(agon_game_get_max_history_length(big), 31);
  /* 2 players, 3 dice of 4 faces, 24 bids and Liar */
  assert_int_equal(agon_game_get_information_state_tensor_size(big), 2 + 12 + 25);
}

/* The playthrough's game: rolls 2 and 5, bids 1-2, 1-5, 2-3, then Liar.
 * Only one die matches face 3 (no six is showing), so the bidder, player
 * 0, loses. */
static void
test_liars_playthrough(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice");
  g_autoptr(AgonState) start = agon_state_new_initial(game);
  test_assert_infostate(start, 0, "-1");
  test_assert_infostate(start, 1, "-1");
  assert_action_name(start, AGON_PLAYER_CHANCE, 1, "Roll 2");
  g_autoptr(GString) picture = g_string_new(NULL);
  agon_state_to_string(start, picture);
  assert_string_equal(picture->str, "-1 -1 - chance node, current roller is player 0");

  g_autoptr(AgonState) state = test_replay(game, "1 4 1 4 8");
  assert_int_equal(agon_state_current_player(state), 1);
  test_assert_infostate(state, 0, "2 1-2 1-5 2-3");
  test_assert_infostate(state, 1, "5 1-2 1-5 2-3");
  AgonAction actions[13];
  int n = agon_state_legal_actions(state, actions);
  assert_int_equal(n, 4);
  assert_int_equal(actions[0], 9);
  assert_int_equal(actions[3], 12);
  assert_action_name(state, 1, 12, "Liar");
  assert_action_name(state, 1, 9, "2-4");

  assert_true(agon_state_apply_checked(state, 12, NULL));
  assert_true(agon_state_is_terminal(state));
  assert_returns(state, -1, 1);
  test_assert_infostate(state, 0, "2 1-2 1-5 2-3 Liar");
  g_string_truncate(picture, 0);
  agon_state_to_string(state, picture);
  assert_string_equal(picture->str, "2 5 1-2 1-5 2-3 Liar");

  /* The information state shows every bid; the observation only the last
   * two (here 2-3 and Liar). */
  float info[21], obs[21];
  agon_state_information_state_tensor(state, 1, info);
  agon_state_observation_tensor(state, 1, obs);
  static const int info_ones[] = { 1, 6, 9, 12, 16, 20 };
  static const int obs_ones[] = { 1, 6, 16, 20 };
  float expected[21] = { 0 };
  for (gsize i = 0; i < G_N_ELEMENTS(info_ones); i++)
    expected[info_ones[i]] = 1;
  assert_memory_equal(info, expected, sizeof info);
  memset(expected, 0, sizeof expected);
  for (gsize i = 0; i < G_N_ELEMENTS(obs_ones); i++)
    expected[obs_ones[i]] = 1;
  assert_memory_equal(obs, expected, sizeof obs);
}

/* A bid must rank strictly above the current one; Liar needs a bid. */
static void
test_liars_bids_increase(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice");
  g_autoptr(AgonState) state = test_replay(game, "0 0");
  AgonAction actions[13];
  assert_int_equal(agon_state_legal_actions(state, actions), 12);
  assert_int_equal(actions[11], 11);
  assert_false(agon_state_is_legal(state, 12));

  assert_true(agon_state_apply_checked(state, 7, NULL));
  int n = agon_state_legal_actions(state, actions);
  assert_int_equal(n, 5);
  for (int i = 0; i < 4; i++)
    assert_int_equal(actions[i], 8 + i);
  assert_int_equal(actions[4], 12);
  g_autoptr(GError) error = NULL;
  assert_false(agon_state_apply_checked(state, 7, &error));
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  g_clear_error(&error);
  assert_false(agon_state_apply_checked(state, 3, &error));

  /* The highest bid leaves only Liar. */
  assert_true(agon_state_apply_checked(state, 11, NULL));
  n = agon_state_legal_actions(state, actions);
  assert_int_equal(n, 1);
  assert_int_equal(actions[0], 12);
}

/* Sixes are wild: they count for any face, and for six itself. */
static void
test_liars_wild_sixes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice");
  static const struct {
    const char *history;
    double r0, r1;
  } cases[] = {
    /* dice 3 and 6, player 0 bids 2-3 and player 1 calls: 3 and the wild 6
     * make two threes, so the bid holds and the caller loses */
    { "2 5 8 12", 1, -1 },
    /* dice 3 and 5: only one three, the bidder loses */
    { "2 4 8 12", -1, 1 },
    /* dice 6 and 6: two sixes, player 1's bid 2-6 holds */
    { "5 5 0 11 12", -1, 1 },
    /* dice 6 and 1: one six; player 1's bid 2-1 holds (the 1 and the
     * wild 6) */
    { "5 0 0 6 12", -1, 1 },
    /* dice 2 and 4: player 1 bids 1-6, no six showing, player 0 wins */
    { "1 3 0 5 12", 1, -1 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(AgonState) state = test_replay(game, cases[i].history);
    assert_true(agon_state_is_terminal(state));
    assert_returns(state, cases[i].r0, cases[i].r1);
  }
}

/* reset-quantity ranks bids by face first: with 2 dice, bid 1 is 2-1 and
 * bid 2 is 1-2, so 1-2 may follow 2-1. */
static void
test_liars_reset_quantity(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice(bidding_rule=reset-quantity)");
  g_autoptr(AgonState) state = test_replay(game, "0 0");
  assert_action_name(state, 0, 0, "1-1");
  assert_action_name(state, 0, 1, "2-1");
  assert_action_name(state, 0, 2, "1-2");
  assert_action_name(state, 0, 11, "2-6");
  assert_true(agon_state_apply_checked(state, 1, NULL));
  assert_true(agon_state_apply_checked(state, 2, NULL));
  test_assert_infostate(state, 0, "1 2-1 1-2");
  /* dice 1 and 1: two ones make 2-1 true but 1-2 false */
  assert_true(agon_state_apply_checked(state, 12, NULL));
  assert_returns(state, 1, -1);
}

/* With several dice each player's dice show in roll order until all are
 * rolled, then sorted (as OpenSpiel does). */
static void
test_liars_several_dice(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("liars_dice(numdice=2)");
  g_autoptr(AgonState) state = test_replay(game, "4");
  test_assert_infostate(state, 0, "5-1");
  test_assert_infostate(state, 1, "-1-1");
  assert_true(agon_state_apply_checked(state, 1, NULL));
  assert_true(agon_state_apply_checked(state, 5, NULL));
  test_assert_infostate(state, 0, "52");
  g_autoptr(GString) picture = g_string_new(NULL);
  agon_state_to_string(state, picture);
  assert_string_equal(picture->str, "52 6-1 - chance node, current roller is player 1");
  assert_true(agon_state_apply_checked(state, 2, NULL));
  test_assert_infostate(state, 0, "25");
  test_assert_infostate(state, 1, "36");
  assert_int_equal(agon_state_current_player(state), 0);
  /* 4 dice: bids 1-1 .. 4-6, and Liar is 24 */
  assert_action_name(state, 0, 23, "4-6");
  assert_action_name(state, 0, 24, "Liar");
  /* 3-5 (action 16): the 5 and the 6 make two fives, so the caller wins */
  assert_true(agon_state_apply_checked(state, 16, NULL));
  assert_true(agon_state_apply_checked(state, 24, NULL));
  assert_returns(state, -1, 1);
  float info[2 + 12 + 25];
  agon_state_information_state_tensor(state, 0, info);
  /* player 0, dice 2 and 5, bid 16 and Liar */
  float expected[G_N_ELEMENTS(info)];
  memset(expected, 0, sizeof expected);
  expected[0] = expected[2 + 1] = expected[2 + 6 + 4] = 1;
  expected[14 + 16] = expected[14 + 24] = 1;
  assert_memory_equal(info, expected, sizeof info);
}

static void
test_liars_bad_params(void **unused)
{
  test_assert_game_error("liars_dice(players=3)", AGON_ERROR_INVALID_VALUE,
                         "players must be between 2 and 2");
  test_assert_game_error("liars_dice(numdice=0)", AGON_ERROR_INVALID_VALUE, "numdice");
  test_assert_game_error("liars_dice(dice_sides=0)", AGON_ERROR_INVALID_VALUE, "dice_sides");
  test_assert_game_error("liars_dice(bidding_rule=reset)", AGON_ERROR_INVALID_VALUE,
                         "bidding_rule must be reset-face or reset-quantity, not 'reset'");
  test_assert_game_error("liars_dice(numdice0=2)", AGON_ERROR_UNKNOWN_PARAMETER, "numdice0");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_liars_tree_counts),
    cmocka_unit_test(test_liars_sizes),
    cmocka_unit_test(test_liars_playthrough),
    cmocka_unit_test(test_liars_bids_increase),
    cmocka_unit_test(test_liars_wild_sixes),
    cmocka_unit_test(test_liars_reset_quantity),
    cmocka_unit_test(test_liars_several_dice),
    cmocka_unit_test(test_liars_bad_params),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
