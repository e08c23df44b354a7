/* agon: every game agon knows. Adding a game adds one line here. */
#include "games/games-private.h"

extern const AgonGameClass agon_kuhn_poker_class;

const AgonGameClass *const agon__game_classes[] = {
  &agon_kuhn_poker_class,
  NULL,
};
