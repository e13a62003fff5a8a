import { describe, expect, it } from 'vitest';
import { URN } from '../urns.js';
import enterpriseUser from '../../../test/fixtures/rfc7643/enterprise-user.json' with { type: 'json' };
import { projectResource } from './project-resource.js';
import type { ProjectOptions } from './project-resource.js';
import { createSchemaRegistry } from './schema-registry.js';
import type { ScimResource } from './types.js';

const registry = createSchemaRegistry();
const stored: ScimResource = structuredClone(enterpriseUser);
const project = (options: ProjectOptions, resource: ScimResource = stored): ScimResource =>
  projectResource(registry, 'User', resource, options);

describe('projectResource returned characteristics', () => {
  it('always removes returned:never password', () => {
    expect(project({})).not.toHaveProperty('password');
    expect(project({ attributes: ['password'] })).not.toHaveProperty('password');
  });

  it('returns every default attribute when nothing is requested', () => {
    const { password: _password, ...expected } = stored;
    expect(project({})).toEqual(expected);
  });

  it('always keeps id and schemas, even when excluded', () => {
    const result = project({ excludedAttributes: ['id', 'schemas', 'userName'] });
    expect(result['id']).toBe(stored['id']);
    expect(result['schemas']).toEqual(stored['schemas']);
    expect(result).not.toHaveProperty('userName');
  });

  it('keeps only always attributes and the named ones when attributes is given', () => {
    expect(project({ attributes: ['userName'] })).toEqual({
      schemas: stored['schemas'],
      id: stored['id'],
      userName: stored['userName'],
    });
  });

  it('returns meta by default and when named', () => {
    expect(project({})['meta']).toEqual(stored['meta']);
    expect(project({ attributes: ['meta'] })['meta']).toEqual(stored['meta']);
  });
});

describe('projectResource attribute paths', () => {
  it('keeps the parent with only the named sub-attribute', () => {
    expect(project({ attributes: ['name.givenName'] })['name']).toEqual({ givenName: 'Barbara' });
  });

  it('keeps only the named sub-attribute in every value of a multi-valued attribute', () => {
    expect(project({ attributes: ['emails.value'] })['emails']).toEqual([
      { value: 'bjensen@example.com' },
      { value: 'babs@jensen.org' },
    ]);
  });

  it('matches paths case-insensitively', () => {
    expect(project({ attributes: ['USERNAME', 'Name.FamilyName'] })).toMatchObject({
      userName: 'bjensen@example.com',
      name: { familyName: 'Jensen' },
    });
  });

  it('accepts core-URN-qualified paths', () => {
    expect(project({ attributes: [`${URN.user}:name.familyName`] })['name']).toEqual({
      familyName: 'Jensen',
    });
  });

  it('keeps the whole extension object when its URN is named', () => {
    const result = project({ attributes: [URN.enterpriseUser] });
    expect(result[URN.enterpriseUser]).toEqual(stored[URN.enterpriseUser]);
    expect(result).not.toHaveProperty('userName');
  });

  it('keeps one extension attribute named by its URN-qualified path, in any case', () => {
    const path = `${URN.enterpriseUser}:employeeNumber`.toUpperCase();
    expect(project({ attributes: [path] })[URN.enterpriseUser]).toEqual({
      employeeNumber: '701984',
    });
  });

  it('keeps an extension sub-attribute named by its URN-qualified dotted path', () => {
    const result = project({ attributes: [`${URN.enterpriseUser}:manager.value`] });
    expect(result[URN.enterpriseUser]).toEqual({
      manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' },
    });
  });

  it('ignores unknown paths', () => {
    expect(project({ attributes: ['userName', 'shoeSize', 'name.nick', 'urn:x:y'] })).toEqual({
      schemas: stored['schemas'],
      id: stored['id'],
      userName: stored['userName'],
    });
    expect(project({ excludedAttributes: ['shoeSize'] })).toEqual(project({}));
  });
});

describe('projectResource excludedAttributes', () => {
  it('removes excluded default attributes', () => {
    const result = project({ excludedAttributes: ['emails', 'meta'] });
    expect(result).not.toHaveProperty('emails');
    expect(result).not.toHaveProperty('meta');
    expect(result['userName']).toBe(stored['userName']);
  });

  it('removes only an excluded sub-attribute', () => {
    expect(project({ excludedAttributes: ['name.middleName'] })['name']).not.toHaveProperty(
      'middleName',
    );
    expect(project({ excludedAttributes: ['name.middleName'] })['name']).toHaveProperty(
      'givenName',
    );
  });

  it('removes the whole extension object when its URN is excluded', () => {
    expect(project({ excludedAttributes: [URN.enterpriseUser] })).not.toHaveProperty(
      URN.enterpriseUser,
    );
  });
});

describe('projectResource purity', () => {
  it('does not mutate the resource', () => {
    const copy = structuredClone(stored);
    project({ attributes: ['name.givenName', 'emails.value'] });
    project({ excludedAttributes: ['name.middleName'] });
    expect(stored).toEqual(copy);
  });

  it('projects a Group: members named, displayName excluded', () => {
    const group = {
      schemas: [URN.group],
      id: 'g1',
      displayName: 'Admins',
      members: [{ value: 'u1', display: 'Babs' }],
    };
    expect(projectResource(registry, 'Group', group, { attributes: ['members.value'] })).toEqual({
      schemas: [URN.group],
      id: 'g1',
      members: [{ value: 'u1' }],
    });
    expect(
      projectResource(registry, 'Group', group, { excludedAttributes: ['displayName'] }),
    ).not.toHaveProperty('displayName');
  });
});
