import { describe, expect, it } from 'vitest';
import { isScimError } from '../scim/errors.js';
import { createRevocationList } from './revocation-list.js';

describe('createRevocationList', () => {
  const setup = (refreshMs = 1000) => {
    const state = { now: 0, revoked: [] as string[], queries: 0, fail: false };
    const list = createRevocationList(
      {
        listRevokedTokenIds: async () => {
          state.queries += 1;
          if (state.fail) throw new Error('database down');
          return [...state.revoked];
        },
      },
      { refreshMs, now: () => state.now },
    );
    return { state, list };
  };

  it('reads the revoked set at most once per refresh interval, however many checks arrive', async () => {
    const { state, list } = setup();
    await Promise.all(Array.from({ length: 50 }, () => list.isRevoked('a')));
    state.now = 999;
    await list.isRevoked('a');
    expect(state.queries).toBe(1);
  });

  it('sees a revocation made elsewhere once the interval has passed', async () => {
    const { state, list } = setup();
    expect(await list.isRevoked('jti-1')).toBe(false);
    state.revoked.push('jti-1');
    state.now = 500;
    expect(await list.isRevoked('jti-1')).toBe(false);
    state.now = 1000;
    expect(await list.isRevoked('jti-1')).toBe(true);
    expect(await list.isRevoked('jti-2')).toBe(false);
  });

  it('fails closed with a 503 ScimError when revocations cannot be read', async () => {
    const { state, list } = setup();
    state.fail = true;
    const error = await list.isRevoked('a').catch((e: unknown) => e);
    expect(isScimError(error) && error.status).toBe(503);
  });
});
