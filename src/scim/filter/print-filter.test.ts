import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { COMPARE_OPERATORS, parsePatchPath } from '../path/index.js';
import type { AttrPath, CompareOperator, CompareValue, Filter } from '../path/index.js';
import { withoutSpans } from '../path/testing.js';
import { URN } from '../urns.js';
import { parseFilter } from './parse-filter.js';
import { printFilter } from './print-filter.js';

const span = { start: 0, end: 0 };
const attrName = fc.oneof(
  fc.constantFrom('userName', 'emails', 'value', 'not', 'and', 'or', 'pr', 'eq', '$ref', 'x-y_1'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,6}$/u),
);
const schema = fc.option(
  fc.constantFrom(URN.user, URN.enterpriseUser, 'urn:example:params:1.0:Thing'),
  { nil: undefined },
);

const attrPath = (withSub: boolean): fc.Arbitrary<AttrPath> =>
  fc.record({
    kind: fc.constant('attrPath' as const),
    schema,
    attribute: attrName,
    subAttribute: withSub ? fc.option(attrName, { nil: undefined }) : fc.constant(undefined),
    span: fc.constant(span),
  });

const compareValue: fc.Arbitrary<CompareValue> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);
const operator = fc.constantFrom<CompareOperator>(...COMPARE_OPERATORS);

/** Filters of bounded depth; value paths only at the top level, as RFC 7644 §3.4.2.2 valFilter requires. */
function filterArbitrary(allowValuePath: boolean): fc.Arbitrary<Filter> {
  return fc.letrec<{ filter: Filter }>((tie) => {
    const leaf: fc.Arbitrary<Filter>[] = [
      fc.record({
        kind: fc.constant('compare' as const),
        path: attrPath(true),
        operator,
        value: compareValue,
        span: fc.constant(span),
      }),
      fc.record({
        kind: fc.constant('present' as const),
        path: attrPath(true),
        span: fc.constant(span),
      }),
    ];
    if (allowValuePath) {
      leaf.push(
        fc.record({
          kind: fc.constant('valuePath' as const),
          path: attrPath(false),
          filter: filterArbitrary(false),
          span: fc.constant(span),
        }),
      );
    }
    return {
      filter: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        ...leaf,
        fc.record({
          kind: fc.constantFrom('and' as const, 'or' as const),
          left: tie('filter'),
          right: tie('filter'),
          span: fc.constant(span),
        }),
        fc.record({
          kind: fc.constant('not' as const),
          filter: tie('filter'),
          span: fc.constant(span),
        }),
      ),
    };
  }).filter;
}

describe('printFilter', () => {
  it('prints parentheses only where precedence needs them', () => {
    const cases = [
      ['(a pr or b pr) and c pr', '(a pr or b pr) and c pr'],
      ['a pr and (b pr and c pr)', 'a pr and (b pr and c pr)'],
      ['a pr or (b pr or c pr)', 'a pr or (b pr or c pr)'],
      ['(a pr and b pr) or c pr', 'a pr and b pr or c pr'],
      ['((a pr))', 'a pr'],
      ['a eq -0', 'a eq -0'],
    ];
    for (const [text, printed] of cases)
      expect(printFilter(parseFilter(text as string))).toBe(printed);
  });

  it('prints a filter that parses back to the same AST', () => {
    fc.assert(
      fc.property(filterArbitrary(true), (filter) => {
        expect(withoutSpans(parseFilter(printFilter(filter)))).toEqual(withoutSpans(filter));
      }),
      { numRuns: 1000 },
    );
  });
});

const filterish = fc
  .array(
    fc.constantFrom(
      '(',
      ')',
      '[',
      ']',
      '"',
      '\\',
      ' ',
      '.',
      ':',
      'urn:',
      'a',
      'b.c',
      'eq',
      'pr',
      'and',
      'or',
      'not',
      '1',
      'true',
      '-',
      'é',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('parsers on arbitrary text', () => {
  it('throw nothing but a ScimError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), filterish), (text) => {
        for (const parse of [parseFilter, parsePatchPath]) {
          try {
            parse(text);
          } catch (error) {
            expect(isScimError(error)).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
