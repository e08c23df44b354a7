/* agon: parameter strings: parsing, resolving against specs, writing back. */
#include "testutil.h"

#include <math.h>

static const AgonParamSpec specs[] = {
  { "players", AGON_PARAM_INT, "2", 2, 10, "number of players" },
  { "alpha", AGON_PARAM_DOUBLE, "1.5", 0, INFINITY, "discount" },
  { "wild", AGON_PARAM_BOOL, "true", 0, 0, "highest face is wild" },
  { "name", AGON_PARAM_STRING, "x", 0, 0, "a name" },
  { "game", AGON_PARAM_GAME, "kuhn_poker", 0, 0, "a nested game" },
  { NULL },
};

static AgonParams *
resolve(const char *text, GError **error)
{
  g_autoptr(AgonParams) given = agon_params_parse(text, error);
  return given ? agon_params_resolve(given, specs, error) : NULL;
}

static void
test_params_parse_forms(void **unused)
{
  g_autoptr(AgonParams) bare = agon_params_parse("kuhn_poker", NULL);
  assert_string_equal(agon_params_get_name(bare), "kuhn_poker");
  assert_int_equal(agon_params_get_size(bare), 0);
  g_autoptr(AgonParams) empty = agon_params_parse(" kuhn_poker ( ) ", NULL);
  assert_int_equal(agon_params_get_size(empty), 0);
  g_autoptr(AgonParams) p =
    agon_params_parse("turn_based(game=goofspiel(num_cards=4,imp_info=true), n = 3)", NULL);
  assert_non_null(p);
  assert_int_equal(agon_params_get_size(p), 2);
  assert_string_equal(agon_params_get_key(p, 0), "game");
  assert_string_equal(agon_params_get_text(p, 0), "goofspiel(num_cards=4,imp_info=true)");
  assert_string_equal(agon_params_get_text(p, 1), "3");
  g_autoptr(AgonParams) q = agon_params_parse("efg_game(filename=\"a,b (\\\"c\\\").efg\")", NULL);
  assert_non_null(q);
  assert_string_equal(agon_params_get_text(q, 0), "a,b (\"c\").efg");
  g_autoptr(AgonParams) solver = agon_params_parse("cfr+", NULL);
  assert_string_equal(agon_params_get_name(solver), "cfr+");
}

static void
test_params_parse_errors(void **unused)
{
  const char *bad[] = {
    "", "(", "kuhn_poker(", "kuhn_poker(players)", "kuhn_poker(players=)",
    "kuhn_poker(players=2", "kuhn_poker(players=2))", "kuhn_poker(players=2,players=3)",
    "kuhn_poker(=2)", "a(b=c(d=e)", "a(b=\"unterminated)", "a b",
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonParams) p = agon_params_parse(bad[i], &error);
    if (p != NULL)
      fail_msg("'%s' parsed", bad[i]);
    assert_int_equal(error->code, AGON_ERROR_PARSE);
    assert_non_null(strstr(error->message, bad[i]));
  }
}

static void
test_params_resolve_defaults_and_types(void **unused)
{
  g_autoptr(AgonParams) p = resolve("g(alpha=2,wild=False,game=leduc_poker(players=3))", NULL);
  assert_non_null(p);
  assert_int_equal(agon_params_get_size(p), 5);
  assert_int_equal(agon_params_get_int(p, "players"), 2);
  assert_near(agon_params_get_double(p, "alpha"), 2.0, 0);
  assert_false(agon_params_get_bool(p, "wild"));
  assert_string_equal(agon_params_get_string(p, "name"), "x");
  assert_string_equal(agon_params_get_string(p, "game"), "leduc_poker(players=3)");
  g_autofree char *text = agon_params_to_string(p);
  assert_string_equal(text,
                      "g(players=2,alpha=2,wild=False,name=x,game=leduc_poker(players=3))");
}

static void
test_params_resolve_errors(void **unused)
{
  static const struct {
    const char *text;
    int code;
    const char *fragment;
  } cases[] = {
    { "g(players=11)", AGON_ERROR_INVALID_VALUE, "g(players=11): players must be between 2 and 10" },
    { "g(players=1)", AGON_ERROR_INVALID_VALUE, "players must be between 2 and 10" },
    { "g(players=2.5)", AGON_ERROR_INVALID_VALUE, "players must be an integer, not '2.5'" },
    { "g(players=99999999999999999999)", AGON_ERROR_INVALID_VALUE, "an integer" },
    { "g(alpha=-1)", AGON_ERROR_INVALID_VALUE, "alpha must be at least 0" },
    { "g(alpha=nan)", AGON_ERROR_INVALID_VALUE, "alpha must be a number" },
    { "g(wild=maybe)", AGON_ERROR_INVALID_VALUE, "wild must be true or false" },
    { "g(game=a(b)", AGON_ERROR_PARSE, "expected ',' or ')'" },
    { "g(game=a(b(c)", AGON_ERROR_PARSE, "unbalanced" },
    { "g(colour=red)", AGON_ERROR_UNKNOWN_PARAMETER, "unknown parameter 'colour'" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonParams) p = resolve(cases[i].text, &error);
    if (p != NULL)
      fail_msg("'%s' resolved", cases[i].text);
    if (error->code != cases[i].code || strstr(error->message, cases[i].fragment) == NULL)
      fail_msg("'%s': got '%s' (%d)", cases[i].text, error->message, error->code);
  }
}

static void
test_params_quoting_round_trip(void **unused)
{
  g_autoptr(AgonParams) p = agon_params_parse("g(name=\"a, b\",game=x(y=1))", NULL);
  g_autofree char *text = agon_params_to_string(p);
  assert_string_equal(text, "g(name=\"a, b\",game=x(y=1))");
  g_autoptr(AgonParams) again = agon_params_parse(text, NULL);
  assert_string_equal(agon_params_get_text(again, 0), "a, b");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_params_parse_forms),
    cmocka_unit_test(test_params_parse_errors),
    cmocka_unit_test(test_params_resolve_defaults_and_types),
    cmocka_unit_test(test_params_resolve_errors),
    cmocka_unit_test(test_params_quoting_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
