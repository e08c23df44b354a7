/* agon: seeded golden transcripts, one per game.
 *
 * Each game plays one random game from a fixed seed; everything observable
 * at every state (tests/testutil.c: test_describe_state) and every move is
 * written as text and compared with tests/data/transcripts/GAME.txt. A
 * change to a game's rules, strings or tensors, or to the random streams,
 * shows as a diff. After an intended change, regenerate the files with
 * AGON_UPDATE_TRANSCRIPTS=1 meson test -C build transcripts, and review the
 * diff before committing it. */
#include "testutil.h"

#include <stdlib.h>

static const char *const games[] = {
  "kuhn_poker",
  "kuhn_poker(players=3)",
  "battleship(board_width=2,board_height=2,ship_sizes=[2],ship_values=[1],num_shots=3)",
  "battleship(board_width=3,board_height=2,ship_sizes=[1;2],ship_values=[1;2],num_shots=4,"
  "allow_repeated_shots=false,loss_multiplier=2)",
  "leduc_poker",
  "leduc_poker(players=3)",
  "liars_dice",
  "liars_dice(numdice=2,dice_sides=3)",
  "goofspiel(num_cards=4)",
  "goofspiel(players=3,num_cards=4,imp_info=true,egocentric=true)",
  "turn_based_simultaneous_game(game=goofspiel(num_cards=4,imp_info=true))",
  "tic_tac_toe",
  "connect_four",
  "connect_four(rows=4,columns=5,x_in_row=3)",
  "phantom_ttt",
  "phantom_ttt(gameversion=abrupt,obstype=reveal-numturns)",
  "dark_hex",
  "dark_hex(num_rows=5,num_cols=3)",
  "matrix_rps",
  "matrix_mp",
  "matrix_pd",
  "matrix_sh",
  "matrix(rows=2,cols=3,row_payoffs=\"1 2 3 4 5 6\",col_payoffs=\"6 5 4 3 2 1\")",
  /* Files under tests/data, named "@DATA@/..." (see with_data_dir). */
  "efg_game(filename=\"@DATA@/gambit/kuhn_poker.efg\")",
  "efg_game(filename=\"@DATA@/gambit/handwritten.efg\")",
  "nfg_game(filename=\"@DATA@/gambit/2x2x2.nfg\")",
};

/* The game string with "@DATA@/" replaced by the tests/data directory,
 * which is known only at run time. */
static char *
transcript(const char *game_string)
{
  g_autofree char *expanded = test_with_data_dir(game_string);
  g_autoptr(AgonGame) game = test_game_new(expanded);
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autoptr(GString) out = g_string_new(NULL);
  /* A file's game is named as listed: the data directory varies. */
  g_string_append_printf(out, "game: %s\nseed: 1\n",
                         strcmp(expanded, game_string) != 0 ? game_string
                                                            : agon_game_get_string(game));
  AgonRng rng;
  agon_rng_init(&rng, 1);
  for (int step = 0;; step++) {
    g_string_append_printf(out, "\n# state %d\n", step);
    test_describe_state(state, out);
    g_string_append_c(out, '\n');
    if (agon_state_is_terminal(state))
      break;
    int before = 0;
    agon_state_get_history(state, &before);
    test_random_step(state, &rng);
    int after = 0;
    const AgonAction *history = agon_state_get_history(state, &after);
    g_string_append(out, "# apply");
    for (int i = before; i < after; i++)
      g_string_append_printf(out, " %d", history[i]);
    g_string_append_c(out, '\n');
  }
  return g_string_free(g_steal_pointer(&out), FALSE);
}

/* A file name for a game string: letters, digits and '_' kept. */
static char *
file_name(const char *game_string)
{
  g_autoptr(GString) name = g_string_new("transcripts/");
  for (const char *c = game_string; *c; c++)
    g_string_append_c(name, g_ascii_isalnum(*c) || *c == '_' ? *c : '-');
  g_string_append(name, ".txt");
  return g_string_free(g_steal_pointer(&name), FALSE);
}

static void
test_transcript(void **state)
{
  const char *game_string = *state;
  g_autofree char *got = transcript(game_string);
  g_autofree char *name = file_name(game_string);
  g_autofree char *path = test_data_path(name);
  if (g_getenv("AGON_UPDATE_TRANSCRIPTS")) {
    g_autoptr(GError) error = NULL;
    if (!g_file_set_contents(path, got, -1, &error))
      fail_msg("%s", error->message);
    return;
  }
  g_autofree char *expected = NULL;
  if (!g_file_get_contents(path, &expected, NULL, NULL))
    fail_msg("%s is missing; write it with AGON_UPDATE_TRANSCRIPTS=1", path);
  if (strcmp(got, expected) == 0)
    return;
  /* Point at the first differing line. */
  g_auto(GStrv) a = g_strsplit(got, "\n", -1);
  g_auto(GStrv) b = g_strsplit(expected, "\n", -1);
  int line = 0;
  while (a[line] && b[line] && strcmp(a[line], b[line]) == 0)
    line++;
  fail_msg("%s: line %d differs:\n  expected: %s\n  got:      %s", path, line + 1,
           b[line] ? b[line] : "(end)", a[line] ? a[line] : "(end)");
}

int
main(void)
{
  struct CMUnitTest tests[G_N_ELEMENTS(games)];
  guint n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(games); i++) {
    g_autoptr(AgonParams) params = agon_params_parse(games[i], NULL);
    if (agon_game_lookup_type(agon_params_get_name(params)) == NULL)
      continue;
    tests[n++] = (struct CMUnitTest) {
      .name = games[i], .test_func = test_transcript, .initial_state = (void *) games[i],
    };
  }
  return _cmocka_run_group_tests("transcripts", tests, n, NULL, NULL);
}
