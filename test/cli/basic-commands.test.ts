import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];
const directory = mkdtempSync(join(tmpdir(), 'roster-cli-'));
const env = { ...process.env, ROSTER_DATABASE_URL: `sqlite:${join(directory, 'roster.db')}` };

const roster = (...args: string[]) => run(process.execPath, [...CLI, ...args], { env });
const fails = (...args: string[]) =>
  roster(...args).then(
    () => ({ code: 0, stderr: '' }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );

describe('the roster command', () => {
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('migrates, then creates, lists and deletes tenants', async () => {
    expect((await roster('migrate')).stdout).toBe('database is up to date\n');
    expect((await roster('tenant', 'create', 'acme')).stdout).toBe('created tenant acme\n');
    expect((await roster('tenant', 'list')).stdout).toMatch(/^acme\t\d{4}-\d\d-\d\dT/m);
    expect((await roster('tenant', 'delete', 'acme')).stdout).toBe('deleted tenant acme\n');
    expect((await roster('tenant', 'list')).stdout).not.toMatch(/^acme\t/m);
  }, 60_000);

  it('prints only the JWT on stdout for token issue, bound to the tenant and scopes asked for', async () => {
    await roster('tenant', 'create', 'globex');
    const { stdout } = await roster(
      'token',
      'issue',
      '--tenant',
      'globex',
      '--scope',
      'scim:read',
      '--ttl',
      '1h',
    );
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const claims = decodeJwt(lines[0]!);
    expect(claims).toMatchObject({ tenant_id: 'globex', scope: 'scim:read' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
  }, 60_000);

  it('answers --help on every command with exit 0', async () => {
    for (const args of [
      [],
      ['serve'],
      ['migrate'],
      ['tenant'],
      ['tenant', 'create'],
      ['token', 'issue'],
    ]) {
      const { stdout } = await roster(...args, '--help');
      expect(stdout).toContain('Usage: roster');
    }
  }, 60_000);

  it('reports errors as one line on stderr with a non-zero exit', async () => {
    const unknownTenant = await fails('token', 'issue', '--tenant', 'nope');
    expect(unknownTenant.code).toBe(1);
    expect(unknownTenant.stderr).toBe('roster: tenant "nope" not found\n');
    const badTtl = await fails('token', 'issue', '--tenant', 'globex', '--ttl', 'soon');
    expect(badTtl.stderr).toBe('roster: invalid duration "soon": use e.g. 90s, 15m, 1h or 30d\n');
    const badConfig = await run(process.execPath, [...CLI, 'tenant', 'list'], {
      env: { ...env, ROSTER_PORT: 'x' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toBe('roster: ROSTER_PORT must be a whole number, got "x"\n');
  }, 60_000);
});
