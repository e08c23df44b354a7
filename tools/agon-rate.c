/* agon rate: ratings from a results file another tool (or agon) wrote.
 *
 * The file (read by tools/results-file.c: JSON lines, CSV, PGN or an agon
 * tournament database) is rated by the model: the online models
 * (Weng-Lin Plackett-Luce and OpenSkill's other four, online Elo) in file
 * order, "elo", "bayeselo" and "plackett-luce-mle" by maximum likelihood
 * over all games at once. For bayeselo the first player of a pair is
 * white, who gets the first-move advantage. */
#include "tools/agon-tool.h"

#include <math.h>
#include <string.h>

#define Z95_CLI 1.959963984540054

static char *opt_model;
static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "model", 'm', 0, G_OPTION_ARG_STRING, &opt_model,
    "plackett-luce (default), bradley-terry-full, bradley-terry-part, "
    "thurstone-mosteller-full, thurstone-mosteller-part, elo, bayeselo, plackett-luce-mle; "
    "options as in plackett-luce(tau=0,limit_sigma=true), elo(prior=2), "
    "bayeselo(advantage=auto,drawelo=auto,prior=2)",
    "NAME" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object", NULL },
  { NULL },
};

/* Ranks of a game (lower is better), whatever the file gave. */
static double
game_rank(const AgonToolGame *g, int team)
{
  return g->scores ? -g->values[team] : g->values[team];
}

static void
rate_online(const AgonRatingModel *model, AgonToolResults *r, AgonRating *ratings, int *games)
{
  AgonRating default_rating = agon_rating_model_default_rating(model);
  for (guint i = 0; i < r->names->len; i++)
    ratings[i] = default_rating;
  for (guint k = 0; k < r->games->len; k++) {
    const AgonToolGame *g = &g_array_index(r->games, AgonToolGame, k);
    int total = 0;
    for (int t = 0; t < g->num_teams; t++)
      total += g->sizes[t];
    AgonRating current[total], updated[total];
    const AgonRating *teams[g->num_teams];
    for (int p = 0; p < total; p++) {
      current[p] = ratings[g->players[p]];
      games[g->players[p]]++;
    }
    for (int t = 0, at = 0; t < g->num_teams; at += g->sizes[t], t++)
      teams[t] = current + at;
    agon_rating_model_rate(model, teams, g->sizes, g->num_teams, g->values, g->scores, NULL,
                           updated);
    for (int p = 0; p < total; p++)
      ratings[g->players[p]] = updated[p];
  }
}

/* Batch fits take one player per team; @pairs_model names a model that
 * rates two-player games only, or is NULL. */
static gboolean
check_single_players(AgonToolResults *r, const char *path, const char *pairs_model, GError **error)
{
  for (guint k = 0; k < r->games->len; k++) {
    const AgonToolGame *g = &g_array_index(r->games, AgonToolGame, k);
    if (pairs_model && g->num_teams != 2) {
      g_autofree char *why = g_strdup_printf("%s rates games between two players", pairs_model);
      return agon_tool_results_fail(path, g->line, error, why);
    }
    for (int t = 0; t < g->num_teams; t++)
      if (g->sizes[t] != 1)
        return agon_tool_results_fail(path, g->line, error, "this model rates players, not teams");
  }
  return TRUE;
}

static void
add_player_json(JsonBuilder *b, const char *name, int games)
{
  json_builder_set_member_name(b, "name");
  json_builder_add_string_value(b, name);
  json_builder_set_member_name(b, "games");
  json_builder_add_int_value(b, games);
}

/* The games as pairs, the first player (white) scoring 1, 0.5 or 0. */
static AgonGameResult *
pair_results(AgonToolResults *r)
{
  AgonGameResult *results = g_new(AgonGameResult, MAX(r->games->len, 1));
  for (guint k = 0; k < r->games->len; k++) {
    const AgonToolGame *g = &g_array_index(r->games, AgonToolGame, k);
    double a = game_rank(g, 0), b = game_rank(g, 1);
    results[k] = (AgonGameResult) { g->players[0], g->players[1], a < b ? 1 : a > b ? 0 : 0.5 };
  }
  return results;
}

/* Indices 0..n-1 sorted by @key, highest first (stable). */
static void
order_by(const double *key, int n, int *order)
{
  for (int i = 0; i < n; i++)
    order[i] = i;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && key[order[j]] > key[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
}

static void
add_interval_json(JsonBuilder *b, double elo, double low, double high)
{
  json_builder_set_member_name(b, "elo");
  json_builder_add_double_value(b, elo);
  json_builder_set_member_name(b, "ci95");
  json_builder_begin_array(b);
  json_builder_add_double_value(b, low);
  json_builder_add_double_value(b, high);
  json_builder_end_array(b);
}

/* No "-0.0" for a rating that rounds to zero. */
static double
printable(double x)
{
  return fabs(x) < 0.05 ? 0 : x;
}

static void
print_unfinished(const AgonToolResults *r)
{
  if (r->unfinished > 0 && !opt_json)
    printf("(%d unfinished game%s skipped)\n", r->unfinished, r->unfinished == 1 ? "" : "s");
}

static int
print_elo(const AgonRatingModel *model, AgonToolResults *r, const char *path)
{
  int n = (int) r->names->len;
  g_autofree AgonGameResult *results = pair_results(r);
  AgonEloFit fit = { 0 };
  AgonEloFitOptions options = { .anchor = -1,
                                .prior = agon_rating_model_get_options(model)->prior };
  g_autoptr(GError) error = NULL;
  if (!agon_elo_fit(n, results, (int) r->games->len, &options, &fit, &error)) {
    agon_elo_fit_clear(&fit);
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", path, error->message);
  }
  int order[n];
  order_by(fit.ratings, n, order);
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, "elo");
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), (int) fit.games[i]);
      add_interval_json(b, fit.ratings[i], fit.ci95_low[i], fit.ci95_high[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
  } else {
    printf("%4s  %-24s %8s %9s %7s %7s\n", "rank", "player", "elo", "±95%", "games", "score");
    for (int k = 0; k < n; k++) {
      int i = order[k];
      printf("%4d  %-24s %8.1f %9.1f %7.0f %6.1f%%\n", k + 1,
             (char *) g_ptr_array_index(r->names, i), printable(fit.ratings[i]),
             fit.ci95_high[i] - fit.ratings[i], fit.games[i],
             100 * fit.score[i] / fit.games[i]);
    }
    print_unfinished(r);
  }
  agon_elo_fit_clear(&fit);
  return AGON_EXIT_OK;
}

/* "32.8" or "1.6 +- 19.3 (estimated)" */
static char *
parameter_text(double value, gboolean estimated, double stderr_)
{
  if (estimated)
    return g_strdup_printf("%.1f ± %.1f (estimated)", value, Z95_CLI * stderr_);
  return g_strdup_printf("%g", value);
}

static int
print_bayeselo(const AgonRatingModel *model, AgonToolResults *r, const char *path)
{
  const AgonRatingOptions *o = agon_rating_model_get_options(model);
  int n = (int) r->names->len;
  g_autofree AgonGameResult *results = pair_results(r);
  AgonBayeseloOptions options = {
    .advantage = o->advantage, .drawelo = o->drawelo, .prior = o->prior,
    .fit_advantage = o->fit_advantage, .fit_drawelo = o->fit_drawelo,
  };
  AgonBayeseloFit fit = { 0 };
  g_autoptr(GError) error = NULL;
  if (!agon_bayeselo_fit(n, results, (int) r->games->len, &options, &fit, &error)) {
    agon_bayeselo_fit_clear(&fit);
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", path, error->message);
  }
  int order[n];
  order_by(fit.ratings, n, order);
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, "bayeselo");
    json_builder_set_member_name(b, "advantage");
    json_builder_add_double_value(b, fit.advantage);
    json_builder_set_member_name(b, "drawelo");
    json_builder_add_double_value(b, fit.drawelo);
    json_builder_set_member_name(b, "prior");
    json_builder_add_double_value(b, o->prior);
    json_builder_set_member_name(b, "scale");
    json_builder_add_double_value(b, fit.scale);
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), (int) fit.games[i]);
      add_interval_json(b, fit.ratings[i], fit.ci95_low[i], fit.ci95_high[i]);
      json_builder_set_member_name(b, "score");
      json_builder_add_double_value(b, fit.score[i]);
      json_builder_set_member_name(b, "draws");
      json_builder_add_int_value(b, (gint64) fit.draws[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
  } else {
    g_autofree char *adv = parameter_text(fit.advantage, o->fit_advantage, fit.advantage_stderr);
    g_autofree char *de = parameter_text(fit.drawelo, o->fit_drawelo, fit.drawelo_stderr);
    printf("model: bayeselo, advantage %s, drawelo %s, prior %g; Elo = internal x %.4f\n", adv,
           de, o->prior, fit.scale);
    printf("%4s  %-24s %8s %9s %7s %7s %7s\n", "rank", "player", "elo", "±95%", "games", "score",
           "draws");
    for (int k = 0; k < n; k++) {
      int i = order[k];
      printf("%4d  %-24s %8.1f %9.1f %7.0f %6.1f%% %6.1f%%\n", k + 1,
             (char *) g_ptr_array_index(r->names, i), printable(fit.ratings[i]),
             fit.ci95_high[i] - fit.ratings[i], fit.games[i], 100 * fit.score[i] / fit.games[i],
             100 * fit.draws[i] / fit.games[i]);
    }
    print_unfinished(r);
  }
  agon_bayeselo_fit_clear(&fit);
  return AGON_EXIT_OK;
}

static int
print_bayesian(const AgonRatingModel *model, const char *spec, AgonToolResults *r,
               const AgonRating *ratings, const int *games)
{
  int n = (int) r->names->len;
  double ordinal[n];
  int order[n];
  for (int i = 0; i < n; i++) {
    ordinal[i] = agon_rating_model_ordinal(model, ratings[i]);
    order[i] = i;
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && ordinal[order[j]] > ordinal[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, spec);
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), games[i]);
      json_builder_set_member_name(b, "mu");
      json_builder_add_double_value(b, ratings[i].mu);
      json_builder_set_member_name(b, "sigma");
      json_builder_add_double_value(b, ratings[i].sigma);
      json_builder_set_member_name(b, "ordinal");
      json_builder_add_double_value(b, ordinal[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
    return AGON_EXIT_OK;
  }
  printf("model: %s\n", spec);
  printf("%4s  %-24s %9s %9s %9s %7s\n", "rank", "player", "ordinal", "mu", "sigma", "games");
  for (int k = 0; k < n; k++) {
    int i = order[k];
    printf("%4d  %-24s %9.3f %9.3f %9.3f %7d\n", k + 1, (char *) g_ptr_array_index(r->names, i),
           ordinal[i], ratings[i].mu, ratings[i].sigma, games[i]);
  }
  print_unfinished(r);
  return AGON_EXIT_OK;
}

static int
print_pl_mle(AgonToolResults *r, const char *path)
{
  int n = (int) r->names->len;
  g_autofree AgonRankedResult *results = g_new(AgonRankedResult, r->games->len);
  g_autoptr(GPtrArray) ranks = g_ptr_array_new_with_free_func(g_free);
  for (guint k = 0; k < r->games->len; k++) {
    const AgonToolGame *g = &g_array_index(r->games, AgonToolGame, k);
    double *rk = g_new(double, g->num_teams);
    for (int t = 0; t < g->num_teams; t++)
      rk[t] = game_rank(g, t);
    g_ptr_array_add(ranks, rk);
    results[k] = (AgonRankedResult) { g->num_teams, g->players, rk };
  }
  AgonPlFit fit = { 0 };
  g_autoptr(GError) error = NULL;
  if (!agon_pl_fit(n, results, (int) r->games->len, NULL, &fit, &error)) {
    agon_pl_fit_clear(&fit);
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", path, error->message);
  }
  int games[n];
  memset(games, 0, sizeof games);
  for (guint k = 0; k < r->games->len; k++) {
    const AgonToolGame *g = &g_array_index(r->games, AgonToolGame, k);
    for (int t = 0; t < g->num_teams; t++)
      games[g->players[t]]++;
  }
  int order[n];
  for (int i = 0; i < n; i++)
    order[i] = i;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && fit.theta[order[j]] > fit.theta[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, "plackett-luce-mle");
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), games[i]);
      json_builder_set_member_name(b, "theta");
      json_builder_add_double_value(b, fit.theta[i]);
      json_builder_set_member_name(b, "elo");
      json_builder_add_double_value(b, fit.elo[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
  } else {
    printf("%4s  %-24s %10s %8s %7s\n", "rank", "player", "log-strength", "elo", "games");
    for (int k = 0; k < n; k++) {
      int i = order[k];
      printf("%4d  %-24s %10.4f %8.1f %7d\n", k + 1, (char *) g_ptr_array_index(r->names, i),
             fit.theta[i], fit.elo[i], games[i]);
    }
    print_unfinished(r);
  }
  agon_pl_fit_clear(&fit);
  return AGON_EXIT_OK;
}

int
agon_cmd_rate(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("rate", "FILE",
                       "Rate the players of a results file: JSON lines\n"
                       "  {\"teams\": [[\"a\"], [\"b\", \"c\"]], \"ranks\": [1, 2]}"
                       "  (or \"scores\"),\n"
                       "CSV lines a,b,RESULT (1-0, 0-1, 1/2-1/2), or PGN ([White], [Black] and\n"
                       "[Result] tags; unfinished games, \"*\", are skipped), or the SQLite\n"
                       "database of agon tournament or agon match. Online models rate\n"
                       "the games in file order; elo, bayeselo and plackett-luce-mle fit all\n"
                       "games at once. For bayeselo the first player of a pair is white.\n"
                       "elo(prior=N) and bayeselo(prior=N) add N virtual draws per player, so\n"
                       "that a perfect score still gets a finite rating; bayeselo's advantage\n"
                       "and drawelo are numbers or auto (estimated with the ratings).\n\n"
                       "Examples:\n"
                       "  agon rate games.jsonl\n"
                       "  agon rate games.csv --model elo --json\n"
                       "  agon rate games.pgn --model 'bayeselo(advantage=auto,drawelo=auto)'\n"
                       "  agon rate games.jsonl --model 'plackett-luce(tau=0,limit_sigma=true)'\n"
                       "  agon rate tic_tac_toe-tournament-f51d83f3.db --model bayeselo",
                       entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return agon_tool_fail(AGON_EXIT_USAGE, "rate: expected one results file (see agon rate "
                          "--help)");
  const char *path = argv[1];
  const char *spec = opt_model ? opt_model : "plackett-luce";
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonRatingModel) model = agon_rating_model_new(spec, &error);
  if (model == NULL)
    return agon_tool_report(error);

  AgonToolResults r;
  agon_tool_results_init(&r);
  AgonRatingModelKind kind = agon_rating_model_get_options(model)->kind;
  const char *pairs = kind == AGON_RATING_ELO ? "elo"
                      : kind == AGON_RATING_BAYESELO ? "bayeselo" : NULL;
  gboolean pl_mle = kind == AGON_RATING_PLACKETT_LUCE_MLE;
  if (!agon_tool_results_read(&r, path, &error)
      || ((pairs || pl_mle) && !check_single_players(&r, path, pairs, &error)))
    status = agon_tool_report(error);
  else if (kind == AGON_RATING_ELO)
    status = print_elo(model, &r, path);
  else if (kind == AGON_RATING_BAYESELO)
    status = print_bayeselo(model, &r, path);
  else if (pl_mle)
    status = print_pl_mle(&r, path);
  else {
    g_autofree AgonRating *ratings = g_new(AgonRating, r.names->len);
    g_autofree int *games = g_new0(int, r.names->len);
    rate_online(model, &r, ratings, games);
    status = print_bayesian(model, spec, &r, ratings, games);
  }
  agon_tool_results_clear(&r);
  return status;
}
