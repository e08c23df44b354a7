/* agon: full traversal of a finite game, for `agon info` and tests.
 *
 * A depth-first walk through the public API with one frame per depth
 * allocated up front (a state and its action lists: no heap states, and
 * nothing sized by the game on the C stack, so deep games cannot overflow
 * it), enumerating every joint action at simultaneous nodes. Information
 * states are told apart by their strings, kept in one hash set per player:
 * that is the only memory that grows. */
#include "games/games-private.h"

#include <string.h>

typedef struct {
  const AgonGame *game;
  AgonGameCounts *counts;
  guint64 max_histories;
  GHashTable **seen; /* per player: information-state strings */
  GString *scratch;
  char *frames;      /* one frame per depth: a state, then action lists */
  gsize state_size;
  gsize frame_size;
  gboolean too_large;
} Walk;

static void
note_infoset(Walk *w, const AgonState *state, int player)
{
  if (!w->game->type.provides_information_state_string)
    return;
  g_string_truncate(w->scratch, 0);
  agon_state_information_state_string(state, player, w->scratch);
  if (!g_hash_table_contains(w->seen[player], w->scratch->str))
    g_hash_table_add(w->seen[player], g_strndup(w->scratch->str, w->scratch->len));
}

static void walk(Walk *w, const AgonState *state, int depth);

/* A frame's action lists: num_players + 2 lists of max_actions entries
 * (legal actions, the joint action, and one list per player), then the
 * per-player list sizes and indices. */
static AgonAction *
frame_actions(Walk *w, int depth)
{
  return (AgonAction *) (w->frames + w->frame_size * (gsize) depth + w->state_size);
}

static void
walk_child(Walk *w, const AgonState *state, int depth, const AgonAction *joint, AgonAction action)
{
  AgonState *child = (AgonState *) (w->frames + w->frame_size * (gsize) (depth + 1));
  agon_state_copy(child, state);
  if (joint)
    agon_state_apply_joint(child, joint);
  else
    agon_state_apply(child, action);
  walk(w, child, depth + 1);
}

static void
walk_simultaneous(Walk *w, const AgonState *state, int depth)
{
  int n_players = w->game->num_players;
  int max_actions = w->game->max_actions;
  AgonAction *joint = frame_actions(w, depth) + max_actions;
  AgonAction *lists = joint + max_actions;
  int *sizes = (int *) (lists + (gsize) n_players * max_actions);
  int *index = sizes + n_players;
  for (int p = 0; p < n_players; p++) {
    note_infoset(w, state, p);
    sizes[p] = agon_state_player_legal_actions(state, p, lists + (gsize) p * max_actions);
    index[p] = 0;
    if (sizes[p] == 0)
      return;
  }
  for (;;) {
    for (int p = 0; p < n_players; p++)
      joint[p] = lists[(gsize) p * max_actions + index[p]];
    walk_child(w, state, depth, joint, 0);
    if (w->too_large)
      return;
    int p = n_players - 1;
    while (p >= 0 && ++index[p] == sizes[p])
      index[p--] = 0;
    if (p < 0)
      return;
  }
}

static void
walk(Walk *w, const AgonState *state, int depth)
{
  AgonGameCounts *c = w->counts;
  if (w->max_histories && c->histories >= w->max_histories) {
    w->too_large = TRUE;
    return;
  }
  c->histories++;
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_TERMINAL) {
    c->terminals++;
    return;
  }
  if (player == AGON_PLAYER_SIMULTANEOUS) {
    c->decision_nodes++;
    walk_simultaneous(w, state, depth);
    return;
  }
  if (player == AGON_PLAYER_CHANCE)
    c->chance_nodes++;
  else {
    c->decision_nodes++;
    note_infoset(w, state, player);
  }
  AgonAction *actions = frame_actions(w, depth);
  int n = agon_state_legal_actions(state, actions);
  for (int i = 0; i < n && !w->too_large; i++)
    walk_child(w, state, depth, NULL, actions[i]);
}

AgonGameCounts *
agon_game_count_histories(const AgonGame *game, guint64 max_histories, GError **error)
{
  g_return_val_if_fail(game != NULL, NULL);
  if (game->type.chance_mode == AGON_CHANCE_SAMPLED_STOCHASTIC) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: chance is sampled, so its histories cannot be enumerated", game->string);
    return NULL;
  }
  g_autoptr(AgonGameCounts) counts = g_new0(AgonGameCounts, 1);
  counts->num_players = game->num_players;
  counts->infosets = g_new0(guint64, game->num_players);
  Walk w = {
    .game = game,
    .counts = counts,
    .max_histories = max_histories,
    .seen = g_new0(GHashTable *, game->num_players),
    .scratch = g_string_new(NULL),
    .state_size = game->state_size,
  };
  for (int p = 0; p < game->num_players; p++)
    w.seen[p] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  /* A history is at most max_history_length moves deep. */
  gsize lists = sizeof(AgonAction) * (gsize) game->max_actions * (gsize) (game->num_players + 2)
                + sizeof(int) * 2 * (gsize) game->num_players;
  w.frame_size = game->state_size + ((lists + 7) & ~(gsize) 7);
  w.frames = g_malloc(w.frame_size * (gsize) (game->max_history_length + 2));
  walk(&w, agon_state_init_initial(game, w.frames), 0);
  for (int p = 0; p < game->num_players; p++) {
    counts->infosets[p] = g_hash_table_size(w.seen[p]);
    g_hash_table_destroy(w.seen[p]);
  }
  g_free(w.seen);
  g_free(w.frames);
  g_string_free(w.scratch, TRUE);
  if (w.too_large) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_TOO_LARGE,
                "%s: more than %" G_GUINT64_FORMAT " histories", game->string, max_histories);
    return NULL;
  }
  return g_steal_pointer(&counts);
}

void
agon_game_counts_free(AgonGameCounts *counts)
{
  if (counts == NULL)
    return;
  g_free(counts->infosets);
  g_free(counts);
}
