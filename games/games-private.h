/* agon: what a game implements, and the game object behind the public API.
 *
 * A game is one const AgonGameClass in its own file, listed once in
 * registry.c. Its callbacks receive the game and a pointer to the game's
 * own state struct (the payload, `st`): the generic layer keeps the state
 * header and the history, so a game only models its rules. A payload is
 * plain data with no pointers; it is copied with memcpy. */
#pragma once

#include <agon/agon.h>

G_BEGIN_DECLS

typedef struct {
  AgonGameType type;
  /* Accepted parameters, ending with a NULL name. */
  const AgonParamSpec *params;

  /* Reads the resolved @params and fills the game's sizes (num_players,
   * num_distinct_actions, max_chance_outcomes, max_game_length,
   * max_chance_nodes, min/max_utility, utility_sum, payload_size, tensor
   * shapes); may adjust game->type and set game->data. Returns FALSE with
   * @error set when the parameters are inconsistent. */
  gboolean (*init)(AgonGame *game, const AgonParams *params, GError **error);
  /* Frees game->data. Optional. */
  void (*finalize)(AgonGame *game);

  /* Writes the initial state into @st (zeroed beforehand). Called once,
   * when the game is created: every state starts as a copy of that one. */
  void (*initial)(const AgonGame *game, void *st);
  /* The player to move, or AGON_PLAYER_CHANCE / _SIMULTANEOUS / _TERMINAL. */
  int (*current_player)(const AgonGame *game, const void *st);
  /* Legal actions of @player (0..n-1, or AGON_PLAYER_CHANCE at a chance
   * node), ascending, into @out, which has room for game->max_actions;
   * returns the count. Called only with the
   * player to move, a chance node's chance player, or any player at a
   * simultaneous node. */
  int (*legal_actions)(const AgonGame *game, const void *st, int player, AgonAction *out);
  /* Chance outcomes into @out; returns the count. Required when the game
   * has explicit chance. */
  int (*chance_outcomes)(const AgonGame *game, const void *st, AgonChanceOutcome *out);
  /* Samples a chance outcome with @rng, with exactly the probabilities
   * chance_outcomes gives (the conformance test checks). Optional: a fast
   * path for playouts, which otherwise build the outcome list and scan it. */
  AgonAction (*sample_chance)(const AgonGame *game, const void *st, AgonRng *rng);
  /* Applies a legal action (or chance outcome) and returns the player to
   * move next, what current_player would now say: the generic layer caches
   * it, and a game knows it at the end of apply without another call. */
  int (*apply)(const AgonGame *game, void *st, AgonAction action);
  /* Applies one action per player at a simultaneous node and returns the
   * player to move next, as apply does. Required for simultaneous games. */
  int (*apply_joint)(const AgonGame *game, void *st, const AgonAction *actions);
  /* Writes num_players returns. */
  void (*returns)(const AgonGame *game, const void *st, double *out);
  /* Writes the last transition's rewards. Optional: terminal-reward games
   * leave it NULL. */
  void (*rewards)(const AgonGame *game, const void *st, double *out);

  /* Information available to @player, appended to @out / written to
   * @values (zeroed beforehand). Optional as the type says. */
  void (*information_state_string)(const AgonGame *game, const void *st, int player,
                                   GString *out);
  void (*information_state_tensor)(const AgonGame *game, const void *st, int player,
                                   float *values);
  void (*observation_string)(const AgonGame *game, const void *st, int player, GString *out);
  void (*observation_tensor)(const AgonGame *game, const void *st, int player, float *values);

  /* The name of @action by @player (or AGON_PLAYER_CHANCE). */
  void (*action_to_string)(const AgonGame *game, const void *st, int player, AgonAction action,
                           GString *out);
  /* A picture of the state. */
  void (*to_string)(const AgonGame *game, const void *st, GString *out);
} AgonGameClass;

struct AgonGame {
  const AgonGameClass *klass;
  gint ref_count;
  AgonGameType type;
  AgonParams *params; /* resolved: every key, defaults filled */
  char *string;       /* as given, normalised */

  /* Filled by the class's init. */
  int num_players;
  int num_distinct_actions;
  int max_chance_outcomes;
  int max_game_length;
  int max_chance_nodes; /* chance outcomes in one history, at most */
  double min_utility;
  double max_utility;
  double utility_sum;
  gsize payload_size;
  AgonTensorShape info_state_shape;
  AgonTensorShape observation_shape;
  gpointer data; /* the game's own immutable data */

  /* Derived by the generic layer. */
  int max_history_length;
  int max_actions;
  gsize payload_offset;
  gsize history_offset;
  gsize state_size;
  AgonState *initial_state; /* history_offset bytes: header and payload */
};

/* The header every state starts with; the payload and then the history
 * follow at the game's offsets. */
struct AgonState {
  const AgonGame *game;
  guint16 flags; /* reserved */
  guint16 history_length;
  guint16 move_number;
  gint16 current_player; /* cached after every move: asked far more often than it changes */
};


static inline void *
agon__state_payload(AgonState *state)
{
  return (char *) state + state->game->payload_offset;
}

static inline const void *
agon__state_payload_const(const AgonState *state)
{
  return (const char *) state + state->game->payload_offset;
}

/* The registered game classes, NULL-terminated (registry.c). */
extern const AgonGameClass *const agon__game_classes[];

const AgonGameClass *agon__game_class_lookup(const char *name);

/* Fills what the generic layer derives from the sizes a class's init set
 * (history length, offsets, state size, the initial state), as
 * agon_game_new() does after init. */
void agon__game_derive(AgonGame *game);

/* Helpers shared by games. */

/* A tensor shape of the given rank, for init callbacks. */
AgonTensorShape agon__shape(int rank, int d0, int d1, int d2);

/* Appends the decimal digits of @value to @out, as "%d" would: the
 * information-state strings that searches and solvers build for every
 * state they meet spend most of their time in printf otherwise. */
static inline void
agon__append_int(GString *out, int value)
{
  char digits[12];
  int n = 0;
  unsigned magnitude = value < 0 ? 0u - (unsigned) value : (unsigned) value;
  do {
    digits[n++] = (char) ('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0)
    g_string_append_c(out, '-');
  while (n)
    g_string_append_c(out, digits[--n]);
}

/* The position of the set bit of @mask that has @k set bits below it
 * (@mask has more than @k): the k-th card still in a deck kept as a bit
 * mask. Sampled deals ask it with a random @k, which a loop or a compare
 * would turn into a mispredicted branch, so a mask within 8 bits (the
 * deck of a small game) has the positions of its set bits listed, 3 bits
 * each, from two nibble tables, and the k-th is shifted out. */
static inline int
agon__nth_set_bit(guint32 mask, guint32 k)
{
  /* Per nibble: the positions of its set bits, 3 bits each, lowest first;
   * and how many there are. */
  static const guint16 positions[16] = {
    0x000, 0x000, 0x001, 0x008, 0x002, 0x010, 0x011, 0x088,
    0x003, 0x018, 0x019, 0x0c8, 0x01a, 0x0d0, 0x0d1, 0x688,
  };
  static const guint8 counts[16] = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };
  if (G_LIKELY(mask < 256)) {
    guint32 lo = mask & 15, hi = mask >> 4;
    /* The high nibble's positions, 4 added to each of its fields. */
    guint32 high = positions[hi] + (0x924u & ((1u << (3 * counts[hi])) - 1));
    guint32 list = positions[lo] | high << (3 * counts[lo]);
    return (int) ((list >> (3 * k)) & 7);
  }
  for (; k; k--)
    mask &= mask - 1;
  return __builtin_ctz(mask);
}

G_END_DECLS
