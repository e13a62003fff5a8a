import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { URN } from '../urns.js';
import enterpriseUser from '../../../test/fixtures/rfc7643/enterprise-user.json' with { type: 'json' };
import fullUser from '../../../test/fixtures/rfc7643/full-user.json' with { type: 'json' };
import rfcGroup from '../../../test/fixtures/rfc7643/group.json' with { type: 'json' };
import { defineAttribute } from './define-attribute.js';
import type { SchemaRegistry } from './schema-registry.js';
import { createSchemaRegistry } from './schema-registry.js';
import type { ResourceTypeName, ScimResource } from './types.js';
import { userSchema } from './user-schema.js';
import { validateResource } from './validate-resource.js';

const registry = createSchemaRegistry();
const create = (input: unknown, type: ResourceTypeName = 'User'): ScimResource =>
  validateResource(registry, type, input, { mode: 'create' });

/** Runs `action` and returns the ScimError it throws, failing the test otherwise. */
function errorOf(action: () => unknown): { status: number; scimType?: string; detail: string } {
  try {
    action();
  } catch (error) {
    if (isScimError(error))
      return { status: error.status, scimType: error.scimType, detail: error.detail };
    throw error;
  }
  throw new Error('expected a ScimError');
}

const withoutServerFields = (resource: Record<string, unknown>): Record<string, unknown> => {
  const { id: _id, meta: _meta, groups: _groups, ...rest } = resource;
  return rest;
};

describe('validateResource with the RFC 7643 examples', () => {
  it('accepts the §8.2 full user and drops only the readOnly id, meta and groups', () => {
    expect(create(fullUser)).toEqual(withoutServerFields(fullUser));
  });

  it('accepts the §8.3 enterprise user and drops the readOnly manager.displayName', () => {
    const expected = withoutServerFields(enterpriseUser);
    const extension = { ...enterpriseUser[URN.enterpriseUser] };
    extension.manager = { ...extension.manager };
    delete (extension.manager as Record<string, unknown>)['displayName'];
    expected[URN.enterpriseUser] = extension;
    expect(create(enterpriseUser)).toEqual(expected);
  });

  it('is idempotent: validating its own output returns the same resource', () => {
    for (const example of [fullUser, enterpriseUser]) {
      const once = create(example);
      expect(create(once)).toEqual(once);
    }
  });

  it('accepts the §8.4 group and keeps members with their display', () => {
    expect(create(rfcGroup, 'Group')).toEqual(withoutServerFields(rfcGroup));
  });

  it('does not mutate the input', () => {
    const copy = structuredClone(enterpriseUser);
    create(enterpriseUser);
    expect(enterpriseUser).toEqual(copy);
  });
});

describe('validateResource body shape', () => {
  it.each([[null], [[]], ['text'], [42]])(
    'returns 400 invalidSyntax when the body is %j',
    (body) => {
      expect(errorOf(() => create(body))).toMatchObject({ status: 400, scimType: 'invalidSyntax' });
    },
  );

  it('matches attribute names case-insensitively and outputs canonical spelling', () => {
    expect(create({ USERNAME: 'bjensen', Name: { GIVENNAME: 'Barbara' } })).toEqual({
      schemas: [URN.user],
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
    });
  });

  it('matches the extension URN case-insensitively and outputs it canonically', () => {
    const result = create({
      userName: 'b',
      [URN.enterpriseUser.toUpperCase()]: { EMPLOYEENUMBER: '7' },
    });
    expect(result).toEqual({
      schemas: [URN.user, URN.enterpriseUser],
      userName: 'b',
      [URN.enterpriseUser]: { employeeNumber: '7' },
    });
  });

  it('returns 400 invalidValue when one attribute is given twice in different cases', () => {
    expect(errorOf(() => create({ userName: 'a', USERNAME: 'b' }))).toMatchObject({
      scimType: 'invalidValue',
    });
  });
});

describe('validateResource schemas', () => {
  it('infers schemas from the endpoint when absent', () => {
    expect(create({ displayName: 'Admins' }, 'Group')['schemas']).toEqual([URN.group]);
  });

  it('adds the extension URN when an extension object is present and schemas are absent', () => {
    expect(create({ userName: 'a', [URN.enterpriseUser]: { division: 'x' } })['schemas']).toEqual([
      URN.user,
      URN.enterpriseUser,
    ]);
  });

  it('adds a missing core URN and canonicalises listed URNs', () => {
    expect(
      create({ schemas: [URN.enterpriseUser.toLowerCase()], userName: 'a' })['schemas'],
    ).toEqual([URN.user, URN.enterpriseUser]);
  });

  it('accepts an extension object whose URN is not listed and lists it', () => {
    const body = { schemas: [URN.user], userName: 'a', [URN.enterpriseUser]: { costCenter: '1' } };
    expect(create(body)['schemas']).toEqual([URN.user, URN.enterpriseUser]);
  });

  it('returns 400 invalidValue naming a URN this resource type does not serve', () => {
    const error = errorOf(() => create({ schemas: [URN.group], userName: 'a' }));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(URN.group);
  });

  it.each([['urn:x'], [[1]], [{}]])('returns 400 invalidValue when schemas is %j', (schemas) => {
    expect(errorOf(() => create({ schemas, userName: 'a' }))).toMatchObject({
      scimType: 'invalidValue',
    });
  });
});

describe('validateResource attributes', () => {
  it('returns 400 invalidValue naming an unknown attribute', () => {
    const error = errorOf(() => create({ userName: 'a', shoeSize: 42 }));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain('shoeSize');
  });

  it('returns 400 invalidValue naming an unknown sub-attribute', () => {
    const error = errorOf(() => create({ userName: 'a', name: { nick: 'x' } }));
    expect(error.detail).toContain('name.nick');
  });

  it('returns 400 invalidValue when an extension is not an object', () => {
    const error = errorOf(() => create({ userName: 'a', [URN.enterpriseUser]: 'x' }));
    expect(error).toMatchObject({ scimType: 'invalidValue' });
    expect(error.detail).toContain(URN.enterpriseUser);
  });

  it('clears on replace the readWrite attributes the body omits', () => {
    const existing = { schemas: [URN.user], userName: 'a', displayName: 'A', nickName: 'n' };
    expect(
      validateResource(registry, 'User', { userName: 'a' }, { mode: 'replace', existing }),
    ).toEqual({ schemas: [URN.user], userName: 'a' });
  });

  it('returns 400 invalidValue naming an unknown extension attribute', () => {
    const error = errorOf(() => create({ userName: 'a', [URN.enterpriseUser]: { grade: 1 } }));
    expect(error).toMatchObject({ scimType: 'invalidValue' });
    expect(error.detail).toContain('grade');
  });

  it('leaves out null values and empty arrays', () => {
    expect(
      create({ userName: 'a', displayName: null, emails: [], name: { givenName: null } }),
    ).toEqual({ schemas: [URN.user], userName: 'a' });
  });

  it('ignores readOnly id, meta and groups sent by the client', () => {
    const body = {
      userName: 'a',
      id: 'client-chosen',
      meta: { resourceType: 'User' },
      groups: [{ value: 'g1' }],
    };
    expect(create(body)).toEqual({ schemas: [URN.user], userName: 'a' });
  });

  it('keeps password in the output for the use-case to hash', () => {
    expect(create({ userName: 'a', password: 's3cret' })['password']).toBe('s3cret');
  });
});

describe('validateResource types', () => {
  it.each([
    ['userName', 42, 'string'],
    ['active', 'True', 'boolean'],
    ['name', 'Barbara', 'object'],
    ['profileUrl', false, 'reference'],
  ])('returns 400 invalidValue naming %s and its type when given %j', (name, value, type) => {
    const error = errorOf(() => create({ userName: 'a', [name]: value }));
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain(name);
    expect(error.detail).toContain(type);
  });

  it('returns 400 invalidValue naming the sub-attribute path for a wrong sub-attribute type', () => {
    const error = errorOf(() =>
      create({ userName: 'a', emails: [{ value: 'x', primary: 'yes' }] }),
    );
    expect(error.detail).toContain('emails.primary');
    expect(error.detail).toContain('boolean');
  });

  it('returns 400 invalidValue when binary data is not base64', () => {
    const error = errorOf(() => create({ userName: 'a', x509Certificates: [{ value: '***' }] }));
    expect(error.detail).toContain('x509Certificates.value');
  });

  it('wraps a single object given for a multi-valued attribute in an array', () => {
    expect(create({ userName: 'a', emails: { value: 'a@example.com' } })['emails']).toEqual([
      { value: 'a@example.com' },
    ]);
  });

  it('returns 400 invalidValue when a single-valued attribute is given an array', () => {
    const error = errorOf(() => create({ userName: ['a', 'b'] }));
    expect(error).toMatchObject({ scimType: 'invalidValue' });
    expect(error.detail).toContain('userName');
  });

  it('returns 400 invalidValue when a multi-valued attribute holds nested arrays', () => {
    expect(errorOf(() => create({ userName: 'a', emails: [[{ value: 'x' }]] }))).toMatchObject({
      scimType: 'invalidValue',
    });
  });
});

describe('validateResource required attributes', () => {
  it.each([[{}], [{ userName: '' }], [{ userName: '  ' }], [{ userName: null }]])(
    'returns 400 invalidValue when userName is missing or blank in %j',
    (body) => {
      const error = errorOf(() => create(body));
      expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
      expect(error.detail).toContain('userName');
    },
  );

  it('returns 400 invalidValue when a Group has no displayName', () => {
    const error = errorOf(() => create({ members: [{ value: '1' }] }, 'Group'));
    expect(error.detail).toContain('displayName');
  });

  it('returns 400 invalidValue when a member has no value', () => {
    const error = errorOf(() => create({ displayName: 'g', members: [{ type: 'User' }] }, 'Group'));
    expect(error.detail).toContain('members.value');
  });

  it('returns 400 invalidValue when an email has no value', () => {
    const error = errorOf(() => create({ userName: 'a', emails: [{ type: 'work' }] }));
    expect(error.detail).toContain('emails.value');
  });

  it('accepts a manager without value, since RFC 7643 §4.3 only recommends it', () => {
    const body = { userName: 'a', [URN.enterpriseUser]: { manager: { $ref: '../Users/1' } } };
    expect(create(body)[URN.enterpriseUser]).toEqual({ manager: { $ref: '../Users/1' } });
  });
});

describe('validateResource multi-valued rules', () => {
  it('returns 400 invalidValue when more than one value is primary', () => {
    const emails = [
      { value: 'a@example.com', primary: true },
      { value: 'b@example.com', primary: true },
    ];
    const error = errorOf(() => create({ userName: 'a', emails }));
    expect(error).toMatchObject({ scimType: 'invalidValue' });
    expect(error.detail).toContain('primary');
  });

  it('does not enforce canonicalValues on type', () => {
    const emails = [{ value: 'a@example.com', type: 'Corporate' }];
    expect(create({ userName: 'a', emails })['emails']).toEqual(emails);
  });

  it('normalises Group members.type to the canonical User or Group', () => {
    const members = [
      { value: '1', type: 'user' },
      { value: '2', type: 'GROUP' },
    ];
    expect(create({ displayName: 'g', members }, 'Group')['members']).toEqual([
      { value: '1', type: 'User' },
      { value: '2', type: 'Group' },
    ]);
  });
});

describe('validateResource immutable attributes on replace', () => {
  const existing = { schemas: [URN.group], displayName: 'g', members: [{ value: '1' }] };

  it('allows members to be added and removed although their sub-attributes are immutable', () => {
    const result = validateResource(
      registry,
      'Group',
      { displayName: 'g', members: [{ value: '2' }] },
      { mode: 'replace', existing },
    );
    expect(result['members']).toEqual([{ value: '2' }]);
  });

  // No User or Group attribute is immutable at the top level, so a registry with one is built.
  const badge = defineAttribute({
    name: 'badge',
    type: 'string',
    description: 'b',
    mutability: 'immutable',
  });
  const immutableRegistry: SchemaRegistry = {
    ...registry,
    schema: (urn) =>
      urn.toLowerCase() === URN.user.toLowerCase()
        ? { ...userSchema, attributes: [...userSchema.attributes, badge] }
        : registry.schema(urn),
  };
  const replace = (input: unknown, stored: ScimResource): ScimResource =>
    validateResource(immutableRegistry, 'User', input, { mode: 'replace', existing: stored });
  const stored = { schemas: [URN.user], userName: 'a', badge: 'B-1' };

  it('returns 400 mutability when an immutable attribute changes value on replace', () => {
    const error = errorOf(() => replace({ userName: 'a', badge: 'B-2' }, stored));
    expect(error).toMatchObject({ status: 400, scimType: 'mutability' });
    expect(error.detail).toContain('badge');
  });

  it('accepts an immutable attribute repeated with an equal value', () => {
    expect(replace({ userName: 'a', badge: 'b-1' }, stored)['badge']).toBe('b-1');
  });

  it('keeps the stored immutable value when a replace omits it', () => {
    expect(replace({ userName: 'a' }, stored)['badge']).toBe('B-1');
  });

  it('accepts a first value for an immutable attribute that had none', () => {
    expect(replace({ userName: 'a', badge: 'B-9' }, { userName: 'a' })['badge']).toBe('B-9');
  });
});
