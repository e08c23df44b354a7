/* agon: a tournament's table from its finished games.
 *
 * A game of n seats is read as the n(n-1)/2 pairwise results between its
 * seats (the higher return wins, equal returns draw), which is what
 * wins / draws / losses, the score and the batch Elo count; the same game
 * is one free-for-all match, seats ranked by return, for the online
 * Plackett-Luce rating. Two seats held by the same bot (self-play) are no
 * result for either. */
#include "eval/eval-private.h"

#include <math.h>
#include <string.h>

#define AGON_STANDINGS_PRIOR 2.0

/* The batch Elo fit of the pairwise results with BayesElo's default prior
 * of 2 virtual draws per bot: without one, a bot that won (or lost) every
 * game, common between bots of different strength, has an infinite
 * maximum-likelihood rating. NAN where no fit exists (bots that never met
 * each other's groups). */
static void
fit_elo(GArray *pairs, int num_bots, AgonStanding *out)
{
  for (int b = 0; b < num_bots; b++)
    out[b].elo = out[b].elo_low = out[b].elo_high = NAN;
  if (pairs->len == 0)
    return;
  AgonEloFit fit = { 0 };
  AgonEloFitOptions options = { .anchor = -1, .prior = AGON_STANDINGS_PRIOR };
  if (agon_elo_fit(num_bots, (const AgonGameResult *) pairs->data, (int) pairs->len, &options,
                   &fit, NULL))
    for (int b = 0; b < num_bots; b++) {
      out[b].elo = fit.ratings[b];
      out[b].elo_low = fit.ci95_low[b];
      out[b].elo_high = fit.ci95_high[b];
    }
  agon_elo_fit_clear(&fit);
}

void
agon__standings_compute(AgonGameRecord *const *records, gint64 n, int num_bots,
                        AgonStanding *out)
{
  for (int b = 0; b < num_bots; b++) {
    const char *name = out[b].name;
    memset(&out[b], 0, sizeof out[b]);
    out[b].name = name;
  }
  g_autoptr(AgonRatingModel) model = agon_rating_model_new("plackett-luce", NULL);
  g_autofree AgonRating *ratings = g_new(AgonRating, num_bots);
  for (int b = 0; b < num_bots; b++)
    ratings[b] = agon_rating_model_default_rating(model);
  g_autoptr(GArray) pairs = g_array_new(FALSE, FALSE, sizeof(AgonGameResult));
  double return_sum[num_bots], seats_held[num_bots];
  memset(return_sum, 0, sizeof return_sum);
  memset(seats_held, 0, sizeof seats_held);
  gboolean rated_online = TRUE;

  for (gint64 i = 0; i < n; i++) {
    const AgonGameRecord *r = records[i];
    if (r == NULL)
      continue;
    int seats = r->num_seats;
    for (int s = 0; s < seats; s++) {
      int earlier = 0; /* a game counts once per bot, whatever seats it held */
      for (int t = 0; t < s; t++)
        earlier += r->bots[t] == r->bots[s];
      if (earlier == 0 && r->failed)
        out[r->bots[s]].failed++;
      else if (earlier == 0)
        out[r->bots[s]].games++;
    }
    if (r->failed)
      continue;
    gboolean distinct = TRUE;
    for (int s = 0; s < seats; s++) {
      return_sum[r->bots[s]] += r->returns[s];
      seats_held[r->bots[s]]++;
      for (int t = s + 1; t < seats; t++) {
        int a = r->bots[s], b = r->bots[t];
        if (a == b) {
          distinct = FALSE;
          continue;
        }
        double x = r->returns[s], y = r->returns[t];
        AgonGameResult pair = { a, b, x > y ? 1 : x < y ? 0 : 0.5 };
        g_array_append_val(pairs, pair);
        out[a].wins += x > y, out[a].draws += x == y, out[a].losses += x < y;
        out[b].wins += y > x, out[b].draws += x == y, out[b].losses += y < x;
      }
    }
    if (!distinct) {
      rated_online = FALSE;
      continue;
    }
    AgonRating current[seats], updated[seats];
    const AgonRating *teams[seats];
    int sizes[seats];
    for (int s = 0; s < seats; s++) {
      current[s] = ratings[r->bots[s]];
      teams[s] = &current[s];
      sizes[s] = 1;
    }
    agon_rating_model_rate(model, teams, sizes, seats, r->returns, TRUE, NULL, updated);
    for (int s = 0; s < seats; s++)
      ratings[r->bots[s]] = updated[s];
  }

  fit_elo(pairs, num_bots, out);
  for (int b = 0; b < num_bots; b++) {
    AgonStanding *st = &out[b];
    int results = st->wins + st->draws + st->losses;
    st->score = results ? (st->wins + 0.5 * st->draws) / results : NAN;
    st->mean_return = seats_held[b] ? return_sum[b] / seats_held[b] : NAN;
    st->mu = rated_online ? ratings[b].mu : NAN;
    st->sigma = rated_online ? ratings[b].sigma : NAN;
    st->ordinal = rated_online ? agon_rating_model_ordinal(model, ratings[b]) : NAN;
  }
}
