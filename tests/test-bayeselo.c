/* Tests of the BayesElo fit (agon_bayeselo_fit in include/agon/rating.h).
 *
 * The reference is the "bayeselo_model" section of tests/data/ratings/
 * openskill_vectors.json: 200 games of 8 players fitted under three
 * settings of advantage / drawelo / prior by an independent
 * implementation converged to a gradient of 1e-17, checked against
 * BayesElo built from source. Ratings must match it to 1e-6 Elo (the
 * tolerance the file suggests for the Bradley-Terry fit of the same
 * games), the log-likelihood to 1e-9. BayesElo's own output is matched as
 * far as it goes: the tables it printed (ratings rounded to integers, its
 * symmetric margins, games, score and draw percentages), the likelihood
 * of superiority matrix of its "los" command (truncated per mille), and
 * the advantage and drawelo its "mm 1 1" estimated (printed to 6 digits,
 * after minorization-maximization stopped at 1e-5, so compared to 1e-3).
 * Small cases check the fit against closed forms. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

typedef struct {
  JsonParser *parser;
  JsonObject *section; /* bayeselo_model[0] */
  int num_players;
  int num_games;
  AgonGameResult *games;
} Fixture;

/* "p3" -> 2 */
static int
player_index(const char *name)
{
  assert_true(name[0] == 'p');
  return atoi(name + 1) - 1;
}

static int
setup(void **state)
{
  const char *dir = g_getenv("AGON_TEST_DATA");
  g_autofree char *path =
    g_build_filename(dir ? dir : "tests/data", "ratings", "openskill_vectors.json", NULL);
  Fixture *f = g_new0(Fixture, 1);
  f->parser = json_parser_new();
  g_autoptr(GError) error = NULL;
  if (!json_parser_load_from_file(f->parser, path, &error)) {
    fprintf(stderr, "# %s: %s\n", path, error->message);
    return -1;
  }
  JsonObject *root = json_node_get_object(json_parser_get_root(f->parser));
  f->section = json_array_get_object_element(json_object_get_array_member(root, "bayeselo_model"),
                                             0);
  JsonArray *games = json_object_get_array_member(f->section, "games");
  f->num_games = (int) json_array_get_length(games);
  f->games = g_new(AgonGameResult, f->num_games);
  for (int g = 0; g < f->num_games; g++) {
    JsonArray *e = json_array_get_array_element(games, g);
    f->games[g] = (AgonGameResult) { player_index(json_array_get_string_element(e, 0)),
                                     player_index(json_array_get_string_element(e, 1)),
                                     json_array_get_double_element(e, 2) };
    f->num_players = MAX(f->num_players, MAX(f->games[g].a, f->games[g].b) + 1);
  }
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  Fixture *f = *state;
  g_object_unref(f->parser);
  g_free(f->games);
  g_free(f);
  return 0;
}

static void
assert_within(double got, double want, double tol, const char *what)
{
  if (!(fabs(got - want) <= tol))
    fail_msg("%s: got %.15g, want %.15g (diff %.3g > %.3g)", what, got, want, fabs(got - want),
             tol);
}

/* Each player's value in @obj ({"p1": x, ...}) against @got. */
static void
check_players(JsonObject *obj, const double *got, double tol, const char *what)
{
  g_autoptr(GList) names = json_object_get_members(obj);
  for (GList *l = names; l; l = l->next) {
    g_autofree char *label = g_strdup_printf("%s %s", what, (char *) l->data);
    assert_within(got[player_index(l->data)], json_object_get_double_member(obj, l->data), tol,
                  label);
  }
}

/* The lines of a BayesElo session transcript, its prompts removed. */
static GStrv
session_lines(const char *output)
{
  g_auto(GStrv) raw = g_strsplit(output, "\n", -1);
  GPtrArray *lines = g_ptr_array_new();
  for (int i = 0; raw[i]; i++) {
    const char *s = raw[i];
    const char *prompt;
    while ((prompt = strchr(s, '>')) != NULL && g_str_has_prefix(s, "ResultSet"))
      s = prompt + 1;
    g_ptr_array_add(lines, g_strdup(s));
  }
  g_ptr_array_add(lines, NULL);
  return (GStrv) g_ptr_array_free(lines, FALSE);
}

/* Checks a BayesElo ratings table (header line at @lines[0], then one row
 * per player): rounded ratings, margins, games, score and draw shares. */
static void
check_table(GStrv lines, const AgonBayeseloFit *fit)
{
  assert_true(g_str_has_prefix(lines[0], "Rank Name"));
  int n = fit->num_players;
  for (int k = 0; k < n; k++) {
    int rank, elo, plus, minus, games, score, oppo, draws;
    char name[32];
    assert_int_equal(sscanf(lines[k + 1], "%d %31s %d %d %d %d %d%% %d %d%%", &rank, name, &elo,
                            &plus, &minus, &games, &score, &oppo, &draws),
                     9);
    int i = player_index(name);
    g_autofree char *label = g_strdup_printf("table row %d (%s)", rank, name);
    assert_within(fit->ratings[i], elo, 0.5, label);
    /* BayesElo stopped short of the optimum and keeps counts in floats:
     * one margin (96.496) is printed as 97. */
    assert_int_equal(plus, minus);
    assert_within(fit->bayeselo_margin[i], plus, 0.51, label);
    assert_int_equal((int) fit->games[i], games);
    assert_int_equal((int) lround(100 * fit->score[i] / fit->games[i]), score);
    assert_int_equal((int) lround(100 * fit->draws[i] / fit->games[i]), draws);
    /* rows come best first */
    if (k > 0) {
      char prev[32];
      assert_int_equal(sscanf(lines[k], "%*d %31s", prev), 1);
      assert_true(fit->ratings[player_index(prev)] >= fit->ratings[i]);
    }
  }
}

static void
fit_variant(Fixture *f, JsonObject *params, AgonBayeseloFit *fit)
{
  AgonBayeseloOptions opt;
  agon_bayeselo_options_init(&opt);
  opt.advantage = json_object_get_double_member(params, "adv");
  opt.drawelo = json_object_get_double_member(params, "drawelo");
  opt.prior = json_object_get_double_member(params, "prior");
  g_autoptr(GError) error = NULL;
  if (!agon_bayeselo_fit(f->num_players, f->games, f->num_games, &opt, fit, &error))
    fail_msg("%s", error->message);
}

static void
test_bayeselo_variants(void **state)
{
  Fixture *f = *state;
  JsonObject *variants = json_object_get_object_member(f->section, "variants");
  g_autoptr(GList) names = json_object_get_members(variants);
  assert_int_equal(g_list_length(names), 3);
  for (GList *l = names; l; l = l->next) {
    JsonObject *v = json_object_get_object_member(variants, l->data);
    AgonBayeseloFit fit;
    fit_variant(f, json_object_get_object_member(v, "params"), &fit);
    JsonObject *exp = json_object_get_object_member(v, "expected");
    check_players(json_object_get_object_member(exp, "ratings_internal_mean0"), fit.internal,
                  1e-6, l->data);
    check_players(json_object_get_object_member(exp, "ratings_displayed_unrounded"),
                  fit.ratings, 1e-6, l->data);
    assert_within(fit.scale, json_object_get_double_member(exp, "display_scale"), 1e-14,
                  "scale");
    assert_within(fit.loglik, json_object_get_double_member(v, "loglik_at_optimum"), 1e-9,
                  "loglik");
    double mean = 0;
    for (int i = 0; i < fit.num_players; i++)
      mean += fit.internal[i];
    assert_within(mean, 0, 1e-9, "mean 0");
    assert_true(fit.iterations < 20);

    /* BayesElo itself, MM run to 1e-14: within its float rounding. */
    JsonObject *checks = json_object_get_object_member(v, "cross_checks");
    JsonObject *exact = json_object_get_object_member(
      checks, "bayeselo_built_from_source_MM_epsilon_tightened_to_1e-14");
    check_players(json_object_get_object_member(exact, "displayed_ratings"), fit.ratings,
                  json_object_get_double_member(exact, "max_abs_diff") * 1.01, "bayeselo");
    JsonObject *stock =
      json_object_get_object_member(checks, "bayeselo_stock_binary_default_MM_epsilon_1e-5");
    g_auto(GStrv) lines =
      session_lines(json_object_get_string_member(stock, "ratings_table_as_printed"));
    check_table(lines, &fit);
    agon_bayeselo_fit_clear(&fit);
  }
}

/* BayesElo's default session (advantage 32.8, drawelo 97.3, prior 2): its
 * table and its "los" matrix, per mille, truncated and capped at 999. Its
 * LOS comes from the full covariance of the ratings, as ours. */
static void
test_bayeselo_default_session(void **state)
{
  Fixture *f = *state;
  JsonObject *session = json_object_get_object_member(f->section, "stock_bayeselo_default_session");
  AgonBayeseloFit fit;
  g_autoptr(GError) error = NULL;
  assert_true(agon_bayeselo_fit(f->num_players, f->games, f->num_games, NULL, &fit, &error));
  g_auto(GStrv) lines = session_lines(json_object_get_string_member(session, "output"));
  check_table(lines, &fit);
  int n = fit.num_players, at = -1;
  for (int k = n + 1; lines[k] && at < 0; k++)
    if (g_str_has_prefix(lines[k] + strspn(lines[k], " "), "p3  p7"))
      at = k;
  assert_true(at > 0);
  g_auto(GStrv) header = g_strsplit_set(g_strstrip(lines[at]), " ", -1);
  int cols[16], nc = 0;
  for (int c = 0; header[c]; c++)
    if (*header[c])
      cols[nc++] = player_index(header[c]);
  assert_int_equal(nc, n);
  for (int k = 0; k < n; k++) {
    g_auto(GStrv) fields = g_strsplit_set(g_strstrip(lines[at + 1 + k]), " ", -1);
    int i = -1, c = 0;
    for (int x = 0; fields[x]; x++) {
      if (*fields[x] == '\0')
        continue;
      if (i < 0) {
        i = player_index(fields[x]);
        continue;
      }
      if (cols[c] == i)
        c++;
      int printed = atoi(fields[x]), j = cols[c++];
      double permille = 1000 * fit.los[i * n + j];
      int want = (int) MIN(999, floor(permille));
      if (want != printed)
        fail_msg("los %d vs %d: %.4f per mille, BayesElo printed %d", i + 1, j + 1, permille,
                 printed);
    }
    assert_true(c >= n - 1);
  }
  agon_bayeselo_fit_clear(&fit);
}

/* "mm 1 1" estimates advantage and drawelo along with the ratings. */
static void
test_bayeselo_mm_1_1(void **state)
{
  Fixture *f = *state;
  JsonObject *session = json_object_get_object_member(f->section, "stock_bayeselo_mm_1_1_session");
  g_auto(GStrv) lines = session_lines(json_object_get_string_member(session, "output"));
  /* lines: time, advantage, drawelo, then the table */
  double adv = g_ascii_strtod(lines[1], NULL), drawelo = g_ascii_strtod(lines[2], NULL);
  assert_within(adv, 1.61895, 1e-9, "parsed advantage");
  AgonBayeseloOptions opt;
  agon_bayeselo_options_init(&opt);
  opt.fit_advantage = opt.fit_drawelo = TRUE;
  AgonBayeseloFit fit;
  g_autoptr(GError) error = NULL;
  assert_true(agon_bayeselo_fit(f->num_players, f->games, f->num_games, &opt, &fit, &error));
  assert_within(fit.advantage, adv, 1e-3, "advantage");
  assert_within(fit.drawelo, drawelo, 1e-3, "drawelo");
  assert_within(fit.scale, agon_bayeselo_scale(fit.drawelo), 1e-15, "scale");
  check_table(lines + 3, &fit);
  assert_true(fit.advantage_stderr > 5 && fit.advantage_stderr < 100);
  assert_true(fit.drawelo_stderr > 5 && fit.drawelo_stderr < 100);

  /* The estimates maximise the likelihood: holding them fixed reproduces
   * the ratings, and any other fixed pair fits worse. */
  AgonBayeseloOptions fixed = opt;
  fixed.fit_advantage = fixed.fit_drawelo = FALSE;
  fixed.advantage = fit.advantage;
  fixed.drawelo = fit.drawelo;
  AgonBayeseloFit again;
  assert_true(agon_bayeselo_fit(f->num_players, f->games, f->num_games, &fixed, &again, NULL));
  for (int i = 0; i < fit.num_players; i++)
    assert_within(again.internal[i], fit.internal[i], 1e-8, "fixed at the estimate");
  assert_within(again.loglik, fit.loglik, 1e-10, "loglik");
  /* Fixed parameters leave out their uncertainty: narrower intervals. */
  for (int i = 0; i < fit.num_players; i++)
    assert_true(again.stderrs[i] <= fit.stderrs[i] + 1e-12);
  agon_bayeselo_fit_clear(&again);
  const double nudge[][2] = { { 1, 0 }, { -1, 0 }, { 0, 1 }, { 0, -1 } };
  for (guint k = 0; k < G_N_ELEMENTS(nudge); k++) {
    fixed.advantage = fit.advantage + nudge[k][0];
    fixed.drawelo = fit.drawelo + nudge[k][1];
    assert_true(agon_bayeselo_fit(f->num_players, f->games, f->num_games, &fixed, &again, NULL));
    assert_true(again.loglik < fit.loglik);
    agon_bayeselo_fit_clear(&again);
  }
  agon_bayeselo_fit_clear(&fit);
}

/* Two players, no advantage, no prior: with drawelo estimated the model
 * is saturated, so it reproduces the observed frequencies: f(d - D) = w/n
 * and f(-d - D) = l/n, which is cutechess's drawelo formula. */
static void
test_bayeselo_two_players(void **state)
{
  (void) state;
  int w = 7, d = 10, l = 3;
  AgonGameResult g[20];
  int k = 0;
  for (int i = 0; i < w; i++, k++)
    g[k] = (AgonGameResult) { k % 2, 1 - k % 2, k % 2 ? 0 : 1 };
  for (int i = 0; i < d; i++, k++)
    g[k] = (AgonGameResult) { k % 2, 1 - k % 2, 0.5 };
  for (int i = 0; i < l; i++, k++)
    g[k] = (AgonGameResult) { k % 2, 1 - k % 2, k % 2 ? 1 : 0 };
  AgonBayeseloOptions opt = { .advantage = 0, .drawelo = 50, .prior = 0, .fit_drawelo = TRUE };
  AgonBayeseloFit fit;
  g_autoptr(GError) error = NULL;
  if (!agon_bayeselo_fit(2, g, 20, &opt, &fit, &error))
    fail_msg("%s", error->message);
  double pw = w / 20.0, pl = l / 20.0;
  double lw = log10(pw / (1 - pw)), ll = log10(pl / (1 - pl));
  assert_within(fit.internal[0] - fit.internal[1], 200 * (lw - ll), 1e-8, "difference");
  assert_within(fit.drawelo, -200 * (lw + ll), 1e-8, "drawelo");
  assert_within(fit.drawelo, 200 * log10((1 - pl) / pl * (1 - pw) / pw), 1e-8, "cutechess");
  assert_within(fit.score[0], 12, 0, "score");
  assert_within(fit.draws[1], 10, 0, "draws");
  agon_bayeselo_fit_clear(&fit);

  /* Fixed drawelo: the difference's variance is 1 / information, so the
   * mean-0 interval is half of BayesElo's margin (the other player held
   * fixed), and LOS = Phi(difference / sd). */
  opt.fit_drawelo = FALSE;
  opt.drawelo = 80;
  assert_true(agon_bayeselo_fit(2, g, 20, &opt, &fit, NULL));
  double half = fit.ci95_high[0] - fit.ratings[0];
  assert_within(fit.bayeselo_margin[0], 2 * half, 1e-9, "margin");
  assert_within(fit.bayeselo_margin[1], 2 * half, 1e-9, "margin");
  assert_within(fit.ratings[0], -fit.ratings[1], 1e-9, "mean 0");
  double sd = 2 * fit.stderrs[0];
  assert_within(fit.los[1], 0.5 * erfc(-(fit.ratings[0] - fit.ratings[1]) / sd / G_SQRT2), 1e-12,
                "los");
  assert_within(fit.los[1] + fit.los[2], 1, 1e-12, "los symmetric");
  assert_within(fit.ratings[0], fit.internal[0] * agon_bayeselo_scale(80), 1e-12, "display");
  agon_bayeselo_fit_clear(&fit);
}

/* The model's probabilities and scale, by hand. */
static void
test_bayeselo_model(void **state)
{
  (void) state;
  double w, d, l;
  agon_bayeselo_probabilities(0, 0, &w, &d, &l);
  assert_within(w, 0.5, 1e-15, "no draws");
  assert_within(d, 0, 1e-15, "no draws");
  agon_bayeselo_probabilities(100, 200, &w, &d, &l);
  assert_within(w, 1 / (1 + pow(10, 0.25)), 1e-15, "win");
  assert_within(l, 1 / (1 + pow(10, 0.75)), 1e-15, "loss");
  assert_within(w + d + l, 1, 1e-15, "sum");
  agon_bayeselo_probabilities(100, 200, NULL, NULL, NULL);
  assert_within(agon_bayeselo_scale(0), 1, 1e-15, "scale");
  double x = pow(10, -97.3 / 400);
  assert_within(agon_bayeselo_scale(97.3), 4 * x / ((1 + x) * (1 + x)), 1e-15, "scale");
  /* the scale is the slope of the expected score at 0, relative to Elo's */
  double h = 1e-4, e1, e0, d1, d0;
  agon_bayeselo_probabilities(h, 97.3, &e1, &d1, NULL);
  agon_bayeselo_probabilities(-h, 97.3, &e0, &d0, NULL);
  double slope = ((e1 + d1 / 2) - (e0 + d0 / 2)) / (2 * h);
  assert_within(slope / (G_LN10 / 1600), agon_bayeselo_scale(97.3), 1e-7, "slope");

  /* the rating model spec */
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonRatingModel) def = agon_rating_model_new("bayeselo", &error);
  assert_non_null(def);
  const AgonRatingOptions *o = agon_rating_model_get_options(def);
  assert_int_equal(o->kind, AGON_RATING_BAYESELO);
  assert_within(o->advantage, 32.8, 0, "default advantage");
  assert_within(o->drawelo, 97.3, 0, "default drawelo");
  assert_within(o->prior, 2, 0, "default prior");
  assert_false(o->fit_advantage || o->fit_drawelo);
  assert_false(agon_rating_model_is_online(def));
  g_autoptr(AgonRatingModel) a =
    agon_rating_model_new("bayeselo(advantage=auto,drawelo=60.5,prior=0)", &error);
  assert_non_null(a);
  o = agon_rating_model_get_options(a);
  assert_true(o->fit_advantage && !o->fit_drawelo);
  assert_within(o->drawelo, 60.5, 0, "drawelo");
  assert_within(o->prior, 0, 0, "prior");
  g_autofree char *s = agon_rating_model_to_string(a);
  assert_string_equal(s, "bayeselo(advantage=auto,drawelo=60.5,prior=0)");
  g_autoptr(AgonRatingModel) again = agon_rating_model_new(s, &error);
  assert_memory_equal(agon_rating_model_get_options(again), o, sizeof *o);
  const char *bad[] = { "bayeselo(advantage=x)", "bayeselo(drawelo=-1)", "bayeselo(prior=-1)",
                        "bayeselo(drawelo=)" };
  for (guint k = 0; k < G_N_ELEMENTS(bad); k++) {
    assert_null(agon_rating_model_new(bad[k], &error));
    assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE) ||
                g_error_matches(error, AGON_ERROR, AGON_ERROR_PARSE));
    g_clear_error(&error);
  }
  assert_null(agon_rating_model_new("bayeselo(k=3)", &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNKNOWN_PARAMETER));
  g_clear_error(&error);

  /* predictions: expected score with draws halved, and the draw chance */
  AgonRating r1 = { 50, 0 }, r2 = { -50, 0 };
  const AgonRating *teams[] = { &r1, &r2 };
  int sizes[] = { 1, 1 };
  double probs[2];
  agon_rating_model_predict_win(def, teams, sizes, 2, probs);
  agon_bayeselo_probabilities(100, 97.3, &w, &d, &l);
  assert_within(probs[0], w + d / 2, 1e-15, "predict win");
  assert_within(probs[0] + probs[1], 1, 1e-15, "sum");
  assert_within(agon_rating_model_predict_draw(def, teams, sizes, 2), d, 1e-15, "draw");
}

/* Results without a finite optimum are refused; a prior rescues a
 * perfect score. */
static void
test_bayeselo_errors(void **state)
{
  (void) state;
  AgonBayeseloFit fit;
  g_autoptr(GError) error = NULL;
  AgonGameResult perfect[] = { { 0, 1, 1 }, { 1, 0, 0 }, { 0, 1, 1 } };
  AgonBayeseloOptions opt;
  agon_bayeselo_options_init(&opt);
  opt.prior = 0;
  assert_false(agon_bayeselo_fit(2, perfect, 3, &opt, &fit, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
  assert_non_null(strstr(error->message, "a prior helps"));
  g_clear_error(&error);
  assert_null(fit.ratings);
  agon_bayeselo_fit_clear(&fit);
  /* prior 2: 2 virtual draws, the winner rated higher, finitely */
  opt.prior = 2;
  assert_true(agon_bayeselo_fit(2, perfect, 3, &opt, &fit, &error));
  assert_true(fit.ratings[0] > 50 && fit.ratings[0] < 200); /* 95.7 */
  assert_within(fit.ratings[0], -fit.ratings[1], 1e-9, "mean 0");
  assert_within(fit.score[0], 3, 0, "real score");
  assert_within(fit.games[1], 3, 0, "real games");
  agon_bayeselo_fit_clear(&fit);

  /* groups that never met: even a prior cannot link them */
  AgonGameResult split[] = { { 0, 1, 1 }, { 0, 1, 0 }, { 2, 3, 0.5 }, { 3, 2, 1 } };
  assert_false(agon_bayeselo_fit(4, split, 4, NULL, &fit, &error));
  assert_non_null(strstr(error->message, "never met"));
  g_clear_error(&error);
  assert_false(agon_bayeselo_fit(5, split, 4, NULL, &fit, &error));
  assert_non_null(strstr(error->message, "player 4 has no games"));
  g_clear_error(&error);
  AgonGameResult odd[] = { { 0, 1, 0.25 } };
  assert_false(agon_bayeselo_fit(2, odd, 1, NULL, &fit, &error));
  assert_non_null(strstr(error->message, "game 0"));
  g_clear_error(&error);
  AgonGameResult self[] = { { 1, 1, 1 } };
  assert_false(agon_bayeselo_fit(2, self, 1, NULL, &fit, &error));
  g_clear_error(&error);
  opt.prior = -1;
  assert_false(agon_bayeselo_fit(2, perfect, 3, &opt, &fit, &error));
  g_clear_error(&error);

  /* drawelo: impossible draws, nothing to estimate it from */
  AgonGameResult mixed[] = { { 0, 1, 1 }, { 0, 1, 0.5 }, { 1, 0, 1 }, { 1, 0, 0.5 } };
  agon_bayeselo_options_init(&opt);
  opt.drawelo = 0;
  assert_false(agon_bayeselo_fit(2, mixed, 4, &opt, &fit, &error));
  assert_non_null(strstr(error->message, "drawelo 0"));
  g_clear_error(&error);
  AgonGameResult decisive[] = { { 0, 1, 1 }, { 0, 1, 0 }, { 1, 0, 1 }, { 1, 0, 0 } };
  opt = (AgonBayeseloOptions) { .drawelo = 0, .fit_drawelo = TRUE };
  assert_false(agon_bayeselo_fit(2, decisive, 4, &opt, &fit, &error));
  assert_non_null(strstr(error->message, "without draws"));
  g_clear_error(&error);
  /* drawelo 0, no draws and no prior: Bradley-Terry with an advantage */
  opt.fit_drawelo = FALSE;
  assert_true(agon_bayeselo_fit(2, decisive, 4, &opt, &fit, &error));
  assert_within(fit.scale, 1, 1e-15, "scale");
  assert_within(fit.ratings[0], 0, 1e-9, "even");
  agon_bayeselo_fit_clear(&fit);
  AgonGameResult drawn[] = { { 0, 1, 0.5 }, { 1, 0, 0.5 } };
  opt = (AgonBayeseloOptions) { .drawelo = 97.3, .fit_drawelo = TRUE };
  assert_false(agon_bayeselo_fit(2, drawn, 2, &opt, &fit, &error));
  assert_non_null(strstr(error->message, "every game is drawn"));
  g_clear_error(&error);

  /* white won every game: the advantage runs away without a prior... */
  AgonGameResult white[] = { { 0, 1, 1 }, { 1, 0, 1 }, { 0, 1, 1 }, { 1, 0, 1 } };
  opt = (AgonBayeseloOptions) { .advantage = 0, .drawelo = 97.3, .fit_advantage = TRUE };
  assert_false(agon_bayeselo_fit(2, white, 4, &opt, &fit, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
  assert_non_null(strstr(error->message, "without bound"));
  g_clear_error(&error);
  agon_bayeselo_fit_clear(&fit);
  /* ...and stays finite with one, equal ratings, white ahead */
  opt.prior = 2;
  assert_true(agon_bayeselo_fit(2, white, 4, &opt, &fit, &error));
  assert_true(fit.advantage > 100 && fit.advantage < 1000);
  assert_within(fit.ratings[0], 0, 1e-9, "equal");
  agon_bayeselo_fit_clear(&fit);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bayeselo_variants),
    cmocka_unit_test(test_bayeselo_default_session),
    cmocka_unit_test(test_bayeselo_mm_1_1),
    cmocka_unit_test(test_bayeselo_two_players),
    cmocka_unit_test(test_bayeselo_model),
    cmocka_unit_test(test_bayeselo_errors),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
