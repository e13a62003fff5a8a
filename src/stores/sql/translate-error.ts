import { isScimError } from '../../scim/errors.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import { StoreError } from '../../provisioning/ports.js';
import { indexNames } from './dialect-hooks.js';
import type { SqlDialectHooks } from './dialect-hooks.js';

/**
 * Turns a driver error into the StoreError the port promises (uniqueness by index name,
 * unavailable for connection failures); anything else passes through untouched.
 */
export function translateError(
  hooks: SqlDialectHooks,
  error: unknown,
  resourceType?: ResourceTypeName,
): unknown {
  if (error instanceof StoreError || isScimError(error)) return error;
  const failure = hooks.classifyError(error);
  if (!failure) return error;
  // A serialization failure or deadlock that outlived its retries: the client may simply retry.
  if (failure.kind === 'unavailable' || failure.kind === 'retry') {
    return new StoreError({ kind: 'unavailable', cause: error });
  }
  if (failure.kind === 'unique') {
    if (failure.constraint === indexNames.resourceName) {
      return new StoreError({
        kind: 'uniqueness',
        attribute: resourceType === 'Group' ? 'displayName' : 'userName',
      });
    }
    return new StoreError({ kind: 'uniqueness', attribute: 'id' });
  }
  return error;
}
