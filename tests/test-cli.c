/* agon: the command-line program, run as a user would: exit statuses,
 * one-line errors on stderr, and the output of each command. */
#include "testutil.h"

#include <math.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct {
  const char *args; /* shell-quoted, after "agon" */
  int status;
  const char *out;  /* a fragment stdout must contain, or NULL */
  const char *err;  /* a fragment stderr must contain, or NULL (then stderr is empty) */
} CliCase;

static const CliCase cases[] = {
  { "--version", 0, "agon " AGON_VERSION_STRING, NULL },
  { "--help", 0, "Commands:", NULL },
  { "", 2, NULL, "Usage:" },
  { "frobnicate", 2, NULL, "agon: unknown command 'frobnicate'" },
  { "games", 0, "kuhn_poker", NULL },
  { "games --json", 0, "\"explicit_stochastic\"", NULL },
  { "info --help", 0, "agon info", NULL },
  { "info kuhn_poker", 0, "histories            58", NULL },
  { "info kuhn_poker --json", 0, "\"infosets\" : [\n    6,\n    6\n  ]", NULL },
  { "info 'kuhn_poker(players=3)' --json", 0, "\"players\" : 3", NULL },
  { "info kuhn_poker --max-histories 10", 0, "more than 10 histories", NULL },
  { "info", 2, NULL, "agon: info: expected one game string" },
  { "info a b", 2, NULL, "expected one game string" },
  { "info --bogus kuhn_poker", 2, NULL, "agon: info: Unknown option --bogus" },
  { "info no_such_game", 2, NULL, "agon: no_such_game: unknown game 'no_such_game'" },
  { "info 'kuhn_poker(players=11)'", 2, NULL,
    "agon: kuhn_poker(players=11): players must be between 2 and 10" },
  { "info 'kuhn_poker(players=x)'", 2, NULL, "players must be an integer, not 'x'" },
  { "info 'kuhn_poker(player=3)'", 2, NULL, "unknown parameter 'player'" },
  { "info 'kuhn_poker(players=3'", 2, NULL, "expected ',' or ')'" },
  { "play kuhn_poker --seed 3", 0, "returns:", NULL },
  { "play kuhn_poker --seed 3 --show-infostates", 0, "info 0: \"2\"", NULL },
  { "play kuhn_poker --history '1 2 0' --seed 1", 0, "from history: 1 2 0", NULL },
  { "play kuhn_poker --history '1 1'", 1, NULL,
    "entry 2 of the history: action 1 is not legal here" },
  { "play kuhn_poker --history 'x'", 2, NULL, "'x', is not an action" },
  { "play kuhn_poker --seed notanumber", 2, NULL, "agon: play:" },
  { "play kuhn_poker --bot random --bot first --games 10 --json", 0, "\"games\" : 10", NULL },
  { "play kuhn_poker --bot nope --bot random", 2, NULL, "unknown bot 'nope'; known bots:" },
  { "play kuhn_poker --bot random", 2, NULL, "1 --bot given for 2 players" },
  { "solve kuhn_poker -n 100 --json", 0, "\"exploitability\" : 0.001194404", NULL },
  { "solve kuhn_poker -n 10 --solver cfr", 0, "10 iterations of cfr", NULL },
  { "solve kuhn_poker -n 10 -r 5", 0, "           5  ", NULL },
  { "solve 'dcfr(alpha=1.5)' -n 10", 2, NULL, "unknown game 'dcfr'" },
  { "solve kuhn_poker --solver nope", 2, NULL, "unknown solver 'nope'" },
  { "solve kuhn_poker --solver 'dcfr(alpha=x)'", 2, NULL, "alpha must be a number" },
  { "solve kuhn_poker -n -5", 2, NULL, "must not be negative" },
  { "solve tic_tac_toe --max-nodes 1000", 1, NULL, "1000" },
  { "solve matrix_pd -n 10", 0, "NashConv", NULL },
  { "solve matrix_pd -n 10 --json", 0, "\"exploitability\" : null", NULL },
  { "solve", 2, NULL, "expected a game string" },
  { "solve --resume /nonexistent/x.ckpt", 1, NULL, "/nonexistent/x.ckpt" },
  { "solve kuhn_poker --resume /nonexistent/x.ckpt --solver cfr", 2, NULL, "exclude each other" },
  { "exploitability kuhn_poker --policy uniform --json", 0, "\"nash_conv\" : 0.9166666666", NULL },
  { "exploitability leduc_poker --policy uniform", 0, "exploitability:  2.37361111111", NULL },
  { "exploitability kuhn_poker", 2, NULL, "--policy FILE|uniform is required" },
  { "exploitability kuhn_poker --policy uniform --fill zero", 2, NULL, "--fill takes" },
  { "exploitability kuhn_poker --policy /nonexistent/p.json", 1, NULL, "/nonexistent/p.json" },
  { "solve --list-solvers", 0, "os-mccfr", NULL },
  { "solve kuhn_poker --solver lp -n 1", 0, "       0  -0.0555555556  -0.0555555556", NULL },
  { "solve 'liars_dice(numdice=2)' --solver os-mccfr -n 100 --max-nodes 1000 --json", 0,
    "\"exploitability\" : null", NULL },
  { "solve 'liars_dice(numdice=2)' -n 1 --max-nodes 1000", 1, NULL, "more than 1000 nodes" },
  { "solve kuhn_poker --solver os-mccfr -n 5 -c /nonexistent/x.ckpt", 1, NULL, "/nonexistent/x" },
  { "solve kuhn_poker --solver 'cfr+,dcfr(alpha=1.5,beta=0,gamma=2)' -n 10 -q", 0,
    "10 iterations of dcfr(alpha=1.5,beta=0,gamma=2)", NULL },
  { "solve kuhn_poker --solver cfr+,cfr -n 10 -o /tmp/x.json", 2, NULL, "several solvers" },
  { "solve kuhn_poker --solver cfr+,nope -n 10 -q", 2, NULL, "unknown solver 'nope'" },
  { "solve kuhn_poker -n 10 --curve /nonexistent/c.csv", 1, NULL, "/nonexistent/c.csv" },
  { "search tic_tac_toe --bot alphabeta --state '0 3 1 4'", 0,
    "player 0 plays x(0,2) (action 2); value 1", NULL },
  { "search tic_tac_toe --bot 'mcts(simulations=2000)' --state '0 3 1 4 8' --json", 0,
    "\"action\" : 5", NULL },
  { "search kuhn_poker --bot 'ismcts(simulations=200)' --state '2 0' --json", 0,
    "\"visits\"", NULL },
  { "search tic_tac_toe --bot nope", 2, NULL, "runs mcts, ismcts or alphabeta" },
  { "search kuhn_poker --state 2", 2, NULL, "chance moves" },
  { "search tic_tac_toe --state '0 0'", 1, NULL, "entry 2 of the history" },
  { "bench kuhn_poker -s 0.05", 0, "CFR+ iteration", NULL },
  { "bench tic_tac_toe -s 0.05 --max-nodes 1000 --json", 0, "\"MCTS, 1,000 simulations\"", NULL },
  { "bench 'liars_dice(numdice=2)' -s 0.05 --max-nodes 1000", 0, "too large", NULL },
  { "bench kuhn_poker -s 0", 2, NULL, "--seconds must be in (0, 3600]" },
  { "bench nope", 2, NULL, "unknown game 'nope'" },
  { "rate", 2, NULL, "expected one results file" },
  { "rate /nonexistent/r.jsonl", 1, NULL, "/nonexistent/r.jsonl" },
  { "rate /dev/null --model nope", 2, NULL, "unknown rating model" },
  { "rate /dev/null", 1, NULL, "no games" },
};

static void
test_cli_case(void **state)
{
  const CliCase *c = *state;
  g_autofree char *out = NULL, *err = NULL;
  int status = test_run_agon(c->args, &out, &err);
  if (status != c->status)
    fail_msg("agon %s: exit %d, expected %d\nstdout: %s\nstderr: %s", c->args, status, c->status,
             out, err);
  if (c->out && strstr(out, c->out) == NULL)
    fail_msg("agon %s: stdout lacks '%s':\n%s", c->args, c->out, out);
  if (c->err == NULL && *err != '\0')
    fail_msg("agon %s: unexpected stderr: %s", c->args, err);
  if (c->err && strstr(err, c->err) == NULL)
    fail_msg("agon %s: stderr lacks '%s':\n%s", c->args, c->err, err);
  /* An error is one line (usage texts aside). */
  if (c->status != 0 && c->err && strncmp(c->err, "Usage", 5) != 0)
    assert_true(strchr(err, '\n') == err + strlen(err) - 1);
}

/* solve writes a policy and a checkpoint; exploitability reads the policy
 * back to the same value; a resumed run continues where the first stopped;
 * broken policy files are refused with the infoset named. */
static void
test_cli_solve_round_trip(void **unused)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("agon-cli-XXXXXX", &error);
  assert_non_null(dir);
  g_autofree char *policy = g_build_filename(dir, "p.json", NULL);
  g_autofree char *ckpt = g_build_filename(dir, "s.ckpt", NULL);
  g_autofree char *args = g_strdup_printf("solve kuhn_poker -n 50 -q -o '%s' -c '%s'", policy,
                                          ckpt);
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(test_run_agon(args, &out, &err), 0);
  assert_non_null(strstr(out, "after 50 iterations of cfr+"));

  g_autofree char *eargs = g_strdup_printf("exploitability kuhn_poker --policy '%s' --json",
                                           policy);
  g_autofree char *eout = NULL, *eerr = NULL;
  assert_int_equal(test_run_agon(eargs, &eout, &eerr), 0);
  g_autoptr(JsonParser) parser = json_parser_new();
  assert_true(json_parser_load_from_data(parser, eout, -1, NULL));
  JsonObject *root = json_node_get_object(json_parser_get_root(parser));
  double from_file = json_object_get_double_member(root, "exploitability");

  /* 50 + 50 resumed equals 100 straight (CFR+ on Kuhn: 0.0011944). */
  g_autofree char *rargs = g_strdup_printf("solve --resume '%s' -n 100 --json", ckpt);
  g_autofree char *rout = NULL, *rerr = NULL;
  assert_int_equal(test_run_agon(rargs, &rout, &rerr), 0);
  g_autoptr(JsonParser) rparser = json_parser_new();
  assert_true(json_parser_load_from_data(rparser, rout, -1, NULL));
  JsonObject *rroot = json_node_get_object(json_parser_get_root(rparser));
  assert_int_equal(json_object_get_int_member(rroot, "iterations"), 100);
  assert_near(json_object_get_double_member(rroot, "exploitability"), 0.0011944041, 1e-9);
  assert_true(from_file > 0.0011944041);

  /* A policy with a negative probability is refused, naming the infoset. */
  g_autofree char *text = NULL;
  assert_true(g_file_get_contents(policy, &text, NULL, NULL));
  g_autofree char *bad = g_build_filename(dir, "bad.json", NULL);
  char *p = strstr(text, "\"probabilities\": [");
  assert_non_null(p);
  p += strlen("\"probabilities\": [");
  g_autoptr(GString) broken = g_string_new_len(text, p - text);
  g_string_append(broken, "-0.5, 1.5]");
  g_string_append(broken, strchr(p, ']') + 1);
  assert_true(g_file_set_contents(bad, broken->str, -1, NULL));
  g_autofree char *bargs = g_strdup_printf("exploitability kuhn_poker --policy '%s'", bad);
  g_autofree char *bout = NULL, *berr = NULL;
  assert_int_equal(test_run_agon(bargs, &bout, &berr), 1);
  assert_non_null(strstr(berr, "negative"));
  g_autofree char *wargs = g_strdup_printf("exploitability leduc_poker --policy '%s'", policy);
  g_autofree char *wout = NULL, *werr = NULL;
  assert_int_equal(test_run_agon(wargs, &wout, &werr), 1);
  assert_non_null(strstr(werr, "kuhn_poker"));

  /* Several solvers on one tree, their curves in one CSV: a header, then
   * one row per report (1, 2, 5, 10 iterations) and solver. */
  g_autofree char *csv = g_build_filename(dir, "c.csv", NULL);
  g_autofree char *cargs = g_strdup_printf("solve kuhn_poker --solver cfr+,mmd -n 10 -q "
                                           "--curve '%s'", csv);
  g_autofree char *cout = NULL, *cerr = NULL;
  assert_int_equal(test_run_agon(cargs, &cout, &cerr), 0);
  g_autofree char *rows = NULL;
  assert_true(g_file_get_contents(csv, &rows, NULL, NULL));
  g_auto(GStrv) lines = g_strsplit(g_strchomp(rows), "\n", -1);
  assert_int_equal(g_strv_length(lines), 9);
  assert_string_equal(lines[0], "solver,iteration,seconds,nash_conv,exploitability,"
                                "current_nash_conv,current_exploitability");
  assert_true(g_str_has_prefix(lines[4], "\"cfr+\",10,"));
  assert_true(g_str_has_prefix(lines[5], "\"mmd("));

  g_unlink(csv);
  g_unlink(policy);
  g_unlink(ckpt);
  g_unlink(bad);
  g_rmdir(dir);
}

/* Runs "agon @format" (with the given strings) and returns its stdout,
 * failing unless it exits with @status. */
static char *
agon_output(int status, const char *format, ...) G_GNUC_PRINTF(2, 3);

static char *
agon_output(int status, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *command = g_strdup_vprintf(format, args);
  va_end(args);
  char *out = NULL;
  g_autofree char *err = NULL;
  int got = test_run_agon(command, &out, &err);
  if (got != status)
    fail_msg("agon %s: exit %d, expected %d\nstdout: %s\nstderr: %s", command, got, status, out,
             err);
  return out;
}

/* MCCFR checkpoints through agon solve: 200 iterations, then resumed to
 * 400, write the policy of 400 straight, on a game too large to compile
 * (liars_dice(numdice=2) with --max-nodes 1000) and on Kuhn, where a
 * checkpoint made without the tree resumes on it with the exact
 * exploitability of the straight run. A tree solver's checkpoint cannot
 * resume without its tree. */
static void
test_cli_mccfr_checkpoint(void **unused)
{
  g_autofree char *dir = g_dir_make_tmp("agon-cli-XXXXXX", NULL);
  assert_non_null(dir);
  g_autofree char *ckpt = g_build_filename(dir, "m.ckpt", NULL);
  g_autofree char *resumed = g_build_filename(dir, "resumed.json", NULL);
  g_autofree char *straight = g_build_filename(dir, "straight.json", NULL);
  const char *ld = "'liars_dice(numdice=2)' --solver os-mccfr --max-nodes 1000";
  g_free(agon_output(0, "solve %s -n 200 -q -c '%s'", ld, ckpt));
  g_autofree char *out = agon_output(0, "solve --resume '%s' -n 400 --max-nodes 1000 -o '%s'",
                                     ckpt, resumed);
  assert_non_null(strstr(out, "too large to compile"));
  assert_non_null(strstr(out, "at iteration 200"));
  assert_non_null(strstr(out, "400 iterations of os-mccfr(epsilon=0.6,seed=0)"));
  g_free(agon_output(0, "solve %s -n 400 -q -o '%s'", ld, straight));
  g_autofree char *a = NULL, *b = NULL;
  assert_true(g_file_get_contents(resumed, &a, NULL, NULL));
  assert_true(g_file_get_contents(straight, &b, NULL, NULL));
  assert_string_equal(a, b);

  /* On Kuhn: made without the tree (--max-nodes 10), resumed on it. */
  g_autofree char *want = agon_output(0, "solve kuhn_poker --solver es-mccfr -n 60 --json");
  g_free(agon_output(0, "solve kuhn_poker --solver es-mccfr --max-nodes 10 -n 25 -q -c '%s'",
                     ckpt));
  g_autofree char *got = agon_output(0, "solve --resume '%s' -n 60 --json", ckpt);
  const char *from_want = strstr(want, "\"exploitability\"");
  const char *from_got = strstr(got, "\"exploitability\"");
  assert_non_null(from_want);
  assert_non_null(from_got);
  assert_true(strncmp(from_want, from_got, strcspn(from_want, ",")) == 0);

  g_free(agon_output(0, "solve kuhn_poker -n 5 -q -c '%s'", ckpt));
  g_autofree char *err = NULL, *none = NULL;
  g_autofree char *args = g_strdup_printf("solve --resume '%s' --max-nodes 10", ckpt);
  assert_int_equal(test_run_agon(args, &none, &err), 1);
  assert_non_null(strstr(err, "cfr+ needs it (raise --max-nodes)"));

  g_unlink(ckpt);
  g_unlink(resumed);
  g_unlink(straight);
  g_rmdir(dir);
}

/* Writes @text to a new file in @dir and runs "agon rate FILE @args". */
static int
rate_text(const char *dir, const char *name, const char *text, const char *args, char **out,
          char **err)
{
  g_autofree char *path = g_build_filename(dir, name, NULL);
  g_assert_true(g_file_set_contents(path, text, -1, NULL));
  g_autofree char *command = g_strdup_printf("rate '%s' %s", path, args);
  int status = test_run_agon(command, out, err);
  g_unlink(path);
  return status;
}

/* Ratings from results files: known Elo differences, Plackett-Luce
 * ordering, and bad lines reported with their number. */
static void
test_cli_rate(void **unused)
{
  g_autofree char *dir = g_dir_make_tmp("agon-rate-XXXXXX", NULL);
  assert_non_null(dir);
  /* 3 wins and 1 loss: the Bradley-Terry MLE puts A 400 log10(3) = 190.85
   * above B, +-95.4 around a mean of 0. */
  g_autofree char *out = NULL, *err = NULL;
  assert_int_equal(rate_text(dir, "r.csv", "white,black,result\nA,B,1-0\nA,B,1-0\nB,A,0-1\n"
                             "B,A,1-0\n", "--model elo --json", &out, &err), 0);
  g_autoptr(JsonParser) parser = json_parser_new();
  assert_true(json_parser_load_from_data(parser, out, -1, NULL));
  JsonArray *ratings = json_object_get_array_member(
    json_node_get_object(json_parser_get_root(parser)), "ratings");
  JsonObject *first = json_array_get_object_element(ratings, 0);
  assert_string_equal(json_object_get_string_member(first, "name"), "A");
  assert_near(json_object_get_double_member(first, "elo"), 200 * log10(3.0), 1e-6);
  assert_int_equal(json_object_get_int_member(first, "games"), 4);

  g_autofree char *pout = NULL, *perr = NULL;
  assert_int_equal(rate_text(dir, "r.jsonl",
                             "{\"teams\": [[\"x\"], [\"y\"]], \"ranks\": [1, 2]}\n"
                             "{\"teams\": [[\"x\"], [\"y\", \"z\"]], \"scores\": [5, 1]}\n",
                             "--json", &pout, &perr), 0);
  g_autoptr(JsonParser) pparser = json_parser_new();
  assert_true(json_parser_load_from_data(pparser, pout, -1, NULL));
  JsonObject *proot = json_node_get_object(json_parser_get_root(pparser));
  assert_string_equal(json_object_get_string_member(proot, "model"), "plackett-luce");
  JsonObject *top = json_array_get_object_element(json_object_get_array_member(proot, "ratings"),
                                                  0);
  assert_string_equal(json_object_get_string_member(top, "name"), "x");
  assert_true(json_object_get_double_member(top, "mu") > 25);

  g_autofree char *bout = NULL, *berr = NULL;
  assert_int_equal(rate_text(dir, "bad.jsonl",
                             "{\"teams\": [[\"x\"], [\"y\"]]}\n{\"teams\": [[\"x\"]]}\n",
                             "", &bout, &berr), 1);
  assert_non_null(strstr(berr, "bad.jsonl:2: a game needs 2 to 256 teams"));
  g_autofree char *cout = NULL, *cerr = NULL;
  assert_int_equal(rate_text(dir, "bad.csv", "A,B,1-0\nA,B,2-0\n", "", &cout, &cerr), 1);
  assert_non_null(strstr(cerr, "bad.csv:2: unknown result '2-0'"));
  g_rmdir(dir);
}

int
main(void)
{
  struct CMUnitTest tests[G_N_ELEMENTS(cases) + 3];
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    tests[i] = (struct CMUnitTest) {
      .name = cases[i].args, .test_func = test_cli_case, .initial_state = (void *) &cases[i],
    };
  tests[G_N_ELEMENTS(cases)] = (struct CMUnitTest) {
    .name = "solve round trip", .test_func = test_cli_solve_round_trip,
  };
  tests[G_N_ELEMENTS(cases) + 1] = (struct CMUnitTest) {
    .name = "rate", .test_func = test_cli_rate,
  };
  tests[G_N_ELEMENTS(cases) + 2] = (struct CMUnitTest) {
    .name = "solve mccfr checkpoint", .test_func = test_cli_mccfr_checkpoint,
  };
  return _cmocka_run_group_tests("cli", tests, G_N_ELEMENTS(tests), NULL, NULL);
}
