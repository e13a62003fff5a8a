import { describe, expect, it } from 'vitest';
import { parseAttrPath } from '../path/index.js';
import { catchScimError } from '../path/testing.js';
import { createSchemaRegistry } from '../schema/index.js';
import { URN } from '../urns.js';
import { resolveFilterAttribute, resolveValueFilterAttribute } from './resolve-filter-attribute.js';
import type { FilterPathUse } from './resolve-filter-attribute.js';

const registry = createSchemaRegistry();
const resolve = (text: string, use: FilterPathUse = 'compare') =>
  resolveFilterAttribute(registry, 'User', parseAttrPath(text), use);

describe('resolveFilterAttribute', () => {
  it.each([
    ['USERNAME', 'compare', URN.user, false, 'userName'],
    ['emails', 'compare', URN.user, false, 'emails.value'],
    ['emails', 'present', URN.user, false, 'emails'],
    ['emails', 'valuePath', URN.user, false, 'emails'],
    ['meta.LASTMODIFIED', 'compare', URN.user, false, 'meta.lastModified'],
    ['schemas', 'compare', URN.user, false, 'schemas'],
    [`${URN.enterpriseUser}:manager.value`, 'compare', URN.enterpriseUser, true, 'manager.value'],
    [`${URN.enterpriseUser}:manager`, 'compare', URN.enterpriseUser, true, 'manager.value'],
  ] as const)(
    'resolves %s used for %s to %s (extension %s) %s',
    (text, use, schema, isExtension, path) => {
      expect(resolve(text, use)).toMatchObject({ schema, isExtension, path });
    },
  );

  it('resolves the paths inside a value filter to sub-attributes of the parent', () => {
    const emails = resolve('emails', 'valuePath');
    expect(resolveValueFilterAttribute(emails, parseAttrPath('TYPE'), 'compare')).toMatchObject({
      attribute: { name: 'emails' },
      subAttribute: { name: 'type' },
      path: 'emails.type',
    });
  });

  it.each([
    ['nickname.x', 'compare', 'at 0: unknown attribute "nickname.x" for resource type User'],
    ['name', 'compare', 'at 0: "name" is complex: filter on one of its sub-attributes'],
    [
      'title',
      'valuePath',
      'at 0: "title" is not a complex attribute, so it takes no value filter "[...]"',
    ],
  ] as const)('refuses %s used for %s with invalidFilter', (text, use, detail) => {
    expect(catchScimError(() => resolve(text, use))).toEqual({
      status: 400,
      scimType: 'invalidFilter',
      detail,
    });
  });

  it('refuses the write-only password with sensitive, even for pr', () => {
    expect(catchScimError(() => resolve('password', 'present'))).toMatchObject({
      scimType: 'sensitive',
    });
  });
});
