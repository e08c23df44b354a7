/* agon: internal pieces of core/ shared by the rest of the library. */
#pragma once

#include <agon/agon.h>

G_BEGIN_DECLS

/* A block allocator for fixed-size elements (search-tree nodes): runs of
 * contiguous elements handed out from big blocks, all freed at once by a
 * reset that keeps the blocks for the next use, so a search allocates
 * nothing once its blocks have grown. The total never exceeds a budget. */
typedef struct {
  GArray *blocks;     /* of AgonArenaBlock, kept across resets */
  gsize elem_size;
  gsize block_elems;  /* elements per block, unless a run or the budget says otherwise */
  guint cur;          /* the block being filled */
  gsize fill;         /* elements used in it */
  gint64 capacity;    /* elements all blocks hold: never above max_elems */
  gint64 used;        /* elements handed out since the last reset */
  gint64 max_elems;
} AgonArena;

void agon__arena_init(AgonArena *arena, gsize elem_size, gsize block_elems, gint64 max_elems);
/* Frees every block. */
void agon__arena_clear(AgonArena *arena);
/* Takes every element back, keeping the blocks. */
void agon__arena_reset(AgonArena *arena);
/* @n contiguous elements, uninitialised, or NULL when the budget is spent.
 * A run never straddles blocks: a block's tail too short for it is
 * skipped. */
void *agon__arena_alloc(AgonArena *arena, gsize n);

G_END_DECLS
