/* agon: ratings from game results.
 *
 * Three families live here.
 *
 *  - Online Bayesian ratings (Weng & Lin 2011, "A Bayesian approximation
 *    method for online ranking", JMLR 12): a player is a Gaussian belief
 *    (mu, sigma) updated after every match. The five models are those of
 *    OpenSkill and reproduce openskill.js 5.0.1 numerically: Plackett-Luce,
 *    Bradley-Terry full / part and Thurstone-Mosteller full / part, for
 *    teams and free-for-all matches with ties. An AgonRatingModel is built
 *    from a spec such as "plackett-luce(tau=0,limit_sigma=true)"; its rate
 *    call works in caller memory and allocates nothing. The "elo" model is
 *    the classic K-factor update in the same interface (sigma unused).
 *
 *  - Batch maximum likelihood: Bradley-Terry on the Elo scale with a draw
 *    counted as half a win (agon_elo_fit), with Wald intervals and a
 *    likelihood-of-superiority matrix; Coulom's BayesElo model, with its
 *    draw Elo, first-move advantage and virtual-draw prior
 *    (agon_bayeselo_fit); Plackett-Luce by minorization-maximization
 *    (agon_pl_fit, Hunter 2004).
 *
 *  - Head-to-head statistics (agon_match_stats) and the sequential
 *    probability ratio test engines use to accept or reject a change
 *    (agon_sprt_*), as cutechess-cli and fastchess compute them.
 *
 * Conventions that bite: ranks are "lower is better" and equal ranks tie;
 * scores are "higher is better". Elo ratings are on the 400-point
 * logistic scale: P(i beats j) = 1 / (1 + 10^((R_j - R_i) / 400)). */
#pragma once

#include <agon/macros.h>
#include <agon/error.h>

G_BEGIN_DECLS

/* ---- online ratings ---------------------------------------------------- */

/* A player's rating: mean skill and its standard deviation. The "elo"
 * model keeps its rating in @mu and leaves @sigma alone. */
typedef struct {
  double mu;
  double sigma;
} AgonRating;

typedef enum {
  AGON_RATING_PLACKETT_LUCE,
  AGON_RATING_BRADLEY_TERRY_FULL,
  AGON_RATING_BRADLEY_TERRY_PART,
  AGON_RATING_THURSTONE_MOSTELLER_FULL,
  AGON_RATING_THURSTONE_MOSTELLER_PART,
  AGON_RATING_ELO,
  /* Batch only (agon_pl_fit); agon_rating_model_rate() refuses it. */
  AGON_RATING_PLACKETT_LUCE_MLE,
  /* Batch only (agon_bayeselo_fit); agon_rating_model_rate() refuses it. */
  AGON_RATING_BAYESELO,
} AgonRatingModelKind;

/* A model's resolved options, named as in the spec string. Defaults are
 * OpenSkill's: mu=25, sigma=mu/z, beta=sigma/2, tau=mu/300, kappa=1e-4,
 * epsilon=0.1, z=3, alpha=1, target=0, limit_sigma=false, balance=false.
 * Elo: mu=1500 (the starting rating), k=32 and prior=0 (for the batch
 * fit). BayesElo: advantage=32.8, drawelo=97.3, prior=2 (BayesElo's own
 * defaults); "auto" for advantage or drawelo estimates it. */
typedef struct {
  AgonRatingModelKind kind;
  double mu;      /* rating of a new player */
  double sigma;   /* its uncertainty */
  double beta;    /* performance noise of one player */
  double tau;     /* dynamics: sigma^2 += tau^2 before each update */
  double kappa;   /* lower bound of the sigma^2 shrink factor */
  double epsilon; /* Thurstone-Mosteller draw margin */
  double z, alpha, target; /* ordinal = alpha * (mu - z*sigma + target/alpha) */
  gboolean limit_sigma; /* never let sigma grow through tau */
  gboolean balance;     /* weight weaker team members more (openskill) */
  double k;             /* Elo K-factor */
  double advantage;     /* BayesElo first-move advantage, internal Elo */
  double drawelo;       /* BayesElo draw Elo */
  double prior;         /* virtual draws per player (batch elo, bayeselo) */
  gboolean fit_advantage; /* advantage=auto: estimate it, from @advantage */
  gboolean fit_drawelo;   /* drawelo=auto: estimate it, from @drawelo */
} AgonRatingOptions;

typedef struct AgonRatingModel AgonRatingModel;

/* Most teams a match may have (free-for-all players count as teams). */
#define AGON_RATING_MAX_TEAMS 256

/* Parses @spec ("plackett-luce", "thurstone-mosteller-full(epsilon=0.2)",
 * "elo(k=16)", "bayeselo(advantage=auto,drawelo=auto)"; NULL or "" means
 * "plackett-luce"). Keys: mu, sigma, beta, tau, kappa, epsilon, z, alpha,
 * target, limit_sigma, balance; mu, k and prior for elo; advantage,
 * drawelo (each a number or "auto") and prior for bayeselo. Returns NULL
 * with AGON_ERROR_UNKNOWN_NAME, AGON_ERROR_PARSE, AGON_ERROR_UNKNOWN_PARAMETER
 * or AGON_ERROR_INVALID_VALUE on a bad spec.
 * Free with agon_rating_model_free(). */
AGON_API AgonRatingModel *agon_rating_model_new(const char *spec, GError **error);

/* A model from already resolved options (copied). Free with
 * agon_rating_model_free(). */
AGON_API AgonRatingModel *agon_rating_model_new_with_options(const AgonRatingOptions *options);

AGON_API void agon_rating_model_free(AgonRatingModel *model);

/* The model's options. Borrowed from @model. */
AGON_API const AgonRatingOptions *agon_rating_model_get_options(const AgonRatingModel *model);

/* The model's canonical name ("plackett-luce", ...). Static string. */
AGON_API const char *agon_rating_model_get_name(const AgonRatingModel *model);

/* The spec with every option spelled out; free with g_free(). */
AGON_API char *agon_rating_model_to_string(const AgonRatingModel *model);

/* Whether agon_rating_model_rate() applies (every kind but the batch-only
 * plackett-luce-mle and bayeselo). */
AGON_API gboolean agon_rating_model_is_online(const AgonRatingModel *model);

/* The rating of a new player: (mu, sigma) from the options. */
AGON_API AgonRating agon_rating_model_default_rating(const AgonRatingModel *model);

/* A conservative display value: alpha * (mu - z*sigma + target/alpha)
 * (openskill.js ordinal). For "elo" and "bayeselo" it is mu. */
AGON_API double agon_rating_model_ordinal(const AgonRatingModel *model, AgonRating rating);

/* Rates one match. @teams[i] points at the @team_sizes[i] ratings of team
 * i (1 <= @num_teams <= AGON_RATING_MAX_TEAMS, every size >= 1).
 * @ranks_or_scores holds one value per team: a rank (lower is better, equal
 * values tie) or, with @scores TRUE, a score (higher is better; openskill
 * uses rank = -score); NULL means the teams finished in the order given.
 * @weights must be NULL: openskill.js 5.0.1 ignores per-player weights and
 * so does agon. The new ratings go to @out, team after team in input order
 * (sum of @team_sizes entries); @out may be the memory @teams point into.
 *
 * Exactly as openskill.js 5.0.1: teams are sorted stably by rank, each
 * sigma becomes sqrt(sigma^2 + tau^2), the model runs, and with
 * limit_sigma (and tau > 0) each new sigma is capped by the old one. Its
 * quirk is kept too: a rank of 0 (or a score of 0) is replaced by the
 * team's position in the sorted order, so prefer ranks from 1.
 * Allocates nothing. The model must be online. */
AGON_API void agon_rating_model_rate(const AgonRatingModel *model,
                                     const AgonRating *const *teams, const int *team_sizes,
                                     int num_teams, const double *ranks_or_scores,
                                     gboolean scores, const double *weights, AgonRating *out);

/* Probability that each team wins (openskill.js predictWin: pairwise
 * Phi((mu_i - mu_j) / sqrt(n beta^2 + sigma_i^2 + sigma_j^2)), averaged
 * over the n(n-1)/2 pairs; they sum to 1). For "elo", the pairwise logistic
 * expectation, averaged the same way; for "bayeselo" the pairwise expected
 * score of its model (a draw half a win, no advantage), mu in internal Elo.
 * Writes @num_teams values to @probs. */
AGON_API void agon_rating_model_predict_win(const AgonRatingModel *model,
                                            const AgonRating *const *teams,
                                            const int *team_sizes, int num_teams,
                                            double *probs);

/* Probability of a draw (openskill.js predictDraw, with its draw margin
 * sqrt(P) beta Phi^-1((1 + 1/P)/2) for P players in all). 0 for "elo";
 * for "bayeselo" its pairwise draw probability averaged over the pairs. */
AGON_API double agon_rating_model_predict_draw(const AgonRatingModel *model,
                                               const AgonRating *const *teams,
                                               const int *team_sizes, int num_teams);

/* Predicted rank of each team (1 + the number of teams with a strictly
 * higher win probability) and that win probability (openskill.js
 * predictRank). Writes @num_teams entries to @ranks and @probs. */
AGON_API void agon_rating_model_predict_rank(const AgonRatingModel *model,
                                             const AgonRating *const *teams,
                                             const int *team_sizes, int num_teams, int *ranks,
                                             double *probs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonRatingModel, agon_rating_model_free)

/* ---- Elo ------------------------------------------------------------- */

/* Expected score of a player rated @ra against one rated @rb. */
AGON_API double agon_elo_expected(double ra, double rb);

/* One online Elo update: @score_a is 1, 0.5 or 0 from A's side. Both
 * ratings move by K * (score - expected), in place. */
AGON_API void agon_elo_update(double *ra, double *rb, double score_a, double k);

/* One game between players @a and @b (indices from 0): @score is A's
 * result, 1 win, 0.5 draw, 0 loss. */
typedef struct {
  int a, b;
  double score;
} AgonGameResult;

typedef struct {
  /* -1: ratings average 0; else that player's rating is exactly 0. */
  int anchor;
  /* Added to every rating after the fit (e.g. 1500). */
  double offset;
  /* Newton iterations allowed (0: 100) and the stopping tolerance on the
   * largest gradient entry, in points per game (0: 1e-12). */
  int max_iterations;
  double tolerance;
  /* Virtual draws per player, by BayesElo's rule (0: none): a pair that
   * played n_ij games gets prior * n_ij * (1/n_i + 1/n_j) / 2 extra draws,
   * n_i the games of player i. They pull ratings towards each other, so
   * that a player who won (or lost) every game still gets a finite one. */
  double prior;
} AgonEloFitOptions;

/* The result of agon_elo_fit(). Arrays have num_players entries (matrices
 * num_players^2, row-major); release them with agon_elo_fit_clear(). */
typedef struct {
  int num_players;
  double *ratings;    /* Elo, in the chosen gauge, plus the offset */
  double *stderrs;    /* standard error of each rating (0 for the anchor) */
  double *ci95_low;   /* ratings -/+ 1.959964 stderrs */
  double *ci95_high;
  double *covariance; /* of the ratings, Elo^2 */
  double *los;        /* los[i*n+j]: likelihood that i is stronger than j */
  double *score;      /* points scored by each player */
  double *games;      /* games played by each player */
  double loglik;      /* log-likelihood at the optimum */
  int iterations;
} AgonEloFit;

/* Batch Bradley-Terry maximum likelihood on the Elo scale: maximises
 * sum over games of s log P + (1 - s) log(1 - P), P the logistic expected
 * score above, a draw being half a win (s = 0.5). Solved by Newton's
 * method with a backtracking line search on the games aggregated by pair.
 * With a prior, its virtual draws count as games in the likelihood (so in
 * @loglik and the intervals) but not in @score and @games.
 *
 * Intervals: the covariance is the inverse of the observed Fisher
 * information (minus the Hessian of the log-likelihood) at the MLE, with
 * the anchor's row and column removed; for the mean-0 gauge it is then
 * projected, C = P Cov P^T with P = I - 11^T/n. ci95 is the Wald interval
 * rating +/- 1.959964 stderr; los[i][j] = Phi((R_i - R_j) /
 * sqrt(Var_i + Var_j - 2 Cov_ij)), which does not depend on the gauge.
 *
 * Fails with AGON_ERROR_INVALID_VALUE when the MLE does not exist (a player
 * without games, one with a perfect or zero score, or results that split
 * the players into groups one of which never loses to the other; with a
 * prior only the last, when the groups never met), on bad indices and on
 * a negative prior. @out is filled on success and left zeroed on failure;
 * either way agon_elo_fit_clear() is safe. */
AGON_API gboolean agon_elo_fit(int num_players, const AgonGameResult *results, int n,
                               const AgonEloFitOptions *options, AgonEloFit *out,
                               GError **error);

/* Frees the arrays of @fit and zeroes it. */
AGON_API void agon_elo_fit_clear(AgonEloFit *fit);

/* ---- BayesElo -------------------------------------------------------- */

/* Coulom's BayesElo model of a game between "white" (who moves first) and
 * "black", in internal Elo with f(x) = 1 / (1 + 10^(-x/400)):
 *   P(white wins) = f(R_w - R_b + advantage - drawelo),
 *   P(black wins) = f(R_b - R_w - advantage - drawelo),
 *   P(draw)       = 1 - P(white wins) - P(black wins).
 * Writes the three probabilities for @delta = R_w - R_b + advantage; any of
 * @win, @draw, @loss may be NULL. */
AGON_API void agon_bayeselo_probabilities(double delta, double drawelo, double *win,
                                          double *draw, double *loss);

/* BayesElo's display scale 4x / (1 + x)^2, x = 10^(-drawelo/400): the
 * slope at 0 of the expected score, so that internal * scale is a rating
 * difference on the usual Elo scale (a draw half a win). */
AGON_API double agon_bayeselo_scale(double drawelo);

typedef struct {
  double advantage; /* first-move advantage, internal Elo */
  double drawelo;   /* > 0 whenever there are draws (real or virtual) */
  /* Virtual draws per player (>= 0): a pair that played n_ij games gets
   * prior * n_ij * (1/n_i + 1/n_j) / 2 draws, half with each player as
   * white, n_i the games of player i (BayesElo's prior command). */
  double prior;
  /* Estimate advantage and / or drawelo by maximum likelihood jointly with
   * the ratings (BayesElo's "mm 1 1"), starting from the values above. */
  gboolean fit_advantage;
  gboolean fit_drawelo;
  /* Newton iterations allowed (0: 100) and the stopping tolerance on the
   * largest gradient entry, in natural log-odds per game (0: 1e-12). */
  int max_iterations;
  double tolerance;
} AgonBayeseloOptions;

/* Fills @options with BayesElo's defaults: advantage 32.8, drawelo 97.3,
 * prior 2, nothing estimated. */
AGON_API void agon_bayeselo_options_init(AgonBayeseloOptions *options);

/* The result of agon_bayeselo_fit(). Arrays have num_players entries
 * (matrices num_players^2, row-major); release them with
 * agon_bayeselo_fit_clear(). Ratings, intervals and covariance are on the
 * display scale (internal * scale) unless named internal. */
typedef struct {
  int num_players;
  double *internal;   /* internal Elo, mean 0 */
  double *ratings;    /* displayed Elo: internal * scale, mean 0 */
  double *stderrs;    /* standard error of each displayed rating */
  double *ci95_low;   /* ratings -/+ 1.959964 stderrs */
  double *ci95_high;
  double *covariance; /* of the displayed ratings */
  double *los;        /* los[i*n+j]: likelihood that i is stronger than j */
  /* BayesElo's symmetric "+/-" after mm: 1.959964 * scale / sqrt(h_ii),
   * h_ii the curvature of the log-likelihood in player i's rating with
   * every other rating held fixed. Narrower than ci95, which accounts for
   * the uncertainty of the opponents' ratings too. */
  double *bayeselo_margin;
  double *score;      /* points scored (real games only) */
  double *games;      /* games played */
  double *draws;      /* games drawn */
  double advantage;   /* as given, or estimated */
  double drawelo;
  double advantage_stderr; /* of an estimated advantage (internal Elo); else 0 */
  double drawelo_stderr;
  double scale;       /* agon_bayeselo_scale(drawelo) */
  double loglik;      /* at the optimum, virtual draws included */
  int iterations;
} AgonBayeseloFit;

/* Maximum-likelihood BayesElo ratings of @n games: in each result @a is
 * white, @b black, and @score is white's: 1, 0.5 or 0. With a prior, its
 * virtual draws count in the likelihood as real games do (the result is
 * then the posterior mode of BayesElo). Solved by Newton's method with a
 * backtracking line search on the games aggregated by ordered pair, over
 * the ratings (one pinned, then shifted to mean 0) and the estimated
 * parameters; the log-likelihood is concave in all of them (the model is
 * an ordered logit), so the optimum found is the global one.
 *
 * Intervals: the covariance is the inverse of the observed information at
 * the optimum, estimated parameters included (so their uncertainty widens
 * the ratings' intervals), projected on the mean-0 gauge, times scale^2;
 * ci95 and los are as in agon_elo_fit().
 *
 * Fails with AGON_ERROR_INVALID_VALUE on a bad result, a negative prior or
 * drawelo, drawelo 0 with draws to explain, a player without games, no
 * finite optimum (with prior 0: a perfect or zero score, or groups one of
 * which never scored against the other; with a prior: groups that never
 * met; an estimated drawelo without draws or without decisive games; an
 * estimated advantage or drawelo that grows without bound, taken to be
 * the case beyond 2000 Elo), and with AGON_ERROR_FAILED when Newton's
 * method does not converge. @out is filled on success and left zeroed on
 * failure; either way agon_bayeselo_fit_clear() is safe. @options NULL
 * means agon_bayeselo_options_init()'s defaults. */
AGON_API gboolean agon_bayeselo_fit(int num_players, const AgonGameResult *results, int n,
                                    const AgonBayeseloOptions *options, AgonBayeseloFit *out,
                                    GError **error);

/* Frees the arrays of @fit and zeroes it. */
AGON_API void agon_bayeselo_fit_clear(AgonBayeseloFit *fit);

/* ---- batch Plackett-Luce ------------------------------------------------ */

/* One multiplayer result: @size players and their ranks (lower is better,
 * equal ranks tie). The arrays are borrowed for the call. */
typedef struct {
  int size;
  const int *players;
  const double *ranks;
} AgonRankedResult;

typedef struct {
  int max_iterations; /* 0: 100000 */
  double tolerance;   /* on the largest change of a log-strength; 0: 1e-13 */
} AgonPlFitOptions;

typedef struct {
  int num_players;
  double *theta;   /* log-strengths, summing to 0 */
  double *elo;     /* theta * 400 / ln 10 */
  double loglik;
  int iterations;
} AgonPlFit;

/* Maximum-likelihood Plackett-Luce strengths by Hunter's (2004) MM
 * algorithm ("MM algorithms for generalized Bradley-Terry models", Ann.
 * Statist. 32). Tie rule (Breslow): the players sharing a rank are each
 * chosen from the same remaining set, everyone not ranked strictly better,
 * so a tied group G at a stage contributes sum_{c in G} theta_c -
 * |G| log sum_{r remaining} exp(theta_r); the last group contributes
 * nothing. The MM update is gamma_i <- w_i / sum over the stages where i
 * remains of |G| / sum_{r remaining} gamma_r, w_i the number of stages
 * where i is chosen. Fails with AGON_ERROR_INVALID_VALUE when a player
 * never finishes ahead of anyone or never behind anyone (no finite MLE).
 * Free with agon_pl_fit_clear(). */
AGON_API gboolean agon_pl_fit(int num_players, const AgonRankedResult *results, int n,
                              const AgonPlFitOptions *options, AgonPlFit *out,
                              GError **error);

AGON_API void agon_pl_fit_clear(AgonPlFit *fit);

/* ---- head-to-head statistics ------------------------------------------ */

/* What cutechess-cli and fastchess print about a match between A and B,
 * from A's wins, draws and losses (n games). With s = (wins + draws/2) / n
 * and var the per-game variance of the score (1, 1/2, 0),
 * elo(s) = -400 log10(1/s - 1), and sd = sqrt(var / n):
 *  - elo_error = (elo(s + z sd) - elo(s - z sd)) / 2, z the 97.5% normal
 *    quantile (fastchess); elo_error_cutechess uses cutechess-cli's
 *    quantile, sqrt(2) erfinv(0.95) by Winitzki's approximation with
 *    pi = 3.1415926535897 (1.9571619...). INFINITY when s -/+ z sd leaves
 *    (0, 1).
 *  - los = Phi((s - 1/2) / sd) (fastchess); los_cutechess =
 *    (1 + erf((wins - losses) / sqrt(2 (wins + losses)))) / 2; 1/2 when
 *    nothing tells A and B apart (no decisive games; all games drawn).
 *  - nelo = (s - 1/2) / sqrt(var) * 800 / ln 10, normalized Elo, and
 *    nelo_error = z / sqrt(n) * 800 / ln 10 (fastchess).
 * With no games every double is NaN; with s = 0 or 1 the Elo is -/+
 * INFINITY and its errors NaN. Probabilities and ratios are in [0, 1]. */
typedef struct {
  int wins, draws, losses, games;
  double score;       /* s */
  double draw_ratio;  /* draws / games */
  double variance;    /* per-game variance of the score */
  double elo;
  double elo_error;
  double elo_error_cutechess;
  double los;
  double los_cutechess;
  double nelo;
  double nelo_error;
} AgonMatchStats;

/* The statistics of a match A won @wins, drew @draws and lost @losses
 * times (all >= 0). */
AGON_API AgonMatchStats agon_match_stats(int wins, int draws, int losses);

typedef enum {
  /* "Elo difference: 34.9 +/- 48.4, LOS: 92.1 %, DrawRatio: 50.0 %" */
  AGON_MATCH_STATS_CUTECHESS,
  /* "Elo: 34.86 +/- 48.47, nElo: 49.63 +/- 68.10" */
  AGON_MATCH_STATS_FASTCHESS,
} AgonMatchStatsFormat;

/* The line that program prints for @stats. Free with g_free(). */
AGON_API char *agon_match_stats_format(const AgonMatchStats *stats, AgonMatchStatsFormat format);

/* ---- SPRT ----------------------------------------------------------- */

/* H0: A is stronger than B by @elo0; H1: by @elo1 (logistic Elo), with
 * false-positive rate @alpha and false-negative rate @beta. */
typedef struct {
  double elo0, elo1;
  double alpha, beta;
} AgonSprt;

typedef enum {
  AGON_SPRT_CONTINUE,
  AGON_SPRT_ACCEPT_H0,
  AGON_SPRT_ACCEPT_H1,
} AgonSprtResult;

/* The log-likelihood-ratio bounds: lower = ln(beta / (1 - alpha)), upper =
 * ln((1 - beta) / alpha) (Wald 1945). */
AGON_API void agon_sprt_bounds(const AgonSprt *sprt, double *lower, double *upper);

/* ACCEPT_H1 when @llr >= upper, ACCEPT_H0 when @llr <= lower. */
AGON_API AgonSprtResult agon_sprt_decide(const AgonSprt *sprt, double llr);

/* The generalized SPRT fastchess uses (M. Van den Bergh's normal
 * approximation): with N samples of mean score s and variance var,
 * LLR = N (s1 - s0)(2s - s0 - s1) / (2 var), s0 and s1 the expected scores
 * of elo0 and elo1. Trinomial: samples are games scored 1, 0.5, 0.
 * 0 when there are no games or the variance is 0. */
AGON_API double agon_sprt_llr_trinomial(const AgonSprt *sprt, int wins, int draws, int losses);

/* The same on game pairs (same opening, colours swapped): @pairs[k] is the
 * number of pairs in which A scored k/2 points (k = 0..4); each pair is a
 * sample scoring k/4, so the variance includes the pairs' correlation. */
AGON_API double agon_sprt_llr_pentanomial(const AgonSprt *sprt, const int pairs[5]);

/* The exact generalized SPRT on games (trinomial) or game pairs
 * (pentanomial): the log-likelihood ratio of the maximum-likelihood
 * distributions of the sample scores with means s0 and s1 (the
 * multinomial MLE under a mean constraint, as fishtest computes it), with
 * 1e-3 pseudo-observations per category. Holds the error rates at alpha
 * and beta even when the bounds are far apart and few samples decide,
 * where the normal approximation above errs more often. 0 with no
 * samples. */
AGON_API double agon_sprt_llr_trinomial_exact(const AgonSprt *sprt, int wins, int draws,
                                              int losses);
AGON_API double agon_sprt_llr_pentanomial_exact(const AgonSprt *sprt, const int pairs[5]);

/* cutechess-cli's SPRT: the draw Elo is estimated from the counts, elo0
 * and elo1 are turned into BayesElo with its scale, and the LLR is the
 * exact trinomial one, w ln(p1w/p0w) + d ln(p1d/p0d) + l ln(p1l/p0l).
 * 0 unless wins, draws and losses are all positive (as cutechess). */
AGON_API double agon_sprt_llr_cutechess(const AgonSprt *sprt, int wins, int draws, int losses);

G_END_DECLS
