import { findAttribute } from './find-attribute.js';
import type { AttributeDefinition } from './types.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function scalarsEqual(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (definition.type === 'dateTime') {
      const left = Date.parse(a);
      const right = Date.parse(b);
      if (!Number.isNaN(left) && !Number.isNaN(right)) return left === right;
    }
    if (definition.caseExact || definition.type === 'binary') return a === b;
    return a.toLowerCase() === b.toLowerCase();
  }
  return a === b;
}

function complexEqual(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b)) return false;
  const present = (object: Record<string, unknown>): Map<string, [string, unknown]> =>
    new Map(
      Object.entries(object)
        .filter(([, value]) => value !== null && value !== undefined)
        .map(([key, value]) => [key.toLowerCase(), [key, value]]),
    );
  const left = present(a);
  const right = present(b);
  if (left.size !== right.size) return false;
  for (const [lowered, [key, value]] of left) {
    const other = right.get(lowered);
    if (!other) return false;
    const sub = findAttribute(definition.subAttributes ?? [], key);
    if (!sub) {
      if (JSON.stringify(value) !== JSON.stringify(other[1])) return false;
    } else if (!valuesEqual(sub, value, other[1])) {
      return false;
    }
  }
  return true;
}

function singleEqual(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  return definition.type === 'complex'
    ? complexEqual(definition, a, b)
    : scalarsEqual(definition, a, b);
}

/**
 * True when two values of an attribute are equal under its RFC 7643 §2.2 characteristics:
 * strings honour caseExact, dateTime compares chronologically, complex values compare by
 * sub-attribute, and two arrays of a multi-valued attribute compare as unordered collections.
 */
export function valuesEqual(definition: AttributeDefinition, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (definition.multiValued && Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    const unmatched = [...b];
    for (const item of a) {
      const index = unmatched.findIndex((candidate) => singleEqual(definition, item, candidate));
      if (index < 0) return false;
      unmatched.splice(index, 1);
    }
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return singleEqual(definition, a, b);
}
