/* agon: the head-to-head numbers engine testers read after a match.
 *
 * cutechess-cli and fastchess summarise a match between A and B by the
 * Elo difference that A's score fraction implies on the logistic scale,
 * a 95% margin from the normal approximation of the mean score, and the
 * likelihood of superiority. They differ in details that show in the
 * printed digits, so both are kept:
 *
 *  - cutechess-cli takes the 97.5% normal quantile from an approximate
 *    inverse error function (Winitzki's closed form, with pi written to 13
 *    decimals), which gives 1.95716 instead of 1.95996, and computes the
 *    LOS from wins and losses alone, draws ignored.
 *  - fastchess uses the exact quantile, computes the LOS from the score
 *    and its per-game variance, and adds the "normalized Elo" (the score
 *    excess over 1/2 in units of its standard deviation, scaled so that it
 *    matches Elo for a game without draws near 50%). */
#include "eval/eval-private.h"

#include <math.h>

#define Z95 1.959963984540054
#define NELO_SCALE (800.0 / G_LN10)

static double
score_to_elo(double s)
{
  /* 400 log10(s / (1 - s)): an even score is +0, never "-0.0". */
  return 400 * log10(s / (1 - s));
}

/* cutechess-cli's inverse error function: Winitzki's approximation. */
static double
winitzki_erfinv(double x)
{
  const double pi = 3.1415926535897;
  double a = 8 * (pi - 3) / (3 * pi * (4 - pi));
  double y = log(1 - x * x);
  double z = 2 / (pi * a) + y / 2;
  double r = sqrt(sqrt(z * z - y / a) - z);
  return x < 0 ? -r : r;
}

/* Half the width of the Elo interval elo(s -/+ q sd). */
static double
elo_margin(double s, double sd, double q)
{
  if (!(s > 0 && s < 1))
    return NAN;
  double lo = s - q * sd, hi = s + q * sd;
  if (lo <= 0 || hi >= 1)
    return INFINITY;
  return (score_to_elo(hi) - score_to_elo(lo)) / 2;
}

AgonMatchStats
agon_match_stats(int wins, int draws, int losses)
{
  AgonMatchStats st = { .wins = wins, .draws = draws, .losses = losses };
  g_return_val_if_fail(wins >= 0 && draws >= 0 && losses >= 0, st);
  double n = (double) wins + draws + losses;
  st.games = wins + draws + losses;
  if (n == 0) {
    st.score = st.draw_ratio = st.variance = st.elo = st.elo_error = NAN;
    st.elo_error_cutechess = st.los = st.los_cutechess = st.nelo = st.nelo_error = NAN;
    return st;
  }
  double s = (wins + draws / 2.0) / n;
  st.score = s;
  st.draw_ratio = draws / n;
  st.variance = (wins * (1 - s) * (1 - s) + draws * (0.5 - s) * (0.5 - s) + losses * s * s) / n;
  double sd = sqrt(st.variance / n);
  st.elo = s <= 0 ? -INFINITY : s >= 1 ? INFINITY : score_to_elo(s);
  st.elo_error = elo_margin(s, sd, Z95);
  st.elo_error_cutechess = elo_margin(s, sd, G_SQRT2 * winitzki_erfinv(2 * 0.975 - 1));

  /* With zero variance the score alone decides: all draws say nothing. */
  if (st.variance > 0)
    st.los = agon__normal_cdf((s - 0.5) / sd);
  else
    st.los = s > 0.5 ? 1 : s < 0.5 ? 0 : 0.5;
  if (wins + losses > 0)
    st.los_cutechess = 0.5 + 0.5 * erf((wins - losses) / sqrt(2.0 * (wins + losses)));
  else
    st.los_cutechess = 0.5;
  if (st.variance > 0)
    st.nelo = (s - 0.5) / sqrt(st.variance) * NELO_SCALE;
  else
    st.nelo = s > 0.5 ? INFINITY : s < 0.5 ? -INFINITY : 0;
  st.nelo_error = Z95 / sqrt(n) * NELO_SCALE;
  return st;
}

char *
agon_match_stats_format(const AgonMatchStats *st, AgonMatchStatsFormat format)
{
  g_return_val_if_fail(st != NULL, NULL);
  /* The C locale's decimal point, as both programs print. */
  char a[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
  char c[G_ASCII_DTOSTR_BUF_SIZE], d[G_ASCII_DTOSTR_BUF_SIZE];
  if (format == AGON_MATCH_STATS_FASTCHESS) {
    g_ascii_formatd(a, sizeof a, "%.2f", st->elo);
    g_ascii_formatd(b, sizeof b, "%.2f", st->elo_error);
    g_ascii_formatd(c, sizeof c, "%.2f", st->nelo);
    g_ascii_formatd(d, sizeof d, "%.2f", st->nelo_error);
    return g_strdup_printf("Elo: %s +/- %s, nElo: %s +/- %s", a, b, c, d);
  }
  g_ascii_formatd(a, sizeof a, "%.1f", st->elo);
  g_ascii_formatd(b, sizeof b, "%.1f", st->elo_error_cutechess);
  g_ascii_formatd(c, sizeof c, "%.1f", 100 * st->los_cutechess);
  g_ascii_formatd(d, sizeof d, "%.1f", 100 * st->draw_ratio);
  return g_strdup_printf("Elo difference: %s +/- %s, LOS: %s %%, DrawRatio: %s %%", a, b, c, d);
}
