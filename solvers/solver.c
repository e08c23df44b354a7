/* agon: the solver registry and the calls every solver answers.
 *
 * A solver kind is one const AgonSolverClass (solvers-private.h), listed
 * once below; its spec string is parsed and resolved here against the
 * class's parameters, so each solver reads typed values and never parses.
 * Adding a solver (an MCCFR variant, FTRL, an LP) touches its own file and
 * one line here; create, iterate, policies and checkpoints then work for it
 * through this file and checkpoint.c. */
#include "solvers/solvers-private.h"

extern const AgonSolverClass agon_cfr_class;
extern const AgonSolverClass agon_cfr_plus_class;
extern const AgonSolverClass agon_lcfr_class;
extern const AgonSolverClass agon_dcfr_class;
extern const AgonSolverClass agon_pcfr_plus_class;
extern const AgonSolverClass agon_ftrl_class;
extern const AgonSolverClass agon_balanced_ftrl_class;
extern const AgonSolverClass agon_adaptive_ftrl_class;
extern const AgonSolverClass agon_mmd_class;
extern const AgonSolverClass agon_lp_class;
extern const AgonSolverClass agon_es_mccfr_class;
extern const AgonSolverClass agon_os_mccfr_class;

const AgonSolverClass *const agon__solver_classes[] = {
  &agon_cfr_class,
  &agon_cfr_plus_class,
  &agon_lcfr_class,
  &agon_dcfr_class,
  &agon_pcfr_plus_class,
  &agon_ftrl_class,
  &agon_balanced_ftrl_class,
  &agon_adaptive_ftrl_class,
  &agon_mmd_class,
  &agon_lp_class,
  &agon_es_mccfr_class,
  &agon_os_mccfr_class,
  NULL,
};

static const AgonSolverClass *
lookup(const char *name)
{
  for (const AgonSolverClass *const *k = agon__solver_classes; *k; k++)
    if (strcmp((*k)->name, name) == 0)
      return *k;
  return NULL;
}

const char *const *
agon_solver_list_names(void)
{
  static const char **names;
  if (g_once_init_enter(&names)) {
    gsize n = G_N_ELEMENTS(agon__solver_classes) - 1;
    const char **list = g_new0(const char *, n + 1);
    for (gsize i = 0; i < n; i++)
      list[i] = agon__solver_classes[i]->name;
    g_once_init_leave(&names, list);
  }
  return names;
}

const char *
agon_solver_lookup_description(const char *name)
{
  g_return_val_if_fail(name != NULL, NULL);
  const AgonSolverClass *klass = lookup(name);
  return klass ? klass->description : NULL;
}

const AgonParamSpec *
agon_solver_lookup_param_specs(const char *name)
{
  g_return_val_if_fail(name != NULL, NULL);
  const AgonSolverClass *klass = lookup(name);
  return klass ? klass->params : NULL;
}

/* Creates a solver from @params on @tree, or on @game alone when @tree is
 * NULL. */
static AgonSolver *
new_solver(AgonTree *tree, AgonGame *game, const AgonParams *params, GError **error)
{
  const char *name = agon_params_get_name(params);
  const AgonSolverClass *klass = lookup(name);
  if (klass == NULL) {
    g_autoptr(GString) known = g_string_new(NULL);
    for (const AgonSolverClass *const *k = agon__solver_classes; *k; k++)
      g_string_append_printf(known, " %s", (*k)->name);
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME,
                "unknown solver '%s'; known solvers:%s", name, known->str);
    return NULL;
  }
  if (tree == NULL && !klass->tree_optional) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "solver '%s' runs on a compiled tree: create it with agon_solver_new()", name);
    return NULL;
  }
  g_autoptr(AgonParams) resolved = agon_params_resolve(params, klass->params, error);
  if (resolved == NULL)
    return NULL;
  if (tree != NULL && klass->needs_perfect_recall
      && !agon__tree_check_perfect_recall(tree, name, error))
    return NULL;

  AgonSolver *solver = g_malloc0(klass->instance_size);
  solver->klass = klass;
  solver->tree = tree ? agon_tree_ref(tree) : NULL;
  solver->game = agon_game_ref(tree ? tree->game : game);
  /* "cfr+" rather than "cfr+()" for a solver without parameters. */
  solver->spec = agon_params_get_size(resolved) ? agon_params_to_string(resolved) : g_strdup(name);
  if (!klass->init(solver, resolved, error)) {
    agon_solver_free(solver);
    return NULL;
  }
  return solver;
}

AgonSolver *
agon__solver_new_from_params(AgonTree *tree, const AgonParams *params, GError **error)
{
  return new_solver(tree, NULL, params, error);
}

AgonSolver *
agon_solver_new(AgonTree *tree, const char *spec, GError **error)
{
  g_return_val_if_fail(tree != NULL && spec != NULL, NULL);
  g_autoptr(AgonParams) params = agon_params_parse(spec, error);
  if (params == NULL)
    return NULL;
  return agon__solver_new_from_params(tree, params, error);
}

AgonSolver *
agon_solver_new_for_game(AgonGame *game, const char *spec, GError **error)
{
  g_return_val_if_fail(game != NULL && spec != NULL, NULL);
  g_autoptr(AgonParams) params = agon_params_parse(spec, error);
  if (params == NULL)
    return NULL;
  return new_solver(NULL, game, params, error);
}

void
agon_solver_free(AgonSolver *solver)
{
  if (solver == NULL)
    return;
  if (solver->klass->finalize)
    solver->klass->finalize(solver);
  agon_tree_unref(solver->tree);
  agon_game_unref(solver->game);
  g_free(solver->spec);
  g_free(solver);
}

void
agon_solver_iterate(AgonSolver *solver, gint64 iterations)
{
  g_return_if_fail(solver != NULL && iterations >= 0);
  solver->klass->iterate(solver, iterations);
}

gint64
agon_solver_get_iteration(const AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL, 0);
  return solver->iteration;
}

const char *
agon_solver_get_name(const AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL, NULL);
  return solver->klass->name;
}

const char *
agon_solver_get_spec(const AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL, NULL);
  return solver->spec;
}

AgonTree *
agon_solver_get_tree(const AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL, NULL);
  return solver->tree;
}

AgonGame *
agon_solver_get_game(const AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL, NULL);
  return solver->game;
}

void
agon_solver_get_average_probs(AgonSolver *solver, double *probs)
{
  g_return_if_fail(solver != NULL && solver->tree != NULL && probs != NULL);
  solver->klass->average_probs(solver, probs);
}

void
agon_solver_get_current_probs(AgonSolver *solver, double *probs)
{
  g_return_if_fail(solver != NULL && solver->tree != NULL && probs != NULL);
  solver->klass->current_probs(solver, probs);
}

static AgonPolicy *
policy_of(AgonSolver *solver, void (*get)(AgonSolver *, double *))
{
  g_autofree double *probs = g_new(double, MAX(solver->tree->num_slots, 1));
  get(solver, probs);
  return agon_policy_new_from_probs(solver->tree, probs);
}

AgonPolicy *
agon_solver_get_average_policy(AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL && solver->tree != NULL, NULL);
  return policy_of(solver, solver->klass->average_probs);
}

AgonPolicy *
agon_solver_get_current_policy(AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL && solver->tree != NULL, NULL);
  return policy_of(solver, solver->klass->current_probs);
}

char *
agon_solver_get_average_policy_json(AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL, NULL);
  if (solver->klass->average_policy_json)
    return solver->klass->average_policy_json(solver);
  g_return_val_if_fail(solver->tree != NULL, NULL);
  g_autoptr(AgonPolicy) policy = agon_solver_get_average_policy(solver);
  return agon_policy_to_json(policy);
}

gboolean
agon_solver_save_average_policy(AgonSolver *solver, const char *path, GError **error)
{
  g_return_val_if_fail(solver != NULL && path != NULL, FALSE);
  g_autofree char *json = agon_solver_get_average_policy_json(solver);
  g_autoptr(GError) io = NULL;
  if (!g_file_set_contents(path, json, -1, &io)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s", io->message);
    return FALSE;
  }
  return TRUE;
}
