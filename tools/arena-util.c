/* agon: what `agon tournament`, `match` and `selfplay` share: bot
 * arguments, the database's default name, the run with its progress line
 * and Ctrl-C, and the standings table. */
#include "tools/agon-tool.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

gboolean
agon_tool_split_bot(const char *arg, char **name, char **spec)
{
  /* "NAME=SPEC" names a bot; in "mcts(simulations=10)" the '=' comes after
   * a parenthesis and belongs to the spec. */
  const char *eq = strchr(arg, '=');
  const char *paren = strchr(arg, '(');
  if (eq != NULL && (paren == NULL || eq < paren)) {
    if (eq == arg || eq[1] == '\0')
      return FALSE;
    *name = g_strndup(arg, eq - arg);
    *spec = g_strdup(eq + 1);
  } else {
    *name = g_strdup(arg);
    *spec = g_strdup(arg);
  }
  return TRUE;
}

AgonTournament *
agon_tool_tournament_new(const char *command, const AgonGame *game, char **bots,
                         const AgonTournamentOptions *options, int *status)
{
  int n = bots ? (int) g_strv_length(bots) : 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GPtrArray) specs = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < n; i++) {
    char *name, *spec;
    if (!agon_tool_split_bot(bots[i], &name, &spec)) {
      *status = agon_tool_fail(AGON_EXIT_USAGE, "%s: bad --bot '%s' (SPEC or NAME=SPEC)",
                               command, bots[i]);
      return NULL;
    }
    g_ptr_array_add(names, name);
    g_ptr_array_add(specs, spec);
  }
  g_autoptr(GError) error = NULL;
  AgonTournament *t = agon_tournament_new(game, n, (const char *const *) names->pdata,
                                          (const char *const *) specs->pdata, options, &error);
  if (t == NULL)
    *status = agon_tool_report(error);
  return t;
}

/* "leduc_poker(players=3)" -> "leduc_poker_players_3": safe in a file name. */
static char *
file_stem(const char *text)
{
  GString *stem = g_string_new(NULL);
  for (const char *p = text; *p && stem->len < 48; p++) {
    gboolean keep = g_ascii_isalnum(*p) || *p == '-' || *p == '_' || *p == '.';
    if (keep)
      g_string_append_c(stem, *p);
    else if (stem->len && stem->str[stem->len - 1] != '_')
      g_string_append_c(stem, '_');
  }
  while (stem->len && stem->str[stem->len - 1] == '_')
    g_string_truncate(stem, stem->len - 1);
  return g_string_free(stem, FALSE);
}

char *
agon_tool_default_db(const AgonTournament *t, const char *kind)
{
  g_autofree char *stem = file_stem(agon_game_get_string(agon_tournament_get_game(t)));
  g_autofree char *hash = g_compute_checksum_for_string(G_CHECKSUM_SHA256,
                                                        agon_tournament_get_definition(t), -1);
  return g_strdup_printf("%s-%s-%.8s.db", stem, kind, hash);
}

gboolean
agon_tool_tournament_open_db(AgonTournament *t, const char *path, const char *kind,
                             char **used, int *status)
{
  *used = path ? g_strdup(path) : agon_tool_default_db(t, kind);
  g_autoptr(GError) error = NULL;
  if (agon_tournament_open_db(t, *used, &error))
    return TRUE;
  *status = agon_tool_report(error);
  return FALSE;
}

/* ---- Running with a progress line ------------------------------------------ */

static AgonTournament *volatile running;
static volatile sig_atomic_t interrupted;

static void
on_sigint(int signum)
{
  interrupted = 1;
  if (running)
    agon_tournament_stop((AgonTournament *) running);
  signal(signum, SIG_DFL); /* a second Ctrl-C ends the program at once */
}

typedef struct {
  gboolean live;
  gint64 resumed;   /* games found in the database */
  gint64 started;   /* monotonic time of the start */
  gint64 last_draw;
  AgonTournamentProgressFunc on_game;
  AgonTournamentStopFunc stop_when;
  AgonToolProgressExtra extra;
  gpointer user_data;
  gboolean human;   /* a person plays: show each game's end */
} Progress;

/* What a person at the table sees when a game ends: the whole final
 * state (the other hands included, as at a showdown) and the returns. */
static void
show_game_end(const AgonTournament *t, const AgonGameRecord *record)
{
  const AgonGame *game = agon_tournament_get_game(t);
  if (record->failed) {
    printf("game %" G_GINT64_FORMAT " failed: %s\n", record->index + 1, record->error);
    return;
  }
  g_autoptr(GString) history = g_string_new(NULL);
  for (int m = 0; m < record->num_moves; m++)
    g_string_append_printf(history, m ? " %d" : "%d", record->moves[m]);
  g_autoptr(AgonState) state = agon_state_deserialize((AgonGame *) game, history->str, NULL);
  g_autoptr(GString) picture = g_string_new(NULL);
  if (state != NULL)
    agon_state_to_string(state, picture);
  printf("game %" G_GINT64_FORMAT " over:\n%s", record->index + 1, picture->str);
  if (picture->len && picture->str[picture->len - 1] != '\n')
    printf("\n");
  printf("returns:");
  for (int s = 0; s < record->num_seats; s++)
    printf("%s %s %g", s ? "," : "", agon_tournament_get_bot_name(t, record->bots[s]),
           record->returns[s]);
  printf("\n");
  fflush(stdout);
}

static void
draw_progress(const AgonTournament *t, const AgonGameRecord *record, gint64 done, gint64 total,
              gpointer user_data)
{
  Progress *p = user_data;
  if (p->human)
    show_game_end(t, record);
  if (p->on_game)
    p->on_game(t, record, done, total, p->user_data);
  gint64 now = g_get_monotonic_time();
  if (!p->live || (now - p->last_draw < 100000 && done < total))
    return;
  p->last_draw = now;
  double seconds = (double) (now - p->started) / G_USEC_PER_SEC;
  double rate = seconds > 0 ? (double) (done - p->resumed) / seconds : 0;
  g_autoptr(GString) line = g_string_new(NULL);
  g_string_printf(line, "\r\033[K%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " games (%.0f%%)", done,
                  total, 100.0 * (double) done / (double) total);
  if (rate > 0) {
    gint64 eta = (gint64) ((double) (total - done) / rate + 0.5);
    g_string_append_printf(line, "  %.1f games/s  ETA %" G_GINT64_FORMAT ":%02d:%02d", rate,
                           eta / 3600, (int) (eta / 60 % 60), (int) (eta % 60));
  }
  if (p->extra)
    p->extra(t, line, p->user_data);
  fputs(line->str, stderr);
  fflush(stderr);
}

static gboolean
stop_proxy(const AgonTournament *t, gpointer user_data)
{
  Progress *p = user_data;
  return p->stop_when != NULL && p->stop_when(t, p->user_data);
}

gboolean
agon_tool_tournament_run(AgonTournament *t, gboolean live, AgonTournamentProgressFunc on_game,
                         AgonTournamentStopFunc stop_when, AgonToolProgressExtra extra,
                         gpointer user_data, gboolean *stopped, GError **error)
{
  gboolean human = FALSE;
  for (int i = 0; i < agon_tournament_get_num_bots(t); i++)
    human |= strcmp(agon_tournament_get_bot_spec(t, i), "human") == 0;
  Progress p = {
    /* A human's prompts and a redrawn line on one terminal garble each other. */
    .live = live && !human,
    .human = human,
    .resumed = agon_tournament_get_num_finished(t),
    .started = g_get_monotonic_time(),
    .on_game = on_game,
    .stop_when = stop_when,
    .extra = extra,
    .user_data = user_data,
  };
  interrupted = 0;
  running = t;
  signal(SIGINT, on_sigint);
  gboolean ok = agon_tournament_run(t, draw_progress, stop_proxy, &p, error);
  signal(SIGINT, SIG_DFL);
  running = NULL;
  if (live)
    fputs("\r\033[K", stderr);
  *stopped = interrupted != 0;
  return ok;
}

/* ---- Standings ------------------------------------------------------------- */

/* The order of the table: by Elo, then score; bots without a rating last. */
static int
compare_standings(gconstpointer a, gconstpointer b)
{
  const AgonStanding *x = a, *y = b;
  double ex = isnan(x->elo) ? -INFINITY : x->elo, ey = isnan(y->elo) ? -INFINITY : y->elo;
  if (ex != ey)
    return ex < ey ? 1 : -1;
  double sx = isnan(x->score) ? -1 : x->score, sy = isnan(y->score) ? -1 : y->score;
  if (sx != sy)
    return sx < sy ? 1 : -1;
  return strcmp(x->name, y->name);
}

AgonStanding *
agon_tool_sorted_standings(const AgonTournament *t, gint64 up_to)
{
  int n = agon_tournament_get_num_bots(t);
  AgonStanding *table = g_new0(AgonStanding, n);
  agon_tournament_get_standings(t, up_to, table);
  qsort(table, n, sizeof *table, compare_standings);
  return table;
}

static void
add_number(JsonBuilder *b, const char *name, double value)
{
  json_builder_set_member_name(b, name);
  if (isnan(value))
    json_builder_add_null_value(b);
  else
    json_builder_add_double_value(b, value);
}

void
agon_tool_add_standings_json(JsonBuilder *b, const AgonStanding *table, int n)
{
  json_builder_set_member_name(b, "standings");
  json_builder_begin_array(b);
  for (int i = 0; i < n; i++) {
    const AgonStanding *s = &table[i];
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "rank");
    json_builder_add_int_value(b, i + 1);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, s->name);
    add_number(b, "elo", s->elo);
    json_builder_set_member_name(b, "ci95");
    json_builder_begin_array(b);
    if (isnan(s->elo))
      json_builder_add_null_value(b), json_builder_add_null_value(b);
    else
      json_builder_add_double_value(b, s->elo_low), json_builder_add_double_value(b, s->elo_high);
    json_builder_end_array(b);
    add_number(b, "mu", s->mu);
    add_number(b, "sigma", s->sigma);
    add_number(b, "ordinal", s->ordinal);
    json_builder_set_member_name(b, "games");
    json_builder_add_int_value(b, s->games);
    json_builder_set_member_name(b, "failed");
    json_builder_add_int_value(b, s->failed);
    json_builder_set_member_name(b, "wins");
    json_builder_add_int_value(b, s->wins);
    json_builder_set_member_name(b, "draws");
    json_builder_add_int_value(b, s->draws);
    json_builder_set_member_name(b, "losses");
    json_builder_add_int_value(b, s->losses);
    add_number(b, "score", s->score);
    int results = s->wins + s->draws + s->losses;
    add_number(b, "draw_ratio", results ? (double) s->draws / results : NAN);
    add_number(b, "mean_return", s->mean_return);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
}

void
agon_tool_print_standings(const AgonStanding *table, int n)
{
  int width = 8;
  for (int i = 0; i < n; i++)
    width = MAX(width, (int) g_utf8_strlen(table[i].name, -1));
  width = MIN(width, 40);
  printf("%4s  %-*s %7s %6s %8s %7s %7s %7s %6s %11s\n", "rank", width, "bot", "elo", "±95%",
         "mu", "sigma", "games", "score", "draws", "mean return");
  for (int i = 0; i < n; i++) {
    const AgonStanding *s = &table[i];
    int results = s->wins + s->draws + s->losses;
    g_autofree char *elo = isnan(s->elo) ? g_strdup("-") : g_strdup_printf("%.0f", s->elo);
    g_autofree char *pm = isnan(s->elo) ? g_strdup("-")
                                        : g_strdup_printf("%.0f", (s->elo_high - s->elo_low) / 2);
    g_autofree char *mu = isnan(s->mu) ? g_strdup("-") : g_strdup_printf("%.2f", s->mu);
    g_autofree char *sigma = isnan(s->sigma) ? g_strdup("-") : g_strdup_printf("%.2f", s->sigma);
    printf("%4d  %-*s %7s %6s %8s %7s %7d %6.1f%% %5.1f%% %11.4f\n", i + 1, width, s->name, elo,
           pm, mu, sigma, s->games, results ? 100 * s->score : 0,
           results ? 100.0 * s->draws / results : 0, s->games ? s->mean_return : 0);
  }
}
