/* agon: compiling a game into an AgonTree.
 *
 * One depth-first walk through the public game API. The walk keeps one
 * state buffer per depth and makes each child with agon_state_copy() and
 * one apply, so it allocates only when the node arrays grow. A node's
 * children get consecutive ids when the node is expanded, before the walk
 * descends, which keeps every parent before its children and each child
 * list contiguous.
 *
 * Information sets are looked up by string only here, once per decision
 * node; they are first numbered in the order met, then regrouped by player
 * (a stable regrouping, so each player's stay parents-first). Each frame of
 * the walk carries every player's last slot, which gives both the perfect
 * recall check (all histories of an information set must agree on it) and,
 * at terminals, the tuple of sequences that the sequence-form payoff
 * matrices are built from (see solvers-private.h). */
#include "solvers/solvers-private.h"

#include <math.h>

/* ---- The walk ---------------------------------------------------------- */

typedef struct {
  gint32 player;
  gint32 offset;      /* first slot, in the order met */
  gint32 num_actions;
  gint32 parent;      /* the player's previous slot, -1 for none */
  gint32 histories;
  char *string;
} Infoset;

/* One level of the walk. */
typedef struct {
  gint32 node;
  gint32 next;      /* the next child to visit */
  AgonState *state; /* shared with the parent inside a simultaneous move */
  int sim;          /* -1, or who acts in a sequentialized simultaneous move */
  double reach;     /* chance reach */
} Frame;

typedef struct {
  AgonTree *tree;
  const AgonGame *game;
  int n;
  gint64 max_nodes;
  gint64 capacity;
  GArray *infosets;    /* Infoset, in the order met */
  GArray *slot_action; /* AgonAction, in the order met */
  GHashTable **lookup; /* per player: string -> index met + 1 */
  GArray *term_seq;    /* n slots per terminal, in the order met, -1 for none */
  GArray *term_reach;  /* double per terminal */
  GArray *returns;     /* n doubles per terminal */
  GString *info;
  AgonAction *actions;
  AgonChanceOutcome *outcomes;
  gint32 *last_seq;    /* n per depth */
  AgonAction *joint;   /* n per depth */
} Builder;

static gboolean
fail(Builder *b, GError **error, AgonError code, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static gboolean
fail(Builder *b, GError **error, AgonError code, const char *fmt, ...)
{
  va_list args;
  va_start(args, fmt);
  g_autofree char *msg = g_strdup_vprintf(fmt, args);
  va_end(args);
  g_set_error(error, AGON_ERROR, code, "%s: %s", agon_game_get_string(b->game), msg);
  return FALSE;
}

/* Grows every node array to hold @needed nodes, refusing past the limit. */
static gboolean
reserve(Builder *b, gint64 needed, GError **error)
{
  if (needed > b->max_nodes)
    return fail(b, error, AGON_ERROR_TOO_LARGE,
                "the game tree has more than %" G_GINT64_FORMAT " nodes (the limit)",
                b->max_nodes);
  if (needed <= b->capacity)
    return TRUE;
  gint64 cap = MIN(MAX(needed, b->capacity * 2), b->max_nodes);
  AgonTree *t = b->tree;
  gsize c = (gsize) cap;
  gboolean ok = TRUE;
  /* A failed realloc leaves the old block in place and in the tree, which
   * frees it. */
#define GROW(field)                                                                          \
  do {                                                                                       \
    gpointer grown = g_try_realloc(t->field, c * sizeof *t->field);                         \
    if (grown != NULL)                                                                       \
      t->field = grown;                                                                      \
    else                                                                                     \
      ok = FALSE;                                                                            \
  } while (0)
  GROW(kind);
  GROW(player);
  GROW(index);
  GROW(first_child);
  GROW(num_children);
  GROW(parent);
  GROW(action);
  GROW(probability);
#undef GROW
  if (!ok)
    return fail(b, error, AGON_ERROR_TOO_LARGE,
                "out of memory for a tree of %" G_GINT64_FORMAT " nodes", cap);
  b->capacity = cap;
  return TRUE;
}

/* Gives @node @n consecutive children, with their actions and the chance
 * probabilities (NULL after a player's move). */
static gboolean
add_children(Builder *b, gint32 node, int n, const AgonAction *actions,
             const AgonChanceOutcome *outcomes, GError **error)
{
  AgonTree *t = b->tree;
  if (!reserve(b, (gint64) t->num_nodes + n, error))
    return FALSE;
  gint32 first = t->num_nodes;
  t->first_child[node] = first;
  t->num_children[node] = n;
  for (int k = 0; k < n; k++) {
    gint32 c = first + k;
    t->parent[c] = node;
    t->action[c] = outcomes ? outcomes[k].action : actions[k];
    t->probability[c] = outcomes ? outcomes[k].probability : 1.0;
  }
  t->num_nodes += n;
  return TRUE;
}

static void
append_actions(GString *out, const AgonAction *actions, int n)
{
  g_string_append_c(out, '[');
  for (int k = 0; k < n; k++)
    g_string_append_printf(out, k ? ", %d" : "%d", actions[k]);
  g_string_append_c(out, ']');
}

/* Finds or creates the information set of @player at @state. */
static gboolean
visit_infoset(Builder *b, const AgonState *state, int player, int n, gint32 parent,
              gint32 *index, GError **error)
{
  AgonTree *t = b->tree;
  g_string_truncate(b->info, 0);
  agon_state_information_state_string(state, player, b->info);
  gpointer found = g_hash_table_lookup(b->lookup[player], b->info->str);
  if (found == NULL) {
    Infoset info = {
      .player = player,
      .offset = (gint32) b->slot_action->len,
      .num_actions = n,
      .parent = parent,
      .histories = 1,
      .string = g_string_chunk_insert_len(t->strings, b->info->str, (gssize) b->info->len),
    };
    g_array_append_vals(b->slot_action, b->actions, (guint) n);
    g_array_append_val(b->infosets, info);
    *index = (gint32) b->infosets->len - 1;
    g_hash_table_insert(b->lookup[player], info.string, GINT_TO_POINTER(*index + 1));
    return TRUE;
  }
  *index = GPOINTER_TO_INT(found) - 1;
  Infoset *info = &g_array_index(b->infosets, Infoset, *index);
  const AgonAction *known = &g_array_index(b->slot_action, AgonAction, info->offset);
  if (info->num_actions != n || memcmp(known, b->actions, sizeof(AgonAction) * (gsize) n) != 0) {
    g_autoptr(GString) msg = g_string_new(NULL);
    g_string_printf(msg, "information set '%s' of player %d has legal actions ", info->string,
                    player);
    append_actions(msg, known, info->num_actions);
    g_string_append(msg, " at one history and ");
    append_actions(msg, b->actions, n);
    g_string_append(msg, " at another");
    return fail(b, error, AGON_ERROR_FAILED, "%s", msg->str);
  }
  if (info->parent != parent && t->perfect_recall) {
    t->perfect_recall = FALSE;
    t->recall_infoset = *index; /* renumbered with the others at the end */
  }
  info->histories++;
  return TRUE;
}

/* Fills in the node of frame @f at @depth and allocates its children. */
static gboolean
expand(Builder *b, Frame *f, int depth, GError **error)
{
  AgonTree *t = b->tree;
  gint32 node = f->node;
  const AgonState *state = f->state;
  int player;
  if (f->sim >= 1) {
    player = f->sim; /* a later player's turn inside a simultaneous move */
  } else {
    t->num_histories++;
    player = agon_state_current_player(state);
    if (player == AGON_PLAYER_SIMULTANEOUS) {
      f->sim = 0;
      player = 0;
    }
  }
  t->first_child[node] = t->num_nodes;
  t->num_children[node] = 0;

  if (player == AGON_PLAYER_TERMINAL) {
    t->kind[node] = AGON_NODE_TERMINAL;
    t->player[node] = AGON_PLAYER_TERMINAL;
    t->index[node] = t->num_terminals++;
    double returns[b->n];
    agon_state_returns(state, returns);
    g_array_append_vals(b->returns, returns, (guint) b->n);
    g_array_append_vals(b->term_seq, b->last_seq + (gsize) depth * b->n, (guint) b->n);
    g_array_append_val(b->term_reach, f->reach);
    return TRUE;
  }

  if (player == AGON_PLAYER_CHANCE) {
    t->kind[node] = AGON_NODE_CHANCE;
    t->player[node] = AGON_PLAYER_CHANCE;
    t->index[node] = -1;
    int n = agon_state_chance_outcomes(state, b->outcomes);
    if (n <= 0)
      return fail(b, error, AGON_ERROR_FAILED, "a chance node without outcomes");
    return add_children(b, node, n, NULL, b->outcomes, error);
  }

  if (player < 0 || player >= b->n)
    return fail(b, error, AGON_ERROR_FAILED, "a state returns player %d", player);
  int n = f->sim >= 0 ? agon_state_player_legal_actions(state, player, b->actions)
                      : agon_state_legal_actions(state, b->actions);
  if (n <= 0)
    return fail(b, error, AGON_ERROR_FAILED,
                "a non-terminal state where player %d has no legal action", player);
  gint32 infoset;
  gint32 parent = b->last_seq[(gsize) depth * b->n + player];
  if (!visit_infoset(b, state, player, n, parent, &infoset, error))
    return FALSE;
  t->kind[node] = AGON_NODE_DECISION;
  t->player[node] = (gint8) player;
  t->index[node] = infoset;
  return add_children(b, node, n, b->actions, NULL, error);
}

static gboolean
walk(Builder *b, GError **error)
{
  AgonTree *t = b->tree;
  const AgonGame *game = b->game;
  int n = b->n;
  /* Every edge consumes one history entry (a joint action one per player),
   * which bounds the depth. */
  int max_depth = agon_game_get_max_history_length(game) + 1;
  gsize state_size = agon_game_get_state_size(game);
  g_autofree void *buffers = g_malloc(state_size * (gsize) max_depth);
  g_autofree Frame *frames = g_new(Frame, max_depth);
  b->last_seq = g_new(gint32, (gsize) max_depth * n);
  b->joint = g_new0(AgonAction, (gsize) max_depth * n);

  if (!reserve(b, MIN(4096, b->max_nodes), error))
    return FALSE;
  t->num_nodes = 1;
  t->parent[0] = -1;
  t->action[0] = -1;
  t->probability[0] = 1;
  for (int p = 0; p < n; p++)
    b->last_seq[p] = -1;
  frames[0] = (Frame) {
    .node = 0,
    .state = agon_state_init_initial(game, buffers),
    .sim = -1,
    .reach = 1,
  };
  if (!expand(b, &frames[0], 0, error))
    return FALSE;

  int d = 0;
  while (d >= 0) {
    Frame *f = &frames[d];
    if (f->next == t->num_children[f->node]) {
      d--;
      continue;
    }
    if (d + 1 >= max_depth)
      return fail(b, error, AGON_ERROR_FAILED,
                  "a history is longer than the game's max history length");
    gint32 k = f->next++;
    gint32 c = t->first_child[f->node] + k;
    Frame *g = &frames[d + 1];
    gint32 *seq = b->last_seq + (gsize) (d + 1) * n;
    AgonAction *joint = b->joint + (gsize) (d + 1) * n;
    memcpy(seq, seq - n, sizeof(gint32) * (gsize) n);
    memcpy(joint, joint - n, sizeof(AgonAction) * (gsize) n);
    *g = (Frame) { .node = c, .sim = -1, .reach = f->reach * t->probability[c] };
    AgonState *child = (AgonState *) ((char *) buffers + state_size * (gsize) (d + 1));
    if (t->kind[f->node] == AGON_NODE_DECISION) {
      const Infoset *info = &g_array_index(b->infosets, Infoset, t->index[f->node]);
      seq[t->player[f->node]] = info->offset + k;
    }
    if (f->sim >= 0) {
      joint[f->sim] = t->action[c];
      if (f->sim + 1 < n) {
        g->state = f->state;
        g->sim = f->sim + 1;
      } else {
        agon_state_copy(child, f->state);
        agon_state_apply_joint(child, joint);
        g->state = child;
      }
    } else {
      agon_state_copy(child, f->state);
      agon_state_apply(child, t->action[c]);
      g->state = child;
    }
    d++;
    if (!expand(b, g, d, error))
      return FALSE;
  }
  return TRUE;
}

/* ---- Finishing: renumbering and the sequence form ---------------------- */

static guint64
fnv(guint64 h, const void *data, gsize size)
{
  const guint8 *p = data;
  for (gsize i = 0; i < size; i++)
    h = (h ^ p[i]) * G_GUINT64_CONSTANT(0x100000001b3);
  return h;
}

static guint64
fingerprint(const AgonTree *t)
{
  guint64 h = G_GUINT64_CONSTANT(0xcbf29ce484222325);
  gint32 counts[] = { t->num_players, t->num_nodes, t->num_terminals, t->num_infosets,
                      t->num_slots };
  h = fnv(h, counts, sizeof counts);
  for (gint32 i = 0; i < t->num_infosets; i++) {
    gint32 head[] = { t->infoset_player[i], t->infoset_num_actions[i] };
    h = fnv(h, head, sizeof head);
    h = fnv(h, t->slot_action + t->infoset_offset[i],
            sizeof(AgonAction) * (gsize) t->infoset_num_actions[i]);
    h = fnv(h, t->infoset_string[i], strlen(t->infoset_string[i]) + 1);
  }
  return h;
}

/* Regroups the information sets by player and moves every slot reference
 * to the new numbering. */
static void
renumber(Builder *b)
{
  AgonTree *t = b->tree;
  int n = b->n;
  gint32 count = (gint32) b->infosets->len;
  const Infoset *met = (const Infoset *) (void *) b->infosets->data;
  g_autofree gint32 *new_index = g_new(gint32, count);
  g_autofree gint32 *slot_map = g_new(gint32, b->slot_action->len);

  t->num_infosets = count;
  t->num_slots = (gint32) b->slot_action->len;
  t->first_infoset = g_new(gint32, n + 1);
  t->infoset_player = g_new(gint32, count);
  t->infoset_offset = g_new(gint32, count + 1);
  t->infoset_num_actions = g_new(gint32, count);
  t->infoset_parent = g_new(gint32, count);
  t->infoset_histories = g_new(gint32, count);
  t->infoset_string = g_new(char *, count);
  t->slot_action = g_new(AgonAction, t->num_slots);
  t->lookup = g_new(GHashTable *, n);

  gint32 next = 0, slot = 0;
  for (int p = 0; p < n; p++) {
    t->first_infoset[p] = next;
    t->lookup[p] = g_hash_table_new(g_str_hash, g_str_equal);
    for (gint32 i = 0; i < count; i++) {
      if (met[i].player != p)
        continue;
      new_index[i] = next;
      t->infoset_player[next] = p;
      t->infoset_offset[next] = slot;
      t->infoset_num_actions[next] = met[i].num_actions;
      t->infoset_histories[next] = met[i].histories;
      t->infoset_string[next] = met[i].string;
      g_hash_table_insert(t->lookup[p], met[i].string, GINT_TO_POINTER(next + 1));
      for (gint32 k = 0; k < met[i].num_actions; k++) {
        slot_map[met[i].offset + k] = slot + k;
        t->slot_action[slot + k] =
          g_array_index(b->slot_action, AgonAction, met[i].offset + k);
      }
      slot += met[i].num_actions;
      next++;
    }
  }
  t->first_infoset[n] = next;
  t->infoset_offset[count] = slot;

  for (gint32 i = 0; i < count; i++)
    t->infoset_parent[new_index[i]] = met[i].parent < 0 ? t->num_slots : slot_map[met[i].parent];
  for (gint32 v = 0; v < t->num_nodes; v++)
    if (t->kind[v] == AGON_NODE_DECISION)
      t->index[v] = new_index[t->index[v]];
  if (!t->perfect_recall)
    t->recall_infoset = new_index[t->recall_infoset];
  gint32 *seq = (gint32 *) (void *) b->term_seq->data;
  for (guint j = 0; j < b->term_seq->len; j++)
    seq[j] = seq[j] < 0 ? t->num_slots : slot_map[seq[j]];
}

/* Builds each player's payoff matrix: terminals that share a tuple of
 * sequences merge into one cell, and player p's matrix lists the cells by
 * p's sequence (a counting sort, so cells stay in tuple order in a row). */
static void
build_payoffs(Builder *b)
{
  AgonTree *t = b->tree;
  int n = b->n;
  gint32 terminals = t->num_terminals;
  const gint32 *seq = (const gint32 *) (void *) b->term_seq->data;
  const double *reach = (const double *) (void *) b->term_reach->data;
  const double *returns = (const double *) (void *) b->returns->data;

  /* Terminals in the order of their tuples: a stable counting sort by
   * each player's slot, last player first (LSD radix), linear in size. */
  g_autofree gint32 *order = g_new(gint32, MAX(terminals, 1));
  g_autofree gint32 *scratch = g_new(gint32, MAX(terminals, 1));
  g_autofree gint32 *bucket = g_new(gint32, t->num_slots + 2);
  for (gint32 z = 0; z < terminals; z++)
    order[z] = z;
  for (int p = n - 1; p >= 0; p--) {
    memset(bucket, 0, sizeof(gint32) * (gsize) (t->num_slots + 2));
    for (gint32 z = 0; z < terminals; z++)
      bucket[seq[(gsize) z * n + p] + 1]++;
    for (gint32 s = 0; s <= t->num_slots; s++)
      bucket[s + 1] += bucket[s];
    for (gint32 j = 0; j < terminals; j++)
      scratch[bucket[seq[(gsize) order[j] * n + p]]++] = order[j];
    memcpy(order, scratch, sizeof(gint32) * (gsize) terminals);
  }

  g_autofree gint32 *cell_seq = g_new(gint32, (gsize) MAX(terminals, 1) * n);
  g_autofree double *cell_u = g_new0(double, (gsize) MAX(terminals, 1) * n);
  gint32 cells = 0;
  for (gint32 j = 0; j < terminals; j++) {
    const gint32 *s = seq + (gsize) order[j] * n;
    if (cells == 0 || memcmp(cell_seq + (gsize) (cells - 1) * n, s, sizeof(gint32) * n) != 0) {
      memcpy(cell_seq + (gsize) cells * n, s, sizeof(gint32) * n);
      cells++;
    }
    for (int p = 0; p < n; p++)
      cell_u[(gsize) (cells - 1) * n + p] += reach[order[j]] * returns[(gsize) order[j] * n + p];
  }

  int others = n - 1;
  gint32 buckets = t->num_slots + 1;
  g_autofree gint32 *count = g_new(gint32, buckets + 1);
  t->payoff = g_new0(AgonPayoffMatrix, n);
  for (int p = 0; p < n; p++) {
    AgonPayoffMatrix *m = &t->payoff[p];
    memset(count, 0, sizeof(gint32) * (gsize) (buckets + 1));
    for (gint32 c = 0; c < cells; c++)
      if (cell_u[(gsize) c * n + p] != 0)
        count[cell_seq[(gsize) c * n + p] + 1]++;
    gint32 rows = 0;
    for (gint32 s = 0; s < buckets; s++) {
      rows += count[s + 1] > 0;
      count[s + 1] += count[s];
    }
    m->num_rows = rows;
    m->num_entries = count[buckets];
    m->row_slot = g_new(gint32, rows);
    m->row_start = g_new(gint32, rows + 1);
    m->vals = g_new(double, MAX(m->num_entries, 1));
    m->cols = g_new(gint32, (gsize) MAX(m->num_entries, 1) * MAX(others, 1));
    gint32 r = 0;
    for (gint32 s = 0; s < buckets; s++) {
      if (count[s + 1] > count[s]) {
        m->row_slot[r] = s;
        m->row_start[r++] = count[s];
      }
    }
    m->row_start[rows] = m->num_entries;
    for (gint32 c = 0; c < cells; c++) {
      double u = cell_u[(gsize) c * n + p];
      if (u == 0)
        continue;
      const gint32 *s = cell_seq + (gsize) c * n;
      gint32 k = count[s[p]]++;
      m->vals[k] = u;
      for (int q = 0, j = 0; q < n; q++)
        if (q != p)
          m->cols[(gsize) k * others + j++] = s[q];
    }
  }
}

/* ---- Life cycle -------------------------------------------------------- */

static void
tree_free(AgonTree *t)
{
  g_free(t->kind);
  g_free(t->player);
  g_free(t->index);
  g_free(t->first_child);
  g_free(t->num_children);
  g_free(t->parent);
  g_free(t->action);
  g_free(t->probability);
  g_free(t->returns);
  g_free(t->first_infoset);
  g_free(t->infoset_player);
  g_free(t->infoset_offset);
  g_free(t->infoset_num_actions);
  g_free(t->infoset_parent);
  g_free(t->infoset_histories);
  g_free(t->infoset_string);
  g_free(t->slot_action);
  if (t->lookup)
    for (int p = 0; p < t->num_players; p++)
      g_hash_table_unref(t->lookup[p]);
  g_free(t->lookup);
  if (t->payoff) {
    for (int p = 0; p < t->num_players; p++) {
      g_free(t->payoff[p].row_slot);
      g_free(t->payoff[p].row_start);
      g_free(t->payoff[p].cols);
      g_free(t->payoff[p].vals);
    }
    g_free(t->payoff);
  }
  if (t->strings)
    g_string_chunk_free(t->strings);
  g_free(t->game_string);
  agon_game_unref(t->game);
  g_free(t);
}

static void
builder_clear(Builder *b)
{
  g_array_unref(b->infosets);
  g_array_unref(b->slot_action);
  for (int p = 0; p < b->n; p++)
    g_hash_table_unref(b->lookup[p]);
  g_free(b->lookup);
  g_array_unref(b->term_seq);
  g_array_unref(b->term_reach);
  g_array_unref(b->returns);
  g_string_free(b->info, TRUE);
  g_free(b->actions);
  g_free(b->outcomes);
  g_free(b->last_seq);
  g_free(b->joint);
}

char *
agon__game_canonical_string(const AgonGame *game)
{
  return agon_params_to_string(agon_game_get_params(game));
}

AgonTree *
agon_tree_new(AgonGame *game, gint64 max_nodes, GError **error)
{
  g_return_val_if_fail(game != NULL, NULL);
  g_return_val_if_fail(max_nodes >= 0, NULL);
  const AgonGameType *type = agon_game_get_type(game);
  if (type->chance_mode == AGON_CHANCE_SAMPLED_STOCHASTIC) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: a game with sampled chance cannot be compiled into a tree",
                agon_game_get_string(game));
    return NULL;
  }
  if (!type->provides_information_state_string) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: the game provides no information-state strings",
                agon_game_get_string(game));
    return NULL;
  }
  /* Node ids are 32-bit. */
  if (max_nodes == 0)
    max_nodes = AGON_TREE_DEFAULT_MAX_NODES;
  max_nodes = MIN(max_nodes, (gint64) G_MAXINT32 - 1);

  AgonTree *t = g_new0(AgonTree, 1);
  t->ref_count = 1;
  t->game = agon_game_ref(game);
  t->game_string = agon__game_canonical_string(game);
  t->num_players = agon_game_get_num_players(game);
  t->strings = g_string_chunk_new(4096);
  t->perfect_recall = TRUE;
  t->recall_infoset = -1;

  int n = t->num_players;
  Builder b = {
    .tree = t,
    .game = game,
    .n = n,
    .max_nodes = max_nodes,
    .infosets = g_array_new(FALSE, FALSE, sizeof(Infoset)),
    .slot_action = g_array_new(FALSE, FALSE, sizeof(AgonAction)),
    .lookup = g_new(GHashTable *, n),
    .term_seq = g_array_new(FALSE, FALSE, sizeof(gint32)),
    .term_reach = g_array_new(FALSE, FALSE, sizeof(double)),
    .returns = g_array_new(FALSE, FALSE, sizeof(double)),
    .info = g_string_sized_new(256),
    .actions = g_new(AgonAction, agon_game_get_max_actions(game)),
    .outcomes = g_new(AgonChanceOutcome, MAX(1, agon_game_get_max_chance_outcomes(game))),
  };
  for (int p = 0; p < n; p++)
    b.lookup[p] = g_hash_table_new(g_str_hash, g_str_equal);

  if (!walk(&b, error)) {
    builder_clear(&b);
    tree_free(t);
    return NULL;
  }
  renumber(&b);
  t->returns = g_memdup2(b.returns->data, sizeof(double) * b.returns->len);
  t->fingerprint = fingerprint(t);
  if (t->perfect_recall)
    build_payoffs(&b);
  builder_clear(&b);
  return t;
}

AgonTree *
agon_tree_ref(AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, NULL);
  g_atomic_int_inc(&tree->ref_count);
  return tree;
}

void
agon_tree_unref(AgonTree *tree)
{
  if (tree != NULL && g_atomic_int_dec_and_test(&tree->ref_count))
    tree_free(tree);
}

gboolean
agon__tree_check_perfect_recall(const AgonTree *tree, const char *what, GError **error)
{
  if (tree->perfect_recall)
    return TRUE;
  gint32 i = tree->recall_infoset;
  g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
              "%s: %s needs perfect recall, and information set '%s' of player %d is reached "
              "after different earlier moves of that player",
              agon_game_get_string(tree->game), what, tree->infoset_string[i],
              tree->infoset_player[i]);
  return FALSE;
}

void
agon__tree_reach_all(const AgonTree *tree, const double *probs, double *reach)
{
  reach[tree->num_slots] = 1;
  for (int p = 0; p < tree->num_players; p++)
    agon__tree_reach_player(tree, p, probs, reach);
}

void
agon__tree_node_reaches(const AgonTree *tree, int player, const double *probs, double *own,
                        double *others)
{
  const gint32 *first = tree->first_child, *count = tree->num_children, *index = tree->index;
  const gint32 *offset = tree->infoset_offset;
  const double *chance = tree->probability;
  others[0] = 1;
  if (own != NULL)
    own[0] = 1;
  for (gint32 v = 0; v < tree->num_nodes; v++) {
    gint32 c = first[v], m = count[v];
    if (m == 0)
      continue;
    double o = others[v], w = own != NULL ? own[v] : 0;
    if (tree->kind[v] == AGON_NODE_CHANCE) {
      for (gint32 k = 0; k < m; k++)
        others[c + k] = o * chance[c + k];
    } else if (tree->player[v] != player) {
      const double *sigma = probs + offset[index[v]];
      for (gint32 k = 0; k < m; k++)
        others[c + k] = o * sigma[k];
    } else {
      const double *sigma = probs + offset[index[v]];
      for (gint32 k = 0; k < m; k++)
        others[c + k] = o;
      if (own != NULL)
        for (gint32 k = 0; k < m; k++)
          own[c + k] = w * sigma[k];
      continue;
    }
    if (own != NULL)
      for (gint32 k = 0; k < m; k++)
        own[c + k] = w;
  }
}

/* ---- Accessors --------------------------------------------------------- */

AgonGame *
agon_tree_get_game(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, NULL);
  return tree->game;
}

int
agon_tree_get_num_players(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, 0);
  return tree->num_players;
}

gint64
agon_tree_get_num_nodes(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, 0);
  return tree->num_nodes;
}

gint64
agon_tree_get_num_histories(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, 0);
  return tree->num_histories;
}

gint64
agon_tree_get_num_terminals(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, 0);
  return tree->num_terminals;
}

int
agon_tree_get_num_infosets(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, 0);
  return tree->num_infosets;
}

int
agon_tree_get_first_infoset(const AgonTree *tree, int player)
{
  g_return_val_if_fail(tree != NULL, 0);
  g_return_val_if_fail(player >= 0 && player <= tree->num_players, 0);
  return tree->first_infoset[player];
}

int
agon_tree_get_num_slots(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, 0);
  return tree->num_slots;
}

gboolean
agon_tree_has_perfect_recall(const AgonTree *tree, int *infoset)
{
  g_return_val_if_fail(tree != NULL, FALSE);
  if (infoset != NULL)
    *infoset = tree->recall_infoset;
  return tree->perfect_recall;
}

guint64
agon_tree_get_fingerprint(const AgonTree *tree)
{
  g_return_val_if_fail(tree != NULL, 0);
  return tree->fingerprint;
}

#define CHECK_NODE(tree, node, val)                                                          \
  g_return_val_if_fail((tree) != NULL && (node) >= 0 && (node) < (tree)->num_nodes, val)

AgonNodeKind
agon_tree_node_kind(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, AGON_NODE_TERMINAL);
  return (AgonNodeKind) tree->kind[node];
}

int
agon_tree_node_player(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, AGON_PLAYER_INVALID);
  return tree->player[node];
}

int
agon_tree_node_infoset(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, -1);
  return tree->kind[node] == AGON_NODE_DECISION ? tree->index[node] : -1;
}

gint64
agon_tree_node_first_child(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, -1);
  return tree->first_child[node];
}

int
agon_tree_node_num_children(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, 0);
  return tree->num_children[node];
}

gint64
agon_tree_node_parent(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, -1);
  return tree->parent[node];
}

AgonAction
agon_tree_node_action(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, -1);
  return tree->action[node];
}

double
agon_tree_node_probability(const AgonTree *tree, gint64 node)
{
  CHECK_NODE(tree, node, 0);
  return tree->probability[node];
}

void
agon_tree_node_returns(const AgonTree *tree, gint64 node, double *returns)
{
  g_return_if_fail(tree != NULL && node >= 0 && node < tree->num_nodes && returns != NULL);
  g_return_if_fail(tree->kind[node] == AGON_NODE_TERMINAL);
  memcpy(returns, tree->returns + (gsize) tree->index[node] * tree->num_players,
         sizeof(double) * (gsize) tree->num_players);
}

#define CHECK_INFOSET(tree, i, val)                                                          \
  g_return_val_if_fail((tree) != NULL && (i) >= 0 && (i) < (tree)->num_infosets, val)

int
agon_tree_infoset_player(const AgonTree *tree, int infoset)
{
  CHECK_INFOSET(tree, infoset, -1);
  return tree->infoset_player[infoset];
}

int
agon_tree_infoset_num_actions(const AgonTree *tree, int infoset)
{
  CHECK_INFOSET(tree, infoset, 0);
  return tree->infoset_num_actions[infoset];
}

int
agon_tree_infoset_offset(const AgonTree *tree, int infoset)
{
  CHECK_INFOSET(tree, infoset, 0);
  return tree->infoset_offset[infoset];
}

const AgonAction *
agon_tree_infoset_actions(const AgonTree *tree, int infoset)
{
  CHECK_INFOSET(tree, infoset, NULL);
  return tree->slot_action + tree->infoset_offset[infoset];
}

const char *
agon_tree_infoset_string(const AgonTree *tree, int infoset)
{
  CHECK_INFOSET(tree, infoset, NULL);
  return tree->infoset_string[infoset];
}

gint64
agon_tree_infoset_num_histories(const AgonTree *tree, int infoset)
{
  CHECK_INFOSET(tree, infoset, 0);
  return tree->infoset_histories[infoset];
}

int
agon_tree_lookup_infoset(const AgonTree *tree, int player, const char *string)
{
  g_return_val_if_fail(tree != NULL && string != NULL, -1);
  if (player < 0 || player >= tree->num_players)
    return -1;
  return GPOINTER_TO_INT(g_hash_table_lookup(tree->lookup[player], string)) - 1;
}

void
agon_tree_uniform_probs(const AgonTree *tree, double *probs)
{
  g_return_if_fail(tree != NULL && probs != NULL);
  for (gint32 i = 0; i < tree->num_infosets; i++) {
    double u = 1.0 / tree->infoset_num_actions[i];
    for (gint32 s = tree->infoset_offset[i]; s < tree->infoset_offset[i + 1]; s++)
      probs[s] = u;
  }
}

void
agon__tree_normalize(const AgonTree *t, const double *sums, double *probs)
{
  for (gint32 i = 0; i < t->num_infosets; i++) {
    gint32 o = t->infoset_offset[i], n = t->infoset_num_actions[i];
    double total = 0;
    for (gint32 k = 0; k < n; k++)
      total += sums[o + k];
    for (gint32 k = 0; k < n; k++)
      probs[o + k] = total > 0 ? sums[o + k] / total : 1.0 / n;
  }
}

double
agon__tree_largest_payoff(const AgonTree *t)
{
  double l = 0;
  for (int p = 0; p < t->num_players; p++) {
    const AgonPayoffMatrix *pm = &t->payoff[p];
    for (gint32 k = 0; k < pm->num_entries; k++)
      l = MAX(l, fabs(pm->vals[k]));
  }
  return l;
}
