/* agon: the schedule of a tournament.
 *
 * A group is a set of bots that sit at one table: every combination of
 * num_seats bots for round-robin (so every pair of bots meets in the same
 * number of groups), the combinations holding bot 0 for a gauntlet, bot 0
 * alone in every seat for self-play. A round of a group is one game per
 * rotation of its seating (seat s gets member (s + k) mod num_seats in
 * rotation k), so each member takes each seat once per round. Rounds are
 * laid out round-major: round 1 of every group, then round 2, and so on. */
#include "eval/eval-private.h"

#include <string.h>

/* Advances @c, a strictly increasing combination of @k values below @n,
 * to the next one in lexicographic order; FALSE after the last. */
static gboolean
next_combination(int *c, int k, int n)
{
  int i = k - 1;
  while (i >= 0 && c[i] == n - k + i)
    i--;
  if (i < 0)
    return FALSE;
  c[i]++;
  for (int j = i + 1; j < k; j++)
    c[j] = c[j - 1] + 1;
  return TRUE;
}

/* The groups of @format as rows of @num_seats bots. */
static GArray *
build_groups(AgonTournamentFormat format, int num_bots, int num_seats)
{
  GArray *groups = g_array_new(FALSE, FALSE, sizeof(int));
  int c[num_seats];
  if (format == AGON_FORMAT_SELFPLAY) {
    for (int s = 0; s < num_seats; s++)
      c[s] = 0;
    g_array_append_vals(groups, c, num_seats);
    return groups;
  }
  for (int s = 0; s < num_seats; s++)
    c[s] = s;
  do {
    if (format == AGON_FORMAT_ROUND_ROBIN || c[0] == 0)
      g_array_append_vals(groups, c, num_seats);
  } while (next_combination(c, num_seats, num_bots) && (format != AGON_FORMAT_GAUNTLET
                                                         || c[0] == 0));
  return groups;
}

gboolean
agon__schedule_build(AgonSchedule *schedule, AgonTournamentFormat format, int num_bots,
                     int num_seats, int games_per_group, GError **error)
{
  memset(schedule, 0, sizeof *schedule);
  const char *what = format == AGON_FORMAT_SELFPLAY ? "self-play"
                     : format == AGON_FORMAT_GAUNTLET ? "a gauntlet" : "a round-robin";
  if (format == AGON_FORMAT_SELFPLAY ? num_bots != 1 : num_bots < MAX(2, num_seats)) {
    if (format == AGON_FORMAT_SELFPLAY)
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "self-play takes exactly one bot, not %d", num_bots);
    else
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s of a %d-player game needs at least %d bots, not %d", what, num_seats,
                  MAX(2, num_seats), num_bots);
    return FALSE;
  }
  /* Self-play has nothing to rotate: any number of games. */
  int round_size = format == AGON_FORMAT_SELFPLAY ? 1 : num_seats;
  if (games_per_group < 1 || games_per_group % round_size != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "games per pairing must be a positive multiple of %d (the seats), so that "
                "every bot plays every seat equally often; got %d", round_size,
                games_per_group);
    return FALSE;
  }
  g_autoptr(GArray) groups = build_groups(format, num_bots, num_seats);
  gint64 num_groups = groups->len / num_seats;
  gint64 rounds = games_per_group / round_size;
  /* Keep the arrays sane: a billion games is not a tournament anyone runs. */
  if (num_groups * games_per_group > (gint64) 1 << 30) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_TOO_LARGE,
                "%s of %d bots with %d games per group has %" G_GINT64_FORMAT
                " games; too many", what, num_bots, games_per_group,
                num_groups * games_per_group);
    return FALSE;
  }
  schedule->num_seats = num_seats;
  schedule->num_games = num_groups * games_per_group;
  schedule->seatings = g_new(int, schedule->num_games * num_seats);
  schedule->round = g_new(gint64, schedule->num_games);
  gint64 i = 0;
  for (gint64 r = 0; r < rounds; r++)
    for (gint64 g = 0; g < num_groups; g++) {
      const int *members = &g_array_index(groups, int, g * num_seats);
      for (int k = 0; k < round_size; k++, i++) {
        for (int s = 0; s < num_seats; s++)
          schedule->seatings[i * num_seats + s] = members[(s + k) % num_seats];
        schedule->round[i] = r * num_groups + g;
      }
    }
  g_assert(i == schedule->num_games);
  return TRUE;
}

void
agon__schedule_clear(AgonSchedule *schedule)
{
  g_clear_pointer(&schedule->seatings, g_free);
  g_clear_pointer(&schedule->round, g_free);
  schedule->num_games = 0;
}
