/* agon: tic-tac-toe's known facts, and OpenSpiel's strings for it. */
#include "testutil.h"

/* Every history from the empty board, the root included, stopping at the
 * first line: 549,946 of them, 255,168 terminal. Player 0 moves in the
 * 180,361 non-terminal histories of even length and player 1 in the
 * 114,417 of odd length; each history is its own information state. */
static void
test_ttt_tree_counts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  TestTreeCounts counts;
  test_count_tree(game, &counts);
  assert_int_equal(counts.histories, 549946);
  assert_int_equal(counts.terminals, 255168);
  assert_int_equal(counts.infosets[0], 180361);
  assert_int_equal(counts.infosets[1], 114417);
  test_tree_counts_clear(&counts);
}

typedef struct {
  guint64 x_wins, o_wins, draws;
} Outcomes;

static void
count_outcomes(const AgonState *state, Outcomes *out, char *buf)
{
  gsize size = agon_game_get_state_size(agon_state_get_game(state));
  if (agon_state_is_terminal(state)) {
    double returns[2];
    agon_state_returns(state, returns);
    assert_true(returns[0] + returns[1] == 0);
    if (returns[0] > 0)
      out->x_wins++;
    else if (returns[0] < 0)
      out->o_wins++;
    else
      out->draws++;
    return;
  }
  AgonAction actions[9];
  int n = agon_state_legal_actions(state, actions);
  assert_true(n > 0);
  for (int i = 0; i < n; i++) {
    AgonState *child = (AgonState *) buf;
    agon_state_copy(child, state);
    agon_state_apply(child, actions[i]);
    count_outcomes(child, out, buf + size);
  }
}

/* The terminals split into 131,184 wins for x, 77,904 for o and 46,080
 * draws: a wrong line mask would move some of them. */
static void
test_ttt_outcome_counts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  gsize size = agon_game_get_state_size(game);
  g_autofree char *buf = g_malloc0(size * 11);
  AgonState *root = agon_state_init_initial(game, buf);
  Outcomes out = { 0 };
  count_outcomes(root, &out, buf + size);
  assert_int_equal(out.x_wins, 131184);
  assert_int_equal(out.o_wins, 77904);
  assert_int_equal(out.draws, 46080);
}

static void
test_ttt_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->short_name, "tic_tac_toe");
  assert_string_equal(type->long_name, "Tic Tac Toe");
  assert_int_equal(type->dynamics, AGON_DYNAMICS_SEQUENTIAL);
  assert_int_equal(type->chance_mode, AGON_CHANCE_DETERMINISTIC);
  assert_int_equal(type->information, AGON_INFORMATION_PERFECT);
  assert_int_equal(type->utility, AGON_UTILITY_ZERO_SUM);
  assert_int_equal(type->reward_model, AGON_REWARD_TERMINAL);
  assert_true(type->provides_information_state_string);
  assert_false(type->provides_information_state_tensor);
  assert_true(type->provides_observation_string);
  assert_true(type->provides_observation_tensor);
  assert_int_equal(agon_game_get_num_players(game), 2);
  assert_int_equal(agon_game_get_num_distinct_actions(game), 9);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 0);
  assert_int_equal(agon_game_get_max_game_length(game), 9);
  assert_near(agon_game_get_min_utility(game), -1, 0);
  assert_near(agon_game_get_max_utility(game), 1, 0);
  assert_near(agon_game_get_utility_sum(game), 0, 0);
  AgonTensorShape shape = agon_game_get_observation_tensor_shape(game);
  assert_int_equal(shape.rank, 3);
  assert_int_equal(shape.dims[0], 3);
  assert_int_equal(shape.dims[1], 3);
  assert_int_equal(shape.dims[2], 3);
  assert_int_equal(agon_game_get_observation_tensor_size(game), 27);
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 0);
  assert_string_equal(agon_game_get_string(game), "tic_tac_toe()");
  test_assert_game_error("tic_tac_toe(rows=4)", AGON_ERROR_UNKNOWN_PARAMETER, "rows");
}

/* Each line won by x (on move 5) and by o (on move 6), then draws and a
 * win on the last cell. */
static const struct {
  const char *moves;
  double x_return;
} endings[] = {
  { "0 3 1 4 2", 1 },   { "3 0 4 1 5", 1 },   { "6 0 7 1 8", 1 },   { "0 1 3 2 6", 1 },
  { "1 0 4 2 7", 1 },   { "2 0 5 1 8", 1 },   { "0 1 4 2 8", 1 },   { "2 0 4 1 6", 1 },
  { "3 0 4 1 6 2", -1 }, { "0 3 1 4 6 5", -1 }, { "0 6 1 7 3 8", -1 }, { "1 0 2 3 4 6", -1 },
  { "0 1 2 4 3 7", -1 }, { "0 2 1 5 3 8", -1 }, { "1 0 2 4 3 8", -1 }, { "0 2 1 4 3 6", -1 },
  { "0 1 2 4 3 5 7 6 8", 0 }, { "4 0 8 2 1 7 6 3 5", 0 }, { "0 1 2 4 3 5 7 8 6", 1 },
};

static void
test_ttt_endings(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  for (gsize i = 0; i < G_N_ELEMENTS(endings); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonState) state = agon_state_deserialize(game, endings[i].moves, &error);
    if (state == NULL)
      fail_msg("%s: %s", endings[i].moves, error->message);
    if (!agon_state_is_terminal(state))
      fail_msg("%s: not terminal", endings[i].moves);
    assert_int_equal(agon_state_current_player(state), AGON_PLAYER_TERMINAL);
    AgonAction actions[9];
    assert_int_equal(agon_state_legal_actions(state, actions), 0);
    double returns[2];
    agon_state_returns(state, returns);
    if (returns[0] != endings[i].x_return || returns[1] != -endings[i].x_return)
      fail_msg("%s: returns %g %g, expected %g", endings[i].moves, returns[0], returns[1],
               endings[i].x_return);
    double rewards[2];
    agon_state_rewards(state, rewards);
    assert_true(rewards[0] == returns[0] && rewards[1] == returns[1]);
  }
}

/* The game stops at the first line: a sixth move after x's row is refused. */
static void
test_ttt_stops_at_a_line(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) state = agon_state_deserialize(game, "0 3 1 4 2 5", &error);
  assert_null(state);
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  g_autoptr(AgonState) taken = agon_state_deserialize(game, "4 4", NULL);
  assert_null(taken);
}

static void
assert_board_tensor(const AgonState *state, const char *board)
{
  float values[27];
  for (int player = 0; player < 2; player++) {
    agon_state_observation_tensor(state, player, values);
    for (int cell = 0; cell < 9; cell++) {
      int plane = board[cell] == 'x' ? 2 : board[cell] == 'o' ? 1 : 0;
      for (int p = 0; p < 3; p++)
        if (values[p * 9 + cell] != (p == plane ? 1.0f : 0.0f))
          fail_msg("%s: plane %d cell %d is %g", board, p, cell, values[p * 9 + cell]);
    }
  }
}

/* OpenSpiel's playthrough tic_tac_toe.txt: x(2,2) o(1,0) x(2,0) o(0,0)
 * x(0,2) o(0,1) x(1,2), and x wins on the right column. */
static void
test_ttt_playthrough(void **unused)
{
  static const struct {
    const char *history, *board, *legal;
  } steps[] = {
    { "", "...\n...\n...",
      "x(0,0) x(0,1) x(0,2) x(1,0) x(1,1) x(1,2) x(2,0) x(2,1) x(2,2)" },
    { "8", "...\n...\n..x", "o(0,0) o(0,1) o(0,2) o(1,0) o(1,1) o(1,2) o(2,0) o(2,1)" },
    { "8, 3", "...\no..\n..x", "x(0,0) x(0,1) x(0,2) x(1,1) x(1,2) x(2,0) x(2,1)" },
    { "8, 3, 6", "...\no..\nx.x", "o(0,0) o(0,1) o(0,2) o(1,1) o(1,2) o(2,1)" },
    { "8, 3, 6, 0", "o..\no..\nx.x", "x(0,1) x(0,2) x(1,1) x(1,2) x(2,1)" },
    { "8, 3, 6, 0, 2", "o.x\no..\nx.x", "o(0,1) o(1,1) o(1,2) o(2,1)" },
    { "8, 3, 6, 0, 2, 1", "oox\no..\nx.x", "x(1,1) x(1,2) x(2,1)" },
    { "8, 3, 6, 0, 2, 1, 5", "oox\no.x\nx.x", "" },
  };
  static const AgonAction moves[] = { 8, 3, 6, 0, 2, 1, 5 };
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autoptr(GString) text = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(steps); i++) {
    for (int player = 0; player < 2; player++) {
      g_autofree char *info = agon_state_information_state(state, player);
      assert_string_equal(info, steps[i].history);
      g_string_truncate(text, 0);
      agon_state_observation_string(state, player, text);
      assert_string_equal(text->str, steps[i].board);
    }
    g_string_truncate(text, 0);
    agon_state_to_string(state, text);
    assert_string_equal(text->str, steps[i].board);
    char board[10];
    for (int cell = 0, k = 0; cell < 9; k++)
      if (steps[i].board[k] != '\n')
        board[cell++] = steps[i].board[k];
    assert_board_tensor(state, board);

    AgonAction actions[9];
    int n = agon_state_legal_actions(state, actions);
    g_string_truncate(text, 0);
    for (int k = 0; k < n; k++) {
      if (k)
        g_string_append_c(text, ' ');
      agon_state_action_to_string(state, agon_state_current_player(state), actions[k], text);
    }
    assert_string_equal(text->str, steps[i].legal);
    if (i < G_N_ELEMENTS(moves)) {
      assert_int_equal(agon_state_current_player(state), (int) (i % 2));
      double rewards[2];
      agon_state_rewards(state, rewards);
      assert_true(rewards[0] == 0 && rewards[1] == 0);
      assert_true(agon_state_apply_checked(state, moves[i], NULL));
    }
  }
  assert_true(agon_state_is_terminal(state));
  double returns[2];
  agon_state_returns(state, returns);
  assert_near(returns[0], 1, 0);
  assert_near(returns[1], -1, 0);
  g_autofree char *serial = agon_state_serialize(state);
  assert_string_equal(serial, "8 3 6 0 2 1 5");
}

static void
test_ttt_action_names(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(AgonState) state = agon_state_deserialize(game, "4", NULL);
  assert_non_null(state);
  assert_int_equal(agon_state_string_to_action(state, AGON_PLAYER_INVALID, "o(2,1)", NULL), 7);
  assert_int_equal(agon_state_string_to_action(state, AGON_PLAYER_INVALID, "0", NULL), 0);
  g_autoptr(GError) error = NULL;
  assert_int_equal(agon_state_string_to_action(state, AGON_PLAYER_INVALID, "o(1,1)", &error),
                   -1);
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
}

/* Random playouts always end within nine moves with a consistent result. */
static void
test_ttt_random_playouts(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autofree void *root = g_malloc(agon_game_get_state_size(game));
  g_autofree void *buf = g_malloc(agon_game_get_state_size(game));
  agon_state_init_initial(game, root);
  AgonRng rng;
  agon_rng_init(&rng, 7);
  for (int i = 0; i < 10000; i++) {
    AgonState *state = buf;
    agon_state_copy(state, root);
    test_random_playout(state, &rng);
    int length = 0;
    agon_state_get_history(state, &length);
    assert_true(length >= 5 && length <= 9);
    double returns[2];
    agon_state_returns(state, returns);
    assert_true(returns[0] == -returns[1]);
    assert_true(length == 9 || returns[0] != 0);
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ttt_tree_counts),
    cmocka_unit_test(test_ttt_outcome_counts),
    cmocka_unit_test(test_ttt_sizes),
    cmocka_unit_test(test_ttt_endings),
    cmocka_unit_test(test_ttt_stops_at_a_line),
    cmocka_unit_test(test_ttt_playthrough),
    cmocka_unit_test(test_ttt_action_names),
    cmocka_unit_test(test_ttt_random_playouts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
