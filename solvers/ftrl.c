/* agon: follow-the-regularized-leader over the sequence form (ftrl).
 *
 * Each player keeps G, the sum over past iterations of its payoff gradient
 * in the sequence form (values[s] of agon__tree_payoff_values(): the
 * expected return carried by sequence s against the others' reaches), and
 * plays
 *
 *   x_{t+1} = argmax_{x in X} eta <G_t, x> - psi(x),
 *   psi(x) = sum_I x[parent(I)] sum_a pi_I(a) log pi_I(a),
 *
 * psi being the dilated entropy with unit weights (Hoda, Gilpin, Pena and
 * Sandholm 2010; Kroer, Waugh, Kilinc-Karzan and Sandholm, "Faster
 * first-order methods for extensive-form game solving", EC 2015, and
 * "Faster algorithms for extensive-form game solving via improved
 * smoothing functions", Math. Prog. 2020, where the prox mapping of the
 * dilated entropy is solved information set by information set). The
 * argmax separates bottom-up: at information set I with local gains
 * z_a = eta G[I, a] + sum over the information sets J right below (I, a)
 * of W_J, the best local strategy is softmax(z) and its value is
 * W_I = log sum_a exp(z_a) (the convex conjugate of the negative entropy
 * on the simplex), which is added to I's parent sequence. One sweep up
 * each player's information sets, children first, as in cfr.c; no history
 * is visited. This is the full-information form of the dilated-entropy
 * FTRL of Fiegel, Menard, Kozuno, Munos, Perchet and Valko, "Adapting to
 * game trees in zero-sum imperfect information games", ICML 2023 (their
 * update with the loss estimates replaced by the exact gradient and all
 * weights 1).
 *
 * Updates alternate, player 0 then 1, ... within an iteration, each pass
 * against the others' newest strategies (as cfr.c). Alternation damps the
 * outward spiral of simultaneous FTRL in zero-sum games, and here made the
 * average converge much faster: exploitability 7.0e-5 against 2.1e-3
 * after 10000 iterations on Kuhn, 9.5e-3 against 0.055 after 1000 on
 * Leduc. `alternating=false` selects simultaneous updates.
 *
 * The average policy is the uniform average of the sequence-form iterates,
 * (1/T) sum_t x_t, read back as behaviour: the strategy sum of slot s
 * accumulates the player's own reach of s, like CFR's reach-weighted
 * average. That is the point FTRL's regret bound speaks about (payoffs are
 * linear in x, not in the behavioural probabilities), so in a two-player
 * zero-sum game its exploitability is at most the players' average regret.
 * The current policy is the last iterate x_T.
 *
 * eta: the gradients are entries of the sequence-form payoff matrix
 * (chance probability times return, summed over the terminals sharing a
 * tuple of sequences) times reaches, so they scale with L = max |A_ij|,
 * the utility range as the sequence form sees it (1/3 on Kuhn, 0.108 on
 * Leduc, where chance spreads the returns thinner). eta = 0 (the default)
 * means eta = 2 / L: over eta L from 0.03 to 70 the average converged
 * fastest around 2 on both Kuhn (7.0e-4 after 1000 iterations) and Leduc
 * (9.5e-3), where eta = 1 / (utility range) was 10 and 100 times too
 * small. Any positive value is used as given.
 *
 * State: cumulative gain, strategy sum and current strategy, num_slots
 * doubles each. Nothing allocates after creation. */
#include "solvers/solvers-private.h"

#include <math.h>

typedef struct {
  AgonSolver base;
  double eta;
  gboolean alternating;
  double *gain;    /* num_slots + 1: cumulative payoff gradient G */
  double *sum;     /* num_slots + 1: sum of the sequence-form iterates */
  double *current; /* num_slots + 1: x_t as behaviour */
  double *reach;   /* num_slots + 1: sequence reaches under current */
  double *values;  /* num_slots + 1: scratch */
} Ftrl;

static inline double
softmax_any(const double *z, double *out, gint32 n)
{
  switch (n) {
  case 2:
    return agon__softmax(z, out, 2);
  case 3:
    return agon__softmax(z, out, 3);
  default:
    return agon__softmax(z, out, n);
  }
}

/* Player @p's gradient against the others' current reaches: adds it to the
 * cumulative gain, and the player's own reach x_t to the strategy sum. */
static void
observe(Ftrl *f, int p)
{
  const AgonTree *t = f->base.tree;
  double *values = f->values, *gain = f->gain, *sum = f->sum, *reach = f->reach;
  agon__tree_payoff_values(t, p, reach, values);
  gint32 begin = t->infoset_offset[t->first_infoset[p]];
  gint32 end = t->infoset_offset[t->first_infoset[p + 1]];
  for (gint32 s = begin; s < end; s++) {
    gain[s] += values[s];
    sum[s] += reach[s];
  }
}

/* The closed-form FTRL step for player @p: z = eta G plus the children's
 * log-partition values, softmax per information set, children first. */
static void
play(Ftrl *f, int p)
{
  const AgonTree *t = f->base.tree;
  const gint32 *offset = t->infoset_offset, *parent = t->infoset_parent;
  double *values = f->values, *gain = f->gain, *current = f->current;
  double eta = f->eta;
  gint32 first = t->first_infoset[p], last = t->first_infoset[p + 1];
  for (gint32 s = offset[first]; s < offset[last]; s++)
    values[s] = eta * gain[s];
  for (gint32 i = last - 1; i >= first; i--) {
    gint32 o = offset[i];
    values[parent[i]] += softmax_any(values + o, current + o, offset[i + 1] - o);
  }
  agon__tree_reach_player(t, p, current, f->reach);
}

static void
ftrl_iterate(AgonSolver *solver, gint64 iterations)
{
  Ftrl *f = (Ftrl *) solver;
  int n = solver->tree->num_players;
  for (gint64 k = 0; k < iterations; k++) {
    solver->iteration++;
    if (f->alternating) {
      for (int p = 0; p < n; p++) {
        observe(f, p);
        play(f, p);
      }
    } else {
      /* Every gradient against the same profile x_t first; a player's
       * pass touches only its own slots of values and reach. */
      for (int p = 0; p < n; p++)
        observe(f, p);
      for (int p = 0; p < n; p++)
        play(f, p);
    }
  }
}

static void
ftrl_average_probs(AgonSolver *solver, double *probs)
{
  agon__tree_normalize(solver->tree, ((const Ftrl *) solver)->sum, probs);
}

static void
ftrl_current_probs(AgonSolver *solver, double *probs)
{
  const Ftrl *f = (const Ftrl *) solver;
  memcpy(probs, f->current, sizeof(double) * (gsize) solver->tree->num_slots);
}

static int
ftrl_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  Ftrl *f = (Ftrl *) solver;
  gsize n = (gsize) solver->tree->num_slots;
  arrays[0] = (AgonSolverArray) { "gain", AGON_ARRAY_DOUBLE, f->gain, n };
  arrays[1] = (AgonSolverArray) { "strategy_sum", AGON_ARRAY_DOUBLE, f->sum, n };
  arrays[2] = (AgonSolverArray) { "current", AGON_ARRAY_DOUBLE, f->current, n };
  return 3;
}

static void
ftrl_restored(AgonSolver *solver)
{
  Ftrl *f = (Ftrl *) solver;
  agon__tree_reach_all(solver->tree, f->current, f->reach);
}

static gboolean
ftrl_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  Ftrl *f = (Ftrl *) solver;
  const AgonTree *t = solver->tree;
  f->eta = agon_params_get_double(params, "eta");
  f->alternating = agon_params_get_bool(params, "alternating");
  if (f->eta == 0) {
    double l = agon__tree_largest_payoff(t);
    f->eta = l > 0 ? 2 / l : 1;
  }
  if (!(f->eta > 0 && isfinite(f->eta))) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "%s: eta must be positive",
                solver->spec);
    return FALSE;
  }
  gsize n = (gsize) t->num_slots;
  f->gain = g_new0(double, n + 1);
  f->sum = g_new0(double, n + 1);
  f->current = g_new(double, n + 1);
  f->reach = g_new(double, n + 1);
  f->values = g_new0(double, n + 1);
  agon_tree_uniform_probs(t, f->current);
  agon__tree_reach_all(t, f->current, f->reach);
  return TRUE;
}

static void
ftrl_finalize(AgonSolver *solver)
{
  Ftrl *f = (Ftrl *) solver;
  g_free(f->gain);
  g_free(f->sum);
  g_free(f->current);
  g_free(f->reach);
  g_free(f->values);
}

static const AgonParamSpec ftrl_params[] = {
  { "eta", AGON_PARAM_DOUBLE, "0", 0, 1e12,
    "learning rate; 0: 2 / L, L the largest sequence-form payoff" },
  { "alternating", AGON_PARAM_BOOL, "true", 0, 0,
    "players update in turn (false: simultaneously)" },
  { NULL },
};

const AgonSolverClass agon_ftrl_class = {
  .name = "ftrl",
  .description = "follow-the-regularized-leader with the dilated entropy (sequence-form average)",
  .params = ftrl_params,
  .instance_size = sizeof(Ftrl),
  .needs_perfect_recall = TRUE,
  .init = ftrl_init,
  .finalize = ftrl_finalize,
  .iterate = ftrl_iterate,
  .average_probs = ftrl_average_probs,
  .current_probs = ftrl_current_probs,
  .state_arrays = ftrl_state_arrays,
  .restored = ftrl_restored,
};
