/* agon rate, run as a user would: PGN input, the bayeselo and elo(prior)
 * models, and bad files reported with their line. The numbers are checked
 * against the library (agon_bayeselo_fit on the same games) and against
 * the "bayeselo_model" reference of tests/data/ratings/
 * openskill_vectors.json, whose 200 games tests/data/ratings/
 * a_1v1_8p_200.pgn holds (with one unfinished game added, which must be
 * skipped). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

/* "agon rate @file @args": fails unless it exits with @status and, for a
 * failure, prints one line on stderr containing @fragment. Returns stdout. */
static char *
rate(const char *file, const char *args, int status, const char *fragment)
{
  g_autofree char *command = g_strdup_printf("rate '%s' %s", file, args);
  char *out = NULL;
  g_autofree char *err = NULL;
  int got = test_run_agon(command, &out, &err);
  if (got != status)
    fail_msg("agon %s: exit %d, expected %d\nstdout: %s\nstderr: %s", command, got, status, out,
             err);
  if (status == 0 && *err != '\0')
    fail_msg("agon %s: unexpected stderr: %s", command, err);
  if (fragment && strstr(err, fragment) == NULL)
    fail_msg("agon %s: stderr lacks '%s':\n%s", command, fragment, err);
  if (status != 0)
    assert_true(strchr(err, '\n') == err + strlen(err) - 1);
  return out;
}

static char *
data_file(const char *name)
{
  g_autofree char *rel = g_build_filename("ratings", name, NULL);
  return test_data_path(rel);
}

/* The --json output's root object; @parser keeps it alive. */
static JsonObject *
parse_json(JsonParser *parser, const char *text)
{
  g_autoptr(GError) error = NULL;
  if (!json_parser_load_from_data(parser, text, -1, &error))
    fail_msg("%s\n%s", error->message, text);
  return json_node_get_object(json_parser_get_root(parser));
}

/* The rating object of player @name in --json output. */
static JsonObject *
rating_of(JsonObject *root, const char *name)
{
  JsonArray *ratings = json_object_get_array_member(root, "ratings");
  for (guint i = 0; i < json_array_get_length(ratings); i++) {
    JsonObject *r = json_array_get_object_element(ratings, i);
    if (strcmp(json_object_get_string_member(r, "name"), name) == 0)
      return r;
  }
  fail_msg("no rating for %s", name);
  return NULL;
}

static void
assert_within(double got, double want, double tol, const char *what)
{
  if (!(fabs(got - want) <= tol))
    fail_msg("%s: got %.15g, want %.15g (diff %.3g)", what, got, want, fabs(got - want));
}

typedef struct {
  JsonParser *parser;
  JsonObject *section; /* bayeselo_model[0] of the vectors */
  JsonArray *games;
  AgonGameResult *results;
  int n;
} Vectors;

static int
setup(void **state)
{
  Vectors *v = g_new0(Vectors, 1);
  g_autofree char *path = data_file("openskill_vectors.json");
  v->parser = json_parser_new();
  if (!json_parser_load_from_file(v->parser, path, NULL))
    return -1;
  JsonObject *root = json_node_get_object(json_parser_get_root(v->parser));
  v->section = json_array_get_object_element(json_object_get_array_member(root, "bayeselo_model"),
                                             0);
  v->games = json_object_get_array_member(v->section, "games");
  v->n = (int) json_array_get_length(v->games);
  v->results = g_new(AgonGameResult, v->n);
  for (int g = 0; g < v->n; g++) {
    JsonArray *e = json_array_get_array_element(v->games, g);
    v->results[g] = (AgonGameResult) { atoi(json_array_get_string_element(e, 0) + 1) - 1,
                                       atoi(json_array_get_string_element(e, 1) + 1) - 1,
                                       json_array_get_double_element(e, 2) };
  }
  *state = v;
  return 0;
}

static int
teardown(void **state)
{
  Vectors *v = *state;
  g_object_unref(v->parser);
  g_free(v->results);
  g_free(v);
  return 0;
}

/* Compares --json output with a library fit of the same games, players
 * named p1..p8 there and 0..7 here. */
static void
check_against_fit(JsonObject *root, const AgonBayeseloFit *fit, double tol)
{
  assert_string_equal(json_object_get_string_member(root, "model"), "bayeselo");
  assert_within(json_object_get_double_member(root, "advantage"), fit->advantage, tol,
                "advantage");
  assert_within(json_object_get_double_member(root, "drawelo"), fit->drawelo, tol, "drawelo");
  assert_within(json_object_get_double_member(root, "scale"), fit->scale, tol, "scale");
  JsonArray *ratings = json_object_get_array_member(root, "ratings");
  assert_int_equal(json_array_get_length(ratings), fit->num_players);
  double prev = INFINITY;
  for (int i = 0; i < fit->num_players; i++) {
    JsonObject *r = json_array_get_object_element(ratings, i);
    int p = atoi(json_object_get_string_member(r, "name") + 1) - 1;
    double elo = json_object_get_double_member(r, "elo");
    assert_true(elo <= prev); /* best first */
    prev = elo;
    assert_within(elo, fit->ratings[p], tol, "elo");
    JsonArray *ci = json_object_get_array_member(r, "ci95");
    assert_within(json_array_get_double_element(ci, 0), fit->ci95_low[p], tol, "ci95 low");
    assert_within(json_array_get_double_element(ci, 1), fit->ci95_high[p], tol, "ci95 high");
    assert_int_equal(json_object_get_int_member(r, "games"), (gint64) fit->games[p]);
    assert_within(json_object_get_double_member(r, "score"), fit->score[p], 0, "score");
    assert_int_equal(json_object_get_int_member(r, "draws"), (gint64) fit->draws[p]);
  }
}

/* The PGN of the reference games under BayesElo's defaults: the library's
 * numbers and the reference's; then the same with advantage and drawelo
 * estimated. */
static void
test_rate_bayeselo_pgn(void **state)
{
  Vectors *v = *state;
  g_autofree char *pgn = data_file("a_1v1_8p_200.pgn");
  g_autofree char *out = rate(pgn, "--model 'bayeselo(advantage=32.8,drawelo=97.3,prior=2)' "
                              "--json", 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *root = parse_json(parser, out);
  AgonBayeseloFit fit;
  assert_true(agon_bayeselo_fit(8, v->results, v->n, NULL, &fit, NULL));
  check_against_fit(root, &fit, 1e-9);
  assert_within(json_object_get_double_member(root, "prior"), 2, 0, "prior");
  agon_bayeselo_fit_clear(&fit);
  JsonObject *want = json_object_get_object_member(
    json_object_get_object_member(
      json_object_get_object_member(json_object_get_object_member(v->section, "variants"),
                                    "drawelo97.3_adv32.8_prior2"),
      "expected"),
    "ratings_displayed_unrounded");
  for (int p = 1; p <= 8; p++) {
    g_autofree char *name = g_strdup_printf("p%d", p);
    assert_within(json_object_get_double_member(rating_of(root, name), "elo"),
                  json_object_get_double_member(want, name), 1e-6, name);
  }
  /* "bayeselo" alone means the same defaults: the same output */
  g_autofree char *plain = rate(pgn, "--model bayeselo --json", 0, NULL);
  assert_string_equal(plain, out);

  g_autofree char *est = rate(pgn, "--model 'bayeselo(advantage=auto,drawelo=auto)' --json", 0,
                              NULL);
  g_autoptr(JsonParser) eparser = json_parser_new();
  JsonObject *eroot = parse_json(eparser, est);
  AgonBayeseloOptions opt;
  agon_bayeselo_options_init(&opt);
  opt.fit_advantage = opt.fit_drawelo = TRUE;
  assert_true(agon_bayeselo_fit(8, v->results, v->n, &opt, &fit, NULL));
  check_against_fit(eroot, &fit, 1e-9);
  /* BayesElo's "mm 1 1" printed 1.61895 and 68.3918 */
  assert_within(json_object_get_double_member(eroot, "advantage"), 1.61895, 1e-3, "advantage");
  assert_within(json_object_get_double_member(eroot, "drawelo"), 68.3918, 1e-3, "drawelo");
  agon_bayeselo_fit_clear(&fit);

  /* the table, and the unfinished game reported */
  g_autofree char *text = rate(pgn, "--model 'bayeselo(drawelo=auto,prior=0)'", 0, NULL);
  assert_non_null(strstr(text, "model: bayeselo, advantage 32.8, drawelo "));
  assert_non_null(strstr(text, "(estimated), prior 0; Elo = internal x "));
  assert_non_null(strstr(text, "   1  p3  "));
  assert_non_null(strstr(text, "(1 unfinished game skipped)"));
}

/* CSV and JSON lines with the same games, the first player as white, give
 * the same output as the PGN. */
static void
test_rate_bayeselo_formats(void **state)
{
  Vectors *v = *state;
  g_autofree char *csv = test_temp_path("games.csv");
  g_autofree char *jsonl = test_temp_path("games.jsonl");
  g_autoptr(GString) c = g_string_new("white,black,result\n");
  g_autoptr(GString) j = g_string_new(NULL);
  for (int g = 0; g < v->n; g++) {
    JsonArray *e = json_array_get_array_element(v->games, g);
    const char *a = json_array_get_string_element(e, 0), *b = json_array_get_string_element(e, 1);
    double s = json_array_get_double_element(e, 2);
    g_string_append_printf(c, "%s,%s,%s\n", a, b, s == 1 ? "1-0" : s == 0 ? "0-1" : "1/2-1/2");
    g_string_append_printf(j, "{\"teams\": [[\"%s\"], [\"%s\"]], \"scores\": [%g, %g]}\n", a, b,
                           s, 1 - s);
  }
  assert_true(g_file_set_contents(csv, c->str, -1, NULL));
  assert_true(g_file_set_contents(jsonl, j->str, -1, NULL));
  g_autofree char *pgn = data_file("a_1v1_8p_200.pgn");
  const char *model = "--model 'bayeselo(advantage=auto)' --json";
  g_autofree char *from_pgn = rate(pgn, model, 0, NULL);
  g_autofree char *from_csv = rate(csv, model, 0, NULL);
  g_autofree char *from_jsonl = rate(jsonl, model, 0, NULL);
  assert_string_equal(from_csv, from_pgn);
  assert_string_equal(from_jsonl, from_pgn);
  /* and elo from the PGN is the library's Bradley-Terry fit */
  g_autofree char *elo = rate(pgn, "--model elo --json", 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *root = parse_json(parser, elo);
  AgonEloFit fit;
  assert_true(agon_elo_fit(8, v->results, v->n, NULL, &fit, NULL));
  for (int p = 0; p < 8; p++) {
    g_autofree char *name = g_strdup_printf("p%d", p + 1);
    assert_within(json_object_get_double_member(rating_of(root, name), "elo"), fit.ratings[p],
                  1e-9, name);
  }
  agon_elo_fit_clear(&fit);
  g_unlink(csv);
  g_unlink(jsonl);
}

/* A small PGN with escapes, comments, an escape line, tags without a
 * blank line before the movetext and an unfinished game: Alice wins 3 of
 * 4, so the Bradley-Terry difference is 400 log10(3). */
static void
test_rate_small_pgn(void **state)
{
  (void) state;
  g_autofree char *pgn = data_file("small.pgn");
  g_autofree char *out = rate(pgn, "--model elo --json", 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *root = parse_json(parser, out);
  assert_int_equal(json_array_get_length(json_object_get_array_member(root, "ratings")), 2);
  JsonObject *alice = rating_of(root, "Alice \"the bot\"");
  assert_within(json_object_get_double_member(alice, "elo"), 200 * log10(3.0), 1e-9, "alice");
  assert_int_equal(json_object_get_int_member(alice, "games"), 4);
  JsonObject *bob = rating_of(root, "Bob");
  assert_within(json_object_get_double_member(bob, "elo"), -200 * log10(3.0), 1e-9, "bob");
  /* the online default rates them too, Alice ahead */
  g_autofree char *pl = rate(pgn, "--json", 0, NULL);
  g_autoptr(JsonParser) pparser = json_parser_new();
  JsonObject *proot = parse_json(pparser, pl);
  assert_string_equal(json_object_get_string_member(
                        json_array_get_object_element(
                          json_object_get_array_member(proot, "ratings"), 0), "name"),
                      "Alice \"the bot\"");
  g_autofree char *text = rate(pgn, "--model plackett-luce-mle", 0, NULL);
  assert_non_null(strstr(text, "(1 unfinished game skipped)"));
}

/* A perfect score has no maximum-likelihood rating; a prior gives one. */
static void
test_rate_prior(void **state)
{
  (void) state;
  g_autofree char *csv = test_temp_path("perfect.csv");
  assert_true(g_file_set_contents(csv, "A,B,1-0\nB,A,0-1\nA,B,1-0\n", -1, NULL));
  g_free(rate(csv, "--model elo", 1, "a prior helps"));
  g_free(rate(csv, "--model 'bayeselo(prior=0)'", 1, "a prior helps"));
  /* 3 wins and 2 virtual draws: A scores 4 of 5, 400 log10(4) above B */
  g_autofree char *out = rate(csv, "--model 'elo(prior=2)' --json", 0, NULL);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *root = parse_json(parser, out);
  assert_within(json_object_get_double_member(rating_of(root, "A"), "elo"), 200 * log10(4.0),
                1e-9, "A");
  assert_int_equal(json_object_get_int_member(rating_of(root, "A"), "games"), 3);
  g_autofree char *bout = rate(csv, "--model bayeselo --json", 0, NULL);
  g_autoptr(JsonParser) bparser = json_parser_new();
  JsonObject *broot = parse_json(bparser, bout);
  double a = json_object_get_double_member(rating_of(broot, "A"), "elo");
  assert_true(a > 0 && isfinite(a));
  g_unlink(csv);
}

/* Bad files and bad model options: one line each, with the file's line. */
static void
test_rate_errors(void **state)
{
  (void) state;
  static const struct {
    const char *file, *args;
    int status;
    const char *fragment;
  } cases[] = {
    { "bad-tag.pgn", "", 1, "bad-tag.pgn:3: bad tag pair: expected [Name \"value\"]" },
    { "bad-result.pgn", "", 1, "bad-result.pgn:9: unknown result '2-0'" },
    { "missing-black.pgn", "--model elo", 1, "missing-black.pgn:7: game without a [Black" },
    { "small.pgn", "--model 'bayeselo(advantage=x)'", 2,
      "bayeselo(advantage=x): advantage must be auto or a number" },
    { "small.pgn", "--model 'bayeselo(drawelo=-5)'", 2, "drawelo must be auto or a number" },
    { "small.pgn", "--model 'bayeselo(prior=-1)'", 2, "prior" },
    { "small.pgn", "--model 'bayeselo(k=1)'", 2, "unknown parameter 'k'" },
    { "small.pgn", "--model 'elo(prior=-1)'", 2, "prior" },
  };
  for (guint k = 0; k < G_N_ELEMENTS(cases); k++) {
    g_autofree char *path = data_file(cases[k].file);
    g_free(rate(path, cases[k].args, cases[k].status, cases[k].fragment));
  }

  static const struct {
    const char *text, *args, *fragment;
  } files[] = {
    { "[White \"a\"]\n[Black \"b\"]\n[Result \"*\"]\n\n*\n", "", "no games with a result" },
    { "[White \"a\"]\n[Black \"a\"]\n[Result \"1-0\"]\n", "", ":1: expected two different" },
    { "[White \"a\"]\n[Black \"b\"]\n[Result \"1-0\"]\n[White \"c\"]\n", "",
      ":4: a second [White] tag in one game" },
    { "\n\n[White \"a\"] [Black \"b\"]\n", "", ":3: bad tag pair" },
    { "[White \"a\n", "", ":1: bad tag pair" },
    { "[White\n", "", ":1: bad tag pair" },
    { "\xEF\xBB\xBF[White \"a\"]\n[Result \"1-0\"]\n\n1-0\n", "",
      ":1: game without a [Black \"...\"] tag" },
    { "[\n", "", ":1: bad tag pair" },
    { "[White \"a\"] x\n", "", ":1: bad tag pair" },
    { "{\"teams\": [[\"a\"], [\"b\"]], \"ranks\": [1, 2]}\n"
      "{\"teams\": [[\"a\"], [\"b\"], [\"c\"]], \"ranks\": [1, 2, 3]}\n",
      "--model bayeselo", ":2: bayeselo rates games between two players" },
    { "a,b,1-0\nb,a,1-0\nb,a,1/2-1/2\nc,d,1-0\nd,c,0-1\n", "--model bayeselo",
      "some groups of players never met" },
  };
  g_autofree char *path = test_temp_path("bad.pgn");
  for (guint k = 0; k < G_N_ELEMENTS(files); k++) {
    assert_true(g_file_set_contents(path, files[k].text, -1, NULL));
    g_free(rate(path, files[k].args, 1, files[k].fragment));
  }
  g_unlink(path);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rate_bayeselo_pgn),
    cmocka_unit_test(test_rate_bayeselo_formats),
    cmocka_unit_test(test_rate_small_pgn),
    cmocka_unit_test(test_rate_prior),
    cmocka_unit_test(test_rate_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
