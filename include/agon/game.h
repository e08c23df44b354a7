/* agon: the game API.
 *
 * Shaped after OpenSpiel's, built for C speed. An AgonGame is created once
 * from a game string and is immutable, reference-counted and shareable
 * between threads. An AgonState is a fixed-size block of plain data of
 * agon_game_get_state_size() bytes: copying one is a single memcpy, and
 * playing (legal actions, apply, chance outcomes) allocates nothing.
 *
 * Two ways to hold a state:
 *  - on the heap: agon_state_new_initial(), agon_state_clone(),
 *    agon_state_free(). A heap state holds a reference to its game.
 *  - in memory the caller owns (a stack buffer, an arena, an array):
 *    agon_state_init_initial(game, buf) and agon_state_copy(dst, src). Such
 *    a state borrows the game, which must outlive it; it needs no freeing.
 *
 * Player ids are 0..n-1; the negative constants below mark chance,
 * simultaneous and terminal states with OpenSpiel's values. Actions are
 * integers in 0..num_distinct_actions-1 for players and
 * 0..max_chance_outcomes-1 at chance nodes. */
#pragma once

#include <agon/macros.h>
#include <agon/error.h>
#include <agon/params.h>
#include <agon/rng.h>

G_BEGIN_DECLS

#define AGON_PLAYER_CHANCE (-1)
#define AGON_PLAYER_SIMULTANEOUS (-2)
#define AGON_PLAYER_INVALID (-3)
#define AGON_PLAYER_TERMINAL (-4)

/* The most tensor dimensions a game may declare. */
#define AGON_MAX_TENSOR_RANK 4

typedef gint32 AgonAction;

typedef struct AgonGame AgonGame;
typedef struct AgonState AgonState;

typedef enum {
  AGON_DYNAMICS_SEQUENTIAL,   /* one player (or chance) moves at a time */
  AGON_DYNAMICS_SIMULTANEOUS, /* some nodes have all players move at once */
} AgonDynamics;

typedef enum {
  AGON_CHANCE_DETERMINISTIC,      /* no chance nodes */
  AGON_CHANCE_EXPLICIT_STOCHASTIC, /* chance nodes list their outcomes */
  AGON_CHANCE_SAMPLED_STOCHASTIC, /* chance is sampled inside apply */
} AgonChanceMode;

typedef enum {
  AGON_INFORMATION_ONE_SHOT, /* one simultaneous move, nothing observed before it */
  AGON_INFORMATION_PERFECT,
  AGON_INFORMATION_IMPERFECT,
} AgonInformation;

typedef enum {
  AGON_UTILITY_ZERO_SUM,      /* returns sum to 0 */
  AGON_UTILITY_CONSTANT_SUM,  /* returns sum to agon_game_get_utility_sum() */
  AGON_UTILITY_GENERAL_SUM,
  AGON_UTILITY_IDENTICAL,     /* every player gets the same return */
} AgonUtility;

typedef enum {
  AGON_REWARD_TERMINAL, /* only terminal states pay */
  AGON_REWARD_REWARDS,  /* rewards may arrive along the way */
} AgonRewardModel;

/* What kind of game it is. Fixed by the game's class, though some games
 * adjust it to their parameters (goofspiel's returns_type changes the
 * utility). */
typedef struct {
  const char *short_name; /* the name in game strings: "kuhn_poker" */
  const char *long_name;  /* "Kuhn Poker" */
  AgonDynamics dynamics;
  AgonChanceMode chance_mode;
  AgonInformation information;
  AgonUtility utility;
  AgonRewardModel reward_model;
  int min_players;
  int max_players;
  gboolean provides_information_state_string;
  gboolean provides_information_state_tensor;
  gboolean provides_observation_string;
  gboolean provides_observation_tensor;
} AgonGameType;

/* One outcome of a chance node. */
typedef struct {
  AgonAction action;
  double probability;
} AgonChanceOutcome;

/* The shape of a tensor: @rank dimensions, row-major. A game's tensors may
 * be the concatenation of named pieces, as OpenSpiel's CHW layouts; the
 * shape here is that of the flat whole unless the game gives more. */
typedef struct {
  int rank;
  int dims[AGON_MAX_TENSOR_RANK];
} AgonTensorShape;

/* ---- Games ---------------------------------------------------------- */

/* Creates a game from a game string such as "leduc_poker(players=3)".
 * Returns a new reference (release with agon_game_unref()), or NULL with
 * @error set: AGON_ERROR_PARSE, AGON_ERROR_UNKNOWN_NAME,
 * AGON_ERROR_UNKNOWN_PARAMETER, AGON_ERROR_INVALID_VALUE, or a game's own
 * error (a file that does not load). */
AGON_API AgonGame *agon_game_new(const char *game_string, GError **error);

AGON_API AgonGame *agon_game_ref(AgonGame *game);
AGON_API void agon_game_unref(AgonGame *game);

/* The game string as given, normalised ("kuhn_poker(players=2)"). The game
 * owns the string. */
AGON_API const char *agon_game_get_string(const AgonGame *game);
/* Every parameter with its value, defaults included, in the game's order.
 * The game owns the result. */
AGON_API const AgonParams *agon_game_get_params(const AgonGame *game);
/* The game's type. The game owns the result. */
AGON_API const AgonGameType *agon_game_get_type(const AgonGame *game);
/* The parameters the game accepts, ending with a NULL name. Static. */
AGON_API const AgonParamSpec *agon_game_get_param_specs(const AgonGame *game);

AGON_API int agon_game_get_num_players(const AgonGame *game);
/* Player actions are 0..num_distinct_actions-1. */
AGON_API int agon_game_get_num_distinct_actions(const AgonGame *game);
/* Chance actions are 0..max_chance_outcomes-1 (0 if there is no chance). */
AGON_API int agon_game_get_max_chance_outcomes(const AgonGame *game);
/* The most player decisions in one play, as OpenSpiel counts them: a
 * simultaneous move counts once, chance moves not at all. */
AGON_API int agon_game_get_max_game_length(const AgonGame *game);
/* The most entries a history can hold: chance outcomes and every
 * player's part of a joint action included. */
AGON_API int agon_game_get_max_history_length(const AgonGame *game);
AGON_API double agon_game_get_min_utility(const AgonGame *game);
AGON_API double agon_game_get_max_utility(const AgonGame *game);
/* The sum of returns of a constant-sum or zero-sum game; 0 otherwise. */
AGON_API double agon_game_get_utility_sum(const AgonGame *game);
/* Size in bytes of a state of this game, for caller-owned buffers. */
AGON_API gsize agon_game_get_state_size(const AgonGame *game);
/* The number of actions a legal-action buffer needs: the larger of
 * num_distinct_actions and max_chance_outcomes. */
AGON_API int agon_game_get_max_actions(const AgonGame *game);

/* Tensor shapes and flat sizes; size 0 when the game provides none. */
AGON_API AgonTensorShape agon_game_get_information_state_tensor_shape(const AgonGame *game);
AGON_API gsize agon_game_get_information_state_tensor_size(const AgonGame *game);
AGON_API AgonTensorShape agon_game_get_observation_tensor_shape(const AgonGame *game);
AGON_API gsize agon_game_get_observation_tensor_size(const AgonGame *game);

/* Names of every registered game, NULL-terminated. Static. */
AGON_API const char *const *agon_game_list_names(void);
/* The type of the registered game @name, or NULL. Static. */
AGON_API const AgonGameType *agon_game_lookup_type(const char *name);

/* ---- States: creation and copying ----------------------------------- */

/* A new heap state at the start of the game; holds a reference to @game.
 * Free with agon_state_free(), never with g_free(): the reference is kept
 * beside the state. */
AGON_API AgonState *agon_state_new_initial(AgonGame *game);
/* A new heap copy of @state; holds a reference to the game. */
AGON_API AgonState *agon_state_clone(const AgonState *state);
AGON_API void agon_state_free(AgonState *state);

/* Writes the initial state into @memory, agon_game_get_state_size() bytes
 * aligned for a double. The state borrows @game and needs no freeing.
 * On a heap state of the same game it works too (agon_state_reset() is the
 * clearer name for that). */
AGON_API AgonState *agon_state_init_initial(const AgonGame *game, void *memory);
/* Puts @state, heap or caller-owned, back at the start of its game. */
AGON_API void agon_state_reset(AgonState *state);
/* Copies @src into @dst: one memcpy. @dst is a buffer of the game's state
 * size (the copy then borrows the game) or a heap state of the same game
 * (which keeps its reference). */
AGON_API void agon_state_copy(AgonState *dst, const AgonState *src);

/* The game of @state. Borrowed. */
AGON_API const AgonGame *agon_state_get_game(const AgonState *state);

/* ---- States: playing ------------------------------------------------ */

/* The player to move, or AGON_PLAYER_CHANCE / _SIMULTANEOUS / _TERMINAL. */
AGON_API int agon_state_current_player(const AgonState *state);
AGON_API gboolean agon_state_is_terminal(const AgonState *state);
AGON_API gboolean agon_state_is_chance_node(const AgonState *state);
AGON_API gboolean agon_state_is_simultaneous_node(const AgonState *state);

/* Writes the legal actions of the player to move (or the chance outcomes'
 * actions at a chance node) into @actions, in ascending order, and returns
 * their number; 0 at terminal states. @actions holds
 * agon_game_get_max_actions() entries. At a simultaneous node use
 * agon_state_player_legal_actions(). */
AGON_API int agon_state_legal_actions(const AgonState *state, AgonAction *actions);
/* Legal actions of @player, who must be 0..n-1: empty when it is not that
 * player's turn, except at simultaneous nodes where every player has some. */
AGON_API int agon_state_player_legal_actions(const AgonState *state, int player,
                                             AgonAction *actions);
/* Whether @action is legal for the player to move (or a possible chance
 * outcome). */
AGON_API gboolean agon_state_is_legal(const AgonState *state, AgonAction action);

/* At a chance node, writes its outcomes (positive probabilities summing to
 * 1, ascending actions) into @outcomes, agon_game_get_max_chance_outcomes()
 * entries long, and returns their number; 0 elsewhere. */
AGON_API int agon_state_chance_outcomes(const AgonState *state, AgonChanceOutcome *outcomes);
/* Samples a chance outcome with @rng. The state must be a chance node. */
AGON_API AgonAction agon_state_sample_chance(const AgonState *state, AgonRng *rng);

/* Applies a legal action of the player to move or a chance outcome. Fast:
 * legality is not checked (an illegal action is a bug). */
AGON_API void agon_state_apply(AgonState *state, AgonAction action);
/* The same, for user input: returns FALSE with AGON_ERROR_ILLEGAL_ACTION
 * and the state unchanged when @action is not legal. */
AGON_API gboolean agon_state_apply_checked(AgonState *state, AgonAction action, GError **error);
/* Applies one action per player at a simultaneous node; @actions has
 * num_players entries. Fast: unchecked. */
AGON_API void agon_state_apply_joint(AgonState *state, const AgonAction *actions);
AGON_API gboolean agon_state_apply_joint_checked(AgonState *state, const AgonAction *actions,
                                                 GError **error);

/* Writes num_players returns: the total each player has received so far
 * (the final payoffs at a terminal state). */
AGON_API void agon_state_returns(const AgonState *state, double *returns);
/* Writes num_players rewards: what each player received on the last
 * transition. For terminal-reward games these are the returns at a
 * terminal state and 0 elsewhere. */
AGON_API void agon_state_rewards(const AgonState *state, double *rewards);

/* ---- States: what players know -------------------------------------- */

/* Appends @player's information-state string to @out. Two histories give
 * the same string exactly when the player cannot tell them apart. */
AGON_API void agon_state_information_state_string(const AgonState *state, int player,
                                                  GString *out);
/* The same as a new string; free with g_free(). */
AGON_API char *agon_state_information_state(const AgonState *state, int player);
/* Writes @player's information-state tensor, of the game's size. */
AGON_API void agon_state_information_state_tensor(const AgonState *state, int player,
                                                  float *values);
/* Appends @player's observation string to @out. */
AGON_API void agon_state_observation_string(const AgonState *state, int player, GString *out);
/* Writes @player's observation tensor, of the game's size. */
AGON_API void agon_state_observation_tensor(const AgonState *state, int player, float *values);
/* Appends a human-readable picture of the whole state to @out. */
AGON_API void agon_state_to_string(const AgonState *state, GString *out);

/* ---- Actions and histories ------------------------------------------ */

/* Appends the name of @action, taken by @player (or AGON_PLAYER_CHANCE), to
 * @out: "Call", "x(1,1)", "Deal:2". */
AGON_API void agon_state_action_to_string(const AgonState *state, int player,
                                          AgonAction action, GString *out);
/* Finds the legal action of @player (the player to move when @player is
 * AGON_PLAYER_INVALID) named @text, or given by its number. Returns -1 with
 * AGON_ERROR_ILLEGAL_ACTION, listing the legal moves, when there is none. */
AGON_API AgonAction agon_state_string_to_action(const AgonState *state, int player,
                                                const char *text, GError **error);

/* The actions applied so far, chance outcomes and every player's part of
 * joint actions included (players in order). Borrowed from the state;
 * valid until the state changes. */
AGON_API const AgonAction *agon_state_get_history(const AgonState *state, int *length);
/* Number of moves so far (OpenSpiel's MoveNumber: a joint action counts
 * once, chance outcomes count). */
AGON_API int agon_state_move_number(const AgonState *state);

/* The state as text: its history, space-separated ("1 2 0 1"). Free with
 * g_free(). */
AGON_API char *agon_state_serialize(const AgonState *state);
/* Replays a serialized history from the start of @game, checking every
 * action. Returns a new heap state, or NULL with AGON_ERROR_PARSE or
 * AGON_ERROR_ILLEGAL_ACTION naming the position of the bad entry. */
AGON_API AgonState *agon_state_deserialize(AgonGame *game, const char *text, GError **error);

/* ---- Whole-game traversal ----------------------------------------------- */

/* What a full traversal of a game found. */
typedef struct {
  guint64 histories;      /* every state reached, the root, chance and terminal ones included */
  guint64 terminals;
  guint64 chance_nodes;
  guint64 decision_nodes; /* states where one player, or all at once, act */
  int num_players;
  guint64 *infosets;      /* distinct information-state strings per player where that
                             player acts; num_players entries */
} AgonGameCounts;

/* Walks every history of a finite game with explicit chance (every joint
 * action at simultaneous nodes), counting histories and the distinct
 * information states of each player. Stops with AGON_ERROR_TOO_LARGE once
 * more than @max_histories histories have been seen (0: no limit), and with
 * AGON_ERROR_UNSUPPORTED for sampled chance. Information states are counted
 * only when the game provides information-state strings (otherwise 0).
 * Returns a new AgonGameCounts, free with agon_game_counts_free(), or NULL. */
AGON_API AgonGameCounts *agon_game_count_histories(const AgonGame *game, guint64 max_histories,
                                                   GError **error);
AGON_API void agon_game_counts_free(AgonGameCounts *counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonGameCounts, agon_game_counts_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonGame, agon_game_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonState, agon_state_free)

G_END_DECLS
