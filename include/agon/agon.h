/* agon: computational game theory and game search.
 *
 * The umbrella header: include this one, never the others directly. */
#pragma once

#define AGON_INSIDE
#include <agon/macros.h>
#include <agon/version.h>
#include <agon/error.h>
#include <agon/rng.h>
#include <agon/params.h>
#include <agon/game.h>
#include <agon/tree.h>
#include <agon/policy.h>
#include <agon/eval.h>
#include <agon/solver.h>
#include <agon/rating.h>
#include <agon/search.h>
#include <agon/minimax.h>
#include <agon/ismcts.h>
#include <agon/bot.h>
#include <agon/arena.h>
#undef AGON_INSIDE
