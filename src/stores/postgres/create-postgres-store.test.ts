import { describe, expect, it } from 'vitest';
import { StoreError } from '../../provisioning/ports.js';
import { createPostgresStore } from './create-postgres-store.js';

describe('createPostgresStore', () => {
  it('reports an unreachable server as StoreError unavailable', async () => {
    const store = createPostgresStore({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      poolSize: 1,
    });
    try {
      const failure = await store.ping().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).failure.kind).toBe('unavailable');
    } finally {
      await store.close();
    }
  });
});
