/* agon: the tokenizer and numbers shared by the .efg and .nfg readers.
 *
 * Gambit's formats are free-form: white space (newlines included) only
 * separates tokens. A token is '{', '}', ',', a double-quoted string, or a
 * word: a run of anything else up to white space, a brace, a comma or a
 * quote. Inside a string \" stands for a quote and every other character,
 * newlines and backslashes included, stands for itself. Words are numbers
 * or symbols; a number is an integer, a decimal ("-1.5", ".5", "2e3") or a
 * fraction of integers ("1/3").
 *
 * Numbers are kept exactly as fractions of 64-bit integers whenever they
 * fit (a decimal "0.25" is 1/4), so that chance probabilities such as 1/3,
 * 1/3, 1/3 are seen to sum to exactly 1; the double used for play is the
 * correctly rounded value of what was written. Numbers too long for 64 bits
 * are kept as doubles only, and anything that does not round to a finite
 * double is refused. */
#include "games/gambit-private.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

/* How much of a token an error message quotes. */
#define QUOTE_CHARS 40

gboolean
agon__gambit_lexer_open(GambitLexer *lx, const char *path, GError **error)
{
  memset(lx, 0, sizeof *lx);
  lx->path = path;
  lx->line = 1;
  lx->token_line = 1;
  lx->value = g_string_new(NULL);
  GStatBuf st;
  if (g_stat(path, &st) != 0) {
    int saved = errno;
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: cannot open the file: %s", path,
                g_strerror(saved));
    return FALSE;
  }
  if (!S_ISREG(st.st_mode)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: not a regular file", path);
    return FALSE;
  }
  if (st.st_size > GAMBIT_MAX_FILE_SIZE) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_TOO_LARGE,
                "%s: the file has %" G_GINT64_FORMAT " bytes; at most %d are read", path,
                (gint64) st.st_size, GAMBIT_MAX_FILE_SIZE);
    return FALSE;
  }
  g_autoptr(GError) inner = NULL;
  if (!g_file_get_contents(path, &lx->text, &lx->length, &inner)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s: cannot read the file: %s", path,
                inner->message);
    return FALSE;
  }
  if (lx->length > GAMBIT_MAX_FILE_SIZE) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_TOO_LARGE, "%s: the file has more than %d bytes",
                path, GAMBIT_MAX_FILE_SIZE);
    return FALSE;
  }
  return TRUE;
}

void
agon__gambit_lexer_clear(GambitLexer *lx)
{
  g_clear_pointer(&lx->text, g_free);
  if (lx->value)
    g_string_free(lx->value, TRUE);
  lx->value = NULL;
}

gboolean
agon__gambit_fail(GambitLexer *lx, GError **error, AgonError code, const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *msg = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(error, AGON_ERROR, code, "%s:%d: %s", lx->path, lx->token_line, msg);
  return FALSE;
}

gboolean
agon__gambit_fail_at(GambitLexer *lx, int line, GError **error, AgonError code,
                     const char *format, ...)
{
  va_list args;
  va_start(args, format);
  g_autofree char *msg = g_strdup_vprintf(format, args);
  va_end(args);
  g_set_error(error, AGON_ERROR, code, "%s:%d: %s", lx->path, line, msg);
  return FALSE;
}

/* @text as valid UTF-8, cut to QUOTE_CHARS characters. */
static char *
quotable(const char *text, gssize length)
{
  g_autofree char *valid = g_utf8_make_valid(text, length);
  if (g_utf8_strlen(valid, -1) <= QUOTE_CHARS)
    return g_steal_pointer(&valid);
  g_autofree char *head = g_utf8_substring(valid, 0, QUOTE_CHARS);
  return g_strconcat(head, "...", NULL);
}

/* The current token as an error message shows it. */
static char *
describe(const GambitLexer *lx)
{
  switch (lx->token) {
  case GAMBIT_EOF:
    return g_strdup("the end of the file");
  case GAMBIT_LBRACE:
    return g_strdup("'{'");
  case GAMBIT_RBRACE:
    return g_strdup("'}'");
  case GAMBIT_COMMA:
    return g_strdup("','");
  case GAMBIT_STRING: {
    g_autofree char *text = quotable(lx->value->str, (gssize) lx->value->len);
    return g_strdup_printf("\"%s\"", text);
  }
  case GAMBIT_WORD:
  default: {
    g_autofree char *text = quotable(lx->value->str, (gssize) lx->value->len);
    return g_strdup_printf("'%s'", text);
  }
  }
}

gboolean
agon__gambit_expected(GambitLexer *lx, GError **error, const char *what)
{
  g_autofree char *got = describe(lx);
  return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE, "expected %s, got %s", what, got);
}

static gboolean
is_word_char(char c)
{
  return !g_ascii_isspace(c) && c != '{' && c != '}' && c != ',' && c != '"';
}

gboolean
agon__gambit_next(GambitLexer *lx, GError **error)
{
  const char *s = lx->text;
  gsize n = lx->length, i = lx->pos;
  while (i < n && g_ascii_isspace(s[i])) {
    if (s[i] == '\n')
      lx->line++;
    i++;
  }
  lx->token_line = lx->line;
  g_string_truncate(lx->value, 0);
  if (i == n) {
    lx->pos = i;
    lx->token = GAMBIT_EOF;
    return TRUE;
  }
  char c = s[i];
  if (c == '{' || c == '}' || c == ',') {
    lx->token = c == '{' ? GAMBIT_LBRACE : c == '}' ? GAMBIT_RBRACE : GAMBIT_COMMA;
    lx->pos = i + 1;
    return TRUE;
  }
  if (c == '"') {
    for (i++;; i++) {
      if (i == n) {
        lx->token = GAMBIT_EOF;
        return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                                 "a quoted string starting here is never closed");
      }
      if (s[i] == '"')
        break;
      if (s[i] == '\\' && i + 1 < n && s[i + 1] == '"')
        i++;
      else if (s[i] == '\n')
        lx->line++;
      g_string_append_c(lx->value, s[i]);
    }
    lx->pos = i + 1;
    lx->token = GAMBIT_STRING;
    return TRUE;
  }
  if ((guchar) c < 0x20 || c == 0x7f) {
    lx->pos = i;
    lx->token = GAMBIT_WORD;
    return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE, "unexpected control character 0x%02x",
                             (guchar) c);
  }
  gsize start = i;
  while (i < n && is_word_char(s[i]) && (guchar) s[i] >= 0x20 && s[i] != 0x7f)
    i++;
  g_string_append_len(lx->value, s + start, (gssize) (i - start));
  lx->pos = i;
  lx->token = GAMBIT_WORD;
  return TRUE;
}

gboolean
agon__gambit_is_word(const GambitLexer *lx, const char *word)
{
  return lx->token == GAMBIT_WORD && strcmp(lx->value->str, word) == 0;
}

gboolean
agon__gambit_expect(GambitLexer *lx, GambitToken token, const char *what, GError **error)
{
  if (lx->token != token)
    return agon__gambit_expected(lx, error, what);
  return agon__gambit_next(lx, error);
}

gboolean
agon__gambit_string(GambitLexer *lx, const char *what, char **out, GError **error)
{
  if (lx->token != GAMBIT_STRING)
    return agon__gambit_expected(lx, error, what);
  g_autofree char *text = g_utf8_make_valid(lx->value->str, (gssize) lx->value->len);
  if (!agon__gambit_next(lx, error))
    return FALSE;
  *out = g_steal_pointer(&text);
  return TRUE;
}

/* ---- Numbers ------------------------------------------------------------ */

typedef enum { NUMBER_OK, NUMBER_SYNTAX, NUMBER_ZERO_DIVISOR, NUMBER_RANGE } NumberStatus;

static gint64
gcd64(gint64 a, gint64 b)
{
  if (a < 0)
    a = -a;
  while (b != 0) {
    gint64 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

static void
reduce(GambitNumber *x)
{
  gint64 g = gcd64(x->num, x->den);
  if (g > 1) {
    x->num /= g;
    x->den /= g;
  }
}

/* Reads the digits at @s into @value; FALSE when they overflow 64 bits. */
static gboolean
digits_value(const char *s, gsize count, gint64 *value)
{
  gint64 v = 0;
  for (gsize i = 0; i < count; i++)
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, s[i] - '0', &v))
      return FALSE;
  *value = v;
  return TRUE;
}

static gsize
count_digits(const char *s)
{
  gsize n = 0;
  while (g_ascii_isdigit(s[n]))
    n++;
  return n;
}

static NumberStatus
parse_fraction(const char *s, gboolean negative, gsize num_digits, GambitNumber *out)
{
  const char *den_text = s + num_digits + 1;
  gsize den_digits = count_digits(den_text);
  if (den_digits == 0 || den_text[den_digits] != '\0')
    return NUMBER_SYNTAX;
  gint64 num, den;
  if (digits_value(s, num_digits, &num) && digits_value(den_text, den_digits, &den)) {
    if (den == 0)
      return NUMBER_ZERO_DIVISOR;
    out->num = negative ? -num : num;
    out->den = den;
    out->exact = TRUE;
    reduce(out);
    out->value = (double) out->num / (double) out->den;
    return NUMBER_OK;
  }
  /* Too long for exact arithmetic: divide the rounded values. */
  g_autofree char *num_text = g_strndup(s, num_digits);
  double d = g_ascii_strtod(den_text, NULL);
  if (d == 0)
    return NUMBER_ZERO_DIVISOR;
  out->value = (negative ? -1 : 1) * g_ascii_strtod(num_text, NULL) / d;
  out->exact = FALSE;
  return isfinite(out->value) ? NUMBER_OK : NUMBER_RANGE;
}

/* A decimal: digits, an optional fraction part, an optional exponent. */
static NumberStatus
parse_decimal(const char *text, const char *s, gboolean negative, GambitNumber *out)
{
  gsize int_digits = count_digits(s);
  const char *p = s + int_digits;
  gsize frac_digits = 0;
  if (*p == '.') {
    frac_digits = count_digits(p + 1);
    p += 1 + frac_digits;
  }
  if (int_digits + frac_digits == 0)
    return NUMBER_SYNTAX;
  gint64 exponent = 0;
  if (*p == 'e' || *p == 'E') {
    p++;
    gboolean minus = *p == '-';
    if (*p == '-' || *p == '+')
      p++;
    gsize exp_digits = count_digits(p);
    if (exp_digits == 0)
      return NUMBER_SYNTAX;
    for (gsize i = 0; i < exp_digits; i++)
      exponent = MIN(exponent * 10 + (p[i] - '0'), 100000);
    exponent = minus ? -exponent : exponent;
    p += exp_digits;
  }
  if (*p != '\0')
    return NUMBER_SYNTAX;
  out->value = g_ascii_strtod(text, NULL);
  if (!isfinite(out->value))
    return NUMBER_RANGE;

  /* The exact value: all digits as one integer, scaled by a power of 10. */
  out->exact = FALSE;
  GString *all = g_string_new_len(s, (gssize) int_digits);
  if (frac_digits)
    g_string_append_len(all, s + int_digits + 1, (gssize) frac_digits);
  gint64 mantissa;
  gboolean fits = digits_value(all->str, all->len, &mantissa);
  g_string_free(all, TRUE);
  gint64 scale = exponent - (gint64) frac_digits;
  if (!fits || scale > 18 || scale < -18)
    return NUMBER_OK;
  gint64 power = 1;
  for (gint64 i = 0; i < (scale < 0 ? -scale : scale); i++)
    power *= 10;
  out->num = negative ? -mantissa : mantissa;
  out->den = 1;
  if (scale >= 0) {
    if (__builtin_mul_overflow(out->num, power, &out->num))
      return NUMBER_OK;
  } else {
    out->den = power;
  }
  out->exact = TRUE;
  reduce(out);
  return NUMBER_OK;
}

static NumberStatus
parse_number(const char *text, GambitNumber *out)
{
  memset(out, 0, sizeof *out);
  const char *s = text;
  gboolean negative = *s == '-';
  if (*s == '-' || *s == '+')
    s++;
  gsize num_digits = count_digits(s);
  if (num_digits > 0 && s[num_digits] == '/')
    return parse_fraction(s, negative, num_digits, out);
  return parse_decimal(text, s, negative, out);
}

gboolean
agon__gambit_number(GambitLexer *lx, const char *what, GambitNumber *out, GError **error)
{
  if (lx->token != GAMBIT_WORD)
    return agon__gambit_expected(lx, error, what);
  switch (parse_number(lx->value->str, out)) {
  case NUMBER_OK:
    return agon__gambit_next(lx, error);
  case NUMBER_ZERO_DIVISOR: {
    g_autofree char *text = quotable(lx->value->str, -1);
    return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE, "'%s' divides by zero", text);
  }
  case NUMBER_RANGE: {
    g_autofree char *text = quotable(lx->value->str, -1);
    return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE, "the number '%s' is out of range",
                             text);
  }
  case NUMBER_SYNTAX:
  default:
    return agon__gambit_expected(lx, error, what);
  }
}

gboolean
agon__gambit_integer(GambitLexer *lx, const char *what, gint64 min, gint64 max, gint64 *out,
                     GError **error)
{
  GambitNumber x;
  if (lx->token != GAMBIT_WORD || parse_number(lx->value->str, &x) != NUMBER_OK)
    return agon__gambit_expected(lx, error, what);
  if (!x.exact || x.den != 1 || x.num < min || x.num > max) {
    g_autofree char *text = quotable(lx->value->str, -1);
    return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                             "expected %s (an integer from %" G_GINT64_FORMAT " to %"
                             G_GINT64_FORMAT "), got '%s'", what, min, max, text);
  }
  *out = x.num;
  return agon__gambit_next(lx, error);
}

void
agon__gambit_number_add(GambitNumber *sum, const GambitNumber *x)
{
  gint64 a, b, num, den;
  gboolean fits = sum->exact && x->exact && !__builtin_mul_overflow(sum->num, x->den, &a)
                  && !__builtin_mul_overflow(x->num, sum->den, &b)
                  && !__builtin_add_overflow(a, b, &num)
                  && !__builtin_mul_overflow(sum->den, x->den, &den);
  if (!fits) {
    sum->exact = FALSE;
    sum->value += x->value;
    return;
  }
  sum->num = num;
  sum->den = den;
  reduce(sum);
  sum->value = (double) sum->num / (double) sum->den;
}

void
agon__gambit_number_append(GString *out, const GambitNumber *x)
{
  if (x->exact && x->den == 1)
    g_string_append_printf(out, "%" G_GINT64_FORMAT, x->num);
  else if (x->exact)
    g_string_append_printf(out, "%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT, x->num, x->den);
  else
    g_string_append_printf(out, "%.17g", x->value);
}

/* ---- Names and payoffs --------------------------------------------------- */

char **
agon__gambit_action_names(char *const *labels, int n)
{
  char **names = g_new0(char *, n + 1);
  /* How often each label occurs, compared as string_to_action compares. */
  g_autoptr(GHashTable) counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < n; i++) {
    names[i] = g_strstrip(g_strdup(labels[i]));
    char *key = g_ascii_strdown(names[i], -1);
    gpointer count = g_hash_table_lookup(counts, key);
    g_hash_table_replace(counts, key, GINT_TO_POINTER(GPOINTER_TO_INT(count) + 1));
  }
  g_autoptr(GHashTable) taken = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < n; i++) {
    g_autofree char *key = g_ascii_strdown(names[i], -1);
    if (names[i][0] == '\0' || GPOINTER_TO_INT(g_hash_table_lookup(counts, key)) > 1) {
      char *renamed = g_strdup_printf("%s#%d", names[i], i);
      g_free(names[i]);
      names[i] = renamed;
    }
    /* A label may itself look like a renamed one ("a#1"): add more until free. */
    for (;;) {
      char *lower = g_ascii_strdown(names[i], -1);
      if (g_hash_table_add(taken, lower))
        break;
      char *renamed = g_strdup_printf("%s#%d", names[i], i);
      g_free(names[i]);
      names[i] = renamed;
    }
  }
  return names;
}

/* Equal up to the rounding of decimal input. */
static gboolean
near(double a, double b)
{
  return fabs(a - b) <= 1e-9 * MAX(1.0, MAX(fabs(a), fabs(b)));
}

void
agon__gambit_set_utility(AgonGame *game, const double *payoffs, gsize rows)
{
  int n = game->num_players;
  double first = 0;
  for (int p = 0; p < n; p++)
    first += payoffs[p];
  gboolean constant = TRUE, identical = TRUE;
  double lo = payoffs[0], hi = payoffs[0];
  for (gsize r = 0; r < rows; r++) {
    const double *row = payoffs + r * (gsize) n;
    double sum = 0;
    for (int p = 0; p < n; p++) {
      sum += row[p];
      identical = identical && near(row[p], row[0]);
      lo = MIN(lo, row[p]);
      hi = MAX(hi, row[p]);
    }
    constant = constant && near(sum, first);
  }
  game->min_utility = lo;
  game->max_utility = hi;
  game->utility_sum = 0;
  if (constant && near(first, 0)) {
    game->type.utility = AGON_UTILITY_ZERO_SUM;
  } else if (constant) {
    game->type.utility = AGON_UTILITY_CONSTANT_SUM;
    game->utility_sum = first;
  } else {
    game->type.utility = identical ? AGON_UTILITY_IDENTICAL : AGON_UTILITY_GENERAL_SUM;
  }
}

gboolean
agon__gambit_payoffs(GambitLexer *lx, int n, double *out, GError **error)
{
  for (int p = 0; p < n; p++) {
    GambitNumber x;
    if (!agon__gambit_number(lx, "a payoff", &x, error))
      return FALSE;
    out[p] = x.value;
    if (lx->token == GAMBIT_COMMA && !agon__gambit_next(lx, error))
      return FALSE;
  }
  if (lx->token != GAMBIT_RBRACE) {
    g_autofree char *what =
      g_strdup_printf("'}' after %d payoff%s (one per player)", n, n == 1 ? "" : "s");
    return agon__gambit_expected(lx, error, what);
  }
  return agon__gambit_next(lx, error);
}
