/* agon: matches, tournaments and self-play between bots.
 *
 * A tournament is a game, a list of bots (a name and a bot spec each), a
 * format, a number of games per seating group and a seed. Its schedule is
 * fixed by these alone:
 *
 *  - round-robin: every group of bots the size of the game's player count
 *    (every pair in a two-player game); gauntlet: every such group holding
 *    the first bot; self-play: one bot in every seat.
 *  - Each group plays its games in rounds of one game per rotation of its
 *    seating, so every bot takes every seat equally often and first-move
 *    advantage cancels. The rounds are interleaved over the groups (round
 *    1 of every group, then round 2, ...), so a tournament stopped early is
 *    still balanced.
 *  - Game i draws its bots' seeds from stream i of the tournament seed, and
 *    its chance outcomes from a stream shared by the games of one round:
 *    the same deal with the seats rotated (duplicate play), which removes
 *    most of the luck of the deal from a comparison.
 *
 * So every game can be replayed alone, and the results are the same for any
 * number of threads. Games run on a GThreadPool; each worker keeps its own
 * bots, created once and restarted and reseeded for each game. Only the
 * thread that calls agon_tournament_run() touches the database: it writes
 * every finished game at once (SQLite, WAL mode), so a run killed at any
 * moment resumes with every finished game kept and none replayed. */
#pragma once

#include <agon/bot.h>
#include <agon/rating.h>

G_BEGIN_DECLS

typedef enum {
  AGON_FORMAT_ROUND_ROBIN,
  AGON_FORMAT_GAUNTLET,
  AGON_FORMAT_SELFPLAY,
} AgonTournamentFormat;

typedef struct {
  AgonTournamentFormat format;
  /* Games each seating group plays: a multiple of the number of seats,
   * any number in self-play (0: one round). */
  int games_per_group;
  guint64 seed;
  /* Worker threads; 0: the number of cores. Tournaments with a human bot
   * always use one. */
  int threads;
  /* Record, for bots that search, the distribution behind each move
   * (agon_bot_get_search_policy) in the game records and the database. */
  gboolean record_policies;
} AgonTournamentOptions;

/* One finished (or failed) game. */
typedef struct {
  gint64 index;          /* in the schedule */
  guint64 seed;          /* the bots' seeds come from it */
  guint64 chance_seed;   /* chance outcomes come from it */
  int num_seats;
  int *bots;             /* the bot in each seat */
  double *returns;       /* each seat's return; 0 when failed */
  gboolean failed;       /* a bot could not move: no result */
  char *error;           /* why, when failed */
  int num_moves;
  AgonAction *moves;     /* the game's history (agon_state_get_history) */
  /* With record_policies: for move m, policy_sizes[m] pairs of
   * policy_actions / policy_probs starting at policy_offsets[m] (size 0
   * where the mover is chance or a bot without a search policy). */
  int *policy_offsets, *policy_sizes;
  AgonAction *policy_actions;
  double *policy_probs;
  double seconds;        /* wall time of the game */
} AgonGameRecord;

/* The standing of one bot, from the games that finished. */
typedef struct {
  const char *name;      /* borrowed from the tournament */
  int games;             /* counted games (failed ones are not) */
  int failed;            /* games this bot was in that failed */
  /* Pairwise results against the other seats of each game: a seat beats
   * another whose return is lower; equal returns draw. */
  int wins, draws, losses;
  double score;          /* (wins + draws / 2) / (wins + draws + losses) */
  double mean_return;
  /* Batch Bradley-Terry Elo of the pairwise results (mean 0) with
   * BayesElo's default prior of 2 virtual draws per bot (agon_elo_fit),
   * so that a perfect score still rates; a 95% interval; NAN when the
   * results cannot rate the bot (groups of bots that never met). */
  double elo, elo_low, elo_high;
  /* Weng-Lin Plackett-Luce (OpenSkill's defaults), games rated in
   * schedule order with ranks from the returns. */
  double mu, sigma, ordinal;
} AgonStanding;

typedef struct AgonTournament AgonTournament;

/* Called on the running thread after each game is stored: @done of
 * @total games finished (failed ones included), @record the game. */
typedef void (*AgonTournamentProgressFunc)(const AgonTournament *tournament,
                                           const AgonGameRecord *record, gint64 done,
                                           gint64 total, gpointer user_data);

/* Plans a tournament of @game between @num_bots bots, @specs[i] named
 * @names[i] (NULL: the specs themselves; names must differ). Creates each
 * bot once for every seat it will take, so a bad spec fails here:
 * AGON_ERROR_INVALID_VALUE for a bad format, count or name, and the
 * errors of agon_bot_new(). Round-robin and gauntlet need at least as
 * many bots as seats (the gauntlet's first bot meets every group of
 * seats - 1 others), self-play exactly one bot. Free with
 * agon_tournament_free(). */
AGON_API AgonTournament *agon_tournament_new(const AgonGame *game, int num_bots,
                                             const char *const *names,
                                             const char *const *specs,
                                             const AgonTournamentOptions *options,
                                             GError **error);
AGON_API void agon_tournament_free(AgonTournament *tournament);

AGON_API const AgonGame *agon_tournament_get_game(const AgonTournament *tournament);
AGON_API int agon_tournament_get_num_bots(const AgonTournament *tournament);
AGON_API const char *agon_tournament_get_bot_name(const AgonTournament *tournament, int bot);
/* The bot's resolved spec. Borrowed. */
AGON_API const char *agon_tournament_get_bot_spec(const AgonTournament *tournament, int bot);
AGON_API gint64 agon_tournament_get_num_games(const AgonTournament *tournament);
/* The bots of game @index, one per seat (agon_game_get_num_players
 * entries). Borrowed. */
AGON_API const int *agon_tournament_get_seating(const AgonTournament *tournament,
                                                gint64 index);
/* The seeds of game @index (see the top of this file). */
AGON_API guint64 agon_tournament_get_game_seed(const AgonTournament *tournament, gint64 index);
AGON_API guint64 agon_tournament_get_chance_seed(const AgonTournament *tournament,
                                                 gint64 index);

/* The tournament's definition, canonical JSON: game, format, games per
 * group, seed and the bots' names and resolved specs. Two runs with the
 * same definition play the same games. Borrowed. */
AGON_API const char *agon_tournament_get_definition(const AgonTournament *tournament);

/* Stores the games in the SQLite database @path, created when missing
 * (":memory:" keeps them in memory). A database holding games already
 * must belong to the same definition: its finished games are loaded and
 * will not be played again. Fails with AGON_ERROR_BAD_FILE for a file
 * that is not an agon database or holds another tournament (the message
 * says what differs). Call before agon_tournament_run(). */
AGON_API gboolean agon_tournament_open_db(AgonTournament *tournament, const char *path,
                                          GError **error);

/* Plays every game not yet finished, @progress (may be NULL) called after
 * each. Returns when all are done, when agon_tournament_stop() was called
 * (games under way are finished first) or when @stop_when (may be NULL)
 * returns TRUE after a game. Returns FALSE only when the database cannot
 * be written (AGON_ERROR_FAILED); games in which a bot fails are recorded
 * as failed and the run goes on. */
typedef gboolean (*AgonTournamentStopFunc)(const AgonTournament *tournament,
                                           gpointer user_data);
AGON_API gboolean agon_tournament_run(AgonTournament *tournament,
                                      AgonTournamentProgressFunc progress,
                                      AgonTournamentStopFunc stop_when, gpointer user_data,
                                      GError **error);

/* Asks a running tournament to stop; safe from another thread or a signal
 * handler. The games in progress finish and are stored. */
AGON_API void agon_tournament_stop(AgonTournament *tournament);

/* Number of games finished (failed ones included) and a game's record
 * (NULL when game @index has not been played). Borrowed. */
AGON_API gint64 agon_tournament_get_num_finished(const AgonTournament *tournament);
AGON_API const AgonGameRecord *agon_tournament_get_record(const AgonTournament *tournament,
                                                          gint64 index);

/* The standings over the games @index < @up_to (-1: all) that finished,
 * one per bot into @out (agon_tournament_get_num_bots entries), in bot
 * order. */
AGON_API void agon_tournament_get_standings(const AgonTournament *tournament, gint64 up_to,
                                            AgonStanding *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonTournament, agon_tournament_free)

/* ---- Reading a database ------------------------------------------------ */

typedef struct AgonGameLog AgonGameLog;

/* Reads every game stored in the tournament database @path (opened read
 * only). AGON_ERROR_BAD_FILE when it is not one. Free with
 * agon_game_log_free(). */
AGON_API AgonGameLog *agon_game_log_load(const char *path, GError **error);
AGON_API void agon_game_log_free(AgonGameLog *log);
AGON_API const char *agon_game_log_get_definition(const AgonGameLog *log);
AGON_API int agon_game_log_get_num_bots(const AgonGameLog *log);
AGON_API const char *agon_game_log_get_bot_name(const AgonGameLog *log, int bot);
/* Games in schedule order. */
AGON_API gint64 agon_game_log_get_num_games(const AgonGameLog *log);
AGON_API const AgonGameRecord *agon_game_log_get_game(const AgonGameLog *log, gint64 i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonGameLog, agon_game_log_free)

G_END_DECLS
