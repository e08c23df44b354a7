/* agon: parameter strings, "name(key=value,...)", as OpenSpiel writes them.
 *
 * Values stay text until agon_params_resolve() meets a spec that says what
 * they are; that avoids guessing types from the text ("1" an int or a
 * double?) and lets every error name the parameter and the whole input. */
#include <agon/agon.h>

#include <errno.h>
#include <math.h>
#include <string.h>

typedef struct {
  char *key;
  char *text;
  AgonParamType type; /* meaningful once resolved */
  gint64 i;
  double d;
  gboolean b;
} Pair;

struct AgonParams {
  char *name;
  char *input; /* the text it was parsed from, for messages */
  GArray *pairs; /* of Pair */
  gboolean resolved;
};

static void
pair_clear(gpointer p)
{
  Pair *pair = p;
  g_free(pair->key);
  g_free(pair->text);
}

static AgonParams *
params_alloc(const char *name, const char *input)
{
  AgonParams *params = g_new0(AgonParams, 1);
  params->name = g_strdup(name);
  params->input = g_strdup(input);
  params->pairs = g_array_new(FALSE, TRUE, sizeof(Pair));
  g_array_set_clear_func(params->pairs, pair_clear);
  return params;
}

void
agon_params_free(AgonParams *params)
{
  if (params == NULL)
    return;
  g_free(params->name);
  g_free(params->input);
  g_array_unref(params->pairs);
  g_free(params);
}

AgonParams *
agon_params_copy(const AgonParams *params)
{
  g_return_val_if_fail(params != NULL, NULL);
  AgonParams *copy = params_alloc(params->name, params->input);
  copy->resolved = params->resolved;
  for (guint i = 0; i < params->pairs->len; i++) {
    Pair pair = g_array_index(params->pairs, Pair, i);
    pair.key = g_strdup(pair.key);
    pair.text = g_strdup(pair.text);
    g_array_append_val(copy->pairs, pair);
  }
  return copy;
}

/* ---- Parsing -------------------------------------------------------- */

typedef struct {
  const char *input;
  const char *p;
} Parser;

static gboolean
parse_fail(Parser *ps, GError **error, const char *what)
{
  g_set_error(error, AGON_ERROR, AGON_ERROR_PARSE, "%s: %s at character %d", ps->input, what,
              (int) (ps->p - ps->input) + 1);
  return FALSE;
}

static void
skip_space(Parser *ps)
{
  while (g_ascii_isspace(*ps->p))
    ps->p++;
}

static gboolean
is_name_char(char c)
{
  return g_ascii_isalnum(c) || c == '_' || c == '-' || c == '+' || c == '.';
}

static char *
parse_name(Parser *ps)
{
  const char *start = ps->p;
  while (is_name_char(*ps->p))
    ps->p++;
  return start == ps->p ? NULL : g_strndup(start, ps->p - start);
}

/* A quoted value: "...", with \" and \\ escapes. */
static char *
parse_quoted(Parser *ps, GError **error)
{
  g_autoptr(GString) out = g_string_new(NULL);
  ps->p++; /* the opening quote */
  for (;;) {
    char c = *ps->p;
    if (c == '\0') {
      parse_fail(ps, error, "unterminated quoted value");
      return NULL;
    }
    ps->p++;
    if (c == '"')
      break;
    if (c == '\\' && (*ps->p == '"' || *ps->p == '\\'))
      c = *ps->p++;
    g_string_append_c(out, c);
  }
  return g_string_free(g_steal_pointer(&out), FALSE);
}

/* An unquoted value runs to the next ',' or ')' outside parentheses, so
 * that nested game strings are values too. */
static char *
parse_raw(Parser *ps, GError **error)
{
  const char *start = ps->p;
  int depth = 0;
  for (;; ps->p++) {
    char c = *ps->p;
    if (c == '\0')
      break;
    if (c == '(')
      depth++;
    else if (c == ')') {
      if (depth == 0)
        break;
      depth--;
    } else if (c == ',' && depth == 0)
      break;
  }
  if (depth != 0) {
    parse_fail(ps, error, "unbalanced parentheses in a value");
    return NULL;
  }
  g_autofree char *raw = g_strndup(start, ps->p - start);
  return g_strdup(g_strstrip(raw));
}

static gboolean
has_key(const AgonParams *params, const char *key)
{
  for (guint i = 0; i < params->pairs->len; i++)
    if (strcmp(g_array_index(params->pairs, Pair, i).key, key) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_pairs(Parser *ps, AgonParams *params, GError **error)
{
  skip_space(ps);
  if (*ps->p == ')')
    return TRUE;
  for (;;) {
    skip_space(ps);
    g_autofree char *key = parse_name(ps);
    if (key == NULL)
      return parse_fail(ps, error, "expected a parameter name");
    skip_space(ps);
    if (*ps->p != '=')
      return parse_fail(ps, error, "expected '=' after a parameter name");
    ps->p++;
    skip_space(ps);
    char *text = *ps->p == '"' ? parse_quoted(ps, error) : parse_raw(ps, error);
    if (text == NULL)
      return FALSE;
    if (*text == '\0' && ps->p[-1] != '"') {
      g_free(text);
      return parse_fail(ps, error, "expected a value");
    }
    if (has_key(params, key)) {
      g_free(text);
      g_set_error(error, AGON_ERROR, AGON_ERROR_PARSE, "%s: parameter %s is given twice",
                  ps->input, key);
      return FALSE;
    }
    Pair pair = { .key = g_steal_pointer(&key), .text = text };
    g_array_append_val(params->pairs, pair);
    skip_space(ps);
    if (*ps->p == ',') {
      ps->p++;
      continue;
    }
    if (*ps->p == ')')
      return TRUE;
    return parse_fail(ps, error, "expected ',' or ')'");
  }
}

AgonParams *
agon_params_parse(const char *text, GError **error)
{
  g_return_val_if_fail(text != NULL, NULL);
  Parser ps = { .input = text, .p = text };
  skip_space(&ps);
  g_autofree char *name = parse_name(&ps);
  if (name == NULL) {
    parse_fail(&ps, error, *ps.p ? "expected a name" : "empty string");
    return NULL;
  }
  g_autoptr(AgonParams) params = params_alloc(name, text);
  skip_space(&ps);
  if (*ps.p == '(') {
    ps.p++;
    if (!parse_pairs(&ps, params, error))
      return NULL;
    ps.p++; /* the closing parenthesis */
    skip_space(&ps);
  }
  if (*ps.p != '\0') {
    parse_fail(&ps, error, "unexpected text after the parameters");
    return NULL;
  }
  return g_steal_pointer(&params);
}

/* ---- Resolving against a spec --------------------------------------- */

static gboolean
spec_has_range(const AgonParamSpec *spec)
{
  return !(spec->min == 0 && spec->max == 0) && spec->min <= spec->max;
}

static gboolean
range_fail(const AgonParams *params, const AgonParamSpec *spec, GError **error)
{
  if (isinf(spec->max))
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "%s: %s must be at least %g",
                params->input, spec->name, spec->min);
  else if (isinf(spec->min))
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "%s: %s must be at most %g",
                params->input, spec->name, spec->max);
  else
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "%s: %s must be between %g and %g",
                params->input, spec->name, spec->min, spec->max);
  return FALSE;
}

static const char *
type_name(AgonParamType type)
{
  switch (type) {
  case AGON_PARAM_INT: return "an integer";
  case AGON_PARAM_DOUBLE: return "a number";
  case AGON_PARAM_BOOL: return "true or false";
  case AGON_PARAM_STRING: return "a string";
  case AGON_PARAM_GAME: return "a game string";
  }
  return "?";
}

static gboolean
convert(const AgonParams *params, const AgonParamSpec *spec, Pair *pair, GError **error)
{
  pair->type = spec->type;
  const char *text = pair->text;
  gboolean ok = TRUE;
  switch (spec->type) {
  case AGON_PARAM_INT: {
    char *end = NULL;
    errno = 0;
    gint64 v = g_ascii_strtoll(text, &end, 10);
    ok = *text != '\0' && *end == '\0' && errno == 0;
    pair->i = v;
    pair->d = (double) v;
    break;
  }
  case AGON_PARAM_DOUBLE: {
    char *end = NULL;
    errno = 0;
    double v = g_ascii_strtod(text, &end);
    ok = *text != '\0' && *end == '\0' && errno == 0 && isfinite(v);
    pair->d = v;
    break;
  }
  case AGON_PARAM_BOOL:
    if (g_ascii_strcasecmp(text, "true") == 0 || strcmp(text, "1") == 0)
      pair->b = TRUE;
    else if (g_ascii_strcasecmp(text, "false") == 0 || strcmp(text, "0") == 0)
      pair->b = FALSE;
    else
      ok = FALSE;
    break;
  case AGON_PARAM_STRING:
    break;
  case AGON_PARAM_GAME: {
    g_autoptr(GError) inner = NULL;
    g_autoptr(AgonParams) nested = agon_params_parse(text, &inner);
    if (nested == NULL) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "%s: %s: %s", params->input,
                  spec->name, inner->message);
      return FALSE;
    }
    break;
  }
  }
  if (!ok) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE, "%s: %s must be %s, not '%s'",
                params->input, spec->name, type_name(spec->type), text);
    return FALSE;
  }
  if ((spec->type == AGON_PARAM_INT || spec->type == AGON_PARAM_DOUBLE) && spec_has_range(spec)
      && (pair->d < spec->min || pair->d > spec->max))
    return range_fail(params, spec, error);
  return TRUE;
}

static const char *
given_text(const AgonParams *params, const char *key)
{
  for (guint i = 0; i < params->pairs->len; i++) {
    const Pair *pair = &g_array_index(params->pairs, Pair, i);
    if (strcmp(pair->key, key) == 0)
      return pair->text;
  }
  return NULL;
}

static char *
spec_names(const AgonParamSpec *specs)
{
  g_autoptr(GString) names = g_string_new(NULL);
  for (const AgonParamSpec *s = specs; s->name; s++)
    g_string_append_printf(names, "%s%s", names->len ? ", " : "", s->name);
  return g_string_free(g_steal_pointer(&names), FALSE);
}

AgonParams *
agon_params_resolve(const AgonParams *params, const AgonParamSpec *specs, GError **error)
{
  g_return_val_if_fail(params != NULL && specs != NULL, NULL);
  for (guint i = 0; i < params->pairs->len; i++) {
    const char *key = g_array_index(params->pairs, Pair, i).key;
    const AgonParamSpec *s = specs;
    while (s->name && strcmp(s->name, key) != 0)
      s++;
    if (s->name == NULL) {
      g_autofree char *names = spec_names(specs);
      if (*names)
        g_set_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_PARAMETER,
                    "%s: unknown parameter '%s' (%s takes %s)", params->input, key,
                    params->name, names);
      else
        g_set_error(error, AGON_ERROR, AGON_ERROR_UNKNOWN_PARAMETER,
                    "%s: unknown parameter '%s' (%s takes no parameters)", params->input, key,
                    params->name);
      return NULL;
    }
  }
  g_autoptr(AgonParams) out = params_alloc(params->name, params->input);
  out->resolved = TRUE;
  for (const AgonParamSpec *s = specs; s->name; s++) {
    const char *text = given_text(params, s->name);
    if (text == NULL)
      text = s->default_value;
    if (text == NULL) {
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: parameter %s is required", params->input, s->name);
      return NULL;
    }
    Pair pair = { .key = g_strdup(s->name), .text = g_strdup(text) };
    g_array_append_val(out->pairs, pair);
    Pair *stored = &g_array_index(out->pairs, Pair, out->pairs->len - 1);
    if (!convert(params, s, stored, error))
      return NULL;
  }
  return g_steal_pointer(&out);
}

/* ---- Access ---------------------------------------------------------- */

const char *
agon_params_get_name(const AgonParams *params)
{
  g_return_val_if_fail(params != NULL, NULL);
  return params->name;
}

guint
agon_params_get_size(const AgonParams *params)
{
  g_return_val_if_fail(params != NULL, 0);
  return params->pairs->len;
}

const char *
agon_params_get_key(const AgonParams *params, guint i)
{
  g_return_val_if_fail(params != NULL && i < params->pairs->len, NULL);
  return g_array_index(params->pairs, Pair, i).key;
}

const char *
agon_params_get_text(const AgonParams *params, guint i)
{
  g_return_val_if_fail(params != NULL && i < params->pairs->len, NULL);
  return g_array_index(params->pairs, Pair, i).text;
}

gboolean
agon_params_has(const AgonParams *params, const char *key)
{
  g_return_val_if_fail(params != NULL && key != NULL, FALSE);
  return has_key(params, key);
}

static const Pair *
typed_pair(const AgonParams *params, const char *key, AgonParamType type)
{
  g_assert(params->resolved);
  for (guint i = 0; i < params->pairs->len; i++) {
    const Pair *pair = &g_array_index(params->pairs, Pair, i);
    if (strcmp(pair->key, key) == 0) {
      g_assert(pair->type == type);
      return pair;
    }
  }
  g_error("parameter %s was not declared", key);
}

gint64
agon_params_get_int(const AgonParams *params, const char *key)
{
  return typed_pair(params, key, AGON_PARAM_INT)->i;
}

double
agon_params_get_double(const AgonParams *params, const char *key)
{
  return typed_pair(params, key, AGON_PARAM_DOUBLE)->d;
}

gboolean
agon_params_get_bool(const AgonParams *params, const char *key)
{
  return typed_pair(params, key, AGON_PARAM_BOOL)->b;
}

const char *
agon_params_get_string(const AgonParams *params, const char *key)
{
  g_assert(params->resolved);
  for (guint i = 0; i < params->pairs->len; i++) {
    const Pair *pair = &g_array_index(params->pairs, Pair, i);
    if (strcmp(pair->key, key) == 0) {
      g_assert(pair->type == AGON_PARAM_STRING || pair->type == AGON_PARAM_GAME);
      return pair->text;
    }
  }
  g_error("parameter %s was not declared", key);
}

/* ---- Writing back ----------------------------------------------------- */

static gboolean
needs_quotes(const char *text)
{
  if (*text == '\0' || strpbrk(text, "\"\\ \t\n") != NULL)
    return TRUE;
  if (strpbrk(text, ",()") == NULL)
    return FALSE;
  /* A nested parameter string stays as it is. */
  g_autoptr(AgonParams) nested = agon_params_parse(text, NULL);
  return nested == NULL;
}

char *
agon_params_to_string(const AgonParams *params)
{
  g_return_val_if_fail(params != NULL, NULL);
  g_autoptr(GString) out = g_string_new(params->name);
  g_string_append_c(out, '(');
  for (guint i = 0; i < params->pairs->len; i++) {
    const Pair *pair = &g_array_index(params->pairs, Pair, i);
    if (i > 0)
      g_string_append_c(out, ',');
    g_string_append_printf(out, "%s=", pair->key);
    if (!needs_quotes(pair->text)) {
      g_string_append(out, pair->text);
      continue;
    }
    g_string_append_c(out, '"');
    for (const char *c = pair->text; *c; c++) {
      if (*c == '"' || *c == '\\')
        g_string_append_c(out, '\\');
      g_string_append_c(out, *c);
    }
    g_string_append_c(out, '"');
  }
  g_string_append_c(out, ')');
  return g_string_free(g_steal_pointer(&out), FALSE);
}
