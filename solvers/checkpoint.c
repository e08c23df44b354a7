/* agon: solver checkpoints.
 *
 * A checkpoint is a small binary file, every number little-endian:
 *
 *   "AGONCKPT"  u32 version
 *   str spec    str game       (str = u32 length + bytes)
 *   u64 tree fingerprint  u64 nodes  u64 infosets  u64 slots
 *   i64 iteration
 *   u32 arrays, then per array: str name  u32 type  u64 length  data
 *   u64 checksum (FNV-1a of every byte before it)
 *
 * Arrays are the ones the solver's class lists (state_arrays), doubles
 * stored as their exact bits, so a run resumed from a checkpoint is bit for
 * bit the run that was never stopped. The spec recreates the same solver
 * kind with the same parameters; the game string and the tree's
 * fingerprint refuse a checkpoint made on another game or compilation. The
 * checksum is checked before anything is parsed, so a truncated or
 * damaged file fails cleanly. */
#include "solvers/solvers-private.h"

#define MAGIC "AGONCKPT"
#define MAGIC_SIZE 8
#define VERSION 1u

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

gboolean
agon_solver_save(AgonSolver *solver, const char *path, GError **error)
{
  g_return_val_if_fail(solver != NULL && path != NULL, FALSE);
  if (solver->klass->state_arrays == NULL || solver->tree == NULL) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_UNSUPPORTED,
                "solver '%s' does not support checkpoints", solver->klass->name);
    return FALSE;
  }
  const AgonTree *t = solver->tree;
  AgonSolverArray arrays[AGON_SOLVER_MAX_ARRAYS];
  int n = solver->klass->state_arrays(solver, arrays);

  g_autoptr(GByteArray) out = g_byte_array_new();
  g_byte_array_append(out, (const guint8 *) MAGIC, MAGIC_SIZE);
  put_u32(out, VERSION);
  put_str(out, solver->spec);
  put_str(out, t->game_string);
  put_u64(out, t->fingerprint);
  put_u64(out, (guint64) t->num_nodes);
  put_u64(out, (guint64) t->num_infosets);
  put_u64(out, (guint64) t->num_slots);
  put_u64(out, (guint64) solver->iteration);
  put_u32(out, (guint32) n);
  for (int i = 0; i < n; i++)
    put_array(out, &arrays[i]);
  put_u64(out, checksum(out->data, out->len));

  g_autoptr(GError) io = NULL;
  if (!g_file_set_contents(path, (const char *) out->data, out->len, &io)) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_FAILED, "%s", io->message);
    return FALSE;
  }
  return TRUE;
}

/* ---- Reading ----------------------------------------------------------- */

typedef struct {
  const char *path;
  const guint8 *data;
  gsize size; /* up to the checksum */
  gsize pos;
} Reader;

typedef struct {
  char *spec;
  char *game;
  guint64 fingerprint;
  guint64 nodes, infosets, slots;
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

static gboolean
get_bytes(Reader *r, void *out, gsize n, GError **error)
{
  if (n > r->size - r->pos)
    return bad(r, error, "truncated checkpoint");
  memcpy(out, r->data + r->pos, n);
  r->pos += n;
  return TRUE;
}

static gboolean
get_u32(Reader *r, guint32 *v, GError **error)
{
  if (!get_bytes(r, v, sizeof *v, error))
    return FALSE;
  *v = GUINT32_FROM_LE(*v);
  return TRUE;
}

static gboolean
get_u64(Reader *r, guint64 *v, GError **error)
{
  if (!get_bytes(r, v, sizeof *v, error))
    return FALSE;
  *v = GUINT64_FROM_LE(*v);
  return TRUE;
}

static gboolean
get_str(Reader *r, char **s, GError **error)
{
  guint32 n;
  if (!get_u32(r, &n, error))
    return FALSE;
  if (n > r->size - r->pos)
    return bad(r, error, "truncated checkpoint");
  *s = g_strndup((const char *) r->data + r->pos, n);
  r->pos += n;
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
  guint32 version;
  get_u32(r, &version, NULL);
  if (version != VERSION) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: checkpoint format version %u; this agon reads version %u", path, version,
                VERSION);
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
  int n = solver->klass->state_arrays(solver, arrays);
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
  if (r->pos != r->size)
    return bad(r, error, "corrupt checkpoint (data after the last array)");
  return TRUE;
}

static AgonSolver *
load(AgonTree *tree, Reader *r, Header *h, GError **error)
{
  if (!read_header(r, h, error))
    return NULL;
  if (strcmp(h->game, tree->game_string) != 0) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: the checkpoint is for %s, not %s", r->path, h->game, tree->game_string);
    return NULL;
  }
  if (h->fingerprint != tree->fingerprint || h->nodes != (guint64) tree->num_nodes
      || h->infosets != (guint64) tree->num_infosets || h->slots != (guint64) tree->num_slots) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE,
                "%s: the checkpoint was made on a different tree of %s", r->path, h->game);
    return NULL;
  }
  g_autoptr(GError) inner = NULL;
  g_autoptr(AgonParams) params = agon_params_parse(h->spec, &inner);
  AgonSolver *solver = params ? agon__solver_new_from_params(tree, params, &inner) : NULL;
  if (solver == NULL) {
    g_set_error(error, AGON_ERROR, AGON_ERROR_BAD_FILE, "%s: solver '%s': %s", r->path, h->spec,
                inner->message);
    return NULL;
  }
  if (!read_arrays(r, solver, error)) {
    agon_solver_free(solver);
    return NULL;
  }
  solver->iteration = h->iteration;
  if (solver->klass->restored)
    solver->klass->restored(solver);
  return solver;
}

AgonSolver *
agon_solver_load(AgonTree *tree, const char *path, GError **error)
{
  g_return_val_if_fail(tree != NULL && path != NULL, NULL);
  g_autofree char *contents = NULL;
  Reader r;
  if (!open_file(path, &contents, &r, error))
    return NULL;
  Header h = { 0 };
  AgonSolver *solver = load(tree, &r, &h, error);
  header_clear(&h);
  return solver;
}
