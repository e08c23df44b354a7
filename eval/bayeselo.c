/* agon: Rémi Coulom's BayesElo model, fitted by maximum likelihood.
 *
 * The model (Coulom, "Bayesian Elo Rating", 2005-2010) gives draws their
 * own probability: with delta = R_white - R_black + advantage and
 * f(x) = 1 / (1 + 10^(-x/400)), white wins with f(delta - drawelo), black
 * with f(-delta - drawelo), and the rest is a draw. In natural units
 * u = c (delta - drawelo), v = c (delta + drawelo), c = ln 10 / 400:
 * P(win) = sigma(u), P(loss) = 1 - sigma(v), P(draw) = sigma(v) - sigma(u),
 * a logistic latent performance cut at two thresholds. That is an ordered
 * logit, whose log-likelihood is concave in (ratings, advantage, drawelo)
 * jointly (Pratt 1981), so Newton's method with a backtracking line search
 * finds the global optimum, and the information matrix at the optimum
 * gives the covariance.
 *
 * BayesElo's prior is a number of virtual draws per player, spread over
 * the pairs that met in proportion to their games; they enter the
 * likelihood as draws, half with each player as white. The optimum is
 * BayesElo's posterior mode (its "mm" command, which iterates
 * minorization-maximization to the same point; "mm 1 1" also estimates
 * advantage and drawelo, as fit_advantage and fit_drawelo do here).
 * BayesElo prints internal ratings times scale = 4x / (1 + x)^2,
 * x = 10^(-drawelo/400), the slope of the expected score at 0, so that
 * displayed differences read like ordinary Elo.
 *
 * Games are aggregated per ordered pair (white, black) first, so one
 * Newton step costs O(pairs + n^3) whatever the number of games. */
#include "eval/eval-private.h"

#include <math.h>
#include <string.h>

#define C_NAT (G_LN10 / 400.0) /* natural log-odds per Elo point */
#define Z95 1.959963984540054
/* Beyond this many Elo a rating has run away: the likelihood keeps growing
 * in some direction and has no finite optimum. */
#define RUNAWAY 1e5
/* The same for an estimated advantage or drawelo, where the existence
 * condition is a linear program rather than a graph property: no real
 * result set puts them this far out (f(-2000) = 1e-5), while a runaway
 * passes 2000 within a dozen Newton steps, long before the gradient
 * flattens below the tolerance. */
#define ESTIMATE_LIMIT 2000.0

void
agon_bayeselo_options_init(AgonBayeseloOptions *options)
{
  g_return_if_fail(options != NULL);
  *options = (AgonBayeseloOptions) { .advantage = 32.8, .drawelo = 97.3, .prior = 2 };
}

double
agon_bayeselo_scale(double drawelo)
{
  double x = pow(10, -drawelo / 400);
  return 4 * x / ((1 + x) * (1 + x));
}

void
agon_bayeselo_probabilities(double delta, double drawelo, double *win, double *draw,
                            double *loss)
{
  double w = 1 / (1 + pow(10, (drawelo - delta) / 400));
  double l = 1 / (1 + pow(10, (drawelo + delta) / 400));
  if (win)
    *win = w;
  if (loss)
    *loss = l;
  if (draw)
    *draw = 1 - w - l;
}

static double
sigmoid(double x)
{
  return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x));
}

static double
log_sigmoid(double x)
{
  return x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x));
}

/* One ordered pair: white's wins, draws (virtual ones included) and
 * losses against black. */
typedef struct {
  int w, b;
  double win, draw, loss;
} Cell;

typedef struct {
  int n;
  int num_cells;
  Cell *cells;
} Data;

/* The log-likelihood; -INFINITY where a needed probability is 0. */
static double
loglik(const Data *d, const double *r, double adv, double de)
{
  double ll = 0;
  for (int k = 0; k < d->num_cells; k++) {
    const Cell *c = &d->cells[k];
    double delta = r[c->w] - r[c->b] + adv;
    double u = C_NAT * (delta - de), v = C_NAT * (delta + de);
    if (c->win > 0)
      ll += c->win * log_sigmoid(u);
    if (c->loss > 0)
      ll += c->loss * log_sigmoid(-v);
    if (c->draw > 0) {
      if (!(v > u))
        return -INFINITY;
      /* sigma(v) - sigma(u) = sigma(v) sigma(-u) (1 - e^(u-v)), stably */
      ll += c->draw * (log_sigmoid(v) + log_sigmoid(-u) + log(-expm1(u - v)));
    }
  }
  return ll;
}

/* Where each parameter sits in the free vector: ratings but the pinned
 * one, then the advantage and drawelo when estimated (-1 when not). */
typedef struct {
  int m;
  int *pos; /* n entries */
  int ia, id;
} Layout;

/* Derivatives of one cell's log-likelihood in delta and drawelo, in Elo:
 * t = { d/ddelta, d/ddrawelo, d2/ddelta2, d2/ddelta ddrawelo, d2/ddrawelo2 }. */
static void
cell_derivatives(const Cell *c, double delta, double de, double t[5])
{
  double u = C_NAT * (delta - de), v = C_NAT * (delta + de);
  double su = sigmoid(u), su_c = sigmoid(-u), sv = sigmoid(v), sv_c = sigmoid(-v);
  double du = su * su_c, dv = sv * sv_c;
  double gu = c->win * su_c, huu = -c->win * du;
  double gv = -c->loss * sv, hvv = -c->loss * dv, huv = 0;
  if (c->draw > 0) {
    double pd = sv * su_c * -expm1(u - v);
    double a = dv / pd, b = -du / pd;
    gv += c->draw * a;
    gu += c->draw * b;
    hvv += c->draw * (dv * (sv_c - sv) / pd - a * a);
    huu += c->draw * (-du * (su_c - su) / pd - b * b);
    huv -= c->draw * a * b;
  }
  /* delta moves u and v alike; drawelo moves them apart. */
  t[0] = C_NAT * (gu + gv);
  t[1] = C_NAT * (gv - gu);
  t[2] = C_NAT * C_NAT * (huu + 2 * huv + hvv);
  t[3] = C_NAT * C_NAT * (hvv - huu);
  t[4] = C_NAT * C_NAT * (huu - 2 * huv + hvv);
}

/* The gradient (n ratings, then advantage and drawelo) and, when @info is
 * not NULL, the observed information (minus the Hessian) over the free
 * parameters of @lay; @diag gets each rating's own curvature. */
static void
derivatives(const Data *d, const Layout *lay, const double *r, double adv, double de,
            double *grad, double *info, double *diag)
{
  int n = d->n, m = lay->m;
  memset(grad, 0, sizeof(double) * (n + 2));
  if (info)
    memset(info, 0, sizeof(double) * (gsize) m * m);
  if (diag)
    memset(diag, 0, sizeof(double) * n);
  for (int k = 0; k < d->num_cells; k++) {
    const Cell *c = &d->cells[k];
    double t[5];
    cell_derivatives(c, r[c->w] - r[c->b] + adv, de, t);
    grad[c->w] += t[0];
    grad[c->b] -= t[0];
    grad[n] += t[0];
    grad[n + 1] += t[1];
    if (diag) {
      diag[c->w] -= t[2];
      diag[c->b] -= t[2];
    }
    if (info == NULL)
      continue;
    /* delta = r_w - r_b + adv: its coefficients on the free parameters */
    int p[3] = { lay->pos[c->w], lay->pos[c->b], lay->ia };
    const double s[3] = { 1, -1, 1 };
    for (int x = 0; x < 3; x++) {
      if (p[x] < 0)
        continue;
      for (int y = 0; y < 3; y++)
        if (p[y] >= 0)
          info[(gsize) p[x] * m + p[y]] -= s[x] * s[y] * t[2];
      if (lay->id >= 0) {
        info[(gsize) p[x] * m + lay->id] -= s[x] * t[3];
        info[(gsize) lay->id * m + p[x]] -= s[x] * t[3];
      }
    }
    if (lay->id >= 0)
      info[(gsize) lay->id * m + lay->id] -= t[4];
  }
}

void
agon_bayeselo_fit_clear(AgonBayeseloFit *fit)
{
  if (fit == NULL)
    return;
  g_free(fit->internal);
  g_free(fit->ratings);
  g_free(fit->stderrs);
  g_free(fit->ci95_low);
  g_free(fit->ci95_high);
  g_free(fit->covariance);
  g_free(fit->los);
  g_free(fit->bayeselo_margin);
  g_free(fit->score);
  g_free(fit->games);
  g_free(fit->draws);
  memset(fit, 0, sizeof *fit);
}

static gboolean
fail(GError **error, const char *message)
{
  g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "bayeselo fit: %s", message);
  return FALSE;
}

gboolean
agon_bayeselo_fit(int num_players, const AgonGameResult *results, int n_results,
                  const AgonBayeseloOptions *options, AgonBayeseloFit *out, GError **error)
{
  g_return_val_if_fail(num_players >= 1 && out != NULL, FALSE);
  g_return_val_if_fail(results != NULL || n_results == 0, FALSE);
  memset(out, 0, sizeof *out);
  AgonBayeseloOptions opt;
  agon_bayeselo_options_init(&opt);
  if (options != NULL)
    opt = *options;
  int max_iter = opt.max_iterations > 0 ? opt.max_iterations : 100;
  double tol = opt.tolerance > 0 ? opt.tolerance : 1e-12;
  int n = num_players;
  if (!(opt.prior >= 0 && opt.prior < INFINITY))
    return fail(error, "the prior must be a non-negative number of virtual draws");
  if (!(opt.drawelo >= 0 && opt.drawelo < RUNAWAY) || !(fabs(opt.advantage) < RUNAWAY))
    return fail(error, "drawelo must be a non-negative number and advantage a number");

  /* Count per ordered pair (dense, then listed), per player and per pair. */
  gsize nn = (gsize) n * n;
  g_autofree double *win = g_new0(double, nn);
  g_autofree double *draw = g_new0(double, nn);
  g_autofree double *loss = g_new0(double, nn);
  g_autofree double *score = g_new0(double, n);
  g_autofree double *played = g_new0(double, n);
  g_autofree double *drawn = g_new0(double, n);
  for (int k = 0; k < n_results; k++) {
    const AgonGameResult *g = &results[k];
    if (g->a < 0 || g->a >= n || g->b < 0 || g->b >= n || g->a == g->b ||
        !(g->score == 0 || g->score == 0.5 || g->score == 1)) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "bayeselo fit: game %d: players %d and %d with score %g are not valid "
                  "(scores are 1, 0.5 or 0)", k, g->a, g->b, g->score);
      return FALSE;
    }
    gsize at = (gsize) g->a * n + g->b;
    if (g->score == 1)
      win[at] += 1;
    else if (g->score == 0)
      loss[at] += 1;
    else {
      draw[at] += 1;
      drawn[g->a] += 1;
      drawn[g->b] += 1;
    }
    score[g->a] += g->score;
    score[g->b] += 1 - g->score;
    played[g->a] += 1;
    played[g->b] += 1;
  }
  for (int i = 0; i < n; i++)
    if (played[i] == 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "bayeselo fit: player %d has no games", i);
      return FALSE;
    }
  g_autofree double *weight = g_memdup2(played, sizeof(double) * n);
  double decisive = 0, draws = 0, total = n_results;
  for (gsize k = 0; k < nn; k++) {
    decisive += win[k] + loss[k];
    draws += draw[k];
  }
  if (opt.prior > 0)
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) {
        gsize ij = (gsize) i * n + j, ji = (gsize) j * n + i;
        double g = win[ij] + draw[ij] + loss[ij] + win[ji] + draw[ji] + loss[ji];
        if (g == 0)
          continue;
        double v = opt.prior * 0.5 * g * (1 / played[i] + 1 / played[j]);
        draw[ij] += v / 2;
        draw[ji] += v / 2;
        weight[i] += v;
        weight[j] += v;
        draws += v;
        total += v;
      }

  /* i -> j when i scored against j, with either colour. */
  g_autofree guint8 *adj = g_new0(guint8, nn);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      gsize ij = (gsize) i * n + j, ji = (gsize) j * n + i;
      adj[ij] = win[ij] + draw[ij] + draw[ji] + loss[ji] > 0;
    }
  if (!agon__ranking_graph_ok(n, adj))
    return fail(error, opt.prior > 0 ? "no finite ratings: some groups of players never met"
                                     : "no finite maximum-likelihood ratings: some players "
                                       "never score against the others (a perfect or zero "
                                       "score, or disconnected groups; a prior helps)");
  if (opt.fit_drawelo && draws == 0)
    return fail(error, "drawelo cannot be estimated without draws (real or virtual)");
  if (opt.fit_drawelo && decisive == 0)
    return fail(error, "drawelo cannot be estimated when every game is drawn");
  if (!opt.fit_drawelo && draws > 0 && opt.drawelo == 0)
    return fail(error, "drawelo 0 makes draws impossible, but there are draws");

  int num_cells = 0;
  for (gsize k = 0; k < nn; k++)
    num_cells += win[k] + draw[k] + loss[k] > 0;
  Data data = { n, 0, g_new(Cell, MAX(num_cells, 1)) };
  g_autofree Cell *cells = data.cells;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      gsize ij = (gsize) i * n + j;
      if (win[ij] + draw[ij] + loss[ij] > 0)
        cells[data.num_cells++] = (Cell) { i, j, win[ij], draw[ij], loss[ij] };
    }

  /* Player 0 is pinned at 0 during the fit; the mean is taken out after. */
  Layout lay = { .m = n - 1, .pos = g_new(int, n), .ia = -1, .id = -1 };
  g_autofree int *pos = lay.pos;
  pos[0] = -1;
  for (int i = 1; i < n; i++)
    pos[i] = i - 1;
  if (opt.fit_advantage)
    lay.ia = lay.m++;
  if (opt.fit_drawelo)
    lay.id = lay.m++;
  int m = lay.m;
  gsize mm = (gsize) MAX(m, 1) * MAX(m, 1);
  g_autofree double *r = g_new0(double, n);
  g_autofree double *trial = g_new0(double, n);
  g_autofree double *grad = g_new0(double, n + 2);
  g_autofree double *info = g_new0(double, mm);
  g_autofree double *step = g_new0(double, MAX(m, 1));
  double adv = opt.advantage;
  double de = opt.fit_drawelo && !(opt.drawelo > 0) ? 97.3 : opt.drawelo;

  double ll = loglik(&data, r, adv, de);
  int iter = 0;
  gboolean converged = m == 0;
  while (!converged && iter < max_iter) {
    derivatives(&data, &lay, r, adv, de, grad, info, NULL);
    /* the gradient in natural log-odds per game */
    double gmax = 0;
    for (int i = 0; i < n; i++)
      gmax = MAX(gmax, fabs(grad[i]) / (C_NAT * weight[i]));
    if (lay.ia >= 0)
      gmax = MAX(gmax, fabs(grad[n]) / (C_NAT * total));
    if (lay.id >= 0)
      gmax = MAX(gmax, fabs(grad[n + 1]) / (C_NAT * total));
    if (gmax < tol) {
      converged = TRUE;
      break;
    }
    iter++;
    if (!agon__cholesky(info, m))
      break;
    for (int i = 1; i < n; i++)
      step[pos[i]] = grad[i];
    if (lay.ia >= 0)
      step[lay.ia] = grad[n];
    if (lay.id >= 0)
      step[lay.id] = grad[n + 1];
    agon__cholesky_solve(info, m, step);
    double lambda = 1;
    gboolean moved = FALSE;
    for (int half = 0; half < 60; half++, lambda /= 2) {
      for (int i = 0; i < n; i++)
        trial[i] = pos[i] >= 0 ? r[i] + lambda * step[pos[i]] : r[i];
      double ta = lay.ia >= 0 ? adv + lambda * step[lay.ia] : adv;
      double td = lay.id >= 0 ? de + lambda * step[lay.id] : de;
      if (!(td > 0) && lay.id >= 0)
        continue;
      double tl = loglik(&data, trial, ta, td);
      /* Near the optimum the gain is below the rounding of the sum; a
       * change within that rounding counts as no loss. */
      if (tl >= ll - 1e-13 * (1 + fabs(ll))) {
        memcpy(r, trial, sizeof(double) * n);
        adv = ta;
        de = td;
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
    double rmax = 0;
    for (int i = 0; i < n; i++)
      rmax = MAX(rmax, fabs(r[i]));
    if ((lay.ia >= 0 && fabs(adv) > ESTIMATE_LIMIT) || (lay.id >= 0 && de > ESTIMATE_LIMIT))
      return fail(error, "no finite maximum-likelihood estimate: the advantage or drawelo "
                         "grows without bound (too few or too one-sided results)");
    if (rmax > RUNAWAY)
      return fail(error, "no finite maximum-likelihood ratings");
  }
  if (!converged) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
                "bayeselo fit: Newton's method did not converge in %d iterations", max_iter);
    return FALSE;
  }

  /* Covariance: the inverse information at the optimum, column by column. */
  g_autofree double *diag = g_new0(double, n);
  derivatives(&data, &lay, r, adv, de, grad, info, diag);
  g_autofree double *cov = g_new0(double, nn);
  double adv_var = 0, de_var = 0;
  if (m > 0) {
    if (!agon__cholesky(info, m)) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
                  "bayeselo fit: the information matrix is singular");
      return FALSE;
    }
    g_autofree double *col = g_new(double, m);
    for (int c = 0; c < m; c++) {
      memset(col, 0, sizeof(double) * m);
      col[c] = 1;
      agon__cholesky_solve(info, m, col);
      /* free index c < n - 1 is player c + 1 (player 0 is pinned) */
      if (c < n - 1)
        for (int j = 1; j < n; j++)
          cov[(gsize) j * n + c + 1] = col[pos[j]];
      if (c == lay.ia)
        adv_var = col[c];
      if (c == lay.id)
        de_var = col[c];
    }
  }
  agon__center_covariance(n, cov);

  double mean = 0;
  for (int i = 0; i < n; i++)
    mean += r[i];
  mean /= n;
  double scale = agon_bayeselo_scale(de);
  out->num_players = n;
  out->internal = g_new(double, n);
  out->ratings = g_new(double, n);
  out->bayeselo_margin = g_new(double, n);
  for (int i = 0; i < n; i++) {
    out->internal[i] = r[i] - mean;
    out->ratings[i] = out->internal[i] * scale;
    out->bayeselo_margin[i] = diag[i] > 0 ? Z95 * scale / sqrt(diag[i]) : INFINITY;
  }
  for (gsize k = 0; k < nn; k++)
    cov[k] *= scale * scale;
  out->stderrs = g_new(double, n);
  out->ci95_low = g_new(double, n);
  out->ci95_high = g_new(double, n);
  out->los = g_new(double, nn);
  agon__rating_intervals(n, out->ratings, cov, out->stderrs, out->ci95_low, out->ci95_high,
                         out->los);
  out->covariance = g_steal_pointer(&cov);
  out->score = g_steal_pointer(&score);
  out->games = g_steal_pointer(&played);
  out->draws = g_steal_pointer(&drawn);
  out->advantage = adv;
  out->drawelo = de;
  out->advantage_stderr = sqrt(MAX(adv_var, 0));
  out->drawelo_stderr = sqrt(MAX(de_var, 0));
  out->scale = scale;
  out->loglik = ll;
  out->iterations = iter;
  return TRUE;
}
