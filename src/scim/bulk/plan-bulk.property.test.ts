import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { parseBulkRequest } from './parse-bulk-request.js';
import { planBulk } from './plan-bulk.js';
import type { BulkMethod, BulkOperationRequest, BulkRequestMessage } from './types.js';

const bulkIds = ['a', 'b', 'c', 'd', 'e'];
const reference = fc.constantFrom(...bulkIds.map((bulkId) => `bulkId:${bulkId}`));

const data: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.record({
    members: fc.array(fc.record({ value: fc.oneof(reference, fc.string()) }), { maxLength: 3 }),
  }),
  fc.record({
    manager: fc.record({ value: reference }),
    nested: fc.array(fc.array(reference, { maxLength: 2 }), { maxLength: 2 }),
  }),
  fc.record({
    Operations: fc.array(
      fc.record({
        op: fc.constantFrom('add', 'remove', 'replace'),
        path: fc.oneof(
          reference.map((value) => `members[value eq "${value}"]`),
          fc.constant('members'),
          fc.string(),
        ),
        value: fc.oneof(reference, fc.array(fc.record({ value: reference }), { maxLength: 2 })),
      }),
      { maxLength: 3 },
    ),
  }),
);

const operation = fc.record({
  method: fc.constantFrom<BulkMethod>('POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE'),
  bulkId: fc.oneof(fc.constantFrom(...bulkIds), fc.constant(null), fc.constant('')),
  version: fc.oneof(fc.constant(null), fc.string()),
  path: fc.constantFrom(
    '/Users',
    '/Groups',
    '/Group',
    '/Users/1',
    '/Groups/2',
    '/Groups/bulkId:a',
    '/Users/bulkId:c',
    '',
    '/x/y/z',
  ),
  data,
});

const request: fc.Arbitrary<BulkRequestMessage> = fc
  .array(operation, { maxLength: 12 })
  .map((operations) => ({
    failOnErrors: null,
    operations: operations.map((entry, index): BulkOperationRequest => ({ index, ...entry })),
  }));

describe('planBulk properties', () => {
  it('never throws, and runs every operation exactly once', () => {
    fc.assert(
      fc.property(request, (message) => {
        const plan = planBulk(message);
        const runs = plan.steps.flatMap((step) => (step.kind === 'run' ? [step.index] : []));
        expect([...runs].sort((x, y) => x - y)).toEqual(
          message.operations.map((entry) => entry.index),
        );
        expect(plan.operations.map((planned) => planned.index)).toEqual(
          runs.slice().sort((x, y) => x - y),
        );
      }),
    );
  });

  it('runs the POST behind every reference before its user, unless the reference is deferred and linked after', () => {
    fc.assert(
      fc.property(request, (message) => {
        const plan = planBulk(message);
        const position = new Map<string, number>();
        plan.steps.forEach((step, at) => position.set(`${step.kind} ${step.index}`, at));
        for (const planned of plan.operations) {
          if (planned.error !== undefined) continue;
          const run = plan.steps.find(
            (step) => step.kind === 'run' && step.index === planned.index,
          );
          const deferred = run?.kind === 'run' ? run.deferred : [];
          const at = position.get(`run ${planned.index}`) ?? -1;
          for (const bulkId of planned.references) {
            const definer = message.operations.filter(
              (entry) => entry.method === 'POST' && entry.bulkId === bulkId,
            );
            expect(definer).toHaveLength(1);
            const definerAt = position.get(`run ${definer[0]?.index}`) ?? Infinity;
            if (deferred.includes(bulkId)) {
              expect(planned.method).toBe('POST');
              const linkAt = position.get(`link ${planned.index}`) ?? -1;
              expect(linkAt).toBeGreaterThan(Math.max(at, definerAt));
            } else {
              expect(definerAt).toBeLessThan(at);
            }
          }
        }
      }),
    );
  });

  it('links exactly the operations that deferred something, each once, after its run', () => {
    fc.assert(
      fc.property(request, (message) => {
        const plan = planBulk(message);
        plan.steps.forEach((step, at) => {
          if (step.kind !== 'link') return;
          const runAt = plan.steps.findIndex(
            (other) => other.kind === 'run' && other.index === step.index,
          );
          const run = plan.steps[runAt];
          expect(run?.kind === 'run' ? run.deferred : []).toEqual(step.references);
          expect(runAt).toBeLessThan(at);
        });
        const deferring = plan.steps.filter(
          (step) => step.kind === 'run' && step.deferred.length > 0,
        ).length;
        expect(plan.steps.filter((step) => step.kind === 'link')).toHaveLength(deferring);
      }),
    );
  });
});

describe('parseBulkRequest properties', () => {
  it('either returns a message or throws a ScimError for any JSON body', () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({
        Operations: fc.array(
          fc.dictionary(
            fc.constantFrom('method', 'path', 'bulkId', 'data', 'version'),
            fc.jsonValue(),
          ),
        ),
      }),
    );
    fc.assert(
      fc.property(body, (value) => {
        try {
          const message = parseBulkRequest(value, { maxOperations: 5, maxPayloadSize: 1 });
          planBulk(message);
        } catch (error) {
          expect(isScimError(error)).toBe(true);
        }
      }),
    );
  });
});
