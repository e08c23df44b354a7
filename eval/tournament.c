/* agon: running a tournament (arena.h).
 *
 * The calling thread owns everything shared: it pushes the unplayed
 * games' indices to a GThreadPool, pops finished records from a queue,
 * writes each to the store before taking the next, and keeps the table of
 * records. A pool thread borrows a worker (its own bots and state buffer)
 * from the idle queue for one game and gives it back, so a bot is only
 * ever used by one thread at a time, and bots are created once per worker,
 * not per game. */
#include "eval/eval-private.h"

#include <string.h>

#include <json-glib/json-glib.h>

/* Stream offsets of the seeds drawn from the tournament seed: game i's
 * bots use stream i, chance of round r stream CHANCE + r, the bot that
 * sits at seat s for bot b is created from stream SETUP + b * seats + s. */
#define SEED_STREAM_CHANCE (G_GUINT64_CONSTANT(1) << 62)
#define SEED_STREAM_SETUP (G_GUINT64_CONSTANT(1) << 61)

typedef struct {
  AgonBot **bots;  /* num_bots * num_seats, created when first needed */
  void *memory;    /* a state buffer */
} Worker;

struct AgonTournament {
  AgonGame *game;
  AgonTournamentOptions options;
  int num_bots, num_seats, num_threads;
  char **names, **specs;
  char *definition;
  AgonSchedule schedule;
  AgonGameRecord **records; /* num_games entries, NULL until finished */
  gint64 num_finished;
  AgonStore *store;
  Worker *workers;
  GAsyncQueue *idle;        /* of Worker * */
  GAsyncQueue *finished;    /* of AgonGameRecord *, or SKIPPED */
  gint stop;                /* atomic */
};

/* What a pool thread returns for a game it did not play. */
static char skipped_marker;
#define SKIPPED ((gpointer) &skipped_marker)

static guint64
stream_seed(guint64 seed, guint64 stream)
{
  AgonRng rng;
  agon_rng_init_stream(&rng, seed, stream);
  return agon_rng_next(&rng);
}

guint64
agon_tournament_get_game_seed(const AgonTournament *t, gint64 index)
{
  g_return_val_if_fail(t != NULL && index >= 0 && index < t->schedule.num_games, 0);
  return stream_seed(t->options.seed, (guint64) index);
}

guint64
agon_tournament_get_chance_seed(const AgonTournament *t, gint64 index)
{
  g_return_val_if_fail(t != NULL && index >= 0 && index < t->schedule.num_games, 0);
  return stream_seed(t->options.seed, SEED_STREAM_CHANCE + (guint64) t->schedule.round[index]);
}

static const char *
format_name(AgonTournamentFormat format)
{
  switch (format) {
  case AGON_FORMAT_ROUND_ROBIN:
    return "round-robin";
  case AGON_FORMAT_GAUNTLET:
    return "gauntlet";
  case AGON_FORMAT_SELFPLAY:
    return "selfplay";
  }
  return "?";
}

static AgonBot *
worker_bot(AgonTournament *t, Worker *w, int bot, int seat, GError **error)
{
  AgonBot **slot = &w->bots[bot * t->num_seats + seat];
  if (*slot == NULL) {
    guint64 seed = stream_seed(t->options.seed,
                               SEED_STREAM_SETUP + (guint64) (bot * t->num_seats + seat));
    *slot = agon_bot_new(t->game, seat, t->specs[bot], seed, error);
  }
  return *slot;
}

static void
worker_clear(AgonTournament *t, Worker *w)
{
  for (int i = 0; w->bots && i < t->num_bots * t->num_seats; i++)
    agon_bot_free(w->bots[i]);
  g_free(w->bots);
  g_free(w->memory);
}

/* Whether @spec names the human bot, which owns the terminal. */
static gboolean
is_human(const char *spec)
{
  g_autoptr(AgonParams) params = agon_params_parse(spec, NULL);
  return params != NULL && strcmp(agon_params_get_name(params), "human") == 0;
}

static char *
build_definition(AgonTournament *t)
{
  g_autoptr(JsonBuilder) b = json_builder_new();
  json_builder_begin_object(b);
  json_builder_set_member_name(b, "kind");
  json_builder_add_string_value(b, "agon-tournament");
  json_builder_set_member_name(b, "game");
  json_builder_add_string_value(b, agon_game_get_string(t->game));
  json_builder_set_member_name(b, "format");
  json_builder_add_string_value(b, format_name(t->options.format));
  json_builder_set_member_name(b, "games_per_group");
  json_builder_add_int_value(b, t->options.games_per_group);
  json_builder_set_member_name(b, "seed");
  /* As a string: JSON numbers lose the top bits of a 64-bit seed. */
  g_autofree char *seed = g_strdup_printf("%" G_GUINT64_FORMAT, t->options.seed);
  json_builder_add_string_value(b, seed);
  json_builder_set_member_name(b, "bots");
  json_builder_begin_array(b);
  for (int i = 0; i < t->num_bots; i++) {
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, t->names[i]);
    json_builder_set_member_name(b, "spec");
    json_builder_add_string_value(b, t->specs[i]);
    json_builder_end_object(b);
  }
  json_builder_end_array(b);
  json_builder_end_object(b);
  g_autoptr(JsonNode) root = json_builder_get_root(b);
  return json_to_string(root, FALSE);
}

AgonTournament *
agon_tournament_new(const AgonGame *game, int num_bots, const char *const *names,
                    const char *const *specs, const AgonTournamentOptions *options,
                    GError **error)
{
  g_return_val_if_fail(game != NULL && num_bots > 0 && specs != NULL && options != NULL, NULL);
  for (int i = 0; i < num_bots; i++)
    for (int j = 0; j < i; j++)
      if (strcmp(names ? names[i] : specs[i], names ? names[j] : specs[j]) == 0) {
        g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                    "two bots are named '%s'; give each its own name", names ? names[i]
                                                                            : specs[i]);
        return NULL;
      }
  int num_seats = agon_game_get_num_players(game);
  AgonSchedule schedule;
  int per_group = options->games_per_group ? options->games_per_group
                  : options->format == AGON_FORMAT_SELFPLAY ? 1 : num_seats;
  if (!agon__schedule_build(&schedule, options->format, num_bots, num_seats, per_group, error))
    return NULL;

  AgonTournament *t = g_new0(AgonTournament, 1);
  t->game = agon_game_ref((AgonGame *) game);
  t->options = *options;
  t->options.games_per_group = per_group;
  t->num_bots = num_bots;
  t->num_seats = num_seats;
  t->schedule = schedule;
  t->records = g_new0(AgonGameRecord *, schedule.num_games);
  t->names = g_new0(char *, num_bots + 1);
  t->specs = g_new0(char *, num_bots + 1);
  gboolean human = FALSE;
  for (int i = 0; i < num_bots; i++) {
    t->names[i] = g_strdup(names ? names[i] : specs[i]);
    t->specs[i] = g_strdup(specs[i]);
    human |= is_human(specs[i]);
  }
  t->num_threads = options->threads > 0 ? options->threads : (int) g_get_num_processors();
  if (human)
    t->num_threads = 1;
  t->num_threads = (int) MIN(t->num_threads, MAX(schedule.num_games, 1));

  t->workers = g_new0(Worker, t->num_threads);
  t->idle = g_async_queue_new();
  t->finished = g_async_queue_new();
  for (int w = 0; w < t->num_threads; w++) {
    t->workers[w].bots = g_new0(AgonBot *, num_bots * num_seats);
    t->workers[w].memory = g_malloc(agon_game_get_state_size(game));
    g_async_queue_push(t->idle, &t->workers[w]);
  }
  /* The first worker's bots, made now: a bad spec fails here, and their
   * resolved specs go into the definition. */
  for (int b = 0; b < num_bots; b++)
    for (int s = 0, resolved = 0; s < num_seats; s++) {
      gboolean used = FALSE;
      for (gint64 i = 0; i < schedule.num_games && !used; i++)
        used = schedule.seatings[i * num_seats + s] == b;
      if (!used)
        continue;
      g_autoptr(GError) inner = NULL;
      AgonBot *bot = worker_bot(t, &t->workers[0], b, s, &inner);
      if (bot == NULL) {
        g_set_error(error, AGON_ERROR, inner->code, "bot '%s': %s", t->names[b],
                    inner->message);
        agon_tournament_free(t);
        return NULL;
      }
      if (!resolved++) {
        g_free(t->specs[b]);
        t->specs[b] = g_strdup(agon_bot_get_spec(bot));
      }
    }
  t->definition = build_definition(t);
  return t;
}

void
agon_tournament_free(AgonTournament *t)
{
  if (t == NULL)
    return;
  for (int w = 0; w < t->num_threads; w++)
    worker_clear(t, &t->workers[w]);
  g_free(t->workers);
  if (t->idle)
    g_async_queue_unref(t->idle);
  if (t->finished)
    g_async_queue_unref(t->finished);
  for (gint64 i = 0; i < t->schedule.num_games; i++)
    agon__game_record_free(t->records[i]);
  g_free(t->records);
  agon__schedule_clear(&t->schedule);
  agon__store_close(t->store);
  g_strfreev(t->names);
  g_strfreev(t->specs);
  g_free(t->definition);
  agon_game_unref(t->game);
  g_free(t);
}

const AgonGame *
agon_tournament_get_game(const AgonTournament *t)
{
  g_return_val_if_fail(t != NULL, NULL);
  return t->game;
}

int
agon_tournament_get_num_bots(const AgonTournament *t)
{
  g_return_val_if_fail(t != NULL, 0);
  return t->num_bots;
}

const char *
agon_tournament_get_bot_name(const AgonTournament *t, int bot)
{
  g_return_val_if_fail(t != NULL && bot >= 0 && bot < t->num_bots, NULL);
  return t->names[bot];
}

const char *
agon_tournament_get_bot_spec(const AgonTournament *t, int bot)
{
  g_return_val_if_fail(t != NULL && bot >= 0 && bot < t->num_bots, NULL);
  return t->specs[bot];
}

gint64
agon_tournament_get_num_games(const AgonTournament *t)
{
  g_return_val_if_fail(t != NULL, 0);
  return t->schedule.num_games;
}

const int *
agon_tournament_get_seating(const AgonTournament *t, gint64 index)
{
  g_return_val_if_fail(t != NULL && index >= 0 && index < t->schedule.num_games, NULL);
  return &t->schedule.seatings[index * t->num_seats];
}

const char *
agon_tournament_get_definition(const AgonTournament *t)
{
  g_return_val_if_fail(t != NULL, NULL);
  return t->definition;
}

gint64
agon_tournament_get_num_finished(const AgonTournament *t)
{
  g_return_val_if_fail(t != NULL, 0);
  return t->num_finished;
}

const AgonGameRecord *
agon_tournament_get_record(const AgonTournament *t, gint64 index)
{
  g_return_val_if_fail(t != NULL && index >= 0 && index < t->schedule.num_games, NULL);
  return t->records[index];
}

/* ---- The store ---------------------------------------------------------- */

typedef struct {
  AgonTournament *t;
  GError **error;
  gboolean ok;
} LoadContext;

static void
take_stored(AgonGameRecord *record, gpointer user_data)
{
  LoadContext *c = user_data;
  AgonTournament *t = c->t;
  gint64 i = record->index;
  gboolean fits = c->ok && i >= 0 && i < t->schedule.num_games && t->records[i] == NULL
                  && record->num_seats == t->num_seats
                  && memcmp(record->bots, agon_tournament_get_seating(t, i),
                            sizeof(int) * t->num_seats) == 0;
  if (!fits) {
    if (c->ok)
      g_set_error(c->error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                  "game %" G_GINT64_FORMAT " of the database does not belong to this schedule",
                  i);
    c->ok = FALSE;
    agon__game_record_free(record);
    return;
  }
  t->records[i] = record;
  t->num_finished++;
}

gboolean
agon_tournament_open_db(AgonTournament *t, const char *path, GError **error)
{
  g_return_val_if_fail(t != NULL && path != NULL && t->store == NULL, FALSE);
  AgonStore *store = agon__store_open(path, t->definition, t->num_bots,
                                      (const char *const *) t->names,
                                      (const char *const *) t->specs, error);
  if (store == NULL)
    return FALSE;
  LoadContext c = { t, error, TRUE };
  if (!agon__store_load(store, take_stored, &c, error) || !c.ok) {
    agon__store_close(store);
    for (gint64 i = 0; i < t->schedule.num_games; i++)
      g_clear_pointer(&t->records[i], agon__game_record_free);
    t->num_finished = 0;
    return FALSE;
  }
  t->store = store;
  return TRUE;
}

/* ---- Running ------------------------------------------------------------ */

static void
play_task(gpointer data, gpointer user_data)
{
  AgonTournament *t = user_data;
  gint64 index = GPOINTER_TO_SIZE(data) - 1;
  if (g_atomic_int_get(&t->stop)) {
    g_async_queue_push(t->finished, SKIPPED);
    return;
  }
  Worker *w = g_async_queue_pop(t->idle);
  const int *seating = agon_tournament_get_seating(t, index);
  AgonGameRecord *record = agon__game_record_new(t->num_seats);
  record->index = index;
  memcpy(record->bots, seating, sizeof(int) * t->num_seats);
  AgonBot *bots[t->num_seats];
  g_autoptr(GError) error = NULL;
  gboolean ready = TRUE;
  for (int s = 0; s < t->num_seats && ready; s++)
    ready = (bots[s] = worker_bot(t, w, seating[s], s, &error)) != NULL;
  if (ready) {
    agon__play_game(t->game, bots, agon_tournament_get_game_seed(t, index),
                    agon_tournament_get_chance_seed(t, index), t->options.record_policies,
                    w->memory, record);
  } else {
    record->seed = agon_tournament_get_game_seed(t, index);
    record->chance_seed = agon_tournament_get_chance_seed(t, index);
    record->failed = TRUE;
    record->error = g_strdup(error->message);
  }
  g_async_queue_push(t->idle, w);
  g_async_queue_push(t->finished, record);
}

gboolean
agon_tournament_run(AgonTournament *t, AgonTournamentProgressFunc progress,
                    AgonTournamentStopFunc stop_when, gpointer user_data, GError **error)
{
  g_return_val_if_fail(t != NULL, FALSE);
  g_atomic_int_set(&t->stop, 0);
  GThreadPool *pool = g_thread_pool_new(play_task, t, t->num_threads, FALSE, NULL);
  gint64 pending = 0;
  for (gint64 i = 0; i < t->schedule.num_games; i++)
    if (t->records[i] == NULL) {
      g_thread_pool_push(pool, GSIZE_TO_POINTER((gsize) i + 1), NULL);
      pending++;
    }
  gboolean ok = TRUE;
  for (; pending > 0; pending--) {
    gpointer item = g_async_queue_pop(t->finished);
    if (item == SKIPPED)
      continue;
    AgonGameRecord *record = item;
    if (ok && t->store != NULL && !agon__store_add(t->store, record, error)) {
      ok = FALSE;
      agon_tournament_stop(t);
    }
    t->records[record->index] = record;
    t->num_finished++;
    if (!ok)
      continue;
    if (progress != NULL)
      progress(t, record, t->num_finished, t->schedule.num_games, user_data);
    if (stop_when != NULL && stop_when(t, user_data))
      agon_tournament_stop(t);
  }
  g_thread_pool_free(pool, FALSE, TRUE);
  return ok;
}

void
agon_tournament_stop(AgonTournament *t)
{
  g_return_if_fail(t != NULL);
  g_atomic_int_set(&t->stop, 1);
}

void
agon_tournament_get_standings(const AgonTournament *t, gint64 up_to, AgonStanding *out)
{
  g_return_if_fail(t != NULL && out != NULL);
  gint64 n = up_to < 0 ? t->schedule.num_games : MIN(up_to, t->schedule.num_games);
  for (int b = 0; b < t->num_bots; b++)
    out[b].name = t->names[b];
  agon__standings_compute(t->records, n, t->num_bots, out);
}
