/* agon: the random number generator: reproducible, uniform, unbiased. */
#include "testutil.h"

static void
test_rng_reproducible(void **unused)
{
  AgonRng a, b, c;
  agon_rng_init(&a, 42);
  agon_rng_init(&b, 42);
  agon_rng_init(&c, 43);
  int differ = 0;
  for (int i = 0; i < 100; i++) {
    guint64 x = agon_rng_next(&a);
    assert_true(x == agon_rng_next(&b));
    differ += x != agon_rng_next(&c);
  }
  assert_true(differ > 95);
}

static void
test_rng_streams_differ(void **unused)
{
  AgonRng a, b;
  agon_rng_init_stream(&a, 7, 0);
  agon_rng_init_stream(&b, 7, 1);
  assert_true(agon_rng_next(&a) != agon_rng_next(&b));
}

/* Chi-square over 6 faces for 60,000 draws: the 99.9% critical value with
 * 5 degrees of freedom is 20.5. */
static void
test_rng_below_uniform(void **unused)
{
  AgonRng rng;
  agon_rng_init(&rng, 1);
  int counts[6] = { 0 };
  for (int i = 0; i < 60000; i++) {
    guint32 x = agon_rng_below(&rng, 6);
    assert_true(x < 6);
    counts[x]++;
  }
  double chi2 = 0;
  for (int i = 0; i < 6; i++)
    chi2 += (counts[i] - 10000.0) * (counts[i] - 10000.0) / 10000.0;
  assert_true(chi2 < 20.5);
}

static void
test_rng_uniform_range(void **unused)
{
  AgonRng rng;
  agon_rng_init(&rng, 0);
  double sum = 0;
  for (int i = 0; i < 100000; i++) {
    double u = agon_rng_uniform(&rng);
    assert_true(u >= 0 && u < 1);
    sum += u;
  }
  assert_near(sum / 100000, 0.5, 0.01);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rng_reproducible),
    cmocka_unit_test(test_rng_streams_differ),
    cmocka_unit_test(test_rng_below_uniform),
    cmocka_unit_test(test_rng_uniform_range),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
