/* agon: dark hex's known facts, and OpenSpiel's strings for it. */
#include "testutil.h"

static void
test_dh_sizes(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("dark_hex");
  const AgonGameType *type = agon_game_get_type(game);
  assert_string_equal(type->short_name, "dark_hex");
  assert_string_equal(type->long_name, "Dark Hex");
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
  /* Nine cell states per cell, then nine cells per own try. */
  assert_int_equal(agon_game_get_information_state_tensor_size(game), 81 + 9 * 9);
  assert_int_equal(agon_game_get_observation_tensor_size(game), 81);
  assert_string_equal(agon_game_get_string(game), "dark_hex()");

  static const struct {
    const char *game;
    int actions, length, info, obs;
  } sizes[] = {
    { "dark_hex(num_rows=5,num_cols=3)", 15, 29, 360, 135 },
    { "dark_hex(board_size=4)", 16, 31, 16 * 9 + 16 * 16, 16 * 9 },
    { "dark_hex(board_size=4,num_cols=2)", 8, 15, 8 * 9 + 8 * 8, 8 * 9 },
    { "dark_hex(obstype=reveal-numturns)", 9, 17, 81 + 17 * 11, 81 + 18 },
    { "dark_hex(gameversion=adh,num_rows=2,num_cols=2)", 4, 7, 36 + 16, 36 },
    { "dark_hex(board_size=26)", 676, 1351, 676 * 9 + 676 * 676, 676 * 9 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++) {
    g_autoptr(AgonGame) g = test_game_new(sizes[i].game);
    assert_int_equal(agon_game_get_num_distinct_actions(g), sizes[i].actions);
    assert_int_equal(agon_game_get_max_game_length(g), sizes[i].length);
    assert_int_equal(agon_game_get_information_state_tensor_size(g), sizes[i].info);
    assert_int_equal(agon_game_get_observation_tensor_size(g), sizes[i].obs);
  }
}

static void
test_dh_bad_params(void **unused)
{
  test_assert_game_error("dark_hex(num_cols=1)", AGON_ERROR_INVALID_VALUE,
                         "num_cols must be 0 (board_size) or between 2 and 26");
  test_assert_game_error("dark_hex(num_rows=1)", AGON_ERROR_INVALID_VALUE, "num_rows");
  test_assert_game_error("dark_hex(num_rows=27)", AGON_ERROR_INVALID_VALUE, "num_rows");
  test_assert_game_error("dark_hex(board_size=1)", AGON_ERROR_INVALID_VALUE, "board_size");
  test_assert_game_error("dark_hex(gameversion=classical)", AGON_ERROR_INVALID_VALUE,
                         "gameversion must be cdh or adh");
  test_assert_game_error("dark_hex(obstype=reveal-all)", AGON_ERROR_INVALID_VALUE,
                         "obstype must be reveal-nothing or reveal-numturns");
  test_assert_game_error("dark_hex(string_rep=explicit)", AGON_ERROR_UNKNOWN_PARAMETER,
                         "string_rep");
}

/* OpenSpiel's playthrough "dark_hex(num_rows=5,num_cols=3).txt". */
static void
test_dh_playthrough(void **unused)
{
  static const struct {
    const char *history;
    const char *info[2], *obs[2], *legal;
  } steps[] = {
    { "", { "...\n...\n...\n...\n...\n0\n", "...\n...\n...\n...\n...\n0\n" },
      { "...\n...\n...\n...\n...", "...\n...\n...\n...\n..." },
      "a1 b1 c1 a2 b2 c2 a3 b3 c3 a4 b4 c4 a5 b5 c5" },
    { "0 14", { "x..\n...\n...\n...\n...\n2\n0,0 ", "...\n...\n...\n...\n..o\n2\n1,14 " },
      { "x..\n...\n...\n...\n...", "...\n...\n...\n...\n..o" },
      "b1 c1 a2 b2 c2 a3 b3 c3 a4 b4 c4 a5 b5 c5" },
    { "0 14 5 11 14 11 4",
      { "x..\n.xx\n...\n..o\n..o\n7\n0,0 0,5 0,14 0,11 0,4 ",
        "...\n...\n...\n..o\n..o\n7\n1,14 1,11 " },
      { "x..\n.xx\n...\n..o\n..o", "...\n...\n...\n..o\n..o" },
      "a1 b1 c1 a2 b2 c2 a3 b3 c3 a4 b4 a5 b5" },
    { "0 14 5 11 14 11 4 8 13 6 12 1 7 4 7 9 1 9",
      { "xo.\n.xx\n.x.\no.o\nxxo\n18\n0,0 0,5 0,14 0,11 0,4 0,13 0,12 0,7 0,1 0,9 ",
        ".o.\n.x.\noxo\no.o\n..o\n18\n1,14 1,11 1,8 1,6 1,1 1,4 1,7 1,9 " },
      { "xo.\n.xx\n.x.\no.o\nxxo", ".o.\n.x.\noxo\no.o\n..o" }, "c1 a2 a3 c3 b4" },
    { "0 14 5 11 14 11 4 8 13 6 12 1 7 4 7 9 1 9 10 10 0 2 2 8 3",
      { "xoo\nxxx\n.xo\noxo\nxxo\n25\n0,0 0,5 0,14 0,11 0,4 0,13 0,12 0,7 0,1 0,9 0,10 0,2 "
        "0,8 0,3 ",
        "xoo\n.x.\noxo\noxo\n..o\n25\n1,14 1,11 1,8 1,6 1,1 1,4 1,7 1,9 1,10 1,0 1,2 " },
      { "xoo\nxxx\n.xo\noxo\nxxo", "xoo\n.x.\noxo\noxo\n..o" }, "" },
  };
  g_autoptr(AgonGame) game = test_game_new("dark_hex(num_rows=5,num_cols=3)");
  for (gsize i = 0; i < G_N_ELEMENTS(steps); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonState) state = agon_state_deserialize(game, steps[i].history, &error);
    if (state == NULL)
      fail_msg("%s: %s", steps[i].history, error->message);
    for (int p = 0; p < 2; p++) {
      g_autofree char *info = agon_state_information_state(state, p);
      assert_string_equal(info, steps[i].info[p]);
      g_autofree char *obs = test_observation(state, p);
      assert_string_equal(obs, steps[i].obs[p]);
    }
    g_autofree char *legal = test_legal_names(state);
    assert_string_equal(legal, steps[i].legal);
  }

  g_autoptr(AgonState) end =
    agon_state_deserialize(game, steps[G_N_ELEMENTS(steps) - 1].history, NULL);
  assert_true(agon_state_is_terminal(end));
  double returns[2];
  agon_state_returns(end, returns);
  assert_true(returns[0] == 1 && returns[1] == -1);
  g_autoptr(GString) board = g_string_new(NULL);
  agon_state_to_string(end, board);
  assert_string_equal(board->str,
                      "x o o \n x x x \n  o x o \n   o x o \n    x x o ");
  /* The winning stone, a2, shows as the win state (hot at 4 + 4) in x's
   * view, and as a plain stone (4 + 1) where x found its own earlier. */
  float values[135];
  agon_state_observation_tensor(end, 0, values);
  assert_true(values[3 * 9 + 8] == 1);
  assert_true(values[0 * 9 + 5] == 1);
  assert_true(values[1 * 9 + 3] == 1); /* o on b1, found: -1 + 4 */
  assert_true(values[6 * 9 + 4] == 1); /* a3: empty in x's view */
  for (int cell = 0; cell < 15; cell++) {
    float sum = 0;
    for (int k = 0; k < 9; k++)
      sum += values[cell * 9 + k];
    assert_true(sum == 1);
  }
}

/* Stones stay hidden until tried; a failed try shows the stone and, in the
 * classical version, gives another try. */
static void
test_dh_hidden_stones(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("dark_hex");
  g_autoptr(AgonState) state = agon_state_deserialize(game, "4", NULL);
  g_autofree char *o_before = test_observation(state, 1);
  assert_string_equal(o_before, "...\n...\n...");
  assert_true(agon_state_is_legal(state, 4));
  agon_state_apply(state, 4);
  assert_int_equal(agon_state_current_player(state), 1);
  assert_false(agon_state_is_legal(state, 4));
  g_autofree char *o_after = test_observation(state, 1);
  assert_string_equal(o_after, "...\n.x.\n...");
  g_autofree char *o_info = agon_state_information_state(state, 1);
  assert_string_equal(o_info, "...\n.x.\n...\n2\n1,4 ");
  g_autofree char *x_info = agon_state_information_state(state, 0);
  assert_string_equal(x_info, "...\n.x.\n...\n2\n0,4 ");
  float values[81];
  agon_state_observation_tensor(state, 1, values);
  assert_true(values[4 * 9 + 5] == 1 && values[4 * 9 + 4] == 0);
  g_autoptr(GString) board = g_string_new(NULL);
  agon_state_to_string(state, board);
  assert_string_equal(board->str, ". . . \n . x . \n  . . . ");

  g_autoptr(AgonGame) abrupt = test_game_new("dark_hex(gameversion=adh)");
  g_autoptr(AgonState) lost = agon_state_deserialize(abrupt, "4 4", NULL);
  assert_non_null(lost);
  assert_int_equal(agon_state_current_player(lost), 0);
  AgonAction actions[9];
  assert_int_equal(agon_state_legal_actions(lost, actions), 8);

  g_autoptr(AgonGame) turns = test_game_new("dark_hex(obstype=reveal-numturns)");
  g_autoptr(AgonState) counted = agon_state_deserialize(turns, "4 4", NULL);
  g_autofree char *x_counted = agon_state_information_state(counted, 0);
  assert_string_equal(x_counted, "...\n.x.\n...\n2\n0,4 1,? ");
  g_autofree char *o_counted = agon_state_information_state(counted, 1);
  assert_string_equal(o_counted, "...\n.x.\n...\n2\n0,? 1,4 ");
  g_autofree char *o_obs = test_observation(counted, 1);
  assert_string_equal(o_obs, "...\n.x.\n...\nTotal turns: 2");
  float obs[99];
  agon_state_observation_tensor(counted, 0, obs);
  for (int i = 81; i < 99; i++)
    assert_true(obs[i] == (i == 81 + 2 ? 1 : 0));
  float info[81 + 17 * 11];
  agon_state_information_state_tensor(counted, 1, info);
  const float *seq = info + 81;
  for (int i = 0; i < 11; i++) {
    assert_true(seq[i] == (i == 1 + 9 ? 1 : 0)); /* x's try, unknown to o */
    assert_true(seq[11 + i] == (i == 0 || i == 1 + 4 ? 1 : 0));
  }
}

/* Who connects on small boards. Neighbours of (r, c) are (r-1, c),
 * (r-1, c+1), (r, c-1), (r, c+1), (r+1, c-1) and (r+1, c); (r+1, c+1) is
 * not one. */
static const struct {
  const char *game, *moves;
  double x_return; /* 0: not over */
} endings[] = {
  { "dark_hex", "0 1 3 2 6", 1 },          /* x down column a */
  { "dark_hex", "0 3 1 4 6 5", -1 },       /* o across row 2 */
  { "dark_hex", "2 0 4 1 6", 1 },          /* x along c1, b2, a3 */
  { "dark_hex", "0 1 4 2 8", 0 },          /* a1, b2, c3 do not touch */
  { "dark_hex", "0 1 3 2 5 7 8", 0 },      /* x's a1-a2 and c2-c3 are apart */
  { "dark_hex", "0 1 3 2 5 7 8 6 4", 1 },  /* until b2 joins them */
  { "dark_hex(num_rows=2,num_cols=2)", "0 1 2", 1 },
  { "dark_hex(num_rows=2,num_cols=2)", "0 2 3 1", -1 }, /* o along a2, b1 */
  { "dark_hex(num_rows=2,num_cols=2)", "0 0 1 3 2", -1 }, /* o bumps, tries again */
  { "dark_hex(gameversion=adh,num_rows=2,num_cols=2)", "0 0 2", 1 },
};

static void
test_dh_endings(void **unused)
{
  for (gsize i = 0; i < G_N_ELEMENTS(endings); i++) {
    g_autoptr(AgonGame) game = test_game_new(endings[i].game);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonState) state = agon_state_deserialize(game, endings[i].moves, &error);
    if (state == NULL)
      fail_msg("%s: %s: %s", endings[i].game, endings[i].moves, error->message);
    if (agon_state_is_terminal(state) != (endings[i].x_return != 0))
      fail_msg("%s: %s: terminal is %d", endings[i].game, endings[i].moves,
               agon_state_is_terminal(state));
    double returns[2];
    agon_state_returns(state, returns);
    if (returns[0] != endings[i].x_return || returns[1] != -endings[i].x_return)
      fail_msg("%s: %s: returns %g %g", endings[i].game, endings[i].moves, returns[0],
               returns[1]);
  }
}

/* The true board kept by the test, for random plays. */
typedef struct {
  int rows, cols;
  gboolean abrupt;
  char cell[26 * 26]; /* '.', 'x' or 'o' */
  char view[2][26 * 26];
} RefHex;

/* Whether @who ('x': top to bottom, 'o': left to right) connects. */
static gboolean
ref_connected(const RefHex *b, char who)
{
  static const int dr[6] = { -1, -1, 0, 0, 1, 1 }, dc[6] = { 0, 1, -1, 1, -1, 0 };
  int n = b->rows * b->cols;
  int stack[26 * 26], top = 0;
  gboolean seen[26 * 26] = { FALSE };
  for (int i = 0; i < (who == 'x' ? b->cols : b->rows); i++) {
    int cell = who == 'x' ? i : i * b->cols;
    if (b->cell[cell] == who) {
      seen[cell] = TRUE;
      stack[top++] = cell;
    }
  }
  while (top > 0) {
    int cell = stack[--top];
    int r = cell / b->cols, c = cell % b->cols;
    if (who == 'x' ? r == b->rows - 1 : c == b->cols - 1)
      return TRUE;
    for (int k = 0; k < 6; k++) {
      int rr = r + dr[k], cc = c + dc[k];
      int next = rr * b->cols + cc;
      if (rr >= 0 && rr < b->rows && cc >= 0 && cc < b->cols && !seen[next]
          && b->cell[next] == who) {
        seen[next] = TRUE;
        stack[top++] = next;
      }
    }
  }
  g_assert(n > 0);
  return FALSE;
}

static void
ref_picture(const RefHex *b, GString *out)
{
  for (int r = 0; r < b->rows; r++) {
    if (r) {
      g_string_append_c(out, '\n');
      for (int i = 0; i < r; i++)
        g_string_append_c(out, ' ');
    }
    for (int c = 0; c < b->cols; c++) {
      g_string_append_c(out, b->cell[r * b->cols + c]);
      g_string_append_c(out, ' ');
    }
  }
}

static void
ref_view(const RefHex *b, int player, GString *out)
{
  for (int r = 0; r < b->rows; r++) {
    if (r)
      g_string_append_c(out, '\n');
    g_string_append_len(out, b->view[player] + r * b->cols, b->cols);
  }
}

/* Random plays agree with the test's own board move by move: the true
 * board, both views, the player to move, the end and the winner. */
static void
check_random_plays(const char *game_string, int rows, int cols, gboolean abrupt, int plays)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  g_autofree void *buffer = g_malloc(agon_game_get_state_size(game));
  g_autoptr(GString) got = g_string_new(NULL), want = g_string_new(NULL);
  g_autofree AgonAction *actions = g_new(AgonAction, rows * cols);
  AgonRng rng;
  agon_rng_init(&rng, 7);
  int n_cells = rows * cols;
  for (int play = 0; play < plays; play++) {
    RefHex b = { .rows = rows, .cols = cols, .abrupt = abrupt };
    memset(b.cell, '.', sizeof b.cell);
    memset(b.view, '.', sizeof b.view);
    AgonState *s = agon_state_init_initial(game, buffer);
    int to_move = 0, tries = 0;
    for (;;) {
      g_string_truncate(got, 0);
      g_string_truncate(want, 0);
      agon_state_to_string(s, got);
      ref_picture(&b, want);
      assert_string_equal(got->str, want->str);
      for (int p = 0; p < 2; p++) {
        g_string_truncate(got, 0);
        g_string_truncate(want, 0);
        agon_state_observation_string(s, p, got);
        ref_view(&b, p, want);
        assert_string_equal(got->str, want->str);
      }
      gboolean x_won = ref_connected(&b, 'x'), o_won = ref_connected(&b, 'o');
      assert_false(x_won && o_won);
      assert_int_equal(agon_state_is_terminal(s), x_won || o_won);
      if (agon_state_is_terminal(s)) {
        double returns[2];
        agon_state_returns(s, returns);
        assert_true(returns[0] == (x_won ? 1 : -1));
        assert_true(tries <= 2 * n_cells - 1);
        break;
      }
      assert_int_equal(agon_state_current_player(s), to_move);
      int n = agon_state_legal_actions(s, actions);
      int expected = 0;
      for (int cell = 0; cell < n_cells; cell++)
        if (b.view[to_move][cell] == '.')
          assert_int_equal(actions[expected++], cell);
      assert_int_equal(n, expected);
      int cell = actions[agon_rng_below(&rng, (guint32) n)];
      char mine = to_move == 0 ? 'x' : 'o';
      if (b.cell[cell] == '.') {
        b.cell[cell] = mine;
        b.view[to_move][cell] = mine;
        to_move = 1 - to_move;
      } else {
        b.view[to_move][cell] = b.cell[cell];
        if (abrupt)
          to_move = 1 - to_move;
      }
      agon_state_apply(s, cell);
      tries++;
    }
  }
}

static void
test_dh_random_plays(void **unused)
{
  check_random_plays("dark_hex", 3, 3, FALSE, 2000);
  check_random_plays("dark_hex(gameversion=adh)", 3, 3, TRUE, 2000);
  check_random_plays("dark_hex(num_rows=2,num_cols=2)", 2, 2, FALSE, 500);
  check_random_plays("dark_hex(num_rows=5,num_cols=3)", 5, 3, FALSE, 1000);
  check_random_plays("dark_hex(num_rows=4,num_cols=7,gameversion=adh)", 4, 7, TRUE, 500);
  check_random_plays("dark_hex(board_size=11)", 11, 11, FALSE, 100);
  check_random_plays("dark_hex(board_size=26)", 26, 26, FALSE, 5);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_dh_sizes),
    cmocka_unit_test(test_dh_bad_params),
    cmocka_unit_test(test_dh_playthrough),
    cmocka_unit_test(test_dh_hidden_stones),
    cmocka_unit_test(test_dh_endings),
    cmocka_unit_test(test_dh_random_plays),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
