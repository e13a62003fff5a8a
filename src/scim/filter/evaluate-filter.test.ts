import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScimError } from '../errors.js';
import { parsePatchPath } from '../path/index.js';
import type { Filter } from '../path/index.js';
import { catchScimError } from '../path/testing.js';
import { createSchemaRegistry } from '../schema/index.js';
import type { ResourceTypeName, ScimResource } from '../schema/index.js';
import { evaluateFilter, matchesValueFilter } from './evaluate-filter.js';
import enterpriseUser from '../../../test/fixtures/rfc7643/enterprise-user.json' with { type: 'json' };
import fullUser from '../../../test/fixtures/rfc7643/full-user.json' with { type: 'json' };
import group from '../../../test/fixtures/rfc7643/group.json' with { type: 'json' };
import { parseFilter } from './parse-filter.js';
import { resolveFilter } from './resolve-filter.js';

const registry = createSchemaRegistry();
const matches = (resourceType: ResourceTypeName, text: string, resource: ScimResource): boolean =>
  evaluateFilter(registry, resourceType, parseFilter(text), resource);

const ent = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('evaluateFilter on the RFC 7643 §8.2 full user', () => {
  it.each([
    ['userName eq "bjensen@example.com"', true],
    ['userName eq "BJENSEN@EXAMPLE.COM"', true],
    ['USERNAME Eq "bjensen@example.com"', true],
    ['userName ne "bjensen@example.com"', false],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bjensen"', true],
    ['id eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['id eq "2819C223-7F76-453A-919D-413861904646"', false],
    ['externalId eq "701984"', true],
    ['name.familyName co "ens"', true],
    ['name.familyName sw "jen"', true],
    ['name.familyName ew "SEN"', true],
    ['name.familyName ew "Jen"', false],
    ['name.honorificPrefix eq "ms."', true],
    ['displayName eq "babs jensen"', true],
    ['title pr', true],
    ['not (title pr)', false],
    ['emails co "example.com"', true],
    ['emails co "example.org"', false],
    ['emails.value ew "JENSEN.ORG"', true],
    ['emails.type eq "home"', true],
    ['emails.type ne "home"', false],
    ['emails.type ne "other"', true],
    ['emails[type eq "work" and value co "@example.com"]', true],
    ['emails[type eq "home" and value co "@example.com"]', false],
    ['emails.type eq "home" and emails.value co "@example.com"', true],
    ['emails[primary eq true]', true],
    ['emails[type eq "home" and primary eq true]', false],
    ['emails[not (primary pr)]', true],
    ['emails[type eq home]', true],
    ['ims[type eq "xmpp" and value co "@foo.com"]', false],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      true,
    ],
    ['userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', true],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      false,
    ],
    ['userType eq "Employee" and (emails.type eq "work")', true],
    ['title pr and userType eq "Employee"', true],
    ['title pr or userType eq "Intern"', true],
    ['userType eq "Intern" or title eq "nobody"', false],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', false],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', true],
    ['meta.lastModified lt "2011-05-13T04:42:35Z"', true],
    ['meta.lastModified le "2011-05-13T04:42:33.999Z"', false],
    ['meta.lastModified eq "2011-05-13T06:42:34+02:00"', true],
    ['meta.created lt "2011-01-01T00:00:00Z"', true],
    ['meta.resourceType eq "User"', true],
    ['active eq true', true],
    ['active ne false', true],
    ['active eq false', false],
    ['nickName eq null', false],
    ['nickName ne null', true],
    ['preferredLanguage sw "en"', true],
    ['userName gt "a"', true],
    ['userName lt "BJ"', false],
    ['schemas eq "urn:ietf:params:scim:schemas:core:2.0:User"', true],
    ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', false],
    ['groups.display eq "employees"', true],
    ['groups[display sw "US"]', true],
    ['addresses[type eq "work" and locality eq "HOLLYWOOD"]', true],
    ['addresses.postalCode eq "91608"', true],
    ['x509Certificates.value sw "MIIDQzCC"', true],
    ['x509Certificates.value sw "miidqzcc"', false],
    ['name[givenName eq "barbara"]', true],
    [`${ent}:employeeNumber pr`, false],
    [`${ent}:employeeNumber ne "701984"`, true],
    [`${ent}:employeeNumber eq null`, true],
  ])('%s is %s', (text, expected) => {
    expect(matches('User', text, fullUser)).toBe(expected);
  });
});

describe('evaluateFilter on the RFC 7643 §8.3 enterprise user', () => {
  it.each([
    [`${ent}:employeeNumber eq "701984"`, true],
    [`${ent.toUpperCase()}:EMPLOYEENUMBER eq "701984"`, true],
    [`${ent}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`, true],
    [`${ent}:manager.displayName eq "john smith"`, true],
    [`${ent}:manager[value pr and displayName sw "John"]`, true],
    [`${ent}:department co "tour"`, true],
    [`${ent}:costCenter eq "4131"`, false],
    [`schemas eq "${ent}"`, true],
  ])('%s is %s', (text, expected) => {
    expect(matches('User', text, enterpriseUser)).toBe(expected);
  });
});

describe('evaluateFilter on the RFC 7643 §8.4 group', () => {
  it.each([
    ['displayName eq "tour guides"', true],
    ['displayName eq "Tour"', false],
    ['members.value eq "2819c223-7f76-453a-919d-413861904646"', true],
    ['members[value eq "902c246b-6245-4190-8e05-00816be7344a"]', true],
    ['members[value eq "00000000-0000-0000-0000-000000000000"]', false],
    ['members.display co "Mandy"', true],
    ['members eq "902c246b-6245-4190-8e05-00816be7344a"', true],
    ['members pr', true],
    ['meta.resourceType eq "Group"', true],
    ['externalId pr', false],
  ])('%s is %s', (text, expected) => {
    expect(matches('Group', text, group)).toBe(expected);
  });
});

describe('evaluateFilter on sparse resources', () => {
  it.each([
    ['title pr', { title: '' }, false],
    ['title eq null', { title: '' }, true],
    ['emails pr', { emails: [] }, false],
    ['emails eq null', { emails: [] }, true],
    ['name pr', { name: {} }, false],
    ['name pr', { name: { givenName: null } }, false],
    ['name pr', { name: { givenName: 'A' } }, true],
    ['userName ne "x"', {}, true],
    ['userName eq null', {}, true],
    ['userName eq null', { userName: null }, true],
    ['not (userName eq "x")', {}, true],
    ['userName co ""', {}, false],
    ['emails[type eq "work"]', { emails: [null, 'junk', { type: 'work' }] }, true],
    [
      'meta.lastModified gt "2011-05-13T04:42:34Z"',
      { meta: { lastModified: 'not a date' } },
      false,
    ],
    ['active eq true', { active: 'true' }, false],
    ['userName eq "x"', { username: 'X' }, true],
  ])('%s on %j is %s', (text, resource, expected) => {
    expect(matches('User', text, resource)).toBe(expected);
  });

  it('never mutates the resource', () => {
    const resource = structuredClone(fullUser);
    matches(
      'User',
      'emails[type eq "work"] and name.givenName pr or meta.created lt "2020-01-01T00:00:00Z"',
      resource,
    );
    expect(resource).toEqual(fullUser);
  });
});

describe('matchesValueFilter', () => {
  const emails = registry.resolveAttribute('User', { attribute: 'emails' });
  const members = registry.resolveAttribute('Group', { attribute: 'members' });
  const userName = registry.resolveAttribute('User', { attribute: 'userName' });
  if (!emails || !members || !userName)
    throw new Error('registry lacks emails, members or userName');
  const valueFilter = (text: string): Filter => {
    const filter = parsePatchPath(text).valueFilter;
    if (!filter) throw new Error(`no value filter in ${text}`);
    return filter;
  };

  it.each([
    ['emails[type eq "work"]', { value: 'a@example.com', type: 'work' }, true],
    ['emails[type eq home]', { value: 'a@example.com', type: 'Home' }, true],
    ['emails[type eq "work"]', { value: 'a@example.com', type: 'home' }, false],
    [
      'emails[type eq "work" and value ew "@example.com"]',
      { value: 'A@EXAMPLE.COM', type: 'work' },
      true,
    ],
    ['emails[primary eq true]', { value: 'a@example.com' }, false],
    ['emails[not (primary eq true)]', { value: 'a@example.com' }, true],
    ['emails[type eq "work"]', 'work', false],
  ])('%s against %j is %s', (text, element, expected) => {
    expect(matchesValueFilter(registry, 'User', emails, valueFilter(text), element)).toBe(expected);
  });

  it('selects a group member by value', () => {
    const filter = valueFilter('members[value eq "2819c223-7f76-453a-919d-413861904646"]');
    expect(
      group.members.map((member) => matchesValueFilter(registry, 'Group', members, filter, member)),
    ).toEqual([true, false]);
  });

  it('returns 400 invalidFilter when the value filter names no sub-attribute of the attribute', () => {
    expect(
      catchScimError(() =>
        matchesValueFilter(registry, 'User', emails, valueFilter('emails[kind eq "x"]'), {}),
      ),
    ).toEqual({
      status: 400,
      scimType: 'invalidFilter',
      detail: 'at 7: unknown sub-attribute "kind" of "emails"',
    });
  });

  it('returns 400 invalidFilter when the attribute is not complex', () => {
    expect(
      catchScimError(() =>
        matchesValueFilter(registry, 'User', userName, valueFilter('x[value pr]'), 'a'),
      ),
    ).toMatchObject({
      scimType: 'invalidFilter',
      detail: '"userName" is not a complex attribute, so it takes no value filter "[...]"',
    });
  });
});

describe('evaluateFilter on generated filters and resources', () => {
  const paths = [
    'userName',
    'emails',
    'emails.value',
    'emails.type',
    'emails.primary',
    'name.givenName',
    'name',
    'meta.lastModified',
    'active',
    'x509Certificates.value',
    'groups.display',
    `${ent}:manager.value`,
    'schemas',
  ];
  const values = [
    '"a"',
    '"A@example.com"',
    '"2011-05-13T04:42:34Z"',
    'true',
    'false',
    'null',
    '1',
    '1.5',
    'home',
  ];
  const operators = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];
  const term = fc.oneof(
    fc
      .tuple(fc.constantFrom(...paths), fc.constantFrom(...operators), fc.constantFrom(...values))
      .map((t) => t.join(' ')),
    fc.constantFrom(...paths).map((path) => `${path} pr`),
    fc
      .tuple(fc.constantFrom('type', 'value', 'primary', 'display'), fc.constantFrom(...values))
      .map(([sub, value]) => `emails[${sub} eq ${value}]`),
  );
  const filterText = fc
    .tuple(
      term,
      fc.array(fc.tuple(fc.constantFrom(' and ', ' or ', ' and not (', ' or ('), term), {
        maxLength: 3,
      }),
    )
    .map(([first, rest]) =>
      rest.reduce(
        (text, [glue, next]) => `${text}${glue}${next}${glue.endsWith('(') ? ')' : ''}`,
        first,
      ),
    );
  const resource = fc.dictionary(
    fc.constantFrom(
      'userName',
      'emails',
      'name',
      'meta',
      'active',
      'x509Certificates',
      'groups',
      'schemas',
      ent,
    ),
    fc.jsonValue({ maxDepth: 3 }),
  );

  it('throws only ScimErrors, and only from resolution, whatever shape the resource has', () => {
    fc.assert(
      fc.property(filterText, resource, (text, generated) => {
        const filter = parseFilter(text);
        let resolved = true;
        try {
          resolveFilter(registry, 'User', filter);
        } catch (error) {
          expect(isScimError(error)).toBe(true);
          resolved = false;
        }
        if (resolved) {
          const result = evaluateFilter(registry, 'User', filter, generated);
          expect(evaluateFilter(registry, 'User', parseFilter(`not (${text})`), generated)).toBe(
            !result,
          );
        }
      }),
      { numRuns: 1000 },
    );
  });
});
