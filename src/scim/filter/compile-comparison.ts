import { scimError } from '../errors.js';
import type { CompareOperator, CompareValue } from '../path/index.js';
import type { AttributeDefinition } from '../schema/index.js';
import { toInstant } from './to-instant.js';

/** A comparison operator other than `ne`, which the caller evaluates as `not eq`. */
export type PositiveOperator = Exclude<CompareOperator, 'ne'>;

/** Where a comparison sits, for error details. */
export interface ComparisonSite {
  /** The attribute path as the client wrote it. */
  readonly name: string;
  /** 0-based offset of the expression in the filter text. */
  readonly at: number;
}

const ordering: ReadonlySet<CompareOperator> = new Set(['gt', 'ge', 'lt', 'le']);
const substring: ReadonlySet<CompareOperator> = new Set(['co', 'sw', 'ew']);

function order<T extends string | number>(
  operator: PositiveOperator,
  actual: T,
  expected: T,
): boolean {
  switch (operator) {
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
    default:
      return actual === expected;
  }
}

function matchString(operator: PositiveOperator, actual: string, expected: string): boolean {
  if (operator === 'co') return actual.includes(expected);
  if (operator === 'sw') return actual.startsWith(expected);
  if (operator === 'ew') return actual.endsWith(expected);
  return order(operator, actual, expected);
}

/**
 * Checks a comparison against the attribute's type and returns a test for one attribute value,
 * RFC 7644 §3.4.2.2: strings honour caseExact (gt/lt are lexicographic), numbers compare
 * numerically, dateTime chronologically; gt/ge/lt/le on boolean or binary, and co/sw/ew on
 * anything but string, reference or binary, are scimError.invalidFilter. `value` is not null.
 */
export function compileComparison(
  definition: AttributeDefinition,
  operator: PositiveOperator,
  value: Exclude<CompareValue, null>,
  site: ComparisonSite,
): (actual: unknown) => boolean {
  const refuse = (why: string): never => {
    throw scimError.invalidFilter(`at ${site.at}: "${site.name}" is ${why}`);
  };
  const { type } = definition;
  if (type === 'string' || type === 'reference' || type === 'binary') {
    if (typeof value !== 'string') refuse(`a ${type}: compare it with a JSON string`);
    if (type === 'binary' && ordering.has(operator))
      refuse(`binary: "${operator}" is not defined on binary values`);
    const caseExact = definition.caseExact || type === 'binary';
    const fold = (text: string): string => (caseExact ? text : text.toLowerCase());
    const expected = fold(value as string);
    return (actual) => typeof actual === 'string' && matchString(operator, fold(actual), expected);
  }
  if (substring.has(operator)) {
    refuse(`${type === 'integer' ? 'an' : 'a'} ${type}: "${operator}" applies only to strings`);
  }
  if (type === 'boolean') {
    if (typeof value !== 'boolean') refuse('a boolean: compare it with true or false');
    if (ordering.has(operator)) refuse(`a boolean: "${operator}" is not defined on booleans`);
    return (actual) => actual === value;
  }
  if (type === 'integer' || type === 'decimal') {
    if (typeof value !== 'number' || (type === 'integer' && !Number.isInteger(value))) {
      refuse(
        `${type === 'integer' ? 'an integer: compare it with an integer' : 'a decimal: compare it with a number'}`,
      );
    }
    return (actual) => typeof actual === 'number' && order(operator, actual, value as number);
  }
  if (type === 'dateTime') {
    const expected = typeof value === 'string' ? toInstant(value) : undefined;
    if (expected === undefined)
      refuse('a dateTime: compare it with a string like "2011-05-13T04:42:34Z"');
    return (actual) => {
      const instant = typeof actual === 'string' ? toInstant(actual) : undefined;
      return instant !== undefined && order(operator, instant, expected as number);
    };
  }
  return refuse('complex: filter on one of its sub-attributes');
}
