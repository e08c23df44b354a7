/* agon: what a tournament costs per game beyond the game itself.
 *
 * Two `random` bots play tic-tac-toe, where a game is cheap enough that
 * the runner's own work shows: the bare game (random moves on a state
 * buffer), the same game through agon's bots (restart, reseed, step,
 * inform), then whole tournaments on one worker thread without a database,
 * with one in memory and with a file in WAL mode (each game its own
 * committed transaction). Wall time, median of 7 runs of 2,000 games;
 * thread CPU time would miss the pool's worker. */
#include "bench/benchutil.h"
#include "eval/eval-private.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define GAMES 2000
#define RUNS 7

static double
bare_games(AgonGame *game)
{
  g_autofree void *memory = g_malloc(agon_game_get_state_size(game));
  AgonAction actions[agon_game_get_max_actions(game)];
  AgonRng rng;
  agon_rng_init(&rng, 1);
  double start = bench_now();
  for (int g = 0; g < GAMES; g++) {
    AgonState *state = agon_state_init_initial(game, memory);
    while (!agon_state_is_terminal(state)) {
      int n = agon_state_legal_actions(state, actions);
      agon_state_apply(state, actions[agon_rng_below(&rng, (guint32) n)]);
    }
  }
  return (bench_now() - start) / GAMES;
}

static double
bot_games(AgonGame *game)
{
  AgonBot *bots[2] = { agon_bot_new(game, 0, "random", 1, NULL),
                       agon_bot_new(game, 1, "random", 2, NULL) };
  g_autofree void *memory = g_malloc(agon_game_get_state_size(game));
  AgonGameRecord *record = agon__game_record_new(2);
  double start = bench_now();
  for (int g = 0; g < GAMES; g++) {
    agon__play_game(game, bots, (guint64) g, (guint64) g, FALSE, memory, record);
    g_clear_pointer(&record->moves, g_free);
  }
  double seconds = (bench_now() - start) / GAMES;
  agon__game_record_free(record);
  agon_bot_free(bots[0]);
  agon_bot_free(bots[1]);
  return seconds;
}

/* One tournament of GAMES games; @db NULL for none. */
static double
tournament(AgonGame *game, const char *db)
{
  const char *names[] = { "random", "r2" };
  const char *plain[] = { "random", "random" };
  AgonTournamentOptions options = { .format = AGON_FORMAT_ROUND_ROBIN,
                                    .games_per_group = GAMES, .seed = 1, .threads = 1 };
  g_autoptr(AgonTournament) t = agon_tournament_new(game, 2, names, plain, &options, NULL);
  g_assert(t != NULL);
  if (db != NULL && !agon_tournament_open_db(t, db, NULL))
    g_error("cannot open %s", db);
  double start = bench_now();
  if (!agon_tournament_run(t, NULL, NULL, NULL, NULL))
    g_error("tournament failed");
  return (bench_now() - start) / GAMES;
}

static void
remove_db(const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  for (gsize i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(path, suffixes[i], NULL);
    g_unlink(file);
  }
}

int
main(void)
{
  g_autoptr(AgonGame) game = agon_game_new("tic_tac_toe", NULL);
  g_autofree char *path = g_strdup_printf("%s/agon-bench-%d.db", g_get_tmp_dir(), (int) getpid());
  double bare[RUNS], bots[RUNS], none[RUNS], memory[RUNS], file[RUNS];
  for (int r = 0; r < RUNS; r++) {
    bare[r] = bare_games(game);
    bots[r] = bot_games(game);
    none[r] = tournament(game, NULL);
    memory[r] = tournament(game, ":memory:");
    remove_db(path);
    file[r] = tournament(game, path);
  }
  remove_db(path);
  const char *labels[] = { "bare game (random moves)", "game between two random bots",
                           "tournament, no database", "tournament, SQLite in memory",
                           "tournament, SQLite file (WAL)" };
  double *series[] = { bare, bots, none, memory, file };
  double base = bench_median(bare, RUNS);
  printf("tic_tac_toe, 2 random bots, %d games per run, median of %d runs (wall time)\n", GAMES,
         RUNS);
  for (int i = 0; i < 5; i++) {
    char buf[32];
    double m = i == 0 ? base : bench_median(series[i], RUNS);
    printf("%-32s %10s per game", labels[i], bench_format_time(m, buf, sizeof buf));
    if (i > 0) {
      char over[32];
      printf("   (+%s over the bare game)", bench_format_time(m - base, over, sizeof over));
    }
    printf("\n");
  }
  return 0;
}
