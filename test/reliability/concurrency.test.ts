import { afterAll, beforeAll, describe, it } from 'vitest';
import { testDatabaseNames } from '../support/databases.js';
import {
  concurrentBulkMembership,
  concurrentConditionalPuts,
  concurrentDuplicateCreates,
  concurrentLastWriterWins,
  concurrentMemberAdds,
  concurrentMemberRemoves,
  concurrentMixedMembership,
  type ScenarioTarget,
} from './support/concurrency-scenarios.js';
import { startLiveServer, type LiveServer } from './support/live-server.js';

describe.each(testDatabaseNames)('concurrent writers over a real socket on %s', (database) => {
  let server: LiveServer;
  let target: ScenarioTarget;
  beforeAll(async () => {
    server = await startLiveServer(database);
    target = { label: database, clients: [server.client] };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('keeps all 32 members when 32 PATCH requests each add a different member at once', () =>
    concurrentMemberAdds(target));

  it('removes all 32 members when 32 PATCH requests each remove a different member at once', () =>
    concurrentMemberRemoves(target));

  it('converges to the sequential result when concurrent adds and removes interleave', () =>
    concurrentMixedMembership(target));

  it('answers exactly one 201 and fifteen 409 uniqueness to 16 POSTs of one userName in varying case', () =>
    concurrentDuplicateCreates(target));

  it('lets exactly one PUT per version win under If-Match and answers 412 to the others', () =>
    concurrentConditionalPuts(target));

  it('stores one whole document when concurrent PUTs carry no If-Match', () =>
    concurrentLastWriterWins(target));

  it('surfaces no deadlock and loses no member when Bulk requests touch the same groups at once', () =>
    concurrentBulkMembership(target));
});
