import { printAttrPath, printFilter } from '../filter/index.js';
import { parsePatchPath } from '../path/index.js';
import type { Filter, PatchPath } from '../path/index.js';
import { readBulkIdReference } from './bulk-id-reference.js';

function parseOrUndefined(text: string): PatchPath | undefined {
  try {
    return parsePatchPath(text);
  } catch {
    // An invalid path is the PATCH engine's to report when the operation runs.
    return undefined;
  }
}

function collect(filter: Filter, found: string[]): void {
  switch (filter.kind) {
    case 'compare': {
      const bulkId = readBulkIdReference(filter.value);
      if (bulkId !== undefined) found.push(bulkId);
      return;
    }
    case 'present':
      return;
    case 'and':
    case 'or':
      collect(filter.left, found);
      collect(filter.right, found);
      return;
    case 'not':
    case 'valuePath':
      collect(filter.filter, found);
      return;
  }
}

function replace(filter: Filter, ids: ReadonlyMap<string, string>): Filter {
  switch (filter.kind) {
    case 'compare': {
      const bulkId = readBulkIdReference(filter.value);
      const id = bulkId === undefined ? undefined : ids.get(bulkId);
      return id === undefined ? filter : { ...filter, value: id };
    }
    case 'present':
      return filter;
    case 'and':
    case 'or': {
      const left = replace(filter.left, ids);
      const right = replace(filter.right, ids);
      return left === filter.left && right === filter.right ? filter : { ...filter, left, right };
    }
    case 'not':
    case 'valuePath': {
      const inner = replace(filter.filter, ids);
      return inner === filter.filter ? filter : { ...filter, filter: inner };
    }
  }
}

/** The bulkIds referenced by compare values in a PATCH path's value filter, RFC 7644 §3.5.2 / §3.7.2. */
export function findPatchPathBulkIds(text: string): string[] {
  const parsed = parseOrUndefined(text);
  const found: string[] = [];
  if (parsed?.valueFilter !== undefined) collect(parsed.valueFilter, found);
  return found;
}

/**
 * The PATCH path with `bulkId:` compare values replaced by the ids created for them, re-printed
 * from the AST (RFC 7644 §3.7.2); the text is returned unchanged when nothing was replaced.
 */
export function substitutePatchPathBulkIds(text: string, ids: ReadonlyMap<string, string>): string {
  const parsed = parseOrUndefined(text);
  if (parsed?.valueFilter === undefined) return text;
  const filter = replace(parsed.valueFilter, ids);
  if (filter === parsed.valueFilter) return text;
  const sub = parsed.subAttribute === undefined ? '' : `.${parsed.subAttribute}`;
  return `${printAttrPath(parsed.path)}[${printFilter(filter)}]${sub}`;
}
