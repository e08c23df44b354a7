/* agon: helpers shared by the test programs. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>

#include <math.h>
#include <stdio.h>
#include <unistd.h>

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

void
test_count_tree(AgonGame *game, TestTreeCounts *counts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGameCounts) found = agon_game_count_histories(game, 0, &error);
  if (found == NULL)
    fail_msg("%s", error->message);
  counts->histories = found->histories;
  counts->terminals = found->terminals;
  counts->infosets = g_memdup2(found->infosets, sizeof(guint64) * (gsize) found->num_players);
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

/* Everything observable about a state, as text, for comparisons. */
void
test_describe_state(const AgonState *state, GString *out)
{
  const AgonGame *game = agon_state_get_game(state);
  const AgonGameType *type = agon_game_get_type(game);
  int n_players = agon_game_get_num_players(game);
  AgonAction actions[agon_game_get_max_actions(game)];
  double values[n_players];
  int player = agon_state_current_player(state);
  g_string_append_printf(out, "player %d move %d\n", player, agon_state_move_number(state));
  for (int p = -1; p < n_players; p++) {
    int n = p < 0 ? agon_state_legal_actions(state, actions)
                  : agon_state_player_legal_actions(state, p, actions);
    g_string_append_printf(out, "legal(%d):", p);
    for (int i = 0; i < n; i++) {
      g_string_append_printf(out, " %d=", actions[i]);
      agon_state_action_to_string(state, p < 0 ? player : p, actions[i], out);
    }
    g_string_append_c(out, '\n');
  }
  for (int p = 0; p < n_players; p++) {
    if (type->provides_information_state_string) {
      g_string_append_printf(out, "info(%d): ", p);
      agon_state_information_state_string(state, p, out);
      g_string_append_c(out, '\n');
    }
    if (type->provides_observation_string) {
      g_string_append_printf(out, "obs(%d): ", p);
      agon_state_observation_string(state, p, out);
      g_string_append_c(out, '\n');
    }
    gsize size = agon_game_get_information_state_tensor_size(game);
    if (type->provides_information_state_tensor && size > 0) {
      g_autofree float *t = g_new(float, size);
      agon_state_information_state_tensor(state, p, t);
      g_string_append_printf(out, "infot(%d):", p);
      for (gsize i = 0; i < size; i++)
        g_string_append_printf(out, " %g", t[i]);
      g_string_append_c(out, '\n');
    }
    size = agon_game_get_observation_tensor_size(game);
    if (type->provides_observation_tensor && size > 0) {
      g_autofree float *t = g_new(float, size);
      agon_state_observation_tensor(state, p, t);
      g_string_append_printf(out, "obst(%d):", p);
      for (gsize i = 0; i < size; i++)
        g_string_append_printf(out, " %g", t[i]);
      g_string_append_c(out, '\n');
    }
  }
  agon_state_returns(state, values);
  g_string_append(out, "returns:");
  for (int p = 0; p < n_players; p++)
    g_string_append_printf(out, " %.17g", values[p]);
  agon_state_rewards(state, values);
  g_string_append(out, "\nrewards:");
  for (int p = 0; p < n_players; p++)
    g_string_append_printf(out, " %.17g", values[p]);
  g_autofree char *history = agon_state_serialize(state);
  g_string_append_printf(out, "\nhistory: %s\n", history);
  agon_state_to_string(state, out);
}

AgonTree *
test_tree_new(const char *game_string)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  g_autoptr(GError) error = NULL;
  AgonTree *tree = agon_tree_new(game, 0, &error);
  if (tree == NULL)
    fail_msg("%s: %s", game_string, error->message);
  return tree;
}

AgonSolver *
test_solver_new(AgonTree *tree, const char *spec)
{
  g_autoptr(GError) error = NULL;
  AgonSolver *solver = agon_solver_new(tree, spec, &error);
  if (solver == NULL)
    fail_msg("%s: %s", spec, error->message);
  return solver;
}

AgonState *
test_replay(AgonGame *game, const char *history)
{
  g_autoptr(GError) error = NULL;
  AgonState *state = agon_state_deserialize(game, history, &error);
  if (state == NULL)
    fail_msg("%s: '%s': %s", agon_game_get_string(game), history, error->message);
  return state;
}

void
test_assert_infostate(const AgonState *state, int player, const char *expected)
{
  g_autofree char *info = agon_state_information_state(state, player);
  assert_string_equal(info, expected);
}

char *
test_observation(const AgonState *state, int player)
{
  g_autoptr(GString) out = g_string_new(NULL);
  agon_state_observation_string(state, player, out);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

void
test_assert_observation(const AgonState *state, int player, const char *expected)
{
  g_autofree char *obs = test_observation(state, player);
  assert_string_equal(obs, expected);
}

void
test_assert_returns(const AgonState *state, const double *expected)
{
  int n = agon_game_get_num_players(agon_state_get_game(state));
  double returns[n];
  agon_state_returns(state, returns);
  for (int p = 0; p < n; p++)
    assert_near(returns[p], expected[p], 1e-12);
}

char *
test_legal_names(const AgonState *state)
{
  AgonAction actions[agon_game_get_max_actions(agon_state_get_game(state))];
  int n = agon_state_legal_actions(state, actions);
  g_autoptr(GString) out = g_string_new(NULL);
  for (int i = 0; i < n; i++) {
    if (i)
      g_string_append_c(out, ' ');
    agon_state_action_to_string(state, agon_state_current_player(state), actions[i], out);
  }
  return g_string_free(g_steal_pointer(&out), FALSE);
}

char *
test_with_data_dir(const char *game_string)
{
  const char *at = strstr(game_string, "@DATA@/");
  if (at == NULL)
    return g_strdup(game_string);
  g_autofree char *head = g_strndup(game_string, (gsize) (at - game_string));
  g_autofree char *tail = test_data_path(at + strlen("@DATA@/"));
  return g_strconcat(head, tail, NULL);
}

char *
test_temp_path(const char *name)
{
  g_autofree char *file = g_strdup_printf("%d-%s", (int) getpid(), name);
  return g_build_filename(g_get_tmp_dir(), file, NULL);
}

int
test_run_agon(const char *args, char **out, char **err)
{
  const char *bin = g_getenv("AGON_BIN");
  assert_non_null(bin);
  g_autofree char *command = g_strdup_printf("'%s' %s", bin, args);
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  int wait_status = 0;
  g_autoptr(GError) error = NULL;
  if (!g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                    &wait_status, &error))
    fail_msg("%s", error->message);
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

/* The whole state of two solvers, array by array, and what they play. */
void
test_assert_same_solver_state(AgonSolver *a, AgonSolver *b)
{
  assert_string_equal(agon_solver_get_spec(a), agon_solver_get_spec(b));
  assert_int_equal(agon_solver_get_iteration(a), agon_solver_get_iteration(b));
  AgonSolverArray xs[AGON_SOLVER_MAX_ARRAYS], ys[AGON_SOLVER_MAX_ARRAYS];
  int n = a->klass->state_arrays(a, xs);
  assert_int_equal(b->klass->state_arrays(b, ys), n);
  for (int i = 0; i < n; i++) {
    assert_string_equal(xs[i].name, ys[i].name);
    assert_int_equal(xs[i].length, ys[i].length);
    assert_memory_equal(xs[i].data, ys[i].data, xs[i].length * 8);
  }
  /* A solver's section (MCCFR's table) byte for byte: keys, actions, and
   * every regret and strategy sum's bits, in the order met. */
  if (a->klass->save_section) {
    g_autoptr(GByteArray) sa = g_byte_array_new(), sb = g_byte_array_new();
    a->klass->save_section(a, sa);
    b->klass->save_section(b, sb);
    assert_int_equal(sa->len, sb->len);
    assert_memory_equal(sa->data, sb->data, sa->len);
  }
  if (agon_solver_get_tree(a) == NULL || agon_solver_get_tree(b) == NULL)
    return;
  gsize slots = (gsize) agon_tree_get_num_slots(agon_solver_get_tree(a));
  g_autofree double *pa = g_new(double, slots), *pb = g_new(double, slots);
  agon_solver_get_average_probs(a, pa);
  agon_solver_get_average_probs(b, pb);
  assert_memory_equal(pa, pb, slots * sizeof(double));
  agon_solver_get_current_probs(a, pa);
  agon_solver_get_current_probs(b, pb);
  assert_memory_equal(pa, pb, slots * sizeof(double));
}

/* N iterations, save, load into a fresh tree of the same game, M more:
 * the same state as N + M uninterrupted, bit for bit. */
void
test_check_resume(const char *game_string, const char *spec, gint64 n, gint64 m)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  g_autoptr(AgonSolver) straight = test_solver_new(tree, spec);
  agon_solver_iterate(straight, n + m);

  g_autoptr(AgonSolver) first = test_solver_new(tree, spec);
  agon_solver_iterate(first, n);
  g_autofree char *path = test_temp_path("agon-test-checkpoint.bin");
  g_autoptr(GError) error = NULL;
  if (!agon_solver_save(first, path, &error))
    fail_msg("%s", error->message);
  /* A fresh tree of the same game is as good as the first. */
  g_autoptr(AgonTree) again = test_tree_new(game_string);
  g_autoptr(AgonSolver) resumed = agon_solver_load(again, path, &error);
  if (resumed == NULL)
    fail_msg("%s", error->message);
  assert_string_equal(agon_solver_get_name(resumed), agon_solver_get_name(first));
  assert_int_equal(agon_solver_get_iteration(resumed), n);
  test_assert_same_solver_state(resumed, first);
  agon_solver_iterate(resumed, m);
  test_assert_same_solver_state(resumed, straight);
  g_remove(path);
}

void
test_assert_solver_error(AgonTree *tree, const char *spec, int code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonSolver) s = agon_solver_new(tree, spec, &error);
  assert_null(s);
  if (error->code != code)
    fail_msg("%s: error %d (%s), expected %d", spec, error->code, error->message, code);
}
