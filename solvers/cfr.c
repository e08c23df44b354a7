/* agon: the CFR family (cfr, cfr+, lcfr, dcfr, pcfr+).
 *
 * One implementation, told apart by klass->variant. An iteration t makes
 * one pass per player, in order, each against the others' current
 * strategies (alternating updates, as OpenSpiel's solvers do): player 1's
 * pass already sees player 0's strategy of iteration t + 1.
 *
 * A pass for player p runs on the sequence form (solvers-private.h) and
 * never visits a history:
 *  1. values = p's payoff matrix times the other players' sequence reaches:
 *     values[s] sums, over the terminals whose last move of p is s, chance
 *     reach * the others' reach * p's return;
 *  2. sweep p's information sets children first: the counterfactual value
 *     of action a at I is values[slot(I, a)] plus what the information sets
 *     below it passed up; v(I) = sum_a current(a) * value(a) is passed up to
 *     I's parent sequence; the regret of a is value(a) - v(I). These are
 *     OpenSpiel's counterfactual values (chance and opponents' reach
 *     included), summed over the histories of I;
 *  3. the same sweep adds w_t * (sum over I's histories of p's own reach) *
 *     current(a) to the strategy sum, with p's reach to I the same at every
 *     history of I (perfect recall), so the sum is histories(I) * reach;
 *     nothing is skipped when the opponents' reach is 0;
 *  4. the new current strategy of I follows from its regrets, and p's
 *     sequence reaches are recomputed for the passes after it.
 *
 * Without perfect recall (no sequence form) a pass walks the node arrays
 * instead: reaches down, values up, each history of I adding its own
 * counterfactual values; then the same per-information-set update.
 *
 * State: regret, strategy sum and current strategy, num_slots doubles each,
 * info set I owning slots offset(I) .. offset(I + 1) - 1. The reaches are
 * derived from the current strategy; the rest is scratch. Nothing allocates
 * after creation. */
#include "solvers/solvers-private.h"

#include <math.h>

typedef enum {
  CFR_VANILLA,
  CFR_PLUS,
  CFR_LINEAR,
  CFR_DISCOUNTED,
  CFR_PREDICTIVE,
} CfrVariant;

typedef struct {
  AgonSolver base;
  CfrVariant variant;
  double alpha, beta, gamma; /* dcfr only */
  double *regret;
  double *sum;
  double *current;
  double *reach;  /* num_slots + 1: sequence reaches under current */
  double *values; /* num_slots + 1: scratch */
  /* The history-based passes, for trees without perfect recall. */
  gboolean histories;
  double *own, *others, *node_value; /* num_nodes each */
  double *own_sum;                   /* num_infosets */
} Cfr;

/* The weights of iteration t. */
typedef struct {
  double average;  /* strategy-sum weight */
  double regret;   /* lcfr's weight of the new regret */
  double positive; /* dcfr's discount of positive regrets */
  double negative; /* and of negative ones */
} Weights;

static Weights
weights_for(const Cfr *cfr, gint64 iteration)
{
  double t = (double) iteration;
  Weights w = { .average = 1, .regret = 1, .positive = 1, .negative = 1 };
  switch (cfr->variant) {
  case CFR_VANILLA:
    break;
  case CFR_PLUS:
    w.average = t;
    break;
  case CFR_LINEAR:
    w.average = t;
    w.regret = t;
    break;
  case CFR_DISCOUNTED: {
    double ta = pow(t, cfr->alpha), tb = pow(t, cfr->beta);
    w.average = pow(t, cfr->gamma);
    w.positive = ta / (ta + 1);
    w.negative = tb / (tb + 1);
    break;
  }
  case CFR_PREDICTIVE:
    w.average = t * t;
    break;
  }
  return w;
}

/* The positive part: a maxsd, where fmax() would be a call. */
static inline double
positive(double x)
{
  return x > 0 ? x : 0;
}

/* One information set's update: the regret, strategy sum and strategy of
 * its @n actions, whose counterfactual values are in @q. Returns the
 * information set's value, for its parent sequence. Inlined with @n and
 * @variant constant where it can be: straight-line code for the common
 * small information sets, with no loop or variant branches to mispredict
 * (that halved an iteration on Leduc). */
static inline double
update(double *restrict r, double *restrict cur, double *restrict q, double *restrict s,
       const gint32 n, double own, const Weights *w, const CfrVariant variant)
{
  double v = 0;
  for (gint32 k = 0; k < n; k++)
    v += cur[k] * q[k];
  /* Regrets, the strategy sum, and into q (free now) the part of the
   * regrets that regret matching keeps. */
  double total = 0;
  for (gint32 k = 0; k < n; k++) {
    s[k] += own * cur[k];
    double inst = q[k] - v, x = 0, kept = 0;
    switch (variant) {
    case CFR_VANILLA:
      x = kept = r[k] + inst;
      break;
    case CFR_PLUS:
      x = kept = positive(r[k] + inst);
      break;
    case CFR_LINEAR:
      x = kept = r[k] + w->regret * inst;
      break;
    case CFR_DISCOUNTED:
      x = r[k] + inst;
      x = kept = x * (x > 0 ? w->positive : w->negative);
      break;
    case CFR_PREDICTIVE:
      /* The prediction of the next instantaneous regret is this one. */
      x = positive(r[k] + inst);
      kept = x + inst;
      break;
    }
    r[k] = x;
    q[k] = positive(kept);
    total += q[k];
  }
  /* Regret matching; uniform when no regret is positive. */
  if (total > 0) {
    for (gint32 k = 0; k < n; k++)
      cur[k] = q[k] / total;
  } else {
    for (gint32 k = 0; k < n; k++)
      cur[k] = 1.0 / n;
  }
  return v;
}

/* update() with @n constant for the common sizes. */
static inline double
update_any(double *r, double *cur, double *q, double *s, gint32 n, double own, const Weights *w,
           const CfrVariant variant)
{
  switch (n) {
  case 2:
    return update(r, cur, q, s, 2, own, w, variant);
  case 3:
    return update(r, cur, q, s, 3, own, w, variant);
  default:
    return update(r, cur, q, s, n, own, w, variant);
  }
}

/* The history-based pass's first half: walks the tree, leaving in values
 * each of @player's slots' counterfactual value summed over the histories
 * of its information set, and in own_sum each information set's summed
 * own reach. */
static void
history_values(Cfr *cfr, int player)
{
  const AgonTree *t = cfr->base.tree;
  const gint32 *first = t->first_child, *count = t->num_children, *index = t->index;
  const gint32 *offset = t->infoset_offset;
  int n = t->num_players;
  double *own = cfr->own, *others = cfr->others, *value = cfr->node_value;
  double *values = cfr->values, *current = cfr->current;

  agon__tree_node_reaches(t, player, current, own, others);
  gint32 begin = t->first_infoset[player], end = t->first_infoset[player + 1];
  memset(values + offset[begin], 0, sizeof(double) * (gsize) (offset[end] - offset[begin]));
  memset(cfr->own_sum + begin, 0, sizeof(double) * (gsize) (end - begin));
  for (gint32 v = t->num_nodes - 1; v >= 0; v--) {
    gint32 c = first[v], m = count[v];
    double x = 0;
    switch (t->kind[v]) {
    case AGON_NODE_TERMINAL:
      x = t->returns[(gsize) index[v] * n + player];
      break;
    case AGON_NODE_CHANCE:
      for (gint32 k = 0; k < m; k++)
        x += t->probability[c + k] * value[c + k];
      break;
    case AGON_NODE_DECISION: {
      gint32 o = offset[index[v]];
      for (gint32 k = 0; k < m; k++)
        x += current[o + k] * value[c + k];
      if (t->player[v] == player) {
        for (gint32 k = 0; k < m; k++)
          values[o + k] += others[v] * value[c + k];
        cfr->own_sum[index[v]] += own[v];
      }
      break;
    }
    }
    value[v] = x;
  }
}

/* One pass for @player, inlined once per variant. */
static inline void
pass_variant(Cfr *cfr, int player, const Weights *w, const CfrVariant variant)
{
  const AgonTree *t = cfr->base.tree;
  const gint32 *offset = t->infoset_offset, *parent = t->infoset_parent;
  const gint32 *histories = t->infoset_histories;
  double *regret = cfr->regret, *sum = cfr->sum, *current = cfr->current;
  double *reach = cfr->reach, *values = cfr->values;

  if (cfr->histories) {
    /* Without perfect recall every history counts apart, as in
     * OpenSpiel's cfr.py; the order of information sets is free. */
    history_values(cfr, player);
    for (gint32 i = t->first_infoset[player]; i < t->first_infoset[player + 1]; i++) {
      gint32 o = offset[i];
      update_any(regret + o, current + o, values + o, sum + o, offset[i + 1] - o,
                 w->average * cfr->own_sum[i], w, variant);
    }
    return;
  }

  agon__tree_payoff_values(t, player, reach, values);
  for (gint32 i = t->first_infoset[player + 1] - 1; i >= t->first_infoset[player]; i--) {
    gint32 o = offset[i];
    double own = w->average * histories[i] * reach[parent[i]];
    double v =
      update_any(regret + o, current + o, values + o, sum + o, offset[i + 1] - o, own, w, variant);
    values[parent[i]] += v;
  }
  agon__tree_reach_player(t, player, current, reach);
}

static void
pass(Cfr *cfr, int player, const Weights *w)
{
  switch (cfr->variant) {
  case CFR_VANILLA:
    pass_variant(cfr, player, w, CFR_VANILLA);
    break;
  case CFR_PLUS:
    pass_variant(cfr, player, w, CFR_PLUS);
    break;
  case CFR_LINEAR:
    pass_variant(cfr, player, w, CFR_LINEAR);
    break;
  case CFR_DISCOUNTED:
    pass_variant(cfr, player, w, CFR_DISCOUNTED);
    break;
  case CFR_PREDICTIVE:
    pass_variant(cfr, player, w, CFR_PREDICTIVE);
    break;
  }
}

static void
cfr_iterate(AgonSolver *solver, gint64 iterations)
{
  Cfr *cfr = (Cfr *) solver;
  for (gint64 k = 0; k < iterations; k++) {
    Weights w = weights_for(cfr, ++solver->iteration);
    for (int p = 0; p < solver->tree->num_players; p++)
      pass(cfr, p, &w);
  }
}

static void
cfr_average_probs(AgonSolver *solver, double *probs)
{
  agon__tree_normalize(solver->tree, ((const Cfr *) solver)->sum, probs);
}

static void
cfr_current_probs(AgonSolver *solver, double *probs)
{
  const Cfr *cfr = (const Cfr *) solver;
  memcpy(probs, cfr->current, sizeof(double) * (gsize) solver->tree->num_slots);
}

static int
cfr_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  Cfr *cfr = (Cfr *) solver;
  gsize n = (gsize) solver->tree->num_slots;
  arrays[0] = (AgonSolverArray) { "regret", AGON_ARRAY_DOUBLE, cfr->regret, n };
  arrays[1] = (AgonSolverArray) { "strategy_sum", AGON_ARRAY_DOUBLE, cfr->sum, n };
  arrays[2] = (AgonSolverArray) { "current", AGON_ARRAY_DOUBLE, cfr->current, n };
  return 3;
}

static void
cfr_restored(AgonSolver *solver)
{
  Cfr *cfr = (Cfr *) solver;
  agon__tree_reach_all(solver->tree, cfr->current, cfr->reach);
}

static gboolean
cfr_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  Cfr *cfr = (Cfr *) solver;
  const AgonTree *t = solver->tree;
  cfr->variant = (CfrVariant) solver->klass->variant;
  if (cfr->variant == CFR_DISCOUNTED) {
    cfr->alpha = agon_params_get_double(params, "alpha");
    cfr->beta = agon_params_get_double(params, "beta");
    cfr->gamma = agon_params_get_double(params, "gamma");
  }
  gsize n = (gsize) t->num_slots;
  cfr->regret = g_new0(double, n + 1);
  cfr->sum = g_new0(double, n + 1);
  cfr->current = g_new(double, n + 1);
  cfr->reach = g_new(double, n + 1);
  cfr->values = g_new0(double, n + 1);
  agon_tree_uniform_probs(t, cfr->current);
  agon__tree_reach_all(t, cfr->current, cfr->reach);
  if (!t->perfect_recall)
    agon__cfr_use_histories(solver);
  return TRUE;
}

void
agon__cfr_use_histories(AgonSolver *solver)
{
  Cfr *cfr = (Cfr *) solver;
  const AgonTree *t = solver->tree;
  g_return_if_fail(solver->klass->init == cfr_init);
  if (cfr->histories)
    return;
  cfr->histories = TRUE;
  cfr->own = g_new(double, t->num_nodes);
  cfr->others = g_new(double, t->num_nodes);
  cfr->node_value = g_new(double, t->num_nodes);
  cfr->own_sum = g_new(double, MAX(t->num_infosets, 1));
}

static void
cfr_finalize(AgonSolver *solver)
{
  Cfr *cfr = (Cfr *) solver;
  g_free(cfr->regret);
  g_free(cfr->sum);
  g_free(cfr->current);
  g_free(cfr->reach);
  g_free(cfr->values);
  g_free(cfr->own);
  g_free(cfr->others);
  g_free(cfr->node_value);
  g_free(cfr->own_sum);
}

static const AgonParamSpec no_params[] = {
  { NULL },
};

static const AgonParamSpec dcfr_params[] = {
  { "alpha", AGON_PARAM_DOUBLE, "1.5", 0, 1e6, "positive regrets kept: t^alpha/(t^alpha+1)" },
  { "beta", AGON_PARAM_DOUBLE, "0", -1e6, 1e6, "negative regrets kept: t^beta/(t^beta+1)" },
  { "gamma", AGON_PARAM_DOUBLE, "2", 0, 1e6, "average strategy weight t^gamma" },
  { NULL },
};

#define CFR_CLASS(cname, sname, cvariant, desc, spec)                                        \
  const AgonSolverClass cname = {                                                            \
    .name = sname,                                                                           \
    .description = desc,                                                                     \
    .params = spec,                                                                          \
    .instance_size = sizeof(Cfr),                                                            \
    .variant = cvariant,                                                                     \
    .needs_perfect_recall = FALSE,                                                            \
    .init = cfr_init,                                                                        \
    .finalize = cfr_finalize,                                                                \
    .iterate = cfr_iterate,                                                                  \
    .average_probs = cfr_average_probs,                                                      \
    .current_probs = cfr_current_probs,                                                      \
    .state_arrays = cfr_state_arrays,                                                        \
    .restored = cfr_restored,                                                                \
  }

CFR_CLASS(agon_cfr_class, "cfr", CFR_VANILLA,
          "counterfactual regret minimization (regret matching, reach-weighted average)",
          no_params);
CFR_CLASS(agon_cfr_plus_class, "cfr+", CFR_PLUS,
          "CFR+: regrets floored at 0, average weighted by t", no_params);
CFR_CLASS(agon_lcfr_class, "lcfr", CFR_LINEAR,
          "linear CFR: regrets and average weighted by t", no_params);
CFR_CLASS(agon_dcfr_class, "dcfr", CFR_DISCOUNTED,
          "discounted CFR: regrets discounted by alpha and beta, average weighted by t^gamma",
          dcfr_params);
CFR_CLASS(agon_pcfr_plus_class, "pcfr+", CFR_PREDICTIVE,
          "predictive CFR+: the last instantaneous regret as prediction, average weighted by t^2",
          no_params);
