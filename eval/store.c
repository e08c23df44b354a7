/* agon: the SQLite store of a tournament, and reading it back.
 *
 * One file per tournament, marked with PRAGMA application_id 'agon' and
 * schema version 1:
 *
 *   meta(key, value)    "definition": the tournament's canonical JSON
 *   bots(id, name, spec)
 *   games(id, seed, chance_seed, failed, error, moves, seconds, finished,
 *         policies)     id is the game's index in the schedule; moves the
 *                       history, space-separated; finished an ISO 8601 time;
 *                       policies, when recorded, the search policy behind
 *                       each history entry as JSON: [[[action, p], ...], ...]
 *   seats(game, seat, bot, payoff)
 *
 * Each game is written in its own transaction, committed before the next
 * game is taken, in WAL mode with synchronous=NORMAL: a killed process
 * loses no committed game (only a power cut could), and readers such as
 * `agon rate` may read while a tournament runs. */
#include "eval/eval-private.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#define STORE_APPLICATION_ID 0x61676f6e /* "agon" */
#define STORE_VERSION 1

struct AgonStore {
  sqlite3 *db;
  char *path;
  sqlite3_stmt *insert_game, *insert_seat;
};

static gboolean
fail(sqlite3 *db, const char *path, const char *doing, GError **error)
{
  g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: cannot %s: %s", path, doing,
              sqlite3_errmsg(db));
  return FALSE;
}

static gboolean
exec(sqlite3 *db, const char *path, const char *sql, GError **error)
{
  char *message = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &message) == SQLITE_OK)
    return TRUE;
  g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: %s", path,
              message ? message : sqlite3_errmsg(db));
  sqlite3_free(message);
  return FALSE;
}

/* The single integer a pragma or count query returns, or -1. */
static gint64
query_int(sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
    value = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  return value;
}

/* Whether @db is an agon store; FALSE with a message naming @path
 * otherwise. An empty database is one when @empty_ok. */
static gboolean
check_kind(sqlite3 *db, const char *path, gboolean empty_ok, gboolean *empty, GError **error)
{
  gint64 tables = query_int(db, "SELECT count(*) FROM sqlite_master");
  if (tables < 0) {
    /* SQLite reads the header lazily: a file that is no database fails here. */
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: %s", path, sqlite3_errmsg(db));
    return FALSE;
  }
  *empty = tables == 0;
  if (*empty && empty_ok)
    return TRUE;
  if (query_int(db, "PRAGMA application_id") != STORE_APPLICATION_ID) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: not an agon tournament database", path);
    return FALSE;
  }
  gint64 version = query_int(db, "PRAGMA user_version");
  if (version != STORE_VERSION) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: tournament database version %" G_GINT64_FORMAT
                ", this agon reads version %d", path, version, STORE_VERSION);
    return FALSE;
  }
  return TRUE;
}

static char *
read_definition(sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'definition'", -1, &stmt,
                         NULL) == SQLITE_OK
      && sqlite3_step(stmt) == SQLITE_ROW)
    text = g_strdup((const char *) sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  return text;
}

/* A member of a definition, as text, for messages. */
static char *
member_text(JsonObject *object, const char *name)
{
  JsonNode *node = object ? json_object_get_member(object, name) : NULL;
  return node ? json_to_string(node, FALSE) : g_strdup("(none)");
}

/* Says what differs between the stored definition @had and @want. */
static void
set_mismatch(const char *path, const char *had, const char *want, GError **error)
{
  g_autoptr(JsonNode) a = json_from_string(had, NULL);
  g_autoptr(JsonNode) b = json_from_string(want, NULL);
  JsonObject *oa = a && JSON_NODE_HOLDS_OBJECT(a) ? json_node_get_object(a) : NULL;
  JsonObject *ob = b && JSON_NODE_HOLDS_OBJECT(b) ? json_node_get_object(b) : NULL;
  static const char *const fields[] = { "kind", "game", "format", "games_per_group", "seed",
                                        "bots", NULL };
  for (int i = 0; fields[i]; i++) {
    g_autofree char *x = member_text(oa, fields[i]);
    g_autofree char *y = member_text(ob, fields[i]);
    if (strcmp(x, y) != 0) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                  "%s holds another tournament (its %s is %s, this one's %s); use another "
                  "--db or remove the file", path, fields[i], x, y);
      return;
    }
  }
  g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s holds another tournament", path);
}

static gboolean
create_schema(sqlite3 *db, const char *path, const char *definition, int num_bots,
              const char *const *names, const char *const *specs, GError **error)
{
  static const char schema[] =
    "BEGIN;"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE bots(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, spec TEXT NOT NULL);"
    "CREATE TABLE games(id INTEGER PRIMARY KEY, seed INTEGER NOT NULL,"
    " chance_seed INTEGER NOT NULL, failed INTEGER NOT NULL, error TEXT,"
    " moves TEXT NOT NULL, seconds REAL NOT NULL, finished TEXT NOT NULL, policies TEXT);"
    "CREATE TABLE seats(game INTEGER NOT NULL REFERENCES games(id), seat INTEGER NOT NULL,"
    " bot INTEGER NOT NULL REFERENCES bots(id), payoff REAL NOT NULL,"
    " PRIMARY KEY(game, seat));";
  if (!exec(db, path, schema, error))
    return FALSE;
  g_autofree char *pragmas = g_strdup_printf("PRAGMA application_id = %d;"
                                             "PRAGMA user_version = %d;",
                                             STORE_APPLICATION_ID, STORE_VERSION);
  if (!exec(db, path, pragmas, error))
    return FALSE;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = sqlite3_prepare_v2(db, "INSERT INTO meta VALUES ('definition', ?)", -1, &stmt,
                                   NULL) == SQLITE_OK
                && sqlite3_bind_text(stmt, 1, definition, -1, SQLITE_STATIC) == SQLITE_OK
                && sqlite3_step(stmt) == SQLITE_DONE;
  sqlite3_finalize(stmt);
  stmt = NULL;
  ok = ok && sqlite3_prepare_v2(db, "INSERT INTO bots VALUES (?, ?, ?)", -1, &stmt, NULL)
               == SQLITE_OK;
  for (int i = 0; ok && i < num_bots; i++)
    ok = sqlite3_bind_int(stmt, 1, i) == SQLITE_OK
         && sqlite3_bind_text(stmt, 2, names[i], -1, SQLITE_STATIC) == SQLITE_OK
         && sqlite3_bind_text(stmt, 3, specs[i], -1, SQLITE_STATIC) == SQLITE_OK
         && sqlite3_step(stmt) == SQLITE_DONE && sqlite3_reset(stmt) == SQLITE_OK;
  sqlite3_finalize(stmt);
  if (!ok) {
    fail(db, path, "create the tournament", error);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return FALSE;
  }
  return exec(db, path, "COMMIT", error);
}

static sqlite3 *
open_db(const char *path, int flags, GError **error)
{
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: %s", path,
                db ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_close(db);
    return NULL;
  }
  /* A reader may hold the database for a moment; wait rather than fail. */
  sqlite3_busy_timeout(db, 10000);
  return db;
}

AgonStore *
agon__store_open(const char *path, const char *definition, int num_bots,
                 const char *const *names, const char *const *specs, GError **error)
{
  sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error);
  if (db == NULL)
    return NULL;
  gboolean empty = FALSE;
  gboolean ok = check_kind(db, path, TRUE, &empty, error);
  if (ok && empty)
    ok = create_schema(db, path, definition, num_bots, names, specs, error);
  else if (ok) {
    g_autofree char *had = read_definition(db);
    if (had == NULL || strcmp(had, definition) != 0) {
      set_mismatch(path, had ? had : "{}", definition, error);
      ok = FALSE;
    }
  }
  ok = ok && exec(db, path, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error);
  AgonStore *store = g_new0(AgonStore, 1);
  store->db = db;
  store->path = g_strdup(path);
  if (ok
      && (sqlite3_prepare_v2(db, "INSERT INTO games VALUES (?, ?, ?, ?, ?, ?, ?, "
                             "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?)", -1,
                             &store->insert_game, NULL) != SQLITE_OK
          || sqlite3_prepare_v2(db, "INSERT INTO seats VALUES (?, ?, ?, ?)", -1,
                                &store->insert_seat, NULL) != SQLITE_OK))
    ok = fail(db, path, "prepare its statements", error);
  if (!ok) {
    agon__store_close(store);
    return NULL;
  }
  return store;
}

void
agon__store_close(AgonStore *store)
{
  if (store == NULL)
    return;
  sqlite3_finalize(store->insert_game);
  sqlite3_finalize(store->insert_seat);
  sqlite3_close(store->db);
  g_free(store->path);
  g_free(store);
}

static char *
moves_to_text(const AgonGameRecord *record)
{
  GString *text = g_string_sized_new(4 * (gsize) record->num_moves + 1);
  for (int m = 0; m < record->num_moves; m++)
    g_string_append_printf(text, m ? " %d" : "%d", record->moves[m]);
  return g_string_free(text, FALSE);
}

/* The search policies of @record as JSON, or NULL when not recorded. */
static char *
policies_to_text(const AgonGameRecord *record)
{
  if (record->policy_sizes == NULL)
    return NULL;
  GString *text = g_string_new("[");
  for (int m = 0; m < record->num_moves; m++) {
    g_string_append(text, m ? ",[" : "[");
    for (int i = 0; i < record->policy_sizes[m]; i++) {
      int at = record->policy_offsets[m] + i;
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf(text, "%s[%d,%s]", i ? "," : "", record->policy_actions[at],
                             g_ascii_dtostr(number, sizeof number, record->policy_probs[at]));
    }
    g_string_append_c(text, ']');
  }
  g_string_append_c(text, ']');
  return g_string_free(text, FALSE);
}

/* Reads policies_to_text() back into @record; FALSE when damaged. */
static gboolean
parse_policies(const char *text, AgonGameRecord *record)
{
  g_autoptr(JsonNode) root = json_from_string(text, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY(root))
    return FALSE;
  JsonArray *moves = json_node_get_array(root);
  if ((int) json_array_get_length(moves) != record->num_moves)
    return FALSE;
  g_autoptr(GArray) actions = g_array_new(FALSE, FALSE, sizeof(AgonAction));
  g_autoptr(GArray) probs = g_array_new(FALSE, FALSE, sizeof(double));
  record->policy_offsets = g_new0(int, MAX(record->num_moves, 1));
  record->policy_sizes = g_new0(int, MAX(record->num_moves, 1));
  for (int m = 0; m < record->num_moves; m++) {
    JsonNode *node = json_array_get_element(moves, m);
    if (!JSON_NODE_HOLDS_ARRAY(node))
      return FALSE;
    JsonArray *pairs = json_node_get_array(node);
    record->policy_offsets[m] = (int) actions->len;
    record->policy_sizes[m] = (int) json_array_get_length(pairs);
    for (guint i = 0; i < json_array_get_length(pairs); i++) {
      JsonNode *pair = json_array_get_element(pairs, i);
      if (!JSON_NODE_HOLDS_ARRAY(pair) || json_array_get_length(json_node_get_array(pair)) != 2)
        return FALSE;
      AgonAction a = (AgonAction) json_array_get_int_element(json_node_get_array(pair), 0);
      double p = json_array_get_double_element(json_node_get_array(pair), 1);
      g_array_append_val(actions, a);
      g_array_append_val(probs, p);
    }
  }
  record->policy_actions = (AgonAction *) g_array_free(g_steal_pointer(&actions), FALSE);
  record->policy_probs = (double *) g_array_free(g_steal_pointer(&probs), FALSE);
  return TRUE;
}

gboolean
agon__store_add(AgonStore *store, const AgonGameRecord *record, GError **error)
{
  sqlite3 *db = store->db;
  g_autofree char *moves = moves_to_text(record);
  g_autofree char *policies = policies_to_text(record);
  if (!exec(db, store->path, "BEGIN IMMEDIATE", error))
    return FALSE;
  sqlite3_stmt *g = store->insert_game, *s = store->insert_seat;
  gboolean ok = sqlite3_bind_int64(g, 1, record->index) == SQLITE_OK
                && sqlite3_bind_int64(g, 2, (gint64) record->seed) == SQLITE_OK
                && sqlite3_bind_int64(g, 3, (gint64) record->chance_seed) == SQLITE_OK
                && sqlite3_bind_int(g, 4, record->failed) == SQLITE_OK
                && (record->error ? sqlite3_bind_text(g, 5, record->error, -1, SQLITE_STATIC)
                                  : sqlite3_bind_null(g, 5)) == SQLITE_OK
                && sqlite3_bind_text(g, 6, moves, -1, SQLITE_STATIC) == SQLITE_OK
                && sqlite3_bind_double(g, 7, record->seconds) == SQLITE_OK
                && (policies ? sqlite3_bind_text(g, 8, policies, -1, SQLITE_STATIC)
                             : sqlite3_bind_null(g, 8)) == SQLITE_OK
                && sqlite3_step(g) == SQLITE_DONE;
  sqlite3_reset(g);
  for (int seat = 0; ok && seat < record->num_seats; seat++) {
    ok = sqlite3_bind_int64(s, 1, record->index) == SQLITE_OK
         && sqlite3_bind_int(s, 2, seat) == SQLITE_OK
         && sqlite3_bind_int(s, 3, record->bots[seat]) == SQLITE_OK
         && sqlite3_bind_double(s, 4, record->returns[seat]) == SQLITE_OK
         && sqlite3_step(s) == SQLITE_DONE;
    sqlite3_reset(s);
  }
  if (!ok) {
    g_autofree char *doing = g_strdup_printf("store game %" G_GINT64_FORMAT, record->index);
    fail(db, store->path, doing, error);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return FALSE;
  }
  return exec(db, store->path, "COMMIT", error);
}

/* Parses a stored history; FALSE when it is not one. */
static gboolean
parse_moves(const char *text, AgonGameRecord *record)
{
  g_autoptr(GArray) moves = g_array_new(FALSE, FALSE, sizeof(AgonAction));
  const char *p = text;
  while (*p) {
    while (*p == ' ')
      p++;
    if (*p == '\0')
      break;
    char *end;
    errno = 0;
    long value = strtol(p, &end, 10);
    if (end == p || errno != 0 || value < 0 || value > G_MAXINT32)
      return FALSE;
    AgonAction action = (AgonAction) value;
    g_array_append_val(moves, action);
    p = end;
  }
  record->num_moves = (int) moves->len;
  record->moves = (AgonAction *) g_array_free(g_steal_pointer(&moves), FALSE);
  return TRUE;
}

/* Reads every game of @db, calling @func with each new record. */
static gboolean
load_games(sqlite3 *db, const char *path, int num_bots,
           void (*func)(AgonGameRecord *record, gpointer user_data), gpointer user_data,
           GError **error)
{
  sqlite3_stmt *games = NULL, *seats = NULL;
  if (sqlite3_prepare_v2(db, "SELECT id, seed, chance_seed, failed, error, moves, seconds, "
                         "policies FROM games ORDER BY id", -1, &games, NULL) != SQLITE_OK
      || sqlite3_prepare_v2(db, "SELECT seat, bot, payoff FROM seats WHERE game = ? "
                            "ORDER BY seat", -1, &seats, NULL) != SQLITE_OK) {
    sqlite3_finalize(games);
    return fail(db, path, "read its games", error);
  }
  gboolean ok = TRUE;
  int rc;
  while (ok && (rc = sqlite3_step(games)) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64(games, 0);
    g_autoptr(GArray) bots = g_array_new(FALSE, FALSE, sizeof(int));
    g_autoptr(GArray) payoffs = g_array_new(FALSE, FALSE, sizeof(double));
    sqlite3_bind_int64(seats, 1, id);
    while ((rc = sqlite3_step(seats)) == SQLITE_ROW) {
      int seat = sqlite3_column_int(seats, 0), bot = sqlite3_column_int(seats, 1);
      double payoff = sqlite3_column_double(seats, 2);
      if (seat != (int) bots->len || bot < 0 || bot >= num_bots) {
        rc = SQLITE_CORRUPT;
        break;
      }
      g_array_append_val(bots, bot);
      g_array_append_val(payoffs, payoff);
    }
    sqlite3_reset(seats);
    const char *moves = (const char *) sqlite3_column_text(games, 5);
    AgonGameRecord *record = agon__game_record_new(MAX((int) bots->len, 1));
    const char *policies = (const char *) sqlite3_column_text(games, 7);
    if (rc != SQLITE_DONE || bots->len == 0 || moves == NULL || !parse_moves(moves, record)
        || (policies != NULL && !parse_policies(policies, record))) {
      agon__game_record_free(record);
      g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                  "%s: game %" G_GINT64_FORMAT " is damaged", path, id);
      ok = FALSE;
      break;
    }
    record->index = id;
    record->seed = (guint64) sqlite3_column_int64(games, 1);
    record->chance_seed = (guint64) sqlite3_column_int64(games, 2);
    record->failed = sqlite3_column_int(games, 3) != 0;
    const char *why = (const char *) sqlite3_column_text(games, 4);
    record->error = why ? g_strdup(why) : NULL;
    record->seconds = sqlite3_column_double(games, 6);
    memcpy(record->bots, bots->data, sizeof(int) * bots->len);
    memcpy(record->returns, payoffs->data, sizeof(double) * payoffs->len);
    func(record, user_data);
  }
  if (ok && rc != SQLITE_DONE)
    ok = fail(db, path, "read its games", error);
  sqlite3_finalize(games);
  sqlite3_finalize(seats);
  return ok;
}

gboolean
agon__store_load(AgonStore *store, void (*func)(AgonGameRecord *record, gpointer user_data),
                 gpointer user_data, GError **error)
{
  gint64 num_bots = query_int(store->db, "SELECT count(*) FROM bots");
  return load_games(store->db, store->path, (int) num_bots, func, user_data, error);
}

/* ---- AgonGameLog ----------------------------------------------------- */

struct AgonGameLog {
  char *definition;
  GPtrArray *names;    /* of char * */
  GPtrArray *games;    /* of AgonGameRecord *, schedule order */
};

static void
log_add(AgonGameRecord *record, gpointer user_data)
{
  AgonGameLog *log = user_data;
  g_ptr_array_add(log->games, record);
}

AgonGameLog *
agon_game_log_load(const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: no such file", path);
    return NULL;
  }
  sqlite3 *db = open_db(path, SQLITE_OPEN_READONLY, error);
  if (db == NULL)
    return NULL;
  AgonGameLog *log = g_new0(AgonGameLog, 1);
  log->names = g_ptr_array_new_with_free_func(g_free);
  log->games = g_ptr_array_new_with_free_func((GDestroyNotify) agon__game_record_free);
  gboolean empty = FALSE;
  gboolean ok = check_kind(db, path, FALSE, &empty, error);
  if (ok) {
    log->definition = read_definition(db);
    sqlite3_stmt *stmt = NULL;
    ok = sqlite3_prepare_v2(db, "SELECT id, name FROM bots ORDER BY id", -1, &stmt, NULL)
         == SQLITE_OK;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (sqlite3_column_int(stmt, 0) != (int) log->names->len)
        break;
      g_ptr_array_add(log->names, g_strdup((const char *) sqlite3_column_text(stmt, 1)));
    }
    sqlite3_finalize(stmt);
    if (!ok || rc != SQLITE_DONE || log->definition == NULL) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: damaged tournament database",
                  path);
      ok = FALSE;
    }
  }
  ok = ok && load_games(db, path, (int) log->names->len, log_add, log, error);
  sqlite3_close(db);
  if (!ok) {
    agon_game_log_free(log);
    return NULL;
  }
  return log;
}

void
agon_game_log_free(AgonGameLog *log)
{
  if (log == NULL)
    return;
  g_free(log->definition);
  g_ptr_array_unref(log->names);
  g_ptr_array_unref(log->games);
  g_free(log);
}

const char *
agon_game_log_get_definition(const AgonGameLog *log)
{
  g_return_val_if_fail(log != NULL, NULL);
  return log->definition;
}

int
agon_game_log_get_num_bots(const AgonGameLog *log)
{
  g_return_val_if_fail(log != NULL, 0);
  return (int) log->names->len;
}

const char *
agon_game_log_get_bot_name(const AgonGameLog *log, int bot)
{
  g_return_val_if_fail(log != NULL && bot >= 0 && bot < (int) log->names->len, NULL);
  return g_ptr_array_index(log->names, bot);
}

gint64
agon_game_log_get_num_games(const AgonGameLog *log)
{
  g_return_val_if_fail(log != NULL, 0);
  return log->games->len;
}

const AgonGameRecord *
agon_game_log_get_game(const AgonGameLog *log, gint64 i)
{
  g_return_val_if_fail(log != NULL && i >= 0 && i < (gint64) log->games->len, NULL);
  return g_ptr_array_index(log->games, i);
}
