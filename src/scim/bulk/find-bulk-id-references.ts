import { findMemberKey, isJsonObject, readBulkIdReference } from './bulk-id-reference.js';
import { findPatchPathBulkIds } from './patch-path-bulk-ids.js';
import type { BulkMethod } from './types.js';

function walk(value: unknown, found: string[]): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], found);
  } else if (isJsonObject(value)) {
    for (const key in value) if (Object.hasOwn(value, key)) walk(value[key], found);
  } else {
    const bulkId = readBulkIdReference(value);
    if (bulkId !== undefined) found.push(bulkId);
  }
}

function walkPatchOperation(operation: unknown, found: string[]): void {
  if (!isJsonObject(operation)) return walk(operation, found);
  for (const [key, value] of Object.entries(operation)) {
    if (key.toLowerCase() === 'path' && typeof value === 'string') {
      found.push(...findPatchPathBulkIds(value));
    } else {
      walk(value, found);
    }
  }
}

/**
 * Every bulkId that operation data references, RFC 7644 §3.7.2: any string value exactly
 * `bulkId:<id>` at any depth and, for PATCH, the compare values of `Operations[].path` filters.
 * In order of first appearance, without repeats.
 */
export function findBulkIdReferences(data: unknown, method: BulkMethod): string[] {
  const found: string[] = [];
  const operationsKey =
    method === 'PATCH' && isJsonObject(data) ? findMemberKey(data, 'Operations') : undefined;
  if (isJsonObject(data) && operationsKey !== undefined) {
    for (const [key, value] of Object.entries(data)) {
      if (key === operationsKey && Array.isArray(value)) {
        for (const operation of value) walkPatchOperation(operation, found);
      } else {
        walk(value, found);
      }
    }
  } else {
    walk(data, found);
  }
  return found.length < 2 ? found : [...new Set(found)];
}
