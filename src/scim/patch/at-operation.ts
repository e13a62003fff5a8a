import { scimError } from '../errors.js';
import type { ScimError } from '../errors.js';

/**
 * The same error with its detail prefixed by `Operations[index]`, so a client learns which
 * operation of an atomic PATCH (RFC 7644 §3.5.2) failed.
 */
export function atOperation(error: ScimError, index: number): ScimError {
  const factory = error.scimType ? scimError[error.scimType] : scimError.badRequest;
  return factory(`Operations[${index}]: ${error.detail}`, { ...error.headers });
}
