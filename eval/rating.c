/* agon: online Bayesian ratings, numerically as openskill.js 5.0.1.
 *
 * Weng & Lin (2011, JMLR 12, "A Bayesian approximation method for online
 * ranking") update each team's Gaussian belief from the match's ranking;
 * openskill.js implements their Algorithms 1-4 (Bradley-Terry and
 * Thurstone-Mosteller, "full" against every team or "part" against the
 * neighbours in the ranking) and the Plackett-Luce variant. This file
 * follows that code step by step (src/rate.ts, src/util.ts, src/models/,
 * src/statistics.ts, src/predict-*.ts) so that results agree to rounding:
 * the same summation orders, the same quirks (a rank of 0 falls back to
 * the team's position; Thurstone-Mosteller part uses c_iq = 2 sqrt(...)),
 * and the exact normal distribution (erfc from libm).
 *
 * A match is processed in its rank order: an index permutation sorted
 * stably by rank, with per-team aggregates in arrays on the stack
 * (AGON_RATING_MAX_TEAMS entries), so rating allocates nothing. */
#include "eval/eval-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

struct AgonRatingModel {
  AgonRatingOptions options;
};

static const struct {
  const char *name;
  AgonRatingModelKind kind;
} model_names[] = {
  { "plackett-luce", AGON_RATING_PLACKETT_LUCE },
  { "bradley-terry-full", AGON_RATING_BRADLEY_TERRY_FULL },
  { "bradley-terry-part", AGON_RATING_BRADLEY_TERRY_PART },
  { "thurstone-mosteller-full", AGON_RATING_THURSTONE_MOSTELLER_FULL },
  { "thurstone-mosteller-part", AGON_RATING_THURSTONE_MOSTELLER_PART },
  { "elo", AGON_RATING_ELO },
  { "plackett-luce-mle", AGON_RATING_PLACKETT_LUCE_MLE },
  { "bayeselo", AGON_RATING_BAYESELO },
};

/* Options whose default derives from others have "0" here and are filled
 * in after resolution unless given (openskill.js src/constants.ts). */
static const AgonParamSpec openskill_params[] = {
  { "mu", AGON_PARAM_DOUBLE, "25", -1e300, 1e300, "mean rating of a new player" },
  { "sigma", AGON_PARAM_DOUBLE, "0", 0, 1e300, "its deviation (default mu/z)" },
  { "beta", AGON_PARAM_DOUBLE, "0", 0, 1e300, "performance noise (default sigma/2)" },
  { "tau", AGON_PARAM_DOUBLE, "0", 0, 1e300, "dynamics added to sigma (default mu/300)" },
  { "kappa", AGON_PARAM_DOUBLE, "0.0001", 0, 1, "floor of the sigma shrink factor" },
  { "epsilon", AGON_PARAM_DOUBLE, "0.1", 0, 1e300, "Thurstone-Mosteller draw margin" },
  { "z", AGON_PARAM_DOUBLE, "3", 1e-300, 1e300, "sigmas subtracted by the ordinal" },
  { "alpha", AGON_PARAM_DOUBLE, "1", 1e-300, 1e300, "ordinal scale" },
  { "target", AGON_PARAM_DOUBLE, "0", -1e300, 1e300, "ordinal offset" },
  { "limit_sigma", AGON_PARAM_BOOL, "false", 0, 0, "never let sigma grow through tau" },
  { "balance", AGON_PARAM_BOOL, "false", 0, 0, "weight weaker team members more" },
  { NULL },
};

static const AgonParamSpec elo_params[] = {
  { "mu", AGON_PARAM_DOUBLE, "1500", -1e300, 1e300, "rating of a new player" },
  { "k", AGON_PARAM_DOUBLE, "32", 0, 1e300, "K-factor" },
  { "prior", AGON_PARAM_DOUBLE, "0", 0, 1e300, "virtual draws per player (batch fit)" },
  { NULL },
};

/* advantage and drawelo are numbers or "auto", so they are read as text. */
static const AgonParamSpec bayeselo_params[] = {
  { "advantage", AGON_PARAM_STRING, "32.8", 0, 0, "first-move advantage, or auto" },
  { "drawelo", AGON_PARAM_STRING, "97.3", 0, 0, "draw Elo, or auto" },
  { "prior", AGON_PARAM_DOUBLE, "2", 0, 1e300, "virtual draws per player" },
  { NULL },
};

static const AgonParamSpec no_params[] = {
  { NULL },
};

AgonRatingModel *
agon_rating_model_new_with_options(const AgonRatingOptions *options)
{
  g_return_val_if_fail(options != NULL, NULL);
  AgonRatingModel *model = g_new0(AgonRatingModel, 1);
  model->options = *options;
  return model;
}

/* A BayesElo parameter: a number within [lo, hi], or "auto". */
static gboolean
number_or_auto(const AgonParams *p, const char *key, const char *spec, double lo, double hi,
               double *value, gboolean *is_auto, GError **error)
{
  const char *text = agon_params_get_string(p, key);
  *is_auto = g_ascii_strcasecmp(text, "auto") == 0;
  if (*is_auto)
    return TRUE;
  char *end = NULL;
  *value = g_ascii_strtod(text, &end);
  if (end == text || *end != '\0' || !(*value >= lo && *value <= hi)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: %s must be auto or a number between %g and %g, not '%s'", spec, key, lo, hi,
                text);
    return FALSE;
  }
  return TRUE;
}

AgonRatingModel *
agon_rating_model_new(const char *spec, GError **error)
{
  if (spec == NULL || *spec == '\0')
    spec = "plackett-luce";
  g_autoptr(AgonParams) raw = agon_params_parse(spec, error);
  if (raw == NULL)
    return NULL;
  const char *name = agon_params_get_name(raw);
  int found = -1;
  for (guint i = 0; i < G_N_ELEMENTS(model_names); i++)
    if (strcmp(name, model_names[i].name) == 0)
      found = (int) i;
  if (found < 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME,
                "%s: unknown rating model (plackett-luce, bradley-terry-full, "
                "bradley-terry-part, thurstone-mosteller-full, thurstone-mosteller-part, "
                "elo, plackett-luce-mle, bayeselo)", spec);
    return NULL;
  }
  AgonRatingOptions o = { .kind = model_names[found].kind };
  const AgonParamSpec *specs = o.kind == AGON_RATING_ELO ? elo_params
                               : o.kind == AGON_RATING_BAYESELO ? bayeselo_params
                               : o.kind == AGON_RATING_PLACKETT_LUCE_MLE ? no_params
                                                                       : openskill_params;
  g_autoptr(AgonParams) p = agon_params_resolve(raw, specs, error);
  if (p == NULL)
    return NULL;
  if (o.kind == AGON_RATING_ELO) {
    o.mu = agon_params_get_double(p, "mu");
    o.k = agon_params_get_double(p, "k");
    o.prior = agon_params_get_double(p, "prior");
  } else if (o.kind == AGON_RATING_BAYESELO) {
    o.prior = agon_params_get_double(p, "prior");
    if (!number_or_auto(p, "advantage", spec, -1e5, 1e5, &o.advantage, &o.fit_advantage, error)
        || !number_or_auto(p, "drawelo", spec, 0, 1e5, &o.drawelo, &o.fit_drawelo, error))
      return NULL;
    /* Estimation starts from BayesElo's defaults. */
    if (o.fit_advantage)
      o.advantage = 32.8;
    if (o.fit_drawelo)
      o.drawelo = 97.3;
  } else if (o.kind != AGON_RATING_PLACKETT_LUCE_MLE) {
    o.mu = agon_params_get_double(p, "mu");
    o.z = agon_params_get_double(p, "z");
    o.sigma = agon_params_has(raw, "sigma") ? agon_params_get_double(p, "sigma") : o.mu / o.z;
    o.beta = agon_params_has(raw, "beta") ? agon_params_get_double(p, "beta") : o.sigma / 2;
    o.tau = agon_params_has(raw, "tau") ? agon_params_get_double(p, "tau") : o.mu / 300;
    o.kappa = agon_params_get_double(p, "kappa");
    o.epsilon = agon_params_get_double(p, "epsilon");
    o.alpha = agon_params_get_double(p, "alpha");
    o.target = agon_params_get_double(p, "target");
    o.limit_sigma = agon_params_get_bool(p, "limit_sigma");
    o.balance = agon_params_get_bool(p, "balance");
    if (!(o.sigma > 0) || !(o.beta > 0) || !(o.tau >= 0)) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: sigma and beta must be positive and tau non-negative", spec);
      return NULL;
    }
  }
  return agon_rating_model_new_with_options(&o);
}

void
agon_rating_model_free(AgonRatingModel *model)
{
  g_free(model);
}

const AgonRatingOptions *
agon_rating_model_get_options(const AgonRatingModel *model)
{
  g_return_val_if_fail(model != NULL, NULL);
  return &model->options;
}

const char *
agon_rating_model_get_name(const AgonRatingModel *model)
{
  g_return_val_if_fail(model != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS(model_names); i++)
    if (model_names[i].kind == model->options.kind)
      return model_names[i].name;
  g_assert_not_reached();
}

char *
agon_rating_model_to_string(const AgonRatingModel *model)
{
  g_return_val_if_fail(model != NULL, NULL);
  const AgonRatingOptions *o = &model->options;
  const char *name = agon_rating_model_get_name(model);
  if (o->kind == AGON_RATING_ELO)
    return g_strdup_printf("%s(mu=%.17g,k=%.17g,prior=%.17g)", name, o->mu, o->k, o->prior);
  if (o->kind == AGON_RATING_BAYESELO) {
    char adv[G_ASCII_DTOSTR_BUF_SIZE], de[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(adv, sizeof adv, "%.17g", o->advantage);
    g_ascii_formatd(de, sizeof de, "%.17g", o->drawelo);
    return g_strdup_printf("%s(advantage=%s,drawelo=%s,prior=%.17g)", name,
                           o->fit_advantage ? "auto" : adv, o->fit_drawelo ? "auto" : de,
                           o->prior);
  }
  if (o->kind == AGON_RATING_PLACKETT_LUCE_MLE)
    return g_strdup(name);
  return g_strdup_printf("%s(mu=%.17g,sigma=%.17g,beta=%.17g,tau=%.17g,kappa=%.17g,"
                         "epsilon=%.17g,z=%.17g,alpha=%.17g,target=%.17g,limit_sigma=%s,"
                         "balance=%s)",
                         name, o->mu, o->sigma, o->beta, o->tau, o->kappa, o->epsilon, o->z,
                         o->alpha, o->target, o->limit_sigma ? "true" : "false",
                         o->balance ? "true" : "false");
}

gboolean
agon_rating_model_is_online(const AgonRatingModel *model)
{
  g_return_val_if_fail(model != NULL, FALSE);
  return model->options.kind != AGON_RATING_PLACKETT_LUCE_MLE &&
         model->options.kind != AGON_RATING_BAYESELO;
}

AgonRating
agon_rating_model_default_rating(const AgonRatingModel *model)
{
  static const AgonRating none = { 0, 0 };
  g_return_val_if_fail(model != NULL, none);
  return (AgonRating) { model->options.mu, model->options.sigma };
}

double
agon_rating_model_ordinal(const AgonRatingModel *model, AgonRating r)
{
  g_return_val_if_fail(model != NULL, 0);
  const AgonRatingOptions *o = &model->options;
  if (o->kind == AGON_RATING_ELO || o->kind == AGON_RATING_BAYESELO)
    return r.mu;
  /* openskill.js src/ordinal.ts */
  return o->alpha * (r.mu - o->z * r.sigma + o->target / o->alpha);
}

/* ---- the normal distribution ----------------------------------------- */

double
agon__normal_pdf(double x)
{
  return exp(-x * x / 2) / sqrt(2 * G_PI);
}

double
agon__normal_cdf(double x)
{
  return 0.5 * erfc(-x / G_SQRT2);
}

double
agon__normal_ppf(double p)
{
  if (p <= 0)
    return -INFINITY;
  if (p >= 1)
    return INFINITY;
  /* P. J. Acklam's rational approximation (relative error < 1.15e-9). */
  static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00 };
  static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01 };
  static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00, 2.938163982698783e+00 };
  static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00 };
  double x;
  if (p < 0.02425) {
    double q = sqrt(-2 * log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    double q = sqrt(-2 * log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  /* Halley refinement on Phi(x) - p; two steps reach double precision. */
  for (int i = 0; i < 2; i++) {
    double e = agon__normal_cdf(x) - p;
    double u = e * sqrt(2 * G_PI) * exp(x * x / 2);
    x = x - u / (1 + x * u / 2);
  }
  return x;
}

/* Weng-Lin's truncated-Gaussian corrections, as openskill.js
 * src/statistics.ts: v and w for a win by margin t, vt and wt for a draw
 * within margin t. */
static double
stat_v(double x, double t)
{
  double xt = x - t, denom = agon__normal_cdf(xt);
  return denom < DBL_EPSILON ? -xt : agon__normal_pdf(xt) / denom;
}

static double
stat_w(double x, double t)
{
  double xt = x - t, denom = agon__normal_cdf(xt);
  if (denom < DBL_EPSILON)
    return x < 0 ? 1 : 0;
  double v = stat_v(x, t);
  return v * (v + xt);
}

static double
stat_vt(double x, double t)
{
  double xx = fabs(x);
  double b = agon__normal_cdf(t - xx) - agon__normal_cdf(-t - xx);
  if (b < 1e-5)
    return x < 0 ? -x - t : -x + t;
  double a = agon__normal_pdf(-t - xx) - agon__normal_pdf(t - xx);
  return (x < 0 ? -a : a) / b;
}

static double
stat_wt(double x, double t)
{
  double xx = fabs(x);
  double b = agon__normal_cdf(t - xx) - agon__normal_cdf(-t - xx);
  if (b < DBL_EPSILON)
    return 1.0;
  double vt = stat_vt(x, t);
  return ((t - xx) * agon__normal_pdf(t - xx) + (t + xx) * agon__normal_pdf(-t - xx)) / b +
         vt * vt;
}

/* ---- rating a match -------------------------------------------------- */

/* One match in rank order: team k of the model is input team order[k]. */
typedef struct {
  int n;
  const AgonRating *const *teams;
  const int *sizes;
  int order[AGON_RATING_MAX_TEAMS];
  double tau_sq;
  double mu[AGON_RATING_MAX_TEAMS];      /* team mu (sum) */
  double sig_sq[AGON_RATING_MAX_TEAMS];  /* team sigma^2 (sum), after tau */
  int rank[AGON_RATING_MAX_TEAMS];       /* openskill "rankings" */
  double omega[AGON_RATING_MAX_TEAMS];   /* mean change of the team */
  double delta[AGON_RATING_MAX_TEAMS];   /* variance shrink of the team */
} Match;

/* Team sums, openskill.js util.ts teamRating (sigma already inflated by
 * tau, as rate.ts does before the model runs). */
static void
team_sums(const AgonRatingOptions *o, const AgonRating *team, int size, double tau_sq,
          double *mu_out, double *sig_sq_out)
{
  double mu = 0, ss = 0;
  if (!o->balance) {
    for (int j = 0; j < size; j++) {
      double s2 = team[j].sigma * team[j].sigma + tau_sq;
      double s = tau_sq > 0 ? sqrt(s2) : team[j].sigma;
      mu += team[j].mu;
      ss += s * s;
    }
  } else {
    /* Weaker members weigh more: factor 1 + (max ordinal - ordinal) /
     * (max ordinal + kappa). */
    double max_ord = -INFINITY;
    for (int j = 0; j < size; j++) {
      double s = sqrt(team[j].sigma * team[j].sigma + tau_sq);
      max_ord = MAX(max_ord, o->target + o->alpha * (team[j].mu - o->z * s));
    }
    double denom = max_ord + o->kappa;
    for (int j = 0; j < size; j++) {
      double s = sqrt(team[j].sigma * team[j].sigma + tau_sq);
      double ord = o->target + o->alpha * (team[j].mu - o->z * s);
      double f = 1 + (max_ord - ord) / denom;
      mu += team[j].mu * f;
      ss += (s * f) * (s * f);
    }
  }
  *mu_out = mu;
  *sig_sq_out = ss;
}

static void
model_plackett_luce(const AgonRatingOptions *o, Match *m)
{
  int n = m->n;
  double c2 = 0;
  for (int k = 0; k < n; k++)
    c2 += m->sig_sq[k] + o->beta * o->beta;
  double c = sqrt(c2);
  double e[AGON_RATING_MAX_TEAMS], sum_q[AGON_RATING_MAX_TEAMS];
  int a[AGON_RATING_MAX_TEAMS];
  for (int k = 0; k < n; k++)
    e[k] = exp(m->mu[k] / c);
  /* sum_q[q]: teams ranked no better than q; a[q]: teams tied with q. */
  for (int q = 0; q < n; q++) {
    double s = 0;
    int cnt = 0;
    for (int k = 0; k < n; k++) {
      if (m->rank[k] >= m->rank[q])
        s += e[k];
      cnt += m->rank[k] == m->rank[q];
    }
    sum_q[q] = s;
    a[q] = cnt;
  }
  for (int i = 0; i < n; i++) {
    double omega = 0, delta = 0;
    for (int q = 0; q < n; q++) {
      if (m->rank[q] > m->rank[i])
        continue;
      double quotient = e[i] / sum_q[q];
      omega += (i == q ? 1 - quotient : -quotient) / a[q];
      delta += quotient * (1 - quotient) / a[q];
    }
    double gamma = sqrt(m->sig_sq[i]) / c;
    m->omega[i] = omega * (m->sig_sq[i] / c);
    m->delta[i] = gamma * delta * (m->sig_sq[i] / (c * c));
  }
}

static double
score_of(int q_rank, int i_rank)
{
  return q_rank < i_rank ? 0.0 : q_rank > i_rank ? 1.0 : 0.5;
}

/* Bradley-Terry and Thurstone-Mosteller: team i against every other team
 * (full) or its neighbours in the ranking (part). */
static void
model_pairwise(const AgonRatingOptions *o, Match *m, gboolean full, gboolean thurstone)
{
  int n = m->n;
  double two_beta_sq = 2 * (o->beta * o->beta);
  for (int i = 0; i < n; i++) {
    double omega = 0, delta = 0;
    int list[AGON_RATING_MAX_TEAMS], nq = 0;
    if (full) {
      for (int q = 0; q < n; q++)
        if (q != i)
          list[nq++] = q;
    } else {
      if (i > 0)
        list[nq++] = i - 1;
      if (i + 1 < n)
        list[nq++] = i + 1;
    }
    for (int t = 0; t < nq; t++) {
      int q = list[t];
      double ciq = sqrt(m->sig_sq[i] + m->sig_sq[q] + two_beta_sq);
      /* openskill.js 5.0.1 doubles c_iq in Thurstone-Mosteller part only. */
      if (thurstone && !full)
        ciq = 2 * ciq;
      double sig_sq_to_ciq = m->sig_sq[i] / ciq;
      double gamma = sqrt(m->sig_sq[i]) / ciq;
      if (!thurstone) {
        double piq = 1 / (1 + exp((m->mu[q] - m->mu[i]) / ciq));
        omega += sig_sq_to_ciq * (score_of(m->rank[q], m->rank[i]) - piq);
        delta += ((gamma * sig_sq_to_ciq) / ciq) * piq * (1 - piq);
      } else {
        double delta_mu = (m->mu[i] - m->mu[q]) / ciq;
        double eps = o->epsilon / ciq;
        if (m->rank[q] == m->rank[i]) {
          omega += sig_sq_to_ciq * stat_vt(delta_mu, eps);
          delta += ((gamma * sig_sq_to_ciq) / ciq) * stat_wt(delta_mu, eps);
        } else {
          double sign = m->rank[q] > m->rank[i] ? 1 : -1;
          omega += sign * sig_sq_to_ciq * stat_v(sign * delta_mu, eps);
          delta += ((gamma * sig_sq_to_ciq) / ciq) * stat_w(sign * delta_mu, eps);
        }
      }
    }
    m->omega[i] = omega;
    m->delta[i] = delta;
  }
}

static void
rate_elo(const AgonRatingOptions *o, Match *m, const int *offsets, AgonRating *out)
{
  /* Team rating = mean of its members; each team scores 1 per team ranked
   * below it and 0.5 per tie, against the logistic expectation, averaged
   * over the n - 1 opponents; members all get their team's change. */
  int n = m->n;
  double tr[AGON_RATING_MAX_TEAMS], change[AGON_RATING_MAX_TEAMS];
  for (int k = 0; k < n; k++)
    tr[k] = m->mu[k] / m->sizes[m->order[k]];
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int q = 0; q < n; q++)
      if (q != i)
        s += score_of(m->rank[q], m->rank[i]) - agon_elo_expected(tr[i], tr[q]);
    change[i] = n > 1 ? o->k * s / (n - 1) : 0;
  }
  for (int k = 0; k < n; k++) {
    int t = m->order[k];
    const AgonRating *team = m->teams[t];
    for (int j = 0; j < m->sizes[t]; j++)
      out[offsets[t] + j] = (AgonRating) { team[j].mu + change[k], team[j].sigma };
  }
}

void
agon_rating_model_rate(const AgonRatingModel *model, const AgonRating *const *teams,
                       const int *team_sizes, int num_teams, const double *ranks_or_scores,
                       gboolean scores, const double *weights, AgonRating *out)
{
  g_return_if_fail(model != NULL && teams != NULL && team_sizes != NULL && out != NULL);
  g_return_if_fail(num_teams >= 1 && num_teams <= AGON_RATING_MAX_TEAMS);
  g_return_if_fail(weights == NULL);
  g_return_if_fail(agon_rating_model_is_online(model));
  const AgonRatingOptions *o = &model->options;
  Match m;
  int n = num_teams;
  m.n = n;
  m.teams = teams;
  m.sizes = team_sizes;
  m.tau_sq = o->kind == AGON_RATING_ELO ? 0 : o->tau * o->tau;

  /* rank = given ranks, or -score, or 1..n (rate.ts); sort stably. */
  double key[AGON_RATING_MAX_TEAMS];
  int offsets[AGON_RATING_MAX_TEAMS];
  for (int t = 0, off = 0; t < n; t++) {
    key[t] = ranks_or_scores == NULL ? t + 1 : scores ? -ranks_or_scores[t] : ranks_or_scores[t];
    offsets[t] = off;
    off += team_sizes[t];
  }
  for (int k = 0; k < n; k++) {
    int t = k;
    while (t > 0 && key[m.order[t - 1]] > key[k]) {
      m.order[t] = m.order[t - 1];
      t--;
    }
    m.order[t] = k;
  }
  /* util.ts rankings(): the sorted ranks, a falsy one (0) replaced by the
   * position; a team's rank is the first position of its tie group. */
  double prev = 0;
  int s = 0;
  for (int k = 0; k < n; k++) {
    double r = key[m.order[k]];
    if (r == 0 || isnan(r))
      r = k;
    if (k > 0 && prev < r)
      s = k;
    m.rank[k] = s;
    prev = r;
    int t = m.order[k];
    team_sums(o, teams[t], team_sizes[t], m.tau_sq, &m.mu[k], &m.sig_sq[k]);
  }

  switch (o->kind) {
  case AGON_RATING_PLACKETT_LUCE:
    model_plackett_luce(o, &m);
    break;
  case AGON_RATING_BRADLEY_TERRY_FULL:
    model_pairwise(o, &m, TRUE, FALSE);
    break;
  case AGON_RATING_BRADLEY_TERRY_PART:
    model_pairwise(o, &m, FALSE, FALSE);
    break;
  case AGON_RATING_THURSTONE_MOSTELLER_FULL:
    model_pairwise(o, &m, TRUE, TRUE);
    break;
  case AGON_RATING_THURSTONE_MOSTELLER_PART:
    model_pairwise(o, &m, FALSE, TRUE);
    break;
  case AGON_RATING_ELO:
    rate_elo(o, &m, offsets, out);
    return;
  default:
    g_assert_not_reached();
  }

  gboolean limit = o->limit_sigma && o->tau != 0;
  for (int k = 0; k < n; k++) {
    int t = m.order[k];
    const AgonRating *team = teams[t];
    AgonRating *dst = out + offsets[t];
    double iss = m.sig_sq[k], omega = m.omega[k], delta = m.delta[k];
    for (int j = 0; j < team_sizes[t]; j++) {
      double old_sigma = team[j].sigma;
      double sigma = m.tau_sq > 0 ? sqrt(old_sigma * old_sigma + m.tau_sq) : old_sigma;
      double mu = team[j].mu;
      double frac = (sigma * sigma) / iss;
      double new_sigma = sigma * sqrt(MAX(1 - frac * delta, o->kappa));
      if (limit)
        new_sigma = MIN(new_sigma, old_sigma);
      dst[j] = (AgonRating) { mu + frac * omega, new_sigma };
    }
  }
}

/* ---- predictions ----------------------------------------------------- */

static void
plain_sums(const AgonRatingModel *model, const AgonRating *const *teams, const int *sizes,
           int n, double *mu, double *ss, int *players)
{
  *players = 0;
  for (int i = 0; i < n; i++) {
    team_sums(&model->options, teams[i], sizes[i], 0, &mu[i], &ss[i]);
    *players += sizes[i];
  }
}

void
agon_rating_model_predict_win(const AgonRatingModel *model, const AgonRating *const *teams,
                              const int *team_sizes, int num_teams, double *probs)
{
  g_return_if_fail(model != NULL && teams != NULL && team_sizes != NULL && probs != NULL);
  g_return_if_fail(num_teams >= 1 && num_teams <= AGON_RATING_MAX_TEAMS);
  int n = num_teams, players;
  double mu[AGON_RATING_MAX_TEAMS], ss[AGON_RATING_MAX_TEAMS];
  plain_sums(model, teams, team_sizes, n, mu, ss, &players);
  if (n == 1) {
    probs[0] = 1;
    return;
  }
  const AgonRatingOptions *o = &model->options;
  double denom = n * (n - 1) / 2.0;
  for (int i = 0; i < n; i++) {
    double s = 0;
    for (int j = 0; j < n; j++) {
      if (j == i)
        continue;
      if (o->kind == AGON_RATING_ELO)
        s += agon_elo_expected(mu[i] / team_sizes[i], mu[j] / team_sizes[j]);
      else if (o->kind == AGON_RATING_BAYESELO) {
        double w, d;
        agon_bayeselo_probabilities(mu[i] / team_sizes[i] - mu[j] / team_sizes[j], o->drawelo,
                                    &w, &d, NULL);
        s += w + d / 2;
      } else
        s += agon__normal_cdf((mu[i] - mu[j]) / sqrt(n * (o->beta * o->beta) + ss[i] + ss[j]));
    }
    probs[i] = s / denom;
  }
}

double
agon_rating_model_predict_draw(const AgonRatingModel *model, const AgonRating *const *teams,
                               const int *team_sizes, int num_teams)
{
  g_return_val_if_fail(model != NULL && teams != NULL && team_sizes != NULL, 0);
  g_return_val_if_fail(num_teams >= 1 && num_teams <= AGON_RATING_MAX_TEAMS, 0);
  const AgonRatingOptions *o = &model->options;
  if (o->kind == AGON_RATING_ELO)
    return 0;
  int n = num_teams, players;
  double mu[AGON_RATING_MAX_TEAMS], ss[AGON_RATING_MAX_TEAMS];
  plain_sums(model, teams, team_sizes, n, mu, ss, &players);
  if (n < 2)
    return 1;
  if (o->kind == AGON_RATING_BAYESELO) {
    double sum = 0;
    for (int i = 0; i < n; i++)
      for (int j = i + 1; j < n; j++) {
        double d;
        agon_bayeselo_probabilities(mu[i] / team_sizes[i] - mu[j] / team_sizes[j], o->drawelo,
                                    NULL, &d, NULL);
        sum += d;
      }
    return sum / (n * (n - 1) / 2.0);
  }
  double draw_probability = 1.0 / players;
  double margin = sqrt(players) * o->beta * agon__normal_ppf((1 + draw_probability) / 2);
  double sum = 0;
  int pairs = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      double sd = sqrt(players * (o->beta * o->beta) + ss[i] + ss[j]);
      sum += agon__normal_cdf((margin - mu[i] + mu[j]) / sd) -
             agon__normal_cdf((mu[j] - mu[i] - margin) / sd);
      pairs++;
    }
  return sum / pairs;
}

void
agon_rating_model_predict_rank(const AgonRatingModel *model, const AgonRating *const *teams,
                               const int *team_sizes, int num_teams, int *ranks, double *probs)
{
  g_return_if_fail(ranks != NULL && probs != NULL);
  agon_rating_model_predict_win(model, teams, team_sizes, num_teams, probs);
  for (int i = 0; i < num_teams; i++) {
    int better = 0;
    for (int j = 0; j < num_teams; j++)
      better += probs[j] > probs[i];
    ranks[i] = 1 + better;
  }
}
