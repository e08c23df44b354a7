/* agon: solver checkpoints (solvers/checkpoint.c).
 *
 * N iterations, save, load, M more must equal N + M uninterrupted, bit for
 * bit, for every solver; a checkpoint must come back as the same solver on
 * the same game; and no damaged, truncated or foreign file may load or
 * crash. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>
#include <unistd.h>

/* A file name in the temporary directory, apart for each process. */
/* The whole state of two solvers, array by array, and what they play. */
static void
assert_same_state(AgonSolver *a, AgonSolver *b)
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
  gsize slots = (gsize) agon_tree_get_num_slots(agon_solver_get_tree(a));
  g_autofree double *pa = g_new(double, slots), *pb = g_new(double, slots);
  agon_solver_get_average_probs(a, pa);
  agon_solver_get_average_probs(b, pb);
  assert_memory_equal(pa, pb, slots * sizeof(double));
  agon_solver_get_current_probs(a, pa);
  agon_solver_get_current_probs(b, pb);
  assert_memory_equal(pa, pb, slots * sizeof(double));
}

static void
check_resume(const char *game_string, const char *spec, gint64 n, gint64 m)
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
  assert_same_state(resumed, first);
  agon_solver_iterate(resumed, m);
  assert_same_state(resumed, straight);
  g_remove(path);
}

static void
test_checkpoint_resume_kuhn(void **unused)
{
  const char *specs[] = { "cfr", "cfr+", "lcfr", "dcfr", "dcfr(alpha=2,beta=0.5,gamma=1)",
                          "pcfr+" };
  for (gsize s = 0; s < G_N_ELEMENTS(specs); s++) {
    check_resume("kuhn_poker", specs[s], 17, 23);
    check_resume("kuhn_poker(players=3)", specs[s], 5, 6);
  }
}

static void
test_checkpoint_resume_leduc(void **unused)
{
  check_resume("leduc_poker", "cfr+", 20, 30);
  check_resume("leduc_poker", "pcfr+", 20, 30);
}

/* Without perfect recall the passes walk the histories. */
static void
test_checkpoint_resume_goofspiel(void **unused)
{
  check_resume("goofspiel(num_cards=4)", "cfr", 3, 4);
  check_resume("goofspiel(num_cards=4)", "dcfr", 3, 4);
}

static void
test_checkpoint_info(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "dcfr(gamma=3)");
  agon_solver_iterate(solver, 12);
  g_autofree char *path = test_temp_path("agon-test-checkpoint-info.bin");
  assert_true(agon_solver_save(solver, path, NULL));
  g_autofree char *spec = NULL, *game = NULL;
  gint64 iteration = 0;
  g_autoptr(GError) error = NULL;
  assert_true(agon_solver_read_checkpoint_info(path, &spec, &game, &iteration, &error));
  assert_string_equal(spec, "dcfr(alpha=1.5,beta=0,gamma=3)");
  assert_string_equal(game, "kuhn_poker(players=2)");
  assert_int_equal(iteration, 12);
  assert_true(agon_solver_read_checkpoint_info(path, NULL, NULL, NULL, &error));
  g_remove(path);
}

/* A checkpoint of cfr+ after 9 iterations on Kuhn, as bytes. */
static GBytes *
kuhn_checkpoint(void)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "cfr+");
  agon_solver_iterate(solver, 9);
  g_autofree char *path = test_temp_path("agon-test-checkpoint-good.bin");
  assert_true(agon_solver_save(solver, path, NULL));
  char *data;
  gsize length;
  assert_true(g_file_get_contents(path, &data, &length, NULL));
  g_remove(path);
  return g_bytes_new_take(data, length);
}

/* Loads @length bytes of @data as a checkpoint on @tree; expects
 * AGON_ERROR_BAD_FILE mentioning @fragment (when not NULL). */
static void
assert_bad(AgonTree *tree, const guint8 *data, gsize length, const char *fragment)
{
  g_autofree char *path = test_temp_path("agon-test-checkpoint-bad.bin");
  /* No fsync: this runs once per byte of a checkpoint. */
  assert_true(g_file_set_contents_full(path, (const char *) data, (gssize) length,
                                       G_FILE_SET_CONTENTS_NONE, 0666, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonSolver) solver = agon_solver_load(tree, path, &error);
  if (solver != NULL)
    fail_msg("%zu bytes loaded", length);
  if (!g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE))
    fail_msg("%zu bytes: error %d '%s'", length, error->code, error->message);
  if (fragment != NULL && strstr(error->message, fragment) == NULL)
    fail_msg("'%s' does not say '%s'", error->message, fragment);
  /* Reading the header alone must not crash either. */
  g_autofree char *spec = NULL;
  (void) agon_solver_read_checkpoint_info(path, &spec, NULL, NULL, NULL);
  g_remove(path);
}

static void
test_checkpoint_truncated(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(GBytes) good = kuhn_checkpoint();
  gsize length;
  const guint8 *data = g_bytes_get_data(good, &length);
  for (gsize n = 0; n < length; n++)
    assert_bad(tree, data, n, NULL);
  assert_bad(tree, data, 5, "not an agon solver checkpoint");
  assert_bad(tree, data, length - 1, "truncated");
}

static void
test_checkpoint_corrupt(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(GBytes) good = kuhn_checkpoint();
  gsize length;
  const guint8 *data = g_bytes_get_data(good, &length);
  g_autofree guint8 *copy = g_memdup2(data, length);
  for (gsize i = 0; i < length; i++) {
    copy[i] ^= 0x5a;
    assert_bad(tree, copy, length, NULL);
    copy[i] ^= 0x5a;
  }
  /* Extra bytes at the end. */
  g_autofree guint8 *longer = g_malloc0(length + 3);
  memcpy(longer, data, length);
  assert_bad(tree, longer, length + 3, "checksum");
  const char *text = "not a checkpoint at all, just some text";
  assert_bad(tree, (const guint8 *) text, strlen(text), "not an agon solver checkpoint");
}

static guint8 *
find(guint8 *data, gsize length, const char *text)
{
  gsize n = strlen(text);
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp(data + i, text, n) == 0)
      return data + i;
  fail_msg("'%s' is not in the checkpoint", text);
  return NULL;
}

/* Rewrites the checksum after an edit, so that the checks behind it are
 * reached. */
static void
resign(guint8 *data, gsize length)
{
  guint64 h = G_GUINT64_CONSTANT(0xcbf29ce484222325);
  for (gsize i = 0; i < length - 8; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT(0x100000001b3);
  h = GUINT64_TO_LE(h);
  memcpy(data + length - 8, &h, 8);
}

static void
test_checkpoint_foreign(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonTree) three = test_tree_new("kuhn_poker(players=3)");
  g_autoptr(GBytes) good = kuhn_checkpoint();
  gsize length;
  const guint8 *data = g_bytes_get_data(good, &length);
  assert_bad(three, data, length, "is for kuhn_poker(players=2), not kuhn_poker(players=3)");

  /* Layout: magic, version, spec "cfr+", game string, fingerprint. */
  g_autofree guint8 *copy = g_memdup2(data, length);
  gsize spec_at = 8 + 4 + 4;
  assert_memory_equal(copy + spec_at, "cfr+", 4);
  copy[spec_at + 3] = 'x';
  resign(copy, length);
  assert_bad(tree, copy, length, "unknown solver 'cfrx'");

  memcpy(copy, data, length);
  gsize fingerprint_at = spec_at + strlen("cfr+") + 4 + strlen("kuhn_poker(players=2)");
  copy[fingerprint_at] ^= 1;
  resign(copy, length);
  assert_bad(tree, copy, length, "different tree");

  memcpy(copy, data, length);
  copy[8] = 2; /* the version */
  assert_bad(tree, copy, length, "version 2");

  /* An array's name, and its length. */
  memcpy(copy, data, length);
  guint8 *name = find(copy, length, "strategy_sum");
  name[0] = 'S';
  resign(copy, length);
  assert_bad(tree, copy, length, "'Strategy_sum'");
  memcpy(copy, data, length);
  name = find(copy, length, "strategy_sum");
  name[12 + 4] = 200; /* the low byte of its length */
  resign(copy, length);
  assert_bad(tree, copy, length, NULL);
}

static void
test_checkpoint_io_errors(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "cfr");
  g_autoptr(GError) error = NULL;
  assert_false(agon_solver_save(solver, "/nonexistent/agon/checkpoint", &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_FAILED));
  g_clear_error(&error);
  g_autoptr(AgonSolver) none = agon_solver_load(tree, "/nonexistent/agon/checkpoint", &error);
  assert_null(none);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_FAILED));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_checkpoint_resume_kuhn),
    cmocka_unit_test(test_checkpoint_resume_leduc),
    cmocka_unit_test(test_checkpoint_resume_goofspiel),
    cmocka_unit_test(test_checkpoint_info),
    cmocka_unit_test(test_checkpoint_truncated),
    cmocka_unit_test(test_checkpoint_corrupt),
    cmocka_unit_test(test_checkpoint_foreign),
    cmocka_unit_test(test_checkpoint_io_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
