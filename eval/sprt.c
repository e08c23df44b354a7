/* agon: the sequential probability ratio test of engine testing.
 *
 * Wald's SPRT stops when the log-likelihood ratio of H1 (A is elo1
 * stronger) against H0 (elo0 stronger) leaves [ln(beta/(1-alpha)),
 * ln((1-beta)/alpha)]. Three ways to compute the LLR are provided:
 *
 *  - fastchess's generalized SPRT (M. Van den Bergh, "A simple
 *    approximation of the GSPRT", and fishtest's sprt.py): the scores of
 *    the N samples have mean s and variance var; under the normal
 *    approximation with the variance held at its sample value,
 *      LLR = N (s1 - s0) (2 s - s0 - s1) / (2 var),
 *    s_k = 1 / (1 + 10^(-elo_k/400)). Trinomial samples are games (score
 *    1, 1/2, 0); pentanomial samples are game pairs with swapped colours
 *    (pair score 0, 1/4, ..., 1 per game), which captures the correlation
 *    within a pair. Unlike fastchess, no pseudo-counts are added to empty
 *    categories; with zero variance the LLR is 0.
 *
 *  - the exact generalized SPRT: the log-likelihood ratio of the two
 *    maximum-likelihood distributions of the sample scores whose means
 *    are s0 and s1 (the multinomial MLE under a mean constraint, as
 *    fishtest computes it). Constrained to mean s, the MLE is
 *      p_i = n_i / (N (1 + lambda (x_i - s))),
 *    lambda the root of sum n_i (x_i - s) / (1 + lambda (x_i - s)) = 0,
 *    which is decreasing in lambda on the interval where every
 *    1 + lambda (x_i - s) > 0; so LLR = sum n_i ln((1 + lambda0 (x_i -
 *    s0)) / (1 + lambda1 (x_i - s1))). 1e-3 pseudo-observations per
 *    category keep the MLE defined when some outcomes were not seen.
 *    Where samples are few (bounds tens of Elo apart decide within tens
 *    of games) it holds the error rates at alpha and beta, which the
 *    normal approximation exceeds up to twofold.
 *
 *  - cutechess-cli's test (src/sprt.cpp): the draw Elo is estimated from
 *    the observed frequencies, elo0 and elo1 are converted to BayesElo by
 *    dividing by scale = 4x/(1+x)^2, x = 10^(-drawelo/400), and the LLR is
 *    the exact trinomial log-likelihood ratio of the two BayesElo models. */
#include "eval/eval-private.h"

#include <math.h>

void
agon_sprt_bounds(const AgonSprt *sprt, double *lower, double *upper)
{
  g_return_if_fail(sprt != NULL);
  if (lower)
    *lower = log(sprt->beta / (1 - sprt->alpha));
  if (upper)
    *upper = log((1 - sprt->beta) / sprt->alpha);
}

AgonSprtResult
agon_sprt_decide(const AgonSprt *sprt, double llr)
{
  double lo = 0, hi = 0;
  agon_sprt_bounds(sprt, &lo, &hi);
  if (llr >= hi)
    return AGON_SPRT_ACCEPT_H1;
  if (llr <= lo)
    return AGON_SPRT_ACCEPT_H0;
  return AGON_SPRT_CONTINUE;
}

/* LLR of @k categories with counts @c and per-sample scores @x. */
static double
gsprt(const AgonSprt *sprt, const double *c, const double *x, int k)
{
  double n = 0, s = 0;
  for (int i = 0; i < k; i++) {
    n += c[i];
    s += c[i] * x[i];
  }
  if (n <= 0)
    return 0;
  s /= n;
  double var = 0;
  for (int i = 0; i < k; i++)
    var += c[i] * (x[i] - s) * (x[i] - s);
  var /= n;
  if (!(var > 0))
    return 0;
  double s0 = agon_elo_expected(sprt->elo0, 0), s1 = agon_elo_expected(sprt->elo1, 0);
  return n * (s1 - s0) * (2 * s - s0 - s1) / (2 * var);
}

double
agon_sprt_llr_trinomial(const AgonSprt *sprt, int wins, int draws, int losses)
{
  g_return_val_if_fail(sprt != NULL && wins >= 0 && draws >= 0 && losses >= 0, 0);
  const double c[3] = { losses, draws, wins }, x[3] = { 0, 0.5, 1 };
  return gsprt(sprt, c, x, 3);
}

double
agon_sprt_llr_pentanomial(const AgonSprt *sprt, const int pairs[5])
{
  g_return_val_if_fail(sprt != NULL && pairs != NULL, 0);
  double c[5];
  const double x[5] = { 0, 0.25, 0.5, 0.75, 1 };
  for (int i = 0; i < 5; i++) {
    g_return_val_if_fail(pairs[i] >= 0, 0);
    c[i] = pairs[i];
  }
  return gsprt(sprt, c, x, 5);
}

/* sum n_i ln(1 + lambda (x_i - s)) at the lambda of the MLE with mean
 * @s: the log-likelihood of the data under the unconstrained MLE minus
 * that under the constrained one, up to a term both hypotheses share. */
static double
constrained_term(const double *n, const double *x, int k, double s)
{
  /* lambda's interval: 1 + lambda d > 0 for every category (all have
   * pseudo-counts); it is bounded since some x_i lie on each side of s. */
  double lo = -G_MAXDOUBLE, hi = G_MAXDOUBLE;
  for (int i = 0; i < k; i++) {
    double d = x[i] - s;
    if (d > 0)
      lo = MAX(lo, -1 / d);
    else if (d < 0)
      hi = MIN(hi, -1 / d);
  }
  /* f(lambda) = sum n d / (1 + lambda d) falls from +inf to -inf on
   * (lo, hi): Newton's method from 0 (inside), with a bisection step
   * whenever Newton would leave the bracket. */
  double lambda = 0;
  for (int it = 0; it < 200; it++) {
    double f = 0, df = 0;
    for (int i = 0; i < k; i++) {
      double d = x[i] - s, q = 1 + lambda * d;
      f += n[i] * d / q;
      df -= n[i] * d * d / (q * q);
    }
    if (f == 0)
      break;
    if (f > 0)
      lo = lambda;
    else
      hi = lambda;
    double next = df < 0 ? lambda - f / df : lo / 2 + hi / 2;
    if (!(next > lo && next < hi))
      next = lo / 2 + hi / 2;
    gboolean done = fabs(next - lambda) <= 1e-15 * (1 + fabs(lambda));
    lambda = next;
    if (done)
      break;
  }
  double t = 0;
  for (int i = 0; i < k; i++)
    t += n[i] * log1p(lambda * (x[i] - s));
  return t;
}

static double
gsprt_exact(const AgonSprt *sprt, const int *counts, const double *x, int k)
{
  double n[5], total = 0;
  for (int i = 0; i < k; i++) {
    n[i] = counts[i] + 1e-3;
    total += counts[i];
  }
  if (total <= 0)
    return 0;
  double s0 = agon_elo_expected(sprt->elo0, 0), s1 = agon_elo_expected(sprt->elo1, 0);
  return constrained_term(n, x, k, s0) - constrained_term(n, x, k, s1);
}

double
agon_sprt_llr_trinomial_exact(const AgonSprt *sprt, int wins, int draws, int losses)
{
  g_return_val_if_fail(sprt != NULL && wins >= 0 && draws >= 0 && losses >= 0, 0);
  const int c[3] = { losses, draws, wins };
  const double x[3] = { 0, 0.5, 1 };
  return gsprt_exact(sprt, c, x, 3);
}

double
agon_sprt_llr_pentanomial_exact(const AgonSprt *sprt, const int pairs[5])
{
  g_return_val_if_fail(sprt != NULL && pairs != NULL, 0);
  for (int i = 0; i < 5; i++)
    g_return_val_if_fail(pairs[i] >= 0, 0);
  const double x[5] = { 0, 0.25, 0.5, 0.75, 1 };
  return gsprt_exact(sprt, pairs, x, 5);
}

double
agon_sprt_llr_cutechess(const AgonSprt *sprt, int wins, int draws, int losses)
{
  g_return_val_if_fail(sprt != NULL, 0);
  if (wins <= 0 || draws <= 0 || losses <= 0)
    return 0;
  double count = (double) wins + draws + losses;
  double pw = wins / count, pl = losses / count;
  double draw_elo = 200 * log10((1 - pl) / pl * (1 - pw) / pw);
  double scale = agon_bayeselo_scale(draw_elo);
  double w0, d0, l0, w1, d1, l1;
  agon_bayeselo_probabilities(sprt->elo0 / scale, draw_elo, &w0, &d0, &l0);
  agon_bayeselo_probabilities(sprt->elo1 / scale, draw_elo, &w1, &d1, &l1);
  return wins * log(w1 / w0) + losses * log(l1 / l0) + draws * log(d1 / d0);
}
