import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCursorCodec, cursorSecretOf } from '../../src/provisioning/index.js';
import { URN } from '../../src/scim/urns.js';
import { testDatabaseNames } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { bodyOf, expectScimError, SCIM_JSON } from './scim-expectations.js';

interface CursorPage {
  schemas: string[];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  nextCursor?: string;
  previousCursor?: string;
  Resources: { id: string; userName: string }[];
}

const pageOf = (response: LightMyRequestResponse): CursorPage => {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe(SCIM_JSON);
  return bodyOf(response) as unknown as CursorPage;
};

const userNames = (page: CursorPage) => page.Resources.map((r) => r.userName);

describe.each(testDatabaseNames)('cursor pagination (RFC 9865) over %s', (database) => {
  let t: TestApp;
  const seeded = ['u1', 'U2', 'u3', 'U4', 'u5', 'U6', 'u7'];

  const get = async (params: string, tenant = 'acme') =>
    pageOf(await t.scim('GET', `/Users?${params}`, { tenant }));
  const cursorParam = (cursor: string | undefined) => encodeURIComponent(cursor ?? 'missing');

  beforeAll(async () => {
    t = await createTestApp(database);
    for (const tenant of ['acme', 'globex']) {
      for (const userName of seeded) {
        const response = await t.scim('POST', '/Users', { body: { userName }, tenant });
        expect(response.statusCode, response.body).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('pages forward with nextCursor and back with previousCursor, with no startIndex', async () => {
    const first = await get('cursor=&count=3');
    expect(first).toEqual({
      schemas: [URN.listResponse],
      totalResults: 7,
      itemsPerPage: 3,
      nextCursor: expect.any(String),
      Resources: expect.any(Array),
    });
    expect(userNames(first)).toEqual(['u1', 'U2', 'u3']);
    const second = await get(`cursor=${cursorParam(first.nextCursor)}&count=3`);
    expect([userNames(second), typeof second.previousCursor]).toEqual([
      ['U4', 'u5', 'U6'],
      'string',
    ]);
    const third = await get(`cursor=${cursorParam(second.nextCursor)}&count=3`);
    expect([userNames(third), third.nextCursor]).toEqual([['u7'], undefined]);
    const back = await get(`cursor=${cursorParam(third.previousCursor)}&count=3`);
    expect(userNames(back)).toEqual(['U4', 'u5', 'U6']);
    const start = await get(`cursor=${cursorParam(back.previousCursor)}&count=3`);
    expect([userNames(start), start.previousCursor, typeof start.nextCursor]).toEqual([
      ['u1', 'U2', 'u3'],
      undefined,
      'string',
    ]);
  });

  it('walks a sorted, filtered list in the same order as index pagination', async () => {
    const filter = encodeURIComponent('userName sw "u"');
    const indexed = await get(`filter=${filter}&sortBy=userName&sortOrder=descending&count=100`);
    const walked: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 10; pages++) {
      const page = await get(
        `filter=${filter}&sortBy=userName&sortOrder=descending&count=2&cursor=${encodeURIComponent(cursor)}`,
      );
      expect(page.totalResults).toBe(7);
      walked.push(...userNames(page));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(walked).toEqual(userNames(indexed));
    expect(walked).toEqual(['u7', 'U6', 'u5', 'U4', 'u3', 'U2', 'u1']);
  });

  it('stays stable when resources are inserted between pages', async () => {
    const first = await get('sortBy=userName&cursor=&count=3', 'globex');
    expect(userNames(first)).toEqual(['u1', 'U2', 'u3']);
    for (const userName of ['a0', 'u35', 'z9']) {
      const created = await t.scim('POST', '/Users', { body: { userName }, tenant: 'globex' });
      expect(created.statusCode).toBe(201);
    }
    const second = await get(
      `sortBy=userName&cursor=${cursorParam(first.nextCursor)}&count=3`,
      'globex',
    );
    expect([second.totalResults, userNames(second)]).toEqual([10, ['u35', 'U4', 'u5']]);
  });

  it('accepts a cursor in a SearchRequest and returns only totalResults for count 0', async () => {
    const searched = pageOf(
      await t.scim('POST', '/Users/.search', {
        body: { schemas: [URN.searchRequest], cursor: '', count: 2, attributes: ['userName'] },
      }),
    );
    expect([userNames(searched), typeof searched.nextCursor]).toEqual([['u1', 'U2'], 'string']);
    const next = pageOf(
      await t.scim('POST', '/Users/.search', {
        body: { schemas: [URN.searchRequest], cursor: searched.nextCursor, count: 2 },
      }),
    );
    expect(userNames(next)).toEqual(['u3', 'U4']);
    expect(await get('cursor=&count=0')).toEqual({
      schemas: [URN.listResponse],
      totalResults: 7,
      itemsPerPage: 0,
      Resources: [],
    });
  });

  describe('cursor errors', () => {
    let issued: string;
    beforeAll(async () => {
      issued = (await get('cursor=&count=2')).nextCursor ?? '';
    });

    it('returns 400 invalidCursor for garbage and for a tampered cursor', async () => {
      const [body = '', signature = ''] = issued.split('.');
      const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { r: string };
      const forged = Buffer.from(JSON.stringify({ ...payload, r: '1' })).toString('base64url');
      for (const cursor of ['abc', `${forged}.${signature}`, `${body}.${signature}x`, `${body}.`]) {
        expectScimError(
          await t.scim('GET', `/Users?count=2&cursor=${encodeURIComponent(cursor)}`),
          400,
          'invalidCursor',
        );
      }
    });

    it('returns 400 invalidCursor for a cursor of another query or another tenant', async () => {
      const cursor = encodeURIComponent(issued);
      for (const [path, tenant] of [
        [`/Users?count=2&sortBy=userName&cursor=${cursor}`, 'acme'],
        [`/Users?count=2&filter=${encodeURIComponent('userName pr')}&cursor=${cursor}`, 'acme'],
        [`/Groups?count=2&cursor=${cursor}`, 'acme'],
        [`/Users?count=2&cursor=${cursor}`, 'globex'],
      ] as const) {
        expectScimError(await t.scim('GET', path, { tenant }), 400, 'invalidCursor');
      }
    });

    it('returns 400 expiredCursor for a cursor older than cursorTimeout', async () => {
      const secret = await cursorSecretOf(t.store);
      const longAgo = createCursorCodec(secret, { now: () => Date.now() - 2 * 3600 * 1000 });
      const scope = ['acme', 'User', '', '', ''].join('\n');
      const stale = longAgo.encode(scope, {
        direction: 'after',
        position: { sortValue: null, rowKey: '1' },
      });
      expectScimError(
        await t.scim('GET', `/Users?count=2&cursor=${encodeURIComponent(stale)}`),
        400,
        'expiredCursor',
      );
    });

    it('returns 400 invalidValue when startIndex and cursor are combined', async () => {
      expectScimError(await t.scim('GET', '/Users?startIndex=1&cursor='), 400, 'invalidValue');
    });
  });

  it('advertises cursor pagination in ServiceProviderConfig', async () => {
    const config = bodyOf(await t.scim('GET', '/ServiceProviderConfig'));
    expect(config['pagination']).toEqual({
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: 100,
      maxPageSize: 1000,
      cursorTimeout: 3600,
    });
    expect(config['filter']).toEqual({ supported: true, maxResults: 1000 });
    expect(config['sort']).toEqual({ supported: true });
  });
});
