import { describe, expect, it } from 'vitest';
import { catchScimError } from '../path/testing.js';
import { createSchemaRegistry } from '../schema/index.js';
import { parseFilter } from './parse-filter.js';
import { resolveFilter } from './resolve-filter.js';
import rfcFilters from './rfc7644-filters.json' with { type: 'json' };

const registry = createSchemaRegistry();
const ent = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('resolveFilter', () => {
  it.each(rfcFilters.map(({ filter }) => filter))(
    'accepts the RFC 7644 example %s for User',
    (text) => {
      const filter = parseFilter(text);
      expect(resolveFilter(registry, 'User', filter)).toBe(filter);
    },
  );

  it.each([
    ['Group', 'displayName eq "Tour Guides"'],
    ['Group', 'members.value eq "2819c223"'],
    ['Group', 'members[value eq "2819c223" and type eq "User"]'],
    ['User', `${ent}:manager.value eq "26118915"`],
    ['User', 'emails[type eq "work"] and meta.created ge "2011-05-13T04:42:34.5+02:00"'],
    ['User', 'emails eq null or nickName ne null'],
    ['User', 'x509Certificates.value eq "TUlJ"'],
  ] as const)('accepts, for %s, %s', (resourceType, text) => {
    expect(() => resolveFilter(registry, resourceType, parseFilter(text))).not.toThrow();
  });

  it.each([
    ['User', 'fooBar eq "x"', 'at 0: unknown attribute "fooBar" for resource type User'],
    [
      'User',
      'title pr and name.nickName eq "x"',
      'at 13: unknown attribute "name.nickName" for resource type User',
    ],
    ['User', `${ent}:nope pr`, `at 0: unknown attribute "${ent}:nope" for resource type User`],
    [
      'User',
      'employeeNumber eq "1"',
      'at 0: unknown attribute "employeeNumber" for resource type User',
    ],
    ['Group', 'userName eq "x"', 'at 0: unknown attribute "userName" for resource type Group'],
    [
      'Group',
      `${ent}:employeeNumber pr`,
      `at 0: unknown attribute "${ent}:employeeNumber" for resource type Group`,
    ],
    ['User', 'active gt true', 'at 0: "active" is a boolean: "gt" is not defined on booleans'],
    ['User', 'active co "t"', 'at 0: "active" is a boolean: "co" applies only to strings'],
    ['User', 'active eq "true"', 'at 0: "active" is a boolean: compare it with true or false'],
    [
      'User',
      'x509Certificates.value lt "TUlJ"',
      'at 0: "x509Certificates.value" is binary: "lt" is not defined on binary values',
    ],
    [
      'User',
      'meta.lastModified gt "yesterday"',
      'at 0: "meta.lastModified" is a dateTime: compare it with a string like "2011-05-13T04:42:34Z"',
    ],
    [
      'User',
      'meta.lastModified sw "2011"',
      'at 0: "meta.lastModified" is a dateTime: "sw" applies only to strings',
    ],
    [
      'User',
      'meta.created eq 2011',
      'at 0: "meta.created" is a dateTime: compare it with a string like "2011-05-13T04:42:34Z"',
    ],
    ['User', 'userName eq 42', 'at 0: "userName" is a string: compare it with a JSON string'],
    ['User', 'userName gt null', 'at 0: null can only be compared with eq or ne'],
    ['User', 'name eq "Babs"', 'at 0: "name" is complex: filter on one of its sub-attributes'],
    ['User', 'name eq null', 'at 0: "name" is complex: filter on one of its sub-attributes'],
    [
      'User',
      'userName[value eq "x"]',
      'at 0: "userName" is not a complex attribute, so it takes no value filter "[...]"',
    ],
    ['User', 'emails[kind eq "work"]', 'at 7: unknown sub-attribute "kind" of "emails"'],
    [
      'User',
      'emails[emails.type eq "work"]',
      'at 7: "emails.type" inside "emails[...]" must be a plain sub-attribute name of "emails"',
    ],
    [
      'User',
      'emails[primary eq "yes"]',
      'at 7: "primary" is a boolean: compare it with true or false',
    ],
  ] as const)('returns 400 invalidFilter for %s %s', (resourceType, text, detail) => {
    expect(catchScimError(() => resolveFilter(registry, resourceType, parseFilter(text)))).toEqual({
      status: 400,
      scimType: 'invalidFilter',
      detail,
    });
  });

  it.each(['password eq "t1meMa$heen"', 'password pr', 'userName eq "x" or not (PASSWORD sw "t")'])(
    'returns 400 sensitive for a filter on the write-only password: %s',
    (text) => {
      const error = catchScimError(() => resolveFilter(registry, 'User', parseFilter(text)));
      expect(error).toMatchObject({ status: 400, scimType: 'sensitive' });
      expect(error.detail).toContain('POST /.search');
    },
  );
});
