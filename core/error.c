/* agon: the AGON_ERROR domain. */
#include <agon/agon.h>

G_DEFINE_QUARK(agon-error-quark, agon_error)
