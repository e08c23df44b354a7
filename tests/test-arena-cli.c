/* agon: `agon tournament`, `match` and `selfplay` run as a user runs them:
 * a tournament killed with SIGKILL and run again ends with the games of an
 * uninterrupted run; the SPRT stops a match early; self-play writes its
 * JSON lines; failed games are recorded, not counted; bad input is one
 * line and a non-zero exit. */
#include "testutil.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static JsonObject *
parse_object(const char *text, JsonParser *parser)
{
  g_autoptr(GError) error = NULL;
  if (!json_parser_load_from_data(parser, text, -1, &error))
    fail_msg("%s in: %s", error->message, text);
  return json_node_get_object(json_parser_get_root(parser));
}

static void
remove_db(const char *path)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  for (gsize i = 0; i < G_N_ELEMENTS(suffixes); i++) {
    g_autofree char *file = g_strconcat(path, suffixes[i], NULL);
    g_unlink(file);
  }
}

static gint64
stored_games(const char *path)
{
  if (!g_file_test(path, G_FILE_TEST_EXISTS))
    return 0;
  g_autoptr(AgonGameLog) log = agon_game_log_load(path, NULL);
  return log ? agon_game_log_get_num_games(log) : 0;
}

static void
assert_same_logs(const char *a, const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGameLog) x = agon_game_log_load(a, &error);
  g_autoptr(AgonGameLog) y = agon_game_log_load(b, &error);
  assert_non_null(x);
  assert_non_null(y);
  assert_string_equal(agon_game_log_get_definition(x), agon_game_log_get_definition(y));
  assert_int_equal(agon_game_log_get_num_games(x), agon_game_log_get_num_games(y));
  for (gint64 i = 0; i < agon_game_log_get_num_games(x); i++) {
    const AgonGameRecord *r = agon_game_log_get_game(x, i), *s = agon_game_log_get_game(y, i);
    assert_int_equal(r->index, i);
    assert_int_equal(s->index, i);
    assert_int_equal(r->num_moves, s->num_moves);
    assert_memory_equal(r->moves, s->moves, sizeof(AgonAction) * r->num_moves);
    assert_memory_equal(r->bots, s->bots, sizeof(int) * r->num_seats);
    for (int k = 0; k < r->num_seats; k++)
      assert_true(r->returns[k] == s->returns[k]);
  }
}

#define KILL_TOURNAMENT \
  "tournament tic_tac_toe --bot 'mcts(simulations=20000)' --bot 'mcts(simulations=2000)' " \
  "--bot random -n 20 --seed 5"

/* kill -9 in the middle, run again: the finished games are kept (not
 * replayed) and the database ends equal to that of a run never stopped,
 * played on another number of threads. */
static void
test_kill_and_resume(void **unused)
{
  g_autofree char *killed = test_temp_path("killed.db");
  g_autofree char *whole = test_temp_path("whole.db");
  remove_db(killed);
  remove_db(whole);
  g_autofree char *command = g_strdup_printf("exec '%s' " KILL_TOURNAMENT " --threads 2 --db '%s'"
                                             " > /dev/null", g_getenv("AGON_BIN"), killed);
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  GPid pid;
  g_autoptr(GError) error = NULL;
  if (!g_spawn_async(NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                     &error))
    fail_msg("%s", error->message);
  gint64 seen = 0;
  for (int tries = 0; tries < 20000 && seen < 4; tries++) {
    g_usleep(2000);
    seen = stored_games(killed);
  }
  kill(pid, SIGKILL);
  int wait_status = 0;
  waitpid(pid, &wait_status, 0);
  g_spawn_close_pid(pid);
  assert_true(WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL);
  gint64 kept = stored_games(killed);
  assert_true(kept >= seen && seen >= 4);
  assert_true(kept < 60); /* killed part way */

  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *again = g_strdup_printf(KILL_TOURNAMENT " --threads 2 --db '%s'", killed);
  assert_int_equal(test_run_agon(again, &out, &err), 0);
  g_autofree char *resuming = g_strdup_printf("(resuming: %" G_GINT64_FORMAT " games already "
                                              "played)", kept);
  if (strstr(out, resuming) == NULL)
    fail_msg("expected '%s' in:\n%s", resuming, out);
  g_autofree char *ref = g_strdup_printf(KILL_TOURNAMENT " --threads 1 --db '%s' --json", whole);
  g_autofree char *ref_out = NULL, *ref_err = NULL;
  assert_int_equal(test_run_agon(ref, &ref_out, &ref_err), 0);
  assert_same_logs(killed, whole);

  /* The table printed after the resume is the uninterrupted run's. */
  g_autofree char *json_again = g_strdup_printf(KILL_TOURNAMENT " --db '%s' --json", killed);
  g_autofree char *out2 = NULL, *err2 = NULL;
  assert_int_equal(test_run_agon(json_again, &out2, &err2), 0);
  g_autoptr(JsonParser) p1 = json_parser_new();
  g_autoptr(JsonParser) p2 = json_parser_new();
  JsonObject *a = parse_object(out2, p1), *b = parse_object(ref_out, p2);
  g_autoptr(JsonNode) sa = json_node_copy(json_object_get_member(a, "standings"));
  g_autoptr(JsonNode) sb = json_node_copy(json_object_get_member(b, "standings"));
  assert_true(json_node_equal(sa, sb));
  assert_int_equal(json_object_get_int_member(a, "finished"), 60);
  remove_db(killed);
  remove_db(whole);
}

static void
test_tournament_json(void **unused)
{
  g_autofree char *db = test_temp_path("rr.db");
  remove_db(db);
  g_autofree char *args = g_strdup_printf("tournament 'goofspiel(num_cards=4,players=3)' "
                                          "--bot random --bot first --bot r2=random --bot "
                                          "'f2=first' -n 3 --db '%s' --json", db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *o = parse_object(out, parser);
  assert_int_equal(json_object_get_int_member(o, "games"), 4 * 3);
  assert_int_equal(json_object_get_int_member(o, "finished"), 12);
  JsonArray *standings = json_object_get_array_member(o, "standings");
  assert_int_equal(json_array_get_length(standings), 4);
  for (guint i = 0; i < 4; i++) {
    JsonObject *s = json_array_get_object_element(standings, i);
    assert_int_equal(json_object_get_int_member(s, "rank"), i + 1);
    assert_int_equal(json_object_get_int_member(s, "games"), 9); /* 3 groups of 3 games */
    assert_true(json_object_has_member(s, "elo"));
    assert_true(json_object_has_member(s, "mu"));
    assert_true(json_object_has_member(s, "ci95"));
  }

  /* agon rate reads the database to the table's Plackett-Luce ratings. */
  g_autofree char *rate = g_strdup_printf("rate '%s' --json", db);
  g_autofree char *rate_out = NULL, *rate_err = NULL;
  assert_int_equal(test_run_agon(rate, &rate_out, &rate_err), 0);
  g_autoptr(JsonParser) rate_parser = json_parser_new();
  JsonArray *ratings = json_object_get_array_member(parse_object(rate_out, rate_parser),
                                                    "ratings");
  assert_int_equal(json_array_get_length(ratings), 4);
  for (guint i = 0; i < 4; i++) {
    JsonObject *r = json_array_get_object_element(ratings, i);
    gboolean found = FALSE;
    for (guint k = 0; k < 4; k++) {
      JsonObject *s = json_array_get_object_element(standings, k);
      if (strcmp(json_object_get_string_member(s, "name"),
                 json_object_get_string_member(r, "name")) != 0)
        continue;
      found = TRUE;
      assert_near(json_object_get_double_member(r, "mu"), json_object_get_double_member(s, "mu"),
                  1e-9);
      assert_int_equal(json_object_get_int_member(r, "games"), 9);
    }
    assert_true(found);
  }
  remove_db(db);
}

/* A two-player tournament's database rates with elo(prior=2) to the
 * table's Elo; a SQLite file of another program is refused. */
static void
test_rate_database(void **unused)
{
  g_autofree char *db = test_temp_path("rate.db");
  remove_db(db);
  g_autofree char *args = g_strdup_printf("tournament tic_tac_toe --bot random --bot "
                                          "'m=mcts(simulations=30)' --bot first -n 10 --db '%s' "
                                          "--json", db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonArray *standings = json_object_get_array_member(parse_object(out, parser), "standings");
  g_autofree char *rate = g_strdup_printf("rate '%s' --model 'elo(prior=2)' --json", db);
  g_autofree char *rate_out = NULL, *rate_err = NULL;
  assert_int_equal(test_run_agon(rate, &rate_out, &rate_err), 0);
  g_autoptr(JsonParser) rate_parser = json_parser_new();
  JsonArray *ratings = json_object_get_array_member(parse_object(rate_out, rate_parser),
                                                    "ratings");
  for (guint i = 0; i < 3; i++) {
    JsonObject *r = json_array_get_object_element(ratings, i);
    JsonObject *s = json_array_get_object_element(standings, i); /* both best first */
    assert_string_equal(json_object_get_string_member(r, "name"),
                        json_object_get_string_member(s, "name"));
    assert_near(json_object_get_double_member(r, "elo"), json_object_get_double_member(s, "elo"),
                1e-6);
  }
  remove_db(db);

  /* A database without finished games. */
  g_autofree char *other = test_temp_path("empty.db");
  g_unlink(other);
  {
    const char *specs[] = { "random", "first" };
    g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
    AgonTournamentOptions options = { .format = AGON_FORMAT_ROUND_ROBIN, .games_per_group = 2 };
    g_autoptr(AgonTournament) t = agon_tournament_new(game, 2, NULL, specs, &options, NULL);
    assert_true(agon_tournament_open_db(t, other, NULL));
  }
  g_autofree char *hack = g_strdup_printf("rate '%s'", other);
  g_autofree char *hack_out = NULL, *hack_err = NULL;
  assert_int_equal(test_run_agon(hack, &hack_out, &hack_err), 1);
  assert_non_null(strstr(hack_err, "no finished games"));
  remove_db(other);

  /* SQLite, but not agon's. */
  g_autofree char *foreign = test_temp_path("foreign.db");
  remove_db(foreign);
  sqlite3 *handle = NULL;
  assert_int_equal(sqlite3_open(foreign, &handle), SQLITE_OK);
  assert_int_equal(sqlite3_exec(handle, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", NULL,
                                NULL, NULL), SQLITE_OK);
  sqlite3_close(handle);
  g_autofree char *cmd = g_strdup_printf("rate '%s'", foreign);
  g_autofree char *f_out = NULL, *f_err = NULL;
  assert_int_equal(test_run_agon(cmd, &f_out, &f_err), 1);
  assert_non_null(strstr(f_err, "not an agon tournament database"));
  g_autofree char *tour = g_strdup_printf("tournament tic_tac_toe --bot random --bot first "
                                          "--db '%s'", foreign);
  g_autofree char *t_out = NULL, *t_err = NULL;
  assert_int_equal(test_run_agon(tour, &t_out, &t_err), 1);
  assert_non_null(strstr(t_err, "not an agon tournament database"));
  remove_db(foreign);
}

/* A bot that fails (a human whose input ends) makes failed games, stored
 * with the error and left out of the table. */
static void
test_failed_games(void **unused)
{
  g_autofree char *db = test_temp_path("failed.db");
  remove_db(db);
  g_autofree char *args = g_strdup_printf("tournament kuhn_poker --bot human --bot random -n 4 "
                                          "--db '%s' --json < /dev/null", db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGameLog) log = agon_game_log_load(db, &error);
  assert_non_null(log);
  assert_int_equal(agon_game_log_get_num_games(log), 4);
  for (gint64 i = 0; i < 4; i++) {
    const AgonGameRecord *r = agon_game_log_get_game(log, i);
    assert_true(r->failed);
    assert_non_null(r->error);
  }
  /* The human prompts on stdout before the JSON; the JSON is last. */
  const char *json = strstr(out, "{\n  \"game\"");
  assert_non_null(json);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *o = parse_object(json, parser);
  assert_int_equal(json_object_get_int_member(o, "failed"), 4);
  JsonArray *standings = json_object_get_array_member(o, "standings");
  for (guint i = 0; i < 2; i++) {
    JsonObject *s = json_array_get_object_element(standings, i);
    assert_int_equal(json_object_get_int_member(s, "games"), 0);
    assert_int_equal(json_object_get_int_member(s, "failed"), 4);
  }
  remove_db(db);
}

/* A person playing sees how each game ended: the final state, the
 * other hands included, and the returns. */
static void
test_human_sees_game_ends(void **unused)
{
  g_autofree char *db = test_temp_path("human.db");
  remove_db(db);
  g_autofree char *args = g_strdup_printf("match kuhn_poker --bot human --bot first -n 2 "
                                          "--db '%s' <<EOF\nPass\nPass\nEOF", db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  const char *first = strstr(out, "game 1 over:\n");
  assert_non_null(first);
  assert_non_null(strstr(first, "returns: human "));
  assert_non_null(strstr(first, "game 2 over:\n"));
  assert_non_null(strstr(out, "Score of human vs first: "));
  remove_db(db);
}

/* A strong bot against random: the SPRT accepts H1 long before the
 * maximum, at the same game for any number of threads. */
static void
test_match_sprt(void **unused)
{
  gint64 stopped_at[2];
  for (int threads = 1; threads <= 2; threads++) {
    g_autofree char *db = test_temp_path("sprt.db");
    remove_db(db);
    g_autofree char *args = g_strdup_printf("match tic_tac_toe --bot 'mcts(simulations=200)' "
                                            "--bot random --sprt elo0=0,elo1=100 --threads %d "
                                            "--db '%s' --json", threads, db);
    g_autofree char *out = NULL, *err = NULL;
    assert_int_equal(test_run_agon(args, &out, &err), 0);
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *o = parse_object(out, parser);
    JsonObject *sprt = json_object_get_object_member(o, "sprt");
    assert_string_equal(json_object_get_string_member(sprt, "accepted"), "H1");
    assert_true(json_object_get_double_member(sprt, "llr")
                >= json_object_get_double_member(sprt, "upper"));
    stopped_at[threads - 1] = json_object_get_int_member(o, "games");
    assert_true(stopped_at[threads - 1] < 200);
    assert_true(json_object_get_int_member(o, "wins") > json_object_get_int_member(o, "losses"));
    remove_db(db);
  }
  assert_int_equal(stopped_at[0], stopped_at[1]);

  /* Equal bots: no decision within a few games; the match plays them all. */
  g_autofree char *db = test_temp_path("sprt2.db");
  remove_db(db);
  g_autofree char *args = g_strdup_printf("match tic_tac_toe --bot random --bot r2=random -n 20 "
                                          "--sprt elo0=0,elo1=5 --db '%s'", db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  assert_non_null(strstr(out, "no decision yet"));
  assert_non_null(strstr(out, "Score of random vs r2: "));
  assert_non_null(strstr(out, "] 20\n"));
  remove_db(db);
}

/* Duplicate pairs: two bots that always check in Kuhn poker win exactly
 * what the deal gives, and each pair hands both the same two cards, so
 * every pair cancels: mean return 0 with a zero-width interval. */
static void
test_match_duplicate_pairs(void **unused)
{
  g_autofree char *db = test_temp_path("dup.db");
  remove_db(db);
  g_autofree char *args = g_strdup_printf("match kuhn_poker --bot first --bot f2=first -n 40 "
                                          "--db '%s' --json", db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  g_autoptr(JsonParser) parser = json_parser_new();
  JsonObject *o = parse_object(out, parser);
  assert_int_equal(json_object_get_int_member(o, "games"), 40);
  assert_true(json_object_get_double_member(o, "mean_return") == 0);
  assert_true(json_object_get_double_member(o, "mean_return_ci95") == 0);
  JsonArray *pentanomial = json_object_get_array_member(o, "pentanomial");
  assert_int_equal(json_array_get_int_element(pentanomial, 2), 20);
  remove_db(db);
}

/* Self-play writes one JSON line per game that replays to its returns,
 * with visit shares summing to 1; run again on its database it writes
 * the same file from the stored games (policies included), and a fresh
 * run on one thread writes it again. */
static void
test_selfplay_jsonl(void **unused)
{
  g_autofree char *path = test_temp_path("selfplay.jsonl");
  g_autofree char *db = test_temp_path("selfplay.db");
  g_autofree char *fresh = test_temp_path("selfplay-fresh.db");
  remove_db(db);
  remove_db(fresh);
  const char *bot = "'mcts(simulations=50,temperature=1)'";
  g_autofree char *args = g_strdup_printf("selfplay tic_tac_toe --bot %s --games 6 --output '%s' "
                                          "--threads 2 --db '%s'", bot, path, db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  g_autofree char *text = NULL;
  assert_true(g_file_get_contents(path, &text, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit(g_strchomp(text), "\n", -1);
  assert_int_equal(g_strv_length(lines), 6);
  g_autoptr(AgonGame) game = test_game_new("tic_tac_toe");
  for (int i = 0; i < 6; i++) {
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *o = parse_object(lines[i], parser);
    assert_int_equal(json_object_get_int_member(o, "index"), i);
    JsonArray *moves = json_object_get_array_member(o, "moves");
    g_autoptr(AgonState) state = agon_state_new_initial(game);
    for (guint m = 0; m < json_array_get_length(moves); m++) {
      JsonObject *move = json_array_get_object_element(moves, m);
      assert_int_equal(json_object_get_int_member(move, "player"),
                       agon_state_current_player(state));
      JsonArray *policy = json_object_get_array_member(move, "policy");
      double sum = 0;
      for (guint k = 0; k < json_array_get_length(policy); k++)
        sum += json_array_get_double_element(json_array_get_array_element(policy, k), 1);
      assert_near(sum, 1, 1e-9);
      AgonAction action = (AgonAction) json_object_get_int_member(move, "action");
      assert_true(agon_state_apply_checked(state, action, NULL));
    }
    assert_true(agon_state_is_terminal(state));
    JsonArray *returns = json_object_get_array_member(o, "returns");
    double r[2];
    agon_state_returns(state, r);
    assert_true(json_array_get_double_element(returns, 0) == r[0]);
  }
  /* From the database: nothing to play, the same lines. */
  g_autofree char *again = g_strdup_printf("selfplay tic_tac_toe --bot %s --games 6 --output - "
                                           "--db '%s'", bot, db);
  g_autofree char *out2 = NULL, *err2 = NULL;
  assert_int_equal(test_run_agon(again, &out2, &err2), 0);
  assert_string_equal(g_strchomp(out2), text);
  /* Played afresh on one thread: the same lines. */
  g_autofree char *one = g_strdup_printf("selfplay tic_tac_toe --bot %s --games 6 --output - "
                                         "--threads 1 --db '%s'", bot, fresh);
  g_autofree char *out3 = NULL, *err3 = NULL;
  assert_int_equal(test_run_agon(one, &out3, &err3), 0);
  assert_string_equal(g_strchomp(out3), text);
  g_unlink(path);
  remove_db(db);
  remove_db(fresh);
}

typedef struct {
  const char *args;
  int status;
  const char *err;
} BadCase;

static const BadCase bad_cases[] = {
  { "tournament tic_tac_toe --bot random", 2, "needs at least 2 bots, not 1" },
  { "tournament tic_tac_toe --bot random --bot first -n 3", 2, "multiple of 2" },
  { "tournament tic_tac_toe --bot random --bot nope", 2, "bot 'nope': unknown bot 'nope'" },
  { "tournament kuhn_poker --bot mcts --bot random", 1, "needs perfect information" },
  { "tournament tic_tac_toe --bot random --bot random", 2, "two bots are named 'random'" },
  { "tournament tic_tac_toe --bot random --bot '=x'", 2, "bad --bot '=x'" },
  { "tournament tic_tac_toe --bot random --bot first --format swiss", 2, "unknown --format" },
  { "tournament tic_tac_toe --bot random --bot first --db /nonexistent/x.db", 1,
    "/nonexistent/x.db" },
  { "tournament tic_tac_toe --bot random --bot first --db /dev/null", 1, "/dev/null" },
  { "tournament tic_tac_toe --bot random --bot first --threads -1", 2, "non-negative" },
  { "match tic_tac_toe --bot random", 2, "give two bots" },
  { "match tic_tac_toe --bot random --bot first -n 7", 2, "positive even number" },
  { "match 'goofspiel(num_cards=3,players=3)' --bot random --bot first", 2, "has 3 players" },
  { "match tic_tac_toe --bot random --bot first --sprt elo0=10,elo1=0", 2, "below elo1" },
  { "match tic_tac_toe --bot random --bot first --sprt model=x", 2, "unknown model 'x'" },
  { "match tic_tac_toe --bot random --bot first --sprt elo2=3", 2, "unknown parameter 'elo2'" },
  { "selfplay tic_tac_toe --bot random", 2, "--output FILE" },
  { "selfplay tic_tac_toe --output /tmp/x.jsonl", 2, "--bot SPEC" },
  { "selfplay tic_tac_toe --bot random --games 3 --db :memory: --output /nonexistent/x.jsonl", 1,
    "/nonexistent/x.jsonl" },
  { "selfplay tic_tac_toe --bot random --games 0 --output -", 2, "--games must be positive" },
  { "selfplay tic_tac_toe --bot random --games 3 --output - --db /nonexistent/x.db", 1,
    "/nonexistent/x.db" },
};

static void
test_bad_input(void **unused)
{
  for (gsize i = 0; i < G_N_ELEMENTS(bad_cases); i++) {
    const BadCase *c = &bad_cases[i];
    g_autofree char *out = NULL, *err = NULL;
    int status = test_run_agon(c->args, &out, &err);
    if (status != c->status || strstr(err, c->err) == NULL)
      fail_msg("agon %s: exit %d (expected %d), stderr: %s", c->args, status, c->status, err);
    assert_true(strchr(err, '\n') == err + strlen(err) - 1); /* one line */
  }
}

/* The database of one tournament is refused by another. */
static void
test_other_definition(void **unused)
{
  g_autofree char *db = test_temp_path("other.db");
  remove_db(db);
  g_autofree char *first = g_strdup_printf("tournament tic_tac_toe --bot random --bot first -n 2 "
                                           "--db '%s'", db);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(first, &out, &err), 0);
  g_autofree char *second = g_strdup_printf("tournament tic_tac_toe --bot random --bot first "
                                            "-n 4 --db '%s'", db);
  g_autofree char *out2 = NULL, *err2 = NULL;
  assert_int_equal(test_run_agon(second, &out2, &err2), 1);
  assert_non_null(strstr(err2, "holds another tournament (its games_per_group is 2, this "
                                "one's 4)"));
  remove_db(db);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_kill_and_resume),
    cmocka_unit_test(test_tournament_json),
    cmocka_unit_test(test_rate_database),
    cmocka_unit_test(test_failed_games),
    cmocka_unit_test(test_human_sees_game_ends),
    cmocka_unit_test(test_match_sprt),
    cmocka_unit_test(test_match_duplicate_pairs),
    cmocka_unit_test(test_selfplay_jsonl),
    cmocka_unit_test(test_bad_input),
    cmocka_unit_test(test_other_definition),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
