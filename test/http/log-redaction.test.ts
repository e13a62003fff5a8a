import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthClient } from '../../src/auth/index.js';
import { REDACTED_LOG_PATHS } from '../../src/http/index.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const [database = 'sqlite'] = testDatabaseNames;

describe(`log output over ${database}`, () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString('utf8'));
        callback();
      },
    });
    const logger = pino({ level: 'trace', redact: REDACTED_LOG_PATHS }, destination);
    t = await createTestApp(database, {}, { logger });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never contains bearer tokens, client secrets or passwords', async () => {
    const bearer = await t.token();
    const client = await createOAuthClient(t.store.auth, {
      tenantId: 'acme',
      scopes: ['scim:read'],
    });
    const secret = client.clientSecret;
    const password = 'Tr0ub4dor&3-correct-horse';
    const basic = Buffer.from(`${client.record.clientId}:${secret}`).toString('base64');

    const issued = await t.app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
      payload: 'grant_type=client_credentials',
    });
    const accessToken = (JSON.parse(issued.body) as { access_token: string }).access_token;
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.record.clientId,
        client_secret: secret,
      }).toString(),
    });
    await t.scim('POST', '/Users', { body: { userName: 'logged.user', password } });
    await t.scim('GET', '/Users', { token: accessToken });
    await t.scim('GET', `/Users?access_token=${bearer}&client_secret=${secret}`, { token: null });
    await t.scim('POST', '/Users', { body: `{"userName":"broken","password":"${password}"` });
    await t.scim('POST', '/Bulk', {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          {
            method: 'POST',
            path: '/Users',
            bulkId: 'u',
            data: { userName: 'bulk.logged', password },
          },
        ],
      },
    });

    const output = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    for (const needle of [bearer, accessToken, secret, password, basic]) {
      expect(output).not.toContain(needle);
    }
    expect(output).not.toContain(bearer.split('.')[2] ?? bearer);
  });
});
