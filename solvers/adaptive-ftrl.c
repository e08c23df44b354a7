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
 * uses the KL as the reference does. The first iterate is uniform.
 *
 * Constants. The paper's body (its numbered algorithm, rates and theorem)
 * was not available when this was written, only its abstract; the rates'
 * form above is the reference implementation's. It scales both base rates
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
 * about as t p(x). eta, gamma and prior override them.
 *
 * The FTRL step has the closed form of balanced-ftrl.c with the weights w
 * and the KL: at x, z_a = (-L~(x, a) + sum over the children x' of (x, a)
 * of w(x') V(x')) / w(x), the strategy is softmax(z) and
 * V(x) = log((1 / |A(x)|) sum_a exp(z_a)), -w(x) V(x) being the optimal
 * value of x's local problem. Multiplying by eta, the code keeps
 * z_a = (sum P~(x') V(x') - eta L~(x, a)) / P~(x). An episode changes the
 * losses and weights of the player's path only, so only that path is
 * recomputed, children first; every other information set keeps its
 * inputs, hence its result, bit for bit. Both players update after every
 * episode, from the same pre-episode plans. The average policy is the
 * uniform average of the realization plans mu_t, read as behaviour (as
 * balanced-ftrl.c and the reference do); the current policy is mu_T.
 *
 * State: cumulative loss estimates, strategy sum, current strategy and
 * P~(x, a) (num_slots doubles each), P~(x) (num_infosets) and the random
 * generator (4 words); a checkpoint resumes bit for bit. An iteration
 * allocates nothing. */
#include "solvers/solvers-private.h"

#include <math.h>

typedef struct {
  AgonSolver base;
  double eta[2], gamma[2]; /* per player, resolved base rates */
  double best[2], inv_range[2]; /* loss = (best - return) * inv_range */
  AgonRng rng;
  double *loss;      /* num_slots + 1: cumulative IX loss estimates L~ */
  double *sum;       /* num_slots + 1: sum of the realization plans */
  double *current;   /* num_slots + 1: mu_t as behaviour */
  double *reach;     /* num_slots + 1: mu_t as realization plan */
  double *values;    /* num_slots + 1: scratch */
  double *visits;    /* num_slots + 1: P~(x, a) */
  double *weight;    /* num_infosets: P~(x) */
  double *partition; /* num_infosets: V(x) */
  double *log_size;  /* num_infosets: log |A(x)| */
  gint32 *slot_infoset; /* num_slots + 1: the information set owning a slot */
  gint32 *child_start;  /* num_slots + 2: the information sets right below */
  gint32 *child;        /* slot s are child[child_start[s] .. child_start[s + 1] - 1] */
} AdaptiveFtrl;

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

/* Recomputes information set @i of player @p from its cumulative losses,
 * its weight and its children's: z_a = (sum over the children x' of
 * (x, a) of P~(x') V(x') - eta L~(x, a)) / P~(x), the strategy softmax(z),
 * V(x) = log of the mean of exp(z_a). */
static void
refresh(AdaptiveFtrl *f, int p, gint32 i)
{
  const AgonTree *t = f->base.tree;
  const double *w = f->weight, *v = f->partition;
  const gint32 *start = f->child_start, *child = f->child;
  double *z = f->values, eta = f->eta[p], inv = 1 / w[i];
  gint32 o = t->infoset_offset[i], n = t->infoset_num_actions[i];
  for (gint32 s = o; s < o + n; s++) {
    double below = 0;
    for (gint32 c = start[s]; c < start[s + 1]; c++)
      below += w[child[c]] * v[child[c]];
    z[s] = (below - eta * f->loss[s]) * inv;
  }
  f->partition[i] = softmax(z + o, f->current + o, n) - f->log_size[i];
}

/* Player @p's learning from an episode whose last move of the player was
 * @last: the IX estimate for @last, then the visit counts of every slot
 * from @last up to the root (the player's path, by perfect recall), all
 * from the pre-episode plan and rates; then the FTRL step along that path,
 * children first, and the player's new realization plan. */
static void
learn(AdaptiveFtrl *f, int p, gint32 last, double l)
{
  const AgonTree *t = f->base.tree;
  const gint32 *owner = f->slot_infoset, *parent = t->infoset_parent;
  double gamma = f->gamma[p];
  f->loss[last] += l / (f->reach[last] + gamma / f->visits[last]);
  for (gint32 s = last; s != t->num_slots; s = parent[owner[s]]) {
    double d = 1 / (f->reach[s] * f->current[s] + gamma / f->visits[s]);
    f->visits[s] += d;
    f->weight[owner[s]] += d / t->infoset_num_actions[owner[s]];
  }
  for (gint32 s = last; s != t->num_slots; s = parent[owner[s]])
    refresh(f, p, owner[s]);
  agon__tree_reach_player(t, p, f->current, f->reach);
}

/* Recomputes every information set of every player, children first. */
static void
play_all(AdaptiveFtrl *f)
{
  const AgonTree *t = f->base.tree;
  for (int p = 0; p < 2; p++)
    for (gint32 i = t->first_infoset[p + 1] - 1; i >= t->first_infoset[p]; i--)
      refresh(f, p, i);
  agon__tree_reach_all(t, f->current, f->reach);
}

/* One episode under the current policies, then the updates. */
static void
episode(AdaptiveFtrl *f)
{
  const AgonTree *t = f->base.tree;
  const double *current = f->current;
  gint32 last[2] = { t->num_slots, t->num_slots };
  gint32 v = 0;
  while (t->kind[v] != AGON_NODE_TERMINAL) {
    gint32 c = t->first_child[v], m = t->num_children[v];
    if (t->kind[v] == AGON_NODE_CHANCE) {
      v = c + sample(&f->rng, t->probability + c, m);
      continue;
    }
    gint32 o = t->infoset_offset[t->index[v]];
    gint32 k = sample(&f->rng, current + o, m);
    last[t->player[v]] = o + k;
    v = c + k;
  }
  const double *ret = t->returns + (gsize) t->index[v] * 2;

  /* The average takes the plan that played this episode. */
  for (gint32 s = 0; s < t->num_slots; s++)
    f->sum[s] += f->reach[s];
  /* A player learns only from its own slots, so player 1's inputs are
   * still the pre-episode ones after player 0 has learnt. */
  for (int p = 0; p < 2; p++)
    if (last[p] != t->num_slots) /* else it never moved: nothing to learn */
      learn(f, p, last[p], (f->best[p] - ret[p]) * f->inv_range[p]);
}

static void
aftrl_iterate(AgonSolver *solver, gint64 iterations)
{
  AdaptiveFtrl *f = (AdaptiveFtrl *) solver;
  for (gint64 k = 0; k < iterations; k++) {
    solver->iteration++;
    episode(f);
  }
}

static void
aftrl_average_probs(AgonSolver *solver, double *probs)
{
  agon__tree_normalize(solver->tree, ((const AdaptiveFtrl *) solver)->sum, probs);
}

static void
aftrl_current_probs(AgonSolver *solver, double *probs)
{
  const AdaptiveFtrl *f = (const AdaptiveFtrl *) solver;
  memcpy(probs, f->current, sizeof(double) * (gsize) solver->tree->num_slots);
}

static int
aftrl_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  AdaptiveFtrl *f = (AdaptiveFtrl *) solver;
  gsize n = (gsize) solver->tree->num_slots;
  gsize infosets = (gsize) solver->tree->num_infosets;
  arrays[0] = (AgonSolverArray) { "loss", AGON_ARRAY_DOUBLE, f->loss, n };
  arrays[1] = (AgonSolverArray) { "strategy_sum", AGON_ARRAY_DOUBLE, f->sum, n };
  arrays[2] = (AgonSolverArray) { "current", AGON_ARRAY_DOUBLE, f->current, n };
  arrays[3] = (AgonSolverArray) { "visits", AGON_ARRAY_DOUBLE, f->visits, n };
  arrays[4] = (AgonSolverArray) { "weight", AGON_ARRAY_DOUBLE, f->weight, infosets };
  arrays[5] = (AgonSolverArray) { "rng", AGON_ARRAY_UINT64, f->rng.s, G_N_ELEMENTS(f->rng.s) };
  return 6;
}

static void
aftrl_restored(AgonSolver *solver)
{
  play_all((AdaptiveFtrl *) solver);
}

/* Fills f->child_start and f->child: the information sets right below
 * each slot. */
static void
link_children(AdaptiveFtrl *f)
{
  const AgonTree *t = f->base.tree;
  gsize n = (gsize) t->num_slots;
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
}

static gboolean
aftrl_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  AdaptiveFtrl *f = (AdaptiveFtrl *) solver;
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
  double prior = agon_params_get_double(params, "prior");
  gint64 horizon = agon_params_get_int(params, "horizon");
  /* gamma = 0 is refused: the visit counts' increments need a bounded
   * denominator once mu_t(x, a) mu_t(a | x) underflows. */
  if (!(eta >= 0 && isfinite(eta)) || !(gamma != 0 && isfinite(gamma))
      || !(prior > 0 && isfinite(prior)) || horizon < 1) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: eta must be >= 0, gamma nonzero (negative: the default), prior > 0 "
                "and horizon >= 1",
                solver->spec);
    return FALSE;
  }

  gsize n = (gsize) t->num_slots, infosets = (gsize) MAX(t->num_infosets, 1);
  f->loss = g_new0(double, n + 1);
  f->sum = g_new0(double, n + 1);
  f->current = g_new(double, n + 1);
  f->reach = g_new(double, n + 1);
  f->values = g_new0(double, n + 1);
  f->visits = g_new(double, n + 1);
  f->weight = g_new(double, infosets);
  f->partition = g_new0(double, infosets);
  f->log_size = g_new(double, infosets);
  f->slot_infoset = g_new(gint32, n + 1);
  for (gsize s = 0; s <= n; s++)
    f->visits[s] = prior;
  for (gint32 i = 0; i < t->num_infosets; i++) {
    f->weight[i] = prior;
    f->log_size[i] = log((double) t->infoset_num_actions[i]);
    for (gint32 s = t->infoset_offset[i]; s < t->infoset_offset[i + 1]; s++)
      f->slot_infoset[s] = i;
  }
  f->slot_infoset[n] = -1;
  link_children(f);

  for (int p = 0; p < 2; p++) {
    double actions = t->infoset_offset[t->first_infoset[p + 1]]
                     - t->infoset_offset[t->first_infoset[p]];
    /* eta_p = 5 sqrt(T / A_p), gamma_p = eta_p / 200 (see the top). */
    f->eta[p] = eta > 0 ? eta : actions > 0 ? 5 * sqrt((double) horizon / actions) : 1;
    f->gamma[p] = gamma > 0 ? gamma : f->eta[p] / 200;

    double lo = INFINITY, hi = -INFINITY;
    for (gint32 r = 0; r < t->num_terminals; r++) {
      lo = MIN(lo, t->returns[(gsize) r * 2 + p]);
      hi = MAX(hi, t->returns[(gsize) r * 2 + p]);
    }
    f->best[p] = hi;
    f->inv_range[p] = hi > lo ? 1 / (hi - lo) : 0;
  }
  agon_rng_init(&f->rng, (guint64) agon_params_get_int(params, "seed"));
  play_all(f); /* every L~ is 0: the uniform policy */
  return TRUE;
}

static void
aftrl_finalize(AgonSolver *solver)
{
  AdaptiveFtrl *f = (AdaptiveFtrl *) solver;
  g_free(f->loss);
  g_free(f->sum);
  g_free(f->current);
  g_free(f->reach);
  g_free(f->values);
  g_free(f->visits);
  g_free(f->weight);
  g_free(f->partition);
  g_free(f->log_size);
  g_free(f->slot_infoset);
  g_free(f->child_start);
  g_free(f->child);
}

void
agon__adaptive_ftrl_get_rates(const AgonSolver *solver, int player, double *eta, double *gamma)
{
  const AdaptiveFtrl *f = (const AdaptiveFtrl *) solver;
  g_return_if_fail(solver->klass->init == aftrl_init && player >= 0 && player < 2);
  *eta = f->eta[player];
  *gamma = f->gamma[player];
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
  .iterate = aftrl_iterate,
  .average_probs = aftrl_average_probs,
  .current_probs = aftrl_current_probs,
  .state_arrays = aftrl_state_arrays,
  .restored = aftrl_restored,
};
