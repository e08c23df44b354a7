/* agon: what the subcommands of the `agon` program share. */
#pragma once

#include <agon/agon.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

G_BEGIN_DECLS

/* Exit statuses: 2 for a usage error (bad option, bad game string), 1 for
 * a failure while doing the work. */
enum { AGON_EXIT_OK = 0, AGON_EXIT_FAILURE = 1, AGON_EXIT_USAGE = 2 };

/* A subcommand: argv[0] is the subcommand's name. */
typedef int (*AgonCommandFunc)(int argc, char **argv);

int agon_cmd_games(int argc, char **argv);
int agon_cmd_info(int argc, char **argv);
int agon_cmd_play(int argc, char **argv);
int agon_cmd_solve(int argc, char **argv);
int agon_cmd_exploitability(int argc, char **argv);
int agon_cmd_rate(int argc, char **argv);
int agon_cmd_search(int argc, char **argv);
int agon_cmd_match(int argc, char **argv);
int agon_cmd_tournament(int argc, char **argv);
int agon_cmd_selfplay(int argc, char **argv);
int agon_cmd_bench(int argc, char **argv);

/* Prints "agon: MESSAGE" on stderr and returns @status. */
int agon_tool_fail(int status, const char *format, ...) G_GNUC_PRINTF(2, 3);

/* Reports @error as one line and returns the exit status it deserves:
 * AGON_EXIT_USAGE for errors in what the user typed (parse errors, unknown
 * names or parameters, invalid values), AGON_EXIT_FAILURE otherwise. */
int agon_tool_report(const GError *error);

/* Parses the options of a subcommand: "agon NAME PARAMETER_STRING", with
 * @summary shown by --help. Prints a usage error and returns FALSE on bad
 * options. Consumes argv like g_option_context_parse_strv. */
gboolean agon_tool_parse(const char *name, const char *parameter_string, const char *summary,
                         const GOptionEntry *entries, int *argc, char ***argv, int *status);

/* Loads the game named by the only positional argument. */
AgonGame *agon_tool_load_game(int argc, char **argv, const char *command, int *status);

/* Writes @builder's root as pretty JSON to stdout, with a final newline. */
void agon_tool_print_json(JsonBuilder *builder);

/* Names of the game-type enums, as written in --json output. */
const char *agon_tool_dynamics_name(AgonDynamics dynamics);
const char *agon_tool_chance_name(AgonChanceMode mode);
const char *agon_tool_information_name(AgonInformation information);
const char *agon_tool_utility_name(AgonUtility utility);
const char *agon_tool_reward_name(AgonRewardModel model);

/* Adds "type": {...} describing @type to @builder (inside an object). */
void agon_tool_add_type_json(JsonBuilder *builder, const AgonGameType *type);

/* ---- Tournaments (tools/arena-util.c) ---------------------------------- */

/* Splits a --bot argument, "SPEC" or "NAME=SPEC", into new strings;
 * FALSE for an empty name or spec. */
gboolean agon_tool_split_bot(const char *arg, char **name, char **spec);

/* A tournament of @game between the --bot arguments @bots; on failure
 * reports the error, sets @status and returns NULL. */
AgonTournament *agon_tool_tournament_new(const char *command, const AgonGame *game,
                                         char **bots, const AgonTournamentOptions *options,
                                         int *status);

/* The database a tournament uses without --db: "GAME-KIND-HASH.db" in the
 * current directory, the hash that of its definition, so the same command
 * finds it again. Free with g_free(). */
char *agon_tool_default_db(const AgonTournament *t, const char *kind);

/* Opens the database @path (NULL: the default for @kind) for @t, setting
 * @used to the path opened (free with g_free()); on failure reports the
 * error and sets @status. */
gboolean agon_tool_tournament_open_db(AgonTournament *t, const char *path, const char *kind,
                                      char **used, int *status);

/* Appends to the progress line (after games, rate and ETA). */
typedef void (*AgonToolProgressExtra)(const AgonTournament *t, GString *line,
                                      gpointer user_data);

/* Runs @t, calling @on_game (may be NULL) after each stored game and
 * drawing a progress line on stderr when @live; Ctrl-C stops it after the
 * games under way (@stopped is then TRUE). The three callbacks get
 * @user_data. */
gboolean agon_tool_tournament_run(AgonTournament *t, gboolean live,
                                  AgonTournamentProgressFunc on_game,
                                  AgonTournamentStopFunc stop_when, AgonToolProgressExtra extra,
                                  gpointer user_data, gboolean *stopped, GError **error);

/* The standings over games below @up_to (-1: all), best first. Free with
 * g_free(). */
AgonStanding *agon_tool_sorted_standings(const AgonTournament *t, gint64 up_to);
/* Adds "standings": [...] to an open object. */
void agon_tool_add_standings_json(JsonBuilder *b, const AgonStanding *table, int n);
/* The standings as a table on stdout. */
void agon_tool_print_standings(const AgonStanding *table, int n);

/* ---- Results files (tools/results-file.c) ------------------------------ */

/* One game of a results file. */
typedef struct {
  int num_teams;
  int *sizes;      /* players per team */
  int *players;    /* indices into the player table, team after team */
  double *values;  /* one rank or score per team */
  gboolean scores;
  int line;
} AgonToolGame;

/* A results file: its players and games. */
typedef struct {
  GPtrArray *names;     /* index -> name */
  GHashTable *index;    /* name -> index + 1 */
  GArray *games;        /* of AgonToolGame */
  int unfinished;       /* PGN games with result "*", skipped */
} AgonToolResults;

void agon_tool_results_init(AgonToolResults *r);
void agon_tool_results_clear(AgonToolResults *r);
/* Reads @path (JSON lines, CSV, PGN or an agon database) into @r, which
 * agon_tool_results_init() prepared. FALSE with an error naming the file
 * and the line (AGON_ERROR_BAD_FILE), or the file (AGON_ERROR_FAILED). */
gboolean agon_tool_results_read(AgonToolResults *r, const char *path, GError **error);
/* Sets AGON_ERROR_BAD_FILE "@path:@line: @why" and returns FALSE. */
gboolean agon_tool_results_fail(const char *path, int line, GError **error, const char *why);

G_END_DECLS
