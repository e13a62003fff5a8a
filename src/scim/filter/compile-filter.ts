import { scimError } from '../errors.js';
import type { CompareFilter, Filter } from '../path/index.js';
import { compileComparison } from './compile-comparison.js';
import { createValueScope } from './filter-scope.js';
import type { FilterScope } from './filter-scope.js';
import { printAttrPath } from './print-filter.js';
import { isObject, isPresentValue } from './read-attribute-values.js';

/** A compiled filter: true when the node (a resource, or one value of a complex attribute) matches. */
export type FilterPredicate = (node: unknown) => boolean;

function compileCompare(filter: CompareFilter, scope: FilterScope): FilterPredicate {
  const target = scope.target(filter.path, 'compare');
  const { resolved } = target;
  const { operator, value } = filter;
  if (value === null) {
    // RFC 7644 §3.4.2.2 leaves `eq null` open; Roster reads it as "not present", `ne null` as "present".
    if (operator !== 'eq' && operator !== 'ne') {
      throw scimError.invalidFilter(
        `at ${filter.span.start}: null can only be compared with eq or ne`,
      );
    }
    const present: FilterPredicate = (node) => target.read(node).some(isPresentValue);
    return operator === 'eq' ? (node) => !present(node) : present;
  }
  const site = { name: printAttrPath(filter.path), at: filter.span.start };
  const test = compileComparison(
    resolved.subAttribute ?? resolved.attribute,
    operator === 'ne' ? 'eq' : operator,
    value,
    site,
  );
  const any: FilterPredicate = (node) => target.read(node).some(test);
  // `ne` is "no value equals", so it is true on a missing attribute and on a multi-valued
  // attribute only when none of its values is equal.
  return operator === 'ne' ? (node) => !any(node) : any;
}

/**
 * Resolves and type-checks every path of `filter` in `scope` and returns its predicate,
 * RFC 7644 §3.4.2.2. Throws scimError.invalidFilter (or sensitive) for a filter the schema refuses.
 */
export function compileFilterIn(filter: Filter, scope: FilterScope): FilterPredicate {
  switch (filter.kind) {
    case 'compare':
      return compileCompare(filter, scope);
    case 'present': {
      const target = scope.target(filter.path, 'present');
      return (node) => target.read(node).some(isPresentValue);
    }
    case 'and': {
      const left = compileFilterIn(filter.left, scope);
      const right = compileFilterIn(filter.right, scope);
      return (node) => left(node) && right(node);
    }
    case 'or': {
      const left = compileFilterIn(filter.left, scope);
      const right = compileFilterIn(filter.right, scope);
      return (node) => left(node) || right(node);
    }
    case 'not': {
      const inner = compileFilterIn(filter.filter, scope);
      return (node) => !inner(node);
    }
    case 'valuePath': {
      const target = scope.target(filter.path, 'valuePath');
      const inner = compileFilterIn(filter.filter, createValueScope(target.resolved));
      return (node) => target.read(node).some((item) => isObject(item) && inner(item));
    }
  }
}
