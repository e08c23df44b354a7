/* agon: alpha-beta and expectiminimax against known values. */
#include "testutil.h"

#include <agon/minimax.h>
#include <glib/gstdio.h>

static const AgonMinimaxOptions unlimited = { 0 };

static double
solve(const char *game_string, const char *history, AgonAction *best, guint64 *nodes)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  g_autoptr(AgonState) state = test_replay(game, history);
  g_autoptr(GError) error = NULL;
  double value = 0;
  if (!agon_minimax_search(state, &unlimited, &value, best, nodes, &error))
    fail_msg("%s: %s", game_string, error->message);
  return value;
}

/* Tic-tac-toe is a draw; pruning visits far fewer than its 549,946 states. */
static void
test_minimax_tic_tac_toe_is_a_draw(void **unused)
{
  guint64 nodes = 0;
  AgonAction best = -1;
  assert_near(solve("tic_tac_toe", "", &best, &nodes), 0, 0);
  assert_true(best >= 0 && best < 9);
  assert_true(nodes > 1000 && nodes < 549946);
}

static void
test_minimax_tic_tac_toe_positions(void **unused)
{
  AgonAction best = -1;
  /* x on 0 and 1, o on 3 and 4: x completes the top row. */
  assert_near(solve("tic_tac_toe", "0 3 1 4", &best, NULL), 1, 0);
  assert_int_equal(best, 2);
  /* Then x wastes a move in a corner: o wins, at once on 5 or by the
   * double threat of 2 (the lowest winning action is reported). */
  assert_near(solve("tic_tac_toe", "0 3 1 4 8", &best, NULL), -1, 0);
  assert_int_equal(best, 2);
  /* x in the centre, o on an edge: x forces a win. */
  assert_near(solve("tic_tac_toe", "4 1", &best, NULL), 1, 0);
  /* x in a corner, o in the centre: a draw with best play. */
  assert_near(solve("tic_tac_toe", "0 4", NULL, NULL), 0, 0);
}

/* A perfect-information game with chance, from a Gambit file: a fair coin,
 * then player 1 picks 1 or 3 after heads, player 2 picks -2 or 0 (for
 * player 1) after tails. Expectiminimax: (3 + -2) / 2. */
static void
test_minimax_expectation_at_chance(void **unused)
{
  static const char efg[] =
    "EFG 2 R \"coin\" { \"P1\" \"P2\" }\n\"\"\n\n"
    "c \"\" 1 \"\" { \"heads\" 1/2 \"tails\" 1/2 } 0\n"
    "p \"\" 1 1 \"\" { \"low\" \"high\" } 0\n"
    "t \"\" 1 \"\" { 1, -1 }\n"
    "t \"\" 2 \"\" { 3, -3 }\n"
    "p \"\" 2 1 \"\" { \"low\" \"high\" } 0\n"
    "t \"\" 3 \"\" { -2, 2 }\n"
    "t \"\" 4 \"\" { 0, 0 }\n";
  g_autofree char *path = test_temp_path("coin.efg");
  assert_true(g_file_set_contents(path, efg, -1, NULL));
  g_autofree char *game_string = g_strdup_printf("efg_game(filename=\"%s\")", path);
  assert_near(solve(game_string, "", NULL, NULL), 0.5, 1e-12);
  AgonAction best = -1;
  assert_near(solve(game_string, "0", &best, NULL), 3, 0);
  assert_int_equal(best, 1);
  assert_near(solve(game_string, "1", &best, NULL), -2, 0);
  assert_int_equal(best, 0);
  g_unlink(path);
}

/* Depth-limited: the heuristic is asked exactly where the depth runs out. */
static double
count_calls(const AgonState *state, gpointer user_data)
{
  (*(int *) user_data)++;
  return 0;
}

static void
test_minimax_depth_limit(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  int calls = 0;
  AgonMinimaxOptions options = { .depth = 2, .heuristic = count_calls, .user_data = &calls };
  double value = 1;
  assert_true(agon_minimax_search(state, &options, &value, NULL, NULL, NULL));
  assert_near(value, 0, 0);
  /* 7 replies to each of 7 moves, minus what alpha-beta prunes. */
  assert_true(calls >= 7 && calls <= 49);
  /* A win in one is found at depth 1: x has three in the bottom row. */
  g_autoptr(AgonState) threat = test_replay(game, "0 0 1 1 2 2");
  AgonAction best = -1;
  options.depth = 1;
  assert_true(agon_minimax_search(threat, &options, &value, &best, NULL, NULL));
  assert_near(value, 1, 0);
  assert_int_equal(best, 3);
}

static void
test_minimax_refusals(void **unused)
{
  const char *games[] = { "kuhn_poker", "matrix_rps", "goofspiel(num_cards=3)",
                          "matrix_pd" };
  for (gsize i = 0; i < G_N_ELEMENTS(games); i++) {
    g_autoptr(AgonGame) game = test_game_new(games[i]);
    g_autoptr(AgonState) state = agon_state_new_initial(game);
    g_autoptr(GError) error = NULL;
    double value;
    assert_false(agon_minimax_search(state, &unlimited, &value, NULL, NULL, &error));
    assert_int_equal(error->code, AGON_ERROR_UNSUPPORTED);
  }
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autoptr(GError) error = NULL;
  AgonMinimaxOptions limited = { .depth = 3 };
  double value;
  assert_false(agon_minimax_search(state, &limited, &value, NULL, NULL, &error));
  assert_non_null(strstr(error->message, "heuristic"));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_minimax_tic_tac_toe_is_a_draw),
    cmocka_unit_test(test_minimax_tic_tac_toe_positions),
    cmocka_unit_test(test_minimax_expectation_at_chance),
    cmocka_unit_test(test_minimax_depth_limit),
    cmocka_unit_test(test_minimax_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
