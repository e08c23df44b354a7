/* agon: reading results files for `agon rate` (agon-tool.h).
 *
 * Every format becomes one list of games, each a list of teams of player
 * names with a rank or score per team. An agon tournament database
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
 * The first player of a pair (the first team of a JSON line, seat 0 of a
 * stored game) is white. Errors name the file and the line. */
#include "tools/agon-tool.h"

#include <string.h>

static void
game_clear(gpointer data)
{
  AgonToolGame *g = data;
  g_free(g->sizes);
  g_free(g->players);
  g_free(g->values);
}

static int
player_index(AgonToolResults *r, const char *name)
{
  gpointer found = g_hash_table_lookup(r->index, name);
  if (found)
    return GPOINTER_TO_INT(found) - 1;
  g_ptr_array_add(r->names, g_strdup(name));
  g_hash_table_insert(r->index, g_strdup(name), GINT_TO_POINTER((int) r->names->len));
  return (int) r->names->len - 1;
}

gboolean
agon_tool_results_fail(const char *path, int line, GError **error, const char *why)
{
  g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s:%d: %s", path, line, why);
  return FALSE;
}

static gboolean
parse_json_line(AgonToolResults *r, const char *path, int line, const char *text, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) inner = NULL;
  if (!json_parser_load_from_data(parser, text, -1, &inner))
    return agon_tool_results_fail(path, line, error, inner->message);
  JsonNode *root = json_parser_get_root(parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root))
    return agon_tool_results_fail(path, line, error, "expected an object with \"teams\"");
  JsonObject *obj = json_node_get_object(root);
  JsonNode *teams_node = json_object_get_member(obj, "teams");
  if (teams_node == NULL || !JSON_NODE_HOLDS_ARRAY(teams_node))
    return agon_tool_results_fail(path, line, error, "expected \"teams\": a list of lists of names");
  JsonArray *teams = json_node_get_array(teams_node);
  guint n = json_array_get_length(teams);
  if (n < 2 || n > AGON_RATING_MAX_TEAMS)
    return agon_tool_results_fail(path, line, error, "a game needs 2 to 256 teams");
  gboolean scores = json_object_has_member(obj, "scores");
  JsonNode *values_node = json_object_get_member(obj, scores ? "scores" : "ranks");
  JsonArray *values = values_node && JSON_NODE_HOLDS_ARRAY(values_node)
                        ? json_node_get_array(values_node) : NULL;
  if (values_node && (values == NULL || json_array_get_length(values) != n))
    return agon_tool_results_fail(path, line, error, "\"ranks\" or \"scores\" needs one number per team");
  AgonToolGame g = { .num_teams = (int) n, .scores = scores, .line = line };
  g.sizes = g_new0(int, n);
  g.values = g_new(double, n);
  g_autoptr(GArray) players = g_array_new(FALSE, FALSE, sizeof(int));
  for (guint t = 0; t < n; t++) {
    JsonNode *team_node = json_array_get_element(teams, t);
    JsonArray *team = JSON_NODE_HOLDS_ARRAY(team_node) ? json_node_get_array(team_node) : NULL;
    if (team == NULL || json_array_get_length(team) == 0) {
      game_clear(&g);
      return agon_tool_results_fail(path, line, error, "every team is a non-empty list of names");
    }
    for (guint i = 0; i < json_array_get_length(team); i++) {
      JsonNode *name = json_array_get_element(team, i);
      if (json_node_get_value_type(name) != G_TYPE_STRING) {
        game_clear(&g);
        return agon_tool_results_fail(path, line, error, "player names must be strings");
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
        return agon_tool_results_fail(path, line, error, "ranks and scores must be numbers");
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
add_pair(AgonToolResults *r, const char *path, int line, const char *a, const char *b, double score_a,
         GError **error)
{
  if (*a == '\0' || *b == '\0' || strcmp(a, b) == 0)
    return agon_tool_results_fail(path, line, error, "expected two different player names");
  AgonToolGame g = { .num_teams = 2, .line = line };
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
parse_csv_line(AgonToolResults *r, const char *path, int line, const char *text, GError **error)
{
  g_auto(GStrv) fields = g_strsplit(text, ",", -1);
  if (g_strv_length(fields) != 3)
    return agon_tool_results_fail(path, line, error, "expected three fields: a,b,result");
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
    return agon_tool_results_fail(path, line, error, why);
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
pgn_game_finish(AgonToolResults *r, const char *path, PgnGame *g, GError **error)
{
  if (g->line == 0)
    return TRUE;
  for (int t = 0; t < 3; t++)
    if (g->tag[t] == NULL) {
      g_autofree char *why = g_strdup_printf("game without a [%s \"...\"] tag", pgn_tags[t]);
      return agon_tool_results_fail(path, g->line, error, why);
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
read_pgn(AgonToolResults *r, const char *path, char **lines, GError **error)
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
        return agon_tool_results_fail(path, line, error, "bad tag pair: expected [Name \"value\"]");
      }
      for (int t = 0; t < 3; t++)
        if (strcmp(name, pgn_tags[t]) == 0) {
          if (g.tag[t] != NULL) {
            g_autofree char *why = g_strdup_printf("a second [%s] tag in one game", name);
            pgn_game_clear(&g);
            return agon_tool_results_fail(path, line, error, why);
          }
          if (t == 2 && strcmp(value, "1-0") != 0 && strcmp(value, "0-1") != 0 &&
              strcmp(value, "1/2-1/2") != 0 && strcmp(value, "*") != 0) {
            g_autofree char *why = g_strdup_printf("unknown result '%s' (1-0, 0-1, 1/2-1/2 "
                                                   "or *)", value);
            pgn_game_clear(&g);
            return agon_tool_results_fail(path, line, error, why);
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
read_db(AgonToolResults *r, const char *path, GError **error)
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
    AgonToolGame g = { .num_teams = n, .scores = TRUE, .line = (int) MIN(rec->index + 1, G_MAXINT) };
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

gboolean
agon_tool_results_read(AgonToolResults *r, const char *path, GError **error)
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

void
agon_tool_results_init(AgonToolResults *r)
{
  r->names = g_ptr_array_new_with_free_func(g_free);
  r->index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  r->games = g_array_new(FALSE, FALSE, sizeof(AgonToolGame));
  g_array_set_clear_func(r->games, game_clear);
  r->unfinished = 0;
}

void
agon_tool_results_clear(AgonToolResults *r)
{
  g_clear_pointer(&r->names, g_ptr_array_unref);
  g_clear_pointer(&r->index, g_hash_table_unref);
  g_clear_pointer(&r->games, g_array_unref);
}
