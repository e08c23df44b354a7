/* agon: every game agon knows. Adding a game adds one line here. */
#include "games/games-private.h"

extern const AgonGameClass agon_kuhn_poker_class;
extern const AgonGameClass agon_battleship_class;
extern const AgonGameClass agon_tic_tac_toe_class;
extern const AgonGameClass agon_connect_four_class;
extern const AgonGameClass agon_phantom_ttt_class;
extern const AgonGameClass agon_dark_hex_class;
extern const AgonGameClass agon_matrix_rps_class;
extern const AgonGameClass agon_matrix_mp_class;
extern const AgonGameClass agon_matrix_pd_class;
extern const AgonGameClass agon_matrix_sh_class;
extern const AgonGameClass agon_matrix_class;
extern const AgonGameClass agon_efg_game_class;
extern const AgonGameClass agon_nfg_game_class;
extern const AgonGameClass agon_leduc_poker_class;
extern const AgonGameClass agon_liars_dice_class;
extern const AgonGameClass agon_goofspiel_class;
extern const AgonGameClass agon_turn_based_simultaneous_game_class;

const AgonGameClass *const agon__game_classes[] = {
  &agon_kuhn_poker_class,
  &agon_tic_tac_toe_class,
  &agon_connect_four_class,
  &agon_phantom_ttt_class,
  &agon_dark_hex_class,
  &agon_matrix_rps_class,
  &agon_matrix_mp_class,
  &agon_matrix_pd_class,
  &agon_matrix_sh_class,
  &agon_matrix_class,
  &agon_efg_game_class,
  &agon_nfg_game_class,
  &agon_leduc_poker_class,
  &agon_liars_dice_class,
  &agon_goofspiel_class,
  &agon_turn_based_simultaneous_game_class,
  &agon_battleship_class,
  NULL,
};
