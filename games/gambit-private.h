/* agon: reading Gambit's .efg and .nfg files, the parts both formats share.
 *
 * Both formats are a stream of tokens separated by white space: braces,
 * commas, double-quoted strings (with \" for a quote inside) and words. A
 * word is a number ("3", "-1.5", "2e3", "1/3") or a symbol ("EFG", "R",
 * "c"). The lexer reads the whole file into memory and hands out one token
 * at a time with the line it started on, so that every error can say
 * "file:line: what was expected, got what". Parsers never recurse on the
 * input, and every error is one GError in the AGON_ERROR domain:
 * AGON_ERROR_BAD_FILE for malformed or inconsistent contents,
 * AGON_ERROR_TOO_LARGE past the limits below, AGON_ERROR_FAILED when the
 * file cannot be read. */
#pragma once

#include "games/games-private.h"

G_BEGIN_DECLS

/* Limits that keep a hostile or mistaken file from exhausting memory. */
#define GAMBIT_MAX_FILE_SIZE (128 * 1024 * 1024)
#define GAMBIT_MAX_PLAYERS 100
#define GAMBIT_MAX_ACTIONS 1000 /* at one node, or strategies of one player */

typedef enum {
  GAMBIT_EOF,
  GAMBIT_LBRACE,
  GAMBIT_RBRACE,
  GAMBIT_COMMA,
  GAMBIT_STRING, /* the text, unquoted and unescaped, is in value */
  GAMBIT_WORD,   /* a number or a symbol, in value */
} GambitToken;

typedef struct {
  const char *path; /* as given, for messages; borrowed */
  char *text;       /* the whole file */
  gsize length;
  gsize pos;
  int line;         /* the line at pos */
  GambitToken token;
  int token_line;   /* the line the current token starts on */
  GString *value;
} GambitLexer;

/* A number as written: its double value and, when it fits in 64 bits,
 * the exact fraction num/den (lowest terms, den > 0). */
typedef struct {
  double value;
  gint64 num, den;
  gboolean exact;
} GambitNumber;

/* Reads @path into @lx, positioned before the first token. FALSE with
 * AGON_ERROR_FAILED (or TOO_LARGE) when the file cannot be read. Clear
 * @lx with agon__gambit_lexer_clear() either way. */
gboolean agon__gambit_lexer_open(GambitLexer *lx, const char *path, GError **error);
void agon__gambit_lexer_clear(GambitLexer *lx);

/* Moves to the next token. FALSE with AGON_ERROR_BAD_FILE for an
 * unterminated string or a stray character. */
gboolean agon__gambit_next(GambitLexer *lx, GError **error);

/* Sets "path:line: message" (the current token's line) and returns FALSE. */
gboolean agon__gambit_fail(GambitLexer *lx, GError **error, AgonError code, const char *format,
                           ...) G_GNUC_PRINTF(4, 5);

/* The same, for line @line. */
gboolean agon__gambit_fail_at(GambitLexer *lx, int line, GError **error, AgonError code,
                              const char *format, ...) G_GNUC_PRINTF(5, 6);

/* Fails with "expected @what, got <the current token>". */
gboolean agon__gambit_expected(GambitLexer *lx, GError **error, const char *what);

/* Whether the current token is the symbol @word. */
gboolean agon__gambit_is_word(const GambitLexer *lx, const char *word);

/* Reads the current token as a number and moves past it; fails with
 * "expected @what" when it is none, or when it is out of range. */
gboolean agon__gambit_number(GambitLexer *lx, const char *what, GambitNumber *out, GError **error);

/* Reads the current token as an integer in [@min, @max] and moves past it. */
gboolean agon__gambit_integer(GambitLexer *lx, const char *what, gint64 min, gint64 max,
                              gint64 *out, GError **error);

/* Reads the current token as a quoted string into a new string (valid
 * UTF-8) and moves past it; *out is left alone on failure. */
gboolean agon__gambit_string(GambitLexer *lx, const char *what, char **out, GError **error);

/* Checks the current token is @token and moves past it. */
gboolean agon__gambit_expect(GambitLexer *lx, GambitToken token, const char *what,
                             GError **error);

/* Adds @x to @sum, exactly while both are exact and the result fits. */
void agon__gambit_number_add(GambitNumber *sum, const GambitNumber *x);

/* Appends @x as written in lowest terms ("5/6") or as a double. */
void agon__gambit_number_append(GString *out, const GambitNumber *x);

/* Reads @n payoffs, each optionally followed by a comma, then the closing
 * '}' (the caller has read what precedes the payoffs), into @out. */
gboolean agon__gambit_payoffs(GambitLexer *lx, int n, double *out, GError **error);

/* Action names from a file's labels: each label stripped of surrounding
 * white space, with "#i" added (i the action id) when a label is empty or
 * equal to another one up to case, so that every name is distinct and
 * names its action. Returns a new NULL-terminated array. */
char **agon__gambit_action_names(char *const *labels, int n);

/* Sets game->type.utility, utility_sum, min_utility and max_utility from
 * @rows payoff rows of game->num_players entries each, as OpenSpiel
 * classifies them: zero-sum, else constant-sum, else identical, else
 * general-sum. */
void agon__gambit_set_utility(AgonGame *game, const double *payoffs, gsize rows);

G_END_DECLS
