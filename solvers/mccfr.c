/* agon: Monte Carlo CFR, external and outcome sampling (es-mccfr, os-mccfr).
 *
 * Lanctot, Waugh, Zinkevich and Bowling, "Monte Carlo Sampling for Regret
 * Minimization in Extensive Games" (NIPS 2009), with the conventions of
 * OpenSpiel's external_sampling_mccfr.py and outcome_sampling_mccfr.py, so
 * that its published bounds apply. One iteration is one traversal per
 * player, players in order.
 *  - External sampling: at the traverser's nodes every action is walked,
 *    elsewhere one action is sampled (chance by its probabilities, the
 *    others by their current strategies); regret(a) += v(a) - v(I), the
 *    sampled counterfactual values (Lanctot et al., eq. 4 with q = the
 *    others' reach). The average is OpenSpiel's "simple" one: the current
 *    strategy is added to the strategy sum at the nodes of player
 *    (traverser + 1) mod n, once per visit.
 *  - Outcome sampling: one terminal history per traversal. The traverser
 *    samples from epsilon * uniform + (1 - epsilon) * current (epsilon-on-
 *    policy exploration), the others from their current strategies, chance
 *    from its probabilities. Walking back from the terminal with the
 *    sampled value u, an information set with sampled action a* and
 *    sampling probability s(a*) gets child value u / s(a*) for a* and 0 for
 *    the rest (no baseline), and passes up sigma(a*) * u / s(a*). At the
 *    traverser's nodes regret(a) += (child(a) - value) * opp_reach /
 *    sample_reach, and the average gets my_reach * sigma(a) / sample_reach
 *    (stochastically-weighted averaging); the reaches are those before the
 *    node, chance included in opp_reach and sample_reach.
 * Both start every regret and strategy sum at 1e-6, as OpenSpiel does, so
 * a new information set plays uniformly.
 *
 * The solvers walk the game through the game API, not a compiled tree, so
 * they run on games too big to compile. Information sets are numbered as
 * they are met, in a table keyed by (player, information-state string): an
 * open-addressing hash (linear probing, at most half full) from the key to
 * an entry, each entry owning a range of slots in flat growable arrays
 * (actions, regrets, strategy sums) as a compiled tree's information sets
 * do; the entry remembers the legal actions. Building the string is what
 * a node costs (Leduc's takes ~650 ns, the lookup ~20 ns), so a history
 * cache comes first: a state is a function of its history, so is its
 * information set, and a history met before maps to its entry by one hash
 * of a few integers and one compare, never a string (on Leduc every
 * decision history fits; on bigger games the cache fills with the first
 * histories met, those nearest the root, and the rest take the string
 * path). The cache changes no result. An iteration allocates nothing once
 * the table and the cache have stopped growing. States live in buffers made once:
 * one per recursion depth for external sampling (it only recurses at the
 * traverser's nodes and applies sampled moves in place), a single one for
 * outcome sampling, which walks forward to a terminal and then back along
 * the recorded path.
 *
 * Made from a tree (agon_solver_new()), a solver exports its policies in
 * the tree's slot order, looking each tree information set up in the table
 * (uniform where never met). A checkpoint holds the random state as an
 * array and the table, which grows as the solver plays, as the solver's
 * section (checkpoint.c); the history cache is left out, see
 * mccfr_save_section(). */
#include "solvers/solvers-private.h"

#include <json-glib/json-glib.h>

typedef enum {
  MCCFR_EXTERNAL,
  MCCFR_OUTCOME,
} MccfrVariant;

/* OpenSpiel's starting regret and strategy sum (_lookup_infostate_info). */
#define INITIAL_VALUE 1e-6

/* The information-set table. Entries are numbered in the order met; entry
 * e owns slots offset[e] .. offset[e + 1] - 1. */
typedef struct {
  gint32 num_entries, entry_capacity;
  guint64 *hash;
  gsize *key_start; /* into keys */
  guint32 *key_length;
  gint32 *offset; /* num_entries + 1 */
  gint8 *player;
  gint32 num_slots, slot_capacity;
  AgonAction *action;
  double *regret;
  double *sum;
  char *keys;
  gsize keys_length, keys_capacity;
  gint32 *index; /* mask + 1 buckets: an entry, or -1 */
  guint32 mask;
} Table;

/* The history cache: decision histories already met, each with its
 * table entry, so that a history met again skips the string. Open
 * addressing as the table; the histories' actions are kept to compare, so
 * a hash collision never returns a wrong entry. It stops growing at
 * HISTORY_CACHE_MAX histories (later ones take the string path). */
typedef struct {
  gint32 count;
  guint32 mask;
  gint32 *index;    /* mask + 1 buckets: a cached history, or -1 */
  guint64 *hash;    /* per cached history */
  gsize *start;     /* into actions */
  guint16 *length;
  gint32 *entry;
  AgonAction *actions;
  gsize actions_length, actions_capacity;
} HistoryCache;

#define HISTORY_CACHE_MAX (1 << 18)

/* One decision on the path of an outcome-sampling episode. */
typedef struct {
  gint32 entry;
  gint32 sampled;
  double pi;     /* current-strategy probability of the sampled action */
  double q;      /* its sampling probability */
  double my, opp, sample; /* reaches before the node */
} Step;

typedef struct {
  AgonSolver base;
  MccfrVariant variant;
  double epsilon;
  AgonRng rng;
  int num_players;
  int max_actions;
  int max_depth;
  gboolean explicit_chance;
  gsize state_size;
  Table table;
  HistoryCache cache;
  GString *key;        /* the information-state string being looked up */
  char *states;        /* max_depth + 1 state buffers */
  double *sigma;       /* (max_depth + 1) x max_actions: current strategies */
  double *values;      /* (max_depth + 1) x max_actions: child values */
  AgonAction *legal;   /* max_actions */
  AgonChanceOutcome *outcomes;
  Step *steps;         /* max_depth */
  double *returns;     /* num_players */
  AgonState *initial;
} Mccfr;

/* ---- The table ----------------------------------------------------------- */

/* A fast 64-bit hash of the key, 8 bytes a step (multiply-xorshift; the
 * finaliser is MurmurHash3's fmix64). */
static inline guint64
hash_key(const char *s, gsize n, int player)
{
  const guint64 m = G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
  guint64 h = G_GUINT64_CONSTANT(0x9e3779b97f4a7c15) * (guint64) (player + 1) ^ n;
  for (; n >= 8; s += 8, n -= 8) {
    guint64 w;
    memcpy(&w, s, 8);
    h = (h ^ w) * m;
    h ^= h >> 32;
  }
  guint64 w = 0;
  memcpy(&w, s, n);
  h = (h ^ w) * m;
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

static void
table_init(Table *t)
{
  t->entry_capacity = 64;
  t->hash = g_new(guint64, t->entry_capacity);
  t->key_start = g_new(gsize, t->entry_capacity);
  t->key_length = g_new(guint32, t->entry_capacity);
  t->offset = g_new(gint32, t->entry_capacity + 1);
  t->player = g_new(gint8, t->entry_capacity);
  t->offset[0] = 0;
  t->slot_capacity = 256;
  t->action = g_new(AgonAction, t->slot_capacity);
  t->regret = g_new(double, t->slot_capacity);
  t->sum = g_new(double, t->slot_capacity);
  t->keys_capacity = 4096;
  t->keys = g_malloc(t->keys_capacity);
  t->mask = 127;
  t->index = g_new(gint32, t->mask + 1);
  memset(t->index, 0xff, sizeof(gint32) * (t->mask + 1));
}

static void
table_clear(Table *t)
{
  g_free(t->hash);
  g_free(t->key_start);
  g_free(t->key_length);
  g_free(t->offset);
  g_free(t->player);
  g_free(t->action);
  g_free(t->regret);
  g_free(t->sum);
  g_free(t->keys);
  g_free(t->index);
}

/* The bucket holding @key's entry, or the empty one where it would go. */
static inline guint32
table_probe(const Table *t, guint64 h, int player, const char *key, gsize length)
{
  guint32 i = (guint32) h & t->mask;
  for (;;) {
    gint32 e = t->index[i];
    if (e < 0)
      return i;
    if (t->hash[e] == h && t->player[e] == player && t->key_length[e] == length
        && memcmp(t->keys + t->key_start[e], key, length) == 0)
      return i;
    i = (i + 1) & t->mask;
  }
}

/* The entry of (@player, @key), or -1. */
static gint32
table_find(const Table *t, int player, const char *key)
{
  gsize length = strlen(key);
  return t->index[table_probe(t, hash_key(key, length, player), player, key, length)];
}

static void
table_rehash(Table *t)
{
  t->mask = t->mask * 2 + 1;
  t->index = g_renew(gint32, t->index, t->mask + 1);
  memset(t->index, 0xff, sizeof(gint32) * (t->mask + 1));
  for (gint32 e = 0; e < t->num_entries; e++) {
    guint32 i = (guint32) t->hash[e] & t->mask;
    while (t->index[i] >= 0)
      i = (i + 1) & t->mask;
    t->index[i] = e;
  }
}

/* Adds an entry into the empty @bucket with its @n legal @actions. The
 * arrays double when full, so growth costs O(1) amortised. */
static gint32
table_add(Table *t, guint32 bucket, guint64 h, int player, const char *key, gsize length,
          const AgonAction *actions, int n)
{
  if (t->num_entries == t->entry_capacity) {
    t->entry_capacity *= 2;
    t->hash = g_renew(guint64, t->hash, t->entry_capacity);
    t->key_start = g_renew(gsize, t->key_start, t->entry_capacity);
    t->key_length = g_renew(guint32, t->key_length, t->entry_capacity);
    t->offset = g_renew(gint32, t->offset, t->entry_capacity + 1);
    t->player = g_renew(gint8, t->player, t->entry_capacity);
  }
  if (t->num_slots + n > t->slot_capacity) {
    while (t->num_slots + n > t->slot_capacity)
      t->slot_capacity *= 2;
    t->action = g_renew(AgonAction, t->action, t->slot_capacity);
    t->regret = g_renew(double, t->regret, t->slot_capacity);
    t->sum = g_renew(double, t->sum, t->slot_capacity);
  }
  if (t->keys_length + length + 1 > t->keys_capacity) {
    while (t->keys_length + length + 1 > t->keys_capacity)
      t->keys_capacity *= 2;
    t->keys = g_realloc(t->keys, t->keys_capacity);
  }
  gint32 e = t->num_entries++;
  t->hash[e] = h;
  t->key_start[e] = t->keys_length;
  t->key_length[e] = (guint32) length;
  t->player[e] = (gint8) player;
  memcpy(t->keys + t->keys_length, key, length + 1); /* NUL kept for export */
  t->keys_length += length + 1;
  gint32 o = t->offset[e];
  for (int k = 0; k < n; k++) {
    t->action[o + k] = actions[k];
    t->regret[o + k] = INITIAL_VALUE;
    t->sum[o + k] = INITIAL_VALUE;
  }
  t->num_slots = o + n;
  t->offset[e + 1] = t->num_slots;
  t->index[bucket] = e;
  if ((guint32) t->num_entries * 2 > t->mask + 1)
    table_rehash(t);
  return e;
}

static void
cache_init(HistoryCache *c)
{
  c->mask = 1023;
  c->index = g_new(gint32, c->mask + 1);
  memset(c->index, 0xff, sizeof(gint32) * (c->mask + 1));
  gsize n = (c->mask + 1) / 2;
  c->hash = g_new(guint64, n);
  c->start = g_new(gsize, n);
  c->length = g_new(guint16, n);
  c->entry = g_new(gint32, n);
  c->actions_capacity = 8 * n;
  c->actions = g_new(AgonAction, c->actions_capacity);
}

static void
cache_clear(HistoryCache *c)
{
  g_free(c->index);
  g_free(c->hash);
  g_free(c->start);
  g_free(c->length);
  g_free(c->entry);
  g_free(c->actions);
}

/* The bucket of the history @h, @actions, or the empty one where it goes. */
static inline guint32
cache_probe(const HistoryCache *c, guint64 h, const AgonAction *actions, int length)
{
  guint32 i = (guint32) h & c->mask;
  for (;;) {
    gint32 k = c->index[i];
    if (k < 0)
      return i;
    if (c->hash[k] == h && c->length[k] == length
        && memcmp(c->actions + c->start[k], actions, sizeof(AgonAction) * length) == 0)
      return i;
    i = (i + 1) & c->mask;
  }
}

static void
cache_add(HistoryCache *c, guint32 bucket, guint64 h, const AgonAction *actions, int length,
          gint32 entry)
{
  if (c->count >= HISTORY_CACHE_MAX || length > G_MAXUINT16)
    return;
  if (c->actions_length + length > c->actions_capacity) {
    while (c->actions_length + length > c->actions_capacity)
      c->actions_capacity *= 2;
    c->actions = g_renew(AgonAction, c->actions, c->actions_capacity);
  }
  gint32 k = c->count++;
  c->hash[k] = h;
  c->start[k] = c->actions_length;
  c->length[k] = (guint16) length;
  c->entry[k] = entry;
  memcpy(c->actions + c->actions_length, actions, sizeof(AgonAction) * length);
  c->actions_length += length;
  c->index[bucket] = k;
  if ((guint32) c->count * 2 < c->mask + 1)
    return;
  /* Full to half: double the buckets (and the per-history arrays, sized
   * to half the buckets). */
  c->mask = c->mask * 2 + 1;
  gsize n = (c->mask + 1) / 2;
  c->hash = g_renew(guint64, c->hash, n);
  c->start = g_renew(gsize, c->start, n);
  c->length = g_renew(guint16, c->length, n);
  c->entry = g_renew(gint32, c->entry, n);
  c->index = g_renew(gint32, c->index, c->mask + 1);
  memset(c->index, 0xff, sizeof(gint32) * (c->mask + 1));
  for (gint32 j = 0; j < c->count; j++) {
    guint32 i = (guint32) c->hash[j] & c->mask;
    while (c->index[i] >= 0)
      i = (i + 1) & c->mask;
    c->index[i] = j;
  }
}

/* The entry of @player's information set at @state, added when new. The
 * state is a function of its history (agon_state_deserialize() rebuilds
 * it so), hence so is the information set: a history met before is found
 * in the history cache by one hash of a few integers; otherwise the node
 * costs one information-state string and one table lookup. */
static inline gint32
visit(Mccfr *m, const AgonState *state, int player)
{
  int length;
  const AgonAction *history = agon_state_get_history(state, &length);
  guint64 hh = hash_key((const char *) history, sizeof(AgonAction) * length, 0);
  HistoryCache *c = &m->cache;
  guint32 cb = cache_probe(c, hh, history, length);
  if (G_LIKELY(c->index[cb] >= 0))
    return c->entry[c->index[cb]];

  Table *t = &m->table;
  GString *key = m->key;
  g_string_truncate(key, 0);
  agon_state_information_state_string(state, player, key);
  guint64 h = hash_key(key->str, key->len, player);
  guint32 bucket = table_probe(t, h, player, key->str, key->len);
  gint32 e = t->index[bucket];
  if (e < 0) {
    int n = agon_state_legal_actions(state, m->legal);
    e = table_add(t, bucket, h, player, key->str, key->len, m->legal, n);
  }
  cache_add(c, cb, hh, history, length, e);
  return e;
}

/* ---- Strategies ---------------------------------------------------------- */

/* Regret matching (Hart and Mas-Colell): the positive part of the regrets,
 * normalised; uniform when none is positive. */
static inline void
regret_matching(const double *regret, int n, double *out)
{
  double total = 0;
  for (int k = 0; k < n; k++) {
    double x = regret[k] > 0 ? regret[k] : 0;
    out[k] = x;
    total += x;
  }
  if (total > 0) {
    for (int k = 0; k < n; k++)
      out[k] /= total;
  } else {
    for (int k = 0; k < n; k++)
      out[k] = 1.0 / n;
  }
}

/* Samples an index by the probabilities @p, never one of probability 0
 * (rounding could otherwise pick a zero-probability last action). */
static inline int
sample(const double *p, int n, AgonRng *rng)
{
  double u = agon_rng_uniform(rng);
  int last = 0;
  for (int k = 0; k < n; k++) {
    if (p[k] <= 0)
      continue;
    last = k;
    u -= p[k];
    if (u < 0)
      return k;
  }
  return last;
}

static inline AgonState *
state_at(Mccfr *m, int depth)
{
  return (AgonState *) (m->states + (gsize) depth * m->state_size);
}

/* ---- External sampling --------------------------------------------------- */

/* The sampled value for @player of the state in buffer @depth, which it
 * may change (the caller copies a fresh child for every walk). */
static double
es_walk(Mccfr *m, int depth, int player)
{
  AgonState *s = state_at(m, depth);
  int ma = m->max_actions;
  for (;;) {
    int cur = s->current_player;
    if (cur == AGON_PLAYER_TERMINAL) {
      agon_state_returns(s, m->returns);
      return m->returns[player];
    }
    if (cur == AGON_PLAYER_CHANCE) {
      agon_state_apply(s, agon_state_sample_chance(s, &m->rng));
      continue;
    }
    gint32 e = visit(m, s, cur);
    Table *t = &m->table;
    gint32 o = t->offset[e];
    int n = t->offset[e + 1] - o;
    double *sigma = m->sigma + (gsize) depth * ma;
    regret_matching(t->regret + o, n, sigma);
    if (cur != player) {
      /* OpenSpiel's simple average: player (traverser + 1) mod n adds its
       * current strategy where it is sampled. */
      if (cur == (player + 1) % m->num_players)
        for (int k = 0; k < n; k++)
          t->sum[o + k] += sigma[k];
      agon_state_apply(s, t->action[o + sample(sigma, n, &m->rng)]);
      continue;
    }
    double *q = m->values + (gsize) depth * ma;
    AgonState *child = state_at(m, depth + 1);
    double v = 0;
    for (int k = 0; k < n; k++) {
      agon_state_copy(child, s);
      agon_state_apply(child, t->action[o + k]); /* t's arrays may move below */
      q[k] = es_walk(m, depth + 1, player);
      v += sigma[k] * q[k];
    }
    double *r = t->regret + o;
    for (int k = 0; k < n; k++)
      r[k] += q[k] - v;
    return v;
  }
}

/* ---- Outcome sampling ---------------------------------------------------- */

/* Samples a chance outcome of @s into @prob: from the listed outcomes with
 * explicit chance, so that the reaches carry its probability as
 * OpenSpiel's do; with sampled chance the probability is unknown and taken
 * as 1 (it cancels in the regrets, and only weights the average). */
static AgonAction
os_chance(Mccfr *m, const AgonState *s, double *prob)
{
  if (!m->explicit_chance) {
    *prob = 1;
    return agon_state_sample_chance(s, &m->rng);
  }
  int n = agon_state_chance_outcomes(s, m->outcomes);
  double u = agon_rng_uniform(&m->rng);
  for (int k = 0; k < n - 1; k++) {
    u -= m->outcomes[k].probability;
    if (u < 0) {
      *prob = m->outcomes[k].probability;
      return m->outcomes[k].action;
    }
  }
  *prob = m->outcomes[n - 1].probability;
  return m->outcomes[n - 1].action;
}

static void
os_episode(Mccfr *m, int player)
{
  AgonState *s = state_at(m, 0);
  agon_state_copy(s, m->initial);
  double *sigma = m->sigma, *mixed = m->values;
  double my = 1, opp = 1, reach = 1;
  int length = 0;
  for (;;) {
    int cur = s->current_player;
    if (cur == AGON_PLAYER_TERMINAL)
      break;
    if (cur == AGON_PLAYER_CHANCE) {
      double prob;
      agon_state_apply(s, os_chance(m, s, &prob));
      opp *= prob;
      reach *= prob;
      continue;
    }
    gint32 e = visit(m, s, cur);
    const Table *t = &m->table;
    gint32 o = t->offset[e];
    int n = t->offset[e + 1] - o;
    regret_matching(t->regret + o, n, sigma);
    const double *draw = sigma;
    if (cur == player) {
      for (int k = 0; k < n; k++)
        mixed[k] = m->epsilon / n + (1 - m->epsilon) * sigma[k];
      draw = mixed;
    }
    int a = sample(draw, n, &m->rng);
    g_assert(length < m->max_depth);
    m->steps[length++] = (Step) { e, a, sigma[a], draw[a], my, opp, reach };
    if (cur == player)
      my *= sigma[a];
    else
      opp *= sigma[a];
    reach *= draw[a];
    agon_state_apply(s, t->action[o + a]);
  }
  agon_state_returns(s, m->returns);
  double u = m->returns[player];
  Table *t = &m->table;
  for (int i = length - 1; i >= 0; i--) {
    const Step *st = &m->steps[i];
    double child = u / st->q;
    double value = st->pi * child;
    if (t->player[st->entry] == player) {
      gint32 o = t->offset[st->entry];
      int n = t->offset[st->entry + 1] - o;
      /* As OpenSpiel, the strategy is matched again from the regrets. */
      regret_matching(t->regret + o, n, sigma);
      double w = st->opp / st->sample, avg = st->my / st->sample;
      double *r = t->regret + o, *sum = t->sum + o;
      for (int k = 0; k < n; k++) {
        r[k] += ((k == st->sampled ? child : 0) - value) * w;
        sum[k] += avg * sigma[k];
      }
    }
    u = value;
  }
}

static void
mccfr_iterate(AgonSolver *solver, gint64 iterations)
{
  Mccfr *m = (Mccfr *) solver;
  for (gint64 it = 0; it < iterations; it++) {
    for (int p = 0; p < m->num_players; p++) {
      if (m->variant == MCCFR_EXTERNAL) {
        agon_state_copy(state_at(m, 0), m->initial);
        es_walk(m, 0, p);
      } else {
        os_episode(m, p);
      }
    }
    solver->iteration++;
  }
}

/* ---- Policies ------------------------------------------------------------ */

/* Entry @e's average strategy into @out; uniform when its sum is 0. */
static void
entry_average(const Table *t, gint32 e, double *out)
{
  gint32 o = t->offset[e];
  int n = t->offset[e + 1] - o;
  double total = 0;
  for (int k = 0; k < n; k++)
    total += t->sum[o + k];
  for (int k = 0; k < n; k++)
    out[k] = total > 0 ? t->sum[o + k] / total : 1.0 / n;
}

/* Writes the tree's slot-order policy: each tree information set from its
 * table entry when met (and with the same actions), else uniform. */
static void
tree_probs(AgonSolver *solver, double *probs, gboolean average)
{
  const Mccfr *m = (const Mccfr *) solver;
  const AgonTree *tree = solver->tree;
  const Table *t = &m->table;
  agon_tree_uniform_probs(tree, probs);
  for (gint32 i = 0; i < tree->num_infosets; i++) {
    gint32 e = table_find(t, tree->infoset_player[i], tree->infoset_string[i]);
    gint32 o = tree->infoset_offset[i];
    int n = tree->infoset_offset[i + 1] - o;
    if (e < 0 || t->offset[e + 1] - t->offset[e] != n
        || memcmp(t->action + t->offset[e], tree->slot_action + o, sizeof(AgonAction) * n) != 0)
      continue;
    if (average)
      entry_average(t, e, probs + o);
    else
      regret_matching(t->regret + t->offset[e], n, probs + o);
  }
}

static void
mccfr_average_probs(AgonSolver *solver, double *probs)
{
  tree_probs(solver, probs, TRUE);
}

static void
mccfr_current_probs(AgonSolver *solver, double *probs)
{
  tree_probs(solver, probs, FALSE);
}

/* The policy file format of policy.c, with the information sets met so
 * far in the order they were met. */
static char *
mccfr_average_policy_json(AgonSolver *solver)
{
  const Mccfr *m = (const Mccfr *) solver;
  const Table *t = &m->table;
  g_autofree char *game = agon__game_canonical_string(solver->game);
  g_autofree double *probs = g_new(double, MAX(m->max_actions, 1));
  GString *out = agon__policy_json_begin(game);
  for (gint32 e = 0; e < t->num_entries; e++) {
    entry_average(t, e, probs);
    gint32 o = t->offset[e];
    agon__policy_json_add(out, e == 0, t->player[e], t->keys + t->key_start[e], t->action + o,
                          probs, t->offset[e + 1] - o);
  }
  return agon__policy_json_end(out, t->num_entries == 0);
}

gint64
agon__mccfr_get_num_infosets(const AgonSolver *solver)
{
  g_return_val_if_fail(solver != NULL && solver->klass->average_policy_json
                         == mccfr_average_policy_json, -1);
  return ((const Mccfr *) solver)->table.num_entries;
}

/* ---- Checkpoints --------------------------------------------------------- */

static int
mccfr_state_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  Mccfr *m = (Mccfr *) solver;
  arrays[0] = (AgonSolverArray) { "rng", AGON_ARRAY_UINT64, m->rng.s, G_N_ELEMENTS(m->rng.s) };
  return 1;
}

/* The section: u32 entries, then per entry in the order met u32 player,
 * u32 key length, the key, u32 actions n, n u32 actions, n regrets and n
 * strategy sums. Loading adds the entries in that order, so the table
 * (numbering, JSON order) is the one saved. The history cache is not
 * saved: a hit returns the entry that the string path finds for the same
 * history (the entry was made, or found, by that path when the history
 * was cached, and entries are never removed), and neither path draws a
 * random number, so an empty cache costs time, never a different result. */
static void
mccfr_save_section(AgonSolver *solver, GByteArray *out)
{
  const Mccfr *m = (const Mccfr *) solver;
  const Table *t = &m->table;
  agon__checkpoint_put_u32(out, (guint32) t->num_entries);
  for (gint32 e = 0; e < t->num_entries; e++) {
    gint32 o = t->offset[e];
    int n = t->offset[e + 1] - o;
    agon__checkpoint_put_u32(out, (guint32) t->player[e]);
    agon__checkpoint_put_u32(out, t->key_length[e]);
    agon__checkpoint_put_bytes(out, t->keys + t->key_start[e], t->key_length[e]);
    agon__checkpoint_put_u32(out, (guint32) n);
    for (int k = 0; k < n; k++)
      agon__checkpoint_put_u32(out, (guint32) t->action[o + k]);
    for (int k = 0; k < n; k++)
      agon__checkpoint_put_double(out, t->regret[o + k]);
    for (int k = 0; k < n; k++)
      agon__checkpoint_put_double(out, t->sum[o + k]);
  }
}

/* Reads one entry into the table. What the walks later trust is checked:
 * a player of the game, a key without NUL (exported as a C string), 1 to
 * max_actions legal actions in ascending order (as the game lists them)
 * within the game's actions, and no (player, key) twice. */
static gboolean
load_entry(Mccfr *m, AgonCheckpointReader *r, GError **error)
{
  Table *t = &m->table;
  guint32 player, length, n;
  const char *key;
  if (!agon__checkpoint_get_u32(r, &player, error) || !agon__checkpoint_get_u32(r, &length, error)
      || (key = agon__checkpoint_get_bytes(r, length, error)) == NULL
      || !agon__checkpoint_get_u32(r, &n, error))
    return FALSE;
  if (player >= (guint32) m->num_players)
    return agon__checkpoint_fail(r, error, "an information set of no player");
  if (memchr(key, 0, length) != NULL)
    return agon__checkpoint_fail(r, error, "an information-state string holds a NUL byte");
  if (n == 0 || n > (guint32) m->max_actions)
    return agon__checkpoint_fail(r, error, "an information set with a wrong number of actions");
  guint32 num_actions = (guint32) agon_game_get_num_distinct_actions(m->base.game);
  for (guint32 k = 0; k < n; k++) {
    guint32 a;
    if (!agon__checkpoint_get_u32(r, &a, error))
      return FALSE;
    if (a >= num_actions || (k > 0 && a <= (guint32) m->legal[k - 1]))
      return agon__checkpoint_fail(r, error, "an information set with wrong actions");
    m->legal[k] = (AgonAction) a;
  }
  if (t->num_slots > G_MAXINT32 - (gint32) n)
    return agon__checkpoint_fail(r, error, "too many actions");
  /* The key is copied so that table_add finds the NUL it keeps. */
  g_string_truncate(m->key, 0);
  g_string_append_len(m->key, key, length);
  guint64 h = hash_key(m->key->str, length, (int) player);
  guint32 bucket = table_probe(t, h, (int) player, m->key->str, length);
  if (t->index[bucket] >= 0)
    return agon__checkpoint_fail(r, error, "an information set listed twice");
  gint32 e = table_add(t, bucket, h, (int) player, m->key->str, length, m->legal, (int) n);
  double *regret = t->regret + t->offset[e], *sum = t->sum + t->offset[e];
  for (guint32 k = 0; k < n; k++)
    if (!agon__checkpoint_get_double(r, &regret[k], error))
      return FALSE;
  for (guint32 k = 0; k < n; k++)
    if (!agon__checkpoint_get_double(r, &sum[k], error))
      return FALSE;
  return TRUE;
}

static gboolean
mccfr_load_section(AgonSolver *solver, AgonCheckpointReader *r, GError **error)
{
  Mccfr *m = (Mccfr *) solver;
  g_assert(m->table.num_entries == 0 && m->cache.count == 0);
  guint32 count;
  if (!agon__checkpoint_get_u32(r, &count, error))
    return FALSE;
  if (count > G_MAXINT32)
    return agon__checkpoint_fail(r, error, "too many information sets");
  /* Each entry grows the table as it reads, so a huge count in a short
   * section fails at its end instead of allocating up front. */
  for (guint32 i = 0; i < count; i++)
    if (!load_entry(m, r, error))
      return FALSE;
  return TRUE;
}

/* ---- Set-up -------------------------------------------------------------- */

static gboolean
mccfr_init(AgonSolver *solver, const AgonParams *params, GError **error)
{
  Mccfr *m = (Mccfr *) solver;
  const AgonGame *game = solver->game;
  const AgonGameType *type = agon_game_get_type(game);
  const char *name = solver->klass->name;
  if (type->dynamics != AGON_DYNAMICS_SEQUENTIAL) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: %s has simultaneous moves; %s plays sequential games only",
                name, agon_game_get_string(game), name);
    return FALSE;
  }
  if (!type->provides_information_state_string) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: %s provides no information-state strings", name,
                agon_game_get_string(game));
    return FALSE;
  }
  m->variant = (MccfrVariant) solver->klass->variant;
  if (m->variant == MCCFR_OUTCOME)
    m->epsilon = agon_params_get_double(params, "epsilon");
  agon_rng_init(&m->rng, (guint64) agon_params_get_int(params, "seed"));
  m->num_players = agon_game_get_num_players(game);
  m->max_actions = MAX(agon_game_get_max_actions(game), 1);
  m->max_depth = agon_game_get_max_game_length(game) + 1;
  m->explicit_chance = type->chance_mode == AGON_CHANCE_EXPLICIT_STOCHASTIC;
  /* Whole doubles, so that every buffer stays aligned for one. */
  m->state_size = (agon_game_get_state_size(game) + 7) & ~(gsize) 7;
  table_init(&m->table);
  cache_init(&m->cache);
  m->key = g_string_sized_new(256);
  gsize depths = (gsize) m->max_depth + 1;
  m->states = g_malloc(depths * m->state_size);
  m->sigma = g_new(double, depths * m->max_actions);
  m->values = g_new(double, depths * m->max_actions);
  m->legal = g_new(AgonAction, m->max_actions);
  m->outcomes = g_new(AgonChanceOutcome, MAX(agon_game_get_max_chance_outcomes(game), 1));
  m->steps = g_new(Step, m->max_depth);
  m->returns = g_new(double, m->num_players);
  m->initial = agon_state_new_initial(solver->game);
  return TRUE;
}

static void
mccfr_finalize(AgonSolver *solver)
{
  Mccfr *m = (Mccfr *) solver;
  if (m->key == NULL)
    return; /* init failed before allocating */
  table_clear(&m->table);
  cache_clear(&m->cache);
  g_string_free(m->key, TRUE);
  g_free(m->states);
  g_free(m->sigma);
  g_free(m->values);
  g_free(m->legal);
  g_free(m->outcomes);
  g_free(m->steps);
  g_free(m->returns);
  agon_state_free(m->initial);
}

static const AgonParamSpec es_params[] = {
  { "seed", AGON_PARAM_INT, "0", 0, 9007199254740992.0, "random seed" },
  { NULL },
};

static const AgonParamSpec os_params[] = {
  { "epsilon", AGON_PARAM_DOUBLE, "0.6", 0, 1,
    "exploration: the traverser samples epsilon * uniform + (1 - epsilon) * current" },
  { "seed", AGON_PARAM_INT, "0", 0, 9007199254740992.0, "random seed" },
  { NULL },
};

#define MCCFR_CLASS(cname, sname, cvariant, desc, spec)                                      \
  const AgonSolverClass cname = {                                                            \
    .name = sname,                                                                           \
    .description = desc,                                                                     \
    .params = spec,                                                                          \
    .instance_size = sizeof(Mccfr),                                                          \
    .variant = cvariant,                                                                     \
    .tree_optional = TRUE,                                                                   \
    .init = mccfr_init,                                                                      \
    .finalize = mccfr_finalize,                                                              \
    .iterate = mccfr_iterate,                                                                \
    .average_probs = mccfr_average_probs,                                                    \
    .current_probs = mccfr_current_probs,                                                    \
    .average_policy_json = mccfr_average_policy_json,                                        \
    .state_arrays = mccfr_state_arrays,                                                      \
    .save_section = mccfr_save_section,                                                      \
    .load_section = mccfr_load_section,                                                      \
  }

MCCFR_CLASS(agon_es_mccfr_class, "es-mccfr", MCCFR_EXTERNAL,
            "external-sampling Monte Carlo CFR (OpenSpiel's simple average); runs without a tree",
            es_params);
MCCFR_CLASS(agon_os_mccfr_class, "os-mccfr", MCCFR_OUTCOME,
            "outcome-sampling Monte Carlo CFR (epsilon exploration, stochastically-weighted "
            "average); runs without a tree",
            os_params);
