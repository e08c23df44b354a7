/* agon: Goofspiel's known facts, with strings taken from OpenSpiel's
 * playthroughs (goofspiel.txt, goofspiel_turn_based.txt), and the
 * turn-based transform of simultaneous-move games. */
#include "testutil.h"

#include <string.h>

#define PLAYTHROUGH_GAME "goofspiel(imp_info=true,num_cards=4,points_order=descending)"
#define TURN_BASED_GAME "turn_based_simultaneous_game(game=" PLAYTHROUGH_GAME ")"

/* The final state of a game string and a history. */
static AgonState *
play(const char *game_string, const char *history)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  return test_replay(game, history);
}

/* 4 cards, descending, imperfect information: 16 first joint actions, 9
 * second, 4 third, and the last turn plays itself. Sequentialized, each
 * player has 81 information states. */
static void
test_goofspiel_tree_counts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new(PLAYTHROUGH_GAME);
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 1 + 16 + 16 * 9 + 16 * 9 * 4);
  assert_int_equal(counts.terminals, 16 * 9 * 4);
  assert_int_equal(counts.infosets[0], 81);
  assert_int_equal(counts.infosets[1], 81);
  test_tree_counts_clear(&counts);
}

static void
test_goofspiel_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("goofspiel");
  const AgonGameType *type = agon_game_get_type(game);
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SIMULTANEOUS);
  assert_int_equal(type->chance_mode, AGON_CHANCE_EXPLICIT_STOCHASTIC);
  assert_int_equal(type->information, AGON_INFORMATION_PERFECT);
  assert_int_equal(type->utility, AGON_UTILITY_ZERO_SUM);
  assert_int_equal(agon_game_get_num_players(game), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 13);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 13);
  assert_int_equal(agon_game_get_max_game_length(game), 13);
  assert_near(agon_game_get_min_utility(game), -1, 0);
  assert_near(agon_game_get_max_utility(game), 1, 0);
  /* point totals 2 x 92, point card sequence 13 x 13, both hands 2 x 13 */
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 184 + 169 + 26);
  /* current and remaining point cards 2 x 13, point totals, both hands */
  assert_int_equal(agon_game_get_observation_tensor_size(game), 26 + 184 + 26);

  g_autoptr(AgonGame) imp = test_game_new(PLAYTHROUGH_GAME);
  type = agon_game_get_type(imp);
  assert_int_equal(type->information, AGON_INFORMATION_IMPERFECT);
  assert_int_equal(agon_game_get_max_game_length(imp), 4);
  assert_int_equal(agon_game_get_information_state_tensor_size(imp), 66);
  assert_int_equal(agon_game_get_observation_tensor_size(imp), 42);

  g_autoptr(AgonGame) points = test_game_new("goofspiel(players=3,num_cards=4,"
                                             "returns_type=point_difference)");
  assert_int_equal(agon_game_get_type(points)->utility, AGON_UTILITY_ZERO_SUM);
  assert_near(agon_game_get_min_utility(points), -10.0 / 3, 1e-12);
  assert_near(agon_game_get_max_utility(points), 20.0 / 3, 1e-12);

  g_autoptr(AgonGame) total = test_game_new("goofspiel(num_cards=5,returns_type=total_points)");
  assert_int_equal(agon_game_get_type(total)->utility, AGON_UTILITY_GENERAL_SUM);
  assert_near(agon_game_get_min_utility(total), 0, 0);
  assert_near(agon_game_get_max_utility(total), 15, 0);
}

/* The playthrough's first two moves, then the last turn played by itself. */
static void
test_goofspiel_playthrough(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new(PLAYTHROUGH_GAME);
  g_autoptr(AgonState) start = agon_state_new_initial(game);
  assert_true(agon_state_is_simultaneous_node(start));
  test_assert_infostate(start, 1,
                    "P1 hand: 1 2 3 4 \nP1 action sequence: \nPoint card sequence: 4 \n"
                    "Win sequence: \nPoints: 0 0 \nTerminal?: 0\n");
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(start, 1, 3, name);
  assert_string_equal(name->str, "[P1]Bid: 4");

  g_autoptr(AgonState) state = test_replay(game, "2 3");
  test_assert_infostate(state, 0,
                    "P0 hand: 1 2 4 \nP0 action sequence: 2 \nPoint card sequence: 4 3 \n"
                    "Win sequence: 1 \nPoints: 0 4 \nTerminal?: 0\n");
  test_assert_observation(state, 1,
                     "Current point card: 3\nRemaining Point Cards: 12\nPoints: 0 4 \n"
                     "P1 hand: 1 2 3 \nWin sequence: 1 \n");

  AgonAction joint[2] = { 1, 0 };
  assert_true(agon_state_apply_joint_checked(state, joint, NULL));
  joint[0] = 3;
  joint[1] = 1;
  assert_true(agon_state_apply_joint_checked(state, joint, NULL));
  assert_true(agon_state_is_terminal(state));
  int length;
  agon_state_get_history(state, &length);
  assert_int_equal(length, 6);
  test_assert_infostate(state, 1,
                    "P1 hand: \nP1 action sequence: 3 0 1 2 \nPoint card sequence: 4 3 2 1 \n"
                    "Win sequence: 1 0 0 1 \nPoints: 5 5 \nTerminal?: 1\n");
  test_assert_observation(state, 0,
                     "Current point card: 1\nRemaining Point Cards: \nPoints: 5 5 \n"
                     "P0 hand: \nWin sequence: 1 0 0 1 \n");
  test_assert_returns(state, (double[]) { 0, 0 });
  g_autoptr(GString) picture = g_string_new(NULL);
  agon_state_to_string(state, picture);
  assert_string_equal(picture->str, "P0 hand: \nP1 hand: \nP0 actions: 2 1 3 0 \n"
                                    "P1 actions: 3 0 1 2 \nPoint card sequence: 4 3 2 1 \n"
                                    "Points: 5 5 \n");
}

/* Equal highest bids discard the point card; the win sequence shows -3. */
static void
test_goofspiel_ties(void **unused)
{
  g_autoptr(AgonState) state = play(PLAYTHROUGH_GAME, "3 3 0 2");
  test_assert_infostate(state, 0,
                    "P0 hand: 2 3 \nP0 action sequence: 3 0 \nPoint card sequence: 4 3 2 \n"
                    "Win sequence: -3 1 \nPoints: 0 3 \nTerminal?: 0\n");
  float tensor[66];
  agon_state_information_state_tensor(state, 0, tensor);
  /* win_sequence starts after point_totals (2 x 11) and player_hand (4):
   * nothing for the tie, player 1 for the second turn */
  static const float wins[8] = { 0, 0, 0, 1, 0, 0, 0, 0 };
  assert_memory_equal(tensor + 26, wins, sizeof wins);

  /* Everyone ties every turn: no points, a draw. */
  g_autoptr(AgonState) draw = play(PLAYTHROUGH_GAME, "3 3 2 2 1 1");
  assert_true(agon_state_is_terminal(draw));
  test_assert_infostate(draw, 1,
                    "P1 hand: \nP1 action sequence: 3 2 1 0 \nPoint card sequence: 4 3 2 1 \n"
                    "Win sequence: -3 -3 -3 -3 \nPoints: 0 0 \nTerminal?: 1\n");
  test_assert_returns(draw, (double[]) { 0, 0 });
}

static void
test_goofspiel_points_order(void **unused)
{
  g_autoptr(AgonState) ascending = play("goofspiel(num_cards=4,points_order=ascending)", "0 1");
  test_assert_observation(ascending, 0,
                     "Current point card: 2\nRemaining Point Cards: 34\nP0 hand: 2 3 4 \n"
                     "P1 hand: 1 3 4 \nWin sequence: 1 \nPoints: 0 1 \n");
  test_assert_infostate(ascending, 1,
                    "Point card sequence: 1 2 \nP0 hand: 2 3 4 \nP1 hand: 1 3 4 \n"
                    "Win sequence: 1 \nPoints: 0 1 \n");
  /* No chance node, yet explicit chance, as OpenSpiel has it. */
  assert_int_equal(agon_game_get_type(agon_state_get_game(ascending))->chance_mode,
                   AGON_CHANCE_EXPLICIT_STOCHASTIC);
  assert_int_equal(agon_game_get_max_chance_outcomes(agon_state_get_game(ascending)), 0);

  /* Random: chance turns up each card, uniformly among those left. */
  g_autoptr(AgonGame) game = test_game_new("goofspiel(num_cards=4,imp_info=true)");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  assert_true(agon_state_is_chance_node(state));
  AgonChanceOutcome outcomes[4];
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 4);
  assert_near(outcomes[3].probability, 0.25, 1e-15);
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(state, AGON_PLAYER_CHANCE, 2, name);
  assert_string_equal(name->str, "Deal 3");
  assert_true(agon_state_apply_checked(state, 2, NULL));
  AgonAction joint[2] = { 0, 3 };
  assert_true(agon_state_apply_joint_checked(state, joint, NULL));
  assert_true(agon_state_is_chance_node(state));
  assert_int_equal(agon_state_chance_outcomes(state, outcomes), 3);
  assert_int_equal(outcomes[2].action, 3);
  assert_near(outcomes[0].probability, 1.0 / 3, 1e-15);
  /* At a chance node the current card reads 0 in strings, while the
   * tensor still shows the last card turned up. */
  test_assert_observation(state, 0,
                     "Current point card: 0\nRemaining Point Cards: 124\nPoints: 0 3 \n"
                     "P0 hand: 2 3 4 \nWin sequence: 1 \n");
  float obs[42];
  agon_state_observation_tensor(state, 0, obs);
  static const float current_and_remaining[8] = { 0, 0, 1, 0, 1, 1, 0, 1 };
  assert_memory_equal(obs, current_and_remaining, sizeof current_and_remaining);

  /* Deal 1 (player 0 takes it) and 4 (player 0 again); the last card, 2,
   * is turned up and played by itself, and player 0 takes it too. */
  assert_true(agon_state_apply_checked(state, 0, NULL));
  joint[0] = 1;
  joint[1] = 0;
  assert_true(agon_state_apply_joint_checked(state, joint, NULL));
  assert_true(agon_state_apply_checked(state, 3, NULL));
  joint[0] = 3;
  joint[1] = 2;
  assert_true(agon_state_apply_joint_checked(state, joint, NULL));
  assert_true(agon_state_is_terminal(state));
  test_assert_infostate(state, 0,
                    "P0 hand: \nP0 action sequence: 0 1 3 2 \nPoint card sequence: 3 1 4 2 \n"
                    "Win sequence: 1 0 0 0 \nPoints: 7 3 \nTerminal?: 1\n");
}

/* Player 0 takes 4 and 2 (6 points), player 1 takes 3 and 1 (4). */
static void
test_goofspiel_returns_types(void **unused)
{
  static const struct {
    const char *returns_type;
    double r0, r1;
  } cases[] = {
    { "win_loss", 1, -1 },
    { "point_difference", 1, -1 },
    { "total_points", 6, 4 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *name = g_strdup_printf("goofspiel(num_cards=4,points_order=descending,"
                                            "returns_type=%s)",
                                            cases[i].returns_type);
    g_autoptr(AgonState) state = play(name, "3 2 2 3 1 0");
    assert_true(agon_state_is_terminal(state));
    test_assert_returns(state, (double[]) { cases[i].r0, cases[i].r1 });
  }

  /* Three players: player 1 takes 4, player 0 takes 3, the 2 is tied away
   * and player 0 takes the 1. Two winners share +1, the loser gets -1. */
  const char *three = "goofspiel(players=3,num_cards=4,points_order=descending)";
  g_autoptr(AgonState) state = play(three, "0 1 0 2 0 1 1 3 3");
  assert_true(agon_state_is_terminal(state));
  test_assert_returns(state, (double[]) { 0.5, 0.5, -1 });
  g_autoptr(AgonState) diff =
    play("goofspiel(players=3,num_cards=4,points_order=descending,returns_type=point_difference)",
         "0 1 0 2 0 1 1 3 3");
  test_assert_returns(diff, (double[]) { 4 - 8.0 / 3, 4 - 8.0 / 3, -8.0 / 3 });
  /* One winner: the two losers share -1. */
  g_autoptr(AgonState) one = play(three, "3 0 0 0 3 1 1 1 3");
  test_assert_returns(one, (double[]) { 1, -0.5, -0.5 });
}

/* Tensors name each turn's winner relative to the observer. */
static void
test_goofspiel_egocentric(void **unused)
{
  g_autoptr(AgonState) state =
    play("goofspiel(imp_info=true,egocentric=true,num_cards=4,points_order=descending)", "2 3");
  float tensor[42];
  /* win_sequence ends the observation tensor: 4 turns x 2 */
  static const float seen_by_0[8] = { 0, 1, 0, 0, 0, 0, 0, 0 };
  static const float seen_by_1[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
  agon_state_observation_tensor(state, 0, tensor);
  assert_memory_equal(tensor + 34, seen_by_0, sizeof seen_by_0);
  agon_state_observation_tensor(state, 1, tensor);
  assert_memory_equal(tensor + 34, seen_by_1, sizeof seen_by_1);
  /* The strings keep absolute player numbers. */
  test_assert_observation(state, 1,
                     "Current point card: 3\nRemaining Point Cards: 12\nPoints: 0 4 \n"
                     "P1 hand: 1 2 3 \nWin sequence: 1 \n");
}

/* Fewer turns than cards: the game stops after num_turns turns, each
 * player keeping the rest of the hand. */
static void
test_goofspiel_num_turns(void **unused)
{
  g_autoptr(AgonState) two = play("goofspiel(num_cards=4,num_turns=2,points_order=descending)",
                                  "3 2 0 1");
  assert_true(agon_state_is_terminal(two));
  test_assert_returns(two, (double[]) { 1, -1 });
  g_autoptr(AgonState) three =
    play("goofspiel(imp_info=true,num_cards=4,num_turns=3,points_order=descending)",
         "3 2 0 1 1 0");
  assert_true(agon_state_is_terminal(three));
  test_assert_infostate(three, 0,
                    "P0 hand: 3 \nP0 action sequence: 3 0 1 \nPoint card sequence: 4 3 2 \n"
                    "Win sequence: 0 1 0 \nPoints: 6 3 \nTerminal?: 1\n");
}

static void
test_goofspiel_single_action_refused(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new(PLAYTHROUGH_GAME);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autoptr(GError) error = NULL;
  assert_false(agon_state_apply_checked(state, 0, &error));
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  g_clear_error(&error);
  AgonAction joint[2] = { 0, 0 };
  assert_true(agon_state_apply_joint_checked(state, joint, NULL));
  assert_false(agon_state_apply_joint_checked(state, joint, &error));
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
}

/* Played in turns, each player sees the same as in the simultaneous game:
 * the 81 information states are those of the sequentialized game. */
static void
test_goofspiel_turn_based(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new(TURN_BASED_GAME);
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->long_name, "Turn-based Goofspiel");
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SEQUENTIAL);
  assert_int_equal(type->information, AGON_INFORMATION_IMPERFECT);
  assert_int_equal(agon_game_get_max_game_length(game), 8);
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 4 + 66);
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.terminals, 16 * 9 * 4);
  assert_int_equal(counts.infosets[0], 81);
  assert_int_equal(counts.infosets[1], 81);
  test_tree_counts_clear(&counts);

  g_autoptr(AgonState) state = test_replay(game, "2");
  assert_int_equal(agon_state_current_player(state), 1);
  test_assert_infostate(state, 0,
                    "Current player: 1\nObserver's action this turn: 2\nP0 hand: 1 2 3 4 \n"
                    "P0 action sequence: \nPoint card sequence: 4 \nWin sequence: \n"
                    "Points: 0 0 \nTerminal?: 0\n");
  test_assert_infostate(state, 1,
                    "Current player: 1\nP1 hand: 1 2 3 4 \nP1 action sequence: \n"
                    "Point card sequence: 4 \nWin sequence: \nPoints: 0 0 \nTerminal?: 0\n");
  g_autoptr(GString) picture = g_string_new(NULL);
  agon_state_to_string(state, picture);
  assert_true(g_str_has_prefix(picture->str, "Partial joint action: 2 \nP0 hand: 1 2 3 4 \n"));
  assert_true(agon_state_apply_checked(state, 3, NULL));
  assert_int_equal(agon_state_current_player(state), 0);
  test_assert_observation(state, 1,
                     "Current player: 0\nCurrent point card: 3\nRemaining Point Cards: 12\n"
                     "Points: 0 4 \nP1 hand: 1 2 3 \nWin sequence: 1 \n");

  /* The same play as the simultaneous one, move by move. */
  g_autoptr(AgonState) end = test_replay(game, "2 3 1 0 3 1");
  assert_true(agon_state_is_terminal(end));
  test_assert_returns(end, (double[]) { 0, 0 });

  test_assert_game_error("turn_based_simultaneous_game(game=kuhn_poker)",
                         AGON_ERROR_INVALID_VALUE, "game must be a simultaneous-move game");
  test_assert_game_error("turn_based_simultaneous_game", AGON_ERROR_INVALID_VALUE,
                         "game is required");
  test_assert_game_error("turn_based_simultaneous_game(game=goofspiel(num_cards=0))",
                         AGON_ERROR_INVALID_VALUE, "num_cards");
}

static void
test_goofspiel_bad_params(void **unused)
{
  test_assert_game_error("goofspiel(num_cards=4,num_turns=5)", AGON_ERROR_INVALID_VALUE,
                         "num_turns must be -1 or between 1 and num_cards (4)");
  test_assert_game_error("goofspiel(num_turns=0)", AGON_ERROR_INVALID_VALUE, "num_turns");
  test_assert_game_error("goofspiel(points_order=shuffled)", AGON_ERROR_INVALID_VALUE,
                         "points_order must be random, descending or ascending, not 'shuffled'");
  test_assert_game_error("goofspiel(returns_type=score)", AGON_ERROR_INVALID_VALUE,
                         "returns_type must be win_loss, point_difference or total_points");
  test_assert_game_error("goofspiel(players=11)", AGON_ERROR_INVALID_VALUE,
                         "players must be between 2 and 10");
  test_assert_game_error("goofspiel(players=1)", AGON_ERROR_INVALID_VALUE, "players");
  test_assert_game_error("goofspiel(num_cards=65)", AGON_ERROR_INVALID_VALUE, "num_cards");
  test_assert_game_error("goofspiel(imp_info=3)", AGON_ERROR_INVALID_VALUE, "imp_info");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_goofspiel_tree_counts),
    cmocka_unit_test(test_goofspiel_sizes),
    cmocka_unit_test(test_goofspiel_playthrough),
    cmocka_unit_test(test_goofspiel_ties),
    cmocka_unit_test(test_goofspiel_points_order),
    cmocka_unit_test(test_goofspiel_returns_types),
    cmocka_unit_test(test_goofspiel_egocentric),
    cmocka_unit_test(test_goofspiel_num_turns),
    cmocka_unit_test(test_goofspiel_single_action_refused),
    cmocka_unit_test(test_goofspiel_turn_based),
    cmocka_unit_test(test_goofspiel_bad_params),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
