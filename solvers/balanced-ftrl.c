/* agon: Balanced FTRL from trajectory feedback (balanced-ftrl).
 *
 * Fiegel, Menard, Kozuno, Munos, Perchet and Valko, "Adapting to game
 * trees in zero-sum imperfect information games", ICML 2023. The two
 * players learn by self-play from sampled episodes only: an iteration plays
 * ONE episode on the compiled tree (both players by their current
 * policies, chance by its probabilities) and each player sees nothing but
 * the return at the end of it. Each player runs follow-the-regularized-
 * leader on its sequence form with
 *
 *  - importance-weighted loss estimates with implicit exploration (IX,
 *    Neu 2015) along the sampled path: the player's loss
 *    l = (max return - return) / (max return - min return), in [0, 1],
 *    is charged to its last sequence (x, a) on the path as
 *      l~(x, a) = l / (mu_t(x, a) + gamma / p*(x)),
 *    mu_t(x, a) the player's own reach of (x, a) (its realization plan)
 *    and p*(x) the balanced transition below; every other sequence gets 0.
 *    The "balanced" IX, gamma scaled by 1 / p*(x), is what makes the bias
 *    sum to gamma A_X whatever the opponent does (see below).
 *  - the balanced dilated entropy: the negative entropy of the player's
 *    own choices under the balanced transitions p* instead of the real
 *    ones (chance and the opponent),
 *      psi(mu) = sum_x p*(x) mu(parent(x)) sum_a mu(a|x) log mu(a|x),
 *    the entropy of information set x weighted by p*(x).
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
 * O(H A_X log(A) / epsilon^2) episodes, the paper's rate for Balanced
 * FTRL, which matches its lower bound. Defaults: per player p,
 *   eta_p = sqrt(D_p / (A_p T)),   gamma_p = eta_p / 2,
 * with A_p the player's slots, D_p the largest sum of log(number of
 * actions) along a path of its information sets and T = horizon (the
 * number of episodes planned). eta and gamma override them.
 *
 * The FTRL step has the closed form of ftrl.c, solved bottom-up: at x,
 * z_a = (-eta L~(x, a) + sum over the children x' of (x, a) of
 * p*(x') V(x')) / p*(x), the local strategy is softmax(z) and
 * V(x) = log sum_a exp(z_a). An episode changes one L~ entry per player,
 * so only the information sets from that sequence's up to the root are
 * recomputed (each keeps its V); the rest of the tree's answer is
 * unchanged. The first iterate is the minimizer of psi alone, which
 * leans towards the larger subtrees, not the uniform policy. Both players
 * update after every episode (simultaneously, as in the paper's
 * self-play). The output (average policy) is the uniform average of the
 * iterates' realization plans, (1 / T) sum_t mu_t, read back as
 * behaviour, as in ftrl.c; the current policy is the last iterate mu_T.
 *
 * Sources. The paper's body (its numbered algorithms, equations and
 * theorems) was not available when this was written, only its abstract:
 * the lower bound of order H (A_X + B_Y) / epsilon^2 episodes and Balanced
 * FTRL matching it. Each definition above is therefore derived, and
 * checked against the authors' reference implementation of the paper's
 * experiments (`agents/balanced_ftrl.py`, `agents/omd.py`,
 * github.com/cfiegel): the same per-information-set rate eta / p*(x) (its
 * lr_pow_bal = -1), IX gamma / p*(x) (ix_pow_bal = -1), loss
 * (max - return) / range at the player's last move, and average of the
 * realization plans. It differs in three places, kept here on purpose:
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
 * State: cumulative loss estimates, strategy sum, current strategy
 * (num_slots doubles each) and the random generator (4 words); a
 * checkpoint resumes bit for bit. An iteration allocates nothing. */
#include "solvers/solvers-private.h"

#include <math.h>

typedef struct {
  AgonSolver base;
  double eta[2], gamma[2]; /* per player, resolved */
  double best[2], inv_range[2]; /* loss = (best - return) * inv_range */
  AgonRng rng;
  double *loss;       /* num_slots + 1: cumulative IX loss estimates L~ */
  double *sum;        /* num_slots + 1: sum of the realization plans */
  double *current;    /* num_slots + 1: mu_t as behaviour */
  double *reach;      /* num_slots + 1: mu_t as realization plan */
  double *values;     /* num_slots + 1: scratch */
  double *transition; /* num_infosets: p*(x) */
  double *explore;    /* num_infosets: gamma_p / p*(x) */
  double *partition;  /* num_infosets: V(x), the log-partition value */
  gint32 *slot_infoset; /* num_slots + 1: the information set owning a slot */
  gint32 *child_start;  /* num_slots + 1: the information sets right below */
  gint32 *child;        /* slot s are child[child_start[s] .. child_start[s + 1] - 1] */
} BalancedFtrl;

/* Writes softmax(@z) into @out and returns log sum_k exp(z[k]). */
static double
softmax(const double *restrict z, double *restrict out, gint32 n)
{
  double m = z[0];
  for (gint32 k = 1; k < n; k++)
    m = z[k] > m ? z[k] : m;
  double total = 0;
  for (gint32 k = 0; k < n; k++) {
    out[k] = exp(z[k] - m);
    total += out[k];
  }
  double inv = 1 / total;
  for (gint32 k = 0; k < n; k++)
    out[k] *= inv;
  return m + log(total);
}

/* Index k drawn from the @n probabilities @p; never one of probability 0. */
static gint32
sample(AgonRng *rng, const double *p, gint32 n)
{
  double u = agon_rng_uniform(rng), acc = 0;
  gint32 last = 0;
  for (gint32 k = 0; k < n; k++) {
    if (p[k] <= 0)
      continue;
    acc += p[k];
    last = k;
    if (u < acc)
      return k;
  }
  return last; /* rounding left u above the total */
}

/* Recomputes information set @i of player @p from its cumulative losses
 * and its children's log-partition values: z_a = (-eta L~(x, a) +
 * sum over the children x' of (x, a) of p*(x') V(x')) / p*(x), the
 * strategy softmax(z), V(x) = log sum_a exp(z_a). */
static void
refresh(BalancedFtrl *f, int p, gint32 i)
{
  const AgonTree *t = f->base.tree;
  const double *w = f->transition, *v = f->partition;
  const gint32 *start = f->child_start, *child = f->child;
  double *z = f->values, eta = f->eta[p], inv = 1 / w[i];
  gint32 o = t->infoset_offset[i], n = t->infoset_num_actions[i];
  for (gint32 s = o; s < o + n; s++) {
    double below = 0;
    for (gint32 c = start[s]; c < start[s + 1]; c++)
      below += w[child[c]] * v[child[c]];
    z[s] = (below - eta * f->loss[s]) * inv;
  }
  f->partition[i] = softmax(z + o, f->current + o, n);
}

/* The FTRL step for player @p after the loss of slot @slot changed: only
 * the information sets from @slot's up to the root see their inputs move,
 * so only they are recomputed, children first (the result is what a
 * sweep over all of them would give). Then the player's realization plan. */
static void
play(BalancedFtrl *f, int p, gint32 slot)
{
  const AgonTree *t = f->base.tree;
  for (gint32 s = slot; s != t->num_slots; s = t->infoset_parent[f->slot_infoset[s]])
    refresh(f, p, f->slot_infoset[s]);
  agon__tree_reach_player(t, p, f->current, f->reach);
}

/* Recomputes every information set of every player, children first. */
static void
play_all(BalancedFtrl *f)
{
  const AgonTree *t = f->base.tree;
  for (int p = 0; p < 2; p++)
    for (gint32 i = t->first_infoset[p + 1] - 1; i >= t->first_infoset[p]; i--)
      refresh(f, p, i);
  agon__tree_reach_all(t, f->current, f->reach);
}

/* One episode under the current policies, then the updates. */
static void
episode(BalancedFtrl *f)
{
  const AgonTree *t = f->base.tree;
  const double *current = f->current;
  gint32 last[2] = { t->num_slots, t->num_slots };
  double own[2] = { 1, 1 };
  gint32 v = 0;
  while (t->kind[v] != AGON_NODE_TERMINAL) {
    gint32 c = t->first_child[v], m = t->num_children[v];
    if (t->kind[v] == AGON_NODE_CHANCE) {
      v = c + sample(&f->rng, t->probability + c, m);
      continue;
    }
    int p = t->player[v];
    gint32 o = t->infoset_offset[t->index[v]];
    gint32 k = sample(&f->rng, current + o, m);
    last[p] = o + k;
    own[p] *= current[o + k];
    v = c + k;
  }
  const double *ret = t->returns + (gsize) t->index[v] * 2;

  /* The average takes the plan that played this episode. */
  for (gint32 s = 0; s < t->num_slots; s++)
    f->sum[s] += f->reach[s];
  for (int p = 0; p < 2; p++) {
    if (last[p] == t->num_slots)
      continue; /* the player never moved: its loss is a constant */
    double l = (f->best[p] - ret[p]) * f->inv_range[p];
    f->loss[last[p]] += l / (own[p] + f->explore[f->slot_infoset[last[p]]]);
  }
  for (int p = 0; p < 2; p++)
    if (last[p] != t->num_slots)
      play(f, p, last[p]);
}

static void
bftrl_iterate(AgonSolver *solver, gint64 iterations)
{
  BalancedFtrl *f = (BalancedFtrl *) solver;
  for (gint64 k = 0; k < iterations; k++) {
    solver->iteration++;
    episode(f);
  }
}

static void
bftrl_average_probs(AgonSolver *solver, double *probs)
{
  agon__tree_normalize(solver->tree, ((const BalancedFtrl *) solver)->sum, probs);
}

static void
bftrl_current_probs(AgonSolver *solver, double *probs)
{
  const BalancedFtrl *f = (const BalancedFtrl *) solver;
  memcpy(probs, f->current, sizeof(double) * (gsize) solver->tree->num_slots);
}

static int
bftrl_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  BalancedFtrl *f = (BalancedFtrl *) solver;
  gsize n = (gsize) solver->tree->num_slots;
  arrays[0] = (AgonSolverArray) { "loss", AGON_ARRAY_DOUBLE, f->loss, n };
  arrays[1] = (AgonSolverArray) { "strategy_sum", AGON_ARRAY_DOUBLE, f->sum, n };
  arrays[2] = (AgonSolverArray) { "current", AGON_ARRAY_DOUBLE, f->current, n };
  arrays[3] = (AgonSolverArray) { "rng", AGON_ARRAY_UINT64, f->rng.s, G_N_ELEMENTS(f->rng.s) };
  return 4;
}

static void
bftrl_restored(AgonSolver *solver)
{
  play_all((BalancedFtrl *) solver);
}

/* Fills f->transition with p*(x) for player @p's information sets, and
 * returns A_p (the player's slots) and in @range D_p, the largest sum of
 * log(number of actions) along a path of its information sets. */
static double
balance(BalancedFtrl *f, int p, double *range)
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
    f->transition[i] = a; /* A(x) for now */
    size[parent[i]] += a;
    logs[parent[i]] = MAX(logs[parent[i]], d + log((double) n));
  }
  double total = size[empty];
  *range = logs[empty];
  /* Top-down: p*(x) = p*(parent information set) A(x) / A(parent slot).
   * logs[] now holds the p* of each slot's information set. */
  logs[empty] = 1;
  for (gint32 i = first; i < last; i++) {
    double pstar = logs[parent[i]] * f->transition[i] / size[parent[i]];
    f->transition[i] = pstar;
    for (gint32 s = offset[i]; s < offset[i + 1]; s++)
      logs[s] = pstar;
  }
  return total;
}

static gboolean
bftrl_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  BalancedFtrl *f = (BalancedFtrl *) solver;
  const AgonTree *t = solver->tree;
  const char *game = t->game_string;
  if (t->num_players != 2) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: %s plays two-player games only, not %d players", game,
                solver->klass->name, t->num_players);
    return FALSE;
  }
  AgonUtility utility = agon_game_get_type(t->game)->utility;
  if (utility != AGON_UTILITY_ZERO_SUM && utility != AGON_UTILITY_CONSTANT_SUM) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: %s needs a zero-sum or constant-sum game", game, solver->klass->name);
    return FALSE;
  }
  double eta = agon_params_get_double(params, "eta");
  double gamma = agon_params_get_double(params, "gamma");
  gint64 horizon = agon_params_get_int(params, "horizon");
  if (!(eta >= 0 && isfinite(eta)) || !isfinite(gamma) || horizon < 1) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: eta must be >= 0, gamma finite and horizon >= 1", solver->spec);
    return FALSE;
  }

  gsize n = (gsize) t->num_slots;
  f->loss = g_new0(double, n + 1);
  f->sum = g_new0(double, n + 1);
  f->current = g_new(double, n + 1);
  f->reach = g_new(double, n + 1);
  f->values = g_new0(double, n + 1);
  f->transition = g_new(double, MAX(t->num_infosets, 1));
  f->explore = g_new(double, MAX(t->num_infosets, 1));
  f->slot_infoset = g_new(gint32, n + 1);
  for (gint32 i = 0; i < t->num_infosets; i++)
    for (gint32 s = t->infoset_offset[i]; s < t->infoset_offset[i + 1]; s++)
      f->slot_infoset[s] = i;
  f->slot_infoset[n] = -1;
  f->partition = g_new0(double, MAX(t->num_infosets, 1));
  f->child_start = g_new0(gint32, n + 2);
  f->child = g_new(gint32, MAX(t->num_infosets, 1));
  for (gint32 i = 0; i < t->num_infosets; i++)
    if (t->infoset_parent[i] != t->num_slots)
      f->child_start[t->infoset_parent[i] + 1]++;
  for (gsize s = 0; s < n; s++)
    f->child_start[s + 1] += f->child_start[s];
  f->child_start[n + 1] = f->child_start[n];
  for (gint32 i = 0, *fill = f->child_start; i < t->num_infosets; i++)
    if (t->infoset_parent[i] != t->num_slots)
      f->child[fill[t->infoset_parent[i]]++] = i;
  for (gsize s = n; s > 0; s--) /* undo the fill's shift */
    f->child_start[s] = f->child_start[s - 1];
  f->child_start[0] = 0;

  for (int p = 0; p < 2; p++) {
    double range;
    double actions = balance(f, p, &range);
    /* eta_p = sqrt(D_p / (A_p T)), gamma_p = eta_p / 2 (see the top). */
    f->eta[p] = eta > 0 ? eta : actions > 0 ? sqrt(MAX(range, 1e-12) / (actions * horizon)) : 1;
    f->gamma[p] = gamma >= 0 ? gamma : f->eta[p] / 2;
    for (gint32 i = t->first_infoset[p]; i < t->first_infoset[p + 1]; i++)
      f->explore[i] = f->gamma[p] / f->transition[i];

    double lo = INFINITY, hi = -INFINITY;
    for (gint32 r = 0; r < t->num_terminals; r++) {
      lo = MIN(lo, t->returns[(gsize) r * 2 + p]);
      hi = MAX(hi, t->returns[(gsize) r * 2 + p]);
    }
    f->best[p] = hi;
    f->inv_range[p] = hi > lo ? 1 / (hi - lo) : 0;
  }
  agon_rng_init(&f->rng, (guint64) agon_params_get_int(params, "seed"));
  memset(f->values, 0, sizeof(double) * (n + 1));
  play_all(f); /* every L~ is 0: the minimizer of psi alone */
  return TRUE;
}

static void
bftrl_finalize(AgonSolver *solver)
{
  BalancedFtrl *f = (BalancedFtrl *) solver;
  g_free(f->loss);
  g_free(f->sum);
  g_free(f->current);
  g_free(f->reach);
  g_free(f->values);
  g_free(f->transition);
  g_free(f->explore);
  g_free(f->slot_infoset);
  g_free(f->partition);
  g_free(f->child_start);
  g_free(f->child);
}

double
agon__balanced_ftrl_get_transition(const AgonSolver *solver, int infoset)
{
  const BalancedFtrl *f = (const BalancedFtrl *) solver;
  g_return_val_if_fail(solver->klass->init == bftrl_init, 0);
  g_return_val_if_fail(infoset >= 0 && infoset < solver->tree->num_infosets, 0);
  return f->transition[infoset];
}

void
agon__balanced_ftrl_get_rates(const AgonSolver *solver, int player, double *eta, double *gamma)
{
  const BalancedFtrl *f = (const BalancedFtrl *) solver;
  g_return_if_fail(solver->klass->init == bftrl_init && player >= 0 && player < 2);
  *eta = f->eta[player];
  *gamma = f->gamma[player];
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
  .iterate = bftrl_iterate,
  .average_probs = bftrl_average_probs,
  .current_probs = bftrl_current_probs,
  .state_arrays = bftrl_state_arrays,
  .restored = bftrl_restored,
};
