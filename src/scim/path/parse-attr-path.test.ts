import { describe, expect, it } from 'vitest';
import { catchScimError } from './testing.js';
import { parseAttrPath } from './parse-attr-path.js';

describe('parseAttrPath', () => {
  it.each([
    ['userName', undefined, 'userName', undefined],
    ['name.familyName', undefined, 'name', 'familyName'],
    ['members.$ref', undefined, 'members', '$ref'],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName',
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'userName',
      undefined,
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'manager',
      'value',
    ],
    ['  x-Custom_1 ', undefined, 'x-Custom_1', undefined],
  ])(
    'reads %j as schema %j, attribute %j, sub-attribute %j',
    (text, schema, attribute, subAttribute) => {
      const path = parseAttrPath(text);
      expect(path).toMatchObject({ kind: 'attrPath', schema, attribute, subAttribute });
      expect(text.slice(path.span.start, path.span.end)).toBe(text.trim());
    },
  );

  it.each([
    ['', 'at 0: expected an attribute path, found nothing'],
    ['1abc', 'at 0: expected an attribute name, found "1abc"'],
    ['name.', 'at 5: expected a sub-attribute name after "name.", found ""'],
    ['a.b.c', 'at 3: "a.b.c" names a sub-attribute of a sub-attribute, which SCIM does not have'],
    ['foo:bar', 'at 0: expected an attribute name or a schema URN, found "foo:bar"'],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:',
      'at 43: expected an attribute name after the schema URN "urn:ietf:params:scim:schemas:core:2.0:User", found ""',
    ],
    ['userName extra', 'at 9: expected the end of the attribute path, found "extra"'],
    ['emails[type eq "work"]', 'at 6: expected the end of the attribute path, found "["'],
  ])('returns 400 invalidPath for %j', (text, detail) => {
    expect(catchScimError(() => parseAttrPath(text))).toMatchObject({
      status: 400,
      scimType: 'invalidPath',
      detail,
    });
  });
});
