/* agon rate: ratings from a results file another tool (or agon) wrote.
 *
 * The file is read whole into a list of games, each a list of teams of
 * player names with a rank or score per team, then rated by the model:
 * the online models (Weng-Lin Plackett-Luce and OpenSkill's other four,
 * online Elo) in file order, "elo", "bayeselo" and "plackett-luce-mle" by
 * maximum likelihood over all games at once. An agon tournament database
 * (SQLite, told by its header) gives its finished games, each seat's bot
 * scored by its return. Text files come in three formats, told apart by
 * the first character of the first non-blank line:
 *
 *   JSON lines:  {"teams": [["a"], ["b", "c"]], "ranks": [1, 2]}
 *                (or "scores": higher is better), one game per line;
 *   PGN:         '[': the tag pairs [White "a"] [Black "b"] [Result "1-0"]
 *                of each game (1-0, 0-1, 1/2-1/2; "*", unfinished, is
 *                skipped), the movetext ignored;
 *   CSV:         a,b,RESULT with RESULT 1-0, 0-1, 1/2-1/2 (or 1, 0, 0.5
 *                from a's side); a first line "white,black,result" is
 *                taken as a header.
 *
 * For bayeselo the first player of a pair (the first team of a JSON line)
 * is white, who gets the first-move advantage. */
#include "tools/agon-tool.h"

#include <math.h>
#include <string.h>

#define Z95_CLI 1.959963984540054

static char *opt_model;
static gboolean opt_json;

static const GOptionEntry entries[] = {
  { "model", 'm', 0, G_OPTION_ARG_STRING, &opt_model,
    "plackett-luce (default), bradley-terry-full, bradley-terry-part, "
    "thurstone-mosteller-full, thurstone-mosteller-part, elo, bayeselo, plackett-luce-mle; "
    "options as in plackett-luce(tau=0,limit_sigma=true), elo(prior=2), "
    "bayeselo(advantage=auto,drawelo=auto,prior=2)",
    "NAME" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "Print one JSON object", NULL },
  { NULL },
};

typedef struct {
  int num_teams;
  int *sizes;      /* players per team */
  int *players;    /* indices into the player table, team after team */
  double *values;  /* one rank or score per team */
  gboolean scores;
  int line;
} Game;

typedef struct {
  GPtrArray *names;     /* index -> name */
  GHashTable *index;    /* name -> index + 1 */
  GArray *games;        /* of Game */
  int unfinished;       /* PGN games with result "*", skipped */
} Results;

static void
game_clear(gpointer data)
{
  Game *g = data;
  g_free(g->sizes);
  g_free(g->players);
  g_free(g->values);
}

static int
player_index(Results *r, const char *name)
{
  gpointer found = g_hash_table_lookup(r->index, name);
  if (found)
    return GPOINTER_TO_INT(found) - 1;
  g_ptr_array_add(r->names, g_strdup(name));
  g_hash_table_insert(r->index, g_strdup(name), GINT_TO_POINTER((int) r->names->len));
  return (int) r->names->len - 1;
}

static gboolean
line_fail(const char *path, int line, GError **error, const char *why)
{
  g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s:%d: %s", path, line, why);
  return FALSE;
}

static gboolean
parse_json_line(Results *r, const char *path, int line, const char *text, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) inner = NULL;
  if (!json_parser_load_from_data(parser, text, -1, &inner))
    return line_fail(path, line, error, inner->message);
  JsonNode *root = json_parser_get_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root))
    return line_fail(path, line, error, "expected an object with \"teams\"");
  JsonObject *obj = json_node_get_object(root);
  JsonNode *teams_node = json_object_get_member(obj, "teams");
  if (teams_node == NULL || !JSON_NODE_HOLDS_ARRAY(teams_node))
    return line_fail(path, line, error, "expected \"teams\": a list of lists of names");
  JsonArray *teams = json_node_get_array(teams_node);
  guint n = json_array_get_length(teams);
  if (n < 2 || n > AGON_RATING_MAX_TEAMS)
    return line_fail(path, line, error, "a game needs 2 to 256 teams");
  gboolean scores = json_object_has_member(obj, "scores");
  JsonNode *values_node = json_object_get_member(obj, scores ? "scores" : "ranks");
  JsonArray *values = values_node && JSON_NODE_HOLDS_ARRAY(values_node)
                        ? json_node_get_array(values_node) : NULL;
  if (values_node && (values == NULL || json_array_get_length(values) != n))
    return line_fail(path, line, error, "\"ranks\" or \"scores\" needs one number per team");
  Game g = { .num_teams = (int) n, .scores = scores, .line = line };
  g.sizes = g_new0(int, n);
  g.values = g_new(double, n);
  g_autoptr(GArray) players = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint t = 0; t < n; t++) {
    JsonNode *team_node = json_array_get_element(teams, t);
    JsonArray *team = JSON_NODE_HOLDS_ARRAY(team_node) ? json_node_get_array(team_node) : NULL;
    if (team == NULL || json_array_get_length(team) == 0) {
      game_clear(&g);
      return line_fail(path, line, error, "every team is a non-empty list of names");
    }
    for (guint i = 0; i < json_array_get_length(team); i++) {
      JsonNode *name = json_array_get_element(team, i);
      if (json_node_get_value_type(name) != G_TYPE_STRING) {
        game_clear(&g);
        return line_fail(path, line, error, "player names must be strings");
      }
      int index = player_index(r, json_node_get_string(name));
      g_array_append_val(players, index);
      g.sizes[t]++;
    }
    if (values) {
      JsonNode *v = json_array_get_element(values, t);
      GType type = json_node_get_value_type(v);
      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64) {
        game_clear(&g);
        return line_fail(path, line, error, "ranks and scores must be numbers");
      }
      g.values[t] = json_node_get_double(v);
    } else {
      g.values[t] = t + 1; /* finishing order as given */
    }
  }
  g.players = (int *) g_array_free(g_steal_pointer(&players), FALSE);
  g_array_append_val(r->games, g);
  return TRUE;
}

/* A game between @a (white) and @b: two single-player teams ranked by
 * @score_a, a's result (1, 0.5, 0). */
static gboolean
add_pair(Results *r, const char *path, int line, const char *a, const char *b, double score_a,
         GError **error)
{
  if (*a == '\0' || *b == '\0' || strcmp(a, b) == 0)
    return line_fail(path, line, error, "expected two different player names");
  Game g = { .num_teams = 2, .line = line };
  g.sizes = g_new(int, 2);
  g.players = g_new(int, 2);
  g.values = g_new(double, 2);
  g.sizes[0] = g.sizes[1] = 1;
  g.players[0] = player_index(r, a);
  g.players[1] = player_index(r, b);
  /* Ranks: the winner 1, the loser 2; a draw ties at 1. */
  g.values[0] = score_a >= 0.5 ? 1 : 2;
  g.values[1] = score_a <= 0.5 ? 1 : 2;
  g_array_append_val(r->games, g);
  return TRUE;
}

/* A CSV pair "a,b,RESULT": two single-player teams with ranks. */
static gboolean
parse_csv_line(Results *r, const char *path, int line, const char *text, GError **error)
{
  g_auto(GStrv) fields = g_strsplit(text, ",", -1);
  if (g_strv_length(fields) != 3)
    return line_fail(path, line, error, "expected three fields: a,b,result");
  for (int i = 0; i < 3; i++)
    g_strstrip(fields[i]);
  if (line == 1 && g_ascii_strcasecmp(fields[2], "result") == 0)
    return TRUE; /* a header */
  double score_a;
  if (strcmp(fields[2], "1-0") == 0 || strcmp(fields[2], "1") == 0)
    score_a = 1;
  else if (strcmp(fields[2], "0-1") == 0 || strcmp(fields[2], "0") == 0)
    score_a = 0;
  else if (strcmp(fields[2], "1/2-1/2") == 0 || strcmp(fields[2], "0.5") == 0)
    score_a = 0.5;
  else {
    g_autofree char *why = g_strdup_printf("unknown result '%s' (1-0, 0-1 or 1/2-1/2)",
                                           fields[2]);
    return line_fail(path, line, error, why);
  }
  return add_pair(r, path, line, fields[0], fields[1], score_a, error);
}

/* PGN tag pairs: [Name "value"], \" and \\ escaped in the value. Sets
 * @name and @value (new strings) or returns FALSE. */
static gboolean
parse_tag(const char *text, char **name, char **value)
{
  const char *p = text + 1;
  while (g_ascii_isspace(*p))
    p++;
  const char *start = p;
  while (g_ascii_isalnum(*p) || (*p != '\0' && strchr("_+#=:-", *p) != NULL))
    p++;
  if (p == start)
    return FALSE;
  g_autofree char *key = g_strndup(start, (gsize) (p - start));
  while (g_ascii_isspace(*p))
    p++;
  if (*p++ != '"')
    return FALSE;
  g_autoptr(GString) val = g_string_new(NULL);
  for (; *p != '"'; p++) {
    if (*p == '\0')
      return FALSE;
    if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
      p++;
    g_string_append_c(val, *p);
  }
  p++;
  while (g_ascii_isspace(*p))
    p++;
  if (*p++ != ']')
    return FALSE;
  while (g_ascii_isspace(*p))
    p++;
  if (*p != '\0')
    return FALSE;
  *name = g_steal_pointer(&key);
  *value = g_string_free(g_steal_pointer(&val), FALSE);
  return TRUE;
}

/* The tags of one PGN game that matter here. */
typedef struct {
  int line;          /* of the first tag; 0 before any game */
  char *tag[3];      /* White, Black, Result */
} PgnGame;

static const char *const pgn_tags[3] = { "White", "Black", "Result" };

static void
pgn_game_clear(PgnGame *g)
{
  for (int t = 0; t < 3; t++)
    g_free(g->tag[t]);
  memset(g, 0, sizeof *g);
}

static gboolean
pgn_game_finish(Results *r, const char *path, PgnGame *g, GError **error)
{
  if (g->line == 0)
    return TRUE;
  for (int t = 0; t < 3; t++)
    if (g->tag[t] == NULL) {
      g_autofree char *why = g_strdup_printf("game without a [%s \"...\"] tag", pgn_tags[t]);
      return line_fail(path, g->line, error, why);
    }
  const char *result = g->tag[2];
  double score;
  if (strcmp(result, "1-0") == 0)
    score = 1;
  else if (strcmp(result, "0-1") == 0)
    score = 0;
  else if (strcmp(result, "1/2-1/2") == 0)
    score = 0.5;
  else {
    r->unfinished++;
    return TRUE;
  }
  return add_pair(r, path, g->line, g->tag[0], g->tag[1], score, error);
}

/* A PGN file: a game is the tag pairs from the first one after movetext
 * (or a blank line) on; movetext is skipped, minding {...} comments that
 * span lines (a '[' inside one is not a tag), ';' comments to the end of
 * a line and '%' escape lines. */
static gboolean
read_pgn(Results *r, const char *path, char **lines, GError **error)
{
  PgnGame g = { 0 };
  gboolean in_tags = FALSE, in_comment = FALSE;
  for (int i = 0; lines[i]; i++) {
    int line = i + 1;
    char *text = g_strstrip(lines[i]);
    if (in_comment) {
      char *end = strchr(text, '}');
      if (end == NULL)
        continue;
      in_comment = FALSE;
      text = g_strstrip(end + 1);
    } else if (*text == '[') {
      if (!in_tags) {
        if (!pgn_game_finish(r, path, &g, error)) {
          pgn_game_clear(&g);
          return FALSE;
        }
        pgn_game_clear(&g);
        g.line = line;
        in_tags = TRUE;
      }
      g_autofree char *name = NULL, *value = NULL;
      if (!parse_tag(text, &name, &value)) {
        pgn_game_clear(&g);
        return line_fail(path, line, error, "bad tag pair: expected [Name \"value\"]");
      }
      for (int t = 0; t < 3; t++)
        if (strcmp(name, pgn_tags[t]) == 0) {
          if (g.tag[t] != NULL) {
            g_autofree char *why = g_strdup_printf("a second [%s] tag in one game", name);
            pgn_game_clear(&g);
            return line_fail(path, line, error, why);
          }
          if (t == 2 && strcmp(value, "1-0") != 0 && strcmp(value, "0-1") != 0 &&
              strcmp(value, "1/2-1/2") != 0 && strcmp(value, "*") != 0) {
            g_autofree char *why = g_strdup_printf("unknown result '%s' (1-0, 0-1, 1/2-1/2 "
                                                   "or *)", value);
            pgn_game_clear(&g);
            return line_fail(path, line, error, why);
          }
          g.tag[t] = g_steal_pointer(&value);
        }
      continue;
    }
    if (*text == '\0') {
      in_tags = FALSE;
      continue;
    }
    in_tags = FALSE;
    if (*text == '%')
      continue;
    /* movetext: only comments matter, for the lines that follow */
    for (const char *p = text; *p; p++) {
      if (*p == ';')
        break;
      if (*p == '{') {
        const char *end = strchr(p, '}');
        if (end == NULL) {
          in_comment = TRUE;
          break;
        }
        p = end;
      }
    }
  }
  gboolean ok = pgn_game_finish(r, path, &g, error);
  pgn_game_clear(&g);
  return ok;
}

/* A tournament database of agon's: each finished game is a free-for-all
 * of its seats' bots, scored by their returns; failed games are left out.
 * A game's "line" is its number in the schedule, from 1. */
static gboolean
read_db(Results *r, const char *path, GError **error)
{
  g_autoptr(AgonGameLog) log = agon_game_log_load(path, error);
  if (log == NULL)
    return FALSE;
  for (int b = 0; b < agon_game_log_get_num_bots(log); b++)
    player_index(r, agon_game_log_get_bot_name(log, b));
  for (gint64 i = 0; i < agon_game_log_get_num_games(log); i++) {
    const AgonGameRecord *rec = agon_game_log_get_game(log, i);
    if (rec->failed)
      continue;
    int n = rec->num_seats;
    Game g = { .num_teams = n, .scores = TRUE, .line = (int) MIN(rec->index + 1, G_MAXINT) };
    g.sizes = g_new(int, n);
    g.players = g_new(int, n);
    g.values = g_new(double, n);
    for (int s = 0; s < n; s++) {
      g.sizes[s] = 1;
      g.players[s] = rec->bots[s];
      g.values[s] = rec->returns[s];
    }
    g_array_append_val(r->games, g);
  }
  return TRUE;
}

static gboolean
is_sqlite(const char *path)
{
  static const char magic[16] = "SQLite format 3";
  char head[16];
  FILE *f = fopen(path, "rb");
  gboolean yes = f != NULL && fread(head, 1, sizeof head, f) == sizeof head
                 && memcmp(head, magic, sizeof head) == 0;
  if (f)
    fclose(f);
  return yes;
}

static gboolean
read_results(const char *path, Results *r, GError **error)
{
  if (is_sqlite(path)) {
    if (!read_db(r, path, error))
      return FALSE;
    if (r->games->len == 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: no finished games", path);
      return FALSE;
    }
    return TRUE;
  }
  g_autofree char *text = NULL;
  g_autoptr(GError) inner = NULL;
  if (!g_file_get_contents(path, &text, NULL, &inner)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s", inner->message);
    return FALSE;
  }
  /* A UTF-8 byte order mark, as some PGN exporters write, is no content. */
  const char *start = g_str_has_prefix(text, "\xEF\xBB\xBF") ? text + 3 : text;
  g_auto(GStrv) lines = g_strsplit(start, "\n", -1);
  int json = -1;
  for (int i = 0; lines[i] && json < 0; i++) {
    const char *line = lines[i] + strspn(lines[i], " \t\r");
    if (*line == '[') {
      if (!read_pgn(r, path, lines, error))
        return FALSE;
      break;
    }
    if (*line != '\0' && *line != '#')
      json = *line == '{';
  }
  for (int i = 0; json >= 0 && lines[i]; i++) {
    char *line = g_strstrip(lines[i]);
    if (*line == '\0' || *line == '#')
      continue;
    if (!(json ? parse_json_line : parse_csv_line)(r, path, i + 1, line, error))
      return FALSE;
  }
  if (r->games->len == 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: no games%s", path,
                r->unfinished > 0 ? " with a result" : "");
    return FALSE;
  }
  return TRUE;
}

/* Ranks of a game (lower is better), whatever the file gave. */
static double
game_rank(const Game *g, int team)
{
  return g->scores ? -g->values[team] : g->values[team];
}

static void
rate_online(const AgonRatingModel *model, Results *r, AgonRating *ratings, int *games)
{
  AgonRating default_rating = agon_rating_model_default_rating(model);
  for (guint i = 0; i < r->names->len; i++)
    ratings[i] = default_rating;
  for (guint k = 0; k < r->games->len; k++) {
    const Game *g = &g_array_index(r->games, Game, k);
    int total = 0;
    for (int t = 0; t < g->num_teams; t++)
      total += g->sizes[t];
    AgonRating current[total], updated[total];
    const AgonRating *teams[g->num_teams];
    for (int p = 0; p < total; p++) {
      current[p] = ratings[g->players[p]];
      games[g->players[p]]++;
    }
    for (int t = 0, at = 0; t < g->num_teams; at += g->sizes[t], t++)
      teams[t] = current + at;
    agon_rating_model_rate(model, teams, g->sizes, g->num_teams, g->values, g->scores, NULL,
                           updated);
    for (int p = 0; p < total; p++)
      ratings[g->players[p]] = updated[p];
  }
}

/* Batch fits take one player per team; @pairs_model names a model that
 * rates two-player games only, or is NULL. */
static gboolean
check_single_players(Results *r, const char *path, const char *pairs_model, GError **error)
{
  for (guint k = 0; k < r->games->len; k++) {
    const Game *g = &g_array_index(r->games, Game, k);
    if (pairs_model && g->num_teams != 2) {
      g_autofree char *why = g_strdup_printf("%s rates games between two players", pairs_model);
      return line_fail(path, g->line, error, why);
    }
    for (int t = 0; t < g->num_teams; t++)
      if (g->sizes[t] != 1)
        return line_fail(path, g->line, error, "this model rates players, not teams");
  }
  return TRUE;
}

static void
add_player_json(JsonBuilder *b, const char *name, int games)
{
  json_builder_set_member_name(b, "name");
  json_builder_add_string_value(b, name);
  json_builder_set_member_name(b, "games");
  json_builder_add_int_value(b, games);
}

/* The games as pairs, the first player (white) scoring 1, 0.5 or 0. */
static AgonGameResult *
pair_results(Results *r)
{
  AgonGameResult *results = g_new(AgonGameResult, MAX(r->games->len, 1));
  for (guint k = 0; k < r->games->len; k++) {
    const Game *g = &g_array_index(r->games, Game, k);
    double a = game_rank(g, 0), b = game_rank(g, 1);
    results[k] = (AgonGameResult) { g->players[0], g->players[1], a < b ? 1 : a > b ? 0 : 0.5 };
  }
  return results;
}

/* Indices 0..n-1 sorted by @key, highest first (stable). */
static void
order_by(const double *key, int n, int *order)
{
  for (int i = 0; i < n; i++)
    order[i] = i;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && key[order[j]] > key[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
}

static void
add_interval_json(JsonBuilder *b, double elo, double low, double high)
{
  json_builder_set_member_name(b, "elo");
  json_builder_add_double_value(b, elo);
  json_builder_set_member_name(b, "ci95");
  json_builder_begin_array(b);
  json_builder_add_double_value(b, low);
  json_builder_add_double_value(b, high);
  json_builder_end_array(b);
}

/* No "-0.0" for a rating that rounds to zero. */
static double
printable(double x)
{
  return fabs(x) < 0.05 ? 0 : x;
}

static void
print_unfinished(const Results *r)
{
  if (r->unfinished > 0 && !opt_json)
    printf("(%d unfinished game%s skipped)\n", r->unfinished, r->unfinished == 1 ? "" : "s");
}

static int
print_elo(const AgonRatingModel *model, Results *r, const char *path)
{
  int n = (int) r->names->len;
  g_autofree AgonGameResult *results = pair_results(r);
  AgonEloFit fit = { 0 };
  AgonEloFitOptions options = { .anchor = -1,
                                .prior = agon_rating_model_get_options(model)->prior };
  g_autoptr(GError) error = NULL;
  if (!agon_elo_fit(n, results, (int) r->games->len, &options, &fit, &error)) {
    agon_elo_fit_clear(&fit);
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", path, error->message);
  }
  int order[n];
  order_by(fit.ratings, n, order);
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, "elo");
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), (int) fit.games[i]);
      add_interval_json(b, fit.ratings[i], fit.ci95_low[i], fit.ci95_high[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
  } else {
    printf("%4s  %-24s %8s %9s %7s %7s\n", "rank", "player", "elo", "±95%", "games", "score");
    for (int k = 0; k < n; k++) {
      int i = order[k];
      printf("%4d  %-24s %8.1f %9.1f %7.0f %6.1f%%\n", k + 1,
             (char *) g_ptr_array_index(r->names, i), printable(fit.ratings[i]),
             fit.ci95_high[i] - fit.ratings[i], fit.games[i],
             100 * fit.score[i] / fit.games[i]);
    }
    print_unfinished(r);
  }
  agon_elo_fit_clear(&fit);
  return AGON_EXIT_OK;
}

/* "32.8" or "1.6 +- 19.3 (estimated)" */
static char *
parameter_text(double value, gboolean estimated, double stderr_)
{
  if (estimated)
    return g_strdup_printf("%.1f ± %.1f (estimated)", value, Z95_CLI * stderr_);
  return g_strdup_printf("%g", value);
}

static int
print_bayeselo(const AgonRatingModel *model, Results *r, const char *path)
{
  const AgonRatingOptions *o = agon_rating_model_get_options(model);
  int n = (int) r->names->len;
  g_autofree AgonGameResult *results = pair_results(r);
  AgonBayeseloOptions options = {
    .advantage = o->advantage, .drawelo = o->drawelo, .prior = o->prior,
    .fit_advantage = o->fit_advantage, .fit_drawelo = o->fit_drawelo,
  };
  AgonBayeseloFit fit = { 0 };
  g_autoptr(GError) error = NULL;
  if (!agon_bayeselo_fit(n, results, (int) r->games->len, &options, &fit, &error)) {
    agon_bayeselo_fit_clear(&fit);
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", path, error->message);
  }
  int order[n];
  order_by(fit.ratings, n, order);
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, "bayeselo");
    json_builder_set_member_name(b, "advantage");
    json_builder_add_double_value(b, fit.advantage);
    json_builder_set_member_name(b, "drawelo");
    json_builder_add_double_value(b, fit.drawelo);
    json_builder_set_member_name(b, "prior");
    json_builder_add_double_value(b, o->prior);
    json_builder_set_member_name(b, "scale");
    json_builder_add_double_value(b, fit.scale);
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), (int) fit.games[i]);
      add_interval_json(b, fit.ratings[i], fit.ci95_low[i], fit.ci95_high[i]);
      json_builder_set_member_name(b, "score");
      json_builder_add_double_value(b, fit.score[i]);
      json_builder_set_member_name(b, "draws");
      json_builder_add_int_value(b, (gint64) fit.draws[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
  } else {
    g_autofree char *adv = parameter_text(fit.advantage, o->fit_advantage, fit.advantage_stderr);
    g_autofree char *de = parameter_text(fit.drawelo, o->fit_drawelo, fit.drawelo_stderr);
    printf("model: bayeselo, advantage %s, drawelo %s, prior %g; Elo = internal x %.4f\n", adv,
           de, o->prior, fit.scale);
    printf("%4s  %-24s %8s %9s %7s %7s %7s\n", "rank", "player", "elo", "±95%", "games", "score",
           "draws");
    for (int k = 0; k < n; k++) {
      int i = order[k];
      printf("%4d  %-24s %8.1f %9.1f %7.0f %6.1f%% %6.1f%%\n", k + 1,
             (char *) g_ptr_array_index(r->names, i), printable(fit.ratings[i]),
             fit.ci95_high[i] - fit.ratings[i], fit.games[i], 100 * fit.score[i] / fit.games[i],
             100 * fit.draws[i] / fit.games[i]);
    }
    print_unfinished(r);
  }
  agon_bayeselo_fit_clear(&fit);
  return AGON_EXIT_OK;
}

static int
print_bayesian(const AgonRatingModel *model, const char *spec, Results *r,
               const AgonRating *ratings, const int *games)
{
  int n = (int) r->names->len;
  double ordinal[n];
  int order[n];
  for (int i = 0; i < n; i++) {
    ordinal[i] = agon_rating_model_ordinal(model, ratings[i]);
    order[i] = i;
  }
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && ordinal[order[j]] > ordinal[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, spec);
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), games[i]);
      json_builder_set_member_name(b, "mu");
      json_builder_add_double_value(b, ratings[i].mu);
      json_builder_set_member_name(b, "sigma");
      json_builder_add_double_value(b, ratings[i].sigma);
      json_builder_set_member_name(b, "ordinal");
      json_builder_add_double_value(b, ordinal[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
    return AGON_EXIT_OK;
  }
  printf("model: %s\n", spec);
  printf("%4s  %-24s %9s %9s %9s %7s\n", "rank", "player", "ordinal", "mu", "sigma", "games");
  for (int k = 0; k < n; k++) {
    int i = order[k];
    printf("%4d  %-24s %9.3f %9.3f %9.3f %7d\n", k + 1, (char *) g_ptr_array_index(r->names, i),
           ordinal[i], ratings[i].mu, ratings[i].sigma, games[i]);
  }
  print_unfinished(r);
  return AGON_EXIT_OK;
}

static int
print_pl_mle(Results *r, const char *path)
{
  int n = (int) r->names->len;
  g_autofree AgonRankedResult *results = g_new(AgonRankedResult, r->games->len);
  g_autoptr(GPtrArray) ranks = g_ptr_array_new_with_free_func(g_free);
  for (guint k = 0; k < r->games->len; k++) {
    const Game *g = &g_array_index(r->games, Game, k);
    double *rk = g_new(double, g->num_teams);
    for (int t = 0; t < g->num_teams; t++)
      rk[t] = game_rank(g, t);
    g_ptr_array_add(ranks, rk);
    results[k] = (AgonRankedResult) { g->num_teams, g->players, rk };
  }
  AgonPlFit fit = { 0 };
  g_autoptr(GError) error = NULL;
  if (!agon_pl_fit(n, results, (int) r->games->len, NULL, &fit, &error)) {
    agon_pl_fit_clear(&fit);
    return agon_tool_fail(AGON_EXIT_FAILURE, "%s: %s", path, error->message);
  }
  int games[n];
  memset(games, 0, sizeof games);
  for (guint k = 0; k < r->games->len; k++) {
    const Game *g = &g_array_index(r->games, Game, k);
    for (int t = 0; t < g->num_teams; t++)
      games[g->players[t]]++;
  }
  int order[n];
  for (int i = 0; i < n; i++)
    order[i] = i;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && fit.theta[order[j]] > fit.theta[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  if (opt_json) {
    g_autoptr(JsonBuilder) b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "model");
    json_builder_add_string_value(b, "plackett-luce-mle");
    json_builder_set_member_name(b, "ratings");
    json_builder_begin_array(b);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      json_builder_begin_object(b);
      add_player_json(b, g_ptr_array_index(r->names, i), games[i]);
      json_builder_set_member_name(b, "theta");
      json_builder_add_double_value(b, fit.theta[i]);
      json_builder_set_member_name(b, "elo");
      json_builder_add_double_value(b, fit.elo[i]);
      json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    agon_tool_print_json(b);
  } else {
    printf("%4s  %-24s %10s %8s %7s\n", "rank", "player", "log-strength", "elo", "games");
    for (int k = 0; k < n; k++) {
      int i = order[k];
      printf("%4d  %-24s %10.4f %8.1f %7d\n", k + 1, (char *) g_ptr_array_index(r->names, i),
             fit.theta[i], fit.elo[i], games[i]);
    }
    print_unfinished(r);
  }
  agon_pl_fit_clear(&fit);
  return AGON_EXIT_OK;
}

int
agon_cmd_rate(int argc, char **argv)
{
  int status = AGON_EXIT_OK;
  if (!agon_tool_parse("rate", "FILE",
                       "Rate the players of a results file: JSON lines\n"
                       "  {\"teams\": [[\"a\"], [\"b\", \"c\"]], \"ranks\": [1, 2]}"
                       "  (or \"scores\"),\n"
                       "CSV lines a,b,RESULT (1-0, 0-1, 1/2-1/2), or PGN ([White], [Black] and\n"
                       "[Result] tags; unfinished games, \"*\", are skipped), or the SQLite\n"
                       "database of agon tournament or agon match. Online models rate\n"
                       "the games in file order; elo, bayeselo and plackett-luce-mle fit all\n"
                       "games at once. For bayeselo the first player of a pair is white.\n"
                       "elo(prior=N) and bayeselo(prior=N) add N virtual draws per player, so\n"
                       "that a perfect score still gets a finite rating; bayeselo's advantage\n"
                       "and drawelo are numbers or auto (estimated with the ratings).\n\n"
                       "Examples:\n"
                       "  agon rate games.jsonl\n"
                       "  agon rate games.csv --model elo --json\n"
                       "  agon rate games.pgn --model 'bayeselo(advantage=auto,drawelo=auto)'\n"
                       "  agon rate games.jsonl --model 'plackett-luce(tau=0,limit_sigma=true)'\n"
                       "  agon rate tic_tac_toe-tournament-f51d83f3.db --model bayeselo",
                       entries, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return agon_tool_fail(AGON_EXIT_USAGE, "rate: expected one results file (see agon rate "
                          "--help)");
  const char *path = argv[1];
  const char *spec = opt_model ? opt_model : "plackett-luce";
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonRatingModel) model = agon_rating_model_new(spec, &error);
  if (model == NULL)
    return agon_tool_report(error);

  Results r = {
    .names = g_ptr_array_new_with_free_func(g_free),
    .index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    .games = g_array_new(FALSE, FALSE, sizeof(Game)),
  };
  g_array_set_clear_func(r.games, game_clear);
  AgonRatingModelKind kind = agon_rating_model_get_options(model)->kind;
  const char *pairs = kind == AGON_RATING_ELO ? "elo"
                      : kind == AGON_RATING_BAYESELO ? "bayeselo" : NULL;
  gboolean pl_mle = kind == AGON_RATING_PLACKETT_LUCE_MLE;
  if (!read_results(path, &r, &error)
      || ((pairs || pl_mle) && !check_single_players(&r, path, pairs, &error)))
    status = agon_tool_report(error);
  else if (kind == AGON_RATING_ELO)
    status = print_elo(model, &r, path);
  else if (kind == AGON_RATING_BAYESELO)
    status = print_bayeselo(model, &r, path);
  else if (pl_mle)
    status = print_pl_mle(&r, path);
  else {
    g_autofree AgonRating *ratings = g_new(AgonRating, r.names->len);
    g_autofree int *games = g_new0(int, r.names->len);
    rate_online(model, &r, ratings, games);
    status = print_bayesian(model, spec, &r, ratings, games);
  }
  g_ptr_array_unref(r.names);
  g_hash_table_unref(r.index);
  g_array_unref(r.games);
  return status;
}
