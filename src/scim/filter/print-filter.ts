import type { AttrPath, CompareValue, Filter } from '../path/index.js';

/** Prints an attribute path in its RFC 7644 §3.10 form, `[URN ":"] attrName ["." subAttr]`. */
export function printAttrPath(path: AttrPath): string {
  const name =
    path.subAttribute === undefined ? path.attribute : `${path.attribute}.${path.subAttribute}`;
  return path.schema === undefined ? name : `${path.schema}:${name}`;
}

function printValue(value: CompareValue): string {
  if (typeof value === 'number' && Object.is(value, -0)) return '-0';
  return JSON.stringify(value);
}

/**
 * Prints a filter in canonical RFC 7644 §3.4.2.2 text: lower-case operators, JSON values, and
 * parentheses only where precedence needs them, so `parseFilter(printFilter(f))` equals `f` up to spans.
 */
export function printFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${printAttrPath(filter.path)} ${filter.operator} ${printValue(filter.value)}`;
    case 'present':
      return `${printAttrPath(filter.path)} pr`;
    case 'not':
      return `not (${printFilter(filter.filter)})`;
    case 'valuePath':
      return `${printAttrPath(filter.path)}[${printFilter(filter.filter)}]`;
    case 'and': {
      const left =
        filter.left.kind === 'or' ? `(${printFilter(filter.left)})` : printFilter(filter.left);
      const rightGrouped = filter.right.kind === 'or' || filter.right.kind === 'and';
      const right = rightGrouped ? `(${printFilter(filter.right)})` : printFilter(filter.right);
      return `${left} and ${right}`;
    }
    case 'or': {
      const right =
        filter.right.kind === 'or' ? `(${printFilter(filter.right)})` : printFilter(filter.right);
      return `${printFilter(filter.left)} or ${right}`;
    }
  }
}
