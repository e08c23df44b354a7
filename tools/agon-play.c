/* agon play: a random playthrough of a game, move by move. */
#include "tools/agon-tool.h"

static gint64 opt_seed = -1;
static gboolean opt_show_infostates;
static char *opt_history;

static const GOptionEntry entries[] = {
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of the random moves (default: random)",
    "N" },
  { "show-infostates", 0, 0, G_OPTION_ARG_NONE, &opt_show_infostates,
    "Show each acting player's information state before it moves", NULL },
  { "history", 0, 0, G_OPTION_ARG_STRING, &opt_history,
    "Start after these actions (a serialized state: numbers separated by spaces)", "ACTIONS" },
  { NULL },
};

static void
print_infostate(const AgonState *state, int player, GString *scratch)
{
  if (!agon_game_get_type(agon_state_get_game(state))->provides_information_state_string)
    return;
  g_string_truncate(scratch, 0);
  agon_state_information_state_string(state, player, scratch);
  g_autofree char *escaped = g_strescape(scratch->str, NULL);
  printf("             info %d: \"%s\"\n", player, escaped);
}

static void
play(const AgonGame *game, AgonState *state, AgonRng *rng)
{
  int n_players = agon_game_get_num_players(game);
  AgonAction actions[agon_game_get_max_actions(game)];
  AgonAction joint[n_players];
  g_autoptr(GString) name = g_string_new(NULL);
  while (!agon_state_is_terminal(state)) {
    int player = agon_state_current_player(state);
    g_string_truncate(name, 0);
    if (player == AGON_PLAYER_CHANCE) {
      AgonAction action = agon_state_sample_chance(state, rng);
      agon_state_action_to_string(state, player, action, name);
      printf("%4d chance    %s\n", agon_state_move_number(state) + 1, name->str);
      agon_state_apply(state, action);
    } else if (player == AGON_PLAYER_SIMULTANEOUS) {
      for (int p = 0; p < n_players; p++) {
        if (opt_show_infostates)
          print_infostate(state, p, name);
        int n = agon_state_player_legal_actions(state, p, actions);
        joint[p] = actions[agon_rng_below(rng, (guint32) n)];
      }
      g_string_truncate(name, 0);
      for (int p = 0; p < n_players; p++) {
        g_string_append(name, p ? ", " : "");
        agon_state_action_to_string(state, p, joint[p], name);
      }
      printf("%4d all       %s\n", agon_state_move_number(state) + 1, name->str);
      agon_state_apply_joint(state, joint);
    } else {
      if (opt_show_infostates)
        print_infostate(state, player, name);
      int n = agon_state_legal_actions(state, actions);
      AgonAction action = actions[agon_rng_below(rng, (guint32) n)];
      g_string_truncate(name, 0);
      agon_state_action_to_string(state, player, action, name);
      printf("%4d player %-3d%s\n", agon_state_move_number(state) + 1, player, name->str);
      agon_state_apply(state, action);
    }
  }
}

int
agon_cmd_play(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("play", "GAME",
                       "Play GAME with uniformly random moves (chance by its probabilities),\n"
                       "printing every move by name, the final state and the returns.\n\n"
                       "Example: agon play leduc_poker --seed 7 --show-infostates",
                       entries, &argc, &argv, &status))
    return status;
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "play", &status);
  if (game == NULL)
    return status;
  guint64 seed = opt_seed >= 0 ? (guint64) opt_seed : (guint64) g_random_int();
  AgonRng rng;
  agon_rng_init(&rng, seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) state = opt_history ? agon_state_deserialize(game, opt_history, &error)
                                           : agon_state_new_initial(game);
  if (state == NULL)
    return agon_tool_report(error);
  printf("%s, seed %" G_GUINT64_FORMAT "\n", agon_game_get_string(game), seed);
  if (opt_history)
    printf("from history: %s\n", opt_history);
  play(game, state, &rng);

  g_autoptr(GString) picture = g_string_new(NULL);
  agon_state_to_string(state, picture);
  g_auto(GStrv) lines = g_strsplit(g_strchomp(picture->str), "\n", -1);
  printf("final state:\n");
  for (char **line = lines; *line; line++)
    printf("  %s\n", *line);
  int n_players = agon_game_get_num_players(game);
  double returns[n_players];
  agon_state_returns(state, returns);
  printf("returns:");
  for (int p = 0; p < n_players; p++)
    printf(" %g", returns[p]);
  printf("\n");
  return AGON_EXIT_OK;
}
