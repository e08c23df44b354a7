/* agon: helpers shared by the files of eval/. */
#pragma once

#include <agon/agon.h>

/* The standard normal distribution: density, distribution function (from
 * erfc, full double precision) and its inverse (Acklam's rational
 * approximation refined by Halley steps to full precision). */
double agon__normal_pdf(double x);
double agon__normal_cdf(double x);
double agon__normal_ppf(double p);

/* Whether the n x n "i did better than j" relation @adj is strongly
 * connected, the condition for finite Bradley-Terry / Plackett-Luce MLEs. */
gboolean agon__ranking_graph_ok(int n, const guint8 *adj);

/* In-place Cholesky factorisation of the m x m symmetric positive definite
 * @a (lower triangle). FALSE when it is not positive definite. */
gboolean agon__cholesky(double *a, int m);

/* Solves L L^T x = b in place, L from agon__cholesky(). */
void agon__cholesky_solve(const double *l, int m, double *b);

/* Projects the n x n covariance of ratings @cov on the mean-0 gauge, in
 * place: P C P^T with P = I - 11^T/n. */
void agon__center_covariance(int n, double *cov);

/* From @ratings and their covariance @cov (n x n): standard errors, the
 * Wald 95% interval [lo, hi] and los[i*n+j] = Phi((R_i - R_j) /
 * sd(R_i - R_j)), 1/2 on the diagonal. */
void agon__rating_intervals(int n, const double *ratings, const double *cov, double *stderrs,
                            double *lo, double *hi, double *los);

/* ---- Tournaments (arena.h) ------------------------------------------- */

/* The games of a tournament: seatings[i * num_seats + s] is the bot in
 * seat s of game i, round[i] the round (group and repetition) the game
 * belongs to; the games of one round share their chance outcomes. */
typedef struct {
  gint64 num_games;
  int num_seats;
  int *seatings;
  gint64 *round;
} AgonSchedule;

/* Builds the schedule of @format for @num_bots bots in a game of
 * @num_seats seats, @games_per_group games per group (a multiple of
 * @num_seats except in self-play). FALSE with AGON_ERROR_INVALID_VALUE
 * when the bots cannot fill the format. */
gboolean agon__schedule_build(AgonSchedule *schedule, AgonTournamentFormat format, int num_bots,
                              int num_seats, int games_per_group, GError **error);
void agon__schedule_clear(AgonSchedule *schedule);

/* Plays one game from the start with @bots (one per seat, restarted and
 * reseeded here from @seed) and chance from @chance_seed, filling
 * @record's result, moves and (with @policies) search policies. @memory
 * holds the state: agon_game_get_state_size() bytes aligned for a double.
 * A bot's failure makes a failed record, not an error. */
void agon__play_game(const AgonGame *game, AgonBot *const *bots, guint64 seed,
                     guint64 chance_seed, gboolean policies, void *memory,
                     AgonGameRecord *record);

/* Allocates the arrays of a record for @num_seats seats. */
AgonGameRecord *agon__game_record_new(int num_seats);
void agon__game_record_free(AgonGameRecord *record);

/* ---- The SQLite store (eval/store.c) ---------------------------------- */

typedef struct AgonStore AgonStore;

/* Opens or creates the database @path for the tournament of
 * @definition (canonical JSON) with @num_bots bots named @names and
 * specs @specs; refuses a database of another definition. */
AgonStore *agon__store_open(const char *path, const char *definition, int num_bots,
                            const char *const *names, const char *const *specs,
                            GError **error);
/* Writes one game, committed before it returns. */
gboolean agon__store_add(AgonStore *store, const AgonGameRecord *record, GError **error);
/* Calls @func for every stored game, in schedule order; @func takes the
 * record. */
gboolean agon__store_load(AgonStore *store, void (*func)(AgonGameRecord *record,
                                                         gpointer user_data),
                          gpointer user_data, GError **error);
void agon__store_close(AgonStore *store);

/* Fills @out (@num_bots entries; names left alone) from the @n records
 * (NULL entries skipped), failed ones counted apart. */
void agon__standings_compute(AgonGameRecord *const *records, gint64 n, int num_bots,
                             AgonStanding *out);
