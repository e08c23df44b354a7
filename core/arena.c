/* agon: a block allocator for search-tree nodes (see core-private.h).
 *
 * As Pachi's tree, nodes come from a few big blocks rather than one malloc
 * each: a node's children are one contiguous run, expansion costs a pointer
 * bump, and a whole tree is dropped by resetting two counters. */
#include "core/core-private.h"

typedef struct {
  gpointer elems;
  gsize size;
} AgonArenaBlock;

void
agon__arena_init(AgonArena *arena, gsize elem_size, gsize block_elems, gint64 max_elems)
{
  *arena = (AgonArena) {
    .blocks = g_array_new(FALSE, FALSE, sizeof(AgonArenaBlock)),
    .elem_size = elem_size,
    .block_elems = block_elems,
    .max_elems = max_elems,
  };
}

void
agon__arena_clear(AgonArena *arena)
{
  if (arena->blocks == NULL)
    return;
  for (guint i = 0; i < arena->blocks->len; i++)
    g_free(g_array_index(arena->blocks, AgonArenaBlock, i).elems);
  g_array_free(arena->blocks, TRUE);
  arena->blocks = NULL;
}

void
agon__arena_reset(AgonArena *arena)
{
  arena->cur = 0;
  arena->fill = 0;
  arena->used = 0;
}

void *
agon__arena_alloc(AgonArena *arena, gsize n)
{
  for (;;) {
    if (arena->cur < arena->blocks->len) {
      AgonArenaBlock *b = &g_array_index(arena->blocks, AgonArenaBlock, arena->cur);
      if (b->size - arena->fill >= n) {
        char *p = (char *) b->elems + arena->fill * arena->elem_size;
        arena->fill += n;
        arena->used += (gint64) n;
        return p;
      }
      arena->cur++;
      arena->fill = 0;
      continue;
    }
    gint64 room = arena->max_elems - arena->capacity;
    if (room < (gint64) n)
      return NULL;
    AgonArenaBlock b = { .size = (gsize) MIN(room, (gint64) MAX(n, arena->block_elems)) };
    b.elems = g_malloc(b.size * arena->elem_size);
    g_array_append_val(arena->blocks, b);
    arena->capacity += (gint64) b.size;
  }
}
