import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { scimError } from '../scim/errors.js';
import type { ListPosition, Store } from './ports.js';

/** Seconds a cursor stays valid (advertised as ServiceProviderConfig `cursorTimeout`, RFC 9865 §4). */
export const CURSOR_TIMEOUT_SECONDS = 3600;

/** What a cursor stands for: the page after (or before) a position in one query's order. */
export interface CursorState {
  readonly direction: 'after' | 'before';
  readonly position: ListPosition;
}

/**
 * Encodes and checks RFC 9865 cursors: opaque base64url text, signed with HMAC-SHA256 over the
 * query it belongs to (`scope`: tenant, resource type, filter, sort), so a cursor can neither be
 * forged nor replayed against another query.
 */
export interface CursorCodec {
  /** Seconds a cursor stays valid. */
  readonly timeoutSeconds: number;
  encode(scope: string, state: CursorState): string;
  /** Reads a cursor; throws 400 invalidCursor (forged, garbled, other query) or expiredCursor. */
  decode(scope: string, cursor: string): CursorState;
}

interface Payload {
  d: 'a' | 'b';
  v: string | number | null;
  r: string;
  t: number;
}

const macLength = 16;

function isPayload(value: unknown): value is Payload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    (p['d'] === 'a' || p['d'] === 'b') &&
    (p['v'] === null || typeof p['v'] === 'string' || typeof p['v'] === 'number') &&
    typeof p['r'] === 'string' &&
    /^\d{1,20}$/.test(p['r']) &&
    typeof p['t'] === 'number' &&
    Number.isInteger(p['t'])
  );
}

/** Creates a cursor codec over a secret (RFC 9865 §2: cursors are opaque to clients). */
export function createCursorCodec(
  secret: Uint8Array,
  options: { timeoutSeconds?: number; now?: () => number } = {},
): CursorCodec {
  const timeoutSeconds = options.timeoutSeconds ?? CURSOR_TIMEOUT_SECONDS;
  const now = options.now ?? Date.now;
  const mac = (scope: string, body: string) =>
    createHmac('sha256', secret)
      .update(scope)
      .update('\n')
      .update(body)
      .digest()
      .subarray(0, macLength);
  return {
    timeoutSeconds,
    encode(scope, { direction, position }) {
      const payload: Payload = {
        d: direction === 'after' ? 'a' : 'b',
        v: position.sortValue,
        r: position.rowKey,
        t: Math.floor(now() / 1000),
      };
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${mac(scope, body).toString('base64url')}`;
    },
    decode(scope, cursor) {
      const invalid = () =>
        scimError.invalidCursor('the cursor is not one this server issued for this query');
      const [body, signature, extra] = cursor.split('.');
      if (!body || !signature || extra !== undefined) throw invalid();
      // Compared as text: base64url decoding ignores trailing bits, so a changed last character could still decode alike.
      const given = Buffer.from(signature);
      const expected = Buffer.from(mac(scope, body).toString('base64url'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      if (!isPayload(payload)) throw invalid();
      if (payload.t + timeoutSeconds < Math.floor(now() / 1000)) {
        throw scimError.expiredCursor(
          `the cursor expired (cursors are valid for ${timeoutSeconds} seconds); start again with an empty cursor`,
        );
      }
      return {
        direction: payload.d === 'a' ? 'after' : 'before',
        position: { sortValue: payload.v, rowKey: payload.r },
      };
    },
  };
}

/**
 * The cursor secret of a database: derived (HKDF-SHA256) from its oldest signing key, so every
 * Roster process on the database accepts the others' cursors with no extra secret to share.
 */
export async function cursorSecretOf(store: Pick<Store, 'listSigningKeys'>): Promise<Uint8Array> {
  const keys = [...(await store.listSigningKeys())].sort((a, b) =>
    a.created < b.created ? -1 : a.created > b.created ? 1 : a.kid < b.kid ? -1 : 1,
  );
  const oldest = keys[0];
  if (!oldest) throw scimError.unavailable('no signing key is stored yet; retry later');
  return new Uint8Array(
    hkdfSync('sha256', oldest.privateJwk, oldest.kid, 'roster scim cursor v1', 32),
  );
}
