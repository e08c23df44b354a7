/* agon: matrix games — OpenSpiel's classics, their strings, and the
 * generic `matrix` game with its parameter checks. */
#include "testutil.h"

/* Plays @row against @col and checks both payoffs. */
static void
assert_cell(AgonGame *game, int row, int col, double row_payoff, double col_payoff)
{
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonAction joint[2] = { row, col };
  g_autoptr(GError) error = NULL;
  if (!agon_state_apply_joint_checked(state, joint, &error))
    fail_msg("%s (%d, %d): %s", agon_game_get_string(game), row, col, error->message);
  assert_true(agon_state_is_terminal(state));
  double returns[2], rewards[2];
  agon_state_returns(state, returns);
  agon_state_rewards(state, rewards);
  if (returns[0] != row_payoff || returns[1] != col_payoff || rewards[0] != row_payoff
      || rewards[1] != col_payoff)
    fail_msg("%s (%d, %d): returns %g,%g, expected %g,%g", agon_game_get_string(game), row, col,
             returns[0], returns[1], row_payoff, col_payoff);
}

/* OpenSpiel's payoffs, row-major, row player first. */
static const struct {
  const char *name, *long_name;
  int size;
  const char *actions[3];
  AgonUtility utility;
  double min, max;
  double row[9], col[9];
} classics[] = {
  { "matrix_rps", "Rock, Paper, Scissors", 3, { "Rock", "Paper", "Scissors" },
    AGON_UTILITY_ZERO_SUM, -1, 1,
    { 0, -1, 1, 1, 0, -1, -1, 1, 0 }, { 0, 1, -1, -1, 0, 1, 1, -1, 0 } },
  { "matrix_mp", "Matching Pennies", 2, { "Heads", "Tails" },
    AGON_UTILITY_ZERO_SUM, -1, 1, { 1, -1, -1, 1 }, { -1, 1, 1, -1 } },
  { "matrix_pd", "Prisoner's Dilemma", 2, { "Cooperate", "Defect" },
    AGON_UTILITY_GENERAL_SUM, 0, 10, { 5, 0, 10, 1 }, { 5, 10, 0, 1 } },
  { "matrix_sh", "Stag Hunt", 2, { "Stag", "Hare" },
    AGON_UTILITY_GENERAL_SUM, 0, 2, { 2, 0, 1, 1 }, { 2, 1, 0, 1 } },
};

static void
test_matrix_classics(void **unused)
{
  for (gsize g = 0; g < G_N_ELEMENTS(classics); g++) {
    g_autoptr(AgonGame) game = test_game_new(classics[g].name);
    const AgonGameType *type = agon_game_get_type(game);
    assert_string_equal(type->short_name, classics[g].name);
    assert_string_equal(type->long_name, classics[g].long_name);
    assert_int_equal(type->dynamics, AGON_DYNAMICS_SIMULTANEOUS);
    assert_int_equal(type->chance_mode, AGON_CHANCE_DETERMINISTIC);
    assert_int_equal(type->information, AGON_INFORMATION_ONE_SHOT);
    assert_int_equal(type->utility, classics[g].utility);
    /* The registered type agrees with what the payoffs say. */
    assert_int_equal(agon_game_lookup_type(classics[g].name)->utility, classics[g].utility);
    assert_int_equal(type->reward_model, AGON_REWARD_TERMINAL);
    assert_true(type->provides_information_state_string);
    assert_true(type->provides_information_state_tensor);
    assert_true(type->provides_observation_string);
    assert_true(type->provides_observation_tensor);
    assert_int_equal(type->min_players, 2);
    assert_int_equal(type->max_players, 2);

    int n = classics[g].size;
    assert_int_equal(agon_game_get_num_players(game), 2);
    assert_int_equal(agon_game_get_num_distinct_actions(game), n);
    assert_int_equal(agon_game_get_max_chance_outcomes(game), 0);
    assert_int_equal(agon_game_get_max_game_length(game), 1);
    assert_int_equal(agon_game_get_information_state_tensor_size(game), 1);
    assert_int_equal(agon_game_get_observation_tensor_size(game), 1);
    assert_near(agon_game_get_min_utility(game), classics[g].min, 0);
    assert_near(agon_game_get_max_utility(game), classics[g].max, 0);
    assert_near(agon_game_get_utility_sum(game), 0, 0);
    g_autofree char *expected_string = g_strdup_printf("%s()", classics[g].name);
    assert_string_equal(agon_game_get_string(game), expected_string);

    for (int r = 0; r < n; r++)
      for (int c = 0; c < n; c++)
        assert_cell(game, r, c, classics[g].row[r * n + c], classics[g].col[r * n + c]);

    g_autoptr(AgonState) state = agon_state_new_initial(game);
    assert_int_equal(agon_state_current_player(state), AGON_PLAYER_SIMULTANEOUS);
    assert_true(agon_state_is_simultaneous_node(state));
    AgonAction actions[3];
    assert_int_equal(agon_state_legal_actions(state, actions), 0);
    g_autoptr(GString) name = g_string_new(NULL);
    for (int p = 0; p < 2; p++) {
      assert_int_equal(agon_state_player_legal_actions(state, p, actions), n);
      for (int a = 0; a < n; a++) {
        assert_int_equal(actions[a], a);
        g_string_truncate(name, 0);
        agon_state_action_to_string(state, p, a, name);
        assert_string_equal(name->str, classics[g].actions[a]);
        assert_int_equal(agon_state_string_to_action(state, p, classics[g].actions[a], NULL), a);
      }
    }
  }
}

/* The matrix_rps playthrough: Scissors against Rock. */
static void
test_matrix_rps_playthrough(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("matrix_rps");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autoptr(GString) text = g_string_new(NULL);
  agon_state_to_string(state, text);
  assert_string_equal(text->str, "Terminal? false\n"
                                 "Row actions: Rock Paper Scissors \n"
                                 "Col actions: Rock Paper Scissors \n"
                                 "Utility matrix:\n"
                                 "0,0 -1,1 1,-1 \n"
                                 "1,-1 0,0 -1,1 \n"
                                 "-1,1 1,-1 0,0 \n");
  g_autofree char *info0 = agon_state_information_state(state, 0);
  g_autofree char *info1 = agon_state_information_state(state, 1);
  assert_string_equal(info0, "Observing player: 0. Non-terminal");
  assert_string_equal(info1, "Observing player: 1. Non-terminal");
  g_string_truncate(text, 0);
  agon_state_observation_string(state, 1, text);
  assert_string_equal(text->str, "Non-terminal");
  float value = -1;
  agon_state_information_state_tensor(state, 0, &value);
  assert_true(value == 0);
  agon_state_observation_tensor(state, 1, &value);
  assert_true(value == 0);

  AgonAction joint[2] = { 2, 0 };
  assert_true(agon_state_apply_joint_checked(state, joint, NULL));
  assert_int_equal(agon_state_current_player(state), AGON_PLAYER_TERMINAL);
  g_string_truncate(text, 0);
  agon_state_to_string(state, text);
  assert_string_equal(text->str, "Terminal? true\n"
                                 "History: 2, 0\n"
                                 "Returns: -1,1\n"
                                 "Row actions: \n"
                                 "Col actions: \n"
                                 "Utility matrix:\n"
                                 "0,0 -1,1 1,-1 \n"
                                 "1,-1 0,0 -1,1 \n"
                                 "-1,1 1,-1 0,0 \n");
  g_autofree char *done0 = agon_state_information_state(state, 0);
  g_autofree char *done1 = agon_state_information_state(state, 1);
  assert_string_equal(done0, "Observing player: 0. Terminal. History string: 2, 0");
  assert_string_equal(done1, "Observing player: 1. Terminal. History string: 2, 0");
  g_string_truncate(text, 0);
  agon_state_observation_string(state, 0, text);
  assert_string_equal(text->str, "Terminal. History string: 2, 0");
  agon_state_information_state_tensor(state, 1, &value);
  assert_true(value == 1);
  agon_state_observation_tensor(state, 0, &value);
  assert_true(value == 1);
  AgonAction actions[3];
  assert_int_equal(agon_state_player_legal_actions(state, 0, actions), 0);
  g_autofree char *serial = agon_state_serialize(state);
  assert_string_equal(serial, "2 0");
}

/* The endings of the matrix_mp and matrix_pd playthroughs. */
static void
test_matrix_mp_pd_playthroughs(void **unused)
{
  g_autoptr(AgonGame) mp = test_game_new("matrix_mp");
  g_autoptr(AgonState) mp_state = agon_state_deserialize(mp, "1 1", NULL);
  assert_non_null(mp_state);
  g_autoptr(GString) text = g_string_new(NULL);
  agon_state_to_string(mp_state, text);
  assert_string_equal(text->str, "Terminal? true\nHistory: 1, 1\nReturns: 1,-1\n"
                                 "Row actions: \nCol actions: \nUtility matrix:\n"
                                 "1,-1 -1,1 \n-1,1 1,-1 \n");
  g_autoptr(AgonGame) pd = test_game_new("matrix_pd");
  g_autoptr(AgonState) pd_state = agon_state_new_initial(pd);
  g_string_truncate(text, 0);
  agon_state_to_string(pd_state, text);
  assert_string_equal(text->str, "Terminal? false\nRow actions: Cooperate Defect \n"
                                 "Col actions: Cooperate Defect \nUtility matrix:\n"
                                 "5,5 0,10 \n10,0 1,1 \n");
  AgonAction joint[2] = { 1, 0 };
  agon_state_apply_joint(pd_state, joint);
  g_autofree char *info = agon_state_information_state(pd_state, 1);
  assert_string_equal(info, "Observing player: 1. Terminal. History string: 1, 0");
  g_string_truncate(text, 0);
  agon_state_to_string(pd_state, text);
  assert_true(g_str_has_prefix(text->str, "Terminal? true\nHistory: 1, 0\nReturns: 10,0\n"));
}

/* One simultaneous node and its n*n terminals; each player has one
 * information state. */
static void
test_matrix_tree_counts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("matrix_rps");
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 10);
  assert_int_equal(counts.terminals, 9);
  assert_int_equal(counts.infosets[0], 1);
  assert_int_equal(counts.infosets[1], 1);
  test_tree_counts_clear(&counts);
}

/* The prisoner's dilemma written out gives matrix_pd's game. */
static void
test_matrix_generic_pd(void **unused)
{
  g_autoptr(AgonGame) game =
    test_game_new("matrix(rows=2,cols=2,row_payoffs=\"5 0 10 1\",col_payoffs=\"5 10 0 1\","
                  "row_names=\"Cooperate Defect\",col_names=\"Cooperate Defect\")");
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->short_name, "matrix");
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SIMULTANEOUS);
  assert_int_equal(type->information, AGON_INFORMATION_ONE_SHOT);
  assert_int_equal(type->utility, AGON_UTILITY_GENERAL_SUM);
  assert_near(agon_game_get_min_utility(game), 0, 0);
  assert_near(agon_game_get_max_utility(game), 10, 0);
  double row[] = { 5, 0, 10, 1 }, col[] = { 5, 10, 0, 1 };
  for (int r = 0; r < 2; r++)
    for (int c = 0; c < 2; c++)
      assert_cell(game, r, c, row[r * 2 + c], col[r * 2 + c]);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  assert_int_equal(agon_state_string_to_action(state, 1, "defect", NULL), 1);
}

/* A 2x3 game: actions per player differ, names default to OpenSpiel's. */
static void
test_matrix_generic_rectangular(void **unused)
{
  g_autoptr(AgonGame) game =
    test_game_new("matrix(rows=2,cols=3,row_payoffs=\"1 2 3 4 5 6\",col_payoffs=\"6,5,4,3,2,1\")");
  assert_int_equal(agon_game_get_num_distinct_actions(game), 3);
  assert_int_equal(agon_game_get_type(game)->utility, AGON_UTILITY_CONSTANT_SUM);
  assert_near(agon_game_get_utility_sum(game), 7, 0);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonAction actions[3];
  assert_int_equal(agon_state_player_legal_actions(state, 0, actions), 2);
  assert_int_equal(agon_state_player_legal_actions(state, 1, actions), 3);
  g_autoptr(GString) text = g_string_new(NULL);
  agon_state_action_to_string(state, 0, 1, text);
  g_string_append_c(text, ' ');
  agon_state_action_to_string(state, 1, 2, text);
  assert_string_equal(text->str, "row1 col2");
  for (int r = 0; r < 2; r++)
    for (int c = 0; c < 3; c++)
      assert_cell(game, r, c, 1 + 3 * r + c, 6 - 3 * r - c);
  AgonAction joint[2] = { 2, 0 };
  g_autoptr(GError) error = NULL;
  assert_false(agon_state_apply_joint_checked(state, joint, &error));
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 7);
  assert_int_equal(counts.terminals, 6);
  test_tree_counts_clear(&counts);
}

/* The utility type is read off the payoffs as OpenSpiel does. */
static void
test_matrix_generic_utility_types(void **unused)
{
  static const struct {
    const char *string;
    AgonUtility utility;
    double sum;
  } cases[] = {
    /* No col_payoffs: the column player gets the negated row payoffs. */
    { "matrix(rows=2,cols=2,row_payoffs=\"3 -1 0.5 2\")", AGON_UTILITY_ZERO_SUM, 0 },
    { "matrix()", AGON_UTILITY_ZERO_SUM, 0 },
    { "matrix(rows=1,cols=2,row_payoffs=\"0.1 0.2\",col_payoffs=\"0.2 0.1\")",
      AGON_UTILITY_CONSTANT_SUM, 0.3 },
    { "matrix(row_payoffs=\"1 0 0 1\",col_payoffs=\"1 0 0 1\")", AGON_UTILITY_IDENTICAL, 0 },
    { "matrix(row_payoffs=\"0 0 0 0\",col_payoffs=\"0 0 0 0\")", AGON_UTILITY_ZERO_SUM, 0 },
    { "matrix(row_payoffs=\"2 2 2 2\",col_payoffs=\"2 2 2 2\")", AGON_UTILITY_CONSTANT_SUM, 4 },
    { "matrix(row_payoffs=\"3 0 5 1\",col_payoffs=\"3 5 0 1\")", AGON_UTILITY_GENERAL_SUM, 0 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(AgonGame) game = test_game_new(cases[i].string);
    if (agon_game_get_type(game)->utility != cases[i].utility)
      fail_msg("%s: utility %d, expected %d", cases[i].string,
               agon_game_get_type(game)->utility, cases[i].utility);
    assert_near(agon_game_get_utility_sum(game), cases[i].sum, 1e-12);
  }
  g_autoptr(AgonGame) zero = test_game_new("matrix(rows=1,cols=2,row_payoffs=\"3 -2\")");
  assert_cell(zero, 0, 1, -2, 2);
  assert_near(agon_game_get_min_utility(zero), -3, 0);
  assert_near(agon_game_get_max_utility(zero), 3, 0);
}

static void
test_matrix_generic_bad_input(void **unused)
{
  test_assert_game_error("matrix(rows=2,cols=2,row_payoffs=\"1 2 3\")",
                         AGON_ERROR_INVALID_VALUE, "row_payoffs must list rows*cols = 4 numbers");
  test_assert_game_error("matrix(rows=2,cols=3,row_payoffs=\"1 2 3 4\")",
                         AGON_ERROR_INVALID_VALUE, "row_payoffs must list rows*cols = 6 numbers");
  test_assert_game_error("matrix(row_payoffs=\"1 2 3 4\",col_payoffs=\"1 2 3 4 5\")",
                         AGON_ERROR_INVALID_VALUE, "col_payoffs must list rows*cols = 4");
  test_assert_game_error("matrix(row_payoffs=\"1 2 x 4\")", AGON_ERROR_INVALID_VALUE,
                         "row_payoffs: 'x' is not a number");
  test_assert_game_error("matrix(row_payoffs=\"1 2 3 4\",col_payoffs=\"1 2 3 4e\")",
                         AGON_ERROR_INVALID_VALUE, "col_payoffs: '4e' is not a number");
  test_assert_game_error("matrix(row_payoffs=\"1 2 inf 4\")", AGON_ERROR_INVALID_VALUE,
                         "row_payoffs: 'inf' is not a number");
  test_assert_game_error("matrix(row_names=\"A B C\")", AGON_ERROR_INVALID_VALUE,
                         "row_names must list rows = 2 names, not 3");
  test_assert_game_error("matrix(col_names=\"L\")", AGON_ERROR_INVALID_VALUE,
                         "col_names must list cols = 2 names, not 1");
  test_assert_game_error("matrix(col_names=\"L l\")", AGON_ERROR_INVALID_VALUE,
                         "col_names: 'l' is given twice");
  test_assert_game_error("matrix(rows=0)", AGON_ERROR_INVALID_VALUE,
                         "rows must be between 1 and 1000");
  test_assert_game_error("matrix(cols=two)", AGON_ERROR_INVALID_VALUE, "cols must be an integer");
  test_assert_game_error("matrix(payoffs=\"1 2\")", AGON_ERROR_UNKNOWN_PARAMETER, "payoffs");
  test_assert_game_error("matrix_rps(rows=3)", AGON_ERROR_UNKNOWN_PARAMETER, "rows");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_matrix_classics),
    cmocka_unit_test(test_matrix_rps_playthrough),
    cmocka_unit_test(test_matrix_mp_pd_playthroughs),
    cmocka_unit_test(test_matrix_tree_counts),
    cmocka_unit_test(test_matrix_generic_pd),
    cmocka_unit_test(test_matrix_generic_rectangular),
    cmocka_unit_test(test_matrix_generic_utility_types),
    cmocka_unit_test(test_matrix_generic_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
