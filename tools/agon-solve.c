/* agon solve: run an equilibrium solver and report how far its policy is
 * from a Nash equilibrium as it goes.
 *
 * Iterations run in chunks of about a twentieth of a second, so that the
 * live status line on a terminal stays fresh and Ctrl-C is noticed quickly
 * without costing the solver anything. Reports (exact NashConv and, for
 * constant-sum games, exploitability of the average policy) come at fixed
 * iterations: every --report-every K, or at 1, 2, 5, 10, 20, 50, ... by
 * default, and always at the end. */
#include "tools/agon-tool.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <unistd.h>

static char *opt_solver;
static gint64 opt_iterations = 1000;
static gint64 opt_report_every;
static char *opt_output;
static char *opt_checkpoint;
static char *opt_resume;
static gint64 opt_max_nodes;
static gboolean opt_json;
static gboolean opt_quiet;
static gboolean opt_list;
static char *opt_curve;

static const GOptionEntry entries[] = {
  { "solver", 's', 0, G_OPTION_ARG_STRING, &opt_solver,
    "The solver, with parameters if any (default cfr+; see --list-solvers)", "SPEC" },
  { "list-solvers", 0, 0, G_OPTION_ARG_NONE, &opt_list,
    "List the solvers and their parameters", NULL },
  { "curve", 0, 0, G_OPTION_ARG_FILENAME, &opt_curve,
    "Write every report, of the average and of the current policy, to a CSV file "
    "(several solvers: --solver cfr+,dcfr,mmd)",
    "FILE.csv" },
  { "iterations", 'n', 0, G_OPTION_ARG_INT64, &opt_iterations,
    "Run until the solver has done N iterations in all, counting those of a resumed "
    "checkpoint (default 1000)",
    "N" },
  { "report-every", 'r', 0, G_OPTION_ARG_INT64, &opt_report_every,
    "Report every K iterations (default: at 1, 2, 5, 10, 20, 50, ...)", "K" },
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    "Write the average policy to this JSON file", "POLICY.json" },
  { "checkpoint", 'c', 0, G_OPTION_ARG_FILENAME, &opt_checkpoint,
    "Save the solver's whole state to FILE at every report and at the end", "FILE" },
  { "resume", 0, 0, G_OPTION_ARG_FILENAME, &opt_resume,
    "Continue from a checkpoint; GAME and --solver may then be left out", "FILE" },
  { "max-nodes", 0, 0, G_OPTION_ARG_INT64, &opt_max_nodes,
    "Refuse games whose compiled tree has more nodes (default 10000000)", "N" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object at the end", NULL },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "Print only the final result", NULL },
  { NULL },
};

static volatile sig_atomic_t interrupted;

static void
on_sigint(int signum)
{
  interrupted = 1;
}

typedef struct {
  gint64 iteration;
  double nash_conv;
  double exploitability; /* NAN where undefined */
  double current_nash_conv; /* of the current policy, with --curve */
  double current_exploitability;
  double seconds;           /* spent by the solver, reports excluded */
} Report;

typedef struct {
  AgonSolver *solver;
  AgonEvaluator *evaluator;
  gboolean constant_sum;
  int num_players;
  double *probs;
  double *br_values;
  double *policy_values;
  GArray *curve; /* of Report */
  gboolean live;  /* a terminal shows a status line */
  gboolean table; /* report rows go to stdout */
  gboolean current; /* also evaluate the current policy */
  double seconds;   /* spent by the solver so far */
} Run;

static double
now(void)
{
  return (double) g_get_monotonic_time() / 1e6;
}

static gint64
next_report(gint64 done)
{
  if (opt_report_every > 0)
    return (done / opt_report_every + 1) * opt_report_every;
  /* 1, 2, 5, 10, 20, 50, ... */
  for (gint64 decade = 1;; decade *= 10)
    for (int k = 0; k < 3; k++) {
      gint64 mark = decade * (k == 0 ? 1 : k == 1 ? 2 : 5);
      if (mark > done)
        return mark;
    }
}

static void
clear_status(Run *run)
{
  if (run->live)
    fputs("\r\033[K", stderr);
}

static void
show_status(Run *run, gint64 target)
{
  if (!run->live)
    return;
  gint64 done = agon_solver_get_iteration(run->solver);
  double elapsed = run->seconds;
  fprintf(stderr, "\r\033[K  iteration %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "  %.1f s",
          done, target, elapsed);
  fflush(stderr);
}

/* Without an evaluator (a game too large to compile, solved by MCCFR)
 * reports carry iterations and time only. */
static void
report(Run *run)
{
  Report r = {
    .iteration = agon_solver_get_iteration(run->solver),
    .nash_conv = NAN,
    .exploitability = NAN,
    .current_nash_conv = NAN,
    .current_exploitability = NAN,
    .seconds = run->seconds,
  };
  if (run->evaluator && run->current) {
    agon_solver_get_current_probs(run->solver, run->probs);
    r.current_nash_conv = agon_evaluator_nash_conv(run->evaluator, run->probs, NULL, NULL);
    if (run->constant_sum)
      r.current_exploitability = r.current_nash_conv / run->num_players;
  }
  if (run->evaluator) {
    agon_solver_get_average_probs(run->solver, run->probs);
    r.nash_conv = agon_evaluator_nash_conv(run->evaluator, run->probs, run->br_values,
                                           run->policy_values);
    if (run->constant_sum)
      r.exploitability = r.nash_conv / run->num_players;
  }
  g_array_append_val(run->curve, r);
  if (!run->table)
    return;
  clear_status(run);
  char exploitability[32] = "-", nash_conv[32] = "-";
  if (!isnan(r.exploitability))
    g_snprintf(exploitability, sizeof exploitability, "%.9g", r.exploitability);
  if (!isnan(r.nash_conv))
    g_snprintf(nash_conv, sizeof nash_conv, "%.9g", r.nash_conv);
  printf("%12" G_GINT64_FORMAT "  %16s  %16s  %10.3f\n", r.iteration, exploitability, nash_conv,
         r.seconds);
  fflush(stdout);
}

static gboolean
save_checkpoint(Run *run, GError **error)
{
  return opt_checkpoint == NULL || agon_solver_save(run->solver, opt_checkpoint, error);
}

/* Runs to @target iterations, reporting on the way. Returns FALSE on a
 * checkpoint error. */
static gboolean
solve(Run *run, gint64 target, GError **error)
{
  gint64 chunk = 1;
  double last_status = 0;
  while (agon_solver_get_iteration(run->solver) < target && !interrupted) {
    gint64 done = agon_solver_get_iteration(run->solver);
    gint64 stop = MIN(target, next_report(done));
    gint64 n = MIN(chunk, stop - done);
    double t0 = now();
    agon_solver_iterate(run->solver, n);
    double spent = now() - t0;
    run->seconds += spent;
    /* Aim for chunks of about 50 ms. */
    if (spent < 0.025 && n == chunk)
      chunk = chunk * 2;
    else if (spent > 0.1 && chunk > 1)
      chunk = MAX(1, chunk / 2);
    if (done + n == stop && stop < target) {
      report(run);
      if (!save_checkpoint(run, error))
        return FALSE;
    }
    if (run->live && now() - last_status > 0.1) {
      show_status(run, target);
      last_status = now();
    }
  }
  clear_status(run);
  report(run);
  return save_checkpoint(run, error);
}

static void
add_number(JsonBuilder *b, const char *member, double value)
{
  json_builder_set_member_name(b, member);
  if (isnan(value))
    json_builder_add_null_value(b);
  else
    json_builder_add_double_value(b, value);
}

static void
add_run_json(JsonBuilder *b, AgonGame *game, Run *run)
{
  const Report *last = &g_array_index(run->curve, Report, run->curve->len - 1);
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "game");
  json_builder_add_string_value(b, agon_game_get_string(game));
  json_builder_set_member_name(b, "solver");
  json_builder_add_string_value(b, agon_solver_get_spec(run->solver));
  json_builder_set_member_name(b, "iterations");
  json_builder_add_int_value(b, last->iteration);
  add_number(b, "nash_conv", last->nash_conv);
  add_number(b, "exploitability", last->exploitability);
  json_builder_set_member_name(b, "best_response_values");
  json_builder_begin_array(b);
  for (int p = 0; p < run->num_players && run->evaluator; p++)
    json_builder_add_double_value(b, run->br_values[p]);
  json_builder_end_array(b);
  json_builder_set_member_name(b, "policy_values");
  json_builder_begin_array(b);
  for (int p = 0; p < run->num_players && run->evaluator; p++)
    json_builder_add_double_value(b, run->policy_values[p]);
  json_builder_end_array(b);
  json_builder_set_member_name(b, "seconds");
  json_builder_add_double_value(b, last->seconds);
  json_builder_set_member_name(b, "interrupted");
  json_builder_add_boolean_value(b, interrupted != 0);
  json_builder_set_member_name(b, "curve");
  json_builder_begin_array(b);
  for (guint i = 0; i < run->curve->len; i++) {
    const Report *r = &g_array_index(run->curve, Report, i);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "iteration");
    json_builder_add_int_value(b, r->iteration);
    add_number(b, "nash_conv", r->nash_conv);
    add_number(b, "exploitability", r->exploitability);
    if (run->current) {
      add_number(b, "current_nash_conv", r->current_nash_conv);
      add_number(b, "current_exploitability", r->current_exploitability);
    }
    json_builder_set_member_name(b, "seconds");
    json_builder_add_double_value(b, r->seconds);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
}

static void
write_csv(FILE *csv, Run *run)
{
  for (guint i = 0; i < run->curve->len; i++) {
    const Report *r = &g_array_index(run->curve, Report, i);
    /* %.17g round-trips; NAN (undefined) is written as an empty field. */
    fprintf(csv, "\"%s\",%" G_GINT64_FORMAT ",%.17g", agon_solver_get_spec(run->solver),
            r->iteration, r->seconds);
    const double values[] = { r->nash_conv, r->exploitability, r->current_nash_conv,
                              r->current_exploitability };
    for (gsize k = 0; k < G_N_ELEMENTS(values); k++)
      isnan(values[k]) ? fputs(",", csv) : fprintf(csv, ",%.17g", values[k]);
    fputc('\n', csv);
  }
}

static void
print_summary(AgonGame *game, Run *run)
{
  const Report *last = &g_array_index(run->curve, Report, run->curve->len - 1);
  if (run->evaluator == NULL) {
    printf("%s: %" G_GINT64_FORMAT " iterations of %s, %.3f s (too large to compile, so no "
           "exploitability)\n",
           agon_game_get_string(game), last->iteration, agon_solver_get_spec(run->solver),
           last->seconds);
    return;
  }
  if (run->constant_sum)
    printf("%s: exploitability %.9g (NashConv %.9g) after %" G_GINT64_FORMAT
           " iterations of %s, %.3f s\n",
           agon_game_get_string(game), last->exploitability, last->nash_conv, last->iteration,
           agon_solver_get_spec(run->solver), last->seconds);
  else
    printf("%s: NashConv %.9g after %" G_GINT64_FORMAT " iterations of %s, %.3f s\n",
           agon_game_get_string(game), last->nash_conv, last->iteration,
           agon_solver_get_spec(run->solver), last->seconds);
  printf("  player  best response  policy value\n");
  for (int p = 0; p < run->num_players; p++)
    printf("  %6d  %13.9g  %12.9g\n", p, run->br_values[p], run->policy_values[p]);
}

/* The game and solver spec: from the command line, or from the checkpoint
 * being resumed (which must then agree with what the command line says). */
static gboolean
resolve_inputs(int argc, char **argv, char **game_string, char **spec, int *status)
{
  if (argc > 2) {
    *status = agon_tool_fail(AGON_EXIT_USAGE, "solve: expected one game string, got %d "
                             "arguments (see agon solve --help)", argc - 1);
    return FALSE;
  }
  if (opt_resume == NULL) {
    if (argc != 2) {
      *status = agon_tool_fail(AGON_EXIT_USAGE,
                               "solve: expected a game string (see agon solve --help)");
      return FALSE;
    }
    *game_string = g_strdup(argv[1]);
    *spec = g_strdup(opt_solver ? opt_solver : "cfr+");
    return TRUE;
  }
  g_autoptr(GError) error = NULL;
  if (!agon_solver_read_checkpoint_info(opt_resume, spec, game_string, NULL, &error)) {
    *status = agon_tool_report(error);
    return FALSE;
  }
  if (argc == 2) {
    g_autoptr(AgonGame) given = agon_game_new(argv[1], &error);
    if (given == NULL) {
      *status = agon_tool_report(error);
      return FALSE;
    }
    if (g_strcmp0(agon_game_get_string(given), *game_string) != 0) {
      *status = agon_tool_fail(AGON_EXIT_USAGE, "%s: the checkpoint is of %s, not %s",
                               opt_resume, *game_string, agon_game_get_string(given));
      return FALSE;
    }
  }
  return TRUE;
}

/* "cfr+,dcfr(alpha=1.5,beta=0),mmd" -> its specs: commas inside
 * parentheses belong to a spec. */
static GPtrArray *
split_specs(const char *text)
{
  GPtrArray *specs = g_ptr_array_new_with_free_func(g_free);
  int depth = 0;
  const char *start = text;
  for (const char *c = text;; c++) {
    if (*c == '(')
      depth++;
    else if (*c == ')')
      depth--;
    else if ((*c == ',' && depth == 0) || *c == '\0') {
      g_autofree char *spec = g_strstrip(g_strndup(start, (gsize) (c - start)));
      if (*spec)
        g_ptr_array_add(specs, g_steal_pointer(&spec));
      if (*c == '\0')
        break;
      start = c + 1;
    }
  }
  return specs;
}

static void
list_solvers(void)
{
  for (const char *const *name = agon_solver_list_names(); *name; name++) {
    printf("%-14s %s\n", *name, agon_solver_lookup_description(*name));
    for (const AgonParamSpec *p = agon_solver_lookup_param_specs(*name); p && p->name; p++)
      printf("  %-12s %s (default %s)\n", p->name, p->description,
             p->default_value ? p->default_value : "required");
  }
}

/* Creates the solver @spec (on @tree, or on the game alone when @tree is
 * NULL, for the solvers that can), runs it, and prints its reports, its
 * curve to @csv and its JSON into @json. Returns the exit status. */
static int
run_solver(AgonGame *game, AgonTree *tree, AgonEvaluator *evaluator, const char *spec,
           double build_seconds, FILE *csv, JsonBuilder *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonSolver) solver = NULL;
  double created = now();
  if (tree == NULL) {
    /* Too large to compile: the solvers that play through the game API
     * (MCCFR) still run, without exploitability. */
    solver = opt_resume ? agon_solver_load_for_game(game, opt_resume, &error)
                        : agon_solver_new_for_game(game, spec, &error);
    if (solver == NULL && error->code == AGON_ERROR_UNSUPPORTED)
      return agon_tool_fail(AGON_EXIT_FAILURE, "%s: the game tree has more than %" G_GINT64_FORMAT
                            " nodes, and %s needs it (raise --max-nodes)",
                            agon_game_get_string(game),
                            opt_max_nodes ? opt_max_nodes : (gint64) AGON_TREE_DEFAULT_MAX_NODES,
                            spec);
  } else {
    solver = opt_resume ? agon_solver_load(tree, opt_resume, &error)
                        : agon_solver_new(tree, spec, &error);
  }
  if (solver == NULL)
    return agon_tool_report(error);

  AgonUtility utility = agon_game_get_type(game)->utility;
  int n = agon_game_get_num_players(game);
  Run run = {
    .solver = solver,
    .evaluator = evaluator,
    .constant_sum = utility == AGON_UTILITY_ZERO_SUM || utility == AGON_UTILITY_CONSTANT_SUM,
    .num_players = n,
    .probs = tree ? g_new(double, agon_tree_get_num_slots(tree)) : NULL,
    .br_values = g_new0(double, n),
    .policy_values = g_new0(double, n),
    .curve = g_array_new(FALSE, FALSE, sizeof(Report)),
    .live = !opt_json && !opt_quiet && isatty(STDERR_FILENO),
    .table = !opt_json && !opt_quiet,
    .current = opt_curve != NULL,
    .seconds = now() - created, /* lp does its work when created */
  };
  if (run.table && tree == NULL)
    printf("%s with %s: too large to compile (over %" G_GINT64_FORMAT " nodes), solving "
           "through the game API\n",
           agon_game_get_string(game), agon_solver_get_spec(solver),
           opt_max_nodes ? opt_max_nodes : (gint64) AGON_TREE_DEFAULT_MAX_NODES);
  if (run.table && tree) {
    printf("%s with %s: %" G_GINT64_FORMAT " histories, %d information sets, compiled in "
           "%.3f s\n",
           agon_game_get_string(game), agon_solver_get_spec(solver),
           agon_tree_get_num_histories(tree), agon_tree_get_num_infosets(tree), build_seconds);
  }
  if (run.table && opt_resume)
    printf("resumed from %s at iteration %" G_GINT64_FORMAT "\n", opt_resume,
           agon_solver_get_iteration(solver));
  if (run.table)
    printf("%12s  %16s  %16s  %10s\n", "iteration", "exploitability", "NashConv", "seconds");
  gboolean ok = solve(&run, opt_iterations, &error);
  if (ok && opt_output)
    ok = agon_solver_save_average_policy(solver, opt_output, &error);
  if (interrupted)
    fprintf(stderr, "agon: solve: interrupted at iteration %" G_GINT64_FORMAT
            "; results so far were written\n", agon_solver_get_iteration(solver));
  if (ok && csv)
    write_csv(csv, &run);
  if (ok && json)
    add_run_json(json, game, &run);
  else if (ok)
    print_summary(game, &run);
  g_free(run.probs);
  g_free(run.br_values);
  g_free(run.policy_values);
  g_array_unref(run.curve);
  return ok ? AGON_EXIT_OK : agon_tool_report(error);
}

int
agon_cmd_solve(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("solve", "GAME",
                       "Solve GAME with an iterative equilibrium solver, reporting the exact\n"
                       "NashConv of the average policy (and its exploitability, NashConv / players,\n"
                       "for zero-sum and constant-sum games) as it converges. Ctrl-C stops cleanly,\n"
                       "still writing the policy and the checkpoint.\n\n"
                       "Examples:\n"
                       "  agon solve leduc_poker\n"
                       "  agon solve kuhn_poker --solver 'dcfr(alpha=1.5,beta=0,gamma=2)' -n 10000\n"
                       "  agon solve leduc_poker -n 100000 --checkpoint leduc.ckpt -o leduc.json\n"
                       "  agon solve --resume leduc.ckpt -n 200000\n"
                       "  agon solve leduc_poker --solver cfr+,dcfr,mmd,ftrl -n 1000 --curve c.csv",
                       entries, &argc, &argv, &status))
    return status;
  if (opt_list) {
    list_solvers();
    return AGON_EXIT_OK;
  }
  if (opt_iterations < 0 || opt_report_every < 0 || opt_max_nodes < 0)
    return agon_tool_fail(AGON_EXIT_USAGE, "solve: counts must not be negative");
  if (opt_resume && opt_solver)
    return agon_tool_fail(AGON_EXIT_USAGE,
                          "solve: --solver and --resume exclude each other (the checkpoint "
                          "names its solver)");
  g_autofree char *game_string = NULL, *spec = NULL;
  if (!resolve_inputs(argc, argv, &game_string, &spec, &status))
    return status;

  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  if (game == NULL)
    return agon_tool_report(error);
  gboolean live = !opt_json && !opt_quiet && isatty(STDERR_FILENO);
  if (live)
    fprintf(stderr, "compiling %s...", agon_game_get_string(game));
  double t0 = now();
  g_autoptr(AgonTree) tree = agon_tree_new(game, opt_max_nodes, &error);
  if (live)
    fputs("\r\033[K", stderr);
  double build_seconds = now() - t0;
  if (tree == NULL && error->code != AGON_ERROR_TOO_LARGE)
    return agon_tool_report(error);

  g_autoptr(GPtrArray) specs = split_specs(spec);
  if (specs->len == 0)
    return agon_tool_fail(AGON_EXIT_USAGE, "solve: --solver names no solver");
  if (specs->len > 1 && (opt_resume || opt_checkpoint || opt_output))
    return agon_tool_fail(AGON_EXIT_USAGE, "solve: several solvers take no --resume, "
                          "--checkpoint or --output (run them one at a time)");
  if (tree == NULL && specs->len > 1)
    return agon_tool_report(error);
  g_autoptr(AgonEvaluator) evaluator = NULL;
  if (tree) {
    evaluator = agon_evaluator_new(tree, &error);
    if (evaluator == NULL)
      return agon_tool_report(error);
  }
  FILE *csv = NULL;
  if (opt_curve) {
    csv = fopen(opt_curve, "w");
    if (csv == NULL)
      return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", opt_curve, g_strerror(errno));
    fputs("solver,iteration,seconds,nash_conv,exploitability,current_nash_conv,"
          "current_exploitability\n", csv);
  }
  g_autoptr(JsonBuilder) json = opt_json ? json_builder_new() : NULL;
  if (json && specs->len > 1)
    json_builder_begin_array(json);
  signal(SIGINT, on_sigint);
  for (guint i = 0; i < specs->len && !interrupted && status == AGON_EXIT_OK; i++) {
    if (i > 0 && !opt_json && !opt_quiet)
      printf("\n");
    status = run_solver(game, tree, evaluator, g_ptr_array_index(specs, i), build_seconds,
                        csv, json);
  }
  signal(SIGINT, SIG_DFL);
  if (csv && fclose(csv) != 0 && status == AGON_EXIT_OK)
    status = agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", opt_curve, g_strerror(errno));
  if (json && status == AGON_EXIT_OK) {
    if (specs->len > 1)
      json_builder_end_array(json);
    agon_tool_print_json(json);
  }
  if (status != AGON_EXIT_OK)
    return status;
  return interrupted ? 128 + SIGINT : AGON_EXIT_OK;
}
