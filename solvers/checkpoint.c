/* agon: solver checkpoints.
 *
 * A checkpoint is a small binary file, every number little-endian:
 *
 *   "AGONCKPT"  u32 version
 *   str spec    str game       (str = u32 length + bytes)
 *   u64 tree fingerprint  u64 nodes  u64 infosets  u64 slots
 *   i64 iteration
 *   u32 arrays, then per array: str name  u32 type  u64 length  data
 *   version 2 only: u64 length, then the solver's own section
 *   u64 checksum (FNV-1a of every byte before it)
 *
 * Arrays are the ones the solver's class lists (state_arrays), doubles
 * stored as their exact bits, so a run resumed from a checkpoint is bit for
 * bit the run that was never stopped. The spec recreates the same solver
 * kind with the same parameters; the game string and the tree's
 * fingerprint refuse a checkpoint made on another game or compilation. The
 * checksum is checked before anything is parsed, so a truncated or
 * damaged file fails cleanly.
 *
 * Version 2 adds the section, for state that fixed arrays do not describe:
 * MCCFR's table grows as the solver plays (save_section, load_section).
 * A solver made on the game alone has no tree; its checkpoint then records
 * the game's canonical string and zeros for the tree (a compiled tree has
 * at least one node, so nodes = 0 says "no tree"). A file carries the
 * lowest version that describes it: tree solvers still write version 1,
 * byte for byte what earlier agon wrote and reads. */
#include "solvers/solvers-private.h"

#define MAGIC "AGONCKPT"
#define MAGIC_SIZE 8
#define VERSION_ARRAYS 1u  /* header and arrays */
#define VERSION_SECTION 2u /* and a solver's section */

static guint64
checksum(const guint8 *data, gsize size)
{
  guint64 h = G_GUINT64_CONSTANT(0xcbf29ce484222325);
  for (gsize i = 0; i < size; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT(0x100000001b3);
  return h;
}

/* ---- Writing ----------------------------------------------------------- */

static void
put_u32(GByteArray *out, guint32 v)
{
  v = GUINT32_TO_LE(v);
  g_byte_array_append(out, (const guint8 *) &v, sizeof v);
}

static void
put_u64(GByteArray *out, guint64 v)
{
  v = GUINT64_TO_LE(v);
  g_byte_array_append(out, (const guint8 *) &v, sizeof v);
}

static void
put_str(GByteArray *out, const char *s)
{
  gsize n = strlen(s);
  put_u32(out, (guint32) n);
  g_byte_array_append(out, (const guint8 *) s, (guint) n);
}

static void
put_array(GByteArray *out, const AgonSolverArray *a)
{
  put_str(out, a->name);
  put_u32(out, (guint32) a->type);
  put_u64(out, a->length);
  const guint64 *words = a->data; /* doubles go as their bits */
  for (gsize i = 0; i < a->length; i++) {
    guint64 w;
    memcpy(&w, words + i, sizeof w);
    put_u64(out, w);
  }
}

/* What a solver's section is written with (solvers-private.h). */
void
agon__checkpoint_put_u32(GByteArray *out, guint32 v)
{
  put_u32(out, v);
}

void
agon__checkpoint_put_double(GByteArray *out, double x)
{
  guint64 w; /* its exact bits */
  memcpy(&w, &x, sizeof w);
  put_u64(out, w);
}

void
agon__checkpoint_put_bytes(GByteArray *out, const void *data, gsize n)
{
  g_byte_array_append(out, data, (guint) n);
}

/* The number of arrays @solver lists into @arrays. */
static int
list_arrays(AgonSolver *solver, AgonSolverArray *arrays)
{
  return solver->klass->state_arrays ? solver->klass->state_arrays(solver, arrays) : 0;
}

gboolean
agon_solver_save(AgonSolver *solver, const char *path, GError **error)
{
  g_return_val_if_fail(solver != NULL && path != NULL, FALSE);
  const AgonSolverClass *klass = solver->klass;
  if (klass->state_arrays == NULL && klass->save_section == NULL) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "solver '%s' does not support checkpoints", klass->name);
    return FALSE;
  }
  const AgonTree *t = solver->tree;
  g_autofree char *game = t ? g_strdup(t->game_string)
                            : agon__game_canonical_string(solver->game);
  AgonSolverArray arrays[AGON_SOLVER_MAX_ARRAYS];
  int n = list_arrays(solver, arrays);

  g_autoptr(GByteArray) out = g_byte_array_new();
  g_byte_array_append(out, (const guint8 *) MAGIC, MAGIC_SIZE);
  put_u32(out, klass->save_section ? VERSION_SECTION : VERSION_ARRAYS);
  put_str(out, solver->spec);
  put_str(out, game);
  put_u64(out, t ? t->fingerprint : 0);
  put_u64(out, t ? (guint64) t->num_nodes : 0);
  put_u64(out, t ? (guint64) t->num_infosets : 0);
  put_u64(out, t ? (guint64) t->num_slots : 0);
  put_u64(out, (guint64) solver->iteration);
  put_u32(out, (guint32) n);
  for (int i = 0; i < n; i++)
    put_array(out, &arrays[i]);
  if (klass->save_section) {
    g_autoptr(GByteArray) section = g_byte_array_new();
    klass->save_section(solver, section);
    put_u64(out, section->len);
    agon__checkpoint_put_bytes(out, section->data, section->len);
  }
  put_u64(out, checksum(out->data, out->len));

  g_autoptr(GError) io = NULL;
  if (!g_file_set_contents(path, (const char *) out->data, out->len, &io)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s", io->message);
    return FALSE;
  }
  return TRUE;
}

/* ---- Reading ----------------------------------------------------------- */

struct AgonCheckpointReader {
  const char *path;
  const guint8 *data;
  gsize size; /* up to the checksum, or the end of a section */
  gsize pos;
  guint32 version;
};

typedef AgonCheckpointReader Reader;

typedef struct {
  char *spec;
  char *game;
  guint64 fingerprint;
  guint64 nodes, infosets, slots; /* nodes = 0: made without a tree */
  gint64 iteration;
} Header;

static void
header_clear(Header *h)
{
  g_free(h->spec);
  g_free(h->game);
}

static gboolean
bad(const Reader *r, GError **error, const char *what)
{
  g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: %s", r->path, what);
  return FALSE;
}

static const void *
get_bytes(Reader *r, gsize n, GError **error)
{
  if (n > r->size - r->pos) {
    bad(r, error, "truncated checkpoint");
    return NULL;
  }
  const void *p = r->data + r->pos;
  r->pos += n;
  return p;
}

static gboolean
get_u32(Reader *r, guint32 *v, GError **error)
{
  const void *p = get_bytes(r, sizeof *v, error);
  if (p == NULL)
    return FALSE;
  memcpy(v, p, sizeof *v);
  *v = GUINT32_FROM_LE(*v);
  return TRUE;
}

static gboolean
get_u64(Reader *r, guint64 *v, GError **error)
{
  const void *p = get_bytes(r, sizeof *v, error);
  if (p == NULL)
    return FALSE;
  memcpy(v, p, sizeof *v);
  *v = GUINT64_FROM_LE(*v);
  return TRUE;
}

static gboolean
get_str(Reader *r, char **s, GError **error)
{
  guint32 n;
  if (!get_u32(r, &n, error))
    return FALSE;
  const char *p = get_bytes(r, n, error);
  if (p == NULL)
    return FALSE;
  *s = g_strndup(p, n);
  if (strlen(*s) != n)
    return bad(r, error, "corrupt checkpoint (a string holds a NUL byte)");
  return TRUE;
}

/* Reads @path and checks its magic, version and checksum. */
static gboolean
open_file(const char *path, char **contents, Reader *r, GError **error)
{
  gsize length;
  g_autoptr(GError) io = NULL;
  if (!g_file_get_contents(path, contents, &length, &io)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s", io->message);
    return FALSE;
  }
  *r = (Reader) { .path = path, .data = (const guint8 *) *contents, .size = length };
  if (length < MAGIC_SIZE || memcmp(r->data, MAGIC, MAGIC_SIZE) != 0)
    return bad(r, error, "not an agon solver checkpoint");
  if (length < MAGIC_SIZE + 4 + 8)
    return bad(r, error, "truncated checkpoint");
  r->pos = MAGIC_SIZE;
  get_u32(r, &r->version, NULL);
  if (r->version < VERSION_ARRAYS || r->version > VERSION_SECTION) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: checkpoint format version %u; this agon reads versions %u to %u", path,
                r->version, VERSION_ARRAYS, VERSION_SECTION);
    return FALSE;
  }
  guint64 stored;
  memcpy(&stored, r->data + length - 8, 8);
  if (GUINT64_FROM_LE(stored) != checksum(r->data, length - 8))
    return bad(r, error, "truncated or corrupt checkpoint (checksum mismatch)");
  r->size = length - 8;
  return TRUE;
}

static gboolean
read_header(Reader *r, Header *h, GError **error)
{
  guint64 iteration;
  if (!get_str(r, &h->spec, error) || !get_str(r, &h->game, error)
      || !get_u64(r, &h->fingerprint, error) || !get_u64(r, &h->nodes, error)
      || !get_u64(r, &h->infosets, error) || !get_u64(r, &h->slots, error)
      || !get_u64(r, &iteration, error))
    return FALSE;
  h->iteration = (gint64) iteration;
  if (h->iteration < 0)
    return bad(r, error, "corrupt checkpoint (negative iteration count)");
  return TRUE;
}

gboolean
agon_solver_read_checkpoint_info(const char *path, char **spec, char **game_string,
                                 gint64 *iteration, GError **error)
{
  g_return_val_if_fail(path != NULL, FALSE);
  g_autofree char *contents = NULL;
  Reader r;
  Header h = { 0 };
  gboolean ok = open_file(path, &contents, &r, error) && read_header(&r, &h, error);
  if (ok) {
    if (spec != NULL)
      *spec = g_steal_pointer(&h.spec);
    if (game_string != NULL)
      *game_string = g_steal_pointer(&h.game);
    if (iteration != NULL)
      *iteration = h.iteration;
  }
  header_clear(&h);
  return ok;
}

/* Fills the solver's arrays from the file, checking that they are the ones
 * it has. */
static gboolean
read_arrays(Reader *r, AgonSolver *solver, GError **error)
{
  AgonSolverArray arrays[AGON_SOLVER_MAX_ARRAYS];
  int n = list_arrays(solver, arrays);
  guint32 count;
  if (!get_u32(r, &count, error))
    return FALSE;
  if (count != (guint32) n)
    return bad(r, error, "corrupt checkpoint (wrong number of arrays for the solver)");
  for (int i = 0; i < n; i++) {
    g_autofree char *name = NULL;
    guint32 type;
    guint64 length;
    if (!get_str(r, &name, error) || !get_u32(r, &type, error) || !get_u64(r, &length, error))
      return FALSE;
    if (strcmp(name, arrays[i].name) != 0 || type != (guint32) arrays[i].type
        || length != arrays[i].length) {
      g_autofree char *msg =
        g_strdup_printf("corrupt checkpoint (array '%s' does not match the solver's '%s')",
                        name, arrays[i].name);
      return bad(r, error, msg);
    }
    if (length > (r->size - r->pos) / 8)
      return bad(r, error, "truncated checkpoint");
    guint64 *words = arrays[i].data;
    for (guint64 j = 0; j < length; j++) {
      guint64 w = 0;
      get_u64(r, &w, NULL);
      memcpy(words + j, &w, sizeof w);
    }
  }
  return TRUE;
}

/* What a solver's section is read with (solvers-private.h). */
gboolean
agon__checkpoint_fail(const AgonCheckpointReader *r, GError **error, const char *what)
{
  g_autofree char *msg = g_strdup_printf("corrupt checkpoint (%s)", what);
  return bad(r, error, msg);
}

const void *
agon__checkpoint_get_bytes(AgonCheckpointReader *r, gsize n, GError **error)
{
  return get_bytes(r, n, error);
}

gboolean
agon__checkpoint_get_u32(AgonCheckpointReader *r, guint32 *v, GError **error)
{
  return get_u32(r, v, error);
}

gboolean
agon__checkpoint_get_double(AgonCheckpointReader *r, double *x, GError **error)
{
  guint64 w;
  if (!get_u64(r, &w, error))
    return FALSE;
  memcpy(x, &w, sizeof w);
  return TRUE;
}

/* Hands the solver its section (version 2), which it must read whole. A
 * solver with a section has state the arrays lack, so a file without one
 * cannot restore it, and the other way round. */
static gboolean
read_section(Reader *r, AgonSolver *solver, GError **error)
{
  gboolean wanted = solver->klass->load_section != NULL;
  if (r->version < VERSION_SECTION)
    return wanted ? bad(r, error, "corrupt checkpoint (no section for the solver)")
                  : TRUE;
  guint64 length;
  if (!get_u64(r, &length, error))
    return FALSE;
  if (!wanted)
    return bad(r, error, "corrupt checkpoint (a section the solver does not read)");
  if (length > r->size - r->pos)
    return bad(r, error, "truncated checkpoint");
  Reader section = { .path = r->path, .data = r->data + r->pos, .size = length,
                     .version = r->version };
  r->pos += length;
  if (!solver->klass->load_section(solver, &section, error))
    return FALSE;
  if (section.pos != section.size)
    return bad(r, error, "corrupt checkpoint (data after the solver's section)");
  return TRUE;
}

static const AgonSolverClass *
lookup_class(const char *name)
{
  for (const AgonSolverClass *const *k = agon__solver_classes; *k; k++)
    if (strcmp((*k)->name, name) == 0)
      return *k;
  return NULL;
}

/* Creates the checkpoint's solver on @tree, or on @game alone when @tree
 * is NULL, after checking that the file was made on the same game (and
 * tree, when both have one). */
static AgonSolver *
create(AgonTree *tree, AgonGame *game, Reader *r, const Header *h, GError **error)
{
  g_autofree char *expected = tree ? g_strdup(tree->game_string)
                                   : agon__game_canonical_string(game);
  if (strcmp(h->game, expected) != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: the checkpoint is for %s, not %s", r->path, h->game, expected);
    return NULL;
  }
  if (tree && h->nodes != 0
      && (h->fingerprint != tree->fingerprint || h->nodes != (guint64) tree->num_nodes
          || h->infosets != (guint64) tree->num_infosets
          || h->slots != (guint64) tree->num_slots)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: the checkpoint was made on a different tree of %s", r->path, h->game);
    return NULL;
  }
  g_autoptr(GError) inner = NULL;
  g_autoptr(AgonParams) params = agon_params_parse(h->spec, &inner);
  const AgonSolverClass *klass = params ? lookup_class(agon_params_get_name(params)) : NULL;
  /* Not a damaged file but the wrong call: tell the caller to compile. */
  if (tree == NULL && klass && !klass->tree_optional) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "%s: solver '%s' runs on a compiled tree of %s: load the checkpoint with "
                "agon_solver_load()", r->path, klass->name, h->game);
    return NULL;
  }
  if (h->nodes == 0 && klass && !klass->tree_optional) {
    bad(r, error, "corrupt checkpoint (a tree solver's checkpoint without a tree)");
    return NULL;
  }
  AgonSolver *solver = NULL;
  if (params)
    solver = tree ? agon__solver_new_from_params(tree, params, &inner)
                  : agon_solver_new_for_game(game, h->spec, &inner);
  if (solver == NULL) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: solver '%s': %s", r->path, h->spec,
                inner->message);
    return NULL;
  }
  return solver;
}

/* Fills a solver just created with the file's state. */
static gboolean
restore(Reader *r, AgonSolver *solver, GError **error)
{
  if (!read_arrays(r, solver, error) || !read_section(r, solver, error))
    return FALSE;
  if (r->pos != r->size)
    return bad(r, error, "corrupt checkpoint (data after the solver's state)");
  return TRUE;
}

static AgonSolver *
load(AgonTree *tree, AgonGame *game, const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  Reader r;
  if (!open_file(path, &contents, &r, error))
    return NULL;
  Header h = { 0 };
  AgonSolver *solver = read_header(&r, &h, error) ? create(tree, game, &r, &h, error) : NULL;
  if (solver && !restore(&r, solver, error))
    g_clear_pointer(&solver, agon_solver_free);
  if (solver) {
    solver->iteration = h.iteration;
    if (solver->klass->restored)
      solver->klass->restored(solver);
  }
  header_clear(&h);
  return solver;
}

AgonSolver *
agon_solver_load(AgonTree *tree, const char *path, GError **error)
{
  g_return_val_if_fail(tree != NULL && path != NULL, NULL);
  return load(tree, NULL, path, error);
}

AgonSolver *
agon_solver_load_for_game(AgonGame *game, const char *path, GError **error)
{
  g_return_val_if_fail(game != NULL && path != NULL, NULL);
  return load(NULL, game, path, error);
}
