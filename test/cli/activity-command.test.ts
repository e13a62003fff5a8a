import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../src/provisioning/index.js';
import { createSqliteStore } from '../../src/stores/sqlite/index.js';
import { startRoster } from './roster-process.js';

const directory = mkdtempSync(join(tmpdir(), 'roster-activity-cli-'));
const filename = join(directory, 'roster.db');
const env = { ROSTER_DATABASE_URL: `sqlite:${filename}` };

function entry(minutesAgo: number, extra: Partial<ActivityEntry>): ActivityEntry {
  return {
    time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    tenantId: 'acme',
    clientId: 'entra-client',
    tokenId: 'jti-1',
    requestId: `req-${minutesAgo}`,
    method: 'PATCH',
    resourceType: 'User',
    resourceId: 'u-1',
    operationIndex: null,
    bulkId: null,
    status: 200,
    normalisers: [],
    versionBefore: 'W/"1"',
    versionAfter: 'W/"2"',
    ...extra,
  };
}

async function run(args: string[]) {
  const roster = startRoster(['activity', ...args], env);
  const code = await roster.exited;
  return { code, stdout: roster.stdout(), stderr: roster.stderr() };
}

describe('roster activity', () => {
  beforeAll(async () => {
    const store = createSqliteStore({ filename });
    await store.migrate();
    await store.createTenant('acme', new Date().toISOString());
    await store.recordActivity([
      entry(180, { status: 404, resourceId: 'u-old' }),
      entry(30, { normalisers: ['entra.capitalisedOp'] }),
      entry(10, {
        method: 'POST',
        status: 409,
        resourceId: null,
        operationIndex: 3,
        bulkId: 'qwerty',
        versionBefore: null,
        versionAfter: null,
      }),
      { ...entry(5, {}), tenantId: 'globex' },
    ]);
    await store.close();
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('prints one line per entry, newest first, naming what the client did', async () => {
    const { code, stdout } = await run(['--tenant', 'acme']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^\S+Z {2}POST {4}User {2}409 {2}client=entra-client {2}request=req-10 {2}operation=3 bulkId=qwerty$/,
    );
    expect(lines[1]).toMatch(
      /PATCH {3}User u-1 {2}200 .* {2}version W\/"1" -> W\/"2" {2}normalised=entra\.capitalisedOp$/,
    );
    expect(lines[2]).toContain('User u-old  404');
  }, 30_000);

  it('filters by --since, --status and --resource', async () => {
    const recentFailures = await run([
      '--tenant',
      'acme',
      '--since',
      '1h',
      '--status',
      '4xx',
      '--json',
    ]);
    expect(recentFailures.code).toBe(0);
    expect(
      recentFailures.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as ActivityEntry),
    ).toEqual([expect.objectContaining({ requestId: 'req-10', status: 409, bulkId: 'qwerty' })]);
    const byResource = await run(['--tenant', 'acme', '--resource', 'u-old', '--json']);
    expect(JSON.parse(byResource.stdout)).toMatchObject({ resourceId: 'u-old', status: 404 });
  }, 30_000);

  it('pages with --limit and says how to continue on stderr', async () => {
    const first = await run(['--tenant', 'acme', '--limit', '2']);
    expect(first.stdout.trim().split('\n')).toHaveLength(2);
    const cursor = /more entries: --cursor (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const rest = await run(['--tenant', 'acme', '--limit', '2', '--cursor', cursor!]);
    expect(rest.stdout).toContain('request=req-180');
    expect(rest.stderr).toBe('');
  }, 30_000);

  it('exits 1 with a clear message for an unknown tenant or a bad filter', async () => {
    expect(await run(['--tenant', 'nobody'])).toMatchObject({
      code: 1,
      stderr: 'roster: tenant "nobody" not found\n',
    });
    const bad = await run(['--tenant', 'acme', '--status', 'oops']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^roster: status must be a code such as 404 or a class such as 4xx/);
  }, 30_000);
});
