/* agon: the human bot, a person at a terminal.
 *
 * It shows exactly what its player may know: in a perfect-information game
 * the whole state and every move as it is made; otherwise only the
 * player's information state (or, failing that, its observation), and no
 * word of other players' moves or chance outcomes, which the information
 * state reflects as far as the player saw them. Moves are read one line at
 * a time, by name or by number (agon_state_string_to_action); a bad line
 * is answered with one line and the question is asked again. End of input
 * fails the step. The streams are plain stdio FILEs so that a test can
 * drive the bot through a pipe or a temporary file. */
#include "search/bot-private.h"

typedef struct {
  AgonBot bot;
  FILE *in, *out;    /* borrowed */
  gboolean perfect;  /* perfect information: show everything */
} HumanBot;

static const AgonParamSpec human_params[] = { { NULL } };

static gboolean
human_init(AgonBot *bot, const AgonParams *params, GError **error)
{
  HumanBot *self = (HumanBot *) bot;
  self->in = stdin;
  self->out = stdout;
  self->perfect = agon_game_get_type(bot->game)->information == AGON_INFORMATION_PERFECT;
  return TRUE;
}

void
agon__bot_human_set_streams(AgonBot *bot, FILE *in, FILE *out)
{
  g_assert(bot->klass == &agon__bot_human_class);
  HumanBot *self = (HumanBot *) bot;
  self->in = in;
  self->out = out;
}

/* Prints @text indented, one line at a time. */
static void
print_block(FILE *out, const char *text)
{
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (char **line = lines; *line; line++)
    if (**line != '\0')
      fprintf(out, "  %s\n", *line);
}

static void
show(HumanBot *self, const AgonState *state)
{
  AgonBot *bot = &self->bot;
  const AgonGameType *type = agon_game_get_type(bot->game);
  GString *text = bot->scratch;
  g_string_truncate(text, 0);
  if (self->perfect) {
    agon_state_to_string(state, text);
    fprintf(self->out, "player %d, the state:\n", bot->player);
  } else if (type->provides_information_state_string) {
    agon_state_information_state_string(state, bot->player, text);
    fprintf(self->out, "player %d, your information state:\n", bot->player);
  } else if (type->provides_observation_string) {
    agon_state_observation_string(state, bot->player, text);
    fprintf(self->out, "player %d, your observation:\n", bot->player);
  } else {
    fprintf(self->out, "player %d:\n", bot->player);
  }
  print_block(self->out, text->str);
  int n = agon__bot_legal_actions(bot, state);
  fprintf(self->out, "legal moves:");
  for (int i = 0; i < n; i++) {
    g_string_truncate(text, 0);
    agon_state_action_to_string(state, bot->player, bot->actions[i], text);
    fprintf(self->out, " %d=%s", bot->actions[i], text->str);
  }
  fprintf(self->out, "\n");
}

static AgonAction
human_step(AgonBot *bot, const AgonState *state, GError **error)
{
  HumanBot *self = (HumanBot *) bot;
  show(self, state);
  char line[1024];
  for (;;) {
    fprintf(self->out, "player %d> ", bot->player);
    fflush(self->out);
    if (fgets(line, sizeof line, self->in) == NULL) {
      fprintf(self->out, "\n");
      g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED,
                  "player %d (human): the input ended before a move was given", bot->player);
      return -1;
    }
    char *text = g_strstrip(line);
    if (*text == '\0')
      continue;
    g_autoptr(GError) bad = NULL;
    AgonAction action = agon_state_string_to_action(state, bot->player, text, &bad);
    if (action >= 0)
      return action;
    fprintf(self->out, "'%s' is not a legal move; type a move's number or name\n", text);
  }
}

static void
human_inform(AgonBot *bot, const AgonState *state, int player, AgonAction action)
{
  HumanBot *self = (HumanBot *) bot;
  if (!self->perfect)
    return; /* the information state shows what the player saw */
  g_string_truncate(bot->scratch, 0);
  agon_state_action_to_string(state, player, action, bot->scratch);
  if (player == AGON_PLAYER_CHANCE)
    fprintf(self->out, "chance: %s\n", bot->scratch->str);
  else
    fprintf(self->out, "player %d plays %s\n", player, bot->scratch->str);
}

const AgonBotClass agon__bot_human_class = {
  .name = "human",
  .description = "asks a person for each move (stdin)",
  .params = human_params,
  .instance_size = sizeof(HumanBot),
  .init = human_init,
  .step = human_step,
  .inform = human_inform,
};
