/* agon: helpers shared by the subcommands: errors, options, JSON. */
#include "tools/agon-tool.h"

#include <stdarg.h>

int
agon_tool_fail(int status, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *message = g_strdup_vprintf(format, args);
  va_end(args);
  fprintf(stderr, "agon: %s\n", message);
  return status;
}

int
agon_tool_report(const GError *error)
{
  gboolean usage = error->domain == G_OPTION_ERROR
                   || (error->domain == AGON_ERROR
                       && (error->code == AGON_ERROR_PARSE || error->code == AGON_ERROR_UNKNOWN_NAME
                           || error->code == AGON_ERROR_UNKNOWN_PARAMETER
                           || error->code == AGON_ERROR_INVALID_VALUE));
  return agon_tool_fail(usage ? AGON_EXIT_USAGE : AGON_EXIT_FAILURE, "%s", error->message);
}

gboolean
agon_tool_parse(const char *name, const char *parameter_string, const char *summary,
                const GOptionEntry *entries, int *argc, char ***argv, int *status)
{
  g_autofree char *prgname = g_strdup_printf("agon %s", name);
  g_set_prgname(prgname);
  g_autoptr(GOptionContext) context = g_option_context_new(parameter_string);
  g_option_context_set_summary(context, summary);
  g_option_context_add_main_entries(context, entries, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(context, argc, argv, &error)) {
    *status = agon_tool_fail(AGON_EXIT_USAGE, "%s: %s (see agon %s --help)", name,
                             error->message, name);
    return FALSE;
  }
  return TRUE;
}

AgonGame *
agon_tool_load_game(int argc, char **argv, const char *command, int *status)
{
  if (argc != 2) {
    *status = agon_tool_fail(AGON_EXIT_USAGE, "%s: expected one game string, got %d arguments "
                             "(see agon %s --help)", command, argc - 1, command);
    return NULL;
  }
  g_autoptr(GError) error = NULL;
  AgonGame *game = agon_game_new(argv[1], &error);
  if (game == NULL)
    *status = agon_tool_report(error);
  return game;
}

void
agon_tool_print_json(JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new();
  g_autoptr(JsonNode) root = json_builder_get_root(builder);
  json_generator_set_root(generator, root);
  json_generator_set_pretty(generator, TRUE);
  g_autofree char *text = json_generator_to_data(generator, NULL);
  printf("%s\n", text);
}

const char *
agon_tool_dynamics_name(AgonDynamics dynamics)
{
  return dynamics == AGON_DYNAMICS_SIMULTANEOUS ? "simultaneous" : "sequential";
}

const char *
agon_tool_chance_name(AgonChanceMode mode)
{
  switch (mode) {
  case AGON_CHANCE_DETERMINISTIC: return "deterministic";
  case AGON_CHANCE_EXPLICIT_STOCHASTIC: return "explicit_stochastic";
  case AGON_CHANCE_SAMPLED_STOCHASTIC: return "sampled_stochastic";
  }
  return "?";
}

const char *
agon_tool_information_name(AgonInformation information)
{
  switch (information) {
  case AGON_INFORMATION_ONE_SHOT: return "one_shot";
  case AGON_INFORMATION_PERFECT: return "perfect";
  case AGON_INFORMATION_IMPERFECT: return "imperfect";
  }
  return "?";
}

const char *
agon_tool_utility_name(AgonUtility utility)
{
  switch (utility) {
  case AGON_UTILITY_ZERO_SUM: return "zero_sum";
  case AGON_UTILITY_CONSTANT_SUM: return "constant_sum";
  case AGON_UTILITY_GENERAL_SUM: return "general_sum";
  case AGON_UTILITY_IDENTICAL: return "identical";
  }
  return "?";
}

const char *
agon_tool_reward_name(AgonRewardModel model)
{
  return model == AGON_REWARD_REWARDS ? "rewards" : "terminal";
}

void
agon_tool_add_type_json(JsonBuilder *b, const AgonGameType *type)
{
  json_builder_set_member_name(b, "type");
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "long_name");
  json_builder_add_string_value(b, type->long_name);
  json_builder_set_member_name(b, "dynamics");
  json_builder_add_string_value(b, agon_tool_dynamics_name(type->dynamics));
  json_builder_set_member_name(b, "chance_mode");
  json_builder_add_string_value(b, agon_tool_chance_name(type->chance_mode));
  json_builder_set_member_name(b, "information");
  json_builder_add_string_value(b, agon_tool_information_name(type->information));
  json_builder_set_member_name(b, "utility");
  json_builder_add_string_value(b, agon_tool_utility_name(type->utility));
  json_builder_set_member_name(b, "reward_model");
  json_builder_add_string_value(b, agon_tool_reward_name(type->reward_model));
  json_builder_set_member_name(b, "min_players");
  json_builder_add_int_value(b, type->min_players);
  json_builder_set_member_name(b, "max_players");
  json_builder_add_int_value(b, type->max_players);
  json_builder_end_object(b);
}
