/* agon: parameter strings with OpenSpiel's syntax.
 *
 * A game (or solver, or bot) is named by a string such as
 * "leduc_poker(players=3)" or "dcfr(alpha=1.5,beta=0,gamma=2)": a name,
 * optionally followed by parenthesised key=value pairs separated by commas.
 * Values are integers, doubles, booleans (true/false), strings, or nested
 * parameter strings ("turn_based(game=goofspiel(num_cards=4))"). A value
 * containing commas or parentheses may be written in double quotes, with \"
 * and \\ escapes. */
#pragma once

#include <agon/macros.h>
#include <agon/error.h>

G_BEGIN_DECLS

typedef enum {
  AGON_PARAM_INT,
  AGON_PARAM_DOUBLE,
  AGON_PARAM_BOOL,
  AGON_PARAM_STRING,
  AGON_PARAM_GAME, /* a nested parameter string */
} AgonParamType;

/* The declaration of one parameter, as a game or solver publishes it.
 * Tables of specs end with an entry whose @name is NULL. */
typedef struct {
  const char *name;
  AgonParamType type;
  /* The default, written as in a parameter string; NULL makes it required. */
  const char *default_value;
  /* Inclusive range for INT and DOUBLE; ignored when min > max. */
  double min, max;
  /* One line for `agon info` and --help texts. */
  const char *description;
} AgonParamSpec;

/* A parsed parameter string: a name and an ordered list of key=value pairs
 * whose values are kept as text until a spec gives them a type. */
typedef struct AgonParams AgonParams;

/* Parses @text. Returns NULL and sets AGON_ERROR_PARSE when it is not well
 * formed (unbalanced parentheses, a missing '=', a repeated key, ...).
 * Free the result with agon_params_free(). */
AGON_API AgonParams *agon_params_parse(const char *text, GError **error);

/* Checks @params against @specs (unknown keys, types, ranges) and returns a
 * new AgonParams holding every spec'd key, defaults filled in, in spec
 * order. Errors are AGON_ERROR_UNKNOWN_PARAMETER and AGON_ERROR_INVALID_VALUE,
 * with messages such as "leduc_poker(players=11): players must be between 2
 * and 10". */
AGON_API AgonParams *agon_params_resolve(const AgonParams *params,
                                         const AgonParamSpec *specs, GError **error);

AGON_API void agon_params_free(AgonParams *params);
AGON_API AgonParams *agon_params_copy(const AgonParams *params);

/* The name before the parenthesis. Borrowed. */
AGON_API const char *agon_params_get_name(const AgonParams *params);
/* Number of key=value pairs. */
AGON_API guint agon_params_get_size(const AgonParams *params);
/* The i-th key and its value as text. Borrowed. */
AGON_API const char *agon_params_get_key(const AgonParams *params, guint i);
AGON_API const char *agon_params_get_text(const AgonParams *params, guint i);
/* Whether @key is present. */
AGON_API gboolean agon_params_has(const AgonParams *params, const char *key);

/* Typed getters for resolved parameters. The key must exist and have been
 * resolved with the matching type: asking for anything else is a bug. */
AGON_API gint64 agon_params_get_int(const AgonParams *params, const char *key);
AGON_API double agon_params_get_double(const AgonParams *params, const char *key);
AGON_API gboolean agon_params_get_bool(const AgonParams *params, const char *key);
AGON_API const char *agon_params_get_string(const AgonParams *params, const char *key);

/* Writes @params back as a parameter string: "name(k=v,...)", or "name()"
 * when there are no pairs. Values that need it are quoted. Free with
 * g_free(). */
AGON_API char *agon_params_to_string(const AgonParams *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(AgonParams, agon_params_free)

G_END_DECLS
