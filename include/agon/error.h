/* agon: the error domain every recoverable failure is reported in. */
#pragma once

#include <agon/macros.h>

G_BEGIN_DECLS

#define AGON_ERROR (agon_error_quark())

/* Codes of the AGON_ERROR domain. Messages name the offending input. */
typedef enum {
  /* A game string, option string or spec is not well formed. */
  AGON_ERROR_PARSE,
  /* No game (or solver, or bot) is registered under that name. */
  AGON_ERROR_UNKNOWN_NAME,
  /* A parameter the game does not have. */
  AGON_ERROR_UNKNOWN_PARAMETER,
  /* A parameter value of the wrong type or outside its allowed range. */
  AGON_ERROR_INVALID_VALUE,
  /* An action that is not legal in the state it is applied to. */
  AGON_ERROR_ILLEGAL_ACTION,
  /* The request exceeds a configured size limit. */
  AGON_ERROR_TOO_LARGE,
  /* A file's contents are malformed or inconsistent. */
  AGON_ERROR_BAD_FILE,
  /* The game does not provide what was asked (a tensor, a string, ...). */
  AGON_ERROR_UNSUPPORTED,
  /* Anything else, with a message saying what. */
  AGON_ERROR_FAILED,
} AgonError;

AGON_API GQuark agon_error_quark(void);

G_END_DECLS
