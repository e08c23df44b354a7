/* agon: policies and their JSON files.
 *
 * A policy is a tree and one probability per slot of it. That makes a
 * policy from a solver a copy of one array, and evaluation of a policy free
 * of lookups; the strings matter only at the edges, when a file is read or
 * written or a caller asks about one information set.
 *
 * Loading checks everything a hand-edited or foreign file can get wrong and
 * names the information set at fault. Probabilities are kept as written
 * (not renormalized), so a file that was saved loads back bit for bit. */
#include "solvers/solvers-private.h"

#include <math.h>
#include <json-glib/json-glib.h>

#define FORMAT_NAME "agon-policy"
#define SUM_TOLERANCE 1e-6

static AgonPolicy *
policy_alloc(AgonTree *tree)
{
  AgonPolicy *policy = g_new0(AgonPolicy, 1);
  policy->ref_count = 1;
  policy->tree = agon_tree_ref(tree);
  policy->probs = g_new(double, MAX(tree->num_slots, 1));
  return policy;
}

AgonPolicy *
agon_policy_new_uniform(AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, NULL);
  AgonPolicy *policy = policy_alloc(tree);
  agon_tree_uniform_probs(tree, policy->probs);
  return policy;
}

AgonPolicy *
agon_policy_new_from_probs(AgonTree *tree, const double *probs)
{
  g_return_val_if_fail(tree != NULL && probs != NULL, NULL);
  AgonPolicy *policy = policy_alloc(tree);
  memcpy(policy->probs, probs, sizeof(double) * (gsize) tree->num_slots);
  return policy;
}

AgonPolicy *
agon_policy_ref(AgonPolicy *policy)
{
  g_return_val_if_fail(policy != NULL, NULL);
  g_atomic_int_inc(&policy->ref_count);
  return policy;
}

void
agon_policy_unref(AgonPolicy *policy)
{
  if (policy == NULL || !g_atomic_int_dec_and_test(&policy->ref_count))
    return;
  agon_tree_unref(policy->tree);
  g_free(policy->probs);
  g_free(policy);
}

AgonTree *
agon_policy_get_tree(const AgonPolicy *policy)
{
  g_return_val_if_fail(policy != NULL, NULL);
  return policy->tree;
}

const double *
agon_policy_get_probs(const AgonPolicy *policy)
{
  g_return_val_if_fail(policy != NULL, NULL);
  return policy->probs;
}

double
agon_policy_get_probability(const AgonPolicy *policy, int player, const char *infoset,
                            AgonAction action)
{
  g_return_val_if_fail(policy != NULL && infoset != NULL, -1);
  const AgonTree *t = policy->tree;
  int i = agon_tree_lookup_infoset(t, player, infoset);
  if (i < 0)
    return -1;
  for (gint32 s = t->infoset_offset[i]; s < t->infoset_offset[i + 1]; s++)
    if (t->slot_action[s] == action)
      return policy->probs[s];
  return 0;
}

/* The information-state string as it appears in messages: escaped, since
 * some games put newlines in them. */
static char *
quoted(const char *infoset)
{
  g_autofree char *escaped = g_strescape(infoset, NULL);
  return g_strdup_printf("'%s'", escaped);
}

gboolean
agon_policy_get_probs_for_tree(const AgonPolicy *policy, const AgonTree *tree, double *probs,
                               GError **error)
{
  g_return_val_if_fail(policy != NULL && tree != NULL && probs != NULL, FALSE);
  const AgonTree *own = policy->tree;
  if (strcmp(own->game_string, tree->game_string) != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                "the policy is for %s, not %s", own->game_string, tree->game_string);
    return FALSE;
  }
  if (own == tree || own->fingerprint == tree->fingerprint) {
    memcpy(probs, policy->probs, sizeof(double) * (gsize) tree->num_slots);
    return TRUE;
  }
  /* Another compilation with another numbering: match by strings. */
  for (gint32 i = 0; i < tree->num_infosets; i++) {
    int p = tree->infoset_player[i];
    int j = agon_tree_lookup_infoset(own, p, tree->infoset_string[i]);
    gint32 n = tree->infoset_num_actions[i];
    if (j < 0 || own->infoset_num_actions[j] != n
        || memcmp(own->slot_action + own->infoset_offset[j],
                  tree->slot_action + tree->infoset_offset[i], sizeof(AgonAction) * n) != 0) {
      g_autofree char *name = quoted(tree->infoset_string[i]);
      g_set_error(error, AGON_ERROR, AGON_ERROR_INVALID_VALUE,
                  "%s: the policy has no information set %s of player %d with the same actions",
                  tree->game_string, name, p);
      return FALSE;
    }
    memcpy(probs + tree->infoset_offset[i], policy->probs + own->infoset_offset[j],
           sizeof(double) * n);
  }
  return TRUE;
}

/* ---- Writing ----------------------------------------------------------- */

/* Appends @text as a JSON string literal. */
static void
append_json_string(GString *out, const char *text)
{
  g_autoptr(JsonNode) node = json_node_init_string(json_node_alloc(), text);
  g_autofree char *literal = json_to_string(node, FALSE);
  g_string_append(out, literal);
}

/* Appends @x with the fewest digits that read back as the same double. */
static void
append_double(GString *out, double x)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int digits = 15; digits <= 17; digits++) {
    char format[8];
    g_snprintf(format, sizeof format, "%%.%dg", digits);
    g_ascii_formatd(buf, sizeof buf, format, x);
    if (g_ascii_strtod(buf, NULL) == x)
      break;
  }
  g_string_append(out, buf);
}

/* Written by hand rather than with JsonGenerator, to keep one information
 * set per line: a Leduc policy stays a file a person can read and diff. */
GString *
agon__policy_json_begin(const char *game_string)
{
  GString *out = g_string_new("{\n  \"format\": \"" FORMAT_NAME "\",\n");
  g_string_append_printf(out, "  \"version\": %d,\n  \"game\": ", AGON_POLICY_FORMAT_VERSION);
  append_json_string(out, game_string);
  g_string_append(out, ",\n  \"infosets\": [\n");
  return out;
}

void
agon__policy_json_add(GString *out, gboolean first, int player, const char *infoset,
                      const AgonAction *actions, const double *probs, int n)
{
  g_string_append_printf(out, "%s    {\"player\": %d, \"infoset\": ", first ? "" : ",\n",
                         player);
  append_json_string(out, infoset);
  g_string_append(out, ", \"actions\": [");
  for (int k = 0; k < n; k++)
    g_string_append_printf(out, k ? ", %d" : "%d", actions[k]);
  g_string_append(out, "], \"probabilities\": [");
  for (int k = 0; k < n; k++) {
    if (k)
      g_string_append(out, ", ");
    append_double(out, probs[k]);
  }
  g_string_append(out, "]}");
}

char *
agon__policy_json_end(GString *out, gboolean empty)
{
  g_string_append(out, empty ? "  ]\n}\n" : "\n  ]\n}\n");
  return g_string_free(out, FALSE);
}

char *
agon_policy_to_json(const AgonPolicy *policy)
{
  g_return_val_if_fail(policy != NULL, NULL);
  const AgonTree *t = policy->tree;
  GString *out = agon__policy_json_begin(t->game_string);
  for (gint32 i = 0; i < t->num_infosets; i++) {
    gint32 o = t->infoset_offset[i];
    agon__policy_json_add(out, i == 0, t->infoset_player[i], t->infoset_string[i],
                          t->slot_action + o, policy->probs + o, t->infoset_offset[i + 1] - o);
  }
  return agon__policy_json_end(out, t->num_infosets == 0);
}

gboolean
agon_policy_save(const AgonPolicy *policy, const char *path, GError **error)
{
  g_return_val_if_fail(policy != NULL && path != NULL, FALSE);
  g_autofree char *text = agon_policy_to_json(policy);
  g_autoptr(GError) io = NULL;
  if (!g_file_set_contents(path, text, -1, &io)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s", io->message);
    return FALSE;
  }
  return TRUE;
}

/* ---- Reading ----------------------------------------------------------- */

typedef struct {
  const char *name; /* the file, for messages */
  AgonTree *tree;
  double *probs;
  gboolean *seen;   /* per information set */
} Loader;

static gboolean
bad(const Loader *ld, GError **error, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static gboolean
bad(const Loader *ld, GError **error, const char *fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, args);
  va_end(args);
  g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: %s", ld->name, msg);
  return FALSE;
}

static gboolean
is_number(JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE(node))
    return FALSE;
  GType type = json_node_get_value_type(node);
  return type == G_TYPE_DOUBLE || type == G_TYPE_INT64;
}

static gboolean
is_integer(JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE(node)
         && json_node_get_value_type(node) == G_TYPE_INT64;
}

static gboolean
is_string(JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE(node)
         && json_node_get_value_type(node) == G_TYPE_STRING;
}

static JsonArray *
get_array(JsonObject *obj, const char *member)
{
  JsonNode *node = json_object_get_member(obj, member);
  return node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

/* Reads one entry of "infosets" into the loader's probabilities. */
static gboolean
load_entry(Loader *ld, guint index, JsonNode *node, GError **error)
{
  const AgonTree *t = ld->tree;
  if (!JSON_NODE_HOLDS_OBJECT(node))
    return bad(ld, error, "infosets[%u] is not an object", index);
  JsonObject *obj = json_node_get_object(node);
  JsonNode *player_node = json_object_get_member(obj, "player");
  JsonNode *string_node = json_object_get_member(obj, "infoset");
  if (!is_string(string_node))
    return bad(ld, error, "infosets[%u] has no \"infoset\" string", index);
  g_autofree char *name = quoted(json_node_get_string(string_node));
  if (!is_integer(player_node))
    return bad(ld, error, "infoset %s has no \"player\" number", name);
  gint64 player = json_node_get_int(player_node);
  if (player < 0 || player >= t->num_players)
    return bad(ld, error, "infoset %s: player %" G_GINT64_FORMAT " is not a player of %s", name,
               player, t->game_string);
  int i = agon_tree_lookup_infoset(t, (int) player, json_node_get_string(string_node));
  if (i < 0)
    return bad(ld, error, "infoset %s of player %d: %s has no such information set", name,
               (int) player, t->game_string);
  if (ld->seen[i])
    return bad(ld, error, "infoset %s of player %d appears twice", name, (int) player);
  ld->seen[i] = TRUE;

  JsonArray *actions = get_array(obj, "actions");
  JsonArray *probs = get_array(obj, "probabilities");
  if (actions == NULL || probs == NULL)
    return bad(ld, error, "infoset %s needs \"actions\" and \"probabilities\" arrays", name);
  guint n = json_array_get_length(actions);
  if (json_array_get_length(probs) != n)
    return bad(ld, error, "infoset %s has %u actions but %u probabilities", name, n,
               json_array_get_length(probs));

  gint32 offset = t->infoset_offset[i], count = t->infoset_num_actions[i];
  for (gint32 k = 0; k < count; k++)
    ld->probs[offset + k] = 0;
  g_autofree gboolean *given = g_new0(gboolean, count);
  double sum = 0;
  for (guint j = 0; j < n; j++) {
    JsonNode *a = json_array_get_element(actions, j);
    JsonNode *p = json_array_get_element(probs, j);
    if (!is_integer(a))
      return bad(ld, error, "infoset %s: actions[%u] is not an integer", name, j);
    if (!is_number(p))
      return bad(ld, error, "infoset %s: probabilities[%u] is not a number", name, j);
    gint64 action = json_node_get_int(a);
    double prob = json_node_get_double(p);
    gint32 k = 0;
    while (k < count && t->slot_action[offset + k] != action)
      k++;
    if (k == count) {
      g_autoptr(GString) legal = g_string_new(NULL);
      for (gint32 m = 0; m < count; m++)
        g_string_append_printf(legal, m ? ", %d" : "%d", t->slot_action[offset + m]);
      return bad(ld, error, "infoset %s: action %" G_GINT64_FORMAT " is not legal there "
                 "(legal: %s)", name, action, legal->str);
    }
    if (given[k])
      return bad(ld, error, "infoset %s: action %" G_GINT64_FORMAT " is listed twice", name,
                 action);
    given[k] = TRUE;
    if (!(prob >= 0) || !isfinite(prob))
      return bad(ld, error, "infoset %s: action %" G_GINT64_FORMAT " has probability %g; "
                 "probabilities must not be negative", name, action, prob);
    ld->probs[offset + k] = prob;
    sum += prob;
  }
  if (fabs(sum - 1) > SUM_TOLERANCE)
    return bad(ld, error, "infoset %s: probabilities sum to %.9g, not 1", name, sum);
  return TRUE;
}

static gboolean
load_entries(Loader *ld, JsonObject *root, AgonPolicyLoadFlags flags, GError **error)
{
  const AgonTree *t = ld->tree;
  JsonArray *entries = get_array(root, "infosets");
  if (entries == NULL)
    return bad(ld, error, "no \"infosets\" array");
  guint n = json_array_get_length(entries);
  for (guint j = 0; j < n; j++)
    if (!load_entry(ld, j, json_array_get_element(entries, j), error))
      return FALSE;

  gint32 missing = 0, first = -1;
  for (gint32 i = 0; i < t->num_infosets; i++) {
    if (ld->seen[i])
      continue;
    if (first < 0)
      first = i;
    missing++;
    double u = 1.0 / t->infoset_num_actions[i];
    for (gint32 s = t->infoset_offset[i]; s < t->infoset_offset[i + 1]; s++)
      ld->probs[s] = u;
  }
  if (missing > 0 && !(flags & AGON_POLICY_LOAD_FILL_UNIFORM)) {
    g_autofree char *name = quoted(t->infoset_string[first]);
    return bad(ld, error,
               "infoset %s of player %d is missing (%d of the game's %d information sets are; "
               "fill them with the uniform policy to load it anyway)",
               name, t->infoset_player[first], missing, t->num_infosets);
  }
  return TRUE;
}

static AgonPolicy *
load(const char *name, const char *data, gssize length, AgonTree *tree,
     AgonPolicyLoadFlags flags, GError **error)
{
  Loader ld = { .name = name };
  g_autoptr(JsonParser) parser = json_parser_new();
  g_autoptr(GError) parse_error = NULL;
  if (!json_parser_load_from_data(parser, data, length, &parse_error)) {
    bad(&ld, error, "not a JSON file: %s", parse_error->message);
    return NULL;
  }
  JsonNode *root_node = json_parser_get_root(parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT(root_node)) {
    bad(&ld, error, "not a policy file (the top level is not an object)");
    return NULL;
  }
  JsonObject *root = json_node_get_object(root_node);
  JsonNode *format = json_object_get_member(root, "format");
  if (!is_string(format) || strcmp(json_node_get_string(format), FORMAT_NAME) != 0) {
    bad(&ld, error, "not a policy file (no \"format\": \"" FORMAT_NAME "\")");
    return NULL;
  }
  JsonNode *version = json_object_get_member(root, "version");
  if (!is_integer(version) || json_node_get_int(version) != AGON_POLICY_FORMAT_VERSION) {
    bad(&ld, error, "unsupported policy format version (this agon reads version %d)",
        AGON_POLICY_FORMAT_VERSION);
    return NULL;
  }
  JsonNode *game_node = json_object_get_member(root, "game");
  if (!is_string(game_node)) {
    bad(&ld, error, "no \"game\" string");
    return NULL;
  }
  const char *game_string = json_node_get_string(game_node);
  g_autoptr(GError) game_error = NULL;
  g_autoptr(AgonGame) game = agon_game_new(game_string, &game_error);
  if (game == NULL) {
    bad(&ld, error, "game '%s': %s", game_string, game_error->message);
    return NULL;
  }
  g_autoptr(AgonTree) own_tree = NULL;
  if (tree == NULL) {
    own_tree = agon_tree_new(game, 0, error);
    if (own_tree == NULL) {
      g_prefix_error(error, "%s: ", name);
      return NULL;
    }
    tree = own_tree;
  } else {
    g_autofree char *canonical = agon__game_canonical_string(game);
    if (strcmp(canonical, tree->game_string) != 0) {
      bad(&ld, error, "the policy is for %s, not %s", canonical, tree->game_string);
      return NULL;
    }
  }

  g_autoptr(AgonPolicy) policy = policy_alloc(tree);
  g_autofree gboolean *seen = g_new0(gboolean, MAX(tree->num_infosets, 1));
  ld.tree = tree;
  ld.probs = policy->probs;
  ld.seen = seen;
  if (!load_entries(&ld, root, flags, error))
    return NULL;
  return g_steal_pointer(&policy);
}

AgonPolicy *
agon_policy_load_from_data(const char *data, gssize length, AgonTree *tree,
                           AgonPolicyLoadFlags flags, GError **error)
{
  g_return_val_if_fail(data != NULL, NULL);
  return load("policy", data, length, tree, flags, error);
}

AgonPolicy *
agon_policy_load(const char *path, AgonTree *tree, AgonPolicyLoadFlags flags, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) io = NULL;
  if (!g_file_get_contents(path, &data, &length, &io)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s", io->message);
    return NULL;
  }
  return load(path, data, (gssize) length, tree, flags, error);
}
