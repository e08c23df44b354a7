/* agon play: a random playthrough of a game, move by move, or games
 * between bots.
 *
 * Without --bot, --games or --json it is the random playthrough it always
 * was: one generator for chance and moves alike. With them every seat is an
 * AgonBot (random when no --bot is given), and game i draws its chance
 * generator and every bot's seed from stream i of --seed, so one game of a
 * match replays alone. A game's moves are collected and printed when it
 * ends, so that a human at the table never sees another player's cards in
 * the transcript before the showdown. */
#include "tools/agon-tool.h"

static gint64 opt_seed = -1;
static gboolean opt_show_infostates;
static char *opt_history;
static char **opt_bots;
static gint64 opt_games = 1;
static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of the random moves (default: random)",
    "N" },
  { "show-infostates", 0, 0, G_OPTION_ARG_NONE, &opt_show_infostates,
    "Show each acting player's information state before it moves", NULL },
  { "history", 0, 0, G_OPTION_ARG_STRING, &opt_history,
    "Start after these actions (a serialized state: numbers separated by spaces)", "ACTIONS" },
  { "bot", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_bots,
    "The bot of the next seat (one per seat; default: all random)", "SPEC" },
  { "games", 'n', 0, G_OPTION_ARG_INT64, &opt_games, "Games to play (default 1)", "N" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print a summary as JSON", NULL },
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

/* ---- Games between bots ---------------------------------------------------- */

static void
append_infostate(const AgonState *state, int player, GString *moves, GString *scratch)
{
  if (!agon_game_get_type(agon_state_get_game(state))->provides_information_state_string)
    return;
  g_string_truncate(scratch, 0);
  agon_state_information_state_string(state, player, scratch);
  g_autofree char *escaped = g_strescape(scratch->str, NULL);
  g_string_append_printf(moves, "             info %d: \"%s\"\n", player, escaped);
}

/* Tells every bot but @except's (-1: none) that @player took @action at
 * @state. */
static void
inform_others(AgonBot **bots, int n_players, int except, const AgonState *state, int player,
              AgonAction action)
{
  for (int p = 0; p < n_players; p++)
    if (p != except)
      agon_bot_inform(bots[p], state, player, action);
}

/* Plays @state to the end with @bots (one per seat) and @rng for chance,
 * appending the moves to @moves. Returns FALSE with @error set when a bot
 * fails (a human's input ends) or returns an illegal action. */
static gboolean
play_bots(AgonBot **bots, AgonState *state, AgonRng *rng, GString *moves, GError **error)
{
  const AgonGame *game = agon_state_get_game(state);
  int n_players = agon_game_get_num_players(game);
  AgonAction joint[n_players];
  g_autoptr(GString) name = g_string_new(NULL);
  while (!agon_state_is_terminal(state)) {
    int player = agon_state_current_player(state);
    int move = agon_state_move_number(state) + 1;
    g_string_truncate(name, 0);
    if (player == AGON_PLAYER_CHANCE) {
      AgonAction action = agon_state_sample_chance(state, rng);
      inform_others(bots, n_players, -1, state, player, action);
      agon_state_action_to_string(state, player, action, name);
      g_string_append_printf(moves, "%4d chance    %s\n", move, name->str);
      agon_state_apply(state, action);
    } else if (player == AGON_PLAYER_SIMULTANEOUS) {
      for (int p = 0; p < n_players; p++) {
        if (opt_show_infostates)
          append_infostate(state, p, moves, name);
        if ((joint[p] = agon_bot_step(bots[p], state, error)) < 0)
          return FALSE;
      }
      for (int p = 0; p < n_players; p++)
        inform_others(bots, n_players, p, state, p, joint[p]);
      g_string_truncate(name, 0);
      for (int p = 0; p < n_players; p++) {
        g_string_append(name, p ? ", " : "");
        agon_state_action_to_string(state, p, joint[p], name);
      }
      g_string_append_printf(moves, "%4d all       %s\n", move, name->str);
      if (!agon_state_apply_joint_checked(state, joint, error))
        return FALSE;
    } else {
      if (opt_show_infostates)
        append_infostate(state, player, moves, name);
      AgonAction action = agon_bot_step(bots[player], state, error);
      if (action < 0)
        return FALSE;
      inform_others(bots, n_players, player, state, player, action);
      g_string_truncate(name, 0);
      agon_state_action_to_string(state, player, action, name);
      g_string_append_printf(moves, "%4d player %-3d%s\n", move, player, name->str);
      if (!agon_state_apply_checked(state, action, error))
        return FALSE;
    }
  }
  return TRUE;
}

static void
print_final(const AgonState *state, const double *returns, int n_players)
{
  g_autoptr(GString) picture = g_string_new(NULL);
  agon_state_to_string(state, picture);
  g_auto(GStrv) lines = g_strsplit(g_strchomp(picture->str), "\n", -1);
  printf("final state:\n");
  for (char **line = lines; *line; line++)
    printf("  %s\n", *line);
  printf("returns:");
  for (int p = 0; p < n_players; p++)
    printf(" %g", returns[p]);
  printf("\n");
}

/* What each seat scored over the match. A seat wins a game when its return
 * is the highest alone, draws when it shares the highest, else loses. */
typedef struct {
  double sum;
  gint64 wins, draws, losses;
} SeatScore;

static void
score_game(const double *returns, int n_players, SeatScore *scores)
{
  double best = returns[0];
  for (int p = 1; p < n_players; p++)
    best = MAX(best, returns[p]);
  int at_best = 0;
  for (int p = 0; p < n_players; p++)
    at_best += returns[p] == best;
  for (int p = 0; p < n_players; p++) {
    scores[p].sum += returns[p];
    if (returns[p] < best)
      scores[p].losses++;
    else if (at_best == 1)
      scores[p].wins++;
    else
      scores[p].draws++;
  }
}

static void
print_summary(const AgonGame *game, AgonBot **bots, const SeatScore *scores, gint64 games,
              guint64 seed)
{
  int n_players = agon_game_get_num_players(game);
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "game");
    json_builder_add_string_value(b, agon_game_get_string(game));
    json_builder_set_member_name(b, "seed");
    json_builder_add_int_value(b, (gint64) seed);
    json_builder_set_member_name(b, "games");
    json_builder_add_int_value(b, games);
    json_builder_set_member_name(b, "mean_returns");
    json_builder_begin_array(b);
    for (int p = 0; p < n_players; p++)
      json_builder_add_double_value(b, scores[p].sum / (double) games);
    json_builder_end_array(b);
    json_builder_set_member_name(b, "bots");
    json_builder_begin_array(b);
    for (int p = 0; p < n_players; p++) {
      json_builder_begin_object(b);
      json_builder_set_member_name(b, "spec");
      json_builder_add_string_value(b, agon_bot_get_spec(bots[p]));
      json_builder_set_member_name(b, "seat");
      json_builder_add_int_value(b, p);
      json_builder_set_member_name(b, "wins");
      json_builder_add_int_value(b, scores[p].wins);
      json_builder_set_member_name(b, "draws");
      json_builder_add_int_value(b, scores[p].draws);
      json_builder_set_member_name(b, "losses");
      json_builder_add_int_value(b, scores[p].losses);
      json_builder_set_member_name(b, "mean_return");
      json_builder_add_double_value(b, scores[p].sum / (double) games);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
    return;
  }
  printf("%s, seed %" G_GUINT64_FORMAT ", %" G_GINT64_FORMAT " games\n",
         agon_game_get_string(game), seed, games);
  printf("seat  mean return     wins    draws   losses  bot\n");
  for (int p = 0; p < n_players; p++)
    printf("%4d  %11.6f  %7" G_GINT64_FORMAT "  %7" G_GINT64_FORMAT "  %7" G_GINT64_FORMAT
           "  %s\n", p, scores[p].sum / (double) games, scores[p].wins, scores[p].draws,
           scores[p].losses, agon_bot_get_spec(bots[p]));
}

static int
play_match(AgonGame *game, guint64 seed)
{
  int n_players = agon_game_get_num_players(game);
  int n_bots = opt_bots ? (int) g_strv_length(opt_bots) : 0;
  if (n_bots != 0 && n_bots != n_players)
    return agon_tool_fail(AGON_EXIT_USAGE, "play: %d --bot given for %d players; give one per "
                          "seat (see agon play --help)", n_bots, n_players);
  if (opt_games < 1)
    return agon_tool_fail(AGON_EXIT_USAGE, "play: --games must be at least 1");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) start = opt_history ? agon_state_deserialize(game, opt_history, &error)
                                           : agon_state_new_initial(game);
  if (start == NULL)
    return agon_tool_report(error);
  AgonBot *bots[n_players];
  memset(bots, 0, sizeof bots);
  int status = AGON_EXIT_OK;
  for (int p = 0; p < n_players && status == AGON_EXIT_OK; p++) {
    AgonRng setup;
    agon_rng_init_stream(&setup, seed, (guint64) G_MAXUINT32 + 1 + (guint64) p);
    bots[p] = agon_bot_new(game, p, n_bots ? opt_bots[p] : "random", agon_rng_next(&setup),
                           &error);
    if (bots[p] == NULL)
      status = agon_tool_report(error);
  }
  SeatScore scores[n_players];
  memset(scores, 0, sizeof scores);
  gboolean verbose = opt_games == 1 && !opt_json;
  if (verbose && status == AGON_EXIT_OK) {
    printf("%s, seed %" G_GUINT64_FORMAT "\n", agon_game_get_string(game), seed);
    if (opt_history)
      printf("from history: %s\n", opt_history);
    for (int p = 0; p < n_players; p++)
      printf("seat %d: %s\n", p, agon_bot_get_spec(bots[p]));
  }
  /* One buffer for every game: reset by a copy of the start. */
  g_autofree void *memory = g_malloc(agon_game_get_state_size(game));
  AgonState *state = memory;
  g_autoptr(GString) moves = g_string_new(NULL);
  double returns[n_players];
  for (gint64 i = 0; i < opt_games && status == AGON_EXIT_OK; i++) {
    AgonRng game_rng, chance_rng;
    agon_rng_init_stream(&game_rng, seed, (guint64) i);
    agon_rng_init(&chance_rng, agon_rng_next(&game_rng));
    for (int p = 0; p < n_players; p++) {
      agon_bot_restart(bots[p]);
      agon_bot_set_seed(bots[p], agon_rng_next(&game_rng));
    }
    agon_state_copy(state, start);
    g_string_truncate(moves, 0);
    if (!play_bots(bots, state, &chance_rng, moves, &error)) {
      status = agon_tool_report(error);
      break;
    }
    agon_state_returns(state, returns);
    score_game(returns, n_players, scores);
    if (verbose) {
      fputs(moves->str, stdout);
      print_final(state, returns, n_players);
    }
  }
  if (status == AGON_EXIT_OK && !verbose)
    print_summary(game, bots, scores, opt_games, seed);
  for (int p = 0; p < n_players; p++)
    agon_bot_free(bots[p]);
  return status;
}

int
agon_cmd_play(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("play", "GAME",
                       "Play GAME with uniformly random moves (chance by its probabilities),\n"
                       "printing every move by name, the final state and the returns; or\n"
                       "play GAME between bots, one --bot per seat: random, first,\n"
                       "mcts(simulations=800), alphabeta(depth=0), policy(file=F),\n"
                       "solver(name=cfr+,iterations=1000), human. With --games N > 1 (or\n"
                       "--json) a summary: mean return, wins, draws and losses per seat.\n\n"
                       "Example: agon play leduc_poker --seed 7 --show-infostates\n"
                       "         agon play tic_tac_toe --bot mcts --bot random --games 20",
                       entries, &argc, &argv, &status))
    return status;
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "play", &status);
  if (game == NULL)
    return status;
  guint64 seed = opt_seed >= 0 ? (guint64) opt_seed : (guint64) g_random_int();
  if (opt_bots != NULL || opt_games != 1 || opt_json)
    return play_match(game, seed);
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
  int n_players = agon_game_get_num_players(game);
  double returns[n_players];
  agon_state_returns(state, returns);
  print_final(state, returns, n_players);
  return AGON_EXIT_OK;
}
