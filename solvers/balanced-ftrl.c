/* agon: Balanced FTRL from trajectory feedback (balanced-ftrl).
 *
 * Fiegel, Menard, Kozuno, Munos, Perchet and Valko, "Adapting to game
 * trees in zero-sum imperfect information games", ICML 2023 (arXiv
 * 2212.12567), the first of its two algorithms. The setting, the episode,
 * the IX loss estimates, the FTRL step and the average are those of
 * trajectory-ftrl.c; what makes Balanced FTRL is its use of the balanced
 * transition p* below, known from the tree beforehand:
 *
 *  - the IX term of the last sequence (x, a) is gamma / p*(x):
 *      l~(x, a) = l / (mu_t(x, a) + gamma / p*(x)),
 *    which makes the bias sum to gamma A_X whatever the opponent does;
 *  - the balanced dilated entropy: the negative entropy of the player's
 *    own choices under the balanced transitions p* instead of the real
 *    ones (chance and the opponent),
 *      psi(mu) = sum_x p*(x) mu(parent(x)) sum_a mu(a|x) log mu(a|x),
 *    the entropy of information set x weighted by p*(x), so that the rate
 *    at x is eta / p*(x) (trajectory-ftrl.c's w(x) = p*(x)).
 *
 * The balanced transition. See the player's information sets as a tree
 * (x' is a child of the sequence (x, a) when (x, a) is the player's last
 * move before x'); chance and the opponent choose which child comes. Let
 * A(x) be the number of actions (slots) of the information sets in the
 * subtree of x, x included, and A(x, a) = sum of A(x') over the children
 * x' of (x, a); A(empty) = sum over the root information sets = A_X, all
 * of the player's slots. The balanced transition picks child x' of (x, a)
 * with probability A(x') / A(x, a), so p*(x) is the product of these
 * ratios down the path (roots: A(x) / A_X). It sends the game into each
 * subtree in proportion to its number of actions. Its use: whatever the
 * real transitions p (chance and opponent),
 *   sum over (x, a) of p(x) / p*(x) <= A_X
 * (by induction from the leaves: sum over x' of p(x'|x,a) A(x, a) <= A(x, a),
 * with equality when (x, a) always leads to another information set), and
 * both the variance of the estimates and the IX bias are sums of that
 * form, while the range of psi is at most the largest sum of log |A(x)|
 * along a path of the player's tree (p* mu is a distribution over such
 * paths), D <= H log A, where unit weights give a sum over information
 * sets.
 * This weight is a transition, chance's and the opponent's side, not a
 * policy of the player: Balanced OMD (Bai, Jin, Mei and Yu, ICML 2022)
 * weights x by the inverse of a balanced exploration *policy* that picks
 * a in proportion to the size of a's subtree.
 *
 * Constants. The FTRL regret bound has the form
 *   R_T <= D / eta + (eta / 2 + gamma) A_X T   (+ a high-probability IX
 *   term in log(1 / delta) / gamma),
 * with loss in [0, 1] per episode; gamma = eta / 2 (the usual IX tuning)
 * and eta = sqrt(D / (A_X T)) balance it, giving R_T = O(sqrt(D A_X T)),
 * so the average of the realization plans is epsilon-optimal after
 * O(H A_X log(A) / epsilon^2) episodes: the rate the paper's abstract
 * gives Balanced FTRL, O~(H (A_X + B_Y) / epsilon^2), matching its lower
 * bound. Defaults: per player p,
 *   eta_p = sqrt(D_p / (A_p T)),   gamma_p = eta_p / 2,
 * with A_p the player's slots, D_p the largest sum of log(number of
 * actions) along a path of its information sets and T = horizon (the
 * number of episodes planned). These are the bound's values, not tuned
 * ones. eta and gamma override them. The first iterate is the minimizer
 * of psi alone, which leans towards the larger subtrees, not the uniform
 * policy.
 *
 * Sources. Of the paper only its abstract was at hand (the lower bound of
 * order H (A_X + B_Y) / epsilon^2 episodes, Balanced FTRL matching it),
 * not its numbered algorithms, equations and theorems. Each definition
 * above is therefore derived, and checked against the authors' reference
 * implementation of the paper's experiments (`agents/balanced_ftrl.py`,
 * `agents/omd.py`, github.com/cfiegel): the same per-information-set rate
 * eta / p*(x) (its lr_pow_bal = -1), IX gamma / p*(x) (ix_pow_bal = -1),
 * loss (max - return) / range at the player's last move, and average of
 * the realization plans. It differs in four places, kept here on purpose:
 *  - it gives every root information set p* = 1, where here the roots
 *    split the empty sequence like any other children, A(x) / A_X: p* is
 *    then a transition all the way down, chance's first move included, and
 *    the bound above holds as stated; with roots of equal subtrees (Kuhn,
 *    Leduc) the two differ by a constant factor on eta and gamma only;
 *  - it counts the pair (x, a) itself in A(x, a) (1 + the actions below),
 *    so its p*(x' | x, a) sums to less than 1 below a sequence; dividing
 *    by the children's sum, as here and in LiteEFG's Balanced FTRL, is a
 *    transition and gives the bound sum p / p* <= A_X above exactly;
 *  - it regularizes by the KL divergence to its balanced policy
 *    A(x, a) / A(x), starting there, where this file uses the entropy
 *    (both are p*-weighted dilated entropies whose range is O(H log A));
 *  - its default rates are (H A X T)^(-1/2) for both eta and gamma, X the
 *    information sets per player, which its experiments then tune by a
 *    grid search over a multiplier; the defaults here follow the bound.
 *
 * State: trajectory-ftrl.c's (loss estimates, strategy sum, current
 * strategy, random generator); p* and the IX terms are rebuilt from the
 * tree, so a checkpoint resumes bit for bit. */
#include "solvers/solvers-private.h"

#include <math.h>

typedef struct {
  AgonTrajectoryFtrl common; /* weight[x] = p*(x) */
  double *explore;           /* num_infosets: gamma_p / p*(x), the balanced IX */
} BalancedFtrl;

/* Player @p's learning: the IX estimate with gamma / p*(x) at its last
 * sequence @last, then the FTRL step along its path. f->reach[last] is
 * mu_t(x, a), the plan that played the episode. */
static void
bftrl_learn(AgonTrajectoryFtrl *f, int p, gint32 last, double l)
{
  const BalancedFtrl *b = (const BalancedFtrl *) f;
  f->loss[last] += l / (f->reach[last] + b->explore[f->slot_infoset[last]]);
  agon__trajectory_ftrl_update_path(f, p, last);
}

static int
bftrl_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  return agon__trajectory_ftrl_state_arrays((AgonTrajectoryFtrl *) solver, arrays, NULL, 0);
}

/* Fills f->weight with p*(x) for player @p's information sets, and
 * returns A_p (the player's slots) and in @range D_p, the largest sum of
 * log(number of actions) along a path of its information sets. */
static double
balance(AgonTrajectoryFtrl *f, int p, double *range)
{
  const AgonTree *t = f->base.tree;
  const gint32 *offset = t->infoset_offset, *parent = t->infoset_parent;
  gint32 first = t->first_infoset[p], last = t->first_infoset[p + 1], empty = t->num_slots;
  /* Bottom-up: values[s] becomes A(x, a) for the slot s of (x, a) and
   * reach[s] the largest sum of logs below it; children come after their
   * parents, so a reverse sweep sees every child before its parent. */
  double *size = f->values, *logs = f->reach;
  for (gint32 s = offset[first]; s < offset[last]; s++)
    size[s] = logs[s] = 0;
  size[empty] = logs[empty] = 0;
  for (gint32 i = last - 1; i >= first; i--) {
    gint32 n = offset[i + 1] - offset[i];
    double a = n, d = 0;
    for (gint32 s = offset[i]; s < offset[i + 1]; s++) {
      a += size[s];
      d = MAX(d, logs[s]);
    }
    f->weight[i] = a; /* A(x) for now */
    size[parent[i]] += a;
    logs[parent[i]] = MAX(logs[parent[i]], d + log((double) n));
  }
  double total = size[empty];
  *range = logs[empty];
  /* Top-down: p*(x) = p*(parent information set) A(x) / A(parent slot).
   * logs[] now holds the p* of each slot's information set. */
  logs[empty] = 1;
  for (gint32 i = first; i < last; i++) {
    double pstar = logs[parent[i]] * f->weight[i] / size[parent[i]];
    f->weight[i] = pstar;
    for (gint32 s = offset[i]; s < offset[i + 1]; s++)
      logs[s] = pstar;
  }
  return total;
}

static gboolean
bftrl_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  BalancedFtrl *b = (BalancedFtrl *) solver;
  AgonTrajectoryFtrl *f = &b->common;
  const AgonTree *t = solver->tree;
  if (!agon__trajectory_ftrl_init(f, params, bftrl_learn, FALSE, error))
    return FALSE;
  b->explore = g_new(double, MAX(t->num_infosets, 1));
  for (int p = 0; p < 2; p++) {
    double range;
    double actions = balance(f, p, &range);
    /* eta_p = sqrt(D_p / (A_p T)), gamma_p = eta_p / 2: the bound's values
     * (see the top), not tuned. */
    if (f->eta[p] == 0)
      f->eta[p] = actions > 0 ? sqrt(MAX(range, 1e-12) / (actions * f->horizon)) : 1;
    if (f->gamma[p] < 0)
      f->gamma[p] = f->eta[p] / 2;
    for (gint32 i = t->first_infoset[p]; i < t->first_infoset[p + 1]; i++)
      b->explore[i] = f->gamma[p] / f->weight[i];
  }
  memset(f->values, 0, sizeof(double) * (gsize) (t->num_slots + 1));
  agon__trajectory_ftrl_refresh_all(f); /* every L~ is 0: the minimizer of psi alone */
  return TRUE;
}

static void
bftrl_finalize(AgonSolver *solver)
{
  BalancedFtrl *b = (BalancedFtrl *) solver;
  agon__trajectory_ftrl_clear(&b->common);
  g_free(b->explore);
}

double
agon__balanced_ftrl_get_transition(const AgonSolver *solver, int infoset)
{
  const BalancedFtrl *b = (const BalancedFtrl *) solver;
  g_return_val_if_fail(solver->klass->init == bftrl_init, 0);
  g_return_val_if_fail(infoset >= 0 && infoset < solver->tree->num_infosets, 0);
  return b->common.weight[infoset];
}

static const AgonParamSpec bftrl_params[] = {
  { "eta", AGON_PARAM_DOUBLE, "0", 0, 1e12,
    "learning rate; 0: sqrt(D / (A T)) per player (A its actions, D its largest "
    "sum of log(actions) on a path, T the horizon)" },
  { "gamma", AGON_PARAM_DOUBLE, "-1", -1, 1e12,
    "implicit exploration, divided by the balanced transition; negative: eta / 2" },
  { "horizon", AGON_PARAM_INT, "100000", 1, 9007199254740992.0,
    "number of episodes the default eta is tuned for" },
  { "seed", AGON_PARAM_INT, "0", 0, 9007199254740992.0, "random seed" },
  { NULL },
};

const AgonSolverClass agon_balanced_ftrl_class = {
  .name = "balanced-ftrl",
  .description = "Balanced FTRL (Fiegel et al. 2023): one sampled episode per iteration, "
                 "IX loss estimates, balanced dilated entropy; two-player zero-sum",
  .params = bftrl_params,
  .instance_size = sizeof(BalancedFtrl),
  .needs_perfect_recall = TRUE,
  .init = bftrl_init,
  .finalize = bftrl_finalize,
  .iterate = agon__trajectory_ftrl_iterate,
  .average_probs = agon__trajectory_ftrl_average_probs,
  .current_probs = agon__trajectory_ftrl_current_probs,
  .state_arrays = bftrl_state_arrays,
  .restored = agon__trajectory_ftrl_restored,
};
