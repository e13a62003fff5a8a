import { describe, expect, it } from 'vitest';
import { isBase64, isDateTime } from './value-formats.js';

describe('isDateTime', () => {
  it.each([
    '2010-01-23T04:56:22Z',
    '2010-01-23T04:56:22',
    '2024-02-29T23:59:59.999-05:00',
    '2011-05-13T04:42:34+14:00',
  ])('accepts the xsd:dateTime %s', (text) => {
    expect(isDateTime(text)).toBe(true);
  });

  it.each([
    '2010-01-23',
    '2010-01-23 04:56:22Z',
    '2023-02-29T00:00:00Z',
    '2010-01-23T24:00:01Z',
    '2010-01-23T04:60:00Z',
    '2010-01-23T04:56:22+15:00',
    'yesterday',
  ])('rejects %s', (text) => {
    expect(isDateTime(text)).toBe(false);
  });
});

describe('isBase64', () => {
  it('accepts base64 with line breaks, as RFC 7643 §8.2 prints certificates', () => {
    expect(isBase64('TWFu\nTWE=')).toBe(true);
  });

  it.each(['TWE', 'TW!u', 'TWFu=='.slice(0, 5)])('rejects %s', (text) => {
    expect(isBase64(text)).toBe(false);
  });
});
