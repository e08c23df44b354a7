/* agon: helpers shared by the test programs. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "games/games-private.h"

/* Creates @game_string, failing the test with the error message if it
 * does not load. */
AgonGame *test_game_new(const char *game_string);

/* Fails unless |a - b| <= tol, printing both values. */
#define assert_near(a, b, tol) test_assert_near((a), (b), (tol), #a, __FILE__, __LINE__)
void test_assert_near(double a, double b, double tol, const char *expr, const char *file,
                      int line);

/* Fails unless creating @game_string fails with @code and a message
 * containing @fragment. */
void test_assert_game_error(const char *game_string, int code, const char *fragment);

/* Plays uniformly random actions (chance by its probabilities, joint
 * actions at simultaneous nodes) from @state to the end. */
void test_random_playout(AgonState *state, AgonRng *rng);

/* One random step from a non-terminal @state. */
void test_random_step(AgonState *state, AgonRng *rng);

/* Counts of a full traversal of a finite game with explicit chance. */
typedef struct {
  guint64 histories; /* every state, terminal and chance ones included */
  guint64 terminals;
  guint64 *infosets; /* distinct information-state strings per player */
} TestTreeCounts;

void test_count_tree(AgonGame *game, TestTreeCounts *counts);
void test_tree_counts_clear(TestTreeCounts *counts);

/* Appends everything observable about @state to @out, as text: player,
 * legal actions with names (overall and per player), information states
 * and observations (strings and tensors) of every player, returns,
 * rewards, history and the state's picture. */
void test_describe_state(const AgonState *state, GString *out);

/* The path of a file under tests/data. Free with g_free(). */
char *test_data_path(const char *name);

/* Shorthands that fail the test with the error message on failure. */
AgonTree *test_tree_new(const char *game_string);
AgonSolver *test_solver_new(AgonTree *tree, const char *spec);
/* A heap state after the serialized @history. */
AgonState *test_replay(AgonGame *game, const char *history);

void test_assert_infostate(const AgonState *state, int player, const char *expected);
void test_assert_observation(const AgonState *state, int player, const char *expected);
/* Returns within 1e-12 of @expected, num_players of them. */
void test_assert_returns(const AgonState *state, const double *expected);
/* New strings: the observation of @player; the legal actions' names,
 * space-separated. Free with g_free(). */
char *test_observation(const AgonState *state, int player);
char *test_legal_names(const AgonState *state);

/* @game_string with "@DATA@/" replaced by the test data directory. */
char *test_with_data_dir(const char *game_string);
/* A path in the temporary directory unique to this process. */
char *test_temp_path(const char *name);
/* Runs the agon program ($AGON_BIN) with @args, a shell fragment, and
 * returns its exit status (-1 when a signal ended it), its output in new
 * strings @out and @err. */
int test_run_agon(const char *args, char **out, char **err);
/* Fails unless solvers @a and @b have the same spec, iteration, state
 * arrays and section, bit for bit, and play the same average and current
 * policies. */
void test_assert_same_solver_state(AgonSolver *a, AgonSolver *b);
/* Fails unless @n iterations of @spec on @game_string, a checkpoint, a
 * load into a fresh tree and @m more end in the state of @n + @m
 * iterations run straight. */
void test_check_resume(const char *game_string, const char *spec, gint64 n, gint64 m);
/* Fails unless creating solver @spec on @tree fails with error @code. */
void test_assert_solver_error(AgonTree *tree, const char *spec, int code);
