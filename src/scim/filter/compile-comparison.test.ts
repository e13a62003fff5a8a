import { describe, expect, it } from 'vitest';
import { catchScimError } from '../path/testing.js';
import type { AttributeDefinition } from '../schema/index.js';
import { compileComparison } from './compile-comparison.js';
import type { PositiveOperator } from './compile-comparison.js';

const definition = (type: AttributeDefinition['type'], caseExact = false): AttributeDefinition => ({
  name: 'x',
  type,
  multiValued: false,
  description: '',
  required: false,
  caseExact,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
});
const site = { name: 'x', at: 3 };

describe('compileComparison', () => {
  it.each([
    ['integer', 'gt', 5, 6, true],
    ['integer', 'gt', 5, 5, false],
    ['integer', 'ge', 5, 5, true],
    ['integer', 'eq', 5, '5', false],
    ['decimal', 'lt', 1.5, 1.25, true],
    ['decimal', 'le', 1.5, 1.5, true],
    ['decimal', 'eq', 100, 1e2, true],
    ['string', 'co', 'B', 'abc', true],
    ['reference', 'sw', 'HTTPS://', 'https://example.com', true],
    ['binary', 'eq', 'AAAA', 'aaaa', false],
    ['dateTime', 'gt', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.001Z', true],
    ['dateTime', 'eq', '2020-01-01T00:00:00', '2020-01-01T00:00:00Z', true],
    ['dateTime', 'lt', '2020-01-01T00:00:00Z', '2019-12-31T23:00:00-02:00', false],
  ] as const)('%s: %s %j against %j is %s', (type, operator, value, actual, expected) => {
    expect(
      compileComparison(definition(type), operator as PositiveOperator, value, site)(actual),
    ).toBe(expected);
  });

  it('honours caseExact on strings', () => {
    expect(compileComparison(definition('string', true), 'eq', 'Abc', site)('abc')).toBe(false);
    expect(compileComparison(definition('string', false), 'eq', 'Abc', site)('abc')).toBe(true);
  });

  it.each([
    ['integer', 'eq', 1.5, 'at 3: "x" is an integer: compare it with an integer'],
    ['integer', 'co', 1, 'at 3: "x" is an integer: "co" applies only to strings'],
    ['decimal', 'eq', '1', 'at 3: "x" is a decimal: compare it with a number'],
    ['decimal', 'ew', 1, 'at 3: "x" is a decimal: "ew" applies only to strings'],
    ['boolean', 'le', true, 'at 3: "x" is a boolean: "le" is not defined on booleans'],
    ['binary', 'ge', 'AA==', 'at 3: "x" is binary: "ge" is not defined on binary values'],
    [
      'dateTime',
      'gt',
      '2011-02-30T00:00:00Z',
      'at 3: "x" is a dateTime: compare it with a string like "2011-05-13T04:42:34Z"',
    ],
    ['complex', 'eq', 'a', 'at 3: "x" is complex: filter on one of its sub-attributes'],
  ] as const)('refuses %s %s %j with invalidFilter', (type, operator, value, detail) => {
    expect(
      catchScimError(() => compileComparison(definition(type), operator, value, site)),
    ).toEqual({
      status: 400,
      scimType: 'invalidFilter',
      detail,
    });
  });
});
