/* agon: the conformance test every registered game must pass.
 *
 * Seeded random playouts check the contract of the game API (after
 * OpenSpiel's basic_tests): legal actions non-empty, strictly ascending and
 * in range; chance outcomes positive and summing to 1; returns within the
 * utility bounds and consistent with the utility type; rewards adding up to
 * returns; copies and deserialized states behaving exactly like the
 * original for the rest of the game; action names distinct and parsed
 * back; illegal actions refused by the checked entry points; and a
 * player's information state unchanged by chance outcomes the player did
 * not observe.
 *
 * Every registered game is checked with its default parameters; games
 * needing parameters, and interesting variants, are listed in
 * extra_games[]. */
#include "testutil.h"

#include <math.h>

#define PLAYOUTS 150
#define SWAP_PLAYOUTS 30
/* Long games (battleship) get fewer playouts: at most about this many
 * moves per game string, and at least MIN_PLAYOUTS playouts. */
#define MOVE_BUDGET 20000
#define MIN_PLAYOUTS 10
/* Full descriptions of the copies are compared at about this many points
 * of a playout (and at its end); cheap checks run at every move. */
#define DESCRIBE_POINTS 12

/* Game strings checked besides each registered game's defaults. */
static const char *const extra_games[] = {
  "kuhn_poker(players=3)",
  "battleship(board_width=2,board_height=2,ship_sizes=[2],ship_values=[1],num_shots=3)",
  "battleship(board_width=3,board_height=2,ship_sizes=[1;2],ship_values=[1;2],num_shots=4,"
  "allow_repeated_shots=false,loss_multiplier=2)",
  "kuhn_poker(players=10)",
  "leduc_poker(players=3)",
  "leduc_poker(suit_isomorphism=true)",
  "liars_dice(numdice=2,dice_sides=3)",
  "liars_dice(numdice=3,bidding_rule=reset-quantity)",
  "goofspiel(imp_info=true,num_cards=4,points_order=descending)",
  "goofspiel(num_cards=4,points_order=ascending,returns_type=total_points)",
  "goofspiel(players=3,num_cards=4,imp_info=true,egocentric=true,returns_type=point_difference)",
  "goofspiel(num_cards=5,num_turns=4,imp_info=true)",
  "goofspiel(num_cards=6,num_turns=3,players=4)",
  "turn_based_simultaneous_game(game=goofspiel(num_cards=4,imp_info=true))",
  "turn_based_simultaneous_game(game=matrix_pd)",
  "connect_four(rows=4,columns=5,x_in_row=3)",
  "connect_four(rows=9,columns=9,egocentric_obs_tensor=true)",
  "phantom_ttt(gameversion=abrupt)",
  "phantom_ttt(obstype=reveal-numturns)",
  "dark_hex(num_rows=5,num_cols=3)",
  "dark_hex(gameversion=adh,obstype=reveal-numturns,num_rows=2)",
  "matrix(rows=2,cols=3,row_payoffs=\"1 2 3 4 5 6\",col_payoffs=\"6 5 4 3 2 1\")",
  /* Files under tests/data, named "@DATA@/..." (see with_data_dir). */
  "efg_game(filename=\"@DATA@/gambit/kuhn_poker.efg\")",
  "efg_game(filename=\"@DATA@/gambit/sample.efg\")",
  "efg_game(filename=\"@DATA@/gambit/handwritten.efg\")",
  "efg_game(filename=\"@DATA@/gambit/3_player_with_nonterm_outcomes.efg\")",
  "efg_game(filename=\"@DATA@/gambit/chance_root_3_moves_only_one_nonzero_prob.efg\")",
  "efg_game(filename=\"@DATA@/gambit/AM-driver-one-infoset.efg\")",
  "efg_game(filename=\"@DATA@/gambit/selten_horse.efg\")",
  "efg_game(filename=\"@DATA@/gambit/large_payoff_game.efg\")",
  "nfg_game(filename=\"@DATA@/gambit/2x2x2.nfg\")",
  "nfg_game(filename=\"@DATA@/gambit/e04.nfg\")",
  "nfg_game(filename=\"@DATA@/gambit/const_sum_game.nfg\")",
};

static void
check_action_list(const AgonState *state, int player, const AgonAction *actions, int n)
{
  const AgonGame *game = agon_state_get_game(state);
  int limit = player == AGON_PLAYER_CHANCE ? agon_game_get_max_chance_outcomes(game)
                                           : agon_game_get_num_distinct_actions(game);
  assert_true(n > 0);
  g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < n; i++) {
    if (actions[i] < 0 || actions[i] >= limit)
      fail_msg("%s: action %d out of range 0..%d", agon_game_get_string(game), actions[i],
               limit - 1);
    if (i > 0 && actions[i] <= actions[i - 1])
      fail_msg("%s: legal actions not strictly ascending", agon_game_get_string(game));
    g_autoptr(GString) name = g_string_new(NULL);
    agon_state_action_to_string(state, player, actions[i], name);
    if (name->len == 0)
      fail_msg("%s: action %d has an empty name", agon_game_get_string(game), actions[i]);
    if (!g_hash_table_add(names, g_strdup(name->str)))
      fail_msg("%s: two legal actions are named '%s'", agon_game_get_string(game), name->str);
    /* Parsing back is linear in the number of actions: try a few. */
    if (i != 0 && i != n - 1 && i != n / 2)
      continue;
    g_autoptr(GError) error = NULL;
    AgonAction back = agon_state_string_to_action(state, player, name->str, &error);
    if (back != actions[i])
      fail_msg("%s: '%s' parses back as %d, not %d", agon_game_get_string(game), name->str,
               back, actions[i]);
  }
}

static void
check_chance(const AgonState *state)
{
  const AgonGame *game = agon_state_get_game(state);
  AgonChanceOutcome outcomes[agon_game_get_max_chance_outcomes(game)];
  AgonAction actions[agon_game_get_max_actions(game)];
  int n = agon_state_chance_outcomes(state, outcomes);
  int m = agon_state_legal_actions(state, actions);
  assert_int_equal(n, m);
  double sum = 0;
  for (int i = 0; i < n; i++) {
    assert_int_equal(outcomes[i].action, actions[i]);
    if (!(outcomes[i].probability > 0))
      fail_msg("%s: chance outcome %d has probability %g", agon_game_get_string(game),
               outcomes[i].action, outcomes[i].probability);
    sum += outcomes[i].probability;
  }
  assert_near(sum, 1.0, 1e-9);
}

static void
check_returns(const AgonState *state, const double *reward_sum)
{
  const AgonGame *game = agon_state_get_game(state);
  const AgonGameType *type = agon_game_get_type(game);
  int n_players = agon_game_get_num_players(game);
  double returns[n_players];
  agon_state_returns(state, returns);
  double sum = 0;
  for (int p = 0; p < n_players; p++) {
    /* Bounds and sums are tested on returns, which rewards must add up to. */
    assert_near(reward_sum[p], returns[p], 1e-9);
    if (!agon_state_is_terminal(state)) {
      if (type->reward_model == AGON_REWARD_TERMINAL)
        assert_near(returns[p], 0, 0);
      continue;
    }
    if (returns[p] < agon_game_get_min_utility(game) - 1e-9
        || returns[p] > agon_game_get_max_utility(game) + 1e-9)
      fail_msg("%s: return %g of player %d outside %g..%g", agon_game_get_string(game),
               returns[p], p, agon_game_get_min_utility(game), agon_game_get_max_utility(game));
    sum += returns[p];
  }
  if (!agon_state_is_terminal(state))
    return;
  if (type->utility == AGON_UTILITY_ZERO_SUM)
    assert_near(sum, 0, 1e-9);
  else if (type->utility == AGON_UTILITY_CONSTANT_SUM)
    assert_near(sum, agon_game_get_utility_sum(game), 1e-9);
  else if (type->utility == AGON_UTILITY_IDENTICAL)
    for (int p = 1; p < n_players; p++)
      assert_near(returns[p], returns[0], 1e-9);
}

/* An action id in range that is not legal, or -1 if every one is legal. */
static AgonAction
some_illegal_action(const AgonAction *legal, int n, int limit)
{
  for (AgonAction a = 0, i = 0; a < limit; a++) {
    while (i < n && legal[i] < a)
      i++;
    if (i == n || legal[i] != a)
      return a;
  }
  return -1;
}

static void
check_checked_entry_points(const AgonState *state, const AgonAction *legal, int n)
{
  const AgonGame *game = agon_state_get_game(state);
  int player = agon_state_current_player(state);
  int limit = player == AGON_PLAYER_CHANCE ? agon_game_get_max_chance_outcomes(game)
                                           : agon_game_get_num_distinct_actions(game);
  AgonAction bad = some_illegal_action(legal, n, limit);
  g_autoptr(AgonState) copy = agon_state_clone(state);
  g_autoptr(GError) error = NULL;
  if (bad >= 0) {
    assert_false(agon_state_apply_checked(copy, bad, &error));
    assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
    g_clear_error(&error);
  }
  assert_false(agon_state_apply_checked(copy, limit + 7, &error));
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  g_autofree char *before = agon_state_serialize(state);
  g_autofree char *after = agon_state_serialize(copy);
  assert_string_equal(before, after);
  assert_int_equal(agon_state_current_player(state), agon_state_current_player(copy));
}

/* Applies one random move to each of @states (all equal), checking the
 * node on the way. */
static void
step_all(AgonState **states, int n_states, AgonRng *rng, double *reward_sum)
{
  const AgonState *state = states[0];
  const AgonGame *game = agon_state_get_game(state);
  int n_players = agon_game_get_num_players(game);
  AgonAction actions[agon_game_get_max_actions(game)];
  AgonAction joint[n_players];
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_SIMULTANEOUS) {
    for (int p = 0; p < n_players; p++) {
      int n = agon_state_player_legal_actions(state, p, actions);
      check_action_list(state, p, actions, n);
      joint[p] = actions[agon_rng_below(rng, (guint32) n)];
    }
    for (int i = 0; i < n_states; i++)
      agon_state_apply_joint(states[i], joint);
  } else {
    assert_true(player == AGON_PLAYER_CHANCE || (player >= 0 && player < n_players));
    int n = agon_state_legal_actions(state, actions);
    check_action_list(state, player, actions, n);
    if (player == AGON_PLAYER_CHANCE)
      check_chance(state);
    else
      for (int p = 0; p < n_players; p++)
        assert_int_equal(agon_state_player_legal_actions(state, p, actions) > 0, p == player);
    n = agon_state_legal_actions(state, actions);
    check_checked_entry_points(state, actions, n);
    AgonAction action = player == AGON_PLAYER_CHANCE ? agon_state_sample_chance(state, rng)
                                                     : actions[agon_rng_below(rng, (guint32) n)];
    for (int i = 0; i < n_states; i++)
      agon_state_apply(states[i], action);
  }
  double rewards[n_players];
  agon_state_rewards(states[0], rewards);
  for (int p = 0; p < n_players; p++)
    reward_sum[p] += rewards[p];
}

/* One playout of the original state, a memcpy copy and a deserialized
 * copy made at a random point, compared after every move. */
static int
check_playout(AgonGame *game, AgonRng *rng)
{
  int n_players = agon_game_get_num_players(game);
  double reward_sum[n_players];
  memset(reward_sum, 0, sizeof reward_sum);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autofree void *buffer = g_malloc(agon_game_get_state_size(game));
  AgonState *copy = NULL;
  g_autoptr(AgonState) restored = NULL;
  int split = (int) agon_rng_below(rng, (guint32) agon_game_get_max_history_length(game) + 1);
  int player_moves = 0, moves = 0;
  guint32 max_length = (guint32) agon_game_get_max_history_length(game) + 1;
  g_autoptr(GString) a = g_string_new(NULL), b = g_string_new(NULL);
  for (;;) {
    int length = 0;
    agon_state_get_history(state, &length);
    if (copy == NULL && (length >= split || agon_state_is_terminal(state))) {
      copy = buffer;
      agon_state_copy(copy, state);
      g_autofree char *text = agon_state_serialize(state);
      g_autoptr(GError) error = NULL;
      restored = agon_state_deserialize(game, text, &error);
      if (restored == NULL)
        fail_msg("%s: '%s' does not deserialize: %s", agon_game_get_string(game), text,
                 error->message);
    }
    gboolean full = agon_rng_below(rng, max_length) < DESCRIBE_POINTS;
    if (copy && (full || agon_state_is_terminal(state))) {
      g_string_truncate(a, 0);
      g_string_truncate(b, 0);
      test_describe_state(state, a);
      test_describe_state(copy, b);
      assert_string_equal(a->str, b->str);
      g_string_truncate(b, 0);
      test_describe_state(restored, b);
      assert_string_equal(a->str, b->str);
    } else if (copy) {
      g_autofree char *x = agon_state_serialize(state);
      g_autofree char *y = agon_state_serialize(copy);
      g_autofree char *z = agon_state_serialize(restored);
      assert_string_equal(x, y);
      assert_string_equal(x, z);
      assert_int_equal(agon_state_current_player(state), agon_state_current_player(copy));
      assert_int_equal(agon_state_current_player(state), agon_state_current_player(restored));
    }
    check_returns(state, reward_sum);
    if (agon_state_is_terminal(state))
      break;
    if (agon_state_current_player(state) != AGON_PLAYER_CHANCE)
      player_moves++;
    AgonState *all[3] = { state, copy, restored };
    step_all(all, copy ? 3 : 1, rng, reward_sum);
    moves++;
    agon_state_get_history(state, &length);
    assert_true(length <= agon_game_get_max_history_length(game));
  }
  assert_true(player_moves <= agon_game_get_max_game_length(game));
  return moves;
}

/* Replays @history with entry @at replaced by @outcome, as far as it stays
 * legal, into @out (a heap state). Returns how many entries were applied. */
static int
replay_with(AgonGame *game, const AgonAction *history, int length, int at, AgonAction outcome,
            AgonState **states, int max_states)
{
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  int n_players = agon_game_get_num_players(game);
  int applied = 0, i = 0;
  while (i < length && applied < max_states) {
    g_autoptr(GError) error = NULL;
    if (agon_state_is_simultaneous_node(state)) {
      if (!agon_state_apply_joint_checked(state, history + i, &error))
        break;
      i += n_players;
    } else {
      AgonAction action = i == at ? outcome : history[i];
      if (!agon_state_apply_checked(state, action, &error))
        break;
      i++;
    }
    states[applied++] = agon_state_clone(state);
  }
  return applied;
}

/* Swapping a chance outcome that player p did not observe must not change
 * p's information state anywhere later in the game (until it ends). */
static void
check_unobserved_chance(AgonGame *game, AgonRng *rng)
{
  const AgonGameType *type = agon_game_get_type(game);
  if (type->chance_mode != AGON_CHANCE_EXPLICIT_STOCHASTIC
      || !type->provides_information_state_string)
    return;
  int n_players = agon_game_get_num_players(game);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  test_random_playout(state, rng);
  int length = 0;
  const AgonAction *history_ref = agon_state_get_history(state, &length);
  g_autofree AgonAction *history = g_memdup2(history_ref, sizeof(AgonAction) * (gsize) length);
  int max_states = length;
  AgonState *orig[max_states + 1], *alt[max_states + 1];
  int n_orig = replay_with(game, history, length, -1, 0, orig, max_states);
  AgonChanceOutcome outcomes[MAX(1, agon_game_get_max_chance_outcomes(game))];
  g_autoptr(AgonState) walker = agon_state_new_initial(game);
  for (int i = 0, step = 0; i < length; step++) {
    if (!agon_state_is_chance_node(walker)) {
      if (agon_state_is_simultaneous_node(walker)) {
        agon_state_apply_joint(walker, history + i);
        i += n_players;
      } else {
        agon_state_apply(walker, history[i++]);
      }
      continue;
    }
    int n = agon_state_chance_outcomes(walker, outcomes);
    for (int k = 0; k < n; k++) {
      if (outcomes[k].action == history[i])
        continue;
      int n_alt = replay_with(game, history, length, i, outcomes[k].action, alt, max_states);
      for (int p = 0; p < n_players; p++) {
        g_autofree char *before = agon_state_information_state(orig[step], p);
        g_autofree char *after = n_alt > step ? agon_state_information_state(alt[step], p) : NULL;
        if (after == NULL || strcmp(before, after) != 0)
          continue; /* p observed the outcome */
        for (int j = step; j < MIN(n_orig, n_alt); j++) {
          if (agon_state_is_terminal(orig[j]) || agon_state_is_terminal(alt[j]))
            break;
          g_autofree char *x = agon_state_information_state(orig[j], p);
          g_autofree char *y = agon_state_information_state(alt[j], p);
          if (strcmp(x, y) != 0)
            fail_msg("%s: player %d's information state depends on chance outcome %d at "
                     "entry %d, which the player did not observe: '%s' vs '%s'",
                     agon_game_get_string(game), p, outcomes[k].action, i, x, y);
        }
      }
      for (int j = 0; j < n_alt; j++)
        agon_state_free(alt[j]);
    }
    agon_state_apply(walker, history[i++]);
  }
  for (int j = 0; j < n_orig; j++)
    agon_state_free(orig[j]);
}

/* The sampler (a game's fast path, or the generic one) draws each chance
 * outcome with its listed probability: frequencies over many draws stay
 * within 5 standard deviations. */
static void
check_sampler(const AgonState *state, AgonRng *rng)
{
  const AgonGame *game = agon_state_get_game(state);
  int max = agon_game_get_max_chance_outcomes(game);
  AgonChanceOutcome outcomes[max];
  int n = agon_state_chance_outcomes(state, outcomes);
  const int draws = 4000;
  int counts[n];
  memset(counts, 0, sizeof counts);
  for (int d = 0; d < draws; d++) {
    AgonAction a = agon_state_sample_chance(state, rng);
    int i = 0;
    while (i < n && outcomes[i].action != a)
      i++;
    if (i == n)
      fail_msg("%s: sampled chance outcome %d is not listed", agon_game_get_string(game), a);
    counts[i]++;
  }
  for (int i = 0; i < n; i++) {
    double p = outcomes[i].probability, freq = (double) counts[i] / draws;
    double sigma = sqrt(p * (1 - p) / draws);
    if (fabs(freq - p) > 5 * sigma + 1e-9)
      fail_msg("%s: chance outcome %d sampled with frequency %g, listed probability %g",
               agon_game_get_string(game), outcomes[i].action, freq, p);
  }
}

static void
check_samplers(AgonGame *game, AgonRng *rng)
{
  int checked = 0;
  for (int i = 0; i < 5 && checked < 12; i++) {
    g_autoptr(AgonState) state = agon_state_new_initial(game);
    while (!agon_state_is_terminal(state) && checked < 12) {
      if (agon_state_is_chance_node(state)) {
        check_sampler(state, rng);
        checked++;
      }
      test_random_step(state, rng);
    }
  }
}

static void
test_conformance(void **state)
{
  const char *game_string = *state;
  g_autoptr(AgonGame) game = test_game_new(game_string);
  AgonRng rng;
  agon_rng_init(&rng, g_str_hash(game_string));
  int moves = 0, played = 0;
  while (played < PLAYOUTS && (played < MIN_PLAYOUTS || moves < MOVE_BUDGET)) {
    moves += check_playout(game, &rng);
    played++;
  }
  /* A swap playout replays the game once per alternative chance outcome. */
  int swaps = CLAMP(SWAP_PLAYOUTS * played / PLAYOUTS, MIN_PLAYOUTS, SWAP_PLAYOUTS);
  for (int i = 0; i < swaps; i++)
    check_unobserved_chance(game, &rng);
  check_samplers(game, &rng);
}

/* Default parameters load, or the game says a parameter is required. */
static gboolean
default_loads(const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(name, &error);
  if (game == NULL && !(error->code == AGON_ERROR_INVALID_VALUE
                        && strstr(error->message, "is required")))
    fail_msg("%s: %s", name, error->message);
  return game != NULL;
}

/* The game string with "@DATA@/" replaced by the tests/data directory,
 * which is known only at run time. */
int
main(void)
{
  g_autoptr(GArray) tests = g_array_new(FALSE, TRUE, sizeof(struct CMUnitTest));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func(g_free);
  for (const char *const *name = agon_game_list_names(); *name; name++)
    if (default_loads(*name))
      g_ptr_array_add(strings, g_strdup(*name));
  for (gsize i = 0; i < G_N_ELEMENTS(extra_games); i++) {
    g_autoptr(AgonParams) params = agon_params_parse(extra_games[i], NULL);
    if (agon_game_lookup_type(agon_params_get_name(params)) != NULL)
      g_ptr_array_add(strings, test_with_data_dir(extra_games[i]));
  }
  for (guint i = 0; i < strings->len; i++) {
    struct CMUnitTest t = {
      .name = g_ptr_array_index(strings, i),
      .test_func = test_conformance,
      .initial_state = g_ptr_array_index(strings, i),
    };
    g_array_append_val(tests, t);
  }
  return _cmocka_run_group_tests("conformance", (struct CMUnitTest *) tests->data, tests->len,
                                 NULL, NULL);
}
