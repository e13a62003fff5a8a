import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import type { ScimError } from '../errors.js';
import { URN } from '../urns.js';
import { parseBulkRequest } from './parse-bulk-request.js';

const limits = { maxOperations: 1000, maxPayloadSize: 1_048_576 };
const fixtures = new URL('../../../test/fixtures/bulk/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');

function failure(body: unknown, maxOperations = 1000): ScimError {
  try {
    parseBulkRequest(body, { ...limits, maxOperations });
  } catch (error) {
    if (isScimError(error)) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

const op = (fields: Record<string, unknown>) => ({
  method: 'POST',
  path: '/Users',
  bulkId: 'a',
  data: {},
  ...fields,
});
const envelope = (operations: unknown[], extra: Record<string, unknown> = {}) => ({
  schemas: [URN.bulkRequest],
  Operations: operations,
  ...extra,
});

describe('parseBulkRequest', () => {
  const wso2 = [
    ['wso2-add-users.json', 2, 1],
    ['wso2-update-users.json', 2, 1],
    ['wso2-replace-users.json', 2, 1],
    ['wso2-delete-users.json', 2, 1],
    ['wso2-add-groups.json', 2, null],
    ['wso2-update-groups.json', 2, null],
    ['wso2-replace-groups.json', 2, 1],
    ['wso2-delete-groups.json', 2, null],
  ] as const;
  it.each(wso2)('accepts the WSO2 example %s as written', (name, count, failOnErrors) => {
    const message = parseBulkRequest(JSON.parse(fixture(name)), limits);
    expect(message.operations).toHaveLength(count);
    expect(message.failOnErrors).toBe(failOnErrors);
    expect(message.operations.map((operation) => operation.index)).toEqual([0, 1]);
  });

  it('keeps the first WSO2 example with its stray trailing comma invalid JSON', () => {
    expect(() => JSON.parse(fixture('wso2-add-users.invalid.txt'))).toThrow(SyntaxError);
  });

  it('upper-cases methods and defaults bulkId, version and data to null', () => {
    const message = parseBulkRequest(
      {
        Operations: [
          { method: 'delete', path: '/Users/1' },
          { method: 'Patch', path: '/Users/2', data: {} },
        ],
      },
      limits,
    );
    expect(message.operations).toEqual([
      { index: 0, method: 'DELETE', bulkId: null, version: null, path: '/Users/1', data: null },
      { index: 1, method: 'PATCH', bulkId: null, version: null, path: '/Users/2', data: {} },
    ]);
    expect(message.failOnErrors).toBeNull();
  });

  it('accepts null for bulkId, version, data and failOnErrors', () => {
    const message = parseBulkRequest(
      envelope([{ method: 'DELETE', path: '/Users/1', bulkId: null, version: null, data: null }], {
        failOnErrors: null,
      }),
      limits,
    );
    expect(message.operations[0]).toMatchObject({ bulkId: null, version: null, data: null });
  });

  it('accepts the lower-case operations spelling and the schema URN in any case', () => {
    const message = parseBulkRequest(
      { schemas: [URN.bulkRequest.toUpperCase()], operations: [op({ version: 'W/"1"' })] },
      limits,
    );
    expect(message.operations[0]).toMatchObject({ method: 'POST', bulkId: 'a', version: 'W/"1"' });
  });

  it.each([
    ['a non-object body', [], 'A BulkRequest must be a JSON object'],
    ['a missing Operations', { schemas: [URN.bulkRequest] }, 'Operations is required'],
    ['a non-array Operations', { Operations: {} }, 'Operations must be an array'],
    [
      'both Operations and operations',
      { Operations: [], operations: [] },
      'Operations more than once',
    ],
    [
      'schemas without the BulkRequest URN',
      { schemas: [URN.patchOp], Operations: [] },
      'schemas must be an array',
    ],
    ['a string schemas', { schemas: URN.bulkRequest, Operations: [] }, 'schemas must be an array'],
    ['failOnErrors of 0', envelope([], { failOnErrors: 0 }), 'failOnErrors must be an integer'],
    [
      'a fractional failOnErrors',
      envelope([], { failOnErrors: 1.5 }),
      'failOnErrors must be an integer',
    ],
    [
      'a string failOnErrors',
      envelope([], { failOnErrors: '1' }),
      'failOnErrors must be an integer',
    ],
    ['a non-object operation', envelope([op({}), 'POST']), 'Operations[1] must be an object'],
    ['a missing method', envelope([{ path: '/Users' }]), 'Operations[0].method is required'],
    [
      'an unknown method',
      envelope([op({}), op({}), op({}), op({ method: 'GET' })]),
      'Operations[3].method must be one of POST, PUT, PATCH, DELETE',
    ],
    ['a numeric method', envelope([op({ method: 1 })]), 'Operations[0].method must be one of'],
    [
      'a missing path',
      envelope([{ method: 'POST', bulkId: 'a' }]),
      'Operations[0].path is required',
    ],
    ['a numeric path', envelope([op({ path: 7 })]), 'Operations[0].path must be a string'],
    [
      'a numeric bulkId',
      envelope([op({ bulkId: 7 })]),
      'Operations[0].bulkId must be a string or null',
    ],
    [
      'an object version',
      envelope([op({ version: {} })]),
      'Operations[0].version must be a string or null',
    ],
    ['an array data', envelope([op({ data: [] })]), 'Operations[0].data must be an object or null'],
    [
      'a string data',
      envelope([op({ data: 'x' })]),
      'Operations[0].data must be an object or null',
    ],
  ])('returns 400 invalidSyntax naming the field for %s', (_name, body, detail) => {
    const error = failure(body);
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidSyntax');
    expect(error.detail).toContain(detail);
  });

  it('returns 400 invalidSyntax when data is nested deeper than any resource', () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 40; level += 1) deep = { a: deep };
    const error = failure(envelope([op({ data: deep })]));
    expect(error.scimType).toBe('invalidSyntax');
    expect(error.detail).toContain('Operations[0].data is nested deeper than');
  });

  it('returns 413 naming maxOperations and the count before checking anything else', () => {
    const operations = Array.from({ length: 1001 }, () => 'not even an object');
    const error = failure({ schemas: 'wrong', Operations: operations });
    expect(error.status).toBe(413);
    expect(error.detail).toBe('maxOperations is 1000; the request has 1001 operations');
  });

  it('accepts exactly maxOperations operations', () => {
    const operations = Array.from({ length: 3 }, (_, index) => op({ bulkId: String(index) }));
    expect(
      parseBulkRequest(envelope(operations), { ...limits, maxOperations: 3 }).operations,
    ).toHaveLength(3);
  });
});
