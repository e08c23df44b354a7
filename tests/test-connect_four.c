/* agon: Connect Four's known facts, and OpenSpiel's strings for it. */
#include "testutil.h"

static void
test_c4_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->short_name, "connect_four");
  assert_string_equal(type->long_name, "Connect Four");
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
  assert_int_equal(agon_game_get_num_distinct_actions(game), 7);
  assert_int_equal(agon_game_get_max_chance_outcomes(game), 0);
  assert_int_equal(agon_game_get_max_game_length(game), 42);
  assert_near(agon_game_get_min_utility(game), -1, 0);
  assert_near(agon_game_get_max_utility(game), 1, 0);
  assert_near(agon_game_get_utility_sum(game), 0, 0);
  AgonTensorShape shape = agon_game_get_observation_tensor_shape(game);
  assert_int_equal(shape.rank, 3);
  assert_int_equal(shape.dims[0], 3);
  assert_int_equal(shape.dims[1], 6);
  assert_int_equal(shape.dims[2], 7);
  assert_int_equal(agon_game_get_observation_tensor_size(game), 126);
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 0);
  assert_string_equal(agon_game_get_string(game), "connect_four()");
  /* Copying a state is the cost of every MCTS simulation: keep it small. */
  assert_true(agon_game_get_state_size(game) <= 256);

  g_autoptr(AgonGame) small = test_game_new("connect_four(rows=4,columns=5,x_in_row=3)");
  assert_int_equal(agon_game_get_num_distinct_actions(small), 5);
  assert_int_equal(agon_game_get_max_game_length(small), 20);
  shape = agon_game_get_observation_tensor_shape(small);
  assert_int_equal(shape.dims[1], 4);
  assert_int_equal(shape.dims[2], 5);
}

static void
test_c4_bad_params(void **unused)
{
  test_assert_game_error("connect_four(rows=0)", AGON_ERROR_INVALID_VALUE, "rows");
  test_assert_game_error("connect_four(columns=65)", AGON_ERROR_INVALID_VALUE, "columns");
  test_assert_game_error("connect_four(x_in_row=0)", AGON_ERROR_INVALID_VALUE, "x_in_row");
  test_assert_game_error("connect_four(x_in_row=four)", AGON_ERROR_INVALID_VALUE, "x_in_row");
  test_assert_game_error("connect_four(egocentric_obs_tensor=maybe)", AGON_ERROR_INVALID_VALUE,
                         "egocentric_obs_tensor");
  test_assert_game_error("connect_four(players=3)", AGON_ERROR_UNKNOWN_PARAMETER, "players");
}

/* Lines in every direction, for each player, and a full board without
 * one. Each ending is also played on boards that take the other code paths
 * (seven rows: the general bitboard; 9 x 9: one byte per cell). */
static const struct {
  const char *moves;
  double x_return;
} endings[] = {
  { "0 1 0 1 0 1 0", 1 },                 /* x, vertical */
  { "0 0 1 1 2 2 3", 1 },                 /* x, horizontal */
  { "3 4 2 4 1 5 0", 1 },                 /* x, horizontal, completed on the left */
  { "0 1 1 2 2 3 2 3 3 6 3", 1 },         /* x, rising diagonal */
  { "6 5 5 4 4 3 4 3 3 0 3", 1 },         /* x, falling diagonal */
  { "3 2 2 1 1 0 1 0 0 6 0", 1 },         /* x, falling, completed at the top */
  { "0 1 0 1 0 1 2 1", -1 },              /* o, vertical */
  { "0 6 0 5 1 4 1 3", -1 },              /* o, horizontal */
  { "6 0 1 1 2 2 3 2 3 3 5 3", -1 },      /* o, rising diagonal */
};

static void
check_ending(const char *game_string, const char *moves, double x_return)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) state = agon_state_deserialize(game, moves, &error);
  if (state == NULL)
    fail_msg("%s: %s: %s", game_string, moves, error->message);
  if (!agon_state_is_terminal(state))
    fail_msg("%s: %s: not terminal", game_string, moves);
  AgonAction actions[64];
  assert_int_equal(agon_state_legal_actions(state, actions), 0);
  double returns[2];
  agon_state_returns(state, returns);
  if (returns[0] != x_return || returns[1] != -x_return)
    fail_msg("%s: %s: returns %g %g, expected %g", game_string, moves, returns[0], returns[1],
             x_return);
  /* One move short of the line, the game goes on. */
  g_autofree char *shorter = g_strdup(moves);
  *strrchr(shorter, ' ') = '\0';
  g_autoptr(AgonState) before = agon_state_deserialize(game, shorter, &error);
  assert_non_null(before);
  if (agon_state_is_terminal(before))
    fail_msg("%s: %s: already terminal", game_string, shorter);
}

static void
test_c4_endings(void **unused)
{
  static const char *const boards[] = {
    "connect_four", "connect_four(rows=7)", "connect_four(rows=9,columns=9)",
    "connect_four(columns=9)",
  };
  for (gsize b = 0; b < G_N_ELEMENTS(boards); b++)
    for (gsize i = 0; i < G_N_ELEMENTS(endings); i++)
      check_ending(boards[b], endings[i].moves, endings[i].x_return);
}

/* 42 discs without four in a row: a draw, the longest play. */
static const char full_board[] = "6 3 5 2 2 5 5 2 6 3 6 2 4 6 3 0 5 5 3 4 6 6 2 5 2 4 3 0 0 0 0 "
                                 "3 0 4 1 1 1 1 4 1 4 1";

static void
test_c4_draw(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) state = agon_state_deserialize(game, full_board, &error);
  if (state == NULL)
    fail_msg("%s", error->message);
  assert_true(agon_state_is_terminal(state));
  int length = 0;
  agon_state_get_history(state, &length);
  assert_int_equal(length, 42);
  double returns[2];
  agon_state_returns(state, returns);
  assert_true(returns[0] == 0 && returns[1] == 0);
  g_autoptr(GString) board = g_string_new(NULL);
  agon_state_observation_string(state, 0, board);
  assert_null(strchr(board->str, '.'));
}

/* A full column is no longer a legal move; the game stops at a line. */
static void
test_c4_illegal_moves(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  g_autoptr(AgonState) state = agon_state_deserialize(game, "0 0 0 0 0 0", NULL);
  assert_non_null(state);
  AgonAction actions[7];
  int n = agon_state_legal_actions(state, actions);
  assert_int_equal(n, 6);
  for (int i = 0; i < n; i++)
    assert_int_equal(actions[i], i + 1);
  assert_false(agon_state_is_legal(state, 0));
  g_autoptr(GError) error = NULL;
  assert_false(agon_state_apply_checked(state, 0, &error));
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  g_clear_error(&error);
  assert_int_equal(agon_state_string_to_action(state, AGON_PLAYER_INVALID, "x0", &error), -1);
  g_clear_error(&error);
  assert_int_equal(agon_state_string_to_action(state, AGON_PLAYER_INVALID, "x6", &error), 6);
  assert_true(agon_state_apply_checked(state, 6, NULL));

  /* Two full columns, then the ascending order of the rest. */
  g_autoptr(AgonState) two = agon_state_deserialize(game, "0 0 0 0 0 0 3 3 3 3 3 3", NULL);
  assert_non_null(two);
  n = agon_state_legal_actions(two, actions);
  assert_int_equal(n, 5);
  static const AgonAction expected[] = { 1, 2, 4, 5, 6 };
  for (int i = 0; i < n; i++)
    assert_int_equal(actions[i], expected[i]);

  g_autoptr(AgonState) over = agon_state_deserialize(game, "0 1 0 1 0 1 0 1", &error);
  assert_null(over);
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
}

static void
assert_obs(const AgonState *state, const char *board)
{
  g_autoptr(GString) text = g_string_new(NULL);
  for (int p = 0; p < 2; p++) {
    g_string_truncate(text, 0);
    agon_state_observation_string(state, p, text);
    assert_string_equal(text->str, board);
  }
  g_string_truncate(text, 0);
  agon_state_to_string(state, text);
  assert_string_equal(text->str, board);
}

/* OpenSpiel's playthrough connect_four.txt, states 5 and 17. */
static void
test_c4_playthrough(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  g_autoptr(AgonState) state = agon_state_deserialize(game, "0 1 2 6 4", NULL);
  assert_non_null(state);
  assert_int_equal(agon_state_current_player(state), 1);
  for (int p = 0; p < 2; p++) {
    g_autofree char *info = agon_state_information_state(state, p);
    assert_string_equal(info, "0, 1, 2, 6, 4");
  }
  assert_obs(state, ".......\n.......\n.......\n.......\n.......\nxox.x.o\n");
  /* Bottom row: x planes 0, o plane 1, empty plane 2, for both players. */
  float values[126];
  static const char bottom[] = "xox.x.o";
  for (int p = 0; p < 2; p++) {
    agon_state_observation_tensor(state, p, values);
    for (int c = 0; c < 7; c++) {
      int plane = bottom[c] == 'x' ? 0 : bottom[c] == 'o' ? 1 : 2;
      for (int k = 0; k < 3; k++)
        assert_true(values[k * 42 + c] == (k == plane ? 1.0f : 0.0f));
      assert_true(values[2 * 42 + 7 + c] == 1.0f); /* the row above is empty */
    }
  }
  AgonAction actions[7];
  int n = agon_state_legal_actions(state, actions);
  g_autoptr(GString) names = g_string_new(NULL);
  for (int i = 0; i < n; i++) {
    if (i)
      g_string_append_c(names, ' ');
    agon_state_action_to_string(state, 1, actions[i], names);
  }
  assert_string_equal(names->str, "o0 o1 o2 o3 o4 o5 o6");

  g_autoptr(AgonState) end =
    agon_state_deserialize(game, "0 1 2 6 4 1 0 2 6 0 5 4 0 6 5 0 3", NULL);
  assert_non_null(end);
  assert_true(agon_state_is_terminal(end));
  assert_obs(end, ".......\no......\nx......\no.....o\nxoo.oxx\nxoxxxxo\n");
  double returns[2];
  agon_state_returns(end, returns);
  assert_true(returns[0] == 1 && returns[1] == -1);
}

/* With egocentric_obs_tensor the observer's discs are plane 1 and the
 * opponent's plane 0 (OpenSpiel's order). */
static void
test_c4_egocentric(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four(egocentric_obs_tensor=true)");
  g_autoptr(AgonState) state = agon_state_deserialize(game, "0 1", NULL);
  assert_non_null(state);
  float values[126];
  for (int p = 0; p < 2; p++) {
    agon_state_observation_tensor(state, p, values);
    int own = p == 0 ? 0 : 1, other = 1 - own; /* columns of x's and o's disc */
    assert_true(values[1 * 42 + own] == 1 && values[0 * 42 + own] == 0);
    assert_true(values[0 * 42 + other] == 1 && values[1 * 42 + other] == 0);
    assert_true(values[2 * 42 + 2] == 1);
  }
}

/* A board kept by the test itself, as the reference for random plays. */
typedef struct {
  int rows, cols, k;
  int height[64];
  char cell[64 * 64]; /* '.', 'x' or 'o'; row 0 at the bottom */
} RefBoard;

static gboolean
ref_line(const RefBoard *b, char who)
{
  static const int dirs[4][2] = { { 0, 1 }, { 1, 0 }, { 1, 1 }, { 1, -1 } };
  for (int r = 0; r < b->rows; r++)
    for (int c = 0; c < b->cols; c++)
      for (int d = 0; d < 4; d++) {
        int i = 0;
        while (i < b->k) {
          int rr = r + i * dirs[d][0], cc = c + i * dirs[d][1];
          if (rr < 0 || rr >= b->rows || cc < 0 || cc >= b->cols
              || b->cell[rr * b->cols + cc] != who)
            break;
          i++;
        }
        if (i == b->k)
          return TRUE;
      }
  return FALSE;
}

static void
ref_draw(const RefBoard *b, GString *out)
{
  for (int r = b->rows - 1; r >= 0; r--) {
    g_string_append_len(out, b->cell + r * b->cols, b->cols);
    g_string_append_c(out, '\n');
  }
}

/* Random plays agree with the reference board move by move: the picture,
 * the legal moves, the end and the winner. */
static void
check_random_plays(const char *game_string, int rows, int cols, int k, int plays)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  g_autofree void *buffer = g_malloc(agon_game_get_state_size(game));
  g_autoptr(GString) got = g_string_new(NULL), want = g_string_new(NULL);
  AgonRng rng;
  agon_rng_init(&rng, 42);
  AgonAction actions[64];
  for (int play = 0; play < plays; play++) {
    RefBoard b = { .rows = rows, .cols = cols, .k = k };
    memset(b.cell, '.', sizeof b.cell);
    AgonState *s = agon_state_init_initial(game, buffer);
    for (int move = 0;; move++) {
      g_string_truncate(got, 0);
      g_string_truncate(want, 0);
      agon_state_observation_string(s, 0, got);
      ref_draw(&b, want);
      assert_string_equal(got->str, want->str);
      gboolean x_line = ref_line(&b, 'x'), o_line = ref_line(&b, 'o');
      gboolean full = move == rows * cols;
      assert_int_equal(agon_state_is_terminal(s), x_line || o_line || full);
      if (agon_state_is_terminal(s)) {
        double returns[2];
        agon_state_returns(s, returns);
        assert_true(returns[0] == (x_line ? 1 : o_line ? -1 : 0));
        break;
      }
      int n = agon_state_legal_actions(s, actions);
      int open = 0;
      for (int c = 0; c < cols; c++)
        if (b.height[c] < rows)
          assert_int_equal(actions[open++], c);
      assert_int_equal(n, open);
      int c = actions[agon_rng_below(&rng, (guint32) n)];
      b.cell[b.height[c]++ * cols + c] = agon_state_current_player(s) == 0 ? 'x' : 'o';
      agon_state_apply(s, c);
    }
  }
}

static void
test_c4_random_plays(void **unused)
{
  check_random_plays("connect_four", 6, 7, 4, 2000);
  check_random_plays("connect_four(rows=4,columns=5,x_in_row=3)", 4, 5, 3, 1000);
  check_random_plays("connect_four(rows=7)", 7, 7, 4, 500);
  check_random_plays("connect_four(rows=8,columns=7,x_in_row=5)", 8, 7, 5, 500);
  check_random_plays("connect_four(rows=7,columns=8)", 7, 8, 4, 500);
  check_random_plays("connect_four(rows=9,columns=9)", 9, 9, 4, 300);
  check_random_plays("connect_four(rows=12,columns=20,x_in_row=6)", 12, 20, 6, 50);
  check_random_plays("connect_four(rows=1,columns=9,x_in_row=3)", 1, 9, 3, 300);
  check_random_plays("connect_four(rows=5,columns=1,x_in_row=2)", 5, 1, 2, 50);
  check_random_plays("connect_four(x_in_row=1)", 6, 7, 1, 50);
  check_random_plays("connect_four(x_in_row=7)", 6, 7, 7, 200);
  check_random_plays("connect_four(x_in_row=8)", 6, 7, 8, 50);
  check_random_plays("connect_four(rows=63,columns=1,x_in_row=40)", 63, 1, 40, 20);
  check_random_plays("connect_four(rows=1,columns=64,x_in_row=2)", 1, 64, 2, 50);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_c4_sizes),
    cmocka_unit_test(test_c4_bad_params),
    cmocka_unit_test(test_c4_endings),
    cmocka_unit_test(test_c4_draw),
    cmocka_unit_test(test_c4_illegal_moves),
    cmocka_unit_test(test_c4_playthrough),
    cmocka_unit_test(test_c4_egocentric),
    cmocka_unit_test(test_c4_random_plays),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
