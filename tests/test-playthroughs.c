/* agon: games checked against OpenSpiel's recorded playthroughs.
 *
 * tests/data/openspiel-playthroughs/ holds files written by OpenSpiel's
 * generate_playthrough.py: a game string, the game's type and sizes, then
 * one random play with what the API reports at every state. Agreeing with
 * them byte for byte is how agon's games show they are OpenSpiel's games,
 * down to the strings and tensors learning code consumes. Each file is one
 * test case named after it. A game agon does not know is reported as
 * skipped, so a game is checked from the day it is registered; any other
 * failure to load it is an error. A loaded game is replayed move by move and every field agon has
 * an API for is compared: strings exactly, numbers to 1e-6 beyond the
 * precision the file prints them with. Fields agon has no API for
 * (HistoryString, PublicObservationString, ToString, ...) and fields the
 * game's type says it does not provide are ignored. A failing case lists its
 * first mismatches with file, line, state number, field, expected and got.
 *
 * The format, as generate_playthrough.py writes it: `Field() = value` lines;
 * strings quoted with `\\` and `\n` escaped; tensors drawn with ◉ (1) and ◯
 * (0), a 2-D piece one row per line, a 3-D piece with its planes side by
 * side two spaces apart (and further planes after a blank line), long rows
 * as zeros(n) or binvec(n, 0xhex); tensors with other values as
 * `name = [v, ...]` rounded to 5 decimals. States the generator found dull
 * keep only their `# State k` line. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>

/* Mismatches spelled out in a failure message; the rest are counted. */
#define MAX_REPORTED 8
/* Tensor entries spelled out per mismatching tensor. */
#define MAX_TENSOR_DIFFS 4
/* Bytes of a long string shown around its first difference. */
#define STRING_WINDOW 100

/* One playthrough file, one test case. */
typedef struct {
  char *file;     /* the file's name, the test's name */
  char *path;
  char *contents; /* NULL when unreadable, with @message saying why */
  char *test_name;
  char *message;  /* why the case failed, once run */
} Case;

/* A playthrough being replayed. */
typedef struct {
  const char *file; /* base name, for messages */
  char **lines;
  int pos;          /* index of the line being checked */
  int state_index;  /* the `# State k` block being read, -1 in the header */
  AgonGame *game;
  AgonState *state;
  const AgonGameType *type;
  int n_players;
  GHashTable *shapes[2]; /* piece name -> GArray of int dimensions, from the
                          * header's information state and observation
                          * tensor shapes; "" for an unnamed tensor */
  int checked;      /* fields compared */
  int mismatches;
  GString *report;
} Replay;

/* A tensor as the file draws it, flattened. */
typedef struct {
  GArray *values;      /* double */
  GArray *tolerances;  /* double, one per value */
  GPtrArray *pieces;   /* piece names, in order ("" when unnamed) */
  GArray *starts;      /* int, the first value of each piece */
} Tensor;

/* ---- Reporting ---------------------------------------------------------- */

static void mismatch(Replay *r, const char *field, const char *format, ...) G_GNUC_PRINTF(3, 4);

static void
mismatch(Replay *r, const char *field, const char *format, ...)
{
  r->mismatches++;
  if (r->mismatches > MAX_REPORTED)
    return;
  g_string_append_printf(r->report, "\n  %s:%d: ", r->file, r->pos + 1);
  if (r->state_index >= 0)
    g_string_append_printf(r->report, "state %d: ", r->state_index);
  g_string_append_printf(r->report, "%s: ", field);
  va_list args;
  va_start(args, format);
  g_string_append_vprintf(r->report, format, args);
  va_end(args);
}

/* Appends @len bytes of @s quoted as the file quotes strings. */
static void
append_quoted(GString *out, const char *s, gsize len)
{
  g_string_append_c(out, '"');
  for (gsize i = 0; i < len; i++) {
    if (s[i] == '\\')
      g_string_append(out, "\\\\");
    else if (s[i] == '\n')
      g_string_append(out, "\\n");
    else if (s[i] == '"')
      g_string_append(out, "\\\"");
    else
      g_string_append_c(out, s[i]);
  }
  g_string_append_c(out, '"');
}

/* Moves @i back to the start of a UTF-8 character of @s. */
static gsize
utf8_floor(const char *s, gsize i)
{
  while (i > 0 && ((unsigned char) s[i] & 0xC0) == 0x80)
    i--;
  return i;
}

/* Appends @s, quoted when @quoted; only the part from @start that shows a
 * difference at @diff when @windowed. */
static void
append_window(GString *out, const char *s, gsize start, gsize diff, gboolean windowed,
              gboolean quoted)
{
  gsize len = strlen(s);
  gsize end = len;
  if (windowed && diff + STRING_WINDOW / 2 < len)
    end = MAX(utf8_floor(s, diff + STRING_WINDOW / 2), MIN(diff + 1, len));
  if (start > 0)
    g_string_append(out, "...");
  if (quoted)
    append_quoted(out, s + start, end - start);
  else
    g_string_append_len(out, s + start, (gssize) (end - start));
  if (end < len)
    g_string_append(out, "...");
}

/* Reports two different texts; long ones as a window around where they
 * start to differ. Strings the game produces are @quoted; renderings of
 * numbers and lists are not. */
static void
text_mismatch(Replay *r, const char *field, const char *expected, const char *got,
              gboolean quoted)
{
  gsize diff = 0;
  while (expected[diff] != '\0' && expected[diff] == got[diff])
    diff++;
  gboolean windowed = MAX(strlen(expected), strlen(got)) > 2 * STRING_WINDOW;
  gsize start = 0;
  if (windowed && diff > STRING_WINDOW / 2)
    start = utf8_floor(expected, diff - STRING_WINDOW / 2);
  g_autoptr(GString) text = g_string_new("expected ");
  append_window(text, expected, start, diff, windowed, quoted);
  g_string_append(text, ", got ");
  append_window(text, got, start, diff, windowed, quoted);
  if (windowed)
    g_string_append_printf(text, " (first difference at byte %" G_GSIZE_FORMAT ")", diff);
  mismatch(r, field, "%s", text->str);
}

/* Compares a rendering (a list, an enum value) with the file's. */
static void
check_text(Replay *r, const char *field, const char *expected, const char *got)
{
  r->checked++;
  if (strcmp(expected, got) != 0)
    text_mismatch(r, field, expected, got, FALSE);
}

/* Compares a string the game produced with the file's, decoded. */
static void
check_string(Replay *r, const char *field, const char *expected, const char *got)
{
  r->checked++;
  if (strcmp(expected, got) != 0)
    text_mismatch(r, field, expected, got, TRUE);
}

/* Values printed with six significant digits (C++ streams) or fewer. */
static gboolean
near(double got, double expected)
{
  return fabs(got - expected) <= 1e-6 + 5e-6 * fabs(expected);
}

/* ---- Parsing values ----------------------------------------------------- */

/* Decodes `"text"` (the whole of @value) into a new string, or NULL. */
static char *
parse_quoted(const char *value)
{
  gsize len = strlen(value);
  if (len < 2 || value[0] != '"' || value[len - 1] != '"')
    return NULL;
  g_autofree char *raw = g_strndup(value + 1, len - 2);
  return g_strcompress(raw);
}

/* Parses `["a", "b"]`. A name ends at a quote followed by `, "` or by the
 * closing bracket: the generator does not escape quotes inside names. */
static GPtrArray *
parse_string_list(const char *value)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  gsize len = strlen(value);
  if (len < 2 || value[0] != '[' || value[len - 1] != ']')
    return NULL;
  const char *p = value + 1;
  const char *end = value + len - 1;
  while (p < end) {
    if (*p != '"')
      return NULL;
    const char *q = p + 1;
    for (;; q++) {
      if (q >= end)
        return NULL;
      if (*q == '\\') {
        q++;
        continue;
      }
      if (*q == '"' && (q + 1 == end || g_str_has_prefix(q + 1, ", \"")))
        break;
    }
    g_autofree char *raw = g_strndup(p + 1, (gsize) (q - p - 1));
    g_ptr_array_add(names, g_strcompress(raw));
    p = q + 1;
    if (p < end)
      p += 2; /* ", " */
  }
  return g_steal_pointer(&names);
}

/* Parses `[1, -2.5, 3]` into doubles; FALSE when malformed. */
static gboolean
parse_number_list(const char *value, GArray *out)
{
  gsize len = strlen(value);
  if (len < 2 || value[0] != '[' || value[len - 1] != ']')
    return FALSE;
  const char *p = value + 1;
  while (*p != ']') {
    char *next;
    double v = g_ascii_strtod(p, &next);
    if (next == p)
      return FALSE;
    g_array_append_val(out, v);
    p = next;
    if (g_str_has_prefix(p, ", "))
      p += 2;
    else if (*p != ']')
      return FALSE;
  }
  return TRUE;
}

/* Parses `[(0,0.5), (2,0.5)]`. */
static gboolean
parse_outcomes(const char *value, GArray *out)
{
  const char *p = value;
  if (*p++ != '[')
    return FALSE;
  while (*p == '(') {
    char *next;
    AgonChanceOutcome o;
    o.action = (AgonAction) g_ascii_strtoll(p + 1, &next, 10);
    if (next == p + 1 || *next != ',')
      return FALSE;
    p = next + 1;
    o.probability = g_ascii_strtod(p, &next);
    if (next == p || *next != ')')
      return FALSE;
    g_array_append_val(out, o);
    p = next + 1;
    if (g_str_has_prefix(p, ", "))
      p += 2;
  }
  return strcmp(p, "]") == 0;
}

static gboolean
parse_bool(const char *value, gboolean *out)
{
  *out = strcmp(value, "True") == 0;
  return *out || strcmp(value, "False") == 0;
}

static gboolean
parse_int(const char *value, gint64 *out)
{
  return g_ascii_string_to_signed(value, 10, G_MININT, G_MAXINT, out, NULL);
}

static void
append_action_list(GString *out, const AgonAction *actions, int n)
{
  g_string_append_c(out, '[');
  for (int i = 0; i < n; i++)
    g_string_append_printf(out, i ? ", %d" : "%d", actions[i]);
  g_string_append_c(out, ']');
}

/* ---- Fields of the header ----------------------------------------------- */

static const char *const chance_modes[] = {
  "ChanceMode.DETERMINISTIC",
  "ChanceMode.EXPLICIT_STOCHASTIC",
  "ChanceMode.SAMPLED_STOCHASTIC",
};
static const char *const dynamics[] = {
  "Dynamics.SEQUENTIAL",
  "Dynamics.SIMULTANEOUS",
};
static const char *const informations[] = {
  "Information.ONE_SHOT",
  "Information.PERFECT_INFORMATION",
  "Information.IMPERFECT_INFORMATION",
};
static const char *const utilities[] = {
  "Utility.ZERO_SUM",
  "Utility.CONSTANT_SUM",
  "Utility.GENERAL_SUM",
  "Utility.IDENTICAL",
};
static const char *const reward_models[] = {
  "RewardModel.TERMINAL",
  "RewardModel.REWARDS",
};

static void
check_int(Replay *r, const char *field, const char *value, gint64 got)
{
  r->checked++;
  gint64 expected;
  if (!parse_int(value, &expected))
    mismatch(r, field, "cannot read '%s' as an integer", value);
  else if (expected != got)
    mismatch(r, field, "expected %s, got %" G_GINT64_FORMAT, value, got);
}

static void
check_bool(Replay *r, const char *field, const char *value, gboolean got)
{
  r->checked++;
  gboolean expected;
  if (!parse_bool(value, &expected))
    mismatch(r, field, "cannot read '%s' as True or False", value);
  else if (expected != !!got)
    mismatch(r, field, "expected %s, got %s", value, got ? "True" : "False");
}

static void
check_quoted(Replay *r, const char *field, const char *value, const char *got)
{
  g_autofree char *expected = parse_quoted(value);
  if (expected == NULL)
    mismatch(r, field, "cannot read %s as a quoted string", value);
  else
    check_string(r, field, expected, got);
}

/* MinUtility() and MaxUtility() are printed with 5 significant digits. */
static void
check_utility(Replay *r, const char *field, const char *value, double got)
{
  r->checked++;
  char *end;
  double expected = g_ascii_strtod(value, &end);
  if (end == value || *end != '\0')
    mismatch(r, field, "cannot read '%s' as a number", value);
  else if (fabs(got - expected) > 1e-6 + 5e-5 * fabs(expected))
    mismatch(r, field, "expected %s, got %.10g", value, got);
}

static void
check_utility_sum(Replay *r, const char *field, const char *value)
{
  AgonUtility u = r->type->utility;
  gboolean has_sum = u == AGON_UTILITY_ZERO_SUM || u == AGON_UTILITY_CONSTANT_SUM;
  if (strcmp(value, "None") == 0) {
    r->checked++;
    if (has_sum)
      mismatch(r, field, "expected None (no constant sum), got %s", utilities[u]);
    return;
  }
  if (!has_sum)
    mismatch(r, field, "expected %s, got none (%s)", value, utilities[u]);
  else
    check_utility(r, field, value, agon_game_get_utility_sum(r->game));
}

/* Records `name: [2], other: [3, 2]` or `[3, 3, 3]` in @shapes. */
static void
parse_shapes(const char *value, GHashTable *shapes)
{
  const char *p = value;
  while (*p != '\0') {
    const char *bracket = strchr(p, '[');
    if (bracket == NULL)
      return;
    char *name = bracket == p ? g_strdup("") : g_strndup(p, strcspn(p, ":"));
    GArray *dims = g_array_new(FALSE, FALSE, sizeof(int));
    g_hash_table_replace(shapes, name, dims);
    p = bracket + 1;
    while (*p != ']' && *p != '\0') {
      char *next;
      int d = (int) g_ascii_strtoll(p, &next, 10);
      if (next == p)
        return;
      g_array_append_val(dims, d);
      p = next;
      if (g_str_has_prefix(p, ", "))
        p += 2;
    }
    if (*p == ']')
      p++;
    if (g_str_has_prefix(p, ", "))
      p += 2;
  }
}

static void
check_header_field(Replay *r, const char *key, const char *value)
{
  const AgonGameType *t = r->type;
  AgonGame *g = r->game;
  if (strcmp(key, "GameType.chance_mode") == 0)
    check_text(r, key, value, chance_modes[t->chance_mode]);
  else if (strcmp(key, "GameType.dynamics") == 0)
    check_text(r, key, value, dynamics[t->dynamics]);
  else if (strcmp(key, "GameType.information") == 0)
    check_text(r, key, value, informations[t->information]);
  else if (strcmp(key, "GameType.utility") == 0)
    check_text(r, key, value, utilities[t->utility]);
  else if (strcmp(key, "GameType.reward_model") == 0)
    check_text(r, key, value, reward_models[t->reward_model]);
  else if (strcmp(key, "GameType.short_name") == 0)
    check_quoted(r, key, value, t->short_name);
  else if (strcmp(key, "GameType.long_name") == 0)
    check_quoted(r, key, value, t->long_name);
  else if (strcmp(key, "GameType.min_num_players") == 0)
    check_int(r, key, value, t->min_players);
  else if (strcmp(key, "GameType.max_num_players") == 0)
    check_int(r, key, value, t->max_players);
  else if (strcmp(key, "GameType.provides_information_state_string") == 0)
    check_bool(r, key, value, t->provides_information_state_string);
  else if (strcmp(key, "GameType.provides_information_state_tensor") == 0)
    check_bool(r, key, value, t->provides_information_state_tensor);
  else if (strcmp(key, "GameType.provides_observation_string") == 0)
    check_bool(r, key, value, t->provides_observation_string);
  else if (strcmp(key, "GameType.provides_observation_tensor") == 0)
    check_bool(r, key, value, t->provides_observation_tensor);
  else if (strcmp(key, "NumDistinctActions()") == 0)
    check_int(r, key, value, agon_game_get_num_distinct_actions(g));
  else if (strcmp(key, "MaxChanceOutcomes()") == 0)
    check_int(r, key, value, agon_game_get_max_chance_outcomes(g));
  else if (strcmp(key, "NumPlayers()") == 0)
    check_int(r, key, value, agon_game_get_num_players(g));
  else if (strcmp(key, "MaxGameLength()") == 0)
    check_int(r, key, value, agon_game_get_max_game_length(g));
  else if (strcmp(key, "MinUtility()") == 0)
    check_utility(r, key, value, agon_game_get_min_utility(g));
  else if (strcmp(key, "MaxUtility()") == 0)
    check_utility(r, key, value, agon_game_get_max_utility(g));
  else if (strcmp(key, "UtilitySum()") == 0)
    check_utility_sum(r, key, value);
  else if (strcmp(key, "InformationStateTensorShape()") == 0)
    parse_shapes(value, r->shapes[0]);
  else if (strcmp(key, "ObservationTensorShape()") == 0)
    parse_shapes(value, r->shapes[1]);
  else if (strcmp(key, "InformationStateTensorSize()") == 0) {
    if (t->provides_information_state_tensor)
      check_int(r, key, value, (gint64) agon_game_get_information_state_tensor_size(g));
  } else if (strcmp(key, "ObservationTensorSize()") == 0) {
    if (t->provides_observation_tensor)
      check_int(r, key, value, (gint64) agon_game_get_observation_tensor_size(g));
  }
}

/* ---- Tensors ------------------------------------------------------------ */

#define CIRCLE_OFF "\u25EF" /* ◯ */
#define CIRCLE_ON "\u25C9"  /* ◉ */

static void
tensor_init(Tensor *t)
{
  t->values = g_array_new(FALSE, FALSE, sizeof(double));
  t->tolerances = g_array_new(FALSE, FALSE, sizeof(double));
  t->pieces = g_ptr_array_new_with_free_func(g_free);
  t->starts = g_array_new(FALSE, FALSE, sizeof(int));
}

static void
tensor_clear(Tensor *t)
{
  g_array_unref(t->values);
  g_array_unref(t->tolerances);
  g_ptr_array_unref(t->pieces);
  g_array_unref(t->starts);
}

static void
tensor_push(Tensor *t, double value, double tolerance)
{
  g_array_append_val(t->values, value);
  g_array_append_val(t->tolerances, tolerance);
}

/* Whether @line starts a row of a drawn tensor. */
static gboolean
is_drawn_row(const char *line)
{
  return g_str_has_prefix(line, CIRCLE_OFF) || g_str_has_prefix(line, CIRCLE_ON)
         || g_str_has_prefix(line, "zeros(") || g_str_has_prefix(line, "binvec(");
}

/* Whether the line at @i continues the tensor drawn above it: an indented
 * row, a row of a 3-D piece, or the blank line between two bands of a 3-D
 * piece's planes. */
static gboolean
is_continuation(char **lines, int i)
{
  const char *line = lines[i];
  if (line == NULL)
    return FALSE;
  if (line[0] == '\0')
    return lines[i + 1] != NULL && is_drawn_row(lines[i + 1]);
  return line[0] == ' ' || is_drawn_row(line);
}

/* Appends the values of one drawn vector: ◉◯◯, zeros(n) or
 * binvec(n, 0xhex), whose number has the vector's first entry as its most
 * significant of n bits. */
static gboolean
parse_drawn_vector(const char *s, Tensor *t)
{
  if (g_str_has_prefix(s, "zeros(")) {
    gint64 n;
    g_autofree char *count = g_strndup(s + 6, strcspn(s + 6, ")"));
    if (!parse_int(count, &n) || n < 0 || strcmp(s + 6 + strlen(count), ")") != 0)
      return FALSE;
    for (gint64 i = 0; i < n; i++)
      tensor_push(t, 0, 0);
    return TRUE;
  }
  if (g_str_has_prefix(s, "binvec(")) {
    char *end;
    gint64 n = g_ascii_strtoll(s + 7, &end, 10);
    if (end == s + 7 || n < 0 || !g_str_has_prefix(end, ", 0x"))
      return FALSE;
    const char *hex = end + 4;
    gsize digits = strcspn(hex, ")");
    if (strcmp(hex + digits, ")") != 0)
      return FALSE;
    for (gint64 i = 0; i < n; i++) {
      gint64 bit = n - 1 - i; /* counted from the least significant */
      gint64 digit = (gint64) digits - 1 - bit / 4;
      int v = 0;
      if (digit >= 0) {
        int x = g_ascii_xdigit_value(hex[digit]);
        if (x < 0)
          return FALSE;
        v = (x >> (bit % 4)) & 1;
      }
      tensor_push(t, v, 0);
    }
    return TRUE;
  }
  for (const char *p = s; *p != '\0';) {
    if (g_str_has_prefix(p, CIRCLE_OFF))
      tensor_push(t, 0, 0);
    else if (g_str_has_prefix(p, CIRCLE_ON))
      tensor_push(t, 1, 0);
    else
      return FALSE;
    p += strlen(CIRCLE_ON);
  }
  return TRUE;
}

/* Flattens one band of drawn rows: the rows of each plane top to bottom,
 * planes left to right (one plane, for 1-D and 2-D pieces). */
static gboolean
parse_band(GPtrArray *rows, Tensor *t)
{
  if (rows->len == 0)
    return TRUE;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
  guint planes = 0;
  for (guint i = 0; i < rows->len; i++) {
    const char *row = g_ptr_array_index(rows, i);
    while (*row == ' ')
      row++;
    char **parts = g_strsplit(row, "  ", -1);
    g_ptr_array_add(cells, parts);
    if (i == 0)
      planes = g_strv_length(parts);
    else if (g_strv_length(parts) != planes)
      return FALSE;
  }
  for (guint plane = 0; plane < planes; plane++)
    for (guint i = 0; i < cells->len; i++)
      if (!parse_drawn_vector(((char **) g_ptr_array_index(cells, i))[plane], t))
        return FALSE;
  return TRUE;
}

/* Appends one piece whose label line is r->lines[r->pos] and whose text
 * after the label is @rest; leaves r->pos on its last line. */
static gboolean
parse_tensor_piece(Replay *r, const char *rest, Tensor *t)
{
  if (g_str_has_prefix(rest, " = ")) {
    g_autoptr(GArray) numbers = g_array_new(FALSE, FALSE, sizeof(double));
    if (!parse_number_list(rest + 3, numbers))
      return FALSE;
    /* Printed rounded to 5 decimals, from floats. */
    for (guint i = 0; i < numbers->len; i++) {
      double v = g_array_index(numbers, double, i);
      tensor_push(t, v, 5e-6 + 1e-6 * fabs(v));
    }
    return TRUE;
  }
  if (rest[0] != ':')
    return FALSE;
  g_autoptr(GPtrArray) band = g_ptr_array_new();
  if (rest[1] == ' ')
    g_ptr_array_add(band, (gpointer) (rest + 2));
  else if (rest[1] != '\0')
    return FALSE;
  while (is_continuation(r->lines, r->pos + 1)) {
    const char *line = r->lines[++r->pos];
    if (line[0] == '\0') {
      if (!parse_band(band, t))
        return FALSE;
      g_ptr_array_set_size(band, 0);
    } else {
      g_ptr_array_add(band, (gpointer) line);
    }
  }
  return parse_band(band, t);
}

/* Splits a tensor label such as `ObservationTensor(1).pot_contribution: ◉◉`
 * into the tensor (`ObservationTensor(1)`), the piece and the rest. */
static gboolean
split_tensor_label(const char *line, char **tensor, char **piece, const char **rest)
{
  const char *close = strchr(line, ')');
  if (close == NULL)
    return FALSE;
  *tensor = g_strndup(line, (gsize) (close + 1 - line));
  const char *p = close + 1;
  if (*p == '.') {
    gsize len = strcspn(p + 1, ": =");
    *piece = g_strndup(p + 1, len);
    p += 1 + len;
  } else {
    *piece = g_strdup("");
  }
  *rest = p;
  return TRUE;
}

/* Appends where flat entry @index of @t lies: its piece and, when the
 * header gave the piece's shape, its coordinates: "[7] betting[1][0]", or
 * "[17] ([1][2][2])" in an unnamed tensor. */
static void
append_tensor_position(GString *out, GHashTable *shapes, const Tensor *t, int index)
{
  g_string_append_printf(out, "[%d]", index);
  guint piece = t->pieces->len;
  while (piece > 1 && g_array_index(t->starts, int, piece - 1) > index)
    piece--;
  if (piece == 0)
    return;
  const char *name = g_ptr_array_index(t->pieces, piece - 1);
  int offset = index - g_array_index(t->starts, int, piece - 1);
  GArray *dims = g_hash_table_lookup(shapes, name);
  if (dims == NULL && g_hash_table_size(shapes) == 1)
    dims = g_hash_table_lookup(shapes, "");
  if (dims == NULL || (dims->len <= 1 && name[0] == '\0')) {
    if (name[0] != '\0')
      g_string_append_printf(out, " %s[%d]", name, offset);
    return;
  }
  int coords[AGON_MAX_TENSOR_RANK + 4];
  guint rank = MIN(dims->len, G_N_ELEMENTS(coords));
  for (guint d = rank; d-- > 0;) {
    int extent = MAX(g_array_index(dims, int, d), 1);
    coords[d] = offset % extent;
    offset /= extent;
  }
  g_string_append_printf(out, name[0] != '\0' ? " %s" : " (", name);
  for (guint d = 0; d < rank; d++)
    g_string_append_printf(out, "[%d]", coords[d]);
  if (name[0] == '\0')
    g_string_append_c(out, ')');
}

static void
compare_tensor(Replay *r, const char *field, GHashTable *shapes, const Tensor *expected,
               const float *got, gsize size)
{
  r->checked++;
  if (expected->values->len != size) {
    mismatch(r, field, "expected %u values, got %" G_GSIZE_FORMAT, expected->values->len, size);
    return;
  }
  g_autoptr(GString) text = g_string_new(NULL);
  int n_diffs = 0;
  for (gsize i = 0; i < size; i++) {
    double want = g_array_index(expected->values, double, i);
    double tol = g_array_index(expected->tolerances, double, i);
    if (fabs(got[i] - want) <= tol + 1e-6)
      continue;
    if (++n_diffs > MAX_TENSOR_DIFFS)
      continue;
    g_string_append(text, n_diffs > 1 ? "; " : "");
    append_tensor_position(text, shapes, expected, (int) i);
    g_string_append_printf(text, " expected %g, got %g", want, got[i]);
  }
  if (n_diffs > 0)
    mismatch(r, field, "%d of %" G_GSIZE_FORMAT " values differ: %s%s", n_diffs, size, text->str,
             n_diffs > MAX_TENSOR_DIFFS ? "; ..." : "");
}

/* Reads the consecutive pieces of one tensor, starting at r->pos, and
 * compares the whole with agon's. */
static void
check_tensor(Replay *r, gboolean information_state, int player)
{
  Tensor t;
  tensor_init(&t);
  int first_line = r->pos;
  g_autofree char *field = NULL;
  gboolean ok = TRUE;
  for (;;) {
    g_autofree char *tensor = NULL;
    g_autofree char *piece = NULL;
    const char *rest;
    if (!split_tensor_label(r->lines[r->pos], &tensor, &piece, &rest)) {
      ok = FALSE;
      break;
    }
    if (field == NULL)
      field = g_strdup(tensor);
    int start = (int) t.values->len;
    g_array_append_val(t.starts, start);
    g_ptr_array_add(t.pieces, g_steal_pointer(&piece));
    if (!parse_tensor_piece(r, rest, &t)) {
      ok = FALSE;
      break;
    }
    /* The next line continues this tensor when it names the same one. */
    const char *next = r->lines[r->pos + 1];
    if (next == NULL || !g_str_has_prefix(next, tensor)
        || strchr(".: ", next[strlen(tensor)]) == NULL || next[strlen(tensor)] == '\0')
      break;
    r->pos++;
  }
  int last_line = r->pos;
  r->pos = first_line;
  const AgonGameType *type = r->type;
  gboolean provided = information_state ? type->provides_information_state_tensor
                                        : type->provides_observation_tensor;
  if (!ok) {
    mismatch(r, field ? field : "tensor", "cannot read the drawing on line %d",
             last_line + 1);
  } else if (provided && (player < 0 || player >= r->n_players)) {
    mismatch(r, field, "no player %d", player);
  } else if (provided) {
    gsize size = information_state
                   ? agon_game_get_information_state_tensor_size(r->game)
                   : agon_game_get_observation_tensor_size(r->game);
    g_autofree float *got = g_new0(float, MAX(size, 1));
    if (information_state)
      agon_state_information_state_tensor(r->state, player, got);
    else
      agon_state_observation_tensor(r->state, player, got);
    compare_tensor(r, field, r->shapes[information_state ? 0 : 1], &t, got, size);
  }
  r->pos = last_line;
  tensor_clear(&t);
}

/* ---- Fields of a state -------------------------------------------------- */

static void
check_int_list(Replay *r, const char *field, const char *value, const AgonAction *got, int n)
{
  g_autoptr(GString) rendered = g_string_new(NULL);
  append_action_list(rendered, got, n);
  check_text(r, field, value, rendered->str);
}

static void
check_names(Replay *r, const char *field, const char *value, int player,
            const AgonAction *actions, int n)
{
  r->checked++;
  g_autoptr(GPtrArray) expected = parse_string_list(value);
  if (expected == NULL) {
    mismatch(r, field, "cannot read %s as a list of strings", value);
    return;
  }
  g_autoptr(GString) name = g_string_new(NULL);
  for (int i = 0; i < MAX((int) expected->len, n); i++) {
    g_string_truncate(name, 0);
    if (i < n)
      agon_state_action_to_string(r->state, player, actions[i], name);
    const char *want = i < (int) expected->len ? g_ptr_array_index(expected, i) : NULL;
    if (want != NULL && i < n && strcmp(want, name->str) == 0)
      continue;
    g_autofree char *entry = g_strdup_printf("%s, entry %d", field, i);
    if (want == NULL)
      mismatch(r, entry, "expected %u names, got %d, the next being \"%s\"", expected->len, n,
               name->str);
    else if (i >= n)
      mismatch(r, entry, "expected %u names, got %d, missing \"%s\"", expected->len, n, want);
    else
      text_mismatch(r, entry, want, name->str, TRUE);
    return;
  }
}

static void
check_values(Replay *r, const char *field, const char *value, const double *got)
{
  r->checked++;
  g_autoptr(GArray) expected = g_array_new(FALSE, FALSE, sizeof(double));
  if (!parse_number_list(value, expected)) {
    mismatch(r, field, "cannot read %s as a list of numbers", value);
    return;
  }
  gboolean same = (int) expected->len == r->n_players;
  for (guint i = 0; same && i < expected->len; i++)
    same = near(got[i], g_array_index(expected, double, i));
  if (same)
    return;
  g_autoptr(GString) rendered = g_string_new("[");
  for (int p = 0; p < r->n_players; p++)
    g_string_append_printf(rendered, p ? ", %g" : "%g", got[p]);
  g_string_append_c(rendered, ']');
  mismatch(r, field, "expected %s, got %s", value, rendered->str);
}

static void
check_chance_outcomes(Replay *r, const char *field, const char *value)
{
  r->checked++;
  g_autoptr(GArray) expected = g_array_new(FALSE, FALSE, sizeof(AgonChanceOutcome));
  if (!parse_outcomes(value, expected)) {
    mismatch(r, field, "cannot read %s as chance outcomes", value);
    return;
  }
  int max = agon_game_get_max_chance_outcomes(r->game);
  g_autofree AgonChanceOutcome *got = g_new0(AgonChanceOutcome, MAX(max, 1));
  int n = agon_state_chance_outcomes(r->state, got);
  gboolean same = (int) expected->len == n;
  for (int i = 0; same && i < n; i++) {
    AgonChanceOutcome *want = &g_array_index(expected, AgonChanceOutcome, i);
    same = want->action == got[i].action && near(got[i].probability, want->probability);
  }
  if (same)
    return;
  g_autoptr(GString) rendered = g_string_new("[");
  for (int i = 0; i < n; i++)
    g_string_append_printf(rendered, "%s(%d,%g)", i ? ", " : "", got[i].action,
                           got[i].probability);
  g_string_append_c(rendered, ']');
  mismatch(r, field, "expected %s, got %s", value, rendered->str);
}

static void
check_history(Replay *r, const char *field, const char *value)
{
  int n;
  const AgonAction *history = agon_state_get_history(r->state, &n);
  check_int_list(r, field, value, history, n);
}

static void
check_player_string(Replay *r, const char *field, const char *value, int player,
                    gboolean information_state)
{
  if (information_state ? !r->type->provides_information_state_string
                        : !r->type->provides_observation_string)
    return;
  if (player < 0 || player >= r->n_players) {
    mismatch(r, field, "no player %d", player);
    return;
  }
  g_autoptr(GString) got = g_string_new(NULL);
  if (information_state)
    agon_state_information_state_string(r->state, player, got);
  else
    agon_state_observation_string(r->state, player, got);
  check_quoted(r, field, value, got->str);
}

/* LegalActions() / LegalActions(p) and their StringLegalActions. */
static void
check_legal(Replay *r, const char *field, const char *value, int player, gboolean names)
{
  if (player >= r->n_players) {
    mismatch(r, field, "no player %d", player);
    return;
  }
  g_autofree AgonAction *actions = g_new0(AgonAction, agon_game_get_max_actions(r->game));
  int n = player < 0 ? agon_state_legal_actions(r->state, actions)
                     : agon_state_player_legal_actions(r->state, player, actions);
  if (names)
    check_names(r, field, value, player < 0 ? agon_state_current_player(r->state) : player,
                actions, n);
  else
    check_int_list(r, field, value, actions, n);
}

/* Checks the field on r->lines[r->pos]; a tensor may take more lines. */
static void
check_state_field(Replay *r)
{
  const char *line = r->lines[r->pos];
  gsize name_len = strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  if (line[name_len] != '(')
    return;
  const char *close = strchr(line + name_len, ')');
  if (close == NULL)
    return;
  g_autofree char *name = g_strndup(line, name_len);
  g_autofree char *field = g_strndup(line, (gsize) (close + 1 - line));
  g_autofree char *arg = g_strndup(line + name_len + 1, (gsize) (close - line) - name_len - 1);
  gint64 player = -1;
  if (arg[0] != '\0' && !parse_int(arg, &player)) {
    mismatch(r, field, "cannot read the player");
    return;
  }
  gboolean information_state = strcmp(name, "InformationStateTensor") == 0;
  if (information_state || strcmp(name, "ObservationTensor") == 0) {
    check_tensor(r, information_state, (int) player);
    return;
  }
  if (!g_str_has_prefix(close + 1, " = "))
    return;
  const char *value = close + 4;
  int p = (int) player;
  if (strcmp(name, "IsTerminal") == 0)
    check_bool(r, field, value, agon_state_is_terminal(r->state));
  else if (strcmp(name, "IsChanceNode") == 0)
    check_bool(r, field, value, agon_state_is_chance_node(r->state));
  else if (strcmp(name, "IsSimultaneousNode") == 0)
    check_bool(r, field, value, agon_state_is_simultaneous_node(r->state));
  else if (strcmp(name, "CurrentPlayer") == 0)
    check_int(r, field, value, agon_state_current_player(r->state));
  else if (strcmp(name, "History") == 0)
    check_history(r, field, value);
  else if (strcmp(name, "InformationStateString") == 0)
    check_player_string(r, field, value, p, TRUE);
  else if (strcmp(name, "ObservationString") == 0)
    check_player_string(r, field, value, p, FALSE);
  else if (strcmp(name, "ChanceOutcomes") == 0)
    check_chance_outcomes(r, field, value);
  else if (strcmp(name, "LegalActions") == 0)
    check_legal(r, field, value, p, FALSE);
  else if (strcmp(name, "StringLegalActions") == 0)
    check_legal(r, field, value, p, TRUE);
  else if (strcmp(name, "Rewards") == 0 || strcmp(name, "Returns") == 0) {
    g_autofree double *got = g_new0(double, r->n_players);
    if (strcmp(name, "Rewards") == 0)
      agon_state_rewards(r->state, got);
    else
      agon_state_returns(r->state, got);
    check_values(r, field, value, got);
  }
}

/* ---- Replaying ---------------------------------------------------------- */

/* Applies `action: N` or `actions: [a, b]`; FALSE when agon refuses. */
static gboolean
apply_line(Replay *r, const char *line)
{
  g_autoptr(GError) error = NULL;
  if (g_str_has_prefix(line, "action: ")) {
    gint64 action;
    if (!parse_int(line + 8, &action)) {
      mismatch(r, "action", "cannot read '%s'", line);
      return FALSE;
    }
    if (agon_state_apply_checked(r->state, (AgonAction) action, &error))
      return TRUE;
  } else {
    g_autoptr(GArray) numbers = g_array_new(FALSE, FALSE, sizeof(double));
    if (!parse_number_list(line + 9, numbers) || (int) numbers->len != r->n_players) {
      mismatch(r, "actions", "cannot read '%s' as a joint action of %d players", line,
               r->n_players);
      return FALSE;
    }
    g_autofree AgonAction *joint = g_new0(AgonAction, r->n_players);
    for (int p = 0; p < r->n_players; p++)
      joint[p] = (AgonAction) g_array_index(numbers, double, p);
    if (agon_state_apply_joint_checked(r->state, joint, &error))
      return TRUE;
  }
  mismatch(r, line, "agon refuses it: %s", error->message);
  return FALSE;
}

static void
replay_lines(Replay *r)
{
  gboolean applied = TRUE; /* an action since the last `# State k` */
  for (r->pos = 1; r->lines[r->pos] != NULL; r->pos++) {
    const char *line = r->lines[r->pos];
    gint64 k;
    if (g_str_has_prefix(line, "# State ") && applied && parse_int(line + 8, &k)
        && k == r->state_index + 1) {
      r->state_index = (int) k;
      applied = FALSE;
    } else if (g_str_has_prefix(line, "action: ") || g_str_has_prefix(line, "actions: ")) {
      if (r->state_index < 0 || applied) {
        mismatch(r, "action", "'%s' is not inside a state", line);
        return;
      }
      if (!apply_line(r, line))
        return;
      applied = TRUE;
    } else if (!g_ascii_isupper(line[0])) {
      continue; /* comments, blank lines, rows of ignored tensors */
    } else if (r->state_index < 0) {
      const char *eq = strstr(line, " = ");
      if (eq != NULL) {
        g_autofree char *key = g_strndup(line, (gsize) (eq - line));
        check_header_field(r, key, eq + 3);
      }
    } else {
      check_state_field(r);
    }
  }
  if (r->state_index < 0)
    mismatch(r, "file", "no `# State 0` line");
}

/* Replays c->contents; FALSE with c->message set on a mismatch. */
static gboolean
run_case(Case *c)
{
  if (c->contents == NULL)
    return FALSE;
  g_auto(GStrv) lines = g_strsplit(c->contents, "\n", -1);
  const char *game_string = lines[0] + strlen("game: ");
  g_autoptr(GError) error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
  if (game == NULL) {
    c->message = g_strdup_printf("%s: %s", c->file, error->message);
    return FALSE;
  }
  g_autoptr(AgonState) state = agon_state_new_initial(game);
  g_autoptr(GString) report = g_string_new(NULL);
  Replay r = {
    .file = c->file,
    .lines = lines,
    .state_index = -1,
    .game = game,
    .state = state,
    .type = agon_game_get_type(game),
    .n_players = agon_game_get_num_players(game),
    .report = report,
  };
  for (int i = 0; i < 2; i++)
    r.shapes[i] = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  replay_lines(&r);
  for (int i = 0; i < 2; i++)
    g_hash_table_unref(r.shapes[i]);
  print_message("# %s: %d fields compared\n", c->file, r.checked);
  if (r.mismatches == 0)
    return TRUE;
  c->message = g_strdup_printf("%s: %s differs from OpenSpiel in %d place%s%s%s", c->file,
                               game_string, r.mismatches, r.mismatches == 1 ? "" : "s",
                               r.mismatches > MAX_REPORTED ? ", the first ones:" : ":",
                               report->str);
  return FALSE;
}

static void
test_playthrough(void **state)
{
  Case *c = *state;
  if (!run_case(c))
    fail_msg("%s", c->message);
}

/* A game agon does not have: the case passes with a SKIP directive in its
 * name. cmocka 1.1.5's skip() prints `not ok N # SKIP`, which TAP readers
 * (meson's among them) count as a failure. */
static void
test_unregistered(void **state)
{
}

/* Loads c->contents and names the test: the file's name, followed by a
 * SKIP directive when agon does not know the file's game. */
static void
case_load(Case *c, const char *dir)
{
  c->path = g_build_filename(dir, c->file, NULL);
  g_autoptr(GError) error = NULL;
  if (!g_file_get_contents(c->path, &c->contents, NULL, &error)) {
    c->message = g_strdup(error->message);
  } else if (!g_str_has_prefix(c->contents, "game: ")) {
    c->message = g_strdup_printf("%s: the first line is not `game: ...`", c->file);
    g_clear_pointer(&c->contents, g_free);
  } else {
    g_autofree char *game_string = g_strndup(c->contents + strlen("game: "),
                                             strcspn(c->contents, "\n") - strlen("game: "));
    g_autoptr(AgonGame) game = agon_game_new(game_string, &error);
    if (g_error_matches(error, AGON_ERROR, AGON_ERROR_UNKNOWN_NAME)) {
      c->test_name = g_strdup_printf("%s # SKIP game not registered: %s", c->file, game_string);
      return;
    }
  }
  c->test_name = g_strdup(c->file);
}

static void
case_clear(Case *c)
{
  g_free(c->file);
  g_free(c->path);
  g_free(c->contents);
  g_free(c->test_name);
  g_free(c->message);
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The playthrough files in @dir, sorted. */
static GPtrArray *
list_playthroughs(const char *dir, GError **error)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, error);
  if (d == NULL)
    return NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL)
    if (g_str_has_suffix(name, ".txt"))
      g_ptr_array_add(names, g_strdup(name));
  g_ptr_array_sort(names, compare_names);
  return g_steal_pointer(&names);
}

int
main(void)
{
  g_autofree char *dir = test_data_path("openspiel-playthroughs");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = list_playthroughs(dir, &error);
  if (names == NULL || names->len == 0) {
    printf("Bail out! %s\n", names == NULL ? error->message : "no playthroughs found");
    return EXIT_FAILURE;
  }
  guint n = names->len;
  g_autofree struct CMUnitTest *tests = g_new0(struct CMUnitTest, n);
  g_autofree Case *cases = g_new0(Case, n);
  for (guint i = 0; i < n; i++) {
    cases[i].file = g_strdup(g_ptr_array_index(names, i));
    case_load(&cases[i], dir);
    gboolean skipped = strcmp(cases[i].test_name, cases[i].file) != 0;
    tests[i].name = cases[i].test_name;
    tests[i].test_func = skipped ? test_unregistered : test_playthrough;
    tests[i].initial_state = &cases[i];
  }
  int failed = _cmocka_run_group_tests("playthroughs", tests, n, NULL, NULL);
  for (guint i = 0; i < n; i++)
    case_clear(&cases[i]);
  return failed;
}
