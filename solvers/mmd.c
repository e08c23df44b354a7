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
 * of the dilated entropy with weights beta_I (below), which is
 * B(x; y) = sum_I beta_I x[parent(I)] KL(pi^x_I || pi^y_I). The problem
 * therefore separates information set by information set, bottom-up: with
 * c_a = eta values[I, a] + the values W_J passed up by the information sets
 * J right below (I, a), the local problem
 *
 *   max_pi  sum_a pi_a c_a - beta_I (eta alpha KL(pi || rho_I) + KL(pi || pi_t,I))
 *
 * is solved by Eq. (12) with q = c / (eta beta_I),
 *
 *   pi_{t+1}(a) proportional to
 *     [pi_t(a) rho(a)^(eta alpha) e^(c_a / beta_I)]^(1 / (1 + eta alpha)),
 *
 * and its optimal value, W_I = beta_I k log sum_a exp(z_a) with
 * k = 1 + eta alpha and z_a = (log pi_t(a) + eta alpha log rho(a)
 * + c_a / beta_I) / k, is added to I's parent sequence. One sweep up each
 * player's information sets, children first, as in cfr.c; no history is
 * visited.
 *
 * Weights. The paper's extensive-form experiments and OpenSpiel's
 * mmd_dilated.py use unit weights, beta_I = 1, with the step size
 * alpha / max |A_ij|^2 (OpenSpiel: `stepsize = alpha / max|payoff_mat|^2`;
 * for Nash it runs alpha = 0, stepsize 1 and averages, mmd_nash_example.py).
 * The sequence-form payoffs carry chance's probabilities, so in a game
 * where chance deals as it goes the gradients of deep information sets
 * are a fraction of the root's (on Leduc, the second round's a fifth of
 * the first's) while unit weights regularize them as much: the alpha-QRE
 * of Leduc at the default alpha = 0.05 is almost uniform there
 * (exploitability 1.307, from 2.37 uniform), and the moving magnet crawls
 * (last iterate 0.16 after 1000 iterations and 0.12 after 5000 at its best
 * step size, eta = 50). `weights=chance`, the default, sets beta_I to the
 * chance probability of I (summed over its histories) divided by the
 * largest of its player's, so that every local problem sees its gradient
 * and its regularizer at the same scale, as CFR's regret matching, which
 * is scale-free per information set, does; alpha becomes a temperature in
 * units of the returns at every depth. Where chance reaches all of a
 * player's information sets alike (Kuhn, Liar's dice, matrix games, games
 * without chance) every beta_I is 1 and the two are identical, bit for
 * bit. On Leduc the QRE at alpha = 0.05 then has exploitability 0.511, and
 * alpha=0.05,magnet_every=10 with the default eta reaches 0.105 after 1000
 * iterations and 0.041 after 5000 in the last iterate (average 0.0126 and
 * 0.0024); larger steps diverge there (eta = 20: stuck at 0.36).
 * `weights=unit` reproduces OpenSpiel's.
 *
 * With a fixed magnet and alpha > 0 the last iterate converges linearly to
 * the magnet-regularised equilibrium, for the uniform magnet the (normal
 * form, with unit weights) alpha-QRE, when eta <= alpha / L^2 (Theorem
 * 3.4; L = max |A_ij|, the largest entry of the sequence-form payoff
 * matrix, Proposition 2.4). That is the default: eta = 0 means
 * eta = alpha / L^2. To reach a Nash equilibrium instead (the paper's
 * Section 4 and appendix H): `anneal=true` uses alpha_t = alpha / sqrt(t)
 * and eta_t = eta / sqrt(t), keeping the ratio eta / alpha of Theorem 3.4
 * (annealing alpha alone, eta fixed, left the last iterate cycling at
 * exploitability 0.15 on Kuhn);
 * `magnet_every=K` makes the current policy the magnet after every K
 * iterations, a proximal-point outer loop whose fixed points are exactly
 * the Nash equilibria. K should exceed a few 1 / (eta alpha), the inner
 * loop's contraction time, or the magnet moves before the iterate has
 * settled (alpha=0.5, K=10 on Kuhn: eta alpha = 2.25), while each move
 * gains less the longer it waits. `nash=true` picks
 * K = max(3, ceil(4 / (eta alpha))) for the given alpha and eta (unless
 * magnet_every is given): with the defaults 178 on Kuhn, 19 on Leduc, 3 on
 * Liar's dice and 1600 on 4-card goofspiel, measured last-iterate
 * exploitability 4.8e-11 after 5000 iterations on Kuhn, 0.027 after 5000
 * on Leduc, 0.027 after 2000 on Liar's dice and 3.9e-7 after 20000 on
 * goofspiel, where the fixed K = 10 cycled on Kuhn and goofspiel (0.16
 * and 1.0 after 20000 iterations).
 *
 * The current policy is the last iterate x_t (what MMD is for); the
 * average policy is the uniform average of the sequence-form iterates,
 * read as behaviour, as in ftrl.c. Log-probabilities are kept as state so
 * that log pi_t never underflows to -inf. Updates are simultaneous, as in
 * Eqs. (8)-(9) and Theorem 3.4 (`alternating=true` switches to
 * alternating ones, outside the theory).
 *
 * State: log current, log magnet, current strategy and strategy sum,
 * num_slots doubles each (the weights follow from the tree and the spec).
 * Nothing allocates after creation. */
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
  double *weight;  /* num_infosets: beta_I of the dilated entropy */
} Mmd;

/* One information set's step, Eq. (12), with weight @w = beta_I: @c holds
 * the c_a above and is used as scratch; returns W_I. */
static inline double
step(double *restrict c, double *restrict logp, double *restrict cur,
     const double *restrict magnet, const gint32 n, double ea, double inv_k, double k, double w)
{
  double m = -INFINITY, inv_w = 1 / w;
  for (gint32 a = 0; a < n; a++) {
    c[a] = (logp[a] + ea * magnet[a] + c[a] * inv_w) * inv_k;
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
  return w * k * lse;
}

static inline double
step_any(double *c, double *logp, double *cur, const double *magnet, gint32 n, double ea,
         double inv_k, double k, double w)
{
  switch (n) {
  case 2:
    return step(c, logp, cur, magnet, 2, ea, inv_k, k, w);
  case 3:
    return step(c, logp, cur, magnet, 3, ea, inv_k, k, w);
  default:
    return step(c, logp, cur, magnet, n, ea, inv_k, k, w);
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
      step_any(values + o, logp + o, cur + o, magnet + o, offset[i + 1] - o, ea, inv_k, k,
               m->weight[i]);
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

/* beta_I = the chance probability of reaching information set I (summed
 * over its histories), divided by the largest among its player's
 * information sets. Sums that differ from the largest by rounding alone
 * count as equal, so that where chance treats all information sets alike
 * every weight is exactly 1. */
static void
chance_weights(const AgonTree *t, double *weight)
{
  g_autofree double *reach = g_new(double, MAX(t->num_nodes, 1));
  for (gint32 i = 0; i < t->num_infosets; i++)
    weight[i] = 0;
  for (gint32 v = 0; v < t->num_nodes; v++) {
    reach[v] = (v == 0 ? 1 : reach[t->parent[v]]) * t->probability[v];
    if (t->kind[v] == AGON_NODE_DECISION)
      weight[t->index[v]] += reach[v];
  }
  for (int p = 0; p < t->num_players; p++) {
    double top = 0;
    for (gint32 i = t->first_infoset[p]; i < t->first_infoset[p + 1]; i++)
      top = MAX(top, weight[i]);
    for (gint32 i = t->first_infoset[p]; i < t->first_infoset[p + 1]; i++)
      weight[i] = fabs(weight[i] - top) <= 1e-12 * top ? 1 : weight[i] / top;
  }
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
  if (agon_params_get_bool(params, "nash") && m->magnet_every == 0) {
    if (m->alpha == 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: nash=true needs alpha > 0", solver->spec);
      return FALSE;
    }
    /* A few contraction times of the inner loop (see the top). */
    m->magnet_every = MAX(3, (gint64) ceil(4 / (m->eta * m->alpha)));
  }
  gsize n = (gsize) t->num_slots;
  m->logp = g_new(double, n + 1);
  m->magnet = g_new(double, n + 1);
  m->current = g_new(double, n + 1);
  m->sum = g_new0(double, n + 1);
  m->reach = g_new(double, n + 1);
  m->values = g_new0(double, n + 1);
  m->weight = g_new(double, MAX(t->num_infosets, 1));
  const char *weights = agon_params_get_string(params, "weights");
  if (strcmp(weights, "unit") == 0) {
    for (gint32 i = 0; i < t->num_infosets; i++)
      m->weight[i] = 1;
  } else if (strcmp(weights, "chance") == 0) {
    chance_weights(t, m->weight);
  } else {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: weights must be unit or chance", solver->spec);
    return FALSE;
  }
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
  g_free(m->weight);
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
  { "nash", AGON_PARAM_BOOL, "false", 0, 0,
    "move the magnet to the current policy every max(3, ceil(4 / (eta alpha))) iterations "
    "(when magnet_every is 0), so that the last iterate approaches Nash" },
  { "weights", AGON_PARAM_STRING, "chance", 0, 0,
    "dilated entropy weights: unit, or chance (each information set's chance reach)" },
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
