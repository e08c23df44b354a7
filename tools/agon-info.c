/* agon info: a game's type, parameters and sizes, and for finite games
 * with explicit chance the counts of a full traversal. */
#include "tools/agon-tool.h"

static gboolean opt_json;
static gint64 opt_max_histories = 5000000;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object", NULL },
  { "max-histories", 0, 0, G_OPTION_ARG_INT64, &opt_max_histories,
    "Count the tree only if it has at most N histories (default 5000000; 0: no count)", "N" },
  { NULL },
};

static const char *
param_type_name(AgonParamType type)
{
  switch (type) {
  case AGON_PARAM_INT: return "int";
  case AGON_PARAM_DOUBLE: return "double";
  case AGON_PARAM_BOOL: return "bool";
  case AGON_PARAM_STRING: return "string";
  case AGON_PARAM_GAME: return "game";
  }
  return "?";
}

static char *
shape_text(AgonTensorShape shape)
{
  if (shape.rank == 0)
    return g_strdup("none");
  g_autoptr(GString) out = g_string_new("[");
  for (int i = 0; i < shape.rank; i++)
    g_string_append_printf(out, i ? ", %d" : "%d", shape.dims[i]);
  g_string_append_c(out, ']');
  return g_string_free(g_steal_pointer(&out), FALSE);
}

static void
add_shape_json(JsonBuilder *b, const char *member, AgonTensorShape shape)
{
  json_builder_set_member_name(b, member);
  json_builder_begin_array(b);
  for (int i = 0; i < shape.rank; i++)
    json_builder_add_int_value(b, shape.dims[i]);
  json_builder_end_array(b);
}

/* Counts the tree when that is possible and allowed; NULL otherwise, with
 * @why saying why. */
static AgonGameCounts *
count_tree(AgonGame *game, char **why)
{
  if (opt_max_histories <= 0) {
    *why = g_strdup("not counted (--max-histories 0)");
    return NULL;
  }
  g_autoptr(GError) error = NULL;
  AgonGameCounts *counts = agon_game_count_histories(game, (guint64) opt_max_histories, &error);
  if (counts == NULL)
    *why = error->code == AGON_ERROR_TOO_LARGE
             ? g_strdup_printf("more than %" G_GINT64_FORMAT " histories, not counted "
                               "(raise --max-histories)", opt_max_histories)
             : g_strdup(error->message);
  return counts;
}

static void
print_json(AgonGame *game, const AgonGameCounts *counts)
{
  const AgonGameType *type = agon_game_get_type(game);
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "game");
  json_builder_add_string_value(b, agon_game_get_string(game));
  json_builder_set_member_name(b, "name");
  json_builder_add_string_value(b, type->short_name);
  agon_tool_add_type_json(b, type);
  json_builder_set_member_name(b, "parameters");
  json_builder_begin_object(b);
  const AgonParams *params = agon_game_get_params(game);
  const AgonParamSpec *specs = agon_game_get_param_specs(game);
  for (guint i = 0; i < agon_params_get_size(params); i++) {
    json_builder_set_member_name(b, agon_params_get_key(params, i));
    switch (specs[i].type) {
    case AGON_PARAM_INT:
      json_builder_add_int_value(b, agon_params_get_int(params, specs[i].name));
      break;
    case AGON_PARAM_DOUBLE:
      json_builder_add_double_value(b, agon_params_get_double(params, specs[i].name));
      break;
    case AGON_PARAM_BOOL:
      json_builder_add_boolean_value(b, agon_params_get_bool(params, specs[i].name));
      break;
    default:
      json_builder_add_string_value(b, agon_params_get_text(params, i));
    }
  }
  json_builder_end_object(b);
  json_builder_set_member_name(b, "players");
  json_builder_add_int_value(b, agon_game_get_num_players(game));
  json_builder_set_member_name(b, "num_distinct_actions");
  json_builder_add_int_value(b, agon_game_get_num_distinct_actions(game));
  json_builder_set_member_name(b, "max_chance_outcomes");
  json_builder_add_int_value(b, agon_game_get_max_chance_outcomes(game));
  json_builder_set_member_name(b, "max_game_length");
  json_builder_add_int_value(b, agon_game_get_max_game_length(game));
  json_builder_set_member_name(b, "min_utility");
  json_builder_add_double_value(b, agon_game_get_min_utility(game));
  json_builder_set_member_name(b, "max_utility");
  json_builder_add_double_value(b, agon_game_get_max_utility(game));
  json_builder_set_member_name(b, "utility_sum");
  if (type->utility == AGON_UTILITY_ZERO_SUM || type->utility == AGON_UTILITY_CONSTANT_SUM)
    json_builder_add_double_value(b, agon_game_get_utility_sum(game));
  else
    json_builder_add_null_value(b);
  json_builder_set_member_name(b, "state_size");
  json_builder_add_int_value(b, (gint64) agon_game_get_state_size(game));
  add_shape_json(b, "information_state_tensor_shape",
                 agon_game_get_information_state_tensor_shape(game));
  add_shape_json(b, "observation_tensor_shape", agon_game_get_observation_tensor_shape(game));
  json_builder_set_member_name(b, "histories");
  counts ? json_builder_add_int_value(b, (gint64) counts->histories)
         : json_builder_add_null_value(b);
  json_builder_set_member_name(b, "terminals");
  counts ? json_builder_add_int_value(b, (gint64) counts->terminals)
         : json_builder_add_null_value(b);
  json_builder_set_member_name(b, "infosets");
  if (counts) {
    json_builder_begin_array(b);
    for (int p = 0; p < counts->num_players; p++)
      json_builder_add_int_value(b, (gint64) counts->infosets[p]);
    json_builder_end_array(b);
  } else {
    json_builder_add_null_value(b);
  }
  json_builder_end_object(b);
  agon_tool_print_json(b);
}

static void
print_text(AgonGame *game, const AgonGameCounts *counts, const char *why)
{
  const AgonGameType *t = agon_game_get_type(game);
  printf("game:        %s\n", agon_game_get_string(game));
  printf("name:        %s (%s)\n", t->short_name, t->long_name);
  printf("type:        %s moves, %s chance, %s information, %s, %s rewards\n",
         agon_tool_dynamics_name(t->dynamics), agon_tool_chance_name(t->chance_mode),
         agon_tool_information_name(t->information), agon_tool_utility_name(t->utility),
         agon_tool_reward_name(t->reward_model));
  const AgonParams *params = agon_game_get_params(game);
  const AgonParamSpec *specs = agon_game_get_param_specs(game);
  printf("parameters:%s\n", agon_params_get_size(params) ? "" : "  none");
  for (guint i = 0; i < agon_params_get_size(params); i++)
    printf("  %-20s = %-12s %s (%s)\n", agon_params_get_key(params, i),
           agon_params_get_text(params, i), specs[i].description,
           param_type_name(specs[i].type));
  printf("sizes:\n");
  printf("  players              %d\n", agon_game_get_num_players(game));
  printf("  distinct actions     %d\n", agon_game_get_num_distinct_actions(game));
  printf("  max chance outcomes  %d\n", agon_game_get_max_chance_outcomes(game));
  printf("  max game length      %d\n", agon_game_get_max_game_length(game));
  printf("  utility              %g .. %g\n", agon_game_get_min_utility(game),
         agon_game_get_max_utility(game));
  printf("  state size           %zu bytes\n", agon_game_get_state_size(game));
  g_autofree char *info_shape = shape_text(agon_game_get_information_state_tensor_shape(game));
  g_autofree char *obs_shape = shape_text(agon_game_get_observation_tensor_shape(game));
  printf("  infostate tensor     %s\n", info_shape);
  printf("  observation tensor   %s\n", obs_shape);
  printf("tree:\n");
  if (counts == NULL) {
    printf("  %s\n", why);
    return;
  }
  printf("  histories            %" G_GUINT64_FORMAT "\n", counts->histories);
  printf("  terminals            %" G_GUINT64_FORMAT "\n", counts->terminals);
  printf("  information states  ");
  for (int p = 0; p < counts->num_players; p++)
    printf(" %" G_GUINT64_FORMAT, counts->infosets[p]);
  printf("  (per player)\n");
}

int
agon_cmd_info(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("info", "GAME",
                       "Describe a game: its type, parameters (defaults filled in), sizes, and\n"
                       "for finite games with explicit chance the number of histories, terminal\n"
                       "histories and information states per player.\n\n"
                       "Example: agon info 'leduc_poker(players=3)'",
                       entries, &argc, &argv, &status))
    return status;
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "info", &status);
  if (game == NULL)
    return status;
  g_autofree char *why = NULL;
  g_autoptr(AgonGameCounts) counts = count_tree(game, &why);
  if (opt_json)
    print_json(game, counts);
  else
    print_text(game, counts, why);
  return AGON_EXIT_OK;
}
