import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerTenantSetCommand } from '../../src/cli/tenant-set-command.js';
import { createSqliteStore } from '../../src/stores/sqlite/index.js';

describe('roster tenant set', () => {
  let directory: string;
  let url: string;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'roster-cli-'));
    url = `sqlite:${join(directory, 'roster.db')}`;
    const store = createSqliteStore({ filename: join(directory, 'roster.db') });
    await store.migrate();
    await store.createTenant('acme', new Date().toISOString());
    await store.close();
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<string> {
    const program = new Command('roster').option('--database-url <url>').exitOverride();
    registerTenantSetCommand(program.command('tenant'));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await program.parseAsync(['tenant', 'set', ...args, '--database-url', url], {
        from: 'user',
      });
      return write.mock.calls.map(([text]) => String(text)).join('');
    } finally {
      write.mockRestore();
    }
  }

  async function settingsOf(tenantId: string) {
    const store = createSqliteStore({ filename: join(directory, 'roster.db') });
    try {
      return await store.getTenantSettings(tenantId);
    } finally {
      await store.close();
    }
  }

  it('stores the Bulk limits given and keeps the ones not given', async () => {
    expect(await run('acme', '--bulk-max-operations', '50')).toBe(
      'tenant acme: bulk max operations 50, bulk max payload size default\n',
    );
    await run('acme', '--bulk-max-payload-size', '65536');
    expect(await settingsOf('acme')).toEqual({
      bulkMaxOperations: 50,
      bulkMaxPayloadSize: 65536,
    });
  });

  it('clears an override given as default', async () => {
    await run('acme', '--bulk-max-operations', '9', '--bulk-max-payload-size', '4096');
    await run('acme', '--bulk-max-operations', 'default');
    expect(await settingsOf('acme')).toEqual({ bulkMaxOperations: null, bulkMaxPayloadSize: 4096 });
  });

  it.each([
    [['acme', '--bulk-max-operations', '0'], /--bulk-max-operations must be a whole number/],
    [['acme', '--bulk-max-payload-size', '10'], /--bulk-max-payload-size must be .* 1024/],
    [['acme'], /nothing to set/],
    [['nobody', '--bulk-max-operations', '3'], /tenant "nobody" not found/],
  ])('refuses %j', async (args, message) => {
    await expect(run(...args)).rejects.toThrow(message);
  });
});
