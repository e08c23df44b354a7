/* agon selfplay: games of one bot against itself, written as JSON lines,
 * the training-data format: each game's actions, who took them, the
 * search's visit distribution behind every move of a searching bot, and
 * the returns. Games run on several threads; each finished game goes to
 * a SQLite database at once, as in a tournament, so running the same
 * command again after an interruption plays only the games missing. The
 * output is written in game order as games finish, each line flushed. */
#include "tools/agon-tool.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static char *opt_bot;
static gint64 opt_games = 100;
static char *opt_output;
static gint64 opt_threads;
static gint64 opt_seed = 1;
static char *opt_db;

static const GOptionEntry entries[] = {
  { "bot", 'b', 0, G_OPTION_ARG_STRING, &opt_bot, "The bot in every seat", "SPEC" },
  { "games", 'n', 0, G_OPTION_ARG_INT64, &opt_games, "Games to play (default 100)", "N" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    "Write the games to FILE as JSON lines (- for stdout)", "FILE" },
  { "threads", 'j', 0, G_OPTION_ARG_INT64, &opt_threads,
    "Games played at once (default: the number of cores)", "N" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of every game (default 1)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &opt_db,
    "The SQLite database of the games (default: GAME-selfplay-HASH.db here; :memory: keeps "
    "none)", "FILE" },
  { NULL },
};

typedef struct {
  FILE *out;
  const AgonGame *game;
  gint64 next;          /* the next game to write */
  gboolean write_error;
} Writer;

/* History entry @m of @r, taken by @player (-1: chance). */
static void
add_move(JsonBuilder *b, const AgonGameRecord *r, int m, int player)
{
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "player");
  json_builder_add_int_value(b, player);
  json_builder_set_member_name(b, "action");
  json_builder_add_int_value(b, r->moves[m]);
  if (r->policy_sizes && r->policy_sizes[m] > 0) {
    json_builder_set_member_name(b, "policy");
    json_builder_begin_array(b);
    for (int i = 0; i < r->policy_sizes[m]; i++) {
      int at = r->policy_offsets[m] + i;
      json_builder_begin_array(b);
      json_builder_add_int_value(b, r->policy_actions[at]);
      json_builder_add_double_value(b, r->policy_probs[at]);
      json_builder_end_array(b);
    }
    json_builder_end_array(b);
  }
  json_builder_end_object(b);
}

/* One game as a JSON line. */
static char *
record_json(const AgonGame *game, const AgonGameRecord *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  int n = agon_game_get_num_players(game);
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "index");
  json_builder_add_int_value(b, r->index);
  json_builder_set_member_name(b, "game");
  json_builder_add_string_value(b, agon_game_get_string(game));
  json_builder_set_member_name(b, "seed");
  g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, r->seed);
  json_builder_add_string_value(b, seed);
  if (r->failed) {
    json_builder_set_member_name(b, "error");
    json_builder_add_string_value(b, r->error);
  }
  /* Who took each entry of the history: replay it. */
  g_autofree void *memory = g_malloc(agon_game_get_state_size(game));
  AgonState *state = agon_state_init_initial(game, memory);
  AgonAction joint[n];
  json_builder_set_member_name(b, "moves");
  json_builder_begin_array(b);
  for (int m = 0; m < r->num_moves;) {
    int player = agon_state_current_player(state);
    if (player == AGON_PLAYER_SIMULTANEOUS) {
      for (int p = 0; p < n && m + p < r->num_moves; p++)
        add_move(b, r, m + p, p);
      if (m + n > r->num_moves)
        break; /* a failed game can stop inside a joint move */
      memcpy(joint, r->moves + m, sizeof joint);
      agon_state_apply_joint(state, joint);
      m += n;
    } else {
      add_move(b, r, m, player == AGON_PLAYER_CHANCE ? -1 : player);
      agon_state_apply(state, r->moves[m]);
      m++;
    }
  }
  json_builder_end_array(b);
  if (!r->failed) {
    json_builder_set_member_name(b, "returns");
    json_builder_begin_array(b);
    for (int p = 0; p < n; p++)
      json_builder_add_double_value(b, r->returns[p]);
    json_builder_end_array(b);
  }
  json_builder_end_object(b);
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  return json_to_string(root, FALSE);
}

/* Writes the games that are now next in order. */
static void
write_ready(const AgonTournament *t, const AgonGameRecord *record, gint64 done, gint64 total,
            gpointer user_data)
{
  Writer *w = user_data;
  const AgonGameRecord *r;
  while (!w->write_error && w->next < total
         && (r = agon_tournament_get_record(t, w->next)) != NULL) {
    g_autofree char *line = record_json(w->game, r);
    if (fprintf(w->out, "%s\n", line) < 0 || fflush(w->out) != 0)
      w->write_error = TRUE;
    w->next++;
  }
}

static gboolean
stop_on_write_error(const AgonTournament *t, gpointer user_data)
{
  return ((Writer *) user_data)->write_error;
}

int
agon_cmd_selfplay(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("selfplay", "GAME",
                       "Play GAME with one bot in every seat and write every game as a JSON\n"
                       "line: {\"index\", \"game\", \"seed\", \"moves\": [{\"player\", \"action\",\n"
                       "\"policy\": [[action, probability], ...]}], \"returns\"}; player -1 is chance.\n"
                       "\"policy\" is the "
                       "search's share of visits per move, for mcts and ismcts bots: the\n"
                       "training targets of AlphaZero-style learning.\n\n"
                       "Example:\n"
                       "  agon selfplay tic_tac_toe --bot 'mcts(simulations=400,temperature=1)' \\\n"
                       "      --games 1000 --output ttt.jsonl",
                       entries, &argc, &argv, &status))
    return status;
  if (opt_bot == NULL)
    return agon_tool_fail(AGON_EXIT_USAGE, "selfplay: give the bot with --bot SPEC");
  if (opt_output == NULL)
    return agon_tool_fail(AGON_EXIT_USAGE, "selfplay: give the output file with --output FILE "
                          "(- for stdout)");
  if (opt_games < 1 || opt_games > G_MAXINT32 || opt_threads < 0 || opt_threads > 1024
      || opt_seed < 0)
    return agon_tool_fail(AGON_EXIT_USAGE, "selfplay: --games must be positive, --threads and "
                          "--seed non-negative");
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "selfplay", &status);
  if (game == NULL)
    return status;
  AgonTournamentOptions options = {
    .format = AGON_FORMAT_SELFPLAY,
    .games_per_group = (int) opt_games,
    .seed = (guint64) opt_seed,
    .threads = (int) opt_threads,
    .record_policies = TRUE,
  };
  char *bots[] = { opt_bot, NULL };
  g_autoptr(AgonTournament) t = agon_tool_tournament_new("selfplay", game, bots, &options,
                                                         &status);
  if (t == NULL)
    return status;
  g_autofree char *db = NULL;
  if (!agon_tool_tournament_open_db(t, opt_db, "selfplay", &db, &status))
    return status;
  gboolean to_stdout = g_strcmp0(opt_output, "-") == 0;
  Writer writer = { .game = game, .out = to_stdout ? stdout : fopen(opt_output, "w") };
  if (writer.out == NULL)
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", opt_output, g_strerror(errno));
  gboolean stopped = FALSE;
  g_autoptr(GError) error = NULL;
  /* The games a previous run stored come first. */
  write_ready(t, NULL, 0, agon_tournament_get_num_games(t), &writer);
  gboolean ok = agon_tool_tournament_run(t, isatty(STDERR_FILENO), write_ready,
                                         stop_on_write_error, NULL, &writer, &stopped, &error);
  if (!to_stdout && fclose(writer.out) != 0)
    writer.write_error = TRUE;
  if (writer.write_error)
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", opt_output, g_strerror(errno));
  if (!ok)
    return agon_tool_report(error);
  if (stopped) {
    fprintf(stderr, "agon: selfplay: interrupted; %" G_GINT64_FORMAT " games written, %"
            G_GINT64_FORMAT " stored in %s: run the same command again to finish\n",
            writer.next, agon_tournament_get_num_finished(t), db);
    return 128 + SIGINT;
  }
  if (!to_stdout)
    fprintf(stderr, "%" G_GINT64_FORMAT " games written to %s\n", writer.next, opt_output);
  return AGON_EXIT_OK;
}
