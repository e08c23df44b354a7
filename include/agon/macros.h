/* agon: export and inclusion macros shared by every public header. */
#pragma once

#if !defined(AGON_INSIDE) && !defined(AGON_COMPILATION)
#error "Only <agon/agon.h> can be included directly."
#endif

#include <glib.h>

#if defined(AGON_COMPILATION) && defined(__GNUC__)
#define AGON_API __attribute__((visibility("default")))
#else
#define AGON_API
#endif
