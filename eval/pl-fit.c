/* agon: batch maximum-likelihood Plackett-Luce by minorization-maximization.
 *
 * Hunter (2004), "MM algorithms for generalized Bradley-Terry models",
 * Ann. Statist. 32(1), section 5: each result is a sequence of stages; at
 * a stage the next finisher(s) are chosen from those remaining with
 * probability proportional to strength gamma. Ties follow Breslow's rule:
 * a tied group G is |G| choices from the same remaining set (everyone not
 * ranked strictly better), and the last group contributes nothing. The MM
 * update is
 *   gamma_i <- w_i / sum over stages s with i remaining of |G_s| / S_s,
 * w_i = number of stages in which i is chosen, S_s = sum of gamma over the
 * players remaining at s; each step increases the likelihood.
 *
 * Every result is sorted by rank once; a stage is (start, group size) in
 * its sorted list, remaining = start..end. An iteration makes one suffix-
 * sum pass per result: O(total entries), no allocation. */
#include "eval/eval-private.h"

#include <math.h>
#include <string.h>

typedef struct {
  int start;  /* first of the chosen group in the sorted entries */
  int group;  /* its size */
  int end;    /* one past the last entry of the result */
} Stage;

void
agon_pl_fit_clear(AgonPlFit *fit)
{
  if (fit == NULL)
    return;
  g_free(fit->theta);
  g_free(fit->elo);
  memset(fit, 0, sizeof *fit);
}

static double
pl_loglik(const int *players, const Stage *stages, int n_stages, const double *theta)
{
  double ll = 0;
  for (int s = 0; s < n_stages; s++) {
    const Stage *st = &stages[s];
    double sum = 0;
    for (int k = st->start; k < st->end; k++)
      sum += exp(theta[players[k]]);
    for (int k = st->start; k < st->start + st->group; k++)
      ll += theta[players[k]];
    ll -= st->group * log(sum);
  }
  return ll;
}

gboolean
agon_pl_fit(int num_players, const AgonRankedResult *results, int n_results,
            const AgonPlFitOptions *options, AgonPlFit *out, GError **error)
{
  g_return_val_if_fail(num_players >= 1 && out != NULL, FALSE);
  g_return_val_if_fail(results != NULL || n_results == 0, FALSE);
  memset(out, 0, sizeof *out);
  int n = num_players;
  int max_iter = options && options->max_iterations > 0 ? options->max_iterations : 100000;
  double tol = options && options->tolerance > 0 ? options->tolerance : 1e-13;

  int total = 0;
  for (int r = 0; r < n_results; r++) {
    if (results[r].size < 0 || (results[r].size > 0 && (results[r].players == NULL ||
                                                       results[r].ranks == NULL))) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "plackett-luce fit: result %d is malformed", r);
      return FALSE;
    }
    total += results[r].size;
  }
  g_autofree int *players = g_new(int, MAX(total, 1));
  g_autofree double *keys = g_new(double, MAX(total, 1));
  g_autofree Stage *stages = g_new(Stage, MAX(total, 1));
  g_autofree double *wins = g_new0(double, n);
  g_autofree guint8 *adj = g_new0(guint8, (gsize) n * n);
  int n_stages = 0;
  for (int r = 0, base = 0; r < n_results; r++) {
    const AgonRankedResult *res = &results[r];
    int k = res->size;
    /* insertion sort of the entries by rank (results are small) */
    for (int e = 0; e < k; e++) {
      int p = res->players[e];
      if (p < 0 || p >= n) {
        g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                    "plackett-luce fit: result %d: player %d out of range", r, p);
        return FALSE;
      }
      int t = base + e;
      while (t > base && keys[t - 1] > res->ranks[e]) {
        keys[t] = keys[t - 1];
        players[t] = players[t - 1];
        t--;
      }
      keys[t] = res->ranks[e];
      players[t] = p;
    }
    int end = base + k;
    for (int s = base; s < end;) {
      int g = 1;
      while (s + g < end && keys[s + g] == keys[s])
        g++;
      if (s + g < end) {
        stages[n_stages++] = (Stage) { s, g, end };
        for (int c = s; c < s + g; c++) {
          wins[players[c]] += 1;
          for (int o = s + g; o < end; o++)
            adj[(gsize) players[c] * n + players[o]] = 1;
        }
      }
      s += g;
    }
    base = end;
  }
  for (int i = 0; i < n; i++)
    if (wins[i] == 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "plackett-luce fit: player %d never finishes ahead of anyone: "
                  "no finite maximum-likelihood strength", i);
      return FALSE;
    }
  if (!agon__ranking_graph_ok(n, adj)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "plackett-luce fit: no finite maximum-likelihood strengths: some players "
                "never finish behind the others");
    return FALSE;
  }

  g_autofree double *gamma = g_new(double, n);
  g_autofree double *denom = g_new(double, n);
  g_autofree double *suffix = g_new(double, MAX(total, 1) + 1);
  for (int i = 0; i < n; i++)
    gamma[i] = 1;
  int iter = 0;
  gboolean converged = FALSE;
  while (iter < max_iter) {
    iter++;
    memset(denom, 0, sizeof(double) * n);
    /* Stages of one result are consecutive and ordered by start. */
    for (int s = 0; s < n_stages;) {
      int end = stages[s].end, first = stages[s].start;
      suffix[end] = 0;
      for (int k = end - 1; k >= first; k--)
        suffix[k] = suffix[k + 1] + gamma[players[k]];
      double acc = 0;
      int k = first;
      for (; s < n_stages && stages[s].end == end; s++) {
        /* entries before this stage's start have all the earlier stages */
        for (; k < stages[s].start; k++)
          denom[players[k]] += acc;
        acc += stages[s].group / suffix[stages[s].start];
      }
      for (; k < end; k++)
        denom[players[k]] += acc;
    }
    double log_mean = 0;
    for (int i = 0; i < n; i++)
      log_mean += log(wins[i] / denom[i]);
    log_mean /= n;
    double change = 0;
    for (int i = 0; i < n; i++) {
      double g = wins[i] / denom[i] / exp(log_mean);
      change = MAX(change, fabs(log(g) - log(gamma[i])));
      gamma[i] = g;
    }
    if (change < tol) {
      converged = TRUE;
      break;
    }
  }
  if (!converged) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
                "plackett-luce fit: MM did not converge in %d iterations", max_iter);
    return FALSE;
  }
  out->num_players = n;
  out->theta = g_new(double, n);
  out->elo = g_new(double, n);
  double mean = 0;
  for (int i = 0; i < n; i++)
    mean += log(gamma[i]);
  mean /= n;
  for (int i = 0; i < n; i++) {
    out->theta[i] = log(gamma[i]) - mean;
    out->elo[i] = out->theta[i] * 400 / G_LN10;
  }
  out->loglik = pl_loglik(players, stages, n_stages, out->theta);
  out->iterations = iter;
  return TRUE;
}
