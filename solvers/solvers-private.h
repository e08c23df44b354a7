/* agon: what the files of solvers/ share.
 *
 * The compiled tree's arrays, the sequence-form view of it that every
 * iteration and evaluation runs on, the policy and solver objects, and the
 * solver class table that a new solver fills in.
 *
 * Sequence form, in brief. With perfect recall, the probability that player
 * p's own choices lead to a history depends only on p's last (information
 * set, action) pair on the way, its "sequence": a slot, or the empty
 * sequence before p's first move. The reach of a slot is
 * reach[slot] = reach[parent(infoset)] * probs[slot], with reach[empty] = 1;
 * index num_slots stands for the empty sequence in every player's arrays.
 * A terminal's contribution to p's expected return is then
 * chance reach * return * the product of every player's sequence reach, so
 * p's counterfactual values are one sparse matrix-vector product with the
 * other players' reaches (AgonPayoffMatrix) followed by one sweep up p's
 * information sets, children before parents. Neither pass visits a history.
 *
 * Without perfect recall there is no sequence form; solvers and evaluation
 * then walk the node arrays (agon__tree_node_reaches() and a pass up the
 * nodes in reverse order), as OpenSpiel does on every game. */
#pragma once

#include <math.h>
#include <string.h>

#include <agon/agon.h>
#include "games/games-private.h"

G_BEGIN_DECLS

/* ---- The tree --------------------------------------------------------- */

/* Player p's payoffs by sequence. Row r adds into p's slot row_slot[r]
 * (num_slots for the empty sequence) the sum over entries k in
 * row_start[r] .. row_start[r + 1] - 1 of vals[k] times the reach of the
 * other players' sequences cols[k * (n - 1) + j], players in order with p
 * left out. vals[k] sums chance reach * p's return over the terminals that
 * share that tuple of sequences; zero entries are dropped. */
typedef struct {
  gint32 num_rows;
  gint32 num_entries;
  gint32 *row_slot;
  gint32 *row_start;
  gint32 *cols;
  double *vals;
} AgonPayoffMatrix;

struct AgonTree {
  gint ref_count;
  AgonGame *game;
  char *game_string; /* canonical: every parameter resolved */
  int num_players;
  guint64 fingerprint;

  /* Nodes: parents before children, each node's children consecutive. */
  gint32 num_nodes;
  gint32 num_histories;
  gint32 num_terminals;
  guint8 *kind;        /* AgonNodeKind */
  gint8 *player;       /* 0..n-1, AGON_PLAYER_CHANCE or AGON_PLAYER_TERMINAL */
  gint32 *index;       /* decision: infoset; terminal: row of returns; chance: -1 */
  gint32 *first_child;
  gint32 *num_children;
  gint32 *parent;
  AgonAction *action;  /* the action from the parent */
  double *probability; /* its chance probability, 1 after a player's move */
  double *returns;     /* num_terminals x num_players */

  /* Information sets, grouped by player, parents before children. */
  gint32 num_infosets;
  gint32 *first_infoset;      /* num_players + 1 */
  gint32 *infoset_player;
  gint32 *infoset_offset;     /* num_infosets + 1 */
  gint32 *infoset_num_actions;
  gint32 *infoset_parent;     /* the player's previous slot, or num_slots */
  gint32 *infoset_histories;
  char **infoset_string;      /* in strings */
  GStringChunk *strings;
  GHashTable **lookup;        /* per player: string -> infoset + 1 */

  gint32 num_slots;
  AgonAction *slot_action;

  gboolean perfect_recall;
  gint32 recall_infoset;      /* the first one found without it, or -1 */
  AgonPayoffMatrix *payoff;   /* num_players; NULL without perfect recall */
};

/* Fills @reach (num_slots + 1) with every player's sequence reach under
 * @probs. */
void agon__tree_reach_all(const AgonTree *tree, const double *probs, double *reach);

/* Writes the behaviour policy of per-slot weights @sums (strategy sums, a
 * realization plan): each information set's weights normalised, uniform
 * where they sum to 0. num_slots entries each. */
void agon__tree_normalize(const AgonTree *tree, const double *sums, double *probs);

/* The largest |entry| of the players' sequence-form payoff matrices: the
 * utility range as gradients see it, chance probabilities included (L of
 * Sokota et al.'s Theorem 3.4). */
double agon__tree_largest_payoff(const AgonTree *tree);

/* Recomputes @player's sequence reaches under @probs; reach[num_slots]
 * must be 1. */
static inline void
agon__tree_reach_player(const AgonTree *tree, int player, const double *probs, double *reach)
{
  const gint32 *offset = tree->infoset_offset, *parent = tree->infoset_parent;
  for (gint32 i = tree->first_infoset[player]; i < tree->first_infoset[player + 1]; i++) {
    double r = reach[parent[i]];
    for (gint32 s = offset[i]; s < offset[i + 1]; s++)
      reach[s] = r * probs[s];
  }
}

/* Writes softmax(@z) into @out and returns log sum_k exp(z[k]), computed
 * around the largest entry so that nothing overflows however large the
 * cumulative gains grow. @n >= 1; inline so that a constant @n unrolls. */
static inline double
agon__softmax(const double *restrict z, double *restrict out, const gint32 n)
{
  double m = z[0];
  for (gint32 k = 1; k < n; k++)
    m = z[k] > m ? z[k] : m;
  double total = 0;
  for (gint32 k = 0; k < n; k++) {
    out[k] = exp(z[k] - m);
    total += out[k];
  }
  double inv = 1 / total;
  for (gint32 k = 0; k < n; k++)
    out[k] *= inv;
  return m + log(total);
}

/* Sets @values to @player's payoffs by sequence against the other players'
 * @reach: values[s] for each of @player's slots s and for the empty
 * sequence (num_slots) becomes the expected return, weighted by the other
 * players' and chance's reach, of the terminals whose last move of @player
 * is s. */
static inline void
agon__tree_payoff_values(const AgonTree *tree, int player, const double *reach, double *values)
{
  gint32 begin = tree->infoset_offset[tree->first_infoset[player]];
  gint32 end = tree->infoset_offset[tree->first_infoset[player + 1]];
  memset(values + begin, 0, sizeof(double) * (gsize) (end - begin));
  values[tree->num_slots] = 0;

  const AgonPayoffMatrix *m = &tree->payoff[player];
  const gint32 *row_start = m->row_start, *cols = m->cols;
  const double *vals = m->vals;
  int others = tree->num_players - 1;
  if (others == 1) {
    for (gint32 r = 0; r < m->num_rows; r++) {
      double sum = 0;
      for (gint32 k = row_start[r]; k < row_start[r + 1]; k++)
        sum += vals[k] * reach[cols[k]];
      values[m->row_slot[r]] += sum;
    }
    return;
  }
  for (gint32 r = 0; r < m->num_rows; r++) {
    double sum = 0;
    for (gint32 k = row_start[r]; k < row_start[r + 1]; k++) {
      double v = vals[k];
      for (int j = 0; j < others; j++)
        v *= reach[cols[(gsize) k * others + j]];
      sum += v;
    }
    values[m->row_slot[r]] += sum;
  }
}

/* The history-based view, for trees without perfect recall. Fills, for
 * every node, @others with the probability that chance and every player
 * but @player (all players when @player is -1) play to it under @probs,
 * and @own (when not NULL) with @player's own part; num_nodes entries
 * each. One pass in node order. */
void agon__tree_node_reaches(const AgonTree *tree, int player, const double *probs, double *own,
                             double *others);

/* Fails with AGON_ERROR_UNSUPPORTED, naming the information set, when @tree
 * lacks perfect recall; @what says who needs it ("cfr+"). */
gboolean agon__tree_check_perfect_recall(const AgonTree *tree, const char *what, GError **error);

/* The canonical game string of @game ("kuhn_poker(players=2)"). Free with
 * g_free(). */
char *agon__game_canonical_string(const AgonGame *game);

/* ---- Policies --------------------------------------------------------- */

struct AgonPolicy {
  gint ref_count;
  AgonTree *tree;
  double *probs; /* num_slots */
};

/* ---- Solvers ---------------------------------------------------------- */

/* One array of a solver's state, as a checkpoint stores it. */
typedef enum {
  AGON_ARRAY_DOUBLE,
  AGON_ARRAY_UINT64,
} AgonArrayType;

typedef struct {
  const char *name;
  AgonArrayType type;
  void *data;
  gsize length; /* elements */
} AgonSolverArray;

#define AGON_SOLVER_MAX_ARRAYS 16

/* A solver's own section of a checkpoint (checkpoint.c), for state that
 * fixed arrays do not describe. Numbers are little-endian, doubles their
 * exact bits. A getter past the section's end fails with
 * AGON_ERROR_BAD_FILE naming the file, as agon__checkpoint_fail() does
 * ("corrupt checkpoint (@what)"); both return FALSE (get_bytes NULL). */
typedef struct AgonCheckpointReader AgonCheckpointReader;

void agon__checkpoint_put_u32(GByteArray *out, guint32 v);
void agon__checkpoint_put_double(GByteArray *out, double x);
void agon__checkpoint_put_bytes(GByteArray *out, const void *data, gsize n);
gboolean agon__checkpoint_get_u32(AgonCheckpointReader *r, guint32 *v, GError **error);
gboolean agon__checkpoint_get_double(AgonCheckpointReader *r, double *x, GError **error);
/* The next @n bytes, borrowed from the reader. */
const void *agon__checkpoint_get_bytes(AgonCheckpointReader *r, gsize n, GError **error);
gboolean agon__checkpoint_fail(const AgonCheckpointReader *r, GError **error, const char *what);

typedef struct AgonSolverClass AgonSolverClass;

/* The part every solver shares; a solver's own struct starts with it. */
struct AgonSolver {
  const AgonSolverClass *klass;
  AgonTree *tree;  /* NULL for a solver made by agon_solver_new_for_game() */
  AgonGame *game;  /* a reference: the tree's game, or the one given */
  char *spec;      /* resolved spec string */
  gint64 iteration;
};

/* What a solver implements: one const table per solver kind, listed in
 * solver.c. Several names may share one implementation and tell
 * themselves apart by klass->variant. */
struct AgonSolverClass {
  const char *name;
  const char *description;
  /* Accepted parameters, ending with a NULL name. */
  const AgonParamSpec *params;
  gsize instance_size;
  int variant;
  /* Whether the solver runs on the sequence form (needs perfect recall). */
  gboolean needs_perfect_recall;
  /* Whether it can run on the game alone, without a compiled tree
   * (agon_solver_new_for_game()); it then gets solver->tree == NULL. */
  gboolean tree_optional;

  /* Sets up a zeroed instance (base fields filled) from the resolved
   * @params. Returns FALSE with @error set on bad parameters. */
  gboolean (*init)(AgonSolver *solver, const AgonParams *params, GError **error);
  /* Frees what init allocated. */
  void (*finalize)(AgonSolver *solver);
  /* Runs @iterations iterations, advancing solver->iteration. */
  void (*iterate)(AgonSolver *solver, gint64 iterations);
  /* Write num_slots probabilities. */
  void (*average_probs)(AgonSolver *solver, double *probs);
  void (*current_probs)(AgonSolver *solver, double *probs);
  /* Lists the arrays holding the solver's whole state besides the
   * iteration count (at most AGON_SOLVER_MAX_ARRAYS); returns how many.
   * NULL when the solver has none; with no section either it cannot be
   * checkpointed (agon_solver_save() then fails with
   * AGON_ERROR_UNSUPPORTED). */
  int (*state_arrays)(AgonSolver *solver, AgonSolverArray *arrays);
  /* The rest of the state, whose size the arrays cannot give up front
   * (MCCFR's table grows as it plays): written as the checkpoint's
   * section, and read back into a solver just created and filled from
   * the arrays; FALSE with AGON_ERROR_BAD_FILE on bad data (checkpoint.c
   * also refuses a section not read to its end). Both or neither. */
  void (*save_section)(AgonSolver *solver, GByteArray *out);
  gboolean (*load_section)(AgonSolver *solver, AgonCheckpointReader *r, GError **error);
  /* Rebuilds derived data after a checkpoint filled the state arrays.
   * Optional. */
  void (*restored)(AgonSolver *solver);
  /* The average policy as policy JSON (policy.h), for solvers that may
   * have no tree. Optional: without it the tree's policy is written. */
  char *(*average_policy_json)(AgonSolver *solver);
};

/* The solver classes, NULL-terminated (solver.c). */
extern const AgonSolverClass *const agon__solver_classes[];

/* Switches a CFR-family solver, just created, to the history-based passes
 * that trees without perfect recall get (cfr.c). For tests: on a tree with
 * perfect recall both kinds of pass must agree. */
void agon__cfr_use_histories(AgonSolver *solver);

/* Player 0's value found by an "lp" solver (lp.c), known from creation. */
double agon__lp_get_value(const AgonSolver *solver);

/* The number of information sets an MCCFR solver's table holds (mccfr.c).
 * For tests. */
gint64 agon__mccfr_get_num_infosets(const AgonSolver *solver);

/* ---- Trajectory-feedback FTRL (trajectory-ftrl.c) -------------------- */

/* What "balanced-ftrl" and "adaptive-ftrl" share (Fiegel et al., ICML 2023):
 * self-play from one sampled episode per iteration, each player charging
 * its loss, importance-weighted with implicit exploration, to its last
 * sequence, then the closed-form FTRL step of a dilated entropy with
 * weights w(x) along its path. A solver's struct starts with this one; its
 * init calls agon__trajectory_ftrl_init() first, then sets eta, gamma and
 * weight and calls agon__trajectory_ftrl_refresh_all(). */
typedef struct AgonTrajectoryFtrl AgonTrajectoryFtrl;

/* Player @player's learning from an episode: @last is its last slot on the
 * path, @loss its loss in [0, 1]. It adds its IX estimate to f->loss[@last],
 * updates what its rates depend on, then calls
 * agon__trajectory_ftrl_update_path(). It sees the plans the episode was
 * played with: a player's learning touches only its own slots. */
typedef void (*AgonTrajectoryLearn)(AgonTrajectoryFtrl *f, int player, gint32 last, double loss);

struct AgonTrajectoryFtrl {
  AgonSolver base;
  AgonTrajectoryLearn learn;
  double eta[2], gamma[2];      /* per player; before the solver resolves them, as given */
  gint64 horizon;               /* the episodes the default rates are tuned for */
  double best[2], inv_range[2]; /* loss = (best - return) * inv_range */
  AgonRng rng;
  double *loss;      /* num_slots + 1: cumulative IX loss estimates L~ */
  double *sum;       /* num_slots + 1: sum of the realization plans */
  double *current;   /* num_slots + 1: mu_t as behaviour */
  double *reach;     /* num_slots + 1: mu_t as realization plan */
  double *values;    /* num_slots + 1: scratch */
  double *weight;    /* num_infosets: w(x), the weight of x's entropy */
  double *partition; /* num_infosets: V(x), x's log-partition value */
  double *log_size;  /* num_infosets: log |A(x)| with the KL to uniform; NULL: entropy */
  gint32 *slot_infoset; /* num_slots + 1: the information set owning a slot */
  gint32 *child_start;  /* num_slots + 2: the information sets right below */
  gint32 *child;        /* slot s are child[child_start[s] .. child_start[s + 1] - 1] */
};

/* Checks that the tree is a two-player zero-sum (or constant-sum) game
 * and reads the parameters "eta" (>= 0; 0: the solver's default),
 * "gamma" (finite; negative: the default) and "horizon" into eta[],
 * gamma[] and horizon, for the solver to resolve, and "seed". Allocates
 * the shared arrays (weight uninitialised), links each slot to the
 * information sets right below it and sets the loss scale. @relative: the
 * regularizer is the KL divergence to the uniform policy rather than the
 * negative entropy. FALSE with @error set on an unsupported game or a bad
 * parameter; finalize then frees what was allocated. */
gboolean agon__trajectory_ftrl_init(AgonTrajectoryFtrl *f, const AgonParams *params,
                                    AgonTrajectoryLearn learn, gboolean relative,
                                    GError **error);
/* Frees the shared arrays. */
void agon__trajectory_ftrl_clear(AgonTrajectoryFtrl *f);
/* The FTRL step of @player after its losses or weights changed on the path
 * from @slot up to the root: those information sets are recomputed,
 * children first, then the player's realization plan. */
void agon__trajectory_ftrl_update_path(AgonTrajectoryFtrl *f, int player, gint32 slot);
/* Recomputes every information set of both players, and the reaches. */
void agon__trajectory_ftrl_refresh_all(AgonTrajectoryFtrl *f);
/* Writes loss, strategy_sum and current, then @extra (@num_extra arrays),
 * then rng: the checkpointed state. Returns the count. */
int agon__trajectory_ftrl_state_arrays(AgonTrajectoryFtrl *f, AgonSolverArray *arrays,
                                       const AgonSolverArray *extra, int num_extra);

/* Class callbacks shared as they are. */
void agon__trajectory_ftrl_iterate(AgonSolver *solver, gint64 iterations);
void agon__trajectory_ftrl_average_probs(AgonSolver *solver, double *probs);
void agon__trajectory_ftrl_current_probs(AgonSolver *solver, double *probs);
void agon__trajectory_ftrl_restored(AgonSolver *solver);

/* A "balanced-ftrl" or "adaptive-ftrl" solver's resolved eta and gamma for
 * @player (adaptive-ftrl: the base rates). For tests. */
void agon__trajectory_ftrl_get_rates(const AgonSolver *solver, int player, double *eta,
                                     double *gamma);

/* A "balanced-ftrl" solver's balanced transition p*(x) of @infoset
 * (balanced-ftrl.c). For tests. */
double agon__balanced_ftrl_get_transition(const AgonSolver *solver, int infoset);

/* The policy file format (policy.c), written one information set at a
 * time: begin, then add each set (@first for the first), then end, which
 * returns the text (free with g_free()); @empty when none was added. */
GString *agon__policy_json_begin(const char *game_string);
void agon__policy_json_add(GString *out, gboolean first, int player, const char *infoset,
                           const AgonAction *actions, const double *probs, int n);
char *agon__policy_json_end(GString *out, gboolean empty);

/* agon_evaluator_new(), with the history-based evaluation when
 * @histories even if the tree has perfect recall (eval.c). For tests. */
AgonEvaluator *agon__evaluator_new(AgonTree *tree, gboolean histories, GError **error);

/* Creates a solver from a parsed @params on @tree (solver.c). */
AgonSolver *agon__solver_new_from_params(AgonTree *tree, const AgonParams *params,
                                         GError **error);

G_END_DECLS
