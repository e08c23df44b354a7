/* agon: phantom tic-tac-toe's known facts, and OpenSpiel's strings for it. */
#include "testutil.h"

static void
test_pt_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("phantom_ttt");
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->short_name, "phantom_ttt");
  assert_string_equal(type->long_name, "Phantom Tic Tac Toe");
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SEQUENTIAL);
  assert_int_equal(type->chance_mode, AGON_CHANCE_DETERMINISTIC);
  assert_int_equal(type->information, AGON_INFORMATION_IMPERFECT);
  assert_int_equal(type->utility, AGON_UTILITY_ZERO_SUM);
  assert_int_equal(type->reward_model, AGON_REWARD_TERMINAL);
  assert_true(type->provides_information_state_string);
  assert_true(type->provides_information_state_tensor);
  assert_true(type->provides_observation_string);
  assert_true(type->provides_observation_tensor);
  assert_int_equal(agon_game_get_num_players(game), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 9);
  assert_int_equal(agon_game_get_max_game_length(game), 17);
  assert_near(agon_game_get_min_utility(game), -1, 0);
  assert_near(agon_game_get_max_utility(game), 1, 0);
  assert_near(agon_game_get_utility_sum(game), 0, 0);
  AgonTensorShape shape = agon_game_get_information_state_tensor_shape(game);
  assert_int_equal(shape.rank, 2);
  assert_int_equal(shape.dims[0], 1);
  assert_int_equal(shape.dims[1], 108);
  shape = agon_game_get_observation_tensor_shape(game);
  assert_int_equal(shape.rank, 1);
  assert_int_equal(shape.dims[0], 27);
  assert_string_equal(agon_game_get_string(game), "phantom_ttt()");

  /* With the turn count: 11 bits (player, cell or unknown) per try, up to
   * 17 tries; the observation's count one-hot has 17 slots. */
  g_autoptr(AgonGame) turns = test_game_new("phantom_ttt(obstype=reveal-numturns)");
  assert_int_equal(agon_game_get_information_state_tensor_size(turns), 27 + 17 * 11);
  assert_int_equal(agon_game_get_observation_tensor_size(turns), 27 + 17);
  g_autoptr(AgonGame) abrupt = test_game_new("phantom_ttt(gameversion=abrupt)");
  assert_int_equal(agon_game_get_max_game_length(abrupt), 17);
  assert_int_equal(agon_game_get_information_state_tensor_size(abrupt), 108);
}

static void
test_pt_bad_params(void **unused)
{
  test_assert_game_error("phantom_ttt(gameversion=sudden)", AGON_ERROR_INVALID_VALUE,
                         "gameversion must be classical or abrupt");
  test_assert_game_error("phantom_ttt(obstype=reveal-all)", AGON_ERROR_INVALID_VALUE,
                         "obstype must be reveal-nothing or reveal-numturns");
  test_assert_game_error("phantom_ttt(board_size=4)", AGON_ERROR_UNKNOWN_PARAMETER,
                         "board_size");
}

/* OpenSpiel's playthrough phantom_ttt.txt, states 0 to 5 and 11. */
static void
test_pt_playthrough(void **unused)
{
  static const struct {
    const char *history;
    int player;
    const char *info[2], *obs[2], *legal;
  } steps[] = {
    { "", 0, { "...\n...\n...\n", "...\n...\n...\n" }, { "...\n...\n...", "...\n...\n..." },
      "x(0,0) x(0,1) x(0,2) x(1,0) x(1,1) x(1,2) x(2,0) x(2,1) x(2,2)" },
    { "6", 1, { "...\n...\nx..\n0,6 ", "...\n...\n...\n" }, { "...\n...\nx..", "...\n...\n..." },
      "o(0,0) o(0,1) o(0,2) o(1,0) o(1,1) o(1,2) o(2,0) o(2,1) o(2,2)" },
    { "6 7", 0, { "...\n...\nx..\n0,6 ", "...\n...\n.o.\n1,7 " },
      { "...\n...\nx..", "...\n...\n.o." },
      "x(0,0) x(0,1) x(0,2) x(1,0) x(1,1) x(1,2) x(2,1) x(2,2)" },
    { "6 7 8", 1, { "...\n...\nx.x\n0,6 0,8 ", "...\n...\n.o.\n1,7 " },
      { "...\n...\nx.x", "...\n...\n.o." },
      "o(0,0) o(0,1) o(0,2) o(1,0) o(1,1) o(1,2) o(2,0) o(2,2)" },
    /* o runs into x's mark on (2,2), sees it, and tries again. */
    { "6 7 8 8", 1, { "...\n...\nx.x\n0,6 0,8 ", "...\n...\n.ox\n1,7 1,8 " },
      { "...\n...\nx.x", "...\n...\n.ox" },
      "o(0,0) o(0,1) o(0,2) o(1,0) o(1,1) o(1,2) o(2,0)" },
    { "6 7 8 8 2", 0, { "...\n...\nx.x\n0,6 0,8 ", "..o\n...\n.ox\n1,7 1,8 1,2 " },
      { "...\n...\nx.x", "..o\n...\n.ox" },
      "x(0,0) x(0,1) x(0,2) x(1,0) x(1,1) x(1,2) x(2,1)" },
    { "6 7 8 8 2 3 6 5 7 2 0", AGON_PLAYER_TERMINAL,
      { "x.o\nx..\nxox\n0,6 0,8 0,3 0,7 0,2 0,0 ", "..o\n..o\nxox\n1,7 1,8 1,2 1,6 1,5 " },
      { "x.o\nx..\nxox", "..o\n..o\nxox" }, "" },
  };
  g_autoptr(AgonGame) game = test_game_new("phantom_ttt");
  for (gsize i = 0; i < G_N_ELEMENTS(steps); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonState) state = agon_state_deserialize(game, steps[i].history, &error);
    if (state == NULL)
      fail_msg("%s: %s", steps[i].history, error->message);
    assert_int_equal(agon_state_current_player(state), steps[i].player);
    for (int p = 0; p < 2; p++) {
      g_autofree char *info = agon_state_information_state(state, p);
      assert_string_equal(info, steps[i].info[p]);
      g_autofree char *obs = test_observation(state, p);
      assert_string_equal(obs, steps[i].obs[p]);
    }
    g_autofree char *legal = test_legal_names(state);
    assert_string_equal(legal, steps[i].legal);
  }
  g_autoptr(AgonState) end = agon_state_deserialize(game, "6 7 8 8 2 3 6 5 7 2 0", NULL);
  double returns[2];
  agon_state_returns(end, returns);
  assert_true(returns[0] == 1 && returns[1] == -1);
  g_autoptr(GString) board = g_string_new(NULL);
  agon_state_to_string(end, board);
  assert_string_equal(board->str, "x.o\nx.o\nxox");

  /* The tensors at state 2: the view's planes (empty, o, x), then one
   * nine-cell one-hot per own try. */
  g_autoptr(AgonState) two = agon_state_deserialize(game, "6 7", NULL);
  float info[108], obs[27];
  agon_state_information_state_tensor(two, 1, info);
  agon_state_observation_tensor(two, 1, obs);
  for (int cell = 0; cell < 9; cell++) {
    assert_true(info[cell] == (cell == 7 ? 0 : 1));
    assert_true(info[9 + cell] == (cell == 7 ? 1 : 0));
    assert_true(info[18 + cell] == 0);
    for (int k = 0; k < 3; k++)
      assert_true(obs[9 * k + cell] == info[9 * k + cell]);
  }
  for (int i = 27; i < 108; i++)
    assert_true(info[i] == (i == 27 + 7 ? 1 : 0));
}

/* A try on the opponent's mark reveals it; the classical version lets the
 * player try again, the abrupt one passes the turn. */
static void
test_pt_failed_try(void **unused)
{
  g_autoptr(AgonGame) classical = test_game_new("phantom_ttt");
  g_autoptr(AgonState) state = agon_state_deserialize(classical, "4", NULL);
  assert_true(agon_state_is_legal(state, 4)); /* o cannot see x's mark */
  agon_state_apply(state, 4);
  assert_int_equal(agon_state_current_player(state), 1);
  assert_false(agon_state_is_legal(state, 4));
  AgonAction actions[9];
  assert_int_equal(agon_state_legal_actions(state, actions), 8);
  g_autofree char *o_obs = test_observation(state, 1);
  assert_string_equal(o_obs, "...\n.x.\n...");
  g_autofree char *o_info = agon_state_information_state(state, 1);
  assert_string_equal(o_info, "...\n.x.\n...\n1,4 ");
  /* x learns nothing of o's try. */
  g_autofree char *x_info = agon_state_information_state(state, 0);
  assert_string_equal(x_info, "...\n.x.\n...\n0,4 ");
  float values[27];
  agon_state_observation_tensor(state, 1, values);
  assert_true(values[2 * 9 + 4] == 1 && values[4] == 0);
  /* The board did not change. */
  g_autoptr(GString) board = g_string_new(NULL);
  agon_state_to_string(state, board);
  assert_string_equal(board->str, "...\n.x.\n...");

  g_autoptr(AgonGame) abrupt = test_game_new("phantom_ttt(gameversion=abrupt)");
  g_autoptr(AgonState) lost = agon_state_deserialize(abrupt, "4 4", NULL);
  assert_non_null(lost);
  assert_int_equal(agon_state_current_player(lost), 0);
  assert_int_equal(agon_state_legal_actions(lost, actions), 8);
  assert_false(agon_state_is_legal(lost, 4));
  g_autofree char *o_view = test_observation(lost, 1);
  assert_string_equal(o_view, "...\n.x.\n...");
  /* Both lose a turn on a failed try, and x gets the diagonal down; in the
   * classical version the same tries leave o a mark on (0,0). */
  g_autoptr(AgonState) more = agon_state_deserialize(abrupt, "4 4 0 0 8", NULL);
  assert_non_null(more);
  assert_true(agon_state_is_terminal(more));
  double returns[2];
  agon_state_returns(more, returns);
  assert_true(returns[0] == 1 && returns[1] == -1);
  g_autoptr(AgonState) same = agon_state_deserialize(classical, "4 4 0 0 8", NULL);
  assert_non_null(same);
  assert_false(agon_state_is_terminal(same));
  assert_int_equal(agon_state_current_player(same), 1);
  g_autofree char *o_marks = test_observation(same, 1);
  assert_string_equal(o_marks, "o..\n.x.\n...");
}

/* With reveal-numturns both players see how many tries were made, and the
 * opponent's appear as unknowns. */
static void
test_pt_reveal_numturns(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("phantom_ttt(obstype=reveal-numturns)");
  g_autoptr(AgonState) state = agon_state_deserialize(game, "4 4", NULL);
  g_autofree char *x_info = agon_state_information_state(state, 0);
  assert_string_equal(x_info, "...\n.x.\n...\n2\n0,4 1,? ");
  g_autofree char *o_info = agon_state_information_state(state, 1);
  assert_string_equal(o_info, "...\n.x.\n...\n2\n0,? 1,4 ");
  g_autofree char *x_obs = test_observation(state, 0);
  assert_string_equal(x_obs, "...\n.x.\n...\nTotal turns: 2");
  g_autofree char *o_obs = test_observation(state, 1);
  assert_string_equal(o_obs, "...\n.x.\n...\nTotal turns: 2");

  float obs[44];
  agon_state_observation_tensor(state, 0, obs);
  for (int i = 27; i < 44; i++)
    assert_true(obs[i] == (i == 27 + 2 ? 1 : 0));
  float info[27 + 17 * 11];
  agon_state_information_state_tensor(state, 0, info);
  const float *seq = info + 27;
  /* x's own try: player 0, cell 4; then o's: player 1, unknown (slot 10). */
  for (int i = 0; i < 11; i++) {
    assert_true(seq[i] == (i == 1 + 4 ? 1 : 0));
    assert_true(seq[11 + i] == (i == 0 || i == 10 ? 1 : 0));
  }
  for (int i = 22; i < 17 * 11; i++)
    assert_true(seq[i] == 0);
}

static const struct {
  const char *moves;
  double x_return;
} endings[] = {
  { "0 3 1 4 2", 1 },             /* x's top row */
  { "0 4 1 2 8 6", -1 },          /* o's anti-diagonal */
  { "0 1 2 4 3 5 7 6 8", 0 },     /* a full board */
};

static void
test_pt_endings(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("phantom_ttt");
  for (gsize i = 0; i < G_N_ELEMENTS(endings); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonState) state = agon_state_deserialize(game, endings[i].moves, &error);
    if (state == NULL)
      fail_msg("%s: %s", endings[i].moves, error->message);
    if (!agon_state_is_terminal(state))
      fail_msg("%s: not terminal", endings[i].moves);
    double returns[2];
    agon_state_returns(state, returns);
    if (returns[0] != endings[i].x_return || returns[1] != -endings[i].x_return)
      fail_msg("%s: returns %g %g", endings[i].moves, returns[0], returns[1]);
  }
}

/* The longest plays: 9 marks and 8 failed tries. At the 17th try the turn
 * count outgrows OpenSpiel's one-hot, which stays empty. */
static void
test_pt_longest(void **unused)
{
  static const struct {
    const char *game, *moves;
  } longest[] = {
    { "phantom_ttt(obstype=reveal-numturns)", "0 0 1 1 2 2 3 3 4 4 6 6 5 5 8 8 7" },
    { "phantom_ttt(gameversion=abrupt,obstype=reveal-numturns)",
      "0 0 1 1 4 4 5 2 2 3 3 7 7 8 8 5 6" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(longest); i++) {
    g_autoptr(AgonGame) game = test_game_new(longest[i].game);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonState) state = agon_state_deserialize(game, longest[i].moves, &error);
    if (state == NULL)
      fail_msg("%s: %s", longest[i].moves, error->message);
    assert_true(agon_state_is_terminal(state));
    double returns[2];
    agon_state_returns(state, returns);
    assert_true(returns[0] == 0 && returns[1] == 0);
    float obs[44];
    agon_state_observation_tensor(state, 0, obs);
    for (int k = 27; k < 44; k++)
      assert_true(obs[k] == 0);
    g_autofree char *info = agon_state_information_state(state, 1);
    assert_non_null(strstr(info, "\n17\n"));
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pt_sizes),
    cmocka_unit_test(test_pt_bad_params),
    cmocka_unit_test(test_pt_playthrough),
    cmocka_unit_test(test_pt_failed_try),
    cmocka_unit_test(test_pt_reveal_numturns),
    cmocka_unit_test(test_pt_endings),
    cmocka_unit_test(test_pt_longest),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
