/* agon: one game between bots, as a tournament plays it.
 *
 * Everything random in a game comes from two seeds: the bots' generators
 * are reseeded from @seed (one value per seat) and chance samples from
 * @chance_seed, so a game replays alone, on any thread. Every bot but the
 * mover is told each move, the state before it passed along, as bot.h
 * asks. */
#include "eval/eval-private.h"

#include <string.h>

AgonGameRecord *
agon__game_record_new(int num_seats)
{
  AgonGameRecord *record = g_new0(AgonGameRecord, 1);
  record->num_seats = num_seats;
  record->bots = g_new0(int, num_seats);
  record->returns = g_new0(double, num_seats);
  return record;
}

void
agon__game_record_free(AgonGameRecord *record)
{
  if (record == NULL)
    return;
  g_free(record->bots);
  g_free(record->returns);
  g_free(record->error);
  g_free(record->moves);
  g_free(record->policy_offsets);
  g_free(record->policy_sizes);
  g_free(record->policy_actions);
  g_free(record->policy_probs);
  g_free(record);
}

/* What a game with policies collects as it goes. */
typedef struct {
  GArray *offsets, *sizes, *actions, *probs;
  AgonAction *scratch_actions;
  double *scratch_probs;
} PolicyLog;

/* Adds the search policy of @bot (NULL: none) for the next history entry. */
static void
log_policy(PolicyLog *log, AgonBot *bot)
{
  if (log == NULL)
    return;
  int n = bot ? agon_bot_get_search_policy(bot, log->scratch_actions, log->scratch_probs) : 0;
  int offset = (int) log->actions->len;
  g_array_append_val(log->offsets, offset);
  g_array_append_val(log->sizes, n);
  g_array_append_vals(log->actions, log->scratch_actions, n);
  g_array_append_vals(log->probs, log->scratch_probs, n);
}

static void
inform_others(AgonBot *const *bots, int n_players, int except, const AgonState *state,
              int player, AgonAction action)
{
  for (int p = 0; p < n_players; p++)
    if (p != except)
      agon_bot_inform(bots[p], state, player, action);
}

/* Plays @state to the end; FALSE with @error when a bot fails. */
static gboolean
play(AgonBot *const *bots, AgonState *state, AgonRng *chance, PolicyLog *log, GError **error)
{
  int n_players = agon_game_get_num_players(agon_state_get_game(state));
  AgonAction joint[n_players];
  while (!agon_state_is_terminal(state)) {
    int player = agon_state_current_player(state);
    if (player == AGON_PLAYER_CHANCE) {
      AgonAction action = agon_state_sample_chance(state, chance);
      inform_others(bots, n_players, -1, state, player, action);
      log_policy(log, NULL);
      agon_state_apply(state, action);
    } else if (player == AGON_PLAYER_SIMULTANEOUS) {
      for (int p = 0; p < n_players; p++) {
        if ((joint[p] = agon_bot_step(bots[p], state, error)) < 0)
          return FALSE;
        log_policy(log, bots[p]);
      }
      for (int p = 0; p < n_players; p++)
        inform_others(bots, n_players, p, state, p, joint[p]);
      if (!agon_state_apply_joint_checked(state, joint, error))
        return FALSE;
    } else {
      AgonAction action = agon_bot_step(bots[player], state, error);
      if (action < 0)
        return FALSE;
      log_policy(log, bots[player]);
      inform_others(bots, n_players, player, state, player, action);
      if (!agon_state_apply_checked(state, action, error))
        return FALSE;
    }
  }
  return TRUE;
}

void
agon__play_game(const AgonGame *game, AgonBot *const *bots, guint64 seed, guint64 chance_seed,
                gboolean policies, void *memory, AgonGameRecord *record)
{
  int n_players = agon_game_get_num_players(game);
  gint64 start = g_get_monotonic_time();
  AgonRng seeds, chance;
  agon_rng_init(&seeds, seed);
  agon_rng_init(&chance, chance_seed);
  for (int p = 0; p < n_players; p++) {
    agon_bot_restart(bots[p]);
    agon_bot_set_seed(bots[p], agon_rng_next(&seeds));
  }
  record->seed = seed;
  record->chance_seed = chance_seed;
  AgonState *state = agon_state_init_initial(game, memory);

  int max_actions = agon_game_get_max_actions(game);
  PolicyLog log = { 0 };
  if (policies) {
    log.offsets = g_array_new(FALSE, FALSE, sizeof(int));
    log.sizes = g_array_new(FALSE, FALSE, sizeof(int));
    log.actions = g_array_new(FALSE, FALSE, sizeof(AgonAction));
    log.probs = g_array_new(FALSE, FALSE, sizeof(double));
    log.scratch_actions = g_new(AgonAction, max_actions);
    log.scratch_probs = g_new(double, max_actions);
  }
  g_autoptr(GError) error = NULL;
  record->failed = !play(bots, state, &chance, policies ? &log : NULL, &error);
  if (record->failed) {
    record->error = g_strdup(error->message);
    memset(record->returns, 0, sizeof(double) * n_players);
  } else {
    agon_state_returns(state, record->returns);
    /* -0.0 becomes 0.0, as SQLite stores it: a game read back from the
     * database is then the game as played. */
    for (int p = 0; p < n_players; p++)
      record->returns[p] += 0.0;
  }
  int length = 0;
  const AgonAction *history = agon_state_get_history(state, &length);
  record->num_moves = length;
  record->moves = g_memdup2(history, sizeof(AgonAction) * length);
  if (policies) {
    /* A failed move left an entry without its action: keep them paired. */
    g_array_set_size(log.offsets, MIN(log.offsets->len, (guint) length));
    g_array_set_size(log.sizes, log.offsets->len);
    record->policy_offsets = (int *) g_array_free(log.offsets, FALSE);
    record->policy_sizes = (int *) g_array_free(log.sizes, FALSE);
    record->policy_actions = (AgonAction *) g_array_free(log.actions, FALSE);
    record->policy_probs = (double *) g_array_free(log.probs, FALSE);
    g_free(log.scratch_actions);
    g_free(log.scratch_probs);
  }
  record->seconds = (double) (g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}
