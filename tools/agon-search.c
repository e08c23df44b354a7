/* agon search: one search from one state, with what the searcher saw.
 *
 * mcts and ismcts report the visits and mean value of every root action;
 * alphabeta reports the exact (or depth-limited) value of every action by
 * searching each child. Values are for the player to move. */
#include "tools/agon-tool.h"

#include <string.h>

static char *opt_bot;
static char *opt_state;
static gint64 opt_seed = 1;
static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "bot", 'b', 0, G_OPTION_ARG_STRING, &opt_bot,
    "mcts(...) (default), ismcts(...) or alphabeta(depth=N)", "SPEC" },
  { "state", 0, 0, G_OPTION_ARG_STRING, &opt_state,
    "Search from the state after these actions (a serialized state; default: the start)",
    "ACTIONS" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of the search (default 1)", "N" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object", NULL },
  { NULL },
};

typedef struct {
  int n;
  AgonAction *actions;
  double *visits; /* NULL for alphabeta */
  double *values;
  AgonAction chosen;
  double value;
  gint64 simulations;
} Result;

static gboolean
search_mcts(const AgonGame *game, const AgonState *state, const char *spec, Result *r,
            GError **error)
{
  AgonMctsOptions options;
  if (!agon_mcts_options_parse(spec, &options, error))
    return FALSE;
  g_autoptr(AgonMcts) mcts = agon_mcts_new(game, &options, error);
  if (mcts == NULL)
    return FALSE;
  AgonRng rng;
  agon_rng_init(&rng, (guint64) opt_seed);
  agon_mcts_set_root(mcts, state);
  r->chosen = agon_mcts_search(mcts, &rng);
  r->n = agon_mcts_root_visits(mcts, r->actions, r->visits);
  agon_mcts_root_values(mcts, NULL, r->values);
  /* The chosen action's value: after MCTS-Solver proves the root early, the
   * mean over all children would mix in moves it never needed to try. */
  r->value = agon_mcts_root_value(mcts);
  for (int i = 0; i < r->n; i++)
    if (r->actions[i] == r->chosen)
      r->value = r->values[i];
  r->simulations = agon_mcts_get_num_simulations(mcts);
  return TRUE;
}

static gboolean
search_ismcts(const AgonGame *game, const AgonState *state, const char *spec, Result *r,
              GError **error)
{
  AgonIsmctsOptions options;
  if (!agon_ismcts_options_parse(spec, &options, error))
    return FALSE;
  g_autoptr(AgonIsmcts) ismcts =
    agon_ismcts_new(game, agon_state_current_player(state), &options, error);
  if (ismcts == NULL)
    return FALSE;
  AgonRng rng;
  agon_rng_init(&rng, (guint64) opt_seed);
  r->chosen = agon_ismcts_search(ismcts, state, &rng, error);
  if (r->chosen < 0)
    return FALSE;
  r->n = agon_ismcts_root_visits(ismcts, r->actions, r->visits);
  g_clear_pointer(&r->values, g_free); /* IS-MCTS reports visits only */
  r->value = agon_ismcts_root_value(ismcts);
  r->simulations = agon_ismcts_get_num_simulations(ismcts);
  return TRUE;
}

/* Player 0's point of view, as minimax.h returns it, turned to the mover's. */
static gboolean
search_alphabeta(const AgonState *state, const char *spec, Result *r, GError **error)
{
  static const AgonParamSpec specs[] = {
    { "depth", AGON_PARAM_INT, "0", 0, 1000, "player moves to look ahead; 0: to the end" },
    { NULL },
  };
  g_autoptr(AgonParams) given = agon_params_parse(spec, error);
  if (given == NULL)
    return FALSE;
  g_autoptr(AgonParams) params = agon_params_resolve(given, specs, error);
  if (params == NULL)
    return FALSE;
  AgonMinimaxOptions options = { .depth = (int) agon_params_get_int(params, "depth") };
  if (options.depth > 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: agon search has no heuristic for a limited depth; use depth=0", spec);
    return FALSE;
  }
  int mover = agon_state_current_player(state);
  double sign = mover == 1 ? -1 : 1;
  guint64 nodes = 0;
  if (!agon_minimax_search(state, &options, &r->value, &r->chosen, &nodes, error))
    return FALSE;
  r->simulations = (gint64) nodes;
  r->value *= sign;
  r->n = agon_state_legal_actions(state, r->actions);
  g_clear_pointer(&r->visits, g_free);
  g_autoptr(AgonState) child = agon_state_clone(state);
  for (int i = 0; i < r->n; i++) {
    agon_state_copy(child, state);
    agon_state_apply(child, r->actions[i]);
    if (!agon_minimax_search(child, &options, &r->values[i], NULL, NULL, error))
      return FALSE;
    r->values[i] *= sign;
  }
  return TRUE;
}

static void
print_result(const AgonState *state, const char *spec, const Result *r)
{
  int player = agon_state_current_player(state);
  g_autoptr(GString) name = g_string_new(NULL);
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "game");
    json_builder_add_string_value(b, agon_game_get_string(agon_state_get_game(state)));
    json_builder_set_member_name(b, "bot");
    json_builder_add_string_value(b, spec);
    json_builder_set_member_name(b, "player");
    json_builder_add_int_value(b, player);
    json_builder_set_member_name(b, "action");
    json_builder_add_int_value(b, r->chosen);
    agon_state_action_to_string(state, player, r->chosen, name);
    json_builder_set_member_name(b, "action_name");
    json_builder_add_string_value(b, name->str);
    json_builder_set_member_name(b, "value");
    json_builder_add_double_value(b, r->value);
    json_builder_set_member_name(b, "actions");
    json_builder_begin_array(b);
    for (int i = 0; i < r->n; i++) {
      json_builder_begin_object(b);
      json_builder_set_member_name(b, "action");
      json_builder_add_int_value(b, r->actions[i]);
      g_string_truncate(name, 0);
      agon_state_action_to_string(state, player, r->actions[i], name);
      json_builder_set_member_name(b, "name");
      json_builder_add_string_value(b, name->str);
      if (r->visits) {
        json_builder_set_member_name(b, "visits");
        json_builder_add_double_value(b, r->visits[i]);
      }
      if (r->values) {
        json_builder_set_member_name(b, "value");
        json_builder_add_double_value(b, r->values[i]);
      }
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
    return;
  }
  agon_state_action_to_string(state, player, r->chosen, name);
  printf("player %d plays %s (action %d); value %.6g for player %d\n", player, name->str,
         r->chosen, r->value, player);
  printf("  %-16s %8s %10s\n", "action", r->visits ? "visits" : "", r->values ? "value" : "");
  for (int i = 0; i < r->n; i++) {
    g_string_truncate(name, 0);
    agon_state_action_to_string(state, player, r->actions[i], name);
    printf("  %-16s", name->str);
    if (r->visits)
      printf(" %8.0f", r->visits[i]);
    else
      printf(" %8s", "");
    if (r->values)
      printf(" %10.6g", r->values[i]);
    printf("\n");
  }
}

int
agon_cmd_search(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("search", "GAME",
                       "Run one search from one state of GAME and show, for every action of the\n"
                       "player to move, its visits (mcts, ismcts) and value (mcts, alphabeta).\n\n"
                       "Examples:\n"
                       "  agon search tic_tac_toe --bot 'mcts(simulations=10000)' --state '4 0'\n"
                       "  agon search tic_tac_toe --bot alphabeta --state '0 3 1 4' --json\n"
                       "  agon search kuhn_poker --bot ismcts --state '2 0'",
                       entries, &argc, &argv, &status))
    return status;
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "search", &status);
  if (game == NULL)
    return status;
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonState) state = agon_state_deserialize(game, opt_state ? opt_state : "", &error);
  if (state == NULL)
    return agon_tool_report(error);
  int player = agon_state_current_player(state);
  if (player < 0)
    return agon_tool_fail(AGON_EXIT_USAGE, "search: no player moves in that state (%s)",
                          player == AGON_PLAYER_TERMINAL ? "it is terminal"
                          : player == AGON_PLAYER_CHANCE ? "chance moves"
                                                         : "all players move at once");
  const char *spec = opt_bot ? opt_bot : "mcts";
  g_autoptr(AgonParams) parsed = agon_params_parse(spec, &error);
  if (parsed == NULL)
    return agon_tool_report(error);
  int max = agon_game_get_max_actions(game);
  Result r = {
    .actions = g_new(AgonAction, max),
    .visits = g_new0(double, max),
    .values = g_new0(double, max),
  };
  const char *name = agon_params_get_name(parsed);
  gboolean ok;
  if (strcmp(name, "mcts") == 0)
    ok = search_mcts(game, state, spec, &r, &error);
  else if (strcmp(name, "ismcts") == 0)
    ok = search_ismcts(game, state, spec, &r, &error);
  else if (strcmp(name, "alphabeta") == 0)
    ok = search_alphabeta(state, spec, &r, &error);
  else {
    ok = FALSE;
    g_set_error(&error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME,
                "%s: agon search runs mcts, ismcts or alphabeta", spec);
  }
  if (ok)
    print_result(state, spec, &r);
  g_free(r.actions);
  g_free(r.visits);
  g_free(r.values);
  return ok ? AGON_EXIT_OK : agon_tool_report(error);
}
