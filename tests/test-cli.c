/* agon: the command-line program, run as a user would: exit statuses,
 * one-line errors on stderr, and the output of each command. */
#include "testutil.h"

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
};

static void
test_cli_case(void **state)
{
  const CliCase *c = *state;
  const char *bin = g_getenv("AGON_BIN");
  assert_non_null(bin);
  g_autofree char *command = g_strdup_printf("'%s' %s", bin, c->args);
  const char *argv[] = { "/bin/sh", "-c", command, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int wait_status = 0;
  g_autoptr(GError) error = NULL;
  if (!g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &wait_status, &error))
    fail_msg("%s", error->message);
  int status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
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

int
main(void)
{
  struct CMUnitTest tests[G_N_ELEMENTS(cases)];
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    tests[i] = (struct CMUnitTest) {
      .name = cases[i].args, .test_func = test_cli_case, .initial_state = (void *) &cases[i],
    };
  return _cmocka_run_group_tests("cli", tests, G_N_ELEMENTS(cases), NULL, NULL);
}
