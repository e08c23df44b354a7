/* agon: what the bot kinds share (search/bot*.c).
 *
 * A bot kind is one const AgonBotClass, listed once in search/bot.c. The
 * registry parses and resolves the spec against the class's parameters,
 * allocates instance_size bytes with the AgonBot header first, and calls
 * init; a kind then only reads typed values. */
#pragma once

#include <agon/agon.h>

G_BEGIN_DECLS

typedef struct AgonBotClass AgonBotClass;

/* The header of every bot; a kind's instance struct starts with it. */
struct AgonBot {
  const AgonBotClass *klass;
  AgonGame *game;       /* a reference */
  int player;
  char *spec;           /* resolved */
  AgonRng rng;
  AgonAction *actions;  /* agon_game_get_max_actions() entries, for the kinds' use */
  GString *scratch;     /* for information-state strings */
};

struct AgonBotClass {
  const char *name;
  const char *description;
  const AgonParamSpec *params;
  /* Instead of @params, where a table kept in another file is published
   * (the address of a pointer is a constant expression, its value not).
   * With neither, the kind checks its own spec in init (ismcts, whose
   * table is private to ismcts.c) and the registry lists no parameters. */
  const AgonParamSpec *const *params_ref;
  gsize instance_size;
  /* Reads the resolved @params; the header is filled in. Returns FALSE
   * with @error set; finalize runs then too. Optional. */
  gboolean (*init)(AgonBot *bot, const AgonParams *params, GError **error);
  /* Required: a legal action of bot->player at @state, or -1 with @error. */
  AgonAction (*step)(AgonBot *bot, const AgonState *state, GError **error);
  /* Optional. */
  void (*inform)(AgonBot *bot, const AgonState *state, int player, AgonAction action);
  void (*restart)(AgonBot *bot);
  /* The distribution the last step chose from (agon_bot_get_search_policy):
   * fills @actions and @probs, returns their number. Optional. */
  int (*search_policy)(const AgonBot *bot, AgonAction *actions, double *probs);
  /* Releases what init made (may run after a failed init). Optional. */
  void (*finalize)(AgonBot *bot);
};

extern const AgonBotClass *const agon__bot_classes[];
extern const AgonBotClass agon__bot_random_class;
extern const AgonBotClass agon__bot_first_class;
extern const AgonBotClass agon__bot_mcts_class;
extern const AgonBotClass agon__bot_alphabeta_class;
extern const AgonBotClass agon__bot_ismcts_class;
extern const AgonBotClass agon__bot_policy_class;
extern const AgonBotClass agon__bot_solver_class;
extern const AgonBotClass agon__bot_human_class;

/* The parameters of "mcts(...)" specs (search/mcts.c). */
extern const AgonParamSpec *const agon__mcts_param_specs;

/* The legal actions of bot->player at @state into bot->actions (at a
 * simultaneous node, that player's part); returns their number. */
int agon__bot_legal_actions(AgonBot *bot, const AgonState *state);

/* Samples an index from @n non-negative @weights (not all 0) with the
 * bot's generator. */
int agon__bot_sample(AgonBot *bot, const double *weights, int n);

/* Points a human bot at @in and @out, borrowed (search/bot-human.c). */
void agon__bot_human_set_streams(AgonBot *bot, FILE *in, FILE *out);

G_END_DECLS
