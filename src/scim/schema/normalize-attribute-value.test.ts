import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { defineAttribute } from './define-attribute.js';
import { normalizeAttributeValue } from './normalize-attribute-value.js';
import type { AttributeType } from './types.js';

const of = (type: AttributeType, multiValued = false) =>
  defineAttribute({ name: 'x', type, description: 'x', multiValued });

function rejects(type: AttributeType, value: unknown): string {
  try {
    normalizeAttributeValue(of(type), value, 'x');
  } catch (error) {
    if (isScimError(error) && error.scimType === 'invalidValue') return error.detail;
    throw error;
  }
  throw new Error('expected invalidValue');
}

describe('normalizeAttributeValue', () => {
  it.each([
    ['integer', 7],
    ['integer', -3],
    ['decimal', 1.5],
    ['decimal', 2],
    ['boolean', false],
    ['dateTime', '2010-01-23T04:56:22Z'],
    ['dateTime', '2011-05-13T04:42:34.123+02:00'],
    ['binary', 'TWFu'],
    ['reference', 'https://example.com/v2/Users/1'],
  ] as const)('accepts a %s value %j unchanged', (type, value) => {
    expect(normalizeAttributeValue(of(type), value, 'x')).toBe(value);
  });

  it.each([
    ['integer', 1.5, 'whole number'],
    ['integer', '7', 'whole number'],
    ['decimal', '1.5', 'number'],
    ['boolean', 'true', 'boolean'],
    ['dateTime', '2010-13-01T00:00:00Z', 'dateTime'],
    ['dateTime', '2010-02-30T00:00:00Z', 'dateTime'],
    ['dateTime', '2010-01-23', 'dateTime'],
    ['dateTime', 1264222582, 'dateTime'],
    ['binary', 'not base64!', 'base64'],
    ['string', {}, 'string'],
    ['complex', 'text', 'object'],
  ] as const)('returns 400 invalidValue for a %s given %j, naming %s', (type, value, expected) => {
    expect(rejects(type, value)).toContain(expected);
  });

  it('wraps a scalar given for a multi-valued attribute in an array', () => {
    expect(normalizeAttributeValue(of('string', true), 'a', 'x')).toEqual(['a']);
  });

  it('drops null members of a multi-valued attribute and treats an all-null array as unassigned', () => {
    expect(normalizeAttributeValue(of('string', true), ['a', null], 'x')).toEqual(['a']);
    expect(normalizeAttributeValue(of('string', true), [null], 'x')).toBeUndefined();
  });
});
