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
