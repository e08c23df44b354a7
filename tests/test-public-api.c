/* agon: a program that uses only the installed header and the shared
 * library, as a user's would: every function it calls must be exported,
 * and the header must compile on its own. */
#include <agon/agon.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

static void
test_public_random_playout(void **unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new("kuhn_poker(players=3)", &error);
  assert_non_null(game);
  g_autofree void *buf = g_malloc(agon_game_get_state_size(game));
  AgonState *state = agon_state_init_initial(game, buf);
  AgonAction actions[agon_game_get_max_actions(game)];
  AgonRng rng;
  agon_rng_init(&rng, 1);
  while (!agon_state_is_terminal(state)) {
    if (agon_state_is_chance_node(state)) {
      agon_state_apply(state, agon_state_sample_chance(state, &rng));
    } else {
      int n = agon_state_legal_actions(state, actions);
      agon_state_apply(state, actions[agon_rng_below(&rng, (guint32) n)]);
    }
  }
  double returns[3];
  agon_state_returns(state, returns);
  assert_true(returns[0] + returns[1] + returns[2] == 0);
  g_autofree char *text = agon_state_serialize(state);
  g_autoptr(AgonState) again = agon_state_deserialize(game, text, &error);
  assert_non_null(again);
  g_autoptr(AgonGameCounts) counts = agon_game_count_histories(game, 0, &error);
  assert_non_null(counts);
}

static void
test_public_errors(void **unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new("leduc_poker(players=11)", &error);
  assert_null(game);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_public_random_playout),
    cmocka_unit_test(test_public_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
