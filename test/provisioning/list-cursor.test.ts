import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, cursorSecretOf } from '../../src/provisioning/list-cursor.js';
import type { CursorState } from '../../src/provisioning/list-cursor.js';
import type { SigningKeyRecord } from '../../src/provisioning/ports.js';

const secret = new Uint8Array(32).fill(7);

const state = fc.record({
  direction: fc.constantFrom<CursorState['direction']>('after', 'before'),
  position: fc.record({
    sortValue: fc.oneof(
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
    rowKey: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String),
  }),
});

const failureOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('cursor codec (RFC 9865)', () => {
  it('decodes every cursor it encodes back to the same state', () => {
    const codec = createCursorCodec(secret);
    fc.assert(
      fc.property(fc.string(), state, (scope, s) => {
        const decoded = codec.decode(scope, codec.encode(scope, s));
        expect(decoded).toEqual({
          ...s,
          position: {
            ...s.position,
            sortValue: Object.is(s.position.sortValue, -0) ? 0 : s.position.sortValue,
          },
        });
      }),
    );
  });

  it('rejects any changed character with 400 invalidCursor', () => {
    const codec = createCursorCodec(secret);
    fc.assert(
      fc.property(state, fc.nat(), fc.constantFrom(...'AZaz09-_.x'), (s, at, replacement) => {
        const cursor = codec.encode('scope', s);
        const index = at % cursor.length;
        fc.pre(cursor[index] !== replacement);
        const changed = cursor.slice(0, index) + replacement + cursor.slice(index + 1);
        expect(failureOf(() => codec.decode('scope', changed))).toMatchObject({
          status: 400,
          scimType: 'invalidCursor',
        });
      }),
    );
  });

  it('rejects a cursor of another scope or another secret with invalidCursor', () => {
    const cursor = createCursorCodec(secret).encode('a', {
      direction: 'after',
      position: { sortValue: 'x', rowKey: '4' },
    });
    for (const attempt of [
      () => createCursorCodec(secret).decode('b', cursor),
      () => createCursorCodec(new Uint8Array(32)).decode('a', cursor),
    ]) {
      expect(failureOf(attempt)).toMatchObject({ status: 400, scimType: 'invalidCursor' });
    }
  });

  it('returns expiredCursor once cursorTimeout has passed, and not before', () => {
    let now = 1_000_000_000;
    const codec = createCursorCodec(secret, { timeoutSeconds: 60, now: () => now });
    const cursor = codec.encode('s', {
      direction: 'before',
      position: { sortValue: 1, rowKey: '2' },
    });
    now += 60_000;
    expect(codec.decode('s', cursor).direction).toBe('before');
    now += 1_000;
    expect(failureOf(() => codec.decode('s', cursor))).toMatchObject({
      status: 400,
      scimType: 'expiredCursor',
    });
  });

  it('derives the same secret from the oldest signing key whatever the listing order', async () => {
    const key = (kid: string, created: string): SigningKeyRecord => ({
      kid,
      alg: 'ES256',
      privateJwk: `{"d":"${kid}"}`,
      publicJwk: '{}',
      created,
    });
    const older = key('k1', '2026-01-01T00:00:00.000Z');
    const newer = key('k2', '2026-02-01T00:00:00.000Z');
    const one = await cursorSecretOf({ listSigningKeys: async () => [older, newer] });
    const two = await cursorSecretOf({ listSigningKeys: async () => [newer, older] });
    const other = await cursorSecretOf({ listSigningKeys: async () => [newer] });
    expect(Buffer.from(one).equals(Buffer.from(two))).toBe(true);
    expect(Buffer.from(one).equals(Buffer.from(other))).toBe(false);
  });
});
