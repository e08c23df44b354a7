/* agon: expected returns, best responses, NashConv and exploitability.
 *
 * Definitions follow OpenSpiel's. For a policy profile pi:
 *  - the policy value of player p is p's expected return when everyone
 *    plays pi;
 *  - the best-response value of p is the most p can expect against the
 *    other players' parts of pi (p's own part replaced by a best response);
 *  - NashConv = sum over players of (best-response value - policy value);
 *  - exploitability = NashConv / number of players. For a constant-sum
 *    game this is OpenSpiel's exploitability; it is 0 exactly at a Nash
 *    equilibrium.
 * All values are from the named player's own point of view: a player's
 * best-response value is that player's return, never the opponent's.
 *
 * The work runs on a compiled tree (tree.h): on its sequence form when it
 * has perfect recall, else on its histories. Without perfect recall the
 * best response is OpenSpiel's: decided information set by information
 * set, each after those of the player below it, by counterfactual value.
 * An AgonEvaluator holds the workspace, so that evaluating a policy given
 * as a flat probability array (num_slots doubles, the tree's slot order)
 * allocates nothing. The agon_eval_*() functions take an AgonPolicy and do
 * the set-up per call. */
#pragma once

#include <agon/tree.h>
#include <agon/policy.h>

G_BEGIN_DECLS

typedef struct AgonEvaluator AgonEvaluator;

/* A workspace for evaluating policies on @tree. Fails with
 * AGON_ERROR_UNSUPPORTED when a player's information set lies below itself
 * (absent-mindedness), where no best response is defined. Returns a new
 * evaluator holding a reference to @tree (free with agon_evaluator_free()),
 * or NULL. An evaluator belongs to one thread at a time. */
AGON_API AgonEvaluator *agon_evaluator_new(AgonTree *tree, GError **error);
AGON_API void agon_evaluator_free(AgonEvaluator *evaluator);
/* Borrowed. */
AGON_API AgonTree *agon_evaluator_get_tree(const AgonEvaluator *evaluator);

/* Writes every player's expected return under @probs into @values
 * (num_players entries). */
AGON_API void agon_evaluator_policy_values(AgonEvaluator *evaluator, const double *probs,
                                           double *values);

/* Returns @player's best-response value against @probs. When @br_probs is
 * not NULL it receives a whole profile (num_slots entries): @player's
 * information sets get a deterministic best response (ties go to the
 * lowest action), the others' entries are copied from @probs. */
AGON_API double agon_evaluator_best_response(AgonEvaluator *evaluator, const double *probs,
                                             int player, double *br_probs);

/* Returns the NashConv of @probs. @br_values and @policy_values, when not
 * NULL, receive each player's best-response value and policy value
 * (num_players entries each). */
AGON_API double agon_evaluator_nash_conv(AgonEvaluator *evaluator, const double *probs,
                                         double *br_values, double *policy_values);

/* NashConv / num_players. Meaningful as exploitability for constant-sum
 * games (see agon_eval_exploitability() for a checked version). */
AGON_API double agon_evaluator_exploitability(AgonEvaluator *evaluator, const double *probs);

/* ---- One-shot versions on an AgonPolicy -------------------------------- */

/* These evaluate @policy on @tree (the policy's own tree when @tree is
 * NULL; any compilation of the same game otherwise). Each returns FALSE with
 * @error set when agon_evaluator_new() fails (AGON_ERROR_UNSUPPORTED) or
 * the policy does not fit the tree (AGON_ERROR_INVALID_VALUE). Output arrays
 * have num_players entries. */
AGON_API gboolean agon_eval_policy_values(AgonTree *tree, const AgonPolicy *policy,
                                          double *values, GError **error);
AGON_API gboolean agon_eval_nash_conv(AgonTree *tree, const AgonPolicy *policy,
                                      double *nash_conv, double *br_values,
                                      double *policy_values, GError **error);
/* Also fails with AGON_ERROR_UNSUPPORTED for a game that is not zero-sum or
 * constant-sum, where exploitability is not defined. */
AGON_API gboolean agon_eval_exploitability(AgonTree *tree, const AgonPolicy *policy,
                                           double *exploitability, GError **error);
/* @player's best response to @policy, as a new policy (@player plays the
 * best response, the others @policy; release with agon_policy_unref()),
 * with its value in @value when not NULL. NULL on error. */
AGON_API AgonPolicy *agon_eval_best_response(AgonTree *tree, const AgonPolicy *policy,
                                             int player, double *value, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonEvaluator, agon_evaluator_free)

G_END_DECLS
