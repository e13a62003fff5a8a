import { findBulkIdReferences } from './find-bulk-id-references.js';
import { findMemberKey, isJsonObject } from './bulk-id-reference.js';
import { findPatchPathBulkIds } from './patch-path-bulk-ids.js';
import type { BulkMethod } from './types.js';

/** A PATCH `add` that puts back what `stripBulkIdReferences` removed (RFC 7644 §3.5.2.1). */
export interface BulkLinkOperation {
  op: 'add';
  path: string;
  value: unknown;
}

interface Split {
  data: Record<string, unknown>;
  links: BulkLinkOperation[];
}

function references(value: unknown, bulkIds: ReadonlySet<string>): boolean {
  return findBulkIdReferences(value, 'POST').some((bulkId) => bulkIds.has(bulkId));
}

/**
 * Splits a resource body: attributes (or multi-valued elements) that reference one of `bulkIds`
 * are cut out whole, so a `{value, display}` member or a `manager` never survives half-written.
 */
function splitResource(
  resource: Record<string, unknown>,
  bulkIds: ReadonlySet<string>,
  prefix: string,
): Split {
  const data: Record<string, unknown> = {};
  const links: BulkLinkOperation[] = [];
  for (const [key, value] of Object.entries(resource)) {
    const path = `${prefix}${key}`;
    if (Array.isArray(value)) {
      const kept = value.filter((item) => !references(item, bulkIds));
      const removed = value.filter((item) => references(item, bulkIds));
      data[key] = kept;
      if (removed.length > 0) {
        // An attribute that only held deferred values is left out rather than sent empty.
        if (kept.length === 0) delete data[key];
        links.push({ op: 'add', path, value: removed });
      }
    } else if (isJsonObject(value) && prefix === '' && key.toLowerCase().startsWith('urn:')) {
      const extension = splitResource(value, bulkIds, `${key}:`);
      data[key] = extension.data;
      links.push(...extension.links);
    } else if (references(value, bulkIds)) {
      links.push({ op: 'add', path, value });
    } else {
      data[key] = value;
    }
  }
  return { data, links };
}

function stripPatch(data: Record<string, unknown>, bulkIds: ReadonlySet<string>): unknown {
  const operationsKey = findMemberKey(data, 'Operations');
  const operations = operationsKey === undefined ? undefined : data[operationsKey];
  if (operationsKey === undefined || !Array.isArray(operations)) return data;
  const kept: unknown[] = [];
  for (const operation of operations) {
    if (!isJsonObject(operation)) {
      kept.push(operation);
      continue;
    }
    const pathKey = findMemberKey(operation, 'path');
    const valueKey = findMemberKey(operation, 'value');
    const path = pathKey === undefined ? undefined : operation[pathKey];
    if (typeof path === 'string' && findPatchPathBulkIds(path).some((id) => bulkIds.has(id)))
      continue;
    if (valueKey === undefined) {
      kept.push(operation);
      continue;
    }
    const value = operation[valueKey];
    if (isJsonObject(value) && path === undefined) {
      kept.push({ ...operation, [valueKey]: splitResource(value, bulkIds, '').data });
    } else if (Array.isArray(value)) {
      const remaining = value.filter((item) => !references(item, bulkIds));
      if (remaining.length > 0) kept.push({ ...operation, [valueKey]: remaining });
    } else if (!references(value, bulkIds)) {
      kept.push(operation);
    }
  }
  return { ...data, [operationsKey]: kept };
}

/**
 * A copy of operation data without the values that reference `bulkIds`, so the resource can be
 * created before its cycle partners exist (RFC 7644 §3.7.1 circular references). For PATCH data,
 * operations (or value elements) referencing them are dropped. Never mutates the input.
 */
export function stripBulkIdReferences(
  data: unknown,
  method: BulkMethod,
  bulkIds: readonly string[],
): unknown {
  if (!isJsonObject(data) || bulkIds.length === 0) return data;
  const wanted = new Set(bulkIds);
  return method === 'PATCH' ? stripPatch(data, wanted) : splitResource(data, wanted, '').data;
}

/**
 * The PATCH `add` operations that restore to a created resource what `stripBulkIdReferences`
 * removed from its POST or PUT body (RFC 7644 §3.7.1). Values still hold `bulkId:` references;
 * substitute them once the partners exist.
 */
export function buildLinkOperations(
  data: unknown,
  bulkIds: readonly string[],
): BulkLinkOperation[] {
  if (!isJsonObject(data) || bulkIds.length === 0) return [];
  return splitResource(data, new Set(bulkIds), '').links;
}
