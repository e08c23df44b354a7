/* agon games: every registered game with its type. */
#include "tools/agon-tool.h"

static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print a JSON list", NULL },
  { NULL },
};

static void
print_json(void)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_array(b);
  for (const char *const *name = agon_game_list_names(); *name; name++) {
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, *name);
    agon_tool_add_type_json(b, agon_game_lookup_type(*name));
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  agon_tool_print_json(b);
}

static const char *
players_text(const AgonGameType *type, char *buf, gsize size)
{
  if (type->min_players == type->max_players)
    g_snprintf(buf, size, "%d", type->min_players);
  else
    g_snprintf(buf, size, "%d-%d", type->min_players, type->max_players);
  return buf;
}

int
agon_cmd_games(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("games", "", "List the games agon knows, with their types.", entries,
                       &argc, &argv, &status))
    return status;
  if (argc > 1)
    return agon_tool_fail(AGON_EXIT_USAGE, "games: unexpected argument '%s'", argv[1]);
  if (opt_json) {
    print_json();
    return AGON_EXIT_OK;
  }
  printf("%-20s %-8s %-13s %-20s %-10s %-13s %s\n", "NAME", "PLAYERS", "MOVES", "CHANCE",
         "INFO", "UTILITY", "DESCRIPTION");
  for (const char *const *name = agon_game_list_names(); *name; name++) {
    const AgonGameType *t = agon_game_lookup_type(*name);
    char players[16];
    printf("%-20s %-8s %-13s %-20s %-10s %-13s %s\n", *name,
           players_text(t, players, sizeof players), agon_tool_dynamics_name(t->dynamics),
           agon_tool_chance_name(t->chance_mode), agon_tool_information_name(t->information),
           agon_tool_utility_name(t->utility), t->long_name);
  }
  return AGON_EXIT_OK;
}
