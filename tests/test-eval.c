/* agon: policy values, best responses, NashConv and exploitability
 * (solvers/eval.c).
 *
 * The known figures (uniform Kuhn and Leduc, the Kuhn equilibria), and an
 * independent check: expected returns by a plain walk of the game API that
 * looks each information set up by its string, and best responses by
 * trying every pure strategy. */
#include "testutil.h"

#include "solvers/solvers-private.h"

static AgonEvaluator *
evaluator_for(AgonTree *tree)
{
  g_autoptr(GError) error = NULL;
  AgonEvaluator *ev = agon_evaluator_new(tree, &error);
  if (ev == NULL)
    fail_msg("%s", error->message);
  return ev;
}

/* ---- The reference: a walk of the game API ------------------------------ */

/* The probability that @player picks @action at @state under @probs. */
static double
naive_prob(const AgonTree *tree, const AgonState *state, int player, AgonAction action,
           const double *probs)
{
  g_autofree char *info = agon_state_information_state(state, player);
  int i = agon_tree_lookup_infoset(tree, player, info);
  assert_true(i >= 0);
  const AgonAction *actions = agon_tree_infoset_actions(tree, i);
  for (int k = 0; k < agon_tree_infoset_num_actions(tree, i); k++)
    if (actions[k] == action)
      return probs[agon_tree_infoset_offset(tree, i) + k];
  fail_msg("action %d is not in information set %s", action, info);
  return 0;
}

static void
naive_values(const AgonTree *tree, const AgonState *state, const double *probs, double *out)
{
  const AgonGame *game = agon_state_get_game(state);
  int n = agon_game_get_num_players(game);
  int player = agon_state_current_player(state);
  if (player == AGON_PLAYER_TERMINAL) {
    agon_state_returns(state, out);
    return;
  }
  for (int p = 0; p < n; p++)
    out[p] = 0;
  double child_values[n];
  AgonAction actions[agon_game_get_max_actions(game)];
  if (player == AGON_PLAYER_CHANCE) {
    AgonChanceOutcome outcomes[agon_game_get_max_chance_outcomes(game)];
    int m = agon_state_chance_outcomes(state, outcomes);
    for (int k = 0; k < m; k++) {
      g_autoptr(AgonState) child = agon_state_clone(state);
      agon_state_apply(child, outcomes[k].action);
      naive_values(tree, child, probs, child_values);
      for (int p = 0; p < n; p++)
        out[p] += outcomes[k].probability * child_values[p];
    }
  } else if (player == AGON_PLAYER_SIMULTANEOUS) {
    g_assert(n == 2);
    AgonAction other[agon_game_get_max_actions(game)];
    int m0 = agon_state_player_legal_actions(state, 0, actions);
    int m1 = agon_state_player_legal_actions(state, 1, other);
    for (int a = 0; a < m0; a++) {
      for (int b = 0; b < m1; b++) {
        double pr = naive_prob(tree, state, 0, actions[a], probs)
                    * naive_prob(tree, state, 1, other[b], probs);
        g_autoptr(AgonState) child = agon_state_clone(state);
        AgonAction joint[2] = { actions[a], other[b] };
        agon_state_apply_joint(child, joint);
        naive_values(tree, child, probs, child_values);
        for (int p = 0; p < n; p++)
          out[p] += pr * child_values[p];
      }
    }
  } else {
    int m = agon_state_legal_actions(state, actions);
    for (int k = 0; k < m; k++) {
      double pr = naive_prob(tree, state, player, actions[k], probs);
      g_autoptr(AgonState) child = agon_state_clone(state);
      agon_state_apply(child, actions[k]);
      naive_values(tree, child, probs, child_values);
      for (int p = 0; p < n; p++)
        out[p] += pr * child_values[p];
    }
  }
}

static void
naive_policy_values(AgonTree *tree, const double *probs, double *out)
{
  g_autoptr(AgonState) root = agon_state_new_initial(agon_tree_get_game(tree));
  naive_values(tree, root, probs, out);
}

/* The best value @player gets from a pure strategy against @probs: every
 * pure strategy when there are at most 4096 (*@exhaustive is then TRUE),
 * else 300 random ones. */
static double
best_pure_strategy(AgonTree *tree, const double *probs, int player, gboolean *exhaustive)
{
  int n = agon_tree_get_num_players(tree);
  int first = agon_tree_get_first_infoset(tree, player);
  int count = agon_tree_get_first_infoset(tree, player + 1) - first;
  int slots = agon_tree_get_num_slots(tree);
  double strategies = 1;
  for (int j = 0; j < count; j++)
    strategies *= agon_tree_infoset_num_actions(tree, first + j);
  gboolean all = strategies <= 4096;
  *exhaustive = all;
  AgonRng rng;
  agon_rng_init(&rng, 7);
  g_autofree double *profile = g_memdup2(probs, sizeof(double) * slots);
  g_autofree int *choice = g_new0(int, count);
  double best = -G_MAXDOUBLE;
  for (int tried = 0;; tried++) {
    for (int j = 0; j < count; j++) {
      int m = agon_tree_infoset_num_actions(tree, first + j);
      if (!all)
        choice[j] = (int) agon_rng_below(&rng, (guint32) m);
      for (int k = 0; k < m; k++)
        profile[agon_tree_infoset_offset(tree, first + j) + k] = k == choice[j];
    }
    double values[n];
    naive_policy_values(tree, profile, values);
    best = MAX(best, values[player]);
    if (!all) {
      if (tried == 300)
        return best;
      continue;
    }
    int j = 0;
    while (j < count && ++choice[j] == agon_tree_infoset_num_actions(tree, first + j))
      choice[j++] = 0;
    if (j == count)
      return best;
  }
}

static void
random_probs(AgonTree *tree, guint64 seed, double *probs)
{
  AgonRng rng;
  agon_rng_init(&rng, seed);
  for (int i = 0; i < agon_tree_get_num_infosets(tree); i++) {
    int o = agon_tree_infoset_offset(tree, i), m = agon_tree_infoset_num_actions(tree, i);
    double total = 0;
    for (int k = 0; k < m; k++)
      total += probs[o + k] = agon_rng_uniform(&rng) + 0.01;
    for (int k = 0; k < m; k++)
      probs[o + k] /= total;
  }
}

/* ---- Known figures ------------------------------------------------------ */

static void
test_eval_kuhn_uniform(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonEvaluator) ev = evaluator_for(tree);
  double probs[24], br[2], values[2];
  agon_tree_uniform_probs(tree, probs);
  assert_near(agon_evaluator_nash_conv(ev, probs, br, values), 11.0 / 12, 1e-12);
  assert_near(agon_evaluator_exploitability(ev, probs), 0.458333333333, 1e-12);
  assert_near(br[0], 0.5, 1e-12);
  assert_near(br[1], 5.0 / 12, 1e-12);
  assert_near(values[0], 0.125, 1e-12);
  assert_near(values[1], -0.125, 1e-12);
  assert_near(agon_evaluator_best_response(ev, probs, 1, NULL), 5.0 / 12, 1e-12);
}

static void
test_eval_leduc_uniform(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("leduc_poker");
  g_autoptr(AgonEvaluator) ev = evaluator_for(tree);
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
  agon_tree_uniform_probs(tree, probs);
  assert_near(agon_evaluator_exploitability(ev, probs), 2.373611111111, 1e-11);
  assert_near(agon_evaluator_nash_conv(ev, probs, NULL, NULL), 4.747222222222, 1e-11);
}

/* Kuhn's equilibria for player 0 with parameter alpha in [0, 1/3] (player
 * 1's part is fixed): exploitability 0, value -1/18. Cards 0, 1, 2 are
 * J, Q, K; action 1 is Bet (or call). */
static void
set_bet(AgonTree *tree, double *probs, int player, const char *infoset, double bet)
{
  int i = agon_tree_lookup_infoset(tree, player, infoset);
  assert_true(i >= 0);
  int o = agon_tree_infoset_offset(tree, i);
  probs[o] = 1 - bet;
  probs[o + 1] = bet;
}

static void
kuhn_equilibrium(AgonTree *tree, double alpha, double *probs)
{
  set_bet(tree, probs, 0, "0", alpha);
  set_bet(tree, probs, 0, "1", 0);
  set_bet(tree, probs, 0, "2", 3 * alpha);
  set_bet(tree, probs, 0, "0pb", 0);
  set_bet(tree, probs, 0, "1pb", alpha + 1.0 / 3);
  set_bet(tree, probs, 0, "2pb", 1);
  set_bet(tree, probs, 1, "0p", 1.0 / 3);
  set_bet(tree, probs, 1, "0b", 0);
  set_bet(tree, probs, 1, "1p", 0);
  set_bet(tree, probs, 1, "1b", 1.0 / 3);
  set_bet(tree, probs, 1, "2p", 1);
  set_bet(tree, probs, 1, "2b", 1);
}

static void
test_eval_kuhn_equilibrium(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonEvaluator) ev = evaluator_for(tree);
  const double alphas[] = { 0, 1.0 / 6, 1.0 / 3 };
  for (gsize a = 0; a < G_N_ELEMENTS(alphas); a++) {
    double probs[24], values[2];
    kuhn_equilibrium(tree, alphas[a], probs);
    assert_near(agon_evaluator_nash_conv(ev, probs, NULL, values), 0, 1e-12);
    assert_near(values[0], -1.0 / 18, 1e-12);
    assert_near(values[1], 1.0 / 18, 1e-12);
  }
  /* Off the family (a J never bet, a K bet half the time), player 1 gains. */
  double probs[24];
  kuhn_equilibrium(tree, 0, probs);
  set_bet(tree, probs, 0, "2", 0.5);
  assert_true(agon_evaluator_exploitability(ev, probs) > 1e-3);
}

/* ---- Against the reference ---------------------------------------------- */

static void
check_random_policies(const char *game_string, int policies, gboolean brute_force)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  g_autoptr(AgonEvaluator) ev = evaluator_for(tree);
  int n = agon_tree_get_num_players(tree);
  int slots = agon_tree_get_num_slots(tree);
  g_autofree double *probs = g_new(double, slots);
  g_autofree double *br_probs = g_new(double, slots);
  for (int r = 0; r < policies; r++) {
    random_probs(tree, 1000 + r, probs);
    double values[n], expected[n], br[n], pv[n];
    agon_evaluator_policy_values(ev, probs, values);
    naive_policy_values(tree, probs, expected);
    for (int p = 0; p < n; p++)
      assert_near(values[p], expected[p], 1e-12);
    double nash_conv = agon_evaluator_nash_conv(ev, probs, br, pv);
    double sum = 0;
    for (int p = 0; p < n; p++) {
      assert_near(pv[p], expected[p], 1e-12);
      sum += br[p] - pv[p];
      assert_true(br[p] >= pv[p] - 1e-12);
      /* The best response reaches its value, and nothing pure does better. */
      double v = agon_evaluator_best_response(ev, probs, p, br_probs);
      assert_near(v, br[p], 1e-12);
      double with_br[n];
      naive_policy_values(tree, br_probs, with_br);
      assert_near(with_br[p], v, 1e-12);
      if (brute_force) {
        gboolean exhaustive;
        double pure = best_pure_strategy(tree, probs, p, &exhaustive);
        assert_true(pure <= v + 1e-12);
        if (exhaustive)
          assert_near(pure, v, 1e-12);
      }
    }
    assert_near(nash_conv, sum, 1e-12);
  }
}

static void
test_eval_kuhn_random(void **unused)
{
  check_random_policies("kuhn_poker", 5, TRUE);
}

static void
test_eval_kuhn3_random(void **unused)
{
  check_random_policies("kuhn_poker(players=3)", 1, TRUE);
}

static void
test_eval_leduc_random(void **unused)
{
  check_random_policies("leduc_poker", 2, FALSE);
}

static void
test_eval_matrix_random(void **unused)
{
  check_random_policies("matrix(rows=3,cols=2,row_payoffs=\"2 -1 0 1 -3 4\","
                        "col_payoffs=\"1 0 2 -1 1 1\")",
                        3, TRUE);
}

/* Without perfect recall, evaluation walks the histories; on games with
 * perfect recall that walk must give what the sequence form gives. */
static void
check_histories_agree(const char *game_string)
{
  g_autoptr(AgonTree) tree = test_tree_new(game_string);
  g_autoptr(AgonEvaluator) seq = evaluator_for(tree);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonEvaluator) hist = agon__evaluator_new(tree, TRUE, &error);
  assert_non_null(hist);
  int n = agon_tree_get_num_players(tree), slots = agon_tree_get_num_slots(tree);
  g_autofree double *probs = g_new(double, slots);
  g_autofree double *br_probs = g_new(double, slots);
  for (int r = 0; r < 3; r++) {
    random_probs(tree, 77 + r, probs);
    double a[n], b[n], pa[n], pb[n], with_br[n];
    double x = agon_evaluator_nash_conv(seq, probs, a, pa);
    double y = agon_evaluator_nash_conv(hist, probs, b, pb);
    assert_near(x, y, 1e-12);
    for (int p = 0; p < n; p++) {
      assert_near(a[p], b[p], 1e-12);
      assert_near(pa[p], pb[p], 1e-12);
      double v = agon_evaluator_best_response(hist, probs, p, br_probs);
      assert_near(v, a[p], 1e-12);
      agon_evaluator_policy_values(seq, br_probs, with_br);
      assert_near(with_br[p], v, 1e-12);
    }
  }
}

static void
test_eval_histories_agree(void **unused)
{
  check_histories_agree("kuhn_poker");
  check_histories_agree("kuhn_poker(players=3)");
  check_histories_agree("leduc_poker");
  check_histories_agree("goofspiel(num_cards=3)");
}

/* goofspiel's information states forget the order of past bids, so it
 * lacks perfect recall from 4 cards on: the histories are walked. */
static void
test_eval_goofspiel(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("goofspiel(num_cards=4)");
  assert_false(agon_tree_has_perfect_recall(tree, NULL));
  check_random_policies("goofspiel(num_cards=4)", 1, FALSE);
  g_autoptr(AgonEvaluator) ev = evaluator_for(tree);
  g_autofree double *probs = g_new(double, agon_tree_get_num_slots(tree));
  agon_tree_uniform_probs(tree, probs);
  double br[2];
  /* A regression figure: no outside reference. */
  assert_near(agon_evaluator_nash_conv(ev, probs, br, NULL), 1.493055555556, 1e-11);
  assert_near(br[0], br[1], 1e-12);
}

/* ---- The policy versions ------------------------------------------------ */

static void
test_eval_policy_versions(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  g_autoptr(AgonTree) other = test_tree_new("kuhn_poker(players=2)");
  g_autoptr(AgonPolicy) uniform = agon_policy_new_uniform(tree);
  g_autoptr(GError) error = NULL;
  double x = 0, nash_conv = 0, br[2], values[2];
  assert_true(agon_eval_exploitability(NULL, uniform, &x, &error));
  assert_near(x, 0.458333333333, 1e-12);
  /* Another compilation of the same game takes the same policy. */
  assert_true(agon_eval_nash_conv(other, uniform, &nash_conv, br, values, &error));
  assert_near(nash_conv, 11.0 / 12, 1e-12);
  assert_near(br[0], 0.5, 1e-12);
  assert_true(agon_eval_policy_values(tree, uniform, values, &error));
  assert_near(values[0], 0.125, 1e-12);

  double v = 0;
  g_autoptr(AgonPolicy) br_policy = agon_eval_best_response(NULL, uniform, 1, &v, &error);
  assert_non_null(br_policy);
  assert_near(v, 5.0 / 12, 1e-12);
  assert_true(agon_eval_policy_values(NULL, br_policy, values, &error));
  assert_near(values[1], 5.0 / 12, 1e-12);
  /* Player 0's part is untouched; player 1's is pure. */
  assert_near(agon_policy_get_probability(br_policy, 0, "0", 1), 0.5, 0);
  double bet = agon_policy_get_probability(br_policy, 1, "2b", 1);
  assert_true(bet == 0 || bet == 1);
  assert_near(bet, 1, 0);

  /* Another game's tree does not. */
  g_autoptr(AgonTree) three = test_tree_new("kuhn_poker(players=3)");
  assert_false(agon_eval_nash_conv(three, uniform, &nash_conv, NULL, NULL, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
}

static void
test_eval_general_sum(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("matrix_pd");
  g_autoptr(AgonPolicy) uniform = agon_policy_new_uniform(tree);
  g_autoptr(GError) error = NULL;
  double x, nash_conv;
  assert_false(agon_eval_exploitability(NULL, uniform, &x, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED));
  assert_true(agon_eval_nash_conv(NULL, uniform, &nash_conv, NULL, NULL, NULL));
  assert_true(nash_conv > 0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_eval_kuhn_uniform),
    cmocka_unit_test(test_eval_leduc_uniform),
    cmocka_unit_test(test_eval_kuhn_equilibrium),
    cmocka_unit_test(test_eval_kuhn_random),
    cmocka_unit_test(test_eval_kuhn3_random),
    cmocka_unit_test(test_eval_leduc_random),
    cmocka_unit_test(test_eval_matrix_random),
    cmocka_unit_test(test_eval_histories_agree),
    cmocka_unit_test(test_eval_goofspiel),
    cmocka_unit_test(test_eval_policy_versions),
    cmocka_unit_test(test_eval_general_sum),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
