/* agon: equilibrium solvers behind one interface.
 *
 * A solver is created by name from a spec string with the parameter syntax
 * of game strings ("cfr+", "dcfr(alpha=1.5,beta=0,gamma=2)") and a compiled
 * game (tree.h). It then runs iterations, and offers at any point its
 * current policy and its average policy, the one that converges to an
 * equilibrium. Its whole state saves to a checkpoint file and loads back:
 * N iterations, save, load, M iterations gives bit for bit what N + M
 * uninterrupted iterations give.
 *
 * The solvers:
 *   cfr     counterfactual regret minimization with regret matching; the
 *           average weighted by the player's own reach probability
 *   cfr+    regrets floored at 0 after every update; average weighted by t
 *   lcfr    linear CFR: regrets and average weighted by t
 *   dcfr    discounted CFR (alpha, beta, gamma; defaults 1.5, 0, 2): after
 *           iteration t, positive regrets times t^a / (t^a + 1), negative
 *           ones times t^b / (t^b + 1); average weighted by t^gamma
 *   pcfr+   predictive CFR+: regrets as in CFR+, the strategy from the
 *           positive part of regret plus the last instantaneous regret;
 *           average weighted by t^2
 *   es-mccfr, os-mccfr  Monte Carlo CFR, external and outcome sampling
 *           (Lanctot et al. 2009) with OpenSpiel's conventions, seeded; they
 *           walk the game through the game API and can run without a tree
 *           (agon_solver_new_for_game()); see solvers/mccfr.c
 *   ftrl    follow-the-regularized-leader with the dilated entropy on the
 *           sequence form (eta; alternating); see solvers/ftrl.c
 *   mmd     magnetic mirror descent with the dilated entropy (alpha, eta,
 *           anneal, magnet_every, nash, weights; simultaneous updates by
 *           default): the current policy converges to the alpha-QRE, or
 *           with annealing or a moving magnet towards Nash; see
 *           solvers/mmd.c. ftrl and mmd need perfect recall
 *   balanced-ftrl  trajectory-feedback FTRL (Fiegel et al., ICML 2023): one
 *           sampled episode per iteration, importance-weighted losses with
 *           implicit exploration, the balanced dilated entropy; seeded;
 *           two-player zero-sum; see solvers/balanced-ftrl.c
 *   adaptive-ftrl  the same feedback, with the dilated entropy's weights
 *           learnt from importance-weighted visit counts instead of the
 *           tree's shape (Fiegel et al.); seeded; see solvers/adaptive-ftrl.c
 *           (what the two share: solvers/trajectory-ftrl.c)
 *   lp      the exact equilibrium of a two-player zero-sum (or constant-sum)
 *           game by the sequence-form linear program, solved with GLPK when
 *           the solver is created (exact=true adds a rational-arithmetic
 *           pass); iteration 1 adopts the solution; see solvers/lp.c
 * The CFR family uses alternating updates (player 0, then 1, ... within an iteration),
 * count iterations from 1, accumulate the average at every history of an
 * information set, and handle any number of players. Vanilla CFR and CFR+
 * reproduce OpenSpiel's numbers. On a tree with perfect recall an
 * iteration runs on the sequence form; without it (goofspiel's information
 * states forget the order of past bids) on the histories, as OpenSpiel's
 * cfr.py does, which is slower and carries no convergence guarantee.
 *
 * Policies travel as flat arrays of the tree's num_slots probabilities or
 * as AgonPolicy objects (policy.h). A solver belongs to one thread at a
 * time; iterations allocate nothing. */
#pragma once

#include <agon/tree.h>
#include <agon/policy.h>

G_BEGIN_DECLS

typedef struct AgonSolver AgonSolver;

/* Creates the solver named by @spec on @tree. Errors: AGON_ERROR_PARSE
 * (malformed spec), AGON_ERROR_UNKNOWN_NAME (no such solver; the message
 * lists them), AGON_ERROR_UNKNOWN_PARAMETER, AGON_ERROR_INVALID_VALUE,
 * AGON_ERROR_UNSUPPORTED (the tree lacks what the solver needs, such as
 * perfect recall, or lp on a game with three players), AGON_ERROR_FAILED
 * (lp: GLPK could not solve). Returns a new solver holding a reference to
 * @tree (free with agon_solver_free()), or NULL. */
AGON_API AgonSolver *agon_solver_new(AgonTree *tree, const char *spec, GError **error);
/* Creates the solver named by @spec on @game alone, without compiling it,
 * for the solvers that need no tree (es-mccfr, os-mccfr), so that games too
 * large to compile can be solved. Such a solver has no tree: the slot-order
 * calls (agon_solver_get_*_probs, agon_solver_get_*_policy) are not
 * available; agon_solver_get_average_policy_json() is. Errors as
 * agon_solver_new(), and AGON_ERROR_UNSUPPORTED for a solver that runs on a
 * tree or a game the solver cannot play (simultaneous moves, no
 * information-state strings). Returns a new solver holding a reference to
 * @game (free with agon_solver_free()), or NULL. */
AGON_API AgonSolver *agon_solver_new_for_game(AgonGame *game, const char *spec,
                                              GError **error);
AGON_API void agon_solver_free(AgonSolver *solver);

/* Runs @iterations more iterations. */
AGON_API void agon_solver_iterate(AgonSolver *solver, gint64 iterations);
/* The number of iterations run so far (including those before a
 * checkpoint was saved). */
AGON_API gint64 agon_solver_get_iteration(const AgonSolver *solver);

/* The solver's name ("dcfr"). Static. */
AGON_API const char *agon_solver_get_name(const AgonSolver *solver);
/* The spec with every parameter resolved ("dcfr(alpha=1.5,beta=0,gamma=2)"),
 * which recreates the same solver. Owned by the solver. */
AGON_API const char *agon_solver_get_spec(const AgonSolver *solver);
/* Borrowed; NULL for a solver made by agon_solver_new_for_game(). */
AGON_API AgonTree *agon_solver_get_tree(const AgonSolver *solver);
/* The game the solver plays. Borrowed. */
AGON_API AgonGame *agon_solver_get_game(const AgonSolver *solver);

/* Write the average (or current) policy as num_slots probabilities into
 * @probs. Information sets never reached get the uniform policy. These and
 * the two calls below need the solver's tree. */
AGON_API void agon_solver_get_average_probs(AgonSolver *solver, double *probs);
AGON_API void agon_solver_get_current_probs(AgonSolver *solver, double *probs);
/* The same as new policies; release with agon_policy_unref(). */
AGON_API AgonPolicy *agon_solver_get_average_policy(AgonSolver *solver);
AGON_API AgonPolicy *agon_solver_get_current_policy(AgonSolver *solver);
/* The average policy as policy JSON (the format of policy.h), with or
 * without a tree. A tree solver writes every information set; an MCCFR
 * solver writes those it has met, in the order it met them (load the file
 * with AGON_POLICY_LOAD_FILL_UNIFORM: the others play uniformly). Free
 * with g_free(). */
AGON_API char *agon_solver_get_average_policy_json(AgonSolver *solver);
/* Writes that JSON to @path. Returns FALSE with AGON_ERROR_FAILED when the
 * file cannot be written. */
AGON_API gboolean agon_solver_save_average_policy(AgonSolver *solver, const char *path,
                                                  GError **error);

/* ---- Checkpoints -------------------------------------------------------- */

/* Saves the solver's whole state to @path (written to a temporary file and
 * renamed, so a crash never leaves half a checkpoint). The file records the
 * spec, the game string, the iteration and the tree's fingerprint (none
 * for a solver made by agon_solver_new_for_game()); an MCCFR solver's
 * checkpoint holds its table and random state too. Returns FALSE with
 * AGON_ERROR_FAILED when the file cannot be written, and with
 * AGON_ERROR_UNSUPPORTED for a solver without checkpoints. */
AGON_API gboolean agon_solver_save(AgonSolver *solver, const char *path, GError **error);

/* Recreates a saved solver on @tree, which must be a compilation of the
 * checkpoint's game (and, when the checkpoint was made on a tree, the same
 * compilation). A checkpoint made on the game alone (es-mccfr, os-mccfr)
 * loads here too, and the solver then has @tree. Returns a new solver
 * (free with agon_solver_free()), or NULL with AGON_ERROR_FAILED when the
 * file cannot be read, or AGON_ERROR_BAD_FILE when it is not a checkpoint,
 * is truncated or corrupt, or was made on another game or tree. */
AGON_API AgonSolver *agon_solver_load(AgonTree *tree, const char *path, GError **error);

/* Recreates a saved solver on @game alone, without a tree, as
 * agon_solver_new_for_game() creates one: for the solvers that need no
 * tree (es-mccfr, os-mccfr), whether their checkpoint was made on a tree or
 * not. The checkpoint's game string must be @game's. Returns a new solver
 * holding a reference to @game (free with agon_solver_free()), or NULL with
 * the errors of agon_solver_load(), and AGON_ERROR_UNSUPPORTED when the
 * checkpoint's solver runs on a tree (load it with agon_solver_load()). */
AGON_API AgonSolver *agon_solver_load_for_game(AgonGame *game, const char *path,
                                               GError **error);

/* Reads the header of a checkpoint without loading it, so that a caller can
 * create the right game and tree first (or, for a game too large to
 * compile, call agon_solver_load_for_game()). Each out-parameter may be
 * NULL; strings are new (free with g_free()). Errors as agon_solver_load(). */
AGON_API gboolean agon_solver_read_checkpoint_info(const char *path, char **spec,
                                                   char **game_string, gint64 *iteration,
                                                   GError **error);

/* ---- The registry ------------------------------------------------------- */

/* Names of every solver, NULL-terminated. Static. */
AGON_API const char *const *agon_solver_list_names(void);
/* A one-line description of the solver @name, or NULL. Static. */
AGON_API const char *agon_solver_lookup_description(const char *name);
/* The parameters of the solver @name, ending with a NULL name, or NULL.
 * Static. */
AGON_API const AgonParamSpec *agon_solver_lookup_param_specs(const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonSolver, agon_solver_free)

G_END_DECLS
