import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import { applyPatch } from './apply-patch.js';
import { deepFreeze, group, patch, refuse, registry, user } from './fixtures/patch-test-support.js';

const enterprise = URN.enterpriseUser;

describe('applyPatch add (RFC 7644 §3.5.2.1)', () => {
  it('sets a single-valued attribute named by path', () => {
    expect(patch(user, { op: 'add', path: 'nickName', value: 'Babs' }).nickName).toBe('Babs');
  });

  it('merges a complex value into the existing one, keeping unnamed sub-attributes', () => {
    const result = patch(user, { op: 'add', path: 'name', value: { middleName: 'Jane' } });
    expect(result.name).toEqual({ familyName: 'Jensen', givenName: 'Barbara', middleName: 'Jane' });
  });

  it('sets a sub-attribute named by a dotted path', () => {
    const result = patch(user, { op: 'add', path: 'name.honorificPrefix', value: 'Ms.' });
    expect(result.name).toEqual({
      familyName: 'Jensen',
      givenName: 'Barbara',
      honorificPrefix: 'Ms.',
    });
  });

  it('appends to a multi-valued attribute without duplicating an equal value', () => {
    const result = patch(user, {
      op: 'add',
      path: 'emails',
      value: [
        { value: 'BJENSEN@example.com', type: 'work', primary: true },
        { value: 'b@example.org', type: 'other' },
      ],
    });
    expect(result.emails).toEqual([
      ...(user.emails as unknown[]),
      { value: 'b@example.org', type: 'other' },
    ]);
  });

  it('adds an extension attribute by URN-qualified path and lists the extension in schemas', () => {
    const result = patch(user, {
      op: 'add',
      path: `${enterprise}:manager`,
      value: { value: 'boss' },
    });
    expect(result[enterprise]).toEqual({ manager: { value: 'boss' } });
    expect(result.schemas).toEqual([URN.user, enterprise]);
  });

  it('adds an extension sub-attribute by URN-qualified dotted path', () => {
    const result = patch(user, { op: 'add', path: `${enterprise}:manager.value`, value: 'boss' });
    expect(result[enterprise]).toEqual({ manager: { value: 'boss' } });
  });

  it('merges a path-less value object, extension URN key included', () => {
    const result = patch(user, {
      op: 'add',
      value: {
        title: 'Tour Guide',
        [enterprise]: { employeeNumber: '701984', department: 'Tour Operations' },
      },
    });
    expect(result.title).toBe('Tour Guide');
    expect(result[enterprise]).toEqual({ employeeNumber: '701984', department: 'Tour Operations' });
    expect(result.schemas).toEqual([URN.user, enterprise]);
  });

  it('creates the value an add targets through an eq value filter that matches nothing', () => {
    const result = patch(user, {
      op: 'add',
      path: 'phoneNumbers[type eq "work"].value',
      value: '555-555-8377',
    });
    expect(result.phoneNumbers).toEqual([{ value: '555-555-8377', type: 'work' }]);
  });

  it('returns 400 noTarget when an add value filter that is not an equality matches nothing', () => {
    const error = refuse(user, {
      op: 'add',
      path: 'emails[value co "nowhere"].display',
      value: 'x',
    });
    expect([error.status, error.scimType]).toEqual([400, 'noTarget']);
  });

  it('merges an object into every value a value filter selects', () => {
    const result = patch(user, {
      op: 'add',
      path: 'addresses[type eq "home"]',
      value: { region: 'CA' },
    });
    expect(result.addresses).toEqual([
      (user.addresses as unknown[])[0],
      { type: 'home', streetAddress: '456 Hollywood Blvd', locality: 'Hollywood', region: 'CA' },
    ]);
  });
});

describe('applyPatch remove (RFC 7644 §3.5.2.2)', () => {
  it('returns 400 noTarget when a remove has no path', () => {
    expect(refuse(user, { op: 'remove' }).scimType).toBe('noTarget');
  });

  it('returns 400 noTarget when a remove value path matches no member', () => {
    const error = refuse(group, { op: 'remove', path: 'members[value eq "not-a-member"]' });
    expect([error.status, error.scimType]).toEqual([400, 'noTarget']);
  });

  it('removes the members an or of value equalities selects', () => {
    const result = patch(group, {
      op: 'remove',
      path: 'members[value eq "2819c223-7f76-453a-919d-413861904646" or value eq "902c246b-6245-4190-8e05-00816be7344a"]',
    });
    expect(result.members).toBeUndefined();
  });

  it('removes a sub-attribute of the selected values only', () => {
    const result = patch(user, { op: 'remove', path: 'addresses[type eq "home"].locality' });
    expect(result.addresses).toEqual([
      (user.addresses as unknown[])[0],
      { type: 'home', streetAddress: '456 Hollywood Blvd' },
    ]);
  });

  it('removes a sub-attribute and drops the complex attribute once empty', () => {
    const once = patch(user, { op: 'remove', path: 'name.givenName' });
    expect(once.name).toEqual({ familyName: 'Jensen' });
    expect(patch(once, { op: 'remove', path: 'name.familyName' }).name).toBeUndefined();
  });

  it('drops an emptied extension and its URN from schemas', () => {
    const withExtension = patch(user, {
      op: 'add',
      path: `${enterprise}:department`,
      value: 'Sales',
    });
    const result = patch(withExtension, { op: 'remove', path: `${enterprise}:department` });
    expect(result).toEqual(user);
  });

  it('removes a whole extension named by its URN', () => {
    const withExtension = patch(user, {
      op: 'add',
      value: { [enterprise]: { department: 'Sales', costCenter: '4130' } },
    });
    expect(patch(withExtension, { op: 'remove', path: enterprise })).toEqual(user);
  });

  it('returns 400 invalidValue when removing the required userName', () => {
    const error = refuse(user, { op: 'remove', path: 'userName' });
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
  });

  it('returns 400 invalidValue when replacing the required displayName of a group with null', () => {
    expect(refuse(group, { op: 'replace', path: 'displayName', value: null }).scimType).toBe(
      'invalidValue',
    );
  });

  it('returns 400 invalidValue when a remove of a whole multi-valued attribute carries a value', () => {
    const error = refuse(group, { op: 'remove', path: 'members', value: [{ value: 'x' }] });
    expect(error.scimType).toBe('invalidValue');
  });

  it('removes nothing, and succeeds, when the attribute is already absent', () => {
    expect(applyPatch(registry, 'User', user, [{ op: 'remove', path: 'nickName' }]).changed).toBe(
      false,
    );
  });
});

describe('applyPatch replace (RFC 7644 §3.5.2.3)', () => {
  it('replaces the whole set of a multi-valued attribute given without filter', () => {
    const result = patch(user, {
      op: 'replace',
      path: 'emails',
      value: [{ value: 'new@example.com' }],
    });
    expect(result.emails).toEqual([{ value: 'new@example.com' }]);
  });

  it('replaces the members with an empty list, leaving none', () => {
    expect(patch(group, { op: 'replace', path: 'members', value: [] }).members).toBeUndefined();
  });

  it('returns 400 noTarget when a replace value filter matches nothing', () => {
    const error = refuse(user, {
      op: 'replace',
      path: 'emails[type eq "other"].value',
      value: 'x@example.com',
    });
    expect([error.status, error.scimType]).toEqual([400, 'noTarget']);
  });

  it('deactivates a user with a path-less replace of active, as Okta sends', () => {
    expect(patch(user, { op: 'replace', value: { active: false } }).active).toBe(false);
  });

  it('renames a group whose path-less value repeats its own id, as Okta sends', () => {
    const result = patch(group, { op: 'replace', value: { id: group.id, displayName: 'Guides' } });
    expect([result.id, result.displayName]).toEqual([group.id, 'Guides']);
  });

  it('reports changed false when the replacement equals the current value', () => {
    const result = applyPatch(registry, 'User', user, [
      { op: 'replace', path: 'displayName', value: 'Babs Jensen' },
    ]);
    expect(result).toEqual({ resource: user, changed: false });
  });
});

describe('applyPatch rules shared by every op', () => {
  it.each([
    ['replace id', { op: 'replace', path: 'id', value: 'other' }],
    ['remove meta', { op: 'remove', path: 'meta' }],
    [
      'replace meta.lastModified',
      { op: 'replace', path: 'meta.lastModified', value: '2020-01-01T00:00:00Z' },
    ],
    ['add groups', { op: 'add', path: 'groups', value: [{ value: 'x' }] }],
    ['path-less replace of id', { op: 'replace', value: { id: 'other' } }],
  ] as const)('returns 400 mutability on %s, a readOnly attribute', (_name, operation) => {
    const error = refuse(user, operation);
    expect([error.status, error.scimType]).toEqual([400, 'mutability']);
  });

  it('returns 400 mutability when changing the immutable value of a member', () => {
    const path = 'members[value eq "2819c223-7f76-453a-919d-413861904646"].value';
    expect(refuse(group, { op: 'replace', path, value: 'other' }).scimType).toBe('mutability');
  });

  it('returns 400 mutability when replacing a member with one of a different value', () => {
    const path = 'members[value eq "2819c223-7f76-453a-919d-413861904646"]';
    expect(refuse(group, { op: 'replace', path, value: { value: 'other' } }).scimType).toBe(
      'mutability',
    );
  });

  it('clears primary on the other values when one value is made primary', () => {
    const result = patch(user, {
      op: 'replace',
      path: 'emails[type eq "home"].primary',
      value: true,
    });
    expect(result.emails).toEqual([
      { value: 'bjensen@example.com', type: 'work' },
      { value: 'babs@jensen.org', type: 'home', primary: true },
    ]);
  });

  it('clears primary on the existing values when a new primary value is added', () => {
    const result = patch(user, {
      op: 'add',
      path: 'emails',
      value: { value: 'n@example.com', primary: true },
    });
    expect(
      (result.emails as { primary?: boolean }[]).filter((email) => email.primary),
    ).toHaveLength(1);
    expect((result.emails as unknown[])[2]).toEqual({ value: 'n@example.com', primary: true });
  });

  it.each([
    ['a string for the boolean active', { op: 'replace', path: 'active', value: 'yes' }],
    ['a number for an email value', { op: 'add', path: 'emails', value: [{ value: 42 }] }],
    ['a string for the complex name', { op: 'replace', path: 'name', value: 'Barbara' }],
    ['a string for a path-less value', { op: 'replace', value: 'Barbara' }],
    [
      'an object for a filtered sub-attribute',
      { op: 'replace', path: 'emails[type eq "work"].value', value: {} },
    ],
  ] as const)('returns 400 invalidValue for %s', (_name, operation) => {
    const error = refuse(user, operation);
    expect([error.status, error.scimType]).toEqual([400, 'invalidValue']);
  });

  it.each([
    ['an undefined attribute', { op: 'replace', path: 'favoriteColor', value: 'red' }],
    ['an undefined attribute in a path-less value', { op: 'add', value: { favoriteColor: 'red' } }],
    ['an undefined sub-attribute', { op: 'replace', path: 'name.nickname', value: 'x' }],
    ['a malformed path', { op: 'replace', path: 'emails[type eq "work"', value: 'x' }],
    [
      'a value filter on a single-valued attribute',
      { op: 'replace', path: 'title[value eq "x"]', value: 'x' },
    ],
    ['a value filter naming no sub-attribute', { op: 'remove', path: 'emails[colour eq "red"]' }],
    ['an unknown schema URN', { op: 'replace', path: 'urn:example:nope:title', value: 'x' }],
  ] as const)('returns 400 invalidPath for %s', (_name, operation) => {
    const error = refuse(user, operation);
    expect([error.status, error.scimType]).toEqual([400, 'invalidPath']);
  });

  it('reads attribute names case-insensitively and writes them canonically', () => {
    const result = patch(
      user,
      { op: 'replace', path: 'NAME.FAMILYNAME', value: 'Smith' },
      {
        op: 'replace',
        value: { NICKNAME: 'Babs', EMAILS: [{ VALUE: 'b@example.com', Type: 'work' }] },
      },
      {
        op: 'add',
        path: 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department',
        value: 'Tours',
      },
    );
    expect(result.name).toEqual({ familyName: 'Smith', givenName: 'Barbara' });
    expect(result.nickName).toBe('Babs');
    expect(result.emails).toEqual([{ value: 'b@example.com', type: 'work' }]);
    expect(result[enterprise]).toEqual({ department: 'Tours' });
  });

  it('applies all operations or none, naming the failing operation', () => {
    const frozen = deepFreeze(structuredClone(user));
    const error = refuse(
      frozen,
      { op: 'replace', path: 'title', value: 'Changed' },
      { op: 'remove', path: 'emails[type eq "other"]' },
    );
    expect(error.detail).toMatch(/^Operations\[1\]: /);
    expect(frozen).toEqual(user);
  });

  it('applies operations in order', () => {
    const result = patch(
      user,
      { op: 'replace', path: 'title', value: 'First' },
      { op: 'replace', path: 'title', value: 'Second' },
      { op: 'remove', path: 'nickName' },
    );
    expect(result.title).toBe('Second');
  });
});
