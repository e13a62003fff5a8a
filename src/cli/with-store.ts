import type { Store } from '../provisioning/index.js';
import { openStore, prepareStore } from '../server.js';
import type { RosterConfig } from '../config/index.js';

/** Opens and migrates the configured store, runs `work`, and always closes it. */
export async function withStore<T>(
  config: RosterConfig,
  work: (store: Store) => Promise<T>,
): Promise<T> {
  const store = openStore(config.databaseUrl);
  try {
    await prepareStore(store);
    return await work(store);
  } finally {
    await store.close();
  }
}
