/* agon: solver checkpoints (solvers/checkpoint.c).
 *
 * N iterations, save, load, M more must equal N + M uninterrupted, bit for
 * bit, for every solver; a checkpoint must come back as the same solver on
 * the same game; and no damaged, truncated or foreign file may load or
 * crash. */
#include "testutil.h"

#include "solvers/solvers-private.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <unistd.h>

static void
test_checkpoint_resume_kuhn(void **unused)
{
  const char *specs[] = { "cfr", "cfr+", "lcfr", "dcfr", "dcfr(alpha=2,beta=0.5,gamma=1)",
                          "pcfr+" };
  for (gsize s = 0; s < G_N_ELEMENTS(specs); s++) {
    test_check_resume("kuhn_poker", specs[s], 17, 23);
    test_check_resume("kuhn_poker(players=3)", specs[s], 5, 6);
  }
}

static void
test_checkpoint_resume_leduc(void **unused)
{
  test_check_resume("leduc_poker", "cfr+", 20, 30);
  test_check_resume("leduc_poker", "pcfr+", 20, 30);
}

/* Without perfect recall the passes walk the histories. */
static void
test_checkpoint_resume_goofspiel(void **unused)
{
  test_check_resume("goofspiel(num_cards=4)", "cfr", 3, 4);
  test_check_resume("goofspiel(num_cards=4)", "dcfr", 3, 4);
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

#define SCRATCH "agon-test-checkpoint-bytes.bin"

/* Loads @length bytes of @data as a checkpoint on @tree, or on @game alone
 * when @tree is NULL. */
static AgonSolver *
load_bytes(AgonTree *tree, AgonGame *game, const guint8 *data, gsize length, GError **error)
{
  /* One file, truncated and rewritten (no fsync, no unlink: this runs
   * once per byte of a checkpoint), removed by remove_scratch(). */
  g_autofree char *path = test_temp_path(SCRATCH);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, length, f), length);
  assert_int_equal(fclose(f), 0);
  AgonSolver *solver = tree ? agon_solver_load(tree, path, error)
                            : agon_solver_load_for_game(game, path, error);
  /* Reading the header alone must not crash either. */
  g_autofree char *spec = NULL;
  (void) agon_solver_read_checkpoint_info(path, &spec, NULL, NULL, NULL);
  return solver;
}

static int
remove_scratch(void **unused)
{
  g_autofree char *path = test_temp_path(SCRATCH);
  g_remove(path);
  return 0;
}

/* Loads @length bytes of @data as a checkpoint on @tree, or on @game alone
 * when @tree is NULL; expects AGON_ERROR_BAD_FILE mentioning @fragment
 * (when not NULL). */
static void
assert_bad_on(AgonTree *tree, AgonGame *game, const guint8 *data, gsize length,
              const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonSolver) solver = load_bytes(tree, game, data, length, &error);
  if (solver != NULL)
    fail_msg("%zu bytes loaded", length);
  if (!g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE))
    fail_msg("%zu bytes: error %d '%s'", length, error->code, error->message);
  if (fragment != NULL && strstr(error->message, fragment) == NULL)
    fail_msg("'%s' does not say '%s'", error->message, fragment);
}

/* Loads @length bytes of @data as a checkpoint on @tree; expects
 * AGON_ERROR_BAD_FILE mentioning @fragment (when not NULL). */
static void
assert_bad(AgonTree *tree, const guint8 *data, gsize length, const char *fragment)
{
  assert_bad_on(tree, NULL, data, length, fragment);
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
  copy[8] = 3; /* the version */
  assert_bad(tree, copy, length, "version 3");

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

/* ---- MCCFR: a table that grows, and solvers without a tree -------------- */

/* @spec on @tree, or on @game alone when @tree is NULL. */
static AgonSolver *
mccfr_new(AgonTree *tree, AgonGame *game, const char *spec)
{
  if (tree)
    return test_solver_new(tree, spec);
  g_autoptr(GError) error = NULL;
  AgonSolver *solver = agon_solver_new_for_game(game, spec, &error);
  if (solver == NULL)
    fail_msg("%s: %s", spec, error->message);
  return solver;
}

static AgonSolver *
load_or_fail(AgonTree *tree, AgonGame *game, const char *path)
{
  g_autoptr(GError) error = NULL;
  AgonSolver *solver = tree ? agon_solver_load(tree, path, &error)
                            : agon_solver_load_for_game(game, path, &error);
  if (solver == NULL)
    fail_msg("%s", error->message);
  return solver;
}

/* N iterations, save, load, M more equals N + M straight: the random state,
 * and the table to the last bit (test_assert_same_solver_state() compares the
 * sections). The resumed solver starts with an empty history cache, so
 * this also checks that the cache changes no result. With @on_tree the
 * checkpoint is made on a tree and loaded both on a fresh tree and on the
 * game alone; else made and loaded on the game alone. */
static void
check_mccfr_resume(const char *game_string, const char *spec, gint64 n, gint64 m,
                   gboolean on_tree)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  g_autoptr(AgonTree) tree = on_tree ? test_tree_new(game_string) : NULL;
  g_autoptr(AgonSolver) straight = mccfr_new(tree, game, spec);
  agon_solver_iterate(straight, n + m);

  g_autoptr(AgonSolver) first = mccfr_new(tree, game, spec);
  agon_solver_iterate(first, n);
  g_autofree char *path = test_temp_path("agon-test-checkpoint-mccfr.bin");
  g_autoptr(GError) error = NULL;
  if (!agon_solver_save(first, path, &error))
    fail_msg("%s", error->message);
  g_autofree char *saved_spec = NULL, *saved_game = NULL;
  gint64 iteration = -1;
  assert_true(agon_solver_read_checkpoint_info(path, &saved_spec, &saved_game, &iteration,
                                               &error));
  assert_string_equal(saved_spec, agon_solver_get_spec(first));
  g_autofree char *canonical = agon__game_canonical_string(game);
  assert_string_equal(saved_game, canonical);
  assert_int_equal(iteration, n);

  g_autoptr(AgonGame) game2 = test_game_new(game_string);
  g_autoptr(AgonTree) tree2 = on_tree ? test_tree_new(game_string) : NULL;
  AgonSolver *resumed[2] = { load_or_fail(tree2, game2, path),
                             on_tree ? load_or_fail(NULL, game2, path) : NULL };
  for (int i = 0; i < 2 && resumed[i]; i++) {
    assert_true(agon_solver_get_tree(resumed[i]) == (i == 0 ? tree2 : NULL));
    assert_true(n == 0 || agon__mccfr_get_num_infosets(resumed[i]) > 0);
    assert_int_equal(agon__mccfr_get_num_infosets(resumed[i]),
                     agon__mccfr_get_num_infosets(first));
    test_assert_same_solver_state(resumed[i], first);
    agon_solver_iterate(resumed[i], m);
    test_assert_same_solver_state(resumed[i], straight);
    g_autofree char *a = agon_solver_get_average_policy_json(resumed[i]);
    g_autofree char *b = agon_solver_get_average_policy_json(straight);
    assert_string_equal(a, b);
    agon_solver_free(resumed[i]);
  }
  g_remove(path);
}

static void
test_checkpoint_mccfr_resume(void **unused)
{
  static const char *const specs[] = { "es-mccfr(seed=3)", "os-mccfr(epsilon=0.4,seed=3)" };
  for (gsize s = 0; s < G_N_ELEMENTS(specs); s++) {
    check_mccfr_resume("kuhn_poker", specs[s], 17, 23, TRUE);
    check_mccfr_resume("kuhn_poker(players=3)", specs[s], 5, 6, TRUE);
    check_mccfr_resume("kuhn_poker", specs[s], 1, 2, FALSE);
  }
  check_mccfr_resume("leduc_poker", "es-mccfr(seed=3)", 10, 15, TRUE);
  check_mccfr_resume("leduc_poker", "os-mccfr(seed=3)", 200, 300, TRUE);
  /* Too large to compile: on the game alone. */
  check_mccfr_resume("liars_dice(numdice=2)", "es-mccfr(seed=4)", 1, 2, FALSE);
  check_mccfr_resume("liars_dice(numdice=2)", "os-mccfr(seed=4)", 30, 40, FALSE);
}

/* Before any iteration the table is empty; that saves and loads too. */
static void
test_checkpoint_mccfr_empty(void **unused)
{
  check_mccfr_resume("kuhn_poker", "os-mccfr", 0, 5, TRUE);
}

static guint32
peek_u32(const guint8 *p)
{
  guint32 v;
  memcpy(&v, p, 4);
  return GUINT32_FROM_LE(v);
}

static void
poke_u32(guint8 *p, guint32 v)
{
  v = GUINT32_TO_LE(v);
  memcpy(p, &v, 4);
}

/* Where the solver's section of a version 2 checkpoint starts (its u32
 * count of entries), past the header, the arrays and the section's
 * length. */
static gsize
section_at(const guint8 *data)
{
  gsize at = 8 + 4;
  at += 4 + peek_u32(data + at); /* spec */
  at += 4 + peek_u32(data + at); /* game */
  at += 5 * 8;                   /* tree, iteration */
  guint32 arrays = peek_u32(data + at);
  at += 4;
  for (guint32 i = 0; i < arrays; i++) {
    at += 4 + peek_u32(data + at) + 4; /* name, type */
    guint64 length;
    memcpy(&length, data + at, 8);
    at += 8 + 8 * GUINT64_FROM_LE(length);
  }
  return at + 8;
}

/* A checkpoint of os-mccfr after 4 iterations on Kuhn, as bytes: made on
 * a tree or on the game alone. */
static GBytes *
mccfr_checkpoint(gboolean on_tree)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  g_autoptr(AgonTree) tree = on_tree ? test_tree_new("kuhn_poker") : NULL;
  g_autoptr(AgonSolver) solver = mccfr_new(tree, game, "os-mccfr(seed=2)");
  agon_solver_iterate(solver, 4);
  g_autofree char *path = test_temp_path("agon-test-checkpoint-mccfr-good.bin");
  assert_true(agon_solver_save(solver, path, NULL));
  char *data;
  gsize length;
  assert_true(g_file_get_contents(path, &data, &length, NULL));
  g_remove(path);
  return g_bytes_new_take(data, length);
}

static void
test_checkpoint_mccfr_truncated(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  for (int on_tree = 0; on_tree < 2; on_tree++) {
    g_autoptr(GBytes) good = mccfr_checkpoint(on_tree);
    gsize length;
    const guint8 *data = g_bytes_get_data(good, &length);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonSolver) whole = load_bytes(tree, game, data, length, &error);
    assert_non_null(whole);
    for (gsize n = 0; n < length; n++)
      assert_bad_on(on_tree ? tree : NULL, game, data, n, NULL);
    assert_bad_on(NULL, game, data, length - 1, "truncated");
  }
}

/* Bytes damaged: the checksum refuses them (test_checkpoint_corrupt()
 * tries every byte of a version 1 file; a few here). Then every byte
 * damaged and the checksum made right again, so that the parser behind it
 * sees the damage: each load is refused with AGON_ERROR_BAD_FILE or gives
 * a solver that runs (a changed regret is still a number). */
static void
test_checkpoint_mccfr_corrupt(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  g_autoptr(GBytes) good = mccfr_checkpoint(FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data(good, &length);
  g_autofree guint8 *copy = g_memdup2(data, length);
  int refused = 0, loaded = 0;
  for (gsize i = 0; i < length; i++) {
    copy[i] ^= 0x5a;
    if (i % 8 == 0)
      assert_bad_on(NULL, game, copy, length, i < 12 ? NULL : "checksum");
    resign(copy, length);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonSolver) solver = load_bytes(NULL, game, copy, length, &error);
    if (solver != NULL) {
      agon_solver_iterate(solver, 3);
      loaded++;
    } else {
      if (!g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE))
        fail_msg("byte %zu: error %d '%s'", i, error->code, error->message);
      refused++;
    }
    memcpy(copy, data, length);
  }
  assert_true(refused > 0 && loaded > 0);
}

/* Edits behind a good checksum, each caught by name. */
static void
test_checkpoint_mccfr_section(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  g_autoptr(GBytes) good = mccfr_checkpoint(FALSE);
  gsize length;
  const guint8 *data = g_bytes_get_data(good, &length);
  gsize section = section_at(data);
  guint32 count = peek_u32(data + section);
  assert_true(count > 1);
  /* Entry 0: player, key length, key, actions n, n actions. */
  gsize player_at = section + 4, key_at = player_at + 8;
  gsize n_at = key_at + peek_u32(data + player_at + 4);
  guint32 n = peek_u32(data + n_at);
  assert_int_equal(n, 2); /* pass, bet */
  gsize actions_at = n_at + 4, entry_end = actions_at + n * (4 + 8 + 8);
  g_autofree guint8 *copy = g_memdup2(data, length);
  struct {
    gsize at;
    guint32 value;
    const char *fragment;
  } edits[] = {
    { section, count + 1, "truncated checkpoint" },
    { section, count - 1, "data after the solver's section" },
    { player_at, 2, "an information set of no player" },
    { n_at, 0, "wrong number of actions" },
    { n_at, 99, "wrong number of actions" },
    { actions_at, 2, "wrong actions" },      /* Kuhn has actions 0 and 1 */
    { actions_at + 4, 0, "wrong actions" },  /* 0, 0: not ascending */
    { 8, 1, "no section for the solver" }, /* version 1 */
  };
  for (gsize e = 0; e < G_N_ELEMENTS(edits); e++) {
    memcpy(copy, data, length);
    poke_u32(copy + edits[e].at, edits[e].value);
    resign(copy, length);
    assert_bad_on(NULL, game, copy, length, edits[e].fragment);
  }
  memcpy(copy, data, length);
  copy[key_at] = 0;
  resign(copy, length);
  assert_bad_on(NULL, game, copy, length, "NUL byte");

  /* Entry 0 again at the end of the table. */
  gsize entry = entry_end - player_at;
  g_autoptr(GByteArray) twice = g_byte_array_new();
  g_byte_array_append(twice, data, (guint) (length - 8));
  g_byte_array_append(twice, data + player_at, (guint) entry);
  g_byte_array_append(twice, data + length - 8, 8);
  poke_u32(twice->data + section, count + 1);
  guint64 section_length;
  memcpy(&section_length, twice->data + section - 8, 8);
  section_length = GUINT64_TO_LE(GUINT64_FROM_LE(section_length) + entry);
  memcpy(twice->data + section - 8, &section_length, 8);
  resign(twice->data, twice->len);
  assert_bad_on(NULL, game, twice->data, twice->len, "listed twice");

  /* A tree solver's checkpoint said to have a section. */
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(GBytes) cfr = kuhn_checkpoint();
  gsize cfr_length;
  const guint8 *cfr_data = g_bytes_get_data(cfr, &cfr_length);
  g_autofree guint8 *cfr_copy = g_memdup2(cfr_data, cfr_length);
  cfr_copy[8] = 2;
  resign(cfr_copy, cfr_length);
  assert_bad(tree, cfr_copy, cfr_length, "truncated");
}

/* Another game, another tree, a tree solver without its tree. */
static void
test_checkpoint_mccfr_foreign(void **unused)
{
  g_autoptr(GBytes) alone = mccfr_checkpoint(FALSE);
  g_autoptr(GBytes) on_tree = mccfr_checkpoint(TRUE);
  gsize length, tree_length;
  const guint8 *data = g_bytes_get_data(alone, &length);
  const guint8 *tree_data = g_bytes_get_data(on_tree, &tree_length);
  g_autoptr(AgonGame) leduc = test_game_new("leduc_poker");
  g_autoptr(AgonTree) three = test_tree_new("kuhn_poker(players=3)");
  assert_bad_on(NULL, leduc, data, length, "is for kuhn_poker(players=2), not leduc_poker");
  assert_bad_on(three, NULL, data, length, "not kuhn_poker(players=3)");
  assert_bad_on(NULL, leduc, tree_data, tree_length, "not leduc_poker(");

  /* Made on another compilation: refused on a tree, taken on the game
   * alone, where the table is all that counts. */
  g_autoptr(AgonGame) kuhn = test_game_new("kuhn_poker");
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autofree guint8 *copy = g_memdup2(tree_data, tree_length);
  gsize fingerprint_at = 8 + 4 + 4 + strlen("os-mccfr(epsilon=0.6,seed=2)") + 4
                         + strlen("kuhn_poker(players=2)");
  assert_memory_equal(copy + 8 + 4 + 4, "os-mccfr(epsilon=0.6,seed=2)", 28);
  copy[fingerprint_at] ^= 1;
  resign(copy, tree_length);
  assert_bad_on(tree, NULL, copy, tree_length, "different tree");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonSolver) loaded = load_bytes(NULL, kuhn, copy, tree_length, &error);
  assert_non_null(loaded);
  assert_null(agon_solver_get_tree(loaded));

  /* cfr+ needs its tree: the wrong call, not a bad file. */
  g_autoptr(GBytes) cfr = kuhn_checkpoint();
  gsize cfr_length;
  const guint8 *cfr_data = g_bytes_get_data(cfr, &cfr_length);
  g_autoptr(AgonSolver) none = load_bytes(NULL, kuhn, cfr_data, cfr_length, &error);
  assert_null(none);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED));
  assert_non_null(strstr(error->message, "agon_solver_load()"));
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
    cmocka_unit_test(test_checkpoint_mccfr_resume),
    cmocka_unit_test(test_checkpoint_mccfr_empty),
    cmocka_unit_test(test_checkpoint_mccfr_truncated),
    cmocka_unit_test(test_checkpoint_mccfr_corrupt),
    cmocka_unit_test(test_checkpoint_mccfr_section),
    cmocka_unit_test(test_checkpoint_mccfr_foreign),
  };
  return cmocka_run_group_tests(tests, NULL, remove_scratch);
}
