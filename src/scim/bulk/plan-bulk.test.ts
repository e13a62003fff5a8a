import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import { parseBulkRequest } from './parse-bulk-request.js';
import { planBulk } from './plan-bulk.js';
import type { BulkOperationRequest, BulkPlan } from './types.js';

type Op = Partial<BulkOperationRequest> & Pick<BulkOperationRequest, 'method' | 'path'>;

function plan(...operations: Op[]): BulkPlan {
  return planBulk({
    failOnErrors: null,
    operations: operations.map((operation, index) => ({
      index,
      bulkId: null,
      version: null,
      data: operation.method === 'DELETE' ? null : {},
      ...operation,
    })),
  });
}

const postUser = (bulkId: string, data: Record<string, unknown> = {}): Op => ({
  method: 'POST',
  path: '/Users',
  bulkId,
  data: { userName: bulkId, ...data },
});
const postGroup = (bulkId: string, ...members: string[]): Op => ({
  method: 'POST',
  path: '/Groups',
  bulkId,
  data: { displayName: bulkId, members: members.map((member) => ({ value: `bulkId:${member}` })) },
});
const managedBy = (bulkId: string) => ({
  [URN.enterpriseUser]: { manager: { value: `bulkId:${bulkId}` } },
});

const runOrder = (result: BulkPlan) =>
  result.steps.map((step) => (step.kind === 'run' ? step.index : `link ${step.index}`));
const errorOf = (result: BulkPlan, index: number) => result.operations[index]?.error;

describe('planBulk paths', () => {
  it('fails a bulkId: path on another endpoint than its POST with 400 naming both', () => {
    const result = plan(postGroup('g'), { method: 'PATCH', path: '/Users/bulkId:g' });
    expect(errorOf(result, 1)?.toBody()).toEqual({
      schemas: [URN.error],
      status: '400',
      scimType: 'invalidValue',
      detail:
        'Operations[1].path "/Users/bulkId:g" names bulkId "g", which Operations[0] creates at /Groups',
    });
    expect(runOrder(result)).toEqual([0, 1]);
  });

  it('resolves POST to an endpoint and the others to a target id or bulkId', () => {
    const result = plan(
      postUser('a'),
      { method: 'PUT', path: '/Users/123' },
      { method: 'PATCH', path: '/Groups/bulkId:g' },
      postGroup('g'),
      { method: 'DELETE', path: '/Groups/456' },
    );
    expect(
      result.operations.map((operation) => [
        operation.resourceType,
        operation.endpoint,
        operation.target,
      ]),
    ).toEqual([
      ['User', '/Users', undefined],
      ['User', '/Users', { kind: 'id', id: '123' }],
      ['Group', '/Groups', { kind: 'bulkId', bulkId: 'g' }],
      ['Group', '/Groups', undefined],
      ['Group', '/Groups', { kind: 'id', id: '456' }],
    ]);
    expect(result.operations.every((operation) => operation.error === undefined)).toBe(true);
  });

  it('returns 400 with a hint for the WSO2 path /Group', () => {
    const error = errorOf(plan({ method: 'POST', path: '/Group', bulkId: 'g' }), 0);
    expect(error?.status).toBe(400);
    expect(error?.detail).toContain('did you mean /Groups?');
  });

  it.each([
    [
      'an unknown endpoint',
      { method: 'POST', path: '/Devices', bulkId: 'd' },
      'names no resource endpoint; expected /Users or /Groups',
    ],
    [
      'a lower-case endpoint',
      { method: 'POST', path: '/users', bulkId: 'd' },
      'did you mean /Users?',
    ],
    [
      'a relative path',
      { method: 'POST', path: 'Users', bulkId: 'd' },
      'must start with /Users or /Groups',
    ],
    [
      'a POST to a resource',
      { method: 'POST', path: '/Users/1', bulkId: 'd' },
      'POST creates at /Users, without an id',
    ],
    ['a PUT without id', { method: 'PUT', path: '/Users' }, 'PUT needs /Users/{id}'],
    ['a PATCH without id', { method: 'PATCH', path: '/Groups/' }, 'PATCH needs /Groups/{id}'],
    ['a DELETE without id', { method: 'DELETE', path: '/Groups' }, 'DELETE needs /Groups/{id}'],
    ['extra segments', { method: 'DELETE', path: '/Users/1/x' }, 'segments after the resource id'],
    [
      'an empty bulkId in the path',
      { method: 'DELETE', path: '/Users/bulkId:' },
      'has an empty bulkId',
    ],
    [
      'a POST without bulkId',
      { method: 'POST', path: '/Users' },
      'Operations[0]: POST requires a bulkId',
    ],
    [
      'a POST with an empty bulkId',
      { method: 'POST', path: '/Users', bulkId: '' },
      'POST requires a bulkId',
    ],
  ] as const)('returns 400 for %s', (_name, operation, detail) => {
    const error = errorOf(plan(operation), 0);
    expect(error?.status).toBe(400);
    expect(error?.detail).toContain(detail);
  });

  it('returns 400 invalidSyntax when POST, PUT or PATCH carries no data', () => {
    const result = plan(
      { method: 'PATCH', path: '/Users/1', data: null },
      { method: 'DELETE', path: '/Users/2' },
    );
    expect(errorOf(result, 0)?.scimType).toBe('invalidSyntax');
    expect(errorOf(result, 0)?.detail).toBe('Operations[0].data is required for PATCH');
    expect(errorOf(result, 1)).toBeUndefined();
  });
});

describe('planBulk references', () => {
  it('collects references from the path, data at depth and PATCH filters', () => {
    const result = plan(postUser('u'), postUser('m'), postGroup('g'), {
      method: 'PATCH',
      path: '/Groups/bulkId:g',
      data: {
        Operations: [
          { op: 'add', path: 'members', value: [{ value: 'bulkId:u' }] },
          { op: 'remove', path: 'members[value eq "bulkId:m"]' },
        ],
      },
    });
    expect(result.operations[3]?.references).toEqual(['g', 'u', 'm']);
  });

  it('ignores references inside the data of a DELETE, which carries no body', () => {
    const result = plan({ method: 'DELETE', path: '/Users/1', data: { value: 'bulkId:nobody' } });
    expect(result.operations[0]?.references).toEqual([]);
    expect(errorOf(result, 0)).toBeUndefined();
  });

  it('returns 409 when a reference names a bulkId no operation defines', () => {
    const error = errorOf(plan(postGroup('g', 'nobody')), 0);
    expect(error?.status).toBe(409);
    expect(error?.detail).toBe(
      'Operations[0] references bulkId "nobody", which no POST operation in this request defines',
    );
  });

  it('returns 409 when a path names a bulkId only a non-POST operation carries', () => {
    const result = plan(
      { method: 'PUT', path: '/Users/1', bulkId: 'p', data: {} },
      { method: 'DELETE', path: '/Users/bulkId:p' },
    );
    expect(errorOf(result, 1)?.status).toBe(409);
  });

  it('accepts a repeated bulkId while nothing references it (WSO2 add-groups)', () => {
    const body: unknown = JSON.parse(
      readFileSync(
        new URL('../../../test/fixtures/bulk/wso2-add-groups.json', import.meta.url),
        'utf8',
      ),
    );
    const result = planBulk(parseBulkRequest(body, { maxOperations: 10, maxPayloadSize: 1 }));
    expect(result.operations.map((operation) => operation.error)).toEqual([undefined, undefined]);
    expect(runOrder(result)).toEqual([0, 1]);
  });

  it('returns 409 naming the ambiguity when a repeated bulkId is referenced', () => {
    const result = plan(postUser('dup'), postUser('dup'), postGroup('g', 'dup'));
    expect(errorOf(result, 0)).toBeUndefined();
    expect(errorOf(result, 2)?.status).toBe(409);
    expect(errorOf(result, 2)?.detail).toBe(
      'Operations[2] references bulkId "dup", which is ambiguous: Operations[0], Operations[1] all POST it',
    );
  });
});

describe('planBulk ordering', () => {
  it('runs independent operations in request order', () => {
    expect(
      runOrder(plan(postUser('a'), { method: 'DELETE', path: '/Users/1' }, postUser('b'))),
    ).toEqual([0, 1, 2]);
  });

  it('hoists a later POST before the first operation that references it', () => {
    const result = plan(postUser('a'), postGroup('g', 'b'), postUser('c'), postUser('b'));
    expect(runOrder(result)).toEqual([0, 3, 1, 2]);
    expect(result.steps.every((step) => step.kind === 'run' && step.deferred.length === 0)).toBe(
      true,
    );
  });

  it('hoists a chain of forward references recursively', () => {
    const result = plan(
      postUser('a', managedBy('b')),
      postUser('b', managedBy('c')),
      postUser('c', managedBy('d')),
      postUser('d'),
    );
    expect(runOrder(result)).toEqual([3, 2, 1, 0]);
  });

  it('hoists the POST an operation path names', () => {
    expect(runOrder(plan({ method: 'DELETE', path: '/Groups/bulkId:g' }, postGroup('g')))).toEqual([
      1, 0,
    ]);
  });

  it('breaks a cycle of two groups by creating the first without its reference and linking it after', () => {
    const result = plan(postGroup('a', 'b'), postGroup('b', 'a'));
    expect(result.steps).toEqual([
      { kind: 'run', index: 0, deferred: ['b'] },
      { kind: 'run', index: 1, deferred: [] },
      { kind: 'link', index: 0, references: ['b'] },
    ]);
  });

  it('breaks a user and manager cycle the same way', () => {
    const result = plan(postUser('u', managedBy('m')), postUser('m', managedBy('u')));
    expect(runOrder(result)).toEqual([0, 1, 'link 0']);
  });

  it('breaks a cycle of three and links before any outside user of the cycle runs', () => {
    const result = plan(
      {
        method: 'PATCH',
        path: '/Groups/bulkId:c',
        data: { Operations: [{ op: 'replace', path: 'displayName', value: 'C' }] },
      },
      postGroup('a', 'b'),
      postGroup('b', 'c'),
      postGroup('c', 'a'),
    );
    expect(result.steps).toEqual([
      { kind: 'run', index: 1, deferred: ['b'] },
      { kind: 'run', index: 2, deferred: ['c'] },
      { kind: 'run', index: 3, deferred: [] },
      { kind: 'link', index: 1, references: ['b'] },
      { kind: 'link', index: 2, references: ['c'] },
      { kind: 'run', index: 0, deferred: [] },
    ]);
  });

  it('defers a self-reference and links it after the creation', () => {
    const result = plan(postGroup('self', 'self'));
    expect(result.steps).toEqual([
      { kind: 'run', index: 0, deferred: ['self'] },
      { kind: 'link', index: 0, references: ['self'] },
    ]);
  });

  it('does not reorder for an operation that already failed planning', () => {
    const result = plan(postGroup('a', 'b', 'missing'), postUser('b'));
    expect(errorOf(result, 0)?.status).toBe(409);
    expect(runOrder(result)).toEqual([0, 1]);
  });

  it('plans a long chain of forward references without exhausting the stack', () => {
    const count = 20_000;
    const operations = Array.from({ length: count }, (_, index) =>
      index === count - 1
        ? postUser(`u${index}`)
        : postUser(`u${index}`, managedBy(`u${index + 1}`)),
    );
    const order = runOrder(plan(...operations));
    expect(order[0]).toBe(count - 1);
    expect(order[count - 1]).toBe(0);
  });
});
