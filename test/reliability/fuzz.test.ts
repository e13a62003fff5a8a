import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URN } from '../../src/scim/urns.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { recordFigure } from './support/figures.js';
import { snapshotStore } from './support/store-snapshot.js';

const RUNS = Number(process.env['ROSTER_FUZZ_RUNS'] ?? 150);

/** Every answer is below 500, and every refusal is an RFC 7644 §3.12 error body. */
function expectCleanAnswer(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.headers['content-type']).toBe('application/scim+json; charset=utf-8');
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toMatchObject({ schemas: [URN.error], status: String(response.statusCode) });
    expect(typeof body['detail']).toBe('string');
  }
}

const attributeNames = [
  'userName',
  'name.familyName',
  'emails',
  'emails.value',
  'emails[type eq "work"].value',
  'members',
  'members.value',
  'meta.lastModified',
  'active',
  'displayName',
  `${URN.enterpriseUser}:manager.value`,
  'urn:ietf:params:scim:schemas:core:2.0:User:userName',
  'x',
  '__proto__',
  'constructor',
];
const filterTokens = fc.oneof(
  fc.constantFrom(...attributeNames),
  fc.constantFrom(' eq ', ' ne ', ' co ', ' sw ', ' ew ', ' gt ', ' ge ', ' lt ', ' le ', ' pr'),
  fc.constantFrom(' and ', ' or ', 'not ', '(', ')', '[', ']', '"', '\\', ' '),
  fc.constantFrom(
    '"a"',
    'true',
    'null',
    '1e400',
    '-0',
    '12345678901234567890',
    '"2024-01-01T00:00:00Z"',
  ),
  fc.string({ maxLength: 6 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);
const filterText = fc.array(filterTokens, { maxLength: 14 }).map((parts) => parts.join(''));

const pathText = fc.oneof(filterText, fc.constantFrom(...attributeNames));
const patchOperation = fc.record(
  {
    op: fc.oneof(fc.constantFrom('add', 'remove', 'replace', 'Add', 'REPLACE'), fc.string()),
    path: pathText,
    value: fc.jsonValue({ maxDepth: 3 }),
  },
  { requiredKeys: [] },
);
const patchBody = fc.oneof(
  fc.record(
    {
      schemas: fc.oneof(fc.constant([URN.patchOp]), fc.jsonValue({ maxDepth: 1 })),
      Operations: fc.oneof(
        fc.array(patchOperation, { maxLength: 4 }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const bulkOperation = fc.record(
  {
    method: fc.oneof(fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'post'), fc.string()),
    path: fc.oneof(
      fc.constantFrom('/Users', '/Groups', '/Users/bulkId:a', '/Groups/bulkId:b', '/Bulk', '/'),
      fc.string(),
    ),
    bulkId: fc.oneof(fc.constantFrom('a', 'b', ''), fc.string(), fc.integer()),
    version: fc.oneof(fc.constant('W/"x"'), fc.jsonValue({ maxDepth: 1 })),
    data: fc.oneof(
      fc.record({ userName: fc.string(), members: fc.constant([{ value: 'bulkId:a' }]) }),
      fc.record({ displayName: fc.string(), members: fc.constant([{ value: 'bulkId:b' }]) }),
      patchBody,
      fc.jsonValue({ maxDepth: 3 }),
    ),
  },
  { requiredKeys: [] },
);
const bulkBody = fc.oneof(
  fc.record(
    {
      schemas: fc.oneof(fc.constant([URN.bulkRequest]), fc.jsonValue({ maxDepth: 1 })),
      failOnErrors: fc.oneof(fc.integer({ min: -2, max: 3 }), fc.jsonValue({ maxDepth: 1 })),
      Operations: fc.oneof(
        fc.array(bulkOperation, { maxLength: 5 }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

const queryParameter = fc.tuple(
  fc.oneof(
    fc.constantFrom(
      'filter',
      'startIndex',
      'count',
      'sortBy',
      'sortOrder',
      'attributes',
      'excludedAttributes',
      'cursor',
    ),
    fc.string({ maxLength: 8 }),
  ),
  fc.oneof(
    filterText,
    fc.constantFrom('0', '-1', '1e9', '99999999999999999999', 'NaN', '', 'ascending', 'x'),
    fc.string({ maxLength: 10 }),
  ),
);

const printable = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 40,
});
const headerSet = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'content-type',
      'accept',
      'if-match',
      'if-none-match',
      'prefer',
      'authorization',
      'content-encoding',
      'x-forwarded-for',
      'transfer-encoding',
    ),
    fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  ),
  fc.oneof(
    fc.constantFrom(
      'application/scim+json',
      'application/json; charset=latin1',
      'text/plain',
      'multipart/form-data; boundary=x',
      'W/"x"',
      '*',
      'return=minimal',
      'Bearer x.y.z',
      'gzip',
    ),
    printable,
  ),
  { maxKeys: 4 },
);

function nested(depth: number, open: string, close: string, inner = '1'): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}
const rawJson = fc.oneof(
  fc.constantFrom(
    '{"userName":"dup","userName":"dup2"}',
    '{"userName":"proto","__proto__":{"polluted":true}}',
    '{"userName":"ctor","constructor":{"prototype":{"polluted":true}}}',
    '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":1e999}',
    '{"userName":"big","x":123456789012345678901234567890123456789}',
    '{"userName":"\\ud800"}',
    '{"userName":"nul\\u0000"}',
    '{"userName":',
    'null',
    '[]',
    '"string"',
    '{}',
    '',
  ),
  fc.integer({ min: 1, max: 10_000 }).map((depth) => nested(depth, '[', ']')),
  fc
    .integer({ min: 1, max: 10_000 })
    .map((depth) => `{"userName":"deep","x":${nested(depth, '{"a":', '}')}}`),
  fc.string({ maxLength: 30 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
);
const invalidUtf8 = fc
  .uint8Array({ minLength: 1, maxLength: 20 })
  .map((bytes) =>
    Buffer.concat([
      Buffer.from('{"userName":"'),
      Buffer.from([0xc3, 0x28, 0xff, ...bytes]),
      Buffer.from('"}'),
    ]),
  );

describe('fuzzed client input through app.inject', () => {
  let t: TestApp;
  let userId: string;
  let groupId: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const user = await t.scim('POST', '/Users', { body: { userName: 'fuzz-anchor' } });
    userId = (JSON.parse(user.body) as { id: string }).id;
    const group = await t.scim('POST', '/Groups', {
      body: { displayName: 'fuzz-group', members: [{ value: userId }] },
    });
    groupId = (JSON.parse(group.body) as { id: string }).id;
    await t.scim('POST', '/Users', { body: { userName: 'other-tenant' }, tenant: 'globex' });
  });
  const tally = { tried: 0, refused: 0, accepted: 0 };
  afterAll(async () => {
    recordFigure({
      scenario: `fuzzed requests (filters, PATCH, Bulk, query, headers, raw JSON; ${RUNS} runs each)`,
      database: 'sqlite',
      requestsTried: tally.tried,
      faultsInjected: tally.tried,
      writesAcknowledged: 0,
      writesFound: 0,
      note: `${tally.accepted} answered 2xx/3xx; ${tally.refused} refused with a SCIM error, store unchanged; 0 answered 5xx`,
    });
    await t?.close();
  });

  /** Sends a request and checks the answer is clean and a refusal changed nothing. */
  async function probe(send: () => Promise<LightMyRequestResponse>): Promise<void> {
    const before = await snapshotStore(t.store);
    const response = await send();
    tally.tried += 1;
    if (response.statusCode >= 400) tally.refused += 1;
    else tally.accepted += 1;
    expectCleanAnswer(response);
    if (response.statusCode >= 400) expect(await snapshotStore(t.store)).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  }

  it('answers every generated filter with a list or a SCIM error, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(filterText, fc.constantFrom('/Users', '/Groups'), async (filter, path) => {
        await probe(() => t.scim('GET', `${path}?filter=${encodeURIComponent(filter)}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers every generated filter in a SearchRequest body with a SCIM answer', async () => {
    await fc.assert(
      fc.asyncProperty(filterText, fc.jsonValue({ maxDepth: 1 }), async (filter, extra) => {
        await probe(() =>
          t.scim('POST', '/.search', {
            body: { schemas: [URN.searchRequest], filter, count: extra },
          }),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('applies or refuses every generated PATCH body, leaving the store unchanged on refusal', async () => {
    await fc.assert(
      fc.asyncProperty(patchBody, fc.boolean(), async (body, onGroup) => {
        const path = onGroup ? `/Groups/${groupId}` : `/Users/${userId}`;
        await probe(() => t.scim('PATCH', path, { body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers every generated Bulk envelope with a BulkResponse or a SCIM error', async () => {
    await fc.assert(
      fc.asyncProperty(bulkBody, async (body) => {
        await probe(() => t.scim('POST', '/Bulk', { body }));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers every generated query string with a list or a SCIM error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(queryParameter, { maxLength: 4 }), async (parameters) => {
        const query = parameters
          .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
          .join('&');
        await probe(() => t.scim('GET', `/Users?${query}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('answers every generated set of headers with a SCIM answer, on reads and writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        headerSet,
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
        async (headers, method) => {
          const path = method === 'POST' ? '/Users' : `/Users/${userId}`;
          const body =
            method === 'GET' || method === 'DELETE'
              ? undefined
              : method === 'PATCH'
                ? {
                    schemas: [URN.patchOp],
                    Operations: [{ op: 'replace', path: 'active', value: true }],
                  }
                : { userName: 'fuzz-anchor' };
          const keepsToken = !('authorization' in headers);
          await probe(() =>
            t.scim(method, path, {
              headers,
              ...(body !== undefined ? { body } : {}),
              ...(keepsToken ? {} : { token: null }),
            }),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('answers every raw JSON body (deep, huge, duplicated, prototype keys) with a SCIM answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(rawJson, invalidUtf8),
        fc.constantFrom('POST /Users', 'PUT /Users', 'PATCH /Users', 'POST /Bulk', 'POST /.search'),
        async (payload, route) => {
          const [method, endpoint] = route.split(' ') as [string, string];
          const path = method === 'POST' ? endpoint : `${endpoint}/${userId}`;
          const token = await t.token();
          await probe(() =>
            t.app.inject({
              method: method as 'POST',
              url: `${t.base()}${path}`,
              headers: {
                authorization: `Bearer ${token}`,
                'content-type': 'application/scim+json',
              },
              payload,
            }),
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});
