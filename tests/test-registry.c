/* agon: the game registry: every class complete, names unique. */
#include "testutil.h"

static void
test_registry_classes_complete(void **unused)
{
  g_autoptr(GHashTable) names = g_hash_table_new(g_str_hash, g_str_equal);
  for (const AgonGameClass *const *k = agon__game_classes; *k; k++) {
    const AgonGameClass *c = *k;
    const AgonGameType *t = &c->type;
    assert_non_null(t->short_name);
    assert_non_null(t->long_name);
    if (!g_hash_table_add(names, (gpointer) t->short_name))
      fail_msg("%s is registered twice", t->short_name);
    assert_non_null(c->params);
    assert_non_null(c->init);
    assert_non_null(c->initial);
    assert_non_null(c->current_player);
    assert_non_null(c->legal_actions);
    assert_non_null(c->apply);
    assert_non_null(c->returns);
    assert_non_null(c->action_to_string);
    assert_true(t->min_players >= 1 && t->min_players <= t->max_players);
    if (t->chance_mode == AGON_CHANCE_EXPLICIT_STOCHASTIC && c->chance_outcomes == NULL)
      fail_msg("%s has explicit chance but no chance_outcomes", t->short_name);
    if (t->dynamics == AGON_DYNAMICS_SIMULTANEOUS && c->apply_joint == NULL)
      fail_msg("%s is simultaneous but has no apply_joint", t->short_name);
    assert_int_equal(t->provides_information_state_string,
                     c->information_state_string != NULL);
    assert_int_equal(t->provides_information_state_tensor,
                     c->information_state_tensor != NULL);
    assert_int_equal(t->provides_observation_string, c->observation_string != NULL);
    assert_int_equal(t->provides_observation_tensor, c->observation_tensor != NULL);
    for (const AgonParamSpec *s = c->params; s->name; s++)
      assert_non_null(s->description);
  }
}

static void
test_registry_lookup(void **unused)
{
  int n = 0;
  for (const char *const *name = agon_game_list_names(); *name; name++, n++)
    assert_non_null(agon_game_lookup_type(*name));
  assert_true(n >= 1);
  assert_null(agon_game_lookup_type("no_such_game"));
  test_assert_game_error("no_such_game", AGON_ERROR_UNKNOWN_NAME, "unknown game 'no_such_game'");
  test_assert_game_error("kuhn_poker(", AGON_ERROR_PARSE, "kuhn_poker(");
}

static void
test_registry_state_helpers(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  agon_state_apply(state, 2);
  g_autoptr(AgonState) clone = agon_state_clone(state);
  int length = 0;
  const AgonAction *history = agon_state_get_history(clone, &length);
  assert_int_equal(length, 1);
  assert_int_equal(history[0], 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) bad = agon_state_deserialize(game, "2 2", &error);
  assert_null(bad);
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  assert_non_null(strstr(error->message, "entry 2"));
  g_clear_error(&error);
  g_autoptr(AgonState) junk = agon_state_deserialize(game, "2 x", &error);
  assert_null(junk);
  assert_int_equal(error->code, AGON_ERROR_PARSE);
  AgonAction a = agon_state_string_to_action(state, AGON_PLAYER_INVALID, "Deal:7", NULL);
  assert_int_equal(a, -1);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_registry_classes_complete),
    cmocka_unit_test(test_registry_lookup),
    cmocka_unit_test(test_registry_state_helpers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
