/* agon: a finite game compiled into flat arrays.
 *
 * An AgonTree enumerates every history of a game with explicit chance once,
 * through the public game API, and keeps the result as arrays: the solvers
 * and the evaluation functions work on these and never call the game again.
 *
 * Nodes are numbered so that a parent comes before its children and the
 * children of a node are consecutive (first child, child count). A node is
 * a terminal, a chance node or a decision node of one player. Simultaneous
 * nodes are sequentialized: players 0, 1, ... act in turn, each without
 * seeing the others' choices, so one game state becomes a chain of decision
 * nodes. Player p's information set there is its information-state string
 * at the simultaneous state. agon_tree_get_num_histories() counts game
 * states; agon_tree_get_num_nodes() counts these extra nodes too.
 *
 * Information sets are numbered once, by (player, information-state
 * string), grouped by player: player p's are first_infoset(p) ..
 * first_infoset(p + 1) - 1, each player's in the order they were first met,
 * so an information set comes after every one its player passed through to
 * reach it. Their actions are numbered in one flat range of "slots": the
 * information set i owns slots offset(i) .. offset(i) + num_actions(i) - 1,
 * in ascending action order. A policy as a flat array of num_slots doubles
 * (the probability of each slot's action) is what the solvers and
 * evaluation functions exchange.
 *
 * A tree is immutable and reference-counted; it may be read from many
 * threads. It holds a reference to its game. */
#pragma once

#include <agon/game.h>

G_BEGIN_DECLS

typedef struct AgonTree AgonTree;

typedef enum {
  AGON_NODE_TERMINAL,
  AGON_NODE_CHANCE,
  AGON_NODE_DECISION,
} AgonNodeKind;

/* The node limit agon_tree_new() applies when given 0: ten million nodes,
 * some 300 MB of node arrays plus the information-state strings. */
#define AGON_TREE_DEFAULT_MAX_NODES 10000000

/* Compiles @game, which must have explicit (or no) chance and provide
 * information-state strings. @max_nodes bounds the number of nodes (0 for
 * AGON_TREE_DEFAULT_MAX_NODES): a larger game fails with
 * AGON_ERROR_TOO_LARGE before it exhausts memory. Other errors:
 * AGON_ERROR_UNSUPPORTED (sampled chance, no information-state strings)
 * and AGON_ERROR_FAILED when the game contradicts itself (an information
 * set with different legal actions at two of its histories; the message
 * names it). A game without perfect recall compiles;
 * agon_tree_has_perfect_recall() says so.
 *
 * Returns a new reference (release with agon_tree_unref()), which holds a
 * reference to @game, or NULL with @error set. */
AGON_API AgonTree *agon_tree_new(AgonGame *game, gint64 max_nodes, GError **error);

AGON_API AgonTree *agon_tree_ref(AgonTree *tree);
AGON_API void agon_tree_unref(AgonTree *tree);

/* The compiled game. Borrowed: valid while the tree is. */
AGON_API AgonGame *agon_tree_get_game(const AgonTree *tree);
AGON_API int agon_tree_get_num_players(const AgonTree *tree);

/* Sizes. Histories are the game states reached (terminal and chance ones
 * included); nodes add the extra decision nodes of sequentialized
 * simultaneous moves. */
AGON_API gint64 agon_tree_get_num_nodes(const AgonTree *tree);
AGON_API gint64 agon_tree_get_num_histories(const AgonTree *tree);
AGON_API gint64 agon_tree_get_num_terminals(const AgonTree *tree);
AGON_API int agon_tree_get_num_infosets(const AgonTree *tree);
/* The information sets of @player are first_infoset(@player) ..
 * first_infoset(@player + 1) - 1; @player may be num_players. */
AGON_API int agon_tree_get_first_infoset(const AgonTree *tree, int player);
/* The number of action slots of all information sets: the length of a
 * flat policy array. */
AGON_API int agon_tree_get_num_slots(const AgonTree *tree);

/* Whether every player always remembers what it knew and did: all
 * histories of an information set share the player's previous information
 * set and action. With it, solvers and evaluation run on the sequence form;
 * without it, on the slower histories. When it is FALSE, @infoset (if not
 * NULL) receives the first information set found at odds with it, else
 * -1. */
AGON_API gboolean agon_tree_has_perfect_recall(const AgonTree *tree, int *infoset);

/* A 64-bit digest of the tree's shape (its information sets, their
 * players, strings and actions, and the counts), used to tell whether a
 * checkpoint or policy was made on the same compiled game. */
AGON_API guint64 agon_tree_get_fingerprint(const AgonTree *tree);

/* ---- Nodes ------------------------------------------------------------ */

/* Node 0 is the initial state. @node must be 0 .. num_nodes - 1. */
AGON_API AgonNodeKind agon_tree_node_kind(const AgonTree *tree, gint64 node);
/* The player to move: 0 .. n-1, AGON_PLAYER_CHANCE or AGON_PLAYER_TERMINAL. */
AGON_API int agon_tree_node_player(const AgonTree *tree, gint64 node);
/* The information set of a decision node, else -1. */
AGON_API int agon_tree_node_infoset(const AgonTree *tree, gint64 node);
AGON_API gint64 agon_tree_node_first_child(const AgonTree *tree, gint64 node);
AGON_API int agon_tree_node_num_children(const AgonTree *tree, gint64 node);
/* The parent, or -1 at the root. */
AGON_API gint64 agon_tree_node_parent(const AgonTree *tree, gint64 node);
/* The action that led from the parent to @node (a player's part of a joint
 * action under a simultaneous node), or -1 at the root. */
AGON_API AgonAction agon_tree_node_action(const AgonTree *tree, gint64 node);
/* The chance probability of that action when the parent is a chance node;
 * 1 otherwise. */
AGON_API double agon_tree_node_probability(const AgonTree *tree, gint64 node);
/* Writes num_players returns of a terminal node into @returns. */
AGON_API void agon_tree_node_returns(const AgonTree *tree, gint64 node, double *returns);

/* ---- Information sets ------------------------------------------------- */

AGON_API int agon_tree_infoset_player(const AgonTree *tree, int infoset);
AGON_API int agon_tree_infoset_num_actions(const AgonTree *tree, int infoset);
/* The first slot of @infoset in flat policy arrays. */
AGON_API int agon_tree_infoset_offset(const AgonTree *tree, int infoset);
/* The legal actions, ascending, num_actions of them. Borrowed. */
AGON_API const AgonAction *agon_tree_infoset_actions(const AgonTree *tree, int infoset);
/* The information-state string. Borrowed. */
AGON_API const char *agon_tree_infoset_string(const AgonTree *tree, int infoset);
/* The number of histories (decision nodes) in @infoset. */
AGON_API gint64 agon_tree_infoset_num_histories(const AgonTree *tree, int infoset);
/* The information set of @player with information-state string @string,
 * or -1. A hash lookup: for set-up, not for loops. */
AGON_API int agon_tree_lookup_infoset(const AgonTree *tree, int player, const char *string);

/* Fills @probs (num_slots entries) with the uniform policy. */
AGON_API void agon_tree_uniform_probs(const AgonTree *tree, double *probs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonTree, agon_tree_unref)

G_END_DECLS
