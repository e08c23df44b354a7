/* agon: tournaments (arena.h): the schedule's fairness, seeds, identical
 * results for any number of threads, the store and resuming from it, and
 * the standings. */
#include "testutil.h"
#include "eval/eval-private.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

static AgonTournament *
tournament_new(const char *game_string, const char *const *specs, int n,
               AgonTournamentFormat format, int per_group, int threads)
{
  g_autoptr(AgonGame) game = test_game_new(game_string);
  AgonTournamentOptions options = {
    .format = format, .games_per_group = per_group, .seed = 7, .threads = threads,
  };
  g_autoptr(GError) error = NULL;
  AgonTournament *t = agon_tournament_new(game, n, NULL, specs, &options, &error);
  if (t == NULL)
    fail_msg("%s", error->message);
  return t;
}

/* Every bot takes every seat equally often, and every pair of bots sits
 * at the same table equally often. */
static void
check_fairness(const AgonTournament *t, int seats, gboolean gauntlet)
{
  int n = agon_tournament_get_num_bots(t);
  gint64 per_seat[n][seats];
  gint64 together[n][n];
  memset(per_seat, 0, sizeof per_seat);
  memset(together, 0, sizeof together);
  for (gint64 i = 0; i < agon_tournament_get_num_games(t); i++) {
    const int *seating = agon_tournament_get_seating(t, i);
    for (int s = 0; s < seats; s++) {
      per_seat[seating[s]][s]++;
      for (int u = 0; u < seats; u++)
        if (u != s)
          together[seating[s]][seating[u]]++;
      for (int u = 0; u < s; u++)
        assert_int_not_equal(seating[u], seating[s]);
    }
  }
  for (int b = 0; b < n; b++)
    for (int s = 1; s < seats; s++)
      assert_int_equal(per_seat[b][s], per_seat[b][0]);
  for (int a = 0; a < n; a++)
    for (int b = 0; b < n; b++) {
      if (a == b)
        continue;
      if (!gauntlet)
        assert_int_equal(together[a][b], together[0][1]);
      else if (a == 0 || b == 0) /* the first bot meets each other equally */
        assert_int_equal(together[a][b], together[0][1]);
    }
}

static void
test_schedule_two_players(void **unused)
{
  const char *specs[] = { "random", "first", "mcts(simulations=5)", "alphabeta(depth=1)" };
  g_autoptr(AgonTournament) t = tournament_new("tic_tac_toe", specs, 4, AGON_FORMAT_ROUND_ROBIN,
                                               6, 1);
  assert_int_equal(agon_tournament_get_num_games(t), 6 * 6); /* 6 pairs */
  check_fairness(t, 2, FALSE);
  /* Round-major: the first 12 games are one round (2 games) of each pair. */
  for (gint64 i = 0; i < 12; i += 2) {
    const int *a = agon_tournament_get_seating(t, i), *b = agon_tournament_get_seating(t, i + 1);
    assert_int_equal(a[0], b[1]);
    assert_int_equal(a[1], b[0]);
    /* The two games of a round share the deal, not the bots' seeds. */
    assert_true(agon_tournament_get_chance_seed(t, i) == agon_tournament_get_chance_seed(t, i + 1));
    assert_true(agon_tournament_get_game_seed(t, i) != agon_tournament_get_game_seed(t, i + 1));
  }
  assert_true(agon_tournament_get_chance_seed(t, 0) != agon_tournament_get_chance_seed(t, 2));

  g_autoptr(AgonTournament) g = tournament_new("tic_tac_toe", specs, 4, AGON_FORMAT_GAUNTLET, 4,
                                               1);
  assert_int_equal(agon_tournament_get_num_games(g), 3 * 4);
  for (gint64 i = 0; i < 12; i++) {
    const int *seating = agon_tournament_get_seating(g, i);
    assert_true(seating[0] == 0 || seating[1] == 0);
  }
  check_fairness(g, 2, TRUE);
}

static void
test_schedule_many_players(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("goofspiel(num_cards=4,players=3)");
  const char *names[] = { "r1", "f1", "r2", "f2", "r3" };
  AgonTournamentOptions options = { .format = AGON_FORMAT_ROUND_ROBIN, .games_per_group = 6,
                                    .seed = 1, .threads = 1 };
  const char *plain[] = { "random", "first", "random", "first", "random" };
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonTournament) t = agon_tournament_new(game, 5, names, plain, &options, &error);
  assert_non_null(t);
  assert_int_equal(agon_tournament_get_num_games(t), 10 * 6); /* C(5,3) groups */
  check_fairness(t, 3, FALSE);

  options.format = AGON_FORMAT_GAUNTLET;
  g_autoptr(AgonTournament) g = agon_tournament_new(game, 5, names, plain, &options, &error);
  assert_non_null(g);
  assert_int_equal(agon_tournament_get_num_games(g), 6 * 6); /* C(4,2) groups */
  check_fairness(g, 3, TRUE);
}

static void
test_schedule_errors(void **unused)
{
  g_autoptr(AgonGame) ttt = test_game_new("tic_tac_toe");
  g_autoptr(AgonGame) three = test_game_new("goofspiel(num_cards=4,players=3)");
  const char *two[] = { "random", "first" };
  const char *same[] = { "random", "random" };
  const char *bad[] = { "random", "nope" };
  AgonTournamentOptions options = { .format = AGON_FORMAT_ROUND_ROBIN, .games_per_group = 3 };
  g_autoptr(GError) error = NULL;
  assert_null(agon_tournament_new(ttt, 2, NULL, two, &options, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE));
  assert_non_null(strstr(error->message, "multiple of 2"));
  g_clear_error(&error);
  options.games_per_group = 2;
  assert_null(agon_tournament_new(ttt, 2, NULL, same, &options, &error));
  assert_non_null(strstr(error->message, "two bots are named 'random'"));
  g_clear_error(&error);
  assert_null(agon_tournament_new(ttt, 2, NULL, bad, &options, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME));
  assert_non_null(strstr(error->message, "bot 'nope'"));
  g_clear_error(&error);
  options.games_per_group = 3;
  assert_null(agon_tournament_new(three, 2, NULL, two, &options, &error));
  assert_non_null(strstr(error->message, "needs at least 3 bots"));
  g_clear_error(&error);
  options.format = AGON_FORMAT_SELFPLAY;
  assert_null(agon_tournament_new(ttt, 2, NULL, two, &options, &error));
  assert_non_null(strstr(error->message, "exactly one bot"));
  g_clear_error(&error);
  /* mcts cannot play hidden information: refused when planned. */
  g_autoptr(AgonGame) kuhn = test_game_new("kuhn_poker");
  const char *mcts[] = { "mcts", "random" };
  options.format = AGON_FORMAT_ROUND_ROBIN;
  options.games_per_group = 2;
  assert_null(agon_tournament_new(kuhn, 2, NULL, mcts, &options, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED));
}

static void
assert_same_records(const AgonTournament *a, const AgonTournament *b)
{
  assert_int_equal(agon_tournament_get_num_games(a), agon_tournament_get_num_games(b));
  for (gint64 i = 0; i < agon_tournament_get_num_games(a); i++) {
    const AgonGameRecord *x = agon_tournament_get_record(a, i);
    const AgonGameRecord *y = agon_tournament_get_record(b, i);
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(x->index, i);
    assert_int_equal(x->failed, y->failed);
    assert_int_equal(x->num_moves, y->num_moves);
    assert_memory_equal(x->moves, y->moves, sizeof(AgonAction) * x->num_moves);
    for (int s = 0; s < x->num_seats; s++) /* SQLite keeps no -0.0 */
      assert_true(x->returns[s] == y->returns[s]);
    assert_memory_equal(x->bots, y->bots, sizeof(int) * x->num_seats);
    assert_true(x->seed == y->seed && x->chance_seed == y->chance_seed);
  }
}

static void
run_all(AgonTournament *t)
{
  g_autoptr(GError) error = NULL;
  assert_true(agon_tournament_run(t, NULL, NULL, NULL, &error));
  assert_int_equal(agon_tournament_get_num_finished(t), agon_tournament_get_num_games(t));
}

/* Bots that use their random streams (and chance, and tree reuse) play
 * the same games whatever the number of threads. */
static void
test_threads_identical(void **unused)
{
  static const struct {
    const char *game;
    int n;
    const char *specs[3];
  } cases[] = {
    { "tic_tac_toe", 3, { "random", "mcts(simulations=30)", "mcts(simulations=60,temperature=1)" } },
    { "leduc_poker", 3, { "random", "ismcts(simulations=30)", "first" } },
    { "liars_dice", 2, { "random", "ismcts(simulations=30)" } },
    /* Simultaneous moves. */
    { "goofspiel(num_cards=4,imp_info=true)", 2, { "random", "first" } },
  };
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++) {
    g_autoptr(AgonTournament) one = tournament_new(cases[c].game, cases[c].specs, cases[c].n,
                                                   AGON_FORMAT_ROUND_ROBIN, 6, 1);
    g_autoptr(AgonTournament) three = tournament_new(cases[c].game, cases[c].specs, cases[c].n,
                                                     AGON_FORMAT_ROUND_ROBIN, 6, 3);
    run_all(one);
    run_all(three);
    assert_same_records(one, three);
    /* Not all the same game: the seeds make a difference. */
    const AgonGameRecord *a = agon_tournament_get_record(one, 0);
    gboolean differ = FALSE;
    for (gint64 i = 2; i < agon_tournament_get_num_games(one) && !differ; i += 2) {
      const AgonGameRecord *b = agon_tournament_get_record(one, i);
      differ = a->num_moves != b->num_moves
               || memcmp(a->moves, b->moves, sizeof(AgonAction) * a->num_moves) != 0;
    }
    assert_true(differ);
  }
}

/* A game replays alone from its seeds: the record equals a fresh game
 * played with new bots. */
static void
test_game_replays(void **unused)
{
  const char *specs[] = { "random", "ismcts(simulations=25)" };
  g_autoptr(AgonTournament) t = tournament_new("kuhn_poker", specs, 2, AGON_FORMAT_ROUND_ROBIN,
                                               8, 2);
  run_all(t);
  const AgonGame *game = agon_tournament_get_game(t);
  for (gint64 i = 0; i < 8; i++) {
    const AgonGameRecord *r = agon_tournament_get_record(t, i);
    AgonBot *bots[2];
    for (int s = 0; s < 2; s++)
      bots[s] = agon_bot_new(game, s, specs[r->bots[s]], 99, NULL);
    g_autofree void *memory = g_malloc(agon_game_get_state_size(game));
    AgonGameRecord *again = agon__game_record_new(2);
    agon__play_game(game, bots, r->seed, r->chance_seed, FALSE, memory, again);
    assert_int_equal(again->num_moves, r->num_moves);
    assert_memory_equal(again->moves, r->moves, sizeof(AgonAction) * r->num_moves);
    agon__game_record_free(again);
    for (int s = 0; s < 2; s++)
      agon_bot_free(bots[s]);
  }
}

static gboolean
stop_after_ten(const AgonTournament *t, gpointer user_data)
{
  return agon_tournament_get_num_finished(t) >= 10;
}

static void
count_progress(const AgonTournament *t, const AgonGameRecord *record, gint64 done, gint64 total,
               gpointer user_data)
{
  int *calls = user_data;
  (*calls)++;
  assert_int_equal(done, agon_tournament_get_num_finished(t));
  assert_int_equal(total, agon_tournament_get_num_games(t));
  assert_ptr_equal(agon_tournament_get_record(t, record->index), record);
}

/* A run stopped part way resumes from its database to the same games as
 * a run that never stopped; a database of another tournament is refused. */
static void
test_store_resume(void **unused)
{
  const char *specs[] = { "random", "mcts(simulations=3000)", "first" };
  g_autofree char *path = test_temp_path("resume.db");
  g_unlink(path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonTournament) whole = tournament_new("tic_tac_toe", specs, 3,
                                                   AGON_FORMAT_ROUND_ROBIN, 40, 2);
  assert_true(agon_tournament_open_db(whole, ":memory:", &error));
  run_all(whole);

  gint64 stored;
  {
    g_autoptr(AgonTournament) part = tournament_new("tic_tac_toe", specs, 3,
                                                    AGON_FORMAT_ROUND_ROBIN, 40, 2);
    assert_true(agon_tournament_open_db(part, path, &error));
    int calls = 0;
    assert_true(agon_tournament_run(part, count_progress, stop_after_ten, &calls, &error));
    stored = agon_tournament_get_num_finished(part);
    assert_true(stored >= 10 && stored < 120);
    assert_int_equal(calls, stored);
  }
  g_autoptr(AgonTournament) rest = tournament_new("tic_tac_toe", specs, 3,
                                                  AGON_FORMAT_ROUND_ROBIN, 40, 1);
  assert_true(agon_tournament_open_db(rest, path, &error));
  assert_int_equal(agon_tournament_get_num_finished(rest), stored);
  int calls = 0;
  assert_true(agon_tournament_run(rest, count_progress, NULL, &calls, &error));
  assert_int_equal(calls, 120 - stored);
  assert_same_records(whole, rest);

  AgonStanding a[3], b[3];
  agon_tournament_get_standings(whole, -1, a);
  agon_tournament_get_standings(rest, -1, b);
  for (int i = 0; i < 3; i++) {
    assert_int_equal(a[i].wins, b[i].wins);
    assert_true(a[i].mu == b[i].mu || (isnan(a[i].mu) && isnan(b[i].mu)));
  }

  /* The log reads the same games back. */
  g_autoptr(AgonGameLog) log = agon_game_log_load(path, &error);
  assert_non_null(log);
  assert_int_equal(agon_game_log_get_num_games(log), 120);
  assert_int_equal(agon_game_log_get_num_bots(log), 3);
  assert_string_equal(agon_game_log_get_bot_name(log, 1), "mcts(simulations=3000)");
  assert_string_equal(agon_game_log_get_definition(log), agon_tournament_get_definition(rest));
  for (gint64 i = 0; i < 120; i++) {
    const AgonGameRecord *x = agon_game_log_get_game(log, i);
    const AgonGameRecord *y = agon_tournament_get_record(whole, i);
    assert_int_equal(x->index, i);
    assert_int_equal(x->num_moves, y->num_moves);
    assert_memory_equal(x->moves, y->moves, sizeof(AgonAction) * x->num_moves);
    assert_true(x->returns[0] == y->returns[0] && x->returns[1] == y->returns[1]);
    assert_memory_equal(x->bots, y->bots, sizeof(int) * 2);
  }

  /* Another seed is another tournament. */
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  AgonTournamentOptions options = { .format = AGON_FORMAT_ROUND_ROBIN, .games_per_group = 40,
                                    .seed = 8, .threads = 1 };
  g_autoptr(AgonTournament) other = agon_tournament_new(game, 3, NULL, specs, &options, &error);
  assert_false(agon_tournament_open_db(other, path, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE));
  assert_non_null(strstr(error->message, "its seed is \"7\", this one's \"8\""));
  g_clear_error(&error);
  /* So is another bot list. */
  const char *others[] = { "random", "mcts(simulations=3001)", "first" };
  options.seed = 7;
  g_autoptr(AgonTournament) other2 = agon_tournament_new(game, 3, NULL, others, &options,
                                                         &error);
  assert_false(agon_tournament_open_db(other2, path, &error));
  assert_non_null(strstr(error->message, "its bots is"));
  g_clear_error(&error);

  for (const char *suffix = ""; suffix; suffix = *suffix ? NULL : "-wal") {
    g_autofree char *file = g_strconcat(path, suffix, NULL);
    g_unlink(file);
  }
  g_autofree char *shm = g_strconcat(path, "-shm", NULL);
  g_unlink(shm);
}

static void
test_store_bad_files(void **unused)
{
  const char *specs[] = { "random", "first" };
  g_autoptr(AgonTournament) t = tournament_new("tic_tac_toe", specs, 2, AGON_FORMAT_ROUND_ROBIN,
                                               2, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = test_temp_path("not-a-db.db");
  assert_true(g_file_set_contents(text, "hello, this is not SQLite\n", -1, NULL));
  assert_false(agon_tournament_open_db(t, text, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE));
  assert_non_null(strstr(error->message, text));
  g_clear_error(&error);
  assert_null(agon_game_log_load(text, &error));
  assert_true(g_error_matches(error, AGON_ERROR, AGON_ERROR_BAD_FILE));
  g_clear_error(&error);
  g_unlink(text);
  assert_null(agon_game_log_load("/nonexistent/t.db", &error));
  assert_non_null(strstr(error->message, "/nonexistent/t.db"));
  g_clear_error(&error);
  assert_false(agon_tournament_open_db(t, "/nonexistent/t.db", &error));
  assert_non_null(strstr(error->message, "/nonexistent/t.db"));
}

static AgonGameRecord *
result(int a, int b, double ra, double rb)
{
  AgonGameRecord *r = agon__game_record_new(2);
  r->bots[0] = a;
  r->bots[1] = b;
  r->returns[0] = ra;
  r->returns[1] = rb;
  return r;
}

/* Standings from hand-made results: counts, scores, the Elo fit and what
 * failed games do. */
static void
test_standings(void **unused)
{
  AgonGameRecord *records[] = {
    result(0, 1, 1, -1), result(1, 0, 0, 0), result(0, 2, -1, 1), result(2, 0, -1, 1),
    result(1, 2, 1, -1), result(2, 1, 0, 0), NULL, result(0, 1, 0, 0),
  };
  records[7]->failed = TRUE;
  AgonStanding st[3] = { { .name = "a" }, { .name = "b" }, { .name = "c" } };
  agon__standings_compute(records, G_N_ELEMENTS(records), 3, st);
  assert_string_equal(st[0].name, "a");
  assert_int_equal(st[0].games, 4);
  assert_int_equal(st[0].failed, 1);
  assert_int_equal(st[0].wins, 2);
  assert_int_equal(st[0].draws, 1);
  assert_int_equal(st[0].losses, 1);
  assert_near(st[0].score, 2.5 / 4, 1e-15);
  assert_near(st[0].mean_return, 0.25, 1e-15);
  assert_int_equal(st[1].wins + st[1].draws + st[1].losses, 4);
  /* Every bot has a win and a loss: the fit exists, a is best, and the
   * ratings average 0. */
  assert_false(isnan(st[0].elo));
  assert_true(st[0].elo > st[1].elo && st[0].elo > st[2].elo);
  assert_near(st[0].elo + st[1].elo + st[2].elo, 0, 1e-9);
  assert_true(st[0].elo_low < st[0].elo && st[0].elo < st[0].elo_high);
  assert_false(isnan(st[0].mu));
  assert_true(st[0].mu > 25);

  /* A perfect score rates through the prior: 2 wins and the 2 virtual
   * draws of BayesElo's rule (2 * 2 * (1/2 + 1/2) / 2) score 3/4, a
   * difference of 400 log10(3). */
  AgonGameRecord *sweep[] = { result(0, 1, 1, -1), result(1, 0, -1, 1) };
  AgonStanding two[2] = { { .name = "x" }, { .name = "y" } };
  agon__standings_compute(sweep, 2, 2, two);
  assert_near(two[0].score, 1, 0);
  assert_near(two[0].elo, 200 * log10(3), 1e-6);
  assert_near(two[1].elo, -200 * log10(3), 1e-6);
  assert_true(two[0].mu > two[1].mu);
  for (gsize i = 0; i < G_N_ELEMENTS(records); i++)
    agon__game_record_free(records[i]);
  for (gsize i = 0; i < G_N_ELEMENTS(sweep); i++)
    agon__game_record_free(sweep[i]);
}

/* Self-play records the searches' visit shares, one entry per history
 * entry: none for chance, a distribution for every ismcts move. */
static void
test_selfplay_policies(void **unused)
{
  g_autoptr(AgonGame) game = test_game_new("kuhn_poker");
  const char *specs[] = { "ismcts(simulations=50)" };
  AgonTournamentOptions options = { .format = AGON_FORMAT_SELFPLAY, .games_per_group = 5,
                                    .seed = 3, .threads = 2, .record_policies = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonTournament) t = agon_tournament_new(game, 1, NULL, specs, &options, &error);
  assert_non_null(t);
  assert_int_equal(agon_tournament_get_num_games(t), 5);
  run_all(t);
  for (gint64 i = 0; i < 5; i++) {
    const AgonGameRecord *r = agon_tournament_get_record(t, i);
    assert_int_equal(r->bots[0], 0);
    assert_int_equal(r->bots[1], 0);
    assert_int_equal(r->policy_sizes[0], 0); /* the deal */
    assert_int_equal(r->policy_sizes[1], 0);
    for (int m = 2; m < r->num_moves; m++) {
      assert_int_equal(r->policy_sizes[m], 2);
      double sum = 0;
      gboolean played = FALSE;
      for (int k = 0; k < 2; k++) {
        sum += r->policy_probs[r->policy_offsets[m] + k];
        played |= r->policy_actions[r->policy_offsets[m] + k] == r->moves[m];
      }
      assert_near(sum, 1, 1e-12);
      assert_true(played);
    }
  }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_schedule_two_players),
    cmocka_unit_test(test_schedule_many_players),
    cmocka_unit_test(test_schedule_errors),
    cmocka_unit_test(test_threads_identical),
    cmocka_unit_test(test_game_replays),
    cmocka_unit_test(test_store_resume),
    cmocka_unit_test(test_store_bad_files),
    cmocka_unit_test(test_standings),
    cmocka_unit_test(test_selfplay_policies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
