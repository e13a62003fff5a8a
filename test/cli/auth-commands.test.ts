import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyRing, ensureSigningKey } from '../../src/auth/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createApp } from '../../src/http/index.js';
import { hashPassword } from '../../src/provisioning/index.js';
import { createSchemaRegistry } from '../../src/scim/schema/index.js';
import { createTestDatabase, testDatabaseNames, type TestDatabase } from '../support/databases.js';

const run = promisify(execFile);
const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

describe.each(testDatabaseNames)('roster auth commands over %s', (database) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    db = await createTestDatabase(database);
    await ensureSigningKey(db.store);
    await db.store.createTenant('acme', new Date().toISOString());
    app = createApp({
      store: db.store,
      keys: createKeyRing(db.store),
      registry: createSchemaRegistry(),
      config: loadConfig({ ROSTER_DATABASE_URL: db.url }),
      hashPassword,
      logger: false,
      auth: { revocationRefreshMs: 0 },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const roster = async (...args: string[]) => {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      env: { ...process.env, ROSTER_DATABASE_URL: db.url },
    });
    return { stdout, stderr };
  };
  const fails = (...args: string[]) =>
    run(process.execPath, [...CLI, ...args], {
      env: { ...process.env, ROSTER_DATABASE_URL: db.url },
    }).then(
      () => 'succeeded',
      (error: { code: number; stderr: string }) => `${error.code}: ${error.stderr.trim()}`,
    );
  const getUsers = (token: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/tenants/acme/scim/v2/Users',
      headers: { authorization: `Bearer ${token}` },
    });

  it('issues a long-lived token that `roster token revoke` disables at once', async () => {
    const issued = await roster('token', 'issue', '--tenant', 'acme', '--ttl', '365d');
    const token = issued.stdout.trim();
    const jti = /token id \(jti\): ([0-9a-f-]+)/.exec(issued.stderr)?.[1] ?? '';
    expect(token.split('.')).toHaveLength(3);
    expect((await getUsers(token)).statusCode).toBe(200);
    expect((await roster('token', 'revoke', jti)).stdout).toBe(`revoked token ${jti}\n`);
    expect((await getUsers(token)).statusCode).toBe(401);
    expect(await fails('token', 'revoke', jti)).toBe(`1: roster: token ${jti} is already revoked`);
  });

  it('creates, lists and revokes OAuth clients, printing the secret only at creation', async () => {
    const created = await roster(
      'client',
      'create',
      '--tenant',
      'acme',
      '--name',
      'Okta',
      '--scope',
      'scim:read',
    );
    const clientId = /client_id=(\S+)/.exec(created.stdout)?.[1] ?? '';
    const secret = /client_secret=(\S+)/.exec(created.stdout)?.[1] ?? '';
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await roster('client', 'list', '--tenant', 'acme');
    expect(listed.stdout).toContain(`${clientId}\tacme\tscim:read\tactive\tOkta`);
    expect(listed.stdout).not.toContain(secret);
    const token = await app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      }).toString(),
    });
    expect(token.statusCode).toBe(200);
    expect((await roster('client', 'revoke', clientId)).stdout).toBe(
      `revoked client ${clientId}\n`,
    );
    const accessToken = (JSON.parse(token.body) as { access_token: string }).access_token;
    expect((await getUsers(accessToken)).statusCode).toBe(401);
    expect((await roster('client', 'list')).stdout).toMatch(
      new RegExp(`${clientId}\\tacme\\tscim:read\\trevoked `),
    );
  });

  it('refuses a client for an unknown tenant or with an unknown scope', async () => {
    expect(await fails('client', 'create', '--tenant', 'nope')).toBe(
      '1: roster: tenant "nope" not found',
    );
    expect(await fails('client', 'create', '--tenant', 'acme', '--scope', 'admin')).toMatch(
      /unknown scope "admin"/,
    );
  });

  it('rotates keys: the new key signs new tokens and the old key stays published', async () => {
    const before = (await roster('keys', 'list')).stdout.trim().split('\n');
    const rotated = await roster('keys', 'rotate');
    const kid = /new signing key (\S+)/.exec(rotated.stdout)?.[1] ?? '';
    const after = (await roster('keys', 'list')).stdout.trim().split('\n');
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toContain(kid);
    const token = (await roster('token', 'issue', '--tenant', 'acme')).stdout.trim();
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
      kid: string;
    };
    expect(header.kid).toBe(kid);
  });

  it('sets, shows and removes a tenant external issuer', async () => {
    await roster(
      'tenant',
      'issuer',
      'set',
      'acme',
      '--issuer',
      'https://login.example.test/acme',
      '--audience',
      'roster-acme',
      '--jwks-url',
      'https://login.example.test/acme/keys',
      '--scope-claim',
      'roles',
    );
    expect((await roster('tenant', 'issuer', 'show', 'acme')).stdout).toBe(
      'issuer=https://login.example.test/acme\naudience=roster-acme\njwks_url=https://login.example.test/acme/keys\nscope_claim=roles\n',
    );
    expect(
      await fails(
        'tenant',
        'issuer',
        'set',
        'acme',
        '--issuer',
        'i',
        '--audience',
        'a',
        '--jwks-url',
        'ftp://x',
      ),
    ).toBe('1: roster: --jwks-url must be an http(s) URL, got "ftp://x"');
    await roster('tenant', 'issuer', 'remove', 'acme');
    expect(await fails('tenant', 'issuer', 'show', 'acme')).toBe(
      '1: roster: tenant "acme" has no external issuer',
    );
  });
});
