/* agon: what Balanced FTRL and Adaptive FTRL share (trajectory-ftrl.c).
 *
 * Fiegel, Menard, Kozuno, Munos, Perchet and Valko, "Adapting to game
 * trees in zero-sum imperfect information games", ICML 2023 (arXiv
 * 2212.12567), give two FTRL algorithms for self-play with trajectory
 * feedback that differ only in the weights of their regularizer and in
 * their rates (balanced-ftrl.c, adaptive-ftrl.c). The rest lives here.
 *
 * An iteration plays ONE episode on the compiled tree, both players by
 * their current policies mu_t, chance by its probabilities. Each player
 * sees its own information sets on the path and its return at the end,
 * turned into the loss l = (max return - return) / (max return - min
 * return) in [0, 1]. It charges l to its last sequence (x, a) on the path
 * with implicit exploration (IX, Neu 2015): the solver adds
 *   l / (mu_t(x, a) + gamma(x, a))
 * to the cumulative estimate L~(x, a), mu_t(x, a) the player's own reach
 * of (x, a) under the plan that played the episode, gamma(x, a) its own
 * (AgonTrajectoryLearn). Every other sequence gets 0.
 *
 * Each player then plays FTRL on its sequence form with a dilated entropy
 * weighted by w(x) (p*(x) / eta for Balanced FTRL, the learnt P~(x) / eta
 * for Adaptive FTRL):
 *   mu_{t+1} = argmin_mu <L~_t, mu> + sum_x w(x) mu(parent(x)) h_x(mu(.|x)),
 * h_x the negative entropy, or the KL divergence to the uniform policy
 * (log_size set). The argmin has a closed form, solved bottom-up as in
 * ftrl.c: with z_a = (-eta L~(x, a) + sum over the children x' of (x, a)
 * of w(x') V(x')) / w(x) (weights scaled by eta), the local strategy is
 * softmax(z) and V(x) = log sum_a exp(z_a), minus log |A(x)| with the KL;
 * -w(x) V(x) / eta is the optimal value of x's local problem. An episode
 * changes the losses (and for Adaptive FTRL the weights) of a player's
 * path only, so only that path is recomputed, children first: every other
 * information set keeps its inputs, hence its result, bit for bit. Both
 * players learn from the same episode, each from the pre-episode plan
 * (simultaneous self-play, as in the paper).
 *
 * The average policy is the uniform average of the realization plans,
 * (1 / T) sum_t mu_t, read back as behaviour (the point the regret bound
 * speaks about; the authors' code averages the same way); the current
 * policy is the last iterate. An iteration allocates nothing. */
#include "solvers/solvers-private.h"

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
 * its weight and its children's values (see the top). */
static void
refresh(AgonTrajectoryFtrl *f, int p, gint32 i)
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
  double value = agon__softmax(z + o, f->current + o, n);
  f->partition[i] = f->log_size ? value - f->log_size[i] : value;
}

void
agon__trajectory_ftrl_update_path(AgonTrajectoryFtrl *f, int player, gint32 slot)
{
  const AgonTree *t = f->base.tree;
  const gint32 *owner = f->slot_infoset, *parent = t->infoset_parent;
  for (gint32 s = slot; s != t->num_slots; s = parent[owner[s]])
    refresh(f, player, owner[s]);
  agon__tree_reach_player(t, player, f->current, f->reach);
}

void
agon__trajectory_ftrl_refresh_all(AgonTrajectoryFtrl *f)
{
  const AgonTree *t = f->base.tree;
  for (int p = 0; p < 2; p++)
    for (gint32 i = t->first_infoset[p + 1] - 1; i >= t->first_infoset[p]; i--)
      refresh(f, p, i);
  agon__tree_reach_all(t, f->current, f->reach);
}

/* One episode under the current policies, then each player's learning. */
static void
episode(AgonTrajectoryFtrl *f)
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
    if (last[p] != t->num_slots) /* else it never moved: its loss is a constant */
      f->learn(f, p, last[p], (f->best[p] - ret[p]) * f->inv_range[p]);
}

void
agon__trajectory_ftrl_iterate(AgonSolver *solver, gint64 iterations)
{
  AgonTrajectoryFtrl *f = (AgonTrajectoryFtrl *) solver;
  for (gint64 k = 0; k < iterations; k++) {
    solver->iteration++;
    episode(f);
  }
}

void
agon__trajectory_ftrl_average_probs(AgonSolver *solver, double *probs)
{
  agon__tree_normalize(solver->tree, ((const AgonTrajectoryFtrl *) solver)->sum, probs);
}

void
agon__trajectory_ftrl_current_probs(AgonSolver *solver, double *probs)
{
  const AgonTrajectoryFtrl *f = (const AgonTrajectoryFtrl *) solver;
  memcpy(probs, f->current, sizeof(double) * (gsize) solver->tree->num_slots);
}

void
agon__trajectory_ftrl_restored(AgonSolver *solver)
{
  agon__trajectory_ftrl_refresh_all((AgonTrajectoryFtrl *) solver);
}

int
agon__trajectory_ftrl_state_arrays(AgonTrajectoryFtrl *f, AgonSolverArray *arrays,
                                   const AgonSolverArray *extra, int num_extra)
{
  gsize n = (gsize) f->base.tree->num_slots;
  int k = 0;
  arrays[k++] = (AgonSolverArray) { "loss", AGON_ARRAY_DOUBLE, f->loss, n };
  arrays[k++] = (AgonSolverArray) { "strategy_sum", AGON_ARRAY_DOUBLE, f->sum, n };
  arrays[k++] = (AgonSolverArray) { "current", AGON_ARRAY_DOUBLE, f->current, n };
  for (int e = 0; e < num_extra; e++)
    arrays[k++] = extra[e];
  arrays[k++] = (AgonSolverArray) { "rng", AGON_ARRAY_UINT64, f->rng.s, G_N_ELEMENTS(f->rng.s) };
  return k;
}

/* Fills f->child_start and f->child: the information sets right below
 * each slot, in order. */
static void
link_children(AgonTrajectoryFtrl *f)
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

gboolean
agon__trajectory_ftrl_init(AgonTrajectoryFtrl *f, const AgonParams *params,
                           AgonTrajectoryLearn learn, gboolean relative, GError **error)
{
  AgonSolver *solver = &f->base;
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
  f->horizon = agon_params_get_int(params, "horizon");
  if (!(eta >= 0 && isfinite(eta)) || !isfinite(gamma) || f->horizon < 1) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "%s: eta must be >= 0, gamma finite and horizon >= 1", solver->spec);
    return FALSE;
  }
  f->eta[0] = f->eta[1] = eta;
  f->gamma[0] = f->gamma[1] = gamma;

  f->learn = learn;
  gsize n = (gsize) t->num_slots, infosets = (gsize) MAX(t->num_infosets, 1);
  f->loss = g_new0(double, n + 1);
  f->sum = g_new0(double, n + 1);
  f->current = g_new(double, n + 1);
  f->reach = g_new(double, n + 1);
  f->values = g_new0(double, n + 1);
  f->weight = g_new(double, infosets);
  f->partition = g_new0(double, infosets);
  f->slot_infoset = g_new(gint32, n + 1);
  if (relative)
    f->log_size = g_new(double, infosets);
  for (gint32 i = 0; i < t->num_infosets; i++) {
    for (gint32 s = t->infoset_offset[i]; s < t->infoset_offset[i + 1]; s++)
      f->slot_infoset[s] = i;
    if (relative)
      f->log_size[i] = log((double) t->infoset_num_actions[i]);
  }
  f->slot_infoset[n] = -1;
  link_children(f);

  for (int p = 0; p < 2; p++) {
    double lo = INFINITY, hi = -INFINITY;
    for (gint32 r = 0; r < t->num_terminals; r++) {
      lo = MIN(lo, t->returns[(gsize) r * 2 + p]);
      hi = MAX(hi, t->returns[(gsize) r * 2 + p]);
    }
    f->best[p] = hi;
    f->inv_range[p] = hi > lo ? 1 / (hi - lo) : 0;
  }
  agon_rng_init(&f->rng, (guint64) agon_params_get_int(params, "seed"));
  return TRUE;
}

void
agon__trajectory_ftrl_clear(AgonTrajectoryFtrl *f)
{
  void *owned[] = { f->loss,      f->sum,       f->current,      f->reach,
                    f->values,    f->weight,    f->partition,    f->log_size,
                    f->slot_infoset, f->child_start, f->child };
  for (gsize k = 0; k < G_N_ELEMENTS(owned); k++)
    g_free(owned[k]);
}

void
agon__trajectory_ftrl_get_rates(const AgonSolver *solver, int player, double *eta, double *gamma)
{
  const AgonTrajectoryFtrl *f = (const AgonTrajectoryFtrl *) solver;
  g_return_if_fail(solver->klass->iterate == agon__trajectory_ftrl_iterate);
  g_return_if_fail(player >= 0 && player < 2);
  *eta = f->eta[player];
  *gamma = f->gamma[player];
}
