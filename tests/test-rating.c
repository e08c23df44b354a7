/* Tests of include/agon/rating.h.
 *
 * The OpenSkill cases are table-driven from tests/data/ratings/
 * openskill_vectors.json (produced by openskill.js 5.0.1): every case
 * replays its matches and compares the checkpoints, the final ratings, the
 * ordinals and the win / draw / rank predictions. The tolerance is 1e-10
 * relative: the update itself is reproduced to ~1e-15, but the long
 * Thurstone-Mosteller chains amplify the last-bit differences of erfc
 * between libm and V8 to ~1e-12. The batch fits are compared with the
 * file's Bradley-Terry (abs 1e-6 Elo, its suggestion) and Plackett-Luce
 * (abs 1e-9 on log-strengths) references, the head-to-head statistics
 * with every "match_stats" case; Elo (with and without a prior) and SPRT
 * facts are checked against values computed by hand from the formulas.
 * The BayesElo fit has its own program, test-bayeselo.c. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

typedef struct {
  JsonParser *parser;
  JsonObject *root;
} Fixture;

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
  f->root = json_node_get_object(json_parser_get_root(f->parser));
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  Fixture *f = *state;
  g_object_unref(f->parser);
  g_free(f);
  return 0;
}

static void
assert_close(double got, double want, double rel, const char *what)
{
  double tol = rel * MAX(1.0, fabs(want));
  if (!(fabs(got - want) <= tol)) {
    fprintf(stderr, "# %s: got %.17g, want %.17g (diff %.3g)\n", what, got, want,
            fabs(got - want));
    fail();
  }
}

/* ---- OpenSkill vectors ---------------------------------------------- */

typedef struct {
  GHashTable *index; /* name -> 1-based slot */
  AgonRating ratings[64];
  int n;
} Players;

static AgonRating *
player(Players *p, const char *name)
{
  int i = GPOINTER_TO_INT(g_hash_table_lookup(p->index, name));
  assert_true(i > 0);
  return &p->ratings[i - 1];
}

/* Gathers the teams of a JSON [[names], ...] array: pointers into @p. */
static int
gather_teams(Players *p, JsonArray *teams, const AgonRating **ptrs, int *sizes,
             AgonRating *storage)
{
  int n = (int) json_array_get_length(teams), used = 0;
  for (int t = 0; t < n; t++) {
    JsonArray *team = json_array_get_array_element(teams, t);
    sizes[t] = (int) json_array_get_length(team);
    ptrs[t] = storage + used;
    for (int j = 0; j < sizes[t]; j++)
      storage[used++] = *player(p, json_array_get_string_element(team, j));
  }
  return n;
}

static const char *
model_name(const char *openskill)
{
  static const char *const map[][2] = {
    { "PlackettLuce", "plackett-luce" },
    { "BradleyTerryFull", "bradley-terry-full" },
    { "BradleyTerryPart", "bradley-terry-part" },
    { "ThurstoneMostellerFull", "thurstone-mosteller-full" },
    { "ThurstoneMostellerPart", "thurstone-mosteller-part" },
  };
  for (guint i = 0; i < G_N_ELEMENTS(map); i++)
    if (strcmp(map[i][0], openskill) == 0)
      return map[i][1];
  fail_msg("unknown model %s", openskill);
  return NULL;
}

static void
check_ratings(Players *p, JsonObject *want, double tol, const char *id, const char *what)
{
  g_autoptr(GList) names = json_object_get_members(want);
  for (GList *l = names; l; l = l->next) {
    JsonObject *r = json_object_get_object_member(want, l->data);
    AgonRating *got = player(p, l->data);
    g_autofree char *label = g_strdup_printf("%s %s %s", id, what, (char *) l->data);
    assert_close(got->mu, json_object_get_double_member(r, "mu"), tol, label);
    assert_close(got->sigma, json_object_get_double_member(r, "sigma"), tol, label);
  }
}

static void
run_case(JsonObject *c)
{
  const double tol = 1e-10;
  const char *id = json_object_get_string_member(c, "id");
  JsonObject *o = json_object_get_object_member(c, "options");
  /* The options spelled out as a spec string, which also tests parsing. */
  g_autofree char *spec = g_strdup_printf(
    "%s(mu=%.17g,sigma=%.17g,beta=%.17g,tau=%.17g,kappa=%.17g,epsilon=%.17g,z=%.17g,"
    "alpha=%.17g,target=%.17g,limit_sigma=%s,balance=%s)",
    model_name(json_object_get_string_member(c, "model")),
    json_object_get_double_member(o, "mu"), json_object_get_double_member(o, "sigma"),
    json_object_get_double_member(o, "beta"), json_object_get_double_member(o, "tau"),
    json_object_get_double_member(o, "kappa"), json_object_get_double_member(o, "epsilon"),
    json_object_get_double_member(o, "z"), json_object_get_double_member(o, "alpha"),
    json_object_get_double_member(o, "target"),
    json_object_get_boolean_member(o, "limitSigma") ? "true" : "false",
    json_object_get_boolean_member(o, "balance") ? "true" : "false");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonRatingModel) model = agon_rating_model_new(spec, &error);
  assert_non_null(model);

  Players p = { g_hash_table_new(g_str_hash, g_str_equal), { { 0 } }, 0 };
  JsonObject *initial = json_object_get_object_member(c, "initial");
  g_autoptr(GList) names = json_object_get_members(initial);
  for (GList *l = names; l; l = l->next) {
    JsonObject *r = json_object_get_object_member(initial, l->data);
    assert_true(p.n < 64);
    p.ratings[p.n] = (AgonRating) { json_object_get_double_member(r, "mu"),
                                    json_object_get_double_member(r, "sigma") };
    g_hash_table_insert(p.index, l->data, GINT_TO_POINTER(++p.n));
  }

  JsonArray *matches = json_object_get_array_member(c, "matches");
  JsonArray *checkpoints = json_object_get_array_member(c, "checkpoints");
  guint next_cp = 0;
  for (guint m = 0; m < json_array_get_length(matches); m++) {
    JsonObject *match = json_array_get_object_element(matches, m);
    const AgonRating *teams[AGON_RATING_MAX_TEAMS];
    int sizes[AGON_RATING_MAX_TEAMS];
    AgonRating storage[64], out[64];
    JsonArray *jt = json_object_get_array_member(match, "teams");
    int n = gather_teams(&p, jt, teams, sizes, storage);
    gboolean scores = json_object_has_member(match, "scores");
    JsonArray *jr = json_object_get_array_member(match, scores ? "scores" : "ranks");
    double ranks[AGON_RATING_MAX_TEAMS];
    for (int t = 0; t < n; t++)
      ranks[t] = json_array_get_double_element(jr, t);
    agon_rating_model_rate(model, teams, sizes, n, ranks, scores, NULL, out);
    for (int t = 0, k = 0; t < n; t++) {
      JsonArray *team = json_array_get_array_element(jt, t);
      for (int j = 0; j < sizes[t]; j++)
        *player(&p, json_array_get_string_element(team, j)) = out[k++];
    }
    if (next_cp < json_array_get_length(checkpoints)) {
      JsonObject *cp = json_array_get_object_element(checkpoints, next_cp);
      if (json_object_get_int_member(cp, "after_match") == (gint64) m + 1) {
        check_ratings(&p, json_object_get_object_member(cp, "ratings"), tol, id, "checkpoint");
        next_cp++;
      }
    }
  }
  assert_int_equal(next_cp, json_array_get_length(checkpoints));
  check_ratings(&p, json_object_get_object_member(c, "expected"), tol, id, "final");

  JsonObject *ord = json_object_get_object_member(c, "ordinal");
  g_autoptr(GList) onames = json_object_get_members(ord);
  for (GList *l = onames; l; l = l->next)
    assert_close(agon_rating_model_ordinal(model, *player(&p, l->data)),
                 json_object_get_double_member(ord, l->data), tol, id);

  JsonArray *pw = json_object_get_array_member(c, "predict_win");
  for (guint k = 0; k < json_array_get_length(pw); k++) {
    JsonObject *e = json_array_get_object_element(pw, k);
    const AgonRating *teams[AGON_RATING_MAX_TEAMS];
    int sizes[AGON_RATING_MAX_TEAMS];
    AgonRating storage[64];
    int n = gather_teams(&p, json_object_get_array_member(e, "teams"), teams, sizes, storage);
    double probs[AGON_RATING_MAX_TEAMS];
    agon_rating_model_predict_win(model, teams, sizes, n, probs);
    JsonArray *want = json_object_get_array_member(e, "probabilities");
    for (int t = 0; t < n; t++)
      assert_close(probs[t], json_array_get_double_element(want, t), tol, id);
  }
  JsonArray *pd = json_object_get_array_member(c, "predict_draw");
  for (guint k = 0; k < json_array_get_length(pd); k++) {
    JsonObject *e = json_array_get_object_element(pd, k);
    const AgonRating *teams[AGON_RATING_MAX_TEAMS];
    int sizes[AGON_RATING_MAX_TEAMS];
    AgonRating storage[64];
    int n = gather_teams(&p, json_object_get_array_member(e, "teams"), teams, sizes, storage);
    assert_close(agon_rating_model_predict_draw(model, teams, sizes, n),
                 json_object_get_double_member(e, "draw_probability"), tol, id);
  }
  JsonArray *pr = json_object_get_array_member(c, "predict_rank");
  for (guint k = 0; k < json_array_get_length(pr); k++) {
    JsonObject *e = json_array_get_object_element(pr, k);
    const AgonRating *teams[AGON_RATING_MAX_TEAMS];
    int sizes[AGON_RATING_MAX_TEAMS];
    AgonRating storage[64];
    int n = gather_teams(&p, json_object_get_array_member(e, "teams"), teams, sizes, storage);
    int ranks[AGON_RATING_MAX_TEAMS];
    double probs[AGON_RATING_MAX_TEAMS];
    agon_rating_model_predict_rank(model, teams, sizes, n, ranks, probs);
    JsonArray *want = json_object_get_array_member(e, "rank_and_probability");
    for (int t = 0; t < n; t++) {
      JsonArray *rp = json_array_get_array_element(want, t);
      assert_int_equal(ranks[t], json_array_get_int_element(rp, 0));
      assert_close(probs[t], json_array_get_double_element(rp, 1), tol, id);
    }
  }
  g_hash_table_destroy(p.index);
}

static void
test_openskill_vectors(void **state)
{
  Fixture *f = *state;
  JsonArray *cases = json_object_get_array_member(f->root, "cases");
  guint n = json_array_get_length(cases);
  assert_int_equal(n, json_object_get_int_member(f->root, "case_count"));
  assert_int_equal(n, 100);
  for (guint i = 0; i < n; i++)
    run_case(json_array_get_object_element(cases, i));
}

static void
test_rating_model_specs(void **state)
{
  (void) state;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonRatingModel) def = agon_rating_model_new(NULL, &error);
  assert_non_null(def);
  const AgonRatingOptions *o = agon_rating_model_get_options(def);
  assert_int_equal(o->kind, AGON_RATING_PLACKETT_LUCE);
  assert_close(o->sigma, 25.0 / 3, 1e-15, "sigma");
  assert_close(o->beta, 25.0 / 6, 1e-15, "beta");
  assert_close(o->tau, 25.0 / 300, 1e-15, "tau");
  assert_close(o->kappa, 1e-4, 1e-15, "kappa");
  g_autoptr(AgonRatingModel) derived = agon_rating_model_new("thurstone-mosteller-part(mu=1500)",
                                                             &error);
  assert_non_null(derived);
  assert_close(agon_rating_model_get_options(derived)->sigma, 500, 1e-12, "sigma");
  assert_close(agon_rating_model_get_options(derived)->tau, 5, 1e-12, "tau");
  g_autofree char *s = agon_rating_model_to_string(derived);
  g_autoptr(AgonRatingModel) again = agon_rating_model_new(s, &error);
  assert_non_null(again);
  assert_memory_equal(agon_rating_model_get_options(again),
                      agon_rating_model_get_options(derived), sizeof(AgonRatingOptions));

  assert_null(agon_rating_model_new("glicko", &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME));
  g_clear_error(&error);
  assert_null(agon_rating_model_new("plackett-luce(foo=1)", &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNKNOWN_PARAMETER));
  g_clear_error(&error);
  assert_null(agon_rating_model_new("plackett-luce(sigma=-1)", &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
  g_clear_error(&error);
  g_autoptr(AgonRatingModel) mle = agon_rating_model_new("plackett-luce-mle", &error);
  assert_false(agon_rating_model_is_online(mle));
}

/* Scores and ranks, and teams given out of order, give the same update. */
static void
test_rating_scores_and_order(void **state)
{
  (void) state;
  g_autoptr(AgonRatingModel) model = agon_rating_model_new("plackett-luce", NULL);
  AgonRating a = { 30, 6 }, b = { 25, 8 }, c = { 20, 7 };
  const AgonRating *t1[] = { &a, &b, &c }, *t2[] = { &c, &a, &b };
  int sizes[] = { 1, 1, 1 };
  AgonRating r1[3], r2[3], r3[3];
  double ranks1[] = { 2, 1, 3 }, ranks2[] = { 3, 2, 1 }, scores1[] = { 10, 20, 5 };
  agon_rating_model_rate(model, t1, sizes, 3, ranks1, FALSE, NULL, r1);
  agon_rating_model_rate(model, t2, sizes, 3, ranks2, FALSE, NULL, r2);
  agon_rating_model_rate(model, t1, sizes, 3, scores1, TRUE, NULL, r3);
  for (int i = 0; i < 3; i++) {
    assert_close(r1[i].mu, r2[(i + 1) % 3].mu, 1e-15, "mu");
    assert_close(r1[i].sigma, r2[(i + 1) % 3].sigma, 1e-15, "sigma");
    assert_close(r1[i].mu, r3[i].mu, 1e-15, "mu");
  }
  assert_true(r1[1].mu > b.mu && r1[2].mu < c.mu);
  /* out may be the players' own memory */
  AgonRating both[2] = { { 25, 25.0 / 3 }, { 25, 25.0 / 3 } };
  const AgonRating *tt[] = { &both[0], &both[1] };
  int one[] = { 1, 1 };
  agon_rating_model_rate(model, tt, one, 2, NULL, FALSE, NULL, both);
  assert_close(both[0].mu, 27.635389493140497, 1e-12, "winner");
  assert_close(both[1].mu, 22.364610506859503, 1e-12, "loser");

  /* openskill.js's quirk, kept on purpose: a rank of 0 is replaced by the
   * team's position, so ranks {0, 0} are not a tie but {1, 1} are. */
  AgonRating zero[2], tie[2], win[2];
  double r00[] = { 0, 0 }, r11[] = { 1, 1 }, r12[] = { 1, 2 };
  const AgonRating *fresh[] = { &a, &b };
  agon_rating_model_rate(model, fresh, one, 2, r00, FALSE, NULL, zero);
  agon_rating_model_rate(model, fresh, one, 2, r11, FALSE, NULL, tie);
  agon_rating_model_rate(model, fresh, one, 2, r12, FALSE, NULL, win);
  assert_close(zero[0].mu, win[0].mu, 1e-15, "quirk");
  assert_true(fabs(tie[0].mu - win[0].mu) > 0.1);
}

/* ---- Elo ------------------------------------------------------------ */

static void
test_elo_online(void **state)
{
  Fixture *f = *state;
  JsonObject *bt = json_array_get_object_element(
    json_object_get_array_member(f->root, "bradley_terry_elo"), 0);
  JsonArray *players = json_object_get_array_member(bt, "players");
  JsonArray *games = json_object_get_array_member(bt, "games");
  JsonObject *inc = json_object_get_object_member(bt, "incremental_elo_for_comparison");
  int n = (int) json_array_get_length(players);
  const char *variants[] = { "K32_start1500", "K16_start1500" };
  const double ks[] = { 32, 16 };
  for (int v = 0; v < 2; v++) {
    double r[16];
    for (int i = 0; i < n; i++)
      r[i] = 1500;
    for (guint g = 0; g < json_array_get_length(games); g++) {
      JsonArray *e = json_array_get_array_element(games, g);
      int a = atoi(json_array_get_string_element(e, 0) + 1) - 1;
      int b = atoi(json_array_get_string_element(e, 1) + 1) - 1;
      agon_elo_update(&r[a], &r[b], json_array_get_double_element(e, 2), ks[v]);
    }
    JsonObject *want = json_object_get_object_member(inc, variants[v]);
    for (int i = 0; i < n; i++)
      assert_close(r[i],
                   json_object_get_double_member(want, json_array_get_string_element(players, i)),
                   1e-12, variants[v]);
  }
  /* the "elo" rating model applies the same update */
  g_autoptr(AgonRatingModel) model = agon_rating_model_new("elo(k=32)", NULL);
  AgonRating x = agon_rating_model_default_rating(model), y = { 1600, 0 };
  const AgonRating *teams[] = { &x, &y };
  int sizes[] = { 1, 1 };
  AgonRating out[2];
  agon_rating_model_rate(model, teams, sizes, 2, NULL, FALSE, NULL, out);
  double e = 1 / (1 + pow(10, 100.0 / 400));
  assert_close(out[0].mu, 1500 + 32 * (1 - e), 1e-12, "elo model");
  assert_close(out[1].mu, 1600 - 32 * (1 - e), 1e-12, "elo model");
}

static void
test_elo_fit_vector(void **state)
{
  Fixture *f = *state;
  JsonObject *bt = json_array_get_object_element(
    json_object_get_array_member(f->root, "bradley_terry_elo"), 0);
  JsonArray *players = json_object_get_array_member(bt, "players");
  JsonArray *games = json_object_get_array_member(bt, "games");
  int n = (int) json_array_get_length(players), ng = (int) json_array_get_length(games);
  g_autofree AgonGameResult *res = g_new(AgonGameResult, ng);
  for (int g = 0; g < ng; g++) {
    JsonArray *e = json_array_get_array_element(games, g);
    res[g].a = atoi(json_array_get_string_element(e, 0) + 1) - 1;
    res[g].b = atoi(json_array_get_string_element(e, 1) + 1) - 1;
    res[g].score = json_array_get_double_element(e, 2);
  }
  AgonEloFit fit;
  g_autoptr(GError) error = NULL;
  assert_true(agon_elo_fit(n, res, ng, NULL, &fit, &error));
  JsonObject *exp = json_object_get_object_member(json_object_get_object_member(bt, "expected"),
                                                  "ratings");
  JsonObject *diag = json_object_get_object_member(bt, "diagnostics");
  JsonObject *se = json_object_get_object_member(diag, "standard_errors_elo_mean0_gauge");
  JsonObject *los = json_object_get_object_member(diag, "los_from_covariance");
  for (int i = 0; i < n; i++) {
    const char *name = json_array_get_string_element(players, i);
    double want = json_object_get_double_member(exp, name);
    if (!(fabs(fit.ratings[i] - want) <= 1e-6))
      fail_msg("%s: %.12g, want %.12g", name, fit.ratings[i], want);
    assert_close(fit.stderrs[i], json_object_get_double_member(se, name), 1e-8, "stderr");
    JsonObject *row = json_object_get_object_member(los, name);
    for (int j = 0; j < n; j++)
      if (j != i)
        assert_close(fit.los[i * n + j],
                     json_object_get_double_member(row,
                                                   json_array_get_string_element(players, j)),
                     1e-8, "los");
  }
  assert_close(fit.loglik, json_object_get_double_member(diag, "loglik_at_optimum"), 1e-10,
               "loglik");
  agon_elo_fit_clear(&fit);
}

static void
test_elo_fit_two_players(void **state)
{
  (void) state;
  /* 3 wins, 1 loss: the MLE difference is 400 log10(3) (P = 3/4). */
  AgonGameResult g[] = { { 0, 1, 1 }, { 0, 1, 1 }, { 1, 0, 0 }, { 0, 1, 0 } };
  AgonEloFit fit;
  assert_true(agon_elo_fit(2, g, 4, NULL, &fit, NULL));
  double d = 400 * log10(3);
  assert_close(fit.ratings[0], d / 2, 1e-10, "mean 0");
  assert_close(fit.ratings[1], -d / 2, 1e-10, "mean 0");
  /* Var of the difference = 1 / (N p (1-p)) in log-odds units. */
  double sd_diff = 400 / G_LN10 / sqrt(4 * 0.75 * 0.25);
  assert_close(fit.stderrs[0], sd_diff / 2, 1e-9, "stderr");
  assert_close(fit.los[0 * 2 + 1], 0.5 * erfc(-(d / sd_diff) / G_SQRT2), 1e-9, "los");
  double width_small = fit.ci95_high[0] - fit.ci95_low[0];
  agon_elo_fit_clear(&fit);

  /* anchored at player 1, with an offset */
  AgonEloFitOptions opt = { .anchor = 1, .offset = 1500 };
  assert_true(agon_elo_fit(2, g, 4, &opt, &fit, NULL));
  assert_close(fit.ratings[1], 1500, 1e-12, "anchor");
  assert_close(fit.ratings[0], 1500 + d, 1e-10, "anchored");
  assert_close(fit.stderrs[1], 0, 1e-12, "anchor stderr");
  assert_close(fit.stderrs[0], sd_diff, 1e-9, "anchored stderr");
  agon_elo_fit_clear(&fit);

  /* ten times the games: same ratings, intervals sqrt(10) narrower */
  AgonGameResult many[40];
  for (int i = 0; i < 40; i++)
    many[i] = g[i % 4];
  assert_true(agon_elo_fit(2, many, 40, NULL, &fit, NULL));
  assert_close(fit.ratings[0], d / 2, 1e-10, "more games");
  double width_big = fit.ci95_high[0] - fit.ci95_low[0];
  assert_true(width_big < width_small);
  assert_close(width_small / width_big, sqrt(10), 1e-9, "shrink");
  agon_elo_fit_clear(&fit);

  /* draws are half wins: 1 win + 2 draws + 1 loss is even */
  AgonGameResult even[] = { { 0, 1, 1 }, { 0, 1, 0.5 }, { 0, 1, 0.5 }, { 0, 1, 0 } };
  assert_true(agon_elo_fit(2, even, 4, NULL, &fit, NULL));
  assert_close(fit.ratings[0], 0, 1e-10, "even");
  agon_elo_fit_clear(&fit);
}

static void
test_elo_fit_errors(void **state)
{
  (void) state;
  AgonEloFit fit;
  g_autoptr(GError) error = NULL;
  AgonGameResult perfect[] = { { 0, 1, 1 }, { 0, 1, 1 } };
  assert_false(agon_elo_fit(2, perfect, 2, NULL, &fit, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
  g_clear_error(&error);
  /* two groups that never met */
  AgonGameResult split[] = { { 0, 1, 1 }, { 0, 1, 0 }, { 2, 3, 1 }, { 2, 3, 0 } };
  assert_false(agon_elo_fit(4, split, 4, NULL, &fit, &error));
  g_clear_error(&error);
  AgonGameResult bad[] = { { 0, 5, 1 } };
  assert_false(agon_elo_fit(2, bad, 1, NULL, &fit, &error));
  agon_elo_fit_clear(&fit);
}

/* The batch Bradley-Terry fit with the same virtual draws. */
static void
test_elo_fit_prior(void **state)
{
  (void) state;
  AgonGameResult perfect[] = { { 0, 1, 1 }, { 1, 0, 0 }, { 0, 1, 1 } };
  AgonEloFit fit;
  g_autoptr(GError) error = NULL;
  assert_false(agon_elo_fit(2, perfect, 3, NULL, &fit, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
  assert_null(fit.ratings);
  g_clear_error(&error);
  /* prior 2: 2 * 0.5 * 3 * (1/3 + 1/3) = 2 virtual draws, so A scores 4
   * of 5: A - B = 400 log10(4). */
  AgonEloFitOptions opt = { .anchor = -1, .prior = 2 };
  assert_true(agon_elo_fit(2, perfect, 3, &opt, &fit, &error));
  assert_near(fit.ratings[0] - fit.ratings[1], 400 * log10(4), 1e-9);
  assert_near(fit.score[0], 3, 0);
  assert_near(fit.games[0], 3, 0);
  /* the information counts 5 games: var(diff) = 1 / (5 p (1-p)) */
  double sd = 400 / G_LN10 / sqrt(5 * 0.8 * 0.2);
  assert_near(fit.stderrs[0], sd / 2, 1e-9);
  agon_elo_fit_clear(&fit);
  opt.prior = -1;
  assert_false(agon_elo_fit(2, perfect, 3, &opt, &fit, &error));
  g_clear_error(&error);
  /* unequal schedules: virtual draws follow BayesElo's rule per pair */
  AgonGameResult three[] = { { 0, 1, 1 }, { 0, 1, 1 }, { 1, 2, 1 }, { 0, 2, 1 } };
  opt.prior = 0;
  assert_false(agon_elo_fit(3, three, 4, &opt, &fit, &error));
  g_clear_error(&error);
  opt.prior = 1;
  assert_true(agon_elo_fit(3, three, 4, &opt, &fit, &error));
  assert_true(fit.ratings[0] > fit.ratings[1] && fit.ratings[1] > fit.ratings[2]);
  /* The same as a prior-free fit with the virtual draws written out.
   * Games: 3, 3 and 2; pairs (0,1), (1,2), (0,2) met 2, 1 and 1 times, so
   * they get 1 * 2 * (1/3 + 1/3) / 2 = 2/3, 5/12 and 5/12 draws. Scaling
   * every count by 12 leaves the MLE alone and makes them whole: 8, 5
   * and 5 draws beside 12 copies of the games. */
  GArray *big = g_array_new(FALSE, FALSE, sizeof(AgonGameResult));
  for (int r = 0; r < 12; r++)
    g_array_append_vals(big, three, 4);
  const int draws[][3] = { { 0, 1, 8 }, { 1, 2, 5 }, { 0, 2, 5 } };
  for (int p = 0; p < 3; p++)
    for (int d = 0; d < draws[p][2]; d++) {
      AgonGameResult g = { draws[p][0], draws[p][1], 0.5 };
      g_array_append_val(big, g);
    }
  AgonEloFit plain;
  assert_true(agon_elo_fit(3, (AgonGameResult *) big->data, (int) big->len, NULL, &plain,
                           &error));
  for (int i = 0; i < 3; i++)
    assert_near(fit.ratings[i], plain.ratings[i], 1e-8);
  g_array_unref(big);
  agon_elo_fit_clear(&plain);
  agon_elo_fit_clear(&fit);
}

/* ---- batch Plackett-Luce -------------------------------------------- */

static void
test_pl_fit_vector(void **state)
{
  Fixture *f = *state;
  JsonObject *pl = json_array_get_object_element(
    json_object_get_array_member(f->root, "plackett_luce_mle"), 0);
  JsonArray *players = json_object_get_array_member(pl, "players");
  JsonArray *matches = json_object_get_array_member(pl, "matches");
  int n = (int) json_array_get_length(players), nm = (int) json_array_get_length(matches);
  g_autofree AgonRankedResult *res = g_new(AgonRankedResult, nm);
  g_autofree int *ids = g_new(int, nm * 8);
  g_autofree double *ranks = g_new(double, nm * 8);
  for (int m = 0; m < nm; m++) {
    JsonObject *o = json_array_get_object_element(matches, m);
    JsonArray *teams = json_object_get_array_member(o, "teams");
    JsonArray *r = json_object_get_array_member(o, "ranks");
    int k = (int) json_array_get_length(teams);
    assert_true(k <= 8);
    for (int t = 0; t < k; t++) {
      const char *name = json_array_get_string_element(json_array_get_array_element(teams, t), 0);
      ids[m * 8 + t] = atoi(name + 1) - 1;
      ranks[m * 8 + t] = json_array_get_double_element(r, t);
    }
    res[m] = (AgonRankedResult) { k, ids + m * 8, ranks + m * 8 };
  }
  AgonPlFit fit;
  g_autoptr(GError) error = NULL;
  assert_true(agon_pl_fit(n, res, nm, NULL, &fit, &error));
  JsonObject *want = json_object_get_object_member(
    json_object_get_object_member(json_object_get_object_member(pl, "expected"), "breslow"),
    "log_strengths_sum0");
  for (int i = 0; i < n; i++) {
    const char *name = json_array_get_string_element(players, i);
    double w = json_object_get_double_member(want, name);
    if (!(fabs(fit.theta[i] - w) <= 1e-9))
      fail_msg("%s: %.15g, want %.15g", name, fit.theta[i], w);
  }
  assert_close(fit.loglik,
               json_object_get_double_member(
                 json_object_get_object_member(
                   json_object_get_object_member(pl, "expected"), "breslow"),
                 "loglik_at_optimum"),
               1e-10, "loglik");
  agon_pl_fit_clear(&fit);
}

static void
test_pl_fit_pairs(void **state)
{
  (void) state;
  /* Two-player results are Bradley-Terry: 3 wins to 1 gives theta
   * difference ln 3, so theta = +-ln(3)/2. */
  int ab[] = { 0, 1 };
  double first[] = { 1, 2 }, second[] = { 2, 1 };
  AgonRankedResult r[] = { { 2, ab, first }, { 2, ab, first }, { 2, ab, first },
                           { 2, ab, second } };
  AgonPlFit fit;
  assert_true(agon_pl_fit(2, r, 4, NULL, &fit, NULL));
  assert_close(fit.theta[0], log(3) / 2, 1e-12, "theta");
  assert_close(fit.elo[0] - fit.elo[1], 400 * log10(3), 1e-9, "elo");
  agon_pl_fit_clear(&fit);
  g_autoptr(GError) error = NULL;
  assert_false(agon_pl_fit(2, r, 3, NULL, &fit, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
}

/* ---- head-to-head statistics ----------------------------------------- */

/* Every "match_stats" case of the vectors file: the numbers to 1e-12
 * relative (the file computes the same formulas in double precision) and
 * the lines cutechess-cli and fastchess print, character for character. */
static void
test_match_stats_vectors(void **state)
{
  Fixture *f = *state;
  JsonArray *cases = json_object_get_array_member(
    json_object_get_object_member(f->root, "match_stats"), "cases");
  guint n = json_array_get_length(cases);
  assert_true(n >= 5);
  for (guint k = 0; k < n; k++) {
    JsonObject *c = json_array_get_object_element(cases, k);
    int w = (int) json_object_get_int_member(c, "wins");
    int d = (int) json_object_get_int_member(c, "draws");
    int l = (int) json_object_get_int_member(c, "losses");
    AgonMatchStats st = agon_match_stats(w, d, l);
    assert_int_equal(st.games, json_object_get_int_member(c, "games"));
    const double tol = 1e-12;
#define FIELD(name) json_object_get_double_member(c, name)
    assert_close(st.score, FIELD("score_fraction"), tol, "score");
    assert_close(st.elo, FIELD("elo_diff"), tol, "elo");
    assert_close(st.variance, FIELD("per_game_variance"), tol, "variance");
    assert_close(st.elo_error_cutechess, FIELD("error_margin_95_cutechess_approx_quantile"), tol,
                 "cutechess margin");
    assert_close(st.elo_error, FIELD("error_margin_95_fastchess_exact_z"), tol, "margin");
    assert_close(100 * st.los_cutechess, FIELD("los_percent_cutechess_wins_losses"), tol,
                 "cutechess los");
    assert_close(100 * st.los, FIELD("los_percent_fastchess_score_variance"), tol, "los");
    assert_close(st.nelo, FIELD("nelo_fastchess"), tol, "nelo");
    assert_close(st.nelo_error, FIELD("nelo_error_fastchess"), tol, "nelo error");
    assert_close(st.draw_ratio, FIELD("draw_ratio"), tol, "draw ratio");
#undef FIELD
    g_autofree char *cute = agon_match_stats_format(&st, AGON_MATCH_STATS_CUTECHESS);
    assert_string_equal(cute, json_object_get_string_member(c, "cutechess_line"));
    g_autofree char *fast = agon_match_stats_format(&st, AGON_MATCH_STATS_FASTCHESS);
    assert_string_equal(fast, json_object_get_string_member(c, "fastchess_elo_field"));
  }
}

/* The corners: no games, nothing but draws, a perfect score, and an
 * interval that reaches a score of 1. */
static void
test_match_stats_corners(void **state)
{
  (void) state;
  AgonMatchStats st = agon_match_stats(0, 0, 0);
  assert_int_equal(st.games, 0);
  assert_true(isnan(st.score) && isnan(st.elo) && isnan(st.los) && isnan(st.elo_error));
  assert_true(isnan(st.los_cutechess) && isnan(st.nelo) && isnan(st.draw_ratio));

  st = agon_match_stats(0, 10, 0);
  assert_close(st.elo, 0, 0, "draws elo");
  assert_close(st.elo_error, 0, 0, "draws margin");
  assert_close(st.los, 0.5, 0, "draws los");
  assert_close(st.los_cutechess, 0.5, 0, "draws los");
  assert_close(st.nelo, 0, 0, "draws nelo");
  assert_close(st.draw_ratio, 1, 0, "draw ratio");

  st = agon_match_stats(5, 0, 0);
  assert_true(isinf(st.elo) && st.elo > 0);
  assert_true(isnan(st.elo_error) && isnan(st.elo_error_cutechess));
  assert_close(st.los, 1, 0, "perfect los");
  assert_close(st.los_cutechess, 0.5 + 0.5 * erf(5 / sqrt(10)), 1e-15, "perfect los");
  st = agon_match_stats(0, 1, 4);
  assert_true(isinf(st.elo) == 0 && st.elo < 0);
  assert_true(st.los < 0.5);

  /* 3 wins, 1 draw: s = 7/8, sd = sqrt(var / 4) = 0.108, s + 1.96 sd > 1 */
  st = agon_match_stats(3, 1, 0);
  assert_close(st.elo, -400 * log10(8.0 / 7 - 1), 1e-12, "elo");
  assert_true(isinf(st.elo_error) && isinf(st.elo_error_cutechess));
  g_autofree char *line = agon_match_stats_format(&st, AGON_MATCH_STATS_CUTECHESS);
  assert_string_equal(line, "Elo difference: 338.0 +/- inf, LOS: 95.8 %, DrawRatio: 25.0 %");

  /* symmetric: B's view of the same match */
  AgonMatchStats a = agon_match_stats(30, 50, 20), b = agon_match_stats(20, 50, 30);
  assert_close(a.elo, -b.elo, 1e-12, "mirror elo");
  assert_close(a.elo_error, b.elo_error, 1e-12, "mirror margin");
  assert_close(a.los + b.los, 1, 1e-12, "mirror los");
  assert_close(a.los_cutechess + b.los_cutechess, 1, 1e-12, "mirror los");
}

/* ---- SPRT ----------------------------------------------------------- */

/* One game between players @elo apart, drawn with probability @draw:
 * 2 win, 1 draw, 0 loss (half points). The expected score is the
 * logistic one, so the Elo difference is exactly @elo. */
static int
synthetic_game(AgonRng *rng, double elo, double draw)
{
  double s = 1 / (1 + pow(10, -elo / 400));
  double u = agon_rng_uniform(rng);
  if (u < s - draw / 2)
    return 2;
  return u < s + draw / 2 ? 1 : 0;
}

typedef enum { LLR_TRINOMIAL, LLR_PENTANOMIAL, LLR_TRINOMIAL_EXACT, LLR_PENTANOMIAL_EXACT } LlrKind;

/* Runs SPRTs on synthetic matches of true difference @elo until each
 * decides (games in pairs for the pentanomial models); returns how many
 * of @runs accepted H1. */
static int
sprt_accepts_h1(const AgonSprt *s, double elo, LlrKind kind, int runs, guint64 seed)
{
  AgonRng rng;
  agon_rng_init(&rng, seed);
  int h1 = 0;
  gboolean pairs_of_games = kind == LLR_PENTANOMIAL || kind == LLR_PENTANOMIAL_EXACT;
  for (int r = 0; r < runs; r++) {
    int count[5] = { 0 };
    AgonSprtResult result = AGON_SPRT_CONTINUE;
    for (int g = 0; result == AGON_SPRT_CONTINUE && g < 1000000; g++) {
      if (pairs_of_games)
        count[synthetic_game(&rng, elo, 0.3) + synthetic_game(&rng, elo, 0.3)]++;
      else
        count[synthetic_game(&rng, elo, 0.3)]++;
      double llr = kind == LLR_TRINOMIAL ? agon_sprt_llr_trinomial(s, count[2], count[1], count[0])
                   : kind == LLR_PENTANOMIAL ? agon_sprt_llr_pentanomial(s, count)
                   : kind == LLR_TRINOMIAL_EXACT
                     ? agon_sprt_llr_trinomial_exact(s, count[2], count[1], count[0])
                     : agon_sprt_llr_pentanomial_exact(s, count);
      result = agon_sprt_decide(s, llr);
    }
    assert_int_not_equal(result, AGON_SPRT_CONTINUE);
    h1 += result == AGON_SPRT_ACCEPT_H1;
  }
  return h1;
}

/* Fails unless the error rates of @kind on matches at exactly elo0 and
 * elo1 stay within alpha and beta plus 3 binomial standard deviations
 * over @runs runs (a correct SPRT fails this with probability under
 * 0.2%), and matches far from both hypotheses are decided right. */
static void
assert_error_rates(const AgonSprt *s, LlrKind kind, int runs, guint64 seed)
{
  int false_h1 = sprt_accepts_h1(s, s->elo0, kind, runs, seed);
  int true_h1 = sprt_accepts_h1(s, s->elo1, kind, runs, seed + 1);
  if (false_h1 > runs * s->alpha + 3 * sqrt(runs * s->alpha * (1 - s->alpha))
      || runs - true_h1 > runs * s->beta + 3 * sqrt(runs * s->beta * (1 - s->beta)))
    fail_msg("LLR %d, bounds [%g, %g]: H1 accepted %d / %d at elo0, %d / %d at elo1", kind,
             s->elo0, s->elo1, false_h1, runs, true_h1, runs);
  double spread = s->elo1 - s->elo0;
  assert_int_equal(sprt_accepts_h1(s, s->elo0 - 3 * spread, kind, 20, seed + 2), 0);
  assert_int_equal(sprt_accepts_h1(s, s->elo1 + 3 * spread, kind, 20, seed + 3), 20);
}

/* The test's error rates on matches whose answer is known. With bounds a
 * few Elo apart, as engine testers set them, every model keeps them.
 * With bounds 40 Elo apart a test decides within tens of games, where
 * the normal approximation errs up to twice as often as alpha (not
 * asserted) and the exact LLR still keeps alpha and beta. */
static void
test_sprt_error_rates(void **state)
{
  (void) state;
  AgonSprt narrow = { .elo0 = 0, .elo1 = 10, .alpha = 0.05, .beta = 0.1 };
  for (LlrKind kind = LLR_TRINOMIAL; kind <= LLR_PENTANOMIAL_EXACT; kind++)
    assert_error_rates(&narrow, kind, 200, 11 + 10 * kind);
  AgonSprt wide = { .elo0 = 0, .elo1 = 40, .alpha = 0.05, .beta = 0.1 };
  assert_error_rates(&wide, LLR_TRINOMIAL_EXACT, 400, 101);
  assert_error_rates(&wide, LLR_PENTANOMIAL_EXACT, 400, 111);
}

/* The exact LLR agrees with the normal approximation where samples are
 * many, and is 0 without samples. */
static void
test_sprt_exact(void **state)
{
  (void) state;
  AgonSprt s = { .elo0 = 0, .elo1 = 10, .alpha = 0.05, .beta = 0.05 };
  double approx = agon_sprt_llr_trinomial(&s, 1300, 2000, 1000);
  double exact = agon_sprt_llr_trinomial_exact(&s, 1300, 2000, 1000);
  assert_near(exact, approx, 0.05 * fabs(approx));
  int pairs[5] = { 100, 600, 1500, 700, 120 };
  double penta = agon_sprt_llr_pentanomial(&s, pairs);
  assert_near(agon_sprt_llr_pentanomial_exact(&s, pairs), penta, 0.05 * fabs(penta));
  assert_near(agon_sprt_llr_trinomial_exact(&s, 0, 0, 0), 0, 0);
  int none[5] = { 0 };
  assert_near(agon_sprt_llr_pentanomial_exact(&s, none), 0, 0);
  /* A score exactly at s0 gives H0 its unconstrained MLE: the LLR is
   * minus a Kullback-Leibler sum, so negative. */
  assert_true(agon_sprt_llr_trinomial_exact(&s, 100, 100, 100) < 0);
  /* More wins, more evidence for H1. */
  assert_true(agon_sprt_llr_trinomial_exact(&s, 120, 100, 100)
              > agon_sprt_llr_trinomial_exact(&s, 110, 100, 100));
}

static void
test_sprt(void **state)
{
  (void) state;
  AgonSprt s = { .elo0 = 0, .elo1 = 10, .alpha = 0.05, .beta = 0.05 };
  double lo, hi;
  agon_sprt_bounds(&s, &lo, &hi);
  assert_close(lo, log(0.05 / 0.95), 1e-15, "lower");
  assert_close(hi, log(0.95 / 0.05), 1e-15, "upper");
  assert_close(hi, 2.9444389791664403, 1e-15, "upper");

  /* By hand: 3 wins, 2 draws, 1 loss: N=6, s = 4/6, var = (3 (1/3)^2 +
   * 2 (1/6)^2 + (2/3)^2)/6 = (1/3 + 1/18 + 4/9)/6 = 5/36. */
  double s0 = 0.5, s1 = 1 / (1 + pow(10, -10.0 / 400));
  double want = 6 * (s1 - s0) * (2 * (4.0 / 6) - s0 - s1) / (2 * (5.0 / 36));
  assert_close(agon_sprt_llr_trinomial(&s, 3, 2, 1), want, 1e-12, "trinomial");
  /* Pentanomial: pairs scoring 0, 1/2, 1, 3/2, 2 points, 1 each: mean 1/2,
   * var = (1/4 + 1/16 + 0 + 1/16 + 1/4)/5 = 1/8; N = 5 pairs. */
  int pairs[5] = { 1, 1, 1, 1, 1 };
  want = 5 * (s1 - s0) * (1 - s0 - s1) / (2 * 0.125);
  assert_close(agon_sprt_llr_pentanomial(&s, pairs), want, 1e-12, "pentanomial");
  assert_true(agon_sprt_llr_pentanomial(&s, pairs) < 0);

  /* cutechess: w=l gives drawelo = 200 log10(((1-p)/p)^2), elo0=0 means
   * p0 = the observed frequencies. */
  int w = 30, d = 40, l = 30;
  double pw = 0.3, pl = 0.3;
  double de = 200 * log10((1 - pl) / pl * (1 - pw) / pw);
  double x = pow(10, -de / 400), sc = 4 * x / ((1 + x) * (1 + x));
  double w1 = 1 / (1 + pow(10, (de - 10 / sc) / 400));
  double l1 = 1 / (1 + pow(10, (de + 10 / sc) / 400));
  double w0 = 1 / (1 + pow(10, de / 400));
  assert_close(w0, 0.3, 1e-12, "p0 win");
  want = w * log(w1 / w0) + l * log(l1 / w0) + d * log((1 - w1 - l1) / (1 - 2 * w0));
  assert_close(agon_sprt_llr_cutechess(&s, w, d, l), want, 1e-12, "cutechess");
  assert_close(agon_sprt_llr_cutechess(&s, 0, d, l), 0, 0, "cutechess zero");

  /* Decisions: a clearly stronger A accepts H1, an equal one H0. */
  double strong = agon_sprt_llr_trinomial(&s, 1300, 2000, 1000);
  assert_int_equal(agon_sprt_decide(&s, strong), AGON_SPRT_ACCEPT_H1);
  assert_int_equal(agon_sprt_decide(&s, agon_sprt_llr_cutechess(&s, 1300, 2000, 1000)),
                   AGON_SPRT_ACCEPT_H1);
  double equal = agon_sprt_llr_trinomial(&s, 1500, 2000, 1500);
  assert_int_equal(agon_sprt_decide(&s, equal), AGON_SPRT_ACCEPT_H0);
  int even_pairs[5] = { 100, 400, 1000, 400, 100 };
  assert_int_equal(agon_sprt_decide(&s, agon_sprt_llr_pentanomial(&s, even_pairs)),
                   AGON_SPRT_ACCEPT_H0);
  assert_int_equal(agon_sprt_decide(&s, agon_sprt_llr_trinomial(&s, 12, 20, 10)),
                   AGON_SPRT_CONTINUE);
  assert_close(agon_sprt_llr_trinomial(&s, 0, 0, 0), 0, 0, "empty");
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_openskill_vectors),
    cmocka_unit_test(test_rating_model_specs),
    cmocka_unit_test(test_rating_scores_and_order),
    cmocka_unit_test(test_elo_online),
    cmocka_unit_test(test_elo_fit_vector),
    cmocka_unit_test(test_elo_fit_two_players),
    cmocka_unit_test(test_elo_fit_errors),
    cmocka_unit_test(test_elo_fit_prior),
    cmocka_unit_test(test_pl_fit_vector),
    cmocka_unit_test(test_pl_fit_pairs),
    cmocka_unit_test(test_match_stats_vectors),
    cmocka_unit_test(test_match_stats_corners),
    cmocka_unit_test(test_sprt),
    cmocka_unit_test(test_sprt_error_rates),
    cmocka_unit_test(test_sprt_exact),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
