/* agon: the compiled game tree (solvers/tree.c).
 *
 * Counts against the known figures, the structure against the game API
 * replayed node by node, the size limit, and two small games written here
 * that break the rules: one whose information set changes its legal
 * actions, one that forgets its own move. */
#include "testutil.h"

#include "solvers/solvers-private.h"

/* ---- Games that break the rules ----------------------------------------- */

/* A game made from a class that is not in the registry, set up as
 * agon_game_new() would. */
static AgonGame *
game_from_class(const AgonGameClass *klass)
{
  AgonGame *game = g_new0(AgonGame, 1);
  game->klass = klass;
  game->ref_count = 1;
  game->type = klass->type;
  g_autoptr(AgonParams) given = agon_params_parse(klass->type.short_name, NULL);
  game->params = agon_params_resolve(given, klass->params, NULL);
  game->string = g_strdup_printf("%s()", klass->type.short_name);
  assert_true(klass->init(game, game->params, NULL));
  agon__game_derive(game);
  return game;
}

/* Chance deals 0 or 1; player 0 moves twice and then the game ends,
 * paying 1 when the two moves agree. */
typedef struct {
  gint8 card;  /* -1 until dealt */
  gint8 moves;
  gint8 first;
  gint8 second;
} OddState;

static const AgonParamSpec odd_params[] = { { NULL } };

static gboolean
odd_init(AgonGame *game, const AgonParams *params, GError **error)
{
  game->num_players = 1;
  game->num_distinct_actions = 2;
  game->max_chance_outcomes = 2;
  game->max_game_length = 2;
  game->max_chance_nodes = 1;
  game->min_utility = 0;
  game->max_utility = 1;
  game->payload_size = sizeof(OddState);
  return TRUE;
}

static void
odd_initial(const AgonGame *game, void *st)
{
  ((OddState *) st)->card = -1;
}

static int
odd_current_player(const AgonGame *game, const void *st)
{
  const OddState *s = st;
  if (s->card < 0)
    return AGON_PLAYER_CHANCE;
  return s->moves == 2 ? AGON_PLAYER_TERMINAL : 0;
}

static int
odd_chance_outcomes(const AgonGame *game, const void *st, AgonChanceOutcome *out)
{
  out[0] = (AgonChanceOutcome) { 0, 0.5 };
  out[1] = (AgonChanceOutcome) { 1, 0.5 };
  return 2;
}

/* With card 1 the first move has a single legal action: at odds with the
 * information set "first" that card 0 shares. */
static int
inconsistent_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const OddState *s = st;
  if (player == AGON_PLAYER_CHANCE) {
    out[0] = 0;
    out[1] = 1;
    return 2;
  }
  out[0] = 0;
  out[1] = 1;
  return s->moves == 0 && s->card == 1 ? 1 : 2;
}

static int
odd_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  out[0] = 0;
  out[1] = 1;
  return 2;
}

static int
odd_apply(const AgonGame *game, void *st, AgonAction action)
{
  OddState *s = st;
  if (s->card < 0)
    s->card = (gint8) action;
  else if (s->moves++ == 0)
    s->first = (gint8) action;
  else
    s->second = (gint8) action;
  return odd_current_player(game, st);
}

static void
odd_returns(const AgonGame *game, const void *st, double *out)
{
  const OddState *s = st;
  out[0] = s->moves == 2 ? s->first == s->second : 0;
}

/* Neither information state shows the card; the second does not show the
 * first move either. */
static void
odd_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const OddState *s = st;
  g_string_append(out, s->moves == 0 ? "first" : "second");
}

/* Not even which move it is. */
static void
absent_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  g_string_append(out, "either");
}

#define ODD_CLASS(cname, legal, info)                                                              \
  static const AgonGameClass cname = {                                                       \
    .type = {                                                                                \
      .short_name = #cname,                                                                  \
      .long_name = #cname,                                                                   \
      .dynamics = AGON_DYNAMICS_SEQUENTIAL,                                                  \
      .chance_mode = AGON_CHANCE_EXPLICIT_STOCHASTIC,                                        \
      .information = AGON_INFORMATION_IMPERFECT,                                             \
      .utility = AGON_UTILITY_GENERAL_SUM,                                                   \
      .reward_model = AGON_REWARD_TERMINAL,                                                  \
      .min_players = 1,                                                                      \
      .max_players = 1,                                                                      \
      .provides_information_state_string = TRUE,                                             \
    },                                                                                       \
    .params = odd_params,                                                                    \
    .init = odd_init,                                                                        \
    .initial = odd_initial,                                                                  \
    .current_player = odd_current_player,                                                    \
    .legal_actions = legal,                                                                  \
    .chance_outcomes = odd_chance_outcomes,                                                  \
    .apply = odd_apply,                                                                      \
    .returns = odd_returns,                                                                  \
    .information_state_string = info,                                                        \
  }

ODD_CLASS(inconsistent, inconsistent_legal_actions, odd_information_state_string);
ODD_CLASS(forgetful, odd_legal_actions, odd_information_state_string);
ODD_CLASS(absentminded, odd_legal_actions, absent_information_state_string);

/* ---- Tests -------------------------------------------------------------- */

static void
test_tree_kuhn_counts(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  assert_int_equal(agon_tree_get_num_players(tree), 2);
  assert_int_equal(agon_tree_get_num_nodes(tree), 58);
  assert_int_equal(agon_tree_get_num_histories(tree), 58);
  assert_int_equal(agon_tree_get_num_terminals(tree), 30);
  assert_int_equal(agon_tree_get_num_infosets(tree), 12);
  assert_int_equal(agon_tree_get_first_infoset(tree, 0), 0);
  assert_int_equal(agon_tree_get_first_infoset(tree, 1), 6);
  assert_int_equal(agon_tree_get_first_infoset(tree, 2), 12);
  assert_int_equal(agon_tree_get_num_slots(tree), 24);
  int bad = 0;
  assert_true(agon_tree_has_perfect_recall(tree, &bad));
  assert_int_equal(bad, -1);
  /* The root deals player 0's card. */
  assert_int_equal(agon_tree_node_kind(tree, 0), AGON_NODE_CHANCE);
  assert_int_equal(agon_tree_node_num_children(tree, 0), 3);
  gint64 first = agon_tree_node_first_child(tree, 0);
  for (int k = 0; k < 3; k++) {
    assert_int_equal(agon_tree_node_action(tree, first + k), k);
    assert_near(agon_tree_node_probability(tree, first + k), 1.0 / 3, 1e-15);
  }
  /* Each of player 0's first information sets holds the two deals of the
   * opponent's card. */
  int i = agon_tree_lookup_infoset(tree, 0, "1");
  assert_true(i >= 0);
  assert_int_equal(agon_tree_infoset_num_histories(tree, i), 2);
}

static void
test_tree_counts_match_traversal(void **unused)
{
  const char *games[] = { "kuhn_poker", "kuhn_poker(players=3)", "kuhn_poker(players=4)",
                          "leduc_poker" };
  for (gsize g = 0; g < G_N_ELEMENTS(games); g++) {
    g_autoptr(AgonGame) game = test_game_new(games[g]);
    g_autoptr(AgonTree) tree = agon_tree_new(game, 0, NULL);
    assert_non_null(tree);
    TestTreeCounts counts;
    test_count_tree(game, &counts);
    assert_int_equal(agon_tree_get_num_histories(tree), counts.histories);
    assert_int_equal(agon_tree_get_num_terminals(tree), counts.terminals);
    for (int p = 0; p < agon_game_get_num_players(game); p++)
      assert_int_equal(agon_tree_get_first_infoset(tree, p + 1)
                         - agon_tree_get_first_infoset(tree, p),
                       counts.infosets[p]);
    test_tree_counts_clear(&counts);
  }
}

static void
test_tree_leduc_counts(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("leduc_poker");
  assert_int_equal(agon_tree_get_num_histories(tree), 9457);
  assert_int_equal(agon_tree_get_num_terminals(tree), 5520);
  assert_int_equal(agon_tree_get_first_infoset(tree, 1), 468);
  assert_int_equal(agon_tree_get_num_infosets(tree), 936);
  assert_true(agon_tree_has_perfect_recall(tree, NULL));
}

/* Replays every node's path through the game API and checks what the tree
 * stored: kinds, players, chance probabilities, information sets with their
 * strings and actions, returns. */
static void
check_against_game(const char *game_string)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  AgonGame *game = agon_tree_get_game(tree);
  int n = agon_tree_get_num_players(tree);
  gint64 nodes = agon_tree_get_num_nodes(tree);
  AgonAction actions[agon_game_get_max_actions(game)];
  AgonChanceOutcome outcomes[MAX(1, agon_game_get_max_chance_outcomes(game))];
  for (gint64 v = 0; v < nodes; v++) {
    /* Parents come first; children are consecutive and point back. */
    gint64 first = agon_tree_node_first_child(tree, v);
    for (int k = 0; k < agon_tree_node_num_children(tree, v); k++) {
      assert_true(first + k > v);
      assert_int_equal(agon_tree_node_parent(tree, first + k), v);
    }
    /* The path from the root. */
    GArray *path = g_array_new(FALSE, FALSE, sizeof(AgonAction));
    for (gint64 u = v; agon_tree_node_parent(tree, u) >= 0; u = agon_tree_node_parent(tree, u)) {
      AgonAction a = agon_tree_node_action(tree, u);
      g_array_prepend_val(path, a);
    }
    g_autoptr(AgonState) state = agon_state_new_initial(game);
    for (guint j = 0; j < path->len; j++)
      assert_true(agon_state_apply_checked(state, g_array_index(path, AgonAction, j), NULL));
    g_array_unref(path);

    int player = agon_state_current_player(state);
    assert_int_equal(agon_tree_node_player(tree, v), player);
    switch (agon_tree_node_kind(tree, v)) {
    case AGON_NODE_TERMINAL: {
      double expected[n], got[n];
      agon_state_returns(state, expected);
      agon_tree_node_returns(tree, v, got);
      for (int p = 0; p < n; p++)
        assert_near(got[p], expected[p], 0);
      break;
    }
    case AGON_NODE_CHANCE: {
      int m = agon_state_chance_outcomes(state, outcomes);
      assert_int_equal(agon_tree_node_num_children(tree, v), m);
      for (int k = 0; k < m; k++) {
        assert_int_equal(agon_tree_node_action(tree, first + k), outcomes[k].action);
        assert_near(agon_tree_node_probability(tree, first + k), outcomes[k].probability, 0);
      }
      break;
    }
    case AGON_NODE_DECISION: {
      int i = agon_tree_node_infoset(tree, v);
      assert_int_equal(agon_tree_infoset_player(tree, i), player);
      g_autofree char *info = agon_state_information_state(state, player);
      assert_string_equal(agon_tree_infoset_string(tree, i), info);
      assert_int_equal(agon_tree_lookup_infoset(tree, player, info), i);
      int m = agon_state_legal_actions(state, actions);
      assert_int_equal(agon_tree_infoset_num_actions(tree, i), m);
      assert_int_equal(agon_tree_node_num_children(tree, v), m);
      const AgonAction *stored = agon_tree_infoset_actions(tree, i);
      for (int k = 0; k < m; k++) {
        assert_int_equal(stored[k], actions[k]);
        assert_int_equal(agon_tree_node_action(tree, first + k), actions[k]);
      }
      break;
    }
    }
  }
  /* Slots are consecutive, player by player. */
  int slot = 0;
  for (int i = 0; i < agon_tree_get_num_infosets(tree); i++) {
    assert_int_equal(agon_tree_infoset_offset(tree, i), slot);
    slot += agon_tree_infoset_num_actions(tree, i);
  }
  assert_int_equal(agon_tree_get_num_slots(tree), slot);
}

static void
test_tree_matches_game(void **unused)
{
  check_against_game("kuhn_poker");
  check_against_game("kuhn_poker(players=3)");
  check_against_game("leduc_poker");
}

static void
test_tree_lookup(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  int i = agon_tree_lookup_infoset(tree, 0, "1pb");
  assert_true(i >= 0 && i < 6);
  assert_string_equal(agon_tree_infoset_string(tree, i), "1pb");
  assert_int_equal(agon_tree_infoset_player(tree, i), 0);
  /* Player 1 never sees "1pb"; player 0 never sees "1p". */
  assert_int_equal(agon_tree_lookup_infoset(tree, 1, "1pb"), -1);
  assert_int_equal(agon_tree_lookup_infoset(tree, 0, "1p"), -1);
  assert_true(agon_tree_lookup_infoset(tree, 1, "1p") >= 6);
  assert_int_equal(agon_tree_lookup_infoset(tree, 5, "1p"), -1);
  /* A player's information sets come after the ones it passed through. */
  assert_true(agon_tree_lookup_infoset(tree, 0, "1") < i);
  double probs[24];
  agon_tree_uniform_probs(tree, probs);
  for (int s = 0; s < 24; s++)
    assert_near(probs[s], 0.5, 0);
}

static void
test_tree_size_limit(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonTree) small = agon_tree_new(game, 57, &error);
  assert_null(small);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_TOO_LARGE));
  assert_non_null(strstr(error->message, "more than 57 nodes"));
  assert_non_null(strstr(error->message, "kuhn_poker"));
  g_autoptr(AgonTree) exact = agon_tree_new(game, 58, NULL);
  assert_non_null(exact);

  g_autoptr(AgonGame) leduc = test_game_new("leduc_poker");
  g_clear_error(&error);
  g_autoptr(AgonTree) none = agon_tree_new(leduc, 1000, &error);
  assert_null(none);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_TOO_LARGE));
}

static void
test_tree_inconsistent_infoset(void **unused)
{
  g_autoptr(AgonGame) game = game_from_class(&inconsistent);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonTree) tree = agon_tree_new(game, 0, &error);
  assert_null(tree);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_FAILED));
  assert_non_null(strstr(error->message, "'first'"));
  assert_non_null(strstr(error->message, "[0, 1]"));
  assert_non_null(strstr(error->message, "[0]"));
}

/* A player who forgets its first move: the tree says so, and the solvers
 * and evaluation fall back to the histories. */
static void
test_tree_imperfect_recall(void **unused)
{
  g_autoptr(AgonGame) forgets = game_from_class(&forgetful);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonTree) tree = agon_tree_new(forgets, 0, &error);
  assert_non_null(tree);
  /* chance, 2 x first, 4 x second, 8 terminals */
  assert_int_equal(agon_tree_get_num_nodes(tree), 15);
  int bad = -1;
  assert_false(agon_tree_has_perfect_recall(tree, &bad));
  assert_string_equal(agon_tree_infoset_string(tree, bad), "second");

  /* Uniform play agrees half the time; the best response (OpenSpiel's,
   * decided at "second" first) always. */
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, &error);
  assert_non_null(ev);
  double probs[4], br_probs[4], values[1], br[1];
  agon_tree_uniform_probs(tree, probs);
  assert_near(agon_evaluator_nash_conv(ev, probs, br, values), 0.5, 1e-15);
  assert_near(values[0], 0.5, 1e-15);
  assert_near(agon_evaluator_best_response(ev, probs, 0, br_probs), 1, 1e-15);
  agon_evaluator_policy_values(ev, br_probs, values);
  assert_near(values[0], 1, 1e-15);

  /* CFR runs on it. From the uniform start every counterfactual regret
   * is 0 (each move is as good as the other until the other is known), so
   * it stays there. */
  g_autoptr(AgonSolver) solver = agon_solver_new(tree, "cfr+", &error);
  assert_non_null(solver);
  agon_solver_iterate(solver, 100);
  agon_solver_get_average_probs(solver, probs);
  assert_near(agon_evaluator_nash_conv(ev, probs, NULL, NULL), 0.5, 1e-12);
}

/* An information set below itself: CFR still runs, a best response has no
 * order to be decided in. */
static void
test_tree_absentminded(void **unused)
{
  g_autoptr(AgonGame) game = game_from_class(&absentminded);
  g_autoptr(AgonTree) tree = agon_tree_new(game, 0, NULL);
  assert_non_null(tree);
  assert_int_equal(agon_tree_get_num_infosets(tree), 1);
  assert_int_equal(agon_tree_infoset_num_histories(tree, 0), 6);
  assert_false(agon_tree_has_perfect_recall(tree, NULL));
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonEvaluator) ev = agon_evaluator_new(tree, &error);
  assert_null(ev);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED));
  assert_non_null(strstr(error->message, "'either'"));
  g_autoptr(AgonSolver) solver = agon_solver_new(tree, "cfr", NULL);
  assert_non_null(solver);
  agon_solver_iterate(solver, 10);
}

/* One simultaneous move becomes player 0's node, then one of player 1 per
 * choice of player 0, all in player 1's single information set. */
static void
test_tree_simultaneous(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("matrix_rps");
  assert_int_equal(agon_tree_get_num_nodes(tree), 1 + 3 + 9);
  assert_int_equal(agon_tree_get_num_histories(tree), 1 + 9);
  assert_int_equal(agon_tree_get_num_terminals(tree), 9);
  assert_int_equal(agon_tree_get_num_infosets(tree), 2);
  assert_true(agon_tree_has_perfect_recall(tree, NULL));
  assert_int_equal(agon_tree_node_player(tree, 0), 0);
  g_autoptr(AgonState) root = agon_state_new_initial(agon_tree_get_game(tree));
  for (int k = 0; k < 3; k++) {
    gint64 child = agon_tree_node_first_child(tree, 0) + k;
    assert_int_equal(agon_tree_node_player(tree, child), 1);
    int i = agon_tree_node_infoset(tree, child);
    g_autofree char *info = agon_state_information_state(root, 1);
    assert_string_equal(agon_tree_infoset_string(tree, i), info);
    /* Player 1's choice k2 after player 0's k: the joint action (k, k2). */
    for (int k2 = 0; k2 < 3; k2++) {
      gint64 leaf = agon_tree_node_first_child(tree, child) + k2;
      g_autoptr(AgonState) state = agon_state_clone(root);
      AgonAction joint[2] = { k, k2 };
      agon_state_apply_joint(state, joint);
      double expected[2], got[2];
      agon_state_returns(state, expected);
      agon_tree_node_returns(tree, leaf, got);
      assert_near(got[0], expected[0], 0);
      assert_near(got[1], expected[1], 0);
    }
  }
}

static void
test_tree_fingerprint(void **unused)
{
  g_autoptr(AgonTree) a = test_tree_new("kuhn_poker");
  g_autoptr(AgonTree) b = test_tree_new("kuhn_poker(players=2)");
  g_autoptr(AgonTree) c = test_tree_new("kuhn_poker(players=3)");
  assert_true(agon_tree_get_fingerprint(a) == agon_tree_get_fingerprint(b));
  assert_true(agon_tree_get_fingerprint(a) != agon_tree_get_fingerprint(c));
  assert_string_equal(a->game_string, "kuhn_poker(players=2)");
}

static void
test_tree_ref(void **unused)
{
  AgonTree *tree = test_tree_new("kuhn_poker");
  AgonGame *game = agon_tree_get_game(tree);
  agon_game_ref(game);
  assert_ptr_equal(agon_tree_ref(tree), tree);
  agon_tree_unref(tree);
  agon_tree_unref(tree);
  /* The game outlives the tree that held it. */
  assert_int_equal(agon_game_get_num_players(game), 2);
  agon_game_unref(game);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tree_kuhn_counts),
    cmocka_unit_test(test_tree_counts_match_traversal),
    cmocka_unit_test(test_tree_leduc_counts),
    cmocka_unit_test(test_tree_matches_game),
    cmocka_unit_test(test_tree_lookup),
    cmocka_unit_test(test_tree_size_limit),
    cmocka_unit_test(test_tree_inconsistent_infoset),
    cmocka_unit_test(test_tree_imperfect_recall),
    cmocka_unit_test(test_tree_absentminded),
    cmocka_unit_test(test_tree_simultaneous),
    cmocka_unit_test(test_tree_fingerprint),
    cmocka_unit_test(test_tree_ref),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
