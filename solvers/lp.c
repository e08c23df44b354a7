/* agon: exact equilibria of two-player zero-sum games by linear programming.
 *
 * The sequence-form LP of von Stengel, "Efficient computation of behavior
 * strategies" (Games and Economic Behavior 14, 1996, 220-246, section 4)
 * and Koller, Megiddo and von Stengel (same volume, 247-259).
 * Player 0 chooses a realization plan x over its sequences (the empty
 * sequence and its slots) with E x = e, x >= 0: x[empty] = 1 and, for each
 * information set I, sum_a x[I, a] = x[parent(I)]. Player 1's plan y obeys
 * F y = f, y >= 0 in the same way. With A the sequence-form payoff matrix
 * of player 0 (the tree's AgonPayoffMatrix: A[s, t] sums chance reach *
 * player 0's return over the terminals whose last sequences are s and t),
 * player 0's value max_x min_y x' A y is, by LP duality of the inner
 * minimum over y:
 *
 *   maximize q[0]  over x >= 0 and free q (one per row of F)
 *   subject to E x = e,  F' q - A' x <= 0.
 *
 * q[0] goes with F's row y[empty] = 1 and q[J] with player 1's information
 * set J, so the constraint of player 1's sequence t reads
 * q[own(t)] - sum_{J below t} q[J] <= (A' x)[t], where own(t) is t's
 * information set (row 0 for the empty sequence). The duals of those
 * constraints are a minimizing y: the optimal plan of player 1 (the dual
 * LP is player 1's own sequence-form LP). One solve gives both players'
 * strategies and the value. A two-player matrix game compiles to one
 * information set per player (the simultaneous move sequentialized), where
 * this is the textbook normal-form LP: max v s.t. v <= (x' A)_b for every
 * column b.
 *
 * Only player 0's returns enter, so a constant-sum game needs no change:
 * with u1 = c - u0, player 1 minimizing u0 maximizes u1, and the constant
 * drops out; player 1's value is c - v. Games with other than two players
 * or that are not constant-sum are refused (their equilibria are not LP
 * solutions), and so are trees without perfect recall (no sequence form).
 *
 * Behavioural strategies come back from the plans as
 * probs[I, a] = x[I, a] / sum_b x[I, b]; information sets the plan reaches
 * with probability 0 get the uniform strategy (any choice there is as good:
 * the plan, and so every value, does not depend on it).
 *
 * When the solve happens. The LP is built and solved when the solver is
 * created, because that is where a failure (GLPK's status) can reach the
 * caller as a GError: iterate() cannot fail. Iteration 1 then makes the
 * solution the solver's policy (average and current are the same); later
 * iterations change nothing but the count. Before iteration 1 the policy is
 * uniform, as every solver's is. The state a checkpoint stores is the
 * solution and the value; loading one solves again (the result is the
 * same) and then takes the stored arrays.
 *
 * GLPK's double-precision simplex (glp_simplex) runs first, on the scaled
 * problem; with exact=true, glp_exact then continues from its final basis
 * in rational arithmetic, so the basis it ends on is optimal exactly (the
 * solution kept is that basis's, rounded to doubles). Threads: GLPK keeps
 * its environment in thread-local storage when built with it (Debian's
 * libglpk 5.0 is: it has a TLS segment); older or other builds share one
 * environment, and then only one thread may solve at a time. One solve at
 * a time per thread is always fine, and a solve is all this file does with
 * GLPK. Terminal output is switched off for the solve and restored after.
 * GLPK aborts the process on an internal error (glp_error) rather than
 * returning; the LP built here is always feasible and bounded, so only its
 * documented return codes are expected. */
#include "solvers/solvers-private.h"

#include <glpk.h>
#include <math.h>

typedef struct {
  AgonSolver base;
  gboolean exact;
  double *solution; /* num_slots: both players' behavioural strategies */
  double value;     /* player 0's value; in a checkpoint as "value" */
} Lp;

/* The LP's layout. Columns (GLPK counts from 1): x[empty], player 0's
 * slots, q[0], player 1's information sets. Rows: x[empty] = 1, player 0's
 * information sets, then player 1's empty sequence and slots. */
typedef struct {
  gint32 slot0, slots0;       /* player 0's first slot and count */
  gint32 slot1, slots1;       /* player 1's */
  gint32 infoset0, infosets0; /* player 0's first information set and count */
  gint32 infoset1, infosets1;
  int num_rows, num_cols;
} Layout;

static Layout
layout_of(const AgonTree *t)
{
  const gint32 *first = t->first_infoset, *offset = t->infoset_offset;
  Layout l = {
    .slot0 = offset[first[0]],
    .slots0 = offset[first[1]] - offset[first[0]],
    .slot1 = offset[first[1]],
    .slots1 = offset[first[2]] - offset[first[1]],
    .infoset0 = first[0],
    .infosets0 = first[1] - first[0],
    .infoset1 = first[1],
    .infosets1 = first[2] - first[1],
  };
  l.num_cols = 1 + l.slots0 + 1 + l.infosets1;
  l.num_rows = 1 + l.infosets0 + 1 + l.slots1;
  return l;
}

/* Column of player 0's sequence @s (num_slots for the empty one). */
static int
x_col(const AgonTree *t, const Layout *l, gint32 s)
{
  return s == t->num_slots ? 1 : 2 + (s - l->slot0);
}

/* Column of q for player 1's information set @i, or q[0] for -1. */
static int
q_col(const Layout *l, gint32 i)
{
  return i < 0 ? 2 + l->slots0 : 3 + l->slots0 + (i - l->infoset1);
}

/* Row of player 1's sequence @s (num_slots for the empty one). */
static int
y_row(const AgonTree *t, const Layout *l, gint32 s)
{
  int base = 2 + l->infosets0;
  return s == t->num_slots ? base : base + 1 + (s - l->slot1);
}

/* The coefficient lists for glp_load_matrix(), 1-based. */
typedef struct {
  int n;
  int *row, *col;
  double *val;
} Triplets;

static void
put(Triplets *m, int row, int col, double val)
{
  m->n++;
  m->row[m->n] = row;
  m->col[m->n] = col;
  m->val[m->n] = val;
}

static glp_prob *
build(const AgonTree *t, const Layout *l)
{
  const gint32 *offset = t->infoset_offset, *parent = t->infoset_parent;
  const AgonPayoffMatrix *a = &t->payoff[0];
  /* E: 1 + per information set its slots and its parent; F': per
   * information set of player 1 the same; q[0]; -A'. */
  gsize max = 1 + (gsize) l->infosets0 + l->slots0 + 1 + (gsize) l->infosets1 + l->slots1
              + (gsize) a->num_entries;
  Triplets m = {
    .row = g_new(int, max + 1),
    .col = g_new(int, max + 1),
    .val = g_new(double, max + 1),
  };

  glp_prob *lp = glp_create_prob();
  glp_set_obj_dir(lp, GLP_MAX);
  glp_add_rows(lp, l->num_rows);
  glp_add_cols(lp, l->num_cols);

  /* E x = e. */
  glp_set_row_bnds(lp, 1, GLP_FX, 1, 1);
  put(&m, 1, 1, 1);
  for (gint32 i = l->infoset0; i < l->infoset0 + l->infosets0; i++) {
    int row = 2 + (i - l->infoset0);
    glp_set_row_bnds(lp, row, GLP_FX, 0, 0);
    put(&m, row, x_col(t, l, parent[i]), -1);
    for (gint32 s = offset[i]; s < offset[i + 1]; s++)
      put(&m, row, x_col(t, l, s), 1);
  }
  for (int c = 1; c <= 1 + l->slots0; c++)
    glp_set_col_bnds(lp, c, GLP_LO, 0, 0);

  /* F' q - A' x <= 0, one row per sequence of player 1. */
  for (int r = y_row(t, l, t->num_slots); r <= l->num_rows; r++)
    glp_set_row_bnds(lp, r, GLP_UP, 0, 0);
  glp_set_col_bnds(lp, q_col(l, -1), GLP_FR, 0, 0);
  glp_set_obj_coef(lp, q_col(l, -1), 1);
  put(&m, y_row(t, l, t->num_slots), q_col(l, -1), 1);
  for (gint32 j = l->infoset1; j < l->infoset1 + l->infosets1; j++) {
    int c = q_col(l, j);
    glp_set_col_bnds(lp, c, GLP_FR, 0, 0);
    put(&m, y_row(t, l, parent[j]), c, -1);
    for (gint32 s = offset[j]; s < offset[j + 1]; s++)
      put(&m, y_row(t, l, s), c, 1);
  }
  /* The tree merged terminals by their tuple of sequences, so each (s, t)
   * pair appears once, as glp_load_matrix() requires. */
  for (gint32 r = 0; r < a->num_rows; r++)
    for (gint32 k = a->row_start[r]; k < a->row_start[r + 1]; k++)
      put(&m, y_row(t, l, a->cols[k]), x_col(t, l, a->row_slot[r]), -a->vals[k]);

  g_assert((gsize) m.n <= max);
  glp_load_matrix(lp, m.n, m.row, m.col, m.val);
  g_free(m.row);
  g_free(m.col);
  g_free(m.val);
  return lp;
}

/* Behavioural strategies at @player's information sets from a realization
 * plan given per slot by @plan. Dividing by the plan's total at I rather
 * than by x[parent(I)] keeps the rows summing to 1 exactly. */
static void
behaviour(const AgonTree *t, int player, const double *plan, double *probs)
{
  const gint32 *offset = t->infoset_offset;
  for (gint32 i = t->first_infoset[player]; i < t->first_infoset[player + 1]; i++) {
    gint32 o = offset[i], n = offset[i + 1] - o;
    double total = 0;
    /* Rounding can leave a basic variable a hair below 0. */
    for (gint32 k = 0; k < n; k++)
      total += MAX(plan[o + k], 0);
    for (gint32 k = 0; k < n; k++)
      probs[o + k] = total > 0 ? MAX(plan[o + k], 0) / total : 1.0 / n;
  }
}

static const char *
status_name(int status)
{
  switch (status) {
  case GLP_OPT:
    return "optimal";
  case GLP_FEAS:
    return "feasible";
  case GLP_INFEAS:
    return "infeasible";
  case GLP_NOFEAS:
    return "no feasible solution";
  case GLP_UNBND:
    return "unbounded";
  case GLP_UNDEF:
    return "undefined";
  default:
    return "unknown";
  }
}

/* glp_simplex()'s and glp_exact()'s return codes. */
static const char *
failure_name(int code)
{
  switch (code) {
  case GLP_EBADB:
    return "invalid initial basis";
  case GLP_ESING:
    return "singular basis matrix";
  case GLP_ECOND:
    return "ill-conditioned basis matrix";
  case GLP_EBOUND:
    return "incorrect bounds";
  case GLP_EFAIL:
    return "solver failure";
  case GLP_EITLIM:
    return "iteration limit reached";
  case GLP_ETMLIM:
    return "time limit reached";
  default:
    return "error";
  }
}

/* Runs the simplex (and glp_exact() after it when asked) on @lp. */
static gboolean
run(Lp *lp_solver, glp_prob *lp, GError **error)
{
  const char *game = agon_game_get_string(lp_solver->base.tree->game);
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  glp_scale_prob(lp, GLP_SF_AUTO);
  glp_adv_basis(lp, 0);
  int code = glp_simplex(lp, &parm);
  const char *stage = "glp_simplex";
  if (code == 0 && lp_solver->exact) {
    code = glp_exact(lp, &parm);
    stage = "glp_exact";
  }
  if (code != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: lp: GLPK's %s failed: %s (code %d)",
                game, stage, failure_name(code), code);
    return FALSE;
  }
  int status = glp_get_status(lp);
  if (status != GLP_OPT) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
                "%s: lp: GLPK's %s ended without an optimum: %s (status %d)", game, stage,
                status_name(status), status);
    return FALSE;
  }
  return TRUE;
}

static gboolean
solve(Lp *s, GError **error)
{
  const AgonTree *t = s->base.tree;
  Layout l = layout_of(t);
  int old = glp_term_out(GLP_OFF);
  glp_prob *lp = build(t, &l);
  gboolean ok = run(s, lp, error);
  if (ok) {
    s->value = glp_get_obj_val(lp);
    g_autofree double *plan = g_new0(double, (gsize) t->num_slots + 1);
    for (gint32 k = 0; k < l.slots0; k++)
      plan[l.slot0 + k] = glp_get_col_prim(lp, x_col(t, &l, l.slot0 + k));
    /* In a maximization a <= row's dual is >= 0, the objective's rate of
     * change with the row's bound: these are y, with F y = f, the solution
     * of the dual LP, which is player 1's own sequence-form LP. */
    for (gint32 k = 0; k < l.slots1; k++)
      plan[l.slot1 + k] = glp_get_row_dual(lp, y_row(t, &l, l.slot1 + k));
    behaviour(t, 0, plan, s->solution);
    behaviour(t, 1, plan, s->solution);
  }
  glp_delete_prob(lp);
  glp_term_out(old);
  return ok;
}

static gboolean
lp_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  Lp *s = (Lp *) solver;
  const AgonTree *t = solver->tree;
  const char *game = agon_game_get_string(t->game);
  if (t->num_players != 2) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: lp solves two-player games only, not %d players", game, t->num_players);
    return FALSE;
  }
  AgonUtility utility = agon_game_get_type(t->game)->utility;
  if (utility != AGON_UTILITY_ZERO_SUM && utility != AGON_UTILITY_CONSTANT_SUM) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: lp needs a zero-sum or constant-sum game", game);
    return FALSE;
  }
  /* The class asks solver.c to check perfect recall, so the tree has its
   * payoff matrices. */
  g_assert(t->payoff != NULL);
  s->exact = agon_params_get_bool(params, "exact");
  s->solution = g_new(double, (gsize) t->num_slots + 1);
  return solve(s, error);
}

static void
lp_finalize(AgonSolver *solver)
{
  Lp *s = (Lp *) solver;
  g_free(s->solution);
}

static void
lp_iterate(AgonSolver *solver, gint64 iterations)
{
  solver->iteration += iterations;
}

static void
lp_probs(AgonSolver *solver, double *probs)
{
  const Lp *s = (const Lp *) solver;
  if (solver->iteration > 0)
    memcpy(probs, s->solution, sizeof(double) * (gsize) solver->tree->num_slots);
  else
    agon_tree_uniform_probs(solver->tree, probs);
}

static int
lp_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  Lp *s = (Lp *) solver;
  arrays[0] = (AgonSolverArray) { "solution", AGON_ARRAY_DOUBLE, s->solution,
                                  (gsize) solver->tree->num_slots };
  arrays[1] = (AgonSolverArray) { "value", AGON_ARRAY_DOUBLE, &s->value, 1 };
  return 2;
}

double
agon__lp_get_value(const AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL && solver->klass->init == lp_init, NAN);
  return ((const Lp *) solver)->value;
}

static const AgonParamSpec lp_params[] = {
  { "exact", AGON_PARAM_BOOL, "false", 0, 0,
    "after the simplex, make the final basis exactly optimal in rational arithmetic" },
  { NULL },
};

const AgonSolverClass agon_lp_class = {
  .name = "lp",
  .description = "sequence-form linear program (GLPK): exact, two-player zero-sum only; "
                 "one iteration solves",
  .params = lp_params,
  .instance_size = sizeof(Lp),
  .needs_perfect_recall = TRUE,
  .init = lp_init,
  .finalize = lp_finalize,
  .iterate = lp_iterate,
  .average_probs = lp_probs,
  .current_probs = lp_probs,
  .state_arrays = lp_state_arrays,
};
