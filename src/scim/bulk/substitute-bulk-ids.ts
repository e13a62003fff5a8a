import { findMemberKey, isJsonObject, readBulkIdReference } from './bulk-id-reference.js';
import { substitutePatchPathBulkIds } from './patch-path-bulk-ids.js';
import type { BulkMethod } from './types.js';

function substitute(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => substitute(item, ids));
  if (isJsonObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, ids)]),
    );
  }
  const bulkId = readBulkIdReference(value);
  return bulkId === undefined ? value : (ids.get(bulkId) ?? value);
}

function substitutePatchOperation(operation: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (!isJsonObject(operation)) return substitute(operation, ids);
  return Object.fromEntries(
    Object.entries(operation).map(([key, value]) => [
      key,
      key.toLowerCase() === 'path' && typeof value === 'string'
        ? substitutePatchPathBulkIds(value, ids)
        : substitute(value, ids),
    ]),
  );
}

/**
 * A copy of operation data with every `bulkId:<id>` whose id is in `ids` replaced by the created
 * resource's id, RFC 7644 §3.7.2, including compare values inside PATCH `Operations[].path` filters.
 * The input is never mutated. Without `method`, data shaped as a PatchOp (a top-level
 * `Operations` array) is treated as PATCH data.
 */
export function substituteBulkIds(
  value: unknown,
  ids: ReadonlyMap<string, string>,
  method?: BulkMethod,
): unknown {
  const operationsKey = isJsonObject(value) ? findMemberKey(value, 'Operations') : undefined;
  const isPatch =
    isJsonObject(value) &&
    operationsKey !== undefined &&
    Array.isArray(value[operationsKey]) &&
    (method === undefined || method === 'PATCH');
  if (!isPatch) return substitute(value, ids);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === operationsKey && Array.isArray(item)
        ? item.map((operation) => substitutePatchOperation(operation, ids))
        : substitute(item, ids),
    ]),
  );
}
