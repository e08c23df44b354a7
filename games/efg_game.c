/* agon: games from Gambit's extensive-form files (.efg, version 2).
 *
 * efg_game(filename=PATH) loads a game tree written in Gambit's format:
 *
 *   EFG 2 R "title" { "Player 1" "Player 2" } "optional comment"
 *   c "node" 1 "infoset" { "H" 1/2 "T" 1/2 } 0
 *   p "node" 1 1 "infoset" { "a" "b" } 0
 *   t "node" 1 "outcome" { 1, -1 }
 *   ...
 *
 * Nodes come depth first, each followed by its children. A chance node (c)
 * gives its information set number and, the first time that set appears,
 * its actions with their probabilities; a player node (p) gives the player
 * (from 1) and that player's information set number, with the actions the
 * first time. Later members of a set may repeat the label and the actions,
 * which must then agree. Every node ends with an outcome number (0: none)
 * and, the first time, the outcome's label and payoffs. A player's return
 * is the sum of the outcomes on the path from the root to the terminal
 * node, as in Gambit. "R" and "D" files are read alike.
 *
 * As the file is already in depth-first order, the tree is built in one
 * pass with an explicit stack of the nodes still waiting for children: no
 * recursion, whatever the depth. The tree lives in game->data as flat
 * arrays indexed by node (in file order), with each terminal's returns
 * summed at load; a state is just a node index. Action ids index the
 * information set's action list; at a chance node, outcomes of probability
 * 0 are not legal. Actions are named by their labels, with "#i" added to
 * an empty label or one repeated at the node. A file that contradicts
 * itself (members of a set with other actions, an outcome with two sets of
 * payoffs, probabilities not summing to 1) is refused, not guessed at.
 *
 * Information states follow OpenSpiel's efg_game where the player moves:
 * "owner-observer-number-label" ("0-0-3-0pb"), so two nodes give the same
 * string exactly when they share an information set. Elsewhere the file
 * says nothing about what a player knows. There the string is the player's
 * last move ("0-0 after 1-1:p") followed by the information sets where the
 * player may move next ("next 2-1pb"): a player learns a chance outcome as
 * soon as it narrows where they can find themselves next, the convention of
 * agon's built-in games (a card is seen when it is dealt). Finding those
 * sets scans the node's subtree, so these strings are for play and
 * display, not for hot loops; solvers ask only the player to move. The
 * observation string is the same as the information-state string. */
#include "games/gambit-private.h"

#include <math.h>
#include <string.h>

#define EFG_MAX_NODES 4000000
/* Moves on one path. A state holds its history, and tree walks keep a
 * state per depth, so depth costs memory quadratically. */
#define EFG_MAX_DEPTH 10000

typedef struct {
  gint32 player;      /* 0..n-1, or AGON_PLAYER_CHANCE */
  gint32 num_actions;
  gint32 first;       /* its actions' entries in names[] and probs[] */
  gint32 members;     /* nodes in the set */
  gint32 line;        /* where its actions were listed */
  gint64 number;      /* the number the file gives it */
  char *label;
} EfgInfoset;

typedef struct {
  int num_nodes;
  gint32 *infoset;   /* per node: its set in infosets[], or -1 at a terminal */
  gint32 *first;     /* per node: its first child's entry in child[]; at a
                        terminal, its row in returns[] */
  gint32 *parent;    /* -1 at the root */
  gint32 *end;       /* one past the last node of the node's subtree */
  gint32 *name;      /* offset of the node's name in pool */
  gint32 *child;
  double *returns;   /* num_players per terminal */
  char *pool;        /* node names, each ending in NUL; offset 0 is "" */
  EfgInfoset *infosets;
  int num_infosets;
  char **names;      /* action names, each set's from its first */
  double *probs;     /* chance probabilities likewise; 0 for players' actions */
  int num_names;
} EfgData;

typedef struct {
  gint32 node;
} EfgState;

/* ---- Reading the file --------------------------------------------------- */

/* A node still waiting for children. */
typedef struct {
  gint32 node;
  gint32 remaining;
  gint32 moves;  /* player nodes on the path to it, itself included */
  gint32 chance; /* chance nodes likewise */
} Frame;

typedef struct {
  GambitLexer lx;
  int n;                 /* players */
  GArray *infoset, *first, *parent, *end, *name; /* gint32 per node */
  GArray *child;         /* gint32 */
  GArray *returns;       /* double, n per terminal */
  GString *pool;
  GArray *infosets;      /* EfgInfoset */
  GPtrArray *names;      /* char *, owned */
  GArray *probs;         /* double, one per entry of names */
  GHashTable *lookup;    /* (player, number) as gint64 -> set index + 1 */
  GHashTable *outcomes;  /* number -> outcome row + 1 */
  GArray *outcome_rows;  /* double, n per outcome */
  GArray *outcome_lines; /* int per outcome */
  GArray *stack;         /* Frame */
  GArray *acc;           /* double, n per stack level: outcomes summed from the root */
  int max_moves, max_chance;
} Parser;

static void
parser_init(Parser *ps)
{
  ps->infoset = g_array_new(FALSE, FALSE, sizeof(gint32));
  ps->first = g_array_new(FALSE, FALSE, sizeof(gint32));
  ps->parent = g_array_new(FALSE, FALSE, sizeof(gint32));
  ps->end = g_array_new(FALSE, FALSE, sizeof(gint32));
  ps->name = g_array_new(FALSE, FALSE, sizeof(gint32));
  ps->child = g_array_new(FALSE, FALSE, sizeof(gint32));
  ps->returns = g_array_new(FALSE, FALSE, sizeof(double));
  ps->pool = g_string_new_len("", 1);
  ps->infosets = g_array_new(FALSE, FALSE, sizeof(EfgInfoset));
  ps->names = g_ptr_array_new_with_free_func(g_free);
  ps->probs = g_array_new(FALSE, FALSE, sizeof(double));
  ps->lookup = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
  ps->outcomes = g_hash_table_new(g_direct_hash, g_direct_equal);
  ps->outcome_rows = g_array_new(FALSE, FALSE, sizeof(double));
  ps->outcome_lines = g_array_new(FALSE, FALSE, sizeof(int));
  ps->stack = g_array_new(FALSE, FALSE, sizeof(Frame));
  ps->acc = g_array_new(FALSE, TRUE, sizeof(double));
}

static void
free_array(GArray **array)
{
  if (*array)
    g_array_free(*array, TRUE);
  *array = NULL;
}

/* Frees what has not been moved into the game's data. */
static void
parser_clear(Parser *ps)
{
  agon__gambit_lexer_clear(&ps->lx);
  GArray **arrays[] = { &ps->infoset, &ps->first, &ps->parent, &ps->end, &ps->name,
                        &ps->child, &ps->returns, &ps->probs, &ps->outcome_rows,
                        &ps->outcome_lines, &ps->stack, &ps->acc };
  for (gsize i = 0; i < G_N_ELEMENTS(arrays); i++)
    free_array(arrays[i]);
  if (ps->infosets) {
    for (guint i = 0; i < ps->infosets->len; i++)
      g_free(g_array_index(ps->infosets, EfgInfoset, i).label);
    free_array(&ps->infosets);
  }
  if (ps->pool)
    g_string_free(ps->pool, TRUE);
  g_clear_pointer(&ps->names, g_ptr_array_unref);
  g_clear_pointer(&ps->lookup, g_hash_table_unref);
  g_clear_pointer(&ps->outcomes, g_hash_table_unref);
}

static gboolean
parse_header(Parser *ps, GError **error)
{
  GambitLexer *lx = &ps->lx;
  if (agon__gambit_is_word(lx, "NFG"))
    return agon__gambit_fail(lx, error, AGON_ERROR_BAD_FILE,
                             "this is a normal-form (.nfg) file; load it with nfg_game");
  if (!agon__gambit_is_word(lx, "EFG"))
    return agon__gambit_expected(lx, error, "'EFG' at the start of an .efg file");
  if (!agon__gambit_next(lx, error))
    return FALSE;
  if (!agon__gambit_is_word(lx, "2"))
    return agon__gambit_expected(lx, error, "the format version 2");
  if (!agon__gambit_next(lx, error))
    return FALSE;
  if (!agon__gambit_is_word(lx, "R") && !agon__gambit_is_word(lx, "D"))
    return agon__gambit_expected(lx, error, "the number type 'R' or 'D'");
  g_autofree char *title = NULL;
  if (!agon__gambit_next(lx, error)
      || !agon__gambit_string(lx, "the game's title (a quoted string)", &title, error)
      || !agon__gambit_expect(lx, GAMBIT_LBRACE, "'{' before the players' names", error))
    return FALSE;
  while (lx->token == GAMBIT_STRING) {
    if (ps->n == GAMBIT_MAX_PLAYERS)
      return agon__gambit_fail(lx, error, AGON_ERROR_TOO_LARGE, "more than %d players",
                               GAMBIT_MAX_PLAYERS);
    ps->n++;
    if (!agon__gambit_next(lx, error))
      return FALSE;
  }
  int line = lx->token_line;
  if (!agon__gambit_expect(lx, GAMBIT_RBRACE, "a player's name (a quoted string) or '}'", error))
    return FALSE;
  if (ps->n == 0)
    return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE, "the file names no players");
  /* An optional comment. */
  if (lx->token == GAMBIT_STRING && !agon__gambit_next(lx, error))
    return FALSE;
  return TRUE;
}

/* "information set 3 of player 1" or "chance information set 2". */
static char *
set_name(int player, gint64 number)
{
  if (player == AGON_PLAYER_CHANCE)
    return g_strdup_printf("chance information set %" G_GINT64_FORMAT, number);
  return g_strdup_printf("information set %" G_GINT64_FORMAT " of player %d", number, player + 1);
}

/* Reads an action list, after its '{': labels, each followed at a chance
 * node by its probability, then '}'. */
static gboolean
read_actions(Parser *ps, gboolean chance, GPtrArray *labels, GArray *probs, GError **error)
{
  GambitLexer *lx = &ps->lx;
  if (!agon__gambit_next(lx, error))
    return FALSE;
  while (lx->token != GAMBIT_RBRACE) {
    if (labels->len == GAMBIT_MAX_ACTIONS)
      return agon__gambit_fail(lx, error, AGON_ERROR_TOO_LARGE, "more than %d actions at a node",
                               GAMBIT_MAX_ACTIONS);
    char *label = NULL;
    if (!agon__gambit_string(lx, "an action's label (a quoted string) or '}'", &label, error))
      return FALSE;
    g_ptr_array_add(labels, label);
    if (chance) {
      int line = lx->token_line;
      GambitNumber p;
      if (!agon__gambit_number(lx, "the action's probability", &p, error))
        return FALSE;
      if (p.value < 0 || p.value > 1) {
        g_autoptr(GString) text = g_string_new(NULL);
        agon__gambit_number_append(text, &p);
        return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                    "the probability %s of action \"%s\" is not between 0 and 1",
                                    text->str, label);
      }
      g_array_append_val(probs, p);
    }
    if (lx->token == GAMBIT_COMMA && !agon__gambit_next(lx, error))
      return FALSE;
  }
  return agon__gambit_next(lx, error);
}

/* Checks that a chance set's probabilities sum to 1 (up to the rounding of
 * six-digit decimals, which are then scaled to sum to 1), and writes them
 * as doubles into @out. */
static gboolean
check_probs(Parser *ps, int line, const char *what, GArray *probs, double *out, GError **error)
{
  GambitNumber sum = { .value = 0, .num = 0, .den = 1, .exact = TRUE };
  for (guint i = 0; i < probs->len; i++)
    agon__gambit_number_add(&sum, &g_array_index(probs, GambitNumber, i));
  gboolean one = (sum.exact && sum.num == 1 && sum.den == 1) || fabs(sum.value - 1) <= 1e-6;
  if (!one) {
    g_autoptr(GString) text = g_string_new(NULL);
    agon__gambit_number_append(text, &sum);
    return agon__gambit_fail_at(&ps->lx, line, error, AGON_ERROR_BAD_FILE,
                                "the probabilities of %s sum to %s, not 1", what, text->str);
  }
  for (guint i = 0; i < probs->len; i++)
    out[i] = g_array_index(probs, GambitNumber, i).value / sum.value;
  return TRUE;
}

/* Makes a new set, taking @label. */
static gboolean
add_infoset(Parser *ps, int player, gint64 number, char *label, GPtrArray *labels,
            GArray *probs, int line, int *out, GError **error)
{
  g_autofree char *owned = label;
  g_autofree char *what = set_name(player, number);
  int k = (int) labels->len;
  double values[k];
  if (player == AGON_PLAYER_CHANCE && !check_probs(ps, line, what, probs, values, error))
    return FALSE;
  EfgInfoset set = {
    .player = player,
    .num_actions = k,
    .first = (gint32) ps->names->len,
    .members = 1,
    .line = line,
    .number = number,
    .label = owned ? g_steal_pointer(&owned) : g_strdup(""),
  };
  char **names = agon__gambit_action_names((char *const *) labels->pdata, k);
  for (int a = 0; a < k; a++) {
    g_ptr_array_add(ps->names, names[a]);
    double p = player == AGON_PLAYER_CHANCE ? values[a] : 0;
    g_array_append_val(ps->probs, p);
  }
  g_free(names);
  *out = (int) ps->infosets->len;
  g_array_append_val(ps->infosets, set);
  gint64 *key = g_new(gint64, 1);
  *key = ((gint64) (player + 2) << 32) | number;
  g_hash_table_insert(ps->lookup, key, GINT_TO_POINTER(*out + 1));
  return TRUE;
}

/* A later member of a set repeats its actions: they must be the same. */
static gboolean
check_same_actions(Parser *ps, const EfgInfoset *set, const char *what, GPtrArray *labels,
                   GArray *probs, int line, GError **error)
{
  GambitLexer *lx = &ps->lx;
  int k = (int) labels->len;
  if (k != set->num_actions)
    return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                "%s has %d actions here but %d on line %d", what, k,
                                set->num_actions, set->line);
  g_auto(GStrv) names = agon__gambit_action_names((char *const *) labels->pdata, k);
  for (int a = 0; a < k; a++) {
    const char *before = g_ptr_array_index(ps->names, set->first + a);
    if (strcmp(names[a], before) != 0)
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "action %d of %s is \"%s\" here but \"%s\" on line %d", a + 1,
                                  what, names[a], before, set->line);
  }
  if (set->player != AGON_PLAYER_CHANCE)
    return TRUE;
  double values[k];
  if (!check_probs(ps, line, what, probs, values, error))
    return FALSE;
  for (int a = 0; a < k; a++)
    if (fabs(values[a] - g_array_index(ps->probs, double, set->first + a)) > 1e-12)
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "%s has other probabilities here than on line %d", what,
                                  set->line);
  return TRUE;
}

/* Reads what follows an information set number (an optional label and
 * action list) and finds or makes the set; *out is its index. */
static gboolean
parse_infoset(Parser *ps, int player, gint64 number, int *out, GError **error)
{
  GambitLexer *lx = &ps->lx;
  int line = lx->token_line;
  g_autofree char *label = NULL;
  if (lx->token == GAMBIT_STRING && !agon__gambit_string(lx, "a label", &label, error))
    return FALSE;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GArray) probs = g_array_new(FALSE, FALSE, sizeof(GambitNumber));
  gboolean listed = lx->token == GAMBIT_LBRACE;
  if (listed) {
    line = lx->token_line;
    if (!read_actions(ps, player == AGON_PLAYER_CHANCE, labels, probs, error))
      return FALSE;
    if (labels->len == 0)
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "an information set needs at least one action");
  }
  g_autofree char *what = set_name(player, number);
  gint64 key = ((gint64) (player + 2) << 32) | number;
  int index = GPOINTER_TO_INT(g_hash_table_lookup(ps->lookup, &key)) - 1;
  if (index < 0) {
    if (!listed)
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "%s is used before its actions are listed", what);
    return add_infoset(ps, player, number, g_steal_pointer(&label), labels, probs, line, out,
                       error);
  }
  EfgInfoset *set = &g_array_index(ps->infosets, EfgInfoset, index);
  if (label && *label) {
    if (*set->label == '\0') {
      g_free(set->label);
      set->label = g_steal_pointer(&label);
    } else if (strcmp(label, set->label) != 0) {
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "%s is labelled \"%s\" here but \"%s\" before", what, label,
                                  set->label);
    }
  }
  if (listed && !check_same_actions(ps, set, what, labels, probs, line, error))
    return FALSE;
  set->members++;
  *out = index;
  return TRUE;
}

/* Reads a node's outcome: its number and, where the outcome is defined, its
 * label and payoffs. *row is the outcome's row in outcome_rows, or -1. */
static gboolean
parse_outcome(Parser *ps, int *row, GError **error)
{
  GambitLexer *lx = &ps->lx;
  int line = lx->token_line;
  gint64 number;
  if (!agon__gambit_integer(lx, "an outcome number", 0, G_MAXINT32, &number, error))
    return FALSE;
  gboolean labelled = lx->token == GAMBIT_STRING;
  if (labelled && !agon__gambit_next(lx, error))
    return FALSE;
  gpointer key = GINT_TO_POINTER((gint) number);
  int known = GPOINTER_TO_INT(g_hash_table_lookup(ps->outcomes, key)) - 1;
  if (lx->token != GAMBIT_LBRACE) {
    if (labelled)
      return agon__gambit_expected(lx, error, "'{' and the outcome's payoffs");
    if (number != 0 && known < 0)
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "outcome %" G_GINT64_FORMAT " is used before its payoffs are "
                                  "given", number);
    *row = number == 0 ? -1 : known;
    return TRUE;
  }
  line = lx->token_line;
  double values[ps->n];
  if (!agon__gambit_next(lx, error) || !agon__gambit_payoffs(lx, ps->n, values, error))
    return FALSE;
  if (known >= 0) {
    const double *before = &g_array_index(ps->outcome_rows, double, (gsize) known * ps->n);
    if (memcmp(before, values, sizeof values) != 0)
      return agon__gambit_fail_at(lx, line, error, AGON_ERROR_BAD_FILE,
                                  "outcome %" G_GINT64_FORMAT " has other payoffs here than on "
                                  "line %d", number,
                                  g_array_index(ps->outcome_lines, int, known));
    *row = known;
    return TRUE;
  }
  *row = (int) ps->outcome_lines->len;
  g_array_append_vals(ps->outcome_rows, values, (guint) ps->n);
  g_array_append_val(ps->outcome_lines, line);
  /* Outcome 0 means none; payoffs given with it apply to this node only. */
  if (number != 0)
    g_hash_table_insert(ps->outcomes, key, GINT_TO_POINTER(*row + 1));
  return TRUE;
}

#define AT(array, i) g_array_index(ps->array, gint32, (i))

/* Appends a node whose contents have been read, attaching it to the node
 * waiting for children on top of the stack. */
static gboolean
add_node(Parser *ps, int set, int outcome, gint32 name, int line, GError **error)
{
  int n = ps->n;
  if (ps->infoset->len >= EFG_MAX_NODES)
    return agon__gambit_fail_at(&ps->lx, line, error, AGON_ERROR_TOO_LARGE,
                                "the tree has more than %d nodes", EFG_MAX_NODES);
  gint32 id = (gint32) ps->infoset->len;
  gint32 parent = -1, moves = 0, chance = 0;
  guint depth = ps->stack->len;
  if (depth > 0) {
    Frame *top = &g_array_index(ps->stack, Frame, depth - 1);
    const EfgInfoset *above = &g_array_index(ps->infosets, EfgInfoset, AT(infoset, top->node));
    parent = top->node;
    AT(child, AT(first, parent) + above->num_actions - top->remaining) = id;
    top->remaining--;
    moves = top->moves;
    chance = top->chance;
  }
  /* This node's outcome added to those above it. */
  g_array_set_size(ps->acc, (depth + 1) * (guint) n);
  double *acc = &g_array_index(ps->acc, double, depth * (guint) n);
  const double *paid =
    outcome >= 0 ? &g_array_index(ps->outcome_rows, double, (gsize) outcome * n) : NULL;
  for (int p = 0; p < n; p++)
    acc[p] = (depth > 0 ? acc[p - n] : 0) + (paid ? paid[p] : 0);

  gint32 first, end = -1;
  if (set >= 0) {
    const EfgInfoset *s = &g_array_index(ps->infosets, EfgInfoset, set);
    if (depth >= EFG_MAX_DEPTH)
      return agon__gambit_fail_at(&ps->lx, line, error, AGON_ERROR_TOO_LARGE,
                                  "the tree is more than %d moves deep", EFG_MAX_DEPTH);
    first = (gint32) ps->child->len;
    g_array_set_size(ps->child, ps->child->len + (guint) s->num_actions);
    Frame frame = {
      .node = id,
      .remaining = s->num_actions,
      .moves = moves + (s->player != AGON_PLAYER_CHANCE),
      .chance = chance + (s->player == AGON_PLAYER_CHANCE),
    };
    g_array_append_val(ps->stack, frame);
  } else {
    first = (gint32) (ps->returns->len / (guint) n);
    g_array_append_vals(ps->returns, acc, (guint) n);
    end = id + 1;
    ps->max_moves = MAX(ps->max_moves, moves);
    ps->max_chance = MAX(ps->max_chance, chance);
  }
  g_array_append_val(ps->infoset, set);
  g_array_append_val(ps->first, first);
  g_array_append_val(ps->parent, parent);
  g_array_append_val(ps->end, end);
  g_array_append_val(ps->name, name);
  /* Close the nodes whose last child this completes. */
  while (ps->stack->len > 0) {
    Frame *top = &g_array_index(ps->stack, Frame, ps->stack->len - 1);
    if (top->remaining > 0)
      break;
    AT(end, top->node) = id + 1;
    g_array_set_size(ps->stack, ps->stack->len - 1);
  }
  return TRUE;
}

static gboolean
parse_node(Parser *ps, GError **error)
{
  GambitLexer *lx = &ps->lx;
  int line = lx->token_line;
  const char *word = lx->value->str;
  if (lx->token != GAMBIT_WORD || word[0] == '\0' || word[1] != '\0' || !strchr("cpt", word[0]))
    return agon__gambit_expected(lx, error, "a node ('c', 'p' or 't')");
  char kind = word[0];
  g_autofree char *name = NULL;
  if (!agon__gambit_next(lx, error)
      || !agon__gambit_string(lx, "the node's name (a quoted string)", &name, error))
    return FALSE;
  int set = -1;
  gint64 player = 0, number = 0;
  if (kind == 'c') {
    if (!agon__gambit_integer(lx, "a chance information set number", 0, G_MAXINT32, &number,
                              error)
        || !parse_infoset(ps, AGON_PLAYER_CHANCE, number, &set, error))
      return FALSE;
  } else if (kind == 'p') {
    if (!agon__gambit_integer(lx, "a player number", 1, ps->n, &player, error)
        || !agon__gambit_integer(lx, "an information set number", 0, G_MAXINT32, &number, error)
        || !parse_infoset(ps, (int) player - 1, number, &set, error))
      return FALSE;
  }
  int outcome = -1;
  if (!parse_outcome(ps, &outcome, error))
    return FALSE;
  gint32 offset = 0;
  if (*name) {
    offset = (gint32) ps->pool->len;
    g_string_append_len(ps->pool, name, (gssize) strlen(name) + 1);
  }
  return add_node(ps, set, outcome, offset, line, error);
}

static gboolean
parse_file(Parser *ps, GError **error)
{
  GambitLexer *lx = &ps->lx;
  if (!agon__gambit_next(lx, error) || !parse_header(ps, error))
    return FALSE;
  do {
    if (!parse_node(ps, error))
      return FALSE;
  } while (ps->stack->len > 0);
  if (lx->token != GAMBIT_EOF)
    return agon__gambit_expected(lx, error, "the end of the file after the last node");
  return TRUE;
}

/* ---- The game ----------------------------------------------------------- */

static const AgonParamSpec efg_params[] = {
  { "filename", AGON_PARAM_STRING, NULL, 0, 0, "path of a Gambit .efg file (version 2)" },
  { NULL },
};

static gint32 *
steal(GArray **array)
{
  gint32 *data = (gint32 *) g_array_free(*array, FALSE);
  *array = NULL;
  return data;
}

/* Moves the parsed tree into game->data and sets the game's sizes. */
static void
efg_setup(AgonGame *game, Parser *ps)
{
  EfgData *d = g_new0(EfgData, 1);
  game->data = d;
  d->num_nodes = (int) ps->infoset->len;
  gsize terminals = ps->returns->len / (guint) ps->n;
  d->infoset = steal(&ps->infoset);
  d->first = steal(&ps->first);
  d->parent = steal(&ps->parent);
  d->end = steal(&ps->end);
  d->name = steal(&ps->name);
  d->child = steal(&ps->child);
  d->returns = (double *) g_array_free(ps->returns, FALSE);
  ps->returns = NULL;
  d->probs = (double *) g_array_free(ps->probs, FALSE);
  ps->probs = NULL;
  d->pool = g_string_free(ps->pool, FALSE);
  ps->pool = NULL;
  d->num_infosets = (int) ps->infosets->len;
  d->infosets = (EfgInfoset *) g_array_free(ps->infosets, FALSE);
  ps->infosets = NULL;
  d->num_names = (int) ps->names->len;
  g_ptr_array_set_free_func(ps->names, NULL);
  d->names = (char **) g_ptr_array_free(ps->names, FALSE);
  ps->names = NULL;

  int player_actions = 0, chance_actions = 0;
  gboolean perfect = TRUE;
  for (int i = 0; i < d->num_infosets; i++) {
    const EfgInfoset *s = &d->infosets[i];
    if (s->player == AGON_PLAYER_CHANCE) {
      chance_actions = MAX(chance_actions, s->num_actions);
    } else {
      player_actions = MAX(player_actions, s->num_actions);
      perfect = perfect && s->members == 1;
    }
  }
  game->num_players = ps->n;
  game->type.min_players = game->type.max_players = ps->n;
  game->type.chance_mode =
    chance_actions > 0 ? AGON_CHANCE_EXPLICIT_STOCHASTIC : AGON_CHANCE_DETERMINISTIC;
  game->type.information = perfect ? AGON_INFORMATION_PERFECT : AGON_INFORMATION_IMPERFECT;
  game->num_distinct_actions = MAX(1, player_actions);
  game->max_chance_outcomes = chance_actions;
  game->max_game_length = MAX(1, ps->max_moves);
  game->max_chance_nodes = ps->max_chance;
  game->payload_size = sizeof(EfgState);
  agon__gambit_set_utility(game, d->returns, terminals);
}

static gboolean
efg_init(AgonGame *game, const AgonParams *params, GError **error)
{
  Parser ps = { 0 };
  parser_init(&ps);
  gboolean ok = agon__gambit_lexer_open(&ps.lx, agon_params_get_string(params, "filename"),
                                        error)
                && parse_file(&ps, error);
  if (ok)
    efg_setup(game, &ps);
  parser_clear(&ps);
  return ok;
}

static void
efg_finalize(AgonGame *game)
{
  EfgData *d = game->data;
  if (d == NULL)
    return;
  g_free(d->infoset);
  g_free(d->first);
  g_free(d->parent);
  g_free(d->end);
  g_free(d->name);
  g_free(d->child);
  g_free(d->returns);
  g_free(d->pool);
  for (int i = 0; i < d->num_infosets; i++)
    g_free(d->infosets[i].label);
  g_free(d->infosets);
  for (int i = 0; i < d->num_names; i++)
    g_free(d->names[i]);
  g_free(d->names);
  g_free(d->probs);
  g_free(d);
}

static void
efg_initial(const AgonGame *game, void *st)
{
  ((EfgState *) st)->node = 0;
}

static const EfgInfoset *
set_at(const EfgData *d, int node)
{
  int set = d->infoset[node];
  return set < 0 ? NULL : &d->infosets[set];
}

static int
efg_current_player(const AgonGame *game, const void *st)
{
  const EfgInfoset *s = set_at(game->data, ((const EfgState *) st)->node);
  return s ? s->player : AGON_PLAYER_TERMINAL;
}

static int
efg_chance_outcomes(const AgonGame *game, const void *st, AgonChanceOutcome *out)
{
  const EfgData *d = game->data;
  const EfgInfoset *s = set_at(d, ((const EfgState *) st)->node);
  int n = 0;
  for (int a = 0; a < s->num_actions; a++)
    if (d->probs[s->first + a] > 0)
      out[n++] = (AgonChanceOutcome) { a, d->probs[s->first + a] };
  return n;
}

static int
efg_legal_actions(const AgonGame *game, const void *st, int player, AgonAction *out)
{
  const EfgData *d = game->data;
  const EfgInfoset *s = set_at(d, ((const EfgState *) st)->node);
  int n = 0;
  for (int a = 0; a < s->num_actions; a++)
    if (s->player != AGON_PLAYER_CHANCE || d->probs[s->first + a] > 0)
      out[n++] = a;
  return n;
}

static int
efg_apply(const AgonGame *game, void *st, AgonAction action)
{
  const EfgData *d = game->data;
  EfgState *s = st;
  s->node = d->child[d->first[s->node] + action];
  return efg_current_player(game, st);
}

static void
efg_returns(const AgonGame *game, const void *st, double *out)
{
  const EfgData *d = game->data;
  int node = ((const EfgState *) st)->node;
  for (int p = 0; p < game->num_players; p++)
    out[p] = d->infoset[node] < 0 ? d->returns[(gsize) d->first[node] * game->num_players + p]
                                  : 0;
}

static void
append_set(GString *out, const EfgInfoset *s)
{
  g_string_append_printf(out, "%" G_GINT64_FORMAT "-%s", s->number, s->label);
}

static int
by_number(gconstpointer a, gconstpointer b, gpointer data)
{
  const EfgData *d = data;
  gint64 x = d->infosets[*(const gint32 *) a].number;
  gint64 y = d->infosets[*(const gint32 *) b].number;
  return x < y ? -1 : x > y;
}

/* Appends " after NUMBER-LABEL:ACTION" for @player's last move above
 * @node, and " next ..." for the sets where @player may move next below
 * it, found by scanning the subtree (its nodes follow it in file order). */
static void
append_knowledge(const EfgData *d, int node, int player, GString *out)
{
  for (int below = node, up = d->parent[node]; up >= 0; below = up, up = d->parent[up]) {
    const EfgInfoset *s = set_at(d, up);
    if (s->player != player)
      continue;
    int a = 0;
    while (d->child[d->first[up] + a] != below)
      a++;
    g_string_append(out, " after ");
    append_set(out, s);
    g_string_append_printf(out, ":%s", d->names[s->first + a]);
    break;
  }
  g_autoptr(GArray) next = g_array_new(FALSE, FALSE, sizeof(gint32));
  for (int i = node + 1; i < d->end[node];) {
    const EfgInfoset *s = set_at(d, i);
    if (s && s->player == player) {
      g_array_append_val(next, d->infoset[i]);
      i = d->end[i];
    } else {
      i++;
    }
  }
  if (next->len == 0)
    return;
  g_array_sort_with_data(next, by_number, (gpointer) d);
  g_string_append(out, " next");
  for (guint i = 0; i < next->len; i++) {
    gint32 set = g_array_index(next, gint32, i);
    if (i > 0 && set == g_array_index(next, gint32, i - 1))
      continue;
    g_string_append_c(out, ' ');
    append_set(out, &d->infosets[set]);
  }
}

static void
efg_information_state_string(const AgonGame *game, const void *st, int player, GString *out)
{
  const EfgData *d = game->data;
  int node = ((const EfgState *) st)->node;
  const EfgInfoset *s = set_at(d, node);
  g_string_append_printf(out, "%d-%d", player, player);
  if (s && s->player == player) {
    g_string_append_c(out, '-');
    append_set(out, s);
    return;
  }
  append_knowledge(d, node, player, out);
}

static void
efg_action_to_string(const AgonGame *game, const void *st, int player, AgonAction action,
                     GString *out)
{
  const EfgData *d = game->data;
  const EfgInfoset *s = set_at(d, ((const EfgState *) st)->node);
  if (s && action >= 0 && action < s->num_actions)
    g_string_append(out, d->names[s->first + action]);
  else
    g_string_append_printf(out, "%d", action);
}

/* OpenSpiel's EFGState::ToString, with the terminal's returns. */
static void
efg_to_string(const AgonGame *game, const void *st, GString *out)
{
  const EfgData *d = game->data;
  int node = ((const EfgState *) st)->node;
  const EfgInfoset *s = set_at(d, node);
  const char *name = d->pool + d->name[node];
  g_string_append_printf(out, "%d: ", node);
  if (s == NULL) {
    g_string_append_printf(out, "Terminal: %s", name);
    double returns[game->num_players];
    efg_returns(game, st, returns);
    for (int p = 0; p < game->num_players; p++)
      g_string_append_printf(out, " %g", returns[p]);
    return;
  }
  if (s->player == AGON_PLAYER_CHANCE)
    g_string_append_printf(out, "Chance: %s %" G_GINT64_FORMAT " %s", name, s->number, s->label);
  else
    g_string_append_printf(out, "Player: %s %d %" G_GINT64_FORMAT " %s", name, s->player + 1,
                           s->number, s->label);
  for (int a = 0; a < s->num_actions; a++) {
    g_string_append_printf(out, " %s", d->names[s->first + a]);
    if (s->player == AGON_PLAYER_CHANCE)
      g_string_append_printf(out, " %g", d->probs[s->first + a]);
  }
}

/* The static type is a placeholder: init reads the real one off the file. */
const AgonGameClass agon_efg_game_class = {
  .type = {
    .short_name = "efg_game",
    .long_name = "Extensive-form game from a Gambit .efg file",
    .dynamics = AGON_DYNAMICS_SEQUENTIAL,
    .chance_mode = AGON_CHANCE_EXPLICIT_STOCHASTIC,
    .information = AGON_INFORMATION_IMPERFECT,
    .utility = AGON_UTILITY_GENERAL_SUM,
    .reward_model = AGON_REWARD_TERMINAL,
    .min_players = 1,
    .max_players = GAMBIT_MAX_PLAYERS,
    .provides_information_state_string = TRUE,
    .provides_observation_string = TRUE,
  },
  .params = efg_params,
  .init = efg_init,
  .finalize = efg_finalize,
  .initial = efg_initial,
  .current_player = efg_current_player,
  .legal_actions = efg_legal_actions,
  .chance_outcomes = efg_chance_outcomes,
  .apply = efg_apply,
  .returns = efg_returns,
  .information_state_string = efg_information_state_string,
  .observation_string = efg_information_state_string,
  .action_to_string = efg_action_to_string,
  .to_string = efg_to_string,
};
