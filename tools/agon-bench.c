/* agon bench: how fast agon runs one game on this machine.
 *
 * The numbers a user weighs before a long run, through the public API as
 * their own program would call it: random playouts, compiling the tree,
 * one CFR+ iteration and one exact NashConv (when the tree fits), MCTS
 * simulations (perfect information, turn-based). Each figure is the
 * median of 5 timed runs of thread CPU time, steadier than wall time on a
 * shared machine, except the tree, compiled once (a large one takes
 * seconds); the benchmark programs under bench/ hold the full set. */
#include "tools/agon-tool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double opt_seconds = 1;
static gint64 opt_max_nodes;
static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &opt_seconds,
    "About how long each measurement takes (default 1)", "S" },
  { "max-nodes", 0, 0, G_OPTION_ARG_INT64, &opt_max_nodes,
    "Compile no tree over N nodes (default 10,000,000)", "N" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print the figures as one JSON object", NULL },
  { NULL },
};

#define RUNS 5

static double
cpu_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

typedef void (*WorkFunc)(gpointer data, gint64 reps);

/* The median CPU seconds of one rep of @work: reps are doubled until a
 * run lasts a fifth of --seconds, then RUNS runs are timed. */
static double
measure(WorkFunc work, gpointer data)
{
  double budget = opt_seconds / (RUNS + 1);
  gint64 reps = 1;
  for (;;) {
    double t0 = cpu_now();
    work(data, reps);
    double t = cpu_now() - t0;
    if (t >= budget || reps >= G_MAXINT64 / 4)
      break;
    reps = t > budget / 64 ? (gint64) (reps * budget / t) + 1 : reps * 8;
  }
  double times[RUNS];
  for (int r = 0; r < RUNS; r++) {
    double t0 = cpu_now();
    work(data, reps);
    times[r] = (cpu_now() - t0) / (double) reps;
  }
  qsort(times, RUNS, sizeof times[0], compare_doubles);
  return times[RUNS / 2];
}

/* ---- The measurements ------------------------------------------------------ */

typedef struct {
  AgonGame *game;
  void *memory;
  AgonAction *actions;
  AgonAction *joint;
  AgonRng rng;
  AgonSolver *solver;
  AgonEvaluator *evaluator;
  double *probs;
  AgonMcts *mcts;
  double sink;
} Work;

/* Random playouts from the start: chance by its probabilities, players
 * uniformly among their legal actions. */
static void
playouts(gpointer data, gint64 reps)
{
  Work *w = data;
  int n = agon_game_get_num_players(w->game);
  for (gint64 r = 0; r < reps; r++) {
    AgonState *state = agon_state_init_initial(w->game, w->memory);
    while (!agon_state_is_terminal(state)) {
      int player = agon_state_current_player(state);
      if (player == AGON_PLAYER_CHANCE) {
        agon_state_apply(state, agon_state_sample_chance(state, &w->rng));
      } else if (player == AGON_PLAYER_SIMULTANEOUS) {
        for (int p = 0; p < n; p++) {
          int k = agon_state_player_legal_actions(state, p, w->actions);
          w->joint[p] = w->actions[agon_rng_below(&w->rng, (guint32) k)];
        }
        agon_state_apply_joint(state, w->joint);
      } else {
        int k = agon_state_legal_actions(state, w->actions);
        agon_state_apply(state, w->actions[agon_rng_below(&w->rng, (guint32) k)]);
      }
    }
  }
}

static void
cfr_iterations(gpointer data, gint64 reps)
{
  Work *w = data;
  agon_solver_iterate(w->solver, reps);
}

static void
nash_convs(gpointer data, gint64 reps)
{
  Work *w = data;
  for (gint64 r = 0; r < reps; r++)
    w->sink += agon_evaluator_nash_conv(w->evaluator, w->probs, NULL, NULL);
}

/* One search of 1,000 simulations from the start, the tree dropped
 * before each. */
static void
mcts_searches(gpointer data, gint64 reps)
{
  Work *w = data;
  AgonState *initial = agon_state_init_initial(w->game, w->memory);
  for (gint64 r = 0; r < reps; r++) {
    agon_mcts_set_root(w->mcts, initial);
    w->sink += agon_mcts_search(w->mcts, &w->rng);
  }
}

/* ---- Output ---------------------------------------------------------------- */

typedef struct {
  const char *what;
  const char *unit;    /* what one operation is, for the rate */
  double seconds;      /* per operation; NAN when not measured */
  double per;          /* operations counted in one timed unit */
  char *note;          /* why not measured, or NULL */
} Figure;

static void
format_time(double s, char *buf, gsize size)
{
  if (s >= 1)
    g_snprintf(buf, size, "%.3g s", s);
  else if (s >= 1e-3)
    g_snprintf(buf, size, "%.3g ms", s * 1e3);
  else if (s >= 1e-6)
    g_snprintf(buf, size, "%.3g us", s * 1e6);
  else
    g_snprintf(buf, size, "%.3g ns", s * 1e9);
}

static void
format_rate(double r, char *buf, gsize size)
{
  if (r >= 1e9)
    g_snprintf(buf, size, "%.3gG", r / 1e9);
  else if (r >= 1e6)
    g_snprintf(buf, size, "%.3gM", r / 1e6);
  else if (r >= 1e3)
    g_snprintf(buf, size, "%.3gk", r / 1e3);
  else
    g_snprintf(buf, size, "%.3g", r);
}

static void
print_figures(const AgonGame *game, const Figure *f, int n)
{
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "game");
    json_builder_add_string_value(b, agon_game_get_string(game));
    json_builder_set_member_name(b, "figures");
    json_builder_begin_array(b);
    for (int i = 0; i < n; i++) {
      json_builder_begin_object(b);
      json_builder_set_member_name(b, "what");
      json_builder_add_string_value(b, f[i].what);
      json_builder_set_member_name(b, "seconds");
      if (isnan(f[i].seconds))
        json_builder_add_null_value(b);
      else
        json_builder_add_double_value(b, f[i].seconds);
      json_builder_set_member_name(b, "per_second");
      if (isnan(f[i].seconds))
        json_builder_add_null_value(b);
      else
        json_builder_add_double_value(b, f[i].per / f[i].seconds);
      json_builder_set_member_name(b, "unit");
      json_builder_add_string_value(b, f[i].unit);
      if (f[i].note) {
        json_builder_set_member_name(b, "note");
        json_builder_add_string_value(b, f[i].note);
      }
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
    return;
  }
  printf("%s: thread CPU time, median of %d runs\n", agon_game_get_string(game), RUNS);
  for (int i = 0; i < n; i++) {
    if (isnan(f[i].seconds)) {
      printf("  %-28s  %s\n", f[i].what, f[i].note ? f[i].note : "-");
      continue;
    }
    char t[32], rate[32];
    format_time(f[i].seconds, t, sizeof t);
    format_rate(f[i].per / f[i].seconds, rate, sizeof rate);
    printf("  %-28s %10s   %8s %s/s\n", f[i].what, t, rate, f[i].unit);
  }
}

int
agon_cmd_bench(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("bench", "GAME",
                       "Measure how fast agon runs GAME on this machine: random playouts,\n"
                       "compiling the game tree, a CFR+ iteration and an exact NashConv (when\n"
                       "the tree fits), and MCTS simulations (perfect-information, turn-based\n"
                       "games). Each figure is the median of 5 runs of thread CPU time, but the\n"
                       "tree, compiled once.\n\n"
                       "Example: agon bench leduc_poker --json",
                       entries, &argc, &argv, &status))
    return status;
  if (!(opt_seconds > 0 && opt_seconds <= 3600) || opt_max_nodes < 0)
    return agon_tool_fail(AGON_EXIT_USAGE, "bench: --seconds must be in (0, 3600] and "
                          "--max-nodes non-negative");
  g_autoptr(AgonGame) game = agon_tool_load_game(argc, argv, "bench", &status);
  if (game == NULL)
    return status;
  Work w = {
    .game = game,
    .memory = g_malloc(agon_game_get_state_size(game)),
    .actions = g_new(AgonAction, agon_game_get_max_actions(game)),
    .joint = g_new(AgonAction, agon_game_get_num_players(game)),
  };
  agon_rng_init(&w.rng, 1);
  Figure f[5];
  int n = 0;
  f[n++] = (Figure) { "random playout", "playouts", measure(playouts, &w), 1, NULL };

  g_autoptr(GError) error = NULL;
  double t0 = cpu_now();
  g_autoptr(AgonTree) tree = agon_tree_new(game, opt_max_nodes, &error);
  double build = cpu_now() - t0;
  if (tree == NULL && error->code != AGON_ERROR_TOO_LARGE)
    return agon_tool_report(error); /* a game the tree cannot hold, said once */
  if (tree != NULL) {
    f[n++] = (Figure) { "compile the tree (once)", "trees", build, 1, NULL };
    w.solver = agon_solver_new(tree, "cfr+", NULL);
    w.evaluator = agon_evaluator_new(tree, NULL);
  } else {
    f[n++] = (Figure) { "compile the tree", "trees", NAN, 1,
                        g_strdup_printf("too large (%s)", error->message) };
  }
  if (w.solver && w.evaluator) {
    f[n++] = (Figure) { "CFR+ iteration", "iterations", measure(cfr_iterations, &w), 1, NULL };
    w.probs = g_new(double, agon_tree_get_num_slots(tree));
    agon_solver_get_average_probs(w.solver, w.probs);
    f[n++] = (Figure) { "exact NashConv", "evaluations", measure(nash_convs, &w), 1, NULL };
  } else if (tree != NULL) {
    f[n++] = (Figure) { "CFR+ iteration", "iterations", NAN, 1,
                        g_strdup("the tree takes no CFR (imperfect recall?)") };
  }
  AgonMctsOptions options;
  agon_mcts_options_init(&options);
  options.simulations = 1000;
  options.solver = FALSE; /* OpenSpiel's settings: UCT, c = 2, one random rollout */
  const AgonGameType *type = agon_game_get_type(game);
  if (type->information == AGON_INFORMATION_PERFECT
      && (w.mcts = agon_mcts_new(game, &options, NULL)) != NULL)
    f[n++] = (Figure) { "MCTS, 1,000 simulations", "simulations", measure(mcts_searches, &w),
                        1000, NULL };
  print_figures(game, f, n);
  for (int i = 0; i < n; i++)
    g_free(f[i].note);
  g_clear_pointer(&w.mcts, agon_mcts_free);
  g_clear_pointer(&w.solver, agon_solver_free);
  g_clear_pointer(&w.evaluator, agon_evaluator_free);
  g_free(w.probs);
  g_free(w.memory);
  g_free(w.actions);
  g_free(w.joint);
  return AGON_EXIT_OK;
}
