/* agon: the generic half of the game API.
 *
 * Dispatches to the game's class and keeps what every game shares: the
 * state header, the history, move numbers, legality checks, action names,
 * serialization. A state is laid out as
 *
 *   [AgonState header][game payload][history: max_history_length actions]
 *
 * so one memcpy of state_size bytes copies everything. */
#include "games/games-private.h"

#include <math.h>
#include <string.h>

#define ALIGN8(n) (((n) + 7u) & ~(gsize) 7u)

AgonTensorShape
agon__shape(int rank, int d0, int d1, int d2)
{
  AgonTensorShape shape = { .rank = rank, .dims = { d0, d1, d2, 0 } };
  return shape;
}

const AgonGameClass *
agon__game_class_lookup(const char *name)
{
  for (const AgonGameClass *const *k = agon__game_classes; *k; k++)
    if (strcmp((*k)->type.short_name, name) == 0)
      return *k;
  return NULL;
}

const char *const *
agon_game_list_names(void)
{
  static const char **names;
  if (g_once_init_enter(&names)) {
    guint n = 0;
    while (agon__game_classes[n])
      n++;
    const char **list = g_new0(const char *, n + 1);
    for (guint i = 0; i < n; i++)
      list[i] = agon__game_classes[i]->type.short_name;
    g_once_init_leave(&names, list);
  }
  return names;
}

const AgonGameType *
agon_game_lookup_type(const char *name)
{
  g_return_val_if_fail(name != NULL, NULL);
  const AgonGameClass *klass = agon__game_class_lookup(name);
  return klass ? &klass->type : NULL;
}

static char *
unknown_game_message(const char *input, const char *name)
{
  g_autoptr(GString) msg = g_string_new(NULL);
  g_string_printf(msg, "%s: unknown game '%s'; known games:", input, name);
  for (const AgonGameClass *const *k = agon__game_classes; *k; k++)
    g_string_append_printf(msg, " %s", (*k)->type.short_name);
  return g_string_free(g_steal_pointer(&msg), FALSE);
}

static void
game_free(AgonGame *game)
{
  if (game->klass->finalize)
    game->klass->finalize(game);
  g_free(game->initial_state);
  agon_params_free(game->params);
  g_free(game->string);
  g_free(game);
}

/* Checks what a class's init filled in, so that a bug in a game shows as
 * an error at creation rather than a crash later. An explicit-chance game
 * may have no chance node under some parameters (OpenSpiel's goofspiel
 * with a fixed point order declares 0 chance outcomes). */
static gboolean
game_check_sizes(AgonGame *game, GError **error)
{
  const AgonGameType *t = &game->type;
  gboolean ok = game->num_players >= 1 && game->num_distinct_actions >= 1
                && game->max_game_length >= 1 && game->payload_size > 0
                && game->min_utility <= game->max_utility
                && (t->chance_mode != AGON_CHANCE_DETERMINISTIC || game->max_chance_nodes == 0);
  if (!ok)
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: the game declares invalid sizes",
                game->string);
  return ok;
}

AgonGame *
agon_game_new(const char *game_string, GError **error)
{
  g_return_val_if_fail(game_string != NULL, NULL);
  g_autoptr(AgonParams) given = agon_params_parse(game_string, error);
  if (given == NULL)
    return NULL;
  const char *name = agon_params_get_name(given);
  const AgonGameClass *klass = agon__game_class_lookup(name);
  if (klass == NULL) {
    g_autofree char *msg = unknown_game_message(game_string, name);
    g_set_error_literal(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME, msg);
    return NULL;
  }
  AgonParams *resolved = agon_params_resolve(given, klass->params, error);
  if (resolved == NULL)
    return NULL;

  AgonGame *game = g_new0(AgonGame, 1);
  game->klass = klass;
  game->ref_count = 1;
  game->type = klass->type;
  game->params = resolved;
  game->string = agon_params_get_size(given) ? agon_params_to_string(given)
                                             : g_strdup_printf("%s()", name);
  if (!klass->init(game, resolved, error) || !game_check_sizes(game, error)) {
    game_free(game);
    return NULL;
  }
  agon__game_derive(game);
  return game;
}

void
agon__game_derive(AgonGame *game)
{
  gboolean simultaneous = game->type.dynamics == AGON_DYNAMICS_SIMULTANEOUS;
  game->max_history_length =
    game->max_game_length * (simultaneous ? game->num_players : 1) + game->max_chance_nodes;
  game->max_actions = MAX(game->num_distinct_actions, game->max_chance_outcomes);
  game->payload_offset = ALIGN8(sizeof(AgonState));
  game->history_offset = ALIGN8(game->payload_offset + game->payload_size);
  game->state_size =
    ALIGN8(game->history_offset + sizeof(AgonAction) * (gsize) game->max_history_length);
  /* The initial state depends on the parameters alone: build it once, and
   * let every playout start with one memcpy instead of two calls. */
  AgonState *initial = g_malloc0(game->history_offset);
  initial->game = game;
  game->klass->initial(game, agon__state_payload(initial));
  initial->current_player =
    (gint16) game->klass->current_player(game, agon__state_payload(initial));
  game->initial_state = initial;
}

AgonGame *
agon_game_ref(AgonGame *game)
{
  g_return_val_if_fail(game != NULL, NULL);
  g_atomic_int_inc(&game->ref_count);
  return game;
}

void
agon_game_unref(AgonGame *game)
{
  if (game != NULL && g_atomic_int_dec_and_test(&game->ref_count))
    game_free(game);
}

const char *
agon_game_get_string(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, NULL);
  return game->string;
}

const AgonParams *
agon_game_get_params(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, NULL);
  return game->params;
}

const AgonGameType *
agon_game_get_type(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, NULL);
  return &game->type;
}

const AgonParamSpec *
agon_game_get_param_specs(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, NULL);
  return game->klass->params;
}

#define GETTER(type, name, field)                                                            \
  type agon_game_get_##name(const AgonGame *game)                                            \
  {                                                                                          \
    g_return_val_if_fail(game != NULL, 0);                                                   \
    return game->field;                                                                      \
  }

GETTER(int, num_players, num_players)
GETTER(int, num_distinct_actions, num_distinct_actions)
GETTER(int, max_chance_outcomes, max_chance_outcomes)
GETTER(int, max_game_length, max_game_length)
GETTER(int, max_history_length, max_history_length)
GETTER(double, min_utility, min_utility)
GETTER(double, max_utility, max_utility)
GETTER(double, utility_sum, utility_sum)
GETTER(gsize, state_size, state_size)
GETTER(int, max_actions, max_actions)

AgonTensorShape
agon_game_get_information_state_tensor_shape(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, (AgonTensorShape) { 0 });
  return game->info_state_shape;
}

AgonTensorShape
agon_game_get_observation_tensor_shape(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, (AgonTensorShape) { 0 });
  return game->observation_shape;
}

static gsize
shape_size(const AgonTensorShape *shape)
{
  if (shape->rank == 0)
    return 0;
  gsize n = 1;
  for (int i = 0; i < shape->rank; i++)
    n *= (gsize) shape->dims[i];
  return n;
}

gsize
agon_game_get_information_state_tensor_size(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, 0);
  return shape_size(&game->info_state_shape);
}

gsize
agon_game_get_observation_tensor_size(const AgonGame *game)
{
  g_return_val_if_fail(game != NULL, 0);
  return shape_size(&game->observation_shape);
}

/* ---- States ------------------------------------------------------------ */

static inline AgonAction *
history_of(AgonState *state)
{
  return (AgonAction *) ((char *) state + state->game->history_offset);
}

static inline const AgonAction *
history_of_const(const AgonState *state)
{
  return (const AgonAction *) ((const char *) state + state->game->history_offset);
}

/* That a game's apply returned what its current_player says. */
static inline void
check_player(const AgonState *state)
{
#ifdef AGON_EXTRA_CHECKS
  const AgonGame *game = state->game;
  g_assert_cmpint(state->current_player, ==,
                  game->klass->current_player(game, agon__state_payload_const(state)));
#else
  (void) state;
#endif
}

AgonState *
agon_state_init_initial(const AgonGame *game, void *memory)
{
  g_return_val_if_fail(game != NULL && memory != NULL, NULL);
  /* History entries past history_length are never read: leave them. */
  memcpy(memory, game->initial_state, game->history_offset);
  return memory;
}

/* A heap state carries its game reference in a prefix before the state,
 * outside the bytes agon_state_copy() writes: copying into a heap state
 * then keeps the reference, and a caller's buffer needs none. 16 bytes
 * keep the state aligned as g_malloc's memory is. */
typedef struct {
  AgonGame *game;
  gpointer unused;
} HeapPrefix;

G_STATIC_ASSERT(sizeof(HeapPrefix) == 16);

static AgonState *
heap_state_alloc(AgonGame *game)
{
  HeapPrefix *prefix = g_malloc(sizeof(HeapPrefix) + game->state_size);
  prefix->game = agon_game_ref(game);
  return (AgonState *) (prefix + 1);
}

void
agon_state_reset(AgonState *state)
{
  g_return_if_fail(state != NULL);
  agon_state_init_initial(state->game, state);
}

AgonState *
agon_state_new_initial(AgonGame *game)
{
  g_return_val_if_fail(game != NULL, NULL);
  return agon_state_init_initial(game, heap_state_alloc(game));
}

AgonState *
agon_state_clone(const AgonState *state)
{
  g_return_val_if_fail(state != NULL, NULL);
  AgonState *copy = heap_state_alloc((AgonGame *) state->game);
  memcpy(copy, state, state->game->state_size);
  return copy;
}

void
agon_state_free(AgonState *state)
{
  if (state == NULL)
    return;
  HeapPrefix *prefix = (HeapPrefix *) state - 1;
  agon_game_unref(prefix->game);
  g_free(prefix);
}

void
agon_state_copy(AgonState *dst, const AgonState *src)
{
  memcpy(dst, src, src->game->state_size);
}

const AgonGame *
agon_state_get_game(const AgonState *state)
{
  g_return_val_if_fail(state != NULL, NULL);
  return state->game;
}

int
agon_state_current_player(const AgonState *state)
{
  return state->current_player;
}

gboolean
agon_state_is_terminal(const AgonState *state)
{
  return agon_state_current_player(state) == AGON_PLAYER_TERMINAL;
}

gboolean
agon_state_is_chance_node(const AgonState *state)
{
  return agon_state_current_player(state) == AGON_PLAYER_CHANCE;
}

gboolean
agon_state_is_simultaneous_node(const AgonState *state)
{
  return agon_state_current_player(state) == AGON_PLAYER_SIMULTANEOUS;
}

int
agon_state_legal_actions(const AgonState *state, AgonAction *actions)
{
  int player = state->current_player;
  if (player == AGON_PLAYER_TERMINAL || player == AGON_PLAYER_SIMULTANEOUS)
    return 0;
  return state->game->klass->legal_actions(state->game, agon__state_payload_const(state), player,
                                           actions);
}

int
agon_state_player_legal_actions(const AgonState *state, int player, AgonAction *actions)
{
  g_return_val_if_fail(player >= 0 && player < state->game->num_players, 0);
  int current = agon_state_current_player(state);
  if (current != player && current != AGON_PLAYER_SIMULTANEOUS)
    return 0;
  return state->game->klass->legal_actions(state->game, agon__state_payload_const(state), player,
                                           actions);
}

static gboolean
in_list(const AgonAction *actions, int n, AgonAction action)
{
  for (int i = 0; i < n; i++)
    if (actions[i] == action)
      return TRUE;
  return FALSE;
}

gboolean
agon_state_is_legal(const AgonState *state, AgonAction action)
{
  AgonAction actions[state->game->max_actions];
  int n = agon_state_legal_actions(state, actions);
  return in_list(actions, n, action);
}

int
agon_state_chance_outcomes(const AgonState *state, AgonChanceOutcome *outcomes)
{
  if (state->current_player != AGON_PLAYER_CHANCE)
    return 0;
  return state->game->klass->chance_outcomes(state->game, agon__state_payload_const(state),
                                             outcomes);
}

/* Without the game's sampler: scan the outcome list. Out of line, so
 * that the fast path below needs no stack frame. */
G_GNUC_NO_INLINE static AgonAction
sample_from_outcomes(const AgonState *state, AgonRng *rng)
{
  AgonChanceOutcome outcomes[state->game->max_chance_outcomes];
  int n = agon_state_chance_outcomes(state, outcomes);
  g_return_val_if_fail(n > 0, -1);
  double u = agon_rng_uniform(rng);
  for (int i = 0; i < n - 1; i++) {
    u -= outcomes[i].probability;
    if (u < 0)
      return outcomes[i].action;
  }
  return outcomes[n - 1].action;
}

AgonAction
agon_state_sample_chance(const AgonState *state, AgonRng *rng)
{
  const AgonGame *game = state->game;
  g_return_val_if_fail(state->current_player == AGON_PLAYER_CHANCE, -1);
  if (G_LIKELY(game->klass->sample_chance))
    return game->klass->sample_chance(game, agon__state_payload_const(state), rng);
  return sample_from_outcomes(state, rng);
}

void
agon_state_apply(AgonState *state, AgonAction action)
{
  const AgonGame *game = state->game;
  g_assert(state->history_length < game->max_history_length);
  history_of(state)[state->history_length++] = action;
  state->move_number++;
  void *payload = agon__state_payload(state);
  state->current_player = (gint16) game->klass->apply(game, payload, action);
  check_player(state);
}

static void
append_legal_names(const AgonState *state, int player, GString *out)
{
  AgonAction actions[state->game->max_actions];
  int n = player == AGON_PLAYER_INVALID ? agon_state_legal_actions(state, actions)
                                        : agon_state_player_legal_actions(state, player, actions);
  int shown = player == AGON_PLAYER_INVALID ? agon_state_current_player(state) : player;
  for (int i = 0; i < n; i++) {
    g_string_append(out, i ? ", " : "");
    agon_state_action_to_string(state, shown, actions[i], out);
  }
}

gboolean
agon_state_apply_checked(AgonState *state, AgonAction action, GError **error)
{
  g_return_val_if_fail(state != NULL, FALSE);
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_TERMINAL || player == AGON_PLAYER_SIMULTANEOUS) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_ILLEGAL_ACTION,
                "action %d: the state is %s", action,
                player == AGON_PLAYER_TERMINAL ? "terminal" : "a simultaneous node");
    return FALSE;
  }
  if (!agon_state_is_legal(state, action)) {
    g_autoptr(GString) legal = g_string_new(NULL);
    append_legal_names(state, AGON_PLAYER_INVALID, legal);
    g_set_error(error, AGON_ERROR, AGON_ERROR_ILLEGAL_ACTION,
                "action %d is not legal here (legal: %s)", action, legal->str);
    return FALSE;
  }
  agon_state_apply(state, action);
  return TRUE;
}

void
agon_state_apply_joint(AgonState *state, const AgonAction *actions)
{
  const AgonGame *game = state->game;
  g_assert(state->history_length + game->num_players <= game->max_history_length);
  memcpy(history_of(state) + state->history_length, actions,
         sizeof(AgonAction) * (gsize) game->num_players);
  state->history_length += game->num_players;
  state->move_number++;
  void *payload = agon__state_payload(state);
  state->current_player = (gint16) game->klass->apply_joint(game, payload, actions);
  check_player(state);
}

gboolean
agon_state_apply_joint_checked(AgonState *state, const AgonAction *actions, GError **error)
{
  g_return_val_if_fail(state != NULL && actions != NULL, FALSE);
  if (!agon_state_is_simultaneous_node(state)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_ILLEGAL_ACTION,
                "a joint action needs a simultaneous node");
    return FALSE;
  }
  AgonAction legal[state->game->max_actions];
  for (int p = 0; p < state->game->num_players; p++) {
    int n = agon_state_player_legal_actions(state, p, legal);
    if (!in_list(legal, n, actions[p])) {
      g_autoptr(GString) names = g_string_new(NULL);
      append_legal_names(state, p, names);
      g_set_error(error, AGON_ERROR, AGON_ERROR_ILLEGAL_ACTION,
                  "action %d is not legal for player %d (legal: %s)", actions[p], p, names->str);
      return FALSE;
    }
  }
  agon_state_apply_joint(state, actions);
  return TRUE;
}

void
agon_state_returns(const AgonState *state, double *returns)
{
  state->game->klass->returns(state->game, agon__state_payload_const(state), returns);
}

void
agon_state_rewards(const AgonState *state, double *rewards)
{
  const AgonGame *game = state->game;
  if (game->klass->rewards) {
    game->klass->rewards(game, agon__state_payload_const(state), rewards);
    return;
  }
  if (agon_state_is_terminal(state)) {
    agon_state_returns(state, rewards);
    return;
  }
  for (int p = 0; p < game->num_players; p++)
    rewards[p] = 0;
}

/* ---- Information ------------------------------------------------------ */

void
agon_state_information_state_string(const AgonState *state, int player, GString *out)
{
  const AgonGame *game = state->game;
  g_return_if_fail(player >= 0 && player < game->num_players);
  g_return_if_fail(game->klass->information_state_string != NULL);
  game->klass->information_state_string(game, agon__state_payload_const(state), player, out);
}

char *
agon_state_information_state(const AgonState *state, int player)
{
  g_autoptr(GString) out = g_string_new(NULL);
  agon_state_information_state_string(state, player, out);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

void
agon_state_information_state_tensor(const AgonState *state, int player, float *values)
{
  const AgonGame *game = state->game;
  g_return_if_fail(player >= 0 && player < game->num_players);
  g_return_if_fail(game->klass->information_state_tensor != NULL);
  memset(values, 0, sizeof(float) * agon_game_get_information_state_tensor_size(game));
  game->klass->information_state_tensor(game, agon__state_payload_const(state), player, values);
}

void
agon_state_observation_string(const AgonState *state, int player, GString *out)
{
  const AgonGame *game = state->game;
  g_return_if_fail(player >= 0 && player < game->num_players);
  g_return_if_fail(game->klass->observation_string != NULL);
  game->klass->observation_string(game, agon__state_payload_const(state), player, out);
}

void
agon_state_observation_tensor(const AgonState *state, int player, float *values)
{
  const AgonGame *game = state->game;
  g_return_if_fail(player >= 0 && player < game->num_players);
  g_return_if_fail(game->klass->observation_tensor != NULL);
  memset(values, 0, sizeof(float) * agon_game_get_observation_tensor_size(game));
  game->klass->observation_tensor(game, agon__state_payload_const(state), player, values);
}

void
agon_state_to_string(const AgonState *state, GString *out)
{
  const AgonGame *game = state->game;
  if (game->klass->to_string) {
    game->klass->to_string(game, agon__state_payload_const(state), out);
    return;
  }
  g_autofree char *history = agon_state_serialize(state);
  g_string_append(out, history);
}

/* ---- Actions and histories --------------------------------------------- */

void
agon_state_action_to_string(const AgonState *state, int player, AgonAction action, GString *out)
{
  const AgonGame *game = state->game;
  game->klass->action_to_string(game, agon__state_payload_const(state), player, action, out);
}

AgonAction
agon_state_string_to_action(const AgonState *state, int player, const char *text,
                            GError **error)
{
  g_return_val_if_fail(state != NULL && text != NULL, -1);
  if (player == AGON_PLAYER_INVALID)
    player = agon_state_current_player(state);
  AgonAction actions[state->game->max_actions];
  int n = 0;
  if (player == AGON_PLAYER_CHANCE)
    n = agon_state_legal_actions(state, actions);
  else if (player >= 0 && player < state->game->num_players)
    n = agon_state_player_legal_actions(state, player, actions);
  g_autofree char *wanted = g_strstrip(g_strdup(text));
  g_autoptr(GString) name = g_string_new(NULL);
  for (int i = 0; i < n; i++) {
    g_string_truncate(name, 0);
    agon_state_action_to_string(state, player, actions[i], name);
    if (g_ascii_strcasecmp(name->str, wanted) == 0)
      return actions[i];
  }
  char *end = NULL;
  gint64 number = g_ascii_strtoll(wanted, &end, 10);
  if (*wanted != '\0' && *end == '\0' && in_list(actions, n, (AgonAction) number)
      && number == (AgonAction) number)
    return (AgonAction) number;
  g_autoptr(GString) legal = g_string_new(NULL);
  append_legal_names(state, player == AGON_PLAYER_CHANCE ? AGON_PLAYER_INVALID : player, legal);
  g_set_error(error, AGON_ERROR, AGON_ERROR_ILLEGAL_ACTION, "'%s' is not a legal move (legal: %s)",
              wanted, n ? legal->str : "none");
  return -1;
}

const AgonAction *
agon_state_get_history(const AgonState *state, int *length)
{
  g_return_val_if_fail(state != NULL, NULL);
  if (length)
    *length = state->history_length;
  return history_of_const(state);
}

int
agon_state_move_number(const AgonState *state)
{
  g_return_val_if_fail(state != NULL, 0);
  return state->move_number;
}

char *
agon_state_serialize(const AgonState *state)
{
  g_return_val_if_fail(state != NULL, NULL);
  g_autoptr(GString) out = g_string_new(NULL);
  const AgonAction *history = history_of_const(state);
  for (int i = 0; i < state->history_length; i++)
    g_string_append_printf(out, i ? " %d" : "%d", history[i]);
  return g_string_free(g_steal_pointer(&out), FALSE);
}

AgonState *
agon_state_deserialize(AgonGame *game, const char *text, GError **error)
{
  g_return_val_if_fail(game != NULL && text != NULL, NULL);
  g_auto(GStrv) tokens = g_strsplit_set(text, " \t\r\n,", -1);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonAction joint[game->num_players];
  int position = 0;
  for (char **t = tokens; *t; t++) {
    if (**t == '\0')
      continue;
    position++;
    char *end = NULL;
    gint64 value = g_ascii_strtoll(*t, &end, 10);
    if (*end != '\0' || value < 0 || value > G_MAXINT32) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_PARSE,
                  "%s: entry %d of the history, '%s', is not an action", game->string, position,
                  *t);
      return NULL;
    }
    g_autoptr(GError) inner = NULL;
    if (agon_state_is_simultaneous_node(state)) {
      /* A joint action is num_players consecutive entries. */
      joint[0] = (AgonAction) value;
      for (int p = 1; p < game->num_players; p++) {
        do
          t++;
        while (*t && **t == '\0');
        if (*t == NULL || (joint[p] = (AgonAction) g_ascii_strtoll(*t, &end, 10), *end != '\0')) {
          g_set_error(error, AGON_ERROR, AGON_ERROR_PARSE,
                      "%s: the history ends inside a joint action at entry %d", game->string,
                      position);
          return NULL;
        }
        position++;
      }
      if (!agon_state_apply_joint_checked(state, joint, &inner)) {
        g_set_error(error, AGON_ERROR, AGON_ERROR_ILLEGAL_ACTION, "%s: entry %d of the history: %s",
                    game->string, position, inner->message);
        return NULL;
      }
    } else if (!agon_state_apply_checked(state, (AgonAction) value, &inner)) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_ILLEGAL_ACTION, "%s: entry %d of the history: %s",
                  game->string, position, inner->message);
      return NULL;
    }
  }
  return g_steal_pointer(&state);
}
