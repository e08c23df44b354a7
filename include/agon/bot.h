/* agon: bots, the one interface every player implements.
 *
 * An AgonBot plays one seat of one game. The caller drives the game: when
 * it is the bot's turn it asks agon_bot_step() for an action; every other
 * move (another player's action or a chance outcome) it reports with
 * agon_bot_inform(), passing the state before that move. A bot looks only at
 * what its player may know: in imperfect-information games it reads its
 * player's information state, never the hidden parts of the state it is
 * handed. agon_bot_restart() starts a new game with the same bot.
 *
 * Bots are created from spec strings with the syntax of game strings:
 *   random                    uniformly random legal actions
 *   first                     always the lowest legal action
 *   mcts(simulations=800,...) Monte Carlo tree search (search.h; perfect
 *                             information); keeps its tree between moves
 *   ismcts(simulations=1000)  information-set MCTS (ismcts.h) for games
 *                             with hidden information
 *   alphabeta(depth=0)        alpha-beta (minimax.h); depth 0 searches to
 *                             the end, a positive depth scores the states
 *                             where it runs out as the middle of the
 *                             utility range
 *   policy(file=p.json)       samples a saved policy (policy.h)
 *   solver(name=cfr+,iterations=1000)
 *                             compiles the game, runs the solver (a solver
 *                             spec, nested ones allowed: name=dcfr(alpha=2))
 *                             when created, then samples its average policy
 *   human                     asks a person: reads moves from stdin
 * A bot belongs to one thread at a time. */
#pragma once

#include <stdio.h>

#include <agon/game.h>

G_BEGIN_DECLS

typedef struct AgonBot AgonBot;

/* Creates the bot named by @spec to play seat @player (0..n-1) of @game,
 * which it references. Its random choices come from an AgonRng seeded with
 * @seed (the seed parameter of mcts and ismcts, when not 0, takes precedence). Errors:
 * AGON_ERROR_PARSE (malformed spec), AGON_ERROR_UNKNOWN_NAME (no such bot;
 * the message lists them), AGON_ERROR_UNKNOWN_PARAMETER,
 * AGON_ERROR_INVALID_VALUE, AGON_ERROR_UNSUPPORTED (a bot that cannot play
 * this game, such as mcts in an imperfect-information game), or the errors
 * of what the bot loads (a policy file, a tree too large to compile).
 * Returns a new bot (free with agon_bot_free()), or NULL. */
AGON_API AgonBot *agon_bot_new(const AgonGame *game, int player, const char *spec, guint64 seed,
                               GError **error);

/* A human bot that reads its moves from @in and writes its prompts to @out.
 * Both are borrowed and must outlive the bot. Each turn it prints the
 * player's information state (the whole state in perfect-information
 * games), the legal moves by number and name, and reads a line holding a
 * name or a number, asking again after bad input. Returns a new bot, or
 * NULL with AGON_ERROR_INVALID_VALUE for a bad @player. */
AGON_API AgonBot *agon_bot_new_human(const AgonGame *game, int player, FILE *in, FILE *out,
                                     GError **error);

AGON_API void agon_bot_free(AgonBot *bot);

/* Chooses an action for @player at @state, which must be a state where the
 * bot's player moves (alone or, in a simultaneous node, with the others).
 * Returns a legal action, or -1 with @error set when the bot cannot choose
 * (a human's input ended: AGON_ERROR_FAILED; a policy without this
 * information set: AGON_ERROR_BAD_FILE). @state is not kept. */
AGON_API AgonAction agon_bot_step(AgonBot *bot, const AgonState *state, GError **error);

/* Tells the bot that @player (another player, or AGON_PLAYER_CHANCE) took
 * @action at @state, the state before the move. Bots that need no
 * telling ignore it. */
AGON_API void agon_bot_inform(AgonBot *bot, const AgonState *state, int player,
                              AgonAction action);

/* Gets the bot ready for a new game. Its random stream continues. */
AGON_API void agon_bot_restart(AgonBot *bot);

/* Reseeds the bot's random generator, so that a game played after it does
 * not depend on the games before. */
AGON_API void agon_bot_set_seed(AgonBot *bot, guint64 seed);

/* The distribution behind the bot's last step, for training data: the
 * share of the root's visits of each move for mcts and ismcts. Writes up
 * to agon_game_get_max_actions() entries to @actions and @probs (summing
 * to 1) and returns their number; 0 for bots that do not search, and
 * before the first step. */
AGON_API int agon_bot_get_search_policy(const AgonBot *bot, AgonAction *actions, double *probs);

/* The spec the bot was made from, with every parameter resolved
 * ("solver(name=cfr+,iterations=1000)"). Owned by the bot. */
AGON_API const char *agon_bot_get_spec(const AgonBot *bot);
/* The seat the bot plays. */
AGON_API int agon_bot_get_player(const AgonBot *bot);

/* ---- The registry ------------------------------------------------------- */

/* Names of every bot kind, NULL-terminated. Static. */
AGON_API const char *const *agon_bot_list_names(void);
/* A one-line description of the bot kind @name, or NULL. Static. */
AGON_API const char *agon_bot_lookup_description(const char *name);
/* The parameters of the bot kind @name, ending with a NULL name, or NULL
 * when there is no such kind. Static. ismcts lists none here: its
 * parameters are those of agon_ismcts_options_parse(). */
AGON_API const AgonParamSpec *agon_bot_lookup_param_specs(const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonBot, agon_bot_free)

G_END_DECLS
