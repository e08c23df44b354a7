/* agon tournament: a round-robin or gauntlet between bots, stored game by
 * game in SQLite, then a ratings table. Running the same command again
 * after an interruption (Ctrl-C, kill -9, a crash) resumes it. */
#include "tools/agon-tool.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static char **opt_bots;
static char *opt_format;
static gint64 opt_per_pairing;
static gint64 opt_threads;
static gint64 opt_seed = 1;
static char *opt_db;
static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "bot", 'b', 0, G_OPTION_ARG_STRING_ARRAY, &opt_bots,
    "A bot: SPEC or NAME=SPEC (give one --bot per bot)", "SPEC" },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    "round-robin (default) or gauntlet (the first bot against each other)", "FORMAT" },
  { "games-per-pairing", 'n', 0, G_OPTION_ARG_INT64, &opt_per_pairing,
    "Games each pairing (each group of seats) plays, a multiple of the seats "
    "(default 10 per seat)", "N" },
  { "threads", 'j', 0, G_OPTION_ARG_INT64, &opt_threads,
    "Games played at once (default: the number of cores)", "N" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of every game (default 1)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    "The SQLite database of the games (default: GAME-tournament-HASH.db here; :memory: keeps "
    "none)", "FILE" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the results as one JSON object", NULL },
  { NULL },
};

static gboolean
parse_format(const char *text, AgonTournamentFormat *format)
{
  if (text == NULL || strcmp(text, "round-robin") == 0)
    *format = AGON_FORMAT_ROUND_ROBIN;
  else if (strcmp(text, "gauntlet") == 0)
    *format = AGON_FORMAT_GAUNTLET;
  else
    return FALSE;
  return TRUE;
}

static gint64
count_failed(const AgonTournament *t)
{
  gint64 failed = 0;
  for (gint64 i = 0; i < agon_tournament_get_num_games(t); i++) {
    const AgonGameRecord *r = agon_tournament_get_record(t, i);
    failed += r != NULL && r->failed;
  }
  return failed;
}

static void
print_json(const AgonTournament *t, const char *db, const AgonStanding *table, gboolean stopped)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  int n = agon_tournament_get_num_bots(t);
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "game");
  json_builder_add_string_value(b, agon_game_get_string(agon_tournament_get_game(t)));
  json_builder_set_member_name(b, "format");
  json_builder_add_string_value(b, opt_format ? opt_format : "round-robin");
  json_builder_set_member_name(b, "seed");
  json_builder_add_int_value(b, opt_seed);
  json_builder_set_member_name(b, "games");
  json_builder_add_int_value(b, agon_tournament_get_num_games(t));
  json_builder_set_member_name(b, "finished");
  json_builder_add_int_value(b, agon_tournament_get_num_finished(t));
  json_builder_set_member_name(b, "failed");
  json_builder_add_int_value(b, count_failed(t));
  json_builder_set_member_name(b, "complete");
  json_builder_add_boolean_value(b, !stopped && agon_tournament_get_num_finished(t)
                                                 == agon_tournament_get_num_games(t));
  json_builder_set_member_name(b, "database");
  json_builder_add_string_value(b, db);
  json_builder_set_member_name(b, "bots");
  json_builder_begin_array(b);
  for (int i = 0; i < n; i++) {
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, agon_tournament_get_bot_name(t, i));
    json_builder_set_member_name(b, "spec");
    json_builder_add_string_value(b, agon_tournament_get_bot_spec(t, i));
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  agon_tool_add_standings_json(b, table, n);
  json_builder_end_object(b);
  agon_tool_print_json(b);
}

int
agon_cmd_tournament(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("tournament", "GAME",
                       "Play a round-robin (every group of bots, seats rotated) or a gauntlet\n"
                       "between bots, on several threads, storing each finished game in a\n"
                       "SQLite database at once; then rank the bots: Elo (Bradley-Terry fit of\n"
                       "the pairwise results with BayesElo's prior of 2 virtual draws, ±95%),\n"
                       "Plackett-Luce (Weng-Lin, mu and sigma), games, score and draws. Run the\n"
                       "same command again to resume an interrupted tournament; results are\n"
                       "the same for any --threads.\n\n"
                       "Examples:\n"
                       "  agon tournament tic_tac_toe --bot random --bot 'mcts(simulations=100)' \\\n"
                       "      --bot 'strong=mcts(simulations=1000)' -n 20\n"
                       "  agon tournament leduc_poker --bot ismcts --bot random \\\n"
                       "      --bot 'cfr=solver(name=cfr+,iterations=500)' --format gauntlet",
                       entries, &argc, &argv, &status))
    return status;
  AgonTournamentFormat format;
  if (!parse_format(opt_format, &format))
    return agon_tool_fail(AGON_EXIT_USAGE, "tournament: unknown --format '%s' (round-robin or "
                          "gauntlet)", opt_format);
  if (opt_per_pairing < 0 || opt_per_pairing > G_MAXINT32 || opt_threads < 0
      || opt_threads > 1024 || opt_seed < 0)
    return agon_tool_fail(AGON_EXIT_USAGE, "tournament: --games-per-pairing, --threads and "
                          "--seed must be non-negative (threads at most 1024)");
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "tournament", &status);
  if (game == NULL)
    return status;
  int seats = agon_game_get_num_players(game);
  AgonTournamentOptions options = {
    .format = format,
    .games_per_group = opt_per_pairing ? (int) opt_per_pairing : 10 * seats,
    .seed = (guint64) opt_seed,
    .threads = (int) opt_threads,
  };
  g_autoptr(AgonTournament) t = agon_tool_tournament_new("tournament", game, opt_bots, &options,
                                                         &status);
  if (t == NULL)
    return status;
  g_autofree char *db = NULL;
  if (!agon_tool_tournament_open_db(t, opt_db, "tournament", &db, &status))
    return status;
  g_autoptr(GError) error = NULL;

  gint64 total = agon_tournament_get_num_games(t), resumed = agon_tournament_get_num_finished(t);
  if (!opt_json) {
    printf("%s: %s of %d bots, %" G_GINT64_FORMAT " games (%d per pairing), seed %"
           G_GINT64_FORMAT "\n", agon_game_get_string(game),
           format == AGON_FORMAT_GAUNTLET ? "gauntlet" : "round-robin",
           agon_tournament_get_num_bots(t), total, options.games_per_group, opt_seed);
    printf("database: %s", db);
    if (resumed)
      printf(" (resuming: %" G_GINT64_FORMAT " games already played)", resumed);
    printf("\n");
    fflush(stdout);
  }
  gboolean live = !opt_json && isatty(STDERR_FILENO);
  gboolean stopped = FALSE;
  if (!agon_tool_tournament_run(t, live, NULL, NULL, NULL, NULL, &stopped, &error))
    return agon_tool_report(error);

  int n = agon_tournament_get_num_bots(t);
  g_autofree AgonStanding *table = agon_tool_sorted_standings(t, -1);
  if (opt_json) {
    print_json(t, db, table, stopped);
  } else {
    printf("\n");
    agon_tool_print_standings(table, n);
    gint64 failed = count_failed(t);
    if (failed)
      printf("\n%" G_GINT64_FORMAT " games failed and are not counted; their errors are in %s\n",
             failed, db);
  }
  if (stopped) {
    fprintf(stderr, "agon: tournament: interrupted after %" G_GINT64_FORMAT " of %"
            G_GINT64_FORMAT " games; run the same command again to resume\n",
            agon_tournament_get_num_finished(t), total);
    return 128 + SIGINT;
  }
  return AGON_EXIT_OK;
}
