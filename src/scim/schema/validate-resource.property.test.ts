import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { URN } from '../urns.js';
import { createSchemaRegistry } from './schema-registry.js';
import type { ResourceTypeName } from './types.js';
import { validateResource } from './validate-resource.js';

const registry = createSchemaRegistry();

const knownKeys = [
  'schemas',
  'id',
  'externalId',
  'meta',
  'userName',
  'USERNAME',
  'name',
  'displayName',
  'active',
  'password',
  'emails',
  'groups',
  'members',
  'x509Certificates',
  URN.enterpriseUser,
];

/** Bodies near the real shape: known keys (and a few wrong ones) holding arbitrary JSON. */
const nearResource = fc.dictionary(
  fc.oneof(fc.constantFrom(...knownKeys), fc.string({ maxLength: 6 })),
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({ value: fc.jsonValue({ maxDepth: 1 }), primary: fc.jsonValue({ maxDepth: 0 }) }),
    fc.constantFrom<unknown>([URN.user], [URN.enterpriseUser], { employeeNumber: '1' }),
  ),
  { maxKeys: 6 },
);

const bodies = fc.oneof(fc.jsonValue(), nearResource);
const resourceTypes = fc.constantFrom<ResourceTypeName>('User', 'Group');

describe('validateResource properties', () => {
  it('never mutates its input and never throws anything but a ScimError on arbitrary JSON', () => {
    fc.assert(
      fc.property(
        bodies,
        resourceTypes,
        fc.constantFrom('create', 'replace'),
        (body, type, mode) => {
          const before = JSON.stringify(body);
          try {
            validateResource(registry, type, body, {
              mode: mode as 'create' | 'replace',
              existing: { schemas: [URN.user], userName: 'a' },
            });
          } catch (error) {
            expect(isScimError(error)).toBe(true);
          }
          expect(JSON.stringify(body)).toBe(before);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on every body it accepts', () => {
    const name = fc.string({ minLength: 1 }).filter((text) => text.trim() !== '');
    const withRequired = (type: ResourceTypeName, key: string) =>
      fc
        .tuple(nearResource, name)
        .map(([body, value]) => ({ type, body: { ...body, [key]: value } }));
    const accepted = fc.oneof(
      withRequired('User', 'userName'),
      withRequired('Group', 'displayName'),
    );
    fc.assert(
      fc.property(accepted, ({ body, type }) => {
        let once;
        try {
          once = validateResource(registry, type, body, { mode: 'create' });
        } catch {
          return;
        }
        expect(validateResource(registry, type, once, { mode: 'create' })).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });
});
