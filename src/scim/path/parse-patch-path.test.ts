import { describe, expect, it } from 'vitest';
import { catchScimError } from './testing.js';
import { parsePatchPath } from './parse-patch-path.js';

const enterprise = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('parsePatchPath', () => {
  it('reads a plain attribute path with no value filter', () => {
    expect(parsePatchPath('displayName')).toMatchObject({
      kind: 'patchPath',
      path: { attribute: 'displayName', subAttribute: undefined, schema: undefined },
      valueFilter: undefined,
      subAttribute: undefined,
      span: { start: 0, end: 11 },
    });
  });

  it('reads a URN-qualified sub-attribute path', () => {
    expect(parsePatchPath(`${enterprise}:manager.value`)).toMatchObject({
      path: { schema: enterprise, attribute: 'manager', subAttribute: 'value' },
      valueFilter: undefined,
    });
  });

  it('reads a value path selecting group members', () => {
    const path = parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]');
    expect(path.path.attribute).toBe('members');
    expect(path.valueFilter).toMatchObject({
      kind: 'compare',
      path: { attribute: 'value' },
      operator: 'eq',
      value: '2819c223-7f76-453a-919d-413861904646',
    });
    expect(path.subAttribute).toBeUndefined();
  });

  it('reads a value path followed by a sub-attribute', () => {
    const text = 'emails[type eq "work"].value';
    const path = parsePatchPath(text);
    expect(path).toMatchObject({
      path: { attribute: 'emails' },
      valueFilter: { kind: 'compare', operator: 'eq', value: 'work' },
      subAttribute: 'value',
      span: { start: 0, end: text.length },
    });
  });

  it('reads an unquoted value in a value filter as a string, as the WSO2 bulk examples send it', () => {
    expect(parsePatchPath('emails[type eq home]').valueFilter).toMatchObject({ value: 'home' });
  });

  it('reads logical value filters', () => {
    expect(
      parsePatchPath('addresses[type eq "work" or not (primary eq true)].locality').valueFilter,
    ).toMatchObject({
      kind: 'or',
      right: { kind: 'not', filter: { kind: 'compare', value: true } },
    });
  });

  it.each([
    ['', 'at 0: expected an attribute path, found the end'],
    [
      'emails[type eq "work"',
      'at 21: expected "and", "or" or "]" to close "[" at 6, found the end',
    ],
    ['emails[type eq "work"].', 'at 23: expected a sub-attribute name after "].", found ""'],
    ['emails[type eq "work"] .value', 'at 23: expected the end of the PATCH path, found ".value"'],
    [
      'emails[type eq "work"].value.x',
      'at 23: expected a sub-attribute name after "].", found "value.x"',
    ],
    [
      'emails.value[type eq "work"]',
      'at 12: a value filter applies to a multi-valued attribute, not to the sub-attribute "emails.value"',
    ],
    [
      'emails[type]',
      'at 11: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "type"',
    ],
    ['emails[x[y pr]]', 'at 8: value filters cannot be nested inside a value filter'],
    ['members value', 'at 8: expected the end of the PATCH path, found "value"'],
  ])('returns 400 invalidPath for %j', (text, detail) => {
    expect(catchScimError(() => parsePatchPath(text))).toMatchObject({
      status: 400,
      scimType: 'invalidPath',
      detail,
    });
  });
});
