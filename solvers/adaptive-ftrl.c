/* agon: Adaptive FTRL from trajectory feedback (adaptive-ftrl).
 *
 * Fiegel, Menard, Kozuno, Munos, Perchet and Valko, "Adapting to game
 * trees in zero-sum imperfect information games", ICML 2023 (arXiv
 * 2212.12567), the second of its two algorithms. The setting is that of
 * balanced-ftrl.c: an iteration plays ONE episode on the compiled tree by
 * self-play (both players by their current policies, chance by its
 * probabilities), each player sees only its own information sets on the
 * path and its return at the end, and charges the loss
 * l = (max return - return) / (max return - min return) to its last
 * sequence (x, a) on the path with implicit exploration (IX),
 *   l~(x, a) = l / (mu_t(x, a) + gamma_t(x, a)),
 * mu_t(x, a) its realization plan. Each player then plays FTRL with a
 * dilated entropy,
 *   mu_{t+1} = argmin_mu  <L~_t, mu> + sum_x w_t(x) mu(parent(x)) KL(mu(.|x) || uniform),
 * L~_t the cumulative estimates. Balanced FTRL needs the tree beforehand to
 * weight x by its balanced transition p*(x); Adaptive FTRL learns the
 * weights from what the player observes instead. The paper's abstract
 * states the price: O(H^2 (A_X + B_Y) / epsilon^2) episodes instead of
 * Balanced FTRL's O(H (A_X + B_Y) / epsilon^2), H the length of the game.
 *
 * The adaptive weights, as in the authors' reference implementation
 * (`agents/adaptive_ftrl.py` and `agents/omd.py` of the experiments that
 * accompany the paper, github.com/cfiegel): every visited sequence (x, a)
 * of the player, not only the last, adds
 *   d(x, a) = 1 / (mu_t(x, a) mu_t(a | x) + gamma_t(x, a))
 * to an importance-weighted visit count P~(x, a), and d(x, a) / |A(x)| to
 * P~(x), both starting at `prior` (the reference's cf_prior, 1). Without
 * IX an episode adds to P~(x), in expectation, p_t(x) times the mean over
 * a of 1 / mu_t(a | x), p_t(x) the opponent's and chance's reach of x: so
 * P~(x) tracks how often the game has really led to x (scaled by |A(x)| at
 * the uniform policy, more where the policy is skewed). The rates are
 *   eta_t(x) = eta / P~_t(x),   gamma_t(x, a) = gamma / P~_t(x, a),
 * so w_t(x) = P~_t(x) / eta: the regularization grows where play goes, like
 * an AdaGrad step size per information set, and where Balanced FTRL puts
 * p*(x) / eta. Only visited information sets change weight, and only their
 * visited actions change IX. The reference implementation's regularizer is
 * the KL divergence to the uniform policy (it starts there and re-centres
 * the logits on it when a rate changes); since the weights differ between
 * information sets that is not the same as the plain entropy, and this file
 * uses the KL as the reference does.
 *
 * Constants. Of the paper only its abstract was at hand, not its numbered
 * algorithm, rates and theorem; the rates' form above is the reference
 * implementation's. It scales both base rates
 * as T^(1/2) (A X)^(-1/2) (T the number of episodes, A the number of
 * actions, X the information sets per player: A X is about the player's
 * A_X), and the paper's experiments tune one multiplier of them by grid
 * search. Here, per player p with A_p slots,
 *   eta_p = 5 sqrt(T / A_p),   gamma_p = eta_p / 200,
 * T = horizon, the multipliers measured: over 1/3 to 30 times
 * sqrt(T / A_p), the average converged fastest between 3 and 10 times on
 * Kuhn (T = 10^4 to 10^6) and on Leduc (T = 10^5); gamma / eta from 0.5
 * down to 10^-4 made no difference on Kuhn, and on Leduc 0.005 or less
 * was best (1.34 after 10^5 episodes against 1.51 with the reference
 * configuration's 0.05). The rates then decay by themselves as P~ grows,
 * about as t p(x). These defaults are empirical: they replace the
 * reference's unit multiplier of T^(1/2) (A X)^(-1/2) for both rates (its
 * experiments' starting point, which they then tune the same way), not a
 * value from the paper's theorem. eta, gamma and prior override them.
 *
 * The FTRL step, the episode and the average are trajectory-ftrl.c's, with
 * w(x) = P~(x) (times 1 / eta) and the KL to the uniform policy; on top of
 * the IX estimate, an episode changes the weights and IX terms of the
 * player's whole path, which trajectory-ftrl.c recomputes anyway. The
 * first iterate is uniform.
 *
 * State: trajectory-ftrl.c's (loss estimates, strategy sum, current
 * strategy, random generator) plus P~(x, a) (num_slots doubles) and P~(x)
 * (num_infosets); a checkpoint resumes bit for bit. */
#include "solvers/solvers-private.h"

#include <math.h>

typedef struct {
  AgonTrajectoryFtrl common; /* weight[x] = P~(x); eta, gamma the base rates */
  double *visits;            /* num_slots + 1: P~(x, a) */
} AdaptiveFtrl;

/* Player @p's learning from an episode whose last move of the player was
 * @last: the IX estimate for @last, then the visit counts of every slot
 * from @last up to the root (the player's path, by perfect recall), all
 * from the pre-episode plan and rates; then the FTRL step along that path. */
static void
aftrl_learn(AgonTrajectoryFtrl *f, int p, gint32 last, double l)
{
  const AgonTree *t = f->base.tree;
  const gint32 *owner = f->slot_infoset, *parent = t->infoset_parent;
  double *visits = ((AdaptiveFtrl *) f)->visits, gamma = f->gamma[p];
  f->loss[last] += l / (f->reach[last] + gamma / visits[last]);
  for (gint32 s = last; s != t->num_slots; s = parent[owner[s]]) {
    double d = 1 / (f->reach[s] * f->current[s] + gamma / visits[s]);
    visits[s] += d;
    f->weight[owner[s]] += d / t->infoset_num_actions[owner[s]];
  }
  agon__trajectory_ftrl_update_path(f, p, last);
}

static int
aftrl_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  AdaptiveFtrl *a = (AdaptiveFtrl *) solver;
  const AgonSolverArray extra[] = {
    { "visits", AGON_ARRAY_DOUBLE, a->visits, (gsize) solver->tree->num_slots },
    { "weight", AGON_ARRAY_DOUBLE, a->common.weight, (gsize) solver->tree->num_infosets },
  };
  return agon__trajectory_ftrl_state_arrays(&a->common, arrays, extra, G_N_ELEMENTS(extra));
}

static gboolean
aftrl_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  AdaptiveFtrl *a = (AdaptiveFtrl *) solver;
  AgonTrajectoryFtrl *f = &a->common;
  const AgonTree *t = solver->tree;
  if (!agon__trajectory_ftrl_init(f, params, aftrl_learn, TRUE, error))
    return FALSE;
  double prior = agon_params_get_double(params, "prior");
  /* gamma = 0 is refused: the visit counts' increments need a bounded
   * denominator once mu_t(x, a) mu_t(a | x) underflows. */
  if (f->gamma[0] == 0 || !(prior > 0 && isfinite(prior))) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: gamma must be nonzero (negative: the default) and prior > 0",
                solver->spec);
    return FALSE;
  }

  gsize n = (gsize) t->num_slots;
  a->visits = g_new(double, n + 1);
  for (gsize s = 0; s <= n; s++)
    a->visits[s] = prior;
  for (gint32 i = 0; i < t->num_infosets; i++)
    f->weight[i] = prior;
  for (int p = 0; p < 2; p++) {
    double actions = t->infoset_offset[t->first_infoset[p + 1]]
                     - t->infoset_offset[t->first_infoset[p]];
    /* eta_p = 5 sqrt(T / A_p), gamma_p = eta_p / 200: tuned (see the top). */
    if (f->eta[p] == 0)
      f->eta[p] = actions > 0 ? 5 * sqrt((double) f->horizon / actions) : 1;
    if (f->gamma[p] < 0)
      f->gamma[p] = f->eta[p] / 200;
  }
  agon__trajectory_ftrl_refresh_all(f); /* every L~ is 0: the uniform policy */
  return TRUE;
}

static void
aftrl_finalize(AgonSolver *solver)
{
  AdaptiveFtrl *a = (AdaptiveFtrl *) solver;
  agon__trajectory_ftrl_clear(&a->common);
  g_free(a->visits);
}

static const AgonParamSpec aftrl_params[] = {
  { "eta", AGON_PARAM_DOUBLE, "0", 0, 1e12,
    "base learning rate, divided at x by its visit estimate; 0: 5 sqrt(T / A) per player "
    "(A its actions, T the horizon)" },
  { "gamma", AGON_PARAM_DOUBLE, "-1", -1, 1e12,
    "base implicit exploration, divided at (x, a) by its visit estimate; negative: eta / 200" },
  { "prior", AGON_PARAM_DOUBLE, "1", 0, 1e12, "initial value of the visit estimates" },
  { "horizon", AGON_PARAM_INT, "100000", 1, 9007199254740992.0,
    "number of episodes the default eta is tuned for" },
  { "seed", AGON_PARAM_INT, "0", 0, 9007199254740992.0, "random seed" },
  { NULL },
};

const AgonSolverClass agon_adaptive_ftrl_class = {
  .name = "adaptive-ftrl",
  .description = "Adaptive FTRL (Fiegel et al. 2023): one sampled episode per iteration, "
                 "IX loss estimates, dilated entropy weighted by learned visit counts; "
                 "two-player zero-sum",
  .params = aftrl_params,
  .instance_size = sizeof(AdaptiveFtrl),
  .needs_perfect_recall = TRUE,
  .init = aftrl_init,
  .finalize = aftrl_finalize,
  .iterate = agon__trajectory_ftrl_iterate,
  .average_probs = agon__trajectory_ftrl_average_probs,
  .current_probs = agon__trajectory_ftrl_current_probs,
  .state_arrays = aftrl_state_arrays,
  .restored = agon__trajectory_ftrl_restored,
};
