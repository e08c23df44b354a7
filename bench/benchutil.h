/* agon: timing helpers shared by the benchmark programs. */
#pragma once

#include "games/games-private.h"

/* Seconds on a monotonic clock. */
double bench_now(void);

/* CPU seconds used by the calling thread: steadier than wall time on a
 * shared machine, and what single-threaded benchmarks measure. */
double bench_cpu_now(void);

/* The median of @n values (reorders them). */
double bench_median(double *values, int n);

/* Calibrates @reps so that one run of @fn(@data, @reps) lasts about
 * @min_seconds, then times @runs runs and returns the median CPU time of
 * one rep in seconds (thread CPU time: single-threaded work only). */
double bench_measure(void (*fn)(void *data, long reps), void *data, int runs,
                     double min_seconds);

/* Formats a per-operation time with a sensible unit ("8.21 ms", "41.3 µs"). */
const char *bench_format_time(double seconds, char *buf, gsize size);
