/* agon: policies, from information-state strings to action probabilities.
 *
 * An AgonPolicy gives, for every information set of a compiled game
 * (AgonTree), a probability for each legal action. It is stored the way the
 * solvers use it: one flat array of the tree's num_slots probabilities
 * (see tree.h), so handing a policy to the evaluation functions costs
 * nothing. Lookups by (player, information-state string) go through the
 * tree.
 *
 * On disk a policy is JSON, self-describing:
 *
 *   { "format": "agon-policy", "version": 1, "game": "kuhn_poker(players=2)",
 *     "infosets": [ { "player": 0, "infoset": "0", "actions": [0, 1],
 *                     "probabilities": [0.75, 0.25] }, ... ] }
 *
 * Every information set appears once with the player acting there (two
 * players may share a string). Actions left out of an entry have
 * probability 0. A policy is immutable and reference-counted. */
#pragma once

#include <agon/tree.h>

G_BEGIN_DECLS

typedef struct AgonPolicy AgonPolicy;

/* The version written to, and accepted from, policy files. */
#define AGON_POLICY_FORMAT_VERSION 1

typedef enum {
  AGON_POLICY_LOAD_DEFAULT = 0,
  /* Information sets missing from the file play uniformly instead of
   * failing the load. */
  AGON_POLICY_LOAD_FILL_UNIFORM = 1 << 0,
} AgonPolicyLoadFlags;

/* The uniform policy of @tree. Returns a new reference holding a reference
 * to @tree; release with agon_policy_unref(). */
AGON_API AgonPolicy *agon_policy_new_uniform(AgonTree *tree);

/* A policy of @tree from a flat array of num_slots probabilities, which is
 * copied. Each information set's probabilities must be non-negative and sum
 * to 1 (a solver's output does); this is not checked. Returns a new
 * reference holding a reference to @tree. */
AGON_API AgonPolicy *agon_policy_new_from_probs(AgonTree *tree, const double *probs);

AGON_API AgonPolicy *agon_policy_ref(AgonPolicy *policy);
AGON_API void agon_policy_unref(AgonPolicy *policy);

/* The tree the policy is indexed by. Borrowed. */
AGON_API AgonTree *agon_policy_get_tree(const AgonPolicy *policy);
/* The probabilities, num_slots of them in the tree's slot order. Borrowed. */
AGON_API const double *agon_policy_get_probs(const AgonPolicy *policy);

/* The probability that @player plays @action at the information set with
 * string @infoset: 0 for an action that is not legal there, -1 when the
 * game has no such information set. */
AGON_API double agon_policy_get_probability(const AgonPolicy *policy, int player,
                                            const char *infoset, AgonAction action);

/* Writes the policy's probabilities in the slot order of @tree, another
 * compilation of the same game, into @probs (num_slots of @tree). Fails with
 * AGON_ERROR_INVALID_VALUE, @probs partly written, when @tree is of another
 * game or has an information set the policy lacks. */
AGON_API gboolean agon_policy_get_probs_for_tree(const AgonPolicy *policy, const AgonTree *tree,
                                                 double *probs, GError **error);

/* The policy as JSON text. Free with g_free(). */
AGON_API char *agon_policy_to_json(const AgonPolicy *policy);
/* Writes the policy to @path (replacing it atomically). Returns FALSE with
 * AGON_ERROR_FAILED when the file cannot be written. */
AGON_API gboolean agon_policy_save(const AgonPolicy *policy, const char *path, GError **error);

/* Reads a policy file and checks it against the game: the game string must
 * name a game (and, when @tree is given, the game of @tree); every entry
 * must be an information set of that game, its actions legal there, its
 * probabilities non-negative and summing to 1 within 1e-6; every
 * information set of the game must be present unless @flags has
 * AGON_POLICY_LOAD_FILL_UNIFORM. When @tree is NULL the game is created and
 * compiled from the file's game string (with the default node limit).
 *
 * Returns a new reference (holding a reference to the tree), or NULL with
 * @error set: AGON_ERROR_FAILED when the file cannot be read,
 * AGON_ERROR_BAD_FILE for everything wrong inside it, with a message naming
 * the file and the information set. */
AGON_API AgonPolicy *agon_policy_load(const char *path, AgonTree *tree, AgonPolicyLoadFlags flags,
                                      GError **error);
/* The same from JSON text in memory; @length may be -1 for a NUL-terminated
 * string. Messages name the input "policy". */
AGON_API AgonPolicy *agon_policy_load_from_data(const char *data, gssize length, AgonTree *tree,
                                                AgonPolicyLoadFlags flags, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonPolicy, agon_policy_unref)

G_END_DECLS
