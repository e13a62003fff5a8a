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
} from '../reliability/support/concurrency-scenarios.js';
import {
  createProcessDatabase,
  type ProcessDatabase,
} from '../reliability/support/process-database.js';
import { startRosterProcess, type RosterProcess } from '../reliability/support/roster-process.js';

const PROCESSES = 3;

describe.runIf(testDatabaseNames.includes('postgres'))(
  `${PROCESSES} roster serve processes on one PostgreSQL database`,
  () => {
    let db: ProcessDatabase;
    const processes: RosterProcess[] = [];
    let target: ScenarioTarget;
    beforeAll(async () => {
      db = await createProcessDatabase('postgres');
      for (let i = 0; i < PROCESSES; i++) processes.push(await startRosterProcess(db.database.url));
      target = {
        label: `postgres, ${PROCESSES} processes`,
        clients: processes.map((process) => db.clientOf(process.url)),
      };
    });
    afterAll(async () => {
      for (const process of processes) await process.stop();
      await db?.drop();
    });

    it('keeps every member, one winner per userName and per version, with all scenarios at once', async () => {
      await Promise.all([
        concurrentMemberAdds(target),
        concurrentMemberRemoves(target),
        concurrentMixedMembership(target),
        concurrentDuplicateCreates(target),
        concurrentConditionalPuts(target),
        concurrentLastWriterWins(target),
        concurrentBulkMembership(target),
      ]);
    });

    it('keeps every member when each scenario runs alone across the processes', async () => {
      await concurrentMemberAdds(target);
      await concurrentMixedMembership(target);
      await concurrentDuplicateCreates(target);
      await concurrentConditionalPuts(target);
      await concurrentBulkMembership(target);
    });
  },
);
