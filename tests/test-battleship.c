/* agon: battleship's known facts, and OpenSpiel's strings for it. */
#include "testutil.h"

/* The moves of OpenSpiel's playthrough (tests/data/openspiel-playthroughs/
 * battleship.txt), default parameters: ten placements, then 100 shots. */
static const char playthrough[] =
  "224 213 248 200 266 263 241 205 252 224 68 61 74 97 97 17 86 97 51 14 49 53 67 63 27 44 48 "
  "33 80 94 7 44 84 91 16 25 3 24 86 82 10 34 30 21 63 13 52 32 68 65 46 97 21 88 65 88 76 12 "
  "41 73 41 7 19 95 14 1 17 33 37 43 11 78 56 35 25 96 38 53 3 23 83 38 6 40 83 25 52 74 80 50 "
  "30 44 3 3 70 98 59 22 48 90 65 82 54 32 1 59 96 98 57 67";

/* 3 columns, 2 rows: shots are 0..5, horizontal placements 6..11,
 * vertical ones 12..17. */
#define SMALL                                                                                \
  "battleship(board_width=3,board_height=2,ship_sizes=[1;2],ship_values=[1;2],num_shots=4," \
  "allow_repeated_shots=false,loss_multiplier=2)"
/* The solver benchmark: one ship of length 2 on a 2x2 board, 3 shots. */
#define TINY "battleship(board_width=2,board_height=2,ship_sizes=[2],ship_values=[1],num_shots=3)"

static void
assert_legal(const AgonState *state, const AgonAction *expected, int n)
{
  AgonAction actions[agon_game_get_max_actions(agon_state_get_game(state))];
  int got = agon_state_legal_actions(state, actions);
  assert_int_equal(got, n);
  for (int i = 0; i < n; i++)
    assert_int_equal(actions[i], expected[i]);
}

static void
test_bs_type_and_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("battleship");
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->short_name, "battleship");
  assert_string_equal(type->long_name, "Battleship");
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SEQUENTIAL);
  assert_int_equal(type->chance_mode, AGON_CHANCE_DETERMINISTIC);
  assert_int_equal(type->information, AGON_INFORMATION_IMPERFECT);
  assert_int_equal(type->utility, AGON_UTILITY_ZERO_SUM);
  assert_int_equal(type->reward_model, AGON_REWARD_TERMINAL);
  assert_true(type->provides_information_state_string);
  assert_true(type->provides_information_state_tensor);
  assert_true(type->provides_observation_string);
  assert_false(type->provides_observation_tensor);
  assert_int_equal(agon_game_get_num_players(game), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 300);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 0);
  assert_int_equal(agon_game_get_max_game_length(game), 110);
  assert_near(agon_game_get_min_utility(game), -5, 0);
  assert_near(agon_game_get_max_utility(game), 5, 0);
  assert_near(agon_game_get_utility_sum(game), 0, 0);
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 2615);
  assert_int_equal(agon_game_get_observation_tensor_size(game), 0);
  assert_string_equal(agon_game_get_string(game), "battleship()");

  /* OpenSpiel's class type is general-sum; a unit multiplier makes a game
   * zero-sum. Utility bounds follow the multiplier's sign. */
  assert_int_equal(agon_game_lookup_type("battleship")->utility, AGON_UTILITY_GENERAL_SUM);
  g_autoptr(AgonGame) doubled = test_game_new(SMALL);
  assert_int_equal(agon_game_get_type(doubled)->utility, AGON_UTILITY_GENERAL_SUM);
  assert_near(agon_game_get_min_utility(doubled), -6, 0);
  assert_near(agon_game_get_max_utility(doubled), 3, 0);
  assert_int_equal(agon_game_get_num_distinct_actions(doubled), 18);
  assert_int_equal(agon_game_get_max_game_length(doubled), 12);
  /* 5 + 2 ships * (2 + 2 + 3) + 2 * 4 shots * (5 + 2 + 3) */
  assert_int_equal(agon_game_get_information_state_tensor_size(doubled), 99);
  g_autoptr(AgonGame) negative = test_game_new("battleship(loss_multiplier=-1)");
  assert_near(agon_game_get_min_utility(negative), 0, 0);
  assert_near(agon_game_get_max_utility(negative), 10, 0);

  /* The solver benchmark's states stay small. */
  g_autoptr(AgonGame) tiny = test_game_new(TINY);
  assert_true(agon_game_get_state_size(tiny) <= 160);
}

/* Whole trees of small games, counted by an independent Python
 * enumeration of OpenSpiel's rules (every history from the root, terminal
 * ones included; information states of the player to move). The terminal
 * and information-state counts of the no-repeat games also match the table
 * in OpenSpiel's battleship_test.cc (TestGameSizes; its "2x3" grid is 2
 * rows of 3 columns). */
static const struct {
  const char *game;
  guint64 histories, terminals, infosets0, infosets1;
} trees[] = {
  { TINY, 58709, 44032, 2373, 7825 },
  { "battleship(board_width=3,board_height=2,ship_sizes=[2],ship_values=[1],num_shots=3)",
    2271795, 1893164, 24788, 135703 },
  { "battleship(board_width=2,board_height=2,ship_sizes=[2],ship_values=[1],num_shots=3,"
    "allow_repeated_shots=false)", 10069, 5568, 1413, 1873 },
  { "battleship(board_width=2,board_height=2,ship_sizes=[1],ship_values=[1],num_shots=2,"
    "allow_repeated_shots=false,loss_multiplier=2)", 1573, 1072, 53, 109 },
  { "battleship(board_width=2,board_height=2,ship_sizes=[1;2],ship_values=[1;2],num_shots=2,"
    "allow_repeated_shots=false,loss_multiplier=2)", 13685, 9216, 397, 1189 },
  { "battleship(board_width=2,board_height=2,ship_sizes=[1;2],ship_values=[1;2],num_shots=3,"
    "allow_repeated_shots=false,loss_multiplier=2)", 59765, 32256, 6541, 10405 },
  { "battleship(board_width=3,board_height=2,ship_sizes=[1],ship_values=[1],num_shots=2,"
    "allow_repeated_shots=false,loss_multiplier=2)", 23839, 19116, 187, 751 },
  { "battleship(board_width=3,board_height=2,ship_sizes=[2],ship_values=[1],num_shots=3,"
    "allow_repeated_shots=false)", 732607, 552132, 18152, 62875 },
};

static void
test_bs_tree_counts(void **unused)
{
  for (gsize i = 0; i < G_N_ELEMENTS(trees); i++) {
    g_autoptr(AgonGame) game = test_game_new(trees[i].game);
    TestTreeCounts counts;
    test_count_tree(game, &counts);
    if (counts.histories != trees[i].histories || counts.terminals != trees[i].terminals
        || counts.infosets[0] != trees[i].infosets0 || counts.infosets[1] != trees[i].infosets1)
      fail_msg("%s: %" G_GUINT64_FORMAT " histories, %" G_GUINT64_FORMAT " terminals, %"
               G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT " infosets", trees[i].game,
               counts.histories, counts.terminals, counts.infosets[0], counts.infosets[1]);
    test_tree_counts_clear(&counts);
  }
}

/* OpenSpiel's TestTightLayout1 and 2: a placement is legal only if the
 * remaining ships still fit. */
static void
test_bs_tight_layouts(void **unused)
{
  /* 4 columns, 1 row, two ships of 2: the first cannot go in the middle. */
  g_autoptr(AgonGame) strip =
    test_game_new("battleship(board_width=4,board_height=1,ship_sizes=[2;2],ship_values=[1;1])");
  g_autoptr(AgonState) state = agon_state_new_initial(strip);
  assert_legal(state, (AgonAction[]) { 4, 6 }, 2);
  agon_state_apply(state, 4);
  assert_int_equal(agon_state_current_player(state), 1);
  assert_legal(state, (AgonAction[]) { 4, 6 }, 2);
  agon_state_apply(state, 6);
  assert_legal(state, (AgonAction[]) { 6 }, 1);
  g_autoptr(GString) name = g_string_new(NULL);
  agon_state_action_to_string(state, 0, 6, name);
  assert_string_equal(name->str, "Pl0: place ship horizontally with top-left corner in (0, 2)");
  agon_state_apply(state, 6);
  assert_legal(state, (AgonAction[]) { 4 }, 1);
  agon_state_apply(state, 4);
  assert_false(agon_state_is_terminal(state));
  assert_int_equal(agon_state_current_player(state), 0);

  /* 3 columns, 2 rows, ships of 2 and 3: the first must lie in a row. */
  g_autoptr(AgonGame) box =
    test_game_new("battleship(board_width=3,board_height=2,ship_sizes=[2;3],ship_values=[1;1])");
  g_autoptr(AgonState) s2 = agon_state_new_initial(box);
  assert_legal(s2, (AgonAction[]) { 6, 7, 9, 10 }, 4);
  agon_state_apply(s2, 7);
  assert_legal(s2, (AgonAction[]) { 6, 7, 9, 10 }, 4);
  agon_state_apply(s2, 9);
  assert_legal(s2, (AgonAction[]) { 9 }, 1);
  agon_state_apply(s2, 9);
  assert_legal(s2, (AgonAction[]) { 6 }, 1);
  agon_state_apply(s2, 6);
  assert_false(agon_state_is_terminal(s2));
}

/* Placements stay inside the board, run horizontally or vertically, and
 * never overlap the player's own ships (the opponent's do not matter). */
static void
test_bs_placement_legality(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("battleship");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonAction actions[300];
  /* A ship of 2 on 10x10: 10 rows of 9 horizontal, 9 rows of 10 vertical. */
  int n = agon_state_legal_actions(state, actions);
  assert_int_equal(n, 180);
  for (int i = 0; i < n; i++) {
    int cell = actions[i] % 100;
    if (actions[i] < 200)
      assert_true(actions[i] >= 100 && cell % 10 <= 8);
    else
      assert_true(cell / 10 <= 8);
  }
  g_autoptr(GError) error = NULL;
  assert_false(agon_state_apply_checked(state, 109, &error)); /* would leave the board */
  g_clear_error(&error);
  assert_false(agon_state_apply_checked(state, 290, &error));
  g_clear_error(&error);
  assert_false(agon_state_apply_checked(state, 5, &error)); /* no shots yet */
  g_clear_error(&error);

  /* Player 0's ship of 2 at (0,0)-(0,1); player 1's anywhere. Player 0's
   * ship of 3 may not touch those two cells, player 1's may. */
  agon_state_apply(state, 100);
  agon_state_apply(state, 100);
  n = agon_state_legal_actions(state, actions);
  for (int i = 0; i < n; i++)
    assert_true(actions[i] != 100 && actions[i] != 101 && actions[i] != 200
                && actions[i] != 201);
  assert_true(agon_state_is_legal(state, 102));
  assert_true(agon_state_is_legal(state, 210));
  agon_state_apply(state, 102);
  assert_true(agon_state_is_legal(state, 102));
  assert_false(agon_state_is_legal(state, 200));

  /* Ships of length 1 have horizontal placements only, one per cell. */
  g_autoptr(AgonGame) ones = test_game_new(
    "battleship(board_width=2,board_height=2,ship_sizes=[1],ship_values=[1],num_shots=1)");
  g_autoptr(AgonState) s1 = agon_state_new_initial(ones);
  assert_legal(s1, (AgonAction[]) { 4, 5, 6, 7 }, 4);
}

/* Hits count once per cell, a ship sinks when all its cells are hit, the
 * game ends when one side has lost every ship, and payoffs weigh one's
 * own losses by the multiplier. */
static void
test_bs_sinking_and_payoffs(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new(SMALL);
  /* Player 0: a at (0,0), b across (1,0)-(1,1). Player 1: a at (1,2), b
   * down (0,0)-(1,0). Then shots: 0 (hit b), 0 (sinks a), 3 (sinks b),
   * 3 (hits b), 5 (sinks a: player 1 has no ship left). */
  g_autoptr(AgonState) state = test_replay(game, "6 11 9 12 0 0 3 3");
  assert_int_equal(agon_state_current_player(state), 0);
  double returns[2];
  agon_state_returns(state, returns);
  assert_near(returns[0], 0, 0);
  AgonAction actions[18];
  assert_legal(state, (AgonAction[]) { 1, 2, 4, 5 }, 4); /* no repeated shots */
  g_autoptr(GError) error = NULL;
  assert_false(agon_state_apply_checked(state, 0, &error));
  agon_state_apply(state, 5);
  assert_true(agon_state_is_terminal(state));
  assert_int_equal(agon_state_legal_actions(state, actions), 0);
  agon_state_returns(state, returns);
  assert_near(returns[0], 3 - 2 * 1, 0);
  assert_near(returns[1], 1 - 2 * 3, 0);
  test_assert_infostate(state, 0,
              "T=9 /h_0_0/h_1_0/shot_0_0:H/oppshot_0_0/shot_1_0:S/oppshot_1_0/shot_1_2:S");
  test_assert_infostate(state, 1,
              "T=9 /h_1_2/v_0_0/oppshot_0_0/shot_0_0:S/oppshot_1_0/shot_1_0:H/oppshot_1_2");
  g_autoptr(GString) obs = g_string_new(NULL);
  agon_state_observation_string(state, 0, obs);
  assert_string_equal(obs->str, "State of player's ships:\n+---+\n|A  |\n|Bb |\n+---+\n"
                                "\nPlayer's shot outcomes:\n+---+\n|#  |\n|# #|\n+---+\n");
  g_string_truncate(obs, 0);
  agon_state_observation_string(state, 1, obs);
  assert_string_equal(obs->str, "State of player's ships:\n+---+\n|B  |\n|B A|\n+---+\n"
                                "\nPlayer's shot outcomes:\n+---+\n|#  |\n|#  |\n+---+\n");

  /* When the shots run out the game ends with ships afloat: here player
   * 1 sank player 0's a and both hit a b. */
  g_autoptr(AgonState) out = test_replay(game, "6 11 9 12 1 1 2 2 4 0 0 3");
  assert_true(agon_state_is_terminal(out));
  agon_state_returns(out, returns);
  assert_near(returns[0], 0 - 2 * 1, 0);
  assert_near(returns[1], 1 - 2 * 0, 0);
}

/* With repeated shots, shooting a hit cell again does not damage the ship
 * twice; its outcome repeats what the player knows. */
static void
test_bs_repeated_shots(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new(TINY);
  /* Player 0's ship across the top row, player 1's down the left column. */
  g_autoptr(AgonState) state = test_replay(game, "4 8 0 2 0");
  assert_legal(state, (AgonAction[]) { 0, 1, 2, 3 }, 4);
  agon_state_apply(state, 3);
  assert_false(agon_state_is_terminal(state));
  test_assert_infostate(state, 0, "T=6 /h_0_0/shot_0_0:H/oppshot_1_0/shot_0_0:H/oppshot_1_1");
  agon_state_apply(state, 2);
  assert_true(agon_state_is_terminal(state));
  double returns[2];
  agon_state_returns(state, returns);
  assert_near(returns[0], 1, 0);
  assert_near(returns[1], -1, 0);
  test_assert_infostate(state, 0, "T=7 /h_0_0/shot_0_0:H/oppshot_1_0/shot_0_0:H/oppshot_1_1/shot_1_0:S");
  test_assert_infostate(state, 1, "T=7 /v_0_0/oppshot_0_0/shot_1_0:W/oppshot_0_0/shot_1_1:W/oppshot_1_0");

  /* A shot at a sunk ship reads 'S' again. Each side lost one of two
   * ships, so the game goes on. */
  g_autoptr(AgonGame) two = test_game_new(
    "battleship(board_width=2,board_height=2,ship_sizes=[1;1],ship_values=[1;1],num_shots=3)");
  g_autoptr(AgonState) s2 = test_replay(two, "4 4 5 7 0 1 0");
  assert_false(agon_state_is_terminal(s2));
  test_assert_infostate(s2, 0, "T=7 /h_0_0/h_0_1/shot_0_0:S/oppshot_0_1/shot_0_0:S");
  test_assert_infostate(s2, 1, "T=7 /h_0_0/h_1_1/oppshot_0_0/shot_0_1:S/oppshot_0_0");
}

/* The playthrough's strings, and the end of its game. */
static void
test_bs_playthrough_strings(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("battleship");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  test_assert_infostate(state, 0, "T=0 ");
  g_autoptr(GString) text = g_string_new(NULL);
  agon_state_action_to_string(state, 0, 100, text);
  assert_string_equal(text->str, "Pl0: place ship horizontally with top-left corner in (0, 0)");
  g_string_truncate(text, 0);
  agon_state_action_to_string(state, 1, 289, text);
  assert_string_equal(text->str, "Pl1: place ship vertically with top-left corner in (8, 9)");
  g_string_truncate(text, 0);
  agon_state_action_to_string(state, 1, 97, text);
  assert_string_equal(text->str, "Pl1: shoot at (9, 7)");

  g_autoptr(AgonState) two = test_replay(game, "224 213");
  test_assert_infostate(two, 0, "T=2 /v_2_4");
  test_assert_infostate(two, 1, "T=2 /v_1_3");
  g_string_truncate(text, 0);
  agon_state_to_string(two, text);
  const char *empty = "|          |\n";
  g_autoptr(GString) want = g_string_new("Player 0's board:\n+----------+\n");
  g_string_append_printf(want, "%s%s|    a     |\n|    a     |\n", empty, empty);
  for (int r = 4; r < 10; r++)
    g_string_append(want, empty);
  g_string_append(want, "+----------+\n\nPlayer 1's board:\n+----------+\n");
  g_string_append_printf(want, "%s|   a      |\n|   a      |\n", empty);
  for (int r = 3; r < 10; r++)
    g_string_append(want, empty);
  g_string_append(want, "+----------+\n\nFull history: /0:v_2_4/1:v_1_3\n");
  assert_string_equal(text->str, want->str);

  g_autoptr(AgonState) end = test_replay(game, playthrough);
  assert_true(agon_state_is_terminal(end));
  double returns[2];
  agon_state_returns(end, returns);
  assert_near(returns[0], -1, 0);
  assert_near(returns[1], 1, 0);
  g_string_truncate(text, 0);
  agon_state_observation_string(end, 1, text);
  assert_string_equal(
    text->str,
    "State of player's ships:\n+----------+\n|b* * d**  |\n|B* a*d** *|\n|b* aeD *  |\n"
    "|*   ed ** |\n| *  e * **|\n| ** E ** *|\n|   Ce* ** |\n|*  c* *   |\n|*  C* *   |\n"
    "|      **  |\n+----------+\n\nPlayer's shot outcomes:\n+----------+\n| @ @   @  |\n"
    "|  @@@  @  |\n| @@@#@    |\n|  @@#@  @ |\n|@  @@     |\n|@  @     @|\n| # @ @ @  |\n"
    "|   @@   @ |\n|  #     @ |\n|@@  @@@@@ |\n+----------+\n");
  g_autofree char *info = agon_state_information_state(end, 1);
  assert_true(g_str_has_prefix(info, "T=110 /v_1_3/v_0_0/v_6_3/v_0_5/v_2_4/oppshot_6_8/"
                                     "shot_6_1:H/oppshot_7_4/shot_9_7:W/"));
}

static void
test_bs_bad_parameters(void **unused)
{
  static const struct {
    const char *game;
    const char *fragment;
  } bad[] = {
    { "battleship(ship_sizes=2;3,ship_values=[1;1])", "ship_sizes must be a list" },
    { "battleship(ship_sizes=[2;3,ship_values=[1;1])", "ship_sizes must be a list" },
    { "battleship(ship_sizes=[],ship_values=[])", "ship_sizes must list at least one ship" },
    { "battleship(ship_sizes=[2;],ship_values=[1;1])", "ship_sizes: '' is not a ship length" },
    { "battleship(ship_sizes=[2;x],ship_values=[1;1])", "ship_sizes: 'x'" },
    { "battleship(ship_sizes=[2;0],ship_values=[1;1])", "ship_sizes: '0'" },
    { "battleship(ship_sizes=[2;3],ship_values=[1])",
      "ship_sizes lists 2 ships but ship_values 1" },
    { "battleship(ship_sizes=[2],ship_values=[-1])", "ship_values: '-1'" },
    { "battleship(ship_sizes=[2],ship_values=[one])", "ship_values: 'one'" },
    { "battleship(ship_sizes=[2],ship_values=1)", "ship_values must be a list" },
    { "battleship(board_width=3,board_height=3,ship_sizes=[4],ship_values=[1])",
      "a ship of length 4 does not fit" },
    { "battleship(board_width=2,board_height=2,ship_sizes=[2;2;2],ship_values=[1;1;1])",
      "cannot all be placed" },
    /* Nine cells for ten, but three ships of 3 do not fit in 2 rows of 5. */
    { "battleship(board_width=5,board_height=2,ship_sizes=[3;3;3],ship_values=[1;1;1])",
      "cannot all be placed" },
    { "battleship(board_width=2,board_height=2,ship_sizes=[1],ship_values=[1],num_shots=5,"
      "allow_repeated_shots=false)", "num_shots must be at most" },
    { "battleship(board_width=11)", "board_width" },
    { "battleship(board_height=0)", "board_height" },
    { "battleship(num_shots=0)", "num_shots" },
    { "battleship(ship_sizes=[1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1],"
      "ship_values=[1])", "at most 26" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
    test_assert_game_error(bad[i].game, AGON_ERROR_INVALID_VALUE, bad[i].fragment);

  /* Fourteen ships of 7 on 10x10 cannot fit (every 7-cell bar covers the
   * middle four cells of its line), though they leave two cells free; the
   * game is refused promptly whether or not the search proves it. */
  test_assert_game_error("battleship(ship_sizes=[7;7;7;7;7;7;7;7;7;7;7;7;7;7],"
                         "ship_values=[1;1;1;1;1;1;1;1;1;1;1;1;1;1])",
                         AGON_ERROR_INVALID_VALUE, "ship_sizes");
  /* Whitespace inside a list is fine, as in OpenSpiel. */
  g_autoptr(AgonGame) spaced =
    test_game_new("battleship(ship_sizes=[ 2 ; 3 ],ship_values=[1; 2.5])");
  assert_near(agon_game_get_max_utility(spaced), 3.5, 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bs_type_and_sizes),
    cmocka_unit_test(test_bs_tree_counts),
    cmocka_unit_test(test_bs_tight_layouts),
    cmocka_unit_test(test_bs_placement_legality),
    cmocka_unit_test(test_bs_sinking_and_payoffs),
    cmocka_unit_test(test_bs_repeated_shots),
    cmocka_unit_test(test_bs_playthrough_strings),
    cmocka_unit_test(test_bs_bad_parameters),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
