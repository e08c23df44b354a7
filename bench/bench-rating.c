/* agon: rating speed.
 *
 * Plackett-Luce online updates (OpenSkill defaults) per CPU second for
 * 1v1 matches and 4-player free-for-all matches among 1,000 players, the
 * pairings drawn once beforehand so that the loop only rates; and the
 * batch Elo fit (Bradley-Terry MLE with covariance and LOS) and the
 * BayesElo fit (advantage and drawelo estimated too) of 100 players over
 * 100,000 games. BENCHMARKS.md's goals: >= 2M 1v1 and >= 700k
 * free-for-all updates per second. Each line is the median of 7 timed
 * runs of thread CPU time. */
#include "bench/benchutil.h"

#include <math.h>
#include <stdio.h>

#define POOL 1000
#define SCHEDULE 4096

typedef struct {
  AgonRatingModel *model;
  AgonRating players[POOL];
  int seat[SCHEDULE][4];
  int order[SCHEDULE][4];
  int size; /* players per match */
  AgonGameResult *games;
  int n_games;
  double sink;
} Bench;

static guint64
next_random(guint64 *s)
{
  /* splitmix64 */
  guint64 z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static void
run_online(void *data, long reps)
{
  Bench *b = data;
  int n = b->size;
  for (long r = 0; r < reps; r++) {
    int m = (int) (r & (SCHEDULE - 1));
    const AgonRating *teams[4];
    int sizes[4] = { 1, 1, 1, 1 };
    double ranks[4];
    AgonRating out[4];
    for (int k = 0; k < n; k++) {
      teams[k] = &b->players[b->seat[m][k]];
      ranks[k] = b->order[m][k];
    }
    agon_rating_model_rate(b->model, teams, sizes, n, ranks, FALSE, NULL, out);
    for (int k = 0; k < n; k++)
      b->players[b->seat[m][k]] = out[k];
  }
}

static void
run_fit(void *data, long reps)
{
  Bench *b = data;
  for (long r = 0; r < reps; r++) {
    AgonEloFit fit;
    g_autoptr(GError) error = NULL;
    if (!agon_elo_fit(100, b->games, b->n_games, NULL, &fit, &error))
      g_error("bench-rating: %s", error->message);
    b->sink += fit.ratings[0];
    agon_elo_fit_clear(&fit);
  }
}

static void
run_bayeselo(void *data, long reps)
{
  Bench *b = data;
  AgonBayeseloOptions options;
  agon_bayeselo_options_init(&options);
  options.fit_advantage = options.fit_drawelo = TRUE;
  for (long r = 0; r < reps; r++) {
    AgonBayeseloFit fit;
    g_autoptr(GError) error = NULL;
    if (!agon_bayeselo_fit(100, b->games, b->n_games, &options, &fit, &error))
      g_error("bench-rating: %s", error->message);
    b->sink += fit.ratings[0];
    agon_bayeselo_fit_clear(&fit);
  }
}

static void
setup_schedule(Bench *b, int size, guint64 seed)
{
  b->size = size;
  for (int i = 0; i < POOL; i++)
    b->players[i] = agon_rating_model_default_rating(b->model);
  for (int m = 0; m < SCHEDULE; m++)
    for (int k = 0; k < size; k++) {
      int p;
      gboolean dup;
      do {
        p = (int) (next_random(&seed) % POOL);
        dup = FALSE;
        for (int q = 0; q < k; q++)
          dup |= b->seat[m][q] == p;
      } while (dup);
      b->seat[m][k] = p;
      b->order[m][k] = 1 + (int) (next_random(&seed) % size); /* ties happen */
    }
}

int
main(void)
{
  static Bench b;
  char buf[64];
  b.model = agon_rating_model_new("plackett-luce", NULL);

  setup_schedule(&b, 2, 1);
  double t = bench_measure(run_online, &b, 7, 0.3);
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("%-44s %12s  %.3gM/s\n", "plackett-luce update, 1v1",
         bench_format_time(t, buf, sizeof buf), 1e-6 / t);
  setup_schedule(&b, 4, 2);
  t = bench_measure(run_online, &b, 7, 0.3);
  printf("%-44s %12s  %.3gM/s\n", "plackett-luce update, 4-player free-for-all",
         bench_format_time(t, buf, sizeof buf), 1e-6 / t);

  /* 100 players with spread strengths, 100,000 games, ~30% draws. */
  b.n_games = 100000;
  b.games = g_new(AgonGameResult, b.n_games);
  guint64 seed = 3;
  double strength[100];
  for (int i = 0; i < 100; i++)
    strength[i] = (i - 50) * 8.0;
  for (int g = 0; g < b.n_games; g++) {
    int a = (int) (next_random(&seed) % 100), c;
    do
      c = (int) (next_random(&seed) % 100);
    while (c == a);
    double e = agon_elo_expected(strength[a], strength[c]);
    double u = (double) (next_random(&seed) >> 11) / 9007199254740992.0;
    double draw = 0.3;
    double score = u < e * (1 - draw) ? 1 : u < e * (1 - draw) + draw ? 0.5 : 0;
    b.games[g] = (AgonGameResult) { a, c, score };
  }
  t = bench_measure(run_fit, &b, 7, 0.5);
  printf("%-44s %12s\n", "elo fit, 100 players, 100,000 games",
         bench_format_time(t, buf, sizeof buf));
  t = bench_measure(run_bayeselo, &b, 7, 0.5);
  printf("%-44s %12s\n", "bayeselo fit, 100 players, 100,000 games",
         bench_format_time(t, buf, sizeof buf));
  g_free(b.games);
  agon_rating_model_free(b.model);
  return b.sink == 12345.678 ? 1 : 0;
}
