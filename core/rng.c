/* agon: xoshiro256** seeded by splitmix64.
 *
 * Chosen for speed (a handful of cycles per draw), a 256-bit state that
 * fits in a struct the caller owns, and good statistical quality. */
#include <agon/agon.h>

static inline guint64
rotl(guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
splitmix64(guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void
agon_rng_init(AgonRng *rng, guint64 seed)
{
  g_return_if_fail(rng != NULL);
  guint64 x = seed;
  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64(&x);
}

void
agon_rng_init_stream(AgonRng *rng, guint64 seed, guint64 stream)
{
  /* Mix the stream index through splitmix64 so that neighbouring streams
   * start far apart in seed space. */
  guint64 x = stream;
  agon_rng_init(rng, seed ^ splitmix64(&x));
}

guint64
agon_rng_next(AgonRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl(s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double
agon_rng_uniform(AgonRng *rng)
{
  return (double) (agon_rng_next(rng) >> 11) * 0x1.0p-53;
}

guint32
agon_rng_below(AgonRng *rng, guint32 n)
{
  /* Lemire's multiply-and-reject: unbiased, one division only when a
   * rejection is possible. */
  g_assert(n > 0);
  guint64 m = (guint64) (guint32) (agon_rng_next(rng) >> 32) * n;
  guint32 low = (guint32) m;
  if (G_UNLIKELY(low < n)) {
    guint32 threshold = -n % n;
    while (low < threshold) {
      m = (guint64) (guint32) (agon_rng_next(rng) >> 32) * n;
      low = (guint32) m;
    }
  }
  return (guint32) (m >> 32);
}
