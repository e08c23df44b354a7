/* agon: tests of the bots (search/bot*.c).
 *
 * Spec errors with their codes; random and first legal everywhere (first
 * the lowest action, random reproducible from its seed); strength where it
 * is certain: mcts and alphabeta never lose tic-tac-toe to random play, a
 * CFR+ solver bot and ismcts win Kuhn poker against it on average; the policy bot
 * plays only what its file allows; the human bot fed from a file. */
#include "tests/testutil.h"

#include <glib/gstdio.h>
#include <unistd.h>

static AgonBot *
bot_new_or_fail(const AgonGame *game, int player, const char *spec, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  AgonBot *bot = agon_bot_new(game, player, spec, seed, &error);
  if (bot == NULL)
    fail_msg("agon_bot_new(%s): %s", spec, error->message);
  return bot;
}

/* Plays one game between @bots (one per seat) from the initial state,
 * informing every bot of the others' moves; checks each action is legal
 * and writes the returns. */
static void
play_game(AgonGame *game, AgonBot **bots, guint64 seed, double *returns)
{
  int n = agon_game_get_num_players(game);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonRng rng;
  agon_rng_init(&rng, seed);
  AgonAction joint[n];
  for (int p = 0; p < n; p++)
    agon_bot_restart(bots[p]);
  while (!agon_state_is_terminal(state)) {
    int player = agon_state_current_player(state);
    g_autoptr(GError) error = NULL;
    if (player == AGON_PLAYER_CHANCE) {
      AgonAction a = agon_state_sample_chance(state, &rng);
      for (int p = 0; p < n; p++)
        agon_bot_inform(bots[p], state, player, a);
      agon_state_apply(state, a);
    } else if (player == AGON_PLAYER_SIMULTANEOUS) {
      AgonAction legal[agon_game_get_max_actions(game)];
      for (int p = 0; p < n; p++) {
        joint[p] = agon_bot_step(bots[p], state, &error);
        assert_true(joint[p] >= 0);
        int k = agon_state_player_legal_actions(state, p, legal);
        gboolean found = FALSE;
        for (int i = 0; i < k; i++)
          found |= legal[i] == joint[p];
        assert_true(found);
      }
      agon_state_apply_joint(state, joint);
    } else {
      AgonAction a = agon_bot_step(bots[player], state, &error);
      if (a < 0)
        fail_msg("%s: %s", agon_bot_get_spec(bots[player]), error->message);
      assert_true(agon_state_is_legal(state, a));
      for (int p = 0; p < n; p++)
        if (p != player)
          agon_bot_inform(bots[p], state, player, a);
      agon_state_apply(state, a);
    }
  }
  agon_state_returns(state, returns);
}

/* ---- Specs ---------------------------------------------------------------- */

typedef struct {
  const char *game;
  int player;
  const char *spec;
  int code;
  const char *fragment;
} SpecError;

static const SpecError spec_errors[] = {
  { "tic_tac_toe", 0, "nope", AGON_ERROR_UNKNOWN_NAME,
    "unknown bot 'nope'; known bots: random first mcts alphabeta ismcts policy solver human" },
  { "tic_tac_toe", 0, "random(", AGON_ERROR_PARSE, "random(" },
  { "tic_tac_toe", 0, "random(x=1)", AGON_ERROR_UNKNOWN_PARAMETER, "unknown parameter 'x'" },
  { "tic_tac_toe", 0, "first(depth=1)", AGON_ERROR_UNKNOWN_PARAMETER, "'depth'" },
  { "tic_tac_toe", 0, "human(file=x)", AGON_ERROR_UNKNOWN_PARAMETER, "'file'" },
  { "tic_tac_toe", 0, "mcts(bogus=1)", AGON_ERROR_UNKNOWN_PARAMETER, "unknown parameter 'bogus'" },
  { "tic_tac_toe", 0, "mcts(simulations=x)", AGON_ERROR_INVALID_VALUE, "simulations" },
  { "tic_tac_toe", 0, "mcts(selection=best)", AGON_ERROR_INVALID_VALUE, "uct or puct" },
  { "tic_tac_toe", 0, "mcts(simulations=0)", AGON_ERROR_INVALID_VALUE, "" },
  { "tic_tac_toe", 0, "alphabeta(depth=-1)", AGON_ERROR_INVALID_VALUE, "depth" },
  { "tic_tac_toe", 0, "alphabeta(width=2)", AGON_ERROR_UNKNOWN_PARAMETER, "'width'" },
  { "kuhn_poker", 0, "ismcts(bogus=1)", AGON_ERROR_UNKNOWN_PARAMETER, "unknown parameter 'bogus'" },
  { "kuhn_poker", 0, "ismcts(simulations=0)", AGON_ERROR_INVALID_VALUE, "simulations" },
  { "goofspiel", 0, "ismcts", AGON_ERROR_UNSUPPORTED, "simultaneous" },
  { "tic_tac_toe", 2, "random", AGON_ERROR_INVALID_VALUE, "player 2 is not a seat" },
  { "tic_tac_toe", -1, "random", AGON_ERROR_INVALID_VALUE, "player -1 is not a seat" },
  { "kuhn_poker", 0, "mcts", AGON_ERROR_UNSUPPORTED, "perfect information" },
  { "kuhn_poker", 0, "alphabeta", AGON_ERROR_UNSUPPORTED, "perfect information" },
  { "kuhn_poker", 0, "policy", AGON_ERROR_INVALID_VALUE, "parameter file is required" },
  { "kuhn_poker", 0, "policy(file=/nonexistent/p.json)", AGON_ERROR_FAILED,
    "/nonexistent/p.json" },
  { "kuhn_poker", 0, "solver(name=nope)", AGON_ERROR_INVALID_VALUE, "unknown solver 'nope'" },
  { "kuhn_poker", 0, "solver(name=dcfr(alpha=x))", AGON_ERROR_INVALID_VALUE, "alpha" },
  { "kuhn_poker", 0, "solver(name=dcfr(alpha=1.5)", AGON_ERROR_PARSE, "" },
  { "kuhn_poker", 0, "solver(iterations=-1)", AGON_ERROR_INVALID_VALUE, "iterations" },
  { "kuhn_poker", 0, "solver(name=cfr,max_nodes=10)", AGON_ERROR_TOO_LARGE, "" },
  { "tic_tac_toe", 0, "solver(name=cfr,max_nodes=1000)", AGON_ERROR_TOO_LARGE, "" },
};

static void
test_bot_spec_errors(void **unused)
{
  for (gsize i = 0; i < G_N_ELEMENTS(spec_errors); i++) {
    const SpecError *c = &spec_errors[i];
    g_autoptr(AgonGame) game = test_game_new(c->game);
    g_autoptr(GError) error = NULL;
    g_autoptr(AgonBot) bot = agon_bot_new(game, c->player, c->spec, 1, &error);
    if (bot != NULL)
      fail_msg("%s on %s: created", c->spec, c->game);
    if (!g_error_matches(error, AGON_ERROR, c->code) || strstr(error->message, c->fragment) == NULL)
      fail_msg("%s on %s: code %d '%s', expected %d '%s'", c->spec, c->game, error->code,
               error->message, c->code, c->fragment);
  }
}

/* Every kind is listed once with a description and a parameter table;
 * specs come back resolved. */
static void
test_bot_registry(void **unused)
{
  const char *const *names = agon_bot_list_names();
  int n = 0;
  for (; names[n]; n++) {
    assert_non_null(agon_bot_lookup_description(names[n]));
    assert_non_null(agon_bot_lookup_param_specs(names[n]));
    for (int j = 0; j < n; j++)
      assert_string_not_equal(names[j], names[n]);
  }
  assert_int_equal(n, 8);
  assert_null(agon_bot_lookup_description("nope"));
  assert_string_equal(agon_bot_lookup_param_specs("mcts")[0].name, "simulations");

  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(AgonBot) random = bot_new_or_fail(game, 1, "random()", 0);
  assert_string_equal(agon_bot_get_spec(random), "random");
  assert_int_equal(agon_bot_get_player(random), 1);
  g_autoptr(AgonBot) ab = bot_new_or_fail(game, 0, "alphabeta", 0);
  assert_string_equal(agon_bot_get_spec(ab), "alphabeta(depth=0)");
  g_autoptr(AgonBot) mcts = bot_new_or_fail(game, 0, "mcts(simulations=10)", 0);
  assert_non_null(strstr(agon_bot_get_spec(mcts), "simulations=10"));
}

/* ---- random and first ------------------------------------------------------- */

static void
test_bot_first_and_random_legal(void **unused)
{
  /* Chance, imperfect information, simultaneous moves, three players. */
  static const char *const games[] = {
    "kuhn_poker", "leduc_poker", "tic_tac_toe", "phantom_ttt", "goofspiel(num_cards=4)",
    "kuhn_poker(players=3)", "liars_dice",
  };
  for (gsize g = 0; g < G_N_ELEMENTS(games); g++) {
    g_autoptr(AgonGame) game = test_game_new(games[g]);
    int n = agon_game_get_num_players(game);
    AgonBot *bots[n];
    for (int p = 0; p < n; p++)
      bots[p] = bot_new_or_fail(game, p, p % 2 ? "first" : "random", 10 + (guint64) p);
    for (int i = 0; i < 20; i++) {
      double returns[n];
      play_game(game, bots, (guint64) i, returns);
    }
    for (int p = 0; p < n; p++)
      agon_bot_free(bots[p]);
  }

  /* first takes the lowest legal action; random is reproducible from its
   * seed and spreads over the legal actions. */
  g_autoptr(AgonGame) ttt = test_game_new("tic_tac_toe");
  g_autoptr(AgonState) state = test_replay(ttt, "0 4");
  g_autoptr(AgonBot) first = bot_new_or_fail(ttt, 0, "first", 0);
  assert_int_equal(agon_bot_step(first, state, NULL), 1);
  g_autoptr(AgonBot) random = bot_new_or_fail(ttt, 0, "random", 0);
  AgonAction seq[40];
  gboolean seen[9] = { FALSE };
  agon_bot_set_seed(random, 77);
  for (int i = 0; i < 40; i++) {
    seq[i] = agon_bot_step(random, state, NULL);
    assert_true(agon_state_is_legal(state, seq[i]));
    seen[seq[i]] = TRUE;
  }
  for (int a = 0; a < 9; a++)
    assert_int_equal(seen[a], a != 0 && a != 4);
  agon_bot_set_seed(random, 77);
  for (int i = 0; i < 40; i++)
    assert_int_equal(agon_bot_step(random, state, NULL), seq[i]);
}

/* ---- Search bots -------------------------------------------------------------- */

/* @spec against random at tic-tac-toe, @games games alternating seats, one
 * bot each for the whole match (restarted between games); fails on a loss. */
static int
never_loses_to_random(const char *spec, int games)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  int wins = 0;
  for (int seat = 0; seat < 2; seat++) {
    g_autoptr(AgonBot) bot = bot_new_or_fail(game, seat, spec, 5);
    g_autoptr(AgonBot) random = bot_new_or_fail(game, 1 - seat, "random", 6);
    AgonBot *bots[2];
    bots[seat] = bot;
    bots[1 - seat] = random;
    for (int i = seat; i < games; i += 2) {
      double returns[2];
      play_game(game, bots, (guint64) i, returns);
      if (returns[seat] < 0)
        fail_msg("%s lost game %d in seat %d", spec, i, seat);
      wins += returns[seat] > 0;
    }
  }
  return wins;
}

static void
test_bot_mcts_never_loses(void **unused)
{
  /* Random blunders: most games are won, not drawn. */
  assert_true(never_loses_to_random("mcts(simulations=1000)", 20) >= 16);
}

static void
test_bot_alphabeta_never_loses(void **unused)
{
  assert_true(never_loses_to_random("alphabeta", 20) >= 16);
  /* A depth limit plays legally too (the helper checks every action). */
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(AgonBot) a = bot_new_or_fail(game, 0, "alphabeta(depth=2)", 0);
  g_autoptr(AgonBot) b = bot_new_or_fail(game, 1, "alphabeta", 0);
  AgonBot *bots[2] = { a, b };
  double returns[2];
  play_game(game, bots, 0, returns);
  /* Exact play never loses, whoever starts. */
  assert_true(returns[1] >= 0);
}

/* The mcts bot follows a game it is not informed of (it matches
 * histories), and starts over on a state from elsewhere. */
static void
test_bot_mcts_follows_state(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(AgonBot) bot = bot_new_or_fail(game, 0, "mcts(simulations=2000)", 3);
  /* X to move with two in a row (0, 1): it must complete 2. */
  g_autoptr(AgonState) win = test_replay(game, "0 3 1 4");
  assert_int_equal(agon_bot_step(bot, win, NULL), 2);
  /* Another line, not a continuation of the last: O threatens 0-4-8. */
  g_autoptr(AgonState) block = test_replay(game, "1 0 2 4");
  assert_int_equal(agon_bot_step(bot, block, NULL), 8);
}

/* ismcts plays kuhn poker from both seats, legally, and beats random. */
static void
test_bot_ismcts_plays(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  double total = 0;
  const int games = 200;
  for (int seat = 0; seat < 2; seat++) {
    g_autoptr(AgonBot) bot = bot_new_or_fail(game, seat, "ismcts(simulations=300)", 7);
    g_autoptr(AgonBot) random = bot_new_or_fail(game, 1 - seat, "random", 8);
    AgonBot *bots[2];
    bots[seat] = bot;
    bots[1 - seat] = random;
    for (int i = seat; i < games; i += 2) {
      double returns[2];
      play_game(game, bots, 3000 + (guint64) i, returns);
      total += returns[seat];
    }
  }
  assert_true(total / games > 0);
}

/* ---- Policy and solver bots ------------------------------------------------- */

static void
test_bot_policy_plays_positive_actions(void **unused)
{
  g_autoptr(AgonTree) tree = test_tree_new("kuhn_poker");
  /* A policy with zeros: every information set plays its last action,
   * except the first, which mixes 50/50. */
  int n_slots = agon_tree_get_num_slots(tree);
  g_autofree double *probs = g_new0(double, n_slots);
  for (int i = 0; i < agon_tree_get_num_infosets(tree); i++) {
    int off = agon_tree_infoset_offset(tree, i), k = agon_tree_infoset_num_actions(tree, i);
    if (i == 0) {
      for (int j = 0; j < k; j++)
        probs[off + j] = 1.0 / k;
    } else {
      probs[off + k - 1] = 1;
    }
  }
  g_autoptr(AgonPolicy) made = agon_policy_new_from_probs(tree, probs);
  g_autofree char *path = test_temp_path("bot-policy.json");
  g_autoptr(GError) error = NULL;
  assert_true(agon_policy_save(made, path, &error));

  /* And one written by a solver. */
  g_autoptr(AgonSolver) solver = test_solver_new(tree, "cfr+");
  agon_solver_iterate(solver, 30);
  g_autofree char *solved_path = test_temp_path("bot-solved.json");
  assert_true(agon_solver_save_average_policy(solver, solved_path, &error));
  g_autoptr(AgonPolicy) solved = agon_solver_get_average_policy(solver);

  g_autoptr(AgonGame) game = agon_game_ref(agon_tree_get_game(tree));
  const char *first_infoset = agon_tree_infoset_string(tree, 0);
  int first_player = agon_tree_infoset_player(tree, 0);
  const char *const files[] = { path, solved_path };
  AgonPolicy *const policies[] = { made, solved };
  for (int f = 0; f < 2; f++) {
    g_autofree char *spec = g_strdup_printf("policy(file=\"%s\")", files[f]);
    int mixed[2] = { 0, 0 };
    for (int seat = 0; seat < 2; seat++) {
      g_autoptr(AgonBot) bot = bot_new_or_fail(game, seat, spec, 9);
      g_autoptr(AgonState) state = agon_state_new_initial(game);
      AgonRng rng;
      agon_rng_init(&rng, 4);
      g_autoptr(GString) infoset = g_string_new(NULL);
      /* Random histories; the bot answers wherever its seat moves. */
      for (int i = 0; i < 400; i++) {
        agon_state_reset(state);
        while (!agon_state_is_terminal(state)) {
          if (agon_state_current_player(state) == seat) {
            AgonAction a = agon_bot_step(bot, state, &error);
            assert_true(a >= 0);
            g_string_truncate(infoset, 0);
            agon_state_information_state_string(state, seat, infoset);
            if (agon_policy_get_probability(policies[f], seat, infoset->str, a) <= 0)
              fail_msg("%s played %d at '%s'", files[f], a, infoset->str);
            if (seat == first_player && strcmp(infoset->str, first_infoset) == 0)
              mixed[a]++;
          }
          test_random_step(state, &rng);
        }
      }
    }
    if (f == 0) /* the 50/50 information set: both actions, about evenly */
      assert_true(mixed[0] > 50 && mixed[1] > 50);
  }

  /* A file of another game is refused. */
  g_autoptr(AgonGame) leduc = test_game_new("leduc_poker");
  g_autofree char *spec = g_strdup_printf("policy(file=\"%s\")", path);
  g_autoptr(AgonBot) wrong = agon_bot_new(leduc, 0, spec, 0, &error);
  assert_null(wrong);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE));
  assert_non_null(strstr(error->message, "kuhn_poker"));
  g_unlink(path);
  g_unlink(solved_path);
}

/* A CFR+ bot wins at Kuhn poker against random play, from both seats. */
static void
test_bot_solver_beats_random(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  const int games = 2000;
  double total = 0;
  for (int seat = 0; seat < 2; seat++) {
    g_autoptr(AgonBot) bot = bot_new_or_fail(game, seat, "solver(name=cfr+,iterations=200)", 1);
    g_autoptr(AgonBot) random = bot_new_or_fail(game, 1 - seat, "random", 2);
    AgonBot *bots[2];
    bots[seat] = bot;
    bots[1 - seat] = random;
    for (int i = seat; i < games; i += 2) {
      double returns[2];
      play_game(game, bots, 1000 + (guint64) i, returns);
      total += returns[seat];
    }
  }
  /* The equilibrium earns about 0.17 a game against uniform play here. */
  assert_true(total / games > 0.08);

  /* Nested solver specs work and come back resolved. */
  g_autoptr(AgonBot) dcfr = bot_new_or_fail(game, 0, "solver(name=dcfr(alpha=2),iterations=5)", 0);
  assert_non_null(strstr(agon_bot_get_spec(dcfr), "dcfr(alpha=2"));
}

/* ---- Human ------------------------------------------------------------------ */

/* Runs a human bot for @player at @state on @input; returns its action and
 * its output in @output. */
static AgonAction
human_step(const AgonState *state, int player, const char *input, char **output, GError **error)
{
  g_autofree char *in_path = test_temp_path("bot-human-in.txt");
  assert_true(g_file_set_contents(in_path, input, -1, NULL));
  FILE *in = fopen(in_path, "r");
  FILE *out = tmpfile();
  assert_non_null(in);
  assert_non_null(out);
  g_autoptr(AgonBot) bot = agon_bot_new_human(agon_state_get_game(state), player, in, out, NULL);
  assert_non_null(bot);
  assert_string_equal(agon_bot_get_spec(bot), "human");
  AgonAction a = agon_bot_step(bot, state, error);
  long size = ftell(out);
  rewind(out);
  *output = g_malloc0((gsize) size + 1);
  assert_int_equal(fread(*output, 1, (size_t) size, out), (size_t) size);
  fclose(in);
  fclose(out);
  g_unlink(in_path);
  return a;
}

/* The search policy: visit shares summing to 1 over legal moves, the
 * move played among them (the most visited with temperature 0); none for
 * bots that do not search, nor before a first step. */
static void
test_bot_search_policy(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  g_autoptr(AgonBot) mcts = agon_bot_new(game, 0, "mcts(simulations=300)", 1, NULL);
  g_autoptr(AgonBot) random = agon_bot_new(game, 0, "random", 1, NULL);
  AgonAction actions[9];
  double probs[9];
  assert_int_equal(agon_bot_get_search_policy(mcts, actions, probs), 0);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  AgonAction chosen = agon_bot_step(mcts, state, NULL);
  int n = agon_bot_get_search_policy(mcts, actions, probs);
  assert_int_equal(n, 9);
  double sum = 0, best = 0, of_chosen = -1;
  for (int i = 0; i < n; i++) {
    assert_true(agon_state_is_legal(state, actions[i]));
    sum += probs[i];
    best = MAX(best, probs[i]);
    if (actions[i] == chosen)
      of_chosen = probs[i];
  }
  assert_near(sum, 1, 1e-12);
  assert_true(of_chosen == best);
  agon_bot_step(random, state, NULL);
  assert_int_equal(agon_bot_get_search_policy(random, actions, probs), 0);

  g_autoptr(AgonGame) kuhn = test_game_new("kuhn_poker");
  g_autoptr(AgonBot) ismcts = agon_bot_new(kuhn, 0, "ismcts(simulations=100)", 1, NULL);
  g_autoptr(AgonState) deal = test_replay(kuhn, "2 0");
  agon_bot_step(ismcts, deal, NULL);
  n = agon_bot_get_search_policy(ismcts, actions, probs);
  assert_int_equal(n, 2);
  assert_near(probs[0] + probs[1], 1, 1e-12);
}

static void
test_bot_human(void **unused)
{
  g_autoptr(AgonGame) kuhn = test_game_new("kuhn_poker");
  /* Player 1 holds the king (2), player 0 the queen (1), then 0 passed. */
  g_autoptr(AgonState) state = test_replay(kuhn, "1 2 0");
  g_autofree char *mine = agon_state_information_state(state, 1);
  g_autofree char *theirs = agon_state_information_state(state, 0);
  assert_string_not_equal(mine, theirs);

  /* Blank and bad lines are answered and asked again; names work. */
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  assert_int_equal(human_step(state, 1, "\nfold\n7\nBet\n", &out, &error), 1);
  assert_non_null(strstr(out, "'fold' is not a legal move"));
  assert_non_null(strstr(out, "'7' is not a legal move"));
  assert_non_null(strstr(out, "0=Pass 1=Bet"));
  assert_non_null(strstr(out, mine));
  /* Only the player's own information: the other's view never shows. */
  assert_null(strstr(out, theirs));
  g_autofree char *picture = NULL;
  {
    g_autoptr(GString) s = g_string_new(NULL);
    agon_state_to_string(state, s);
    picture = g_string_free(g_steal_pointer(&s), FALSE);
  }
  assert_null(strstr(out, g_strchomp(picture)));

  /* Numbers work. */
  g_autofree char *out2 = NULL;
  assert_int_equal(human_step(state, 1, "  0  \n", &out2, NULL), 0);

  /* The input ends without a good move. */
  g_autofree char *out3 = NULL;
  assert_int_equal(human_step(state, 1, "nonsense\n", &out3, &error), -1);
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_FAILED));
  assert_non_null(strstr(error->message, "input ended"));

  /* Perfect information: the board, and the other side's moves as told. */
  g_autoptr(AgonGame) ttt = test_game_new("tic_tac_toe");
  g_autoptr(AgonState) board = test_replay(ttt, "4");
  g_autoptr(GError) error2 = NULL;
  g_autofree char *out4 = NULL;
  assert_int_equal(human_step(board, 1, "x(0,0)\no(0,0)\n", &out4, &error2), 0);
  assert_non_null(strstr(out4, "the state"));
  assert_non_null(strstr(out4, "'x(0,0)' is not a legal move"));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_bot_spec_errors),
    cmocka_unit_test(test_bot_registry),
    cmocka_unit_test(test_bot_first_and_random_legal),
    cmocka_unit_test(test_bot_mcts_never_loses),
    cmocka_unit_test(test_bot_alphabeta_never_loses),
    cmocka_unit_test(test_bot_mcts_follows_state),
    cmocka_unit_test(test_bot_ismcts_plays),
    cmocka_unit_test(test_bot_policy_plays_positive_actions),
    cmocka_unit_test(test_bot_solver_beats_random),
    cmocka_unit_test(test_bot_search_policy),
    cmocka_unit_test(test_bot_human),
  };
  return cmocka_run_group_tests_name("bot", tests, NULL, NULL);
}
