import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../../scim/schema/index.js';
import {
  bulkEntries,
  singleWriteEntry,
  writeRouteOf,
  type ActivityBase,
} from './activity-entries.js';
import type { WriteEvent } from './observe-writes.js';

const base: ActivityBase = {
  time: '2026-03-01T03:12:00.000Z',
  tenantId: 'acme',
  clientId: 'entra',
  tokenId: 'jti-1',
  requestId: 'req-1',
};
const registry = createSchemaRegistry();
const SCIM = '/api/v1/tenants/:tenantId/scim/v2';

describe('writeRouteOf', () => {
  it.each([
    ['POST', `${SCIM}/Users`, { kind: 'single', resourceType: 'User' }],
    ['PATCH', `${SCIM}/Groups/:id`, { kind: 'single', resourceType: 'Group' }],
    ['DELETE', `${SCIM}/Users/:id`, { kind: 'single', resourceType: 'User' }],
    ['POST', `${SCIM}/Bulk`, { kind: 'bulk' }],
    ['GET', `${SCIM}/Users/:id`, undefined],
    ['POST', `${SCIM}/Users/.search`, undefined],
    ['PUT', `${SCIM}/Users`, undefined],
    ['POST', `${SCIM}/Users/:id`, undefined],
    ['POST', undefined, undefined],
  ])('classifies %s %s', (method, url, expected) => {
    expect(writeRouteOf(method, url)).toEqual(expected);
  });
});

describe('singleWriteEntry', () => {
  const events: WriteEvent[] = [
    { kind: 'read', resourceType: 'User', id: 'u1', version: 'W/"1"' },
    { kind: 'update', resourceType: 'User', id: 'u1', version: 'W/"2"' },
    { kind: 'read', resourceType: 'User', id: 'u1', version: 'W/"2"' },
  ];

  it('takes the version read before the first write and the last version written', () => {
    const entry = singleWriteEntry(
      base,
      { method: 'PUT', resourceType: 'User', resourceId: 'u1', status: 200, normalisers: [] },
      events,
    );
    expect(entry).toMatchObject({ versionBefore: 'W/"1"', versionAfter: 'W/"2"' });
  });

  it('reports no version after a failed write', () => {
    const entry = singleWriteEntry(
      base,
      { method: 'PUT', resourceType: 'User', resourceId: 'u1', status: 409, normalisers: [] },
      events,
    );
    expect(entry).toMatchObject({ status: 409, versionBefore: 'W/"1"', versionAfter: null });
  });
});

describe('bulkEntries', () => {
  const ops = [
    { method: 'POST', path: '/Users', bulkId: 'a', data: {} },
    { method: 'POST', path: '/Groups', bulkId: 'g', data: {} },
    { method: 'DELETE', path: '/Users/u9' },
    {
      method: 'PATCH',
      path: '/Users/u8',
      data: { Operations: [{ op: 'Replace', path: 'active', value: 'False' }] },
    },
  ];

  it('matches answers to operations when failOnErrors left some unanswered', () => {
    const answered = [
      {
        method: 'POST',
        bulkId: 'a',
        status: '201',
        location: 'https://x/Users/u1',
        version: 'W/"a"',
      },
      { method: 'DELETE', status: '404', location: 'https://x/Users/u9' },
    ];
    const entries = bulkEntries(
      base,
      registry,
      { Operations: ops },
      200,
      { Operations: answered },
      [],
    );
    expect(
      entries.map((e) => [e.operationIndex, e.method, e.resourceType, e.resourceId, e.status]),
    ).toEqual([
      [0, 'POST', 'User', 'u1', 201],
      [2, 'DELETE', 'User', 'u9', 404],
    ]);
    expect(entries[0]).toMatchObject({ bulkId: 'a', versionAfter: 'W/"a"', requestId: 'req-1' });
  });

  it('names the quirks a PATCH operation needed', () => {
    const answered = [{ method: 'PATCH', status: '200', location: 'https://x/Users/u8' }];
    const [entry] = bulkEntries(
      base,
      registry,
      { Operations: [ops[3]] },
      200,
      { Operations: answered },
      [],
    );
    expect(entry?.normalisers).toEqual(['entra.capitalisedOp', 'entra.stringBoolean']);
  });

  it('records a rejected request as one Bulk entry with its status', () => {
    expect(bulkEntries(base, registry, 'not json', 413, undefined, [])).toEqual([
      expect.objectContaining({ resourceType: 'Bulk', status: 413, operationIndex: null }),
    ]);
  });
});
