import type { AppDeps } from '../../../src/http/app-deps.js';
import type { TestDatabaseName } from '../../support/databases.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { createScimClient, type ScimClient } from './scim-client.js';

/** A Roster app over a fresh test database, listening on a real socket on 127.0.0.1. */
export interface LiveServer {
  readonly testApp: TestApp;
  readonly client: ScimClient;
  close(): Promise<void>;
}

/** Starts the test app of `database` on an ephemeral port (tenants acme and globex). */
export async function startLiveServer(
  database: TestDatabaseName,
  env: Record<string, string> = {},
  deps: Pick<AppDeps, 'logger'> = {},
): Promise<LiveServer> {
  const testApp = await createTestApp(database, env, deps);
  await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const address = testApp.app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no listening address');
  const client = createScimClient(`http://127.0.0.1:${address.port}`, (tenant) =>
    testApp.token(tenant),
  );
  return { testApp, client, close: () => testApp.close() };
}
