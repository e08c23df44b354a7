/* agon: a small, fast, seedable random number generator.
 *
 * Every random choice in agon takes an explicit AgonRng so that results are
 * reproducible from a seed and independent of threads. The generator is
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64. An AgonRng
 * is plain data: declare it on the stack or inside your own struct. */
#pragma once

#include <agon/macros.h>

G_BEGIN_DECLS

typedef struct {
  guint64 s[4];
} AgonRng;

/* Seeds @rng; any seed, including 0, gives a good stream. */
AGON_API void agon_rng_init(AgonRng *rng, guint64 seed);

/* Seeds @rng from a seed and a stream index, so that stream i of a run
 * does not depend on how many values streams before it consumed. */
AGON_API void agon_rng_init_stream(AgonRng *rng, guint64 seed, guint64 stream);

/* The next 64 random bits. */
AGON_API guint64 agon_rng_next(AgonRng *rng);

/* A uniform double in [0, 1). */
AGON_API double agon_rng_uniform(AgonRng *rng);

/* A uniform integer in [0, n); @n must be positive. Unbiased. */
AGON_API guint32 agon_rng_below(AgonRng *rng, guint32 n);

G_END_DECLS
