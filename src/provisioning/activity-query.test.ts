import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError } from '../scim/errors.js';
import {
  nextActivityCursor,
  parseActivityQuery,
  parseInstant,
  parseStatusRange,
} from './activity-query.js';

const NOW = new Date('2026-03-01T03:12:00.000Z');

describe('parseInstant', () => {
  it.each([
    ['90s', '2026-03-01T03:10:30.000Z'],
    ['15m', '2026-03-01T02:57:00.000Z'],
    ['1h', '2026-03-01T02:12:00.000Z'],
    ['7d', '2026-02-22T03:12:00.000Z'],
    ['2w', '2026-02-15T03:12:00.000Z'],
    ['2026-03-01T03:00:00+01:00', '2026-03-01T02:00:00.000Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseInstant(text, NOW, 'since')).toBe(expected);
  });

  it.each(['yesterday', '1y', '', '03:12', '-1h'])(
    'rejects %j with a 400 naming the parameter',
    (text) => {
      let caught: unknown;
      try {
        parseInstant(text, NOW, 'since');
      } catch (error) {
        caught = error;
      }
      expect(
        isScimError(caught) && caught.status === 400 && caught.detail.startsWith('since'),
      ).toBe(true);
    },
  );
});

describe('parseStatusRange', () => {
  it.each([
    ['4xx', { min: 400, max: 499 }],
    ['2XX', { min: 200, max: 299 }],
    ['404', { min: 404, max: 404 }],
  ])('reads %s', (text, range) => {
    expect(parseStatusRange(text)).toEqual(range);
  });

  it.each(['4x', '600', 'xx', '40'])('rejects %j', (text) => {
    expect(() => parseStatusRange(text)).toThrow(/status must be/);
  });
});

describe('parseActivityQuery', () => {
  it('defaults to 50 entries and carries only the filters given', () => {
    expect(parseActivityQuery('acme', {}, NOW)).toEqual({ tenantId: 'acme', limit: 50 });
    expect(
      parseActivityQuery('acme', { resource: 'u1', status: '4xx', since: '1h', limit: '5' }, NOW),
    ).toEqual({
      tenantId: 'acme',
      limit: 5,
      resourceId: 'u1',
      status: { min: 400, max: 499 },
      since: '2026-03-01T02:12:00.000Z',
    });
  });

  it('round-trips every cursor it issues', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date('2999-01-01'), noInvalidDate: true }),
        fc.nat(),
        (time, seq) => {
          const entry = { time: time.toISOString(), seq };
          const cursor = nextActivityCursor({
            entries: [entry as never],
            hasMore: true,
          });
          expect(parseActivityQuery('t', { cursor: cursor! }, NOW).after).toEqual(entry);
        },
      ),
    );
  });

  it('has no next cursor on the last page', () => {
    expect(nextActivityCursor({ entries: [], hasMore: false })).toBeNull();
  });

  it('rejects a cursor it did not issue with invalidCursor', () => {
    expect(() => parseActivityQuery('t', { cursor: 'garbage' }, NOW)).toThrow(/cursor/);
  });
});
