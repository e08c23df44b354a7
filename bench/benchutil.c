/* agon: timing helpers shared by the benchmark programs. */
#include "bench/benchutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double
bench_now(void)
{
  return (double) g_get_monotonic_time() / 1e6;
}

double
bench_cpu_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
bench_median(double *values, int n)
{
  qsort(values, (size_t) n, sizeof(double), cmp_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double
bench_measure(void (*fn)(void *data, long reps), void *data, int runs, double min_seconds)
{
  /* Calibrate the repetition count once, then time @runs runs of it. */
  long reps = 1;
  for (;;) {
    double start = bench_cpu_now();
    fn(data, reps);
    double elapsed = bench_cpu_now() - start;
    if (elapsed >= min_seconds / 4 || reps > (1L << 40))
      break;
    reps *= elapsed > 0 ? MAX(2, (long) (min_seconds / 4 / elapsed)) : 16;
  }
  reps = MAX(1L, reps * 4);
  double times[runs];
  for (int r = 0; r < runs; r++) {
    double start = bench_cpu_now();
    fn(data, reps);
    times[r] = (bench_cpu_now() - start) / (double) reps;
  }
  return bench_median(times, runs);
}

const char *
bench_format_time(double seconds, char *buf, gsize size)
{
  if (seconds >= 1)
    g_snprintf(buf, size, "%.3g s", seconds);
  else if (seconds >= 1e-3)
    g_snprintf(buf, size, "%.3g ms", seconds * 1e3);
  else if (seconds >= 1e-6)
    g_snprintf(buf, size, "%.3g µs", seconds * 1e6);
  else
    g_snprintf(buf, size, "%.3g ns", seconds * 1e9);
  return buf;
}
