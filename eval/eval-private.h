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
