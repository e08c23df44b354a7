/* agon match: two bots, many games, seats swapped in pairs that share
 * their chance outcomes; the score with an Elo difference, and optionally
 * an SPRT that stops the match as soon as it decides.
 *
 * The test looks at the longest run of finished games from the first, in
 * schedule order, so where it stops, and what it reports, is the same for
 * any number of threads and after a resume. Games finished past that
 * point are stored but not counted. */
#include "tools/agon-tool.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static char **opt_bots;
static gint64 opt_games;
static char *opt_sprt;
static gint64 opt_threads;
static gint64 opt_seed = 1;
static char *opt_db;
static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "bot", 'b', 0, G_OPTION_ARG_STRING_ARRAY, &opt_bots,
    "A bot: SPEC or NAME=SPEC (give two)", "SPEC" },
  { "games", 'n', 0, G_OPTION_ARG_INT64, &opt_games,
    "Games to play, an even number (default 100; with --sprt the most to play, default "
    "20000)", "N" },
  { "sprt", 0, 0, G_OPTION_ARG_STRING, &opt_sprt,
    "Stop when the SPRT decides: elo0=0,elo1=10[,alpha=0.05,beta=0.05,"
    "model=pentanomial|trinomial|normal-pentanomial|normal-trinomial|cutechess]", "SPEC" },
  { "threads", 'j', 0, G_OPTION_ARG_INT64, &opt_threads,
    "Games played at once (default: the number of cores)", "N" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of every game (default 1)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    "The SQLite database of the games (default: GAME-match-HASH.db here; :memory: keeps "
    "none)", "FILE" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the result as one JSON object", NULL },
  { NULL },
};

static const AgonParamSpec sprt_params[] = {
  { "elo0", AGON_PARAM_DOUBLE, "0", -2000, 2000, "Elo difference of H0" },
  { "elo1", AGON_PARAM_DOUBLE, "5", -2000, 2000, "Elo difference of H1" },
  { "alpha", AGON_PARAM_DOUBLE, "0.05", 1e-9, 0.5, "false positive rate" },
  { "beta", AGON_PARAM_DOUBLE, "0.05", 1e-9, 0.5, "false negative rate" },
  { "model", AGON_PARAM_STRING, "pentanomial", 0, -1,
    "pentanomial (pairs of games) or trinomial (games), exact; normal-pentanomial or "
    "normal-trinomial (fastchess's approximation); cutechess" },
  { NULL },
};

typedef enum {
  MODEL_PENTANOMIAL,
  MODEL_TRINOMIAL,
  MODEL_NORMAL_PENTANOMIAL,
  MODEL_NORMAL_TRINOMIAL,
  MODEL_CUTECHESS,
} SprtModel;

typedef struct {
  gboolean enabled;
  AgonSprt sprt;
  SprtModel model;
  double lower, upper;
  /* The counted prefix: games [0, prefix) all finished. */
  gint64 prefix;
  int wins, draws, losses, failed;
  double return_sum;            /* of A's returns, counted games */
  double pair_sum, pair_sq;     /* of A's mean return per counted pair */
  int num_pairs;
  int pairs[5];
  double llr;
  AgonSprtResult result;
} Match;

static const char *const model_names[] = { "pentanomial", "trinomial", "normal-pentanomial",
                                            "normal-trinomial", "cutechess" };

static gboolean
parse_sprt(const char *text, Match *m, int *status)
{
  g_autofree char *wrapped = g_strdup_printf("sprt(%s)", text);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonParams) parsed = agon_params_parse(wrapped, &error);
  g_autoptr(AgonParams) params = parsed ? agon_params_resolve(parsed, sprt_params, &error) : NULL;
  if (params == NULL) {
    *status = agon_tool_fail(AGON_EXIT_USAGE, "match: --sprt: %s", error->message);
    return FALSE;
  }
  m->sprt = (AgonSprt) {
    .elo0 = agon_params_get_double(params, "elo0"),
    .elo1 = agon_params_get_double(params, "elo1"),
    .alpha = agon_params_get_double(params, "alpha"),
    .beta = agon_params_get_double(params, "beta"),
  };
  const char *model = agon_params_get_string(params, "model");
  int found = -1;
  for (int i = 0; i < (int) G_N_ELEMENTS(model_names); i++)
    if (strcmp(model, model_names[i]) == 0)
      found = i;
  if (found < 0) {
    *status = agon_tool_fail(AGON_EXIT_USAGE, "match: --sprt: unknown model '%s' (pentanomial, "
                             "trinomial, normal-pentanomial, normal-trinomial or cutechess)",
                             model);
    return FALSE;
  }
  if (m->sprt.elo0 >= m->sprt.elo1) {
    *status = agon_tool_fail(AGON_EXIT_USAGE, "match: --sprt: elo0 must be below elo1");
    return FALSE;
  }
  m->model = (SprtModel) found;
  m->enabled = TRUE;
  agon_sprt_bounds(&m->sprt, &m->lower, &m->upper);
  return TRUE;
}

/* A's return and points (1, 1/2, 0) in @r; A is bot 0. */
static double
a_return(const AgonGameRecord *r)
{
  return r->returns[r->bots[0] == 0 ? 0 : 1];
}

static double
points(const AgonGameRecord *r)
{
  int a = r->bots[0] == 0 ? 0 : 1;
  double x = r->returns[a], y = r->returns[1 - a];
  return x > y ? 1 : x < y ? 0 : 0.5;
}

static void
update_llr(Match *m)
{
  switch (m->model) {
  case MODEL_PENTANOMIAL:
    m->llr = agon_sprt_llr_pentanomial_exact(&m->sprt, m->pairs);
    break;
  case MODEL_TRINOMIAL:
    m->llr = agon_sprt_llr_trinomial_exact(&m->sprt, m->wins, m->draws, m->losses);
    break;
  case MODEL_NORMAL_PENTANOMIAL:
    m->llr = agon_sprt_llr_pentanomial(&m->sprt, m->pairs);
    break;
  case MODEL_NORMAL_TRINOMIAL:
    m->llr = agon_sprt_llr_trinomial(&m->sprt, m->wins, m->draws, m->losses);
    break;
  case MODEL_CUTECHESS:
    m->llr = agon_sprt_llr_cutechess(&m->sprt, m->wins, m->draws, m->losses);
    break;
  }
  m->result = agon_sprt_decide(&m->sprt, m->llr);
}

/* Counts the games that now extend the finished prefix, one by one, up to
 * the game where the SPRT decides. Games come in pairs (same deal, seats
 * swapped); a pair counts for the pentanomial when both of its games do. */
static void
advance(const AgonTournament *t, Match *m)
{
  gint64 total = agon_tournament_get_num_games(t);
  while (m->result == AGON_SPRT_CONTINUE && m->prefix < total
         && agon_tournament_get_record(t, m->prefix) != NULL) {
    const AgonGameRecord *r = agon_tournament_get_record(t, m->prefix);
    if (r->failed)
      m->failed++;
    else {
      double p = points(r);
      m->wins += p == 1, m->draws += p == 0.5, m->losses += p == 0;
      m->return_sum += a_return(r);
    }
    if (m->prefix % 2 == 1) {
      const AgonGameRecord *first = agon_tournament_get_record(t, m->prefix - 1);
      if (!first->failed && !r->failed) {
        m->pairs[(int) (2 * (points(first) + points(r)) + 0.5)]++;
        double v = (a_return(first) + a_return(r)) / 2;
        m->pair_sum += v;
        m->pair_sq += v * v;
        m->num_pairs++;
      }
    }
    m->prefix++;
    if (m->enabled)
      update_llr(m);
  }
}

static void
count_game(const AgonTournament *t, const AgonGameRecord *record, gint64 done, gint64 total,
           gpointer user_data)
{
  advance(t, user_data);
}

static gboolean
sprt_decided(const AgonTournament *t, gpointer user_data)
{
  Match *m = user_data;
  advance(t, m);
  return m->enabled && m->result != AGON_SPRT_CONTINUE;
}

static void
progress_extra(const AgonTournament *t, GString *line, gpointer user_data)
{
  const Match *m = user_data;
  g_string_append_printf(line, "  +%d =%d -%d", m->wins, m->draws, m->losses);
  if (m->enabled)
    g_string_append_printf(line, "  LLR %.2f (%.2f, %.2f)", m->llr, m->lower, m->upper);
}

static const char *
result_name(AgonSprtResult result)
{
  return result == AGON_SPRT_ACCEPT_H1 ? "H1" : result == AGON_SPRT_ACCEPT_H0 ? "H0" : NULL;
}

static void
add_double(JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name(b, name);
  if (isfinite(value))
    json_builder_add_double_value(b, value);
  else
    json_builder_add_null_value(b);
}

/* A's mean return over the counted games, in games scored by amount
 * (poker) what wins and losses hide, and the half-width of its 95%
 * interval from the pairs: the two games of a pair share the deal, so
 * their mean varies far less than a single game does. */
static void
mean_return(const Match *m, double *mean, double *margin)
{
  int n = m->wins + m->draws + m->losses, k = m->num_pairs;
  *mean = n ? m->return_sum / n : NAN;
  double pair_mean = k ? m->pair_sum / k : NAN;
  double var = k > 1 ? (m->pair_sq - k * pair_mean * pair_mean) / (k - 1) : NAN;
  *margin = k > 1 ? 1.959963984540054 * sqrt(MAX(var, 0) / k) : NAN;
}

static void
print_json(const AgonTournament *t, const char *db, const Match *m,
           const AgonMatchStats *stats, gboolean stopped)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "game");
  json_builder_add_string_value(b, agon_game_get_string(agon_tournament_get_game(t)));
  json_builder_set_member_name(b, "bots");
  json_builder_begin_array(b);
  for (int i = 0; i < 2; i++) {
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, agon_tournament_get_bot_name(t, i));
    json_builder_set_member_name(b, "spec");
    json_builder_add_string_value(b, agon_tournament_get_bot_spec(t, i));
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_set_member_name(b, "seed");
  json_builder_add_int_value(b, opt_seed);
  json_builder_set_member_name(b, "games");
  json_builder_add_int_value(b, m->prefix);
  json_builder_set_member_name(b, "failed");
  json_builder_add_int_value(b, m->failed);
  json_builder_set_member_name(b, "wins");
  json_builder_add_int_value(b, m->wins);
  json_builder_set_member_name(b, "draws");
  json_builder_add_int_value(b, m->draws);
  json_builder_set_member_name(b, "losses");
  json_builder_add_int_value(b, m->losses);
  add_double(b, "score", stats->score);
  add_double(b, "elo", stats->elo);
  add_double(b, "elo_error", stats->elo_error);
  add_double(b, "los", stats->los);
  add_double(b, "draw_ratio", stats->draw_ratio);
  add_double(b, "nelo", stats->nelo);
  add_double(b, "nelo_error", stats->nelo_error);
  double mean, margin;
  mean_return(m, &mean, &margin);
  add_double(b, "mean_return", mean);
  add_double(b, "mean_return_ci95", margin);
  json_builder_set_member_name(b, "pentanomial");
  json_builder_begin_array(b);
  for (int k = 0; k < 5; k++)
    json_builder_add_int_value(b, m->pairs[k]);
  json_builder_end_array(b);
  if (m->enabled) {
    json_builder_set_member_name(b, "sprt");
    json_builder_begin_object(b);
    add_double(b, "elo0", m->sprt.elo0);
    add_double(b, "elo1", m->sprt.elo1);
    add_double(b, "alpha", m->sprt.alpha);
    add_double(b, "beta", m->sprt.beta);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, model_names[m->model]);
    add_double(b, "llr", m->llr);
    add_double(b, "lower", m->lower);
    add_double(b, "upper", m->upper);
    json_builder_set_member_name(b, "accepted");
    if (result_name(m->result))
      json_builder_add_string_value(b, result_name(m->result));
    else
      json_builder_add_null_value(b);
    json_builder_end_object(b);
  }
  json_builder_set_member_name(b, "complete");
  json_builder_add_boolean_value(b, !stopped);
  json_builder_set_member_name(b, "database");
  json_builder_add_string_value(b, db);
  json_builder_end_object(b);
  agon_tool_print_json(b);
}

static void
print_text(const AgonTournament *t, const Match *m, const AgonMatchStats *stats)
{
  const char *a = agon_tournament_get_bot_name(t, 0), *b = agon_tournament_get_bot_name(t, 1);
  printf("Score of %s vs %s: %d - %d - %d  [%.3f] %d\n", a, b, m->wins, m->losses, m->draws,
         stats->games ? stats->score : 0.5, stats->games);
  if (stats->games) {
    g_autofree char *line = agon_match_stats_format(stats, AGON_MATCH_STATS_CUTECHESS);
    printf("%s\n", line);
  }
  printf("Ptnml(0-2): [%d, %d, %d, %d, %d]\n", m->pairs[0], m->pairs[1], m->pairs[2],
         m->pairs[3], m->pairs[4]);
  double mean, margin;
  mean_return(m, &mean, &margin);
  if (m->num_pairs > 1)
    printf("Mean return of %s: %.4f +/- %.4f\n", a, mean, margin);
  if (m->enabled) {
    printf("SPRT (%s): llr %.3g (%.1f%%), lbound %.3g, ubound %.3g", model_names[m->model],
           m->llr, 100 * m->llr / m->upper, m->lower, m->upper);
    if (result_name(m->result))
      printf(" - %s was accepted\n", result_name(m->result));
    else
      printf(" - no decision yet\n");
  }
  if (m->failed)
    printf("%d games failed and are not counted\n", m->failed);
}

int
agon_cmd_match(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("match", "GAME",
                       "Play a match between two bots in a two-player game, seats swapped in\n"
                       "pairs that share their chance outcomes, each game stored in SQLite\n"
                       "as it ends (run the same command again to resume). Prints the score\n"
                       "(wins - losses - draws of the first bot), the Elo difference with its\n"
                       "95% interval, the likelihood of superiority and the pentanomial counts;\n"
                       "with --sprt, stops as soon as the test accepts H0 or H1. Its default LLR\n"
                       "is the exact generalized SPRT on game pairs, which keeps the error rates\n"
                       "at alpha and beta even for bounds far apart that decide within a few\n"
                       "dozen games; normal-pentanomial is fastchess's approximation, which\n"
                       "errs more often there.\n\n"
                       "Examples:\n"
                       "  agon match tic_tac_toe --bot 'mcts(simulations=400)' --bot random\n"
                       "  agon match connect_four --bot 'new=mcts(simulations=800,uct_c=1.4)' \\\n"
                       "      --bot 'old=mcts(simulations=800)' --sprt elo0=0,elo1=20",
                       entries, &argc, &argv, &status))
    return status;
  Match m = { 0 };
  if (opt_sprt && !parse_sprt(opt_sprt, &m, &status))
    return status;
  if (opt_bots == NULL || g_strv_length(opt_bots) != 2)
    return agon_tool_fail(AGON_EXIT_USAGE, "match: give two bots, --bot A --bot B");
  gint64 games = opt_games ? opt_games : m.enabled ? 20000 : 100;
  if (games < 2 || games % 2 != 0 || games > G_MAXINT32)
    return agon_tool_fail(AGON_EXIT_USAGE, "match: --games must be a positive even number, so "
                          "that each bot plays each seat equally often");
  if (opt_threads < 0 || opt_threads > 1024 || opt_seed < 0)
    return agon_tool_fail(AGON_EXIT_USAGE, "match: --threads and --seed must be non-negative");
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "match", &status);
  if (game == NULL)
    return status;
  if (agon_game_get_num_players(game) != 2)
    return agon_tool_fail(AGON_EXIT_USAGE, "match: %s has %d players; a match is between two "
                          "(use agon tournament)", agon_game_get_string(game),
                          agon_game_get_num_players(game));
  AgonTournamentOptions options = {
    .format = AGON_FORMAT_ROUND_ROBIN,
    .games_per_group = (int) games,
    .seed = (guint64) opt_seed,
    .threads = (int) opt_threads,
  };
  g_autoptr(AgonTournament) t = agon_tool_tournament_new("match", game, opt_bots, &options,
                                                         &status);
  if (t == NULL)
    return status;
  g_autofree char *db = NULL;
  if (!agon_tool_tournament_open_db(t, opt_db, "match", &db, &status))
    return status;
  g_autoptr(GError) error = NULL;
  gint64 resumed = agon_tournament_get_num_finished(t);
  if (!opt_json) {
    printf("%s: %s vs %s, %" G_GINT64_FORMAT " games%s, seed %" G_GINT64_FORMAT "\n",
           agon_game_get_string(game), agon_tournament_get_bot_name(t, 0),
           agon_tournament_get_bot_name(t, 1), games, m.enabled ? " at most" : "", opt_seed);
    printf("database: %s", db);
    if (resumed)
      printf(" (resuming: %" G_GINT64_FORMAT " games already played)", resumed);
    printf("\n");
    fflush(stdout);
  }
  gboolean stopped = FALSE;
  /* A resumed match may have decided already. */
  if (!sprt_decided(t, &m)
      && !agon_tool_tournament_run(t, !opt_json && isatty(STDERR_FILENO), count_game, sprt_decided,
                                   progress_extra, &m, &stopped, &error))
    return agon_tool_report(error);
  advance(t, &m);
  AgonMatchStats stats = agon_match_stats(m.wins, m.draws, m.losses);
  if (opt_json)
    print_json(t, db, &m, &stats, stopped);
  else
    print_text(t, &m, &stats);
  if (stopped) {
    fprintf(stderr, "agon: match: interrupted after %" G_GINT64_FORMAT " games; run the same "
            "command again to resume\n", agon_tournament_get_num_finished(t));
    return 128 + SIGINT;
  }
  return AGON_EXIT_OK;
}
