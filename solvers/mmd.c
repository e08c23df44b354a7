/* agon: magnetic mirror descent over the sequence form (mmd).
 *
 * Sokota, D'Orazio, Kolter, Loizou, Lanctot, Mitliagkas, Brown and Kroer,
 * "A unified approach to reinforcement learning, quantal response
 * equilibria, and two-player zero-sum games", ICLR 2023. Each iteration,
 * every player p moves its sequence-form strategy x by Eq. (7) (with
 * Eqs. (8)-(9): one decentralised update per player, all against the same
 * profile x_t):
 *
 *   x_{t+1} = argmin_x eta (<F(x_t), x> + alpha B(x; z')) + B(x; x_t),
 *
 * F(x_t) the loss, here minus p's payoff gradient (values[] of
 * agon__tree_payoff_values()), z' the magnet and B the Bregman divergence
 * of the dilated entropy with unit weights, which is
 * B(x; y) = sum_I x[parent(I)] KL(pi^x_I || pi^y_I). The problem therefore
 * separates information set by information set, bottom-up: with
 * c_a = eta values[I, a] + the values W_J passed up by the information sets
 * J right below (I, a), the local problem
 *
 *   max_pi  sum_a pi_a c_a - eta alpha KL(pi || rho_I) - KL(pi || pi_t,I)
 *
 * is solved by Eq. (12) with q = c / eta,
 *
 *   pi_{t+1}(a) proportional to [pi_t(a) rho(a)^(eta alpha) e^(c_a)]^(1 / (1 + eta alpha)),
 *
 * and its optimal value, W_I = k log sum_a exp(z_a) with k = 1 + eta alpha
 * and z_a = (log pi_t(a) + eta alpha log rho(a) + c_a) / k, is added to I's
 * parent sequence. One sweep up each player's information sets, children
 * first, as in cfr.c; no history is visited.
 *
 * With a fixed magnet and alpha > 0 the last iterate converges linearly to
 * the magnet-regularised equilibrium, for the uniform magnet the (normal
 * form) alpha-QRE, when eta <= alpha / L^2 (Theorem 3.4; L = max |A_ij|,
 * the largest entry of the sequence-form payoff matrix, Proposition 2.4).
 * That is the default: eta = 0 means eta = alpha / L^2. To reach a Nash
 * equilibrium instead (the paper's Section 4 and appendix H): `anneal=true`
 * uses alpha_t = alpha / sqrt(t) and eta_t = eta / sqrt(t), keeping the
 * ratio eta / alpha of Theorem 3.4 (annealing alpha alone, eta fixed, left
 * the last iterate cycling at exploitability 0.15 on Kuhn);
 * `magnet_every=K` makes the current policy the magnet after every K
 * iterations, a proximal-point outer loop whose fixed points are exactly
 * the Nash equilibria. K should exceed a few 1 / (eta alpha), the inner
 * loop's contraction time, or the magnet moves before the iterate has
 * settled (alpha=0.5, K=10 on Kuhn: eta alpha = 2.25).
 *
 * The current policy is the last iterate x_t (what MMD is for); the
 * average policy is the uniform average of the sequence-form iterates,
 * read as behaviour, as in ftrl.c. Log-probabilities are kept as state so
 * that log pi_t never underflows to -inf. Updates are simultaneous, as in
 * Eqs. (8)-(9) and Theorem 3.4 (`alternating=true` switches to
 * alternating ones, outside the theory).
 *
 * State: log current, log magnet, current strategy and strategy sum,
 * num_slots doubles each. Nothing allocates after creation. */
#include "solvers/solvers-private.h"

#include <math.h>

typedef struct {
  AgonSolver base;
  double alpha, eta;
  gboolean anneal, alternating;
  gint64 magnet_every;
  double *logp;    /* num_slots + 1: log pi_t */
  double *magnet;  /* num_slots + 1: log rho */
  double *current; /* num_slots + 1: pi_t */
  double *sum;     /* num_slots + 1: sum of the sequence-form iterates */
  double *reach;   /* num_slots + 1: sequence reaches under current */
  double *values;  /* num_slots + 1: scratch */
} Mmd;

/* One information set's step, Eq. (12): @c holds the c_a above and is
 * used as scratch; returns W_I. */
static inline double
step(double *restrict c, double *restrict logp, double *restrict cur,
     const double *restrict magnet, const gint32 n, double ea, double inv_k, double k)
{
  double m = -INFINITY;
  for (gint32 a = 0; a < n; a++) {
    c[a] = (logp[a] + ea * magnet[a] + c[a]) * inv_k;
    m = c[a] > m ? c[a] : m;
  }
  /* One exp per action: cur holds exp(z_a - max) until normalised. */
  double total = 0;
  for (gint32 a = 0; a < n; a++) {
    cur[a] = exp(c[a] - m);
    total += cur[a];
  }
  double lse = m + log(total), inv = 1 / total;
  for (gint32 a = 0; a < n; a++) {
    logp[a] = c[a] - lse;
    cur[a] *= inv;
  }
  return k * lse;
}

static inline double
step_any(double *c, double *logp, double *cur, const double *magnet, gint32 n, double ea,
         double inv_k, double k)
{
  switch (n) {
  case 2:
    return step(c, logp, cur, magnet, 2, ea, inv_k, k);
  case 3:
    return step(c, logp, cur, magnet, 3, ea, inv_k, k);
  default:
    return step(c, logp, cur, magnet, n, ea, inv_k, k);
  }
}

/* Player @p's payoff gradient against the others' current reaches, scaled
 * by eta into values; and its own reach x_t into the strategy sum. */
static void
observe(Mmd *m, int p, double eta)
{
  const AgonTree *t = m->base.tree;
  double *values = m->values, *sum = m->sum, *reach = m->reach;
  agon__tree_payoff_values(t, p, reach, values);
  gint32 begin = t->infoset_offset[t->first_infoset[p]];
  gint32 end = t->infoset_offset[t->first_infoset[p + 1]];
  for (gint32 s = begin; s < end; s++) {
    values[s] *= eta;
    sum[s] += reach[s];
  }
}

static void
play(Mmd *m, int p, double alpha, double eta)
{
  const AgonTree *t = m->base.tree;
  const gint32 *offset = t->infoset_offset, *parent = t->infoset_parent;
  double *values = m->values, *logp = m->logp, *cur = m->current;
  const double *magnet = m->magnet;
  double ea = eta * alpha, k = 1 + ea, inv_k = 1 / k;
  for (gint32 i = t->first_infoset[p + 1] - 1; i >= t->first_infoset[p]; i--) {
    gint32 o = offset[i];
    values[parent[i]] +=
      step_any(values + o, logp + o, cur + o, magnet + o, offset[i + 1] - o, ea, inv_k, k);
  }
  agon__tree_reach_player(t, p, cur, m->reach);
}

static void
mmd_iterate(AgonSolver *solver, gint64 iterations)
{
  Mmd *m = (Mmd *) solver;
  const AgonTree *t = solver->tree;
  int n = t->num_players;
  for (gint64 k = 0; k < iterations; k++) {
    gint64 it = ++solver->iteration;
    double alpha = m->alpha, eta = m->eta;
    if (m->anneal) {
      double decay = 1 / sqrt((double) it);
      alpha *= decay;
      eta *= decay;
    }
    if (m->alternating) {
      for (int p = 0; p < n; p++) {
        observe(m, p, eta);
        play(m, p, alpha, eta);
      }
    } else {
      for (int p = 0; p < n; p++)
        observe(m, p, eta);
      for (int p = 0; p < n; p++)
        play(m, p, alpha, eta);
    }
    if (m->magnet_every > 0 && it % m->magnet_every == 0)
      memcpy(m->magnet, m->logp, sizeof(double) * (gsize) t->num_slots);
  }
}

static void
mmd_average_probs(AgonSolver *solver, double *probs)
{
  agon__tree_normalize(solver->tree, ((const Mmd *) solver)->sum, probs);
}

static void
mmd_current_probs(AgonSolver *solver, double *probs)
{
  const Mmd *m = (const Mmd *) solver;
  memcpy(probs, m->current, sizeof(double) * (gsize) solver->tree->num_slots);
}

static int
mmd_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  Mmd *m = (Mmd *) solver;
  gsize n = (gsize) solver->tree->num_slots;
  arrays[0] = (AgonSolverArray) { "log_current", AGON_ARRAY_DOUBLE, m->logp, n };
  arrays[1] = (AgonSolverArray) { "log_magnet", AGON_ARRAY_DOUBLE, m->magnet, n };
  arrays[2] = (AgonSolverArray) { "current", AGON_ARRAY_DOUBLE, m->current, n };
  arrays[3] = (AgonSolverArray) { "strategy_sum", AGON_ARRAY_DOUBLE, m->sum, n };
  return 4;
}

static void
mmd_restored(AgonSolver *solver)
{
  Mmd *m = (Mmd *) solver;
  agon__tree_reach_all(solver->tree, m->current, m->reach);
}

static gboolean
mmd_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  Mmd *m = (Mmd *) solver;
  const AgonTree *t = solver->tree;
  m->alpha = agon_params_get_double(params, "alpha");
  m->eta = agon_params_get_double(params, "eta");
  m->anneal = agon_params_get_bool(params, "anneal");
  m->magnet_every = agon_params_get_int(params, "magnet_every");
  m->alternating = agon_params_get_bool(params, "alternating");
  if (m->eta == 0) {
    double l = agon__tree_largest_payoff(t);
    if (m->alpha == 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: with alpha=0, eta must be given", solver->spec);
      return FALSE;
    }
    m->eta = l > 0 ? m->alpha / (l * l) : 1;
  }
  gsize n = (gsize) t->num_slots;
  m->logp = g_new(double, n + 1);
  m->magnet = g_new(double, n + 1);
  m->current = g_new(double, n + 1);
  m->sum = g_new0(double, n + 1);
  m->reach = g_new(double, n + 1);
  m->values = g_new0(double, n + 1);
  agon_tree_uniform_probs(t, m->current);
  for (gsize s = 0; s < n; s++)
    m->logp[s] = m->magnet[s] = log(m->current[s]);
  agon__tree_reach_all(t, m->current, m->reach);
  return TRUE;
}

static void
mmd_finalize(AgonSolver *solver)
{
  Mmd *m = (Mmd *) solver;
  g_free(m->logp);
  g_free(m->magnet);
  g_free(m->current);
  g_free(m->sum);
  g_free(m->reach);
  g_free(m->values);
}

static const AgonParamSpec mmd_params[] = {
  { "alpha", AGON_PARAM_DOUBLE, "0.05", 0, 1e6,
    "regularization temperature: pull towards the magnet (alpha-QRE for the uniform one)" },
  { "eta", AGON_PARAM_DOUBLE, "0", 0, 1e12,
    "step size; 0: alpha / L^2, L the largest sequence-form payoff (Theorem 3.4)" },
  { "anneal", AGON_PARAM_BOOL, "false", 0, 0,
    "use alpha / sqrt(t) and eta / sqrt(t) at iteration t" },
  { "magnet_every", AGON_PARAM_INT, "0", 0, 1e15,
    "every K iterations the magnet becomes the current policy (0: uniform magnet)" },
  { "alternating", AGON_PARAM_BOOL, "false", 0, 0,
    "players update in turn (default: simultaneously, as in the paper)" },
  { NULL },
};

const AgonSolverClass agon_mmd_class = {
  .name = "mmd",
  .description = "magnetic mirror descent with the dilated entropy (last iterate converges)",
  .params = mmd_params,
  .instance_size = sizeof(Mmd),
  .needs_perfect_recall = TRUE,
  .init = mmd_init,
  .finalize = mmd_finalize,
  .iterate = mmd_iterate,
  .average_probs = mmd_average_probs,
  .current_probs = mmd_current_probs,
  .state_arrays = mmd_state_arrays,
  .restored = mmd_restored,
};
