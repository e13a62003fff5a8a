import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import { createSchemaRegistry } from './schema-registry.js';

const registry = createSchemaRegistry();

describe('createSchemaRegistry', () => {
  it('serves the User and Group resource types with their endpoints and schemas', () => {
    expect(registry.resourceTypes().map((t) => [t.name, t.endpoint, t.schema])).toEqual([
      ['User', '/Users', URN.user],
      ['Group', '/Groups', URN.group],
    ]);
    expect(registry.resourceType('User').schemaExtensions).toEqual([
      { schema: URN.enterpriseUser, required: false },
    ]);
  });

  it('finds schemas by URN case-insensitively', () => {
    expect(registry.schema(URN.enterpriseUser.toUpperCase())?.name).toBe('EnterpriseUser');
    expect(registry.schema('urn:unknown')).toBeUndefined();
  });

  it('builds independent registries with frozen data', () => {
    expect(createSchemaRegistry()).not.toBe(registry);
    expect(Object.isFrozen(registry.schemas()[0]?.attributes[0])).toBe(true);
  });

  it('carries the RFC 7643 §8.7.1 characteristics of userName', () => {
    expect(registry.resolveAttribute('User', { attribute: 'userName' })?.attribute).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
  });
});

describe('SchemaRegistry.resolveAttribute', () => {
  it('resolves a core attribute case-insensitively to its canonical path', () => {
    expect(registry.resolveAttribute('User', { attribute: 'USERNAME' })).toMatchObject({
      schema: URN.user,
      isExtension: false,
      path: 'userName',
    });
  });

  it('resolves a sub-attribute to the dotted canonical path', () => {
    const resolved = registry.resolveAttribute('User', {
      attribute: 'emails',
      subAttribute: 'VALUE',
    });
    expect(resolved?.path).toBe('emails.value');
    expect(resolved?.subAttribute?.name).toBe('value');
  });

  it('resolves common attributes under the core URN', () => {
    expect(
      registry.resolveAttribute('Group', { attribute: 'meta', subAttribute: 'lastmodified' }),
    ).toMatchObject({ schema: URN.group, isExtension: false, path: 'meta.lastModified' });
    expect(
      registry.resolveAttribute('User', { attribute: 'externalid' })?.attribute.caseExact,
    ).toBe(true);
  });

  it('resolves an extension attribute only through its URN', () => {
    expect(
      registry.resolveAttribute('User', {
        schema: URN.enterpriseUser.toLowerCase(),
        attribute: 'employeenumber',
      }),
    ).toMatchObject({ schema: URN.enterpriseUser, isExtension: true, path: 'employeeNumber' });
    expect(registry.resolveAttribute('User', { attribute: 'employeeNumber' })).toBeUndefined();
  });

  it('accepts the core URN as a prefix', () => {
    expect(
      registry.resolveAttribute('User', {
        schema: URN.user,
        attribute: 'name',
        subAttribute: 'givenName',
      })?.path,
    ).toBe('name.givenName');
  });

  it('returns undefined for unknown names and URNs of other resource types', () => {
    expect(registry.resolveAttribute('User', { attribute: 'shoeSize' })).toBeUndefined();
    expect(
      registry.resolveAttribute('User', { attribute: 'name', subAttribute: 'nick' }),
    ).toBeUndefined();
    expect(
      registry.resolveAttribute('User', { attribute: 'userName', subAttribute: 'x' }),
    ).toBeUndefined();
    expect(
      registry.resolveAttribute('Group', { schema: URN.user, attribute: 'userName' }),
    ).toBeUndefined();
    expect(
      registry.resolveAttribute('Group', { schema: URN.enterpriseUser, attribute: 'division' }),
    ).toBeUndefined();
  });
});
