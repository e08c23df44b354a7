/* agon: tests of Monte Carlo tree search (search/mcts.c).
 *
 * Play strength against a uniformly random player, MCTS-Solver proofs
 * checked against exact alpha-beta (minimax.h), tree reuse, determinism,
 * budgets (time and nodes), chance nodes and three-player returns on small
 * perfect-information games written as Gambit .efg files (no built-in game
 * has both perfect information and chance, or more than two players), the
 * user evaluator with PUCT, root noise, temperature and spec strings. */
#include "tests/testutil.h"

#include <glib/gstdio.h>
#include <math.h>
#include <unistd.h>

static AgonMcts *
mcts_new_or_fail(const AgonGame *game, const AgonMctsOptions *opts)
{
  g_autoptr(GError) error = NULL;
  AgonMcts *mcts = agon_mcts_new(game, opts, &error);
  if (mcts == NULL)
    fail_msg("agon_mcts_new: %s", error->message);
  return mcts;
}

/* Plays MCTS (seat @mcts_seat) against uniform random; returns MCTS's
 * return. The tree is reused between moves. */
static double
play_vs_random(AgonGame *game, const AgonMctsOptions *opts, int mcts_seat, guint64 seed)
{
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, opts);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonRng rng;
  agon_rng_init(&rng, seed);
  AgonAction actions[agon_game_get_max_actions(game)];
  while (!agon_state_is_terminal(state)) {
    AgonAction a;
    if (agon_state_current_player(state) == mcts_seat) {
      a = agon_mcts_search(mcts, &rng);
    } else {
      int n = agon_state_legal_actions(state, actions);
      a = actions[agon_rng_below(&rng, (guint32) n)];
    }
    assert_true(agon_state_is_legal(state, a));
    agon_state_apply(state, a);
    assert_true(agon_mcts_advance(mcts, a, NULL));
  }
  double returns[2];
  agon_state_returns(state, returns);
  return returns[mcts_seat];
}

static void
test_mcts_tic_tac_toe_never_loses(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 1000;
  int wins = 0;
  for (int g = 0; g < 100; g++) {
    double r = play_vs_random(game, &opts, g % 2, 1000 + (guint64) g);
    if (r < 0)
      fail_msg("MCTS lost game %d (seat %d)", g, g % 2);
    wins += r > 0;
  }
  /* Random play blunders: MCTS should win most games, not just draw. */
  assert_true(wins >= 80);
}

static void
test_mcts_connect_four_beats_random(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 400;
  int wins = 0;
  for (int g = 0; g < 20; g++)
    wins += play_vs_random(game, &opts, g % 2, 2000 + (guint64) g) > 0;
  assert_true(wins >= 18);
}

/* Exact value of @state for the player to move, by alpha-beta (the
 * reference MCTS-Solver is held to). In tic-tac-toe the player to move is
 * given by the parity of the move number, terminal states included. */
static int
negamax(const AgonState *state)
{
  static const AgonMinimaxOptions exact = { 0 };
  double value = 0;
  g_autoptr(GError) error = NULL;
  if (!agon_minimax_search(state, &exact, &value, NULL, NULL, &error))
    fail_msg("%s", error->message);
  int mover = agon_state_move_number(state) % 2;
  return (int) (mover == 0 ? value : -value);
}

static AgonMctsProof
proof_for(int value)
{
  return value > 0 ? AGON_MCTS_PROVEN_WIN
         : value < 0 ? AGON_MCTS_PROVEN_LOSS
                     : AGON_MCTS_PROVEN_DRAW;
}

static void
test_mcts_solver_proves_tic_tac_toe(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 200000;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonRng rng, walk;
  agon_rng_init(&rng, 7);
  agon_rng_init(&walk, 8);
  int seen[3] = { 0 }; /* loss, draw, win for the mover */
  for (int t = 0; t < 40; t++) {
    agon_state_reset(state);
    int moves = 2 + t % 5;
    for (int m = 0; m < moves && !agon_state_is_terminal(state); m++)
      test_random_step(state, &walk);
    if (agon_state_is_terminal(state))
      continue;
    int exact = negamax(state);
    agon_mcts_set_root(mcts, state);
    AgonAction a = agon_mcts_search(mcts, &rng);
    AgonMctsProof proof;
    assert_true(agon_mcts_is_proven(mcts, &proof));
    assert_int_equal(proof, proof_for(exact));
    assert_true(agon_mcts_get_num_simulations(mcts) < opts.simulations);
    /* The move chosen keeps the value. */
    g_autoptr(AgonState) after = agon_state_clone(state);
    agon_state_apply(after, a);
    assert_int_equal(-negamax(after), exact);
    seen[exact + 1]++;
  }
  assert_true(seen[0] >= 3 && seen[1] >= 3 && seen[2] >= 3);

  /* The empty board is a draw. Proving it takes the solver far longer
   * (refuting every weak move, which UCT visits only logarithmically
   * often), so only check that nothing wrong is claimed. */
  agon_state_reset(state);
  agon_mcts_set_root(mcts, state);
  agon_mcts_search(mcts, &rng);
  AgonMctsProof proof;
  if (agon_mcts_is_proven(mcts, &proof))
    assert_int_equal(proof, AGON_MCTS_PROVEN_DRAW);

  /* x to move can complete the top row: a proven win, found at once. */
  g_autoptr(AgonState) won = agon_state_deserialize(game, "0 3 1 4", NULL);
  agon_mcts_set_root(mcts, won);
  assert_int_equal(agon_mcts_search(mcts, &rng), 2);
  assert_true(agon_mcts_is_proven(mcts, &proof));
  assert_int_equal(proof, AGON_MCTS_PROVEN_WIN);
  /* After "0 4 8 2 6" o is to move and x threatens both 3 and 7: a
   * proven loss for o. */
  g_autoptr(AgonState) lost = agon_state_deserialize(game, "0 4 8 2 6", NULL);
  assert_int_equal(negamax(lost), -1);
  agon_mcts_set_root(mcts, lost);
  agon_mcts_search(mcts, &rng);
  assert_true(agon_mcts_is_proven(mcts, &proof));
  assert_int_equal(proof, AGON_MCTS_PROVEN_LOSS);
}

static void
test_mcts_tree_reuse_keeps_statistics(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 3000;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 3);
  AgonAction a = agon_mcts_search(mcts, &rng);
  AgonAction actions[7];
  double visits[7];
  int n = agon_mcts_root_visits(mcts, actions, visits);
  assert_int_equal(n, 7);
  double child_visits = 0, total = 0;
  for (int i = 0; i < n; i++) {
    assert_int_equal(actions[i], i); /* ascending */
    total += visits[i];
    if (actions[i] == a)
      child_visits = visits[i];
  }
  assert_true(total == 3000);
  gint64 before = agon_mcts_get_num_nodes(mcts);

  assert_true(agon_mcts_advance(mcts, a, NULL));
  /* The child's first visit evaluated it; every later one went on to a
   * grandchild, whose counts the new root now shows. */
  n = agon_mcts_root_visits(mcts, actions, visits);
  assert_int_equal(n, 7);
  double sum = 0;
  for (int i = 0; i < n; i++)
    sum += visits[i];
  assert_true(sum == child_visits - 1);
  gint64 kept = agon_mcts_get_num_nodes(mcts);
  assert_true(kept > 1 && kept < before);

  /* Searching again adds to what was kept. */
  agon_mcts_search(mcts, &rng);
  n = agon_mcts_root_visits(mcts, actions, visits);
  sum = 0;
  for (int i = 0; i < n; i++)
    sum += visits[i];
  assert_true(sum == child_visits - 1 + 3000);

  /* An action with no child (or after set_root) starts afresh; an illegal
   * one changes nothing. */
  g_autoptr(GError) error = NULL;
  assert_false(agon_mcts_advance(mcts, 99, &error));
  assert_int_equal(error->code, AGON_ERROR_ILLEGAL_ACTION);
  agon_mcts_set_root(mcts, agon_mcts_get_root(mcts));
  assert_int_equal(agon_mcts_get_num_nodes(mcts), 1);
  assert_int_equal(agon_mcts_root_visits(mcts, NULL, NULL), 0);
}

static void
test_mcts_deterministic(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 2000;
  double visits[2][7];
  AgonAction chosen[2];
  for (int r = 0; r < 2; r++) {
    g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
    AgonRng rng;
    agon_rng_init(&rng, 42);
    chosen[r] = agon_mcts_search(mcts, &rng);
    agon_mcts_root_visits(mcts, NULL, visits[r]);
  }
  assert_int_equal(chosen[0], chosen[1]);
  assert_memory_equal(visits[0], visits[1], sizeof visits[0]);

  /* A different seed explores differently. */
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 43);
  agon_mcts_search(mcts, &rng);
  double other[7];
  agon_mcts_root_visits(mcts, NULL, other);
  assert_true(memcmp(other, visits[0], sizeof other) != 0);
}

static void
test_mcts_time_budget(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 0;
  opts.seconds = 0.2;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 5);
  gint64 start = g_get_monotonic_time();
  agon_mcts_search(mcts, &rng);
  double elapsed = (g_get_monotonic_time() - start) / 1e6;
  assert_true(elapsed >= 0.2 && elapsed < 1.0); /* generous: shared CI machines */
  assert_true(agon_mcts_get_num_simulations(mcts) > 64);
}

static void
test_mcts_node_budget(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 5000;
  opts.max_nodes = 500;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 6);
  AgonAction a = agon_mcts_search(mcts, &rng);
  /* The budget is spent, yet every simulation ran (from the frontier). */
  assert_true(agon_mcts_get_num_nodes(mcts) <= 500);
  assert_true(agon_mcts_get_num_nodes(mcts) > 400);
  assert_int_equal(agon_mcts_get_num_simulations(mcts), 5000);
  double visits[7], total = 0;
  agon_mcts_root_visits(mcts, NULL, visits);
  for (int i = 0; i < 7; i++)
    total += visits[i];
  assert_true(total == 5000);
  assert_true(agon_mcts_advance(mcts, a, NULL));
  agon_mcts_search(mcts, &rng);
  assert_true(agon_mcts_get_num_nodes(mcts) <= 500);

  /* Too small for the root's children. */
  opts.max_nodes = 7;
  g_autoptr(GError) error = NULL;
  assert_null(agon_mcts_new(game, &opts, &error));
  assert_int_equal(error->code, AGON_ERROR_INVALID_VALUE);
}

/* Writes @text to a temporary .efg file and loads it. */
static AgonGame *
efg_game_new(const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp("agon-mcts-XXXXXX.efg", &path, &error);
  assert_true(fd >= 0);
  close(fd);
  assert_true(g_file_set_contents(path, text, -1, &error));
  g_autofree char *spec = g_strdup_printf("efg_game(filename=\"%s\")", path);
  AgonGame *game = test_game_new(spec);
  g_unlink(path);
  g_free(path);
  return game;
}

/* Player 1 (player 0 here) picks a sure 0.5, a gamble paying 1 with
 * probability 0.2 (else -1), or one paying 1 with probability 0.9. Treating
 * chance as a maximiser would rate both gambles 1; as a minimiser, it
 * would take the sure 0.5. Only expectations pick "good". */
static const char chance_efg[] =
  "EFG 2 R \"chance\" { \"P1\" \"P2\" }\n"
  "p \"\" 1 1 \"root\" { \"safe\" \"trap\" \"good\" } 0\n"
  "t \"\" 1 \"half\" { 0.5 -0.5 }\n"
  "c \"\" 1 \"trap\" { \"tw\" 0.2 \"tl\" 0.8 } 0\n"
  "t \"\" 2 \"win\" { 1 -1 }\n"
  "t \"\" 3 \"loss\" { -1 1 }\n"
  "c \"\" 2 \"good\" { \"gw\" 0.9 \"gl\" 0.1 } 0\n"
  "t \"\" 4 \"win2\" { 1 -1 }\n"
  "t \"\" 5 \"loss2\" { -1 1 }\n";

static void
test_mcts_chance_nodes(void **unused)
{
  g_autoptr(AgonGame) game = efg_game_new(chance_efg);
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 20000;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 11);
  assert_int_equal(agon_mcts_search(mcts, &rng), 2);
  assert_false(agon_mcts_is_proven(mcts, NULL));
  /* Below the chance node, outcomes are visited by their probabilities. */
  assert_true(agon_mcts_advance(mcts, 2, NULL));
  double visits[2];
  assert_int_equal(agon_mcts_root_visits(mcts, NULL, visits), 2);
  double p = visits[0] / (visits[0] + visits[1]);
  assert_near(p, 0.9, 0.02);
  /* At the chance root: the outcome's value for player 0, near 0.8. */
  assert_near(agon_mcts_root_value(mcts), 0.8, 0.03);
  /* A search at a chance root samples an outcome. */
  AgonAction o = agon_mcts_search(mcts, &rng);
  assert_true(o == 0 || o == 1);
}

/* Three players, general sum. Player 0 picks A or B; after A player 1
 * picks (3,0,0) or (0,1,0), after B player 2 picks (1,0,2) or (-1,0,1).
 * Each maximises their own return: A is worth 0 to player 0, B 1, though
 * A holds the biggest payoff. */
static const char maxn_efg[] =
  "EFG 2 R \"maxn\" { \"P1\" \"P2\" \"P3\" }\n"
  "p \"\" 1 1 \"root\" { \"A\" \"B\" } 0\n"
  "p \"\" 2 1 \"p2\" { \"a1\" \"a2\" } 0\n"
  "t \"\" 1 \"o1\" { 3 0 0 }\n"
  "t \"\" 2 \"o2\" { 0 1 0 }\n"
  "p \"\" 3 1 \"p3\" { \"b1\" \"b2\" } 0\n"
  "t \"\" 3 \"o3\" { 1 0 2 }\n"
  "t \"\" 4 \"o4\" { -1 0 1 }\n";

static void
test_mcts_three_players(void **unused)
{
  g_autoptr(AgonGame) game = efg_game_new(maxn_efg);
  assert_int_equal(agon_game_get_num_players(game), 3);
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 5000;
  opts.uct_c = 1;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 12);
  assert_int_equal(agon_mcts_search(mcts, &rng), 1);
  assert_near(agon_mcts_root_value(mcts), 1, 0.2);
  /* Player 1 after A takes a2, their own best. */
  assert_true(agon_mcts_advance(mcts, 0, NULL));
  assert_int_equal(agon_mcts_search(mcts, &rng), 1);
  assert_near(agon_mcts_root_value(mcts), 1, 0.2);
}

/* A test evaluator: values 0, and a prior with all its mass on the centre
 * of tic-tac-toe when it is legal. Counts its calls. */
typedef struct {
  int evaluations;
  int priors;
} EvalCounts;

static void
zero_evaluate(const AgonState *state, AgonRng *rng, double *values, gpointer user_data)
{
  EvalCounts *c = user_data;
  c->evaluations++;
  values[0] = values[1] = 0;
}

static void
centre_prior(const AgonState *state, const AgonAction *actions, int n, double *prior,
             gpointer user_data)
{
  EvalCounts *c = user_data;
  c->priors++;
  gboolean centre = FALSE;
  for (int i = 0; i < n; i++)
    centre |= actions[i] == 4;
  for (int i = 0; i < n; i++)
    prior[i] = centre ? (actions[i] == 4 ? 1 : 0) : 1.0 / n;
}

static void
test_mcts_puct_evaluator(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  EvalCounts counts = { 0 };
  AgonMctsEvaluator ev = { zero_evaluate, centre_prior, &counts };
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.selection = AGON_MCTS_PUCT;
  opts.evaluator = &ev;
  opts.solver = FALSE;
  opts.simulations = 100;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 1);
  /* With values all 0, PUCT follows the prior. */
  assert_int_equal(agon_mcts_search(mcts, &rng), 4);
  assert_true(counts.priors > 0);
  assert_true(counts.evaluations > 0 && counts.evaluations <= 100);
  double visits[9];
  agon_mcts_root_visits(mcts, NULL, visits);
  assert_true(visits[4] >= 95);

  /* Root noise spreads the visits (alpha 1, weight 0.75). */
  opts.dirichlet_alpha = 1;
  opts.dirichlet_fraction = 0.75;
  g_autoptr(AgonMcts) noisy = mcts_new_or_fail(game, &opts);
  agon_mcts_search(noisy, &rng);
  agon_mcts_root_visits(noisy, NULL, visits);
  assert_true(visits[4] < 95);
}

static void
test_mcts_temperature(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("connect_four");
  AgonMctsOptions opts;
  agon_mcts_options_init(&opts);
  opts.simulations = 300;
  opts.temperature = 1;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(game, &opts);
  AgonRng rng;
  agon_rng_init(&rng, 9);
  gboolean seen[7] = { FALSE };
  int distinct = 0;
  for (int i = 0; i < 30; i++) {
    agon_mcts_set_root(mcts, agon_mcts_get_root(mcts));
    AgonAction a = agon_mcts_search(mcts, &rng);
    assert_true(a >= 0 && a < 7);
    distinct += !seen[a];
    seen[a] = TRUE;
  }
  assert_true(distinct >= 3);
}

static void
test_mcts_options_and_errors(void **unused)
{
  AgonMctsOptions opts;
  g_autoptr(GError) error = NULL;
  assert_true(agon_mcts_options_parse(
    "mcts(simulations=500,uct_c=1.5,rollouts=3,solver=false,seed=9,selection=puct,"
    "final=value,max_nodes=1234,seconds=0.5,temperature=1,dirichlet_fraction=0.25)",
    &opts, &error));
  assert_int_equal(opts.simulations, 500);
  assert_near(opts.uct_c, 1.5, 0);
  assert_int_equal(opts.rollouts, 3);
  assert_false(opts.solver);
  assert_int_equal(opts.seed, 9);
  assert_int_equal(opts.selection, AGON_MCTS_PUCT);
  assert_int_equal(opts.final_choice, AGON_MCTS_BEST_VALUE);
  assert_int_equal(opts.max_nodes, 1234);
  assert_near(opts.seconds, 0.5, 0);
  assert_near(opts.dirichlet_fraction, 0.25, 0);
  assert_true(agon_mcts_options_parse("mcts", &opts, &error));
  assert_int_equal(opts.simulations, 1000);
  assert_near(opts.uct_c, 2, 0);
  assert_true(opts.solver);

  static const struct {
    const char *spec;
    int code;
  } bad[] = {
    { "mcts(simulations=", AGON_ERROR_PARSE },
    { "ismcts(simulations=5)", AGON_ERROR_UNKNOWN_NAME },
    { "mcts(sims=5)", AGON_ERROR_UNKNOWN_PARAMETER },
    { "mcts(rollouts=0)", AGON_ERROR_INVALID_VALUE },
    { "mcts(selection=foo)", AGON_ERROR_INVALID_VALUE },
    { "mcts(final=foo)", AGON_ERROR_INVALID_VALUE },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_clear_error(&error);
    assert_false(agon_mcts_options_parse(bad[i].spec, &opts, &error));
    assert_int_equal(error->code, bad[i].code);
  }

  g_autoptr(AgonGame) rps = test_game_new("matrix_rps");
  g_clear_error(&error);
  assert_null(agon_mcts_new(rps, NULL, &error));
  assert_int_equal(error->code, AGON_ERROR_UNSUPPORTED);

  g_autoptr(AgonGame) ttt = test_game_new("tic_tac_toe");
  agon_mcts_options_init(&opts);
  opts.simulations = 0;
  g_clear_error(&error);
  assert_null(agon_mcts_new(ttt, &opts, &error));
  assert_int_equal(error->code, AGON_ERROR_INVALID_VALUE);

  /* Several rollouts per leaf, best-value choice, a terminal root. */
  agon_mcts_options_init(&opts);
  opts.rollouts = 4;
  opts.final_choice = AGON_MCTS_BEST_VALUE;
  opts.simulations = 300;
  g_autoptr(AgonMcts) mcts = mcts_new_or_fail(ttt, &opts);
  g_autoptr(AgonState) won = agon_state_deserialize(ttt, "0 3 1 4", NULL);
  agon_mcts_set_root(mcts, won);
  AgonRng rng;
  agon_rng_init(&rng, 2);
  assert_int_equal(agon_mcts_search(mcts, &rng), 2);
  assert_true(agon_mcts_advance(mcts, 2, NULL));
  assert_int_equal(agon_mcts_search(mcts, &rng), -1);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_mcts_tic_tac_toe_never_loses),
    cmocka_unit_test(test_mcts_connect_four_beats_random),
    cmocka_unit_test(test_mcts_solver_proves_tic_tac_toe),
    cmocka_unit_test(test_mcts_tree_reuse_keeps_statistics),
    cmocka_unit_test(test_mcts_deterministic),
    cmocka_unit_test(test_mcts_time_budget),
    cmocka_unit_test(test_mcts_node_budget),
    cmocka_unit_test(test_mcts_chance_nodes),
    cmocka_unit_test(test_mcts_three_players),
    cmocka_unit_test(test_mcts_puct_evaluator),
    cmocka_unit_test(test_mcts_temperature),
    cmocka_unit_test(test_mcts_options_and_errors),
  };
  return cmocka_run_group_tests_name("mcts", tests, NULL, NULL);
}
