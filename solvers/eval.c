/* agon: policy values, best responses, NashConv and exploitability.
 *
 * With perfect recall it all runs on the sequence form (solvers-private.h).
 * One pass over the information sets gives every slot's reach under the
 * profile. Then, per player p: the payoff matrix against the other
 * players' reaches gives p's values by sequence; their dot product with
 * p's own reaches is p's policy value, and a sweep up p's information sets,
 * children first, that adds each information set's best action value to
 * its parent sequence, ends at the empty sequence with p's best-response
 * value. With perfect recall that sweep is an exact best response: p's
 * choice at an information set cannot change which of its other
 * information sets are reached below another action.
 *
 * Without perfect recall the same quantities come from the histories, as
 * OpenSpiel computes them: values by one pass over the nodes, and a best
 * response decided information set by information set, each one after
 * every information set of the player below any of its histories, picking
 * the action with the most counterfactual value given the choices already
 * made below. A game where a player's information set lies below itself
 * has no such order and is refused.
 *
 * Values are always from the point of view of the player they belong to. */
#include "solvers/solvers-private.h"

#include <math.h>

struct AgonEvaluator {
  AgonTree *tree;
  double *reach;  /* num_slots + 1 */
  double *values; /* num_slots + 1 */

  /* The history-based evaluation. */
  gboolean histories;
  double *node_reach;    /* num_nodes */
  double *node_value;    /* num_nodes, valid where stamp == generation */
  guint32 *stamp;
  guint32 generation;
  gint32 *order;         /* each player's information sets, the ones below first */
  gint32 *members_start; /* num_infosets + 1 */
  gint32 *members;       /* each information set's decision nodes */
  gint32 *decision;      /* per information set: the best response's slot */
  const double *probs;   /* the policy being evaluated, during a call */
};

/* Lists each information set's histories and orders each player's
 * information sets so that every one comes after those below it (Kahn's
 * algorithm on "has a history below a history of"). Fails when a player's
 * information set lies below itself. */
static gboolean
prepare_histories(AgonEvaluator *ev, GError **error)
{
  const AgonTree *t = ev->tree;
  gint32 nodes = t->num_nodes, count = t->num_infosets;
  ev->histories = TRUE;
  ev->node_reach = g_new(double, nodes);
  ev->node_value = g_new(double, nodes);
  ev->stamp = g_new0(guint32, nodes);
  ev->order = g_new(gint32, MAX(count, 1));
  ev->members_start = g_new0(gint32, count + 1);
  ev->members = g_new(gint32, MAX(nodes, 1));
  ev->decision = g_new(gint32, MAX(count, 1));

  for (gint32 v = 0; v < nodes; v++)
    if (t->kind[v] == AGON_NODE_DECISION)
      ev->members_start[t->index[v] + 1]++;
  for (gint32 i = 0; i < count; i++)
    ev->members_start[i + 1] += ev->members_start[i];
  g_autofree gint32 *fill = g_memdup2(ev->members_start, sizeof(gint32) * (gsize) (count + 1));
  for (gint32 v = 0; v < nodes; v++)
    if (t->kind[v] == AGON_NODE_DECISION)
      ev->members[fill[t->index[v]]++] = v;

  /* above[v]: the closest decision node of player p above v, or -1. */
  g_autofree gint32 *above = g_new(gint32, MAX(nodes, 1));
  g_autofree gint32 *pending = g_new0(gint32, MAX(count, 1));
  g_autofree gint32 *waiting_start = g_new0(gint32, count + 1);
  g_autofree gint32 *waiting = g_new(gint32, MAX(nodes, 1));
  for (int p = 0; p < t->num_players; p++) {
    above[0] = -1;
    for (gint32 v = 1; v < nodes; v++) {
      gint32 u = t->parent[v];
      above[v] = t->kind[u] == AGON_NODE_DECISION && t->player[u] == p ? u : above[u];
    }
    /* Edges: the information set of above[v] waits for that of v. */
    memset(waiting_start, 0, sizeof(gint32) * (gsize) (count + 1));
    for (gint32 v = 0; v < nodes; v++) {
      if (t->kind[v] != AGON_NODE_DECISION || t->player[v] != p || above[v] < 0)
        continue;
      gint32 i = t->index[above[v]], j = t->index[v];
      if (i == j) {
        g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                    "%s: information set '%s' of player %d lies below itself; its best "
                    "response is not defined", t->game_string, t->infoset_string[i], p);
        return FALSE;
      }
      pending[i]++;
      waiting_start[j + 1]++;
    }
    for (gint32 i = 0; i < count; i++)
      waiting_start[i + 1] += waiting_start[i];
    memcpy(fill, waiting_start, sizeof(gint32) * (gsize) (count + 1));
    for (gint32 v = 0; v < nodes; v++)
      if (t->kind[v] == AGON_NODE_DECISION && t->player[v] == p && above[v] >= 0)
        waiting[fill[t->index[v]]++] = t->index[above[v]];

    gint32 begin = t->first_infoset[p], end = t->first_infoset[p + 1], done = begin;
    for (gint32 i = begin; i < end; i++)
      if (pending[i] == 0)
        ev->order[done++] = i;
    for (gint32 next = begin; next < done; next++) {
      gint32 j = ev->order[next];
      for (gint32 e = waiting_start[j]; e < waiting_start[j + 1]; e++)
        if (--pending[waiting[e]] == 0)
          ev->order[done++] = waiting[e];
    }
    if (done != end) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                  "%s: player %d's information sets lie below one another in a cycle; a best "
                  "response is not defined", t->game_string, p);
      return FALSE;
    }
  }
  return TRUE;
}

AgonEvaluator *
agon__evaluator_new(AgonTree *tree, gboolean histories, GError **error)
{
  g_autoptr(AgonEvaluator) ev = g_new0(AgonEvaluator, 1);
  ev->tree = agon_tree_ref(tree);
  ev->reach = g_new(double, tree->num_slots + 1);
  ev->values = g_new(double, tree->num_slots + 1);
  if ((histories || !tree->perfect_recall) && !prepare_histories(ev, error))
    return NULL;
  return g_steal_pointer(&ev);
}

AgonEvaluator *
agon_evaluator_new(AgonTree *tree, GError **error)
{
  g_return_val_if_fail(tree != NULL, NULL);
  return agon__evaluator_new(tree, FALSE, error);
}

void
agon_evaluator_free(AgonEvaluator *evaluator)
{
  if (evaluator == NULL)
    return;
  agon_tree_unref(evaluator->tree);
  g_free(evaluator->reach);
  g_free(evaluator->values);
  g_free(evaluator->node_reach);
  g_free(evaluator->node_value);
  g_free(evaluator->stamp);
  g_free(evaluator->order);
  g_free(evaluator->members_start);
  g_free(evaluator->members);
  g_free(evaluator->decision);
  g_free(evaluator);
}

/* ---- The history-based evaluation --------------------------------------- */

static void
history_policy_values(AgonEvaluator *ev, const double *probs, double *values)
{
  const AgonTree *t = ev->tree;
  int n = t->num_players;
  agon__tree_node_reaches(t, -1, probs, NULL, ev->node_reach);
  for (int p = 0; p < n; p++)
    values[p] = 0;
  for (gint32 v = 0; v < t->num_nodes; v++)
    if (t->kind[v] == AGON_NODE_TERMINAL)
      for (int p = 0; p < n; p++)
        values[p] += ev->node_reach[v] * t->returns[(gsize) t->index[v] * n + p];
}

/* The value for @player of the subtree at @v, with @player's information
 * sets below it playing their decisions (made already) and everyone else
 * ev->probs. Remembered until the next best response. */
static double
node_value(AgonEvaluator *ev, int player, gint32 v)
{
  if (ev->stamp[v] == ev->generation)
    return ev->node_value[v];
  const AgonTree *t = ev->tree;
  gint32 c = t->first_child[v], m = t->num_children[v];
  double x = 0;
  switch (t->kind[v]) {
  case AGON_NODE_TERMINAL:
    x = t->returns[(gsize) t->index[v] * t->num_players + player];
    break;
  case AGON_NODE_CHANCE:
    for (gint32 k = 0; k < m; k++)
      x += t->probability[c + k] * node_value(ev, player, c + k);
    break;
  case AGON_NODE_DECISION: {
    gint32 i = t->index[v], o = t->infoset_offset[i];
    if (t->player[v] == player) {
      x = node_value(ev, player, c + ev->decision[i] - o);
    } else {
      for (gint32 k = 0; k < m; k++)
        if (ev->probs[o + k] > 0)
          x += ev->probs[o + k] * node_value(ev, player, c + k);
    }
    break;
  }
  }
  ev->stamp[v] = ev->generation;
  ev->node_value[v] = x;
  return x;
}

static double
history_best_response(AgonEvaluator *ev, const double *probs, int player, double *br_probs)
{
  const AgonTree *t = ev->tree;
  if (++ev->generation == 0) {
    memset(ev->stamp, 0, sizeof(guint32) * (gsize) t->num_nodes);
    ev->generation = 1;
  }
  ev->probs = probs;
  agon__tree_node_reaches(t, player, probs, NULL, ev->node_reach);
  double *q = ev->values;
  for (gint32 j = t->first_infoset[player]; j < t->first_infoset[player + 1]; j++) {
    gint32 i = ev->order[j], o = t->infoset_offset[i], m = t->infoset_num_actions[i];
    for (gint32 k = 0; k < m; k++)
      q[k] = 0;
    for (gint32 e = ev->members_start[i]; e < ev->members_start[i + 1]; e++) {
      gint32 h = ev->members[e], c = t->first_child[h];
      if (ev->node_reach[h] == 0)
        continue;
      for (gint32 k = 0; k < m; k++)
        q[k] += ev->node_reach[h] * node_value(ev, player, c + k);
    }
    gint32 best = 0;
    for (gint32 k = 1; k < m; k++)
      if (q[k] > q[best])
        best = k;
    ev->decision[i] = o + best;
    if (br_probs != NULL)
      for (gint32 k = 0; k < m; k++)
        br_probs[o + k] = k == best;
  }
  double value = node_value(ev, player, 0);
  ev->probs = NULL;
  return value;
}

AgonTree *
agon_evaluator_get_tree(const AgonEvaluator *evaluator)
{
  g_return_val_if_fail(evaluator != NULL, NULL);
  return evaluator->tree;
}

/* Fills ev->values with @player's values by sequence (ev->reach must be
 * current) and returns @player's policy value. */
static double
player_values(AgonEvaluator *ev, int player)
{
  const AgonTree *t = ev->tree;
  double *values = ev->values;
  const double *reach = ev->reach;
  agon__tree_payoff_values(t, player, reach, values);
  gint32 begin = t->infoset_offset[t->first_infoset[player]];
  gint32 end = t->infoset_offset[t->first_infoset[player + 1]];
  double v = values[t->num_slots];
  for (gint32 s = begin; s < end; s++)
    v += reach[s] * values[s];
  return v;
}

/* Sweeps up @player's information sets keeping the best action's value;
 * returns the best-response value. Writes a pure best response into
 * @br_probs when it is not NULL. */
static double
best_response_sweep(AgonEvaluator *ev, int player, double *br_probs)
{
  const AgonTree *t = ev->tree;
  double *values = ev->values;
  const gint32 *offset = t->infoset_offset, *parent = t->infoset_parent;
  for (gint32 i = t->first_infoset[player + 1] - 1; i >= t->first_infoset[player]; i--) {
    gint32 best = offset[i];
    for (gint32 s = offset[i] + 1; s < offset[i + 1]; s++)
      if (values[s] > values[best])
        best = s;
    values[parent[i]] += values[best];
    if (br_probs != NULL)
      for (gint32 s = offset[i]; s < offset[i + 1]; s++)
        br_probs[s] = s == best;
  }
  return values[t->num_slots];
}

void
agon_evaluator_policy_values(AgonEvaluator *evaluator, const double *probs, double *values)
{
  g_return_if_fail(evaluator != NULL && probs != NULL && values != NULL);
  if (evaluator->histories) {
    history_policy_values(evaluator, probs, values);
    return;
  }
  agon__tree_reach_all(evaluator->tree, probs, evaluator->reach);
  for (int p = 0; p < evaluator->tree->num_players; p++)
    values[p] = player_values(evaluator, p);
}

double
agon_evaluator_best_response(AgonEvaluator *evaluator, const double *probs, int player,
                             double *br_probs)
{
  g_return_val_if_fail(evaluator != NULL && probs != NULL, NAN);
  g_return_val_if_fail(player >= 0 && player < evaluator->tree->num_players, NAN);
  const AgonTree *t = evaluator->tree;
  if (br_probs != NULL && br_probs != probs)
    memcpy(br_probs, probs, sizeof(double) * (gsize) t->num_slots);
  /* br_probs may be probs: both ways only write @player's slots, which
   * they never read. */
  if (evaluator->histories)
    return history_best_response(evaluator, probs, player, br_probs);
  agon__tree_reach_all(t, probs, evaluator->reach);
  player_values(evaluator, player);
  return best_response_sweep(evaluator, player, br_probs);
}

double
agon_evaluator_nash_conv(AgonEvaluator *evaluator, const double *probs, double *br_values,
                         double *policy_values)
{
  g_return_val_if_fail(evaluator != NULL && probs != NULL, NAN);
  if (evaluator->histories) {
    int n = evaluator->tree->num_players;
    double values[n], nash_conv = 0;
    history_policy_values(evaluator, probs, values);
    for (int p = 0; p < n; p++) {
      double br = history_best_response(evaluator, probs, p, NULL);
      nash_conv += br - values[p];
      if (br_values != NULL)
        br_values[p] = br;
      if (policy_values != NULL)
        policy_values[p] = values[p];
    }
    return nash_conv;
  }
  agon__tree_reach_all(evaluator->tree, probs, evaluator->reach);
  double nash_conv = 0;
  for (int p = 0; p < evaluator->tree->num_players; p++) {
    double value = player_values(evaluator, p);
    double br = best_response_sweep(evaluator, p, NULL);
    nash_conv += br - value;
    if (br_values != NULL)
      br_values[p] = br;
    if (policy_values != NULL)
      policy_values[p] = value;
  }
  return nash_conv;
}

double
agon_evaluator_exploitability(AgonEvaluator *evaluator, const double *probs)
{
  g_return_val_if_fail(evaluator != NULL && probs != NULL, NAN);
  return agon_evaluator_nash_conv(evaluator, probs, NULL, NULL) / evaluator->tree->num_players;
}

/* ---- One-shot versions ------------------------------------------------- */

/* An evaluator for @tree (or the policy's) and the policy's probabilities
 * in its slot order. */
static AgonEvaluator *
prepare(AgonTree *tree, const AgonPolicy *policy, double **probs, GError **error)
{
  if (tree == NULL)
    tree = policy->tree;
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, error);
  if (ev == NULL)
    return NULL;
  g_autofree double *p = g_new(double, MAX(tree->num_slots, 1));
  if (!agon_policy_get_probs_for_tree(policy, tree, p, error))
    return NULL;
  *probs = g_steal_pointer(&p);
  return g_steal_pointer(&ev);
}

gboolean
agon_eval_policy_values(AgonTree *tree, const AgonPolicy *policy, double *values,
                        GError **error)
{
  g_return_val_if_fail(policy != NULL && values != NULL, FALSE);
  g_autofree double *probs = NULL;
  g_autoptr(AgonEvaluator) ev = prepare(tree, policy, &probs, error);
  if (ev == NULL)
    return FALSE;
  agon_evaluator_policy_values(ev, probs, values);
  return TRUE;
}

gboolean
agon_eval_nash_conv(AgonTree *tree, const AgonPolicy *policy, double *nash_conv,
                    double *br_values, double *policy_values, GError **error)
{
  g_return_val_if_fail(policy != NULL, FALSE);
  g_autofree double *probs = NULL;
  g_autoptr(AgonEvaluator) ev = prepare(tree, policy, &probs, error);
  if (ev == NULL)
    return FALSE;
  double v = agon_evaluator_nash_conv(ev, probs, br_values, policy_values);
  if (nash_conv != NULL)
    *nash_conv = v;
  return TRUE;
}

gboolean
agon_eval_exploitability(AgonTree *tree, const AgonPolicy *policy, double *exploitability,
                         GError **error)
{
  g_return_val_if_fail(policy != NULL, FALSE);
  AgonTree *t = tree ? tree : policy->tree;
  AgonUtility utility = agon_game_get_type(t->game)->utility;
  if (utility != AGON_UTILITY_ZERO_SUM && utility != AGON_UTILITY_CONSTANT_SUM) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: exploitability needs a zero-sum or constant-sum game; use NashConv",
                t->game_string);
    return FALSE;
  }
  double nash_conv;
  if (!agon_eval_nash_conv(t, policy, &nash_conv, NULL, NULL, error))
    return FALSE;
  if (exploitability != NULL)
    *exploitability = nash_conv / t->num_players;
  return TRUE;
}

AgonPolicy *
agon_eval_best_response(AgonTree *tree, const AgonPolicy *policy, int player, double *value,
                        GError **error)
{
  g_return_val_if_fail(policy != NULL, NULL);
  AgonTree *t = tree ? tree : policy->tree;
  g_return_val_if_fail(player >= 0 && player < t->num_players, NULL);
  g_autofree double *probs = NULL;
  g_autoptr(AgonEvaluator) ev = prepare(t, policy, &probs, error);
  if (ev == NULL)
    return NULL;
  double v = agon_evaluator_best_response(ev, probs, player, probs);
  if (value != NULL)
    *value = v;
  return agon_policy_new_from_probs(t, probs);
}
