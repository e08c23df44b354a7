/* agon: Elo ratings, online and by batch maximum likelihood.
 *
 * The online update is Elo's: R += K (S - E), E = 1 / (1 + 10^(-(Ra-Rb)/400)).
 *
 * The batch fit is the Bradley-Terry model (Zermelo 1929; Bradley & Terry
 * 1952) on the Elo scale, a draw scored as half a win, as Ordo and R's
 * glm(binomial) compute it. Games are first aggregated into an n x n table
 * of points and games per pair, so one Newton step costs O(n^2) for the
 * gradient and information plus O(n^3) for a Cholesky factorisation,
 * however many games there are (100 players, 100,000 games: milliseconds).
 * Newton's method on the natural-log strengths theta = R ln(10) / 400 with
 * one player pinned at 0 converges quadratically from theta = 0; a
 * backtracking line search on the log-likelihood keeps every step uphill.
 * An optional prior adds BayesElo's virtual draws to the table before the
 * fit, which keeps a perfect score finite (the MAP estimate under that
 * prior, as BayesElo computes for its own model in bayeselo.c).
 *
 * Error bars: the observed Fisher information I (minus the Hessian) at the
 * MLE, reduced by the pinned player, is inverted; for the mean-0 gauge the
 * covariance is projected with P = I - 11^T/n. The 95% interval is Wald's,
 * R +/- 1.959964 sd, and the likelihood of superiority LOS[i][j] =
 * Phi((R_i - R_j) / sd(R_i - R_j)), a normal approximation of the
 * posterior under a flat prior. */
#include "eval/eval-private.h"

#include <math.h>
#include <string.h>

#define ELO_SCALE (400.0 / G_LN10) /* Elo points per unit of natural log-odds */
#define Z95 1.959963984540054

double
agon_elo_expected(double ra, double rb)
{
  return 1.0 / (1.0 + pow(10.0, (rb - ra) / 400.0));
}

void
agon_elo_update(double *ra, double *rb, double score_a, double k)
{
  g_return_if_fail(ra != NULL && rb != NULL);
  double e = agon_elo_expected(*ra, *rb);
  double d = k * (score_a - e);
  *ra += d;
  *rb -= d;
}

/* Whether every player reaches every other through edges i -> j where
 * adj[i*n+j] (i did better than j at least once). Then a finite MLE exists
 * for Bradley-Terry and Plackett-Luce (Hunter 2004, Assumption 1). */
static gboolean
strongly_connected(int n, const guint8 *adj)
{
  g_autofree int *stack = g_new(int, n);
  g_autofree guint8 *seen = g_new(guint8, n);
  for (int dir = 0; dir < 2; dir++) {
    memset(seen, 0, n);
    int top = 0, count = 1;
    stack[top++] = 0;
    seen[0] = 1;
    while (top > 0) {
      int i = stack[--top];
      for (int j = 0; j < n; j++) {
        guint8 e = dir == 0 ? adj[(gsize) i * n + j] : adj[(gsize) j * n + i];
        if (e && !seen[j]) {
          seen[j] = 1;
          count++;
          stack[top++] = j;
        }
      }
    }
    if (count < n)
      return FALSE;
  }
  return TRUE;
}

gboolean
agon__ranking_graph_ok(int n, const guint8 *adj)
{
  return n <= 1 || strongly_connected(n, adj);
}

gboolean
agon__cholesky(double *a, int m)
{
  for (int j = 0; j < m; j++) {
    double d = a[(gsize) j * m + j];
    for (int k = 0; k < j; k++)
      d -= a[(gsize) j * m + k] * a[(gsize) j * m + k];
    if (!(d > 0))
      return FALSE;
    d = sqrt(d);
    a[(gsize) j * m + j] = d;
    for (int i = j + 1; i < m; i++) {
      double s = a[(gsize) i * m + j];
      for (int k = 0; k < j; k++)
        s -= a[(gsize) i * m + k] * a[(gsize) j * m + k];
      a[(gsize) i * m + j] = s / d;
    }
  }
  return TRUE;
}

void
agon__cholesky_solve(const double *l, int m, double *b)
{
  for (int i = 0; i < m; i++) {
    double s = b[i];
    for (int k = 0; k < i; k++)
      s -= l[(gsize) i * m + k] * b[k];
    b[i] = s / l[(gsize) i * m + i];
  }
  for (int i = m - 1; i >= 0; i--) {
    double s = b[i];
    for (int k = i + 1; k < m; k++)
      s -= l[(gsize) k * m + i] * b[k];
    b[i] = s / l[(gsize) i * m + i];
  }
}

void
agon__center_covariance(int n, double *cov)
{
  /* P C P^T with P = I - 11^T/n: subtract row and column means. */
  g_autofree double *rowm = g_new0(double, n);
  double all = 0;
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++)
      rowm[i] += cov[(gsize) i * n + j];
    rowm[i] /= n;
    all += rowm[i];
  }
  all /= n;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      cov[(gsize) i * n + j] += all - rowm[i] - rowm[j];
}

void
agon__rating_intervals(int n, const double *ratings, const double *cov, double *stderrs,
                       double *lo, double *hi, double *los)
{
  for (int i = 0; i < n; i++) {
    double sd = sqrt(MAX(cov[(gsize) i * n + i], 0));
    stderrs[i] = sd;
    lo[i] = ratings[i] - Z95 * sd;
    hi[i] = ratings[i] + Z95 * sd;
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double v = cov[(gsize) i * n + i] + cov[(gsize) j * n + j] - 2 * cov[(gsize) i * n + j];
      los[(gsize) i * n + j] =
        i == j ? 0.5 : agon__normal_cdf((ratings[i] - ratings[j]) / sqrt(MAX(v, 1e-300)));
    }
}

typedef struct {
  int n;
  double *points; /* points[i*n+j]: i's points against j */
  double *games;  /* games[i*n+j]: games between i and j */
} Table;

static double
table_loglik(const Table *t, const double *theta)
{
  int n = t->n;
  double ll = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      double g = t->games[(gsize) i * n + j];
      if (g == 0)
        continue;
      double w = t->points[(gsize) i * n + j];
      double d = theta[i] - theta[j];
      /* log P = -log(1 + e^-d), log(1 - P) = -log(1 + e^d) */
      ll -= w * log1p(exp(-d)) + (g - w) * log1p(exp(d));
    }
  return ll;
}

void
agon_elo_fit_clear(AgonEloFit *fit)
{
  if (fit == NULL)
    return;
  g_free(fit->ratings);
  g_free(fit->stderrs);
  g_free(fit->ci95_low);
  g_free(fit->ci95_high);
  g_free(fit->covariance);
  g_free(fit->los);
  g_free(fit->score);
  g_free(fit->games);
  memset(fit, 0, sizeof *fit);
}

gboolean
agon_elo_fit(int num_players, const AgonGameResult *results, int n_results,
             const AgonEloFitOptions *options, AgonEloFit *out, GError **error)
{
  g_return_val_if_fail(num_players >= 1 && out != NULL, FALSE);
  g_return_val_if_fail(results != NULL || n_results == 0, FALSE);
  memset(out, 0, sizeof *out);
  AgonEloFitOptions opt = { .anchor = -1 };
  if (options != NULL)
    opt = *options;
  int max_iter = opt.max_iterations > 0 ? opt.max_iterations : 100;
  double tol = opt.tolerance > 0 ? opt.tolerance : 1e-12;
  int n = num_players;
  if (opt.anchor < -1 || opt.anchor >= n) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "elo fit: anchor %d is not a player (0..%d or -1)", opt.anchor, n - 1);
    return FALSE;
  }
  if (!(opt.prior >= 0 && opt.prior < INFINITY)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "elo fit: prior %g must be a non-negative number of virtual draws", opt.prior);
    return FALSE;
  }

  gsize nn = (gsize) n * n;
  g_autofree double *points = g_new0(double, nn);
  g_autofree double *games = g_new0(double, nn);
  g_autofree double *score = g_new0(double, n);
  g_autofree double *played = g_new0(double, n);
  for (int r = 0; r < n_results; r++) {
    const AgonGameResult *g = &results[r];
    if (g->a < 0 || g->a >= n || g->b < 0 || g->b >= n || g->a == g->b ||
        !(g->score >= 0 && g->score <= 1)) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "elo fit: game %d: players %d and %d with score %g are not valid", r, g->a,
                  g->b, g->score);
      return FALSE;
    }
    points[(gsize) g->a * n + g->b] += g->score;
    points[(gsize) g->b * n + g->a] += 1 - g->score;
    games[(gsize) g->a * n + g->b] += 1;
    games[(gsize) g->b * n + g->a] += 1;
    score[g->a] += g->score;
    score[g->b] += 1 - g->score;
    played[g->a] += 1;
    played[g->b] += 1;
  }
  for (int i = 0; i < n; i++)
    if (played[i] == 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "elo fit: player %d has no games", i);
      return FALSE;
    }
  /* BayesElo's virtual draws: about @prior per player, spread over its
   * opponents in proportion to the games played against each. */
  g_autofree double *weight = g_memdup2(played, sizeof(double) * n);
  if (opt.prior > 0)
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) {
        double g = games[(gsize) i * n + j];
        if (g == 0)
          continue;
        double v = opt.prior * 0.5 * g * (1 / played[i] + 1 / played[j]);
        points[(gsize) i * n + j] += v / 2;
        points[(gsize) j * n + i] += v / 2;
        games[(gsize) i * n + j] += v;
        games[(gsize) j * n + i] += v;
        weight[i] += v;
        weight[j] += v;
      }
  g_autofree guint8 *adj = g_new0(guint8, nn);
  for (gsize k = 0; k < nn; k++)
    adj[k] = points[k] > 0;
  if (!agon__ranking_graph_ok(n, adj)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "%s",
                opt.prior > 0 ? "elo fit: no finite ratings: some groups of players never met"
                              : "elo fit: no finite maximum-likelihood ratings: some players "
                                "never score against the others (a perfect or zero score, or "
                                "disconnected groups; a prior helps)");
    return FALSE;
  }

  Table t = { n, points, games };
  int ref = opt.anchor >= 0 ? opt.anchor : 0;
  int m = n - 1;
  /* free variable k <-> player idx[k] (every player but ref) */
  g_autofree int *idx = g_new(int, MAX(m, 1));
  for (int i = 0, k = 0; i < n; i++)
    if (i != ref)
      idx[k++] = i;
  g_autofree double *theta = g_new0(double, n);
  g_autofree double *trial = g_new0(double, n);
  g_autofree double *grad = g_new0(double, n);
  g_autofree double *info = g_new0(double, (gsize) MAX(m, 1) * MAX(m, 1));
  g_autofree double *step = g_new0(double, MAX(m, 1));
  g_autofree int *pos = g_new(int, n);
  for (int i = 0; i < n; i++)
    pos[i] = -1;
  for (int k = 0; k < m; k++)
    pos[idx[k]] = k;

  double ll = table_loglik(&t, theta);
  int iter = 0;
  gboolean converged = m == 0;
  while (!converged && iter < max_iter) {
    /* gradient and observed information in the free variables */
    memset(grad, 0, sizeof(double) * n);
    memset(info, 0, sizeof(double) * (gsize) m * m);
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) {
        double g = games[(gsize) i * n + j];
        if (g == 0)
          continue;
        double p = 1 / (1 + exp(theta[j] - theta[i]));
        double r = points[(gsize) i * n + j] - g * p;
        grad[i] += r;
        grad[j] -= r;
        double h = g * p * (1 - p);
        int a = pos[i], b = pos[j];
        if (a >= 0)
          info[(gsize) a * m + a] += h;
        if (b >= 0)
          info[(gsize) b * m + b] += h;
        if (a >= 0 && b >= 0) {
          info[(gsize) a * m + b] -= h;
          info[(gsize) b * m + a] -= h;
        }
      }
    double gmax = 0;
    for (int i = 0; i < n; i++)
      gmax = MAX(gmax, fabs(grad[i]) / weight[i]);
    if (gmax < tol) {
      converged = TRUE;
      break;
    }
    iter++;
    if (!agon__cholesky(info, m))
      break;
    for (int k = 0; k < m; k++)
      step[k] = grad[idx[k]];
    agon__cholesky_solve(info, m, step);
    double lambda = 1;
    gboolean moved = FALSE;
    for (int half = 0; half < 40; half++, lambda /= 2) {
      memcpy(trial, theta, sizeof(double) * n);
      for (int k = 0; k < m; k++)
        trial[idx[k]] += lambda * step[k];
      double tl = table_loglik(&t, trial);
      /* Near the optimum the gain is below the rounding of the sum; a
       * change within that rounding counts as no loss. */
      if (tl >= ll - 1e-13 * (1 + fabs(ll))) {
        memcpy(theta, trial, sizeof(double) * n);
        ll = tl;
        moved = TRUE;
        break;
      }
    }
    if (!moved) {
      /* At the optimum to rounding: no uphill step remains. */
      converged = gmax < 1e-6;
      break;
    }
  }
  if (!converged) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
                "elo fit: Newton's method did not converge in %d iterations", max_iter);
    return FALSE;
  }

  /* Covariance of the free variables: the inverse information at the
   * optimum (recomputed there), column by column. */
  g_autofree double *cov = g_new0(double, nn);
  if (m > 0) {
    memset(info, 0, sizeof(double) * (gsize) m * m);
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) {
        double g = games[(gsize) i * n + j];
        if (g == 0)
          continue;
        double p = 1 / (1 + exp(theta[j] - theta[i]));
        double h = g * p * (1 - p);
        int a = pos[i], b = pos[j];
        if (a >= 0)
          info[(gsize) a * m + a] += h;
        if (b >= 0)
          info[(gsize) b * m + b] += h;
        if (a >= 0 && b >= 0) {
          info[(gsize) a * m + b] -= h;
          info[(gsize) b * m + a] -= h;
        }
      }
    if (!agon__cholesky(info, m)) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
                  "elo fit: the information matrix is singular");
      return FALSE;
    }
    g_autofree double *col = g_new(double, m);
    for (int c = 0; c < m; c++) {
      memset(col, 0, sizeof(double) * m);
      col[c] = 1;
      agon__cholesky_solve(info, m, col);
      for (int k = 0; k < m; k++)
        cov[(gsize) idx[k] * n + idx[c]] = col[k] * ELO_SCALE * ELO_SCALE;
    }
  }
  double *ratings = g_new(double, n);
  for (int i = 0; i < n; i++)
    ratings[i] = theta[i] * ELO_SCALE;
  if (opt.anchor < 0) {
    double mean = 0;
    for (int i = 0; i < n; i++)
      mean += ratings[i];
    mean /= n;
    for (int i = 0; i < n; i++)
      ratings[i] -= mean;
    agon__center_covariance(n, cov);
  }
  out->num_players = n;
  out->ratings = ratings;
  out->stderrs = g_new(double, n);
  out->ci95_low = g_new(double, n);
  out->ci95_high = g_new(double, n);
  out->los = g_new(double, nn);
  for (int i = 0; i < n; i++)
    ratings[i] += opt.offset;
  agon__rating_intervals(n, ratings, cov, out->stderrs, out->ci95_low, out->ci95_high, out->los);
  out->covariance = g_steal_pointer(&cov);
  out->score = g_steal_pointer(&score);
  out->games = g_steal_pointer(&played);
  out->loglik = ll;
  out->iterations = iter;
  return TRUE;
}
