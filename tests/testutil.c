/* agon: helpers shared by the test programs. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>

AgonGame *
test_game_new(const char *game_string)
{
  g_autoptr(GError) error = NULL;
  AgonGame *game = agon_game_new(game_string, &error);
  if (game == NULL)
    fail_msg("%s", error->message);
  return game;
}

void
test_assert_near(double a, double b, double tol, const char *expr, const char *file, int line)
{
  if (!(fabs(a - b) <= tol)) {
    fail_msg("%s:%d: %s = %.12g, expected %.12g within %g", file, line, expr, a, b, tol);
  }
}

void
test_assert_game_error(const char *game_string, int code, const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  if (game != NULL)
    fail_msg("%s: expected an error", game_string);
  assert_non_null(error);
  if (error->code != code || strstr(error->message, fragment) == NULL)
    fail_msg("%s: got error %d '%s', expected %d containing '%s'", game_string, error->code,
             error->message, code, fragment);
}

void
test_random_step(AgonState *state, AgonRng *rng)
{
  const AgonGame *game = agon_state_get_game(state);
  int n_players = agon_game_get_num_players(game);
  AgonAction actions[agon_game_get_max_actions(game)];
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_CHANCE) {
    agon_state_apply(state, agon_state_sample_chance(state, rng));
  } else if (player == AGON_PLAYER_SIMULTANEOUS) {
    AgonAction joint[n_players];
    for (int p = 0; p < n_players; p++) {
      int n = agon_state_player_legal_actions(state, p, actions);
      assert_true(n > 0);
      joint[p] = actions[agon_rng_below(rng, n)];
    }
    agon_state_apply_joint(state, joint);
  } else {
    int n = agon_state_legal_actions(state, actions);
    assert_true(n > 0);
    agon_state_apply(state, actions[agon_rng_below(rng, n)]);
  }
}

void
test_random_playout(AgonState *state, AgonRng *rng)
{
  while (!agon_state_is_terminal(state))
    test_random_step(state, rng);
}

static void
count_rec(const AgonState *state, TestTreeCounts *counts, GHashTable **seen, void *buf)
{
  const AgonGame *game = agon_state_get_game(state);
  int n_players = agon_game_get_num_players(game);
  gsize size = agon_game_get_state_size(game);
  counts->histories++;
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_TERMINAL) {
    counts->terminals++;
    return;
  }
  if (player >= 0) {
    char *key = agon_state_information_state(state, player);
    g_hash_table_add(seen[player], key);
  }
  AgonState *child = buf;
  void *next_buf = (char *) buf + size;
  AgonAction actions[agon_game_get_max_actions(game)];
  if (player == AGON_PLAYER_SIMULTANEOUS) {
    /* Enumerate every joint action. */
    int counts_per[n_players];
    AgonAction lists[n_players][agon_game_get_max_actions(game)];
    for (int p = 0; p < n_players; p++)
      counts_per[p] = agon_state_player_legal_actions(state, p, lists[p]);
    int index[n_players];
    memset(index, 0, sizeof index);
    for (;;) {
      AgonAction joint[n_players];
      for (int p = 0; p < n_players; p++)
        joint[p] = lists[p][index[p]];
      agon_state_copy(child, state);
      agon_state_apply_joint(child, joint);
      count_rec(child, counts, seen, next_buf);
      int p = n_players - 1;
      while (p >= 0 && ++index[p] == counts_per[p])
        index[p--] = 0;
      if (p < 0)
        break;
    }
    return;
  }
  int n = agon_state_legal_actions(state, actions);
  for (int i = 0; i < n; i++) {
    agon_state_copy(child, state);
    agon_state_apply(child, actions[i]);
    count_rec(child, counts, seen, next_buf);
  }
}

void
test_count_tree(AgonGame *game, TestTreeCounts *counts)
{
  int n_players = agon_game_get_num_players(game);
  memset(counts, 0, sizeof *counts);
  counts->infosets = g_new0(guint64, n_players);
  GHashTable *seen[n_players];
  for (int p = 0; p < n_players; p++)
    seen[p] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  gsize size = agon_game_get_state_size(game);
  int depth = agon_game_get_max_history_length(game) + 2;
  g_autofree void *buf = g_malloc0(size * (gsize) depth);
  AgonState *root = agon_state_init_initial(game, buf);
  count_rec(root, counts, seen, (char *) buf + size);
  for (int p = 0; p < n_players; p++) {
    counts->infosets[p] = g_hash_table_size(seen[p]);
    g_hash_table_destroy(seen[p]);
  }
}

void
test_tree_counts_clear(TestTreeCounts *counts)
{
  g_clear_pointer(&counts->infosets, g_free);
}

char *
test_data_path(const char *name)
{
  const char *dir = g_getenv("AGON_TEST_DATA");
  return g_build_filename(dir ? dir : "tests/data", name, NULL);
}
