/* agon: the command-line program. `agon COMMAND [OPTIONS]`; each command
 * lives in its own tools/agon-COMMAND.c. */
#include "tools/agon-tool.h"

#include <locale.h>
#include <string.h>

typedef struct {
  const char *name;
  AgonCommandFunc run;
  const char *summary;
} Command;

static const Command commands[] = {
  { "games", agon_cmd_games, "list the games agon knows" },
  { "info", agon_cmd_info, "describe a game: type, parameters, sizes, tree counts" },
  { "play", agon_cmd_play, "play a game with random moves and show what happens" },
  { "search", agon_cmd_search, "one MCTS, IS-MCTS or alpha-beta search from a state" },
  { "solve", agon_cmd_solve, "solve a game with CFR and friends, reporting exploitability" },
  { "exploitability", agon_cmd_exploitability, "how far a policy is from a Nash equilibrium" },
  { "match", agon_cmd_match, "two bots head to head: score, Elo difference, SPRT" },
  { "tournament", agon_cmd_tournament, "a round-robin or gauntlet between bots, with ratings" },
  { "selfplay", agon_cmd_selfplay, "games of a bot against itself as JSON lines (training data)" },
  { "bench", agon_cmd_bench, "how fast agon plays, compiles, solves and searches a game here" },
  { "rate", agon_cmd_rate,
    "Elo, BayesElo, Plackett-Luce from CSV, JSON lines, PGN or a tournament" },
};

static void
print_usage(FILE *out)
{
  fprintf(out,
          "Usage:\n"
          "  agon COMMAND [OPTION...]\n"
          "\n"
          "Computational game theory and game search.\n"
          "\n"
          "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(out, "  %-16s%s\n", commands[i].name, commands[i].summary);
  fprintf(out,
          "\n"
          "Options:\n"
          "  -h, --help      show this help\n"
          "  --version       show the version\n"
          "\n"
          "Run 'agon COMMAND --help' for a command's options. Games are named by game\n"
          "strings with OpenSpiel's syntax, e.g. 'leduc_poker(players=3)'.\n");
}

int
main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  if (argc < 2) {
    print_usage(stderr);
    return AGON_EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
    print_usage(stdout);
    return AGON_EXIT_OK;
  }
  if (strcmp(name, "--version") == 0) {
    printf("agon %s\n", AGON_VERSION_STRING);
    return AGON_EXIT_OK;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++)
    if (strcmp(name, commands[i].name) == 0)
      return commands[i].run(argc - 1, argv + 1);
  return agon_tool_fail(AGON_EXIT_USAGE, "unknown command '%s' (see agon --help)", name);
}
